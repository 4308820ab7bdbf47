/*
 * input.c - the rules for inputs that could not be read or parsed.
 *
 * They are rows like any other so that every report, the catalogue and the
 * SARIF rule list describe them, but the engine emits them itself (they have
 * no check function), they carry no weight in the score, and any of them
 * makes the run exit 3.
 */
#include "registry.h"

static const cs_rule rows[] = {
	{
		.id = "INPUT-LIMIT",
		.title = "Input exceeds a documented limit",
		.severity = CS_SEV_HIGH,
		.targets = CS_TARGET_INPUT,
		.scope = CS_SCOPE_FILE,
		.rationale =
			"Every reader has limits (file size, line length, "
			"number of instructions, nesting) so that a hostile "
			"file cannot exhaust memory or time.  A file over a "
			"limit is not scanned, or only in part, and the run "
			"exits 3 so that the gap is never silent.",
		.remediation =
			"Split the file, or check that it is the file you "
			"meant to scan.  The limits are listed in "
			"docs/limits.md.",
		.example = "",
		.cis = "", .nist = "", .owasp = "",
		.hadolint = "", .trivy = "", .checkov = "", .kics = "",
	},
	{
		.id = "INPUT-PARSE",
		.title = "Input could not be parsed",
		.severity = CS_SEV_HIGH,
		.targets = CS_TARGET_INPUT,
		.scope = CS_SCOPE_FILE,
		.rationale =
			"A syntax error means the build would fail or do "
			"something other than it reads: an unknown "
			"instruction, an unterminated heredoc or exec-form "
			"array, a binary file, invalid UTF-8, or a "
			"suppression naming no rule.  The rest of the file "
			"is still checked, and the run exits 3.",
		.remediation =
			"Fix the syntax at the reported line and column.",
		.example = "CMD [\"nginx\", \"-g\", \"daemon off;\"]",
		.cis = "", .nist = "", .owasp = "",
		.hadolint = "DL1000", .trivy = "", .checkov = "", .kics = "",
	},
	{
		.id = "INPUT-READ",
		.title = "Input could not be read",
		.severity = CS_SEV_HIGH,
		.targets = CS_TARGET_INPUT,
		.scope = CS_SCOPE_FILE,
		.rationale =
			"A file that was asked for but could not be read "
			"(permissions, not a regular file, vanished during "
			"the scan) is reported, never skipped, and the run "
			"exits 3.",
		.remediation =
			"Check that the path exists and is readable by the "
			"user running customs.",
		.example = "",
		.cis = "", .nist = "", .owasp = "",
		.hadolint = "", .trivy = "", .checkov = "", .kics = "",
	},
};

const cs_rule_family cs_family_input = { "input", rows, CS_COUNT(rows) };

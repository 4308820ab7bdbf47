/*
 * cmd-rules.c - `customs rules`: the catalogue, from the rule table.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "report/report.h"
#include "rules/rule.h"

static const command_help help = {
	"rules",
	"customs rules [--format text|json|markdown] [show ID]",
	"List every rule: id, severity, where it looks and what it checks.\n"
	"'customs rules show ID' explains one rule: why it matters, how to\n"
	"fix it, and the equivalent hadolint, Trivy, Checkov and KICS ids.",
};

int cmd_rules(int argc, char **argv)
{
	const char *format = "text";
	const option opts[] = {
		OPT_STRING_('f', "format", &format, "FORMAT",
			    "text (default), json or markdown"),
		OPT_END_(),
	};
	char **args;
	size_t nargs;
	int rc = parse_options(argc, argv, opts, &help, &args, &nargs);
	if (rc)
		return rc == 1 ? EXIT_PASS : EXIT_USAGE;
	bool md = strcmp(format, "markdown") == 0;
	if (!md && strcmp(format, "text") && strcmp(format, "json")) {
		free(args);
		return usage_error(&help,
				   "unknown format '%s' (text, json, markdown)",
				   format);
	}
	cs_buf out;
	cs_buf_init(&out, 0);
	bool ok;
	if (nargs == 0) {
		ok = md ? cs_rules_write_markdown(&out)
		     : strcmp(format, "json") == 0 ? cs_rules_write_json(&out)
						   : cs_rules_write_text(&out);
	} else if (nargs == 2 && strcmp(args[0], "show") == 0) {
		const cs_rule *r = cs_rule_find(args[1]);
		if (!r) {
			fprintf(stderr,
				"customs rules: no rule '%s'; 'customs rules' "
				"lists them\n",
				args[1]);
			free(args);
			cs_buf_free(&out);
			return EXIT_USAGE;
		}
		ok = cs_rule_write_doc(&out, r, md);
	} else {
		free(args);
		cs_buf_free(&out);
		return usage_error(&help, "expected no argument or 'show ID'");
	}
	free(args);
	rc = ok && !out.failed
		     ? write_output("rules", NULL, out.data ? out.data : "",
				    out.len)
		     : EXIT_INTERNAL;
	cs_buf_free(&out);
	return rc;
}

/*
 * commands.h - the subcommands, one cmd-*.c file each.
 */
#ifndef CS_COMMANDS_H
#define CS_COMMANDS_H

#include <stdint.h>

#include "options.h"

/* Each returns the process exit code (see EXIT CODES in customs(1)). */
int cmd_scan(int argc, char **argv);
int cmd_rules(int argc, char **argv);
int cmd_image(int argc, char **argv);
int cmd_sbom(int argc, char **argv);
int cmd_attest(int argc, char **argv);
int cmd_verify_attestation(int argc, char **argv);
int cmd_provenance(int argc, char **argv);
int cmd_key(int argc, char **argv);
int cmd_sign_blob(int argc, char **argv);
int cmd_verify_blob(int argc, char **argv);
int cmd_sign(int argc, char **argv);
int cmd_verify(int argc, char **argv);

/* Exit codes (DESIGN.md "Outputs and exit codes"). */
enum {
	EXIT_PASS = 0,
	EXIT_GATE = 1,
	EXIT_USAGE = 2,
	EXIT_INPUT = 3,
	EXIT_INTERNAL = 4,
};

/* The time to stamp output with: SOURCE_DATE_EPOCH (decimal seconds,
 * nothing else: reproducible-builds.org asks tools to refuse a malformed
 * value rather than guess) when set, else the clock.  0, or a usage
 * error printed for `help` and EXIT_USAGE. */
int source_date_epoch(const command_help *help, int64_t *out);

/* Write bytes to FILE (or stdout when NULL); 0 or an error message printed
 * and EXIT_INTERNAL/EXIT_USAGE. */
int write_output(const char *cmd, const char *path, const char *data,
		 size_t len);

#endif

/*
 * commands.h - the subcommands, one cmd-*.c file each.
 */
#ifndef CS_COMMANDS_H
#define CS_COMMANDS_H

#include "options.h"

/* Each returns the process exit code (see EXIT CODES in customs(1)). */
int cmd_scan(int argc, char **argv);
int cmd_rules(int argc, char **argv);
int cmd_image(int argc, char **argv);
int cmd_sbom(int argc, char **argv);

/* Exit codes (DESIGN.md "Outputs and exit codes"). */
enum {
	EXIT_PASS = 0,
	EXIT_GATE = 1,
	EXIT_USAGE = 2,
	EXIT_INPUT = 3,
	EXIT_INTERNAL = 4,
};

/* Write bytes to FILE (or stdout when NULL); 0 or an error message printed
 * and EXIT_INTERNAL/EXIT_USAGE. */
int write_output(const char *cmd, const char *path, const char *data,
		 size_t len);

#endif

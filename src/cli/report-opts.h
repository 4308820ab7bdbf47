/*
 * report-opts.h - the options every command that reports findings shares.
 *
 * `customs scan` and `customs image audit` both end the same way: a report
 * in one of four formats to stdout or a file, a CI gate from the command
 * line or .customs.yaml, and the exit code that follows.  Their options,
 * their checks and that ending live here once, so the commands cannot
 * drift apart.
 */
#ifndef CS_REPORT_OPTS_H
#define CS_REPORT_OPTS_H

#include <stdbool.h>

#include "config.h"
#include "options.h"
#include "report/report.h"
#include "run.h"
#include "util/arena.h"

typedef struct report_args {
	const char *format, *output, *color;
	const char *min_score, *fail_on, *config_path;
	bool quiet, ci, no_config;
	/* filled by report_args_check / report_args_config */
	cs_format fmt;
	cs_gate gate;
	cs_config config;
	const cs_config *cfg;      /* &config when one was read, else NULL */
	cs_arena carena;           /* the config's strings */
	char today[16];            /* YYYY-MM-DD, for waiver expiry */
} report_args;

#define REPORT_ARGS_INIT {.format = "text", .color = "auto"}

/* The option table entries, to splice into a command's table. */
#define REPORT_OPTIONS(ra)                                                     \
	OPT_STRING_('f', "format", &(ra)->format, "FORMAT",                    \
		    "text (default), json, sarif or junit"),                   \
	OPT_STRING_('o', "output", &(ra)->output, "FILE",                      \
		    "write the report to FILE"),                               \
	OPT_FLAG_('q', "quiet", &(ra)->quiet,                                  \
		  "text: only files with findings, no suppressed ones"),       \
	OPT_STRING_(0, "color", &(ra)->color, "WHEN",                          \
		    "auto (default; NO_COLOR honoured), always, never"),       \
	OPT_STRING_(0, "min-score", &(ra)->min_score, "N",                     \
		    "fail (exit 1) when the total score is under N"),          \
	OPT_STRING_(0, "fail-on", &(ra)->fail_on, "SEVERITY",                  \
		    "fail on a finding at or above SEVERITY"),                 \
	OPT_FLAG_(0, "ci", &(ra)->ci, "gate for CI: --min-score 70 unless set"), \
	OPT_STRING_('c', "config", &(ra)->config_path, "FILE",                 \
		    "read FILE instead of .customs.yaml"),                     \
	OPT_FLAG_(0, "no-config", &(ra)->no_config,                            \
		  "do not read .customs.yaml")

/* A number in [lo, hi] (NaN is not). */
bool parse_number(const char *s, double lo, double hi, double *out);

/* A file of at most CS_CONFIG_MAX_BYTES (+1, so that a longer one is
 * seen), NUL-terminated, malloc'd; NULL with errno set on failure. */
char *read_small_file(const char *path, size_t *len);

/* Check the values given; a usage error is printed and EXIT_USAGE
 * returned, else 0. */
int report_args_check(report_args *ra, const command_help *help);

/* Read the configuration (--config FILE, else ROOT/.customs.yaml when
 * present, unless --no-config) and settle the gate: command line over the
 * file, --ci as --min-score 70 when nothing else set one.  0, or an exit
 * code after printing why. */
int report_args_config(report_args *ra, const char *cmd, const char *root);

/* Apply the gate to the run, write the report (colours on a TTY unless
 * NO_COLOR), and return the exit code: 3 over 1 over 0, 4 on a write
 * error. */
int report_args_finish(report_args *ra, const char *cmd, cs_run *run);

void report_args_free(report_args *ra);

#endif

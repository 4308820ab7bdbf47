/*
 * options.h - table-driven option parsing for the subcommands.
 *
 * Like git's parse-options: each command declares its options in a static
 * table, and the same table parses argv and prints `-h`, so help can never
 * drift from what is accepted.  Accepted spellings: `--name value`,
 * `--name=value`, `-x value`, `-xvalue`, `--` ends options, and `-` alone is
 * an argument (standard input).
 */
#ifndef CS_OPTIONS_H
#define CS_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

typedef enum opt_type {
	OPT_FLAG,      /* bool *                        */
	OPT_STRING,    /* const char **                 */
	OPT_LIST,      /* struct opt_list *: repeatable */
	OPT_END,
} opt_type;

typedef struct opt_list {
	const char **v;
	size_t n, cap;
} opt_list;

typedef struct option {
	opt_type type;
	char short_name;       /* 0: none */
	const char *long_name;
	void *value;
	const char *argh;      /* "FILE" for options taking a value */
	const char *help;
} option;

#define OPT_FLAG_(s, l, v, h)        {OPT_FLAG, (s), (l), (v), NULL, (h)}
#define OPT_STRING_(s, l, v, a, h)   {OPT_STRING, (s), (l), (v), (a), (h)}
#define OPT_LIST_(s, l, v, a, h)     {OPT_LIST, (s), (l), (v), (a), (h)}
#define OPT_END_()                   {OPT_END, 0, NULL, NULL, NULL, NULL}

typedef struct command_help {
	const char *name;      /* "scan" */
	const char *usage;     /* "customs scan [options] [PATH...]" */
	const char *summary;   /* one paragraph */
} command_help;

/*
 * Parse argv[1..argc) (argv[0] is the command name).  Positional arguments
 * are collected into *args (a malloc'd array, *nargs entries).  Returns 0 on
 * success, 1 when -h/--help was given (help printed to stdout), and 2 on a
 * usage error (message and usage printed to stderr).
 */
int parse_options(int argc, char **argv, const option *opts,
		  const command_help *help, char ***args, size_t *nargs);

void print_usage(FILE *out, const option *opts, const command_help *help);

/* Print "customs <cmd>: <message>" and a hint to stderr; returns 2. */
int usage_error(const command_help *help, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif

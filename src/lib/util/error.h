/*
 * error.h - errors as values.
 *
 * Library code never prints or exits.  A failing function fills a cs_error
 * (what went wrong, where in the input, and while doing what, as libyaml
 * reports) and returns a failure value; only src/cli formats it.
 */
#ifndef CS_ERROR_H
#define CS_ERROR_H

#include <stdint.h>

typedef enum cs_errcode {
	CS_OK = 0,
	CS_ERR_IO,      /* a file could not be read */
	CS_ERR_PARSE,   /* input is malformed */
	CS_ERR_LIMIT,   /* input exceeds a documented limit */
	CS_ERR_USAGE,   /* bad option or argument */
	CS_ERR_NOMEM,   /* out of memory (or arena cap) */
	CS_ERR_INTERNAL,
} cs_errcode;

/* A position in an input: 1-based line and column (column counts bytes). */
typedef struct cs_mark {
	uint32_t line;
	uint32_t col;
} cs_mark;

typedef struct cs_error {
	cs_errcode code;
	cs_mark mark;        /* 0:0 when the error has no position */
	char message[256];
	char context[128];   /* "while parsing a heredoc", or "" */
} cs_error;

void cs_error_set(cs_error *e, cs_errcode code, cs_mark mark,
		  const char *context, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

#endif

/*
 * jsonw.h - a streaming JSON writer.
 *
 * Reports write a document token by token into a cs_buf instead of
 * building a tree and dumping it, so the cost is the bytes themselves: no
 * node allocation, no key hashing, and a buffer the caller can flush and
 * reuse between any two tokens.
 *
 * The bytes are exactly what jansson 2.14 dumps for the same tree with
 * JSON_INDENT(2) | JSON_REAL_PRECISION(15): one member per line, two
 * spaces per level, `"key": value`, `,` at the end of all but the last
 * member, the closing bracket on its own line at the parent's indent, and
 * `{}` / `[]` for empty containers.  Strings are escaped as jansson does
 * without JSON_ENSURE_ASCII (`\"` `\\` `\b` `\f` `\n` `\r` `\t`, other
 * bytes below 0x20 as `\u00XX` in upper-case hex; '/', DEL and non-ASCII
 * pass through).  Hostile text cannot make the document invalid: each
 * byte that does not start a valid UTF-8 sequence (overlong, surrogate,
 * above U+10FFFF, truncated) becomes U+FFFD.
 *
 * Open containers are tracked on a fixed stack of CS_JW_MAX_DEPTH levels.
 * Misuse is a bug in the caller and fails the document instead of writing
 * something invalid: nesting deeper than the stack, a key missing in an
 * object or given in an array or at the top, closing with nothing open, a
 * number that is not finite.  Failure is sticky: it sets `failed` and
 * marks the buffer failed (so whoever flushes it sees the error), and the
 * writer ignores every later call.  Running out of memory in the buffer
 * fails the writer the same way.
 */
#ifndef CS_JSONW_H
#define CS_JSONW_H

#include <stdbool.h>

#include "buf.h"

#define CS_JW_MAX_DEPTH 64

typedef struct cs_jw {
	cs_buf *out;
	unsigned depth;                  /* containers open */
	bool failed;                     /* sticky */
	char close[CS_JW_MAX_DEPTH];     /* '}' or ']' for each open level */
	bool any[CS_JW_MAX_DEPTH];       /* the level has a member already */
} cs_jw;

void cs_jw_init(cs_jw *w, cs_buf *out);

/*
 * Every value takes the member's key: non-NULL inside an object, NULL
 * inside an array and for the one top-level value.
 */
void cs_jw_object(cs_jw *w, const char *key);   /* opens '{' */
void cs_jw_array(cs_jw *w, const char *key);    /* opens '[' */
void cs_jw_end(cs_jw *w);                       /* closes the innermost */

void cs_jw_str(cs_jw *w, const char *key, const char *s);  /* NULL: null */
void cs_jw_strf(cs_jw *w, const char *key, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void cs_jw_int(cs_jw *w, const char *key, long long v);
void cs_jw_real(cs_jw *w, const char *key, double v);   /* always a real */
void cs_jw_bool(cs_jw *w, const char *key, bool v);
void cs_jw_null(cs_jw *w, const char *key);
/* A value already encoded (by cs_jw_encode), json[0..len) written as it
 * is: a string written many times is then escaped once. */
void cs_jw_raw(cs_jw *w, const char *key, const char *json, size_t len);
/* Append s as a JSON string literal, quotes included, the way cs_jw_str
 * writes it; false when the buffer failed. */
bool cs_jw_encode(cs_buf *out, const char *s);

/* No misuse and no out of memory so far. */
bool cs_jw_ok(const cs_jw *w);

#endif

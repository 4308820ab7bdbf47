/*
 * buf.h - a growable byte buffer with a maximum size.
 *
 * Invariants (as git's strbuf): data is always NUL-terminated when non-NULL,
 * len < alloc, and len never exceeds max.  An append that would pass max (or
 * fail to allocate) sets the sticky `failed` flag and changes nothing, so a
 * caller can append freely and check once at the end.
 */
#ifndef CS_BUF_H
#define CS_BUF_H

#include <stdbool.h>
#include <stddef.h>

typedef struct cs_buf {
	char *data;
	size_t len;
	size_t alloc;
	size_t max;   /* 0: no maximum */
	bool failed;
} cs_buf;

void cs_buf_init(cs_buf *b, size_t max);
void cs_buf_free(cs_buf *b);
void cs_buf_reset(cs_buf *b);
bool cs_buf_add(cs_buf *b, const void *p, size_t n);
bool cs_buf_addc(cs_buf *b, char c);
bool cs_buf_adds(cs_buf *b, const char *s);
bool cs_buf_printf(cs_buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Hand the data to the caller (malloc'd, NUL-terminated); b is reset. */
char *cs_buf_detach(cs_buf *b, size_t *len);

#endif

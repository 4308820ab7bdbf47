/* buf.c - bounded growable buffer; see buf.h for the invariants. */
#include "buf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void cs_buf_init(cs_buf *b, size_t max)
{
	memset(b, 0, sizeof(*b));
	b->max = max;
}

void cs_buf_free(cs_buf *b)
{
	free(b->data);
	size_t max = b->max;
	cs_buf_init(b, max);
}

void cs_buf_reset(cs_buf *b)
{
	b->len = 0;
	b->failed = false;
	if (b->data)
		b->data[0] = '\0';
}

static bool reserve(cs_buf *b, size_t extra)
{
	if (b->failed)
		return false;
	if (extra > (size_t)-1 / 2 - b->len || (b->max && b->len + extra > b->max)) {
		b->failed = true;
		return false;
	}
	size_t need = b->len + extra + 1;
	if (need <= b->alloc)
		return true;
	size_t n = b->alloc ? b->alloc : 64;
	while (n < need)
		n *= 2;
	char *p = realloc(b->data, n);
	if (!p) {
		b->failed = true;
		return false;
	}
	b->data = p;
	b->alloc = n;
	return true;
}

bool cs_buf_add(cs_buf *b, const void *p, size_t n)
{
	if (!reserve(b, n))
		return false;
	if (n)
		memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
	return true;
}

bool cs_buf_addc(cs_buf *b, char c)
{
	return cs_buf_add(b, &c, 1);
}

bool cs_buf_adds(cs_buf *b, const char *s)
{
	return cs_buf_add(b, s, strlen(s));
}

/* Formatted once into the free space when it fits, else again after
 * growing: most output is short. */
bool cs_buf_printf(cs_buf *b, const char *fmt, ...)
{
	if (b->failed)
		return false;
	size_t room = b->data ? b->alloc - b->len : 0;
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(b->data ? b->data + b->len : NULL, room, fmt, ap);
	va_end(ap);
	if (n < 0) {
		b->failed = true;
		if (b->data)
			b->data[b->len] = '\0';
		return false;
	}
	if ((size_t)n < room &&
	    (!b->max || b->len + (size_t)n <= b->max)) {
		b->len += (size_t)n;
		return true;
	}
	if (b->data)
		b->data[b->len] = '\0';
	if (!reserve(b, (size_t)n)) {
		b->failed = true;
		return false;
	}
	va_start(ap, fmt);
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
	return true;
}

char *cs_buf_detach(cs_buf *b, size_t *len)
{
	if (!b->data && !reserve(b, 0))
		return NULL;
	char *p = b->data;
	if (len)
		*len = b->len;
	size_t max = b->max;
	cs_buf_init(b, max);
	return p;
}

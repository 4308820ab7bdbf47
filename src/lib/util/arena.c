/*
 * arena.c - region allocator; see arena.h.
 *
 * Blocks are malloc'd on demand, at least 64 KiB each, and chained.  There is
 * no per-object free: a file's arena dies with the file's scan.
 */
#include "arena.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct cs_arena_block {
	cs_arena_block *next;
	size_t size;
	size_t off;
	_Alignas(16) unsigned char data[];
};

enum { BLOCK_MIN = 64 * 1024 };

void cs_arena_init(cs_arena *a, size_t cap)
{
	a->head = NULL;
	a->spare = NULL;
	a->used = 0;
	a->cap = cap;
	a->block = BLOCK_MIN;
}

void cs_arena_set_block(cs_arena *a, size_t block)
{
	a->block = block ? block : BLOCK_MIN;
}

static void free_list(cs_arena_block *b)
{
	while (b) {
		cs_arena_block *next = b->next;
		free(b);
		b = next;
	}
}

void cs_arena_free(cs_arena *a)
{
	free_list(a->head);
	free_list(a->spare);
	a->head = NULL;
	a->spare = NULL;
	a->used = 0;
}

void cs_arena_reset(cs_arena *a, size_t keep)
{
	cs_arena_block *b = a->head, *kept = a->spare;
	size_t total = 0;
	for (cs_arena_block *s = kept; s; s = s->next)
		total += s->size;
	while (b) {
		cs_arena_block *next = b->next;
		if (total + b->size <= keep) {
			b->off = 0;
			b->next = kept;
			kept = b;
			total += b->size;
		} else {
			free(b);
		}
		b = next;
	}
	a->head = NULL;
	a->spare = kept;
	a->used = 0;
}

/*
 * Uninitialised memory: strings, printf output and grown arrays are written
 * in full by the caller, and zeroing them first was a measurable share of a
 * scan.  Only cs_arena_alloc promises zeroes.
 */
void *cs_arena_alloc_raw(cs_arena *a, size_t n)
{
	if (n == 0)
		n = 1;
	if (n > SIZE_MAX / 2)
		return NULL;
	n = (n + 15) & ~(size_t)15;
	if (a->cap && (n > a->cap || a->used > a->cap - n))
		return NULL;
	cs_arena_block *b = a->head;
	if (!b || b->size - b->off < n) {
		/* a spare block that fits, else a new one */
		cs_arena_block **pp = &a->spare;
		while (*pp && (*pp)->size < n)
			pp = &(*pp)->next;
		if (*pp) {
			b = *pp;
			*pp = b->next;
		} else {
			size_t size = n > a->block ? n : a->block;
			b = malloc(sizeof(*b) + size);
			if (!b)
				return NULL;
			b->size = size;
		}
		b->off = 0;
		b->next = a->head;
		a->head = b;
	}
	void *p = b->data + b->off;
	b->off += n;
	a->used += n;
	return p;
}

void *cs_arena_alloc(cs_arena *a, size_t n)
{
	void *p = cs_arena_alloc_raw(a, n);
	if (p)
		memset(p, 0, n ? n : 1);
	return p;
}

char *cs_arena_strndup(cs_arena *a, const char *s, size_t n)
{
	if (n == SIZE_MAX)
		return NULL;
	char *p = cs_arena_alloc_raw(a, n + 1);
	if (!p)
		return NULL;
	if (n)
		memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *cs_arena_strdup(cs_arena *a, const char *s)
{
	return cs_arena_strndup(a, s, strlen(s));
}

/*
 * Format straight into the free tail of the current block; only output that
 * does not fit is formatted a second time, into a fresh allocation.  The
 * tail is claimed afterwards, so the cap is checked as for any allocation.
 */
char *cs_arena_vprintf(cs_arena *a, const char *fmt, va_list ap)
{
	va_list copy;
	va_copy(copy, ap);
	cs_arena_block *b = a->head;
	size_t room = b ? b->size - b->off : 0;
	char *dst = b ? (char *)b->data + b->off : NULL;
	int n = vsnprintf(dst, room, fmt, copy);
	va_end(copy);
	if (n < 0)
		return NULL;
	if ((size_t)n < room) {
		char *p = cs_arena_alloc_raw(a, (size_t)n + 1);
		if (p == dst)
			return p;
		/* the cap refused it, or (never) another block was used */
		if (!p)
			return NULL;
		memcpy(p, dst, (size_t)n + 1);
		return p;
	}
	char *p = cs_arena_alloc_raw(a, (size_t)n + 1);
	if (p)
		vsnprintf(p, (size_t)n + 1, fmt, ap);
	return p;
}

char *cs_arena_printf(cs_arena *a, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *p = cs_arena_vprintf(a, fmt, ap);
	va_end(ap);
	return p;
}

void *cs_arena_grow(cs_arena *a, void *old, size_t old_n, size_t new_n,
		    size_t elem)
{
	if (elem && new_n > SIZE_MAX / elem)
		return NULL;
	void *p = cs_arena_alloc_raw(a, new_n * elem);
	if (!p)
		return NULL;
	size_t keep = old && old_n ? (old_n < new_n ? old_n : new_n) : 0;
	if (keep)
		memcpy(p, old, keep * elem);
	/* the new tail is zeroed as cs_arena_alloc would have done */
	memset((char *)p + keep * elem, 0, (new_n - keep) * elem);
	return p;
}

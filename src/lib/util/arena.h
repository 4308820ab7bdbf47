/*
 * arena.h - a region allocator with a size cap.
 *
 * Everything one scanned file produces (tokens, AST, findings text) is
 * allocated from one arena and freed at once.  The cap bounds the memory a
 * hostile input can make us use: once it is reached, allocation returns NULL
 * and the caller reports a limit error instead of growing without bound.
 */
#ifndef CS_ARENA_H
#define CS_ARENA_H

#include <stdarg.h>
#include <stddef.h>

typedef struct cs_arena_block cs_arena_block;

typedef struct cs_arena {
	cs_arena_block *head;
	cs_arena_block *spare; /* blocks kept by cs_arena_reset for reuse */
	size_t used;  /* bytes handed out, summed over blocks */
	size_t cap;   /* 0 means no cap */
	size_t block; /* minimum block size (default 64 KiB) */
} cs_arena;

void cs_arena_init(cs_arena *a, size_t cap);
void cs_arena_free(cs_arena *a);
/* Forget every allocation but keep up to `keep` bytes of blocks for the
 * next use: a worker scanning file after file then stops asking malloc (and
 * the kernel) for fresh pages each time. */
void cs_arena_reset(cs_arena *a, size_t keep);
/* Smaller blocks for arenas that hold little and live long. */
void cs_arena_set_block(cs_arena *a, size_t block);

/* Zeroed, 16-byte aligned memory, or NULL when the cap would be exceeded. */
void *cs_arena_alloc(cs_arena *a, size_t n);
/* The same, not zeroed: for memory the caller writes in full at once. */
void *cs_arena_alloc_raw(cs_arena *a, size_t n);
/* A NUL-terminated copy of s[0..n), or NULL. */
char *cs_arena_strndup(cs_arena *a, const char *s, size_t n);
char *cs_arena_strdup(cs_arena *a, const char *s);
/* printf into the arena; NULL on failure. */
char *cs_arena_printf(cs_arena *a, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
char *cs_arena_vprintf(cs_arena *a, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));
/* Grow an array allocated from this arena (old contents copied). */
void *cs_arena_grow(cs_arena *a, void *old, size_t old_n, size_t new_n,
		    size_t elem);

#endif

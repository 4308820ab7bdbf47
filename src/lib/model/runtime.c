/*
 * runtime.c - the small helpers of the container runtime model (runtime.h).
 *
 * YAML paths are chains of links so that normalizing a file costs one small
 * allocation per field set and only a reported finding renders the string.
 */
#include "runtime.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "../util/buf.h"

const cs_ypath *cs_ypath_key(cs_arena *a, const cs_ypath *up, const char *key)
{
	cs_ypath *p = cs_arena_alloc(a, sizeof(*p));
	if (!p)
		return NULL;
	p->up = up;
	p->key = key;
	p->index = -1;
	return p;
}

const cs_ypath *cs_ypath_idx(cs_arena *a, const cs_ypath *up, int32_t index)
{
	cs_ypath *p = cs_arena_alloc(a, sizeof(*p));
	if (!p)
		return NULL;
	p->up = up;
	p->key = NULL;
	p->index = index;
	return p;
}

/* A key that would be ambiguous in a dotted path is written ["a.b"]. */
static bool plain_key(const char *k)
{
	if (!*k)
		return false;
	for (const char *p = k; *p; p++)
		if (*p == '.' || *p == '[' || *p == ']' || *p == '"' ||
		    isspace((unsigned char)*p))
			return false;
	return true;
}

const char *cs_ypath_str(const cs_ypath *p, cs_arena *a)
{
	if (!p)
		return "";
	/* Links are walked leaf to root; collect them (bounded by the YAML
	 * depth limit, with a cap for safety) and render root first. */
	const cs_ypath *chain[512];
	size_t n = 0;
	for (const cs_ypath *q = p; q && n < 512; q = q->up)
		chain[n++] = q;
	cs_buf b;
	cs_buf_init(&b, 1u << 20);
	for (size_t i = n; i-- > 0;) {
		const cs_ypath *q = chain[i];
		if (!q->key) {
			cs_buf_printf(&b, "[%d]", (int)q->index);
		} else if (plain_key(q->key)) {
			if (b.len)
				cs_buf_addc(&b, '.');
			cs_buf_adds(&b, q->key);
		} else {
			cs_buf_adds(&b, "[\"");
			for (const char *c = q->key; *c; c++) {
				if (*c == '"' || *c == '\\')
					cs_buf_addc(&b, '\\');
				cs_buf_addc(&b, *c);
			}
			cs_buf_adds(&b, "\"]");
		}
	}
	const char *s = cs_arena_strndup(a, b.data ? b.data : "", b.len);
	cs_buf_free(&b);
	return s ? s : "";
}

bool cs_rt_cap_is(const char *written, const char *name)
{
	if (!written || !name)
		return false;
	if (strncasecmp(written, "CAP_", 4) == 0)
		written += 4;
	if (strncasecmp(name, "CAP_", 4) == 0)
		name += 4;
	return strcasecmp(written, name) == 0;
}

bool cs_rt_drops(const cs_rt_spec *s, const char *name)
{
	for (size_t i = 0; i < s->cap_drop.n; i++) {
		const char *d = s->cap_drop.v[i].v;
		if (cs_rt_cap_is(d, "ALL") || cs_rt_cap_is(d, name))
			return true;
	}
	return false;
}

typedef struct any_list {
	void *v;
	size_t n, cap;
} any_list;

void *cs_rt_list_push(cs_arena *a, void *list, size_t elem)
{
	any_list *l = list;
	if (l->n == l->cap) {
		size_t ncap = l->cap ? l->cap * 2 : 4;
		void *v = cs_arena_grow(a, l->v, l->n, ncap, elem);
		if (!v)
			return NULL;
		l->v = v;
		l->cap = ncap;
	}
	char *e = (char *)l->v + l->n * elem;
	l->n++;
	memset(e, 0, elem);
	return e;
}

bool cs_rt_list_reserve(cs_arena *a, void *list, size_t k, size_t elem)
{
	any_list *l = list;
	if (k == 0 || l->cap - l->n >= k)
		return true;
	void *v = cs_arena_grow(a, l->v, l->n, l->n + k, elem);
	if (!v)
		return false;
	l->v = v;
	l->cap = l->n + k;
	return true;
}

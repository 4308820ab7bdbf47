/*
 * yaml.h - YAML documents as an arena tree whose nodes keep their marks.
 *
 * libyaml's event parser feeds an explicit stack (no recursion), so nesting
 * depth is a checked limit rather than a C stack overflow.  Aliases point at
 * the anchored node (shared, never copied), so a billion-laughs file costs
 * one node per alias.  Every node keeps the 1-based line and column where it
 * starts, which is what findings and config errors point at.
 */
#ifndef CS_YAML_H
#define CS_YAML_H

#include <stdbool.h>
#include <stddef.h>

#include "../util/arena.h"
#include "../util/error.h"

#define CS_YAML_MAX_DEPTH  256u
#define CS_YAML_MAX_NODES  1000000u   /* per stream, aliases included */

typedef enum cs_yaml_kind {
	CS_YAML_SCALAR = 0,
	CS_YAML_SEQ,
	CS_YAML_MAP,
} cs_yaml_kind;

typedef struct cs_yaml_node cs_yaml_node;

typedef struct cs_yaml_pair {
	cs_yaml_node *key;
	cs_yaml_node *value;
} cs_yaml_pair;

struct cs_yaml_node {
	cs_yaml_kind kind;
	cs_mark mark;
	const char *tag;          /* explicit tag, or NULL */
	const char *anchor;       /* &name, or NULL */
	bool quoted;              /* scalar: not plain style */
	const char *scalar;       /* scalar text (NUL-terminated) */
	size_t len;
	cs_yaml_node **items;     /* sequence */
	size_t nitems;
	cs_yaml_pair *pairs;      /* mapping, in document order */
	size_t npairs;
};

typedef struct cs_yaml_stream {
	cs_yaml_node **docs;      /* root of each document (NULL: empty doc) */
	size_t ndocs;
} cs_yaml_stream;

/* Load every document of data[0..len).  On a syntax error or limit, returns
 * false with err->mark set; documents completed before it stay in out. */
bool cs_yaml_load(const char *data, size_t len, cs_arena *a,
		  cs_yaml_stream *out, cs_error *err);

/* The value of `key` in a mapping (last one wins), or NULL. */
const cs_yaml_node *cs_yaml_get(const cs_yaml_node *map, const char *key);
/* Is this a scalar equal to s? */
bool cs_yaml_is(const cs_yaml_node *n, const char *s);
/* A plain scalar that YAML 1.2 core schema reads as null (~, null, empty). */
bool cs_yaml_is_null(const cs_yaml_node *n);

#endif

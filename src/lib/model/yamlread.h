/*
 * yamlread.h - walking a YAML mapping field by field, shared by the Compose
 * and Kubernetes normalizers.
 *
 * Both normalizers read a mapping pair by pair and dispatch on the key, and
 * a field's YAML path link is made only when something is recorded at it,
 * so that normalizing costs one small allocation per field set.  The cursor
 * here is that common part; how a value is read (Compose interpolates,
 * Kubernetes does not) stays with each normalizer.
 */
#ifndef CS_YAMLREAD_H
#define CS_YAMLREAD_H

#include <stdbool.h>
#include <stddef.h>

#include "../parse/yaml.h"
#include "runtime.h"

/* One key/value pair of a mapping and the path of the mapping; the pair's
 * own path link is made on first use. */
typedef struct cs_yfield {
	const cs_yaml_node *k;
	const cs_yaml_node *v;
	const cs_ypath *up;
	const cs_ypath *path;
} cs_yfield;

/* Pair i of mapping m as a field under `up`; false when the pair has no
 * scalar key or no value. */
bool cs_yf_at(const cs_yaml_node *m, size_t i, const cs_ypath *up,
		  cs_yfield *f);

/* Is the field's key this word? */
bool cs_yf_is(const cs_yfield *f, const char *key);

/* The field's own path, made once (NULL when out of memory). */
const cs_ypath *cs_yf_path(cs_arena *a, cs_yfield *f);

/* A field's location is its key: the start of the `key: value` line. */
cs_loc cs_yf_loc(cs_arena *a, cs_yfield *f);

#endif

/*
 * yamlread.c - the field cursor shared by the Compose and Kubernetes
 * normalizers; see yamlread.h.
 */
#include "yamlread.h"

#include <string.h>

bool cs_yf_at(const cs_yaml_node *m, size_t i, const cs_ypath *up,
		  cs_yfield *f)
{
	const cs_yaml_pair *p = &m->pairs[i];
	if (!p->key || !p->value || p->key->kind != CS_YAML_SCALAR)
		return false;
	*f = (cs_yfield){p->key, p->value, up, NULL};
	return true;
}

bool cs_yf_is(const cs_yfield *f, const char *key)
{
	return strcmp(f->k->scalar, key) == 0;
}

const cs_ypath *cs_yf_path(cs_arena *a, cs_yfield *f)
{
	if (!f->path)
		f->path = cs_ypath_key(a, f->up, f->k->scalar);
	return f->path;
}

cs_loc cs_yf_loc(cs_arena *a, cs_yfield *f)
{
	return (cs_loc){.at = f->k->mark, .path = cs_yf_path(a, f)};
}

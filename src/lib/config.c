/*
 * config.c - reading .customs.yaml; the format is in config.h.
 *
 * Strict on purpose: an unknown key, an unknown rule id, a waiver without a
 * reason or a malformed date is an error pointing at the node, because a
 * config mistake that silently does nothing is worse than one that stops.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "parse/yaml.h"
#include "rules/rule.h"
#include "util/glob.h"

void cs_config_init(cs_config *c)
{
	memset(c, 0, sizeof(*c));
}

static bool bad(cs_error *err, const cs_yaml_node *n, const char *fmt,
		const char *arg) __attribute__((format(printf, 3, 0)));

static bool bad(cs_error *err, const cs_yaml_node *n, const char *fmt,
		const char *arg)
{
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
	cs_error_set(err, CS_ERR_USAGE, n ? n->mark : (cs_mark){1, 1},
		     "while reading the configuration", fmt, arg);
#pragma GCC diagnostic pop
	return false;
}

/* A scalar or a sequence of scalars, as an array of strings. */
static bool str_list(const cs_yaml_node *n, cs_arena *a, const char ***out,
		     size_t *nout, cs_error *err, const char *key)
{
	if (n->kind == CS_YAML_SCALAR) {
		*out = cs_arena_alloc(a, sizeof(char *));
		if (!*out)
			return bad(err, n, "out of memory%s", "");
		(*out)[0] = n->scalar;
		*nout = 1;
		return true;
	}
	if (n->kind != CS_YAML_SEQ)
		return bad(err, n, "'%s' must be a list of strings", key);
	*out = cs_arena_alloc(a, sizeof(char *) * (n->nitems + 1));
	if (!*out)
		return bad(err, n, "out of memory%s", "");
	for (size_t i = 0; i < n->nitems; i++) {
		if (n->items[i]->kind != CS_YAML_SCALAR)
			return bad(err, n->items[i],
				   "'%s' must be a list of strings", key);
		(*out)[i] = n->items[i]->scalar;
	}
	*nout = n->nitems;
	return true;
}

static bool valid_date(const char *s)
{
	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return false;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return false;
	int m = (s[5] - '0') * 10 + (s[6] - '0');
	int d = (s[8] - '0') * 10 + (s[9] - '0');
	return m >= 1 && m <= 12 && d >= 1 && d <= 31;
}

static const cs_rule *rule_at(const cs_yaml_node *n, cs_error *err)
{
	if (!n || n->kind != CS_YAML_SCALAR) {
		bad(err, n, "expected a rule id%s", "");
		return NULL;
	}
	const cs_rule *r = cs_rule_find(n->scalar);
	if (!r)
		bad(err, n, "unknown rule '%s' (see `customs rules`)",
		    n->scalar);
	return r;
}

static bool parse_waiver(cs_config *c, const cs_yaml_node *n,
			 const char *today, cs_arena *a, cs_error *err)
{
	if (n->kind != CS_YAML_MAP)
		return bad(err, n,
			   "an ignore entry is a map with rule and reason%s",
			   "");
	cs_waiver *w = &c->waivers[c->nwaivers];
	memset(w, 0, sizeof(*w));
	w->mark = n->mark;
	for (size_t i = 0; i < n->npairs; i++) {
		const cs_yaml_node *k = n->pairs[i].key, *v = n->pairs[i].value;
		if (cs_yaml_is(k, "rule") || cs_yaml_is(k, "id")) {
			if (!(w->rule = rule_at(v, err)))
				return false;
		} else if (cs_yaml_is(k, "reason")) {
			if (v->kind != CS_YAML_SCALAR || v->len == 0)
				return bad(err, v, "reason must be text%s", "");
			w->reason = v->scalar;
		} else if (cs_yaml_is(k, "paths") || cs_yaml_is(k, "path")) {
			if (!str_list(v, a, &w->paths, &w->npaths, err, "paths"))
				return false;
		} else if (cs_yaml_is(k, "expires")) {
			if (v->kind != CS_YAML_SCALAR || !valid_date(v->scalar))
				return bad(err, v,
					   "expires must be a date YYYY-MM-DD%s",
					   "");
			w->expires = v->scalar;
			w->expired = today && strcmp(v->scalar, today) < 0;
		} else {
			return bad(err, k, "unknown key '%s' in an ignore entry",
				   k->kind == CS_YAML_SCALAR ? k->scalar : "?");
		}
	}
	if (!w->rule)
		return bad(err, n, "an ignore entry needs a rule%s", "");
	if (!w->reason)
		return bad(err, n,
			   "the waiver of %s needs a reason: say why it is "
			   "accepted",
			   w->rule->id);
	c->nwaivers++;
	return true;
}

bool cs_config_parse(cs_config *c, const char *text, size_t len,
		     const char *path, const char *today, cs_arena *a,
		     cs_error *err)
{
	if (len > CS_CONFIG_MAX_BYTES) {
		cs_error_set(err, CS_ERR_LIMIT, (cs_mark){1, 1}, NULL,
			     "configuration is over %u bytes",
			     CS_CONFIG_MAX_BYTES);
		return false;
	}
	cs_yaml_stream ys;
	if (!cs_yaml_load(text, len, a, &ys, err))
		return false;
	c->path = path;
	if (ys.ndocs == 0 || cs_yaml_is_null(ys.docs[0]))
		return true;
	if (ys.ndocs > 1)
		return bad(err, ys.docs[1], "one YAML document expected%s", "");
	const cs_yaml_node *root = ys.docs[0];
	if (root->kind != CS_YAML_MAP)
		return bad(err, root, "the configuration must be a map%s", "");
	for (size_t i = 0; i < root->npairs; i++) {
		const cs_yaml_node *k = root->pairs[i].key;
		const cs_yaml_node *v = root->pairs[i].value;
		if (k->kind != CS_YAML_SCALAR)
			return bad(err, k, "keys must be text%s", "");
		const char *key = k->scalar;
		if (strcmp(key, "version") == 0) {
			if (!cs_yaml_is(v, "1"))
				return bad(err, v, "unsupported version%s", "");
		} else if (strcmp(key, "min-score") == 0) {
			char *end = NULL;
			double d = v->kind == CS_YAML_SCALAR
					   ? strtod(v->scalar, &end)
					   : -1;
			if (!end || *end || d < 0 || d > 100)
				return bad(err, v,
					   "min-score must be a number from 0 "
					   "to 100%s",
					   "");
			c->has_min_score = true;
			c->min_score = d;
		} else if (strcmp(key, "fail-on") == 0) {
			if (v->kind != CS_YAML_SCALAR ||
			    !cs_severity_parse(v->scalar, &c->fail_on))
				return bad(err, v,
					   "fail-on must be one of critical, "
					   "high, medium, low, info%s",
					   "");
			c->has_fail_on = true;
		} else if (strcmp(key, "exclude") == 0) {
			if (!str_list(v, a, &c->exclude, &c->nexclude, err, key))
				return false;
		} else if (strcmp(key, "trusted-registries") == 0) {
			if (!str_list(v, a, &c->trusted_registries,
				      &c->ntrusted, err, key))
				return false;
		} else if (strcmp(key, "severity") == 0) {
			if (v->kind != CS_YAML_MAP)
				return bad(err, v,
					   "severity maps rule ids to "
					   "severities%s",
					   "");
			c->overrides = cs_arena_alloc(
				a, sizeof(*c->overrides) * (v->npairs + 1));
			if (!c->overrides)
				return bad(err, v, "out of memory%s", "");
			for (size_t j = 0; j < v->npairs; j++) {
				cs_sev_override *o = &c->overrides[j];
				if (!(o->rule = rule_at(v->pairs[j].key, err)))
					return false;
				const cs_yaml_node *s = v->pairs[j].value;
				if (s->kind != CS_YAML_SCALAR ||
				    !cs_severity_parse(s->scalar, &o->severity))
					return bad(err, s,
						   "severity must be one of "
						   "critical, high, medium, "
						   "low, info%s",
						   "");
			}
			c->noverrides = v->npairs;
		} else if (strcmp(key, "ignore") == 0) {
			if (v->kind != CS_YAML_SEQ)
				return bad(err, v,
					   "ignore is a list of waivers%s", "");
			c->waivers = cs_arena_alloc(
				a, sizeof(*c->waivers) * (v->nitems + 1));
			if (!c->waivers)
				return bad(err, v, "out of memory%s", "");
			for (size_t j = 0; j < v->nitems; j++)
				if (!parse_waiver(c, v->items[j], today, a, err))
					return false;
		} else {
			return bad(err, k,
				   "unknown key '%s' (known: version, "
				   "min-score, fail-on, exclude, "
				   "trusted-registries, severity, ignore)",
				   key);
		}
	}
	return true;
}

cs_severity cs_config_severity(const cs_config *c, const cs_rule *r)
{
	if (c)
		for (size_t i = c->noverrides; i-- > 0;)
			if (c->overrides[i].rule == r)
				return c->overrides[i].severity;
	return r->severity;
}

const cs_waiver *cs_config_waiver(const cs_config *c, const cs_rule *r,
				  const char *path)
{
	if (!c)
		return NULL;
	const cs_waiver *expired = NULL;
	for (size_t i = 0; i < c->nwaivers; i++) {
		const cs_waiver *w = &c->waivers[i];
		if (w->rule != r)
			continue;
		bool hit = w->npaths == 0;
		for (size_t j = 0; j < w->npaths && !hit; j++)
			hit = cs_glob_path(w->paths[j], path);
		if (!hit)
			continue;
		if (!w->expired)
			return w;
		expired = w;
	}
	return expired;
}

bool cs_config_excluded(const cs_config *c, const char *path)
{
	if (!c)
		return false;
	for (size_t i = 0; i < c->nexclude; i++)
		if (cs_glob_path(c->exclude[i], path))
			return true;
	return false;
}

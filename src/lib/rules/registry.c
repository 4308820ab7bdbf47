/*
 * registry.c - every rule family, and lookups over all rules.
 *
 * The one place that lists the families.  The sorted view is built once
 * (pthread_once) so worker threads can share it.
 */
#include "registry.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

extern const cs_rule_family cs_family_input;
extern const cs_rule_family cs_family_df_user;
extern const cs_rule_family cs_family_df_secrets;
extern const cs_rule_family cs_family_df_trust;
extern const cs_rule_family cs_family_df_runtime;
extern const cs_rule_family cs_family_df_packages;
extern const cs_rule_family cs_family_df_build;
extern const cs_rule_family cs_family_rt_priv;
extern const cs_rule_family cs_family_rt_confine;
extern const cs_rule_family cs_family_rt_host;
extern const cs_rule_family cs_family_rt_net;
extern const cs_rule_family cs_family_rt_ops;
extern const cs_rule_family cs_family_rt_image;
extern const cs_rule_family cs_family_rt_secrets;
extern const cs_rule_family cs_family_k8s_rbac;
extern const cs_rule_family cs_family_k8s_objects;
extern const cs_rule_family cs_family_dc;
extern const cs_rule_family cs_family_img_config;
extern const cs_rule_family cs_family_img_history;
extern const cs_rule_family cs_family_img_files;

static const cs_rule_family *const families[] = {
	&cs_family_input,
	&cs_family_df_user,
	&cs_family_df_secrets,
	&cs_family_df_trust,
	&cs_family_df_runtime,
	&cs_family_df_packages,
	&cs_family_df_build,
	&cs_family_rt_priv,
	&cs_family_rt_confine,
	&cs_family_rt_host,
	&cs_family_rt_net,
	&cs_family_rt_ops,
	&cs_family_rt_image,
	&cs_family_rt_secrets,
	&cs_family_k8s_rbac,
	&cs_family_k8s_objects,
	&cs_family_dc,
	&cs_family_img_config,
	&cs_family_img_history,
	&cs_family_img_files,
};

enum { MAX_RULES = 512 };

static const cs_rule *sorted[MAX_RULES];
static size_t nsorted;
static pthread_once_t once = PTHREAD_ONCE_INIT;

static int by_id(const void *a, const void *b)
{
	const cs_rule *const *x = a, *const *y = b;
	return strcmp((*x)->id, (*y)->id);
}

static void build_sorted(void)
{
	for (size_t f = 0; f < CS_COUNT(families); f++)
		for (size_t i = 0; i < families[f]->n && nsorted < MAX_RULES; i++)
			sorted[nsorted++] = &families[f]->rules[i];
	qsort(sorted, nsorted, sizeof(sorted[0]), by_id);
}

const cs_rule *const *cs_rules_all(size_t *n)
{
	pthread_once(&once, build_sorted);
	*n = nsorted;
	return sorted;
}

const cs_rule *cs_rule_find(const char *id)
{
	size_t n;
	const cs_rule *const *all = cs_rules_all(&n);
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(id, all[mid]->id);
		if (c == 0)
			return all[mid];
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

/* Does the comma-separated list contain `tok` exactly? */
static bool list_has(const char *list, const char *tok)
{
	size_t tl = strlen(tok);
	const char *p = list;
	while (p && *p) {
		while (*p == ' ' || *p == ',')
			p++;
		const char *e = p;
		while (*e && *e != ',')
			e++;
		const char *t = e;
		while (t > p && t[-1] == ' ')
			t--;
		if ((size_t)(t - p) == tl && strncmp(p, tok, tl) == 0)
			return true;
		p = e;
	}
	return false;
}

size_t cs_rules_for_hadolint(const char *dl, const cs_rule **out, size_t max)
{
	size_t n, k = 0;
	const cs_rule *const *all = cs_rules_all(&n);
	for (size_t i = 0; i < n; i++) {
		if (all[i]->hadolint && list_has(all[i]->hadolint, dl)) {
			if (k < max)
				out[k] = all[i];
			k++;
		}
	}
	return k;
}

const char *cs_scope_name(cs_scope s)
{
	switch (s) {
	case CS_SCOPE_FILE:
		return "file";
	case CS_SCOPE_FINAL_STAGE:
		return "final stage";
	case CS_SCOPE_EVERY_STAGE:
		return "every stage";
	case CS_SCOPE_CONTAINER:
		return "container";
	case CS_SCOPE_OBJECT:
		return "object";
	case CS_SCOPE_SERVICE:
		return "service";
	case CS_SCOPE_SCAN_SET:
		return "scan set";
	case CS_SCOPE_IMAGE:
		return "image";
	}
	return "file";
}

/*
 * npm.c - one package.json; see pkg.h.
 *
 * jansson parses (it rejects bad UTF-8, NUL in strings and nesting past
 * its depth limit); only the top-level name, version and licence are
 * read.  A package.json without a name or version (an application root,
 * a test fixture) is not a package: it is counted as skipped, not failed.
 * The licence has had three spellings over npm's life: a string (an SPDX
 * expression, today's), an object {"type": ...}, and a "licenses" array
 * of either, which meant a choice between them.
 */
#include "pkg.h"

#include <jansson.h>
#include <string.h>

static const char CATALOGER[] = "javascript-package-cataloger";

#define MAX_LICENSES 16u

static const char *lic_string(const json_t *v)
{
	if (json_is_string(v))
		return json_string_value(v);
	if (json_is_object(v)) {
		const json_t *t = json_object_get(v, "type");
		if (json_is_string(t))
			return json_string_value(t);
	}
	return NULL;
}

static int keep_str(cs_arena *a, const char *s, const char **out)
{
	*out = NULL;
	return s ? cs_pkg_keep(a, s, strlen(s), out) : 1;
}

/* 0: *out set or left NULL; -1: memory. */
static int license_of(const json_t *root, cs_arena *a, const char **out)
{
	*out = NULL;
	const char *s = lic_string(json_object_get(root, "license"));
	if (s)
		return keep_str(a, s, out) < 0 ? -1 : 0;
	const json_t *arr = json_object_get(root, "licenses");
	if (!json_is_array(arr)) {
		s = lic_string(arr); /* {"type": ...} under the plural key */
		return s && keep_str(a, s, out) < 0 ? -1 : 0;
	}
	size_t n = json_array_size(arr);
	for (size_t i = 0; i < n && i < MAX_LICENSES; i++) {
		const char *one;
		int r = keep_str(a, lic_string(json_array_get(arr, i)), &one);
		if (r < 0)
			return -1;
		if (r > 0)
			continue;
		*out = *out ? cs_arena_printf(a, "%s OR %s", *out, one) : one;
		if (!*out)
			return -1;
	}
	return 0;
}

bool cs_npm_parse(const char *data, size_t len, const char *source_path,
		  cs_arena *a, cs_pkg_list *out, cs_error *err)
{
	if (len > CS_PKG_MAX_INPUT) {
		cs_error_set(err, CS_ERR_LIMIT, (cs_mark){0, 0},
			     "while reading package.json", "file over %u bytes",
			     CS_PKG_MAX_INPUT);
		return false;
	}
	json_error_t je;
	json_t *root = json_loadb(data ? data : "", len, 0, &je);
	if (!root) {
		cs_error_set(err, CS_ERR_PARSE,
			     (cs_mark){je.line > 0 ? (uint32_t)je.line : 1,
				       je.column > 0 ? (uint32_t)je.column : 1},
			     "while reading package.json", "%s", je.text);
		return false;
	}
	bool ok = true;
	cs_pkg p = {
		.type = "npm",
		.source_path = source_path,
		.origin_cataloger = CATALOGER,
		.mark = {1, 1},
	};
	const char *full = NULL;
	int k1 = 1, k2 = 1;
	if (json_is_object(root)) {
		k1 = keep_str(a,
			      json_string_value(json_object_get(root, "name")),
			      &full);
		k2 = keep_str(
			a, json_string_value(json_object_get(root, "version")),
			&p.version);
	}
	if (k1 < 0 || k2 < 0)
		goto nomem;
	if (k1 || k2 || strchr(full, ' ') || strchr(p.version, ' ')) {
		out->skipped++;
		goto done;
	}
	/* "@scope/name": the scope is the purl namespace; the package
	 * keeps its whole name, which is what OSV and npm know it by */
	p.name = full;
	const char *local = full;
	if (full[0] == '@') {
		const char *slash = strchr(full, '/');
		if (!slash || slash == full + 1 || !slash[1] ||
		    strchr(slash + 1, '/')) {
			out->skipped++;
			goto done;
		}
		p.namespace = cs_arena_strndup(a, full, (size_t)(slash - full));
		if (!p.namespace)
			goto nomem;
		local = slash + 1;
	} else if (strchr(full, '/')) {
		out->skipped++;
		goto done;
	}
	if (license_of(root, a, &p.license) < 0)
		goto nomem;
	p.purl = cs_purl_build(a, "npm", p.namespace, local, p.version, NULL, 0,
			       NULL);
	if (!p.purl)
		goto nomem;
	ok = cs_pkg_list_add(out, &p, a, err);
	goto done;
nomem:
	cs_error_set(err, CS_ERR_NOMEM, (cs_mark){0, 0},
		     "while reading package.json", "out of memory");
	ok = false;
done:
	json_decref(root);
	return ok;
}

/*
 * apk.c - Alpine's installed-package database; see pkg.h.
 *
 * lib/apk/db/installed is a list of records separated by blank lines, each
 * a run of "X:value" lines with a one-letter key.  Only the package's own
 * keys (P V A L o m c) are kept; the file list (F R M a Z ...) that makes
 * up most of the database is stepped over.  apk writes every line in this
 * shape, so a line that is not is a damaged record: it is skipped whole
 * rather than half-trusted.
 */
#include "pkg.h"

#include <string.h>

static const char CATALOGER[] = "apk-db-cataloger";

typedef struct span {
	const char *s;
	size_t n;
	bool set;
} span;

typedef struct record {
	span f[7]; /* P V A L o m c, in that order */
	uint32_t line;
	bool any;
	bool bad;
} record;

static const char KEYS[] = "PVALomc";

typedef struct apk_ctx {
	const char *source_path;
	const cs_os_release *os;
	const char *distro;
	cs_arena *a;
	cs_pkg_list *out;
	size_t added;
	cs_error *err;
} apk_ctx;

static bool finish(apk_ctx *c, record *r)
{
	if (!r->any)
		return true;
	if (r->bad || !r->f[0].set || !r->f[1].set) {
		c->out->skipped++;
		return true;
	}
	cs_pkg p = {
		.type = "apk",
		.source_path = c->source_path,
		.origin_cataloger = CATALOGER,
		.mark = {r->line, 1},
	};
	const char **dst[7] = {&p.name,	    &p.version,	   &p.arch,  &p.license,
			       &p.upstream, &p.maintainer, &p.commit};
	for (size_t i = 0; i < 7; i++) {
		if (!r->f[i].set)
			continue;
		int k = cs_pkg_keep(c->a, r->f[i].s, r->f[i].n, dst[i]);
		if (k < 0)
			goto nomem;
		if (k > 0 && i < 2) {
			c->out->skipped++;
			return true;
		}
		/* an empty optional value is an absent one */
	}
	if (strchr(p.name, ' ') || strchr(p.version, ' ')) {
		c->out->skipped++;
		return true;
	}
	if (c->os && c->os->id) {
		p.namespace = c->os->id;
		cs_purl_qual q[] = {
			{"arch", p.arch},
			{"distro", c->distro},
			{"upstream",
			 p.upstream && strcmp(p.upstream, p.name) != 0
				 ? p.upstream
				 : NULL},
		};
		p.purl = cs_purl_build(c->a, "apk", p.namespace, p.name,
				       p.version, q, 3, NULL);
		if (!p.purl)
			goto nomem;
	}
	if (++c->added > CS_PKG_MAX_PKGS) {
		cs_error_set(c->err, CS_ERR_LIMIT, p.mark,
			     "while reading an apk database",
			     "more than %u packages", CS_PKG_MAX_PKGS);
		return false;
	}
	return cs_pkg_list_add(c->out, &p, c->a, c->err);
nomem:
	cs_error_set(c->err, CS_ERR_NOMEM, p.mark,
		     "while reading an apk record", "out of memory");
	return false;
}

bool cs_apk_parse(const char *data, size_t len, const char *source_path,
		  const cs_os_release *os, cs_arena *a, cs_pkg_list *out,
		  cs_error *err)
{
	if (len > CS_PKG_MAX_INPUT) {
		cs_error_set(err, CS_ERR_LIMIT, (cs_mark){0, 0},
			     "while reading an apk database",
			     "file over %u bytes", CS_PKG_MAX_INPUT);
		return false;
	}
	apk_ctx c = {
		.source_path = source_path,
		.os = os,
		.distro = cs_os_release_distro(os, a),
		.a = a,
		.out = out,
		.err = err,
	};
	record r = {0};
	const char *p = data, *end = data ? data + len : data;
	uint32_t line = 0;
	while (p && p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *s = p, *e = nl ? nl : end;
		p = nl ? nl + 1 : end;
		if (line < UINT32_MAX)
			line++;
		if (e > s && e[-1] == '\r')
			e--;
		if (s == e) {
			if (!finish(&c, &r))
				return false;
			memset(&r, 0, sizeof(r));
			continue;
		}
		if (!r.any)
			r.line = line;
		r.any = true;
		if (e - s < 2 || s[1] != ':' || s[0] == '\0') {
			r.bad = true;
			continue;
		}
		const char *k = strchr(KEYS, s[0]);
		if (!k)
			continue;
		span *f = &r.f[k - KEYS];
		if (!f->set)
			*f = (span){s + 2, (size_t)(e - s - 2), true};
	}
	return finish(&c, &r);
}

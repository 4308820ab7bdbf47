/*
 * python.c - installed Python distributions (core metadata); see pkg.h.
 *
 * METADATA and PKG-INFO are RFC 822 headers followed, after a blank line,
 * by the long description, which is free text and never read.  The licence
 * comes from the most precise field present: License-Expression (an SPDX
 * expression, metadata 2.4), then License when it is one short line (it is
 * often the whole licence text, or "UNKNOWN"), then the trove classifiers,
 * of which only those that name exactly one SPDX licence are mapped:
 * "Apache Software License" or "BSD License" do not say which one.
 */
#include "pkg.h"

#include <string.h>
#include <strings.h>

static const char CATALOGER[] = "python-installed-package-cataloger";

#define SHORT_LICENSE 80u /* longer License values are licence texts */
#define MAX_CLASSIFIER_IDS 8u

static const struct {
	const char *classifier; /* after "License :: " */
	const char *spdx;
} CLASSIFIERS[] = {
	{"OSI Approved :: MIT License", "MIT"},
	{"OSI Approved :: MIT No Attribution License (MIT-0)", "MIT-0"},
	{"OSI Approved :: ISC License (ISCL)", "ISC"},
	{"OSI Approved :: Mozilla Public License 2.0 (MPL 2.0)", "MPL-2.0"},
	{"OSI Approved :: GNU General Public License v2 (GPLv2)",
	 "GPL-2.0-only"},
	{"OSI Approved :: GNU General Public License v2 or later (GPLv2+)",
	 "GPL-2.0-or-later"},
	{"OSI Approved :: GNU General Public License v3 (GPLv3)",
	 "GPL-3.0-only"},
	{"OSI Approved :: GNU General Public License v3 or later (GPLv3+)",
	 "GPL-3.0-or-later"},
	{"OSI Approved :: GNU Lesser General Public License v2 (LGPLv2)",
	 "LGPL-2.0-only"},
	{"OSI Approved :: GNU Lesser General Public License v2 or later "
	 "(LGPLv2+)",
	 "LGPL-2.0-or-later"},
	{"OSI Approved :: GNU Lesser General Public License v3 (LGPLv3)",
	 "LGPL-3.0-only"},
	{"OSI Approved :: GNU Lesser General Public License v3 or later "
	 "(LGPLv3+)",
	 "LGPL-3.0-or-later"},
	{"OSI Approved :: GNU Affero General Public License v3",
	 "AGPL-3.0-only"},
	{"OSI Approved :: GNU Affero General Public License v3 or later "
	 "(AGPLv3+)",
	 "AGPL-3.0-or-later"},
	{"OSI Approved :: Python Software Foundation License", "PSF-2.0"},
	{"OSI Approved :: The Unlicense (Unlicense)", "Unlicense"},
	{"OSI Approved :: Boost Software License 1.0 (BSL-1.0)", "BSL-1.0"},
	{"OSI Approved :: zlib/libpng License", "Zlib"},
	{"OSI Approved :: Eclipse Public License 2.0 (EPL-2.0)", "EPL-2.0"},
	{"CC0 1.0 Universal (CC0 1.0) Public Domain Dedication", "CC0-1.0"},
};

typedef struct span {
	const char *s;
	size_t n;
	bool set;
} span;

static void first(span *sp, const cs_rfc822_field *f)
{
	if (!sp->set)
		*sp = (span){f->value, f->value_len, true};
}

static const char *classifier_id(const cs_rfc822_field *f)
{
	static const char pre[] = "License :: ";
	size_t pn = sizeof(pre) - 1;
	if (f->value_len <= pn || memcmp(f->value, pre, pn) != 0)
		return NULL;
	const char *s = f->value + pn;
	size_t n = f->value_len - pn;
	for (size_t i = 0; i < sizeof(CLASSIFIERS) / sizeof(CLASSIFIERS[0]);
	     i++)
		if (strlen(CLASSIFIERS[i].classifier) == n &&
		    memcmp(CLASSIFIERS[i].classifier, s, n) == 0)
			return CLASSIFIERS[i].spdx;
	return NULL;
}

static const char *join_or(const char **ids, size_t n, cs_arena *a)
{
	const char *s = ids[0];
	for (size_t i = 1; i < n && s; i++)
		s = cs_arena_printf(a, "%s OR %s", s, ids[i]);
	return s;
}

bool cs_python_parse(const char *data, size_t len, const char *source_path,
		     cs_arena *a, cs_pkg_list *out, cs_error *err)
{
	if (len > CS_PKG_MAX_INPUT) {
		cs_error_set(err, CS_ERR_LIMIT, (cs_mark){0, 0},
			     "while reading Python metadata",
			     "file over %u bytes", CS_PKG_MAX_INPUT);
		return false;
	}
	span name = {0}, version = {0}, expr = {0}, lic = {0};
	bool lic_folded = false, bad = false, any = false;
	const char *ids[MAX_CLASSIFIER_IDS];
	size_t nids = 0;
	cs_rfc822 r;
	cs_rfc822_init(&r, data, len);
	cs_rfc822_field f;
	cs_rfc822_ev ev;
	while ((ev = cs_rfc822_next(&r, &f)) != CS_RFC822_EOF) {
		if (ev == CS_RFC822_BLANK) {
			if (any)
				break; /* the body: the description */
			continue;
		}
		any = true;
		if (ev == CS_RFC822_BAD) {
			bad = true;
			continue;
		}
		if (cs_rfc822_is(&f, "Name")) {
			first(&name, &f);
		} else if (cs_rfc822_is(&f, "Version")) {
			first(&version, &f);
		} else if (cs_rfc822_is(&f, "License-Expression")) {
			first(&expr, &f);
		} else if (cs_rfc822_is(&f, "License")) {
			if (!lic.set)
				lic_folded = f.folded;
			first(&lic, &f);
		} else if (cs_rfc822_is(&f, "Classifier")) {
			const char *id = classifier_id(&f);
			bool seen = false;
			for (size_t i = 0; id && i < nids; i++)
				seen |= strcmp(ids[i], id) == 0;
			if (id && !seen && nids < MAX_CLASSIFIER_IDS)
				ids[nids++] = id;
		}
	}
	if (!any)
		return true; /* an empty file describes nothing */
	cs_pkg p = {
		.type = "pypi",
		.source_path = source_path,
		.origin_cataloger = CATALOGER,
		.mark = {1, 1},
	};
	int k1 = 1, k2 = 1;
	if (!bad && name.set && version.set) {
		k1 = cs_pkg_keep(a, name.s, name.n, &p.name);
		k2 = cs_pkg_keep(a, version.s, version.n, &p.version);
	}
	if (k1 < 0 || k2 < 0)
		goto nomem;
	if (k1 || k2 || strchr(p.name, ' ') || strchr(p.version, ' ')) {
		out->skipped++;
		return true;
	}
	if (expr.set && cs_pkg_keep(a, expr.s, expr.n, &p.license) < 0)
		goto nomem;
	if (!p.license && lic.set && !lic_folded && lic.n <= SHORT_LICENSE &&
	    !(lic.n == 7 && strncasecmp(lic.s, "UNKNOWN", 7) == 0) &&
	    cs_pkg_keep(a, lic.s, lic.n, &p.license) < 0)
		goto nomem;
	if (!p.license && nids) {
		p.license = join_or(ids, nids, a);
		if (!p.license)
			goto nomem;
	}
	p.purl = cs_purl_build(a, "pypi", NULL, p.name, p.version, NULL, 0,
			       NULL);
	if (!p.purl)
		goto nomem;
	return cs_pkg_list_add(out, &p, a, err);
nomem:
	cs_error_set(err, CS_ERR_NOMEM, (cs_mark){0, 0},
		     "while reading Python metadata", "out of memory");
	return false;
}

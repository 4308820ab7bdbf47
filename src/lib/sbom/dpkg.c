/*
 * dpkg.c - Debian's dpkg database and machine-readable copyright files;
 * see pkg.h.
 *
 * dpkg's control format is the RFC 822 dialect the other readers share, so
 * its line reader lives here, with the package list they all append to.
 * The reader looks at each byte a bounded number of times: a field line is
 * read once and its continuation lines are stepped over, never joined, so
 * a 50 MB Description costs one scan and no memory.
 *
 * The list drops exact repeats through a hash index kept beside it
 * (doubling, so adding n packages is linear), not by comparing each new
 * package with every earlier one.
 */
#include "pkg.h"

#include <stdint.h>
#include <string.h>
#include <strings.h>

static const char CATALOGER[] = "dpkg-db-cataloger";

/* --- values ------------------------------------------------------------ */

int cs_pkg_keep(cs_arena *a, const char *s, size_t n, const char **out)
{
	*out = NULL;
	if (n == 0 || n > CS_PKG_MAX_FIELD)
		return 1;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if ((c < 0x20 && c != '\t') || c == 0x7f)
			return 1;
	}
	char *d = cs_arena_strndup(a, s, n);
	if (!d)
		return -1;
	*out = d;
	return 0;
}

/* --- the list ---------------------------------------------------------- */

void cs_pkg_list_init(cs_pkg_list *l)
{
	memset(l, 0, sizeof(*l));
}

static uint64_t mix(uint64_t h, const char *s)
{
	for (; s && *s; s++)
		h = (h ^ (unsigned char)*s) * 0x100000001b3ull;
	return (h ^ 0xff) *
	       0x100000001b3ull; /* separator: "ab","c" != "a","bc" */
}

static uint64_t pkg_hash(const cs_pkg *p)
{
	uint64_t h = 0xcbf29ce484222325ull;
	h = mix(h, p->type);
	h = mix(h, p->name);
	h = mix(h, p->version);
	h = mix(h, p->arch);
	return mix(h, p->source_path);
}

static bool same_str(const char *x, const char *y)
{
	if (!x || !y)
		return x == y;
	return strcmp(x, y) == 0;
}

static bool same_pkg(const cs_pkg *x, const cs_pkg *y)
{
	return same_str(x->type, y->type) && same_str(x->name, y->name) &&
	       same_str(x->version, y->version) && same_str(x->arch, y->arch) &&
	       same_str(x->source_path, y->source_path);
}

/* The slot holding a package equal to p, or the empty slot it would go to. */
static size_t slot_of(const cs_pkg_list *l, const cs_pkg *p)
{
	size_t mask = l->index_cap - 1;
	size_t i = (size_t)pkg_hash(p) & mask;
	while (l->index[i] && !same_pkg(&l->items[l->index[i] - 1], p))
		i = (i + 1) & mask;
	return i;
}

static bool rehash(cs_pkg_list *l, cs_arena *a)
{
	size_t cap = l->index_cap ? l->index_cap * 2 : 64;
	uint32_t *idx = cs_arena_alloc(a, cap * sizeof(*idx));
	if (!idx)
		return false;
	l->index = idx;
	l->index_cap = cap;
	for (size_t k = 0; k < l->n; k++)
		l->index[slot_of(l, &l->items[k])] = (uint32_t)(k + 1);
	return true;
}

bool cs_pkg_list_add(cs_pkg_list *l, const cs_pkg *p, cs_arena *a,
		     cs_error *err)
{
	if (l->n >= UINT32_MAX - 1) {
		cs_error_set(err, CS_ERR_LIMIT, p->mark,
			     "while adding a package", "too many packages");
		return false;
	}
	/* keep the index at most half full */
	if ((l->n + 1) * 2 > l->index_cap && !rehash(l, a))
		goto nomem;
	size_t s = slot_of(l, p);
	if (l->index[s]) {
		l->duplicates++;
		return true;
	}
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 32;
		cs_pkg *v = cs_arena_grow(a, l->items, l->n, cap, sizeof(*v));
		if (!v)
			goto nomem;
		l->items = v;
		l->cap = cap;
	}
	l->items[l->n++] = *p;
	l->index[s] = (uint32_t)l->n;
	return true;
nomem:
	cs_error_set(err, CS_ERR_NOMEM, p->mark, "while adding a package",
		     "out of memory");
	return false;
}

/* --- RFC 822 lines ----------------------------------------------------- */

void cs_rfc822_init(cs_rfc822 *r, const char *data, size_t len)
{
	r->p = data;
	r->end = data ? data + len : data;
	r->line = 1;
}

/* One line [*s, *e) without its LF or CRLF; advances past it. */
static void take_line(cs_rfc822 *r, const char **s, const char **e)
{
	const char *nl = memchr(r->p, '\n', (size_t)(r->end - r->p));
	*s = r->p;
	*e = nl ? nl : r->end;
	r->p = nl ? nl + 1 : r->end;
	if (*e > *s && (*e)[-1] == '\r')
		(*e)--;
	if (r->line < UINT32_MAX)
		r->line++;
}

static bool is_ws(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

static bool white(const char *s, const char *e)
{
	for (; s < e; s++)
		if (!is_ws(*s))
			return false;
	return true;
}

static bool next_is_continuation(const cs_rfc822 *r)
{
	if (r->p >= r->end || (*r->p != ' ' && *r->p != '\t'))
		return false;
	const char *nl = memchr(r->p, '\n', (size_t)(r->end - r->p));
	return !white(r->p, nl ? nl : r->end);
}

cs_rfc822_ev cs_rfc822_next(cs_rfc822 *r, cs_rfc822_field *f)
{
	memset(f, 0, sizeof(*f));
	if (!r->p || r->p >= r->end)
		return CS_RFC822_EOF;
	f->line = r->line;
	const char *s, *e;
	take_line(r, &s, &e);
	if (white(s, e))
		return CS_RFC822_BLANK;
	if (*s == ' ' || *s == '\t')
		return CS_RFC822_BAD;
	const char *colon = memchr(s, ':', (size_t)(e - s));
	if (!colon || colon == s)
		return CS_RFC822_BAD;
	const char *ne = colon;
	while (ne > s && is_ws(ne[-1]))
		ne--;
	if (ne == s)
		return CS_RFC822_BAD; /* "\r:x": a name of white space */
	for (const char *q = s; q < ne; q++)
		if ((unsigned char)*q <= ' ' || *q == 0x7f)
			return CS_RFC822_BAD;
	f->name = s;
	f->name_len = (size_t)(ne - s);
	const char *v = colon + 1;
	while (v < e && is_ws(*v))
		v++;
	while (e > v && is_ws(e[-1]))
		e--;
	f->value = v;
	f->value_len = (size_t)(e - v);
	while (next_is_continuation(r)) {
		take_line(r, &s, &e);
		f->folded = true;
	}
	return CS_RFC822_FIELD;
}

bool cs_rfc822_is(const cs_rfc822_field *f, const char *name)
{
	size_t n = strlen(name);
	return f->name_len == n && strncasecmp(f->name, name, n) == 0;
}

/* --- dpkg status ------------------------------------------------------- */

typedef struct span {
	const char *s;
	size_t n;
	bool set;
} span;

typedef struct stanza {
	span package, version, arch, source, maint, status;
	uint32_t line;
	bool any;
	bool bad;
} stanza;

static void set_span(span *sp, const cs_rfc822_field *f)
{
	if (sp->set)
		return; /* the first of repeated fields counts, as dpkg's */
	sp->s = f->value;
	sp->n = f->value_len;
	sp->set = true;
}

/* "install ok installed": the third word decides. */
static int status_installed(span st)
{
	const char *p = st.s, *e = st.s + st.n;
	const char *w[4];
	size_t wl[4], nw = 0;
	while (p < e && nw < 4) {
		while (p < e && is_ws(*p))
			p++;
		if (p == e)
			break;
		w[nw] = p;
		while (p < e && !is_ws(*p))
			p++;
		wl[nw] = (size_t)(p - w[nw]);
		nw++;
	}
	if (nw != 3)
		return -1;
	return wl[2] == 9 && memcmp(w[2], "installed", 9) == 0;
}

/* "glibc (2.36-9)" -> glibc and 2.36-9. */
static void split_source(span src, span *name, span *ver)
{
	const char *p = src.s, *e = src.s + src.n;
	const char *n = p;
	while (p < e && !is_ws(*p) && *p != '(')
		p++;
	*name = (span){n, (size_t)(p - n), p > n};
	*ver = (span){0};
	const char *open = memchr(p, '(', (size_t)(e - p));
	if (!open)
		return;
	const char *close = memchr(open, ')', (size_t)(e - open));
	if (!close)
		return;
	const char *vs = open + 1, *ve = close;
	while (vs < ve && is_ws(*vs))
		vs++;
	while (ve > vs && is_ws(ve[-1]))
		ve--;
	*ver = (span){vs, (size_t)(ve - vs), ve > vs};
}

static bool has_space(const char *s)
{
	for (; *s; s++)
		if (is_ws(*s))
			return true;
	return false;
}

typedef struct dpkg_ctx {
	const char *source_path;
	const cs_os_release *os;
	const char *distro;
	cs_arena *a;
	cs_pkg_list *out;
	size_t added;
	cs_error *err;
} dpkg_ctx;

/* 1: kept, 0: skipped, -1: error (err set). */
static int keep_span(dpkg_ctx *c, span sp, const char **out, uint32_t line)
{
	*out = NULL;
	if (!sp.set)
		return 1;
	int r = cs_pkg_keep(c->a, sp.s, sp.n, out);
	if (r < 0) {
		cs_error_set(c->err, CS_ERR_NOMEM, (cs_mark){line, 1},
			     "while reading a dpkg stanza", "out of memory");
		return -1;
	}
	return r == 0;
}

static bool dpkg_purl(dpkg_ctx *c, cs_pkg *p)
{
	if (!c->os || !c->os->id || !cs_os_release_is(c->os, "debian"))
		return true;
	const char *up = p->upstream;
	if (up && p->upstream_version) {
		up = cs_arena_printf(c->a, "%s@%s", p->upstream,
				     p->upstream_version);
		if (!up)
			return false;
	}
	cs_purl_qual q[] = {
		{"arch", p->arch},
		{"distro", c->distro},
		{"upstream", up},
	};
	p->purl = cs_purl_build(c->a, "deb", c->os->id, p->name, p->version, q,
				3, NULL);
	return p->purl != NULL;
}

static bool dpkg_finish(dpkg_ctx *c, stanza *st)
{
	if (!st->any)
		return true;
	if (st->bad || !st->package.set || !st->version.set) {
		c->out->skipped++;
		return true;
	}
	if (st->status.set) {
		int inst = status_installed(st->status);
		if (inst < 0) {
			c->out->skipped++;
			return true;
		}
		if (!inst) {
			c->out->ignored++;
			return true;
		}
	}
	cs_pkg p = {
		.type = "deb",
		.source_path = c->source_path,
		.origin_cataloger = CATALOGER,
		.mark = {st->line, 1},
	};
	span sname, sver;
	int ok = 1, r;
	if (st->source.set)
		split_source(st->source, &sname, &sver);
	else
		sname = sver = (span){0};
	const struct {
		span sp;
		const char **dst;
		bool required;
	} keep[] = {
		{st->package, &p.name, true},
		{st->version, &p.version, true},
		{st->arch, &p.arch, false},
		{st->maint, &p.maintainer, false},
		{sname, &p.upstream, false},
		{sver, &p.upstream_version, false},
	};
	for (size_t i = 0; i < sizeof(keep) / sizeof(keep[0]); i++) {
		r = keep_span(c, keep[i].sp, keep[i].dst, st->line);
		if (r < 0)
			return false;
		if (r == 0 && (keep[i].required || keep[i].sp.set))
			ok = 0;
	}
	if (!ok || has_space(p.name) || has_space(p.version) ||
	    (p.arch && has_space(p.arch))) {
		c->out->skipped++;
		return true;
	}
	if (p.upstream_version && strcmp(p.upstream_version, p.version) == 0)
		p.upstream_version = NULL;
	if (c->os && c->os->id && cs_os_release_is(c->os, "debian"))
		p.namespace = c->os->id;
	if (!dpkg_purl(c, &p)) {
		cs_error_set(c->err, CS_ERR_NOMEM, p.mark,
			     "while reading a dpkg stanza", "out of memory");
		return false;
	}
	if (++c->added > CS_PKG_MAX_PKGS) {
		cs_error_set(c->err, CS_ERR_LIMIT, p.mark,
			     "while reading a dpkg database",
			     "more than %u packages", CS_PKG_MAX_PKGS);
		return false;
	}
	return cs_pkg_list_add(c->out, &p, c->a, c->err);
}

bool cs_dpkg_parse(const char *data, size_t len, const char *source_path,
		   const cs_os_release *os, cs_arena *a, cs_pkg_list *out,
		   cs_error *err)
{
	if (len > CS_PKG_MAX_INPUT) {
		cs_error_set(err, CS_ERR_LIMIT, (cs_mark){0, 0},
			     "while reading a dpkg database",
			     "file over %u bytes", CS_PKG_MAX_INPUT);
		return false;
	}
	dpkg_ctx c = {
		.source_path = source_path,
		.os = os,
		.distro = cs_os_release_distro(os, a),
		.a = a,
		.out = out,
		.err = err,
	};
	cs_rfc822 r;
	cs_rfc822_init(&r, data, len);
	stanza st = {0};
	cs_rfc822_field f;
	cs_rfc822_ev ev;
	while ((ev = cs_rfc822_next(&r, &f)) != CS_RFC822_EOF) {
		if (ev == CS_RFC822_BLANK) {
			if (!dpkg_finish(&c, &st))
				return false;
			memset(&st, 0, sizeof(st));
			continue;
		}
		if (!st.any)
			st.line = f.line;
		st.any = true;
		if (ev == CS_RFC822_BAD) {
			st.bad = true;
			continue;
		}
		if (cs_rfc822_is(&f, "Package"))
			set_span(&st.package, &f);
		else if (cs_rfc822_is(&f, "Version"))
			set_span(&st.version, &f);
		else if (cs_rfc822_is(&f, "Architecture"))
			set_span(&st.arch, &f);
		else if (cs_rfc822_is(&f, "Source"))
			set_span(&st.source, &f);
		else if (cs_rfc822_is(&f, "Maintainer"))
			set_span(&st.maint, &f);
		else if (cs_rfc822_is(&f, "Status"))
			set_span(&st.status, &f);
	}
	return dpkg_finish(&c, &st);
}

bool cs_dpkg_statusd_wanted(const char *path)
{
	if (!path || !*path)
		return false;
	const char *base = strrchr(path, '/');
	base = base ? base + 1 : path;
	size_t n = strlen(base);
	if (n == 0 || base[0] == '.')
		return false;
	return !(n >= 8 && strcmp(base + n - 8, ".md5sums") == 0);
}

/* --- copyright --------------------------------------------------------- */

/*
 * Debian short names (copyright-format 1.0, "License specification") and
 * the SPDX spellings of the same licences.  A GNU entry takes -only or
 * -or-later from a `+` or from the SPDX suffix.
 */
static const struct lic {
	const char *name;
	const char *spdx;
	bool gnu;
} LICENSES[] = {
	{"AGPL-3", "AGPL-3.0", true},
	{"AGPL-3.0", "AGPL-3.0", true},
	{"GPL-1", "GPL-1.0", true},
	{"GPL-1.0", "GPL-1.0", true},
	{"GPL-2", "GPL-2.0", true},
	{"GPL-2.0", "GPL-2.0", true},
	{"GPL-3", "GPL-3.0", true},
	{"GPL-3.0", "GPL-3.0", true},
	{"LGPL-2", "LGPL-2.0", true},
	{"LGPL-2.0", "LGPL-2.0", true},
	{"LGPL-2.1", "LGPL-2.1", true},
	{"LGPL-3", "LGPL-3.0", true},
	{"LGPL-3.0", "LGPL-3.0", true},
	{"GFDL-1.2", "GFDL-1.2", true},
	{"GFDL-1.3", "GFDL-1.3", true},
	{"Apache-1.0", "Apache-1.0", false},
	{"Apache-1.1", "Apache-1.1", false},
	{"Apache-2.0", "Apache-2.0", false},
	{"Artistic", "Artistic-1.0", false},
	{"Artistic-1.0", "Artistic-1.0", false},
	{"Artistic-2.0", "Artistic-2.0", false},
	{"BSD-2-clause", "BSD-2-Clause", false},
	{"BSD-3-clause", "BSD-3-Clause", false},
	{"BSD-4-clause", "BSD-4-Clause", false},
	{"BSL-1.0", "BSL-1.0", false},
	{"CC0-1.0", "CC0-1.0", false},
	{"CC-BY-3.0", "CC-BY-3.0", false},
	{"CC-BY-4.0", "CC-BY-4.0", false},
	{"CC-BY-SA-3.0", "CC-BY-SA-3.0", false},
	{"CC-BY-SA-4.0", "CC-BY-SA-4.0", false},
	{"curl", "curl", false},
	{"EPL-1.0", "EPL-1.0", false},
	{"EPL-2.0", "EPL-2.0", false},
	{"Expat", "MIT", false},
	{"FTL", "FTL", false},
	{"ISC", "ISC", false},
	{"MIT", "MIT", false},
	{"MPL-1.1", "MPL-1.1", false},
	{"MPL-2.0", "MPL-2.0", false},
	{"OFL-1.1", "OFL-1.1", false},
	{"OpenSSL", "OpenSSL", false},
	{"PSF-2", "PSF-2.0", false},
	{"PSF-2.0", "PSF-2.0", false},
	{"Python-2.0", "Python-2.0", false},
	{"SSLeay", "SSLeay", false},
	{"Unlicense", "Unlicense", false},
	{"WTFPL", "WTFPL", false},
	{"X11", "X11", false},
	{"Zlib", "Zlib", false},
	{"Zope-2.1", "ZPL-2.1", false},
	{"ZPL-2.1", "ZPL-2.1", false},
};

static bool ends_with(const char *s, size_t n, const char *suf)
{
	size_t k = strlen(suf);
	return n >= k && strncasecmp(s + n - k, suf, k) == 0;
}

/* The SPDX id for one short name, or NULL. */
static const char *spdx_of(const char *s, size_t n, cs_arena *a)
{
	bool later = false, only = false;
	if (ends_with(s, n, "-or-later")) {
		n -= 9;
		later = true;
	} else if (ends_with(s, n, "-only")) {
		n -= 5;
		only = true;
	} else if (n > 1 && s[n - 1] == '+') {
		n--;
		later = true;
	}
	for (size_t i = 0; i < sizeof(LICENSES) / sizeof(LICENSES[0]); i++) {
		const struct lic *l = &LICENSES[i];
		if (strlen(l->name) != n || strncasecmp(l->name, s, n) != 0)
			continue;
		if (l->gnu)
			return cs_arena_printf(a, "%s-%s", l->spdx,
					       later ? "or-later" : "only");
		if (only)
			return NULL;
		return later ? cs_arena_printf(a, "%s+", l->spdx) : l->spdx;
	}
	return NULL;
}

static bool is_op(const char *s, size_t n)
{
	return (n == 2 && strncasecmp(s, "or", 2) == 0) ||
	       (n == 3 && strncasecmp(s, "and", 3) == 0) ||
	       (n == 1 && (*s == '|' || *s == '&'));
}

static bool add_id(const char *id, const char **ids, size_t *n)
{
	for (size_t i = 0; i < *n; i++)
		if (strcmp(ids[i], id) == 0)
			return true;
	if (*n >= CS_PKG_MAX_LICENSES)
		return false;
	ids[(*n)++] = id;
	return true;
}

bool cs_dpkg_copyright_licenses(const char *data, size_t len, cs_arena *a,
				const char ***ids, size_t *n, cs_error *err)
{
	*ids = NULL;
	*n = 0;
	if (len > CS_PKG_MAX_INPUT) {
		cs_error_set(err, CS_ERR_LIMIT, (cs_mark){0, 0},
			     "while reading a copyright file",
			     "file over %u bytes", CS_PKG_MAX_INPUT);
		return false;
	}
	const char **v = cs_arena_alloc(a, CS_PKG_MAX_LICENSES * sizeof(*v));
	if (!v)
		goto nomem;
	cs_rfc822 r;
	cs_rfc822_init(&r, data, len);
	cs_rfc822_field f;
	cs_rfc822_ev ev;
	while ((ev = cs_rfc822_next(&r, &f)) != CS_RFC822_EOF) {
		if (ev != CS_RFC822_FIELD || !cs_rfc822_is(&f, "License"))
			continue;
		const char *p = f.value, *e = f.value + f.value_len;
		bool exception = false;
		while (p < e) {
			while (p < e && (is_ws(*p) || *p == ',' || *p == '(' ||
					 *p == ')'))
				p++;
			const char *w = p;
			while (p < e && !is_ws(*p) && *p != ',' && *p != '(' &&
			       *p != ')')
				p++;
			size_t wn = (size_t)(p - w);
			if (wn == 0)
				break;
			if (is_op(w, wn)) {
				exception = false;
				continue;
			}
			if (wn == 4 && strncasecmp(w, "with", 4) == 0) {
				exception = true;
				continue;
			}
			if (exception)
				continue;
			const char *id = spdx_of(w, wn, a);
			if (!id)
				continue;
			if (!add_id(id, v, n)) {
				cs_error_set(err, CS_ERR_LIMIT,
					     (cs_mark){f.line, 1},
					     "while reading a copyright file",
					     "more than %u licences",
					     CS_PKG_MAX_LICENSES);
				*ids = v;
				return false;
			}
		}
	}
	*ids = v;
	return true;
nomem:
	cs_error_set(err, CS_ERR_NOMEM, (cs_mark){0, 0},
		     "while reading a copyright file", "out of memory");
	return false;
}

const char *cs_license_and(const char *const *ids, size_t n, cs_arena *a)
{
	if (n == 0)
		return NULL;
	size_t total = 1;
	for (size_t i = 0; i < n; i++)
		total += strlen(ids[i]) + 5;
	char *s = cs_arena_alloc_raw(a, total), *p = s;
	if (!s)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		if (i) {
			memcpy(p, " AND ", 5);
			p += 5;
		}
		size_t k = strlen(ids[i]);
		memcpy(p, ids[i], k);
		p += k;
	}
	*p = '\0';
	return s;
}

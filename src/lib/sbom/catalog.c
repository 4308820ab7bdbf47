/*
 * catalog.c - the packages installed in an image; see catalog.h.
 *
 * The file index says which package files exist before a byte is read, so
 * the one pass over the layers asks only for them.  Their bytes go to a
 * scratch arena with a cap (CS_CAT_MAX_KEPT), and are parsed once the pass
 * is over: os-release first, because OS package purls need it, then the
 * databases in path order, so that the order of layers in the archive
 * never changes the result.  The scratch arena is dropped at the end; what
 * the packages keep is copied into the catalog's own.
 */
#include "catalog.h"

#include <openssl/evp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#define PKG_FILE_MAX CS_PKG_MAX_INPUT

const char *const cs_sbom_not_cataloged =
	"Java archives without Maven metadata or a manifest naming them "
	"are not cataloged by this version of customs";

typedef enum kind {
	K_NONE = 0,
	K_OS,
	K_DPKG,
	K_STATUSD,
	K_APK,
	K_PYTHON,
	K_NPM,
	K_COPYRIGHT,
	K_RPMSQLITE,
} kind;

typedef struct kept {
	const char *path;
	int32_t layer;
	kind k;
	const char *data;
	size_t len;
} kept;

typedef struct pass {
	cs_catalog *cat;
	const cs_image *img;
	const char *os_path; /* the resolved os-release, or NULL */
	cs_arena scratch;
	kept *files;
	size_t nfiles, cap;
	size_t asked;
	bool nomem;
	cs_pkg_list go;     /* read from binaries as they pass */
	int32_t *go_layer;
	size_t go_cap;
} pass;

static bool ends_with(const char *s, const char *suf)
{
	size_t n = strlen(s), k = strlen(suf);
	return n >= k && memcmp(s + n - k, suf, k) == 0;
}

static bool starts_with(const char *s, const char *pre)
{
	return strncmp(s, pre, strlen(pre)) == 0;
}

/* /usr/share/doc/X/copyright, X one segment. */
static bool is_copyright(const char *p)
{
	static const char pre[] = "/usr/share/doc/";
	if (!starts_with(p, pre) || !ends_with(p, "/copyright"))
		return false;
	const char *seg = p + sizeof(pre) - 1;
	const char *slash = strchr(seg, '/');
	return slash && slash > seg && strcmp(slash, "/copyright") == 0;
}

static kind classify(const pass *ps, const char *p)
{
	if (ps->os_path && strcmp(p, ps->os_path) == 0)
		return K_OS;
	if (strcmp(p, "/var/lib/dpkg/status") == 0)
		return K_DPKG;
	if (starts_with(p, "/var/lib/dpkg/status.d/") &&
	    !strchr(p + sizeof("/var/lib/dpkg/status.d/") - 1, '/') &&
	    cs_dpkg_statusd_wanted(p))
		return K_STATUSD;
	if (strcmp(p, "/lib/apk/db/installed") == 0 ||
	    strcmp(p, "/usr/lib/apk/db/installed") == 0)
		return K_APK;
	if (ends_with(p, ".dist-info/METADATA") ||
	    ends_with(p, ".egg-info/PKG-INFO") || ends_with(p, ".egg-info"))
		return K_PYTHON;
	if (ends_with(p, "/package.json") && strstr(p, "/node_modules/"))
		return K_NPM;
	if (is_copyright(p))
		return K_COPYRIGHT;
	if (strcmp(p, "/var/lib/rpm/rpmdb.sqlite") == 0 ||
	    strcmp(p, "/usr/lib/sysimage/rpm/rpmdb.sqlite") == 0 ||
	    strcmp(p, "/usr/share/rpm/rpmdb.sqlite") == 0)
		return K_RPMSQLITE;
	return K_NONE;
}

static void note(cs_catalog *cat, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void note(cs_catalog *cat, const char *fmt, ...)
{
	if (cat->nnotes >= CS_CAT_MAX_NOTES) {
		cat->notes_dropped++;
		return;
	}
	va_list ap;
	va_start(ap, fmt);
	char *s = cs_arena_vprintf(&cat->arena, fmt, ap);
	va_end(ap);
	if (!s)
		return;
	if ((cat->nnotes & (cat->nnotes - 1)) == 0) {
		size_t ncap = cat->nnotes ? cat->nnotes * 2 : 4;
		const char **g = cs_arena_grow(&cat->arena, cat->notes,
					       cat->nnotes, ncap, sizeof(*g));
		if (!g)
			return;
		cat->notes = g;
	}
	cat->notes[cat->nnotes++] = s;
}

/* An executable that may be a Go binary: read for its build info. */
static bool go_candidate(const cs_img_file *f)
{
	static const char *const skip[] = {"/proc/", "/sys/", "/dev/"};
	if (!S_ISREG(f->mode) || !(f->mode & 0111) || f->size < 4096 ||
	    f->size > PKG_FILE_MAX)
		return false;
	for (size_t i = 0; i < sizeof(skip) / sizeof(skip[0]); i++)
		if (starts_with(f->path, skip[i]))
			return false;
	return true;
}

static bool want(void *ctx, const cs_img_file *f)
{
	pass *ps = ctx;
	if (classify(ps, f->path) == K_NONE && !go_candidate(f) &&
	    !(S_ISREG(f->mode) && cs_jar_wanted(f->path)))
		return false;
	if (ps->asked >= CS_CAT_MAX_FILES) {
		if (ps->asked++ == CS_CAT_MAX_FILES)
			note(ps->cat,
			     "more than %u package files: the rest are not "
			     "read",
			     CS_CAT_MAX_FILES);
		return false;
	}
	ps->asked++;
	return true;
}

static void parse_failed(cs_catalog *cat, const kept *k, const cs_error *e);

/* Binaries and Java archives are parsed as they pass, never kept: an
 * image holds many and large ones. */
static bool got_binary(pass *ps, const cs_img_file *f,
		       const unsigned char *data, size_t len, bool jar)
{
	cs_catalog *cat = ps->cat;
	size_t before = ps->go.n;
	cs_error e = {0};
	const char *path = cs_arena_strdup(&cat->arena, f->path);
	kept k = {.path = f->path};
	if (!path) {
		ps->nomem = true;
		return false;
	}
	size_t skipped = ps->go.skipped;
	if (jar ? !cs_jar_parse(data, len, path, &cat->arena, &ps->go, &e)
		: !cs_go_buildinfo_parse(data, len, path, &cat->arena,
					 &ps->go, &e)) {
		if (e.code == CS_ERR_NOMEM) {
			ps->nomem = true;
			return false;
		}
		parse_failed(cat, &k, &e);
	} else if (e.message[0]) {
		parse_failed(cat, &k, &e);
	}
	if (jar && ps->go.skipped > skipped)
		note(cat, "%s: %zu malformed entr%s skipped", f->path,
		     ps->go.skipped - skipped,
		     ps->go.skipped - skipped == 1 ? "y" : "ies");
	if (ps->go.n > ps->go_cap) {
		size_t ncap = ps->go_cap ? ps->go_cap : 64;
		while (ncap < ps->go.n)
			ncap *= 2;
		int32_t *g = realloc(ps->go_layer, ncap * sizeof(*g));
		if (!g) {
			ps->nomem = true;
			return false;
		}
		ps->go_layer = g;
		ps->go_cap = ncap;
	}
	for (size_t j = before; j < ps->go.n; j++)
		ps->go_layer[j] = f->layer;
	return true;
}

static bool got(void *ctx, const cs_img_file *f, const unsigned char *data,
		size_t len, bool truncated)
{
	pass *ps = ctx;
	if (truncated) {
		note(ps->cat, "%s: larger than %u bytes, not read", f->path,
		     (unsigned)PKG_FILE_MAX);
		return true;
	}
	if (classify(ps, f->path) == K_NONE)
		return got_binary(ps, f, data, len, cs_jar_wanted(f->path));
	if (ps->nfiles == ps->cap) {
		size_t ncap = ps->cap ? ps->cap * 2 : 64;
		kept *g = realloc(ps->files, ncap * sizeof(*g));
		if (!g) {
			ps->nomem = true;
			return false;
		}
		ps->files = g;
		ps->cap = ncap;
	}
	kept *k = &ps->files[ps->nfiles];
	k->path = cs_arena_strdup(&ps->scratch, f->path);
	char *copy = cs_arena_alloc_raw(&ps->scratch, len + 1);
	if (!k->path || !copy) {
		note(ps->cat,
		     "%s: package files over %llu bytes in all, not read",
		     f->path, (unsigned long long)CS_CAT_MAX_KEPT);
		return true;
	}
	memcpy(copy, data, len);
	copy[len] = '\0';
	k->data = copy;
	k->len = len;
	k->layer = f->layer;
	k->k = classify(ps, f->path);
	ps->nfiles++;
	return true;
}

static int kept_cmp(const void *a, const void *b)
{
	return strcmp(((const kept *)a)->path, ((const kept *)b)->path);
}

static const kept *kept_find(const pass *ps, const char *path)
{
	kept key = {.path = path};
	return bsearch(&key, ps->files, ps->nfiles, sizeof(kept), kept_cmp);
}

static const char *layer_digest(const cs_image *img, int32_t layer)
{
	if (layer < 0 || (size_t)layer >= img->nlayers)
		return NULL;
	return img->layers[layer].digest;
}

static void hex(const unsigned char *md, size_t n, char *out)
{
	static const char x[] = "0123456789abcdef";
	for (size_t i = 0; i < n; i++) {
		out[2 * i] = x[md[i] >> 4];
		out[2 * i + 1] = x[md[i] & 15];
	}
	out[2 * n] = '\0';
}

static void sha_field(EVP_MD_CTX *md, const char *s)
{
	if (s)
		EVP_DigestUpdate(md, s, strlen(s));
	EVP_DigestUpdate(md, "", 1);
}

static bool pkg_id(cs_catalog *cat, cs_cat_pkg *cp)
{
	EVP_MD_CTX *md = EVP_MD_CTX_new();
	unsigned char d[EVP_MAX_MD_SIZE];
	unsigned dn = 0;
	if (!md || !EVP_DigestInit_ex(md, EVP_sha256(), NULL)) {
		EVP_MD_CTX_free(md);
		return false;
	}
	sha_field(md, cp->pkg.type);
	sha_field(md, cp->pkg.namespace);
	sha_field(md, cp->pkg.name);
	sha_field(md, cp->pkg.version);
	sha_field(md, cp->pkg.arch);
	sha_field(md, cp->pkg.source_path);
	bool ok = EVP_DigestFinal_ex(md, d, &dn) && dn >= 8;
	EVP_MD_CTX_free(md);
	char h[17];
	if (ok)
		hex(d, 8, h);
	cp->id = ok ? cs_arena_strdup(&cat->arena, h) : NULL;
	return cp->id != NULL;
}

static int scmp(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "");
}

static int pkg_cmp(const void *pa, const void *pb)
{
	const cs_pkg *a = &((const cs_cat_pkg *)pa)->pkg;
	const cs_pkg *b = &((const cs_cat_pkg *)pb)->pkg;
	int c;
	if ((c = scmp(a->type, b->type)) || (c = scmp(a->name, b->name)) ||
	    (c = scmp(a->version, b->version)) ||
	    (c = scmp(a->arch, b->arch)) ||
	    (c = scmp(a->source_path, b->source_path)))
		return c;
	return scmp(((const cs_cat_pkg *)pa)->id, ((const cs_cat_pkg *)pb)->id);
}

static const char *image_name(cs_catalog *cat, const cs_image *img)
{
	if (img->ref && *img->ref)
		return cs_arena_strdup(&cat->arena, img->ref);
	const char *s = img->source ? img->source : "";
	size_t n = strlen(s);
	while (n > 1 && s[n - 1] == '/')
		n--;
	const char *b = s + n;
	while (b > s && b[-1] != '/')
		b--;
	if (b == s + n)
		return "image";
	return cs_arena_strndup(&cat->arena, b, (size_t)(s + n - b));
}

/* pkg:oci/<last repository segment>@<digest>?repository_url=..&tag=.. */
static const char *image_purl(cs_catalog *cat)
{
	if (!cat->digest)
		return NULL;
	char *repo = cs_arena_strdup(&cat->arena, cat->name);
	if (!repo)
		return NULL;
	char *at = strchr(repo, '@');
	if (at)
		*at = '\0';
	const char *tag = NULL;
	char *colon = strrchr(repo, ':');
	if (colon && !strchr(colon, '/')) {
		*colon = '\0';
		tag = colon + 1;
	}
	const char *last = strrchr(repo, '/');
	cs_purl_qual q[2];
	size_t nq = 0;
	if (last)
		q[nq++] = (cs_purl_qual){"repository_url", repo};
	if (tag)
		q[nq++] = (cs_purl_qual){"tag", tag};
	return cs_purl_build(&cat->arena, "oci", NULL, last ? last + 1 : repo,
			     cat->digest, q, nq, NULL);
}

/* What is in the index and never read: said, not skipped.  Of the RPM
 * databases only rpmdb.sqlite is read: Berkeley DB (Packages) and NDB
 * (Packages.db) are not. */
static void unread_notes(cs_catalog *cat, const cs_image *img)
{
	static const char *const dirs[] = {
		"/var/lib/rpm", "/usr/lib/sysimage/rpm", "/usr/share/rpm"};
	static const char *const dbs[] = {"Packages", "Packages.db"};
	for (size_t i = 0; i < 3; i++)
		for (size_t j = 0; j < 2; j++) {
			char p[64];
			snprintf(p, sizeof(p), "%s/%s", dirs[i], dbs[j]);
			if (cs_image_find(img, p))
				note(cat,
				     "RPM database found, not read by this "
				     "version: %s",
				     p);
		}
}

static void parse_failed(cs_catalog *cat, const kept *k, const cs_error *e)
{
	if (e->mark.line)
		note(cat, "%s:%u: %s", k->path, e->mark.line, e->message);
	else
		note(cat, "%s: %s", k->path, e->message);
}

/* Fill in dpkg licences from the copyright files. */
static void dpkg_licenses(cs_catalog *cat, const pass *ps, cs_pkg_list *l)
{
	for (size_t i = 0; i < l->n; i++) {
		cs_pkg *p = &l->items[i];
		if (strcmp(p->type, "deb") != 0 || p->license)
			continue;
		char *path =
			cs_arena_printf(&ps->cat->arena,
					"/usr/share/doc/%s/copyright", p->name);
		if (!path)
			return;
		const kept *k = kept_find(ps, path);
		if (!k) {
			/* a doc directory that is a link to another's */
			const cs_img_file *f = cs_image_resolve(ps->img, path);
			k = f ? kept_find(ps, f->path) : NULL;
		}
		if (!k || k->k != K_COPYRIGHT)
			continue;
		const char **ids = NULL;
		size_t n = 0;
		cs_error e = {0};
		if (!cs_dpkg_copyright_licenses(k->data, k->len, &cat->arena,
						&ids, &n, &e)) {
			parse_failed(cat, k, &e);
			continue;
		}
		p->license = cs_license_and(ids, n, &cat->arena);
	}
}

static bool read_dbs(cs_catalog *cat, pass *ps, cs_pkg_list *l,
		     int32_t **layer_of, cs_error *err)
{
	const cs_os_release *os = cat->os_path ? &cat->os : NULL;
	size_t cap = 0;
	for (size_t i = 0; i < ps->nfiles; i++) {
		const kept *k = &ps->files[i];
		size_t before = l->n, skipped = l->skipped;
		cs_error e = {0};
		bool ok = true;
		/* the packages keep the path: it must outlive the pass */
		const char *path = cs_arena_strdup(&cat->arena, k->path);
		if (!path)
			continue;
		switch (k->k) {
		case K_DPKG:
		case K_STATUSD:
			ok = cs_dpkg_parse(k->data, k->len, path, os,
					   &cat->arena, l, &e);
			break;
		case K_APK:
			ok = cs_apk_parse(k->data, k->len, path, os,
					  &cat->arena, l, &e);
			break;
		case K_PYTHON:
			ok = cs_python_parse(k->data, k->len, path, &cat->arena,
					     l, &e);
			break;
		case K_NPM:
			ok = cs_npm_parse(k->data, k->len, path, &cat->arena, l,
					  &e);
			break;
		case K_RPMSQLITE:
			ok = cs_rpm_sqlite_parse((const unsigned char *)k->data,
						 k->len, path, os, &cat->arena,
						 l, &e);
			break;
		default:
			continue;
		}
		if (!ok) {
			if (e.code == CS_ERR_NOMEM) {
				*err = e;
				return false;
			}
			parse_failed(cat, k, &e);
		}
		if (l->skipped > skipped)
			note(cat, "%s: %zu malformed entr%s skipped", k->path,
			     l->skipped - skipped,
			     l->skipped - skipped == 1 ? "y" : "ies");
		if (l->n > cap) {
			size_t ncap = cap ? cap : 64;
			while (ncap < l->n)
				ncap *= 2;
			int32_t *g = realloc(*layer_of, ncap * sizeof(*g));
			if (!g) {
				cs_error_set(err, CS_ERR_NOMEM, (cs_mark){0},
					     "while cataloging packages",
					     "out of memory");
				return false;
			}
			*layer_of = g;
			cap = ncap;
		}
		for (size_t j = before; j < l->n; j++)
			(*layer_of)[j] = k->layer;
	}
	return true;
}

/* The Go packages after the databases' (their order is the archive's,
 * but the catalog is sorted in the end). */
static bool merge_go(pass *ps, cs_pkg_list *l, int32_t **layer_of,
		     cs_error *err)
{
	if (!ps->go.n)
		return true;
	int32_t *g = realloc(*layer_of, (l->n + ps->go.n) * sizeof(*g));
	if (!g) {
		cs_error_set(err, CS_ERR_NOMEM, (cs_mark){0},
			     "while cataloging packages", "out of memory");
		return false;
	}
	*layer_of = g;
	for (size_t i = 0; i < ps->go.n; i++) {
		size_t before = l->n;
		if (!cs_pkg_list_add(l, &ps->go.items[i], &ps->cat->arena,
				     err))
			return false;
		if (l->n > before)
			g[before] = ps->go_layer[i];
	}
	return true;
}

static bool content_hash(cs_catalog *cat)
{
	EVP_MD_CTX *md = EVP_MD_CTX_new();
	unsigned char d[EVP_MAX_MD_SIZE];
	unsigned dn = 0;
	if (!md || !EVP_DigestInit_ex(md, EVP_sha256(), NULL)) {
		EVP_MD_CTX_free(md);
		return false;
	}
	sha_field(md, cat->name);
	sha_field(md, cat->digest);
	for (size_t i = 0; i < cat->npkgs; i++) {
		sha_field(md, cat->pkgs[i].id);
		sha_field(md, cat->pkgs[i].pkg.license);
		sha_field(md, cat->pkgs[i].pkg.purl);
		sha_field(md, cat->pkgs[i].layer);
	}
	bool ok = EVP_DigestFinal_ex(md, d, &dn) && dn == 32;
	EVP_MD_CTX_free(md);
	if (ok)
		hex(d, 32, cat->content_sha256);
	return ok;
}

bool cs_catalog_image(cs_catalog *cat, const cs_image *img, cs_error *err)
{
	memset(cat, 0, sizeof(*cat));
	cs_arena_init(&cat->arena, 0);
	cat->name = image_name(cat, img);
	cat->digest = img->manifest_digest ? img->manifest_digest
					   : img->config_digest;
	if (cat->digest)
		cat->digest = cs_arena_strdup(&cat->arena, cat->digest);
	cat->purl = image_purl(cat);

	pass ps = {.cat = cat, .img = img};
	cs_arena_init(&ps.scratch, CS_CAT_MAX_KEPT);
	const cs_img_file *os = cs_image_resolve(img, "/etc/os-release");
	if (!os || !S_ISREG(os->mode))
		os = cs_image_resolve(img, "/usr/lib/os-release");
	if (os && S_ISREG(os->mode))
		ps.os_path = os->path;

	bool ok = false;
	cs_pkg_list l;
	cs_pkg_list_init(&l);
	cs_pkg_list_init(&ps.go);
	int32_t *layer_of = NULL;
	if (!cs_image_contents(img, want, got, &ps, PKG_FILE_MAX, err)) {
		if (ps.nomem)
			cs_error_set(err, CS_ERR_NOMEM, (cs_mark){0},
				     "while cataloging packages",
				     "out of memory");
		goto out;
	}
	qsort(ps.files, ps.nfiles, sizeof(kept), kept_cmp);

	for (size_t i = 0; i < ps.nfiles; i++) {
		const kept *k = &ps.files[i];
		if (k->k != K_OS)
			continue;
		cs_error e = {0};
		if (!cs_os_release_parse(k->data, k->len, &cat->arena, &cat->os,
					 &e)) {
			parse_failed(cat, k, &e);
			memset(&cat->os, 0, sizeof(cat->os));
		} else {
			cat->os_path = cs_arena_strdup(&cat->arena, k->path);
		}
	}
	if (!read_dbs(cat, &ps, &l, &layer_of, err))
		goto out;
	if (!merge_go(&ps, &l, &layer_of, err))
		goto out;
	dpkg_licenses(cat, &ps, &l);
	unread_notes(cat, img);

	cat->pkgs = cs_arena_alloc(&cat->arena,
				   (l.n ? l.n : 1) * sizeof(*cat->pkgs));
	if (!cat->pkgs)
		goto nomem;
	size_t nopurl = 0;
	for (size_t i = 0; i < l.n; i++) {
		cs_cat_pkg *cp = &cat->pkgs[i];
		cp->pkg = l.items[i];
		cp->layer_index = layer_of[i];
		cp->layer = layer_digest(img, layer_of[i]);
		if (!pkg_id(cat, cp))
			goto nomem;
		if (!cp->pkg.purl)
			nopurl++;
	}
	cat->npkgs = l.n;
	qsort(cat->pkgs, cat->npkgs, sizeof(*cat->pkgs), pkg_cmp);
	if (nopurl)
		note(cat, "%zu package%s without a purl (%s)", nopurl,
		     nopurl == 1 ? "" : "s",
		     cat->os_path ? "the distribution is not known to purl"
				  : "no os-release found");
	if (!content_hash(cat))
		goto nomem;
	ok = true;
	goto out;
nomem:
	cs_error_set(err, CS_ERR_NOMEM, (cs_mark){0},
		     "while cataloging packages", "out of memory");
out:
	free(layer_of);
	free(ps.files);
	free(ps.go_layer);
	cs_arena_free(&ps.scratch);
	return ok;
}

void cs_catalog_free(cs_catalog *cat)
{
	cs_arena_free(&cat->arena);
	memset(cat, 0, sizeof(*cat));
}

void cs_sbom_time(int64_t t, char *buf, size_t size)
{
	time_t tt = (time_t)t;
	struct tm tm;
	if (!gmtime_r(&tt, &tm) ||
	    !strftime(buf, size, "%Y-%m-%dT%H:%M:%SZ", &tm))
		snprintf(buf, size, "1970-01-01T00:00:00Z");
}

char *cs_sbom_idsafe(cs_arena *a, const char *s)
{
	char *o = cs_arena_strdup(a, s ? s : "");
	if (!o)
		return NULL;
	for (char *p = o; *p; p++) {
		unsigned char c = (unsigned char)*p;
		if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		      (c >= '0' && c <= '9') || c == '.' || c == '-'))
			*p = '-';
	}
	return o;
}

/* SPDX ids the readers produce and CycloneDX's licence enum holds. */
static const char *const KNOWN_IDS[] = {
	"0BSD",
	"AGPL-3.0-only",
	"AGPL-3.0-or-later",
	"Apache-1.0",
	"Apache-1.1",
	"Apache-2.0",
	"Artistic-1.0",
	"Artistic-2.0",
	"BSD-1-Clause",
	"BSD-2-Clause",
	"BSD-3-Clause",
	"BSD-4-Clause",
	"BSL-1.0",
	"CC-BY-3.0",
	"CC-BY-4.0",
	"CC-BY-SA-3.0",
	"CC-BY-SA-4.0",
	"CC0-1.0",
	"EPL-1.0",
	"EPL-2.0",
	"FTL",
	"GFDL-1.2-only",
	"GFDL-1.2-or-later",
	"GFDL-1.3-only",
	"GFDL-1.3-or-later",
	"GPL-1.0-only",
	"GPL-1.0-or-later",
	"GPL-2.0-only",
	"GPL-2.0-or-later",
	"GPL-3.0-only",
	"GPL-3.0-or-later",
	"ISC",
	"LGPL-2.0-only",
	"LGPL-2.0-or-later",
	"LGPL-2.1-only",
	"LGPL-2.1-or-later",
	"LGPL-3.0-only",
	"LGPL-3.0-or-later",
	"MIT",
	"MIT-0",
	"MPL-1.1",
	"MPL-2.0",
	"OFL-1.1",
	"OpenSSL",
	"PSF-2.0",
	"Python-2.0",
	"SSLeay",
	"Unlicense",
	"WTFPL",
	"X11",
	"ZPL-2.1",
	"Zlib",
	"curl",
};

static bool known_n(const char *s, size_t n)
{
	for (size_t i = 0; i < sizeof(KNOWN_IDS) / sizeof(KNOWN_IDS[0]); i++)
		if (strlen(KNOWN_IDS[i]) == n &&
		    memcmp(KNOWN_IDS[i], s, n) == 0)
			return true;
	return false;
}

static bool idchar(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	       (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '+';
}

bool cs_sbom_is_expression(const char *s)
{
	if (!s || !*s)
		return false;
	/* tokens: ids and operators; an operand must follow each operator
	 * and parentheses must balance (depth bounded by the length) */
	int depth = 0;
	bool want_operand = true;
	const char *p = s;
	while (*p) {
		if (*p == ' ') {
			p++;
			continue;
		}
		if (*p == '(') {
			if (!want_operand)
				return false;
			depth++;
			p++;
			continue;
		}
		if (*p == ')') {
			if (want_operand || --depth < 0)
				return false;
			p++;
			continue;
		}
		const char *b = p;
		while (idchar(*p))
			p++;
		size_t n = (size_t)(p - b);
		if (n == 0)
			return false;
		bool op = (n == 3 && memcmp(b, "AND", 3) == 0) ||
			  (n == 2 && memcmp(b, "OR", 2) == 0) ||
			  (n == 4 && memcmp(b, "WITH", 4) == 0);
		if (op == want_operand)
			return false;
		if (!op && !known_n(b, n) &&
		    !(n > 11 && memcmp(b, "LicenseRef-", 11) == 0))
			return false;
		want_operand = op;
	}
	return depth == 0 && !want_operand;
}

bool cs_sbom_known_id(const char *s)
{
	for (size_t i = 0; i < sizeof(KNOWN_IDS) / sizeof(KNOWN_IDS[0]); i++)
		if (strcmp(KNOWN_IDS[i], s) == 0)
			return true;
	return false;
}

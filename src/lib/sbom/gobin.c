/*
 * gobin.c - the modules a Go binary was built from, read from the build
 * information the Go linker embeds (runtime/debug.BuildInfo).
 *
 * A binary is the largest and least trusted input a reader gets, so the
 * reader looks only where Go puts the blob: the ELF `.go.buildinfo`
 * section when the section headers are sound, else the 14-byte magic at
 * a 16-byte aligned offset (stripped or non-ELF binaries).  Every offset
 * is checked against the buffer before it is used; the scan and the
 * modinfo pass are each linear.  Only the Go >= 1.18 layout, with its
 * strings inline after the header, is read: the older layout holds
 * pointers that need the program's address map, and is reported as not
 * read rather than guessed at.
 */
#include "pkg.h"

#include <stdio.h>
#include <string.h>

#define CATALOGER "go-module-binary-cataloger"

static const unsigned char MAGIC[14] = "\xff Go buildinf:";
#define HDR_LEN 32u

static uint64_t rd(const unsigned char *p, size_t n, bool be)
{
	uint64_t v = 0;
	for (size_t i = 0; i < n; i++)
		v |= (uint64_t)p[be ? i : n - 1 - i] << (8 * (n - 1 - i));
	return v;
}

/* The .go.buildinfo section's bytes, or NULL when the ELF headers do not
 * lead to one that starts with the magic. */
static const unsigned char *elf_section(const unsigned char *b, size_t len,
					size_t *out_len)
{
	if (len < 52 || memcmp(b, "\x7f" "ELF", 4) != 0)
		return NULL;
	bool is64 = b[4] == 2, be = b[5] == 2;
	if ((b[4] != 1 && !is64) || (b[5] != 1 && !be))
		return NULL;
	if (is64 && len < 64)
		return NULL;
	uint64_t shoff = is64 ? rd(b + 0x28, 8, be) : rd(b + 0x20, 4, be);
	size_t at = is64 ? 0x3a : 0x2e;
	uint64_t shentsize = rd(b + at, 2, be);
	uint64_t shnum = rd(b + at + 2, 2, be);
	uint64_t shstrndx = rd(b + at + 4, 2, be);
	uint64_t need = is64 ? 0x28 : 0x18;
	if (shentsize < need || shnum == 0 || shstrndx >= shnum ||
	    shoff > len || shnum * shentsize > len - shoff)
		return NULL;
	const unsigned char *sh = b + shoff;
	const unsigned char *str = sh + shstrndx * shentsize;
	uint64_t stroff = is64 ? rd(str + 0x18, 8, be) : rd(str + 0x10, 4, be);
	uint64_t strsz = is64 ? rd(str + 0x20, 8, be) : rd(str + 0x14, 4, be);
	if (stroff > len || strsz > len - stroff)
		return NULL;
	static const char want[] = ".go.buildinfo";
	for (uint64_t i = 0; i < shnum; i++) {
		const unsigned char *s = sh + i * shentsize;
		uint64_t name = rd(s, 4, be);
		uint64_t type = rd(s + 4, 4, be);
		uint64_t off = is64 ? rd(s + 0x18, 8, be) : rd(s + 0x10, 4, be);
		uint64_t sz = is64 ? rd(s + 0x20, 8, be) : rd(s + 0x14, 4, be);
		if (type == 8 /* SHT_NOBITS */ || name >= strsz ||
		    strsz - name < sizeof(want) ||
		    memcmp(b + stroff + name, want, sizeof(want)) != 0)
			continue;
		if (off > len || sz > len - off || sz < HDR_LEN ||
		    memcmp(b + off, MAGIC, sizeof(MAGIC)) != 0)
			return NULL;
		*out_len = (size_t)sz;
		return b + off;
	}
	return NULL;
}

static const unsigned char *find_blob(const unsigned char *b, size_t len,
				      size_t *out_len)
{
	const unsigned char *s = elf_section(b, len, out_len);
	if (s)
		return s;
	for (size_t i = 0; len >= HDR_LEN && i <= len - HDR_LEN; i += 16)
		if (b[i] == 0xff && memcmp(b + i, MAGIC, sizeof(MAGIC)) == 0) {
			*out_len = len - i;
			return b + i;
		}
	return NULL;
}

/* A uvarint-prefixed string at *p: false when it does not fit. */
static bool vstring(const unsigned char **p, const unsigned char *end,
		    const char **s, size_t *n)
{
	uint64_t v = 0;
	for (unsigned shift = 0;; shift += 7) {
		if (*p >= end || shift > 63)
			return false;
		unsigned char c = *(*p)++;
		v |= (uint64_t)(c & 0x7f) << shift;
		if (!(c & 0x80))
			break;
	}
	if (v > (uint64_t)(end - *p))
		return false;
	*s = (const char *)*p;
	*n = (size_t)v;
	*p += v;
	return true;
}

typedef struct gctx {
	cs_arena *a;
	cs_pkg_list *out;
	const char *source_path;
	const char *arch;
	cs_error *err;
} gctx;

/* One tab-separated field of line [*p, end). */
static const char *field(const char **p, const char *end, size_t *n)
{
	const char *b = *p;
	const char *t = memchr(b, '\t', (size_t)(end - b));
	const char *e = t ? t : end;
	*n = (size_t)(e - b);
	*p = t ? t + 1 : end;
	return b;
}

typedef struct gmod {
	const char *path, *version;
	size_t path_len, version_len;
	uint32_t line;
	bool set;
} gmod;

static bool nomem(cs_error *err)
{
	cs_error_set(err, CS_ERR_NOMEM, (cs_mark){0},
		     "while reading Go build info", "out of memory");
	return false;
}

static bool add_mod(gctx *g, const gmod *m)
{
	cs_pkg p = {
		.type = "golang",
		.arch = g->arch,
		.source_path = g->source_path,
		.origin_cataloger = CATALOGER,
		.mark = {m->line, 1},
	};
	int r = cs_pkg_keep(g->a, m->path, m->path_len, &p.name);
	if (r == 0) {
		if (m->version_len)
			r = cs_pkg_keep(g->a, m->version, m->version_len,
					&p.version);
		else
			p.version = "(devel)";
	}
	if (r < 0)
		return nomem(g->err);
	if (r > 0 || strchr(p.name, '\t') || strchr(p.version, '\t')) {
		g->out->skipped++;
		return true;
	}
	const char *slash = strrchr(p.name, '/');
	if (slash) {
		p.namespace = cs_arena_strndup(g->a, p.name,
					       (size_t)(slash - p.name));
		if (!p.namespace)
			return nomem(g->err);
	}
	p.purl = cs_purl_golang(g->a, p.name, p.version);
	if (!p.purl)
		return nomem(g->err);
	return cs_pkg_list_add(g->out, &p, g->a, g->err);
}

/* GOARCH from the build lines, which follow the modules. */
static const char *find_arch(cs_arena *a, const char *s, size_t n)
{
	static const char key[] = "build\tGOARCH=";
	const char *end = s + n;
	for (const char *p = s; p < end;) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *le = nl ? nl : end;
		size_t k = sizeof(key) - 1;
		const char *v = NULL;
		if ((size_t)(le - p) > k && memcmp(p, key, k) == 0 &&
		    cs_pkg_keep(a, p + k, (size_t)(le - p) - k, &v) == 0 &&
		    !strchr(v, '\t'))
			return v;
		p = nl ? nl + 1 : end;
	}
	return NULL;
}

static bool modinfo(gctx *g, const char *s, size_t n)
{
	/* debug/buildinfo's test for the sentinels around the text */
	if (n >= 33 && s[n - 17] == '\n') {
		s += 16;
		n -= 32;
	}
	g->arch = find_arch(g->a, s, n);
	const char *end = s + n;
	gmod cur = {0};
	uint32_t line = 0;
	for (const char *p = s; p < end;) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *le = nl ? nl : end;
		const char *q = p;
		p = nl ? nl + 1 : end;
		if (line < UINT32_MAX)
			line++;
		size_t kn;
		const char *k = field(&q, le, &kn);
		bool is_mod = kn == 3 && (memcmp(k, "mod", 3) == 0 ||
					  memcmp(k, "dep", 3) == 0);
		bool is_rep = kn == 2 && memcmp(k, "=>", 2) == 0;
		if (!is_mod && !is_rep)
			continue; /* path, build, and what is not known */
		if (is_rep && !cur.set) {
			g->out->skipped++;
			continue;
		}
		if (is_mod && cur.set && !add_mod(g, &cur))
			return false;
		gmod m = {.line = line, .set = true};
		m.path = field(&q, le, &m.path_len);
		m.version = field(&q, le, &m.version_len);
		if (!m.path_len) {
			g->out->skipped++;
			cur.set = false;
			continue;
		}
		if (is_rep && (m.path[0] == '.' || m.path[0] == '/')) {
			/* a local directory: the module keeps its path,
			 * its code is no published version */
			cur.version_len = 0;
			continue;
		}
		cur = m;
	}
	return !cur.set || add_mod(g, &cur);
}

/* "go1.22.2" -> "1.22.2"; experiment suffixes after a space dropped. */
static bool stdlib(gctx *g, const char *v, size_t n)
{
	const char *sp = memchr(v, ' ', n);
	if (sp)
		n = (size_t)(sp - v);
	if (n < 3 || memcmp(v, "go", 2) != 0) {
		g->out->skipped++;
		return true;
	}
	cs_pkg p = {
		.type = "golang",
		.name = "stdlib",
		.arch = g->arch,
		.source_path = g->source_path,
		.origin_cataloger = CATALOGER,
		.mark = {1, 1},
	};
	int r = cs_pkg_keep(g->a, v + 2, n - 2, &p.version);
	if (r < 0)
		return nomem(g->err);
	if (r > 0 || strchr(p.version, '\t')) {
		g->out->skipped++;
		return true;
	}
	p.purl = cs_purl_golang(g->a, "stdlib", p.version);
	if (!p.purl)
		return nomem(g->err);
	return cs_pkg_list_add(g->out, &p, g->a, g->err);
}

bool cs_go_buildinfo_parse(const unsigned char *bin, size_t len,
			   const char *source_path, cs_arena *a,
			   cs_pkg_list *out, cs_error *err)
{
	if (len > CS_PKG_MAX_INPUT) {
		cs_error_set(err, CS_ERR_LIMIT, (cs_mark){0},
			     "while reading Go build info",
			     "binary larger than %u bytes",
			     (unsigned)CS_PKG_MAX_INPUT);
		return false;
	}
	size_t blen = 0;
	const unsigned char *b = bin ? find_blob(bin, len, &blen) : NULL;
	if (!b)
		return true; /* not a Go binary, or one built without modules */
	if (!(b[15] & 2)) {
		out->ignored++;
		err->code = CS_OK;
		err->mark = (cs_mark){0};
		err->context[0] = '\0';
		snprintf(err->message, sizeof(err->message), "%s",
			 "Go build info older than Go 1.18: not read by this "
			 "version");
		return true;
	}
	const unsigned char *p = b + HDR_LEN, *end = b + blen;
	const char *ver, *mi;
	size_t vn, mn;
	if (!vstring(&p, end, &ver, &vn) || !vstring(&p, end, &mi, &mn)) {
		cs_error_set(err, CS_ERR_PARSE, (cs_mark){0},
			     "while reading Go build info",
			     "truncated Go build info");
		return false;
	}
	gctx g = {.a = a, .out = out, .source_path = source_path, .err = err};
	if (!modinfo(&g, mi, mn))
		return false;
	if (mn == 0 && vn == 0)
		return true;
	return stdlib(&g, ver, vn);
}

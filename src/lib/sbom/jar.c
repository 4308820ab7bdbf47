/*
 * jar.c - Java archives (JAR, WAR, EAR): the Maven packages they carry.
 *
 * A JAR is a zip.  libarchive reads it from memory, one entry at a time,
 * and nothing is ever written to disk.  Maven writes
 * META-INF/maven/<group>/<artifact>/pom.properties into every artifact it
 * builds, and shaded jars keep one per artifact they swallowed, so each
 * pom.properties is one package.  A jar without one may still name itself
 * in META-INF/MANIFEST.MF; that is the fallback, as in syft.  Archives
 * inside the archive (Spring Boot's BOOT-INF/lib, a WAR's WEB-INF/lib, an
 * EAR's modules) are read the same way, from a bounded in-memory copy.
 *
 * Zips are hostile in their own ways: an entry that inflates to gigabytes,
 * a jar in a jar in a jar.  Every nested archive has a size cap, nesting
 * has a depth cap, and the entries and inflated bytes of one call have a
 * cap across all levels, so the work is linear in what the caps allow.
 */
#include "pkg.h"

#include <archive.h>
#include <archive_entry.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define POM_MAX     (1u << 20)  /* pom.properties or MANIFEST.MF */
#define LINE_MAX_JP (2u * CS_PKG_MAX_FIELD)

typedef struct jctx {
	cs_arena *a;
	cs_pkg_list *out;
	size_t entries;
	size_t bytes;
	cs_error *err;
} jctx;

static bool has_suffix_ci(const char *s, const char *suf)
{
	size_t n = strlen(s), k = strlen(suf);
	return n >= k && strcasecmp(s + n - k, suf) == 0;
}

bool cs_jar_wanted(const char *path)
{
	return has_suffix_ci(path, ".jar") || has_suffix_ci(path, ".war") ||
	       has_suffix_ci(path, ".ear");
}

/*
 * META-INF/maven/G/A/pom.properties with G and A single non-empty
 * segments: their spans in *g and *art.
 */
static bool pom_path(const char *p, const char **g, size_t *gl,
		     const char **art, size_t *al)
{
	static const char pre[] = "META-INF/maven/";
	static const char suf[] = "/pom.properties";
	if (strncmp(p, pre, sizeof(pre) - 1) != 0)
		return false;
	const char *s = p + sizeof(pre) - 1;
	const char *slash = strchr(s, '/');
	if (!slash || slash == s)
		return false;
	const char *s2 = slash + 1;
	const char *slash2 = strchr(s2, '/');
	if (!slash2 || slash2 == s2 || strcmp(slash2, suf) != 0)
		return false;
	*g = s;
	*gl = (size_t)(slash - s);
	*art = s2;
	*al = (size_t)(slash2 - s2);
	return true;
}

/* The entry's data, at most `max` bytes; NULL (and *over) past that. */
static unsigned char *read_entry(jctx *c, struct archive *ar, size_t max,
				 size_t *len, bool *over, bool *nomem)
{
	size_t cap = 0, n = 0;
	unsigned char *buf = NULL;
	*over = false;
	*nomem = false;
	for (;;) {
		if (n == cap) {
			if (cap > max) {
				*over = true;
				break;
			}
			size_t ncap = cap ? cap * 2 : 4096;
			if (ncap > max + 1)
				ncap = max + 1;
			unsigned char *g = realloc(buf, ncap);
			if (!g) {
				*nomem = true;
				break;
			}
			buf = g;
			cap = ncap;
		}
		la_ssize_t r = archive_read_data(ar, buf + n, cap - n);
		if (r == 0) {
			*len = n;
			return buf;
		}
		if (r < 0)
			break;
		n += (size_t)r;
		c->bytes += (size_t)r;
		if (n > max) {
			*over = true;
			break;
		}
		if (c->bytes > CS_JAR_MAX_BYTES) {
			*over = true;
			break;
		}
	}
	free(buf);
	return NULL;
}

static int hexval(char ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	if (ch >= 'a' && ch <= 'f')
		return ch - 'a' + 10;
	if (ch >= 'A' && ch <= 'F')
		return ch - 'A' + 10;
	return -1;
}

typedef struct props {
	const char *group, *artifact, *version;
	size_t bad;
} props;

/* One logical line, continuations joined and escapes decoded. */
static void prop_line(jctx *c, props *pr, const char *s, size_t n)
{
	char key[32], val[LINE_MAX_JP];
	size_t kn = 0, vn = 0;
	size_t i = 0;
	bool in_key = true, kover = false, vover = false;
	while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\f'))
		i++;
	if (i == n || s[i] == '#' || s[i] == '!')
		return;
	while (i < n) {
		char ch = s[i++];
		if (ch == '\\' && i < n) {
			char e = s[i++];
			unsigned cp = (unsigned char)e;
			if (e == 'u' && i + 4 <= n) {
				cp = 0;
				for (int k = 0; k < 4; k++) {
					int h = hexval(s[i + (size_t)k]);
					if (h < 0) {
						pr->bad++;
						return;
					}
					cp = cp << 4 | (unsigned)h;
				}
				i += 4;
			} else if (e == 't') {
				cp = '\t';
			} else if (e == 'n' || e == 'r' || e == 'f' ||
				   e == 'u') {
				pr->bad++;
				return;
			}
			char enc[3];
			size_t en;
			if (cp < 0x80) {
				enc[0] = (char)cp;
				en = 1;
			} else if (cp < 0x800) {
				enc[0] = (char)(0xc0 | cp >> 6);
				enc[1] = (char)(0x80 | (cp & 0x3f));
				en = 2;
			} else {
				enc[0] = (char)(0xe0 | cp >> 12);
				enc[1] = (char)(0x80 | (cp >> 6 & 0x3f));
				enc[2] = (char)(0x80 | (cp & 0x3f));
				en = 3;
			}
			for (size_t k = 0; k < en; k++) {
				if (in_key) {
					if (kn < sizeof(key))
						key[kn++] = enc[k];
					else
						kover = true;
				} else if (vn < sizeof(val)) {
					val[vn++] = enc[k];
				} else {
					vover = true;
				}
			}
			continue;
		}
		if (in_key) {
			if (ch == '=' || ch == ':' || ch == ' ' ||
			    ch == '\t' || ch == '\f') {
				in_key = false;
				/* the separator: white space, then at most
				 * one = or :, then white space */
				while (i < n && (s[i] == ' ' || s[i] == '\t' ||
						 s[i] == '\f'))
					i++;
				if ((ch == ' ' || ch == '\t' || ch == '\f') &&
				    i < n && (s[i] == '=' || s[i] == ':')) {
					i++;
				}
				while (i < n && (s[i] == ' ' || s[i] == '\t' ||
						 s[i] == '\f'))
					i++;
				continue;
			}
			if (kn < sizeof(key))
				key[kn++] = ch;
			else
				kover = true;
		} else if (vn < sizeof(val)) {
			val[vn++] = ch;
		} else {
			vover = true;
		}
	}
	if (kover)
		return;
	const char **slot = NULL;
	if (kn == 7 && memcmp(key, "groupId", 7) == 0)
		slot = &pr->group;
	else if (kn == 10 && memcmp(key, "artifactId", 10) == 0)
		slot = &pr->artifact;
	else if (kn == 7 && memcmp(key, "version", 7) == 0)
		slot = &pr->version;
	if (!slot)
		return;
	while (vn && (val[vn - 1] == ' ' || val[vn - 1] == '\t'))
		vn--;
	const char *kept;
	if (vover || cs_pkg_keep(c->a, val, vn, &kept) != 0) {
		pr->bad++;
		return;
	}
	*slot = kept;
}

/*
 * Java properties: lines end in LF, CR or CRLF; a line ending in an odd
 * number of backslashes continues on the next, whose leading white space
 * is dropped.  A logical line longer than LINE_MAX_JP is stepped over.
 */
static void props_parse(jctx *c, const char *d, size_t len, props *pr)
{
	char line[LINE_MAX_JP];
	size_t ln = 0;
	bool over = false, cont = false;
	size_t i = 0;
	while (i < len) {
		size_t j = i;
		while (j < len && d[j] != '\n' && d[j] != '\r')
			j++;
		size_t s = i;
		if (cont)
			while (s < j && (d[s] == ' ' || d[s] == '\t' ||
					 d[s] == '\f'))
				s++;
		size_t bs = 0;
		while (bs < j - s && d[j - 1 - bs] == '\\')
			bs++;
		bool more = bs % 2 == 1;
		size_t take = j - s - (more ? 1 : 0);
		if (ln + take > sizeof(line))
			over = true;
		else if (!over) {
			memcpy(line + ln, d + s, take);
			ln += take;
		}
		if (j < len && d[j] == '\r' && j + 1 < len && d[j + 1] == '\n')
			j++;
		i = j < len ? j + 1 : j;
		if (more && i < len) {
			cont = true;
			continue;
		}
		if (over)
			pr->bad++;
		else
			prop_line(c, pr, line, ln);
		ln = 0;
		over = false;
		cont = false;
	}
}

static bool add(jctx *c, const char *group, const char *artifact,
		const char *version, const char *path)
{
	cs_pkg p = {0};
	p.type = "maven";
	p.namespace = group;
	p.name = artifact;
	p.version = version;
	p.purl = cs_purl_maven(c->a, group, artifact, version);
	p.source_path = path;
	p.origin_cataloger = "java-archive-cataloger";
	/* a zip has no lines: the mark is the entry's ordinal in the call */
	p.mark = (cs_mark){(uint32_t)c->entries, 0};
	if (!p.purl) {
		cs_error_set(c->err, CS_ERR_NOMEM, (cs_mark){0, 0}, NULL,
			     "out of memory");
		return false;
	}
	return cs_pkg_list_add(c->out, &p, c->a, c->err);
}

static bool pom_entry(jctx *c, const char *d, size_t len, const char *g,
		      size_t gl, const char *art, size_t al, const char *path)
{
	props pr = {0};
	props_parse(c, d, len, &pr);
	c->out->skipped += pr.bad;
	if (!pr.group && cs_pkg_keep(c->a, g, gl, &pr.group) < 0)
		goto nomem;
	if (!pr.artifact && cs_pkg_keep(c->a, art, al, &pr.artifact) < 0)
		goto nomem;
	if (!pr.group || !pr.artifact || !pr.version) {
		c->out->skipped++;
		return true;
	}
	return add(c, pr.group, pr.artifact, pr.version, path);
nomem:
	cs_error_set(c->err, CS_ERR_NOMEM, (cs_mark){0, 0}, NULL,
		     "out of memory");
	return false;
}

/* The main section of MANIFEST.MF names the jar when nothing else does. */
static bool manifest_entry(jctx *c, const char *d, size_t len,
			   const char *path)
{
	cs_rfc822 r;
	cs_rfc822_field f;
	cs_rfc822_ev ev;
	const char *title = NULL, *ver = NULL, *vendor = NULL;
	const char *bsn = NULL, *bver = NULL;
	size_t tl = 0, vl = 0, vdl = 0, bl = 0, bvl = 0;
	cs_rfc822_init(&r, d, len);
	while ((ev = cs_rfc822_next(&r, &f)) != CS_RFC822_EOF) {
		if (ev == CS_RFC822_BLANK)
			break;
		if (ev != CS_RFC822_FIELD)
			continue;
		if (cs_rfc822_is(&f, "Implementation-Title"))
			title = f.value, tl = f.value_len;
		else if (cs_rfc822_is(&f, "Implementation-Version"))
			ver = f.value, vl = f.value_len;
		else if (cs_rfc822_is(&f, "Implementation-Vendor-Id"))
			vendor = f.value, vdl = f.value_len;
		else if (cs_rfc822_is(&f, "Bundle-SymbolicName"))
			bsn = f.value, bl = f.value_len;
		else if (cs_rfc822_is(&f, "Bundle-Version"))
			bver = f.value, bvl = f.value_len;
	}
	const char *name = NULL, *v = NULL, *g = NULL;
	int rc;
	if (title && ver) {
		rc = cs_pkg_keep(c->a, title, tl, &name);
		if (rc == 0)
			rc = cs_pkg_keep(c->a, ver, vl, &v);
		if (rc == 0 && vendor && cs_pkg_keep(c->a, vendor, vdl, &g) < 0)
			rc = -1;
	} else if (bsn && bver) {
		/* "org.foo.bar;singleton:=true": the name is before ';' */
		const char *semi = memchr(bsn, ';', bl);
		if (semi)
			bl = (size_t)(semi - bsn);
		while (bl && (bsn[bl - 1] == ' ' || bsn[bl - 1] == '\t'))
			bl--;
		rc = cs_pkg_keep(c->a, bsn, bl, &name);
		if (rc == 0)
			rc = cs_pkg_keep(c->a, bver, bvl, &v);
	} else {
		return true;
	}
	if (rc < 0) {
		cs_error_set(c->err, CS_ERR_NOMEM, (cs_mark){0, 0}, NULL,
			     "out of memory");
		return false;
	}
	if (rc > 0) {
		c->out->skipped++;
		return true;
	}
	return add(c, g, name, v, path);
}

static bool read_zip(jctx *c, const unsigned char *zip, size_t len,
		     const char *path, unsigned depth);

static bool nested(jctx *c, struct archive *ar, const char *name,
		   const char *path, unsigned depth)
{
	bool over, nomem;
	size_t n = 0;
	unsigned char *d = read_entry(c, ar, CS_JAR_MAX_NESTED, &n, &over,
				      &nomem);
	if (nomem) {
		cs_error_set(c->err, CS_ERR_NOMEM, (cs_mark){0, 0}, NULL,
			     "out of memory");
		return false;
	}
	if (!d) {
		c->out->skipped++;
		return true;
	}
	const char *sub = cs_arena_printf(c->a, "%s!/%s", path, name);
	bool ok = sub != NULL;
	if (!ok)
		cs_error_set(c->err, CS_ERR_NOMEM, (cs_mark){0, 0}, NULL,
			     "out of memory");
	else
		ok = read_zip(c, d, n, sub, depth + 1);
	free(d);
	return ok;
}

/*
 * One archive.  Error messages do not name the archive: the caller
 * knows it.  The outer one must be a readable zip; a nested one that
 * is not is a malformed entry of its parent, stepped over and counted.
 * Recursion is bounded by CS_JAR_MAX_DEPTH.
 */
static bool read_zip(jctx *c, const unsigned char *zip, size_t len,
		     const char *path, unsigned depth)
{
	struct archive *ar = archive_read_new();
	if (!ar) {
		cs_error_set(c->err, CS_ERR_NOMEM, (cs_mark){0, 0}, NULL,
			     "out of memory");
		return false;
	}
	bool ok = true, found = false, broken = false;
	unsigned char *mf = NULL;
	size_t mflen = 0;
	archive_read_support_format_zip(ar);
	if (archive_read_open_memory(ar, zip, len) != ARCHIVE_OK) {
		broken = true;
		goto done;
	}
	for (;;) {
		struct archive_entry *e;
		int r = archive_read_next_header(ar, &e);
		if (r == ARCHIVE_EOF)
			break;
		if (r != ARCHIVE_OK && r != ARCHIVE_WARN) {
			broken = true;
			break;
		}
		if (++c->entries > CS_JAR_MAX_ENTRIES) {
			cs_error_set(c->err, CS_ERR_LIMIT, (cs_mark){0, 0},
				     NULL, "more than %u zip entries in all",
				     CS_JAR_MAX_ENTRIES);
			ok = false;
			break;
		}
		if (c->bytes > CS_JAR_MAX_BYTES) {
			cs_error_set(c->err, CS_ERR_LIMIT, (cs_mark){0, 0},
				     NULL,
				     "more than %llu bytes inflated in all",
				     (unsigned long long)CS_JAR_MAX_BYTES);
			ok = false;
			break;
		}
		const char *name = archive_entry_pathname(e);
		if (!name || archive_entry_filetype(e) == AE_IFDIR)
			continue;
		const char *g, *art;
		size_t gl, al;
		bool pom = pom_path(name, &g, &gl, &art, &al);
		bool man = strcmp(name, "META-INF/MANIFEST.MF") == 0 && !mf;
		if (pom || man) {
			bool over, nomem;
			size_t n = 0;
			unsigned char *d = read_entry(c, ar, POM_MAX, &n,
						      &over, &nomem);
			if (nomem) {
				cs_error_set(c->err, CS_ERR_NOMEM,
					     (cs_mark){0, 0}, NULL,
					     "out of memory");
				ok = false;
				break;
			}
			if (!d) {
				c->out->skipped++;
				continue;
			}
			if (man) {
				mf = d;
				mflen = n;
				continue;
			}
			found = true;
			ok = pom_entry(c, (const char *)d, n, g, gl, art, al,
				       path);
			free(d);
			if (!ok)
				break;
		} else if (cs_jar_wanted(name)) {
			if (depth >= CS_JAR_MAX_DEPTH) {
				c->out->skipped++;
				continue;
			}
			if (!nested(c, ar, name, path, depth)) {
				ok = false;
				break;
			}
		}
	}
	if (ok && !found && mf)
		ok = manifest_entry(c, (const char *)mf, mflen, path);
done:
	free(mf);
	archive_read_free(ar);
	if (ok && broken) {
		if (depth == 0) {
			cs_error_set(c->err, CS_ERR_PARSE, (cs_mark){0, 0},
				     NULL, "not a readable zip archive");
			return false;
		}
		c->out->skipped++;
	}
	return ok;
}

bool cs_jar_parse(const unsigned char *zip, size_t len,
		  const char *source_path, cs_arena *a, cs_pkg_list *out,
		  cs_error *err)
{
	jctx c = {.a = a, .out = out, .err = err};
	if (len > CS_PKG_MAX_INPUT) {
		cs_error_set(err, CS_ERR_LIMIT, (cs_mark){0, 0}, NULL,
			     "larger than %u bytes", CS_PKG_MAX_INPUT);
		return false;
	}
	return read_zip(&c, zip, len, source_path, 0);
}

/*
 * purl.c - package URLs; see pkg.h.
 *
 * A purl is compared as a string by SBOM consumers and vulnerability
 * databases, so one package must always produce the same bytes: the type
 * rules (which names are case-insensitive, pypi's normalisation) and the
 * canonical form (sorted qualifiers, nothing empty) are applied here and
 * nowhere else.  Encoding is the strict one: every byte outside the
 * unreserved set is percent-encoded, which is what syft (packageurl-go)
 * writes and what every purl parser reads back.
 */
#include "pkg.h"

#include <ctype.h>
#include <string.h>

#include "../util/buf.h"

#define PURL_MAX (64u << 10)

static bool unreserved(unsigned char c)
{
	return isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~';
}

/* s[0..n) percent-encoded, lowercased first when `lower`. */
static void enc(cs_buf *b, const char *s, size_t n, bool lower)
{
	static const char hex[] = "0123456789ABCDEF";
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (lower && c >= 'A' && c <= 'Z')
			c = (unsigned char)(c - 'A' + 'a');
		if (c < 0x80 && unreserved(c)) {
			cs_buf_addc(b, (char)c);
		} else {
			char t[3] = {'%', hex[c >> 4], hex[c & 15]};
			cs_buf_add(b, t, 3);
		}
	}
}

/* Segments of a '/' path, each encoded, empty ones (and, in a subpath,
 * "." and "..") dropped. */
static size_t enc_path(cs_buf *b, const char *s, bool lower, bool subpath)
{
	size_t nseg = 0;
	while (s && *s) {
		const char *e = strchr(s, '/');
		size_t n = e ? (size_t)(e - s) : strlen(s);
		bool skip =
			n == 0 ||
			(subpath && ((n == 1 && s[0] == '.') ||
				     (n == 2 && s[0] == '.' && s[1] == '.')));
		if (!skip) {
			if (nseg++)
				cs_buf_addc(b, '/');
			enc(b, s, n, lower);
		}
		s = e ? e + 1 : s + n;
	}
	return nseg;
}

char *cs_pypi_normalize(cs_arena *a, const char *name)
{
	if (!name)
		return NULL;
	size_t n = strlen(name);
	char *d = cs_arena_alloc_raw(a, n + 1), *o = d;
	if (!d)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		char c = name[i];
		if (c == '-' || c == '_' || c == '.') {
			if (o == d || o[-1] != '-')
				*o++ = '-';
		} else {
			*o++ = (char)tolower((unsigned char)c);
		}
	}
	*o = '\0';
	return d;
}

static bool lower_names(const char *type)
{
	return strcmp(type, "deb") == 0 || strcmp(type, "apk") == 0 ||
	       strcmp(type, "npm") == 0 || strcmp(type, "pypi") == 0 ||
	       strcmp(type, "github") == 0 || strcmp(type, "bitbucket") == 0;
}

char *cs_purl_build(cs_arena *a, const char *type, const char *namespace,
		    const char *name, const char *version,
		    const cs_purl_qual *quals, size_t nquals,
		    const char *subpath)
{
	if (!type || !*type || !name || !*name || nquals > CS_PURL_MAX_QUALS)
		return NULL;
	char t[32];
	size_t tn = strlen(type);
	if (tn >= sizeof(t))
		return NULL;
	for (size_t i = 0; i <= tn; i++) {
		char c = (char)tolower((unsigned char)type[i]);
		if (c && !(isalnum((unsigned char)c) || c == '.' || c == '+' ||
			   c == '-'))
			return NULL;
		t[i] = c;
	}
	bool lower = lower_names(t);
	if (strcmp(t, "pypi") == 0) {
		name = cs_pypi_normalize(a, name);
		if (!name || !*name)
			return NULL;
	}

	/* qualifiers: non-empty, lowercased keys, sorted by key */
	cs_purl_qual q[CS_PURL_MAX_QUALS];
	char keys[CS_PURL_MAX_QUALS][32];
	size_t nq = 0;
	for (size_t i = 0; i < nquals; i++) {
		const char *k = quals[i].key, *v = quals[i].value;
		if (!k || !*k || !v || !*v || strlen(k) >= sizeof(keys[0]))
			continue;
		size_t j = 0;
		for (; k[j]; j++)
			keys[nq][j] = (char)tolower((unsigned char)k[j]);
		keys[nq][j] = '\0';
		q[nq].key = keys[nq];
		q[nq].value = v;
		for (size_t m = nq; m > 0 && strcmp(q[m - 1].key, q[m].key) > 0;
		     m--) {
			cs_purl_qual x = q[m];
			q[m] = q[m - 1];
			q[m - 1] = x;
		}
		nq++;
	}

	cs_buf b;
	cs_buf_init(&b, PURL_MAX);
	cs_buf_adds(&b, "pkg:");
	cs_buf_adds(&b, t);
	cs_buf_addc(&b, '/');
	if (enc_path(&b, namespace, lower, false))
		cs_buf_addc(&b, '/');
	enc(&b, name, strlen(name), lower);
	if (version && *version) {
		cs_buf_addc(&b, '@');
		enc(&b, version, strlen(version), false);
	}
	for (size_t i = 0; i < nq; i++) {
		cs_buf_addc(&b, i ? '&' : '?');
		cs_buf_adds(&b, q[i].key);
		cs_buf_addc(&b, '=');
		enc(&b, q[i].value, strlen(q[i].value), false);
	}
	if (subpath && *subpath) {
		size_t mark = b.len;
		cs_buf_addc(&b, '#');
		if (!enc_path(&b, subpath, false, true) && !b.failed) {
			b.len = mark; /* nothing but separators and dots */
			b.data[mark] = '\0';
		}
	}
	char *r = b.failed ? NULL : cs_arena_strndup(a, b.data, b.len);
	cs_buf_free(&b);
	return r;
}

char *cs_purl_rpm(cs_arena *a, const cs_os_release *os, const char *name,
		  const char *version, const char *release, const char *epoch,
		  const char *arch, const char *sourcerpm)
{
	if (!os || !os->id || !version)
		return NULL;
	const char *ns = os->id;
	if (strcmp(ns, "rhel") == 0)
		ns = "redhat";
	else if (strncmp(ns, "opensuse", 8) == 0)
		ns = "opensuse";
	const char *ver =
		release && *release
			? cs_arena_printf(a, "%s-%s", version, release)
			: version;
	if (!ver)
		return NULL;
	if (epoch && strcmp(epoch, "0") == 0)
		epoch = NULL; /* epoch 0 is no epoch */
	cs_purl_qual q[] = {
		{"arch", arch},
		{"epoch", epoch},
		{"upstream", sourcerpm},
		{"distro", cs_os_release_distro(os, a)},
	};
	return cs_purl_build(a, "rpm", ns, name, ver, q, 4, NULL);
}

char *cs_purl_golang(cs_arena *a, const char *module, const char *version)
{
	if (!module)
		return NULL;
	const char *slash = strrchr(module, '/');
	if (!slash)
		return cs_purl_build(a, "golang", NULL, module, version, NULL,
				     0, NULL);
	char *ns = cs_arena_strndup(a, module, (size_t)(slash - module));
	if (!ns)
		return NULL;
	return cs_purl_build(a, "golang", ns, slash + 1, version, NULL, 0,
			     NULL);
}

char *cs_purl_maven(cs_arena *a, const char *group, const char *artifact,
		    const char *version)
{
	return cs_purl_build(a, "maven", group, artifact, version, NULL, 0,
			     NULL);
}

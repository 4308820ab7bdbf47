/*
 * osrelease.c - /etc/os-release; see pkg.h.
 *
 * os-release(5) is a shell fragment of variable assignments, but it is
 * never run: values are read with the shell's quoting rules ("..." with
 * \ escaping " \ $ `, '...' literal, bare words with \ escaping anything)
 * and nothing is expanded.  A later assignment wins, as it would in the
 * shell.  Unknown keys and lines that are not assignments are stepped
 * over: distributions add their own keys freely.
 */
#include "pkg.h"

#include <ctype.h>
#include <stddef.h>
#include <string.h>
#include <strings.h>

#define OS_RELEASE_MAX (64u << 10)

static bool key_char(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	       (c >= '0' && c <= '9') || c == '_';
}

/* The value in [s, e) unquoted into d (at most e - s bytes); its length. */
static size_t unquote(const char *s, const char *e, char *d)
{
	size_t n = 0;
	char q = 0;
	for (const char *p = s; p < e; p++) {
		char c = *p;
		if (q == '\'') {
			if (c == '\'')
				q = 0;
			else
				d[n++] = c;
		} else if (q == '"') {
			if (c == '"')
				q = 0;
			else if (c == '\\' && p + 1 < e &&
				 strchr("\"\\$`", p[1]))
				d[n++] = *++p;
			else
				d[n++] = c;
		} else if (c == '\'' || c == '"') {
			q = c;
		} else if (c == '\\' && p + 1 < e) {
			d[n++] = *++p;
		} else if (c == ' ' || c == '\t') {
			break; /* an unquoted blank ends the word */
		} else {
			d[n++] = c;
		}
	}
	return n;
}

static const char **slot(cs_os_release *o, const char *k, size_t n)
{
	static const struct {
		const char *key;
		size_t off;
	} keys[] = {
		{"ID", offsetof(cs_os_release, id)},
		{"ID_LIKE", offsetof(cs_os_release, id_like)},
		{"VERSION_ID", offsetof(cs_os_release, version_id)},
		{"VERSION_CODENAME", offsetof(cs_os_release, version_codename)},
		{"PRETTY_NAME", offsetof(cs_os_release, pretty_name)},
		{"BUILD_ID", offsetof(cs_os_release, build_id)},
	};
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if (strlen(keys[i].key) == n && memcmp(keys[i].key, k, n) == 0)
			return (const char **)((char *)o + keys[i].off);
	return NULL;
}

bool cs_os_release_parse(const char *data, size_t len, cs_arena *a,
			 cs_os_release *out, cs_error *err)
{
	memset(out, 0, sizeof(*out));
	if (len > OS_RELEASE_MAX) {
		cs_error_set(err, CS_ERR_LIMIT, (cs_mark){0, 0},
			     "while reading os-release", "file over %u bytes",
			     OS_RELEASE_MAX);
		return false;
	}
	const char *p = data, *end = data ? data + len : data;
	uint32_t line = 0;
	while (p && p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *s = p, *e = nl ? nl : end;
		p = nl ? nl + 1 : end;
		line++;
		if (e > s && e[-1] == '\r')
			e--;
		while (s < e && (*s == ' ' || *s == '\t'))
			s++;
		const char *k = s;
		while (s < e && key_char(*s))
			s++;
		if (s == k || s == e || *s != '=')
			continue; /* a comment, a blank or not an assignment */
		const char **dst = slot(out, k, (size_t)(s - k));
		if (!dst)
			continue;
		char *v = cs_arena_alloc_raw(a, (size_t)(e - s));
		if (!v) {
			cs_error_set(err, CS_ERR_NOMEM, (cs_mark){line, 1},
				     "while reading os-release",
				     "out of memory");
			return false;
		}
		size_t n = unquote(s + 1, e, v);
		v[n] = '\0';
		if (strlen(v) != n || n == 0) {
			*dst = NULL; /* an embedded NUL, or set to nothing */
			continue;
		}
		if (dst == &out->id)
			for (char *c = v; *c; c++)
				*c = (char)tolower((unsigned char)*c);
		*dst = v;
	}
	return true;
}

bool cs_os_release_is(const cs_os_release *os, const char *family)
{
	if (!os || !family || !*family)
		return false;
	if (os->id && strcmp(os->id, family) == 0)
		return true;
	size_t n = strlen(family);
	for (const char *p = os->id_like; p && *p;) {
		while (*p == ' ' || *p == '\t')
			p++;
		const char *w = p;
		while (*p && *p != ' ' && *p != '\t')
			p++;
		if ((size_t)(p - w) == n && strncasecmp(w, family, n) == 0)
			return true;
	}
	return false;
}

const char *cs_os_release_distro(const cs_os_release *os, cs_arena *a)
{
	if (!os || !os->id)
		return NULL;
	const char *v = os->version_id ? os->version_id : os->build_id;
	return v ? cs_arena_printf(a, "%s-%s", os->id, v) : os->id;
}

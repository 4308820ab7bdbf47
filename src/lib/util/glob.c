/*
 * glob.c - glob matching by dynamic programming; see glob.h.
 *
 * A backtracking matcher is exponential on patterns like a*a*a*a*b; the
 * table here is O(pattern x string) in time and O(string) in memory.
 */
#include "glob.h"

#include <stdlib.h>
#include <string.h>

/* Length of the pattern token at p, and whether c matches it. */
static size_t token(const char *p, char c, bool *match)
{
	if (*p == '?') {
		*match = c != '/';
		return 1;
	}
	if (*p == '[') {
		size_t i = 1;
		bool neg = p[i] == '!' || p[i] == '^';
		if (neg)
			i++;
		bool hit = false;
		size_t start = i;
		while (p[i] && (p[i] != ']' || i == start)) {
			if (p[i + 1] == '-' && p[i + 2] && p[i + 2] != ']') {
				if (c >= p[i] && c <= p[i + 2])
					hit = true;
				i += 3;
			} else {
				if (c == p[i])
					hit = true;
				i++;
			}
		}
		if (p[i] != ']') {       /* no closing bracket: literal '[' */
			*match = c == '[';
			return 1;
		}
		*match = (hit != neg) && c != '/';
		return i + 1;
	}
	if (*p == '\\' && p[1]) {
		*match = c == p[1];
		return 2;
	}
	*match = c == *p;
	return 1;
}

bool cs_glob_match(const char *pat, const char *s)
{
	size_t pl = strlen(pat), sl = strlen(s);
	if (pl > CS_GLOB_MAX || sl > CS_GLOB_MAX)
		return false;
	/* cur[j]: pattern consumed so far matches s[0..j). */
	bool *cur = calloc(sl + 1, sizeof(bool));
	bool *nxt = calloc(sl + 1, sizeof(bool));
	if (!cur || !nxt) {
		free(cur);
		free(nxt);
		return false;
	}
	cur[0] = true;
	size_t i = 0;
	while (i < pl) {
		memset(nxt, 0, sl + 1);
		if (pat[i] == '*' && pat[i + 1] == '*' && pat[i + 2] == '/') {
			/* "**" + "/": nothing, or anything ending in '/' */
			bool any = false;
			for (size_t j = 0; j <= sl; j++) {
				nxt[j] = cur[j] ||
					 (j > 0 && any && s[j - 1] == '/');
				any = any || cur[j];
			}
			i += 3;
		} else if (pat[i] == '*') {
			bool deep = pat[i + 1] == '*';
			for (size_t j = 0; j <= sl; j++)
				nxt[j] = cur[j] ||
					 (j > 0 && nxt[j - 1] &&
					  (deep || s[j - 1] != '/'));
			i += deep ? 2 : 1;
		} else {
			size_t adv = 1;
			for (size_t j = 0; j < sl; j++) {
				bool m;
				adv = token(pat + i, s[j], &m);
				if (cur[j] && m)
					nxt[j + 1] = true;
			}
			if (sl == 0) {
				bool m;
				adv = token(pat + i, '\0', &m);
			}
			i += adv;
		}
		bool *t = cur;
		cur = nxt;
		nxt = t;
	}
	bool r = cur[sl];
	free(cur);
	free(nxt);
	return r;
}

bool cs_glob_path(const char *pat, const char *path)
{
	while (pat[0] == '.' && pat[1] == '/')
		pat += 2;
	while (path[0] == '.' && path[1] == '/')
		path += 2;
	size_t pl = strlen(pat);
	char buf[CS_GLOB_MAX + 1];
	if (pl > CS_GLOB_MAX || strlen(path) > CS_GLOB_MAX)
		return false;
	/* "dir/" means the directory: drop the slash. */
	memcpy(buf, pat, pl + 1);
	while (pl > 1 && buf[pl - 1] == '/')
		buf[--pl] = '\0';
	pat = buf;

	char tmp[CS_GLOB_MAX + 1];
	if (!strchr(pat, '/')) {
		/* each component */
		const char *p = path;
		while (*p) {
			const char *e = strchr(p, '/');
			size_t n = e ? (size_t)(e - p) : strlen(p);
			memcpy(tmp, p, n);
			tmp[n] = '\0';
			if (cs_glob_match(pat, tmp))
				return true;
			if (!e)
				break;
			p = e + 1;
		}
		return false;
	}
	while (*pat == '/')
		pat++;
	/* the whole path, or any prefix ending at a component boundary */
	size_t n = strlen(path);
	for (size_t k = 1; k <= n; k++) {
		if (k < n && path[k] != '/')
			continue;
		memcpy(tmp, path, k);
		tmp[k] = '\0';
		if (cs_glob_match(pat, tmp))
			return true;
	}
	return false;
}

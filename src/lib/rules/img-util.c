/*
 * img-util.c - helpers of the image rules: which file bytes to read, and
 * how to quote history lines in messages.
 */
#include "img-util.h"

#include <string.h>

#include "secret-words.h"

/* System files whose lines the rules read (IMG-EMPTY-PASSWORD, IMG-DUP-ID). */
static const char *const account_files[] = {
	"/etc/shadow", "/etc/master.passwd", "/etc/passwd", "/etc/group",
};

static bool is_account_file(const char *path)
{
	for (size_t i = 0; i < sizeof(account_files) / sizeof(*account_files);
	     i++)
		if (strcmp(path, account_files[i]) == 0)
			return true;
	return false;
}

/* Trees that ship keys on purpose as test data or documentation. */
static bool key_scan_skipped(const char *path)
{
	static const char *const prefixes[] = {
		"/proc/", "/sys/", "/dev/", "/usr/share/doc/",
		"/usr/share/man/", "/usr/share/locale/",
	};
	for (size_t i = 0; i < sizeof(prefixes) / sizeof(*prefixes); i++)
		if (strncmp(path, prefixes[i], strlen(prefixes[i])) == 0)
			return true;
	return false;
}

bool cs_img_wants_contents(const cs_img_file *f)
{
	if ((f->mode & 0170000) != 0100000 || f->link)
		return false;
	if (is_account_file(f->path))
		return true;
	return f->size >= 64 && f->size <= CS_IMG_KEY_SCAN_MAX &&
	       !key_scan_skipped(f->path);
}

bool cs_img_keeps_contents(const cs_img_file *f, const unsigned char *data,
			   size_t len)
{
	return is_account_file(f->path) || cs_imgu_has_private_key(data, len);
}

const cs_img_blob *cs_imgu_blob(const cs_img_check *c, const char *path)
{
	size_t lo = 0, hi = c->nblobs;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int r = strcmp(path, c->blobs[mid].file->path);
		if (r == 0)
			return &c->blobs[mid];
		if (r < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

/*
 * "-----BEGIN " then at most 40 bytes of type ("RSA ", "EC ", "OPENSSH ",
 * "ENCRYPTED ", or nothing) then "PRIVATE KEY-----".  Each BEGIN is looked
 * at once with a bounded look-ahead: linear in the file.
 */
bool cs_imgu_has_private_key(const unsigned char *data, size_t len)
{
	static const char begin[] = "-----BEGIN ";
	static const char tail[] = "PRIVATE KEY-----";
	const unsigned char *p = data, *end = data + len;
	while (p < end) {
		const unsigned char *q =
			memmem(p, (size_t)(end - p), begin, sizeof(begin) - 1);
		if (!q)
			return false;
		const unsigned char *t = q + sizeof(begin) - 1;
		for (size_t k = 0; k <= 40 && t + k < end; k++) {
			unsigned char ch = t[k];
			if ((size_t)(end - (t + k)) >= sizeof(tail) - 1 &&
			    memcmp(t + k, tail, sizeof(tail) - 1) == 0)
				return true;
			if (!((ch >= 'A' && ch <= 'Z') || ch == ' '))
				break;
		}
		p = t;
	}
	return false;
}

bool cs_imgu_has_config(const cs_img_check *c)
{
	return c->img->format != CS_IMG_ROOTFS;
}

const char *cs_imgu_created_by(cs_arena *a, const char *s)
{
	if (!s)
		return "";
	static const char nop[] = "/bin/sh -c #(nop) ";
	if (strncmp(s, nop, sizeof(nop) - 1) == 0) {
		s += sizeof(nop) - 1;
		while (*s == ' ')
			s++;
	}
	size_t n = strlen(s);
	static const char bk[] = " # buildkit";
	if (n >= sizeof(bk) - 1 &&
	    strcmp(s + n - (sizeof(bk) - 1), bk) == 0)
		n -= sizeof(bk) - 1;
	/* the classic builder ends "ADD file:... in / " with a space */
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	if (s[n] == '\0')
		return s;
	const char *t = cs_arena_strndup(a, s, n);
	return t ? t : s;
}

const char *cs_imgu_quote(cs_arena *a, const char *s)
{
	if (!s)
		return "";
	size_t n = strlen(s), max = 72;
	bool cut = n > max;
	char *out = cs_arena_alloc(a, (cut ? max : n) + 4);
	if (!out)
		return "";
	size_t k = 0;
	for (; k < n && k < max; k++) {
		unsigned char ch = (unsigned char)s[k];
		out[k] = ch < 0x20 || ch == 0x7f ? ' ' : (char)ch;
	}
	if (cut) {
		/* do not end inside a UTF-8 sequence */
		while (k > 0 && ((unsigned char)out[k - 1] & 0xc0) == 0x80)
			k--;
		if (k > 0 && ((unsigned char)out[k - 1] & 0xc0) == 0xc0)
			k--;
		memcpy(out + k, "...", 3);
		k += 3;
	}
	out[k] = '\0';
	return out;
}

/* NAME of a NAME=VALUE word (leading dashes and quotes dropped) is
 * secret-like and VALUE is not empty. */
static bool secret_pair(const char *w, size_t n, size_t *eq_at)
{
	const char *eq = memchr(w, '=', n);
	if (!eq || (size_t)(eq - w) + 1 >= n)
		return false;
	const char *p = w;
	while (p < eq && (*p == '-' || *p == '"' || *p == '\''))
		p++;
	char name[128];
	size_t len = (size_t)(eq - p);
	if (!len || len >= sizeof(name))
		return false;
	memcpy(name, p, len);
	name[len] = '\0';
	*eq_at = (size_t)(eq - w);
	return cs_secret_name(name) || cs_secret_env_name(name);
}

const char *cs_imgu_history_text(cs_arena *a, const char *created_by)
{
	const char *s = cs_imgu_created_by(a, created_by);
	if (!s)
		return "";
	size_t n = strlen(s);
	if (n > 4096)
		n = 4096;   /* only the start is quoted anyway */
	char *out = cs_arena_alloc(a, n + 1);
	char *word = cs_arena_alloc(a, n + 1);
	if (!out || !word)
		return "";
	size_t o = 0, i = 0;
	while (i < n) {
		if (s[i] == ' ' || s[i] == '\t') {
			out[o++] = s[i++];
			continue;
		}
		size_t b = i;
		while (i < n && s[i] != ' ' && s[i] != '\t')
			i++;
		size_t wl = i - b, eq;
		memcpy(word, s + b, wl);
		word[wl] = '\0';
		if (secret_pair(word, wl, &eq)) {
			memcpy(out + o, word, eq + 1);
			o += eq + 1;
			size_t m = wl - eq - 1 < 4 ? wl - eq - 1 : 4;
			memset(out + o, '*', m);
			o += m;
		} else if (cs_secret_value_shape(word)) {
			size_t m = wl < 4 ? wl : 4;
			memset(out + o, '*', m);
			o += m;
		} else {
			memcpy(out + o, word, wl);
			o += wl;
		}
	}
	out[o] = '\0';
	return cs_imgu_quote(a, out);
}

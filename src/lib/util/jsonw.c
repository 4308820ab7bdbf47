/*
 * jsonw.c - the streaming JSON writer; see jsonw.h for the exact layout.
 *
 * Each value first writes what jansson puts before a member (the comma
 * after the previous one, a line break and the indent, the key), then
 * itself.  Strings are copied in runs of bytes that need no escaping, so
 * the common case is one buffer append per string.  The UTF-8 check and
 * the real-number spelling follow jansson's utf8.c and jsonp_dtostr()
 * rule for rule, since the output must not change by a byte.
 */
#include "jsonw.h"

#include <locale.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SP16 "                "
/* A line break and the deepest indent; a prefix of it is any indent. */
static const char nl_indent[] = "\n" SP16 SP16 SP16 SP16 SP16 SP16 SP16 SP16;
_Static_assert(sizeof(nl_indent) - 2 >= 2 * CS_JW_MAX_DEPTH,
	       "indent shorter than the deepest level");

void cs_jw_init(cs_jw *w, cs_buf *out)
{
	memset(w, 0, sizeof(*w));
	w->out = out;
}

bool cs_jw_ok(const cs_jw *w)
{
	return !w->failed && !w->out->failed;
}

static bool fail(cs_jw *w)
{
	w->failed = true;
	w->out->failed = true;
	return false;
}

/*
 * Length of the valid UTF-8 sequence at p, whose lead byte is >= 0x80, or
 * 0 when it is not one.  p is NUL-terminated and NUL is not a continuation
 * byte, so this never reads past the end.
 */
static size_t utf8_len(const unsigned char *p)
{
	size_t n;
	unsigned long c, min;
	if (p[0] >= 0xc2 && p[0] <= 0xdf)
		n = 2, c = p[0] & 0x1f, min = 0x80;
	else if (p[0] >= 0xe0 && p[0] <= 0xef)
		n = 3, c = p[0] & 0x0f, min = 0x800;
	else if (p[0] >= 0xf0 && p[0] <= 0xf4)
		n = 4, c = p[0] & 0x07, min = 0x10000;
	else
		return 0; /* continuation, overlong C0/C1, or F5..FF */
	for (size_t i = 1; i < n; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		c = c << 6 | (p[i] & 0x3f);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	return n;
}

/*
 * Appends with the room check inlined: the writer issues millions of tiny
 * appends for a large report, and a call per byte showed in profiles.
 */
static inline void put(cs_buf *b, const void *p, size_t n)
{
	if (!b->failed && !b->max && b->alloc - b->len > n) {
		memcpy(b->data + b->len, p, n);
		b->len += n;
		b->data[b->len] = '\0';
		return;
	}
	cs_buf_add(b, p, n);
}

static inline void putc1(cs_buf *b, char c)
{
	if (!b->failed && !b->max && b->alloc - b->len > 1) {
		b->data[b->len++] = c;
		b->data[b->len] = '\0';
		return;
	}
	cs_buf_add(b, &c, 1);
}

/* 1 for the ASCII bytes copied as they are: printable, not '"' or '\\'. */
static const unsigned char plain[256] = {
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
};

/* One escape (a byte below 0x20, '"' or '\\') into e; returns its length. */
static size_t escape(char e[6], unsigned char c)
{
	static const char hex[] = "0123456789ABCDEF";
	/* the escapes with a short form; every other control is \u00XX */
	static const char short_from[] = "\"\\\b\f\n\r\t";
	static const char short_to[] = "\"\\bfnrt";
	const char *q = strchr(short_from, c);
	e[0] = '\\';
	e[1] = q ? short_to[q - short_from] : 'u';
	e[2] = '0';
	e[3] = '0';
	e[4] = hex[c >> 4];
	e[5] = hex[c & 15];
	return q ? 2 : 6;
}

/* No byte of the 8 at p needs a look (a control, '"', '\\', over 0x7f):
 * the "has a byte below n" word tricks, exact as a yes/no answer. */
static inline bool plain8(const unsigned char *p)
{
	const uint64_t ones = 0x0101010101010101u, high = ones << 7;
	uint64_t v, q, s;
	memcpy(&v, p, 8);
	q = v ^ (ones * '"');
	s = v ^ (ones * '\\');
	uint64_t ctl = (v - ones * 0x20) & ~v; /* a byte < 0x20 */
	uint64_t quote = (q - ones) & ~q;      /* a '"' */
	uint64_t bslash = (s - ones) & ~s;     /* a '\\' */
	return !((ctl | quote | bslash | v) & high);
}

/*
 * The quoted string written straight into the free space, which the
 * caller has checked holds the worst case (6 bytes per input byte, the
 * quotes, the NUL): one room check per string instead of one per run, a
 * cost that showed in profiles since most strings are short.
 */
static char *put_string_fast(char *o, const unsigned char *p, size_t len)
{
	const unsigned char *end = p + len;
	*o++ = '"';
	for (;;) {
		while (end - p >= 8 && plain8(p)) {
			memcpy(o, p, 8);
			o += 8;
			p += 8;
		}
		while (plain[*p])
			*o++ = (char)*p++;
		if (!*p)
			break;
		if (*p >= 0x80) {
			size_t n = utf8_len(p);
			if (n) {
				memcpy(o, p, n);
				o += n;
				p += n;
			} else {
				/* a byte that starts no valid sequence */
				memcpy(o, "\xef\xbf\xbd", 3);
				o += 3;
				p++;
			}
			continue;
		}
		o += escape(o, *p++);
	}
	*o++ = '"';
	return o;
}

static void put_string(cs_buf *b, const char *s)
{
	size_t len = strlen(s);
	if (len < (SIZE_MAX - 3) / 6 && !b->failed && !b->max &&
	    b->alloc - b->len > 6 * len + 2) {
		char *o = put_string_fast(b->data + b->len,
					  (const unsigned char *)s, len);
		b->len = (size_t)(o - b->data);
		b->data[b->len] = '\0';
		return;
	}
	/* near the end of the space (or of the maximum): append piecewise */
	const unsigned char *p = (const unsigned char *)s;
	putc1(b, '"');
	while (*p) {
		/* the longest run that is copied as it is */
		const unsigned char *run = p;
		for (;;) {
			while (plain[*p])
				p++;
			if (*p < 0x80)
				break;
			size_t n = utf8_len(p);
			if (!n)
				break;
			p += n;
		}
		put(b, run, (size_t)(p - run));
		if (!*p)
			break;
		if (*p >= 0x80) {
			/* a byte that starts no valid sequence */
			put(b, "\xef\xbf\xbd", 3);
		} else {
			char esc[6];
			put(b, esc, escape(esc, *p));
		}
		p++;
	}
	putc1(b, '"');
}

/* Not failed yet; a buffer that ran out of memory fails the writer. */
static bool live(cs_jw *w)
{
	if (w->out->failed)
		w->failed = true;
	return !w->failed;
}

/* What goes before a value: separator, line break, indent and key. */
static bool begin(cs_jw *w, const char *key)
{
	if (!live(w))
		return false;
	if (w->depth == 0)
		return key ? fail(w) : true;
	unsigned d = w->depth - 1;
	if ((w->close[d] == '}') != (key != NULL))
		return fail(w);
	bool comma = w->any[d];
	w->any[d] = true;
	size_t ind = 1 + 2 * (size_t)w->depth;
	size_t klen = key ? strlen(key) : 0;
	cs_buf *b = w->out;
	/* The whole prefix with one room check when its worst case fits. */
	if (klen < SIZE_MAX / 8 && !b->failed && !b->max &&
	    b->alloc - b->len > 1 + ind + 6 * klen + 4) {
		char *o = b->data + b->len;
		if (comma)
			*o++ = ',';
		memcpy(o, nl_indent, ind);
		o += ind;
		if (key) {
			o = put_string_fast(o, (const unsigned char *)key,
					    klen);
			*o++ = ':';
			*o++ = ' ';
		}
		b->len = (size_t)(o - b->data);
		b->data[b->len] = '\0';
		return true;
	}
	if (comma)
		putc1(w->out, ',');
	put(w->out, nl_indent, ind);
	if (key) {
		put_string(w->out, key);
		put(w->out, ": ", 2);
	}
	return true;
}

static void open_level(cs_jw *w, const char *key, char bracket, char close)
{
	if (w->depth == CS_JW_MAX_DEPTH) {
		fail(w);
		return;
	}
	if (!begin(w, key))
		return;
	cs_buf_addc(w->out, bracket);
	w->close[w->depth] = close;
	w->any[w->depth] = false;
	w->depth++;
}

void cs_jw_object(cs_jw *w, const char *key)
{
	open_level(w, key, '{', '}');
}

void cs_jw_array(cs_jw *w, const char *key)
{
	open_level(w, key, '[', ']');
}

void cs_jw_end(cs_jw *w)
{
	if (!live(w))
		return;
	if (w->depth == 0) {
		fail(w);
		return;
	}
	unsigned d = --w->depth;
	if (w->any[d])
		cs_buf_add(w->out, nl_indent, 1 + 2 * (size_t)d);
	cs_buf_addc(w->out, w->close[d]);
}

void cs_jw_str(cs_jw *w, const char *key, const char *s)
{
	if (!s)
		cs_jw_null(w, key);
	else if (begin(w, key))
		put_string(w->out, s);
}

void cs_jw_strf(cs_jw *w, const char *key, const char *fmt, ...)
{
	char small[256];
	char *s = small;
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (n < 0) {
		fail(w);
		return;
	}
	if ((size_t)n >= sizeof(small)) {
		s = malloc((size_t)n + 1);
		if (!s) {
			fail(w);
			return;
		}
		va_start(ap, fmt);
		vsnprintf(s, (size_t)n + 1, fmt, ap);
		va_end(ap);
	}
	cs_jw_str(w, key, s);
	if (s != small)
		free(s);
}

void cs_jw_int(cs_jw *w, const char *key, long long v)
{
	if (!begin(w, key))
		return;
	/* by hand: printf's machinery cost more than the digits */
	char d[24];
	size_t i = sizeof(d);
	unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v
				     : (unsigned long long)v;
	do {
		d[--i] = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (v < 0)
		d[--i] = '-';
	put(w->out, d + i, sizeof(d) - i);
}

void cs_jw_raw(cs_jw *w, const char *key, const char *json, size_t len)
{
	if (begin(w, key))
		put(w->out, json, len);
}

bool cs_jw_encode(cs_buf *out, const char *s)
{
	put_string(out, s);
	return !out->failed;
}

/*
 * jsonp_dtostr(): "%.15g" with the locale's decimal point made '.', ".0"
 * added when the result would read back as an integer, and the exponent
 * without '+' or leading zeros ("1e15", "1e-5").
 */
void cs_jw_real(cs_jw *w, const char *key, double v)
{
	if (!isfinite(v)) {
		fail(w);
		return;
	}
	if (!begin(w, key))
		return;
	char b[48];
	snprintf(b, sizeof(b), "%.15g", v);
	char point = localeconv()->decimal_point[0];
	char *q = point && point != '.' ? strchr(b, point) : NULL;
	if (q)
		*q = '.';
	if (!strchr(b, '.') && !strchr(b, 'e'))
		strcat(b, ".0");
	char *e = strchr(b, 'e');
	if (e) {
		char *to = e + 1, *from = e + 1;
		if (*from == '-')
			to++, from++;
		else if (*from == '+')
			from++;
		while (*from == '0')
			from++;
		memmove(to, from, strlen(from) + 1);
	}
	cs_buf_adds(w->out, b);
}

void cs_jw_bool(cs_jw *w, const char *key, bool v)
{
	if (begin(w, key))
		cs_buf_adds(w->out, v ? "true" : "false");
}

void cs_jw_null(cs_jw *w, const char *key)
{
	if (begin(w, key))
		cs_buf_adds(w->out, "null");
}

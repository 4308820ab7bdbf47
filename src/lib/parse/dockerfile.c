/*
 * dockerfile.c - the Dockerfile parser; see dockerfile.h for the grammar.
 *
 * It mirrors BuildKit's frontend (moby/buildkit frontend/dockerfile/parser)
 * closely, because a scanner that reads a file differently from the builder
 * judges a different program: the continuation regex `\\[ \t]*$`, comment
 * and blank lines dropped inside continuations, flags only at the front,
 * "looks like JSON but is not" falling back to shell form, heredoc words
 * found by BuildKit's own rule `^(\d*)<<(-?)([^<]*)$` on raw words, and
 * the escape token being honoured everywhere except in heredoc and flag
 * words, where BuildKit hard-codes a backslash.
 *
 * Shape: one pass over the physical lines.  An instruction's lines are
 * joined into a bounded scratch buffer (cs_buf, doubling, so a file of
 * 100,000 continuation lines is linear) together with a segment table that
 * maps every byte of the joined text back to a line and column; everything
 * positioned (keyword, flags, words, pairs, heredoc marks) is located
 * through that table.  Heredoc bodies are read after the instruction's last
 * line, in the order their markers appear.
 *
 * Hostile input: the whole file is checked for NUL bytes and size first;
 * every loop advances over the input; nothing recurses except ONBUILD,
 * which parses its trigger once and never a trigger's trigger.
 */
#include "dockerfile.h"

#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "../util/buf.h"

typedef struct pline {
	const char *s; /* without the line terminator ("\n" or "\r\n") */
	size_t len;
	uint32_t no;
} pline;

typedef struct parser {
	const char *src;
	size_t len;
	size_t pos;	 /* offset of the next physical line */
	uint32_t lineno; /* its number */
	cs_arena *a;
	cs_dockerfile *df;
	char esc;
	bool oom;
	bool stop; /* CS_DF_MAX_INSTRS reached */
	int nfroms;
	size_t cap_instrs, cap_comments, cap_errors;
	cs_buf text; /* the joined instruction, at most CS_DF_MAX_LINE */
	cs_buf segs; /* cs_df_seg[] for text */
	cs_buf tmp;  /* one decoded word or string */
	cs_buf vec;  /* words, flags, pairs or heredocs being collected */
	cs_buf body; /* a heredoc body */
} parser;

static const char *const kind_names[] = {
	[CS_DF_UNKNOWN] = "UNKNOWN",
	[CS_DF_FROM] = "FROM",
	[CS_DF_RUN] = "RUN",
	[CS_DF_CMD] = "CMD",
	[CS_DF_LABEL] = "LABEL",
	[CS_DF_MAINTAINER] = "MAINTAINER",
	[CS_DF_EXPOSE] = "EXPOSE",
	[CS_DF_ENV] = "ENV",
	[CS_DF_ADD] = "ADD",
	[CS_DF_COPY] = "COPY",
	[CS_DF_ENTRYPOINT] = "ENTRYPOINT",
	[CS_DF_VOLUME] = "VOLUME",
	[CS_DF_USER] = "USER",
	[CS_DF_WORKDIR] = "WORKDIR",
	[CS_DF_ARG] = "ARG",
	[CS_DF_ONBUILD] = "ONBUILD",
	[CS_DF_STOPSIGNAL] = "STOPSIGNAL",
	[CS_DF_HEALTHCHECK] = "HEALTHCHECK",
	[CS_DF_SHELL] = "SHELL",
};

const char *cs_df_kind_name(cs_df_kind k)
{
	if ((size_t)k < sizeof(kind_names) / sizeof(kind_names[0]) &&
	    kind_names[k])
		return kind_names[k];
	return "UNKNOWN";
}

cs_df_kind cs_df_kind_of(const char *s, size_t n)
{
	for (size_t k = 1; k < sizeof(kind_names) / sizeof(kind_names[0]); k++)
		if (strlen(kind_names[k]) == n &&
		    strncasecmp(kind_names[k], s, n) == 0)
			return (cs_df_kind)k;
	return CS_DF_UNKNOWN;
}

/* Go's unicode.IsSpace restricted to ASCII; '\n' never reaches here. */
static bool is_ws(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

/* ---- allocation and diagnostics ----------------------------------------- */

static void *dupmem(parser *p, const void *s, size_t n)
{
	void *d = cs_arena_alloc(p->a, n ? n : 1);
	if (!d) {
		p->oom = true;
		return NULL;
	}
	if (n)
		memcpy(d, s, n);
	return d;
}

static char *dupstr(parser *p, const char *s, size_t n)
{
	char *d = cs_arena_strndup(p->a, s, n);
	if (!d)
		p->oom = true;
	return d;
}

/* Make room for one more element in an arena array (doubling). */
static bool grow(parser *p, void **v, size_t n, size_t *cap, size_t elem)
{
	if (n < *cap)
		return true;
	size_t ncap = *cap ? *cap * 2 : 16;
	void *nv = cs_arena_grow(p->a, *v, n, ncap, elem);
	if (!nv) {
		p->oom = true;
		return false;
	}
	*v = nv;
	*cap = ncap;
	return true;
}

static void diag(parser *p, cs_errcode code, cs_mark m, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void diag(parser *p, cs_errcode code, cs_mark m, const char *fmt, ...)
{
	cs_dockerfile *df = p->df;
	if (df->nerrors >= CS_DF_MAX_ERRORS) {
		df->nerrors_dropped++;
		return;
	}
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	void *v = df->errors;
	if (!grow(p, &v, df->nerrors, &p->cap_errors, sizeof(cs_df_diag)))
		return;
	df->errors = v;
	char *text = dupstr(p, msg, strlen(msg));
	if (!text)
		return;
	df->errors[df->nerrors++] = (cs_df_diag){code, m, text};
}

/* Copy the scratch vector into the arena as an array of n elements. */
static void *take_vec(parser *p, size_t from, size_t elem, size_t *n)
{
	size_t bytes = p->vec.len - from;
	*n = bytes / elem;
	void *v = NULL;
	if (*n)
		v = dupmem(p, p->vec.data + from, bytes);
	p->vec.len = from;
	if (p->vec.data)
		p->vec.data[from] = '\0';
	return v;
}

static void push(parser *p, const void *elem, size_t size)
{
	if (!cs_buf_add(&p->vec, elem, size))
		p->oom = true;
}

/* ---- positions ---------------------------------------------------------- */

static cs_mark seg_mark(const cs_df_seg *segs, size_t nsegs, size_t off)
{
	if (!nsegs)
		return (cs_mark){0, 0};
	size_t lo = 0, hi = nsegs;
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (segs[mid].off <= off)
			lo = mid;
		else
			hi = mid;
	}
	cs_mark m = segs[lo].mark;
	m.col += (uint32_t)(off - segs[lo].off);
	return m;
}

cs_mark cs_df_args_mark(const cs_df_instr *in, size_t off)
{
	if (off > in->args_len)
		off = in->args_len;
	return seg_mark(in->segs, in->nsegs, off);
}

/* Line and column of a byte of the whole file (for NUL and UTF-8 errors). */
static cs_mark file_mark(const char *src, size_t bom, size_t off)
{
	uint32_t line = 1;
	size_t start = bom;
	for (size_t i = bom; i < off; i++)
		if (src[i] == '\n') {
			line++;
			start = i + 1;
		}
	return (cs_mark){line, (uint32_t)(off - start + 1)};
}

static bool next_line(parser *p, pline *l)
{
	if (p->pos >= p->len)
		return false;
	const char *s = p->src + p->pos;
	size_t rest = p->len - p->pos;
	const char *nl = memchr(s, '\n', rest);
	size_t n = nl ? (size_t)(nl - s) : rest;
	p->pos += nl ? n + 1 : n;
	l->s = s;
	l->len = n;
	if (n && s[n - 1] == '\r')
		l->len--;
	l->no = p->lineno++;
	return true;
}

static size_t lead_ws(const char *s, size_t n)
{
	size_t i = 0;
	while (i < n && is_ws(s[i]))
		i++;
	return i;
}

/* The last non-blank character of a line (column 1 for an empty one). */
static cs_mark last_char(const pline *l)
{
	size_t n = l->len;
	while (n > 0 && is_ws(l->s[n - 1]))
		n--;
	return (cs_mark){l->no, (uint32_t)(n ? n : 1)};
}

/* ---- UTF-8 -------------------------------------------------------------- */

/* Offset of the first byte that starts an invalid sequence, or n. */
static size_t utf8_bad(const unsigned char *s, size_t n)
{
	size_t i = 0;
	while (i < n) {
		unsigned c = s[i];
		if (c < 0x80) {
			i++;
			continue;
		}
		size_t k;
		unsigned lo = 0x80, hi = 0xBF;
		if (c >= 0xC2 && c <= 0xDF)
			k = 1;
		else if (c >= 0xE0 && c <= 0xEF)
			k = 2;
		else if (c >= 0xF0 && c <= 0xF4)
			k = 3;
		else
			return i;
		if (c == 0xE0)
			lo = 0xA0;
		else if (c == 0xED)
			hi = 0x9F;
		else if (c == 0xF0)
			lo = 0x90;
		else if (c == 0xF4)
			hi = 0x8F;
		if (n - i <= k)
			return i;
		if (s[i + 1] < lo || s[i + 1] > hi)
			return i;
		for (size_t j = 2; j <= k; j++)
			if (s[i + j] < 0x80 || s[i + j] > 0xBF)
				return i;
		i += k + 1;
	}
	return n;
}

static void put_utf8(cs_buf *b, uint32_t cp)
{
	char u[4];
	size_t n;
	if (cp < 0x80) {
		u[0] = (char)cp;
		n = 1;
	} else if (cp < 0x800) {
		u[0] = (char)(0xC0 | (cp >> 6));
		u[1] = (char)(0x80 | (cp & 0x3F));
		n = 2;
	} else if (cp < 0x10000) {
		u[0] = (char)(0xE0 | (cp >> 12));
		u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		u[2] = (char)(0x80 | (cp & 0x3F));
		n = 3;
	} else {
		u[0] = (char)(0xF0 | (cp >> 18));
		u[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
		u[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
		u[3] = (char)(0x80 | (cp & 0x3F));
		n = 4;
	}
	cs_buf_add(b, u, n);
}

/* ---- words -------------------------------------------------------------- */

/*
 * End of the raw word that starts at i: BuildKit's parseWords, where quotes
 * and escape pairs bind and only unquoted blanks separate.
 */
size_t cs_df_word_end(const char *s, size_t n, size_t i, char esc)
{
	char q = 0;
	while (i < n) {
		char c = s[i];
		if (!q) {
			if (is_ws(c))
				break;
			if (c == '\'' || c == '"') {
				q = c;
			} else if (c == esc) {
				i += 2;
				continue;
			}
		} else if (c == q) {
			q = 0;
		} else if (c == esc && q != '\'') {
			i += 2;
			continue;
		}
		i++;
	}
	return i < n ? i : n;
}

/*
 * Quote and escape removal of the shell lexer (no expansion): '...' is
 * literal, in "..." the escape only escapes " $ and itself, elsewhere it
 * escapes anything.  Blanks are kept.  Returns the offset of an unclosed
 * quote, or (size_t)-1.
 */
static size_t unquote(const char *s, size_t n, char esc, cs_buf *out)
{
	size_t open = (size_t)-1;
	size_t i = 0;
	while (i < n) {
		char c = s[i];
		if (c == '\'') {
			const char *e = memchr(s + i + 1, '\'', n - i - 1);
			size_t end = e ? (size_t)(e - s) : n;
			cs_buf_add(out, s + i + 1, end - i - 1);
			if (!e && open == (size_t)-1)
				open = i;
			i = e ? end + 1 : n;
		} else if (c == '"') {
			size_t q = i++;
			bool closed = false;
			while (i < n) {
				char d = s[i];
				if (d == '"') {
					i++;
					closed = true;
					break;
				}
				if (d == esc && i + 1 < n &&
				    (s[i + 1] == '"' || s[i + 1] == '$' ||
				     s[i + 1] == esc)) {
					cs_buf_addc(out, s[i + 1]);
					i += 2;
					continue;
				}
				if (d == esc && i + 1 == n) {
					i++;
					continue;
				}
				cs_buf_addc(out, d);
				i++;
			}
			if (!closed && open == (size_t)-1)
				open = q;
		} else if (c == esc) {
			if (i + 1 < n)
				cs_buf_addc(out, s[i + 1]);
			i += 2;
		} else {
			cs_buf_addc(out, c);
			i++;
		}
	}
	return open;
}

/* Does this instruction's argument text go through BuildKit's lexer (so a
 * missing closing quote fails the build)? */
static bool lexed(cs_df_kind k)
{
	switch (k) {
	case CS_DF_ADD:
	case CS_DF_COPY:
	case CS_DF_ENV:
	case CS_DF_EXPOSE:
	case CS_DF_FROM:
	case CS_DF_LABEL:
	case CS_DF_STOPSIGNAL:
	case CS_DF_USER:
	case CS_DF_VOLUME:
	case CS_DF_WORKDIR:
	case CS_DF_ARG:
		return true;
	default:
		return false;
	}
}

static void unterminated(parser *p, cs_df_instr *in, size_t off, bool *once)
{
	if (*once || !lexed(in->kind))
		return;
	*once = true;
	diag(p, CS_ERR_PARSE, cs_df_args_mark(in, off),
	     "unterminated %s-quoted string",
	     in->args[off] == '\'' ? "single" : "double");
}

/* Shell-form words of args[from..) onto p->vec. */
static void split_words(parser *p, cs_df_instr *in, size_t from)
{
	const char *s = in->args;
	size_t n = in->args_len, i = from;
	bool once = false;
	while (i < n) {
		while (i < n && is_ws(s[i]))
			i++;
		if (i >= n)
			break;
		size_t e = cs_df_word_end(s, n, i, p->esc);
		cs_buf_reset(&p->tmp);
		size_t open = unquote(s + i, e - i, p->esc, &p->tmp);
		if (open != (size_t)-1)
			unterminated(p, in, i + open, &once);
		if (p->tmp.failed) {
			p->oom = true;
			return;
		}
		cs_df_word w = {
			dupstr(p, p->tmp.data ? p->tmp.data : "", p->tmp.len),
			cs_df_args_mark(in, i)};
		push(p, &w, sizeof(w));
		i = e;
	}
}

/* ---- exec form ---------------------------------------------------------- */

static bool json_ws(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static bool hex4(const char *s, size_t n, size_t i, uint32_t *v)
{
	if (n - i < 4)
		return false;
	*v = 0;
	for (size_t k = 0; k < 4; k++) {
		int h = hexval(s[i + k]);
		if (h < 0)
			return false;
		*v = *v << 4 | (uint32_t)h;
	}
	return true;
}

/* One JSON string at s[*i] == '"' into p->tmp; false if malformed.  As Go,
 * a lone surrogate becomes U+FFFD; so does \u0000, which a C string cannot
 * hold. */
static bool read_json_string(parser *p, const char *s, size_t n, size_t *i)
{
	size_t k = *i + 1;
	cs_buf_reset(&p->tmp);
	while (k < n && s[k] != '"') {
		unsigned char c = (unsigned char)s[k];
		if (c < 0x20)
			return false;
		if (c != '\\') {
			cs_buf_addc(&p->tmp, (char)c);
			k++;
			continue;
		}
		if (++k >= n)
			return false;
		char e = s[k++];
		uint32_t cp, lo;
		switch (e) {
		case '"':
		case '\\':
		case '/':
			cs_buf_addc(&p->tmp, e);
			break;
		case 'b':
			cs_buf_addc(&p->tmp, '\b');
			break;
		case 'f':
			cs_buf_addc(&p->tmp, '\f');
			break;
		case 'n':
			cs_buf_addc(&p->tmp, '\n');
			break;
		case 'r':
			cs_buf_addc(&p->tmp, '\r');
			break;
		case 't':
			cs_buf_addc(&p->tmp, '\t');
			break;
		case 'u':
			if (!hex4(s, n, k, &cp))
				return false;
			k += 4;
			if (cp >= 0xD800 && cp <= 0xDBFF && n - k >= 6 &&
			    s[k] == '\\' && s[k + 1] == 'u' &&
			    hex4(s, n, k + 2, &lo) && lo >= 0xDC00 &&
			    lo <= 0xDFFF) {
				cp = 0x10000 + ((cp - 0xD800) << 10) +
				     (lo - 0xDC00);
				k += 6;
			} else if ((cp >= 0xD800 && cp <= 0xDFFF) || cp == 0) {
				cp = 0xFFFD;
			}
			put_utf8(&p->tmp, cp);
			break;
		default:
			return false;
		}
	}
	if (k >= n)
		return false;
	*i = k + 1;
	return true;
}

enum { JSON_NO = 0, JSON_OK = 1, JSON_NOT_STRINGS = -1 };

/*
 * Exec form: args[from..] as a JSON array of strings, words onto p->vec.
 * JSON_NO when it is not JSON at all (shell form then), JSON_NOT_STRINGS
 * for a valid array holding something else (BuildKit rejects that).
 */
static int parse_json(parser *p, cs_df_instr *in, size_t from)
{
	const char *s = in->args;
	size_t n = in->args_len, i = from;
	if (i >= n || s[i] != '[')
		return JSON_NO;
	size_t mark = p->vec.len;
	i++;
	while (i < n && json_ws(s[i]))
		i++;
	if (i < n && s[i] == ']') {
		i++;
		goto tail;
	}
	for (;;) {
		while (i < n && json_ws(s[i]))
			i++;
		if (i >= n || s[i] != '"')
			goto fail;
		size_t start = i;
		if (!read_json_string(p, s, n, &i))
			goto fail;
		if (p->tmp.failed) {
			p->oom = true;
			goto fail;
		}
		cs_df_word w = {
			dupstr(p, p->tmp.data ? p->tmp.data : "", p->tmp.len),
			cs_df_args_mark(in, start)};
		push(p, &w, sizeof(w));
		while (i < n && json_ws(s[i]))
			i++;
		if (i < n && s[i] == ',') {
			i++;
			continue;
		}
		if (i < n && s[i] == ']') {
			i++;
			break;
		}
		goto fail;
	}
tail:
	while (i < n && json_ws(s[i]))
		i++;
	if (i == n)
		return JSON_OK;
fail:
	p->vec.len = mark;
	if (p->vec.data)
		p->vec.data[mark] = '\0';
	json_error_t je;
	json_t *j = json_loadb(s + from, n - from, JSON_DECODE_ANY, &je);
	int r = j && json_is_array(j) ? JSON_NOT_STRINGS : JSON_NO;
	json_decref(j);
	return r;
}

/*
 * RUN, CMD, ENTRYPOINT and HEALTHCHECK CMD: exec form if args[from..] is a
 * JSON string array, shell form otherwise (BuildKit's parseMaybeJSON).
 */
static void exec_or_shell(parser *p, cs_df_instr *in, size_t from, bool command)
{
	int r = parse_json(p, in, from);
	if (r == JSON_OK) {
		in->json_form = true;
		return;
	}
	cs_mark m = cs_df_args_mark(in, from);
	if (r == JSON_NOT_STRINGS)
		diag(p, CS_ERR_PARSE, m,
		     "when using JSON array syntax, arrays must be comprised "
		     "of strings only");
	else if (from < in->args_len && in->args[from] == '[')
		diag(p, CS_ERR_PARSE, m,
		     command ? "looks like exec form but is not a valid JSON "
			       "array; it will run as shell form"
			     : "looks like a JSON array but is not valid JSON; "
			       "it is read as space-separated words");
	split_words(p, in, from);
}

/* ---- ENV, LABEL, ARG ---------------------------------------------------- */

static const char *unquoted_copy(parser *p, const char *s, size_t n,
				 size_t *open)
{
	cs_buf_reset(&p->tmp);
	*open = unquote(s, n, p->esc, &p->tmp);
	if (p->tmp.failed) {
		p->oom = true;
		return NULL;
	}
	return dupstr(p, p->tmp.data ? p->tmp.data : "", p->tmp.len);
}

static void add_kv(parser *p, cs_df_instr *in, size_t k0, size_t k1, size_t v0,
		   size_t v1, bool has_value, bool *once)
{
	const char *s = in->args;
	size_t open;
	cs_df_kv kv = {0};
	kv.key = unquoted_copy(p, s + k0, k1 - k0, &open);
	if (open != (size_t)-1)
		unterminated(p, in, k0 + open, once);
	kv.key_mark = cs_df_args_mark(in, k0);
	if (has_value) {
		kv.value = unquoted_copy(p, s + v0, v1 - v0, &open);
		if (open != (size_t)-1)
			unterminated(p, in, v0 + open, once);
		kv.value_mark = cs_df_args_mark(in, v0);
	}
	if (!kv.key || (has_value && !kv.value))
		return;
	if (!*kv.key)
		diag(p, CS_ERR_PARSE, kv.key_mark, "%s names can not be blank",
		     cs_df_kind_name(in->kind));
	push(p, &kv, sizeof(kv));
}

/* BuildKit's parseNameVal (ENV, LABEL; with the legacy `ENV K V` form) and
 * parseNameOrNameVal (ARG). */
static void name_values(parser *p, cs_df_instr *in)
{
	const char *s = in->args;
	size_t n = in->args_len;
	size_t mark = p->vec.len;
	bool once = false;
	if (n == 0)
		return;
	bool arg = in->kind == CS_DF_ARG;
	size_t first_end = cs_df_word_end(s, n, 0, p->esc);
	if (!arg && !memchr(s, '=', first_end)) {
		size_t k1 = 0;
		while (k1 < n && !is_ws(s[k1]))
			k1++;
		size_t v0 = k1;
		while (v0 < n && is_ws(s[v0]))
			v0++;
		if (v0 >= n) {
			diag(p, CS_ERR_PARSE, in->start,
			     "%s must have two arguments",
			     cs_df_kind_name(in->kind));
			return;
		}
		add_kv(p, in, 0, k1, v0, n, true, &once);
	} else {
		size_t i = 0;
		while (i < n) {
			while (i < n && is_ws(s[i]))
				i++;
			if (i >= n)
				break;
			size_t e = cs_df_word_end(s, n, i, p->esc);
			const char *eq = memchr(s + i, '=', e - i);
			if (eq) {
				size_t q = (size_t)(eq - s);
				add_kv(p, in, i, q, q + 1, e, true, &once);
			} else if (arg) {
				add_kv(p, in, i, e, e, e, false, &once);
			} else {
				diag(p, CS_ERR_PARSE, cs_df_args_mark(in, i),
				     "can't find = in \"%.*s\"; must be of "
				     "the form: name=value",
				     (int)(e - i > 80 ? 80 : e - i), s + i);
			}
			i = e;
		}
	}
	in->kvs = take_vec(p, mark, sizeof(cs_df_kv), &in->nkvs);
}

/* ---- heredocs ----------------------------------------------------------- */

/*
 * Heredoc markers in args, found as BuildKit does: raw words (quotes and
 * backslash escapes kept) matching ^(\d*)<<(-?)([^<]*)$ with a non-empty
 * delimiter.  The delimiter is quoted when unquoting removed a quote.
 */
static void find_heredocs(parser *p, cs_df_instr *in)
{
	const char *s = in->args;
	size_t n = in->args_len;
	if (!memmem(s, n, "<<", 2))
		return;
	size_t mark = p->vec.len, count = 0;
	size_t i = 0;
	while (i < n) {
		while (i < n && is_ws(s[i]))
			i++;
		if (i >= n)
			break;
		size_t e = cs_df_word_end(s, n, i, '\\');
		size_t j = i;
		while (j < e && s[j] >= '0' && s[j] <= '9')
			j++;
		if (e - j < 3 || s[j] != '<' || s[j + 1] != '<') {
			i = e;
			continue;
		}
		size_t lt = j;
		j += 2;
		bool chomp = s[j] == '-';
		if (chomp)
			j++;
		if (j >= e || memchr(s + j, '<', e - j)) {
			i = e;
			continue;
		}
		cs_buf_reset(&p->tmp);
		unquote(s + j, e - j, '\\', &p->tmp);
		if (p->tmp.failed) {
			p->oom = true;
			break;
		}
		if (p->tmp.len == 0) {
			i = e;
			continue;
		}
		size_t raw_q = 0, q = 0;
		for (size_t k = j; k < e; k++)
			raw_q += s[k] == '\'' || s[k] == '"';
		for (size_t k = 0; k < p->tmp.len; k++)
			q += p->tmp.data[k] == '\'' || p->tmp.data[k] == '"';
		if (count == CS_DF_MAX_HEREDOCS) {
			diag(p, CS_ERR_LIMIT, cs_df_args_mark(in, lt),
			     "more than %u heredocs in one instruction; the "
			     "rest are not read as heredocs",
			     CS_DF_MAX_HEREDOCS);
			break;
		}
		cs_df_heredoc h = {0};
		h.delim = dupstr(p, p->tmp.data, p->tmp.len);
		h.quoted = raw_q != q;
		h.strip_tabs = chomp;
		h.mark = cs_df_args_mark(in, lt);
		h.body = "";
		push(p, &h, sizeof(h));
		count++;
		i = e;
	}
	in->heredocs = take_vec(p, mark, sizeof(cs_df_heredoc), &in->nheredocs);
}

static void read_bodies(parser *p, cs_df_instr *in, cs_df_instr *owner)
{
	for (size_t k = 0; k < owner->nheredocs; k++) {
		cs_df_heredoc *h = &owner->heredocs[k];
		size_t dn = strlen(h->delim);
		bool done = false;
		pline l;
		cs_buf_reset(&p->body);
		h->body_mark = (cs_mark){p->lineno, 1};
		h->end_line = in->end.line;
		while (next_line(p, &l)) {
			const char *c = l.s;
			size_t cn = l.len;
			while (h->strip_tabs && cn && *c == '\t') {
				c++;
				cn--;
			}
			h->end_line = l.no;
			in->end =
				(cs_mark){l.no, (uint32_t)(l.len ? l.len : 1)};
			if (cn == dn && memcmp(c, h->delim, dn) == 0) {
				done = true;
				break;
			}
			cs_buf_add(&p->body, c, cn);
			cs_buf_addc(&p->body, '\n');
		}
		if (!done)
			diag(p, CS_ERR_PARSE, h->mark,
			     "heredoc delimiter \"%s\" was never found; the "
			     "body runs to the end of the file",
			     h->delim);
		if (p->body.failed) {
			p->oom = true;
			return;
		}
		h->body_len = p->body.len;
		h->body =
			p->body.len ? dupstr(p, p->body.data, p->body.len) : "";
	}
}

/* ---- flags -------------------------------------------------------------- */

static bool takes_flags(cs_df_kind k)
{
	return k == CS_DF_FROM || k == CS_DF_RUN || k == CS_DF_COPY ||
	       k == CS_DF_ADD || k == CS_DF_HEALTHCHECK;
}

/*
 * BuildKit's extractBuilderFlags: words starting with "--" at the front,
 * quotes removed and backslash escaping anything; a bare "--" ends them.
 * Returns the offset where the arguments start.
 */
static size_t parse_flags(parser *p, const char *t, size_t n, size_t i,
			  const cs_df_seg *segs, size_t nsegs, cs_df_instr *in)
{
	size_t mark = p->vec.len;
	for (;;) {
		while (i < n && is_ws(t[i]))
			i++;
		if (i + 1 >= n || t[i] != '-' || t[i + 1] != '-')
			break;
		size_t w0 = i;
		char q = 0;
		cs_buf_reset(&p->tmp);
		while (i < n) {
			char c = t[i];
			if (!q && is_ws(c))
				break;
			if (!q && (c == '\'' || c == '"')) {
				q = c;
				i++;
				continue;
			}
			if (q && c == q) {
				q = 0;
				i++;
				continue;
			}
			if (c == '\\') {
				if (i + 1 >= n) {
					i++;
					continue;
				}
				c = t[++i];
			}
			cs_buf_addc(&p->tmp, c);
			i++;
		}
		if (p->tmp.failed) {
			p->oom = true;
			break;
		}
		const char *w = p->tmp.data;
		size_t wn = p->tmp.len;
		if (wn == 2) {
			while (i < n && is_ws(t[i]))
				i++;
			break;
		}
		const char *eq = memchr(w, '=', wn);
		size_t name_len = eq ? (size_t)(eq - w) - 2 : wn - 2;
		cs_df_flag f = {0};
		f.mark = seg_mark(segs, nsegs, w0);
		if (name_len == 0)
			diag(p, CS_ERR_PARSE, f.mark,
			     "invalid flag \"%.*s\": a flag needs a name after "
			     "--",
			     (int)(wn > 80 ? 80 : wn), w);
		f.name = dupstr(p, w + 2, name_len);
		if (eq)
			f.value = dupstr(p, eq + 1, wn - (size_t)(eq - w) - 1);
		push(p, &f, sizeof(f));
	}
	in->flags = take_vec(p, mark, sizeof(cs_df_flag), &in->nflags);
	return i;
}

const cs_df_flag *cs_df_flag_get(const cs_df_instr *in, const char *name)
{
	const cs_df_flag *found = NULL;
	for (size_t i = 0; i < in->nflags; i++)
		if (strcmp(in->flags[i].name, name) == 0)
			found = &in->flags[i];
	return found;
}

const cs_df_flag *cs_df_flag_next(const cs_df_instr *in, const char *name,
				  const cs_df_flag *prev)
{
	size_t i = 0;
	if (prev) {
		if (prev < in->flags || prev >= in->flags + in->nflags)
			return NULL;
		i = (size_t)(prev - in->flags) + 1;
	}
	for (; i < in->nflags; i++)
		if (strcmp(in->flags[i].name, name) == 0)
			return &in->flags[i];
	return NULL;
}

/* ---- instructions ------------------------------------------------------- */

static void healthcheck(parser *p, cs_df_instr *in)
{
	const char *s = in->args;
	size_t n = in->args_len;
	size_t t1 = 0;
	while (t1 < n && !is_ws(s[t1]))
		t1++;
	size_t r = t1;
	while (r < n && is_ws(s[r]))
		r++;
	if (t1 == 4 && strncasecmp(s, "NONE", 4) == 0) {
		if (r < n)
			diag(p, CS_ERR_PARSE, cs_df_args_mark(in, r),
			     "HEALTHCHECK NONE takes no arguments");
		split_words(p, in, 0);
		return;
	}
	if (t1 == 3 && strncasecmp(s, "CMD", 3) == 0) {
		cs_df_word w = {dupstr(p, s, 3), cs_df_args_mark(in, 0)};
		push(p, &w, sizeof(w));
		if (r < n)
			exec_or_shell(p, in, r, true);
		else
			diag(p, CS_ERR_PARSE, in->start,
			     "missing command after HEALTHCHECK CMD");
		return;
	}
	if (n)
		diag(p, CS_ERR_PARSE, in->segs[0].mark,
		     "unknown HEALTHCHECK type \"%.*s\" (use CMD or NONE)",
		     (int)(t1 > 80 ? 80 : t1), s);
	split_words(p, in, 0);
}

static void check_arity(parser *p, cs_df_instr *in)
{
	const char *k = cs_df_kind_name(in->kind);
	switch (in->kind) {
	case CS_DF_UNKNOWN:
	case CS_DF_RUN:
	case CS_DF_CMD:
	case CS_DF_ENTRYPOINT:
		return;
	case CS_DF_FROM:
		if (in->nwords == 1 ||
		    (in->nwords == 3 &&
		     strcasecmp(in->words[1].text, "as") == 0))
			return;
		diag(p, CS_ERR_PARSE, in->start,
		     "FROM requires either one or three arguments "
		     "(FROM image [AS name])");
		return;
	case CS_DF_COPY:
	case CS_DF_ADD:
		if (in->nwords >= 2)
			return;
		diag(p, CS_ERR_PARSE, in->start,
		     "%s requires at least two arguments (source and "
		     "destination)",
		     k);
		return;
	default:
		if (in->args_len == 0)
			diag(p, CS_ERR_PARSE, in->start,
			     "%s requires at least one argument", k);
		return;
	}
}

static void parse_instr(parser *p, const char *t, size_t n,
			const cs_df_seg *segs, size_t nsegs, size_t from,
			cs_df_instr *in, bool is_sub);

static void onbuild(parser *p, const char *t, size_t n, const cs_df_seg *segs,
		    size_t nsegs, size_t args_off, cs_df_instr *in, bool is_sub)
{
	if (is_sub || in->args_len == 0)
		return;
	cs_df_instr *sub = cs_arena_alloc(p->a, sizeof(*sub));
	if (!sub) {
		p->oom = true;
		return;
	}
	sub->stage = in->stage;
	sub->index = in->index;
	parse_instr(p, t, n, segs, nsegs, args_off, sub, true);
	in->sub = sub;
	switch (sub->kind) {
	case CS_DF_ONBUILD:
		diag(p, CS_ERR_PARSE, sub->start,
		     "chaining ONBUILD via ONBUILD ONBUILD isn't allowed");
		break;
	case CS_DF_FROM:
	case CS_DF_MAINTAINER:
		diag(p, CS_ERR_PARSE, sub->start,
		     "%s isn't allowed as an ONBUILD trigger",
		     cs_df_kind_name(sub->kind));
		break;
	default:
		break;
	}
}

/*
 * One instruction from the joined text t[from..n).  `segs` locates t; the
 * args get their own rebased copy so cs_df_args_mark needs nothing else.
 */
static void parse_instr(parser *p, const char *t, size_t n,
			const cs_df_seg *segs, size_t nsegs, size_t from,
			cs_df_instr *in, bool is_sub)
{
	size_t i = from;
	while (i < n && is_ws(t[i]))
		i++;
	size_t k0 = i;
	while (i < n && !is_ws(t[i]))
		i++;
	in->keyword = dupstr(p, t + k0, i - k0);
	in->start = seg_mark(segs, nsegs, k0);
	in->kind = cs_df_kind_of(t + k0, i - k0);
	if (in->kind == CS_DF_UNKNOWN)
		diag(p, CS_ERR_PARSE, in->start, "unknown instruction: %.*s",
		     (int)(i - k0 > 80 ? 80 : i - k0), t + k0);
	while (i < n && is_ws(t[i]))
		i++;
	if (takes_flags(in->kind))
		i = parse_flags(p, t, n, i, segs, nsegs, in);
	size_t e = n;
	while (e > i && is_ws(t[e - 1]))
		e--;
	in->args = dupstr(p, t + i, e - i);
	in->args_len = e - i;
	if (p->oom)
		return;

	/* segments from the one holding `i`, rebased to args offsets */
	size_t lo = 0, hi = nsegs;
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (segs[mid].off <= i)
			lo = mid;
		else
			hi = mid;
	}
	size_t cnt = 1;
	while (lo + cnt < nsegs && segs[lo + cnt].off < e)
		cnt++;
	cs_df_seg *rs = cs_arena_alloc(p->a, cnt * sizeof(*rs));
	if (!rs) {
		p->oom = true;
		return;
	}
	rs[0] = (cs_df_seg){0, seg_mark(segs, nsegs, i)};
	for (size_t k = 1; k < cnt; k++)
		rs[k] = (cs_df_seg){segs[lo + k].off - i, segs[lo + k].mark};
	in->segs = rs;
	in->nsegs = cnt;

	size_t mark = p->vec.len;
	switch (in->kind) {
	case CS_DF_RUN:
	case CS_DF_CMD:
	case CS_DF_ENTRYPOINT:
		exec_or_shell(p, in, 0, true);
		break;
	case CS_DF_COPY:
	case CS_DF_ADD:
	case CS_DF_VOLUME:
		exec_or_shell(p, in, 0, false);
		break;
	case CS_DF_SHELL:
		if (in->args_len && parse_json(p, in, 0) == JSON_OK) {
			in->json_form = true;
		} else {
			if (in->args_len)
				diag(p, CS_ERR_PARSE, in->segs[0].mark,
				     "SHELL requires the arguments to be in "
				     "JSON form");
			split_words(p, in, 0);
		}
		break;
	case CS_DF_HEALTHCHECK:
		healthcheck(p, in);
		break;
	default:
		split_words(p, in, 0);
		break;
	}
	in->words = take_vec(p, mark, sizeof(cs_df_word), &in->nwords);

	switch (in->kind) {
	case CS_DF_ENV:
	case CS_DF_LABEL:
	case CS_DF_ARG:
		name_values(p, in);
		break;
	case CS_DF_ONBUILD:
		onbuild(p, t, n, segs, nsegs, i, in, is_sub);
		break;
	case CS_DF_RUN:
	case CS_DF_COPY:
	case CS_DF_ADD:
		find_heredocs(p, in);
		break;
	default:
		break;
	}
	check_arity(p, in);
}

/* ---- lines -------------------------------------------------------------- */

static void add_piece(parser *p, const char *s, size_t n, cs_mark m, bool *cont)
{
	size_t k = n;
	while (k > 0 && (s[k - 1] == ' ' || s[k - 1] == '\t'))
		k--;
	*cont = k > 0 && s[k - 1] == p->esc;
	if (*cont)
		n = k - 1;
	if (n == 0 || p->text.failed)
		return;
	cs_df_seg seg = {p->text.len, m};
	if (!cs_buf_add(&p->text, s, n))
		return;
	if (!cs_buf_add(&p->segs, &seg, sizeof(seg)))
		p->oom = true;
}

static cs_df_instr *new_instr(parser *p)
{
	cs_dockerfile *df = p->df;
	void *v = df->instrs;
	if (!grow(p, &v, df->ninstrs, &p->cap_instrs, sizeof(cs_df_instr)))
		return NULL;
	df->instrs = v;
	cs_df_instr *in = &df->instrs[df->ninstrs];
	memset(in, 0, sizeof(*in));
	in->index = df->ninstrs++;
	return in;
}

/* An instruction starting on line `first`, `lead` blanks in. */
static void instruction(parser *p, const pline *first, size_t lead)
{
	bool cont;
	cs_buf_reset(&p->text);
	cs_buf_reset(&p->segs);
	cs_mark start = {first->no, (uint32_t)lead + 1};
	add_piece(p, first->s + lead, first->len - lead, start, &cont);
	cs_mark end = last_char(first);
	while (cont) {
		pline l;
		if (!next_line(p, &l))
			break;
		size_t ld = lead_ws(l.s, l.len);
		if (ld == l.len || l.s[ld] == '#')
			continue;
		add_piece(p, l.s, l.len, (cs_mark){l.no, 1}, &cont);
		end = last_char(&l);
	}
	if (p->oom)
		return;
	if (p->text.failed) {
		diag(p, CS_ERR_LIMIT, start,
		     "instruction longer than %u bytes; it was skipped",
		     CS_DF_MAX_LINE);
		return;
	}
	if (p->text.len == 0)
		return;
	if (p->df->ninstrs >= CS_DF_MAX_INSTRS) {
		diag(p, CS_ERR_LIMIT, start,
		     "more than %u instructions; the rest of the file was "
		     "not parsed",
		     CS_DF_MAX_INSTRS);
		p->stop = true;
		return;
	}
	cs_df_instr *in = new_instr(p);
	if (!in)
		return;
	const cs_df_seg *segs = (const cs_df_seg *)p->segs.data;
	size_t nsegs = p->segs.len / sizeof(cs_df_seg);
	/* FROM opens a stage before it is parsed, so it belongs to it */
	size_t k = lead_ws(p->text.data, p->text.len), k1 = k;
	while (k1 < p->text.len && !is_ws(p->text.data[k1]))
		k1++;
	if (cs_df_kind_of(p->text.data + k, k1 - k) == CS_DF_FROM)
		p->nfroms++;
	in->stage = p->nfroms - 1;
	parse_instr(p, p->text.data, p->text.len, segs, nsegs, 0, in, false);
	in->end = end;
	if (p->oom)
		return;
	cs_df_instr *owner = in->sub ? in->sub : in;
	read_bodies(p, in, owner);
	if (in->sub)
		in->sub->end = in->end;
}

static void comment(parser *p, const pline *l, size_t lead)
{
	cs_dockerfile *df = p->df;
	const char *s = l->s + lead + 1;
	size_t n = l->len - lead - 1;
	size_t b = lead_ws(s, n);
	while (n > b && is_ws(s[n - 1]))
		n--;
	void *v = df->comments;
	if (!grow(p, &v, df->ncomments, &p->cap_comments,
		  sizeof(cs_df_comment)))
		return;
	df->comments = v;
	df->comments[df->ncomments++] = (cs_df_comment){
		dupstr(p, s + b, n - b),
		{l->no, (uint32_t)lead + 1},
		df->ninstrs,
	};
}

/* ---- directives --------------------------------------------------------- */

static bool re_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\f';
}

static bool is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool is_alnum(char c)
{
	return is_alpha(c) || (c >= '0' && c <= '9');
}

/* ^#\s*([a-zA-Z][a-zA-Z0-9]*)\s*=\s*(.+?)\s*$ on a left-trimmed line. */
static bool match_directive(const char *s, size_t n, size_t *k0, size_t *k1,
			    size_t *v0, size_t *v1)
{
	if (n == 0 || s[0] != '#')
		return false;
	size_t i = 1;
	while (i < n && re_space(s[i]))
		i++;
	if (i >= n || !is_alpha(s[i]))
		return false;
	*k0 = i;
	while (i < n && is_alnum(s[i]))
		i++;
	*k1 = i;
	while (i < n && re_space(s[i]))
		i++;
	if (i >= n || s[i] != '=')
		return false;
	i++;
	while (i < n && re_space(s[i]))
		i++;
	size_t e = n;
	while (e > i && re_space(s[e - 1]))
		e--;
	if (e <= i)
		return false;
	*v0 = i;
	*v1 = e;
	return true;
}

/* Parser directives: only at the very top; the first line that is not one
 * (comment, blank line, instruction, unknown key) ends them. */
static void directives(parser *p)
{
	static const char *const keys[] = {"syntax", "escape", "check"};
	bool seen[3] = {false, false, false};
	cs_dockerfile *df = p->df;
	df->directives = cs_arena_alloc(p->a, 3 * sizeof(cs_df_directive));
	if (!df->directives) {
		p->oom = true;
		return;
	}
	for (;;) {
		size_t save = p->pos;
		uint32_t save_no = p->lineno;
		pline l;
		if (!next_line(p, &l))
			return;
		size_t lead = lead_ws(l.s, l.len);
		const char *s = l.s + lead;
		size_t k0, k1, v0, v1, k = 3;
		if (match_directive(s, l.len - lead, &k0, &k1, &v0, &v1))
			for (k = 0; k < 3; k++)
				if (strlen(keys[k]) == k1 - k0 &&
				    strncasecmp(keys[k], s + k0, k1 - k0) == 0)
					break;
		if (k == 3) {
			p->pos = save;
			p->lineno = save_no;
			return;
		}
		cs_mark m = {l.no, (uint32_t)lead + 1};
		if (seen[k]) {
			diag(p, CS_ERR_PARSE, m,
			     "only one %s parser directive can be used; this "
			     "one is ignored",
			     keys[k]);
			continue;
		}
		seen[k] = true;
		df->directives[df->ndirectives++] = (cs_df_directive){
			keys[k], dupstr(p, s + v0, v1 - v0), m};
		if (k != 1)
			continue;
		if (v1 - v0 == 1 && (s[v0] == '\\' || s[v0] == '`'))
			p->esc = s[v0];
		else
			diag(p, CS_ERR_PARSE,
			     (cs_mark){l.no, (uint32_t)(lead + v0 + 1)},
			     "invalid escape token '%.*s': it must be \\ or `",
			     (int)(v1 - v0 > 20 ? 20 : v1 - v0), s + v0);
	}
}

/* ---- entry -------------------------------------------------------------- */

bool cs_df_parse(const char *src, size_t len, cs_arena *a, cs_dockerfile *out,
		 cs_error *err)
{
	memset(out, 0, sizeof(*out));
	out->escape = '\\';
	if (len > CS_DF_MAX_BYTES) {
		cs_error_set(
			err, CS_ERR_LIMIT, (cs_mark){0, 0},
			"while reading a Dockerfile",
			"the file is %zu bytes, over the limit of %u bytes "
			"for a Dockerfile",
			len, CS_DF_MAX_BYTES);
		return false;
	}
	if (len == 0)
		return true;
	size_t bom = len >= 3 && memcmp(src, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
	const char *nul = memchr(src, '\0', len);
	if (nul) {
		cs_error_set(err, CS_ERR_PARSE,
			     file_mark(src, bom, (size_t)(nul - src)),
			     "while reading a Dockerfile",
			     "NUL byte: this is a binary file, not a "
			     "Dockerfile");
		return false;
	}
	uint32_t nlines = 0;
	for (const char *q = src + bom, *e = src + len;
	     (q = memchr(q, '\n', (size_t)(e - q))) != NULL; q++)
		nlines++;
	if (len > bom && src[len - 1] != '\n')
		nlines++;
	out->nlines = nlines;

	parser p = {0};
	p.src = src;
	p.len = len;
	p.pos = bom;
	p.lineno = 1;
	p.a = a;
	p.df = out;
	p.esc = '\\';
	cs_buf_init(&p.text, CS_DF_MAX_LINE);
	cs_buf_init(&p.segs, 0);
	cs_buf_init(&p.tmp, 0);
	cs_buf_init(&p.vec, 0);
	cs_buf_init(&p.body, 0);

	size_t bad = utf8_bad((const unsigned char *)src + bom, len - bom);
	if (bad < len - bom)
		diag(&p, CS_ERR_PARSE, file_mark(src, bom, bom + bad),
		     "invalid UTF-8 (byte 0x%02x); a Dockerfile must be UTF-8 "
		     "text",
		     (unsigned char)src[bom + bad]);

	directives(&p);
	out->escape = p.esc;
	pline l;
	while (!p.oom && !p.stop && next_line(&p, &l)) {
		size_t lead = lead_ws(l.s, l.len);
		if (lead == l.len)
			continue;
		if (l.s[lead] == '#')
			comment(&p, &l, lead);
		else
			instruction(&p, &l, lead);
	}

	cs_buf_free(&p.text);
	cs_buf_free(&p.segs);
	cs_buf_free(&p.tmp);
	cs_buf_free(&p.vec);
	cs_buf_free(&p.body);
	if (p.oom) {
		cs_error_set(err, CS_ERR_NOMEM, (cs_mark){p.lineno, 1},
			     "while parsing a Dockerfile",
			     "out of memory (the per-file memory cap was "
			     "reached)");
		return false;
	}
	return true;
}

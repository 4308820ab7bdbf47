/*
 * shell.c - POSIX shell text into simple commands; see shell.h.
 *
 * A tokenizer and a flat command builder rather than a grammar: rules only
 * need "which commands run, with which words, joined how", and a flat loop
 * is easy to bound.  Subshells, groups, if/while/for/case are tracked on a
 * small explicit stack of contexts (no recursion), so deeply nested input
 * costs a counter, not C stack.  The only recursion is into the text of a
 * command substitution, process substitution or `sh -c` argument, which is
 * a separate script, and it stops at CS_SH_MAX_DEPTH.
 *
 * Nested commands are appended after the command whose word holds them,
 * and carry that word's offset: their own text is not always a substring
 * of the source (quotes were removed from the `sh -c` argument).
 *
 * Every scan moves forward; a here-document body, a $(...) or a quote that
 * never closes ends at the end of the text.  Unbalanced input sets the
 * error (the first one) and keeps what was read.
 */
#include "shell.h"

#include <string.h>

#include "../util/buf.h"

enum { CTX_SUBSHELL, CTX_GROUP, CTX_CASE_PAT, CTX_CASE_BODY };
enum { MODE_NORMAL, MODE_DISCARD, MODE_CASE_HEAD, MODE_COND, MODE_FUNC };
enum { SPAN_SUBST, SPAN_BACKTICK };
enum { MAX_CTX = 64, MAX_SCAN = 64 };

typedef struct shctx {
	cs_arena *a;
	cs_sh_script *out;
	size_t cap;
	cs_error *err;
	bool have_err;
	const char *src;
	size_t srclen;
	bool oom;
	bool stop;
} shctx;

typedef struct span {
	size_t off, len; /* inner text in the level's source */
	int kind;
	size_t woff, wlen; /* the enclosing word, mapped to the top source */
} span;

typedef struct heredoc {
	const char *delim;
	bool strip;
} heredoc;

typedef struct level {
	shctx *x;
	const char *s;
	size_t n, i;
	unsigned base; /* depth of this text */
	bool nested;
	size_t moff, mlen; /* where nested words point in the top source */

	unsigned char ctx[MAX_CTX];
	size_t nctx;
	unsigned grp; /* subshells and groups open */
	int mode;

	/* the command being read */
	cs_buf assigns, argv, spans, wspans;
	bool have, negated;
	size_t cstart, cend;

	bool pipe_pending;  /* the next command reads a pipe */
	long last;	    /* last command emitted at this level, or -1 */
	bool close_pending; /* a `)` `}` `fi` ... just closed after `last` */
	cs_buf hds;	    /* here-documents waiting for the next newline */
	cs_buf tmp;
} level;

static void parse_text(shctx *x, const char *s, size_t n, unsigned depth,
		       size_t moff, size_t mlen, bool nested);

/* ---- errors ------------------------------------------------------------- */

static void set_err(level *L, size_t off, const char *msg)
{
	shctx *x = L->x;
	if (x->have_err || !x->err)
		return;
	x->have_err = true;
	size_t at = L->nested ? L->moff : off;
	uint32_t line = 1;
	size_t start = 0;
	for (size_t k = 0; k < at && k < x->srclen; k++)
		if (x->src[k] == '\n') {
			line++;
			start = k + 1;
		}
	cs_error_set(x->err, CS_ERR_PARSE,
		     (cs_mark){line, (uint32_t)(at - start + 1)},
		     "while splitting shell commands", "%s", msg);
}

static void truncate_here(level *L, size_t off, const char *msg)
{
	L->x->out->truncated = true;
	L->x->stop = true;
	set_err(L, off, msg);
}

/* ---- character classes -------------------------------------------------- */

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

static bool is_meta(char c)
{
	return is_blank(c) || c == '\n' || c == ';' || c == '&' || c == '|' ||
	       c == '<' || c == '>' || c == '(' || c == ')';
}

static bool is_name_start(char c)
{
	return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool is_name_char(char c)
{
	return is_name_start(c) || (c >= '0' && c <= '9');
}

/* ---- scanning nested constructs ----------------------------------------- */

enum { SC_PAREN, SC_BRACE, SC_DQ, SC_BQ };

/*
 * From i (just inside an opening construct of kind `first`, pushed `times`
 * times), the offset just past its matching close, or n.  An explicit stack
 * keeps hostile nesting from recursing.
 */
static size_t scan_close(const char *s, size_t n, size_t i, int first,
			 int times, bool *closed)
{
	unsigned char st[MAX_SCAN];
	int sp = 0;
	while (sp < times)
		st[sp++] = (unsigned char)first;
	*closed = false;
	while (i < n) {
		char c = s[i];
		int top = st[sp - 1];
		if (c == '\\') {
			i += 2;
			continue;
		}
		if (top == SC_BQ) {
			if (c == '`')
				sp--;
			i++;
		} else if (top == SC_DQ) {
			if (c == '"') {
				sp--;
				i++;
			} else if (c == '$' && i + 1 < n &&
				   (s[i + 1] == '(' || s[i + 1] == '{')) {
				if (sp == MAX_SCAN)
					return n;
				st[sp++] =
					s[i + 1] == '(' ? SC_PAREN : SC_BRACE;
				i += 2;
			} else if (c == '`') {
				if (sp == MAX_SCAN)
					return n;
				st[sp++] = SC_BQ;
				i++;
			} else {
				i++;
			}
		} else {
			if (c == '\'') {
				const char *e =
					memchr(s + i + 1, '\'', n - i - 1);
				if (!e)
					return n;
				i = (size_t)(e - s) + 1;
				continue;
			}
			if (c == '#' && top == SC_PAREN &&
			    (i == 0 || is_blank(s[i - 1]) ||
			     s[i - 1] == '\n')) {
				const char *e = memchr(s + i, '\n', n - i);
				i = e ? (size_t)(e - s) : n;
				continue;
			}
			int push = -1;
			if (c == '"')
				push = SC_DQ;
			else if (c == '`')
				push = SC_BQ;
			else if (c == '$' && i + 1 < n && s[i + 1] == '(')
				push = SC_PAREN;
			else if (c == '$' && i + 1 < n && s[i + 1] == '{')
				push = SC_BRACE;
			else if (c == '(' && top == SC_PAREN)
				push = SC_PAREN;
			if (push >= 0) {
				if (sp == MAX_SCAN)
					return n;
				st[sp++] = (unsigned char)push;
				i += c == '$' ? 2 : 1;
				continue;
			}
			if ((c == ')' && top == SC_PAREN) ||
			    (c == '}' && top == SC_BRACE))
				sp--;
			i++;
		}
		if (sp == 0) {
			*closed = true;
			return i;
		}
	}
	return n;
}

/* ---- words -------------------------------------------------------------- */

typedef struct word {
	const char *text;
	size_t start, end; /* raw extent in the level's source */
	bool quoted;
} word;

static void add_span(level *L, size_t off, size_t len, int kind)
{
	span sp = {off, len, kind, 0, 0};
	if (!cs_buf_add(&L->wspans, &sp, sizeof(sp)))
		L->x->oom = true;
}

static int ansi_escape(const char *s, size_t n, size_t *i, cs_buf *b)
{
	char c = s[*i];
	(*i)++;
	switch (c) {
	case 'n':
		return '\n';
	case 't':
		return '\t';
	case 'r':
		return '\r';
	case 'a':
		return '\a';
	case 'b':
		return '\b';
	case 'e':
	case 'E':
		return 27;
	case 'f':
		return '\f';
	case 'v':
		return '\v';
	case 'x': {
		int v = 0, k = 0;
		while (k < 2 && *i < n) {
			char h = s[*i];
			int d = h >= '0' && h <= '9'   ? h - '0'
				: h >= 'a' && h <= 'f' ? h - 'a' + 10
				: h >= 'A' && h <= 'F' ? h - 'A' + 10
						       : -1;
			if (d < 0)
				break;
			v = v * 16 + d;
			(*i)++;
			k++;
		}
		if (!k) {
			cs_buf_addc(b, '\\');
			return 'x';
		}
		return v;
	}
	default:
		if (c >= '0' && c <= '7') {
			int v = c - '0', k = 1;
			while (k < 3 && *i < n && s[*i] >= '0' &&
			       s[*i] <= '7') {
				v = v * 8 + (s[*i] - '0');
				(*i)++;
				k++;
			}
			return v & 0xFF;
		}
		if (c == '\\' || c == '\'' || c == '"' || c == '?')
			return c;
		cs_buf_addc(b, '\\');
		return (unsigned char)c;
	}
}

/*
 * One word from L->i: quotes and escapes removed, $(...) ${...} $((...))
 * and backticks kept verbatim, substitutions noted in L->wspans.
 */
static bool read_word(level *L, word *w)
{
	const char *s = L->s;
	size_t n = L->n, i = L->i;
	cs_buf *b = &L->tmp;
	cs_buf_reset(b);
	w->start = i;
	w->quoted = false;
	while (i < n) {
		char c = s[i];
		if (i == w->start && (c == '<' || c == '>') && i + 1 < n &&
		    s[i + 1] == '(') {
			/* process substitution <(...) >(...) */
			bool ok;
			size_t e = scan_close(s, n, i + 2, SC_PAREN, 1, &ok);
			if (ok)
				add_span(L, i + 2, e - i - 3, SPAN_SUBST);
			else
				set_err(L, i, "unterminated substitution");
			cs_buf_add(b, s + i, e - i);
			i = e;
			continue;
		}
		if (is_meta(c))
			break;
		if (c == '\\') {
			if (i + 1 < n && s[i + 1] == '\n') {
				i += 2;
				continue;
			}
			if (i + 1 < n)
				cs_buf_addc(b, s[i + 1]);
			w->quoted = true;
			i = i + 1 < n ? i + 2 : n;
			continue;
		}
		if (c == '\'') {
			const char *e = memchr(s + i + 1, '\'', n - i - 1);
			size_t end = e ? (size_t)(e - s) : n;
			cs_buf_add(b, s + i + 1, end - i - 1);
			if (!e)
				set_err(L, i, "unterminated single quote");
			w->quoted = true;
			i = e ? end + 1 : n;
			continue;
		}
		if (c == '$' && i + 1 < n && s[i + 1] == '\'') {
			w->quoted = true;
			i += 2;
			bool closed = false;
			while (i < n) {
				if (s[i] == '\'') {
					i++;
					closed = true;
					break;
				}
				if (s[i] == '\\' && i + 1 < n) {
					i++;
					int v = ansi_escape(s, n, &i, b);
					cs_buf_addc(b, (char)v);
					continue;
				}
				cs_buf_addc(b, s[i++]);
			}
			if (!closed)
				set_err(L, w->start,
					"unterminated $'...' quote");
			continue;
		}
		if (c == '"' || (c == '$' && i + 1 < n && s[i + 1] == '"')) {
			size_t q = i;
			i += c == '$' ? 2 : 1;
			w->quoted = true;
			bool closed = false;
			while (i < n) {
				char d = s[i];
				if (d == '"') {
					i++;
					closed = true;
					break;
				}
				if (d == '\\' && i + 1 < n) {
					char e = s[i + 1];
					if (e == '\n') {
						i += 2;
						continue;
					}
					if (e == '$' || e == '`' || e == '"' ||
					    e == '\\') {
						cs_buf_addc(b, e);
						i += 2;
						continue;
					}
				}
				if ((d == '$' && i + 1 < n &&
				     (s[i + 1] == '(' || s[i + 1] == '{')) ||
				    d == '`') {
					bool ok;
					size_t e;
					if (d == '`') {
						e = scan_close(s, n, i + 1,
							       SC_BQ, 1, &ok);
						if (ok)
							add_span(L, i + 1,
								 e - i - 2,
								 SPAN_BACKTICK);
					} else if (s[i + 1] == '{') {
						e = scan_close(s, n, i + 2,
							       SC_BRACE, 1,
							       &ok);
					} else if (i + 2 < n &&
						   s[i + 2] == '(') {
						e = scan_close(s, n, i + 3,
							       SC_PAREN, 2,
							       &ok);
					} else {
						e = scan_close(s, n, i + 2,
							       SC_PAREN, 1,
							       &ok);
						if (ok)
							add_span(L, i + 2,
								 e - i - 3,
								 SPAN_SUBST);
					}
					if (!ok)
						set_err(L, i,
							"unterminated "
							"substitution");
					cs_buf_add(b, s + i, e - i);
					i = e;
					continue;
				}
				cs_buf_addc(b, d);
				i++;
			}
			if (!closed)
				set_err(L, q, "unterminated double quote");
			continue;
		}
		if (c == '$' && i + 1 < n &&
		    (s[i + 1] == '(' || s[i + 1] == '{')) {
			bool ok;
			size_t e;
			if (s[i + 1] == '{') {
				e = scan_close(s, n, i + 2, SC_BRACE, 1, &ok);
			} else if (i + 2 < n && s[i + 2] == '(') {
				e = scan_close(s, n, i + 3, SC_PAREN, 2, &ok);
			} else {
				e = scan_close(s, n, i + 2, SC_PAREN, 1, &ok);
				if (ok)
					add_span(L, i + 2, e - i - 3,
						 SPAN_SUBST);
			}
			if (!ok)
				set_err(L, i, "unterminated substitution");
			cs_buf_add(b, s + i, e - i);
			i = e;
			continue;
		}
		if (c == '`') {
			bool ok;
			size_t e = scan_close(s, n, i + 1, SC_BQ, 1, &ok);
			if (ok)
				add_span(L, i + 1, e - i - 2, SPAN_BACKTICK);
			else
				set_err(L, i, "unterminated backquote");
			cs_buf_add(b, s + i, e - i);
			i = e;
			continue;
		}
		cs_buf_addc(b, c);
		i++;
	}
	L->i = i;
	w->end = i;
	if (b->failed) {
		L->x->oom = true;
		return false;
	}
	w->text = cs_arena_strndup(L->x->a, b->data ? b->data : "", b->len);
	if (!w->text) {
		L->x->oom = true;
		return false;
	}
	return true;
}

static cs_sh_word sh_word(const level *L, const word *w)
{
	cs_sh_word sw = {w->text, w->start, w->end - w->start, w->quoted};
	if (L->nested) {
		sw.off = L->moff;
		sw.len = L->mlen;
	}
	return sw;
}

/* Move the word's substitution spans to the command (mapped to it). */
static void keep_spans(level *L, const cs_sh_word *sw)
{
	span *v = (span *)L->wspans.data;
	size_t nv = L->wspans.len / sizeof(span);
	for (size_t k = 0; k < nv; k++) {
		v[k].woff = sw->off;
		v[k].wlen = sw->len;
		if (!cs_buf_add(&L->spans, &v[k], sizeof(span)))
			L->x->oom = true;
	}
	cs_buf_reset(&L->wspans);
}

/* ---- commands ----------------------------------------------------------- */

static const char *base_name(const char *p)
{
	const char *s = strrchr(p, '/');
	return s ? s + 1 : p;
}

const char *cs_sh_name(const cs_sh_cmd *c)
{
	return c->argc ? base_name(c->argv[0].text) : "";
}

bool cs_sh_is(const cs_sh_cmd *c, const char *name)
{
	return c->argc && strcmp(base_name(c->argv[0].text), name) == 0;
}

static bool is_shell(const char *name)
{
	static const char *const shells[] = {"sh", "bash", "ash", "dash",
					     "zsh"};
	for (size_t k = 0; k < sizeof(shells) / sizeof(shells[0]); k++)
		if (strcmp(name, shells[k]) == 0)
			return true;
	return false;
}

/* The argv index of the script of `sh [options] -c SCRIPT`, or 0. */
static size_t dash_c(const cs_sh_cmd *c)
{
	if (!c->argc || !is_shell(cs_sh_name(c)))
		return 0;
	bool has_c = false;
	for (size_t k = 1; k < c->argc; k++) {
		const char *a = c->argv[k].text;
		if (strcmp(a, "--") == 0) {
			k++;
			return has_c && k < c->argc ? k : 0;
		}
		if ((a[0] == '-' || a[0] == '+') && a[1]) {
			if (a[0] == '-' && a[1] == '-') {
				if (strcmp(a, "--rcfile") == 0 ||
				    strcmp(a, "--init-file") == 0)
					k++;
				continue;
			}
			if (strchr(a + 1, 'c') && a[0] == '-')
				has_c = true;
			if (strcmp(a + 1, "o") == 0 || strcmp(a + 1, "O") == 0)
				k++;
			continue;
		}
		return has_c ? k : 0;
	}
	return 0;
}

static cs_sh_cmd *new_cmd(level *L)
{
	shctx *x = L->x;
	cs_sh_script *o = x->out;
	if (o->ncmds >= CS_SH_MAX_CMDS) {
		truncate_here(L, L->cstart, "too many commands");
		return NULL;
	}
	if (o->ncmds == x->cap) {
		size_t ncap = x->cap ? x->cap * 2 : 16;
		cs_sh_cmd *v = cs_arena_grow(x->a, o->cmds, o->ncmds, ncap,
					     sizeof(*v));
		if (!v) {
			x->oom = true;
			return NULL;
		}
		o->cmds = v;
		x->cap = ncap;
	}
	cs_sh_cmd *c = &o->cmds[o->ncmds++];
	memset(c, 0, sizeof(*c));
	return c;
}

static void *take(level *L, cs_buf *b, size_t *n)
{
	*n = b->len / sizeof(cs_sh_word);
	void *v = NULL;
	if (*n) {
		v = cs_arena_alloc(L->x->a, b->len);
		if (!v)
			L->x->oom = true;
		else
			memcpy(v, b->data, b->len);
	}
	cs_buf_reset(b);
	return v;
}

static void reset_cmd(level *L)
{
	cs_buf_reset(&L->assigns);
	cs_buf_reset(&L->argv);
	cs_buf_reset(&L->spans);
	L->have = false;
	L->negated = false;
}

static void nested(level *L, const char *s, size_t n, unsigned depth,
		   size_t woff, size_t wlen)
{
	if (depth > CS_SH_MAX_DEPTH) {
		L->x->out->truncated = true;
		set_err(L, woff, "nesting deeper than the limit");
		return;
	}
	parse_text(L->x, s, n, depth, woff, wlen, true);
}

/* Parse the substitutions noted in `spans` (a copy: recursion reuses
 * nothing of L but the shared context). */
static void run_spans(level *L, const span *v, size_t nv, unsigned depth)
{
	for (size_t k = 0; k < nv && !L->x->stop && !L->x->oom; k++) {
		const char *t = L->s + v[k].off;
		size_t tn = v[k].len;
		if (v[k].kind == SPAN_BACKTICK) {
			/* inside backquotes, \` \\ and \$ stand for themselves
			 */
			char *u = cs_arena_alloc(L->x->a, tn + 1);
			if (!u) {
				L->x->oom = true;
				return;
			}
			size_t m = 0;
			for (size_t j = 0; j < tn; j++) {
				if (t[j] == '\\' && j + 1 < tn &&
				    (t[j + 1] == '`' || t[j + 1] == '\\' ||
				     t[j + 1] == '$'))
					j++;
				u[m++] = t[j];
			}
			t = u;
			tn = m;
		}
		nested(L, t, tn, depth, v[k].woff, v[k].wlen);
	}
}

static void emit(level *L, cs_sh_sep sep)
{
	shctx *x = L->x;
	cs_sh_cmd *c = new_cmd(L);
	if (!c)
		return;
	c->assigns = take(L, &L->assigns, &c->nassigns);
	c->argv = take(L, &L->argv, &c->argc);
	c->sep = sep;
	c->piped_in = L->pipe_pending;
	c->negated = L->negated;
	c->depth = L->base + L->grp;
	c->off = L->nested ? L->moff : L->cstart;
	c->end = L->nested ? L->moff + L->mlen : L->cend;
	if (sep == CS_SH_PIPE)
		x->out->has_pipe = true;
	L->pipe_pending = sep == CS_SH_PIPE;
	L->last = (long)(x->out->ncmds - 1);

	/* nested scripts: substitutions, then `sh -c SCRIPT` */
	unsigned depth = c->depth + 1;
	size_t ns = L->spans.len / sizeof(span);
	span *copy = NULL;
	if (ns) {
		copy = cs_arena_alloc(x->a, L->spans.len);
		if (!copy) {
			x->oom = true;
			return;
		}
		memcpy(copy, L->spans.data, L->spans.len);
	}
	size_t k = dash_c(c);
	cs_sh_word script = k ? c->argv[k] : (cs_sh_word){0};
	reset_cmd(L);
	run_spans(L, copy, ns, depth);
	if (k && !x->stop && !x->oom)
		nested(L, script.text, strlen(script.text), depth, script.off,
		       script.len);
}

/* The command so far ends with operator `sep`. */
static void end_cmd(level *L, cs_sh_sep sep)
{
	if (L->mode != MODE_COND)
		L->mode = MODE_NORMAL;
	if (!L->have) {
		if (L->close_pending && L->last >= 0) {
			cs_sh_cmd *c = &L->x->out->cmds[L->last];
			if (c->sep == CS_SH_END || c->sep == CS_SH_SEMI) {
				c->sep = sep;
				if (sep == CS_SH_PIPE)
					L->x->out->has_pipe = true;
			}
			if (sep == CS_SH_PIPE)
				L->pipe_pending = true;
		}
		if (sep != CS_SH_SEMI && sep != CS_SH_END)
			L->close_pending = false;
		L->negated = false;
		return;
	}
	L->close_pending = false;
	emit(L, sep);
}

static void touch(level *L, size_t start, size_t end)
{
	if (!L->have)
		L->cstart = start;
	L->have = true;
	L->cend = end;
	L->close_pending = false;
}

static void push_ctx(level *L, int kind)
{
	if (L->nctx == MAX_CTX) {
		truncate_here(L, L->i, "nesting deeper than the limit");
		return;
	}
	if (kind == CTX_SUBSHELL || kind == CTX_GROUP) {
		if (L->base + L->grp + 1 > CS_SH_MAX_DEPTH) {
			truncate_here(L, L->i, "nesting deeper than the limit");
			return;
		}
		L->grp++;
	}
	L->ctx[L->nctx++] = (unsigned char)kind;
}

static int top_ctx(const level *L)
{
	return L->nctx ? L->ctx[L->nctx - 1] : -1;
}

static void pop_ctx(level *L)
{
	int k = top_ctx(L);
	if (k < 0)
		return;
	if (k == CTX_SUBSHELL || k == CTX_GROUP)
		L->grp--;
	L->nctx--;
	L->close_pending = true;
}

/* ---- here-documents ----------------------------------------------------- */

static void add_heredoc(level *L, const char *delim, bool strip)
{
	heredoc h = {delim, strip};
	if (!cs_buf_add(&L->hds, &h, sizeof(h)))
		L->x->oom = true;
}

/* At the start of a line: skip the bodies of pending here-documents. */
static void skip_bodies(level *L)
{
	heredoc *v = (heredoc *)L->hds.data;
	size_t nv = L->hds.len / sizeof(heredoc);
	const char *s = L->s;
	for (size_t k = 0; k < nv; k++) {
		size_t dn = strlen(v[k].delim);
		while (L->i < L->n) {
			size_t ls = L->i;
			const char *nl = memchr(s + ls, '\n', L->n - ls);
			size_t le = nl ? (size_t)(nl - s) : L->n;
			L->i = nl ? le + 1 : L->n;
			while (v[k].strip && ls < le && s[ls] == '\t')
				ls++;
			if (le > ls && s[le - 1] == '\r')
				le--;
			if (le - ls == dn &&
			    memcmp(s + ls, v[k].delim, dn) == 0)
				break;
		}
	}
	cs_buf_reset(&L->hds);
}

/* ---- redirections ------------------------------------------------------- */

/* At a redirection operator (after any fd digits): consume it and its
 * target. */
static void redirection(level *L, size_t start)
{
	const char *s = L->s;
	size_t n = L->n, i = L->i;
	bool here = false, strip = false;
	if (s[i] == '&') {
		i += 2; /* &> */
		if (i < n && s[i] == '>')
			i++;
	} else if (s[i] == '<') {
		i++;
		if (i < n && s[i] == '<') {
			i++;
			if (i < n && s[i] == '<') {
				i++; /* <<< here-string */
			} else {
				here = true;
				if (i < n && s[i] == '-') {
					strip = true;
					i++;
				}
			}
		} else if (i < n && (s[i] == '&' || s[i] == '>')) {
			i++;
		}
	} else {
		i++;
		if (i < n && (s[i] == '>' || s[i] == '&' || s[i] == '|'))
			i++;
	}
	while (i < n && is_blank(s[i]))
		i++;
	L->i = i;
	touch(L, start, i);
	bool procsub =
		i + 1 < n && (s[i] == '<' || s[i] == '>') && s[i + 1] == '(';
	if (i >= n || (is_meta(s[i]) && !procsub)) {
		set_err(L, start, "redirection without a target");
		return;
	}
	word w;
	if (!read_word(L, &w))
		return;
	L->cend = w.end;
	if (here) {
		cs_buf_reset(&L->wspans);
		add_heredoc(L, w.text, strip);
		return;
	}
	cs_sh_word sw = sh_word(L, &w);
	keep_spans(L, &sw);
}

/* ---- the main loop ------------------------------------------------------ */

static bool word_is(const word *w, const char *k)
{
	return !w->quoted && strcmp(w->text, k) == 0;
}

static void push_word(level *L, cs_buf *b, const cs_sh_word *sw)
{
	if ((L->argv.len + L->assigns.len) / sizeof(cs_sh_word) >=
	    CS_SH_MAX_WORDS) {
		L->x->out->truncated = true;
		set_err(L, sw->off, "too many words in one command");
		return;
	}
	if (!cs_buf_add(b, sw, sizeof(*sw)))
		L->x->oom = true;
}

/* NAME=... or NAME+=... with the name unquoted (raw is the word's source) */
static bool is_assignment(const char *raw, size_t n)
{
	if (!n || !is_name_start(raw[0]))
		return false;
	size_t k = 1;
	while (k < n && is_name_char(raw[k]))
		k++;
	return (k < n && raw[k] == '=') ||
	       (k + 1 < n && raw[k] == '+' && raw[k + 1] == '=');
}

/* A word at the start of a command that is a reserved word: act on it. */
static bool reserved(level *L, const word *w)
{
	static const char *const skip[] = {"if", "then",  "else",  "elif",
					   "do", "while", "until", "time"};
	for (size_t k = 0; k < sizeof(skip) / sizeof(skip[0]); k++)
		if (word_is(w, skip[k]))
			return true;
	if (word_is(w, "fi") || word_is(w, "done")) {
		L->close_pending = true;
		return true;
	}
	if (word_is(w, "esac")) {
		if (top_ctx(L) == CTX_CASE_BODY)
			pop_ctx(L);
		return true;
	}
	if (word_is(w, "!")) {
		L->negated = true;
		return true;
	}
	if (word_is(w, "{")) {
		push_ctx(L, CTX_GROUP);
		return true;
	}
	if (word_is(w, "}")) {
		if (top_ctx(L) == CTX_GROUP)
			pop_ctx(L);
		else
			set_err(L, w->start, "unexpected }");
		return true;
	}
	if (word_is(w, "for") || word_is(w, "select")) {
		L->mode = MODE_DISCARD;
		return true;
	}
	if (word_is(w, "function")) {
		L->mode = MODE_FUNC;
		return true;
	}
	if (word_is(w, "case")) {
		L->mode = MODE_CASE_HEAD;
		return true;
	}
	return false;
}

/* Discarded words (loop heads, case patterns) may still run commands. */
static void discard(level *L, const word *w)
{
	cs_sh_word sw = sh_word(L, w);
	size_t nv = L->wspans.len / sizeof(span);
	span *v = NULL;
	if (nv) {
		v = cs_arena_alloc(L->x->a, L->wspans.len);
		if (!v) {
			L->x->oom = true;
			return;
		}
		memcpy(v, L->wspans.data, L->wspans.len);
		for (size_t k = 0; k < nv; k++) {
			v[k].woff = sw.off;
			v[k].wlen = sw.len;
		}
	}
	cs_buf_reset(&L->wspans);
	run_spans(L, v, nv, L->base + L->grp + 1);
}

static void handle_word(level *L, const word *w)
{
	if (L->mode == MODE_DISCARD) {
		discard(L, w);
		return;
	}
	if (L->mode == MODE_FUNC) {
		discard(L, w);
		L->mode = MODE_NORMAL;
		return;
	}
	if (L->mode == MODE_CASE_HEAD) {
		discard(L, w);
		if (word_is(w, "in")) {
			L->mode = MODE_NORMAL;
			push_ctx(L, CTX_CASE_PAT);
		}
		return;
	}
	bool at_start = !L->have && L->mode == MODE_NORMAL;
	if (at_start && reserved(L, w)) {
		cs_buf_reset(&L->wspans);
		return;
	}
	if (at_start && word_is(w, "[[")) {
		L->mode = MODE_COND;
	} else if (L->mode == MODE_COND && word_is(w, "]]")) {
		L->mode = MODE_NORMAL;
	}
	touch(L, w->start, w->end);
	cs_sh_word sw = sh_word(L, w);
	keep_spans(L, &sw);
	if (L->argv.len == 0 &&
	    is_assignment(L->s + w->start, w->end - w->start))
		push_word(L, &L->assigns, &sw);
	else
		push_word(L, &L->argv, &sw);
}

/* Blanks, line continuations and comments before a token. */
static void skip_blanks(level *L)
{
	const char *s = L->s;
	while (L->i < L->n) {
		char c = s[L->i];
		if (is_blank(c)) {
			L->i++;
		} else if (c == '\\' && L->i + 1 < L->n &&
			   s[L->i + 1] == '\n') {
			L->i += 2;
		} else if (c == '#') {
			const char *nl = memchr(s + L->i, '\n', L->n - L->i);
			L->i = nl ? (size_t)(nl - s) : L->n;
		} else {
			break;
		}
	}
}

/* `((...))` as a command: arithmetic, no command runs. */
static void arith_cmd(level *L)
{
	bool ok;
	size_t e = scan_close(L->s, L->n, L->i + 2, SC_PAREN, 2, &ok);
	if (!ok)
		set_err(L, L->i, "unterminated (( ))");
	L->i = e;
}

/* In a case pattern list: words are patterns, `|` separates, `)` ends. */
static void case_pattern(level *L)
{
	char c = L->s[L->i];
	if (c == '\n') {
		L->i++;
		skip_bodies(L);
		return;
	}
	if (c == '(' || c == '|' || c == ';' || c == '&' || c == '<' ||
	    c == '>') {
		L->i++;
		return;
	}
	if (c == ')') {
		L->i++;
		L->ctx[L->nctx - 1] = CTX_CASE_BODY;
		return;
	}
	word w;
	if (!read_word(L, &w))
		return;
	if (word_is(&w, "esac")) {
		cs_buf_reset(&L->wspans);
		pop_ctx(L);
		return;
	}
	discard(L, &w);
}

static void operator(level *L)
{
	const char *s = L->s;
	size_t n = L->n, i = L->i;
	char c = s[i];
	char d = i + 1 < n ? s[i + 1] : '\0';
	switch (c) {
	case '\n':
		L->i++;
		if (L->mode == MODE_COND)
			L->mode = MODE_NORMAL;
		end_cmd(L, CS_SH_SEMI);
		skip_bodies(L);
		return;
	case ';':
		if (d == ';' || d == '&') {
			end_cmd(L, CS_SH_SEMI);
			L->i += 2;
			if (L->i < n && s[L->i] == '&')
				L->i++;
			if (top_ctx(L) == CTX_CASE_BODY)
				L->ctx[L->nctx - 1] = CTX_CASE_PAT;
			return;
		}
		L->i++;
		end_cmd(L, CS_SH_SEMI);
		return;
	case '&':
		if (d == '&') {
			L->i += 2;
			end_cmd(L, CS_SH_AND);
		} else if (d == '>') {
			redirection(L, i);
		} else {
			L->i++;
			end_cmd(L, CS_SH_BG);
		}
		return;
	case '|':
		if (d == '|') {
			L->i += 2;
			end_cmd(L, CS_SH_OR);
		} else {
			L->i += d == '&' ? 2 : 1;
			end_cmd(L, CS_SH_PIPE);
		}
		return;
	case '(':
		if (L->have) {
			/* name() { ...; }: a function definition */
			size_t j = i + 1;
			while (j < n && is_blank(s[j]))
				j++;
			if (j < n && s[j] == ')' && !L->assigns.len &&
			    L->argv.len == sizeof(cs_sh_word)) {
				L->i = j + 1;
				cs_buf_reset(&L->spans);
				reset_cmd(L);
				return;
			}
			set_err(L, i, "unexpected (");
			L->i++;
			return;
		}
		if (d == '(') {
			arith_cmd(L);
			return;
		}
		size_t j = i + 1;
		while (j < n && is_blank(s[j]))
			j++;
		if (j < n && s[j] == ')') {
			/* `function name ()`: the parentheses of a definition
			 */
			L->i = j + 1;
			return;
		}
		L->i++;
		push_ctx(L, CTX_SUBSHELL);
		return;
	case ')':
		L->i++;
		if (top_ctx(L) == CTX_SUBSHELL) {
			end_cmd(L, CS_SH_END);
			pop_ctx(L);
		} else {
			set_err(L, i, "unexpected )");
		}
		return;
	default:
		redirection(L, i);
		return;
	}
}

static void run_level(level *L)
{
	const char *s = L->s;
	while (!L->x->stop && !L->x->oom) {
		skip_blanks(L);
		if (L->i >= L->n)
			break;
		if (top_ctx(L) == CTX_CASE_PAT) {
			case_pattern(L);
			continue;
		}
		char c = s[L->i];
		if (L->mode == MODE_COND &&
		    (c == '&' || c == '|' || c == '<' || c == '>' || c == '(' ||
		     c == ')')) {
			size_t j = L->i + 1;
			if (j < L->n && (s[j] == c))
				j++;
			word w = {cs_arena_strndup(L->x->a, s + L->i, j - L->i),
				  L->i, j, false};
			if (!w.text) {
				L->x->oom = true;
				return;
			}
			L->i = j;
			handle_word(L, &w);
			continue;
		}
		bool procsub = (c == '<' || c == '>') && L->i + 1 < L->n &&
			       s[L->i + 1] == '(';
		size_t j = L->i;
		while (j < L->n && s[j] >= '0' && s[j] <= '9')
			j++;
		if (!procsub && j < L->n && (s[j] == '<' || s[j] == '>') &&
		    L->mode != MODE_DISCARD && L->mode != MODE_CASE_HEAD) {
			size_t start = L->i;
			L->i = j;
			redirection(L, start);
			continue;
		}
		if (is_meta(c) && !is_blank(c) && !procsub) {
			operator(L);
			continue;
		}
		word w;
		if (!read_word(L, &w))
			return;
		if (w.end == w.start) {
			L->i++; /* cannot happen; never stall */
			continue;
		}
		handle_word(L, &w);
	}
	end_cmd(L, CS_SH_END);
	for (size_t k = L->nctx; k > 0; k--) {
		int kind = L->ctx[k - 1];
		if (kind == CTX_SUBSHELL)
			set_err(L, L->n, "missing ) to close a subshell");
		else if (kind == CTX_GROUP)
			set_err(L, L->n, "missing } to close a group");
		else
			set_err(L, L->n, "missing esac");
	}
}

static void parse_text(shctx *x, const char *s, size_t n, unsigned depth,
		       size_t moff, size_t mlen, bool nested)
{
	level L;
	memset(&L, 0, sizeof(L));
	L.x = x;
	L.s = s;
	L.n = n;
	L.base = depth;
	L.nested = nested;
	L.moff = moff;
	L.mlen = mlen;
	L.last = -1;
	cs_buf_init(&L.assigns, 0);
	cs_buf_init(&L.argv, 0);
	cs_buf_init(&L.spans, 0);
	cs_buf_init(&L.wspans, 0);
	cs_buf_init(&L.hds, 0);
	cs_buf_init(&L.tmp, 0);
	run_level(&L);
	cs_buf_free(&L.assigns);
	cs_buf_free(&L.argv);
	cs_buf_free(&L.spans);
	cs_buf_free(&L.wspans);
	cs_buf_free(&L.hds);
	cs_buf_free(&L.tmp);
}

bool cs_sh_parse(const char *src, size_t len, cs_arena *a, cs_sh_script *out,
		 cs_error *err)
{
	memset(out, 0, sizeof(*out));
	shctx x = {0};
	x.a = a;
	x.out = out;
	x.err = err;
	x.src = src;
	x.srclen = len;
	parse_text(&x, src ? src : "", src ? len : 0, 0, 0, 0, false);
	return !x.oom;
}

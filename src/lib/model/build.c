/*
 * build.c - the normalized build; see build.h.
 *
 * Everything is derived once, in instruction order, because BuildKit's
 * semantics are order-dependent: a FROM sees only the global ARGs above it,
 * an ENV value is expanded with what is visible at that ENV and then stored
 * literally (later references never re-expand it), a stage inherits the
 * variables and SHELL of the stage it is built FROM.
 *
 * Variable lookups must stay cheap on hostile files (100,000 ENV lines each
 * referring to the previous one), so definitions are indexed by (name, kind,
 * instruction) in a sorted array and a lookup is two binary searches per
 * stage in the FROM chain.  The index hangs off cs_build.index.
 *
 * Expansion follows BuildKit's shell lexer: $V ${V} ${V:-w} ${V-w} ${V:+w}
 * ${V+w} ${V:?w} ${V?w}, the word itself expanded, quotes honoured, the
 * escape character protecting `$`.  It is bounded three ways: the nesting of
 * ${...} words (CS_BUILD_MAX_NEST), the length of one result
 * (CS_DF_MAX_LINE) and the total size of all stored variable values
 * (CS_BUILD_MAX_VALUES), so `ENV A=$A$A` repeated cannot blow up.
 */
#include "build.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../util/buf.h"

enum { CS_BUILD_MAX_NEST = 8 };
#define CS_BUILD_MAX_VALUES (16u * 1024 * 1024)

typedef struct vkey {
	const char *name;
	bool env;
	size_t instr;
	size_t var; /* index in b->vars */
} vkey;

typedef struct bindex {
	vkey *keys; /* sorted by name, env, instr, var */
	size_t nkeys;
	const char **eff;	   /* value in effect after each var's instr */
	const cs_df_instr **shell; /* SHELL in effect at each instruction */
	size_t ninstrs;
	size_t first_from;   /* index of the first FROM: globals end there */
	const char **bnames; /* --build-arg K=V */
	const char **bvalues;
	size_t nbargs;
} bindex;

typedef struct builder {
	cs_build *b;
	bindex *ix;
	cs_arena *a;
	bool oom;
	size_t errcap, scriptcap;
	size_t value_bytes;
	bool budget_hit;
} builder;

/* ---- small helpers ------------------------------------------------------ */

static void *alloc(builder *B, size_t n)
{
	void *p = cs_arena_alloc(B->a, n ? n : 1);
	if (!p)
		B->oom = true;
	return p;
}

static char *dup_lower(builder *B, const char *s)
{
	char *d = cs_arena_strdup(B->a, s);
	if (!d) {
		B->oom = true;
		return NULL;
	}
	for (char *p = d; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	return d;
}

static void build_error(builder *B, cs_mark m, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void build_error(builder *B, cs_mark m, const char *fmt, ...)
{
	cs_build *b = B->b;
	if (b->nerrors >= CS_DF_MAX_ERRORS)
		return;
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (b->nerrors == B->errcap) {
		size_t ncap = B->errcap ? B->errcap * 2 : 8;
		cs_df_diag *v = cs_arena_grow(B->a, b->errors, b->nerrors, ncap,
					      sizeof(*v));
		if (!v) {
			B->oom = true;
			return;
		}
		b->errors = v;
		B->errcap = ncap;
	}
	const char *text = cs_arena_strdup(B->a, msg);
	if (!text) {
		B->oom = true;
		return;
	}
	b->errors[b->nerrors++] = (cs_df_diag){CS_ERR_PARSE, m, text};
}

static bool is_name_start(char c)
{
	return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool is_name_char(char c)
{
	return is_name_start(c) || (c >= '0' && c <= '9');
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

static const char *base_name(const char *p)
{
	const char *s = strrchr(p, '/');
	return s ? s + 1 : p;
}

static bool is_shell_name(const char *name)
{
	static const char *const shells[] = {"sh",  "bash", "ash", "dash",
					     "zsh", "ksh",  "mksh"};
	for (size_t k = 0; k < sizeof(shells) / sizeof(shells[0]); k++)
		if (strcmp(name, shells[k]) == 0)
			return true;
	return false;
}

/* The args offset of a position inside the instruction, if it is one. */
static bool args_off(const cs_df_instr *in, cs_mark m, size_t *off)
{
	size_t lo = 0, hi = in->nsegs;
	if (!hi)
		return false;
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (in->segs[mid].mark.line <= m.line)
			lo = mid;
		else
			hi = mid;
	}
	const cs_df_seg *s = &in->segs[lo];
	if (s->mark.line != m.line || m.col < s->mark.col)
		return false;
	size_t o = s->off + (m.col - s->mark.col);
	size_t end = lo + 1 < in->nsegs ? in->segs[lo + 1].off : in->args_len;
	if (o > end)
		return false;
	*off = o;
	return true;
}

/* ---- variable lookup ---------------------------------------------------- */

static int cmp_key(const void *pa, const void *pb)
{
	const vkey *a = pa, *b = pb;
	int r = strcmp(a->name, b->name);
	if (r)
		return r;
	if (a->env != b->env)
		return a->env ? 1 : -1;
	if (a->instr != b->instr)
		return a->instr < b->instr ? -1 : 1;
	return a->var < b->var ? -1 : a->var > b->var;
}

/* name[0..n) against a NUL-terminated key name */
static int cmp_name(const char *key, const char *name, size_t n)
{
	int r = strncmp(key, name, n);
	if (r)
		return r;
	return key[n] ? 1 : 0;
}

static int cmp_probe(const vkey *k, const char *name, size_t n, bool env,
		     size_t instr)
{
	int r = cmp_name(k->name, name, n);
	if (r)
		return r;
	if (k->env != env)
		return k->env ? 1 : -1;
	if (k->instr != instr)
		return k->instr < instr ? -1 : 1;
	return 0;
}

/* First key >= (name, env, instr). */
static size_t lower_bound(const bindex *ix, const char *name, size_t n,
			  bool env, size_t instr)
{
	size_t lo = 0, hi = ix->nkeys;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (cmp_probe(&ix->keys[mid], name, n, env, instr) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* The last definition of (name, env) in `stage` before instruction `limit`,
 * or NULL. */
static const vkey *last_def(const cs_build *b, const bindex *ix,
			    const char *name, size_t n, bool env, int stage,
			    size_t limit)
{
	size_t lo = lower_bound(ix, name, n, env, 0);
	size_t hi = lower_bound(ix, name, n, env, limit);
	if (hi <= lo)
		return NULL;
	const vkey *k = &ix->keys[hi - 1];
	return b->vars[k->var].stage == stage ? k : NULL;
}

typedef struct scope {
	int stage;    /* -1: global scope */
	size_t index; /* only definitions before this instruction */
	bool from;    /* a FROM line: global ARGs only */
} scope;

static scope scope_of(const cs_df_instr *in)
{
	if (!in)
		return (scope){-1, (size_t)-1, true};
	return (scope){in->stage, in->index, in->kind == CS_DF_FROM};
}

/* The value of a variable in a scope: ENV before ARG, the instruction's
 * stage first, then the stages it is built FROM.  NULL when unset. */
static const char *lookup(const cs_build *b, scope sc, const char *name,
			  size_t n)
{
	const bindex *ix = b->index;
	if (!ix)
		return NULL;
	if (sc.from || sc.stage < 0 || (size_t)sc.stage >= b->nstages) {
		size_t limit =
			sc.index < ix->first_from ? sc.index : ix->first_from;
		const vkey *k = last_def(b, ix, name, n, false, -1, limit);
		return k ? ix->eff[k->var] : NULL;
	}
	for (int pass = 0; pass < 2; pass++) {
		bool env = pass == 0;
		int s = sc.stage;
		size_t limit = sc.index;
		for (size_t hops = 0; s >= 0 && hops <= b->nstages; hops++) {
			const vkey *k = last_def(b, ix, name, n, env, s, limit);
			if (k)
				return ix->eff[k->var];
			s = b->stages[s].base_stage;
			if (s >= 0)
				limit = b->stages[s].last + 1;
		}
	}
	return NULL;
}

const char *cs_build_var_at(const cs_build *b, const cs_df_instr *in,
			    const char *name)
{
	if (!b || !name)
		return NULL;
	return lookup(b, scope_of(in), name, strlen(name));
}

/* ---- expansion ---------------------------------------------------------- */

typedef struct xctx {
	const cs_build *b;
	scope sc;
	char esc;
	bool word; /* BuildKit word processing: quotes are removed */
	bool unres;
	cs_buf *out;
} xctx;

static void expand_text(xctx *x, const char *s, size_t n, int depth);

/* The '}' closing a ${ whose name starts at i, or n. */
static size_t brace_end(const char *s, size_t n, size_t i, char esc)
{
	size_t depth = 1;
	while (i < n) {
		char c = s[i];
		if (c == esc) {
			i += 2;
			continue;
		}
		if (c == '\'' || c == '"') {
			const char *e = memchr(s + i + 1, c, n - i - 1);
			if (!e)
				return n;
			i = (size_t)(e - s) + 1;
			continue;
		}
		if (c == '$' && i + 1 < n && s[i + 1] == '{') {
			depth++;
			i += 2;
			continue;
		}
		if (c == '}' && --depth == 0)
			return i;
		i++;
	}
	return n;
}

static void put_value(xctx *x, const char *v)
{
	if (v)
		cs_buf_adds(x->out, v);
	else
		x->unres = true;
}

/* At s[i] == '$': expand one reference; returns the offset after it. */
static size_t dollar(xctx *x, const char *s, size_t n, size_t i, int depth)
{
	if (i + 1 < n && is_name_start(s[i + 1])) {
		size_t j = i + 1;
		while (j < n && is_name_char(s[j]))
			j++;
		put_value(x, lookup(x->b, x->sc, s + i + 1, j - i - 1));
		return j;
	}
	if (i + 1 >= n || s[i + 1] != '{') {
		cs_buf_addc(x->out, '$');
		return i + 1;
	}
	size_t j = i + 2, name = j;
	while (j < n && is_name_char(s[j]))
		j++;
	size_t nlen = j - name;
	size_t close = brace_end(s, n, j, x->esc);
	if (close >= n || nlen == 0 || depth >= CS_BUILD_MAX_NEST) {
		/* unterminated, "bad substitution" or too deep: literal */
		size_t e = close < n ? close + 1 : n;
		cs_buf_add(x->out, s + i, e - i);
		x->unres = true;
		return e;
	}
	const char *v = lookup(x->b, x->sc, s + name, nlen);
	bool set = v != NULL, full = set && *v;
	const char *op = s + j;
	size_t oplen = close - j;
	if (oplen == 0) {
		put_value(x, v);
		return close + 1;
	}
	bool colon = op[0] == ':';
	char kind = colon && oplen > 1 ? op[1] : op[0];
	size_t w0 = j + (colon ? 2 : 1);
	bool cond = colon ? full : set;
	switch (kind) {
	case '-':
		if (cond)
			cs_buf_adds(x->out, v);
		else
			expand_text(x, s + w0, close - w0, depth + 1);
		break;
	case '+':
		if (cond)
			expand_text(x, s + w0, close - w0, depth + 1);
		break;
	case '?':
		put_value(x, cond ? v : NULL);
		break;
	default:
		/* %, #, / ...: the result depends on pattern matching we do
		 * not do; keep the value and say it is not exact */
		if (v)
			cs_buf_adds(x->out, v);
		x->unres = true;
		break;
	}
	return close + 1;
}

static void expand_text(xctx *x, const char *s, size_t n, int depth)
{
	bool dq = false;
	size_t i = 0;
	while (i < n && !x->out->failed) {
		char c = s[i];
		if (c == '\'' && !dq) {
			const char *e = memchr(s + i + 1, '\'', n - i - 1);
			size_t end = e ? (size_t)(e - s) + 1 : n;
			if (x->word)
				cs_buf_add(x->out, s + i + 1,
					   (e ? end - 1 : n) - i - 1);
			else
				cs_buf_add(x->out, s + i, end - i);
			i = end;
			continue;
		}
		if (c == '"') {
			dq = !dq;
			if (!x->word)
				cs_buf_addc(x->out, c);
			i++;
			continue;
		}
		if (c == x->esc) {
			if (i + 1 >= n) {
				if (!x->word)
					cs_buf_addc(x->out, c);
				i++;
				continue;
			}
			char d = s[i + 1];
			if (x->word) {
				if (!dq || d == '"' || d == '$' ||
				    d == x->esc) {
					cs_buf_addc(x->out, d);
					i += 2;
				} else {
					cs_buf_addc(x->out, c);
					i++;
				}
			} else if (d == '$') {
				cs_buf_addc(x->out, '$');
				i += 2;
			} else {
				cs_buf_add(x->out, s + i, 2);
				i += 2;
			}
			continue;
		}
		if (c == '$') {
			i = dollar(x, s, n, i, depth);
			continue;
		}
		cs_buf_addc(x->out, c);
		i++;
	}
}

/* Expand s[0..n) into a fresh arena string. */
static const char *expand(const cs_build *b, scope sc, const char *s, size_t n,
			  bool word, cs_arena *a, bool *unres)
{
	cs_buf out;
	cs_buf_init(&out, CS_DF_MAX_LINE);
	xctx x = {b, sc, b->df ? b->df->escape : '\\', word, false, &out};
	expand_text(&x, s, n, 0);
	if (out.failed)
		x.unres = true;
	if (unres)
		*unres = x.unres;
	const char *r = cs_arena_strndup(a, out.data ? out.data : "", out.len);
	cs_buf_free(&out);
	return r;
}

const char *cs_build_expand(const cs_build *b, const cs_df_instr *in,
			    const char *text, cs_arena *a, bool *unresolved)
{
	if (unresolved)
		*unresolved = false;
	if (!b || !text || !a)
		return NULL;
	return expand(b, scope_of(in), text, strlen(text), false, a,
		      unresolved);
}

/* ---- stages ------------------------------------------------------------- */

int cs_build_stage_ref(const cs_build *b, const char *ref, size_t before)
{
	if (!b || !ref || !*ref)
		return -1;
	size_t n = strlen(ref), k = 0;
	while (k < n && ref[k] >= '0' && ref[k] <= '9')
		k++;
	if (k == n) {
		if (n > 9)
			return -1;
		size_t idx = (size_t)atol(ref);
		if (idx < b->nstages && b->stages[idx].from->index < before)
			return (int)idx;
		return -1;
	}
	for (size_t i = 0; i < b->nstages; i++)
		if (b->stages[i].from->index < before && b->stages[i].name &&
		    strcasecmp(b->stages[i].name, ref) == 0)
			return (int)i;
	return -1;
}

const cs_stage *cs_build_stage_of(const cs_build *b, const cs_df_instr *in)
{
	if (!b || !in || in->stage < 0 || (size_t)in->stage >= b->nstages)
		return NULL;
	return &b->stages[in->stage];
}

/* The walk is bounded by the number of stages, so a base_stage cycle in a
 * broken model cannot hang it. */
bool cs_build_in_final_chain(const cs_build *b, int stage)
{
	if (!b)
		return false;
	int s = b->final;
	for (size_t n = 0; s >= 0 && (size_t)s < b->nstages && n <= b->nstages;
	     n++) {
		if (s == stage)
			return true;
		s = b->stages[s].base_stage;
	}
	return false;
}

const cs_df_instr *cs_build_shell_at(const cs_build *b, const cs_df_instr *in)
{
	const bindex *ix = b ? b->index : NULL;
	if (!ix || !in || in->index >= ix->ninstrs)
		return NULL;
	return ix->shell[in->index];
}

/* BuildKit: ^[a-z][a-z0-9-_\.]*$ */
static bool valid_stage_name(const char *s)
{
	if (!(*s >= 'a' && *s <= 'z'))
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') ||
		      *s == '-' || *s == '_' || *s == '.'))
			return false;
	return true;
}

/* The raw (still quoted) text of a word, located through its mark. */
static bool raw_word(const cs_df_instr *in, const cs_df_word *w, char esc,
		     const char **s, size_t *n)
{
	size_t off;
	if (!args_off(in, w->mark, &off))
		return false;
	size_t e = cs_df_word_end(in->args, in->args_len, off, esc);
	*s = in->args + off;
	*n = e - off;
	return true;
}

static void open_stage(builder *B, const cs_df_instr *in, size_t si)
{
	cs_build *b = B->b;
	cs_stage *st = &b->stages[si];
	st->index = (int)si;
	st->from = in;
	st->first = in->index;
	st->last = in->index;
	st->base_stage = -1;
	if (si > 0)
		b->stages[si - 1].last = in->index - 1;
	if (in->nwords >= 3 && strcasecmp(in->words[1].text, "as") == 0) {
		st->name = dup_lower(B, in->words[2].text);
		if (!st->name)
			return;
		if (!valid_stage_name(st->name))
			build_error(B, in->words[2].mark,
				    "invalid stage name \"%s\": it must start "
				    "with a letter and hold only letters, "
				    "digits, '-', '_' and '.'",
				    st->name);
		/* a duplicate name is DF-STAGE-REF's to report */
	}
	if (in->nwords == 0) {
		st->image = "";
		st->image_unresolved = true;
		return;
	}
	const char *raw;
	size_t rn;
	bool unres = false;
	const char *img;
	if (raw_word(in, &in->words[0], b->df->escape, &raw, &rn))
		img = expand(b, scope_of(in), raw, rn, true, B->a, &unres);
	else
		img = expand(b, scope_of(in), in->words[0].text,
			     strlen(in->words[0].text), false, B->a, &unres);
	if (!img) {
		B->oom = true;
		return;
	}
	int ref = -1;
	for (size_t k = 0; k < si && !unres; k++)
		if (b->stages[k].name &&
		    strcasecmp(b->stages[k].name, img) == 0) {
			ref = (int)k;
			break;
		}
	if (ref >= 0) {
		st->base_stage = ref;
		st->image = NULL;
	} else {
		st->image = img;
		st->image_unresolved = unres;
	}
}

/* ---- variables ---------------------------------------------------------- */

static const char *build_arg(const bindex *ix, const char *name)
{
	for (size_t k = ix->nbargs; k > 0; k--)
		if (strcmp(ix->bnames[k - 1], name) == 0)
			return ix->bvalues[k - 1];
	return NULL;
}

/* The raw text of a pair's value: to the end of its word, or of the args
 * for the legacy `ENV K V` form. */
static bool raw_value(const cs_df_instr *in, const cs_df_kv *kv, char esc,
		      const char **s, size_t *n)
{
	size_t off;
	if (!kv->value || !args_off(in, kv->value_mark, &off))
		return false;
	size_t e = in->args_len;
	if (off > 0 && in->args[off - 1] == '=')
		e = cs_df_word_end(in->args, in->args_len, off, esc);
	*s = in->args + off;
	*n = e - off;
	return true;
}

/* A stored value, expanded where it is defined; past the total budget the
 * rest are kept as written. */
static const char *define_value(builder *B, const cs_df_instr *in,
				const cs_df_kv *kv)
{
	cs_build *b = B->b;
	const char *raw;
	size_t rn;
	if (!kv->value)
		return NULL;
	if (B->budget_hit || !raw_value(in, kv, b->df->escape, &raw, &rn))
		return kv->value;
	const char *v = expand(b, scope_of(in), raw, rn, true, B->a, NULL);
	if (!v) {
		B->oom = true;
		return kv->value;
	}
	B->value_bytes += strlen(v);
	if (B->value_bytes > CS_BUILD_MAX_VALUES) {
		B->budget_hit = true;
		build_error(B, kv->value_mark,
			    "variable values exceed %u bytes after expansion; "
			    "later values are used as written",
			    CS_BUILD_MAX_VALUES);
		return kv->value;
	}
	return v;
}

static void collect_vars(builder *B)
{
	cs_build *b = B->b;
	const cs_dockerfile *df = b->df;
	size_t n = 0;
	for (size_t i = 0; i < df->ninstrs; i++) {
		const cs_df_instr *in = &df->instrs[i];
		if (in->kind == CS_DF_ARG || in->kind == CS_DF_ENV)
			n += in->nkvs;
	}
	b->vars = alloc(B, n * sizeof(*b->vars));
	B->ix->keys = alloc(B, n * sizeof(vkey));
	B->ix->eff = alloc(B, n * sizeof(const char *));
	if (B->oom)
		return;
	for (size_t i = 0; i < df->ninstrs; i++) {
		const cs_df_instr *in = &df->instrs[i];
		if (in->kind != CS_DF_ARG && in->kind != CS_DF_ENV)
			continue;
		for (size_t k = 0; k < in->nkvs; k++) {
			b->vars[b->nvars] = (cs_build_var){
				in->kvs[k].key, NULL, in->kind == CS_DF_ENV,
				in->stage, in->index};
			B->ix->keys[b->nvars] =
				(vkey){in->kvs[k].key, in->kind == CS_DF_ENV,
				       in->index, b->nvars};
			b->nvars++;
		}
	}
	B->ix->nkeys = b->nvars;
	if (b->nvars > 1)
		qsort(B->ix->keys, b->nvars, sizeof(vkey), cmp_key);
}

/* Walk the instructions in order: stages open at FROM, variables take their
 * values where they are defined (so later lookups see earlier values). */
static void walk(builder *B)
{
	cs_build *b = B->b;
	bindex *ix = B->ix;
	const cs_dockerfile *df = b->df;
	size_t si = 0, v = 0;
	for (size_t i = 0; i < df->ninstrs && !B->oom; i++) {
		const cs_df_instr *in = &df->instrs[i];
		if (in->kind == CS_DF_FROM && si < b->nstages) {
			open_stage(B, in, si++);
			continue;
		}
		if (in->kind != CS_DF_ARG && in->kind != CS_DF_ENV)
			continue;
		for (size_t k = 0; k < in->nkvs && v < b->nvars; k++, v++) {
			const cs_df_kv *kv = &in->kvs[k];
			const char *val = define_value(B, in, kv);
			b->vars[v].value = val;
			if (in->kind == CS_DF_ENV) {
				ix->eff[v] = val;
				continue;
			}
			const char *over = build_arg(ix, kv->key);
			if (over)
				ix->eff[v] = over;
			else if (val)
				ix->eff[v] = val;
			else if (in->stage >= 0)
				ix->eff[v] =
					lookup(b, (scope){-1, (size_t)-1, true},
					       kv->key, strlen(kv->key));
			else
				ix->eff[v] = NULL;
		}
	}
	if (b->nstages)
		b->stages[b->nstages - 1].last = df->ninstrs - 1;
}

/* ---- stage references and reachability ---------------------------------- */

typedef struct edge {
	int from, to;
} edge;

/* A stage reference from COPY --from or RUN --mount from=: an earlier stage,
 * or -1 for an image; wrong references are errors. */
static int stage_dep(builder *B, const cs_df_instr *in, const char *value,
		     cs_mark at, const char *what)
{
	cs_build *b = B->b;
	bool unres = false;
	const char *ref = expand(b, scope_of(in), value, strlen(value), true,
				 B->a, &unres);
	if (!ref) {
		B->oom = true;
		return -1;
	}
	if (unres || !*ref)
		return -1;
	int r = cs_build_stage_ref(b, ref, in->index);
	/* a reference to its own or a later stage is not an edge; the rule
	 * DF-STAGE-REF reports it */
	if (r >= 0 && r == in->stage)
		return -1;
	return r;
}

static void add_edge(builder *B, edge **v, size_t *n, size_t *cap, int from,
		     int to)
{
	if (*n == *cap) {
		size_t ncap = *cap ? *cap * 2 : 16;
		edge *nv = cs_arena_grow(B->a, *v, *n, ncap, sizeof(edge));
		if (!nv) {
			B->oom = true;
			return;
		}
		*v = nv;
		*cap = ncap;
	}
	(*v)[(*n)++] = (edge){from, to};
}

/* from=NAME inside a --mount value */
static const char *mount_from(builder *B, const char *v)
{
	const char *p = v;
	while (p && *p) {
		const char *e = strchr(p, ',');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		if (n > 5 && strncasecmp(p, "from=", 5) == 0) {
			char *r = cs_arena_strndup(B->a, p + 5, n - 5);
			if (!r)
				B->oom = true;
			return r;
		}
		p = e ? e + 1 : NULL;
	}
	return NULL;
}

static void reachability(builder *B)
{
	cs_build *b = B->b;
	const cs_dockerfile *df = b->df;
	edge *edges = NULL;
	size_t ne = 0, cap = 0;
	for (size_t i = 0; i < df->ninstrs && !B->oom; i++) {
		const cs_df_instr *in = &df->instrs[i];
		if (in->stage < 0)
			continue;
		if (in->kind == CS_DF_COPY || in->kind == CS_DF_ADD) {
			const cs_df_flag *f = cs_df_flag_get(in, "from");
			if (f && f->value) {
				int r = stage_dep(B, in, f->value, f->mark,
						  in->kind == CS_DF_COPY
							  ? "COPY --from"
							  : "ADD --from");
				if (r >= 0)
					add_edge(B, &edges, &ne, &cap,
						 in->stage, r);
			}
		} else if (in->kind == CS_DF_RUN) {
			const cs_df_flag *f = NULL;
			while ((f = cs_df_flag_next(in, "mount", f)) != NULL) {
				const char *from = mount_from(B, f->value);
				if (!from)
					continue;
				int r = stage_dep(B, in, from, f->mark,
						  "RUN --mount from");
				if (r >= 0)
					add_edge(B, &edges, &ne, &cap,
						 in->stage, r);
			}
		}
	}
	if (B->oom || b->final < 0)
		return;
	int *stack = alloc(B, b->nstages * sizeof(int));
	if (!stack)
		return;
	size_t sp = 0;
	b->stages[b->final].reachable = true;
	stack[sp++] = b->final;
	while (sp) {
		int s = stack[--sp];
		int base = b->stages[s].base_stage;
		if (base >= 0 && !b->stages[base].reachable) {
			b->stages[base].reachable = true;
			stack[sp++] = base;
		}
		for (size_t k = 0; k < ne; k++) {
			int t = edges[k].to;
			if (edges[k].from == s && !b->stages[t].reachable) {
				b->stages[t].reachable = true;
				stack[sp++] = t;
			}
		}
	}
}

/* ---- scripts ------------------------------------------------------------ */

static bool add_script(builder *B, const cs_df_instr *in, const char *text,
		       size_t len, const cs_df_heredoc *h,
		       const cs_sh_script *parsed)
{
	cs_build *b = B->b;
	if (b->nscripts == B->scriptcap) {
		size_t ncap = B->scriptcap ? B->scriptcap * 2 : 16;
		cs_run_script *v = cs_arena_grow(B->a, b->scripts, b->nscripts,
						 ncap, sizeof(*v));
		if (!v) {
			B->oom = true;
			return false;
		}
		b->scripts = v;
		B->scriptcap = ncap;
	}
	cs_run_script *s = &b->scripts[b->nscripts];
	memset(s, 0, sizeof(*s));
	s->instr = in;
	s->text = text;
	s->len = len;
	s->heredoc = h;
	if (parsed)
		s->sh = *parsed;
	else if (!cs_sh_parse(text, len, B->a, &s->sh, NULL)) {
		B->oom = true;
		return false;
	}
	b->nscripts++;
	return true;
}

/* `sh [options] -c SCRIPT ...` as JSON words: the index of SCRIPT, or 0. */
static size_t exec_dash_c(const cs_df_instr *in)
{
	if (!in->nwords || !is_shell_name(base_name(in->words[0].text)))
		return 0;
	bool has_c = false;
	for (size_t k = 1; k < in->nwords; k++) {
		const char *a = in->words[k].text;
		if (strcmp(a, "--") == 0)
			return has_c && k + 1 < in->nwords ? k + 1 : 0;
		if ((a[0] == '-' || a[0] == '+') && a[1]) {
			if (a[0] == '-' && a[1] == '-') {
				if (strcmp(a, "--rcfile") == 0 ||
				    strcmp(a, "--init-file") == 0)
					k++;
				continue;
			}
			if (a[0] == '-' && strchr(a + 1, 'c'))
				has_c = true;
			if (strcmp(a + 1, "o") == 0 || strcmp(a + 1, "O") == 0)
				k++;
			continue;
		}
		return has_c ? k : 0;
	}
	return 0;
}

static bool reserved_word(const char *w)
{
	static const char *const r[] = {"if",	"then",	 "else",   "elif",
					"fi",	"do",	 "done",   "case",
					"esac", "while", "until",  "for",
					"in",	"time",	 "select", "function"};
	for (size_t k = 0; k < sizeof(r) / sizeof(r[0]); k++)
		if (strcmp(w, r[k]) == 0)
			return true;
	return false;
}

/* Must this word be quoted for cs_sh_parse to give it back unchanged? */
static bool needs_quotes(const char *w)
{
	if (!*w || reserved_word(w))
		return true;
	for (const char *p = w; *p; p++) {
		char c = *p;
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9') || strchr("_@%+:,./-", c)))
			return true;
	}
	return false;
}

static void quote_word(cs_buf *out, const char *w)
{
	if (!needs_quotes(w)) {
		cs_buf_adds(out, w);
		return;
	}
	cs_buf_addc(out, '\'');
	for (const char *p = w; *p; p++)
		if (*p == '\'')
			cs_buf_adds(out, "'\\''");
		else
			cs_buf_addc(out, *p);
	cs_buf_addc(out, '\'');
}

static size_t quoted_len(const char *w)
{
	if (!needs_quotes(w))
		return strlen(w);
	size_t n = 2;
	for (const char *p = w; *p; p++)
		n += *p == '\'' ? 4 : 1;
	return n;
}

/* A heredoc body that starts with #! naming something other than a shell
 * runs under that interpreter, not as shell text. */
static bool foreign_shebang(const cs_df_heredoc *h)
{
	const char *s = h->body;
	if (h->body_len < 2 || s[0] != '#' || s[1] != '!')
		return false;
	const char *nl = memchr(s, '\n', h->body_len);
	size_t n = nl ? (size_t)(nl - s) : h->body_len;
	size_t i = 2;
	char prog[64];
	for (int tok = 0; tok < 4; tok++) {
		while (i < n && is_blank(s[i]))
			i++;
		size_t j = i;
		while (j < n && !is_blank(s[j]))
			j++;
		size_t len = j - i;
		if (len == 0 || len >= sizeof(prog))
			return len != 0;
		memcpy(prog, s + i, len);
		prog[len] = '\0';
		i = j;
		const char *base = base_name(prog);
		if (tok > 0 && prog[0] == '-')
			continue; /* env -S ... */
		if (strcmp(base, "env") == 0)
			continue;
		return !is_shell_name(base);
	}
	return true;
}

/* Options only: `bash`, `sh -e`, `bash -o pipefail -x`, no -c, no operand. */
static bool shell_invocation(const cs_sh_cmd *c)
{
	if (!is_shell_name(cs_sh_name(c)))
		return false;
	for (size_t k = 1; k < c->argc; k++) {
		const char *a = c->argv[k].text;
		if (!((a[0] == '-' || a[0] == '+') && a[1]))
			return false;
		if (a[0] == '-' && a[1] != '-' && strchr(a + 1, 'c'))
			return false;
		if (strcmp(a + 1, "o") == 0 || strcmp(a + 1, "O") == 0)
			k++;
	}
	return true;
}

static void run_scripts(builder *B, const cs_df_instr *in)
{
	if (in->json_form) {
		if (!in->nwords)
			return;
		size_t k = exec_dash_c(in);
		if (k) {
			add_script(B, in, in->words[k].text,
				   strlen(in->words[k].text), NULL, NULL);
			return;
		}
		cs_buf buf;
		cs_buf_init(&buf, 0);
		for (size_t i = 0; i < in->nwords; i++) {
			if (i)
				cs_buf_addc(&buf, ' ');
			quote_word(&buf, in->words[i].text);
		}
		const char *t =
			buf.failed ? NULL
				   : cs_arena_strndup(B->a, buf.data, buf.len);
		size_t len = buf.len;
		cs_buf_free(&buf);
		if (!t) {
			B->oom = true;
			return;
		}
		add_script(B, in, t, len, NULL, NULL);
		return;
	}
	if (in->args_len == 0)
		return;
	cs_sh_script sh;
	if (!cs_sh_parse(in->args, in->args_len, B->a, &sh, NULL)) {
		B->oom = true;
		return;
	}
	if (in->nheredocs && sh.ncmds == 1 && sh.cmds[0].depth == 0) {
		const cs_sh_cmd *c = &sh.cmds[0];
		const cs_df_heredoc *h = NULL;
		if (c->argc == 0 && in->nheredocs == 1) {
			h = &in->heredocs[0];
			if (foreign_shebang(h))
				return;
		} else if (c->argc && shell_invocation(c)) {
			h = &in->heredocs[in->nheredocs - 1];
		}
		if (h) {
			add_script(B, in, h->body, h->body_len, h, NULL);
			return;
		}
	}
	add_script(B, in, in->args, in->args_len, NULL, &sh);
}

static void scripts(builder *B)
{
	const cs_dockerfile *df = B->b->df;
	for (size_t i = 0; i < df->ninstrs && !B->oom; i++) {
		const cs_df_instr *in = &df->instrs[i];
		if (in->kind == CS_DF_RUN)
			run_scripts(B, in);
		else if (in->kind == CS_DF_ONBUILD && in->sub &&
			 in->sub->kind == CS_DF_RUN)
			run_scripts(B, in->sub);
	}
}

cs_mark cs_run_script_mark(const cs_run_script *s, size_t off)
{
	if (!s || !s->instr)
		return (cs_mark){0, 0};
	const cs_df_instr *in = s->instr;
	if (off > s->len)
		off = s->len;
	if (s->heredoc) {
		cs_mark m = s->heredoc->body_mark;
		m.col = 1;
		for (size_t k = 0; k < off; k++) {
			if (s->text[k] == '\n') {
				m.line++;
				m.col = 1;
			} else {
				m.col++;
			}
		}
		return m;
	}
	if (s->text == in->args)
		return cs_df_args_mark(in, off);
	if (!in->json_form)
		return in->start;
	const cs_df_word *w = NULL;
	size_t inner = off;
	for (size_t k = 0; k < in->nwords && !w; k++)
		if (in->words[k].text == s->text)
			w = &in->words[k];
	for (size_t k = 0, pos = 0; k < in->nwords && !w; k++) {
		const char *t = in->words[k].text;
		size_t q = quoted_len(t);
		if (off < pos + q || k + 1 == in->nwords) {
			w = &in->words[k];
			inner = off > pos ? off - pos : 0;
			if (needs_quotes(t) && inner)
				inner--;
			if (inner > strlen(t))
				inner = strlen(t);
		}
		pos += q + 1;
	}
	if (!w)
		return in->start;
	size_t ao;
	if (args_off(in, w->mark, &ao))
		return cs_df_args_mark(in, ao + 1 + inner);
	cs_mark m = w->mark;
	m.col += (uint32_t)(1 + inner);
	return m;
}

/* ---- SHELL -------------------------------------------------------------- */

static void shells(builder *B)
{
	cs_build *b = B->b;
	const cs_dockerfile *df = b->df;
	bindex *ix = B->ix;
	ix->ninstrs = df->ninstrs;
	ix->shell = alloc(B, df->ninstrs * sizeof(*ix->shell));
	const cs_df_instr **per_stage =
		alloc(B, (b->nstages + 1) * sizeof(*per_stage));
	if (B->oom)
		return;
	const cs_df_instr *cur = NULL;
	for (size_t i = 0; i < df->ninstrs; i++) {
		const cs_df_instr *in = &df->instrs[i];
		if (in->stage < 0 || (size_t)in->stage >= b->nstages) {
			ix->shell[i] = NULL;
			continue;
		}
		if (in->kind == CS_DF_FROM) {
			int base = b->stages[in->stage].base_stage;
			cur = base >= 0 ? per_stage[base] : NULL;
		}
		ix->shell[i] = cur;
		if (in->kind == CS_DF_SHELL && in->json_form && in->nwords)
			cur = in;
		per_stage[in->stage] = cur;
	}
}

/* ---- entry -------------------------------------------------------------- */

static void parse_build_args(builder *B, const cs_build_opts *opts)
{
	bindex *ix = B->ix;
	if (!opts || !opts->nbuild_args)
		return;
	ix->bnames = alloc(B, opts->nbuild_args * sizeof(char *));
	ix->bvalues = alloc(B, opts->nbuild_args * sizeof(char *));
	if (B->oom)
		return;
	for (size_t k = 0; k < opts->nbuild_args; k++) {
		const char *a = opts->build_args[k];
		const char *eq = a ? strchr(a, '=') : NULL;
		if (!eq)
			continue; /* `--build-arg K` takes K from the
				     environment, which we do not see */
		ix->bnames[ix->nbargs] =
			cs_arena_strndup(B->a, a, (size_t)(eq - a));
		ix->bvalues[ix->nbargs] = eq + 1;
		if (!ix->bnames[ix->nbargs]) {
			B->oom = true;
			return;
		}
		ix->nbargs++;
	}
}

bool cs_build_init(cs_build *b, const cs_dockerfile *df,
		   const cs_build_opts *opts, cs_arena *a, cs_error *err)
{
	memset(b, 0, sizeof(*b));
	b->df = df;
	b->opts = opts;
	b->final = -1;
	builder B = {0};
	B.b = b;
	B.a = a;
	B.ix = alloc(&B, sizeof(bindex));
	if (!B.oom) {
		b->index = B.ix;
		parse_build_args(&B, opts);
	}
	if (!B.oom)
		B.ix->first_from = (size_t)-1;
	for (size_t i = 0; !B.oom && i < df->ninstrs; i++)
		if (df->instrs[i].kind == CS_DF_FROM && !b->nstages++)
			B.ix->first_from = i;
	if (!B.oom)
		b->stages = alloc(&B, b->nstages * sizeof(cs_stage));
	if (!B.oom)
		collect_vars(&B);
	if (!B.oom)
		walk(&B);
	if (!B.oom && b->nstages) {
		b->final = (int)b->nstages - 1;
		const char *t = opts ? opts->target : NULL;
		if (t && *t) {
			int f = -1;
			for (size_t k = 0; k < b->nstages && f < 0; k++)
				if (b->stages[k].name &&
				    strcasecmp(b->stages[k].name, t) == 0)
					f = (int)k;
			if (f >= 0)
				b->final = f;
			else
				build_error(&B, (cs_mark){0, 0},
					    "target stage \"%s\" could not be "
					    "found",
					    t);
		}
		b->stages[b->final].is_final = true;
	}
	for (size_t i = 0; !B.oom && i < df->ninstrs; i++) {
		const cs_df_instr *in = &df->instrs[i];
		if (in->stage < 0 && in->kind != CS_DF_ARG &&
		    in->kind != CS_DF_UNKNOWN)
			build_error(&B, in->start,
				    "%s before the first FROM: only ARG can "
				    "come before FROM",
				    cs_df_kind_name(in->kind));
	}
	if (!B.oom)
		reachability(&B);
	if (!B.oom)
		scripts(&B);
	if (!B.oom)
		shells(&B);
	if (B.oom) {
		cs_error_set(err, CS_ERR_NOMEM, (cs_mark){0, 0},
			     "while building the Dockerfile model",
			     "out of memory (the per-file memory cap was "
			     "reached)");
		return false;
	}
	return true;
}

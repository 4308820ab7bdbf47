/*
 * compose.c - a Compose file into one container spec per service; see
 * compose.h.
 *
 * Each service mapping is walked once, pair by pair, and the keys that
 * matter are dispatched as they come, so normalizing costs a small constant
 * per YAML node.  Strings are interpolated only when they hold a `$`: the
 * common value is the YAML scalar itself and costs no allocation.  The
 * variables (the environment given in the options, then `.env`) are sorted
 * once, on the first `$`, and looked up by binary search, so a hostile file
 * with many references to a large environment stays n log n.
 *
 * Interpolation parses a nested default (`${A:-${B:-x}}`) by recursion
 * bounded by MAX_NEST; deeper text is skipped by counting braces and kept
 * as written.  A branch that is not taken is parsed but not emitted, and
 * values are never interpolated again, so the output grows at most by the
 * substituted values and is capped.
 *
 * `extends` builds new merged mappings (the YAML tree itself is never
 * changed), resolved by recursion bounded by CS_COMPOSE_MAX_EXTENDS with a
 * visiting mark for cycles, and each merge step is charged to a budget so
 * that chains over aliased, shared subtrees cannot multiply the work.
 *
 * A field of the wrong shape is a diagnostic at its node and is otherwise
 * ignored: the rest of the service and of the file is still read.
 */
#include "compose.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../util/buf.h"
#include "yamlread.h"

#define MAX_DIAGS 256
#define MAX_NEST 8                 /* nested ${A:-${B:-...}} levels */
#define MAX_INTERP (1u << 20)      /* bytes of one interpolated value */
#define MERGE_BUDGET 4000000u      /* pairs and items visited by extends */

typedef struct var {
	const char *name;
	size_t nlen;
	const char *val;
	uint32_t ord;
} var;

typedef struct vars {
	var *v;
	size_t n;
} vars;

typedef struct svc_state {
	const cs_yaml_node *key;
	const cs_yaml_node *raw;     /* as written */
	const cs_yaml_node *merged;  /* after extends, once resolved */
	const char *base;            /* the service it extends */
	uint8_t state;               /* 0 new, 1 resolving, 2 done */
} svc_state;

typedef struct ld {
	cs_arena *a;
	cs_compose *out;
	const cs_compose_opts *opts;
	bool oom;
	/* interpolation */
	bool vars_ready;
	vars env, dot;
	cs_buf buf;
	/* extends */
	svc_state *svcs;
	size_t nsvcs;
	uint32_t *by_name;           /* indices into svcs, sorted by name */
	size_t merge_budget;
	bool merge_spent;
} ld;

static bool streq(const char *a, const char *b)
{
	return strcmp(a, b) == 0;
}

__attribute__((format(printf, 3, 4))) static void
diag(ld *l, cs_mark m, const char *fmt, ...)
{
	cs_compose *o = l->out;
	if (o->diags.n >= MAX_DIAGS)
		return;
	cs_compose_diag *d = CS_RT_PUSH(l->a, &o->diags);
	if (!d) {
		l->oom = true;
		return;
	}
	va_list ap;
	va_start(ap, fmt);
	d->message = cs_arena_vprintf(l->a, fmt, ap);
	va_end(ap);
	if (!d->message) {
		l->oom = true;
		d->message = "";
	}
	d->code = CS_ERR_PARSE;
	d->mark = m;
	/* a base service's value is read again for each service extending
	 * it: say it once */
	if (o->diags.n > 1) {
		const cs_compose_diag *p = &o->diags.v[o->diags.n - 2];
		if (p->mark.line == m.line && p->mark.col == m.col &&
		    streq(p->message, d->message))
			o->diags.n--;
	}
}

static void *push(ld *l, void *list, size_t elem)
{
	void *e = cs_rt_list_push(l->a, list, elem);
	if (!e)
		l->oom = true;
	return e;
}

#define PUSH(l, list) \
	((__typeof__((list)->v))push((l), (list), sizeof(*(list)->v)))

static void reserve(ld *l, void *list, size_t k, size_t elem)
{
	if (!cs_rt_list_reserve(l->a, list, k, elem))
		l->oom = true;
}

#define RESERVE(l, list, k) reserve((l), (list), (k), sizeof(*(list)->v))

static char *sdup(ld *l, const char *s, size_t n)
{
	char *r = cs_arena_strndup(l->a, s, n);
	if (!r)
		l->oom = true;
	return r;
}

/* ---- variables --------------------------------------------------------- */

static int var_cmp(const void *pa, const void *pb)
{
	const var *a = pa, *b = pb;
	size_t n = a->nlen < b->nlen ? a->nlen : b->nlen;
	int c = memcmp(a->name, b->name, n);
	if (c)
		return c;
	if (a->nlen != b->nlen)
		return a->nlen < b->nlen ? -1 : 1;
	return a->ord < b->ord ? -1 : a->ord > b->ord;
}

/* Sort, keeping one entry per name: the first (`first`) or the last. */
static void vars_sort(vars *vs, bool first)
{
	if (vs->n < 2)
		return;
	qsort(vs->v, vs->n, sizeof(var), var_cmp);
	size_t w = 0;
	for (size_t i = 0; i < vs->n; i++) {
		const var *x = &vs->v[i];
		bool same = w > 0 && vs->v[w - 1].nlen == x->nlen &&
			    memcmp(vs->v[w - 1].name, x->name, x->nlen) == 0;
		if (!same)
			vs->v[w++] = *x;
		else if (!first)
			vs->v[w - 1] = *x;
	}
	vs->n = w;
}

static const var *vars_find(const vars *vs, const char *name, size_t nlen)
{
	size_t lo = 0, hi = vs->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const var *x = &vs->v[mid];
		size_t n = x->nlen < nlen ? x->nlen : nlen;
		int c = memcmp(x->name, name, n);
		if (!c)
			c = x->nlen < nlen ? -1 : x->nlen > nlen;
		if (!c)
			return x;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* ---- dotenv ------------------------------------------------------------- */

typedef struct denv {
	const char *name;
	const char *value;           /* NULL: `NAME` alone */
	cs_mark at;
} denv;

typedef CS_RT_LIST(denv) denv_list;

static bool blank(char c)
{
	return c == ' ' || c == '\t';
}

static bool eol(char c)
{
	return c == '\n' || c == '\r';
}

/* Skip to the start of the next line, counting it. */
static size_t next_line(const char *s, size_t len, size_t i, uint32_t *line)
{
	while (i < len && s[i] != '\n')
		i++;
	if (i < len) {
		i++;
		(*line)++;
	}
	return i;
}

/* A quoted dotenv value from s[i] (the quote); returns the index after the
 * closing quote, or 0 when it is not closed.  Double quotes take the usual
 * escapes; a quoted value may span lines. */
static size_t dotenv_quoted(ld *l, const char *s, size_t len, size_t i,
			    const char **val, uint32_t *line)
{
	char q = s[i];
	size_t j = i + 1, nl = 0;
	bool esc = false;
	for (; j < len; j++) {
		if (s[j] == '\n')
			nl++;
		if (q == '"' && s[j] == '\\' && !esc) {
			esc = true;
			continue;
		}
		if (s[j] == q && !esc)
			break;
		esc = false;
	}
	if (j >= len)
		return 0;
	char *v = cs_arena_alloc(l->a, j - i);
	if (!v) {
		l->oom = true;
		*val = "";
		return j + 1;
	}
	size_t w = 0;
	for (size_t k = i + 1; k < j; k++) {
		char c = s[k];
		if (q == '"' && c == '\\' && k + 1 < j) {
			c = s[++k];
			if (c == 'n')
				c = '\n';
			else if (c == 't')
				c = '\t';
			else if (c == 'r')
				c = '\r';
		}
		v[w++] = c;
	}
	v[w] = '\0';
	*val = v;
	*line += (uint32_t)nl;
	return j + 1;
}

/* NAME=value lines, `export ` prefixes, quotes, comments and blank lines. */
static void dotenv_parse(ld *l, const char *s, size_t len, denv_list *out)
{
	uint32_t line = 1;
	size_t i = 0;
	while (i < len && !l->oom) {
		size_t ls = i;
		while (i < len && blank(s[i]))
			i++;
		if (i >= len || eol(s[i]) || s[i] == '#') {
			i = next_line(s, len, i, &line);
			continue;
		}
		if (len - i > 7 && memcmp(s + i, "export", 6) == 0 &&
		    blank(s[i + 6])) {
			i += 6;
			while (i < len && blank(s[i]))
				i++;
		}
		cs_mark at = {line, (uint32_t)(i - ls + 1)};
		size_t ns = i;
		while (i < len && s[i] != '=' && !eol(s[i]) && !blank(s[i]))
			i++;
		size_t ne = i;
		while (i < len && blank(s[i]))
			i++;
		if (ne == ns || (i < len && s[i] != '=' && !eol(s[i]) &&
				 s[i] != '#')) {
			i = next_line(s, len, i, &line);
			continue;
		}
		denv e = {.at = at};
		e.name = sdup(l, s + ns, ne - ns);
		if (i < len && s[i] == '=') {
			i++;
			while (i < len && blank(s[i]))
				i++;
			size_t q = 0;
			uint32_t qline = line;
			if (i < len && (s[i] == '"' || s[i] == '\''))
				q = dotenv_quoted(l, s, len, i, &e.value,
						  &qline);
			if (q) {
				i = q;
				line = qline;
			} else {
				size_t vs = i;
				while (i < len && !eol(s[i])) {
					if (s[i] == '#' && i > vs &&
					    blank(s[i - 1]))
						break;
					i++;
				}
				size_t ve = i;
				while (ve > vs && blank(s[ve - 1]))
					ve--;
				e.value = sdup(l, s + vs, ve - vs);
			}
		}
		if (!e.name || (e.value == NULL && l->oom))
			return;
		denv *d = PUSH(l, out);
		if (!d)
			return;
		*d = e;
		i = next_line(s, len, i, &line);
	}
}

/* The variables interpolation reads, sorted on first use. */
static void vars_init(ld *l)
{
	l->vars_ready = true;
	const cs_compose_opts *o = l->opts;
	size_t n = 0;
	if (o->environ)
		while (o->environ[n])
			n++;
	if (n) {
		l->env.v = cs_arena_alloc(l->a, n * sizeof(var));
		if (!l->env.v) {
			l->oom = true;
			return;
		}
		for (size_t i = 0; i < n; i++) {
			const char *e = o->environ[i];
			const char *eq = strchr(e, '=');
			if (!eq || eq == e)
				continue;
			l->env.v[l->env.n++] = (var){e, (size_t)(eq - e),
						     eq + 1, (uint32_t)i};
		}
		vars_sort(&l->env, true);
	}
	const char *data = o->env_file_data;
	size_t len = o->env_file_len;
	if (!data && !o->environ_is_env_file && o->read &&
	    !o->read(o->read_ctx, ".env", &data, &len))
		data = NULL;
	if (!data)
		return;
	denv_list dl = {0};
	dotenv_parse(l, data, len, &dl);
	if (!dl.n)
		return;
	l->dot.v = cs_arena_alloc(l->a, dl.n * sizeof(var));
	if (!l->dot.v) {
		l->oom = true;
		return;
	}
	for (size_t i = 0; i < dl.n; i++)
		if (dl.v[i].value)
			l->dot.v[l->dot.n++] =
				(var){dl.v[i].name, strlen(dl.v[i].name),
				      dl.v[i].value, (uint32_t)i};
	vars_sort(&l->dot, false);
}

static const char *lookup(ld *l, const char *name, size_t nlen)
{
	if (!l->vars_ready)
		vars_init(l);
	const var *v = vars_find(&l->env, name, nlen);
	if (!v)
		v = vars_find(&l->dot, name, nlen);
	return v ? v->val : NULL;
}

/* ---- interpolation ------------------------------------------------------- */

static bool name_start(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
}

static bool name_char(char c)
{
	return name_start(c) || (c >= '0' && c <= '9');
}

typedef struct ictx {
	ld *l;
	const char *s;
	size_t n;
	cs_mark mark;
} ictx;

static void emit(cs_buf *out, const char *p, size_t n)
{
	if (out)
		cs_buf_add(out, p, n);
}

/* Past the `}` closing the braces opened before i, counting nested `${`;
 * SIZE_MAX when there is none.  Used beyond MAX_NEST, where text is kept as
 * written rather than parsed. */
static size_t skip_braces(const ictx *x, size_t i)
{
	size_t depth = 1;
	for (; i < x->n; i++) {
		if (x->s[i] == '$' && i + 1 < x->n && x->s[i + 1] == '{') {
			depth++;
			i++;
		} else if (x->s[i] == '}' && --depth == 0) {
			return i + 1;
		}
	}
	return SIZE_MAX;
}

static bool expand(ictx *x, size_t *pi, cs_buf *out, int depth, bool close);

/* The word of `${NAME<op>word}` starting at *pi, into out (NULL: parsed
 * only); false when it has no closing brace. */
static bool word(ictx *x, size_t *pi, cs_buf *out, int depth)
{
	if (depth >= MAX_NEST) {
		size_t e = skip_braces(x, *pi);
		if (e == SIZE_MAX)
			return false;
		emit(out, x->s + *pi, e - 1 - *pi);
		*pi = e;
		return true;
	}
	return expand(x, pi, out, depth + 1, true);
}

/* One `${...}` at s[*pi] == '$'.  False when it is not closed. */
static bool brace(ictx *x, size_t *pi, cs_buf *out, int depth)
{
	const char *s = x->s;
	size_t start = *pi, j = start + 2;
	if (j >= x->n || !name_start(s[j])) {
		emit(out, "$", 1);
		*pi = start + 1;
		return true;
	}
	size_t ns = j;
	while (j < x->n && name_char(s[j]))
		j++;
	size_t nlen = j - ns;
	if (j >= x->n)
		return false;
	if (s[j] == '}') {
		const char *v = lookup(x->l, s + ns, nlen);
		if (v)
			emit(out, v, strlen(v));
		else
			emit(out, s + start, j + 1 - start);
		*pi = j + 1;
		return true;
	}
	bool colon = s[j] == ':';
	char op = s[j + colon < x->n ? j + colon : j];
	if (op != '-' && op != '?' && op != '+') {
		emit(out, "$", 1);
		*pi = start + 1;
		return true;
	}
	size_t w = j + colon + 1;
	const char *v = lookup(x->l, s + ns, nlen);
	bool set = v && (!colon || *v);
	size_t mark = out ? out->len : 0;
	switch (op) {
	case '-':
		if (set)
			emit(out, v, strlen(v));
		if (!word(x, &w, set ? NULL : out, depth))
			return false;
		break;
	case '+':
		if (!word(x, &w, set ? out : NULL, depth))
			return false;
		break;
	default:
		if (!word(x, &w, NULL, depth))
			return false;
		if (set) {
			emit(out, v, strlen(v));
		} else {
			if (out)
				out->len = mark;
			emit(out, s + start, w - start);
			if (out) {
				size_t ml = w - 1 - (j + colon + 1);
				diag(x->l, x->mark,
				     "required variable %.*s is missing a "
				     "value%s%.*s",
				     (int)nlen, s + ns, ml ? ": " : "",
				     (int)ml, s + j + colon + 1);
			}
		}
		break;
	}
	*pi = w;
	return true;
}

/* Expand s[*pi..n) into out (NULL: parse only) up to the end or, with
 * `close`, the `}` that ends the current word (consumed).  False when
 * `close` and no brace ends it. */
static bool expand(ictx *x, size_t *pi, cs_buf *out, int depth, bool close)
{
	const char *s = x->s;
	size_t i = *pi;
	while (i < x->n) {
		char c = s[i];
		if (close && c == '}') {
			*pi = i + 1;
			return true;
		}
		if (c != '$' || i + 1 >= x->n) {
			size_t e = i + 1;
			while (e < x->n && s[e] != '$' && !(close && s[e] == '}'))
				e++;
			emit(out, s + i, e - i);
			i = e;
			continue;
		}
		char d = s[i + 1];
		if (d == '$') {
			emit(out, "$", 1);
			i += 2;
		} else if (d == '{') {
			size_t before = out ? out->len : 0;
			if (!brace(x, &i, out, depth)) {
				if (close)
					return false;
				if (out)
					out->len = before;
				emit(out, s + i, x->n - i);
				i = x->n;
			}
		} else if (name_start(d)) {
			size_t e = i + 1;
			while (e < x->n && name_char(s[e]))
				e++;
			const char *v = lookup(x->l, s + i + 1, e - i - 1);
			if (v)
				emit(out, v, strlen(v));
			else
				emit(out, s + i, e - i);
			i = e;
		} else {
			emit(out, "$", 1);
			i++;
		}
	}
	*pi = i;
	return !close;
}

/* The interpolated text of a scalar; the scalar itself when it holds no
 * `$`. */
static const char *interp(ld *l, const cs_yaml_node *n)
{
	if (!memchr(n->scalar, '$', n->len))
		return n->scalar;
	ictx x = {l, n->scalar, n->len, n->mark};
	cs_buf_reset(&l->buf);
	size_t i = 0;
	expand(&x, &i, &l->buf, 0, false);
	if (l->buf.failed) {
		diag(l, n->mark, "interpolated value is longer than %u bytes; "
		     "kept as written", MAX_INTERP);
		return n->scalar;
	}
	return sdup(l, l->buf.data ? l->buf.data : "", l->buf.len);
}

/* ---- fields -------------------------------------------------------------- */

/* The field cursor of yamlread.h, bound to this loader's arena below. */
typedef cs_yfield fld;

static const cs_ypath *fpath(ld *l, fld *f)
{
	return cs_yf_path(l->a, f);
}

static cs_loc floc(ld *l, fld *f)
{
	return cs_yf_loc(l->a, f);
}

static cs_loc iloc(ld *l, const cs_yaml_node *n, const cs_ypath *up,
		   size_t i)
{
	return (cs_loc){.at = n->mark,
			.path = cs_ypath_idx(l->a, up, (int32_t)i)};
}

static const char *kind_word(cs_yaml_kind k)
{
	switch (k) {
	case CS_YAML_SCALAR:
		return "a string";
	case CS_YAML_SEQ:
		return "a list";
	default:
		return "a mapping";
	}
}

static void bad(ld *l, const cs_yaml_node *n, const cs_ypath *p,
		const char *want)
{
	if (l->out->diags.n >= MAX_DIAGS)
		return;
	diag(l, n->mark, "%s must be %s, not %s", cs_ypath_str(p, l->a), want,
	     kind_word(n->kind));
}

/* Is the value of this kind?  A null value is silently absent. */
static bool want(ld *l, fld *f, cs_yaml_kind kind)
{
	if (cs_yaml_is_null(f->v))
		return false;
	if (f->v->kind == kind)
		return true;
	bad(l, f->v, fpath(l, f), kind_word(kind));
	return false;
}

static const char *sval(ld *l, fld *f)
{
	return want(l, f, CS_YAML_SCALAR) ? interp(l, f->v) : NULL;
}

static void rd_text(ld *l, fld *f, cs_rt_text *t)
{
	const char *v = sval(l, f);
	if (!v)
		return;
	t->v = v;
	t->loc = floc(l, f);
}

static bool text_bool(const char *s, bool *b)
{
	static const char *const yes[] = {"true", "yes", "on", "y"};
	static const char *const no[] = {"false", "no", "off", "n"};
	for (size_t i = 0; i < 4; i++) {
		if (strcasecmp(s, yes[i]) == 0) {
			*b = true;
			return true;
		}
		if (strcasecmp(s, no[i]) == 0) {
			*b = false;
			return true;
		}
	}
	return false;
}

/* A boolean as Compose reads it: after interpolation, so "${PRIV}" with no
 * value is written but unknown. */
static void rd_flag(ld *l, fld *f, cs_rt_flag *out)
{
	if (cs_yaml_is_null(f->v))
		return;
	cs_rt_flag r = {.v = CS_TRI_UNKNOWN, .loc = floc(l, f)};
	if (f->v->kind != CS_YAML_SCALAR) {
		bad(l, f->v, fpath(l, f), "a boolean");
	} else {
		bool b;
		r.raw = interp(l, f->v);
		if (r.raw == f->v->scalar && !f->v->quoted
			    ? cs_yaml_bool(f->v, &b)
			    : text_bool(r.raw, &b))
			r.v = b ? CS_TRI_TRUE : CS_TRI_FALSE;
	}
	*out = r;
}

static bool parse_int(const char *s, int64_t *v)
{
	const char *p = s;
	bool neg = *p == '-';
	if (*p == '-' || *p == '+')
		p++;
	if (!*p)
		return false;
	int64_t r = 0;
	for (; *p; p++) {
		if (*p < '0' || *p > '9' || r > (INT64_MAX - 9) / 10)
			return false;
		r = r * 10 + (*p - '0');
	}
	*v = neg ? -r : r;
	return true;
}

static void rd_num(ld *l, fld *f, cs_rt_num *out)
{
	const char *v = sval(l, f);
	if (!v)
		return;
	cs_rt_num r = {.set = true, .raw = v, .loc = floc(l, f)};
	long long ll;
	if (v == f->v->scalar && !f->v->quoted && cs_yaml_int(f->v, &ll)) {
		r.valid = true;
		r.v = ll;
	} else {
		r.valid = parse_int(v, &r.v);
	}
	*out = r;
}

/* A list of strings, each with its item's location. */
static void rd_texts(ld *l, fld *f, void *list)
{
	CS_RT_LIST(cs_rt_text) *t = list;
	if (!want(l, f, CS_YAML_SEQ))
		return;
	const cs_ypath *p = fpath(l, f);
	RESERVE(l, t, f->v->nitems);
	for (size_t i = 0; i < f->v->nitems && !l->oom; i++) {
		const cs_yaml_node *it = f->v->items[i];
		if (cs_yaml_is_null(it))
			continue;
		if (it->kind != CS_YAML_SCALAR) {
			bad(l, it, cs_ypath_idx(l->a, p, (int32_t)i),
			    "a string");
			continue;
		}
		cs_rt_text *e = PUSH(l, t);
		if (!e)
			return;
		e->v = interp(l, it);
		e->loc = iloc(l, it, p, i);
	}
}

/* ---- user ---------------------------------------------------------------- */

static bool all_digits(const char *s, size_t n)
{
	if (n == 0 || n > 18)
		return false;
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

static void num_part(ld *l, const char *s, size_t n, const cs_loc *loc,
		     cs_rt_num *out)
{
	if (!all_digits(s, n))
		return;
	int64_t v = 0;
	for (size_t i = 0; i < n; i++)
		v = v * 10 + (s[i] - '0');
	*out = (cs_rt_num){.set = true, .valid = true, .v = v,
			   .raw = sdup(l, s, n), .loc = *loc};
}

static void rd_user(ld *l, fld *f, cs_rt_spec *s)
{
	rd_text(l, f, &s->user);
	const char *u = s->user.v;
	if (!u)
		return;
	const char *colon = strchr(u, ':');
	size_t un = colon ? (size_t)(colon - u) : strlen(u);
	num_part(l, u, un, &s->user.loc, &s->run_as_user);
	if (colon)
		num_part(l, colon + 1, strlen(colon + 1), &s->user.loc,
			 &s->run_as_group);
}

/* ---- security_opt -------------------------------------------------------- */

static void profile(const char *v, const cs_loc *loc, cs_rt_profile *p)
{
	p->value = v;
	p->loc = *loc;
	if (strcasecmp(v, "unconfined") == 0)
		p->type = CS_PROFILE_UNCONFINED;
	else if (*v)
		p->type = CS_PROFILE_FILE;
	else
		p->type = CS_PROFILE_OTHER;
}

static void selinux_opt(const char *v, const cs_loc *loc, cs_rt_selinux *se)
{
	se->set = true;
	se->loc = *loc;
	if (streq(v, "disable")) {
		se->disabled = true;
		return;
	}
	static const char *const keys[] = {"type", "user", "role", "level"};
	cs_rt_text *fields[] = {&se->type, &se->user, &se->role, &se->level};
	for (size_t i = 0; i < 4; i++) {
		size_t k = strlen(keys[i]);
		if (strncmp(v, keys[i], k) == 0 && v[k] == ':') {
			fields[i]->v = v + k + 1;
			fields[i]->loc = *loc;
			return;
		}
	}
}

static void security_opt(ld *l, const char *t, const cs_loc *loc,
			 cs_rt_spec *s)
{
	size_t k = strcspn(t, ":=");
	const char *v = t[k] ? t + k + 1 : NULL;
	if (k == 17 && strncmp(t, "no-new-privileges", 17) == 0) {
		bool b = true;
		cs_rt_flag *f = &s->allow_priv_esc;
		*f = (cs_rt_flag){.v = CS_TRI_UNKNOWN, .raw = t, .loc = *loc};
		if (!v || text_bool(v, &b))
			f->v = b ? CS_TRI_FALSE : CS_TRI_TRUE;
	} else if (!v) {
		return;
	} else if (k == 7 && strncmp(t, "seccomp", 7) == 0) {
		profile(v, loc, &s->seccomp);
	} else if (k == 8 && strncmp(t, "apparmor", 8) == 0) {
		profile(v, loc, &s->apparmor);
	} else if (k == 5 && strncmp(t, "label", 5) == 0) {
		selinux_opt(v, loc, &s->selinux);
	}
}

static void rd_security_opt(ld *l, fld *f, cs_rt_spec *s)
{
	if (!want(l, f, CS_YAML_SEQ))
		return;
	s->security_context_loc = floc(l, f);
	const cs_ypath *p = fpath(l, f);
	for (size_t i = 0; i < f->v->nitems && !l->oom; i++) {
		const cs_yaml_node *it = f->v->items[i];
		if (cs_yaml_is_null(it))
			continue;
		if (it->kind != CS_YAML_SCALAR) {
			bad(l, it, cs_ypath_idx(l->a, p, (int32_t)i),
			    "a string");
			continue;
		}
		cs_loc loc = iloc(l, it, p, i);
		security_opt(l, interp(l, it), &loc, s);
	}
}

/* ---- namespaces ---------------------------------------------------------- */

/* network_mode / pid / ipc / uts / userns_mode: `host` shares the host's
 * namespace; an unresolved variable cannot be told. */
static void rd_ns(ld *l, fld *f, cs_rt_text *mode, cs_rt_flag *host)
{
	cs_rt_text t = {0};
	rd_text(l, f, &t);
	if (!t.v)
		return;
	if (mode)
		*mode = t;
	cs_tri v = CS_TRI_FALSE;
	if (streq(t.v, "host"))
		v = CS_TRI_TRUE;
	else if (strchr(t.v, '$'))
		v = CS_TRI_UNKNOWN;
	*host = (cs_rt_flag){.v = v, .raw = t.v, .loc = t.loc};
}

/* ---- volumes and tmpfs --------------------------------------------------- */

static bool win_drive(const char *s)
{
	return ((s[0] >= 'A' && s[0] <= 'Z') || (s[0] >= 'a' && s[0] <= 'z')) &&
	       s[1] == ':' && (s[2] == '\\' || s[2] == '/');
}

/* A short-syntax source that names a host path rather than a volume.  An
 * unresolved `${VAR}` is most often a path (`${PWD}:/app`). */
static bool host_path(const char *s)
{
	return s[0] == '/' || s[0] == '.' || s[0] == '~' || s[0] == '\\' ||
	       s[0] == '$' || win_drive(s);
}

static bool is_propagation(const char *m, size_t n)
{
	static const char *const props[] = {"shared", "rshared", "slave",
					    "rslave", "private", "rprivate"};
	for (size_t i = 0; i < 6; i++)
		if (strlen(props[i]) == n && memcmp(props[i], m, n) == 0)
			return true;
	return false;
}

/* "SRC:DST[:MODE]", "DST", "C:\\src:DST". */
static void volume_short(ld *l, const char *t, const cs_loc *loc,
			 cs_rt_mount *m)
{
	m->raw = t;
	m->loc = *loc;
	const char *parts[3] = {t, NULL, NULL};
	size_t lens[3] = {0};
	size_t np = 1;
	const char *p = t + (win_drive(t) ? 2 : 0);
	for (;;) {
		const char *c = strchr(p, ':');
		if (!c || np == 3) {
			lens[np - 1] = strlen(parts[np - 1]);
			break;
		}
		lens[np - 1] = (size_t)(c - parts[np - 1]);
		parts[np++] = c + 1;
		p = c + 1;
		if (np >= 2 && win_drive(p))
			p += 2;
	}
	if (np == 1) {
		m->kind = CS_MOUNT_VOLUME;
		m->type = "volume";
		m->target = t;
		return;
	}
	const char *src = sdup(l, parts[0], lens[0]);
	m->target = sdup(l, parts[1], lens[1]);
	if (!src)
		return;
	if (host_path(src)) {
		m->kind = CS_MOUNT_BIND;
		m->type = "bind";
		m->source = src;
		m->source_loc = *loc;
	} else {
		m->kind = CS_MOUNT_VOLUME;
		m->type = "volume";
		m->name = src;
	}
	if (np < 3)
		return;
	const char *mode = parts[2];
	size_t mlen = lens[2];
	for (size_t i = 0; i < mlen;) {
		size_t e = i;
		while (e < mlen && mode[e] != ',')
			e++;
		const char *w = mode + i;
		size_t wn = e - i;
		if ((wn == 2 && memcmp(w, "ro", 2) == 0) ||
		    (wn == 2 && memcmp(w, "rw", 2) == 0)) {
			m->read_only = w[1] == 'o' ? CS_TRI_TRUE : CS_TRI_FALSE;
			m->read_only_loc = *loc;
		} else if (is_propagation(w, wn)) {
			m->propagation = sdup(l, w, wn);
			m->propagation_loc = *loc;
		}
		i = e + 1;
	}
}

static void volume_long(ld *l, const cs_yaml_node *n, const cs_ypath *p,
			cs_rt_mount *m)
{
	const char *type = "volume";
	for (size_t i = 0; i < n->npairs; i++) {
		fld f;
		if (!cs_yf_at(n, i, p, &f))
			continue;
		const char *k = f.k->scalar;
		if (streq(k, "type")) {
			const char *v = sval(l, &f);
			if (v)
				type = v;
		} else if (streq(k, "source")) {
			m->source = sval(l, &f);
			m->source_loc = floc(l, &f);
		} else if (streq(k, "target")) {
			m->target = sval(l, &f);
		} else if (streq(k, "read_only")) {
			cs_rt_flag ro = {0};
			rd_flag(l, &f, &ro);
			m->read_only = ro.v;
			m->read_only_loc = ro.loc;
		} else if (streq(k, "bind") && want(l, &f, CS_YAML_MAP)) {
			const cs_yaml_node *b = f.v;
			const cs_ypath *bp = fpath(l, &f);
			for (size_t j = 0; j < b->npairs; j++) {
				fld g;
				if (!cs_yf_at(b, j, bp, &g) ||
				    !streq(g.k->scalar, "propagation"))
					continue;
				m->propagation = sval(l, &g);
				m->propagation_loc = floc(l, &g);
			}
		}
	}
	m->type = type;
	if (streq(type, "bind")) {
		m->kind = CS_MOUNT_BIND;
	} else if (streq(type, "volume")) {
		m->kind = CS_MOUNT_VOLUME;
		m->name = m->source;
		m->source = NULL;
		m->source_loc = (cs_loc){0};
	} else if (streq(type, "tmpfs")) {
		m->kind = CS_MOUNT_TMPFS;
	} else {
		m->kind = CS_MOUNT_OTHER;
	}
}

static void rd_volumes(ld *l, fld *f, cs_rt_spec *s)
{
	if (!want(l, f, CS_YAML_SEQ))
		return;
	const cs_ypath *p = fpath(l, f);
	RESERVE(l, &s->mounts, f->v->nitems);
	for (size_t i = 0; i < f->v->nitems && !l->oom; i++) {
		const cs_yaml_node *it = f->v->items[i];
		if (cs_yaml_is_null(it))
			continue;
		const cs_ypath *ip = cs_ypath_idx(l->a, p, (int32_t)i);
		if (it->kind == CS_YAML_SEQ) {
			bad(l, it, ip, "a string or a mapping");
			continue;
		}
		cs_rt_mount *m = PUSH(l, &s->mounts);
		if (!m)
			return;
		cs_loc loc = {.at = it->mark, .path = ip};
		if (it->kind == CS_YAML_SCALAR) {
			volume_short(l, interp(l, it), &loc, m);
		} else {
			m->loc = loc;
			volume_long(l, it, ip, m);
		}
	}
}

static void tmpfs_one(ld *l, const cs_yaml_node *it, const cs_loc *loc,
		      cs_rt_spec *s)
{
	const char *t = interp(l, it);
	cs_rt_mount *m = PUSH(l, &s->mounts);
	if (!m)
		return;
	m->kind = CS_MOUNT_TMPFS;
	m->type = "tmpfs";
	m->raw = t;
	m->loc = *loc;
	const char *c = strchr(t, ':');
	m->target = c ? sdup(l, t, (size_t)(c - t)) : t;
}

static void rd_tmpfs(ld *l, fld *f, cs_rt_spec *s)
{
	if (cs_yaml_is_null(f->v))
		return;
	if (f->v->kind == CS_YAML_SCALAR) {
		cs_loc loc = floc(l, f);
		tmpfs_one(l, f->v, &loc, s);
		return;
	}
	if (!want(l, f, CS_YAML_SEQ))
		return;
	const cs_ypath *p = fpath(l, f);
	RESERVE(l, &s->mounts, f->v->nitems);
	for (size_t i = 0; i < f->v->nitems && !l->oom; i++) {
		const cs_yaml_node *it = f->v->items[i];
		if (cs_yaml_is_null(it))
			continue;
		if (it->kind != CS_YAML_SCALAR) {
			bad(l, it, cs_ypath_idx(l->a, p, (int32_t)i),
			    "a string");
			continue;
		}
		cs_loc loc = iloc(l, it, p, i);
		tmpfs_one(l, it, &loc, s);
	}
}

/* ---- devices ------------------------------------------------------------- */

static void rd_devices(ld *l, fld *f, cs_rt_spec *s)
{
	if (!want(l, f, CS_YAML_SEQ))
		return;
	const cs_ypath *p = fpath(l, f);
	RESERVE(l, &s->devices, f->v->nitems);
	for (size_t i = 0; i < f->v->nitems && !l->oom; i++) {
		const cs_yaml_node *it = f->v->items[i];
		if (cs_yaml_is_null(it))
			continue;
		const cs_ypath *ip = cs_ypath_idx(l->a, p, (int32_t)i);
		const char *t = NULL;
		if (it->kind == CS_YAML_SCALAR) {
			t = interp(l, it);
		} else if (it->kind == CS_YAML_MAP) {
			/* long syntax: kept as the short spelling */
			const char *src = NULL, *dst = NULL, *perm = NULL;
			for (size_t j = 0; j < it->npairs; j++) {
				fld g;
				if (!cs_yf_at(it, j, ip, &g))
					continue;
				if (streq(g.k->scalar, "source"))
					src = sval(l, &g);
				else if (streq(g.k->scalar, "target"))
					dst = sval(l, &g);
				else if (streq(g.k->scalar, "permissions"))
					perm = sval(l, &g);
			}
			if (!src)
				continue;
			t = cs_arena_printf(l->a, "%s%s%s%s%s", src,
					    dst ? ":" : "", dst ? dst : "",
					    perm ? ":" : "", perm ? perm : "");
			if (!t) {
				l->oom = true;
				return;
			}
		} else {
			bad(l, it, ip, "a string or a mapping");
			continue;
		}
		cs_rt_text *d = PUSH(l, &s->devices);
		if (!d)
			return;
		d->v = t;
		d->loc = (cs_loc){.at = it->mark, .path = ip};
	}
}

/* ---- ports --------------------------------------------------------------- */

/* "80" or "8000-8010" into [lo, hi]; false when not a port (range). */
static bool port_range(const char *s, size_t n, int64_t *lo, int64_t *hi)
{
	size_t dash = 0;
	while (dash < n && s[dash] != '-')
		dash++;
	if (!all_digits(s, dash))
		return false;
	int64_t a = 0, b;
	for (size_t i = 0; i < dash; i++)
		a = a * 10 + (s[i] - '0');
	b = a;
	if (dash < n) {
		if (!all_digits(s + dash + 1, n - dash - 1))
			return false;
		b = 0;
		for (size_t i = dash + 1; i < n; i++)
			b = b * 10 + (s[i] - '0');
	}
	*lo = a;
	*hi = b;
	return true;
}

/* "[IP:][HOST:]CONTAINER[/PROTO]", the IP possibly in brackets. */
static void port_short(ld *l, const char *t, const cs_loc *loc,
		       cs_rt_port *p)
{
	p->raw = t;
	p->loc = *loc;
	p->protocol = "tcp";
	size_t n = strlen(t);
	const char *slash = memchr(t, '/', n);
	if (slash) {
		p->protocol = slash + 1;
		n = (size_t)(slash - t);
	}
	size_t c2 = n;
	while (c2 > 0 && t[c2 - 1] != ':')
		c2--;
	port_range(t + c2, n - c2, &p->container_port,
		   &p->container_port_end);
	if (c2 == 0)
		return;
	p->published = true;
	p->host_port_loc = *loc;
	size_t hend = c2 - 1, c1 = hend;
	if (t[0] == '[') {
		const char *rb = memchr(t, ']', hend);
		c1 = rb && rb + 1 < t + hend && rb[1] == ':' ?
			     (size_t)(rb - t) + 2 : 0;
	} else {
		while (c1 > 0 && t[c1 - 1] != ':')
			c1--;
	}
	port_range(t + c1, hend - c1, &p->host_port, &p->host_port_end);
	if (c1 > 0) {
		size_t is = 0, ie = c1 - 1;
		if (t[0] == '[' && ie > 0 && t[ie - 1] == ']') {
			is = 1;
			ie--;
		}
		if (ie > is)
			p->host_ip = sdup(l, t + is, ie - is);
	}
}

static void port_long(ld *l, const cs_yaml_node *n, const cs_ypath *ip,
		      cs_rt_port *p)
{
	p->protocol = "tcp";
	for (size_t i = 0; i < n->npairs; i++) {
		fld f;
		if (!cs_yf_at(n, i, ip, &f))
			continue;
		const char *k = f.k->scalar;
		const char *v;
		if (streq(k, "target") && (v = sval(l, &f)))
			port_range(v, strlen(v), &p->container_port,
				   &p->container_port_end);
		else if (streq(k, "published") && (v = sval(l, &f)) && *v) {
			p->published = true;
			p->host_port_loc = floc(l, &f);
			port_range(v, strlen(v), &p->host_port,
				   &p->host_port_end);
		} else if (streq(k, "host_ip") && (v = sval(l, &f)) && *v)
			p->host_ip = v;
		else if (streq(k, "protocol") && (v = sval(l, &f)))
			p->protocol = v;
	}
}

static void rd_ports(ld *l, fld *f, cs_rt_spec *s)
{
	if (!want(l, f, CS_YAML_SEQ))
		return;
	const cs_ypath *p = fpath(l, f);
	RESERVE(l, &s->ports, f->v->nitems);
	for (size_t i = 0; i < f->v->nitems && !l->oom; i++) {
		const cs_yaml_node *it = f->v->items[i];
		if (cs_yaml_is_null(it))
			continue;
		const cs_ypath *ip = cs_ypath_idx(l->a, p, (int32_t)i);
		if (it->kind == CS_YAML_SEQ) {
			bad(l, it, ip, "a string or a mapping");
			continue;
		}
		cs_rt_port *pt = PUSH(l, &s->ports);
		if (!pt)
			return;
		cs_loc loc = {.at = it->mark, .path = ip};
		if (it->kind == CS_YAML_SCALAR) {
			port_short(l, interp(l, it), &loc, pt);
		} else {
			pt->loc = loc;
			port_long(l, it, ip, pt);
		}
	}
}

/* ---- sysctls ------------------------------------------------------------- */

static void rd_sysctls(ld *l, fld *f, cs_rt_spec *s)
{
	if (cs_yaml_is_null(f->v))
		return;
	const cs_ypath *p = fpath(l, f);
	if (f->v->kind == CS_YAML_MAP) {
		RESERVE(l, &s->sysctls, f->v->npairs);
		for (size_t i = 0; i < f->v->npairs && !l->oom; i++) {
			fld g;
			if (!cs_yf_at(f->v, i, p, &g))
				continue;
			cs_rt_sysctl *y = PUSH(l, &s->sysctls);
			if (!y)
				return;
			y->name = g.k->scalar;
			y->value = cs_yaml_is_null(g.v) ? NULL : sval(l, &g);
			y->loc = floc(l, &g);
		}
		return;
	}
	if (f->v->kind != CS_YAML_SEQ) {
		bad(l, f->v, p, "a mapping or a list");
		return;
	}
	RESERVE(l, &s->sysctls, f->v->nitems);
	for (size_t i = 0; i < f->v->nitems && !l->oom; i++) {
		const cs_yaml_node *it = f->v->items[i];
		if (it->kind != CS_YAML_SCALAR) {
			bad(l, it, cs_ypath_idx(l->a, p, (int32_t)i),
			    "a string");
			continue;
		}
		const char *t = interp(l, it);
		const char *eq = strchr(t, '=');
		cs_rt_sysctl *y = PUSH(l, &s->sysctls);
		if (!y)
			return;
		y->name = eq ? sdup(l, t, (size_t)(eq - t)) : t;
		y->value = eq ? eq + 1 : NULL;
		y->loc = iloc(l, it, p, i);
	}
}

/* ---- resources, deploy --------------------------------------------------- */

/* What the loader remembers across keys whose order is free. */
typedef struct svc_rd {
	bool cpus;                   /* cpu_limit came from cpus: */
	bool mem;                    /* mem_limit came from mem_limit: */
	bool restart;                /* restart: given */
	CS_RT_LIST(cs_rt_env) file_env;
} svc_rd;

static void rd_limits(ld *l, fld *f, cs_rt_spec *s, svc_rd *r, bool limits)
{
	if (!want(l, f, CS_YAML_MAP))
		return;
	const cs_ypath *p = fpath(l, f);
	for (size_t i = 0; i < f->v->npairs; i++) {
		fld g;
		if (!cs_yf_at(f->v, i, p, &g))
			continue;
		const char *k = g.k->scalar;
		if (limits && streq(k, "memory") && !r->mem)
			rd_text(l, &g, &s->mem_limit);
		else if (limits && streq(k, "cpus") && !r->cpus)
			rd_text(l, &g, &s->cpu_limit);
		else if (limits && streq(k, "pids") && !s->pids_limit.set)
			rd_num(l, &g, &s->pids_limit);
		else if (!limits && streq(k, "memory"))
			rd_text(l, &g, &s->mem_request);
		else if (!limits && streq(k, "cpus"))
			rd_text(l, &g, &s->cpu_request);
	}
}

static void rd_restart_policy(ld *l, fld *f, cs_rt_spec *s, svc_rd *r)
{
	if (!want(l, f, CS_YAML_MAP))
		return;
	const cs_ypath *p = fpath(l, f);
	const char *cond = NULL, *max = NULL;
	cs_loc loc = floc(l, f);
	for (size_t i = 0; i < f->v->npairs; i++) {
		fld g;
		if (!cs_yf_at(f->v, i, p, &g))
			continue;
		if (streq(g.k->scalar, "condition")) {
			cond = sval(l, &g);
			loc = floc(l, &g);
		} else if (streq(g.k->scalar, "max_attempts")) {
			max = sval(l, &g);
		}
	}
	if (r->restart || !cond)
		return;
	if (max && streq(cond, "on-failure")) {
		cond = cs_arena_printf(l->a, "on-failure:%s", max);
		if (!cond) {
			l->oom = true;
			return;
		}
	}
	s->restart = (cs_rt_text){cond, loc};
}

static void rd_deploy(ld *l, fld *f, cs_rt_spec *s, svc_rd *r)
{
	if (!want(l, f, CS_YAML_MAP))
		return;
	const cs_ypath *p = fpath(l, f);
	for (size_t i = 0; i < f->v->npairs; i++) {
		fld g;
		if (!cs_yf_at(f->v, i, p, &g))
			continue;
		if (streq(g.k->scalar, "restart_policy")) {
			rd_restart_policy(l, &g, s, r);
			continue;
		}
		if (!streq(g.k->scalar, "resources") ||
		    !want(l, &g, CS_YAML_MAP))
			continue;
		s->resources_loc = floc(l, &g);
		const cs_ypath *rp = fpath(l, &g);
		for (size_t j = 0; j < g.v->npairs; j++) {
			fld h;
			if (!cs_yf_at(g.v, j, rp, &h))
				continue;
			if (streq(h.k->scalar, "limits"))
				rd_limits(l, &h, s, r, true);
			else if (streq(h.k->scalar, "reservations"))
				rd_limits(l, &h, s, r, false);
		}
	}
}

/* ---- healthcheck --------------------------------------------------------- */

static bool test_none(const cs_yaml_node *t)
{
	if (t->kind == CS_YAML_SCALAR)
		return streq(t->scalar, "NONE");
	return t->kind == CS_YAML_SEQ && t->nitems > 0 &&
	       t->items[0]->kind == CS_YAML_SCALAR &&
	       streq(t->items[0]->scalar, "NONE");
}

static void rd_healthcheck(ld *l, fld *f, cs_rt_spec *s)
{
	if (cs_yaml_is_null(f->v)) {
		s->healthcheck = (cs_rt_probe){.set = true, .loc = floc(l, f)};
		return;
	}
	if (!want(l, f, CS_YAML_MAP))
		return;
	s->healthcheck = (cs_rt_probe){.set = true, .loc = floc(l, f)};
	const cs_ypath *p = fpath(l, f);
	for (size_t i = 0; i < f->v->npairs; i++) {
		fld g;
		if (!cs_yf_at(f->v, i, p, &g))
			continue;
		if (streq(g.k->scalar, "disable")) {
			cs_rt_flag d = {0};
			rd_flag(l, &g, &d);
			if (d.v == CS_TRI_TRUE)
				s->healthcheck.disabled = true;
		} else if (streq(g.k->scalar, "test") && test_none(g.v)) {
			s->healthcheck.disabled = true;
		}
	}
}

/* ---- environment and env_file ------------------------------------------- */

static void rd_environment(ld *l, fld *f, cs_rt_spec *s)
{
	if (cs_yaml_is_null(f->v))
		return;
	const cs_ypath *p = fpath(l, f);
	if (f->v->kind == CS_YAML_MAP) {
		RESERVE(l, &s->env, f->v->npairs);
		for (size_t i = 0; i < f->v->npairs && !l->oom; i++) {
			fld g;
			if (!cs_yf_at(f->v, i, p, &g))
				continue;
			if (g.v->kind != CS_YAML_SCALAR) {
				bad(l, g.v, fpath(l, &g), "a string");
				continue;
			}
			cs_rt_env *e = PUSH(l, &s->env);
			if (!e)
				return;
			e->name = g.k->scalar;
			e->loc = floc(l, &g);
			if (cs_yaml_is_null(g.v)) {
				e->kind = CS_ENV_UNSET;
			} else {
				e->value = interp(l, g.v);
				e->value_loc = (cs_loc){.at = g.v->mark,
							.path = e->loc.path};
			}
		}
		return;
	}
	if (f->v->kind != CS_YAML_SEQ) {
		bad(l, f->v, p, "a mapping or a list");
		return;
	}
	RESERVE(l, &s->env, f->v->nitems);
	for (size_t i = 0; i < f->v->nitems && !l->oom; i++) {
		const cs_yaml_node *it = f->v->items[i];
		if (cs_yaml_is_null(it))
			continue;
		if (it->kind != CS_YAML_SCALAR) {
			bad(l, it, cs_ypath_idx(l->a, p, (int32_t)i),
			    "a string");
			continue;
		}
		cs_rt_env *e = PUSH(l, &s->env);
		if (!e)
			return;
		e->loc = iloc(l, it, p, i);
		const char *eq = strchr(it->scalar, '=');
		if (!eq) {
			e->name = it->scalar;
			e->kind = CS_ENV_UNSET;
			continue;
		}
		size_t nl = (size_t)(eq - it->scalar);
		e->name = sdup(l, it->scalar, nl);
		/* the value is interpolated alone, so a `${` in the name
		 * cannot swallow the `=` */
		cs_yaml_node vn = *it;
		vn.scalar = eq + 1;
		vn.len = it->len - nl - 1;
		e->value = interp(l, &vn);
		e->value_loc = e->loc;
		if (!it->quoted && it->mark.col <= UINT32_MAX - nl - 1)
			e->value_loc.at.col += (uint32_t)nl + 1;
	}
}

static void env_file_one(ld *l, const char *path, const cs_loc *loc,
			 cs_compose_service *svc, svc_rd *r)
{
	cs_rt_text *t = PUSH(l, &svc->env_files);
	if (!t)
		return;
	*t = (cs_rt_text){path, *loc};
	const cs_compose_opts *o = l->opts;
	const char *data;
	size_t len;
	/* a missing env file is usual (gitignored); it is just skipped */
	if (!o->read || !*path || !o->read(o->read_ctx, path, &data, &len) ||
	    !data)
		return;
	denv_list dl = {0};
	dotenv_parse(l, data, len, &dl);
	for (size_t i = 0; i < dl.n && !l->oom; i++) {
		cs_rt_env *e = PUSH(l, &r->file_env);
		if (!e)
			return;
		e->name = dl.v[i].name;
		e->value = dl.v[i].value;
		e->kind = dl.v[i].value ? CS_ENV_LITERAL : CS_ENV_UNSET;
		e->from_env_file = true;
		e->loc = (cs_loc){.at = dl.v[i].at, .file = path};
		e->value_loc = e->loc;
	}
}

static void rd_env_file(ld *l, fld *f, cs_compose_service *svc, svc_rd *r)
{
	if (cs_yaml_is_null(f->v))
		return;
	if (f->v->kind == CS_YAML_SCALAR) {
		cs_loc loc = floc(l, f);
		env_file_one(l, interp(l, f->v), &loc, svc, r);
		return;
	}
	if (!want(l, f, CS_YAML_SEQ))
		return;
	const cs_ypath *p = fpath(l, f);
	for (size_t i = 0; i < f->v->nitems && !l->oom; i++) {
		const cs_yaml_node *it = f->v->items[i];
		const cs_ypath *ip = cs_ypath_idx(l->a, p, (int32_t)i);
		cs_loc loc = {.at = it->mark, .path = ip};
		if (it->kind == CS_YAML_SCALAR) {
			if (!cs_yaml_is_null(it))
				env_file_one(l, interp(l, it), &loc, svc, r);
			continue;
		}
		if (it->kind != CS_YAML_MAP) {
			bad(l, it, ip, "a string or a mapping");
			continue;
		}
		const cs_yaml_node *pn = cs_yaml_get(it, "path");
		if (pn && pn->kind == CS_YAML_SCALAR && !cs_yaml_is_null(pn))
			env_file_one(l, interp(l, pn), &loc, svc, r);
		else
			diag(l, it->mark, "%s has no path",
			     cs_ypath_str(ip, l->a));
	}
}

static int name_cmp(const void *pa, const void *pb)
{
	const cs_rt_env *a = *(const cs_rt_env *const *)pa;
	const cs_rt_env *b = *(const cs_rt_env *const *)pb;
	return strcmp(a->name, b->name);
}

/* env_file entries go first, less those environment: overrides (the
 * specification gives environment precedence). */
static void env_finish(ld *l, cs_rt_spec *s, svc_rd *r)
{
	size_t nf = r->file_env.n, ne = s->env.n;
	if (!nf)
		return;
	const cs_rt_env **idx = NULL;
	if (ne) {
		idx = cs_arena_alloc(l->a, ne * sizeof(*idx));
		if (!idx) {
			l->oom = true;
			return;
		}
		for (size_t i = 0; i < ne; i++)
			idx[i] = &s->env.v[i];
		qsort(idx, ne, sizeof(*idx), name_cmp);
	}
	cs_rt_env *v = cs_arena_alloc(l->a, (nf + ne) * sizeof(*v));
	if (!v) {
		l->oom = true;
		return;
	}
	size_t w = 0;
	for (size_t i = 0; i < nf; i++) {
		const cs_rt_env *e = &r->file_env.v[i], *key = e;
		if (idx && bsearch(&key, idx, ne, sizeof(*idx), name_cmp))
			continue;
		v[w++] = *e;
	}
	if (ne)
		memcpy(v + w, s->env.v, ne * sizeof(*v));
	s->env.v = v;
	s->env.n = w + ne;
	s->env.cap = nf + ne;
}

/* ---- build, secrets, networks -------------------------------------------- */

static void rd_build(ld *l, fld *f, cs_compose_service *svc)
{
	cs_rt_spec *s = &svc->spec;
	if (cs_yaml_is_null(f->v))
		return;
	if (f->v->kind == CS_YAML_SCALAR) {
		svc->build_context = interp(l, f->v);
	} else if (f->v->kind == CS_YAML_MAP) {
		const cs_ypath *p = fpath(l, f);
		for (size_t i = 0; i < f->v->npairs; i++) {
			fld g;
			if (!cs_yf_at(f->v, i, p, &g))
				continue;
			const char *k = g.k->scalar;
			if (streq(k, "context"))
				svc->build_context = sval(l, &g);
			else if (streq(k, "dockerfile"))
				svc->build_dockerfile = sval(l, &g);
			else if (streq(k, "dockerfile_inline"))
				svc->build_inline = !cs_yaml_is_null(g.v);
		}
		if (!svc->build_context)
			svc->build_context = ".";
	} else {
		bad(l, f->v, fpath(l, f), "a string or a mapping");
		return;
	}
	s->builds = true;
	svc->build_loc = floc(l, f);
	if (!svc->build_dockerfile && !svc->build_inline)
		svc->build_dockerfile = "Dockerfile";
}

/* secrets: / configs: - a name, or {source: NAME, ...}. */
static void rd_refs(ld *l, fld *f, void *list)
{
	CS_RT_LIST(cs_rt_text) *t = list;
	if (!want(l, f, CS_YAML_SEQ))
		return;
	const cs_ypath *p = fpath(l, f);
	for (size_t i = 0; i < f->v->nitems && !l->oom; i++) {
		const cs_yaml_node *it = f->v->items[i];
		const cs_ypath *ip = cs_ypath_idx(l->a, p, (int32_t)i);
		const cs_yaml_node *n = it;
		if (it->kind == CS_YAML_MAP)
			n = cs_yaml_get(it, "source");
		if (!n || n->kind != CS_YAML_SCALAR || cs_yaml_is_null(n)) {
			bad(l, it, ip, "a name or a mapping with source");
			continue;
		}
		cs_rt_text *e = PUSH(l, t);
		if (!e)
			return;
		*e = (cs_rt_text){interp(l, n), {.at = it->mark, .path = ip}};
	}
}

static void rd_networks(ld *l, fld *f, cs_compose_service *svc)
{
	if (cs_yaml_is_null(f->v))
		return;
	const cs_yaml_node *v = f->v;
	const cs_ypath *p = fpath(l, f);
	if (v->kind == CS_YAML_SCALAR) {
		bad(l, v, p, "a list or a mapping");
		return;
	}
	svc->has_networks = true;
	size_t n = v->kind == CS_YAML_SEQ ? v->nitems : v->npairs;
	RESERVE(l, &svc->networks, n);
	for (size_t i = 0; i < n && !l->oom; i++) {
		const cs_yaml_node *k = v->kind == CS_YAML_SEQ ? v->items[i]
							       : v->pairs[i].key;
		if (!k || k->kind != CS_YAML_SCALAR || cs_yaml_is_null(k))
			continue;
		cs_compose_net_ref *r = PUSH(l, &svc->networks);
		if (!r)
			return;
		r->name = interp(l, k);
		r->loc.at = k->mark;
		r->loc.path = v->kind == CS_YAML_SEQ
				      ? cs_ypath_idx(l->a, p, (int32_t)i)
				      : cs_ypath_key(l->a, p, k->scalar);
	}
}

static void rd_profiles(ld *l, fld *f, cs_compose_service *svc)
{
	if (!want(l, f, CS_YAML_SEQ))
		return;
	for (size_t i = 0; i < f->v->nitems && !l->oom; i++) {
		const cs_yaml_node *it = f->v->items[i];
		if (it->kind != CS_YAML_SCALAR || cs_yaml_is_null(it))
			continue;
		const char **e = PUSH(l, &svc->profiles);
		if (!e)
			return;
		*e = interp(l, it);
	}
}

/* ---- one service --------------------------------------------------------- */

static void rd_field(ld *l, fld *f, cs_compose_service *svc, svc_rd *r)
{
	cs_rt_spec *s = &svc->spec;
	const char *k = f->k->scalar;
	switch (k[0]) {
	case 'b':
		if (streq(k, "build"))
			rd_build(l, f, svc);
		break;
	case 'c':
		if (streq(k, "cap_add")) {
			rd_texts(l, f, &s->cap_add);
			s->cap_add_loc = floc(l, f);
		} else if (streq(k, "cap_drop")) {
			rd_texts(l, f, &s->cap_drop);
			s->cap_drop_loc = floc(l, f);
		} else if (streq(k, "cpus")) {
			rd_text(l, f, &s->cpu_limit);
			r->cpus = s->cpu_limit.v != NULL;
		} else if (streq(k, "cpu_quota")) {
			if (!r->cpus)
				rd_text(l, f, &s->cpu_limit);
		} else if (streq(k, "cpu_shares")) {
			rd_text(l, f, &s->cpu_shares);
		} else if (streq(k, "cgroup_parent")) {
			rd_text(l, f, &s->cgroup_parent);
		} else if (streq(k, "configs")) {
			rd_refs(l, f, &svc->configs);
		}
		break;
	case 'd':
		if (streq(k, "devices"))
			rd_devices(l, f, s);
		else if (streq(k, "deploy"))
			rd_deploy(l, f, s, r);
		break;
	case 'e':
		if (streq(k, "environment"))
			rd_environment(l, f, s);
		else if (streq(k, "env_file"))
			rd_env_file(l, f, svc, r);
		break;
	case 'h':
		if (streq(k, "healthcheck"))
			rd_healthcheck(l, f, s);
		break;
	case 'i':
		if (streq(k, "image"))
			rd_text(l, f, &s->image);
		else if (streq(k, "ipc"))
			rd_ns(l, f, &s->ipc_mode, &s->host_ipc);
		break;
	case 'm':
		if (streq(k, "mem_limit")) {
			rd_text(l, f, &s->mem_limit);
			r->mem = s->mem_limit.v != NULL;
		}
		break;
	case 'n':
		if (streq(k, "network_mode"))
			rd_ns(l, f, &s->network_mode, &s->host_network);
		else if (streq(k, "networks"))
			rd_networks(l, f, svc);
		break;
	case 'p':
		if (streq(k, "privileged"))
			rd_flag(l, f, &s->privileged);
		else if (streq(k, "pull_policy"))
			rd_text(l, f, &s->pull_policy);
		else if (streq(k, "pid"))
			rd_ns(l, f, &s->pid_mode, &s->host_pid);
		else if (streq(k, "ports"))
			rd_ports(l, f, s);
		else if (streq(k, "pids_limit"))
			rd_num(l, f, &s->pids_limit);
		else if (streq(k, "profiles"))
			rd_profiles(l, f, svc);
		break;
	case 'r':
		if (streq(k, "read_only")) {
			rd_flag(l, f, &s->read_only_rootfs);
		} else if (streq(k, "restart")) {
			rd_text(l, f, &s->restart);
			r->restart = s->restart.v != NULL;
		}
		break;
	case 's':
		if (streq(k, "security_opt"))
			rd_security_opt(l, f, s);
		else if (streq(k, "sysctls"))
			rd_sysctls(l, f, s);
		else if (streq(k, "secrets"))
			rd_refs(l, f, &svc->secrets);
		break;
	case 't':
		if (streq(k, "tmpfs"))
			rd_tmpfs(l, f, s);
		break;
	case 'u':
		if (streq(k, "user"))
			rd_user(l, f, s);
		else if (streq(k, "uts"))
			rd_ns(l, f, NULL, &s->host_uts);
		else if (streq(k, "userns_mode"))
			rd_ns(l, f, NULL, &s->host_userns);
		break;
	case 'v':
		if (streq(k, "volumes"))
			rd_volumes(l, f, s);
		break;
	}
}

static void rd_service(ld *l, cs_compose_service *svc, const cs_yaml_node *m,
		       const cs_ypath *p)
{
	svc_rd r = {0};
	/* deploy limits yield to the service-level keys wherever they are
	 * written, so those are looked at first */
	for (size_t i = 0; i < m->npairs; i++) {
		const cs_yaml_node *k = m->pairs[i].key;
		if (!k || k->kind != CS_YAML_SCALAR)
			continue;
		if (streq(k->scalar, "cpus") && !cs_yaml_is_null(m->pairs[i].value))
			r.cpus = true;
		else if (streq(k->scalar, "mem_limit") &&
			 !cs_yaml_is_null(m->pairs[i].value))
			r.mem = true;
		else if (streq(k->scalar, "restart") &&
			 !cs_yaml_is_null(m->pairs[i].value))
			r.restart = true;
	}
	for (size_t i = 0; i < m->npairs && !l->oom; i++) {
		fld f;
		if (cs_yf_at(m, i, p, &f))
			rd_field(l, &f, svc, &r);
	}
	env_finish(l, &svc->spec, &r);
}

/* ---- extends ------------------------------------------------------------- */

static int svc_cmp_ctx(const void *pa, const void *pb, void *ctx)
{
	const svc_state *s = ctx;
	uint32_t a = *(const uint32_t *)pa, b = *(const uint32_t *)pb;
	int c = strcmp(s[a].key->scalar, s[b].key->scalar);
	return c ? c : (a > b) - (a < b);
}

static long find_svc(ld *l, const char *name)
{
	if (!l->by_name) {
		l->by_name = cs_arena_alloc(l->a, l->nsvcs * sizeof(uint32_t));
		if (!l->by_name) {
			l->oom = true;
			return -1;
		}
		for (size_t i = 0; i < l->nsvcs; i++)
			l->by_name[i] = (uint32_t)i;
		qsort_r(l->by_name, l->nsvcs, sizeof(uint32_t), svc_cmp_ctx,
			l->svcs);
	}
	/* the last equal entry (sorted by name, then index) is the last
	 * service of that name, as cs_yaml_get() resolves a duplicate */
	size_t lo = 0, hi = l->nsvcs;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (strcmp(l->svcs[l->by_name[mid]].key->scalar, name) <= 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == 0 || !streq(l->svcs[l->by_name[lo - 1]].key->scalar, name))
		return -1;
	return l->by_name[lo - 1];
}

static bool spend(ld *l, size_t n)
{
	if (l->merge_budget >= n) {
		l->merge_budget -= n;
		return true;
	}
	if (!l->merge_spent) {
		l->merge_spent = true;
		diag(l, (cs_mark){1, 1}, "extends merges more than %u nodes; "
		     "the rest is not merged", MERGE_BUDGET);
	}
	return false;
}

/* Sequences that replace rather than add to the base's. */
static bool seq_replaces(const char *key)
{
	return key && (streq(key, "command") || streq(key, "entrypoint") ||
		       streq(key, "test"));
}

static cs_yaml_node *merge(ld *l, const cs_yaml_node *base,
			   const cs_yaml_node *over, const char *key,
			   int depth);

static int pair_cmp(const void *pa, const void *pb, void *ctx)
{
	const cs_yaml_pair *p = ctx;
	uint32_t a = *(const uint32_t *)pa, b = *(const uint32_t *)pb;
	return strcmp(p[a].key->scalar, p[b].key->scalar);
}

static bool plain_key(const cs_yaml_pair *p)
{
	return p->key && p->value && p->key->kind == CS_YAML_SCALAR;
}

/* Mappings merge key by key (the override's value wins, nested mappings
 * merge again); the base's keys keep their order and new ones follow.
 * The override's keys are sorted once, and each run of equal keys is
 * looked up by binary search and consumed once, so duplicates cost
 * nothing more. */
static cs_yaml_node *merge_maps(ld *l, const cs_yaml_node *base,
				const cs_yaml_node *over, int depth)
{
	size_t nb = base->npairs, no = over->npairs;
	cs_yaml_node *m = cs_arena_alloc(l->a, sizeof(*m));
	cs_yaml_pair *pairs = cs_arena_alloc(l->a, (nb + no + 1) *
						   sizeof(*pairs));
	uint32_t *idx = cs_arena_alloc(l->a, (no + 1) * sizeof(*idx));
	uint32_t *run = cs_arena_alloc(l->a, (no + 1) * sizeof(*run));
	bool *used = cs_arena_alloc(l->a, no + 1);
	if (!m || !pairs || !idx || !run || !used) {
		l->oom = true;
		return (cs_yaml_node *)over;
	}
	*m = *over;
	size_t ni = 0;
	for (size_t i = 0; i < no; i++)
		if (plain_key(&over->pairs[i]))
			idx[ni++] = (uint32_t)i;
	qsort_r(idx, ni, sizeof(*idx), pair_cmp, over->pairs);
	/* run[i]: where the run of pair i's key starts in idx */
	for (size_t k = 0; k < ni; k++) {
		size_t st = k;
		if (k > 0 && streq(over->pairs[idx[k]].key->scalar,
				   over->pairs[idx[k - 1]].key->scalar))
			st = run[idx[k - 1]];
		run[idx[k]] = (uint32_t)st;
	}
	size_t w = 0;
	for (size_t i = 0; i < nb; i++) {
		const cs_yaml_pair *bp = &base->pairs[i];
		if (!plain_key(bp))
			continue;
		if (depth == 0 && streq(bp->key->scalar, "extends"))
			continue;
		/* past the last equal key of the override */
		size_t lo = 0, hi = ni;
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;
			if (strcmp(over->pairs[idx[mid]].key->scalar,
				   bp->key->scalar) <= 0)
				lo = mid + 1;
			else
				hi = mid;
		}
		if (lo == 0 || !streq(over->pairs[idx[lo - 1]].key->scalar,
				      bp->key->scalar)) {
			pairs[w++] = *bp;
			continue;
		}
		uint32_t hit = idx[lo - 1];
		if (used[run[hit]])
			continue;
		used[run[hit]] = true;
		pairs[w].key = over->pairs[hit].key;
		pairs[w].value = merge(l, bp->value, over->pairs[hit].value,
				       bp->key->scalar, depth + 1);
		w++;
	}
	for (size_t i = 0; i < no; i++)
		if (!plain_key(&over->pairs[i]) || !used[run[i]])
			pairs[w++] = over->pairs[i];
	m->pairs = pairs;
	m->npairs = w;
	uint64_t e = (uint64_t)base->expanded + over->expanded;
	m->expanded = e > UINT32_MAX ? UINT32_MAX : (uint32_t)e;
	return m;
}

static cs_yaml_node *merge(ld *l, const cs_yaml_node *base,
			   const cs_yaml_node *over, const char *key,
			   int depth)
{
	if (base->kind != over->kind || base->kind == CS_YAML_SCALAR ||
	    depth >= (int)CS_YAML_MAX_DEPTH || l->oom)
		return (cs_yaml_node *)over;
	if (!spend(l, base->kind == CS_YAML_MAP
			      ? base->npairs + over->npairs
			      : base->nitems + over->nitems))
		return (cs_yaml_node *)over;
	if (base->kind == CS_YAML_MAP)
		return merge_maps(l, base, over, depth);
	if (seq_replaces(key))
		return (cs_yaml_node *)over;
	size_t n = base->nitems + over->nitems;
	cs_yaml_node *m = cs_arena_alloc(l->a, sizeof(*m));
	cs_yaml_node **items = cs_arena_alloc(l->a, (n + 1) * sizeof(*items));
	if (!m || !items) {
		l->oom = true;
		return (cs_yaml_node *)over;
	}
	*m = *over;
	if (base->nitems)
		memcpy(items, base->items, base->nitems * sizeof(*items));
	if (over->nitems)
		memcpy(items + base->nitems, over->items,
		       over->nitems * sizeof(*items));
	m->items = items;
	m->nitems = n;
	uint64_t e = (uint64_t)base->expanded + over->expanded;
	m->expanded = e > UINT32_MAX ? UINT32_MAX : (uint32_t)e;
	return m;
}

/* The service's mapping with its extends chain merged in. */
static const cs_yaml_node *resolve(ld *l, size_t i, unsigned depth)
{
	svc_state *s = &l->svcs[i];
	if (s->state == 2)
		return s->merged;
	if (s->state == 1)
		return s->raw;
	s->merged = s->raw;
	const cs_yaml_node *ext = cs_yaml_get(s->raw, "extends");
	if (!ext || cs_yaml_is_null(ext)) {
		s->state = 2;
		return s->merged;
	}
	const cs_yaml_node *name = ext;
	if (ext->kind == CS_YAML_MAP) {
		const cs_yaml_node *file = cs_yaml_get(ext, "file");
		if (file && !cs_yaml_is_null(file)) {
			diag(l, file->mark, "extends from another file is "
			     "not followed");
			s->state = 2;
			return s->merged;
		}
		name = cs_yaml_get(ext, "service");
	}
	if (!name || name->kind != CS_YAML_SCALAR || cs_yaml_is_null(name)) {
		diag(l, ext->mark, "services.%s.extends must name a service",
		     s->key->scalar);
		s->state = 2;
		return s->merged;
	}
	const char *bn = interp(l, name);
	long b = find_svc(l, bn);
	if (b < 0) {
		if (!l->oom)
			diag(l, name->mark, "service '%s' extends unknown "
			     "service '%s'", s->key->scalar, bn);
		s->state = 2;
		return s->merged;
	}
	if (depth >= CS_COMPOSE_MAX_EXTENDS) {
		diag(l, name->mark, "extends chain longer than %u services; "
		     "not followed", CS_COMPOSE_MAX_EXTENDS);
		s->state = 2;
		return s->merged;
	}
	s->state = 1;
	if (l->svcs[b].state == 1) {
		/* the base is still being resolved: the cycle closes here */
		diag(l, name->mark, "extends cycle: service '%s' extends "
		     "'%s', which leads back to '%s'", s->key->scalar, bn,
		     s->key->scalar);
		s->state = 2;
		return s->merged;
	}
	const cs_yaml_node *bnode = resolve(l, (size_t)b, depth + 1);
	s->base = l->svcs[b].key->scalar;
	if (bnode && bnode->kind == CS_YAML_MAP)
		s->merged = merge(l, bnode, s->raw, NULL, 0);
	s->state = 2;
	return s->merged;
}

/* ---- the file ------------------------------------------------------------ */

bool cs_compose_detect(const cs_yaml_node *root)
{
	if (!root || root->kind != CS_YAML_MAP)
		return false;
	const cs_yaml_node *s = cs_yaml_get(root, "services");
	return s && (s->kind == CS_YAML_MAP || cs_yaml_is_null(s));
}

static void load_services(ld *l, const cs_yaml_node *sv, const cs_ypath *sp)
{
	cs_compose *o = l->out;
	size_t n = sv->npairs;
	l->svcs = cs_arena_alloc(l->a, (n + 1) * sizeof(*l->svcs));
	o->services = cs_arena_alloc(l->a, (n + 1) * sizeof(*o->services));
	if (!l->svcs || !o->services) {
		l->oom = true;
		return;
	}
	bool any_extends = false;
	for (size_t i = 0; i < n; i++) {
		const cs_yaml_pair *p = &sv->pairs[i];
		if (!p->key || p->key->kind != CS_YAML_SCALAR || !p->value)
			continue;
		const cs_yaml_node *v = p->value;
		if (!cs_yaml_is_null(v) && v->kind != CS_YAML_MAP) {
			bad(l, v, cs_ypath_key(l->a, sp, p->key->scalar),
			    "a mapping");
			continue;
		}
		svc_state *s = &l->svcs[l->nsvcs++];
		s->key = p->key;
		s->raw = v;
		if (v->kind == CS_YAML_MAP && cs_yaml_get(v, "extends"))
			any_extends = true;
	}
	l->merge_budget = MERGE_BUDGET;
	for (size_t i = 0; i < l->nsvcs && !l->oom; i++) {
		svc_state *st = &l->svcs[i];
		const cs_yaml_node *m = st->raw;
		if (any_extends && m->kind == CS_YAML_MAP)
			m = resolve(l, i, 0);
		cs_compose_service *svc = &o->services[o->nservices++];
		const char *name = st->key->scalar;
		cs_rt_spec *s = &svc->spec;
		const cs_ypath *p = cs_ypath_key(l->a, sp, name);
		svc->name = name;
		svc->loc = (cs_loc){.at = st->key->mark, .path = p};
		svc->node = m;
		svc->extends = st->base;
		s->origin = CS_RT_COMPOSE;
		s->role = CS_RT_MAIN;
		s->name = name;
		s->subject = cs_arena_printf(l->a, "service %s", name);
		if (!s->subject)
			l->oom = true;
		s->loc = svc->loc;
		s->service = svc;
		if (m->kind == CS_YAML_MAP)
			rd_service(l, svc, m, p);
	}
}

bool cs_compose_load(const cs_yaml_node *root, const cs_compose_opts *opts,
		     cs_arena *a, cs_compose *out, cs_error *err)
{
	static const cs_compose_opts none;
	memset(out, 0, sizeof(*out));
	ld l = {.a = a, .out = out, .opts = opts ? opts : &none};
	cs_buf_init(&l.buf, MAX_INTERP);
	if (root && root->kind == CS_YAML_MAP) {
		for (size_t i = 0; i < root->npairs; i++) {
			const cs_yaml_pair *p = &root->pairs[i];
			if (!p->key || p->key->kind != CS_YAML_SCALAR)
				continue;
			const char *k = p->key->scalar;
			if (streq(k, "services"))
				out->services_loc = (cs_loc){
					.at = p->key->mark,
					.path = cs_ypath_key(a, NULL, k)};
			else if (streq(k, "volumes"))
				out->volumes = p->value;
			else if (streq(k, "networks"))
				out->networks = p->value;
			else if (streq(k, "secrets"))
				out->secrets = p->value;
		}
		const cs_yaml_node *sv = cs_yaml_get(root, "services");
		if (sv && sv->kind == CS_YAML_MAP)
			load_services(&l, sv, out->services_loc.path);
		else if (sv && !cs_yaml_is_null(sv))
			bad(&l, sv, out->services_loc.path, "a mapping");
	}
	cs_buf_free(&l.buf);
	if (l.oom) {
		cs_error_set(err, CS_ERR_NOMEM, (cs_mark){0, 0}, NULL,
			     "out of memory normalizing a Compose file");
		return false;
	}
	return true;
}

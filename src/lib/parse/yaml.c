/*
 * yaml.c - libyaml events into an arena tree; see yaml.h.
 *
 * Collections under construction live on an explicit stack.  Children are
 * gathered in growable arrays in the arena (doubling, so building is linear)
 * and attached when the collection ends.  Each frame also sums the expanded
 * size of its children, so the alias bomb is caught at the alias that makes
 * it one, before anything walks the tree.
 *
 * A mapping is checked for duplicate keys, and its merge keys resolved, when
 * it closes.  Small mappings (the common case) compare keys pairwise; large
 * ones sort an index by key text, so a 100,000-key mapping costs n log n and
 * no crafted set of keys can make it quadratic.  Anchors are looked up in a
 * hash table with a per-load seed for the same reason.
 */
#include "yaml.h"

#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#define SMALL_MAP 16u          /* pairs compared pairwise up to this many */
#define KEY_SHOWN 60           /* bytes of a key quoted in a message */

static const char TAG_MERGE[] = "tag:yaml.org,2002:merge";
static const char TAG_BOOL[] = "tag:yaml.org,2002:bool";
static const char TAG_INT[] = "tag:yaml.org,2002:int";

/*
 * The children of every open collection sit on one scratch stack (keys and
 * values alternate for a mapping), above those of their parent; a closing
 * collection copies its own at their exact size into the arena.  Arrays
 * grown by doubling inside the arena would leave every outgrown copy
 * behind.
 */
typedef struct frame {
	cs_yaml_node *node;
	size_t base;              /* first child on the scratch stack */
	size_t n;                 /* children attached (keys and values) */
	uint64_t size;            /* expanded size of those children */
	bool merge;               /* a `<<` key was seen */
} frame;

typedef struct anchor {
	const char *name;
	uint64_t hash;
	cs_yaml_node *node;
} anchor;

typedef struct loader {
	cs_arena *a;
	frame stack[CS_YAML_MAX_DEPTH];
	size_t depth;
	cs_yaml_node **scratch;   /* malloc'd: see frame */
	size_t scratch_n, scratch_cap;
	anchor *anchors;          /* open addressing, cap a power of two */
	size_t nanchors, anchor_cap;
	uint64_t seed;
	size_t nodes;
	cs_yaml_stream *out;
	size_t doc_cap, diag_cap, span_cap;
	cs_mark doc_mark;
	cs_mark eof;              /* see eof_mark() */
	cs_error *err;
	/* byte columns for text that is not ASCII: see at() */
	const char *data;
	size_t len;
	bool wide;                /* UTF-8 with bytes over 0x7f */
	uint32_t cur_line;        /* the line cur_off starts */
	size_t cur_off;
} loader;

/* The end of a buffer whose last line has no line break: libyaml puts a
 * line break there and may point one line past the text; 0:0 otherwise. */
static cs_mark eof_mark(const char *data, size_t len)
{
	if (len == 0 || data[len - 1] == '\n' || data[len - 1] == '\r')
		return (cs_mark){0, 0};
	cs_mark m = {1, 1};
	size_t bol = 0;
	for (size_t i = 0; i < len; i++) {
		bool cr = data[i] == '\r' &&
			  (i + 1 == len || data[i + 1] != '\n');
		if (data[i] == '\n' || cr) {
			m.line++;
			bol = i + 1;
		}
	}
	const char *p = data + bol, *end = data + len;
	m.col = (uint32_t)(end - p) + 1;
	return m;
}

static cs_mark clamp(cs_mark m, cs_mark eof)
{
	return eof.line && m.line > eof.line ? eof : m;
}

static cs_mark mark_of(yaml_mark_t m)
{
	return (cs_mark){(uint32_t)m.line + 1, (uint32_t)m.column + 1};
}

static bool utf16(const char *data, size_t len);

/* The length of the line break at data[i] as libyaml counts them (CR LF,
 * CR, LF, NEL, LS, PS), or 0. */
static size_t line_break(const char *data, size_t len, size_t i)
{
	const unsigned char *u = (const unsigned char *)data + i;
	size_t left = len - i;
	if (u[0] == '\n')
		return 1;
	if (u[0] == '\r')
		return left > 1 && u[1] == '\n' ? 2 : 1;
	if (left > 1 && u[0] == 0xc2 && u[1] == 0x85)
		return 2;
	if (left > 2 && u[0] == 0xe2 && u[1] == 0x80 &&
	    (u[2] == 0xa8 || u[2] == 0xa9))
		return 3;
	return 0;
}

/*
 * libyaml counts columns in characters, a cs_mark in bytes.  For text with
 * bytes over 0x7f, the column is recounted from the start of its line: a
 * cursor walks the lines forward (marks come in document order; one that
 * goes back restarts it), so a whole file costs one pass plus the columns.
 */
static cs_mark byte_col(loader *l, cs_mark m)
{
	if (!l->wide || m.line == 0 || m.col <= 1)
		return m;
	if (m.line < l->cur_line) {
		l->cur_line = 1;
		l->cur_off = l->len >= 3 && memcmp(l->data, "\xEF\xBB\xBF", 3) == 0
				     ? 3
				     : 0;
	}
	while (l->cur_line < m.line && l->cur_off < l->len) {
		size_t i = l->cur_off, b = 0;
		while (i < l->len && !(b = line_break(l->data, l->len, i)))
			i++;
		if (i >= l->len)
			return m;   /* past the text: leave it to clamp() */
		l->cur_off = i + b;
		l->cur_line++;
	}
	size_t off = l->cur_off;
	for (uint32_t c = 1; c < m.col && off < l->len; c++) {
		unsigned char u = (unsigned char)l->data[off];
		size_t w = u < 0x80 ? 1 : u >= 0xf0 ? 4 : u >= 0xe0 ? 3
			   : u >= 0xc0 ? 2 : 1;
		off += w;
	}
	if (off > l->len)
		off = l->len;
	m.col = (uint32_t)(off - l->cur_off) + 1;
	return m;
}

static cs_mark at(loader *l, yaml_mark_t m)
{
	return clamp(byte_col(l, mark_of(m)), l->eof);
}

static bool fail(loader *l, cs_errcode code, cs_mark m, const char *msg)
{
	cs_error_set(l->err, code, m, "while loading YAML", "%s", msg);
	return false;
}

static bool nomem(loader *l, cs_mark m)
{
	return fail(l, CS_ERR_NOMEM, m, "out of memory");
}

static bool too_big(loader *l, cs_mark m)
{
	cs_error_set(l->err, CS_ERR_LIMIT, m, "while loading YAML",
		     "aliases expand to more than %u nodes",
		     CS_YAML_MAX_EXPANDED);
	return false;
}

static bool count_nodes(loader *l, size_t n, cs_mark m)
{
	l->nodes += n;
	if (l->nodes > CS_YAML_MAX_NODES) {
		cs_error_set(l->err, CS_ERR_LIMIT, m, "while loading YAML",
			     "more than %u nodes", CS_YAML_MAX_NODES);
		return false;
	}
	return true;
}

__attribute__((format(printf, 3, 4)))
static void diag(loader *l, cs_mark m, const char *fmt, ...)
{
	cs_yaml_stream *s = l->out;
	if (s->ndiags == CS_YAML_MAX_DIAGS) {
		s->diags_dropped++;
		return;
	}
	if (s->ndiags == l->diag_cap) {
		size_t nc = l->diag_cap ? l->diag_cap * 2 : 8;
		if (nc > CS_YAML_MAX_DIAGS)
			nc = CS_YAML_MAX_DIAGS;
		cs_yaml_diag *v = cs_arena_grow(l->a, s->diags, s->ndiags, nc,
						sizeof(*v));
		if (!v) {
			s->diags_dropped++;
			return;
		}
		s->diags = v;
		l->diag_cap = nc;
	}
	va_list ap;
	va_start(ap, fmt);
	const char *msg = cs_arena_vprintf(l->a, fmt, ap);
	va_end(ap);
	if (!msg) {
		s->diags_dropped++;
		return;
	}
	s->diags[s->ndiags++] = (cs_yaml_diag){CS_ERR_PARSE, m, msg};
}

/* A key's text fit for a one-line message: cut short, controls as '?'. */
static const char *shown(loader *l, const cs_yaml_node *k, int *len)
{
	size_t n = k->len < KEY_SHOWN ? k->len : KEY_SHOWN;
	char *s = cs_arena_strndup(l->a, k->scalar, n);
	if (!s) {
		*len = 0;
		return "";
	}
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			s[i] = '?';
	*len = (int)n;
	return s;
}

static void dup_key(loader *l, const cs_yaml_node *k,
		    const cs_yaml_node *first)
{
	if (l->out->ndiags == CS_YAML_MAX_DIAGS) {
		l->out->diags_dropped++;
		return;
	}
	int n;
	const char *t = shown(l, k, &n);
	diag(l, k->mark, "duplicate key '%.*s'%s (first at line %u)", n, t,
	     k->len > KEY_SHOWN ? "..." : "", first->mark.line);
}

/* ---- anchors ---------------------------------------------------------- */

static uint64_t hash_str(const char *s, uint64_t seed)
{
	uint64_t h = seed ^ 0x9e3779b97f4a7c15u;
	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 0xff51afd7ed558ccdu;
		h ^= h >> 29;
	}
	h ^= h >> 32;
	h *= 0xc4ceb9fe1a85ec53u;
	return h ^ (h >> 29);
}

static anchor *anchor_slot(anchor *tab, size_t cap, const char *name,
			   uint64_t h)
{
	size_t i = (size_t)h & (cap - 1);
	for (;;) {
		anchor *e = &tab[i];
		if (!e->name || (e->hash == h && strcmp(e->name, name) == 0))
			return e;
		i = (i + 1) & (cap - 1);
	}
}

static bool anchor_put(loader *l, cs_yaml_node *n)
{
	if (2 * (l->nanchors + 1) > l->anchor_cap) {
		size_t nc = l->anchor_cap ? l->anchor_cap * 2 : 16;
		anchor *t = cs_arena_alloc(l->a, nc * sizeof(*t));
		if (!t)
			return nomem(l, n->mark);
		for (size_t i = 0; i < l->anchor_cap; i++) {
			const anchor *e = &l->anchors[i];
			if (e->name)
				*anchor_slot(t, nc, e->name, e->hash) = *e;
		}
		l->anchors = t;
		l->anchor_cap = nc;
	}
	uint64_t h = hash_str(n->anchor, l->seed);
	anchor *e = anchor_slot(l->anchors, l->anchor_cap, n->anchor, h);
	if (!e->name)
		l->nanchors++;
	*e = (anchor){n->anchor, h, n};   /* a redefinition replaces */
	return true;
}

static cs_yaml_node *anchor_get(loader *l, const char *name)
{
	if (!l->nanchors)
		return NULL;
	anchor *e = anchor_slot(l->anchors, l->anchor_cap, name,
				hash_str(name, l->seed));
	return e->name ? e->node : NULL;
}

/* ---- building --------------------------------------------------------- */

static cs_yaml_node *new_node(loader *l, cs_yaml_kind k, yaml_mark_t m,
			      const yaml_char_t *tag, const yaml_char_t *anch)
{
	if (!count_nodes(l, 1, at(l, m)))
		return NULL;
	cs_yaml_node *n = cs_arena_alloc_raw(l->a, sizeof(*n));
	if (!n) {
		nomem(l, at(l, m));
		return NULL;
	}
	*n = (cs_yaml_node){.kind = k, .mark = at(l, m)};
	if (tag && !(n->tag = cs_arena_strdup(l->a, (const char *)tag))) {
		nomem(l, n->mark);
		return NULL;
	}
	if (anch) {
		n->anchor = cs_arena_strdup(l->a, (const char *)anch);
		if (!n->anchor) {
			nomem(l, n->mark);
			return NULL;
		}
		/* Registered now, complete or not: an alias that meets a
		 * collection still open (expanded == 0) is a cycle. */
		if (!anchor_put(l, n))
			return NULL;
	}
	return n;
}

static bool is_merge_key(const cs_yaml_node *k)
{
	return k->kind == CS_YAML_SCALAR && !k->quoted && k->len == 2 &&
	       k->scalar[0] == '<' && k->scalar[1] == '<' &&
	       (!k->tag || strcmp(k->tag, TAG_MERGE) == 0);
}

static bool add_doc(loader *l, cs_yaml_node *n)
{
	cs_yaml_stream *s = l->out;
	if (s->ndocs == l->doc_cap) {
		size_t nc = l->doc_cap ? l->doc_cap * 2 : 4;
		cs_yaml_node **v = cs_arena_grow(l->a, s->docs, s->ndocs, nc,
						 sizeof(*v));
		cs_mark *m = cs_arena_grow(l->a, s->doc_marks, s->ndocs, nc,
					   sizeof(*m));
		if (!v || !m)
			return nomem(l, n->mark);
		s->docs = v;
		s->doc_marks = m;
		l->doc_cap = nc;
	}
	s->doc_marks[s->ndocs] = l->doc_mark;
	s->docs[s->ndocs++] = n;
	return true;
}

/* Attach a finished node to its parent collection or to the stream; `at` is
 * where it was used (an alias's own position, not its anchor's). */
static bool attach(loader *l, cs_yaml_node *n, cs_mark at)
{
	if (l->depth == 0)
		return add_doc(l, n);
	frame *f = &l->stack[l->depth - 1];
	f->size += n->expanded;
	if (f->size + 1 > CS_YAML_MAX_EXPANDED)
		return too_big(l, at);
	if (l->scratch_n == l->scratch_cap) {
		size_t nc = l->scratch_cap ? l->scratch_cap * 2 : 256;
		cs_yaml_node **v = realloc(l->scratch, nc * sizeof(*v));
		if (!v)
			return nomem(l, at);
		l->scratch = v;
		l->scratch_cap = nc;
	}
	l->scratch[l->scratch_n++] = n;
	if (f->node->kind == CS_YAML_MAP && f->n % 2 == 0)
		f->merge |= is_merge_key(n);
	f->n++;
	return true;
}

static bool same_key(const cs_yaml_node *a, const cs_yaml_node *b)
{
	return a->kind == CS_YAML_SCALAR && b->kind == CS_YAML_SCALAR &&
	       a->len == b->len && memcmp(a->scalar, b->scalar, a->len) == 0;
}

/* One pair a mapping may end up with: its own (src 0) or one offered by
 * the src-th merged mapping. */
typedef struct cand {
	cs_yaml_pair p;
	uint32_t src;
	bool keep;
	uint32_t first;           /* own duplicate: index of the first */
} cand;

static int cand_cmp(const void *x, const void *y, void *ctx)
{
	const cand *c = ctx;
	uint32_t i = *(const uint32_t *)x, j = *(const uint32_t *)y;
	const cs_yaml_node *a = c[i].p.key, *b = c[j].p.key;
	if (a->len != b->len)
		return a->len < b->len ? -1 : 1;
	int r = memcmp(a->scalar, b->scalar, a->len);
	if (r)
		return r;
	if (c[i].src != c[j].src)
		return c[i].src < c[j].src ? -1 : 1;
	return i < j ? -1 : i > j;
}

/*
 * Decide which candidates stay: an own key repeated is a duplicate (both
 * stay, the last wins on lookup); a merged key stays only when no own pair
 * and no earlier merged mapping has it.  Candidates come own pairs first,
 * then each merged mapping in order.
 */
static bool resolve(loader *l, cand *c, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		c[i].keep = true;
		c[i].first = UINT32_MAX;
	}
	if (n <= SMALL_MAP) {
		for (size_t i = 1; i < n; i++) {
			if (c[i].p.key->kind != CS_YAML_SCALAR)
				continue;
			for (size_t j = 0; j < i; j++) {
				if (!same_key(c[j].p.key, c[i].p.key))
					continue;
				if (c[i].src == 0) {
					c[i].first = (uint32_t)j;
					break;
				}
				if (c[j].src < c[i].src) {
					c[i].keep = false;
					break;
				}
			}
		}
		return true;
	}
	uint32_t *ix = cs_arena_alloc(l->a, n * sizeof(*ix));
	if (!ix)
		return false;
	size_t m = 0;
	for (size_t i = 0; i < n; i++)
		if (c[i].p.key->kind == CS_YAML_SCALAR)
			ix[m++] = (uint32_t)i;
	qsort_r(ix, m, sizeof(*ix), cand_cmp, c);
	for (size_t g = 0; g < m;) {
		size_t e = g + 1;
		while (e < m && same_key(c[ix[g]].p.key, c[ix[e]].p.key))
			e++;
		for (size_t k = g + 1; k < e; k++) {
			cand *x = &c[ix[k]];
			if (x->src == 0)
				x->first = ix[g];
			else if (x->src != c[ix[g]].src)
				x->keep = false;
		}
		g = e;
	}
	return true;
}

static void report_dups(loader *l, const cand *c, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (c[i].first != UINT32_MAX)
			dup_key(l, c[i].p.key, c[c[i].first].p.key);
}

/* Duplicate keys of a mapping without merge keys: nothing is dropped. */
static bool check_dups(loader *l, const cs_yaml_pair *p, size_t n)
{
	if (n <= SMALL_MAP) {
		for (size_t i = 1; i < n; i++) {
			if (p[i].key->kind != CS_YAML_SCALAR)
				continue;
			for (size_t j = 0; j < i; j++) {
				if (same_key(p[j].key, p[i].key)) {
					dup_key(l, p[i].key, p[j].key);
					break;
				}
			}
		}
		return true;
	}
	cand *c = cs_arena_alloc(l->a, n * sizeof(*c));
	if (!c)
		return false;
	for (size_t i = 0; i < n; i++)
		c[i].p = p[i];
	if (!resolve(l, c, n))
		return false;
	report_dups(l, c, n);
	return true;
}

static void bad_merge(loader *l, const cs_yaml_node *key,
		      const cs_yaml_node *v, size_t item)
{
	if (item)
		diag(l, key->mark,
		     "'<<' list item %zu is a %s, not a mapping", item,
		     cs_yaml_kind_name(v->kind));
	else
		diag(l, key->mark,
		     "'<<' merges a %s, not a mapping or a list of mappings",
		     cs_yaml_kind_name(v->kind));
}

/* How many pairs the merge keys of p[0..n) offer (bad values reported). */
static size_t merge_offers(loader *l, const cs_yaml_pair *p, size_t n)
{
	size_t total = 0;
	for (size_t i = 0; i < n; i++) {
		if (!is_merge_key(p[i].key))
			continue;
		const cs_yaml_node *v = p[i].value;
		if (v->kind == CS_YAML_MAP) {
			total += v->npairs;
		} else if (v->kind == CS_YAML_SEQ) {
			for (size_t k = 0; k < v->nitems; k++) {
				if (v->items[k]->kind == CS_YAML_MAP)
					total += v->items[k]->npairs;
				else
					bad_merge(l, p[i].key, v->items[k],
						  k + 1);
			}
		} else {
			bad_merge(l, p[i].key, v, 0);
		}
	}
	return total;
}

static void offer(cand *c, size_t *n, const cs_yaml_node *m, uint32_t src)
{
	for (size_t k = 0; k < m->npairs; k++)
		c[(*n)++] = (cand){m->pairs[k], src, true, UINT32_MAX};
}

/*
 * Resolve the merge keys of a closing mapping.  The merged values are the
 * merged mappings' own nodes (shared); every offered pair counts toward the
 * node limit first, so the work here is bounded by it.
 */
static bool merge(loader *l, cs_yaml_node *map, cs_yaml_pair *p, size_t n)
{
	size_t offered = merge_offers(l, p, n);
	if (!count_nodes(l, offered, map->mark))
		return false;
	cand *c = cs_arena_alloc(l->a, (n + offered + 1) * sizeof(*c));
	if (!c)
		return nomem(l, map->mark);
	size_t nc = 0, own = 0;
	for (size_t i = 0; i < n; i++)
		if (!is_merge_key(p[i].key))
			c[nc++] = (cand){p[i], 0, true, UINT32_MAX};
	own = nc;
	uint32_t src = 0;
	for (size_t i = 0; i < n; i++) {
		if (!is_merge_key(p[i].key))
			continue;
		const cs_yaml_node *v = p[i].value;
		if (v->kind == CS_YAML_MAP)
			offer(c, &nc, v, ++src);
		else if (v->kind == CS_YAML_SEQ)
			for (size_t k = 0; k < v->nitems; k++)
				if (v->items[k]->kind == CS_YAML_MAP)
					offer(c, &nc, v->items[k], ++src);
	}
	if (!resolve(l, c, nc))
		return nomem(l, map->mark);
	report_dups(l, c, own);

	/* Own pairs in place, the merged ones where the first `<<` was. */
	cs_yaml_pair *out = cs_arena_alloc(l->a, (nc ? nc : 1) * sizeof(*out));
	if (!out)
		return nomem(l, map->mark);
	size_t no = 0, oi = 0;
	bool placed = false;
	uint64_t size = 1;
	for (size_t i = 0; i < n; i++) {
		if (!is_merge_key(p[i].key)) {
			out[no++] = c[oi++].p;
			continue;
		}
		if (placed)
			continue;
		placed = true;
		for (size_t k = own; k < nc; k++)
			if (c[k].keep)
				out[no++] = c[k].p;
	}
	for (size_t i = 0; i < no; i++)
		size += (uint64_t)out[i].key->expanded + out[i].value->expanded;
	if (size > CS_YAML_MAX_EXPANDED)
		return too_big(l, map->mark);
	map->pairs = out;
	map->npairs = no;
	map->expanded = (uint32_t)size;
	return true;
}

static bool close_collection(loader *l)
{
	frame *f = &l->stack[--l->depth];
	cs_yaml_node *n = f->node;
	cs_yaml_node **kids = l->scratch + f->base;
	l->scratch_n = f->base;   /* still readable until the next attach */
	if (n->kind == CS_YAML_SEQ) {
		if (f->n) {
			n->items = cs_arena_alloc_raw(l->a,
						      f->n * sizeof(*kids));
			if (!n->items)
				return nomem(l, n->mark);
			memcpy(n->items, kids, f->n * sizeof(*kids));
		}
		n->nitems = f->n;
	} else {
		size_t np = f->n / 2;
		if (f->n % 2)   /* libyaml always gives a value; be safe */
			return fail(l, CS_ERR_PARSE, n->mark,
				    "mapping key without a value");
		cs_yaml_pair *pairs = NULL;
		if (np) {
			pairs = cs_arena_alloc_raw(l->a, np * sizeof(*pairs));
			if (!pairs)
				return nomem(l, n->mark);
			for (size_t i = 0; i < np; i++)
				pairs[i] = (cs_yaml_pair){kids[2 * i],
							  kids[2 * i + 1]};
		}
		if (f->merge) {
			if (!merge(l, n, pairs, np))
				return false;
			return attach(l, n, n->mark);
		}
		n->pairs = pairs;
		n->npairs = np;
		if (!check_dups(l, pairs, np))
			return nomem(l, n->mark);
	}
	n->expanded = (uint32_t)(f->size + 1);
	return attach(l, n, n->mark);
}

static bool open_collection(loader *l, cs_yaml_node *n)
{
	if (l->depth >= CS_YAML_MAX_DEPTH)
		return fail(l, CS_ERR_LIMIT, n->mark,
			    "nesting deeper than 256 levels");
	l->stack[l->depth++] = (frame){.node = n, .base = l->scratch_n};
	return true;
}

static bool on_alias(loader *l, const yaml_event_t *ev)
{
	cs_mark m = at(l, ev->start_mark);
	cs_yaml_node *t = anchor_get(l, (const char *)ev->data.alias.anchor);
	if (!t)
		return fail(l, CS_ERR_PARSE, m,
			    "alias names an unknown anchor");
	if (t->expanded == 0)
		return fail(l, CS_ERR_PARSE, m,
			    "alias refers to a collection that contains it");
	return count_nodes(l, 1, m) && attach(l, t, m);
}

/*
 * A plain scalar, a tag or an anchor ends at a blank, so a '#' after a
 * blank can only be text inside a quoted or block scalar; those that hold
 * a '#' at all are remembered for cs_yaml_stream_comments.
 */
static bool add_span(loader *l, const yaml_event_t *ev)
{
	cs_yaml_stream *s = l->out;
	if (s->nspans == l->span_cap) {
		size_t nc = l->span_cap ? l->span_cap * 2 : 16;
		cs_yaml_span *v = cs_arena_grow(l->a, s->spans, s->nspans, nc,
						sizeof(*v));
		if (!v)
			return false;
		s->spans = v;
		l->span_cap = nc;
	}
	yaml_scalar_style_t st = ev->data.scalar.style;
	s->spans[s->nspans++] = (cs_yaml_span){
		ev->start_mark.index, ev->end_mark.index,
		ev->data.scalar.tag || ev->data.scalar.anchor,
		st == YAML_LITERAL_SCALAR_STYLE ||
			st == YAML_FOLDED_SCALAR_STYLE};
	return true;
}

static bool on_event(loader *l, const yaml_event_t *ev)
{
	cs_yaml_node *n;
	switch (ev->type) {
	case YAML_DOCUMENT_START_EVENT:
		/* anchors do not cross documents; a fresh table keeps the
		 * reset O(1) however large the last one grew */
		l->anchors = NULL;
		l->nanchors = l->anchor_cap = 0;
		l->doc_mark = at(l, ev->start_mark);
		return true;
	case YAML_SCALAR_EVENT:
		n = new_node(l, CS_YAML_SCALAR, ev->start_mark,
			     ev->data.scalar.tag, ev->data.scalar.anchor);
		if (!n)
			return false;
		n->scalar = cs_arena_strndup(
			l->a, (const char *)ev->data.scalar.value,
			ev->data.scalar.length);
		if (!n->scalar)
			return nomem(l, n->mark);
		n->len = ev->data.scalar.length;
		n->quoted = ev->data.scalar.style != YAML_PLAIN_SCALAR_STYLE;
		n->expanded = 1;
		if (n->quoted && memchr(n->scalar, '#', n->len) &&
		    !add_span(l, ev))
			return nomem(l, n->mark);
		return attach(l, n, n->mark);
	case YAML_SEQUENCE_START_EVENT:
		n = new_node(l, CS_YAML_SEQ, ev->start_mark,
			     ev->data.sequence_start.tag,
			     ev->data.sequence_start.anchor);
		return n && open_collection(l, n);
	case YAML_MAPPING_START_EVENT:
		n = new_node(l, CS_YAML_MAP, ev->start_mark,
			     ev->data.mapping_start.tag,
			     ev->data.mapping_start.anchor);
		return n && open_collection(l, n);
	case YAML_SEQUENCE_END_EVENT:
	case YAML_MAPPING_END_EVENT:
		return l->depth > 0 && close_collection(l);
	case YAML_ALIAS_EVENT:
		return on_alias(l, ev);
	default:
		return true;
	}
}

/*
 * JSON may use tabs wherever it allows blanks; YAML refuses them in some
 * places (before the first `{`, on a line of its own after the last `}`).
 * Such a buffer is copied with tabs outside strings made spaces: the same
 * length, so every mark stays where it was.
 */
static const char *json_untab(const char *data, size_t len, cs_arena *a)
{
	size_t start = 0;
	if (len >= 3 && memcmp(data, "\xef\xbb\xbf", 3) == 0)
		start = 3;
	size_t i = start;
	while (i < len && (data[i] == ' ' || data[i] == '\t' ||
			   data[i] == '\r' || data[i] == '\n'))
		i++;
	if (i == len || (data[i] != '{' && data[i] != '[') ||
	    !memchr(data, '\t', len))
		return data;
	char *c = cs_arena_alloc(a, len + 1);
	if (!c)
		return NULL;
	memcpy(c, data, len);
	bool str = false;
	for (size_t j = start; j < len; j++) {
		if (str) {
			if (c[j] == '\\')
				j++;
			else if (c[j] == '"')
				str = false;
		} else if (c[j] == '"') {
			str = true;
		} else if (c[j] == '\t') {
			c[j] = ' ';
		}
	}
	return c;
}

static void parser_error(cs_error *err, const yaml_parser_t *p, cs_mark m,
			 const char *context)
{
	cs_error_set(err,
		     p->error == YAML_MEMORY_ERROR ? CS_ERR_NOMEM
						   : CS_ERR_PARSE,
		     m, p->context ? p->context : context, "%s",
		     p->problem ? p->problem : "syntax error");
}

static bool utf16(const char *data, size_t len)
{
	return len >= 2 &&
	       ((unsigned char)data[0] == 0xfe ||
		(unsigned char)data[0] == 0xff) &&
	       (unsigned char)data[1] == ((unsigned char)data[0] ^ 0x01);
}

static void sort_diags(cs_yaml_stream *s)
{
	for (size_t i = 1; i < s->ndiags; i++) {
		cs_yaml_diag d = s->diags[i];
		size_t j = i;
		while (j > 0 && (s->diags[j - 1].mark.line > d.mark.line ||
				 (s->diags[j - 1].mark.line == d.mark.line &&
				  s->diags[j - 1].mark.col > d.mark.col))) {
			s->diags[j] = s->diags[j - 1];
			j--;
		}
		s->diags[j] = d;
	}
}

bool cs_yaml_load(const char *data, size_t len, cs_arena *a,
		  cs_yaml_stream *out, cs_error *err)
{
	memset(out, 0, sizeof(*out));
	const char *given = data;
	data = json_untab(data, len, a);
	if (!data) {
		cs_error_set(err, CS_ERR_NOMEM, (cs_mark){0, 0}, NULL,
			     "out of memory");
		return false;
	}
	yaml_parser_t p;
	if (!yaml_parser_initialize(&p)) {
		cs_error_set(err, CS_ERR_NOMEM, (cs_mark){0, 0}, NULL,
			     "out of memory");
		return false;
	}
	yaml_parser_set_input_string(&p, (const unsigned char *)data, len);
	/* the loader is big (the frame stack); it lives in the arena */
	loader *l = cs_arena_alloc(a, sizeof(*l));
	if (!l) {
		yaml_parser_delete(&p);
		cs_error_set(err, CS_ERR_NOMEM, (cs_mark){0, 0}, NULL,
			     "out of memory");
		return false;
	}
	l->a = a;
	l->out = out;
	l->err = err;
	l->eof = eof_mark(data, len);
	l->data = data;
	l->len = len;
	l->cur_line = 1;
	l->cur_off = len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
	l->wide = !utf16(data, len);
	if (l->wide) {
		/* any byte over 0x7f? eight at a time: this reads every file */
		size_t i = 0;
		uint64_t high = 0;
		for (; i + 8 <= len && !high; i += 8) {
			uint64_t w;
			memcpy(&w, data + i, 8);
			high = w & 0x8080808080808080u;
		}
		while (!high && i < len && (unsigned char)data[i] < 0x80)
			i++;
		l->wide = high || i < len;
	}
	/* only the speed of anchor lookups depends on the seed */
	l->seed = (uint64_t)(uintptr_t)l ^ (uint64_t)(uintptr_t)&p;
	bool ok = true;
	for (;;) {
		yaml_event_t ev;
		if (!yaml_parser_parse(&p, &ev)) {
			parser_error(err, &p, at(l, p.problem_mark),
				     "while loading YAML");
			ok = false;
			break;
		}
		bool done = ev.type == YAML_STREAM_END_EVENT;
		bool good = on_event(l, &ev);
		yaml_event_delete(&ev);
		if (!good) {
			ok = false;
			break;
		}
		if (done)
			break;
	}
	yaml_parser_delete(&p);
	free(l->scratch);
	sort_diags(out);
	out->spans_ok = ok && data == given && !utf16(data, len);
	return ok;
}

/* ---- lookups and scalar types ---------------------------------------- */

const cs_yaml_node *cs_yaml_get(const cs_yaml_node *map, const char *key)
{
	if (!map || map->kind != CS_YAML_MAP)
		return NULL;
	/* the length and first byte rule out most keys without a call */
	size_t len = strlen(key);
	const cs_yaml_node *v = NULL;
	for (size_t i = 0; i < map->npairs; i++) {
		const cs_yaml_node *k = map->pairs[i].key;
		/* >=: text after a NUL in the scalar is not compared */
		if (k && k->kind == CS_YAML_SCALAR && k->len >= len &&
		    (len == 0 || k->scalar[0] == key[0]) &&
		    strcmp(k->scalar, key) == 0)
			v = map->pairs[i].value;
	}
	return v;
}

bool cs_yaml_is(const cs_yaml_node *n, const char *s)
{
	return n && n->kind == CS_YAML_SCALAR && n->scalar[0] == s[0] &&
	       strcmp(n->scalar, s) == 0;
}

bool cs_yaml_is_null(const cs_yaml_node *n)
{
	if (!n)
		return true;
	if (n->kind != CS_YAML_SCALAR || n->quoted)
		return false;
	return n->len == 0 || strcmp(n->scalar, "~") == 0 ||
	       strcmp(n->scalar, "null") == 0 ||
	       strcmp(n->scalar, "Null") == 0 || strcmp(n->scalar, "NULL") == 0;
}

/* A plain scalar with no tag or the given core-schema tag. */
static bool plain_as(const cs_yaml_node *n, const char *tag)
{
	return n && n->kind == CS_YAML_SCALAR && !n->quoted &&
	       (!n->tag || strcmp(n->tag, tag) == 0);
}

bool cs_yaml_bool(const cs_yaml_node *n, bool *out)
{
	/* YAML 1.2 core, then what YAML 1.1 (go-yaml v2, under
	 * sigs.k8s.io/yaml and so kubectl) adds */
	static const char *const yes[] = {"true", "True", "TRUE", "yes",
					  "Yes",  "YES",  "on",   "On",
					  "ON",   "y",    "Y"};
	static const char *const no[] = {"false", "False", "FALSE", "no",
					 "No",    "NO",    "off",   "Off",
					 "OFF",   "n",     "N"};
	if (!plain_as(n, TAG_BOOL) || n->len > 5)
		return false;
	for (size_t i = 0; i < sizeof(yes) / sizeof(yes[0]); i++) {
		if (strcmp(n->scalar, yes[i]) == 0) {
			*out = true;
			return true;
		}
		if (strcmp(n->scalar, no[i]) == 0) {
			*out = false;
			return true;
		}
	}
	return false;
}

static int digit_val(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return 99;
}

bool cs_yaml_int(const cs_yaml_node *n, long long *out)
{
	if (!plain_as(n, TAG_INT))
		return false;
	const char *s = n->scalar, *end = n->scalar + n->len;
	bool neg = false;
	if (s < end && (*s == '+' || *s == '-'))
		neg = *s++ == '-';
	unsigned base = 10;
	if (end - s > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
	} else if (end - s > 2 && s[0] == '0' && (s[1] == 'o' || s[1] == 'O')) {
		base = 8;
		s += 2;
	} else if (end - s > 2 && s[0] == '0' && (s[1] == 'b' || s[1] == 'B')) {
		base = 2;
		s += 2;
	} else if (end - s > 1 && s[0] == '0') {
		base = 8;   /* YAML 1.1, and Go's ParseInt(s, 0, 64) */
		s++;
	}
	if (s == end)
		return false;
	unsigned long long v = 0;
	unsigned long long lim = neg ? (unsigned long long)LLONG_MAX + 1
				     : (unsigned long long)LLONG_MAX;
	bool digit = false;
	for (; s < end; s++) {
		if (*s == '_' && digit && s + 1 < end && s[1] != '_')
			continue;
		unsigned d = (unsigned)digit_val(*s);
		if (d >= base)
			return false;
		if (v > (lim - d) / base)
			return false;
		v = v * base + d;
		digit = true;
	}
	if (!digit)
		return false;
	*out = neg ? (v == (unsigned long long)LLONG_MAX + 1
			      ? LLONG_MIN
			      : -(long long)v)
		   : (long long)v;
	return true;
}

const char *cs_yaml_kind_name(cs_yaml_kind k)
{
	switch (k) {
	case CS_YAML_SCALAR:
		return "scalar";
	case CS_YAML_SEQ:
		return "sequence";
	case CS_YAML_MAP:
		return "mapping";
	}
	return "node";
}

/* ---- comments ---------------------------------------------------------- */

/*
 * libyaml marks count characters, not bytes, so a cursor walks the buffer
 * one character at a time (by its UTF-8 length, which libyaml has checked)
 * up to each mark.  Between tokens ("gaps") a '#' starts a comment; inside
 * a token it is scalar text, except on a block scalar's header line, which
 * libyaml folds into the scalar token.
 */
typedef struct cscan {
	const unsigned char *d;
	size_t len;
	size_t off, idx;          /* cursor: byte offset, libyaml index */
	uint32_t line;
	size_t bol;               /* byte offset of the cursor's line */
	bool code;                /* non-blank before the cursor on its line */
	bool header;              /* in a block scalar's header line */
	bool in;                  /* in a comment that started at `start` */
	size_t start;
	cs_yaml_comment pending;
	const char *needle;
	size_t nlen;
	cs_arena *a;
	cs_yaml_comment *out;
	size_t n, cap;
	bool oom;
} cscan;

static void comment_end(cscan *s)
{
	s->in = false;
	const char *t = (const char *)s->d + s->start + 1;
	const char *e = (const char *)s->d + s->off;
	while (t < e && (*t == ' ' || *t == '\t'))
		t++;
	while (e > t && (e[-1] == ' ' || e[-1] == '\t'))
		e--;
	if (s->nlen && !memmem(t, (size_t)(e - t), s->needle, s->nlen))
		return;
	if (s->n == s->cap) {
		size_t nc = s->cap ? s->cap * 2 : 8;
		cs_yaml_comment *v = cs_arena_grow(s->a, s->out, s->n, nc,
						   sizeof(*v));
		if (!v) {
			s->oom = true;
			return;
		}
		s->out = v;
		s->cap = nc;
	}
	s->pending.text = cs_arena_strndup(s->a, t, (size_t)(e - t));
	if (!s->pending.text) {
		s->oom = true;
		return;
	}
	s->out[s->n++] = s->pending;
}

static size_t utf8_width(unsigned char c)
{
	if (c < 0x80)
		return 1;
	if ((c & 0xe0) == 0xc0)
		return 2;
	if ((c & 0xf0) == 0xe0)
		return 3;
	if ((c & 0xf8) == 0xf0)
		return 4;
	return 1;
}

/* Move the cursor to libyaml index `to`; gap: between tokens. */
static void walk(cscan *s, size_t to, bool gap)
{
	while (s->idx < to && s->off < s->len) {
		unsigned char c = s->d[s->off];
		size_t w = utf8_width(c);
		if (c == '\n' || c == '\r') {
			if (s->in)
				comment_end(s);
			bool crlf = c == '\r' && s->off + 1 < s->len &&
				    s->d[s->off + 1] == '\n';
			if (!crlf) {
				s->line++;
				s->bol = s->off + 1;
				s->code = false;
				s->header = false;
			}
		} else if (c == '#' && !s->in && (gap || s->header)) {
			s->in = true;
			s->start = s->off;
			s->pending = (cs_yaml_comment){
				{s->line, (uint32_t)(s->off - s->bol + 1)},
				NULL, s->code};
		} else if (!s->in && c != ' ' && c != '\t') {
			s->code = true;
		}
		s->off += w;
		if (s->off > s->len)
			s->off = s->len;
		s->idx++;
	}
}

bool cs_yaml_comments(const char *data, size_t len, const char *needle,
		      cs_arena *a, cs_yaml_comment **out, size_t *n,
		      cs_error *err)
{
	*out = NULL;
	*n = 0;
	size_t nlen = needle ? strlen(needle) : 0;
	if (nlen && !memmem(data, len, needle, nlen))
		return true;
	/* libyaml reads a UTF-16 file after its BOM; the byte walk below
	 * does not, and pragmas are not looked for there */
	if (len >= 2 && ((unsigned char)data[0] == 0xfe ||
			 (unsigned char)data[0] == 0xff) &&
	    (unsigned char)data[1] == ((unsigned char)data[0] ^ 0x01))
		return true;
	cscan s = {.d = (const unsigned char *)data, .len = len, .line = 1,
		   .needle = needle, .nlen = nlen, .a = a};
	if (len >= 3 && memcmp(data, "\xef\xbb\xbf", 3) == 0)
		s.off = s.bol = 3;   /* libyaml does not count the BOM */
	yaml_parser_t p;
	if (!yaml_parser_initialize(&p)) {
		cs_error_set(err, CS_ERR_NOMEM, (cs_mark){0, 0}, NULL,
			     "out of memory");
		return false;
	}
	yaml_parser_set_input_string(&p, (const unsigned char *)data, len);
	bool ok = true;
	for (;;) {
		yaml_token_t t;
		if (!yaml_parser_scan(&p, &t)) {
			parser_error(err, &p,
				     clamp(mark_of(p.problem_mark),
					   eof_mark(data, len)),
				     "while scanning YAML");
			ok = false;
			break;
		}
		walk(&s, t.start_mark.index, true);
		if (s.in)
			comment_end(&s);
		s.header = t.type == YAML_SCALAR_TOKEN &&
			   (t.data.scalar.style == YAML_LITERAL_SCALAR_STYLE ||
			    t.data.scalar.style == YAML_FOLDED_SCALAR_STYLE);
		walk(&s, t.end_mark.index, false);
		if (s.in)
			comment_end(&s);
		s.header = false;
		bool done = t.type == YAML_STREAM_END_TOKEN;
		yaml_token_delete(&t);
		if (done || s.oom)
			break;
	}
	if (ok && !s.oom)
		walk(&s, (size_t)-1, true);   /* a comment on the last line */
	if (s.in)
		comment_end(&s);
	yaml_parser_delete(&p);
	if (s.oom) {
		cs_error_set(err, CS_ERR_NOMEM, (cs_mark){s.line, 1}, NULL,
			     "out of memory");
		ok = false;
	}
	*out = s.out;
	*n = s.n;
	return ok;
}

/* ---- comments from a loaded stream ------------------------------------ */

/* A cursor over the buffer that keeps what walk() would: the line and its
 * start (by '\n' and '\r' only) and the libyaml index. */
typedef struct lcur {
	const unsigned char *d;
	size_t len;
	size_t off, idx;
	uint32_t line;
	size_t bol;
} lcur;

static void lcur_to(lcur *c, size_t to)
{
	for (; c->off < to; c->off++) {
		unsigned char b = c->d[c->off];
		if ((b & 0xc0) != 0x80)
			c->idx++;
		if (b == '\n' ||
		    (b == '\r' && (c->off + 1 == c->len ||
				   c->d[c->off + 1] != '\n'))) {
			c->line++;
			c->bol = c->off + 1;
		}
	}
}

/* The last span that starts at or before idx, or NULL. */
static const cs_yaml_span *span_at(const cs_yaml_stream *st, size_t idx)
{
	size_t lo = 0, hi = st->nspans;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (st->spans[mid].start <= idx)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo ? &st->spans[lo - 1] : NULL;
}

enum { HASH_TEXT, HASH_COMMENT, HASH_DOUBT };

/* What the '#' at byte o is: scalar text, a comment's start, or unsure. */
static int classify(const cs_yaml_stream *st, lcur *c, size_t o)
{
	if (o > c->bol && c->d[o - 1] != ' ' && c->d[o - 1] != '\t')
		return HASH_DOUBT;
	lcur_to(c, o);
	const cs_yaml_span *sp = span_at(st, c->idx);
	if (!sp || c->idx >= sp->end)
		return HASH_COMMENT;
	if (sp->uncertain)
		return HASH_DOUBT;
	if (!sp->block)
		return HASH_TEXT;
	/* on the header line (no line break since the span began)? */
	size_t back = c->idx - sp->start;
	for (size_t i = o; back; back--) {
		do
			i--;
		while ((c->d[i] & 0xc0) == 0x80);
		if (c->d[i] == '\n' || c->d[i] == '\r')
			return HASH_TEXT;
	}
	return HASH_COMMENT;
}

bool cs_yaml_stream_comments(const cs_yaml_stream *st, const char *data,
			     size_t len, const char *needle, cs_arena *a,
			     cs_yaml_comment **out, size_t *n, cs_error *err)
{
	*out = NULL;
	*n = 0;
	size_t nlen = needle ? strlen(needle) : 0;
	if (!st->spans_ok || !nlen || memchr(needle, '#', nlen) ||
	    memchr(needle, '\n', nlen) || memchr(needle, '\r', nlen))
		return cs_yaml_comments(data, len, needle, a, out, n, err);
	cscan s = {.d = (const unsigned char *)data, .len = len,
		   .needle = needle, .nlen = nlen, .a = a};
	lcur c = {.d = (const unsigned char *)data, .len = len, .line = 1};
	if (len >= 3 && memcmp(data, "\xef\xbb\xbf", 3) == 0)
		c.off = c.bol = 3;   /* libyaml does not count the BOM */
	size_t from = c.off;
	const char *q;
	while (from < len && (q = memmem(data + from, len - from, needle,
					  nlen))) {
		size_t at = (size_t)(q - data);
		size_t bol = at;
		while (bol > c.off && data[bol - 1] != '\n' &&
		       data[bol - 1] != '\r')
			bol--;
		lcur_to(&c, bol);
		size_t eol = at;
		while (eol < len && data[eol] != '\n' && data[eol] != '\r')
			eol++;
		from = eol;
		size_t hash = SIZE_MAX;
		for (size_t o = bol; o < eol && hash == SIZE_MAX; o++) {
			if (data[o] != '#')
				continue;
			int k = classify(st, &c, o);
			if (k == HASH_DOUBT)
				goto again;
			if (k == HASH_COMMENT)
				hash = o;
		}
		if (hash == SIZE_MAX)
			continue;
		/* a line break of libyaml's that walk() does not know */
		for (size_t i = hash; i < eol; i++) {
			unsigned char b = (unsigned char)data[i];
			if ((b == 0xc2 && i + 1 < eol &&
			     (unsigned char)data[i + 1] == 0x85) ||
			    (b == 0xe2 && i + 2 < eol &&
			     (unsigned char)data[i + 1] == 0x80 &&
			     ((unsigned char)data[i + 2] == 0xa8 ||
			      (unsigned char)data[i + 2] == 0xa9)))
				goto again;
		}
		bool code = false;
		for (size_t i = bol; i < hash && !code; i++)
			code = data[i] != ' ' && data[i] != '\t';
		s.pending = (cs_yaml_comment){
			{c.line, (uint32_t)(hash - bol + 1)}, NULL, code};
		s.start = hash;
		s.off = eol;
		comment_end(&s);
		if (s.oom) {
			cs_error_set(err, CS_ERR_NOMEM, (cs_mark){c.line, 1},
				     NULL, "out of memory");
			*out = s.out;
			*n = s.n;
			return false;
		}
	}
	*out = s.out;
	*n = s.n;
	return true;
again:
	*out = NULL;
	*n = 0;
	return cs_yaml_comments(data, len, needle, a, out, n, err);
}

/*
 * yaml.c - libyaml events into an arena tree; see yaml.h.
 *
 * Collections under construction live on an explicit stack.  Children are
 * gathered in growable arrays in the arena (doubling, so building is linear)
 * and attached when the collection ends.
 */
#include "yaml.h"

#include <string.h>
#include <yaml.h>

typedef struct frame {
	cs_yaml_node *node;
	cs_yaml_node **kids;      /* seq items, or key,value,key,value... */
	size_t n, cap;
} frame;

typedef struct anchor {
	const char *name;
	cs_yaml_node *node;
} anchor;

typedef struct loader {
	cs_arena *a;
	frame stack[CS_YAML_MAX_DEPTH];
	size_t depth;
	anchor *anchors;
	size_t nanchors, anchor_cap;
	size_t nodes;
	cs_yaml_stream *out;
	size_t doc_cap;
	cs_error *err;
} loader;

static cs_mark mark_of(yaml_mark_t m)
{
	return (cs_mark){(uint32_t)m.line + 1, (uint32_t)m.column + 1};
}

static bool fail(loader *l, cs_errcode code, cs_mark m, const char *msg)
{
	cs_error_set(l->err, code, m, "while loading YAML", "%s", msg);
	return false;
}

static cs_yaml_node *new_node(loader *l, cs_yaml_kind k, yaml_mark_t m,
			      const yaml_char_t *tag, const yaml_char_t *anch)
{
	if (++l->nodes > CS_YAML_MAX_NODES) {
		fail(l, CS_ERR_LIMIT, mark_of(m),
		     "more than 1000000 nodes");
		return NULL;
	}
	cs_yaml_node *n = cs_arena_alloc(l->a, sizeof(*n));
	if (!n) {
		fail(l, CS_ERR_NOMEM, mark_of(m), "out of memory");
		return NULL;
	}
	n->kind = k;
	n->mark = mark_of(m);
	if (tag)
		n->tag = cs_arena_strdup(l->a, (const char *)tag);
	if (anch) {
		n->anchor = cs_arena_strdup(l->a, (const char *)anch);
		if (l->nanchors == l->anchor_cap) {
			size_t nc = l->anchor_cap ? l->anchor_cap * 2 : 16;
			anchor *v = cs_arena_grow(l->a, l->anchors, l->nanchors,
						  nc, sizeof(*v));
			if (!v) {
				fail(l, CS_ERR_NOMEM, n->mark, "out of memory");
				return NULL;
			}
			l->anchors = v;
			l->anchor_cap = nc;
		}
		l->anchors[l->nanchors++] = (anchor){n->anchor, n};
	}
	return n;
}

/* Attach a finished node to its parent collection or to the stream. */
static bool attach(loader *l, cs_yaml_node *n)
{
	if (l->depth == 0) {
		cs_yaml_stream *s = l->out;
		if (s->ndocs == l->doc_cap) {
			size_t nc = l->doc_cap ? l->doc_cap * 2 : 4;
			cs_yaml_node **v = cs_arena_grow(l->a, s->docs, s->ndocs,
							 nc, sizeof(*v));
			if (!v)
				return fail(l, CS_ERR_NOMEM, n->mark,
					    "out of memory");
			s->docs = v;
			l->doc_cap = nc;
		}
		s->docs[s->ndocs++] = n;
		return true;
	}
	frame *f = &l->stack[l->depth - 1];
	if (f->n == f->cap) {
		size_t nc = f->cap ? f->cap * 2 : 8;
		cs_yaml_node **v = cs_arena_grow(l->a, f->kids, f->n, nc,
						 sizeof(*v));
		if (!v)
			return fail(l, CS_ERR_NOMEM, n->mark, "out of memory");
		f->kids = v;
		f->cap = nc;
	}
	f->kids[f->n++] = n;
	return true;
}

static bool close_collection(loader *l)
{
	frame *f = &l->stack[--l->depth];
	cs_yaml_node *n = f->node;
	if (n->kind == CS_YAML_SEQ) {
		n->items = f->kids;
		n->nitems = f->n;
	} else {
		n->npairs = f->n / 2;
		n->pairs = cs_arena_alloc(l->a, sizeof(*n->pairs) *
						       (n->npairs ? n->npairs : 1));
		if (!n->pairs)
			return fail(l, CS_ERR_NOMEM, n->mark, "out of memory");
		for (size_t i = 0; i < n->npairs; i++) {
			n->pairs[i].key = f->kids[2 * i];
			n->pairs[i].value = f->kids[2 * i + 1];
		}
	}
	return attach(l, n);
}

static bool open_collection(loader *l, cs_yaml_node *n)
{
	if (l->depth >= CS_YAML_MAX_DEPTH)
		return fail(l, CS_ERR_LIMIT, n->mark,
			    "nesting deeper than 256 levels");
	l->stack[l->depth++] = (frame){n, NULL, 0, 0};
	return true;
}

static bool on_event(loader *l, const yaml_event_t *ev)
{
	cs_yaml_node *n;
	switch (ev->type) {
	case YAML_DOCUMENT_START_EVENT:
		l->nanchors = 0;   /* anchors do not cross documents */
		return true;
	case YAML_SCALAR_EVENT:
		n = new_node(l, CS_YAML_SCALAR, ev->start_mark,
			     ev->data.scalar.tag, ev->data.scalar.anchor);
		if (!n)
			return false;
		n->scalar = cs_arena_strndup(l->a,
					     (const char *)ev->data.scalar.value,
					     ev->data.scalar.length);
		if (!n->scalar)
			return fail(l, CS_ERR_NOMEM, n->mark, "out of memory");
		n->len = ev->data.scalar.length;
		n->quoted = ev->data.scalar.style != YAML_PLAIN_SCALAR_STYLE;
		return attach(l, n);
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
	case YAML_ALIAS_EVENT: {
		const char *name = (const char *)ev->data.alias.anchor;
		for (size_t i = l->nanchors; i-- > 0;) {
			if (strcmp(l->anchors[i].name, name) == 0) {
				if (++l->nodes > CS_YAML_MAX_NODES)
					return fail(l, CS_ERR_LIMIT,
						    mark_of(ev->start_mark),
						    "more than 1000000 nodes");
				return attach(l, l->anchors[i].node);
			}
		}
		return fail(l, CS_ERR_PARSE, mark_of(ev->start_mark),
			    "alias names an unknown anchor");
	}
	default:
		return true;
	}
}

bool cs_yaml_load(const char *data, size_t len, cs_arena *a,
		  cs_yaml_stream *out, cs_error *err)
{
	memset(out, 0, sizeof(*out));
	yaml_parser_t p;
	if (!yaml_parser_initialize(&p)) {
		cs_error_set(err, CS_ERR_NOMEM, (cs_mark){0, 0}, NULL,
			     "out of memory");
		return false;
	}
	yaml_parser_set_input_string(&p, (const unsigned char *)data, len);
	loader l;
	memset(&l, 0, sizeof(l));
	l.a = a;
	l.out = out;
	l.err = err;
	bool ok = true;
	for (;;) {
		yaml_event_t ev;
		if (!yaml_parser_parse(&p, &ev)) {
			cs_mark m = mark_of(p.problem_mark);
			cs_error_set(err,
				     p.error == YAML_MEMORY_ERROR ? CS_ERR_NOMEM
								  : CS_ERR_PARSE,
				     m, p.context ? p.context : "while loading YAML",
				     "%s", p.problem ? p.problem : "syntax error");
			ok = false;
			break;
		}
		bool done = ev.type == YAML_STREAM_END_EVENT;
		bool good = on_event(&l, &ev);
		yaml_event_delete(&ev);
		if (!good) {
			ok = false;
			break;
		}
		if (done)
			break;
	}
	yaml_parser_delete(&p);
	return ok;
}

const cs_yaml_node *cs_yaml_get(const cs_yaml_node *map, const char *key)
{
	if (!map || map->kind != CS_YAML_MAP)
		return NULL;
	const cs_yaml_node *v = NULL;
	for (size_t i = 0; i < map->npairs; i++)
		if (cs_yaml_is(map->pairs[i].key, key))
			v = map->pairs[i].value;
	return v;
}

bool cs_yaml_is(const cs_yaml_node *n, const char *s)
{
	return n && n->kind == CS_YAML_SCALAR && strcmp(n->scalar, s) == 0;
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

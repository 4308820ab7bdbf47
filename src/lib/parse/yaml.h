/*
 * yaml.h - YAML documents as an arena tree whose nodes keep their marks.
 *
 * libyaml's event parser feeds an explicit stack (no recursion), so nesting
 * depth is a checked limit rather than a C stack overflow.  Aliases point at
 * the anchored node (shared, never copied), so a billion-laughs file costs
 * one node per alias; what it would cost a consumer that walks the tree is
 * counted separately (the expanded size) and bounded too.  Every node keeps
 * the 1-based line and column where it starts, which is what findings and
 * config errors point at.
 *
 * Merge keys (`<<: *defaults`, as Docker Compose and kubectl read them) are
 * resolved while loading, so consumers see the merged mapping.  Problems
 * that do not stop loading (duplicate keys, a bad merge value) are kept as
 * diagnostics in the stream.  Tags are kept as text and never acted on:
 * `!!python/object` is just a string.  The core-schema type of a plain
 * scalar is resolved only when asked, by cs_yaml_bool() and cs_yaml_int().
 */
#ifndef CS_YAML_H
#define CS_YAML_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../util/arena.h"
#include "../util/error.h"

#define CS_YAML_MAX_DEPTH  256u
#define CS_YAML_MAX_NODES  1000000u   /* per stream, aliases included */
/* Nodes a walk of one document visits, each alias expanded in full. */
#define CS_YAML_MAX_EXPANDED 4000000u
/* Diagnostics kept per stream; later ones are only counted. */
#define CS_YAML_MAX_DIAGS  100u

typedef enum cs_yaml_kind {
	CS_YAML_SCALAR = 0,
	CS_YAML_SEQ,
	CS_YAML_MAP,
} cs_yaml_kind;

typedef struct cs_yaml_node cs_yaml_node;

typedef struct cs_yaml_pair {
	cs_yaml_node *key;
	cs_yaml_node *value;
} cs_yaml_pair;

struct cs_yaml_node {
	cs_yaml_kind kind;
	cs_mark mark;
	const char *tag;          /* explicit tag, resolved ("tag:yaml.org,
				   * 2002:str" for !!str), or NULL */
	const char *anchor;       /* &name, or NULL */
	bool quoted;              /* scalar: not plain style */
	uint32_t expanded;        /* nodes a walk from here visits, aliases
				   * expanded (1 for a scalar) */
	const char *scalar;       /* scalar text (NUL-terminated) */
	size_t len;
	cs_yaml_node **items;     /* sequence */
	size_t nitems;
	cs_yaml_pair *pairs;      /* mapping, in document order; merged
				   * pairs stand where the `<<` was */
	size_t npairs;
};

/* A problem that did not stop loading. */
typedef struct cs_yaml_diag {
	cs_errcode code;          /* CS_ERR_PARSE */
	cs_mark mark;
	const char *message;      /* "duplicate key 'image' (first at
				   * line 4)" */
} cs_yaml_diag;

/* A quoted or block scalar whose text holds a '#', as libyaml character
 * indexes [start, end) of its token; with a tag or an anchor, start is the
 * first property's (`uncertain`: a comment may sit between the two). */
typedef struct cs_yaml_span {
	size_t start, end;
	bool uncertain;
	bool block;               /* its first line is a header, where '#'
				   * starts a comment */
} cs_yaml_span;

typedef struct cs_yaml_stream {
	cs_yaml_node **docs;      /* root of each document (NULL: empty doc) */
	size_t ndocs;
	cs_mark *doc_marks;       /* parallel to docs: the `---`, or the first
				   * content of a document without one */
	cs_yaml_diag *diags;      /* in document order, at most
				   * CS_YAML_MAX_DIAGS */
	size_t ndiags;
	size_t diags_dropped;     /* diagnostics past the cap */
	/* For cs_yaml_stream_comments: set only when the whole buffer, as
	 * given, loaded; then spans lists, in order, every scalar token a
	 * '#' can hide in. */
	bool spans_ok;
	cs_yaml_span *spans;
	size_t nspans;
} cs_yaml_stream;

/* Load every document of data[0..len).  On a syntax error or limit, returns
 * false with err->mark set; documents completed before it stay in out.
 * A buffer whose first non-blank byte is `{` or `[` is read as JSON: tabs
 * outside strings count as blanks (libyaml refuses some of them). */
bool cs_yaml_load(const char *data, size_t len, cs_arena *a,
		  cs_yaml_stream *out, cs_error *err);

/* The value of `key` in a mapping (last one wins), or NULL. */
const cs_yaml_node *cs_yaml_get(const cs_yaml_node *map, const char *key);
/* Is this a scalar equal to s? */
bool cs_yaml_is(const cs_yaml_node *n, const char *s);
/* A plain scalar that YAML 1.2 core schema reads as null (~, null, empty). */
bool cs_yaml_is_null(const cs_yaml_node *n);

/* A plain scalar read as a boolean the way Kubernetes (YAML 1.1: also
 * yes/no/on/off/y/n in their usual cases) and Compose read it.  A quoted
 * scalar, or one tagged other than !!bool (e.g. !!str), is never a bool. */
bool cs_yaml_bool(const cs_yaml_node *n, bool *out);
/* A plain scalar read as an integer: optional sign, then decimal, 0x hex,
 * 0o or leading-0 octal, 0b binary; `_` between digits.  False when quoted,
 * tagged other than !!int, malformed or out of range. */
bool cs_yaml_int(const cs_yaml_node *n, long long *out);
/* "scalar", "sequence" or "mapping", for messages. */
const char *cs_yaml_kind_name(cs_yaml_kind k);

/* A comment, for `# customs:ignore=ID reason` pragmas. */
typedef struct cs_yaml_comment {
	cs_mark mark;             /* the '#' (column in bytes) */
	const char *text;         /* after '#', blanks trimmed */
	bool trailing;            /* code precedes it on its line */
} cs_yaml_comment;

/* The comments of data[0..len) whose text contains `needle`, in order.  A
 * '#' inside a quoted or block scalar is not a comment: the text is tokenized
 * with libyaml's scanner and only the gaps between tokens are searched.  A
 * buffer that does not contain `needle` at all costs one memmem; a UTF-16
 * buffer (by its BOM) is not searched.  On a
 * scanner error, returns false with err set and the comments found before
 * it in *out. */
bool cs_yaml_comments(const char *data, size_t len, const char *needle,
		      cs_arena *a, cs_yaml_comment **out, size_t *n,
		      cs_error *err);
/* The same result for the buffer st was loaded from, without tokenizing it
 * again when st->spans_ok: only the lines holding `needle` are looked at,
 * and a '#' on them is told from scalar text by st->spans.  Any doubt (a
 * '#' glued to text, one inside an uncertain span, an unusual line break)
 * falls back to cs_yaml_comments. */
bool cs_yaml_stream_comments(const cs_yaml_stream *st, const char *data,
			     size_t len, const char *needle, cs_arena *a,
			     cs_yaml_comment **out, size_t *n, cs_error *err);

#endif

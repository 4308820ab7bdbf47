/*
 * test-yaml.c - the YAML loader: marks, aliases, merge keys, limits,
 * diagnostics, scalar types, JSON input, comments and errors.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>

#include "parse/yaml.h"

static void test_marks_and_shapes(void **s)
{
	cs_arena a;
	cs_arena_init(&a, 0);
	const char *y = "a: 1\nb:\n  - x\n  - 'y'\nc: {d: e}\n";
	cs_yaml_stream st;
	cs_error err = {0};
	assert_true(cs_yaml_load(y, strlen(y), &a, &st, &err));
	assert_int_equal(st.ndocs, 1);
	const cs_yaml_node *root = st.docs[0];
	assert_int_equal(root->kind, CS_YAML_MAP);
	assert_int_equal(root->npairs, 3);
	const cs_yaml_node *b = cs_yaml_get(root, "b");
	assert_non_null(b);
	assert_int_equal(b->kind, CS_YAML_SEQ);
	assert_int_equal(b->nitems, 2);
	assert_int_equal(b->items[1]->mark.line, 4);
	assert_int_equal(b->items[1]->mark.col, 5);
	assert_true(b->items[1]->quoted);
	assert_false(b->items[0]->quoted);
	assert_true(cs_yaml_is(cs_yaml_get(cs_yaml_get(root, "c"), "d"), "e"));
	assert_null(cs_yaml_get(root, "zz"));
	cs_arena_free(&a);
}

static void test_aliases_are_shared(void **s)
{
	cs_arena a;
	cs_arena_init(&a, 0);
	const char *y = "x: &A {k: v}\ny: *A\n";
	cs_yaml_stream st;
	cs_error err = {0};
	assert_true(cs_yaml_load(y, strlen(y), &a, &st, &err));
	assert_ptr_equal(cs_yaml_get(st.docs[0], "x"),
			 cs_yaml_get(st.docs[0], "y"));
	cs_arena_free(&a);
}

static void test_shared_aliases_stay_small(void **s)
{
	/* 2^20 expanded nodes from 18 lines: shared, so cheap to load */
	char y[4096];
	int n = snprintf(y, sizeof(y), "a0: &a0 [x, x]\n");
	for (int i = 1; i < 18; i++)
		n += snprintf(y + n, sizeof(y) - (size_t)n,
			      "a%d: &a%d [*a%d, *a%d]\n", i, i, i - 1, i - 1);
	cs_arena a;
	cs_arena_init(&a, 0);
	cs_yaml_stream st;
	cs_error err = {0};
	assert_true(cs_yaml_load(y, (size_t)n, &a, &st, &err));
	assert_true(a.used < 1024 * 1024);
	const cs_yaml_node *top = cs_yaml_get(st.docs[0], "a17");
	assert_int_equal(top->expanded, (1u << 19) - 1);
	cs_arena_free(&a);
}

static void test_billion_laughs_fails_fast(void **s)
{
	/* 10 levels of 10 aliases: 10^10 nodes once expanded */
	char y[4096];
	int n = snprintf(y, sizeof(y), "a: &a [");
	for (int k = 0; k < 10; k++)
		n += snprintf(y + n, sizeof(y) - (size_t)n, "%s\"lol\"",
			      k ? ", " : "");
	n += snprintf(y + n, sizeof(y) - (size_t)n, "]\n");
	for (int i = 1; i < 10; i++) {
		n += snprintf(y + n, sizeof(y) - (size_t)n, "%c: &%c [",
			      'a' + i, 'a' + i);
		for (int k = 0; k < 10; k++)
			n += snprintf(y + n, sizeof(y) - (size_t)n, "%s*%c",
				      k ? ", " : "", 'a' + i - 1);
		n += snprintf(y + n, sizeof(y) - (size_t)n, "]\n");
	}
	cs_arena a;
	cs_arena_init(&a, 0);
	cs_yaml_stream st;
	cs_error err = {0};
	clock_t t0 = clock();
	assert_false(cs_yaml_load(y, (size_t)n, &a, &st, &err));
	assert_true(clock() - t0 < CLOCKS_PER_SEC / 10);
	assert_int_equal(err.code, CS_ERR_LIMIT);
	assert_string_equal(err.message,
			    "aliases expand to more than 4000000 nodes");
	/* g (line 7) is 1+10*1111111: its 4th alias crosses the limit */
	assert_int_equal(err.mark.line, 7);
	assert_int_equal(err.mark.col, 20);
	cs_arena_free(&a);
}

static void test_syntax_error_has_a_mark(void **s)
{
	cs_arena a;
	cs_arena_init(&a, 0);
	const char *y = "a: 1\nb: [1, 2\nc: 3\n";
	cs_yaml_stream st;
	cs_error err = {0};
	assert_false(cs_yaml_load(y, strlen(y), &a, &st, &err));
	assert_int_equal(err.code, CS_ERR_PARSE);
	assert_true(err.mark.line >= 2);
	assert_true(strlen(err.message) > 0);
	cs_arena_free(&a);
}

static void test_depth_limit(void **s)
{
	size_t n = 300;
	char *y = malloc(2 * n + 1);
	memset(y, '[', n);
	memset(y + n, ']', n);
	y[2 * n] = '\0';
	cs_arena a;
	cs_arena_init(&a, 0);
	cs_yaml_stream st;
	cs_error err = {0};
	assert_false(cs_yaml_load(y, 2 * n, &a, &st, &err));
	assert_int_equal(err.code, CS_ERR_LIMIT);
	assert_int_equal(err.mark.line, 1);
	assert_int_equal(err.mark.col, 257);
	free(y);
	cs_arena_free(&a);
}

static void test_unknown_alias(void **s)
{
	cs_arena a;
	cs_arena_init(&a, 0);
	const char *y = "a: *nope\n";
	cs_yaml_stream st;
	cs_error err = {0};
	assert_false(cs_yaml_load(y, strlen(y), &a, &st, &err));
	cs_arena_free(&a);
}

static void test_multi_document_and_null(void **s)
{
	cs_arena a;
	cs_arena_init(&a, 0);
	const char *y = "a: 1\n---\n---\nb: ~\n";
	cs_yaml_stream st;
	cs_error err = {0};
	assert_true(cs_yaml_load(y, strlen(y), &a, &st, &err));
	assert_int_equal(st.ndocs, 3);
	assert_true(cs_yaml_is_null(st.docs[1]));
	assert_true(cs_yaml_is_null(cs_yaml_get(st.docs[2], "b")));
	cs_arena_free(&a);
}

/* Load y; the arena is the caller's to free. */
static bool load(cs_arena *a, const char *y, cs_yaml_stream *st,
		 cs_error *err)
{
	cs_arena_init(a, 0);
	memset(err, 0, sizeof(*err));
	return cs_yaml_load(y, strlen(y), a, st, err);
}

static void test_merge_single(void **s)
{
	cs_arena a;
	cs_yaml_stream st;
	cs_error err;
	const char *y = "base: &b {a: 1, b: 2}\n"
			"x:\n"
			"  <<: *b\n"
			"  b: 3\n";
	assert_true(load(&a, y, &st, &err));
	assert_int_equal(st.ndiags, 0);
	const cs_yaml_node *b = cs_yaml_get(st.docs[0], "base");
	const cs_yaml_node *x = cs_yaml_get(st.docs[0], "x");
	assert_int_equal(x->npairs, 2);
	/* merged pairs stand where the `<<` was; explicit keys win */
	assert_true(cs_yaml_is(x->pairs[0].key, "a"));
	assert_true(cs_yaml_is(x->pairs[1].key, "b"));
	assert_true(cs_yaml_is(cs_yaml_get(x, "b"), "3"));
	/* shared, not copied; the mapping keeps its own mark */
	assert_ptr_equal(cs_yaml_get(x, "a"), cs_yaml_get(b, "a"));
	assert_int_equal(x->mark.line, 3);
	assert_int_equal(x->mark.col, 3);
	assert_null(cs_yaml_get(x, "<<"));
	assert_int_equal(x->expanded, 5);
	cs_arena_free(&a);
}

static void test_merge_list_and_nesting(void **s)
{
	cs_arena a;
	cs_yaml_stream st;
	cs_error err;
	const char *y = "x-one: &one {k: one, p: 1}\n"
			"x-two: &two {k: two, q: 2}\n"
			"x-both: &both\n"
			"  <<: [*one, *two]\n"
			"  r: 3\n"
			"services:\n"
			"  web:\n"
			"    <<: *both\n"
			"    image: nginx\n"
			"    '<<': literal\n";
	assert_true(load(&a, y, &st, &err));
	assert_int_equal(st.ndiags, 0);
	const cs_yaml_node *both = cs_yaml_get(st.docs[0], "x-both");
	assert_int_equal(both->npairs, 4);
	/* in a list, earlier mappings win */
	assert_true(cs_yaml_is(cs_yaml_get(both, "k"), "one"));
	assert_true(cs_yaml_is(cs_yaml_get(both, "q"), "2"));
	assert_true(cs_yaml_is(both->pairs[3].key, "r"));
	/* an alias to a merged mapping brings the merged pairs */
	const cs_yaml_node *web =
		cs_yaml_get(cs_yaml_get(st.docs[0], "services"), "web");
	assert_int_equal(web->npairs, 6);
	assert_true(cs_yaml_is(cs_yaml_get(web, "k"), "one"));
	assert_true(cs_yaml_is(cs_yaml_get(web, "p"), "1"));
	assert_true(cs_yaml_is(cs_yaml_get(web, "image"), "nginx"));
	/* a quoted "<<" is an ordinary key */
	assert_true(cs_yaml_is(cs_yaml_get(web, "<<"), "literal"));
	assert_int_equal(web->pairs[5].key->mark.line, 10);
	cs_arena_free(&a);
}

static void test_merge_many_keys(void **s)
{
	/* 40 keys merged, 20 overridden: the sorted path */
	char y[8192];
	int n = snprintf(y, sizeof(y), "b: &b {");
	for (int i = 0; i < 40; i++)
		n += snprintf(y + n, sizeof(y) - (size_t)n, "%sk%d: b%d",
			      i ? ", " : "", i, i);
	n += snprintf(y + n, sizeof(y) - (size_t)n, "}\nm:\n");
	for (int i = 0; i < 40; i += 2)
		n += snprintf(y + n, sizeof(y) - (size_t)n, "  k%d: m%d\n", i,
			      i);
	n += snprintf(y + n, sizeof(y) - (size_t)n, "  <<: *b\n");
	cs_arena a;
	cs_yaml_stream st;
	cs_error err;
	assert_true(load(&a, y, &st, &err));
	assert_int_equal(st.ndiags, 0);
	const cs_yaml_node *m = cs_yaml_get(st.docs[0], "m");
	assert_int_equal(m->npairs, 40);
	assert_true(cs_yaml_is(cs_yaml_get(m, "k10"), "m10"));
	assert_true(cs_yaml_is(cs_yaml_get(m, "k11"), "b11"));
	assert_true(cs_yaml_is(m->pairs[20].key, "k1"));
	cs_arena_free(&a);
}

static void test_bad_merge(void **s)
{
	cs_arena a;
	cs_yaml_stream st;
	cs_error err;
	const char *y = "a: &a {k: v}\n"
			"x:\n"
			"  <<: 5\n"
			"  z: 1\n"
			"y:\n"
			"  <<: [*a, [1]]\n";
	assert_true(load(&a, y, &st, &err));
	assert_int_equal(st.ndiags, 2);
	assert_int_equal(st.diags[0].code, CS_ERR_PARSE);
	assert_int_equal(st.diags[0].mark.line, 3);
	assert_int_equal(st.diags[0].mark.col, 3);
	assert_string_equal(st.diags[0].message,
			    "'<<' merges a scalar, not a mapping or a list "
			    "of mappings");
	assert_int_equal(st.diags[1].mark.line, 6);
	assert_string_equal(st.diags[1].message,
			    "'<<' list item 2 is a sequence, not a mapping");
	const cs_yaml_node *x = cs_yaml_get(st.docs[0], "x");
	assert_int_equal(x->npairs, 1);
	assert_true(cs_yaml_is(cs_yaml_get(cs_yaml_get(st.docs[0], "y"), "k"),
			       "v"));
	cs_arena_free(&a);
}

static void test_duplicate_keys(void **s)
{
	cs_arena a;
	cs_yaml_stream st;
	cs_error err;
	const char *y = "name: a\n"
			"spec:\n"
			"  c: 1\n"
			"  image: x\n"
			"  d: 2\n"
			"  \"image\": y\n"
			"name: b\n";
	assert_true(load(&a, y, &st, &err));
	assert_int_equal(st.ndiags, 2);
	/* in document order, though the inner mapping closes first */
	assert_int_equal(st.diags[0].mark.line, 6);
	assert_int_equal(st.diags[0].mark.col, 3);
	assert_string_equal(st.diags[0].message,
			    "duplicate key 'image' (first at line 4)");
	assert_int_equal(st.diags[1].mark.line, 7);
	assert_string_equal(st.diags[1].message,
			    "duplicate key 'name' (first at line 1)");
	assert_true(cs_yaml_is(cs_yaml_get(st.docs[0], "name"), "b"));
	cs_arena_free(&a);
}

static void test_duplicate_keys_large_and_capped(void **s)
{
	/* 100,000 keys, 150 of them repeated: sorted, not quadratic */
	size_t cap = 4u << 20, n = 0;
	char *y = malloc(cap);
	for (int i = 0; i < 100000; i++)
		n += (size_t)snprintf(y + n, cap - n, "key%d: %d\n", i, i);
	for (int i = 0; i < 150; i++)
		n += (size_t)snprintf(y + n, cap - n, "key%d: again\n",
				      i * 7);
	cs_arena a;
	cs_arena_init(&a, 0);
	cs_yaml_stream st;
	cs_error err = {0};
	clock_t t0 = clock();
	assert_true(cs_yaml_load(y, n, &a, &st, &err));
	assert_true(clock() - t0 < CLOCKS_PER_SEC);
	assert_int_equal(st.docs[0]->npairs, 100150);
	assert_int_equal(st.ndiags, CS_YAML_MAX_DIAGS);
	assert_int_equal(st.diags_dropped, 50);
	assert_int_equal(st.diags[0].mark.line, 100001);
	assert_string_equal(st.diags[0].message,
			    "duplicate key 'key0' (first at line 1)");
	assert_string_equal(st.diags[1].message,
			    "duplicate key 'key7' (first at line 8)");
	assert_true(cs_yaml_is(cs_yaml_get(st.docs[0], "key7"), "again"));
	free(y);
	cs_arena_free(&a);
}

static void test_recursive_alias(void **s)
{
	cs_arena a;
	cs_yaml_stream st;
	cs_error err;
	assert_false(load(&a, "a: &x\n  b: [*x]\n", &st, &err));
	assert_int_equal(err.code, CS_ERR_PARSE);
	assert_int_equal(err.mark.line, 2);
	assert_int_equal(err.mark.col, 7);
	assert_string_equal(err.message,
			    "alias refers to a collection that contains it");
	cs_arena_free(&a);
}

static void test_json_with_tabs(void **s)
{
	cs_arena a;
	cs_yaml_stream st;
	cs_error err;
	const char *y = "\t{\n"
			"\t\"kind\": \"Pod\",\n"
			"\t\"spec\": {\n"
			"\t\t\"containers\": [\n"
			"\t\t\t{\"name\": \"a\tb\", \"privileged\": true}\n"
			"\t\t]\n"
			"\t}\n"
			"}\n"
			"\t\n";
	assert_true(load(&a, y, &st, &err));
	assert_int_equal(st.ndocs, 1);
	const cs_yaml_node *kind = cs_yaml_get(st.docs[0], "kind");
	assert_true(cs_yaml_is(kind, "Pod"));
	assert_int_equal(kind->mark.line, 2);
	assert_int_equal(kind->mark.col, 10);
	const cs_yaml_node *c = cs_yaml_get(
		cs_yaml_get(st.docs[0], "spec"), "containers")->items[0];
	/* a tab inside a string is kept */
	assert_string_equal(cs_yaml_get(c, "name")->scalar, "a\tb");
	bool b = false;
	assert_true(cs_yaml_bool(cs_yaml_get(c, "privileged"), &b));
	assert_true(b);
	assert_int_equal(c->mark.line, 5);
	assert_int_equal(c->mark.col, 4);
	cs_arena_free(&a);
}

static void test_bool_and_int(void **s)
{
	cs_arena a;
	cs_yaml_stream st;
	cs_error err;
	const char *y = "[true, False, 'true', !!str yes, yes, OFF, n, tRUE,"
			" !!bool on, 42, -0x1F, 0o17, 0644, +1_000, '7',"
			" 9223372036854775807, 9223372036854775808,"
			" -9223372036854775808, 0x, 08, 1.5, !!int 3, !foo 3]";
	assert_true(load(&a, y, &st, &err));
	const cs_yaml_node *l = st.docs[0];
	assert_int_equal(l->nitems, 23);
	bool b = false;
	assert_true(cs_yaml_bool(l->items[0], &b));
	assert_true(b);
	assert_true(cs_yaml_bool(l->items[1], &b));
	assert_false(b);
	assert_false(cs_yaml_bool(l->items[2], &b));   /* quoted */
	assert_false(cs_yaml_bool(l->items[3], &b));   /* !!str */
	assert_true(cs_yaml_bool(l->items[4], &b));
	assert_true(b);
	assert_true(cs_yaml_bool(l->items[5], &b));
	assert_false(b);
	assert_true(cs_yaml_bool(l->items[6], &b));
	assert_false(b);
	assert_false(cs_yaml_bool(l->items[7], &b));   /* tRUE */
	assert_true(cs_yaml_bool(l->items[8], &b));
	assert_true(b);
	assert_false(cs_yaml_bool(l->items[9], &b));
	long long v = 0;
	assert_true(cs_yaml_int(l->items[9], &v));
	assert_int_equal(v, 42);
	assert_true(cs_yaml_int(l->items[10], &v));
	assert_int_equal(v, -31);
	assert_true(cs_yaml_int(l->items[11], &v));
	assert_int_equal(v, 15);
	assert_true(cs_yaml_int(l->items[12], &v));
	assert_int_equal(v, 0644);
	assert_true(cs_yaml_int(l->items[13], &v));
	assert_int_equal(v, 1000);
	assert_false(cs_yaml_int(l->items[14], &v));   /* quoted */
	assert_true(cs_yaml_int(l->items[15], &v));
	assert_true(v == 9223372036854775807LL);
	assert_false(cs_yaml_int(l->items[16], &v));   /* overflow */
	assert_true(cs_yaml_int(l->items[17], &v));
	assert_true(v == -9223372036854775807LL - 1);
	assert_false(cs_yaml_int(l->items[18], &v));
	assert_false(cs_yaml_int(l->items[19], &v));
	assert_false(cs_yaml_int(l->items[20], &v));
	assert_true(cs_yaml_int(l->items[21], &v));
	assert_int_equal(v, 3);
	assert_false(cs_yaml_int(l->items[22], &v));   /* application tag */
	assert_string_equal(l->items[22]->tag, "!foo");
	assert_string_equal(cs_yaml_kind_name(CS_YAML_MAP), "mapping");
	assert_string_equal(cs_yaml_kind_name(CS_YAML_SEQ), "sequence");
	assert_string_equal(cs_yaml_kind_name(CS_YAML_SCALAR), "scalar");
	cs_arena_free(&a);
}

static void test_application_tags_are_text(void **s)
{
	cs_arena a;
	cs_yaml_stream st;
	cs_error err;
	const char *y = "x: !!python/object:os.system [rm -rf /]\n";
	assert_true(load(&a, y, &st, &err));
	const cs_yaml_node *x = cs_yaml_get(st.docs[0], "x");
	assert_int_equal(x->kind, CS_YAML_SEQ);
	assert_string_equal(x->tag,
			    "tag:yaml.org,2002:python/object:os.system");
	assert_true(cs_yaml_is(x->items[0], "rm -rf /"));
	cs_arena_free(&a);
}

static void test_doc_marks(void **s)
{
	cs_arena a;
	cs_yaml_stream st;
	cs_error err;
	const char *y = "# head\n"
			"a: 1\n"
			"---\n"
			"--- # empty\n"
			"# lead\n"
			"\n"
			"b: 2\n";
	assert_true(load(&a, y, &st, &err));
	assert_int_equal(st.ndocs, 3);
	assert_int_equal(st.doc_marks[0].line, 2);
	assert_int_equal(st.doc_marks[0].col, 1);
	assert_int_equal(st.doc_marks[1].line, 3);
	assert_int_equal(st.doc_marks[2].line, 4);
	assert_true(cs_yaml_is_null(st.docs[1]));
	assert_true(cs_yaml_is(cs_yaml_get(st.docs[2], "b"), "2"));
	cs_arena_free(&a);
}

static void test_partial_load_keeps_earlier_docs(void **s)
{
	cs_arena a;
	cs_yaml_stream st;
	cs_error err;
	const char *y = "a: 1\n---\nb: 2\n---\nc: [1,\nd: 3\n";
	assert_false(load(&a, y, &st, &err));
	assert_int_equal(err.code, CS_ERR_PARSE);
	assert_int_equal(st.ndocs, 2);
	assert_true(cs_yaml_is(cs_yaml_get(st.docs[1], "b"), "2"));
	assert_int_equal(st.doc_marks[1].line, 2);
	cs_arena_free(&a);
}

static void test_comments(void **s)
{
	cs_arena a;
	cs_arena_init(&a, 0);
	const char *y = "a: \"x # customs:ignore=Q\" # one customs:ignore=A\n"
			"# customs:ignore=B own line  \n"
			"b: |  # customs:ignore=C hdr\n"
			"  # customs:ignore=D in block\n"
			"c: 'q # customs:ignore=E'\n"
			"d: e#customs:ignore=F\n"
			"\xc3\xa9: 1 # customs:ignore=G\n"
			"# plain comment\n"
			"  #customs:ignore=H";
	cs_yaml_comment *c;
	size_t n;
	cs_error err = {0};
	assert_true(cs_yaml_comments(y, strlen(y), "customs:ignore", &a, &c,
				     &n, &err));
	assert_int_equal(n, 5);
	assert_int_equal(c[0].mark.line, 1);
	assert_int_equal(c[0].mark.col, 27);
	assert_true(c[0].trailing);
	assert_string_equal(c[0].text, "one customs:ignore=A");
	assert_int_equal(c[1].mark.line, 2);
	assert_int_equal(c[1].mark.col, 1);
	assert_false(c[1].trailing);
	assert_string_equal(c[1].text, "customs:ignore=B own line");
	assert_int_equal(c[2].mark.line, 3);
	assert_int_equal(c[2].mark.col, 7);
	assert_true(c[2].trailing);
	assert_string_equal(c[2].text, "customs:ignore=C hdr");
	/* columns count bytes: the e-acute is two */
	assert_int_equal(c[3].mark.line, 7);
	assert_int_equal(c[3].mark.col, 7);
	assert_string_equal(c[3].text, "customs:ignore=G");
	assert_int_equal(c[4].mark.line, 9);
	assert_int_equal(c[4].mark.col, 3);
	assert_false(c[4].trailing);
	assert_string_equal(c[4].text, "customs:ignore=H");
	cs_arena_free(&a);
}

static void test_comments_fast_path_and_errors(void **s)
{
	cs_arena a;
	cs_arena_init(&a, 0);
	cs_yaml_comment *c;
	size_t n = 9;
	cs_error err = {0};
	/* no needle anywhere: not even scanned, so bad YAML passes */
	const char *bad = "a: [\n# other\n";
	assert_true(cs_yaml_comments(bad, strlen(bad), "customs:", &a, &c, &n,
				     &err));
	assert_int_equal(n, 0);
	assert_int_equal(err.code, CS_OK);
	/* the needle only inside a scalar: scanned, nothing found */
	const char *q = "a: 'customs:ignore'\r\n";
	assert_true(cs_yaml_comments(q, strlen(q), "customs:", &a, &c, &n,
				     &err));
	assert_int_equal(n, 0);
	/* a scanner error keeps what came before */
	const char *y = "# customs:ignore=A x\r\n"
			"a: 1 # customs:ignore=B\r\n"
			"b: \"open\n"
			"# customs:ignore=C\n";
	assert_false(cs_yaml_comments(y, strlen(y), "customs:", &a, &c, &n,
				      &err));
	assert_int_equal(err.code, CS_ERR_PARSE);
	assert_int_equal(n, 2);
	assert_int_equal(c[1].mark.line, 2);
	assert_int_equal(c[1].mark.col, 6);
	assert_string_equal(c[1].text, "customs:ignore=B");
	cs_arena_free(&a);
}

/* Columns count bytes, as every cs_mark does, though libyaml counts
 * characters: "é" is two bytes. */
static void test_columns_are_bytes(void **s)
{
	cs_arena a;
	cs_arena_init(&a, 0);
	const char *y = "k\xc3\xa9y: {a: \xc3\xa9\xc3\xa9, b: 1}\n"
			"x: [\xe2\x82\xac, c]\n";
	cs_yaml_stream st;
	cs_error err = {0};
	assert_true(cs_yaml_load(y, strlen(y), &a, &st, &err));
	const cs_yaml_node *root = st.docs[0];
	const cs_yaml_node *m = root->pairs[0].value;
	/* "k\xc3\xa9y: {a: " is 10 bytes before the value of a... */
	assert_int_equal(m->mark.col, 7);
	assert_int_equal(m->pairs[0].value->mark.col, 11);
	/* ...and b sits after two two-byte characters */
	assert_int_equal(m->pairs[1].key->mark.col, 17);
	const cs_yaml_node *x = cs_yaml_get(root, "x");
	assert_int_equal(x->items[1]->mark.line, 2);
	assert_int_equal(x->items[1]->mark.col, 10);
	cs_arena_free(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_marks_and_shapes),
		cmocka_unit_test(test_columns_are_bytes),
		cmocka_unit_test(test_aliases_are_shared),
		cmocka_unit_test(test_shared_aliases_stay_small),
		cmocka_unit_test(test_billion_laughs_fails_fast),
		cmocka_unit_test(test_syntax_error_has_a_mark),
		cmocka_unit_test(test_depth_limit),
		cmocka_unit_test(test_unknown_alias),
		cmocka_unit_test(test_multi_document_and_null),
		cmocka_unit_test(test_merge_single),
		cmocka_unit_test(test_merge_list_and_nesting),
		cmocka_unit_test(test_merge_many_keys),
		cmocka_unit_test(test_bad_merge),
		cmocka_unit_test(test_duplicate_keys),
		cmocka_unit_test(test_duplicate_keys_large_and_capped),
		cmocka_unit_test(test_recursive_alias),
		cmocka_unit_test(test_json_with_tabs),
		cmocka_unit_test(test_bool_and_int),
		cmocka_unit_test(test_application_tags_are_text),
		cmocka_unit_test(test_doc_marks),
		cmocka_unit_test(test_partial_load_keeps_earlier_docs),
		cmocka_unit_test(test_comments),
		cmocka_unit_test(test_comments_fast_path_and_errors),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

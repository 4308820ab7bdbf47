/* test-yaml.c - the YAML loader: marks, aliases, limits, errors. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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

static void test_billion_laughs_is_cheap(void **s)
{
	/* each level doubles the expanded size; shared nodes keep it small */
	char y[4096];
	int n = snprintf(y, sizeof(y), "a0: &a0 [x, x]\n");
	for (int i = 1; i < 40; i++)
		n += snprintf(y + n, sizeof(y) - (size_t)n,
			      "a%d: &a%d [*a%d, *a%d]\n", i, i, i - 1, i - 1);
	cs_arena a;
	cs_arena_init(&a, 0);
	cs_yaml_stream st;
	cs_error err = {0};
	assert_true(cs_yaml_load(y, (size_t)n, &a, &st, &err));
	assert_true(a.used < 1024 * 1024);
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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_marks_and_shapes),
		cmocka_unit_test(test_aliases_are_shared),
		cmocka_unit_test(test_billion_laughs_is_cheap),
		cmocka_unit_test(test_syntax_error_has_a_mark),
		cmocka_unit_test(test_depth_limit),
		cmocka_unit_test(test_unknown_alias),
		cmocka_unit_test(test_multi_document_and_null),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

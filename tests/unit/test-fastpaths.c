/*
 * test-fastpaths.c - the shortcuts taken for speed must give what the
 * plain ways give: comments found from a loaded stream, the arena's
 * single-pass printf and non-zeroing allocations, the JSON writer's
 * hand-made integers and pre-encoded values, fingerprints built part by
 * part.
 */
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "finding.h"
#include "parse/yaml.h"
#include "util/arena.h"
#include "util/jsonw.h"

/* Both ways agree on y; returns the comments of the stream way. */
static size_t both(cs_arena *a, const char *y, cs_yaml_comment **out,
		   bool *spans_ok)
{
	cs_yaml_stream st;
	cs_error err = {0};
	cs_yaml_load(y, strlen(y), a, &st, &err);
	*spans_ok = st.spans_ok;
	cs_yaml_comment *c1, *c2;
	size_t n1, n2;
	cs_error e1 = {0}, e2 = {0};
	bool ok1 = cs_yaml_comments(y, strlen(y), "customs:ignore", a, &c1,
				    &n1, &e1);
	bool ok2 = cs_yaml_stream_comments(&st, y, strlen(y),
					   "customs:ignore", a, &c2, &n2, &e2);
	assert_int_equal(ok1, ok2);
	assert_int_equal(n1, n2);
	for (size_t i = 0; i < n1; i++) {
		assert_int_equal(c1[i].mark.line, c2[i].mark.line);
		assert_int_equal(c1[i].mark.col, c2[i].mark.col);
		assert_int_equal(c1[i].trailing, c2[i].trailing);
		assert_string_equal(c1[i].text, c2[i].text);
	}
	*out = c2;
	return n2;
}

static void test_stream_comments(void **s)
{
	cs_arena a;
	cs_arena_init(&a, 0);
	const char *y =
		"# customs:ignore-file=K8S-A whole file\n"
		"a: \"x # customs:ignore=IN-QUOTES\"\n"
		"b: 'y #customs:ignore=IN-SINGLE' # customs:ignore=K8S-B why\n"
		"c: | # customs:ignore=K8S-C header\n"
		"  # customs:ignore=IN-BLOCK\n"
		"  text\n"
		"# customs:ignore=K8S-D after block\n"
		"d: \xc3\xa9 # customs:ignore=K8S-E \xc3\xa9t\xc3\xa9  \n"
		"---\r\n"
		"e: 1\t#\tcustoms:ignore=K8S-F\r\n";
	cs_yaml_comment *c;
	bool ok;
	size_t n = both(&a, y, &c, &ok);
	assert_true(ok);
	assert_int_equal(n, 6);
	assert_int_equal(c[0].mark.line, 1);
	assert_int_equal(c[0].mark.col, 1);
	assert_false(c[0].trailing);
	assert_string_equal(c[0].text, "customs:ignore-file=K8S-A whole file");
	assert_int_equal(c[1].mark.line, 3);
	assert_int_equal(c[1].mark.col, 34);
	assert_true(c[1].trailing);
	assert_string_equal(c[1].text, "customs:ignore=K8S-B why");
	assert_int_equal(c[2].mark.line, 4);
	assert_int_equal(c[2].mark.col, 6);
	assert_string_equal(c[2].text, "customs:ignore=K8S-C header");
	assert_int_equal(c[3].mark.line, 7);
	assert_false(c[3].trailing);
	assert_string_equal(c[3].text, "customs:ignore=K8S-D after block");
	assert_int_equal(c[4].mark.line, 8);
	assert_int_equal(c[4].mark.col, 7);   /* bytes, not characters */
	assert_string_equal(c[4].text,
			    "customs:ignore=K8S-E \xc3\xa9t\xc3\xa9");
	assert_int_equal(c[5].mark.line, 10);
	assert_int_equal(c[5].mark.col, 6);
	assert_string_equal(c[5].text, "customs:ignore=K8S-F");
	cs_arena_free(&a);
}

static void test_stream_comments_doubtful(void **s)
{
	cs_arena a;
	cs_arena_init(&a, 0);
	cs_yaml_comment *c;
	bool ok;
	/* a '#' glued to text, a property before a quoted '#', a JSON
	 * buffer with tabs, a load error: the slow way answers, the same */
	const char *glued = "image: a#b # customs:ignore=X r\n";
	assert_int_equal(both(&a, glued, &c, &ok), 1);
	assert_true(ok);
	assert_int_equal(c[0].mark.col, 12);
	const char *prop =
		"k: &x \"v # customs:ignore=NO\" # customs:ignore=Y\n";
	assert_int_equal(both(&a, prop, &c, &ok), 1);
	assert_string_equal(c[0].text, "customs:ignore=Y");
	const char *json = "\t{\"a\": \"# customs:ignore=Z\"}\n";
	assert_int_equal(both(&a, json, &c, &ok), 0);
	assert_false(ok);
	const char *broken = "# customs:ignore=W\na: [\n";
	assert_int_equal(both(&a, broken, &c, &ok), 1);
	assert_false(ok);
	assert_string_equal(c[0].text, "customs:ignore=W");
	const char *none = "a: b\n";
	assert_int_equal(both(&a, none, &c, &ok), 0);
	assert_true(ok);
	cs_arena_free(&a);
}

static void test_spans(void **s)
{
	cs_arena a;
	cs_arena_init(&a, 0);
	const char *y = "a: 'no hash'\nb: \"#\"\nc: |\n  x#\nd: e#f\n";
	cs_yaml_stream st;
	cs_error err = {0};
	assert_true(cs_yaml_load(y, strlen(y), &a, &st, &err));
	assert_true(st.spans_ok);
	assert_int_equal(st.nspans, 2);
	assert_int_equal(st.spans[0].start, 16);
	assert_int_equal(st.spans[0].end, 19);
	assert_false(st.spans[0].block);
	assert_int_equal(st.spans[1].start, 23);
	assert_true(st.spans[1].block);
	assert_false(st.spans[1].uncertain);
	cs_arena_free(&a);
}

static void test_arena_printf_and_raw(void **s)
{
	cs_arena a;
	cs_arena_init(&a, 0);
	cs_arena_set_block(&a, 64);
	/* fills the first block to its last 16 bytes */
	assert_non_null(cs_arena_alloc_raw(&a, 48));
	char *p = cs_arena_printf(&a, "%s-%d", "abc", 12345);
	assert_string_equal(p, "abc-12345");
	char *q = cs_arena_printf(&a, "%s", "a string longer than the rest");
	assert_string_equal(q, "a string longer than the rest");
	assert_string_equal(p, "abc-12345");
	int *v = cs_arena_alloc_raw(&a, 4 * sizeof(int));
	for (int i = 0; i < 4; i++)
		v[i] = i + 7;
	int *w = cs_arena_grow(&a, v, 4, 9, sizeof(int));
	assert_int_equal(w[3], 10);
	for (int i = 4; i < 9; i++)
		assert_int_equal(w[i], 0);
	cs_arena_free(&a);

	cs_arena_init(&a, 64);
	assert_non_null(cs_arena_alloc_raw(&a, 48));
	assert_null(cs_arena_printf(&a, "%s", "does not fit under the cap"));
	assert_string_equal(cs_arena_printf(&a, "%d", 7), "7");
	cs_arena_free(&a);
}

static void test_jsonw_fast_paths(void **s)
{
	cs_buf b;
	cs_buf_init(&b, 0);
	cs_jw w;
	cs_jw_init(&w, &b);
	cs_jw_array(&w, NULL);
	cs_jw_int(&w, NULL, 0);
	cs_jw_int(&w, NULL, -42);
	cs_jw_int(&w, NULL, LLONG_MIN);
	cs_jw_int(&w, NULL, LLONG_MAX);
	cs_buf enc;
	cs_buf_init(&enc, 0);
	assert_true(cs_jw_encode(&enc, "q\"\\\x01\xff\xc3\xa9\t~"));
	assert_string_equal(enc.data,
			    "\"q\\\"\\\\\\u0001\xef\xbf\xbd\xc3\xa9\\t~\"");
	cs_jw_raw(&w, NULL, enc.data, enc.len);
	cs_jw_end(&w);
	assert_true(cs_jw_ok(&w));
	assert_string_equal(b.data,
			    "[\n  0,\n  -42,\n  -9223372036854775808,\n"
			    "  9223372036854775807,\n  \"q\\\"\\\\\\u0001"
			    "\xef\xbf\xbd\xc3\xa9\\t~\"\n]");
	cs_buf_free(&enc);
	cs_buf_free(&b);

	/* a bounded buffer refuses what passes its maximum */
	cs_buf_init(&b, 8);
	cs_jw_init(&w, &b);
	cs_jw_str(&w, NULL, "0123456789");
	assert_false(cs_jw_ok(&w));
	cs_buf_free(&b);
	cs_buf_init(&b, 4);
	assert_false(cs_buf_printf(&b, "%d", 123456));
	cs_buf_free(&b);
	cs_buf_init(&b, 0);
	assert_true(cs_buf_printf(&b, "%s=%d", "x", 5));
	assert_true(cs_buf_printf(&b, "%0100d", 1));
	assert_int_equal(b.len, 103);
	assert_string_equal(b.data + 100, "001");
	cs_buf_free(&b);
}

static void test_fingerprint_parts(void **s)
{
	char a[17], b[17];
	cs_fingerprint(a, "K8S-X", "f.yaml", "Pod/p", "spec", "v");
	uint64_t h = CS_FP_INIT;
	h = cs_fp_part(h, "K8S-X");
	h = cs_fp_part(h, "f.yaml");
	h = cs_fp_part(h, "Pod/p");
	h = cs_fp_part(h, "spec");
	h = cs_fp_part(cs_fp_bytes(h, "v", 1), NULL);
	cs_fp_hex(b, h);
	assert_string_equal(a, b);
	assert_int_equal(strlen(a), 16);
	cs_fp_hex(b, 0x0123456789abcdefULL);
	assert_string_equal(b, "0123456789abcdef");
	/* the empty fingerprint of nothing is FNV-1a of five separators */
	cs_fingerprint(a, NULL, NULL, NULL, NULL, NULL);
	assert_string_equal(a, "e4bc4fd9252be94f");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_stream_comments),
		cmocka_unit_test(test_stream_comments_doubtful),
		cmocka_unit_test(test_spans),
		cmocka_unit_test(test_arena_printf_and_raw),
		cmocka_unit_test(test_jsonw_fast_paths),
		cmocka_unit_test(test_fingerprint_parts),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

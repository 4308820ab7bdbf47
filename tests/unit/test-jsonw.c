/*
 * test-jsonw.c - the streaming JSON writer against exact bytes.
 *
 * The writer promises jansson's JSON_INDENT(2) | JSON_REAL_PRECISION(15)
 * bytes, so besides hand-written expectations (layout, escapes, U+FFFD
 * repair, numbers, misuse) the same values are dumped by jansson and
 * compared, including pseudo-random byte strings: when jansson accepts one
 * the bytes must match, and when it does not our output must still parse.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <jansson.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "util/jsonw.h"

#define JANSSON_FLAGS \
	(JSON_INDENT(2) | JSON_REAL_PRECISION(15) | JSON_ENCODE_ANY)

typedef struct fx {
	cs_buf b;
	cs_jw w;
} fx;

static int setup(void **state)
{
	fx *f = calloc(1, sizeof(*f));
	cs_buf_init(&f->b, 0);
	cs_jw_init(&f->w, &f->b);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fx *f = *state;
	cs_buf_free(&f->b);
	free(f);
	return 0;
}

static const char *text(fx *f)
{
	return f->b.data ? f->b.data : "";
}

/* jansson's dump of v (stolen), for comparison. */
static char *jdump(json_t *v)
{
	assert_non_null(v);
	char *s = json_dumps(v, JANSSON_FLAGS);
	json_decref(v);
	assert_non_null(s);
	return s;
}

static void test_nesting(void **state)
{
	fx *f = *state;
	cs_jw_object(&f->w, NULL);
	cs_jw_str(&f->w, "name", "customs");
	cs_jw_object(&f->w, "tool");
	cs_jw_int(&f->w, "n", 3);
	cs_jw_array(&f->w, "list");
	cs_jw_int(&f->w, NULL, 1);
	cs_jw_object(&f->w, NULL);
	cs_jw_bool(&f->w, "ok", true);
	cs_jw_end(&f->w);
	cs_jw_null(&f->w, NULL);
	cs_jw_end(&f->w);
	cs_jw_end(&f->w);
	cs_jw_bool(&f->w, "last", false);
	cs_jw_end(&f->w);
	assert_true(cs_jw_ok(&f->w));
	assert_int_equal(f->w.depth, 0);
	const char *want = "{\n"
			   "  \"name\": \"customs\",\n"
			   "  \"tool\": {\n"
			   "    \"n\": 3,\n"
			   "    \"list\": [\n"
			   "      1,\n"
			   "      {\n"
			   "        \"ok\": true\n"
			   "      },\n"
			   "      null\n"
			   "    ]\n"
			   "  },\n"
			   "  \"last\": false\n"
			   "}";
	assert_string_equal(text(f), want);

	json_t *o = json_object();
	json_object_set_new(o, "name", json_string("customs"));
	json_t *tool = json_object();
	json_object_set_new(tool, "n", json_integer(3));
	json_t *list = json_array();
	json_array_append_new(list, json_integer(1));
	json_t *inner = json_object();
	json_object_set_new(inner, "ok", json_true());
	json_array_append_new(list, inner);
	json_array_append_new(list, json_null());
	json_object_set_new(tool, "list", list);
	json_object_set_new(o, "tool", tool);
	json_object_set_new(o, "last", json_false());
	char *j = jdump(o);
	assert_string_equal(text(f), j);
	free(j);
}

static void test_empty_containers(void **state)
{
	fx *f = *state;
	cs_jw_object(&f->w, NULL);
	cs_jw_object(&f->w, "a");
	cs_jw_end(&f->w);
	cs_jw_array(&f->w, "b");
	cs_jw_end(&f->w);
	cs_jw_array(&f->w, "c");
	cs_jw_array(&f->w, NULL);
	cs_jw_end(&f->w);
	cs_jw_end(&f->w);
	cs_jw_end(&f->w);
	assert_string_equal(text(f), "{\n"
				     "  \"a\": {},\n"
				     "  \"b\": [],\n"
				     "  \"c\": [\n"
				     "    []\n"
				     "  ]\n"
				     "}");

	cs_buf_reset(&f->b);
	cs_jw_init(&f->w, &f->b);
	cs_jw_object(&f->w, NULL);
	cs_jw_end(&f->w);
	assert_string_equal(text(f), "{}");

	cs_buf_reset(&f->b);
	cs_jw_init(&f->w, &f->b);
	cs_jw_array(&f->w, NULL);
	cs_jw_end(&f->w);
	assert_string_equal(text(f), "[]");
	assert_true(cs_jw_ok(&f->w));
}

static void test_every_control_byte(void **state)
{
	fx *f = *state;
	char s[0x20 + 5];
	size_t k = 0;
	for (int c = 1; c < 0x20; c++)
		s[k++] = (char)c;
	s[k++] = '"';
	s[k++] = '\\';
	s[k++] = '/';
	s[k++] = 0x7f;
	s[k] = '\0';
	cs_jw_str(&f->w, NULL, s);
	assert_string_equal(text(f),
			    "\"\\u0001\\u0002\\u0003\\u0004\\u0005\\u0006"
			    "\\u0007\\b\\t\\n\\u000B\\f\\r\\u000E\\u000F"
			    "\\u0010\\u0011\\u0012\\u0013\\u0014\\u0015"
			    "\\u0016\\u0017\\u0018\\u0019\\u001A\\u001B"
			    "\\u001C\\u001D\\u001E\\u001F\\\"\\\\/\x7f\"");
	char *j = jdump(json_string(s));
	assert_string_equal(text(f), j);
	free(j);
}

static void test_keys_are_escaped(void **state)
{
	fx *f = *state;
	cs_jw_object(&f->w, NULL);
	cs_jw_str(&f->w, "a\"b\n", "v");
	cs_jw_end(&f->w);
	assert_string_equal(text(f), "{\n  \"a\\\"b\\n\": \"v\"\n}");
}

static void test_utf8_passes_through(void **state)
{
	fx *f = *state;
	const char *s = "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80 "
			"\xf4\x8f\xbf\xbf \xef\xbf\xbd";
	cs_jw_str(&f->w, NULL, s);
	cs_buf want;
	cs_buf_init(&want, 0);
	cs_buf_printf(&want, "\"%s\"", s);
	assert_string_equal(text(f), want.data);
	cs_buf_free(&want);
	char *j = jdump(json_string(s));
	assert_string_equal(text(f), j);
	free(j);
}

/* Each byte that starts no valid sequence becomes U+FFFD on its own. */
static void test_invalid_utf8_is_replaced(void **state)
{
	static const struct {
		const char *in, *out;
	} cases[] = {
		{"a\x80z", "a\xef\xbf\xbdz"},                 /* continuation */
		{"\xc0\x80", "\xef\xbf\xbd\xef\xbf\xbd"},     /* overlong NUL */
		{"\xc1\xbf", "\xef\xbf\xbd\xef\xbf\xbd"},     /* overlong */
		{"\xe0\x80\xaf", "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd"},
		{"\xed\xa0\x80", "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd"},
		{"\xf4\x90\x80\x80", "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd"
				     "\xef\xbf\xbd"},        /* > U+10FFFF */
		{"\xf5\x80", "\xef\xbf\xbd\xef\xbf\xbd"},
		{"\xff", "\xef\xbf\xbd"},
		{"x\xe2\x82", "x\xef\xbf\xbd\xef\xbf\xbd"},   /* truncated */
		{"\xe2\x82\n", "\xef\xbf\xbd\xef\xbf\xbd\\n"},
		{"\xc3\xa9\xc3", "\xc3\xa9\xef\xbf\xbd"},
	};
	fx *f = *state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		cs_buf_reset(&f->b);
		cs_jw_init(&f->w, &f->b);
		cs_jw_str(&f->w, NULL, cases[i].in);
		cs_buf want;
		cs_buf_init(&want, 0);
		cs_buf_printf(&want, "\"%s\"", cases[i].out);
		assert_string_equal(text(f), want.data);
		cs_buf_free(&want);
		assert_true(cs_jw_ok(&f->w));
	}
}

/* A fixed-seed generator, so a failure reproduces. */
static uint32_t next_rand(uint32_t *x)
{
	*x ^= *x << 13;
	*x ^= *x >> 17;
	*x ^= *x << 5;
	return *x;
}

static void test_random_bytes_against_jansson(void **state)
{
	static const unsigned char alphabet[] = {
		'a', ' ', '"', '\\', '/', '\n', 0x01, 0x1f, 0x7f, 0x80, 0xbf,
		0xc0, 0xc2, 0xc3, 0xa9, 0xe2, 0x82, 0xac, 0xed, 0xa0, 0xf0,
		0x9f, 0x98, 0xf4, 0x90, 0x8f, 0xf5, 0xff};
	fx *f = *state;
	uint32_t seed = 12345;
	size_t agreed = 0;
	for (int iter = 0; iter < 20000; iter++) {
		char s[16];
		size_t n = next_rand(&seed) % (sizeof(s) - 1);
		for (size_t i = 0; i < n; i++)
			s[i] = (char)alphabet[next_rand(&seed) %
					      sizeof(alphabet)];
		s[n] = '\0';
		cs_buf_reset(&f->b);
		cs_jw_init(&f->w, &f->b);
		cs_jw_str(&f->w, NULL, s);
		json_t *v = json_string(s);
		if (v) {
			char *j = jdump(v);
			assert_string_equal(text(f), j);
			free(j);
			agreed++;
		} else {
			json_error_t e;
			json_t *back = json_loads(text(f), JSON_DECODE_ANY, &e);
			assert_non_null(back);
			json_decref(back);
		}
	}
	/* both kinds of string were seen */
	assert_true(agreed > 1000 && agreed < 19000);
}

static void test_integers(void **state)
{
	fx *f = *state;
	cs_jw_array(&f->w, NULL);
	cs_jw_int(&f->w, NULL, 0);
	cs_jw_int(&f->w, NULL, -3);
	cs_jw_int(&f->w, NULL, LLONG_MAX);
	cs_jw_int(&f->w, NULL, LLONG_MIN);
	cs_jw_end(&f->w);
	assert_string_equal(text(f), "[\n  0,\n  -3,\n"
				     "  9223372036854775807,\n"
				     "  -9223372036854775808\n]");
}

static void test_reals(void **state)
{
	static const struct {
		double v;
		const char *out;
	} cases[] = {
		{100, "100.0"},
		{0, "0.0"},
		{-0.0, "-0.0"},
		{59.99, "59.99"},
		{87.5, "87.5"},
		{83.33, "83.33"},
		{0.1, "0.1"},
		{1.0 / 3, "0.333333333333333"},
		{1e15, "1e15"},
		{1e20, "1e20"},
		{-2.5e-7, "-2.5e-7"},
		{1e-5, "1e-5"},
		{1e300, "1e300"},
		{123456789012345678.0, "1.23456789012346e17"},
		{999999999999999.0, "999999999999999.0"},
	};
	fx *f = *state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		cs_buf_reset(&f->b);
		cs_jw_init(&f->w, &f->b);
		cs_jw_real(&f->w, NULL, cases[i].v);
		assert_string_equal(text(f), cases[i].out);
		char *j = jdump(json_real(cases[i].v));
		assert_string_equal(text(f), j);
		free(j);
	}
}

static void test_strings_null_and_formatted(void **state)
{
	fx *f = *state;
	char long_id[400];
	memset(long_id, 'x', sizeof(long_id) - 1);
	long_id[sizeof(long_id) - 1] = '\0';
	cs_jw_object(&f->w, NULL);
	cs_jw_str(&f->w, "none", NULL);
	cs_jw_str(&f->w, "empty", "");
	cs_jw_strf(&f->w, "uri", "%s%s", "https://x/", "DF-1\n");
	cs_jw_strf(&f->w, "long", "<%s>", long_id);
	cs_jw_end(&f->w);
	assert_true(cs_jw_ok(&f->w));
	cs_buf want;
	cs_buf_init(&want, 0);
	cs_buf_printf(&want,
		      "{\n  \"none\": null,\n  \"empty\": \"\",\n"
		      "  \"uri\": \"https://x/DF-1\\n\",\n"
		      "  \"long\": \"<%s>\"\n}",
		      long_id);
	assert_string_equal(text(f), want.data);
	cs_buf_free(&want);
}

/* The caller may flush and empty the buffer between any two values. */
static void test_flush_between_values(void **state)
{
	fx *f = *state;
	cs_buf all;
	cs_buf_init(&all, 0);
	cs_jw_object(&f->w, NULL);
	cs_jw_array(&f->w, "files");
	for (int i = 0; i < 3; i++) {
		cs_buf_add(&all, f->b.data, f->b.len);
		cs_buf_reset(&f->b);
		cs_jw_object(&f->w, NULL);
		cs_jw_int(&f->w, "i", i);
		cs_jw_end(&f->w);
	}
	cs_jw_end(&f->w);
	cs_jw_end(&f->w);
	cs_buf_add(&all, f->b.data, f->b.len);
	assert_string_equal(all.data, "{\n  \"files\": [\n"
				      "    {\n      \"i\": 0\n    },\n"
				      "    {\n      \"i\": 1\n    },\n"
				      "    {\n      \"i\": 2\n    }\n"
				      "  ]\n}");
	cs_buf_free(&all);
}

static void test_depth_limit(void **state)
{
	fx *f = *state;
	for (int i = 0; i < CS_JW_MAX_DEPTH; i++)
		cs_jw_array(&f->w, NULL);
	assert_true(cs_jw_ok(&f->w));
	assert_int_equal(f->w.depth, CS_JW_MAX_DEPTH);
	/* the deepest level still gets its full indent */
	cs_jw_int(&f->w, NULL, 7);
	assert_true(cs_jw_ok(&f->w));
	const char *last = strrchr(text(f), '\n');
	assert_non_null(last);
	assert_int_equal(strlen(last), 1 + 2 * CS_JW_MAX_DEPTH + 1);

	size_t len = f->b.len;
	cs_jw_array(&f->w, NULL);
	assert_false(cs_jw_ok(&f->w));
	assert_true(f->w.failed);
	assert_true(f->b.failed);
	assert_int_equal(f->b.len, len);
	assert_int_equal(f->w.depth, CS_JW_MAX_DEPTH);

	/* sticky: even on an emptied buffer nothing more is written */
	cs_buf_reset(&f->b);
	cs_jw_end(&f->w);
	cs_jw_int(&f->w, NULL, 1);
	assert_int_equal(f->b.len, 0);
	assert_false(cs_jw_ok(&f->w));
}

typedef void (*misuse_fn)(cs_jw *w);

static void key_in_array(cs_jw *w)
{
	cs_jw_array(w, NULL);
	cs_jw_int(w, "k", 1);
}

static void no_key_in_object(cs_jw *w)
{
	cs_jw_object(w, NULL);
	cs_jw_int(w, NULL, 1);
}

static void key_at_top(cs_jw *w)
{
	cs_jw_object(w, "k");
}

static void end_with_nothing_open(cs_jw *w)
{
	cs_jw_object(w, NULL);
	cs_jw_end(w);
	cs_jw_end(w);
}

static void nan_real(cs_jw *w)
{
	cs_jw_array(w, NULL);
	cs_jw_real(w, NULL, NAN);
}

static void inf_real(cs_jw *w)
{
	cs_jw_array(w, NULL);
	cs_jw_real(w, NULL, -INFINITY);
}

static void test_misuse_fails(void **state)
{
	static const misuse_fn fns[] = {key_in_array,  no_key_in_object,
					key_at_top,    end_with_nothing_open,
					nan_real,      inf_real};
	fx *f = *state;
	for (size_t i = 0; i < sizeof(fns) / sizeof(fns[0]); i++) {
		cs_buf_reset(&f->b);
		cs_jw_init(&f->w, &f->b);
		fns[i](&f->w);
		assert_false(cs_jw_ok(&f->w));
		assert_true(f->w.failed);
		assert_true(f->b.failed);
	}
}

static void test_buffer_failure_fails_writer(void **state)
{
	fx *f = *state;
	cs_buf small;
	cs_buf_init(&small, 8);
	cs_jw w;
	cs_jw_init(&w, &small);
	cs_jw_object(&w, NULL);
	cs_jw_str(&w, "key", "a value longer than the buffer");
	assert_false(cs_jw_ok(&w));
	cs_jw_end(&w);
	assert_true(w.failed);
	cs_buf_free(&small);
	(void)f;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_nesting, setup, teardown),
		cmocka_unit_test_setup_teardown(test_empty_containers, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_every_control_byte, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_keys_are_escaped, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_utf8_passes_through, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_invalid_utf8_is_replaced,
						setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_random_bytes_against_jansson, setup, teardown),
		cmocka_unit_test_setup_teardown(test_integers, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reals, setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_strings_null_and_formatted, setup, teardown),
		cmocka_unit_test_setup_teardown(test_flush_between_values,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_depth_limit, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_misuse_fails, setup,
						teardown),
		cmocka_unit_test_setup_teardown(
			test_buffer_failure_fails_writer, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * test-rules-user.c - the df-user rules under build options a fixture
 * directory cannot pass: --target picks another final stage, --build-arg
 * changes what USER expands to.  Also which rules apply at all.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "engine.h"
#include "rules/rule.h"
#include "scan-helpers.h"

static hit scan(const char *text, const char *target,
		const char *const *args, size_t nargs, const char *rule)
{
	cs_scan_opts opts;
	memset(&opts, 0, sizeof(opts));
	opts.build.target = target;
	opts.build.build_args = args;
	opts.build.nbuild_args = nargs;
	return scan_rule(CS_KIND_DOCKERFILE, "Dockerfile", text, &opts, rule);
}

static const char two_stages[] =
	"FROM golang:1.22 AS build\n"
	"USER root\n"
	"RUN go version\n"
	"FROM alpine:3.19\n"
	"USER 10001\n";

static void test_target_moves_the_final_stage(void **s)
{
	hit h = scan(two_stages, NULL, NULL, 0, "DF-USER-ROOT");
	assert_int_equal(h.n, 0);
	assert_true(h.applied);
	h = scan(two_stages, "build", NULL, 0, "DF-USER-ROOT");
	assert_int_equal(h.n, 1);
	assert_int_equal(h.first.line, 2);
	assert_int_equal(h.first.col, 6);
	assert_string_equal(h.value, "root");
}

static void test_build_arg_decides_user(void **s)
{
	static const char text[] =
		"FROM alpine:3.19\n"
		"ARG RUN_AS=10001\n"
		"USER ${RUN_AS}\n";
	static const char *const root[] = {"RUN_AS=0:0"};
	static const char *const name[] = {"RUN_AS=app"};
	assert_int_equal(scan(text, NULL, NULL, 0, "DF-USER-ROOT").n, 0);
	hit h = scan(text, NULL, root, 1, "DF-USER-ROOT");
	assert_int_equal(h.n, 1);
	assert_string_equal(h.value, "0:0");
	assert_int_equal(h.first.line, 3);
	assert_int_equal(h.first.col, 6);
	h = scan(text, NULL, name, 1, "DF-USER-NAME");
	assert_int_equal(h.n, 1);
	assert_string_equal(h.value, "app");
}

static void test_missing_points_at_final_from(void **s)
{
	hit h = scan("FROM alpine:3.19 AS a\nUSER 1000\n"
		     "FROM debian:12 AS b\nRUN true\n",
		     NULL, NULL, 0, "DF-USER-MISSING");
	assert_int_equal(h.n, 1);
	assert_int_equal(h.first.line, 3);
	assert_int_equal(h.first.col, 1);
	assert_string_equal(h.value, "debian:12");
	h = scan("FROM alpine:3.19 AS a\nUSER 1000\n"
		 "FROM debian:12 AS b\nRUN true\n",
		 "a", NULL, 0, "DF-USER-MISSING");
	assert_int_equal(h.n, 0);
	assert_true(h.applied);
}

static void test_applicability(void **s)
{
	/* No USER: ROOT and NAME do not apply (MISSING reports it). */
	hit h = scan("FROM alpine:3.19\n", NULL, NULL, 0, "DF-USER-ROOT");
	assert_false(h.applied);
	h = scan("FROM alpine:3.19\n", NULL, NULL, 0, "DF-USER-NAME");
	assert_false(h.applied);
	/* No RUN: DF-SUDO does not apply. */
	h = scan("FROM alpine:3.19\nUSER 1\n", NULL, NULL, 0, "DF-SUDO");
	assert_false(h.applied);
	h = scan("FROM alpine:3.19\nRUN true\nUSER 1\n", NULL, NULL, 0,
		 "DF-SUDO");
	assert_true(h.applied);
	assert_int_equal(h.n, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_target_moves_the_final_stage),
		cmocka_unit_test(test_build_arg_decides_user),
		cmocka_unit_test(test_missing_points_at_final_from),
		cmocka_unit_test(test_applicability),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

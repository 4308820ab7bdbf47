/* test-glob.c - path globs for --exclude, config excludes and waivers. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "util/glob.h"

static void test_star_stays_in_component(void **s)
{
	assert_true(cs_glob_match("*.bak", "x.bak"));
	assert_false(cs_glob_match("*.bak", "a/x.bak"));
	assert_true(cs_glob_match("src/*", "src/Dockerfile"));
	assert_false(cs_glob_match("src/*", "src/a/Dockerfile"));
}

static void test_double_star_crosses(void **s)
{
	assert_true(cs_glob_match("**/test/*", "a/b/test/Dockerfile"));
	assert_true(cs_glob_match("**/test/*", "test/Dockerfile"));
	assert_true(cs_glob_match("vendor/**", "vendor/x/y/Dockerfile"));
	assert_false(cs_glob_match("**/test/*", "a/testx/Dockerfile"));
}

static void test_classes_and_question(void **s)
{
	assert_true(cs_glob_match("[!x]y", "ay"));
	assert_false(cs_glob_match("[!x]y", "xy"));
	assert_true(cs_glob_match("[a-c]z", "bz"));
	assert_false(cs_glob_match("[a-c]z", "dz"));
	assert_true(cs_glob_match("Docker?ile", "Dockerfile"));
	assert_false(cs_glob_match("a?b", "a/b"));
	assert_true(cs_glob_match("[x", "[x"));
}

static void test_pathological_pattern_is_fast(void **s)
{
	/* exponential for a backtracking matcher */
	assert_false(cs_glob_match("a*a*a*a*a*a*a*a*a*a*b",
				   "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"));
}

static void test_path_rules(void **s)
{
	/* a bare name matches any component */
	assert_true(cs_glob_path("vendor", "vendor/x/Dockerfile"));
	assert_true(cs_glob_path("vendor", "src/vendor/Dockerfile"));
	assert_false(cs_glob_path("vendor", "src/vendors/Dockerfile"));
	/* a directory pattern covers what is below it, at a boundary */
	assert_true(cs_glob_path("test/fixtures", "test/fixtures/a/Dockerfile"));
	assert_false(cs_glob_path("test/fixtures", "test/fixturesX/Dockerfile"));
	assert_true(cs_glob_path("./test/fixtures/", "test/fixtures/Dockerfile"));
	assert_true(cs_glob_path("legacy*", "legacy-app/Dockerfile"));
	assert_true(cs_glob_path("*.Dockerfile", "a/b/web.Dockerfile"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_star_stays_in_component),
		cmocka_unit_test(test_double_star_crosses),
		cmocka_unit_test(test_classes_and_question),
		cmocka_unit_test(test_pathological_pattern_is_fast),
		cmocka_unit_test(test_path_rules),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

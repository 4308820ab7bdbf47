/* test-config.c - .customs.yaml: accepted forms and located errors. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "config.h"
#include "rules/rule.h"

static bool load(cs_config *c, cs_arena *a, const char *y, cs_error *err)
{
	cs_config_init(c);
	cs_arena_init(a, 0);
	memset(err, 0, sizeof(*err));
	return cs_config_parse(c, y, strlen(y), ".customs.yaml", "2026-06-01",
			       a, err);
}

static void test_full_config(void **s)
{
	cs_config c;
	cs_arena a;
	cs_error err;
	const char *y = "version: 1\n"
			"min-score: 80\n"
			"fail-on: high\n"
			"exclude: [vendor, \"test/fixtures\"]\n"
			"trusted-registries: [ghcr.io/acme, docker.io]\n"
			"severity:\n"
			"  DF-HEALTHCHECK: medium\n"
			"ignore:\n"
			"  - rule: DF-PKG-UNPINNED\n"
			"    reason: pinned by the base image digest\n"
			"    paths: [legacy]\n"
			"  - rule: DF-USER-ROOT\n"
			"    reason: the entrypoint drops privileges\n"
			"    expires: 2026-01-31\n";
	assert_true(load(&c, &a, y, &err));
	assert_true(c.has_min_score);
	assert_true(c.min_score == 80.0);
	assert_true(c.has_fail_on);
	assert_int_equal(c.fail_on, CS_SEV_HIGH);
	assert_int_equal(c.nexclude, 2);
	assert_true(cs_config_excluded(&c, "vendor/a/Dockerfile"));
	assert_false(cs_config_excluded(&c, "src/Dockerfile"));
	assert_int_equal(c.ntrusted, 2);
	assert_string_equal(c.trusted_registries[0], "ghcr.io/acme");

	const cs_rule *hc = cs_rule_find("DF-HEALTHCHECK");
	const cs_rule *pin = cs_rule_find("DF-PKG-UNPINNED");
	const cs_rule *root = cs_rule_find("DF-USER-ROOT");
	assert_non_null(hc);
	assert_int_equal(cs_config_severity(&c, hc), CS_SEV_MEDIUM);
	assert_non_null(cs_config_waiver(&c, pin, "legacy/Dockerfile"));
	assert_null(cs_config_waiver(&c, pin, "app/Dockerfile"));
	const cs_waiver *w = cs_config_waiver(&c, root, "app/Dockerfile");
	assert_non_null(w);
	assert_true(w->expired);
	assert_string_equal(w->expires, "2026-01-31");
	cs_arena_free(&a);
}

static void expect_error(const char *y, uint32_t line, uint32_t col,
			 const char *needle)
{
	cs_config c;
	cs_arena a;
	cs_error err;
	assert_false(load(&c, &a, y, &err));
	assert_int_equal(err.mark.line, line);
	assert_int_equal(err.mark.col, col);
	if (!strstr(err.message, needle))
		fail_msg("'%s' not in '%s'", needle, err.message);
	cs_arena_free(&a);
}

static void test_errors_are_located(void **s)
{
	expect_error("min-score: 80\nfial-on: high\n", 2, 1, "unknown key");
	expect_error("ignore:\n  - rule: DF-NOPE\n    reason: x\n", 2, 11,
		     "unknown rule 'DF-NOPE'");
	expect_error("ignore:\n  - rule: DF-USER-ROOT\n", 2, 5, "needs a reason");
	expect_error("ignore:\n  - rule: DF-USER-ROOT\n    reason: x\n"
		     "    expires: 31/01/2026\n",
		     4, 14, "YYYY-MM-DD");
	expect_error("min-score: 120\n", 1, 12, "from 0 to 100");
	expect_error("fail-on: severe\n", 1, 10, "fail-on must be");
	expect_error("severity:\n  DF-USER-ROOT: huge\n", 2, 17, "severity");
	expect_error("- a\n- b\n", 1, 1, "must be a map");
	expect_error("a: [1\n", 2, 1, "");
}

static void test_empty_config_is_fine(void **s)
{
	cs_config c;
	cs_arena a;
	cs_error err;
	assert_true(load(&c, &a, "", &err));
	assert_false(c.has_min_score);
	cs_arena_free(&a);
	assert_true(load(&c, &a, "# only a comment\n", &err));
	cs_arena_free(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_full_config),
		cmocka_unit_test(test_errors_are_located),
		cmocka_unit_test(test_empty_config_is_fine),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

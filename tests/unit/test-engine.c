/*
 * test-engine.c - the pipeline for one file: findings, suppressions,
 * checks, fingerprints and input errors.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "engine.h"
#include "rules/rule.h"

static void scan(cs_file_result *r, const char *text, const cs_config *cfg)
{
	cs_scan_opts o = {.config = cfg};
	cs_scan_buffer(r, "svc/Dockerfile", CS_KIND_DOCKERFILE, text,
		       strlen(text), &o);
}

static const cs_finding *find(const cs_file_result *r, const char *id)
{
	for (size_t i = 0; i < r->nfindings; i++)
		if (strcmp(r->findings[i].rule->id, id) == 0)
			return &r->findings[i];
	return NULL;
}

static const cs_check *check(const cs_file_result *r, const char *id)
{
	for (size_t i = 0; i < r->nchecks; i++)
		if (strcmp(r->checks[i].rule->id, id) == 0)
			return &r->checks[i];
	return NULL;
}

static void test_finding_is_located(void **s)
{
	cs_file_result r;
	scan(&r, "FROM alpine:3.19\nUSER root\n", NULL);
	const cs_finding *f = find(&r, "DF-USER-ROOT");
	assert_non_null(f);
	assert_int_equal(f->start.line, 2);
	assert_string_equal(f->file, "svc/Dockerfile");
	assert_int_equal(f->suppressed, CS_SUPP_NONE);
	assert_int_equal(strlen(f->fingerprint), 16);
	assert_int_equal(check(&r, "DF-USER-ROOT")->status, CS_CHECK_FAILED);
	assert_false(r.input_error);
	cs_file_result_free(&r);
}

static void test_fingerprint_ignores_line_moves(void **s)
{
	cs_file_result a, b;
	scan(&a, "FROM alpine:3.19\nUSER root\n", NULL);
	scan(&b, "# moved\n\nFROM alpine:3.19\n\nUSER root\n", NULL);
	const cs_finding *fa = find(&a, "DF-USER-ROOT");
	const cs_finding *fb = find(&b, "DF-USER-ROOT");
	assert_non_null(fa);
	assert_non_null(fb);
	assert_int_not_equal(fa->start.line, fb->start.line);
	assert_string_equal(fa->fingerprint, fb->fingerprint);
	cs_file_result_free(&a);
	cs_file_result_free(&b);
}

static void test_inline_suppression(void **s)
{
	cs_file_result r;
	scan(&r,
	     "FROM alpine:3.19\n"
	     "# customs:ignore=DF-USER-ROOT the entrypoint drops to uid 1000\n"
	     "USER root\n",
	     NULL);
	const cs_finding *f = find(&r, "DF-USER-ROOT");
	assert_non_null(f);
	assert_int_equal(f->suppressed, CS_SUPP_INLINE);
	assert_string_equal(f->supp_reason, "the entrypoint drops to uid 1000");
	assert_int_equal(check(&r, "DF-USER-ROOT")->status,
			 CS_CHECK_SUPPRESSED);
	assert_int_equal(r.nsuppressed, 1);
	cs_file_result_free(&r);
}

static void test_inline_suppression_is_for_next_instruction(void **s)
{
	cs_file_result r;
	scan(&r,
	     "FROM alpine:3.19\n"
	     "# customs:ignore=DF-USER-ROOT only the next one\n"
	     "WORKDIR /app\n"
	     "USER root\n",
	     NULL);
	const cs_finding *f = find(&r, "DF-USER-ROOT");
	assert_non_null(f);
	assert_int_equal(f->suppressed, CS_SUPP_NONE);
	cs_file_result_free(&r);
}

static void test_hadolint_pragma_maps(void **s)
{
	cs_file_result r;
	scan(&r,
	     "FROM alpine:3.19\n"
	     "# hadolint ignore=DL3002\n"
	     "USER root\n",
	     NULL);
	const cs_finding *f = find(&r, "DF-USER-ROOT");
	assert_non_null(f);
	assert_int_equal(f->suppressed, CS_SUPP_INLINE);
	cs_file_result_free(&r);
}

static void test_file_suppression_covers_missing_findings(void **s)
{
	cs_file_result r;
	scan(&r,
	     "# customs:ignore-file=DF-HEALTHCHECK probed by kubelet\n"
	     "FROM alpine:3.19\nUSER 1000\n",
	     NULL);
	const cs_finding *f = find(&r, "DF-HEALTHCHECK");
	assert_non_null(f);
	assert_int_equal(f->suppressed, CS_SUPP_FILE);
	assert_int_equal(check(&r, "DF-HEALTHCHECK")->status,
			 CS_CHECK_SUPPRESSED);
	cs_file_result_free(&r);
}

static void test_unknown_rule_in_pragma_is_an_error(void **s)
{
	cs_file_result r;
	scan(&r, "FROM alpine:3.19\n# customs:ignore=DF-NOPE\nUSER 1\n", NULL);
	const cs_finding *f = find(&r, "INPUT-PARSE");
	assert_non_null(f);
	assert_int_equal(f->start.line, 2);
	assert_non_null(strstr(f->message, "DF-NOPE"));
	assert_true(r.input_error);
	cs_file_result_free(&r);
}

static void test_config_waiver_and_expiry(void **s)
{
	cs_arena a;
	cs_arena_init(&a, 0);
	cs_config c;
	cs_config_init(&c);
	cs_error err = {0};
	const char *y = "ignore:\n"
			"  - rule: DF-USER-ROOT\n    reason: accepted\n"
			"    expires: 2020-01-01\n"
			"  - rule: DF-HEALTHCHECK\n    reason: probed\n"
			"severity:\n  DF-USER-ROOT: critical\n";
	assert_true(cs_config_parse(&c, y, strlen(y), "c", "2026-01-01", &a,
				    &err));
	cs_file_result r;
	scan(&r, "FROM alpine:3.19\nUSER root\n", &c);
	const cs_finding *root = find(&r, "DF-USER-ROOT");
	assert_non_null(root);
	assert_int_equal(root->suppressed, CS_SUPP_NONE);
	assert_int_equal(root->severity, CS_SEV_CRITICAL);
	assert_non_null(root->note);
	assert_non_null(strstr(root->note, "2020-01-01"));
	/* an unsuppressed critical caps the score */
	assert_true(r.score.value <= 59.99);
	assert_string_equal(r.score.grade, "F");
	const cs_finding *hc = find(&r, "DF-HEALTHCHECK");
	assert_non_null(hc);
	assert_int_equal(hc->suppressed, CS_SUPP_CONFIG);
	assert_string_equal(hc->supp_reason, "probed");
	cs_file_result_free(&r);
	cs_arena_free(&a);
}

static void test_empty_and_binary_inputs(void **s)
{
	cs_file_result r;
	scan(&r, "", NULL);
	assert_true(r.input_error);
	assert_non_null(find(&r, "INPUT-PARSE"));
	assert_false(r.score.has_score);
	cs_file_result_free(&r);

	cs_scan_opts o = {0};
	cs_scan_buffer(&r, "bin", CS_KIND_DOCKERFILE, "FROM a\n\0\1\2", 10, &o);
	assert_true(r.input_error);
	const cs_finding *f = find(&r, "INPUT-PARSE");
	assert_non_null(f);
	assert_int_equal(f->start.line, 2);
	cs_file_result_free(&r);
}

static void test_findings_are_sorted(void **s)
{
	cs_file_result r;
	scan(&r,
	     "FROM ubuntu\nRUN apt-get update\nRUN apt-get install curl\n"
	     "USER root\nEXPOSE 22\n",
	     NULL);
	assert_true(r.nfindings >= 4);
	for (size_t i = 1; i < r.nfindings; i++) {
		const cs_finding *p = &r.findings[i - 1], *q = &r.findings[i];
		assert_true(p->start.line < q->start.line ||
			    (p->start.line == q->start.line &&
			     p->start.col <= q->start.col));
	}
	cs_file_result_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_finding_is_located),
		cmocka_unit_test(test_fingerprint_ignores_line_moves),
		cmocka_unit_test(test_inline_suppression),
		cmocka_unit_test(test_inline_suppression_is_for_next_instruction),
		cmocka_unit_test(test_hadolint_pragma_maps),
		cmocka_unit_test(test_file_suppression_covers_missing_findings),
		cmocka_unit_test(test_unknown_rule_in_pragma_is_an_error),
		cmocka_unit_test(test_config_waiver_and_expiry),
		cmocka_unit_test(test_empty_and_binary_inputs),
		cmocka_unit_test(test_findings_are_sorted),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* test-score.c - weights, score, cap and grade ladder. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "engine.h"

static void test_grade_ladder(void **s)
{
	assert_string_equal(cs_grade(100), "A+");
	assert_string_equal(cs_grade(95), "A+");
	assert_string_equal(cs_grade(94.99), "A");
	assert_string_equal(cs_grade(90), "A");
	assert_string_equal(cs_grade(89.99), "B");
	assert_string_equal(cs_grade(80), "B");
	assert_string_equal(cs_grade(70), "C");
	assert_string_equal(cs_grade(69.99), "D");
	assert_string_equal(cs_grade(60), "D");
	assert_string_equal(cs_grade(59.99), "F");
	assert_string_equal(cs_grade(0), "F");
}

static void test_weights(void **s)
{
	assert_int_equal(cs_severity_weight(CS_SEV_CRITICAL), 10);
	assert_int_equal(cs_severity_weight(CS_SEV_HIGH), 6);
	assert_int_equal(cs_severity_weight(CS_SEV_MEDIUM), 3);
	assert_int_equal(cs_severity_weight(CS_SEV_LOW), 1);
	assert_int_equal(cs_severity_weight(CS_SEV_INFO), 0);
}

static void test_score_from_checks(void **s)
{
	cs_check c[] = {
		{NULL, "build", CS_SEV_HIGH, CS_CHECK_PASSED},      /* 6/6  */
		{NULL, "build", CS_SEV_MEDIUM, CS_CHECK_FAILED},    /* 0/3  */
		{NULL, "build", CS_SEV_LOW, CS_CHECK_PASSED},       /* 1/1  */
		{NULL, "build", CS_SEV_HIGH, CS_CHECK_SUPPRESSED},  /* out  */
		{NULL, "build", CS_SEV_INFO, CS_CHECK_FAILED},      /* 0/0  */
	};
	cs_score sc;
	cs_score_checks(&sc, c, 5);
	assert_true(sc.has_score);
	assert_true(sc.passed == 7 && sc.total == 10);
	assert_true(sc.value == 70.0);
	assert_string_equal(sc.grade, "C");
	assert_false(sc.capped);
}

static void test_critical_caps(void **s)
{
	cs_check c[20];
	for (int i = 0; i < 20; i++)
		c[i] = (cs_check){NULL, "x", CS_SEV_HIGH, CS_CHECK_PASSED};
	c[0] = (cs_check){NULL, "x", CS_SEV_CRITICAL, CS_CHECK_FAILED};
	cs_score sc;
	cs_score_checks(&sc, c, 20);   /* 114/124 = 91.94 uncapped */
	assert_true(sc.critical);
	assert_true(sc.capped);
	assert_true(sc.value == 59.99);
	assert_string_equal(sc.grade, "F");
	/* suppressed critical: no cap */
	c[0].status = CS_CHECK_SUPPRESSED;
	cs_score_checks(&sc, c, 20);
	assert_false(sc.critical);
	assert_false(sc.capped);
	assert_true(sc.value == 100.0);
}

/* The run sums files; a critical in any file caps the run, even when
 * that file's own score was under the cap already (so it is not "capped"). */
static void test_run_aggregate(void **s)
{
	cs_file_result a = {0}, b = {0};
	cs_check ca[] = {
		{NULL, "x", CS_SEV_CRITICAL, CS_CHECK_FAILED},
	};
	cs_check cb[20];
	for (int i = 0; i < 20; i++)
		cb[i] = (cs_check){NULL, "x", CS_SEV_HIGH, CS_CHECK_PASSED};
	cs_score_checks(&a.score, ca, 1);
	cs_score_checks(&b.score, cb, 20);
	assert_true(a.score.value == 0.0);
	assert_false(a.score.capped);
	assert_true(a.score.critical);
	cs_score run = {0};
	cs_score_add(&run, &a);
	cs_score_add(&run, &b);
	cs_score_finish(&run, run.critical);
	assert_true(run.passed == 120 && run.total == 130);  /* 92.31 */
	assert_true(run.capped);
	assert_true(run.value == 59.99);
	assert_string_equal(run.grade, "F");
}

static void test_no_applicable_checks(void **s)
{
	cs_score sc;
	cs_score_checks(&sc, NULL, 0);
	assert_false(sc.has_score);
	assert_string_equal(sc.grade, "n/a");
}

static void test_rounding_agrees_with_grade(void **s)
{
	/* 2 of 3 equal checks = 66.666.. -> 66.67, D */
	cs_check c[] = {
		{NULL, "b", CS_SEV_LOW, CS_CHECK_PASSED},
		{NULL, "b", CS_SEV_LOW, CS_CHECK_PASSED},
		{NULL, "b", CS_SEV_LOW, CS_CHECK_FAILED},
	};
	cs_score sc;
	cs_score_checks(&sc, c, 3);
	assert_true(sc.value == 66.67);
	assert_string_equal(sc.grade, "D");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_grade_ladder),
		cmocka_unit_test(test_weights),
		cmocka_unit_test(test_score_from_checks),
		cmocka_unit_test(test_critical_caps),
		cmocka_unit_test(test_run_aggregate),
		cmocka_unit_test(test_no_applicable_checks),
		cmocka_unit_test(test_rounding_agrees_with_grade),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * score.c - weights, score and grade (DESIGN.md "Score and grade").
 *
 * A file's score is 100 x weight(passed checks) / weight(applicable checks);
 * suppressed checks leave both sums.  One failed critical check caps it at
 * 59.99, so a privileged container is never "mostly fine".  Scores are
 * rounded to two decimals before grading so that the grade shown always
 * agrees with the number shown.
 */
#include <math.h>

#include "engine.h"

const char *cs_grade(double s)
{
	if (s >= 95)
		return "A+";
	if (s >= 90)
		return "A";
	if (s >= 80)
		return "B";
	if (s >= 70)
		return "C";
	if (s >= 60)
		return "D";
	return "F";
}

void cs_score_finish(cs_score *s, bool any_capped)
{
	s->has_score = s->total > 0;
	s->capped = false;
	if (!s->has_score) {
		s->value = 0;
		s->grade = "n/a";
		return;
	}
	double v = floor(100.0 * s->passed / s->total * 100.0 + 0.5) / 100.0;
	if (any_capped && v > 59.99) {
		v = 59.99;
		s->capped = true;
	}
	s->value = v;
	s->grade = cs_grade(v);
}

void cs_score_checks(cs_score *s, const cs_check *checks, size_t n)
{
	bool critical = false;
	s->passed = s->total = 0;
	for (size_t i = 0; i < n; i++) {
		const cs_check *c = &checks[i];
		if (c->status == CS_CHECK_SUPPRESSED)
			continue;
		double w = cs_severity_weight(c->severity);
		s->total += w;
		if (c->status == CS_CHECK_PASSED)
			s->passed += w;
		else if (c->severity == CS_SEV_CRITICAL)
			critical = true;
	}
	s->critical = critical;
	cs_score_finish(s, critical);
}

void cs_score_add(cs_score *run, const cs_file_result *r)
{
	run->passed += r->score.passed;
	run->total += r->score.total;
	run->critical = run->critical || r->score.critical;
}

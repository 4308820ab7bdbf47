/*
 * junit.c - JUnit XML, for CI systems that show test results but not SARIF.
 *
 * Each file is a test suite and each check (one rule on one subject) a test
 * case, so the CI's pass/fail counts are the same checks the score is made
 * of: a failed check is a <failure> listing its findings, a suppressed one
 * is <skipped>, and an input that could not be read or parsed is an <error>.
 * The score and grade are suite properties.  No timestamps or durations, so
 * the same run gives the same bytes.  All text is escaped and characters
 * XML 1.0 cannot carry (control bytes, invalid UTF-8) are dropped or
 * replaced, since the messages quote the scanned file.
 *
 * The header carries run-wide counts, so a first pass adds them up; the
 * suites are then rendered and written one file at a time.
 */
#include "report-priv.h"

#include <string.h>

static void add_xml(cs_buf *b, const char *s, bool attr)
{
	uint32_t cp;
	size_t n;
	for (const char *p = s ? s : ""; (n = cs_rep_utf8_next(p, &cp)) != 0;
	     p += n) {
		switch (cp) {
		case '&':
			cs_buf_adds(b, "&amp;");
			continue;
		case '<':
			cs_buf_adds(b, "&lt;");
			continue;
		case '>':
			cs_buf_adds(b, "&gt;");
			continue;
		case '"':
			cs_buf_adds(b, "&quot;");
			continue;
		case '\'':
			cs_buf_adds(b, "&apos;");
			continue;
		case '\t':
		case '\n':
		case '\r':
			/* attribute values would normalize them to spaces */
			if (attr)
				cs_buf_printf(b, "&#%u;", cp);
			else
				cs_buf_addc(b, (char)cp);
			continue;
		}
		if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) || cp == 0xfffe ||
		    cp == 0xffff)
			continue;
		cs_rep_add_cp(b, cp);
	}
}

static void attr(cs_buf *b, const char *name, const char *value)
{
	cs_buf_printf(b, " %s=\"", name);
	add_xml(b, value, true);
	cs_buf_addc(b, '"');
}

static void attr_n(cs_buf *b, const char *name, size_t v)
{
	cs_buf_printf(b, " %s=\"%zu\"", name, v);
}

static void score_strs(const cs_score *s, char num[32], const char **grade)
{
	if (s->has_score) {
		cs_rep_score_str(num, s->value);
		*grade = s->grade ? s->grade : "n/a";
	} else {
		strcpy(num, "n/a");
		*grade = "n/a";
	}
}

/*
 * Check subjects name the scored unit ("build") and finding subjects the
 * place ("stage final"), so a finding belongs to a check by rule, and also
 * by subject when some finding of the rule carries the check's subject.
 * That is decided once per check, keeping a file with many findings linear.
 */
static bool by_subject(const cs_file_result *r, const cs_check *c)
{
	for (size_t i = 0; i < r->nfindings; i++) {
		const cs_finding *g = &r->findings[i];
		if (g->rule == c->rule && g->subject && c->subject &&
		    strcmp(g->subject, c->subject) == 0)
			return true;
	}
	return false;
}

static bool belongs(const cs_check *c, bool subj, const cs_finding *f)
{
	if (f->rule != c->rule || cs_rep_is_input(f))
		return false;
	return !subj || (f->subject && strcmp(f->subject, c->subject) == 0);
}

static void testcase_open(cs_buf *b, const cs_file_result *r,
			  const char *name)
{
	cs_buf_adds(b, "    <testcase");
	attr(b, "classname", r->path);
	attr(b, "name", name);
}

static void failed_check(cs_buf *b, const cs_file_result *r,
			 const cs_check *c)
{
	const cs_finding *first = NULL;
	size_t n = 0;
	bool subj = by_subject(r, c);
	for (size_t i = 0; i < r->nfindings; i++) {
		const cs_finding *f = &r->findings[i];
		if (!f->suppressed && belongs(c, subj, f)) {
			if (!first)
				first = f;
			n++;
		}
	}
	cs_buf_adds(b, "      <failure");
	attr(b, "type", cs_severity_name(c->severity));
	cs_buf_adds(b, " message=\"");
	add_xml(b, first ? first->message : cs_rep_rule_title(c->rule), true);
	if (n > 1)
		cs_buf_printf(b, " (and %zu more)", n - 1);
	cs_buf_adds(b, "\">");
	bool nl = false;
	for (size_t i = 0; i < r->nfindings; i++) {
		const cs_finding *f = &r->findings[i];
		if (f->suppressed || !belongs(c, subj, f))
			continue;
		cs_mark at, end;
		cs_rep_span(f, &at, &end);
		cs_buf_printf(b, "%s%u:%u ", nl ? "\n" : "", at.line, at.col);
		add_xml(b, f->message, false);
		nl = true;
	}
	cs_buf_adds(b, "</failure>\n");
}

static void skipped_check(cs_buf *b, const cs_file_result *r,
			  const cs_check *c)
{
	const cs_finding *why = NULL;
	bool subj = by_subject(r, c);
	for (size_t i = 0; i < r->nfindings && !why; i++) {
		const cs_finding *f = &r->findings[i];
		if (f->suppressed && belongs(c, subj, f))
			why = f;
	}
	cs_buf_adds(b, "      <skipped message=\"");
	if (why) {
		add_xml(b, cs_supp_name(why->suppressed), true);
		if (why->supp_reason && *why->supp_reason) {
			cs_buf_adds(b, ": ");
			add_xml(b, why->supp_reason, true);
		}
	} else {
		cs_buf_adds(b, "suppressed");
	}
	cs_buf_adds(b, "\"/>\n");
}

/* A suite's counts: checks failed and suppressed, input errors. */
static void suite_counts(const cs_file_result *r, size_t *nfail, size_t *nskip,
			 size_t *nerr)
{
	*nfail = *nskip = *nerr = 0;
	for (size_t i = 0; i < r->nchecks; i++) {
		*nfail += r->checks[i].status == CS_CHECK_FAILED;
		*nskip += r->checks[i].status == CS_CHECK_SUPPRESSED;
	}
	for (size_t i = 0; i < r->nfindings; i++)
		*nerr += cs_rep_is_input(&r->findings[i]);
}

static void suite(cs_buf *b, const cs_file_result *r)
{
	size_t nfail, nskip, nerr;
	suite_counts(r, &nfail, &nskip, &nerr);

	char num[32];
	const char *grade;
	score_strs(&r->score, num, &grade);
	cs_buf_adds(b, "  <testsuite");
	attr(b, "name", r->path);
	attr_n(b, "tests", r->nchecks + nerr);
	attr_n(b, "failures", nfail);
	attr_n(b, "errors", nerr);
	attr_n(b, "skipped", nskip);
	cs_buf_adds(b, ">\n    <properties>\n");
	cs_buf_adds(b, "      <property name=\"score\"");
	attr(b, "value", num);
	cs_buf_adds(b, "/>\n      <property name=\"grade\"");
	attr(b, "value", grade);
	cs_buf_adds(b, "/>\n    </properties>\n");

	for (size_t i = 0; i < r->nfindings; i++) {
		const cs_finding *f = &r->findings[i];
		if (!cs_rep_is_input(f))
			continue;
		cs_mark at, end;
		cs_rep_span(f, &at, &end);
		testcase_open(b, r, cs_rep_rule_id(f->rule));
		cs_buf_adds(b, ">\n      <error");
		attr(b, "type", cs_rep_rule_id(f->rule));
		attr(b, "message", f->message);
		cs_buf_printf(b, ">%u:%u ", at.line, at.col);
		add_xml(b, f->message, false);
		cs_buf_adds(b, "</error>\n    </testcase>\n");
	}
	cs_buf name;
	cs_buf_init(&name, 0);
	for (size_t i = 0; i < r->nchecks; i++) {
		const cs_check *c = &r->checks[i];
		cs_buf_reset(&name);
		cs_buf_printf(&name, "%s %s", cs_rep_rule_id(c->rule),
			      c->subject ? c->subject : "");
		testcase_open(b, r, name.data);
		if (c->status == CS_CHECK_PASSED) {
			cs_buf_adds(b, "/>\n");
			continue;
		}
		cs_buf_adds(b, ">\n");
		if (c->status == CS_CHECK_FAILED)
			failed_check(b, r, c);
		else
			skipped_check(b, r, c);
		cs_buf_adds(b, "    </testcase>\n");
	}
	if (name.failed)
		b->failed = true;
	cs_buf_free(&name);
	cs_buf_adds(b, "  </testsuite>\n");
}

bool cs_rep_junit(cs_sink *sink, const cs_run *run)
{
	size_t tests = 0, failures = 0, errors = 0;
	for (size_t i = 0; i < run->nfiles; i++) {
		size_t nfail, nskip, nerr;
		suite_counts(run->files[i], &nfail, &nskip, &nerr);
		tests += run->files[i]->nchecks + nerr;
		failures += nfail;
		errors += nerr;
	}

	cs_buf chunk;
	cs_buf_init(&chunk, 0);
	cs_buf *out = &chunk;
	char num[32];
	const char *grade;
	score_strs(&run->score, num, &grade);
	cs_buf_adds(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
	cs_buf_adds(out, "<testsuites name=\"customs\"");
	attr_n(out, "tests", tests);
	attr_n(out, "failures", failures);
	attr_n(out, "errors", errors);
	cs_buf_adds(out, ">\n");
	/* JUnit has no place for run-wide properties; a comment keeps
	 * strict schema validators happy and still shows the total. */
	cs_buf_printf(out, "  <!-- total score %s, grade %s -->\n", num, grade);
	for (size_t i = 0; i < run->nfiles && cs_rep_flush(sink, out); i++)
		suite(out, run->files[i]);
	cs_buf_adds(out, "</testsuites>\n");
	bool ok = cs_rep_flush(sink, out);
	cs_buf_free(out);
	return ok;
}

/*
 * test-report.c - every output format against a hand-built run.
 *
 * The run has a file with findings, a suppressed finding and an expired
 * waiver note, a file that could not be parsed (no score, "n/a"), and a file
 * capped by a critical finding whose path needs URI encoding.  Text and
 * JUnit are compared byte for byte; JSON and SARIF are parsed back and
 * checked field by field, plus the exact spelling of the scores.  Streaming
 * is checked through a sink that records its writes.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "report/report-priv.h"
#include "report/report.h"
#include "rules/rule.h"

/* ---- the fixture --------------------------------------------------------- */

static const cs_rule r_root = {
	.id = "DF-USER-ROOT",
	.title = "The final stage runs as root",
	.severity = CS_SEV_HIGH,
	.targets = CS_TARGET_DOCKERFILE,
	.scope = CS_SCOPE_FINAL_STAGE,
	.rationale = "A process that runs as root in the container is root "
		     "on the host once it breaks out, and every file in the "
		     "image is writable to it.  Running as an unprivileged "
		     "user closes that door cheaply.",
	.remediation = "Add a USER instruction naming a non-root user, e.g. "
		       "USER 10001.  Create the user first.",
	.example = "RUN useradd -u 10001 app\nUSER app",
	.cis = "CIS Docker 1.6 4.1",
	.nist = "",
	.owasp = "OWASP Docker Top 10 D02",
	.hadolint = "DL3002",
	.trivy = "DS-0002",
	.checkov = "CKV_DOCKER_3",
	.kics = "",
};

static const cs_rule r_pin = {
	.id = "DF-APT-PIN",
	.title = "apt-get install without versions",
	.severity = CS_SEV_MEDIUM,
	.targets = CS_TARGET_DOCKERFILE,
	.scope = CS_SCOPE_EVERY_STAGE,
	.rationale = "Unpinned packages change under you.",
	.remediation = "Pin each package: apt-get install curl=7.88.1-10.  "
		       "Rebuild.",
	.example = "",
};

static const cs_rule r_curl = {
	.id = "DF-CURL-PIPE",
	.title = "Remote script piped to a shell",
	.severity = CS_SEV_LOW,
	.targets = CS_TARGET_DOCKERFILE,
	.scope = CS_SCOPE_EVERY_STAGE,
	.rationale = "Whatever the server sends runs.",
	.remediation = "Download, verify the checksum, then run.",
	.example = "",
};

static const cs_rule r_secret = {
	.id = "DF-SECRET-ENV",
	.title = "A secret in ENV",
	.severity = CS_SEV_CRITICAL,
	.targets = CS_TARGET_DOCKERFILE,
	.scope = CS_SCOPE_EVERY_STAGE,
	.rationale = "ENV values are stored in the image config.",
	.remediation = "Pass secrets at build time with RUN "
		       "--mount=type=secret.  Never bake them in.",
	.example = "RUN --mount=type=secret,id=key cat /run/secrets/key",
};

static const cs_rule r_input = {
	.id = "INPUT-PARSE",
	.title = "Input could not be parsed",
	.severity = CS_SEV_HIGH,
	.targets = CS_TARGET_INPUT,
	.scope = CS_SCOPE_FILE,
	.rationale = "A syntax error means the build would fail.",
	.remediation = "Fix the syntax at the reported line and column.",
	.example = "",
};

static cs_finding fa[3];
static cs_check ca[4];
static cs_finding fb[1];
static cs_finding fc[1];
static cs_check cc[2];
static cs_file_result file_a, file_b, file_c;
static cs_file_result *files[3];
static cs_run run;

static cs_finding mk(const cs_rule *r, cs_severity sev, const char *file,
		     uint32_t l, uint32_t c, uint32_t el, uint32_t ec,
		     const char *subject, const char *value, const char *msg,
		     const char *fp)
{
	cs_finding f = {0};
	f.rule = r;
	f.severity = sev;
	f.file = file;
	f.start = (cs_mark){l, c};
	f.end = (cs_mark){el, ec};
	f.anchor_line = l;
	f.subject = subject;
	f.value = value;
	f.message = msg;
	strcpy(f.fingerprint, fp);
	return f;
}

static int setup(void **state)
{
	memset(&run, 0, sizeof(run));

	fa[0] = mk(&r_root, CS_SEV_HIGH, "app/Dockerfile", 5, 1, 5, 10,
		   "stage final", "root",
		   "USER root: the final stage runs as root",
		   "789772e2a3c1c244");
	fa[1] = mk(&r_pin, CS_SEV_MEDIUM, "app/Dockerfile", 7, 5, 7, 30,
		   "stage final", "curl",
		   "apt-get install curl without a version",
		   "00000000000000a1");
	fa[1].note = "waiver expired on 2026-01-01: legacy";
	fa[2] = mk(&r_curl, CS_SEV_LOW, "app/Dockerfile", 9, 1, 9, 1,
		   "stage final", NULL, "curl output piped to sh",
		   "00000000000000a2");
	fa[2].suppressed = CS_SUPP_CONFIG;
	fa[2].supp_reason = "vendor script is pinned by hash";
	ca[0] = (cs_check){&r_pin, "build", CS_SEV_MEDIUM, CS_CHECK_FAILED};
	ca[1] = (cs_check){&r_curl, "build", CS_SEV_LOW, CS_CHECK_SUPPRESSED};
	ca[2] = (cs_check){&r_secret, "build", CS_SEV_CRITICAL,
			   CS_CHECK_PASSED};
	ca[3] = (cs_check){&r_root, "build", CS_SEV_HIGH, CS_CHECK_FAILED};
	memset(&file_a, 0, sizeof(file_a));
	file_a.path = "app/Dockerfile";
	file_a.kind = CS_KIND_DOCKERFILE;
	file_a.findings = fa;
	file_a.nfindings = 3;
	file_a.checks = ca;
	file_a.nchecks = 4;
	file_a.score = (cs_score){29, 40, true, 72.5, false, "C", false};
	file_a.counts[CS_SEV_HIGH] = 1;
	file_a.counts[CS_SEV_MEDIUM] = 1;
	file_a.nsuppressed = 1;

	fb[0] = mk(&r_input, CS_SEV_HIGH, "broken/Dockerfile", 3, 1, 3, 1,
		   "file", NULL, "unknown instruction \"FORM\"",
		   "00000000000000b1");
	memset(&file_b, 0, sizeof(file_b));
	file_b.path = "broken/Dockerfile";
	file_b.kind = CS_KIND_DOCKERFILE;
	file_b.findings = fb;
	file_b.nfindings = 1;
	file_b.score = (cs_score){0, 0, false, 0, false, "n/a", false};
	file_b.input_error = true;

	fc[0] = mk(&r_secret, CS_SEV_CRITICAL, "svc one/Dockerfile", 2, 1, 2,
		   40, "stage final", "AWS_SECRET_ACCESS_KEY",
		   "ENV AWS_SECRET_ACCESS_KEY holds a secret",
		   "00000000000000c1");
	cc[0] = (cs_check){&r_secret, "build", CS_SEV_CRITICAL,
			   CS_CHECK_FAILED};
	cc[1] = (cs_check){&r_root, "build", CS_SEV_HIGH, CS_CHECK_PASSED};
	memset(&file_c, 0, sizeof(file_c));
	file_c.path = "svc one/Dockerfile";
	file_c.kind = CS_KIND_DOCKERFILE;
	file_c.findings = fc;
	file_c.nfindings = 1;
	file_c.checks = cc;
	file_c.nchecks = 2;
	file_c.score = (cs_score){20, 30, true, 59.99, true, "F", true};
	file_c.counts[CS_SEV_CRITICAL] = 1;

	files[0] = &file_a;
	files[1] = &file_b;
	files[2] = &file_c;
	run.tool_version = "0.1.0";
	run.files = files;
	run.nfiles = 3;
	run.score = (cs_score){49, 70, true, 59.99, true, "F", true};
	run.counts[CS_SEV_CRITICAL] = 1;
	run.counts[CS_SEV_HIGH] = 1;
	run.counts[CS_SEV_MEDIUM] = 1;
	run.nsuppressed = 1;
	run.input_error = true;
	run.has_min_score = true;
	run.min_score = 70;
	run.gate_failed = true;
	run.gate_reason = "score 59.99 is under --min-score 70";
	return 0;
}

/* ---- helpers ------------------------------------------------------------- */

static char *render(cs_format f, const cs_report_opts *o)
{
	cs_buf b;
	cs_buf_init(&b, 0);
	assert_true(cs_report_write(&b, f, &run, o));
	assert_false(b.failed);
	return cs_buf_detach(&b, NULL);
}

static json_t *render_json(cs_format f)
{
	char *s = render(f, NULL);
	json_error_t err;
	json_t *j = json_loads(s, 0, &err);
	if (!j)
		fail_msg("invalid JSON at %d:%d: %s", err.line, err.column,
			 err.text);
	free(s);
	return j;
}

static const char *jget_s(json_t *o, const char *path)
{
	json_t *v = json_object_get(o, path);
	if (!json_is_string(v))
		fail_msg("%s is not a string", path);
	return json_string_value(v);
}

static json_int_t jget_i(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);
	if (!json_is_integer(v))
		fail_msg("%s is not an integer", key);
	return json_integer_value(v);
}

/* ---- finding.c ----------------------------------------------------------- */

/* The fix line is the remediation's first sentence; "e.g." and "i.e."
 * do not end it, after a blank or an opening parenthesis alike. */
static void test_first_sentence(void **state)
{
	static const char *const cases[][2] = {
		{"Pin it. Then test.", "Pin it."},
		{"Use a tag, e.g. 1.2. Then pin.", "Use a tag, e.g. 1.2."},
		{"Read it (e.g. --chmod=0644) first. More.",
		 "Read it (e.g. --chmod=0644) first."},
		{"One thing, i.e. this!  Not that.", "One thing, i.e. this!"},
		{"  spaced\n  out. x", "spaced out."},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		cs_buf b;
		cs_buf_init(&b, 0);
		cs_rep_first_sentence(&b, cases[i][0]);
		assert_string_equal(b.data ? b.data : "", cases[i][1]);
		cs_buf_free(&b);
	}
}

static void test_severity(void **state)
{
	assert_string_equal(cs_severity_name(CS_SEV_CRITICAL), "critical");
	assert_string_equal(cs_severity_name(CS_SEV_INFO), "info");
	cs_severity s = CS_SEV_INFO;
	assert_true(cs_severity_parse("medium", &s));
	assert_int_equal(s, CS_SEV_MEDIUM);
	assert_true(cs_severity_parse("HIGH", &s));
	assert_int_equal(s, CS_SEV_HIGH);
	assert_false(cs_severity_parse("severe", &s));
	assert_false(cs_severity_parse("", &s));
	assert_false(cs_severity_parse(NULL, &s));
	assert_int_equal(s, CS_SEV_HIGH);
	assert_int_equal(cs_severity_weight(CS_SEV_CRITICAL), 10);
	assert_int_equal(cs_severity_weight(CS_SEV_HIGH), 6);
	assert_int_equal(cs_severity_weight(CS_SEV_MEDIUM), 3);
	assert_int_equal(cs_severity_weight(CS_SEV_LOW), 1);
	assert_int_equal(cs_severity_weight(CS_SEV_INFO), 0);
	assert_string_equal(cs_supp_name(CS_SUPP_INLINE), "inline");
	assert_string_equal(cs_supp_name(CS_SUPP_FILE), "file");
	assert_string_equal(cs_supp_name(CS_SUPP_CONFIG), "config");
}

static void test_fingerprint(void **state)
{
	char a[17], b[17];
	cs_fingerprint(a, "DF-USER-ROOT", "Dockerfile", "stage final", NULL,
		       "root");
	assert_string_equal(a, "789772e2a3c1c244");
	cs_fingerprint(b, "DF-USER-ROOT", "Dockerfile", "stage final", "",
		       "root");
	assert_string_equal(a, b);   /* NULL is "" */
	/* the separators keep part boundaries apart */
	cs_fingerprint(a, "ab", "c", NULL, NULL, NULL);
	cs_fingerprint(b, "a", "bc", NULL, NULL, NULL);
	assert_string_equal(a, "a79faa024ea36657");
	assert_string_equal(b, "f31ac9bc48eb4cd3");
	cs_fingerprint(a, NULL, NULL, NULL, NULL, NULL);
	assert_string_equal(a, "e4bc4fd9252be94f");
}

static void test_format_names(void **state)
{
	cs_format f = CS_FMT_TEXT;
	assert_true(cs_format_parse("sarif", &f));
	assert_int_equal(f, CS_FMT_SARIF);
	assert_true(cs_format_parse("junit", &f));
	assert_int_equal(f, CS_FMT_JUNIT);
	assert_true(cs_format_parse("json", &f));
	assert_int_equal(f, CS_FMT_JSON);
	assert_false(cs_format_parse("xml", &f));
	assert_false(cs_format_parse("JSON", &f));
	assert_string_equal(cs_format_name(CS_FMT_TEXT), "text");
	assert_string_equal(cs_format_name(CS_FMT_SARIF), "sarif");
}

/* ---- text ---------------------------------------------------------------- */

static void test_text(void **state)
{
	cs_report_opts o = {0};
	char *s = render(CS_FMT_TEXT, &o);
	assert_string_equal(
		s,
		"app/Dockerfile  (dockerfile)  score 72.5  grade C\n"
		"  5:1  high  DF-USER-ROOT  USER root: the final stage runs "
		"as root\n"
		"    subject: stage final, fix: Add a USER instruction naming "
		"a non-root user, e.g. USER 10001.\n"
		"  7:5  medium  DF-APT-PIN  apt-get install curl without a "
		"version\n"
		"    subject: stage final, fix: Pin each package: apt-get "
		"install curl=7.88.1-10.\n"
		"    note: waiver expired on 2026-01-01: legacy\n"
		"  9:1  suppressed DF-CURL-PIPE  curl output piped to sh "
		"(config: vendor script is pinned by hash)\n"
		"\n"
		"broken/Dockerfile  (dockerfile)  score n/a  grade n/a\n"
		"  3:1  error  INPUT-PARSE  unknown instruction \"FORM\"\n"
		"    subject: file, fix: Fix the syntax at the reported line "
		"and column.\n"
		"\n"
		"svc one/Dockerfile  (dockerfile)  score 59.99  grade F  "
		"capped: critical finding\n"
		"  2:1  critical  DF-SECRET-ENV  ENV AWS_SECRET_ACCESS_KEY "
		"holds a secret\n"
		"    subject: stage final, fix: Pass secrets at build time "
		"with RUN --mount=type=secret.\n"
		"\n"
		"3 files, 3 findings (1 critical, 1 high, 1 medium, 0 low, "
		"0 info), 1 suppressed, 1 input error\n"
		"total score 59.99  grade F  capped: critical finding\n"
		"gate failed: score 59.99 is under --min-score 70\n");
	free(s);
}

static void test_text_quiet(void **state)
{
	/* file_a keeps its unsuppressed findings but loses the suppressed
	 * line; a file with only suppressed findings disappears. */
	fc[0].suppressed = CS_SUPP_INLINE;
	fc[0].supp_reason = NULL;
	cs_report_opts o = {.quiet = true};
	char *s = render(CS_FMT_TEXT, &o);
	assert_null(strstr(s, "suppressed DF-CURL-PIPE"));
	assert_null(strstr(s, "svc one/Dockerfile"));
	assert_non_null(strstr(s, "  7:5  medium  DF-APT-PIN"));
	assert_non_null(strstr(s, "broken/Dockerfile  (dockerfile)"));
	assert_non_null(strstr(s, "\n3 files, 3 findings ("));
	free(s);

	o.quiet = false;
	s = render(CS_FMT_TEXT, &o);
	assert_non_null(strstr(s, "  2:1  suppressed DF-SECRET-ENV  ENV "
				  "AWS_SECRET_ACCESS_KEY holds a secret "
				  "(inline)\n\n3 files"));
	free(s);
}

static void test_text_color(void **state)
{
	cs_report_opts o = {.color = true};
	char *s = render(CS_FMT_TEXT, &o);
	assert_non_null(strstr(s, "  5:1  \033[31mhigh\033[0m  DF-USER-ROOT"));
	assert_non_null(strstr(s, "  7:5  \033[33mmedium\033[0m  DF-APT-PIN"));
	assert_non_null(
		strstr(s, "  2:1  \033[1;31mcritical\033[0m  DF-SECRET-ENV"));
	assert_non_null(strstr(s, "  3:1  \033[1;31merror\033[0m  INPUT-"));
	free(s);
	o.color = false;
	s = render(CS_FMT_TEXT, &o);
	assert_null(strchr(s, '\033'));
	free(s);
}

static void test_text_hostile(void **state)
{
	/* a message quoting the file must not reach the terminal raw */
	fa[0].message = "USER \033[2Jroot\n";
	cs_report_opts o = {.color = false};
	char *s = render(CS_FMT_TEXT, &o);
	assert_non_null(strstr(s, "DF-USER-ROOT  USER \\x1b[2Jroot\\x0a\n"));
	assert_null(strchr(s, '\033'));
	free(s);
}

static void test_text_empty_run(void **state)
{
	cs_run empty = {0};
	empty.score.grade = "n/a";
	cs_buf b;
	cs_buf_init(&b, 0);
	assert_true(cs_report_text(&b, &empty, NULL));
	assert_string_equal(b.data,
			    "0 files, 0 findings (0 critical, 0 high, 0 "
			    "medium, 0 low, 0 info), 0 suppressed\n"
			    "total score n/a  grade n/a\n");
	cs_buf_free(&b);
}

/* ---- json ---------------------------------------------------------------- */

static void test_json(void **state)
{
	json_t *j = render_json(CS_FMT_JSON);
	assert_string_equal(jget_s(j, "version"), "1.1");
	json_t *tool = json_object_get(j, "tool");
	assert_string_equal(jget_s(tool, "name"), "customs");
	assert_string_equal(jget_s(tool, "version"), "0.1.0");

	json_t *sum = json_object_get(j, "summary");
	assert_int_equal(jget_i(sum, "files"), 3);
	assert_true(json_real_value(json_object_get(sum, "score")) == 59.99);
	assert_string_equal(jget_s(sum, "grade"), "F");
	assert_true(json_is_true(json_object_get(sum, "capped")));
	assert_int_equal(jget_i(sum, "passed_weight"), 49);
	assert_int_equal(jget_i(sum, "total_weight"), 70);
	json_t *cnt = json_object_get(sum, "findings");
	assert_int_equal(jget_i(cnt, "critical"), 1);
	assert_int_equal(jget_i(cnt, "high"), 1);
	assert_int_equal(jget_i(cnt, "medium"), 1);
	assert_int_equal(jget_i(cnt, "low"), 0);
	assert_int_equal(jget_i(cnt, "info"), 0);
	assert_int_equal(jget_i(sum, "suppressed"), 1);
	assert_true(json_is_true(json_object_get(sum, "input_errors")));
	json_t *gate = json_object_get(sum, "gate");
	assert_int_equal(jget_i(gate, "min_score"), 70);
	assert_true(json_is_null(json_object_get(gate, "fail_on")));
	assert_true(json_is_true(json_object_get(gate, "failed")));
	assert_string_equal(jget_s(gate, "reason"),
			    "score 59.99 is under --min-score 70");

	json_t *fl = json_object_get(j, "files");
	assert_int_equal(json_array_size(fl), 3);
	json_t *a = json_array_get(fl, 0);
	assert_string_equal(jget_s(a, "path"), "app/Dockerfile");
	assert_string_equal(jget_s(a, "kind"), "dockerfile");
	assert_true(json_real_value(json_object_get(a, "score")) == 72.5);
	assert_string_equal(jget_s(a, "grade"), "C");
	assert_true(json_is_false(json_object_get(a, "capped")));
	assert_true(json_is_false(json_object_get(a, "input_error")));
	json_t *checks = json_object_get(a, "checks");
	assert_int_equal(json_array_size(checks), 4);
	json_t *c1 = json_array_get(checks, 1);
	assert_string_equal(jget_s(c1, "rule"), "DF-CURL-PIPE");
	assert_string_equal(jget_s(c1, "subject"), "build");
	assert_string_equal(jget_s(c1, "severity"), "low");
	assert_string_equal(jget_s(c1, "status"), "suppressed");
	assert_string_equal(jget_s(json_array_get(checks, 2), "status"),
			    "passed");
	assert_string_equal(jget_s(json_array_get(checks, 3), "status"),
			    "failed");

	json_t *fs = json_object_get(a, "findings");
	assert_int_equal(json_array_size(fs), 3);
	json_t *f0 = json_array_get(fs, 0);
	assert_string_equal(jget_s(f0, "rule"), "DF-USER-ROOT");
	assert_string_equal(jget_s(f0, "title"),
			    "The final stage runs as root");
	assert_string_equal(jget_s(f0, "severity"), "high");
	assert_string_equal(jget_s(f0, "message"),
			    "USER root: the final stage runs as root");
	assert_string_equal(jget_s(f0, "file"), "app/Dockerfile");
	assert_int_equal(jget_i(f0, "line"), 5);
	assert_int_equal(jget_i(f0, "column"), 1);
	assert_int_equal(jget_i(f0, "end_line"), 5);
	assert_int_equal(jget_i(f0, "end_column"), 10);
	assert_string_equal(jget_s(f0, "subject"), "stage final");
	assert_true(json_is_null(json_object_get(f0, "path")));
	assert_string_equal(jget_s(f0, "value"), "root");
	assert_string_equal(jget_s(f0, "fingerprint"), "789772e2a3c1c244");
	assert_string_equal(jget_s(f0, "remediation"), r_root.remediation);
	assert_string_equal(jget_s(f0, "help_uri"),
			    "https://customs.dev/docs/rules/DF-USER-ROOT");
	assert_true(json_is_null(json_object_get(f0, "suppressed")));
	assert_true(json_is_null(json_object_get(f0, "note")));
	json_t *f1 = json_array_get(fs, 1);
	assert_string_equal(jget_s(f1, "note"),
			    "waiver expired on 2026-01-01: legacy");
	json_t *f2 = json_array_get(fs, 2);
	assert_true(json_is_null(json_object_get(f2, "value")));
	json_t *sup = json_object_get(f2, "suppressed");
	assert_string_equal(jget_s(sup, "kind"), "config");
	assert_string_equal(jget_s(sup, "reason"),
			    "vendor script is pinned by hash");

	json_t *b = json_array_get(fl, 1);
	assert_true(json_is_null(json_object_get(b, "score")));
	assert_string_equal(jget_s(b, "grade"), "n/a");
	assert_int_equal(jget_i(b, "total_weight"), 0);
	assert_true(json_is_true(json_object_get(b, "input_error")));
	json_t *bf = json_array_get(json_object_get(b, "findings"), 0);
	assert_string_equal(jget_s(bf, "severity"), "error");
	assert_string_equal(jget_s(bf, "rule"), "INPUT-PARSE");
	assert_int_equal(jget_i(bf, "line"), 3);

	json_t *c = json_array_get(fl, 2);
	assert_true(json_is_true(json_object_get(c, "capped")));
	json_decref(j);
}

static void test_json_bytes(void **state)
{
	/* stable spelling of numbers and key order; same run, same bytes */
	char *s = render(CS_FMT_JSON, NULL);
	char *t = render(CS_FMT_JSON, NULL);
	assert_string_equal(s, t);
	assert_non_null(strstr(s, "{\n  \"version\": \"1.1\",\n  \"tool\": {\n"
				  "    \"name\": \"customs\",\n"
				  "    \"version\": \"0.1.0\"\n  },\n"
				  "  \"summary\": {\n    \"files\": 3,\n"
				  "    \"score\": 59.99,\n"
				  "    \"grade\": \"F\",\n"
				  "    \"capped\": true,\n"
				  "    \"passed_weight\": 49,\n"
				  "    \"total_weight\": 70,\n"));
	assert_non_null(strstr(s, "\"score\": 72.5,\n"));
	assert_non_null(strstr(s, "\"score\": null,\n"));
	assert_int_equal(s[strlen(s) - 1], '\n');
	free(s);
	free(t);
}

static void test_json_bad_utf8(void **state)
{
	fa[0].message = "USER \xff\xfe r\xc3\xa9gis";
	json_t *j = render_json(CS_FMT_JSON);
	json_t *f0 = json_array_get(
		json_object_get(json_array_get(json_object_get(j, "files"), 0),
				"findings"),
		0);
	assert_string_equal(jget_s(f0, "message"),
			    "USER \xef\xbf\xbd\xef\xbf\xbd r\xc3\xa9gis");
	json_decref(j);
}

/* ---- sarif --------------------------------------------------------------- */

static void test_sarif(void **state)
{
	json_t *j = render_json(CS_FMT_SARIF);
	assert_string_equal(jget_s(j, "version"), "2.1.0");
	json_t *rn = json_array_get(json_object_get(j, "runs"), 0);
	json_t *drv = json_object_get(json_object_get(rn, "tool"), "driver");
	assert_string_equal(jget_s(drv, "name"), "customs");
	assert_string_equal(jget_s(drv, "version"), "0.1.0");
	assert_string_equal(jget_s(drv, "informationUri"),
			    "https://customs.dev");

	/* only the rules with results, sorted by id */
	json_t *rules = json_object_get(drv, "rules");
	assert_int_equal(json_array_size(rules), 5);
	const char *ids[] = {"DF-APT-PIN", "DF-CURL-PIPE", "DF-SECRET-ENV",
			     "DF-USER-ROOT", "INPUT-PARSE"};
	for (size_t i = 0; i < 5; i++)
		assert_string_equal(jget_s(json_array_get(rules, i), "id"),
				    ids[i]);
	json_t *root = json_array_get(rules, 3);
	assert_string_equal(jget_s(root, "name"), "TheFinalStageRunsAsRoot");
	assert_string_equal(
		jget_s(json_object_get(root, "shortDescription"), "text"),
		"The final stage runs as root");
	assert_string_equal(
		jget_s(json_object_get(root, "fullDescription"), "text"),
		r_root.rationale);
	json_t *help = json_object_get(root, "help");
	assert_string_equal(jget_s(help, "text"),
			    "Add a USER instruction naming a non-root user, "
			    "e.g. USER 10001.  Create the user first.\n\n"
			    "Example:\nRUN useradd -u 10001 app\nUSER app");
	assert_string_equal(jget_s(help, "markdown"),
			    "Add a USER instruction naming a non-root user, "
			    "e.g. USER 10001.  Create the user first.\n\n"
			    "```dockerfile\nRUN useradd -u 10001 app\nUSER "
			    "app\n```");
	assert_string_equal(jget_s(root, "helpUri"),
			    "https://customs.dev/docs/rules/DF-USER-ROOT");
	assert_string_equal(
		jget_s(json_object_get(root, "defaultConfiguration"), "level"),
		"error");
	json_t *props = json_object_get(root, "properties");
	assert_string_equal(jget_s(props, "security-severity"), "8.0");
	assert_string_equal(jget_s(props, "precision"), "high");
	assert_string_equal(
		json_string_value(json_array_get(json_object_get(props, "tags"),
						 0)),
		"security");
	assert_string_equal(
		jget_s(json_object_get(json_array_get(rules, 0),
				       "defaultConfiguration"),
		       "level"),
		"warning");
	assert_string_equal(
		jget_s(json_object_get(json_array_get(rules, 1),
				       "defaultConfiguration"),
		       "level"),
		"note");
	assert_string_equal(
		jget_s(json_object_get(json_array_get(rules, 2), "properties"),
		       "security-severity"),
		"9.5");

	json_t *res = json_object_get(rn, "results");
	assert_int_equal(json_array_size(res), 5);
	json_t *r0 = json_array_get(res, 0);
	assert_string_equal(jget_s(r0, "ruleId"), "DF-USER-ROOT");
	assert_int_equal(jget_i(r0, "ruleIndex"), 3);
	assert_string_equal(jget_s(r0, "level"), "error");
	assert_string_equal(jget_s(json_object_get(r0, "message"), "text"),
			    "USER root: the final stage runs as root");
	json_t *pl = json_object_get(
		json_array_get(json_object_get(r0, "locations"), 0),
		"physicalLocation");
	json_t *art = json_object_get(pl, "artifactLocation");
	assert_string_equal(jget_s(art, "uri"), "app/Dockerfile");
	assert_string_equal(jget_s(art, "uriBaseId"), "%SRCROOT%");
	json_t *reg = json_object_get(pl, "region");
	assert_int_equal(jget_i(reg, "startLine"), 5);
	assert_int_equal(jget_i(reg, "startColumn"), 1);
	assert_int_equal(jget_i(reg, "endLine"), 5);
	assert_int_equal(jget_i(reg, "endColumn"), 10);
	assert_string_equal(
		jget_s(json_object_get(r0, "partialFingerprints"),
		       "customs/v1"),
		"789772e2a3c1c244");
	assert_null(json_object_get(r0, "suppressions"));

	json_t *r2 = json_array_get(res, 2);
	assert_string_equal(jget_s(r2, "level"), "note");
	json_t *sup = json_array_get(json_object_get(r2, "suppressions"), 0);
	assert_string_equal(jget_s(sup, "kind"), "external");
	assert_string_equal(jget_s(sup, "justification"),
			    "vendor script is pinned by hash");

	json_t *r3 = json_array_get(res, 3);
	assert_string_equal(jget_s(r3, "ruleId"), "INPUT-PARSE");
	assert_int_equal(jget_i(r3, "ruleIndex"), 4);
	assert_string_equal(jget_s(r3, "level"), "error");

	json_t *r4 = json_array_get(res, 4);
	art = json_object_get(
		json_object_get(
			json_array_get(json_object_get(r4, "locations"), 0),
			"physicalLocation"),
		"artifactLocation");
	assert_string_equal(jget_s(art, "uri"), "svc%20one/Dockerfile");

	json_t *inv = json_array_get(json_object_get(rn, "invocations"), 0);
	assert_true(json_is_false(json_object_get(inv, "executionSuccessful")));
	json_t *note = json_array_get(
		json_object_get(inv, "toolExecutionNotifications"), 0);
	assert_string_equal(jget_s(note, "level"), "error");
	assert_string_equal(jget_s(json_object_get(note, "message"), "text"),
			    "unknown instruction \"FORM\"");
	assert_string_equal(
		jget_s(json_object_get(note, "associatedRule"), "id"),
		"INPUT-PARSE");

	json_t *bases = json_object_get(rn, "originalUriBaseIds");
	json_t *base = json_object_get(bases, "%SRCROOT%");
	assert_string_equal(
		jget_s(json_object_get(base, "description"), "text"),
		"the scan root");

	json_t *cs = json_object_get(json_object_get(rn, "properties"),
				     "customs");
	assert_true(json_real_value(json_object_get(cs, "score")) == 59.99);
	assert_string_equal(jget_s(cs, "grade"), "F");
	json_t *pf = json_object_get(cs, "files");
	assert_int_equal(json_array_size(pf), 3);
	assert_string_equal(jget_s(json_array_get(pf, 0), "path"),
			    "app/Dockerfile");
	assert_string_equal(jget_s(json_array_get(pf, 0), "grade"), "C");
	assert_true(json_is_null(json_object_get(json_array_get(pf, 1),
						 "score")));
	json_decref(j);
}

static void test_sarif_inline_and_uri(void **state)
{
	fa[2].suppressed = CS_SUPP_INLINE;
	fa[2].supp_reason = NULL;
	fa[0].file = "./a b/100%/x:y\\Dockerfile";
	json_t *j = render_json(CS_FMT_SARIF);
	json_t *res = json_object_get(
		json_array_get(json_object_get(j, "runs"), 0), "results");
	json_t *sup = json_array_get(
		json_object_get(json_array_get(res, 2), "suppressions"), 0);
	assert_string_equal(jget_s(sup, "kind"), "inSource");
	assert_null(json_object_get(sup, "justification"));
	json_t *art = json_object_get(
		json_object_get(
			json_array_get(
				json_object_get(json_array_get(res, 0),
						"locations"),
				0),
			"physicalLocation"),
		"artifactLocation");
	assert_string_equal(jget_s(art, "uri"),
			    "a%20b/100%25/x%3Ay/Dockerfile");
	json_decref(j);
}

static void test_sarif_clean_run(void **state)
{
	/* no input error: no notifications, execution successful */
	file_b.nfindings = 0;
	file_b.input_error = false;
	run.input_error = false;
	json_t *j = render_json(CS_FMT_SARIF);
	json_t *rn = json_array_get(json_object_get(j, "runs"), 0);
	json_t *inv = json_array_get(json_object_get(rn, "invocations"), 0);
	assert_true(json_is_true(json_object_get(inv, "executionSuccessful")));
	assert_null(json_object_get(inv, "toolExecutionNotifications"));
	json_t *rules = json_object_get(
		json_object_get(json_object_get(rn, "tool"), "driver"),
		"rules");
	assert_int_equal(json_array_size(rules), 4);
	json_decref(j);
}

/* ---- junit --------------------------------------------------------------- */

static void test_junit(void **state)
{
	char *s = render(CS_FMT_JUNIT, NULL);
	assert_string_equal(
		s,
		"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		"<testsuites name=\"customs\" tests=\"7\" failures=\"3\" "
		"errors=\"1\">\n"
		"  <!-- total score 59.99, grade F -->\n"
		"  <testsuite name=\"app/Dockerfile\" tests=\"4\" "
		"failures=\"2\" errors=\"0\" skipped=\"1\">\n"
		"    <properties>\n"
		"      <property name=\"score\" value=\"72.5\"/>\n"
		"      <property name=\"grade\" value=\"C\"/>\n"
		"    </properties>\n"
		"    <testcase classname=\"app/Dockerfile\" name=\"DF-APT-PIN "
		"build\">\n"
		"      <failure type=\"medium\" message=\"apt-get install curl "
		"without a version\">7:5 apt-get install curl without a "
		"version</failure>\n"
		"    </testcase>\n"
		"    <testcase classname=\"app/Dockerfile\" "
		"name=\"DF-CURL-PIPE build\">\n"
		"      <skipped message=\"config: vendor script is pinned by "
		"hash\"/>\n"
		"    </testcase>\n"
		"    <testcase classname=\"app/Dockerfile\" "
		"name=\"DF-SECRET-ENV build\"/>\n"
		"    <testcase classname=\"app/Dockerfile\" "
		"name=\"DF-USER-ROOT build\">\n"
		"      <failure type=\"high\" message=\"USER root: the final "
		"stage runs as root\">5:1 USER root: the final stage runs as "
		"root</failure>\n"
		"    </testcase>\n"
		"  </testsuite>\n"
		"  <testsuite name=\"broken/Dockerfile\" tests=\"1\" "
		"failures=\"0\" errors=\"1\" skipped=\"0\">\n"
		"    <properties>\n"
		"      <property name=\"score\" value=\"n/a\"/>\n"
		"      <property name=\"grade\" value=\"n/a\"/>\n"
		"    </properties>\n"
		"    <testcase classname=\"broken/Dockerfile\" "
		"name=\"INPUT-PARSE\">\n"
		"      <error type=\"INPUT-PARSE\" message=\"unknown "
		"instruction &quot;FORM&quot;\">3:1 unknown instruction "
		"&quot;FORM&quot;</error>\n"
		"    </testcase>\n"
		"  </testsuite>\n"
		"  <testsuite name=\"svc one/Dockerfile\" tests=\"2\" "
		"failures=\"1\" errors=\"0\" skipped=\"0\">\n"
		"    <properties>\n"
		"      <property name=\"score\" value=\"59.99\"/>\n"
		"      <property name=\"grade\" value=\"F\"/>\n"
		"    </properties>\n"
		"    <testcase classname=\"svc one/Dockerfile\" "
		"name=\"DF-SECRET-ENV build\">\n"
		"      <failure type=\"critical\" message=\"ENV "
		"AWS_SECRET_ACCESS_KEY holds a secret\">2:1 ENV "
		"AWS_SECRET_ACCESS_KEY holds a secret</failure>\n"
		"    </testcase>\n"
		"    <testcase classname=\"svc one/Dockerfile\" "
		"name=\"DF-USER-ROOT build\"/>\n"
		"  </testsuite>\n"
		"</testsuites>\n");
	free(s);
}

static void test_junit_escaping(void **state)
{
	/* two findings of one check: both listed, the message says more */
	static cs_finding two[2];
	two[0] = mk(&r_pin, CS_SEV_MEDIUM, "x", 2, 3, 2, 3, "stage final",
		    NULL, "a<b & 'c'\x01\x7f\xff", "0000000000000001");
	two[1] = mk(&r_pin, CS_SEV_MEDIUM, "x", 4, 1, 4, 1, "stage final",
		    NULL, "tab\there\nnext", "0000000000000002");
	static cs_check one[1];
	one[0] = (cs_check){&r_pin, "build", CS_SEV_MEDIUM, CS_CHECK_FAILED};
	cs_file_result r = {0};
	r.path = "x&y";
	r.kind = CS_KIND_DOCKERFILE;
	r.findings = two;
	r.nfindings = 2;
	r.checks = one;
	r.nchecks = 1;
	r.score = (cs_score){0, 3, true, 0, false, "F", false};
	cs_file_result *v[] = {&r};
	cs_run x = {0};
	x.files = v;
	x.nfiles = 1;
	x.score = r.score;
	cs_buf b;
	cs_buf_init(&b, 0);
	assert_true(cs_report_junit(&b, &x));
	assert_non_null(strstr(
		b.data,
		"    <testcase classname=\"x&amp;y\" name=\"DF-APT-PIN "
		"build\">\n"
		"      <failure type=\"medium\" message=\"a&lt;b &amp; "
		"&apos;c&apos;\xef\xbf\xbd (and 1 more)\">2:3 a&lt;b &amp; "
		"&apos;c&apos;\xef\xbf\xbd\n4:1 tab\there\nnext</failure>\n"));
	assert_non_null(strstr(b.data, "<testsuite name=\"x&amp;y\" "
				       "tests=\"1\" failures=\"1\""));
	cs_buf_free(&b);
}

static void test_every_byte(void **state)
{
	/* all 255 non-NUL bytes in a path and a message: JSON and SARIF
	 * still parse, XML keeps no control byte but tab and newline */
	static char all[256];
	for (int i = 1; i < 256; i++)
		all[i - 1] = (char)i;
	fa[0].message = all;
	fa[0].supp_reason = all;
	fa[0].suppressed = CS_SUPP_INLINE;
	fa[1].file = all;
	file_a.path = all;
	json_decref(render_json(CS_FMT_JSON));
	json_decref(render_json(CS_FMT_SARIF));
	char *x = render(CS_FMT_JUNIT, NULL);
	for (const unsigned char *p = (const unsigned char *)x; *p; p++)
		if (*p < 0x20 && *p != '\n' && *p != '\t' && *p != '\r')
			fail_msg("control byte %#x in XML", *p);
	assert_non_null(strstr(x, "&amp;&apos;()*+,-./0123456789:;&lt;=&gt;"));
	free(x);
	cs_report_opts o = {0};
	x = render(CS_FMT_TEXT, &o);
	assert_non_null(strstr(x, "\\x1e\\x1f !\"#$%&'()*+,-./0"));
	free(x);
}

/* ---- streaming ----------------------------------------------------------- */

/* A sink that keeps what it is given and how: the number of writes, the
 * largest one, and (fail_at > 0) a refusal of write number fail_at. */
typedef struct rec_sink {
	cs_buf all;
	size_t calls, max, fail_at;
} rec_sink;

static bool rec_write(void *ctx, const char *p, size_t n)
{
	rec_sink *r = ctx;
	r->calls++;
	if (n > r->max)
		r->max = n;
	if (r->fail_at && r->calls >= r->fail_at)
		return false;
	return cs_buf_add(&r->all, p, n);
}

static void test_stream_chunks(void **state)
{
	/* each format arrives in pieces of about one file, and the pieces
	 * are exactly the buffer rendering: a head, then one write per file
	 * (the last with the tail); SARIF writes its notification, its
	 * results and its per-file scores each a file at a time */
	static const size_t want_calls[] = {
		[CS_FMT_TEXT] = 4,
		[CS_FMT_JSON] = 4,
		[CS_FMT_SARIF] = 9,
		[CS_FMT_JUNIT] = 4,
	};
	cs_report_opts o = {0};
	for (int f = CS_FMT_TEXT; f <= CS_FMT_JUNIT; f++) {
		rec_sink r = {0};
		cs_buf_init(&r.all, 0);
		cs_sink sink = {rec_write, &r, false};
		assert_true(cs_report_stream(&sink, (cs_format)f, &run, &o));
		assert_false(sink.failed);
		char *whole = render((cs_format)f, &o);
		assert_string_equal(r.all.data, whole);
		assert_int_equal(r.calls, want_calls[f]);
		assert_true(r.max < strlen(whole) * 2 / 3);
		free(whole);
		cs_buf_free(&r.all);
	}
}

static void test_stream_seams(void **state)
{
	/* where streamed elements meet the envelope, the bytes are those of
	 * one jansson dump: commas, line breaks, nesting indent */
	char *s = render(CS_FMT_JSON, NULL);
	assert_non_null(strstr(s, "  },\n  \"files\": [\n    {\n"
				  "      \"path\": \"app/Dockerfile\",\n"
				  "      \"kind\": \"dockerfile\",\n"));
	assert_non_null(strstr(s, "      \"checks\": [\n        {\n"
				  "          \"rule\": \"DF-APT-PIN\",\n"));
	assert_non_null(strstr(s, "\n    },\n    {\n"
				  "      \"path\": \"broken/Dockerfile\",\n"));
	const char *tail = "\n        }\n      ],\n"
			   "      \"pod_security\": null\n    }\n  ],\n"
			   "  \"notices\": []\n}\n";
	size_t n = strlen(s), k = strlen(tail);
	assert_true(n > k);
	assert_string_equal(s + n - k, tail);
	free(s);

	s = render(CS_FMT_SARIF, NULL);
	assert_non_null(strstr(s, "          \"executionSuccessful\": false,\n"
				  "          \"toolExecutionNotifications\": "
				  "[\n"
				  "            {\n"
				  "              \"level\": \"error\",\n"));
	assert_non_null(strstr(s, "      },\n"
				  "      \"results\": [\n"
				  "        {\n"
				  "          \"ruleId\": \"DF-USER-ROOT\",\n"));
	assert_non_null(strstr(s, "\n        },\n        {\n"
				  "          \"ruleId\": \"DF-APT-PIN\",\n"));
	assert_non_null(strstr(s, "          \"files\": [\n"
				  "            {\n"
				  "              \"path\": "
				  "\"app/Dockerfile\",\n"
				  "              \"score\": 72.5,\n"));
	assert_non_null(strstr(s, "              \"capped\": true\n"
				  "            }\n"
				  "          ]\n"
				  "        }\n"
				  "      }\n"
				  "    }\n"
				  "  ]\n"
				  "}\n"));
	free(s);
}

static void test_stream_empty_run(void **state)
{
	/* the envelope alone: empty arrays are written as jansson does */
	cs_run empty = {0};
	empty.score.grade = "n/a";
	rec_sink r = {0};
	cs_buf_init(&r.all, 0);
	cs_sink sink = {rec_write, &r, false};
	assert_true(cs_report_stream(&sink, CS_FMT_JSON, &empty, NULL));
	assert_int_equal(r.calls, 1);
	assert_non_null(strstr(r.all.data, "\n  },\n  \"files\": [],\n  \"notices\": []\n}\n"));
	assert_int_equal(strlen(r.all.data), r.all.len);
	cs_buf_free(&r.all);

	cs_buf_init(&r.all, 0);
	r.calls = 0;
	assert_true(cs_report_stream(&sink, CS_FMT_SARIF, &empty, NULL));
	assert_non_null(strstr(r.all.data, "\"rules\": []\n"));
	assert_non_null(strstr(r.all.data,
			       "      \"invocations\": [\n"
			       "        {\n"
			       "          \"executionSuccessful\": true\n"
			       "        }\n"
			       "      ],\n"));
	assert_non_null(strstr(r.all.data, "\"results\": [],\n"));
	assert_non_null(strstr(r.all.data, "          \"files\": []\n"
					   "        }\n"
					   "      }\n"
					   "    }\n"
					   "  ]\n"
					   "}\n"));
	json_error_t err;
	json_t *j = json_loads(r.all.data, 0, &err);
	assert_non_null(j);
	json_decref(j);
	cs_buf_free(&r.all);
}

static void test_stream_write_error(void **state)
{
	/* a refused write fails the report and nothing more is written */
	for (int f = CS_FMT_TEXT; f <= CS_FMT_JUNIT; f++) {
		rec_sink r = {.fail_at = 2};
		cs_buf_init(&r.all, 0);
		cs_sink sink = {rec_write, &r, false};
		assert_false(cs_report_stream(&sink, (cs_format)f, &run, NULL));
		assert_true(sink.failed);
		assert_int_equal(r.calls, 2);
		cs_buf_free(&r.all);

		/* a sink that has failed already gets nothing */
		r.calls = 0;
		r.fail_at = 0;
		cs_buf_init(&r.all, 0);
		assert_false(cs_report_stream(&sink, (cs_format)f, &run, NULL));
		assert_int_equal(r.calls, 0);
		cs_buf_free(&r.all);
	}
}

static void test_buffer_max(void **state)
{
	/* the buffer wrapper still reports a buffer that is too small */
	for (int f = CS_FMT_TEXT; f <= CS_FMT_JUNIT; f++) {
		cs_buf b;
		cs_buf_init(&b, 200);
		assert_false(cs_report_write(&b, (cs_format)f, &run, NULL));
		assert_true(b.failed);
		cs_buf_free(&b);
	}
}

/* ---- the catalogue ------------------------------------------------------- */

static void test_rule_doc_markdown(void **state)
{
	cs_buf b;
	cs_buf_init(&b, 0);
	assert_true(cs_rule_write_doc(&b, &r_root, true));
	assert_string_equal(
		b.data,
		"# DF-USER-ROOT: The final stage runs as root\n"
		"\n"
		"- Severity: **high**\n"
		"- Applies to: Dockerfile\n"
		"- Scope: looks at the final stage\n"
		"\n"
		"## Rationale\n"
		"\n"
		"A process that runs as root in the container is root on the "
		"host once it breaks out, and every file in the image is "
		"writable to it.  Running as an unprivileged user closes that "
		"door cheaply.\n"
		"\n"
		"## Remediation\n"
		"\n"
		"Add a USER instruction naming a non-root user, e.g. USER "
		"10001.  Create the user first.\n"
		"\n"
		"## Example\n"
		"\n"
		"```dockerfile\n"
		"RUN useradd -u 10001 app\n"
		"USER app\n"
		"```\n"
		"\n"
		"## References\n"
		"\n"
		"- CIS Docker 1.6 4.1\n"
		"- OWASP Docker Top 10 D02\n"
		"\n"
		"## Equivalent rules\n"
		"\n"
		"- hadolint: DL3002\n"
		"- Trivy: DS-0002\n"
		"- Checkov: CKV_DOCKER_3\n");
	cs_buf_free(&b);
}

static void test_rule_doc_text(void **state)
{
	cs_buf b;
	cs_buf_init(&b, 0);
	assert_true(cs_rule_write_doc(&b, &r_root, false));
	assert_string_equal(
		b.data,
		"DF-USER-ROOT: The final stage runs as root\n"
		"\n"
		"Severity:    high\n"
		"Applies to:  Dockerfile\n"
		"Scope:       looks at the final stage\n"
		"Help:        https://customs.dev/docs/rules/DF-USER-ROOT\n"
		"\n"
		"Rationale\n"
		"  A process that runs as root in the container is root on "
		"the host once it\n"
		"  breaks out, and every file in the image is writable to it. "
		"Running as an\n"
		"  unprivileged user closes that door cheaply.\n"
		"\n"
		"Remediation\n"
		"  Add a USER instruction naming a non-root user, e.g. USER "
		"10001. Create the\n"
		"  user first.\n"
		"\n"
		"Example\n"
		"    RUN useradd -u 10001 app\n"
		"    USER app\n"
		"\n"
		"References\n"
		"  CIS Docker 1.6 4.1\n"
		"  OWASP Docker Top 10 D02\n"
		"\n"
		"Equivalent rules\n"
		"  hadolint    DL3002\n"
		"  Trivy       DS-0002\n"
		"  Checkov     CKV_DOCKER_3\n");
	cs_buf_free(&b);

	/* a rule with no example, references or equivalents */
	cs_buf_init(&b, 0);
	assert_true(cs_rule_write_doc(&b, &r_curl, true));
	assert_null(strstr(b.data, "## Example"));
	assert_non_null(strstr(b.data, "- Scope: looks at every stage\n"));
	assert_non_null(strstr(b.data, "## References\n\nNone.\n\n"
				       "## Equivalent rules\n\nNone.\n"));
	cs_buf_free(&b);
}

static void test_rule_doc_fence(void **state)
{
	cs_rule r = r_root;
	r.example = "RUN echo ```x```";
	cs_buf b;
	cs_buf_init(&b, 0);
	assert_true(cs_rule_write_doc(&b, &r, true));
	assert_non_null(
		strstr(b.data, "\n````dockerfile\nRUN echo ```x```\n````\n"));
	cs_buf_free(&b);
}

static void test_catalogue(void **state)
{
	size_t n;
	const cs_rule *const *all = cs_rules_all(&n);
	const cs_rule *rd = cs_rule_find("INPUT-READ");
	assert_non_null(rd);

	cs_buf b;
	cs_buf_init(&b, 0);
	assert_true(cs_rules_write_text(&b));
	/* one line per rule, in table order */
	size_t lines = 0;
	for (const char *p = b.data; *p; p++)
		lines += *p == '\n';
	assert_int_equal(lines, n);
	for (size_t i = 0; i < n; i++)
		assert_non_null(strstr(b.data, all[i]->id));
	char *line = strstr(b.data, "INPUT-READ ");
	assert_non_null(line);
	assert_true(line == b.data || line[-1] == '\n');
	char *eol = strchr(line, '\n');
	*eol = '\0';
	/* "ID  severity  scope  title" with padded columns */
	char want[256];
	size_t idw = 0;
	for (size_t i = 0; i < n; i++)
		if (strlen(all[i]->id) > idw)
			idw = strlen(all[i]->id);
	snprintf(want, sizeof(want), "%-*s  high      file         %s",
		 (int)idw, "INPUT-READ", rd->title);
	assert_string_equal(line, want);
	cs_buf_free(&b);

	cs_buf_init(&b, 0);
	assert_true(cs_rules_write_json(&b));
	json_error_t err;
	json_t *j = json_loads(b.data, 0, &err);
	assert_non_null(j);
	assert_int_equal(json_array_size(j), n);
	json_t *o = NULL;
	for (size_t i = 0; i < n; i++)
		if (strcmp(jget_s(json_array_get(j, i), "id"), "INPUT-READ") ==
		    0)
			o = json_array_get(j, i);
	assert_non_null(o);
	assert_string_equal(jget_s(o, "title"), rd->title);
	assert_string_equal(jget_s(o, "severity"), "high");
	assert_string_equal(jget_s(o, "scope"), "file");
	assert_string_equal(
		json_string_value(json_array_get(json_object_get(o, "targets"),
						 0)),
		"input");
	assert_string_equal(jget_s(o, "rationale"), rd->rationale);
	assert_string_equal(jget_s(o, "remediation"), rd->remediation);
	assert_string_equal(jget_s(o, "example"), rd->example);
	assert_string_equal(jget_s(json_object_get(o, "references"), "cis"),
			    rd->cis);
	assert_string_equal(
		jget_s(json_object_get(o, "equivalents"), "hadolint"),
		rd->hadolint);
	assert_string_equal(jget_s(o, "help_uri"),
			    "https://customs.dev/docs/rules/INPUT-READ");
	json_decref(j);
	cs_buf_free(&b);

	cs_buf_init(&b, 0);
	assert_true(cs_rules_write_markdown(&b));
	assert_true(strncmp(b.data, "# Rules\n", 8) == 0);
	assert_non_null(strstr(b.data,
			       "| rule | severity | applies to | scope | "
			       "title |\n|---|---|---|---|---|\n"));
	snprintf(want, sizeof(want),
		 "| [INPUT-READ](INPUT-READ.md) | high | any input (read and "
		 "parse errors) | file | %s |\n",
		 rd->title);
	assert_non_null(strstr(b.data, want));
	cs_buf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_first_sentence),
		cmocka_unit_test(test_severity),
		cmocka_unit_test(test_fingerprint),
		cmocka_unit_test(test_format_names),
		cmocka_unit_test_setup(test_text, setup),
		cmocka_unit_test_setup(test_text_quiet, setup),
		cmocka_unit_test_setup(test_text_color, setup),
		cmocka_unit_test_setup(test_text_hostile, setup),
		cmocka_unit_test(test_text_empty_run),
		cmocka_unit_test_setup(test_json, setup),
		cmocka_unit_test_setup(test_json_bytes, setup),
		cmocka_unit_test_setup(test_json_bad_utf8, setup),
		cmocka_unit_test_setup(test_sarif, setup),
		cmocka_unit_test_setup(test_sarif_inline_and_uri, setup),
		cmocka_unit_test_setup(test_sarif_clean_run, setup),
		cmocka_unit_test_setup(test_junit, setup),
		cmocka_unit_test(test_junit_escaping),
		cmocka_unit_test_setup(test_every_byte, setup),
		cmocka_unit_test_setup(test_stream_chunks, setup),
		cmocka_unit_test_setup(test_stream_seams, setup),
		cmocka_unit_test(test_stream_empty_run),
		cmocka_unit_test_setup(test_stream_write_error, setup),
		cmocka_unit_test_setup(test_buffer_max, setup),
		cmocka_unit_test(test_rule_doc_markdown),
		cmocka_unit_test(test_rule_doc_text),
		cmocka_unit_test(test_rule_doc_fence),
		cmocka_unit_test(test_catalogue),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

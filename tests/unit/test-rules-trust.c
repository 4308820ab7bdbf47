/*
 * test-rules-trust.c - the df-trust rules where a fixture directory cannot
 * reach: DF-FROM-REGISTRY against many trusted-registries settings (a
 * fixture has one .customs.yaml), and whether each rule applies at all,
 * which only shows in the scored checks.
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

/* Scan `text` with these trusted registries (n may be 0; cfg NULL when
 * n < 0) and count the findings of `rule`; *applied says whether the rule
 * was scored. */
static size_t scan(const char *text, const char *const *trusted, int n,
		   const char *rule, bool *applied, cs_mark *first)
{
	cs_config cfg;
	cs_config_init(&cfg);
	cfg.trusted_registries = (const char **)trusted;
	cfg.ntrusted = n > 0 ? (size_t)n : 0;
	cs_scan_opts opts;
	memset(&opts, 0, sizeof(opts));
	opts.config = n < 0 ? NULL : &cfg;
	cs_file_result r;
	cs_scan_buffer(&r, "Dockerfile", CS_KIND_DOCKERFILE, text,
		       strlen(text), &opts);
	size_t k = 0;
	for (size_t i = 0; i < r.nfindings; i++) {
		if (strcmp(r.findings[i].rule->id, rule) != 0)
			continue;
		if (k == 0 && first)
			*first = r.findings[i].start;
		k++;
	}
	if (applied) {
		*applied = false;
		for (size_t i = 0; i < r.nchecks; i++)
			if (strcmp(r.checks[i].rule->id, rule) == 0)
				*applied = true;
	}
	cs_file_result_free(&r);
	return k;
}

static size_t registry(const char *image, const char *const *trusted, int n)
{
	char text[512];
	snprintf(text, sizeof(text), "FROM %s\nUSER 1000\n", image);
	return scan(text, trusted, n, "DF-FROM-REGISTRY", NULL, NULL);
}

static void test_registry_normalization(void **s)
{
	static const char *const hub[] = {"docker.io"};
	static const char *const lib[] = {"docker.io/library"};
	static const char *const acme[] = {"ghcr.io/acme/"};
	static const char *const idx[] = {"index.docker.io"};
	static const char *const glob[] = {"*.gcr.io"};
	static const char *const port[] = {"localhost:5000"};

	/* One-word names are docker.io/library/NAME. */
	assert_int_equal(registry("ubuntu:22.04", hub, 1), 0);
	assert_int_equal(registry("ubuntu:22.04", lib, 1), 0);
	assert_int_equal(registry("acme/app:1", lib, 1), 1);
	assert_int_equal(registry("acme/app:1", hub, 1), 0);
	assert_int_equal(registry("docker.io/library/ubuntu:22.04", lib, 1),
			 0);
	assert_int_equal(registry("index.docker.io/library/ubuntu:1", hub, 1),
			 0);
	assert_int_equal(registry("ubuntu:1", idx, 1), 0);
	/* Path prefixes stop at a component boundary. */
	assert_int_equal(registry("ghcr.io/acme/app:1", acme, 1), 0);
	assert_int_equal(registry("ghcr.io/acme/team/app:1", acme, 1), 0);
	assert_int_equal(registry("ghcr.io/acmex/app:1", acme, 1), 1);
	assert_int_equal(registry("ghcr.io/acme:1", acme, 1), 0);
	/* A host is compared whole; patterns are allowed. */
	assert_int_equal(registry("eu.gcr.io/p/app:1", glob, 1), 0);
	assert_int_equal(registry("gcr.io.evil.io/p/app:1", glob, 1), 1);
	assert_int_equal(registry("localhost:5000/app:1", port, 1), 0);
	assert_int_equal(registry("localhost/app:1", port, 1), 1);
	/* A digest or a tag does not change the registry. */
	assert_int_equal(
		registry("ghcr.io/acme/app@sha256:0000000000000000000000000000"
			 "000000000000000000000000000000000000",
			 acme, 1),
		0);
	assert_int_equal(registry("ghcr.io/other/app:1", acme, 1), 1);
}

static void test_registry_applies_only_when_configured(void **s)
{
	static const char *const acme[] = {"ghcr.io/acme"};
	bool applied;
	const char *text = "FROM ubuntu:22.04\nUSER 1000\n";
	assert_int_equal(scan(text, NULL, -1, "DF-FROM-REGISTRY", &applied,
			      NULL),
			 0);
	assert_false(applied);
	assert_int_equal(scan(text, NULL, 0, "DF-FROM-REGISTRY", &applied,
			      NULL),
			 0);
	assert_false(applied);
	cs_mark m = {0, 0};
	assert_int_equal(scan(text, acme, 1, "DF-FROM-REGISTRY", &applied,
			      &m),
			 1);
	assert_true(applied);
	assert_int_equal(m.line, 1);
	assert_int_equal(m.col, 6);
	/* scratch and stage references pull nothing: not applicable. */
	assert_int_equal(scan("FROM scratch AS a\nFROM a\n", acme, 1,
			      "DF-FROM-REGISTRY", &applied, NULL),
			 0);
	assert_false(applied);
}

static void test_applicability(void **s)
{
	bool applied;
	/* Nothing is installed: the signature rule does not apply. */
	scan("FROM alpine:3.19\nRUN echo hi\n", NULL, -1, "DF-PKG-UNSIGNED",
	     &applied, NULL);
	assert_false(applied);
	scan("FROM alpine:3.19\nRUN apk add --no-cache curl\n", NULL, -1,
	     "DF-PKG-UNSIGNED", &applied, NULL);
	assert_true(applied);
	/* Nothing is downloaded: DF-PIPE-SH does not apply. */
	scan("FROM alpine:3.19\nRUN echo hi | sh\n", NULL, -1, "DF-PIPE-SH",
	     &applied, NULL);
	assert_false(applied);
	scan("FROM alpine:3.19\nRUN wget -qO- https://example.com | sh\n",
	     NULL, -1, "DF-PIPE-SH", &applied, NULL);
	assert_true(applied);
	/* No COPY or ADD: DF-ADD does not apply; COPY alone passes it. */
	scan("FROM alpine:3.19\nRUN echo hi\n", NULL, -1, "DF-ADD", &applied,
	     NULL);
	assert_false(applied);
	assert_int_equal(scan("FROM alpine:3.19\nCOPY a /a\n", NULL, -1,
			      "DF-ADD", &applied, NULL),
			 0);
	assert_true(applied);
	/* FROM scratch only: the tag and digest rules do not apply. */
	scan("FROM scratch\nCOPY a /a\n", NULL, -1, "DF-FROM-TAG", &applied,
	     NULL);
	assert_false(applied);
	scan("FROM scratch\nCOPY a /a\n", NULL, -1, "DF-FROM-DIGEST",
	     &applied, NULL);
	assert_false(applied);
}

static void test_tls_and_pipe_positions(void **s)
{
	cs_mark m = {0, 0};
	/* A continuation line: the finding is on the word, not on RUN. */
	assert_int_equal(scan("FROM alpine:3.19\n"
			      "RUN apk add --no-cache curl \\\n"
			      "    && curl --insecure https://example.com\n",
			      NULL, -1, "DF-TLS-OFF", NULL, &m),
			 1);
	assert_int_equal(m.line, 3);
	assert_int_equal(m.col, 13);
	assert_int_equal(scan("FROM alpine:3.19\n"
			      "RUN true \\\n"
			      "  && curl -fsSL https://example.com/i.sh \\\n"
			      "  | sh\n",
			      NULL, -1, "DF-PIPE-SH", NULL, &m),
			 1);
	assert_int_equal(m.line, 3);
	assert_int_equal(m.col, 6);
	/* A curl whose output argument ends in k is not -k. */
	assert_int_equal(scan("FROM alpine:3.19\n"
			      "RUN curl -sSo /tmp/k -ok https://example.com\n",
			      NULL, -1, "DF-TLS-OFF", NULL, NULL),
			 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_registry_normalization),
		cmocka_unit_test(test_registry_applies_only_when_configured),
		cmocka_unit_test(test_applicability),
		cmocka_unit_test(test_tls_and_pipe_positions),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

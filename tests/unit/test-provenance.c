/*
 * test-provenance.c - SLSA Provenance v1 predicates against exact bytes,
 * the GitHub Actions mapping against the shape of the conformance
 * vector happy-path-intoto-in-dsse-v3, and every validation error.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sign/provenance.h"

#define SHA256_A                                                               \
	"a0cfc71271d6e278e57cd332ff957c3f7043fdda354c4cbb190a30d56efa01bf"
#define COMMIT "ebff8dfbd609b7b22237c7719ce07f2dc7934f5f"

/* Build p; on success the text (caller frees), else NULL with err set. */
static char *build(const cs_provenance *p, cs_error *err)
{
	cs_buf b;
	cs_buf_init(&b, 0);
	if (!cs_provenance_build(&b, p, err)) {
		assert_int_equal(b.len, 0);
		cs_buf_free(&b);
		return NULL;
	}
	size_t len;
	return cs_buf_detach(&b, &len);
}

static void test_minimal(void **state)
{
	(void)state;
	cs_provenance p = {.build_type = "https://example.com/build/v1",
			   .builder_id = "https://example.com/builder"};
	cs_error err = {0};
	char *s = build(&p, &err);
	assert_non_null(s);
	assert_string_equal(s, "{\n"
			       "  \"buildDefinition\": {\n"
			       "    \"buildType\": "
			       "\"https://example.com/build/v1\",\n"
			       "    \"externalParameters\": {}\n"
			       "  },\n"
			       "  \"runDetails\": {\n"
			       "    \"builder\": {\n"
			       "      \"id\": \"https://example.com/builder\"\n"
			       "    }\n"
			       "  }\n"
			       "}\n");
	free(s);
}

static void test_full(void **state)
{
	(void)state;
	const cs_prov_kv ext[] = {{"target", "app"}, {"mode", "release"}};
	const cs_prov_kv dep_dg[] = {{"gitCommit", COMMIT}};
	const cs_prov_kv dep2_dg[] = {{"sha256", SHA256_A},
				      {"sha512",
				       "00"
				       "112233445566778899aabbccddee"
				       "ff00112233445566778899aabbcc"
				       "ddeeff00112233445566778899aa"
				       "bbccddeeff00112233445566778899"
				       "aabbccddeeff"}};
	const cs_prov_rd deps[] = {
		{.uri = "git+https://github.com/o/r@refs/heads/main",
		 .digests = dep_dg,
		 .ndigests = 1},
		{.uri = "https://example.com/a.tar",
		 .name = "a.tar",
		 .digests = dep2_dg,
		 .ndigests = 2},
	};
	const cs_prov_kv bp_dg[] = {{"sha256", SHA256_A}};
	const cs_prov_rd bps[] = {
		{.name = "build.log", .digests = bp_dg, .ndigests = 1}};
	const cs_prov_kv version[] = {{"customs", "1.2.3"}};
	cs_provenance p = {
		.build_type = "https://example.com/build/v1",
		.external_json = "{ \"mode\": \"debug\", \"n\": [1, 2.5] }",
		.external = ext,
		.nexternal = 2,
		.internal_json = "{\"runner\":{\"os\":\"linux\"}}",
		.dependencies = deps,
		.ndependencies = 2,
		.builder_id = "https://example.com/builder",
		.builder_version = version,
		.nbuilder_version = 1,
		.invocation_id = "run-42",
		.has_started_on = true,
		.started_on = 1767225600, /* 2026-01-01T00:00:00Z */
		.has_finished_on = true,
		.finished_on = 1767225661,
		.byproducts = bps,
		.nbyproducts = 1,
	};
	cs_error err = {0};
	char *s = build(&p, &err);
	assert_non_null(s);
	const char *want =
		"{\n"
		"  \"buildDefinition\": {\n"
		"    \"buildType\": \"https://example.com/build/v1\",\n"
		"    \"externalParameters\": {\n"
		"      \"mode\": \"release\",\n"
		"      \"n\": [\n"
		"        1,\n"
		"        2.5\n"
		"      ],\n"
		"      \"target\": \"app\"\n"
		"    },\n"
		"    \"internalParameters\": {\n"
		"      \"runner\": {\n"
		"        \"os\": \"linux\"\n"
		"      }\n"
		"    },\n"
		"    \"resolvedDependencies\": [\n"
		"      {\n"
		"        \"uri\": "
		"\"git+https://github.com/o/r@refs/heads/main\",\n"
		"        \"digest\": {\n"
		"          \"gitCommit\": \"" COMMIT "\"\n"
		"        }\n"
		"      },\n"
		"      {\n"
		"        \"uri\": \"https://example.com/a.tar\",\n"
		"        \"digest\": {\n"
		"          \"sha256\": \"" SHA256_A "\",\n"
		"          \"sha512\": "
		"\"00112233445566778899aabbccddeeff00112233"
		"445566778899aabbccddeeff00112233445566778899aabbccddeeff001122"
		"33"
		"445566778899aabbccddeeff\"\n"
		"        },\n"
		"        \"name\": \"a.tar\"\n"
		"      }\n"
		"    ]\n"
		"  },\n"
		"  \"runDetails\": {\n"
		"    \"builder\": {\n"
		"      \"id\": \"https://example.com/builder\",\n"
		"      \"version\": {\n"
		"        \"customs\": \"1.2.3\"\n"
		"      }\n"
		"    },\n"
		"    \"metadata\": {\n"
		"      \"invocationId\": \"run-42\",\n"
		"      \"startedOn\": \"2026-01-01T00:00:00Z\",\n"
		"      \"finishedOn\": \"2026-01-01T00:01:01Z\"\n"
		"    },\n"
		"    \"byproducts\": [\n"
		"      {\n"
		"        \"digest\": {\n"
		"          \"sha256\": \"" SHA256_A "\"\n"
		"        },\n"
		"        \"name\": \"build.log\"\n"
		"      }\n"
		"    ]\n"
		"  }\n"
		"}\n";
	assert_string_equal(s, want);
	/* same input, same bytes */
	char *again = build(&p, &err);
	assert_non_null(again);
	assert_string_equal(s, again);
	free(again);
	free(s);
}

/* Build p and expect failure with a message containing `what`. */
static void expect_error(const cs_provenance *p, const char *what)
{
	cs_error err = {0};
	char *s = build(p, &err);
	if (s) {
		fprintf(stderr, "accepted: %s\n", s);
		free(s);
		fail();
	}
	if (!strstr(err.message, what)) {
		fprintf(stderr, "message '%s' lacks '%s'\n", err.message, what);
		fail();
	}
}

static void test_errors(void **state)
{
	(void)state;
	const cs_provenance base = {.build_type = "https://e.com/t",
				    .builder_id = "https://e.com/b"};
	cs_provenance p = base;
	p.build_type = NULL;
	expect_error(&p, "build type is required");
	p = base;
	p.build_type = "";
	expect_error(&p, "build type is required");
	p = base;
	p.builder_id = NULL;
	expect_error(&p, "builder id is required");

	p = base;
	p.has_started_on = p.has_finished_on = true;
	p.started_on = 1000;
	p.finished_on = 999;
	expect_error(&p, "finishedOn is before startedOn");
	p.finished_on = 1000; /* equal is fine */
	cs_error err = {0};
	char *s = build(&p, &err);
	assert_non_null(s);
	free(s);
	p = base;
	p.has_started_on = true;
	p.started_on = -1;
	expect_error(&p, "startedOn is out of range");

	p = base;
	p.external_json = "[1,2]";
	expect_error(&p, "external parameters must be a JSON object");
	p.external_json = "{\"a\":1,\"a\":2}";
	expect_error(&p, "external parameters are not valid JSON");
	p.external_json = "{";
	expect_error(&p, "external parameters are not valid JSON");
	p = base;
	p.internal_json = "\"text\"";
	expect_error(&p, "internal parameters must be a JSON object");
	p = base;
	const cs_prov_kv noname[] = {{"", "v"}};
	p.external = noname;
	p.nexternal = 1;
	expect_error(&p, "needs a name");
	const cs_prov_kv badutf[] = {{"k", "\xff\xfe"}};
	p.external = badutf;
	expect_error(&p, "not UTF-8");

	/* resource descriptors */
	const cs_prov_kv short256[] = {{"sha256", "abcd"}};
	const cs_prov_kv nothex256[] = {
		{"sha256", "g0cfc71271d6e278e57cd332ff957c3f7043fdda354c4cbb"
			   "190a30d56efa01bf"}};
	const cs_prov_kv short512[] = {{"sha512", SHA256_A}};
	const cs_prov_kv badgit[] = {{"gitCommit", "main"}};
	const cs_prov_kv noval[] = {{"sha256", ""}};
	cs_prov_rd rd = {
		.uri = "https://e.com/x", .digests = short256, .ndigests = 1};
	p = base;
	p.dependencies = &rd;
	p.ndependencies = 1;
	expect_error(&p, "dependency 1: the sha256 digest must be 64 hex");
	rd.digests = nothex256;
	expect_error(&p, "sha256 digest must be 64 hex");
	rd.digests = short512;
	expect_error(&p, "sha512 digest must be 128 hex");
	rd.digests = badgit;
	expect_error(&p, "gitCommit digest must be 40 or 64 hex");
	rd.digests = noval;
	expect_error(&p, "without an algorithm or value");
	rd = (cs_prov_rd){.uri = ""};
	expect_error(&p, "dependency 1 has an empty URI");
	rd = (cs_prov_rd){0};
	expect_error(&p, "dependency 1 has no URI, name or digest");
	p = base;
	p.byproducts = &rd;
	p.nbyproducts = 1;
	expect_error(&p, "byproduct 1 has no URI, name or digest");
}

static void test_github(void **state)
{
	(void)state;
	cs_github_env env = {
		.server_url = "https://github.com",
		.repository = "loosebazooka/aa-test",
		.run_id = "11941425487",
		.run_attempt = "1",
		.workflow_ref = "loosebazooka/aa-test/.github/workflows/"
				"provenance.yaml@refs/heads/main",
		.sha = COMMIT,
		.ref = "refs/heads/main",
		.event_name = "workflow_dispatch",
		.runner_environment = "github-hosted",
		.repository_id = "891715444",
		.repository_owner_id = "1304826",
	};
	cs_github_prov g;
	cs_error err = {0};
	assert_true(cs_github_provenance(&g, &env, &err));
	/* the values of the conformance vector's statement */
	assert_string_equal(g.builder_id,
			    "https://github.com/loosebazooka/aa-test/.github/"
			    "workflows/provenance.yaml@refs/heads/main");
	assert_string_equal(g.invocation_id,
			    "https://github.com/loosebazooka/aa-test/actions/"
			    "runs/11941425487/attempts/1");
	assert_string_equal(g.external_json,
			    "{\"workflow\":{\"ref\":\"refs/heads/main\","
			    "\"repository\":\"https://github.com/loosebazooka/"
			    "aa-test\",\"path\":\".github/workflows/"
			    "provenance.yaml\"}}");
	assert_string_equal(g.internal_json,
			    "{\"github\":{\"event_name\":\"workflow_dispatch\","
			    "\"repository_id\":\"891715444\","
			    "\"repository_owner_id\":\"1304826\","
			    "\"runner_environment\":\"github-hosted\"}}");
	assert_string_equal(g.dependency_uri,
			    "git+https://github.com/loosebazooka/aa-test@"
			    "refs/heads/main");
	assert_string_equal(g.dependency_commit, COMMIT);
	cs_github_prov_free(&g);

	/* optional variables absent */
	cs_github_env few = {.server_url = "https://ghe.example/",
			     .repository = "o/r",
			     .workflow_ref = "o/r/.github/workflows/b.yml@v1"};
	assert_true(cs_github_provenance(&g, &few, &err));
	assert_string_equal(g.builder_id,
			    "https://ghe.example/o/r/.github/workflows/"
			    "b.yml@v1");
	assert_null(g.invocation_id);
	assert_null(g.internal_json);
	assert_null(g.dependency_commit);
	assert_string_equal(g.dependency_uri, "git+https://ghe.example/o/r");
	cs_github_prov_free(&g);

	/* required ones missing or malformed */
	cs_github_env bad = env;
	bad.workflow_ref = NULL;
	assert_false(cs_github_provenance(&g, &bad, &err));
	assert_non_null(strstr(err.message, "GITHUB_WORKFLOW_REF is not set"));
	bad = env;
	bad.server_url = "";
	assert_false(cs_github_provenance(&g, &bad, &err));
	assert_non_null(strstr(err.message, "GITHUB_SERVER_URL is not set"));
	bad = env;
	bad.workflow_ref = "other/repo/.github/workflows/x.yml@refs/heads/m";
	assert_false(cs_github_provenance(&g, &bad, &err));
	assert_non_null(strstr(err.message, "is not loosebazooka/aa-test/"));
	bad.workflow_ref = "loosebazooka/aa-test/.github/workflows/x.yml";
	assert_false(cs_github_provenance(&g, &bad, &err));
	bad.workflow_ref = "loosebazooka/aa-test/@refs/heads/m";
	assert_false(cs_github_provenance(&g, &bad, &err));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_minimal),
		cmocka_unit_test(test_full),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_github),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

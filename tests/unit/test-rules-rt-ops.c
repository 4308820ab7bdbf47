/*
 * test-rules-rt-ops.c - the runtime rules on resources, lifecycle, images
 * and secrets where a fixture directory cannot reach: the shared secret-name
 * matcher and value shapes, image reference splitting, the exact messages
 * (a secret's value must never appear in one), and whether each rule
 * applies at all, which only shows in the scored checks.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "engine.h"
#include "rules/image-ref.h"
#include "rules/rule.h"
#include "scan-helpers.h"
#include "rules/secret-words.h"

/* ---- the shared helpers ------------------------------------------------- */

static void test_secret_names(void **s)
{
	/* The Dockerfile list, unchanged. */
	assert_true(cs_secret_name("DB_PASSWORD"));
	assert_true(cs_secret_name("GH_TOKEN"));
	assert_true(cs_secret_name("AWS_SECRET_ACCESS_KEY"));
	assert_true(cs_secret_name("api-key"));
	assert_true(cs_secret_name("MYSQL_PWD"));
	assert_true(cs_secret_name("RABBITMQ_DEFAULT_PASS"));
	assert_false(cs_secret_name("PWD"));
	assert_false(cs_secret_name("TOKENIZERS_PARALLELISM"));
	assert_false(cs_secret_name("PASSWORD_MIN_LENGTH"));
	assert_false(cs_secret_name("DB_PASSWORD_FILE"));
	assert_false(cs_secret_name("GPG_KEY"));
	assert_false(cs_secret_name("GOOGLE_APPLICATION_CREDENTIALS"));
	assert_false(cs_secret_name("USERNAME"));
	assert_false(cs_secret_name("AUTH_BEARER"));
	assert_false(cs_secret_name("AZURE_OPENAI_KEY"));
	/* The runtime list adds the cloud and bearer names. */
	assert_true(cs_secret_env_name("AUTH_BEARER"));
	assert_true(cs_secret_env_name("AZURE_OPENAI_KEY"));
	assert_true(cs_secret_env_name("azure_cosmosdb_key"));
	assert_true(cs_secret_env_name("OCI_CLI_KEY_CONTENT"));
	assert_true(cs_secret_env_name("DB_PASSWORD"));
	assert_false(cs_secret_env_name("AZURE_KEY_VAULT_URL"));
	assert_false(cs_secret_env_name("AZURE_REGION"));
	assert_false(cs_secret_env_name("BEARER_TOKEN_FILE"));
	assert_false(cs_secret_env_name("PWD"));
	/* Credential files. */
	assert_true(cs_secret_cred_file_name("GOOGLE_APPLICATION_CREDENTIALS"));
	assert_true(cs_secret_cred_file_name("DB_PASSWORD_FILE"));
	assert_false(cs_secret_cred_file_name("CONFIG_FILE"));
	static const char *const pub[] = {"PUB", "PUBLIC", NULL};
	assert_true(cs_secret_name_has_word("key.pub.pem", pub));
	assert_false(cs_secret_name_has_word("public_key", pub + 2));
}

static void test_secret_shapes(void **s)
{
	assert_string_equal(cs_secret_value_shape("-----BEGIN RSA PRIVATE "
						  "KEY-----\nMIIE\n"),
			    "a PEM private key");
	assert_string_equal(cs_secret_value_shape("x -----BEGIN PRIVATE "
						  "KEY-----"),
			    "a PEM private key");
	assert_null(cs_secret_value_shape("-----BEGIN CERTIFICATE-----"));
	assert_null(cs_secret_value_shape("-----BEGIN PUBLIC KEY-----"));
	assert_string_equal(cs_secret_value_shape("AKIAIOSFODNN7EXAMPLE"),
			    "an AWS access key id");
	assert_string_equal(cs_secret_value_shape("id=AKIAIOSFODNN7EXAMPLE;"),
			    "an AWS access key id");
	/* Too short, too long, or inside a word. */
	assert_null(cs_secret_value_shape("AKIAIOSFODNN7EXAMPL"));
	assert_null(cs_secret_value_shape("AKIAIOSFODNN7EXAMPLEX"));
	assert_null(cs_secret_value_shape("XAKIAIOSFODNN7EXAMPLE"));
	static const char gh[] = "_0123456789abcdefghijklmnopqrstuvwxyz";
	char tok[64];
	snprintf(tok, sizeof(tok), "ghp%s", gh);
	assert_string_equal(cs_secret_value_shape(tok), "a GitHub token");
	snprintf(tok, sizeof(tok), "ghx%s", gh);
	assert_null(cs_secret_value_shape(tok));
	assert_null(cs_secret_value_shape("ghp_0123456789"));
	assert_string_equal(cs_secret_value_shape("glpat-abcdefghij0123456789"),
			    "a GitLab token");
	assert_null(cs_secret_value_shape("glpat-short"));
	assert_string_equal(cs_secret_value_shape("xoxb-123456789012-abc"),
			    "a Slack token");
	assert_null(cs_secret_value_shape("xoxa-123456789012-abc"));
	assert_null(cs_secret_value_shape("changeme"));
	assert_null(cs_secret_value_shape(""));
}

static void test_image_refs(void **s)
{
	cs_image_ref r;
	assert_true(cs_image_ref_parse("localhost:5000/app", &r));
	assert_string_equal(r.registry, "localhost:5000");
	assert_string_equal(r.path, "app");
	assert_null(r.tag);
	assert_true(cs_image_ref_parse("nginx", &r));
	assert_string_equal(r.registry, "docker.io");
	assert_string_equal(r.path, "library/nginx");
	assert_null(r.tag);
	assert_true(cs_image_ref_parse("Registry.Example.com:443/team/app:1.2"
				       "@sha256:abc",
				       &r));
	assert_string_equal(r.registry, "registry.example.com:443");
	assert_string_equal(r.path, "team/app");
	assert_int_equal(r.tag_len, 3);
	assert_memory_equal(r.tag, "1.2", 3);
	assert_true(r.digest);
	assert_true(cs_image_ref_parse("index.docker.io/acme/app:latest", &r));
	assert_string_equal(r.registry, "docker.io");
	assert_string_equal(r.path, "acme/app");
	assert_true(cs_image_ref_trusted(&r, "docker.io/acme"));
	assert_false(cs_image_ref_trusted(&r, "docker.io/acm"));
	assert_true(cs_image_ref_trusted(&r, "registry-1.docker.io"));
	char big[1024];
	memset(big, 'a', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	assert_false(cs_image_ref_parse(big, &r));
}

/* ---- rules through the engine ------------------------------------------- */

static hit scan(cs_file_kind kind, const char *text, const char *rule,
		const char *const *trusted, size_t ntrusted)
{
	cs_config cfg;
	cs_config_init(&cfg);
	cfg.trusted_registries = (const char **)trusted;
	cfg.ntrusted = ntrusted;
	cs_scan_opts opts;
	memset(&opts, 0, sizeof(opts));
	opts.config = &cfg;
	const char *path = kind == CS_KIND_COMPOSE ? "compose.yaml"
						   : "pod.yaml";
	return scan_rule(kind, path, text, &opts, rule);
}

static hit k8s(const char *text, const char *rule)
{
	return scan(CS_KIND_K8S, text, rule, NULL, 0);
}

static hit compose(const char *text, const char *rule)
{
	return scan(CS_KIND_COMPOSE, text, rule, NULL, 0);
}

static const char pod_head[] = "apiVersion: v1\n"
			       "kind: Pod\n"
			       "metadata: {name: p}\n"
			       "spec:\n";

static void test_secret_literal_messages(void **s)
{
	char y[1024];
	snprintf(y, sizeof(y),
		 "%s  containers:\n"
		 "    - name: app\n"
		 "      image: app:1.0\n"
		 "      env:\n"
		 "        - name: DB_PASSWORD\n"
		 "          value: hunter2-s3cret\n",
		 pod_head);
	hit r = k8s(y, "RT-SECRET-LITERAL");
	assert_int_equal(r.n, 1);
	assert_true(r.applied);
	assert_int_equal(r.first.line, 9);
	assert_int_equal(r.first.col, 11);
	assert_string_equal(r.value, "DB_PASSWORD");
	assert_string_equal(r.message,
			    "container 'app': variable 'DB_PASSWORD' looks "
			    "like a secret and has a literal value");
	assert_null(strstr(r.message, "hunter2"));

	/* A key is found by its shape, whatever the name. */
	snprintf(y, sizeof(y),
		 "services:\n"
		 "  web:\n"
		 "    image: nginx:1.25.3\n"
		 "    environment:\n"
		 "      UPSTREAM: AKIAIOSFODNN7EXAMPLE\n");
	r = compose(y, "RT-SECRET-LITERAL");
	assert_int_equal(r.n, 1);
	assert_int_equal(r.first.line, 5);
	assert_int_equal(r.first.col, 7);
	assert_string_equal(r.message,
			    "service 'web': variable 'UPSTREAM' has a literal "
			    "value shaped like an AWS access key id");
	assert_null(strstr(r.message, "AKIA"));

	/* No environment: the rule does not apply. */
	r = compose("services:\n  web:\n    image: nginx:1.25.3\n",
		    "RT-SECRET-LITERAL");
	assert_int_equal(r.n, 0);
	assert_false(r.applied);
}

static void test_compose_secret_from_environment(void **s)
{
	/* The value comes from the environment: the file holds no secret,
	 * even though interpolation resolved it. */
	static const char y[] = "services:\n"
				"  db:\n"
				"    image: postgres:16.3\n"
				"    environment:\n"
				"      - POSTGRES_PASSWORD=${PGPASS}\n"
				"      - REDIS_PASSWORD=literal-one\n";
	static const char *const env[] = {"PGPASS=from-ci", NULL};
	cs_scan_opts opts;
	memset(&opts, 0, sizeof(opts));
	opts.environ = env;
	cs_file_result r;
	memset(&r, 0, sizeof(r));
	cs_scan_buffer(&r, "compose.yaml", CS_KIND_COMPOSE, y, strlen(y),
		       &opts);
	size_t n = 0;
	for (size_t i = 0; i < r.nfindings; i++) {
		if (strcmp(r.findings[i].rule->id, "RT-SECRET-LITERAL") != 0)
			continue;
		n++;
		assert_int_equal(r.findings[i].start.line, 6);
		assert_string_equal(r.findings[i].value, "REDIS_PASSWORD");
	}
	assert_int_equal(n, 1);
	cs_file_result_free(&r);
}

static void test_requests_and_limits(void **s)
{
	char y[1024];
	snprintf(y, sizeof(y),
		 "%s  containers:\n"
		 "    - name: app\n"
		 "      image: app:1.0\n"
		 "      resources:\n"
		 "        limits: {memory: 64Mi}\n",
		 pod_head);
	hit r = k8s(y, "RT-REQUESTS");
	assert_int_equal(r.n, 1);
	assert_string_equal(r.value, "requests.cpu");
	assert_int_equal(r.first.line, 6);
	assert_int_equal(r.first.col, 7);
	r = k8s(y, "RT-MEM-LIMIT");
	assert_int_equal(r.n, 0);
	assert_true(r.applied);
	r = k8s(y, "RT-CPU-LIMIT");
	assert_int_equal(r.n, 1);
	assert_string_equal(r.message,
			    "container 'app' has no CPU limit "
			    "(resources.limits.cpu)");
	/* Compose-only rules do not apply to Kubernetes. */
	assert_false(k8s(y, "RT-PIDS").applied);
	assert_false(k8s(y, "RT-RESTART").applied);
	assert_false(compose("services:\n  web:\n    image: a:1\n",
			     "RT-REQUESTS")
			     .applied);
}

static void test_image_rules(void **s)
{
	static const char *const trusted[] = {"registry.example.com"};
	hit r = scan(CS_KIND_COMPOSE,
			"services:\n  web:\n    image: localhost:5000/app\n",
			"RT-IMAGE-TAG", NULL, 0);
	assert_int_equal(r.n, 1);
	assert_string_equal(r.message,
			    "service 'web' runs image 'localhost:5000/app' "
			    "without a tag: it gets whatever 'latest' is when "
			    "it is pulled");
	/* A service that builds names its own output. */
	r = compose("services:\n  web:\n    build: .\n    image: app\n",
		    "RT-IMAGE-TAG");
	assert_false(r.applied);
	/* Registry: applies only when configured. */
	r = compose("services:\n  web:\n    image: nginx:1.25.3\n",
		    "RT-REGISTRY");
	assert_false(r.applied);
	static const char nginx[] = "services:\n  web:\n"
				    "    image: nginx:1.25.3\n";
	r = scan(CS_KIND_COMPOSE, nginx, "RT-REGISTRY", trusted, 1);
	assert_int_equal(r.n, 1);
	assert_string_equal(r.message,
			    "service 'web' runs image 'nginx:1.25.3' from "
			    "'docker.io/library/nginx', which is not in "
			    "trusted-registries");
	r = scan(CS_KIND_COMPOSE,
		 "services:\n  web:\n    image: registry.example.com/a:1\n",
		 "RT-REGISTRY", trusted, 1);
	assert_int_equal(r.n, 0);
	assert_true(r.applied);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_secret_names),
		cmocka_unit_test(test_secret_shapes),
		cmocka_unit_test(test_image_refs),
		cmocka_unit_test(test_secret_literal_messages),
		cmocka_unit_test(test_compose_secret_from_environment),
		cmocka_unit_test(test_requests_and_limits),
		cmocka_unit_test(test_image_rules),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

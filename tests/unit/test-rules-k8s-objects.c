/*
 * test-rules-k8s-objects.c - the Kubernetes object rules and the Compose
 * wiring rules on what fixtures cannot show: exact messages and values
 * (secrets never copied into them), which objects a rule applies to (the
 * scored checks), the questions left for the run, and that DC-SHARED-VOL
 * stays bounded on a file with thousands of services.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>

#include "engine.h"
#include "rules/registry.h"
#include "rules/rule.h"
#include "scan-helpers.h"

/* Named so that the families are linked in whatever the registry does. */
extern const cs_rule_family cs_family_k8s_objects;
extern const cs_rule_family cs_family_dc;

static hit scan_kind(const char *text, cs_file_kind kind, const char *rule)
{
	cs_scan_opts opts;
	memset(&opts, 0, sizeof(opts));
	return scan_rule(kind,
			 kind == CS_KIND_K8S ? "k8s.yaml" : "compose.yaml",
			 text, &opts, rule);
}

static hit scan(const char *text, const char *rule)
{
	return scan_kind(text, CS_KIND_K8S, rule);
}

#define POD(ns)                                                                \
	"apiVersion: v1\n"                                                     \
	"kind: Pod\n"                                                          \
	"metadata:\n"                                                          \
	"  name: tool\n"                                                       \
	"  namespace: " ns "\n"                                                \
	"  labels:\n"                                                          \
	"    app: tool\n"                                                      \
	"spec:\n"

static void test_rows_are_complete(void **s)
{
	const cs_rule_family *fams[] = {&cs_family_k8s_objects, &cs_family_dc};
	size_t total = 0;
	for (size_t f = 0; f < 2; f++) {
		for (size_t i = 0; i < fams[f]->n; i++) {
			const cs_rule *r = &fams[f]->rules[i];
			total++;
			assert_non_null(cs_rule_find(r->id));
			assert_true(r->title && *r->title);
			assert_true(r->rationale && *r->rationale);
			assert_true(r->remediation && *r->remediation);
			assert_true(r->example && *r->example);
			assert_non_null(r->cis);
			assert_non_null(r->nist);
			assert_non_null(r->owasp);
			assert_non_null(r->trivy);
			assert_non_null(r->checkov);
			assert_non_null(r->kics);
			assert_non_null(r->kube_linter);
			assert_string_equal(r->hadolint, "");
			assert_string_equal(r->pss,
					    strcmp(r->id, "K8S-VOLTYPES") == 0
						    ? "restricted"
						    : "");
			if (f == 0) {
				assert_int_equal(r->targets, CS_TARGET_K8S);
				assert_non_null(r->check_k8s);
			} else {
				assert_int_equal(r->targets,
						 CS_TARGET_COMPOSE);
				assert_non_null(r->check_compose);
				assert_int_equal(r->scope, CS_SCOPE_SERVICE);
			}
		}
	}
	assert_int_equal(total, 19);
	assert_int_equal(cs_rule_find("K8S-NETPOL-NONE")->scope,
			 CS_SCOPE_SCAN_SET);
	assert_int_equal(cs_rule_find("K8S-SECRET-DATA")->severity,
			 CS_SEV_HIGH);
}

static void test_configmap_secret_never_shows_value(void **s)
{
	hit h = scan("apiVersion: v1\n"
		     "kind: ConfigMap\n"
		     "metadata:\n"
		     "  name: cfg\n"
		     "data:\n"
		     "  DB_PASSWORD: hunter2secret\n",
		     "K8S-CM-SECRET");
	assert_int_equal(h.n, 1);
	assert_int_equal(h.first.line, 6);
	assert_int_equal(h.first.col, 3);
	assert_string_equal(h.value, "DB_PASSWORD");
	assert_null(strstr(h.message, "hunter2secret"));
	assert_string_equal(h.message,
			    "ConfigMap 'cfg' key 'DB_PASSWORD' looks like a "
			    "secret and has a value: ConfigMaps are stored "
			    "and shown in clear text");
	/* a Pod is not a ConfigMap: not even applicable */
	h = scan(POD("shop") "  containers:\n    - name: a\n      image: b\n",
		 "K8S-CM-SECRET");
	assert_false(h.applied);
}

static void test_secret_data_counts_keys(void **s)
{
	hit h = scan("apiVersion: v1\n"
		     "kind: Secret\n"
		     "metadata:\n"
		     "  name: db\n"
		     "stringData:\n"
		     "  empty: \"\"\n"
		     "  user: admin\n"
		     "  pass: hunter2secret\n",
		     "K8S-SECRET-DATA");
	assert_int_equal(h.n, 1);
	assert_int_equal(h.first.line, 7);
	assert_int_equal(h.first.col, 3);
	assert_string_equal(h.value, "db");
	assert_null(strstr(h.message, "hunter2secret"));
	assert_null(strstr(h.message, "admin"));
	assert_non_null(strstr(h.message, "2 keys"));
}

static void test_pod_rules_skip_other_kinds(void **s)
{
	static const char *const pod_rules[] = {
		"K8S-SA-AUTOMOUNT", "K8S-SA-DEFAULT", "K8S-SECCTX-NONE",
		"K8S-NETPOL-NONE", "K8S-HOSTALIASES", "K8S-VOLTYPES",
		"K8S-GITSYNC", "K8S-NS-SYSTEM",
	};
	const char *role = "apiVersion: rbac.authorization.k8s.io/v1\n"
			   "kind: ClusterRole\n"
			   "metadata:\n"
			   "  name: reader\n"
			   "rules: []\n";
	for (size_t i = 0; i < sizeof(pod_rules) / sizeof(*pod_rules); i++) {
		hit h = scan(role, pod_rules[i]);
		assert_int_equal(h.n, 0);
		assert_false(h.applied);
	}
	/* a cluster-scoped kind has no namespace to judge */
	hit h = scan(role, "K8S-NS-DEFAULT");
	assert_false(h.applied);
}

static void test_automount_question(void **s)
{
	hit h = scan(POD("shop") "  serviceAccountName: tool\n"
				 "  containers:\n"
				 "    - name: a\n"
				 "      image: b\n",
		     "K8S-SA-AUTOMOUNT");
	assert_int_equal(h.n, 1);
	assert_int_equal(h.npending, 1);
	assert_int_equal(h.q_kind, CS_XREF_SA_NO_AUTOMOUNT);
	assert_string_equal(h.q_ns, "shop");
	assert_string_equal(h.q_name, "tool");
	/* explicit true: no question, a plain finding at the field */
	h = scan(POD("shop") "  automountServiceAccountToken: true\n"
			     "  containers:\n"
			     "    - name: a\n"
			     "      image: b\n",
		 "K8S-SA-AUTOMOUNT");
	assert_int_equal(h.n, 1);
	assert_int_equal(h.npending, 0);
	assert_int_equal(h.first.line, 9);
	assert_int_equal(h.first.col, 3);
}

static void test_netpol_questions(void **s)
{
	hit h = scan("apiVersion: v1\n"
		     "kind: Pod\n"
		     "metadata:\n"
		     "  name: tool\n"
		     "  labels:\n"
		     "    app: tool\n"
		     "    tier: back\n"
		     "spec:\n"
		     "  containers:\n"
		     "    - name: a\n"
		     "      image: b\n",
		     "K8S-NETPOL-NONE");
	assert_int_equal(h.npending, 1);
	assert_int_equal(h.q_kind, CS_XREF_NETPOL_SELECTS);
	assert_string_equal(h.q_ns, "default");
	assert_int_equal(h.q_nlabels, 2);
	/* an empty selector is never dangling, and asks nothing */
	h = scan("apiVersion: networking.k8s.io/v1\n"
		 "kind: NetworkPolicy\n"
		 "metadata:\n"
		 "  name: deny\n"
		 "spec:\n"
		 "  podSelector: {}\n",
		 "K8S-NETPOL-DANGLING");
	assert_true(h.applied);
	assert_int_equal(h.n, 0);
	assert_int_equal(h.npending, 0);
	h = scan("apiVersion: networking.k8s.io/v1\n"
		 "kind: NetworkPolicy\n"
		 "metadata:\n"
		 "  name: web\n"
		 "  namespace: shop\n"
		 "spec:\n"
		 "  podSelector:\n"
		 "    matchLabels:\n"
		 "      app: web\n",
		 "K8S-NETPOL-DANGLING");
	assert_int_equal(h.npending, 1);
	assert_int_equal(h.q_kind, CS_XREF_SELECTS_WORKLOAD);
	assert_string_equal(h.q_ns, "shop");
	assert_int_equal(h.first.line, 7);
	assert_int_equal(h.first.col, 3);
}

static void test_secctx_empty_counts_as_none(void **s)
{
	hit h = scan(POD("shop") "  securityContext: {}\n"
				 "  containers:\n"
				 "    - name: a\n"
				 "      image: b\n"
				 "      securityContext: {}\n",
		     "K8S-SECCTX-NONE");
	assert_int_equal(h.n, 1);
	assert_int_equal(h.first.line, 8);
	assert_int_equal(h.first.col, 1);
	assert_string_equal(h.value, "a");
	h = scan(POD("shop") "  containers:\n"
			     "    - name: a\n"
			     "      image: b\n"
			     "      securityContext:\n"
			     "        runAsNonRoot: true\n",
		 "K8S-SECCTX-NONE");
	assert_true(h.applied);
	assert_int_equal(h.n, 0);
}

static void test_deprecated_api_message(void **s)
{
	hit h = scan("apiVersion: apps/v1beta2\n"
		     "kind: StatefulSet\n"
		     "metadata:\n"
		     "  name: db\n",
		     "K8S-DEPRECATED-API");
	assert_int_equal(h.n, 1);
	assert_string_equal(h.value, "apps/v1beta2");
	assert_string_equal(h.message,
			    "StatefulSet/db uses apiVersion apps/v1beta2, "
			    "removed in Kubernetes 1.16: use apps/v1");
	h = scan("apiVersion: storage.k8s.io/v1beta1\n"
		 "kind: CSIStorageCapacity\n"
		 "metadata:\n"
		 "  name: cap\n",
		 "K8S-DEPRECATED-API");
	assert_int_equal(h.n, 1);
	assert_non_null(strstr(h.message, "removed in Kubernetes 1.27"));
}

static void test_dc_network_skips_network_mode(void **s)
{
	hit h = scan_kind("services:\n"
			  "  a:\n"
			  "    image: x\n"
			  "    network_mode: host\n",
			  CS_KIND_COMPOSE, "DC-NETWORK");
	assert_false(h.applied);
	h = scan_kind("services:\n"
		      "  a:\n"
		      "    image: x\n",
		      CS_KIND_COMPOSE, "DC-NETWORK");
	assert_int_equal(h.n, 1);
	assert_int_equal(h.first.line, 2);
	assert_int_equal(h.first.col, 3);
	assert_string_equal(h.path, "services.a");
}

static void test_dc_shared_vol_is_bounded(void **s)
{
	/* 5000 services sharing one volume: the search per service is
	 * capped, so each still finds its neighbours, in linear time */
	enum { N = 5000 };
	size_t cap = (size_t)N * 64 + 64;
	char *y = malloc(cap);
	assert_non_null(y);
	size_t len = (size_t)snprintf(y, cap, "services:\n");
	for (int i = 0; i < N; i++)
		len += (size_t)snprintf(y + len, cap - len,
					"  s%d:\n    image: x\n"
					"    volumes: [\"data:/d\"]\n",
					i);
	len += (size_t)snprintf(y + len, cap - len, "volumes:\n  data: {}\n");
	clock_t t0 = clock();
	hit h = scan_kind(y, CS_KIND_COMPOSE, "DC-SHARED-VOL");
	double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
	free(y);
	assert_int_equal(h.n, N);
	assert_string_equal(h.message,
			    "service 's0' mounts volume 'data', which services "
			    "'s1', 's2', 's3' and 835 more also mount: a "
			    "compromise of one can tamper with the others' "
			    "data");
	assert_true(secs < 30.0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rows_are_complete),
		cmocka_unit_test(test_configmap_secret_never_shows_value),
		cmocka_unit_test(test_secret_data_counts_keys),
		cmocka_unit_test(test_pod_rules_skip_other_kinds),
		cmocka_unit_test(test_automount_question),
		cmocka_unit_test(test_netpol_questions),
		cmocka_unit_test(test_secctx_empty_counts_as_none),
		cmocka_unit_test(test_deprecated_api_message),
		cmocka_unit_test(test_dc_network_skips_network_mode),
		cmocka_unit_test(test_dc_shared_vol_is_bounded),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * test-rules-k8s-rbac.c - the RBAC rules on what fixtures cannot show: the
 * exact message and value of a finding, which objects a rule applies to
 * (scoring counts checks that applied), and the cross-file question that
 * K8S-RBAC-ADMIN leaves for the run to answer.
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
#include "scan-helpers.h"

static hit scan(const char *text, const char *rule)
{
	cs_scan_opts opts;
	memset(&opts, 0, sizeof(opts));
	return scan_rule(CS_KIND_K8S, "rbac.yaml", text, &opts, rule);
}

#define ROLE(kind, name)                                                       \
	"apiVersion: rbac.authorization.k8s.io/v1\n"                           \
	"kind: " kind "\n"                                                     \
	"metadata:\n"                                                          \
	"  name: " name "\n"                                                   \
	"  namespace: shop\n"                                                  \
	"rules:\n"

static void test_wildcard_names_every_field(void **s)
{
	hit h = scan(ROLE("ClusterRole", "all")
		     "  - apiGroups: [\"*\"]\n"
		     "    resources: [\"*\"]\n"
		     "    verbs: [\"*\"]\n",
		     "K8S-RBAC-WILDCARD");
	assert_int_equal(h.n, 1);
	assert_int_equal(h.first.line, 7);
	assert_int_equal(h.first.col, 17);
	assert_string_equal(h.value, "*");
	assert_string_equal(h.message,
			    "ClusterRole 'all' uses '*' in apiGroups, "
			    "resources and verbs: the rule grants every "
			    "match that exists now and any added later");
	/* The first `*` in document order, whatever the key order. */
	h = scan(ROLE("Role", "r")
		 "  - verbs: [\"get\", \"*\"]\n"
		 "    apiGroups: [\"\"]\n"
		 "    resources: [\"pods\"]\n",
		 "K8S-RBAC-WILDCARD");
	assert_int_equal(h.n, 1);
	assert_int_equal(h.first.line, 7);
	assert_int_equal(h.first.col, 20);
	assert_non_null(strstr(h.message, "'*' in verbs:"));
}

static void test_grant_messages_and_values(void **s)
{
	hit h = scan(ROLE("Role", "reader")
		     "  - apiGroups: [\"\"]\n"
		     "    resources: [\"configmaps\", \"secrets\"]\n"
		     "    verbs: [\"list\"]\n",
		     "K8S-RBAC-SECRETS");
	assert_int_equal(h.n, 1);
	assert_int_equal(h.first.line, 8);
	assert_int_equal(h.first.col, 31);
	assert_string_equal(h.value, "list secrets");
	assert_string_equal(h.message,
			    "Role 'reader' grants list on secrets: every "
			    "Secret in its reach can be read, service account "
			    "tokens and credentials included");
	/* Through wildcards the message says what the wildcard includes; the
	 * value (and so the fingerprint) is the same grant's. */
	h = scan(ROLE("Role", "reader")
		 "  - apiGroups: [\"*\"]\n"
		 "    resources: [\"*\"]\n"
		 "    verbs: [\"*\"]\n",
		 "K8S-RBAC-SECRETS");
	assert_int_equal(h.n, 1);
	assert_int_equal(h.first.line, 8);
	assert_int_equal(h.first.col, 17);
	assert_string_equal(h.value, "get secrets");
	assert_non_null(strstr(h.message, "Role 'reader' grants * on *, "
					  "which includes get on secrets: "));
}

static void test_resource_names_narrow_a_grant(void **s)
{
	static const char text[] =
		ROLE("Role", "tls")
		"  - apiGroups: [\"\"]\n"
		"    resources: [\"secrets\"]\n"
		"    resourceNames: [\"app-tls\"]\n"
		"    verbs: [\"get\"]\n";
	hit h = scan(text, "K8S-RBAC-SECRETS");
	assert_true(h.applied);
	assert_int_equal(h.n, 0);
}

static void test_escalate_points_at_the_verb(void **s)
{
	hit h = scan(ROLE("ClusterRole", "binder")
		     "  - apiGroups: [\"rbac.authorization.k8s.io\"]\n"
		     "    resources: [\"clusterroles\"]\n"
		     "    verbs: [\"get\", \"bind\"]\n",
		     "K8S-RBAC-ESCALATE");
	assert_int_equal(h.n, 1);
	assert_int_equal(h.first.line, 9);
	assert_int_equal(h.first.col, 20);
	assert_string_equal(h.value, "bind");
}

static void test_role_cannot_grant_cluster_scoped(void **s)
{
	static const char rules[] =
		"  - apiGroups: [\"\"]\n"
		"    resources: [\"persistentvolumes\"]\n"
		"    verbs: [\"create\"]\n";
	char text[1024];
	snprintf(text, sizeof(text), "%s%s", ROLE("Role", "r"), rules);
	hit h = scan(text, "K8S-RBAC-PV");
	assert_true(h.applied);
	assert_int_equal(h.n, 0);
	snprintf(text, sizeof(text), "%s%s", ROLE("ClusterRole", "r"), rules);
	h = scan(text, "K8S-RBAC-PV");
	assert_int_equal(h.n, 1);
	assert_string_equal(h.value, "create persistentvolumes");
}

static void test_applicability(void **s)
{
	static const char aggregated[] =
		"apiVersion: rbac.authorization.k8s.io/v1\n"
		"kind: ClusterRole\n"
		"metadata:\n"
		"  name: monitoring\n"
		"aggregationRule:\n"
		"  clusterRoleSelectors:\n"
		"    - matchLabels: {aggregate: \"true\"}\n"
		"rules:\n"
		"  - apiGroups: [\"*\"]\n"
		"    resources: [\"*\"]\n"
		"    verbs: [\"*\"]\n";
	static const char binding[] =
		"apiVersion: rbac.authorization.k8s.io/v1\n"
		"kind: RoleBinding\n"
		"metadata:\n"
		"  name: b\n"
		"  namespace: shop\n"
		"roleRef:\n"
		"  apiGroup: rbac.authorization.k8s.io\n"
		"  kind: ClusterRole\n"
		"  name: view\n"
		"subjects:\n"
		"  - kind: Group\n"
		"    name: system:serviceaccounts:shop\n";
	hit h = scan(aggregated, "K8S-RBAC-WILDCARD");
	assert_false(h.applied);
	assert_int_equal(h.n, 0);
	h = scan(aggregated, "K8S-RBAC-SECRETS");
	assert_false(h.applied);
	h = scan(binding, "K8S-RBAC-SECRETS");
	assert_false(h.applied);
	h = scan(binding, "K8S-RBAC-SUBJECT");
	assert_true(h.applied);
	assert_int_equal(h.n, 0);
	h = scan(ROLE("Role", "r") "  - apiGroups: [\"\"]\n"
				   "    resources: [\"pods\"]\n"
				   "    verbs: [\"get\"]\n",
		 "K8S-RBAC-SUBJECT");
	assert_false(h.applied);
}

static void test_admin_direct_and_cross_file(void **s)
{
	hit h = scan("apiVersion: rbac.authorization.k8s.io/v1\n"
		     "kind: ClusterRoleBinding\n"
		     "metadata:\n"
		     "  name: ci\n"
		     "roleRef:\n"
		     "  apiGroup: rbac.authorization.k8s.io\n"
		     "  kind: ClusterRole\n"
		     "  name: cluster-admin\n"
		     "subjects:\n"
		     "  - kind: ServiceAccount\n"
		     "    name: ci\n"
		     "    namespace: ci\n",
		     "K8S-RBAC-ADMIN");
	assert_int_equal(h.n, 1);
	assert_int_equal(h.npending, 0);
	assert_int_equal(h.first.line, 8);
	assert_string_equal(h.value, "cluster-admin");
	assert_string_equal(h.message,
			    "ClusterRoleBinding 'ci' binds ClusterRole "
			    "'cluster-admin': its subjects can do anything "
			    "anywhere in the cluster");
	/* Any other role: a question for the whole scan set. */
	h = scan("apiVersion: rbac.authorization.k8s.io/v1\n"
		 "kind: RoleBinding\n"
		 "metadata:\n"
		 "  name: owner\n"
		 "  namespace: shop\n"
		 "roleRef:\n"
		 "  apiGroup: rbac.authorization.k8s.io\n"
		 "  kind: Role\n"
		 "  name: ns-owner\n"
		 "subjects:\n"
		 "  - kind: User\n"
		 "    name: alice\n",
		 "K8S-RBAC-ADMIN");
	assert_true(h.applied);
	assert_int_equal(h.npending, 1);
	assert_int_equal(h.q_kind, CS_XREF_ROLE_ADMIN);
	assert_string_equal(h.q_role_kind, "Role");
	assert_string_equal(h.q_name, "ns-owner");
	assert_string_equal(h.q_ns, "shop");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_wildcard_names_every_field),
		cmocka_unit_test(test_grant_messages_and_values),
		cmocka_unit_test(test_resource_names_narrow_a_grant),
		cmocka_unit_test(test_escalate_points_at_the_verb),
		cmocka_unit_test(test_role_cannot_grant_cluster_scoped),
		cmocka_unit_test(test_applicability),
		cmocka_unit_test(test_admin_direct_and_cross_file),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

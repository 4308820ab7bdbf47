/*
 * test-rules-rt-priv.c - the privilege and confinement rules (rt-priv.c,
 * rt-confine.c) where a fixture directory cannot reach: Compose values that
 * come from the environment, the exact messages, and whether a rule applied
 * at all (which the score depends on).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "engine.h"
#include "rules/rt-util.h"
#include "rules/rule.h"
#include "scan-helpers.h"

static hit scan(cs_file_kind kind, const char *text, const char *rule,
		const char *const *environ)
{
	cs_scan_opts opts;
	memset(&opts, 0, sizeof(opts));
	opts.environ = environ;
	const char *path =
		kind == CS_KIND_COMPOSE ? "compose.yaml" : "k8s.yaml";
	return scan_rule(kind, path, text, &opts, rule);
}

static hit compose(const char *text, const char *rule,
		   const char *const *environ)
{
	return scan(CS_KIND_COMPOSE, text, rule, environ);
}

static hit k8s(const char *text, const char *rule)
{
	return scan(CS_KIND_K8S, text, rule, NULL);
}

/* ---- Compose values from the environment -------------------------------- */

static const char priv_var[] =
	"services:\n"
	"  web:\n"
	"    image: nginx:1.25.3\n"
	"    privileged: ${PRIV}\n";

static void test_privileged_from_environment(void **s)
{
	static const char *const on[] = {"PRIV=true", NULL};
	static const char *const off[] = {"PRIV=false", NULL};
	hit h = compose(priv_var, "RT-PRIVILEGED", NULL);
	assert_int_equal(h.n, 0);
	assert_true(h.applied);
	h = compose(priv_var, "RT-PRIVILEGED", off);
	assert_int_equal(h.n, 0);
	h = compose(priv_var, "RT-PRIVILEGED", on);
	assert_int_equal(h.n, 1);
	assert_int_equal(h.first.line, 4);
	assert_string_equal(h.subject, "service web");
	assert_non_null(strstr(h.message, "service 'web' sets privileged:"));
}

static const char user_var[] =
	"services:\n"
	"  api:\n"
	"    image: api:1.0\n"
	"    user: ${APP_USER}\n";

static void test_root_user_from_environment(void **s)
{
	static const char *const root[] = {"APP_USER=0:0", NULL};
	static const char *const app[] = {"APP_USER=10001", NULL};
	/* Unresolved: chosen at run time, not judged. */
	hit h = compose(user_var, "RT-ROOT", NULL);
	assert_int_equal(h.n, 0);
	assert_true(h.applied);
	h = compose(user_var, "RT-ROOT", app);
	assert_int_equal(h.n, 0);
	h = compose(user_var, "RT-ROOT", root);
	assert_int_equal(h.n, 1);
	assert_int_equal(h.first.line, 4);
	assert_string_equal(h.value, "0:0");
	assert_string_equal(h.message,
			    "service 'api' sets user: '0:0': it runs as root");
}

static void test_compose_no_user_message(void **s)
{
	static const char text[] =
		"services:\n"
		"  web:\n"
		"    image: nginx:1.25.3\n";
	hit h = compose(text, "RT-ROOT", NULL);
	assert_int_equal(h.n, 1);
	assert_int_equal(h.first.line, 2);
	assert_int_equal(h.first.col, 3);
	assert_string_equal(h.message,
			    "service 'web' sets no user: it runs as the "
			    "image's default user, which is root unless the "
			    "image sets USER");
}

/* ---- Kubernetes semantics ----------------------------------------------- */

static const char pod_head[] =
	"apiVersion: v1\n"
	"kind: Pod\n"
	"metadata:\n"
	"  name: p\n"
	"spec:\n";

static hit pod(const char *body, const char *rule)
{
	char text[2048];
	snprintf(text, sizeof(text), "%s%s", pod_head, body);
	return k8s(text, rule);
}

static void test_uid_low_applies_only_when_set(void **s)
{
	hit h = pod("  containers:\n"
		    "    - name: app\n"
		    "      image: app:1.0\n",
		    "RT-UID-LOW");
	assert_int_equal(h.n, 0);
	assert_false(h.applied);
	h = pod("  securityContext:\n"
		"    runAsUser: 1000\n"
		"  containers:\n"
		"    - name: app\n"
		"      image: app:1.0\n",
		"RT-UID-LOW");
	assert_int_equal(h.n, 1);
	assert_true(h.applied);
	assert_int_equal(h.first.line, 7);
	assert_string_equal(h.value, "1000");
	assert_string_equal(h.message,
			    "container 'app' sets runAsUser: 1000 (from the "
			    "pod's securityContext), below 10000: it may "
			    "share its uid with a user of the host");
}

static void test_root_zero_wins_over_non_root(void **s)
{
	hit h = pod("  securityContext:\n"
		    "    runAsNonRoot: true\n"
		    "  containers:\n"
		    "    - name: app\n"
		    "      image: app:1.0\n"
		    "      securityContext:\n"
		    "        runAsUser: 0\n",
		    "RT-ROOT");
	assert_int_equal(h.n, 1);
	assert_int_equal(h.first.line, 12);
	assert_string_equal(h.message,
			    "container 'app' sets runAsUser: 0 with "
			    "runAsNonRoot: true: the kubelet refuses to "
			    "start it");
}

static void test_privileged_not_inherited(void **s)
{
	/* privileged has no pod-level field: a pod securityContext key of
	 * that name is ignored, and the container's false stands. */
	hit h = pod("  securityContext:\n"
		    "    privileged: true\n"
		    "  containers:\n"
		    "    - name: app\n"
		    "      image: app:1.0\n",
		    "RT-PRIVILEGED");
	assert_int_equal(h.n, 0);
	assert_true(h.applied);
}

static void test_seccomp_unset_unconfined_na(void **s)
{
	hit h = pod("  securityContext:\n"
		    "    seccompProfile:\n"
		    "      type: Unconfined\n"
		    "  containers:\n"
		    "    - name: app\n"
		    "      image: app:1.0\n",
		    "RT-SECCOMP-UNSET");
	assert_int_equal(h.n, 0);
	assert_false(h.applied);
	h = pod("  securityContext:\n"
		"    seccompProfile:\n"
		"      type: Unconfined\n"
		"  containers:\n"
		"    - name: app\n"
		"      image: app:1.0\n",
		"RT-SECCOMP-OFF");
	assert_int_equal(h.n, 1);
	assert_non_null(strstr(h.message, "(from the pod's securityContext)"));
}

static void test_init_container_noun(void **s)
{
	hit h = pod("  initContainers:\n"
		    "    - name: setup\n"
		    "      image: app:1.0\n"
		    "      securityContext:\n"
		    "        capabilities:\n"
		    "          add: [SYS_ADMIN]\n"
		    "  containers:\n"
		    "    - name: app\n"
		    "      image: app:1.0\n",
		    "RT-CAP-DANGER");
	assert_int_equal(h.n, 1);
	assert_int_equal(h.first.line, 11);
	assert_int_equal(h.first.col, 17);
	assert_string_equal(h.value, "SYS_ADMIN");
	assert_string_equal(h.message,
			    "capability 'SYS_ADMIN' is added to init "
			    "container 'setup': it is a known path from the "
			    "container to the host");
}

static void test_pod_groups_name_the_container(void **s)
{
	hit h = pod("  securityContext:\n"
		    "    fsGroup: 0\n"
		    "  containers:\n"
		    "    - name: app\n"
		    "      image: app:1.0\n",
		    "RT-GID-ROOT");
	assert_int_equal(h.n, 1);
	assert_int_equal(h.first.line, 7);
	assert_int_equal(h.first.col, 5);
	assert_string_equal(h.message,
			    "the pod of container 'app' sets fsGroup: 0: its "
			    "processes get the root group and its volumes "
			    "are owned by it");
}

static void test_net_raw_add_wins_over_drop(void **s)
{
	static const char text[] =
		"services:\n"
		"  ping:\n"
		"    image: ping:1.0\n"
		"    cap_drop: [ALL]\n"
		"    cap_add: [ALL]\n";
	hit h = compose(text, "RT-NET-RAW", NULL);
	assert_int_equal(h.n, 1);
	assert_int_equal(h.first.line, 5);
	assert_int_equal(h.first.col, 15);
	assert_string_equal(h.message,
			    "service 'ping' adds 'ALL', which includes "
			    "NET_RAW: it can forge packets on the node's "
			    "network");
	h = compose(text, "RT-CAP-DROP", NULL);
	assert_int_equal(h.n, 0);
	assert_true(h.applied);
}

static void test_windows_pod_exempt(void **s)
{
	static const char body[] =
		"  os:\n"
		"    name: windows\n"
		"  containers:\n"
		"    - name: iis\n"
		"      image: iis:ltsc2022\n";
	static const char *const rules[] = {
		"RT-PRIV-ESC", "RT-CAP-DROP", "RT-NET-RAW", "RT-RO-ROOTFS",
		"RT-SECCOMP-UNSET", "RT-APPARMOR",
	};
	for (size_t i = 0; i < sizeof(rules) / sizeof(rules[0]); i++) {
		hit h = pod(body, rules[i]);
		assert_int_equal(h.n, 0);
		assert_false(h.applied);
	}
	/* Not exempt: running as root is not a Linux-only control. */
	hit h = pod(body, "RT-ROOT");
	assert_int_equal(h.n, 1);
}

/* ---- helpers ------------------------------------------------------------ */

static void test_util(void **s)
{
	assert_true(cs_rtu_user_is_root("root"));
	assert_true(cs_rtu_user_is_root("0"));
	assert_true(cs_rtu_user_is_root("000:1000"));
	assert_true(cs_rtu_user_is_root("root:app"));
	assert_false(cs_rtu_user_is_root("Root"));
	assert_false(cs_rtu_user_is_root("10"));
	assert_false(cs_rtu_user_is_root(":0"));
	assert_false(cs_rtu_user_is_root("rooter"));
	assert_true(cs_rtu_unresolved("${UID}"));
	assert_true(cs_rtu_unresolved("x$UID"));
	assert_false(cs_rtu_unresolved("pa$$"));
	assert_false(cs_rtu_unresolved("cost $5"));
	assert_true(cs_rtu_cap_baseline("cap_chown"));
	assert_true(cs_rtu_cap_baseline("NET_BIND_SERVICE"));
	assert_false(cs_rtu_cap_baseline("NET_RAW"));
	assert_false(cs_rtu_cap_baseline("CAP_"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_privileged_from_environment),
		cmocka_unit_test(test_root_user_from_environment),
		cmocka_unit_test(test_compose_no_user_message),
		cmocka_unit_test(test_uid_low_applies_only_when_set),
		cmocka_unit_test(test_root_zero_wins_over_non_root),
		cmocka_unit_test(test_privileged_not_inherited),
		cmocka_unit_test(test_seccomp_unset_unconfined_na),
		cmocka_unit_test(test_init_container_noun),
		cmocka_unit_test(test_pod_groups_name_the_container),
		cmocka_unit_test(test_net_raw_add_wins_over_drop),
		cmocka_unit_test(test_windows_pod_exempt),
		cmocka_unit_test(test_util),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

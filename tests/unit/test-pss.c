/*
 * test-pss.c - the Pod Security Standards verdicts: every control fails
 * where admission would reject the pod and nowhere else, per version.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "model/k8s.h"
#include "parse/yaml.h"
#include "pss.h"

typedef struct verdict {
	cs_arena a;
	cs_pss_result r;
} verdict;

/* A Pod whose spec is `spec` (indented under "spec:"), judged at 1.minor. */
static void judge(verdict *v, const char *spec, int minor)
{
	char doc[8192];
	snprintf(doc, sizeof(doc),
		 "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n%s",
		 spec);
	cs_arena_init(&v->a, 0);
	cs_yaml_stream st;
	cs_error err = {0};
	assert_true(cs_yaml_load(doc, strlen(doc), &v->a, &st, &err));
	cs_k8s k;
	assert_true(cs_k8s_load(&st, &v->a, &k, &err));
	assert_int_equal(k.nobjects, 1);
	assert_non_null(k.objects[0].pod);
	assert_true(cs_pss_eval(k.objects[0].pod, minor, &v->a, &v->r));
}

static size_t count(const verdict *v, const char *control)
{
	size_t n = 0;
	for (size_t i = 0; i < v->r.nfailures; i++)
		n += strcmp(v->r.failures[i].control, control) == 0;
	return n;
}

static const cs_pss_failure *first(const verdict *v, const char *control)
{
	for (size_t i = 0; i < v->r.nfailures; i++)
		if (strcmp(v->r.failures[i].control, control) == 0)
			return &v->r.failures[i];
	return NULL;
}

/* A pod that meets restricted. */
#define RESTRICTED_CONTAINER                                                   \
	"    - name: app\n"                                                    \
	"      image: app:1\n"                                                 \
	"      securityContext:\n"                                             \
	"        allowPrivilegeEscalation: false\n"                            \
	"        capabilities:\n"                                              \
	"          drop: [ALL]\n"
#define RESTRICTED_POD                                                         \
	"  securityContext:\n"                                                 \
	"    runAsNonRoot: true\n"                                             \
	"    seccompProfile:\n"                                                \
	"      type: RuntimeDefault\n"                                         \
	"  containers:\n" RESTRICTED_CONTAINER

static void test_restricted_pod(void **s)
{
	verdict v;
	judge(&v, RESTRICTED_POD, CS_PSS_LATEST_MINOR);
	assert_int_equal(v.r.nfailures, 0);
	assert_int_equal(v.r.met, CS_PSS_RESTRICTED);
	assert_string_equal(v.r.subject, "Pod/p");
	cs_arena_free(&v.a);
}

static void test_empty_pod_is_baseline(void **s)
{
	verdict v;
	judge(&v, "  containers:\n    - name: app\n      image: app:1\n",
	      CS_PSS_LATEST_MINOR);
	assert_int_equal(v.r.met, CS_PSS_BASELINE);
	assert_int_equal(count(&v, "Privilege Escalation"), 1);
	assert_int_equal(count(&v, "Running as Non-root"), 1);
	assert_int_equal(count(&v, "Seccomp"), 1);
	assert_int_equal(count(&v, "Capabilities"), 1);
	assert_int_equal(v.r.nfailures, 4);
	/* a missing setting points at the container */
	const cs_pss_failure *f = first(&v, "Privilege Escalation");
	assert_int_equal(f->at.line, 7);
	assert_int_equal(f->at.col, 7);
	assert_int_equal(f->level, CS_PSS_RESTRICTED);
	cs_arena_free(&v.a);
}

static void test_host_namespaces_and_privileged(void **s)
{
	verdict v;
	judge(&v,
	      "  hostNetwork: true\n  hostPID: true\n  hostIPC: false\n"
	      "  containers:\n"
	      "    - name: app\n"
	      "      securityContext:\n"
	      "        privileged: true\n",
	      CS_PSS_LATEST_MINOR);
	assert_int_equal(v.r.met, CS_PSS_PRIVILEGED);
	assert_int_equal(count(&v, "Host Namespaces"), 2);
	const cs_pss_failure *f = first(&v, "Host Namespaces");
	assert_int_equal(f->at.line, 6);
	assert_string_equal(f->path, "spec.hostNetwork");
	f = first(&v, "Privileged Containers");
	assert_non_null(f);
	assert_int_equal(f->at.line, 12);
	assert_int_equal(f->level, CS_PSS_BASELINE);
	cs_arena_free(&v.a);
}

static void test_capabilities(void **s)
{
	verdict v;
	/* exact names, as admission compares them: CAP_CHOWN is not CHOWN */
	judge(&v,
	      "  securityContext: {runAsNonRoot: true, seccompProfile: "
	      "{type: RuntimeDefault}}\n"
	      "  containers:\n"
	      "    - name: app\n"
	      "      securityContext:\n"
	      "        allowPrivilegeEscalation: false\n"
	      "        capabilities:\n"
	      "          drop: [ALL]\n"
	      "          add: [NET_BIND_SERVICE, CHOWN, CAP_CHOWN, SYS_ADMIN]\n",
	      CS_PSS_LATEST_MINOR);
	assert_int_equal(v.r.met, CS_PSS_PRIVILEGED);
	/* baseline: CAP_CHOWN and SYS_ADMIN; restricted: CHOWN */
	size_t base = 0, restr = 0;
	for (size_t i = 0; i < v.r.nfailures; i++) {
		const cs_pss_failure *f = &v.r.failures[i];
		assert_string_equal(f->control, "Capabilities");
		if (f->level == CS_PSS_BASELINE)
			base++;
		else
			restr++;
	}
	assert_int_equal(base, 2);
	assert_int_equal(restr, 1);
	cs_arena_free(&v.a);
}

static void test_pod_level_inheritance(void **s)
{
	verdict v;
	/* the pod's runAsNonRoot and seccomp cover every container; a
	 * container's own Unconfined does not */
	judge(&v,
	      "  securityContext:\n"
	      "    runAsNonRoot: true\n"
	      "    seccompProfile: {type: RuntimeDefault}\n"
	      "  initContainers:\n" RESTRICTED_CONTAINER
	      "  containers:\n"
	      "    - name: web\n"
	      "      securityContext:\n"
	      "        allowPrivilegeEscalation: false\n"
	      "        capabilities: {drop: [ALL]}\n"
	      "        seccompProfile: {type: Unconfined}\n",
	      CS_PSS_LATEST_MINOR);
	assert_int_equal(v.r.nfailures, 1);
	const cs_pss_failure *f = first(&v, "Seccomp");
	assert_non_null(f);
	assert_int_equal(f->level, CS_PSS_BASELINE);
	assert_int_equal(f->at.line, 21);
	assert_int_equal(v.r.met, CS_PSS_PRIVILEGED);
	cs_arena_free(&v.a);
}

static void test_run_as_non_root_false_on_pod(void **s)
{
	verdict v;
	judge(&v,
	      "  securityContext:\n"
	      "    runAsNonRoot: false\n"
	      "    runAsUser: 0\n"
	      "    seccompProfile: {type: RuntimeDefault}\n"
	      "  containers:\n" RESTRICTED_CONTAINER,
	      CS_PSS_LATEST_MINOR);
	assert_int_equal(count(&v, "Running as Non-root"), 1);
	assert_int_equal(count(&v, "Running as Non-root user"), 1);
	assert_int_equal(first(&v, "Running as Non-root")->at.line, 7);
	assert_int_equal(v.r.met, CS_PSS_BASELINE);
	cs_arena_free(&v.a);
}

static void test_user_namespaces_relax_from_1_35(void **s)
{
	const char *spec = "  hostUsers: false\n"
			   "  securityContext:\n"
			   "    seccompProfile: {type: RuntimeDefault}\n"
			   "  containers:\n"
			   "    - name: app\n"
			   "      securityContext:\n"
			   "        allowPrivilegeEscalation: false\n"
			   "        procMount: Unmasked\n"
			   "        capabilities: {drop: [ALL]}\n";
	verdict v;
	judge(&v, spec, 35);
	assert_int_equal(v.r.nfailures, 0);
	assert_int_equal(v.r.met, CS_PSS_RESTRICTED);
	cs_arena_free(&v.a);
	judge(&v, spec, 34);
	assert_int_equal(count(&v, "/proc Mount Type"), 1);
	assert_int_equal(count(&v, "Running as Non-root"), 1);
	assert_int_equal(v.r.met, CS_PSS_PRIVILEGED);
	cs_arena_free(&v.a);
}

static void test_sysctls_by_version(void **s)
{
	const char *spec = "  securityContext:\n"
			   "    sysctls:\n"
			   "      - {name: net.ipv4.tcp_keepalive_time, value: '60'}\n"
			   "      - {name: kernel.shm_rmid_forced, value: '1'}\n"
			   "  containers:\n    - name: app\n";
	verdict v;
	judge(&v, spec, 28);
	assert_int_equal(count(&v, "Sysctls"), 1);
	assert_int_equal(first(&v, "Sysctls")->at.line, 8);
	cs_arena_free(&v.a);
	judge(&v, spec, 29);
	assert_int_equal(count(&v, "Sysctls"), 0);
	cs_arena_free(&v.a);
}

static void test_selinux_and_apparmor(void **s)
{
	const char *spec =
		"  securityContext:\n"
		"    seLinuxOptions: {type: container_engine_t}\n"
		"    appArmorProfile: {type: Unconfined}\n"
		"  containers:\n"
		"    - name: app\n"
		"      securityContext:\n"
		"        seLinuxOptions: {type: spc_t, user: system_u}\n";
	verdict v;
	judge(&v, spec, 31);
	/* container_engine_t is allowed from 1.31; spc_t and a user are not */
	assert_int_equal(count(&v, "SELinux"), 2);
	assert_int_equal(count(&v, "AppArmor"), 1);
	cs_arena_free(&v.a);
	judge(&v, spec, 30);
	assert_int_equal(count(&v, "SELinux"), 3);
	cs_arena_free(&v.a);
}

static void test_volumes_ports_probes(void **s)
{
	const char *spec =
		"  volumes:\n"
		"    - name: host\n"
		"      hostPath: {path: /var/log}\n"
		"    - name: data\n"
		"      nfs: {server: nfs, path: /x}\n"
		"    - name: tmp\n"
		"      emptyDir: {}\n"
		"  containers:\n"
		"    - name: app\n"
		"      ports:\n"
		"        - {containerPort: 80, hostPort: 8080}\n"
		"      livenessProbe:\n"
		"        httpGet: {host: 10.0.0.1, path: /, port: 80}\n";
	verdict v;
	judge(&v, spec, 34);
	assert_int_equal(count(&v, "HostPath Volumes"), 1);
	assert_int_equal(first(&v, "HostPath Volumes")->at.line, 8);
	assert_int_equal(count(&v, "Host Ports"), 1);
	assert_int_equal(count(&v, "Host Probes / Lifecycle Hooks"), 1);
	/* the hostPath and the nfs volume are outside the restricted list */
	assert_int_equal(count(&v, "Volume Types"), 2);
	cs_arena_free(&v.a);
	judge(&v, spec, 33);
	assert_int_equal(count(&v, "Host Probes / Lifecycle Hooks"), 0);
	cs_arena_free(&v.a);
}

static void test_parse_level_and_version(void **s)
{
	cs_pss_level l;
	int m;
	assert_true(cs_pss_parse_level("restricted", &l));
	assert_int_equal(l, CS_PSS_RESTRICTED);
	assert_false(cs_pss_parse_level("strict", &l));
	assert_true(cs_pss_parse_version("v1.30", &m));
	assert_int_equal(m, 30);
	assert_true(cs_pss_parse_version("1.22", &m));
	assert_int_equal(m, 22);
	assert_true(cs_pss_parse_version("latest", &m));
	assert_int_equal(m, CS_PSS_LATEST_MINOR);
	assert_false(cs_pss_parse_version("v1.21", &m));
	assert_false(cs_pss_parse_version("v2.0", &m));
	assert_false(cs_pss_parse_version("v1.30x", &m));
	assert_false(cs_pss_parse_version("v1.99", &m));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_restricted_pod),
		cmocka_unit_test(test_empty_pod_is_baseline),
		cmocka_unit_test(test_host_namespaces_and_privileged),
		cmocka_unit_test(test_capabilities),
		cmocka_unit_test(test_pod_level_inheritance),
		cmocka_unit_test(test_run_as_non_root_false_on_pod),
		cmocka_unit_test(test_user_namespaces_relax_from_1_35),
		cmocka_unit_test(test_sysctls_by_version),
		cmocka_unit_test(test_selinux_and_apparmor),
		cmocka_unit_test(test_volumes_ports_probes),
		cmocka_unit_test(test_parse_level_and_version),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

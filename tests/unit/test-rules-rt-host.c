/*
 * test-rules-rt-host.c - the host access and port rules (rt-host.c,
 * rt-net.c) where a fixture directory cannot reach: how many findings one
 * container yields (not just where), the exact messages, host paths that
 * only match after cleaning, values that come from the environment, and
 * whether a rule applied at all (which the score depends on).
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

static hit scan(cs_file_kind kind, const char *text, const char *rule,
		const char *const *environ)
{
	cs_scan_opts opts;
	memset(&opts, 0, sizeof(opts));
	opts.environ = environ;
	const char *name = kind == CS_KIND_COMPOSE ? "compose.yaml"
						   : "k8s.yaml";
	return scan_rule(kind, name, text, &opts, rule);
}

static hit k8s(const char *text, const char *rule)
{
	return scan(CS_KIND_K8S, text, rule, NULL);
}

static hit compose(const char *text, const char *rule,
		   const char *const *environ)
{
	return scan(CS_KIND_COMPOSE, text, rule, environ);
}

/* ---- Kubernetes ---------------------------------------------------------- */

/* A pod with one hostPath volume at `path`, mounted twice by one container
 * (two subPaths) with readOnly `ro`. */
static char pod_buf[1024];

static const char *hostpath_pod(const char *path, const char *ro)
{
	snprintf(pod_buf, sizeof(pod_buf),
		 "apiVersion: v1\n"
		 "kind: Pod\n"
		 "metadata:\n"
		 "  name: p\n"
		 "spec:\n"
		 "  containers:\n"
		 "    - name: app\n"
		 "      image: registry.example.com/app:1.0\n"
		 "      volumeMounts:\n"
		 "        - name: h\n"
		 "          mountPath: /a\n"
		 "          subPath: a\n"
		 "          readOnly: %s\n"
		 "        - name: h\n"
		 "          mountPath: /b\n"
		 "          subPath: b\n"
		 "          readOnly: %s\n"
		 "  volumes:\n"
		 "    - name: h\n"
		 "      hostPath:\n"
		 "        path: %s\n",
		 ro, ro, path);
	return pod_buf;
}

static void test_socket_after_cleaning(void **s)
{
	hit h = k8s(hostpath_pod("/var/lib/..//run/./docker.sock/", "true"),
		    "RT-DOCKER-SOCK");
	/* Two mounts of one volume: the host path is reported once. */
	assert_int_equal(h.n, 1);
	assert_int_equal(h.first.line, 21);
	assert_int_equal(h.first.col, 9);
	assert_string_equal(h.value, "/var/lib/..//run/./docker.sock/");
	assert_string_equal(h.message,
			    "container 'app' mounts the Docker socket "
			    "'/var/lib/..//run/./docker.sock/': whoever "
			    "controls the container controls the host's "
			    "container runtime, and with it the host");
	/* Read-only does not help a socket; it is not sensitive twice. */
	assert_int_equal(k8s(pod_buf, "RT-HOSTPATH-SENS").n, 0);
	assert_int_equal(k8s(pod_buf, "RT-HOSTPATH-RW").n, 0);
	assert_int_equal(k8s(pod_buf, "RT-HOSTPATH").n, 1);
}

static void test_socket_directories(void **s)
{
	hit h = k8s(hostpath_pod("/var/run", "true"), "RT-DOCKER-SOCK");
	assert_int_equal(h.n, 1);
	assert_string_equal(h.message,
			    "container 'app' mounts '/var/run', which holds "
			    "the Docker socket '/run/docker.sock': whoever "
			    "controls the container controls the host's "
			    "container runtime, and with it the host");
	h = k8s(hostpath_pod("/", "true"), "RT-DOCKER-SOCK");
	assert_int_equal(h.n, 1);
	h = k8s(hostpath_pod("/run/user/1000/docker.sock", "true"),
		"RT-DOCKER-SOCK");
	assert_int_equal(h.n, 1);
	assert_non_null(strstr(h.message, "the Docker socket"));
	/* /var's run is a symlink, resolved inside the container. */
	assert_int_equal(k8s(hostpath_pod("/var", "true"),
			     "RT-DOCKER-SOCK").n, 0);
	assert_int_equal(k8s(hostpath_pod("/run/docker.socket", "true"),
			     "RT-DOCKER-SOCK").n, 0);
	assert_int_equal(k8s(hostpath_pod("/srv/run", "true"),
			     "RT-DOCKER-SOCK").n, 0);
	/* Applies to every container, with or without mounts. */
	assert_true(k8s(hostpath_pod("/srv/run", "true"),
			"RT-DOCKER-SOCK").applied);
}

static void test_sensitive_paths(void **s)
{
	hit h = k8s(hostpath_pod("/usr/../etc/", "false"),
		    "RT-HOSTPATH-SENS");
	assert_int_equal(h.n, 1);
	assert_string_equal(h.value, "/usr/../etc/");
	assert_string_equal(h.message,
			    "container 'app' mounts the host's '/etc' "
			    "(written '/usr/../etc/'): it exposes the host's "
			    "system files");
	h = k8s(hostpath_pod("/etc/kubernetes/pki", "true"),
		"RT-HOSTPATH-SENS");
	assert_int_equal(h.n, 1);
	assert_string_equal(h.message,
			    "container 'app' mounts '/etc/kubernetes/pki', "
			    "under the host's '/etc': it exposes the host's "
			    "system files");
	/* The benign files only when read-only. */
	assert_int_equal(k8s(hostpath_pod("/etc/localtime", "true"),
			     "RT-HOSTPATH-SENS").n, 0);
	assert_int_equal(k8s(hostpath_pod("/etc/localtime", "false"),
			     "RT-HOSTPATH-SENS").n, 1);
	/* A prefix that is not a directory boundary; / only as itself. */
	assert_int_equal(k8s(hostpath_pod("/etcetera", "true"),
			     "RT-HOSTPATH-SENS").n, 0);
	assert_int_equal(k8s(hostpath_pod("/srv/data", "true"),
			     "RT-HOSTPATH-SENS").n, 0);
	assert_int_equal(k8s(hostpath_pod("/..", "true"),
			     "RT-HOSTPATH-SENS").n, 1);
	assert_int_equal(k8s(hostpath_pod("/var/lib/kubelet/pods", "true"),
			     "RT-HOSTPATH-SENS").n, 1);
}

static void test_writable_per_mount(void **s)
{
	hit h = k8s(hostpath_pod("/srv/data", "false"), "RT-HOSTPATH-RW");
	/* readOnly is per mount: each writable mount is a finding, at its
	 * readOnly field. */
	assert_int_equal(h.n, 2);
	assert_int_equal(h.first.line, 13);
	assert_int_equal(h.first.col, 11);
	assert_string_equal(h.message,
			    "container 'app' mounts the host path "
			    "'/srv/data' at '/a' read-write (no readOnly: "
			    "true): it can change the host's files");
}

static const char no_host_mounts[] =
	"apiVersion: v1\n"
	"kind: Pod\n"
	"metadata:\n"
	"  name: p\n"
	"spec:\n"
	"  hostUsers: false\n"
	"  containers:\n"
	"    - name: app\n"
	"      image: registry.example.com/app:1.0\n"
	"      volumeMounts:\n"
	"        - name: tmp\n"
	"          mountPath: /tmp\n"
	"  volumes:\n"
	"    - name: tmp\n"
	"      emptyDir: {}\n";

static void test_applicability(void **s)
{
	hit h = k8s(no_host_mounts, "RT-HOSTPATH-RW");
	assert_int_equal(h.n, 0);
	assert_false(h.applied);
	h = k8s(no_host_mounts, "RT-HOSTPATH-SENS");
	assert_false(h.applied);
	h = k8s(no_host_mounts, "RT-HOSTPATH");
	assert_true(h.applied);
	h = k8s(no_host_mounts, "RT-PROPAGATION");
	assert_true(h.applied);
	/* No ports at all: the port rules have nothing to judge. */
	assert_false(k8s(no_host_mounts, "RT-PORT-PRIV").applied);
	assert_false(k8s(no_host_mounts, "RT-SSH-PORT").applied);
	assert_true(k8s(no_host_mounts, "RT-HOST-PORT").applied);
	h = k8s(no_host_mounts, "RT-HOST-USERNS");
	assert_int_equal(h.n, 0);
	assert_true(h.applied);
}

static const char three_containers[] =
	"apiVersion: v1\n"
	"kind: Pod\n"
	"metadata:\n"
	"  name: p\n"
	"spec:\n"
	"  hostPID: true\n"
	"  containers:\n"
	"    - name: a\n"
	"      image: registry.example.com/a:1.0\n"
	"    - name: b\n"
	"      image: registry.example.com/b:1.0\n"
	"  initContainers:\n"
	"    - name: i\n"
	"      image: registry.example.com/i:1.0\n";

static void test_namespace_per_container(void **s)
{
	hit h = k8s(three_containers, "RT-HOST-PID");
	assert_int_equal(h.n, 3);
	assert_int_equal(h.first.line, 6);
	assert_int_equal(h.first.col, 3);
	assert_string_equal(h.value, "true");
	assert_string_equal(h.message,
			    "container 'a' runs in the host's PID namespace: "
			    "its pod sets hostPID: true");
	/* hostUsers unset: at each container. */
	h = k8s(three_containers, "RT-HOST-USERNS");
	assert_int_equal(h.n, 3);
	assert_int_equal(h.first.line, 8);
	assert_int_equal(h.first.col, 7);
	assert_string_equal(h.value, "hostUsers");
}

static const char ports[] =
	"apiVersion: v1\n"
	"kind: Pod\n"
	"metadata:\n"
	"  name: p\n"
	"spec:\n"
	"  containers:\n"
	"    - name: web\n"
	"      image: registry.example.com/web:1.0\n"
	"      ports:\n"
	"        - containerPort: 80\n"
	"          hostPort: 22\n"
	"        - containerPort: 22\n"
	"          protocol: UDP\n";

static void test_k8s_ports(void **s)
{
	hit h = k8s(ports, "RT-HOST-PORT");
	assert_int_equal(h.n, 1);
	assert_int_equal(h.first.line, 11);
	assert_int_equal(h.first.col, 11);
	assert_string_equal(h.value, "22");
	assert_string_equal(h.message,
			    "container 'web' sets hostPort: 22 "
			    "(containerPort 80): the port opens on the node "
			    "itself, bypassing Services and NetworkPolicies, "
			    "and ties the pod to nodes where it is free");
	h = k8s(ports, "RT-SSH-PORT");
	assert_int_equal(h.n, 1);
	assert_int_equal(h.first.line, 11);
	h = k8s(ports, "RT-PORT-PRIV");
	assert_int_equal(h.n, 2);
	assert_int_equal(h.first.line, 10);
	assert_int_equal(h.first.col, 11);
	assert_string_equal(h.message,
			    "container 'web' listens on the privileged "
			    "containerPort 80: binding a port below 1024 "
			    "needs root or NET_BIND_SERVICE");
	/* Compose-only rules never look at Kubernetes. */
	assert_false(k8s(ports, "RT-BIND-ALL").applied);
	assert_false(k8s(ports, "RT-DEVICES").applied);
	assert_false(k8s(ports, "RT-HOST-UTS").applied);
}

static const char windows_pod[] =
	"apiVersion: v1\n"
	"kind: Pod\n"
	"metadata:\n"
	"  name: w\n"
	"spec:\n"
	"  os:\n"
	"    name: windows\n"
	"  containers:\n"
	"    - name: iis\n"
	"      image: registry.example.com/iis:1.0\n";

static void test_windows_userns(void **s)
{
	hit h = k8s(windows_pod, "RT-HOST-USERNS");
	assert_int_equal(h.n, 0);
	assert_false(h.applied);
}

/* ---- Compose ------------------------------------------------------------- */

static const char sock_var[] =
	"services:\n"
	"  ci:\n"
	"    image: registry.example.com/ci:1.0\n"
	"    volumes:\n"
	"      - ${SOCK}:/var/run/docker.sock\n";

static void test_compose_socket_from_environment(void **s)
{
	static const char *const sock[] = {"SOCK=/var/run/docker.sock", NULL};
	static const char *const other[] = {"SOCK=/srv/ci", NULL};
	hit h = compose(sock_var, "RT-DOCKER-SOCK", sock);
	assert_int_equal(h.n, 1);
	assert_int_equal(h.first.line, 5);
	assert_int_equal(h.first.col, 9);
	assert_string_equal(h.value, "/var/run/docker.sock");
	assert_string_equal(h.message,
			    "service 'ci' mounts the Docker socket "
			    "'/var/run/docker.sock': whoever controls the "
			    "container controls the host's container "
			    "runtime, and with it the host");
	assert_int_equal(compose(sock_var, "RT-DOCKER-SOCK", other).n, 0);
}

static const char bind_var[] =
	"services:\n"
	"  db:\n"
	"    image: registry.example.com/db:1.0\n"
	"    ports:\n"
	"      - \"${BIND_IP}:5432:5432\"\n"
	"      - \"2222:22\"\n";

static void test_compose_ports(void **s)
{
	static const char *const local[] = {"BIND_IP=127.0.0.1", NULL};
	static const char *const all[] = {"BIND_IP=0.0.0.0", NULL};
	/* Without BIND_IP only the second port is on every interface. */
	hit h = compose(bind_var, "RT-BIND-ALL", NULL);
	assert_int_equal(h.n, 1);
	assert_int_equal(h.first.line, 6);
	assert_string_equal(h.message,
			    "service 'db' publishes '2222:22' with no host "
			    "IP: Docker binds it on every interface of the "
			    "host, the outside one included, and around the "
			    "host's firewall");
	assert_int_equal(compose(bind_var, "RT-BIND-ALL", local).n, 1);
	h = compose(bind_var, "RT-BIND-ALL", all);
	assert_int_equal(h.n, 2);
	assert_int_equal(h.first.line, 5);
	assert_string_equal(h.message,
			    "service 'db' publishes '0.0.0.0:5432:5432' on "
			    "0.0.0.0: every interface of the host, the "
			    "outside one included");
	h = compose(bind_var, "RT-SSH-PORT", NULL);
	assert_int_equal(h.n, 1);
	assert_int_equal(h.first.line, 6);
	assert_string_equal(h.message,
			    "service 'db' opens the SSH port 22 ('2222:22'): "
			    "a container should not run an SSH server; use "
			    "docker exec / kubectl exec");
}

static const char compose_host[] =
	"services:\n"
	"  app:\n"
	"    image: registry.example.com/app:1.0\n"
	"    network_mode: host\n"
	"    uts: host\n"
	"    devices:\n"
	"      - /dev/fuse\n";

static void test_compose_host(void **s)
{
	hit h = compose(compose_host, "RT-HOST-NET", NULL);
	assert_int_equal(h.n, 1);
	assert_int_equal(h.first.line, 4);
	assert_int_equal(h.first.col, 5);
	assert_string_equal(h.message,
			    "service 'app' runs in the host's network "
			    "namespace: it sets network_mode: host");
	h = compose(compose_host, "RT-HOST-UTS", NULL);
	assert_int_equal(h.n, 1);
	assert_int_equal(h.first.line, 5);
	h = compose(compose_host, "RT-DEVICES", NULL);
	assert_int_equal(h.n, 1);
	assert_int_equal(h.first.line, 7);
	assert_int_equal(h.first.col, 9);
	assert_string_equal(h.value, "/dev/fuse");
	/* Compose has no hostUsers default: unset is not a finding. */
	h = compose(compose_host, "RT-HOST-USERNS", NULL);
	assert_int_equal(h.n, 0);
	assert_true(h.applied);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_socket_after_cleaning),
		cmocka_unit_test(test_socket_directories),
		cmocka_unit_test(test_sensitive_paths),
		cmocka_unit_test(test_writable_per_mount),
		cmocka_unit_test(test_applicability),
		cmocka_unit_test(test_namespace_per_container),
		cmocka_unit_test(test_k8s_ports),
		cmocka_unit_test(test_windows_userns),
		cmocka_unit_test(test_compose_socket_from_environment),
		cmocka_unit_test(test_compose_ports),
		cmocka_unit_test(test_compose_host),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * rt-host.c - what of the host a container can reach: its namespaces, its
 * files and its devices.
 *
 * A container is a set of namespaces plus what it is given of the host.
 * Sharing the host's network, PID, IPC, UTS or user namespace, or mounting
 * a host directory, removes one wall; mounting the container runtime's
 * socket removes all of them.  The rules read the container spec
 * (runtime.h) and judge a Compose service and a Kubernetes container
 * alike; Kubernetes namespace settings are the pod's, copied into every
 * container spec, so a pod with three containers yields one finding per
 * container at the same pod field.
 *
 * Host paths are compared after a lexical clean-up (`//`, `/./`, `..`,
 * trailing `/`) and with /var/run read as /run, which is a symlink to it on
 * every current distribution: a bind mount follows the symlink on the host,
 * so `/var/run/docker.sock` and `/run/docker.sock` are the same socket.  A
 * path that still holds an unresolved `${VAR}`, or that is relative
 * (`./data`, `~/x`: the Compose project's own files), is not judged as
 * sensitive.  Nothing is allocated unless a finding is reported.
 */
#include "registry.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "rt-util.h"

/* Longest host path compared; longer ones are not judged sensitive. */
enum { HOST_PATH_MAX = 1024 };

/* How far back a mount looks for an earlier mount of the same host
 * volume (two volumeMounts of one hostPath volume, with subPaths). */
enum { DEDUP_WINDOW = 64 };

/* ---- namespaces ---------------------------------------------------------- */

/* Report a host namespace flag that is true.  `k8s` and `compose` name
 * the setting as each format spells it. */
static bool host_ns(cs_rt_check *c, const cs_rt_flag *f, const char *k8s,
		    const char *compose, const char *what)
{
	const cs_rt_spec *s = c->spec;
	if (!cs_rtu_true(f))
		return true;
	if (cs_rtu_k8s(s)) {
		const char *raw = cs_rtu_flag_raw(f, "true");
		cs_rt_report(c, &f->loc, raw,
			     CS_RTU_WHO " runs in the host's %s namespace: its "
			     "pod sets %s: %s",
			     CS_RTU_WHO_ARGS(s), what, k8s, raw);
	} else {
		cs_rt_report(c, &f->loc, "host",
			     CS_RTU_WHO " runs in the host's %s namespace: it "
			     "sets %s: host",
			     CS_RTU_WHO_ARGS(s), what, compose);
	}
	return true;
}

static bool check_host_net(cs_rt_check *c)
{
	return host_ns(c, &c->spec->host_network, "hostNetwork",
		       "network_mode", "network");
}

static bool check_host_pid(cs_rt_check *c)
{
	return host_ns(c, &c->spec->host_pid, "hostPID", "pid", "PID");
}

static bool check_host_ipc(cs_rt_check *c)
{
	return host_ns(c, &c->spec->host_ipc, "hostIPC", "ipc", "IPC");
}

static bool check_host_uts(cs_rt_check *c)
{
	if (!cs_rtu_compose(c->spec))
		return false;
	return host_ns(c, &c->spec->host_uts, "", "uts", "UTS");
}

static bool check_host_userns(cs_rt_check *c)
{
	const cs_rt_spec *s = c->spec;
	const cs_rt_flag *f = &s->host_userns;
	if (cs_rtu_compose(s))
		return host_ns(c, f, "", "userns_mode", "user");
	/* User namespaces are Linux-only: a Windows pod cannot set it. */
	if (cs_rtu_windows_pod(s))
		return false;
	if (!cs_rtu_true(f))
		return true;
	if (cs_loc_set(&f->loc)) {
		const char *raw = cs_rtu_flag_raw(f, "true");
		cs_rt_report(c, &f->loc, raw,
			     CS_RTU_WHO " runs in the host's user namespace: "
			     "its pod sets hostUsers: %s, so root in the "
			     "container is root on the node",
			     CS_RTU_WHO_ARGS(s), raw);
	} else {
		cs_rt_report(c, NULL, "hostUsers",
			     CS_RTU_WHO " runs in the host's user namespace: "
			     "its pod does not set hostUsers: false, so root "
			     "in the container is root on the node",
			     CS_RTU_WHO_ARGS(s));
	}
	return true;
}

/* ---- host paths ---------------------------------------------------------- */

/*
 * Clean an absolute host path lexically into out[cap]: no empty or `.`
 * components, `..` removes the previous one (never above `/`), no trailing
 * `/`, and a leading /var/run becomes /run.  False for a relative path, an
 * unresolved variable or a path too long to hold.
 */
static bool norm_path(const char *src, char *out, size_t cap)
{
	if (!src || src[0] != '/' || cs_rtu_unresolved(src))
		return false;
	size_t o = 0;
	const char *p = src;
	while (*p) {
		while (*p == '/')
			p++;
		const char *e = p;
		while (*e && *e != '/')
			e++;
		size_t len = (size_t)(e - p);
		if (len == 0 || (len == 1 && p[0] == '.')) {
			/* nothing */
		} else if (len == 2 && p[0] == '.' && p[1] == '.') {
			while (o > 0 && out[o - 1] != '/')
				o--;
			if (o > 0)
				o--;
		} else {
			if (o + 1 + len >= cap)
				return false;
			out[o++] = '/';
			memcpy(out + o, p, len);
			o += len;
		}
		p = e;
	}
	if (o == 0)
		out[o++] = '/';
	out[o] = '\0';
	if (strncmp(out, "/var/run", 8) == 0 &&
	    (out[8] == '\0' || out[8] == '/'))
		memmove(out, out + 4, o - 4 + 1);
	return true;
}

/* Is `p` the directory `dir` or under it?  `/` only equals itself. */
static bool path_in(const char *p, const char *dir)
{
	size_t n = strlen(dir);
	if (strncmp(p, dir, n) != 0)
		return false;
	return p[n] == '\0' || (p[n] == '/' && n > 1);
}

/* Is the directory `dir` (cleaned) an ancestor of the path `p`? */
static bool path_holds(const char *dir, const char *p)
{
	if (strcmp(dir, "/") == 0)
		return p[0] == '/' && p[1] != '\0';
	size_t n = strlen(dir);
	return strncmp(p, dir, n) == 0 && p[n] == '/';
}

/* The host-side mounts this file checks: Compose binds and K8s hostPath. */
static bool host_mount(const cs_rt_mount *m)
{
	return m->kind == CS_MOUNT_BIND;
}

/* Where a finding about a mount's host path points. */
static const cs_loc *source_at(const cs_rt_mount *m)
{
	return cs_loc_set(&m->source_loc) ? &m->source_loc : &m->loc;
}

/* The host path as written, for messages and values. */
static const char *source_text(const cs_rt_mount *m)
{
	return m->source && *m->source ? m->source : "?";
}

/*
 * Has an earlier mount of this spec already named the same host volume?
 * Two volumeMounts of one Kubernetes hostPath volume share its path's loc;
 * the host path is reported once.
 */
static bool seen_source(const cs_rt_spec *s, size_t i)
{
	const cs_loc *l = &s->mounts.v[i].source_loc;
	if (!cs_loc_set(l))
		return false;
	size_t from = i > DEDUP_WINDOW ? i - DEDUP_WINDOW : 0;
	for (size_t j = from; j < i; j++) {
		const cs_rt_mount *m = &s->mounts.v[j];
		if (host_mount(m) && m->source_loc.at.line == l->at.line &&
		    m->source_loc.at.col == l->at.col)
			return true;
	}
	return false;
}

/* ---- RT-DOCKER-SOCK ------------------------------------------------------ */

typedef struct runtime_sock {
	const char *path;            /* cleaned, /run form */
	const char *runtime;
} runtime_sock;

static const runtime_sock known_socks[] = {
	{"/run/docker.sock", "Docker"},
	{"/run/containerd/containerd.sock", "containerd"},
	{"/run/crio/crio.sock", "CRI-O"},
	{"/run/podman/podman.sock", "Podman"},
	{"/run/k3s/containerd/containerd.sock", "containerd"},
	{"/run/docker/containerd/docker-containerd.sock", "containerd"},
	{"/run/dockershim.sock", "dockershim"},
	{"/run/cri-dockerd.sock", "cri-dockerd"},
};

/* Socket file names that are a container runtime's API wherever they
 * live (rootless Docker and Podman use /run/user/UID/...). */
static const runtime_sock sock_names[] = {
	{"docker.sock", "Docker"},
	{"containerd.sock", "containerd"},
	{"crio.sock", "CRI-O"},
	{"podman.sock", "Podman"},
	{"dockershim.sock", "dockershim"},
	{"cri-dockerd.sock", "cri-dockerd"},
	{"docker-containerd.sock", "containerd"},
};

/* Is the written source the Docker engine's Windows named pipe
 * (`\\.\pipe\docker_engine`, `//./pipe/docker_engine`)? */
static bool docker_pipe(const char *src)
{
	static const char pipe[] = "/pipe/docker_engine";
	size_t n = strlen(src), k = sizeof(pipe) - 1;
	if (n < k)
		return false;
	const char *t = src + n - k;
	for (size_t i = 0; i < k; i++) {
		char ch = t[i] == '\\' ? '/' : t[i];
		if (tolower((unsigned char)ch) != pipe[i])
			return false;
	}
	return true;
}

/* The runtime whose socket the path `p` is (by its last component,
 * trailing slashes ignored), or NULL. */
static const char *sock_runtime(const char *p)
{
	size_t end = strlen(p);
	while (end > 1 && p[end - 1] == '/')
		end--;
	size_t start = end;
	while (start > 0 && p[start - 1] != '/')
		start--;
	size_t n = end - start;
	for (size_t i = 0; i < CS_COUNT(sock_names); i++)
		if (strlen(sock_names[i].path) == n &&
		    strncmp(p + start, sock_names[i].path, n) == 0)
			return sock_names[i].runtime;
	return NULL;
}

/* The first known socket inside the cleaned directory `p`, or NULL. */
static const runtime_sock *sock_inside(const char *p)
{
	for (size_t i = 0; i < CS_COUNT(known_socks); i++)
		if (path_holds(p, known_socks[i].path))
			return &known_socks[i];
	return NULL;
}

static bool check_docker_sock(cs_rt_check *c)
{
	const cs_rt_spec *s = c->spec;
	char p[HOST_PATH_MAX];
	for (size_t i = 0; i < s->mounts.n; i++) {
		const cs_rt_mount *m = &s->mounts.v[i];
		if (!m->source || seen_source(s, i))
			continue;
		if (!host_mount(m) && !(m->type && !strcmp(m->type, "npipe")))
			continue;
		const char *src = m->source;
		if (docker_pipe(src)) {
			cs_rt_report(c, source_at(m), src,
				     CS_RTU_WHO " mounts the Docker engine "
				     "pipe '%.256s': whoever controls the "
				     "container controls the host's Docker",
				     CS_RTU_WHO_ARGS(s), src);
			continue;
		}
		if (!host_mount(m) || cs_rtu_unresolved(src))
			continue;
		/* A home-relative path (rootless and Desktop engines keep
		 * theirs in ~/.docker/run) is judged by its file name; one
		 * relative to the project is the project's own file. */
		bool abs = norm_path(src, p, sizeof(p));
		if (!abs && src[0] != '~')
			continue;
		const char *rt = sock_runtime(abs ? p : src);
		if (rt) {
			cs_rt_report(c, source_at(m), src,
				     CS_RTU_WHO " mounts the %s socket "
				     "'%.256s': whoever controls the container "
				     "controls the host's container runtime, "
				     "and with it the host",
				     CS_RTU_WHO_ARGS(s), rt, src);
			continue;
		}
		const runtime_sock *k = abs ? sock_inside(p) : NULL;
		if (k)
			cs_rt_report(c, source_at(m), src,
				     CS_RTU_WHO " mounts '%.256s', which holds "
				     "the %s socket '%.256s': whoever controls "
				     "the container controls the host's "
				     "container runtime, and with it the host",
				     CS_RTU_WHO_ARGS(s), src, k->runtime,
				     k->path);
	}
	return true;
}

/* ---- RT-HOSTPATH --------------------------------------------------------- */

static bool check_hostpath(cs_rt_check *c)
{
	const cs_rt_spec *s = c->spec;
	for (size_t i = 0; i < s->mounts.n; i++) {
		const cs_rt_mount *m = &s->mounts.v[i];
		if (!host_mount(m) || seen_source(s, i))
			continue;
		const char *src = source_text(m);
		if (cs_rtu_k8s(s))
			cs_rt_report(c, source_at(m), src,
				     CS_RTU_WHO " mounts the hostPath volume "
				     "'%.256s' ('%.256s'): it reads the node's "
				     "files directly",
				     CS_RTU_WHO_ARGS(s),
				     m->name ? m->name : "?", src);
		else
			cs_rt_report(c, source_at(m), src,
				     CS_RTU_WHO " bind mounts the host path "
				     "'%.256s'%s%.256s%s: it reads the host's "
				     "files directly",
				     CS_RTU_WHO_ARGS(s), src,
				     m->target ? " at '" : "",
				     m->target ? m->target : "",
				     m->target ? "'" : "");
	}
	return true;
}

/* ---- RT-HOSTPATH-SENS ---------------------------------------------------- */

/* Host directories whose exposure gives away the host; cleaned, /run form
 * (which covers /var/run). */
static const char *const sensitive_dirs[] = {
	"/", "/bin", "/boot", "/dev", "/etc", "/home", "/lib", "/lib32",
	"/lib64", "/proc", "/root", "/run", "/sbin", "/sys", "/usr",
	"/var/lib/containerd", "/var/lib/containers", "/var/lib/docker",
	"/var/lib/etcd", "/var/lib/kubelet", "/var/log",
};

/* Read-only files under those directories that containers commonly need
 * and that give nothing away: the time zone and the CA bundle. */
static const char *const benign_ro[] = {
	"/etc/localtime", "/etc/timezone", "/etc/machine-id",
	"/etc/ssl/certs", "/etc/pki/ca-trust", "/etc/pki/tls/certs",
	"/etc/ca-certificates", "/usr/share/zoneinfo",
	"/usr/share/ca-certificates",
};

static const char *sensitive_dir(const char *p)
{
	for (size_t i = 0; i < CS_COUNT(sensitive_dirs); i++)
		if (path_in(p, sensitive_dirs[i]))
			return sensitive_dirs[i];
	return NULL;
}

static bool benign(const char *p, const cs_rt_mount *m)
{
	if (m->read_only != CS_TRI_TRUE)
		return false;
	for (size_t i = 0; i < CS_COUNT(benign_ro); i++)
		if (path_in(p, benign_ro[i]))
			return true;
	return false;
}

static bool check_hostpath_sens(cs_rt_check *c)
{
	const cs_rt_spec *s = c->spec;
	bool any = false;
	char p[HOST_PATH_MAX];
	for (size_t i = 0; i < s->mounts.n; i++) {
		const cs_rt_mount *m = &s->mounts.v[i];
		if (!host_mount(m))
			continue;
		any = true;
		if (seen_source(s, i) || !norm_path(m->source, p, sizeof(p)))
			continue;
		/* A runtime socket is RT-DOCKER-SOCK's finding. */
		if (sock_runtime(p) || benign(p, m))
			continue;
		const char *dir = sensitive_dir(p);
		if (!dir)
			continue;
		const char *src = m->source;
		bool same = strcmp(p, src) == 0;
		if (strcmp(p, dir) == 0 || !strcmp(dir, "/"))
			cs_rt_report(c, source_at(m), src,
				     CS_RTU_WHO " mounts the host's "
				     "'%.256s'%s%.256s%s: it exposes the "
				     "host's system files",
				     CS_RTU_WHO_ARGS(s), p,
				     same ? "" : " (written '", same ? "" : src,
				     same ? "" : "')");
		else
			cs_rt_report(c, source_at(m), src,
				     CS_RTU_WHO " mounts '%.256s', under the "
				     "host's '%.256s': it exposes the host's "
				     "system files",
				     CS_RTU_WHO_ARGS(s), src, dir);
	}
	return any;
}

/* ---- RT-HOSTPATH-RW ------------------------------------------------------ */

static bool check_hostpath_rw(cs_rt_check *c)
{
	const cs_rt_spec *s = c->spec;
	bool any = false;
	for (size_t i = 0; i < s->mounts.n; i++) {
		const cs_rt_mount *m = &s->mounts.v[i];
		if (!host_mount(m))
			continue;
		any = true;
		if (m->read_only == CS_TRI_TRUE ||
		    m->read_only == CS_TRI_UNKNOWN)
			continue;
		const cs_loc *at = cs_loc_set(&m->read_only_loc)
					   ? &m->read_only_loc
					   : &m->loc;
		const char *src = source_text(m);
		const char *how = cs_rtu_k8s(s) ? "readOnly: true"
						: "ro or read_only: true";
		cs_rt_report(c, at, src,
			     CS_RTU_WHO " mounts the host path "
			     "'%.256s'%s%.256s%s read-write (no %s): it can "
			     "change the host's files",
			     CS_RTU_WHO_ARGS(s), src,
			     m->target ? " at '" : "",
			     m->target ? m->target : "",
			     m->target ? "'" : "", how);
	}
	return any;
}

/* ---- RT-PROPAGATION ------------------------------------------------------ */

static bool check_propagation(cs_rt_check *c)
{
	const cs_rt_spec *s = c->spec;
	bool k8s = cs_rtu_k8s(s);
	for (size_t i = 0; i < s->mounts.n; i++) {
		const cs_rt_mount *m = &s->mounts.v[i];
		const char *pr = m->propagation;
		if (!pr)
			continue;
		bool bad = k8s ? strcasecmp(pr, "Bidirectional") == 0
			       : strcasecmp(pr, "shared") == 0 ||
					 strcasecmp(pr, "rshared") == 0;
		if (!bad)
			continue;
		const cs_loc *at = cs_loc_set(&m->propagation_loc)
					   ? &m->propagation_loc
					   : &m->loc;
		const char *tgt = m->target ? m->target : "?";
		cs_rt_report(c, at, pr,
			     CS_RTU_WHO " mounts '%.256s' with %.64s "
			     "propagation: mounts made inside the container "
			     "appear on the host",
			     CS_RTU_WHO_ARGS(s), tgt, pr);
	}
	return s->mounts.n > 0;
}

/* ---- RT-DEVICES ---------------------------------------------------------- */

static bool check_devices(cs_rt_check *c)
{
	const cs_rt_spec *s = c->spec;
	if (!cs_rtu_compose(s))
		return false;
	for (size_t i = 0; i < s->devices.n; i++) {
		const cs_rt_text *d = &s->devices.v[i];
		if (!d->v || !*d->v || cs_rtu_unresolved(d->v))
			continue;
		cs_rt_report(c, &d->loc, d->v,
			     CS_RTU_WHO " is given the host device '%.256s': "
			     "it talks to the host's kernel driver directly",
			     CS_RTU_WHO_ARGS(s), d->v);
	}
	return true;
}

/* ---- the rules ----------------------------------------------------------- */

static const cs_rule rows[] = {
	{
		.id = "RT-HOST-NET",
		.title = "The container shares the host's network namespace",
		.severity = CS_SEV_HIGH,
		.targets = CS_TARGET_COMPOSE | CS_TARGET_K8S,
		.scope = CS_SCOPE_CONTAINER,
		.rationale =
			"In the host's network namespace a container sees "
			"every interface of the host, can bind any of its "
			"addresses, reach services listening on localhost "
			"(the kubelet's and the runtime's among them) and, "
			"with NET_RAW, sniff the host's traffic; network "
			"policies no longer apply to it.  Kubernetes sets "
			"this per pod, so every container of the pod is "
			"reported at the pod's hostNetwork field.",
		.remediation =
			"Remove network_mode: host / hostNetwork: true and "
			"publish the ports the workload serves instead; keep "
			"host networking for reviewed node agents.",
		.example =
			"# Compose\n"
			"services:\n"
			"  web:\n"
			"    image: registry.example.com/web:1.4.2\n"
			"    ports: [\"127.0.0.1:8080:8080\"]\n"
			"# Kubernetes\n"
			"spec:\n"
			"  hostNetwork: false\n"
			"  containers:\n"
			"    - name: web\n"
			"      ports:\n"
			"        - containerPort: 8080",
		.cis = "CIS Docker 1.6 5.10; CIS Kubernetes 1.8 5.2.5",
		.nist = "",
		.owasp = "OWASP Docker Top 10 D03",
		.hadolint = "",
		.trivy = "KSV-0009",
		.checkov = "CKV_K8S_19",
		.kics = "Shared Host Network Namespace, "
			"Network Mode Host Exists",
		.kube_linter = "host-network",
		.pss = "baseline",
		.check_rt = check_host_net,
	},
	{
		.id = "RT-HOST-PID",
		.title = "The container shares the host's PID namespace",
		.severity = CS_SEV_HIGH,
		.targets = CS_TARGET_COMPOSE | CS_TARGET_K8S,
		.scope = CS_SCOPE_CONTAINER,
		.rationale =
			"In the host's PID namespace a container sees every "
			"process of the host, their command lines and "
			"environments (secrets included), can signal them "
			"and, with SYS_PTRACE, attach to them; "
			"/proc/1/root then reaches the host's file system.  "
			"Kubernetes sets this per pod, so every container of "
			"the pod is reported at the pod's hostPID field.",
		.remediation =
			"Remove pid: host / hostPID: true.  To share "
			"processes between the containers of one pod use "
			"shareProcessNamespace; in Compose, pid: "
			"\"service:NAME\".",
		.example =
			"# Compose\n"
			"services:\n"
			"  app:\n"
			"    image: registry.example.com/app:1.4.2\n"
			"# Kubernetes\n"
			"spec:\n"
			"  hostPID: false\n"
			"  containers:\n"
			"    - name: app\n"
			"      image: registry.example.com/app:1.4.2",
		.cis = "CIS Docker 1.6 5.16; CIS Kubernetes 1.8 5.2.3",
		.nist = "",
		.owasp = "",
		.hadolint = "",
		.trivy = "KSV-0010",
		.checkov = "CKV_K8S_17",
		.kics = "Host Namespace is Shared, Shared Host PID",
		.kube_linter = "host-pid",
		.pss = "baseline",
		.check_rt = check_host_pid,
	},
	{
		.id = "RT-HOST-IPC",
		.title = "The container shares the host's IPC namespace",
		.severity = CS_SEV_HIGH,
		.targets = CS_TARGET_COMPOSE | CS_TARGET_K8S,
		.scope = CS_SCOPE_CONTAINER,
		.rationale =
			"In the host's IPC namespace a container reads and "
			"writes the shared memory segments, semaphores and "
			"message queues of every process on the host, which "
			"often carry data other processes trust.  Kubernetes "
			"sets this per pod, so every container of the pod is "
			"reported at the pod's hostIPC field.",
		.remediation =
			"Remove ipc: host / hostIPC: true; containers that "
			"must share memory can share an IPC namespace with "
			"each other (Compose ipc: \"service:NAME\", or the "
			"containers of one pod).",
		.example =
			"# Compose\n"
			"services:\n"
			"  app:\n"
			"    image: registry.example.com/app:1.4.2\n"
			"    ipc: private\n"
			"# Kubernetes\n"
			"spec:\n"
			"  hostIPC: false\n"
			"  containers:\n"
			"    - name: app\n"
			"      image: registry.example.com/app:1.4.2",
		.cis = "CIS Docker 1.6 5.17; CIS Kubernetes 1.8 5.2.4",
		.nist = "",
		.owasp = "",
		.hadolint = "",
		.trivy = "KSV-0008",
		.checkov = "CKV_K8S_18",
		.kics = "Shared Host IPC Namespace, IPC Set To Host",
		.kube_linter = "host-ipc",
		.pss = "baseline",
		.check_rt = check_host_ipc,
	},
	{
		.id = "RT-HOST-USERNS",
		.title = "The container runs in the host's user namespace",
		.severity = CS_SEV_MEDIUM,
		.targets = CS_TARGET_COMPOSE | CS_TARGET_K8S,
		.scope = CS_SCOPE_CONTAINER,
		.rationale =
			"Without a user namespace of its own, uid 0 in the "
			"container is uid 0 on the host: any escape lands as "
			"root.  Compose: userns_mode: host switches off the "
			"daemon's user-namespace remapping for the service "
			"and is reported.  Kubernetes: a pod gets its own "
			"user namespace only with hostUsers: false (beta "
			"since 1.30, on by default since 1.33), and the "
			"default is still the host's; customs reports both "
			"an explicit hostUsers: true and an unset field, as "
			"a medium-severity hardening advice (kubesec rewards "
			"hostUsers: false, no tool penalises its absence).  "
			"Pods that need hostNetwork, hostPID or hostIPC "
			"cannot use it; Windows pods are not judged.",
		.remediation =
			"Set hostUsers: false in the pod spec (Kubernetes; "
			"nodes need Linux 6.3+ and a runtime with idmapped "
			"mounts), or remove userns_mode: host and enable "
			"userns-remap in the daemon (Compose).",
		.example =
			"# Compose\n"
			"services:\n"
			"  app:\n"
			"    image: registry.example.com/app:1.4.2\n"
			"# Kubernetes\n"
			"spec:\n"
			"  hostUsers: false\n"
			"  containers:\n"
			"    - name: app\n"
			"      image: registry.example.com/app:1.4.2",
		.cis = "CIS Docker 1.6 5.31",
		.nist = "",
		.owasp = "",
		.hadolint = "",
		.trivy = "",
		.checkov = "",
		.kics = "Shared Host User Namespace",
		.kube_linter = "",
		.pss = "",
		.check_rt = check_host_userns,
	},
	{
		.id = "RT-HOST-UTS",
		.title = "The service shares the host's UTS namespace",
		.severity = CS_SEV_MEDIUM,
		.targets = CS_TARGET_COMPOSE,
		.scope = CS_SCOPE_CONTAINER,
		.rationale =
			"In the host's UTS namespace a container shares the "
			"host's host name and NIS domain, and with SYS_ADMIN "
			"can change them for the whole host.  No scanner "
			"checks it; CIS Docker does.  Kubernetes has no such "
			"setting (a pod always has its own).",
		.remediation = "Remove uts: host.",
		.example =
			"services:\n"
			"  app:\n"
			"    image: registry.example.com/app:1.4.2\n"
			"    hostname: app",
		.cis = "CIS Docker 1.6 5.21",
		.nist = "",
		.owasp = "",
		.hadolint = "",
		.trivy = "",
		.checkov = "",
		.kics = "",
		.kube_linter = "",
		.pss = "",
		.check_rt = check_host_uts,
	},
	{
		.id = "RT-DOCKER-SOCK",
		.title = "The container mounts the container runtime's socket",
		.severity = CS_SEV_CRITICAL,
		.targets = CS_TARGET_COMPOSE | CS_TARGET_K8S,
		.scope = CS_SCOPE_CONTAINER,
		.rationale =
			"The runtime's API socket starts privileged "
			"containers with the host's root file system "
			"mounted: a container that can reach it owns the "
			"host, and read-only does not help (a socket is "
			"written by connecting to it).  customs rates it "
			"critical, as most tools do high (KICS rates the "
			"Kubernetes variant low, we disagree).  It reports "
			"the Docker, containerd, CRI-O, Podman, dockershim "
			"and cri-dockerd sockets wherever they live (a file "
			"named docker.sock, containerd.sock, crio.sock, "
			"podman.sock ... at an absolute path or under ~, as "
			"rootless and Desktop engines keep them; a path "
			"relative to the project is the project's own file), "
			"the Docker engine's Windows named "
			"pipe, and any directory that holds a well-known "
			"socket (/, /run, /var/run, /run/containerd, ...): "
			"mounting /var/run exposes the socket as surely as "
			"mounting it.  /var/run is read as /run, the symlink "
			"every current distribution has.",
		.remediation =
			"Do not mount the socket.  Build images with a "
			"daemonless builder (BuildKit rootless, kaniko, "
			"buildah); give tools that inspect containers a "
			"read-only API proxy that allows only the calls "
			"they need.",
		.example =
			"# Compose\n"
			"services:\n"
			"  app:\n"
			"    image: registry.example.com/app:1.4.2\n"
			"    volumes:\n"
			"      - app-data:/var/lib/app\n"
			"# Kubernetes\n"
			"volumes:\n"
			"  - name: data\n"
			"    persistentVolumeClaim:\n"
			"      claimName: app-data",
		.cis = "CIS Docker 1.6 5.32",
		.nist = "NIST SP 800-190 3.4.3",
		.owasp = "OWASP Docker Top 10 D04",
		.hadolint = "",
		.trivy = "KSV-0006",
		.checkov = "CKV_K8S_27",
		.kics = "Docker Socket Mounted In Container, "
			"Docker Daemon Socket is Exposed to Containers",
		.kube_linter = "docker-sock",
		.pss = "",
		.check_rt = check_docker_sock,
	},
	{
		.id = "RT-HOSTPATH",
		.title = "The container mounts a host path",
		.severity = CS_SEV_MEDIUM,
		.targets = CS_TARGET_COMPOSE | CS_TARGET_K8S,
		.scope = CS_SCOPE_CONTAINER,
		.rationale =
			"A host path mount gives the container the host's "
			"own files, outside any volume management: they "
			"survive the container, are shared with whatever "
			"else uses them, and symlink tricks have escaped "
			"through them more than once.  The baseline Pod "
			"Security Standard forbids hostPath volumes.  "
			"Kubernetes: every mounted hostPath volume is "
			"reported at its path, once per container that "
			"mounts it (a hostPath volume no container mounts "
			"is harmless and not reported).  Compose: every "
			"bind mount, relative ones (./src) included; what "
			"the path is makes it worse (RT-HOSTPATH-SENS, "
			"RT-DOCKER-SOCK) but not safe.",
		.remediation =
			"Use a named volume, a PersistentVolumeClaim, a "
			"configMap or secret volume, or an emptyDir instead "
			"of the host's files; if a host path is really "
			"needed, mount it read-only.",
		.example =
			"# Compose\n"
			"services:\n"
			"  app:\n"
			"    image: registry.example.com/app:1.4.2\n"
			"    volumes:\n"
			"      - app-data:/var/lib/app\n"
			"volumes:\n"
			"  app-data: {}\n"
			"# Kubernetes\n"
			"volumes:\n"
			"  - name: data\n"
			"    persistentVolumeClaim:\n"
			"      claimName: app-data",
		.cis = "CIS Kubernetes 1.8 5.2.12",
		.nist = "",
		.owasp = "",
		.hadolint = "",
		.trivy = "KSV-0023",
		.checkov = "",
		.kics = "Non Kube System Pod With Host Mount",
		.kube_linter = "",
		.pss = "baseline",
		.check_rt = check_hostpath,
	},
	{
		.id = "RT-HOSTPATH-SENS",
		.title = "The container mounts a sensitive host directory",
		.severity = CS_SEV_HIGH,
		.targets = CS_TARGET_COMPOSE | CS_TARGET_K8S,
		.scope = CS_SCOPE_CONTAINER,
		.rationale =
			"Some host directories hand over the host: its "
			"binaries and libraries (/bin, /sbin, /usr, /lib, "
			"/lib32, /lib64, /boot), its configuration and "
			"credentials (/etc, /root, /home), its kernel "
			"interfaces (/proc, /sys, /dev), its runtime state "
			"(/run, /var/run), the container runtimes' and the "
			"kubelet's storage (/var/lib/docker, "
			"/var/lib/containerd, /var/lib/containers, "
			"/var/lib/kubelet), etcd's data (/var/lib/etcd) and "
			"the logs of every container (/var/log).  The list "
			"joins kube-linter's, Trivy's and KICS's; the "
			"directory itself or anything under it is "
			"reported, and / only as itself.  Read-only mounts "
			"of the time zone (/etc/localtime, /etc/timezone, "
			"/usr/share/zoneinfo), /etc/machine-id and the CA "
			"certificates (/etc/ssl/certs, ...) are common and "
			"harmless and are not reported.  A runtime socket "
			"is RT-DOCKER-SOCK's finding.  Relative paths and "
			"paths with an unresolved ${VAR} are not judged.",
		.remediation =
			"Do not mount host system directories.  Copy what "
			"the container needs into the image or a volume; "
			"for node agents that must read host state, mount "
			"the narrowest path read-only.",
		.example =
			"# Compose\n"
			"services:\n"
			"  app:\n"
			"    image: registry.example.com/app:1.4.2\n"
			"    volumes:\n"
			"      - /etc/localtime:/etc/localtime:ro\n"
			"# Kubernetes\n"
			"volumes:\n"
			"  - name: config\n"
			"    configMap:\n"
			"      name: app-config",
		.cis = "CIS Docker 1.6 5.6",
		.nist = "",
		.owasp = "",
		.hadolint = "",
		.trivy = "KSV-0121",
		.checkov = "",
		.kics = "Volume Has Sensitive Host Directory, "
			"Workload Mounting With Sensitive OS Directory",
		.kube_linter = "sensitive-host-mounts",
		.pss = "baseline",
		.check_rt = check_hostpath_sens,
	},
	{
		.id = "RT-HOSTPATH-RW",
		.title = "A host path is mounted writable",
		.severity = CS_SEV_MEDIUM,
		.targets = CS_TARGET_COMPOSE | CS_TARGET_K8S,
		.scope = CS_SCOPE_CONTAINER,
		.rationale =
			"A writable host path lets a compromised container "
			"change the host's files: plant a binary, a cron job "
			"or a configuration that the host or another "
			"container later trusts.  Kubernetes mounts "
			"read-write unless the volumeMount sets readOnly: "
			"true; Compose unless the mount says ro or "
			"read_only: true.  Each writable mount is reported "
			"at its readOnly setting when written, else at the "
			"mount.",
		.remediation =
			"Mount host paths read-only (readOnly: true, :ro), "
			"and write to a volume instead.",
		.example =
			"# Compose\n"
			"services:\n"
			"  app:\n"
			"    image: registry.example.com/app:1.4.2\n"
			"    volumes:\n"
			"      - ./config:/etc/app:ro\n"
			"# Kubernetes\n"
			"containers:\n"
			"  - name: app\n"
			"    volumeMounts:\n"
			"      - name: config\n"
			"        mountPath: /etc/app\n"
			"        readOnly: true",
		.cis = "CIS Docker 1.6 5.6",
		.nist = "",
		.owasp = "",
		.hadolint = "",
		.trivy = "",
		.checkov = "",
		.kics = "Volume Mount with OS Directory Write Permissions",
		.kube_linter = "writable-host-mount",
		.pss = "",
		.check_rt = check_hostpath_rw,
	},
	{
		.id = "RT-PROPAGATION",
		.title = "A mount propagates mounts back to the host",
		.severity = CS_SEV_MEDIUM,
		.targets = CS_TARGET_COMPOSE | CS_TARGET_K8S,
		.scope = CS_SCOPE_CONTAINER,
		.rationale =
			"With shared propagation (Compose shared or rshared, "
			"Kubernetes Bidirectional) a mount the container "
			"makes under the mount point appears on the host "
			"and in every container sharing it: a container "
			"that can mount can then hide or replace host "
			"paths.  Kubernetes HostToContainer (rslave) only "
			"lets the host's mounts in, never out, and is not "
			"reported; Compose slave, rslave, private and "
			"rprivate neither.  KICS reports the Compose case "
			"under a misleading name; no tool checks the "
			"Kubernetes one.",
		.remediation =
			"Use the default private propagation, or "
			"HostToContainer / rslave when the container must "
			"see mounts the host makes later.  Storage drivers "
			"that must publish mounts belong on the node, not "
			"in an application container.",
		.example =
			"# Compose\n"
			"services:\n"
			"  app:\n"
			"    image: registry.example.com/app:1.4.2\n"
			"    volumes:\n"
			"      - type: bind\n"
			"        source: /mnt/data\n"
			"        target: /data\n"
			"        bind:\n"
			"          propagation: rslave\n"
			"# Kubernetes\n"
			"volumeMounts:\n"
			"  - name: data\n"
			"    mountPath: /data\n"
			"    mountPropagation: HostToContainer",
		.cis = "CIS Docker 1.6 5.20",
		.nist = "",
		.owasp = "",
		.hadolint = "",
		.trivy = "",
		.checkov = "",
		.kics = "Volume Mounted In Multiple Containers",
		.kube_linter = "",
		.pss = "",
		.check_rt = check_propagation,
	},
	{
		.id = "RT-DEVICES",
		.title = "The service is given host devices",
		.severity = CS_SEV_MEDIUM,
		.targets = CS_TARGET_COMPOSE,
		.scope = CS_SCOPE_CONTAINER,
		.rationale =
			"A device passed with devices: lets the container "
			"talk to the host's kernel driver directly, a large "
			"attack surface; block devices (/dev/sda) hand over "
			"the host's disks outright.  Each device is "
			"reported; a device path that is an unresolved "
			"${VAR} is not.  Kubernetes has no such field "
			"(devices come from device plugins, or privileged).",
		.remediation =
			"Remove devices: entries the service does not need; "
			"pass the narrowest device with the fewest "
			"permissions (/dev/fuse:/dev/fuse:rw rather than a "
			"disk), never a block device.",
		.example =
			"services:\n"
			"  app:\n"
			"    image: registry.example.com/app:1.4.2\n"
			"    cap_drop: [ALL]",
		.cis = "CIS Docker 1.6 5.18",
		.nist = "",
		.owasp = "",
		.hadolint = "",
		.trivy = "",
		.checkov = "",
		.kics = "",
		.kube_linter = "",
		.pss = "",
		.check_rt = check_devices,
	},
};

const cs_rule_family cs_family_rt_host = {"rt-host", rows, CS_COUNT(rows)};

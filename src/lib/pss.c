/*
 * pss.c - Pod Security Standards controls; see pss.h.
 *
 * One function per control, in the order of the standard's page.  Each
 * looks at the pod's own fields once and at each container's own fields
 * (values a container only inherits from the pod are judged at the pod, so
 * a bad pod setting is one failure, not one per container).  Comparisons
 * are exact, as the admission controller's are: `CAP_SYS_ADMIN` is not
 * `SYS_ADMIN` there, and neither is it here.  Since 1.19 admission reads
 * the seccomp fields only, so the legacy seccomp annotations are ignored;
 * the AppArmor annotations still count.
 */
#include "pss.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct judge {
	const cs_k8s_pod *pod;
	int minor;
	cs_arena *a;
	cs_pss_failure *v;
	size_t n, cap;
	bool oom;
} judge;

static void fail(judge *j, cs_pss_level level, const char *control,
		 const cs_loc *at, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

static void fail(judge *j, cs_pss_level level, const char *control,
		 const cs_loc *at, const char *fmt, ...)
{
	if (j->n == j->cap) {
		size_t nc = j->cap ? j->cap * 2 : 8;
		cs_pss_failure *v = cs_arena_grow(j->a, j->v, j->n, nc,
						  sizeof(*v));
		if (!v) {
			j->oom = true;
			return;
		}
		j->v = v;
		j->cap = nc;
	}
	va_list ap;
	va_start(ap, fmt);
	const char *msg = cs_arena_vprintf(j->a, fmt, ap);
	va_end(ap);
	const cs_loc *where = at && cs_loc_set(at) ? at : &j->pod->loc;
	const char *path = cs_ypath_str(where->path, j->a);
	j->v[j->n++] = (cs_pss_failure){
		.control = control,
		.level = level,
		.message = msg ? msg : "",
		.at = where->at,
		.path = path && *path ? path : NULL,
	};
}

static const char *cname(const cs_rt_spec *c)
{
	return c->name ? c->name : "?";
}

/* Where a container's setting is, or the container when it is missing. */
static const cs_loc *at_or(const cs_rt_spec *c, const cs_loc *l)
{
	return cs_loc_set(l) ? l : &c->loc;
}

/* A container's own value (not one it inherits from the pod)? */
static bool own(const cs_loc *l)
{
	return cs_loc_set(l) && !l->from_pod;
}

/* ---- baseline ------------------------------------------------------------- */

static void host_namespaces(judge *j)
{
	const cs_k8s_pod *p = j->pod;
	const struct {
		const cs_rt_flag *f;
		const char *name;
	} ns[] = {{&p->host_network, "hostNetwork"},
		  {&p->host_pid, "hostPID"},
		  {&p->host_ipc, "hostIPC"}};
	for (size_t i = 0; i < 3; i++)
		if (ns[i].f->v == CS_TRI_TRUE)
			fail(j, CS_PSS_BASELINE, "Host Namespaces", &ns[i].f->loc,
			     "%s: true", ns[i].name);
}

static void privileged(judge *j)
{
	for (size_t i = 0; i < j->pod->ncontainers; i++) {
		const cs_rt_spec *c = &j->pod->containers[i];
		if (c->privileged.v == CS_TRI_TRUE)
			fail(j, CS_PSS_BASELINE, "Privileged Containers",
			     &c->privileged.loc,
			     "container '%s' sets privileged: true", cname(c));
	}
}

static bool in(const char *s, const char *const *set)
{
	for (size_t i = 0; set[i]; i++)
		if (strcmp(s, set[i]) == 0)
			return true;
	return false;
}

static const char *const baseline_caps[] = {
	"AUDIT_WRITE", "CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID", "KILL",
	"MKNOD", "NET_BIND_SERVICE", "SETFCAP", "SETGID", "SETPCAP", "SETUID",
	"SYS_CHROOT", NULL};

static void capabilities_baseline(judge *j)
{
	for (size_t i = 0; i < j->pod->ncontainers; i++) {
		const cs_rt_spec *c = &j->pod->containers[i];
		for (size_t k = 0; k < c->cap_add.n; k++) {
			const cs_rt_text *t = &c->cap_add.v[k];
			if (t->v && !in(t->v, baseline_caps))
				fail(j, CS_PSS_BASELINE, "Capabilities", &t->loc,
				     "container '%s' adds capability '%s'",
				     cname(c), t->v);
		}
	}
}

static void host_path_volumes(judge *j)
{
	for (size_t i = 0; i < j->pod->volumes.n; i++) {
		const cs_k8s_volume *v = &j->pod->volumes.v[i];
		if (v->type && strcmp(v->type, "hostPath") == 0)
			fail(j, CS_PSS_BASELINE, "HostPath Volumes", &v->type_loc,
			     "volume '%s' is a hostPath ('%s')",
			     v->name ? v->name : "?",
			     v->host_path ? v->host_path : "");
	}
}

static void host_ports(judge *j)
{
	for (size_t i = 0; i < j->pod->ncontainers; i++) {
		const cs_rt_spec *c = &j->pod->containers[i];
		for (size_t k = 0; k < c->ports.n; k++) {
			const cs_rt_port *p = &c->ports.v[k];
			if (p->host_port != 0)
				fail(j, CS_PSS_BASELINE, "Host Ports",
				     &p->host_port_loc,
				     "container '%s' uses hostPort %lld",
				     cname(c), (long long)p->host_port);
		}
	}
}

static bool apparmor_bad(const cs_rt_profile *p)
{
	return p->type == CS_PROFILE_UNCONFINED || p->type == CS_PROFILE_OTHER;
}

static void apparmor(judge *j)
{
	if (apparmor_bad(&j->pod->apparmor))
		fail(j, CS_PSS_BASELINE, "AppArmor", &j->pod->apparmor.loc,
		     "the pod's AppArmor profile is '%s'",
		     j->pod->apparmor.value ? j->pod->apparmor.value : "");
	for (size_t i = 0; i < j->pod->ncontainers; i++) {
		const cs_rt_spec *c = &j->pod->containers[i];
		if (own(&c->apparmor.loc) && apparmor_bad(&c->apparmor))
			fail(j, CS_PSS_BASELINE, "AppArmor", &c->apparmor.loc,
			     "container '%s' has AppArmor profile '%s'",
			     cname(c),
			     c->apparmor.value ? c->apparmor.value : "");
	}
}

static void selinux_one(judge *j, const cs_rt_selinux *s, const char *who)
{
	static const char *const types[] = {
		"container_t", "container_init_t", "container_kvm_t", NULL};
	const char *t = s->type.v;
	if (t && *t && !in(t, types) &&
	    !(j->minor >= 31 && strcmp(t, "container_engine_t") == 0))
		fail(j, CS_PSS_BASELINE, "SELinux", &s->type.loc,
		     "%s sets SELinux type '%s'", who, t);
	if (s->user.v && *s->user.v)
		fail(j, CS_PSS_BASELINE, "SELinux", &s->user.loc,
		     "%s sets SELinux user '%s'", who, s->user.v);
	if (s->role.v && *s->role.v)
		fail(j, CS_PSS_BASELINE, "SELinux", &s->role.loc,
		     "%s sets SELinux role '%s'", who, s->role.v);
}

static void selinux(judge *j)
{
	selinux_one(j, &j->pod->selinux, "the pod");
	for (size_t i = 0; i < j->pod->ncontainers; i++) {
		const cs_rt_spec *c = &j->pod->containers[i];
		if (!c->selinux.set || !own(&c->selinux.loc))
			continue;
		char who[160];
		snprintf(who, sizeof(who), "container '%s'", cname(c));
		selinux_one(j, &c->selinux, who);
	}
}

static bool user_namespaced(const judge *j)
{
	return j->pod->host_users.v == CS_TRI_FALSE;
}

static void proc_mount(judge *j)
{
	/* Since 1.35 a pod in its own user namespace may unmask /proc. */
	if (j->minor >= 35 && user_namespaced(j))
		return;
	for (size_t i = 0; i < j->pod->ncontainers; i++) {
		const cs_rt_spec *c = &j->pod->containers[i];
		const char *pm = c->proc_mount.v;
		if (pm && strcmp(pm, "Default") != 0)
			fail(j, CS_PSS_BASELINE, "/proc Mount Type",
			     &c->proc_mount.loc,
			     "container '%s' sets procMount: %s", cname(c), pm);
	}
}

/* The seccomp fields, not the annotations admission stopped reading. */
static bool seccomp_field(const cs_rt_profile *p)
{
	return p->type != CS_PROFILE_UNSET && !p->loc.from_annotation;
}

static void seccomp_baseline(judge *j)
{
	const cs_rt_profile *pp = &j->pod->seccomp;
	if (seccomp_field(pp) && pp->type == CS_PROFILE_UNCONFINED)
		fail(j, CS_PSS_BASELINE, "Seccomp", &pp->loc,
		     "the pod's seccomp profile is Unconfined");
	for (size_t i = 0; i < j->pod->ncontainers; i++) {
		const cs_rt_spec *c = &j->pod->containers[i];
		if (own(&c->seccomp.loc) && seccomp_field(&c->seccomp) &&
		    c->seccomp.type == CS_PROFILE_UNCONFINED)
			fail(j, CS_PSS_BASELINE, "Seccomp", &c->seccomp.loc,
			     "container '%s' has seccomp profile Unconfined",
			     cname(c));
	}
}

static bool safe_sysctl(const char *name, int minor)
{
	static const struct {
		const char *name;
		int since;
	} safe[] = {
		{"kernel.shm_rmid_forced", 0},
		{"net.ipv4.ip_local_port_range", 0},
		{"net.ipv4.ip_unprivileged_port_start", 0},
		{"net.ipv4.tcp_syncookies", 0},
		{"net.ipv4.ping_group_range", 0},
		{"net.ipv4.ip_local_reserved_ports", 27},
		{"net.ipv4.tcp_keepalive_time", 29},
		{"net.ipv4.tcp_fin_timeout", 29},
		{"net.ipv4.tcp_keepalive_intvl", 29},
		{"net.ipv4.tcp_keepalive_probes", 29},
		{"net.ipv4.tcp_rmem", 32},
		{"net.ipv4.tcp_wmem", 32},
		{"net.ipv4.tcp_slow_start_after_idle", 37},
		{"net.ipv4.tcp_notsent_lowat", 37},
	};
	for (size_t i = 0; i < sizeof(safe) / sizeof(safe[0]); i++)
		if (minor >= safe[i].since && strcmp(name, safe[i].name) == 0)
			return true;
	return false;
}

static void sysctls(judge *j)
{
	for (size_t i = 0; i < j->pod->sysctls.n; i++) {
		const cs_rt_sysctl *s = &j->pod->sysctls.v[i];
		if (s->name && !safe_sysctl(s->name, j->minor))
			fail(j, CS_PSS_BASELINE, "Sysctls", &s->loc,
			     "sysctl '%s' is not in the safe set of 1.%d",
			     s->name, j->minor);
	}
}

static void host_process(judge *j)
{
	if (j->pod->windows_host_process.v == CS_TRI_TRUE)
		fail(j, CS_PSS_BASELINE, "HostProcess",
		     &j->pod->windows_host_process.loc,
		     "the pod sets windowsOptions.hostProcess: true");
	for (size_t i = 0; i < j->pod->ncontainers; i++) {
		const cs_rt_spec *c = &j->pod->containers[i];
		if (own(&c->windows_host_process.loc) &&
		    c->windows_host_process.v == CS_TRI_TRUE)
			fail(j, CS_PSS_BASELINE, "HostProcess",
			     &c->windows_host_process.loc,
			     "container '%s' sets windowsOptions.hostProcess: "
			     "true",
			     cname(c));
	}
}

static void probe_hosts(judge *j)
{
	if (j->minor < 34)
		return;
	for (size_t i = 0; i < j->pod->ncontainers; i++) {
		const cs_rt_spec *c = &j->pod->containers[i];
		for (size_t k = 0; k < c->probe_hosts.n; k++)
			fail(j, CS_PSS_BASELINE, "Host Probes / Lifecycle Hooks",
			     &c->probe_hosts.v[k].loc,
			     "container '%s' probes or hooks host '%s'",
			     cname(c), c->probe_hosts.v[k].host);
	}
}

/* ---- restricted ----------------------------------------------------------- */

static void volume_types(judge *j)
{
	static const char *const ok[] = {
		"configMap", "csi", "downwardAPI", "emptyDir", "ephemeral",
		"image", "persistentVolumeClaim", "projected", "secret", NULL};
	for (size_t i = 0; i < j->pod->volumes.n; i++) {
		const cs_k8s_volume *v = &j->pod->volumes.v[i];
		if (v->type && !in(v->type, ok))
			fail(j, CS_PSS_RESTRICTED, "Volume Types", &v->type_loc,
			     "volume '%s' is of type %s",
			     v->name ? v->name : "?", v->type);
	}
}

static void privilege_escalation(judge *j)
{
	for (size_t i = 0; i < j->pod->ncontainers; i++) {
		const cs_rt_spec *c = &j->pod->containers[i];
		if (c->allow_priv_esc.v != CS_TRI_FALSE)
			fail(j, CS_PSS_RESTRICTED, "Privilege Escalation",
			     at_or(c, &c->allow_priv_esc.loc),
			     "container '%s' does not set "
			     "allowPrivilegeEscalation: false",
			     cname(c));
	}
}

static void run_as_non_root(judge *j)
{
	if (j->minor >= 35 && user_namespaced(j))
		return;
	if (j->pod->run_as_non_root.v == CS_TRI_FALSE)
		fail(j, CS_PSS_RESTRICTED, "Running as Non-root",
		     &j->pod->run_as_non_root.loc,
		     "the pod sets runAsNonRoot: false");
	for (size_t i = 0; i < j->pod->ncontainers; i++) {
		const cs_rt_spec *c = &j->pod->containers[i];
		const cs_rt_flag *f = &c->run_as_non_root;
		if (f->v == CS_TRI_TRUE)
			continue;
		if (f->loc.from_pod)
			continue;   /* the pod's false: judged above */
		fail(j, CS_PSS_RESTRICTED, "Running as Non-root",
		     at_or(c, &f->loc),
		     f->v == CS_TRI_FALSE
			     ? "container '%s' sets runAsNonRoot: false"
			     : "container '%s' does not set or inherit "
			       "runAsNonRoot: true",
		     cname(c));
	}
}

static void run_as_user(judge *j)
{
	if (j->minor >= 35 && user_namespaced(j))
		return;
	const cs_rt_num *pu = &j->pod->run_as_user;
	if (pu->set && pu->valid && pu->v == 0)
		fail(j, CS_PSS_RESTRICTED, "Running as Non-root user", &pu->loc,
		     "the pod sets runAsUser: 0");
	for (size_t i = 0; i < j->pod->ncontainers; i++) {
		const cs_rt_spec *c = &j->pod->containers[i];
		const cs_rt_num *u = &c->run_as_user;
		if (u->set && u->valid && u->v == 0 && own(&u->loc))
			fail(j, CS_PSS_RESTRICTED, "Running as Non-root user",
			     &u->loc, "container '%s' sets runAsUser: 0",
			     cname(c));
	}
}

static bool confined(const cs_rt_profile *p)
{
	return seccomp_field(p) && (p->type == CS_PROFILE_RUNTIME_DEFAULT ||
				    p->type == CS_PROFILE_LOCALHOST);
}

static void seccomp_restricted(judge *j)
{
	bool pod_ok = confined(&j->pod->seccomp);
	for (size_t i = 0; i < j->pod->ncontainers; i++) {
		const cs_rt_spec *c = &j->pod->containers[i];
		const cs_rt_profile *p = &c->seccomp;
		bool own_field = own(&p->loc) && seccomp_field(p);
		if (own_field ? confined(p) : pod_ok)
			continue;
		if (own_field && p->type == CS_PROFILE_UNCONFINED)
			continue;   /* a baseline failure already */
		fail(j, CS_PSS_RESTRICTED, "Seccomp",
		     own_field ? &p->loc : &c->loc,
		     "container '%s' has no RuntimeDefault or Localhost "
		     "seccomp profile (set it on the pod or the container)",
		     cname(c));
	}
}

static void capabilities_restricted(judge *j)
{
	for (size_t i = 0; i < j->pod->ncontainers; i++) {
		const cs_rt_spec *c = &j->pod->containers[i];
		bool all = false;
		for (size_t k = 0; k < c->cap_drop.n; k++)
			if (c->cap_drop.v[k].v &&
			    strcmp(c->cap_drop.v[k].v, "ALL") == 0)
				all = true;
		if (!all)
			fail(j, CS_PSS_RESTRICTED, "Capabilities",
			     cs_loc_set(&c->cap_drop_loc) ? &c->cap_drop_loc
							   : &c->loc,
			     "container '%s' does not drop ALL capabilities",
			     cname(c));
		for (size_t k = 0; k < c->cap_add.n; k++) {
			const cs_rt_text *t = &c->cap_add.v[k];
			/* other additions already fail baseline */
			if (t->v && strcmp(t->v, "NET_BIND_SERVICE") != 0 &&
			    in(t->v, baseline_caps))
				fail(j, CS_PSS_RESTRICTED, "Capabilities",
				     &t->loc,
				     "container '%s' adds capability '%s' "
				     "(only NET_BIND_SERVICE may be added)",
				     cname(c), t->v);
		}
	}
}

/* ---- the verdict ---------------------------------------------------------- */

const char *cs_pss_level_name(cs_pss_level l)
{
	switch (l) {
	case CS_PSS_PRIVILEGED:
		return "privileged";
	case CS_PSS_BASELINE:
		return "baseline";
	case CS_PSS_RESTRICTED:
		return "restricted";
	case CS_PSS_NONE:
		break;
	}
	return "none";
}

bool cs_pss_parse_level(const char *s, cs_pss_level *out)
{
	if (strcmp(s, "baseline") == 0)
		*out = CS_PSS_BASELINE;
	else if (strcmp(s, "restricted") == 0)
		*out = CS_PSS_RESTRICTED;
	else if (strcmp(s, "privileged") == 0)
		*out = CS_PSS_PRIVILEGED;
	else
		return false;
	return true;
}

bool cs_pss_parse_version(const char *s, int *minor)
{
	if (strcmp(s, "latest") == 0) {
		*minor = CS_PSS_LATEST_MINOR;
		return true;
	}
	if (*s == 'v')
		s++;
	if (strncmp(s, "1.", 2) != 0)
		return false;
	char *end;
	long m = strtol(s + 2, &end, 10);
	if (end == s + 2 || *end || m < CS_PSS_MIN_MINOR ||
	    m > CS_PSS_LATEST_MINOR)
		return false;
	*minor = (int)m;
	return true;
}

bool cs_pss_eval(const cs_k8s_pod *pod, int minor, cs_arena *a,
		 cs_pss_result *out)
{
	memset(out, 0, sizeof(*out));
	judge j = {.pod = pod, .minor = minor, .a = a};
	host_namespaces(&j);
	privileged(&j);
	capabilities_baseline(&j);
	host_path_volumes(&j);
	host_ports(&j);
	apparmor(&j);
	selinux(&j);
	proc_mount(&j);
	seccomp_baseline(&j);
	sysctls(&j);
	host_process(&j);
	probe_hosts(&j);
	size_t nbaseline = j.n;
	volume_types(&j);
	privilege_escalation(&j);
	run_as_non_root(&j);
	run_as_user(&j);
	seccomp_restricted(&j);
	capabilities_restricted(&j);
	if (j.oom)
		return false;
	out->subject = pod->obj ? pod->obj->subject : NULL;
	out->at = pod->obj ? pod->obj->loc.at : pod->loc.at;
	out->failures = j.v;
	out->nfailures = j.n;
	out->met = nbaseline ? CS_PSS_PRIVILEGED
		 : j.n       ? CS_PSS_BASELINE
			     : CS_PSS_RESTRICTED;
	return true;
}

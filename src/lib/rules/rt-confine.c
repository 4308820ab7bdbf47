/*
 * rt-confine.c - the kernel-side fences around a container: seccomp,
 * AppArmor, SELinux, the sysctls it may tune and the hosts its probes
 * reach.
 *
 * Each rule reads the effective profile of the container spec: the
 * normalizer has already applied the pod's securityContext and the legacy
 * seccomp and AppArmor annotations (loc.from_pod / loc.from_annotation say
 * where a value came from, so the message can say it too).  Compose spells
 * the same controls as security_opt entries, which the normalizer maps onto
 * the same fields.
 *
 * The safe sysctls are the Pod Security Standards' latest list; Compose
 * services are held to the same list (see RT-SYSCTL's rationale).  A sysctl
 * is a pod-level setting in Kubernetes that the normalizer copies into
 * every container, so, like the host namespaces, it is reported for each
 * container: the findings share a line but not a subject.
 */
#include "registry.h"

#include <string.h>

#include "rt-util.h"

/* Where a profile came from, for the message.  An inherited
 * seLinuxOptions is marked on the whole (selinux.loc), not its fields. */
static const char *origin(const cs_loc *l)
{
	if (l->from_annotation)
		return " (from the pod's annotation)";
	if (l->from_pod)
		return " (from the pod's securityContext)";
	return "";
}

/* ---- RT-SECCOMP-OFF ------------------------------------------------------ */

static bool check_seccomp_off(cs_rt_check *c)
{
	const cs_rt_spec *s = c->spec;
	const cs_rt_profile *p = &s->seccomp;
	if (p->type != CS_PROFILE_UNCONFINED)
		return true;
	const char *v = p->value ? p->value : "unconfined";
	if (cs_rtu_k8s(s))
		cs_rt_report(c, &p->loc, v,
			     CS_RTU_WHO " runs with seccomp profile '%s'%s: "
			     "every system call reaches the kernel",
			     CS_RTU_WHO_ARGS(s), v, origin(&p->loc));
	else
		cs_rt_report(c, &p->loc, v,
			     CS_RTU_WHO " sets security_opt seccomp:%s: "
			     "every system call reaches the kernel",
			     CS_RTU_WHO_ARGS(s), v);
	return true;
}

/* ---- RT-SECCOMP-UNSET ---------------------------------------------------- */

static bool check_seccomp_unset(cs_rt_check *c)
{
	const cs_rt_spec *s = c->spec;
	const cs_rt_profile *p = &s->seccomp;
	if (cs_rtu_compose(s)) {
		/* Docker applies its default profile when none is named;
		 * what is missing is every other hardening option. */
		if (cs_loc_set(&s->security_context_loc))
			return true;
		cs_rt_report(c, NULL, "security_opt",
			     CS_RTU_WHO " sets no security_opt: it relies on "
			     "the daemon's default seccomp profile and sets "
			     "neither no-new-privileges nor an AppArmor or "
			     "SELinux option",
			     CS_RTU_WHO_ARGS(s));
		return true;
	}
	if (cs_rtu_windows_pod(s))
		return false;
	switch (p->type) {
	case CS_PROFILE_RUNTIME_DEFAULT:
	case CS_PROFILE_LOCALHOST:
	case CS_PROFILE_FILE:
		return true;
	case CS_PROFILE_UNCONFINED:
		/* RT-SECCOMP-OFF's finding, at a higher severity. */
		return false;
	case CS_PROFILE_OTHER: {
		const char *v = p->value ? p->value : "";
		cs_rt_report(c, &p->loc, v,
			     CS_RTU_WHO " names seccomp profile '%s'%s, which "
			     "is neither RuntimeDefault nor Localhost",
			     CS_RTU_WHO_ARGS(s), v, origin(&p->loc));
		return true;
	}
	case CS_PROFILE_UNSET:
		break;
	}
	cs_rt_report(c, NULL, "seccompProfile",
		     CS_RTU_WHO " has no seccompProfile (in its or the pod's "
		     "securityContext): Kubernetes runs it Unconfined unless "
		     "the kubelet enables --seccomp-default",
		     CS_RTU_WHO_ARGS(s));
	return true;
}

/* ---- RT-APPARMOR --------------------------------------------------------- */

static bool check_apparmor(cs_rt_check *c)
{
	const cs_rt_spec *s = c->spec;
	const cs_rt_profile *p = &s->apparmor;
	if (cs_rtu_windows_pod(s))
		return false;
	if (p->type == CS_PROFILE_UNCONFINED) {
		const char *v = p->value ? p->value : "unconfined";
		if (cs_rtu_k8s(s))
			cs_rt_report(c, &p->loc, v,
				     CS_RTU_WHO " runs with AppArmor profile "
				     "'%s'%s: no mandatory access control",
				     CS_RTU_WHO_ARGS(s), v, origin(&p->loc));
		else
			cs_rt_report(c, &p->loc, v,
				     CS_RTU_WHO " sets security_opt "
				     "apparmor:%s: no mandatory access "
				     "control",
				     CS_RTU_WHO_ARGS(s), v);
	} else if (p->type == CS_PROFILE_OTHER && cs_rtu_k8s(s)) {
		const char *v = p->value ? p->value : "";
		cs_rt_report(c, &p->loc, v,
			     CS_RTU_WHO " names AppArmor profile '%s'%s, "
			     "which is neither RuntimeDefault nor Localhost",
			     CS_RTU_WHO_ARGS(s), v, origin(&p->loc));
	}
	return true;
}

/* ---- RT-SELINUX ---------------------------------------------------------- */

static const char *const selinux_types[] = {
	"container_t", "container_init_t", "container_kvm_t",
	"container_engine_t", NULL,
};

/* Docker's types that switch separation off. */
static const char *const selinux_off_types[] = {
	"spc_t", "unconfined_t", NULL,
};

static bool in(const char *v, const char *const *list)
{
	for (size_t i = 0; list[i]; i++)
		if (strcmp(v, list[i]) == 0)
			return true;
	return false;
}

static const cs_loc *loc_or(const cs_loc *l, const cs_loc *dflt)
{
	return cs_loc_set(l) ? l : dflt;
}

static void selinux_field(cs_rt_check *c, const cs_rt_text *t,
			  const char *what)
{
	const cs_rt_spec *s = c->spec;
	if (!t->v || !*t->v)
		return;
	cs_rt_report(c, loc_or(&t->loc, &s->selinux.loc), t->v,
		     CS_RTU_WHO " sets SELinux %s '%s'%s: a custom %s can "
		     "lift the container's separation",
		     CS_RTU_WHO_ARGS(s), what, t->v, origin(&s->selinux.loc),
		     what);
}

static bool check_selinux(cs_rt_check *c)
{
	const cs_rt_spec *s = c->spec;
	const cs_rt_selinux *se = &s->selinux;
	if (cs_rtu_compose(s)) {
		const char *t = se->type.v;
		if (se->disabled) {
			cs_rt_report(c, &se->loc, "label:disable",
				     CS_RTU_WHO " sets security_opt "
				     "label:disable: SELinux separation is "
				     "off",
				     CS_RTU_WHO_ARGS(s));
		} else if (t && in(t, selinux_off_types)) {
			cs_rt_report(c, loc_or(&se->type.loc, &se->loc), t,
				     CS_RTU_WHO " sets SELinux type '%s': "
				     "it runs unconfined",
				     CS_RTU_WHO_ARGS(s), t);
		}
		return true;
	}
	if (!se->set)
		return true;
	const char *t = se->type.v;
	if (t && *t && !in(t, selinux_types))
		cs_rt_report(c, loc_or(&se->type.loc, &se->loc), t,
			     CS_RTU_WHO " sets SELinux type '%s'%s: only "
			     "container_t, container_init_t, container_kvm_t "
			     "and container_engine_t keep containers apart",
			     CS_RTU_WHO_ARGS(s), t, origin(&se->loc));
	selinux_field(c, &se->user, "user");
	selinux_field(c, &se->role, "role");
	return true;
}

/* ---- RT-SYSCTL ----------------------------------------------------------- */

/* The Pod Security Standards' safe set, latest version (1.37). */
static const char *const safe_sysctls[] = {
	"kernel.shm_rmid_forced",
	"net.ipv4.ip_local_port_range",
	"net.ipv4.ip_unprivileged_port_start",
	"net.ipv4.tcp_syncookies",
	"net.ipv4.ping_group_range",
	"net.ipv4.ip_local_reserved_ports",
	"net.ipv4.tcp_keepalive_time",
	"net.ipv4.tcp_fin_timeout",
	"net.ipv4.tcp_keepalive_intvl",
	"net.ipv4.tcp_keepalive_probes",
	"net.ipv4.tcp_rmem",
	"net.ipv4.tcp_wmem",
	"net.ipv4.tcp_slow_start_after_idle",
	"net.ipv4.tcp_notsent_lowat",
	NULL,
};

/* Equal once '/' separators read as '.' (the kernel and the kubelet accept
 * both spellings). */
static bool sysctl_eq(const char *written, const char *name)
{
	for (; *written && *name; written++, name++) {
		char w = *written == '/' ? '.' : *written;
		if (w != *name)
			return false;
	}
	return !*written && !*name;
}

static bool sysctl_safe(const char *written)
{
	for (size_t i = 0; safe_sysctls[i]; i++)
		if (sysctl_eq(written, safe_sysctls[i]))
			return true;
	return false;
}

static bool check_sysctl(cs_rt_check *c)
{
	const cs_rt_spec *s = c->spec;
	for (size_t i = 0; i < s->sysctls.n; i++) {
		const cs_rt_sysctl *y = &s->sysctls.v[i];
		if (!y->name || cs_rtu_unresolved(y->name) ||
		    sysctl_safe(y->name))
			continue;
		if (cs_rtu_k8s(s))
			cs_rt_report(c, &y->loc, y->name,
				     "the pod of " CS_RTU_WHO " sets sysctl "
				     "'%s', which is not in the Pod Security "
				     "Standards' safe set",
				     CS_RTU_WHO_ARGS(s), y->name);
		else
			cs_rt_report(c, &y->loc, y->name,
				     CS_RTU_WHO " sets sysctl '%s', which is "
				     "not in the Pod Security Standards' safe "
				     "set",
				     CS_RTU_WHO_ARGS(s), y->name);
	}
	return true;
}

/* ---- RT-PROBE-HOST ------------------------------------------------------- */

static bool check_probe_host(cs_rt_check *c)
{
	const cs_rt_spec *s = c->spec;
	if (!cs_rtu_k8s(s))
		return false;
	for (size_t i = 0; i < s->probe_hosts.n; i++) {
		const cs_rt_probe_host *h = &s->probe_hosts.v[i];
		if (!h->host || !*h->host)
			continue;
		cs_rt_report(c, &h->loc, h->host,
			     CS_RTU_WHO " has a probe or lifecycle hook with "
			     "host '%s': the kubelet connects there from the "
			     "node's network",
			     CS_RTU_WHO_ARGS(s), h->host);
	}
	return true;
}

/* ---- the table ----------------------------------------------------------- */

static const cs_rule rows[] = {
	{
		.id = "RT-SECCOMP-OFF",
		.title = "seccomp is turned off",
		.severity = CS_SEV_HIGH,
		.targets = CS_TARGET_COMPOSE | CS_TARGET_K8S,
		.scope = CS_SCOPE_CONTAINER,
		.rationale =
			"The runtime's default seccomp profile blocks some "
			"fifty system calls (keyctl, unshare, mount, bpf, "
			"kexec ...) that most kernel exploits and escapes "
			"need.  Unconfined lets every one through.  "
			"Kubernetes: seccompProfile.type: Unconfined in the "
			"container's or the pod's securityContext, or the "
			"legacy unconfined annotation; Compose: security_opt "
			"seccomp:unconfined.  KICS rates this medium; "
			"customs rates it high with Semgrep and CIS, since "
			"it is an explicit opt-out of a default defence.",
		.remediation =
			"Remove the unconfined setting, or write a Localhost "
			"profile that allows the few extra calls the "
			"workload needs.",
		.example =
			"# Compose\n"
			"services:\n"
			"  app:\n"
			"    security_opt:\n"
			"      - no-new-privileges:true\n"
			"# Kubernetes\n"
			"securityContext:\n"
			"  seccompProfile:\n"
			"    type: RuntimeDefault",
		.cis = "CIS Docker 1.6 5.22",
		.nist = "NIST SP 800-190 3.4.3",
		.owasp = "OWASP Docker Top 10 D04",
		.hadolint = "",
		.trivy = "KSV-0104",
		.checkov = "",
		.kics = "Default Seccomp Profile Disabled",
		.kube_linter = "",
		.pss = "baseline",
		.check_rt = check_seccomp_off,
	},
	{
		.id = "RT-SECCOMP-UNSET",
		.title = "No seccomp profile is set",
		.severity = CS_SEV_MEDIUM,
		.targets = CS_TARGET_COMPOSE | CS_TARGET_K8S,
		.scope = CS_SCOPE_CONTAINER,
		.rationale =
			"Kubernetes runs containers Unconfined unless a "
			"profile is named (or the kubelet's --seccomp-default "
			"is on, which the manifest cannot show), so the "
			"restricted Pod Security Standard requires "
			"RuntimeDefault or Localhost, in the container's or "
			"the pod's securityContext (the legacy annotations "
			"count).  An explicit Unconfined is RT-SECCOMP-OFF's "
			"finding.  Docker, unlike Kubernetes, applies its "
			"default profile when none is named, so for Compose "
			"this is the weaker signal KICS checks: a service "
			"with no security_opt at all, which therefore sets "
			"neither no-new-privileges nor an LSM option.  Pods "
			"with spec.os.name: windows are exempt.",
		.remediation =
			"Set seccompProfile.type: RuntimeDefault in the pod's "
			"securityContext (Kubernetes), or give the service a "
			"security_opt with at least no-new-privileges:true "
			"(Compose).",
		.example =
			"# Compose\n"
			"services:\n"
			"  app:\n"
			"    security_opt:\n"
			"      - no-new-privileges:true\n"
			"# Kubernetes\n"
			"spec:\n"
			"  securityContext:\n"
			"    seccompProfile:\n"
			"      type: RuntimeDefault",
		.cis = "CIS Kubernetes 1.8 5.7.2",
		.nist = "NIST SP 800-190 3.4.3",
		.owasp = "OWASP Docker Top 10 D04",
		.hadolint = "",
		.trivy = "KSV-0030",
		.checkov = "CKV_K8S_31",
		.kics = "Seccomp Profile Is Not Configured, Security Opt Not "
			"Set",
		.kube_linter = "",
		.pss = "restricted",
		.check_rt = check_seccomp_unset,
	},
	{
		.id = "RT-APPARMOR",
		.title = "AppArmor is turned off",
		.severity = CS_SEV_MEDIUM,
		.targets = CS_TARGET_COMPOSE | CS_TARGET_K8S,
		.scope = CS_SCOPE_CONTAINER,
		.rationale =
			"On hosts with AppArmor, the runtime's default "
			"profile denies writes to /proc and /sys and mounts "
			"that escapes rely on.  Kubernetes: an "
			"appArmorProfile.type of Unconfined (container or "
			"pod) or the legacy annotation value unconfined "
			"fails, and so does a value that is neither "
			"RuntimeDefault nor Localhost; Compose: security_opt "
			"apparmor:unconfined.  No profile at all leaves the "
			"runtime default in place and passes (KICS asks for "
			"an explicit one; that is advisory only).  Pods with "
			"spec.os.name: windows are exempt.",
		.remediation =
			"Remove the unconfined setting, or name a Localhost "
			"profile written for the workload.",
		.example =
			"# Compose\n"
			"services:\n"
			"  app:\n"
			"    security_opt:\n"
			"      - apparmor:docker-default\n"
			"# Kubernetes\n"
			"securityContext:\n"
			"  appArmorProfile:\n"
			"    type: RuntimeDefault",
		.cis = "CIS Docker 1.6 5.2",
		.nist = "NIST SP 800-190 3.4.3",
		.owasp = "OWASP Docker Top 10 D04",
		.hadolint = "",
		.trivy = "KSV-0002",
		.checkov = "",
		.kics = "Missing App Armor Config",
		.kube_linter = "",
		.pss = "baseline",
		.check_rt = check_apparmor,
	},
	{
		.id = "RT-SELINUX",
		.title = "SELinux separation is weakened",
		.severity = CS_SEV_MEDIUM,
		.targets = CS_TARGET_COMPOSE | CS_TARGET_K8S,
		.scope = CS_SCOPE_CONTAINER,
		.rationale =
			"On SELinux hosts the container types (container_t "
			"and its siblings) and per-container MCS levels keep "
			"containers from each other's and the host's files.  "
			"Kubernetes: seLinuxOptions (container or pod) with a "
			"type other than container_t, container_init_t, "
			"container_kvm_t or container_engine_t, or with any "
			"user or role, fails, as in the baseline Pod "
			"Security Standard; a level alone is fine.  Compose: "
			"security_opt label:disable fails, and so do the "
			"types spc_t and unconfined_t, which switch "
			"separation off under another name.",
		.remediation =
			"Remove the SELinux override, or set only a level "
			"(Kubernetes) or a custom type written for the "
			"workload (Compose).",
		.example =
			"# Compose\n"
			"services:\n"
			"  app:\n"
			"    security_opt:\n"
			"      - label:level:s0:c100,c200\n"
			"# Kubernetes\n"
			"securityContext:\n"
			"  seLinuxOptions:\n"
			"    level: \"s0:c123,c456\"",
		.cis = "CIS Docker 1.6 5.3",
		.nist = "NIST SP 800-190 3.4.3",
		.owasp = "OWASP Docker Top 10 D04",
		.hadolint = "",
		.trivy = "KSV-0025",
		.checkov = "",
		.kics = "",
		.kube_linter = "",
		.pss = "baseline",
		.check_rt = check_selinux,
	},
	{
		.id = "RT-SYSCTL",
		.title = "An unsafe sysctl is set",
		.severity = CS_SEV_MEDIUM,
		.targets = CS_TARGET_COMPOSE | CS_TARGET_K8S,
		.scope = CS_SCOPE_CONTAINER,
		.rationale =
			"Only a few sysctls are namespaced and safe to let a "
			"workload tune: the Pod Security Standards list "
			"kernel.shm_rmid_forced and a dozen net.ipv4 port and "
			"TCP settings (the latest version's list is used).  "
			"Others either reach the whole node or let one "
			"workload starve its neighbours (kernel.shm*, "
			"kernel.msg*, fs.mqueue.*, most of net.*).  Docker "
			"refuses non-namespaced sysctls but accepts every "
			"namespaced one, including the unsafe ones, so "
			"Compose services are held to the same safe list: a "
			"net.* setting outside it (say net.core.somaxconn) "
			"is a finding to review rather than proof of harm.  "
			"In Kubernetes sysctls are a pod setting; each "
			"container of the pod gets the finding.",
		.remediation =
			"Remove the sysctl, or set it on the node and "
			"document why the workload needs it.",
		.example =
			"# Compose\n"
			"services:\n"
			"  app:\n"
			"    sysctls:\n"
			"      net.ipv4.ip_unprivileged_port_start: 80\n"
			"# Kubernetes\n"
			"spec:\n"
			"  securityContext:\n"
			"    sysctls:\n"
			"      - name: net.ipv4.ip_local_port_range\n"
			"        value: \"1024 65535\"",
		.cis = "",
		.nist = "NIST SP 800-190 3.4.3",
		.owasp = "",
		.hadolint = "",
		.trivy = "KSV-0026",
		.checkov = "",
		.kics = "Cluster Allows Unsafe Sysctls",
		.kube_linter = "unsafe-sysctls",
		.pss = "baseline",
		.check_rt = check_sysctl,
	},
	{
		.id = "RT-PROBE-HOST",
		.title = "A probe or lifecycle hook targets another host",
		.severity = CS_SEV_MEDIUM,
		.targets = CS_TARGET_K8S,
		.scope = CS_SCOPE_CONTAINER,
		.rationale =
			"httpGet.host and tcpSocket.host in a probe or "
			"lifecycle handler make the kubelet open a "
			"connection, from the node, to any address the "
			"manifest names: a server-side request forgery "
			"through the node's network identity.  The baseline "
			"Pod Security Standard forbids the field since "
			"Kubernetes 1.34; scanners do not check it yet.",
		.remediation =
			"Remove host; the kubelet then probes the pod's own "
			"IP.  Use a Host header (httpHeaders) for virtual "
			"hosts.",
		.example =
			"livenessProbe:\n"
			"  httpGet:\n"
			"    path: /healthz\n"
			"    port: 8080",
		.cis = "",
		.nist = "NIST SP 800-190 3.4.3",
		.owasp = "",
		.hadolint = "",
		.trivy = "",
		.checkov = "",
		.kics = "",
		.kube_linter = "",
		.pss = "baseline",
		.check_rt = check_probe_host,
	},
};

const cs_rule_family cs_family_rt_confine = {"rt-confine", rows,
					     CS_COUNT(rows)};

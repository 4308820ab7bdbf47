/*
 * rt-priv.c - what a container may do: its user, its capabilities, and the
 * switches that hand it the host.
 *
 * Written once against the container spec (runtime.h), these rules judge a
 * Compose service and a Kubernetes container alike.  The normalizer has
 * already resolved Kubernetes inheritance for the fields the API inherits
 * (runAsUser, runAsGroup, runAsNonRoot, windowsOptions); privileged,
 * allowPrivilegeEscalation, capabilities, readOnlyRootFilesystem and
 * procMount are per container only, so a pod-level value never makes a
 * container pass here.
 *
 * A value the rule cannot read (an unresolved Compose `${VAR}`, a boolean
 * that is not one) is "cannot tell": the rule passes rather than guess.
 * Pods that declare `spec.os.name: windows` are exempt from the Linux-only
 * controls (capabilities, privilege escalation, read-only root), as in the
 * Pod Security Standards.
 *
 * Checks cost one pass over the spec's short lists; text is only built
 * when a finding is reported.
 */
#include "registry.h"

#include <string.h>

#include "rt-util.h"

/* " (from the pod's securityContext)" when the value is inherited. */
static const char *pod_note(const cs_loc *l)
{
	return l->from_pod ? " (from the pod's securityContext)" : "";
}

/* ---- RT-PRIVILEGED ------------------------------------------------------- */

static bool check_privileged(cs_rt_check *c)
{
	const cs_rt_spec *s = c->spec;
	if (!cs_rtu_true(&s->privileged))
		return true;
	const char *raw = cs_rtu_flag_raw(&s->privileged, "true");
	cs_rt_report(c, &s->privileged.loc, raw,
		     CS_RTU_WHO " sets privileged: %s: it gets every "
		     "capability and every host device, without seccomp or "
		     "AppArmor confinement",
		     CS_RTU_WHO_ARGS(s), raw);
	return true;
}

/* ---- RT-PRIV-ESC --------------------------------------------------------- */

/* The cap_add entry that adds SYS_ADMIN (or ALL), or NULL. */
static const cs_rt_text *adds_sys_admin(const cs_rt_spec *s)
{
	for (size_t i = 0; i < s->cap_add.n; i++) {
		const char *a = s->cap_add.v[i].v;
		if (cs_rt_cap_is(a, "SYS_ADMIN") || cs_rt_cap_is(a, "ALL"))
			return &s->cap_add.v[i];
	}
	return NULL;
}

static bool priv_esc_k8s(cs_rt_check *c)
{
	const cs_rt_spec *s = c->spec;
	const cs_rt_flag *f = &s->allow_priv_esc;
	if (cs_rtu_windows_pod(s))
		return false;
	bool priv = cs_rtu_true(&s->privileged);
	const cs_rt_text *admin = adds_sys_admin(s);
	if (f->v == CS_TRI_TRUE) {
		const char *raw = cs_rtu_flag_raw(f, "true");
		cs_rt_report(c, &f->loc, raw,
			     CS_RTU_WHO " sets allowPrivilegeEscalation: %s: "
			     "setuid binaries and file capabilities can give "
			     "its processes more privileges than their parent",
			     CS_RTU_WHO_ARGS(s), raw);
	} else if (f->v == CS_TRI_UNSET) {
		const char *why = priv  ? ", and privileged: true implies it"
				: admin ? ", and adding SYS_ADMIN implies it"
					: "";
		cs_rt_report(c, NULL, "allowPrivilegeEscalation",
			     CS_RTU_WHO " does not set "
			     "allowPrivilegeEscalation: false: it defaults "
			     "to true%s, so setuid binaries can raise "
			     "privileges",
			     CS_RTU_WHO_ARGS(s), why);
	} else if (f->v == CS_TRI_FALSE && (priv || admin)) {
		/* The kernel's no_new_privs cannot hold back a container
		 * that already has everything; the API server refuses the
		 * pair, and a manifest that carries it is not what runs. */
		const cs_loc *at = priv ? &s->privileged.loc : &admin->loc;
		const char *what = priv ? "privileged: true" : "SYS_ADMIN";
		cs_rt_report(c, at, what,
			     CS_RTU_WHO " sets allowPrivilegeEscalation: "
			     "false, but %s implies privilege escalation "
			     "(the API server rejects this combination)",
			     CS_RTU_WHO_ARGS(s), what);
	}
	return true;
}

static bool priv_esc_compose(cs_rt_check *c)
{
	const cs_rt_spec *s = c->spec;
	const cs_rt_flag *f = &s->allow_priv_esc;
	if (f->v == CS_TRI_TRUE) {
		const char *raw = f->raw ? f->raw : "no-new-privileges:false";
		cs_rt_report(c, &f->loc, raw,
			     CS_RTU_WHO " sets '%s': setuid binaries and "
			     "file capabilities can raise its privileges",
			     CS_RTU_WHO_ARGS(s), raw);
	} else if (f->v == CS_TRI_UNSET) {
		cs_rt_report(c, NULL, "no-new-privileges",
			     CS_RTU_WHO " does not set security_opt "
			     "no-new-privileges:true: setuid binaries and "
			     "file capabilities can raise its privileges",
			     CS_RTU_WHO_ARGS(s));
	}
	return true;
}

static bool check_priv_esc(cs_rt_check *c)
{
	if (c->spec->allow_priv_esc.v == CS_TRI_UNKNOWN)
		return true;
	return cs_rtu_k8s(c->spec) ? priv_esc_k8s(c) : priv_esc_compose(c);
}

/* ---- RT-ROOT ------------------------------------------------------------- */

static bool root_compose(cs_rt_check *c)
{
	const cs_rt_spec *s = c->spec;
	const char *u = s->user.v;
	if (u && *u) {
		if (cs_rtu_unresolved(u) || !cs_rtu_user_is_root(u))
			return true;
		cs_rt_report(c, &s->user.loc, u,
			     CS_RTU_WHO " sets user: '%s': it runs as root",
			     CS_RTU_WHO_ARGS(s), u);
		return true;
	}
	const char *iu = s->image_user.v;
	if (iu && *iu) {
		if (cs_rtu_unresolved(iu) || !cs_rtu_user_is_root(iu))
			return true;
		const char *file = s->image_user.loc.file;
		cs_rt_report(c, NULL, iu,
			     CS_RTU_WHO " sets no user, and the final USER "
			     "of its Dockerfile%s%s%s is '%s': it runs as "
			     "root",
			     CS_RTU_WHO_ARGS(s), file ? " (" : "",
			     file ? file : "", file ? ")" : "", iu);
		return true;
	}
	cs_rt_report(c, NULL, "user",
		     CS_RTU_WHO " sets no user: it runs as the image's "
		     "default user, which is root unless the image sets USER",
		     CS_RTU_WHO_ARGS(s));
	return true;
}

static bool root_k8s(cs_rt_check *c)
{
	const cs_rt_spec *s = c->spec;
	const cs_rt_num *uid = &s->run_as_user;
	const cs_rt_flag *nonroot = &s->run_as_non_root;
	if (uid->set && uid->valid && uid->v == 0) {
		const char *raw = uid->raw ? uid->raw : "0";
		if (cs_rtu_true(nonroot))
			cs_rt_report(c, &uid->loc, raw,
				     CS_RTU_WHO " sets runAsUser: %s%s with "
				     "runAsNonRoot: true: the kubelet refuses "
				     "to start it",
				     CS_RTU_WHO_ARGS(s), raw,
				     pod_note(&uid->loc));
		else
			cs_rt_report(c, &uid->loc, raw,
				     CS_RTU_WHO " sets runAsUser: %s%s: it "
				     "runs as root",
				     CS_RTU_WHO_ARGS(s), raw,
				     pod_note(&uid->loc));
		return true;
	}
	if (cs_rtu_true(nonroot) || nonroot->v == CS_TRI_UNKNOWN)
		return true;
	if (uid->set && (!uid->valid || uid->v >= 1))
		return true;
	if (nonroot->v == CS_TRI_FALSE) {
		const char *raw = cs_rtu_flag_raw(nonroot, "false");
		cs_rt_report(c, &nonroot->loc, raw,
			     CS_RTU_WHO " sets runAsNonRoot: %s%s and no "
			     "runAsUser: it runs as the image's user, which "
			     "is root unless the image sets USER",
			     CS_RTU_WHO_ARGS(s), raw, pod_note(&nonroot->loc));
		return true;
	}
	cs_rt_report(c, NULL, "runAsNonRoot",
		     CS_RTU_WHO " sets neither runAsNonRoot: true nor a "
		     "non-zero runAsUser (in its or the pod's "
		     "securityContext): it runs as the image's user, which is "
		     "root unless the image sets USER",
		     CS_RTU_WHO_ARGS(s));
	return true;
}

static bool check_root(cs_rt_check *c)
{
	return cs_rtu_k8s(c->spec) ? root_k8s(c) : root_compose(c);
}

/* ---- RT-UID-LOW ---------------------------------------------------------- */

static bool check_uid_low(cs_rt_check *c)
{
	const cs_rt_spec *s = c->spec;
	const cs_rt_num *uid = &s->run_as_user;
	/* Unset and 0 are RT-ROOT's findings; a uid it cannot read is not
	 * judged. */
	if (!cs_rtu_k8s(s) || !uid->set || !uid->valid || uid->v < 1)
		return false;
	if (uid->v >= 10000)
		return true;
	const char *raw = uid->raw ? uid->raw : "";
	cs_rt_report(c, &uid->loc, raw,
		     CS_RTU_WHO " sets runAsUser: %s%s, below 10000: it may "
		     "share its uid with a user of the host",
		     CS_RTU_WHO_ARGS(s), raw, pod_note(&uid->loc));
	return true;
}

/* ---- RT-GID-ROOT --------------------------------------------------------- */

static bool check_gid_root(cs_rt_check *c)
{
	const cs_rt_spec *s = c->spec;
	if (!cs_rtu_k8s(s))
		return false;
	const cs_rt_num *gid = &s->run_as_group;
	if (gid->set && gid->valid && gid->v == 0) {
		const char *raw = gid->raw ? gid->raw : "0";
		cs_rt_report(c, &gid->loc, raw,
			     CS_RTU_WHO " sets runAsGroup: %s%s: its "
			     "processes run with the root group",
			     CS_RTU_WHO_ARGS(s), raw, pod_note(&gid->loc));
	}
	const cs_k8s_pod *p = s->pod;
	if (!p)
		return true;
	if (p->fs_group.set && p->fs_group.valid && p->fs_group.v == 0) {
		const char *raw = p->fs_group.raw ? p->fs_group.raw : "0";
		cs_rt_report(c, &p->fs_group.loc, raw,
			     "the pod of " CS_RTU_WHO " sets fsGroup: %s: its "
			     "processes get the root group and its volumes "
			     "are owned by it",
			     CS_RTU_WHO_ARGS(s), raw);
	}
	for (size_t i = 0; i < p->supplemental_groups.n; i++) {
		const cs_rt_num *g = &p->supplemental_groups.v[i];
		if (!g->valid || g->v != 0)
			continue;
		const char *raw = g->raw ? g->raw : "0";
		cs_rt_report(c, &g->loc, raw,
			     "the pod of " CS_RTU_WHO " lists %s in "
			     "supplementalGroups: its processes get the root "
			     "group",
			     CS_RTU_WHO_ARGS(s), raw);
	}
	return true;
}

/* ---- capabilities -------------------------------------------------------- */

static const char *const danger_caps[] = {
	"ALL", "SYS_ADMIN", "NET_ADMIN", "SYS_MODULE", "NET_RAW",
	"SYS_PTRACE", "BPF", "SYS_RAWIO", "SYS_BOOT", "DAC_READ_SEARCH",
	"SYS_TIME", "PERFMON", "MAC_ADMIN", "MAC_OVERRIDE", NULL,
};

static bool check_cap_danger(cs_rt_check *c)
{
	const cs_rt_spec *s = c->spec;
	for (size_t i = 0; i < s->cap_add.n; i++) {
		const cs_rt_text *t = &s->cap_add.v[i];
		if (!t->v || !cs_rtu_cap_in(t->v, danger_caps))
			continue;
		cs_rt_report(c, &t->loc, t->v,
			     "capability '%s' is added to " CS_RTU_WHO
			     ": it is a known path from the container to "
			     "the host",
			     t->v, CS_RTU_WHO_ARGS(s));
	}
	return true;
}

static bool check_cap_add(cs_rt_check *c)
{
	const cs_rt_spec *s = c->spec;
	for (size_t i = 0; i < s->cap_add.n; i++) {
		const cs_rt_text *t = &s->cap_add.v[i];
		if (!t->v || cs_rtu_unresolved(t->v) ||
		    cs_rtu_cap_baseline(t->v))
			continue;
		cs_rt_report(c, &t->loc, t->v,
			     "capability '%s' is added to " CS_RTU_WHO
			     ": it is not one of the runtime's default "
			     "capabilities",
			     t->v, CS_RTU_WHO_ARGS(s));
	}
	return true;
}

/* Does any drop entry still hold an unresolved variable? */
static bool drop_unresolved(const cs_rt_spec *s)
{
	for (size_t i = 0; i < s->cap_drop.n; i++)
		if (cs_rtu_unresolved(s->cap_drop.v[i].v))
			return true;
	return false;
}

static bool check_cap_drop(cs_rt_check *c)
{
	const cs_rt_spec *s = c->spec;
	if (cs_rtu_windows_pod(s))
		return false;
	if (cs_rt_drops(s, "ALL") || drop_unresolved(s))
		return true;
	const char *k = cs_rtu_key(s, "cap_drop", "capabilities.drop");
	if (s->cap_drop.n)
		cs_rt_report(c, &s->cap_drop_loc, k,
			     CS_RTU_WHO " drops %zu capabilit%s but not ALL: "
			     "it keeps every other default capability",
			     CS_RTU_WHO_ARGS(s), s->cap_drop.n,
			     s->cap_drop.n == 1 ? "y" : "ies");
	else
		cs_rt_report(c, NULL, k,
			     CS_RTU_WHO " does not drop capabilities (%s: "
			     "[ALL]): it keeps every default capability of "
			     "the runtime",
			     CS_RTU_WHO_ARGS(s), k);
	return true;
}

static bool check_net_raw(cs_rt_check *c)
{
	const cs_rt_spec *s = c->spec;
	if (cs_rtu_windows_pod(s))
		return false;
	/* An add wins over a drop: `drop: [ALL]` with `add: [NET_RAW]`
	 * grants NET_RAW. */
	for (size_t i = 0; i < s->cap_add.n; i++) {
		const cs_rt_text *t = &s->cap_add.v[i];
		if (!cs_rt_cap_is(t->v, "NET_RAW") &&
		    !cs_rt_cap_is(t->v, "ALL"))
			continue;
		bool all = cs_rt_cap_is(t->v, "ALL");
		cs_rt_report(c, &t->loc, t->v,
			     CS_RTU_WHO " adds '%s'%s: it can forge packets "
			     "on the node's network",
			     CS_RTU_WHO_ARGS(s), t->v,
			     all ? ", which includes NET_RAW" : "");
		return true;
	}
	if (cs_rt_drops(s, "NET_RAW") || drop_unresolved(s))
		return true;
	const char *k = cs_rtu_key(s, "cap_drop", "capabilities.drop");
	cs_rt_report(c, &s->cap_drop_loc, "NET_RAW",
		     CS_RTU_WHO " does not drop NET_RAW (%s: [ALL] or "
		     "[NET_RAW]): it can forge packets (ARP, DNS spoofing) on "
		     "the node's network",
		     CS_RTU_WHO_ARGS(s), k);
	return true;
}

/* ---- RT-RO-ROOTFS -------------------------------------------------------- */

static bool check_ro_rootfs(cs_rt_check *c)
{
	const cs_rt_spec *s = c->spec;
	const cs_rt_flag *f = &s->read_only_rootfs;
	if (cs_rtu_windows_pod(s))
		return false;
	if (f->v == CS_TRI_TRUE || f->v == CS_TRI_UNKNOWN)
		return true;
	const char *k = cs_rtu_key(s, "read_only", "readOnlyRootFilesystem");
	if (f->v == CS_TRI_FALSE) {
		const char *raw = cs_rtu_flag_raw(f, "false");
		cs_rt_report(c, &f->loc, raw,
			     CS_RTU_WHO " sets %s: %s: an intruder can "
			     "change its binaries and drop tools",
			     CS_RTU_WHO_ARGS(s), k, raw);
	} else {
		cs_rt_report(c, NULL, k,
			     CS_RTU_WHO " does not set %s: true: its root "
			     "file system is writable",
			     CS_RTU_WHO_ARGS(s), k);
	}
	return true;
}

/* ---- RT-PROCMOUNT -------------------------------------------------------- */

static bool check_procmount(cs_rt_check *c)
{
	const cs_rt_spec *s = c->spec;
	if (!cs_rtu_k8s(s))
		return false;
	const char *v = s->proc_mount.v;
	if (!v || strcmp(v, "Default") == 0)
		return true;
	cs_rt_report(c, &s->proc_mount.loc, v,
		     CS_RTU_WHO " sets procMount: %s: /proc is not masked, "
		     "exposing kernel interfaces the runtime normally hides",
		     CS_RTU_WHO_ARGS(s), v);
	return true;
}

/* ---- RT-HOSTPROCESS ------------------------------------------------------ */

static bool check_hostprocess(cs_rt_check *c)
{
	const cs_rt_spec *s = c->spec;
	if (!cs_rtu_k8s(s))
		return false;
	const cs_rt_flag *f = &s->windows_host_process;
	if (!cs_rtu_true(f))
		return true;
	const char *raw = cs_rtu_flag_raw(f, "true");
	cs_rt_report(c, &f->loc, raw,
		     CS_RTU_WHO " sets windowsOptions.hostProcess: %s%s: it "
		     "runs as a process on the Windows node, with the node's "
		     "access",
		     CS_RTU_WHO_ARGS(s), raw, pod_note(&f->loc));
	return true;
}

/* ---- the table ----------------------------------------------------------- */

static const cs_rule rows[] = {
	{
		.id = "RT-PRIVILEGED",
		.title = "The container runs privileged",
		.severity = CS_SEV_CRITICAL,
		.targets = CS_TARGET_COMPOSE | CS_TARGET_K8S,
		.scope = CS_SCOPE_CONTAINER,
		.rationale =
			"A privileged container gets every capability, every "
			"host device, a writable /sys and no seccomp, "
			"AppArmor or SELinux confinement: it is root on the "
			"host in all but name, and escaping it takes one "
			"mount command.  Every tool rates this as the worst "
			"runtime setting; customs makes it critical, so one "
			"privileged container caps the file's grade at F.  "
			"Only the container's own setting counts: Kubernetes "
			"has no pod-level privileged.",
		.remediation =
			"Remove privileged: true.  Grant the one capability "
			"or device the workload really needs instead "
			"(cap_add / capabilities.add, devices), and run "
			"node-level agents that truly need the host as a "
			"reviewed exception.",
		.example =
			"# Compose\n"
			"services:\n"
			"  app:\n"
			"    image: registry.example.com/app:1.4.2\n"
			"    cap_drop: [ALL]\n"
			"    cap_add: [NET_BIND_SERVICE]\n"
			"# Kubernetes\n"
			"containers:\n"
			"  - name: app\n"
			"    securityContext:\n"
			"      privileged: false\n"
			"      capabilities:\n"
			"        drop: [ALL]\n"
			"        add: [NET_BIND_SERVICE]",
		.cis = "CIS Docker 1.6 5.5; CIS Kubernetes 1.8 5.2.2",
		.nist = "NIST SP 800-190 3.4.3",
		.owasp = "OWASP Docker Top 10 D04",
		.hadolint = "",
		.trivy = "KSV-0017",
		.checkov = "CKV_K8S_16",
		.kics = "Privileged Containers Enabled, Container Is "
			"Privileged",
		.kube_linter = "privileged-container",
		.pss = "baseline",
		.check_rt = check_privileged,
	},
	{
		.id = "RT-PRIV-ESC",
		.title = "Privilege escalation is not disabled",
		.severity = CS_SEV_HIGH,
		.targets = CS_TARGET_COMPOSE | CS_TARGET_K8S,
		.scope = CS_SCOPE_CONTAINER,
		.rationale =
			"Unless the kernel's no_new_privs bit is set, a "
			"setuid binary or a file capability in the image lets "
			"a compromised process gain privileges its parent "
			"did not have.  Kubernetes sets it with "
			"allowPrivilegeEscalation: false, which must be "
			"written explicitly: unset means true (kubesec only "
			"penalises an explicit true; like the restricted Pod "
			"Security Standard, customs requires false).  "
			"privileged: true and an added SYS_ADMIN imply "
			"escalation whatever the field says.  Compose sets "
			"it with security_opt no-new-privileges:true; a "
			"daemon-wide default is not visible in the file and "
			"does not count.  Pods with spec.os.name: windows "
			"are exempt, as in the Pod Security Standards.",
		.remediation =
			"Set securityContext.allowPrivilegeEscalation: false "
			"on every container (Kubernetes), or add "
			"no-new-privileges:true to security_opt (Compose).",
		.example =
			"# Compose\n"
			"services:\n"
			"  app:\n"
			"    security_opt:\n"
			"      - no-new-privileges:true\n"
			"# Kubernetes\n"
			"containers:\n"
			"  - name: app\n"
			"    securityContext:\n"
			"      allowPrivilegeEscalation: false",
		.cis = "CIS Docker 1.6 5.26; CIS Kubernetes 1.8 5.2.6",
		.nist = "NIST SP 800-190 3.4.3",
		.owasp = "OWASP Docker Top 10 D04",
		.hadolint = "",
		.trivy = "KSV-0001",
		.checkov = "CKV_K8S_20",
		.kics = "No New Privileges Not Set, Privilege Escalation "
			"Allowed",
		.kube_linter = "privilege-escalation-container",
		.pss = "restricted",
		.check_rt = check_priv_esc,
	},
	{
		.id = "RT-ROOT",
		.title = "The container may run as root",
		.severity = CS_SEV_HIGH,
		.targets = CS_TARGET_COMPOSE | CS_TARGET_K8S,
		.scope = CS_SCOPE_CONTAINER,
		.rationale =
			"Root in a container is root on the host's kernel, "
			"one bug or one writable host mount away from the "
			"node.  Kubernetes: the container passes when "
			"runAsNonRoot is true or runAsUser is 1 or more, "
			"its own or inherited from the pod's "
			"securityContext (Polaris accepts either; the "
			"restricted Pod Security Standard wants "
			"runAsNonRoot).  runAsUser: 0 fails even with "
			"runAsNonRoot: true, since that pod never starts.  "
			"Compose: a user: of root or uid 0 fails, and so "
			"does no user: at all, unless the service builds "
			"from a Dockerfile whose final USER is not root; an "
			"image pulled from a registry may set USER, but "
			"that is not visible here and the file should say "
			"it.  A user namespace (hostUsers: false) does not "
			"relax the rule: root in the container still owns "
			"the container.",
		.remediation =
			"Run as an unprivileged numeric uid: Kubernetes "
			"runAsNonRoot: true and runAsUser: 10001 (pod or "
			"container securityContext); Compose user: "
			"\"10001:10001\".",
		.example =
			"# Compose\n"
			"services:\n"
			"  app:\n"
			"    image: registry.example.com/app:1.4.2\n"
			"    user: \"10001:10001\"\n"
			"# Kubernetes\n"
			"spec:\n"
			"  securityContext:\n"
			"    runAsNonRoot: true\n"
			"    runAsUser: 10001\n"
			"    runAsGroup: 10001",
		.cis = "CIS Docker 1.6 4.1; CIS Kubernetes 1.8 5.2.7",
		.nist = "NIST SP 800-190 3.1.2",
		.owasp = "OWASP Docker Top 10 D01",
		.hadolint = "",
		.trivy = "KSV-0012,KSV-0105",
		.checkov = "CKV_K8S_23",
		.kics = "Containers Running As Root",
		.kube_linter = "run-as-non-root",
		.pss = "restricted",
		.check_rt = check_root,
	},
	{
		.id = "RT-UID-LOW",
		.title = "runAsUser is below 10000",
		.severity = CS_SEV_LOW,
		.targets = CS_TARGET_K8S,
		.scope = CS_SCOPE_CONTAINER,
		.rationale =
			"Without user namespaces a container's uid is the "
			"host's uid: a uid below 10000 may belong to a real "
			"host account or system service and share its files "
			"on a host mount.  A uid of 10000 or more is unlikely "
			"to collide.  The rule applies to a runAsUser that is "
			"written (container or pod) and at least 1; root and "
			"an unset runAsUser are RT-ROOT's finding, so one "
			"problem is reported once.",
		.remediation =
			"Use a uid of 10000 or more in runAsUser, and build "
			"the image with the same USER.",
		.example =
			"securityContext:\n"
			"  runAsNonRoot: true\n"
			"  runAsUser: 10001",
		.cis = "",
		.nist = "",
		.owasp = "OWASP Docker Top 10 D01",
		.hadolint = "",
		.trivy = "KSV-0020",
		.checkov = "CKV_K8S_40",
		.kics = "Container Running With Low UID",
		.kube_linter = "",
		.pss = "",
		.check_rt = check_uid_low,
	},
	{
		.id = "RT-GID-ROOT",
		.title = "The container runs with the root group",
		.severity = CS_SEV_LOW,
		.targets = CS_TARGET_K8S,
		.scope = CS_SCOPE_CONTAINER,
		.rationale =
			"Group 0 owns much of a typical image and of the host "
			"(/etc, device nodes); a process in it can read or "
			"write what the root group can.  The rule fires on "
			"runAsGroup: 0 (container or pod), on the pod's "
			"fsGroup: 0, which adds the group to every container "
			"and hands it the volumes, and on 0 in "
			"supplementalGroups.  The catalogue also lists groups "
			"up to 10000; customs flags only 0, since a low "
			"non-root group is a policy choice rather than a "
			"privilege.  Pod-level settings apply to every "
			"container and are reported for each.",
		.remediation =
			"Set runAsGroup and fsGroup to a non-zero gid (10001) "
			"and keep 0 out of supplementalGroups.",
		.example =
			"spec:\n"
			"  securityContext:\n"
			"    runAsUser: 10001\n"
			"    runAsGroup: 10001\n"
			"    fsGroup: 10001",
		.cis = "",
		.nist = "",
		.owasp = "OWASP Docker Top 10 D01",
		.hadolint = "",
		.trivy = "KSV-0116,KSV-0021",
		.checkov = "",
		.kics = "",
		.kube_linter = "run-as-non-root",
		.pss = "",
		.check_rt = check_gid_root,
	},
	{
		.id = "RT-CAP-DANGER",
		.title = "A dangerous capability is added",
		.severity = CS_SEV_HIGH,
		.targets = CS_TARGET_COMPOSE | CS_TARGET_K8S,
		.scope = CS_SCOPE_CONTAINER,
		.rationale =
			"Some capabilities are each a documented escape or "
			"host-takeover path: ALL and SYS_ADMIN (mount, "
			"namespaces, most of root), NET_ADMIN and NET_RAW "
			"(the node's network), SYS_MODULE (kernel modules), "
			"SYS_PTRACE (other processes), BPF and PERFMON "
			"(kernel programs and memory), SYS_RAWIO, SYS_BOOT, "
			"SYS_TIME, DAC_READ_SEARCH (the shocker escape), "
			"MAC_ADMIN and MAC_OVERRIDE (the LSM itself).  Names "
			"are compared without case and with or without "
			"CAP_.  Any capability outside the runtime's "
			"defaults is also RT-CAP-ADD's finding; this rule "
			"adds the severity.",
		.remediation =
			"Remove the capability; if the workload truly needs "
			"it, isolate it (a dedicated node, a reviewed "
			"exception) and document why.",
		.example =
			"# Compose\n"
			"services:\n"
			"  app:\n"
			"    cap_drop: [ALL]\n"
			"    cap_add: [NET_BIND_SERVICE]\n"
			"# Kubernetes\n"
			"securityContext:\n"
			"  capabilities:\n"
			"    drop: [ALL]\n"
			"    add: [NET_BIND_SERVICE]",
		.cis = "CIS Docker 1.6 5.4; CIS Kubernetes 1.8 5.2.9",
		.nist = "NIST SP 800-190 3.4.3",
		.owasp = "OWASP Docker Top 10 D04",
		.hadolint = "",
		.trivy = "KSV-0005,KSV-0119,KSV-0120",
		.checkov = "CKV_K8S_39",
		.kics = "Containers With Sys Admin Capabilities, Container "
			"Capabilities Unrestricted",
		.kube_linter = "",
		.pss = "baseline",
		.check_rt = check_cap_danger,
	},
	{
		.id = "RT-CAP-ADD",
		.title = "A capability outside the runtime defaults is added",
		.severity = CS_SEV_MEDIUM,
		.targets = CS_TARGET_COMPOSE | CS_TARGET_K8S,
		.scope = CS_SCOPE_CONTAINER,
		.rationale =
			"The baseline Pod Security Standard allows adding "
			"only the 13 capabilities container runtimes have "
			"granted by default (AUDIT_WRITE, CHOWN, "
			"DAC_OVERRIDE, FOWNER, FSETID, KILL, MKNOD, "
			"NET_BIND_SERVICE, SETFCAP, SETGID, SETPCAP, SETUID, "
			"SYS_CHROOT); anything else widens what a compromised "
			"process can do to the kernel.  Docker's NET_RAW is "
			"not among them.  The restricted standard allows "
			"only NET_BIND_SERVICE, which RT-CAP-DROP's drop ALL "
			"leads to.  Values still holding an unresolved "
			"${VAR} are not judged.",
		.remediation =
			"Remove the capability, or replace it with a narrower "
			"one from the default set.",
		.example =
			"# Compose\n"
			"services:\n"
			"  app:\n"
			"    cap_drop: [ALL]\n"
			"    cap_add: [NET_BIND_SERVICE]\n"
			"# Kubernetes\n"
			"securityContext:\n"
			"  capabilities:\n"
			"    drop: [ALL]\n"
			"    add: [NET_BIND_SERVICE]",
		.cis = "CIS Kubernetes 1.8 5.2.9",
		.nist = "NIST SP 800-190 3.4.3",
		.owasp = "OWASP Docker Top 10 D04",
		.hadolint = "",
		.trivy = "KSV-0022,KSV-0106",
		.checkov = "CKV_K8S_25",
		.kics = "Containers With Added Capabilities",
		.kube_linter = "",
		.pss = "baseline",
		.check_rt = check_cap_add,
	},
	{
		.id = "RT-CAP-DROP",
		.title = "Capabilities are not dropped with ALL",
		.severity = CS_SEV_MEDIUM,
		.targets = CS_TARGET_COMPOSE | CS_TARGET_K8S,
		.scope = CS_SCOPE_CONTAINER,
		.rationale =
			"A container starts with the runtime's default "
			"capabilities (CHOWN, DAC_OVERRIDE, SETUID, NET_RAW "
			"and others), most of which an application never "
			"uses.  Dropping ALL and adding back the few needed "
			"is the only list that stays right when a runtime "
			"changes its defaults; dropping a handful by name "
			"still fails here.  This is the restricted Pod "
			"Security Standard's rule; pods with spec.os.name: "
			"windows are exempt.",
		.remediation =
			"Drop ALL and add back only what the process needs "
			"(usually nothing, or NET_BIND_SERVICE).",
		.example =
			"# Compose\n"
			"services:\n"
			"  app:\n"
			"    cap_drop: [ALL]\n"
			"# Kubernetes\n"
			"securityContext:\n"
			"  capabilities:\n"
			"    drop: [ALL]",
		.cis = "CIS Kubernetes 1.8 5.2.10",
		.nist = "NIST SP 800-190 3.4.3",
		.owasp = "OWASP Docker Top 10 D04",
		.hadolint = "",
		.trivy = "KSV-0003,KSV-0004",
		.checkov = "CKV_K8S_37",
		.kics = "No Drop Capabilities for Containers, Container "
			"Capabilities Unrestricted",
		.kube_linter = "",
		.pss = "restricted",
		.check_rt = check_cap_drop,
	},
	{
		.id = "RT-NET-RAW",
		.title = "NET_RAW is not dropped",
		.severity = CS_SEV_MEDIUM,
		.targets = CS_TARGET_COMPOSE | CS_TARGET_K8S,
		.scope = CS_SCOPE_CONTAINER,
		.rationale =
			"Docker and containerd still grant NET_RAW by "
			"default, which lets a process craft raw packets: "
			"ARP and DNS spoofing of its neighbours on the node "
			"network, and several kernel exploits.  Dropping ALL "
			"counts; adding NET_RAW (or ALL) back fails even "
			"when it is dropped, since an add wins.  Pods with "
			"spec.os.name: windows are exempt.",
		.remediation =
			"Drop ALL (or at least NET_RAW); ping works without "
			"it on current kernels through "
			"net.ipv4.ping_group_range.",
		.example =
			"# Compose\n"
			"services:\n"
			"  app:\n"
			"    cap_drop: [ALL]\n"
			"# Kubernetes\n"
			"securityContext:\n"
			"  capabilities:\n"
			"    drop: [ALL]",
		.cis = "CIS Kubernetes 1.8 5.2.8",
		.nist = "NIST SP 800-190 3.4.3",
		.owasp = "",
		.hadolint = "",
		.trivy = "",
		.checkov = "CKV_K8S_28",
		.kics = "NET_RAW Capabilities Not Being Dropped",
		.kube_linter = "drop-net-raw-capability",
		.pss = "",
		.check_rt = check_net_raw,
	},
	{
		.id = "RT-RO-ROOTFS",
		.title = "The root file system is writable",
		.severity = CS_SEV_MEDIUM,
		.targets = CS_TARGET_COMPOSE | CS_TARGET_K8S,
		.scope = CS_SCOPE_CONTAINER,
		.rationale =
			"A read-only root file system keeps an intruder from "
			"replacing binaries, planting tools or persisting in "
			"the container, and makes drift visible: what runs is "
			"what was built.  Writable paths the application "
			"needs go on tmpfs or emptyDir volumes.  Kubernetes "
			"has no pod-level setting, so only the container's "
			"readOnlyRootFilesystem counts; Compose uses "
			"read_only.  Pods with spec.os.name: windows are "
			"exempt (Windows does not support it).",
		.remediation =
			"Set read_only: true (Compose) or "
			"readOnlyRootFilesystem: true (Kubernetes) and mount "
			"a tmpfs or emptyDir where the application writes.",
		.example =
			"# Compose\n"
			"services:\n"
			"  app:\n"
			"    read_only: true\n"
			"    tmpfs: [/tmp]\n"
			"# Kubernetes\n"
			"containers:\n"
			"  - name: app\n"
			"    securityContext:\n"
			"      readOnlyRootFilesystem: true\n"
			"    volumeMounts:\n"
			"      - {name: tmp, mountPath: /tmp}",
		.cis = "CIS Docker 1.6 5.13",
		.nist = "NIST SP 800-190 3.4.3",
		.owasp = "OWASP Docker Top 10 D09",
		.hadolint = "",
		.trivy = "KSV-0014",
		.checkov = "CKV_K8S_22",
		.kics = "Root Container Not Mounted As Read-only",
		.kube_linter = "no-read-only-root-fs",
		.pss = "",
		.check_rt = check_ro_rootfs,
	},
	{
		.id = "RT-PROCMOUNT",
		.title = "/proc is mounted unmasked",
		.severity = CS_SEV_HIGH,
		.targets = CS_TARGET_K8S,
		.scope = CS_SCOPE_CONTAINER,
		.rationale =
			"Runtimes mask and make read-only the parts of /proc "
			"that reach the host kernel (/proc/kcore, "
			"/proc/sysrq-trigger, /proc/sys).  procMount: "
			"Unmasked removes that, which is only meant for "
			"nested container runtimes.  Since Kubernetes 1.35 "
			"the baseline standard tolerates it in a user "
			"namespace (hostUsers: false); customs, like the "
			"restricted standard, flags any value but Default, "
			"since an unmasked /proc still exposes kernel "
			"interfaces.",
		.remediation =
			"Remove procMount or set it to Default.",
		.example =
			"securityContext:\n"
			"  procMount: Default",
		.cis = "",
		.nist = "NIST SP 800-190 3.4.3",
		.owasp = "",
		.hadolint = "",
		.trivy = "KSV-0027",
		.checkov = "",
		.kics = "Container Runs Unmasked",
		.kube_linter = "unsafe-proc-mount",
		.pss = "baseline",
		.check_rt = check_procmount,
	},
	{
		.id = "RT-HOSTPROCESS",
		.title = "A Windows HostProcess container",
		.severity = CS_SEV_HIGH,
		.targets = CS_TARGET_K8S,
		.scope = CS_SCOPE_CONTAINER,
		.rationale =
			"windowsOptions.hostProcess: true runs the container "
			"as a process directly on the Windows node, with the "
			"node's file system, network and, as SYSTEM, its "
			"privileges: the Windows counterpart of a privileged "
			"container.  The setting is inherited from the pod's "
			"securityContext.",
		.remediation =
			"Remove hostProcess, or confine such node agents to "
			"a dedicated, reviewed namespace.",
		.example =
			"securityContext:\n"
			"  windowsOptions:\n"
			"    hostProcess: false",
		.cis = "CIS Kubernetes 1.8 5.2.11",
		.nist = "NIST SP 800-190 3.4.3",
		.owasp = "",
		.hadolint = "",
		.trivy = "KSV-0103",
		.checkov = "",
		.kics = "",
		.kube_linter = "",
		.pss = "baseline",
		.check_rt = check_hostprocess,
	},
};

const cs_rule_family cs_family_rt_priv = {"rt-priv", rows, CS_COUNT(rows)};

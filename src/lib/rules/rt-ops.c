/*
 * rt-ops.c - what a container may consume and how it is kept alive:
 * memory, CPU and PID limits, requests, cgroup placement, restart policy
 * and health checks.
 *
 * A container without limits shares the node with everything else on it:
 * one leak or fork bomb starves its neighbours and the kubelet or dockerd
 * itself.  Written once against the container spec (runtime.h), the
 * resource rules read Compose's mem_limit / cpus / deploy.resources and a
 * Kubernetes container's resources alike; pids_limit, cgroup_parent and
 * restart exist only in Compose (Kubernetes sets PID limits per node and
 * restarts through the pod's restartPolicy with back-off).
 *
 * Resources are checked on every Kubernetes container that can declare
 * them: regular containers, sidecars and init containers (an init container
 * runs on the same node and its limits count in the pod's effective
 * request); ephemeral containers cannot declare resources, so the rules do
 * not apply to them.  Probes are only asked of containers that keep
 * running: not init or ephemeral containers, and not the pods of Jobs and
 * CronJobs, which run to completion.
 *
 * A value still holding an unresolved Compose `${VAR}` is "cannot tell":
 * the rule passes rather than guess.  Text is built only for findings.
 */
#include "registry.h"

#include <ctype.h>
#include <string.h>

#include "rt-util.h"

/* The spelling of a setting in the spec's format. */
static const char *key(const cs_rt_spec *s, const char *compose,
		       const char *k8s)
{
	return cs_rtu_k8s(s) ? k8s : compose;
}

/* Can this spec declare resources? */
static bool resources_apply(const cs_rt_spec *s)
{
	return s->role != CS_RT_EPHEMERAL;
}

/*
 * Does a written limit mean "no limit"?  Docker reads 0 and -1 as
 * unlimited (mem_limit: 0, cpus: 0, cpu_quota: -1); a Kubernetes limit of
 * 0 is no usable limit either.  "0", "0.0", "0Mi", "-1" do; "0.5" does
 * not.
 */
static bool no_limit(const char *v)
{
	while (*v == ' ' || *v == '"' || *v == '\'')
		v++;
	if (*v == '-')
		return true;
	bool zero = false;
	for (; *v == '0' || *v == '.'; v++)
		zero |= *v == '0';
	if (!zero || isdigit((unsigned char)*v))
		return false;
	for (; *v; v++)
		if (!isalpha((unsigned char)*v) && *v != '"' && *v != '\'')
			return false;
	return true;
}

/* One limit: missing, unlimited, or fine. */
static void limit_check(cs_rt_check *c, const cs_rt_text *t,
			const char *what, const char *where)
{
	const cs_rt_spec *s = c->spec;
	if (!t->v) {
		cs_rt_report(c, NULL, where,
			     CS_RTU_WHO " has no %s limit (%s)",
			     CS_RTU_WHO_ARGS(s), what, where);
		return;
	}
	if (cs_rtu_unresolved(t->v) || !no_limit(t->v))
		return;
	cs_rt_report(c, &t->loc, t->v,
		     CS_RTU_WHO " sets its %s limit to '%s', which means no "
		     "limit",
		     CS_RTU_WHO_ARGS(s), what, t->v);
}

/* ---- RT-MEM-LIMIT -------------------------------------------------------- */

static bool check_mem_limit(cs_rt_check *c)
{
	const cs_rt_spec *s = c->spec;
	if (!resources_apply(s))
		return false;
	limit_check(c, &s->mem_limit, "memory",
		    key(s, "mem_limit or deploy.resources.limits.memory",
			"resources.limits.memory"));
	return true;
}

/* ---- RT-CPU-LIMIT -------------------------------------------------------- */

static bool check_cpu_limit(cs_rt_check *c)
{
	const cs_rt_spec *s = c->spec;
	if (!resources_apply(s))
		return false;
	/* Compose: cpu_shares is the CIS 5.12 control (relative weight under
	 * contention); cpus / cpu_quota / deploy limits cap outright.  Either
	 * one bounds what the service takes from its neighbours. */
	const cs_rt_text *t = &s->cpu_limit;
	if (!t->v && cs_rtu_compose(s) && s->cpu_shares.v)
		t = &s->cpu_shares;
	limit_check(c, t, "CPU",
		    key(s, "cpus, cpu_quota, cpu_shares or "
			   "deploy.resources.limits.cpus",
			"resources.limits.cpu"));
	return true;
}

/* ---- RT-REQUESTS --------------------------------------------------------- */

static bool check_requests(cs_rt_check *c)
{
	const cs_rt_spec *s = c->spec;
	if (!cs_rtu_k8s(s) || !resources_apply(s))
		return false;
	/* A request that is not written defaults to the limit: a container
	 * with limits.memory has a memory request too. */
	bool mem = !s->mem_request.v && !s->mem_limit.v;
	bool cpu = !s->cpu_request.v && !s->cpu_limit.v;
	if (!mem && !cpu)
		return true;
	const char *what = mem && cpu ? "requests.cpu,requests.memory"
			   : mem      ? "requests.memory"
				      : "requests.cpu";
	const char *noun = mem && cpu ? "CPU and memory requests"
			   : mem      ? "memory request"
				      : "CPU request";
	cs_rt_report(c, NULL, what,
		     CS_RTU_WHO " has no %s (resources.requests) and no "
		     "limit to default it from: the scheduler places it as "
		     "if it needed nothing",
		     CS_RTU_WHO_ARGS(s), noun);
	return true;
}

/* ---- RT-PIDS ------------------------------------------------------------- */

static bool check_pids(cs_rt_check *c)
{
	const cs_rt_spec *s = c->spec;
	if (!cs_rtu_compose(s))
		return false;
	const cs_rt_num *p = &s->pids_limit;
	if (!p->set) {
		cs_rt_report(c, NULL, "pids_limit",
			     CS_RTU_WHO " has no pids_limit: a fork bomb "
			     "inside it can exhaust the host's process table",
			     CS_RTU_WHO_ARGS(s));
		return true;
	}
	/* A value that is not a number (an unresolved ${VAR}): cannot
	 * tell. */
	if (!p->valid || p->v > 0)
		return true;
	const char *raw = p->raw ? p->raw
				 : cs_arena_printf(c->arena, "%lld",
						   (long long)p->v);
	cs_rt_report(c, &p->loc, raw,
		     CS_RTU_WHO " sets pids_limit: %s, which means no limit",
		     CS_RTU_WHO_ARGS(s), raw ? raw : "");
	return true;
}

/* ---- RT-CGROUP ----------------------------------------------------------- */

static bool check_cgroup(cs_rt_check *c)
{
	const cs_rt_spec *s = c->spec;
	if (!cs_rtu_compose(s))
		return false;
	const cs_rt_text *t = &s->cgroup_parent;
	if (!t->v)
		return true;
	cs_rt_report(c, &t->loc, t->v,
		     CS_RTU_WHO " sets cgroup_parent: '%s': it runs outside "
		     "the cgroup the engine manages and limits for it",
		     CS_RTU_WHO_ARGS(s), t->v);
	return true;
}

/* ---- RT-RESTART ---------------------------------------------------------- */

/* A retry count of 1 to 5. */
static bool small_count(const char *n)
{
	return n[0] >= '1' && n[0] <= '5' && n[1] == '\0';
}

/*
 * Is the restart policy bounded?  "no" (deploy.restart_policy condition
 * "none") never restarts; "on-failure:N" with 1 <= N <= 5 is CIS 5.15's
 * recommendation, and the swarm spelling (condition on-failure with
 * max_attempts) arrives normalized the same way.  on-failure:0 means no
 * maximum to docker.
 */
static bool restart_ok(const char *v)
{
	if (strcmp(v, "no") == 0 || strcmp(v, "none") == 0 || !*v)
		return true;
	if (strncmp(v, "on-failure:", 11) == 0)
		return small_count(v + 11);
	return false;
}

static bool check_restart(cs_rt_check *c)
{
	const cs_rt_spec *s = c->spec;
	if (!cs_rtu_compose(s))
		return false;
	/* No restart: is the default "no", which cannot loop. */
	const cs_rt_text *t = &s->restart;
	if (!t->v || cs_rtu_unresolved(t->v) || restart_ok(t->v))
		return true;
	cs_rt_report(c, &t->loc, t->v,
		     CS_RTU_WHO " restarts with policy '%s', without a "
		     "maximum of 5 retries: a crash loop restarts it forever",
		     CS_RTU_WHO_ARGS(s), t->v);
	return true;
}

/* ---- RT-HEALTH ----------------------------------------------------------- */

/* Pods of Jobs and CronJobs run to completion: probes do not fit them. */
static bool runs_to_completion(const cs_rt_spec *s)
{
	const char *kind = s->pod && s->pod->obj ? s->pod->obj->kind : NULL;
	return kind && (strcmp(kind, "Job") == 0 ||
			strcmp(kind, "CronJob") == 0);
}

static bool check_health_compose(cs_rt_check *c)
{
	const cs_rt_spec *s = c->spec;
	const cs_rt_probe *h = &s->healthcheck;
	if (!h->set) {
		cs_rt_report(c, NULL, "healthcheck",
			     CS_RTU_WHO " has no healthcheck, and its image "
			     "has none that can be seen here",
			     CS_RTU_WHO_ARGS(s));
		return true;
	}
	if (!h->disabled)
		return true;
	if (h->loc.file)
		cs_rt_report(c, &h->loc, "HEALTHCHECK NONE",
			     CS_RTU_WHO " is built from '%s', which disables "
			     "the health check (HEALTHCHECK NONE)",
			     CS_RTU_WHO_ARGS(s), h->loc.file);
	else
		cs_rt_report(c, &h->loc, "disable",
			     CS_RTU_WHO " disables its healthcheck",
			     CS_RTU_WHO_ARGS(s));
	return true;
}

static bool check_health(cs_rt_check *c)
{
	const cs_rt_spec *s = c->spec;
	if (cs_rtu_compose(s))
		return check_health_compose(c);
	if (s->role == CS_RT_INIT || s->role == CS_RT_EPHEMERAL ||
	    runs_to_completion(s))
		return false;
	bool live = !s->liveness.set, ready = !s->readiness.set;
	if (!live && !ready)
		return true;
	const char *what = live && ready ? "livenessProbe,readinessProbe"
			   : live        ? "livenessProbe"
					 : "readinessProbe";
	cs_rt_report(c, NULL, what,
		     CS_RTU_WHO " has no %s%s%s",
		     CS_RTU_WHO_ARGS(s), live ? "livenessProbe" : "",
		     live && ready ? " and no " : "",
		     ready ? "readinessProbe" : "");
	return true;
}

/* ---- the table ----------------------------------------------------------- */

static const cs_rule rows[] = {
	{
		.id = "RT-MEM-LIMIT",
		.title = "Container without a memory limit",
		.severity = CS_SEV_MEDIUM,
		.targets = CS_TARGET_COMPOSE | CS_TARGET_K8S,
		.scope = CS_SCOPE_CONTAINER,
		.rationale =
			"Without a memory limit a container can take all the "
			"memory of its host: a leak or a hostile request "
			"then ends in the kernel's OOM killer picking "
			"victims among every container on the node, and on "
			"Kubernetes the pod lands in the BestEffort or "
			"Burstable class, first to be evicted.  Compose: "
			"mem_limit or deploy.resources.limits.memory; "
			"Kubernetes: resources.limits.memory of every "
			"container, sidecar and init container (ephemeral "
			"containers cannot declare resources).  A limit of "
			"0 or -1 is reported too: docker reads it as "
			"unlimited.  A value left to an unset ${VAR} is "
			"not judged.",
		.remediation =
			"Set a memory limit sized from the service's "
			"observed peak plus headroom.",
		.example =
			"# Compose\n"
			"services:\n"
			"  app:\n"
			"    image: registry.example.com/app:1.4.2\n"
			"    mem_limit: 512m\n"
			"# Kubernetes\n"
			"containers:\n"
			"  - name: app\n"
			"    image: registry.example.com/app:1.4.2\n"
			"    resources:\n"
			"      limits:\n"
			"        memory: 512Mi",
		.cis = "CIS Docker 1.6 5.11",
		.nist = "",
		.owasp = "OWASP Docker Top 10 D07",
		.hadolint = "",
		.trivy = "KSV-0018",
		.checkov = "CKV_K8S_13",
		.kics = "Memory Not Limited, Memory Limits Not Defined",
		.kube_linter = "unset-memory-requirements",
		.pss = "",
		.check_rt = check_mem_limit,
	},
	{
		.id = "RT-CPU-LIMIT",
		.title = "Container without a CPU limit",
		.severity = CS_SEV_LOW,
		.targets = CS_TARGET_COMPOSE | CS_TARGET_K8S,
		.scope = CS_SCOPE_CONTAINER,
		.rationale =
			"A container without a CPU bound can starve its "
			"neighbours under load.  The harm is smaller than "
			"for memory (CPU is throttled, not killed), hence "
			"low.  Compose: cpus, cpu_quota, "
			"deploy.resources.limits.cpus, or cpu_shares, the "
			"relative weight CIS Docker 5.12 asks for; "
			"Kubernetes: resources.limits.cpu of every "
			"container, sidecar and init container (not "
			"ephemeral containers, which cannot declare "
			"resources).  Some operators leave CPU limits off "
			"on purpose to avoid throttling and rely on "
			"requests: waive the rule for them with a reason.  "
			"A value of 0 or -1 is reported as no limit.",
		.remediation =
			"Set a CPU limit (or, in Compose, a cpu_shares "
			"weight) that fits the service.",
		.example =
			"# Compose\n"
			"services:\n"
			"  app:\n"
			"    image: registry.example.com/app:1.4.2\n"
			"    cpus: \"0.5\"\n"
			"# Kubernetes\n"
			"containers:\n"
			"  - name: app\n"
			"    image: registry.example.com/app:1.4.2\n"
			"    resources:\n"
			"      limits:\n"
			"        cpu: 500m",
		.cis = "CIS Docker 1.6 5.12",
		.nist = "",
		.owasp = "OWASP Docker Top 10 D07",
		.hadolint = "",
		.trivy = "KSV-0011",
		.checkov = "CKV_K8S_11",
		.kics = "Cpus Not Limited, CPU Limits Not Set",
		.kube_linter = "unset-cpu-requirements",
		.pss = "",
		.check_rt = check_cpu_limit,
	},
	{
		.id = "RT-REQUESTS",
		.title = "Kubernetes container without CPU or memory requests",
		.severity = CS_SEV_LOW,
		.targets = CS_TARGET_K8S,
		.scope = CS_SCOPE_CONTAINER,
		.rationale =
			"The scheduler places pods by their requests: a "
			"container that requests nothing is packed onto "
			"nodes that cannot carry it and is the first "
			"evicted under pressure.  Kubernetes defaults a "
			"request to the limit when only the limit is "
			"written, so a container with limits.memory has a "
			"memory request and passes; only a resource with "
			"neither is reported (unlike Checkov and Trivy, "
			"which ask for the requests key itself).  Applies "
			"to containers, sidecars and init containers, not "
			"to ephemeral containers.",
		.remediation =
			"Set resources.requests.cpu and "
			"resources.requests.memory from the container's "
			"usage under normal load.",
		.example =
			"containers:\n"
			"  - name: app\n"
			"    image: registry.example.com/app:1.4.2\n"
			"    resources:\n"
			"      requests:\n"
			"        cpu: 100m\n"
			"        memory: 256Mi\n"
			"      limits:\n"
			"        memory: 512Mi",
		.cis = "",
		.nist = "",
		.owasp = "OWASP Docker Top 10 D07",
		.hadolint = "",
		.trivy = "KSV-0015,KSV-0016",
		.checkov = "CKV_K8S_10,CKV_K8S_12",
		.kics = "CPU Requests Not Set, Memory Requests Not Defined",
		.kube_linter = "unset-cpu-requirements,"
			       "unset-memory-requirements",
		.pss = "",
		.check_rt = check_requests,
	},
	{
		.id = "RT-PIDS",
		.title = "Compose service without a PID limit",
		.severity = CS_SEV_MEDIUM,
		.targets = CS_TARGET_COMPOSE,
		.scope = CS_SCOPE_CONTAINER,
		.rationale =
			"PIDs are a host-wide resource: a fork bomb in a "
			"container without pids_limit fills the host's "
			"process table and stops every other container and "
			"the daemon from starting processes.  pids_limit "
			"(or deploy.resources.limits.pids) unset, 0 or -1 "
			"is reported.  Kubernetes sets PID limits per node "
			"(kubelet podPidsLimit), not in manifests, so the "
			"rule is Compose only.",
		.remediation =
			"Set pids_limit to a bound well above the service's "
			"normal process count (100 to a few thousand).",
		.example =
			"services:\n"
			"  app:\n"
			"    image: registry.example.com/app:1.4.2\n"
			"    pids_limit: 200",
		.cis = "CIS Docker 1.6 5.29",
		.nist = "",
		.owasp = "OWASP Docker Top 10 D07",
		.hadolint = "",
		.trivy = "",
		.checkov = "",
		.kics = "Pids Limit Not Set",
		.kube_linter = "",
		.pss = "",
		.check_rt = check_pids,
	},
	{
		.id = "RT-CGROUP",
		.title = "Compose service placed in a custom parent cgroup",
		.severity = CS_SEV_LOW,
		.targets = CS_TARGET_COMPOSE,
		.scope = CS_SCOPE_CONTAINER,
		.rationale =
			"cgroup_parent moves the container out of the cgroup "
			"tree the engine manages, into one whose limits "
			"(or lack of them) are set elsewhere, outside this "
			"file.  CIS Docker 5.25 asks that it be used only "
			"when needed and reviewed.  Low: it is rarely an "
			"attack, mostly a lost guarantee.",
		.remediation =
			"Remove cgroup_parent and set the service's limits "
			"(mem_limit, cpus, pids_limit) directly.",
		.example =
			"services:\n"
			"  app:\n"
			"    image: registry.example.com/app:1.4.2\n"
			"    mem_limit: 512m\n"
			"    pids_limit: 200",
		.cis = "CIS Docker 1.6 5.25",
		.nist = "",
		.owasp = "",
		.hadolint = "",
		.trivy = "",
		.checkov = "",
		.kics = "Cgroup Not Default",
		.kube_linter = "",
		.pss = "",
		.check_rt = check_cgroup,
	},
	{
		.id = "RT-RESTART",
		.title = "Compose restart policy without a retry maximum",
		.severity = CS_SEV_LOW,
		.targets = CS_TARGET_COMPOSE,
		.scope = CS_SCOPE_CONTAINER,
		.rationale =
			"A container that restarts forever turns a crash "
			"into a loop that burns CPU, fills logs and can be "
			"driven by an attacker who can crash it (CIS Docker "
			"5.15 recommends on-failure with at most 5 "
			"retries).  Passes: on-failure:N with N from 1 to "
			"5, deploy.restart_policy with condition on-failure "
			"and max_attempts of 1 to 5, \"no\" (condition "
			"none), and no restart at all (the default is "
			"\"no\": it cannot loop).  Reported: always, "
			"unless-stopped, condition any, on-failure without "
			"a count, "
			"on-failure:0 (no maximum to docker) and counts "
			"above 5.  Kubernetes restarts pods with back-off "
			"and is not judged here.",
		.remediation =
			"Use `restart: on-failure:5` (or "
			"deploy.restart_policy with condition on-failure "
			"and max_attempts: 5), and let an orchestrator "
			"handle long-term availability.",
		.example =
			"services:\n"
			"  app:\n"
			"    image: registry.example.com/app:1.4.2\n"
			"    restart: on-failure:5",
		.cis = "CIS Docker 1.6 5.15",
		.nist = "",
		.owasp = "",
		.hadolint = "",
		.trivy = "",
		.checkov = "",
		.kics = "Restart Policy On Failure Not Set To 5",
		.kube_linter = "",
		.pss = "",
		.check_rt = check_restart,
	},
	{
		.id = "RT-HEALTH",
		.title = "Container without a health check or probes",
		.severity = CS_SEV_LOW,
		.targets = CS_TARGET_COMPOSE | CS_TARGET_K8S,
		.scope = CS_SCOPE_CONTAINER,
		.rationale =
			"Without a health check a hung process looks "
			"running: nothing restarts it and traffic keeps "
			"flowing to it, which turns a stuck or compromised "
			"service into an outage nobody is told about.  "
			"Compose: a service needs a healthcheck, unless the "
			"Dockerfile it is built from has a HEALTHCHECK; "
			"`disable: true`, `test: [\"NONE\"]` and a "
			"HEALTHCHECK NONE in that Dockerfile are reported.  "
			"A pulled image may carry its own HEALTHCHECK, "
			"which cannot be seen from the Compose file: state "
			"it in the file, or waive the rule.  Kubernetes: "
			"every container and sidecar needs a livenessProbe "
			"and a readinessProbe (a startupProbe does not "
			"replace them); init and ephemeral containers and "
			"the pods of Jobs and CronJobs are not judged, "
			"since they run to completion.",
		.remediation =
			"Add a healthcheck (Compose) or liveness and "
			"readiness probes (Kubernetes) that exercise the "
			"service itself.",
		.example =
			"# Compose\n"
			"services:\n"
			"  app:\n"
			"    image: registry.example.com/app:1.4.2\n"
			"    healthcheck:\n"
			"      test: [\"CMD\", \"/app/healthz\"]\n"
			"      interval: 30s\n"
			"# Kubernetes\n"
			"containers:\n"
			"  - name: app\n"
			"    image: registry.example.com/app:1.4.2\n"
			"    livenessProbe:\n"
			"      httpGet: {path: /healthz, port: 8080}\n"
			"    readinessProbe:\n"
			"      httpGet: {path: /ready, port: 8080}",
		.cis = "CIS Docker 1.6 5.27",
		.nist = "",
		.owasp = "",
		.hadolint = "",
		.trivy = "",
		.checkov = "CKV_K8S_8,CKV_K8S_9",
		.kics = "Healthcheck Not Set, Liveness Probe Is Not Defined, "
			"Readiness Probe Is Not Configured",
		.kube_linter = "no-liveness-probe,no-readiness-probe",
		.pss = "",
		.check_rt = check_health,
	},
};

const cs_rule_family cs_family_rt_ops = {"rt-ops", rows, CS_COUNT(rows)};

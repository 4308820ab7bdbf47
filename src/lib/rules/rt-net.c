/*
 * rt-net.c - which ports a container opens, and to whom.
 *
 * The port rules read the ports of the container spec (runtime.h): a
 * Compose `ports:` entry in its short ("127.0.0.1:8080:80/tcp") or long
 * form, a Kubernetes containerPort with its hostPort and hostIP.  A
 * Compose port is "published" when it has a host side; a Kubernetes one
 * when hostPort is set, which opens the port on the node itself, around
 * Services and NetworkPolicies.
 *
 * Every finding points at the port entry (or its published / hostPort
 * field when that is the problem) and quotes it as written.  A port range
 * is judged by the ports it covers.  Text is built only for a finding.
 */
#include "registry.h"

#include <inttypes.h>
#include <string.h>
#include <strings.h>

#include "rt-util.h"

/* Does [lo, hi] (hi < lo meaning hi == lo) contain v? */
static bool range_has(int64_t lo, int64_t hi, int64_t v)
{
	if (lo <= 0)
		return false;
	if (hi < lo)
		hi = lo;
	return lo <= v && v <= hi;
}

/* "8000" or "8000-8010". */
static const char *range_text(cs_rt_check *c, int64_t lo, int64_t hi)
{
	if (hi > lo)
		return cs_arena_printf(c->arena, "%" PRId64 "-%" PRId64, lo,
				       hi);
	return cs_arena_printf(c->arena, "%" PRId64, lo);
}

/*
 * The port as written (Compose short syntax), else spelled the way the
 * short syntax would ("127.0.0.1:8080:80/udp") so that a long-syntax
 * entry or a Kubernetes port reads the same in a message.
 */
static const char *port_text(cs_rt_check *c, const cs_rt_port *p)
{
	if (p->raw && *p->raw)
		return p->raw;
	const char *cont = range_text(c, p->container_port,
				      p->container_port_end);
	bool other = p->protocol && strcasecmp(p->protocol, "tcp") != 0;
	const char *t;
	if (p->published && p->host_port > 0)
		t = cs_arena_printf(c->arena, "%s%s%s:%s%s%s",
				    p->host_ip ? p->host_ip : "",
				    p->host_ip ? ":" : "",
				    range_text(c, p->host_port,
					       p->host_port_end),
				    cont ? cont : "", other ? "/" : "",
				    other ? p->protocol : "");
	else
		t = cs_arena_printf(c->arena, "%s%s%s", cont ? cont : "",
				    other ? "/" : "", other ? p->protocol : "");
	return t ? t : "";
}

/* Where a finding about the host side of a port points. */
static const cs_loc *host_at(const cs_rt_port *p)
{
	return cs_loc_set(&p->host_port_loc) ? &p->host_port_loc : &p->loc;
}

/* ---- RT-HOST-PORT -------------------------------------------------------- */

static bool check_host_port(cs_rt_check *c)
{
	const cs_rt_spec *s = c->spec;
	if (!cs_rtu_k8s(s))
		return false;
	for (size_t i = 0; i < s->ports.n; i++) {
		const cs_rt_port *p = &s->ports.v[i];
		if (!p->published || p->host_port == 0)
			continue;
		const char *v = cs_arena_printf(c->arena, "%" PRId64,
						p->host_port);
		cs_rt_report(c, host_at(p), v ? v : "",
			     CS_RTU_WHO " sets hostPort: %" PRId64 " "
			     "(containerPort %" PRId64 "): the port opens on "
			     "the node itself, bypassing Services and "
			     "NetworkPolicies, and ties the pod to nodes where "
			     "it is free",
			     CS_RTU_WHO_ARGS(s), p->host_port,
			     p->container_port);
	}
	return true;
}

/* ---- RT-PORT-PRIV -------------------------------------------------------- */

static bool check_port_priv(cs_rt_check *c)
{
	const cs_rt_spec *s = c->spec;
	bool k8s = cs_rtu_k8s(s);
	for (size_t i = 0; i < s->ports.n; i++) {
		const cs_rt_port *p = &s->ports.v[i];
		if (!k8s && p->published && p->host_port > 0 &&
		    p->host_port < 1024) {
			const char *t = port_text(c, p);
			cs_rt_report(c, host_at(p), t,
				     CS_RTU_WHO " publishes the privileged "
				     "host port %" PRId64 " ('%s'): ports "
				     "below 1024 are reserved for the host's "
				     "system services",
				     CS_RTU_WHO_ARGS(s), p->host_port, t);
			continue;
		}
		if (p->container_port <= 0 || p->container_port >= 1024)
			continue;
		const char *t = port_text(c, p);
		if (k8s)
			cs_rt_report(c, &p->loc, t,
				     CS_RTU_WHO " listens on the privileged "
				     "containerPort %" PRId64 ": binding a "
				     "port below 1024 needs root or "
				     "NET_BIND_SERVICE",
				     CS_RTU_WHO_ARGS(s), p->container_port);
		else
			cs_rt_report(c, &p->loc, t,
				     CS_RTU_WHO " listens on the privileged "
				     "port %" PRId64 " ('%s'): binding a port "
				     "below 1024 needs root or "
				     "NET_BIND_SERVICE",
				     CS_RTU_WHO_ARGS(s), p->container_port, t);
	}
	return s->ports.n > 0;
}

/* ---- RT-BIND-ALL --------------------------------------------------------- */

/* A host IP that means every interface. */
static bool any_address(const char *ip)
{
	return !ip || !*ip || !strcmp(ip, "0.0.0.0") || !strcmp(ip, "::") ||
	       !strcmp(ip, "[::]");
}

static bool check_bind_all(cs_rt_check *c)
{
	const cs_rt_spec *s = c->spec;
	if (!cs_rtu_compose(s))
		return false;
	bool any = false;
	for (size_t i = 0; i < s->ports.n; i++) {
		const cs_rt_port *p = &s->ports.v[i];
		if (!p->published)
			continue;
		any = true;
		if (!any_address(p->host_ip) || cs_rtu_unresolved(p->host_ip))
			continue;
		const char *t = port_text(c, p);
		if (p->host_ip && *p->host_ip)
			cs_rt_report(c, &p->loc, t,
				     CS_RTU_WHO " publishes '%s' on %s: "
				     "every interface of the host, the "
				     "outside one included",
				     CS_RTU_WHO_ARGS(s), t, p->host_ip);
		else
			cs_rt_report(c, &p->loc, t,
				     CS_RTU_WHO " publishes '%s' with no "
				     "host IP: Docker binds it on every "
				     "interface of the host, the outside one "
				     "included, and around the host's "
				     "firewall",
				     CS_RTU_WHO_ARGS(s), t);
	}
	return any;
}

/* ---- RT-SSH-PORT --------------------------------------------------------- */

static bool check_ssh_port(cs_rt_check *c)
{
	const cs_rt_spec *s = c->spec;
	for (size_t i = 0; i < s->ports.n; i++) {
		const cs_rt_port *p = &s->ports.v[i];
		/* SSH is TCP only. */
		if (p->protocol && strcasecmp(p->protocol, "tcp") != 0)
			continue;
		bool inside = range_has(p->container_port,
					p->container_port_end, 22);
		bool host = p->published &&
			    range_has(p->host_port, p->host_port_end, 22);
		if (!inside && !host)
			continue;
		const char *t = port_text(c, p);
		const char *where = inside ? "opens the SSH port 22"
					   : "publishes the SSH port 22 on the "
					     "host";
		cs_rt_report(c, inside ? &p->loc : host_at(p), t,
			     CS_RTU_WHO " %s ('%s'): a container should "
			     "not run an SSH server; use docker exec / "
			     "kubectl exec",
			     CS_RTU_WHO_ARGS(s), where, t);
	}
	return s->ports.n > 0;
}

/* ---- the rules ----------------------------------------------------------- */

static const cs_rule rows[] = {
	{
		.id = "RT-HOST-PORT",
		.title = "The container opens a port on its node",
		.severity = CS_SEV_MEDIUM,
		.targets = CS_TARGET_K8S,
		.scope = CS_SCOPE_CONTAINER,
		.rationale =
			"A hostPort opens the port on the node's own "
			"addresses: traffic reaches the pod without a "
			"Service, around NetworkPolicies on many network "
			"plugins, and the pod can only run where the port is "
			"free.  The baseline Pod Security Standard forbids "
			"it.  Trivy rates it high; customs medium, like the "
			"Pod Security Standards' baseline and CIS (it widens "
			"exposure, it does not grant privileges).",
		.remediation =
			"Remove hostPort and expose the container through a "
			"Service (ClusterIP, or NodePort / LoadBalancer "
			"when it must be reachable from outside).",
		.example =
			"containers:\n"
			"  - name: web\n"
			"    image: registry.example.com/web:1.4.2\n"
			"    ports:\n"
			"      - containerPort: 8080",
		.cis = "CIS Kubernetes 1.8 5.2.13",
		.nist = "",
		.owasp = "",
		.hadolint = "",
		.trivy = "KSV-0024",
		.checkov = "CKV_K8S_26",
		.kics = "Image Host Port Not Specified",
		.kube_linter = "",
		.pss = "baseline",
		.check_rt = check_host_port,
	},
	{
		.id = "RT-PORT-PRIV",
		.title = "The container uses a privileged port",
		.severity = CS_SEV_LOW,
		.targets = CS_TARGET_COMPOSE | CS_TARGET_K8S,
		.scope = CS_SCOPE_CONTAINER,
		.rationale =
			"Ports below 1024 are privileged: binding one needs "
			"root or NET_BIND_SERVICE inside the container, so a "
			"service that listens on 80 is usually run as root "
			"or keeps a capability it would not otherwise need; "
			"on the host side they are the system services' "
			"ports.  customs follows the catalogue: a Compose "
			"port is reported when its published (host) port or, "
			"failing that, its target port is below 1024 (KICS "
			"checks the host side, CIS Docker 5.8); a Kubernetes "
			"one when its containerPort is (Trivy, kube-linter).  "
			"Low severity: it is a hint towards running as "
			"non-root.",
		.remediation =
			"Listen on an unprivileged port (8080, 8443) inside "
			"the container and map it: Compose "
			"\"8080:8080\", or a Kubernetes Service with "
			"port: 80 and targetPort: 8080.",
		.example =
			"# Compose\n"
			"services:\n"
			"  web:\n"
			"    image: registry.example.com/web:1.4.2\n"
			"    ports: [\"127.0.0.1:8080:8080\"]\n"
			"# Kubernetes\n"
			"containers:\n"
			"  - name: web\n"
			"    ports:\n"
			"      - containerPort: 8080",
		.cis = "CIS Docker 1.6 5.8",
		.nist = "",
		.owasp = "",
		.hadolint = "",
		.trivy = "KSV-0117",
		.checkov = "",
		.kics = "Privileged Ports Mapped In Container",
		.kube_linter = "privileged-ports",
		.pss = "",
		.check_rt = check_port_priv,
	},
	{
		.id = "RT-BIND-ALL",
		.title = "A published port listens on every host interface",
		.severity = CS_SEV_MEDIUM,
		.targets = CS_TARGET_COMPOSE,
		.scope = CS_SCOPE_CONTAINER,
		.rationale =
			"A Compose port published without a host IP, or on "
			"0.0.0.0 / ::, listens on every interface of the "
			"host, the public one included, and Docker's own "
			"iptables rules let the traffic in ahead of the "
			"host's firewall (ufw, firewalld).  Databases and "
			"admin consoles published this way for local "
			"development are a classic exposure.  Ports that "
			"are not published (expose:, or a target only) and "
			"a host IP that is an unresolved ${VAR} are not "
			"reported.",
		.remediation =
			"Bind published ports to the interface they are "
			"meant for: \"127.0.0.1:5432:5432\" for local use, "
			"the private address for internal services; put a "
			"reverse proxy in front of public ones.",
		.example =
			"services:\n"
			"  db:\n"
			"    image: registry.example.com/postgres:16.4\n"
			"    ports:\n"
			"      - \"127.0.0.1:5432:5432\"",
		.cis = "CIS Docker 1.6 5.14",
		.nist = "",
		.owasp = "OWASP Docker Top 10 D03",
		.hadolint = "",
		.trivy = "",
		.checkov = "",
		.kics = "Container Traffic Not Bound To Host Interface",
		.kube_linter = "",
		.pss = "",
		.check_rt = check_bind_all,
	},
	{
		.id = "RT-SSH-PORT",
		.title = "The container opens the SSH port",
		.severity = CS_SEV_MEDIUM,
		.targets = CS_TARGET_COMPOSE | CS_TARGET_K8S,
		.scope = CS_SCOPE_CONTAINER,
		.rationale =
			"Port 22 in a container means an SSH server runs in "
			"it: one more daemon, usually as root, with keys or "
			"passwords baked into the image, that bypasses the "
			"runtime's audited exec path.  Reported for a TCP "
			"container port 22 (Compose target, Kubernetes "
			"containerPort) or a published host port 22; UDP and "
			"SCTP ports are not SSH.  A Git server that serves "
			"SSH on purpose can suppress the finding.",
		.remediation =
			"Remove the SSH server and port; use docker exec / "
			"kubectl exec (or kubectl debug) to get a shell, and "
			"a dedicated bastion for SSH access.",
		.example =
			"# Compose\n"
			"services:\n"
			"  app:\n"
			"    image: registry.example.com/app:1.4.2\n"
			"    ports: [\"127.0.0.1:8080:8080\"]\n"
			"# Kubernetes\n"
			"containers:\n"
			"  - name: app\n"
			"    ports:\n"
			"      - containerPort: 8080",
		.cis = "CIS Docker 1.6 5.7",
		.nist = "",
		.owasp = "",
		.hadolint = "",
		.trivy = "DS-0004",
		.checkov = "CKV_DOCKER_1",
		.kics = "",
		.kube_linter = "ssh-port",
		.pss = "",
		.check_rt = check_ssh_port,
	},
};

const cs_rule_family cs_family_rt_net = {"rt-net", rows, CS_COUNT(rows)};

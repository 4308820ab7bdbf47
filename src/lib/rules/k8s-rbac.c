/*
 * k8s-rbac.c - what Roles grant, and to whom bindings grant it.
 *
 * Most of these rules ask one question of a Role or ClusterRole: does one of
 * its rules[] items grant verb V on resource R of API group G?  grants()
 * answers it the way the RBAC authorizer does:
 *
 *   - `*` in verbs, resources or apiGroups matches everything, so a wildcard
 *     role fires K8S-RBAC-WILDCARD and also every rule below whose grant it
 *     implies;
 *   - a subresource ("pods/exec") is matched by itself, by `*`, by a star
 *     resource with the same subresource (the authorizer's form) and by
 *     `pods/` plus a star (which the authorizer does not honour today, but
 *     its intent is plain and a webhook authorizer may, so it counts);
 *   - the core group is "", and a resource is looked up in every group that
 *     serves it (deployments in apps and the legacy extensions);
 *   - a rule without apiGroups is rejected by the API server; its author
 *     clearly meant the group of the resources it names, so it matches any
 *     group rather than hide what it was meant to grant;
 *   - a rule restricted by resourceNames reaches only the objects it names
 *     (and never grants create, which has no name to match): that is the
 *     least-privilege form these rules recommend, so it is not reported,
 *     except by the aws-auth branch of K8S-RBAC-OTHER, which is about one
 *     named object;
 *   - a Role is namespaced and cannot grant cluster-scoped resources
 *     (nodes, persistentvolumes, CSRs, webhook configurations,
 *     clusterrolebindings): a Role that lists them grants nothing there;
 *   - an aggregated ClusterRole has its rules written by the controller from
 *     other roles, so rules about its contents do not apply to it.
 *
 * Each rules[] item yields at most one finding per rule (one per branch for
 * K8S-RBAC-OTHER), at the resources entry that grants it (the verbs entry
 * for bind/escalate/impersonate), so a role that grants secrets through
 * both `*` and `secrets` in one item is told once.  Messages and values are
 * only formatted when a finding is reported.
 */
#include "registry.h"

#include <string.h>

static bool streq(const char *a, const char *b)
{
	return a && b && strcmp(a, b) == 0;
}

static bool in_list(const char *w, const char *const *list)
{
	for (size_t i = 0; list[i]; i++)
		if (streq(w, list[i]))
			return true;
	return false;
}

static bool is_role(const cs_k8s_object *o)
{
	return (streq(o->kind, "Role") || streq(o->kind, "ClusterRole")) &&
	       !o->aggregated;
}

static bool is_binding(const cs_k8s_object *o)
{
	return streq(o->kind, "RoleBinding") ||
	       streq(o->kind, "ClusterRoleBinding");
}

static const char *name_of(const cs_k8s_object *o)
{
	return o->name ? o->name : "(unnamed)";
}

/* ---- the matcher --------------------------------------------------------- */

/* A resource as a request names it. */
typedef struct target {
	const char *const *groups;   /* the API groups that serve it */
	const char *name;            /* "secrets", "pods/exec" */
	bool cluster;                /* cluster-scoped: no Role grants it */
} target;

static const char *const g_core[] = {"", NULL};
static const char *const g_apps[] = {"apps", "extensions", NULL};
static const char *const g_apps_only[] = {"apps", NULL};
static const char *const g_batch[] = {"batch", NULL};
static const char *const g_rbac[] = {"rbac.authorization.k8s.io", NULL};
static const char *const g_admission[] = {"admissionregistration.k8s.io",
					  NULL};
static const char *const g_certs[] = {"certificates.k8s.io", NULL};
static const char *const g_net[] = {"networking.k8s.io", "extensions", NULL};
static const char *const g_discovery[] = {"discovery.k8s.io", NULL};
static const char *const g_authn[] = {"authentication.k8s.io", NULL};

static const char *const v_read[] = {"get", "list", "watch", NULL};
static const char *const v_create[] = {"create", NULL};
static const char *const v_write[] = {"create", "update", "patch", NULL};
static const char *const v_update[] = {"update", "patch", NULL};
static const char *const v_manage[] = {"create", "update", "patch", "delete",
				       "deletecollection", NULL};
static const char *const v_delete[] = {"delete", "deletecollection", NULL};
static const char *const v_exec[] = {"create", "get", NULL};
static const char *const v_approve[] = {"approve", NULL};
static const char *const v_escalate[] = {"bind", "escalate", "impersonate",
					 NULL};

/* What grants() found. */
typedef struct grant {
	const cs_k8s_rbac_rule *rule;
	const cs_rt_text *verb;      /* the verbs entry that grants */
	const cs_rt_text *res;       /* the resources entry that grants */
	const char *want;            /* the verb asked for that it grants */
	const target *t;
} grant;

static bool group_matches(const cs_k8s_rbac_rule *r, const char *const *groups)
{
	if (r->api_groups.n == 0)
		return true;
	for (size_t i = 0; i < r->api_groups.n; i++) {
		const char *g = r->api_groups.v[i].v;
		if (streq(g, "*") || (g && in_list(g, groups)))
			return true;
	}
	return false;
}

/* The first verbs entry granting one of `verbs` (NULL: any verb). */
static const cs_rt_text *verb_matches(const cs_k8s_rbac_rule *r,
				      const char *const *verbs)
{
	for (size_t i = 0; i < r->verbs.n; i++) {
		const char *v = r->verbs.v[i].v;
		if (!v || !*v)
			continue;
		if (streq(v, "*") || !verbs || in_list(v, verbs))
			return &r->verbs.v[i];
	}
	return NULL;
}

/* The first verbs entry that is one of `verbs`, not through `*`. */
static const cs_rt_text *written_verb(const cs_k8s_rbac_rule *r,
				      const char *const *verbs)
{
	for (size_t i = 0; i < r->verbs.n; i++)
		if (r->verbs.v[i].v && in_list(r->verbs.v[i].v, verbs))
			return &r->verbs.v[i];
	return NULL;
}

/* Does the resources entry `e` cover `name` ("secrets", "pods/exec")? */
static bool resource_covers(const char *e, const char *name)
{
	if (streq(e, "*") || streq(e, name))
		return true;
	const char *slash = strchr(name, '/');
	if (!slash)
		return false;
	size_t n = (size_t)(slash - name);
	if (e[0] == '*' && e[1] == '/' && streq(e + 2, slash + 1))
		return true;
	return strncmp(e, name, n) == 0 && e[n] == '/' && streq(e + n + 1, "*");
}

static const cs_rt_text *resource_matches(const cs_k8s_rbac_rule *r,
					  const char *name)
{
	for (size_t i = 0; i < r->resources.n; i++) {
		const char *e = r->resources.v[i].v;
		if (e && resource_covers(e, name))
			return &r->resources.v[i];
	}
	return NULL;
}

/*
 * Does rule item r of role o grant one of `verbs` (NULL: any) on one of the
 * nt targets, whatever its resourceNames say?  Fills g with the first hit.
 */
static bool grants_named(const cs_k8s_object *o, const cs_k8s_rbac_rule *r,
			 const char *const *verbs, const target *t, size_t nt,
			 grant *g)
{
	const cs_rt_text *verb = verb_matches(r, verbs);
	if (!verb)
		return false;
	bool role = streq(o->kind, "Role");
	for (size_t i = 0; i < nt; i++) {
		if ((role && t[i].cluster) || !group_matches(r, t[i].groups))
			continue;
		const cs_rt_text *res = resource_matches(r, t[i].name);
		if (!res)
			continue;
		*g = (grant){
			.rule = r,
			.verb = verb,
			.res = res,
			.want = streq(verb->v, "*") && verbs ? verbs[0]
							       : verb->v,
			.t = &t[i],
		};
		return true;
	}
	return false;
}

/* The same, for a grant not narrowed by resourceNames. */
static bool grants(const cs_k8s_object *o, const cs_k8s_rbac_rule *r,
		   const char *const *verbs, const target *t, size_t nt,
		   grant *g)
{
	return r->resource_names.n == 0 &&
	       grants_named(o, r, verbs, t, nt, g);
}

static const cs_loc *loc_or(const cs_loc *l, const cs_loc *fallback)
{
	return cs_loc_set(l) ? l : fallback;
}

/*
 * Report a grant at its resources entry: "ClusterRole 'ops' grants get on
 * secrets: why", or through wildcards "grants * on secrets, which includes
 * get: why", "grants list on *, which includes secrets: why", "grants * on
 * *, which includes get on secrets: why".
 */
static void report_grant(cs_k8s_check *c, const grant *g, const char *why)
{
	const cs_k8s_object *o = c->obj;
	const char *value =
		cs_arena_printf(c->arena, "%s %s", g->want, g->t->name);
	const cs_loc *at = loc_or(&g->res->loc, &g->rule->loc);
	bool verb = streq(g->verb->v, g->want);
	bool res = streq(g->res->v, g->t->name);
	const char *incl;
	if (verb && res)
		incl = "";
	else if (verb)
		incl = cs_arena_printf(c->arena, ", which includes %s",
				       g->t->name);
	else if (res)
		incl = cs_arena_printf(c->arena, ", which includes %s",
				       g->want);
	else
		incl = cs_arena_printf(c->arena, ", which includes %s on %s",
				       g->want, g->t->name);
	cs_k8s_report(c, at, value, "%s '%s' grants %s on %s%s: %s", o->kind,
		      name_of(o), g->verb->v, g->res->v, incl ? incl : "",
		      why);
}

/* What a rule looks for: these verbs on these targets. */
typedef struct ask {
	const char *const *verbs;
	const target *t;
	size_t nt;
} ask;

/* Report the RBAC rule when it grants any of the asks: once, for the
 * first that it grants. */
static void report_asks(cs_k8s_check *c, const cs_k8s_rbac_rule *r,
			const ask *a, size_t na, const char *why)
{
	grant g;
	for (size_t i = 0; i < na; i++) {
		if (grants(c->obj, r, a[i].verbs, a[i].t, a[i].nt, &g)) {
			report_grant(c, &g, why);
			return;
		}
	}
}

/* The common shape: one finding per rules[] item that grants one of the
 * asks. */
static bool check_asks(cs_k8s_check *c, const ask *a, size_t na,
		       const char *why)
{
	const cs_k8s_object *o = c->obj;
	if (!is_role(o))
		return false;
	for (size_t i = 0; i < o->rbac_rules.n; i++)
		report_asks(c, &o->rbac_rules.v[i], a, na, why);
	return true;
}

static bool check_grant(cs_k8s_check *c, const char *const *verbs,
			const target *t, size_t nt, const char *why)
{
	const ask a = {verbs, t, nt};
	return check_asks(c, &a, 1, why);
}

/* ---- K8S-RBAC-WILDCARD --------------------------------------------------- */

static const cs_rt_text *first_star(const cs_rt_text *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (streq(v[i].v, "*"))
			return &v[i];
	return NULL;
}

static bool loc_before(const cs_rt_text *a, const cs_rt_text *b)
{
	if (!b)
		return true;
	if (a->loc.at.line != b->loc.at.line)
		return a->loc.at.line < b->loc.at.line;
	return a->loc.at.col < b->loc.at.col;
}

static bool check_wildcard(cs_k8s_check *c)
{
	static const char *const fields[] = {
		"",
		"apiGroups",
		"resources",
		"apiGroups and resources",
		"verbs",
		"apiGroups and verbs",
		"resources and verbs",
		"apiGroups, resources and verbs",
	};
	const cs_k8s_object *o = c->obj;
	if (!is_role(o))
		return false;
	for (size_t i = 0; i < o->rbac_rules.n; i++) {
		const cs_k8s_rbac_rule *r = &o->rbac_rules.v[i];
		const cs_rt_text *star[3] = {
			first_star(r->api_groups.v, r->api_groups.n),
			first_star(r->resources.v, r->resources.n),
			first_star(r->verbs.v, r->verbs.n),
		};
		const cs_rt_text *at = NULL;
		unsigned which = 0;
		for (unsigned k = 0; k < 3; k++) {
			if (!star[k])
				continue;
			which |= 1u << k;
			if (loc_before(star[k], at))
				at = star[k];
		}
		if (!at)
			continue;
		cs_k8s_report(c, loc_or(&at->loc, &r->loc), "*",
			      "%s '%s' uses '*' in %s: the rule grants every "
			      "match that exists now and any added later",
			      o->kind, name_of(o), fields[which]);
	}
	return true;
}

/* ---- K8S-RBAC-ADMIN ------------------------------------------------------ */

static bool check_admin(cs_k8s_check *c)
{
	const cs_k8s_object *o = c->obj;
	if (!is_binding(o))
		return false;
	const cs_rt_text *kind = &o->role_ref_kind, *name = &o->role_ref_name;
	if (!name->v)
		return false;
	const cs_loc *at = loc_or(&name->loc, &kind->loc);
	if (streq(kind->v, "ClusterRole") && streq(name->v, "cluster-admin")) {
		if (streq(o->kind, "ClusterRoleBinding"))
			cs_k8s_report(c, at, name->v,
				      "%s '%s' binds ClusterRole "
				      "'cluster-admin': its subjects can do "
				      "anything anywhere in the cluster",
				      o->kind, name_of(o));
		else
			cs_k8s_report(c, at, name->v,
				      "%s '%s' binds ClusterRole "
				      "'cluster-admin': its subjects can do "
				      "anything in namespace '%s'",
				      o->kind, name_of(o),
				      o->namespace ? o->namespace : "default");
		return true;
	}
	if (!streq(kind->v, "Role") && !streq(kind->v, "ClusterRole"))
		return true;
	/* The question outlives this call: the run answers it after every
	 * file is scanned. */
	cs_xref *x = cs_arena_alloc(c->arena, sizeof(*x));
	if (!x)
		return true;
	*x = (cs_xref){
		.kind = CS_XREF_ROLE_ADMIN,
		.ns = o->namespace ? o->namespace : "default",
		.name = name->v,
		.role_kind = kind->v,
	};
	cs_k8s_report_xref(c, x, at, name->v,
			   "%s '%s' binds %s '%s', which grants '*' verbs on "
			   "'*' resources: its subjects are administrators",
			   o->kind, name_of(o), kind->v, name->v);
	return true;
}

/* `*` verbs on `*` resources, not narrowed to named objects: what
 * cluster-admin grants, and what a binding's question asks about. */
bool cs_k8s_role_is_admin(const cs_k8s_object *o)
{
	if (o->aggregated)
		return false;
	for (size_t i = 0; i < o->rbac_rules.n; i++) {
		const cs_k8s_rbac_rule *r = &o->rbac_rules.v[i];
		if (r->resource_names.n == 0 &&
		    first_star(r->verbs.v, r->verbs.n) &&
		    first_star(r->resources.v, r->resources.n))
			return true;
	}
	return false;
}

/* ---- K8S-RBAC-SECRETS ---------------------------------------------------- */

static bool check_secrets(cs_k8s_check *c)
{
	static const target t[] = {{g_core, "secrets", false}};
	return check_grant(c, v_read, t, CS_COUNT(t),
			   "every Secret in its reach can be read, "
			   "service account tokens and credentials included");
}

/* ---- K8S-RBAC-PODS ------------------------------------------------------- */

static bool check_pods(cs_k8s_check *c)
{
	static const target pods[] = {{g_core, "pods", false}};
	static const target workloads[] = {
		{g_apps, "deployments", false},
		{g_apps, "daemonsets", false},
		{g_apps_only, "statefulsets", false},
		{g_apps, "replicasets", false},
		{g_batch, "jobs", false},
		{g_batch, "cronjobs", false},
		{g_core, "replicationcontrollers", false},
	};
	static const char why[] =
		"whoever can run a pod can mount any Secret and run as any "
		"service account of the namespace";
	const ask a[] = {
		{v_create, pods, CS_COUNT(pods)},
		{v_write, workloads, CS_COUNT(workloads)},
	};
	return check_asks(c, a, CS_COUNT(a), why);
}

/* ---- K8S-RBAC-EXEC ------------------------------------------------------- */

static bool check_exec(cs_k8s_check *c)
{
	static const target t[] = {
		{g_core, "pods/exec", false},
		{g_core, "pods/attach", false},
	};
	return check_grant(c, v_exec, t, CS_COUNT(t),
			   "it can run commands in running containers and "
			   "use whatever they hold");
}

/* ---- K8S-RBAC-ESCALATE --------------------------------------------------- */

static bool check_escalate(cs_k8s_check *c)
{
	/* What `*` verbs grant bind, escalate or impersonate on. */
	static const target roles[] = {
		{g_rbac, "roles", false},
		{g_rbac, "clusterroles", true},
		{g_core, "users", true},
		{g_core, "groups", true},
		{g_core, "serviceaccounts", false},
		{g_authn, "uids", true},
		{g_authn, "userextras/*", true},
	};
	static const target bindings[] = {
		{g_rbac, "rolebindings", false},
		{g_rbac, "clusterrolebindings", true},
	};
	static const char why[] =
		"it can give itself or anyone any permission";
	const ask a[] = {
		{v_escalate, roles, CS_COUNT(roles)},
		{v_write, bindings, CS_COUNT(bindings)},
	};
	const cs_k8s_object *o = c->obj;
	if (!is_role(o))
		return false;
	for (size_t i = 0; i < o->rbac_rules.n; i++) {
		const cs_k8s_rbac_rule *r = &o->rbac_rules.v[i];
		/* A bind/escalate/impersonate verb written out is the
		 * finding, whatever it is on; narrowed by resourceNames
		 * (bind only to 'view') is the recommended form. */
		const cs_rt_text *v = NULL;
		if (r->resources.n && !r->resource_names.n)
			v = written_verb(r, v_escalate);
		if (v) {
			const char *res = r->resources.v[0].v;
			cs_k8s_report(c, loc_or(&v->loc, &r->loc), v->v,
				      "%s '%s' grants %s on %s: %s", o->kind,
				      name_of(o), v->v, res ? res : "?", why);
			continue;
		}
		report_asks(c, r, a, CS_COUNT(a), why);
	}
	return true;
}

/* ---- K8S-RBAC-NODEPROXY -------------------------------------------------- */

static bool check_nodeproxy(cs_k8s_check *c)
{
	static const target t[] = {{g_core, "nodes/proxy", true}};
	return check_grant(c, NULL, t, CS_COUNT(t),
			   "the kubelet API behind it runs commands in every "
			   "pod of the node, unaudited");
}

/* ---- K8S-RBAC-CSR -------------------------------------------------------- */

static bool check_csr(cs_k8s_check *c)
{
	static const target approval[] = {
		{g_certs, "certificatesigningrequests/approval", true},
	};
	static const target signers[] = {{g_certs, "signers", true}};
	static const char why[] =
		"it can approve certificates for any identity, "
		"system:masters included";
	const ask a[] = {
		{v_update, approval, CS_COUNT(approval)},
		{v_approve, signers, CS_COUNT(signers)},
	};
	return check_asks(c, a, CS_COUNT(a), why);
}

/* ---- K8S-RBAC-WEBHOOK ---------------------------------------------------- */

static bool check_webhook(cs_k8s_check *c)
{
	static const char *const v_hook[] = {"create", "update", "patch",
					     "delete", NULL};
	static const target t[] = {
		{g_admission, "validatingwebhookconfigurations", true},
		{g_admission, "mutatingwebhookconfigurations", true},
	};
	return check_grant(c, v_hook, t, CS_COUNT(t),
			   "admission webhooks see and can rewrite or "
			   "silently allow every object sent to the API");
}

/* ---- K8S-RBAC-SATOKEN ---------------------------------------------------- */

static bool check_satoken(cs_k8s_check *c)
{
	static const target t[] = {{g_core, "serviceaccounts/token", false}};
	return check_grant(c, v_create, t, CS_COUNT(t),
			   "it can mint tokens for the service accounts in "
			   "its reach and act as them");
}

/* ---- K8S-RBAC-PV --------------------------------------------------------- */

static bool check_pv(cs_k8s_check *c)
{
	static const target t[] = {{g_core, "persistentvolumes", true}};
	return check_grant(c, v_create, t, CS_COUNT(t),
			   "a PersistentVolume can be a hostPath on the node, "
			   "which a claim then mounts");
}

/* ---- K8S-RBAC-SUBJECT ---------------------------------------------------- */

/* Why binding to subject s is dangerous, or NULL. */
static const char *subject_problem(const cs_k8s_subject *s)
{
	bool user = streq(s->kind, "User"), group = streq(s->kind, "Group");
	if (streq(s->name, "system:anonymous") && (user || group))
		return "every unauthenticated request gets the role";
	if (streq(s->name, "system:unauthenticated") && (user || group))
		return "every unauthenticated request gets the role";
	if (streq(s->name, "system:authenticated") && group)
		return "every authenticated identity gets the role, every "
		       "service account of the cluster included";
	if (streq(s->name, "system:masters") && group)
		return "the group bypasses RBAC and its members cannot be "
		       "revoked by removing a binding";
	return NULL;
}

/* The bootstrap discovery roles Kubernetes itself binds to everyone. */
static bool public_role(const cs_k8s_object *o)
{
	static const char *const roles[] = {"system:basic-user",
					    "system:discovery",
					    "system:public-info-viewer", NULL};
	return streq(o->role_ref_kind.v, "ClusterRole") &&
	       o->role_ref_name.v && in_list(o->role_ref_name.v, roles);
}

static bool check_subject(cs_k8s_check *c)
{
	const cs_k8s_object *o = c->obj;
	if (!is_binding(o))
		return false;
	for (size_t i = 0; i < o->subjects.n; i++) {
		const cs_k8s_subject *s = &o->subjects.v[i];
		const char *why = subject_problem(s);
		if (!why ||
		    (public_role(o) && !streq(s->name, "system:masters")))
			continue;
		cs_k8s_report(c, &s->loc, s->name,
			      "%s '%s' binds %s '%s' to %s '%s': %s", o->kind,
			      name_of(o),
			      o->role_ref_kind.v ? o->role_ref_kind.v : "role",
			      o->role_ref_name.v ? o->role_ref_name.v : "?",
			      s->kind, s->name, why);
	}
	return true;
}

/* ---- K8S-RBAC-OTHER ------------------------------------------------------ */

/* The resourceNames entry "aws-auth", or NULL. */
static const cs_rt_text *aws_auth(const cs_k8s_rbac_rule *r)
{
	for (size_t i = 0; i < r->resource_names.n; i++)
		if (streq(r->resource_names.v[i].v, "aws-auth"))
			return &r->resource_names.v[i];
	return NULL;
}

static bool check_other(cs_k8s_check *c)
{
	static const target logs[] = {{g_core, "pods/log", false}};
	static const target cms[] = {{g_core, "configmaps", false}};
	static const target net[] = {
		{g_core, "services", false},
		{g_core, "endpoints", false},
		{g_discovery, "endpointslices", false},
		{g_net, "networkpolicies", false},
		{g_net, "ingresses", false},
	};
	static const target status[] = {{g_core, "services/status", false}};
	const cs_k8s_object *o = c->obj;
	if (!is_role(o))
		return false;
	/* aws-auth lives in kube-system. */
	bool eks = !streq(o->kind, "Role") || !o->namespace ||
		   streq(o->namespace, "kube-system");
	for (size_t i = 0; i < o->rbac_rules.n; i++) {
		const cs_k8s_rbac_rule *r = &o->rbac_rules.v[i];
		grant g;
		if (grants(o, r, v_delete, logs, CS_COUNT(logs), &g))
			report_grant(c, &g,
				     "it can erase the logs that record what "
				     "a pod did");
		if (grants(o, r, v_manage, cms, CS_COUNT(cms), &g))
			report_grant(c, &g,
				     "it can change the configuration "
				     "workloads read");
		if (grants(o, r, v_manage, net, CS_COUNT(net), &g))
			report_grant(c, &g,
				     "it can reroute traffic or lift network "
				     "isolation");
		if (grants(o, r, v_update, status, CS_COUNT(status), &g))
			report_grant(c, &g,
				     "it can set a load balancer address and "
				     "intercept traffic (CVE-2020-8554)");
		const cs_rt_text *aws = eks ? aws_auth(r) : NULL;
		if (aws && grants_named(o, r, v_manage, cms, CS_COUNT(cms),
					&g)) {
			cs_k8s_report(c, loc_or(&aws->loc, &r->loc),
				      "aws-auth",
				      "%s '%s' grants %s on ConfigMap "
				      "'aws-auth': it maps IAM identities to "
				      "cluster users and groups, "
				      "system:masters included",
				      o->kind, name_of(o), g.verb->v);
		}
	}
	return true;
}

/* ---- the table ----------------------------------------------------------- */

#define ROLE_EXAMPLE(name, rules)                                              \
	"apiVersion: rbac.authorization.k8s.io/v1\n"                           \
	"kind: Role\n"                                                         \
	"metadata:\n"                                                          \
	"  name: " name "\n"                                                   \
	"  namespace: shop\n"                                                  \
	"rules:\n" rules

static const cs_rule rows[] = {
	{
		.id = "K8S-RBAC-WILDCARD",
		.title = "A Role or ClusterRole uses '*' in verbs, resources "
			 "or apiGroups",
		.severity = CS_SEV_HIGH,
		.targets = CS_TARGET_K8S,
		.scope = CS_SCOPE_OBJECT,
		.rationale =
			"A wildcard grants every verb, resource or API group "
			"that matches, including subresources such as "
			"pods/exec and secrets, and every resource a future "
			"Kubernetes version or CRD adds.  A wildcard role "
			"therefore also fires each specific K8S-RBAC rule "
			"whose grant it implies (secrets, exec, escalate "
			"...): that is intended, since it does grant all of "
			"them.  Only an entry that is exactly `*` counts; "
			"`*/scale` names one subresource.  The finding "
			"points at the first `*` of each rules[] item.  "
			"Aggregated ClusterRoles are filled by the "
			"controller and are not judged.  KICS rates this "
			"Low and Trivy Critical; customs says High: the "
			"role is as broad as its worst match.",
		.remediation =
			"List the API groups, resources and verbs the "
			"subject needs.  `kubectl auth can-i --list --as "
			"system:serviceaccount:NS:NAME` on a test cluster "
			"shows what is used.",
		.example = ROLE_EXAMPLE(
			"deploy-reader",
			"  - apiGroups: [\"apps\"]\n"
			"    resources: [\"deployments\"]\n"
			"    verbs: [\"get\", \"list\", \"watch\"]"),
		.cis = "CIS Kubernetes 1.8 5.1.3",
		.nist = "NIST SP 800-190 3.3.1",
		.owasp = "",
		.hadolint = "",
		.trivy = "KSV-0044,KSV-0045,KSV-0046,KSV-0112",
		.checkov = "CKV_K8S_49",
		.kics = "RBAC Wildcard In Rule",
		.kube_linter = "wildcard-in-rules",
		.pss = "",
		.check_k8s = check_wildcard,
	},
	{
		.id = "K8S-RBAC-ADMIN",
		.title = "A binding grants cluster-admin or another role "
			 "with every permission",
		.severity = CS_SEV_HIGH,
		.targets = CS_TARGET_K8S,
		.scope = CS_SCOPE_SCAN_SET,
		.rationale =
			"cluster-admin allows every verb on every resource; "
			"bound with a ClusterRoleBinding it owns the whole "
			"cluster, and even through a RoleBinding it owns "
			"the namespace, its Secrets and its service "
			"accounts.  A binding to cluster-admin is reported "
			"directly.  A binding to any other Role or "
			"ClusterRole is reported when that role is found in "
			"any scanned file granting `*` verbs on `*` "
			"resources, so a role defined in one manifest and "
			"bound in another is caught; a role that is not in "
			"the scan set is not guessed at.  The built-in view, "
			"edit and admin roles are aggregated and not "
			"admin-like: bindings to them pass.",
		.remediation =
			"Bind a role that grants only what the subjects "
			"need.  Keep cluster-admin for break-glass human "
			"access, bound to a group through your identity "
			"provider, not to service accounts.",
		.example =
			"apiVersion: rbac.authorization.k8s.io/v1\n"
			"kind: RoleBinding\n"
			"metadata:\n"
			"  name: deployer\n"
			"  namespace: shop\n"
			"roleRef:\n"
			"  apiGroup: rbac.authorization.k8s.io\n"
			"  kind: ClusterRole\n"
			"  name: edit\n"
			"subjects:\n"
			"  - kind: ServiceAccount\n"
			"    name: deployer\n"
			"    namespace: shop",
		.cis = "CIS Kubernetes 1.8 5.1.1",
		.nist = "NIST SP 800-190 3.3.1",
		.owasp = "",
		.hadolint = "",
		.trivy = "KSV-0111",
		.checkov = "",
		.kics = "Cluster Admin Rolebinding With Superuser "
			"Permissions",
		.kube_linter = "cluster-admin-role-binding",
		.pss = "",
		.check_k8s = check_admin,
	},
	{
		.id = "K8S-RBAC-SECRETS",
		.title = "A role can read Secrets",
		.severity = CS_SEV_HIGH,
		.targets = CS_TARGET_K8S,
		.scope = CS_SCOPE_OBJECT,
		.rationale =
			"get, list or watch on secrets reads every Secret "
			"in the role's reach: database passwords, TLS keys "
			"and the tokens of other service accounts, which "
			"turns one compromised pod into many identities.  "
			"list and watch return the contents too, not only "
			"names.  Wildcard verbs or resources count.  A "
			"rule narrowed by resourceNames reaches only the "
			"Secrets it names and passes: that is the fix.  "
			"Trivy rates this Critical; customs says High, "
			"since the reach is bounded by the Secrets that "
			"exist.",
		.remediation =
			"Mount the Secrets a workload needs as volumes "
			"instead of reading them from the API; when a "
			"controller must read them, restrict the rule with "
			"resourceNames.",
		.example = ROLE_EXAMPLE(
			"tls-reader",
			"  - apiGroups: [\"\"]\n"
			"    resources: [\"secrets\"]\n"
			"    resourceNames: [\"app-tls\"]\n"
			"    verbs: [\"get\"]"),
		.cis = "CIS Kubernetes 1.8 5.1.2",
		.nist = "NIST SP 800-190 3.3.1",
		.owasp = "",
		.hadolint = "",
		.trivy = "KSV-0041,KSV-0113",
		.checkov = "CKV2_K8S_5",
		.kics = "RBAC Roles with Read Secrets Permissions, "
			"ServiceAccount Allows Access Secrets",
		.kube_linter = "access-to-secrets",
		.pss = "",
		.check_k8s = check_secrets,
	},
	{
		.id = "K8S-RBAC-PODS",
		.title = "A role can create pods or manage workloads",
		.severity = CS_SEV_MEDIUM,
		.targets = CS_TARGET_K8S,
		.scope = CS_SCOPE_OBJECT,
		.rationale =
			"Whoever can create a pod, directly or through a "
			"Deployment, DaemonSet, StatefulSet, ReplicaSet, "
			"Job, CronJob or ReplicationController (create, "
			"update or patch), chooses its service account and "
			"volumes: it can mount every Secret of the "
			"namespace and act as every service account there, "
			"and without Pod Security admission run privileged "
			"pods.  CI deployers need this, which is why it is "
			"Medium; the finding makes the grant visible.",
		.remediation =
			"Grant workload writes only to deployment "
			"identities, in the namespaces they deploy to, and "
			"enforce Pod Security admission there.",
		.example = ROLE_EXAMPLE(
			"deploy-reader",
			"  - apiGroups: [\"apps\"]\n"
			"    resources: [\"deployments\"]\n"
			"    verbs: [\"get\", \"list\", \"watch\"]"),
		.cis = "CIS Kubernetes 1.8 5.1.4",
		.nist = "NIST SP 800-190 3.3.1",
		.owasp = "",
		.hadolint = "",
		.trivy = "KSV-0048",
		.checkov = "",
		.kics = "Permissive Access to Create Pods",
		.kube_linter = "access-to-create-pods",
		.pss = "",
		.check_k8s = check_pods,
	},
	{
		.id = "K8S-RBAC-EXEC",
		.title = "A role can exec into or attach to pods",
		.severity = CS_SEV_HIGH,
		.targets = CS_TARGET_K8S,
		.scope = CS_SCOPE_OBJECT,
		.rationale =
			"pods/exec and pods/attach run commands inside "
			"running containers, with their service account "
			"token, Secrets and network position.  Both create "
			"and get are reported: `kubectl exec` over "
			"WebSockets uses get.  `*` resources or verbs, "
			"`*/exec` and `pods/*` count.",
		.remediation =
			"Keep exec for break-glass access; debug with "
			"ephemeral containers under an audited role, and "
			"read logs instead of exec'ing.",
		.example = ROLE_EXAMPLE(
			"log-reader",
			"  - apiGroups: [\"\"]\n"
			"    resources: [\"pods\", \"pods/log\"]\n"
			"    verbs: [\"get\", \"list\"]"),
		.cis = "CIS Kubernetes 1.8 5.1.4",
		.nist = "NIST SP 800-190 3.3.1",
		.owasp = "",
		.hadolint = "",
		.trivy = "KSV-0053,KSV-0054",
		.checkov = "CKV2_K8S_2",
		.kics = "",
		.kube_linter = "",
		.pss = "",
		.check_k8s = check_exec,
	},
	{
		.id = "K8S-RBAC-ESCALATE",
		.title = "A role can bind, escalate, impersonate or write "
			 "role bindings",
		.severity = CS_SEV_CRITICAL,
		.targets = CS_TARGET_K8S,
		.scope = CS_SCOPE_OBJECT,
		.rationale =
			"bind lets a subject bind roles it does not hold, "
			"escalate lets it edit roles beyond its own rights, "
			"impersonate lets it act as any user, group or "
			"service account, and create, update or patch on "
			"rolebindings or clusterrolebindings lets it "
			"attach any role (with bind) to itself: each is a "
			"path to cluster-admin.  The three verbs are "
			"reported whatever resource they are written on, "
			"`*` verbs when they cover roles, clusterroles, "
			"users, groups or serviceaccounts.  A rule narrowed "
			"by resourceNames (bind only to 'view') is the "
			"recommended form and passes.",
		.remediation =
			"Drop these verbs; when a controller must bind "
			"roles, list the roles it may bind in "
			"resourceNames.",
		.example = ROLE_EXAMPLE(
			"view-binder",
			"  - apiGroups: [\"rbac.authorization.k8s.io\"]\n"
			"    resources: [\"clusterroles\"]\n"
			"    resourceNames: [\"view\"]\n"
			"    verbs: [\"bind\"]"),
		.cis = "CIS Kubernetes 1.8 5.1.8",
		.nist = "NIST SP 800-190 3.3.1",
		.owasp = "",
		.hadolint = "",
		.trivy = "KSV-0043,KSV-0050,KSV-0051,KSV-0052,KSV-0055",
		.checkov = "CKV_K8S_157,CKV_K8S_158,CKV2_K8S_1,CKV2_K8S_3",
		.kics = "",
		.kube_linter = "",
		.pss = "",
		.check_k8s = check_escalate,
	},
	{
		.id = "K8S-RBAC-NODEPROXY",
		.title = "A role can use nodes/proxy",
		.severity = CS_SEV_HIGH,
		.targets = CS_TARGET_K8S,
		.scope = CS_SCOPE_OBJECT,
		.rationale =
			"nodes/proxy reaches the kubelet API, which can run "
			"commands in any pod of the node, and bypasses "
			"admission and most audit logging.  Any verb is "
			"enough: get alone opens the exec endpoints.  It is "
			"cluster-scoped, so only ClusterRoles grant it.",
		.remediation =
			"Scrape node metrics through /metrics/resource or "
			"metrics-server rather than nodes/proxy; if a "
			"monitoring agent needs it, give it nodes/metrics "
			"or nodes/stats instead.",
		.example =
			"apiVersion: rbac.authorization.k8s.io/v1\n"
			"kind: ClusterRole\n"
			"metadata:\n"
			"  name: node-metrics\n"
			"rules:\n"
			"  - apiGroups: [\"\"]\n"
			"    resources: [\"nodes/metrics\", \"nodes/stats\"]\n"
			"    verbs: [\"get\"]",
		.cis = "CIS Kubernetes 1.8 5.1.10",
		.nist = "NIST SP 800-190 3.3.1",
		.owasp = "",
		.hadolint = "",
		.trivy = "KSV-0047",
		.checkov = "CKV2_K8S_2",
		.kics = "",
		.kube_linter = "",
		.pss = "",
		.check_k8s = check_nodeproxy,
	},
	{
		.id = "K8S-RBAC-CSR",
		.title = "A role can approve certificate signing requests",
		.severity = CS_SEV_HIGH,
		.targets = CS_TARGET_K8S,
		.scope = CS_SCOPE_OBJECT,
		.rationale =
			"update or patch on certificatesigningrequests/"
			"approval, together with approve on a signer, "
			"approves client certificates: a certificate for "
			"group system:masters is cluster-admin that no "
			"binding can revoke.  Either half is reported.  "
			"Approval narrowed to named signers through "
			"resourceNames passes.",
		.remediation =
			"Leave approval to the built-in approvers; a custom "
			"approver should get approve only on its own "
			"signer, named in resourceNames.",
		.example =
			"apiVersion: rbac.authorization.k8s.io/v1\n"
			"kind: ClusterRole\n"
			"metadata:\n"
			"  name: csr-approver\n"
			"rules:\n"
			"  - apiGroups: [\"certificates.k8s.io\"]\n"
			"    resources: [\"signers\"]\n"
			"    resourceNames: [\"example.com/serving\"]\n"
			"    verbs: [\"approve\"]",
		.cis = "CIS Kubernetes 1.8 5.1.11",
		.nist = "NIST SP 800-190 3.3.1",
		.owasp = "",
		.hadolint = "",
		.trivy = "",
		.checkov = "CKV_K8S_156",
		.kics = "",
		.kube_linter = "",
		.pss = "",
		.check_k8s = check_csr,
	},
	{
		.id = "K8S-RBAC-WEBHOOK",
		.title = "A role can write admission webhook configurations",
		.severity = CS_SEV_HIGH,
		.targets = CS_TARGET_K8S,
		.scope = CS_SCOPE_OBJECT,
		.rationale =
			"A validating or mutating webhook configuration "
			"decides where the API server sends objects for "
			"admission: whoever writes one can read every "
			"object created (Secrets included), rewrite pods "
			"as they are admitted, or delete the policy "
			"webhooks that enforce security.  create, update, "
			"patch and delete are reported.",
		.remediation =
			"Grant webhook configuration writes only to the "
			"installer of the admission controller, not to "
			"running workloads.",
		.example =
			"apiVersion: rbac.authorization.k8s.io/v1\n"
			"kind: ClusterRole\n"
			"metadata:\n"
			"  name: webhook-reader\n"
			"rules:\n"
			"  - apiGroups: [\"admissionregistration.k8s.io\"]\n"
			"    resources: [\"validatingwebhookconfigurations\"]\n"
			"    verbs: [\"get\", \"list\", \"watch\"]",
		.cis = "CIS Kubernetes 1.8 5.1.12",
		.nist = "NIST SP 800-190 3.3.1",
		.owasp = "",
		.hadolint = "",
		.trivy = "KSV-0114",
		.checkov = "CKV_K8S_155",
		.kics = "",
		.kube_linter = "",
		.pss = "",
		.check_k8s = check_webhook,
	},
	{
		.id = "K8S-RBAC-SATOKEN",
		.title = "A role can create service account tokens",
		.severity = CS_SEV_MEDIUM,
		.targets = CS_TARGET_K8S,
		.scope = CS_SCOPE_OBJECT,
		.rationale =
			"create on serviceaccounts/token (the TokenRequest "
			"API) mints a token for any service account in "
			"reach, so the subject can act as each of them.  "
			"No surveyed scanner checks it; CIS recommends it.",
		.remediation =
			"Let the kubelet project tokens into pods; restrict "
			"a token issuer with resourceNames to the accounts "
			"it serves.",
		.example = ROLE_EXAMPLE(
			"builder-token",
			"  - apiGroups: [\"\"]\n"
			"    resources: [\"serviceaccounts/token\"]\n"
			"    resourceNames: [\"builder\"]\n"
			"    verbs: [\"create\"]"),
		.cis = "CIS Kubernetes 1.8 5.1.13",
		.nist = "NIST SP 800-190 3.3.1",
		.owasp = "",
		.hadolint = "",
		.trivy = "",
		.checkov = "",
		.kics = "",
		.kube_linter = "",
		.pss = "",
		.check_k8s = check_satoken,
	},
	{
		.id = "K8S-RBAC-PV",
		.title = "A role can create PersistentVolumes",
		.severity = CS_SEV_MEDIUM,
		.targets = CS_TARGET_K8S,
		.scope = CS_SCOPE_OBJECT,
		.rationale =
			"A PersistentVolume can be a hostPath: whoever "
			"creates one and a claim bound to it mounts the "
			"node's filesystem into a pod, around Pod Security "
			"admission's hostPath ban.  PersistentVolumes are "
			"cluster-scoped, so only ClusterRoles grant it.  "
			"No surveyed scanner checks it; CIS recommends it.",
		.remediation =
			"Provision volumes through StorageClasses and let "
			"workloads create PersistentVolumeClaims only.",
		.example = ROLE_EXAMPLE(
			"claims",
			"  - apiGroups: [\"\"]\n"
			"    resources: [\"persistentvolumeclaims\"]\n"
			"    verbs: [\"create\", \"get\"]"),
		.cis = "CIS Kubernetes 1.8 5.1.9",
		.nist = "NIST SP 800-190 3.3.1",
		.owasp = "",
		.hadolint = "",
		.trivy = "",
		.checkov = "",
		.kics = "",
		.kube_linter = "",
		.pss = "",
		.check_k8s = check_pv,
	},
	{
		.id = "K8S-RBAC-SUBJECT",
		.title = "A binding grants a role to anonymous, all "
			 "authenticated users or system:masters",
		.severity = CS_SEV_CRITICAL,
		.targets = CS_TARGET_K8S,
		.scope = CS_SCOPE_OBJECT,
		.rationale =
			"system:anonymous and system:unauthenticated are "
			"every request without credentials; "
			"system:authenticated is every identity the cluster "
			"knows, each service account of every namespace "
			"included; system:masters bypasses RBAC, so "
			"membership in it cannot be taken back by deleting "
			"a binding.  Granting a role to any of them grants "
			"it to the world or beyond control.  The groups "
			"system:serviceaccounts[:NS] are narrower and are "
			"not reported, nor are the bootstrap bindings of "
			"the discovery roles (system:basic-user, "
			"system:discovery, system:public-info-viewer) that "
			"Kubernetes itself grants to everyone.",
		.remediation =
			"Bind the role to the users, groups or service "
			"accounts that need it.",
		.example =
			"apiVersion: rbac.authorization.k8s.io/v1\n"
			"kind: RoleBinding\n"
			"metadata:\n"
			"  name: readers\n"
			"  namespace: shop\n"
			"roleRef:\n"
			"  apiGroup: rbac.authorization.k8s.io\n"
			"  kind: ClusterRole\n"
			"  name: view\n"
			"subjects:\n"
			"  - kind: Group\n"
			"    name: shop-team\n"
			"    apiGroup: rbac.authorization.k8s.io",
		.cis = "CIS Kubernetes 1.8 5.1.7",
		.nist = "NIST SP 800-190 3.3.1",
		.owasp = "",
		.hadolint = "",
		.trivy = "KSV-0122,KSV-01011,KSV-0123",
		.checkov = "",
		.kics = "",
		.kube_linter = "",
		.pss = "",
		.check_k8s = check_subject,
	},
	{
		.id = "K8S-RBAC-OTHER",
		.title = "A role can delete pod logs, or write ConfigMaps, "
			 "network objects, services/status or aws-auth",
		.severity = CS_SEV_MEDIUM,
		.targets = CS_TARGET_K8S,
		.scope = CS_SCOPE_OBJECT,
		.rationale =
			"Five smaller grants that peers report: delete on "
			"pods/log erases evidence (Trivy KSV-0042); writes "
			"to configmaps change what workloads run with "
			"(KSV-0049); writes to services, endpoints, "
			"endpointslices, networkpolicies or ingresses "
			"reroute traffic or lift isolation (KSV-0056); "
			"update or patch on services/status sets a load "
			"balancer address that intercepts traffic, "
			"CVE-2020-8554 (Checkov CKV2_K8S_4); and any write "
			"to the EKS aws-auth ConfigMap in kube-system maps "
			"IAM identities to system:masters (KSV-0115), which "
			"is reported even when resourceNames names only "
			"aws-auth.  Each branch is one finding per rules[] "
			"item.",
		.remediation =
			"Grant these writes only to the controllers that "
			"own the objects, narrowed with resourceNames "
			"where the objects are known.",
		.example = ROLE_EXAMPLE(
			"settings-writer",
			"  - apiGroups: [\"\"]\n"
			"    resources: [\"configmaps\"]\n"
			"    resourceNames: [\"app-settings\"]\n"
			"    verbs: [\"get\", \"update\"]"),
		.cis = "",
		.nist = "NIST SP 800-190 3.3.1",
		.owasp = "",
		.hadolint = "",
		.trivy = "KSV-0042,KSV-0049,KSV-0056,KSV-0115",
		.checkov = "CKV2_K8S_4",
		.kics = "",
		.kube_linter = "",
		.pss = "",
		.check_k8s = check_other,
	},
};

const cs_rule_family cs_family_k8s_rbac = {"k8s-rbac", rows, CS_COUNT(rows)};

/*
 * k8s-objects.c - Kubernetes objects beyond the container: service accounts,
 * namespaces, network isolation, exposure, committed secrets, legacy add-ons
 * and API versions.
 *
 * Each check runs once per object and first decides whether the object is
 * of a kind the rule is about: pod rules (service account, securityContext,
 * NetworkPolicy coverage, host aliases, volume types, git-sync, namespaces
 * of workloads) apply to objects with a pod only, so a ClusterRole, a
 * Service or a ConfigMap never gets a pod finding (the false positive users
 * of some scanners keep suppressing).  Kind-specific rules (ConfigMap,
 * Secret, Service, Ingress, NetworkPolicy) apply to that kind only.
 *
 * Three questions cannot be answered from one file: is the workload
 * selected by a NetworkPolicy, does a NetworkPolicy select any workload, and
 * does the pod's ServiceAccount disable token automounting.  Those findings
 * are reported with the question attached (cs_k8s_report_xref) and the run
 * drops them once every file is scanned and the answer clears them.  An
 * object without metadata.namespace is taken to live in "default": that is
 * where kubectl puts it unless told otherwise with -n.
 *
 * Secrets and secret-looking ConfigMap values are never copied into a
 * message or a finding's value: the key names them.  Checks read the
 * normalized model; the YAML tree is consulted only to tell an empty
 * `securityContext: {}`, `tls: []` or `hostAliases: []` from a real one.
 * Text is formatted only when a finding is reported.
 */
#include "registry.h"

#include <string.h>
#include <strings.h>

#include "image-ref.h"
#include "secret-words.h"

static bool streq(const char *a, const char *b)
{
	return a && b && strcmp(a, b) == 0;
}

static bool in_list(const char *w, const char *const *list)
{
	for (size_t i = 0; w && list[i]; i++)
		if (strcmp(w, list[i]) == 0)
			return true;
	return false;
}

static bool kind_is(const cs_k8s_object *o, const char *kind)
{
	return streq(o->kind, kind);
}

static const char *name_of(const cs_k8s_object *o)
{
	return o->name && *o->name ? o->name : "(unnamed)";
}

/* The namespace kubectl would apply the object to. */
static const char *ns_of(const cs_k8s_object *o)
{
	return o->namespace && *o->namespace ? o->namespace : "default";
}

/* Nothing written: absent, null, `{}` or `[]`. */
static bool yaml_empty(const cs_yaml_node *n)
{
	if (!n || cs_yaml_is_null(n))
		return true;
	if (n->kind == CS_YAML_MAP)
		return n->npairs == 0;
	if (n->kind == CS_YAML_SEQ)
		return n->nitems == 0;
	return false;
}

/* The last path component of an image's repository ("git-sync" for
 * registry.k8s.io/git-sync/git-sync:v4.2.1); r keeps the parts. */
static const char *image_base(const char *image, cs_image_ref *r)
{
	if (!image || !*image || !cs_image_ref_parse(image, r))
		return NULL;
	const char *slash = strrchr(r->path, '/');
	return slash ? slash + 1 : r->path;
}

/* ---- K8S-CM-SECRET ------------------------------------------------------- */

/* A value that is only a placeholder for a templating step (`${DB_PASS}`,
 * `$(DB_PASS)`, `{{ .Values.password }}`), not a secret itself. */
static bool placeholder(const char *v)
{
	size_t n = strlen(v);
	if (n < 3)
		return false;
	if (v[0] == '$' && ((v[1] == '{' && v[n - 1] == '}') ||
			    (v[1] == '(' && v[n - 1] == ')')))
		return true;
	return v[0] == '{' && v[1] == '{' && n >= 4 && v[n - 1] == '}' &&
	       v[n - 2] == '}';
}

static bool check_cm_secret(cs_k8s_check *c)
{
	const cs_k8s_object *o = c->obj;
	if (!kind_is(o, "ConfigMap"))
		return false;
	for (size_t i = 0; i < o->data.n; i++) {
		const cs_k8s_kv *kv = &o->data.v[i];
		if (!kv->key || !kv->value || !*kv->value ||
		    placeholder(kv->value))
			continue;
		const char *shape = cs_secret_value_shape(kv->value);
		if (shape) {
			cs_k8s_report(c, &kv->value_loc, kv->key,
				      "ConfigMap '%s' key '%s' holds %s: "
				      "ConfigMaps are stored and shown in "
				      "clear text",
				      name_of(o), kv->key, shape);
		} else if (cs_secret_env_name(kv->key)) {
			cs_k8s_report(c, &kv->loc, kv->key,
				      "ConfigMap '%s' key '%s' looks like a "
				      "secret and has a value: ConfigMaps are "
				      "stored and shown in clear text",
				      name_of(o), kv->key);
		}
	}
	return true;
}

/* ---- K8S-SECRET-DATA ----------------------------------------------------- */

static bool check_secret_data(cs_k8s_check *c)
{
	const cs_k8s_object *o = c->obj;
	if (!kind_is(o, "Secret"))
		return false;
	const cs_k8s_kv *first = NULL;
	size_t n = 0;
	for (size_t i = 0; i < o->data.n; i++) {
		const cs_k8s_kv *kv = &o->data.v[i];
		if (!kv->value || !*kv->value || placeholder(kv->value))
			continue;
		if (!first)
			first = kv;
		n++;
	}
	if (!first)
		return true;
	cs_k8s_report(c, &first->loc, name_of(o),
		      "Secret '%s' is committed with %zu key%s of data "
		      "(first '%s'): base64 is an encoding, not encryption, "
		      "and every clone of the repository holds the secret",
		      name_of(o), n, n == 1 ? "" : "s",
		      first->key ? first->key : "?");
	return true;
}

/* ---- K8S-SA-AUTOMOUNT ---------------------------------------------------- */

static const char *sa_name(const cs_k8s_pod *p)
{
	const char *s = p->service_account.v;
	return s && *s ? s : "default";
}

static bool check_sa_automount(cs_k8s_check *c)
{
	const cs_k8s_object *o = c->obj;
	const cs_k8s_pod *p = o->pod;
	if (!p)
		return false;
	const cs_rt_flag *f = &p->automount_sa_token;
	if (f->v == CS_TRI_FALSE || f->v == CS_TRI_UNKNOWN)
		return true;
	if (f->v == CS_TRI_TRUE) {
		const char *raw = f->raw && *f->raw ? f->raw : "true";
		cs_k8s_report(c, &f->loc, raw,
			      "%s sets automountServiceAccountToken: %s: "
			      "every container gets an API token it can use "
			      "against the cluster",
			      o->subject, raw);
		return true;
	}
	const char *sa = sa_name(p);
	cs_k8s_report_xref(c,
			   &(cs_xref){.kind = CS_XREF_SA_NO_AUTOMOUNT,
				      .ns = ns_of(o),
				      .name = sa},
			   NULL, sa,
			   "%s does not set automountServiceAccountToken: "
			   "false, and its ServiceAccount '%s' is not known "
			   "to disable it: every container gets an API token",
			   o->subject, sa);
	return true;
}

/* ---- K8S-SA-DEFAULT ------------------------------------------------------ */

static bool sa_default_binding(cs_k8s_check *c)
{
	const cs_k8s_object *o = c->obj;
	for (size_t i = 0; i < o->subjects.n; i++) {
		const cs_k8s_subject *s = &o->subjects.v[i];
		if (!streq(s->kind, "ServiceAccount") ||
		    !streq(s->name, "default"))
			continue;
		const char *ns = s->namespace && *s->namespace
					 ? s->namespace
					 : ns_of(o);
		cs_k8s_report(c, &s->loc, "default",
			      "%s grants its role to the 'default' "
			      "ServiceAccount of namespace '%s': every pod "
			      "there that names no ServiceAccount gets it",
			      o->subject, ns);
	}
	return true;
}

static bool check_sa_default(cs_k8s_check *c)
{
	const cs_k8s_object *o = c->obj;
	if (kind_is(o, "RoleBinding") || kind_is(o, "ClusterRoleBinding"))
		return sa_default_binding(c);
	const cs_k8s_pod *p = o->pod;
	if (!p)
		return false;
	const cs_rt_text *sa = &p->service_account;
	if (!sa->v || !*sa->v) {
		cs_k8s_report(c, NULL, "default",
			      "%s sets no serviceAccountName: its pods run as "
			      "the namespace's 'default' ServiceAccount, "
			      "shared with every other such pod",
			      o->subject);
	} else if (streq(sa->v, "default")) {
		cs_k8s_report(c, &sa->loc, "default",
			      "%s runs as the 'default' ServiceAccount, "
			      "shared with every pod of the namespace that "
			      "names none",
			      o->subject);
	}
	return true;
}

/* ---- K8S-SECCTX-NONE ----------------------------------------------------- */

/*
 * A securityContext that is written but empty (`securityContext: {}`, what
 * `helm create` charts render by default) sets nothing and counts as none.
 * The container's node is found by walking the pod spec's lists in the
 * order the normalizer used; if the counts disagree (an item that is not a
 * mapping), the model's answer stands.
 */
static bool container_ctx_empty(const cs_k8s_pod *p, size_t k)
{
	static const char *const lists[] = {"containers", "initContainers",
					    "ephemeralContainers"};
	size_t seen = 0;
	for (size_t l = 0; l < CS_COUNT(lists); l++) {
		const cs_yaml_node *seq = cs_yaml_get(p->spec, lists[l]);
		if (!seq || seq->kind != CS_YAML_SEQ)
			continue;
		if (k < seen + seq->nitems) {
			const cs_yaml_node *it = seq->items[k - seen];
			if (!it || it->kind != CS_YAML_MAP)
				return false;
			return yaml_empty(cs_yaml_get(it, "securityContext"));
		}
		seen += seq->nitems;
	}
	return false;
}

static bool check_secctx_none(cs_k8s_check *c)
{
	const cs_k8s_object *o = c->obj;
	const cs_k8s_pod *p = o->pod;
	if (!p)
		return false;
	if (cs_loc_set(&p->security_context_loc) &&
	    !yaml_empty(cs_yaml_get(p->spec, "securityContext")))
		return true;
	const cs_rt_spec *first = NULL;
	size_t n = 0;
	for (size_t k = 0; k < p->ncontainers; k++) {
		const cs_rt_spec *s = &p->containers[k];
		if (cs_loc_set(&s->security_context_loc) &&
		    !container_ctx_empty(p, k))
			continue;
		if (!first)
			first = s;
		n++;
	}
	if (!first)
		return true;
	const char *name = first->name && *first->name ? first->name : "?";
	if (n == 1)
		cs_k8s_report(c, &p->loc, name,
			      "%s has no pod securityContext and container "
			      "'%s' has none either: it runs with the "
			      "runtime's defaults (root, privilege "
			      "escalation allowed, no seccomp)",
			      o->subject, name);
	else
		cs_k8s_report(c, &p->loc, name,
			      "%s has no pod securityContext and %zu of its "
			      "containers (first '%s') have none either: they "
			      "run with the runtime's defaults (root, "
			      "privilege escalation allowed, no seccomp)",
			      o->subject, n, name);
	return true;
}

/* ---- K8S-NS-DEFAULT / K8S-NS-SYSTEM -------------------------------------- */

/* Built-in namespaced kinds besides workloads.  Custom resources may be
 * either namespaced or cluster-scoped, which a manifest does not say, so
 * they are left alone. */
static const char *const namespaced_kinds[] = {
	"Service", "ConfigMap", "Secret", "ServiceAccount", "Role",
	"RoleBinding", "NetworkPolicy", "Ingress", "PersistentVolumeClaim",
	"Endpoints", "EndpointSlice", "LimitRange", "ResourceQuota",
	"HorizontalPodAutoscaler", "PodDisruptionBudget", "Lease",
	"ControllerRevision", "PodTemplate", "Job", "CronJob", "Pod",
	"Deployment", "StatefulSet", "DaemonSet", "ReplicaSet",
	"ReplicationController", "CSIStorageCapacity", NULL,
};

static bool check_ns_default(cs_k8s_check *c)
{
	const cs_k8s_object *o = c->obj;
	if (!o->pod && !in_list(o->kind, namespaced_kinds))
		return false;
	if (o->namespace && *o->namespace) {
		if (!streq(o->namespace, "default"))
			return true;
		cs_k8s_report(c, &o->namespace_loc, "default",
			      "%s is placed in the 'default' namespace: "
			      "quotas, policies and RBAC cannot separate it "
			      "from everything else put there",
			      o->subject);
		return true;
	}
	cs_k8s_report(c, NULL, "default",
		      "%s sets no metadata.namespace: it lands in whatever "
		      "namespace the deploying context uses, usually "
		      "'default'",
		      o->subject);
	return true;
}

static bool check_ns_system(cs_k8s_check *c)
{
	const cs_k8s_object *o = c->obj;
	if (!o->pod)
		return false;
	if (!streq(o->namespace, "kube-system"))
		return true;
	cs_k8s_report(c, &o->namespace_loc, "kube-system",
		      "%s runs in the 'kube-system' namespace, beside the "
		      "control plane's add-ons and their highly privileged "
		      "ServiceAccounts",
		      o->subject);
	return true;
}

/* ---- K8S-NETPOL-NONE / K8S-NETPOL-DANGLING ------------------------------- */

static bool check_netpol_none(cs_k8s_check *c)
{
	const cs_k8s_object *o = c->obj;
	const cs_k8s_pod *p = o->pod;
	if (!p)
		return false;
	const char *ns = ns_of(o);
	cs_k8s_report_xref(c,
			   &(cs_xref){.kind = CS_XREF_NETPOL_SELECTS,
				      .ns = ns,
				      .labels = p->labels.v,
				      .nlabels = p->labels.n},
			   NULL, o->subject,
			   "%s is not selected by any NetworkPolicy in "
			   "namespace '%s': its pods accept traffic from, "
			   "and send it to, anywhere in the cluster",
			   o->subject, ns);
	return true;
}

static bool selector_empty(const cs_k8s_selector *s)
{
	return s->match_labels.n == 0 && s->match_expressions.n == 0;
}

static bool check_netpol_dangling(cs_k8s_check *c)
{
	const cs_k8s_object *o = c->obj;
	if (!kind_is(o, "NetworkPolicy"))
		return false;
	const cs_k8s_selector *s = &o->pod_selector;
	/* An empty (or omitted, which the API defaults to empty) podSelector
	 * selects every pod of the namespace, including pods created later
	 * or deployed from elsewhere: a default-deny policy is the
	 * recommended baseline, never dangling. */
	if (!s->set || selector_empty(s))
		return true;
	const char *ns = ns_of(o);
	cs_k8s_report_xref(c,
			   &(cs_xref){.kind = CS_XREF_SELECTS_WORKLOAD,
				      .ns = ns,
				      .selector = s},
			   &s->loc, name_of(o),
			   "NetworkPolicy '%s' selects no workload of "
			   "namespace '%s' in the scanned files: a typo in "
			   "its podSelector leaves the pods it meant to "
			   "isolate open",
			   name_of(o), ns);
	return true;
}

/* ---- K8S-HOSTALIASES ----------------------------------------------------- */

static bool check_hostaliases(cs_k8s_check *c)
{
	const cs_k8s_object *o = c->obj;
	const cs_k8s_pod *p = o->pod;
	if (!p)
		return false;
	if (!cs_loc_set(&p->host_aliases_loc) ||
	    yaml_empty(cs_yaml_get(p->spec, "hostAliases")))
		return true;
	cs_k8s_report(c, &p->host_aliases_loc, "hostAliases",
		      "%s sets hostAliases: entries written into the pod's "
		      "/etc/hosts bypass cluster DNS and can silently "
		      "redirect its traffic",
		      o->subject);
	return true;
}

/* ---- K8S-VOLTYPES -------------------------------------------------------- */

/* The Pod Security Standards restricted profile's volume types. */
static const char *const restricted_volumes[] = {
	"configMap", "csi", "downwardAPI", "emptyDir", "ephemeral", "image",
	"persistentVolumeClaim", "projected", "secret", NULL,
};

static bool check_voltypes(cs_k8s_check *c)
{
	const cs_k8s_object *o = c->obj;
	const cs_k8s_pod *p = o->pod;
	if (!p || p->volumes.n == 0)
		return false;
	for (size_t i = 0; i < p->volumes.n; i++) {
		const cs_k8s_volume *v = &p->volumes.v[i];
		/* no source at all: the API defaults it to emptyDir */
		if (!v->type || in_list(v->type, restricted_volumes))
			continue;
		const cs_loc *at = cs_loc_set(&v->type_loc) ? &v->type_loc
							    : &v->loc;
		cs_k8s_report(c, at, v->type,
			      "%s volume '%s' is of type %s, outside the "
			      "restricted Pod Security Standard's list",
			      o->subject, v->name ? v->name : "?", v->type);
	}
	return true;
}

/* ---- K8S-SVC-EXPOSE ------------------------------------------------------ */

/* Cloud annotations that make a LoadBalancer internal to the VPC. */
static bool internal_lb(const cs_k8s_object *o)
{
	static const struct {
		const char *key, *value; /* NULL value: any but "false" */
	} marks[] = {
		{"service.beta.kubernetes.io/aws-load-balancer-internal", NULL},
		{"service.beta.kubernetes.io/aws-load-balancer-scheme",
		 "internal"},
		{"networking.gke.io/load-balancer-type", "Internal"},
		{"cloud.google.com/load-balancer-type", "Internal"},
		{"service.beta.kubernetes.io/azure-load-balancer-internal",
		 "true"},
		{"service.beta.kubernetes.io/oci-load-balancer-internal",
		 "true"},
		{"service.beta.kubernetes.io/openstack-internal-load-balancer",
		 "true"},
		{"service.kubernetes.io/ibm-load-balancer-cloud-provider-ip-"
		 "type",
		 "private"},
	};
	for (size_t i = 0; i < CS_COUNT(marks); i++) {
		const char *v = cs_k8s_kv_get(&o->annotations, marks[i].key);
		if (!v || !*v)
			continue;
		if (marks[i].value ? strcasecmp(v, marks[i].value) == 0
				   : strcasecmp(v, "false") != 0)
			return true;
	}
	return false;
}

static bool check_svc_expose(cs_k8s_check *c)
{
	const cs_k8s_object *o = c->obj;
	if (!kind_is(o, "Service"))
		return false;
	const cs_rt_text *t = &o->service_type;
	if (streq(t->v, "NodePort")) {
		cs_k8s_report(c, &t->loc, t->v,
			      "Service '%s' is of type NodePort: it opens its "
			      "port on every node's address, around any "
			      "load balancer or firewall in front",
			      name_of(o));
	} else if (streq(t->v, "LoadBalancer") && !internal_lb(o)) {
		cs_k8s_report(c, &t->loc, t->v,
			      "Service '%s' is of type LoadBalancer without "
			      "an internal load balancer annotation: it gets "
			      "an address outside the cluster",
			      name_of(o));
	}
	if (o->external_ips.n > 0) {
		const cs_rt_text *ip = &o->external_ips.v[0];
		const char *v = ip->v ? ip->v : "externalIPs";
		cs_k8s_report(c, &ip->loc, v,
			      "Service '%s' sets externalIPs ('%s'%s): anyone "
			      "who can create such a Service can intercept "
			      "traffic to those addresses (CVE-2020-8554)",
			      name_of(o), v,
			      o->external_ips.n > 1 ? " and more" : "");
	}
	return true;
}

/* ---- K8S-INGRESS-TLS ----------------------------------------------------- */

static bool check_ingress_tls(cs_k8s_check *c)
{
	const cs_k8s_object *o = c->obj;
	if (!kind_is(o, "Ingress"))
		return false;
	if (cs_loc_set(&o->ingress_tls_loc) &&
	    !yaml_empty(cs_yaml_get(cs_yaml_get(o->root, "spec"), "tls")))
		return true;
	/* `tls: []` is pointed at; a missing tls at the Ingress itself */
	cs_k8s_report(c, &o->ingress_tls_loc, "tls",
		      "Ingress '%s' has no spec.tls: its hosts are served "
		      "over plain HTTP",
		      name_of(o));
	return true;
}

/* ---- K8S-NGINX-SNIPPET --------------------------------------------------- */

static const char nginx_prefix[] = "nginx.ingress.kubernetes.io/";

/* nginx.ingress.kubernetes.io/NAME-snippet, NAME not empty. */
static bool snippet_annotation(const char *key)
{
	static const char suffix[] = "-snippet";
	const size_t np = sizeof(nginx_prefix) - 1, ns = sizeof(suffix) - 1;
	if (!key || strncmp(key, nginx_prefix, np) != 0)
		return false;
	size_t n = strlen(key);
	return n > np + ns && strcmp(key + n - ns, suffix) == 0;
}

static bool check_nginx_snippet(cs_k8s_check *c)
{
	const cs_k8s_object *o = c->obj;
	if (!kind_is(o, "Ingress"))
		return false;
	for (size_t i = 0; i < o->annotations.n; i++) {
		const cs_k8s_kv *a = &o->annotations.v[i];
		if (!snippet_annotation(a->key))
			continue;
		const char *what = a->key + sizeof(nginx_prefix) - 1;
		cs_k8s_report(c, &a->loc, a->key,
			      "Ingress '%s' sets the %s annotation: its "
			      "text is pasted into the ingress-nginx "
			      "configuration, which can read the "
			      "controller's secrets (CVE-2021-25742)",
			      name_of(o), what);
	}
	return true;
}

/* ---- K8S-LEGACY-ADMIN ---------------------------------------------------- */

static bool tiller_labels(const cs_k8s_kvs *l)
{
	return streq(cs_k8s_kv_get(l, "app"), "helm") &&
	       streq(cs_k8s_kv_get(l, "name"), "tiller");
}

static bool dashboard_image(const char *base, const cs_image_ref *r)
{
	if (!base)
		return false;
	if (strncmp(base, "kubernetes-dashboard", 20) == 0)
		return true;
	return streq(base, "dashboard") &&
	       strncmp(r->path, "kubernetesui/", 13) == 0;
}

static bool legacy_workload(cs_k8s_check *c)
{
	const cs_k8s_object *o = c->obj;
	const cs_k8s_pod *p = o->pod;
	for (size_t k = 0; k < p->ncontainers; k++) {
		const cs_rt_spec *s = &p->containers[k];
		cs_image_ref r;
		const char *base = image_base(s->image.v, &r);
		if (streq(base, "tiller")) {
			cs_k8s_report(c, &s->image.loc, s->image.v,
				      "%s runs Tiller ('%s'), the Helm v2 "
				      "server: unauthenticated by default and "
				      "cluster-admin in most installs",
				      o->subject, s->image.v);
			return true;
		}
		if (dashboard_image(base, &r)) {
			cs_k8s_report(c, &s->image.loc, s->image.v,
				      "%s runs the Kubernetes dashboard "
				      "('%s'): a web front end to the API "
				      "whose ServiceAccount is a frequent "
				      "way into clusters",
				      o->subject, s->image.v);
			return true;
		}
	}
	const cs_k8s_kv *lab = NULL;
	if (tiller_labels(&p->labels) || tiller_labels(&o->labels)) {
		const cs_k8s_kvs *l = tiller_labels(&p->labels) ? &p->labels
								 : &o->labels;
		for (size_t i = 0; i < l->n; i++)
			if (streq(l->v[i].key, "name"))
				lab = &l->v[i];
		cs_k8s_report(c, lab ? &lab->loc : NULL, "tiller",
			      "%s is labelled as Tiller (app: helm, name: "
			      "tiller), the Helm v2 server: unauthenticated "
			      "by default and cluster-admin in most installs",
			      o->subject);
	}
	return true;
}

static bool check_legacy_admin(cs_k8s_check *c)
{
	const cs_k8s_object *o = c->obj;
	if (o->pod)
		return legacy_workload(c);
	if (!kind_is(o, "Service"))
		return false;
	const cs_k8s_selector *sel = &o->service_selector;
	const char *app = cs_k8s_kv_get(&sel->match_labels, "app");
	const char *nm = cs_k8s_kv_get(&sel->match_labels, "name");
	const char *k8s_app = cs_k8s_kv_get(&sel->match_labels, "k8s-app");
	if (streq(o->name, "tiller-deploy") ||
	    (streq(app, "helm") && streq(nm, "tiller")))
		cs_k8s_report(c, o->name_loc.at.line ? &o->name_loc : NULL,
			      name_of(o),
			      "Service '%s' exposes Tiller, the Helm v2 "
			      "server, whose gRPC port accepts any client",
			      name_of(o));
	else if (streq(k8s_app, "kubernetes-dashboard"))
		cs_k8s_report(c, o->name_loc.at.line ? &o->name_loc : NULL,
			      name_of(o),
			      "Service '%s' exposes the Kubernetes "
			      "dashboard, a web front end to the API",
			      name_of(o));
	return true;
}

/* ---- K8S-GITSYNC --------------------------------------------------------- */

static bool check_gitsync(cs_k8s_check *c)
{
	const cs_k8s_object *o = c->obj;
	const cs_k8s_pod *p = o->pod;
	if (!p)
		return false;
	for (size_t k = 0; k < p->ncontainers; k++) {
		const cs_rt_spec *s = &p->containers[k];
		cs_image_ref r;
		if (!streq(image_base(s->image.v, &r), "git-sync"))
			continue;
		cs_k8s_report(c, &s->image.loc, s->image.v,
			      "%s runs git-sync ('%s') in container '%s': "
			      "whoever can push to the synced repository "
			      "changes what the pod runs, and old versions "
			      "allow command injection through their flags",
			      o->subject, s->image.v,
			      s->name ? s->name : "?");
	}
	return true;
}

/* ---- K8S-DEPRECATED-API -------------------------------------------------- */

typedef struct removed_api {
	const char *version;   /* apiVersion */
	const char *kind;      /* NULL: every kind of that version */
	const char *removed;   /* the Kubernetes release that removed it */
	const char *use;       /* what to use instead */
} removed_api;

/* From the Kubernetes deprecated API migration guide.  Only versions that
 * are removed are listed: a kind that later returned under the same
 * group/version (ValidatingAdmissionPolicy in admissionregistration
 * v1beta1) is matched by kind, not by version. */
static const removed_api removed_apis[] = {
	{"extensions/v1beta1", "Ingress", "1.22", "networking.k8s.io/v1"},
	{"extensions/v1beta1", "NetworkPolicy", "1.16",
	 "networking.k8s.io/v1"},
	{"extensions/v1beta1", "PodSecurityPolicy", "1.16",
	 "Pod Security Admission"},
	{"extensions/v1beta1", NULL, "1.16", "apps/v1"},
	{"apps/v1beta1", NULL, "1.16", "apps/v1"},
	{"apps/v1beta2", NULL, "1.16", "apps/v1"},
	{"networking.k8s.io/v1beta1", "Ingress", "1.22",
	 "networking.k8s.io/v1"},
	{"networking.k8s.io/v1beta1", "IngressClass", "1.22",
	 "networking.k8s.io/v1"},
	{"rbac.authorization.k8s.io/v1beta1", NULL, "1.22",
	 "rbac.authorization.k8s.io/v1"},
	{"rbac.authorization.k8s.io/v1alpha1", NULL, "1.22",
	 "rbac.authorization.k8s.io/v1"},
	{"batch/v1beta1", NULL, "1.25", "batch/v1"},
	{"batch/v2alpha1", NULL, "1.21", "batch/v1"},
	{"policy/v1beta1", "PodSecurityPolicy", "1.25",
	 "Pod Security Admission"},
	{"policy/v1beta1", NULL, "1.25", "policy/v1"},
	{"autoscaling/v2beta1", NULL, "1.25", "autoscaling/v2"},
	{"autoscaling/v2beta2", NULL, "1.26", "autoscaling/v2"},
	{"admissionregistration.k8s.io/v1beta1",
	 "MutatingWebhookConfiguration", "1.22",
	 "admissionregistration.k8s.io/v1"},
	{"admissionregistration.k8s.io/v1beta1",
	 "ValidatingWebhookConfiguration", "1.22",
	 "admissionregistration.k8s.io/v1"},
	{"apiextensions.k8s.io/v1beta1", NULL, "1.22",
	 "apiextensions.k8s.io/v1"},
	{"apiregistration.k8s.io/v1beta1", NULL, "1.22",
	 "apiregistration.k8s.io/v1"},
	{"authentication.k8s.io/v1beta1", "TokenReview", "1.22",
	 "authentication.k8s.io/v1"},
	{"authorization.k8s.io/v1beta1", NULL, "1.22",
	 "authorization.k8s.io/v1"},
	{"certificates.k8s.io/v1beta1", NULL, "1.22",
	 "certificates.k8s.io/v1"},
	{"coordination.k8s.io/v1beta1", NULL, "1.22",
	 "coordination.k8s.io/v1"},
	{"scheduling.k8s.io/v1beta1", NULL, "1.22", "scheduling.k8s.io/v1"},
	{"storage.k8s.io/v1beta1", "CSIStorageCapacity", "1.27",
	 "storage.k8s.io/v1"},
	{"storage.k8s.io/v1beta1", "CSIDriver", "1.22", "storage.k8s.io/v1"},
	{"storage.k8s.io/v1beta1", "CSINode", "1.22", "storage.k8s.io/v1"},
	{"storage.k8s.io/v1beta1", "StorageClass", "1.22",
	 "storage.k8s.io/v1"},
	{"storage.k8s.io/v1beta1", "VolumeAttachment", "1.22",
	 "storage.k8s.io/v1"},
	{"discovery.k8s.io/v1beta1", NULL, "1.25", "discovery.k8s.io/v1"},
	{"events.k8s.io/v1beta1", NULL, "1.25", "events.k8s.io/v1"},
	{"node.k8s.io/v1beta1", NULL, "1.25", "node.k8s.io/v1"},
	{"flowcontrol.apiserver.k8s.io/v1beta1", NULL, "1.26",
	 "flowcontrol.apiserver.k8s.io/v1"},
	{"flowcontrol.apiserver.k8s.io/v1beta2", NULL, "1.29",
	 "flowcontrol.apiserver.k8s.io/v1"},
	{"flowcontrol.apiserver.k8s.io/v1beta3", NULL, "1.32",
	 "flowcontrol.apiserver.k8s.io/v1"},
};

static bool check_deprecated_api(cs_k8s_check *c)
{
	const cs_k8s_object *o = c->obj;
	if (!o->api_version || !o->kind)
		return false;
	for (size_t i = 0; i < CS_COUNT(removed_apis); i++) {
		const removed_api *r = &removed_apis[i];
		if (!streq(o->api_version, r->version) ||
		    (r->kind && !streq(o->kind, r->kind)))
			continue;
		cs_k8s_report(c, &o->api_version_loc, o->api_version,
			      "%s uses apiVersion %s, removed in Kubernetes "
			      "%s: use %s",
			      o->subject, o->api_version, r->removed, r->use);
		break;
	}
	return true;
}

/* ---- the table ----------------------------------------------------------- */

static const cs_rule rows[] = {
	{
		.id = "K8S-CM-SECRET",
		.title = "A ConfigMap holds what looks like a secret",
		.severity = CS_SEV_HIGH,
		.targets = CS_TARGET_K8S,
		.scope = CS_SCOPE_OBJECT,
		.rationale =
			"ConfigMaps are meant for non-confidential data: "
			"they are not encrypted at rest even where Secrets "
			"are, `kubectl describe` prints them, and RBAC "
			"commonly grants read access to them widely.  A key "
			"whose name says it is a secret (DB_PASSWORD, "
			"api.token; the same name matcher as the "
			"environment rules) with a non-empty value, or a "
			"value shaped like a private key or a known token "
			"(AWS access key id, GitHub, GitLab, Slack), is "
			"reported at the key or value.  Values that are "
			"only a templating placeholder (`${VAR}`, "
			"`{{ .Values.x }}`) are not secrets yet and pass.  "
			"Messages name the key, never the value.",
		.remediation =
			"Move the value into a Secret (itself managed with "
			"sealed-secrets, external-secrets or SOPS) and "
			"reference it with secretKeyRef or a secret "
			"volume; keep only non-confidential settings in the "
			"ConfigMap.",
		.example =
			"apiVersion: v1\n"
			"kind: ConfigMap\n"
			"metadata:\n"
			"  name: app-config\n"
			"data:\n"
			"  DB_HOST: db.internal\n"
			"  LOG_LEVEL: info\n"
			"# DB_PASSWORD comes from a Secret via secretKeyRef",
		.cis = "CIS Kubernetes 1.8 5.4.1",
		.nist = "NIST SP 800-190 3.1.4",
		.owasp = "OWASP Docker Top 10 D06",
		.hadolint = "",
		.trivy = "KSV-0109, KSV-01010",
		.checkov = "",
		.kics = "",
		.kube_linter = "",
		.pss = "",
		.check_k8s = check_cm_secret,
	},
	{
		.id = "K8S-SA-AUTOMOUNT",
		.title = "The service account token is mounted automatically",
		.severity = CS_SEV_MEDIUM,
		.targets = CS_TARGET_K8S,
		.scope = CS_SCOPE_SCAN_SET,
		.rationale =
			"Unless told otherwise, the kubelet mounts an API "
			"token of the pod's ServiceAccount into every "
			"container.  Most applications never talk to the "
			"API server, and for them the token only helps an "
			"attacker who gets code execution to move into the "
			"cluster.  The pod passes when it sets "
			"automountServiceAccountToken: false, or when it "
			"leaves it unset and its ServiceAccount (in any "
			"scanned file, same namespace) sets it to false, "
			"as the kubelet reads it; an explicit true on the "
			"pod overrides the ServiceAccount and is reported.",
		.remediation =
			"Set automountServiceAccountToken: false on the "
			"ServiceAccount or on the pod spec; pods that need "
			"the API get a projected token volume with a short "
			"expiry and a specific audience.",
		.example =
			"apiVersion: v1\n"
			"kind: ServiceAccount\n"
			"metadata:\n"
			"  name: web\n"
			"automountServiceAccountToken: false\n"
			"---\n"
			"# in the Deployment's pod template:\n"
			"spec:\n"
			"  serviceAccountName: web\n"
			"  automountServiceAccountToken: false",
		.cis = "CIS Kubernetes 1.8 5.1.6",
		.nist = "NIST SP 800-190 3.3.1",
		.owasp = "",
		.hadolint = "",
		.trivy = "KSV-0036",
		.checkov = "CKV_K8S_38",
		.kics = "Service Account Token Automount Not Disabled",
		.kube_linter = "",
		.pss = "",
		.check_k8s = check_sa_automount,
	},
	{
		.id = "K8S-SA-DEFAULT",
		.title = "The default service account is used or bound",
		.severity = CS_SEV_MEDIUM,
		.targets = CS_TARGET_K8S,
		.scope = CS_SCOPE_OBJECT,
		.rationale =
			"Every pod that names no ServiceAccount runs as the "
			"namespace's `default` one, so permissions granted "
			"to it for one workload reach all of them, and "
			"audit logs cannot tell them apart.  A workload "
			"that sets no serviceAccountName (or the deprecated "
			"serviceAccount) or sets `default` is reported, and "
			"so is a RoleBinding or ClusterRoleBinding that "
			"grants a role to a ServiceAccount named `default`, "
			"which is how the shared account acquires those "
			"permissions in the first place.",
		.remediation =
			"Create a ServiceAccount per workload, name it in "
			"serviceAccountName and bind roles to it; leave the "
			"default ServiceAccount without bindings.",
		.example =
			"apiVersion: v1\n"
			"kind: ServiceAccount\n"
			"metadata:\n"
			"  name: web\n"
			"  namespace: shop\n"
			"---\n"
			"# in the Deployment's pod template:\n"
			"spec:\n"
			"  serviceAccountName: web",
		.cis = "CIS Kubernetes 1.8 5.1.5",
		.nist = "NIST SP 800-190 3.3.1",
		.owasp = "",
		.hadolint = "",
		.trivy = "",
		.checkov = "CKV_K8S_41, CKV_K8S_42",
		.kics = "Default Service Account In Use, Service Account Name "
			"Undefined Or Empty, Role Binding To Default Service "
			"Account",
		.kube_linter = "default-service-account, "
			       "deprecated-service-account-field",
		.pss = "",
		.check_k8s = check_sa_default,
	},
	{
		.id = "K8S-SECCTX-NONE",
		.title = "Neither the pod nor a container sets a "
			 "securityContext",
		.severity = CS_SEV_MEDIUM,
		.targets = CS_TARGET_K8S,
		.scope = CS_SCOPE_OBJECT,
		.rationale =
			"Without any securityContext a container runs with "
			"the runtime's defaults: as the image's user (often "
			"root), with privilege escalation allowed, the "
			"default capability set and no seccomp profile.  A "
			"pod-level securityContext covers every container "
			"for the fields Kubernetes inherits (runAsUser, "
			"runAsNonRoot, seccompProfile ...), and a "
			"container-level one covers that container, so the "
			"rule reports one finding per workload, at its pod "
			"spec, when the pod has none and at least one "
			"container has none either; the finding names the "
			"first such container and how many there are.  An "
			"empty `securityContext: {}` (the default of "
			"`helm create` charts) sets nothing and counts as "
			"none.  The RT-* rules judge what the contexts "
			"contain.",
		.remediation =
			"Give the pod a securityContext with at least "
			"runAsNonRoot and a seccompProfile, and each "
			"container one that disables privilege escalation, "
			"drops all capabilities and makes the root file "
			"system read-only.",
		.example =
			"spec:\n"
			"  securityContext:\n"
			"    runAsNonRoot: true\n"
			"    runAsUser: 10001\n"
			"    seccompProfile:\n"
			"      type: RuntimeDefault\n"
			"  containers:\n"
			"    - name: app\n"
			"      image: registry.example.com/app:1.4.2\n"
			"      securityContext:\n"
			"        allowPrivilegeEscalation: false\n"
			"        readOnlyRootFilesystem: true\n"
			"        capabilities:\n"
			"          drop: [ALL]",
		.cis = "CIS Kubernetes 1.8 5.7.3",
		.nist = "NIST SP 800-190 3.4.3",
		.owasp = "OWASP Docker Top 10 D05",
		.hadolint = "",
		.trivy = "KSV-0118",
		.checkov = "CKV_K8S_29, CKV_K8S_30",
		.kics = "Pod or Container Without Security Context",
		.kube_linter = "",
		.pss = "",
		.check_k8s = check_secctx_none,
	},
	{
		.id = "K8S-NS-DEFAULT",
		.title = "The object is placed in the default namespace",
		.severity = CS_SEV_LOW,
		.targets = CS_TARGET_K8S,
		.scope = CS_SCOPE_OBJECT,
		.rationale =
			"Namespaces are where quotas, NetworkPolicies, Pod "
			"Security admission labels and RBAC draw their "
			"lines; everything left in `default` shares one "
			"set of them.  A namespaced object with no "
			"metadata.namespace lands in whatever namespace the "
			"deploying context points at, which is `default` "
			"unless someone remembered -n.  Cluster-scoped "
			"kinds (ClusterRole, Namespace, PersistentVolume, "
			"StorageClass, webhook configurations ...) have no "
			"namespace and are not judged, nor are custom "
			"resources, whose scope a manifest does not tell.  "
			"Tools that set the namespace at deploy time "
			"(kustomize, helm -n) are the reason this is low: "
			"suppress it for such directories.",
		.remediation =
			"Set metadata.namespace to the application's own "
			"namespace (or set it with kustomize's `namespace:` "
			"and scan the rendered output).",
		.example =
			"metadata:\n"
			"  name: web\n"
			"  namespace: shop",
		.cis = "CIS Kubernetes 1.8 5.7.1, 5.7.4",
		.nist = "",
		.owasp = "",
		.hadolint = "",
		.trivy = "KSV-0110",
		.checkov = "CKV_K8S_21",
		.kics = "Using Default Namespace",
		.kube_linter = "use-namespace",
		.pss = "",
		.check_k8s = check_ns_default,
	},
	{
		.id = "K8S-NS-SYSTEM",
		.title = "A workload runs in kube-system",
		.severity = CS_SEV_MEDIUM,
		.targets = CS_TARGET_K8S,
		.scope = CS_SCOPE_OBJECT,
		.rationale =
			"kube-system holds the cluster's own add-ons (DNS, "
			"CNI, kube-proxy) and their highly privileged "
			"ServiceAccounts and Secrets; anyone allowed to "
			"run pods there can mount them.  Application "
			"workloads belong in their own namespaces so that "
			"RBAC on kube-system can stay tight.  A manifest "
			"cannot say whether a workload is a user's or a "
			"cluster add-on: every workload placed in "
			"kube-system is reported, and add-on manifests "
			"kept in a repository should suppress this rule "
			"with a reason.",
		.remediation =
			"Deploy the workload into an application namespace; "
			"keep kube-system for the cluster's own components.",
		.example =
			"metadata:\n"
			"  name: web\n"
			"  namespace: shop",
		.cis = "CIS Kubernetes 1.8 5.7.1",
		.nist = "NIST SP 800-190 3.3.1",
		.owasp = "",
		.hadolint = "",
		.trivy = "KSV-0037",
		.checkov = "",
		.kics = "",
		.kube_linter = "",
		.pss = "",
		.check_k8s = check_ns_system,
	},
	{
		.id = "K8S-NETPOL-NONE",
		.title = "No NetworkPolicy selects the workload",
		.severity = CS_SEV_MEDIUM,
		.targets = CS_TARGET_K8S,
		.scope = CS_SCOPE_SCAN_SET,
		.rationale =
			"Kubernetes lets every pod talk to every other pod "
			"until a NetworkPolicy selects it; from then on "
			"only what a policy allows gets through.  A "
			"workload whose pod labels no NetworkPolicy of its "
			"namespace selects, in any scanned file, is open to "
			"lateral movement from any compromised pod in the "
			"cluster.  `podSelector: {}` selects every pod of "
			"the namespace, so one default-deny policy covers "
			"them all.  Policies deployed from another "
			"repository are not seen: scan them together, or "
			"suppress with a reason.",
		.remediation =
			"Add a default-deny NetworkPolicy to the namespace "
			"and policies that allow the traffic each workload "
			"needs.",
		.example =
			"apiVersion: networking.k8s.io/v1\n"
			"kind: NetworkPolicy\n"
			"metadata:\n"
			"  name: default-deny\n"
			"  namespace: shop\n"
			"spec:\n"
			"  podSelector: {}\n"
			"  policyTypes: [Ingress, Egress]",
		.cis = "CIS Kubernetes 1.8 5.3.2",
		.nist = "NIST SP 800-190 3.3.3",
		.owasp = "OWASP Docker Top 10 D03",
		.hadolint = "",
		.trivy = "",
		.checkov = "CKV2_K8S_6",
		.kics = "Pod Misconfigured Network Policy",
		.kube_linter = "non-isolated-pod",
		.pss = "",
		.check_k8s = check_netpol_none,
	},
	{
		.id = "K8S-NETPOL-DANGLING",
		.title = "A NetworkPolicy selects no workload",
		.severity = CS_SEV_LOW,
		.targets = CS_TARGET_K8S,
		.scope = CS_SCOPE_SCAN_SET,
		.rationale =
			"A NetworkPolicy whose podSelector matches no pod "
			"protects nothing; it is usually a label typo or a "
			"leftover, and the pods it was meant to isolate "
			"stay open while the policy suggests otherwise.  "
			"The selector is compared with the pod labels of "
			"every workload of its namespace in the scanned "
			"files.  An empty podSelector (`{}`, or none, "
			"which the API defaults to `{}`) selects every pod "
			"of the namespace, present or future, and is never "
			"dangling: reporting default-deny policies is the "
			"false positive users of some scanners complain "
			"about.",
		.remediation =
			"Fix the podSelector to match the labels of the pod "
			"template it is meant for, or delete the policy.",
		.example =
			"spec:\n"
			"  podSelector:\n"
			"    matchLabels:\n"
			"      app: web   # as in the Deployment's "
			"template.metadata.labels",
		.cis = "",
		.nist = "NIST SP 800-190 3.3.3",
		.owasp = "",
		.hadolint = "",
		.trivy = "KSV-0038",
		.checkov = "",
		.kics = "Network Policy Is Not Targeting Any Pod",
		.kube_linter = "dangling-networkpolicy",
		.pss = "",
		.check_k8s = check_netpol_dangling,
	},
	{
		.id = "K8S-HOSTALIASES",
		.title = "The pod sets hostAliases",
		.severity = CS_SEV_LOW,
		.targets = CS_TARGET_K8S,
		.scope = CS_SCOPE_OBJECT,
		.rationale =
			"hostAliases writes entries into the pod's "
			"/etc/hosts, which take precedence over cluster "
			"DNS.  They are invisible to DNS-based policy and "
			"monitoring, go stale when addresses move, and are "
			"a quiet way to redirect a service's traffic.  "
			"KICS inverts this check (it wants hostAliases set); "
			"customs follows Trivy and kubesec and reports "
			"their use.  An empty list passes.",
		.remediation =
			"Publish the names through DNS (a Service, an "
			"ExternalName Service or the cluster's DNS "
			"configuration) instead of hostAliases.",
		.example =
			"apiVersion: v1\n"
			"kind: Service\n"
			"metadata:\n"
			"  name: legacy-db\n"
			"spec:\n"
			"  type: ExternalName\n"
			"  externalName: db.internal.example.com",
		.cis = "",
		.nist = "",
		.owasp = "",
		.hadolint = "",
		.trivy = "KSV-0007",
		.checkov = "",
		.kics = "",
		.kube_linter = "",
		.pss = "",
		.check_k8s = check_hostaliases,
	},
	{
		.id = "K8S-VOLTYPES",
		.title = "A volume type outside the restricted profile's list",
		.severity = CS_SEV_LOW,
		.targets = CS_TARGET_K8S,
		.scope = CS_SCOPE_OBJECT,
		.rationale =
			"The restricted Pod Security Standard allows only "
			"configMap, csi, downwardAPI, emptyDir, ephemeral, "
			"image, persistentVolumeClaim, projected and secret "
			"volumes: the others (hostPath, nfs, iscsi, rbd, "
			"cephfs, gitRepo ...) reach the node or network "
			"storage directly, with the kubelet's privileges, "
			"instead of through a PersistentVolume that an "
			"administrator controls.  Each volume outside the "
			"list is reported at its source key.  A volume "
			"with no source is an emptyDir.  hostPath is also "
			"RT-HOSTPATH's concern; this rule is the restricted "
			"profile's allow-list.",
		.remediation =
			"Use a PersistentVolumeClaim (bound to a "
			"PersistentVolume or a CSI driver the cluster "
			"administrator provides) instead of the in-line "
			"volume type.",
		.example =
			"volumes:\n"
			"  - name: data\n"
			"    persistentVolumeClaim:\n"
			"      claimName: web-data",
		.cis = "",
		.nist = "",
		.owasp = "",
		.hadolint = "",
		.trivy = "KSV-0028",
		.checkov = "",
		.kics = "",
		.kube_linter = "",
		.pss = "restricted",
		.check_k8s = check_voltypes,
	},
	{
		.id = "K8S-SVC-EXPOSE",
		.title = "A Service is exposed outside the cluster",
		.severity = CS_SEV_MEDIUM,
		.targets = CS_TARGET_K8S,
		.scope = CS_SCOPE_OBJECT,
		.rationale =
			"A NodePort Service opens its port on every node's "
			"addresses, past any ingress controller or load "
			"balancer that would terminate TLS and filter "
			"requests; a LoadBalancer Service gets an address "
			"outside the cluster; externalIPs let whoever "
			"creates a Service capture traffic to any address "
			"(CVE-2020-8554, never fixed, only mitigated by "
			"admission).  A LoadBalancer marked internal with a "
			"cloud provider's annotation (AWS, GKE, Azure, OCI, "
			"OpenStack, IBM) stays inside the network and "
			"passes.",
		.remediation =
			"Use a ClusterIP Service behind an Ingress or "
			"Gateway; when a load balancer is needed, make it "
			"internal or restrict loadBalancerSourceRanges; do "
			"not use externalIPs.",
		.example =
			"apiVersion: v1\n"
			"kind: Service\n"
			"metadata:\n"
			"  name: web\n"
			"spec:\n"
			"  type: ClusterIP\n"
			"  selector:\n"
			"    app: web\n"
			"  ports:\n"
			"    - port: 80\n"
			"      targetPort: 8080",
		.cis = "",
		.nist = "NIST SP 800-190 3.4.2",
		.owasp = "OWASP Docker Top 10 D03",
		.hadolint = "",
		.trivy = "KSV-0108",
		.checkov = "",
		.kics = "Service Type is NodePort, Service With External "
			"Load Balancer",
		.kube_linter = "exposed-services",
		.pss = "",
		.check_k8s = check_svc_expose,
	},
	{
		.id = "K8S-INGRESS-TLS",
		.title = "An Ingress serves without TLS",
		.severity = CS_SEV_LOW,
		.targets = CS_TARGET_K8S,
		.scope = CS_SCOPE_OBJECT,
		.rationale =
			"An Ingress without spec.tls serves its hosts over "
			"plain HTTP, so credentials and session cookies "
			"cross the network in clear text.  Some setups "
			"terminate TLS before the ingress controller (a "
			"cloud load balancer) or give the controller a "
			"default certificate; that is invisible in the "
			"manifest, hence low, and such Ingresses should "
			"suppress the rule with a reason.  An empty "
			"`tls: []` counts as none.",
		.remediation =
			"Add a spec.tls entry naming the hosts and a Secret "
			"with their certificate (cert-manager can issue "
			"it).",
		.example =
			"spec:\n"
			"  tls:\n"
			"    - hosts: [shop.example.com]\n"
			"      secretName: shop-tls\n"
			"  rules:\n"
			"    - host: shop.example.com",
		.cis = "",
		.nist = "NIST SP 800-190 3.4.2",
		.owasp = "",
		.hadolint = "",
		.trivy = "",
		.checkov = "",
		.kics = "",
		.kube_linter = "",
		.pss = "",
		.check_k8s = check_ingress_tls,
	},
	{
		.id = "K8S-NGINX-SNIPPET",
		.title = "An Ingress uses ingress-nginx snippet annotations",
		.severity = CS_SEV_HIGH,
		.targets = CS_TARGET_K8S,
		.scope = CS_SCOPE_OBJECT,
		.rationale =
			"ingress-nginx pastes the text of its `*-snippet` "
			"annotations (configuration-snippet, server-snippet, "
			"auth-snippet, stream-snippet ...) into the "
			"controller's nginx configuration.  Anyone who can "
			"create an Ingress can then run Lua or read files "
			"in the controller, including the ServiceAccount "
			"token that can read every Secret of the cluster "
			"(CVE-2021-25742, and the 2025 IngressNightmare "
			"chain).  Recent controllers disable snippet "
			"annotations by default; manifests that rely on "
			"them push operators to turn them back on.",
		.remediation =
			"Replace snippets with the dedicated annotations or "
			"a ConfigMap setting of the controller; keep "
			"allow-snippet-annotations false.",
		.example =
			"metadata:\n"
			"  annotations:\n"
			"    nginx.ingress.kubernetes.io/proxy-body-size: 8m",
		.cis = "",
		.nist = "",
		.owasp = "",
		.hadolint = "",
		.trivy = "KCV-0093",
		.checkov = "CKV_K8S_152, CKV_K8S_153, CKV_K8S_154",
		.kics = "",
		.kube_linter = "",
		.pss = "",
		.check_k8s = check_nginx_snippet,
	},
	{
		.id = "K8S-LEGACY-ADMIN",
		.title = "Tiller or the Kubernetes dashboard is deployed",
		.severity = CS_SEV_MEDIUM,
		.targets = CS_TARGET_K8S,
		.scope = CS_SCOPE_OBJECT,
		.rationale =
			"Tiller, the server side of Helm v2, listens on an "
			"unauthenticated gRPC port and usually runs as "
			"cluster-admin: any pod that reaches it owns the "
			"cluster.  Helm v3 removed it.  The Kubernetes "
			"dashboard is a web front end to the API whose "
			"ServiceAccount, often over-privileged, has been a "
			"common way into clusters.  Workloads are "
			"recognised by their image (.../tiller, "
			"kubernetesui/dashboard, kubernetes-dashboard-*) or "
			"by Tiller's labels (app: helm, name: tiller); "
			"Services by the name tiller-deploy or a selector "
			"for those labels or k8s-app: kubernetes-dashboard.",
		.remediation =
			"Remove Tiller and use Helm v3.  Remove the "
			"dashboard, or run it with a read-only "
			"ServiceAccount, reachable only through kubectl "
			"proxy or an authenticating proxy.",
		.example =
			"# Helm v3 needs no in-cluster component:\n"
			"helm upgrade --install web ./chart -n shop",
		.cis = "",
		.nist = "NIST SP 800-190 3.3.1",
		.owasp = "",
		.hadolint = "",
		.trivy = "KSV-0102",
		.checkov = "CKV_K8S_33, CKV_K8S_34, CKV_K8S_44, CKV_K8S_45",
		.kics = "Tiller (Helm v2) Is Deployed, Tiller Service Is Not "
			"Deleted, Tiller Deployment Is Accessible From Within "
			"The Cluster, Dashboard Is Enabled",
		.kube_linter = "",
		.pss = "",
		.check_k8s = check_legacy_admin,
	},
	{
		.id = "K8S-GITSYNC",
		.title = "A git-sync container pulls code into the pod",
		.severity = CS_SEV_LOW,
		.targets = CS_TARGET_K8S,
		.scope = CS_SCOPE_OBJECT,
		.rationale =
			"git-sync keeps a directory in sync with a Git "
			"repository at run time: whoever can push to that "
			"branch changes what the pod serves or runs, "
			"outside image signing and review, and older "
			"git-sync versions let crafted flags and "
			"repository contents run commands.  It is reported "
			"so that its use is a decision: pin the repository "
			"to a reviewed revision or ship the content in the "
			"image.",
		.remediation =
			"Bake the content into a signed image, or pin "
			"git-sync to a commit (--ref a SHA) of a protected "
			"repository with a current git-sync release.",
		.example =
			"containers:\n"
			"  - name: site\n"
			"    image: registry.example.com/site@sha256:...   "
			"# content built into the image",
		.cis = "",
		.nist = "",
		.owasp = "",
		.hadolint = "",
		.trivy = "",
		.checkov = "CKV_K8S_159",
		.kics = "",
		.kube_linter = "",
		.pss = "",
		.check_k8s = check_gitsync,
	},
	{
		.id = "K8S-DEPRECATED-API",
		.title = "The object uses a removed API version",
		.severity = CS_SEV_LOW,
		.targets = CS_TARGET_K8S,
		.scope = CS_SCOPE_OBJECT,
		.rationale =
			"API versions such as extensions/v1beta1, "
			"apps/v1beta2, batch/v1beta1 or policy/v1beta1 are "
			"no longer served by current clusters: the "
			"manifest fails to apply, or is applied by an old "
			"pipeline to an old cluster that also misses "
			"security fixes and newer defaults (PodSecurityPolicy "
			"is gone altogether).  The message names the "
			"release that removed the version and what to use "
			"instead, after the Kubernetes deprecated API "
			"migration guide.",
		.remediation =
			"Move the manifest to the API version named in the "
			"message (kubectl convert helps) and adapt the "
			"fields that changed.",
		.example =
			"apiVersion: apps/v1\n"
			"kind: Deployment",
		.cis = "",
		.nist = "",
		.owasp = "",
		.hadolint = "",
		.trivy = "KSV-0107",
		.checkov = "",
		.kics = "",
		.kube_linter = "no-extensions-v1beta",
		.pss = "",
		.check_k8s = check_deprecated_api,
	},
	{
		.id = "K8S-SECRET-DATA",
		.title = "A Secret is committed with its data",
		.severity = CS_SEV_HIGH,
		.targets = CS_TARGET_K8S,
		.scope = CS_SCOPE_OBJECT,
		.rationale =
			"A Secret manifest with data or stringData puts the "
			"secret in the repository: base64 is an encoding, "
			"not encryption, so every clone, fork, CI log and "
			"backup of the repository holds it, and rotating it "
			"means rewriting history.  Keys with an empty value "
			"or a templating placeholder pass.  The finding "
			"points at the first key with a value and counts "
			"them; it never shows a value.  Commit an encrypted "
			"form instead: a SealedSecret, an ExternalSecret "
			"that fetches it from a vault, or a SOPS-encrypted "
			"file.",
		.remediation =
			"Remove the Secret from the repository (and rotate "
			"what it held); manage it with sealed-secrets, "
			"external-secrets or SOPS.",
		.example =
			"apiVersion: external-secrets.io/v1beta1\n"
			"kind: ExternalSecret\n"
			"metadata:\n"
			"  name: db\n"
			"spec:\n"
			"  secretStoreRef:\n"
			"    name: vault\n"
			"    kind: ClusterSecretStore\n"
			"  target:\n"
			"    name: db\n"
			"  dataFrom:\n"
			"    - extract:\n"
			"        key: shop/db",
		.cis = "CIS Kubernetes 1.8 5.4.2",
		.nist = "NIST SP 800-190 3.1.4",
		.owasp = "OWASP Docker Top 10 D06",
		.hadolint = "",
		.trivy = "",
		.checkov = "",
		.kics = "",
		.kube_linter = "",
		.pss = "",
		.check_k8s = check_secret_data,
	},
};

const cs_rule_family cs_family_k8s_objects = {"k8s-objects", rows,
					      CS_COUNT(rows)};

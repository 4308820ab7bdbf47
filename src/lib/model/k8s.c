/*
 * k8s.c - Kubernetes manifests into objects, pods and container specs;
 * see k8s.h.
 *
 * Every mapping is walked once, pair by pair, and the keys that matter are
 * dispatched as they come: normalizing costs a small constant per YAML
 * node, and a duplicate key resolves the way cs_yaml_get() does (the last
 * one wins).  Objects and containers live in arrays that are counted
 * before they are filled, so the pointers into them (pod->obj, spec->pod)
 * stay valid, and lists are sized from their sequence before they are
 * filled.  YAML path links are made only for fields that are set.
 *
 * Names that are looked up (a volumeMount's volume, a container's legacy
 * annotation) are searched linearly in pods of ordinary size and through a
 * sorted index past LINEAR_MAX entries, so a hostile pod with thousands of
 * containers and volumes costs n log n, not n * m.
 *
 * A field of the wrong shape (a scalar securityContext, containers that
 * are a mapping) is a diagnostic at the node and is otherwise ignored: the
 * rest of the object is still read.
 */
#include "k8s.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "yamlread.h"

#define MAX_DIAGS 256
#define LINEAR_MAX 64

#define SECCOMP_POD_ANN "seccomp.security.alpha.kubernetes.io/pod"
#define SECCOMP_CTR_ANN "container.seccomp.security.alpha.kubernetes.io/"
#define APPARMOR_CTR_ANN "container.apparmor.security.beta.kubernetes.io/"

typedef struct ld {
	cs_arena *a;
	cs_k8s *out;
	bool oom;
} ld;

static bool streq(const char *a, const char *b)
{
	return strcmp(a, b) == 0;
}

static bool has_prefix(const char *s, const char *p)
{
	return strncmp(s, p, strlen(p)) == 0;
}

static void diag(ld *l, cs_mark m, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void diag(ld *l, cs_mark m, const char *fmt, ...)
{
	cs_k8s *o = l->out;
	if (o->diags.n >= MAX_DIAGS) {
		o->diags_dropped++;
		return;
	}
	cs_k8s_diag *d = CS_RT_PUSH(l->a, &o->diags);
	if (!d) {
		l->oom = true;
		return;
	}
	va_list ap;
	va_start(ap, fmt);
	d->message = cs_arena_vprintf(l->a, fmt, ap);
	va_end(ap);
	if (!d->message) {
		l->oom = true;
		d->message = "";
	}
	d->code = CS_ERR_PARSE;
	d->mark = m;
}

/* ---- lists ------------------------------------------------------------- */

static void reserve(ld *l, void *list, size_t k, size_t elem)
{
	if (!cs_rt_list_reserve(l->a, list, k, elem))
		l->oom = true;
}

static void *push(ld *l, void *list, size_t elem)
{
	void *e = cs_rt_list_push(l->a, list, elem);
	if (!e)
		l->oom = true;
	return e;
}

#define RESERVE(l, list, k) reserve((l), (list), (k), sizeof(*(list)->v))
#define PUSH(l, list)                                                          \
	((__typeof__((list)->v))push((l), (list), sizeof(*(list)->v)))

/* ---- fields ------------------------------------------------------------ */

/* The field cursor of yamlread.h, bound to this loader's arena below. */
typedef cs_yfield fld;

static const cs_ypath *fpath(ld *l, fld *f)
{
	return cs_yf_path(l->a, f);
}

static cs_loc floc(ld *l, fld *f)
{
	return cs_yf_loc(l->a, f);
}

/* The path of item i of the sequence in field f. */
static const cs_ypath *item_path(ld *l, fld *f, size_t i)
{
	return cs_ypath_idx(l->a, fpath(l, f), (int32_t)i);
}

static cs_loc nloc(const cs_yaml_node *n, const cs_ypath *p)
{
	return (cs_loc){.at = n->mark, .path = p};
}

static void bad_shape(ld *l, const char *what, const cs_yaml_node *v,
		      cs_yaml_kind want)
{
	diag(l, v->mark, "'%s' should be a %s, not a %s", what,
	     cs_yaml_kind_name(want), cs_yaml_kind_name(v->kind));
}

static void bad_item(ld *l, const char *what, const cs_yaml_node *v,
		     cs_yaml_kind want)
{
	diag(l, v->mark, "an item of '%s' should be a %s, not a %s", what,
	     cs_yaml_kind_name(want), cs_yaml_kind_name(v->kind));
}

/* Is the value of this shape?  A null value is silently absent. */
static bool want(ld *l, fld *f, cs_yaml_kind kind)
{
	if (cs_yaml_is_null(f->v))
		return false;
	if (f->v->kind == kind)
		return true;
	bad_shape(l, f->k->scalar, f->v, kind);
	return false;
}

/* The sequence in f, to fill `list` from: the list is emptied and sized
 * for its items.  NULL when f is absent or not a sequence. */
static const cs_yaml_node *seq_into(ld *l, fld *f, size_t *n, void *list,
				    size_t elem)
{
	if (!want(l, f, CS_YAML_SEQ))
		return NULL;
	*n = 0;
	reserve(l, list, f->v->nitems, elem);
	return f->v;
}

#define SEQ_INTO(l, f, list)                                                   \
	seq_into((l), (f), &(list)->n, (list), sizeof(*(list)->v))

/* Item i of the sequence in f when it is of this shape; otherwise NULL
 * after a diagnostic. */
static const cs_yaml_node *item_of(ld *l, fld *f, size_t i, cs_yaml_kind kind)
{
	const cs_yaml_node *it = f->v->items[i];
	if (it->kind == kind)
		return it;
	bad_item(l, f->k->scalar, it, kind);
	return NULL;
}

static const char *text_of(ld *l, fld *f)
{
	return want(l, f, CS_YAML_SCALAR) ? f->v->scalar : NULL;
}

static void rd_text(ld *l, fld *f, cs_rt_text *t)
{
	const char *v = text_of(l, f);
	if (!v)
		return;
	t->v = v;
	t->loc = floc(l, f);
}

/* A boolean as Kubernetes reads it; a quoted "true" or a typo is written
 * but unknown, and rules then cannot tell. */
static void rd_flag(ld *l, fld *f, cs_rt_flag *out)
{
	if (cs_yaml_is_null(f->v))
		return;
	cs_rt_flag r = {.v = CS_TRI_UNKNOWN, .loc = floc(l, f)};
	if (f->v->kind != CS_YAML_SCALAR) {
		bad_shape(l, f->k->scalar, f->v, CS_YAML_SCALAR);
	} else {
		bool b;
		r.raw = f->v->scalar;
		if (cs_yaml_bool(f->v, &b))
			r.v = b ? CS_TRI_TRUE : CS_TRI_FALSE;
	}
	*out = r;
}

static void num_from(const cs_yaml_node *v, cs_rt_num *n)
{
	long long x;
	n->set = true;
	n->raw = v->scalar;
	if (cs_yaml_int(v, &x)) {
		n->valid = true;
		n->v = (int64_t)x;
	}
}

static void rd_num(ld *l, fld *f, cs_rt_num *out)
{
	if (!want(l, f, CS_YAML_SCALAR))
		return;
	cs_rt_num r = {.loc = floc(l, f)};
	num_from(f->v, &r);
	*out = r;
}

/* An integer or 0 when absent or unreadable. */
static int64_t int_of(ld *l, fld *f)
{
	long long x;
	if (!want(l, f, CS_YAML_SCALAR) || !cs_yaml_int(f->v, &x))
		return 0;
	return (int64_t)x;
}

typedef CS_RT_LIST(cs_rt_text) text_list;

/* A sequence of scalars, each with its item's location. */
static void rd_texts(ld *l, fld *f, void *list)
{
	text_list *out = list;
	if (!want(l, f, CS_YAML_SEQ))
		return;
	const cs_yaml_node *s = f->v;
	RESERVE(l, out, s->nitems);
	for (size_t i = 0; i < s->nitems; i++) {
		const cs_yaml_node *it = s->items[i];
		if (cs_yaml_is_null(it))
			continue;
		if (it->kind != CS_YAML_SCALAR) {
			bad_item(l, f->k->scalar, it, CS_YAML_SCALAR);
			continue;
		}
		cs_rt_text *t = PUSH(l, out);
		if (!t)
			return;
		t->v = it->scalar;
		t->loc = nloc(it, item_path(l, f, i));
	}
}

/* Labels, annotations, data: every pair with a scalar key. */
static void rd_kvs(ld *l, fld *f, cs_k8s_kvs *out)
{
	if (!want(l, f, CS_YAML_MAP))
		return;
	const cs_yaml_node *m = f->v;
	RESERVE(l, out, m->npairs);
	for (size_t i = 0; i < m->npairs; i++) {
		fld g;
		if (!cs_yf_at(m, i, fpath(l, f), &g))
			continue;
		cs_k8s_kv *kv = PUSH(l, out);
		if (!kv)
			return;
		kv->key = g.k->scalar;
		if (g.v->kind == CS_YAML_SCALAR && !cs_yaml_is_null(g.v))
			kv->value = g.v->scalar;
		kv->loc = floc(l, &g);
		kv->value_loc = nloc(g.v, kv->loc.path);
	}
}

/* The last pair with this key, as cs_yaml_get() would pick. */
static const cs_k8s_kv *kv_find(const cs_k8s_kvs *kvs, const char *key)
{
	for (size_t i = kvs->n; i-- > 0;)
		if (streq(kvs->v[i].key, key))
			return &kvs->v[i];
	return NULL;
}

const char *cs_k8s_kv_get(const cs_k8s_kvs *kvs, const char *key)
{
	if (!kvs || !key)
		return NULL;
	const cs_k8s_kv *kv = kv_find(kvs, key);
	return kv ? kv->value : NULL;
}

/* ---- name index -------------------------------------------------------- */

/* Names to look up; past LINEAR_MAX entries sorted by (name, order) so that
 * a lookup finds the last entry of a name, as a linear search from the
 * end does. */
typedef struct nref {
	const char *name;
	size_t order;
	const void *p;
} nref;

typedef struct nindex {
	nref *v;
	size_t n, cap;
	bool sorted;
} nindex;

static int nref_cmp(const void *x, const void *y)
{
	const nref *a = x, *b = y;
	int c = strcmp(a->name, b->name);
	if (c)
		return c;
	return a->order < b->order ? -1 : a->order > b->order;
}

static void nindex_add(ld *l, nindex *x, const char *name, const void *p)
{
	nref *r = PUSH(l, x);
	if (r)
		*r = (nref){name, x->n - 1, p};
}

static void nindex_seal(nindex *x)
{
	if (x->n > LINEAR_MAX) {
		qsort(x->v, x->n, sizeof(*x->v), nref_cmp);
		x->sorted = true;
	}
}

static const void *nindex_find(const nindex *x, const char *name)
{
	if (!name)
		return NULL;
	if (!x->sorted) {
		for (size_t i = x->n; i-- > 0;)
			if (streq(x->v[i].name, name))
				return x->v[i].p;
		return NULL;
	}
	/* the first entry whose name sorts after `name`; the one before it
	 * is the last of `name`, if any */
	size_t lo = 0, hi = x->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (strcmp(x->v[mid].name, name) <= 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo > 0 && streq(x->v[lo - 1].name, name))
		return x->v[lo - 1].p;
	return NULL;
}

/* ---- security settings ------------------------------------------------- */

static cs_profile profile_type(const char *v)
{
	if (!v)
		return CS_PROFILE_OTHER;
	if (streq(v, "RuntimeDefault") || streq(v, "runtime/default") ||
	    streq(v, "docker/default"))
		return CS_PROFILE_RUNTIME_DEFAULT;
	if (streq(v, "Localhost") || has_prefix(v, "localhost/"))
		return CS_PROFILE_LOCALHOST;
	if (streq(v, "Unconfined") || streq(v, "unconfined"))
		return CS_PROFILE_UNCONFINED;
	return CS_PROFILE_OTHER;
}

/* seccompProfile / appArmorProfile {type, localhostProfile}: the loc is the
 * `type:` key, which is what a finding about the type points at. */
static void rd_profile(ld *l, fld *f, cs_rt_profile *out)
{
	if (!want(l, f, CS_YAML_MAP))
		return;
	cs_rt_profile r = {.type = CS_PROFILE_OTHER, .loc = floc(l, f)};
	const cs_yaml_node *m = f->v;
	for (size_t i = 0; i < m->npairs; i++) {
		fld g;
		if (!cs_yf_at(m, i, fpath(l, f), &g) || !cs_yf_is(&g, "type"))
			continue;
		const char *t = text_of(l, &g);
		r.value = t;
		r.type = profile_type(t);
		r.loc = floc(l, &g);
	}
	*out = r;
}

static void rd_selinux(ld *l, fld *f, cs_rt_selinux *out)
{
	if (!want(l, f, CS_YAML_MAP))
		return;
	cs_rt_selinux r = {.set = true, .loc = floc(l, f)};
	const cs_yaml_node *m = f->v;
	for (size_t i = 0; i < m->npairs; i++) {
		fld g;
		if (!cs_yf_at(m, i, fpath(l, f), &g))
			continue;
		if (cs_yf_is(&g, "type"))
			rd_text(l, &g, &r.type);
		else if (cs_yf_is(&g, "user"))
			rd_text(l, &g, &r.user);
		else if (cs_yf_is(&g, "role"))
			rd_text(l, &g, &r.role);
		else if (cs_yf_is(&g, "level"))
			rd_text(l, &g, &r.level);
	}
	*out = r;
}

static void rd_windows(ld *l, fld *f, cs_rt_flag *host_process)
{
	if (!want(l, f, CS_YAML_MAP))
		return;
	const cs_yaml_node *m = f->v;
	for (size_t i = 0; i < m->npairs; i++) {
		fld g;
		if (cs_yf_at(m, i, fpath(l, f), &g) &&
		    cs_yf_is(&g, "hostProcess"))
			rd_flag(l, &g, host_process);
	}
}

/* The seven settings a pod's securityContext hands down to its containers,
 * which both securityContexts spell the same way. */
typedef struct inh {
	cs_rt_num *run_as_user, *run_as_group;
	cs_rt_flag *run_as_non_root;
	cs_rt_profile *seccomp, *apparmor;
	cs_rt_selinux *selinux;
	cs_rt_flag *host_process;
} inh;

static bool rd_inheritable(ld *l, fld *g, const inh *t)
{
	const char *k = g->k->scalar;
	if (streq(k, "runAsUser"))
		rd_num(l, g, t->run_as_user);
	else if (streq(k, "runAsGroup"))
		rd_num(l, g, t->run_as_group);
	else if (streq(k, "runAsNonRoot"))
		rd_flag(l, g, t->run_as_non_root);
	else if (streq(k, "seccompProfile"))
		rd_profile(l, g, t->seccomp);
	else if (streq(k, "appArmorProfile"))
		rd_profile(l, g, t->apparmor);
	else if (streq(k, "seLinuxOptions"))
		rd_selinux(l, g, t->selinux);
	else if (streq(k, "windowsOptions"))
		rd_windows(l, g, t->host_process);
	else
		return false;
	return true;
}

/* ---- the pod ----------------------------------------------------------- */

typedef struct podctx {
	cs_k8s_pod *pod;
	const cs_k8s_object *obj;
	nindex volumes;	    /* past LINEAR_MAX only */
	nindex seccomp_ann; /* container.seccomp... annotations by name */
	nindex apparmor_ann;
	const cs_k8s_kv *seccomp_pod_ann;
} podctx;

static void rd_pod_secctx(ld *l, fld *f, cs_k8s_pod *p)
{
	if (!want(l, f, CS_YAML_MAP))
		return;
	p->security_context_loc = floc(l, f);
	inh t = {&p->run_as_user,
		 &p->run_as_group,
		 &p->run_as_non_root,
		 &p->seccomp,
		 &p->apparmor,
		 &p->selinux,
		 &p->windows_host_process};
	const cs_yaml_node *m = f->v;
	for (size_t i = 0; i < m->npairs; i++) {
		fld g;
		if (!cs_yf_at(m, i, fpath(l, f), &g) ||
		    rd_inheritable(l, &g, &t))
			continue;
		if (cs_yf_is(&g, "fsGroup")) {
			rd_num(l, &g, &p->fs_group);
		} else if (cs_yf_is(&g, "supplementalGroups")) {
			const cs_yaml_node *s =
				SEQ_INTO(l, &g, &p->supplemental_groups);
			if (!s)
				continue;
			for (size_t j = 0; j < s->nitems; j++) {
				const cs_yaml_node *it =
					item_of(l, &g, j, CS_YAML_SCALAR);
				if (!it)
					continue;
				cs_rt_num *n = PUSH(l, &p->supplemental_groups);
				if (!n)
					return;
				num_from(it, n);
				n->loc = nloc(it, item_path(l, &g, j));
			}
		} else if (cs_yf_is(&g, "sysctls")) {
			const cs_yaml_node *s = SEQ_INTO(l, &g, &p->sysctls);
			if (!s)
				continue;
			for (size_t j = 0; j < s->nitems; j++) {
				const cs_yaml_node *it =
					item_of(l, &g, j, CS_YAML_MAP);
				if (!it)
					continue;
				cs_rt_sysctl *sc = PUSH(l, &p->sysctls);
				if (!sc)
					return;
				const cs_ypath *ip = item_path(l, &g, j);
				sc->loc = nloc(it, ip);
				for (size_t k = 0; k < it->npairs; k++) {
					fld h;
					if (!cs_yf_at(it, k, ip, &h))
						continue;
					if (cs_yf_is(&h, "name"))
						sc->name = text_of(l, &h);
					else if (cs_yf_is(&h, "value"))
						sc->value = text_of(l, &h);
				}
			}
		}
	}
}

static void rd_volumes(ld *l, fld *f, cs_k8s_pod *p)
{
	const cs_yaml_node *s = SEQ_INTO(l, f, &p->volumes);
	if (!s)
		return;
	for (size_t i = 0; i < s->nitems; i++) {
		const cs_yaml_node *it = item_of(l, f, i, CS_YAML_MAP);
		if (!it)
			continue;
		cs_k8s_volume *v = PUSH(l, &p->volumes);
		if (!v)
			return;
		const cs_ypath *ip = item_path(l, f, i);
		v->loc = nloc(it, ip);
		for (size_t j = 0; j < it->npairs; j++) {
			fld g;
			if (!cs_yf_at(it, j, ip, &g))
				continue;
			if (cs_yf_is(&g, "name")) {
				v->name = text_of(l, &g);
				continue;
			}
			if (v->type)
				continue; /* one source; the API refuses two */
			v->type = g.k->scalar;
			v->type_loc = floc(l, &g);
			if (g.v->kind != CS_YAML_MAP)
				continue;
			bool hp = cs_yf_is(&g, "hostPath");
			bool ed = cs_yf_is(&g, "emptyDir");
			for (size_t k = 0; (hp || ed) && k < g.v->npairs; k++) {
				fld h;
				if (!cs_yf_at(g.v, k, fpath(l, &g), &h))
					continue;
				if (hp && cs_yf_is(&h, "path")) {
					v->host_path = text_of(l, &h);
					v->host_path_loc = floc(l, &h);
				} else if (ed && cs_yf_is(&h, "medium")) {
					v->medium = text_of(l, &h);
				}
			}
		}
	}
}

static const cs_k8s_volume *find_volume(const podctx *pc, const char *name)
{
	if (!name)
		return NULL;
	const cs_k8s_pod *p = pc->pod;
	if (p->volumes.n > LINEAR_MAX)
		return nindex_find(&pc->volumes, name);
	for (size_t i = p->volumes.n; i-- > 0;)
		if (p->volumes.v[i].name && streq(p->volumes.v[i].name, name))
			return &p->volumes.v[i];
	return NULL;
}

/* ---- containers -------------------------------------------------------- */

static void rd_caps(ld *l, fld *f, cs_rt_spec *s)
{
	if (!want(l, f, CS_YAML_MAP))
		return;
	const cs_yaml_node *m = f->v;
	for (size_t i = 0; i < m->npairs; i++) {
		fld g;
		if (!cs_yf_at(m, i, fpath(l, f), &g))
			continue;
		if (cs_yf_is(&g, "add")) {
			s->cap_add.n = 0;
			s->cap_add_loc = floc(l, &g);
			rd_texts(l, &g, &s->cap_add);
		} else if (cs_yf_is(&g, "drop")) {
			s->cap_drop.n = 0;
			s->cap_drop_loc = floc(l, &g);
			rd_texts(l, &g, &s->cap_drop);
		}
	}
}

static void rd_ctr_secctx(ld *l, fld *f, cs_rt_spec *s)
{
	if (!want(l, f, CS_YAML_MAP))
		return;
	s->security_context_loc = floc(l, f);
	inh t = {&s->run_as_user,
		 &s->run_as_group,
		 &s->run_as_non_root,
		 &s->seccomp,
		 &s->apparmor,
		 &s->selinux,
		 &s->windows_host_process};
	const cs_yaml_node *m = f->v;
	for (size_t i = 0; i < m->npairs; i++) {
		fld g;
		if (!cs_yf_at(m, i, fpath(l, f), &g) ||
		    rd_inheritable(l, &g, &t))
			continue;
		const char *k = g.k->scalar;
		if (streq(k, "privileged"))
			rd_flag(l, &g, &s->privileged);
		else if (streq(k, "allowPrivilegeEscalation"))
			rd_flag(l, &g, &s->allow_priv_esc);
		else if (streq(k, "capabilities"))
			rd_caps(l, &g, s);
		else if (streq(k, "readOnlyRootFilesystem"))
			rd_flag(l, &g, &s->read_only_rootfs);
		else if (streq(k, "procMount"))
			rd_text(l, &g, &s->proc_mount);
	}
}

static void rd_ports(ld *l, fld *f, cs_rt_spec *s)
{
	const cs_yaml_node *q = SEQ_INTO(l, f, &s->ports);
	if (!q)
		return;
	for (size_t i = 0; i < q->nitems; i++) {
		const cs_yaml_node *it = item_of(l, f, i, CS_YAML_MAP);
		if (!it)
			continue;
		cs_rt_port *p = PUSH(l, &s->ports);
		if (!p)
			return;
		const cs_ypath *ip = item_path(l, f, i);
		p->loc = nloc(it, ip);
		p->protocol = "TCP";
		for (size_t j = 0; j < it->npairs; j++) {
			fld g;
			if (!cs_yf_at(it, j, ip, &g))
				continue;
			const char *k = g.k->scalar;
			if (streq(k, "containerPort")) {
				p->container_port = int_of(l, &g);
				p->container_port_end = p->container_port;
			} else if (streq(k, "hostPort")) {
				p->host_port = int_of(l, &g);
				p->host_port_end = p->host_port;
				if (!cs_yaml_is_null(g.v))
					p->host_port_loc = floc(l, &g);
			} else if (streq(k, "hostIP")) {
				p->host_ip = text_of(l, &g);
			} else if (streq(k, "protocol")) {
				const char *t = text_of(l, &g);
				if (t)
					p->protocol = t;
			}
		}
		p->published = p->host_port != 0;
	}
}

static cs_mount_kind mount_kind(const cs_k8s_volume *v)
{
	static const char *const vol[] = {"persistentVolumeClaim",
					  "configMap",
					  "secret",
					  "projected",
					  "downwardAPI",
					  "emptyDir",
					  "csi",
					  "ephemeral",
					  "image",
					  NULL};
	if (!v->type)
		return CS_MOUNT_OTHER;
	if (streq(v->type, "hostPath"))
		return CS_MOUNT_BIND;
	if (streq(v->type, "emptyDir") && v->medium &&
	    streq(v->medium, "Memory"))
		return CS_MOUNT_TMPFS;
	for (size_t i = 0; vol[i]; i++)
		if (streq(v->type, vol[i]))
			return CS_MOUNT_VOLUME;
	return CS_MOUNT_OTHER;
}

static void rd_mounts(ld *l, const podctx *pc, fld *f, cs_rt_spec *s)
{
	const cs_yaml_node *q = SEQ_INTO(l, f, &s->mounts);
	if (!q)
		return;
	for (size_t i = 0; i < q->nitems; i++) {
		const cs_yaml_node *it = item_of(l, f, i, CS_YAML_MAP);
		if (!it)
			continue;
		cs_rt_mount *mt = PUSH(l, &s->mounts);
		if (!mt)
			return;
		const cs_ypath *ip = item_path(l, f, i);
		mt->loc = nloc(it, ip);
		mt->kind = CS_MOUNT_OTHER;
		for (size_t j = 0; j < it->npairs; j++) {
			fld g;
			if (!cs_yf_at(it, j, ip, &g))
				continue;
			const char *k = g.k->scalar;
			if (streq(k, "name")) {
				mt->name = text_of(l, &g);
			} else if (streq(k, "mountPath")) {
				mt->target = text_of(l, &g);
			} else if (streq(k, "readOnly")) {
				cs_rt_flag ro = {0};
				rd_flag(l, &g, &ro);
				mt->read_only = ro.v;
				mt->read_only_loc = ro.loc;
			} else if (streq(k, "mountPropagation")) {
				mt->propagation = text_of(l, &g);
				if (mt->propagation)
					mt->propagation_loc = floc(l, &g);
			}
		}
		const cs_k8s_volume *v = find_volume(pc, mt->name);
		if (!v)
			continue;
		mt->type = v->type;
		mt->kind = mount_kind(v);
		if (mt->kind == CS_MOUNT_BIND) {
			mt->source = v->host_path;
			mt->source_loc = v->host_path_loc;
		}
	}
}

static void rd_resources(ld *l, fld *f, cs_rt_spec *s)
{
	if (!want(l, f, CS_YAML_MAP))
		return;
	s->resources_loc = floc(l, f);
	const cs_yaml_node *m = f->v;
	for (size_t i = 0; i < m->npairs; i++) {
		fld g;
		if (!cs_yf_at(m, i, fpath(l, f), &g))
			continue;
		bool lim = cs_yf_is(&g, "limits");
		if ((!lim && !cs_yf_is(&g, "requests")) ||
		    !want(l, &g, CS_YAML_MAP))
			continue;
		for (size_t j = 0; j < g.v->npairs; j++) {
			fld h;
			if (!cs_yf_at(g.v, j, fpath(l, &g), &h))
				continue;
			if (cs_yf_is(&h, "memory"))
				rd_text(l, &h,
					lim ? &s->mem_limit : &s->mem_request);
			else if (cs_yf_is(&h, "cpu"))
				rd_text(l, &h,
					lim ? &s->cpu_limit : &s->cpu_request);
		}
	}
}

/* httpGet.host / tcpSocket.host of a probe or lifecycle handler. */
static void handler_hosts(ld *l, fld *f, cs_rt_spec *s)
{
	if (f->v->kind != CS_YAML_MAP)
		return;
	const cs_yaml_node *m = f->v;
	for (size_t i = 0; i < m->npairs; i++) {
		fld g;
		if (!cs_yf_at(m, i, fpath(l, f), &g) ||
		    (!cs_yf_is(&g, "httpGet") && !cs_yf_is(&g, "tcpSocket")) ||
		    g.v->kind != CS_YAML_MAP)
			continue;
		for (size_t j = 0; j < g.v->npairs; j++) {
			fld h;
			if (!cs_yf_at(g.v, j, fpath(l, &g), &h) ||
			    !cs_yf_is(&h, "host"))
				continue;
			const char *host = text_of(l, &h);
			if (!host || !*host)
				continue;
			cs_rt_probe_host *ph = PUSH(l, &s->probe_hosts);
			if (!ph)
				return;
			ph->host = host;
			ph->loc = floc(l, &h);
		}
	}
}

static void rd_probe(ld *l, fld *f, cs_rt_probe *p, cs_rt_spec *s)
{
	if (!want(l, f, CS_YAML_MAP))
		return;
	p->set = true;
	p->loc = floc(l, f);
	handler_hosts(l, f, s);
}

static void rd_lifecycle(ld *l, fld *f, cs_rt_spec *s)
{
	if (!want(l, f, CS_YAML_MAP))
		return;
	const cs_yaml_node *m = f->v;
	for (size_t i = 0; i < m->npairs; i++) {
		fld g;
		if (cs_yf_at(m, i, fpath(l, f), &g) &&
		    (cs_yf_is(&g, "postStart") || cs_yf_is(&g, "preStop")))
			handler_hosts(l, &g, s);
	}
}

static void rd_env(ld *l, fld *f, cs_rt_spec *s)
{
	const cs_yaml_node *q = SEQ_INTO(l, f, &s->env);
	if (!q)
		return;
	for (size_t i = 0; i < q->nitems; i++) {
		const cs_yaml_node *it = item_of(l, f, i, CS_YAML_MAP);
		if (!it)
			continue;
		cs_rt_env *e = PUSH(l, &s->env);
		if (!e)
			return;
		const cs_ypath *ip = item_path(l, f, i);
		e->loc = nloc(it, ip);
		bool ref = false;
		for (size_t j = 0; j < it->npairs; j++) {
			fld g;
			if (!cs_yf_at(it, j, ip, &g))
				continue;
			if (cs_yf_is(&g, "name")) {
				e->name = text_of(l, &g);
			} else if (cs_yf_is(&g, "value") && !ref) {
				e->value = text_of(l, &g);
				e->value_loc = nloc(g.v, fpath(l, &g));
			} else if (cs_yf_is(&g, "valueFrom") &&
				   want(l, &g, CS_YAML_MAP)) {
				ref = true;
				e->value = NULL;
				e->kind = CS_ENV_OTHER_REF;
				e->value_loc = floc(l, &g);
				for (size_t k = 0; k < g.v->npairs; k++) {
					fld h;
					if (!cs_yf_at(g.v, k, fpath(l, &g), &h))
						continue;
					if (cs_yf_is(&h, "secretKeyRef"))
						e->kind = CS_ENV_SECRET_REF;
					else if (cs_yf_is(&h,
							  "configMapKeyRef"))
						e->kind = CS_ENV_CONFIG_REF;
					else
						continue;
					e->value_loc = floc(l, &h);
				}
			}
		}
	}
}

static void rd_env_from(ld *l, fld *f, cs_rt_spec *s)
{
	const cs_yaml_node *q = SEQ_INTO(l, f, &s->env_from);
	if (!q)
		return;
	for (size_t i = 0; i < q->nitems; i++) {
		const cs_yaml_node *it = item_of(l, f, i, CS_YAML_MAP);
		if (!it)
			continue;
		const cs_ypath *ip = item_path(l, f, i);
		for (size_t j = 0; j < it->npairs; j++) {
			fld g;
			if (!cs_yf_at(it, j, ip, &g))
				continue;
			bool sec = cs_yf_is(&g, "secretRef");
			if (!sec && !cs_yf_is(&g, "configMapRef"))
				continue;
			cs_rt_env_from *ef = PUSH(l, &s->env_from);
			if (!ef)
				return;
			ef->secret = sec;
			ef->loc = nloc(it, ip);
			if (!want(l, &g, CS_YAML_MAP))
				continue;
			for (size_t k = 0; k < g.v->npairs; k++) {
				fld h;
				if (cs_yf_at(g.v, k, NULL, &h) &&
				    cs_yf_is(&h, "name"))
					ef->name = text_of(l, &h);
			}
		}
	}
}

/* A profile the container does not set, from a legacy annotation value. */
static void profile_from_ann(cs_rt_profile *p, const cs_k8s_kv *kv)
{
	p->type = profile_type(kv->value);
	p->value = kv->value;
	p->loc = kv->value_loc;
	p->loc.from_annotation = true;
}

/* What a container takes from its pod: the seven inheritable settings when
 * it does not set them, the legacy annotations, the pod's namespaces and
 * sysctls. */
static void inherit(const podctx *pc, cs_rt_spec *s)
{
	const cs_k8s_pod *p = pc->pod;
	if (!s->run_as_user.set && p->run_as_user.set) {
		s->run_as_user = p->run_as_user;
		s->run_as_user.loc.from_pod = true;
	}
	if (!s->run_as_group.set && p->run_as_group.set) {
		s->run_as_group = p->run_as_group;
		s->run_as_group.loc.from_pod = true;
	}
	if (s->run_as_non_root.v == CS_TRI_UNSET &&
	    p->run_as_non_root.v != CS_TRI_UNSET) {
		s->run_as_non_root = p->run_as_non_root;
		s->run_as_non_root.loc.from_pod = true;
	}
	if (!s->selinux.set && p->selinux.set) {
		s->selinux = p->selinux;
		s->selinux.loc.from_pod = true;
	}
	if (s->windows_host_process.v == CS_TRI_UNSET &&
	    p->windows_host_process.v != CS_TRI_UNSET) {
		s->windows_host_process = p->windows_host_process;
		s->windows_host_process.loc.from_pod = true;
	}

	/* seccomp: field > container annotation > pod field > pod
	 * annotation */
	const cs_k8s_kv *ann = NULL;
	if (s->seccomp.type == CS_PROFILE_UNSET && s->name &&
	    (ann = nindex_find(&pc->seccomp_ann, s->name)))
		profile_from_ann(&s->seccomp, ann);
	if (s->seccomp.type == CS_PROFILE_UNSET &&
	    p->seccomp.type != CS_PROFILE_UNSET) {
		s->seccomp = p->seccomp;
		s->seccomp.loc.from_pod = true;
	}
	if (s->seccomp.type == CS_PROFILE_UNSET && pc->seccomp_pod_ann) {
		profile_from_ann(&s->seccomp, pc->seccomp_pod_ann);
		s->seccomp.loc.from_pod = true;
	}
	/* AppArmor: field > container annotation > pod field */
	if (s->apparmor.type == CS_PROFILE_UNSET && s->name &&
	    (ann = nindex_find(&pc->apparmor_ann, s->name)))
		profile_from_ann(&s->apparmor, ann);
	if (s->apparmor.type == CS_PROFILE_UNSET &&
	    p->apparmor.type != CS_PROFILE_UNSET) {
		s->apparmor = p->apparmor;
		s->apparmor.loc.from_pod = true;
	}

	s->host_network = p->host_network;
	s->host_pid = p->host_pid;
	s->host_ipc = p->host_ipc;
	if (p->host_users.v == CS_TRI_UNSET)
		s->host_userns = (cs_rt_flag){.v = CS_TRI_TRUE};
	else
		s->host_userns = p->host_users;
	/* shared, read-only from here on */
	s->sysctls.v = p->sysctls.v;
	s->sysctls.n = p->sysctls.n;
	s->sysctls.cap = p->sysctls.n;
}

static const char *const role_words[] = {
	[CS_RT_MAIN] = "container",
	[CS_RT_INIT] = "initContainer",
	[CS_RT_SIDECAR] = "initContainer",
	[CS_RT_EPHEMERAL] = "ephemeralContainer",
};

static void rd_container(ld *l, podctx *pc, const cs_yaml_node *it,
			 const cs_ypath *ip, cs_rt_role role, size_t idx)
{
	cs_k8s_pod *p = pc->pod;
	cs_rt_spec *s = &p->containers[p->ncontainers++];
	s->origin = CS_RT_K8S;
	s->role = role;
	s->loc = nloc(it, ip);
	s->pod = p;
	fld restart = {0};
	for (size_t i = 0; i < it->npairs; i++) {
		fld g;
		if (!cs_yf_at(it, i, ip, &g))
			continue;
		const char *k = g.k->scalar;
		if (streq(k, "name"))
			s->name = text_of(l, &g);
		else if (streq(k, "image"))
			rd_text(l, &g, &s->image);
		else if (streq(k, "imagePullPolicy"))
			rd_text(l, &g, &s->pull_policy);
		else if (streq(k, "securityContext"))
			rd_ctr_secctx(l, &g, s);
		else if (streq(k, "ports"))
			rd_ports(l, &g, s);
		else if (streq(k, "volumeMounts"))
			rd_mounts(l, pc, &g, s);
		else if (streq(k, "resources"))
			rd_resources(l, &g, s);
		else if (streq(k, "livenessProbe"))
			rd_probe(l, &g, &s->liveness, s);
		else if (streq(k, "readinessProbe"))
			rd_probe(l, &g, &s->readiness, s);
		else if (streq(k, "startupProbe"))
			rd_probe(l, &g, &s->startup, s);
		else if (streq(k, "lifecycle"))
			rd_lifecycle(l, &g, s);
		else if (streq(k, "env"))
			rd_env(l, &g, s);
		else if (streq(k, "envFrom"))
			rd_env_from(l, &g, s);
		else if (streq(k, "restartPolicy"))
			restart = g;
	}
	if (role == CS_RT_INIT && restart.k && cs_yaml_is(restart.v, "Always"))
		s->role = CS_RT_SIDECAR;
	const char *word = role_words[s->role];
	s->subject = s->name ? cs_arena_printf(l->a, "%s %s %s",
					       pc->obj->subject, word, s->name)
			     : cs_arena_printf(l->a, "%s %s [%zu]",
					       pc->obj->subject, word, idx);
	if (!s->subject)
		l->oom = true;
	inherit(pc, s);
}

static size_t seq_len(const cs_yaml_node *n)
{
	return n && n->kind == CS_YAML_SEQ ? n->nitems : 0;
}

static void rd_containers(ld *l, podctx *pc, fld *f, cs_rt_role role)
{
	if (!want(l, f, CS_YAML_SEQ))
		return;
	const cs_yaml_node *q = f->v;
	for (size_t i = 0; i < q->nitems; i++) {
		const cs_yaml_node *it = item_of(l, f, i, CS_YAML_MAP);
		if (!it)
			continue;
		rd_container(l, pc, it, item_path(l, f, i), role, i);
	}
}

/* Legacy per-container annotations, indexed by container name. */
static void index_annotations(ld *l, podctx *pc)
{
	const cs_k8s_kvs *ann = &pc->pod->annotations;
	const size_t sl = strlen(SECCOMP_CTR_ANN),
		     al = strlen(APPARMOR_CTR_ANN);
	for (size_t i = 0; i < ann->n; i++) {
		const cs_k8s_kv *kv = &ann->v[i];
		if (!kv->value)
			continue;
		if (strncmp(kv->key, SECCOMP_CTR_ANN, sl) == 0)
			nindex_add(l, &pc->seccomp_ann, kv->key + sl, kv);
		else if (strncmp(kv->key, APPARMOR_CTR_ANN, al) == 0)
			nindex_add(l, &pc->apparmor_ann, kv->key + al, kv);
		else if (streq(kv->key, SECCOMP_POD_ANN))
			pc->seccomp_pod_ann = kv;
	}
	nindex_seal(&pc->seccomp_ann);
	nindex_seal(&pc->apparmor_ann);
}

/* The pod spec at `spec`: its own facts first, then each container, which
 * needs the volumes and the pod securityContext. */
static cs_k8s_pod *rd_pod(ld *l, cs_k8s_object *obj, fld *spec,
			  const cs_yaml_node *meta, const cs_ypath *meta_path)
{
	if (!want(l, spec, CS_YAML_MAP))
		return NULL;
	cs_k8s_pod *p = cs_arena_alloc(l->a, sizeof(*p));
	if (!p) {
		l->oom = true;
		return NULL;
	}
	p->obj = obj;
	p->spec = spec->v;
	p->spec_path = fpath(l, spec);
	p->loc = floc(l, spec);
	if (!meta) {
		p->labels = obj->labels;
		p->annotations = obj->annotations;
	} else if (meta->kind == CS_YAML_MAP) {
		for (size_t i = 0; i < meta->npairs; i++) {
			fld g;
			if (!cs_yf_at(meta, i, meta_path, &g))
				continue;
			if (cs_yf_is(&g, "labels")) {
				p->labels.n = 0;
				rd_kvs(l, &g, &p->labels);
			} else if (cs_yf_is(&g, "annotations")) {
				p->annotations.n = 0;
				rd_kvs(l, &g, &p->annotations);
			}
		}
	}

	fld lists[3] = {{0}}; /* containers, initContainers, ephemeral */
	fld sa = {0}, sa_old = {0};
	const cs_yaml_node *m = spec->v;
	for (size_t i = 0; i < m->npairs; i++) {
		fld g;
		if (!cs_yf_at(m, i, p->spec_path, &g))
			continue;
		const char *k = g.k->scalar;
		if (streq(k, "containers"))
			lists[0] = g;
		else if (streq(k, "initContainers"))
			lists[1] = g;
		else if (streq(k, "ephemeralContainers"))
			lists[2] = g;
		else if (streq(k, "hostNetwork"))
			rd_flag(l, &g, &p->host_network);
		else if (streq(k, "hostPID"))
			rd_flag(l, &g, &p->host_pid);
		else if (streq(k, "hostIPC"))
			rd_flag(l, &g, &p->host_ipc);
		else if (streq(k, "hostUsers"))
			rd_flag(l, &g, &p->host_users);
		else if (streq(k, "automountServiceAccountToken"))
			rd_flag(l, &g, &p->automount_sa_token);
		else if (streq(k, "serviceAccountName"))
			sa = g;
		else if (streq(k, "serviceAccount"))
			sa_old = g;
		else if (streq(k, "hostAliases") && !cs_yaml_is_null(g.v))
			p->host_aliases_loc = floc(l, &g);
		else if (streq(k, "securityContext"))
			rd_pod_secctx(l, &g, p);
		else if (streq(k, "volumes"))
			rd_volumes(l, &g, p);
	}
	if (sa.k)
		rd_text(l, &sa, &p->service_account);
	if (!p->service_account.v && sa_old.k)
		rd_text(l, &sa_old, &p->service_account);

	podctx pc = {.pod = p, .obj = obj};
	if (p->volumes.n > LINEAR_MAX) {
		RESERVE(l, &pc.volumes, p->volumes.n);
		for (size_t i = 0; i < p->volumes.n; i++)
			if (p->volumes.v[i].name)
				nindex_add(l, &pc.volumes, p->volumes.v[i].name,
					   &p->volumes.v[i]);
		nindex_seal(&pc.volumes);
	}
	index_annotations(l, &pc);

	size_t n = 0;
	for (int i = 0; i < 3; i++)
		n += seq_len(lists[i].v);
	if (n) {
		p->containers =
			cs_arena_alloc(l->a, n * sizeof(*p->containers));
		if (!p->containers) {
			l->oom = true;
			return p;
		}
	}
	static const cs_rt_role roles[3] = {CS_RT_MAIN, CS_RT_INIT,
					    CS_RT_EPHEMERAL};
	for (int i = 0; i < 3; i++)
		if (lists[i].k)
			rd_containers(l, &pc, &lists[i], roles[i]);
	return p;
}

/* ---- selectors --------------------------------------------------------- */

static void rd_exprs(ld *l, fld *f, cs_k8s_selector *s)
{
	if (!want(l, f, CS_YAML_SEQ))
		return;
	const cs_yaml_node *q = f->v;
	RESERVE(l, &s->match_expressions, q->nitems);
	for (size_t i = 0; i < q->nitems; i++) {
		const cs_yaml_node *it = item_of(l, f, i, CS_YAML_MAP);
		if (!it)
			continue;
		cs_k8s_expr *e = PUSH(l, &s->match_expressions);
		if (!e)
			return;
		for (size_t j = 0; j < it->npairs; j++) {
			fld g;
			if (!cs_yf_at(it, j, NULL, &g))
				continue;
			if (cs_yf_is(&g, "key")) {
				e->key = text_of(l, &g);
			} else if (cs_yf_is(&g, "operator")) {
				e->op = text_of(l, &g);
			} else if (cs_yf_is(&g, "values") &&
				   want(l, &g, CS_YAML_SEQ)) {
				const cs_yaml_node *vs = g.v;
				e->values.n = 0;
				RESERVE(l, &e->values, vs->nitems);
				for (size_t k = 0; k < vs->nitems; k++) {
					if (vs->items[k]->kind !=
					    CS_YAML_SCALAR)
						continue;
					const char **v = PUSH(l, &e->values);
					if (!v)
						return;
					*v = vs->items[k]->scalar;
				}
			}
		}
	}
}

/* A label selector; `plain` for a Service's map of labels.  A written null
 * (`podSelector:`) is the empty selector, as the API reads it. */
static void rd_selector(ld *l, fld *f, cs_k8s_selector *s, bool plain)
{
	if (cs_yaml_is_null(f->v)) {
		if (!plain) {
			s->set = true;
			s->loc = floc(l, f);
		}
		return;
	}
	if (!want(l, f, CS_YAML_MAP))
		return;
	memset(s, 0, sizeof(*s));
	s->set = true;
	s->loc = floc(l, f);
	if (plain) {
		rd_kvs(l, f, &s->match_labels);
		return;
	}
	const cs_yaml_node *m = f->v;
	for (size_t i = 0; i < m->npairs; i++) {
		fld g;
		if (!cs_yf_at(m, i, fpath(l, f), &g))
			continue;
		if (cs_yf_is(&g, "matchLabels")) {
			s->match_labels.n = 0;
			rd_kvs(l, &g, &s->match_labels);
		} else if (cs_yf_is(&g, "matchExpressions")) {
			s->match_expressions.n = 0;
			rd_exprs(l, &g, s);
		}
	}
}

static const cs_k8s_kv *label_find(const cs_k8s_kv *v, size_t n,
				   const char *key)
{
	if (!key)
		return NULL;
	for (size_t i = n; i-- > 0;)
		if (v[i].key && streq(v[i].key, key))
			return &v[i];
	return NULL;
}

static bool value_in(const cs_k8s_expr *e, const char *v)
{
	for (size_t i = 0; v && i < e->values.n; i++)
		if (e->values.v[i] && streq(e->values.v[i], v))
			return true;
	return false;
}

bool cs_k8s_selector_matches(const cs_k8s_selector *s, const cs_k8s_kv *labels,
			     size_t nlabels)
{
	if (!s || !s->set)
		return false;
	for (size_t i = 0; i < s->match_labels.n; i++) {
		const cs_k8s_kv *want_kv = &s->match_labels.v[i];
		const cs_k8s_kv *have =
			label_find(labels, nlabels, want_kv->key);
		if (!have || !have->value || !want_kv->value ||
		    !streq(have->value, want_kv->value))
			return false;
	}
	for (size_t i = 0; i < s->match_expressions.n; i++) {
		const cs_k8s_expr *e = &s->match_expressions.v[i];
		if (!e->op)
			return false;
		const cs_k8s_kv *have = label_find(labels, nlabels, e->key);
		bool ok;
		if (streq(e->op, "In"))
			ok = have && value_in(e, have->value);
		else if (streq(e->op, "NotIn"))
			ok = !have || !value_in(e, have->value);
		else if (streq(e->op, "Exists"))
			ok = have != NULL;
		else if (streq(e->op, "DoesNotExist"))
			ok = have == NULL;
		else
			ok = false;
		if (!ok)
			return false;
	}
	return true;
}

/* ---- other kinds ------------------------------------------------------- */

static void rd_rbac_rules(ld *l, fld *f, cs_k8s_object *o)
{
	const cs_yaml_node *q = SEQ_INTO(l, f, &o->rbac_rules);
	if (!q)
		return;
	for (size_t i = 0; i < q->nitems; i++) {
		const cs_yaml_node *it = item_of(l, f, i, CS_YAML_MAP);
		if (!it)
			continue;
		cs_k8s_rbac_rule *r = PUSH(l, &o->rbac_rules);
		if (!r)
			return;
		const cs_ypath *ip = item_path(l, f, i);
		r->loc = nloc(it, ip);
		for (size_t j = 0; j < it->npairs; j++) {
			fld g;
			if (!cs_yf_at(it, j, ip, &g))
				continue;
			const char *k = g.k->scalar;
			if (streq(k, "apiGroups"))
				rd_texts(l, &g, &r->api_groups);
			else if (streq(k, "resources"))
				rd_texts(l, &g, &r->resources);
			else if (streq(k, "verbs"))
				rd_texts(l, &g, &r->verbs);
			else if (streq(k, "resourceNames"))
				rd_texts(l, &g, &r->resource_names);
			else if (streq(k, "nonResourceURLs"))
				rd_texts(l, &g, &r->non_resource_urls);
		}
	}
}

static void rd_role_ref(ld *l, fld *f, cs_k8s_object *o)
{
	if (!want(l, f, CS_YAML_MAP))
		return;
	const cs_yaml_node *m = f->v;
	for (size_t i = 0; i < m->npairs; i++) {
		fld g;
		if (!cs_yf_at(m, i, fpath(l, f), &g))
			continue;
		if (cs_yf_is(&g, "kind"))
			rd_text(l, &g, &o->role_ref_kind);
		else if (cs_yf_is(&g, "name"))
			rd_text(l, &g, &o->role_ref_name);
	}
}

static void rd_subjects(ld *l, fld *f, cs_k8s_object *o)
{
	const cs_yaml_node *q = SEQ_INTO(l, f, &o->subjects);
	if (!q)
		return;
	for (size_t i = 0; i < q->nitems; i++) {
		const cs_yaml_node *it = item_of(l, f, i, CS_YAML_MAP);
		if (!it)
			continue;
		cs_k8s_subject *sj = PUSH(l, &o->subjects);
		if (!sj)
			return;
		sj->loc = nloc(it, item_path(l, f, i));
		for (size_t j = 0; j < it->npairs; j++) {
			fld g;
			if (!cs_yf_at(it, j, NULL, &g))
				continue;
			if (cs_yf_is(&g, "kind"))
				sj->kind = text_of(l, &g);
			else if (cs_yf_is(&g, "name"))
				sj->name = text_of(l, &g);
			else if (cs_yf_is(&g, "namespace"))
				sj->namespace = text_of(l, &g);
		}
	}
}

static void rd_service_ports(ld *l, fld *f, cs_k8s_object *o)
{
	const cs_yaml_node *q = SEQ_INTO(l, f, &o->service_ports);
	if (!q)
		return;
	for (size_t i = 0; i < q->nitems; i++) {
		const cs_yaml_node *it = item_of(l, f, i, CS_YAML_MAP);
		if (!it)
			continue;
		cs_k8s_port *p = PUSH(l, &o->service_ports);
		if (!p)
			return;
		p->loc = nloc(it, item_path(l, f, i));
		for (size_t j = 0; j < it->npairs; j++) {
			fld g;
			if (!cs_yf_at(it, j, NULL, &g))
				continue;
			if (cs_yf_is(&g, "port"))
				p->port = int_of(l, &g);
			else if (cs_yf_is(&g, "nodePort"))
				p->node_port = int_of(l, &g);
		}
	}
}

/* The `spec:` of Services, NetworkPolicies and Ingresses. */
static void rd_spec_facts(ld *l, fld *f, cs_k8s_object *o, const char *kind)
{
	if (!want(l, f, CS_YAML_MAP))
		return;
	bool svc = streq(kind, "Service"), np = streq(kind, "NetworkPolicy");
	if (streq(kind, "Ingress"))
		o->ingress_spec_loc = floc(l, f);
	const cs_yaml_node *m = f->v;
	for (size_t i = 0; i < m->npairs; i++) {
		fld g;
		if (!cs_yf_at(m, i, fpath(l, f), &g))
			continue;
		const char *k = g.k->scalar;
		if (np && streq(k, "podSelector")) {
			rd_selector(l, &g, &o->pod_selector, false);
		} else if (np && streq(k, "policyTypes")) {
			o->policy_types.n = 0;
			rd_texts(l, &g, &o->policy_types);
		} else if (svc && streq(k, "type")) {
			rd_text(l, &g, &o->service_type);
		} else if (svc && streq(k, "externalIPs")) {
			o->external_ips.n = 0;
			rd_texts(l, &g, &o->external_ips);
		} else if (svc && streq(k, "ports")) {
			rd_service_ports(l, &g, o);
		} else if (svc && streq(k, "selector")) {
			rd_selector(l, &g, &o->service_selector, true);
		} else if (!svc && !np && streq(k, "tls") &&
			   !cs_yaml_is_null(g.v)) {
			o->ingress_tls_loc = floc(l, &g);
		}
	}
}

/* ---- objects ----------------------------------------------------------- */

static bool is_controller(const char *kind)
{
	static const char *const k[] = {
		"Deployment", "StatefulSet",	       "DaemonSet",
		"ReplicaSet", "ReplicationController", "Job",
		NULL};
	for (size_t i = 0; k[i]; i++)
		if (streq(kind, k[i]))
			return true;
	return false;
}

/* Down a chain of mappings ("spec", "template"): the last key's field,
 * with diagnostics for a link of the wrong shape. */
static bool descend(ld *l, const cs_yaml_node *m, const cs_ypath *up,
		    const char *const *keys, fld *out)
{
	for (size_t k = 0; keys[k]; k++) {
		fld found = {0};
		for (size_t i = 0; i < m->npairs; i++) {
			fld g;
			if (cs_yf_at(m, i, up, &g) && cs_yf_is(&g, keys[k]))
				found = g;
		}
		if (!found.k)
			return false;
		if (!keys[k + 1]) {
			*out = found;
			return true;
		}
		if (!want(l, &found, CS_YAML_MAP))
			return false;
		m = found.v;
		up = fpath(l, &found);
	}
	return false;
}

/* The pod template of a workload kind: `template` (whose metadata holds
 * the pod's labels) and its `spec`. */
static void rd_workload(ld *l, cs_k8s_object *o, const cs_yaml_node *root)
{
	static const char *const ctrl[] = {"spec", "template", NULL};
	static const char *const cron[] = {"spec", "jobTemplate", "spec",
					   "template", NULL};
	static const char *const ptpl[] = {"template", NULL};
	static const char *const pod[] = {"spec", NULL};
	const char *const *chain;
	if (streq(o->kind, "Pod"))
		chain = pod;
	else if (is_controller(o->kind))
		chain = ctrl;
	else if (streq(o->kind, "CronJob"))
		chain = cron;
	else if (streq(o->kind, "PodTemplate"))
		chain = ptpl;
	else
		return;
	fld f;
	if (!descend(l, root, o->path, chain, &f))
		return;
	if (chain == pod) {
		o->pod = rd_pod(l, o, &f, NULL, NULL);
		return;
	}
	if (!want(l, &f, CS_YAML_MAP))
		return;
	static const char *const spec[] = {"spec", NULL};
	static const char *const meta[] = {"metadata", NULL};
	fld sf, mf;
	if (!descend(l, f.v, fpath(l, &f), spec, &sf))
		return;
	const cs_yaml_node *mnode = NULL;
	const cs_ypath *mpath = NULL;
	static const cs_yaml_node empty = {.kind = CS_YAML_MAP};
	if (descend(l, f.v, fpath(l, &f), meta, &mf) &&
	    want(l, &mf, CS_YAML_MAP)) {
		mnode = mf.v;
		mpath = fpath(l, &mf);
	}
	o->pod = rd_pod(l, o, &sf, mnode ? mnode : &empty, mpath);
}

static void rd_metadata(ld *l, fld *f, cs_k8s_object *o)
{
	if (!want(l, f, CS_YAML_MAP))
		return;
	const cs_yaml_node *m = f->v;
	fld gen = {0};
	for (size_t i = 0; i < m->npairs; i++) {
		fld g;
		if (!cs_yf_at(m, i, fpath(l, f), &g))
			continue;
		const char *k = g.k->scalar;
		if (streq(k, "name")) {
			o->name = text_of(l, &g);
			if (o->name)
				o->name_loc = floc(l, &g);
		} else if (streq(k, "generateName")) {
			gen = g;
		} else if (streq(k, "namespace")) {
			o->namespace = text_of(l, &g);
			if (o->namespace)
				o->namespace_loc = floc(l, &g);
		} else if (streq(k, "labels")) {
			o->labels.n = 0;
			rd_kvs(l, &g, &o->labels);
		} else if (streq(k, "annotations")) {
			o->annotations.n = 0;
			rd_kvs(l, &g, &o->annotations);
		}
	}
	if (!o->name && gen.k) {
		o->name = text_of(l, &gen);
		if (o->name)
			o->name_loc = floc(l, &gen);
	}
}

static void rd_object(ld *l, size_t doc, const cs_yaml_node *root,
		      const cs_ypath *path)
{
	cs_k8s_object *o = &l->out->objects[l->out->nobjects++];
	o->doc = doc;
	o->root = root;
	o->path = path;
	o->loc = nloc(root, path);
	fld spec = {0};
	for (size_t i = 0; i < root->npairs; i++) {
		fld g;
		if (!cs_yf_at(root, i, path, &g))
			continue;
		const char *k = g.k->scalar;
		if (streq(k, "apiVersion")) {
			o->api_version = text_of(l, &g);
			o->api_version_loc = floc(l, &g);
		} else if (streq(k, "kind")) {
			o->kind = text_of(l, &g);
			o->kind_loc = floc(l, &g);
		} else if (streq(k, "metadata")) {
			rd_metadata(l, &g, o);
		} else if (streq(k, "spec")) {
			spec = g;
		}
	}
	if (!o->kind)
		o->kind = "";
	/* The namespace is part of the subject: two objects of one name in
	 * two namespaces are two subjects, scored apart. */
	o->subject = !o->name	    ? o->kind
		     : o->namespace ? cs_arena_printf(l->a, "%s/%s in %s",
						      o->kind, o->name,
						      o->namespace)
				    : cs_arena_printf(l->a, "%s/%s", o->kind,
						      o->name);
	if (!o->subject) {
		l->oom = true;
		o->subject = o->kind;
	}

	const char *kind = o->kind;
	rd_workload(l, o, root);
	bool role = streq(kind, "Role") || streq(kind, "ClusterRole");
	bool binding =
		streq(kind, "RoleBinding") || streq(kind, "ClusterRoleBinding");
	bool cm = streq(kind, "ConfigMap"), secret = streq(kind, "Secret");
	bool sa = streq(kind, "ServiceAccount");
	if (spec.k && (streq(kind, "Service") || streq(kind, "NetworkPolicy") ||
		       streq(kind, "Ingress")))
		rd_spec_facts(l, &spec, o, kind);
	if (!role && !binding && !cm && !secret && !sa)
		return;
	for (size_t i = 0; i < root->npairs; i++) {
		fld g;
		if (!cs_yf_at(root, i, path, &g))
			continue;
		const char *k = g.k->scalar;
		if (role && streq(k, "rules"))
			rd_rbac_rules(l, &g, o);
		else if (role && streq(k, "aggregationRule"))
			o->aggregated = !cs_yaml_is_null(g.v);
		else if (binding && streq(k, "roleRef"))
			rd_role_ref(l, &g, o);
		else if (binding && streq(k, "subjects"))
			rd_subjects(l, &g, o);
		else if ((cm && (streq(k, "data") || streq(k, "binaryData"))) ||
			 (secret &&
			  (streq(k, "data") || streq(k, "stringData"))))
			rd_kvs(l, &g, &o->data);
		else if (secret && streq(k, "type"))
			rd_text(l, &g, &o->secret_type);
		else if (sa && streq(k, "automountServiceAccountToken"))
			rd_flag(l, &g, &o->automount_sa_token);
	}
}

/* ---- the stream -------------------------------------------------------- */

bool cs_k8s_detect(const cs_yaml_node *root)
{
	if (!root || root->kind != CS_YAML_MAP)
		return false;
	const cs_yaml_node *av = cs_yaml_get(root, "apiVersion");
	const cs_yaml_node *k = cs_yaml_get(root, "kind");
	return av && av->kind == CS_YAML_SCALAR && !cs_yaml_is_null(av) && k &&
	       k->kind == CS_YAML_SCALAR && !cs_yaml_is_null(k);
}

/* A `kind: List` (or any *List) object: its items, or NULL when it is not
 * one.  A List whose items are absent is an empty list. */
static bool list_items(const cs_yaml_node *root, const cs_yaml_node **items)
{
	const cs_yaml_node *k = cs_yaml_get(root, "kind");
	if (k->len < 4 || strcmp(k->scalar + k->len - 4, "List") != 0)
		return false;
	*items = cs_yaml_get(root, "items");
	return true;
}

static size_t count_objects(const cs_yaml_node *root)
{
	if (!cs_k8s_detect(root))
		return 0;
	const cs_yaml_node *items;
	if (!list_items(root, &items))
		return 1;
	size_t n = 0;
	for (size_t i = 0; i < seq_len(items); i++)
		n += cs_k8s_detect(items->items[i]);
	return n;
}

bool cs_k8s_load(const cs_yaml_stream *s, cs_arena *a, cs_k8s *out,
		 cs_error *err)
{
	memset(out, 0, sizeof(*out));
	ld l = {.a = a, .out = out};
	size_t n = 0;
	for (size_t d = 0; d < s->ndocs; d++)
		n += count_objects(s->docs[d]);
	if (n) {
		out->objects = cs_arena_alloc(a, n * sizeof(*out->objects));
		if (!out->objects)
			goto oom;
	}
	for (size_t d = 0; d < s->ndocs && !l.oom; d++) {
		const cs_yaml_node *root = s->docs[d];
		if (cs_yaml_is_null(root))
			continue;
		if (!cs_k8s_detect(root)) {
			diag(&l, root->mark,
			     "document %zu is not a Kubernetes object: no "
			     "apiVersion/kind",
			     d + 1);
			continue;
		}
		const cs_yaml_node *items;
		if (!list_items(root, &items)) {
			rd_object(&l, d, root, NULL);
			continue;
		}
		if (cs_yaml_is_null(items))
			continue;
		if (items->kind != CS_YAML_SEQ) {
			bad_shape(&l, "items", items, CS_YAML_SEQ);
			continue;
		}
		const cs_ypath *ip = cs_ypath_key(a, NULL, "items");
		for (size_t i = 0; i < items->nitems; i++) {
			const cs_yaml_node *it = items->items[i];
			if (cs_k8s_detect(it))
				rd_object(&l, d, it,
					  cs_ypath_idx(a, ip, (int32_t)i));
			else
				diag(&l, it->mark,
				     "document %zu, items[%zu] is not a "
				     "Kubernetes object: no apiVersion/kind",
				     d + 1, i);
		}
	}
	if (!l.oom)
		return true;
oom:
	cs_error_set(err, CS_ERR_NOMEM, (cs_mark){0, 0},
		     "while reading Kubernetes objects", "out of memory");
	return false;
}

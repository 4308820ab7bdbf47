/*
 * test-k8s.c - the Kubernetes normalizer: workload kinds, the pod to
 * container inheritance of the seven inheritable settings, legacy
 * annotations, volumes, environment, the typed facts of other kinds,
 * selectors, and diagnostics for documents and fields of the wrong shape.
 * Every location is checked as line, column and YAML path.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "model/k8s.h"

static cs_arena A;
static cs_k8s K;

static int setup(void **state)
{
	cs_arena_init(&A, 0);
	memset(&K, 0, sizeof(K));
	return 0;
}

static int teardown(void **state)
{
	cs_arena_free(&A);
	return 0;
}

static void load(const char *y)
{
	cs_yaml_stream st;
	cs_error err = {0};
	assert_true(cs_yaml_load(y, strlen(y), &A, &st, &err));
	assert_true(cs_k8s_load(&st, &A, &K, &err));
}

#define LOC(l, ln, cl, p)                                                     \
	do {                                                                  \
		assert_int_equal((l).at.line, (ln));                          \
		assert_int_equal((l).at.col, (cl));                           \
		assert_string_equal(cs_ypath_str((l).path, &A), (p));         \
	} while (0)

#define UNSET(l) assert_int_equal((l).at.line, 0)

static const char *deployment =
	"apiVersion: apps/v1\n"                                      /* 1 */
	"kind: Deployment\n"                                         /* 2 */
	"metadata:\n"                                                /* 3 */
	"  name: web\n"                                              /* 4 */
	"  namespace: prod\n"                                        /* 5 */
	"  labels:\n"                                                /* 6 */
	"    app: web\n"                                             /* 7 */
	"spec:\n"                                                    /* 8 */
	"  template:\n"                                              /* 9 */
	"    metadata:\n"                                            /* 10 */
	"      labels:\n"                                            /* 11 */
	"        app: web\n"                                         /* 12 */
	"        tier: front\n"                                      /* 13 */
	"      annotations:\n"                                       /* 14 */
	"        container.seccomp.security.alpha.kubernetes.io/side: "
	"unconfined\n"                                               /* 15 */
	"    spec:\n"                                                /* 16 */
	"      hostNetwork: true\n"                                  /* 17 */
	"      securityContext:\n"                                   /* 18 */
	"        runAsUser: 1000\n"                                  /* 19 */
	"        runAsNonRoot: true\n"                               /* 20 */
	"        seccompProfile:\n"                                  /* 21 */
	"          type: RuntimeDefault\n"                           /* 22 */
	"      containers:\n"                                        /* 23 */
	"      - name: app\n"                                        /* 24 */
	"        image: nginx:1.25\n"                                /* 25 */
	"        securityContext:\n"                                 /* 26 */
	"          runAsUser: 2000\n"                                /* 27 */
	"          privileged: true\n"                               /* 28 */
	"          capabilities:\n"                                  /* 29 */
	"            drop: [ALL]\n"                                  /* 30 */
	"            add:\n"                                         /* 31 */
	"            - NET_ADMIN\n"                                  /* 32 */
	"      - name: side\n"                                       /* 33 */
	"        image: busybox\n"                                   /* 34 */
	"        imagePullPolicy: Always\n";                         /* 35 */

static void test_deployment(void **state)
{
	load(deployment);
	assert_int_equal(K.nobjects, 1);
	assert_int_equal(K.diags.n, 0);
	const cs_k8s_object *o = &K.objects[0];
	assert_string_equal(o->api_version, "apps/v1");
	assert_string_equal(o->kind, "Deployment");
	assert_string_equal(o->name, "web");
	assert_string_equal(o->namespace, "prod");
	assert_string_equal(o->subject, "Deployment/web in prod");
	assert_null(o->path);
	assert_int_equal(o->doc, 0);
	LOC(o->loc, 1, 1, "");
	LOC(o->kind_loc, 2, 1, "kind");
	LOC(o->name_loc, 4, 3, "metadata.name");
	LOC(o->namespace_loc, 5, 3, "metadata.namespace");
	assert_int_equal(o->labels.n, 1);
	assert_string_equal(cs_k8s_kv_get(&o->labels, "app"), "web");

	const cs_k8s_pod *p = o->pod;
	assert_non_null(p);
	assert_ptr_equal(p->obj, o);
	LOC(p->loc, 16, 5, "spec.template.spec");
	assert_string_equal(cs_ypath_str(p->spec_path, &A),
			    "spec.template.spec");
	assert_int_equal(p->labels.n, 2);
	assert_string_equal(cs_k8s_kv_get(&p->labels, "tier"), "front");
	LOC(p->labels.v[1].loc, 13, 9, "spec.template.metadata.labels.tier");
	LOC(p->labels.v[1].value_loc, 13, 15,
	    "spec.template.metadata.labels.tier");
	assert_int_equal(p->host_network.v, CS_TRI_TRUE);
	LOC(p->host_network.loc, 17, 7, "spec.template.spec.hostNetwork");
	LOC(p->security_context_loc, 18, 7,
	    "spec.template.spec.securityContext");
	assert_true(p->run_as_user.valid);
	assert_int_equal(p->run_as_user.v, 1000);

	assert_int_equal(p->ncontainers, 2);
	const cs_rt_spec *a = &p->containers[0], *b = &p->containers[1];
	assert_int_equal(a->origin, CS_RT_K8S);
	assert_int_equal(a->role, CS_RT_MAIN);
	assert_ptr_equal(a->pod, p);
	assert_string_equal(a->name, "app");
	assert_string_equal(a->subject, "Deployment/web in prod container app");
	assert_string_equal(b->subject, "Deployment/web in prod container side");
	LOC(a->loc, 24, 9, "spec.template.spec.containers[0]");
	assert_string_equal(a->image.v, "nginx:1.25");
	LOC(a->image.loc, 25, 9, "spec.template.spec.containers[0].image");
	assert_null(a->pull_policy.v);
	assert_string_equal(b->pull_policy.v, "Always");
	LOC(a->security_context_loc, 26, 9,
	    "spec.template.spec.containers[0].securityContext");
	UNSET(b->security_context_loc);

	/* the container's own runAsUser wins */
	assert_int_equal(a->run_as_user.v, 2000);
	assert_string_equal(a->run_as_user.raw, "2000");
	assert_false(a->run_as_user.loc.from_pod);
	LOC(a->run_as_user.loc, 27, 11,
	    "spec.template.spec.containers[0].securityContext.runAsUser");
	/* the pod's fills the gap */
	assert_int_equal(b->run_as_user.v, 1000);
	assert_true(b->run_as_user.loc.from_pod);
	LOC(b->run_as_user.loc, 19, 9,
	    "spec.template.spec.securityContext.runAsUser");
	assert_int_equal(a->run_as_non_root.v, CS_TRI_TRUE);
	assert_true(a->run_as_non_root.loc.from_pod);
	LOC(a->run_as_non_root.loc, 20, 9,
	    "spec.template.spec.securityContext.runAsNonRoot");
	/* seccomp: pod field for app, container annotation for side */
	assert_int_equal(a->seccomp.type, CS_PROFILE_RUNTIME_DEFAULT);
	assert_string_equal(a->seccomp.value, "RuntimeDefault");
	assert_true(a->seccomp.loc.from_pod);
	assert_false(a->seccomp.loc.from_annotation);
	LOC(a->seccomp.loc, 22, 11,
	    "spec.template.spec.securityContext.seccompProfile.type");
	assert_int_equal(b->seccomp.type, CS_PROFILE_UNCONFINED);
	assert_string_equal(b->seccomp.value, "unconfined");
	assert_true(b->seccomp.loc.from_annotation);
	assert_false(b->seccomp.loc.from_pod);
	LOC(b->seccomp.loc, 15, 62,
	    "spec.template.metadata.annotations[\"container.seccomp.security."
	    "alpha.kubernetes.io/side\"]");

	/* privileged and capabilities are never inherited */
	assert_int_equal(a->privileged.v, CS_TRI_TRUE);
	LOC(a->privileged.loc, 28, 11,
	    "spec.template.spec.containers[0].securityContext.privileged");
	assert_int_equal(b->privileged.v, CS_TRI_UNSET);
	UNSET(b->privileged.loc);
	assert_int_equal(a->cap_drop.n, 1);
	assert_string_equal(a->cap_drop.v[0].v, "ALL");
	LOC(a->cap_drop.v[0].loc, 30, 20,
	    "spec.template.spec.containers[0].securityContext.capabilities."
	    "drop[0]");
	LOC(a->cap_drop_loc, 30, 13,
	    "spec.template.spec.containers[0].securityContext.capabilities."
	    "drop");
	assert_int_equal(a->cap_add.n, 1);
	assert_string_equal(a->cap_add.v[0].v, "NET_ADMIN");
	LOC(a->cap_add.v[0].loc, 32, 15,
	    "spec.template.spec.containers[0].securityContext.capabilities."
	    "add[0]");
	LOC(a->cap_add_loc, 31, 13,
	    "spec.template.spec.containers[0].securityContext.capabilities."
	    "add");
	assert_true(cs_rt_drops(a, "NET_RAW"));
	assert_int_equal(b->cap_drop.n, 0);
	assert_false(cs_rt_drops(b, "NET_RAW"));

	/* namespaces are the pod's, with the pod's location */
	assert_int_equal(b->host_network.v, CS_TRI_TRUE);
	LOC(b->host_network.loc, 17, 7, "spec.template.spec.hostNetwork");
	assert_int_equal(b->host_pid.v, CS_TRI_UNSET);
	assert_int_equal(b->host_userns.v, CS_TRI_TRUE);
	UNSET(b->host_userns.loc);
}

/* Each workload kind finds its pod spec. */
static void test_workload_kinds(void **state)
{
	static const struct {
		const char *kind, *wrap, *path;
	} k[] = {
		{"Deployment", "spec:\n  template:\n", "spec.template.spec"},
		{"StatefulSet", "spec:\n  template:\n", "spec.template.spec"},
		{"DaemonSet", "spec:\n  template:\n", "spec.template.spec"},
		{"ReplicaSet", "spec:\n  template:\n", "spec.template.spec"},
		{"ReplicationController", "spec:\n  template:\n",
		 "spec.template.spec"},
		{"Job", "spec:\n  template:\n", "spec.template.spec"},
		{"PodTemplate", "template:\n", "template.spec"},
	};
	for (size_t i = 0; i < sizeof(k) / sizeof(k[0]); i++) {
		cs_arena_free(&A);
		cs_arena_init(&A, 0);
		const char *ind = k[i].wrap[0] == 's' ? "    " : "  ";
		char *y = cs_arena_printf(&A,
					  "apiVersion: v1\nkind: %s\n"
					  "metadata: {name: x}\n%s"
					  "%sspec:\n%s  containers:\n"
					  "%s  - {name: c, image: i}\n",
					  k[i].kind, k[i].wrap, ind, ind, ind);
		load(y);
		assert_int_equal(K.nobjects, 1);
		const cs_k8s_pod *p = K.objects[0].pod;
		assert_non_null(p);
		assert_string_equal(cs_ypath_str(p->spec_path, &A), k[i].path);
		assert_int_equal(p->ncontainers, 1);
		char want[128];
		snprintf(want, sizeof(want), "%s/x container c", k[i].kind);
		assert_string_equal(p->containers[0].subject, want);
	}
	/* kinds without pods have none */
	load("apiVersion: v1\nkind: Namespace\nmetadata: {name: n}\n"
	     "spec: {containers: [{name: c}]}\n");
	assert_null(K.objects[K.nobjects - 1].pod);
}

static void test_cronjob(void **state)
{
	load("apiVersion: batch/v1\n"                            /* 1 */
	     "kind: CronJob\n"                                   /* 2 */
	     "metadata:\n"                                       /* 3 */
	     "  generateName: nightly-\n"                        /* 4 */
	     "spec:\n"                                           /* 5 */
	     "  schedule: '@daily'\n"                            /* 6 */
	     "  jobTemplate:\n"                                  /* 7 */
	     "    spec:\n"                                       /* 8 */
	     "      template:\n"                                 /* 9 */
	     "        metadata:\n"                               /* 10 */
	     "          labels: {job: nightly}\n"                /* 11 */
	     "        spec:\n"                                   /* 12 */
	     "          restartPolicy: OnFailure\n"              /* 13 */
	     "          containers:\n"                           /* 14 */
	     "          - name: job\n"                           /* 15 */
	     "            image: alpine:3\n");                   /* 16 */
	assert_int_equal(K.nobjects, 1);
	const cs_k8s_object *o = &K.objects[0];
	assert_string_equal(o->name, "nightly-");
	LOC(o->name_loc, 4, 3, "metadata.generateName");
	assert_string_equal(o->subject, "CronJob/nightly-");
	const cs_k8s_pod *p = o->pod;
	assert_non_null(p);
	LOC(p->loc, 12, 9, "spec.jobTemplate.spec.template.spec");
	assert_string_equal(cs_k8s_kv_get(&p->labels, "job"), "nightly");
	assert_int_equal(p->ncontainers, 1);
	assert_string_equal(p->containers[0].subject,
			    "CronJob/nightly- container job");
	LOC(p->containers[0].loc, 15, 13,
	    "spec.jobTemplate.spec.template.spec.containers[0]");
}

static void test_list_and_documents(void **state)
{
	load("apiVersion: v1\n"                                  /* 1 */
	     "kind: List\n"                                      /* 2 */
	     "items:\n"                                          /* 3 */
	     "- apiVersion: v1\n"                                /* 4 */
	     "  kind: Pod\n"                                     /* 5 */
	     "  metadata: {name: p, labels: {app: a}}\n"         /* 6 */
	     "  spec:\n"                                         /* 7 */
	     "    containers:\n"                                 /* 8 */
	     "    - name: c\n"                                   /* 9 */
	     "- just: data\n"                                    /* 10 */
	     "- apiVersion: v1\n"                                /* 11 */
	     "  kind: Service\n"                                 /* 12 */
	     "  metadata: {name: s}\n"                           /* 13 */
	     "---\n"                                             /* 14 */
	     "---\n"                                             /* 15 */
	     "hello: world\n"                                    /* 16 */
	     "---\n"                                             /* 17 */
	     "apiVersion: v1\n"                                  /* 18 */
	     "kind: ConfigMap\n");                               /* 19 */
	assert_int_equal(K.nobjects, 3);
	const cs_k8s_object *p = &K.objects[0], *s = &K.objects[1];
	assert_string_equal(p->subject, "Pod/p");
	assert_int_equal(p->doc, 0);
	assert_string_equal(cs_ypath_str(p->path, &A), "items[0]");
	LOC(p->loc, 4, 3, "items[0]");
	LOC(p->kind_loc, 5, 3, "items[0].kind");
	/* a Pod's labels are its own */
	assert_string_equal(cs_k8s_kv_get(&p->pod->labels, "app"), "a");
	LOC(p->pod->loc, 7, 3, "items[0].spec");
	LOC(p->pod->containers[0].loc, 9, 7, "items[0].spec.containers[0]");
	assert_string_equal(p->pod->containers[0].subject, "Pod/p container c");
	assert_string_equal(s->subject, "Service/s");
	assert_string_equal(cs_ypath_str(s->path, &A), "items[2]");
	/* unnamed: the kind alone */
	assert_string_equal(K.objects[2].subject, "ConfigMap");
	assert_null(K.objects[2].name);
	assert_int_equal(K.objects[2].doc, 3);
	assert_null(K.objects[2].path);

	assert_int_equal(K.diags.n, 2);
	assert_string_equal(K.diags.v[0].message,
			    "document 1, items[1] is not a Kubernetes object: "
			    "no apiVersion/kind");
	assert_int_equal(K.diags.v[0].mark.line, 10);
	assert_int_equal(K.diags.v[0].mark.col, 3);
	assert_int_equal(K.diags.v[0].code, CS_ERR_PARSE);
	assert_string_equal(K.diags.v[1].message,
			    "document 3 is not a Kubernetes object: no "
			    "apiVersion/kind");
	assert_int_equal(K.diags.v[1].mark.line, 16);

	/* any *List opens; a List without items is empty */
	cs_arena_free(&A);
	cs_arena_init(&A, 0);
	load("apiVersion: v1\nkind: PodList\nitems:\n"
	     "- {apiVersion: v1, kind: Pod, metadata: {name: q}}\n"
	     "---\napiVersion: v1\nkind: List\n");
	assert_int_equal(K.nobjects, 1);
	assert_string_equal(K.objects[0].subject, "Pod/q");
	assert_int_equal(K.diags.n, 0);
}

static void test_roles_and_order(void **state)
{
	load("apiVersion: v1\n"                                  /* 1 */
	     "kind: Pod\n"                                       /* 2 */
	     "metadata: {name: p}\n"                             /* 3 */
	     "spec:\n"                                           /* 4 */
	     "  ephemeralContainers:\n"                          /* 5 */
	     "  - name: debug\n"                                 /* 6 */
	     "  initContainers:\n"                               /* 7 */
	     "  - name: init\n"                                  /* 8 */
	     "  - name: proxy\n"                                 /* 9 */
	     "    restartPolicy: Always\n"                       /* 10 */
	     "  containers:\n"                                   /* 11 */
	     "  - name: app\n"                                   /* 12 */
	     "  - image: anon\n");                               /* 13 */
	const cs_k8s_pod *p = K.objects[0].pod;
	assert_int_equal(p->ncontainers, 5);
	const char *const names[] = {"app", NULL, "init", "proxy", "debug"};
	const cs_rt_role roles[] = {CS_RT_MAIN, CS_RT_MAIN, CS_RT_INIT,
				    CS_RT_SIDECAR, CS_RT_EPHEMERAL};
	for (size_t i = 0; i < 5; i++) {
		if (names[i])
			assert_string_equal(p->containers[i].name, names[i]);
		else
			assert_null(p->containers[i].name);
		assert_int_equal(p->containers[i].role, roles[i]);
	}
	assert_string_equal(p->containers[1].subject, "Pod/p container [1]");
	assert_string_equal(p->containers[2].subject,
			    "Pod/p initContainer init");
	assert_string_equal(p->containers[3].subject,
			    "Pod/p initContainer proxy");
	assert_string_equal(p->containers[4].subject,
			    "Pod/p ephemeralContainer debug");
	LOC(p->containers[3].loc, 9, 5, "spec.initContainers[1]");
	LOC(p->containers[4].loc, 6, 5, "spec.ephemeralContainers[0]");
}

/* The precedence of fields and legacy annotations. */
static void test_annotations(void **state)
{
	load("apiVersion: v1\n"                                  /* 1 */
	     "kind: Pod\n"                                       /* 2 */
	     "metadata:\n"                                       /* 3 */
	     "  name: p\n"                                       /* 4 */
	     "  annotations:\n"                                  /* 5 */
	     "    seccomp.security.alpha.kubernetes.io/pod: docker/default\n"
	     "    container.seccomp.security.alpha.kubernetes.io/b: "
	     "localhost/prof.json\n"                             /* 7 */
	     "    container.apparmor.security.beta.kubernetes.io/a: "
	     "unconfined\n"                                      /* 8 */
	     "    container.apparmor.security.beta.kubernetes.io/c: "
	     "runtime/default\n"                                 /* 9 */
	     "spec:\n"                                           /* 10 */
	     "  securityContext:\n"                              /* 11 */
	     "    appArmorProfile: {type: Localhost}\n"          /* 12 */
	     "  containers:\n"                                   /* 13 */
	     "  - name: a\n"                                     /* 14 */
	     "  - name: b\n"                                     /* 15 */
	     "    securityContext:\n"                            /* 16 */
	     "      appArmorProfile: {type: Unconfined}\n"       /* 17 */
	     "  - name: c\n"                                     /* 18 */
	     "    securityContext:\n"                            /* 19 */
	     "      seccompProfile: {type: Unconfined}\n"        /* 20 */
	     "      appArmorProfile: {type: RuntimeDefault}\n"); /* 21 */
	const cs_k8s_pod *p = K.objects[0].pod;
	const cs_rt_spec *a = &p->containers[0], *b = &p->containers[1],
			 *c = &p->containers[2];
	/* a: pod annotation for seccomp (no pod field) */
	assert_int_equal(a->seccomp.type, CS_PROFILE_RUNTIME_DEFAULT);
	assert_string_equal(a->seccomp.value, "docker/default");
	assert_true(a->seccomp.loc.from_pod);
	assert_true(a->seccomp.loc.from_annotation);
	assert_int_equal(a->seccomp.loc.at.line, 6);
	assert_int_equal(a->seccomp.loc.at.col, 47);
	/* b: its container annotation beats the pod annotation */
	assert_int_equal(b->seccomp.type, CS_PROFILE_LOCALHOST);
	assert_string_equal(b->seccomp.value, "localhost/prof.json");
	assert_false(b->seccomp.loc.from_pod);
	assert_true(b->seccomp.loc.from_annotation);
	assert_int_equal(b->seccomp.loc.at.line, 7);
	/* c: its field beats everything */
	assert_int_equal(c->seccomp.type, CS_PROFILE_UNCONFINED);
	assert_false(c->seccomp.loc.from_annotation);
	LOC(c->seccomp.loc, 20, 24,
	    "spec.containers[2].securityContext.seccompProfile.type");

	/* AppArmor: a's annotation beats the pod field */
	assert_int_equal(a->apparmor.type, CS_PROFILE_UNCONFINED);
	assert_true(a->apparmor.loc.from_annotation);
	assert_int_equal(a->apparmor.loc.at.line, 8);
	/* b: its own field */
	assert_int_equal(b->apparmor.type, CS_PROFILE_UNCONFINED);
	assert_false(b->apparmor.loc.from_annotation);
	assert_false(b->apparmor.loc.from_pod);
	assert_int_equal(b->apparmor.loc.at.line, 17);
	/* c: field over its annotation */
	assert_int_equal(c->apparmor.type, CS_PROFILE_RUNTIME_DEFAULT);
	assert_int_equal(c->apparmor.loc.at.line, 21);
	assert_false(c->apparmor.loc.from_annotation);

	/* a pod field beats the pod annotation; no annotation: pod field */
	cs_arena_free(&A);
	cs_arena_init(&A, 0);
	load("apiVersion: v1\nkind: Pod\nmetadata:\n  annotations:\n"
	     "    seccomp.security.alpha.kubernetes.io/pod: unconfined\n"
	     "spec:\n  securityContext:\n"
	     "    seccompProfile: {type: Localhost, localhostProfile: x}\n"
	     "    appArmorProfile: {type: Unconfined}\n"
	     "  containers: [{name: a}]\n");
	a = &K.objects[0].pod->containers[0];
	assert_int_equal(a->seccomp.type, CS_PROFILE_LOCALHOST);
	assert_true(a->seccomp.loc.from_pod);
	assert_false(a->seccomp.loc.from_annotation);
	assert_int_equal(a->apparmor.type, CS_PROFILE_UNCONFINED);
	assert_true(a->apparmor.loc.from_pod);
	LOC(a->apparmor.loc, 9, 23,
	    "spec.securityContext.appArmorProfile.type");
}

/* Which settings a container takes from its pod and which it never does. */
static void test_inheritance_matrix(void **state)
{
	load("apiVersion: v1\n"                                  /* 1 */
	     "kind: Pod\n"                                       /* 2 */
	     "spec:\n"                                           /* 3 */
	     "  hostUsers: false\n"                              /* 4 */
	     "  securityContext:\n"                              /* 5 */
	     "    runAsGroup: 3000\n"                            /* 6 */
	     "    runAsNonRoot: false\n"                         /* 7 */
	     "    seLinuxOptions: {type: spc_t}\n"               /* 8 */
	     "    windowsOptions: {hostProcess: true}\n"         /* 9 */
	     "    fsGroup: 0\n"                                  /* 10 */
	     "    supplementalGroups: [0, 10]\n"                 /* 11 */
	     "    sysctls:\n"                                    /* 12 */
	     "    - {name: net.core.somaxconn, value: '1024'}\n" /* 13 */
	     "    privileged: true\n"                            /* 14 */
	     "  containers:\n"                                   /* 15 */
	     "  - name: own\n"                                   /* 16 */
	     "    securityContext:\n"                            /* 17 */
	     "      runAsGroup: 4000\n"                          /* 18 */
	     "      runAsNonRoot: true\n"                        /* 19 */
	     "      seLinuxOptions: {type: container_t, level: 's0'}\n"
	     "      windowsOptions: {hostProcess: false}\n"      /* 21 */
	     "      readOnlyRootFilesystem: true\n"              /* 22 */
	     "      allowPrivilegeEscalation: false\n"           /* 23 */
	     "      procMount: Unmasked\n"                       /* 24 */
	     "  - name: bare\n");                                /* 25 */
	const cs_k8s_pod *p = K.objects[0].pod;
	assert_string_equal(K.objects[0].subject, "Pod");
	const cs_rt_spec *own = &p->containers[0], *bare = &p->containers[1];
	assert_int_equal(own->run_as_group.v, 4000);
	assert_false(own->run_as_group.loc.from_pod);
	assert_int_equal(bare->run_as_group.v, 3000);
	assert_true(bare->run_as_group.loc.from_pod);
	LOC(bare->run_as_group.loc, 6, 5, "spec.securityContext.runAsGroup");
	assert_int_equal(own->run_as_non_root.v, CS_TRI_TRUE);
	assert_int_equal(bare->run_as_non_root.v, CS_TRI_FALSE);
	assert_true(bare->run_as_non_root.loc.from_pod);
	assert_true(own->selinux.set);
	assert_string_equal(own->selinux.type.v, "container_t");
	assert_string_equal(own->selinux.level.v, "s0");
	assert_false(own->selinux.loc.from_pod);
	assert_string_equal(bare->selinux.type.v, "spc_t");
	assert_true(bare->selinux.loc.from_pod);
	LOC(bare->selinux.loc, 8, 5, "spec.securityContext.seLinuxOptions");
	assert_int_equal(own->windows_host_process.v, CS_TRI_FALSE);
	assert_int_equal(bare->windows_host_process.v, CS_TRI_TRUE);
	assert_true(bare->windows_host_process.loc.from_pod);
	LOC(bare->windows_host_process.loc, 9, 22,
	    "spec.securityContext.windowsOptions.hostProcess");
	/* never inherited */
	assert_int_equal(own->read_only_rootfs.v, CS_TRI_TRUE);
	assert_int_equal(bare->read_only_rootfs.v, CS_TRI_UNSET);
	assert_int_equal(own->allow_priv_esc.v, CS_TRI_FALSE);
	assert_int_equal(bare->allow_priv_esc.v, CS_TRI_UNSET);
	assert_string_equal(own->proc_mount.v, "Unmasked");
	assert_null(bare->proc_mount.v);
	assert_int_equal(bare->privileged.v, CS_TRI_UNSET);
	assert_false(bare->run_as_user.set);
	/* pod-only facts */
	assert_true(p->fs_group.set);
	assert_int_equal(p->fs_group.v, 0);
	LOC(p->fs_group.loc, 10, 5, "spec.securityContext.fsGroup");
	assert_int_equal(p->supplemental_groups.n, 2);
	assert_int_equal(p->supplemental_groups.v[1].v, 10);
	LOC(p->supplemental_groups.v[1].loc, 11, 29,
	    "spec.securityContext.supplementalGroups[1]");
	/* sysctls are the pod's, in every container */
	assert_int_equal(bare->sysctls.n, 1);
	assert_string_equal(bare->sysctls.v[0].name, "net.core.somaxconn");
	assert_string_equal(own->sysctls.v[0].value, "1024");
	LOC(own->sysctls.v[0].loc, 13, 7, "spec.securityContext.sysctls[0]");
	/* hostUsers: false */
	assert_int_equal(bare->host_userns.v, CS_TRI_FALSE);
	LOC(bare->host_userns.loc, 4, 3, "spec.hostUsers");
	assert_int_equal(K.diags.n, 0);
}

static void test_volumes_and_mounts(void **state)
{
	load("apiVersion: v1\n"                                  /* 1 */
	     "kind: Pod\n"                                       /* 2 */
	     "metadata: {name: p}\n"                             /* 3 */
	     "spec:\n"                                           /* 4 */
	     "  volumes:\n"                                      /* 5 */
	     "  - name: sock\n"                                  /* 6 */
	     "    hostPath:\n"                                   /* 7 */
	     "      path: /var/run/docker.sock\n"                /* 8 */
	     "  - name: mem\n"                                   /* 9 */
	     "    emptyDir: {medium: Memory}\n"                  /* 10 */
	     "  - {name: cfg, configMap: {name: c}}\n"           /* 11 */
	     "  - {name: scratch, emptyDir: {}}\n"               /* 12 */
	     "  - {name: share, nfs: {server: s, path: /x}}\n"   /* 13 */
	     "  containers:\n"                                   /* 14 */
	     "  - name: c\n"                                     /* 15 */
	     "    volumeMounts:\n"                               /* 16 */
	     "    - name: sock\n"                                /* 17 */
	     "      mountPath: /var/run/docker.sock\n"           /* 18 */
	     "      readOnly: true\n"                            /* 19 */
	     "      mountPropagation: Bidirectional\n"           /* 20 */
	     "    - {name: mem, mountPath: /m}\n"                /* 21 */
	     "    - {name: cfg, mountPath: /c}\n"                /* 22 */
	     "    - {name: scratch, mountPath: /s}\n"            /* 23 */
	     "    - {name: share, mountPath: /n}\n"              /* 24 */
	     "    - {name: ghost, mountPath: /g}\n");            /* 25 */
	const cs_k8s_pod *p = K.objects[0].pod;
	assert_int_equal(p->volumes.n, 5);
	const cs_k8s_volume *v = &p->volumes.v[0];
	assert_string_equal(v->name, "sock");
	assert_string_equal(v->type, "hostPath");
	assert_string_equal(v->host_path, "/var/run/docker.sock");
	LOC(v->loc, 6, 5, "spec.volumes[0]");
	LOC(v->type_loc, 7, 5, "spec.volumes[0].hostPath");
	LOC(v->host_path_loc, 8, 7, "spec.volumes[0].hostPath.path");
	assert_string_equal(p->volumes.v[4].type, "nfs");
	assert_null(p->volumes.v[4].host_path);

	const cs_rt_spec *c = &p->containers[0];
	assert_int_equal(c->mounts.n, 6);
	const cs_rt_mount *m = &c->mounts.v[0];
	assert_int_equal(m->kind, CS_MOUNT_BIND);
	assert_string_equal(m->type, "hostPath");
	assert_string_equal(m->name, "sock");
	assert_string_equal(m->source, "/var/run/docker.sock");
	assert_string_equal(m->target, "/var/run/docker.sock");
	LOC(m->source_loc, 8, 7, "spec.volumes[0].hostPath.path");
	LOC(m->loc, 17, 7, "spec.containers[0].volumeMounts[0]");
	assert_int_equal(m->read_only, CS_TRI_TRUE);
	LOC(m->read_only_loc, 19, 7,
	    "spec.containers[0].volumeMounts[0].readOnly");
	assert_string_equal(m->propagation, "Bidirectional");
	LOC(m->propagation_loc, 20, 7,
	    "spec.containers[0].volumeMounts[0].mountPropagation");
	assert_int_equal(c->mounts.v[1].kind, CS_MOUNT_TMPFS);
	assert_string_equal(c->mounts.v[1].type, "emptyDir");
	assert_int_equal(c->mounts.v[1].read_only, CS_TRI_UNSET);
	assert_int_equal(c->mounts.v[2].kind, CS_MOUNT_VOLUME);
	assert_string_equal(c->mounts.v[2].type, "configMap");
	assert_null(c->mounts.v[2].source);
	assert_int_equal(c->mounts.v[3].kind, CS_MOUNT_VOLUME);
	assert_int_equal(c->mounts.v[4].kind, CS_MOUNT_OTHER);
	assert_string_equal(c->mounts.v[4].type, "nfs");
	assert_int_equal(c->mounts.v[5].kind, CS_MOUNT_OTHER);
	assert_null(c->mounts.v[5].type);
	assert_string_equal(c->mounts.v[5].name, "ghost");
}

/* Past LINEAR_MAX the volume and annotation lookups go through a sorted
 * index; the answers must be the same, last duplicate winning. */
static void test_many_volumes(void **state)
{
	char *y = malloc(1 << 16);
	size_t n = (size_t)sprintf(y, "apiVersion: v1\nkind: Pod\n"
				      "metadata:\n  annotations:\n");
	for (int i = 0; i < 100; i++)
		n += (size_t)sprintf(y + n,
				     "    container.apparmor.security.beta."
				     "kubernetes.io/c%d: localhost/p%d\n",
				     i, i);
	n += (size_t)sprintf(y + n, "spec:\n  volumes:\n");
	for (int i = 0; i < 100; i++)
		n += (size_t)sprintf(y + n,
				     "  - {name: v%d, hostPath: {path: /h%d}}\n",
				     i, i);
	n += (size_t)sprintf(y + n,
			     "  - {name: v7, hostPath: {path: /again}}\n"
			     "  containers:\n");
	for (int i = 0; i < 100; i++)
		n += (size_t)sprintf(y + n,
				     "  - name: c%d\n    volumeMounts:\n"
				     "    - {name: v%d, mountPath: /m}\n",
				     i, 99 - i);
	load(y);
	free(y);
	const cs_k8s_pod *p = K.objects[0].pod;
	assert_int_equal(p->volumes.n, 101);
	assert_int_equal(p->ncontainers, 100);
	for (int i = 0; i < 100; i++) {
		const cs_rt_spec *c = &p->containers[i];
		char want[32];
		snprintf(want, sizeof(want), "/h%d", 99 - i);
		assert_int_equal(c->mounts.n, 1);
		assert_string_equal(c->mounts.v[0].source,
				    99 - i == 7 ? "/again" : want);
		snprintf(want, sizeof(want), "localhost/p%d", i);
		assert_string_equal(c->apparmor.value, want);
		assert_int_equal(c->apparmor.type, CS_PROFILE_LOCALHOST);
	}
}

static void test_ports_resources_probes(void **state)
{
	load("apiVersion: v1\n"                                  /* 1 */
	     "kind: Pod\n"                                       /* 2 */
	     "spec:\n"                                           /* 3 */
	     "  containers:\n"                                   /* 4 */
	     "  - name: c\n"                                     /* 5 */
	     "    ports:\n"                                      /* 6 */
	     "    - containerPort: 80\n"                         /* 7 */
	     "      hostPort: 8080\n"                            /* 8 */
	     "      hostIP: 127.0.0.1\n"                         /* 9 */
	     "    - {containerPort: 53, protocol: UDP, hostPort: 0}\n"
	     "    resources:\n"                                  /* 11 */
	     "      limits: {memory: 512Mi, cpu: 1}\n"           /* 12 */
	     "      requests:\n"                                 /* 13 */
	     "        cpu: 100m\n"                               /* 14 */
	     "    livenessProbe:\n"                              /* 15 */
	     "      httpGet: {path: /, port: 80, host: evil.example}\n"
	     "    readinessProbe:\n"                             /* 17 */
	     "      tcpSocket: {port: 80, host: ''}\n"           /* 18 */
	     "    lifecycle:\n"                                  /* 19 */
	     "      preStop:\n"                                  /* 20 */
	     "        tcpSocket: {port: 1, host: 10.0.0.1}\n");  /* 21 */
	const cs_rt_spec *c = &K.objects[0].pod->containers[0];
	assert_int_equal(c->ports.n, 2);
	const cs_rt_port *a = &c->ports.v[0], *b = &c->ports.v[1];
	assert_int_equal(a->container_port, 80);
	assert_int_equal(a->host_port, 8080);
	assert_true(a->published);
	assert_string_equal(a->host_ip, "127.0.0.1");
	assert_string_equal(a->protocol, "TCP");
	LOC(a->loc, 7, 7, "spec.containers[0].ports[0]");
	LOC(a->host_port_loc, 8, 7, "spec.containers[0].ports[0].hostPort");
	assert_int_equal(b->container_port, 53);
	assert_string_equal(b->protocol, "UDP");
	assert_false(b->published);
	assert_null(b->host_ip);

	assert_string_equal(c->mem_limit.v, "512Mi");
	assert_string_equal(c->cpu_limit.v, "1");
	assert_string_equal(c->cpu_request.v, "100m");
	assert_null(c->mem_request.v);
	LOC(c->resources_loc, 11, 5, "spec.containers[0].resources");
	LOC(c->cpu_request.loc, 14, 9,
	    "spec.containers[0].resources.requests.cpu");

	assert_true(c->liveness.set);
	LOC(c->liveness.loc, 15, 5, "spec.containers[0].livenessProbe");
	assert_true(c->readiness.set);
	assert_false(c->startup.set);
	assert_int_equal(c->probe_hosts.n, 2);
	assert_string_equal(c->probe_hosts.v[0].host, "evil.example");
	LOC(c->probe_hosts.v[0].loc, 16, 36,
	    "spec.containers[0].livenessProbe.httpGet.host");
	assert_string_equal(c->probe_hosts.v[1].host, "10.0.0.1");
	LOC(c->probe_hosts.v[1].loc, 21, 30,
	    "spec.containers[0].lifecycle.preStop.tcpSocket.host");
}

static void test_env(void **state)
{
	load("apiVersion: v1\n"                                  /* 1 */
	     "kind: Pod\n"                                       /* 2 */
	     "spec:\n"                                           /* 3 */
	     "  containers:\n"                                   /* 4 */
	     "  - name: c\n"                                     /* 5 */
	     "    env:\n"                                        /* 6 */
	     "    - name: DB_PASSWORD\n"                         /* 7 */
	     "      value: hunter2\n"                            /* 8 */
	     "    - name: TOKEN\n"                               /* 9 */
	     "      valueFrom:\n"                                /* 10 */
	     "        secretKeyRef: {name: s, key: k}\n"         /* 11 */
	     "    - name: MODE\n"                                /* 12 */
	     "      valueFrom: {configMapKeyRef: {name: m, key: k}}\n"
	     "    - name: NODE\n"                                /* 14 */
	     "      valueFrom: {fieldRef: {fieldPath: spec.nodeName}}\n"
	     "    - name: EMPTY\n"                               /* 16 */
	     "    envFrom:\n"                                    /* 17 */
	     "    - secretRef: {name: creds}\n"                  /* 18 */
	     "    - configMapRef: {name: settings}\n"            /* 19 */
	     "      prefix: CFG_\n");                            /* 20 */
	const cs_rt_spec *c = &K.objects[0].pod->containers[0];
	assert_int_equal(c->env.n, 5);
	const cs_rt_env *e = c->env.v;
	assert_string_equal(e[0].name, "DB_PASSWORD");
	assert_int_equal(e[0].kind, CS_ENV_LITERAL);
	assert_string_equal(e[0].value, "hunter2");
	LOC(e[0].loc, 7, 7, "spec.containers[0].env[0]");
	LOC(e[0].value_loc, 8, 14, "spec.containers[0].env[0].value");
	assert_int_equal(e[1].kind, CS_ENV_SECRET_REF);
	assert_null(e[1].value);
	LOC(e[1].value_loc, 11, 9,
	    "spec.containers[0].env[1].valueFrom.secretKeyRef");
	assert_int_equal(e[2].kind, CS_ENV_CONFIG_REF);
	assert_int_equal(e[3].kind, CS_ENV_OTHER_REF);
	assert_int_equal(e[4].kind, CS_ENV_LITERAL);
	assert_null(e[4].value);
	assert_int_equal(c->env_from.n, 2);
	assert_true(c->env_from.v[0].secret);
	assert_string_equal(c->env_from.v[0].name, "creds");
	LOC(c->env_from.v[0].loc, 18, 7, "spec.containers[0].envFrom[0]");
	assert_false(c->env_from.v[1].secret);
	assert_string_equal(c->env_from.v[1].name, "settings");
}

static void test_pod_facts(void **state)
{
	load("apiVersion: v1\n"                                  /* 1 */
	     "kind: Pod\n"                                       /* 2 */
	     "spec:\n"                                           /* 3 */
	     "  hostPID: true\n"                                 /* 4 */
	     "  hostIPC: yes\n"                                  /* 5 */
	     "  automountServiceAccountToken: false\n"           /* 6 */
	     "  serviceAccount: old\n"                           /* 7 */
	     "  hostAliases:\n"                                  /* 8 */
	     "  - {ip: 1.2.3.4, hostnames: [x]}\n"               /* 9 */
	     "  containers: [{name: c}]\n"                       /* 10 */
	     "---\n"                                             /* 11 */
	     "apiVersion: v1\n"                                  /* 12 */
	     "kind: Pod\n"                                       /* 13 */
	     "spec:\n"                                           /* 14 */
	     "  serviceAccount: old\n"                           /* 15 */
	     "  serviceAccountName: new\n");                     /* 16 */
	const cs_k8s_pod *p = K.objects[0].pod;
	assert_int_equal(p->host_pid.v, CS_TRI_TRUE);
	assert_int_equal(p->host_ipc.v, CS_TRI_TRUE);
	assert_string_equal(p->host_ipc.raw, "yes");
	assert_int_equal(p->containers[0].host_pid.v, CS_TRI_TRUE);
	LOC(p->containers[0].host_ipc.loc, 5, 3, "spec.hostIPC");
	assert_int_equal(p->automount_sa_token.v, CS_TRI_FALSE);
	assert_string_equal(p->service_account.v, "old");
	LOC(p->service_account.loc, 7, 3, "spec.serviceAccount");
	LOC(p->host_aliases_loc, 8, 3, "spec.hostAliases");
	UNSET(p->security_context_loc);
	const cs_k8s_pod *q = K.objects[1].pod;
	assert_string_equal(q->service_account.v, "new");
	LOC(q->service_account.loc, 16, 3, "spec.serviceAccountName");
	assert_int_equal(q->ncontainers, 0);
	UNSET(q->host_aliases_loc);
}

static void test_rbac(void **state)
{
	load("apiVersion: rbac.authorization.k8s.io/v1\n"        /* 1 */
	     "kind: ClusterRole\n"                               /* 2 */
	     "metadata: {name: admin}\n"                         /* 3 */
	     "rules:\n"                                          /* 4 */
	     "- apiGroups: ['']\n"                               /* 5 */
	     "  resources: [pods, pods/exec]\n"                  /* 6 */
	     "  verbs: ['*']\n"                                  /* 7 */
	     "  resourceNames: [a]\n"                            /* 8 */
	     "- nonResourceURLs: ['/metrics']\n"                 /* 9 */
	     "  verbs: [get]\n"                                  /* 10 */
	     "aggregationRule:\n"                                /* 11 */
	     "  clusterRoleSelectors: []\n"                      /* 12 */
	     "---\n"                                             /* 13 */
	     "apiVersion: rbac.authorization.k8s.io/v1\n"        /* 14 */
	     "kind: RoleBinding\n"                               /* 15 */
	     "metadata: {name: b, namespace: ns}\n"              /* 16 */
	     "roleRef:\n"                                        /* 17 */
	     "  apiGroup: rbac.authorization.k8s.io\n"           /* 18 */
	     "  kind: ClusterRole\n"                             /* 19 */
	     "  name: cluster-admin\n"                           /* 20 */
	     "subjects:\n"                                       /* 21 */
	     "- kind: ServiceAccount\n"                          /* 22 */
	     "  name: default\n"                                 /* 23 */
	     "  namespace: ns\n"                                 /* 24 */
	     "- {kind: Group, name: 'system:anonymous'}\n");     /* 25 */
	const cs_k8s_object *r = &K.objects[0], *b = &K.objects[1];
	assert_string_equal(r->subject, "ClusterRole/admin");
	assert_null(r->pod);
	assert_true(r->aggregated);
	assert_int_equal(r->rbac_rules.n, 2);
	const cs_k8s_rbac_rule *x = &r->rbac_rules.v[0];
	LOC(x->loc, 5, 3, "rules[0]");
	assert_int_equal(x->api_groups.n, 1);
	assert_string_equal(x->api_groups.v[0].v, "");
	assert_int_equal(x->resources.n, 2);
	assert_string_equal(x->resources.v[1].v, "pods/exec");
	LOC(x->resources.v[1].loc, 6, 21, "rules[0].resources[1]");
	assert_string_equal(x->verbs.v[0].v, "*");
	LOC(x->verbs.v[0].loc, 7, 11, "rules[0].verbs[0]");
	assert_string_equal(x->resource_names.v[0].v, "a");
	assert_int_equal(r->rbac_rules.v[1].non_resource_urls.n, 1);
	assert_string_equal(r->rbac_rules.v[1].non_resource_urls.v[0].v,
			    "/metrics");
	assert_int_equal(r->rbac_rules.v[1].resources.n, 0);

	assert_string_equal(b->role_ref_kind.v, "ClusterRole");
	assert_string_equal(b->role_ref_name.v, "cluster-admin");
	LOC(b->role_ref_name.loc, 20, 3, "roleRef.name");
	assert_int_equal(b->subjects.n, 2);
	assert_string_equal(b->subjects.v[0].kind, "ServiceAccount");
	assert_string_equal(b->subjects.v[0].name, "default");
	assert_string_equal(b->subjects.v[0].namespace, "ns");
	LOC(b->subjects.v[0].loc, 22, 3, "subjects[0]");
	assert_string_equal(b->subjects.v[1].name, "system:anonymous");
	assert_null(b->subjects.v[1].namespace);
	assert_int_equal(b->rbac_rules.n, 0);
}

static void test_netpol_service_ingress(void **state)
{
	load("apiVersion: networking.k8s.io/v1\n"                /* 1 */
	     "kind: NetworkPolicy\n"                             /* 2 */
	     "metadata: {name: all}\n"                           /* 3 */
	     "spec:\n"                                           /* 4 */
	     "  podSelector: {}\n"                               /* 5 */
	     "  policyTypes: [Ingress, Egress]\n"                /* 6 */
	     "---\n"                                             /* 7 */
	     "apiVersion: networking.k8s.io/v1\n"                /* 8 */
	     "kind: NetworkPolicy\n"                             /* 9 */
	     "metadata: {name: some}\n"                          /* 10 */
	     "spec:\n"                                           /* 11 */
	     "  podSelector:\n"                                  /* 12 */
	     "    matchLabels: {app: web}\n"                     /* 13 */
	     "    matchExpressions:\n"                           /* 14 */
	     "    - {key: tier, operator: In, values: [front, edge]}\n"
	     "---\n"                                             /* 16 */
	     "apiVersion: v1\n"                                  /* 17 */
	     "kind: Service\n"                                   /* 18 */
	     "metadata: {name: svc}\n"                           /* 19 */
	     "spec:\n"                                           /* 20 */
	     "  type: NodePort\n"                                /* 21 */
	     "  externalIPs: [1.2.3.4]\n"                        /* 22 */
	     "  selector: {app: web}\n"                          /* 23 */
	     "  ports:\n"                                        /* 24 */
	     "  - {port: 80, nodePort: 30080}\n"                 /* 25 */
	     "---\n"                                             /* 26 */
	     "apiVersion: networking.k8s.io/v1\n"                /* 27 */
	     "kind: Ingress\n"                                   /* 28 */
	     "metadata: {name: ing}\n"                           /* 29 */
	     "spec:\n"                                           /* 30 */
	     "  rules: []\n"                                     /* 31 */
	     "---\n"                                             /* 32 */
	     "apiVersion: networking.k8s.io/v1\n"                /* 33 */
	     "kind: Ingress\n"                                   /* 34 */
	     "spec:\n"                                           /* 35 */
	     "  tls: [{hosts: [a]}]\n");                         /* 36 */
	assert_int_equal(K.nobjects, 5);
	const cs_k8s_object *all = &K.objects[0], *some = &K.objects[1];
	assert_true(all->pod_selector.set);
	assert_int_equal(all->pod_selector.match_labels.n, 0);
	assert_int_equal(all->pod_selector.match_expressions.n, 0);
	LOC(all->pod_selector.loc, 5, 3, "spec.podSelector");
	assert_int_equal(all->policy_types.n, 2);
	assert_string_equal(all->policy_types.v[1].v, "Egress");
	assert_true(some->pod_selector.set);
	assert_int_equal(some->pod_selector.match_labels.n, 1);
	assert_int_equal(some->pod_selector.match_expressions.n, 1);
	const cs_k8s_expr *e = &some->pod_selector.match_expressions.v[0];
	assert_string_equal(e->key, "tier");
	assert_string_equal(e->op, "In");
	assert_int_equal(e->values.n, 2);
	assert_string_equal(e->values.v[1], "edge");

	const cs_k8s_object *svc = &K.objects[2];
	assert_string_equal(svc->service_type.v, "NodePort");
	LOC(svc->service_type.loc, 21, 3, "spec.type");
	assert_int_equal(svc->external_ips.n, 1);
	assert_string_equal(svc->external_ips.v[0].v, "1.2.3.4");
	assert_int_equal(svc->service_ports.n, 1);
	assert_int_equal(svc->service_ports.v[0].port, 80);
	assert_int_equal(svc->service_ports.v[0].node_port, 30080);
	LOC(svc->service_ports.v[0].loc, 25, 5, "spec.ports[0]");
	assert_true(svc->service_selector.set);
	assert_string_equal(
		cs_k8s_kv_get(&svc->service_selector.match_labels, "app"),
		"web");
	assert_int_equal(svc->service_selector.match_expressions.n, 0);
	assert_false(svc->pod_selector.set);

	const cs_k8s_object *i1 = &K.objects[3], *i2 = &K.objects[4];
	LOC(i1->ingress_spec_loc, 30, 1, "spec");
	UNSET(i1->ingress_tls_loc);
	LOC(i2->ingress_tls_loc, 36, 3, "spec.tls");
}

static void test_data_kinds(void **state)
{
	load("apiVersion: v1\n"                                  /* 1 */
	     "kind: ConfigMap\n"                                 /* 2 */
	     "metadata: {name: cm}\n"                            /* 3 */
	     "data:\n"                                           /* 4 */
	     "  DB_PASSWORD: hunter2\n"                          /* 5 */
	     "  nested: {a: b}\n"                                /* 6 */
	     "binaryData:\n"                                     /* 7 */
	     "  blob: aGVsbG8=\n"                                /* 8 */
	     "---\n"                                             /* 9 */
	     "apiVersion: v1\n"                                  /* 10 */
	     "kind: Secret\n"                                    /* 11 */
	     "metadata: {name: s}\n"                             /* 12 */
	     "type: Opaque\n"                                    /* 13 */
	     "data: {k: dg==}\n"                                 /* 14 */
	     "stringData: {t: plain}\n"                          /* 15 */
	     "---\n"                                             /* 16 */
	     "apiVersion: v1\n"                                  /* 17 */
	     "kind: ServiceAccount\n"                            /* 18 */
	     "metadata: {name: sa}\n"                            /* 19 */
	     "automountServiceAccountToken: false\n");           /* 20 */
	const cs_k8s_object *cm = &K.objects[0], *s = &K.objects[1],
			    *sa = &K.objects[2];
	assert_int_equal(cm->data.n, 3);
	assert_string_equal(cm->data.v[0].key, "DB_PASSWORD");
	assert_string_equal(cm->data.v[0].value, "hunter2");
	LOC(cm->data.v[0].loc, 5, 3, "data.DB_PASSWORD");
	LOC(cm->data.v[0].value_loc, 5, 16, "data.DB_PASSWORD");
	assert_null(cm->data.v[1].value);
	assert_string_equal(cm->data.v[2].key, "blob");
	assert_string_equal(s->secret_type.v, "Opaque");
	assert_int_equal(s->data.n, 2);
	assert_string_equal(cs_k8s_kv_get(&s->data, "t"), "plain");
	assert_int_equal(sa->automount_sa_token.v, CS_TRI_FALSE);
	LOC(sa->automount_sa_token.loc, 20, 1, "automountServiceAccountToken");
	assert_null(cs_k8s_kv_get(&sa->data, "x"));
}

static cs_k8s_kv kv(const char *k, const char *v)
{
	cs_k8s_kv r;
	memset(&r, 0, sizeof(r));
	r.key = k;
	r.value = v;
	return r;
}

static void test_selector_matching(void **state)
{
	load("apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\n"
	     "spec:\n  podSelector:\n    matchLabels: {app: web}\n"
	     "    matchExpressions:\n"
	     "    - {key: tier, operator: In, values: [front, edge]}\n"
	     "    - {key: env, operator: NotIn, values: [dev]}\n"
	     "    - {key: team, operator: Exists}\n"
	     "    - {key: legacy, operator: DoesNotExist}\n");
	const cs_k8s_selector *s = &K.objects[0].pod_selector;
	cs_k8s_kv l[5] = {kv("app", "web"), kv("tier", "edge"),
			  kv("team", "x"), kv("env", "prod"),
			  kv("other", "y")};
	assert_true(cs_k8s_selector_matches(s, l, 5));
	assert_true(cs_k8s_selector_matches(s, l, 3));   /* env absent */
	l[3] = kv("env", "dev");
	assert_false(cs_k8s_selector_matches(s, l, 4)); /* NotIn */
	l[3] = kv("legacy", "");
	assert_false(cs_k8s_selector_matches(s, l, 4)); /* DoesNotExist */
	assert_false(cs_k8s_selector_matches(s, l, 2)); /* Exists */
	l[1] = kv("tier", "back");
	assert_false(cs_k8s_selector_matches(s, l, 3)); /* In */
	l[1] = kv("tier", "front");
	l[0] = kv("app", "api");
	assert_false(cs_k8s_selector_matches(s, l, 3)); /* matchLabels */

	cs_k8s_selector empty;
	memset(&empty, 0, sizeof(empty));
	assert_false(cs_k8s_selector_matches(&empty, l, 3));
	empty.set = true;
	assert_true(cs_k8s_selector_matches(&empty, l, 3));
	assert_true(cs_k8s_selector_matches(&empty, NULL, 0));
	assert_false(cs_k8s_selector_matches(NULL, l, 3));
}

static void test_wrong_shapes(void **state)
{
	load("apiVersion: v1\n"                                  /* 1 */
	     "kind: Pod\n"                                       /* 2 */
	     "metadata: {name: p}\n"                             /* 3 */
	     "spec:\n"                                           /* 4 */
	     "  securityContext: hardened\n"                     /* 5 */
	     "  initContainers: {name: x}\n"                     /* 6 */
	     "  containers:\n"                                   /* 7 */
	     "  - plain-string\n"                                /* 8 */
	     "  - name: c\n"                                     /* 9 */
	     "    securityContext:\n"                            /* 10 */
	     "      privileged: 'true'\n"                        /* 11 */
	     "      runAsUser: '1000'\n"                         /* 12 */
	     "      capabilities: [ALL]\n"                       /* 13 */
	     "      readOnlyRootFilesystem: [x]\n"               /* 14 */
	     "    env: {A: b}\n");                               /* 15 */
	assert_int_equal(K.nobjects, 1);
	const cs_k8s_pod *p = K.objects[0].pod;
	assert_int_equal(p->ncontainers, 1);
	const cs_rt_spec *c = &p->containers[0];
	assert_string_equal(c->name, "c");
	LOC(c->loc, 9, 5, "spec.containers[1]");
	/* a quoted "true" is a string, not a boolean */
	assert_int_equal(c->privileged.v, CS_TRI_UNKNOWN);
	assert_string_equal(c->privileged.raw, "true");
	LOC(c->privileged.loc, 11, 7,
	    "spec.containers[1].securityContext.privileged");
	assert_true(c->run_as_user.set);
	assert_false(c->run_as_user.valid);
	assert_string_equal(c->run_as_user.raw, "1000");
	assert_int_equal(c->read_only_rootfs.v, CS_TRI_UNKNOWN);
	assert_null(c->read_only_rootfs.raw);
	UNSET(p->security_context_loc);

	static const struct {
		uint32_t line, col;
		const char *msg;
	} want[] = {
		{5, 20, "'securityContext' should be a mapping, not a scalar"},
		{8, 5, "an item of 'containers' should be a mapping, not a "
			"scalar"},
		{13, 21, "'capabilities' should be a mapping, not a sequence"},
		{14, 31, "'readOnlyRootFilesystem' should be a scalar, not a "
			 "sequence"},
		{15, 10, "'env' should be a sequence, not a mapping"},
		{6, 19, "'initContainers' should be a sequence, not a mapping"},
	};
	assert_int_equal(K.diags.n, sizeof(want) / sizeof(want[0]));
	for (size_t i = 0; i < K.diags.n; i++) {
		assert_string_equal(K.diags.v[i].message, want[i].msg);
		assert_int_equal(K.diags.v[i].mark.line, want[i].line);
		assert_int_equal(K.diags.v[i].mark.col, want[i].col);
	}
}

static void test_detect_and_kv(void **state)
{
	cs_yaml_stream st;
	cs_error err = {0};
	const char *y = "apiVersion: v1\nkind: Pod\n---\nkind: Pod\n---\n"
			"apiVersion: v1\nkind: [x]\n---\n- a\n";
	assert_true(cs_yaml_load(y, strlen(y), &A, &st, &err));
	assert_int_equal(st.ndocs, 4);
	assert_true(cs_k8s_detect(st.docs[0]));
	assert_false(cs_k8s_detect(st.docs[1]));
	assert_false(cs_k8s_detect(st.docs[2]));
	assert_false(cs_k8s_detect(st.docs[3]));
	assert_false(cs_k8s_detect(NULL));

	load("apiVersion: v1\nkind: Pod\nmetadata:\n  labels:\n"
	     "    a: '1'\n    b: 2\n    c: ~\n    a: again\n");
	const cs_k8s_kvs *l = &K.objects[0].labels;
	assert_int_equal(l->n, 4);
	assert_string_equal(cs_k8s_kv_get(l, "a"), "again");
	assert_string_equal(cs_k8s_kv_get(l, "b"), "2");
	assert_null(cs_k8s_kv_get(l, "c"));
	assert_null(cs_k8s_kv_get(l, "zz"));
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_deployment),
		T(test_workload_kinds),
		T(test_cronjob),
		T(test_list_and_documents),
		T(test_roles_and_order),
		T(test_annotations),
		T(test_inheritance_matrix),
		T(test_volumes_and_mounts),
		T(test_many_volumes),
		T(test_ports_resources_probes),
		T(test_env),
		T(test_pod_facts),
		T(test_rbac),
		T(test_netpol_service_ingress),
		T(test_data_kinds),
		T(test_selector_matching),
		T(test_wrong_shapes),
		T(test_detect_and_kv),
	};
#undef T
	return cmocka_run_group_tests(tests, NULL, NULL);
}

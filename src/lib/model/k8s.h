/*
 * k8s.h - Kubernetes manifests as objects, pods and container specs.
 *
 * cs_k8s_load() reads every document of a YAML stream (a `kind: List` is
 * opened into its items) into one cs_k8s_object per object.  Workloads
 * (Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet,
 * ReplicationController, Job, CronJob through jobTemplate, PodTemplate) get
 * a cs_k8s_pod: the pod spec's own facts plus one cs_rt_spec (runtime.h) per
 * container, initContainer (a sidecar when restartPolicy: Always) and
 * ephemeralContainer, with the pod's securityContext inherited only for the
 * seven inheritable fields and the legacy seccomp/AppArmor annotations
 * honoured.  RBAC objects, bindings, NetworkPolicies, Services, Ingresses,
 * ConfigMaps, Secrets and ServiceAccounts get the typed facts the K8S-*
 * rules read.  Objects of other kinds are kept with their metadata only.
 *
 * Locations: an object's loc is its document's root mapping; a pod's loc is
 * its `spec:` key (the template's for controllers); a container's is its
 * sequence item.  YAML paths start at the document root ("spec.template.
 * spec.containers[0].securityContext.privileged"; inside a List,
 * "items[3].spec...").
 */
#ifndef CS_K8S_H
#define CS_K8S_H

#include <stdbool.h>
#include <stddef.h>

#include "../parse/yaml.h"
#include "runtime.h"

/* A string pair with the location of its value: labels, annotations,
 * ConfigMap and Secret data. */
typedef struct cs_k8s_kv {
	const char *key;
	const char *value;           /* a non-scalar value: NULL */
	cs_loc loc;                  /* the key */
	cs_loc value_loc;
} cs_k8s_kv;

typedef CS_RT_LIST(cs_k8s_kv) cs_k8s_kvs;

/* A label selector (matchLabels and matchExpressions). */
typedef struct cs_k8s_expr {
	const char *key;
	const char *op;              /* In, NotIn, Exists, DoesNotExist */
	CS_RT_LIST(const char *) values;
} cs_k8s_expr;

typedef struct cs_k8s_selector {
	bool set;                    /* the selector was written */
	cs_k8s_kvs match_labels;
	CS_RT_LIST(cs_k8s_expr) match_expressions;
	cs_loc loc;
} cs_k8s_selector;

/* Does the selector select these labels?  An empty selector (`{}`) selects
 * everything; an unset one nothing. */
bool cs_k8s_selector_matches(const cs_k8s_selector *s, const cs_k8s_kv *labels,
			     size_t nlabels);

typedef struct cs_k8s_volume {
	const char *name;
	const char *type;            /* the volume source key: "hostPath",
	                                "emptyDir", "configMap", ... */
	const char *host_path;       /* hostPath.path */
	const char *medium;          /* emptyDir.medium ("Memory"), or NULL */
	cs_loc loc;                  /* the volumes[] item */
	cs_loc type_loc;             /* the source key */
	cs_loc host_path_loc;
} cs_k8s_volume;

typedef struct cs_k8s_object cs_k8s_object;

struct cs_k8s_pod {
	const cs_k8s_object *obj;
	const cs_yaml_node *spec;    /* the pod spec mapping */
	const cs_ypath *spec_path;
	cs_loc loc;                  /* the pod spec's key */
	cs_k8s_kvs labels;           /* template metadata.labels (Pod: its own) */
	cs_k8s_kvs annotations;      /* template annotations (Pod: its own) */
	cs_rt_flag host_network, host_pid, host_ipc;
	cs_rt_flag host_users;       /* as written */
	cs_rt_flag automount_sa_token;
	cs_rt_text service_account;  /* serviceAccountName or the deprecated
	                                serviceAccount */
	cs_loc host_aliases_loc;
	cs_loc security_context_loc; /* the pod's securityContext */
	/* the pod securityContext as written (containers hold the effective
	 * values) */
	cs_rt_num run_as_user, run_as_group, fs_group;
	cs_rt_flag run_as_non_root;
	CS_RT_LIST(cs_rt_num) supplemental_groups;
	cs_rt_profile seccomp, apparmor;
	cs_rt_selinux selinux;
	cs_rt_flag windows_host_process;
	CS_RT_LIST(cs_rt_sysctl) sysctls;
	CS_RT_LIST(cs_k8s_volume) volumes;
	cs_rt_spec *containers;      /* containers, then initContainers, then
	                                ephemeralContainers */
	size_t ncontainers;
};

typedef struct cs_k8s_rbac_rule {
	CS_RT_LIST(cs_rt_text) api_groups, resources, verbs, resource_names,
		non_resource_urls;
	cs_loc loc;                  /* the rules[] item */
} cs_k8s_rbac_rule;

typedef struct cs_k8s_subject {
	const char *kind;            /* User, Group, ServiceAccount */
	const char *name;
	const char *namespace;
	cs_loc loc;
} cs_k8s_subject;

typedef struct cs_k8s_port {
	int64_t port, node_port;
	cs_loc loc;
} cs_k8s_port;

struct cs_k8s_object {
	size_t doc;                  /* 0-based document index in the stream */
	const cs_yaml_node *root;
	const cs_ypath *path;        /* NULL, or items[N] inside a List */
	const char *api_version;
	const char *kind;
	const char *name;            /* metadata.name (or generateName), or NULL */
	const char *namespace;       /* metadata.namespace, or NULL */
	const char *subject;         /* "Deployment/web", "ClusterRole/admin",
	                                "Deployment/web in shop" with a
	                                namespace */
	cs_loc loc;                  /* the object's mapping */
	cs_loc kind_loc, api_version_loc, name_loc, namespace_loc;
	cs_k8s_kvs labels;
	cs_k8s_kvs annotations;

	/* workloads */
	cs_k8s_pod *pod;             /* NULL for other kinds */

	/* Role, ClusterRole */
	CS_RT_LIST(cs_k8s_rbac_rule) rbac_rules;
	bool aggregated;             /* ClusterRole aggregationRule */
	/* RoleBinding, ClusterRoleBinding */
	cs_rt_text role_ref_kind, role_ref_name;
	CS_RT_LIST(cs_k8s_subject) subjects;
	/* NetworkPolicy */
	cs_k8s_selector pod_selector;
	CS_RT_LIST(cs_rt_text) policy_types;
	/* Service */
	cs_rt_text service_type;
	CS_RT_LIST(cs_rt_text) external_ips;
	CS_RT_LIST(cs_k8s_port) service_ports;
	cs_k8s_selector service_selector;    /* spec.selector (a plain map) */
	/* Ingress */
	cs_loc ingress_tls_loc;      /* spec.tls, unset when absent */
	cs_loc ingress_spec_loc;
	/* ConfigMap data/binaryData; Secret data/stringData */
	cs_k8s_kvs data;
	cs_rt_text secret_type;      /* Secret type */
	/* ServiceAccount */
	cs_rt_flag automount_sa_token;
};

typedef struct cs_k8s_diag {
	cs_errcode code;
	cs_mark mark;
	const char *message;
} cs_k8s_diag;

typedef struct cs_k8s {
	cs_k8s_object *objects;      /* in document order */
	size_t nobjects;
	CS_RT_LIST(cs_k8s_diag) diags;   /* a document that is not an object,
	                                    a malformed field */
	size_t diags_dropped;        /* diagnostics past the cap (256) */
} cs_k8s;

/* Does this document look like a Kubernetes object (a mapping with
 * apiVersion and kind)? */
bool cs_k8s_detect(const cs_yaml_node *root);

/* Normalize a stream.  False only on out of memory. */
bool cs_k8s_load(const cs_yaml_stream *s, cs_arena *a, cs_k8s *out,
		 cs_error *err);

/* A label or annotation value, or NULL. */
const char *cs_k8s_kv_get(const cs_k8s_kvs *kvs, const char *key);

#endif

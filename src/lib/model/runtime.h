/*
 * runtime.h - one container's runtime security settings, whatever the format.
 *
 * The same settings are spelled three ways: a Compose service
 * (`privileged: true`, `cap_drop: [ALL]`, `security_opt: [seccomp:unconfined]`),
 * a Kubernetes container plus its pod (`securityContext.privileged`,
 * `capabilities.drop`, `seccompProfile.type: Unconfined`), and partly a
 * Dockerfile's final stage (USER, HEALTHCHECK).  The normalizers
 * (model/compose.c, model/k8s.c) fill one cs_rt_spec per Compose service or
 * Kubernetes container, and the RT-* rules are written once against it.
 *
 * Every field remembers where it was written (a cs_loc: line, column and
 * YAML path) or that it is absent (loc.at.line == 0).  A finding about a
 * field points at the field; a finding about a missing field points at the
 * spec's own line (the service key or the container's `- name:` item).
 *
 * Kubernetes inheritance is resolved by the normalizer: a container's
 * run_as_user, run_as_group, run_as_non_root, se_linux, seccomp, apparmor and
 * windows_host_process take the pod's securityContext value when the
 * container sets none (loc.from_pod tells which), and nothing else is
 * inherited.  The legacy seccomp and AppArmor annotations are read the same
 * way (loc.from_annotation).
 *
 * Values the format leaves to interpolation and that stay unresolved
 * (Compose `${VAR}` with no value and no default) keep their raw text in
 * `raw`; a boolean that cannot be read is CS_TRI_UNKNOWN and rules treat it
 * as "cannot tell" (no finding) rather than guess.
 */
#ifndef CS_RUNTIME_H
#define CS_RUNTIME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../util/arena.h"
#include "../util/error.h"

/* A YAML path, built as a chain so that only a finding pays for the string:
 * "spec.template.spec.containers[0].securityContext.privileged". */
typedef struct cs_ypath {
	const struct cs_ypath *up;   /* NULL at the document root */
	const char *key;             /* a mapping key, or NULL for an index */
	int32_t index;               /* a sequence index when key is NULL */
} cs_ypath;

/* Render a path ("services.web.cap_add[1]"); "" for NULL. */
const char *cs_ypath_str(const cs_ypath *p, cs_arena *a);
/* A child path, allocated in a (NULL on out of memory, which is harmless:
 * the finding then has no path). */
const cs_ypath *cs_ypath_key(cs_arena *a, const cs_ypath *up, const char *key);
const cs_ypath *cs_ypath_idx(cs_arena *a, const cs_ypath *up, int32_t index);

/* Where a setting was written. */
typedef struct cs_loc {
	cs_mark at;                  /* 0:0 = absent */
	const cs_ypath *path;
	const char *file;            /* NULL: the scanned file; else another
	                                file the value came from (a linked
	                                Dockerfile, an env_file) */
	bool from_pod;               /* K8s: inherited from the pod */
	bool from_annotation;        /* K8s: a legacy seccomp/AppArmor annotation */
} cs_loc;

static inline bool cs_loc_set(const cs_loc *l)
{
	return l->at.line != 0;
}

typedef enum cs_tri {
	CS_TRI_UNSET = 0,            /* not written */
	CS_TRI_FALSE,
	CS_TRI_TRUE,
	CS_TRI_UNKNOWN,              /* written, but not a boolean we can read
	                                (unresolved ${VAR}, a typo) */
} cs_tri;

typedef struct cs_rt_flag {
	cs_tri v;
	const char *raw;             /* the text as written, or NULL */
	cs_loc loc;
} cs_rt_flag;

typedef struct cs_rt_text {
	const char *v;               /* NULL: unset; interpolated for Compose */
	cs_loc loc;
} cs_rt_text;

typedef struct cs_rt_num {
	bool set;
	bool valid;                  /* raw is a number (v holds it) */
	int64_t v;
	const char *raw;             /* as written ("512m", "0.5", "${MEM}") */
	cs_loc loc;
} cs_rt_num;

/* seccomp and AppArmor profiles. */
typedef enum cs_profile {
	CS_PROFILE_UNSET = 0,
	CS_PROFILE_RUNTIME_DEFAULT,  /* K8s RuntimeDefault, runtime/default,
	                                docker/default */
	CS_PROFILE_LOCALHOST,        /* K8s Localhost / localhost/NAME */
	CS_PROFILE_UNCONFINED,       /* Unconfined / unconfined */
	CS_PROFILE_FILE,             /* Compose seccomp=PATH, apparmor=NAME */
	CS_PROFILE_OTHER,            /* a value we do not know */
} cs_profile;

typedef struct cs_rt_profile {
	cs_profile type;
	const char *value;           /* the type, profile name or path, as written */
	cs_loc loc;
} cs_rt_profile;

typedef struct cs_rt_selinux {
	bool set;                    /* seLinuxOptions / label: present */
	bool disabled;               /* Compose label:disable / label=disable */
	cs_rt_text type, user, role, level;
	cs_loc loc;                  /* the seLinuxOptions / security_opt entry */
} cs_rt_selinux;

typedef struct cs_rt_port {
	const char *raw;             /* as written ("127.0.0.1:8080:80/tcp") */
	const char *host_ip;         /* NULL: every interface */
	int64_t host_port;           /* 0: none published on the host */
	int64_t host_port_end;       /* == host_port unless a range */
	int64_t container_port;      /* 0: unknown */
	int64_t container_port_end;
	const char *protocol;        /* "tcp" (default), "udp", "sctp" */
	bool published;              /* Compose: reachable from the host
	                                (short form with a host part, long form
	                                with published); K8s: hostPort set */
	cs_loc loc;                  /* the port entry */
	cs_loc host_port_loc;        /* K8s hostPort / Compose published */
} cs_rt_port;

typedef enum cs_mount_kind {
	CS_MOUNT_BIND = 1,           /* Compose bind mount, K8s hostPath */
	CS_MOUNT_VOLUME,             /* named volume, PVC, configMap, ... */
	CS_MOUNT_TMPFS,              /* tmpfs, emptyDir medium Memory */
	CS_MOUNT_OTHER,
} cs_mount_kind;

typedef struct cs_rt_mount {
	cs_mount_kind kind;
	const char *type;            /* K8s volume type ("hostPath", "emptyDir",
	                                "configMap", ...); Compose "bind",
	                                "volume", "tmpfs", "npipe", "cluster",
	                                "image" */
	const char *name;            /* K8s volume name / Compose volume name */
	const char *source;          /* bind: the host path as written
	                                (interpolated), else NULL */
	const char *target;          /* path in the container, or NULL */
	cs_tri read_only;
	const char *propagation;     /* "rshared", "Bidirectional", ... or NULL */
	const char *raw;             /* Compose short syntax as written */
	cs_loc loc;                  /* the volumeMount / volumes entry */
	cs_loc source_loc;           /* the hostPath.path / bind source */
	cs_loc read_only_loc;
	cs_loc propagation_loc;
} cs_rt_mount;

typedef struct cs_rt_sysctl {
	const char *name;
	const char *value;
	cs_loc loc;
} cs_rt_sysctl;

typedef enum cs_env_kind {
	CS_ENV_LITERAL = 0,          /* a value written in the file */
	CS_ENV_UNSET,                /* Compose `- NAME` / `NAME:` (from the
	                                host environment at run time) */
	CS_ENV_SECRET_REF,           /* K8s valueFrom.secretKeyRef */
	CS_ENV_CONFIG_REF,           /* K8s valueFrom.configMapKeyRef */
	CS_ENV_OTHER_REF,            /* fieldRef, resourceFieldRef, ... */
} cs_env_kind;

typedef struct cs_rt_env {
	const char *name;
	const char *value;           /* LITERAL: the (interpolated) value */
	cs_env_kind kind;
	bool from_env_file;          /* Compose env_file: loc.file names it */
	cs_loc loc;                  /* the entry */
	cs_loc value_loc;
} cs_rt_env;

/* K8s envFrom: a whole Secret or ConfigMap as variables. */
typedef struct cs_rt_env_from {
	bool secret;                 /* secretRef (else configMapRef) */
	const char *name;
	cs_loc loc;
} cs_rt_env_from;

/* A health check or probe. */
typedef struct cs_rt_probe {
	bool set;
	bool disabled;               /* Compose healthcheck.disable: true or
	                                test: ["NONE"] */
	cs_loc loc;
} cs_rt_probe;

/* K8s probe or lifecycle handler with an explicit host (PSS 1.34). */
typedef struct cs_rt_probe_host {
	const char *host;
	cs_loc loc;
} cs_rt_probe_host;

typedef enum cs_rt_origin {
	CS_RT_COMPOSE = 1,
	CS_RT_K8S,
} cs_rt_origin;

typedef enum cs_rt_role {
	CS_RT_MAIN = 0,              /* a Compose service, a K8s container */
	CS_RT_INIT,                  /* K8s initContainers */
	CS_RT_SIDECAR,               /* K8s initContainers restartPolicy: Always */
	CS_RT_EPHEMERAL,             /* K8s ephemeralContainers */
} cs_rt_role;

/* A growable list in the normalizer's arena; rules only read n and v. */
#define CS_RT_LIST(T) struct { T *v; size_t n, cap; }

typedef struct cs_k8s_pod cs_k8s_pod;
typedef struct cs_compose_service cs_compose_service;

typedef struct cs_rt_spec {
	cs_rt_origin origin;
	cs_rt_role role;
	const char *name;            /* service or container name */
	const char *subject;         /* "service web",
	                                "Deployment/web container app" */
	cs_loc loc;                  /* the service key / container item */
	const cs_k8s_pod *pod;       /* K8s: the pod it runs in, else NULL */
	const cs_compose_service *service;   /* Compose, else NULL */

	/* image */
	cs_rt_text image;            /* interpolated; NULL: none (Compose build
	                                only) */
	cs_rt_text pull_policy;      /* K8s imagePullPolicy / Compose pull_policy */
	bool builds;                 /* Compose build: (image may be absent) */

	/* identity */
	cs_rt_text user;             /* Compose user: ("1000:1000", "app") */
	cs_rt_num run_as_user;       /* K8s runAsUser; Compose numeric user */
	cs_rt_num run_as_group;      /* K8s runAsGroup; Compose numeric group */
	cs_rt_flag run_as_non_root;  /* K8s only */
	cs_rt_text image_user;       /* USER of the linked Dockerfile's final
	                                stage (loc.file names it), or unset */

	/* privilege */
	cs_rt_flag privileged;
	cs_rt_flag allow_priv_esc;   /* K8s allowPrivilegeEscalation; Compose:
	                                no-new-privileges true -> FALSE, false ->
	                                TRUE, absent -> UNSET */
	CS_RT_LIST(cs_rt_text) cap_add;    /* as written; rules compare names
	                                      case-insensitively without CAP_ */
	CS_RT_LIST(cs_rt_text) cap_drop;
	cs_loc cap_add_loc, cap_drop_loc;  /* the lists themselves */
	cs_loc security_context_loc; /* K8s container securityContext, Compose
	                                security_opt; absent: unset */
	cs_rt_flag read_only_rootfs;
	cs_rt_text proc_mount;       /* K8s procMount */
	cs_rt_flag windows_host_process;

	/* confinement */
	cs_rt_profile seccomp;
	cs_rt_profile apparmor;
	cs_rt_selinux selinux;

	/* namespaces (K8s: copied from the pod, loc points at the pod field) */
	cs_rt_flag host_network;     /* Compose network_mode: host */
	cs_rt_flag host_pid;
	cs_rt_flag host_ipc;
	cs_rt_flag host_uts;         /* Compose uts: host */
	cs_rt_flag host_userns;      /* Compose userns_mode: host -> TRUE;
	                                K8s hostUsers: false -> FALSE, true or
	                                unset -> TRUE with loc unset when
	                                unset */
	cs_rt_text network_mode;     /* Compose: as written ("host",
	                                "service:db", "container:x", "none") */
	cs_rt_text pid_mode, ipc_mode;   /* Compose pid:/ipc: as written */

	/* devices, mounts, ports, sysctls */
	CS_RT_LIST(cs_rt_port) ports;
	CS_RT_LIST(cs_rt_mount) mounts;
	CS_RT_LIST(cs_rt_text) devices;    /* Compose devices:, as written */
	CS_RT_LIST(cs_rt_sysctl) sysctls;  /* K8s: the pod's sysctls */

	/* resources */
	cs_rt_text mem_limit;        /* Compose mem_limit or deploy limits;
	                                K8s resources.limits.memory */
	cs_rt_text cpu_limit;        /* Compose cpus / cpu_quota / deploy
	                                limits.cpus; K8s limits.cpu */
	cs_rt_text cpu_shares;       /* Compose cpu_shares */
	cs_rt_text mem_request;      /* K8s requests.memory; Compose
	                                deploy.resources.reservations.memory */
	cs_rt_text cpu_request;
	cs_rt_num pids_limit;        /* Compose pids_limit or deploy limits.pids */
	cs_loc resources_loc;        /* K8s resources / Compose deploy.resources */
	cs_rt_text cgroup_parent;    /* Compose */

	/* lifecycle */
	cs_rt_probe healthcheck;     /* Compose healthcheck (or the linked
	                                Dockerfile's HEALTHCHECK, loc.file set) */
	cs_rt_probe liveness, readiness, startup;   /* K8s */
	CS_RT_LIST(cs_rt_probe_host) probe_hosts;   /* K8s httpGet/tcpSocket host */
	cs_rt_text restart;          /* Compose restart / deploy.restart_policy
	                                (as "on-failure:5" when max_attempts) */

	/* environment */
	CS_RT_LIST(cs_rt_env) env;
	CS_RT_LIST(cs_rt_env_from) env_from;
} cs_rt_spec;

/* Case-insensitive capability name without a CAP_ prefix equals `name`
 * ("cap_sys_admin" == "SYS_ADMIN"). */
bool cs_rt_cap_is(const char *written, const char *name);
/* The spec drops `name` (or ALL). */
bool cs_rt_drops(const cs_rt_spec *s, const char *name);

/* Append to a CS_RT_LIST in an arena; returns the new zeroed element or
 * NULL on out of memory. */
void *cs_rt_list_push(cs_arena *a, void *list, size_t elem);
#define CS_RT_PUSH(a, list) \
	((__typeof__((list)->v))cs_rt_list_push((a), (list), sizeof(*(list)->v)))

/* Room for k more elements, so that filling a list from a sequence of known
 * length allocates once and zeroes no spare room.  False on out of memory
 * (the list is unchanged). */
bool cs_rt_list_reserve(cs_arena *a, void *list, size_t k, size_t elem);

#endif

/*
 * rule.h - what a rule is.
 *
 * A rule is one row in a `static const` table in its family's file
 * (df-user.c, df-secrets.c, ...): its id, title, severity and references live
 * beside its check function, and `customs rules`, docs/rules/ and the
 * migration table are generated from the rows.  registry.c lists the
 * families; nothing else needs to change to add a rule.
 *
 * A check function inspects one normalized subject and reports findings
 * through the context.  It returns whether the rule applied at all (a rule on
 * apt-get pinning does not apply to a Dockerfile that installs nothing); an
 * applicable rule with no findings passed.  A check never parses text and
 * never allocates outside the context's arena.
 */
#ifndef CS_RULE_H
#define CS_RULE_H

#include <stdbool.h>
#include <stddef.h>

#include "../finding.h"
#include "../model/build.h"
#include "../model/compose.h"
#include "../model/k8s.h"
#include "../model/runtime.h"

typedef struct cs_image cs_image;
typedef struct cs_img_file cs_img_file;

/* What a rule inspects. */
enum {
	CS_TARGET_DOCKERFILE = 1u << 0,
	CS_TARGET_COMPOSE    = 1u << 1,
	CS_TARGET_K8S        = 1u << 2,
	CS_TARGET_IMAGE      = 1u << 3,   /* a built image (image audit) */
	CS_TARGET_INPUT      = 1u << 7,   /* read/parse errors: not scored */
};

/* Where in a Dockerfile a rule looks. */
typedef enum cs_scope {
	CS_SCOPE_FILE = 0,        /* the file as a whole */
	CS_SCOPE_FINAL_STAGE,     /* the stage that is built (and its bases) */
	CS_SCOPE_EVERY_STAGE,     /* every stage: layers keep what builders did */
	CS_SCOPE_CONTAINER,       /* each Compose service / K8s container */
	CS_SCOPE_OBJECT,          /* each Kubernetes object (a workload's pod) */
	CS_SCOPE_SERVICE,         /* each Compose service, with the whole file */
	CS_SCOPE_SCAN_SET,        /* an object against every file scanned */
	CS_SCOPE_IMAGE,           /* an image: config, history, files */
} cs_scope;

/* "file", "final stage", "every stage", "container", "object", "service",
 * "scan set", "image" */
const char *cs_scope_name(cs_scope s);

typedef struct cs_config cs_config;
typedef struct cs_df_check cs_df_check;
typedef struct cs_rt_check cs_rt_check;
typedef struct cs_k8s_check cs_k8s_check;
typedef struct cs_compose_check cs_compose_check;
typedef struct cs_img_check cs_img_check;

struct cs_rule {
	const char *id;           /* DF-USER-ROOT: public, never reused */
	const char *title;        /* one line, no final period */
	cs_severity severity;
	unsigned targets;         /* CS_TARGET_* */
	cs_scope scope;
	const char *rationale;    /* why it matters (a paragraph) */
	const char *remediation;  /* what to do */
	const char *example;      /* a corrected snippet */
	/* references; "" when none */
	const char *cis;          /* "CIS Docker 1.6 4.1" */
	const char *nist;         /* "NIST SP 800-190 3.1.2" */
	const char *owasp;        /* "OWASP Docker Top 10 D01" */
	const char *hadolint;     /* "DL3002,DL3004" */
	const char *trivy;        /* "DS-0002" */
	const char *checkov;      /* "CKV_DOCKER_3" */
	const char *kics;         /* KICS query title(s) */
	const char *kube_linter;  /* "privileged-container" */
	const char *dockle;       /* "CIS-DI-0001", "DKL-LI-0001"; NULL when
	                             none */
	const char *pss;          /* Pod Security Standards level whose
	                             control this rule is: "baseline",
	                             "restricted" or "" */
	/* The check, one per kind of subject; a rule has those its targets
	 * call for.  check_rt runs once per container spec (a Compose service,
	 * a Kubernetes container) of the formats in `targets`; check_k8s once
	 * per Kubernetes object; check_compose once per Compose service. */
	bool (*check_df)(cs_df_check *c);
	bool (*check_rt)(cs_rt_check *c);
	bool (*check_k8s)(cs_k8s_check *c);
	bool (*check_compose)(cs_compose_check *c);
	/* check_img once per image (config, history and final files) */
	bool (*check_img)(cs_img_check *c);
};

/* The context a Dockerfile check runs in. */
struct cs_df_check {
	const cs_rule *rule;
	const cs_build *build;
	const cs_dockerfile *df;
	const cs_config *config;  /* may be NULL */
	cs_arena *arena;          /* for message text */
	void *sink;               /* private to the engine */
};

/*
 * Report a finding of c->rule.  `in` is the instruction it is about (its
 * start line anchors inline suppressions and its stage names the subject), or
 * NULL for a file-level finding (line 1, subject "stage final").  `at` is the
 * exact position of the offending text (0:0 means in->start).  `value` is the
 * offending value (it feeds the fingerprint); the message should quote it.
 */
void cs_df_report(cs_df_check *c, const cs_df_instr *in, cs_mark at,
		  const char *value, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

/* The context a runtime check runs in: one container spec. */
struct cs_rt_check {
	const cs_rule *rule;
	const cs_rt_spec *spec;
	const cs_config *config;  /* may be NULL */
	cs_arena *arena;
	void *sink;
};

/*
 * Report a finding of c->rule about c->spec.  `at` is where the offending
 * setting is written; NULL or an unset loc means the setting is missing and
 * the finding points at the spec itself (the service or container line).
 * A loc from another file (at->file set: a linked Dockerfile) is reported at
 * the spec with that file named in the message by the caller.
 */
void cs_rt_report(cs_rt_check *c, const cs_loc *at, const char *value,
		  const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* The context of a Kubernetes object check. */
struct cs_k8s_check {
	const cs_rule *rule;
	const cs_k8s *k8s;        /* the whole file */
	const cs_k8s_object *obj;
	const cs_config *config;
	cs_arena *arena;
	void *sink;
};

/* Report about c->obj; NULL/unset `at` points at the object. */
void cs_k8s_report(cs_k8s_check *c, const cs_loc *at, const char *value,
		   const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/*
 * Some questions need the whole scan set: is this workload selected by a
 * NetworkPolicy in any file?  Such a finding is reported tentatively with
 * the question it depends on; once every file is scanned the run answers it
 * and drops the finding (the check then passes) or keeps it.
 */
typedef enum cs_xref_kind {
	CS_XREF_NONE = 0,
	/* Drop when a NetworkPolicy in `ns` selects `labels`. */
	CS_XREF_NETPOL_SELECTS,
	/* Drop when `selector` in `ns` selects a workload's pod labels. */
	CS_XREF_SELECTS_WORKLOAD,
	/* Drop when ServiceAccount `name` in `ns` sets
	 * automountServiceAccountToken: false. */
	CS_XREF_SA_NO_AUTOMOUNT,
	/* Keep only when the role `kind`/`name` (in `ns` for a Role) is in the
	 * scan set and grants `*` verbs on `*` resources (admin-like). */
	CS_XREF_ROLE_ADMIN,
} cs_xref_kind;

typedef struct cs_xref {
	cs_xref_kind kind;
	const char *ns;           /* the namespace ("default" when unset) */
	const char *name;         /* SA_NO_AUTOMOUNT, ROLE_ADMIN */
	const char *role_kind;    /* ROLE_ADMIN: "Role" or "ClusterRole" */
	const cs_k8s_kv *labels;  /* NETPOL_SELECTS */
	size_t nlabels;
	const cs_k8s_selector *selector;   /* SELECTS_WORKLOAD */
} cs_xref;

void cs_k8s_report_xref(cs_k8s_check *c, const cs_xref *x, const cs_loc *at,
			const char *value, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

/* Does Role/ClusterRole o answer CS_XREF_ROLE_ADMIN: a rule item with `*`
 * verbs on `*` resources, not narrowed by resourceNames, in a role that is
 * not aggregated (k8s-rbac.c, with the other RBAC matching). */
bool cs_k8s_role_is_admin(const cs_k8s_object *o);

/* The context of a Compose service check (DC-*). */
struct cs_compose_check {
	const cs_rule *rule;
	const cs_compose *compose;
	const cs_compose_service *svc;
	const cs_config *config;
	cs_arena *arena;
	void *sink;
};

void cs_compose_report(cs_compose_check *c, const cs_loc *at,
		       const char *value, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* The bytes of a file of an image, read once for every rule that asked
 * (cs_img_wants_contents in rules/img-util.h), at most CS_IMG_BLOB_MAX. */
typedef struct cs_img_blob {
	const cs_img_file *file;
	const unsigned char *data;
	size_t len;
	bool truncated;           /* the file is longer than len */
} cs_img_blob;

#define CS_IMG_BLOB_MAX (1u << 20)

/* The context of an image check (IMG-*). */
struct cs_img_check {
	const cs_rule *rule;
	const cs_image *img;
	const cs_img_blob *blobs; /* sorted by path */
	size_t nblobs;
	const cs_config *config;
	cs_arena *arena;
	void *sink;
};

/*
 * Report about the image.  `f` is the file the finding is about, or NULL;
 * `layer` the index of the layer that made it (its digest and created_by are
 * named in the message), or -1 for the image config.  The subject is
 * "layer N" for a layer and "image" otherwise; the finding is located at
 * line 1 of the image path given.
 */
void cs_img_report(cs_img_check *c, const cs_img_file *f, int layer,
		   const char *value, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

/* All rules, sorted by id. */
const cs_rule *const *cs_rules_all(size_t *n);
const cs_rule *cs_rule_find(const char *id);
/* Rules whose hadolint column names `dl` (e.g. "DL3008"); returns count,
 * fills up to max. */
size_t cs_rules_for_hadolint(const char *dl, const cs_rule **out, size_t max);

/* The documentation URL of a rule. */
#define CS_DOCS_BASE "https://customs.dev/docs/rules/"

#endif

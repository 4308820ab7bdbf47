/*
 * pss.h - Pod Security Standards, judged as the admission controller does.
 *
 * `customs scan --pss baseline|restricted` asks, per workload, which level
 * of the Pod Security Standards its pod meets and which controls fail,
 * with the semantics of Kubernetes' pod-security-admission (the checks of
 * its policy/check_*.go): a pod meets "restricted" when no baseline and no
 * restricted control fails, "baseline" when no baseline control fails,
 * else only "privileged".  The rules change between Kubernetes versions
 * (allowed sysctls, the SELinux types, probe hosts, user namespaces), so
 * every evaluation names the minor version it assumes; the default is the
 * newest this release knows.
 *
 * This judges the pod spec only: namespace labels, exemptions and the
 * windows `spec.os.name` relaxations of a real cluster are not seen.
 */
#ifndef CS_PSS_H
#define CS_PSS_H

#include <stdbool.h>
#include <stddef.h>

#include "model/k8s.h"
#include "util/arena.h"

#define CS_PSS_MIN_MINOR    22   /* Pod Security admission exists since 1.22 */
#define CS_PSS_LATEST_MINOR 37

typedef enum cs_pss_level {
	CS_PSS_NONE = 0,          /* not asked */
	CS_PSS_PRIVILEGED,
	CS_PSS_BASELINE,
	CS_PSS_RESTRICTED,
} cs_pss_level;

const char *cs_pss_level_name(cs_pss_level l);   /* "baseline", ... */
bool cs_pss_parse_level(const char *s, cs_pss_level *out);
/* "v1.30", "1.30" or "latest" -> 30; false when malformed or outside
 * CS_PSS_MIN_MINOR..CS_PSS_LATEST_MINOR. */
bool cs_pss_parse_version(const char *s, int *minor);

typedef struct cs_pss_failure {
	const char *control;      /* the standard's name: "Host Namespaces" */
	cs_pss_level level;       /* the level the control belongs to */
	const char *message;      /* what fails, naming the container/value */
	cs_mark at;               /* where (the pod spec when absent) */
	const char *path;         /* YAML path, or NULL */
} cs_pss_failure;

typedef struct cs_pss_result {
	const char *subject;      /* "Deployment/web" */
	cs_mark at;               /* the object */
	cs_pss_level met;         /* the highest level the pod meets */
	cs_pss_failure *failures; /* baseline controls first */
	size_t nfailures;
} cs_pss_result;

/* Judge one pod with the rules of Kubernetes 1.`minor`.  False only on
 * out of memory. */
bool cs_pss_eval(const cs_k8s_pod *pod, int minor, cs_arena *a,
		 cs_pss_result *out);

#endif

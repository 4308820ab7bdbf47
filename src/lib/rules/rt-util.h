/*
 * rt-util.h - helpers shared by the runtime (RT-*) rule families.
 *
 * A runtime rule reads one cs_rt_spec, which may be a Compose service or a
 * Kubernetes container, and its message has to name the subject in the
 * words of its format ("service 'web'", "init container 'migrate'") and
 * the setting in the spelling the user wrote (`cap_add` or
 * `capabilities.add`).  The answers live here so that the families say it
 * the same way.
 *
 * Two questions recur in every family and are easy to get subtly wrong:
 * whether a Compose value is still an unresolved `${VAR}` (then the rule
 * cannot tell and stays silent), and whether a Kubernetes pod is a Windows
 * pod, which the Pod Security Standards exempt from the Linux-only
 * controls.
 *
 * Nothing here allocates; everything is linear in its input.
 */
#ifndef CS_RT_UTIL_H
#define CS_RT_UTIL_H

#include <stdbool.h>
#include <stddef.h>

#include "rule.h"

/* printf pieces naming a spec: "service 'web'", "container 'app'". */
#define CS_RTU_WHO "%s '%s'"
#define CS_RTU_WHO_ARGS(s) cs_rtu_noun(s), cs_rtu_name(s)

/* "service", "container", "init container", "sidecar container",
 * "ephemeral container". */
const char *cs_rtu_noun(const cs_rt_spec *s);
/* The service or container name, "?" when it has none. */
const char *cs_rtu_name(const cs_rt_spec *s);

static inline bool cs_rtu_k8s(const cs_rt_spec *s)
{
	return s->origin == CS_RT_K8S;
}

static inline bool cs_rtu_compose(const cs_rt_spec *s)
{
	return s->origin == CS_RT_COMPOSE;
}

/* The spelling of a setting in the spec's format ("cap_drop" or
 * "capabilities.drop"). */
static inline const char *cs_rtu_key(const cs_rt_spec *s, const char *compose,
				     const char *k8s)
{
	return s->origin == CS_RT_K8S ? k8s : compose;
}

/* A flag that is set to true (not unknown, not unset). */
static inline bool cs_rtu_true(const cs_rt_flag *f)
{
	return f->v == CS_TRI_TRUE;
}

/* The flag's text for a finding's value ("true" when not kept). */
const char *cs_rtu_flag_raw(const cs_rt_flag *f, const char *dflt);

/* Does the (interpolated) Compose text still hold a variable reference
 * (`${VAR}`, `$VAR`) that had no value?  The rule then cannot tell. */
bool cs_rtu_unresolved(const char *v);

/* Is the capability name, as written, one of the NULL-terminated list?
 * Compared as cs_rt_cap_is() does: case-insensitive, CAP_ optional. */
bool cs_rtu_cap_in(const char *written, const char *const *list);

/* One of the 13 capabilities the Pod Security Standards baseline allows
 * to add (the container runtimes' historical defaults minus NET_RAW). */
bool cs_rtu_cap_baseline(const char *written);

/* Is the user part of "user[:group]" root ("root", "0", "00", "0:10")? */
bool cs_rtu_user_is_root(const char *spec);

/* Does the pod declare `spec.os.name: windows`?  The Pod Security
 * Standards exempt such pods from the Linux-only restricted controls. */
bool cs_rtu_windows_pod(const cs_rt_spec *s);

#endif

/*
 * rt-util.c - helpers shared by the runtime rule families; see rt-util.h.
 *
 * The baseline capability list is the Pod Security Standards' one, which is
 * also what Docker grants by default minus NET_RAW: keeping a single copy
 * means RT-CAP-ADD and any later rule agree on what "a default capability"
 * is.
 */
#include "rt-util.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

const char *cs_rtu_noun(const cs_rt_spec *s)
{
	if (s->origin == CS_RT_COMPOSE)
		return "service";
	switch (s->role) {
	case CS_RT_INIT:
		return "init container";
	case CS_RT_SIDECAR:
		return "sidecar container";
	case CS_RT_EPHEMERAL:
		return "ephemeral container";
	case CS_RT_MAIN:
		break;
	}
	return "container";
}

const char *cs_rtu_name(const cs_rt_spec *s)
{
	return s->name && *s->name ? s->name : "?";
}

const char *cs_rtu_flag_raw(const cs_rt_flag *f, const char *dflt)
{
	return f->raw && *f->raw ? f->raw : dflt;
}

bool cs_rtu_unresolved(const char *v)
{
	if (!v)
		return false;
	for (; *v; v++) {
		if (v[0] != '$')
			continue;
		if (v[1] == '{' || v[1] == '_' ||
		    isalpha((unsigned char)v[1]))
			return true;
	}
	return false;
}

bool cs_rtu_cap_in(const char *written, const char *const *list)
{
	for (size_t i = 0; list[i]; i++)
		if (cs_rt_cap_is(written, list[i]))
			return true;
	return false;
}

static const char *const baseline_caps[] = {
	"AUDIT_WRITE", "CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID", "KILL",
	"MKNOD", "NET_BIND_SERVICE", "SETFCAP", "SETGID", "SETPCAP",
	"SETUID", "SYS_CHROOT", NULL,
};

bool cs_rtu_cap_baseline(const char *written)
{
	return cs_rtu_cap_in(written, baseline_caps);
}

bool cs_rtu_user_is_root(const char *spec)
{
	if (!spec)
		return false;
	size_t n = 0;
	while (spec[n] && spec[n] != ':')
		n++;
	if (n == 4 && strncmp(spec, "root", 4) == 0)
		return true;
	if (n == 0)
		return false;
	for (size_t i = 0; i < n; i++)
		if (spec[i] != '0')
			return false;
	return true;
}

bool cs_rtu_windows_pod(const cs_rt_spec *s)
{
	if (s->origin != CS_RT_K8S || !s->pod || !s->pod->spec)
		return false;
	const cs_yaml_node *os = cs_yaml_get(s->pod->spec, "os");
	if (!os || os->kind != CS_YAML_MAP)
		return false;
	const cs_yaml_node *name = cs_yaml_get(os, "name");
	return name && name->kind == CS_YAML_SCALAR && name->scalar &&
	       strcasecmp(name->scalar, "windows") == 0;
}

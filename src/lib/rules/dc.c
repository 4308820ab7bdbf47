/*
 * dc.c - how Compose services are wired to each other: networks and shared
 * volumes.
 *
 * These rules are about the file as a whole rather than one container's
 * settings, so they run once per service with the whole Compose file in
 * view (cs_compose_check) instead of against the runtime spec alone.
 *
 * DC-SHARED-VOL has to find, for each named volume a service mounts, the
 * other services that mount it.  Doing that for every service is quadratic
 * in the number of services, which a hostile file can make large, and a
 * check keeps no state between services.  So each service's search is
 * bounded: it visits at most SHARE_BUDGET / nservices mounts (and at least
 * SHARE_MIN), starting with the services that follow it in the file and
 * wrapping around.  The whole file then costs at most SHARE_BUDGET plus
 * SHARE_MIN per service; every file with fewer than about two thousand
 * services and mounts is searched in full, and a larger one still finds
 * sharing between services written near each other.
 */
#include "registry.h"

#include <string.h>

#include "rt-util.h"

enum {
	SHARE_BUDGET = 1 << 22, /* mounts visited per file, all services */
	SHARE_MIN = 256,        /* mounts visited per service at least */
	SHARE_NAMES = 3,        /* other services named in a message */
};

static bool streq(const char *a, const char *b)
{
	return a && b && strcmp(a, b) == 0;
}

/* ---- DC-NETWORK ---------------------------------------------------------- */

static bool check_network(cs_compose_check *c)
{
	const cs_compose_service *s = c->svc;
	const char *mode = s->spec.network_mode.v;
	/* network_mode replaces networks: host, none, service:x and
	 * container:x are judged by RT-HOST-NET or are the other service's
	 * network. */
	if (mode && *mode)
		return false;
	if (s->has_networks && s->networks.n > 0) {
		for (size_t i = 0; i < s->networks.n; i++) {
			const char *n = s->networks.v[i].name;
			if (!streq(n, "default") || cs_rtu_unresolved(n))
				return true;
		}
		cs_compose_report(c, &s->networks.v[0].loc, "default",
				  "service '%s' is attached only to the "
				  "project's default network, which every "
				  "service of the file joins",
				  s->name);
		return true;
	}
	cs_compose_report(c, NULL, "networks",
			  "service '%s' sets no networks: it joins the "
			  "project's default network, where every other "
			  "service of the file can reach it",
			  s->name);
	return true;
}

/* ---- DC-SHARED-VOL ------------------------------------------------------- */

/* A named volume (not a bind mount, tmpfs or anonymous volume). */
static bool named_volume(const cs_rt_mount *m)
{
	return m->kind == CS_MOUNT_VOLUME && m->name && *m->name &&
	       (!m->type || streq(m->type, "volume")) &&
	       !cs_rtu_unresolved(m->name);
}

typedef struct sharers {
	size_t n;                          /* other services mounting it */
	const char *names[SHARE_NAMES];    /* the first few of them */
	bool writable;                     /* one of them mounts it rw */
} sharers;

/* Other services that mount volume `name`, visiting at most *budget
 * mounts. */
static void find_sharers(const cs_compose *f, size_t self, const char *name,
			 size_t *budget, sharers *out)
{
	memset(out, 0, sizeof(*out));
	size_t ns = f->nservices;
	for (size_t step = 1; step < ns && *budget > 0; step++) {
		const cs_compose_service *o = &f->services[(self + step) % ns];
		for (size_t k = 0; k < o->spec.mounts.n && *budget > 0; k++) {
			const cs_rt_mount *m = &o->spec.mounts.v[k];
			(*budget)--;
			if (!named_volume(m) || !streq(m->name, name))
				continue;
			if (out->n < SHARE_NAMES)
				out->names[out->n] = o->name ? o->name : "?";
			out->n++;
			if (m->read_only != CS_TRI_TRUE)
				out->writable = true;
			break;
		}
	}
}

/* "'a'", "'a' and 'b'", "'a', 'b', 'c' and 4 more" */
static const char *name_list(cs_arena *a, const sharers *s)
{
	size_t shown = s->n < SHARE_NAMES ? s->n : SHARE_NAMES;
	const char *out = "";
	for (size_t i = 0; i < shown && out; i++) {
		bool last = i + 1 == shown && s->n == shown;
		const char *sep = i == 0 ? "" : last ? " and " : ", ";
		out = cs_arena_printf(a, "%s%s'%s'", out, sep, s->names[i]);
	}
	if (out && s->n > shown)
		out = cs_arena_printf(a, "%s and %zu more", out,
				      s->n - shown);
	return out ? out : "other services";
}

static bool check_shared_vol(cs_compose_check *c)
{
	const cs_compose *f = c->compose;
	const cs_compose_service *me = c->svc;
	size_t ns = f->nservices;
	size_t self = ns;
	if (me >= f->services && me < f->services + ns)
		self = (size_t)(me - f->services);
	size_t budget = ns ? SHARE_BUDGET / ns : 0;
	if (budget < SHARE_MIN)
		budget = SHARE_MIN;
	bool applies = false;
	for (size_t i = 0; i < me->spec.mounts.n; i++) {
		const cs_rt_mount *m = &me->spec.mounts.v[i];
		if (!named_volume(m))
			continue;
		applies = true;
		if (self == ns)
			continue;
		sharers sh;
		find_sharers(f, self, m->name, &budget, &sh);
		/* read-only everywhere: nobody can tamper with the data */
		if (sh.n == 0 || (!sh.writable && m->read_only == CS_TRI_TRUE))
			continue;
		cs_compose_report(c, &m->loc, m->name,
				  "service '%s' mounts volume '%s', which "
				  "service%s %s also mount%s: a compromise "
				  "of one can tamper with the others' data",
				  me->name, m->name, sh.n == 1 ? "" : "s",
				  name_list(c->arena, &sh),
				  sh.n == 1 ? "s" : "");
	}
	return applies;
}

/* ---- the table ----------------------------------------------------------- */

static const cs_rule rows[] = {
	{
		.id = "DC-NETWORK",
		.title = "A Compose service uses the default network",
		.severity = CS_SEV_LOW,
		.targets = CS_TARGET_COMPOSE,
		.scope = CS_SCOPE_SERVICE,
		.rationale =
			"A service without `networks:` joins the project's "
			"default network, and so does every other such "
			"service: the database, the cache and the public "
			"web front end can all reach each other, and one "
			"compromised service can scan and attack the rest. "
			" Giving services named networks (a front end "
			"network and an internal back end network) limits "
			"each to the peers it needs.  A service that lists "
			"only `default` is told the same.  Services with "
			"network_mode (host, none, service:, container:) do "
			"not use Compose networks and are left to "
			"RT-HOST-NET; a network name that is still an "
			"unresolved ${VAR} is not judged.",
		.remediation =
			"Declare networks at the top level and attach each "
			"service only to those it needs; mark back-end "
			"networks `internal: true`.",
		.example =
			"services:\n"
			"  web:\n"
			"    image: registry.example.com/web:1.4.2\n"
			"    networks: [front, back]\n"
			"  db:\n"
			"    image: postgres:16.3\n"
			"    networks: [back]\n"
			"networks:\n"
			"  front: {}\n"
			"  back:\n"
			"    internal: true",
		.cis = "CIS Docker 1.6 5.30",
		.nist = "NIST SP 800-190 3.3.3",
		.owasp = "OWASP Docker Top 10 D03",
		.hadolint = "",
		.trivy = "",
		.checkov = "",
		.kics = "Networks Not Set",
		.kube_linter = "",
		.pss = "",
		.check_compose = check_network,
	},
	{
		.id = "DC-SHARED-VOL",
		.title = "A named volume is shared between Compose services",
		.severity = CS_SEV_LOW,
		.targets = CS_TARGET_COMPOSE,
		.scope = CS_SCOPE_SERVICE,
		.rationale =
			"A named volume mounted by several services is a "
			"channel between them: a compromised service can "
			"plant files another one reads or executes, or "
			"destroy its data.  Each service that mounts a "
			"shared named volume is reported at the mount, "
			"naming the services it shares with, so that the "
			"sharing is a deliberate choice.  Bind mounts, "
			"tmpfs and anonymous volumes are not named volumes "
			"(host paths are the RT-HOSTPATH rules' concern); "
			"a volume that every sharing service mounts "
			"read-only cannot be tampered with and passes.  "
			"In very large files the search for other users of "
			"a volume is bounded (see the source), favouring "
			"services written near each other.",
		.remediation =
			"Give each service its own volume; when data must "
			"be handed over, mount it read-only (`:ro`) in the "
			"services that only read it, or pass it through an "
			"API instead of the file system.",
		.example =
			"services:\n"
			"  app:\n"
			"    image: registry.example.com/app:1.4.2\n"
			"    volumes:\n"
			"      - uploads:/srv/uploads\n"
			"  thumbnailer:\n"
			"    image: registry.example.com/thumbs:2.0.1\n"
			"    volumes:\n"
			"      - uploads:/srv/uploads:ro\n"
			"volumes:\n"
			"  uploads: {}",
		.cis = "",
		.nist = "",
		.owasp = "OWASP Docker Top 10 D05",
		.hadolint = "",
		.trivy = "",
		.checkov = "",
		.kics = "Shared Volumes Between Containers",
		.kube_linter = "",
		.pss = "",
		.check_compose = check_shared_vol,
	},
};

const cs_rule_family cs_family_dc = {"dc", rows, CS_COUNT(rows)};

/*
 * df-user.c - who the container runs as.
 *
 * A process that runs as root in a container is root on the host's kernel:
 * one kernel bug, one writable host mount or one added capability away from
 * the host.  These rules work out the final stage's effective USER the way
 * the builder does: the last USER of the final stage, else the last USER of
 * the stage it is built FROM, and so on down the base_stage chain (an image
 * inherits the USER of the image it is built on).  What a base image pulled
 * from a registry sets is not known here, so the Dockerfile is expected to
 * say it: an image that relies on its base's USER breaks silently when the
 * base changes.
 *
 * USER values are expanded with the build's variables.  A value that still
 * depends on an unset variable is not judged: it is chosen at build time.
 */
#include "registry.h"

#include <string.h>

#include "df-util.h"

/* The USER instruction in effect in the final stage, or NULL. */
static const cs_df_instr *effective_user(const cs_build *b)
{
	return cs_dfu_inherited(b, CS_DF_USER, true);
}

/* The effective USER, expanded and split into its user part. */
typedef struct user_spec {
	const cs_df_instr *in;
	const char *spec;      /* "app:app", expanded */
	const char *user;      /* "app" */
	bool unresolved;
} user_spec;

static bool user_get(cs_df_check *c, user_spec *u)
{
	memset(u, 0, sizeof(*u));
	u->in = effective_user(c->build);
	if (!u->in)
		return false;
	const char *raw = u->in->words[0].text;
	u->spec = cs_build_expand(c->build, u->in, raw, c->arena,
				  &u->unresolved);
	if (!u->spec)
		u->spec = raw;
	const char *colon = strchr(u->spec, ':');
	u->user = colon ? cs_arena_strndup(c->arena, u->spec,
					   (size_t)(colon - u->spec))
			: u->spec;
	if (!u->user)
		u->user = "";
	return true;
}

/* root, 0, 00 ... (the group part does not matter: uid 0 is root). */
static bool is_root(const char *user)
{
	if (streq(user, "root"))
		return true;
	if (!all_digits(user))
		return false;
	for (; *user; user++)
		if (*user != '0')
			return false;
	return true;
}

/* " (inherited from stage 'x')" when the USER is not the final stage's own. */
static const char *inherited(cs_df_check *c, const cs_df_instr *in)
{
	const cs_build *b = c->build;
	if (in->stage == b->final || in->stage < 0 ||
	    (size_t)in->stage >= b->nstages)
		return "";
	const cs_stage *st = &b->stages[in->stage];
	const char *s;
	if (st->name)
		s = cs_arena_printf(c->arena, " (inherited from stage '%s')",
				    st->name);
	else
		s = cs_arena_printf(c->arena, " (inherited from stage %d)",
				    st->index);
	return s ? s : "";
}

/* ---- DF-USER-MISSING ----------------------------------------------------- */

static bool check_user_missing(cs_df_check *c)
{
	const cs_stage *st = cs_dfu_final_stage(c->build);
	if (!st || !st->from)
		return false;
	if (effective_user(c->build))
		return true;
	const char *v = cs_dfu_from_value(st);
	cs_df_report(c, st->from, (cs_mark){0, 0}, v,
		     "no USER in the final stage (FROM '%s'): the container "
		     "runs as root",
		     v);
	return true;
}

/* ---- DF-USER-ROOT -------------------------------------------------------- */

static bool check_user_root(cs_df_check *c)
{
	user_spec u;
	if (!user_get(c, &u))
		return false;
	if (u.unresolved || !is_root(u.user))
		return true;
	cs_df_report(c, u.in, u.in->words[0].mark, u.spec,
		     "USER is '%s' in the final stage%s: the container runs "
		     "as root",
		     u.spec, inherited(c, u.in));
	return true;
}

/* ---- DF-USER-NAME -------------------------------------------------------- */

static bool check_user_name(cs_df_check *c)
{
	user_spec u;
	if (!user_get(c, &u))
		return false;
	/* root is DF-USER-ROOT's finding; saying "use a number" for it would
	 * suggest that 0 is a fix. */
	if (u.unresolved || !*u.user || all_digits(u.user) || is_root(u.user))
		return true;
	cs_df_report(c, u.in, u.in->words[0].mark, u.spec,
		     "USER '%s' is a name, not a numeric UID%s: Kubernetes "
		     "runAsNonRoot cannot verify it",
		     u.spec, inherited(c, u.in));
	return true;
}

/* ---- DF-SUDO ------------------------------------------------------------- */

/* The argv index of sudo/doas in cmd, looking through env, nohup, xargs
 * and the like, or argc. */
static size_t find_sudo(const cs_sh_cmd *cmd)
{
	size_t i = 0;
	for (unsigned guard = 0; guard < 8 && i < cmd->argc; guard++) {
		const char *n = base_name(cmd->argv[i].text);
		if (streq(n, "sudo") || streq(n, "doas"))
			return i;
		size_t next = cs_dfu_wrapper_end(cmd, i);
		if (next == i)
			break;
		i = next;
	}
	return cmd->argc;
}

static bool check_sudo(cs_df_check *c)
{
	cs_dfu_cmds it = cs_dfu_cmds_of(c);
	while (cs_dfu_cmds_next(&it)) {
		const cs_sh_cmd *cmd = it.cmd;
		size_t at = find_sudo(cmd);
		if (at >= cmd->argc)
			continue;
		const char *n = base_name(cmd->argv[at].text);
		cs_df_report(c, it.s->instr, cs_dfu_word_mark(&it, at), n,
			     "'%s' in a RUN: the build already runs as the "
			     "current USER, and sudo left in an image is a "
			     "privilege escalation path",
			     n);
	}
	return c->build->nscripts > 0;
}

/* ---- the table ----------------------------------------------------------- */

static const cs_rule rows[] = {
	{
		.id = "DF-USER-MISSING",
		.title = "No USER in the final stage: the container runs as "
			 "root",
		.severity = CS_SEV_HIGH,
		.targets = CS_TARGET_DOCKERFILE,
		.scope = CS_SCOPE_FINAL_STAGE,
		.rationale =
			"Without a USER instruction the container's process "
			"runs as uid 0.  Namespaces make that root less "
			"powerful than the host's, but it still owns every "
			"file in the image, can use every capability the "
			"runtime grants, and is the first step of most "
			"container escapes.  The effective USER is looked "
			"up along the stages the final stage is built FROM, "
			"so a final stage built on a stage that sets USER "
			"passes.  A USER set by a base image from a registry "
			"is not visible here and does not count: like "
			"Trivy, Checkov and KICS, customs asks the "
			"Dockerfile to state the user, so that a change of "
			"base image cannot silently bring back root.",
		.remediation =
			"Create an unprivileged user (or use one the base "
			"image provides) and switch to it with a numeric "
			"USER before CMD/ENTRYPOINT.",
		.example =
			"FROM alpine:3.19\n"
			"RUN addgroup -S -g 10001 app \\\n"
			"    && adduser -S -D -H -u 10001 -G app app\n"
			"USER 10001:10001\n"
			"CMD [\"/app/server\"]",
		.cis = "CIS Docker 1.6 4.1",
		.nist = "NIST SP 800-190 3.1.2",
		.owasp = "OWASP Docker Top 10 D01",
		.hadolint = "",
		.trivy = "DS-0002",
		.checkov = "CKV_DOCKER_3",
		.kics = "Missing User Instruction",
		.check_df = check_user_missing,
	},
	{
		.id = "DF-USER-ROOT",
		.title = "The final stage's USER is root",
		.severity = CS_SEV_HIGH,
		.targets = CS_TARGET_DOCKERFILE,
		.scope = CS_SCOPE_FINAL_STAGE,
		.rationale =
			"The last USER of the final stage (or, when it has "
			"none, of the stage it is built FROM) decides who "
			"the container runs as.  `root`, `0`, `root:group` "
			"and `0:group` all mean uid 0, with the same risks "
			"as no USER at all.  Switching to root for a few "
			"instructions is fine as long as the last USER is "
			"unprivileged again; root in a builder stage that "
			"the final stage does not build on is not shipped "
			"and does not count.  A USER that depends on an "
			"unset build argument is not judged.",
		.remediation =
			"End the final stage with a USER that names an "
			"unprivileged numeric uid; do the root-only work "
			"(package installs, chown) before it.",
		.example =
			"USER root\n"
			"RUN apk add --no-cache tini=0.19.0-r2\n"
			"USER 10001:10001",
		.cis = "CIS Docker 1.6 4.1",
		.nist = "",
		.owasp = "OWASP Docker Top 10 D01",
		.hadolint = "DL3002",
		.trivy = "DS-0002",
		.checkov = "CKV_DOCKER_8",
		.kics = "Last User Is 'root'",
		.check_df = check_user_root,
	},
	{
		.id = "DF-USER-NAME",
		.title = "USER names a user instead of a numeric UID",
		.severity = CS_SEV_INFO,
		.targets = CS_TARGET_DOCKERFILE,
		.scope = CS_SCOPE_FINAL_STAGE,
		.rationale =
			"Kubernetes' runAsNonRoot can only verify a numeric "
			"user: with `USER app` the kubelet cannot tell "
			"whether `app` is uid 0 in the image's /etc/passwd "
			"and refuses to start the pod (\"image has "
			"non-numeric user\"), which pushes people to drop "
			"the check.  A numeric USER also keeps working when "
			"/etc/passwd is absent, as in distroless and scratch "
			"images.  Only the user part counts; the group may "
			"stay a name.  root is left to DF-USER-ROOT, and a "
			"value that depends on an unset build argument is "
			"not judged.",
		.remediation =
			"Use the numeric uid (and gid) of the user, e.g. "
			"`USER 10001:10001`.",
		.example =
			"RUN adduser -S -D -H -u 10001 app\n"
			"USER 10001",
		.cis = "",
		.nist = "",
		.owasp = "",
		.hadolint = "DL3066",
		.trivy = "",
		.checkov = "",
		.kics = "",
		.check_df = check_user_name,
	},
	{
		.id = "DF-SUDO",
		.title = "sudo used in a RUN instruction",
		.severity = CS_SEV_HIGH,
		.targets = CS_TARGET_DOCKERFILE,
		.scope = CS_SCOPE_EVERY_STAGE,
		.rationale =
			"RUN already executes as the current USER; a build "
			"that needs root switches with `USER root` and back. "
			" sudo (or doas) in a RUN means the tool is "
			"installed and configured for password-less use, "
			"which in a shipped image hands any process of the "
			"runtime user a way to become root, and its "
			"unpredictable TTY and signal handling breaks "
			"builds.  It is flagged in every stage, as hadolint, "
			"Checkov and Trivy do: a builder stage is often the "
			"base of the final one, and there is no build step "
			"that needs sudo rather than USER.  Commands run "
			"through env, nohup, xargs and the like, and inside "
			"`if`, `||` or `sh -c`, count too.",
		.remediation =
			"Remove sudo; run the privileged steps after `USER "
			"root` and switch back to the unprivileged user "
			"afterwards.",
		.example =
			"USER root\n"
			"RUN apt-get update \\\n"
			"    && apt-get install -y --no-install-recommends "
			"curl=7.88.1-10+deb12u5 \\\n"
			"    && rm -rf /var/lib/apt/lists/*\n"
			"USER 10001",
		.cis = "CIS Docker 1.6 4.1",
		.nist = "",
		.owasp = "OWASP Docker Top 10 D01",
		.hadolint = "DL3004",
		.trivy = "DS-0010",
		.checkov = "CKV2_DOCKER_1",
		.kics = "Run Using Sudo",
		.check_df = check_sudo,
	},
};

const cs_rule_family cs_family_df_user = {"df-user", rows, CS_COUNT(rows)};

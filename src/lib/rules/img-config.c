/*
 * img-config.c - what the image config says about the container it makes.
 *
 * A Dockerfile only tells what its author wrote; the config of the built
 * image tells what the container really gets, inherited settings included:
 * the USER of a base image nobody looked at, a HEALTHCHECK the base set and
 * a later NONE disabled, an ENV password baked in three layers down.  These
 * are Dockle's config checks, with its blind spots closed: `0` and `0:0`
 * are root too, and Healthcheck ["NONE"] is no health check.
 *
 * A root file system directory has no config: these rules do not apply.
 */
#include "registry.h"

#include <string.h>

#include "img-util.h"
#include "secret-words.h"

static bool all_zero_digits(const char *s, size_t n)
{
	if (!n)
		return false;
	for (size_t i = 0; i < n; i++)
		if (s[i] != '0')
			return false;
	return true;
}

/* "", "root", "0", "00", "root:x", "0:0": uid 0 whatever the group. */
static bool user_is_root(const char *u)
{
	if (!u || !*u)
		return true;
	const char *colon = strchr(u, ':');
	size_t n = colon ? (size_t)(colon - u) : strlen(u);
	return (n == 4 && strncmp(u, "root", 4) == 0) ||
	       all_zero_digits(u, n);
}

static bool check_user_root(cs_img_check *c)
{
	if (!cs_imgu_has_config(c))
		return false;
	const char *u = c->img->config.user ? c->img->config.user : "";
	if (!*u)
		cs_img_report(c, NULL, -1, "", "the image config sets no User: "
			      "containers run as root");
	else if (user_is_root(u))
		cs_img_report(c, NULL, -1, u,
			      "the image config's User is '%s': containers "
			      "run as root",
			      cs_imgu_quote(c->arena, u));
	return true;
}

static bool check_healthcheck(cs_img_check *c)
{
	if (!cs_imgu_has_config(c))
		return false;
	const cs_img_config *cf = &c->img->config;
	if (!cf->healthcheck || cf->nhealthcheck == 0)
		cs_img_report(c, NULL, -1, "",
			      "the image config has no Healthcheck");
	else if (strcmp(cf->healthcheck[0], "NONE") == 0)
		cs_img_report(c, NULL, -1, "NONE",
			      "the image config's Healthcheck is NONE: an "
			      "inherited health check is disabled");
	return true;
}

static bool check_ssh_port(cs_img_check *c)
{
	if (!cs_imgu_has_config(c))
		return false;
	const cs_img_config *cf = &c->img->config;
	for (size_t i = 0; i < cf->nexposed; i++) {
		const char *p = cf->exposed[i];
		if (strcmp(p, "22") == 0 || strcmp(p, "22/tcp") == 0)
			cs_img_report(c, NULL, -1, p,
				      "the image exposes port %s (SSH)", p);
	}
	return true;
}

/* Build-time tooling names values that are public by design. */
static bool accepted_name(const char *name, size_t n)
{
	static const char *const ok[] = {"GPG_KEY", "GPG_KEYS", NULL};
	for (size_t i = 0; ok[i]; i++)
		if (strlen(ok[i]) == n && strncasecmp(name, ok[i], n) == 0)
			return true;
	return false;
}

static bool check_secret_env(cs_img_check *c)
{
	if (!cs_imgu_has_config(c))
		return false;
	const cs_img_config *cf = &c->img->config;
	for (size_t i = 0; i < cf->nenv; i++) {
		const char *kv = cf->env[i];
		const char *eq = kv ? strchr(kv, '=') : NULL;
		if (!eq || eq == kv || !eq[1])
			continue;
		const char *name = cs_arena_strndup(c->arena, kv,
						    (size_t)(eq - kv));
		if (!name || accepted_name(name, strlen(name)))
			continue;
		const char *shape = cs_secret_value_shape(eq + 1);
		if (cs_secret_env_name(name))
			cs_img_report(c, NULL, -1, name,
				      "the image config sets the secret-like "
				      "variable %s=**** in Env",
				      cs_imgu_quote(c->arena, name));
		else if (shape)
			cs_img_report(c, NULL, -1, name,
				      "the image config's Env variable %s holds "
				      "%s (****)",
				      cs_imgu_quote(c->arena, name), shape);
	}
	return true;
}

static bool check_volume_sens(cs_img_check *c)
{
	if (!cs_imgu_has_config(c))
		return false;
	const cs_img_config *cf = &c->img->config;
	for (size_t i = 0; i < cf->nvolumes; i++) {
		const char *v = cf->volumes[i];
		if (!v)
			continue;
		size_t n = strlen(v);
		while (n > 1 && v[n - 1] == '/')
			n--;
		if ((n == 4 && (strncmp(v, "/sys", 4) == 0 ||
				strncmp(v, "/dev", 4) == 0)) ||
		    (n == 5 && strncmp(v, "/proc", 5) == 0))
			cs_img_report(c, NULL, -1, v,
				      "the image declares VOLUME %s, a kernel "
				      "file system of the host when mounted",
				      cs_imgu_quote(c->arena, v));
	}
	return true;
}

static const cs_rule rows[] = {
	{
		.id = "IMG-USER-ROOT",
		.title = "Image runs as root",
		.severity = CS_SEV_HIGH,
		.targets = CS_TARGET_IMAGE,
		.scope = CS_SCOPE_IMAGE,
		.rationale =
			"The config's User is what every container of the "
			"image runs as unless the runtime overrides it.  An "
			"empty User, `root`, `0` or `0:0` all mean uid 0, "
			"which is root on the host's kernel: one kernel bug, "
			"one writable host mount or one added capability away "
			"from the host.  Unlike DF-USER-ROOT this sees the "
			"USER a base image set, as it was built.",
		.remediation =
			"Create an unprivileged user in the Dockerfile and "
			"end the final stage with `USER` naming it, by "
			"numeric id so that Kubernetes' runAsNonRoot can "
			"verify it.",
		.example =
			"RUN useradd --uid 10001 --no-create-home app\n"
			"USER 10001",
		.cis = "CIS Docker 1.6 4.1",
		.nist = "NIST SP 800-190 3.4.3",
		.owasp = "OWASP Docker Top 10 D02",
		.hadolint = "",
		.trivy = "",
		.checkov = "",
		.kics = "",
		.kube_linter = "",
		.pss = "",
		.dockle = "CIS-DI-0001",
		.check_img = check_user_root,
	},
	{
		.id = "IMG-HEALTHCHECK",
		.title = "Image has no health check",
		.severity = CS_SEV_LOW,
		.targets = CS_TARGET_IMAGE,
		.scope = CS_SCOPE_IMAGE,
		.rationale =
			"Without a Healthcheck in the config, Docker and "
			"Swarm only know whether the process is alive, not "
			"whether it serves: a hung server stays in rotation. "
			" `HEALTHCHECK NONE` disables a check the base image "
			"set, which is the same as having none (Dockle lets "
			"it pass; this rule does not).",
		.remediation =
			"Add a HEALTHCHECK to the final stage that exercises "
			"the service, and do not set HEALTHCHECK NONE.",
		.example =
			"HEALTHCHECK --interval=30s --timeout=3s \\\n"
			"  CMD wget -qO- http://127.0.0.1:8080/healthz || "
			"exit 1",
		.cis = "CIS Docker 1.6 4.6",
		.nist = "",
		.owasp = "",
		.hadolint = "",
		.trivy = "",
		.checkov = "",
		.kics = "",
		.kube_linter = "",
		.pss = "",
		.dockle = "CIS-DI-0006",
		.check_img = check_healthcheck,
	},
	{
		.id = "IMG-SECRET-ENV",
		.title = "Secret in the image config's Env",
		.severity = CS_SEV_CRITICAL,
		.targets = CS_TARGET_IMAGE,
		.scope = CS_SCOPE_IMAGE,
		.rationale =
			"Env is part of the image config: anyone who can pull "
			"the image reads it with `docker inspect`, and every "
			"process of every container inherits it.  A variable "
			"whose name says it holds a password, token or key, "
			"or whose value has the shape of a private key or a "
			"cloud token, is a leaked secret.  GPG_KEY and "
			"GPG_KEYS (public key fingerprints, set by official "
			"images) are accepted.",
		.remediation =
			"Remove the ENV from the Dockerfile and rotate the "
			"secret; give it to the container at run time (a "
			"mounted secret file, or a build secret mount for "
			"build steps).",
		.example =
			"RUN --mount=type=secret,id=npmrc,"
			"target=/root/.npmrc npm ci",
		.cis = "CIS Docker 1.6 4.10",
		.nist = "NIST SP 800-190 3.1.4",
		.owasp = "OWASP Docker Top 10 D06",
		.hadolint = "",
		.trivy = "",
		.checkov = "",
		.kics = "",
		.kube_linter = "",
		.pss = "",
		.dockle = "CIS-DI-0010",
		.check_img = check_secret_env,
	},
	{
		.id = "IMG-SSH-PORT",
		.title = "Image exposes the SSH port",
		.severity = CS_SEV_MEDIUM,
		.targets = CS_TARGET_IMAGE,
		.scope = CS_SCOPE_IMAGE,
		.rationale =
			"Port 22 in ExposedPorts means an SSH server is "
			"expected to run in the container: another daemon to "
			"patch, keys or passwords to manage, and a way in "
			"that bypasses the runtime's exec and audit logs.",
		.remediation =
			"Remove `EXPOSE 22` and the SSH server; use `docker "
			"exec` or `kubectl exec` to get into a container.",
		.example = "EXPOSE 8080",
		.cis = "CIS Docker 1.6 5.7",
		.nist = "",
		.owasp = "",
		.hadolint = "",
		.trivy = "",
		.checkov = "",
		.kics = "",
		.kube_linter = "",
		.pss = "",
		.dockle = "",
		.check_img = check_ssh_port,
	},
	{
		.id = "IMG-VOLUME-SENS",
		.title = "Image declares a VOLUME on /sys, /dev or /proc",
		.severity = CS_SEV_HIGH,
		.targets = CS_TARGET_IMAGE,
		.scope = CS_SCOPE_IMAGE,
		.rationale =
			"A VOLUME on /sys, /dev or /proc invites the runtime "
			"user to mount the host's kernel interfaces there, "
			"which gives the container the host's devices and "
			"kernel tunables.",
		.remediation =
			"Remove the VOLUME instruction; a container that truly "
			"needs a device gets it with --device at run time.",
		.example = "VOLUME /data",
		.cis = "CIS Docker 1.6 5.5",
		.nist = "",
		.owasp = "",
		.hadolint = "",
		.trivy = "",
		.checkov = "",
		.kics = "",
		.kube_linter = "",
		.pss = "",
		.dockle = "DKL-DI-0002",
		.check_img = check_volume_sens,
	},
};

const cs_rule_family cs_family_img_config = {"img-config", rows,
					      CS_COUNT(rows)};

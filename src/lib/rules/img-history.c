/*
 * img-history.c - what the build history says was done to the image.
 *
 * Each history entry's created_by is the instruction that made a layer (or
 * an empty one): `RUN /bin/sh -c apt-get update`, `ADD file:... in /`,
 * `ENV K=V`.  These are Dockle's history checks, on the commands of the
 * line rather than on its space-split tokens: the line is cut free of the
 * builder's wrapping (classic "#(nop)", BuildKit's "RUN |N K=V ..." build
 * arguments and " # buildkit" suffix, the "/bin/sh -c" of a shell-form RUN)
 * and split into simple commands by the shell splitter, so `apt-get update
 * && apt-get install` is two commands and `echo "sudo"` calls no sudo.
 *
 * Secrets: a word NAME=VALUE (a build argument, an ENV, an assignment or an
 * argument) whose NAME is secret-like and whose VALUE is literal and not
 * empty, or any word shaped like a key or token.  Arguments of package
 * managers are not looked at: `apk add libcrypto3=3.1.4-r1` pins a
 * version, it stores no credential.  Values never appear in messages.
 */
#include "registry.h"

#include <ctype.h>
#include <string.h>

#include "../parse/shell.h"
#include "img-util.h"
#include "secret-words.h"

/* The commands of history entry i, or false when it has none. */
static bool entry_script(cs_img_check *c, size_t i, const char **text,
			 cs_sh_script *s)
{
	const cs_img_history *h = &c->img->config.history[i];
	memset(s, 0, sizeof(*s));
	const char *t = cs_imgu_created_by(c->arena, h->created_by);
	*text = t;
	if (!t || !*t)
		return false;
	if (strncmp(t, "RUN ", 4) == 0) {
		t += 4;
		/* BuildKit: "|2 A=b C=d /bin/sh -c ..." - keep the K=V words
		 * as the command's leading assignments */
		if (*t == '|') {
			t++;
			while (isdigit((unsigned char)*t))
				t++;
			while (*t == ' ')
				t++;
		}
	}
	/* A shell-form RUN is recorded unquoted after "/bin/sh -c ". */
	static const char *const shells[] = {"/bin/sh -c ", "/bin/bash -c ",
					     "/bin/ash -c ", NULL};
	const char *p = t;
	while (*p && *p != '/') {
		/* step over leading NAME=VALUE build arguments */
		const char *e = strchr(p, ' ');
		if (!e || !memchr(p, '=', (size_t)(e - p)))
			break;
		p = e + 1;
	}
	for (size_t k = 0; shells[k]; k++) {
		size_t n = strlen(shells[k]);
		if (strncmp(p, shells[k], n) == 0) {
			const char *joined = cs_arena_printf(
				c->arena, "%.*s%s", (int)(p - t), t, p + n);
			if (joined)
				t = joined;
			break;
		}
	}
	cs_error err = {0};
	return cs_sh_parse(t, strlen(t), c->arena, s, &err) && s->ncmds;
}

/* Where the real command starts: `sudo apt-get` and `env A=b apk` run
 * apt-get and apk. */
static size_t cmd_start(const cs_sh_cmd *cmd)
{
	size_t i = 0;
	while (i < cmd->argc) {
		const char *w = cmd->argv[i].text;
		const char *b = strrchr(w, '/');
		b = b ? b + 1 : w;
		if (strcmp(b, "sudo") != 0 && strcmp(b, "env") != 0)
			break;
		i++;
		while (i < cmd->argc && (cmd->argv[i].text[0] == '-' ||
					 strchr(cmd->argv[i].text, '=')))
			i++;
	}
	return i;
}

static bool named(const cs_sh_cmd *cmd, const char *name)
{
	size_t i = cmd_start(cmd);
	if (i >= cmd->argc)
		return false;
	const char *w = cmd->argv[i].text;
	const char *b = strrchr(w, '/');
	return strcmp(b ? b + 1 : w, name) == 0;
}

static bool has_word(const cs_sh_cmd *cmd, const char *w)
{
	for (size_t i = cmd_start(cmd) + 1; i < cmd->argc; i++)
		if (strcmp(cmd->argv[i].text, w) == 0)
			return true;
	return false;
}

static bool is_apt(const cs_sh_cmd *cmd)
{
	return named(cmd, "apt-get") || named(cmd, "apt");
}

/* " (history entry 4, `ENV ...`)" for an entry that made no layer; the
 * report names the layer and its created_by otherwise. */
static const char *where(cs_img_check *c, size_t i, const char *text)
{
	const cs_img_history *h = &c->img->config.history[i];
	if (h->layer >= 0)
		return "";
	return cs_arena_printf(c->arena, " (history entry %zu, `%s`)", i,
			       cs_imgu_history_text(c->arena, h->created_by));
}

typedef bool (*line_fn)(cs_img_check *c, size_t i, const char *text,
			const cs_sh_script *s);

/* One entry's syntax tree: its text is at most CS_IMG_MAX_JSON bytes. */
#define SCRATCH_CAP (256u << 20)

/*
 * Run fn on every history entry with commands; the rule applies when the
 * image has a history at all.  Each entry is parsed into a scratch arena
 * emptied after it: a config may hold megabytes of history, and six rules
 * each parsing all of it into the audit's arena would hold every syntax
 * tree at once.  Reports copy what they keep, so nothing outlives fn.
 */
static bool each_entry(cs_img_check *c, line_fn fn)
{
	const cs_img_config *cf = &c->img->config;
	if (!cs_imgu_has_config(c) || cf->nhistory == 0)
		return false;
	cs_arena *keep = c->arena;
	cs_arena scratch;
	cs_arena_init(&scratch, SCRATCH_CAP);
	c->arena = &scratch;
	for (size_t i = 0; i < cf->nhistory; i++) {
		const char *text;
		cs_sh_script s;
		if (entry_script(c, i, &text, &s))
			fn(c, i, text, &s);
		cs_arena_reset(&scratch, 1u << 20);
	}
	c->arena = keep;
	cs_arena_free(&scratch);
	return true;
}

/* ---- IMG-UPDATE-ALONE ----------------------------------------------------- */

static bool update_line(cs_img_check *c, size_t i, const char *text,
			const cs_sh_script *s)
{
	for (size_t k = 0; k < s->ncmds; k++) {
		const cs_sh_cmd *u = &s->cmds[k];
		bool apt = is_apt(u) && has_word(u, "update");
		bool apk = named(u, "apk") && has_word(u, "update");
		if (!apt && !apk)
			continue;
		bool used = false;
		for (size_t j = k + 1; j < s->ncmds && !used; j++) {
			const cs_sh_cmd *n = &s->cmds[j];
			if (apt && is_apt(n))
				used = has_word(n, "install") ||
				       has_word(n, "upgrade") ||
				       has_word(n, "dist-upgrade") ||
				       has_word(n, "full-upgrade");
			else if (apk && named(n, "apk"))
				used = has_word(n, "add") ||
				       has_word(n, "upgrade");
		}
		if (!used) {
			const char *v = apt ? "apt-get update" : "apk update";
			cs_img_report(c, NULL, c->img->config.history[i].layer,
				      v,
				      "`%s` runs without an install in the "
				      "same layer: the package index it "
				      "fetches goes stale in the cache%s",
				      v, where(c, i, text));
			return true;
		}
	}
	return true;
}

static bool check_update_alone(cs_img_check *c)
{
	return each_entry(c, update_line);
}

/* ---- IMG-UPGRADE ---------------------------------------------------------- */

static bool upgrade_line(cs_img_check *c, size_t i, const char *text,
			 const cs_sh_script *s)
{
	for (size_t k = 0; k < s->ncmds; k++) {
		const cs_sh_cmd *u = &s->cmds[k];
		const char *w = NULL;
		if (is_apt(u) && has_word(u, "dist-upgrade"))
			w = "dist-upgrade";
		else if (is_apt(u) && has_word(u, "full-upgrade"))
			w = "full-upgrade";
		if (w) {
			cs_img_report(c, NULL, c->img->config.history[i].layer,
				      w, "`%s %s` upgrades the distribution "
				      "inside the image%s",
				      is_apt(u) && named(u, "apt") ? "apt"
							       : "apt-get",
				      w, where(c, i, text));
			return true;
		}
	}
	return true;
}

static bool check_upgrade(cs_img_check *c)
{
	return each_entry(c, upgrade_line);
}

/* ---- IMG-SUDO ------------------------------------------------------------- */

/* `sudo make`, and `env HOME=/root sudo make` too: sudo among the wrapper
 * words cmd_start() steps over. */
static bool runs_sudo(const cs_sh_cmd *cmd)
{
	size_t end = cmd_start(cmd);
	for (size_t i = 0; i < end && i < cmd->argc; i++) {
		const char *w = cmd->argv[i].text;
		const char *b = strrchr(w, '/');
		if (strcmp(b ? b + 1 : w, "sudo") == 0)
			return true;
	}
	return false;
}

static bool sudo_line(cs_img_check *c, size_t i, const char *text,
		      const cs_sh_script *s)
{
	for (size_t k = 0; k < s->ncmds; k++) {
		if (runs_sudo(&s->cmds[k])) {
			cs_img_report(c, NULL, c->img->config.history[i].layer,
				      "sudo", "the build ran sudo%s",
				      where(c, i, text));
			return true;
		}
	}
	return true;
}

static bool check_sudo(cs_img_check *c)
{
	return each_entry(c, sudo_line);
}

/* ---- IMG-APK-CACHE -------------------------------------------------------- */

static bool apk_line(cs_img_check *c, size_t i, const char *text,
		     const cs_sh_script *s)
{
	for (size_t k = 0; k < s->ncmds; k++) {
		const cs_sh_cmd *u = &s->cmds[k];
		if (named(u, "apk") && has_word(u, "add") &&
		    !has_word(u, "--no-cache")) {
			cs_img_report(c, NULL, c->img->config.history[i].layer,
				      "apk add", "`apk add` without "
				      "--no-cache leaves the package index "
				      "in the layer%s",
				      where(c, i, text));
			return true;
		}
	}
	return true;
}

static bool check_apk_cache(cs_img_check *c)
{
	return each_entry(c, apk_line);
}

/* ---- IMG-ADD -------------------------------------------------------------- */

/* "ADD file:<hex> in /": how a base image's root file system is added. */
static bool base_rootfs_add(const char *t)
{
	if (strncmp(t, "ADD file:", 9) != 0)
		return false;
	size_t n = strlen(t);
	while (n > 0 && t[n - 1] == ' ')
		n--;
	return n >= 5 && strncmp(t + n - 5, " in /", 5) == 0;
}

static bool check_add(cs_img_check *c)
{
	const cs_img_config *cf = &c->img->config;
	if (!cs_imgu_has_config(c) || cf->nhistory == 0)
		return false;
	bool first = true;
	for (size_t i = 0; i < cf->nhistory; i++) {
		const char *t = cs_imgu_created_by(c->arena,
						   cf->history[i].created_by);
		if (!t || strncmp(t, "ADD ", 4) != 0)
			continue;
		if (first && base_rootfs_add(t)) {
			first = false;
			continue;
		}
		first = false;
		cs_img_report(c, NULL, cf->history[i].layer, "ADD",
			      "the image was built with ADD%s",
			      where(c, i, t));
	}
	return true;
}

/* ---- IMG-SECRET-HISTORY --------------------------------------------------- */

static bool package_manager(const cs_sh_cmd *cmd)
{
	static const char *const pm[] = {
		"apk", "apt-get", "apt", "yum", "dnf", "microdnf", "zypper",
		"pip", "pip3", "npm", "yarn", "pnpm", "gem", "go", "cargo",
		"composer", "conda", "tdnf", NULL};
	for (size_t i = 0; pm[i]; i++)
		if (cs_sh_is(cmd, pm[i]))
			return true;
	return false;
}

/* NAME=VALUE with a secret-like NAME and a literal, non-empty VALUE; the
 * NAME (as written, without leading dashes) goes to *name. */
static bool secret_assign(cs_arena *a, const char *w, const char **name)
{
	const char *p = w;
	while (*p == '-')
		p++;
	const char *eq = strchr(p, '=');
	if (!eq || eq == p || !eq[1] || eq[1] == '$')
		return false;
	for (const char *q = p; q < eq; q++)
		if (!isalnum((unsigned char)*q) && *q != '_' &&
		    !(p != w && *q == '-'))
			return false;
	if (isdigit((unsigned char)*p))
		return false;
	const char *n = cs_arena_strndup(a, p, (size_t)(eq - p));
	if (!n || !strcasecmp(n, "GPG_KEY") || !strcasecmp(n, "GPG_KEYS") ||
	    !cs_secret_name(n))
		return false;
	*name = n;
	return true;
}

static bool secret_word(cs_img_check *c, size_t i, const char *text,
			const char *w)
{
	const char *name, *shape;
	if (secret_assign(c->arena, w, &name)) {
		cs_img_report(c, NULL, c->img->config.history[i].layer, name,
			      "the build history stores %s=****%s",
			      cs_imgu_quote(c->arena, name),
			      where(c, i, text));
		return true;
	}
	if ((shape = cs_secret_value_shape(w))) {
		cs_img_report(c, NULL, c->img->config.history[i].layer, shape,
			      "the build history holds %s (****)%s", shape,
			      where(c, i, text));
		return true;
	}
	return false;
}

static bool secret_line(cs_img_check *c, size_t i, const char *text,
			const cs_sh_script *s)
{
	for (size_t k = 0; k < s->ncmds; k++) {
		const cs_sh_cmd *u = &s->cmds[k];
		for (size_t j = 0; j < u->nassigns; j++)
			secret_word(c, i, text, u->assigns[j].text);
		bool pm = package_manager(u);
		for (size_t j = 1; j < u->argc; j++) {
			const char *w = u->argv[j].text;
			if (pm && !cs_secret_value_shape(w))
				continue;
			secret_word(c, i, text, w);
		}
	}
	return true;
}

static bool check_secret_history(cs_img_check *c)
{
	return each_entry(c, secret_line);
}

static const cs_rule rows[] = {
	{
		.id = "IMG-ADD",
		.title = "Image built with ADD instead of COPY",
		.severity = CS_SEV_LOW,
		.targets = CS_TARGET_IMAGE,
		.scope = CS_SCOPE_IMAGE,
		.rationale =
			"ADD fetches URLs and unpacks archives as a side "
			"effect, so what lands in the layer is not what the "
			"build context holds: a remote file changes under the "
			"same line, and a tarball can write anywhere.  COPY "
			"does one thing.  The `ADD file:... in /` that "
			"creates a base image's root file system is not "
			"flagged.",
		.remediation =
			"Use COPY for local files; download with a pinned "
			"checksum (`ADD --checksum=` or curl and sha256sum) "
			"and unpack explicitly.",
		.example = "COPY app.tar.gz /tmp/\n"
			   "RUN tar -xzf /tmp/app.tar.gz -C /opt && "
			   "rm /tmp/app.tar.gz",
		.cis = "CIS Docker 1.6 4.9",
		.nist = "",
		.owasp = "",
		.hadolint = "",
		.trivy = "",
		.checkov = "",
		.kics = "",
		.kube_linter = "",
		.pss = "",
		.dockle = "CIS-DI-0009",
		.check_img = check_add,
	},
	{
		.id = "IMG-APK-CACHE",
		.title = "apk add without --no-cache",
		.severity = CS_SEV_LOW,
		.targets = CS_TARGET_IMAGE,
		.scope = CS_SCOPE_IMAGE,
		.rationale =
			"`apk add` without --no-cache keeps the package index "
			"under /var/cache/apk in the layer: megabytes shipped "
			"to every host, and a stale index for anyone who "
			"installs later.",
		.remediation = "Use `apk add --no-cache`.",
		.example = "RUN apk add --no-cache curl=8.5.0-r0",
		.cis = "",
		.nist = "",
		.owasp = "",
		.hadolint = "",
		.trivy = "",
		.checkov = "",
		.kics = "",
		.kube_linter = "",
		.pss = "",
		.dockle = "DKL-DI-0004",
		.check_img = check_apk_cache,
	},
	{
		.id = "IMG-SECRET-HISTORY",
		.title = "Secret in the image's build history",
		.severity = CS_SEV_CRITICAL,
		.targets = CS_TARGET_IMAGE,
		.scope = CS_SCOPE_IMAGE,
		.rationale =
			"Every instruction's text is kept in the image's "
			"history, which `docker history` prints for anyone who "
			"can pull it: build arguments, ENV values and command "
			"lines included, even when a later layer deletes the "
			"file or unsets the variable.  A NAME=VALUE word with "
			"a secret-like name and a literal value, or a word "
			"shaped like a private key or a cloud token, is a "
			"leaked secret.  Version pins of package managers "
			"(`apk add libcrypto3=3.1.4-r1`) are not.",
		.remediation =
			"Rotate the secret, and pass it to the build with a "
			"secret mount, which is never recorded.",
		.example = "RUN --mount=type=secret,id=token \\\n"
			   "    TOKEN=$(cat /run/secrets/token) ./fetch.sh",
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
		.check_img = check_secret_history,
	},
	{
		.id = "IMG-SUDO",
		.title = "sudo used while building the image",
		.severity = CS_SEV_HIGH,
		.targets = CS_TARGET_IMAGE,
		.scope = CS_SCOPE_IMAGE,
		.rationale =
			"A build step that needs sudo means sudo is installed "
			"and configured for password-less use, which hands "
			"any process of the runtime user a way to become "
			"root.  Builds switch users with USER.",
		.remediation =
			"Remove sudo; run privileged steps after `USER root` "
			"and switch back to the unprivileged user.",
		.example = "USER root\nRUN apt-get update && apt-get install "
			   "-y --no-install-recommends curl\nUSER 10001",
		.cis = "CIS Docker 1.6 4.1",
		.nist = "",
		.owasp = "OWASP Docker Top 10 D01",
		.hadolint = "",
		.trivy = "",
		.checkov = "",
		.kics = "",
		.kube_linter = "",
		.pss = "",
		.dockle = "DKL-DI-0001",
		.check_img = check_sudo,
	},
	{
		.id = "IMG-UPDATE-ALONE",
		.title = "Package index updated without an install",
		.severity = CS_SEV_MEDIUM,
		.targets = CS_TARGET_IMAGE,
		.scope = CS_SCOPE_IMAGE,
		.rationale =
			"`apt-get update` (or `apk update`) in a layer of its "
			"own is cached by the builder: later installs read "
			"an index that may be months old and fail or install "
			"outdated packages, and the index ships in the "
			"image.",
		.remediation =
			"Update and install in one RUN, and remove the "
			"index in the same RUN.",
		.example = "RUN apt-get update \\\n"
			   "    && apt-get install -y --no-install-recommends "
			   "curl \\\n"
			   "    && rm -rf /var/lib/apt/lists/*",
		.cis = "CIS Docker 1.6 4.7",
		.nist = "",
		.owasp = "",
		.hadolint = "",
		.trivy = "",
		.checkov = "",
		.kics = "",
		.kube_linter = "",
		.pss = "",
		.dockle = "CIS-DI-0007",
		.check_img = check_update_alone,
	},
	{
		.id = "IMG-UPGRADE",
		.title = "apt-get dist-upgrade in the build",
		.severity = CS_SEV_LOW,
		.targets = CS_TARGET_IMAGE,
		.scope = CS_SCOPE_IMAGE,
		.rationale =
			"dist-upgrade may move the image to a new release of "
			"the distribution and pulls in whatever the mirror "
			"holds that day: the same Dockerfile builds different "
			"images.  Take updates by rebuilding on a newer base "
			"image.",
		.remediation =
			"Remove dist-upgrade; pin a newer base image, or use "
			"`apt-get upgrade` for security updates within the "
			"release.",
		.example = "FROM debian:12.5-slim",
		.cis = "",
		.nist = "",
		.owasp = "",
		.hadolint = "",
		.trivy = "",
		.checkov = "",
		.kics = "",
		.kube_linter = "",
		.pss = "",
		.dockle = "DKL-DI-0003",
		.check_img = check_upgrade,
	},
};

const cs_rule_family cs_family_img_history = {"img-history", rows,
					       CS_COUNT(rows)};

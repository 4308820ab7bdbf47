/*
 * df-runtime.c - what the built image will do when it runs.
 *
 * Most of a container's runtime posture is set where it is run (Compose,
 * Kubernetes), but a Dockerfile fixes part of it: the daemons it starts,
 * the ports it announces, whether the orchestrator can tell it is healthy,
 * which files carry setuid bits or belong to the runtime user, and, at
 * build time, whether a RUN escapes the build sandbox.  Rules that describe
 * the running image look at the final stage and the stages it is built
 * FROM; a builder stage's sshd or setuid bit is never shipped.  The build
 * sandbox rule looks at every stage, since every stage runs on the build
 * host.
 *
 * Values are expanded with the build's variables; a value that still
 * depends on an unset variable is not judged.
 */
#include "registry.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "df-util.h"

/* `text` expanded at `in`; NULL when it still holds an unset variable. */
static const char *expand(cs_df_check *c, const cs_df_instr *in,
			  const char *text)
{
	bool unresolved = false;
	const char *v = cs_build_expand(c->build, in, text, c->arena,
					&unresolved);
	return unresolved ? NULL : (v ? v : text);
}

/* Collapse "//", drop "/." components and trailing slashes, in a copy. */
static char *norm_path(cs_arena *a, const char *p)
{
	size_t n = strlen(p);
	char *o = cs_arena_alloc(a, n + 2);
	if (!o)
		return NULL;
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		if (p[i] == '/' && k > 0 && o[k - 1] == '/')
			continue;
		if (p[i] == '.' && k > 0 && o[k - 1] == '/' &&
		    (p[i + 1] == '/' || p[i + 1] == '\0'))
			continue;
		o[k++] = p[i];
	}
	while (k > 1 && o[k - 1] == '/')
		k--;
	o[k] = '\0';
	return o;
}

/* ---- DF-RUN-INSECURE ----------------------------------------------------- */

static bool is_docker_sock(cs_arena *a, const char *path)
{
	const char *p = norm_path(a, path);
	if (!p)
		return false;
	/* Bind sources are relative to the context or stage root, so
	 * "var/run/docker.sock" is the same path. */
	while (*p == '/')
		p++;
	return streq(p, "var/run/docker.sock") || streq(p, "run/docker.sock");
}

/* The docker.sock path of a --mount value, or NULL. */
static const char *mount_sock(cs_arena *a, const char *spec)
{
	static const char *const keys[] = {"source", "src", "target", "dst",
					   "destination", NULL};
	const char *p = spec;
	for (unsigned guard = 0; *p && guard < 64; guard++) {
		size_t n = strcspn(p, ",");
		const char *eq = memchr(p, '=', n);
		if (eq) {
			char *k = cs_arena_strndup(a, p, (size_t)(eq - p));
			char *v = cs_arena_strndup(a, eq + 1,
						   n - (size_t)(eq - p) - 1);
			if (k && v && in_list(k, keys) && is_docker_sock(a, v))
				return v;
		}
		p += n;
		if (*p == ',')
			p++;
	}
	return NULL;
}

static bool check_run_insecure(cs_df_check *c)
{
	bool applied = false;
	const cs_df_instr *in = NULL;
	while ((in = cs_dfu_next_instr(c, in, CS_DFU_KIND(CS_DF_RUN)))) {
		applied = true;
		for (size_t k = 0; k < in->nflags; k++) {
			const cs_df_flag *f = &in->flags[k];
			if (!f->value)
				continue;
			const char *v = expand(c, in, f->value);
			if (!v)
				continue;
			if (streq(f->name, "security") &&
			    streq(v, "insecure")) {
				cs_df_report(c, in, f->mark,
					     "--security=insecure",
					     "RUN --security=insecure runs "
					     "without the build sandbox");
			} else if (streq(f->name, "mount")) {
				const char *sock = mount_sock(c->arena, v);
				if (sock)
					cs_df_report(c, in, f->mark, sock,
						     "RUN --mount of '%s' "
						     "gives the build control "
						     "of the Docker daemon",
						     sock);
			}
		}
	}
	return applied;
}

/* ---- DF-SSH -------------------------------------------------------------- */

/* Does an EXPOSE word ("22", "22/tcp", "20-30/tcp") cover port 22? */
static bool exposes_22(const char *w)
{
	char *end;
	long lo = strtol(w, &end, 10);
	long hi = lo;
	if (end == w)
		return false;
	if (*end == '-') {
		const char *s = end + 1;
		hi = strtol(s, &end, 10);
		if (end == s)
			return false;
	}
	if (*end != '\0' && *end != '/')
		return false;
	return lo <= 22 && 22 <= hi;
}

/* Does a package operand name an SSH server?  `openssh-server`,
 * `openssh-server=1:9.2p1-2`, `openssh-server-8.7p1` (rpm). */
static bool pkg_is(const char *w, const char *name)
{
	size_t n = strlen(name);
	if (strncmp(w, name, n) != 0)
		return false;
	const char *r = w + n;
	return *r == '\0' || *r == '=' || *r == '~' || *r == '<' ||
	       *r == '>' || *r == ':' ||
	       (*r == '-' && isdigit((unsigned char)r[1]));
}

/* The argv index of an SSH server package that this command installs,
 * or argc. */
static size_t installs_sshd(const cs_sh_cmd *cmd, size_t p)
{
	static const char *const install[] = {
		"install", "add", "in", "reinstall", "localinstall",
		"groupinstall", NULL};
	static const char *const remove[] = {
		"remove", "purge", "del", "autoremove", "erase", "rm",
		"uninstall", NULL};
	static const char *const pms[] = {
		"apt-get", "apt", "aptitude", "apk", "yum", "dnf", "dnf5",
		"microdnf", "tdnf", "zypper", NULL};
	const char *prog = base_name(cmd->argv[p].text);
	if (!in_list(prog, pms))
		return cmd->argc;
	bool apt = prog[0] == 'a' && prog[1] == 'p' && prog[2] == 't';
	bool apk = streq(prog, "apk");
	bool installing = false;
	for (size_t i = p + 1; i < cmd->argc; i++) {
		const char *w = cmd->argv[i].text;
		if (is_option(w))
			continue;
		if (!installing) {
			if (in_list(w, remove))
				return cmd->argc;
			installing = in_list(w, install);
			continue;
		}
		if (pkg_is(w, "openssh-server") || pkg_is(w, "dropbear") ||
		    (apk && pkg_is(w, "openssh")) ||
		    (apt && pkg_is(w, "ssh")))
			return i;
	}
	return cmd->argc;
}

static bool is_ssh_service(const char *w)
{
	return streq(w, "ssh") || streq(w, "sshd") || streq(w, "ssh.service") ||
	       streq(w, "sshd.service") || streq(w, "dropbear");
}

/* The argv index of a word that starts an SSH server, or argc:
 * sshd, `service ssh start`, `systemctl enable sshd`, `rc-update add sshd`,
 * `/etc/init.d/ssh start`. */
static size_t starts_sshd(const cs_sh_cmd *cmd, size_t p)
{
	const char *prog = base_name(cmd->argv[p].text);
	if (streq(prog, "sshd") || streq(prog, "dropbear"))
		return p;
	if (streq(prog, "ssh") && strstr(cmd->argv[p].text, "init.d/") &&
	    p + 1 < cmd->argc && !streq(cmd->argv[p + 1].text, "stop"))
		return p;
	static const char *const verbs[] = {"start", "restart", "enable",
					    "add", "reload", "try-restart",
					    NULL};
	if (streq(prog, "service") || streq(prog, "systemctl") ||
	    streq(prog, "rc-update") || streq(prog, "rc-service")) {
		size_t at = cmd->argc;
		bool verb = false;
		for (size_t i = p + 1; i < cmd->argc; i++) {
			const char *w = cmd->argv[i].text;
			if (at == cmd->argc && is_ssh_service(w))
				at = i;
			verb = verb || in_list(w, verbs);
		}
		return verb ? at : cmd->argc;
	}
	return cmd->argc;
}

static bool check_ssh(cs_df_check *c)
{
	const unsigned kinds = CS_DFU_KIND(CS_DF_EXPOSE) |
			       CS_DFU_KIND(CS_DF_CMD) |
			       CS_DFU_KIND(CS_DF_ENTRYPOINT);
	if (!cs_dfu_final_stage(c->build))
		return false;
	const cs_df_instr *in = NULL;
	while ((in = cs_dfu_next_instr(c, in, kinds))) {
		if (in->kind == CS_DF_EXPOSE) {
			for (size_t k = 0; k < in->nwords; k++) {
				const cs_df_word *w = &in->words[k];
				const char *v = expand(c, in, w->text);
				if (!v || !exposes_22(v))
					continue;
				cs_df_report(c, in, w->mark, v,
					     "EXPOSE '%s' announces the SSH "
					     "port 22",
					     v);
			}
		} else if (in->nwords > 0) {
			const cs_df_word *w = &in->words[0];
			const char *n = base_name(w->text);
			if (streq(n, "sshd") || streq(n, "dropbear"))
				cs_df_report(c, in, w->mark, n,
					     "%s starts the SSH server '%s'",
					     cs_df_kind_name(in->kind), n);
		}
	}
	cs_dfu_cmds it = cs_dfu_cmds_of(c);
	while (cs_dfu_progs_next(&it)) {
		size_t at = installs_sshd(it.cmd, it.prog);
		const char *what = "installs the SSH server";
		if (at >= it.cmd->argc) {
			at = starts_sshd(it.cmd, it.prog);
			what = "starts or enables the SSH server";
		}
		if (at >= it.cmd->argc)
			continue;
		const char *v = it.cmd->argv[at].text;
		cs_df_report(c, it.s->instr, cs_dfu_word_mark(&it, at), v,
			     "RUN %s '%s'", what, v);
	}
	return true;
}

/* ---- DF-HEALTHCHECK ------------------------------------------------------ */

static bool check_healthcheck(cs_df_check *c)
{
	const cs_stage *fin = cs_dfu_final_stage(c->build);
	if (!fin || !fin->from)
		return false;
	/* HEALTHCHECK NONE is a choice too */
	if (cs_dfu_inherited(c->build, CS_DF_HEALTHCHECK, false))
		return true;
	const char *v = cs_dfu_from_value(fin);
	cs_df_report(c, fin->from, (cs_mark){0, 0}, v,
		     "the final stage (FROM '%s') has no HEALTHCHECK", v);
	return true;
}

/* ---- DF-WORKDIR-SYS ------------------------------------------------------ */

/* Directories the system owns.  /etc/nginx or /usr/src/app are not in
 * it: only the directories themselves, and anything under the kernel's
 * pseudo filesystems and /boot. */
static bool is_system_dir(const char *p)
{
	static const char *const exact[] = {
		"/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32",
		"/usr/bin", "/usr/sbin", "/usr/lib", "/usr/lib32",
		"/usr/lib64", "/usr/libexec", "/etc", "/run", "/var/run",
		"/initrd", "/lost+found", NULL};
	static const char *const trees[] = {"/proc", "/sys", "/dev", "/boot",
					    NULL};
	if (in_list(p, exact))
		return true;
	for (size_t i = 0; trees[i]; i++) {
		size_t n = strlen(trees[i]);
		if (strncmp(p, trees[i], n) == 0 &&
		    (p[n] == '\0' || p[n] == '/'))
			return true;
	}
	return false;
}

static bool check_workdir_sys(cs_df_check *c)
{
	bool applied = false;
	const cs_df_instr *in = NULL;
	while ((in = cs_dfu_next_instr(c, in, CS_DFU_KIND(CS_DF_WORKDIR)))) {
		if (in->nwords == 0)
			continue;
		applied = true;
		const char *v = expand(c, in, in->words[0].text);
		const char *p = v ? norm_path(c->arena, v) : NULL;
		if (!p || !is_system_dir(p))
			continue;
		cs_df_report(c, in, in->words[0].mark, v,
			     "WORKDIR '%s' is a system directory", v);
	}
	return applied;
}

/* ---- DF-COPY-ROOTFS ------------------------------------------------------ */

static bool is_root_path(cs_arena *a, const char *s)
{
	const char *p = norm_path(a, s);
	return p && (streq(p, "/") || streq(p, "/*"));
}

static bool check_copy_rootfs(cs_df_check *c)
{
	bool applied = false;
	const cs_df_instr *in = NULL;
	while ((in = cs_dfu_next_instr(c, in, CS_DFU_KIND(CS_DF_COPY)))) {
		const cs_df_flag *from = cs_df_flag_get(in, "from");
		if (!from || !from->value)
			continue;
		applied = true;
		if (in->nwords < 2)
			continue;
		const char *last = in->words[in->nwords - 1].text;
		const char *dest = expand(c, in, last);
		if (!dest || !is_root_path(c->arena, dest))
			continue;
		for (size_t k = 0; k + 1 < in->nwords; k++) {
			const cs_df_word *w = &in->words[k];
			const char *src = expand(c, in, w->text);
			if (!src || !is_root_path(c->arena, src))
				continue;
			cs_df_report(c, in, w->mark, from->value,
				     "COPY --from=%s copies the whole "
				     "filesystem '%s' into '/'",
				     from->value, w->text);
		}
	}
	return applied;
}

/* ---- DF-SETUID ----------------------------------------------------------- */

/*
 * Does a chmod mode add the setuid or setgid bit?  Octal: 4xxx, 2xxx, 6xxx
 * (and 04755).  Symbolic: a clause whose who is u, g, a or empty, with `+`
 * or `=` and an `s` (u+s, g+s, +s, ug=rwxs); o+s means nothing.
 */
static bool mode_sets_id(const char *m)
{
	size_t n = strlen(m);
	if (n == 0)
		return false;
	bool octal = true;
	for (size_t i = 0; i < n; i++)
		if (m[i] < '0' || m[i] > '7')
			octal = false;
	if (octal)
		return n >= 4 && ((m[n - 4] - '0') & 6) != 0;
	const char *p = m;
	for (unsigned guard = 0; *p && guard < 64; guard++) {
		bool who_ug = true, explicit_who = false;
		while (*p && strchr("ugoa", *p)) {
			if (!explicit_who)
				who_ug = false;
			explicit_who = true;
			if (*p != 'o')
				who_ug = true;
			p++;
		}
		while (*p && strchr("+-=", *p)) {
			char op = *p++;
			while (*p && strchr("rwxXstugo", *p)) {
				if (*p == 's' && op != '-' && who_ug)
					return true;
				p++;
			}
		}
		if (*p == ',')
			p++;
		else if (*p)
			return false;   /* not a mode */
	}
	return false;
}

/* The argv index of a mode that adds setuid/setgid in chmod or
 * install -m, or argc. */
static size_t setid_mode(const cs_sh_cmd *cmd, size_t p)
{
	static const char *const chmod_opts[] = {
		"-R", "-v", "-c", "-f", "--recursive", "--verbose", "--changes",
		"--silent", "--quiet", "--preserve-root", "--no-preserve-root",
		"-h", "-H", "-L", "-P", NULL};
	const char *prog = base_name(cmd->argv[p].text);
	if (streq(prog, "chmod")) {
		for (size_t i = p + 1; i < cmd->argc; i++) {
			const char *w = cmd->argv[i].text;
			if (in_list(w, chmod_opts) ||
			    strncmp(w, "--reference", 11) == 0)
				continue;
			if (streq(w, "--"))
				continue;
			return mode_sets_id(w) ? i : cmd->argc;
		}
	} else if (streq(prog, "install")) {
		for (size_t i = p + 1; i < cmd->argc; i++) {
			const char *w = cmd->argv[i].text;
			if ((streq(w, "-m") || streq(w, "--mode")) &&
			    i + 1 < cmd->argc &&
			    mode_sets_id(cmd->argv[i + 1].text))
				return i + 1;
			if ((strncmp(w, "--mode=", 7) == 0 &&
			     mode_sets_id(w + 7)) ||
			    (strncmp(w, "-m", 2) == 0 && w[2] &&
			     mode_sets_id(w + 2)))
				return i;
		}
	}
	return cmd->argc;
}

static bool check_setuid(cs_df_check *c)
{
	bool applied = false;
	const cs_df_instr *in = NULL;
	while ((in = cs_dfu_next_instr(c, in, CS_DFU_COPY_ADD))) {
		const cs_df_flag *f = cs_df_flag_get(in, "chmod");
		if (!f || !f->value)
			continue;
		applied = true;
		const char *v = expand(c, in, f->value);
		if (!v || !mode_sets_id(v))
			continue;
		cs_df_report(c, in, f->mark, v,
			     "%s --chmod=%s sets the setuid/setgid bit",
			     cs_df_kind_name(in->kind), v);
	}
	cs_dfu_cmds it = cs_dfu_cmds_of(c);
	while (cs_dfu_progs_next(&it)) {
		if (streq(it.name, "chmod") || streq(it.name, "install"))
			applied = true;
		size_t at = setid_mode(it.cmd, it.prog);
		if (at >= it.cmd->argc)
			continue;
		const char *v = it.cmd->argv[at].text;
		cs_df_report(c, it.s->instr, cs_dfu_word_mark(&it, at), v,
			     "%s mode '%s' sets the setuid/setgid bit",
			     it.name, v);
	}
	return applied;
}

/* ---- DF-CHOWN ------------------------------------------------------------ */

static bool chown_is_root(const char *v)
{
	size_t n = strcspn(v, ":");
	if (n == 4 && strncmp(v, "root", 4) == 0)
		return true;
	/* `--chown=:1000` changes only the group: the owner stays root. */
	for (size_t i = 0; i < n; i++)
		if (v[i] != '0')
			return false;
	return true;
}

static bool check_chown(cs_df_check *c)
{
	bool applied = false;
	const cs_df_instr *in = NULL;
	while ((in = cs_dfu_next_instr(c, in, CS_DFU_COPY_ADD))) {
		applied = true;
		const cs_df_flag *f = cs_df_flag_get(in, "chown");
		if (!f || !f->value)
			continue;
		/* An unset variable is reported as written: it is not
		 * root by default. */
		const char *v = expand(c, in, f->value);
		if (v && chown_is_root(v))
			continue;
		cs_df_report(c, in, f->mark, f->value,
			     "%s --chown=%s gives a non-root user ownership "
			     "of the copied files, and write access",
			     cs_df_kind_name(in->kind), f->value);
	}
	return applied;
}

/* ---- the table ----------------------------------------------------------- */

static const cs_rule rows[] = {
	{
		.id = "DF-RUN-INSECURE",
		.title = "RUN escapes the build sandbox",
		.severity = CS_SEV_HIGH,
		.targets = CS_TARGET_DOCKERFILE,
		.scope = CS_SCOPE_EVERY_STAGE,
		.rationale =
			"`RUN --security=insecure` runs the step like a "
			"privileged container, with every capability and no "
			"seccomp or AppArmor profile, on the build host; a "
			"mount of docker.sock (/var/run/docker.sock or "
			"/run/docker.sock, as source or target of any "
			"--mount) hands the step the Docker daemon, which is "
			"root on that host.  Either way a malicious or "
			"compromised build step (a dependency's install "
			"script) owns the build machine and every secret on "
			"it.  Every stage counts: every stage runs on the "
			"build host.",
		.remediation =
			"Remove --security=insecure and the docker.sock "
			"mount: build images with BuildKit itself (a stage "
			"per image, or `docker buildx bake`), and run steps "
			"that need privileges in a dedicated, isolated "
			"builder if at all.",
		.example =
			"RUN --mount=type=cache,target=/root/.cache \\\n"
			"    make test",
		.cis = "CIS Docker 1.6 5.32",
		.nist = "",
		.owasp = "OWASP Docker Top 10 D04",
		.hadolint = "",
		.trivy = "",
		.checkov = "",
		.kics = "",
		.check_df = check_run_insecure,
	},
	{
		.id = "DF-SSH",
		.title = "SSH server installed, started or exposed",
		.severity = CS_SEV_MEDIUM,
		.targets = CS_TARGET_DOCKERFILE,
		.scope = CS_SCOPE_FINAL_STAGE,
		.rationale =
			"A container is entered with `docker exec` or "
			"`kubectl exec`, which are authenticated and "
			"audited by the platform.  An SSH server adds a "
			"daemon, keys or passwords to manage, host keys "
			"baked into the image (the same on every "
			"container), and a network entry point that "
			"bypasses that control.  Reported in the final "
			"stage and the stages it is built FROM: EXPOSE of "
			"port 22 (also 22/tcp and ranges that include it); "
			"RUN installing openssh-server or dropbear (and "
			"apk's openssh or apt's ssh metapackage, which pull "
			"the server in); RUN, CMD or ENTRYPOINT starting "
			"sshd (`service ssh start`, `systemctl enable "
			"sshd`, `rc-update add sshd`, /usr/sbin/sshd).  The "
			"ssh client is not reported.",
		.remediation =
			"Remove the SSH server and EXPOSE 22; use `docker "
			"exec` or `kubectl exec` (or a debug container) to "
			"get a shell.",
		.example =
			"EXPOSE 8080\n"
			"CMD [\"/app/server\"]",
		.cis = "CIS Docker 1.6 5.7",
		.nist = "",
		.owasp = "OWASP Docker Top 10 D04",
		.hadolint = "DL3001",
		.trivy = "DS-0004",
		.checkov = "CKV_DOCKER_1",
		.kics = "exposing_port_22, Run Utilities And POSIX Commands",
		.check_df = check_ssh,
	},
	{
		.id = "DF-HEALTHCHECK",
		.title = "No HEALTHCHECK in the final stage",
		.severity = CS_SEV_LOW,
		.targets = CS_TARGET_DOCKERFILE,
		.scope = CS_SCOPE_FINAL_STAGE,
		.rationale =
			"Without a health check Docker and Compose only "
			"know whether the process exists, not whether it "
			"answers: a deadlocked server stays \"up\" and keeps "
			"receiving traffic, and `depends_on: condition: "
			"service_healthy` cannot work.  CIS 4.6 asks for "
			"one; hadolint leaves it off by default because "
			"Kubernetes ignores HEALTHCHECK and uses probes, "
			"hence the low severity.  A HEALTHCHECK in the "
			"final stage or a stage it is built FROM counts, "
			"and `HEALTHCHECK NONE` is an explicit choice that "
			"passes.  A health check set by a base image from a "
			"registry is not visible here.",
		.remediation =
			"Add a HEALTHCHECK that exercises the service, or "
			"`HEALTHCHECK NONE` when the orchestrator probes "
			"it (Kubernetes) and say so.",
		.example =
			"HEALTHCHECK --interval=30s --timeout=3s --retries=3 "
			"\\\n"
			"    CMD [\"/app/server\", \"--health\"]",
		.cis = "CIS Docker 1.6 4.6",
		.nist = "",
		.owasp = "",
		.hadolint = "DL3057",
		.trivy = "DS-0026",
		.checkov = "CKV_DOCKER_2",
		.kics = "Healthcheck Instruction Missing",
		.check_df = check_healthcheck,
	},
	{
		.id = "DF-WORKDIR-SYS",
		.title = "WORKDIR set to a system directory",
		.severity = CS_SEV_LOW,
		.targets = CS_TARGET_DOCKERFILE,
		.scope = CS_SCOPE_FINAL_STAGE,
		.rationale =
			"The working directory is where `COPY . .`, build "
			"output and the application's own files land.  In a "
			"system directory they mix with (and may overwrite) "
			"binaries, libraries or configuration, and an "
			"application that writes to its working directory "
			"then needs write access there.  Under /proc, /sys "
			"and /dev the runtime mounts kernel filesystems "
			"over whatever the image put there.  Reported: "
			"/bin, /sbin, /lib, /lib32, /lib64, /libx32, "
			"/usr/bin, /usr/sbin, /usr/lib, /usr/lib32, "
			"/usr/lib64, /usr/libexec, /etc, /run, /var/run, "
			"/initrd, /lost+found themselves, and /proc, /sys, "
			"/dev, /boot and anything under them.  "
			"Subdirectories such as /etc/nginx or /usr/src/app "
			"are where things belong and are not reported; "
			"neither is `/`, the default working directory, "
			"often restated on purpose.  Only the final stage "
			"(and its bases) counts.",
		.remediation =
			"Use a dedicated directory such as /app or "
			"/usr/src/app.",
		.example =
			"WORKDIR /app\n"
			"COPY . .",
		.cis = "",
		.nist = "",
		.owasp = "OWASP Docker Top 10 D04",
		.hadolint = "",
		.trivy = "DS-0030",
		.checkov = "",
		.kics = "",
		.check_df = check_workdir_sys,
	},
	{
		.id = "DF-COPY-ROOTFS",
		.title = "COPY --from copies a whole filesystem into /",
		.severity = CS_SEV_LOW,
		.targets = CS_TARGET_DOCKERFILE,
		.scope = CS_SCOPE_FINAL_STAGE,
		.rationale =
			"`COPY --from=<stage> / /` pours every file of "
			"another stage or image into the final image: "
			"compilers, package caches, setuid binaries and any "
			"secret the builder had.  It defeats the point of a "
			"multi-stage build and makes the image's content "
			"impossible to review.  Only the final stage (and "
			"its bases) counts.",
		.remediation =
			"Copy only the artifacts the image needs, path by "
			"path.",
		.example =
			"COPY --from=build /out/app /usr/local/bin/app\n"
			"COPY --from=build /out/static /usr/share/app/static",
		.cis = "CIS Docker 1.6 4.8",
		.nist = "",
		.owasp = "",
		.hadolint = "DL3067",
		.trivy = "",
		.checkov = "",
		.kics = "",
		.check_df = check_copy_rootfs,
	},
	{
		.id = "DF-SETUID",
		.title = "setuid or setgid bit added to a file",
		.severity = CS_SEV_LOW,
		.targets = CS_TARGET_DOCKERFILE,
		.scope = CS_SCOPE_FINAL_STAGE,
		.rationale =
			"A setuid (or setgid) executable runs with its "
			"owner's (or group's) privileges whatever user "
			"starts it: a setuid-root binary in an image is a "
			"privilege escalation path for the unprivileged "
			"runtime user, and its bugs are root bugs.  CIS 4.8 "
			"asks to remove them.  Reported in the final stage "
			"and its bases: chmod with u+s, g+s, +s, a+s or "
			"`=...s`, or an octal mode with the 4000 or 2000 "
			"bit (4755, 2755, 6755, 04755); install -m with "
			"such a mode; COPY/ADD --chmod with such a mode.  "
			"g+s on a shared directory is also reported: it is "
			"rarely needed in an image.  Setuid bits a base "
			"image already carries are not visible here; strip "
			"them with `find / -xdev -perm /6000 -type f -exec "
			"chmod a-s {} +`.",
		.remediation =
			"Grant the one capability a program needs (setcap, "
			"or cap_add at run time) instead of a setuid/setgid "
			"bit, and run as an unprivileged user.",
		.example =
			"RUN find / -xdev -perm /6000 -type f "
			"-exec chmod a-s {} + || true",
		.cis = "CIS Docker 1.6 4.8",
		.nist = "",
		.owasp = "",
		.hadolint = "",
		.trivy = "",
		.checkov = "",
		.kics = "",
		.check_df = check_setuid,
	},
	{
		.id = "DF-CHOWN",
		.title = "COPY/ADD --chown makes files writable by the "
			 "runtime user",
		.severity = CS_SEV_LOW,
		.targets = CS_TARGET_DOCKERFILE,
		.scope = CS_SCOPE_FINAL_STAGE,
		.rationale =
			"Files owned by the user the container runs as can "
			"be changed by it: an attacker who gets code "
			"execution can then rewrite the application, its "
			"configuration or its templates and persist for the "
			"life of the container.  Application files should "
			"be owned by root and only readable by the runtime "
			"user, so that the image stays immutable; only "
			"directories the application must write to belong "
			"to it (better: volumes or tmpfs).  Reported: "
			"COPY/ADD --chown in the final stage and its bases "
			"to any user but root or 0 (a --chown value built "
			"from an unset variable is reported as written).",
		.remediation =
			"Drop --chown so the files stay root-owned, and use "
			"--chmod to make them readable (e.g. --chmod=0644 "
			"or 0755 for directories); give the runtime user "
			"only the directories it writes to.",
		.example =
			"COPY --chmod=0644 config.yaml /etc/app/config.yaml\n"
			"RUN install -d -o 10001 -g 10001 /var/lib/app\n"
			"USER 10001",
		.cis = "",
		.nist = "",
		.owasp = "OWASP Docker Top 10 D09",
		.hadolint = "",
		.trivy = "",
		.checkov = "",
		.kics = "Chown Flag Exists",
		.check_df = check_chown,
	},
};

const cs_rule_family cs_family_df_runtime = {"df-runtime", rows,
					     CS_COUNT(rows)};

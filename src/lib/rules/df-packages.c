/*
 * df-packages.c - package-manager rules for Dockerfiles.
 *
 * Installing software is where most Dockerfiles lose reproducibility and
 * size: versions left to chance, a stale `apt-get update` layer, package
 * caches shipped in the image, prompts that hang a build.  These rules read
 * the simple commands of every RUN (model/build.h), never the raw text, and
 * understand each manager's command line: options that take an argument (so
 * `apk add --virtual .deps gcc` installs gcc, not ".deps"), the subcommand,
 * and the operands.  Wrappers such as sudo, env and xargs are stepped over,
 * and a command inside `if` or after `||` still counts, because the shell
 * splitter flattens compound commands.
 *
 * Anything built from a variable (`curl=${CURL_VERSION}`, `$PACKAGES`) gets
 * the benefit of the doubt: its value is chosen at build time, and flagging
 * it was the most reported false positive of hadolint's DL3008 and DL3013.
 * Local package files (./x.deb, /tmp/x.rpm, dist/x.whl) are pinned by
 * definition.
 *
 * Work is linear in the number of words: each command is scanned a bounded
 * number of times, and the commands of one RUN are grouped once, so a
 * hostile Dockerfile cannot make a check quadratic.
 */
#include "registry.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "df-util.h"

enum pm {
	PM_NONE = 0,
	PM_APT_GET,
	PM_APT,
	PM_APK,
	PM_PIP,
	PM_NPM,
	PM_GEM,
	PM_YUM,
	PM_DNF,
	PM_MICRODNF,
	PM_TDNF,
	PM_ZYPPER,
	PM_GO,
	PM_YARN,
	PM_COUNT,
};

/* Managers that share one package cache count as one for update-alone. */
enum fam {
	FAM_NONE = 0,
	FAM_APT,
	FAM_APK,
	FAM_DNF,      /* yum is dnf on every current RPM distribution */
	FAM_MICRODNF,
	FAM_TDNF,
	FAM_ZYPPER,
	FAM_COUNT,
};

/* The caches DF-PKG-CACHE knows; CACHE_COUNT is "none". */
enum cache {
	CACHE_APT,
	CACHE_APK,
	CACHE_YUM,
	CACHE_DNF,
	CACHE_MICRODNF,
	CACHE_TDNF,
	CACHE_ZYPPER,
	CACHE_PIP,
	CACHE_YARN,
	CACHE_COUNT,
};

/* A package-manager command found in a RUN script. */
typedef struct pmcmd {
	const cs_run_script *s;
	const cs_sh_cmd *cmd;
	enum pm pm;
	size_t prog;   /* argv index of the program word */
	size_t opt0;   /* first argv index after the program (and `-m pip`) */
	size_t sub;    /* argv index of the subcommand, argc when none */
} pmcmd;

static bool has_suffix(const char *s, const char *suf)
{
	size_t n = strlen(s), m = strlen(suf);
	return n >= m && strcasecmp(s + n - m, suf) == 0;
}

/* ---- what each manager's command line means ------------------------------ */

/* Options that take a separate argument, before and after the
 * subcommand.  Getting these right is what keeps option arguments from
 * being read as package names. */
static const char *const apt_args[] = {
	"-o", "--option", "-c", "--config-file", "-t", "--target-release",
	"--default-release", "-a", "--host-architecture", "-P",
	"--build-profiles", NULL};
static const char *const apk_args[] = {
	"-X", "--repository", "-p", "--root", "--arch", "--cache-dir",
	"--keys-dir", "--repositories-file", "-t", "--virtual",
	"--cache-max-age", NULL};
static const char *const pip_args[] = {
	"-r", "--requirement", "-c", "--constraint", "-e", "--editable",
	"-i", "--index-url", "--extra-index-url", "-f", "--find-links",
	"-t", "--target", "--prefix", "--root", "--src", "--trusted-host",
	"--cache-dir", "--python-version", "--platform", "--implementation",
	"--abi", "--only-binary", "--no-binary", "--progress-bar", "--log",
	"--proxy", "--retries", "--timeout", "--exists-action", "--cert",
	"--client-cert", "--upgrade-strategy", "--global-option",
	"--install-option", "-C", "--config-settings", "--report",
	"--python", "--root-user-action", "--keyring-provider",
	"--use-feature", "--use-deprecated", NULL};
static const char *const npm_args[] = {
	"--registry", "--prefix", "-w", "--workspace", "--tag", "--cache",
	"--loglevel", "--userconfig", "--globalconfig", "--omit",
	"--include", "--install-strategy", "--location", "--before", NULL};
static const char *const gem_args[] = {
	"-v", "--version", "-i", "--install-dir", "-n", "--bindir", "-s",
	"--source", "-p", "--http-proxy", "--platform", "-P",
	"--trust-policy", "-g", "--file", "--build-root", NULL};
static const char *const rpm_args[] = {
	"-c", "--config", "--installroot", "--releasever", "--enablerepo",
	"--disablerepo", "-x", "--exclude", "--setopt", "--repo", "--repoid",
	"--repofrompath", "-d", "--debuglevel", "-e", "--errorlevel",
	"--forcearch", "--color", "--destdir", "--downloaddir",
	"--rpmverbosity", NULL};
static const char *const zypper_global_args[] = {
	"-R", "--root", "-c", "--config", "-D", "--reposd-dir", "-C",
	"--cache-dir", "--raw-cache-dir", "--solv-cache-dir",
	"--pkg-cache-dir", "-p", "--plus-repo", "--plus-content",
	"--userdata", "--installroot", NULL};
static const char *const zypper_sub_args[] = {
	"-r", "--repo", "--from", "-t", "--type", NULL};
static const char *const go_args[] = {
	"-C", "-o", "-p", "-ldflags", "-gcflags", "-asmflags", "-tags",
	"-mod", "-modfile", "-pkgdir", "-overlay", "-buildmode", "-compiler",
	"-installsuffix", "-pgo", "-toolexec", "-gccgoflags", "-covermode",
	"-coverpkg", "-exec", "--ldflags", "--tags", NULL};
static const char *const yarn_args[] = {
	"--cwd", "--cache-folder", "--modules-folder", "--registry",
	"--network-timeout", NULL};

/* Subcommands that install the packages they name. */
static const char *const install_only[] = {"install", NULL};
static const char *const install_in[] = {"install", "in", NULL};
static const char *const apk_install[] = {"add", NULL};
static const char *const npm_install[] = {"install", "i", "add", "in",
					  "isntall", NULL};
static const char *const gem_install[] = {"install", "i", NULL};
static const char *const yarn_install[] = {"install", "add", NULL};

/* Subcommands that stop at a confirmation prompt without -y. */
static const char *const apt_prompts[] = {
	"install", "remove", "purge", "upgrade", "dist-upgrade",
	"full-upgrade", "autoremove", "build-dep", "reinstall", "satisfy",
	NULL};
static const char *const rpm_prompts[] = {
	"install", "in", "groupinstall", "localinstall", "reinstall",
	"remove", "erase", "upgrade", "update", "up", "autoremove",
	"downgrade", "distro-sync", "group", NULL};
static const char *const zypper_prompts[] = {
	"install", "in", "remove", "rm", "update", "up", "dist-upgrade",
	"dup", "patch", "source-install", "si", NULL};

static const struct pm_info {
	enum fam fam;
	const char *const *args;       /* options with a separate argument */
	const char *const *sub_args;   /* the same after the subcommand, when
					  they differ */
	const char *const *install;    /* see is_install() */
	const char *const *prompts;    /* NULL: never prompts (apk, microdnf) */
	enum cache cache;              /* the cache an install fills */
} pms[PM_COUNT] = {
	[PM_NONE] = {FAM_NONE, NULL, NULL, NULL, NULL, CACHE_COUNT},
	[PM_APT_GET] = {FAM_APT, apt_args, NULL, install_only, apt_prompts,
			CACHE_APT},
	[PM_APT] = {FAM_APT, apt_args, NULL, install_only, apt_prompts,
		    CACHE_APT},
	[PM_APK] = {FAM_APK, apk_args, NULL, apk_install, NULL, CACHE_APK},
	[PM_PIP] = {FAM_NONE, pip_args, NULL, install_only, NULL, CACHE_PIP},
	[PM_NPM] = {FAM_NONE, npm_args, NULL, npm_install, NULL, CACHE_COUNT},
	[PM_GEM] = {FAM_NONE, gem_args, NULL, gem_install, NULL, CACHE_COUNT},
	[PM_YUM] = {FAM_DNF, rpm_args, NULL, install_in, rpm_prompts,
		    CACHE_YUM},
	[PM_DNF] = {FAM_DNF, rpm_args, NULL, install_in, rpm_prompts,
		    CACHE_DNF},
	[PM_MICRODNF] = {FAM_MICRODNF, rpm_args, NULL, install_in, NULL,
			 CACHE_MICRODNF},
	[PM_TDNF] = {FAM_TDNF, rpm_args, NULL, install_in, rpm_prompts,
		     CACHE_TDNF},
	[PM_ZYPPER] = {FAM_ZYPPER, zypper_global_args, zypper_sub_args,
		       install_in, zypper_prompts, CACHE_ZYPPER},
	[PM_GO] = {FAM_NONE, go_args, NULL, install_only, NULL, CACHE_COUNT},
	[PM_YARN] = {FAM_NONE, yarn_args, NULL, yarn_install, NULL,
		     CACHE_YARN},
};

/* Subcommands that refresh a family's package index, and those that use
 * it (install or upgrade something). */
static const char *const apt_update[] = {"update", NULL};
static const char *const rpm_update[] = {"makecache", NULL};
static const char *const zypper_update[] = {"refresh", "ref", NULL};
static const char *const apt_uses_index[] = {
	"install", "upgrade", "dist-upgrade", "full-upgrade", "build-dep",
	"reinstall", "satisfy", "source", NULL};
static const char *const apk_uses_index[] = {"add", "upgrade", "fix",
					     NULL};
static const char *const dnf_uses_index[] = {
	"install", "in", "update", "upgrade", "up", "groupinstall",
	"localinstall", "reinstall", "distro-sync", "downgrade", "group",
	"module", NULL};
static const char *const small_uses_index[] = {
	"install", "update", "upgrade", "reinstall", "distro-sync", NULL};
static const char *const zypper_uses_index[] = {
	"install", "in", "update", "up", "dist-upgrade", "dup", "patch",
	"source-install", "si", NULL};

static const struct fam_info {
	const char *const *update;
	const char *const *uses_index;
} fams[FAM_COUNT] = {
	[FAM_NONE] = {NULL, NULL},
	[FAM_APT] = {apt_update, apt_uses_index},
	[FAM_APK] = {apt_update, apk_uses_index},
	[FAM_DNF] = {rpm_update, dnf_uses_index},
	[FAM_MICRODNF] = {rpm_update, small_uses_index},
	[FAM_TDNF] = {rpm_update, small_uses_index},
	[FAM_ZYPPER] = {zypper_update, zypper_uses_index},
};

static enum fam family(enum pm pm)
{
	return pms[pm].fam;
}

/* ---- command lines ------------------------------------------------------- */

/* Does the option at argv index i take the next word as its argument? */
static bool takes_arg(const pmcmd *p, size_t i)
{
	const struct pm_info *m = &pms[p->pm];
	const char *w = p->cmd->argv[i].text;
	bool after_sub = p->sub < p->cmd->argc && i > p->sub;
	const char *const *args = after_sub && m->sub_args ? m->sub_args
							   : m->args;
	return args && !strchr(w, '=') && in_list(w, args);
}

static size_t option_step(const pmcmd *p, size_t i)
{
	return takes_arg(p, i) ? 2 : 1;
}

/* The next operand (non-option word) at or after argv index i, or argc. */
static size_t next_operand(const pmcmd *p, size_t i)
{
	const cs_sh_cmd *c = p->cmd;
	while (i < c->argc) {
		if (!is_option(c->argv[i].text))
			return i;
		i += option_step(p, i);
	}
	return c->argc;
}

/* The next option at or after i, or argc; *arg gets its separate
 * argument, or NULL. */
static size_t next_option(const pmcmd *p, size_t i, const char **arg)
{
	const cs_sh_cmd *c = p->cmd;
	*arg = NULL;
	while (i < c->argc) {
		if (is_option(c->argv[i].text)) {
			if (takes_arg(p, i) && i + 1 < c->argc)
				*arg = c->argv[i + 1].text;
			return i;
		}
		i++;
	}
	return c->argc;
}

/* Walk the options of a command, with their separate arguments:
 *	for (i = first_option(p, &arg); i < argc; i = after_option(p, i, &arg))
 */
static size_t first_option(const pmcmd *p, const char **arg)
{
	return next_option(p, p->opt0, arg);
}

static size_t after_option(const pmcmd *p, size_t i, const char **arg)
{
	return next_option(p, i + option_step(p, i), arg);
}

static const char *word(const pmcmd *p, size_t i)
{
	return i < p->cmd->argc ? p->cmd->argv[i].text : "";
}

/* Is option `name` given (also as `name=value` when `valued`)? */
static bool has_option(const pmcmd *p, const char *name, bool valued)
{
	const char *arg;
	size_t n = strlen(name);
	for (size_t i = first_option(p, &arg); i < p->cmd->argc;
	     i = after_option(p, i, &arg)) {
		const char *w = word(p, i);
		if (!strncmp(w, name, n) && (!w[n] || (valued && w[n] == '=')))
			return true;
	}
	return false;
}

static cs_mark word_mark(const pmcmd *p, size_t i)
{
	if (i >= p->cmd->argc)
		i = p->prog;
	return cs_run_script_mark(p->s, p->cmd->argv[i].off);
}

/* Recognise a package-manager command; fills p. */
static bool pm_identify(const cs_run_script *s, const cs_sh_cmd *cmd,
			pmcmd *p)
{
	static const struct {
		const char *name;
		enum pm pm;
	} progs[] = {
		{"apt-get", PM_APT_GET}, {"apt", PM_APT},
		{"apk", PM_APK},         {"npm", PM_NPM},
		{"gem", PM_GEM},         {"yum", PM_YUM},
		{"dnf", PM_DNF},         {"dnf5", PM_DNF},
		{"microdnf", PM_MICRODNF}, {"tdnf", PM_TDNF},
		{"zypper", PM_ZYPPER},   {"go", PM_GO},
		{"yarn", PM_YARN},
	};
	memset(p, 0, sizeof(*p));
	size_t i = cs_dfu_skip_wrappers(cmd);
	if (i >= cmd->argc)
		return false;
	const char *n = base_name(cmd->argv[i].text);
	enum pm pm = PM_NONE;
	size_t opt0 = i + 1;
	for (size_t k = 0; k < CS_COUNT(progs); k++)
		if (streq(n, progs[k].name))
			pm = progs[k].pm;
	if (pm == PM_NONE && is_versioned(n, "pip")) {
		pm = PM_PIP;
	} else if (pm == PM_NONE && is_versioned(n, "python")) {
		/* python3 [-u -I ...] -m pip ... */
		for (size_t j = i + 1; j < cmd->argc; j++) {
			const char *w = cmd->argv[j].text;
			if (streq(w, "-m")) {
				const char *m = j + 1 < cmd->argc
							? cmd->argv[j + 1].text
							: "";
				if (is_versioned(m, "pip")) {
					pm = PM_PIP;
					opt0 = j + 2;
				}
				break;
			}
			if (has_prefix(w, "-m") && is_versioned(w + 2, "pip")) {
				pm = PM_PIP;
				opt0 = j + 1;
				break;
			}
			if (!is_option(w))
				break;
			if (streq(w, "-W") || streq(w, "-X"))
				j++;
		}
	}
	if (pm == PM_NONE)
		return false;
	p->s = s;
	p->cmd = cmd;
	p->pm = pm;
	p->prog = i;
	p->opt0 = opt0;
	p->sub = cmd->argc;   /* so that next_operand uses global options */
	p->sub = next_operand(p, opt0);
	return true;
}

static const char *sub_name(const pmcmd *p)
{
	return p->sub < p->cmd->argc ? p->cmd->argv[p->sub].text : "";
}

/* Is the subcommand one of names (NULL: none)? */
static bool sub_is(const pmcmd *p, const char *const *names)
{
	return names && p->sub < p->cmd->argc && in_list(sub_name(p), names);
}

/* Does the command have operands after the subcommand? */
static bool has_operands(const pmcmd *p)
{
	return p->sub < p->cmd->argc &&
	       next_operand(p, p->sub + 1) < p->cmd->argc;
}

/* "apt-get install", for values and messages. */
static const char *cmd_value(cs_df_check *c, const pmcmd *p)
{
	const char *prog = base_name(word(p, p->prog));
	const char *v;
	if (p->pm == PM_PIP && !is_versioned(prog, "pip"))
		v = cs_arena_printf(c->arena, "%s -m pip %s", prog,
				    sub_name(p));
	else if (p->sub < p->cmd->argc)
		v = cs_arena_printf(c->arena, "%s %s", prog, sub_name(p));
	else
		v = prog;
	return v ? v : prog;
}

/* Report "'apt-get install' <why><detail>" at argv word `at`. */
static void report_cmd(cs_df_check *c, const pmcmd *p, size_t at,
		       const char *why, const char *detail)
{
	const char *v = cmd_value(c, p);
	cs_df_report(c, p->s->instr, word_mark(p, at), v, "'%s' %s%s", v, why,
		     detail);
}

/*
 * The next package-manager command of a RUN in the rule's scope: start
 * with it = cs_dfu_cmds_of(c).  Commands of other programs are stepped
 * over.
 */
static bool next_pm(cs_dfu_cmds *it, pmcmd *p)
{
	while (cs_dfu_cmds_next(it))
		if (pm_identify(it->s, it->cmd, p))
			return true;
	return false;
}

/* The commands of one RUN: its scripts are consecutive in b->scripts. */
typedef struct run_group {
	const cs_df_instr *in;
	const cs_run_script *s;
	size_t n;
} run_group;

/* The next RUN in the rule's scope from script *i on; false at the end. */
static bool next_group(const cs_df_check *c, size_t *i, run_group *g)
{
	const cs_build *b = c->build;
	while (*i < b->nscripts) {
		size_t j = *i + 1;
		while (j < b->nscripts &&
		       b->scripts[j].instr == b->scripts[*i].instr)
			j++;
		g->in = b->scripts[*i].instr;
		g->s = &b->scripts[*i];
		g->n = j - *i;
		*i = j;
		if (cs_dfu_in_scope(c, g->in))
			return true;
	}
	return false;
}

/* Iterate every command of a group: start with it.s = it.c = 0.  Indexes,
 * not pointer ends, since a script with no commands may have a NULL
 * array. */
typedef struct group_iter {
	size_t s, c;
	const cs_run_script *script;
} group_iter;

static const cs_sh_cmd *group_next(const run_group *g, group_iter *it)
{
	while (it->s < g->n) {
		const cs_run_script *sc = &g->s[it->s];
		if (it->c < sc->sh.ncmds) {
			it->script = sc;
			return &sc->sh.cmds[it->c++];
		}
		it->s++;
		it->c = 0;
	}
	return NULL;
}

/* ---- DF-UPDATE-ALONE ----------------------------------------------------- */
/* ---- DF-UPDATE-ALONE ----------------------------------------------------- */

static bool check_update_alone(cs_df_check *c)
{
	bool applied = false;
	size_t i = 0;
	run_group g;
	while (next_group(c, &i, &g)) {
		bool installs[FAM_COUNT] = {false};
		pmcmd p;
		group_iter it = {0};
		const cs_sh_cmd *cp;
		while ((cp = group_next(&g, &it))) {
			enum fam f;
			if (pm_identify(it.script, cp, &p) &&
			    (f = family(p.pm)) != FAM_NONE &&
			    sub_is(&p, fams[f].uses_index))
				installs[f] = true;
		}
		it = (group_iter){0};
		while ((cp = group_next(&g, &it))) {
			enum fam f;
			if (!pm_identify(it.script, cp, &p) ||
			    (f = family(p.pm)) == FAM_NONE ||
			    !sub_is(&p, fams[f].update))
				continue;
			applied = true;
			if (!installs[f])
				report_cmd(c, &p, p.sub,
					   "runs without an install in the "
					   "same RUN: the cached index goes "
					   "stale in its own layer",
					   "");
		}
	}
	return applied;
}

/* ---- DF-PKG-UPGRADE ------------------------------------------------------ */

/* Does the command upgrade every installed package?  Only for managers
 * of a family (not FAM_NONE). */
static bool upgrades_all(const pmcmd *p)
{
	static const char *const apt_all[] = {"upgrade", "dist-upgrade",
					      "full-upgrade", NULL};
	static const char *const apk_bare[] = {"upgrade", NULL};
	static const char *const rpm_bare[] = {
		"upgrade", "update", "up", "distro-sync", "upgrade-minimal",
		"update-minimal", NULL};
	static const char *const zypper_all[] = {"dist-upgrade", "dup", NULL};
	static const char *const zypper_bare[] = {"update", "up", NULL};
	switch (family(p->pm)) {
	case FAM_APT:
		return sub_is(p, apt_all);
	case FAM_APK:
		return sub_is(p, apk_bare) && !has_operands(p);
	case FAM_ZYPPER:
		return sub_is(p, zypper_all) ||
		       (sub_is(p, zypper_bare) && !has_operands(p));
	default:
		break;
	}
	return sub_is(p, rpm_bare) && !has_operands(p);
}

static bool check_upgrade(cs_df_check *c)
{
	bool applied = false;
	cs_dfu_cmds it = cs_dfu_cmds_of(c);
	pmcmd p;
	while (next_pm(&it, &p)) {
		if (family(p.pm) == FAM_NONE)
			continue;
		applied = true;
		if (upgrades_all(&p))
			report_cmd(c, &p, p.sub,
				   "upgrades every package of the base image "
				   "in place",
				   "");
	}
	return applied;
}

/* ---- DF-PKG-UNPINNED ----------------------------------------------------- */

enum pin { PIN_OK, PIN_NONE, PIN_MOVING };

static bool is_local_file(const char *w)
{
	static const char *const exts[] = {
		".deb", ".rpm", ".apk", ".whl", ".tar.gz", ".tgz", ".tar.bz2",
		".tar.xz", ".zip", ".gem", NULL};
	if (strchr(w, '/') || w[0] == '.' || w[0] == '~')
		return true;
	for (size_t i = 0; exts[i]; i++)
		if (has_suffix(w, exts[i]))
			return true;
	return false;
}

/* git+https://host/repo.git@v1.2#egg=x: the '@' must follow the path, not
 * be the user part of the authority. */
static bool url_has_ref(const char *w, char sep)
{
	const char *p = strstr(w, "://");
	p = p ? strchr(p + 3, '/') : strchr(w, ':');
	if (!p)
		return false;
	const char *frag = strchr(p, '#');
	const char *at = strchr(p, sep);
	if (sep == '#')
		return at && at[1];
	return at && (!frag || at < frag);
}

static enum pin pin_pip(const char *w)
{
	static const char *const vcs[] = {"git+", "hg+", "svn+", "bzr+", NULL};
	if (strpbrk(w, "=<>~!"))
		return PIN_OK;
	const char *url = strstr(w, "://");
	if (url) {
		const char *v = strstr(w, "@ ");
		v = v ? v + 2 : w;
		while (*v == ' ')
			v++;
		for (size_t i = 0; vcs[i]; i++)
			if (has_prefix(v, vcs[i]))
				return url_has_ref(v, '@') ? PIN_OK : PIN_NONE;
		return PIN_OK;   /* an archive URL names one artifact */
	}
	return is_local_file(w) ? PIN_OK : PIN_NONE;
}

static enum pin pin_npm(const char *w, const char **version)
{
	static const char *const git[] = {
		"git+", "git:", "github:", "gitlab:", "bitbucket:", "gist:",
		"http:", "https:", NULL};
	static const char *const moving[] = {"latest", "next", "*", "x", NULL};
	*version = NULL;
	if (w[0] == '.' || w[0] == '/' || w[0] == '~' ||
	    has_prefix(w, "file:") || has_suffix(w, ".tgz") ||
	    has_suffix(w, ".tar.gz") || has_suffix(w, ".tar"))
		return PIN_OK;
	for (size_t i = 0; git[i]; i++)
		if (has_prefix(w, git[i]))
			return url_has_ref(w, '#') ? PIN_OK : PIN_NONE;
	const char *at = strchr(w + (w[0] == '@'), '@');
	if (w[0] != '@' && !at && strchr(w, '/'))   /* user/repo shorthand */
		return strchr(w, '#') ? PIN_OK : PIN_NONE;
	if (!at)
		return PIN_NONE;
	*version = at + 1;
	if (!at[1] || in_list(at + 1, moving))
		return PIN_MOVING;
	return PIN_OK;
}

/* name-version[-release][.arch]: the last dash-separated part starts with
 * a digit.  `java-11-openjdk` is a name, `httpd-2.4.6-97.el7` a version. */
static enum pin pin_rpm(const char *w)
{
	if (is_local_file(w) || strpbrk(w, "<>= "))
		return PIN_OK;
	const char *d = strrchr(w, '-');
	if (d && d != w && isdigit((unsigned char)d[1]))
		return PIN_OK;
	return PIN_NONE;
}

static enum pin pin_go(const char *w, const char **version)
{
	static const char *const moving[] = {"latest", "upgrade", "patch",
					     "master", "main", "HEAD", NULL};
	*version = NULL;
	if (w[0] == '.' || w[0] == '/')
		return PIN_OK;
	size_t head = strcspn(w, "/@");
	if (!memchr(w, '.', head))
		return PIN_OK;   /* std or a package of the module itself */
	const char *at = strchr(w, '@');
	if (!at)
		return PIN_NONE;
	*version = at + 1;
	return in_list(at + 1, moving) || !at[1] ? PIN_MOVING : PIN_OK;
}

/* Operands that are not packages at all. */
static bool not_a_package(enum pm pm, const char *w)
{
	if (!w[0])
		return true;
	switch (pm) {
	case PM_YUM:
	case PM_DNF:
	case PM_MICRODNF:
	case PM_TDNF:
		/* @group, @module:stream, and provides like
		 * 'dnf-command(config-manager)' name no one version */
		return w[0] == '@' || strchr(w, '(') != NULL;
	default:
		break;
	}
	return false;
}

/* Does the command install the packages it names? */
static bool is_install(const pmcmd *p)
{
	if (p->pm == PM_YARN && p->sub >= p->cmd->argc)
		return true;   /* a bare `yarn` installs */
	return sub_is(p, pms[p->pm].install);
}

/* Options that pin every operand of the command at once. */
static bool pinned_by_option(const pmcmd *p)
{
	const char *arg;
	for (size_t i = first_option(p, &arg); i < p->cmd->argc;
	     i = after_option(p, i, &arg)) {
		const char *w = word(p, i);
		switch (p->pm) {
		case PM_PIP:
			/* a constraints file pins what is named */
			if (streq(w, "-c") || streq(w, "--constraint") ||
			    has_prefix(w, "--constraint="))
				return true;
			break;
		case PM_GEM:
			if (streq(w, "-v") || streq(w, "--version") ||
			    has_prefix(w, "--version="))
				return true;
			break;
		case PM_ZYPPER:
			/* patterns, patches and products have no version
			 * to pin */
			if ((streq(w, "-t") || streq(w, "--type")) && arg &&
			    !streq(arg, "package"))
				return true;
			if (has_prefix(w, "--type=") &&
			    !streq(w + 7, "package"))
				return true;
			break;
		default:
			break;
		}
	}
	return false;
}

static const char *display_name(const pmcmd *p)
{
	switch (p->pm) {
	case PM_PIP:
		return "pip";
	case PM_GO:
		return "go install";
	default:
		break;
	}
	return base_name(word(p, p->prog));
}

static void unpinned_operand(cs_df_check *c, const pmcmd *p, size_t i)
{
	const char *w = word(p, i);
	const char *version = NULL;
	enum pin pin;
	if (strchr(w, '$') || not_a_package(p->pm, w))
		return;
	switch (p->pm) {
	case PM_APT_GET:
	case PM_APT:
		pin = strchr(w, '=') || is_local_file(w) ? PIN_OK : PIN_NONE;
		break;
	case PM_APK:
		pin = strpbrk(w, "=~<>") || is_local_file(w) ? PIN_OK
							     : PIN_NONE;
		break;
	case PM_PIP:
		pin = pin_pip(w);
		break;
	case PM_NPM:
		pin = pin_npm(w, &version);
		break;
	case PM_GEM:
		pin = strchr(w, ':') || is_local_file(w) ? PIN_OK : PIN_NONE;
		break;
	case PM_YUM:
	case PM_DNF:
	case PM_MICRODNF:
	case PM_TDNF:
		pin = pin_rpm(w);
		break;
	case PM_ZYPPER:
		pin = strpbrk(w, "=<>") || is_local_file(w) ? PIN_OK
							    : PIN_NONE;
		break;
	case PM_GO:
		pin = pin_go(w, &version);
		break;
	default:
		return;
	}
	if (pin == PIN_OK)
		return;
	if (pin == PIN_MOVING)
		cs_df_report(c, p->s->instr, word_mark(p, i), w,
			     "%s package '%s' asks for the moving version "
			     "'%s', not a pinned one",
			     display_name(p), w, version ? version : "");
	else
		cs_df_report(c, p->s->instr, word_mark(p, i), w,
			     "%s package '%s' is not pinned to a version",
			     display_name(p), w);
}

static bool check_unpinned(cs_df_check *c)
{
	bool applied = false;
	cs_dfu_cmds it = cs_dfu_cmds_of(c);
	pmcmd p;
	while (next_pm(&it, &p)) {
		if (p.pm == PM_YARN || !is_install(&p))
			continue;
		applied = true;
		if (pinned_by_option(&p))
			continue;
		for (size_t j = next_operand(&p, p.sub + 1); j < p.cmd->argc;
		     j = next_operand(&p, j + 1))
			unpinned_operand(c, &p, j);
	}
	return applied;
}

/* ---- DF-PKG-NO-CONFIRM --------------------------------------------------- */

/* The value of apt's `-o Key=Value` for `key`, or NULL. */
static const char *apt_config(const pmcmd *p, const char *key)
{
	const char *arg, *res = NULL;
	size_t kl = strlen(key);
	for (size_t i = first_option(p, &arg); i < p->cmd->argc;
	     i = after_option(p, i, &arg)) {
		const char *w = word(p, i), *kv = NULL;
		if (streq(w, "-o") || streq(w, "--option"))
			kv = arg;
		else if (has_prefix(w, "--option="))
			kv = w + 9;
		else if (has_prefix(w, "-o") && w[2])
			kv = w + 2;
		if (kv && strncasecmp(kv, key, kl) == 0 && kv[kl] == '=')
			res = kv + kl + 1;
	}
	return res;
}

static bool truthy(const char *v)
{
	return v && (streq(v, "1") || !strcasecmp(v, "true") ||
		     !strcasecmp(v, "yes"));
}

static bool falsy(const char *v)
{
	return v && (streq(v, "0") || !strcasecmp(v, "false") ||
		     !strcasecmp(v, "no") || !strcasecmp(v, "off"));
}

/* Does a bundle of short options (-yq, -qq) contain the letter?  Stops at
 * a letter that takes an argument. */
static unsigned short_count(const char *w, char letter, const char *stops)
{
	unsigned n = 0;
	if (w[0] != '-' || w[1] == '-')
		return 0;
	for (const char *q = w + 1; *q; q++) {
		if (!isalpha((unsigned char)*q) || strchr(stops, *q))
			break;
		n += *q == letter;
	}
	return n;
}

static bool confirms(const pmcmd *p)
{
	const char *arg;
	enum fam f = family(p->pm);
	if (p->cmd->piped_in)   /* `yes | apt-get install ...` */
		return true;
	if (f == FAM_APT && truthy(apt_config(p, "APT::Get::Assume-Yes")))
		return true;
	for (size_t i = first_option(p, &arg); i < p->cmd->argc;
	     i = after_option(p, i, &arg)) {
		const char *w = word(p, i);
		switch (f) {
		case FAM_APT:
			/* -qq implies -y for apt-get */
			if (streq(w, "--yes") || streq(w, "--assume-yes") ||
			    streq(w, "-q=2") || streq(w, "--quiet=2") ||
			    short_count(w, 'y', "otcaP") ||
			    short_count(w, 'q', "otcaP") >= 2)
				return true;
			break;
		case FAM_ZYPPER:
			if (i < p->sub &&
			    (streq(w, "--non-interactive") ||
			     short_count(w, 'n', "RcDCp")))
				return true;
			if (i > p->sub &&
			    (streq(w, "--no-confirm") || streq(w, "-y")))
				return true;
			break;
		default:
			if (streq(w, "--assumeyes") ||
			    short_count(w, 'y', "cxde") ||
			    (has_prefix(w, "--setopt=assumeyes=") &&
			     truthy(w + 19)) ||
			    (streq(w, "--setopt") && arg &&
			     has_prefix(arg, "assumeyes=") &&
			     truthy(arg + 10)))
				return true;
			break;
		}
	}
	return false;
}

static bool check_no_confirm(cs_df_check *c)
{
	bool applied = false;
	cs_dfu_cmds it = cs_dfu_cmds_of(c);
	pmcmd p;
	while (next_pm(&it, &p)) {
		if (!sub_is(&p, pms[p.pm].prompts))
			continue;
		applied = true;
		if (!confirms(&p))
			report_cmd(c, &p, p.sub,
				   "can stop at a confirmation prompt: pass ",
				   p.pm == PM_ZYPPER ? "--non-interactive"
						     : "-y");
	}
	return applied;
}

/* ---- DF-PKG-RECOMMENDS --------------------------------------------------- */

static bool check_recommends(cs_df_check *c)
{
	bool applied = false;
	cs_dfu_cmds it = cs_dfu_cmds_of(c);
	pmcmd p;
	while (next_pm(&it, &p)) {
		if (family(p.pm) != FAM_APT || !sub_is(&p, install_only))
			continue;
		applied = true;
		if (falsy(apt_config(&p, "APT::Install-Recommends")) ||
		    has_option(&p, "--no-install-recommends", false))
			continue;
		report_cmd(c, &p, p.sub,
			   "without --no-install-recommends also installs "
			   "recommended packages",
			   "");
	}
	return applied;
}

/* ---- DF-PKG-CACHE -------------------------------------------------------- */

/* Where each manager keeps its cache, for `rm -rf` and cache mounts. */
static const char *const cache_dirs[CACHE_COUNT][3] = {
	[CACHE_APT] = {"/var/lib/apt/lists", "/var/cache/apt", NULL},
	[CACHE_APK] = {"/var/cache/apk", "/etc/apk/cache", NULL},
	[CACHE_YUM] = {"/var/cache/yum", "/var/cache/dnf", NULL},
	[CACHE_DNF] = {"/var/cache/dnf", "/var/cache/libdnf5", NULL},
	[CACHE_MICRODNF] = {"/var/cache/yum", "/var/cache/dnf", NULL},
	[CACHE_TDNF] = {"/var/cache/tdnf", NULL, NULL},
	[CACHE_ZYPPER] = {"/var/cache/zypp", NULL, NULL},
	[CACHE_PIP] = {".cache/pip", NULL, NULL},
	[CACHE_YARN] = {".cache/yarn", "/usr/local/share/.cache/yarn", NULL},
};

static bool path_in(const char *path, const char *dir)
{
	if (dir[0] != '/')   /* relative to any home directory */
		return strstr(path, dir) != NULL;
	size_t n = strlen(dir);
	return strncmp(path, dir, n) == 0 && (!path[n] || path[n] == '/');
}

static bool path_in_cache(const char *path, enum cache k)
{
	for (size_t i = 0; i < 3 && cache_dirs[k][i]; i++)
		if (path_in(path, cache_dirs[k][i]))
			return true;
	return false;
}

/* RUN --mount=type=cache|tmpfs,target=DIR keeps DIR out of the layer. */
static bool mounted_away(const cs_df_instr *in, enum cache k)
{
	const cs_df_flag *f = NULL;
	for (unsigned guard = 0; guard < 1024; guard++) {
		f = cs_df_flag_next(in, "mount", f);
		if (!f)
			break;
		const char *v = f->value ? f->value : "";
		bool kept = false, hit = false;
		while (*v) {
			size_t n = strcspn(v, ",");
			if (n == 10 && !strncmp(v, "type=cache", n))
				kept = true;
			if (n == 10 && !strncmp(v, "type=tmpfs", n))
				kept = true;
			static const char *const keys[] = {
				"target=", "dst=", "destination=", NULL};
			for (size_t i = 0; keys[i]; i++) {
				size_t kl = strlen(keys[i]);
				if (n > kl && !strncmp(v, keys[i], kl)) {
					char path[512];
					size_t pl = n - kl < sizeof(path) - 1
							    ? n - kl
							    : sizeof(path) - 1;
					memcpy(path, v + kl, pl);
					path[pl] = '\0';
					/* a mount on /var/cache covers
					 * /var/cache/apt too */
					for (size_t d = 0;
					     d < 3 && cache_dirs[k][d]; d++)
						if (path_in(cache_dirs[k][d],
							    path) ||
						    path_in(path,
							    cache_dirs[k][d]))
							hit = true;
				}
			}
			v += n;
			if (*v == ',')
				v++;
		}
		if (kept && hit)
			return true;
	}
	return false;
}

/* The commands that empty a cache: `apk cache clean`, `yum clean all`
 * (on RHEL 8 and later yum and dnf share one cache).  what NULL: any
 * operand. */
static const struct cleanup {
	enum pm pm;
	const char *sub, *what;
	enum cache cache;
} cleanups[] = {
	{PM_APK, "cache", "clean", CACHE_APK},
	{PM_APK, "cache", "purge", CACHE_APK},
	{PM_YUM, "clean", "all", CACHE_YUM},
	{PM_YUM, "clean", "all", CACHE_DNF},
	{PM_DNF, "clean", "all", CACHE_YUM},
	{PM_DNF, "clean", "all", CACHE_DNF},
	{PM_MICRODNF, "clean", "all", CACHE_MICRODNF},
	{PM_TDNF, "clean", "all", CACHE_TDNF},
	{PM_ZYPPER, "clean", NULL, CACHE_ZYPPER},
	{PM_ZYPPER, "cc", NULL, CACHE_ZYPPER},
	{PM_PIP, "cache", "purge", CACHE_PIP},
	{PM_YARN, "cache", "clean", CACHE_YARN},
};

typedef struct cache_state {
	bool cleaned[CACHE_COUNT];
	const pmcmd *first[CACHE_COUNT];
	pmcmd cmds[CACHE_COUNT];
	bool pip_env;   /* PIP_NO_CACHE_DIR exported in this RUN */
} cache_state;

static void note_cleanup(cache_state *st, const cs_run_script *s,
			 const cs_sh_cmd *cmd)
{
	size_t i = cs_dfu_skip_wrappers(cmd);
	if (i >= cmd->argc)
		return;
	const char *n = base_name(cmd->argv[i].text);
	if (streq(n, "rm")) {
		for (size_t j = i + 1; j < cmd->argc; j++)
			for (int k = 0; k < CACHE_COUNT; k++)
				if (path_in_cache(cmd->argv[j].text, k))
					st->cleaned[k] = true;
		return;
	}
	if (streq(n, "export")) {
		for (size_t j = i + 1; j < cmd->argc; j++)
			if (has_prefix(cmd->argv[j].text, "PIP_NO_CACHE_DIR="))
				st->pip_env = true;
		return;
	}
	pmcmd p;
	if (!pm_identify(s, cmd, &p))
		return;
	const char *sub = sub_name(&p);
	size_t arg = next_operand(&p, p.sub + 1);
	const char *what = arg < cmd->argc ? cmd->argv[arg].text : "";
	for (size_t k = 0; k < CS_COUNT(cleanups); k++) {
		const struct cleanup *r = &cleanups[k];
		if (r->pm == p.pm && streq(sub, r->sub) &&
		    (!r->what || streq(what, r->what)))
			st->cleaned[r->cache] = true;
	}
}

static bool cmd_assigns(const cs_sh_cmd *cmd, const char *prefix)
{
	for (size_t i = 0; i < cmd->nassigns; i++)
		if (has_prefix(cmd->assigns[i].text, prefix))
			return true;
	return false;
}

/* The cache an installing command fills, or CACHE_COUNT. */
static enum cache fills_cache(const cs_df_check *c, const pmcmd *p)
{
	static const char *const apt[] = {"install", "update", NULL};
	if (family(p->pm) == FAM_APT)
		return sub_is(p, apt) ? CACHE_APT : CACHE_COUNT;
	if (!is_install(p))
		return CACHE_COUNT;
	if (p->pm == PM_APK && has_option(p, "--no-cache", true))
		return CACHE_COUNT;
	if (p->pm == PM_PIP) {
		const char *env = cs_build_var_at(c->build, p->s->instr,
						  "PIP_NO_CACHE_DIR");
		if (has_option(p, "--no-cache-dir", true) ||
		    cmd_assigns(p->cmd, "PIP_NO_CACHE_DIR=") ||
		    (env && env[0]))
			return CACHE_COUNT;
	}
	return pms[p->pm].cache;
}

/* What to do about each cache, for the message. */
static const char *const cache_advice[CACHE_COUNT] = {
	[CACHE_APT] = "no 'rm -rf /var/lib/apt/lists/*' in this RUN",
	[CACHE_APK] = "use 'apk add --no-cache'",
	[CACHE_YUM] = "no 'yum clean all' in this RUN",
	[CACHE_DNF] = "no 'dnf clean all' in this RUN",
	[CACHE_MICRODNF] = "no 'microdnf clean all' in this RUN",
	[CACHE_TDNF] = "no 'tdnf clean all' in this RUN",
	[CACHE_ZYPPER] = "no 'zypper clean' in this RUN",
	[CACHE_PIP] = "use 'pip install --no-cache-dir'",
	[CACHE_YARN] = "no 'yarn cache clean' in this RUN",
};

static bool check_cache(cs_df_check *c)
{
	bool applied = false;
	size_t i = 0;
	run_group g;
	while (next_group(c, &i, &g)) {
		cache_state st;
		memset(&st, 0, sizeof(st));
		group_iter it = {0};
		const cs_sh_cmd *cp;
		while ((cp = group_next(&g, &it))) {
			note_cleanup(&st, it.script, cp);
			pmcmd p;
			if (!pm_identify(it.script, cp, &p))
				continue;
			enum cache k = fills_cache(c, &p);
			/* point at the install rather than the update
			 * that preceded it: the install is what the
			 * cleanup belongs with */
			if (k < CACHE_COUNT &&
			    (!st.first[k] ||
			     (k == CACHE_APT && !is_install(st.first[k]) &&
			      is_install(&p)))) {
				st.cmds[k] = p;
				st.first[k] = &st.cmds[k];
			}
			if (is_install(&p) && p.pm != PM_NPM &&
			    p.pm != PM_GEM && p.pm != PM_GO)
				applied = true;
			if (family(p.pm) == FAM_APT && k < CACHE_COUNT)
				applied = true;
		}
		for (int k = 0; k < CACHE_COUNT; k++) {
			const pmcmd *p = st.first[k];
			if (!p || st.cleaned[k] || mounted_away(g.in, k) ||
			    (k == CACHE_PIP && st.pip_env))
				continue;
			report_cmd(c, p, p->sub,
				   "leaves its package cache in the image: ",
				   cache_advice[k]);
		}
	}
	return applied;
}

/* ---- DF-APT -------------------------------------------------------------- */

static bool check_apt(cs_df_check *c)
{
	bool applied = false;
	cs_dfu_cmds it = cs_dfu_cmds_of(c);
	while (cs_dfu_progs_next(&it)) {
		if (streq(it.name, "apt-get") || streq(it.name, "apt-cache"))
			applied = true;
		if (!streq(it.name, "apt"))
			continue;
		applied = true;
		pmcmd p;
		if (pm_identify(it.s, it.cmd, &p))
			report_cmd(c, &p, p.prog,
				   "uses apt, whose command line is not stable "
				   "for scripts: use apt-get or apt-cache",
				   "");
	}
	return applied;
}

/* ---- the rules ----------------------------------------------------------- */

static const cs_rule rows[] = {
	{
		.id = "DF-UPDATE-ALONE",
		.title = "Package index updated in a RUN that installs nothing",
		.severity = CS_SEV_MEDIUM,
		.targets = CS_TARGET_DOCKERFILE,
		.scope = CS_SCOPE_EVERY_STAGE,
		.rationale =
			"Each RUN is a cached layer.  When `apt-get update` "
			"(or `apk update`, `dnf makecache`, `zypper "
			"refresh`) is alone in its RUN, the builder reuses "
			"that layer for as long as the line is unchanged, "
			"and a later RUN that installs packages works from "
			"an index that may be months old: it installs "
			"outdated, vulnerable versions or fails when the "
			"mirror has dropped them.  Updating and installing "
			"in one RUN keeps them in the same cache key.  yum "
			"and dnf share one cache and count as one manager, "
			"as do apt and apt-get.  Trivy rates this high; we "
			"keep the CIS and KICS medium, since the image is "
			"stale rather than directly exposed.",
		.remediation =
			"Run the update and the install in the same RUN, "
			"joined with &&, and remove the index in the same "
			"RUN.",
		.example =
			"RUN apt-get update \\\n"
			"    && apt-get install -y --no-install-recommends "
			"curl=7.88.1-10+deb12u5 \\\n"
			"    && rm -rf /var/lib/apt/lists/*",
		.cis = "CIS Docker 1.6 4.7",
		.nist = "",
		.owasp = "OWASP Docker Top 10 D02",
		.hadolint = "",
		.trivy = "DS-0017",
		.checkov = "CKV_DOCKER_5",
		.kics = "Update Instruction Alone",
		.check_df = check_update_alone,
	},
	{
		.id = "DF-PKG-UPGRADE",
		.title = "All packages of the base image upgraded in place",
		.severity = CS_SEV_LOW,
		.targets = CS_TARGET_DOCKERFILE,
		.scope = CS_SCOPE_FINAL_STAGE,
		.rationale =
			"`apt-get upgrade`, `apt-get dist-upgrade`, `apk "
			"upgrade`, `dnf upgrade`, `zypper dup` and the like "
			"replace the base image's packages with whatever "
			"the mirror holds on the day of the build: two "
			"builds of the same Dockerfile differ, the image no "
			"longer matches what the base image's SBOM and "
			"scans describe, and a dist-upgrade can move the "
			"distribution release under the application.  The "
			"fix for outdated packages is a newer base image.  "
			"Tools disagree (Trivy and KICS rate it high, "
			"hadolint dropped its apt rule, and Docker's own "
			"guidance changed): we keep it low and flag only "
			"whole-system upgrades, not `apk upgrade openssl` "
			"or `dnf upgrade openssl` of named packages, which "
			"is how a single urgent fix is applied.",
		.remediation =
			"Rebuild from a newer or patched base image (pin it "
			"by digest), or upgrade the named packages that need "
			"a fix.",
		.example =
			"FROM debian:12.5-slim\n"
			"RUN apt-get update \\\n"
			"    && apt-get install -y --no-install-recommends "
			"--only-upgrade openssl \\\n"
			"    && rm -rf /var/lib/apt/lists/*",
		.cis = "",
		.nist = "",
		.owasp = "OWASP Docker Top 10 D02",
		.hadolint = "DL3005,DL3035",
		.trivy = "DS-0024",
		.checkov = "",
		.kics = "",
		.check_df = check_upgrade,
	},
	{
		.id = "DF-PKG-UNPINNED",
		.title = "Package installed without a pinned version",
		.severity = CS_SEV_LOW,
		.targets = CS_TARGET_DOCKERFILE,
		.scope = CS_SCOPE_EVERY_STAGE,
		.rationale =
			"An unpinned install takes whatever version the "
			"repository serves on the day of the build, so the "
			"same Dockerfile yields different images, a "
			"compromised or broken release flows in unnoticed, "
			"and a rebuild cannot reproduce what was tested.  "
			"Checked: apt-get/apt (pkg=version), apk "
			"(pkg=version, pkg~version), pip (any version "
			"specifier, -r requirements, -c constraints, local "
			"files, archive URLs, VCS URLs with @ref), npm "
			"(name@version; local paths, tarballs and git URLs "
			"with #ref are pinned; a bare `npm install` or `npm "
			"ci` follows the lockfile), gem (-v or name:version), "
			"yum/dnf/microdnf/tdnf (name-version), zypper "
			"(name=version, name>=version) and go install "
			"(pkg@version; @latest is not a pin).  Every stage "
			"counts: a builder's unpinned compiler changes the "
			"artifact that is shipped.  A version that comes "
			"from a variable (`curl=${CURL_VERSION}`) or a local "
			"package file is pinned.",
		.remediation =
			"Pin each package to an exact version, or install "
			"from a lockfile or constraints file; keep the "
			"versions in ARGs to update them in one place.",
		.example =
			"ARG CURL_VERSION=7.88.1-10+deb12u5\n"
			"RUN apt-get update \\\n"
			"    && apt-get install -y --no-install-recommends "
			"curl=${CURL_VERSION} \\\n"
			"    && rm -rf /var/lib/apt/lists/*\n"
			"RUN pip install --no-cache-dir requests==2.32.3\n"
			"RUN npm install -g typescript@5.4.5",
		.cis = "CIS Docker 1.6 4.3",
		.nist = "",
		.owasp = "OWASP Docker Top 10 D02",
		.hadolint = "DL3008,DL3013,DL3016,DL3018,DL3028,DL3033,"
			    "DL3037,DL3041,DL3062",
		.trivy = "",
		.checkov = "",
		.kics = "Apt Get Install Pin Version Not Defined, "
			"Unpinned Package Version in Apk Add, "
			"Unpinned Package Version in Pip Install, "
			"NPM Install Command Without Pinned Version, "
			"Gem Install Without Version, "
			"Yum install Without Version, "
			"Zypper Install Without Version, "
			"Missing Version Specification In dnf install",
		.check_df = check_unpinned,
	},
	{
		.id = "DF-PKG-NO-CONFIRM",
		.title = "Package manager may stop at a confirmation prompt",
		.severity = CS_SEV_LOW,
		.targets = CS_TARGET_DOCKERFILE,
		.scope = CS_SCOPE_EVERY_STAGE,
		.rationale =
			"A build has no terminal: apt-get, yum, dnf, tdnf and "
			"zypper ask before installing or removing, read "
			"end-of-file and abort, so whether the build works "
			"depends on how many packages the mirror resolves "
			"today.  `DEBIAN_FRONTEND=noninteractive` does not "
			"answer apt-get's \"Do you want to continue?\" (it "
			"only silences debconf questions), so it is not "
			"accepted in place of -y.  Accepted: apt-get -y, "
			"--yes, --assume-yes, -qq and `-o "
			"APT::Get::Assume-Yes=true`; yum/dnf/tdnf -y and "
			"--assumeyes; zypper's global -n/--non-interactive "
			"before the subcommand, or -y/--no-confirm after it; "
			"input piped from `yes`.  apk and microdnf never "
			"prompt.",
		.remediation =
			"Pass -y (apt-get, yum, dnf, tdnf) or put "
			"--non-interactive before the zypper subcommand.",
		.example =
			"RUN apt-get update \\\n"
			"    && apt-get install -y --no-install-recommends "
			"curl=7.88.1-10+deb12u5 \\\n"
			"    && rm -rf /var/lib/apt/lists/*\n"
			"RUN zypper --non-interactive install curl=8.6.0 \\\n"
			"    && zypper clean --all",
		.cis = "",
		.nist = "",
		.owasp = "",
		.hadolint = "DL3014,DL3030,DL3034,DL3038",
		.trivy = "DS-0021",
		.checkov = "",
		.kics = "APT-GET Missing Flags To Avoid Manual Input, "
			"Yum Install Allows Manual Input, "
			"Missing Flag From Dnf Install, "
			"Missing Zypper Non-interactive Switch",
		.check_df = check_no_confirm,
	},
	{
		.id = "DF-PKG-RECOMMENDS",
		.title = "apt-get install pulls in recommended packages",
		.severity = CS_SEV_LOW,
		.targets = CS_TARGET_DOCKERFILE,
		.scope = CS_SCOPE_FINAL_STAGE,
		.rationale =
			"By default apt installs every package the requested "
			"ones recommend: often dozens of tools, daemons and "
			"libraries the application never uses, each one "
			"more thing to patch and more attack surface in the "
			"shipped image.  Only the final stage (and the stages "
			"it is built from) counts, since a builder stage is "
			"not shipped.  Accepted: --no-install-recommends and "
			"`-o APT::Install-Recommends=false` (or 0).",
		.remediation =
			"Add --no-install-recommends and list any "
			"recommended package that is really needed.",
		.example =
			"RUN apt-get update \\\n"
			"    && apt-get install -y --no-install-recommends "
			"ca-certificates=20230311 \\\n"
			"    && rm -rf /var/lib/apt/lists/*",
		.cis = "",
		.nist = "",
		.owasp = "",
		.hadolint = "DL3015",
		.trivy = "DS-0029",
		.checkov = "",
		.kics = "APT-GET Not Avoiding Additional Packages",
		.check_df = check_recommends,
	},
	{
		.id = "DF-PKG-CACHE",
		.title = "Package manager cache left in the image",
		.severity = CS_SEV_LOW,
		.targets = CS_TARGET_DOCKERFILE,
		.scope = CS_SCOPE_FINAL_STAGE,
		.rationale =
			"Package indexes and downloaded archives are only "
			"needed while installing.  Left in a layer they add "
			"tens to hundreds of megabytes, and a stale apt "
			"index in the image lets a later `apt-get install` "
			"(by a derived image or a debugging shell) use "
			"outdated metadata.  Because every RUN is a layer, "
			"the cleanup must happen in the same RUN as the "
			"install.  Checked: apt-get/apt (rm -rf "
			"/var/lib/apt/lists/*), apk (--no-cache, or rm "
			"/var/cache/apk/*), yum/dnf/microdnf/tdnf (<pm> clean "
			"all), zypper (zypper clean), pip (--no-cache-dir or "
			"PIP_NO_CACHE_DIR) and yarn (yarn cache clean).  A "
			"RUN --mount=type=cache (or tmpfs) on the cache "
			"directory keeps it out of the layer and passes.  "
			"Only the final stage (and its bases) counts: caches "
			"in builder stages are not shipped.",
		.remediation =
			"Clean the cache in the same RUN as the install, use "
			"the manager's no-cache option, or mount the cache "
			"directory with RUN --mount=type=cache.",
		.example =
			"RUN apt-get update \\\n"
			"    && apt-get install -y --no-install-recommends "
			"curl=7.88.1-10+deb12u5 \\\n"
			"    && rm -rf /var/lib/apt/lists/*\n"
			"RUN apk add --no-cache curl=8.5.0-r0\n"
			"RUN pip install --no-cache-dir requests==2.32.3",
		.cis = "",
		.nist = "",
		.owasp = "",
		.hadolint = "DL3009,DL3019,DL3032,DL3036,DL3040,DL3042,"
			    "DL3060",
		.trivy = "DS-0015,DS-0019,DS-0020,DS-0025",
		.checkov = "",
		.kics = "Apt Get Install Lists Were Not Deleted, "
			"Apk Add Using Local Cache Path, "
			"Yum Clean All Missing, Missing Dnf Clean All, "
			"Missing Zypper Clean, "
			"Pip install Keeping Cached Packages",
		.check_df = check_cache,
	},
	{
		.id = "DF-APT",
		.title = "apt used in a script instead of apt-get",
		.severity = CS_SEV_INFO,
		.targets = CS_TARGET_DOCKERFILE,
		.scope = CS_SCOPE_EVERY_STAGE,
		.rationale =
			"apt is the interactive front end: its output and "
			"options may change between releases and it warns "
			"that it \"does not have a stable CLI interface\" "
			"when used in scripts.  apt-get and apt-cache are "
			"the stable interfaces for a build.",
		.remediation =
			"Use apt-get (install, update, remove) or apt-cache "
			"(search, show).",
		.example =
			"RUN apt-get update \\\n"
			"    && apt-get install -y --no-install-recommends "
			"curl=7.88.1-10+deb12u5 \\\n"
			"    && rm -rf /var/lib/apt/lists/*",
		.cis = "",
		.nist = "",
		.owasp = "",
		.hadolint = "DL3027",
		.trivy = "",
		.checkov = "CKV_DOCKER_9",
		.kics = "Run Using apt",
		.check_df = check_apt,
	},
};

const cs_rule_family cs_family_df_packages = {"df-packages", rows,
					      CS_COUNT(rows)};

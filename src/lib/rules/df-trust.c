/*
 * df-trust.c - where the bytes of an image come from, and whether anything
 * checked them.
 *
 * An image is only as trustworthy as its inputs: the base images, the
 * packages, the files downloaded while building.  These rules flag the
 * places where a Dockerfile gives up a check that would otherwise happen
 * (TLS certificate verification, package signatures), runs code straight off
 * the network (`curl | sh`), or takes an input that can change under it (a
 * tag instead of a digest, a URL without a checksum, a registry nobody
 * vetted).  All of them look at every stage: what a builder downloads ends
 * up in the artifact the final stage copies.
 *
 * Commands are read as argv words from the shell splitter, never as text;
 * programs run through sudo, env, xargs and the like are looked through, and
 * a command inside `if`, `||` or `sh -c` counts like any other.  Settings
 * written into configuration files (`echo sslverify=0 >> /etc/yum.conf`)
 * are caught by the words that carry them, whatever command writes them.
 */
#include "registry.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "../config.h"
#include "df-util.h"
#include "image-ref.h"

/* A setting's value without its quotes and a final ';'. */
static void trim_value(const char **v, size_t *n)
{
	while (*n && (**v == '"' || **v == '\''))
		(*v)++, (*n)--;
	while (*n && ((*v)[*n - 1] == '"' || (*v)[*n - 1] == '\'' ||
		      (*v)[*n - 1] == ';'))
		(*n)--;
}

/* 0, false, no, off (any case, quotes and a final ';' ignored). */
static bool falsey(const char *v, size_t n)
{
	trim_value(&v, &n);
	return (n == 1 && v[0] == '0') ||
	       (n == 5 && strncasecmp(v, "false", 5) == 0) ||
	       (n == 2 && strncasecmp(v, "no", 2) == 0) ||
	       (n == 3 && strncasecmp(v, "off", 3) == 0);
}

/* 1, true, yes (any case, quotes and a final ';' ignored). */
static bool truthy(const char *v, size_t n)
{
	trim_value(&v, &n);
	return (n == 1 && v[0] == '1') ||
	       (n == 4 && strncasecmp(v, "true", 4) == 0) ||
	       (n == 3 && strncasecmp(v, "yes", 3) == 0);
}

/*
 * Does `w` contain `key` (any case) followed by optional blanks, "=" and a
 * value for which pred() holds?  The value runs to the next blank, ',',
 * ']', '/' or backslash (sed expressions, printf escapes).  Covers
 * --setopt=sslverify=0, `sslverify = false` echoed into a file,
 * `[trusted=yes]`.
 */
static bool key_value(const char *w, const char *key,
		      bool (*pred)(const char *, size_t))
{
	size_t kl = strlen(key);
	for (const char *p = w; (p = strcasestr(p, key)) != NULL; p += kl) {
		const char *q = p + kl;
		while (*q == ' ' || *q == '\t')
			q++;
		if (*q != '=')
			continue;
		q++;
		while (*q == ' ' || *q == '\t')
			q++;
		/* Values that matter are short; bounding the scan keeps a
		 * word of repeated keys linear. */
		size_t n = 0;
		while (n < 8 && q[n] && !strchr(" \t,]\n\\/", q[n]))
			n++;
		if (n < 8 && pred(q, n))
			return true;
	}
	return false;
}

static cs_mark word_mark(const cs_run_script *s, const cs_sh_word *w)
{
	return cs_run_script_mark(s, w->off);
}

/* ---- DF-TLS-OFF ---------------------------------------------------------- */

/* Does NAME=VALUE switch certificate checks off?  value NULL: unset. */
static bool tls_env_off(const char *name, const char *value)
{
	if (!value)
		return false;
	size_t n = strlen(value);
	/* git only asks whether the variable is set. */
	if (strcasecmp(name, "GIT_SSL_NO_VERIFY") == 0)
		return true;
	if (strcasecmp(name, "PIP_TRUSTED_HOST") == 0 ||
	    strcasecmp(name, "GOINSECURE") == 0 ||
	    strcasecmp(name, "UV_INSECURE_HOST") == 0)
		return n > 0;
	if (strcasecmp(name, "PYTHONHTTPSVERIFY") == 0 ||
	    strcasecmp(name, "NODE_TLS_REJECT_UNAUTHORIZED") == 0)
		return n == 1 && value[0] == '0';
	if (strcasecmp(name, "NPM_CONFIG_STRICT_SSL") == 0 ||
	    strcasecmp(name, "YARN_STRICT_SSL") == 0 ||
	    strcasecmp(name, "YARN_ENABLE_STRICT_SSL") == 0)
		return falsey(value, n);
	/* requests and curl treat an empty CA bundle as "do not verify". */
	if (strcasecmp(name, "CURL_CA_BUNDLE") == 0 ||
	    strcasecmp(name, "REQUESTS_CA_BUNDLE") == 0)
		return n == 0;
	return false;
}

/* A NAME=VALUE word (shell assignment, `env`/`export` argument). */
static bool tls_assign_off(const char *w)
{
	char name[64];
	const char *eq = strchr(w, '=');
	if (!eq || eq == w || (size_t)(eq - w) >= sizeof(name))
		return false;
	memcpy(name, w, (size_t)(eq - w));
	name[eq - w] = '\0';
	return tls_env_off(name, eq + 1);
}

/* Bundled curl short options: -fsSLk.  Letters after one that takes an
 * argument are that argument (-ofile.k). */
static bool curl_bundle_k(const char *w)
{
	static const char takes_arg[] = "bcdDeEFHKmoPQrtTuUwxXyYzC";
	if (w[0] != '-' || w[1] == '-' || !w[1])
		return false;
	for (const char *p = w + 1; *p; p++) {
		if (*p == 'k')
			return true;
		if (strchr(takes_arg, *p))
			return false;
	}
	return false;
}

static bool curl_long_takes_arg(const char *w)
{
	static const char *const args[] = {
		"--output", "--header", "--data", "--data-raw",
		"--data-binary", "--data-urlencode", "--user", "--request",
		"--url", "--user-agent", "--cacert", "--capath", "--cert",
		"--key", "--config", "--proxy", "--connect-timeout",
		"--max-time", "--retry", "--retry-delay", "--write-out",
		"--referer", "--form", "--upload-file", "--cookie",
		"--cookie-jar", "--resolve", "--range", "--output-dir",
		"--dump-header", "--max-filesize", "--limit-rate", NULL};
	return in_list(w, args);
}

/*
 * Does word i of a command (program at p) turn TLS verification off?
 * Returns NULL if not, the program's name when the word is one of its
 * options ("curl" for -k), or "" for a setting whatever command carries
 * it.  *pair is set when the next word is part of it (`http.sslVerify
 * false`); *skip_next when the next word is an option's argument.
 */
static const char *tls_word(const cs_sh_cmd *cmd, size_t p, size_t i,
			    bool *pair, bool *skip_next)
{
	const char *prog = base_name(cmd->argv[p].text);
	const char *w = cmd->argv[i].text;
	const char *next = i + 1 < cmd->argc ? cmd->argv[i + 1].text : NULL;
	*pair = *skip_next = false;
	if (i > p && streq(prog, "curl")) {
		if (streq(w, "--insecure") || streq(w, "--proxy-insecure") ||
		    curl_bundle_k(w))
			return "curl";
		if (curl_long_takes_arg(w) ||
		    (w[0] == '-' && w[1] && w[1] != '-' &&
		     strchr("bcdDeEFHKmoPQrtTuUwxXyYzC", w[strlen(w) - 1])))
			*skip_next = true;
		return NULL;
	}
	if (i > p && streq(prog, "wget"))
		return streq(w, "--no-check-certificate") ? "wget" : NULL;
	bool pip = is_versioned(prog, "pip") || is_versioned(prog, "python") ||
		   streq(prog, "uv") || streq(prog, "pipenv");
	if (i > p && pip) {
		if (streq(w, "--trusted-host") ||
		    has_prefix(w, "--trusted-host=") ||
		    streq(w, "--allow-insecure-host") ||
		    has_prefix(w, "--allow-insecure-host="))
			return prog;
		/* pip config set global.trusted-host HOST */
		size_t n = strlen(w);
		if (n > 13 && strcmp(w + n - 13, ".trusted-host") == 0)
			return prog;
	}
	/* npm/yarn/pnpm config set strict-ssl false; git config
	 * http.sslVerify false */
	if (i > p && next) {
		size_t n = strlen(w);
		bool strict = strcasecmp(w, "strict-ssl") == 0 ||
			      strcasecmp(w, "enableStrictSsl") == 0;
		bool sslv = n >= 9 && strcasecmp(w + n - 9, "sslverify") == 0;
		if ((strict || sslv) && falsey(next, strlen(next))) {
			*pair = true;
			return prog;
		}
	}
	if (streq(w, "--no-strict-ssl"))
		return prog;
	/* Settings in any word: --setopt=sslverify=0, git -c
	 * http.sslVerify=false, --strict-ssl=false, echo lines into
	 * yum.conf, .npmrc, .wgetrc, pip.conf. */
	if (key_value(w, "sslverify", falsey) ||
	    key_value(w, "strict-ssl", falsey) ||
	    key_value(w, "strict_ssl", falsey) ||
	    key_value(w, "check_certificate", falsey) ||
	    key_value(w, "check-certificate", falsey))
		return "";
	if (i > p && strcasestr(w, "trusted-host") && !has_prefix(w, "--") &&
	    strchr(w, '='))
		return "";   /* `trusted-host = pypi.org` into pip.conf */
	if (tls_assign_off(w))
		return "";
	return NULL;
}

static bool check_tls_off(cs_df_check *c)
{
	const cs_build *b = c->build;
	bool applied = b->nscripts > 0;
	const cs_df_instr *in = NULL;
	while ((in = cs_dfu_next_instr(c, in, CS_DFU_ARG_ENV))) {
		applied = true;
		for (size_t k = 0; k < in->nkvs; k++) {
			const cs_df_kv *kv = &in->kvs[k];
			if (!kv->key || !kv->value)
				continue;
			bool unresolved = false;
			const char *v = cs_build_expand(b, in, kv->value,
							c->arena, &unresolved);
			if (!v || unresolved || !tls_env_off(kv->key, v))
				continue;
			const char *val = cs_arena_printf(c->arena, "%s=%s",
							  kv->key, v);
			cs_df_report(c, in, kv->key_mark, val,
				     "%s '%s' turns off TLS certificate "
				     "verification",
				     cs_df_kind_name(in->kind),
				     val ? val : kv->key);
		}
	}
	cs_dfu_cmds it = cs_dfu_cmds_of(c);
	while (cs_dfu_cmds_next(&it)) {
		const cs_sh_cmd *cmd = it.cmd;
		for (size_t j = 0; j < cmd->nassigns; j++) {
			const cs_sh_word *w = &cmd->assigns[j];
			if (tls_assign_off(w->text))
				cs_df_report(c, it.s->instr, word_mark(it.s, w),
					     w->text,
					     "'%s' turns off TLS certificate "
					     "verification",
					     w->text);
		}
		/* With no program behind the wrappers, the wrappers' own
		 * words are still looked at. */
		size_t p = it.prog < cmd->argc ? it.prog : 0;
		for (size_t j = 0; j < cmd->argc; j++) {
			bool pair, skip;
			const char *why = tls_word(cmd, p, j, &pair, &skip);
			if (!why) {
				j += skip;
				continue;
			}
			const cs_sh_word *w = &cmd->argv[j];
			const char *v = w->text;
			if (pair)
				v = cs_arena_printf(c->arena, "%s %s", w->text,
						    cmd->argv[j + 1].text);
			if (!v)
				v = w->text;
			cs_df_report(c, it.s->instr, word_mark(it.s, w), v,
				     "'%s' turns off TLS certificate "
				     "verification%s%s%s",
				     v, *why ? " (" : "", why, *why ? ")" : "");
			j += pair;
		}
	}
	return applied;
}

/* ---- DF-PKG-UNSIGNED ----------------------------------------------------- */

static bool is_pkg_manager(const char *n)
{
	static const char *const pms[] = {
		"apk", "apt-get", "apt", "aptitude", "rpm", "yum", "dnf",
		"dnf5", "microdnf", "tdnf", "zypper", "dpkg", NULL};
	return in_list(n, pms);
}

static bool unsigned_flag(const char *prog, const char *w)
{
	static const char *const apt[] = {
		"--allow-unauthenticated", "--force-yes",
		"--allow-insecure-repositories", NULL};
	static const char *const rpm[] = {"--nosignature", "--nodigest",
					  "--noverify", "--nofiledigest",
					  NULL};
	static const char *const yum[] = {"--nogpgcheck", "--no-gpgchecks",
					  NULL};
	if (streq(prog, "apk"))
		return streq(w, "--allow-untrusted");
	if (streq(prog, "apt-get") || streq(prog, "apt") ||
	    streq(prog, "aptitude"))
		return in_list(w, apt);
	if (streq(prog, "rpm"))
		return in_list(w, rpm);
	if (streq(prog, "yum") || streq(prog, "dnf") || streq(prog, "dnf5") ||
	    streq(prog, "microdnf") || streq(prog, "tdnf"))
		return in_list(w, yum);
	if (streq(prog, "zypper"))
		return streq(w, "--no-gpg-checks") ||
		       streq(w, "--no-gpg-check");
	if (streq(prog, "dpkg"))
		return streq(w, "--force-bad-verify");
	return false;
}

/* Settings in any word: -o APT::Get::AllowUnauthenticated=true,
 * `deb [trusted=yes] ...`, --setopt=gpgcheck=0, `gpgcheck=0` echoed into a
 * .repo file. */
static bool unsigned_setting(const char *w)
{
	return key_value(w, "AllowUnauthenticated", truthy) ||
	       key_value(w, "AllowInsecureRepositories", truthy) ||
	       key_value(w, "AllowDowngradeToInsecureRepositories", truthy) ||
	       key_value(w, "trusted", truthy) ||
	       key_value(w, "gpgcheck", falsey);
}

static bool check_pkg_unsigned(cs_df_check *c)
{
	bool applied = false;
	cs_dfu_cmds it = cs_dfu_cmds_of(c);
	while (cs_dfu_progs_next(&it)) {
		const cs_sh_cmd *cmd = it.cmd;
		const char *prog = it.name;
		if (is_pkg_manager(prog))
			applied = true;
		for (size_t j = it.prog + 1; j < cmd->argc; j++) {
			const cs_sh_word *w = &cmd->argv[j];
			bool own = unsigned_flag(prog, w->text);
			if (!own && !unsigned_setting(w->text))
				continue;
			cs_df_report(c, it.s->instr, word_mark(it.s, w),
				     w->text,
				     "'%s' turns off package signature "
				     "checks%s%s%s",
				     w->text, own ? " (" : "", own ? prog : "",
				     own ? ")" : "");
		}
	}
	return applied;
}

/* ---- DF-PIPE-SH ---------------------------------------------------------- */

static bool is_downloader(const char *n)
{
	return streq(n, "curl") || streq(n, "wget") || streq(n, "fetch");
}

static bool is_sh(const char *n)
{
	static const char *const shells[] = {"sh", "bash", "ash", "dash",
					     "zsh", "ksh", "mksh", NULL};
	return in_list(n, shells);
}

static bool is_interpreter(const char *n)
{
	return is_sh(n) || is_versioned(n, "python") ||
	       is_versioned(n, "perl") || streq(n, "ruby") ||
	       streq(n, "node") || streq(n, "nodejs") || streq(n, "php");
}

/*
 * Does the interpreter at argv[p] run the script it reads on stdin?  `sh`,
 * `sh -s -- args`, `bash -`, `python3 -` do; `sh -c CMD`, `python3 -c CODE`,
 * `python3 -m json.tool`, `perl -ne ...`, `node -e ...` and `sh file` read
 * stdin as data or run something else.
 */
static bool runs_stdin(const cs_sh_cmd *cmd, size_t p)
{
	const char *n = base_name(cmd->argv[p].text);
	bool sh = is_sh(n), py = is_versioned(n, "python");
	for (size_t i = p + 1; i < cmd->argc; i++) {
		const char *w = cmd->argv[i].text;
		if (streq(w, "-") || (sh && streq(w, "-s")))
			return true;
		if (streq(w, "--"))
			return i + 1 >= cmd->argc || sh;
		if (!is_option(w))
			return false;   /* a script file */
		if (w[1] == '-') {
			if (streq(w, "--eval") || streq(w, "--print") ||
			    streq(w, "--command"))
				return false;
			continue;
		}
		/* Short options, possibly bundled: sh -ec, perl -ne. */
		for (const char *q = w + 1; *q; q++) {
			if (*q == 'c' && (sh || py))
				return false;
			if (*q == 'm' && py)
				return false;
			if ((*q == 'e' || *q == 'E') && !sh && !py)
				return false;
			if (*q == 'p' && (streq(n, "node") ||
					  streq(n, "nodejs")))
				return false;
			if (*q == 's' && sh)
				return true;
		}
		if (py && (streq(w, "-W") || streq(w, "-X")))
			i++;
	}
	return true;
}

/* A downloader inside $( ), ` ` or <( ) of a word: `sh -c "$(curl ...)"`,
 * `bash <(curl ...)`.  Returns the downloader's name or NULL. */
static const char *subst_download(const char *w)
{
	static const char *const opens[] = {"$(", "`", "<(", NULL};
	static const char *const dls[] = {"curl", "wget", "fetch", NULL};
	for (size_t o = 0; opens[o]; o++) {
		size_t ol = strlen(opens[o]);
		for (const char *p = w; (p = strstr(p, opens[o])) != NULL;
		     p += ol) {
			const char *q = p + ol;
			while (*q == ' ' || *q == '\t')
				q++;
			/* /usr/bin/curl */
			const char *e = q;
			while (*e && *e != ' ' && *e != '\t' && *e != ')' &&
			       *e != '`' && e - q < 256)
				e++;
			const char *s = e;
			while (s > q && s[-1] != '/')
				s--;
			for (size_t d = 0; dls[d]; d++)
				if ((size_t)(e - s) == strlen(dls[d]) &&
				    strncmp(s, dls[d], (size_t)(e - s)) == 0)
					return dls[d];
		}
	}
	return NULL;
}

/*
 * Follow the pipeline after cmds[k] (curl | tee x | sudo bash) to an
 * interpreter that runs its standard input; returns its name or NULL.
 * Deeper commands in between come from words of the pipeline's commands
 * and are stepped over.
 */
static const char *piped_into(const cs_sh_cmd *cmds, size_t n, size_t k)
{
	const cs_sh_cmd *cmd = &cmds[k];
	for (size_t j = k + 1; j < n; j++) {
		const cs_sh_cmd *nx = &cmds[j];
		if (nx->depth > cmd->depth)
			continue;
		if (nx->depth < cmd->depth || !nx->piped_in)
			return NULL;
		size_t q = cs_dfu_skip_wrappers(nx);
		if (q < nx->argc) {
			const char *sh = base_name(nx->argv[q].text);
			/* A later downloader walks the rest itself:
			 * stopping keeps `curl | curl | ...` linear. */
			if (is_downloader(sh))
				return NULL;
			if (is_interpreter(sh) && runs_stdin(nx, q))
				return sh;
		}
		if (nx->sep != CS_SH_PIPE)
			return NULL;
	}
	return NULL;
}

/*
 * The downloader whose output the command at argv[p] runs: sh -c
 * "$(curl ...)", bash <(curl ...), eval "$(curl ...)", source <(curl ...).
 * Returns its name or NULL.
 */
static const char *runs_download(cs_arena *a, const cs_run_script *s,
				 const cs_sh_cmd *cmd, size_t p)
{
	const char *prog = base_name(cmd->argv[p].text);
	if (!is_interpreter(prog) && !streq(prog, "eval") &&
	    !streq(prog, "source") && !streq(prog, "."))
		return NULL;
	for (size_t j = p + 1; j < cmd->argc; j++) {
		const char *dl = subst_download(cmd->argv[j].text);
		if (dl)
			return dl;
	}
	/* `bash <(curl ...)`: the splitter keeps the words of a process
	 * substitution in argv but drops its `<(`, so look at the command's
	 * own source span. */
	if (cmd->end <= cmd->off || cmd->end > s->len)
		return NULL;
	const char *ps = memmem(s->text + cmd->off, cmd->end - cmd->off, "<(",
				2);
	if (!ps)
		return NULL;
	size_t left = cmd->end - (size_t)(ps - s->text);
	const char *span = cs_arena_strndup(a, ps, left);
	return span ? subst_download(span) : NULL;
}

static bool check_pipe_sh(cs_df_check *c)
{
	bool applied = false;
	cs_dfu_cmds it = cs_dfu_cmds_of(c);
	while (cs_dfu_progs_next(&it)) {
		const cs_run_script *s = it.s;
		const cs_sh_cmd *cmd = it.cmd;
		const char *prog = it.name;
		cs_mark at = cs_dfu_word_mark(&it, it.prog);
		if (is_downloader(prog))
			applied = true;
		const char *dl = runs_download(c->arena, s, cmd, it.prog);
		if (dl) {
			const char *v = cs_arena_printf(c->arena, "%s $(%s)",
							prog, dl);
			cs_df_report(c, s->instr, at, v,
				     "'%s' runs a script downloaded with '%s' "
				     "without checking it",
				     prog, dl);
		}
		if (!is_downloader(prog) || cmd->sep != CS_SH_PIPE)
			continue;
		const char *sh = piped_into(s->sh.cmds, s->sh.ncmds, it.k);
		if (!sh)
			continue;
		const char *v = cs_arena_printf(c->arena, "%s | %s", prog, sh);
		cs_df_report(c, s->instr, at, v,
			     "'%s' output is piped into '%s': a remote script "
			     "runs unchecked",
			     prog, sh);
	}
	return applied;
}

/* ---- image references ---------------------------------------------------- */

/* A FROM that pulls an image we can judge: not a stage, not scratch, not
 * still holding an unset variable. */
static bool pulls_image(const cs_stage *st)
{
	return st->from && st->image && *st->image && !st->image_unresolved &&
	       strcasecmp(st->image, "scratch") != 0;
}

/* The next stage after `prev` (NULL: the first) that pulls an image, or
 * NULL.  A FROM rule applies when there is one. */
static const cs_stage *next_pull(const cs_build *b, const cs_stage *prev)
{
	size_t i = prev ? (size_t)(prev - b->stages) + 1 : 0;
	for (; i < b->nstages; i++)
		if (pulls_image(&b->stages[i]))
			return &b->stages[i];
	return NULL;
}

static cs_mark image_mark(const cs_stage *st)
{
	if (st->from->nwords)
		return st->from->words[0].mark;
	return st->from->start;
}

/* ---- DF-FROM-TAG --------------------------------------------------------- */

static bool check_from_tag(cs_df_check *c)
{
	for (const cs_stage *st = NULL; (st = next_pull(c->build, st));) {
		cs_image_ref r;
		if (!cs_image_ref_parse(st->image, &r) || r.digest)
			continue;
		if (!r.tag)
			cs_df_report(c, st->from, image_mark(st), st->image,
				     "FROM '%s' has no tag: it pulls whatever "
				     "'latest' is at build time",
				     st->image);
		else if (r.tag_len == 6 && strncmp(r.tag, "latest", 6) == 0)
			cs_df_report(c, st->from, image_mark(st), st->image,
				     "FROM '%s' uses the 'latest' tag, which "
				     "moves",
				     st->image);
	}
	return next_pull(c->build, NULL) != NULL;
}

/* ---- DF-FROM-DIGEST ------------------------------------------------------ */

static bool check_from_digest(cs_df_check *c)
{
	for (const cs_stage *st = NULL; (st = next_pull(c->build, st));) {
		if (strchr(st->image, '@'))
			continue;
		cs_df_report(c, st->from, image_mark(st), st->image,
			     "FROM '%s' is not pinned by digest "
			     "(@sha256:...)",
			     st->image);
	}
	return next_pull(c->build, NULL) != NULL;
}

/* ---- DF-FROM-REGISTRY ---------------------------------------------------- */

static bool check_from_registry(cs_df_check *c)
{
	const cs_config *cfg = c->config;
	if (!cfg || cfg->ntrusted == 0)
		return false;
	for (const cs_stage *st = NULL; (st = next_pull(c->build, st));) {
		cs_image_ref r;
		if (!cs_image_ref_parse(st->image, &r))
			continue;
		if (cs_image_ref_trusted_by(&r, cfg))
			continue;
		cs_df_report(c, st->from, image_mark(st), st->image,
			     "FROM '%s' pulls from '%s/%s', which is not in "
			     "trusted-registries",
			     st->image, r.registry, r.path);
	}
	return next_pull(c->build, NULL) != NULL;
}

/* ---- DF-ADD -------------------------------------------------------------- */

static bool is_hex(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!isxdigit((unsigned char)s[i]))
			return false;
	return true;
}

/* git@host:repo, git://, ssh://, or an http(s) URL of a .git repository. */
static bool is_git_url(const char *s)
{
	if (strncmp(s, "git@", 4) == 0 || strncasecmp(s, "git://", 6) == 0 ||
	    strncasecmp(s, "ssh://", 6) == 0 ||
	    strncasecmp(s, "git+", 4) == 0)
		return true;
	if (strncasecmp(s, "http://", 7) != 0 &&
	    strncasecmp(s, "https://", 8) != 0)
		return false;
	size_t n = strcspn(s, "#?");
	return n >= 4 && strncasecmp(s + n - 4, ".git", 4) == 0;
}

static bool is_url(const char *s)
{
	return strncasecmp(s, "http://", 7) == 0 ||
	       strncasecmp(s, "https://", 8) == 0 ||
	       strncasecmp(s, "ftp://", 6) == 0 || is_git_url(s);
}

/* repo.git#<full commit>[:subdir] */
static bool git_pinned(const char *s)
{
	const char *h = strchr(s, '#');
	if (!h)
		return false;
	h++;
	size_t n = strcspn(h, ":");
	return (n == 40 || n == 64) && is_hex(h, n);
}

/* Archives ADD unpacks (identity, gzip, bzip2, xz and zstd tar).  ADD
 * looks at the content, not the name, so a bare .gz may be a tarball and
 * gets the benefit of the doubt. */
static bool is_local_archive(const char *s)
{
	static const char *const sufs[] = {
		".tar", ".tgz", ".txz", ".tbz2", ".tbz", ".tzst", ".gz",
		".bz2", ".xz", ".zst", NULL};
	size_t n = strlen(s);
	for (size_t i = 0; sufs[i]; i++) {
		size_t m = strlen(sufs[i]);
		if (n > m && strcasecmp(s + n - m, sufs[i]) == 0)
			return true;
	}
	return false;
}

static bool check_add(cs_df_check *c)
{
	bool applied = false;
	const cs_df_instr *in = NULL;
	while ((in = cs_dfu_next_instr(c, in, CS_DFU_COPY_ADD))) {
		applied = true;   /* a COPY passes: it is what ADD should be */
		if (in->kind != CS_DF_ADD)
			continue;
		bool checksum = cs_df_flag_get(in, "checksum") != NULL;
		for (size_t k = 0; k + 1 < in->nwords; k++) {
			const cs_df_word *w = &in->words[k];
			if (strncmp(w->text, "<<", 2) == 0)
				continue;   /* a heredoc: nothing to fetch */
			bool unresolved = false;
			const char *src = cs_build_expand(c->build, in, w->text,
							  c->arena,
							  &unresolved);
			if (!src)
				src = w->text;
			if (is_git_url(src)) {
				if (checksum || git_pinned(src))
					continue;
				cs_df_report(c, in, w->mark, w->text,
					     "ADD of git repository '%s' "
					     "without a pinned commit "
					     "(#<sha>) or --checksum",
					     w->text);
			} else if (is_url(src)) {
				if (checksum)
					continue;
				cs_df_report(c, in, w->mark, w->text,
					     "ADD downloads '%s' without "
					     "--checksum",
					     w->text);
			} else if (!unresolved && !is_local_archive(src)) {
				cs_df_report(c, in, w->mark, w->text,
					     "ADD of local '%s': use COPY, "
					     "which does only that",
					     w->text);
			}
		}
	}
	return applied;
}

/* ---- the table ----------------------------------------------------------- */

static const cs_rule rows[] = {
	{
		.id = "DF-TLS-OFF",
		.title = "TLS certificate verification turned off",
		.severity = CS_SEV_HIGH,
		.targets = CS_TARGET_DOCKERFILE,
		.scope = CS_SCOPE_EVERY_STAGE,
		.rationale =
			"Without certificate verification anyone on the "
			"network path (a proxy, a compromised mirror, a "
			"hostile Wi-Fi at a developer's desk) can replace "
			"what the build downloads, and an ENV setting keeps "
			"the container itself trusting any certificate at "
			"run time.  Reported, as in Checkov's graph checks: "
			"curl -k/--insecure (also bundled, -fsSLk), wget "
			"--no-check-certificate, pip --trusted-host and `pip "
			"config set global.trusted-host`, uv "
			"--allow-insecure-host, npm/yarn/pnpm `config set "
			"strict-ssl false` and --no-strict-ssl, `git config "
			"http.sslVerify false` and `git -c "
			"http.sslVerify=false`, yum/dnf --setopt "
			"sslverify=0, and the same settings written into a "
			"configuration file (any word such as "
			"`sslverify=false`, `strict-ssl=false`, "
			"`check_certificate = off`, `trusted-host = ...`); "
			"and, as ENV, ARG, shell or `env` assignments: "
			"PIP_TRUSTED_HOST, PYTHONHTTPSVERIFY=0, "
			"NODE_TLS_REJECT_UNAUTHORIZED=0, "
			"NPM_CONFIG_STRICT_SSL=false, YARN_STRICT_SSL=false, "
			"GIT_SSL_NO_VERIFY (git only checks that it is "
			"set), GOINSECURE, and an empty CURL_CA_BUNDLE or "
			"REQUESTS_CA_BUNDLE.  Every stage counts: a "
			"builder's download ends up in what is shipped.",
		.remediation =
			"Keep certificate verification on and trust a "
			"private CA explicitly instead: add it to the trust "
			"store (COPY it to /usr/local/share/ca-certificates/ "
			"and run update-ca-certificates) or point the tool "
			"at it (--cacert, PIP_CERT, NODE_EXTRA_CA_CERTS, "
			"http.sslCAInfo).",
		.example =
			"COPY corp-ca.crt /usr/local/share/ca-certificates/\n"
			"RUN update-ca-certificates \\\n"
			"    && curl -fsSL --proto '=https' "
			"https://example.com/tool.tar.gz -o /tmp/tool.tar.gz",
		.cis = "CIS Docker 1.6 4.11",
		.nist = "NIST SP 800-190 3.2.1",
		.owasp = "OWASP Docker Top 10 D08",
		.hadolint = "",
		.trivy = "",
		.checkov = "CKV2_DOCKER_2,CKV2_DOCKER_3,CKV2_DOCKER_4,"
			   "CKV2_DOCKER_5,CKV2_DOCKER_6,CKV2_DOCKER_12,"
			   "CKV2_DOCKER_13,CKV2_DOCKER_14,CKV2_DOCKER_15,"
			   "CKV2_DOCKER_16",
		.kics = "",
		.check_df = check_tls_off,
	},
	{
		.id = "DF-PKG-UNSIGNED",
		.title = "Package signature checks turned off",
		.severity = CS_SEV_HIGH,
		.targets = CS_TARGET_DOCKERFILE,
		.scope = CS_SCOPE_EVERY_STAGE,
		.rationale =
			"Package managers verify a repository's signatures "
			"so that a mirror or a man in the middle cannot "
			"slip in a modified package; switching that off "
			"installs whatever is served.  Reported: apk "
			"--allow-untrusted; apt-get/apt/aptitude "
			"--allow-unauthenticated, --force-yes, "
			"--allow-insecure-repositories, and "
			"APT::Get::AllowUnauthenticated / "
			"Acquire::AllowInsecureRepositories set true; a "
			"`[trusted=yes]` source; rpm --nosignature, "
			"--nodigest, --noverify, --nofiledigest; "
			"yum/dnf/microdnf/tdnf --nogpgcheck and "
			"`gpgcheck=0` (also repo_gpgcheck, in --setopt or "
			"written into a .repo file); zypper "
			"--no-gpg-checks; dpkg --force-bad-verify.  Every "
			"stage counts: what a builder installs shapes what "
			"is shipped.",
		.remediation =
			"Keep signature checks on and import the "
			"repository's signing key instead (apt: a keyring "
			"file and `signed-by=`; rpm: `rpm --import`; apk: "
			"the key in /etc/apk/keys).",
		.example =
			"COPY acme-archive-keyring.gpg /usr/share/keyrings/\n"
			"RUN echo 'deb [signed-by=/usr/share/keyrings/"
			"acme-archive-keyring.gpg] https://apt.acme.example "
			"stable main' \\\n"
			"      > /etc/apt/sources.list.d/acme.list \\\n"
			"    && apt-get update \\\n"
			"    && apt-get install -y --no-install-recommends "
			"acme-agent=1.4.2 \\\n"
			"    && rm -rf /var/lib/apt/lists/*",
		.cis = "CIS Docker 1.6 4.11",
		.nist = "NIST SP 800-190 3.1.5",
		.owasp = "OWASP Docker Top 10 D08",
		.hadolint = "",
		.trivy = "",
		.checkov = "CKV2_DOCKER_7,CKV2_DOCKER_8,CKV2_DOCKER_9,"
			   "CKV2_DOCKER_10,CKV2_DOCKER_11",
		.kics = "",
		.check_df = check_pkg_unsigned,
	},
	{
		.id = "DF-PIPE-SH",
		.title = "Remote script piped into a shell",
		.severity = CS_SEV_MEDIUM,
		.targets = CS_TARGET_DOCKERFILE,
		.scope = CS_SCOPE_EVERY_STAGE,
		.rationale =
			"`curl https://... | sh` runs whatever the server "
			"returns at build time, unchecked: a compromised "
			"site, a changed script or a truncated download "
			"(the shell runs the part it got) all go straight "
			"into the image, and nothing records what ran.  "
			"Reported: curl, wget or fetch piped, possibly "
			"through other commands (tee, sudo), into sh, bash, "
			"ash, dash, zsh, ksh, python*, perl, ruby, node or "
			"php reading the script from standard input; and "
			"`sh -c \"$(curl ...)\"`, `bash <(curl ...)`, `eval "
			"\"$(wget -O- ...)\"` and `source <(curl ...)`.  "
			"Piping into an interpreter that runs something else "
			"(`| python3 -c ...`, `| python3 -m json.tool`, `| sh "
			"script.sh`) reads the download as data and is not "
			"reported.",
		.remediation =
			"Download the script to a file, verify it against a "
			"published checksum or signature, then run it; "
			"better, install the tool from a package or a "
			"release archive pinned by checksum.",
		.example =
			"ADD --checksum=sha256:"
			"24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945"
			"d1036d1dc68d \\\n"
			"    https://example.com/install.sh /tmp/install.sh\n"
			"RUN sh /tmp/install.sh && rm /tmp/install.sh",
		.cis = "",
		.nist = "NIST SP 800-190 3.1.5",
		.owasp = "OWASP Docker Top 10 D08",
		.hadolint = "",
		.trivy = "",
		.checkov = "",
		.kics = "",
		.check_df = check_pipe_sh,
	},
	{
		.id = "DF-FROM-TAG",
		.title = "Base image without a tag or with 'latest'",
		.severity = CS_SEV_MEDIUM,
		.targets = CS_TARGET_DOCKERFILE,
		.scope = CS_SCOPE_EVERY_STAGE,
		.rationale =
			"An untagged image means `latest`, and `latest` "
			"moves: two builds of the same Dockerfile get "
			"different bases, a major upgrade arrives unnoticed, "
			"and a rollback rebuilds something new.  Every FROM "
			"that pulls an image counts, builder stages "
			"included, since their output is shipped.  Not "
			"reported: `scratch`, references to earlier stages, "
			"images pinned by digest (the digest fixes the "
			"content whatever the tag), and a FROM that still "
			"holds an unset build argument (`FROM $BASE` with no "
			"default), whose value is only known at build time.",
		.remediation =
			"Use an explicit version tag, and preferably a "
			"digest as well (DF-FROM-DIGEST).",
		.example =
			"FROM node:20.11.1-bookworm-slim",
		.cis = "CIS Docker 1.6 4.2",
		.nist = "NIST SP 800-190 3.1.5",
		.owasp = "OWASP Docker Top 10 D08",
		.hadolint = "DL3006,DL3007",
		.trivy = "DS-0001",
		.checkov = "CKV_DOCKER_7",
		.kics = "Image Version Not Explicit, "
			"Image Version Using 'latest'",
		.check_df = check_from_tag,
	},
	{
		.id = "DF-FROM-DIGEST",
		.title = "Base image not pinned by digest",
		.severity = CS_SEV_LOW,
		.targets = CS_TARGET_DOCKERFILE,
		.scope = CS_SCOPE_EVERY_STAGE,
		.rationale =
			"Tags are mutable: a registry (or whoever controls "
			"it) can point `node:20` at a different image "
			"tomorrow.  Only a digest names exact content, makes "
			"a build reproducible and lets a signature or a scan "
			"result apply to what is actually built.  The cost "
			"is that updates must be explicit, which tools such "
			"as Renovate or Dependabot automate, hence a low "
			"severity.  Every FROM that pulls an image counts; "
			"`scratch`, stage references and unresolved build "
			"arguments are skipped.",
		.remediation =
			"Append the digest of the image you tested "
			"(`docker buildx imagetools inspect IMAGE:TAG` "
			"prints it) and let a bot such as Renovate update "
			"it.",
		.example =
			"FROM node:20.11.1-bookworm-slim@sha256:"
			"0c1e3bc4ff7ab6de0e6b0de3ef0b7fdbb76f1d8d4e7ad3bc2b3f"
			"6aa0e0a1f7a9",
		.cis = "CIS Docker 1.6 4.2",
		.nist = "NIST SP 800-190 3.1.5",
		.owasp = "",
		.hadolint = "",
		.trivy = "",
		.checkov = "",
		.kics = "",
		.check_df = check_from_digest,
	},
	{
		.id = "DF-FROM-REGISTRY",
		.title = "Base image from a registry that is not trusted",
		.severity = CS_SEV_MEDIUM,
		.targets = CS_TARGET_DOCKERFILE,
		.scope = CS_SCOPE_EVERY_STAGE,
		.rationale =
			"Organisations mirror and vet the images they build "
			"on; a FROM that pulls from anywhere else bypasses "
			"that review, the mirror's scanning and its "
			"availability guarantees.  The rule applies only "
			"when .customs.yaml lists trusted-registries.  "
			"Image names are normalised as docker does: a first "
			"component without '.' or ':' that is not localhost "
			"means docker.io, and a one-word name lives under "
			"library/ (ubuntu is docker.io/library/ubuntu).  An "
			"entry is a registry host (docker.io, "
			"registry.example.com:5000, or a pattern such as "
			"*.gcr.io) or a host/path prefix (ghcr.io/acme "
			"trusts ghcr.io/acme/... but not ghcr.io/acmex).  "
			"scratch, stage references and unresolved build "
			"arguments are skipped.",
		.remediation =
			"Pull the image through a trusted registry or "
			"mirror, or add its registry to trusted-registries "
			"after review.",
		.example =
			"# .customs.yaml: trusted-registries: [ghcr.io/acme]\n"
			"FROM ghcr.io/acme/base/node:20.11.1",
		.cis = "CIS Docker 1.6 4.2",
		.nist = "NIST SP 800-190 3.1.5",
		.owasp = "",
		.hadolint = "DL3026",
		.trivy = "",
		.checkov = "",
		.kics = "",
		.check_df = check_from_registry,
	},
	{
		.id = "DF-ADD",
		.title = "ADD used where COPY or a verified download belongs",
		.severity = CS_SEV_MEDIUM,
		.targets = CS_TARGET_DOCKERFILE,
		.scope = CS_SCOPE_EVERY_STAGE,
		.rationale =
			"ADD does more than it says: it unpacks local tar "
			"archives and fetches URLs and git repositories.  "
			"For a plain local file or directory COPY is the "
			"explicit instruction, and ADD invites surprises "
			"when a file later becomes an archive.  Remote "
			"sources are fetched without any integrity check "
			"unless --checksum is given, so a changed or "
			"tampered download goes into the image unnoticed.  "
			"Reported: ADD of a local source that is not a tar "
			"archive (.tar, .tgz, .txz, .tbz2, .tzst, or "
			"compressed with .gz, .bz2, .xz or .zst, since ADD "
			"recognises archives by content: unpacking those is "
			"ADD's legitimate use); ADD of an http(s) or ftp URL "
			"without --checksum; ADD of a git repository that "
			"is neither pinned to a full commit (#<sha>) nor "
			"given --checksum.  A source that still holds an "
			"unset build argument is not judged as local.",
		.remediation =
			"Use COPY for local files, give downloads "
			"--checksum=sha256:... (or fetch them with curl and "
			"verify the checksum in the same RUN), and pin git "
			"sources to a commit.",
		.example =
			"COPY app.conf /etc/app.conf\n"
			"ADD --checksum=sha256:"
			"24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945"
			"d1036d1dc68d \\\n"
			"    https://example.com/tool.tar.gz /tmp/",
		.cis = "CIS Docker 1.6 4.9",
		.nist = "",
		.owasp = "OWASP Docker Top 10 D08",
		.hadolint = "DL3020",
		.trivy = "DS-0005",
		.checkov = "CKV_DOCKER_4",
		.kics = "Add Instead of Copy, Curl or Wget Instead of Add",
		.check_df = check_add,
	},
};

const cs_rule_family cs_family_df_trust = {"df-trust", rows, CS_COUNT(rows)};

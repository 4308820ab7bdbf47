/*
 * df-build.c - build-hygiene rules for Dockerfiles.
 *
 * Mistakes in how a Dockerfile is put together rather than in what it
 * installs: a pipeline whose failure is ignored, a CMD that never receives
 * SIGTERM, an instruction silently overridden by a later one, a relative
 * WORKDIR, a `COPY --from` that names no stage and so pulls an image from a
 * registry.  They come from hadolint's DL3000-DL4006 family; only the ones
 * that change what is built or how the container behaves are kept.
 *
 * Stage lookups go through one sorted index of stage names, so a hostile
 * file with thousands of stages stays linear-logarithmic, never quadratic.
 */
#include "registry.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "df-util.h"

static cs_mark cmd_mark(const cs_run_script *s, const cs_sh_cmd *cmd)
{
	return cs_run_script_mark(s, cmd->argc ? cmd->argv[0].off : cmd->off);
}

/* ---- DF-PIPEFAIL --------------------------------------------------------- */

/* `-o pipefail`, or a bundle ending in o (`-euo pipefail`), at argv[i]. */
static bool sets_pipefail(const char *const *argv, size_t argc, size_t i)
{
	const char *w = argv[i];
	if (i + 1 >= argc || !streq(argv[i + 1], "pipefail"))
		return false;
	if (w[0] != '-' || w[1] == '-' || !w[1])
		return false;
	for (const char *q = w + 1; *q; q++)
		if (!isalpha((unsigned char)*q))
			return false;
	return w[strlen(w) - 1] == 'o';
}

static bool cmd_sets_pipefail(const cs_sh_cmd *cmd)
{
	if (cmd->argc < 3 || !streq(cs_sh_name(cmd), "set"))
		return false;
	for (size_t i = 1; i + 1 < cmd->argc; i++) {
		const char *pair[2] = {cmd->argv[i].text,
				       cmd->argv[i + 1].text};
		if (sets_pipefail(pair, 2, 0))
			return true;
	}
	return false;
}

/* 1: the SHELL sets pipefail; 0: it does not; -1: not a POSIX shell, where
 * pipefail does not exist (pwsh, cmd). */
static int shell_pipefail(const cs_build *b, const cs_df_instr *in)
{
	const cs_df_instr *sh = cs_build_shell_at(b, in);
	if (!sh || sh->nwords == 0)
		return 0;
	char name[64];
	const char *n = base_name(sh->words[0].text);
	const char *bs = strrchr(n, '\\');
	if (bs)
		n = bs + 1;
	size_t l = strlen(n);
	if (l >= sizeof(name))
		l = sizeof(name) - 1;
	for (size_t i = 0; i < l; i++)
		name[i] = (char)tolower((unsigned char)n[i]);
	name[l] = '\0';
	if (l > 4 && streq(name + l - 4, ".exe"))
		name[l - 4] = '\0';
	if (streq(name, "pwsh") || streq(name, "powershell") ||
	    streq(name, "cmd"))
		return -1;
	for (size_t i = 1; i + 1 < sh->nwords; i++) {
		const char *pair[2] = {sh->words[i].text,
				       sh->words[i + 1].text};
		if (sets_pipefail(pair, 2, 0))
			return 1;
	}
	return 0;
}

/* A heredoc with a non-shell interpreter (#!/usr/bin/env python3) is not
 * shell text, whatever its `|` characters look like. */
static bool foreign_heredoc(const cs_run_script *s)
{
	if (!s->heredoc || s->len < 2 || s->text[0] != '#' ||
	    s->text[1] != '!')
		return false;
	const char *nl = memchr(s->text, '\n', s->len);
	size_t n = nl ? (size_t)(nl - s->text) : s->len;
	for (size_t i = 2; i + 1 < n; i++)
		if (s->text[i] == 's' && s->text[i + 1] == 'h')
			return false;
	return true;
}

static bool check_pipefail(cs_df_check *c)
{
	const cs_build *b = c->build;
	bool applied = false;
	for (size_t i = 0; i < b->nscripts; i++) {
		const cs_run_script *s = &b->scripts[i];
		if (!s->instr || s->instr->json_form || !s->sh.has_pipe ||
		    !cs_dfu_in_scope(c, s->instr) || foreign_heredoc(s))
			continue;
		int shell = shell_pipefail(b, s->instr);
		if (shell < 0)
			continue;
		applied = true;
		if (shell > 0)
			continue;
		/* the first pipeline not preceded by `set -o pipefail`;
		 * nested scripts carry their enclosing word's offset, so
		 * order by offset and then by position in the list */
		const cs_sh_cmd *cmds = s->sh.cmds;
		size_t set_at = s->sh.ncmds;
		for (size_t k = 0; k < s->sh.ncmds && set_at == s->sh.ncmds;
		     k++)
			if (cmd_sets_pipefail(&cmds[k]))
				set_at = k;
		for (size_t k = 0; k < s->sh.ncmds; k++) {
			const cs_sh_cmd *cmd = &cmds[k];
			if (cmd->sep != CS_SH_PIPE || cmd->piped_in)
				continue;
			if (set_at < s->sh.ncmds &&
			    (cmds[set_at].off < cmd->off ||
			     (cmds[set_at].off == cmd->off && set_at < k)))
				continue;
			const char *v = cmd->argc ? cmd->argv[0].text : "|";
			cs_df_report(c, s->instr, cmd_mark(s, cmd), v,
				     "pipeline starting with '%s' runs "
				     "without pipefail: a failure before the "
				     "last command is ignored",
				     v);
			break;
		}
	}
	return applied;
}

/* ---- DF-CMD-JSON --------------------------------------------------------- */

static bool check_cmd_json(cs_df_check *c)
{
	const unsigned kinds = CS_DFU_KIND(CS_DF_CMD) |
			       CS_DFU_KIND(CS_DF_ENTRYPOINT);
	bool applied = false;
	const cs_df_instr *in = NULL;
	while ((in = cs_dfu_next_instr(c, in, kinds))) {
		applied = true;
		if (in->json_form || in->args_len == 0)
			continue;
		const char *kw = cs_df_kind_name(in->kind);
		cs_df_report(c, in, cs_df_args_mark(in, 0), in->args,
			     "%s in shell form '%s' runs under /bin/sh -c, "
			     "which does not pass SIGTERM to the program%s",
			     kw, in->args,
			     in->kind == CS_DF_ENTRYPOINT
				     ? " and ignores CMD and run arguments"
				     : "");
	}
	return applied;
}

/* ---- DF-DUP-INSTR -------------------------------------------------------- */

static bool check_dup_instr(cs_df_check *c)
{
	static const cs_df_kind kinds[] = {CS_DF_CMD, CS_DF_ENTRYPOINT,
					   CS_DF_HEALTHCHECK};
	const cs_build *b = c->build;
	const cs_dockerfile *df = c->df;
	bool applied = false;
	for (size_t s = 0; s < b->nstages; s++) {
		const cs_stage *st = &b->stages[s];
		if (st->first >= df->ninstrs || st->last < st->first)
			continue;
		size_t last = st->last < df->ninstrs ? st->last
						     : df->ninstrs - 1;
		for (size_t k = 0; k < CS_COUNT(kinds); k++) {
			const cs_df_instr *winner = NULL;
			for (size_t i = last + 1; i-- > st->first;) {
				if (df->instrs[i].kind == kinds[k]) {
					winner = &df->instrs[i];
					break;
				}
			}
			if (!winner)
				continue;
			applied = true;
			for (size_t i = st->first; i < winner->index; i++) {
				const cs_df_instr *in = &df->instrs[i];
				if (in->kind != kinds[k])
					continue;
				const char *kw = cs_df_kind_name(in->kind);
				cs_df_report(c, in, in->start, in->args,
					     "%s '%s' has no effect: the %s at "
					     "line %u overrides it",
					     kw, in->args, kw,
					     (unsigned)winner->start.line);
			}
		}
	}
	return applied;
}

/* ---- DF-WORKDIR-RELATIVE ------------------------------------------------- */

static bool is_absolute(const char *p)
{
	if (p[0] == '/' || p[0] == '\\')
		return true;
	/* C:\app or c:/app on Windows images */
	return isalpha((unsigned char)p[0]) && p[1] == ':' &&
	       (p[2] == '\\' || p[2] == '/');
}

static bool check_workdir(cs_df_check *c)
{
	bool applied = false;
	const cs_df_instr *in = NULL;
	while ((in = cs_dfu_next_instr(c, in, CS_DFU_KIND(CS_DF_WORKDIR)))) {
		if (in->nwords == 0)
			continue;
		applied = true;
		const char *raw = in->words[0].text;
		bool unresolved = false;
		const char *path = raw;
		if (strchr(raw, '$')) {
			path = cs_build_expand(c->build, in, raw, c->arena,
					       &unresolved);
			if (!path || unresolved)
				continue;
		}
		if (!path[0] || is_absolute(path))
			continue;
		if (path == raw)
			cs_df_report(c, in, in->words[0].mark, raw,
				     "WORKDIR '%s' is relative: it depends on "
				     "the WORKDIR of the base image",
				     raw);
		else
			cs_df_report(c, in, in->words[0].mark, raw,
				     "WORKDIR '%s' ('%s') is relative: it "
				     "depends on the WORKDIR of the base image",
				     raw, path);
	}
	return applied;
}

/* ---- DF-RUN-CD ----------------------------------------------------------- */

static bool check_run_cd(cs_df_check *c)
{
	const cs_build *b = c->build;
	bool applied = false;
	for (size_t i = 0; i < b->nscripts; i++) {
		const cs_run_script *s = &b->scripts[i];
		if (!cs_dfu_in_scope(c, s->instr))
			continue;
		applied = true;
		for (size_t k = 0; k < s->sh.ncmds; k++) {
			const cs_sh_cmd *cmd = &s->sh.cmds[k];
			/* in a subshell `( cd x && make )` the cd is
			 * scoped on purpose */
			if (cmd->depth > 0 || cmd->argc == 0 ||
			    !streq(cmd->argv[0].text, "cd"))
				continue;
			const char *v = "cd";
			if (cmd->argc > 1)
				v = cs_arena_printf(c->arena, "cd %s",
						    cmd->argv[1].text);
			if (!v)
				v = "cd";
			cs_df_report(c, s->instr, cmd_mark(s, cmd), v,
				     "RUN changes directory with '%s': use "
				     "WORKDIR",
				     v);
		}
	}
	return applied;
}

/* ---- DF-MAINTAINER ------------------------------------------------------- */

static bool check_maintainer(cs_df_check *c)
{
	const cs_df_instr *in = NULL;
	while ((in = cs_dfu_next_instr(c, in, CS_DFU_KIND(CS_DF_MAINTAINER))))
		cs_df_report(c, in, in->start, in->args,
			     "MAINTAINER '%s' is deprecated: use LABEL "
			     "org.opencontainers.image.authors",
			     in->args);
	return true;
}

/* ---- DF-STAGE-REF -------------------------------------------------------- */

typedef struct named {
	const char *name;
	int index;
} named;

static int by_name(const void *a, const void *b)
{
	const named *x = a, *y = b;
	int r = strcasecmp(x->name, y->name);
	if (r)
		return r;
	return (x->index > y->index) - (x->index < y->index);
}

/* The range of `name` in the sorted index: [*lo, return). */
static size_t find_named(const named *v, size_t n, const char *name,
			 size_t *lo)
{
	size_t a = 0, z = n;
	while (a < z) {
		size_t m = a + (z - a) / 2;
		if (strcasecmp(v[m].name, name) < 0)
			a = m + 1;
		else
			z = m;
	}
	*lo = a;
	while (z < n && !strcasecmp(v[z].name, name))
		z++;
	return z;
}

/* The mark of the NAME in `FROM image AS name`. */
static cs_mark alias_mark(const cs_df_instr *from)
{
	for (size_t i = 0; i + 1 < from->nwords; i++)
		if (!strcasecmp(from->words[i].text, "as"))
			return from->words[i + 1].mark;
	return from->start;
}

static void check_copy_from(cs_df_check *c, const cs_df_instr *in,
			    const named *idx, size_t n)
{
	const cs_build *b = c->build;
	const cs_df_flag *f = cs_df_flag_get(in, "from");
	if (!f || !f->value || in->stage < 0)
		return;
	const char *ref = f->value;
	if (strchr(ref, '$')) {
		bool unresolved = false;
		ref = cs_build_expand(b, in, ref, c->arena, &unresolved);
		if (!ref || unresolved)
			return;
	}
	if (!ref[0])
		return;
	if (all_digits(ref)) {
		long k = strlen(ref) > 9 ? -1 : atol(ref);
		if (k >= 0 && k < in->stage)
			return;
		cs_df_report(c, in, f->mark, ref,
			     "COPY --from='%s' refers to %s", ref,
			     k == in->stage ? "its own stage"
					    : "no earlier stage");
		return;
	}
	size_t lo, hi = find_named(idx, n, ref, &lo);
	if (lo < hi) {
		/* the earliest stage of that name decides */
		int k = idx[lo].index;
		if (k < in->stage)
			return;
		if (k == in->stage)
			cs_df_report(c, in, f->mark, ref,
				     "COPY --from='%s' refers to its own stage",
				     ref);
		else
			cs_df_report(c, in, f->mark, ref,
				     "COPY --from='%s' refers to a stage "
				     "defined later, at line %u",
				     ref,
				     (unsigned)b->stages[k].from->start.line);
		return;
	}
	/* a name with a registry, tag or digest is an image */
	if (strpbrk(ref, "/:.@"))
		return;
	cs_df_report(c, in, f->mark, ref,
		     "COPY --from='%s' names no stage: it would pull the "
		     "image docker.io/library/%s:latest",
		     ref, ref);
}

static bool check_stage_ref(cs_df_check *c)
{
	const cs_build *b = c->build;
	bool applied = b->nstages > 1;
	named *idx = NULL;
	size_t n = 0;
	if (b->nstages)
		idx = cs_arena_alloc(c->arena, b->nstages * sizeof(*idx));
	if (!idx)
		return applied;
	for (size_t s = 0; s < b->nstages; s++)
		if (b->stages[s].name && b->stages[s].name[0])
			idx[n++] = (named){b->stages[s].name, (int)s};
	qsort(idx, n, sizeof(*idx), by_name);

	/* the same alias twice: COPY --from and FROM pick one silently */
	for (size_t i = 1; i < n; i++) {
		if (strcasecmp(idx[i].name, idx[i - 1].name))
			continue;
		size_t first = i - 1;
		while (first > 0 &&
		       !strcasecmp(idx[first - 1].name, idx[i].name))
			first--;
		const cs_stage *st = &b->stages[idx[i].index];
		const cs_stage *orig = &b->stages[idx[first].index];
		cs_df_report(c, st->from, alias_mark(st->from), st->name,
			     "stage name '%s' is already used by the stage "
			     "at line %u",
			     st->name, (unsigned)orig->from->start.line);
	}

	/* FROM a name that only a later stage defines pulls an image */
	for (size_t s = 0; s < b->nstages; s++) {
		const cs_stage *st = &b->stages[s];
		if (!st->image || st->image_unresolved || !st->from ||
		    strpbrk(st->image, "/:.@"))
			continue;
		size_t lo, hi = find_named(idx, n, st->image, &lo);
		if (lo == hi || idx[hi - 1].index <= (int)s)
			continue;
		int later = idx[hi - 1].index;
		for (size_t k = lo; k < hi; k++)
			if (idx[k].index > (int)s) {
				later = idx[k].index;
				break;
			}
		cs_mark at = st->from->nwords ? st->from->words[0].mark
					      : st->from->start;
		applied = true;
		cs_df_report(c, st->from, at, st->image,
			     "FROM '%s' names the stage defined later at "
			     "line %u: a stage can only build on an "
			     "earlier one",
			     st->image,
			     (unsigned)b->stages[later].from->start.line);
	}

	const cs_df_instr *in = NULL;
	while ((in = cs_dfu_next_instr(c, in, CS_DFU_KIND(CS_DF_COPY)))) {
		if (!cs_df_flag_get(in, "from"))
			continue;
		applied = true;
		check_copy_from(c, in, idx, n);
	}
	return applied;
}

/* ---- DF-EXPOSE-RANGE ----------------------------------------------------- */

/* Decimal port: -1 malformed, -2 out of range, else the port. */
static long parse_port(const char *s, size_t n)
{
	if (n == 0)
		return -1;
	long v = 0;
	for (size_t i = 0; i < n; i++) {
		if (!isdigit((unsigned char)s[i]))
			return -1;
		if (v <= 65535)
			v = v * 10 + (s[i] - '0');
	}
	return v > 65535 ? -2 : v;
}

/* 0 valid, -1 malformed, -2 out of range. */
static int expose_spec(const char *w)
{
	const char *slash = strchr(w, '/');
	size_t n = slash ? (size_t)(slash - w) : strlen(w);
	if (slash && strcasecmp(slash + 1, "tcp") &&
	    strcasecmp(slash + 1, "udp") && strcasecmp(slash + 1, "sctp"))
		return -1;
	const char *dash = memchr(w, '-', n);
	long a, z;
	if (dash) {
		a = parse_port(w, (size_t)(dash - w));
		z = parse_port(dash + 1, n - (size_t)(dash - w) - 1);
	} else {
		a = z = parse_port(w, n);
	}
	if (a == -1 || z == -1)
		return -1;
	if (a == -2 || z == -2)
		return -2;
	return a <= z ? 0 : -1;
}

static bool check_expose(cs_df_check *c)
{
	bool applied = false;
	const cs_df_instr *in = NULL;
	while ((in = cs_dfu_next_instr(c, in, CS_DFU_KIND(CS_DF_EXPOSE)))) {
		applied = true;
		for (size_t k = 0; k < in->nwords; k++) {
			const char *w = in->words[k].text;
			if (strchr(w, '$'))
				continue;
			int r = expose_spec(w);
			if (r == -2)
				cs_df_report(c, in, in->words[k].mark, w,
					     "EXPOSE '%s' is outside the port "
					     "range 0-65535",
					     w);
			else if (r == -1)
				cs_df_report(c, in, in->words[k].mark, w,
					     "EXPOSE '%s' is not a port, port "
					     "range or port/protocol",
					     w);
		}
	}
	return applied;
}

/* ---- the rules ----------------------------------------------------------- */

static const cs_rule rows[] = {
	{
		.id = "DF-PIPEFAIL",
		.title = "Pipeline in RUN without pipefail",
		.severity = CS_SEV_LOW,
		.targets = CS_TARGET_DOCKERFILE,
		.scope = CS_SCOPE_EVERY_STAGE,
		.rationale =
			"A shell pipeline's status is that of its last "
			"command, so in `RUN curl -fsSL $URL | tar -xz` a "
			"failed download is hidden by tar succeeding on "
			"empty input, and the build goes on with a broken "
			"or missing artifact.  With `set -o pipefail` the "
			"pipeline fails when any part fails.  The rule "
			"accepts a SHELL that sets it (`SHELL "
			"[\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]`) or "
			"a `set -o pipefail` (also `set -euo pipefail`) in "
			"the script before the pipe.  Exec-form RUN and "
			"shells without pipefail (pwsh, cmd) are not "
			"checked.  The default /bin/sh of Debian (dash) has "
			"no pipefail, which is why a SHELL with bash is the "
			"portable fix.",
		.remediation =
			"Set SHELL [\"/bin/bash\", \"-o\", \"pipefail\", "
			"\"-c\"] before the RUN, or begin the script with "
			"`set -o pipefail`.",
		.example =
			"SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\n"
			"RUN curl -fsSL https://example.com/tool.tar.gz "
			"| tar -xz -C /usr/local/bin",
		.cis = "",
		.nist = "",
		.owasp = "",
		.hadolint = "DL4006",
		.trivy = "",
		.checkov = "",
		.kics = "Shell Running A Pipe Without Pipefail Flag",
		.check_df = check_pipefail,
	},
	{
		.id = "DF-CMD-JSON",
		.title = "CMD or ENTRYPOINT in shell form",
		.severity = CS_SEV_LOW,
		.targets = CS_TARGET_DOCKERFILE,
		.scope = CS_SCOPE_FINAL_STAGE,
		.rationale =
			"In shell form the container's PID 1 is `/bin/sh "
			"-c`, not the program: `docker stop` and Kubernetes "
			"send SIGTERM to the shell, which does not forward "
			"it, so the program gets no chance to shut down "
			"cleanly and is killed after the grace period.  A "
			"shell-form ENTRYPOINT also ignores CMD and the "
			"arguments given to `docker run`.  Exec (JSON) form "
			"runs the program directly.  Only the final stage "
			"(and its bases) counts.",
		.remediation =
			"Write CMD and ENTRYPOINT as JSON arrays; if shell "
			"features are needed, use a script that ends with "
			"`exec \"$@\"`.",
		.example = "CMD [\"nginx\", \"-g\", \"daemon off;\"]",
		.cis = "",
		.nist = "",
		.owasp = "",
		.hadolint = "DL3025",
		.trivy = "",
		.checkov = "",
		.kics = "Not Using JSON In CMD And ENTRYPOINT Arguments",
		.check_df = check_cmd_json,
	},
	{
		.id = "DF-DUP-INSTR",
		.title = "CMD, ENTRYPOINT or HEALTHCHECK overridden in the "
			 "same stage",
		.severity = CS_SEV_LOW,
		.targets = CS_TARGET_DOCKERFILE,
		.scope = CS_SCOPE_EVERY_STAGE,
		.rationale =
			"Only the last CMD, ENTRYPOINT and HEALTHCHECK of a "
			"stage take effect.  An earlier one is dead code "
			"that reviewers read as if it ran: a health check "
			"that is never used, or a command that is not the "
			"one the container starts.  Every earlier one is "
			"reported, at its own line.",
		.remediation =
			"Keep one CMD, one ENTRYPOINT and one HEALTHCHECK per "
			"stage.",
		.example =
			"HEALTHCHECK --interval=30s "
			"CMD [\"/app/healthcheck\"]\n"
			"CMD [\"/app/server\"]",
		.cis = "",
		.nist = "",
		.owasp = "",
		.hadolint = "DL3012,DL4003,DL4004",
		.trivy = "DS-0007,DS-0016,DS-0023",
		.checkov = "",
		.kics = "Multiple CMD Instructions Listed, "
			"Multiple ENTRYPOINT Instructions Listed",
		.check_df = check_dup_instr,
	},
	{
		.id = "DF-WORKDIR-RELATIVE",
		.title = "WORKDIR is a relative path",
		.severity = CS_SEV_LOW,
		.targets = CS_TARGET_DOCKERFILE,
		.scope = CS_SCOPE_EVERY_STAGE,
		.rationale =
			"A relative WORKDIR is resolved against the previous "
			"WORKDIR, which may come from the base image and "
			"change with it: files land somewhere other than "
			"the Dockerfile says.  Variables are judged after "
			"expansion; a WORKDIR whose variable is unset at "
			"that point is skipped.",
		.remediation = "Use an absolute path.",
		.example = "WORKDIR /app",
		.cis = "",
		.nist = "",
		.owasp = "",
		.hadolint = "DL3000",
		.trivy = "DS-0009",
		.checkov = "CKV_DOCKER_10",
		.kics = "WORKDIR Path Not Absolute",
		.check_df = check_workdir,
	},
	{
		.id = "DF-RUN-CD",
		.title = "cd used in RUN instead of WORKDIR",
		.severity = CS_SEV_INFO,
		.targets = CS_TARGET_DOCKERFILE,
		.scope = CS_SCOPE_EVERY_STAGE,
		.rationale =
			"A `cd` in RUN lasts only for that RUN, so the next "
			"instruction runs elsewhere than a reader expects, "
			"and scripts full of `cd` are hard to follow.  "
			"WORKDIR states the directory once for every later "
			"instruction.  A `cd` inside a subshell, `( cd src "
			"&& make )`, is scoped on purpose and not reported.",
		.remediation =
			"Use WORKDIR, or scope the cd in a subshell.",
		.example = "WORKDIR /src\nRUN make",
		.cis = "",
		.nist = "",
		.owasp = "",
		.hadolint = "DL3003",
		.trivy = "DS-0013",
		.checkov = "",
		.kics = "Run Command cd Instead of WORKDIR",
		.check_df = check_run_cd,
	},
	{
		.id = "DF-MAINTAINER",
		.title = "Deprecated MAINTAINER instruction",
		.severity = CS_SEV_INFO,
		.targets = CS_TARGET_DOCKERFILE,
		.scope = CS_SCOPE_EVERY_STAGE,
		.rationale =
			"MAINTAINER has been deprecated since Docker 1.13; "
			"the OCI annotation org.opencontainers.image.authors "
			"is what registries and SBOM tools read.",
		.remediation =
			"Replace it with LABEL "
			"org.opencontainers.image.authors=\"...\".",
		.example = "LABEL org.opencontainers.image.authors="
			   "\"team@example.com\"",
		.cis = "",
		.nist = "",
		.owasp = "",
		.hadolint = "DL4000",
		.trivy = "DS-0022",
		.checkov = "CKV_DOCKER_6",
		.kics = "MAINTAINER Instruction Being Used",
		.check_df = check_maintainer,
	},
	{
		.id = "DF-STAGE-REF",
		.title = "Stage reference names no earlier stage",
		.severity = CS_SEV_MEDIUM,
		.targets = CS_TARGET_DOCKERFILE,
		.scope = CS_SCOPE_FILE,
		.rationale =
			"`COPY --from=NAME` with a bare NAME that matches no "
			"earlier stage does not fail: the builder pulls the "
			"image NAME:latest from Docker Hub and copies from "
			"it, so a typo in a stage name turns into files from "
			"an image nobody chose (a name with a registry, tag "
			"or digest, like `nginx:1.25`, is a deliberate image "
			"and passes).  A stage copying from itself, a stage "
			"name used twice, and a FROM naming a stage defined "
			"later (which, too, pulls an image of that name) are "
			"reported for the same reason.  Medium, because the "
			"build then copies from an unexpected image.",
		.remediation =
			"Name each stage once, refer only to earlier stages, "
			"and write image references with a tag or digest.",
		.example =
			"FROM golang:1.22 AS build\n"
			"RUN go build -o /out/app ./cmd/app\n"
			"FROM gcr.io/distroless/static-debian12\n"
			"COPY --from=build /out/app /app",
		.cis = "",
		.nist = "",
		.owasp = "",
		.hadolint = "DL3022,DL3023,DL3024",
		.trivy = "DS-0006,DS-0012",
		.checkov = "CKV_DOCKER_11",
		.kics = "Same Alias In Different Froms",
		.check_df = check_stage_ref,
	},
	{
		.id = "DF-EXPOSE-RANGE",
		.title = "EXPOSE port out of range or malformed",
		.severity = CS_SEV_LOW,
		.targets = CS_TARGET_DOCKERFILE,
		.scope = CS_SCOPE_EVERY_STAGE,
		.rationale =
			"Ports are 0-65535, optionally a range (8000-8010) "
			"and a protocol (tcp, udp, sctp).  Anything else "
			"fails the build or documents a port the program "
			"cannot listen on.  Words holding a variable are "
			"skipped.",
		.remediation =
			"Write PORT, PORT/PROTOCOL or FIRST-LAST with ports "
			"in 0-65535.",
		.example = "EXPOSE 8080/tcp 8000-8010",
		.cis = "",
		.nist = "",
		.owasp = "",
		.hadolint = "DL3011",
		.trivy = "DS-0008",
		.checkov = "",
		.kics = "UNIX Ports Out Of Range",
		.check_df = check_expose,
	},
};

const cs_rule_family cs_family_df_build = {"df-build", rows, CS_COUNT(rows)};

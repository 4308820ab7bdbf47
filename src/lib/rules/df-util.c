/*
 * df-util.c - helpers shared by the Dockerfile rule families; see
 * df-util.h.
 *
 * The wrapper table is the one place that knows how sudo, env, xargs and
 * the like take their options.  Options that take a separate argument must
 * be listed, or the argument is read as the program (`sudo -u app cmd`
 * would run "app"); an option that is not listed is stepped over alone.
 */
#include "df-util.h"

#include "registry.h"

/* ---- stages and instructions -------------------------------------------- */

bool cs_dfu_in_scope(const cs_df_check *c, const cs_df_instr *in)
{
	if (c->rule->scope != CS_SCOPE_FINAL_STAGE)
		return true;
	return in && cs_build_in_final_chain(c->build, in->stage);
}

const cs_df_instr *cs_dfu_next_instr(const cs_df_check *c,
				     const cs_df_instr *prev, unsigned kinds)
{
	const cs_dockerfile *df = c->df;
	size_t i = prev ? (size_t)(prev - df->instrs) + 1 : 0;
	for (; i < df->ninstrs; i++) {
		const cs_df_instr *in = &df->instrs[i];
		if ((kinds & CS_DFU_KIND(in->kind)) && cs_dfu_in_scope(c, in))
			return in;
	}
	return NULL;
}

const cs_stage *cs_dfu_final_stage(const cs_build *b)
{
	if (b->final < 0 || (size_t)b->final >= b->nstages)
		return NULL;
	return &b->stages[b->final];
}

const char *cs_dfu_from_value(const cs_stage *st)
{
	if (st->image && *st->image)
		return st->image;
	if (st->from && st->from->nwords)
		return st->from->words[0].text;
	return "";
}

/* Stages are walked nearest first, bounded by their number like
 * cs_build_in_final_chain. */
const cs_df_instr *cs_dfu_inherited(const cs_build *b, cs_df_kind kind,
				    bool need_args)
{
	const cs_dockerfile *df = b->df;
	int s = b->final;
	for (size_t n = 0; s >= 0 && (size_t)s < b->nstages && n <= b->nstages;
	     n++) {
		const cs_stage *st = &b->stages[s];
		for (size_t i = st->last + 1; i-- > st->first;) {
			if (i >= df->ninstrs)
				continue;
			const cs_df_instr *in = &df->instrs[i];
			if (in->kind == kind && (!need_args || in->nwords > 0))
				return in;
		}
		s = st->base_stage;
	}
	return NULL;
}

/* ---- commands ----------------------------------------------------------- */

static const char *const sudo_args[] = {"-u", "-g", "-C", "-p", "-U",
					"-r", "-t", "-D", "-h", NULL};
static const char *const xargs_args[] = {"-n", "-I", "-P", "-L", "-d",
					 "-a", "-s", "-E", NULL};
static const char *const env_args[] = {"-u", "-C", "-S", NULL};
static const char *const nice_args[] = {"-n", NULL};
static const char *const no_args[] = {NULL};

static const struct wrapper {
	const char *name;
	const char *const *args;   /* options that take a separate argument */
	bool duration;             /* the first operand is a time limit */
} wrappers[] = {
	{"sudo", sudo_args, false},     {"doas", sudo_args, false},
	{"env", env_args, false},       {"xargs", xargs_args, false},
	{"nice", nice_args, false},     {"nohup", no_args, false},
	{"command", no_args, false},    {"exec", no_args, false},
	{"time", no_args, false},       {"stdbuf", no_args, false},
	{"eatmydata", no_args, false},  {"timeout", no_args, true},
};

size_t cs_dfu_wrapper_end(const cs_sh_cmd *cmd, size_t i)
{
	if (i >= cmd->argc)
		return i;
	const char *n = base_name(cmd->argv[i].text);
	const struct wrapper *wr = NULL;
	for (size_t k = 0; k < CS_COUNT(wrappers) && !wr; k++)
		if (streq(n, wrappers[k].name))
			wr = &wrappers[k];
	if (!wr)
		return i;
	bool duration = wr->duration;
	i++;
	while (i < cmd->argc) {
		const char *w = cmd->argv[i].text;
		if (is_option(w)) {
			i += in_list(w, wr->args) ? 2 : 1;
		} else if (strchr(w, '=')) {
			i++;   /* env NAME=value, sudo NAME=value */
		} else if (duration) {
			duration = false;
			i++;
		} else {
			break;
		}
	}
	return i;
}

size_t cs_dfu_skip_wrappers(const cs_sh_cmd *cmd)
{
	size_t i = 0;
	for (unsigned guard = 0; guard < 8 && i < cmd->argc; guard++) {
		size_t next = cs_dfu_wrapper_end(cmd, i);
		if (next == i)
			break;
		i = next;
	}
	return i < cmd->argc ? i : cmd->argc;
}

cs_dfu_cmds cs_dfu_cmds_of(const cs_df_check *c)
{
	return (cs_dfu_cmds){.c = c};
}

/* The scope is asked once per script, on its first command. */
bool cs_dfu_cmds_next(cs_dfu_cmds *it)
{
	const cs_build *b = it->c->build;
	for (; it->script < b->nscripts; it->script++, it->next = 0) {
		const cs_run_script *s = &b->scripts[it->script];
		if (it->next >= s->sh.ncmds ||
		    (it->next == 0 && !cs_dfu_in_scope(it->c, s->instr)))
			continue;
		it->s = s;
		it->k = it->next++;
		it->cmd = &s->sh.cmds[it->k];
		it->prog = cs_dfu_skip_wrappers(it->cmd);
		it->name = it->prog < it->cmd->argc
				   ? base_name(it->cmd->argv[it->prog].text)
				   : "";
		return true;
	}
	return false;
}

bool cs_dfu_progs_next(cs_dfu_cmds *it)
{
	while (cs_dfu_cmds_next(it))
		if (it->prog < it->cmd->argc)
			return true;
	return false;
}

cs_mark cs_dfu_word_mark(const cs_dfu_cmds *it, size_t i)
{
	return cs_run_script_mark(it->s, it->cmd->argv[i].off);
}

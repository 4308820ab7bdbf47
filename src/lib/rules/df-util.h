/*
 * df-util.h - helpers shared by the Dockerfile rule families.
 *
 * Every family asks the same questions of a build: is this instruction in
 * the stages the rule looks at, which program does a command really run
 * once sudo, env or xargs are stepped over, what does the final stage
 * inherit from the stages it is built FROM.  They are answered once, here,
 * so that the families cannot drift apart: a wrapper list per family means
 * `sudo -u app chpasswd` is seen by one rule and missed by the next.
 *
 * Two walks replace the loops every check used to open with: one over the
 * instructions of some kinds, one over the simple commands of every RUN.
 * Both honour the rule's scope (cs_scope), so a final-stage rule never sees
 * a builder stage and an every-stage rule sees all of them, global ARGs
 * included.
 *
 * The string predicates are static inline under short names, since they sit
 * on nearly every line of a check; the rest carries the cs_dfu_ prefix.
 * Nothing here allocates or recurses, and every walk is bounded by the size
 * of the model it walks.
 */
#ifndef CS_DF_UTIL_H
#define CS_DF_UTIL_H

#include <ctype.h>
#include <stdbool.h>
#include <stddef.h>
#include <string.h>

#include "rule.h"

/* ---- strings ------------------------------------------------------------ */

static inline bool streq(const char *a, const char *b)
{
	return strcmp(a, b) == 0;
}

static inline bool has_prefix(const char *s, const char *p)
{
	return strncmp(s, p, strlen(p)) == 0;
}

/* Is w one of the NULL-terminated list? */
static inline bool in_list(const char *w, const char *const *list)
{
	for (size_t i = 0; list[i]; i++)
		if (streq(w, list[i]))
			return true;
	return false;
}

/* "/usr/bin/apt-get" -> "apt-get" */
static inline const char *base_name(const char *p)
{
	const char *s = strrchr(p, '/');
	return s ? s + 1 : p;
}

/* "-y", "--yes"; a lone "-" is an operand (stdin). */
static inline bool is_option(const char *w)
{
	return w[0] == '-' && w[1] != '\0';
}

/* `stem` followed by a version only: "pip", "pip3", "python3.12". */
static inline bool is_versioned(const char *n, const char *stem)
{
	size_t l = strlen(stem);
	if (strncmp(n, stem, l) != 0)
		return false;
	for (n += l; *n; n++)
		if (!isdigit((unsigned char)*n) && *n != '.')
			return false;
	return true;
}

static inline bool all_digits(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (!isdigit((unsigned char)*s))
			return false;
	return true;
}

/* ---- stages and instructions -------------------------------------------- */

/* A set of instruction kinds for cs_dfu_next_instr. */
#define CS_DFU_KIND(k) (1u << (k))
#define CS_DFU_COPY_ADD (CS_DFU_KIND(CS_DF_COPY) | CS_DFU_KIND(CS_DF_ADD))
#define CS_DFU_ARG_ENV (CS_DFU_KIND(CS_DF_ARG) | CS_DFU_KIND(CS_DF_ENV))

/* Is `in` in the stages c->rule looks at?  Always for file and every-stage
 * rules; for final-stage rules, when it belongs to the final stage or a
 * stage that one is built FROM. */
bool cs_dfu_in_scope(const cs_df_check *c, const cs_df_instr *in);

/* The next instruction after `prev` (NULL: from the start) whose kind is in
 * the set `kinds` and that is in the rule's scope, or NULL. */
const cs_df_instr *cs_dfu_next_instr(const cs_df_check *c,
				     const cs_df_instr *prev, unsigned kinds);

/* The final stage, or NULL when the file has none. */
const cs_stage *cs_dfu_final_stage(const cs_build *b);

/* What a stage's FROM names, for messages: the expanded image, else the
 * word as written, else "". */
const char *cs_dfu_from_value(const cs_stage *st);

/*
 * The last instruction of `kind` in the final stage or, when it has none,
 * in the nearest stage it is built FROM: what the image inherits (USER,
 * HEALTHCHECK).  With `need_args`, instructions written without arguments
 * do not count.  NULL when there is none.
 */
const cs_df_instr *cs_dfu_inherited(const cs_build *b, cs_df_kind kind,
				    bool need_args);

/* ---- commands ----------------------------------------------------------- */

/*
 * If argv[i] is a program that runs its operands as a command (sudo, doas,
 * env, xargs, nice, nohup, timeout ...), the index after it, its options
 * (with their arguments), NAME=value words and timeout's duration;
 * otherwise i.  May return argc or more.
 */
size_t cs_dfu_wrapper_end(const cs_sh_cmd *cmd, size_t i);

/* The argv index of the program a command really runs, wrappers stepped
 * over (at most 8 deep), or argc when it runs none. */
size_t cs_dfu_skip_wrappers(const cs_sh_cmd *cmd);

/*
 * A walk over the simple commands of every RUN in the rule's scope, in
 * order:
 *
 *	cs_dfu_cmds it = cs_dfu_cmds_of(c);
 *	while (cs_dfu_cmds_next(&it))
 *		... it.s, it.cmd, it.prog, it.name ...
 */
typedef struct cs_dfu_cmds {
	const cs_df_check *c;
	size_t script, next;          /* position; private */
	const cs_run_script *s;       /* the command's script */
	const cs_sh_cmd *cmd;         /* the command */
	size_t k;                     /* its index in s->sh.cmds */
	size_t prog;                  /* cs_dfu_skip_wrappers(cmd) */
	const char *name;             /* base name of argv[prog], or "" */
} cs_dfu_cmds;

cs_dfu_cmds cs_dfu_cmds_of(const cs_df_check *c);
bool cs_dfu_cmds_next(cs_dfu_cmds *it);

/* The same walk over only the commands that run a program (it.prog <
 * argc): not bare assignments, not a wrapper alone. */
bool cs_dfu_progs_next(cs_dfu_cmds *it);

/* The source position of argv word i of the walk's current command. */
cs_mark cs_dfu_word_mark(const cs_dfu_cmds *it, size_t i);

#endif

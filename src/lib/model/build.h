/*
 * build.h - the normalized build that Dockerfile rules read.
 *
 * From the syntax tree this derives what a rule needs and should not have to
 * work out itself: the stages and which one is final (or --target), what each
 * FROM refers to (an image or an earlier stage), the value of ARG/ENV
 * variables at any instruction with BuildKit's scoping, and every shell
 * script a RUN executes, split into simple commands.
 *
 * Variable scoping (Dockerfile reference): an ARG before the first FROM is
 * global and usable in FROM lines; inside a stage it must be re-declared
 * (`ARG NAME`) to be visible and takes the global default then.  ENV and
 * stage ARGs are visible from the next instruction to the end of the stage
 * and in stages built FROM that stage.  --build-arg values override ARG
 * defaults.  ENV wins over ARG of the same name.
 */
#ifndef CS_BUILD_H
#define CS_BUILD_H

#include <stdbool.h>
#include <stddef.h>

#include "../parse/dockerfile.h"
#include "../parse/shell.h"

typedef struct cs_stage {
	int index;
	const char *name;            /* `AS name` (lower-cased), or NULL */
	const cs_df_instr *from;     /* the FROM instruction */
	const char *image;           /* FROM image, variables expanded; NULL when
	                                it names an earlier stage */
	int base_stage;              /* index of the stage it builds on, or -1 */
	bool image_unresolved;       /* image still holds an unset $VAR */
	size_t first, last;          /* instruction index range, inclusive */
	bool is_final;               /* the stage that is built (last, or --target) */
	bool reachable;              /* the final stage depends on it */
} cs_stage;

/* A shell script a RUN executes: its shell-form text, a heredoc run as a
 * script (`RUN <<EOF`), or the -c argument of an exec-form shell. */
typedef struct cs_run_script {
	const cs_df_instr *instr;
	const char *text;
	size_t len;
	cs_sh_script sh;
	const cs_df_heredoc *heredoc;   /* when the script is a heredoc body */
} cs_run_script;

typedef struct cs_build_var {
	const char *name;
	const char *value;           /* NULL: declared without a value */
	bool is_env;
	int stage;                   /* -1 global ARG */
	size_t instr;                /* defining instruction index */
} cs_build_var;

typedef struct cs_build_opts {
	const char *target;          /* --target, or NULL */
	const char *const *build_args;   /* "K=V" strings */
	size_t nbuild_args;
} cs_build_opts;

typedef struct cs_build {
	const cs_dockerfile *df;
	cs_stage *stages;
	size_t nstages;
	int final;                   /* index of the final stage, -1 if none */
	cs_run_script *scripts;      /* every RUN's scripts, in order */
	size_t nscripts;
	cs_build_var *vars;
	size_t nvars;
	const cs_build_opts *opts;
	cs_df_diag *errors;          /* e.g. --target names no stage, COPY --from
	                                a later stage; parse errors stay in df */
	size_t nerrors;
	const void *index;           /* build.c's lookup tables (variables by
	                                name, SHELL per instruction); private */
} cs_build;

bool cs_build_init(cs_build *b, const cs_dockerfile *df,
		   const cs_build_opts *opts, cs_arena *a, cs_error *err);

/* The stage index of `ref` ("builder" or "0") as of instruction `before`
 * (only earlier stages count), or -1. */
int cs_build_stage_ref(const cs_build *b, const char *ref, size_t before);

/* The stage an instruction belongs to, or NULL for global ARGs. */
const cs_stage *cs_build_stage_of(const cs_build *b, const cs_df_instr *in);

/* Is `stage` the final stage or one it is built FROM (directly or through
 * other stages)?  False for -1 (global ARGs) and when there is no final
 * stage. */
bool cs_build_in_final_chain(const cs_build *b, int stage);

/* Expand $V ${V} ${V:-x} ${V-x} ${V:+x} ${V+x} in `text` with the variables
 * visible at instruction `in` (escape char honoured).  Unset variables expand
 * to "" and set *unresolved (if given).  Result in the arena. */
const char *cs_build_expand(const cs_build *b, const cs_df_instr *in,
			    const char *text, cs_arena *a, bool *unresolved);

/* Value of variable `name` visible at `in`, or NULL. */
const char *cs_build_var_at(const cs_build *b, const cs_df_instr *in,
			    const char *name);

/* Source position of byte `off` of a script's text. */
cs_mark cs_run_script_mark(const cs_run_script *s, size_t off);

/* The effective SHELL at instruction `in` (default ["/bin/sh","-c"]). */
const cs_df_instr *cs_build_shell_at(const cs_build *b, const cs_df_instr *in);

#endif

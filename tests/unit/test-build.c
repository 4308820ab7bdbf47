/*
 * test-build.c - the build model: stages, targets, reachability, variable
 * scoping and expansion, RUN script extraction and script positions.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "model/build.h"

static cs_arena arena;
static cs_dockerfile df;
static cs_build b;
static cs_error err;

static int setup(void **state)
{
	cs_arena_init(&arena, 0);
	return 0;
}

static int teardown(void **state)
{
	cs_arena_free(&arena);
	return 0;
}

static void build_opts(const char *src, const char *target,
		       const char *const *args, size_t nargs)
{
	static cs_build_opts opts;
	memset(&err, 0, sizeof(err));
	assert_true(cs_df_parse(src, strlen(src), &arena, &df, &err));
	opts = (cs_build_opts){target, args, nargs};
	assert_true(cs_build_init(&b, &df, &opts, &arena, &err));
}

static void build(const char *src)
{
	memset(&err, 0, sizeof(err));
	assert_true(cs_df_parse(src, strlen(src), &arena, &df, &err));
	assert_true(cs_build_init(&b, &df, NULL, &arena, &err));
}

#define assert_mark(m, l, c)                                                   \
	do {                                                                   \
		assert_int_equal((m).line, (l));                               \
		assert_int_equal((m).col, (c));                                \
	} while (0)

/* Expand `text` as seen at instruction i. */
static const char *ex(size_t i, const char *text, bool *unres)
{
	assert_true(i < df.ninstrs);
	const char *r = cs_build_expand(&b, &df.instrs[i], text, &arena, unres);
	assert_non_null(r);
	return r;
}

static const char *argv_of(const cs_sh_cmd *c)
{
	static char buf[1024];
	size_t n = 0;
	buf[0] = '\0';
	for (size_t k = 0; k < c->argc; k++)
		n += (size_t)snprintf(buf + n, sizeof(buf) - n, "%s%s",
				      k ? "|" : "", c->argv[k].text);
	return buf;
}

/* ---- stages ------------------------------------------------------------- */

static void test_stages(void **s)
{
	build("ARG X=1\n"
	      "FROM golang:1.22 AS Builder\n"
	      "RUN go build\n"
	      "FROM builder AS test\n"
	      "RUN go test\n"
	      "FROM scratch\n"
	      "COPY --from=builder /app /app\n");
	assert_int_equal(b.nstages, 3);
	assert_int_equal(b.final, 2);
	assert_int_equal(b.nerrors, 0);
	const cs_stage *st = &b.stages[0];
	assert_int_equal(st->index, 0);
	assert_string_equal(st->name, "builder");
	assert_string_equal(st->image, "golang:1.22");
	assert_int_equal(st->base_stage, -1);
	assert_int_equal(st->first, 1);
	assert_int_equal(st->last, 2);
	assert_ptr_equal(st->from, &df.instrs[1]);
	assert_true(st->reachable);
	assert_false(st->is_final);
	st = &b.stages[1];
	assert_string_equal(st->name, "test");
	assert_null(st->image);
	assert_int_equal(st->base_stage, 0);
	assert_int_equal(st->first, 3);
	assert_int_equal(st->last, 4);
	assert_false(st->reachable);
	st = &b.stages[2];
	assert_null(st->name);
	assert_string_equal(st->image, "scratch");
	assert_false(st->image_unresolved);
	assert_true(st->is_final);
	assert_true(st->reachable);
	assert_int_equal(st->first, 5);
	assert_int_equal(st->last, 6);
	assert_null(cs_build_stage_of(&b, &df.instrs[0]));
	assert_ptr_equal(cs_build_stage_of(&b, &df.instrs[4]), &b.stages[1]);
}

static void test_stage_refs(void **s)
{
	build("FROM a AS one\nFROM b AS Two\nRUN x\nFROM c\n");
	assert_int_equal(cs_build_stage_ref(&b, "one", 3), 0);
	assert_int_equal(cs_build_stage_ref(&b, "TWO", 3), 1);
	assert_int_equal(cs_build_stage_ref(&b, "two", 1), -1);
	assert_int_equal(cs_build_stage_ref(&b, "0", 1), 0);
	assert_int_equal(cs_build_stage_ref(&b, "1", 1), -1);
	assert_int_equal(cs_build_stage_ref(&b, "2", 4), 2);
	assert_int_equal(cs_build_stage_ref(&b, "3", 4), -1);
	assert_int_equal(cs_build_stage_ref(&b, "alpine", 4), -1);
	assert_int_equal(cs_build_stage_ref(&b, "", 4), -1);
	assert_int_equal(cs_build_stage_ref(&b, "99999999999", 4), -1);
}

static void test_target(void **s)
{
	const char *src = "FROM a AS base\nFROM base AS dev\nFROM b AS prod\n";
	build_opts(src, "DEV", NULL, 0);
	assert_int_equal(b.final, 1);
	assert_true(b.stages[1].is_final);
	assert_false(b.stages[2].is_final);
	assert_true(b.stages[0].reachable);
	assert_true(b.stages[1].reachable);
	assert_false(b.stages[2].reachable);
	assert_int_equal(b.nerrors, 0);

	build_opts(src, "nope", NULL, 0);
	assert_int_equal(b.final, 2);
	assert_int_equal(b.nerrors, 1);
	assert_string_equal(b.errors[0].message,
			    "target stage \"nope\" could not be found");
	assert_mark(b.errors[0].mark, 0, 0);

	build("ARG A\n");
	assert_int_equal(b.final, -1);
	assert_int_equal(b.nstages, 0);
}

static void test_reachability(void **s)
{
	build("FROM a AS deps\n"
	      "FROM b AS tools\n"
	      "FROM c AS unused\n"
	      "FROM d AS cache\n"
	      "FROM e\n"
	      "COPY --from=1 /t /t\n"
	      "RUN --mount=type=cache,target=/x "
	      "--mount=type=bind,from=cache,source=/c,target=/c make\n"
	      "COPY --from=deps /d /d\n"
	      "COPY --from=nginx:1.25 /etc/nginx /etc/nginx\n");
	assert_int_equal(b.nerrors, 0);
	assert_true(b.stages[0].reachable);
	assert_true(b.stages[1].reachable);
	assert_false(b.stages[2].reachable);
	assert_true(b.stages[3].reachable);
	assert_true(b.stages[4].reachable);
}

static void test_stage_errors(void **s)
{
	build("LABEL x=1\n"
	      "FROM a AS 1st\n"
	      "FROM b AS dup\n"
	      "COPY --from=later /x /x\n"
	      "COPY --from=dup /y /y\n"
	      "COPY --from=4 /z /z\n"
	      "FROM c AS DUP\n"
	      "FROM d AS later\n");
	/* Duplicate names and references to the own or a later stage are
	 * DF-STAGE-REF's findings, not model errors. */
	assert_int_equal(b.nerrors, 2);
	assert_string_equal(
		b.errors[0].message,
		"invalid stage name \"1st\": it must start with a "
		"letter and hold only letters, digits, '-', '_' and "
		"'.'");
	assert_mark(b.errors[0].mark, 2, 11);
	assert_string_equal(b.errors[1].message,
			    "LABEL before the first FROM: only ARG can come "
			    "before FROM");
	assert_mark(b.errors[1].mark, 1, 1);
	/* no edge for --from=later or --from=dup (its own stage): only the
	 * final stage is reachable */
	assert_true(b.stages[3].is_final);
	for (size_t i = 0; i < 3; i++)
		assert_false(b.stages[i].reachable);
	/* --from=4: no such stage, so an image named "4" */
}

/* ---- variables ---------------------------------------------------------- */

static void test_default_forms(void **s)
{
	build("FROM a\nENV SET=v EMPTY=\nRUN x\n");
	bool u;
	assert_string_equal(ex(2, "${SET:-x}", &u), "v");
	assert_false(u);
	assert_string_equal(ex(2, "${EMPTY:-x}", &u), "x");
	assert_false(u);
	assert_string_equal(ex(2, "${UNSET:-x}", &u), "x");
	assert_false(u);
	assert_string_equal(ex(2, "${SET-x}", &u), "v");
	assert_string_equal(ex(2, "${EMPTY-x}", &u), "");
	assert_false(u);
	assert_string_equal(ex(2, "${UNSET-x}", &u), "x");
	assert_string_equal(ex(2, "${SET:+x}", &u), "x");
	assert_string_equal(ex(2, "${EMPTY:+x}", &u), "");
	assert_string_equal(ex(2, "${UNSET:+x}", &u), "");
	assert_false(u);
	assert_string_equal(ex(2, "${SET+x}", &u), "x");
	assert_string_equal(ex(2, "${EMPTY+x}", &u), "x");
	assert_string_equal(ex(2, "${UNSET+x}", &u), "");
	assert_false(u);
	assert_string_equal(ex(2, "a${UNSET:-${SET}b}c", &u), "avbc");
	assert_string_equal(ex(2, "$UNSET/${UNSET}", &u), "/");
	assert_true(u);
	assert_string_equal(ex(2, "${UNSET:?need it}", &u), "");
	assert_true(u);
	assert_string_equal(ex(2, "${SET%.txt}", &u), "v");
	assert_true(u);
}

static void test_expand_quotes_and_escapes(void **s)
{
	build("FROM a\nENV V=val\nRUN x\n");
	bool u;
	assert_string_equal(ex(2, "\\$V $V", &u), "$V val");
	assert_string_equal(ex(2, "'$V' \"$V\" \\\"$V", &u),
			    "'$V' \"val\" \\\"val");
	assert_string_equal(ex(2, "$ $1 ${ a\\b", &u), "$ $1 ${ a\\b");
	assert_true(u);
	assert_string_equal(ex(2, "${V", &u), "${V");
	assert_true(u);
	assert_string_equal(ex(2, "no vars", &u), "no vars");
	assert_false(u);

	build("# escape=`\nFROM a\nENV V=val\nRUN x\n");
	assert_string_equal(ex(2, "`$V \\$V C:\\dir", &u), "$V \\val C:\\dir");
}

static void test_global_arg_scope(void **s)
{
	build("ARG VERSION=1.0\nARG NODEF\n"
	      "FROM app:${VERSION}\n"
	      "RUN echo $VERSION\n"
	      "ARG VERSION\n"
	      "RUN echo $VERSION\n"
	      "FROM other\n"
	      "RUN echo $VERSION\n");
	bool u;
	assert_string_equal(b.stages[0].image, "app:1.0");
	assert_false(b.stages[0].image_unresolved);
	assert_string_equal(ex(3, "v=$VERSION", &u), "v=");
	assert_true(u);
	assert_null(cs_build_var_at(&b, &df.instrs[3], "VERSION"));
	assert_string_equal(ex(5, "v=$VERSION", &u), "v=1.0");
	assert_false(u);
	assert_string_equal(cs_build_var_at(&b, &df.instrs[5], "VERSION"),
			    "1.0");
	assert_null(cs_build_var_at(&b, &df.instrs[7], "VERSION"));
	assert_null(cs_build_var_at(&b, &df.instrs[5], "NODEF"));
	/* the global scope itself */
	assert_string_equal(cs_build_var_at(&b, &df.instrs[1], "VERSION"),
			    "1.0");
	assert_null(cs_build_var_at(&b, &df.instrs[0], "VERSION"));
}

static void test_build_arg_override(void **s)
{
	const char *args[] = {"TAG=3.20", "FLAVOR=slim", "IGNORED",
			      "UNDECLARED=x"};
	build_opts("ARG TAG=3.19\nARG FLAVOR\n"
		   "FROM alpine:${TAG}-${FLAVOR:-full}\n"
		   "ARG TAG\nARG FLAVOR=big\nARG OWN=own\n"
		   "RUN echo\n",
		   NULL, args, 4);
	assert_string_equal(b.stages[0].image, "alpine:3.20-slim");
	const cs_df_instr *run = &df.instrs[6];
	assert_string_equal(cs_build_var_at(&b, run, "TAG"), "3.20");
	assert_string_equal(cs_build_var_at(&b, run, "FLAVOR"), "slim");
	assert_string_equal(cs_build_var_at(&b, run, "OWN"), "own");
	assert_null(cs_build_var_at(&b, run, "UNDECLARED"));
	/* declared values stay as written */
	assert_int_equal(b.nvars, 5);
	assert_string_equal(b.vars[3].name, "FLAVOR");
	assert_string_equal(b.vars[3].value, "big");
	assert_int_equal(b.vars[3].stage, 0);
	assert_int_equal(b.vars[3].instr, 4);
	assert_false(b.vars[3].is_env);
	assert_null(b.vars[1].value);
	assert_int_equal(b.vars[1].stage, -1);
}

static void test_from_unresolved(void **s)
{
	build("ARG REG\nFROM ${REG}/app:1\nFROM $TARGETPLATFORM-x\n"
	      "FROM ${REG:-docker.io}/lib/b AS x\n");
	assert_string_equal(b.stages[0].image, "/app:1");
	assert_true(b.stages[0].image_unresolved);
	assert_true(b.stages[1].image_unresolved);
	assert_string_equal(b.stages[2].image, "docker.io/lib/b");
	assert_false(b.stages[2].image_unresolved);
}

static void test_env_inheritance(void **s)
{
	build("FROM a AS base\n"
	      "ENV PATH=/opt/bin HOME=/root\n"
	      "ARG STAGEARG=s\n"
	      "ARG PATH=argpath\n"
	      "FROM base AS child\n"
	      "RUN echo\n"
	      "FROM a AS unrelated\n"
	      "RUN echo\n");
	const cs_df_instr *child = &df.instrs[5];
	assert_string_equal(cs_build_var_at(&b, child, "HOME"), "/root");
	assert_string_equal(cs_build_var_at(&b, child, "STAGEARG"), "s");
	/* ENV wins over an ARG of the same name, whatever the order */
	assert_string_equal(cs_build_var_at(&b, child, "PATH"), "/opt/bin");
	assert_string_equal(cs_build_var_at(&b, &df.instrs[3], "PATH"),
			    "/opt/bin");
	assert_null(cs_build_var_at(&b, &df.instrs[7], "HOME"));
	/* not visible on its own line */
	assert_null(cs_build_var_at(&b, &df.instrs[1], "HOME"));
}

static void test_env_same_instruction(void **s)
{
	build("FROM a\nENV abc=hello\nENV abc=bye def=$abc\nENV ghi=$abc\n"
	      "RUN x\n");
	const cs_df_instr *run = &df.instrs[4];
	assert_string_equal(cs_build_var_at(&b, run, "def"), "hello");
	assert_string_equal(cs_build_var_at(&b, run, "ghi"), "bye");
	assert_string_equal(cs_build_var_at(&b, run, "abc"), "bye");
}

static void test_values_taken_literally(void **s)
{
	build("FROM a\nENV B=bee\nENV A='$B' C=\"$B\" D=\\$B E=${B}s\n"
	      "ENV F=$A\nRUN x\n");
	const cs_df_instr *run = &df.instrs[4];
	assert_string_equal(cs_build_var_at(&b, run, "A"), "$B");
	assert_string_equal(cs_build_var_at(&b, run, "C"), "bee");
	assert_string_equal(cs_build_var_at(&b, run, "D"), "$B");
	assert_string_equal(cs_build_var_at(&b, run, "E"), "bees");
	/* $A holds "$B" literally: no second round of expansion */
	assert_string_equal(cs_build_var_at(&b, run, "F"), "$B");
	bool u;
	assert_string_equal(ex(4, "$A", &u), "$B");
	assert_false(u);
	assert_string_equal(b.vars[1].value, "$B");
}

static void test_legacy_env_value(void **s)
{
	build("FROM a\nENV P /x\nENV Q $P/bin \"quoted\"\nRUN x\n");
	assert_string_equal(cs_build_var_at(&b, &df.instrs[3], "Q"),
			    "/x/bin quoted");
}

static void test_expansion_is_bounded(void **s)
{
	char src[4096];
	size_t n = (size_t)sprintf(src, "FROM a\nENV A=xxxxxxxxxxxxxxxx\n");
	for (int i = 0; i < 40; i++)
		n += (size_t)sprintf(src + n, "ENV A=$A$A\n");
	sprintf(src + n, "RUN x\n");
	clock_t t0 = clock();
	build(src);
	assert_true((double)(clock() - t0) / CLOCKS_PER_SEC < 2.0);
	const char *a = cs_build_var_at(&b, &df.instrs[df.ninstrs - 1], "A");
	assert_non_null(a);
	assert_true(strlen(a) <= CS_DF_MAX_LINE);
	assert_true(b.nerrors >= 1);
	assert_string_equal(b.errors[0].message,
			    "variable values exceed 16777216 bytes after "
			    "expansion; later values are used as written");
}

static void test_many_envs_are_fast(void **s)
{
	size_t n = 50000;
	char *src = malloc(n * 16 + 64);
	assert_non_null(src);
	size_t len = (size_t)sprintf(src, "FROM a\n");
	for (size_t i = 0; i < n; i++)
		len += (size_t)sprintf(src + len, "ENV V=$V.$W\n");
	clock_t t0 = clock();
	build(src);
	for (size_t i = 0; i < df.ninstrs; i++)
		cs_build_expand(&b, &df.instrs[i], "$V$X", &arena, NULL);
	assert_true((double)(clock() - t0) / CLOCKS_PER_SEC < 2.0);
	const char *v = cs_build_var_at(&b, &df.instrs[3], "V");
	assert_string_equal(v, "..");
	free(src);
}

/* ---- SHELL -------------------------------------------------------------- */

static void test_shell_at(void **s)
{
	build("FROM a AS base\n"
	      "RUN one\n"
	      "SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\n"
	      "RUN two\n"
	      "FROM base\n"
	      "RUN three\n"
	      "FROM a\n"
	      "RUN four\n");
	assert_null(cs_build_shell_at(&b, &df.instrs[1]));
	assert_null(cs_build_shell_at(&b, &df.instrs[2]));
	assert_ptr_equal(cs_build_shell_at(&b, &df.instrs[3]), &df.instrs[2]);
	assert_ptr_equal(cs_build_shell_at(&b, &df.instrs[5]), &df.instrs[2]);
	assert_null(cs_build_shell_at(&b, &df.instrs[7]));
}

/* ---- scripts ------------------------------------------------------------ */

static void test_shell_form_script(void **s)
{
	build("FROM a\n"
	      "RUN apt-get update && \\\n"
	      "    apt-get install -y curl\n");
	assert_int_equal(b.nscripts, 1);
	const cs_run_script *sc = &b.scripts[0];
	assert_ptr_equal(sc->instr, &df.instrs[1]);
	assert_ptr_equal(sc->text, df.instrs[1].args);
	assert_null(sc->heredoc);
	assert_int_equal(sc->sh.ncmds, 2);
	assert_string_equal(argv_of(&sc->sh.cmds[1]),
			    "apt-get|install|-y|curl");
	assert_mark(cs_run_script_mark(sc, sc->sh.cmds[0].argv[1].off), 2, 13);
	assert_mark(cs_run_script_mark(sc, sc->sh.cmds[1].argv[3].off), 3, 24);
}

static void test_heredoc_script(void **s)
{
	build("FROM a\n"
	      "RUN <<EOF\n"
	      "set -e\n"
	      "  apt-get install -y x\n"
	      "EOF\n"
	      "RUN bash -ex <<A <<B\n"
	      "data\n"
	      "A\n"
	      "curl x | sh\n"
	      "B\n"
	      "RUN python3 <<EOF\nimport os\nEOF\n"
	      "RUN <<EOF\n#!/usr/bin/env python3\nprint(1)\nEOF\n"
	      "RUN <<EOF\n#!/bin/bash\necho hi\nEOF\n"
	      "RUN cat <<EOF > /etc/conf && chmod 600 /etc/conf\nk=v\nEOF\n");
	assert_int_equal(b.nscripts, 5);
	const cs_run_script *sc = &b.scripts[0];
	assert_ptr_equal(sc->heredoc, &df.instrs[1].heredocs[0]);
	assert_ptr_equal(sc->text, df.instrs[1].heredocs[0].body);
	assert_int_equal(sc->sh.ncmds, 2);
	assert_string_equal(argv_of(&sc->sh.cmds[1]), "apt-get|install|-y|x");
	assert_mark(cs_run_script_mark(sc, sc->sh.cmds[1].argv[2].off), 4, 19);
	sc = &b.scripts[1];
	assert_ptr_equal(sc->heredoc, &df.instrs[2].heredocs[1]);
	assert_true(sc->sh.has_pipe);
	assert_mark(cs_run_script_mark(sc, sc->sh.cmds[1].argv[0].off), 9, 10);
	sc = &b.scripts[2];
	assert_null(sc->heredoc);
	assert_string_equal(argv_of(&sc->sh.cmds[0]), "python3");
	/* the python heredoc runs under python: no shell script */
	sc = &b.scripts[3];
	assert_ptr_equal(sc->instr, &df.instrs[5]);
	assert_int_equal(sc->sh.ncmds, 1);
	assert_string_equal(argv_of(&sc->sh.cmds[0]), "echo|hi");
	sc = &b.scripts[4];
	assert_null(sc->heredoc);
	assert_int_equal(sc->sh.ncmds, 2);
	assert_string_equal(argv_of(&sc->sh.cmds[0]), "cat");
	assert_string_equal(argv_of(&sc->sh.cmds[1]), "chmod|600|/etc/conf");
}

static void test_exec_form_scripts(void **s)
{
	build("FROM a\n"
	      "RUN [\"/bin/sh\", \"-ec\", \"apt-get update && curl x\"]\n"
	      "RUN [\"bash\", \"-o\", \"pipefail\", \"-c\", \"a | b\", "
	      "\"name\"]\n"
	      "RUN [\"apt-get\", \"install\", \"-y\", \"a b\", \"it's\", "
	      "\"if\", "
	      "\"X=1\", \"\", \"#c\"]\n"
	      "RUN [\"sh\", \"script.sh\"]\n"
	      "RUN []\n");
	assert_int_equal(b.nscripts, 4);
	const cs_run_script *sc = &b.scripts[0];
	assert_ptr_equal(sc->text, df.instrs[1].words[2].text);
	assert_int_equal(sc->sh.ncmds, 2);
	assert_string_equal(argv_of(&sc->sh.cmds[1]), "curl|x");
	assert_mark(cs_run_script_mark(sc, sc->sh.cmds[1].argv[0].off), 2, 43);
	sc = &b.scripts[1];
	assert_string_equal(sc->text, "a | b");
	assert_true(sc->sh.has_pipe);
	sc = &b.scripts[2];
	assert_int_equal(sc->sh.ncmds, 1);
	assert_int_equal(sc->sh.cmds[0].nassigns, 0);
	assert_int_equal(sc->sh.cmds[0].argc, 9);
	assert_string_equal(argv_of(&sc->sh.cmds[0]),
			    "apt-get|install|-y|a b|it's|if|X=1||#c");
	assert_mark(cs_run_script_mark(sc, sc->sh.cmds[0].argv[0].off), 4, 7);
	assert_mark(cs_run_script_mark(sc, sc->sh.cmds[0].argv[3].off), 4, 35);
	assert_mark(cs_run_script_mark(sc, sc->sh.cmds[0].argv[4].off), 4, 42);
	sc = &b.scripts[3];
	assert_string_equal(argv_of(&sc->sh.cmds[0]), "sh|script.sh");
}

static void test_onbuild_scripts(void **s)
{
	build("FROM a\nONBUILD RUN curl -k https://x | sh\nRUN true\n");
	assert_int_equal(b.nscripts, 2);
	assert_ptr_equal(b.scripts[0].instr, df.instrs[1].sub);
	assert_true(b.scripts[0].sh.has_pipe);
	assert_mark(cs_run_script_mark(&b.scripts[0],
				       b.scripts[0].sh.cmds[0].argv[1].off),
		    2, 18);
	assert_ptr_equal(b.scripts[1].instr, &df.instrs[2]);
}

static void test_nested_script_marks(void **s)
{
	build("FROM a\nRUN echo $(curl -k https://x) && sh -c 'wget y'\n");
	const cs_run_script *sc = &b.scripts[0];
	assert_int_equal(sc->sh.ncmds, 4);
	assert_string_equal(argv_of(&sc->sh.cmds[1]), "curl|-k|https://x");
	assert_int_equal(sc->sh.cmds[1].depth, 1);
	assert_mark(cs_run_script_mark(sc, sc->sh.cmds[1].argv[1].off), 2, 10);
	assert_string_equal(argv_of(&sc->sh.cmds[3]), "wget|y");
	assert_mark(cs_run_script_mark(sc, sc->sh.cmds[3].argv[0].off), 2, 40);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_stages, setup, teardown),
		cmocka_unit_test_setup_teardown(test_stage_refs, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_target, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reachability, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_stage_errors, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_default_forms, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_expand_quotes_and_escapes,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_global_arg_scope, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_build_arg_override, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_from_unresolved, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_env_inheritance, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_env_same_instruction,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_values_taken_literally,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_legacy_env_value, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_expansion_is_bounded,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_many_envs_are_fast, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_shell_at, setup, teardown),
		cmocka_unit_test_setup_teardown(test_shell_form_script, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_heredoc_script, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_exec_form_scripts, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_onbuild_scripts, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_nested_script_marks, setup,
						teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * test-dockerfile.c - the Dockerfile parser: every syntax item with exact
 * positions, the BuildKit corner cases, the limits and hostile input.
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

#include "parse/dockerfile.h"

static cs_arena arena;
static cs_dockerfile df;
static cs_error err;

static int setup(void **state)
{
	cs_arena_init(&arena, 0);
	memset(&err, 0, sizeof(err));
	return 0;
}

static int teardown(void **state)
{
	cs_arena_free(&arena);
	return 0;
}

static void parse_n(const char *src, size_t n)
{
	memset(&err, 0, sizeof(err));
	assert_true(cs_df_parse(src, n, &arena, &df, &err));
}

static void parse(const char *src)
{
	parse_n(src, strlen(src));
}

#define assert_mark(m, l, c)                                                   \
	do {                                                                   \
		assert_int_equal((m).line, (l));                               \
		assert_int_equal((m).col, (c));                                \
	} while (0)

static void assert_word(const cs_df_instr *in, size_t i, const char *text,
			uint32_t line, uint32_t col)
{
	assert_true(i < in->nwords);
	assert_string_equal(in->words[i].text, text);
	assert_mark(in->words[i].mark, line, col);
}

static void assert_error(size_t i, cs_errcode code, uint32_t line, uint32_t col,
			 const char *msg)
{
	assert_true(i < df.nerrors);
	assert_int_equal(df.errors[i].code, code);
	assert_mark(df.errors[i].mark, line, col);
	assert_string_equal(df.errors[i].message, msg);
}

/* ---- instructions and positions ----------------------------------------- */

static void test_basic_instructions(void **s)
{
	parse("FROM alpine:3.19\n"
	      "  RUN   apk add curl   \n"
	      "USER 1000\n");
	assert_int_equal(df.ninstrs, 3);
	assert_int_equal(df.nerrors, 0);
	assert_int_equal(df.nlines, 3);
	const cs_df_instr *from = &df.instrs[0];
	assert_int_equal(from->kind, CS_DF_FROM);
	assert_string_equal(from->keyword, "FROM");
	assert_mark(from->start, 1, 1);
	assert_mark(from->end, 1, 16);
	assert_string_equal(from->args, "alpine:3.19");
	assert_int_equal(from->args_len, 11);
	assert_word(from, 0, "alpine:3.19", 1, 6);
	assert_int_equal(from->stage, 0);
	assert_int_equal(from->index, 0);
	const cs_df_instr *run = &df.instrs[1];
	assert_int_equal(run->kind, CS_DF_RUN);
	assert_mark(run->start, 2, 3);
	assert_mark(run->end, 2, 20);
	assert_string_equal(run->args, "apk add curl");
	assert_int_equal(run->nwords, 3);
	assert_word(run, 2, "curl", 2, 17);
	assert_false(run->json_form);
	assert_int_equal(run->nsegs, 1);
	assert_mark(cs_df_args_mark(run, 4), 2, 13);
	assert_int_equal(df.instrs[2].index, 2);
	assert_int_equal(df.instrs[2].stage, 0);
}

static void test_keywords_case_insensitive(void **s)
{
	parse("from alpine\nRun echo\nCoPy a b\nhealthcheck NONE\n");
	assert_int_equal(df.nerrors, 0);
	assert_int_equal(df.instrs[0].kind, CS_DF_FROM);
	assert_string_equal(df.instrs[0].keyword, "from");
	assert_int_equal(df.instrs[1].kind, CS_DF_RUN);
	assert_string_equal(df.instrs[1].keyword, "Run");
	assert_int_equal(df.instrs[2].kind, CS_DF_COPY);
	assert_int_equal(df.instrs[3].kind, CS_DF_HEALTHCHECK);
	assert_string_equal(cs_df_kind_name(CS_DF_HEALTHCHECK), "HEALTHCHECK");
	assert_string_equal(cs_df_kind_name(CS_DF_UNKNOWN), "UNKNOWN");
	assert_string_equal(cs_df_kind_name((cs_df_kind)99), "UNKNOWN");
}

static void test_unknown_instruction(void **s)
{
	parse("FROM alpine\n  RUNN echo hi\nUSER 1000\n");
	assert_int_equal(df.ninstrs, 3);
	assert_int_equal(df.instrs[1].kind, CS_DF_UNKNOWN);
	assert_string_equal(df.instrs[1].keyword, "RUNN");
	assert_string_equal(df.instrs[1].args, "echo hi");
	assert_int_equal(df.nerrors, 1);
	assert_error(0, CS_ERR_PARSE, 2, 3, "unknown instruction: RUNN");
	assert_int_equal(df.instrs[2].kind, CS_DF_USER);
}

static void test_stage_numbers(void **s)
{
	parse("ARG A=1\nARG B\nFROM a AS one\nRUN x\nFROM b\nRUN y\n"
	      "ONBUILD FROM c\nFROM c\n");
	assert_int_equal(df.instrs[0].stage, -1);
	assert_int_equal(df.instrs[1].stage, -1);
	assert_int_equal(df.instrs[2].stage, 0);
	assert_int_equal(df.instrs[3].stage, 0);
	assert_int_equal(df.instrs[4].stage, 1);
	assert_int_equal(df.instrs[5].stage, 1);
	assert_int_equal(df.instrs[6].stage, 1);
	assert_int_equal(df.instrs[6].sub->stage, 1);
	assert_int_equal(df.instrs[7].stage, 2);
}

static void test_shell_form_words(void **s)
{
	parse("COPY \"a b\" 'c d' e\\ f \"x\\\"y\" $HOME /dst/\n");
	const cs_df_instr *in = &df.instrs[0];
	assert_int_equal(in->nwords, 6);
	assert_word(in, 0, "a b", 1, 6);
	assert_word(in, 1, "c d", 1, 12);
	assert_word(in, 2, "e f", 1, 18);
	assert_word(in, 3, "x\"y", 1, 23);
	assert_word(in, 4, "$HOME", 1, 30);
	assert_word(in, 5, "/dst/", 1, 36);
	assert_int_equal(df.nerrors, 0);
}

static void test_unterminated_quote(void **s)
{
	parse("USER \"a b\nRUN echo \"oops\n");
	assert_int_equal(df.nerrors, 1);
	assert_error(0, CS_ERR_PARSE, 1, 6,
		     "unterminated double-quoted string");
	assert_string_equal(df.instrs[0].words[0].text, "a b");
	/* RUN text goes to the shell, which complains itself */
	assert_int_equal(df.instrs[1].nwords, 2);
}

/* ---- directives --------------------------------------------------------- */

static void test_directives(void **s)
{
	parse("# syntax=docker/dockerfile:1.7\n"
	      "  #  ESCAPE = `  \n"
	      "# Check=skip=all\n"
	      "FROM alpine\n"
	      "RUN echo a `\n"
	      "  b\n");
	assert_int_equal(df.ndirectives, 3);
	assert_string_equal(df.directives[0].key, "syntax");
	assert_string_equal(df.directives[0].value, "docker/dockerfile:1.7");
	assert_mark(df.directives[0].mark, 1, 1);
	assert_string_equal(df.directives[1].key, "escape");
	assert_string_equal(df.directives[1].value, "`");
	assert_mark(df.directives[1].mark, 2, 3);
	assert_string_equal(df.directives[2].key, "check");
	assert_string_equal(df.directives[2].value, "skip=all");
	assert_int_equal(df.escape, '`');
	assert_int_equal(df.ncomments, 0);
	assert_string_equal(df.instrs[1].args, "echo a   b");
	assert_int_equal(df.nerrors, 0);
}

static void test_directive_only_at_top(void **s)
{
	parse("# a comment\n# escape=`\nFROM a\nRUN x `\n");
	assert_int_equal(df.ndirectives, 0);
	assert_int_equal(df.escape, '\\');
	assert_int_equal(df.ncomments, 2);
	assert_string_equal(df.comments[1].text, "escape=`");
	assert_string_equal(df.instrs[1].args, "x `");

	parse("\n# escape=`\nFROM a\n");
	assert_int_equal(df.ndirectives, 0);
	assert_int_equal(df.escape, '\\');

	parse("FROM a\n# syntax=x\n");
	assert_int_equal(df.ndirectives, 0);
	assert_int_equal(df.ncomments, 1);

	/* an unknown key ends the directives too */
	parse("# foo=bar\n# escape=`\nFROM a\n");
	assert_int_equal(df.ndirectives, 0);
	assert_int_equal(df.ncomments, 2);
}

static void test_directive_errors(void **s)
{
	parse("# escape=x\n# syntax=a\n# syntax=b\nFROM a\n");
	assert_int_equal(df.escape, '\\');
	assert_int_equal(df.ndirectives, 2);
	assert_string_equal(df.directives[1].value, "a");
	assert_int_equal(df.nerrors, 2);
	assert_error(0, CS_ERR_PARSE, 1, 10,
		     "invalid escape token 'x': it must be \\ or `");
	assert_error(1, CS_ERR_PARSE, 3, 1,
		     "only one syntax parser directive can be used; this one "
		     "is ignored");
}

/* ---- continuations ------------------------------------------------------ */

static void test_continuation_positions(void **s)
{
	parse("RUN apt-get update && \\\n"
	      "    # a comment inside\n"
	      "\n"
	      "    apt-get install -y \\   \n"
	      "\tcurl\n");
	assert_int_equal(df.ninstrs, 1);
	assert_int_equal(df.ncomments, 0);
	const cs_df_instr *in = &df.instrs[0];
	assert_string_equal(in->args,
			    "apt-get update &&     apt-get install -y \tcurl");
	assert_int_equal(in->nsegs, 3);
	assert_int_equal(in->segs[1].off, 18);
	assert_mark(in->segs[1].mark, 4, 1);
	assert_int_equal(in->segs[2].off, 41);
	assert_mark(in->segs[2].mark, 5, 1);
	assert_mark(cs_df_args_mark(in, 0), 1, 5);
	assert_mark(cs_df_args_mark(in, 15), 1, 20);
	assert_mark(cs_df_args_mark(in, 22), 4, 5);
	assert_mark(cs_df_args_mark(in, 42), 5, 2);
	assert_mark(cs_df_args_mark(in, 9999), 5, 6);
	assert_word(in, 3, "apt-get", 4, 5);
	assert_word(in, 6, "curl", 5, 2);
	assert_mark(in->start, 1, 1);
	assert_mark(in->end, 5, 5);
}

static void test_continuation_at_eof(void **s)
{
	parse("FROM a\nRUN echo \\");
	assert_int_equal(df.ninstrs, 2);
	assert_string_equal(df.instrs[1].args, "echo");
	assert_mark(df.instrs[1].end, 2, 10);
	assert_int_equal(df.nlines, 2);
}

static void test_escaped_escape_continues(void **s)
{
	/* BuildKit's `\\[ \t]*$`: a doubled escape still continues */
	parse("RUN echo \\\\\nUSER x\n");
	assert_int_equal(df.ninstrs, 1);
	assert_string_equal(df.instrs[0].args, "echo \\USER x");
}

static void test_many_continuation_lines_are_fast(void **s)
{
	size_t n = 100000;
	size_t cap = 32 + n * 10;
	char *src = malloc(cap);
	assert_non_null(src);
	size_t len = (size_t)sprintf(src, "FROM a\nRUN true \\\n");
	for (size_t i = 0; i < n; i++) {
		memcpy(src + len, " && x \\\n", 8);
		len += 8;
	}
	len += (size_t)sprintf(src + len, " && y\nUSER 1\n");
	clock_t t0 = clock();
	parse_n(src, len);
	double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
	assert_true(secs < 1.0);
	assert_int_equal(df.ninstrs, 3);
	assert_int_equal(df.nerrors, 0);
	const cs_df_instr *in = &df.instrs[1];
	assert_int_equal(in->nsegs, n + 2);
	assert_int_equal(in->nwords, 1 + 2 * n + 2);
	assert_mark(in->words[in->nwords - 1].mark, (uint32_t)n + 3, 5);
	assert_mark(cs_df_args_mark(in, in->args_len - 1), (uint32_t)n + 3, 5);
	assert_int_equal(df.instrs[2].start.line, n + 4);
	free(src);
}

/* ---- comments ----------------------------------------------------------- */

static void test_comments(void **s)
{
	parse("# top\nFROM a\n  #   hadolint ignore=DL3008  \nRUN x\n# end\n");
	assert_int_equal(df.ncomments, 3);
	assert_string_equal(df.comments[0].text, "top");
	assert_mark(df.comments[0].mark, 1, 1);
	assert_int_equal(df.comments[0].next_instr, 0);
	assert_string_equal(df.comments[1].text, "hadolint ignore=DL3008");
	assert_mark(df.comments[1].mark, 3, 3);
	assert_int_equal(df.comments[1].next_instr, 1);
	assert_int_equal(df.comments[2].next_instr, 2);
	assert_int_equal(df.ninstrs, 2);
}

static void test_empty_and_comment_only(void **s)
{
	parse("");
	assert_int_equal(df.ninstrs, 0);
	assert_int_equal(df.nerrors, 0);
	assert_int_equal(df.nlines, 0);
	parse("# only a comment\n\n   \n");
	assert_int_equal(df.ninstrs, 0);
	assert_int_equal(df.nerrors, 0);
	assert_int_equal(df.ncomments, 1);
	assert_int_equal(df.nlines, 3);
}

/* ---- heredocs ----------------------------------------------------------- */

static void test_heredoc_run(void **s)
{
	parse("FROM a\nRUN <<EOF\nset -e\n  apt-get update\nEOF\nUSER 1\n");
	assert_int_equal(df.ninstrs, 3);
	const cs_df_instr *in = &df.instrs[1];
	assert_int_equal(in->nheredocs, 1);
	const cs_df_heredoc *h = &in->heredocs[0];
	assert_string_equal(h->delim, "EOF");
	assert_false(h->quoted);
	assert_false(h->strip_tabs);
	assert_string_equal(h->body, "set -e\n  apt-get update\n");
	assert_int_equal(h->body_len, 24);
	assert_mark(h->mark, 2, 5);
	assert_mark(h->body_mark, 3, 1);
	assert_int_equal(h->end_line, 5);
	assert_string_equal(in->args, "<<EOF");
	assert_mark(in->end, 5, 3);
	assert_int_equal(df.instrs[2].kind, CS_DF_USER);
	assert_int_equal(df.nerrors, 0);
}

static void test_heredoc_strip_tabs_and_quotes(void **s)
{
	parse("RUN <<-'EOT' bash\n\t\techo $HOME\n\tEOT\n"
	      "RUN cat <<\"A\"\na\nA\n"
	      "RUN cat <<E'N'D\nx\nEND\n");
	const cs_df_heredoc *h = &df.instrs[0].heredocs[0];
	assert_string_equal(h->delim, "EOT");
	assert_true(h->quoted);
	assert_true(h->strip_tabs);
	assert_string_equal(h->body, "echo $HOME\n");
	assert_int_equal(h->end_line, 3);
	assert_mark(df.instrs[0].end, 3, 4);
	h = &df.instrs[1].heredocs[0];
	assert_string_equal(h->delim, "A");
	assert_true(h->quoted);
	assert_mark(h->mark, 4, 9);
	h = &df.instrs[2].heredocs[0];
	assert_string_equal(h->delim, "END");
	assert_true(h->quoted);
	assert_string_equal(h->body, "x\n");
	assert_int_equal(df.ninstrs, 3);
}

static void test_heredoc_several(void **s)
{
	parse("RUN <<A cat - <<B > /out\nfirst\nA\nsecond\nB\n"
	      "COPY --chmod=644 <<a.txt <<b.txt "
	      "/dest/\nAA\na.txt\nBB\nb.txt\n");
	assert_int_equal(df.ninstrs, 2);
	const cs_df_instr *run = &df.instrs[0];
	assert_int_equal(run->nheredocs, 2);
	assert_string_equal(run->heredocs[0].delim, "A");
	assert_string_equal(run->heredocs[0].body, "first\n");
	assert_mark(run->heredocs[0].mark, 1, 5);
	assert_mark(run->heredocs[0].body_mark, 2, 1);
	assert_int_equal(run->heredocs[0].end_line, 3);
	assert_string_equal(run->heredocs[1].delim, "B");
	assert_string_equal(run->heredocs[1].body, "second\n");
	assert_mark(run->heredocs[1].mark, 1, 15);
	assert_mark(run->heredocs[1].body_mark, 4, 1);
	assert_int_equal(run->heredocs[1].end_line, 5);
	assert_mark(run->end, 5, 1);
	const cs_df_instr *cp = &df.instrs[1];
	assert_int_equal(cp->nflags, 1);
	assert_int_equal(cp->nheredocs, 2);
	assert_string_equal(cp->heredocs[0].delim, "a.txt");
	assert_string_equal(cp->heredocs[0].body, "AA\n");
	assert_string_equal(cp->heredocs[1].delim, "b.txt");
	assert_string_equal(cp->heredocs[1].body, "BB\n");
	assert_int_equal(cp->nwords, 3);
	assert_word(cp, 2, "/dest/", 6, 34);
	assert_mark(cp->end, 10, 5);
}

static void test_heredoc_only_in_run_copy_add(void **s)
{
	parse("CMD cat <<EOF\nUSER x\nRUN echo \"<<EOF\" '<<X' <<<here 3<<FD\n"
	      "body\nFD\n");
	assert_int_equal(df.instrs[0].nheredocs, 0);
	assert_int_equal(df.instrs[1].kind, CS_DF_USER);
	const cs_df_instr *run = &df.instrs[2];
	assert_int_equal(run->nheredocs, 1);
	assert_string_equal(run->heredocs[0].delim, "FD");
	assert_mark(run->heredocs[0].mark, 3, 33);
	assert_int_equal(df.ninstrs, 3);
}

static void test_heredoc_unterminated(void **s)
{
	parse("FROM a\nRUN <<EOF\necho hi\nUSER 1\n");
	assert_int_equal(df.ninstrs, 2);
	const cs_df_heredoc *h = &df.instrs[1].heredocs[0];
	assert_string_equal(h->body, "echo hi\nUSER 1\n");
	assert_int_equal(h->end_line, 4);
	assert_mark(df.instrs[1].end, 4, 6);
	assert_int_equal(df.nerrors, 1);
	assert_error(0, CS_ERR_PARSE, 2, 5,
		     "heredoc delimiter \"EOF\" was never found; the body runs "
		     "to the end of the file");
}

static void test_heredoc_after_continuation(void **s)
{
	parse("RUN --mount=type=cache,target=/c \\\n  <<EOF\nmake\nEOF\n");
	const cs_df_instr *in = &df.instrs[0];
	assert_int_equal(in->nheredocs, 1);
	assert_mark(in->heredocs[0].mark, 2, 3);
	assert_string_equal(in->heredocs[0].body, "make\n");
	assert_mark(in->heredocs[0].body_mark, 3, 1);
}

/* ---- exec form ---------------------------------------------------------- */

static void test_exec_form(void **s)
{
	parse("CMD [ \"nginx\", \"-g\",\"daemon off;\" ]\n"
	      "ENTRYPOINT [\"a\\u00e9\\n\\\"b\\ud83d\\ude00\"]\n"
	      "RUN []\n");
	const cs_df_instr *cmd = &df.instrs[0];
	assert_true(cmd->json_form);
	assert_int_equal(cmd->nwords, 3);
	assert_word(cmd, 0, "nginx", 1, 7);
	assert_word(cmd, 1, "-g", 1, 16);
	assert_word(cmd, 2, "daemon off;", 1, 21);
	const cs_df_instr *ep = &df.instrs[1];
	assert_true(ep->json_form);
	assert_string_equal(ep->words[0].text,
			    "a\xc3\xa9\n\"b\xf0\x9f\x98\x80");
	assert_true(df.instrs[2].json_form);
	assert_int_equal(df.instrs[2].nwords, 0);
	assert_int_equal(df.nerrors, 0);
}

static void test_exec_form_invalid(void **s)
{
	parse("FROM a\nCMD [\"a\", \"b\"\nRUN [ 'x' ]\nCMD [\"a\", 1]\n"
	      "CMD [nope\n");
	assert_false(df.instrs[1].json_form);
	assert_int_equal(df.instrs[1].nwords, 2);
	assert_word(&df.instrs[1], 0, "[a,", 2, 5);
	assert_false(df.instrs[2].json_form);
	assert_false(df.instrs[3].json_form);
	assert_int_equal(df.nerrors, 4);
	assert_error(0, CS_ERR_PARSE, 2, 5,
		     "looks like exec form but is not a valid JSON array; it "
		     "will run as shell form");
	assert_error(1, CS_ERR_PARSE, 3, 5,
		     "looks like exec form but is not a valid JSON array; it "
		     "will run as shell form");
	assert_error(2, CS_ERR_PARSE, 4, 5,
		     "when using JSON array syntax, arrays must be comprised "
		     "of strings only");
	assert_error(3, CS_ERR_PARSE, 5, 5,
		     "looks like exec form but is not a valid JSON array; it "
		     "will run as shell form");
}

static void test_json_lists_and_shell(void **s)
{
	parse("COPY [\"a b\", \"/c\"]\nVOLUME [\"/data\"]\nVOLUME [/x]\n"
	      "SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\n"
	      "SHELL /bin/sh -c\n");
	assert_true(df.instrs[0].json_form);
	assert_word(&df.instrs[0], 0, "a b", 1, 7);
	assert_true(df.instrs[1].json_form);
	assert_false(df.instrs[2].json_form);
	assert_string_equal(df.instrs[2].words[0].text, "[/x]");
	assert_true(df.instrs[3].json_form);
	assert_int_equal(df.instrs[3].nwords, 4);
	assert_false(df.instrs[4].json_form);
	assert_int_equal(df.nerrors, 2);
	assert_error(0, CS_ERR_PARSE, 3, 8,
		     "looks like a JSON array but is not valid JSON; it is "
		     "read as space-separated words");
	assert_error(1, CS_ERR_PARSE, 5, 7,
		     "SHELL requires the arguments to be in JSON form");
}

/* ---- flags -------------------------------------------------------------- */

static void test_flags(void **s)
{
	parse("RUN --mount=type=cache,target=/root/.cache \\\n"
	      "    --mount=type=secret,id=tok --network=none "
	      "--security=insecure"
	      " echo hi\n"
	      "COPY --from=build --chown=1:1 --chmod=0755 --link a b\n");
	const cs_df_instr *run = &df.instrs[0];
	assert_int_equal(run->nflags, 4);
	assert_string_equal(run->flags[0].name, "mount");
	assert_string_equal(run->flags[0].value,
			    "type=cache,target=/root/.cache");
	assert_mark(run->flags[0].mark, 1, 5);
	assert_mark(run->flags[1].mark, 2, 5);
	assert_string_equal(run->flags[2].name, "network");
	assert_string_equal(run->args, "echo hi");
	assert_mark(cs_df_args_mark(run, 0), 2, 67);
	const cs_df_flag *m = cs_df_flag_get(run, "mount");
	assert_ptr_equal(m, &run->flags[1]);
	m = cs_df_flag_next(run, "mount", NULL);
	assert_ptr_equal(m, &run->flags[0]);
	m = cs_df_flag_next(run, "mount", m);
	assert_ptr_equal(m, &run->flags[1]);
	assert_null(cs_df_flag_next(run, "mount", m));
	assert_null(cs_df_flag_get(run, "from"));
	const cs_df_instr *cp = &df.instrs[1];
	assert_int_equal(cp->nflags, 4);
	assert_string_equal(cs_df_flag_get(cp, "from")->value, "build");
	assert_string_equal(cs_df_flag_get(cp, "chmod")->value, "0755");
	assert_null(cs_df_flag_get(cp, "link")->value);
	assert_mark(cs_df_flag_get(cp, "link")->mark, 3, 44);
	assert_int_equal(cp->nwords, 2);
	assert_word(cp, 0, "a", 3, 51);
}

static void test_flag_quotes_and_terminator(void **s)
{
	parse("RUN --mount=type=bind,source=\"a b\",target=/x -- --not-a-flag\n"
	      "ADD --checksum=sha256:abc --keep-git-dir=true "
	      "https://x/y.tgz /y\n"
	      "HEALTHCHECK --interval=5s --timeout=3s --start-period=1s "
	      "--start-interval=1s --retries=3 CMD true\n"
	      "RUN --=x y\n");
	const cs_df_instr *run = &df.instrs[0];
	assert_int_equal(run->nflags, 1);
	assert_string_equal(run->flags[0].value,
			    "type=bind,source=a b,target=/x");
	assert_string_equal(run->args, "--not-a-flag");
	assert_int_equal(df.instrs[1].nflags, 2);
	assert_string_equal(cs_df_flag_get(&df.instrs[1], "checksum")->value,
			    "sha256:abc");
	assert_int_equal(df.instrs[2].nflags, 5);
	assert_string_equal(
		cs_df_flag_get(&df.instrs[2], "start-interval")->value, "1s");
	assert_int_equal(df.nerrors, 1);
	assert_error(0, CS_ERR_PARSE, 4, 5,
		     "invalid flag \"--=x\": a flag needs a name after --");
}

static void test_flags_only_where_allowed(void **s)
{
	parse("USER --x\nWORKDIR --dir\nFROM --platform=linux/amd64 a\n"
	      "EXPOSE --80\n");
	assert_int_equal(df.instrs[0].nflags, 0);
	assert_string_equal(df.instrs[0].args, "--x");
	assert_word(&df.instrs[0], 0, "--x", 1, 6);
	assert_int_equal(df.instrs[1].nflags, 0);
	assert_int_equal(df.instrs[2].nflags, 1);
	assert_string_equal(df.instrs[2].flags[0].value, "linux/amd64");
	assert_int_equal(df.instrs[3].nwords, 1);
}

/* ---- ENV, LABEL, ARG ---------------------------------------------------- */

static void test_env_pairs(void **s)
{
	parse("ENV A=1 B=\"two words\" C='$x' D=a\\ b E= \\\n    F=$G\n");
	const cs_df_instr *in = &df.instrs[0];
	assert_int_equal(in->nkvs, 6);
	assert_string_equal(in->kvs[0].key, "A");
	assert_string_equal(in->kvs[0].value, "1");
	assert_mark(in->kvs[0].key_mark, 1, 5);
	assert_mark(in->kvs[0].value_mark, 1, 7);
	assert_string_equal(in->kvs[1].value, "two words");
	assert_mark(in->kvs[1].value_mark, 1, 11);
	assert_string_equal(in->kvs[2].value, "$x");
	assert_string_equal(in->kvs[3].value, "a b");
	assert_string_equal(in->kvs[4].key, "E");
	assert_string_equal(in->kvs[4].value, "");
	assert_string_equal(in->kvs[5].key, "F");
	assert_string_equal(in->kvs[5].value, "$G");
	assert_mark(in->kvs[5].key_mark, 2, 5);
	assert_mark(in->kvs[5].value_mark, 2, 7);
	assert_int_equal(df.nerrors, 0);
}

static void test_env_legacy_form(void **s)
{
	parse("ENV PATH /usr/local/bin:$PATH  extra \"q\"\n"
	      "LABEL maintainer someone\nENV ONLY\n");
	const cs_df_instr *in = &df.instrs[0];
	assert_int_equal(in->nkvs, 1);
	assert_string_equal(in->kvs[0].key, "PATH");
	assert_string_equal(in->kvs[0].value, "/usr/local/bin:$PATH  extra q");
	assert_mark(in->kvs[0].value_mark, 1, 10);
	assert_int_equal(df.instrs[1].nkvs, 1);
	assert_string_equal(df.instrs[1].kvs[0].value, "someone");
	assert_int_equal(df.instrs[2].nkvs, 0);
	assert_int_equal(df.nerrors, 1);
	assert_error(0, CS_ERR_PARSE, 3, 1, "ENV must have two arguments");
}

static void test_env_missing_equals(void **s)
{
	parse("LABEL a=1 b c=3\nENV =x\n");
	assert_int_equal(df.instrs[0].nkvs, 2);
	assert_string_equal(df.instrs[0].kvs[1].key, "c");
	assert_int_equal(df.nerrors, 2);
	assert_error(0, CS_ERR_PARSE, 1, 11,
		     "can't find = in \"b\"; must be of the form: name=value");
	assert_error(1, CS_ERR_PARSE, 2, 5, "ENV names can not be blank");
}

static void test_arg_pairs(void **s)
{
	parse("ARG VERSION\nARG A=1 B C=\"x y\"\n");
	const cs_df_instr *in = &df.instrs[0];
	assert_int_equal(in->nkvs, 1);
	assert_string_equal(in->kvs[0].key, "VERSION");
	assert_null(in->kvs[0].value);
	assert_mark(in->kvs[0].value_mark, 0, 0);
	in = &df.instrs[1];
	assert_int_equal(in->nkvs, 3);
	assert_string_equal(in->kvs[0].value, "1");
	assert_null(in->kvs[1].value);
	assert_string_equal(in->kvs[1].key, "B");
	assert_string_equal(in->kvs[2].key, "C");
	assert_string_equal(in->kvs[2].value, "x y");
	assert_int_equal(df.nerrors, 0);
}

/* ---- FROM, ONBUILD, HEALTHCHECK ----------------------------------------- */

static void test_from_forms(void **s)
{
	parse("FROM --platform=$BUILDPLATFORM golang:1.22 AS Build\n"
	      "FROM scratch\nFROM a b\nFROM\n");
	const cs_df_instr *in = &df.instrs[0];
	assert_int_equal(in->nflags, 1);
	assert_string_equal(in->flags[0].name, "platform");
	assert_string_equal(in->flags[0].value, "$BUILDPLATFORM");
	assert_int_equal(in->nwords, 3);
	assert_word(in, 0, "golang:1.22", 1, 32);
	assert_word(in, 2, "Build", 1, 47);
	assert_int_equal(df.instrs[1].nwords, 1);
	assert_int_equal(df.nerrors, 2);
	assert_error(0, CS_ERR_PARSE, 3, 1,
		     "FROM requires either one or three arguments (FROM image "
		     "[AS name])");
	assert_error(1, CS_ERR_PARSE, 4, 1,
		     "FROM requires either one or three arguments (FROM image "
		     "[AS name])");
	assert_int_equal(df.instrs[3].stage, 3);
}

static void test_onbuild(void **s)
{
	parse("FROM a\nONBUILD RUN apt-get update\n"
	      "onbuild COPY --from=x /a /b\n"
	      "ONBUILD RUN <<EOF\nmake\nEOF\n");
	const cs_df_instr *in = &df.instrs[1];
	assert_int_equal(in->kind, CS_DF_ONBUILD);
	assert_non_null(in->sub);
	assert_int_equal(in->sub->kind, CS_DF_RUN);
	assert_mark(in->sub->start, 2, 9);
	assert_string_equal(in->sub->args, "apt-get update");
	assert_word(in->sub, 1, "update", 2, 21);
	assert_int_equal(in->sub->index, 1);
	const cs_df_instr *cp = df.instrs[2].sub;
	assert_int_equal(cp->kind, CS_DF_COPY);
	assert_int_equal(cp->nflags, 1);
	assert_string_equal(cp->flags[0].value, "x");
	assert_mark(cp->flags[0].mark, 3, 14);
	const cs_df_instr *hd = df.instrs[3].sub;
	assert_int_equal(hd->nheredocs, 1);
	assert_string_equal(hd->heredocs[0].body, "make\n");
	assert_mark(hd->end, 6, 3);
	assert_mark(df.instrs[3].end, 6, 3);
	assert_int_equal(df.ninstrs, 4);
	assert_int_equal(df.nerrors, 0);
}

static void test_onbuild_forbidden(void **s)
{
	parse("ONBUILD ONBUILD RUN x\nONBUILD FROM a\nONBUILD MAINTAINER me\n"
	      "ONBUILD\n");
	assert_int_equal(df.instrs[0].sub->kind, CS_DF_ONBUILD);
	assert_null(df.instrs[0].sub->sub);
	assert_null(df.instrs[3].sub);
	assert_int_equal(df.nerrors, 4);
	assert_error(0, CS_ERR_PARSE, 1, 9,
		     "chaining ONBUILD via ONBUILD ONBUILD isn't allowed");
	assert_error(1, CS_ERR_PARSE, 2, 9,
		     "FROM isn't allowed as an ONBUILD trigger");
	assert_error(2, CS_ERR_PARSE, 3, 9,
		     "MAINTAINER isn't allowed as an ONBUILD trigger");
	assert_error(3, CS_ERR_PARSE, 4, 1,
		     "ONBUILD requires at least one argument");
}

static void test_healthcheck(void **s)
{
	parse("HEALTHCHECK NONE\n"
	      "HEALTHCHECK --interval=30s CMD curl -f http://localhost/ || "
	      "exit 1\n"
	      "HEALTHCHECK CMD [\"/bin/check\", \"-q\"]\n"
	      "HEALTHCHECK FOO bar\nHEALTHCHECK NONE x\nHEALTHCHECK CMD\n");
	assert_int_equal(df.instrs[0].nwords, 1);
	assert_string_equal(df.instrs[0].words[0].text, "NONE");
	const cs_df_instr *in = &df.instrs[1];
	assert_int_equal(in->nflags, 1);
	assert_false(in->json_form);
	assert_int_equal(in->nwords, 7);
	assert_word(in, 0, "CMD", 2, 28);
	assert_word(in, 1, "curl", 2, 32);
	assert_word(in, 6, "1", 2, 66);
	in = &df.instrs[2];
	assert_true(in->json_form);
	assert_int_equal(in->nwords, 3);
	assert_word(in, 0, "CMD", 3, 13);
	assert_word(in, 1, "/bin/check", 3, 18);
	assert_word(in, 2, "-q", 3, 32);
	assert_int_equal(df.nerrors, 3);
	assert_error(0, CS_ERR_PARSE, 4, 13,
		     "unknown HEALTHCHECK type \"FOO\" (use CMD or NONE)");
	assert_error(1, CS_ERR_PARSE, 5, 18,
		     "HEALTHCHECK NONE takes no arguments");
	assert_error(2, CS_ERR_PARSE, 6, 1,
		     "missing command after HEALTHCHECK CMD");
}

static void test_missing_arguments(void **s)
{
	parse("FROM a\nCOPY onlyone\nUSER\nCMD\nRUN\nEXPOSE\n");
	assert_int_equal(df.ninstrs, 6);
	assert_int_equal(df.nerrors, 3);
	assert_error(0, CS_ERR_PARSE, 2, 1,
		     "COPY requires at least two arguments (source and "
		     "destination)");
	assert_error(1, CS_ERR_PARSE, 3, 1,
		     "USER requires at least one argument");
	assert_error(2, CS_ERR_PARSE, 6, 1,
		     "EXPOSE requires at least one argument");
	assert_string_equal(df.instrs[3].args, "");
	assert_int_equal(df.instrs[3].nsegs, 1);
}

/* ---- hostile input ------------------------------------------------------ */

static void test_nul_is_binary(void **s)
{
	const char src[] = "FROM a\nRUN x\0y\n";
	memset(&err, 0, sizeof(err));
	assert_false(cs_df_parse(src, sizeof(src) - 1, &arena, &df, &err));
	assert_int_equal(err.code, CS_ERR_PARSE);
	assert_mark(err.mark, 2, 6);
	assert_string_equal(
		err.message,
		"NUL byte: this is a binary file, not a Dockerfile");
}

static void test_invalid_utf8(void **s)
{
	parse("FROM a\nLABEL a=\"\xff\xfe\" b=\"\xc3\xa9\"\nUSER 1000\n"
	      "LABEL c=\xc3\n");
	assert_int_equal(df.ninstrs, 4);
	assert_int_equal(df.nerrors, 1);
	assert_error(0, CS_ERR_PARSE, 2, 10,
		     "invalid UTF-8 (byte 0xff); a Dockerfile must be UTF-8 "
		     "text");
	assert_string_equal(df.instrs[1].kvs[1].value, "\xc3\xa9");
	/* overlong encodings and surrogates are invalid too */
	parse("LABEL x=\xc0\xaf\n");
	assert_error(0, CS_ERR_PARSE, 1, 9,
		     "invalid UTF-8 (byte 0xc0); a Dockerfile must be UTF-8 "
		     "text");
	parse("LABEL x=\xed\xa0\x80\n");
	assert_int_equal(df.nerrors, 1);
}

static void test_crlf_and_bom(void **s)
{
	parse("\xef\xbb\xbf"
	      "FROM a\r\nRUN echo a \\\r\n  b\r\nRUN <<EOF\r\nx\r\nEOF\r\n");
	assert_int_equal(df.ninstrs, 3);
	assert_int_equal(df.nerrors, 0);
	assert_mark(df.instrs[0].start, 1, 1);
	assert_string_equal(df.instrs[0].args, "a");
	assert_string_equal(df.instrs[1].args, "echo a   b");
	assert_mark(df.instrs[1].end, 3, 3);
	assert_string_equal(df.instrs[2].heredocs[0].body, "x\n");
	assert_int_equal(df.instrs[2].heredocs[0].end_line, 6);
	assert_int_equal(df.nlines, 6);
}

static void test_size_limit(void **s)
{
	size_t n = CS_DF_MAX_BYTES + 1;
	char *big = malloc(n);
	assert_non_null(big);
	memset(big, 'a', n);
	memset(&err, 0, sizeof(err));
	assert_false(cs_df_parse(big, n, &arena, &df, &err));
	assert_int_equal(err.code, CS_ERR_LIMIT);
	free(big);
}

static void test_line_limit(void **s)
{
	size_t n = CS_DF_MAX_LINE + 100;
	char *src = malloc(n + 64);
	assert_non_null(src);
	size_t len = (size_t)sprintf(src, "FROM a\nRUN ");
	memset(src + len, 'x', n);
	len += n;
	len += (size_t)sprintf(src + len, "\nUSER 1\n");
	parse_n(src, len);
	assert_int_equal(df.ninstrs, 2);
	assert_int_equal(df.instrs[1].kind, CS_DF_USER);
	assert_int_equal(df.nerrors, 1);
	assert_int_equal(df.errors[0].code, CS_ERR_LIMIT);
	assert_mark(df.errors[0].mark, 2, 1);
	free(src);
}

static void test_instruction_limit(void **s)
{
	size_t n = CS_DF_MAX_INSTRS + 5;
	char *src = malloc(n * 7);
	assert_non_null(src);
	for (size_t i = 0; i < n; i++)
		memcpy(src + i * 7, "USER 1\n", 7);
	parse_n(src, n * 7);
	assert_int_equal(df.ninstrs, CS_DF_MAX_INSTRS);
	assert_int_equal(df.nerrors, 1);
	assert_int_equal(df.errors[0].code, CS_ERR_LIMIT);
	assert_mark(df.errors[0].mark, CS_DF_MAX_INSTRS + 1, 1);
	free(src);
}

static void test_error_cap(void **s)
{
	size_t n = 150;
	char *src = malloc(n * 5 + 1);
	assert_non_null(src);
	for (size_t i = 0; i < n; i++)
		memcpy(src + i * 5, "BAD \n", 5);
	parse_n(src, n * 5);
	assert_int_equal(df.ninstrs, n);
	assert_int_equal(df.nerrors, CS_DF_MAX_ERRORS);
	assert_int_equal(df.nerrors_dropped, n - CS_DF_MAX_ERRORS);
	free(src);
}

static void test_heredoc_limit(void **s)
{
	char src[2048];
	size_t len = (size_t)sprintf(src, "RUN cat");
	for (int i = 0; i < 70; i++)
		len += (size_t)sprintf(src + len, " <<E%d", i);
	len += (size_t)sprintf(src + len, "\n");
	for (int i = 0; i < 64; i++)
		len += (size_t)sprintf(src + len, "E%d\n", i);
	parse_n(src, len);
	assert_int_equal(df.ninstrs, 1);
	assert_int_equal(df.instrs[0].nheredocs, CS_DF_MAX_HEREDOCS);
	assert_int_equal(df.nerrors, 1);
	assert_int_equal(df.errors[0].code, CS_ERR_LIMIT);
	assert_string_equal(df.instrs[0].heredocs[63].delim, "E63");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_basic_instructions, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_keywords_case_insensitive,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_unknown_instruction, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_stage_numbers, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_shell_form_words, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_unterminated_quote, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_directives, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_directive_only_at_top,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_directive_errors, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_continuation_positions,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_continuation_at_eof, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_escaped_escape_continues,
						setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_many_continuation_lines_are_fast, setup, teardown),
		cmocka_unit_test_setup_teardown(test_comments, setup, teardown),
		cmocka_unit_test_setup_teardown(test_empty_and_comment_only,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_heredoc_run, setup,
						teardown),
		cmocka_unit_test_setup_teardown(
			test_heredoc_strip_tabs_and_quotes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_heredoc_several, setup,
						teardown),
		cmocka_unit_test_setup_teardown(
			test_heredoc_only_in_run_copy_add, setup, teardown),
		cmocka_unit_test_setup_teardown(test_heredoc_unterminated,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_heredoc_after_continuation,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_exec_form, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_exec_form_invalid, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_json_lists_and_shell,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_flags, setup, teardown),
		cmocka_unit_test_setup_teardown(test_flag_quotes_and_terminator,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_flags_only_where_allowed,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_env_pairs, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_env_legacy_form, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_env_missing_equals, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_arg_pairs, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_from_forms, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_onbuild, setup, teardown),
		cmocka_unit_test_setup_teardown(test_onbuild_forbidden, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_healthcheck, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_missing_arguments, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_nul_is_binary, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_invalid_utf8, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_crlf_and_bom, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_size_limit, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_line_limit, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_instruction_limit, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_error_cap, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_heredoc_limit, setup,
						teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

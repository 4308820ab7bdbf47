/*
 * test-shell.c - the shell command splitter: commands, argv words, joins,
 * nesting, quoting, redirections, here-documents and broken input.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "parse/shell.h"

static cs_arena arena;
static cs_sh_script sc;
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

static const char *src;

static void parse(const char *s)
{
	src = s;
	memset(&err, 0, sizeof(err));
	assert_true(cs_sh_parse(s, strlen(s), &arena, &sc, &err));
}

/* argv of command i joined with '|' */
static const char *argv_of(size_t i)
{
	static char buf[4096];
	assert_true(i < sc.ncmds);
	size_t n = 0;
	buf[0] = '\0';
	for (size_t k = 0; k < sc.cmds[i].argc; k++)
		n += (size_t)snprintf(buf + n, sizeof(buf) - n, "%s%s",
				      k ? "|" : "", sc.cmds[i].argv[k].text);
	return buf;
}

static void assert_word_at(const cs_sh_word *w, const char *text, size_t off,
			   size_t len)
{
	assert_string_equal(w->text, text);
	assert_int_equal(w->off, off);
	assert_int_equal(w->len, len);
}

static void test_apt_chain(void **s)
{
	parse("apt-get update && apt-get install -y --no-install-recommends "
	      "curl=7.88.1-10 && rm -rf /var/lib/apt/lists/*");
	assert_int_equal(sc.ncmds, 3);
	assert_false(sc.has_pipe);
	assert_false(sc.truncated);
	assert_string_equal(argv_of(0), "apt-get|update");
	assert_string_equal(argv_of(1), "apt-get|install|-y|"
					"--no-install-recommends|"
					"curl=7.88.1-10");
	assert_string_equal(argv_of(2), "rm|-rf|/var/lib/apt/lists/*");
	assert_int_equal(sc.cmds[0].sep, CS_SH_AND);
	assert_int_equal(sc.cmds[1].sep, CS_SH_AND);
	assert_int_equal(sc.cmds[2].sep, CS_SH_END);
	assert_word_at(&sc.cmds[1].argv[4], "curl=7.88.1-10", 61, 14);
	assert_int_equal(sc.cmds[1].nassigns, 0);
	assert_int_equal(sc.cmds[1].off, 18);
	assert_int_equal(sc.cmds[1].end, 75);
	for (size_t i = 0; i < 3; i++) {
		assert_int_equal(sc.cmds[i].depth, 0);
		assert_false(sc.cmds[i].piped_in);
	}
	assert_int_equal(err.code, CS_OK);
}

static void test_pipe_to_shell(void **s)
{
	parse("curl -fsSL https://x | sh");
	assert_int_equal(sc.ncmds, 2);
	assert_true(sc.has_pipe);
	assert_string_equal(argv_of(0), "curl|-fsSL|https://x");
	assert_int_equal(sc.cmds[0].sep, CS_SH_PIPE);
	assert_false(sc.cmds[0].piped_in);
	assert_string_equal(argv_of(1), "sh");
	assert_true(sc.cmds[1].piped_in);
	assert_word_at(&sc.cmds[1].argv[0], "sh", 23, 2);
	assert_true(cs_sh_is(&sc.cmds[1], "sh"));
}

static void test_pipe_stderr(void **s)
{
	parse("make |& tee log");
	assert_int_equal(sc.ncmds, 2);
	assert_int_equal(sc.cmds[0].sep, CS_SH_PIPE);
	assert_true(sc.cmds[1].piped_in);
	assert_string_equal(argv_of(1), "tee|log");
}

static void test_if_statement(void **s)
{
	parse("set -eux; if [ -f a ]; then apt-get install -y x; elif b; "
	      "then c; else d; fi");
	assert_int_equal(sc.ncmds, 6);
	assert_string_equal(argv_of(0), "set|-eux");
	assert_int_equal(sc.cmds[0].sep, CS_SH_SEMI);
	assert_string_equal(argv_of(1), "[|-f|a|]");
	assert_string_equal(argv_of(2), "apt-get|install|-y|x");
	assert_string_equal(argv_of(3), "b");
	assert_string_equal(argv_of(4), "c");
	assert_string_equal(argv_of(5), "d");
	for (size_t i = 0; i < 6; i++)
		assert_int_equal(sc.cmds[i].depth, 0);
	assert_int_equal(err.code, CS_OK);
}

static void test_subshell_and_group(void **s)
{
	parse("(cd /x && make) || { echo failed; exit 1; }");
	assert_int_equal(sc.ncmds, 4);
	assert_string_equal(argv_of(0), "cd|/x");
	assert_int_equal(sc.cmds[0].depth, 1);
	assert_int_equal(sc.cmds[0].sep, CS_SH_AND);
	assert_string_equal(argv_of(1), "make");
	assert_int_equal(sc.cmds[1].depth, 1);
	assert_int_equal(sc.cmds[1].sep, CS_SH_OR);
	assert_string_equal(argv_of(2), "echo|failed");
	assert_int_equal(sc.cmds[2].depth, 1);
	assert_string_equal(argv_of(3), "exit|1");
	assert_int_equal(sc.cmds[3].depth, 1);
	assert_word_at(&sc.cmds[0].argv[0], "cd", 1, 2);
	assert_int_equal(err.code, CS_OK);
}

static void test_pipe_into_compound(void **s)
{
	parse("curl x | (sh; true) && while read l; do echo $l; done | sort");
	assert_int_equal(sc.ncmds, 6);
	assert_true(sc.cmds[1].piped_in);
	assert_string_equal(argv_of(1), "sh");
	assert_int_equal(sc.cmds[2].sep, CS_SH_AND);
	assert_string_equal(argv_of(3), "read|l");
	assert_string_equal(argv_of(4), "echo|$l");
	assert_int_equal(sc.cmds[4].sep, CS_SH_PIPE);
	assert_string_equal(argv_of(5), "sort");
	assert_true(sc.cmds[5].piped_in);
}

static void test_command_substitution(void **s)
{
	parse("echo $(curl -k https://x) done");
	assert_int_equal(sc.ncmds, 2);
	assert_string_equal(argv_of(0), "echo|$(curl -k https://x)|done");
	assert_int_equal(sc.cmds[0].depth, 0);
	assert_string_equal(argv_of(1), "curl|-k|https://x");
	assert_int_equal(sc.cmds[1].depth, 1);
	/* nested words point at the enclosing word */
	assert_word_at(&sc.cmds[1].argv[1], "-k", 5, 20);
	assert_int_equal(sc.cmds[1].off, 5);
	assert_int_equal(sc.cmds[1].end, 25);
}

static void test_substitution_in_quotes_and_backticks(void **s)
{
	parse("X=\"$(wget -qO- http://y | tar x)\" `id -u` a");
	assert_int_equal(sc.ncmds, 4);
	assert_int_equal(sc.cmds[0].nassigns, 1);
	assert_string_equal(sc.cmds[0].assigns[0].text,
			    "X=$(wget -qO- http://y | tar x)");
	assert_true(sc.cmds[0].assigns[0].quoted);
	assert_string_equal(argv_of(0), "`id -u`|a");
	assert_string_equal(argv_of(1), "wget|-qO-|http://y");
	assert_int_equal(sc.cmds[1].depth, 1);
	assert_int_equal(sc.cmds[1].sep, CS_SH_PIPE);
	assert_string_equal(argv_of(2), "tar|x");
	assert_true(sc.cmds[2].piped_in);
	assert_string_equal(argv_of(3), "id|-u");
	assert_true(sc.has_pipe);
}

static void test_sh_c(void **s)
{
	parse("sh -c \"apt-get update\" && bash -lc 'curl x | bash' && "
	      "/bin/dash -e -o pipefail -c 'a' name && zsh script.sh");
	assert_int_equal(sc.ncmds, 8);
	assert_string_equal(argv_of(0), "sh|-c|apt-get update");
	assert_string_equal(argv_of(1), "apt-get|update");
	assert_int_equal(sc.cmds[1].depth, 1);
	assert_word_at(&sc.cmds[1].argv[0], "apt-get", 6, 16);
	assert_string_equal(argv_of(2), "bash|-lc|curl x | bash");
	assert_string_equal(argv_of(3), "curl|x");
	assert_int_equal(sc.cmds[3].depth, 1);
	assert_int_equal(sc.cmds[3].sep, CS_SH_PIPE);
	assert_string_equal(argv_of(4), "bash");
	assert_true(sc.cmds[4].piped_in);
	assert_string_equal(argv_of(5), "/bin/dash|-e|-o|pipefail|-c|a|name");
	assert_string_equal(argv_of(6), "a");
	assert_int_equal(sc.cmds[6].depth, 1);
	assert_string_equal(argv_of(7), "zsh|script.sh");
	assert_true(sc.has_pipe);
}

static void test_assignments(void **s)
{
	parse("FOO=bar BAZ+=x make install PREFIX=/usr; export A=1; A=2");
	assert_int_equal(sc.ncmds, 3);
	assert_int_equal(sc.cmds[0].nassigns, 2);
	assert_word_at(&sc.cmds[0].assigns[0], "FOO=bar", 0, 7);
	assert_string_equal(sc.cmds[0].assigns[1].text, "BAZ+=x");
	assert_string_equal(argv_of(0), "make|install|PREFIX=/usr");
	assert_int_equal(sc.cmds[1].nassigns, 0);
	assert_string_equal(argv_of(1), "export|A=1");
	assert_int_equal(sc.cmds[2].argc, 0);
	assert_int_equal(sc.cmds[2].nassigns, 1);
	assert_string_equal(cs_sh_name(&sc.cmds[2]), "");
	/* a quoted name is no assignment */
	parse("\"A\"=1 x");
	assert_int_equal(sc.cmds[0].nassigns, 0);
	assert_string_equal(argv_of(0), "A=1|x");
}

static void test_quotes(void **s)
{
	parse("echo 'a b' \"a $b\" $'a\\nb\\x41\\'' a\\ b \"\\$x \\q\" \"\"");
	assert_int_equal(sc.ncmds, 1);
	assert_int_equal(sc.cmds[0].argc, 7);
	assert_word_at(&sc.cmds[0].argv[1], "a b", 5, 5);
	assert_true(sc.cmds[0].argv[1].quoted);
	assert_string_equal(sc.cmds[0].argv[2].text, "a $b");
	assert_string_equal(sc.cmds[0].argv[3].text, "a\nbA'");
	assert_string_equal(sc.cmds[0].argv[4].text, "a b");
	assert_string_equal(sc.cmds[0].argv[5].text, "$x \\q");
	assert_string_equal(sc.cmds[0].argv[6].text, "");
	assert_true(sc.cmds[0].argv[6].quoted);
	assert_false(sc.cmds[0].argv[0].quoted);
}

static void test_continuation_and_comments(void **s)
{
	parse("apt-get \\\n  install a#b \\\n  c # trailing comment\n"
	      "# whole line\necho x#y");
	assert_int_equal(sc.ncmds, 2);
	assert_string_equal(argv_of(0), "apt-get|install|a#b|c");
	assert_int_equal(sc.cmds[0].sep, CS_SH_SEMI);
	assert_word_at(&sc.cmds[0].argv[3], "c", 28, 1);
	assert_string_equal(argv_of(1), "echo|x#y");
}

static void test_redirections(void **s)
{
	parse("cmd > /dev/null 2>&1 <in >>log 2> err &>all &>>both >|f 3<&0 "
	      "<>rw x");
	assert_int_equal(sc.ncmds, 1);
	assert_string_equal(argv_of(0), "cmd|x");
	assert_int_equal(sc.cmds[0].end, 67);
	parse("echo a>b c<<<'here' d");
	assert_string_equal(argv_of(0), "echo|a|c|d");
	parse("> f");
	assert_int_equal(sc.ncmds, 1);
	assert_int_equal(sc.cmds[0].argc, 0);
}

static void test_heredoc_skipped(void **s)
{
	parse("cat <<EOF > /etc/x && echo ok\n"
	      "rm -rf / $(curl evil)\n"
	      "EOF\n"
	      "cat <<-'END' <<B\n"
	      "\tbody\n"
	      "\tEND\n"
	      "b\n"
	      "B\n"
	      "tail");
	assert_int_equal(sc.ncmds, 4);
	assert_string_equal(argv_of(0), "cat");
	assert_int_equal(sc.cmds[0].sep, CS_SH_AND);
	assert_string_equal(argv_of(1), "echo|ok");
	assert_string_equal(argv_of(2), "cat");
	assert_string_equal(argv_of(3), "tail");
	assert_int_equal(sc.cmds[3].argv[0].off, strlen(src) - 4);
}

static void test_unbalanced_quote(void **s)
{
	parse("echo ok\necho 'abc def");
	assert_int_equal(sc.ncmds, 2);
	assert_string_equal(argv_of(1), "echo|abc def");
	assert_int_equal(err.code, CS_ERR_PARSE);
	assert_int_equal(err.mark.line, 2);
	assert_int_equal(err.mark.col, 6);
	assert_string_equal(err.message, "unterminated single quote");
	parse("a \"b $(c");
	assert_int_equal(err.code, CS_ERR_PARSE);
	assert_string_equal(argv_of(0), "a|b $(c");
	/* a lone backslash at the very end stays inside the text */
	parse("echo \\");
	assert_int_equal(sc.cmds[0].argc, 2);
	assert_word_at(&sc.cmds[0].argv[1], "", 5, 1);
	assert_int_equal(sc.cmds[0].end, 6);
	/* no error pointer: still fine */
	assert_true(cs_sh_parse("x 'y", 4, &arena, &sc, NULL));
	assert_int_equal(sc.ncmds, 1);
}

static void test_unbalanced_brackets(void **s)
{
	parse("(a && b");
	assert_int_equal(sc.ncmds, 2);
	assert_string_equal(err.message, "missing ) to close a subshell");
	parse("a ) b");
	assert_string_equal(err.message, "unexpected )");
	assert_int_equal(err.mark.col, 3);
	assert_string_equal(argv_of(0), "a|b");
	parse("{ a; ");
	assert_string_equal(err.message, "missing } to close a group");
	parse("}");
	assert_string_equal(err.message, "unexpected }");
}

static void test_case_statement(void **s)
{
	parse("case \"$(uname -m)\" in\n x86_64|amd64) A=1 run a ;;\n"
	      " (arm*) run b\n ;;\n *) ;;\nesac; after");
	assert_int_equal(sc.ncmds, 4);
	assert_string_equal(argv_of(0), "uname|-m");
	assert_int_equal(sc.cmds[0].depth, 1);
	assert_string_equal(argv_of(1), "run|a");
	assert_int_equal(sc.cmds[1].nassigns, 1);
	assert_string_equal(argv_of(2), "run|b");
	assert_string_equal(argv_of(3), "after");
	assert_int_equal(err.code, CS_OK);
}

static void test_for_loop(void **s)
{
	parse("for f in $(ls /x) a b; do rm \"$f\"; done; "
	      "for ((i=0; i<3; i++)); do echo $i; done");
	assert_int_equal(sc.ncmds, 3);
	assert_string_equal(argv_of(0), "ls|/x");
	assert_int_equal(sc.cmds[0].depth, 1);
	assert_string_equal(argv_of(1), "rm|$f");
	assert_int_equal(sc.cmds[1].depth, 0);
	assert_string_equal(argv_of(2), "echo|$i");
}

static void test_functions_and_negation(void **s)
{
	parse("f() { apt-get x; }; function g { b; }; function h () { c; }; "
	      "! grep -q x f || z &");
	assert_int_equal(sc.ncmds, 5);
	assert_string_equal(argv_of(0), "apt-get|x");
	assert_int_equal(sc.cmds[0].depth, 1);
	assert_string_equal(argv_of(1), "b");
	assert_string_equal(argv_of(2), "c");
	assert_string_equal(argv_of(3), "grep|-q|x|f");
	assert_true(sc.cmds[3].negated);
	assert_int_equal(sc.cmds[3].sep, CS_SH_OR);
	assert_false(sc.cmds[4].negated);
	assert_int_equal(sc.cmds[4].sep, CS_SH_BG);
	assert_int_equal(err.code, CS_OK);
}

static void test_conditional_expression(void **s)
{
	parse("[[ -f a && ( -n $b || -z c ) ]] && run");
	assert_int_equal(sc.ncmds, 2);
	assert_string_equal(argv_of(0), "[[|-f|a|&&|(|-n|$b||||-z|c|)|]]");
	assert_int_equal(sc.cmds[0].sep, CS_SH_AND);
	assert_string_equal(argv_of(1), "run");
}

static void test_arithmetic_and_braces(void **s)
{
	parse("x=$((1 + (2*3))) y ${a:-$(b)} && (( n++ )) && z");
	assert_int_equal(sc.ncmds, 2);
	assert_string_equal(sc.cmds[0].assigns[0].text, "x=$((1 + (2*3)))");
	assert_string_equal(argv_of(0), "y|${a:-$(b)}");
	assert_int_equal(sc.cmds[0].sep, CS_SH_AND);
	assert_string_equal(argv_of(1), "z");
}

static void test_process_substitution(void **s)
{
	parse("bash <(curl -s https://x) > >(tee log)");
	assert_int_equal(sc.ncmds, 3);
	assert_string_equal(argv_of(0), "bash|<(curl -s https://x)");
	assert_string_equal(argv_of(1), "curl|-s|https://x");
	assert_int_equal(sc.cmds[1].depth, 1);
	assert_word_at(&sc.cmds[1].argv[0], "curl", 5, 20);
	assert_string_equal(argv_of(2), "tee|log");
	assert_int_equal(err.code, CS_OK);
}

static void test_names(void **s)
{
	parse("/usr/bin/apt-get install");
	assert_true(cs_sh_is(&sc.cmds[0], "apt-get"));
	assert_false(cs_sh_is(&sc.cmds[0], "apt"));
	assert_string_equal(cs_sh_name(&sc.cmds[0]), "apt-get");
	parse("");
	assert_int_equal(sc.ncmds, 0);
	parse("  \n ; \n# c\n");
	assert_int_equal(sc.ncmds, 0);
}

static void test_depth_limit(void **s)
{
	parse("echo $(a $(b $(c $(d $(e $(f $(g $(h $(i $(j))))))))))");
	assert_true(sc.truncated);
	assert_int_equal(sc.ncmds, 9);
	assert_string_equal(argv_of(8), "h|$(i $(j))");
	assert_int_equal(sc.cmds[8].depth, 8);
	assert_string_equal(err.message, "nesting deeper than the limit");
	parse("( ( ( ( ( ( ( ( a ) ) ) ) ) ) ) )");
	assert_false(sc.truncated);
	assert_int_equal(sc.cmds[0].depth, 8);
	parse("( ( ( ( ( ( ( ( ( a ) ) ) ) ) ) ) ) )");
	assert_true(sc.truncated);
}

static void test_command_limit(void **s)
{
	size_t n = CS_SH_MAX_CMDS + 10;
	char *t = malloc(n * 2 + 1);
	assert_non_null(t);
	for (size_t i = 0; i < n; i++)
		memcpy(t + i * 2, "a;", 2);
	t[n * 2] = '\0';
	parse(t);
	assert_true(sc.truncated);
	assert_int_equal(sc.ncmds, CS_SH_MAX_CMDS);
	assert_string_equal(err.message, "too many commands");
	free(t);
}

static void test_hostile_nesting_is_cheap(void **s)
{
	/* unbalanced openers everywhere: must end, and quickly */
	size_t n = 200000;
	char *t = malloc(n + 1);
	assert_non_null(t);
	for (size_t i = 0; i < n; i++)
		t[i] = "$(\"`'{("[i % 7];
	t[n] = '\0';
	parse(t);
	assert_int_equal(err.code, CS_ERR_PARSE);
	free(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_apt_chain, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_pipe_to_shell, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_pipe_stderr, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_if_statement, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_subshell_and_group, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_pipe_into_compound, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_command_substitution,
						setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_substitution_in_quotes_and_backticks, setup,
			teardown),
		cmocka_unit_test_setup_teardown(test_sh_c, setup, teardown),
		cmocka_unit_test_setup_teardown(test_assignments, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_quotes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_continuation_and_comments,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_redirections, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_heredoc_skipped, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_unbalanced_quote, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_unbalanced_brackets, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_case_statement, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_for_loop, setup, teardown),
		cmocka_unit_test_setup_teardown(test_functions_and_negation,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_conditional_expression,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_arithmetic_and_braces,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_process_substitution,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_names, setup, teardown),
		cmocka_unit_test_setup_teardown(test_depth_limit, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_command_limit, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_hostile_nesting_is_cheap,
						setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

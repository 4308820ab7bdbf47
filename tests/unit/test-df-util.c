/* test-df-util.c - the wrapper table shared by the Dockerfile rules. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "rules/df-util.h"

/* The word the command really runs, or "" when it runs none. */
static const char *prog(const char *script)
{
	static cs_arena a;
	static char out[64];
	cs_arena_init(&a, 0);
	cs_sh_script sh;
	cs_error err = {0};
	assert_true(cs_sh_parse(script, strlen(script), &a, &sh, &err));
	assert_true(sh.ncmds >= 1);
	size_t i = cs_dfu_skip_wrappers(&sh.cmds[0]);
	snprintf(out, sizeof(out), "%s",
		 i < sh.cmds[0].argc ? sh.cmds[0].argv[i].text : "");
	cs_arena_free(&a);
	return out;
}

static void test_plain_command(void **s)
{
	assert_string_equal(prog("apt-get install -y curl"), "apt-get");
	assert_string_equal(prog("/usr/bin/apk add x"), "/usr/bin/apk");
}

static void test_wrappers_are_stepped_over(void **s)
{
	assert_string_equal(prog("sudo apt-get install x"), "apt-get");
	assert_string_equal(prog("sudo -u app chpasswd"), "chpasswd");
	assert_string_equal(prog("sudo FOO=1 apt-get install x"), "apt-get");
	assert_string_equal(prog("env -u HOME DEBIAN_FRONTEND=x apt-get"),
			    "apt-get");
	assert_string_equal(prog("xargs -n 1 chmod u+s"), "chmod");
	assert_string_equal(prog("timeout 60 apt-get install x"), "apt-get");
	assert_string_equal(prog("nice -n 10 sudo make"), "make");
	assert_string_equal(prog("stdbuf -oL apk add x"), "apk");
}

static void test_wrapper_alone_runs_nothing(void **s)
{
	assert_string_equal(prog("sudo"), "");
	assert_string_equal(prog("env FOO=1"), "");
}

static void test_depth_is_bounded(void **s)
{
	/* eight wrappers are stepped over; past that the walk stops on
	 * the ninth, never beyond argc */
	assert_string_equal(prog("sudo sudo sudo sudo sudo sudo sudo sudo id"),
			    "id");
	assert_string_equal(prog("sudo sudo sudo sudo sudo sudo sudo sudo "
				 "sudo sudo id"),
			    "sudo");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain_command),
		cmocka_unit_test(test_wrappers_are_stepped_over),
		cmocka_unit_test(test_wrapper_alone_runs_nothing),
		cmocka_unit_test(test_depth_is_bounded),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

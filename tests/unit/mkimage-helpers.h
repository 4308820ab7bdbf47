/*
 * mkimage-helpers.h - test images written at run time by
 * tests/image/mkimage.py into a scratch directory made by the group
 * setup and removed by its teardown.  mk() returns the image's path, in
 * one of MK_PATHS rotating static buffers (enough for the images one test
 * holds at once).
 */
#ifndef MKIMAGE_HELPERS_H
#define MKIMAGE_HELPERS_H

#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>

extern char **environ;

#define MK_PATHS 8

static char tmpdir[256];
static int seq;

static int setup(void **s)
{
	(void)s;
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/customs-test-XXXXXX");
	return mkdtemp(tmpdir) ? 0 : -1;
}

static int teardown(void **s)
{
	(void)s;
	char cmd[400];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	return system(cmd) == 0 ? 0 : -1;
}

/* Write an image of format fmt ("docker", "oci-dir", ...) from spec. */
static const char *mk(const char *fmt, const char *spec)
{
	static char path[MK_PATHS][300];
	char *p = path[seq % MK_PATHS];
	snprintf(p, 300, "%s/img%d", tmpdir, seq++);
	char *argv[] = {"python3", "tests/image/mkimage.py", (char *)fmt, p,
			(char *)spec, NULL};
	pid_t pid;
	assert_int_equal(posix_spawnp(&pid, "python3", NULL, NULL, argv,
				      environ),
			 0);
	int st = 0;
	waitpid(pid, &st, 0);
	assert_true(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	return p;
}

#endif

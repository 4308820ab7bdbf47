/*
 * discover.h - which files a scan reads.
 *
 * Paths named on the command line are taken as they are (a named file is
 * scanned whatever its name; its content tells what it is).  Directories
 * are walked recursively, in byte order of names so that output never depends on the file system, skipping
 * .git, .hg, .svn and node_modules and what the exclude globs match.
 * Inside a walk, a symlink to a file is followed only when its target stays
 * inside the walked root; symlinks to directories are not followed (their
 * targets inside the root are walked anyway, and loops are impossible).
 */
#ifndef CS_DISCOVER_H
#define CS_DISCOVER_H

#include <stdbool.h>
#include <stddef.h>

#include "engine.h"
#include "util/error.h"

#define CS_DISCOVER_MAX_FILES 1000000u
#define CS_DISCOVER_MAX_DEPTH 128u

typedef struct cs_input {
	char *fs_path;        /* what to open; NULL for standard input */
	char *display;        /* what reports show */
	char *rel;            /* relative to its scan root (for globs) */
	cs_file_kind kind;
	bool named;           /* named on the command line */
} cs_input;

typedef struct cs_inputs {
	cs_input *v;
	size_t n, cap;
	/* problems met while walking (unreadable directory, limit): reported
	 * as INPUT-READ findings on the named path */
	cs_input *problems;
	char **problem_msgs;
	size_t nproblems, problem_cap;
} cs_inputs;

/* The kind a file name implies: Dockerfile, Containerfile, Dockerfile.*,
 * *.Dockerfile, *.dockerfile, Containerfile.* -> dockerfile; compose.yaml,
 * compose.yml, docker-compose*.yml|yaml, *.compose.yml|yaml -> compose;
 * other *.yaml, *.yml, *.json -> yaml (Compose or Kubernetes by content);
 * else unknown (a named file or standard input is then told by content). */
cs_file_kind cs_kind_from_name(const char *path);

/* Add the files under one command-line path.  `excludes` are globs matched
 * against paths relative to `root`.  Returns false only on out of memory. */
bool cs_discover(cs_inputs *in, const char *root, const char *const *excludes,
		 size_t nexcludes, const cs_config *cfg);

/* Standard input as one input named `display`. */
bool cs_discover_stdin(cs_inputs *in, const char *display);

void cs_inputs_free(cs_inputs *in);

#endif

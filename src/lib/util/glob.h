/*
 * glob.h - path globs for --exclude, config paths and waivers.
 *
 * `*` and `?` do not cross '/', `**` does, `[abc]`/`[!a-z]` are classes.
 * A pattern without '/' is matched against every component of the path (so
 * `vendor` or `*.bak` match at any depth); a pattern with '/' is matched
 * against the whole relative path.  Either way, a match of a leading part
 * that ends at a '/' also counts, so a directory's pattern covers what lies
 * below it.
 */
#ifndef CS_GLOB_H
#define CS_GLOB_H

#include <stdbool.h>

#define CS_GLOB_MAX 4096   /* longer patterns or paths never match */

/* Does the pattern match all of s (anchored both ends)? */
bool cs_glob_match(const char *pat, const char *s);
/* The rules above, for a '/'-separated relative path. */
bool cs_glob_path(const char *pat, const char *path);

#endif

/*
 * shell.h - split POSIX shell text into simple commands.
 *
 * Rules ask "does this RUN call `apt-get install` without `-y`?", which needs
 * commands and their argv words, not a regex over the text.  This is not a
 * shell: it does no expansion and runs nothing.  It understands
 *
 *   list      = pipeline { ("&&" | "||" | ";" | "&" | newline) pipeline }
 *   pipeline  = [ "!" ] command { ("|" | "|&") command }
 *   command   = simple | "(" list ")" | "{" list "}" | compound
 *   simple    = { NAME=value } { word | redirection }
 *
 * with single, double and $'...' quotes, backslash escapes, line
 * continuations, comments, `$(...)`, `${...}`, backticks and arithmetic
 * `$((...))` kept inside their word.  Reserved words of compound commands
 * (if then elif else fi for in do done while until case esac) are stepped
 * over, so `if apt-get update; then ...; fi` yields the inner commands.
 * The text of a command substitution, and the script given to
 * `sh|bash|ash|dash|zsh -c SCRIPT`, are parsed too and their commands
 * appended with depth + 1 (bounded by CS_SH_MAX_DEPTH).
 *
 * Redirections (`>f`, `2>&1`, `<f`, `<<EOF` ...) are removed from argv;
 * here-document bodies inside RUN text are skipped.
 */
#ifndef CS_SHELL_H
#define CS_SHELL_H

#include <stdbool.h>
#include <stddef.h>

#include "../util/arena.h"
#include "../util/error.h"

#define CS_SH_MAX_DEPTH    8u       /* nesting of (), {}, $(), sh -c */
#define CS_SH_MAX_CMDS     100000u
#define CS_SH_MAX_WORDS    100000u  /* per command */

typedef struct cs_sh_word {
	const char *text;    /* quotes and escapes removed; $VAR left as is */
	size_t off;          /* byte offset of the word's start in the source
	                        given to cs_sh_parse (for nested scripts: of the
	                        enclosing word) */
	size_t len;          /* length of the word in the source */
	bool quoted;         /* some part of it was quoted */
} cs_sh_word;

typedef enum cs_sh_sep {
	CS_SH_END = 0,       /* end of the script */
	CS_SH_SEMI,          /* ; or newline */
	CS_SH_AND,           /* && */
	CS_SH_OR,            /* || */
	CS_SH_PIPE,          /* | or |& */
	CS_SH_BG,            /* & */
} cs_sh_sep;

typedef struct cs_sh_cmd {
	cs_sh_word *assigns;     /* leading NAME=value words */
	size_t nassigns;
	cs_sh_word *argv;        /* command name and arguments */
	size_t argc;             /* may be 0 (only assignments/redirections) */
	cs_sh_sep sep;           /* the operator after this command */
	bool piped_in;           /* the previous command's sep was CS_SH_PIPE */
	bool negated;            /* preceded by "!" */
	unsigned depth;          /* 0 top level; +1 per subshell, group,
	                            substitution or sh -c */
	size_t off, end;         /* span in the source (nested: enclosing word) */
} cs_sh_cmd;

typedef struct cs_sh_script {
	cs_sh_cmd *cmds;
	size_t ncmds;
	bool has_pipe;           /* any CS_SH_PIPE at any depth */
	bool truncated;          /* a limit was hit; the commands so far are kept */
} cs_sh_script;

/*
 * Parse src[0..len) as shell text.  Unbalanced quotes or brackets do not fail: the words read
 * so far are kept and err (if given) describes the problem with a 1-based
 * mark relative to src.  Returns false only on out of memory.
 */
bool cs_sh_parse(const char *src, size_t len, cs_arena *a, cs_sh_script *out,
		 cs_error *err);

/* Is argv[0] (path stripped) equal to name?  ("/usr/bin/apt-get" is apt-get.) */
bool cs_sh_is(const cs_sh_cmd *c, const char *name);
/* Basename of argv[0], or "" when argc == 0. */
const char *cs_sh_name(const cs_sh_cmd *c);

#endif

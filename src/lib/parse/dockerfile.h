/*
 * dockerfile.h - the Dockerfile syntax tree.
 *
 * The parser follows the Dockerfile reference (BuildKit frontend 1.x):
 *
 *   file        = { directive } { line }
 *   directive   = "#" ws* key ws* "=" ws* value     (only before the first
 *                                                   instruction or comment)
 *   line        = blank | comment | instruction
 *   instruction = keyword { ws+ flag } [ ws+ args ] { heredoc-body }
 *   flag        = "--" name [ "=" value ]
 *   args        = json-array (exec form) | text (shell form)
 *
 * A line ending in the escape character (default '\\', or '`' after
 * `# escape=`` `) continues; comment lines and blank lines inside a
 * continuation are dropped.  `<<[-]["']DELIM["']` in RUN, COPY and ADD opens a
 * heredoc whose body follows the instruction line up to a line equal to DELIM.
 * Keywords are case-insensitive.
 *
 * The parser judges nothing: it records syntax with positions.  It never
 * expands variables (model/build does), and it does not stop at the first
 * problem: syntax errors are collected in cs_dockerfile.errors and parsing
 * resumes at the next line, so one bad line does not hide the rest.
 *
 * Everything is allocated in the caller's arena.
 */
#ifndef CS_DOCKERFILE_H
#define CS_DOCKERFILE_H

#include <stdbool.h>
#include <stddef.h>

#include "../util/arena.h"
#include "../util/error.h"

/* Documented limits (docs/limits.md). */
#define CS_DF_MAX_BYTES        (16u * 1024 * 1024) /* one Dockerfile */
#define CS_DF_MAX_LINE         (1u * 1024 * 1024)  /* one logical instruction */
#define CS_DF_MAX_INSTRS       100000u
#define CS_DF_MAX_HEREDOCS     64u                 /* per instruction */
#define CS_DF_MAX_ERRORS       100u                /* recorded; later ones counted */

typedef enum cs_df_kind {
	CS_DF_UNKNOWN = 0,
	CS_DF_FROM,
	CS_DF_RUN,
	CS_DF_CMD,
	CS_DF_LABEL,
	CS_DF_MAINTAINER,
	CS_DF_EXPOSE,
	CS_DF_ENV,
	CS_DF_ADD,
	CS_DF_COPY,
	CS_DF_ENTRYPOINT,
	CS_DF_VOLUME,
	CS_DF_USER,
	CS_DF_WORKDIR,
	CS_DF_ARG,
	CS_DF_ONBUILD,
	CS_DF_STOPSIGNAL,
	CS_DF_HEALTHCHECK,
	CS_DF_SHELL,
} cs_df_kind;

/* "RUN", "COPY", ... for a kind; "UNKNOWN" for CS_DF_UNKNOWN. */
const char *cs_df_kind_name(cs_df_kind k);
/* The instruction a keyword of n bytes names (any case), or CS_DF_UNKNOWN. */
cs_df_kind cs_df_kind_of(const char *s, size_t n);

/* --name[=value] */
typedef struct cs_df_flag {
	const char *name;    /* without the leading "--" */
	const char *value;   /* NULL when no "=" was given (e.g. --link) */
	cs_mark mark;        /* position of the first '-' */
} cs_df_flag;

/* One argument word.  Shell form: split on unquoted whitespace, quotes and
 * escapes removed, "$VAR" left literal.  Exec form: a decoded JSON string. */
typedef struct cs_df_word {
	const char *text;
	cs_mark mark;        /* position of the word's first character */
} cs_df_word;

/* ENV / LABEL / ARG pairs.  `ENV K V` (legacy form) is one pair too. */
typedef struct cs_df_kv {
	const char *key;
	const char *value;   /* NULL for `ARG NAME` without a default */
	cs_mark key_mark;
	cs_mark value_mark;  /* 0:0 when value is NULL */
} cs_df_kv;

typedef struct cs_df_heredoc {
	const char *delim;   /* without quotes */
	bool quoted;         /* delimiter was quoted: no expansion in the body */
	bool strip_tabs;     /* <<- : leading tabs removed from body lines */
	const char *body;    /* body lines joined with '\n' (final '\n' kept) */
	size_t body_len;
	cs_mark mark;        /* position of "<<" on the instruction line */
	cs_mark body_mark;   /* line of the first body line, column 1 */
	uint32_t end_line;   /* line of the terminating delimiter */
} cs_df_heredoc;

/* Maps byte offsets of a joined args string back to source positions:
 * args[off .. next seg's off) starts at `mark` and runs along one line. */
typedef struct cs_df_seg {
	size_t off;
	cs_mark mark;
} cs_df_seg;

typedef struct cs_df_instr cs_df_instr;
struct cs_df_instr {
	cs_df_kind kind;
	const char *keyword;      /* as written: "run", "Run", "FROM" */
	cs_mark start;            /* first character of the keyword */
	cs_mark end;              /* last line/column of the instruction,
	                             heredoc terminators included */
	cs_df_flag *flags;
	size_t nflags;
	const char *args;         /* after the flags; continuations joined
	                             (escape+newline removed), heredoc bodies not
	                             included; "" when empty */
	size_t args_len;
	cs_df_seg *segs;          /* position map for args; nsegs >= 1 */
	size_t nsegs;
	bool json_form;           /* exec form: args was a JSON string array */
	cs_df_word *words;        /* see cs_df_word */
	size_t nwords;
	cs_df_kv *kvs;            /* ENV, LABEL, ARG */
	size_t nkvs;
	cs_df_heredoc *heredocs;
	size_t nheredocs;
	cs_df_instr *sub;         /* ONBUILD: the trigger instruction */
	int stage;                /* index of the stage (FROM) it belongs to;
	                             -1 for global ARGs before the first FROM */
	size_t index;             /* position in cs_dockerfile.instrs */
};

/* A comment line, kept for pragmas (customs:ignore, hadolint ignore=). */
typedef struct cs_df_comment {
	const char *text;         /* after '#', leading blanks removed */
	cs_mark mark;             /* position of '#' */
	size_t next_instr;        /* index of the instruction that follows it,
	                             or ninstrs when none does */
} cs_df_comment;

typedef struct cs_df_directive {
	const char *key;          /* lower-cased: "syntax", "escape", "check" */
	const char *value;
	cs_mark mark;
} cs_df_directive;

typedef struct cs_df_diag {
	cs_errcode code;          /* CS_ERR_PARSE or CS_ERR_LIMIT */
	cs_mark mark;
	const char *message;
} cs_df_diag;

typedef struct cs_dockerfile {
	char escape;              /* '\\' or '`' */
	cs_df_directive *directives;
	size_t ndirectives;
	cs_df_instr *instrs;
	size_t ninstrs;
	cs_df_comment *comments;
	size_t ncomments;
	cs_df_diag *errors;       /* syntax problems; parsing went on */
	size_t nerrors;
	size_t nerrors_dropped;   /* beyond CS_DF_MAX_ERRORS */
	uint32_t nlines;
} cs_dockerfile;

/*
 * Parse src[0..len).  Returns false only when nothing useful could be
 * parsed (NUL bytes, over CS_DF_MAX_BYTES, out of arena memory); err says
 * why and where.  Otherwise returns true; recoverable problems (unknown
 * instruction, unterminated heredoc or JSON array, invalid UTF-8, flag
 * syntax) are listed in out->errors with positions.
 */
bool cs_df_parse(const char *src, size_t len, cs_arena *a, cs_dockerfile *out,
		 cs_error *err);

/* Source position of byte `off` of in->args. */
cs_mark cs_df_args_mark(const cs_df_instr *in, size_t off);

/* End of the raw word that starts at s[i]: BuildKit's word splitting, where
 * quotes and escape pairs bind and only unquoted blanks separate. */
size_t cs_df_word_end(const char *s, size_t n, size_t i, char esc);

/* The flag named `name` (without "--"), or NULL.  The last one wins, as in
 * BuildKit, except --mount which may repeat: use cs_df_flag_next. */
const cs_df_flag *cs_df_flag_get(const cs_df_instr *in, const char *name);
/* Iterate flags named `name`: pass NULL first, then the previous result. */
const cs_df_flag *cs_df_flag_next(const cs_df_instr *in, const char *name,
				  const cs_df_flag *prev);

#endif

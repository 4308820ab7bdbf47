/*
 * engine.h - scan one input and score it.
 *
 * The engine is the pipeline of DESIGN.md for one file: read (bounded) ->
 * parse -> normalize -> run the rules that apply -> findings -> suppressions
 * -> score.  It is reentrant: the CLI runs several at once on worker threads,
 * each with its own cs_file_result, and reports them in input order.
 */
#ifndef CS_ENGINE_H
#define CS_ENGINE_H

#include <stdbool.h>
#include <stddef.h>

#include "config.h"
#include "finding.h"
#include "model/build.h"
#include "util/arena.h"

#define CS_FILE_ARENA_CAP (512u * 1024 * 1024)

typedef enum cs_file_kind {
	CS_KIND_UNKNOWN = 0,
	CS_KIND_DOCKERFILE,
} cs_file_kind;

const char *cs_file_kind_name(cs_file_kind k);   /* "dockerfile" */

typedef struct cs_score {
	double passed;             /* weight of passed checks */
	double total;              /* weight of applicable checks */
	bool has_score;            /* total > 0 */
	double value;              /* 0..100, capped at 59.99 on a critical */
	bool capped;
	const char *grade;         /* "A+" .. "F", or "n/a" */
	bool critical;             /* an unsuppressed critical check failed */
} cs_score;

typedef struct cs_scan_opts {
	const cs_config *config;   /* may be NULL */
	cs_build_opts build;       /* --target, --build-arg */
} cs_scan_opts;

typedef struct cs_file_result {
	const char *path;          /* display path */
	cs_file_kind kind;
	cs_arena arena;            /* owns everything below */
	cs_finding *findings;      /* sorted: line, column, rule id */
	size_t nfindings;
	cs_check *checks;          /* sorted by rule id, subject */
	size_t nchecks;
	cs_score score;
	bool input_error;          /* read/parse error reported (exit 3) */
	size_t counts[CS_SEV_COUNT];   /* unsuppressed findings by severity */
	size_t nsuppressed;
} cs_file_result;

/* A worker's reusable memory: the arena that holds one file's syntax tree
 * and the rules' scratch while it is scanned, reset (not freed) between
 * files.  One per thread. */
typedef struct cs_scanner {
	cs_arena work;
} cs_scanner;

void cs_scanner_init(cs_scanner *s);
void cs_scanner_free(cs_scanner *s);
void cs_scanner_buffer(cs_scanner *s, cs_file_result *r, const char *path,
		       cs_file_kind kind, const char *data, size_t len,
		       const cs_scan_opts *opts);
void cs_scanner_file(cs_scanner *s, cs_file_result *r, const char *fs_path,
		     const char *path, cs_file_kind kind,
		     const cs_scan_opts *opts);
/* A result holding one INPUT-* finding (rule_id) with message msg at 1:1,
 * for an input that could not even be read (e.g. an unreadable directory
 * met while walking). */
void cs_scanner_failure(cs_scanner *s, cs_file_result *r, const char *path,
			cs_file_kind kind, const char *rule_id, const char *msg);

/* The same with a scanner of their own (tests, one-off scans).
 * Scan bytes already read.  Never fails: problems become input findings.
 * `path` is the display path (also matched against config globs). */
void cs_scan_buffer(cs_file_result *r, const char *path, cs_file_kind kind,
		    const char *data, size_t len, const cs_scan_opts *opts);

/* Read a file (bounded by CS_DF_MAX_BYTES) and scan it.  A read failure
 * becomes an INPUT-READ finding. */
void cs_scan_file(cs_file_result *r, const char *fs_path, const char *path,
		  cs_file_kind kind, const cs_scan_opts *opts);

void cs_file_result_free(cs_file_result *r);

/* Score from a set of checks (DESIGN.md "Score and grade"). */
void cs_score_checks(cs_score *s, const cs_check *checks, size_t n);
/* Sum several files' checks into a run score. */
void cs_score_add(cs_score *run, const cs_file_result *r);
void cs_score_finish(cs_score *s, bool any_capped);
const char *cs_grade(double score);

/* The whole run, as the reports see it. */
typedef struct cs_run {
	const char *tool_version;
	cs_file_result **files;    /* in deterministic (input) order */
	size_t nfiles;
	cs_score score;            /* aggregated over all files */
	size_t counts[CS_SEV_COUNT];
	size_t nsuppressed;
	bool input_error;
	/* the gate as applied */
	bool has_min_score;
	double min_score;
	bool has_fail_on;
	cs_severity fail_on;
	bool gate_failed;
	const char *gate_reason;   /* "score 54.2 is under --min-score 70", or NULL */
	char gate_reason_buf[160]; /* storage gate_reason points into */
} cs_run;

#endif

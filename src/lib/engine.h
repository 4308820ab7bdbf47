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
#include "rules/rule.h"
#include "util/arena.h"

#define CS_FILE_ARENA_CAP (512u * 1024 * 1024)

typedef enum cs_file_kind {
	CS_KIND_UNKNOWN = 0,       /* told by content */
	CS_KIND_DOCKERFILE,
	CS_KIND_COMPOSE,
	CS_KIND_K8S,
	CS_KIND_YAML,              /* YAML or JSON: Compose or Kubernetes by
	                              content, else skipped */
	CS_KIND_IMAGE,             /* a container image (customs image audit) */
} cs_file_kind;

/* "dockerfile", "compose", "kubernetes", "yaml", "image", "unknown" */
const char *cs_file_kind_name(cs_file_kind k);

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
	/* Compose interpolation: "NAME=value" entries of the process
	 * environment, NULL-terminated (NULL: none), and the contents of
	 * --env-file, read instead of the .env beside each Compose file. */
	const char *const *environ;
	const char *env_file_data;
	size_t env_file_len;
	/* Pod Security Standards evaluation (--pss): 0 none, else the level
	 * and the Kubernetes minor version whose rules apply. */
	int pss_level;             /* cs_pss_level */
	int pss_minor;             /* e.g. 35 for v1.35 */
	/* The input was named on the command line: a YAML file that is
	 * neither Compose nor Kubernetes then gets a notice. */
	bool named;
} cs_scan_opts;

/* A fact a Kubernetes file contributes to questions about the whole scan
 * set (rule.h, cs_xref): kept with the file's result until the run has
 * answered every file's questions. */
typedef struct cs_xfact {
	cs_xref_kind answers;      /* the question kind it can answer */
	const char *ns;
	const char *name;          /* SA or role name */
	const char *role_kind;
	cs_k8s_kv *labels;         /* a workload's pod labels */
	size_t nlabels;
	cs_k8s_selector *selector; /* a NetworkPolicy's pod selector */
} cs_xfact;

/* A Dockerfile a Compose service builds from, which the scan must cover
 * too (run.c scans it when discovery did not). */
typedef struct cs_link {
	const char *fs_path;       /* what to open */
	const char *display;       /* what reports show */
} cs_link;

/* A tentative finding's question, by the index of its finding. */
typedef struct cs_xpending {
	size_t finding;            /* index into findings */
	cs_xref q;
} cs_xpending;

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
	bool skipped;              /* not scanned (not Compose or Kubernetes,
	                              a Helm template, a kustomization); not
	                              counted; `notice` says why, if anyone
	                              should be told */
	const char *notice;
	cs_xfact *facts;           /* Kubernetes facts for cross-file rules */
	size_t nfacts;
	cs_xpending *pending;      /* tentative findings */
	size_t npending;
	struct cs_pss_result *pss; /* --pss: one verdict per workload */
	size_t npss;
	cs_link *links;            /* Dockerfiles linked from Compose services */
	size_t nlinks;
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

/* An input that was not scanned, and why (a Helm template, ...). */
typedef struct cs_notice {
	char *path;
	char *message;
} cs_notice;

/* The whole run, as the reports see it. */
typedef struct cs_run {
	const char *tool_version;
	cs_file_result **files;    /* in deterministic (input) order; inputs
	                              that were skipped are not among them */
	size_t nfiles;
	cs_notice *notices;        /* in input order */
	size_t nnotices;
	cs_score score;            /* aggregated over all files */
	size_t counts[CS_SEV_COUNT];
	size_t nsuppressed;
	bool input_error;
	/* the gate as applied */
	bool has_min_score;
	double min_score;
	bool has_fail_on;
	cs_severity fail_on;
	/* --pss as applied: the level asked, the version assumed, and how
	 * many workloads fall short of it */
	int pss_level;
	int pss_minor;
	size_t pss_failed;
	size_t pss_workloads;
	bool gate_failed;
	const char *gate_reason;   /* "score 54.2 is under --min-score 70", or NULL */
	char gate_reason_buf[160]; /* storage gate_reason points into */
} cs_run;

#endif

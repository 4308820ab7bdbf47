/*
 * finding.h - what a rule reports, and the checks the score is made from.
 *
 * A finding has a location (file, 1-based line and column; a file-level
 * finding is line 1), the subject it is about ("stage builder"), the rule,
 * the effective severity, a message naming the offending value, and a
 * fingerprint that survives line moves (rule + file + subject + path + the
 * offending value), for baselines and SARIF partialFingerprints.
 *
 * A check is one (subject, rule) pair that applied: it passed, failed, or was
 * suppressed.  The score is computed from checks, not from finding counts, so
 * ten unpinned packages cost the same as one.
 */
#ifndef CS_FINDING_H
#define CS_FINDING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/error.h"

typedef enum cs_severity {
	CS_SEV_INFO = 0,
	CS_SEV_LOW,
	CS_SEV_MEDIUM,
	CS_SEV_HIGH,
	CS_SEV_CRITICAL,
} cs_severity;

#define CS_SEV_COUNT 5

const char *cs_severity_name(cs_severity s);      /* "info" .. "critical" */
bool cs_severity_parse(const char *s, cs_severity *out);
int cs_severity_weight(cs_severity s);            /* 0 1 3 6 10 */

typedef enum cs_supp {
	CS_SUPP_NONE = 0,
	CS_SUPP_INLINE,      /* # customs:ignore=ID (or hadolint ignore=) */
	CS_SUPP_FILE,        /* # customs:ignore-file=ID */
	CS_SUPP_CONFIG,      /* .customs.yaml ignore: */
	CS_SUPP_ANNOTATION,  /* K8s annotation customs.dev/ignore */
} cs_supp;

/* "inline", "file", "config", "annotation" */
const char *cs_supp_name(cs_supp s);

typedef struct cs_rule cs_rule;

typedef struct cs_finding {
	const cs_rule *rule;
	cs_severity severity;     /* after config overrides */
	const char *file;         /* display path */
	cs_mark start;
	cs_mark end;              /* == start when unknown */
	uint32_t anchor_line;     /* first line of the instruction or object the
	                             finding belongs to (inline suppressions);
	                             0 for file-level findings */
	const char *subject;      /* "stage builder", "stage final", "file" */
	const char *path;         /* YAML path, or NULL */
	const char *value;        /* the offending value, or NULL */
	const char *message;
	cs_supp suppressed;
	const char *supp_reason;  /* justification given, or NULL */
	const char *note;         /* e.g. "waiver expired on 2026-01-01", or NULL */
	char fingerprint[17];     /* 16 hex digits */
	const struct cs_xref *xref;   /* while a file is scanned: the question
	                                 a tentative finding depends on */
} cs_finding;

typedef enum cs_check_status {
	CS_CHECK_PASSED = 0,
	CS_CHECK_FAILED,
	CS_CHECK_SUPPRESSED,      /* every finding suppressed, or rule waived */
} cs_check_status;

typedef struct cs_check {
	const cs_rule *rule;
	const char *subject;      /* the scored subject, e.g. "build" */
	cs_severity severity;     /* effective */
	cs_check_status status;
} cs_check;

/* Stable 64-bit FNV-1a over the parts, as 16 lowercase hex digits. */
void cs_fingerprint(char out[17], const char *rule_id, const char *file,
		    const char *subject, const char *path, const char *value);

/* The same hash built part by part, for callers that hash many findings:
 * start from CS_FP_INIT, add each part in order with cs_fp_part (NULL
 * reads as ""), or raw bytes with no separator with cs_fp_bytes; then
 * cs_fp_hex spells it as cs_fingerprint does. */
#define CS_FP_INIT 0xcbf29ce484222325ULL
uint64_t cs_fp_part(uint64_t h, const char *s);
uint64_t cs_fp_bytes(uint64_t h, const char *s, size_t n);
void cs_fp_hex(char out[17], uint64_t h);

#endif

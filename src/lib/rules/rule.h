/*
 * rule.h - what a rule is.
 *
 * A rule is one row in a `static const` table in its family's file
 * (df-user.c, df-secrets.c, ...): its id, title, severity and references live
 * beside its check function, and `customs rules`, docs/rules/ and the
 * migration table are generated from the rows.  registry.c lists the
 * families; nothing else needs to change to add a rule.
 *
 * A check function inspects one normalized subject and reports findings
 * through the context.  It returns whether the rule applied at all (a rule on
 * apt-get pinning does not apply to a Dockerfile that installs nothing); an
 * applicable rule with no findings passed.  A check never parses text and
 * never allocates outside the context's arena.
 */
#ifndef CS_RULE_H
#define CS_RULE_H

#include <stdbool.h>
#include <stddef.h>

#include "../finding.h"
#include "../model/build.h"

/* What a rule inspects. */
enum {
	CS_TARGET_DOCKERFILE = 1u << 0,
	CS_TARGET_COMPOSE    = 1u << 1,
	CS_TARGET_K8S        = 1u << 2,
	CS_TARGET_INPUT      = 1u << 7,   /* read/parse errors: not scored */
};

/* Where in a Dockerfile a rule looks. */
typedef enum cs_scope {
	CS_SCOPE_FILE = 0,        /* the file as a whole */
	CS_SCOPE_FINAL_STAGE,     /* the stage that is built (and its bases) */
	CS_SCOPE_EVERY_STAGE,     /* every stage: layers keep what builders did */
} cs_scope;

const char *cs_scope_name(cs_scope s);   /* "file", "final stage", "every stage" */

typedef struct cs_config cs_config;
typedef struct cs_df_check cs_df_check;

struct cs_rule {
	const char *id;           /* DF-USER-ROOT: public, never reused */
	const char *title;        /* one line, no final period */
	cs_severity severity;
	unsigned targets;         /* CS_TARGET_* */
	cs_scope scope;
	const char *rationale;    /* why it matters (a paragraph) */
	const char *remediation;  /* what to do */
	const char *example;      /* a corrected snippet */
	/* references; "" when none */
	const char *cis;          /* "CIS Docker 1.6 4.1" */
	const char *nist;         /* "NIST SP 800-190 3.1.2" */
	const char *owasp;        /* "OWASP Docker Top 10 D01" */
	const char *hadolint;     /* "DL3002,DL3004" */
	const char *trivy;        /* "DS-0002" */
	const char *checkov;      /* "CKV_DOCKER_3" */
	const char *kics;         /* KICS query title(s) */
	bool (*check_df)(cs_df_check *c);
};

/* The context a Dockerfile check runs in. */
struct cs_df_check {
	const cs_rule *rule;
	const cs_build *build;
	const cs_dockerfile *df;
	const cs_config *config;  /* may be NULL */
	cs_arena *arena;          /* for message text */
	void *sink;               /* private to the engine */
};

/*
 * Report a finding of c->rule.  `in` is the instruction it is about (its
 * start line anchors inline suppressions and its stage names the subject), or
 * NULL for a file-level finding (line 1, subject "stage final").  `at` is the
 * exact position of the offending text (0:0 means in->start).  `value` is the
 * offending value (it feeds the fingerprint); the message should quote it.
 */
void cs_df_report(cs_df_check *c, const cs_df_instr *in, cs_mark at,
		  const char *value, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

/* All rules, sorted by id. */
const cs_rule *const *cs_rules_all(size_t *n);
const cs_rule *cs_rule_find(const char *id);
/* Rules whose hadolint column names `dl` (e.g. "DL3008"); returns count,
 * fills up to max. */
size_t cs_rules_for_hadolint(const char *dl, const cs_rule **out, size_t max);

/* The documentation URL of a rule. */
#define CS_DOCS_BASE "https://customs.dev/docs/rules/"

#endif

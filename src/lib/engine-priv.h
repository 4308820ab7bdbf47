/*
 * engine-priv.h - what the engine's parts share: the per-file collector.
 *
 * engine.c owns the pipeline's common half (findings, suppressions, checks,
 * ordering, compaction) and the Dockerfile scan; scan-yaml.c scans Compose
 * files and Kubernetes manifests into the same collector.  Nothing outside
 * the engine includes this.
 */
#ifndef CS_ENGINE_PRIV_H
#define CS_ENGINE_PRIV_H

#include "engine.h"

typedef struct pragma {
	const cs_rule *rule;
	uint32_t anchor_line;     /* 0: the whole file */
	cs_supp kind;
	const char *reason;
} pragma;

typedef struct collector {
	cs_file_result *r;
	cs_arena *a;               /* the scanner's work arena */
	const cs_scan_opts *opts;
	const char *fs_path;       /* the file read, or NULL (standard input) */
	cs_finding *v;
	size_t n, cap;
	pragma *pragmas;
	size_t npragmas, pragma_cap;
	const cs_build *build;
	/* the subject findings are reported on (YAML scans) */
	const char *subject;
	uint32_t anchor_line;
	const cs_k8s_kv *ignore;   /* the object's customs.dev/ignore */
	/* cross-file questions and facts */
	cs_xpending *pending;
	size_t npending, pending_cap;
	cs_xfact *facts;
	size_t nfacts, facts_cap;
	struct cs_pss_result *pss; /* --pss verdicts */
	size_t npss, pss_cap;
	cs_link *links;
	size_t nlinks, links_cap;
} collector;

cs_finding *cs_eng_new_finding(collector *c);
void cs_eng_input_finding(collector *c, const char *rule_id, cs_mark at,
			  const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
void cs_eng_add_pragma(collector *c, const cs_rule *rule, uint32_t anchor,
		       cs_supp kind, const char *reason);
const char *cs_eng_skip_ws(const char *p);
/* "ID[,ID...] [reason]": where the ids end (the reason follows), and the
 * next id (false when none is left; ids of 64 bytes or more are skipped). */
const char *cs_eng_ids_end(const char *p);
bool cs_eng_next_id(const char **p, const char *end, char id[64]);
/* "ID[,ID...] [reason]": add a pragma per rule named (unknown ids are
 * INPUT-PARSE findings at mark). */
void cs_eng_parse_ids(collector *c, const char *p, cs_mark mark,
		      uint32_t anchor, cs_supp kind, bool hadolint);
void cs_eng_apply_suppressions(collector *c, size_t from);
/* Record the check of `rule` on `subject` from the findings since `first`. */
void cs_eng_add_check(collector *c, cs_check **v, size_t *n, size_t *cap,
		      const cs_rule *rule, const char *subject, size_t first);
void cs_eng_finish(collector *c, cs_check *checks, size_t nchecks);

/* scan-yaml.c */
void cs_eng_scan_yaml(collector *c, const char *data, size_t len);
/* The kind of an unnamed input by its first significant line. */
cs_file_kind cs_eng_sniff(const char *data, size_t len);

#endif

/*
 * json.c - our own JSON report (docs/json-output.md, schema version
 * CS_JSON_SCHEMA_VERSION, docs/customs-output.schema.json).
 *
 * Written with the JSON writer, never by pasting strings, so that hostile
 * text cannot break the document.  Every key is always present (null when
 * it has no value) so consumers need no existence checks, and keys appear
 * in a fixed order so the same run gives the same bytes.  Scores are
 * rounded to two decimals, as everywhere else.
 *
 * The document is streamed: the envelope (version, tool, summary) is
 * written first, then one file object at a time into the "files" array,
 * with the chunk handed to the sink between files.
 *
 * A rule's constant strings (id, title, remediation, help URI) are encoded
 * once per run and copied per finding: a large scan reports the same few
 * dozen rules hundreds of thousands of times.
 */
#include "report-priv.h"
#include "../pss.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

enum { RJ_ID, RJ_TITLE, RJ_REMEDIATION, RJ_HELP, RJ_COUNT };

typedef struct rule_json {
	const cs_rule *rule;       /* NULL: free slot */
	size_t off[RJ_COUNT];      /* into the cache's text */
	size_t len[RJ_COUNT];
} rule_json;

typedef struct rule_cache {
	rule_json *v;              /* open addressing, cap a power of two */
	size_t n, cap;
	cs_buf text;               /* the encoded strings, back to back */
	bool broken;               /* out of memory: encode as we go */
} rule_cache;

static size_t slot_of(const cs_rule *r, size_t cap)
{
	uint64_t h = (uint64_t)(uintptr_t)r * 0x9e3779b97f4a7c15ULL;
	return (size_t)(h >> 32) & (cap - 1);
}

static bool cache_grow(rule_cache *c)
{
	size_t nc = c->cap ? c->cap * 2 : 256;
	rule_json *v = calloc(nc, sizeof(*v));
	if (!v)
		return false;
	for (size_t i = 0; i < c->cap; i++) {
		if (!c->v[i].rule)
			continue;
		size_t k = slot_of(c->v[i].rule, nc);
		while (v[k].rule)
			k = (k + 1) & (nc - 1);
		v[k] = c->v[i];
	}
	free(c->v);
	c->v = v;
	c->cap = nc;
	return true;
}

static bool encode(rule_cache *c, rule_json *e, int which, const char *s)
{
	e->off[which] = c->text.len;
	if (!cs_jw_encode(&c->text, s))
		return false;
	e->len[which] = c->text.len - e->off[which];
	return true;
}

/* The encoded strings of rule r, or NULL (then the caller encodes). */
static const rule_json *cached(rule_cache *c, const cs_rule *r)
{
	if (c->broken)
		return NULL;
	if (2 * (c->n + 1) > c->cap && !cache_grow(c)) {
		c->broken = true;
		return NULL;
	}
	size_t k = slot_of(r, c->cap);
	while (c->v[k].rule && c->v[k].rule != r)
		k = (k + 1) & (c->cap - 1);
	rule_json *e = &c->v[k];
	if (e->rule)
		return e;
	cs_buf help;
	cs_buf_init(&help, 0);
	cs_buf_adds(&help, CS_DOCS_BASE);
	cs_buf_adds(&help, cs_rep_rule_id(r));
	bool ok = !help.failed && encode(c, e, RJ_ID, cs_rep_rule_id(r)) &&
		  encode(c, e, RJ_TITLE, cs_rep_rule_title(r)) &&
		  encode(c, e, RJ_REMEDIATION, cs_rep_str(r->remediation)) &&
		  encode(c, e, RJ_HELP, help.data);
	cs_buf_free(&help);
	if (!ok) {
		c->broken = true;
		return NULL;
	}
	e->rule = r;
	c->n++;
	return e;
}

static void put_cached(cs_jw *w, const char *key, const rule_cache *c,
		       const rule_json *e, int which)
{
	cs_jw_raw(w, key, c->text.data + e->off[which], e->len[which]);
}

static void counts(cs_jw *w, const size_t counts[CS_SEV_COUNT])
{
	cs_jw_object(w, "findings");
	for (int s = CS_SEV_CRITICAL; s >= CS_SEV_INFO; s--)
		cs_jw_int(w, cs_severity_name((cs_severity)s),
			  (long long)counts[s]);
	cs_jw_end(w);
}

static void pss_summary(cs_jw *w, const cs_run *run)
{
	if (!run->pss_level) {
		cs_jw_null(w, "pod_security");
		return;
	}
	cs_jw_object(w, "pod_security");
	cs_jw_str(w, "level", cs_pss_level_name((cs_pss_level)run->pss_level));
	cs_jw_strf(w, "version", "v1.%d", run->pss_minor);
	cs_jw_int(w, "workloads", (long long)run->pss_workloads);
	cs_jw_int(w, "below", (long long)run->pss_failed);
	cs_jw_end(w);
}

static void gate(cs_jw *w, const cs_run *run)
{
	cs_jw_object(w, "gate");
	if (run->has_min_score)
		cs_rep_num(w, "min_score", run->min_score);
	else
		cs_jw_null(w, "min_score");
	cs_jw_str(w, "fail_on",
		  run->has_fail_on ? cs_severity_name(run->fail_on) : NULL);
	cs_jw_bool(w, "failed", run->gate_failed);
	cs_jw_str(w, "reason", run->gate_failed ? run->gate_reason : NULL);
	cs_jw_end(w);
}

static void score_fields(cs_jw *w, const cs_score *s)
{
	cs_rep_score(w, "score", s);
	cs_jw_str(w, "grade", s->has_score && s->grade ? s->grade : "n/a");
	cs_jw_bool(w, "capped", s->has_score && s->capped);
	cs_rep_num(w, "passed_weight", s->passed);
	cs_rep_num(w, "total_weight", s->total);
}

static const char *check_status(cs_check_status s)
{
	switch (s) {
	case CS_CHECK_PASSED:
		return "passed";
	case CS_CHECK_FAILED:
		return "failed";
	case CS_CHECK_SUPPRESSED:
		return "suppressed";
	}
	return "failed";
}

static void check(cs_jw *w, const cs_check *c)
{
	cs_jw_object(w, NULL);
	cs_jw_str(w, "rule", cs_rep_rule_id(c->rule));
	cs_jw_str(w, "subject", cs_rep_str(c->subject));
	cs_jw_str(w, "severity", cs_severity_name(c->severity));
	cs_jw_str(w, "status", check_status(c->status));
	cs_jw_end(w);
}

static void finding(cs_jw *w, const cs_finding *f, rule_cache *rc)
{
	const cs_rule *r = f->rule;
	const rule_json *e = r ? cached(rc, r) : NULL;
	cs_mark at, end;
	cs_rep_span(f, &at, &end);
	cs_jw_object(w, NULL);
	if (e) {
		put_cached(w, "rule", rc, e, RJ_ID);
		put_cached(w, "title", rc, e, RJ_TITLE);
	} else {
		cs_jw_str(w, "rule", cs_rep_rule_id(r));
		cs_jw_str(w, "title", cs_rep_rule_title(r));
	}
	cs_jw_str(w, "severity", cs_rep_sev_label(f));
	cs_jw_str(w, "message", cs_rep_str(f->message));
	cs_jw_str(w, "file", cs_rep_str(f->file));
	cs_jw_int(w, "line", at.line);
	cs_jw_int(w, "column", at.col);
	cs_jw_int(w, "end_line", end.line);
	cs_jw_int(w, "end_column", end.col);
	cs_jw_str(w, "subject", f->subject ? f->subject : "file");
	cs_jw_str(w, "path", f->path);
	cs_jw_str(w, "value", f->value);
	cs_jw_str(w, "fingerprint", f->fingerprint);
	if (e) {
		put_cached(w, "remediation", rc, e, RJ_REMEDIATION);
		put_cached(w, "help_uri", rc, e, RJ_HELP);
	} else {
		cs_jw_str(w, "remediation",
			  cs_rep_str(r ? r->remediation : NULL));
		if (r)
			cs_jw_strf(w, "help_uri", "%s%s", CS_DOCS_BASE,
				   cs_rep_rule_id(r));
		else
			cs_jw_str(w, "help_uri", "");
	}
	if (f->suppressed) {
		cs_jw_object(w, "suppressed");
		cs_jw_str(w, "kind", cs_supp_name(f->suppressed));
		cs_jw_str(w, "reason", f->supp_reason);
		cs_jw_end(w);
	} else {
		cs_jw_null(w, "suppressed");
	}
	cs_jw_str(w, "note", f->note);
	cs_jw_end(w);
}

/* --pss verdicts: null when not asked or no workload in the file. */
static void pss_results(cs_jw *w, const cs_file_result *r)
{
	if (!r->npss) {
		cs_jw_null(w, "pod_security");
		return;
	}
	cs_jw_array(w, "pod_security");
	for (size_t i = 0; i < r->npss; i++) {
		const cs_pss_result *p = &r->pss[i];
		cs_jw_object(w, NULL);
		cs_jw_str(w, "subject", cs_rep_str(p->subject));
		cs_jw_int(w, "line", p->at.line);
		cs_jw_int(w, "column", p->at.col);
		cs_jw_str(w, "level", cs_pss_level_name(p->met));
		cs_jw_array(w, "failures");
		for (size_t k = 0; k < p->nfailures; k++) {
			const cs_pss_failure *f = &p->failures[k];
			cs_jw_object(w, NULL);
			cs_jw_str(w, "control", f->control);
			cs_jw_str(w, "level", cs_pss_level_name(f->level));
			cs_jw_str(w, "message", f->message);
			cs_jw_int(w, "line", f->at.line);
			cs_jw_int(w, "column", f->at.col);
			cs_jw_str(w, "path", f->path);
			cs_jw_end(w);
		}
		cs_jw_end(w);
		cs_jw_end(w);
	}
	cs_jw_end(w);
}

static void file(cs_jw *w, const cs_file_result *r, rule_cache *rc)
{
	cs_jw_object(w, NULL);
	cs_jw_str(w, "path", cs_rep_str(r->path));
	cs_jw_str(w, "kind", cs_file_kind_name(r->kind));
	score_fields(w, &r->score);
	cs_jw_bool(w, "input_error", r->input_error);
	cs_jw_array(w, "checks");
	for (size_t i = 0; i < r->nchecks; i++)
		check(w, &r->checks[i]);
	cs_jw_end(w);
	cs_jw_array(w, "findings");
	for (size_t i = 0; i < r->nfindings; i++)
		finding(w, &r->findings[i], rc);
	cs_jw_end(w);
	pss_results(w, r);
	cs_jw_end(w);
}

bool cs_rep_json(cs_sink *sink, const cs_run *run)
{
	cs_buf chunk;
	cs_buf_init(&chunk, 0);
	cs_jw w;
	cs_jw_init(&w, &chunk);
	cs_jw_object(&w, NULL);
	cs_jw_str(&w, "version", CS_JSON_SCHEMA_VERSION);

	cs_jw_object(&w, "tool");
	cs_jw_str(&w, "name", "customs");
	cs_jw_str(&w, "version", cs_rep_str(run->tool_version));
	cs_jw_end(&w);

	cs_jw_object(&w, "summary");
	cs_jw_int(&w, "files", (long long)run->nfiles);
	score_fields(&w, &run->score);
	counts(&w, run->counts);
	cs_jw_int(&w, "suppressed", (long long)run->nsuppressed);
	cs_jw_bool(&w, "input_errors", run->input_error);
	pss_summary(&w, run);
	gate(&w, run);
	cs_jw_end(&w);

	rule_cache rc = {0};
	cs_buf_init(&rc.text, 0);
	cs_jw_array(&w, "files");
	for (size_t i = 0; i < run->nfiles && cs_rep_flush(sink, &chunk); i++)
		file(&w, run->files[i], &rc);
	cs_jw_end(&w);
	free(rc.v);
	cs_buf_free(&rc.text);
	cs_jw_array(&w, "notices");
	for (size_t i = 0; i < run->nnotices; i++) {
		cs_jw_object(&w, NULL);
		cs_jw_str(&w, "file", run->notices[i].path);
		cs_jw_str(&w, "message", run->notices[i].message);
		cs_jw_end(&w);
	}
	cs_jw_end(&w);
	cs_jw_end(&w);
	cs_buf_addc(&chunk, '\n');
	bool ok = cs_rep_flush(sink, &chunk);
	cs_buf_free(&chunk);
	return ok;
}

/*
 * json.c - our own JSON report (docs/json-output.md, schema version
 * CS_JSON_SCHEMA_VERSION, docs/customs-output.schema.json).
 *
 * Built as a jansson tree, never by pasting strings, so that hostile text
 * cannot break the document.  Every key is always present (null when it has
 * no value) so consumers need no existence checks, and keys appear in a
 * fixed order so the same run gives the same bytes.  Scores are rounded to
 * two decimals, as everywhere else.
 *
 * The document is streamed: the envelope (version, tool, summary) is
 * written first, then one file object at a time is built, dumped into the
 * "files" array and freed, so a large run never exists as one tree.
 */
#include "report-priv.h"

static json_t *counts_obj(const size_t counts[CS_SEV_COUNT], bool *ok)
{
	json_t *o = json_object();
	for (int s = CS_SEV_CRITICAL; s >= CS_SEV_INFO; s--)
		cs_rep_set(o, cs_severity_name((cs_severity)s),
			   json_integer((json_int_t)counts[s]), ok);
	return o;
}

static json_t *gate_obj(const cs_run *run, bool *ok)
{
	json_t *g = json_object();
	cs_rep_set(g, "min_score",
		   run->has_min_score ? cs_rep_jnum(run->min_score)
				      : json_null(),
		   ok);
	cs_rep_set(g, "fail_on",
		   run->has_fail_on
			   ? json_string(cs_severity_name(run->fail_on))
			   : json_null(),
		   ok);
	cs_rep_set(g, "failed", json_boolean(run->gate_failed), ok);
	cs_rep_set(g, "reason",
		   run->gate_failed ? cs_rep_jstr_or_null(run->gate_reason)
				    : json_null(),
		   ok);
	return g;
}

static void add_score_fields(json_t *o, const cs_score *s, bool *ok)
{
	cs_rep_set(o, "score", cs_rep_jscore(s), ok);
	cs_rep_set(o, "grade",
		   json_string(s->has_score && s->grade ? s->grade : "n/a"),
		   ok);
	cs_rep_set(o, "capped", json_boolean(s->has_score && s->capped), ok);
	cs_rep_set(o, "passed_weight", cs_rep_jnum(s->passed), ok);
	cs_rep_set(o, "total_weight", cs_rep_jnum(s->total), ok);
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

static json_t *check_obj(const cs_check *c, bool *ok)
{
	json_t *o = json_object();
	cs_rep_set(o, "rule", cs_rep_jstr(cs_rep_rule_id(c->rule)), ok);
	cs_rep_set(o, "subject", cs_rep_jstr(c->subject), ok);
	cs_rep_set(o, "severity", json_string(cs_severity_name(c->severity)),
		   ok);
	cs_rep_set(o, "status", json_string(check_status(c->status)), ok);
	return o;
}

static json_t *finding_obj(const cs_finding *f, bool *ok)
{
	const cs_rule *r = f->rule;
	cs_mark at, end;
	cs_rep_span(f, &at, &end);
	json_t *o = json_object();
	cs_rep_set(o, "rule", cs_rep_jstr(cs_rep_rule_id(r)), ok);
	cs_rep_set(o, "title", cs_rep_jstr(cs_rep_rule_title(r)), ok);
	cs_rep_set(o, "severity", json_string(cs_rep_sev_label(f)), ok);
	cs_rep_set(o, "message", cs_rep_jstr(f->message), ok);
	cs_rep_set(o, "file", cs_rep_jstr(f->file), ok);
	cs_rep_set(o, "line", json_integer(at.line), ok);
	cs_rep_set(o, "column", json_integer(at.col), ok);
	cs_rep_set(o, "end_line", json_integer(end.line), ok);
	cs_rep_set(o, "end_column", json_integer(end.col), ok);
	cs_rep_set(o, "subject", cs_rep_jstr(f->subject ? f->subject : "file"),
		   ok);
	cs_rep_set(o, "path", cs_rep_jstr_or_null(f->path), ok);
	cs_rep_set(o, "value", cs_rep_jstr_or_null(f->value), ok);
	cs_rep_set(o, "fingerprint", cs_rep_jstr(f->fingerprint), ok);
	cs_rep_set(o, "remediation", cs_rep_jstr(r ? r->remediation : ""), ok);
	cs_rep_set(o, "help_uri",
		   r ? json_sprintf("%s%s", CS_DOCS_BASE, cs_rep_rule_id(r))
		     : json_string(""),
		   ok);
	json_t *supp = json_null();
	if (f->suppressed) {
		supp = json_object();
		cs_rep_set(supp, "kind",
			   json_string(cs_supp_name(f->suppressed)), ok);
		cs_rep_set(supp, "reason", cs_rep_jstr_or_null(f->supp_reason),
			   ok);
	}
	cs_rep_set(o, "suppressed", supp, ok);
	cs_rep_set(o, "note", cs_rep_jstr_or_null(f->note), ok);
	return o;
}

static json_t *file_obj(const cs_file_result *r, bool *ok)
{
	json_t *o = json_object();
	cs_rep_set(o, "path", cs_rep_jstr(r->path), ok);
	cs_rep_set(o, "kind", json_string(cs_file_kind_name(r->kind)), ok);
	add_score_fields(o, &r->score, ok);
	cs_rep_set(o, "input_error", json_boolean(r->input_error), ok);
	json_t *checks = json_array();
	for (size_t i = 0; i < r->nchecks; i++)
		cs_rep_push(checks, check_obj(&r->checks[i], ok), ok);
	cs_rep_set(o, "checks", checks, ok);
	json_t *findings = json_array();
	for (size_t i = 0; i < r->nfindings; i++)
		cs_rep_push(findings, finding_obj(&r->findings[i], ok), ok);
	cs_rep_set(o, "findings", findings, ok);
	return o;
}

bool cs_rep_json(cs_sink *sink, const cs_run *run)
{
	cs_buf chunk;
	cs_buf_init(&chunk, 0);
	cs_jw w;
	cs_jw_init(&w, &chunk);
	bool ok = true;
	cs_jw_open(&w, NULL, '{');
	cs_jw_put(&w, "version", json_string(CS_JSON_SCHEMA_VERSION), ok);

	json_t *tool = json_object();
	cs_rep_set(tool, "name", json_string("customs"), &ok);
	cs_rep_set(tool, "version", cs_rep_jstr(run->tool_version), &ok);
	cs_jw_put(&w, "tool", tool, ok);

	ok = true;
	json_t *sum = json_object();
	cs_rep_set(sum, "files", json_integer((json_int_t)run->nfiles), &ok);
	add_score_fields(sum, &run->score, &ok);
	cs_rep_set(sum, "findings", counts_obj(run->counts, &ok), &ok);
	cs_rep_set(sum, "suppressed",
		   json_integer((json_int_t)run->nsuppressed), &ok);
	cs_rep_set(sum, "input_errors", json_boolean(run->input_error), &ok);
	cs_rep_set(sum, "gate", gate_obj(run, &ok), &ok);
	cs_jw_put(&w, "summary", sum, ok);

	cs_jw_open(&w, "files", '[');
	for (size_t i = 0; i < run->nfiles && cs_rep_flush(sink, &chunk); i++) {
		ok = true;
		json_t *f = file_obj(run->files[i], &ok);
		cs_jw_put(&w, NULL, f, ok);
	}
	cs_jw_close(&w, ']');
	cs_jw_close(&w, '}');
	cs_buf_addc(&chunk, '\n');
	ok = cs_rep_flush(sink, &chunk);
	cs_buf_free(&chunk);
	return ok;
}

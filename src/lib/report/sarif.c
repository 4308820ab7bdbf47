/*
 * sarif.c - SARIF 2.1.0, for code scanning dashboards (GitHub, GitLab, IDEs).
 *
 * One run.  The driver lists only the rules that appear in the results,
 * sorted by id, so ruleIndex is stable for a given set of findings.
 * Locations are relative to %SRCROOT% (the directory the scan ran in) so the
 * log is the same on every machine; our fingerprint goes into
 * partialFingerprints so dashboards follow a finding when lines move.
 * Suppressed findings stay in the log with a suppression, as the standard
 * intends, and input errors are also tool execution notifications so that a
 * file that could not be read is never mistaken for a clean one.  Scores
 * have no SARIF home and travel in the run's property bag.
 *
 * The log is streamed.  A first pass over the findings (already in memory)
 * collects the rules, which the catalogue bounds; the results, the
 * notifications and the per-file scores are then built and dumped one at a
 * time into their arrays, so a large run never exists as one tree.
 */
#include "report-priv.h"

#include <stdlib.h>
#include <string.h>

#define SARIF_SCHEMA                                                       \
	"https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/" \
	"sarif-schema-2.1.0.json"
#define SRCROOT "%SRCROOT%"

static const char *level_of(cs_severity s)
{
	switch (s) {
	case CS_SEV_CRITICAL:
	case CS_SEV_HIGH:
		return "error";
	case CS_SEV_MEDIUM:
		return "warning";
	case CS_SEV_LOW:
	case CS_SEV_INFO:
		break;
	}
	return "note";
}

/* GitHub's security-severity scale: > 9 critical, >= 7 high, >= 4 medium. */
static const char *security_severity(cs_severity s)
{
	switch (s) {
	case CS_SEV_CRITICAL:
		return "9.5";
	case CS_SEV_HIGH:
		return "8.0";
	case CS_SEV_MEDIUM:
		return "5.5";
	case CS_SEV_LOW:
		return "3.0";
	case CS_SEV_INFO:
		break;
	}
	return "0.0";
}

static bool is_alnum(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9');
}

/* "Input could not be parsed" -> "InputCouldNotBeParsed". */
static void camel_case(cs_buf *b, const cs_rule *r)
{
	bool word_start = true;
	for (const char *p = cs_rep_rule_title(r); *p; p++) {
		if (!is_alnum(*p)) {
			word_start = true;
			continue;
		}
		char c = *p;
		if (word_start && c >= 'a' && c <= 'z')
			c = (char)(c - 'a' + 'A');
		cs_buf_addc(b, c);
		word_start = false;
	}
	if (b->len == 0)
		cs_buf_adds(b, cs_rep_rule_id(r));
}

/*
 * A relative URI reference for a display path: forward slashes, no leading
 * "./", and everything outside the unreserved and safe sub-delimiter
 * characters percent-encoded (spaces, '%', ':' which would read as a
 * scheme, non-ASCII bytes).  Absolute paths become file:// URIs.
 */
static bool add_uri(cs_buf *b, const char *path)
{
	static const char safe[] = "-._~/!$&'()*+,;=@";
	static const char hex[] = "0123456789ABCDEF";
	const char *p = path ? path : "";
	bool absolute = *p == '/' || *p == '\\';
	while (p[0] == '.' && (p[1] == '/' || p[1] == '\\'))
		for (p += 2; *p == '/' || *p == '\\'; p++)
			;
	if (absolute)
		cs_buf_adds(b, "file://");
	for (const unsigned char *q = (const unsigned char *)p; *q; q++) {
		char c = *q == '\\' ? '/' : (char)*q;
		if (is_alnum(c) || (c && strchr(safe, c))) {
			cs_buf_addc(b, c);
		} else {
			char e[3] = {'%', hex[*q >> 4], hex[*q & 15]};
			cs_buf_add(b, e, 3);
		}
	}
	return absolute;
}

static json_t *text_msg(const char *s, bool *ok)
{
	json_t *m = json_object();
	cs_rep_set(m, "text", cs_rep_jstr(s), ok);
	return m;
}

static json_t *rule_obj(const cs_rule *r, bool *ok)
{
	json_t *o = json_object();
	cs_buf b;
	cs_buf_init(&b, 0);
	camel_case(&b, r);
	cs_rep_set(o, "id", cs_rep_jstr(cs_rep_rule_id(r)), ok);
	cs_rep_set(o, "name", cs_rep_jstr(b.data), ok);
	cs_rep_set(o, "shortDescription", text_msg(cs_rep_rule_title(r), ok),
		   ok);
	const char *full = r->rationale && *r->rationale
				   ? r->rationale
				   : cs_rep_rule_title(r);
	cs_rep_set(o, "fullDescription", text_msg(full, ok), ok);

	const char *fix = r->remediation ? r->remediation : "";
	const char *ex = r->example ? r->example : "";
	json_t *help = json_object();
	cs_buf_reset(&b);
	cs_buf_adds(&b, fix);
	if (*ex)
		cs_buf_printf(&b, "\n\nExample:\n%s", ex);
	cs_rep_set(help, "text", cs_rep_jstr(b.data ? b.data : ""), ok);
	cs_buf_reset(&b);
	cs_buf_adds(&b, fix);
	if (*ex) {
		cs_buf_adds(&b, "\n\n");
		cs_rep_add_fenced(&b, ex,
				  r->targets & CS_TARGET_DOCKERFILE
					  ? "dockerfile"
					  : "");
	}
	cs_rep_set(help, "markdown", cs_rep_jstr(b.data ? b.data : ""), ok);
	cs_rep_set(o, "help", help, ok);
	cs_rep_set(o, "helpUri",
		   json_sprintf("%s%s", CS_DOCS_BASE, cs_rep_rule_id(r)), ok);

	json_t *conf = json_object();
	cs_rep_set(conf, "level",
		   json_string(r->targets & CS_TARGET_INPUT
				       ? "error"
				       : level_of(r->severity)),
		   ok);
	cs_rep_set(o, "defaultConfiguration", conf, ok);

	json_t *props = json_object();
	json_t *tags = json_array();
	cs_rep_push(tags, json_string("security"), ok);
	cs_rep_set(props, "tags", tags, ok);
	cs_rep_set(props, "security-severity",
		   json_string(security_severity(r->severity)), ok);
	cs_rep_set(props, "precision", json_string("high"), ok);
	cs_rep_set(o, "properties", props, ok);
	if (b.failed)
		*ok = false;
	cs_buf_free(&b);
	return o;
}

static int by_id(const void *a, const void *b)
{
	const cs_rule *const *x = a, *const *y = b;
	return strcmp(cs_rep_rule_id(*x), cs_rep_rule_id(*y));
}

/*
 * Every distinct rule of the run's findings, sorted by id.  Kept sorted as
 * it is built, so it holds one entry per rule, not one per finding.
 */
static const cs_rule **collect_rules(const cs_run *run, size_t *n, bool *ok)
{
	size_t cap = 16;
	const cs_rule **v = malloc(cap * sizeof(*v));
	*n = 0;
	if (!v) {
		*ok = false;
		return NULL;
	}
	for (size_t i = 0; i < run->nfiles; i++) {
		const cs_file_result *r = run->files[i];
		for (size_t j = 0; j < r->nfindings; j++) {
			const cs_rule *rule = r->findings[j].rule;
			if (!rule)
				continue;
			/* lower bound of rule's id */
			size_t lo = 0, hi = *n;
			while (lo < hi) {
				size_t mid = lo + (hi - lo) / 2;
				if (by_id(&v[mid], &rule) < 0)
					lo = mid + 1;
				else
					hi = mid;
			}
			if (lo < *n && by_id(&v[lo], &rule) == 0)
				continue;
			if (*n == cap) {
				const cs_rule **w =
					realloc(v, 2 * cap * sizeof(*v));
				if (!w) {
					free(v);
					*n = 0;
					*ok = false;
					return NULL;
				}
				v = w;
				cap *= 2;
			}
			memmove(v + lo + 1, v + lo, (*n - lo) * sizeof(*v));
			v[lo] = rule;
			(*n)++;
		}
	}
	return v;
}

static size_t rule_index(const cs_rule **v, size_t n, const cs_rule *r)
{
	const cs_rule **hit = bsearch(&r, v, n, sizeof(*v), by_id);
	return hit ? (size_t)(hit - v) : 0;
}

static json_t *location_obj(const cs_finding *f, const char *file, bool *ok)
{
	cs_mark at, end;
	cs_rep_span(f, &at, &end);
	cs_buf b;
	cs_buf_init(&b, 0);
	bool absolute = add_uri(&b, file);
	json_t *art = json_object();
	cs_rep_set(art, "uri", cs_rep_jstr(b.data ? b.data : ""), ok);
	if (!absolute)
		cs_rep_set(art, "uriBaseId", json_string(SRCROOT), ok);
	if (b.failed)
		*ok = false;
	cs_buf_free(&b);

	json_t *region = json_object();
	cs_rep_set(region, "startLine", json_integer(at.line), ok);
	cs_rep_set(region, "startColumn", json_integer(at.col), ok);
	cs_rep_set(region, "endLine", json_integer(end.line), ok);
	cs_rep_set(region, "endColumn", json_integer(end.col), ok);

	json_t *phys = json_object();
	cs_rep_set(phys, "artifactLocation", art, ok);
	cs_rep_set(phys, "region", region, ok);
	json_t *loc = json_object();
	cs_rep_set(loc, "physicalLocation", phys, ok);
	return loc;
}

static json_t *result_obj(const cs_finding *f, const char *file,
			  const cs_rule **rules, size_t nrules, bool *ok)
{
	json_t *o = json_object();
	if (f->rule) {
		cs_rep_set(o, "ruleId", cs_rep_jstr(f->rule->id), ok);
		cs_rep_set(o, "ruleIndex",
			   json_integer((json_int_t)rule_index(rules, nrules,
							       f->rule)),
			   ok);
	}
	cs_rep_set(o, "level",
		   json_string(cs_rep_is_input(f) ? "error"
						  : level_of(f->severity)),
		   ok);
	const char *msg = f->message && *f->message
				  ? f->message
				  : cs_rep_rule_title(f->rule);
	cs_rep_set(o, "message", text_msg(msg, ok), ok);
	json_t *locs = json_array();
	cs_rep_push(locs, location_obj(f, file, ok), ok);
	cs_rep_set(o, "locations", locs, ok);
	if (f->fingerprint[0]) {
		json_t *fp = json_object();
		cs_rep_set(fp, "customs/v1", cs_rep_jstr(f->fingerprint), ok);
		cs_rep_set(o, "partialFingerprints", fp, ok);
	}
	if (f->suppressed) {
		json_t *s = json_object();
		cs_rep_set(s, "kind",
			   json_string(f->suppressed == CS_SUPP_CONFIG
					       ? "external"
					       : "inSource"),
			   ok);
		if (f->supp_reason && *f->supp_reason)
			cs_rep_set(s, "justification",
				   cs_rep_jstr(f->supp_reason), ok);
		json_t *sv = json_array();
		cs_rep_push(sv, s, ok);
		cs_rep_set(o, "suppressions", sv, ok);
	}
	json_t *props = json_object();
	cs_rep_set(props, "severity", json_string(cs_rep_sev_label(f)), ok);
	cs_rep_set(props, "subject", cs_rep_jstr(f->subject ? f->subject
							    : "file"),
		   ok);
	if (f->note)
		cs_rep_set(props, "note", cs_rep_jstr(f->note), ok);
	cs_rep_set(o, "properties", props, ok);
	return o;
}

static json_t *notification_obj(const cs_finding *f, const char *file,
				const cs_rule **rules, size_t nrules, bool *ok)
{
	json_t *o = json_object();
	cs_rep_set(o, "level", json_string("error"), ok);
	cs_rep_set(o, "message", text_msg(f->message, ok), ok);
	json_t *locs = json_array();
	cs_rep_push(locs, location_obj(f, file, ok), ok);
	cs_rep_set(o, "locations", locs, ok);
	if (f->rule) {
		json_t *ref = json_object();
		cs_rep_set(ref, "id", cs_rep_jstr(f->rule->id), ok);
		cs_rep_set(ref, "index",
			   json_integer((json_int_t)rule_index(rules, nrules,
							       f->rule)),
			   ok);
		cs_rep_set(o, "associatedRule", ref, ok);
	}
	return o;
}

static json_t *file_score(const cs_file_result *r, bool *ok)
{
	json_t *f = json_object();
	cs_rep_set(f, "path", cs_rep_jstr(r->path), ok);
	cs_rep_set(f, "score", cs_rep_jscore(&r->score), ok);
	cs_rep_set(f, "grade",
		   json_string(r->score.has_score && r->score.grade
				       ? r->score.grade
				       : "n/a"),
		   ok);
	cs_rep_set(f, "capped",
		   json_boolean(r->score.has_score && r->score.capped), ok);
	return f;
}

static json_t *tool_obj(const cs_run *run, const cs_rule **rules, size_t nrules,
			bool *ok)
{
	json_t *driver = json_object();
	cs_rep_set(driver, "name", json_string("customs"), ok);
	cs_rep_set(driver, "version", cs_rep_jstr(run->tool_version), ok);
	cs_rep_set(driver, "informationUri", json_string("https://customs.dev"),
		   ok);
	json_t *rv = json_array();
	for (size_t i = 0; i < nrules; i++)
		cs_rep_push(rv, rule_obj(rules[i], ok), ok);
	cs_rep_set(driver, "rules", rv, ok);
	json_t *tool = json_object();
	cs_rep_set(tool, "driver", driver, ok);
	return tool;
}

/* The file a finding is reported in: its own, else the scanned one. */
static const char *finding_file(const cs_file_result *r, const cs_finding *f)
{
	return f->file ? f->file : r->path;
}

/* Input errors become notifications; only written when there are some. */
static void notifications(cs_sink *sink, cs_jw *w, const cs_run *run,
			  const cs_rule **rules, size_t nrules)
{
	size_t ninput = 0;
	for (size_t i = 0; i < run->nfiles; i++)
		for (size_t j = 0; j < run->files[i]->nfindings; j++)
			ninput += cs_rep_is_input(&run->files[i]->findings[j]);
	if (!ninput)
		return;
	cs_jw_open(w, "toolExecutionNotifications", '[');
	for (size_t i = 0; i < run->nfiles && cs_rep_flush(sink, w->out); i++) {
		const cs_file_result *r = run->files[i];
		for (size_t j = 0; j < r->nfindings; j++) {
			const cs_finding *f = &r->findings[j];
			if (!cs_rep_is_input(f))
				continue;
			bool ok = true;
			json_t *o = notification_obj(f, finding_file(r, f),
						     rules, nrules, &ok);
			cs_jw_put(w, NULL, o, ok);
		}
	}
	cs_jw_close(w, ']');
}

bool cs_rep_sarif(cs_sink *sink, const cs_run *run)
{
	bool ok = true;
	size_t nrules = 0;
	const cs_rule **rules = collect_rules(run, &nrules, &ok);
	cs_buf chunk;
	cs_buf_init(&chunk, 0);
	cs_jw w;
	cs_jw_init(&w, &chunk);

	cs_jw_open(&w, NULL, '{');
	cs_jw_put(&w, "$schema", json_string(SARIF_SCHEMA), ok);
	cs_jw_put(&w, "version", json_string("2.1.0"), ok);
	cs_jw_open(&w, "runs", '[');
	cs_jw_open(&w, NULL, '{');
	cs_jw_put(&w, "tool", tool_obj(run, rules, nrules, &ok), ok);

	cs_jw_open(&w, "invocations", '[');
	cs_jw_open(&w, NULL, '{');
	cs_jw_put(&w, "executionSuccessful", json_boolean(!run->input_error),
		  ok);
	notifications(sink, &w, run, rules, nrules);
	cs_jw_close(&w, '}');
	cs_jw_close(&w, ']');

	json_t *base = json_object();
	cs_rep_set(base, "description", text_msg("the scan root", &ok), &ok);
	json_t *bases = json_object();
	cs_rep_set(bases, SRCROOT, base, &ok);
	cs_jw_put(&w, "originalUriBaseIds", bases, ok);

	cs_jw_open(&w, "results", '[');
	for (size_t i = 0; i < run->nfiles && cs_rep_flush(sink, &chunk); i++) {
		const cs_file_result *r = run->files[i];
		for (size_t j = 0; j < r->nfindings; j++) {
			const cs_finding *f = &r->findings[j];
			json_t *o = result_obj(f, finding_file(r, f), rules,
					       nrules, &ok);
			cs_jw_put(&w, NULL, o, ok);
		}
	}
	cs_jw_close(&w, ']');

	cs_jw_open(&w, "properties", '{');
	cs_jw_open(&w, "customs", '{');
	cs_jw_put(&w, "score", cs_rep_jscore(&run->score), ok);
	cs_jw_put(&w, "grade",
		  json_string(run->score.has_score && run->score.grade
				      ? run->score.grade
				      : "n/a"),
		  ok);
	cs_jw_put(&w, "capped",
		  json_boolean(run->score.has_score && run->score.capped), ok);
	cs_jw_open(&w, "files", '[');
	for (size_t i = 0; i < run->nfiles && cs_rep_flush(sink, &chunk); i++)
		cs_jw_put(&w, NULL, file_score(run->files[i], &ok), ok);
	cs_jw_close(&w, ']');
	cs_jw_close(&w, '}');
	cs_jw_close(&w, '}');

	cs_jw_close(&w, '}');
	cs_jw_close(&w, ']');
	cs_jw_close(&w, '}');
	cs_buf_addc(&chunk, '\n');
	ok = cs_rep_flush(sink, &chunk);
	cs_buf_free(&chunk);
	free(rules);
	return ok;
}

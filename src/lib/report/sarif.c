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
 * The log is streamed with the JSON writer.  A first pass over the
 * findings (already in memory) collects the rules, which the catalogue
 * bounds; the notifications, the results and the per-file scores are then
 * written file by file, with the chunk handed to the sink between files.
 */
#include "report-priv.h"
#include "../pss.h"

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

static void text_msg(cs_jw *w, const char *key, const char *s)
{
	cs_jw_object(w, key);
	cs_jw_str(w, "text", cs_rep_str(s));
	cs_jw_end(w);
}

static void rule_obj(cs_jw *w, const cs_rule *r)
{
	cs_buf b;
	cs_buf_init(&b, 0);
	camel_case(&b, r);
	cs_jw_object(w, NULL);
	cs_jw_str(w, "id", cs_rep_rule_id(r));
	cs_jw_str(w, "name", cs_rep_str(b.data));
	text_msg(w, "shortDescription", cs_rep_rule_title(r));
	const char *full = r->rationale && *r->rationale
				   ? r->rationale
				   : cs_rep_rule_title(r);
	text_msg(w, "fullDescription", full);

	const char *fix = r->remediation ? r->remediation : "";
	const char *ex = r->example ? r->example : "";
	cs_jw_object(w, "help");
	cs_buf_reset(&b);
	cs_buf_adds(&b, fix);
	if (*ex)
		cs_buf_printf(&b, "\n\nExample:\n%s", ex);
	cs_jw_str(w, "text", cs_rep_str(b.data));
	cs_buf_reset(&b);
	cs_buf_adds(&b, fix);
	if (*ex) {
		cs_buf_adds(&b, "\n\n");
		cs_rep_add_fenced(&b, ex,
				  r->targets & CS_TARGET_DOCKERFILE
					  ? "dockerfile"
					  : "");
	}
	cs_jw_str(w, "markdown", cs_rep_str(b.data));
	cs_jw_end(w);
	cs_jw_strf(w, "helpUri", "%s%s", CS_DOCS_BASE, cs_rep_rule_id(r));

	cs_jw_object(w, "defaultConfiguration");
	cs_jw_str(w, "level",
		  r->targets & CS_TARGET_INPUT ? "error"
					       : level_of(r->severity));
	cs_jw_end(w);

	cs_jw_object(w, "properties");
	cs_jw_array(w, "tags");
	cs_jw_str(w, NULL, "security");
	cs_jw_end(w);
	cs_jw_str(w, "security-severity", security_severity(r->severity));
	cs_jw_str(w, "precision", "high");
	cs_jw_end(w);
	cs_jw_end(w);
	if (b.failed)
		w->out->failed = true;
	cs_buf_free(&b);
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

static void location(cs_jw *w, const cs_finding *f, const char *file)
{
	cs_mark at, end;
	cs_rep_span(f, &at, &end);
	cs_buf b;
	cs_buf_init(&b, 0);
	bool absolute = add_uri(&b, file);
	cs_jw_object(w, NULL);
	cs_jw_object(w, "physicalLocation");
	cs_jw_object(w, "artifactLocation");
	cs_jw_str(w, "uri", cs_rep_str(b.data));
	if (!absolute)
		cs_jw_str(w, "uriBaseId", SRCROOT);
	cs_jw_end(w);
	if (b.failed)
		w->out->failed = true;
	cs_buf_free(&b);

	cs_jw_object(w, "region");
	cs_jw_int(w, "startLine", at.line);
	cs_jw_int(w, "startColumn", at.col);
	cs_jw_int(w, "endLine", end.line);
	cs_jw_int(w, "endColumn", end.col);
	cs_jw_end(w);
	cs_jw_end(w);
	/* a YAML finding also names its place in the document */
	if (f->path && *f->path) {
		cs_jw_array(w, "logicalLocations");
		cs_jw_object(w, NULL);
		cs_jw_str(w, "fullyQualifiedName", f->path);
		cs_jw_str(w, "kind", "member");
		cs_jw_end(w);
		cs_jw_end(w);
	}
	cs_jw_end(w);
}

static void locations(cs_jw *w, const cs_finding *f, const char *file)
{
	cs_jw_array(w, "locations");
	location(w, f, file);
	cs_jw_end(w);
}

static void result(cs_jw *w, const cs_finding *f, const char *file,
		   const cs_rule **rules, size_t nrules)
{
	cs_jw_object(w, NULL);
	if (f->rule) {
		cs_jw_str(w, "ruleId", cs_rep_str(f->rule->id));
		cs_jw_int(w, "ruleIndex",
			  (long long)rule_index(rules, nrules, f->rule));
	}
	cs_jw_str(w, "level",
		  cs_rep_is_input(f) ? "error" : level_of(f->severity));
	const char *msg = f->message && *f->message
				  ? f->message
				  : cs_rep_rule_title(f->rule);
	text_msg(w, "message", msg);
	locations(w, f, file);
	if (f->fingerprint[0]) {
		cs_jw_object(w, "partialFingerprints");
		cs_jw_str(w, "customs/v1", f->fingerprint);
		cs_jw_end(w);
	}
	if (f->suppressed) {
		cs_jw_array(w, "suppressions");
		cs_jw_object(w, NULL);
		cs_jw_str(w, "kind",
			  f->suppressed == CS_SUPP_CONFIG ? "external"
							  : "inSource");
		if (f->supp_reason && *f->supp_reason)
			cs_jw_str(w, "justification", f->supp_reason);
		cs_jw_end(w);
		cs_jw_end(w);
	}
	cs_jw_object(w, "properties");
	cs_jw_str(w, "severity", cs_rep_sev_label(f));
	cs_jw_str(w, "subject", f->subject ? f->subject : "file");
	if (f->note)
		cs_jw_str(w, "note", f->note);
	cs_jw_end(w);
	cs_jw_end(w);
}

static void notification(cs_jw *w, const cs_finding *f, const char *file,
			 const cs_rule **rules, size_t nrules)
{
	cs_jw_object(w, NULL);
	cs_jw_str(w, "level", "error");
	text_msg(w, "message", f->message);
	locations(w, f, file);
	if (f->rule) {
		cs_jw_object(w, "associatedRule");
		cs_jw_str(w, "id", cs_rep_str(f->rule->id));
		cs_jw_int(w, "index",
			  (long long)rule_index(rules, nrules, f->rule));
		cs_jw_end(w);
	}
	cs_jw_end(w);
}

static void score_fields(cs_jw *w, const cs_score *s)
{
	cs_rep_score(w, "score", s);
	cs_jw_str(w, "grade", s->has_score && s->grade ? s->grade : "n/a");
	cs_jw_bool(w, "capped", s->has_score && s->capped);
}

static void file_score(cs_jw *w, const cs_file_result *r)
{
	cs_jw_object(w, NULL);
	cs_jw_str(w, "path", cs_rep_str(r->path));
	score_fields(w, &r->score);
	cs_jw_end(w);
}

static void tool(cs_jw *w, const cs_run *run, const cs_rule **rules,
		 size_t nrules)
{
	cs_jw_object(w, "tool");
	cs_jw_object(w, "driver");
	cs_jw_str(w, "name", "customs");
	cs_jw_str(w, "version", cs_rep_str(run->tool_version));
	cs_jw_str(w, "informationUri", "https://customs.dev");
	cs_jw_array(w, "rules");
	for (size_t i = 0; i < nrules; i++)
		rule_obj(w, rules[i]);
	cs_jw_end(w);
	cs_jw_end(w);
	cs_jw_end(w);
}

/* The file a finding is reported in: its own, else the scanned one. */
static const char *finding_file(const cs_file_result *r, const cs_finding *f)
{
	return f->file ? f->file : r->path;
}

/* An input that was skipped, as a note on its file. */
static void notice(cs_jw *w, const cs_notice *n)
{
	cs_buf b;
	cs_buf_init(&b, 0);
	bool absolute = add_uri(&b, n->path);
	cs_jw_object(w, NULL);
	cs_jw_str(w, "level", "note");
	text_msg(w, "message", n->message);
	cs_jw_array(w, "locations");
	cs_jw_object(w, NULL);
	cs_jw_object(w, "physicalLocation");
	cs_jw_object(w, "artifactLocation");
	cs_jw_str(w, "uri", cs_rep_str(b.data));
	if (!absolute)
		cs_jw_str(w, "uriBaseId", SRCROOT);
	cs_jw_end(w);
	cs_jw_end(w);
	cs_jw_end(w);
	cs_jw_end(w);
	cs_jw_end(w);
	if (b.failed)
		w->out->failed = true;
	cs_buf_free(&b);
}

/* --pss: a workload below the level asked, as an error notification at
 * the workload, naming the controls it fails. */
static void pss_notice(cs_jw *w, const cs_file_result *r,
		       const cs_pss_result *p, const cs_run *run)
{
	cs_buf msg;
	cs_buf_init(&msg, 0);
	cs_buf_printf(&msg, "%s meets the Pod Security Standard '%s' only, "
			    "not '%s' (v1.%d):",
		      p->subject ? p->subject : "the pod",
		      cs_pss_level_name(p->met),
		      cs_pss_level_name((cs_pss_level)run->pss_level),
		      run->pss_minor);
	for (size_t k = 0; k < p->nfailures; k++)
		cs_buf_printf(&msg, "%s %s at %u:%u", k ? ";" : "",
			      p->failures[k].message, p->failures[k].at.line,
			      p->failures[k].at.col);
	cs_finding f = {0};
	f.start = f.end = p->at;
	cs_jw_object(w, NULL);
	cs_jw_str(w, "level", "error");
	text_msg(w, "message", msg.data ? msg.data : "");
	locations(w, &f, r->path);
	cs_jw_end(w);
	if (msg.failed)
		w->out->failed = true;
	cs_buf_free(&msg);
}

static size_t pss_below(const cs_run *run)
{
	return run->pss_level ? run->pss_failed : 0;
}

/* Input errors become notifications, and skipped inputs notes; only
 * written when there are some. */
static void notifications(cs_sink *sink, cs_jw *w, const cs_run *run,
			  const cs_rule **rules, size_t nrules)
{
	size_t ninput = 0;
	for (size_t i = 0; i < run->nfiles; i++)
		for (size_t j = 0; j < run->files[i]->nfindings; j++)
			ninput += cs_rep_is_input(&run->files[i]->findings[j]);
	if (!ninput && !run->nnotices && !pss_below(run))
		return;
	cs_jw_array(w, "toolExecutionNotifications");
	for (size_t i = 0; i < run->nnotices; i++)
		notice(w, &run->notices[i]);
	for (size_t i = 0; pss_below(run) && i < run->nfiles; i++)
		for (size_t k = 0; k < run->files[i]->npss; k++)
			if ((int)run->files[i]->pss[k].met < run->pss_level)
				pss_notice(w, run->files[i],
					   &run->files[i]->pss[k], run);
	for (size_t i = 0; i < run->nfiles && cs_rep_flush(sink, w->out); i++) {
		const cs_file_result *r = run->files[i];
		for (size_t j = 0; j < r->nfindings; j++) {
			const cs_finding *f = &r->findings[j];
			if (cs_rep_is_input(f))
				notification(w, f, finding_file(r, f), rules,
					     nrules);
		}
	}
	cs_jw_end(w);
}

bool cs_rep_sarif(cs_sink *sink, const cs_run *run)
{
	bool ok = true;
	size_t nrules = 0;
	const cs_rule **rules = collect_rules(run, &nrules, &ok);
	cs_buf chunk;
	cs_buf_init(&chunk, 0);
	if (!ok)
		chunk.failed = true;
	cs_jw w;
	cs_jw_init(&w, &chunk);

	cs_jw_object(&w, NULL);
	cs_jw_str(&w, "$schema", SARIF_SCHEMA);
	cs_jw_str(&w, "version", "2.1.0");
	cs_jw_array(&w, "runs");
	cs_jw_object(&w, NULL);
	tool(&w, run, rules, nrules);

	cs_jw_array(&w, "invocations");
	cs_jw_object(&w, NULL);
	cs_jw_bool(&w, "executionSuccessful", !run->input_error);
	notifications(sink, &w, run, rules, nrules);
	cs_jw_end(&w);
	cs_jw_end(&w);

	cs_jw_object(&w, "originalUriBaseIds");
	cs_jw_object(&w, SRCROOT);
	text_msg(&w, "description", "the scan root");
	cs_jw_end(&w);
	cs_jw_end(&w);

	cs_jw_array(&w, "results");
	for (size_t i = 0; i < run->nfiles && cs_rep_flush(sink, &chunk); i++) {
		const cs_file_result *r = run->files[i];
		for (size_t j = 0; j < r->nfindings; j++) {
			const cs_finding *f = &r->findings[j];
			result(&w, f, finding_file(r, f), rules, nrules);
		}
	}
	cs_jw_end(&w);

	cs_jw_object(&w, "properties");
	cs_jw_object(&w, "customs");
	score_fields(&w, &run->score);
	cs_jw_array(&w, "files");
	for (size_t i = 0; i < run->nfiles && cs_rep_flush(sink, &chunk); i++)
		file_score(&w, run->files[i]);
	cs_jw_end(&w);
	cs_jw_end(&w);
	cs_jw_end(&w);

	cs_jw_end(&w);
	cs_jw_end(&w);
	cs_jw_end(&w);
	cs_buf_addc(&chunk, '\n');
	ok = cs_rep_flush(sink, &chunk);
	cs_buf_free(&chunk);
	free(rules);
	return ok;
}

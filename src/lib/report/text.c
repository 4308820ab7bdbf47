/*
 * text.c - the human report: findings grouped by file, then the totals.
 *
 * One line per finding, `LINE:COL  SEVERITY  RULE-ID  message`, so that
 * editors and `grep` can jump to it, and a second indented line with the
 * subject and the first sentence of the fix.  Colour is only the severity
 * word, and only when asked for (the CLI decides: TTY, NO_COLOR).  Text from
 * the scanned file may hold terminal escapes; control bytes are shown as
 * \xNN so that a hostile Dockerfile cannot drive the reader's terminal.
 */
#include "report-priv.h"
#include "../pss.h"

#include <string.h>

#define RESET "\033[0m"

static const char *sev_color(const char *label)
{
	static const struct {
		const char *label, *esc;
	} colors[] = {
		{"critical", "\033[1;31m"}, {"error", "\033[1;31m"},
		{"high", "\033[31m"},       {"medium", "\033[33m"},
		{"low", "\033[36m"},        {"info", "\033[2m"},
		{"suppressed", "\033[2m"},
	};
	for (size_t i = 0; i < sizeof(colors) / sizeof(colors[0]); i++)
		if (strcmp(label, colors[i].label) == 0)
			return colors[i].esc;
	return "";
}

/* Append untrusted text with control bytes made visible. */
static void add_safe(cs_buf *b, const char *s)
{
	for (const unsigned char *p = (const unsigned char *)(s ? s : "");
	     *p; p++) {
		if (*p < 0x20 || *p == 0x7f)
			cs_buf_printf(b, "\\x%02x", *p);
		else
			cs_buf_addc(b, (char)*p);
	}
}

static void add_label(cs_buf *b, const char *label, bool color)
{
	if (color)
		cs_buf_printf(b, "%s%s%s", sev_color(label), label, RESET);
	else
		cs_buf_adds(b, label);
}

static void add_score(cs_buf *b, const cs_score *s)
{
	char num[32];
	if (s->has_score) {
		cs_rep_score_str(num, s->value);
		cs_buf_printf(b, "score %s  grade %s", num,
			      s->grade ? s->grade : "n/a");
	} else {
		cs_buf_adds(b, "score n/a  grade n/a");
	}
	if (s->has_score && s->capped)
		cs_buf_adds(b, "  capped: critical finding");
}

static void finding_line(cs_buf *b, const cs_finding *f,
			 const cs_report_opts *o)
{
	cs_mark at, end;
	cs_rep_span(f, &at, &end);
	cs_buf_printf(b, "  %u:%u  ", at.line, at.col);
	if (f->suppressed) {
		add_label(b, "suppressed", o->color);
		cs_buf_addc(b, ' ');
		add_safe(b, cs_rep_rule_id(f->rule));
		cs_buf_adds(b, "  ");
		add_safe(b, f->message);
		cs_buf_printf(b, " (%s", cs_supp_name(f->suppressed));
		if (f->supp_reason && *f->supp_reason) {
			cs_buf_adds(b, ": ");
			add_safe(b, f->supp_reason);
		}
		cs_buf_adds(b, ")\n");
	} else {
		add_label(b, cs_rep_sev_label(f), o->color);
		cs_buf_adds(b, "  ");
		add_safe(b, cs_rep_rule_id(f->rule));
		cs_buf_adds(b, "  ");
		add_safe(b, f->message);
		cs_buf_addc(b, '\n');
		cs_buf_adds(b, "    subject: ");
		add_safe(b, f->subject ? f->subject : "file");
		if (f->path) {
			cs_buf_adds(b, ", path: ");
			add_safe(b, f->path);
		}
		const char *fix = f->rule ? f->rule->remediation : NULL;
		if (fix && *fix) {
			cs_buf sentence;
			cs_buf_init(&sentence, 0);
			cs_rep_first_sentence(&sentence, fix);
			cs_buf_adds(b, ", fix: ");
			add_safe(b, sentence.data);
			if (sentence.failed)
				b->failed = true;
			cs_buf_free(&sentence);
		}
		cs_buf_addc(b, '\n');
	}
	if (f->note) {
		cs_buf_adds(b, "    note: ");
		add_safe(b, f->note);
		cs_buf_addc(b, '\n');
	}
}

/* --pss: each workload's verdict, and the controls it fails. */
static void pss_lines(cs_buf *b, const cs_file_result *r, int level)
{
	for (size_t i = 0; i < r->npss; i++) {
		const cs_pss_result *p = &r->pss[i];
		cs_buf_printf(b, "  %u:%u  pss  ", p->at.line, p->at.col);
		add_safe(b, p->subject ? p->subject : "pod");
		cs_buf_printf(b, " meets %s%s\n", cs_pss_level_name(p->met),
			      (int)p->met < level ? " only" : "");
		for (size_t k = 0; k < p->nfailures; k++) {
			const cs_pss_failure *f = &p->failures[k];
			cs_buf_printf(b, "    %u:%u  %s  ", f->at.line,
				      f->at.col, cs_pss_level_name(f->level));
			add_safe(b, f->control);
			cs_buf_adds(b, ": ");
			add_safe(b, f->message);
			cs_buf_addc(b, '\n');
		}
	}
}

static bool has_unsuppressed(const cs_file_result *r)
{
	for (size_t i = 0; i < r->nfindings; i++)
		if (!r->findings[i].suppressed)
			return true;
	return false;
}

static const char *plural(size_t n, const char *one, const char *many)
{
	return n == 1 ? one : many;
}

bool cs_rep_text(cs_sink *sink, const cs_run *run, const cs_report_opts *o)
{
	static const cs_report_opts defaults = {0};
	if (!o)
		o = &defaults;
	cs_buf chunk;
	cs_buf_init(&chunk, 0);
	cs_buf *out = &chunk;
	size_t ninput = 0;
	for (size_t i = 0; i < run->nfiles && !sink->failed; i++) {
		const cs_file_result *r = run->files[i];
		for (size_t j = 0; j < r->nfindings; j++)
			ninput += cs_rep_is_input(&r->findings[j]);
		if (o->quiet && !has_unsuppressed(r))
			continue;
		add_safe(out, r->path);
		cs_buf_printf(out, "  (%s)  ", cs_file_kind_name(r->kind));
		add_score(out, &r->score);
		cs_buf_addc(out, '\n');
		for (size_t j = 0; j < r->nfindings; j++) {
			const cs_finding *f = &r->findings[j];
			if (o->quiet && f->suppressed)
				continue;
			finding_line(out, f, o);
		}
		pss_lines(out, r, run->pss_level);
		cs_buf_addc(out, '\n');
		cs_rep_flush(sink, out);
	}

	for (size_t i = 0; i < run->nnotices; i++) {
		cs_buf_adds(out, "notice: ");
		add_safe(out, run->notices[i].path);
		cs_buf_adds(out, ": ");
		add_safe(out, run->notices[i].message);
		cs_buf_addc(out, '\n');
	}
	if (run->nnotices)
		cs_buf_addc(out, '\n');

	const size_t *c = run->counts;
	size_t total = 0;
	for (int s = 0; s < CS_SEV_COUNT; s++)
		total += c[s];
	cs_buf_printf(out,
		      "%zu %s, %zu %s (%zu critical, %zu high, %zu medium, "
		      "%zu low, %zu info), %zu suppressed",
		      run->nfiles, plural(run->nfiles, "file", "files"), total,
		      plural(total, "finding", "findings"), c[CS_SEV_CRITICAL],
		      c[CS_SEV_HIGH], c[CS_SEV_MEDIUM], c[CS_SEV_LOW],
		      c[CS_SEV_INFO], run->nsuppressed);
	if (ninput)
		cs_buf_printf(out, ", %zu input %s", ninput,
			      plural(ninput, "error", "errors"));
	cs_buf_adds(out, "\ntotal ");
	add_score(out, &run->score);
	cs_buf_addc(out, '\n');
	if (run->pss_level)
		cs_buf_printf(out,
			      "pod security (v1.%d): %zu of %zu workload%s "
			      "meet%s %s\n",
			      run->pss_minor,
			      run->pss_workloads - run->pss_failed,
			      run->pss_workloads,
			      plural(run->pss_workloads, "", "s"),
			      run->pss_workloads - run->pss_failed == 1 ? "s"
									: "",
			      cs_pss_level_name((cs_pss_level)run->pss_level));
	if (run->gate_failed) {
		cs_buf_adds(out, "gate failed: ");
		add_safe(out, run->gate_reason ? run->gate_reason : "");
		cs_buf_addc(out, '\n');
	}
	bool ok = cs_rep_flush(sink, out);
	cs_buf_free(out);
	return ok;
}

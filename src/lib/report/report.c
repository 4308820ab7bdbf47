/*
 * report.c - format names, dispatch, and the helpers every format shares.
 *
 * The helpers are here rather than in each format so that a score, an input
 * error or a hostile string looks the same in text, JSON, SARIF and JUnit
 * (see report-priv.h).  So is the chunk flush, which lets every format
 * stream a run of any size in little memory; the cs_buf entry points are
 * that stream collected into a buffer.
 */
#include "report-priv.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static const char *const format_names[] = {
	[CS_FMT_TEXT] = "text",
	[CS_FMT_JSON] = "json",
	[CS_FMT_SARIF] = "sarif",
	[CS_FMT_JUNIT] = "junit",
};

#define NFORMATS (sizeof(format_names) / sizeof(format_names[0]))

bool cs_format_parse(const char *s, cs_format *out)
{
	if (!s)
		return false;
	for (size_t i = 0; i < NFORMATS; i++) {
		if (strcmp(s, format_names[i]) == 0) {
			*out = (cs_format)i;
			return true;
		}
	}
	return false;
}

const char *cs_format_name(cs_format f)
{
	if ((size_t)f >= NFORMATS)
		return "text";
	return format_names[f];
}

bool cs_report_stream(cs_sink *out, cs_format f, const cs_run *run,
		      const cs_report_opts *o)
{
	if (out->failed)
		return false;
	switch (f) {
	case CS_FMT_TEXT:
		return cs_rep_text(out, run, o);
	case CS_FMT_JSON:
		return cs_rep_json(out, run);
	case CS_FMT_SARIF:
		return cs_rep_sarif(out, run);
	case CS_FMT_JUNIT:
		return cs_rep_junit(out, run);
	}
	return cs_rep_text(out, run, o);
}

static bool buf_write(void *ctx, const char *p, size_t n)
{
	return cs_buf_add(ctx, p, n);
}

bool cs_report_write(cs_buf *out, cs_format f, const cs_run *run,
		     const cs_report_opts *o)
{
	cs_sink sink = {buf_write, out, out->failed};
	if (cs_report_stream(&sink, f, run, o))
		return true;
	out->failed = true;
	return false;
}

bool cs_report_text(cs_buf *out, const cs_run *run, const cs_report_opts *o)
{
	return cs_report_write(out, CS_FMT_TEXT, run, o);
}

bool cs_report_json(cs_buf *out, const cs_run *run)
{
	return cs_report_write(out, CS_FMT_JSON, run, NULL);
}

bool cs_report_sarif(cs_buf *out, const cs_run *run)
{
	return cs_report_write(out, CS_FMT_SARIF, run, NULL);
}

bool cs_report_junit(cs_buf *out, const cs_run *run)
{
	return cs_report_write(out, CS_FMT_JUNIT, run, NULL);
}

/* A file with very many findings grows the chunk; do not keep that much. */
#define CHUNK_KEEP (1u << 20)

bool cs_rep_flush(cs_sink *out, cs_buf *chunk)
{
	if (chunk->failed)
		out->failed = true;
	if (!out->failed && chunk->len &&
	    !out->write(out->ctx, chunk->data, chunk->len))
		out->failed = true;
	if (chunk->alloc > CHUNK_KEEP)
		cs_buf_free(chunk);
	else
		cs_buf_reset(chunk);
	return !out->failed;
}

/* ---- shared helpers ------------------------------------------------------ */

const char *cs_rep_rule_id(const cs_rule *r)
{
	return r && r->id ? r->id : "";
}

const char *cs_rep_rule_title(const cs_rule *r)
{
	return r && r->title ? r->title : "";
}

bool cs_rep_is_input(const cs_finding *f)
{
	return f->rule && (f->rule->targets & CS_TARGET_INPUT);
}

const char *cs_rep_sev_label(const cs_finding *f)
{
	return cs_rep_is_input(f) ? "error" : cs_severity_name(f->severity);
}

double cs_rep_round2(double v)
{
	if (!isfinite(v))
		return 0;
	return floor(v * 100.0 + 0.5) / 100.0;
}

void cs_rep_score_str(char buf[32], double v)
{
	snprintf(buf, 32, "%.2f", cs_rep_round2(v));
	char *dot = strchr(buf, '.');
	if (!dot)
		return;
	char *e = buf + strlen(buf);
	while (e > dot + 1 && e[-1] == '0')
		*--e = '\0';
	if (e == dot + 1)
		*dot = '\0';
}

void cs_rep_span(const cs_finding *f, cs_mark *start, cs_mark *end)
{
	*start = f->start;
	if (start->line == 0)
		start->line = 1;
	if (start->col == 0)
		start->col = 1;
	*end = f->end;
	if (end->line < start->line ||
	    (end->line == start->line && end->col < start->col))
		*end = *start;
}

size_t cs_rep_utf8_next(const char *s, uint32_t *cp)
{
	const unsigned char *p = (const unsigned char *)s;
	if (p[0] == 0) {
		*cp = 0;
		return 0;
	}
	if (p[0] < 0x80) {
		*cp = p[0];
		return 1;
	}
	size_t n;
	uint32_t c, min;
	if ((p[0] & 0xe0) == 0xc0) {
		n = 2, c = p[0] & 0x1f, min = 0x80;
	} else if ((p[0] & 0xf0) == 0xe0) {
		n = 3, c = p[0] & 0x0f, min = 0x800;
	} else if ((p[0] & 0xf8) == 0xf0) {
		n = 4, c = p[0] & 0x07, min = 0x10000;
	} else {
		*cp = 0xfffd;
		return 1;
	}
	/* A NUL is not a continuation byte, so this never reads past it. */
	for (size_t i = 1; i < n; i++) {
		if ((p[i] & 0xc0) != 0x80) {
			*cp = 0xfffd;
			return 1;
		}
		c = c << 6 | (p[i] & 0x3f);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff)) {
		*cp = 0xfffd;
		return 1;
	}
	*cp = c;
	return n;
}

void cs_rep_add_cp(cs_buf *b, uint32_t c)
{
	char u[4];
	size_t n;
	if (c < 0x80) {
		u[0] = (char)c, n = 1;
	} else if (c < 0x800) {
		u[0] = (char)(0xc0 | c >> 6);
		u[1] = (char)(0x80 | (c & 0x3f));
		n = 2;
	} else if (c < 0x10000) {
		u[0] = (char)(0xe0 | c >> 12);
		u[1] = (char)(0x80 | (c >> 6 & 0x3f));
		u[2] = (char)(0x80 | (c & 0x3f));
		n = 3;
	} else {
		u[0] = (char)(0xf0 | c >> 18);
		u[1] = (char)(0x80 | (c >> 12 & 0x3f));
		u[2] = (char)(0x80 | (c >> 6 & 0x3f));
		u[3] = (char)(0x80 | (c & 0x3f));
		n = 4;
	}
	cs_buf_add(b, u, n);
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
	       c == '\v';
}

/* "e.g." and "i.e." end in a period but not a sentence. */
static bool is_abbrev(const char *start, const char *dot)
{
	static const char *const abbrevs[] = {"e.g", "i.e"};
	for (size_t i = 0; i < sizeof(abbrevs) / sizeof(abbrevs[0]); i++) {
		size_t n = strlen(abbrevs[i]);
		if ((size_t)(dot - start) >= n &&
		    strncmp(dot - n, abbrevs[i], n) == 0 &&
		    ((size_t)(dot - start) == n || is_space(dot[-(long)n - 1]) ||
		     dot[-(long)n - 1] == '('))
			return true;
	}
	return false;
}

void cs_rep_first_sentence(cs_buf *b, const char *text)
{
	const char *p = text ? text : "";
	while (is_space(*p))
		p++;
	const char *start = p;
	bool pending_space = false;
	for (; *p; p++) {
		if (is_space(*p)) {
			pending_space = true;
			continue;
		}
		if (pending_space)
			cs_buf_addc(b, ' ');
		pending_space = false;
		cs_buf_addc(b, *p);
		if ((*p == '.' || *p == '!' || *p == '?') &&
		    (p[1] == '\0' || is_space(p[1])) &&
		    !(*p == '.' && is_abbrev(start, p)))
			break;
	}
}

/* The fence must be longer than any backtick run in the example. */
void cs_rep_add_fenced(cs_buf *b, const char *code, const char *lang)
{
	size_t run = 0, longest = 0;
	for (const char *p = code; *p; p++) {
		run = *p == '`' ? run + 1 : 0;
		if (run > longest)
			longest = run;
	}
	size_t n = longest >= 3 ? longest + 1 : 3;
	for (size_t i = 0; i < n; i++)
		cs_buf_addc(b, '`');
	cs_buf_printf(b, "%s\n%s", lang, code);
	if (*code && code[strlen(code) - 1] != '\n')
		cs_buf_addc(b, '\n');
	for (size_t i = 0; i < n; i++)
		cs_buf_addc(b, '`');
}

/* ---- JSON helpers -------------------------------------------------------- */

const char *cs_rep_str(const char *s)
{
	return s ? s : "";
}

void cs_rep_num(cs_jw *w, const char *key, double v)
{
	if (!isfinite(v))
		cs_jw_int(w, key, 0);
	else if (v == floor(v) && fabs(v) < 1e15)
		cs_jw_int(w, key, (long long)v);
	else
		cs_jw_real(w, key, v);
}

void cs_rep_score(cs_jw *w, const char *key, const cs_score *s)
{
	if (s->has_score)
		cs_jw_real(w, key, cs_rep_round2(s->value));
	else
		cs_jw_null(w, key);
}


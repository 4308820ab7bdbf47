/*
 * report-priv.h - helpers shared by the report formats (not a public API).
 *
 * Every format needs the same few decisions made the same way: how a score
 * is printed, what an input error is called, how hostile text (invalid
 * UTF-8, control bytes) is made safe for the output, and how JSON becomes
 * stable bytes.  They live here so that text, JSON, SARIF and JUnit can
 * never disagree about them.
 *
 * Formats stream: each renders a file into a reusable chunk and passes it
 * to the sink with cs_rep_flush().  The JSON and SARIF reports write their
 * documents token by token with the JSON writer (util/jsonw.h), which
 * escapes and repairs text itself; so does the rule catalogue.
 */
#ifndef CS_REPORT_PRIV_H
#define CS_REPORT_PRIV_H

#include <stdbool.h>
#include <stdint.h>

#include "../rules/rule.h"
#include "../util/jsonw.h"
#include "report.h"

/* Rule id and title, "" for a finding without a rule. */
const char *cs_rep_rule_id(const cs_rule *r);
const char *cs_rep_rule_title(const cs_rule *r);
/* Is this an INPUT-* (read/parse error) finding? */
bool cs_rep_is_input(const cs_finding *f);
/* The severity word a finding is shown with: "error" for input errors. */
const char *cs_rep_sev_label(const cs_finding *f);

/* A score with at most two decimals and no trailing zeros: "87.5", "100". */
void cs_rep_score_str(char buf[32], double v);
double cs_rep_round2(double v);

/* A finding's span, clamped to 1-based positions with end >= start. */
void cs_rep_span(const cs_finding *f, cs_mark *start, cs_mark *end);

/*
 * Decode one UTF-8 sequence at p (NUL-terminated).  Invalid, overlong or
 * surrogate sequences decode as U+FFFD and consume one byte, so a hostile
 * byte string always makes progress.  Returns the bytes consumed (0 at NUL).
 */
size_t cs_rep_utf8_next(const char *p, uint32_t *cp);
/* Append the code point as UTF-8. */
void cs_rep_add_cp(cs_buf *b, uint32_t cp);

/* The first sentence of a paragraph ("Use X. Then Y." -> "Use X."), with
 * runs of whitespace folded to one space. */
void cs_rep_first_sentence(cs_buf *b, const char *text);

/* A fenced code block (no final newline); the fence is longer than any
 * backtick run inside, so an example can never close it early. */
void cs_rep_add_fenced(cs_buf *b, const char *code, const char *lang);

/* s, or "" for NULL. */
const char *cs_rep_str(const char *s);
/* A number as the reports print one: integral -> integer, else a real. */
void cs_rep_num(cs_jw *w, const char *key, double v);
/* A score: rounded to two decimals, always a real ("100.0"), or null. */
void cs_rep_score(cs_jw *w, const char *key, const cs_score *s);


/* The formats, streamed (cs_report_stream dispatches to them). */
bool cs_rep_text(cs_sink *out, const cs_run *run, const cs_report_opts *o);
bool cs_rep_json(cs_sink *out, const cs_run *run);
bool cs_rep_sarif(cs_sink *out, const cs_run *run);
bool cs_rep_junit(cs_sink *out, const cs_run *run);

/*
 * Hand the chunk to the sink and empty it for reuse.  A chunk that ran out
 * of memory fails the sink; a failed sink gets no more bytes.  Returns
 * !out->failed, so a format can stop rendering as soon as it is false.
 */
bool cs_rep_flush(cs_sink *out, cs_buf *chunk);

#endif

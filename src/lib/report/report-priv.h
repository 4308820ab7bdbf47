/*
 * report-priv.h - helpers shared by the report formats (not a public API).
 *
 * Every format needs the same few decisions made the same way: how a score
 * is printed, what an input error is called, how hostile text (invalid
 * UTF-8, control bytes) is made safe for the output, and how a jansson tree
 * becomes stable bytes.  They live here so that text, JSON, SARIF and JUnit
 * can never disagree about them.
 *
 * Formats stream: each renders a file into a reusable chunk and passes it
 * to the sink with cs_rep_flush().  JSON documents are written with cs_jw,
 * which lets a big array be written an element at a time while jansson
 * still encodes every key and value.
 */
#ifndef CS_REPORT_PRIV_H
#define CS_REPORT_PRIV_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "../rules/rule.h"
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

/* jansson values that never fail on bad UTF-8 (it is replaced). */
json_t *cs_rep_jstr(const char *s);            /* NULL -> "" */
json_t *cs_rep_jstr_or_null(const char *s);    /* NULL -> null */
json_t *cs_rep_jnum(double v);                 /* integral -> integer */
json_t *cs_rep_jscore(const cs_score *s);      /* rounded, or null */
/* Set / append, stealing v; clears *ok on failure (out of memory). */
void cs_rep_set(json_t *o, const char *key, json_t *v, bool *ok);
void cs_rep_push(json_t *a, json_t *v, bool *ok);
/* Dump with two-space indent and a final newline; drops the reference. */
bool cs_rep_dump(cs_buf *out, json_t *root, bool ok);

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

/*
 * A JSON document written piecewise, byte for byte as jansson would dump
 * the whole tree with JSON_INDENT(2): the writer adds only the brackets,
 * commas and indentation between members, and every key and value is
 * dumped by jansson.  Output goes to *out, which the caller flushes as it
 * likes; an error marks out->failed.
 */
#define CS_JW_DEPTH 8

typedef struct cs_jw {
	cs_buf *out;
	unsigned depth;            /* containers open */
	size_t n[CS_JW_DEPTH];     /* members written in each */
} cs_jw;

void cs_jw_init(cs_jw *w, cs_buf *out);
/* Open '{' or '[' as the member key (NULL in an array or at the top). */
void cs_jw_open(cs_jw *w, const char *key, char bracket);
/* Close the innermost container ('}' or ']'). */
void cs_jw_close(cs_jw *w, char bracket);
/* Write v as the next member or element; steals v.  With !ok or v NULL
 * (out of memory while building it) nothing is written and out fails. */
void cs_jw_put(cs_jw *w, const char *key, json_t *v, bool ok);

#endif

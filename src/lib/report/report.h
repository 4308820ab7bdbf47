/*
 * report.h - one interface, one file per output format.
 *
 * A report renders a finished cs_run into a sink; the CLI decides where the
 * bytes go.  Every format shows per-file and total score and grade, and the
 * same input gives the same bytes (no timestamps, no absolute paths, no
 * hash-order iteration).
 *
 * A report is streamed: each format renders one file at a time into a small
 * buffer and hands it to the sink, so memory does not grow with the number
 * of files scanned.  The cs_buf entry points are the same stream collected
 * into a buffer.
 */
#ifndef CS_REPORT_H
#define CS_REPORT_H

#include <stdbool.h>

#include "../engine.h"
#include "../util/buf.h"

typedef enum cs_format {
	CS_FMT_TEXT = 0,
	CS_FMT_JSON,
	CS_FMT_SARIF,
	CS_FMT_JUNIT,
} cs_format;

#define CS_JSON_SCHEMA_VERSION "1.1"

typedef struct cs_report_opts {
	bool color;    /* ANSI severity colours (text only) */
	bool quiet;    /* text: only findings that count, and the summary */
} cs_report_opts;

/*
 * Where a report goes.  write() takes the next n bytes and returns false
 * when it cannot (the sink keeps its own error detail in ctx).  failed is
 * sticky: set when a write fails or rendering runs out of memory, after
 * which nothing more is written.
 */
typedef struct cs_sink {
	bool (*write)(void *ctx, const char *p, size_t n);
	void *ctx;
	bool failed;
} cs_sink;

bool cs_format_parse(const char *s, cs_format *out);
const char *cs_format_name(cs_format f);

/* Render to the sink, in chunks of about one file; false if out->failed. */
bool cs_report_stream(cs_sink *out, cs_format f, const cs_run *run,
		      const cs_report_opts *o);

/* Render into a buffer; false on out of memory (out->failed). */
bool cs_report_write(cs_buf *out, cs_format f, const cs_run *run,
		     const cs_report_opts *o);

bool cs_report_text(cs_buf *out, const cs_run *run, const cs_report_opts *o);
bool cs_report_json(cs_buf *out, const cs_run *run);
bool cs_report_sarif(cs_buf *out, const cs_run *run);
bool cs_report_junit(cs_buf *out, const cs_run *run);

/* The rule catalogue (customs rules --format json|markdown|text). */
bool cs_rules_write_text(cs_buf *out);
bool cs_rules_write_json(cs_buf *out);
bool cs_rules_write_markdown(cs_buf *out);
/* One rule's full page (customs rules show ID, docs/rules/ID.md). */
bool cs_rule_write_doc(cs_buf *out, const cs_rule *r, bool markdown);

#endif

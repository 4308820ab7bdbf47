/*
 * report-opts.c - the report, config and gate options shared by the
 * commands that report findings; see report-opts.h.
 */
#include "report-opts.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "commands.h"

bool parse_number(const char *s, double lo, double hi, double *out)
{
	char *end = NULL;
	errno = 0;
	double d = strtod(s, &end);
	/* written so that NaN fails too */
	if (errno || end == s || *end || !(d >= lo && d <= hi))
		return false;
	*out = d;
	return true;
}

char *read_small_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	char *buf = malloc(CS_CONFIG_MAX_BYTES + 2);
	if (!buf) {
		fclose(f);
		return NULL;
	}
	*len = fread(buf, 1, CS_CONFIG_MAX_BYTES + 1, f);
	fclose(f);
	buf[*len] = '\0';
	return buf;
}

int report_args_check(report_args *ra, const command_help *help)
{
	if (!cs_format_parse(ra->format, &ra->fmt))
		return usage_error(help,
				   "unknown format '%s' (text, json, sarif, "
				   "junit)",
				   ra->format);
	if (ra->min_score &&
	    !parse_number(ra->min_score, 0, 100, &ra->gate.min_score))
		return usage_error(help,
				   "--min-score takes a number from 0 to 100, "
				   "not '%s'",
				   ra->min_score);
	if (ra->fail_on && !cs_severity_parse(ra->fail_on, &ra->gate.fail_on))
		return usage_error(help,
				   "--fail-on takes critical, high, medium, low "
				   "or info, not '%s'",
				   ra->fail_on);
	if (strcmp(ra->color, "auto") && strcmp(ra->color, "always") &&
	    strcmp(ra->color, "never"))
		return usage_error(help,
				   "--color takes auto, always or never, not "
				   "'%s'",
				   ra->color);
	if (ra->config_path && ra->no_config)
		return usage_error(help,
				   "--config and --no-config exclude each other");
	ra->gate.has_min_score = ra->min_score != NULL;
	ra->gate.has_fail_on = ra->fail_on != NULL;
	return 0;
}

int report_args_config(report_args *ra, const char *cmd, const char *root)
{
	/* today, for waiver expiry */
	time_t now = time(NULL);
	struct tm tm;
	gmtime_r(&now, &tm);
	strftime(ra->today, sizeof(ra->today), "%Y-%m-%d", &tm);

	cs_arena_init(&ra->carena, 64u * 1024 * 1024);
	cs_config_init(&ra->config);
	ra->cfg = NULL;
	int rc = 0;
	if (!ra->no_config) {
		char *cpath = NULL;
		if (ra->config_path) {
			cpath = strdup(ra->config_path);
		} else {
			size_t l = strlen(root);
			cpath = malloc(l + 16);
			if (cpath)
				snprintf(cpath, l + 16, "%s%s.customs.yaml", root,
					 l && root[l - 1] == '/' ? "" : "/");
		}
		size_t clen = 0;
		char *text = cpath ? read_small_file(cpath, &clen) : NULL;
		if (!text && ra->config_path) {
			fprintf(stderr, "customs %s: cannot read '%s': %m\n",
				cmd, ra->config_path);
			rc = EXIT_USAGE;
		} else if (text) {
			cs_error err = {0};
			/* the config's strings are copied into carena */
			const char *shown = cs_arena_strdup(&ra->carena, cpath);
			if (!cs_config_parse(&ra->config, text, clen,
					     shown ? shown : cpath, ra->today,
					     &ra->carena, &err)) {
				fprintf(stderr, "customs %s: %s:%u:%u: %s\n",
					cmd, cpath, err.mark.line, err.mark.col,
					err.message);
				rc = EXIT_USAGE;
			}
			ra->cfg = &ra->config;
			free(text);
		}
		free(cpath);
	}
	if (rc)
		return rc;
	const cs_config *cfg = ra->cfg;
	if (cfg && !ra->min_score && cfg->has_min_score) {
		ra->gate.has_min_score = true;
		ra->gate.min_score = cfg->min_score;
	}
	if (cfg && !ra->fail_on && cfg->has_fail_on) {
		ra->gate.has_fail_on = true;
		ra->gate.fail_on = cfg->fail_on;
	}
	if (ra->ci && !ra->gate.has_min_score) {
		ra->gate.has_min_score = true;
		ra->gate.min_score = 70;
	}
	return 0;
}

/* The report sink: stdio, remembering the first write error. */
typedef struct out_file {
	FILE *f;
	int err;
} out_file;

static bool out_write(void *ctx, const char *p, size_t n)
{
	out_file *o = ctx;
	errno = 0;
	if (fwrite(p, 1, n, o->f) == n)
		return true;
	o->err = errno ? errno : EIO;
	return false;
}

/*
 * Stream the report to FILE (stdout when NULL or "-"), so that it is never
 * held in memory whole.  An unwritable FILE is a usage error, a failed
 * write an internal one.
 */
static int report(const char *cmd, const char *path, cs_format fmt,
		  const cs_run *run, const cs_report_opts *ro)
{
	out_file o = {stdout, 0};
	if (path && strcmp(path, "-") != 0) {
		o.f = fopen(path, "wb");
		if (!o.f) {
			fprintf(stderr, "customs %s: cannot write '%s': %m\n",
				cmd, path);
			return EXIT_USAGE;
		}
	}
	cs_sink sink = {out_write, &o, false};
	bool done = cs_report_stream(&sink, fmt, run, ro);
	errno = 0;
	if (!o.err && fflush(o.f) != 0)
		o.err = errno ? errno : EIO;
	if (o.f != stdout && fclose(o.f) != 0 && !o.err)
		o.err = errno ? errno : EIO;
	if (o.err) {
		errno = o.err;
		fprintf(stderr, "customs %s: write error: %m\n", cmd);
		return EXIT_INTERNAL;
	}
	if (!done) {
		fprintf(stderr, "customs %s: out of memory\n", cmd);
		return EXIT_INTERNAL;
	}
	return EXIT_PASS;
}

int report_args_finish(report_args *ra, const char *cmd, cs_run *run)
{
	cs_run_gate(run, &ra->gate);
	bool color = false;
	if (strcmp(ra->color, "always") == 0)
		color = true;
	else if (strcmp(ra->color, "auto") == 0)
		color = !ra->output && isatty(1) && !getenv("NO_COLOR");
	cs_report_opts ro = {.color = color, .quiet = ra->quiet};
	int rc = report(cmd, ra->output, ra->fmt, run, &ro);
	if (!rc && run->input_error)
		rc = EXIT_INPUT;
	else if (!rc && run->gate_failed)
		rc = EXIT_GATE;
	if (run->gate_failed && ra->output)
		fprintf(stderr, "customs %s: gate failed: %s\n", cmd,
			run->gate_reason);
	return rc;
}

void report_args_free(report_args *ra)
{
	cs_arena_free(&ra->carena);
}

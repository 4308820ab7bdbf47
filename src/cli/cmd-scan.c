/*
 * cmd-scan.c - `customs scan`: discover, scan, score, report, gate.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "commands.h"
#include "config.h"
#include "discover.h"
#include "pss.h"
#include "report/report.h"
#include "run.h"

static const command_help help = {
	"scan",
	"customs scan [options] [PATH...]",
	"Audit the Dockerfiles (Dockerfile, Containerfile, Dockerfile.*,\n"
	"*.Dockerfile), Compose files (compose.yaml, docker-compose*.yml,\n"
	"*.compose.yaml, or YAML with a top-level services map) and\n"
	"Kubernetes manifests (YAML or JSON with apiVersion and kind) found\n"
	"in each PATH (default: the current directory; '-' reads standard\n"
	"input, e.g. `helm template CHART | customs scan -`).  Every finding\n"
	"has a file, line and column; each file and the whole run get a\n"
	"score and a grade.\n"
	"Exit: 0 passed, 1 gate failed, 2 usage error, 3 an input could not\n"
	"be read or parsed, 4 internal error.",
};

#define MAX_STDIN CS_DF_MAX_BYTES

static int read_stdin(char **data, size_t *len)
{
	size_t cap = 65536, n = 0;
	char *p = malloc(cap + 1);
	if (!p)
		return -1;
	for (;;) {
		if (n == cap) {
			if (cap > MAX_STDIN)
				break;
			cap *= 2;
			char *q = realloc(p, cap + 1);
			if (!q) {
				free(p);
				return -1;
			}
			p = q;
		}
		ssize_t r = read(0, p + n, cap - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			free(p);
			return -1;
		}
		if (r == 0)
			break;
		n += (size_t)r;
	}
	p[n] = '\0';
	*data = p;
	*len = n;
	return 0;
}

/* Read a config file fully (bounded); NULL on error with errno set. */
static char *slurp(const char *path, size_t *len)
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

static bool is_dir(const char *p)
{
	struct stat st;
	return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

static bool parse_number(const char *s, double lo, double hi, double *out)
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
 * held in memory whole.  Exit codes as write_output(): an unwritable FILE
 * is a usage error, a failed write an internal one.
 */
static int report(const char *path, cs_format fmt, const cs_run *run,
		  const cs_report_opts *ro)
{
	out_file o = {stdout, 0};
	if (path && strcmp(path, "-") != 0) {
		o.f = fopen(path, "wb");
		if (!o.f) {
			fprintf(stderr, "customs scan: cannot write '%s': %m\n",
				path);
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
		fprintf(stderr, "customs scan: write error: %m\n");
		return EXIT_INTERNAL;
	}
	if (!done) {
		fprintf(stderr, "customs scan: out of memory\n");
		return EXIT_INTERNAL;
	}
	return EXIT_PASS;
}

int cmd_scan(int argc, char **argv)
{
	const char *format = "text", *output = NULL, *config_path = NULL;
	const char *min_score = NULL, *fail_on = NULL, *jobs_s = NULL;
	const char *stdin_name = NULL, *target = NULL, *color = "auto";
	const char *pss = NULL, *pss_version = NULL, *env_file = NULL;
	bool quiet = false, ci = false, no_config = false;
	opt_list excludes = {0}, build_args = {0};
	const option opts[] = {
		OPT_STRING_('f', "format", &format, "FORMAT",
			    "text (default), json, sarif or junit"),
		OPT_STRING_('o', "output", &output, "FILE",
			    "write the report to FILE"),
		OPT_FLAG_('q', "quiet", &quiet,
			  "text: only files with findings, no suppressed ones"),
		OPT_STRING_(0, "color", &color, "WHEN",
			    "auto (default; NO_COLOR honoured), always, never"),
		OPT_STRING_(0, "min-score", &min_score, "N",
			    "fail (exit 1) when the total score is under N"),
		OPT_STRING_(0, "fail-on", &fail_on, "SEVERITY",
			    "fail on a finding at or above SEVERITY"),
		OPT_FLAG_(0, "ci", &ci, "gate for CI: --min-score 70 unless set"),
		OPT_STRING_('c', "config", &config_path, "FILE",
			    "read FILE instead of .customs.yaml"),
		OPT_FLAG_(0, "no-config", &no_config,
			  "do not read .customs.yaml"),
		OPT_LIST_('e', "exclude", &excludes, "GLOB",
			  "skip paths matching GLOB (repeatable)"),
		OPT_STRING_(0, "stdin-filename", &stdin_name, "NAME",
			    "the name shown for '-' (standard input)"),
		OPT_STRING_('j', "jobs", &jobs_s, "N",
			    "scan N files at once (default: the cores)"),
		OPT_STRING_(0, "target", &target, "STAGE",
			    "the stage that is built (default: the last)"),
		OPT_LIST_(0, "build-arg", &build_args, "K=V",
			  "a build argument value (repeatable)"),
		OPT_STRING_(0, "env-file", &env_file, "FILE",
			    "Compose: interpolate from FILE, not the environment"),
		OPT_STRING_(0, "pss", &pss, "LEVEL",
			    "Pod Security Standards: baseline or restricted; "
			    "fail below it"),
		OPT_STRING_(0, "pss-version", &pss_version, "V",
			    "the Kubernetes version the standards are of "
			    "(v1.22 .. v1.37, default latest)"),
		OPT_END_(),
	};
	char **paths;
	size_t npaths;
	int rc = parse_options(argc, argv, opts, &help, &paths, &npaths);
	if (rc) {
		free(excludes.v);
		free(build_args.v);
		return rc == 1 ? EXIT_PASS : EXIT_USAGE;
	}

	cs_format fmt;
	cs_gate gate = {0};
	long jobs = sysconf(_SC_NPROCESSORS_ONLN);
	bool use_color = false;
	rc = EXIT_PASS;
	if (!cs_format_parse(format, &fmt))
		rc = usage_error(&help,
				 "unknown format '%s' (text, json, sarif, junit)",
				 format);
	else if (min_score &&
		 !parse_number(min_score, 0, 100, &gate.min_score))
		rc = usage_error(&help,
				 "--min-score takes a number from 0 to 100, "
				 "not '%s'",
				 min_score);
	else if (fail_on && !cs_severity_parse(fail_on, &gate.fail_on))
		rc = usage_error(&help,
				 "--fail-on takes critical, high, medium, low "
				 "or info, not '%s'",
				 fail_on);
	else if (strcmp(color, "auto") && strcmp(color, "always") &&
		 strcmp(color, "never"))
		rc = usage_error(&help,
				 "--color takes auto, always or never, not '%s'",
				 color);
	else if (config_path && no_config)
		rc = usage_error(&help,
				 "--config and --no-config exclude each other");
	if (!rc && jobs_s) {
		double d = 0;
		if (!parse_number(jobs_s, 1, 256, &d) || d != (long)d)
			rc = usage_error(&help,
					 "--jobs takes a whole number from 1 "
					 "to 256, not '%s'",
					 jobs_s);
		else
			jobs = (long)d;
	}
	cs_pss_level pss_level = CS_PSS_NONE;
	int pss_minor = CS_PSS_LATEST_MINOR;
	if (!rc && pss && (!cs_pss_parse_level(pss, &pss_level) ||
			   pss_level == CS_PSS_PRIVILEGED))
		rc = usage_error(&help,
				 "--pss takes baseline or restricted, not '%s'",
				 pss);
	if (!rc && pss_version && !cs_pss_parse_version(pss_version, &pss_minor))
		rc = usage_error(&help,
				 "--pss-version takes v1.%d to v1.%d or latest, "
				 "not '%s'",
				 CS_PSS_MIN_MINOR, CS_PSS_LATEST_MINOR,
				 pss_version);
	if (!rc && pss_version && !pss)
		rc = usage_error(&help, "--pss-version needs --pss");
	for (size_t i = 0; !rc && i < build_args.n; i++)
		if (!strchr(build_args.v[i], '='))
			rc = usage_error(&help, "--build-arg takes K=V, not '%s'",
					 build_args.v[i]);
	size_t nstdin = 0;
	for (size_t i = 0; i < npaths; i++)
		nstdin += strcmp(paths[i], "-") == 0;
	if (!rc && nstdin > 1)
		rc = usage_error(&help, "'-' (standard input) given twice");
	if (rc) {
		free(paths);
		free(excludes.v);
		free(build_args.v);
		return rc;
	}
	gate.has_min_score = min_score != NULL;
	gate.has_fail_on = fail_on != NULL;
	if (jobs < 1)
		jobs = 1;

	/* today, for waiver expiry */
	char today[16];
	time_t now = time(NULL);
	struct tm tm;
	gmtime_r(&now, &tm);
	strftime(today, sizeof(today), "%Y-%m-%d", &tm);

	/* the configuration */
	cs_arena carena;
	cs_arena_init(&carena, 64u * 1024 * 1024);
	cs_config config;
	cs_config_init(&config);
	const cs_config *cfg = NULL;
	char *cpath = NULL;
	if (!no_config) {
		if (config_path) {
			cpath = strdup(config_path);
		} else {
			const char *root =
				npaths == 1 && is_dir(paths[0]) ? paths[0] : ".";
			size_t l = strlen(root);
			cpath = malloc(l + 16);
			if (cpath)
				snprintf(cpath, l + 16, "%s%s.customs.yaml", root,
					 root[l - 1] == '/' ? "" : "/");
		}
		size_t clen = 0;
		char *text = cpath ? slurp(cpath, &clen) : NULL;
		if (!text && config_path) {
			fprintf(stderr, "customs scan: cannot read '%s': %m\n",
				config_path);
			rc = EXIT_USAGE;
		} else if (text) {
			cs_error err = {0};
			if (!cs_config_parse(&config, text, clen, cpath, today,
					     &carena, &err)) {
				fprintf(stderr, "customs scan: %s:%u:%u: %s\n",
					cpath, err.mark.line, err.mark.col,
					err.message);
				rc = EXIT_USAGE;
			}
			cfg = &config;
			/* the config's strings live in carena; text can go,
			 * except that yaml scalars were copied: they were */
			free(text);
		}
	}
	if (rc) {
		free(cpath);
		cs_arena_free(&carena);
		free(paths);
		free(excludes.v);
		free(build_args.v);
		return rc;
	}
	if (cfg && !min_score && cfg->has_min_score) {
		gate.has_min_score = true;
		gate.min_score = cfg->min_score;
	}
	if (cfg && !fail_on && cfg->has_fail_on) {
		gate.has_fail_on = true;
		gate.fail_on = cfg->fail_on;
	}
	if (ci && !gate.has_min_score) {
		gate.has_min_score = true;
		gate.min_score = 70;
	}

	/* --env-file, read once for every Compose file */
	char *env_data = NULL;
	size_t env_len = 0;
	if (env_file && !(env_data = slurp(env_file, &env_len))) {
		fprintf(stderr, "customs scan: cannot read '%s': %m\n",
			env_file);
		free(cpath);
		cs_arena_free(&carena);
		free(paths);
		free(excludes.v);
		free(build_args.v);
		return EXIT_USAGE;
	}

	/* discovery */
	cs_inputs inputs = {0};
	char *stdin_data = NULL;
	size_t stdin_len = 0;
	static char *const dot[] = {"."};
	char *const *list = npaths ? paths : dot;
	size_t nlist = npaths ? npaths : 1;
	bool oom = false;
	for (size_t i = 0; i < nlist && !oom; i++) {
		if (strcmp(list[i], "-") == 0)
			oom = !cs_discover_stdin(&inputs, stdin_name ? stdin_name
								     : "-");
		else
			oom = !cs_discover(&inputs, list[i], excludes.v,
					   excludes.n, cfg);
	}
	if (!oom && nstdin && read_stdin(&stdin_data, &stdin_len) != 0) {
		fprintf(stderr, "customs scan: cannot read standard input: %m\n");
		rc = EXIT_INPUT;
	}

	cs_scan_opts sopts = {
		.config = cfg,
		.build = {.target = target,
			  .build_args = build_args.v,
			  .nbuild_args = build_args.n},
		.environ = (const char *const *)environ,
		.env_file_data = env_data,
		.env_file_len = env_len,
		.pss_level = pss_level,
		.pss_minor = pss_minor,
	};
	cs_run run = {0};
	run.tool_version = CS_VERSION;
	if (!oom && !rc)
		oom = !cs_run_scan(&run, &inputs, stdin_data, stdin_len,
				   (unsigned)jobs, &sopts);
	if (oom) {
		fprintf(stderr, "customs scan: out of memory\n");
		rc = EXIT_INTERNAL;
	}
	if (!rc) {
		cs_run_gate(&run, &gate);
		if (run.nfiles == 0)
			fprintf(stderr,
				"customs scan: no Dockerfiles, Compose files or "
				"Kubernetes manifests found in %s\n",
				npaths ? "the given paths"
				       : "the current directory");
		if (strcmp(color, "always") == 0)
			use_color = true;
		else if (strcmp(color, "auto") == 0)
			use_color = !output && isatty(1) && !getenv("NO_COLOR");
		cs_report_opts ro = {.color = use_color, .quiet = quiet};
		rc = report(output, fmt, &run, &ro);
		if (!rc && run.input_error)
			rc = EXIT_INPUT;
		else if (!rc && run.gate_failed)
			rc = EXIT_GATE;
		if (run.gate_failed && output)
			fprintf(stderr, "customs scan: gate failed: %s\n",
				run.gate_reason);
	}
	cs_run_free(&run);
	cs_inputs_free(&inputs);
	free(stdin_data);
	free(env_data);
	free(cpath);
	cs_arena_free(&carena);
	free(paths);
	free(excludes.v);
	free(build_args.v);
	return rc;
}

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
#include "report-opts.h"
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

static bool is_dir(const char *p)
{
	struct stat st;
	return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

int cmd_scan(int argc, char **argv)
{
	report_args ra = REPORT_ARGS_INIT;
	const char *jobs_s = NULL, *stdin_name = NULL, *target = NULL;
	const char *pss = NULL, *pss_version = NULL, *env_file = NULL;
	opt_list excludes = {0}, build_args = {0};
	const option opts[] = {
		REPORT_OPTIONS(&ra),
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

	long jobs = sysconf(_SC_NPROCESSORS_ONLN);
	rc = report_args_check(&ra, &help);
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
	if (jobs < 1)
		jobs = 1;

	/* the configuration: --config, else the one directory scanned, else
	 * the current directory */
	rc = report_args_config(&ra, "scan",
				npaths == 1 && is_dir(paths[0]) ? paths[0]
								: ".");
	if (rc) {
		report_args_free(&ra);
		free(paths);
		free(excludes.v);
		free(build_args.v);
		return rc;
	}
	const cs_config *cfg = ra.cfg;

	/* --env-file, read once for every Compose file */
	char *env_data = NULL;
	size_t env_len = 0;
	if (env_file && !(env_data = read_small_file(env_file, &env_len))) {
		fprintf(stderr, "customs scan: cannot read '%s': %m\n",
			env_file);
		report_args_free(&ra);
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
		if (run.nfiles == 0)
			fprintf(stderr,
				"customs scan: no Dockerfiles, Compose files or "
				"Kubernetes manifests found in %s\n",
				npaths ? "the given paths"
				       : "the current directory");
		rc = report_args_finish(&ra, "scan", &run);
	}
	cs_run_free(&run);
	cs_inputs_free(&inputs);
	free(stdin_data);
	free(env_data);
	report_args_free(&ra);
	free(paths);
	free(excludes.v);
	free(build_args.v);
	return rc;
}

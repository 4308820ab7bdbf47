/*
 * cmd-image.c - `customs image audit IMAGE`: an image's findings, score and
 * gate, reported exactly as `customs scan` reports files.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "image/audit.h"
#include "report-opts.h"

static const command_help help = {
	"image",
	"customs image audit [options] IMAGE",
	"Audit a container image: a `docker save` tarball (classic or\n"
	"Docker 25+), an OCI image layout (directory or tar) or an unpacked\n"
	"root file system directory.  No daemon, no network, nothing\n"
	"extracted.  Findings name the layer (digest and the history line\n"
	"that made it) and the file; the image gets a score and a grade.\n"
	"Exit: 0 passed, 1 gate failed, 2 usage error, 3 the image could\n"
	"not be read, 4 internal error.",
};

static int audit(int argc, char **argv)
{
	report_args ra = REPORT_ARGS_INIT;
	const char *platform = NULL;
	const option opts[] = {
		REPORT_OPTIONS(&ra),
		OPT_STRING_(0, "platform", &platform, "OS/ARCH[/VARIANT]",
			    "the image of a multi-platform index to audit"),
		OPT_END_(),
	};
	char **args;
	size_t nargs;
	int rc = parse_options(argc, argv, opts, &help, &args, &nargs);
	if (rc)
		return rc == 1 ? EXIT_PASS : EXIT_USAGE;
	rc = report_args_check(&ra, &help);
	if (!rc && nargs != 1)
		rc = usage_error(&help, "image audit takes one IMAGE, not %zu",
				 nargs);
	if (!rc && platform && !strchr(platform, '/'))
		rc = usage_error(&help,
				 "--platform takes OS/ARCH[/VARIANT], not '%s'",
				 platform);
	if (!rc)
		rc = report_args_config(&ra, "image audit", ".");
	if (rc) {
		report_args_free(&ra);
		free(args);
		return rc;
	}

	cs_img_opts io = {.platform = platform};
	cs_scan_opts so = {.config = ra.cfg};
	cs_file_result *r = calloc(1, sizeof(*r));
	cs_file_result **files = calloc(1, sizeof(*files));
	if (!r || !files) {
		fprintf(stderr, "customs image audit: out of memory\n");
		free(r);
		free(files);
		report_args_free(&ra);
		free(args);
		return EXIT_INTERNAL;
	}
	cs_image_audit(r, args[0], &io, &so);
	files[0] = r;
	cs_run run = {0};
	run.tool_version = CS_VERSION;
	run.files = files;
	run.nfiles = 1;
	cs_run_totals(&run);
	rc = report_args_finish(&ra, "image audit", &run);
	cs_run_free(&run);
	report_args_free(&ra);
	free(args);
	return rc;
}

int cmd_image(int argc, char **argv)
{
	/* `image -h` is the help of its one subcommand */
	if (argc >= 2 && (strcmp(argv[1], "audit") == 0 ||
			  strcmp(argv[1], "-h") == 0 ||
			  strcmp(argv[1], "--help") == 0))
		return strcmp(argv[1], "audit") == 0 ? audit(argc - 1, argv + 1)
						     : audit(argc, argv);
	if (argc < 2)
		return usage_error(&help, "image needs a subcommand: audit");
	return usage_error(&help, "unknown image subcommand '%s'", argv[1]);
}

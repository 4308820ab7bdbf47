/*
 * cmd-sbom.c - `customs sbom IMAGE`: the packages installed in an image as
 * an SPDX 2.3 or CycloneDX 1.5/1.6 JSON document.
 *
 * The library never looks at the clock or the environment, so this is
 * where SOURCE_DATE_EPOCH is read (reproducible-builds.org): with it set,
 * the same image gives the same bytes.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "commands.h"
#include "image/image.h"
#include "sbom/catalog.h"

static const command_help help = {
	"sbom",
	"customs sbom --format FORMAT [options] IMAGE",
	"Write a software bill of materials for a container image: a\n"
	"`docker save` tarball, an OCI image layout (directory or tar) or an\n"
	"unpacked root file system directory.  Packages come from the dpkg,\n"
	"apk and RPM (rpmdb.sqlite) databases, Python dist-info/egg-info\n"
	"metadata, package.json files under node_modules, Go binaries'\n"
	"build info and Java archives (pom.properties, nested JARs), each\n"
	"with the file and the layer it was found in.  Berkeley DB and NDB\n"
	"RPM databases are not read; the document says so.  The creation\n"
	"time is SOURCE_DATE_EPOCH when set, so output can be\n"
	"reproducible.\n"
	"Exit: 0 written, 2 usage error, 3 the image could not be read,\n"
	"4 internal error.",
};

/* What failed and where: the image, unless the message names it. */
static void report(const char *image, const cs_error *err)
{
	bool named = strstr(err->message, image) != NULL;
	fprintf(stderr, "customs sbom: %s%s%s%s%s\n", named ? "" : image,
		named ? "" : ": ", err->message, err->context[0] ? " " : "",
		err->context);
}

static void print_notes(const cs_catalog *cat)
{
	for (size_t i = 0; i < cat->nnotes; i++)
		fprintf(stderr, "customs sbom: note: %s\n", cat->notes[i]);
	if (cat->notes_dropped)
		fprintf(stderr, "customs sbom: note: %zu more notices\n",
			cat->notes_dropped);
}

int cmd_sbom(int argc, char **argv)
{
	const char *format = NULL, *spec = NULL, *output = NULL;
	const char *platform = NULL;
	const option opts[] = {
		OPT_STRING_('f', "format", &format, "FORMAT",
			    "spdx-json or cyclonedx-json (required)"),
		OPT_STRING_(0, "spec", &spec, "VERSION",
			    "cyclonedx-json: 1.5 or 1.6 (default)"),
		OPT_STRING_('o', "output", &output, "FILE",
			    "write the document to FILE"),
		OPT_STRING_(0, "platform", &platform, "OS/ARCH[/VARIANT]",
			    "the image of a multi-platform index to read"),
		OPT_END_(),
	};
	char **args;
	size_t nargs;
	int rc = parse_options(argc, argv, opts, &help, &args, &nargs);
	if (rc)
		return rc == 1 ? EXIT_PASS : EXIT_USAGE;

	cs_sbom_opts so = {.tool_version = CS_VERSION, .spec = spec};
	if (nargs != 1)
		rc = usage_error(&help, "sbom takes one IMAGE, not %zu", nargs);
	else if (!format)
		rc = usage_error(&help, "--format is required (spdx-json, "
					"cyclonedx-json)");
	else if (strcmp(format, "spdx-json") == 0)
		so.format = CS_SBOM_SPDX_JSON;
	else if (strcmp(format, "cyclonedx-json") == 0)
		so.format = CS_SBOM_CYCLONEDX_JSON;
	else
		rc = usage_error(&help,
				 "unknown format '%s' (spdx-json, "
				 "cyclonedx-json)",
				 format);
	if (!rc && spec && so.format != CS_SBOM_CYCLONEDX_JSON)
		rc = usage_error(&help, "--spec applies to cyclonedx-json "
					"only (SPDX is 2.3)");
	if (!rc && spec && strcmp(spec, "1.5") && strcmp(spec, "1.6"))
		rc = usage_error(&help, "--spec takes 1.5 or 1.6, not '%s'",
				 spec);
	if (!rc && platform && !strchr(platform, '/'))
		rc = usage_error(&help,
				 "--platform takes OS/ARCH[/VARIANT], not '%s'",
				 platform);
	if (!rc)
		rc = source_date_epoch(&help, &so.created);
	if (rc) {
		free(args);
		return EXIT_USAGE;
	}

	cs_image img;
	cs_img_opts io = {.platform = platform};
	cs_error err = {0};
	if (!cs_image_open(&img, args[0], &io, &err)) {
		report(args[0], &err);
		free(args);
		return err.code == CS_ERR_NOMEM ? EXIT_INTERNAL : EXIT_INPUT;
	}
	cs_catalog cat;
	if (!cs_catalog_image(&cat, &img, &err)) {
		report(args[0], &err);
		cs_catalog_free(&cat);
		cs_image_free(&img);
		free(args);
		return err.code == CS_ERR_NOMEM || err.code == CS_ERR_INTERNAL
			       ? EXIT_INTERNAL
			       : EXIT_INPUT;
	}
	print_notes(&cat);
	cs_buf out;
	cs_buf_init(&out, 0);
	bool ok = so.format == CS_SBOM_SPDX_JSON
			  ? cs_sbom_spdx(&cat, &so, &out, &err)
			  : cs_sbom_cyclonedx(&cat, &so, &out, &err);
	if (ok) {
		rc = write_output("sbom", output, out.data, out.len);
	} else {
		fprintf(stderr, "customs sbom: %s\n", err.message);
		rc = EXIT_INTERNAL;
	}
	cs_buf_free(&out);
	cs_catalog_free(&cat);
	cs_image_free(&img);
	free(args);
	return rc;
}

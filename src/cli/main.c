/*
 * main.c - the customs command: a static table of subcommands (git.c style).
 *
 * The front end is thin: it dispatches, and each cmd-*.c parses its options,
 * calls the library and maps results to output and exit codes.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "commands.h"

typedef struct command {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *summary;
} command;

static const command commands[] = {
	{"scan", cmd_scan,
	 "audit Dockerfiles, Compose files and Kubernetes manifests: "
	 "findings, score, grade, CI gate"},
	{"image", cmd_image,
	 "audit a container image (image audit IMAGE)"},
	{"rules", cmd_rules, "list the rules, or explain one (rules show ID)"},
	{"sbom", cmd_sbom, "write an SPDX or CycloneDX SBOM of an image"},
	{"key", cmd_key,
	 "make cosign key pairs (key generate|public|import)"},
	{"sign", cmd_sign, "sign an image in an OCI layout (cosign format)"},
	{"verify", cmd_verify,
	 "verify the cosign signatures of an image in an OCI layout"},
	{"sign-blob", cmd_sign_blob, "sign a file with a key (as cosign)"},
	{"verify-blob", cmd_verify_blob,
	 "verify a file's signature or bundle with a public key"},
	{"attest", cmd_attest,
	 "sign an in-toto attestation about an image or a file (DSSE)"},
	{"verify-attestation", cmd_verify_attestation,
	 "verify the attestations of an image or a file with a public key"},
	{"provenance", cmd_provenance,
	 "write a SLSA Provenance v1 predicate to attest"},
};

static void main_usage(FILE *out)
{
	fprintf(out,
		"usage: customs [--version] [--help] <command> [<args>]\n\n"
		"customs inspects what containers declare and refuses entry "
		"to what is unsafe.\n\ncommands:\n");
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(out, "  %-19s %s\n", commands[i].name,
			commands[i].summary);
	fprintf(out, "  %-19s %s\n", "help", "show help for a command");
	fprintf(out, "  %-19s %s\n", "version", "print the version");
	fprintf(out,
		"\n'customs help <command>' or 'customs <command> -h' "
		"explains a command; man customs has it all.\n");
}

static const command *find(const char *name)
{
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (strcmp(commands[i].name, name) == 0)
			return &commands[i];
	return NULL;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		main_usage(stderr);
		return EXIT_USAGE;
	}
	const char *name = argv[1];
	if (strcmp(name, "--version") == 0 || strcmp(name, "version") == 0) {
		printf("customs %s\n", CS_VERSION);
		return EXIT_PASS;
	}
	if (strcmp(name, "--help") == 0 || strcmp(name, "-h") == 0) {
		main_usage(stdout);
		return EXIT_PASS;
	}
	if (strcmp(name, "help") == 0) {
		if (argc < 3) {
			main_usage(stdout);
			return EXIT_PASS;
		}
		const command *c = find(argv[2]);
		if (!c) {
			fprintf(stderr,
				"customs: '%s' is not a command; see "
				"'customs --help'\n",
				argv[2]);
			return EXIT_USAGE;
		}
		char *hargv[] = {argv[2], "--help", NULL};
		return c->fn(2, hargv);
	}
	const command *c = find(name);
	if (!c) {
		fprintf(stderr,
			"customs: '%s' is not a command; see 'customs --help'\n",
			name);
		return EXIT_USAGE;
	}
	return c->fn(argc - 1, argv + 1);
}

int source_date_epoch(const command_help *help, int64_t *out)
{
	const char *s = getenv("SOURCE_DATE_EPOCH");
	if (!s) {
		*out = (int64_t)time(NULL);
		return 0;
	}
	char *end = NULL;
	errno = 0;
	long long v = strtoll(s, &end, 10);
	if (errno || end == s || *end || v < 0 || v > 253402300799LL)
		return usage_error(help,
				   "SOURCE_DATE_EPOCH must be seconds since "
				   "1970, not '%s'",
				   s);
	*out = v;
	return 0;
}

int write_output(const char *cmd, const char *path, const char *data,
		 size_t len)
{
	FILE *f = stdout;
	if (path && strcmp(path, "-") != 0) {
		f = fopen(path, "wb");
		if (!f) {
			fprintf(stderr, "customs %s: cannot write '%s': %m\n",
				cmd, path);
			return EXIT_USAGE;
		}
	}
	size_t n = fwrite(data, 1, len, f);
	int bad = n != len || fflush(f) != 0;
	if (f != stdout)
		bad |= fclose(f) != 0;
	if (bad) {
		fprintf(stderr, "customs %s: write error: %m\n", cmd);
		return EXIT_INTERNAL;
	}
	return EXIT_PASS;
}

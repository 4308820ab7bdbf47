/*
 * main.c - the customs command: a static table of subcommands (git.c style).
 *
 * The front end is thin: it dispatches, and each cmd-*.c parses its options,
 * calls the library and maps results to output and exit codes.
 */
#include <stdio.h>
#include <string.h>

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
};

static void main_usage(FILE *out)
{
	fprintf(out,
		"usage: customs [--version] [--help] <command> [<args>]\n\n"
		"customs inspects what containers declare and refuses entry "
		"to what is unsafe.\n\ncommands:\n");
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(out, "  %-10s %s\n", commands[i].name,
			commands[i].summary);
	fprintf(out, "  %-10s %s\n", "help", "show help for a command");
	fprintf(out, "  %-10s %s\n", "version", "print the version");
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

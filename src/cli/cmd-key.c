/*
 * cmd-key.c - `customs key generate|public|import`: cosign key pairs
 * (cosign generate-key-pair, public-key, import-key-pair).
 *
 * A key file is created with O_CREAT|O_EXCL, mode 0600 for the private
 * key and 0644 for the public key (signify's habit): an existing file is
 * never overwritten, and if the second file cannot be created the first
 * is removed, so a failed run leaves nothing half made.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "commands.h"
#include "signing.h"

static const command_help key_help = {
	"key",
	"customs key generate|public|import [options]",
	"Make and convert cosign-compatible key pairs.  The private key is\n"
	"written as cosign writes it (ENCRYPTED SIGSTORE PRIVATE KEY: scrypt\n"
	"and NaCl secretbox around PKCS#8) and the public key as a PEM\n"
	"PUBLIC KEY, so keys work with cosign and cosign's with customs.\n"
	"The password is COSIGN_PASSWORD when set (it may be empty), else it\n"
	"is asked for on the terminal.\n"
	"Exit: 0 done, 2 usage error (or a key file already exists), 3 an\n"
	"input could not be read or is malformed (or the password is wrong),\n"
	"4 internal error.",
};

static const command_help generate_help = {
	"key generate",
	"customs key generate [--output-prefix PREFIX]",
	"Generate an ECDSA P-256 key pair: PREFIX.key (encrypted with the\n"
	"password, mode 0600) and PREFIX.pub (mode 0644).  Existing files\n"
	"are never overwritten.  Same as `cosign generate-key-pair`.",
};

static const command_help public_help = {
	"key public",
	"customs key public --key KEY [--output FILE]",
	"Print the public key (PEM PUBLIC KEY) of a private key file:\n"
	"cosign's encrypted format or a plain PKCS#8, SEC1 or PKCS#1 PEM.\n"
	"Same as `cosign public-key --key KEY`.",
};

static const command_help import_help = {
	"key import",
	"customs key import --key PEM [--output-prefix PREFIX]",
	"Encrypt a plain PEM private key (PKCS#8 PRIVATE KEY, SEC1 EC\n"
	"PRIVATE KEY or PKCS#1 RSA PRIVATE KEY; ECDSA P-256/384/521 or RSA\n"
	"2048-4096) into PREFIX.key in cosign's format and write PREFIX.pub.\n"
	"The default PREFIX is import-cosign.  Same as\n"
	"`cosign import-key-pair --key PEM`.",
};

/* Create path exclusively with mode and write data; 0 or an exit code
 * (the error printed). */
static int write_new_file(const char *cmd, const char *path, mode_t mode,
			  const char *data, size_t len)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
	if (fd < 0) {
		if (errno == EEXIST)
			fprintf(stderr,
				"customs %s: '%s' already exists; it is not "
				"overwritten (remove it or choose another "
				"--output-prefix)\n",
				cmd, path);
		else
			fprintf(stderr, "customs %s: cannot create '%s': %s\n",
				cmd, path, strerror(errno));
		return EXIT_USAGE;
	}
	/* the mode is exact whatever the umask */
	bool ok = fchmod(fd, mode) == 0;
	size_t off = 0;
	while (ok && off < len) {
		ssize_t n = write(fd, data + off, len - off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			ok = false;
		else
			off += (size_t)n;
	}
	ok = fsync(fd) == 0 && ok;
	if (close(fd) != 0)
		ok = false;
	if (!ok) {
		fprintf(stderr, "customs %s: cannot write '%s': %s\n", cmd,
			path, strerror(errno));
		unlink(path);
		return EXIT_INTERNAL;
	}
	return EXIT_PASS;
}

/* PREFIX.key (encrypted with a new password) and PREFIX.pub of k. */
static int write_pair(const char *cmd, const char *prefix, const cs_key *k)
{
	size_t plen = strlen(prefix);
	char *keypath = malloc(plen + 5), *pubpath = malloc(plen + 5);
	if (!keypath || !pubpath) {
		free(keypath);
		free(pubpath);
		fprintf(stderr, "customs %s: out of memory\n", cmd);
		return EXIT_INTERNAL;
	}
	sprintf(keypath, "%s.key", prefix);
	sprintf(pubpath, "%s.pub", prefix);
	int rc = EXIT_PASS;
	/* refuse before asking for a password that would be thrown away */
	struct stat st;
	const char *exists = lstat(keypath, &st) == 0	? keypath
			     : lstat(pubpath, &st) == 0 ? pubpath
							: NULL;
	if (exists) {
		fprintf(stderr,
			"customs %s: '%s' already exists; it is not "
			"overwritten (remove it or choose another "
			"--output-prefix)\n",
			cmd, exists);
		rc = EXIT_USAGE;
	}
	char *pw = NULL;
	size_t pwlen = 0;
	if (!rc)
		rc = cli_password(cmd, "Enter password for private key: ", true,
				  &pw, &pwlen);
	cs_buf keypem, pubpem;
	cs_buf_init(&keypem, 0);
	cs_buf_init(&pubpem, 0);
	cs_error err = {0};
	if (!rc && (!cs_key_encrypt(k, pw, pwlen, &keypem, &err) ||
		    !cs_key_public_pem(k, &pubpem, &err))) {
		fprintf(stderr, "customs %s: %s\n", cmd, err.message);
		rc = EXIT_INTERNAL;
	}
	cli_password_free(pw, pwlen);
	if (!rc)
		rc = write_new_file(cmd, keypath, 0600, keypem.data,
				    keypem.len);
	if (!rc) {
		rc = write_new_file(cmd, pubpath, 0644, pubpem.data,
				    pubpem.len);
		if (rc)
			unlink(keypath);
	}
	if (!rc)
		fprintf(stderr,
			"Private key written to %s\nPublic key written to %s\n",
			keypath, pubpath);
	cs_buf_free(&keypem);
	cs_buf_free(&pubpem);
	free(keypath);
	free(pubpath);
	return rc;
}

/* Parse a subcommand's options; it takes no positional arguments.
 * Returns -1 when help was printed (exit 0). */
static int parse_sub(int argc, char **argv, const option *opts,
		     const command_help *help)
{
	char **args;
	size_t nargs;
	int rc = parse_options(argc, argv, opts, help, &args, &nargs);
	if (rc)
		return rc == 1 ? -1 : EXIT_USAGE;
	if (nargs)
		rc = usage_error(help, "unexpected argument '%s'", args[0]);
	free(args);
	return rc;
}

#define GENERATE_OPTS(prefix)                                                  \
	OPT_STRING_(0, "output-prefix", (prefix), "PREFIX",                    \
		    "write PREFIX.key and PREFIX.pub (default: cosign)"),      \
		OPT_END_()
#define PUBLIC_OPTS(key, out)                                                  \
	OPT_STRING_(0, "key", (key), "KEY", "the private key file"),           \
		OPT_STRING_('o', "output", (out), "FILE",                      \
			    "write the public key to FILE (default: "          \
			    "standard output)"),                               \
		OPT_END_()
#define IMPORT_OPTS(key, prefix)                                               \
	OPT_STRING_(0, "key", (key), "PEM",                                    \
		    "the plain PEM private key to import"),                    \
		OPT_STRING_(0, "output-prefix", (prefix), "PREFIX",            \
			    "write PREFIX.key and PREFIX.pub (default: "       \
			    "import-cosign)"),                                 \
		OPT_END_()

static int generate(int argc, char **argv)
{
	const char *prefix = "cosign";
	const option opts[] = {GENERATE_OPTS(&prefix)};
	int rc = parse_sub(argc, argv, opts, &generate_help);
	if (rc)
		return rc < 0 ? EXIT_PASS : rc;
	if (!*prefix)
		return usage_error(&generate_help,
				   "--output-prefix must not be empty");
	cs_key *k = NULL;
	cs_error err = {0};
	if (!cs_key_generate(&k, &err)) {
		fprintf(stderr, "customs key generate: %s\n", err.message);
		return EXIT_INTERNAL;
	}
	rc = write_pair("key generate", prefix, k);
	cs_key_free(k);
	return rc;
}

static int public(int argc, char **argv)
{
	const char *keypath = NULL, *output = NULL;
	const option opts[] = {PUBLIC_OPTS(&keypath, &output)};
	int rc = parse_sub(argc, argv, opts, &public_help);
	if (rc)
		return rc < 0 ? EXIT_PASS : rc;
	if (!keypath)
		return usage_error(&public_help, "--key is required");
	cs_key *k = NULL;
	if ((rc = cli_private_key("key public", keypath, &k)))
		return rc;
	cs_buf pem;
	cs_buf_init(&pem, 0);
	cs_error err = {0};
	if (cs_key_public_pem(k, &pem, &err)) {
		rc = write_output("key public", output, pem.data, pem.len);
	} else {
		fprintf(stderr, "customs key public: %s\n", err.message);
		rc = EXIT_INTERNAL;
	}
	cs_buf_free(&pem);
	cs_key_free(k);
	return rc;
}

static int import(int argc, char **argv)
{
	const char *keypath = NULL, *prefix = "import-cosign";
	const option opts[] = {IMPORT_OPTS(&keypath, &prefix)};
	int rc = parse_sub(argc, argv, opts, &import_help);
	if (rc)
		return rc < 0 ? EXIT_PASS : rc;
	if (!keypath)
		return usage_error(&import_help, "--key is required");
	if (!*prefix)
		return usage_error(&import_help,
				   "--output-prefix must not be empty");
	char *pem;
	size_t len;
	if ((rc = cli_read_file("key import", keypath, CS_KEY_MAX_PEM, &pem,
				&len)))
		return rc;
	cs_key *k = NULL;
	cs_error err = {0};
	bool ok = !cs_key_pem_encrypted(pem, len) &&
		  cs_key_load_private(&k, pem, len, NULL, 0, &err);
	if (cs_key_pem_encrypted(pem, len))
		fprintf(stderr,
			"customs key import: %s is already a cosign key; use "
			"it as it is\n",
			keypath);
	else if (!ok)
		fprintf(stderr, "customs key import: %s: %s\n", keypath,
			err.message);
	free(pem);
	if (!ok)
		return err.code == CS_ERR_NOMEM ? EXIT_INTERNAL : EXIT_INPUT;
	rc = write_pair("key import", prefix, k);
	cs_key_free(k);
	return rc;
}

/* `key -h` shows every subcommand with its options, so the one help
 * page documents all that `key` accepts. */
static void key_usage(void)
{
	const char *s = NULL, *o = NULL;
	const option gen[] = {GENERATE_OPTS(&s)};
	const option pub[] = {PUBLIC_OPTS(&s, &o)};
	const option imp[] = {IMPORT_OPTS(&s, &o)};
	const option none[] = {OPT_END_()};
	print_usage(stdout, none, &key_help);
	printf("\n");
	print_usage(stdout, gen, &generate_help);
	printf("\n");
	print_usage(stdout, pub, &public_help);
	printf("\n");
	print_usage(stdout, imp, &import_help);
}

int cmd_key(int argc, char **argv)
{
	if (argc < 2)
		return usage_error(&key_help, "key needs a subcommand: "
					      "generate, public or import");
	const char *sub = argv[1];
	if (strcmp(sub, "-h") == 0 || strcmp(sub, "--help") == 0) {
		key_usage();
		return EXIT_PASS;
	}
	if (strcmp(sub, "generate") == 0)
		return generate(argc - 1, argv + 1);
	if (strcmp(sub, "public") == 0)
		return public(argc - 1, argv + 1);
	if (strcmp(sub, "import") == 0)
		return import(argc - 1, argv + 1);
	return usage_error(&key_help,
			   "unknown key subcommand '%s' (generate, public, "
			   "import)",
			   sub);
}

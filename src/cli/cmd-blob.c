/*
 * cmd-blob.c - `customs sign-blob` and `customs verify-blob`: a signature
 * over a file's digest with a key pair, as `cosign sign-blob --key` and
 * `cosign verify-blob --key` make and check them offline (no
 * transparency log), alone or in a Sigstore bundle.
 *
 * The file is hashed streaming, so a blob of any size costs one buffer;
 * only the digest is signed or verified.  verify-blob prints nothing on
 * standard output and exactly one line on standard error.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "commands.h"
#include "sign/b64.h"
#include "sign/bundle.h"
#include "signing.h"

#define SIG_FILE_MAX (64u << 10)

static const command_help sign_help = {
	"sign-blob",
	"customs sign-blob --key KEY [options] FILE",
	"Sign a file with a private key: ECDSA (or RSA PKCS#1 v1.5) over the\n"
	"file's SHA-256 digest (SHA-384 for P-384 keys, SHA-512 for P-521).\n"
	"The base64 DER signature goes to standard output, or to the\n"
	"--output-signature file (without a newline, as cosign writes it);\n"
	"--bundle also writes a Sigstore bundle v0.3 with the digest, the\n"
	"signature and the key's hint.  FILE - is standard input.  Same as\n"
	"`cosign sign-blob --key KEY --tlog-upload=false\n"
	"--new-bundle-format=false --output-signature SIG FILE`.\n"
	"Exit: 0 signed, 2 usage error, 3 an input could not be read or is\n"
	"malformed (or the password is wrong), 4 internal error.",
};

static const command_help verify_help = {
	"verify-blob",
	"customs verify-blob --key KEY.pub (--signature SIG | --bundle B) FILE",
	"Verify a file's signature with a public key.  SIG is a file holding\n"
	"the signature (base64 or raw DER) or, when no such file exists, the\n"
	"base64 signature itself.  A bundle must hold a messageSignature\n"
	"whose digest is the file's, with the key's hash algorithm; its\n"
	"transparency log entries and certificates are not checked (offline).\n"
	"Prints \"Verified OK\" on standard error.  Same as `cosign\n"
	"verify-blob --key KEY.pub --signature SIG --insecure-ignore-tlog\n"
	"FILE`.\n"
	"Exit: 0 verified, 1 verification failed (one line says why), 2\n"
	"usage error, 3 a file could not be read, 4 internal error.",
};

/* Hash FILE ("-": standard input) with the key's hash. */
static int hash_file(const char *cmd, const char *path, const cs_key *k,
		     unsigned char *dg, size_t *dglen)
{
	bool stdin_ = strcmp(path, "-") == 0;
	int fd = stdin_ ? STDIN_FILENO : open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		fprintf(stderr, "customs %s: cannot read '%s': %s\n", cmd, path,
			strerror(errno));
		return EXIT_INPUT;
	}
	struct stat st;
	if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
		fprintf(stderr, "customs %s: '%s' is a directory\n", cmd, path);
		close(fd);
		return EXIT_INPUT;
	}
	cs_error err = {0};
	bool ok = cs_hash_fd(fd, cs_key_hash(k), dg, dglen, &err);
	if (!stdin_)
		close(fd);
	if (!ok) {
		fprintf(stderr, "customs %s: '%s': %s\n", cmd, path,
			err.message);
		return err.code == CS_ERR_IO ? EXIT_INPUT : EXIT_INTERNAL;
	}
	return EXIT_PASS;
}

int cmd_sign_blob(int argc, char **argv)
{
	const char *keypath = NULL, *sigpath = NULL, *bundlepath = NULL;
	const option opts[] = {
		OPT_STRING_(0, "key", &keypath, "KEY",
			    "the private key (cosign format, or plain PEM)"),
		OPT_STRING_(0, "output-signature", &sigpath, "FILE",
			    "write the base64 signature to FILE instead of "
			    "standard output"),
		OPT_STRING_(0, "bundle", &bundlepath, "FILE",
			    "also write a Sigstore bundle (v0.3) to FILE"),
		OPT_END_(),
	};
	char **args;
	size_t nargs;
	int rc = parse_options(argc, argv, opts, &sign_help, &args, &nargs);
	if (rc)
		return rc == 1 ? EXIT_PASS : EXIT_USAGE;
	if (nargs != 1)
		rc = usage_error(&sign_help,
				 "sign-blob takes one FILE, not %zu", nargs);
	else if (!keypath)
		rc = usage_error(&sign_help, "--key is required");
	const char *file = nargs == 1 ? args[0] : NULL;
	free(args);
	if (rc)
		return rc;

	cs_key *k = NULL;
	if ((rc = cli_private_key("sign-blob", keypath, &k)))
		return rc;
	unsigned char dg[CS_KEY_MAX_DIGEST];
	size_t dglen = 0;
	cs_buf sig, text, bundle;
	cs_buf_init(&sig, 0);
	cs_buf_init(&text, 0);
	cs_buf_init(&bundle, 0);
	cs_error err = {0};
	rc = hash_file("sign-blob", file, k, dg, &dglen);
	if (!rc && !cs_key_sign_digest(k, dg, dglen, &sig, &err)) {
		fprintf(stderr, "customs sign-blob: %s\n", err.message);
		rc = EXIT_INTERNAL;
	}
	if (!rc && !cs_b64_encode(&text, sig.data, sig.len)) {
		fprintf(stderr, "customs sign-blob: out of memory\n");
		rc = EXIT_INTERNAL;
	}
	if (!rc && bundlepath) {
		char hint[45];
		if (!cs_key_hint(k, hint, &err) ||
		    !cs_bundle_write_message(
			    &bundle, hint, cs_key_hash(k), dg, dglen,
			    (const unsigned char *)sig.data, sig.len, &err)) {
			fprintf(stderr, "customs sign-blob: %s\n", err.message);
			rc = EXIT_INTERNAL;
		}
	}
	if (!rc && sigpath) {
		rc = write_output("sign-blob", sigpath, text.data, text.len);
		if (!rc && strcmp(sigpath, "-") != 0)
			fprintf(stderr, "Wrote signature to file %s\n",
				sigpath);
	} else if (!rc) {
		cs_buf_addc(&text, '\n');
		rc = write_output("sign-blob", NULL, text.data, text.len);
	}
	if (!rc && bundlepath) {
		rc = write_output("sign-blob", bundlepath, bundle.data,
				  bundle.len);
		if (!rc && strcmp(bundlepath, "-") != 0)
			fprintf(stderr, "Wrote bundle to file %s\n",
				bundlepath);
	}
	cs_buf_free(&sig);
	cs_buf_free(&text);
	cs_buf_free(&bundle);
	cs_key_free(k);
	return rc;
}

/* The signature named by --signature: a file (base64 text, else raw
 * DER), or the base64 text itself when no such file exists. */
static int read_signature(const char *arg, cs_buf *sig)
{
	struct stat st;
	if (stat(arg, &st) != 0) {
		int saved = errno;
		size_t n = strlen(arg);
		/* a padded standard base64 of a plausible size: a literal;
		 * anything else was meant as a file name */
		if (saved == ENOENT && n >= 16 && n % 4 == 0 &&
		    strspn(arg, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqr"
				"stuvwxyz0123456789+/=") == n &&
		    cs_b64_decode(sig, arg, n) && sig->len)
			return EXIT_PASS;
		cs_buf_reset(sig);
		fprintf(stderr, "customs verify-blob: cannot read '%s': %s\n",
			arg, strerror(saved));
		return EXIT_INPUT;
	}
	char *data;
	size_t len;
	int rc = cli_read_file("verify-blob", arg, SIG_FILE_MAX, &data, &len);
	if (rc)
		return rc;
	if (!cs_b64_decode(sig, data, len) || sig->len == 0) {
		cs_buf_reset(sig);
		cs_buf_add(sig, data, len);
	}
	free(data);
	if (sig->len == 0) {
		fprintf(stderr,
			"customs verify-blob: the signature file '%s' "
			"is empty\n",
			arg);
		return EXIT_GATE;
	}
	return EXIT_PASS;
}

static const char *bundle_alg_of(const char *openssl)
{
	if (strcmp(openssl, "sha384") == 0)
		return "SHA2_384";
	if (strcmp(openssl, "sha512") == 0)
		return "SHA2_512";
	return "SHA2_256";
}

/* The signature of a messageSignature bundle; its digest, when present,
 * must be the file's with the key's algorithm. */
static int bundle_signature(const char *path, const cs_key *k,
			    const unsigned char *dg, size_t dglen, cs_buf *sig)
{
	char *json;
	size_t len;
	int rc = cli_read_file("verify-blob", path, CS_BUNDLE_MAX_JSON, &json,
			       &len);
	if (rc)
		return rc;
	cs_bundle b;
	cs_error err = {0};
	bool ok = cs_bundle_parse(&b, json, len, &err);
	free(json);
	if (!ok) {
		fprintf(stderr, "customs verify-blob: %s: %s\n", path,
			err.message);
		return err.code == CS_ERR_NOMEM ? EXIT_INTERNAL : EXIT_GATE;
	}
	rc = EXIT_GATE;
	const char *want = bundle_alg_of(cs_key_hash(k));
	if (b.kind == CS_BUNDLE_DSSE)
		fprintf(stderr,
			"customs verify-blob: %s holds a DSSE envelope (an "
			"attestation); use customs verify-attestation\n",
			path);
	else if (b.digest_alg && strcmp(b.digest_alg, want) != 0)
		fprintf(stderr,
			"customs verify-blob: the bundle's digest is %s but "
			"the "
			"%s key signs with %s\n",
			b.digest_alg, cs_key_describe(k), want);
	else if (b.digest_alg &&
		 (b.digest_len != dglen || memcmp(b.digest, dg, dglen) != 0))
		fprintf(stderr, "customs verify-blob: the file's digest is not "
				"the one in the bundle\n");
	else if (!cs_buf_add(sig, b.sig, b.sig_len))
		rc = EXIT_INTERNAL;
	else
		rc = EXIT_PASS;
	cs_bundle_free(&b);
	return rc;
}

int cmd_verify_blob(int argc, char **argv)
{
	const char *keypath = NULL, *sigarg = NULL, *bundlepath = NULL;
	const option opts[] = {
		OPT_STRING_(0, "key", &keypath, "KEY.pub",
			    "the public key (PEM PUBLIC KEY)"),
		OPT_STRING_(0, "signature", &sigarg, "SIG",
			    "the signature: a file (base64 or DER) or base64 "
			    "text"),
		OPT_STRING_(0, "bundle", &bundlepath, "FILE",
			    "a Sigstore bundle holding the signature"),
		OPT_END_(),
	};
	char **args;
	size_t nargs;
	int rc = parse_options(argc, argv, opts, &verify_help, &args, &nargs);
	if (rc)
		return rc == 1 ? EXIT_PASS : EXIT_USAGE;
	if (nargs != 1)
		rc = usage_error(&verify_help,
				 "verify-blob takes one FILE, not %zu", nargs);
	else if (!keypath)
		rc = usage_error(&verify_help, "--key is required");
	else if (!sigarg == !bundlepath)
		rc = usage_error(&verify_help,
				 "give one of --signature and --bundle");
	const char *file = nargs == 1 ? args[0] : NULL;
	free(args);
	if (rc)
		return rc;

	cs_key *k = NULL;
	if ((rc = cli_public_key("verify-blob", keypath, &k)))
		return rc;
	unsigned char dg[CS_KEY_MAX_DIGEST];
	size_t dglen = 0;
	cs_buf sig;
	cs_buf_init(&sig, 0);
	/* read the signature first: a missing one is reported as such even
	 * when the file is large */
	if (sigarg)
		rc = read_signature(sigarg, &sig);
	if (!rc)
		rc = hash_file("verify-blob", file, k, dg, &dglen);
	if (!rc && bundlepath)
		rc = bundle_signature(bundlepath, k, dg, dglen, &sig);
	if (!rc) {
		cs_error err = {0};
		if (cs_key_verify_digest(k, dg, dglen,
					 (const unsigned char *)sig.data,
					 sig.len, &err)) {
			fprintf(stderr, "Verified OK\n");
		} else {
			bool mismatch =
				strcmp(err.message, "the signature "
						    "does not match") == 0;
			fprintf(stderr, "customs verify-blob: %s%s\n",
				err.message,
				mismatch ? " the file and key" : "");
			rc = err.code == CS_ERR_NOMEM ? EXIT_INTERNAL
						      : EXIT_GATE;
		}
	}
	cs_buf_free(&sig);
	cs_key_free(k);
	return rc;
}

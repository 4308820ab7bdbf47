/*
 * cmd-sign.c - `customs sign` and `customs verify`: cosign image
 * signatures in an OCI image layout, with a key pair.
 *
 * A layout is the offline form of a registry: `cosign save --dir` writes
 * one, `cosign verify --local-image` reads one and `cosign load` pushes
 * one back.  sign stores a simple-signing payload naming the image's
 * manifest digest and its repository, signed with the key, as cosign
 * would in the registry; verify checks every stored signature and passes
 * when one passes every check, as cosign does.  The layout library does
 * the storage; this file picks the reference, signs, and reports.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <openssl/evp.h>

#include "commands.h"
#include "sign/b64.h"
#include "sign/layout.h"
#include "sign/verify.h"
#include "signing.h"

#define MAX_ANNOTATIONS 64u

static const command_help sign_help = {
	"sign",
	"customs sign --key FILE [--ref NAME] [-a KEY=VALUE]... LAYOUT",
	"Sign the image in an OCI image layout directory (what `cosign save\n"
	"--dir` writes) with a cosign key: a simple-signing payload naming\n"
	"the image's manifest digest and its repository is signed and stored\n"
	"in the layout as cosign stores it in a registry (a manifest tagged\n"
	"sha256-<digest>.sig, one layer per signature).  Signing again adds\n"
	"a signature.  The repository comes from --ref, else from the image's\n"
	"org.opencontainers.image.ref.name when that is a full name, else\n"
	"from io.containerd.image.name.  The password of an encrypted key is\n"
	"COSIGN_PASSWORD or asked for.\n"
	"Exit: 0 signed, 2 usage error, 3 the layout or the key cannot be\n"
	"read, 4 internal error.",
};

static const command_help verify_help = {
	"verify",
	"customs verify --key FILE [--ref NAME] [-a KEY=VALUE]... "
	"[--format text|json] LAYOUT",
	"Verify the cosign signatures stored for the image in an OCI image\n"
	"layout (a directory or a tar of one) with a public key: each\n"
	"signature must verify over its payload as stored, the payload must\n"
	"be a cosign container image signature for the image's manifest\n"
	"digest, for the repository of --ref when given, and carry every\n"
	"-a annotation.  Text output lists each signature and a summary;\n"
	"json prints the verified payloads as an array, as `cosign verify`.\n"
	"Exit: 0 at least one signature verified, 1 none did (or there are\n"
	"none), 2 usage error, 3 the layout or the key cannot be read,\n"
	"4 internal error.",
};

/* A digest alone names the image but not its repository, which is what
 * the payload signs. */
static const char ref_digest_only[] =
	"--ref takes the image's name; REGISTRY/REPO@sha256:<hex> picks it "
	"by digest";

/* --ref's repository as the payload spells it, or a usage error. */
static int ref_repository(const command_help *help, const char *ref,
			  char *out, size_t outsz)
{
	if (strncmp(ref, "sha256:", 7) == 0)
		return usage_error(help, "%s", ref_digest_only);
	if (!cs_docker_reference(ref, out, outsz))
		return usage_error(help,
				   "--ref '%s' is not an image name "
				   "(REGISTRY/REPO[:TAG])",
				   ref);
	return 0;
}

/* -a KEY=VALUE into kv (zeroed by the caller; each pair one malloc'd
 * string, freed with free_annotations). */
static int parse_annotations(const command_help *help, const opt_list *in,
			     cs_kv *kv)
{
	if (in->n > MAX_ANNOTATIONS)
		return usage_error(help, "at most %u -a annotations",
				   MAX_ANNOTATIONS);
	for (size_t i = 0; i < in->n; i++) {
		const char *eq = strchr(in->v[i], '=');
		if (!eq || eq == in->v[i])
			return usage_error(help, "-a takes KEY=VALUE, not '%s'",
					   in->v[i]);
		char *pair = strdup(in->v[i]);
		if (!pair) {
			fprintf(stderr, "customs %s: out of memory\n",
				help->name);
			return EXIT_INTERNAL;
		}
		pair[eq - in->v[i]] = '\0';
		kv[i].key = pair;
		kv[i].value = pair + (eq - in->v[i]) + 1;
	}
	return 0;
}

static void free_annotations(cs_kv *kv, size_t n)
{
	for (size_t i = 0; i < n && i < MAX_ANNOTATIONS; i++)
		free((char *)kv[i].key);
}

static int open_error(const char *cmd, const command_help *help,
		      const cs_error *err)
{
	if (err->code == CS_ERR_USAGE)
		return usage_error(help, "%s", err->message);
	fprintf(stderr, "customs %s: %s%s%s\n", cmd, err->message,
		err->context[0] ? " " : "", err->context);
	return err->code == CS_ERR_NOMEM || err->code == CS_ERR_INTERNAL
		       ? EXIT_INTERNAL
		       : EXIT_INPUT;
}

static void layer_digest(const void *p, size_t n, char out[72])
{
	unsigned char md[32];
	unsigned int len = 0;
	EVP_Digest(p, n, md, &len, EVP_sha256(), NULL);
	memcpy(out, "sha256:", 7);
	for (int i = 0; i < 32; i++)
		snprintf(out + 7 + 2 * i, 3, "%02x", md[i]);
}

int cmd_sign(int argc, char **argv)
{
	const char *key = NULL, *ref = NULL;
	opt_list annots = {0};
	const option opts[] = {
		OPT_STRING_(0, "key", &key, "FILE",
			    "the private key (cosign.key or PEM)"),
		OPT_STRING_(0, "ref", &ref, "NAME",
			    "the image's name REGISTRY/REPO[:TAG]: picks the "
			    "image and names its repository"),
		OPT_LIST_('a', "annotation", &annots, "KEY=VALUE",
			  "an annotation signed with the payload "
			  "(repeatable)"),
		OPT_END_(),
	};
	char **args;
	size_t nargs;
	int rc = parse_options(argc, argv, opts, &sign_help, &args, &nargs);
	if (rc)
		return rc == 1 ? EXIT_PASS : EXIT_USAGE;
	cs_kv kv[MAX_ANNOTATIONS] = {{0}};
	char docker_ref[1024];
	if (nargs != 1)
		rc = usage_error(&sign_help, "sign takes one LAYOUT, not %zu",
				 nargs);
	else if (!key)
		rc = usage_error(&sign_help, "--key is required");
	else if (ref)
		rc = ref_repository(&sign_help, ref, docker_ref,
				    sizeof(docker_ref));
	if (!rc)
		rc = parse_annotations(&sign_help, &annots, kv);
	if (rc) {
		free_annotations(kv, annots.n);
		free(args);
		free(annots.v);
		return rc == EXIT_INTERNAL ? rc : EXIT_USAGE;
	}

	cs_error err = {0};
	cs_layout *l = NULL;
	cs_key *k = NULL;
	cs_buf payload, sig, sigb64;
	cs_buf_init(&payload, 0);
	cs_buf_init(&sig, 0);
	cs_buf_init(&sigb64, 0);
	cs_layout_image img;
	if (!cs_layout_open(&l, args[0], true, &err) ||
	    !cs_layout_find_image(l, ref, &img, &err)) {
		rc = open_error("sign", &sign_help, &err);
		goto out;
	}
	if (!ref && (!img.name || !cs_docker_reference(img.name, docker_ref,
						       sizeof(docker_ref)))) {
		rc = usage_error(&sign_help,
				 "the image's name in the layout (%s) is not "
				 "a full name; pass --ref REGISTRY/REPO[:TAG]",
				 img.name       ? img.name
				 : img.ref_name ? img.ref_name
						: "none");
		goto out;
	}
	if (!cs_simplesign_payload(&payload, docker_ref, img.digest, kv,
				   annots.n, &err)) {
		rc = err.code == CS_ERR_USAGE
			     ? usage_error(&sign_help, "%s", err.message)
			     : open_error("sign", &sign_help, &err);
		goto out;
	}
	if ((rc = cli_private_key("sign", key, &k)))
		goto out;
	if (!cs_key_sign(k, payload.data, payload.len, &sig, &err) ||
	    !cs_b64_encode(&sigb64, sig.data, sig.len) || sigb64.failed) {
		fprintf(stderr, "customs sign: cannot sign: %s\n",
			err.message[0] ? err.message : "out of memory");
		rc = EXIT_INTERNAL;
		goto out;
	}
	if (!cs_layout_add_signature(l, &img, payload.data, payload.len,
				     sigb64.data, &err)) {
		rc = open_error("sign", &sign_help, &err);
		goto out;
	}
	char ld[72];
	layer_digest(payload.data, payload.len, ld);
	fprintf(stderr, "Signed %s as %s (signature %s)\n", img.digest,
		docker_ref, ld);
	rc = EXIT_PASS;
out:
	cs_key_free(k);
	cs_layout_free(l);
	cs_buf_free(&payload);
	cs_buf_free(&sig);
	cs_buf_free(&sigb64);
	free_annotations(kv, annots.n);
	free(annots.v);
	free(args);
	return rc;
}

int cmd_verify(int argc, char **argv)
{
	const char *key = NULL, *ref = NULL, *format = "text";
	opt_list annots = {0};
	const option opts[] = {
		OPT_STRING_(0, "key", &key, "FILE",
			    "the public key (cosign.pub)"),
		OPT_STRING_(0, "ref", &ref, "NAME",
			    "the image's name REGISTRY/REPO[:TAG]: picks the "
			    "image; its repository must be the signed one"),
		OPT_LIST_('a', "annotation", &annots, "KEY=VALUE",
			  "an annotation the payload must carry "
			  "(repeatable)"),
		OPT_STRING_('f', "format", &format, "FORMAT",
			    "text (default) or json"),
		OPT_END_(),
	};
	char **args;
	size_t nargs;
	int rc = parse_options(argc, argv, opts, &verify_help, &args, &nargs);
	if (rc)
		return rc == 1 ? EXIT_PASS : EXIT_USAGE;
	cs_kv kv[MAX_ANNOTATIONS] = {{0}};
	char want_ref[1024];
	bool json = format && strcmp(format, "json") == 0;
	if (nargs != 1)
		rc = usage_error(&verify_help,
				 "verify takes one LAYOUT, not %zu", nargs);
	else if (!key)
		rc = usage_error(&verify_help, "--key is required");
	else if (!json && strcmp(format, "text"))
		rc = usage_error(&verify_help,
				 "unknown format '%s' (text, json)", format);
	else if (ref)
		rc = ref_repository(&verify_help, ref, want_ref,
				    sizeof(want_ref));
	if (!rc)
		rc = parse_annotations(&verify_help, &annots, kv);
	if (rc) {
		free_annotations(kv, annots.n);
		free(args);
		free(annots.v);
		return rc == EXIT_INTERNAL ? rc : EXIT_USAGE;
	}

	cs_error err = {0};
	cs_layout *l = NULL;
	cs_key *k = NULL;
	json_t *verified = NULL;
	cs_layout_image img;
	cs_layout_item *items = NULL;
	size_t n = 0;
	if ((rc = cli_public_key("verify", key, &k)))
		goto out;
	if (!cs_layout_open(&l, args[0], false, &err) ||
	    !cs_layout_find_image(l, ref, &img, &err)) {
		rc = open_error("verify", &verify_help, &err);
		goto out;
	}
	if (!cs_layout_items(l, &img, false, &items, &n, &err)) {
		fprintf(stderr, "customs verify: %s\n", err.message);
		rc = err.code == CS_ERR_NOMEM ? EXIT_INTERNAL : EXIT_GATE;
		goto out;
	}
	if (!n) {
		fprintf(stderr, "customs verify: no signatures found for %s\n",
			img.digest);
		rc = EXIT_GATE;
		goto out;
	}
	verified = json_array();
	if (!verified) {
		rc = EXIT_INTERNAL;
		goto out;
	}
	size_t good = 0;
	char first[512] = "";
	for (size_t i = 0; i < n; i++) {
		cs_error why = {0};
		const char *bad =
			cs_verify_image_signature(&items[i], k, img.digest,
						  ref ? want_ref : NULL, kv,
						  annots.n, &why)
				? NULL
				: why.message;
		if (!json)
			printf("signature %zu %s: %s%s\n", i + 1,
			       items[i].digest, bad ? "failed: " : "verified",
			       bad ? bad : "");
		if (bad) {
			if (!first[0])
				snprintf(first, sizeof(first), "%s", bad);
			continue;
		}
		good++;
		json_t *pj = json_loadb((const char *)items[i].data,
					items[i].len, 0, NULL);
		if (!pj || json_array_append_new(verified, pj)) {
			rc = EXIT_INTERNAL;
			goto out;
		}
	}
	if (!json)
		printf("%zu of %zu signature%s verified for %s\n", good, n,
		       n == 1 ? "" : "s", img.digest);
	if (good && json) {
		char *text = json_dumps(verified, JSON_COMPACT);
		if (!text) {
			rc = EXIT_INTERNAL;
			goto out;
		}
		printf("%s\n", text);
		free(text);
	}
	if (!good) {
		if (n == 1)
			fprintf(stderr, "customs verify: %s: %s\n", img.digest,
				first);
		else
			fprintf(stderr,
				"customs verify: none of the %zu signatures "
				"of %s verified (first: %s)\n",
				n, img.digest, first);
	}
	rc = good ? EXIT_PASS : EXIT_GATE;
out:
	json_decref(verified);
	cs_key_free(k);
	cs_layout_free(l);
	free_annotations(kv, annots.n);
	free(annots.v);
	free(args);
	return rc;
}

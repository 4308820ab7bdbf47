/*
 * cmd-attest.c - `customs attest`, `customs verify-attestation` and
 * `customs provenance`: in-toto attestations in DSSE envelopes, as
 * `cosign attest` / `attest-blob` / `verify-attestation` make and check
 * them with a key pair, and SLSA Provenance v1 predicates to put in them.
 *
 * A SUBJECT is an OCI image layout when it is a directory holding an
 * `oci-layout` file (the attestation then lives in the layout, tagged
 * sha256-<hex>.att as cosign stores it) and a blob otherwise (the
 * envelope is a file of its own).  Verification trusts nothing the
 * envelope says about itself: the signature is checked over the PAE of
 * the exact payload bytes, and only then is the payload read, its type,
 * subject digest and predicate type checked.
 *
 * The clock and the environment are read here, never in the library:
 * SOURCE_DATE_EPOCH for cosign's predicate timestamp, GITHUB_* for
 * `provenance --from-env github`.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>

#include "commands.h"
#include "sign/b64.h"
#include "sign/bundle.h"
#include "sign/dsse.h"
#include "sign/keys.h"
#include "sign/layout.h"
#include "sign/provenance.h"
#include "sign/verify.h"
#include "signing.h"

/* A predicate file: the envelope carries it base64-encoded, so it must
 * leave room under CS_DSSE_MAX_JSON. */
#define PREDICATE_MAX (CS_DSSE_MAX_JSON / 2)
/* Envelopes in one JSON Lines attestation file. */
#define JSONL_MAX_ENVELOPES 256u
/* Parameter files of `provenance`. */
#define PARAMS_MAX (4u << 20)

static const command_help attest_help = {
	"attest",
	"customs attest --key KEY --predicate FILE [--type TYPE] "
	"[--ref NAME] [--output FILE] SUBJECT",
	"Attest a predicate about SUBJECT: an in-toto Statement v1 naming the\n"
	"subject by its SHA-256 digest, signed in a DSSE envelope with KEY\n"
	"(as `cosign attest` and `cosign attest-blob` do with a key pair).\n"
	"SUBJECT is an OCI image layout directory (the envelope is stored in\n"
	"it as cosign stores attestations, unless --output is given) or any\n"
	"other file (a blob: the envelope goes to --output or standard\n"
	"output).  TYPE is one of cosign's names (slsaprovenance,\n"
	"slsaprovenance02, slsaprovenance1, link, spdx, spdxjson, cyclonedx,\n"
	"vuln, openvex, custom; default custom) or a predicate type URI.\n"
	"The predicate must be a JSON object except for custom and spdx,\n"
	"whose text is wrapped as cosign does:\n"
	"{\"Data\":TEXT,\"Timestamp\":TIME} (TIME from SOURCE_DATE_EPOCH,\n"
	"else the clock).  An encrypted key's password comes from\n"
	"COSIGN_PASSWORD or the terminal.\n"
	"Exit: 0 written, 2 usage error, 3 an input cannot be read or is\n"
	"malformed (or the password is wrong), 4 internal error.",
};

static const command_help verify_help = {
	"verify-attestation",
	"customs verify-attestation --key KEY.pub [--type TYPE] "
	"[--attestation FILE] [--ref NAME] [--format FORMAT] SUBJECT",
	"Verify the attestations of SUBJECT with a public key: every one\n"
	"stored for the image of an OCI layout, or those of --attestation\n"
	"FILE for a blob (a DSSE envelope, a Sigstore bundle holding a\n"
	"dsseEnvelope, or JSON Lines of envelopes as in .intoto.jsonl).\n"
	"Each must carry a signature by the key over the DSSE PAE, payload\n"
	"type application/vnd.in-toto+json, an in-toto Statement v1 or\n"
	"v0.1 with a subject whose sha256 digest is the image manifest's or\n"
	"the file's, and with --type that predicate type.  One line per\n"
	"attestation says ok or why it failed; --format json prints instead\n"
	"a JSON array of the verified statements.\n"
	"Exit: 0 at least one attestation passed every check, 1 none did,\n"
	"2 usage error, 3 a file cannot be read or a layout is not an OCI\n"
	"layout, 4 internal error.",
};

static const command_help prov_help = {
	"provenance",
	"customs provenance --builder-id URI --build-type URI [options]",
	"Write a SLSA Provenance v1 predicate\n"
	"(https://slsa.dev/provenance/v1) to attest with\n"
	"`customs attest --type slsaprovenance1 --predicate`.\n"
	"--from-env github fills it from a GitHub Actions run's variables\n"
	"(GITHUB_SERVER_URL, GITHUB_REPOSITORY, GITHUB_WORKFLOW_REF,\n"
	"GITHUB_RUN_ID, GITHUB_RUN_ATTEMPT, GITHUB_SHA, GITHUB_REF,\n"
	"GITHUB_EVENT_NAME, GITHUB_REPOSITORY_ID, GITHUB_REPOSITORY_OWNER_ID,\n"
	"RUNNER_ENVIRONMENT) with the build type\n"
	"https://actions.github.io/buildtypes/workflow/v1; explicit options\n"
	"replace what it fills, and add to its lists.  A dependency is\n"
	"URI[@ALG:HEX] (the digest after the last '@'), named by the\n"
	"--dependency-name options in order; a byproduct is NAME[@ALG:HEX].\n"
	"Times are RFC 3339 and written in UTC to the second.\n"
	"Exit: 0 written, 2 usage error, 3 a parameter file cannot be read\n"
	"or is not a JSON object, 4 internal error.",
};

/* ---- shared helpers ---- */

static int exit_for(const cs_error *err, int otherwise)
{
	if (err->code == CS_ERR_NOMEM || err->code == CS_ERR_INTERNAL)
		return EXIT_INTERNAL;
	if (err->code == CS_ERR_USAGE)
		return EXIT_USAGE;
	return otherwise;
}

static void print_error(const char *cmd, const cs_error *err)
{
	fprintf(stderr, "customs %s: %s%s%s\n", cmd, err->message,
		err->context[0] ? " " : "", err->context);
}

/* Is path a directory holding an OCI layout?  *is_dir tells a
 * directory without one apart (an error for both commands). */
static bool is_layout(const char *path, bool *is_dir)
{
	struct stat st;
	*is_dir = stat(path, &st) == 0 && S_ISDIR(st.st_mode);
	if (!*is_dir)
		return false;
	char p[4096];
	if ((size_t)snprintf(p, sizeof(p), "%s/oci-layout", path) >= sizeof(p))
		return false;
	return access(p, F_OK) == 0;
}

/* The SHA-256 of a file, streamed, as lower-case hex. */
static int hash_file(const char *cmd, const char *path, char hex[65])
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		fprintf(stderr, "customs %s: cannot read '%s': %s\n", cmd, path,
			strerror(errno));
		return EXIT_INPUT;
	}
	unsigned char dg[CS_KEY_MAX_DIGEST];
	size_t len = 0;
	cs_error err = {0};
	bool ok = cs_hash_fd(fd, "sha256", dg, &len, &err);
	close(fd);
	if (!ok || len != 32) {
		fprintf(stderr, "customs %s: %s: %s\n", cmd, path,
			ok ? "unexpected digest length" : err.message);
		return EXIT_INPUT;
	}
	for (size_t i = 0; i < 32; i++)
		snprintf(hex + 2 * i, 3, "%02x", dg[i]);
	return EXIT_PASS;
}

static const char *type_names =
	"slsaprovenance, slsaprovenance02, slsaprovenance1, link, spdx, "
	"spdxjson, cyclonedx, vuln, openvex, custom, or a URI";

/* ---- attest ---- */

/* SOURCE_DATE_EPOCH or the clock, as RFC 3339 UTC. */
static int timestamp(char out[32])
{
	int64_t v;
	if (source_date_epoch(&attest_help, &v))
		return EXIT_USAGE;
	time_t t = (time_t)v;
	struct tm tm;
	if (!gmtime_r(&t, &tm) ||
	    !strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm)) {
		fprintf(stderr, "customs attest: cannot format the time\n");
		return EXIT_INTERNAL;
	}
	return EXIT_PASS;
}

/* The predicate as the statement will carry it (JSON object text). */
static int make_predicate(const char *type, const char *path, char **out,
			  size_t *outlen)
{
	char *text;
	size_t len;
	int rc = cli_read_file("attest", path, PREDICATE_MAX, &text, &len);
	if (rc)
		return rc;
	if (strcmp(type, "custom") == 0 || strcmp(type, "spdx") == 0) {
		/* cosign's CosignPredicate: the file's text, as a string */
		char ts[32];
		if ((rc = timestamp(ts))) {
			free(text);
			return rc;
		}
		json_t *o = json_object();
		json_t *data = json_stringn(text, len);
		if (!data) {
			json_decref(o);
			free(text);
			fprintf(stderr,
				"customs attest: the predicate file '%s' is "
				"not UTF-8 text\n",
				path);
			return EXIT_INPUT;
		}
		json_object_set_new(o, "Data", data);
		json_object_set_new(o, "Timestamp", json_string(ts));
		free(text);
		*out = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
		json_decref(o);
		if (!*out) {
			fprintf(stderr, "customs attest: out of memory\n");
			return EXIT_INTERNAL;
		}
		*outlen = strlen(*out);
		return EXIT_PASS;
	}
	json_error_t je;
	json_t *j = json_loadb(text, len,
			       JSON_REJECT_DUPLICATES | JSON_DECODE_ANY, &je);
	bool obj = json_is_object(j);
	json_decref(j);
	if (!obj) {
		if (j)
			fprintf(stderr,
				"customs attest: the predicate file '%s' is "
				"not a JSON object (type %s needs one)\n",
				path, type);
		else
			fprintf(stderr,
				"customs attest: the predicate file '%s' is "
				"not JSON (type %s needs it): %s at line %d\n",
				path, type, je.text, je.line);
		free(text);
		return EXIT_INPUT;
	}
	*out = text;
	*outlen = len;
	return EXIT_PASS;
}

/* Statement -> envelope (appended to env). */
static int sign_statement(const cs_key *key, const char *name, const char *hex,
			  const char *uri, const char *pred, size_t plen,
			  cs_buf *env)
{
	cs_buf stmt;
	cs_buf_init(&stmt, 0);
	cs_error err = {0};
	int rc = EXIT_PASS;
	if (!cs_intoto_build(&stmt, name, "sha256", hex, uri, pred, plen,
			     &err) ||
	    !cs_dsse_sign(env, key, CS_INTOTO_PAYLOAD_TYPE, stmt.data, stmt.len,
			  NULL, &err)) {
		print_error("attest", &err);
		rc = exit_for(&err, EXIT_INPUT);
	}
	cs_buf_free(&stmt);
	return rc;
}

/* The subject name of an image: --ref, else the full name the layout
 * gives it (OCI layouts often name images by tag alone, which says
 * nothing about the repository). */
static int image_name(const char *ref, const cs_layout_image *img, char *out,
		      size_t outsz)
{
	const char *name = ref ? ref : img->name;
	if (!name)
		return usage_error(&attest_help,
				   "the image in the layout has no repository "
				   "name; pass --ref REGISTRY/REPO[:TAG]");
	if (!cs_docker_reference(name, out, outsz))
		return usage_error(&attest_help,
				   "'%s' is not an image reference; pass "
				   "--ref REGISTRY/REPO[:TAG]",
				   name);
	return EXIT_PASS;
}

static int attest_layout(const char *path, const char *ref, const char *output,
			 const cs_key *key, const char *uri, const char *pred,
			 size_t plen)
{
	cs_layout *l = NULL;
	cs_error err = {0};
	if (!cs_layout_open(&l, path, output == NULL, &err)) {
		print_error("attest", &err);
		return exit_for(&err, EXIT_INPUT);
	}
	int rc = EXIT_PASS;
	cs_layout_image img;
	char name[512];
	cs_buf env;
	cs_buf_init(&env, 0);
	if (!cs_layout_find_image(l, ref, &img, &err)) {
		print_error("attest", &err);
		rc = exit_for(&err, EXIT_INPUT);
	} else if (strncmp(img.digest, "sha256:", 7) != 0) {
		fprintf(stderr,
			"customs attest: the image digest %s is not "
			"sha256\n",
			img.digest);
		rc = EXIT_INPUT;
	}
	if (!rc)
		rc = image_name(ref, &img, name, sizeof(name));
	if (!rc)
		rc = sign_statement(key, name, img.digest + 7, uri, pred, plen,
				    &env);
	if (!rc && output) {
		cs_buf_addc(&env, '\n');
		rc = write_output("attest", output, env.data, env.len);
	} else if (!rc && !cs_layout_add_attestation(l, &img, env.data, env.len,
						     uri, &err)) {
		print_error("attest", &err);
		rc = exit_for(&err, EXIT_INPUT);
	}
	if (!rc)
		fprintf(stderr, "Attested %s as %s (%s)\n", img.digest, name,
			uri);
	cs_buf_free(&env);
	cs_layout_free(l);
	return rc;
}

static int attest_blob(const char *path, const char *output, const cs_key *key,
		       const char *uri, const char *pred, size_t plen)
{
	char hex[65];
	int rc = hash_file("attest", path, hex);
	if (rc)
		return rc;
	const char *base = strrchr(path, '/');
	base = base ? base + 1 : path;
	cs_buf env;
	cs_buf_init(&env, 0);
	rc = sign_statement(key, *base ? base : NULL, hex, uri, pred, plen,
			    &env);
	if (!rc) {
		cs_buf_addc(&env, '\n');
		rc = write_output("attest", output, env.data, env.len);
	}
	if (!rc && output)
		fprintf(stderr, "Attested sha256:%s as %s (%s)\n", hex, base,
			uri);
	cs_buf_free(&env);
	return rc;
}

int cmd_attest(int argc, char **argv)
{
	const char *key_path = NULL, *pred_path = NULL, *type = "custom";
	const char *output = NULL, *ref = NULL;
	const option opts[] = {
		OPT_STRING_(0, "key", &key_path, "KEY",
			    "the private key to sign with (required)"),
		OPT_STRING_(0, "predicate", &pred_path, "FILE",
			    "the predicate ('-': standard input; required)"),
		OPT_STRING_(0, "type", &type, "TYPE",
			    "predicate type name or URI (default custom)"),
		OPT_STRING_(0, "ref", &ref, "NAME",
			    "layout: the image to attest, and its name"),
		OPT_STRING_('o', "output", &output, "FILE",
			    "write the envelope to FILE"),
		OPT_END_(),
	};
	char **args;
	size_t nargs;
	int rc = parse_options(argc, argv, opts, &attest_help, &args, &nargs);
	if (rc)
		return rc == 1 ? EXIT_PASS : EXIT_USAGE;
	const char *uri = cs_intoto_predicate_uri(type);
	if (nargs != 1)
		rc = usage_error(&attest_help,
				 "attest takes one SUBJECT, not %zu", nargs);
	else if (!key_path)
		rc = usage_error(&attest_help, "--key is required");
	else if (!pred_path)
		rc = usage_error(&attest_help, "--predicate is required");
	else if (!uri)
		rc = usage_error(&attest_help, "unknown --type '%s' (%s)", type,
				 type_names);
	bool is_dir = false, layout = false;
	if (!rc) {
		layout = is_layout(args[0], &is_dir);
		if (is_dir && !layout) {
			fprintf(stderr,
				"customs attest: %s is a directory but not an "
				"OCI image layout (no oci-layout file)\n",
				args[0]);
			rc = EXIT_INPUT;
		} else if (ref && !layout) {
			rc = usage_error(&attest_help,
					 "--ref applies to an OCI layout "
					 "SUBJECT only");
		} else if (!layout && access(args[0], R_OK) != 0) {
			/* before any password is asked for */
			fprintf(stderr,
				"customs attest: cannot read '%s': %s\n",
				args[0], strerror(errno));
			rc = EXIT_INPUT;
		}
	}
	if (rc) {
		free(args);
		return rc;
	}
	char *pred = NULL;
	size_t plen = 0;
	rc = make_predicate(type, pred_path, &pred, &plen);
	cs_key *key = NULL;
	if (!rc)
		rc = cli_private_key("attest", key_path, &key);
	if (!rc)
		rc = layout ? attest_layout(args[0], ref, output, key, uri,
					    pred, plen)
			    : attest_blob(args[0], output, key, uri, pred,
					  plen);
	cs_key_free(key);
	free(pred);
	free(args);
	return rc;
}

/* ---- verify-attestation ---- */

typedef struct verify_ctx {
	const cs_key *key;
	const char *want_uri; /* --type, or NULL */
	char hex[96];	      /* the subject's sha256 (hex) */
	const char *layer;    /* the layer's digest, or NULL */
	bool json;
	size_t n, passed;
	cs_buf verified; /* --format json: the statements */
	char last_reason[300];
} verify_ctx;

/* One line per attestation: "attestation N[ LAYER-DIGEST]: verified
 * (TYPE)" or "...: failed: WHY[ (TYPE)]"; the predicate type is shown
 * only once the signature has verified. */
static void report_one(verify_ctx *v, const char *reason, const char *ptype)
{
	v->n++;
	if (!reason)
		v->passed++;
	else
		snprintf(v->last_reason, sizeof(v->last_reason), "%s", reason);
	if (v->json)
		return;
	printf("attestation %zu%s%s: ", v->n, v->layer ? " " : "",
	       v->layer ? v->layer : "");
	if (reason)
		printf("failed: %s%s%s%s\n", reason, ptype ? " (" : "",
		       ptype ? ptype : "", ptype ? ")" : "");
	else
		printf("verified (%s)\n", ptype);
}

/* Check one envelope (sign/verify.h has the order), then report it. */
static void check_envelope(verify_ctx *v, const cs_dsse_env *e)
{
	cs_error err = {0};
	cs_intoto_stmt s;
	bool ok = cs_verify_attestation(e, v->key, v->hex, v->want_uri, &s,
					&err);
	report_one(v, ok ? NULL : err.message, s.predicate_type);
	if (ok && v->json) {
		cs_buf_adds(&v->verified, v->passed > 1 ? ",\n" : "");
		cs_buf_add(&v->verified, e->payload, e->payload_len);
	}
	cs_intoto_free(&s);
}

static void check_envelope_json(verify_ctx *v, const char *text, size_t len)
{
	cs_dsse_env e;
	cs_error err = {0};
	if (!cs_dsse_parse(&e, text, len, &err)) {
		char reason[300];
		snprintf(reason, sizeof(reason), "%s", err.message);
		report_one(v, reason, NULL);
		return;
	}
	check_envelope(v, &e);
	cs_dsse_free(&e);
}

static int verify_layout(verify_ctx *v, const char *path, const char *ref)
{
	cs_layout *l = NULL;
	cs_error err = {0};
	if (!cs_layout_open(&l, path, false, &err)) {
		print_error("verify-attestation", &err);
		return exit_for(&err, EXIT_INPUT);
	}
	cs_layout_image img;
	cs_layout_item *items = NULL;
	size_t n = 0;
	int rc = EXIT_PASS;
	if (!cs_layout_find_image(l, ref, &img, &err) ||
	    !cs_layout_items(l, &img, true, &items, &n, &err)) {
		print_error("verify-attestation", &err);
		rc = exit_for(&err, EXIT_INPUT);
	} else if (strncmp(img.digest, "sha256:", 7) != 0) {
		fprintf(stderr,
			"customs verify-attestation: the image digest %s is "
			"not sha256\n",
			img.digest);
		rc = EXIT_INPUT;
	} else if (n == 0) {
		fprintf(stderr,
			"customs verify-attestation: no attestations are "
			"stored "
			"for %s\n",
			img.digest);
		rc = EXIT_GATE;
	}
	if (!rc) {
		snprintf(v->hex, sizeof(v->hex), "%.64s", img.digest + 7);
		for (size_t i = 0; i < n; i++) {
			v->layer = items[i].digest;
			if (items[i].error[0])
				report_one(v, items[i].error, NULL);
			else if (strcmp(items[i].media_type,
					CS_COSIGN_DSSE_MEDIA) != 0)
				report_one(v,
					   "the layer is not a DSSE envelope",
					   NULL);
			else
				check_envelope_json(v,
						    (const char *)items[i].data,
						    items[i].len);
		}
	}
	cs_layout_free(l);
	return rc;
}

/* A Sigstore bundle (has mediaType), one envelope, or JSON Lines. */
static int verify_blob_file(verify_ctx *v, const char *att)
{
	char *text;
	size_t len;
	int rc = cli_read_file("verify-attestation", att, CS_DSSE_MAX_JSON,
			       &text, &len);
	if (rc)
		return rc;
	json_error_t je;
	json_t *j = json_loadb(text, len, JSON_REJECT_DUPLICATES, &je);
	if (json_is_object(j) && json_object_get(j, "mediaType") &&
	    !json_object_get(j, "payload")) {
		cs_bundle b;
		cs_error err = {0};
		if (!cs_bundle_parse(&b, text, len, &err)) {
			report_one(v, err.message, NULL);
		} else if (b.kind != CS_BUNDLE_DSSE) {
			report_one(v,
				   "the bundle holds a message signature, not "
				   "an attestation",
				   NULL);
			cs_bundle_free(&b);
		} else {
			check_envelope(v, &b.dsse);
			cs_bundle_free(&b);
		}
	} else if (j) {
		check_envelope_json(v, text, len);
	} else {
		/* JSON Lines: one envelope per non-blank line */
		size_t start = 0, lines = 0;
		while (start < len && !rc) {
			const char *nl =
				memchr(text + start, '\n', len - start);
			size_t end = nl ? (size_t)(nl - text) : len;
			size_t s = start;
			while (s < end && strchr(" \t\r", text[s]))
				s++;
			if (s < end) {
				if (++lines > JSONL_MAX_ENVELOPES) {
					fprintf(stderr,
						"customs verify-attestation: "
						"'%s' has more than %u "
						"envelopes\n",
						att, JSONL_MAX_ENVELOPES);
					rc = EXIT_GATE;
					break;
				}
				check_envelope_json(v, text + s, end - s);
			}
			start = end + 1;
		}
		if (!rc && lines == 0)
			report_one(v, "the attestation file is empty", NULL);
	}
	json_decref(j);
	free(text);
	return rc;
}

int cmd_verify_attestation(int argc, char **argv)
{
	const char *key_path = NULL, *type = NULL, *att = NULL, *ref = NULL;
	const char *format = "text";
	const option opts[] = {
		OPT_STRING_(0, "key", &key_path, "KEY.pub",
			    "the public key (required)"),
		OPT_STRING_(0, "type", &type, "TYPE",
			    "require this predicate type (name or URI)"),
		OPT_STRING_(0, "attestation", &att, "FILE",
			    "blob: envelope, bundle or .intoto.jsonl"),
		OPT_STRING_(0, "ref", &ref, "NAME",
			    "layout: the image to verify"),
		OPT_STRING_(0, "format", &format, "FORMAT",
			    "text (default) or json"),
		OPT_END_(),
	};
	char **args;
	size_t nargs;
	int rc = parse_options(argc, argv, opts, &verify_help, &args, &nargs);
	if (rc)
		return rc == 1 ? EXIT_PASS : EXIT_USAGE;
	verify_ctx v = {.json = strcmp(format, "json") == 0};
	if (type)
		v.want_uri = cs_intoto_predicate_uri(type);
	bool is_dir = false, layout = false;
	if (nargs != 1)
		rc = usage_error(
			&verify_help,
			"verify-attestation takes one SUBJECT, not %zu", nargs);
	else if (!key_path)
		rc = usage_error(&verify_help, "--key is required");
	else if (type && !v.want_uri)
		rc = usage_error(&verify_help, "unknown --type '%s' (%s)", type,
				 type_names);
	else if (!v.json && strcmp(format, "text") != 0)
		rc = usage_error(&verify_help,
				 "unknown --format '%s' (text, json)", format);
	if (!rc) {
		layout = is_layout(args[0], &is_dir);
		if (is_dir && !layout) {
			fprintf(stderr,
				"customs verify-attestation: %s is a directory "
				"but not an OCI image layout (no oci-layout "
				"file)\n",
				args[0]);
			rc = EXIT_INPUT;
		} else if (layout && att) {
			rc = usage_error(&verify_help,
					 "--attestation is for a blob; a "
					 "layout's attestations are read from "
					 "it");
		} else if (!layout && !att) {
			rc = usage_error(&verify_help,
					 "a blob needs --attestation FILE");
		} else if (!layout && ref) {
			rc = usage_error(&verify_help,
					 "--ref applies to an OCI layout "
					 "SUBJECT only");
		}
	}
	if (rc) {
		free(args);
		return rc;
	}
	cs_key *key = NULL;
	rc = cli_public_key("verify-attestation", key_path, &key);
	v.key = key;
	cs_buf_init(&v.verified, 0);
	if (!rc && layout) {
		rc = verify_layout(&v, args[0], ref);
	} else if (!rc) {
		rc = hash_file("verify-attestation", args[0], v.hex);
		if (!rc)
			rc = verify_blob_file(&v, att);
	}
	if (!rc && v.verified.failed) {
		fprintf(stderr, "customs verify-attestation: out of memory\n");
		rc = EXIT_INTERNAL;
	}
	if (!rc && !v.json)
		printf("%zu of %zu attestation%s verified for sha256:%s\n",
		       v.passed, v.n, v.n == 1 ? "" : "s", v.hex);
	if (!rc && v.json) {
		printf("[%s", v.passed ? "\n" : "");
		if (v.verified.len)
			fwrite(v.verified.data, 1, v.verified.len, stdout);
		printf("%s]\n", v.passed ? "\n" : "");
	}
	if (!rc && v.passed == 0) {
		if (v.n == 1)
			fprintf(stderr, "customs verify-attestation: %s: %s\n",
				args[0], v.last_reason);
		else
			fprintf(stderr,
				"customs verify-attestation: %s: none of the "
				"%zu attestations verifies\n",
				args[0], v.n);
		rc = EXIT_GATE;
	}
	cs_buf_free(&v.verified);
	cs_key_free(key);
	free(args);
	return rc;
}

/* ---- provenance ---- */

/* RFC 3339 date-time: YYYY-MM-DD(T|t| )HH:MM:SS[.frac](Z|z|+HH:MM|-HH:MM)
 * -> seconds since 1970 (UTC; fractions dropped). */
static bool parse_rfc3339(const char *s, int64_t *out)
{
	int Y, M, D, h, m, sec, n = 0;
	if (strlen(s) < 20 || sscanf(s, "%4d-%2d-%2d%n", &Y, &M, &D, &n) != 3 ||
	    n != 10 || !strchr("Tt ", s[10]) ||
	    sscanf(s + 11, "%2d:%2d:%2d%n", &h, &m, &sec, &n) != 3 || n != 8)
		return false;
	for (int i = 0; i < 19; i++)
		if (i != 4 && i != 7 && i != 10 && i != 13 && i != 16 &&
		    (s[i] < '0' || s[i] > '9'))
			return false;
	const char *p = s + 19;
	if (*p == '.') {
		if (p[1] < '0' || p[1] > '9')
			return false;
		for (p++; *p >= '0' && *p <= '9'; p++)
			;
	}
	long off = 0;
	if ((*p == 'Z' || *p == 'z') && !p[1]) {
		off = 0;
	} else if ((*p == '+' || *p == '-') && strlen(p) == 6 && p[3] == ':' &&
		   p[1] >= '0' && p[1] <= '2' && p[2] >= '0' && p[2] <= '9' &&
		   p[4] >= '0' && p[4] <= '5' && p[5] >= '0' && p[5] <= '9') {
		off = ((p[1] - '0') * 10 + (p[2] - '0')) * 3600L +
		      ((p[4] - '0') * 10 + (p[5] - '0')) * 60L;
		if (*p == '-')
			off = -off;
	} else {
		return false;
	}
	static const int mdays[] = {31, 29, 31, 30, 31, 30,
				    31, 31, 30, 31, 30, 31};
	bool leap = (Y % 4 == 0 && Y % 100 != 0) || Y % 400 == 0;
	if (Y < 1970 || M < 1 || M > 12 || D < 1 || D > mdays[M - 1] ||
	    (M == 2 && D == 29 && !leap) || h > 23 || m > 59 || sec > 60)
		return false;
	struct tm tm = {.tm_year = Y - 1900,
			.tm_mon = M - 1,
			.tm_mday = D,
			.tm_hour = h,
			.tm_min = m,
			.tm_sec = sec};
	time_t t = timegm(&tm);
	if (t == (time_t)-1)
		return false;
	int64_t v = (int64_t)t - off;
	if (v < 0)
		return false;
	*out = v;
	return true;
}

/* "K=V" -> kv (pointing into the argument, which is split in place). */
static bool split_kv(char *arg, cs_prov_kv *kv)
{
	char *eq = strchr(arg, '=');
	if (!eq || eq == arg)
		return false;
	*eq = '\0';
	kv->key = arg;
	kv->value = eq + 1;
	return true;
}

/* "X[@ALG:HEX]" -> the part before, and the digest when the text after
 * the last '@' is ALG:HEX (ALG letters and digits, HEX hex digits). */
static void split_digest(char *arg, const char **head, cs_prov_kv *dg,
			 bool *has)
{
	*head = arg;
	*has = false;
	char *at = strrchr(arg, '@');
	if (!at)
		return;
	char *colon = strchr(at, ':');
	if (!colon || colon == at + 1 || !colon[1])
		return;
	for (char *c = at + 1; c < colon; c++)
		if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') ||
		      (*c >= '0' && *c <= '9')))
			return;
	for (char *c = colon + 1; *c; c++)
		if (!((*c >= '0' && *c <= '9') || (*c >= 'a' && *c <= 'f') ||
		      (*c >= 'A' && *c <= 'F')))
			return;
	*at = '\0';
	*colon = '\0';
	dg->key = at + 1;
	dg->value = colon + 1;
	*has = true;
}

/* A parameter file: a JSON object, said here with the file's name. */
static int read_params(const char *path, char **out)
{
	size_t len;
	int rc = cli_read_file("provenance", path, PARAMS_MAX, out, &len);
	if (rc)
		return rc;
	json_error_t je;
	json_t *j = json_loadb(*out, len,
			       JSON_REJECT_DUPLICATES | JSON_DECODE_ANY, &je);
	if (!json_is_object(j)) {
		if (j)
			fprintf(stderr,
				"customs provenance: '%s' is not a JSON "
				"object\n",
				path);
		else
			fprintf(stderr,
				"customs provenance: '%s' is not JSON: %s at "
				"line %d\n",
				path, je.text, je.line);
		free(*out);
		*out = NULL;
		rc = EXIT_INPUT;
	}
	json_decref(j);
	return rc;
}

typedef struct prov_args {
	opt_list ext, deps, dep_names, byproducts, version;
} prov_args;

static void prov_args_free(prov_args *a)
{
	free(a->ext.v);
	free(a->deps.v);
	free(a->dep_names.v);
	free(a->byproducts.v);
	free(a->version.v);
}

/* Fill what --from-env github knows; explicit values win (already set
 * fields are left alone), its dependency goes first. */
static int from_github(cs_github_prov *g, cs_provenance *p)
{
	cs_github_env env = {
		.server_url = getenv("GITHUB_SERVER_URL"),
		.repository = getenv("GITHUB_REPOSITORY"),
		.run_id = getenv("GITHUB_RUN_ID"),
		.run_attempt = getenv("GITHUB_RUN_ATTEMPT"),
		.workflow_ref = getenv("GITHUB_WORKFLOW_REF"),
		.sha = getenv("GITHUB_SHA"),
		.ref = getenv("GITHUB_REF"),
		.event_name = getenv("GITHUB_EVENT_NAME"),
		.runner_environment = getenv("RUNNER_ENVIRONMENT"),
		.repository_id = getenv("GITHUB_REPOSITORY_ID"),
		.repository_owner_id = getenv("GITHUB_REPOSITORY_OWNER_ID"),
	};
	cs_error err = {0};
	if (!cs_github_provenance(g, &env, &err))
		return usage_error(&prov_help, "--from-env github: %s",
				   err.message);
	if (!p->build_type)
		p->build_type = CS_GITHUB_BUILD_TYPE;
	if (!p->builder_id)
		p->builder_id = g->builder_id;
	if (!p->invocation_id)
		p->invocation_id = g->invocation_id;
	if (!p->external_json)
		p->external_json = g->external_json;
	if (!p->internal_json)
		p->internal_json = g->internal_json;
	return EXIT_PASS;
}

int cmd_provenance(int argc, char **argv)
{
	const char *builder_id = NULL, *build_type = NULL, *ext_file = NULL;
	const char *int_file = NULL, *invocation = NULL, *started = NULL;
	const char *finished = NULL, *from_env = NULL, *output = NULL;
	prov_args a = {0};
	const option opts[] = {
		OPT_STRING_(0, "builder-id", &builder_id, "URI",
			    "runDetails.builder.id (required)"),
		OPT_LIST_(0, "builder-version", &a.version, "K=V",
			  "an entry of runDetails.builder.version"),
		OPT_STRING_(0, "build-type", &build_type, "URI",
			    "buildDefinition.buildType (required)"),
		OPT_LIST_(0, "external-parameter", &a.ext, "K=V",
			  "a string external parameter"),
		OPT_STRING_(0, "external-parameters", &ext_file, "FILE.json",
			    "external parameters (a JSON object)"),
		OPT_STRING_(0, "internal-parameters", &int_file, "FILE.json",
			    "internal parameters (a JSON object)"),
		OPT_LIST_(0, "dependency", &a.deps, "URI[@ALG:HEX]",
			  "a resolved dependency"),
		OPT_LIST_(0, "dependency-name", &a.dep_names, "NAME",
			  "name of the dependency of the same rank"),
		OPT_STRING_(0, "invocation-id", &invocation, "ID",
			    "runDetails.metadata.invocationId"),
		OPT_STRING_(0, "started-on", &started, "RFC3339",
			    "when the build started"),
		OPT_STRING_(0, "finished-on", &finished, "RFC3339",
			    "when the build finished"),
		OPT_LIST_(0, "byproduct", &a.byproducts, "NAME[@ALG:HEX]",
			  "a byproduct of the build"),
		OPT_STRING_(0, "from-env", &from_env, "github",
			    "fill from a GitHub Actions run's variables"),
		OPT_STRING_('o', "output", &output, "FILE",
			    "write the predicate to FILE"),
		OPT_END_(),
	};
	char **args;
	size_t nargs;
	int rc = parse_options(argc, argv, opts, &prov_help, &args, &nargs);
	if (rc) {
		prov_args_free(&a);
		return rc == 1 ? EXIT_PASS : EXIT_USAGE;
	}
	cs_provenance p = {.build_type = build_type,
			   .builder_id = builder_id,
			   .invocation_id = invocation};
	cs_github_prov g = {0};
	char *ext_text = NULL, *int_text = NULL;
	cs_prov_kv *ext = calloc(a.ext.n + 1, sizeof(*ext));
	cs_prov_kv *version = calloc(a.version.n + 1, sizeof(*version));
	/* one more dependency for --from-env, one digest per descriptor */
	size_t ndeps_max = a.deps.n + 1;
	cs_prov_rd *deps = calloc(ndeps_max, sizeof(*deps));
	cs_prov_kv *dep_dg = calloc(ndeps_max, sizeof(*dep_dg));
	cs_prov_rd *bps = calloc(a.byproducts.n + 1, sizeof(*bps));
	cs_prov_kv *bp_dg = calloc(a.byproducts.n + 1, sizeof(*bp_dg));
	if (!ext || !version || !deps || !dep_dg || !bps || !bp_dg) {
		fprintf(stderr, "customs provenance: out of memory\n");
		rc = EXIT_INTERNAL;
	}
	if (!rc && nargs)
		rc = usage_error(&prov_help,
				 "provenance takes no arguments ('%s')",
				 args[0]);
	if (!rc && from_env && strcmp(from_env, "github") != 0)
		rc = usage_error(&prov_help,
				 "--from-env takes github, not '%s'", from_env);
	if (!rc && a.dep_names.n > a.deps.n)
		rc = usage_error(&prov_help,
				 "%zu --dependency-name for %zu --dependency",
				 a.dep_names.n, a.deps.n);
	for (size_t i = 0; !rc && i < a.ext.n; i++)
		if (!split_kv((char *)a.ext.v[i], &ext[i]))
			rc = usage_error(&prov_help,
					 "--external-parameter takes K=V, not "
					 "'%s'",
					 a.ext.v[i]);
	for (size_t i = 0; !rc && i < a.version.n; i++)
		if (!split_kv((char *)a.version.v[i], &version[i]))
			rc = usage_error(
				&prov_help,
				"--builder-version takes K=V, not '%s'",
				a.version.v[i]);
	if (!rc && started && !parse_rfc3339(started, &p.started_on))
		rc = usage_error(&prov_help,
				 "--started-on takes an RFC 3339 time such as "
				 "2026-01-02T03:04:05Z, not '%s'",
				 started);
	if (!rc && finished && !parse_rfc3339(finished, &p.finished_on))
		rc = usage_error(&prov_help,
				 "--finished-on takes an RFC 3339 time such as "
				 "2026-01-02T03:04:05Z, not '%s'",
				 finished);
	p.has_started_on = started != NULL;
	p.has_finished_on = finished != NULL;
	if (!rc && ext_file && !(rc = read_params(ext_file, &ext_text)))
		p.external_json = ext_text;
	if (!rc && int_file && !(rc = read_params(int_file, &int_text)))
		p.internal_json = int_text;
	if (!rc && from_env)
		rc = from_github(&g, &p);
	if (!rc && g.dependency_uri) {
		deps[0].uri = g.dependency_uri;
		if (g.dependency_commit) {
			dep_dg[0] =
				(cs_prov_kv){"gitCommit", g.dependency_commit};
			deps[0].digests = &dep_dg[0];
			deps[0].ndigests = 1;
		}
		p.ndependencies = 1;
	}
	for (size_t i = 0; !rc && i < a.deps.n; i++) {
		size_t k = p.ndependencies++;
		bool has;
		split_digest((char *)a.deps.v[i], &deps[k].uri, &dep_dg[k],
			     &has);
		if (has) {
			deps[k].digests = &dep_dg[k];
			deps[k].ndigests = 1;
		}
		if (i < a.dep_names.n)
			deps[k].name = a.dep_names.v[i];
	}
	for (size_t i = 0; !rc && i < a.byproducts.n; i++) {
		bool has;
		split_digest((char *)a.byproducts.v[i], &bps[i].name, &bp_dg[i],
			     &has);
		if (!*bps[i].name)
			bps[i].name = NULL;
		if (has) {
			bps[i].digests = &bp_dg[i];
			bps[i].ndigests = 1;
		}
	}
	p.external = ext;
	p.nexternal = a.ext.n;
	p.builder_version = version;
	p.nbuilder_version = a.version.n;
	p.dependencies = deps;
	p.byproducts = bps;
	p.nbyproducts = a.byproducts.n;
	if (!rc && !p.builder_id)
		rc = usage_error(&prov_help, "--builder-id is required (or "
					     "--from-env github)");
	if (!rc && !p.build_type)
		rc = usage_error(&prov_help, "--build-type is required (or "
					     "--from-env github)");
	if (!rc) {
		cs_buf out;
		cs_buf_init(&out, 0);
		cs_error err = {0};
		if (cs_provenance_build(&out, &p, &err)) {
			rc = write_output("provenance", output, out.data,
					  out.len);
		} else if (err.code == CS_ERR_USAGE) {
			rc = usage_error(&prov_help, "%s", err.message);
		} else {
			print_error("provenance", &err);
			rc = exit_for(&err, EXIT_INPUT);
		}
		cs_buf_free(&out);
	}
	cs_github_prov_free(&g);
	free(ext_text);
	free(int_text);
	free(ext);
	free(version);
	free(deps);
	free(dep_dg);
	free(bps);
	free(bp_dg);
	prov_args_free(&a);
	free(args);
	return rc;
}

/*
 * bundle.c - Sigstore bundles in their JSON form; see bundle.h.
 *
 * Reading is strict about what decides a verification (media type, the
 * digest and its algorithm, the signature bytes) and lenient about the
 * rest, as sigstore's own clients are: unknown members are ignored, tlog
 * entries and timestamps are only counted (checking them needs network
 * trust roots that an offline key-pair verification does not use).
 * Writing produces the bytes directly so that the same digest and
 * signature always give the same bundle.
 */
#include "bundle.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "b64.h"

#define MEDIA_V03 "application/vnd.dev.sigstore.bundle.v0.3+json"

static const char *const media_types[] = {
	MEDIA_V03,
	"application/vnd.dev.sigstore.bundle+json;version=0.1",
	"application/vnd.dev.sigstore.bundle+json;version=0.2",
	"application/vnd.dev.sigstore.bundle+json;version=0.3",
};

static const struct {
	const char *bundle; /* HashAlgorithm enum name */
	const char *openssl;
	size_t len;
} digest_algs[] = {
	{"SHA2_256", "sha256", 32},
	{"SHA2_384", "sha384", 48},
	{"SHA2_512", "sha512", 64},
};

static const cs_mark nomark = {0, 0};

#define FAIL(code, ...)                                                        \
	do {                                                                   \
		cs_error_set(err, (code), nomark, NULL, __VA_ARGS__);          \
		return false;                                                  \
	} while (0)

static char *dup_string(const json_t *s)
{
	size_t n = json_string_length(s);
	char *p = malloc(n + 1);
	if (p) {
		memcpy(p, json_string_value(s), n);
		p[n] = '\0';
	}
	return p;
}

static bool known_media_type(const json_t *mt)
{
	for (size_t i = 0; i < sizeof(media_types) / sizeof(media_types[0]);
	     i++)
		if (strcmp(json_string_value(mt), media_types[i]) == 0 &&
		    json_string_length(mt) == strlen(media_types[i]))
			return true;
	return false;
}

static bool parse_material(cs_bundle *b, const json_t *vm, cs_error *err)
{
	if (!json_is_object(vm))
		FAIL(CS_ERR_PARSE,
		     "the bundle has no verificationMaterial object");
	const json_t *pk = json_object_get(vm, "publicKey");
	if (pk) {
		if (!json_is_object(pk))
			FAIL(CS_ERR_PARSE,
			     "the bundle's publicKey is not an object");
		const json_t *hint = json_object_get(pk, "hint");
		if (hint && !json_is_string(hint))
			FAIL(CS_ERR_PARSE,
			     "the bundle's publicKey.hint is not a string");
		if (hint && !(b->key_hint = dup_string(hint)))
			FAIL(CS_ERR_NOMEM, "out of memory");
	}
	b->has_certificate = json_object_get(vm, "certificate") ||
			     json_object_get(vm, "x509CertificateChain");
	const json_t *tlog = json_object_get(vm, "tlogEntries");
	if (tlog && !json_is_array(tlog))
		FAIL(CS_ERR_PARSE, "the bundle's tlogEntries is not an array");
	b->ntlog = json_array_size(tlog);
	const json_t *tsv = json_object_get(vm, "timestampVerificationData");
	const json_t *ts = json_object_get(tsv, "rfc3161Timestamps");
	if (ts && !json_is_array(ts))
		FAIL(CS_ERR_PARSE,
		     "the bundle's rfc3161Timestamps is not an array");
	b->ntimestamps = json_array_size(ts);
	return true;
}

static bool parse_message(cs_bundle *b, const json_t *ms, cs_error *err)
{
	if (!json_is_object(ms))
		FAIL(CS_ERR_PARSE,
		     "the bundle's messageSignature is not an object");
	const json_t *md = json_object_get(ms, "messageDigest");
	if (md) {
		const json_t *alg = json_object_get(md, "algorithm");
		const json_t *dg = json_object_get(md, "digest");
		if (!json_is_object(md) || !json_is_string(alg) ||
		    !json_is_string(dg))
			FAIL(CS_ERR_PARSE,
			     "the bundle's messageDigest needs an algorithm "
			     "and a digest");
		size_t want = 0;
		for (size_t i = 0;
		     i < sizeof(digest_algs) / sizeof(digest_algs[0]); i++)
			if (strcmp(json_string_value(alg),
				   digest_algs[i].bundle) == 0)
				want = digest_algs[i].len;
		if (!want)
			FAIL(CS_ERR_PARSE,
			     "the bundle's digest algorithm '%.64s' is not "
			     "supported (SHA2_256, SHA2_384, SHA2_512 are)",
			     json_string_value(alg));
		cs_buf d;
		cs_buf_init(&d, 0);
		bool ok = cs_b64_decode(&d, json_string_value(dg),
					json_string_length(dg));
		if (ok && d.len == want) {
			memcpy(b->digest, d.data, want);
			b->digest_len = want;
		}
		cs_buf_free(&d);
		if (!ok)
			FAIL(CS_ERR_PARSE,
			     "the bundle's messageDigest.digest is not valid "
			     "base64");
		if (!b->digest_len)
			FAIL(CS_ERR_PARSE,
			     "the bundle's %s digest has the wrong length",
			     json_string_value(alg));
		if (!(b->digest_alg = dup_string(alg)))
			FAIL(CS_ERR_NOMEM, "out of memory");
	}
	const json_t *sig = json_object_get(ms, "signature");
	if (!json_is_string(sig))
		FAIL(CS_ERR_PARSE, "the bundle's messageSignature has no "
				   "signature");
	cs_buf s;
	cs_buf_init(&s, CS_KEY_MAX_SIG);
	if (!cs_b64_decode(&s, json_string_value(sig),
			   json_string_length(sig)) ||
	    s.len == 0) {
		bool toolong = s.failed;
		cs_buf_free(&s);
		if (toolong)
			FAIL(CS_ERR_PARSE,
			     "the bundle's signature is longer than %u bytes",
			     CS_KEY_MAX_SIG);
		FAIL(CS_ERR_PARSE,
		     "the bundle's signature is not valid base64 (or empty)");
	}
	b->sig = (unsigned char *)cs_buf_detach(&s, &b->sig_len);
	if (!b->sig)
		FAIL(CS_ERR_NOMEM, "out of memory");
	return true;
}

static bool parse_root(cs_bundle *b, const json_t *root, cs_error *err)
{
	if (!json_is_object(root))
		FAIL(CS_ERR_PARSE, "the bundle is not a JSON object");
	const json_t *mt = json_object_get(root, "mediaType");
	if (!json_is_string(mt))
		FAIL(CS_ERR_PARSE, "the bundle has no mediaType");
	if (!known_media_type(mt))
		FAIL(CS_ERR_PARSE,
		     "unknown bundle media type '%.100s' (v0.1 to v0.3 are "
		     "read)",
		     json_string_value(mt));
	if (!(b->media_type = dup_string(mt)))
		FAIL(CS_ERR_NOMEM, "out of memory");
	if (!parse_material(b, json_object_get(root, "verificationMaterial"),
			    err))
		return false;
	const json_t *ms = json_object_get(root, "messageSignature");
	const json_t *env = json_object_get(root, "dsseEnvelope");
	if (ms && env)
		FAIL(CS_ERR_PARSE, "the bundle has both a messageSignature "
				   "and a dsseEnvelope");
	if (ms) {
		b->kind = CS_BUNDLE_MESSAGE;
		return parse_message(b, ms, err);
	}
	if (env) {
		if (!json_is_object(env))
			FAIL(CS_ERR_PARSE,
			     "the bundle's dsseEnvelope is not an object");
		b->kind = CS_BUNDLE_DSSE;
		return cs_dsse_from_json(&b->dsse, env, err);
	}
	FAIL(CS_ERR_PARSE,
	     "the bundle has neither a messageSignature nor a dsseEnvelope");
}

bool cs_bundle_parse(cs_bundle *b, const char *json, size_t len, cs_error *err)
{
	memset(b, 0, sizeof(*b));
	if (len > CS_BUNDLE_MAX_JSON)
		FAIL(CS_ERR_LIMIT, "the bundle is larger than %u bytes",
		     CS_BUNDLE_MAX_JSON);
	json_error_t jerr;
	json_t *root = json_loadb(json, len, JSON_REJECT_DUPLICATES, &jerr);
	if (!root) {
		cs_error_set(
			err, CS_ERR_PARSE,
			(cs_mark){(uint32_t)jerr.line > 0 ? (uint32_t)jerr.line
							  : 0,
				  (uint32_t)jerr.column > 0
					  ? (uint32_t)jerr.column
					  : 0},
			NULL, "the bundle is not valid JSON: %s", jerr.text);
		return false;
	}
	bool ok = parse_root(b, root, err);
	json_decref(root);
	if (!ok)
		cs_bundle_free(b);
	return ok;
}

void cs_bundle_free(cs_bundle *b)
{
	if (!b)
		return;
	free(b->media_type);
	free(b->key_hint);
	free(b->digest_alg);
	free(b->sig);
	if (b->kind == CS_BUNDLE_DSSE)
		cs_dsse_free(&b->dsse);
	memset(b, 0, sizeof(*b));
}

bool cs_bundle_write_message(cs_buf *out, const char *hint, const char *alg,
			     const unsigned char *dg, size_t dglen,
			     const unsigned char *sig, size_t siglen,
			     cs_error *err)
{
	const char *name = NULL;
	for (size_t i = 0; i < sizeof(digest_algs) / sizeof(digest_algs[0]);
	     i++)
		if (strcmp(alg, digest_algs[i].openssl) == 0 &&
		    dglen == digest_algs[i].len)
			name = digest_algs[i].bundle;
	if (!name)
		FAIL(CS_ERR_USAGE, "a %zu-byte %s digest cannot go in a bundle",
		     dglen, alg);
	if (hint && (strlen(hint) > 128 || strpbrk(hint, "\"\\")))
		FAIL(CS_ERR_USAGE, "the key hint is not base64");
	cs_buf_printf(out,
		      "{\"mediaType\":\"%s\",\"verificationMaterial\":"
		      "{\"publicKey\":{",
		      MEDIA_V03);
	if (hint)
		cs_buf_printf(out, "\"hint\":\"%s\"", hint);
	cs_buf_printf(out,
		      "}},\"messageSignature\":{\"messageDigest\":"
		      "{\"algorithm\":\"%s\",\"digest\":\"",
		      name);
	cs_b64_encode(out, dg, dglen);
	cs_buf_adds(out, "\"},\"signature\":\"");
	cs_b64_encode(out, sig, siglen);
	cs_buf_adds(out, "\"}}");
	if (out->failed)
		FAIL(CS_ERR_NOMEM, "out of memory");
	return true;
}

/*
 * test-bundle.c - Sigstore bundles: the conformance vectors, a write/parse
 * round trip, and each malformed bundle refused with its reason.
 */
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* cmocka needs the headers above */
#include <cmocka.h>

#include "sign/bundle.h"
#include "sign/keys.h"

#define VEC "../shared/testvectors/sigstore/"
#define KEYS "tests/sign/keys/"

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		fail_msg("cannot open %s (run from the repository root)", path);
	char *buf = malloc(1 << 20);
	assert_non_null(buf);
	size_t n = fread(buf, 1, (1 << 20) - 1, f);
	fclose(f);
	buf[n] = '\0';
	if (len)
		*len = n;
	return buf;
}

static cs_key *pub_key(const char *path)
{
	size_t len;
	char *pem = slurp(path, &len);
	cs_key *k = NULL;
	cs_error err = {0};
	if (!cs_key_load_public(&k, pem, len, &err))
		fail_msg("%s: %s", path, err.message);
	free(pem);
	return k;
}

static void file_digest(const char *path, unsigned char dg[32])
{
	int fd = open(path, O_RDONLY);
	assert_true(fd >= 0);
	size_t len = 0;
	cs_error err = {0};
	assert_true(cs_hash_fd(fd, "sha256", dg, &len, &err));
	assert_int_equal(len, 32);
	close(fd);
}

static void test_managed_key_happy_path(void **st)
{
	size_t len;
	char *json =
		slurp(VEC "managed-key-happy-path/bundle.sigstore.json", &len);
	cs_bundle b;
	cs_error err = {0};
	assert_true(cs_bundle_parse(&b, json, len, &err));
	assert_string_equal(b.media_type,
			    "application/vnd.dev.sigstore.bundle.v0.3+json");
	assert_int_equal(b.kind, CS_BUNDLE_MESSAGE);
	assert_string_equal(b.key_hint,
			    "TLMsSDfG3ajPsWge+z/vX5T/zluXnmvbkTkwLIV68Tk=");
	assert_false(b.has_certificate);
	assert_int_equal(b.ntlog, 1);
	assert_string_equal(b.digest_alg, "SHA2_256");
	unsigned char dg[32];
	file_digest(VEC "a.txt", dg);
	assert_int_equal(b.digest_len, 32);
	assert_memory_equal(b.digest, dg, 32);

	cs_key *k = pub_key(VEC "managed-key-happy-path/key.pub");
	assert_true(cs_key_verify_digest(k, dg, 32, b.sig, b.sig_len, &err));
	/* a changed artifact does not verify */
	dg[0] ^= 1;
	assert_false(cs_key_verify_digest(k, dg, 32, b.sig, b.sig_len, &err));
	/* another key does not verify */
	cs_key *other = pub_key(KEYS "cosign.pub");
	dg[0] ^= 1;
	assert_false(
		cs_key_verify_digest(other, dg, 32, b.sig, b.sig_len, &err));
	cs_key_free(other);
	cs_key_free(k);
	cs_bundle_free(&b);
	free(json);
}

static void test_managed_key_wrong_key(void **st)
{
	size_t len;
	char *json = slurp(
		VEC "managed-key-wrong-key_fail/bundle.sigstore.json", &len);
	cs_bundle b;
	cs_error err = {0};
	assert_true(cs_bundle_parse(&b, json, len, &err));
	cs_bundle_free(&b);
	free(json);
	/* the failure is the key itself: it cannot be loaded */
	char *pem = slurp(VEC "managed-key-wrong-key_fail/key.pub", &len);
	cs_key *k = NULL;
	assert_false(cs_key_load_public(&k, pem, len, &err));
	assert_null(k);
	free(pem);
}

static void test_dsse_bundle(void **st)
{
	size_t len;
	char *json = slurp(
		VEC "happy-path-intoto-in-dsse-v3/bundle.sigstore.json", &len);
	cs_bundle b;
	cs_error err = {0};
	if (!cs_bundle_parse(&b, json, len, &err))
		fail_msg("%s", err.message);
	assert_int_equal(b.kind, CS_BUNDLE_DSSE);
	assert_true(b.has_certificate);
	assert_null(b.key_hint);
	assert_string_equal(b.dsse.payload_type,
			    "application/vnd.in-toto+json");
	assert_int_equal(b.dsse.nsigs, 1);
	assert_null(b.digest_alg);
	cs_bundle_free(&b);
	free(json);
}

static void test_write_parse_round_trip(void **st)
{
	const unsigned char dg[32] = {1, 2, 3, 4, 5, 6, 7, 8, 9};
	const unsigned char sig[] = {0x30, 0x06, 0x02, 0x01,
				     0x01, 0x02, 0x01, 0x02};
	cs_buf out;
	cs_buf_init(&out, 0);
	cs_error err = {0};
	assert_true(cs_bundle_write_message(
		&out, "TLMsSDfG3ajPsWge+z/vX5T/zluXnmvbkTkwLIV68Tk=", "sha256",
		dg, 32, sig, sizeof(sig), &err));
	assert_string_equal(
		out.data,
		"{\"mediaType\":\"application/vnd.dev.sigstore.bundle.v0.3+"
		"json\",\"verificationMaterial\":{\"publicKey\":{\"hint\":"
		"\"TLMsSDfG3ajPsWge+z/vX5T/zluXnmvbkTkwLIV68Tk=\"}},"
		"\"messageSignature\":{\"messageDigest\":{\"algorithm\":"
		"\"SHA2_256\",\"digest\":\"AQIDBAUGBwgJAAAAAAAAAAAAAAAAAAAAAA"
		"AAAAAAAAA=\"},\"signature\":\"MAYCAQECAQI=\"}}");
	cs_bundle b;
	assert_true(cs_bundle_parse(&b, out.data, out.len, &err));
	assert_int_equal(b.kind, CS_BUNDLE_MESSAGE);
	assert_string_equal(b.digest_alg, "SHA2_256");
	assert_memory_equal(b.digest, dg, 32);
	assert_int_equal(b.sig_len, sizeof(sig));
	assert_memory_equal(b.sig, sig, sizeof(sig));
	assert_int_equal(b.ntlog, 0);
	cs_bundle_free(&b);

	/* SHA-384 and no hint */
	unsigned char dg384[48] = {0};
	cs_buf_reset(&out);
	assert_true(cs_bundle_write_message(&out, NULL, "sha384", dg384, 48,
					    sig, sizeof(sig), &err));
	assert_true(cs_bundle_parse(&b, out.data, out.len, &err));
	assert_string_equal(b.digest_alg, "SHA2_384");
	assert_int_equal(b.digest_len, 48);
	assert_null(b.key_hint);
	cs_bundle_free(&b);
	/* a digest that does not fit its algorithm is not written */
	assert_false(cs_bundle_write_message(&out, NULL, "sha256", dg384, 48,
					     sig, sizeof(sig), &err));
	assert_false(cs_bundle_write_message(&out, NULL, "md5", dg, 16, sig,
					     sizeof(sig), &err));
	cs_buf_free(&out);
}

static void test_older_media_types(void **st)
{
	const char *types[] = {
		"application/vnd.dev.sigstore.bundle+json;version=0.1",
		"application/vnd.dev.sigstore.bundle+json;version=0.2",
		"application/vnd.dev.sigstore.bundle+json;version=0.3",
	};
	for (size_t i = 0; i < 3; i++) {
		char json[512];
		snprintf(json, sizeof(json),
			 "{\"mediaType\":\"%s\",\"verificationMaterial\":{"
			 "\"x509CertificateChain\":{\"certificates\":[]},"
			 "\"tlogEntries\":[{},{}],\"timestampVerificationData\""
			 ":{\"rfc3161Timestamps\":[{}]}},\"messageSignature\":"
			 "{\"signature\":\"MAYCAQECAQI=\"},\"unknown\":1}",
			 types[i]);
		cs_bundle b;
		cs_error err = {0};
		if (!cs_bundle_parse(&b, json, strlen(json), &err))
			fail_msg("%s: %s", types[i], err.message);
		assert_true(b.has_certificate);
		assert_int_equal(b.ntlog, 2);
		assert_int_equal(b.ntimestamps, 1);
		assert_null(b.digest_alg); /* messageDigest is optional */
		assert_int_equal(b.sig_len, 8);
		cs_bundle_free(&b);
	}
}

static void assert_refused(const char *json, const char *want)
{
	cs_bundle b;
	cs_error err = {0};
	if (cs_bundle_parse(&b, json, strlen(json), &err))
		fail_msg("accepted a bundle that must be refused (%s)", want);
	if (!strstr(err.message, want))
		fail_msg("message '%s' lacks '%s'", err.message, want);
	/* freeing a refused bundle is harmless */
	cs_bundle_free(&b);
}

#define MT "\"mediaType\":\"application/vnd.dev.sigstore.bundle.v0.3+json\""
#define VM "\"verificationMaterial\":{\"publicKey\":{\"hint\":\"x\"}}"
#define MD(alg, dg)                                                            \
	"\"messageDigest\":{\"algorithm\":\"" alg "\",\"digest\":\"" dg "\"}"
#define D32 "AQIDBAUGBwgJAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="

static void test_refused_bundles(void **st)
{
	assert_refused("{\"mediaType\":\"application/vnd.dev.sigstore.bundle."
		       "v0.4+json\"," VM ",\"messageSignature\":{\"signature"
		       "\":\"MAYCAQECAQI=\"}}",
		       "unknown bundle media type 'application/vnd.dev."
		       "sigstore.bundle.v0.4+json'");
	assert_refused("{" VM ",\"messageSignature\":{}}",
		       "the bundle has no mediaType");
	assert_refused("{" MT "," VM ",\"messageSignature\":{\"signature\":"
		       "\"MAYC*QECAQI=\"}}",
		       "signature is not valid base64");
	assert_refused("{" MT "," VM ",\"messageSignature\":{\"signature\":"
		       "\"\"}}",
		       "signature is not valid base64 (or empty)");
	assert_refused("{" MT "," VM ",\"messageSignature\":{}}",
		       "has no signature");
	assert_refused(
		"{" MT "," VM ",\"messageSignature\":{" MD(
			"SHA2_256", "AQID") ",\"signature\":\"MAYCAQECAQI=\"}}",
		"SHA2_256 digest has the wrong length");
	assert_refused(
		"{" MT "," VM ",\"messageSignature\":{" MD(
			"SHA2_384", D32) ",\"signature\":\"MAYCAQECAQI=\"}}",
		"SHA2_384 digest has the wrong length");
	assert_refused("{" MT "," VM ",\"messageSignature\":{" MD(
			       "MD5", D32) ",\"signature\":\"MAYCAQECAQI=\"}}",
		       "digest algorithm 'MD5' is not supported");
	assert_refused(
		"{" MT "," VM ",\"messageSignature\":{" MD(
			"SHA2_256", "@@@@") ",\"signature\":\"MAYCAQECAQI=\"}}",
		"digest is not valid base64");
	assert_refused("{" MT "," VM "}", "neither a messageSignature nor");
	assert_refused("{" MT "," VM ",\"messageSignature\":{\"signature\":"
		       "\"MAYCAQECAQI=\"},\"dsseEnvelope\":{}}",
		       "both a messageSignature and a dsseEnvelope");
	assert_refused("{" MT ",\"messageSignature\":{\"signature\":"
		       "\"MAYCAQECAQI=\"}}",
		       "no verificationMaterial");
	assert_refused("{" MT "," VM ",\"messageSignature\":{\"signature\":"
		       "\"MAYCAQECAQI=\"},\"mediaType\":\"x\"}",
		       "not valid JSON");
	assert_refused("{" MT "," VM ",\"messageSignature\":",
		       "not valid JSON");
	assert_refused("[]", "not a JSON object");
	assert_refused("", "not valid JSON");
	assert_refused("{" MT "," VM ",\"dsseEnvelope\":[]}",
		       "dsseEnvelope is not an object");
	assert_refused("{" MT "," VM ",\"dsseEnvelope\":{\"payload\":\"\"}}",
		       "payloadType");
	/* an oversized signature */
	size_t n = 4 * (CS_KEY_MAX_SIG + 3);
	char *json = malloc(n + 200);
	int at = sprintf(json, "{" MT "," VM ",\"messageSignature\":{"
			       "\"signature\":\"");
	memset(json + at, 'A', n);
	strcpy(json + at + n, "\"}}");
	assert_refused(json, "longer than");
	free(json);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_managed_key_happy_path),
		cmocka_unit_test(test_managed_key_wrong_key),
		cmocka_unit_test(test_dsse_bundle),
		cmocka_unit_test(test_write_parse_round_trip),
		cmocka_unit_test(test_older_media_types),
		cmocka_unit_test(test_refused_bundles),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

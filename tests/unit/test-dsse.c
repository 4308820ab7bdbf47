/*
 * test-dsse.c - DSSE envelopes and in-toto Statements.
 *
 * Independent evidence first: the DSSE spec's own vector (PAE bytes and
 * a raw r||s signature made by a key given as decimal coordinates, the
 * key rebuilt here with OpenSSL, not with the code under test) and the
 * sigstore conformance bundle happy-path-intoto-in-dsse-v3 (DER
 * signature by the key of its X.509 certificate, read here with
 * OpenSSL).  Then a round trip, and every way an envelope or a statement
 * could fool a verifier: each must be refused.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include "sign/b64.h"
#include "sign/dsse.h"
#include "sign/keys.h"

#ifndef TESTVECTORS
#define TESTVECTORS "../shared/testvectors/sigstore"
#endif

#define SPEC_TYPE "http://example.com/HelloWorld"
#define SPEC_BODY "hello world"
#define SPEC_X                                                                 \
	"46950820868899156662930047687818585632848591499744589407958293238635" \
	"476079160"
#define SPEC_Y                                                                 \
	"56400783565643791630990758770095651298825148865577793690474423806245" \
	"45832820"
#define SPEC_SIG                                                               \
	"A3JqsQGtVsJ2O2xqrI5IcnXip5GToJ3F+FnZ+O88SjtR6rDAajabZKciJTfUiHqJPcIA" \
	"riEGAHTVeCUjW2JIZA=="
#define A_TXT_SHA256                                                           \
	"a0cfc71271d6e278e57cd332ff957c3f7043fdda354c4cbb190a30d56efa01bf"

/* ---- helpers built on OpenSSL alone ---- */

static cs_key *load_pkey(EVP_PKEY *pk)
{
	assert_non_null(pk);
	BIO *bio = BIO_new(BIO_s_mem());
	assert_non_null(bio);
	assert_int_equal(PEM_write_bio_PUBKEY(bio, pk), 1);
	char *pem;
	long n = BIO_get_mem_data(bio, &pem);
	cs_key *k = NULL;
	cs_error err = {0};
	if (!cs_key_load_public(&k, pem, (size_t)n, &err))
		fail_msg("cs_key_load_public: %s", err.message);
	BIO_free(bio);
	EVP_PKEY_free(pk);
	return k;
}

/* The P-256 public key with affine coordinates x, y (decimal). */
static cs_key *key_from_xy(const char *x, const char *y)
{
	BIGNUM *bx = NULL, *by = NULL;
	assert_true(BN_dec2bn(&bx, x) > 0);
	assert_true(BN_dec2bn(&by, y) > 0);
	unsigned char point[65];
	point[0] = 0x04;
	assert_int_equal(BN_bn2binpad(bx, point + 1, 32), 32);
	assert_int_equal(BN_bn2binpad(by, point + 33, 32), 32);
	BN_free(bx);
	BN_free(by);
	OSSL_PARAM_BLD *bld = OSSL_PARAM_BLD_new();
	assert_non_null(bld);
	assert_int_equal(
		OSSL_PARAM_BLD_push_utf8_string(bld, OSSL_PKEY_PARAM_GROUP_NAME,
						"prime256v1", 0),
		1);
	assert_int_equal(
		OSSL_PARAM_BLD_push_octet_string(bld, OSSL_PKEY_PARAM_PUB_KEY,
						 point, sizeof(point)),
		1);
	OSSL_PARAM *params = OSSL_PARAM_BLD_to_param(bld);
	assert_non_null(params);
	EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_name(NULL, "EC", NULL);
	assert_non_null(ctx);
	EVP_PKEY *pk = NULL;
	assert_int_equal(EVP_PKEY_fromdata_init(ctx), 1);
	assert_int_equal(
		EVP_PKEY_fromdata(ctx, &pk, EVP_PKEY_PUBLIC_KEY, params), 1);
	EVP_PKEY_CTX_free(ctx);
	OSSL_PARAM_free(params);
	OSSL_PARAM_BLD_free(bld);
	return load_pkey(pk);
}

static char *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		fail_msg("cannot open %s", path);
	char *buf = malloc(1 << 20);
	assert_non_null(buf);
	*len = fread(buf, 1, (1 << 20) - 1, f);
	buf[*len] = '\0';
	fclose(f);
	return buf;
}

/* The conformance bundle: its dsseEnvelope (JSON) and certificate key. */
static json_t *conformance_bundle(void)
{
	size_t len;
	char *text = read_file(TESTVECTORS "/happy-path-intoto-in-dsse-v3/"
					   "bundle.sigstore.json",
			       &len);
	json_error_t je;
	json_t *j = json_loadb(text, len, 0, &je);
	free(text);
	assert_non_null(j);
	return j;
}

static cs_key *conformance_key(json_t *bundle)
{
	const char *raw = json_string_value(json_object_get(
		json_object_get(json_object_get(bundle, "verificationMaterial"),
				"certificate"),
		"rawBytes"));
	assert_non_null(raw);
	/* decoded with OpenSSL's EVP_DecodeBlock, not cs_b64 */
	size_t n = strlen(raw);
	unsigned char *der = malloc(n);
	assert_non_null(der);
	int dlen = EVP_DecodeBlock(der, (const unsigned char *)raw, (int)n);
	assert_true(dlen > 0);
	while (n > 0 && raw[n - 1] == '=') {
		dlen--;
		n--;
	}
	const unsigned char *p = der;
	X509 *cert = d2i_X509(NULL, &p, dlen);
	assert_non_null(cert);
	EVP_PKEY *pk = X509_get_pubkey(cert);
	X509_free(cert);
	free(der);
	return load_pkey(pk);
}

static cs_dsse_env parse_ok(const char *json)
{
	cs_dsse_env e;
	cs_error err = {0};
	if (!cs_dsse_parse(&e, json, strlen(json), &err))
		fail_msg("refused: %s (%s)", err.message, json);
	return e;
}

static void parse_fails(const char *json, const char *why)
{
	cs_dsse_env e;
	cs_error err = {0};
	if (cs_dsse_parse(&e, json, strlen(json), &err)) {
		cs_dsse_free(&e);
		fail_msg("accepted: %s", json);
	}
	if (!strstr(err.message, why))
		fail_msg("'%s': message '%s' lacks '%s'", json, err.message,
			 why);
	/* the envelope is left empty: freeing it again is harmless */
	assert_null(e.sigs);
	assert_null(e.payload);
	cs_dsse_free(&e);
}

/* ---- the spec vector ---- */

static void test_pae_spec_vector(void **state)
{
	(void)state;
	cs_buf b;
	cs_buf_init(&b, 0);
	assert_true(cs_dsse_pae(&b, SPEC_TYPE, SPEC_BODY, 11));
	assert_int_equal(b.len, 54);
	assert_memory_equal(b.data,
			    "DSSEv1 29 http://example.com/HelloWorld 11 hello "
			    "world",
			    54);
	/* empty type and body: lengths written as 0, no leading zeros */
	cs_buf_reset(&b);
	assert_true(cs_dsse_pae(&b, "", "", 0));
	assert_string_equal(b.data, "DSSEv1 0  0 ");
	/* a body with a NUL byte counts it */
	cs_buf_reset(&b);
	assert_true(cs_dsse_pae(&b, "t", "a\0b", 3));
	assert_int_equal(b.len, 16);
	assert_memory_equal(b.data, "DSSEv1 1 t 3 a\0b", 16);
	cs_buf_free(&b);
}

static void test_spec_signature(void **state)
{
	(void)state;
	cs_key *k = key_from_xy(SPEC_X, SPEC_Y);
	/* the spec's envelope, URL-safe alphabet without padding too */
	const char *std = "{\"payload\":\"aGVsbG8gd29ybGQ=\",\"payloadType\":"
			  "\"" SPEC_TYPE "\",\"signatures\":[{\"keyid\":"
			  "\"66301bbf\",\"sig\":\"" SPEC_SIG "\"}]}";
	cs_dsse_env e = parse_ok(std);
	assert_string_equal(e.payload_type, SPEC_TYPE);
	assert_int_equal(e.payload_len, 11);
	assert_memory_equal(e.payload, SPEC_BODY, 11);
	assert_int_equal(e.nsigs, 1);
	assert_string_equal(e.sigs[0].keyid, "66301bbf");
	assert_int_equal(e.sigs[0].len, 64);
	size_t which = 99;
	cs_error err = {0};
	if (!cs_dsse_verify(&e, k, &which, &err))
		fail_msg("spec vector: %s", err.message);
	assert_int_equal(which, 0);
	cs_dsse_free(&e);

	char url[256];
	snprintf(url, sizeof(url), "%s", SPEC_SIG);
	for (char *p = url; *p; p++)
		*p = *p == '+' ? '-' : *p == '/' ? '_' : *p;
	*strchr(url, '=') = '\0';
	char json[512];
	snprintf(json, sizeof(json),
		 "{\"payloadType\":\"" SPEC_TYPE
		 "\",\"payload\":\"aGVsbG8gd29ybGQ\",\"extra\":[1],"
		 "\"signatures\":[{\"sig\":\"%s\",\"other\":true}]}",
		 url);
	e = parse_ok(json);
	assert_null(e.sigs[0].keyid);
	assert_true(cs_dsse_verify(&e, k, NULL, &err));
	cs_dsse_free(&e);
	cs_key_free(k);
}

/* ---- the conformance bundle ---- */

static void test_conformance_bundle(void **state)
{
	(void)state;
	json_t *bundle = conformance_bundle();
	cs_key *k = conformance_key(bundle);
	cs_dsse_env e;
	cs_error err = {0};
	if (!cs_dsse_from_json(&e, json_object_get(bundle, "dsseEnvelope"),
			       &err))
		fail_msg("dsseEnvelope: %s", err.message);
	assert_string_equal(e.payload_type, CS_INTOTO_PAYLOAD_TYPE);
	assert_int_equal(e.nsigs, 1);
	assert_int_equal(e.sigs[0].sig[0], 0x30); /* DER */
	if (!cs_dsse_verify(&e, k, NULL, &err))
		fail_msg("conformance: %s", err.message);

	cs_intoto_stmt s;
	if (!cs_intoto_parse(&s, e.payload, e.payload_len, &err))
		fail_msg("statement: %s", err.message);
	assert_true(s.v1);
	assert_string_equal(s.type, CS_INTOTO_STATEMENT_V1);
	assert_string_equal(s.predicate_type, "https://slsa.dev/provenance/v1");
	assert_int_equal(s.nsubjects, 1);
	assert_string_equal(s.subjects[0].name, "a.txt");
	assert_int_equal(s.subjects[0].ndigests, 1);
	assert_string_equal(s.subjects[0].digests[0].alg, "sha256");
	assert_string_equal(s.subjects[0].digests[0].value, A_TXT_SHA256);
	size_t which = 9;
	assert_true(cs_intoto_has_digest(&s, "sha256", A_TXT_SHA256, &which));
	assert_int_equal(which, 0);
	/* hex case does not matter for sha*, the algorithm name does */
	assert_true(cs_intoto_has_digest(&s, "sha256",
					 "A0CFC71271D6E278E57CD332FF957C3F7043F"
					 "DDA354C4CBB190A30D56EFA01BF",
					 NULL));
	assert_false(cs_intoto_has_digest(&s, "sha512", A_TXT_SHA256, NULL));
	assert_false(cs_intoto_has_digest(&s, "sha256",
					  "a0cfc71271d6e278e57cd332ff957c3f7043"
					  "fdda354c4cbb190a30d56efa01be",
					  NULL));
	assert_non_null(s.predicate);
	assert_true(strncmp(s.predicate,
			    "{\"buildDefinition\":{\"buildType\":\"https://"
			    "actions.github.io/buildtypes/workflow/v1\"",
			    72) == 0);
	cs_intoto_free(&s);

	/* one payload byte changed: no longer verifies */
	e.payload[10] ^= 1;
	assert_false(cs_dsse_verify(&e, k, NULL, &err));
	assert_string_equal(err.message, "no signature verifies with the key");
	cs_dsse_free(&e);
	cs_key_free(k);
	json_decref(bundle);
}

/* ---- round trip and tampering ---- */

static void test_round_trip(void **state)
{
	(void)state;
	cs_key *k = NULL, *other = NULL;
	cs_error err = {0};
	assert_true(cs_key_generate(&k, &err));
	assert_true(cs_key_generate(&other, &err));
	const char *body = "{\"_type\":\"x\"}";
	cs_buf out;
	cs_buf_init(&out, 0);
	assert_true(cs_dsse_sign(&out, k, CS_INTOTO_PAYLOAD_TYPE, body,
				 strlen(body), NULL, &err));
	/* compact, in this order, standard padded base64, no keyid */
	const char *head = "{\"payload\":\"eyJfdHlwZSI6IngifQ==\","
			   "\"payloadType\":\"application/vnd.in-toto+json\","
			   "\"signatures\":[{\"sig\":\"";
	assert_true(strncmp(out.data, head, strlen(head)) == 0);
	assert_string_equal(out.data + out.len - 4, "\"}]}");
	cs_dsse_env e = parse_ok(out.data);
	assert_true(cs_dsse_verify(&e, k, NULL, &err));
	assert_false(cs_dsse_verify(&e, other, NULL, &err));
	assert_string_equal(err.message, "no signature verifies with the key");

	/* payloadType changed: PAE differs */
	free(e.payload_type);
	e.payload_type = strdup("application/json");
	assert_false(cs_dsse_verify(&e, k, NULL, &err));
	cs_dsse_free(&e);

	/* signature bytes tampered, truncated */
	e = parse_ok(out.data);
	e.sigs[0].sig[e.sigs[0].len / 2] ^= 0x40;
	assert_false(cs_dsse_verify(&e, k, NULL, &err));
	e.sigs[0].sig[e.sigs[0].len / 2] ^= 0x40;
	assert_true(cs_dsse_verify(&e, k, NULL, &err));
	e.sigs[0].len -= 1;
	assert_false(cs_dsse_verify(&e, k, NULL, &err));
	e.sigs[0].len = 8;
	assert_false(cs_dsse_verify(&e, k, NULL, &err));
	cs_dsse_free(&e);

	/* payload tampered in the JSON text */
	char *copy = strdup(out.data);
	char *p = strstr(copy, "eyJf");
	p[3] = 'g';
	e = parse_ok(copy);
	assert_false(cs_dsse_verify(&e, k, NULL, &err));
	cs_dsse_free(&e);
	free(copy);

	/* several signatures: the one that verifies is found */
	cs_buf out2;
	cs_buf_init(&out2, 0);
	assert_true(cs_dsse_sign(&out2, other, CS_INTOTO_PAYLOAD_TYPE, body,
				 strlen(body), "kid-1", &err));
	assert_non_null(strstr(out2.data, ",\"signatures\":[{\"keyid\":"
					  "\"kid-1\",\"sig\":\""));
	cs_dsse_env e2 = parse_ok(out2.data);
	e = parse_ok(out.data);
	cs_dsse_sig *sigs = calloc(2, sizeof(*sigs));
	sigs[0] = e2.sigs[0];
	sigs[1] = e.sigs[0];
	free(e.sigs);
	e.sigs = sigs;
	e.nsigs = 2;
	e2.nsigs = 0;
	size_t which = 9;
	assert_true(cs_dsse_verify(&e, k, &which, &err));
	assert_int_equal(which, 1);
	assert_true(cs_dsse_verify(&e, other, &which, &err));
	assert_int_equal(which, 0);
	cs_dsse_free(&e);
	cs_dsse_free(&e2);

	/* no signatures at all */
	cs_dsse_env empty = {0};
	assert_false(cs_dsse_verify(&empty, k, NULL, &err));
	assert_string_equal(err.message, "the envelope has no signatures");

	/* a payload type that is not UTF-8 cannot be written faithfully */
	cs_buf_reset(&out);
	assert_false(cs_dsse_sign(&out, k, "bad\xff", body, strlen(body), NULL,
				  &err));
	assert_int_equal(out.len, 0);

	cs_buf_free(&out);
	cs_buf_free(&out2);
	cs_key_free(k);
	cs_key_free(other);
}

static void test_malformed_envelopes(void **state)
{
	(void)state;
	parse_fails("", "not valid JSON");
	parse_fails("{", "not valid JSON");
	parse_fails("[]", "not a JSON object");
	parse_fails("{\"payload\":\"YQ==\",\"payloadType\":\"t\","
		    "\"signatures\":[]}",
		    "has no signatures");
	parse_fails(
		"{\"payload\":\"YQ==\",\"signatures\":[{\"sig\":\"YQ==\"}]}",
		"no \"payloadType\"");
	parse_fails(
		"{\"payloadType\":\"t\",\"signatures\":[{\"sig\":\"YQ==\"}]}",
		"no \"payload\"");
	parse_fails("{\"payloadType\":\"t\",\"payload\":\"YQ==\"}",
		    "no \"signatures\"");
	parse_fails("{\"payloadType\":1,\"payload\":\"YQ==\","
		    "\"signatures\":[{\"sig\":\"YQ==\"}]}",
		    "\"payloadType\" is not a string");
	parse_fails("{\"payloadType\":\"a\\u0000b\",\"payload\":\"YQ==\","
		    "\"signatures\":[{\"sig\":\"YQ==\"}]}",
		    "not valid JSON"); /* C would cut the string short */
	parse_fails("{\"payloadType\":\"t\",\"payload\":[],"
		    "\"signatures\":[{\"sig\":\"YQ==\"}]}",
		    "\"payload\" is not a string");
	parse_fails("{\"payloadType\":\"t\",\"payload\":\"YQ==\","
		    "\"signatures\":{\"sig\":\"YQ==\"}}",
		    "\"signatures\" is not an array");
	parse_fails("{\"payloadType\":\"t\",\"payload\":\"YQ==\","
		    "\"signatures\":[\"YQ==\"]}",
		    "signature 1 is not an object");
	parse_fails("{\"payloadType\":\"t\",\"payload\":\"YQ==\","
		    "\"signatures\":[{\"sig\":\"YQ==\"},{\"keyid\":\"k\"}]}",
		    "signature 2 has no \"sig\"");
	parse_fails("{\"payloadType\":\"t\",\"payload\":\"YQ==\","
		    "\"signatures\":[{\"sig\":5}]}",
		    "\"sig\" of signature 1 is not a string");
	parse_fails("{\"payloadType\":\"t\",\"payload\":\"YQ==\","
		    "\"signatures\":[{\"sig\":\"YQ==\",\"keyid\":7}]}",
		    "\"keyid\" of signature 1 is not a string");
	parse_fails("{\"payloadType\":\"t\",\"payload\":\"YQ==\","
		    "\"signatures\":[{\"sig\":\"\"}]}",
		    "signature 1 is empty");
	/* bad base64 */
	parse_fails("{\"payloadType\":\"t\",\"payload\":\"Y!Q=\","
		    "\"signatures\":[{\"sig\":\"YQ==\"}]}",
		    "\"payload\" is not valid base64");
	parse_fails("{\"payloadType\":\"t\",\"payload\":\"YQ==\","
		    "\"signatures\":[{\"sig\":\"Y\"}]}",
		    "is not base64");
	parse_fails("{\"payloadType\":\"t\",\"payload\":\"YQ==\","
		    "\"signatures\":[{\"sig\":\"YQ=x\"}]}",
		    "is not base64");
	/* duplicate members: which one would a verifier have read? */
	parse_fails("{\"payloadType\":\"t\",\"payloadType\":\"u\","
		    "\"payload\":\"YQ==\",\"signatures\":[{\"sig\":\"YQ==\"}]}",
		    "not valid JSON");

	/* huge sizes: a signature over CS_KEY_MAX_SIG, too many signatures,
	 * an envelope over CS_DSSE_MAX_JSON */
	cs_buf b;
	cs_buf_init(&b, 0);
	cs_buf_adds(&b, "{\"payloadType\":\"t\",\"payload\":\"YQ==\","
			"\"signatures\":[{\"sig\":\"");
	for (unsigned i = 0; i < (CS_KEY_MAX_SIG + 3) / 3 + 1; i++)
		cs_buf_adds(&b, "AAAA");
	cs_buf_adds(&b, "\"}]}");
	parse_fails(b.data, "at most 1024 bytes");
	cs_buf_reset(&b);
	cs_buf_adds(&b, "{\"payloadType\":\"t\",\"payload\":\"YQ==\","
			"\"signatures\":[");
	for (unsigned i = 0; i <= CS_DSSE_MAX_SIGS; i++)
		cs_buf_printf(&b, "%s{\"sig\":\"YQ==\"}", i ? "," : "");
	cs_buf_adds(&b, "]}");
	parse_fails(b.data, "65 signatures, more than the limit of 64");
	cs_buf_free(&b);
	cs_dsse_env e;
	cs_error err = {0};
	assert_false(
		cs_dsse_parse(&e, "{}", (size_t)CS_DSSE_MAX_JSON + 1, &err));
	assert_int_equal(err.code, CS_ERR_LIMIT);

	/* exactly the limit of signatures is fine */
	cs_buf_init(&b, 0);
	cs_buf_adds(&b, "{\"payloadType\":\"t\",\"payload\":\"\","
			"\"signatures\":[");
	for (unsigned i = 0; i < CS_DSSE_MAX_SIGS; i++)
		cs_buf_printf(&b, "%s{\"sig\":\"YQ==\"}", i ? "," : "");
	cs_buf_adds(&b, "]}");
	e = parse_ok(b.data);
	assert_int_equal(e.nsigs, CS_DSSE_MAX_SIGS);
	assert_int_equal(e.payload_len, 0);
	cs_dsse_free(&e);
	cs_buf_free(&b);

	/* from_json with something that is not an object */
	json_t *arr = json_array();
	assert_false(cs_dsse_from_json(&e, arr, &err));
	assert_non_null(strstr(err.message, "not a JSON object"));
	json_decref(arr);
}

/* ---- in-toto ---- */

static void stmt_fails(const char *json, const char *why)
{
	cs_intoto_stmt s;
	cs_error err = {0};
	if (cs_intoto_parse(&s, json, strlen(json), &err)) {
		cs_intoto_free(&s);
		fail_msg("accepted: %s", json);
	}
	if (!strstr(err.message, why))
		fail_msg("'%s': message '%s' lacks '%s'", json, err.message,
			 why);
	assert_null(s.subjects);
	cs_intoto_free(&s);
}

static void test_intoto(void **state)
{
	(void)state;
	cs_intoto_stmt s;
	cs_error err = {0};
	const char *v01 = "{\"_type\":\"https://in-toto.io/Statement/v0.1\","
			  "\"predicateType\":\"https://e.com/p\",\"subject\":"
			  "[{\"name\":\"x\",\"digest\":{\"sha256\":\"AB\","
			  "\"gitCommit\":\"Ab\"}},{\"digest\":{\"sha512\":"
			  "\"cd\"}}],\"predicate\":{ \"b\" : [1, 2.50] ,"
			  "\"a\":null},\"extra\":1}";
	assert_true(cs_intoto_parse(&s, v01, strlen(v01), &err));
	assert_false(s.v1);
	assert_string_equal(s.type, CS_INTOTO_STATEMENT_V01);
	assert_int_equal(s.nsubjects, 2);
	assert_null(s.subjects[1].name);
	assert_string_equal(s.predicate, "{\"b\":[1,2.5],\"a\":null}");
	size_t which = 7;
	assert_true(cs_intoto_has_digest(&s, "sha512", "CD", &which));
	assert_int_equal(which, 1);
	assert_true(cs_intoto_has_digest(&s, "sha256", "ab", NULL));
	/* not a sha*: compared exactly */
	assert_true(cs_intoto_has_digest(&s, "gitCommit", "Ab", NULL));
	assert_false(cs_intoto_has_digest(&s, "gitCommit", "ab", NULL));
	assert_false(cs_intoto_has_digest(&s, "sha256", "cd", NULL));
	cs_intoto_free(&s);

	const char *nopred = "{\"_type\":\"https://in-toto.io/Statement/v1\","
			     "\"subject\":[{\"digest\":{\"sha256\":\"ab\"}}],"
			     "\"predicateType\":\"p\"}";
	assert_true(cs_intoto_parse(&s, nopred, strlen(nopred), &err));
	assert_true(s.v1);
	assert_null(s.predicate);
	cs_intoto_free(&s);

#define SUBJ "\"subject\":[{\"digest\":{\"sha256\":\"ab\"}}]"
#define V1 "\"_type\":\"https://in-toto.io/Statement/v1\""
	stmt_fails("[]", "not a JSON object");
	stmt_fails("{\"_type\":", "not valid JSON");
	stmt_fails("{" SUBJ ",\"predicateType\":\"p\"}", "no \"_type\"");
	stmt_fails("{\"_type\":\"https://in-toto.io/Statement/v2\"," SUBJ
		   ",\"predicateType\":\"p\"}",
		   "unknown statement type");
	stmt_fails("{\"_type\":\"https://in-toto.io/Statement/v1 \"," SUBJ
		   ",\"predicateType\":\"p\"}",
		   "unknown statement type");
	stmt_fails("{\"_type\":\"https://in-toto.io/Statement/v1\\u0000\"," SUBJ
		   ",\"predicateType\":\"p\"}",
		   "not valid JSON");
	stmt_fails("{\"_type\":\"https://in-toto.io/Statement/V1\"," SUBJ
		   ",\"predicateType\":\"p\"}",
		   "unknown statement type");
	stmt_fails("{" V1 "," SUBJ "}", "no \"predicateType\"");
	stmt_fails("{" V1 "," SUBJ ",\"predicateType\":\"\"}",
		   "no \"predicateType\"");
	stmt_fails("{" V1 "," SUBJ ",\"predicateType\":[]}",
		   "no \"predicateType\"");
	stmt_fails("{" V1 ",\"predicateType\":\"p\"}", "no \"subject\"");
	stmt_fails("{" V1 ",\"subject\":[],\"predicateType\":\"p\"}",
		   "no \"subject\"");
	stmt_fails("{" V1 ",\"subject\":{},\"predicateType\":\"p\"}",
		   "no \"subject\"");
	stmt_fails("{" V1 ",\"subject\":[1],\"predicateType\":\"p\"}",
		   "subject 1 is not an object");
	stmt_fails("{" V1 ",\"subject\":[{\"name\":\"a\"}],"
		   "\"predicateType\":\"p\"}",
		   "subject 1 has no digest");
	stmt_fails("{" V1 ",\"subject\":[{\"digest\":{}}],"
		   "\"predicateType\":\"p\"}",
		   "subject 1 has no digest");
	stmt_fails("{" V1 ",\"subject\":[{\"digest\":\"sha256:ab\"}],"
		   "\"predicateType\":\"p\"}",
		   "subject 1 has no digest");
	stmt_fails("{" V1 "," SUBJ ",\"subject2\":1,\"predicateType\":\"p\","
		   "\"subject\":[]}",
		   "not valid JSON"); /* duplicate member */
	stmt_fails("{" V1 ",\"subject\":[{\"digest\":{\"sha256\":1}}],"
		   "\"predicateType\":\"p\"}",
		   "digest \"sha256\" of subject 1 is not a string");
	stmt_fails("{" V1 ",\"subject\":[{\"digest\":{\"sha256\":"
		   "\"ab\\u0000cd\"}}],\"predicateType\":\"p\"}",
		   "not valid JSON");
	stmt_fails("{" V1 ",\"subject\":[{\"name\":3,\"digest\":{\"sha256\":"
		   "\"ab\"}}],\"predicateType\":\"p\"}",
		   "name of subject 1 is not a string");
	stmt_fails("{" V1 "," SUBJ ",\"predicateType\":\"p\","
		   "\"predicate\":\"text\"}",
		   "\"predicate\" is not an object");

	/* limits */
	cs_buf b;
	cs_buf_init(&b, 0);
	cs_buf_adds(&b, "{" V1 ",\"predicateType\":\"p\",\"subject\":[{"
			"\"digest\":{");
	for (unsigned i = 0; i <= CS_INTOTO_MAX_DIGESTS; i++)
		cs_buf_printf(&b, "%s\"a%u\":\"0\"", i ? "," : "", i);
	cs_buf_adds(&b, "}}]}");
	stmt_fails(b.data, "17 digests, more than the limit of 16");
	cs_buf_reset(&b);
	cs_buf_adds(&b, "{" V1 ",\"predicateType\":\"p\",\"subject\":[");
	for (unsigned i = 0; i <= CS_INTOTO_MAX_SUBJECTS; i++)
		cs_buf_printf(&b, "%s{\"digest\":{\"sha256\":\"0\"}}",
			      i ? "," : "");
	cs_buf_adds(&b, "]}");
	stmt_fails(b.data, "4097 subjects, more than the limit of 4096");
	cs_buf_free(&b);
	assert_false(
		cs_intoto_parse(&s, "{}", (size_t)CS_DSSE_MAX_JSON + 1, &err));
	assert_int_equal(err.code, CS_ERR_LIMIT);
#undef SUBJ
#undef V1
}

static void test_intoto_build(void **state)
{
	(void)state;
	cs_buf b;
	cs_buf_init(&b, 0);
	cs_error err = {0};
	const char *pred = "{\n  \"Data\": \"a b\\\"\\n\",\n  \"n\": 1.50 }\n";
	assert_true(
		cs_intoto_build(&b, "a.txt", "sha256", A_TXT_SHA256,
				"https://cosign.sigstore.dev/attestation/v1",
				pred, strlen(pred), &err));
	assert_string_equal(
		b.data,
		"{\"_type\":\"https://in-toto.io/Statement/v1\",\"subject\":"
		"[{\"name\":\"a.txt\",\"digest\":{\"sha256\":\"" A_TXT_SHA256
		"\"}}],\"predicateType\":\"https://cosign.sigstore.dev/"
		"attestation/v1\",\"predicate\":{\"Data\":\"a b\\\"\\n\","
		"\"n\":1.50}}");
	/* what we write, we read */
	cs_intoto_stmt s;
	assert_true(cs_intoto_parse(&s, b.data, b.len, &err));
	assert_true(s.v1);
	assert_true(cs_intoto_has_digest(&s, "sha256", A_TXT_SHA256, NULL));
	cs_intoto_free(&s);

	cs_buf_reset(&b);
	assert_true(
		cs_intoto_build(&b, NULL, "sha256", "ab", "p", NULL, 0, &err));
	assert_string_equal(b.data,
			    "{\"_type\":\"https://in-toto.io/Statement/v1\","
			    "\"subject\":[{\"digest\":{\"sha256\":\"ab\"}}],"
			    "\"predicateType\":\"p\"}");
	cs_buf_reset(&b);
	assert_false(
		cs_intoto_build(&b, "n", "sha256", "ab", "p", "[1]", 3, &err));
	assert_non_null(strstr(err.message, "not a JSON object"));
	assert_false(
		cs_intoto_build(&b, "n", "sha256", "ab", "p", "{", 1, &err));
	assert_non_null(strstr(err.message, "not valid JSON"));
	assert_false(cs_intoto_build(&b, "n", "sha256", "ab", "p",
				     "{\"a\":1,\"a\":2}", 13, &err));
	assert_false(cs_intoto_build(&b, "n\xc3", "sha256", "ab", "p", NULL, 0,
				     &err));
	assert_false(
		cs_intoto_build(&b, "n", "sha256", "", "p", NULL, 0, &err));
	assert_false(
		cs_intoto_build(&b, "n", "sha256", "ab", "", NULL, 0, &err));
	assert_int_equal(b.len, 0);
	cs_buf_free(&b);
}

static void test_predicate_uri(void **state)
{
	(void)state;
	static const char *const pairs[][2] = {
		{"slsaprovenance", "https://slsa.dev/provenance/v0.2"},
		{"slsaprovenance02", "https://slsa.dev/provenance/v0.2"},
		{"slsaprovenance1", "https://slsa.dev/provenance/v1"},
		{"link", "https://in-toto.io/Link/v1"},
		{"spdx", "https://spdx.dev/Document"},
		{"spdxjson", "https://spdx.dev/Document"},
		{"cyclonedx", "https://cyclonedx.org/bom"},
		{"vuln", "https://cosign.sigstore.dev/attestation/vuln/v1"},
		{"openvex", "https://openvex.dev/ns"},
		{"custom", "https://cosign.sigstore.dev/attestation/v1"},
		{"https://example.com/mine/v2", "https://example.com/mine/v2"},
	};
	for (size_t i = 0; i < sizeof(pairs) / sizeof(pairs[0]); i++)
		assert_string_equal(cs_intoto_predicate_uri(pairs[i][0]),
				    pairs[i][1]);
	assert_null(cs_intoto_predicate_uri("slsa"));
	assert_null(cs_intoto_predicate_uri("CUSTOM"));
	assert_null(cs_intoto_predicate_uri(""));
	assert_null(cs_intoto_predicate_uri(NULL));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pae_spec_vector),
		cmocka_unit_test(test_spec_signature),
		cmocka_unit_test(test_conformance_bundle),
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_malformed_envelopes),
		cmocka_unit_test(test_intoto),
		cmocka_unit_test(test_intoto_build),
		cmocka_unit_test(test_predicate_uri),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

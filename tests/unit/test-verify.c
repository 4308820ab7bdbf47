/*
 * test-verify.c - the acceptance checks of sign/verify.h: each check
 * refuses on its own, in the documented order, and nothing a payload
 * says is believed before its signature verifies.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sign/b64.h"
#include "sign/dsse.h"
#include "sign/keys.h"
#include "sign/layout.h"
#include "sign/verify.h"

#define DIGEST_A                                                               \
	"sha256:"                                                              \
	"a0cfc71271d6e278e57cd332ff957c3f7043fdda354c4cbb190a30d56efa01bf"
#define DIGEST_B                                                               \
	"sha256:"                                                              \
	"b0cfc71271d6e278e57cd332ff957c3f7043fdda354c4cbb190a30d56efa01bf"
#define HEX_A "a0cfc71271d6e278e57cd332ff957c3f7043fdda354c4cbb190a30d56efa01bf"
#define HEX_B "b0cfc71271d6e278e57cd332ff957c3f7043fdda354c4cbb190a30d56efa01bf"

typedef struct fixture {
	cs_key *key, *other;
} fixture;

static int setup(void **state)
{
	fixture *f = calloc(1, sizeof(*f));
	cs_error err = {0};
	assert_true(cs_key_generate(&f->key, &err));
	assert_true(cs_key_generate(&f->other, &err));
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;
	cs_key_free(f->key);
	cs_key_free(f->other);
	free(f);
	return 0;
}

/* A simple-signing layer over `payload`, signed by k; the caller frees
 * payload and signature with free_item. */
static cs_layout_item item_for(const cs_key *k, const char *payload)
{
	cs_layout_item it;
	memset(&it, 0, sizeof(it));
	it.media_type = CS_COSIGN_SIG_MEDIA;
	it.data = (const unsigned char *)strdup(payload);
	it.len = strlen(payload);
	cs_buf sig, b64;
	cs_buf_init(&sig, 0);
	cs_buf_init(&b64, 0);
	cs_error err = {0};
	assert_true(cs_key_sign(k, payload, strlen(payload), &sig, &err));
	assert_true(cs_b64_encode(&b64, sig.data, sig.len));
	size_t n;
	it.signature = cs_buf_detach(&b64, &n);
	cs_buf_free(&sig);
	return it;
}

static void free_item(cs_layout_item *it)
{
	free((void *)it->data);
	free((void *)it->signature);
}

static char *payload(const char *ref, const char *digest, const cs_kv *kv,
		     size_t n)
{
	cs_buf b;
	cs_buf_init(&b, 0);
	cs_error err = {0};
	assert_true(cs_simplesign_payload(&b, ref, digest, kv, n, &err));
	size_t len;
	return cs_buf_detach(&b, &len);
}

static void expect_sig(const cs_layout_item *it, const cs_key *k,
		       const char *digest, const char *ref, const cs_kv *want,
		       size_t nwant, const char *reason)
{
	cs_error err = {0};
	bool ok = cs_verify_image_signature(it, k, digest, ref, want, nwant,
					    &err);
	if (!reason) {
		assert_true(ok);
		return;
	}
	assert_false(ok);
	if (!strstr(err.message, reason))
		fail_msg("reason '%s', expected '%s'", err.message, reason);
}

static void test_image_signature_checks(void **state)
{
	fixture *f = *state;
	cs_kv kv[] = {{"env", "prod"}};
	char *p = payload("ghcr.io/acme/app", DIGEST_A, kv, 1);
	cs_layout_item it = item_for(f->key, p);

	expect_sig(&it, f->key, DIGEST_A, NULL, NULL, 0, NULL);
	expect_sig(&it, f->key, DIGEST_A, "ghcr.io/acme/app", kv, 1, NULL);
	expect_sig(&it, f->other, DIGEST_A, NULL, NULL, 0,
		   "does not match the payload and key");
	expect_sig(&it, f->key, DIGEST_B, NULL, NULL, 0,
		   "not this image");
	expect_sig(&it, f->key, DIGEST_A, "ghcr.io/acme/other", NULL, 0,
		   "the payload names ghcr.io/acme/app");
	cs_kv prod_no[] = {{"env", "dev"}};
	expect_sig(&it, f->key, DIGEST_A, NULL, prod_no, 1,
		   "does not carry env=dev");

	/* another media type, no annotation, bad base64, unreadable layer */
	cs_layout_item bad = it;
	bad.media_type = CS_COSIGN_DSSE_MEDIA;
	expect_sig(&bad, f->key, DIGEST_A, NULL, NULL, 0,
		   "not a simple-signing layer");
	bad = it;
	bad.signature = NULL;
	expect_sig(&bad, f->key, DIGEST_A, NULL, NULL, 0,
		   "no signature annotation");
	bad.signature = "@@not base64@@";
	expect_sig(&bad, f->key, DIGEST_A, NULL, NULL, 0, "not base64");
	bad = it;
	snprintf(bad.error, sizeof(bad.error), "digest mismatch");
	expect_sig(&bad, f->key, DIGEST_A, NULL, NULL, 0,
		   "the layer cannot be read: digest mismatch");
	free_item(&it);
	free(p);
}

/* A payload with a wrong type and another digest, signed by another key:
 * the signature is what is reported, since the payload is not read
 * before it verifies. */
static void test_signature_checked_first(void **state)
{
	fixture *f = *state;
	const char *forged =
		"{\"critical\":{\"identity\":{\"docker-reference\":\"x\"},"
		"\"image\":{\"docker-manifest-digest\":\"" DIGEST_B "\"},"
		"\"type\":\"something else\"},\"optional\":null}";
	cs_layout_item it = item_for(f->other, forged);
	expect_sig(&it, f->key, DIGEST_A, NULL, NULL, 0,
		   "does not match the payload and key");
	/* signed by the right key, the type is refused before the digest */
	cs_layout_item it2 = item_for(f->key, forged);
	expect_sig(&it2, f->key, DIGEST_A, NULL, NULL, 0,
		   "not a cosign container image signature");
	free_item(&it);
	free_item(&it2);
}

static cs_dsse_env envelope(const cs_key *k, const char *type,
			    const char *body)
{
	cs_buf b;
	cs_buf_init(&b, 0);
	cs_error err = {0};
	assert_true(cs_dsse_sign(&b, k, type, body, strlen(body), NULL, &err));
	cs_dsse_env e;
	assert_true(cs_dsse_parse(&e, b.data, b.len, &err));
	cs_buf_free(&b);
	return e;
}

static char *statement(const char *hex, const char *ptype)
{
	cs_buf b;
	cs_buf_init(&b, 0);
	cs_error err = {0};
	const char *pred = "{\"a\":1}";
	assert_true(cs_intoto_build(&b, "app", "sha256", hex, ptype, pred,
				    strlen(pred), &err));
	size_t len;
	return cs_buf_detach(&b, &len);
}

static void expect_att(const cs_dsse_env *e, const cs_key *k,
		       const char *hex, const char *uri, const char *reason,
		       const char *seen_type)
{
	cs_error err = {0};
	cs_intoto_stmt s;
	bool ok = cs_verify_attestation(e, k, hex, uri, &s, &err);
	if (seen_type)
		assert_string_equal(s.predicate_type, seen_type);
	else
		assert_null(s.predicate_type);
	cs_intoto_free(&s);
	if (!reason) {
		assert_true(ok);
		return;
	}
	assert_false(ok);
	if (!strstr(err.message, reason))
		fail_msg("reason '%s', expected '%s'", err.message, reason);
}

static void test_attestation_checks(void **state)
{
	fixture *f = *state;
	const char *slsa = "https://slsa.dev/provenance/v1";
	char *st = statement(HEX_A, slsa);
	cs_dsse_env e = envelope(f->key, CS_INTOTO_PAYLOAD_TYPE, st);

	expect_att(&e, f->key, HEX_A, NULL, NULL, slsa);
	expect_att(&e, f->key, HEX_A, slsa, NULL, slsa);
	/* the statement is named once the signature verified */
	expect_att(&e, f->key, HEX_B, NULL, "no subject has the sha256",
		   slsa);
	expect_att(&e, f->key, HEX_A, "https://cyclonedx.org/bom",
		   "the predicate type is not", slsa);
	/* ... and never before */
	expect_att(&e, f->other, HEX_A, NULL, "", NULL);
	cs_dsse_free(&e);

	/* signed as another payload type */
	cs_dsse_env t = envelope(f->key, "application/json", st);
	expect_att(&t, f->key, HEX_A, NULL, "the payload type is", NULL);
	cs_dsse_free(&t);

	/* signed, the right type, but not a statement */
	cs_dsse_env n = envelope(f->key, CS_INTOTO_PAYLOAD_TYPE, "{}");
	expect_att(&n, f->key, HEX_A, NULL, "", NULL);
	cs_dsse_free(&n);

	/* the payloadType changed after signing: PAE differs */
	cs_dsse_env c = envelope(f->key, CS_INTOTO_PAYLOAD_TYPE, st);
	free(c.payload_type);
	c.payload_type = strdup("application/vnd.in-toto+jsonx");
	expect_att(&c, f->key, HEX_A, NULL, "", NULL);
	cs_dsse_free(&c);
	free(st);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_image_signature_checks),
		cmocka_unit_test(test_signature_checked_first),
		cmocka_unit_test(test_attestation_checks),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}

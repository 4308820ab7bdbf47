/*
 * test-keys.c - cosign-compatible keys: the encrypted envelope (and every
 * way a hostile one is refused), plain PEM keys, public keys, signatures
 * (and every way a bad one is refused), hints, base64, streaming hashes.
 *
 * Keys under tests/sign/keys/ were made by tests/sign/cosign_ref.py, an
 * independent implementation, so reading them proves interoperability.
 * Envelopes with chosen parameters are built here with libsodium directly
 * (not with keys.c), the refused ones encrypted with valid parameters and
 * then declared with others, as a hostile file would be.
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

#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/sha.h>
#include <openssl/x509.h>
#include <sodium.h>

#include "sign/b64.h"
#include "sign/keys.h"

#define KEYS "tests/sign/keys/"
#define VEC "../shared/testvectors/sigstore/"

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

static cs_key *load_priv_file_text(const char *pem, size_t len, const char *pw)
{
	cs_key *k = NULL;
	cs_error err = {0};
	if (!cs_key_load_private(&k, pem, len, pw, pw ? strlen(pw) : 0, &err))
		fail_msg("%s", err.message);
	return k;
}

static cs_key *load_priv_file(const char *path, const char *pw)
{
	size_t len;
	char *pem = slurp(path, &len);
	cs_key *k = NULL;
	cs_error err = {0};
	if (!cs_key_load_private(&k, pem, len, pw, pw ? strlen(pw) : 0, &err))
		fail_msg("%s: %s", path, err.message);
	free(pem);
	return k;
}

static cs_key *load_pub_file(const char *path)
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

/* The private key's public PEM equals the .pub file next to it. */
static void assert_pub_matches(const cs_key *k, const char *pubpath)
{
	char *want = slurp(pubpath, NULL);
	cs_buf pem;
	cs_buf_init(&pem, 0);
	cs_error err = {0};
	assert_true(cs_key_public_pem(k, &pem, &err));
	assert_string_equal(pem.data, want);
	cs_buf_free(&pem);
	free(want);
}

/* Expect loading to fail with a message containing `want`. */
static void assert_private_refused(const char *pem, size_t len, const char *pw,
				   const char *want)
{
	cs_key *k = NULL;
	cs_error err = {0};
	bool ok = cs_key_load_private(&k, pem, len, pw, pw ? strlen(pw) : 0,
				      &err);
	if (ok)
		fail_msg("accepted a key that must be refused (%s)", want);
	assert_null(k);
	if (!strstr(err.message, want))
		fail_msg("message '%s' lacks '%s'", err.message, want);
}

static void assert_public_refused(const char *pem, const char *want)
{
	cs_key *k = NULL;
	cs_error err = {0};
	if (cs_key_load_public(&k, pem, strlen(pem), &err))
		fail_msg("accepted a public key that must be refused (%s)",
			 want);
	assert_null(k);
	if (!strstr(err.message, want))
		fail_msg("message '%s' lacks '%s'", err.message, want);
}

/* ---- building envelopes independently ---------------------------------- */

typedef struct env_spec {
	const char *label;
	const char *kdf, *cipher;
	long long n_used, n, r, p; /* n_used: the N really used */
	size_t nonce_len;
	size_t cut;		 /* bytes cut off the ciphertext */
	const char *ct_override; /* ciphertext text instead */
	const char *pw;
	bool sec1; /* SEC1 DER inside instead of PKCS#8 */
} env_spec;

static const env_spec default_spec = {"ENCRYPTED SIGSTORE PRIVATE KEY",
				      "scrypt",
				      "nacl/secretbox",
				      32768,
				      32768,
				      8,
				      1,
				      24,
				      0,
				      NULL,
				      "pw",
				      false};

/* DER of the private key in pkcs8.pem (or sec1.pem). */
static unsigned char *key_der(bool sec1, size_t *len)
{
	/* decode the PEM ourselves: base64 between the markers */
	size_t plen;
	char *pem = slurp(sec1 ? KEYS "sec1.pem" : KEYS "pkcs8.pem", &plen);
	char *b = strchr(pem, '\n') + 1;
	char *e = strstr(b, "-----END");
	cs_buf der;
	cs_buf_init(&der, 0);
	assert_true(cs_b64_decode(&der, b, (size_t)(e - b)));
	free(pem);
	return (unsigned char *)cs_buf_detach(&der, len);
}

static void pem_wrap(cs_buf *out, const char *label, const char *body,
		     size_t len)
{
	cs_buf b64;
	cs_buf_init(&b64, 0);
	assert_true(cs_b64_encode(&b64, body, len));
	cs_buf_printf(out, "-----BEGIN %s-----\n", label);
	for (size_t i = 0; i < b64.len; i += 64) {
		cs_buf_add(out, b64.data + i,
			   b64.len - i < 64 ? b64.len - i : 64);
		cs_buf_addc(out, '\n');
	}
	cs_buf_printf(out, "-----END %s-----\n", label);
	cs_buf_free(&b64);
}

static char *build_envelope(const env_spec *s, size_t *len)
{
	assert_true(sodium_init() >= 0);
	size_t dlen;
	unsigned char *der = key_der(s->sec1, &dlen);
	unsigned char salt[32], nonce[24], key[32];
	randombytes_buf(salt, sizeof(salt));
	randombytes_buf(nonce, sizeof(nonce));
	assert_int_equal(crypto_pwhash_scryptsalsa208sha256_ll(
				 (const uint8_t *)s->pw, strlen(s->pw), salt,
				 sizeof(salt), (uint64_t)s->n_used, 8, 1, key,
				 sizeof(key)),
			 0);
	size_t ctlen = dlen + crypto_secretbox_MACBYTES;
	unsigned char *ct = malloc(ctlen);
	crypto_secretbox_easy(ct, der, dlen, nonce, key);
	cs_buf js;
	cs_buf_init(&js, 0);
	cs_buf_printf(&js,
		      "{\"kdf\":{\"name\":\"%s\",\"params\":{\"N\":%lld,"
		      "\"r\":%lld,\"p\":%lld},\"salt\":\"",
		      s->kdf, s->n, s->r, s->p);
	cs_b64_encode(&js, salt, sizeof(salt));
	cs_buf_printf(&js, "\"},\"cipher\":{\"name\":\"%s\",\"nonce\":\"",
		      s->cipher);
	cs_b64_encode(&js, nonce, s->nonce_len);
	cs_buf_adds(&js, "\"},\"ciphertext\":\"");
	if (s->ct_override)
		cs_buf_adds(&js, s->ct_override);
	else
		cs_b64_encode(&js, ct, ctlen - s->cut);
	cs_buf_adds(&js, "\"}");
	cs_buf out;
	cs_buf_init(&out, 0);
	pem_wrap(&out, s->label, js.data, js.len);
	cs_buf_free(&js);
	free(ct);
	free(der);
	return cs_buf_detach(&out, len);
}

/* ---- the envelope ------------------------------------------------------- */

static void test_generate_encrypt_load_round_trip(void **st)
{
	cs_key *k = NULL;
	cs_error err = {0};
	assert_true(cs_key_generate(&k, &err));
	assert_int_equal(cs_key_algorithm(k), CS_KEY_ECDSA_P256);
	assert_string_equal(cs_key_describe(k), "ECDSA P-256");
	assert_true(cs_key_is_private(k));
	cs_buf pem;
	cs_buf_init(&pem, 0);
	assert_true(cs_key_encrypt(k, "s3cret", 6, &pem, &err));
	assert_true(strncmp(pem.data,
			    "-----BEGIN ENCRYPTED SIGSTORE PRIVATE KEY-----\n",
			    47) == 0);
	assert_true(cs_key_pem_encrypted(pem.data, pem.len));
	/* Go's pem.Encode: 64-column lines */
	const char *line = strchr(pem.data, '\n') + 1;
	assert_int_equal(strchr(line, '\n') - line, 64);
	/* the JSON as cosign writes it */
	const char *b = line, *e = strstr(b, "-----END");
	cs_buf js;
	cs_buf_init(&js, 0);
	assert_true(cs_b64_decode(&js, b, (size_t)(e - b)));
	assert_true(strncmp(js.data,
			    "{\"kdf\":{\"name\":\"scrypt\",\"params\":{\"N\":"
			    "65536,\"r\":8,\"p\":1},\"salt\":\"",
			    55) == 0);
	assert_non_null(strstr(js.data, "\"},\"cipher\":{\"name\":\"nacl/"
					"secretbox\",\"nonce\":\""));
	cs_buf_free(&js);

	cs_key *back = NULL;
	assert_true(cs_key_load_private(&back, pem.data, pem.len, "s3cret", 6,
					&err));
	cs_buf d1, d2;
	cs_buf_init(&d1, 0);
	cs_buf_init(&d2, 0);
	assert_true(cs_key_public_der(k, &d1, &err));
	assert_true(cs_key_public_der(back, &d2, &err));
	assert_int_equal(d1.len, 91);
	assert_memory_equal(d1.data, d2.data, d1.len);
	/* the loaded key signs what the original verifies */
	cs_buf sig;
	cs_buf_init(&sig, 0);
	assert_true(cs_key_sign(back, "m", 1, &sig, &err));
	assert_true(cs_key_verify(k, "m", 1, (unsigned char *)sig.data, sig.len,
				  &err));
	/* wrong password */
	assert_private_refused(pem.data, pem.len, "s3cre",
			       "wrong password, or the key file is corrupt");
	assert_private_refused(pem.data, pem.len, "",
			       "wrong password, or the key file is corrupt");
	cs_buf_free(&sig);
	cs_buf_free(&d1);
	cs_buf_free(&d2);
	cs_buf_free(&pem);
	cs_key_free(k);
	cs_key_free(back);
}

static void test_empty_password(void **st)
{
	cs_key *k = load_priv_file(KEYS "cosign-empty.key", "");
	assert_pub_matches(k, KEYS "cosign-empty.pub");
	cs_key_free(k);
	size_t len;
	char *pem = slurp(KEYS "cosign-empty.key", &len);
	assert_private_refused(pem, len, "x", "wrong password");
	/* NULL is the empty password too */
	cs_error err = {0};
	assert_true(cs_key_load_private(&k, pem, len, NULL, 0, &err));
	cs_key_free(k);
	free(pem);
	/* and one we encrypt */
	assert_true(cs_key_generate(&k, &err));
	cs_buf out;
	cs_buf_init(&out, 0);
	assert_true(cs_key_encrypt(k, "", 0, &out, &err));
	cs_key *back = NULL;
	assert_true(cs_key_load_private(&back, out.data, out.len, "", 0, &err));
	cs_key_free(back);
	cs_key_free(k);
	cs_buf_free(&out);
}

static void test_reference_keys(void **st)
{
	cs_key *k = load_priv_file(KEYS "cosign.key", "customs-test");
	assert_pub_matches(k, KEYS "cosign.pub");
	cs_key_free(k);
	/* legacy label, N=32768 */
	k = load_priv_file(KEYS "cosign-legacy.key", "customs-test");
	assert_pub_matches(k, KEYS "cosign-legacy.pub");
	cs_key_free(k);
	k = load_priv_file(KEYS "cosign-p384.key", "customs-test");
	assert_int_equal(cs_key_algorithm(k), CS_KEY_ECDSA_P384);
	assert_pub_matches(k, KEYS "cosign-p384.pub");
	cs_key_free(k);
}

static void test_accepted_scrypt_params(void **st)
{
	long long ns[] = {32768, 65536, 131072};
	for (size_t i = 0; i < 3; i++) {
		env_spec s = default_spec;
		s.n = s.n_used = ns[i];
		size_t len;
		char *pem = build_envelope(&s, &len);
		cs_key *k = load_priv_file_text(pem, len, "pw");
		assert_pub_matches(k, KEYS "pkcs8.pub");
		cs_key_free(k);
		free(pem);
	}
	env_spec s = default_spec;
	s.label = "ENCRYPTED COSIGN PRIVATE KEY";
	size_t len;
	char *pem = build_envelope(&s, &len);
	cs_key *k = load_priv_file_text(pem, len, "pw");
	cs_key_free(k);
	free(pem);
}

/* Each hostile or broken envelope is refused, with its own message; the
 * refused parameters are refused before scrypt runs (N=2^20 would take
 * a gigabyte and seconds: this test would notice neither, test-blob.sh
 * checks the command stays fast). */
static void test_refused_envelopes(void **st)
{
	struct {
		env_spec s;
		const char *want;
	} cases[] = {
		{{.n = 1 << 20},
		 "scrypt parameters N=1048576 r=8 p=1 are "
		 "refused"},
		{{.r = 16}, "N=32768 r=16 p=1 are refused"},
		{{.p = 2}, "N=32768 r=8 p=2 are refused"},
		{{.n = -1}, "N=0 r=8 p=1 are refused"},
		{{.kdf = "pbkdf2"},
		 "the key file's kdf is 'pbkdf2'; only "
		 "scrypt is supported"},
		{{.cipher = "aes-256-gcm"},
		 "the key file's cipher is 'aes-256-gcm'; only nacl/secretbox "
		 "is supported"},
		{{.nonce_len = 23}, "cipher.nonce must be 24 bytes, not 23"},
		{{.cut = 5}, "wrong password, or the key file is corrupt"},
		{{.ct_override = "AAAA"}, "ciphertext must be 17 to"},
		{{.ct_override = "not base64!"},
		 "the key file's ciphertext is not valid base64"},
		{{.sec1 = true},
		 "the encrypted key holds a SEC1 (EC PRIVATE KEY) key, not "
		 "PKCS#8 as cosign requires"},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		env_spec s = default_spec;
		const env_spec *c = &cases[i].s;
		if (c->n)
			s.n = c->n == -1 ? 0 : c->n;
		if (c->r)
			s.r = c->r;
		if (c->p)
			s.p = c->p;
		if (c->kdf)
			s.kdf = c->kdf;
		if (c->cipher)
			s.cipher = c->cipher;
		if (c->nonce_len)
			s.nonce_len = c->nonce_len;
		s.cut = c->cut;
		s.ct_override = c->ct_override;
		s.sec1 = c->sec1;
		size_t len;
		char *pem = build_envelope(&s, &len);
		assert_private_refused(pem, len, "pw", cases[i].want);
		free(pem);
	}
}

static void test_refused_envelope_text(void **st)
{
	cs_buf pem;
	cs_buf_init(&pem, 0);
	/* JSON garbage inside a well-formed PEM */
	const char *js = "{\"kdf\":{\"name\":\"scrypt\",";
	pem_wrap(&pem, "ENCRYPTED SIGSTORE PRIVATE KEY", js, strlen(js));
	assert_private_refused(pem.data, pem.len, "pw",
			       "the encrypted key is not valid JSON");
	cs_buf_reset(&pem);
	js = "[1,2,3]";
	pem_wrap(&pem, "ENCRYPTED SIGSTORE PRIVATE KEY", js, strlen(js));
	assert_private_refused(pem.data, pem.len, "pw", "lacks kdf");
	cs_buf_reset(&pem);
	js = "{\"kdf\":{\"name\":\"scrypt\",\"params\":{\"N\":\"65536\","
	     "\"r\":8,\"p\":1},\"salt\":\"AA==\"},\"cipher\":{\"name\":"
	     "\"nacl/secretbox\",\"nonce\":\"AA==\"},\"ciphertext\":\"AA==\"}";
	pem_wrap(&pem, "ENCRYPTED SIGSTORE PRIVATE KEY", js, strlen(js));
	assert_private_refused(pem.data, pem.len, "pw",
			       "scrypt parameter N is missing or not an "
			       "integer");
	cs_buf_reset(&pem);
	/* duplicate members are refused, not resolved either way */
	js = "{\"kdf\":{\"name\":\"scrypt\",\"name\":\"x\"}}";
	pem_wrap(&pem, "ENCRYPTED SIGSTORE PRIVATE KEY", js, strlen(js));
	assert_private_refused(pem.data, pem.len, "pw", "not valid JSON");
	cs_buf_free(&pem);

	/* PEM garbage */
	const char *bad[][2] = {
		{"", "no PEM block"},
		{"hello", "no PEM block"},
		{"-----BEGIN ENCRYPTED SIGSTORE PRIVATE KEY-----\nAAAA\n",
		 "has no END line"},
		{"-----BEGIN ENCRYPTED SIGSTORE PRIVATE KEY-----\n@@@@\n"
		 "-----END ENCRYPTED SIGSTORE PRIVATE KEY-----\n",
		 "is not valid base64"},
		{"-----BEGIN ENCRYPTED SIGSTORE PRIVATE KEY-----\n"
		 "-----END ENCRYPTED SIGSTORE PRIVATE KEY-----\n",
		 "is empty"},
		{"-----BEGIN CERTIFICATE-----\nAAAA\n-----END "
		 "CERTIFICATE-----\n",
		 "a PEM CERTIFICATE is not a private key"},
		{"-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n"
		 "-----END ENCRYPTED PRIVATE KEY-----\n",
		 "OpenSSL-encrypted PKCS#8 key is not supported"},
		{"-----BEGIN EC PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\n\n"
		 "AAAA\n-----END EC PRIVATE KEY-----\n",
		 "has headers"},
		{"-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE "
		 "KEY-----\n",
		 "the PRIVATE KEY is not a valid key"},
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_private_refused(bad[i][0], strlen(bad[i][0]), "pw",
				       bad[i][1]);
	/* an oversized file is refused before it is looked at */
	size_t big = CS_KEY_MAX_PEM + 1;
	char *huge = calloc(1, big);
	memset(huge, 'A', big);
	assert_private_refused(huge, big, "pw", "larger than");
	free(huge);
	/* the committed negative vectors */
	size_t len;
	char *pem2 = slurp(KEYS "bad-sec1-in-box.key", &len);
	assert_private_refused(pem2, len, "customs-test", "SEC1");
	free(pem2);
	pem2 = slurp(KEYS "bad-n1048576.key", &len);
	assert_private_refused(pem2, len, "customs-test", "N=1048576");
	free(pem2);
}

/* ---- plain keys and public keys ---------------------------------------- */

static void test_plain_private_keys(void **st)
{
	struct {
		const char *pem, *pub;
		cs_key_alg alg;
		const char *desc, *hash;
	} cases[] = {
		{KEYS "pkcs8.pem", KEYS "pkcs8.pub", CS_KEY_ECDSA_P256,
		 "ECDSA P-256", "sha256"},
		{KEYS "sec1.pem", KEYS "sec1.pub", CS_KEY_ECDSA_P256,
		 "ECDSA P-256", "sha256"},
		{KEYS "rsa.pem", KEYS "rsa.pub", CS_KEY_RSA, "RSA 2048",
		 "sha256"},
		{KEYS "p384.pem", KEYS "p384.pub", CS_KEY_ECDSA_P384,
		 "ECDSA P-384", "sha384"},
		{KEYS "p521.pem", KEYS "p521.pub", CS_KEY_ECDSA_P521,
		 "ECDSA P-521", "sha512"},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *text = slurp(cases[i].pem, NULL);
		assert_false(cs_key_pem_encrypted(text, strlen(text)));
		free(text);
		cs_key *k = load_priv_file(cases[i].pem, NULL);
		assert_int_equal(cs_key_algorithm(k), cases[i].alg);
		assert_string_equal(cs_key_describe(k), cases[i].desc);
		assert_string_equal(cs_key_hash(k), cases[i].hash);
		assert_pub_matches(k, cases[i].pub);
		/* a signature by the private key verifies with the .pub */
		cs_key *pub = load_pub_file(cases[i].pub);
		assert_false(cs_key_is_private(pub));
		assert_string_equal(cs_key_hash(pub), cases[i].hash);
		cs_buf sig;
		cs_buf_init(&sig, 0);
		cs_error err = {0};
		assert_true(cs_key_sign(k, "blob", 4, &sig, &err));
		assert_true(cs_key_verify(pub, "blob", 4,
					  (unsigned char *)sig.data, sig.len,
					  &err));
		assert_false(cs_key_verify(pub, "blob!", 5,
					   (unsigned char *)sig.data, sig.len,
					   &err));
		/* the same with the hash made by OpenSSL directly */
		unsigned char dg[64];
		unsigned int dglen = 0;
		assert_true(EVP_Digest("blob", 4, dg, &dglen,
				       EVP_get_digestbyname(cases[i].hash),
				       NULL));
		assert_int_equal(dglen, cs_key_hash_len(k));
		assert_true(cs_key_verify_digest(pub, dg, dglen,
						 (unsigned char *)sig.data,
						 sig.len, &err));
		/* a digest of another length is refused */
		assert_false(cs_key_verify_digest(pub, dg, dglen - 1,
						  (unsigned char *)sig.data,
						  sig.len, &err));
		/* the private key can be written in cosign's format */
		cs_buf enc;
		cs_buf_init(&enc, 0);
		assert_true(cs_key_encrypt(k, "pw", 2, &enc, &err));
		cs_key *back = load_priv_file_text(enc.data, enc.len, "pw");
		assert_pub_matches(back, cases[i].pub);
		cs_key_free(back);
		cs_buf_free(&enc);
		cs_buf_free(&sig);
		cs_key_free(pub);
		cs_key_free(k);
	}
}

static void test_inconsistent_private_key(void **st)
{
	/* rsa.pem with its private exponent changed (two base64 digits
	 * swapped): it parses, but would sign what its public key never
	 * verifies */
	size_t len;
	char *pem = slurp(KEYS "rsa.pem", &len);
	char *at = strstr(pem, "tTuhl3");
	assert_non_null(at);
	memcpy(at, "Tltuh3", 6);
	assert_private_refused(pem, len, NULL,
			       "the private key is inconsistent");
	free(pem);
}

static void test_refused_key_types(void **st)
{
	struct {
		const char *file, *want;
	} cases[] = {
		{KEYS "bad-ed25519", "Ed25519 keys are not supported"},
		{KEYS "bad-rsa1024",
		 "an RSA key of 1024 bits is not supported"},
		{KEYS "bad-p224", "the EC curve secp224r1 is not supported"},
		{KEYS "bad-explicit", "spells out its curve parameters"},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char path[128];
		size_t len;
		snprintf(path, sizeof(path), "%s.pem", cases[i].file);
		char *pem = slurp(path, &len);
		assert_private_refused(pem, len, NULL, cases[i].want);
		free(pem);
		snprintf(path, sizeof(path), "%s.pub", cases[i].file);
		pem = slurp(path, &len);
		assert_public_refused(pem, cases[i].want);
		free(pem);
	}
}

static void test_public_keys(void **st)
{
	/* the conformance vector's key: P-256, and its hint is the one its
	 * bundle carries */
	cs_key *k = load_pub_file(VEC "managed-key-happy-path/key.pub");
	assert_int_equal(cs_key_algorithm(k), CS_KEY_ECDSA_P256);
	char hint[45];
	cs_error err = {0};
	assert_true(cs_key_hint(k, hint, &err));
	char *bundle =
		slurp(VEC "managed-key-happy-path/bundle.sigstore.json", NULL);
	char want[80];
	snprintf(want, sizeof(want), "\"hint\":\"%s\"", hint);
	assert_non_null(strstr(bundle, want));
	assert_string_equal(hint,
			    "TLMsSDfG3ajPsWge+z/vX5T/zluXnmvbkTkwLIV68Tk=");
	free(bundle);
	/* a public key cannot sign or be written as a private key */
	cs_buf out;
	cs_buf_init(&out, 0);
	assert_false(cs_key_sign(k, "x", 1, &out, &err));
	assert_false(cs_key_encrypt(k, "pw", 2, &out, &err));
	cs_buf_free(&out);
	cs_key_free(k);

	/* the deliberately corrupted vector */
	char *pem = slurp(VEC "managed-key-wrong-key_fail/key.pub", NULL);
	assert_public_refused(pem, "PUBLIC KEY");
	free(pem);

	/* a point not on the curve: flip the last byte of a valid key */
	cs_key *good = load_pub_file(KEYS "pkcs8.pub");
	cs_buf der, bad;
	cs_buf_init(&der, 0);
	cs_buf_init(&bad, 0);
	assert_true(cs_key_public_der(good, &der, &err));
	der.data[der.len - 1] ^= 1;
	pem_wrap(&bad, "PUBLIC KEY", der.data, der.len);
	assert_public_refused(bad.data, "not a valid key");
	/* trailing bytes after the DER */
	der.data[der.len - 1] ^= 1;
	cs_buf_addc(&der, 0);
	cs_buf_reset(&bad);
	pem_wrap(&bad, "PUBLIC KEY", der.data, der.len);
	assert_public_refused(bad.data, "not a valid key");
	cs_buf_free(&der);
	cs_buf_free(&bad);
	cs_key_free(good);

	assert_public_refused("-----BEGIN CERTIFICATE-----\nAAAA\n"
			      "-----END CERTIFICATE-----\n",
			      "openssl x509 -pubkey -noout");
	pem = slurp(KEYS "pkcs8.pem", NULL);
	assert_public_refused(pem, "this is a private key");
	free(pem);
	assert_public_refused("nothing here", "no PEM block");
}

/* ---- signatures ------------------------------------------------------------
 */

static void test_signature_checks(void **st)
{
	cs_key *k = load_priv_file(KEYS "cosign.key", "customs-test");
	cs_key *pub = load_pub_file(KEYS "cosign.pub");
	cs_key *other = load_pub_file(KEYS "pkcs8.pub");
	const char *msg = "the blob";
	size_t mlen = strlen(msg);
	cs_buf sig;
	cs_buf_init(&sig, 0);
	cs_error err = {0};
	assert_true(cs_key_sign(k, msg, mlen, &sig, &err));
	unsigned char *s = (unsigned char *)sig.data;
	assert_int_equal(s[0], 0x30); /* DER SEQUENCE */
	assert_true(cs_key_verify(pub, msg, mlen, s, sig.len, &err));

	/* tampered message */
	assert_false(
		cs_key_verify(pub, "the blob.", mlen + 1, s, sig.len, &err));
	assert_string_equal(err.message, "the signature does not match");
	/* tampered signature: every byte in turn */
	for (size_t i = 0; i < sig.len; i++) {
		s[i] ^= 0x01;
		assert_false(cs_key_verify(pub, msg, mlen, s, sig.len, &err));
		s[i] ^= 0x01;
	}
	/* truncated */
	for (size_t n = 0; n < sig.len; n++)
		assert_false(cs_key_verify(pub, msg, mlen, s, n, &err));
	/* wrong key */
	assert_false(cs_key_verify(other, msg, mlen, s, sig.len, &err));
	assert_string_equal(err.message, "the signature does not match");
	/* trailing garbage after the DER */
	cs_buf longer;
	cs_buf_init(&longer, 0);
	cs_buf_add(&longer, sig.data, sig.len);
	cs_buf_addc(&longer, 0);
	assert_false(cs_key_verify(pub, msg, mlen, (unsigned char *)longer.data,
				   longer.len, &err));
	assert_string_equal(err.message, "the signature is not DER or r||s");
	cs_buf_free(&longer);
	/* empty and oversized */
	assert_false(cs_key_verify(pub, msg, mlen, s, 0, &err));
	assert_string_equal(err.message, "the signature is empty");
	unsigned char huge[CS_KEY_MAX_SIG + 1] = {0};
	assert_false(cs_key_verify(pub, msg, mlen, huge, sizeof(huge), &err));

	/* r||s of the same signature is accepted, and means the same */
	const unsigned char *p = s;
	ECDSA_SIG *es = d2i_ECDSA_SIG(NULL, &p, (long)sig.len);
	assert_non_null(es);
	unsigned char raw[64];
	assert_int_equal(BN_bn2binpad(ECDSA_SIG_get0_r(es), raw, 32), 32);
	assert_int_equal(BN_bn2binpad(ECDSA_SIG_get0_s(es), raw + 32, 32), 32);
	ECDSA_SIG_free(es);
	assert_true(cs_key_verify(pub, msg, mlen, raw, 64, &err));
	assert_false(cs_key_verify(pub, "x", 1, raw, 64, &err));
	raw[63] ^= 1;
	assert_false(cs_key_verify(pub, msg, mlen, raw, 64, &err));
	raw[63] ^= 1;
	/* r||s of the wrong length, and all zeros */
	assert_false(cs_key_verify(pub, msg, mlen, raw, 63, &err));
	memset(raw, 0, sizeof(raw));
	assert_false(cs_key_verify(pub, msg, mlen, raw, 64, &err));

	/* signing a digest made elsewhere gives a signature over the message */
	unsigned char dg[32];
	SHA256((const unsigned char *)msg, mlen, dg);
	cs_buf s2;
	cs_buf_init(&s2, 0);
	assert_true(cs_key_sign_digest(k, dg, 32, &s2, &err));
	assert_true(cs_key_verify(pub, msg, mlen, (unsigned char *)s2.data,
				  s2.len, &err));
	assert_false(cs_key_sign_digest(k, dg, 31, &s2, &err));
	cs_buf_free(&s2);

	/* RSA: a signature of the wrong size is refused */
	cs_key *rsa = load_pub_file(KEYS "rsa.pub");
	assert_false(cs_key_verify(rsa, msg, mlen, s, sig.len, &err));
	assert_non_null(strstr(err.message, "an RSA 2048 signature is 256"));
	cs_key_free(rsa);

	cs_buf_free(&sig);
	cs_key_free(k);
	cs_key_free(pub);
	cs_key_free(other);
}

static void test_hash_fd(void **st)
{
	int fd = open(VEC "a.txt", O_RDONLY);
	assert_true(fd >= 0);
	unsigned char dg[CS_KEY_MAX_DIGEST];
	size_t len = 0;
	cs_error err = {0};
	assert_true(cs_hash_fd(fd, "sha256", dg, &len, &err));
	close(fd);
	assert_int_equal(len, 32);
	static const unsigned char want[32] = {
		0xa0, 0xcf, 0xc7, 0x12, 0x71, 0xd6, 0xe2, 0x78,
		0xe5, 0x7c, 0xd3, 0x32, 0xff, 0x95, 0x7c, 0x3f,
		0x70, 0x43, 0xfd, 0xda, 0x35, 0x4c, 0x4c, 0xbb,
		0x19, 0x0a, 0x30, 0xd5, 0x6e, 0xfa, 0x01, 0xbf};
	assert_memory_equal(dg, want, 32);
	fd = open(VEC "a.txt", O_RDONLY);
	assert_true(cs_hash_fd(fd, "sha512", dg, &len, &err));
	assert_int_equal(len, 64);
	close(fd);
	assert_false(cs_hash_fd(-1, "sha256", dg, &len, &err));
	assert_int_equal(err.code, CS_ERR_IO);
	assert_false(cs_hash_fd(0, "nosuchhash", dg, &len, &err));
}

/* ---- base64 ----------------------------------------------------------------
 */

static void expect_b64(const char *in, const char *want, size_t wlen)
{
	cs_buf out;
	cs_buf_init(&out, 0);
	if (!cs_b64_decode(&out, in, strlen(in)))
		fail_msg("'%s' refused", in);
	assert_int_equal(out.len, wlen);
	assert_memory_equal(out.data, want, wlen);
	cs_buf_free(&out);
}

static void test_b64(void **st)
{
	cs_buf out;
	cs_buf_init(&out, 0);
	assert_true(cs_b64_encode(&out, "\xfb\xff", 2));
	assert_string_equal(out.data, "+/8=");
	cs_buf_reset(&out);
	assert_true(cs_b64_encode(&out, "", 0));
	assert_string_equal(out.data ? out.data : "", "");
	cs_buf_free(&out);

	expect_b64("+/8=", "\xfb\xff", 2);
	expect_b64("+/8", "\xfb\xff", 2);
	expect_b64("-_8=", "\xfb\xff", 2);
	expect_b64("-_8", "\xfb\xff", 2);
	expect_b64("aGVs\nbG8=\n", "hello", 5);
	expect_b64(" aGVsbG8 \r\n", "hello", 5);
	expect_b64("", "", 0);
	const char *bad[] = {"+_8=",	  "aGVsbG8*", "a",	 "aGVsbG9=",
			     "aGVsbG8==", "=aGVs",    "aGVs=bG8"};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		cs_buf_init(&out, 0);
		if (cs_b64_decode(&out, bad[i], strlen(bad[i])))
			fail_msg("'%s' accepted", bad[i]);
		cs_buf_free(&out);
	}
	/* bytes above 0x7f are not digits (libsodium 1.0.18 alone would
	 * take "UrRO\x9b\xb5m3" as six bytes) */
	cs_buf_init(&out, 0);
	assert_false(cs_b64_decode(&out, "UrRO\x9b\xb5m3", 8));
	cs_buf_free(&out);
	/* an embedded NUL is not whitespace */
	cs_buf_init(&out, 0);
	assert_false(cs_b64_decode(&out, "aGVs\0bG8=", 9));
	cs_buf_free(&out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_generate_encrypt_load_round_trip),
		cmocka_unit_test(test_empty_password),
		cmocka_unit_test(test_reference_keys),
		cmocka_unit_test(test_accepted_scrypt_params),
		cmocka_unit_test(test_refused_envelopes),
		cmocka_unit_test(test_refused_envelope_text),
		cmocka_unit_test(test_plain_private_keys),
		cmocka_unit_test(test_inconsistent_private_key),
		cmocka_unit_test(test_refused_key_types),
		cmocka_unit_test(test_public_keys),
		cmocka_unit_test(test_signature_checks),
		cmocka_unit_test(test_hash_fd),
		cmocka_unit_test(test_b64),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * keys.c - cosign-compatible signing keys; see keys.h for the formats.
 *
 * OpenSSL holds the key (EVP_PKEY) and does every signature; libsodium
 * does cosign's private-key envelope (scrypt, then NaCl secretbox), so no
 * primitive is written here.  What is written here is the checking around
 * them, because key files come from anywhere:
 *   - PEM is parsed by hand (bounded, one block, known labels) so that a
 *     certificate, an OpenSSL-encrypted key or an Ed25519 key gets an
 *     error that says what to do, not an OpenSSL error queue;
 *   - every DER decode must consume its input exactly;
 *   - the envelope's scrypt parameters are checked against cosign's three
 *     accepted sets before any derivation (N=2^30 would cost 1 TiB);
 *   - the decrypted plaintext must be PKCS#8, as cosign requires.
 * Secrets (derived key, plaintext DER) live in memory we own and are wiped
 * with sodium_memzero before it is released.
 */
#include "keys.h"

#include <errno.h>
#include <jansson.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/x509.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "b64.h"

#define LABEL_SIGSTORE "ENCRYPTED SIGSTORE PRIVATE KEY"
#define LABEL_COSIGN "ENCRYPTED COSIGN PRIVATE KEY"
#define SCRYPT_R 8
#define SCRYPT_P 1
#define SCRYPT_N_WRITE 65536ull
#define SALT_LEN 32
#define SALT_MAX 64
#define NONCE_LEN crypto_secretbox_NONCEBYTES
#define BOX_KEY_LEN crypto_secretbox_KEYBYTES
/* The largest PKCS#8 key we could hold (RSA 4096 is about 2.4 KiB). */
#define PLAIN_MAX (16u << 10)

struct cs_key {
	EVP_PKEY *pkey;
	cs_key_alg alg;
	bool priv;
	int bits;
	char desc[24];
};

static const cs_mark nomark = {0, 0};

/* OpenSSL's thread error queue is emptied too: the reason is in err, and
 * a long-running process (serve) must not accumulate stale entries. */
#define FAIL(code, ...)                                                        \
	do {                                                                   \
		ERR_clear_error();                                             \
		cs_error_set(err, (code), nomark, NULL, __VA_ARGS__);          \
		return false;                                                  \
	} while (0)

static bool nomem(cs_error *err)
{
	cs_error_set(err, CS_ERR_NOMEM, nomark, NULL, "out of memory");
	return false;
}

/* libsodium must be initialised once before scrypt, secretbox or
 * randombytes; sodium_init is idempotent and thread-safe. */
static bool sodium_ready(cs_error *err)
{
	if (sodium_init() < 0) {
		cs_error_set(err, CS_ERR_INTERNAL, nomark, NULL,
			     "libsodium could not be initialised");
		return false;
	}
	return true;
}

/* ---- the key object ---------------------------------------------------- */

/* Classify pkey into a cs_key (taking ownership of pkey on success),
 * refusing what sigstore does not sign with. */
static bool key_wrap(cs_key **out, EVP_PKEY *pkey, bool priv, cs_error *err)
{
	cs_key_alg alg;
	int bits = EVP_PKEY_get_bits(pkey);
	char desc[24];
	switch (EVP_PKEY_get_base_id(pkey)) {
	case EVP_PKEY_EC: {
		char group[64] = "";
		size_t glen = 0;
		if (!EVP_PKEY_get_utf8_string_param(
			    pkey, OSSL_PKEY_PARAM_GROUP_NAME, group,
			    sizeof(group), &glen))
			FAIL(CS_ERR_PARSE,
			     "the EC key does not use a named curve "
			     "(explicit curve parameters are not supported)");
		/* Go (cosign) reads named curves only; a key spelled with
		 * explicit parameters would also give another SPKI and hint */
		char enc[32] = "";
		if (EVP_PKEY_get_utf8_string_param(
			    pkey, OSSL_PKEY_PARAM_EC_ENCODING, enc,
			    sizeof(enc), NULL) &&
		    strcmp(enc, OSSL_PKEY_EC_ENCODING_EXPLICIT) == 0)
			FAIL(CS_ERR_PARSE,
			     "the EC key spells out its curve parameters "
			     "instead of naming the curve; cosign cannot read "
			     "it (convert it with `openssl pkey -in KEY "
			     "-ec_param_enc named_curve`)");
		if (strcmp(group, "prime256v1") == 0) {
			alg = CS_KEY_ECDSA_P256;
			snprintf(desc, sizeof(desc), "ECDSA P-256");
		} else if (strcmp(group, "secp384r1") == 0) {
			alg = CS_KEY_ECDSA_P384;
			snprintf(desc, sizeof(desc), "ECDSA P-384");
		} else if (strcmp(group, "secp521r1") == 0) {
			alg = CS_KEY_ECDSA_P521;
			snprintf(desc, sizeof(desc), "ECDSA P-521");
		} else {
			FAIL(CS_ERR_PARSE,
			     "the EC curve %s is not supported (P-256, P-384 "
			     "and P-521 are)",
			     group);
		}
		break;
	}
	case EVP_PKEY_RSA:
		if (bits < 2048 || bits > 4096)
			FAIL(CS_ERR_PARSE,
			     "an RSA key of %d bits is not supported (2048 to "
			     "4096 bits are)",
			     bits);
		alg = CS_KEY_RSA;
		snprintf(desc, sizeof(desc), "RSA %d", bits);
		break;
	case EVP_PKEY_ED25519:
		FAIL(CS_ERR_PARSE,
		     "Ed25519 keys are not supported (use ECDSA P-256, the "
		     "default of `customs key generate`, P-384, P-521 or RSA)");
	case EVP_PKEY_RSA_PSS:
		FAIL(CS_ERR_PARSE, "RSA-PSS keys are not supported (RSA "
				   "PKCS#1 v1.5 and ECDSA keys are)");
	default:
		FAIL(CS_ERR_PARSE,
		     "unsupported key type %s (ECDSA P-256, P-384, P-521 "
		     "and RSA are supported)",
		     OBJ_nid2sn(EVP_PKEY_get_base_id(pkey)));
	}
	/* An EC point off its curve or an RSA modulus that makes no sense
	 * is refused here rather than trusted to fail later; so is a
	 * private key whose halves do not belong together (it would make
	 * signatures that never verify). */
	EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_pkey(NULL, pkey, NULL);
	if (!ctx)
		return nomem(err);
	int checked = EVP_PKEY_public_check(ctx);
	int paired = priv && checked == 1 ? EVP_PKEY_pairwise_check(ctx) : 1;
	EVP_PKEY_CTX_free(ctx);
	if (checked != 1)
		FAIL(CS_ERR_PARSE, "the public key is invalid (%s)", desc);
	if (paired != 1)
		FAIL(CS_ERR_PARSE,
		     "the private key is inconsistent: its private and public "
		     "parts do not match (%s)",
		     desc);
	cs_key *k = calloc(1, sizeof(*k));
	if (!k)
		return nomem(err);
	k->pkey = pkey;
	k->alg = alg;
	k->priv = priv;
	k->bits = bits;
	memcpy(k->desc, desc, sizeof(desc));
	*out = k;
	return true;
}

void cs_key_free(cs_key *k)
{
	if (!k)
		return;
	EVP_PKEY_free(k->pkey); /* OpenSSL clears private key material */
	sodium_memzero(k, sizeof(*k));
	free(k);
}

bool cs_key_generate(cs_key **out, cs_error *err)
{
	*out = NULL;
	EVP_PKEY *pkey = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256");
	if (!pkey) {
		cs_error_set(err, CS_ERR_INTERNAL, nomark, NULL,
			     "could not generate a P-256 key");
		return false;
	}
	if (!key_wrap(out, pkey, true, err)) {
		EVP_PKEY_free(pkey);
		return false;
	}
	return true;
}

cs_key_alg cs_key_algorithm(const cs_key *k)
{
	return k->alg;
}

const char *cs_key_describe(const cs_key *k)
{
	return k->desc;
}

bool cs_key_is_private(const cs_key *k)
{
	return k->priv;
}

const char *cs_key_hash(const cs_key *k)
{
	switch (k->alg) {
	case CS_KEY_ECDSA_P384:
		return "sha384";
	case CS_KEY_ECDSA_P521:
		return "sha512";
	default:
		return "sha256";
	}
}

size_t cs_key_hash_len(const cs_key *k)
{
	switch (k->alg) {
	case CS_KEY_ECDSA_P384:
		return 48;
	case CS_KEY_ECDSA_P521:
		return 64;
	default:
		return 32;
	}
}

/* ---- PEM ----------------------------------------------------------------- */

typedef struct pem_block {
	char label[64];
	const char *body; /* between the BEGIN and END lines */
	size_t body_len;
} pem_block;

static const char *find_bytes(const char *hay, size_t hlen, const char *needle)
{
	return memmem(hay, hlen, needle, strlen(needle));
}

/* The first PEM block at or after p (a leading "EC PARAMETERS" block, as
 * `openssl ecparam -genkey` writes, is skipped). */
static bool pem_find(const char *pem, size_t len, pem_block *blk, cs_error *err)
{
	const char *p = pem, *end = pem + len;
	for (;;) {
		const char *b = find_bytes(p, (size_t)(end - p), "-----BEGIN ");
		if (!b)
			FAIL(CS_ERR_PARSE,
			     "no PEM block (-----BEGIN ...-----) found");
		const char *lab = b + 11;
		const char *le = find_bytes(lab, (size_t)(end - lab), "-----");
		if (!le || (size_t)(le - lab) >= sizeof(blk->label) ||
		    memchr(lab, '\n', (size_t)(le - lab)))
			FAIL(CS_ERR_PARSE, "malformed PEM BEGIN line");
		memcpy(blk->label, lab, (size_t)(le - lab));
		blk->label[le - lab] = '\0';
		char endline[96];
		snprintf(endline, sizeof(endline), "-----END %s-----",
			 blk->label);
		const char *body = le + 5;
		const char *e = find_bytes(body, (size_t)(end - body), endline);
		if (!e)
			FAIL(CS_ERR_PARSE, "the PEM block %s has no END line",
			     blk->label);
		if (strcmp(blk->label, "EC PARAMETERS") == 0) {
			p = e + strlen(endline);
			continue;
		}
		blk->body = body;
		blk->body_len = (size_t)(e - body);
		return true;
	}
}

/* The base64 body of a block, decoded; PEM headers (Proc-Type, as
 * OpenSSL's legacy encrypted keys have) are refused by name. */
static bool pem_body(const pem_block *blk, cs_buf *der, cs_error *err)
{
	if (memchr(blk->body, ':', blk->body_len))
		FAIL(CS_ERR_PARSE,
		     "the PEM block %s has headers (an OpenSSL-encrypted "
		     "key?); decrypt it first with `openssl pkey`",
		     blk->label);
	if (!cs_b64_decode(der, blk->body, blk->body_len)) {
		if (der->failed && der->max && der->len >= der->max)
			FAIL(CS_ERR_LIMIT, "the PEM block %s is too large",
			     blk->label);
		FAIL(CS_ERR_PARSE, "the PEM block %s is not valid base64",
		     blk->label);
	}
	if (der->len == 0)
		FAIL(CS_ERR_PARSE, "the PEM block %s is empty", blk->label);
	return true;
}

static bool pem_write(cs_buf *out, const char *label, const void *der,
		      size_t len)
{
	cs_buf b64;
	cs_buf_init(&b64, 0);
	bool ok = cs_b64_encode(&b64, der, len);
	cs_buf_printf(out, "-----BEGIN %s-----\n", label);
	for (size_t i = 0; ok && i < b64.len; i += 64) {
		size_t n = b64.len - i < 64 ? b64.len - i : 64;
		cs_buf_add(out, b64.data + i, n);
		cs_buf_addc(out, '\n');
	}
	cs_buf_printf(out, "-----END %s-----\n", label);
	cs_buf_free(&b64);
	return ok && !out->failed;
}

/* ---- DER ----------------------------------------------------------------- */

static bool pkcs8_decode(EVP_PKEY **out, const unsigned char *der, size_t len)
{
	const unsigned char *p = der;
	PKCS8_PRIV_KEY_INFO *info =
		d2i_PKCS8_PRIV_KEY_INFO(NULL, &p, (long)len);
	if (!info)
		return false;
	bool whole = p == der + len;
	*out = whole ? EVP_PKCS82PKEY(info) : NULL;
	PKCS8_PRIV_KEY_INFO_free(info);
	return *out != NULL;
}

static bool typed_decode(EVP_PKEY **out, int type, const unsigned char *der,
			 size_t len)
{
	const unsigned char *p = der;
	*out = d2i_PrivateKey(type, NULL, &p, (long)len);
	if (*out && p != der + len) {
		EVP_PKEY_free(*out);
		*out = NULL;
	}
	return *out != NULL;
}

static bool private_from_der(cs_key **out, const char *label,
			     const unsigned char *der, size_t len,
			     cs_error *err)
{
	EVP_PKEY *pkey = NULL;
	bool ok;
	if (strcmp(label, "PRIVATE KEY") == 0)
		ok = pkcs8_decode(&pkey, der, len);
	else if (strcmp(label, "EC PRIVATE KEY") == 0)
		ok = typed_decode(&pkey, EVP_PKEY_EC, der, len);
	else
		ok = typed_decode(&pkey, EVP_PKEY_RSA, der, len);
	if (!ok)
		FAIL(CS_ERR_PARSE, "the %s is not a valid key", label);
	if (!key_wrap(out, pkey, true, err)) {
		EVP_PKEY_free(pkey);
		return false;
	}
	return true;
}

/* ---- cosign's encrypted envelope --------------------------------------- */

static bool is_encrypted_label(const char *label)
{
	return strcmp(label, LABEL_SIGSTORE) == 0 ||
	       strcmp(label, LABEL_COSIGN) == 0;
}

bool cs_key_pem_encrypted(const char *pem, size_t len)
{
	if (!pem || len > CS_KEY_MAX_PEM)
		return false;
	pem_block blk;
	cs_error ignored;
	return pem_find(pem, len, &blk, &ignored) &&
	       is_encrypted_label(blk.label);
}

/* A base64 string member of obj, decoded into out with between min and
 * max bytes. */
static bool json_b64(const json_t *obj, const char *name, const char *where,
		     size_t min, size_t max, cs_buf *out, cs_error *err)
{
	const json_t *v = json_object_get(obj, name);
	if (!json_is_string(v))
		FAIL(CS_ERR_PARSE,
		     "the key file's %s%s is missing or not a "
		     "string",
		     where, name);
	if (!cs_b64_decode(out, json_string_value(v), json_string_length(v)))
		FAIL(CS_ERR_PARSE, "the key file's %s%s is not valid base64",
		     where, name);
	if (out->len < min || out->len > max) {
		if (min == max)
			FAIL(CS_ERR_PARSE,
			     "the key file's %s%s must be %zu bytes, not %zu",
			     where, name, min, out->len);
		FAIL(CS_ERR_PARSE,
		     "the key file's %s%s must be %zu to %zu bytes, not %zu",
		     where, name, min, max, out->len);
	}
	return true;
}

static bool json_name_is(const json_t *obj, const char *want, const char *what,
			 cs_error *err)
{
	const json_t *v = json_object_get(obj, "name");
	if (!json_is_string(v))
		FAIL(CS_ERR_PARSE, "the key file's %s has no name", what);
	if (strcmp(json_string_value(v), want) != 0 ||
	    json_string_length(v) != strlen(want))
		FAIL(CS_ERR_PARSE,
		     "the key file's %s is '%.64s'; only %s is supported", what,
		     json_string_value(v), want);
	return true;
}

/* A JSON integer parameter, which must be one of the values allowed. */
static bool scrypt_param(const json_t *params, const char *name,
			 json_int_t *out, cs_error *err)
{
	const json_t *v = json_object_get(params, name);
	if (!json_is_integer(v))
		FAIL(CS_ERR_PARSE,
		     "the key file's scrypt parameter %s is missing or not an "
		     "integer",
		     name);
	*out = json_integer_value(v);
	return true;
}

typedef struct envelope {
	cs_buf salt, nonce, ct;
	json_int_t n, r, p;
} envelope;

static void envelope_free(envelope *e)
{
	cs_buf_free(&e->salt);
	cs_buf_free(&e->nonce);
	cs_buf_free(&e->ct);
}

/* Parse and check the JSON envelope; nothing is derived here. */
static bool envelope_parse(envelope *e, const unsigned char *js, size_t len,
			   cs_error *err)
{
	json_error_t jerr;
	json_t *root = json_loadb((const char *)js, len, JSON_REJECT_DUPLICATES,
				  &jerr);
	if (!root)
		FAIL(CS_ERR_PARSE, "the encrypted key is not valid JSON (%s)",
		     jerr.text);
	bool ok = false;
	const json_t *kdf = json_object_get(root, "kdf");
	const json_t *cipher = json_object_get(root, "cipher");
	const json_t *params = json_object_get(kdf, "params");
	if (!json_is_object(root) || !json_is_object(kdf) ||
	    !json_is_object(cipher) || !json_is_object(params)) {
		cs_error_set(err, CS_ERR_PARSE, nomark, NULL,
			     "the encrypted key's JSON lacks kdf, kdf.params "
			     "or cipher");
		goto out;
	}
	if (!json_name_is(kdf, "scrypt", "kdf", err) ||
	    !json_name_is(cipher, "nacl/secretbox", "cipher", err) ||
	    !scrypt_param(params, "N", &e->n, err) ||
	    !scrypt_param(params, "r", &e->r, err) ||
	    !scrypt_param(params, "p", &e->p, err))
		goto out;
	if ((e->n != 32768 && e->n != 65536 && e->n != 131072) ||
	    e->r != SCRYPT_R || e->p != SCRYPT_P) {
		cs_error_set(err, CS_ERR_PARSE, nomark, NULL,
			     "the key file's scrypt parameters N=%lld r=%lld "
			     "p=%lld are refused (cosign's are N=32768, 65536 "
			     "or 131072 with r=8, p=1)",
			     (long long)e->n, (long long)e->r, (long long)e->p);
		goto out;
	}
	if (!json_b64(kdf, "salt", "kdf.", 1, SALT_MAX, &e->salt, err) ||
	    !json_b64(cipher, "nonce", "cipher.", NONCE_LEN, NONCE_LEN,
		      &e->nonce, err) ||
	    !json_b64(root, "ciphertext", "", crypto_secretbox_MACBYTES + 1,
		      PLAIN_MAX + crypto_secretbox_MACBYTES, &e->ct, err))
		goto out;
	ok = true;
out:
	json_decref(root);
	return ok;
}

/* What a non-PKCS#8 plaintext is, for the error message. */
static const char *plaintext_kind(const unsigned char *der, size_t len)
{
	EVP_PKEY *pkey = NULL;
	if (typed_decode(&pkey, EVP_PKEY_EC, der, len)) {
		EVP_PKEY_free(pkey);
		return "a SEC1 (EC PRIVATE KEY) key";
	}
	if (typed_decode(&pkey, EVP_PKEY_RSA, der, len)) {
		EVP_PKEY_free(pkey);
		return "a PKCS#1 (RSA PRIVATE KEY) key";
	}
	return "not a key";
}

static bool decrypt_envelope(cs_key **out, const unsigned char *js, size_t len,
			     const char *pw, size_t pwlen, cs_error *err)
{
	if (!sodium_ready(err))
		return false;
	envelope e = {0};
	cs_buf_init(&e.salt, 0);
	cs_buf_init(&e.nonce, 0);
	cs_buf_init(&e.ct, 0);
	if (!envelope_parse(&e, js, len, err)) {
		envelope_free(&e);
		return false;
	}
	unsigned char boxkey[BOX_KEY_LEN];
	size_t plen = e.ct.len - crypto_secretbox_MACBYTES;
	unsigned char *plain = malloc(plen);
	bool ok = false;
	if (!plain) {
		nomem(err);
		goto out;
	}
	if (crypto_pwhash_scryptsalsa208sha256_ll(
		    (const uint8_t *)(pw ? pw : ""), pw ? pwlen : 0,
		    (const uint8_t *)e.salt.data, e.salt.len, (uint64_t)e.n,
		    (uint32_t)e.r, (uint32_t)e.p, boxkey,
		    sizeof(boxkey)) != 0) {
		cs_error_set(err,
			     errno == ENOMEM ? CS_ERR_NOMEM : CS_ERR_INTERNAL,
			     nomark, NULL, "scrypt failed (out of memory?)");
		goto out;
	}
	if (crypto_secretbox_open_easy(
		    plain, (const unsigned char *)e.ct.data, e.ct.len,
		    (const unsigned char *)e.nonce.data, boxkey) != 0) {
		cs_error_set(err, CS_ERR_PARSE, nomark, NULL,
			     "wrong password, or the key file is corrupt");
		goto out;
	}
	EVP_PKEY *pkey = NULL;
	if (!pkcs8_decode(&pkey, plain, plen)) {
		cs_error_set(err, CS_ERR_PARSE, nomark, NULL,
			     "the encrypted key holds %s, not PKCS#8 as cosign "
			     "requires",
			     plaintext_kind(plain, plen));
		goto out;
	}
	ok = key_wrap(out, pkey, true, err);
	if (!ok)
		EVP_PKEY_free(pkey);
out:
	sodium_memzero(boxkey, sizeof(boxkey));
	if (plain) {
		sodium_memzero(plain, plen);
		free(plain);
	}
	envelope_free(&e);
	return ok;
}

/* ---- loading --------------------------------------------------------------
 */

bool cs_key_load_private(cs_key **out, const char *pem, size_t len,
			 const char *pw, size_t pwlen, cs_error *err)
{
	*out = NULL;
	if (len > CS_KEY_MAX_PEM)
		FAIL(CS_ERR_LIMIT, "the key file is larger than %u bytes",
		     CS_KEY_MAX_PEM);
	pem_block blk;
	if (!pem_find(pem, len, &blk, err))
		return false;
	bool encrypted = is_encrypted_label(blk.label);
	if (!encrypted && strcmp(blk.label, "PRIVATE KEY") != 0 &&
	    strcmp(blk.label, "EC PRIVATE KEY") != 0 &&
	    strcmp(blk.label, "RSA PRIVATE KEY") != 0) {
		if (strcmp(blk.label, "ENCRYPTED PRIVATE KEY") == 0)
			FAIL(CS_ERR_PARSE,
			     "an OpenSSL-encrypted PKCS#8 key is not "
			     "supported; "
			     "decrypt it with `openssl pkey` and use `customs "
			     "key import`");
		if (strcmp(blk.label, "PUBLIC KEY") == 0)
			FAIL(CS_ERR_PARSE,
			     "this is a public key; a private key is needed");
		FAIL(CS_ERR_PARSE,
		     "a PEM %s is not a private key (expected %s, PRIVATE "
		     "KEY, EC PRIVATE KEY or RSA PRIVATE KEY)",
		     blk.label, LABEL_SIGSTORE);
	}
	cs_buf der;
	cs_buf_init(&der, CS_KEY_MAX_PEM);
	bool ok = pem_body(&blk, &der, err);
	if (ok && encrypted)
		ok = decrypt_envelope(out, (const unsigned char *)der.data,
				      der.len, pw, pwlen, err);
	else if (ok)
		ok = private_from_der(out, blk.label,
				      (const unsigned char *)der.data, der.len,
				      err);
	if (der.data)
		sodium_memzero(der.data, der.alloc);
	cs_buf_free(&der);
	return ok;
}

bool cs_key_load_public(cs_key **out, const char *pem, size_t len,
			cs_error *err)
{
	*out = NULL;
	if (len > CS_KEY_MAX_PEM)
		FAIL(CS_ERR_LIMIT, "the key file is larger than %u bytes",
		     CS_KEY_MAX_PEM);
	pem_block blk;
	if (!pem_find(pem, len, &blk, err))
		return false;
	if (strcmp(blk.label, "CERTIFICATE") == 0)
		FAIL(CS_ERR_PARSE,
		     "this is a certificate, not a public key; extract its key "
		     "with `openssl x509 -pubkey -noout -in CERT`");
	if (strcmp(blk.label, "RSA PUBLIC KEY") == 0)
		FAIL(CS_ERR_PARSE, "a PKCS#1 RSA PUBLIC KEY is not supported; "
				   "convert it with "
				   "`openssl rsa -RSAPublicKey_in -pubout`");
	if (strstr(blk.label, "PRIVATE KEY"))
		FAIL(CS_ERR_PARSE,
		     "this is a private key; verify with its public key "
		     "(`customs key public --key KEY` prints it)");
	if (strcmp(blk.label, "PUBLIC KEY") != 0)
		FAIL(CS_ERR_PARSE,
		     "a PEM %s is not a public key (expected PUBLIC KEY)",
		     blk.label);
	cs_buf der;
	cs_buf_init(&der, CS_KEY_MAX_PEM);
	if (!pem_body(&blk, &der, err)) {
		cs_buf_free(&der);
		return false;
	}
	const unsigned char *p = (const unsigned char *)der.data;
	EVP_PKEY *pkey = d2i_PUBKEY(NULL, &p, (long)der.len);
	bool whole = p == (const unsigned char *)der.data + der.len;
	cs_buf_free(&der);
	if (!pkey || !whole) {
		EVP_PKEY_free(pkey);
		FAIL(CS_ERR_PARSE,
		     "the PUBLIC KEY is not a valid key (bad "
		     "encoding, or an EC point not on its curve)");
	}
	if (!key_wrap(out, pkey, false, err)) {
		EVP_PKEY_free(pkey);
		return false;
	}
	return true;
}

/* ---- writing --------------------------------------------------------------
 */

bool cs_key_public_der(const cs_key *k, cs_buf *out, cs_error *err)
{
	unsigned char *der = NULL;
	int n = i2d_PUBKEY(k->pkey, &der);
	if (n <= 0) {
		cs_error_set(err, CS_ERR_INTERNAL, nomark, NULL,
			     "could not encode the public key");
		return false;
	}
	bool ok = cs_buf_add(out, der, (size_t)n);
	OPENSSL_free(der);
	return ok || nomem(err);
}

bool cs_key_public_pem(const cs_key *k, cs_buf *out, cs_error *err)
{
	cs_buf der;
	cs_buf_init(&der, 0);
	bool ok = cs_key_public_der(k, &der, err);
	if (ok && !pem_write(out, "PUBLIC KEY", der.data, der.len))
		ok = nomem(err);
	cs_buf_free(&der);
	return ok;
}

bool cs_key_hint(const cs_key *k, char out[45], cs_error *err)
{
	cs_buf der, b64;
	cs_buf_init(&der, 0);
	cs_buf_init(&b64, 0);
	bool ok = cs_key_public_der(k, &der, err);
	unsigned char dg[32];
	if (ok &&
	    !EVP_Digest(der.data, der.len, dg, NULL, EVP_sha256(), NULL)) {
		cs_error_set(err, CS_ERR_INTERNAL, nomark, NULL,
			     "SHA-256 failed");
		ok = false;
	}
	if (ok && (!cs_b64_encode(&b64, dg, sizeof(dg)) || b64.len != 44))
		ok = nomem(err);
	if (ok)
		memcpy(out, b64.data, 45);
	cs_buf_free(&der);
	cs_buf_free(&b64);
	return ok;
}

/* cosign's envelope, byte for byte as Go's encoding/json writes it. */
bool cs_key_encrypt(const cs_key *k, const char *pw, size_t pwlen, cs_buf *out,
		    cs_error *err)
{
	if (!k->priv) {
		cs_error_set(err, CS_ERR_USAGE, nomark, NULL,
			     "a public key cannot be written as a private key");
		return false;
	}
	if (!sodium_ready(err))
		return false;
	PKCS8_PRIV_KEY_INFO *info = EVP_PKEY2PKCS8(k->pkey);
	unsigned char *der = NULL;
	int n = info ? i2d_PKCS8_PRIV_KEY_INFO(info, &der) : -1;
	PKCS8_PRIV_KEY_INFO_free(info);
	if (n <= 0 || (size_t)n > PLAIN_MAX) {
		OPENSSL_clear_free(der, n > 0 ? (size_t)n : 0);
		cs_error_set(err, CS_ERR_INTERNAL, nomark, NULL,
			     "could not encode the private key as PKCS#8");
		return false;
	}
	unsigned char salt[SALT_LEN], nonce[NONCE_LEN], boxkey[BOX_KEY_LEN];
	randombytes_buf(salt, sizeof(salt));
	randombytes_buf(nonce, sizeof(nonce));
	size_t ctlen = (size_t)n + crypto_secretbox_MACBYTES;
	unsigned char *ct = malloc(ctlen);
	bool ok = false;
	cs_buf js;
	cs_buf_init(&js, 0);
	if (!ct) {
		nomem(err);
		goto out;
	}
	if (crypto_pwhash_scryptsalsa208sha256_ll(
		    (const uint8_t *)(pw ? pw : ""), pw ? pwlen : 0, salt,
		    sizeof(salt), SCRYPT_N_WRITE, SCRYPT_R, SCRYPT_P, boxkey,
		    sizeof(boxkey)) != 0) {
		cs_error_set(err, CS_ERR_NOMEM, nomark, NULL,
			     "scrypt failed (out of memory?)");
		goto out;
	}
	crypto_secretbox_easy(ct, der, (size_t)n, nonce, boxkey);
	cs_buf_printf(&js,
		      "{\"kdf\":{\"name\":\"scrypt\",\"params\":{\"N\":%llu,"
		      "\"r\":%d,\"p\":%d},\"salt\":\"",
		      SCRYPT_N_WRITE, SCRYPT_R, SCRYPT_P);
	cs_b64_encode(&js, salt, sizeof(salt));
	cs_buf_adds(&js, "\"},\"cipher\":{\"name\":\"nacl/secretbox\","
			 "\"nonce\":\"");
	cs_b64_encode(&js, nonce, sizeof(nonce));
	cs_buf_adds(&js, "\"},\"ciphertext\":\"");
	cs_b64_encode(&js, ct, ctlen);
	cs_buf_adds(&js, "\"}");
	if (js.failed || !pem_write(out, LABEL_SIGSTORE, js.data, js.len)) {
		nomem(err);
		goto out;
	}
	ok = true;
out:
	sodium_memzero(boxkey, sizeof(boxkey));
	OPENSSL_clear_free(der, (size_t)n);
	free(ct);
	cs_buf_free(&js);
	return ok;
}

/* ---- signatures -----------------------------------------------------------
 */

static EVP_MD *key_md(const cs_key *k, cs_error *err)
{
	EVP_MD *md = EVP_MD_fetch(NULL, cs_key_hash(k), NULL);
	if (!md)
		cs_error_set(err, CS_ERR_INTERNAL, nomark, NULL,
			     "the digest %s is not available", cs_key_hash(k));
	return md;
}

static bool check_digest_len(const cs_key *k, size_t dglen, cs_error *err)
{
	if (dglen != cs_key_hash_len(k))
		FAIL(CS_ERR_USAGE,
		     "a %s digest is %zu bytes, not %zu (the %s key signs "
		     "with %s)",
		     cs_key_hash(k), cs_key_hash_len(k), dglen, k->desc,
		     cs_key_hash(k));
	return true;
}

bool cs_key_sign_digest(const cs_key *k, const unsigned char *dg, size_t dglen,
			cs_buf *sig, cs_error *err)
{
	if (!k->priv)
		FAIL(CS_ERR_USAGE, "a public key cannot sign");
	if (!check_digest_len(k, dglen, err))
		return false;
	EVP_MD *md = key_md(k, err);
	if (!md)
		return false;
	EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_pkey(NULL, k->pkey, NULL);
	unsigned char buf[CS_KEY_MAX_SIG];
	size_t n = sizeof(buf);
	bool ok = ctx && EVP_PKEY_sign_init(ctx) == 1 &&
		  EVP_PKEY_CTX_set_signature_md(ctx, md) == 1 &&
		  EVP_PKEY_sign(ctx, buf, &n, dg, dglen) == 1;
	EVP_PKEY_CTX_free(ctx);
	EVP_MD_free(md);
	if (!ok) {
		cs_error_set(err, CS_ERR_INTERNAL, nomark, NULL,
			     "signing with the %s key failed", k->desc);
		return false;
	}
	return cs_buf_add(sig, buf, n) || nomem(err);
}

bool cs_key_sign(const cs_key *k, const void *msg, size_t len, cs_buf *sig,
		 cs_error *err)
{
	unsigned char dg[CS_KEY_MAX_DIGEST];
	EVP_MD *md = key_md(k, err);
	if (!md)
		return false;
	unsigned int dglen = 0;
	bool ok = EVP_Digest(msg, len, dg, &dglen, md, NULL) == 1;
	EVP_MD_free(md);
	if (!ok) {
		cs_error_set(err, CS_ERR_INTERNAL, nomark, NULL,
			     "hashing the message failed");
		return false;
	}
	return cs_key_sign_digest(k, dg, dglen, sig, err);
}

/* The field size in bytes of an EC key (r and s of r||s each take it). */
static size_t ec_field_bytes(const cs_key *k)
{
	switch (k->alg) {
	case CS_KEY_ECDSA_P256:
		return 32;
	case CS_KEY_ECDSA_P384:
		return 48;
	case CS_KEY_ECDSA_P521:
		return 66;
	default:
		return 0;
	}
}

/* Is sig exactly one canonical DER ECDSA-Sig-Value (no trailing bytes, no
 * alternative encodings)? */
static bool ecdsa_der_canonical(const unsigned char *sig, size_t len)
{
	const unsigned char *p = sig;
	ECDSA_SIG *s = d2i_ECDSA_SIG(NULL, &p, (long)len);
	if (!s)
		return false;
	unsigned char *re = NULL;
	int n = i2d_ECDSA_SIG(s, &re);
	bool same = p == sig + len && n > 0 && (size_t)n == len &&
		    memcmp(re, sig, len) == 0;
	OPENSSL_free(re);
	ECDSA_SIG_free(s);
	return same;
}

/* r||s (each fb bytes, big-endian) as DER, appended to der. */
static bool ecdsa_raw_to_der(const unsigned char *sig, size_t fb, cs_buf *der)
{
	BIGNUM *r = BN_bin2bn(sig, (int)fb, NULL);
	BIGNUM *s = BN_bin2bn(sig + fb, (int)fb, NULL);
	ECDSA_SIG *es = ECDSA_SIG_new();
	if (!r || !s || !es || !ECDSA_SIG_set0(es, r, s)) {
		BN_free(r);
		BN_free(s);
		ECDSA_SIG_free(es);
		return false;
	}
	unsigned char *out = NULL;
	int n = i2d_ECDSA_SIG(es, &out);
	bool ok = n > 0 && cs_buf_add(der, out, (size_t)n);
	OPENSSL_free(out);
	ECDSA_SIG_free(es);
	return ok;
}

static int pkey_verify(const cs_key *k, const unsigned char *dg, size_t dglen,
		       const unsigned char *sig, size_t siglen)
{
	EVP_MD *md = EVP_MD_fetch(NULL, cs_key_hash(k), NULL);
	EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_pkey(NULL, k->pkey, NULL);
	int rc = -1;
	if (md && ctx && EVP_PKEY_verify_init(ctx) == 1 &&
	    EVP_PKEY_CTX_set_signature_md(ctx, md) == 1)
		rc = EVP_PKEY_verify(ctx, sig, siglen, dg, dglen);
	EVP_PKEY_CTX_free(ctx);
	EVP_MD_free(md);
	return rc;
}

bool cs_key_verify_digest(const cs_key *k, const unsigned char *dg,
			  size_t dglen, const unsigned char *sig, size_t siglen,
			  cs_error *err)
{
	if (!check_digest_len(k, dglen, err))
		return false;
	if (!sig || siglen == 0)
		FAIL(CS_ERR_PARSE, "the signature is empty");
	if (siglen > CS_KEY_MAX_SIG)
		FAIL(CS_ERR_PARSE, "the signature is longer than %u bytes",
		     CS_KEY_MAX_SIG);
	int rc;
	if (k->alg == CS_KEY_RSA) {
		if (siglen != (size_t)(k->bits + 7) / 8)
			FAIL(CS_ERR_PARSE,
			     "the signature is %zu bytes; an %s signature is "
			     "%d",
			     siglen, k->desc, (k->bits + 7) / 8);
		rc = pkey_verify(k, dg, dglen, sig, siglen);
	} else {
		size_t fb = ec_field_bytes(k);
		bool der = ecdsa_der_canonical(sig, siglen);
		if (!der && siglen != 2 * fb)
			FAIL(CS_ERR_PARSE, "the signature is not DER or r||s");
		rc = der ? pkey_verify(k, dg, dglen, sig, siglen) : 0;
		if (rc != 1 && siglen == 2 * fb) {
			/* a raw r||s that happens to parse as DER too is
			 * tried both ways; each must be a real signature */
			cs_buf d;
			cs_buf_init(&d, CS_KEY_MAX_SIG);
			if (ecdsa_raw_to_der(sig, fb, &d))
				rc = pkey_verify(k, dg, dglen,
						 (const unsigned char *)d.data,
						 d.len);
			cs_buf_free(&d);
		}
	}
	if (rc != 1)
		FAIL(CS_ERR_PARSE, "the signature does not match");
	return true;
}

bool cs_key_verify(const cs_key *k, const void *msg, size_t len,
		   const unsigned char *sig, size_t siglen, cs_error *err)
{
	unsigned char dg[CS_KEY_MAX_DIGEST];
	unsigned int dglen = 0;
	EVP_MD *md = key_md(k, err);
	if (!md)
		return false;
	bool ok = EVP_Digest(msg, len, dg, &dglen, md, NULL) == 1;
	EVP_MD_free(md);
	if (!ok) {
		cs_error_set(err, CS_ERR_INTERNAL, nomark, NULL,
			     "hashing the message failed");
		return false;
	}
	return cs_key_verify_digest(k, dg, dglen, sig, siglen, err);
}

bool cs_hash_fd(int fd, const char *md_name, unsigned char *dg, size_t *dglen,
		cs_error *err)
{
	EVP_MD *md = EVP_MD_fetch(NULL, md_name, NULL);
	if (!md || EVP_MD_get_size(md) > (int)CS_KEY_MAX_DIGEST) {
		EVP_MD_free(md);
		FAIL(CS_ERR_USAGE, "unknown digest '%s'", md_name);
	}
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	bool ok = ctx && EVP_DigestInit_ex(ctx, md, NULL) == 1;
	EVP_MD_free(md);
	if (!ok) {
		EVP_MD_CTX_free(ctx);
		return nomem(err);
	}
	static const size_t chunk = 64u << 10;
	unsigned char *buf = malloc(chunk);
	if (!buf) {
		EVP_MD_CTX_free(ctx);
		return nomem(err);
	}
	for (;;) {
		ssize_t n = read(fd, buf, chunk);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			cs_error_set(err, CS_ERR_IO, nomark, NULL,
				     "read error: %s", strerror(errno));
			ok = false;
			break;
		}
		if (n == 0)
			break;
		if (EVP_DigestUpdate(ctx, buf, (size_t)n) != 1) {
			ok = false;
			cs_error_set(err, CS_ERR_INTERNAL, nomark, NULL,
				     "hashing failed");
			break;
		}
	}
	unsigned int len = 0;
	if (ok && EVP_DigestFinal_ex(ctx, dg, &len) != 1) {
		cs_error_set(err, CS_ERR_INTERNAL, nomark, NULL,
			     "hashing failed");
		ok = false;
	}
	if (ok)
		*dglen = len;
	free(buf);
	EVP_MD_CTX_free(ctx);
	return ok;
}

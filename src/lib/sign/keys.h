/*
 * keys.h - signing keys as cosign's key-pair mode has them.
 *
 * A key is an OpenSSL EVP_PKEY behind an opaque handle: ECDSA on P-256
 * (what `customs key generate` and `cosign generate-key-pair` make),
 * P-384 or P-521, or RSA (2048 to 4096 bits, PKCS#1 v1.5).  Each key
 * signs with one hash: SHA-256 for P-256 and RSA, SHA-384 for P-384,
 * SHA-512 for P-521 (sigstore's defaults).  ECDSA signatures are ASN.1
 * DER SEQUENCE{r, s} as cosign writes them; on verification a raw r||s
 * of exactly twice the field size is accepted too (the DSSE spec's
 * vectors use it) and means the same thing.
 *
 * Private keys are read from:
 *   - "ENCRYPTED SIGSTORE PRIVATE KEY" (written by cosign today and by
 *     cs_key_encrypt) and the legacy "ENCRYPTED COSIGN PRIVATE KEY": the
 *     PEM body is JSON {"kdf":{"name":"scrypt","params":{"N","r","p"},
 *     "salt"},"cipher":{"name":"nacl/secretbox","nonce"},"ciphertext"};
 *     key = scrypt(password, salt, N, r, p, 32), plaintext = secretbox
 *     open (libsodium) = PKCS#8 DER.  Only N in {32768, 65536, 131072},
 *     r = 8, p = 1 are accepted: anything else is refused before any
 *     work is done (a hostile key file must not cost gigabytes);
 *   - plain "PRIVATE KEY" (PKCS#8), "EC PRIVATE KEY" (SEC1),
 *     "RSA PRIVATE KEY" (PKCS#1).
 * Public keys: "PUBLIC KEY" (PKIX SubjectPublicKeyInfo).  An EC point not
 * on its curve, an unsupported curve or an RSA key under 2048 bits is an
 * error.  Every input is bounded (CS_KEY_MAX_PEM); passwords, derived
 * keys and decrypted key bytes are wiped (sodium_memzero) before their
 * memory is released.
 *
 * Errors are values: the message says what is wrong in words a user can
 * act on ("wrong password, or the key file is corrupt").
 */
#ifndef CS_SIGN_KEYS_H
#define CS_SIGN_KEYS_H

#include <stdbool.h>
#include <stddef.h>

#include "../util/buf.h"
#include "../util/error.h"

#define CS_KEY_MAX_PEM   (64u << 10)   /* bytes of a key file */
#define CS_KEY_MAX_SIG   1024u         /* bytes of a DER signature */
#define CS_KEY_MAX_DIGEST 64u          /* SHA-512 */

typedef struct cs_key cs_key;          /* opaque */

typedef enum cs_key_alg {
	CS_KEY_ECDSA_P256 = 1,
	CS_KEY_ECDSA_P384,
	CS_KEY_ECDSA_P521,
	CS_KEY_RSA,
} cs_key_alg;

/* A new ECDSA P-256 key pair (private and public). */
bool cs_key_generate(cs_key **out, cs_error *err);
void cs_key_free(cs_key *k);              /* NULL is fine; wipes */

cs_key_alg cs_key_algorithm(const cs_key *k);
const char *cs_key_describe(const cs_key *k);  /* "ECDSA P-256", "RSA 3072" */
bool cs_key_is_private(const cs_key *k);

/* The hash the key signs with: "sha256", "sha384", "sha512" (OpenSSL
 * names) and its length in bytes. */
const char *cs_key_hash(const cs_key *k);
size_t cs_key_hash_len(const cs_key *k);

/* Does this PEM text hold an encrypted cosign/sigstore private key (so a
 * password must be asked for)? */
bool cs_key_pem_encrypted(const char *pem, size_t len);

/* Read a private key (any of the forms above).  pw is used only for the
 * encrypted forms (it may be empty: cosign allows an empty password). */
bool cs_key_load_private(cs_key **out, const char *pem, size_t len,
			 const char *pw, size_t pwlen, cs_error *err);
/* Read a public key ("PUBLIC KEY" PEM). */
bool cs_key_load_public(cs_key **out, const char *pem, size_t len,
			cs_error *err);

/* The private key as "ENCRYPTED SIGSTORE PRIVATE KEY" PEM (scrypt N=65536,
 * r=8, p=1, fresh random salt and nonce; 64-column base64 lines). */
bool cs_key_encrypt(const cs_key *k, const char *pw, size_t pwlen,
		    cs_buf *out, cs_error *err);
/* The public key as "PUBLIC KEY" PEM, and as DER SubjectPublicKeyInfo. */
bool cs_key_public_pem(const cs_key *k, cs_buf *out, cs_error *err);
bool cs_key_public_der(const cs_key *k, cs_buf *out, cs_error *err);
/* Sigstore's public-key hint: base64(SHA-256(DER SPKI)), 44 chars + NUL. */
bool cs_key_hint(const cs_key *k, char out[45], cs_error *err);

/* Sign a message (hashed here with cs_key_hash) or a digest already made
 * with that hash.  The signature (DER for ECDSA) is appended to sig. */
bool cs_key_sign(const cs_key *k, const void *msg, size_t len, cs_buf *sig,
		 cs_error *err);
bool cs_key_sign_digest(const cs_key *k, const unsigned char *dg,
			size_t dglen, cs_buf *sig, cs_error *err);

/* Verify; false with the reason in err ("the signature does not match",
 * "the signature is not DER or r||s", ...).  Never true for a malformed
 * signature. */
bool cs_key_verify(const cs_key *k, const void *msg, size_t len,
		   const unsigned char *sig, size_t siglen, cs_error *err);
bool cs_key_verify_digest(const cs_key *k, const unsigned char *dg,
			  size_t dglen, const unsigned char *sig,
			  size_t siglen, cs_error *err);

/* Hash a whole file by descriptor, streaming (the blob commands): with
 * the named OpenSSL digest into dg (CS_KEY_MAX_DIGEST bytes). */
bool cs_hash_fd(int fd, const char *md, unsigned char *dg, size_t *dglen,
		cs_error *err);

#endif

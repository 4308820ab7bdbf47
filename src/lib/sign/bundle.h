/*
 * bundle.h - Sigstore bundles (protobuf-specs sigstore_bundle.proto, JSON).
 *
 * Read: media types application/vnd.dev.sigstore.bundle.v0.3+json and
 * application/vnd.dev.sigstore.bundle+json;version=0.1|0.2 (and 0.3 in
 * that spelling); anything else is refused.  The content is either a
 * messageSignature (messageDigest {algorithm, digest} + signature, the
 * signature over the artifact with the key's hash) or a dsseEnvelope.
 * verificationMaterial: publicKey.hint is kept; a certificate or
 * certificate chain is noted (keyless: its chain and identity are not
 * verified offline, so such a bundle verifies only against a key the
 * user names); tlog entries and timestamps are counted, not checked.
 * Write: v0.3 with a messageSignature and a publicKey hint, no tlog
 * entries (offline), compact JSON.
 */
#ifndef CS_SIGN_BUNDLE_H
#define CS_SIGN_BUNDLE_H

#include <stdbool.h>
#include <stddef.h>

#include "../util/buf.h"
#include "../util/error.h"
#include "dsse.h"

#define CS_BUNDLE_MAX_JSON (32u << 20)

typedef enum cs_bundle_kind {
	CS_BUNDLE_MESSAGE = 1,
	CS_BUNDLE_DSSE,
} cs_bundle_kind;

typedef struct cs_bundle {
	char *media_type;
	char *key_hint;              /* publicKey.hint, or NULL */
	bool has_certificate;        /* certificate / x509CertificateChain */
	size_t ntlog, ntimestamps;
	cs_bundle_kind kind;
	/* CS_BUNDLE_MESSAGE */
	char *digest_alg;            /* "SHA2_256", "SHA2_384", "SHA2_512" */
	unsigned char digest[CS_KEY_MAX_DIGEST];
	size_t digest_len;
	unsigned char *sig;
	size_t sig_len;
	/* CS_BUNDLE_DSSE */
	cs_dsse_env dsse;
} cs_bundle;

bool cs_bundle_parse(cs_bundle *b, const char *json, size_t len,
		     cs_error *err);
void cs_bundle_free(cs_bundle *b);

/* A v0.3 bundle with a messageSignature; alg is the key's OpenSSL hash
 * name ("sha256", ...), hint may be NULL. */
bool cs_bundle_write_message(cs_buf *out, const char *hint, const char *alg,
			     const unsigned char *dg, size_t dglen,
			     const unsigned char *sig, size_t siglen,
			     cs_error *err);

#endif

/*
 * verify.h - what makes a stored signature or attestation acceptable.
 *
 * The checks every front end must run in the same order, kept in one
 * place so the command line and, later, the admission webhook cannot
 * drift apart.  The order matters: nothing a payload says is read before
 * its signature has verified over the exact stored bytes (never a
 * re-serialization), so an attacker's payload can at most be refused.
 *
 * Image signature (a simple-signing layer of a .sig manifest):
 *   media type simple signing -> signature annotation present, base64 ->
 *   signature verifies over the payload with the key -> payload parses ->
 *   type "cosign container image signature" -> docker-manifest-digest is
 *   the image's -> docker-reference is the wanted one (when given) ->
 *   every wanted annotation is in `optional`.
 * Attestation (a DSSE envelope):
 *   signature verifies over PAE -> payloadType application/vnd.in-toto+json
 *   -> the payload is an in-toto Statement (v1 or v0.1) -> a subject
 *   carries the subject's sha256 -> the predicate type is the wanted one
 *   (when given).
 * A failure returns false with the first reason in err->message.
 */
#ifndef CS_SIGN_VERIFY_H
#define CS_SIGN_VERIFY_H

#include <stdbool.h>
#include <stddef.h>

#include "../util/error.h"
#include "dsse.h"
#include "keys.h"
#include "layout.h"

#define CS_COSIGN_SIG_TYPE "cosign container image signature"

/* image_digest "sha256:<hex>"; docker_ref NULL: any. */
bool cs_verify_image_signature(const cs_layout_item *it, const cs_key *k,
			       const char *image_digest,
			       const char *docker_ref, const cs_kv *want,
			       size_t nwant, cs_error *err);

/* sha256_hex: the subject's digest (64 hex); predicate_uri NULL: any.
 * When stmt is not NULL and the signature verified and the Statement
 * parsed, *stmt holds it (free with cs_intoto_free) whatever the later
 * checks say, so a caller can name the predicate type of a refused
 * attestation; otherwise *stmt is zeroed. */
bool cs_verify_attestation(const cs_dsse_env *e, const cs_key *k,
			   const char *sha256_hex, const char *predicate_uri,
			   cs_intoto_stmt *stmt, cs_error *err);

#endif

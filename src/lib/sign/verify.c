/*
 * verify.c - the acceptance checks for image signatures and attestations
 * (see verify.h for the order and why it matters).
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "b64.h"
#include "verify.h"

static bool fail(cs_error *err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static bool fail(cs_error *err, const char *fmt, ...)
{
	char msg[sizeof(err->message)];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	cs_error_set(err, CS_ERR_PARSE, (cs_mark){0, 0}, "", "%s", msg);
	return false;
}

bool cs_verify_image_signature(const cs_layout_item *it, const cs_key *k,
			       const char *image_digest,
			       const char *docker_ref, const cs_kv *want,
			       size_t nwant, cs_error *err)
{
	if (it->error[0])
		return fail(err, "the layer cannot be read: %s", it->error);
	if (!it->media_type || strcmp(it->media_type, CS_COSIGN_SIG_MEDIA))
		return fail(err, "not a simple-signing layer (%.100s)",
			    it->media_type ? it->media_type : "none");
	if (!it->signature || !it->signature[0])
		return fail(err, "no signature annotation");
	cs_buf sig;
	cs_buf_init(&sig, CS_KEY_MAX_SIG);
	if (!cs_b64_decode(&sig, it->signature, strlen(it->signature)) ||
	    !sig.len) {
		cs_buf_free(&sig);
		return fail(err, "the signature annotation is not base64");
	}
	bool ok = cs_key_verify(k, it->data, it->len,
				(const unsigned char *)sig.data, sig.len, err);
	cs_buf_free(&sig);
	if (!ok)
		return fail(err,
			    "the signature does not match the payload and key");
	cs_simplesign p;
	if (!cs_simplesign_parse(&p, it->data, it->len, err))
		return false;
	if (strcmp(p.type, CS_COSIGN_SIG_TYPE))
		ok = fail(err,
			  "the payload's type is '%.80s', not a %s", p.type,
			  CS_COSIGN_SIG_TYPE);
	else if (strcmp(p.digest, image_digest))
		ok = fail(err, "the payload signs %.80s, not this image (%s)",
			  p.digest, image_digest);
	else if (docker_ref && strcmp(p.docker_ref, docker_ref))
		ok = fail(err, "the payload names %.200s, not %.200s",
			  p.docker_ref, docker_ref);
	for (size_t i = 0; ok && i < nwant; i++)
		if (!cs_simplesign_has(&p, want[i].key, want[i].value))
			ok = fail(err,
				  "the payload does not carry %.100s=%.100s",
				  want[i].key, want[i].value);
	cs_simplesign_free(&p);
	return ok;
}

bool cs_verify_attestation(const cs_dsse_env *e, const cs_key *k,
			   const char *sha256_hex, const char *predicate_uri,
			   cs_intoto_stmt *stmt, cs_error *err)
{
	cs_intoto_stmt local;
	cs_intoto_stmt *s = stmt ? stmt : &local;
	memset(s, 0, sizeof(*s));
	if (!cs_dsse_verify(e, k, NULL, err))
		return false;
	if (strcmp(e->payload_type, CS_INTOTO_PAYLOAD_TYPE))
		return fail(err, "the payload type is '%.100s', not %s",
			    e->payload_type, CS_INTOTO_PAYLOAD_TYPE);
	if (!cs_intoto_parse(s, e->payload, e->payload_len, err)) {
		memset(s, 0, sizeof(*s));
		return false;
	}
	bool ok = true;
	if (!cs_intoto_has_digest(s, "sha256", sha256_hex, NULL))
		ok = fail(err, "no subject has the sha256 digest %.64s",
			  sha256_hex);
	else if (predicate_uri && strcmp(s->predicate_type, predicate_uri))
		ok = fail(err, "the predicate type is not %.150s",
			  predicate_uri);
	if (!stmt)
		cs_intoto_free(s);
	return ok;
}

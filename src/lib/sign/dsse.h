/*
 * dsse.h - DSSE envelopes and in-toto Statements.
 *
 * DSSE (secure-systems-lab/dsse v1.0.2) signs PAE(type, body) =
 *   "DSSEv1" SP LEN(type) SP type SP LEN(body) SP body
 * (SP = one space, LEN = ASCII decimal byte length without leading
 * zeros), never the JSON around it.  An envelope is
 *   {"payload":"<b64 body>","payloadType":"<type>",
 *    "signatures":[{"keyid":"<optional>","sig":"<b64>"}]}
 * read with either base64 alphabet, padded or not, unknown fields
 * ignored, several signatures allowed; written compact, standard base64.
 * keyid is not authenticated and never decides anything.
 *
 * The payload of an attestation is an in-toto Statement: v1
 * ("https://in-toto.io/Statement/v1", written) or v0.1 (read: `cosign
 * attest` still emits it), payloadType "application/vnd.in-toto+json".
 * Parsing is bounded: CS_DSSE_MAX_JSON bytes of envelope, at most
 * CS_INTOTO_MAX_SUBJECTS subjects with CS_INTOTO_MAX_DIGESTS digests each.
 */
#ifndef CS_SIGN_DSSE_H
#define CS_SIGN_DSSE_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

#include "../util/buf.h"
#include "../util/error.h"
#include "keys.h"

#define CS_DSSE_MAX_JSON        (32u << 20)
#define CS_DSSE_MAX_SIGS        64u
#define CS_INTOTO_MAX_SUBJECTS  4096u
#define CS_INTOTO_MAX_DIGESTS   16u

#define CS_INTOTO_PAYLOAD_TYPE  "application/vnd.in-toto+json"
#define CS_INTOTO_STATEMENT_V1  "https://in-toto.io/Statement/v1"
#define CS_INTOTO_STATEMENT_V01 "https://in-toto.io/Statement/v0.1"

typedef struct cs_dsse_sig {
	char *keyid;                 /* NULL when absent */
	unsigned char *sig;
	size_t len;
} cs_dsse_sig;

/* Owns its memory (malloc); cs_dsse_free releases it. */
typedef struct cs_dsse_env {
	char *payload_type;
	unsigned char *payload;
	size_t payload_len;
	cs_dsse_sig *sigs;
	size_t nsigs;
} cs_dsse_env;

/* PAE bytes appended to out. */
bool cs_dsse_pae(cs_buf *out, const char *type, const void *body,
		 size_t len);

bool cs_dsse_parse(cs_dsse_env *e, const char *json, size_t len,
		   cs_error *err);
/* The same from an already parsed object (a bundle's dsseEnvelope). */
bool cs_dsse_from_json(cs_dsse_env *e, const json_t *obj, cs_error *err);
void cs_dsse_free(cs_dsse_env *e);

/* Sign body as `type` with k and append the envelope (compact JSON) to
 * out; keyid may be NULL (then no keyid member). */
bool cs_dsse_sign(cs_buf *out, const cs_key *k, const char *type,
		  const void *body, size_t len, const char *keyid,
		  cs_error *err);
/* True when at least one signature verifies over PAE with k; *which is
 * then its index.  Otherwise false with the reason of the last failure
 * ("no signature verifies with the key", "the envelope has no
 * signatures"). */
bool cs_dsse_verify(const cs_dsse_env *e, const cs_key *k, size_t *which,
		    cs_error *err);

/* A ResourceDescriptor as a Statement subject. */
typedef struct cs_intoto_digest {
	char *alg;                   /* "sha256", "sha512", "gitCommit" ... */
	char *value;                 /* as written (hex for sha*) */
} cs_intoto_digest;

typedef struct cs_intoto_subject {
	char *name;                  /* NULL when absent */
	cs_intoto_digest *digests;
	size_t ndigests;
} cs_intoto_subject;

typedef struct cs_intoto_stmt {
	char *type;                  /* the _type URI as written */
	bool v1;                     /* Statement/v1 (else v0.1) */
	char *predicate_type;
	cs_intoto_subject *subjects;
	size_t nsubjects;
	char *predicate;             /* the predicate, compact JSON, or NULL */
} cs_intoto_stmt;

/* Parse a Statement (v1 or v0.1); anything else is an error. */
bool cs_intoto_parse(cs_intoto_stmt *s, const void *json, size_t len,
		     cs_error *err);
void cs_intoto_free(cs_intoto_stmt *s);
/* Does a subject carry digest alg:value (hex compared case-insensitively
 * for sha*)?  Its index in *which. */
bool cs_intoto_has_digest(const cs_intoto_stmt *s, const char *alg,
			  const char *value, size_t *which);

/* Write a v1 Statement with one subject {name, digest {alg: value}}
 * (name may be NULL) whose predicate is the JSON text `predicate` (an
 * object; NULL or "" for none), compact, to out. */
bool cs_intoto_build(cs_buf *out, const char *name, const char *alg,
		     const char *value, const char *predicate_type,
		     const char *predicate, size_t predicate_len,
		     cs_error *err);

/* cosign's --type names -> predicate type URIs: slsaprovenance
 * (v0.2), slsaprovenance02, slsaprovenance1, link, spdx, spdxjson,
 * cyclonedx, vuln, openvex, custom; a value containing "://" is itself
 * the URI.  NULL for an unknown name. */
const char *cs_intoto_predicate_uri(const char *type);

#endif

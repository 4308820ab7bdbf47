/*
 * dsse.c - DSSE envelopes and in-toto Statements; see dsse.h.
 *
 * What is signed is PAE(type, body), never the envelope's JSON, so an
 * envelope is only a carrier: we read it leniently where the spec says so
 * (either base64 alphabet, padding optional, unknown members ignored) and
 * strictly everywhere else (members of the wrong type, empty or oversized
 * signatures, too many of them are errors, not skipped), because a field
 * silently dropped is how a verifier gets fooled.
 *
 * Writing goes through jansson for string escaping only: json_string()
 * refuses invalid UTF-8, so a payloadType we could not write faithfully
 * is an error instead of a U+FFFD that would no longer match the PAE.
 * A predicate is embedded as its own text with the whitespace between
 * tokens removed, so its numbers and member order survive byte for byte.
 */
#include "dsse.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "b64.h"

static const cs_mark no_mark = {0, 0};

#define DSSE_CTX "while reading a DSSE envelope"
#define STMT_CTX "while reading an in-toto statement"

/* A string member without an embedded NUL (which C would cut short). */
static bool plain_string(const json_t *v)
{
	return json_is_string(v) &&
	       strlen(json_string_value(v)) == json_string_length(v);
}

bool cs_dsse_pae(cs_buf *out, const char *type, const void *body, size_t len)
{
	size_t tlen = strlen(type);
	cs_buf_printf(out, "DSSEv1 %zu ", tlen);
	cs_buf_add(out, type, tlen);
	cs_buf_printf(out, " %zu ", len);
	cs_buf_add(out, body, len);
	return !out->failed;
}

void cs_dsse_free(cs_dsse_env *e)
{
	if (!e)
		return;
	free(e->payload_type);
	free(e->payload);
	for (size_t i = 0; i < e->nsigs; i++) {
		free(e->sigs[i].keyid);
		free(e->sigs[i].sig);
	}
	free(e->sigs);
	memset(e, 0, sizeof(*e));
}

/* Decode a base64 member into a fresh malloc'd buffer of at most max
 * bytes; *len its size. */
static bool decode_member(const json_t *v, size_t max, unsigned char **data,
			  size_t *len)
{
	const char *s = json_string_value(v);
	size_t n = json_string_length(v);
	cs_buf b;
	cs_buf_init(&b, max + 1);
	if (!cs_b64_decode(&b, s, n) || b.failed || b.len > max) {
		cs_buf_free(&b);
		return false;
	}
	if (!b.data) {
		/* empty: still hand back a valid, freeable pointer */
		*data = calloc(1, 1);
		*len = 0;
		return *data != NULL;
	}
	*data = (unsigned char *)cs_buf_detach(&b, len);
	return *data != NULL;
}

static bool dsse_fail(cs_dsse_env *e, cs_error *err, cs_errcode code,
		      const char *msg)
{
	char copy[sizeof(err->message)];
	snprintf(copy, sizeof(copy), "%s", msg); /* msg may be err's own */
	cs_dsse_free(e);
	cs_error_set(err, code, no_mark, DSSE_CTX, "%s", copy);
	return false;
}

/* The envelope's member `key`, which must be there with type t; NULL with
 * "the envelope has no ..." or "... is not a string/an array" in err. */
static const json_t *member(const json_t *obj, const char *key, json_type t,
			    cs_error *err)
{
	const json_t *v = json_object_get(obj, key);
	if (!v)
		cs_error_set(err, CS_ERR_PARSE, no_mark, DSSE_CTX,
			     "the envelope has no \"%s\"", key);
	else if (json_typeof(v) != t)
		cs_error_set(err, CS_ERR_PARSE, no_mark, DSSE_CTX,
			     "\"%s\" is not %s", key,
			     t == JSON_STRING ? "a string" : "an array");
	else
		return v;
	return NULL;
}

static bool read_sig(cs_dsse_sig *out, const json_t *s, size_t i, cs_error *err)
{
	if (!json_is_object(s)) {
		cs_error_set(err, CS_ERR_PARSE, no_mark, DSSE_CTX,
			     "signature %zu is not an object", i + 1);
		return false;
	}
	const json_t *keyid = json_object_get(s, "keyid");
	const json_t *sig = json_object_get(s, "sig");
	if (!sig) {
		cs_error_set(err, CS_ERR_PARSE, no_mark, DSSE_CTX,
			     "signature %zu has no \"sig\"", i + 1);
		return false;
	}
	if (!json_is_string(sig)) {
		cs_error_set(err, CS_ERR_PARSE, no_mark, DSSE_CTX,
			     "\"sig\" of signature %zu is not a string", i + 1);
		return false;
	}
	if (keyid && !json_is_string(keyid) && !json_is_null(keyid)) {
		cs_error_set(err, CS_ERR_PARSE, no_mark, DSSE_CTX,
			     "\"keyid\" of signature %zu is not a string",
			     i + 1);
		return false;
	}
	if (!decode_member(sig, CS_KEY_MAX_SIG, &out->sig, &out->len)) {
		cs_error_set(err, CS_ERR_PARSE, no_mark, DSSE_CTX,
			     "\"sig\" of signature %zu is not base64 of at "
			     "most %u bytes",
			     i + 1, CS_KEY_MAX_SIG);
		return false;
	}
	if (out->len == 0) {
		cs_error_set(err, CS_ERR_PARSE, no_mark, DSSE_CTX,
			     "signature %zu is empty", i + 1);
		return false;
	}
	if (json_is_string(keyid)) {
		out->keyid = strdup(json_string_value(keyid));
		if (!out->keyid) {
			cs_error_set(err, CS_ERR_NOMEM, no_mark, DSSE_CTX,
				     "out of memory");
			return false;
		}
	}
	return true;
}

bool cs_dsse_from_json(cs_dsse_env *e, const json_t *obj, cs_error *err)
{
	memset(e, 0, sizeof(*e));
	if (!json_is_object(obj))
		return dsse_fail(e, err, CS_ERR_PARSE,
				 "the envelope is not a JSON object");
	const json_t *ptype = member(obj, "payloadType", JSON_STRING, err);
	if (!ptype)
		return dsse_fail(e, err, CS_ERR_PARSE, err->message);
	if (!plain_string(ptype))
		return dsse_fail(e, err, CS_ERR_PARSE,
				 "\"payloadType\" contains a NUL character");
	const json_t *payload = member(obj, "payload", JSON_STRING, err);
	const json_t *sigs =
		payload ? member(obj, "signatures", JSON_ARRAY, err) : NULL;
	if (!sigs)
		return dsse_fail(e, err, CS_ERR_PARSE, err->message);
	size_t n = json_array_size(sigs);
	if (n == 0)
		return dsse_fail(e, err, CS_ERR_PARSE,
				 "the envelope has no signatures");
	if (n > CS_DSSE_MAX_SIGS) {
		cs_dsse_free(e);
		cs_error_set(err, CS_ERR_LIMIT, no_mark, DSSE_CTX,
			     "the envelope has %zu signatures, more than the "
			     "limit of %u",
			     n, CS_DSSE_MAX_SIGS);
		return false;
	}

	e->payload_type = strdup(json_string_value(ptype));
	e->sigs = calloc(n, sizeof(*e->sigs));
	if (!e->payload_type || !e->sigs)
		return dsse_fail(e, err, CS_ERR_NOMEM, "out of memory");
	if (!decode_member(payload, CS_DSSE_MAX_JSON, &e->payload,
			   &e->payload_len))
		return dsse_fail(e, err, CS_ERR_PARSE,
				 "\"payload\" is not valid base64");
	for (size_t i = 0; i < n; i++) {
		e->nsigs = i + 1;
		if (!read_sig(&e->sigs[i], json_array_get(sigs, i), i, err)) {
			cs_error saved = *err;
			cs_dsse_free(e);
			*err = saved;
			return false;
		}
	}
	return true;
}

bool cs_dsse_parse(cs_dsse_env *e, const char *json, size_t len, cs_error *err)
{
	memset(e, 0, sizeof(*e));
	if (len > CS_DSSE_MAX_JSON) {
		cs_error_set(err, CS_ERR_LIMIT, no_mark, DSSE_CTX,
			     "the envelope is %zu bytes, more than the limit "
			     "of %u",
			     len, CS_DSSE_MAX_JSON);
		return false;
	}
	json_error_t je;
	json_t *j = json_loadb(json, len, JSON_REJECT_DUPLICATES, &je);
	if (!j) {
		cs_mark m = {(uint32_t)(je.line > 0 ? je.line : 0),
			     (uint32_t)(je.column > 0 ? je.column : 0)};
		cs_error_set(err, CS_ERR_PARSE, m, DSSE_CTX,
			     "the envelope is not valid JSON: %s", je.text);
		return false;
	}
	bool ok = cs_dsse_from_json(e, j, err);
	json_decref(j);
	return ok;
}

/* s as a JSON string literal; false for text that is not UTF-8 (or out
 * of memory). */
static bool put_string(cs_buf *out, const char *s)
{
	json_t *v = json_string(s);
	if (!v)
		return false;
	char *t = json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT);
	json_decref(v);
	if (!t)
		return false;
	bool ok = cs_buf_adds(out, t);
	free(t);
	return ok;
}

bool cs_dsse_sign(cs_buf *out, const cs_key *k, const char *type,
		  const void *body, size_t len, const char *keyid,
		  cs_error *err)
{
	cs_buf pae, sig, env;
	cs_buf_init(&pae, 0);
	cs_buf_init(&sig, 0);
	cs_buf_init(&env, 0);
	bool ok = false;
	if (!cs_dsse_pae(&pae, type, body, len)) {
		cs_error_set(err, CS_ERR_NOMEM, no_mark, NULL, "out of memory");
		goto done;
	}
	if (!cs_key_sign(k, pae.data, pae.len, &sig, err))
		goto done;
	cs_buf_adds(&env, "{\"payload\":\"");
	cs_b64_encode(&env, body, len);
	cs_buf_adds(&env, "\",\"payloadType\":");
	if (!put_string(&env, type)) {
		cs_error_set(err, CS_ERR_USAGE, no_mark, NULL,
			     "the payload type is not UTF-8 text");
		goto done;
	}
	cs_buf_adds(&env, ",\"signatures\":[{");
	if (keyid) {
		cs_buf_adds(&env, "\"keyid\":");
		if (!put_string(&env, keyid)) {
			cs_error_set(err, CS_ERR_USAGE, no_mark, NULL,
				     "the key id is not UTF-8 text");
			goto done;
		}
		cs_buf_addc(&env, ',');
	}
	cs_buf_adds(&env, "\"sig\":\"");
	cs_b64_encode(&env, sig.data, sig.len);
	cs_buf_adds(&env, "\"}]}");
	if (env.failed || !cs_buf_add(out, env.data, env.len)) {
		cs_error_set(err, CS_ERR_NOMEM, no_mark, NULL, "out of memory");
		goto done;
	}
	ok = true;
done:
	cs_buf_free(&pae);
	cs_buf_free(&sig);
	cs_buf_free(&env);
	return ok;
}

bool cs_dsse_verify(const cs_dsse_env *e, const cs_key *k, size_t *which,
		    cs_error *err)
{
	if (e->nsigs == 0 || !e->payload_type) {
		cs_error_set(err, CS_ERR_PARSE, no_mark, NULL,
			     "the envelope has no signatures");
		return false;
	}
	cs_buf pae;
	cs_buf_init(&pae, 0);
	if (!cs_dsse_pae(&pae, e->payload_type, e->payload, e->payload_len)) {
		cs_buf_free(&pae);
		cs_error_set(err, CS_ERR_NOMEM, no_mark, NULL, "out of memory");
		return false;
	}
	bool ok = false;
	for (size_t i = 0; i < e->nsigs && !ok; i++) {
		cs_error e1 = {0};
		if (cs_key_verify(k, pae.data, pae.len, e->sigs[i].sig,
				  e->sigs[i].len, &e1)) {
			ok = true;
			if (which)
				*which = i;
		}
	}
	cs_buf_free(&pae);
	if (!ok)
		cs_error_set(err, CS_ERR_PARSE, no_mark, NULL,
			     "no signature verifies with the key");
	return ok;
}

/* ---- in-toto Statements ---- */

void cs_intoto_free(cs_intoto_stmt *s)
{
	if (!s)
		return;
	free(s->type);
	free(s->predicate_type);
	for (size_t i = 0; i < s->nsubjects; i++) {
		cs_intoto_subject *sub = &s->subjects[i];
		free(sub->name);
		for (size_t j = 0; j < sub->ndigests; j++) {
			free(sub->digests[j].alg);
			free(sub->digests[j].value);
		}
		free(sub->digests);
	}
	free(s->subjects);
	free(s->predicate);
	memset(s, 0, sizeof(*s));
}

static bool read_subject(cs_intoto_subject *sub, const json_t *o, size_t i,
			 cs_error *err)
{
	if (!json_is_object(o)) {
		cs_error_set(err, CS_ERR_PARSE, no_mark, STMT_CTX,
			     "subject %zu is not an object", i + 1);
		return false;
	}
	const json_t *name = json_object_get(o, "name");
	const json_t *digest = json_object_get(o, "digest");
	if (name && !plain_string(name)) {
		cs_error_set(err, CS_ERR_PARSE, no_mark, STMT_CTX,
			     "the name of subject %zu is not a string", i + 1);
		return false;
	}
	if (!json_is_object(digest) || json_object_size(digest) == 0) {
		cs_error_set(err, CS_ERR_PARSE, no_mark, STMT_CTX,
			     "subject %zu has no digest", i + 1);
		return false;
	}
	size_t n = json_object_size(digest);
	if (n > CS_INTOTO_MAX_DIGESTS) {
		cs_error_set(err, CS_ERR_LIMIT, no_mark, STMT_CTX,
			     "subject %zu has %zu digests, more than the "
			     "limit of %u",
			     i + 1, n, CS_INTOTO_MAX_DIGESTS);
		return false;
	}
	if (name && !(sub->name = strdup(json_string_value(name))))
		goto nomem;
	sub->digests = calloc(n, sizeof(*sub->digests));
	if (!sub->digests)
		goto nomem;
	const char *alg;
	const json_t *v;
	json_object_foreach((json_t *)digest, alg, v)
	{
		if (!plain_string(v)) {
			cs_error_set(err, CS_ERR_PARSE, no_mark, STMT_CTX,
				     "digest \"%s\" of subject %zu is not a "
				     "string",
				     alg, i + 1);
			return false;
		}
		cs_intoto_digest *d = &sub->digests[sub->ndigests++];
		d->alg = strdup(alg);
		d->value = strdup(json_string_value(v));
		if (!d->alg || !d->value)
			goto nomem;
	}
	return true;
nomem:
	cs_error_set(err, CS_ERR_NOMEM, no_mark, STMT_CTX, "out of memory");
	return false;
}

static bool stmt_fail(cs_intoto_stmt *s, cs_error *err, cs_errcode code,
		      const char *msg)
{
	cs_intoto_free(s);
	cs_error_set(err, code, no_mark, STMT_CTX, "%s", msg);
	return false;
}

static bool read_statement(cs_intoto_stmt *s, const json_t *j, cs_error *err)
{
	if (!json_is_object(j))
		return stmt_fail(s, err, CS_ERR_PARSE,
				 "the statement is not a JSON object");
	const json_t *type = json_object_get(j, "_type");
	const json_t *subjects = json_object_get(j, "subject");
	const json_t *ptype = json_object_get(j, "predicateType");
	const json_t *pred = json_object_get(j, "predicate");
	if (!plain_string(type))
		return stmt_fail(s, err, CS_ERR_PARSE,
				 "the statement has no \"_type\" string");
	const char *t = json_string_value(type);
	if (strcmp(t, CS_INTOTO_STATEMENT_V1) == 0)
		s->v1 = true;
	else if (strcmp(t, CS_INTOTO_STATEMENT_V01) != 0) {
		cs_intoto_free(s);
		cs_error_set(err, CS_ERR_PARSE, no_mark, STMT_CTX,
			     "unknown statement type \"%.100s\" (expected %s "
			     "or %s)",
			     t, CS_INTOTO_STATEMENT_V1,
			     CS_INTOTO_STATEMENT_V01);
		return false;
	}
	if (!plain_string(ptype) || !*json_string_value(ptype))
		return stmt_fail(s, err, CS_ERR_PARSE,
				 "the statement has no \"predicateType\" "
				 "string");
	if (!json_is_array(subjects) || json_array_size(subjects) == 0)
		return stmt_fail(s, err, CS_ERR_PARSE,
				 "the statement has no \"subject\" array");
	size_t n = json_array_size(subjects);
	if (n > CS_INTOTO_MAX_SUBJECTS) {
		cs_intoto_free(s);
		cs_error_set(err, CS_ERR_LIMIT, no_mark, STMT_CTX,
			     "the statement has %zu subjects, more than the "
			     "limit of %u",
			     n, CS_INTOTO_MAX_SUBJECTS);
		return false;
	}
	if (pred && !json_is_object(pred) && !json_is_null(pred))
		return stmt_fail(s, err, CS_ERR_PARSE,
				 "\"predicate\" is not an object");
	s->type = strdup(t);
	s->predicate_type = strdup(json_string_value(ptype));
	s->subjects = calloc(n, sizeof(*s->subjects));
	if (!s->type || !s->predicate_type || !s->subjects)
		return stmt_fail(s, err, CS_ERR_NOMEM, "out of memory");
	for (size_t i = 0; i < n; i++) {
		s->nsubjects = i + 1;
		if (!read_subject(&s->subjects[i], json_array_get(subjects, i),
				  i, err)) {
			cs_error saved = *err;
			cs_intoto_free(s);
			*err = saved;
			return false;
		}
	}
	if (json_is_object(pred)) {
		s->predicate =
			json_dumps(pred, JSON_COMPACT | JSON_PRESERVE_ORDER |
						 JSON_REAL_PRECISION(17));
		if (!s->predicate)
			return stmt_fail(s, err, CS_ERR_NOMEM, "out of memory");
	}
	return true;
}

bool cs_intoto_parse(cs_intoto_stmt *s, const void *json, size_t len,
		     cs_error *err)
{
	memset(s, 0, sizeof(*s));
	if (len > CS_DSSE_MAX_JSON) {
		cs_error_set(err, CS_ERR_LIMIT, no_mark, STMT_CTX,
			     "the statement is %zu bytes, more than the limit "
			     "of %u",
			     len, CS_DSSE_MAX_JSON);
		return false;
	}
	json_error_t je;
	json_t *j = json_loadb(json, len, JSON_REJECT_DUPLICATES, &je);
	if (!j) {
		cs_error_set(err, CS_ERR_PARSE, no_mark, STMT_CTX,
			     "the statement is not valid JSON: %s", je.text);
		return false;
	}
	bool ok = read_statement(s, j, err);
	json_decref(j);
	return ok;
}

static bool is_sha_alg(const char *alg)
{
	return strncmp(alg, "sha", 3) == 0;
}

bool cs_intoto_has_digest(const cs_intoto_stmt *s, const char *alg,
			  const char *value, size_t *which)
{
	bool fold = is_sha_alg(alg);
	for (size_t i = 0; i < s->nsubjects; i++) {
		const cs_intoto_subject *sub = &s->subjects[i];
		for (size_t j = 0; j < sub->ndigests; j++) {
			const cs_intoto_digest *d = &sub->digests[j];
			if (strcmp(d->alg, alg) != 0)
				continue;
			if (fold ? strcasecmp(d->value, value) == 0
				 : strcmp(d->value, value) == 0) {
				if (which)
					*which = i;
				return true;
			}
		}
	}
	return false;
}

/* Append valid JSON text with the whitespace between its tokens removed
 * (strings kept as they are). */
static bool add_compact(cs_buf *out, const char *p, size_t n)
{
	bool in_str = false, esc = false;
	for (size_t i = 0; i < n; i++) {
		char c = p[i];
		if (in_str) {
			if (esc)
				esc = false;
			else if (c == '\\')
				esc = true;
			else if (c == '"')
				in_str = false;
		} else if (c == '"') {
			in_str = true;
		} else if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
			continue;
		}
		cs_buf_addc(out, c);
	}
	return !out->failed;
}

bool cs_intoto_build(cs_buf *out, const char *name, const char *alg,
		     const char *value, const char *predicate_type,
		     const char *predicate, size_t predicate_len, cs_error *err)
{
	const char *ctx = "while writing an in-toto statement";
	if (!alg || !*alg || !value || !*value || !predicate_type ||
	    !*predicate_type) {
		cs_error_set(err, CS_ERR_USAGE, no_mark, ctx,
			     "a statement needs a subject digest and a "
			     "predicate type");
		return false;
	}
	bool has_pred = predicate && predicate_len > 0;
	if (has_pred) {
		if (predicate_len > CS_DSSE_MAX_JSON) {
			cs_error_set(err, CS_ERR_LIMIT, no_mark, ctx,
				     "the predicate is %zu bytes, more than "
				     "the limit of %u",
				     predicate_len, CS_DSSE_MAX_JSON);
			return false;
		}
		json_error_t je;
		json_t *p = json_loadb(predicate, predicate_len,
				       JSON_REJECT_DUPLICATES | JSON_DECODE_ANY,
				       &je);
		bool obj = json_is_object(p);
		json_decref(p);
		if (!p) {
			cs_mark m = {(uint32_t)(je.line > 0 ? je.line : 0),
				     (uint32_t)(je.column > 0 ? je.column : 0)};
			cs_error_set(err, CS_ERR_PARSE, m, ctx,
				     "the predicate is not valid JSON: %s",
				     je.text);
			return false;
		}
		if (!obj) {
			cs_error_set(err, CS_ERR_PARSE, no_mark, ctx,
				     "the predicate is not a JSON object");
			return false;
		}
	}
	cs_buf b;
	cs_buf_init(&b, 0);
	bool ok = cs_buf_adds(&b, "{\"_type\":\"" CS_INTOTO_STATEMENT_V1
				  "\",\"subject\":[{");
	if (name) {
		ok = ok && cs_buf_adds(&b, "\"name\":") &&
		     put_string(&b, name) && cs_buf_addc(&b, ',');
	}
	ok = ok && cs_buf_adds(&b, "\"digest\":{") && put_string(&b, alg) &&
	     cs_buf_addc(&b, ':') && put_string(&b, value) &&
	     cs_buf_adds(&b, "}}],\"predicateType\":") &&
	     put_string(&b, predicate_type);
	if (ok && has_pred)
		ok = cs_buf_adds(&b, ",\"predicate\":") &&
		     add_compact(&b, predicate, predicate_len);
	ok = ok && cs_buf_addc(&b, '}') && cs_buf_add(out, b.data, b.len);
	cs_buf_free(&b);
	if (!ok)
		cs_error_set(err, CS_ERR_USAGE, no_mark, ctx,
			     "the subject name, digest or predicate type is "
			     "not UTF-8 text");
	return ok;
}

static const struct {
	const char *name, *uri;
} predicate_types[] = {
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
};

const char *cs_intoto_predicate_uri(const char *type)
{
	if (!type)
		return NULL;
	if (strstr(type, "://"))
		return type;
	for (size_t i = 0;
	     i < sizeof(predicate_types) / sizeof(predicate_types[0]); i++)
		if (strcmp(type, predicate_types[i].name) == 0)
			return predicate_types[i].uri;
	return NULL;
}

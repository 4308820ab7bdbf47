/*
 * provenance.c - SLSA Provenance v1 predicates; see provenance.h.
 *
 * The predicate is built as a jansson tree and dumped with
 * JSON_PRESERVE_ORDER, so the member order is the order of the code
 * below and the bytes depend on nothing but the input.  Parameters given
 * as JSON text are parsed (objects only, duplicates refused) and grafted
 * in; they are arbitrary user data and only their shape is checked.
 */
#include "provenance.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

static const cs_mark no_mark = {0, 0};

#define PROV_CTX "while writing a SLSA provenance predicate"

/* The hex length a digest algorithm's value must have; 0: not checked
 * (gitCommit may be SHA-1 or SHA-256: 40 or 64, handled by the caller). */
static size_t digest_hex_len(const char *alg)
{
	static const struct {
		const char *alg;
		size_t len;
	} lens[] = {
		{"sha1", 40},
		{"sha256", 64},
		{"sha384", 96},
		{"sha512", 128},
	};
	for (size_t i = 0; i < sizeof(lens) / sizeof(lens[0]); i++)
		if (strcmp(alg, lens[i].alg) == 0)
			return lens[i].len;
	return 0;
}

static bool all_hex(const char *s)
{
	for (; *s; s++)
		if (!isxdigit((unsigned char)*s))
			return false;
	return true;
}

static bool check_digest(const cs_prov_kv *d, const char *what, cs_error *err)
{
	if (!d->key || !*d->key || !d->value || !*d->value) {
		cs_error_set(err, CS_ERR_USAGE, no_mark, PROV_CTX,
			     "%s has a digest without an algorithm or value",
			     what);
		return false;
	}
	size_t want = digest_hex_len(d->key);
	size_t len = strlen(d->value);
	bool git = strcmp(d->key, "gitCommit") == 0;
	if ((want && (len != want || !all_hex(d->value))) ||
	    (git && ((len != 40 && len != 64) || !all_hex(d->value)))) {
		cs_error_set(err, CS_ERR_USAGE, no_mark, PROV_CTX,
			     "%s: the %s digest must be %s hex digits, not "
			     "'%.80s'",
			     what, d->key,
			     git	  ? "40 or 64"
			     : want == 40 ? "40"
			     : want == 64 ? "64"
			     : want == 96 ? "96"
					  : "128",
			     d->value);
		return false;
	}
	return true;
}

/* Set key to a new string value, refusing text that is not UTF-8. */
static bool set_str(json_t *o, const char *key, const char *v, cs_error *err)
{
	json_t *s = json_string(v);
	if (!s || json_object_set_new(o, key, s) != 0) {
		cs_error_set(err, CS_ERR_USAGE, no_mark, PROV_CTX,
			     "'%.80s' (for %s) is not UTF-8 text", v, key);
		return false;
	}
	return true;
}

static json_t *parse_object(const char *text, const char *what, cs_error *err)
{
	json_error_t je;
	json_t *j =
		json_loads(text, JSON_REJECT_DUPLICATES | JSON_DECODE_ANY, &je);
	if (!j) {
		cs_mark m = {(uint32_t)(je.line > 0 ? je.line : 0),
			     (uint32_t)(je.column > 0 ? je.column : 0)};
		cs_error_set(err, CS_ERR_PARSE, m, PROV_CTX,
			     "%s are not valid JSON: %s", what, je.text);
		return NULL;
	}
	if (!json_is_object(j)) {
		json_decref(j);
		cs_error_set(err, CS_ERR_PARSE, no_mark, PROV_CTX,
			     "%s must be a JSON object", what);
		return NULL;
	}
	return j;
}

static json_t *build_rd(const cs_prov_rd *rd, const char *what, cs_error *err)
{
	if (!rd->uri && !rd->name && rd->ndigests == 0) {
		cs_error_set(err, CS_ERR_USAGE, no_mark, PROV_CTX,
			     "%s has no URI, name or digest", what);
		return NULL;
	}
	if (rd->uri && !*rd->uri) {
		cs_error_set(err, CS_ERR_USAGE, no_mark, PROV_CTX,
			     "%s has an empty URI", what);
		return NULL;
	}
	json_t *o = json_object();
	if (!o)
		goto nomem;
	if (rd->uri && !set_str(o, "uri", rd->uri, err))
		goto fail;
	if (rd->ndigests) {
		json_t *d = json_object();
		if (!d || json_object_set_new(o, "digest", d) != 0)
			goto nomem;
		for (size_t i = 0; i < rd->ndigests; i++) {
			if (!check_digest(&rd->digests[i], what, err))
				goto fail;
			if (!set_str(d, rd->digests[i].key,
				     rd->digests[i].value, err))
				goto fail;
		}
	}
	if (rd->name && !set_str(o, "name", rd->name, err))
		goto fail;
	return o;
nomem:
	cs_error_set(err, CS_ERR_NOMEM, no_mark, PROV_CTX, "out of memory");
fail:
	json_decref(o);
	return NULL;
}

static bool add_rds(json_t *parent, const char *key, const cs_prov_rd *rds,
		    size_t n, const char *what, cs_error *err)
{
	if (n == 0)
		return true;
	json_t *a = json_array();
	if (!a || json_object_set_new(parent, key, a) != 0) {
		cs_error_set(err, CS_ERR_NOMEM, no_mark, PROV_CTX,
			     "out of memory");
		return false;
	}
	for (size_t i = 0; i < n; i++) {
		char label[64];
		snprintf(label, sizeof(label), "%s %zu", what, i + 1);
		json_t *rd = build_rd(&rds[i], label, err);
		if (!rd)
			return false;
		if (json_array_append_new(a, rd) != 0) {
			cs_error_set(err, CS_ERR_NOMEM, no_mark, PROV_CTX,
				     "out of memory");
			return false;
		}
	}
	return true;
}

static bool rfc3339(char out[32], int64_t t)
{
	time_t tt = (time_t)t;
	struct tm tm;
	if (t < 0 || t > 253402300799LL || !gmtime_r(&tt, &tm))
		return false;
	return strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm) > 0;
}

static bool nomem(cs_error *err)
{
	cs_error_set(err, CS_ERR_NOMEM, no_mark, PROV_CTX, "out of memory");
	return false;
}

static bool build_definition(json_t *root, const cs_provenance *p,
			     cs_error *err)
{
	json_t *bd = json_object();
	if (!bd || json_object_set_new(root, "buildDefinition", bd) != 0)
		return nomem(err);
	if (!set_str(bd, "buildType", p->build_type, err))
		return false;

	json_t *ext;
	if (p->external_json) {
		ext = parse_object(p->external_json, "the external parameters",
				   err);
		if (!ext)
			return false;
	} else if (!(ext = json_object())) {
		return nomem(err);
	}
	if (json_object_set_new(bd, "externalParameters", ext) != 0)
		return nomem(err);
	for (size_t i = 0; i < p->nexternal; i++) {
		const cs_prov_kv *kv = &p->external[i];
		if (!kv->key || !*kv->key || !kv->value) {
			cs_error_set(err, CS_ERR_USAGE, no_mark, PROV_CTX,
				     "an external parameter needs a name and "
				     "a value");
			return false;
		}
		if (!set_str(ext, kv->key, kv->value, err))
			return false;
	}
	if (p->internal_json) {
		json_t *in = parse_object(p->internal_json,
					  "the internal parameters", err);
		if (!in)
			return false;
		if (json_object_set_new(bd, "internalParameters", in) != 0)
			return nomem(err);
	}
	return add_rds(bd, "resolvedDependencies", p->dependencies,
		       p->ndependencies, "dependency", err);
}

static bool run_details(json_t *root, const cs_provenance *p, cs_error *err)
{
	json_t *rd = json_object();
	if (!rd || json_object_set_new(root, "runDetails", rd) != 0)
		return nomem(err);
	json_t *builder = json_object();
	if (!builder || json_object_set_new(rd, "builder", builder) != 0)
		return nomem(err);
	if (!set_str(builder, "id", p->builder_id, err))
		return false;
	if (p->nbuilder_version) {
		json_t *v = json_object();
		if (!v || json_object_set_new(builder, "version", v) != 0)
			return nomem(err);
		for (size_t i = 0; i < p->nbuilder_version; i++) {
			const cs_prov_kv *kv = &p->builder_version[i];
			if (!kv->key || !*kv->key || !kv->value) {
				cs_error_set(err, CS_ERR_USAGE, no_mark,
					     PROV_CTX,
					     "a builder version needs a name "
					     "and a value");
				return false;
			}
			if (!set_str(v, kv->key, kv->value, err))
				return false;
		}
	}
	if (p->invocation_id || p->has_started_on || p->has_finished_on) {
		json_t *m = json_object();
		if (!m || json_object_set_new(rd, "metadata", m) != 0)
			return nomem(err);
		if (p->invocation_id &&
		    !set_str(m, "invocationId", p->invocation_id, err))
			return false;
		char t[32];
		if (p->has_started_on) {
			if (!rfc3339(t, p->started_on)) {
				cs_error_set(err, CS_ERR_USAGE, no_mark,
					     PROV_CTX,
					     "startedOn is out of range");
				return false;
			}
			if (!set_str(m, "startedOn", t, err))
				return false;
		}
		if (p->has_finished_on) {
			if (!rfc3339(t, p->finished_on)) {
				cs_error_set(err, CS_ERR_USAGE, no_mark,
					     PROV_CTX,
					     "finishedOn is out of range");
				return false;
			}
			if (!set_str(m, "finishedOn", t, err))
				return false;
		}
	}
	return add_rds(rd, "byproducts", p->byproducts, p->nbyproducts,
		       "byproduct", err);
}

bool cs_provenance_build(cs_buf *out, const cs_provenance *p, cs_error *err)
{
	if (!p->build_type || !*p->build_type) {
		cs_error_set(err, CS_ERR_USAGE, no_mark, PROV_CTX,
			     "the build type is required");
		return false;
	}
	if (!p->builder_id || !*p->builder_id) {
		cs_error_set(err, CS_ERR_USAGE, no_mark, PROV_CTX,
			     "the builder id is required");
		return false;
	}
	if (p->invocation_id && !*p->invocation_id) {
		cs_error_set(err, CS_ERR_USAGE, no_mark, PROV_CTX,
			     "the invocation id is empty");
		return false;
	}
	if (p->has_started_on && p->has_finished_on &&
	    p->finished_on < p->started_on) {
		cs_error_set(err, CS_ERR_USAGE, no_mark, PROV_CTX,
			     "finishedOn is before startedOn");
		return false;
	}
	json_t *root = json_object();
	if (!root)
		return nomem(err);
	bool ok = build_definition(root, p, err) && run_details(root, p, err);
	if (ok) {
		char *text =
			json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER |
						 JSON_REAL_PRECISION(17));
		ok = text && cs_buf_adds(out, text) && cs_buf_addc(out, '\n');
		free(text);
		if (!ok)
			nomem(err);
	}
	json_decref(root);
	return ok;
}

/* ---- GitHub Actions ---- */

void cs_github_prov_free(cs_github_prov *g)
{
	if (!g)
		return;
	free(g->builder_id);
	free(g->invocation_id);
	free(g->external_json);
	free(g->internal_json);
	free(g->dependency_uri);
	free(g->dependency_commit);
	memset(g, 0, sizeof(*g));
}

static char *dupf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static char *dupf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *s = NULL;
	if (vasprintf(&s, fmt, ap) < 0)
		s = NULL;
	va_end(ap);
	return s;
}

static char *dump_compact(json_t *j)
{
	char *s = j ? json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
	json_decref(j);
	return s;
}

static bool set_opt(json_t *o, const char *key, const char *v)
{
	return !v || json_object_set_new(o, key, json_string(v)) == 0;
}

bool cs_github_provenance(cs_github_prov *g, const cs_github_env *env,
			  cs_error *err)
{
	memset(g, 0, sizeof(*g));
	const char *ctx = "while reading the GitHub Actions variables";
	const char *need =
		!env->server_url || !*env->server_url	? "GITHUB_SERVER_URL"
		: !env->repository || !*env->repository ? "GITHUB_REPOSITORY"
		: !env->workflow_ref || !*env->workflow_ref
			? "GITHUB_WORKFLOW_REF"
			: NULL;
	if (need) {
		cs_error_set(err, CS_ERR_USAGE, no_mark, ctx,
			     "%s is not set (is this a GitHub Actions run?)",
			     need);
		return false;
	}
	/* GITHUB_WORKFLOW_REF is OWNER/REPO/PATH@REF */
	size_t rlen = strlen(env->repository);
	const char *at = strrchr(env->workflow_ref, '@');
	if (strncmp(env->workflow_ref, env->repository, rlen) != 0 ||
	    env->workflow_ref[rlen] != '/' || !at ||
	    at <= env->workflow_ref + rlen + 1 || !at[1]) {
		cs_error_set(err, CS_ERR_USAGE, no_mark, ctx,
			     "GITHUB_WORKFLOW_REF '%.100s' is not "
			     "%s/PATH@REF",
			     env->workflow_ref, env->repository);
		return false;
	}
	const char *path = env->workflow_ref + rlen + 1;
	int path_len = (int)(at - path);
	const char *server = env->server_url;
	size_t slen = strlen(server);
	while (slen > 0 && server[slen - 1] == '/')
		slen--;
	int sl = (int)slen;

	g->builder_id = dupf("%.*s/%s", sl, server, env->workflow_ref);
	if (env->run_id && *env->run_id)
		g->invocation_id = dupf(
			"%.*s/%s/actions/runs/%s/attempts/%s", sl, server,
			env->repository, env->run_id,
			env->run_attempt && *env->run_attempt ? env->run_attempt
							      : "1");
	char *repo_url = dupf("%.*s/%s", sl, server, env->repository);
	char *wf_path = dupf("%.*s", path_len, path);
	json_t *ext = json_object(), *wf = json_object();
	bool ok = repo_url && wf_path && ext && wf;
	if (!ok)
		json_decref(wf); /* not handed to ext yet */
	ok = ok && json_object_set_new(ext, "workflow", wf) == 0 &&
	     set_opt(wf, "ref", at + 1) &&
	     set_opt(wf, "repository", repo_url) &&
	     set_opt(wf, "path", wf_path);
	g->external_json = ok ? dump_compact(ext) : (json_decref(ext), NULL);
	ok = ok && g->external_json;

	if (ok && ((env->event_name && *env->event_name) ||
		   (env->repository_id && *env->repository_id) ||
		   (env->repository_owner_id && *env->repository_owner_id) ||
		   (env->runner_environment && *env->runner_environment))) {
		json_t *in = json_object(), *gh = json_object();
		ok = in && gh;
		if (!ok)
			json_decref(gh); /* not handed to in yet */
		ok = ok && json_object_set_new(in, "github", gh) == 0 &&
		     set_opt(gh, "event_name", env->event_name) &&
		     set_opt(gh, "repository_id", env->repository_id) &&
		     set_opt(gh, "repository_owner_id",
			     env->repository_owner_id) &&
		     set_opt(gh, "runner_environment", env->runner_environment);
		g->internal_json =
			ok ? dump_compact(in) : (json_decref(in), NULL);
		ok = ok && g->internal_json;
	}
	if (ok) {
		g->dependency_uri =
			env->ref && *env->ref
				? dupf("git+%s@%s", repo_url, env->ref)
				: dupf("git+%s", repo_url);
		if (env->sha && *env->sha)
			g->dependency_commit = strdup(env->sha);
		ok = g->dependency_uri &&
		     (!env->sha || !*env->sha || g->dependency_commit);
	}
	ok = ok && g->builder_id &&
	     (!env->run_id || !*env->run_id || g->invocation_id);
	free(repo_url);
	free(wf_path);
	if (!ok) {
		cs_github_prov_free(g);
		cs_error_set(err, CS_ERR_USAGE, no_mark, ctx,
			     "the GitHub Actions variables are not UTF-8 "
			     "text (or out of memory)");
	}
	return ok;
}

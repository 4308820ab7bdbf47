/*
 * provenance.h - SLSA Provenance v1 predicates
 * (https://slsa.dev/provenance/v1).
 *
 * The predicate of an in-toto Statement whose predicateType is
 * CS_SLSA_PROVENANCE_V1:
 *   {"buildDefinition":{"buildType","externalParameters",
 *     "internalParameters","resolvedDependencies":[RD]},
 *    "runDetails":{"builder":{"id","version"},
 *     "metadata":{"invocationId","startedOn","finishedOn"},
 *     "byproducts":[RD]}}
 * RD is an in-toto ResourceDescriptor {"uri","digest":{alg: value},"name"}.
 * buildType, externalParameters (always an object, {} when nothing is
 * given) and builder.id are required; anything unset is omitted.  Times
 * are taken as seconds (the library never reads the clock) and written
 * as RFC 3339 UTC ("2026-01-02T03:04:05Z").
 *
 * The output is deterministic: members in the order above, parameters in
 * the order given (a key=value pair replaces the same key of the JSON
 * object text), two-space indentation, a final newline.
 *
 * Validation: URIs that are given must not be empty, a dependency or
 * byproduct must have a URI, a name or a digest, digests of sha256,
 * sha384, sha512, sha1 and gitCommit must be hex of the length of the
 * algorithm, finishedOn must not precede startedOn, and the parameter
 * texts must be JSON objects.
 */
#ifndef CS_SIGN_PROVENANCE_H
#define CS_SIGN_PROVENANCE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../util/buf.h"
#include "../util/error.h"

#define CS_SLSA_PROVENANCE_V1 "https://slsa.dev/provenance/v1"
#define CS_GITHUB_BUILD_TYPE "https://actions.github.io/buildtypes/workflow/v1"

typedef struct cs_prov_kv {
	const char *key, *value;
} cs_prov_kv;

/* A ResourceDescriptor: any field may be NULL, not all of them. */
typedef struct cs_prov_rd {
	const char *uri;
	const char *name;
	const cs_prov_kv *digests; /* alg -> value */
	size_t ndigests;
} cs_prov_rd;

typedef struct cs_provenance {
	const char *build_type;	    /* required */
	const char *external_json;  /* object text or NULL */
	const cs_prov_kv *external; /* string parameters */
	size_t nexternal;
	const char *internal_json; /* object text or NULL */
	const cs_prov_rd *dependencies;
	size_t ndependencies;
	const char *builder_id;		   /* required */
	const cs_prov_kv *builder_version; /* builder.version, or none */
	size_t nbuilder_version;
	const char *invocation_id;
	bool has_started_on, has_finished_on;
	int64_t started_on, finished_on; /* seconds since 1970, UTC */
	const cs_prov_rd *byproducts;
	size_t nbyproducts;
} cs_provenance;

/* The predicate as JSON text, appended to out. */
bool cs_provenance_build(cs_buf *out, const cs_provenance *p, cs_error *err);

/*
 * What a GitHub Actions run tells about itself in its documented
 * variables (NULL when unset), and the provenance fields they give under
 * the build type CS_GITHUB_BUILD_TYPE, as GitHub's own attestations
 * write them:
 *   builder.id          SERVER/WORKFLOW_REF
 *   invocationId        SERVER/REPOSITORY/actions/runs/RUN_ID/attempts/N
 *   externalParameters  {"workflow":{"ref","repository","path"}} from
 *                       WORKFLOW_REF (owner/repo/PATH@REF) and SERVER
 *   internalParameters  {"github":{"event_name","repository_id",
 *                       "repository_owner_id","runner_environment"}}
 *                       (the ones set)
 *   resolvedDependencies git+SERVER/REPOSITORY@REF with gitCommit SHA
 * GITHUB_SERVER_URL, GITHUB_REPOSITORY and GITHUB_WORKFLOW_REF are
 * required (they are what identifies the build); the rest are used when
 * present.
 */
typedef struct cs_github_env {
	const char *server_url, *repository, *run_id, *run_attempt;
	const char *workflow_ref, *sha, *ref, *event_name;
	const char *runner_environment, *repository_id, *repository_owner_id;
} cs_github_env;

/* Strings made from the variables (malloc'd; cs_github_prov_free). */
typedef struct cs_github_prov {
	char *builder_id;
	char *invocation_id; /* NULL without GITHUB_RUN_ID */
	char *external_json;
	char *internal_json;	 /* NULL when none of its variables */
	char *dependency_uri;	 /* NULL without GITHUB_REF */
	char *dependency_commit; /* its gitCommit: GITHUB_SHA, or NULL */
} cs_github_prov;

bool cs_github_provenance(cs_github_prov *g, const cs_github_env *env,
			  cs_error *err);
void cs_github_prov_free(cs_github_prov *g);

#endif

/*
 * config.h - .customs.yaml, the per-project settings.
 *
 *   version: 1
 *   min-score: 80                 # gate, as --min-score
 *   fail-on: high                 # gate, as --fail-on
 *   exclude: [vendor, "test/fixtures"]   # globs; a bare name matches at any depth
 *   trusted-registries: [docker.io, ghcr.io/acme]   # enables DF-FROM-REGISTRY
 *   severity:                     # overrides
 *     DF-HEALTHCHECK: medium
 *   ignore:
 *     - rule: DF-PKG-UNPINNED
 *       reason: "pinned by the base image digest"     # required
 *       paths: ["legacy*"]   # optional globs, default all files
 *       expires: 2027-01-31                           # optional
 *
 * Unknown keys and rule ids are errors with a line and column: a typo in a
 * waiver must not silently waive nothing.
 */
#ifndef CS_CONFIG_H
#define CS_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

#include "finding.h"
#include "util/arena.h"
#include "util/error.h"

#define CS_CONFIG_MAX_BYTES (1u * 1024 * 1024)

typedef struct cs_waiver {
	const cs_rule *rule;
	const char *reason;
	const char **paths;        /* globs; none means every file */
	size_t npaths;
	const char *expires;       /* YYYY-MM-DD or NULL */
	bool expired;              /* as of the run's date */
	cs_mark mark;
} cs_waiver;

typedef struct cs_sev_override {
	const cs_rule *rule;
	cs_severity severity;
} cs_sev_override;

struct cs_config {
	const char *path;          /* where it was read from, or NULL */
	bool has_min_score;
	double min_score;
	bool has_fail_on;
	cs_severity fail_on;
	const char **exclude;
	size_t nexclude;
	const char **trusted_registries;
	size_t ntrusted;
	cs_sev_override *overrides;
	size_t noverrides;
	cs_waiver *waivers;
	size_t nwaivers;
};
typedef struct cs_config cs_config;

void cs_config_init(cs_config *c);
/* Parse YAML text.  `today` is YYYY-MM-DD for expiry.  On error, returns
 * false with err->mark at the offending node. */
bool cs_config_parse(cs_config *c, const char *text, size_t len,
		     const char *path, const char *today, cs_arena *a,
		     cs_error *err);

/* The effective severity of a rule. */
cs_severity cs_config_severity(const cs_config *c, const cs_rule *r);
/* The waiver that covers rule r in file `path`, or NULL. */
const cs_waiver *cs_config_waiver(const cs_config *c, const cs_rule *r,
				  const char *path);
/* Is `path` (relative to the scan root) excluded? */
bool cs_config_excluded(const cs_config *c, const char *path);

#endif

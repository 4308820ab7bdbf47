/*
 * compose.h - a Docker Compose file, normalized per the Compose specification.
 *
 * cs_compose_load() reads the YAML tree of one Compose file into one
 * cs_rt_spec per service (runtime.h) plus the Compose-only facts the DC-*
 * rules read (networks, named volumes shared between services, secrets).
 *
 * Interpolation follows the specification: `${VAR}`, `$VAR`, `${VAR:-d}`,
 * `${VAR-d}`, `${VAR:?err}`, `${VAR?err}`, `${VAR:+r}`, `${VAR+r}` and `$$`,
 * with values from the environment given in the options (the CLI passes the
 * process environment, or --env-file), else the `.env` file beside the
 * Compose file, else the defaults.  A variable with no value and no default
 * stays as written, so messages show `${TAG}` rather than an empty string.
 *
 * `extends` is resolved within the file (service: NAME, no file:), bounded
 * and cycle-checked; `x-` fragments arrive already merged by the YAML loader
 * (anchors, aliases, `<<`).  The file's own problems (a service that is not
 * a mapping, an extends cycle, `${VAR:?err}` unset) are diagnostics with a
 * location; the rest of the file is still normalized.
 */
#ifndef CS_COMPOSE_H
#define CS_COMPOSE_H

#include <stdbool.h>
#include <stddef.h>

#include "../parse/yaml.h"
#include "runtime.h"

#define CS_COMPOSE_MAX_EXTENDS 32u   /* depth of an extends chain */

/* Reads a file that the Compose file refers to (env_file, .env), relative
 * to the Compose file's directory, bounded by the engine's file limit.
 * Returns false when it does not exist or cannot be read; *data is then
 * NULL.  The data lives in the arena given to the loader. */
typedef bool (*cs_read_fn)(void *ctx, const char *rel, const char **data,
			   size_t *len);

typedef struct cs_compose_opts {
	const char *const *environ;  /* "NAME=value" entries, NULL-terminated;
	                                NULL: none */
	bool environ_is_env_file;    /* --env-file given: do not read .env */
	/* --env-file's contents (dotenv syntax): used instead of the .env
	 * beside the Compose file; the environment still wins over it, as
	 * with docker compose.  NULL: none. */
	const char *env_file_data;
	size_t env_file_len;
	cs_read_fn read;             /* NULL: env files are not read */
	void *read_ctx;
} cs_compose_opts;

typedef struct cs_compose_net_ref {
	const char *name;
	cs_loc loc;
} cs_compose_net_ref;

struct cs_compose_service {
	const char *name;
	cs_loc loc;                  /* the service key */
	const cs_yaml_node *node;    /* the merged service mapping */
	cs_rt_spec spec;
	/* build */
	const char *build_context;   /* interpolated, or NULL */
	const char *build_dockerfile;/* relative to the context; "Dockerfile"
	                                when build: is set without one */
	bool build_inline;           /* dockerfile_inline: */
	cs_loc build_loc;
	/* networks */
	bool has_networks;           /* networks: given */
	CS_RT_LIST(cs_compose_net_ref) networks;
	CS_RT_LIST(const char *) profiles;
	CS_RT_LIST(cs_rt_text) env_files;
	CS_RT_LIST(cs_rt_text) secrets;      /* names used */
	CS_RT_LIST(cs_rt_text) configs;      /* names used */
	const char *extends;         /* resolved base service, or NULL */
};

typedef struct cs_compose_diag {
	cs_errcode code;             /* CS_ERR_PARSE or CS_ERR_LIMIT */
	cs_mark mark;
	const char *message;
} cs_compose_diag;

typedef struct cs_compose {
	cs_compose_service *services;   /* in file order */
	size_t nservices;
	cs_loc services_loc;         /* the `services:` key */
	const cs_yaml_node *volumes; /* top-level volumes:, or NULL */
	const cs_yaml_node *networks;/* top-level networks:, or NULL */
	const cs_yaml_node *secrets; /* top-level secrets:, or NULL */
	CS_RT_LIST(cs_compose_diag) diags;
} cs_compose;

/* Is this document a Compose file (a top-level `services` mapping)? */
bool cs_compose_detect(const cs_yaml_node *root);

/* Normalize.  False only on out of memory (err set); file problems are
 * diagnostics in out->diags. */
bool cs_compose_load(const cs_yaml_node *root, const cs_compose_opts *opts,
		     cs_arena *a, cs_compose *out, cs_error *err);

#endif

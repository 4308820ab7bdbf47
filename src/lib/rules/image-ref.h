/*
 * image-ref.h - image references as the container engines read them.
 *
 * A Dockerfile's FROM, a Compose `image:` and a Kubernetes `image:` name an
 * image the same way, and the rules about tags, digests and registries must
 * split them the same way: `localhost:5000/app` is an untagged image on the
 * registry localhost:5000, not the tag 5000 of `localhost`; `ubuntu` is
 * docker.io/library/ubuntu.  The split follows docker's normalization: a
 * first component with a '.' or ':' or equal to localhost is a registry
 * host, otherwise the registry is docker.io and a one-component name lives
 * under library/; the tag is after a ':' in the last component; a digest
 * follows '@'.
 *
 * The reference is parsed into fixed buffers (no allocation); a reference
 * too long for them does not parse.
 */
#ifndef CS_IMAGE_REF_H
#define CS_IMAGE_REF_H

#include <stdbool.h>
#include <stddef.h>

typedef struct cs_config cs_config;

typedef struct cs_image_ref {
	char registry[256];    /* docker.io, ghcr.io, localhost:5000 */
	char path[512];        /* library/ubuntu, acme/app */
	const char *tag;       /* points into the input, or NULL */
	size_t tag_len;
	bool digest;           /* name@digest */
} cs_image_ref;

/* Split `ref`; false when a part does not fit the buffers. */
bool cs_image_ref_parse(const char *ref, cs_image_ref *r);

/* Is registry/path covered by one trusted-registries entry?  An entry is
 * a registry host (docker.io, a glob such as *.gcr.io) or a host/path
 * prefix (ghcr.io/acme), compared case-insensitively; the docker.io
 * aliases (index.docker.io, registry-1.docker.io, registry.hub.docker.com)
 * are docker.io. */
bool cs_image_ref_trusted(const cs_image_ref *r, const char *entry);

/* Is it covered by any entry of cfg->trusted_registries? */
bool cs_image_ref_trusted_by(const cs_image_ref *r, const cs_config *cfg);

#endif

/*
 * layout.h - cosign's signatures and attestations in an OCI image layout.
 *
 * Cosign stores the signatures of image sha256:<hex> as an OCI image
 * manifest tagged sha256-<hex>.sig (attestations: .att), whose config is
 * a small OCI config and whose every layer is one signature: a
 * simple-signing payload (application/vnd.dev.cosign.simplesigning.v1+json)
 * carrying the signature in the annotation dev.cosignproject.cosign/signature,
 * or a DSSE envelope (application/vnd.dsse.envelope.v1+json) with the
 * annotation predicateType.  `cosign save --dir` writes such manifests
 * into an OCI layout's index.json with the annotation `kind`
 * (dev.cosignproject.cosign/image, /imageIndex, /sigs, /atts).
 *
 * We read layouts that are directories or tars of one, and write to
 * directories only.  A signature manifest we write is named both ways:
 * kind = dev.cosignproject.cosign/sigs (how cosign finds it) and
 * org.opencontainers.image.ref.name = sha256-<hex>.sig (how it is tagged
 * in a registry, and how a layout with several images keeps them
 * apart).  Signing again replaces that manifest with one holding the old
 * layers plus the new one (an identical layer is not added twice), as
 * cosign does.  Every blob written is content-addressed, written to a
 * temporary file and renamed; index.json is rewritten the same way with
 * its other descriptors and unknown fields kept.  Every blob read is
 * checked against its digest and size, bounded by CS_IMG_MAX_JSON.
 */
#ifndef CS_SIGN_LAYOUT_H
#define CS_SIGN_LAYOUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../util/buf.h"
#include "../util/error.h"

#define CS_COSIGN_SIG_MEDIA   "application/vnd.dev.cosign.simplesigning.v1+json"
#define CS_COSIGN_DSSE_MEDIA  "application/vnd.dsse.envelope.v1+json"
#define CS_COSIGN_SIG_ANNOT   "dev.cosignproject.cosign/signature"
#define CS_COSIGN_MAX_ITEMS   1024u     /* layers of one .sig/.att manifest */

typedef struct cs_layout cs_layout;   /* opaque */

/* Open a layout; writable needs a directory. */
bool cs_layout_open(cs_layout **out, const char *path, bool writable,
		    cs_error *err);
void cs_layout_free(cs_layout *l);

/* Check index.json text as cs_layout_open does (shape, descriptors);
 * exposed for the fuzz target. */
bool cs_layout_index_check(const void *json, size_t len, cs_error *err);

/* The image to sign or verify. */
typedef struct cs_layout_image {
	char digest[72];             /* "sha256:<hex>" of its manifest/index */
	const char *media_type;
	const char *ref_name;        /* org.opencontainers.image.ref.name or NULL */
	const char *name;            /* its full name when the layout gives
	                                one: ref_name when it names a
	                                repository ("ghcr.io/a/b:1", not just
	                                "1"), else containerd's
	                                io.containerd.image.name; or NULL */
	uint64_t size;
} cs_layout_image;

/*
 * Pick the image.  ref NULL: the descriptor with kind
 * dev.cosignproject.cosign/image or /imageIndex, else the only image
 * manifest or index that is not a cosign .sig/.att/.sbom; several is an
 * error listing their ref names.  ref given: the descriptor whose ref
 * name equals it, or equals its tag (":1.0" of "reg/app:1.0"), or whose
 * digest it names ("sha256:<hex>" or "...@sha256:<hex>").  The image's
 * manifest blob is read and checked against the descriptor.
 */
bool cs_layout_find_image(cs_layout *l, const char *ref, cs_layout_image *img,
			  cs_error *err);

/* One layer of a .sig or .att manifest, blob read and checked. */
typedef struct cs_layout_item {
	const char *media_type;
	char digest[72];
	const unsigned char *data;   /* the blob's bytes, exactly as stored */
	size_t len;
	const char *signature;       /* the signature annotation, or NULL */
	const char *predicate_type;  /* the predicateType annotation, or NULL */
	bool has_certificate;        /* dev.sigstore.cosign/certificate set */
	bool has_bundle;             /* dev.sigstore.cosign/bundle set */
	char error[256];             /* non-empty: this layer could not be
	                                read (the others still are) */
} cs_layout_item;

/*
 * The signature (atts false) or attestation (atts true) layers stored for
 * img: from the manifest tagged sha256-<hex>.sig/.att, or, in a layout
 * that holds one image, the one cosign's kind annotation names.  None is
 * not an error (*n = 0).  Items live until cs_layout_free.
 */
bool cs_layout_items(cs_layout *l, const cs_layout_image *img, bool atts,
		     cs_layout_item **items, size_t *n, cs_error *err);

/* Add one signature (payload + base64 signature) or one attestation
 * (envelope JSON + predicate type) for img. */
bool cs_layout_add_signature(cs_layout *l, const cs_layout_image *img,
			     const void *payload, size_t len,
			     const char *sig_b64, cs_error *err);
bool cs_layout_add_attestation(cs_layout *l, const cs_layout_image *img,
			       const void *envelope, size_t len,
			       const char *predicate_type, cs_error *err);

/*
 * The simple-signing payload, byte for byte as cosign writes it (Go
 * struct order, compact):
 * {"critical":{"identity":{"docker-reference":"R"},"image":
 *  {"docker-manifest-digest":"sha256:<hex>"},"type":"cosign container
 *  image signature"},"optional":null}  -- optional is an object of the
 * annotations when any are given (keys sorted, as Go marshals maps).
 */
typedef struct cs_kv {
	const char *key, *value;
} cs_kv;
bool cs_simplesign_payload(cs_buf *out, const char *docker_ref,
			   const char *digest, const cs_kv *annotations,
			   size_t nannotations, cs_error *err);

typedef struct cs_simplesign {
	char *docker_ref;
	char *digest;
	char *type;
	char *optional;              /* compact JSON of optional, or NULL */
} cs_simplesign;
bool cs_simplesign_parse(cs_simplesign *s, const void *json, size_t len,
			 cs_error *err);
void cs_simplesign_free(cs_simplesign *s);
/* Does the payload's optional object map key to the string value (as
 * `cosign verify -a key=value` checks)? */
bool cs_simplesign_has(const cs_simplesign *s, const char *key,
		       const char *value);

/* The docker-reference cosign writes for an image name: the repository
 * without tag or digest, Docker Hub spelled index.docker.io and
 * one-component names under library/ ("nginx:1" ->
 * "index.docker.io/library/nginx", "ghcr.io/a/b:1" -> "ghcr.io/a/b"). */
bool cs_docker_reference(const char *name, char *out, size_t outsz);

#endif

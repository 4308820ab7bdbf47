/*
 * image.h - a container image, read without a daemon and without extracting.
 *
 * cs_image_open() reads a `docker save` tarball (classic, and the Docker 25+
 * OCI hybrid), an OCI image layout (a directory or a tar of one, with
 * nested and multi-platform indexes) or an unpacked root file system
 * directory.  It verifies every blob against its descriptor (a mismatch is
 * an error), parses the image config, and applies the layers in order,
 * whiteouts and opaque directories included, into an in-memory index of
 * the final file system: path, mode, owner, size, link target and the
 * layer each file comes from.  Nothing is written to disk; layers are
 * streamed (uncompressed, gzip or zstd, told by their magic bytes) and
 * never held whole in memory.
 *
 * File contents are not kept.  cs_image_contents() streams the layers once
 * more and hands the caller the bytes of the files it asks for, as they
 * are in the final file system (from the layer each comes from), bounded
 * per file.  Paths are absolute and normalized ("/etc/passwd"); names with
 * `..`, absolute names and links are resolved inside the image root only.
 *
 * Hostile archives meet documented limits (CS_IMG_MAX_*): a limit hit ends
 * the read with CS_ERR_LIMIT and a message naming the limit and the entry.
 */
#ifndef CS_IMAGE_H
#define CS_IMAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../util/arena.h"
#include "../util/error.h"

#define CS_IMG_MAX_UNCOMPRESSED (8ull << 30)   /* bytes over all layers */
#define CS_IMG_MAX_ENTRIES      2000000u       /* tar entries over all */
#define CS_IMG_MAX_PATH         4096u          /* bytes of one path */
#define CS_IMG_MAX_LINK_DEPTH   40u            /* symlinks followed */
#define CS_IMG_MAX_JSON         (16u << 20)    /* a manifest, index, config */
#define CS_IMG_MAX_INDEX_DEPTH  8u             /* nested OCI indexes */

typedef enum cs_img_format {
	CS_IMG_DOCKER_SAVE = 1,    /* manifest.json (classic or hybrid) */
	CS_IMG_OCI_LAYOUT,         /* oci-layout + index.json, dir or tar */
	CS_IMG_ROOTFS,             /* an unpacked root file system directory */
} cs_img_format;

const char *cs_img_format_name(cs_img_format f);  /* "docker-save", ... */

/* A file of the final file system. */
typedef struct cs_img_file {
	const char *path;          /* "/etc/passwd" */
	uint32_t mode;             /* st_mode: type and permission bits */
	uint32_t uid, gid;
	uint64_t size;
	const char *link;          /* symlink target as written, or the path a
	                              hard link names; NULL otherwise */
	bool hardlink;
	int32_t layer;             /* index into layers; -1 for a rootfs dir */
} cs_img_file;

typedef struct cs_img_history {
	const char *created_by;    /* as in the config, or NULL */
	const char *created;
	const char *comment;
	bool empty_layer;
	int32_t layer;             /* the layer it made, or -1 (empty_layer) */
} cs_img_history;

typedef struct cs_img_layer {
	const char *digest;        /* "sha256:<hex>" of the blob as stored */
	const char *diff_id;       /* "sha256:<hex>" of the uncompressed tar */
	const char *media_type;    /* from the manifest, or NULL */
	const char *compression;   /* "none", "gzip", "zstd" (sniffed) */
	uint64_t size;             /* bytes stored */
	uint64_t uncompressed;
	int32_t history;           /* index into history of the line that
	                              created it, or -1 */
} cs_img_layer;

typedef struct cs_img_kv {
	const char *key;
	const char *value;
} cs_img_kv;

/* The image config (OCI image-spec config, plus Docker's Healthcheck). */
typedef struct cs_img_config {
	const char *os, *architecture, *variant;
	const char *created;
	const char *user;          /* config.User; "" when empty or absent */
	bool has_user;             /* the key was present */
	const char **env;          /* "K=V" */
	size_t nenv;
	const char **exposed;      /* "80/tcp", "53/udp" ("8080" -> "8080/tcp") */
	size_t nexposed;
	const char **volumes;
	size_t nvolumes;
	const char **entrypoint, **cmd;
	size_t nentrypoint, ncmd;
	const char *workdir;
	cs_img_kv *labels;
	size_t nlabels;
	const char **healthcheck;  /* Healthcheck.Test; NULL when absent */
	size_t nhealthcheck;
	cs_img_history *history;
	size_t nhistory;
} cs_img_config;

typedef struct cs_image {
	const char *source;        /* what was opened, as given */
	cs_img_format format;
	const char *ref;           /* repo:tag from the archive, or NULL */
	const char *manifest_digest;   /* NULL for docker-save classic/rootfs */
	const char *config_digest;
	cs_img_config config;
	cs_img_layer *layers;      /* base first */
	size_t nlayers;
	cs_img_file *files;        /* sorted by path (bytewise) */
	size_t nfiles;
	uint64_t uncompressed;     /* bytes read over all layers */
	cs_arena arena;            /* owns everything above */
	void *priv;                /* the reader's (open archive paths) */
} cs_image;

typedef struct cs_img_opts {
	const char *platform;      /* "os/arch[/variant]", or NULL: the only
	                              one (several is an error listing them) */
	const char *ref;           /* pick this tag when the archive has
	                              several images, or NULL */
	uint64_t max_uncompressed; /* 0: CS_IMG_MAX_UNCOMPRESSED */
} cs_img_opts;

/* Open and index an image.  On failure err says what, where (the entry
 * name in the message) and while doing what; img is then empty. */
bool cs_image_open(cs_image *img, const char *path, const cs_img_opts *o,
		   cs_error *err);
void cs_image_free(cs_image *img);

/* The file at `path` (absolute, normalized), no links followed; NULL. */
const cs_img_file *cs_image_find(const cs_image *img, const char *path);
/* The same, following symlinks (and a hard link's target) inside the
 * image root, at most CS_IMG_MAX_LINK_DEPTH; NULL when absent or looping. */
const cs_img_file *cs_image_resolve(const cs_image *img, const char *path);

/*
 * Stream the contents of chosen files.  want() is asked once per regular
 * file of the final file system (return true to get its bytes); got() is
 * called once per wanted file with at most `max` bytes of it (truncated
 * says whether there was more), in layer order.  One pass over the
 * layers; nothing is kept between calls.  Returns false on a read error
 * or when got() returns false (err then untouched).
 */
typedef bool (*cs_img_want_fn)(void *ctx, const cs_img_file *f);
typedef bool (*cs_img_got_fn)(void *ctx, const cs_img_file *f,
			      const unsigned char *data, size_t len,
			      bool truncated);
bool cs_image_contents(const cs_image *img, cs_img_want_fn want,
		       cs_img_got_fn got, void *ctx, size_t max,
		       cs_error *err);

#endif

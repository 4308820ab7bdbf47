/*
 * image-int.h - what the image reader's files share; not a public API.
 *
 * archive.c gives byte access to what an image is stored in (a directory,
 * or a tar listed once so each member can be read again by offset) and
 * streams a layer: the stored blob is hashed as it is read, decompressed
 * when its magic says so, hashed again, counted against the size limit and
 * handed to libarchive's tar reader.  flatten.c applies layers to the file
 * tree and streams file contents; image.c reads the formats and configs.
 */
#ifndef CS_IMAGE_INT_H
#define CS_IMAGE_INT_H

#include <archive.h>
#include <archive_entry.h>
#include <openssl/evp.h>

#include "image.h"

enum { SRC_DIR = 1, SRC_TAR, SRC_TARGZ };

/* A member of the outer tar. */
typedef struct img_ent {
	const char *name;          /* normalized, no leading "./" or "/" */
	const char *link;          /* symlink or hard link target, or NULL */
	uint64_t off, size;        /* data in the outer file (SRC_TAR) */
	uint32_t seq;              /* position in the tar, for SRC_TARGZ */
	bool dir;
} img_ent;

typedef struct img_src {
	int kind;
	const char *path;
	int dirfd;                 /* SRC_DIR */
	img_ent *ents;             /* sorted by name, last duplicate kept */
	size_t nents;
} img_src;

/* Raw bytes of one blob, hashed (sha256) as they are read. */
typedef struct img_blob {
	int fd;
	uint64_t off, left;
	struct archive *outer;     /* SRC_TARGZ: positioned at the member */
	EVP_MD_CTX *md;
	uint64_t nread;
	bool pending;              /* buf holds a peeked chunk not yet given */
	size_t plen;
	unsigned char buf[65536];
} img_blob;

/* A layer being streamed as tar entries. */
typedef struct img_layer_rd {
	img_blob blob;
	struct archive *dec;       /* gzip or zstd, raw format; or NULL */
	struct archive *tar;
	EVP_MD_CTX *diff;
	uint64_t unc;
	uint64_t *total, limit;    /* over all layers */
	const char *compression;
	bool limit_hit, io_err;
	cs_error err;              /* io_err: what failed */
	unsigned char ubuf[65536];
} img_layer_rd;

/* Private state kept in cs_image.priv. */
typedef struct img_priv {
	img_src src;
	const char **layer_names;  /* member names of the layers */
	const char **layer_digest; /* expected blob digest, or NULL */
	int32_t *src_layer;        /* per file: layer holding its bytes */
	uint32_t *src_ord;         /* per file: entry number in that layer */
	uint64_t limit;
} img_priv;

bool img_src_open(img_src *s, cs_arena *a, const char *path, cs_error *err);
void img_src_close(img_src *s);
/* The member `name`, following symlink members; NULL if absent. */
const img_ent *img_src_find(const img_src *s, const char *name);
bool img_src_exists(const img_src *s, const char *name);

bool img_blob_open(img_blob *b, const img_src *s, const char *name,
		   cs_error *err);
/* Bytes in b->buf: n > 0, 0 at the end, -1 on error (err set). */
ssize_t img_blob_read(img_blob *b, cs_error *err);
void img_blob_close(img_blob *b);
/* Finish hashing: "sha256:<hex>" into out[72]. */
void img_blob_digest(img_blob *b, char out[72]);

/* Read a small (JSON) member whole, checked against `digest` if given. */
char *img_read_small(const img_src *s, cs_arena *a, const char *name,
		     const char *digest, size_t *len, cs_error *err);

bool img_layer_open(img_layer_rd *l, const img_src *s, const char *name,
		    uint64_t *total, uint64_t limit, cs_error *err);
/* Read the rest, finish the hashes and compare them; false on mismatch. */
bool img_layer_finish(img_layer_rd *l, const char *what, const char *digest,
		      const char *diff_id, char dg[72], char df[72],
		      cs_error *err);
/* Turn a libarchive failure into an error naming the layer. */
void img_layer_error(img_layer_rd *l, const char *what, cs_error *err);
void img_layer_close(img_layer_rd *l);

/* Normalize a member or entry name into out ("" for the root).  Returns
 * false for `..` components. */
bool img_norm(const char *in, char *out, size_t outsz);

/* Open rel (a file or a directory, read-only) under dirfd without
 * following any symlink on the way (openat2 RESOLVE_BENEATH |
 * RESOLVE_NO_SYMLINKS; plain O_NOFOLLOW on kernels without openat2). */
int img_open_beneath(int dirfd, const char *rel);

bool img_flatten(cs_image *img, cs_error *err);
bool img_rootfs(cs_image *img, const char *path, cs_error *err);

#endif

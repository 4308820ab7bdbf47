/*
 * archive.c - byte access to an image's blobs, and layer streams.
 *
 * An image comes as a directory or as a tar (docker save, OCI archive).
 * The tar is listed once: each member's name, link target and, for an
 * uncompressed tar, the offset and size of its data, so a blob is read
 * later with pread() over that range and never copied.  A gzipped outer
 * tar has no usable offsets: each blob read is then one more decompressing
 * pass up to its member (slower, never more memory).
 *
 * A layer is streamed in two stages.  The stored bytes are hashed as they
 * are read (the blob digest); the compression is told by the magic bytes
 * alone (gzip, zstd, else plain tar), and libarchive's raw format undoes
 * it; the uncompressed bytes are hashed again (the diff_id), counted
 * against the uncompressed-size limit, and only then handed to a tar-only
 * libarchive reader.  Counting before the tar reader sees a byte is what
 * stops a decompression bomb at the limit, whatever the tar says.
 */
#include "image-int.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "../util/buf.h"

static const cs_mark nomark;

bool img_norm(const char *in, char *out, size_t outsz)
{
	size_t o = 0;
	const char *p = in;
	while (*p) {
		while (*p == '/')
			p++;
		const char *q = p;
		while (*q && *q != '/')
			q++;
		size_t n = (size_t)(q - p);
		if (n == 2 && p[0] == '.' && p[1] == '.')
			return false;
		if (n && !(n == 1 && p[0] == '.')) {
			if (o + n + 2 > outsz)
				return false;
			if (o)
				out[o++] = '/';
			memcpy(out + o, p, n);
			o += n;
		}
		p = q;
	}
	out[o] = '\0';
	return true;
}

/* dir/target with `..` clamped at the top, as a link inside an archive
 * resolves; false when it does not fit. */
static bool join_clamp(const char *dir, const char *target, char *out,
		       size_t outsz)
{
	size_t o = 0;
	const char *parts[2] = {target[0] == '/' ? "" : dir, target};
	for (int i = 0; i < 2; i++) {
		const char *p = parts[i];
		while (*p) {
			while (*p == '/')
				p++;
			const char *q = p;
			while (*q && *q != '/')
				q++;
			size_t n = (size_t)(q - p);
			if (n == 2 && p[0] == '.' && p[1] == '.') {
				while (o && out[o - 1] != '/')
					o--;
				if (o)
					o--;
			} else if (n && !(n == 1 && p[0] == '.')) {
				if (o + n + 2 > outsz)
					return false;
				if (o)
					out[o++] = '/';
				memcpy(out + o, p, n);
				o += n;
			}
			p = q;
		}
	}
	out[o] = '\0';
	return true;
}

static int ent_cmp(const void *x, const void *y)
{
	const img_ent *a = x, *b = y;
	int c = strcmp(a->name, b->name);
	if (c)
		return c;
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

static bool list_tar(img_src *s, cs_arena *ar, cs_error *err)
{
	struct archive *a = archive_read_new();
	if (!a) {
		cs_error_set(err, CS_ERR_NOMEM, nomark, NULL, "out of memory");
		return false;
	}
	archive_read_support_format_tar(a);
	archive_read_support_format_empty(a);
	if (s->kind == SRC_TARGZ)
		archive_read_support_filter_gzip(a);
	bool ok = false;
	size_t cap = 0;
	char name[CS_IMG_MAX_PATH + 1], link[CS_IMG_MAX_PATH + 1];
	if (archive_read_open_filename(a, s->path, 65536) != ARCHIVE_OK) {
		cs_error_set(err, CS_ERR_PARSE, nomark,
			     "while listing the archive",
			     "%s: not a tar archive or directory (%s)", s->path,
			     archive_error_string(a));
		goto out;
	}
	for (uint32_t seq = 0;; seq++) {
		struct archive_entry *e;
		int r = archive_read_next_header(a, &e);
		if (r == ARCHIVE_EOF)
			break;
		if (r < ARCHIVE_WARN) {
			cs_error_set(err, CS_ERR_PARSE, nomark,
				     "while listing the archive", "%s: %s",
				     s->path, archive_error_string(a));
			goto out;
		}
		if (seq >= CS_IMG_MAX_ENTRIES) {
			cs_error_set(err, CS_ERR_LIMIT, nomark,
				     "while listing the archive",
				     "%s: more than %u entries "
				     "(CS_IMG_MAX_ENTRIES)",
				     s->path, CS_IMG_MAX_ENTRIES);
			goto out;
		}
		const char *pn = archive_entry_pathname(e);
		/* Names with `..` cannot be asked for: never listed. */
		if (!pn || strlen(pn) > CS_IMG_MAX_PATH ||
		    !img_norm(pn, name, sizeof(name)) || !name[0])
			continue;
		img_ent en = {.seq = seq};
		en.name = cs_arena_strdup(ar, name);
		en.dir = archive_entry_filetype(e) == AE_IFDIR;
		const char *hl = archive_entry_hardlink(e);
		const char *sl = archive_entry_symlink(e);
		if (hl && strlen(hl) <= CS_IMG_MAX_PATH &&
		    join_clamp("", hl, link, sizeof(link)))
			en.link = cs_arena_strdup(ar, link);
		else if (sl && archive_entry_filetype(e) == AE_IFLNK &&
			 strlen(sl) <= CS_IMG_MAX_PATH) {
			char dir[CS_IMG_MAX_PATH + 1];
			snprintf(dir, sizeof(dir), "%s", name);
			char *slash = strrchr(dir, '/');
			if (slash)
				*slash = '\0';
			else
				dir[0] = '\0';
			if (join_clamp(dir, sl, link, sizeof(link)))
				en.link = cs_arena_strdup(ar, link);
		}
		if (archive_entry_sparse_count(e) > 0)
			continue;
		/* The tar reader has consumed exactly the headers here. */
		en.off = (uint64_t)archive_filter_bytes(a, 0);
		en.size = archive_entry_size_is_set(e) ?
				  (uint64_t)archive_entry_size(e) : 0;
		if (!en.name) {
			cs_error_set(err, CS_ERR_NOMEM, nomark, NULL,
				     "out of memory");
			goto out;
		}
		if (s->nents == cap) {
			size_t ncap = cap ? cap * 2 : 64;
			img_ent *v = cs_arena_grow(ar, s->ents, s->nents, ncap,
						   sizeof(*v));
			if (!v) {
				cs_error_set(err, CS_ERR_NOMEM, nomark, NULL,
					     "out of memory");
				goto out;
			}
			s->ents = v;
			cap = ncap;
		}
		s->ents[s->nents++] = en;
	}
	if (s->nents)
		qsort(s->ents, s->nents, sizeof(*s->ents), ent_cmp);
	/* Keep the last of each name, as extracting would. */
	size_t o = 0;
	for (size_t i = 0; i < s->nents; i++) {
		if (o && !strcmp(s->ents[o - 1].name, s->ents[i].name))
			o--;
		s->ents[o++] = s->ents[i];
	}
	s->nents = o;
	ok = true;
out:
	archive_read_free(a);
	return ok;
}

bool img_src_open(img_src *s, cs_arena *a, const char *path, cs_error *err)
{
	memset(s, 0, sizeof(*s));
	s->dirfd = -1;
	s->path = path;
	struct stat st;
	if (stat(path, &st) != 0) {
		cs_error_set(err, CS_ERR_IO, nomark, "while opening the image",
			     "%s: %s", path, strerror(errno));
		return false;
	}
	if (S_ISDIR(st.st_mode)) {
		s->kind = SRC_DIR;
		s->dirfd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (s->dirfd < 0) {
			cs_error_set(err, CS_ERR_IO, nomark,
				     "while opening the image", "%s: %s", path,
				     strerror(errno));
			return false;
		}
		return true;
	}
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		cs_error_set(err, CS_ERR_IO, nomark, "while opening the image",
			     "%s: %s", path, strerror(errno));
		return false;
	}
	unsigned char m[2] = {0};
	ssize_t n = pread(fd, m, 2, 0);
	close(fd);
	s->kind = (n == 2 && m[0] == 0x1f && m[1] == 0x8b) ? SRC_TARGZ
							   : SRC_TAR;
	return list_tar(s, a, err);
}

void img_src_close(img_src *s)
{
	if (s->dirfd >= 0)
		close(s->dirfd);
	s->dirfd = -1;
}

static const img_ent *find_exact(const img_src *s, const char *name)
{
	size_t lo = 0, hi = s->nents;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(s->ents[mid].name, name);
		if (!c)
			return &s->ents[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

const img_ent *img_src_find(const img_src *s, const char *name)
{
	const img_ent *e = find_exact(s, name);
	for (unsigned i = 0; e && e->link && i < CS_IMG_MAX_LINK_DEPTH; i++)
		e = find_exact(s, e->link);
	return e && !e->link ? e : NULL;
}

bool img_src_exists(const img_src *s, const char *name)
{
	if (s->kind == SRC_DIR) {
		struct stat st;
		return fstatat(s->dirfd, name, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
		       S_ISREG(st.st_mode);
	}
	const img_ent *e = img_src_find(s, name);
	return e && !e->dir;
}

static bool missing(const char *name, cs_error *err)
{
	cs_error_set(err, CS_ERR_PARSE, nomark, "while reading a blob",
		     "%s is missing from the image", name);
	return false;
}

bool img_blob_open(img_blob *b, const img_src *s, const char *name,
		   cs_error *err)
{
	memset(b, 0, offsetof(img_blob, buf));
	b->fd = -1;
	b->md = EVP_MD_CTX_new();
	if (!b->md || !EVP_DigestInit_ex(b->md, EVP_sha256(), NULL)) {
		cs_error_set(err, CS_ERR_NOMEM, nomark, NULL, "out of memory");
		return false;
	}
	if (s->kind == SRC_DIR) {
		char n[CS_IMG_MAX_PATH + 1];
		if (!img_norm(name, n, sizeof(n)) || !n[0])
			return missing(name, err);
		b->fd = openat(s->dirfd, n, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
		struct stat st;
		if (b->fd < 0 || fstat(b->fd, &st) != 0 || !S_ISREG(st.st_mode))
			return missing(name, err);
		b->left = (uint64_t)st.st_size;
		return true;
	}
	const img_ent *e = img_src_find(s, name);
	if (!e || e->dir)
		return missing(name, err);
	if (s->kind == SRC_TAR) {
		b->fd = open(s->path, O_RDONLY | O_CLOEXEC);
		if (b->fd < 0) {
			cs_error_set(err, CS_ERR_IO, nomark,
				     "while reading a blob", "%s: %s", s->path,
				     strerror(errno));
			return false;
		}
		b->off = e->off;
		b->left = e->size;
		return true;
	}
	b->outer = archive_read_new();
	if (!b->outer) {
		cs_error_set(err, CS_ERR_NOMEM, nomark, NULL, "out of memory");
		return false;
	}
	archive_read_support_format_tar(b->outer);
	archive_read_support_filter_gzip(b->outer);
	if (archive_read_open_filename(b->outer, s->path, 65536) != ARCHIVE_OK)
		goto bad;
	for (uint32_t seq = 0;; seq++) {
		struct archive_entry *ae;
		if (archive_read_next_header(b->outer, &ae) < ARCHIVE_WARN)
			goto bad;
		if (seq == e->seq)
			return true;
	}
bad:
	cs_error_set(err, CS_ERR_IO, nomark, "while reading a blob",
		     "%s: %s: %s", s->path, name,
		     archive_error_string(b->outer));
	return false;
}

ssize_t img_blob_read(img_blob *b, cs_error *err)
{
	if (b->pending) {
		b->pending = false;
		return (ssize_t)b->plen;
	}
	ssize_t n;
	if (b->outer) {
		n = archive_read_data(b->outer, b->buf, sizeof(b->buf));
		if (n < 0) {
			cs_error_set(err, CS_ERR_IO, nomark,
				     "while reading a blob", "%s",
				     archive_error_string(b->outer));
			return -1;
		}
	} else {
		size_t want = sizeof(b->buf);
		if (b->left < want)
			want = (size_t)b->left;
		if (!want)
			return 0;
		n = pread(b->fd, b->buf, want, (off_t)b->off);
		if (n <= 0) {
			cs_error_set(err, CS_ERR_IO, nomark,
				     "while reading a blob", "%s",
				     n ? strerror(errno) : "file truncated");
			return -1;
		}
		b->off += (uint64_t)n;
		b->left -= (uint64_t)n;
	}
	EVP_DigestUpdate(b->md, b->buf, (size_t)n);
	b->nread += (uint64_t)n;
	b->plen = (size_t)n;
	return n;
}

static void hexdigest(EVP_MD_CTX *md, char out[72])
{
	unsigned char d[EVP_MAX_MD_SIZE];
	unsigned int n = 0;
	EVP_DigestFinal_ex(md, d, &n);
	memcpy(out, "sha256:", 7);
	for (unsigned i = 0; i < n && i < 32; i++)
		snprintf(out + 7 + 2 * i, 3, "%02x", d[i]);
}

void img_blob_digest(img_blob *b, char out[72])
{
	hexdigest(b->md, out);
}

void img_blob_close(img_blob *b)
{
	if (b->fd >= 0)
		close(b->fd);
	b->fd = -1;
	if (b->outer)
		archive_read_free(b->outer);
	b->outer = NULL;
	EVP_MD_CTX_free(b->md);
	b->md = NULL;
}

static bool digest_mismatch(const char *name, const char *want,
			    const char *got, cs_error *err)
{
	cs_error_set(err, CS_ERR_PARSE, nomark, "while verifying digests",
		     "%s: content is %.23s..., not %s", name, got, want);
	return false;
}

char *img_read_small(const img_src *s, cs_arena *a, const char *name,
		     const char *digest, size_t *len, cs_error *err)
{
	img_blob *b = malloc(sizeof(*b));
	if (!b) {
		cs_error_set(err, CS_ERR_NOMEM, nomark, NULL, "out of memory");
		return NULL;
	}
	char *res = NULL;
	cs_buf buf;
	cs_buf_init(&buf, CS_IMG_MAX_JSON);
	if (!img_blob_open(b, s, name, err))
		goto out;
	for (;;) {
		ssize_t n = img_blob_read(b, err);
		if (n < 0)
			goto out;
		if (!n)
			break;
		if (!cs_buf_add(&buf, b->buf, (size_t)n)) {
			cs_error_set(err, CS_ERR_LIMIT, nomark,
				     "while reading JSON",
				     "%s: more than %u bytes (CS_IMG_MAX_JSON)",
				     name, CS_IMG_MAX_JSON);
			goto out;
		}
	}
	char dg[72];
	img_blob_digest(b, dg);
	if (digest && strcmp(dg, digest)) {
		digest_mismatch(name, digest, dg, err);
		goto out;
	}
	res = cs_arena_alloc_raw(a, buf.len + 1);
	if (!res) {
		cs_error_set(err, CS_ERR_NOMEM, nomark, NULL, "out of memory");
		goto out;
	}
	if (buf.len)
		memcpy(res, buf.data, buf.len);
	res[buf.len] = '\0';
	*len = buf.len;
out:
	cs_buf_free(&buf);
	img_blob_close(b);
	free(b);
	return res;
}

static la_ssize_t dec_read(struct archive *a, void *ctx, const void **p)
{
	img_layer_rd *l = ctx;
	ssize_t n = img_blob_read(&l->blob, &l->err);
	if (n < 0) {
		l->io_err = true;
		return -1;
	}
	*p = l->blob.buf;
	return n;
}

/* The next uncompressed bytes, counted and hashed. */
static ssize_t pull(img_layer_rd *l, const void **p)
{
	ssize_t n;
	if (l->dec) {
		n = archive_read_data(l->dec, l->ubuf, sizeof(l->ubuf));
		if (n < 0) {
			if (!l->io_err && !l->limit_hit)
				cs_error_set(&l->err, CS_ERR_PARSE, nomark,
					     "while decompressing", "%s",
					     archive_error_string(l->dec));
			l->io_err = true;
			return -1;
		}
		*p = l->ubuf;
	} else {
		n = img_blob_read(&l->blob, &l->err);
		if (n < 0) {
			l->io_err = true;
			return -1;
		}
		*p = l->blob.buf;
	}
	l->unc += (uint64_t)n;
	*l->total += (uint64_t)n;
	if (*l->total > l->limit) {
		l->limit_hit = true;
		return -1;
	}
	EVP_DigestUpdate(l->diff, *p, (size_t)n);
	return n;
}

static la_ssize_t tar_read(struct archive *a, void *ctx, const void **p)
{
	return pull(ctx, p);
}

bool img_layer_open(img_layer_rd *l, const img_src *s, const char *name,
		    uint64_t *total, uint64_t limit, cs_error *err)
{
	memset(l, 0, offsetof(img_layer_rd, ubuf));
	l->total = total;
	l->limit = limit;
	l->compression = "none";
	if (!img_blob_open(&l->blob, s, name, err))
		return false;
	l->diff = EVP_MD_CTX_new();
	if (!l->diff || !EVP_DigestInit_ex(l->diff, EVP_sha256(), NULL)) {
		cs_error_set(err, CS_ERR_NOMEM, nomark, NULL, "out of memory");
		return false;
	}
	ssize_t n = img_blob_read(&l->blob, err);
	if (n < 0)
		return false;
	l->blob.pending = n > 0;
	const unsigned char *m = l->blob.buf;
	if (n >= 2 && m[0] == 0x1f && m[1] == 0x8b)
		l->compression = "gzip";
	else if (n >= 4 && m[0] == 0x28 && m[1] == 0xb5 && m[2] == 0x2f &&
		 m[3] == 0xfd)
		l->compression = "zstd";
	if (strcmp(l->compression, "none")) {
		l->dec = archive_read_new();
		if (!l->dec) {
			cs_error_set(err, CS_ERR_NOMEM, nomark, NULL,
				     "out of memory");
			return false;
		}
		if (l->compression[0] == 'g')
			archive_read_support_filter_gzip(l->dec);
		else
			archive_read_support_filter_zstd(l->dec);
		archive_read_support_format_raw(l->dec);
		struct archive_entry *e;
		if (archive_read_open(l->dec, l, NULL, dec_read, NULL) !=
			    ARCHIVE_OK ||
		    archive_read_next_header(l->dec, &e) != ARCHIVE_OK) {
			if (!l->io_err)
				cs_error_set(err, CS_ERR_PARSE, nomark,
					     "while decompressing", "%s: %s",
					     name,
					     archive_error_string(l->dec));
			else
				*err = l->err;
			return false;
		}
	}
	l->tar = archive_read_new();
	if (!l->tar) {
		cs_error_set(err, CS_ERR_NOMEM, nomark, NULL, "out of memory");
		return false;
	}
	archive_read_support_format_tar(l->tar);
	archive_read_support_format_empty(l->tar);
	if (archive_read_open(l->tar, l, NULL, tar_read, NULL) != ARCHIVE_OK) {
		img_layer_error(l, name, err);
		return false;
	}
	return true;
}

void img_layer_error(img_layer_rd *l, const char *what, cs_error *err)
{
	if (l->limit_hit)
		cs_error_set(err, CS_ERR_LIMIT, nomark, "while reading a layer",
			     "%s: more than %llu uncompressed bytes "
			     "(CS_IMG_MAX_UNCOMPRESSED)",
			     what, (unsigned long long)l->limit);
	else if (l->io_err)
		cs_error_set(err, l->err.code, nomark, "while reading a layer",
			     "%s: %s", what, l->err.message);
	else
		cs_error_set(err, CS_ERR_PARSE, nomark, "while reading a layer",
			     "%s: %s", what,
			     l->tar ? archive_error_string(l->tar)
				    : "unreadable");
}

bool img_layer_finish(img_layer_rd *l, const char *what, const char *digest,
		      const char *diff_id, char dg[72], char df[72],
		      cs_error *err)
{
	const void *p;
	ssize_t n;
	while ((n = pull(l, &p)) > 0)
		;
	if (n < 0) {
		img_layer_error(l, what, err);
		return false;
	}
	while ((n = img_blob_read(&l->blob, &l->err)) > 0)
		;
	if (n < 0) {
		l->io_err = true;
		img_layer_error(l, what, err);
		return false;
	}
	hexdigest(l->blob.md, dg);
	hexdigest(l->diff, df);
	if (digest && strcmp(digest, dg))
		return digest_mismatch(what, digest, dg, err);
	if (diff_id && strcmp(diff_id, df)) {
		cs_error_set(err, CS_ERR_PARSE, nomark,
			     "while verifying digests",
			     "%s: uncompressed content is %.23s..., not the "
			     "diff_id %s",
			     what, df, diff_id);
		return false;
	}
	return true;
}

void img_layer_close(img_layer_rd *l)
{
	if (l->tar)
		archive_read_free(l->tar);
	if (l->dec)
		archive_read_free(l->dec);
	l->tar = l->dec = NULL;
	EVP_MD_CTX_free(l->diff);
	l->diff = NULL;
	img_blob_close(&l->blob);
}

int img_open_beneath(int dirfd, const char *rel)
{
	struct open_how how = {
		.flags = O_RDONLY | O_NOFOLLOW | O_CLOEXEC,
		.resolve = RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS |
			   RESOLVE_NO_MAGICLINKS,
	};
	long fd = syscall(SYS_openat2, dirfd, rel, &how, sizeof(how));
	if (fd < 0 && errno == ENOSYS)
		fd = openat(dirfd, rel, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	return (int)fd;
}

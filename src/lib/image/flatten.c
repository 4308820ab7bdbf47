/*
 * flatten.c - layers applied in order into the final file tree, and the
 * contents of its files streamed back.
 *
 * The tree is a hash of full paths to nodes, each node linked to its
 * parent and children, so a whiteout or a replaced directory drops a whole
 * subtree by walking only that subtree: every node is dropped at most
 * once and a layer costs time linear in its entries.  A layer's entries
 * are listed first and applied in two steps, deletions (whiteouts, opaque
 * markers) before additions, because tar order does not say which comes
 * first and a whiteout only ever hides what lower layers made.
 *
 * An entry named with a `..` component is a hostile archive (no builder
 * writes one): the image is refused with an error naming the entry.  A
 * missing parent directory is made implicitly, as the container runtimes
 * do, and counts against the entry limit like any node.
 *
 * Each final file remembers which layer and which entry of it holds its
 * bytes (for a hard link, its target's), so cs_image_contents() reads
 * only the layers that hold a wanted file, once each, in order.
 */
#include "image-int.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const cs_mark nomark;

typedef struct fnode {
	const char *path;          /* "/a/b"; "" for the root */
	struct fnode *parent, *child, *next, *prev;
	cs_img_file f;
	int32_t sl;                /* layer with the bytes, or -1 */
	uint32_t so;               /* entry number in that layer */
	bool live;
} fnode;

typedef struct tree {
	cs_arena *a;
	fnode **tab;
	size_t tabn, used;
	fnode **all;
	size_t nall, capall;
	fnode root;
	int32_t layer;
	cs_error *err;
} tree;

enum { LE_ADD, LE_WHITEOUT, LE_OPAQUE };

typedef struct lent {
	const char *path;
	const char *link;          /* symlink as written, hard link target */
	bool hardlink;
	int kind;
	uint32_t mode, uid, gid, ord;
	uint64_t size;
} lent;

static uint64_t hash(const char *s)
{
	uint64_t h = 1469598103934665603ull;
	while (*s)
		h = (h ^ (unsigned char)*s++) * 1099511628211ull;
	return h;
}

/* The slot for path: holding its node, or empty. */
static size_t slot(const tree *t, const char *path)
{
	size_t i = (size_t)hash(path) & (t->tabn - 1);
	while (t->tab[i] && strcmp(t->tab[i]->path, path))
		i = (i + 1) & (t->tabn - 1);
	return i;
}

static fnode *lookup(const tree *t, const char *path)
{
	if (!path[0])
		return (fnode *)&t->root;
	fnode *n = t->tab[slot(t, path)];
	return n && n->live ? n : NULL;
}

static bool nomem(tree *t)
{
	cs_error_set(t->err, CS_ERR_NOMEM, nomark, "while indexing files",
		     "out of memory");
	return false;
}

static bool tab_grow(tree *t)
{
	size_t n = t->tabn ? t->tabn * 2 : 4096;
	fnode **old = t->tab;
	size_t oldn = t->tabn;
	t->tab = calloc(n, sizeof(*t->tab));
	if (!t->tab) {
		t->tab = old;
		return nomem(t);
	}
	t->tabn = n;
	for (size_t i = 0; i < oldn; i++)
		if (old[i])
			t->tab[slot(t, old[i]->path)] = old[i];
	free(old);
	return true;
}

static void unlink_node(fnode *n)
{
	if (n->prev)
		n->prev->next = n->next;
	else if (n->parent)
		n->parent->child = n->next;
	if (n->next)
		n->next->prev = n->prev;
	n->next = n->prev = NULL;
}

/* Drop n and everything under it, without recursion. */
static void drop(fnode *n)
{
	unlink_node(n);
	n->live = false;
	fnode *cur = n->child;
	while (cur) {
		cur->live = false;
		if (cur->child) {
			cur = cur->child;
			continue;
		}
		while (cur != n && !cur->next)
			cur = cur->parent;
		if (cur == n)
			break;
		cur = cur->next;
	}
	n->child = NULL;
}

static void drop_children(fnode *n)
{
	while (n->child)
		drop(n->child);
}

static fnode *make(tree *t, const char *path, fnode *parent)
{
	if (t->nall >= 2ull * CS_IMG_MAX_ENTRIES) {
		cs_error_set(t->err, CS_ERR_LIMIT, nomark,
			     "while indexing files",
			     "%s: more than %u files and directories "
			     "(CS_IMG_MAX_ENTRIES)",
			     path, 2 * CS_IMG_MAX_ENTRIES);
		return NULL;
	}
	if ((t->used + 1) * 2 > t->tabn && !tab_grow(t))
		return NULL;
	if (t->nall == t->capall) {
		size_t nc = t->capall ? t->capall * 2 : 1024;
		fnode **v = realloc(t->all, nc * sizeof(*v));
		if (!v) {
			nomem(t);
			return NULL;
		}
		t->all = v;
		t->capall = nc;
	}
	fnode *n = cs_arena_alloc(t->a, sizeof(*n));
	if (!n) {
		nomem(t);
		return NULL;
	}
	n->path = path;
	n->f.path = path;
	n->live = true;
	n->sl = -1;
	n->parent = parent;
	n->next = parent->child;
	if (n->next)
		n->next->prev = n;
	parent->child = n;
	size_t i = slot(t, path);
	if (!t->tab[i])
		t->used++;
	t->tab[i] = n;
	t->all[t->nall++] = n;
	return n;
}

static fnode *implicit_dir(tree *t, const char *path, fnode *parent)
{
	fnode *n = make(t, path, parent);
	if (n) {
		n->f.mode = S_IFDIR | 0755;
		n->f.layer = t->layer;
	}
	return n;
}

/* The directory at path, made (or put in place of a non-directory) when
 * needed. */
static fnode *ensure_dir(tree *t, const char *path)
{
	fnode *n = lookup(t, path);
	if (n && S_ISDIR(n->f.mode))
		return n;
	fnode *cur = &t->root;
	const char *p = path;
	while (*p) {
		const char *q = strchr(p + 1, '/');
		size_t len = q ? (size_t)(q - path) : strlen(path);
		char *pre = cs_arena_strndup(t->a, path, len);
		if (!pre) {
			nomem(t);
			return NULL;
		}
		n = lookup(t, pre);
		if (n && !S_ISDIR(n->f.mode)) {
			drop(n);
			n = NULL;
		}
		if (!n)
			n = implicit_dir(t, pre, cur);
		if (!n)
			return NULL;
		cur = n;
		p = path + len;
	}
	return cur;
}

static bool add(tree *t, const lent *e)
{
	const char *slash = strrchr(e->path, '/');
	char *ppath = cs_arena_strndup(t->a, e->path,
				       (size_t)(slash - e->path));
	if (!ppath)
		return nomem(t);
	fnode *parent = ensure_dir(t, ppath);
	if (!parent)
		return false;
	fnode *old = lookup(t, e->path);
	if (old && S_ISDIR(old->f.mode) && S_ISDIR(e->mode) && !e->hardlink) {
		old->f.mode = e->mode;
		old->f.uid = e->uid;
		old->f.gid = e->gid;
		old->f.layer = t->layer;
		return true;
	}
	if (old)
		drop(old);
	fnode *n = make(t, e->path, parent);
	if (!n)
		return false;
	n->f.mode = e->mode;
	n->f.uid = e->uid;
	n->f.gid = e->gid;
	n->f.size = e->size;
	n->f.link = e->link;
	n->f.layer = t->layer;
	n->sl = t->layer;
	n->so = e->ord;
	if (e->hardlink) {
		n->f.hardlink = true;
		n->sl = -1;
		fnode *tg = lookup(t, e->link);
		if (tg && tg != n && !S_ISDIR(tg->f.mode)) {
			n->f.mode = tg->f.mode;
			n->f.uid = tg->f.uid;
			n->f.gid = tg->f.gid;
			n->f.size = tg->f.size;
			n->sl = tg->sl;
			n->so = tg->so;
		}
	}
	return true;
}

static bool apply(tree *t, const lent *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (v[i].kind == LE_ADD)
			continue;
		fnode *x = lookup(t, v[i].path);
		if (!x)
			continue;
		if (v[i].kind == LE_OPAQUE) {
			if (S_ISDIR(x->f.mode))
				drop_children(x);
		} else if (x != &t->root) {
			drop(x);
		}
	}
	for (size_t i = 0; i < n; i++)
		if (v[i].kind == LE_ADD && !add(t, &v[i]))
			return false;
	return true;
}

/* "/" + the normalized name, or NULL with err set. */
static char *entry_path(cs_arena *a, const char *what, const char *name,
			cs_error *err)
{
	char buf[CS_IMG_MAX_PATH + 2];
	if (strlen(name) > CS_IMG_MAX_PATH) {
		cs_error_set(err, CS_ERR_LIMIT, nomark, "while reading a layer",
			     "%s: an entry name is longer than %u bytes "
			     "(CS_IMG_MAX_PATH)",
			     what, CS_IMG_MAX_PATH);
		return NULL;
	}
	buf[0] = '/';
	if (!img_norm(name, buf + 1, sizeof(buf) - 1)) {
		cs_error_set(err, CS_ERR_PARSE, nomark, "while reading a layer",
			     "%s: entry '%.120s' escapes the image root", what,
			     name);
		return NULL;
	}
	char *r = cs_arena_strdup(a, buf[1] ? buf : "");
	if (!r)
		cs_error_set(err, CS_ERR_NOMEM, nomark, NULL, "out of memory");
	return r;
}

/* One entry of a layer into e; false on error.  e->path NULL: skip. */
static bool read_entry(cs_arena *a, const char *what,
		       struct archive_entry *ae, uint32_t ord, lent *e,
		       cs_error *err)
{
	memset(e, 0, sizeof(*e));
	e->ord = ord;
	const char *name = archive_entry_pathname(ae);
	if (!name) {
		cs_error_set(err, CS_ERR_PARSE, nomark, "while reading a layer",
			     "%s: entry %u has no name", what, ord);
		return false;
	}
	char *path = entry_path(a, what, name, err);
	if (!path)
		return false;
	if (!path[0])
		return true;
	char *slash = strrchr(path, '/');
	const char *base = slash + 1;
	if (!strncmp(base, ".wh.", 4)) {
		if (!strcmp(base, ".wh..wh..opq")) {
			e->kind = LE_OPAQUE;
			*slash = '\0';
			e->path = path;
		} else if (strncmp(base, ".wh..wh.", 8) && base[4]) {
			e->kind = LE_WHITEOUT;
			memmove(slash + 1, base + 4, strlen(base + 4) + 1);
			e->path = path;
		}
		return true;
	}
	e->path = path;
	e->kind = LE_ADD;
	e->mode = (uint32_t)archive_entry_mode(ae);
	e->uid = (uint32_t)archive_entry_uid(ae);
	e->gid = (uint32_t)archive_entry_gid(ae);
	e->size = archive_entry_size_is_set(ae) ?
			  (uint64_t)archive_entry_size(ae) : 0;
	const char *hl = archive_entry_hardlink(ae);
	const char *sl = archive_entry_symlink(ae);
	if (hl) {
		e->link = entry_path(a, what, hl, err);
		if (!e->link)
			return false;
		e->hardlink = true;
		if (!(e->mode & S_IFMT))
			e->mode |= S_IFREG;
	} else if (sl) {
		if (strlen(sl) > CS_IMG_MAX_PATH) {
			cs_error_set(err, CS_ERR_LIMIT, nomark,
				     "while reading a layer",
				     "%s: %s: link target longer than %u "
				     "bytes (CS_IMG_MAX_PATH)",
				     what, path, CS_IMG_MAX_PATH);
			return false;
		}
		e->link = cs_arena_strdup(a, sl);
		if (!e->link) {
			cs_error_set(err, CS_ERR_NOMEM, nomark, NULL,
				     "out of memory");
			return false;
		}
	}
	return true;
}

static const char *layer_what(cs_image *img, size_t i, char *buf,
			      size_t sz)
{
	img_priv *p = img->priv;
	snprintf(buf, sz, "layer %zu (%s)", i, p->layer_names[i]);
	return buf;
}

static int file_cmp(const void *x, const void *y)
{
	fnode *const *a = x, *const *b = y;
	return strcmp((*a)->path, (*b)->path);
}

static bool collect(cs_image *img, tree *t, cs_error *err)
{
	img_priv *p = img->priv;
	size_t n = 0;
	for (size_t i = 0; i < t->nall; i++)
		if (t->all[i]->live)
			t->all[n++] = t->all[i];
	if (n)
		qsort(t->all, n, sizeof(*t->all), file_cmp);
	img->files = cs_arena_alloc(&img->arena, (n + 1) * sizeof(*img->files));
	p->src_layer = cs_arena_alloc(&img->arena, (n + 1) * sizeof(int32_t));
	p->src_ord = cs_arena_alloc(&img->arena, (n + 1) * sizeof(uint32_t));
	if (!img->files || !p->src_layer || !p->src_ord) {
		cs_error_set(err, CS_ERR_NOMEM, nomark, NULL, "out of memory");
		return false;
	}
	for (size_t i = 0; i < n; i++) {
		img->files[i] = t->all[i]->f;
		p->src_layer[i] = t->all[i]->sl;
		p->src_ord[i] = t->all[i]->so;
	}
	img->nfiles = n;
	return true;
}

bool img_flatten(cs_image *img, cs_error *err)
{
	img_priv *p = img->priv;
	tree t = {.a = &img->arena, .err = err};
	t.root.path = "";
	t.root.f.mode = S_IFDIR | 0755;
	t.root.live = true;
	lent *v = NULL;
	size_t cap = 0;
	uint64_t entries = 0;
	bool ok = false;
	img_layer_rd *l = malloc(sizeof(*l));
	if (!l || !tab_grow(&t)) {
		cs_error_set(err, CS_ERR_NOMEM, nomark, NULL, "out of memory");
		goto out;
	}
	for (size_t i = 0; i < img->nlayers; i++) {
		char what[300];
		layer_what(img, i, what, sizeof(what));
		cs_img_layer *ly = &img->layers[i];
		t.layer = (int32_t)i;
		if (!img_layer_open(l, &p->src, p->layer_names[i],
				    &img->uncompressed, p->limit, err)) {
			if (l->limit_hit)
				img_layer_error(l, what, err);
			img_layer_close(l);
			goto out;
		}
		size_t n = 0;
		bool lok = true;
		for (uint32_t ord = 0;; ord++) {
			struct archive_entry *ae;
			int r = archive_read_next_header(l->tar, &ae);
			if (r == ARCHIVE_EOF)
				break;
			if (r < ARCHIVE_WARN) {
				img_layer_error(l, what, err);
				lok = false;
				break;
			}
			if (++entries > CS_IMG_MAX_ENTRIES) {
				cs_error_set(err, CS_ERR_LIMIT, nomark,
					     "while reading a layer",
					     "%s: more than %u entries over "
					     "all layers (CS_IMG_MAX_ENTRIES)",
					     what, CS_IMG_MAX_ENTRIES);
				lok = false;
				break;
			}
			if (n == cap) {
				size_t nc = cap ? cap * 2 : 256;
				lent *nv = realloc(v, nc * sizeof(*nv));
				if (!nv) {
					cs_error_set(err, CS_ERR_NOMEM, nomark,
						     NULL, "out of memory");
					lok = false;
					break;
				}
				v = nv;
				cap = nc;
			}
			if (!read_entry(&img->arena, what, ae, ord, &v[n],
					err)) {
				lok = false;
				break;
			}
			if (v[n].path)
				n++;
			if (archive_read_data_skip(l->tar) < ARCHIVE_WARN) {
				img_layer_error(l, what, err);
				lok = false;
				break;
			}
		}
		char dg[72], df[72];
		if (lok)
			lok = img_layer_finish(l, what, p->layer_digest[i],
					       ly->diff_id, dg, df, err);
		if (lok) {
			if (!ly->digest)
				ly->digest = cs_arena_strdup(&img->arena, dg);
			ly->compression = l->compression;
			ly->size = l->blob.nread;
			ly->uncompressed = l->unc;
		}
		img_layer_close(l);
		if (!lok || !apply(&t, v, n))
			goto out;
	}
	ok = collect(img, &t, err);
out:
	free(l);
	free(v);
	free(t.tab);
	free(t.all);
	return ok;
}

static int fcmp(const void *x, const void *y)
{
	const cs_img_file *a = x, *b = y;
	return strcmp(a->path, b->path);
}

bool img_rootfs(cs_image *img, const char *path, cs_error *err)
{
	img_priv *p = img->priv;
	cs_arena *a = &img->arena;
	const char **stack = NULL;
	size_t ns = 0, caps = 0;
	cs_img_file *files = NULL;
	size_t nf = 0, capf = 0;
	bool ok = false;
	stack = malloc(sizeof(*stack) * 64);
	if (!stack)
		goto nomem;
	caps = 64;
	stack[ns++] = "";
	while (ns) {
		const char *dir = stack[--ns];
		int dfd = dir[0] ? img_open_beneath(p->src.dirfd, dir + 1)
				 : dup(p->src.dirfd);
		struct stat st;
		if (dfd < 0 || fstat(dfd, &st) != 0 || !S_ISDIR(st.st_mode)) {
			if (dfd >= 0)
				close(dfd);
			continue;
		}
		DIR *d = fdopendir(dfd);
		if (!d) {
			close(dfd);
			continue;
		}
		struct dirent *de;
		while ((de = readdir(d))) {
			if (!strcmp(de->d_name, ".") ||
			    !strcmp(de->d_name, ".."))
				continue;
			if (fstatat(dfd, de->d_name, &st,
				    AT_SYMLINK_NOFOLLOW) != 0)
				continue;
			size_t len = strlen(dir) + 1 + strlen(de->d_name);
			if (len > CS_IMG_MAX_PATH) {
				cs_error_set(err, CS_ERR_LIMIT, nomark,
					     "while walking the directory",
					     "%s%s/%.60s...: path longer than "
					     "%u bytes (CS_IMG_MAX_PATH)",
					     path, dir, de->d_name,
					     CS_IMG_MAX_PATH);
				closedir(d);
				goto out;
			}
			if (nf >= CS_IMG_MAX_ENTRIES) {
				cs_error_set(err, CS_ERR_LIMIT, nomark,
					     "while walking the directory",
					     "%s: more than %u files "
					     "(CS_IMG_MAX_ENTRIES)",
					     path, CS_IMG_MAX_ENTRIES);
				closedir(d);
				goto out;
			}
			char *fp = cs_arena_printf(a, "%s/%s", dir, de->d_name);
			if (!fp) {
				closedir(d);
				goto nomem;
			}
			if (nf == capf) {
				size_t nc = capf ? capf * 2 : 256;
				cs_img_file *nv = realloc(files,
							  nc * sizeof(*nv));
				if (!nv) {
					closedir(d);
					goto nomem;
				}
				files = nv;
				capf = nc;
			}
			cs_img_file *f = &files[nf++];
			memset(f, 0, sizeof(*f));
			f->path = fp;
			f->mode = st.st_mode;
			f->uid = st.st_uid;
			f->gid = st.st_gid;
			f->size = (uint64_t)st.st_size;
			f->layer = -1;
			if (S_ISLNK(st.st_mode)) {
				char t[CS_IMG_MAX_PATH + 1];
				ssize_t n = readlinkat(dfd, de->d_name, t,
						       sizeof(t) - 1);
				if (n >= 0) {
					t[n] = '\0';
					f->link = cs_arena_strdup(a, t);
				}
			} else if (S_ISDIR(st.st_mode)) {
				if (ns == caps) {
					const char **nv = realloc(
						stack, 2 * caps * sizeof(*nv));
					if (!nv) {
						closedir(d);
						goto nomem;
					}
					stack = nv;
					caps *= 2;
				}
				stack[ns++] = fp;
			}
		}
		closedir(d);
	}
	img->files = cs_arena_alloc(a, (nf + 1) * sizeof(*files));
	if (!img->files)
		goto nomem;
	if (nf) {
		memcpy(img->files, files, nf * sizeof(*files));
		qsort(img->files, nf, sizeof(*files), fcmp);
	}
	img->nfiles = nf;
	ok = true;
	goto out;
nomem:
	cs_error_set(err, CS_ERR_NOMEM, nomark, NULL, "out of memory");
out:
	free(stack);
	free(files);
	return ok;
}

const cs_img_file *cs_image_find(const cs_image *img, const char *path)
{
	if (!img || !img->files || !path)
		return NULL;
	cs_img_file key = {.path = path};
	return bsearch(&key, img->files, img->nfiles, sizeof(key), fcmp);
}

/*
 * Walk path component by component as the kernel would inside a chroot:
 * `..` stops at the root, an absolute link target restarts from it.  The
 * rest of the path still to walk is kept in a buffer that each link
 * rewrites, bounded by the depth limit times the path limit.
 */
const cs_img_file *cs_image_resolve(const cs_image *img, const char *path)
{
	if (!img || !path)
		return NULL;
	size_t cap = (CS_IMG_MAX_LINK_DEPTH + 2) * (CS_IMG_MAX_PATH + 2);
	char *rest = malloc(cap), *tmp = malloc(cap);
	char cur[CS_IMG_MAX_PATH + 2];
	const cs_img_file *res = NULL;
	unsigned links = 0;
	if (!rest || !tmp || strlen(path) >= CS_IMG_MAX_PATH)
		goto out;
	snprintf(rest, cap, "%s", path);
	size_t clen = 0;
	cur[0] = '\0';
	const char *p = rest;
	for (;;) {
		while (*p == '/')
			p++;
		if (!*p)
			break;
		const char *q = p;
		while (*q && *q != '/')
			q++;
		size_t n = (size_t)(q - p);
		if (n == 1 && p[0] == '.') {
			p = q;
			continue;
		}
		if (n == 2 && p[0] == '.' && p[1] == '.') {
			while (clen && cur[clen - 1] != '/')
				clen--;
			if (clen)
				clen--;
			cur[clen] = '\0';
			p = q;
			continue;
		}
		if (clen + 1 + n >= sizeof(cur))
			goto out;
		size_t save = clen;
		cur[clen++] = '/';
		memcpy(cur + clen, p, n);
		clen += n;
		cur[clen] = '\0';
		const cs_img_file *f = cs_image_find(img, cur);
		if (!f)
			goto out;
		bool last = true;
		for (const char *r = q; *r; r++)
			if (*r != '/') {
				last = false;
				break;
			}
		if (S_ISLNK(f->mode) && f->link) {
			if (++links > CS_IMG_MAX_LINK_DEPTH)
				goto out;
			clen = f->link[0] == '/' ? 0 : save;
			cur[clen] = '\0';
			int w = snprintf(tmp, cap, "%s/%s", f->link, q);
			if (w < 0 || (size_t)w >= cap)
				goto out;
			memcpy(rest, tmp, (size_t)w + 1);
			p = rest;
			continue;
		}
		if (f->hardlink && f->link && last) {
			const cs_img_file *t = cs_image_find(img, f->link);
			res = t && !t->hardlink ? t : f;
			goto out;
		}
		if (last) {
			res = f;
			goto out;
		}
		if (!S_ISDIR(f->mode))
			goto out;
		p = q;
	}
out:
	free(rest);
	free(tmp);
	return res;
}

typedef struct want_ent {
	int32_t layer;
	uint32_t ord;
	size_t file;
} want_ent;

static int want_cmp(const void *x, const void *y)
{
	const want_ent *a = x, *b = y;
	if (a->layer != b->layer)
		return a->layer < b->layer ? -1 : 1;
	if (a->ord != b->ord)
		return a->ord < b->ord ? -1 : 1;
	return a->file < b->file ? -1 : a->file > b->file;
}

static bool rootfs_contents(const cs_image *img, cs_img_want_fn want,
			    cs_img_got_fn got, void *ctx, unsigned char *buf,
			    size_t max)
{
	const img_priv *p = img->priv;
	for (size_t i = 0; i < img->nfiles; i++) {
		const cs_img_file *f = &img->files[i];
		if (!S_ISREG(f->mode) || !want(ctx, f))
			continue;
		int fd = img_open_beneath(p->src.dirfd, f->path + 1);
		struct stat st;
		if (fd < 0)
			continue;
		if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
			close(fd);
			continue;
		}
		size_t len = 0;
		ssize_t n = 0;
		while (len < max + 1 &&
		       (n = read(fd, buf + len, max + 1 - len)) > 0)
			len += (size_t)n;
		close(fd);
		bool trunc = len > max;
		if (!got(ctx, f, buf, trunc ? max : len, trunc))
			return false;
	}
	return true;
}

bool cs_image_contents(const cs_image *img, cs_img_want_fn want,
		       cs_img_got_fn got, void *ctx, size_t max,
		       cs_error *err)
{
	const img_priv *p = img->priv;
	if (!p) {
		cs_error_set(err, CS_ERR_USAGE, nomark, NULL,
			     "the image is not open");
		return false;
	}
	unsigned char *buf = malloc(max + 1);
	if (!buf) {
		cs_error_set(err, CS_ERR_NOMEM, nomark, NULL, "out of memory");
		return false;
	}
	if (img->format == CS_IMG_ROOTFS) {
		bool r = rootfs_contents(img, want, got, ctx, buf, max);
		free(buf);
		return r;
	}
	want_ent *w = malloc((img->nfiles + 1) * sizeof(*w));
	img_layer_rd *l = malloc(sizeof(*l));
	size_t nw = 0;
	bool ok = false;
	if (!w || !l) {
		cs_error_set(err, CS_ERR_NOMEM, nomark, NULL, "out of memory");
		goto out;
	}
	for (size_t i = 0; i < img->nfiles; i++) {
		const cs_img_file *f = &img->files[i];
		if (S_ISREG(f->mode) && p->src_layer[i] >= 0 && want(ctx, f))
			w[nw++] = (want_ent){p->src_layer[i], p->src_ord[i], i};
	}
	if (nw)
		qsort(w, nw, sizeof(*w), want_cmp);
	uint64_t total = 0;
	size_t k = 0;
	while (k < nw) {
		int32_t li = w[k].layer;
		char what[300];
		snprintf(what, sizeof(what), "layer %d (%s)", li,
			 p->layer_names[li]);
		const cs_img_layer *ly = &img->layers[li];
		if (!img_layer_open(l, &p->src, p->layer_names[li], &total,
				    p->limit, err)) {
			img_layer_close(l);
			goto out;
		}
		bool lok = true, stop = false;
		for (uint32_t ord = 0; k < nw && w[k].layer == li; ord++) {
			struct archive_entry *ae;
			int r = archive_read_next_header(l->tar, &ae);
			if (r == ARCHIVE_EOF)
				break;
			if (r < ARCHIVE_WARN) {
				img_layer_error(l, what, err);
				lok = false;
				break;
			}
			if (w[k].ord != ord)
				continue;
			size_t len = 0;
			la_ssize_t n = 0;
			while (len < max + 1 &&
			       (n = archive_read_data(l->tar, buf + len,
						      max + 1 - len)) > 0)
				len += (size_t)n;
			if (n < 0) {
				img_layer_error(l, what, err);
				lok = false;
				break;
			}
			bool trunc = len > max;
			for (; k < nw && w[k].layer == li && w[k].ord == ord;
			     k++) {
				if (!stop &&
				    !got(ctx, &img->files[w[k].file], buf,
					 trunc ? max : len, trunc))
					stop = true;
			}
			if (stop)
				break;
		}
		while (k < nw && w[k].layer == li)
			k++;
		char dg[72], df[72];
		if (lok && !stop)
			lok = img_layer_finish(l, what, ly->digest, ly->diff_id,
					       dg, df, err);
		img_layer_close(l);
		if (!lok || stop)
			goto out;
	}
	ok = true;
out:
	free(buf);
	free(w);
	free(l);
	return ok;
}

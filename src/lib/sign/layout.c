/*
 * layout.c - cosign signatures and attestations in an OCI image layout
 * (layout.h).
 *
 * Reading goes through the image reader's byte access (img_src: a
 * directory, or a tar listed once), so a layout is read the same way
 * whether it is signed, verified or audited.  Everything in it is
 * untrusted: index.json and every manifest are checked for the shape the
 * OCI image spec gives them, every descriptor must carry a
 * "sha256:<64 lowercase hex>" digest and a size, and every blob is
 * checked against both.  File names are only ever built from a digest
 * that passed that check, so nothing outside blobs/sha256/ is opened.
 *
 * Writing (directories only) never leaves a half-written file under a
 * name a reader trusts: each blob goes to a fresh temporary file in
 * blobs/sha256 (O_EXCL), is fsynced and renamed to its digest; index.json
 * is replaced the same way.  A signature manifest is replaced, not edited:
 * the old manifest blob stays behind unreferenced, which the OCI layout
 * spec allows (a later garbage collection may remove it).
 */
#include "layout.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include "../image/image-int.h"
#include "../util/arena.h"

#define MAX_DESCRIPTORS 65536u	      /* manifests listed in index.json */
#define MAX_ITEMS_TOTAL (64ull << 20) /* bytes of the layers of one .sig */

#define MT_OCI_MANIFEST "application/vnd.oci.image.manifest.v1+json"
#define MT_OCI_INDEX "application/vnd.oci.image.index.v1+json"
#define MT_OCI_CONFIG "application/vnd.oci.image.config.v1+json"
#define MT_DOCKER_MANIFEST                                                     \
	"application/vnd.docker.distribution.manifest.v2+json"
#define MT_DOCKER_LIST                                                         \
	"application/vnd.docker.distribution.manifest.list.v2+json"

#define KIND "kind"
#define KIND_IMAGE "dev.cosignproject.cosign/image"
#define KIND_INDEX "dev.cosignproject.cosign/imageIndex"
#define KIND_SIGS "dev.cosignproject.cosign/sigs"
#define KIND_ATTS "dev.cosignproject.cosign/atts"
#define KIND_SBOMS "dev.cosignproject.cosign/sboms"
#define REF_NAME "org.opencontainers.image.ref.name"
#define CONTAINERD_NAME "io.containerd.image.name"
#define PREDICATE "predicateType"
#define ANNOT_CERT "dev.sigstore.cosign/certificate"
#define ANNOT_BUNDLE "dev.sigstore.cosign/bundle"

static const cs_mark nomark;

/* A top-level descriptor of index.json, checked, strings in the arena. */
typedef struct desc {
	const char *media_type;
	char digest[72];
	uint64_t size;
	const char *ref_name; /* or NULL */
	const char *name;     /* cs_layout_image.name, or NULL */
	const char *kind;     /* or NULL */
	size_t pos;	      /* in index.json's manifests */
} desc;

struct cs_layout {
	cs_arena arena;
	img_src src;
	bool src_open;
	bool writable;
	const char *path;
	json_t *index;
	desc *descs;
	size_t ndescs;
};

static bool nomem(cs_error *err)
{
	cs_error_set(err, CS_ERR_NOMEM, nomark, NULL, "out of memory");
	return false;
}

static bool is_hex64(const char *h)
{
	for (int i = 0; i < 64; i++)
		if (!((h[i] >= '0' && h[i] <= '9') ||
		      (h[i] >= 'a' && h[i] <= 'f')))
			return false;
	return h[64] == '\0';
}

/* "sha256:<64 lowercase hex>" and nothing else: the only digests whose
 * blob names we build. */
static bool is_sha256(const char *d)
{
	return d && strncmp(d, "sha256:", 7) == 0 && strlen(d) == 71 &&
	       is_hex64(d + 7);
}

static bool is_image_type(const char *mt)
{
	return strcmp(mt, MT_OCI_MANIFEST) == 0 ||
	       strcmp(mt, MT_OCI_INDEX) == 0 ||
	       strcmp(mt, MT_DOCKER_MANIFEST) == 0 ||
	       strcmp(mt, MT_DOCKER_LIST) == 0;
}

static bool is_index_type(const char *mt)
{
	return strcmp(mt, MT_OCI_INDEX) == 0 || strcmp(mt, MT_DOCKER_LIST) == 0;
}

/* Check a descriptor's shape; `where` names it in the message. */
static bool check_desc(json_t *d, const char *where, cs_error *err)
{
	const char *why = NULL;
	json_t *size = json_object_get(d, "size");
	json_t *ann = json_object_get(d, "annotations");
	const char *dg = json_string_value(json_object_get(d, "digest"));
	if (!json_is_object(d))
		why = "is not an object";
	else if (!json_is_string(json_object_get(d, "mediaType")))
		why = "has no mediaType";
	else if (!dg)
		why = "has no digest";
	else if (!is_sha256(dg))
		why = "has a digest that is not sha256:<64 lowercase hex>";
	else if (!json_is_integer(size) || json_integer_value(size) < 0)
		why = "has no size (a non-negative integer)";
	else if (ann && !json_is_object(ann))
		why = "has annotations that are not an object";
	if (!why && ann) {
		const char *k;
		json_t *v;
		json_object_foreach(ann, k, v)
		{
			if (!json_is_string(v)) {
				why = "has an annotation that is not a string";
				break;
			}
		}
	}
	if (why) {
		cs_error_set(err, CS_ERR_PARSE, nomark,
			     "while checking descriptors", "%s %s", where, why);
		return false;
	}
	return true;
}

static const char *annotation(json_t *d, const char *key)
{
	return json_string_value(
		json_object_get(json_object_get(d, "annotations"), key));
}

/* Read blob `digest` whole, checked against the digest and size. */
static char *read_blob(cs_layout *l, const char *digest, uint64_t size,
		       size_t *len, cs_error *err)
{
	if (!is_sha256(digest)) {
		cs_error_set(
			err, CS_ERR_PARSE, nomark, "while reading a blob",
			"'%.80s' is not a sha256:<64 lowercase hex> digest",
			digest ? digest : "");
		return NULL;
	}
	if (size > CS_IMG_MAX_JSON) {
		cs_error_set(err, CS_ERR_LIMIT, nomark, "while reading a blob",
			     "%s: %llu bytes, more than %u (CS_IMG_MAX_JSON)",
			     digest, (unsigned long long)size, CS_IMG_MAX_JSON);
		return NULL;
	}
	char name[96];
	snprintf(name, sizeof(name), "blobs/sha256/%s", digest + 7);
	/* the stored size first: a blob larger than its descriptor says is
	 * refused before it is read */
	uint64_t have = 0;
	bool known = false;
	if (l->src.kind == SRC_DIR) {
		struct stat st;
		if (fstatat(l->src.dirfd, name, &st, AT_SYMLINK_NOFOLLOW) ==
			    0 &&
		    S_ISREG(st.st_mode)) {
			have = (uint64_t)st.st_size;
			known = true;
		}
	} else {
		const img_ent *e = img_src_find(&l->src, name);
		if (e && !e->dir) {
			have = e->size;
			known = true;
		}
	}
	if (known && have != size) {
		cs_error_set(err, CS_ERR_PARSE, nomark, "while reading a blob",
			     "%s is %llu bytes, its descriptor says %llu", name,
			     (unsigned long long)have,
			     (unsigned long long)size);
		return NULL;
	}
	char *data = img_read_small(&l->src, &l->arena, name, digest, len, err);
	if (data && *len != size) {
		cs_error_set(err, CS_ERR_PARSE, nomark, "while reading a blob",
			     "%s is %zu bytes, its descriptor says %llu", name,
			     *len, (unsigned long long)size);
		return NULL;
	}
	return data;
}

/* A manifest or index blob, parsed and checked: schemaVersion 2, a
 * mediaType (when present) equal to the descriptor's, descriptors well
 * formed. */
static json_t *load_manifest(cs_layout *l, const char *media_type,
			     const char *digest, uint64_t size, cs_error *err)
{
	size_t len;
	char *data = read_blob(l, digest, size, &len, err);
	if (!data)
		return NULL;
	json_error_t je;
	json_t *m = json_loadb(data, len, JSON_REJECT_DUPLICATES, &je);
	if (!m) {
		cs_error_set(err, CS_ERR_PARSE, nomark,
			     "while reading a manifest",
			     "%s is not JSON: %s (line %d)", digest, je.text,
			     je.line);
		return NULL;
	}
	const char *why = NULL;
	json_t *sv = json_object_get(m, "schemaVersion");
	const char *mt = json_string_value(json_object_get(m, "mediaType"));
	bool index = is_index_type(media_type);
	/* Go marshals an empty layer list as null (a signature manifest
	 * with no signature yet, as `cosign save` may write one) */
	if (!index && json_is_null(json_object_get(m, "layers")))
		json_object_set_new(m, "layers", json_array());
	json_t *list = json_object_get(m, index ? "manifests" : "layers");
	if (!json_is_object(m))
		why = "is not a JSON object";
	else if (!json_is_integer(sv) || json_integer_value(sv) != 2)
		why = "does not have schemaVersion 2";
	else if (json_object_get(m, "mediaType") &&
		 (!mt || strcmp(mt, media_type)))
		why = "has a mediaType other than its descriptor's";
	else if (!json_is_array(list))
		why = index ? "has no manifests array" : "has no layers array";
	if (why) {
		cs_error_set(err, CS_ERR_PARSE, nomark,
			     "while reading a manifest", "%s %s", digest, why);
		json_decref(m);
		return NULL;
	}
	char where[128];
	if (!index) {
		snprintf(where, sizeof(where), "%.80s: config", digest);
		if (!check_desc(json_object_get(m, "config"), where, err)) {
			json_decref(m);
			return NULL;
		}
	}
	size_t i;
	json_t *d;
	json_array_foreach(list, i, d)
	{
		snprintf(where, sizeof(where), "%.80s: %s %zu", digest,
			 index ? "manifest" : "layer", i);
		if (!check_desc(d, where, err)) {
			json_decref(m);
			return NULL;
		}
	}
	return m;
}

/* Take the checked descriptors of l->index into l->descs. */
static bool load_descs(cs_layout *l, cs_error *err)
{
	json_t *ms = json_object_get(l->index, "manifests");
	size_t n = json_array_size(ms);
	l->ndescs = 0;
	l->descs = n ? cs_arena_alloc(&l->arena, n * sizeof(desc)) : NULL;
	if (n && !l->descs)
		return nomem(err);
	size_t i;
	json_t *d;
	json_array_foreach(ms, i, d)
	{
		char where[48];
		snprintf(where, sizeof(where), "index.json: manifest %zu", i);
		if (!check_desc(d, where, err))
			return false;
		desc *e = &l->descs[l->ndescs++];
		const char *rn = annotation(d, REF_NAME),
			   *kind = annotation(d, KIND);
		e->media_type = cs_arena_strdup(
			&l->arena,
			json_string_value(json_object_get(d, "mediaType")));
		const char *full = rn && strchr(rn, '/')
					   ? rn
					   : annotation(d, CONTAINERD_NAME);
		e->ref_name = rn ? cs_arena_strdup(&l->arena, rn) : NULL;
		e->name = full ? cs_arena_strdup(&l->arena, full) : NULL;
		e->kind = kind ? cs_arena_strdup(&l->arena, kind) : NULL;
		if (!e->media_type || (rn && !e->ref_name) ||
		    (full && !e->name) || (kind && !e->kind))
			return nomem(err);
		snprintf(e->digest, sizeof(e->digest), "%s",
			 json_string_value(json_object_get(d, "digest")));
		e->size = (uint64_t)json_integer_value(
			json_object_get(d, "size"));
		e->pos = i;
	}
	return true;
}

static bool check_index(json_t *idx, cs_error *err)
{
	const char *why = NULL;
	json_t *sv = json_object_get(idx, "schemaVersion");
	const char *mt = json_string_value(json_object_get(idx, "mediaType"));
	json_t *ms = json_object_get(idx, "manifests");
	if (!json_is_object(idx))
		why = "is not a JSON object";
	else if (!json_is_integer(sv) || json_integer_value(sv) != 2)
		why = "does not have schemaVersion 2";
	else if (json_object_get(idx, "mediaType") &&
		 (!mt || strcmp(mt, MT_OCI_INDEX)))
		why = "has a mediaType other than " MT_OCI_INDEX;
	else if (!json_is_array(ms))
		why = "has no manifests array";
	else if (json_array_size(ms) > MAX_DESCRIPTORS)
		why = "lists more than 65536 manifests";
	if (why) {
		cs_error_set(err, CS_ERR_PARSE, nomark,
			     "while reading index.json", "index.json %s", why);
		return false;
	}
	return true;
}

bool cs_layout_index_check(const void *json, size_t len, cs_error *err)
{
	json_error_t je;
	json_t *idx = json_loadb(json, len, JSON_REJECT_DUPLICATES, &je);
	if (!idx) {
		cs_error_set(err, CS_ERR_PARSE, nomark,
			     "while reading index.json",
			     "index.json is not JSON: %s (line %d)", je.text,
			     je.line);
		return false;
	}
	bool ok = check_index(idx, err);
	size_t i;
	json_t *d;
	json_array_foreach(json_object_get(idx, "manifests"), i, d)
	{
		if (!ok)
			break;
		char where[48];
		snprintf(where, sizeof(where), "index.json: manifest %zu", i);
		ok = check_desc(d, where, err);
	}
	json_decref(idx);
	return ok;
}

bool cs_layout_open(cs_layout **out, const char *path, bool writable,
		    cs_error *err)
{
	*out = NULL;
	cs_layout *l = calloc(1, sizeof(*l));
	if (!l)
		return nomem(err);
	cs_arena_init(&l->arena, 0);
	l->writable = writable;
	l->path = cs_arena_strdup(&l->arena, path);
	if (!l->path) {
		cs_layout_free(l);
		return nomem(err);
	}
	if (!img_src_open(&l->src, &l->arena, l->path, err)) {
		cs_layout_free(l);
		return false;
	}
	l->src_open = true;
	if (writable && l->src.kind != SRC_DIR) {
		cs_error_set(err, CS_ERR_USAGE, nomark, NULL,
			     "%s: only a directory layout can be written to, "
			     "not a tar",
			     path);
		cs_layout_free(l);
		return false;
	}
	if (!img_src_exists(&l->src, "oci-layout") ||
	    !img_src_exists(&l->src, "index.json")) {
		cs_error_set(err, CS_ERR_IO, nomark, NULL,
			     "%s is not an OCI image layout (no oci-layout "
			     "and index.json)",
			     path);
		cs_layout_free(l);
		return false;
	}
	size_t len;
	char *data = img_read_small(&l->src, &l->arena, "index.json", NULL,
				    &len, err);
	json_error_t je;
	if (data) {
		l->index = json_loadb(data, len, JSON_REJECT_DUPLICATES, &je);
		if (!l->index)
			cs_error_set(err, CS_ERR_PARSE, nomark,
				     "while reading index.json",
				     "index.json is not JSON: %s (line %d)",
				     je.text, je.line);
	}
	if (!l->index || !check_index(l->index, err) || !load_descs(l, err)) {
		cs_layout_free(l);
		return false;
	}
	*out = l;
	return true;
}

void cs_layout_free(cs_layout *l)
{
	if (!l)
		return;
	if (l->src_open)
		img_src_close(&l->src);
	json_decref(l->index);
	cs_arena_free(&l->arena);
	free(l);
}

/* "sha256-<hex>.sig" and the like: how cosign tags what it attaches. */
static bool is_attached_name(const char *rn)
{
	if (!rn || strncmp(rn, "sha256-", 7) || strlen(rn) < 7 + 64 + 4)
		return false;
	const char *sfx = rn + 7 + 64;
	char hex[65];
	memcpy(hex, rn + 7, 64);
	hex[64] = '\0';
	return is_hex64(hex) &&
	       (strcmp(sfx, ".sig") == 0 || strcmp(sfx, ".att") == 0 ||
		strcmp(sfx, ".sbom") == 0);
}

/* An image (manifest or index) that is not something cosign attached. */
static bool is_candidate(const desc *d)
{
	if (!is_image_type(d->media_type) || is_attached_name(d->ref_name))
		return false;
	return !d->kind ||
	       (strcmp(d->kind, KIND_SIGS) && strcmp(d->kind, KIND_ATTS) &&
		strcmp(d->kind, KIND_SBOMS));
}

static size_t count_candidates(const cs_layout *l, const desc **only)
{
	size_t n = 0;
	for (size_t i = 0; i < l->ndescs; i++)
		if (is_candidate(&l->descs[i])) {
			if (!n && only)
				*only = &l->descs[i];
			n++;
		}
	return n;
}

/* "web:1.5, sha256:ab.." - the images, for an error message. */
static void list_candidates(const cs_layout *l, char *out, size_t outsz)
{
	size_t used = 0;
	out[0] = '\0';
	for (size_t i = 0; i < l->ndescs && used + 1 < outsz; i++) {
		const desc *d = &l->descs[i];
		if (!is_candidate(d))
			continue;
		int n = snprintf(out + used, outsz - used, "%s%s",
				 used ? ", " : "",
				 d->ref_name ? d->ref_name : d->digest);
		if (n < 0)
			break;
		used += (size_t)n;
	}
}

static bool matches_kind_image(const desc *d)
{
	return d->kind && (strcmp(d->kind, KIND_IMAGE) == 0 ||
			   strcmp(d->kind, KIND_INDEX) == 0);
}

/* The descriptor `ref` names, see layout.h. */
static const desc *pick(cs_layout *l, const char *ref, cs_error *err)
{
	char names[200];
	const desc *only = NULL;
	size_t ncand = count_candidates(l, &only);
	if (!ncand) {
		cs_error_set(err, CS_ERR_PARSE, nomark, NULL,
			     "%s holds no image", l->path);
		return NULL;
	}
	if (!ref) {
		for (size_t i = 0; i < l->ndescs; i++)
			if (is_candidate(&l->descs[i]) &&
			    matches_kind_image(&l->descs[i]))
				return &l->descs[i];
		if (ncand == 1)
			return only;
		list_candidates(l, names, sizeof(names));
		cs_error_set(err, CS_ERR_USAGE, nomark, NULL,
			     "%s holds %zu images (%s): name the one meant",
			     l->path, ncand, names);
		return NULL;
	}
	const char *at = strstr(ref, "@sha256:");
	const char *dg = strncmp(ref, "sha256:", 7) == 0 ? ref
			 : at				 ? at + 1
							 : NULL;
	if (dg) {
		for (size_t i = 0; i < l->ndescs; i++)
			if (is_candidate(&l->descs[i]) &&
			    strcmp(l->descs[i].digest, dg) == 0)
				return &l->descs[i];
	} else {
		for (size_t i = 0; i < l->ndescs; i++)
			if (is_candidate(&l->descs[i]) &&
			    l->descs[i].ref_name &&
			    strcmp(l->descs[i].ref_name, ref) == 0)
				return &l->descs[i];
		/* the tag alone, as docker and containerd export it */
		const char *slash = strrchr(ref, '/');
		const char *colon = strrchr(slash ? slash : ref, ':');
		const char *tag = colon ? colon + 1 : "latest";
		const desc *found = NULL;
		size_t nfound = 0;
		for (size_t i = 0; i < l->ndescs; i++)
			if (is_candidate(&l->descs[i]) &&
			    l->descs[i].ref_name &&
			    strcmp(l->descs[i].ref_name, tag) == 0) {
				found = found ? found : &l->descs[i];
				nfound++;
			}
		if (nfound == 1)
			return found;
		if (nfound > 1) {
			cs_error_set(err, CS_ERR_USAGE, nomark, NULL,
				     "%s holds %zu images tagged %s: name "
				     "one by digest",
				     l->path, nfound, tag);
			return NULL;
		}
		/* one unnamed image (as `cosign save` writes it): the name
		 * is what it is known as elsewhere */
		if (ncand == 1 && (!only->ref_name || matches_kind_image(only)))
			return only;
	}
	list_candidates(l, names, sizeof(names));
	cs_error_set(err, CS_ERR_USAGE, nomark, NULL,
		     "%s holds no image named %.200s (it holds: %s)", l->path,
		     ref, names);
	return NULL;
}

bool cs_layout_find_image(cs_layout *l, const char *ref, cs_layout_image *img,
			  cs_error *err)
{
	memset(img, 0, sizeof(*img));
	const desc *d = pick(l, ref, err);
	if (!d)
		return false;
	json_t *m = load_manifest(l, d->media_type, d->digest, d->size, err);
	if (!m)
		return false;
	json_decref(m);
	snprintf(img->digest, sizeof(img->digest), "%s", d->digest);
	img->media_type = d->media_type;
	img->ref_name = d->ref_name;
	img->name = d->name;
	img->size = d->size;
	return true;
}

/* The descriptor of the .sig/.att manifest of img, or NULL. */
static const desc *find_attached(cs_layout *l, const cs_layout_image *img,
				 bool atts)
{
	if (!is_sha256(img->digest))
		return NULL;
	char name[80];
	snprintf(name, sizeof(name), "sha256-%s.%s", img->digest + 7,
		 atts ? "att" : "sig");
	for (size_t i = 0; i < l->ndescs; i++)
		if (l->descs[i].ref_name &&
		    strcmp(l->descs[i].ref_name, name) == 0)
			return &l->descs[i];
	/* cosign save names them by kind only, one image per layout */
	const desc *only = NULL;
	if (count_candidates(l, &only) != 1 ||
	    strcmp(only->digest, img->digest))
		return NULL;
	const char *kind = atts ? KIND_ATTS : KIND_SIGS;
	for (size_t i = 0; i < l->ndescs; i++)
		if (l->descs[i].kind && strcmp(l->descs[i].kind, kind) == 0)
			return &l->descs[i];
	return NULL;
}

static void item_error(cs_layout_item *it, const cs_error *e)
{
	snprintf(it->error, sizeof(it->error), "%s", e->message);
}

bool cs_layout_items(cs_layout *l, const cs_layout_image *img, bool atts,
		     cs_layout_item **items, size_t *n, cs_error *err)
{
	*items = NULL;
	*n = 0;
	const desc *d = find_attached(l, img, atts);
	if (!d)
		return true;
	if (strcmp(d->media_type, MT_OCI_MANIFEST) &&
	    strcmp(d->media_type, MT_DOCKER_MANIFEST)) {
		cs_error_set(err, CS_ERR_PARSE, nomark, NULL,
			     "the %s manifest %s is a %s, not an image "
			     "manifest",
			     atts ? "attestation" : "signature", d->digest,
			     d->media_type);
		return false;
	}
	json_t *m = load_manifest(l, d->media_type, d->digest, d->size, err);
	if (!m)
		return false;
	json_t *layers = json_object_get(m, "layers");
	size_t count = json_array_size(layers);
	if (count > CS_COSIGN_MAX_ITEMS) {
		cs_error_set(err, CS_ERR_LIMIT, nomark, NULL,
			     "the %s manifest %s has %zu layers, more than %u",
			     atts ? "attestation" : "signature", d->digest,
			     count, CS_COSIGN_MAX_ITEMS);
		json_decref(m);
		return false;
	}
	cs_layout_item *it =
		count ? cs_arena_alloc(&l->arena, count * sizeof(*it)) : NULL;
	if (count && !it) {
		json_decref(m);
		return nomem(err);
	}
	bool ok = true;
	uint64_t total = 0;
	for (size_t i = 0; i < count && ok; i++) {
		json_t *ld = json_array_get(layers, i);
		const char *mt =
			json_string_value(json_object_get(ld, "mediaType"));
		const char *sig = annotation(ld, CS_COSIGN_SIG_ANNOT);
		const char *pt = annotation(ld, PREDICATE);
		it[i].media_type = cs_arena_strdup(&l->arena, mt);
		it[i].signature = sig ? cs_arena_strdup(&l->arena, sig) : NULL;
		it[i].predicate_type =
			pt ? cs_arena_strdup(&l->arena, pt) : NULL;
		if (!it[i].media_type || (sig && !it[i].signature) ||
		    (pt && !it[i].predicate_type)) {
			ok = nomem(err);
			break;
		}
		it[i].has_certificate = annotation(ld, ANNOT_CERT) != NULL;
		it[i].has_bundle = annotation(ld, ANNOT_BUNDLE) != NULL;
		snprintf(it[i].digest, sizeof(it[i].digest), "%s",
			 json_string_value(json_object_get(ld, "digest")));
		uint64_t size = (uint64_t)json_integer_value(
			json_object_get(ld, "size"));
		if (size > MAX_ITEMS_TOTAL - total) {
			snprintf(it[i].error, sizeof(it[i].error),
				 "not read: the layers before it hold %llu "
				 "bytes, the most read for one image",
				 (unsigned long long)total);
			continue;
		}
		total += size;
		cs_error e = {0};
		size_t len = 0;
		char *data = read_blob(l, it[i].digest, size, &len, &e);
		if (!data) {
			if (e.code == CS_ERR_NOMEM) {
				*err = e;
				ok = false;
				break;
			}
			item_error(&it[i], &e);
			continue;
		}
		it[i].data = (const unsigned char *)data;
		it[i].len = len;
	}
	json_decref(m);
	if (!ok)
		return false;
	*items = it;
	*n = count;
	return true;
}

/* --- writing --- */

static bool sys_error(cs_error *err, const char *what, const char *name)
{
	cs_error_set(err, CS_ERR_IO, nomark, NULL, "%s %s: %s", what, name,
		     strerror(errno));
	return false;
}

static bool ensure_dir(int dirfd, const char *name, cs_error *err)
{
	if (mkdirat(dirfd, name, 0755) == 0 || errno == EEXIST)
		return true;
	return sys_error(err, "cannot create", name);
}

/*
 * Write data to `dir`/`name` (relative to the layout) through a temporary
 * file in `dir`: created O_EXCL with a random name, mode 0644, written in
 * full, fsynced, renamed over `name`.  A reader sees the old file or the
 * new one, never a part.  `dir` is opened without following symlinks, so
 * a layout whose blobs/ points elsewhere cannot make us write outside it.
 */
static bool write_atomic(cs_layout *l, const char *dir, const char *name,
			 const void *data, size_t len, cs_error *err)
{
	int dfd = img_open_beneath(l->src.dirfd, dir[0] ? dir : ".");
	if (dfd < 0 && (errno == ELOOP || errno == EXDEV)) {
		cs_error_set(err, CS_ERR_IO, nomark, NULL,
			     "%s is reached through a symbolic link, which "
			     "could lead out of the layout; not writing",
			     dir);
		return false;
	}
	if (dfd < 0)
		return sys_error(err, "cannot open the directory",
				 dir[0] ? dir : ".");
	char tmp[64];
	int fd = -1;
	for (int tries = 0; fd < 0 && tries < 8; tries++) {
		unsigned char rnd[8];
		if (RAND_bytes(rnd, sizeof(rnd)) != 1) {
			close(dfd);
			cs_error_set(err, CS_ERR_INTERNAL, nomark, NULL,
				     "no randomness for a temporary name");
			return false;
		}
		snprintf(tmp, sizeof(tmp),
			 ".tmp-%02x%02x%02x%02x%02x%02x%02x%02x", rnd[0],
			 rnd[1], rnd[2], rnd[3], rnd[4], rnd[5], rnd[6],
			 rnd[7]);
		fd = openat(dfd, tmp,
			    O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW |
				    O_CLOEXEC,
			    0644);
		if (fd < 0 && errno != EEXIST) {
			int saved = errno;
			close(dfd);
			errno = saved;
			return sys_error(err, "cannot create a file in", dir);
		}
	}
	if (fd < 0) {
		close(dfd);
		return sys_error(err, "cannot create a file in", dir);
	}
	bool ok = fchmod(fd, 0644) == 0;
	const char *p = data;
	size_t left = len;
	while (ok && left) {
		ssize_t w = write(fd, p, left);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			ok = false;
			break;
		}
		p += w;
		left -= (size_t)w;
	}
	ok = ok && fsync(fd) == 0;
	int saved = errno;
	if (close(fd) != 0 && ok) {
		ok = false;
		saved = errno;
	}
	if (ok && renameat(dfd, tmp, dfd, name) != 0) {
		ok = false;
		saved = errno;
	}
	if (!ok) {
		unlinkat(dfd, tmp, 0);
		close(dfd);
		errno = saved;
		return sys_error(err, "cannot write", name);
	}
	fsync(dfd); /* make the rename itself durable */
	close(dfd);
	return true;
}

static void sha256_hex(const void *data, size_t len, char out[72])
{
	unsigned char md[32];
	unsigned int mdlen = 0;
	EVP_Digest(data, len, md, &mdlen, EVP_sha256(), NULL);
	memcpy(out, "sha256:", 7);
	for (int i = 0; i < 32; i++)
		snprintf(out + 7 + 2 * i, 3, "%02x", md[i]);
}

/* Store a blob under its digest unless an intact copy is there. */
static bool write_blob(cs_layout *l, const void *data, size_t len,
		       char digest[72], cs_error *err)
{
	sha256_hex(data, len, digest);
	if (!ensure_dir(l->src.dirfd, "blobs", err) ||
	    !ensure_dir(l->src.dirfd, "blobs/sha256", err))
		return false;
	char name[96];
	snprintf(name, sizeof(name), "blobs/sha256/%s", digest + 7);
	if (img_src_exists(&l->src, name) && len <= CS_IMG_MAX_JSON) {
		cs_error e = {0};
		size_t have = 0;
		char *old = img_read_small(&l->src, &l->arena, name, digest,
					   &have, &e);
		if (old && have == len)
			return true;
	}
	return write_atomic(l, "blobs/sha256", name + strlen("blobs/sha256/"),
			    data, len, err);
}

/* go-containerregistry's empty image with these layers appended, the
 * config cosign pushes with its signature manifests. */
static bool config_blob(cs_buf *b, json_t *layers)
{
	size_t i, n = json_array_size(layers);
	json_t *d;
	cs_buf_adds(b, "{\"architecture\":\"\",\"created\":"
		       "\"0001-01-01T00:00:00Z\",\"history\":[");
	for (i = 0; i < n; i++)
		cs_buf_printf(b, "%s{\"created\":\"0001-01-01T00:00:00Z\"}",
			      i ? "," : "");
	cs_buf_adds(b, "],\"os\":\"\",\"rootfs\":{\"type\":\"layers\","
		       "\"diff_ids\":[");
	json_array_foreach(layers, i, d)
	{
		cs_buf_printf(b, "%s\"%s\"", i ? "," : "",
			      json_string_value(json_object_get(d, "digest")));
	}
	cs_buf_adds(b, "]},\"config\":{}}");
	return !b->failed;
}

static bool same_string(const char *a, const char *b)
{
	return a == b || (a && b && strcmp(a, b) == 0);
}

/* json_dumps and keep the length (strings may hold \u0000 escapes). */
static char *dump(json_t *j, size_t flags, size_t *len)
{
	char *s = json_dumps(j, flags);
	if (s)
		*len = strlen(s);
	return s;
}

/* Replace (or add) the .sig/.att manifest of img with one holding its old
 * layers and `layer`; see layout.h. */
static bool add_item(cs_layout *l, const cs_layout_image *img, bool atts,
		     json_t *layer, const void *data, size_t len, cs_error *err)
{
	if (!l->writable || l->src.kind != SRC_DIR) {
		cs_error_set(err, CS_ERR_USAGE, nomark, NULL,
			     "%s was not opened for writing", l->path);
		return false;
	}
	if (!is_sha256(img->digest)) {
		cs_error_set(err, CS_ERR_USAGE, nomark, NULL,
			     "no image digest to attach to");
		return false;
	}
	if (len > CS_IMG_MAX_JSON) {
		/* what could not be read back must not be written */
		cs_error_set(err, CS_ERR_LIMIT, nomark, NULL,
			     "%zu bytes to store, more than %u "
			     "(CS_IMG_MAX_JSON)",
			     len, CS_IMG_MAX_JSON);
		return false;
	}
	bool ok = false;
	json_t *old = NULL, *layers = NULL, *man = NULL, *idx = NULL;
	char *mtext = NULL, *itext = NULL;
	cs_buf cfg;
	cs_buf_init(&cfg, 0);
	char dg[72], cdg[72], mdg[72];

	const desc *prev = find_attached(l, img, atts);
	if (prev) {
		if (strcmp(prev->media_type, MT_OCI_MANIFEST) &&
		    strcmp(prev->media_type, MT_DOCKER_MANIFEST)) {
			cs_error_set(err, CS_ERR_PARSE, nomark, NULL,
				     "the existing %s entry %s is a %s, not "
				     "an image manifest",
				     atts ? "attestation" : "signature",
				     prev->digest, prev->media_type);
			goto out;
		}
		old = load_manifest(l, prev->media_type, prev->digest,
				    prev->size, err);
		if (!old)
			goto out;
		layers = json_deep_copy(json_object_get(old, "layers"));
	} else {
		layers = json_array();
	}
	if (!layers) {
		nomem(err);
		goto out;
	}
	/* first, so that signing again mends a damaged copy */
	if (!write_blob(l, data, len, dg, err))
		goto out;
	const char *key = atts ? PREDICATE : CS_COSIGN_SIG_ANNOT;
	size_t i;
	json_t *d;
	json_array_foreach(layers, i, d)
	{
		/* the same signature again: already there */
		if (strcmp(json_string_value(json_object_get(d, "digest")),
			   dg) == 0 &&
		    same_string(annotation(d, CS_COSIGN_SIG_ANNOT),
				annotation(layer, CS_COSIGN_SIG_ANNOT)) &&
		    same_string(annotation(d, key), annotation(layer, key))) {
			ok = true;
			goto out;
		}
	}
	if (json_array_size(layers) >= CS_COSIGN_MAX_ITEMS) {
		cs_error_set(err, CS_ERR_LIMIT, nomark, NULL,
			     "%zu %s are stored for %s already, the most "
			     "allowed",
			     json_array_size(layers),
			     atts ? "attestations" : "signatures", img->digest);
		goto out;
	}
	json_object_set_new(layer, "size", json_integer((json_int_t)len));
	json_object_set_new(layer, "digest", json_string(dg));
	/* mediaType, size, digest, annotations: Go's descriptor order */
	json_t *ann = json_incref(json_object_get(layer, "annotations"));
	json_object_del(layer, "annotations");
	json_object_set_new(layer, "annotations", ann);
	if (json_array_append(layers, layer) != 0 ||
	    !config_blob(&cfg, layers)) {
		nomem(err);
		goto out;
	}
	if (!write_blob(l, cfg.data, cfg.len, cdg, err))
		goto out;
	man = json_pack("{s:i, s:s, s:{s:s, s:I, s:s}, s:O}", "schemaVersion",
			2, "mediaType", MT_OCI_MANIFEST, "config", "mediaType",
			MT_OCI_CONFIG, "size", (json_int_t)cfg.len, "digest",
			cdg, "layers", layers);
	size_t mlen = 0;
	if (!man || !(mtext = dump(man, JSON_COMPACT, &mlen))) {
		nomem(err);
		goto out;
	}
	if (!write_blob(l, mtext, mlen, mdg, err))
		goto out;

	/* index.json: the other descriptors and fields as they were */
	idx = json_deep_copy(l->index);
	json_t *ms = json_object_get(idx, "manifests");
	json_t *nd = prev ? json_array_get(ms, prev->pos) : json_object();
	if (!idx || !nd) {
		nomem(err);
		goto out;
	}
	char rn[80];
	snprintf(rn, sizeof(rn), "sha256-%s.%s", img->digest + 7,
		 atts ? "att" : "sig");
	json_object_set_new(nd, "mediaType", json_string(MT_OCI_MANIFEST));
	json_object_set_new(nd, "size", json_integer((json_int_t)mlen));
	json_object_set_new(nd, "digest", json_string(mdg));
	json_t *na = json_object_get(nd, "annotations");
	if (!json_is_object(na)) {
		na = json_object();
		json_object_set_new(nd, "annotations", na);
	}
	json_object_set_new(na, KIND,
			    json_string(atts ? KIND_ATTS : KIND_SIGS));
	json_object_set_new(na, REF_NAME, json_string(rn));
	if (!prev && json_array_append_new(ms, nd) != 0) {
		nomem(err);
		goto out;
	}
	size_t ilen = 0;
	if (!(itext = dump(idx, JSON_INDENT(3), &ilen))) {
		nomem(err);
		goto out;
	}
	/* a text file ends with a newline */
	char *nl = realloc(itext, ilen + 2);
	if (!nl) {
		nomem(err);
		goto out;
	}
	itext = nl;
	itext[ilen++] = '\n';
	itext[ilen] = '\0';
	if (!write_atomic(l, "", "index.json", itext, ilen, err))
		goto out;
	json_decref(l->index);
	l->index = idx;
	idx = NULL;
	ok = load_descs(l, err);
out:
	cs_buf_free(&cfg);
	free(mtext);
	free(itext);
	json_decref(idx);
	json_decref(man);
	json_decref(layers);
	json_decref(old);
	return ok;
}

bool cs_layout_add_signature(cs_layout *l, const cs_layout_image *img,
			     const void *payload, size_t len,
			     const char *sig_b64, cs_error *err)
{
	json_t *layer = json_pack("{s:s, s:{s:s}}", "mediaType",
				  CS_COSIGN_SIG_MEDIA, "annotations",
				  CS_COSIGN_SIG_ANNOT, sig_b64 ? sig_b64 : "");
	if (!layer)
		return nomem(err);
	bool ok = add_item(l, img, false, layer, payload, len, err);
	json_decref(layer);
	return ok;
}

bool cs_layout_add_attestation(cs_layout *l, const cs_layout_image *img,
			       const void *envelope, size_t len,
			       const char *predicate_type, cs_error *err)
{
	json_t *layer = json_pack("{s:s, s:{s:s, s:s}}", "mediaType",
				  CS_COSIGN_DSSE_MEDIA, "annotations",
				  CS_COSIGN_SIG_ANNOT, "", PREDICATE,
				  predicate_type ? predicate_type : "");
	if (!layer)
		return nomem(err);
	bool ok = add_item(l, img, true, layer, envelope, len, err);
	json_decref(layer);
	return ok;
}

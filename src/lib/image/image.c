/*
 * image.c - which image an input holds, and its config.
 *
 * A directory with `oci-layout` or a tar holding one is an OCI layout,
 * unless it also has `manifest.json`: Docker 25+ writes both, and its
 * manifest.json names the layers the way every Docker version does, so
 * it is preferred.  Any other directory is an unpacked root file system.
 *
 * Choosing the image in an OCI layout walks index -> (index)* ->
 * manifest, at most CS_IMG_MAX_INDEX_DEPTH deep.  Descriptors of unknown
 * media types, attestation manifests (BuildKit's, platform unknown/unknown)
 * and cosign's signature and attestation tags are passed over; a nested
 * index whose blob is absent is too (Docker's containerd store saves only
 * the host's platform).  Several platforms and no --platform is an error
 * that lists them: guessing would audit an image that is not deployed.
 *
 * Every JSON blob read is checked against its descriptor's sha256, and
 * docker save's classic config against its file name (the image id).
 */
#include "image-int.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../util/buf.h"

static const cs_mark nomark;

const char *cs_img_format_name(cs_img_format f)
{
	switch (f) {
	case CS_IMG_DOCKER_SAVE:
		return "docker-save";
	case CS_IMG_OCI_LAYOUT:
		return "oci-layout";
	case CS_IMG_ROOTFS:
		return "rootfs";
	}
	return "unknown";
}

static bool nomem(cs_error *err)
{
	cs_error_set(err, CS_ERR_NOMEM, nomark, NULL, "out of memory");
	return false;
}

static json_t *load_json(cs_image *img, const char *name, const char *digest,
			 cs_error *err)
{
	img_priv *p = img->priv;
	size_t len = 0;
	char *s = img_read_small(&p->src, &img->arena, name, digest, &len, err);
	if (!s)
		return NULL;
	json_error_t je;
	json_t *j = json_loadb(s, len, JSON_REJECT_DUPLICATES, &je);
	if (!j)
		cs_error_set(err, CS_ERR_PARSE,
			     (cs_mark){(uint32_t)je.line, (uint32_t)je.column},
			     "while parsing JSON", "%s: %s", name, je.text);
	return j;
}

static const char *jstr(cs_image *img, json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));
	return s ? cs_arena_strdup(&img->arena, s) : NULL;
}

static bool is_sha256(const char *d)
{
	if (!d || strncmp(d, "sha256:", 7) || strlen(d) != 71)
		return false;
	for (const char *p = d + 7; *p; p++)
		if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f')))
			return false;
	return true;
}

/* "blobs/sha256/<hex>" for a descriptor's digest, or NULL. */
static char *blob_name(cs_image *img, const char *digest)
{
	if (!is_sha256(digest))
		return NULL;
	return cs_arena_printf(&img->arena, "blobs/sha256/%s", digest + 7);
}

/* The digest a member name promises ("blobs/sha256/<hex>" or
 * "<hex>.json"), or NULL. */
static const char *name_digest(cs_image *img, const char *name)
{
	char n[CS_IMG_MAX_PATH + 1];
	if (strlen(name) > CS_IMG_MAX_PATH || !img_norm(name, n, sizeof(n)))
		return NULL;
	const char *hex = NULL;
	if (!strncmp(n, "blobs/sha256/", 13) && strlen(n) == 13 + 64)
		hex = n + 13;
	else if (strlen(n) == 69 && !strcmp(n + 64, ".json"))
		hex = n;
	if (!hex)
		return NULL;
	char *d = cs_arena_printf(&img->arena, "sha256:%.64s", hex);
	return is_sha256(d) ? d : NULL;
}

static bool strv(cs_image *img, json_t *arr, const char ***out, size_t *n)
{
	*out = NULL;
	*n = 0;
	if (!json_is_array(arr))
		return true;
	size_t k = json_array_size(arr);
	const char **v = cs_arena_alloc(&img->arena, (k + 1) * sizeof(*v));
	if (!v)
		return false;
	for (size_t i = 0; i < k; i++) {
		const char *s = json_string_value(json_array_get(arr, i));
		if (!s)
			continue;
		if (!(v[*n] = cs_arena_strdup(&img->arena, s)))
			return false;
		(*n)++;
	}
	*out = v;
	return true;
}

static bool keys(cs_image *img, json_t *obj, bool ports, const char ***out,
		 size_t *n)
{
	*out = NULL;
	*n = 0;
	if (!json_is_object(obj))
		return true;
	const char **v = cs_arena_alloc(&img->arena,
					(json_object_size(obj) + 1) *
						sizeof(*v));
	if (!v)
		return false;
	const char *k;
	json_t *val;
	json_object_foreach(obj, k, val) {
		const char *s = ports && !strchr(k, '/') ?
					cs_arena_printf(&img->arena, "%s/tcp",
							k) :
					cs_arena_strdup(&img->arena, k);
		if (!s)
			return false;
		v[(*n)++] = s;
	}
	*out = v;
	return true;
}

static bool parse_config(cs_image *img, json_t *j, cs_error *err)
{
	cs_img_config *c = &img->config;
	if (!json_is_object(j)) {
		cs_error_set(err, CS_ERR_PARSE, nomark, "while reading config",
			     "the image config is not a JSON object");
		return false;
	}
	c->os = jstr(img, j, "os");
	c->architecture = jstr(img, j, "architecture");
	c->variant = jstr(img, j, "variant");
	c->created = jstr(img, j, "created");
	json_t *cf = json_object_get(j, "config");
	json_t *u = json_object_get(cf, "User");
	c->has_user = u != NULL;
	c->user = json_string_value(u) ?
			  cs_arena_strdup(&img->arena, json_string_value(u)) :
			  "";
	c->workdir = jstr(img, cf, "WorkingDir");
	if (!strv(img, json_object_get(cf, "Env"), &c->env, &c->nenv) ||
	    !strv(img, json_object_get(cf, "Entrypoint"), &c->entrypoint,
		  &c->nentrypoint) ||
	    !strv(img, json_object_get(cf, "Cmd"), &c->cmd, &c->ncmd) ||
	    !keys(img, json_object_get(cf, "ExposedPorts"), true, &c->exposed,
		  &c->nexposed) ||
	    !keys(img, json_object_get(cf, "Volumes"), false, &c->volumes,
		  &c->nvolumes))
		return nomem(err);
	json_t *hc = json_object_get(json_object_get(cf, "Healthcheck"),
				     "Test");
	if (json_is_array(hc)) {
		if (!strv(img, hc, &c->healthcheck, &c->nhealthcheck))
			return nomem(err);
	}
	json_t *lb = json_object_get(cf, "Labels");
	if (json_is_object(lb)) {
		c->labels = cs_arena_alloc(&img->arena,
					   (json_object_size(lb) + 1) *
						   sizeof(*c->labels));
		if (!c->labels)
			return nomem(err);
		const char *k;
		json_t *v;
		json_object_foreach(lb, k, v) {
			if (!json_is_string(v))
				continue;
			cs_img_kv *kv = &c->labels[c->nlabels++];
			kv->key = cs_arena_strdup(&img->arena, k);
			kv->value = cs_arena_strdup(&img->arena,
						    json_string_value(v));
		}
	}
	json_t *diff = json_object_get(json_object_get(j, "rootfs"),
				       "diff_ids");
	if (json_array_size(diff) != img->nlayers) {
		cs_error_set(err, CS_ERR_PARSE, nomark, "while reading config",
			     "the config lists %zu diff_ids for %zu layers",
			     json_array_size(diff), img->nlayers);
		return false;
	}
	for (size_t i = 0; i < img->nlayers; i++) {
		const char *d = json_string_value(json_array_get(diff, i));
		if (!is_sha256(d)) {
			cs_error_set(err, CS_ERR_PARSE, nomark,
				     "while reading config",
				     "diff_id %zu is not a sha256 digest", i);
			return false;
		}
		img->layers[i].diff_id = cs_arena_strdup(&img->arena, d);
		img->layers[i].history = -1;
	}
	json_t *h = json_object_get(j, "history");
	size_t nh = json_array_size(h);
	c->history = cs_arena_alloc(&img->arena,
				    (nh + 1) * sizeof(*c->history));
	if (!c->history)
		return nomem(err);
	size_t li = 0;
	for (size_t i = 0; i < nh; i++) {
		json_t *e = json_array_get(h, i);
		cs_img_history *hi = &c->history[c->nhistory++];
		hi->created_by = jstr(img, e, "created_by");
		hi->created = jstr(img, e, "created");
		hi->comment = jstr(img, e, "comment");
		hi->empty_layer = json_is_true(json_object_get(e,
							       "empty_layer"));
		hi->layer = -1;
		if (!hi->empty_layer && li < img->nlayers) {
			hi->layer = (int32_t)li;
			img->layers[li++].history = (int32_t)i;
		}
	}
	return true;
}

static bool alloc_layers(cs_image *img, size_t n, cs_error *err)
{
	img_priv *p = img->priv;
	img->layers = cs_arena_alloc(&img->arena, (n + 1) * sizeof(*img->layers));
	p->layer_names = cs_arena_alloc(&img->arena, (n + 1) * sizeof(char *));
	p->layer_digest = cs_arena_alloc(&img->arena, (n + 1) * sizeof(char *));
	if (!img->layers || !p->layer_names || !p->layer_digest)
		return nomem(err);
	img->nlayers = n;
	return true;
}

static bool ref_matches(const char *tag, const char *want)
{
	if (!strcmp(tag, want))
		return true;
	static const char *const pre[] = {"docker.io/library/", "docker.io/"};
	for (size_t i = 0; i < 2; i++) {
		size_t n = strlen(pre[i]);
		if (!strncmp(tag, pre[i], n) && !strcmp(tag + n, want))
			return true;
	}
	return false;
}

static bool open_docker_save(cs_image *img, const cs_img_opts *o,
			     cs_error *err)
{
	json_t *m = load_json(img, "manifest.json", NULL, err);
	if (!m)
		return false;
	bool ok = false;
	json_t *pick = NULL, *j = NULL;
	size_t n = json_array_size(m);
	for (size_t i = 0; i < n && o && o->ref; i++) {
		json_t *tags = json_object_get(json_array_get(m, i),
					       "RepoTags");
		for (size_t k = 0; k < json_array_size(tags); k++) {
			const char *t = json_string_value(
				json_array_get(tags, k));
			if (t && ref_matches(t, o->ref))
				pick = json_array_get(m, i);
		}
	}
	if (o && o->ref && !pick) {
		cs_error_set(err, CS_ERR_USAGE, nomark, "while choosing an image",
			     "no image tagged %s in manifest.json", o->ref);
		goto out;
	}
	if (!pick && n == 1)
		pick = json_array_get(m, 0);
	if (!pick) {
		cs_buf b;
		cs_buf_init(&b, 200);
		for (size_t i = 0; i < n; i++) {
			json_t *t = json_array_get(
				json_object_get(json_array_get(m, i),
						"RepoTags"),
				0);
			cs_buf_printf(&b, "%s%s", i ? ", " : "",
				      json_string_value(t) ?
					      json_string_value(t) :
					      "(untagged)");
		}
		cs_error_set(err, CS_ERR_USAGE, nomark, "while choosing an image",
			     "manifest.json holds %zu images; choose one by "
			     "tag: %s",
			     n, b.data ? b.data : "");
		cs_buf_free(&b);
		goto out;
	}
	const char *cfg = json_string_value(json_object_get(pick, "Config"));
	json_t *layers = json_object_get(pick, "Layers");
	if (!cfg || !json_is_array(layers)) {
		cs_error_set(err, CS_ERR_PARSE, nomark,
			     "while reading manifest.json",
			     "an image has no Config or Layers");
		goto out;
	}
	const char *tag = json_string_value(
		json_array_get(json_object_get(pick, "RepoTags"), 0));
	if (o && o->ref)
		tag = o->ref;
	img->ref = tag ? cs_arena_strdup(&img->arena, tag) : NULL;
	img->config_digest = name_digest(img, cfg);
	if (!alloc_layers(img, json_array_size(layers), err))
		goto out;
	img_priv *p = img->priv;
	for (size_t i = 0; i < img->nlayers; i++) {
		const char *ln = json_string_value(json_array_get(layers, i));
		if (!ln) {
			cs_error_set(err, CS_ERR_PARSE, nomark,
				     "while reading manifest.json",
				     "layer %zu is not a file name", i);
			goto out;
		}
		p->layer_names[i] = cs_arena_strdup(&img->arena, ln);
		const char *d = name_digest(img, ln);
		p->layer_digest[i] = d;
		img->layers[i].digest = d;
	}
	j = load_json(img, cfg, img->config_digest, err);
	if (!j)
		goto out;
	ok = parse_config(img, j, err);
out:
	json_decref(j);
	json_decref(m);
	return ok;
}

/* --- OCI layout ---------------------------------------------------- */

#define MT_OCI_INDEX "application/vnd.oci.image.index.v1+json"
#define MT_OCI_MANIFEST "application/vnd.oci.image.manifest.v1+json"
#define MT_DOCKER_LIST \
	"application/vnd.docker.distribution.manifest.list.v2+json"
#define MT_DOCKER_MANIFEST \
	"application/vnd.docker.distribution.manifest.v2+json"

typedef struct leaf {
	const char *digest;
	const char *platform;      /* "os/arch[/variant]", or NULL */
	const char *ref;
	int64_t size;
} leaf;

typedef struct leaves {
	leaf v[256];
	size_t n;
	bool more;
} leaves;

static const char *platform_of(cs_image *img, json_t *pl)
{
	const char *os = json_string_value(json_object_get(pl, "os"));
	const char *ar = json_string_value(json_object_get(pl,
							   "architecture"));
	const char *va = json_string_value(json_object_get(pl, "variant"));
	if (!os || !ar)
		return NULL;
	return va && *va ? cs_arena_printf(&img->arena, "%s/%s/%s", os, ar, va)
			 : cs_arena_printf(&img->arena, "%s/%s", os, ar);
}

static bool skipped(json_t *d, const char *plat, const char *ref)
{
	json_t *ann = json_object_get(d, "annotations");
	const char *rt = json_string_value(
		json_object_get(ann, "vnd.docker.reference.type"));
	if (rt && !strcmp(rt, "attestation-manifest"))
		return true;
	if (plat && !strncmp(plat, "unknown/unknown", 15))
		return true;
	if (json_object_get(d, "artifactType"))
		return true;
	size_t n = ref ? strlen(ref) : 0;
	static const char *const sfx[] = {".sig", ".att", ".sbom"};
	for (size_t i = 0; i < 3; i++) {
		size_t k = strlen(sfx[i]);
		if (n > k && !strcmp(ref + n - k, sfx[i]) &&
		    (!strncmp(ref, "sha256-", 7) || strstr(ref, ":sha256-")))
			return true;
	}
	return false;
}

static bool walk_index(cs_image *img, json_t *idx, unsigned depth,
		       const char *ref, const cs_img_opts *o, leaves *out,
		       cs_error *err)
{
	img_priv *p = img->priv;
	if (depth > CS_IMG_MAX_INDEX_DEPTH) {
		cs_error_set(err, CS_ERR_LIMIT, nomark, "while reading indexes",
			     "indexes nested more than %u deep "
			     "(CS_IMG_MAX_INDEX_DEPTH)",
			     CS_IMG_MAX_INDEX_DEPTH);
		return false;
	}
	json_t *ms = json_object_get(idx, "manifests");
	for (size_t i = 0; i < json_array_size(ms); i++) {
		json_t *d = json_array_get(ms, i);
		const char *mt = json_string_value(json_object_get(d,
								  "mediaType"));
		const char *dg = json_string_value(json_object_get(d, "digest"));
		json_t *ann = json_object_get(d, "annotations");
		const char *r = ref;
		if (depth == 0) {
			const char *full = json_string_value(json_object_get(
				ann, "io.containerd.image.name"));
			const char *tag = json_string_value(json_object_get(
				ann, "org.opencontainers.image.ref.name"));
			r = full ? full : tag;
			if (o && o->ref &&
			    !((full && ref_matches(full, o->ref)) ||
			      (tag && !strcmp(tag, o->ref))))
				continue;
		}
		if (!mt || !is_sha256(dg))
			continue;
		const char *plat = platform_of(img,
					       json_object_get(d, "platform"));
		if (skipped(d, plat, r))
			continue;
		if (!strcmp(mt, MT_OCI_INDEX) || !strcmp(mt, MT_DOCKER_LIST)) {
			char *bn = blob_name(img, dg);
			if (!bn)
				return nomem(err);
			if (!img_src_exists(&p->src, bn))
				continue;
			json_t *sub = load_json(img, bn, dg, err);
			if (!sub)
				return false;
			bool ok = walk_index(img, sub, depth + 1, r, o, out,
					     err);
			json_decref(sub);
			if (!ok)
				return false;
		} else if (!strcmp(mt, MT_OCI_MANIFEST) ||
			   !strcmp(mt, MT_DOCKER_MANIFEST)) {
			if (out->n == sizeof(out->v) / sizeof(out->v[0])) {
				out->more = true;
				continue;
			}
			bool dup = false;
			for (size_t k = 0; k < out->n; k++)
				dup |= !strcmp(out->v[k].digest, dg);
			if (dup)
				continue;
			out->v[out->n++] = (leaf){
				cs_arena_strdup(&img->arena, dg), plat,
				r ? cs_arena_strdup(&img->arena, r) : NULL,
				json_integer_value(json_object_get(d, "size"))};
		}
	}
	return true;
}

static bool plat_match(const char *have, const char *want)
{
	if (!have)
		return false;
	size_t n = strlen(want);
	if (!strncmp(have, want, n) && (have[n] == '\0' || have[n] == '/'))
		return true;
	return false;
}

static bool choose(cs_image *img, leaves *L, const cs_img_opts *o,
		   const leaf **res, cs_error *err)
{
	const char *want = o ? o->platform : NULL;
	size_t n = 0, last = 0;
	for (size_t i = 0; i < L->n; i++)
		if (!want || plat_match(L->v[i].platform, want)) {
			n++;
			last = i;
		}
	if (n == 1) {
		*res = &L->v[last];
		return true;
	}
	cs_buf b;
	cs_buf_init(&b, 200);
	for (size_t i = 0; i < L->n; i++)
		cs_buf_printf(&b, "%s%s", i ? ", " : "",
			      L->v[i].platform ? L->v[i].platform : "unknown");
	if (!L->n)
		cs_error_set(err, CS_ERR_PARSE, nomark, "while choosing an image",
			     "the index holds no image manifest");
	else if (want && !n)
		cs_error_set(err, CS_ERR_USAGE, nomark, "while choosing an image",
			     "no image for platform %s; available: %s", want,
			     b.data ? b.data : "");
	else
		cs_error_set(err, CS_ERR_USAGE, nomark, "while choosing an image",
			     "several images (platforms %s); choose one with "
			     "a platform or a tag",
			     b.data ? b.data : "");
	cs_buf_free(&b);
	return false;
}

static bool open_oci(cs_image *img, const cs_img_opts *o, cs_error *err)
{
	json_t *idx = load_json(img, "index.json", NULL, err);
	if (!idx)
		return false;
	bool ok = false;
	json_t *man = NULL, *cfg = NULL;
	leaves *L = calloc(1, sizeof(*L));
	if (!L) {
		nomem(err);
		goto out;
	}
	if (!walk_index(img, idx, 0, NULL, o, L, err))
		goto out;
	const leaf *lf = NULL;
	if (!choose(img, L, o, &lf, err))
		goto out;
	img->ref = lf->ref;
	img->manifest_digest = lf->digest;
	char *mn = blob_name(img, lf->digest);
	if (!mn) {
		nomem(err);
		goto out;
	}
	man = load_json(img, mn, lf->digest, err);
	if (!man)
		goto out;
	json_t *cd = json_object_get(man, "config");
	const char *cdg = json_string_value(json_object_get(cd, "digest"));
	json_t *ls = json_object_get(man, "layers");
	if (!is_sha256(cdg) || !json_is_array(ls)) {
		cs_error_set(err, CS_ERR_PARSE, nomark, "while reading manifest",
			     "%s: no config or layers", mn);
		goto out;
	}
	img->config_digest = cs_arena_strdup(&img->arena, cdg);
	if (!alloc_layers(img, json_array_size(ls), err))
		goto out;
	img_priv *p = img->priv;
	for (size_t i = 0; i < img->nlayers; i++) {
		json_t *d = json_array_get(ls, i);
		const char *dg = json_string_value(json_object_get(d, "digest"));
		if (!is_sha256(dg)) {
			cs_error_set(err, CS_ERR_PARSE, nomark,
				     "while reading manifest",
				     "%s: layer %zu has no sha256 digest", mn,
				     i);
			goto out;
		}
		img->layers[i].digest = cs_arena_strdup(&img->arena, dg);
		img->layers[i].media_type = jstr(img, d, "mediaType");
		p->layer_digest[i] = img->layers[i].digest;
		p->layer_names[i] = blob_name(img, dg);
	}
	char *cn = blob_name(img, cdg);
	cfg = cn ? load_json(img, cn, cdg, err) : NULL;
	if (!cfg)
		goto out;
	ok = parse_config(img, cfg, err);
out:
	free(L);
	json_decref(cfg);
	json_decref(man);
	json_decref(idx);
	return ok;
}

bool cs_image_open(cs_image *img, const char *path, const cs_img_opts *o,
		   cs_error *err)
{
	memset(img, 0, sizeof(*img));
	cs_arena_init(&img->arena, 0);
	img_priv *p = cs_arena_alloc(&img->arena, sizeof(*p));
	if (!p)
		return nomem(err);
	img->priv = p;
	p->src.dirfd = -1;
	p->limit = o && o->max_uncompressed ? o->max_uncompressed
					    : CS_IMG_MAX_UNCOMPRESSED;
	img->source = cs_arena_strdup(&img->arena, path);
	bool ok = img_src_open(&p->src, &img->arena, path, err);
	if (ok) {
		if (img_src_exists(&p->src, "manifest.json")) {
			img->format = CS_IMG_DOCKER_SAVE;
			ok = open_docker_save(img, o, err);
		} else if (img_src_exists(&p->src, "oci-layout") &&
			   img_src_exists(&p->src, "index.json")) {
			img->format = CS_IMG_OCI_LAYOUT;
			ok = open_oci(img, o, err);
		} else if (p->src.kind == SRC_DIR) {
			img->format = CS_IMG_ROOTFS;
			ok = img_rootfs(img, path, err);
		} else {
			cs_error_set(err, CS_ERR_PARSE, nomark,
				     "while opening the image",
				     "%s: neither manifest.json nor an OCI "
				     "layout (oci-layout, index.json)",
				     path);
			ok = false;
		}
		if (ok && img->format != CS_IMG_ROOTFS)
			ok = img_flatten(img, err);
	}
	if (!ok)
		cs_image_free(img);
	return ok;
}

void cs_image_free(cs_image *img)
{
	if (!img)
		return;
	img_priv *p = img->priv;
	if (p)
		img_src_close(&p->src);
	cs_arena_free(&img->arena);
	memset(img, 0, sizeof(*img));
}

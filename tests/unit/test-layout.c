/*
 * test-layout.c - cosign signatures in OCI layouts: the simple-signing
 * payload byte for byte, its parser, docker-reference naming, picking the
 * image, adding signatures and attestations (re-signing appends, the same
 * signature is not stored twice, index.json keeps what it had) and every
 * way a layout can lie (digest, size, digest syntax, missing blob, broken
 * index.json).  Layouts are written by the test itself, byte by byte.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>
#include <openssl/evp.h>

#include "sign/layout.h"

static char tmpdir[256];
static int seq;

static int setup(void **s)
{
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/test-layout-XXXXXX");
	return mkdtemp(tmpdir) ? 0 : -1;
}

static int teardown(void **s)
{
	char cmd[400];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	return system(cmd) == 0 ? 0 : -1;
}

static void put(const char *dir, const char *name, const void *data, size_t len)
{
	char p[512];
	snprintf(p, sizeof(p), "%s/%s", dir, name);
	FILE *f = fopen(p, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
}

static char *get(const char *dir, const char *name, size_t *len)
{
	char p[512];
	snprintf(p, sizeof(p), "%s/%s", dir, name);
	FILE *f = fopen(p, "rb");
	assert_non_null(f);
	char *buf = malloc(1 << 20);
	assert_non_null(buf);
	*len = fread(buf, 1, (1 << 20) - 1, f);
	buf[*len] = '\0';
	fclose(f);
	return buf;
}

static void hexdigest(const void *data, size_t len, char out[72])
{
	unsigned char md[32];
	unsigned int n;
	EVP_Digest(data, len, md, &n, EVP_sha256(), NULL);
	strcpy(out, "sha256:");
	for (int i = 0; i < 32; i++)
		sprintf(out + 7 + 2 * i, "%02x", md[i]);
}

/* Store a blob; its digest into dg. */
static void blob(const char *dir, const char *data, char dg[72])
{
	hexdigest(data, strlen(data), dg);
	char name[128];
	snprintf(name, sizeof(name), "blobs/sha256/%s", dg + 7);
	put(dir, name, data, strlen(data));
}

typedef struct image {
	char digest[72];
	size_t size;
} image;

/* A new layout dir holding nothing but the layout files. */
static const char *new_layout(void)
{
	static char path[8][300];
	char *p = path[seq % 8];
	snprintf(p, 300, "%s/l%d", tmpdir, seq++);
	char sub[400];
	assert_int_equal(mkdir(p, 0755), 0);
	snprintf(sub, sizeof(sub), "%s/blobs", p);
	assert_int_equal(mkdir(sub, 0755), 0);
	snprintf(sub, sizeof(sub), "%s/blobs/sha256", p);
	assert_int_equal(mkdir(sub, 0755), 0);
	put(p, "oci-layout", "{\"imageLayoutVersion\":\"1.0.0\"}", 30);
	return p;
}

/* An image manifest (with a one-layer body `tag` tells apart). */
static image make_image(const char *dir, const char *tag)
{
	char cfg[200], layer[72], cdg[72], man[600];
	snprintf(cfg, sizeof(cfg),
		 "{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":"
		 "{\"type\":\"layers\",\"diff_ids\":[]},\"config\":{\"Labels\":"
		 "{\"t\":\"%s\"}}}",
		 tag);
	blob(dir, cfg, cdg);
	blob(dir, tag, layer);
	snprintf(man, sizeof(man),
		 "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci."
		 "image.manifest.v1+json\",\"config\":{\"mediaType\":"
		 "\"application/vnd.oci.image.config.v1+json\",\"digest\":"
		 "\"%s\",\"size\":%zu},\"layers\":[{\"mediaType\":"
		 "\"application/vnd.oci.image.layer.v1.tar\",\"digest\":"
		 "\"%s\",\"size\":%zu}]}",
		 cdg, strlen(cfg), layer, strlen(tag));
	image im;
	blob(dir, man, im.digest);
	im.size = strlen(man);
	return im;
}

/* A descriptor for index.json; extra is ",\"annotations\":{...}" or "". */
static char *descriptor(const image *im, const char *extra)
{
	static char d[8][800];
	static int n;
	char *p = d[n++ % 8];
	snprintf(p, 800,
		 "{\"mediaType\":\"application/vnd.oci.image.manifest.v1+"
		 "json\",\"digest\":\"%s\",\"size\":%zu%s}",
		 im->digest, im->size, extra);
	return p;
}

static void write_index(const char *dir, const char *manifests)
{
	char idx[8000];
	snprintf(idx, sizeof(idx),
		 "{\"schemaVersion\":2,\"x-unknown\":{\"kept\":true},"
		 "\"manifests\":[%s]}",
		 manifests);
	put(dir, "index.json", idx, strlen(idx));
}

#define NAMED(n)                                                               \
	",\"annotations\":{\"org.opencontainers.image.ref.name\":\"" n "\"}"

/* --- the payload --- */

static const char *DG = "sha256:"
			"0123456789abcdef0123456789abcdef"
			"0123456789abcdef0123456789abcdef";

static void test_payload_exact(void **s)
{
	cs_buf b;
	cs_buf_init(&b, 0);
	cs_error err = {0};
	assert_true(cs_simplesign_payload(&b, "ghcr.io/acme/app", DG, NULL, 0,
					  &err));
	assert_string_equal(
		b.data,
		"{\"critical\":{\"identity\":{\"docker-reference\":\"ghcr.io/"
		"acme/app\"},\"image\":{\"docker-manifest-digest\":\"sha256:"
		"0123456789abcdef0123456789abcdef0123456789abcdef0123456789"
		"abcdef\"},\"type\":\"cosign container image signature\"},"
		"\"optional\":null}");
	cs_buf_reset(&b);
	/* keys sorted as Go sorts a map; the last of a repeated key wins;
	 * <, >, & and control characters escaped as Go escapes them */
	cs_kv kv[] = {{"z", "1"},
		      {"env", "a<b>&c"},
		      {"a", "x"},
		      {"z", "2"},
		      {"nl", "l1\nl2\x01"}};
	assert_true(cs_simplesign_payload(&b, "index.docker.io/library/nginx",
					  DG, kv, 5, &err));
	assert_string_equal(
		b.data,
		"{\"critical\":{\"identity\":{\"docker-reference\":\"index."
		"docker.io/library/nginx\"},\"image\":{\"docker-manifest-"
		"digest\":\"sha256:0123456789abcdef0123456789abcdef012345678"
		"9abcdef0123456789abcdef\"},\"type\":\"cosign container image "
		"signature\"},\"optional\":{\"a\":\"x\",\"env\":\"a\\u003cb"
		"\\u003e\\u0026c\",\"nl\":\"l1\\nl2\\u0001\",\"z\":\"2\"}}");
	/* invalid UTF-8 is refused, the buffer left as it was */
	cs_buf_reset(&b);
	cs_buf_adds(&b, "keep");
	cs_kv bad[] = {{"k", "\xff"}};
	assert_false(cs_simplesign_payload(&b, "r/x", DG, bad, 1, &err));
	assert_string_equal(b.data, "keep");
	cs_buf_free(&b);
}

static void test_payload_parse(void **s)
{
	cs_buf b;
	cs_buf_init(&b, 0);
	cs_error err = {0};
	cs_kv kv[] = {{"b", "2"}, {"a", "1"}};
	assert_true(cs_simplesign_payload(&b, "ghcr.io/a/b", DG, kv, 2, &err));
	cs_simplesign p;
	assert_true(cs_simplesign_parse(&p, b.data, b.len, &err));
	assert_string_equal(p.docker_ref, "ghcr.io/a/b");
	assert_string_equal(p.digest, DG);
	assert_string_equal(p.type, "cosign container image signature");
	assert_string_equal(p.optional, "{\"a\":\"1\",\"b\":\"2\"}");
	assert_true(cs_simplesign_has(&p, "a", "1"));
	assert_false(cs_simplesign_has(&p, "a", "2"));
	assert_false(cs_simplesign_has(&p, "c", "1"));
	cs_simplesign_free(&p);

	const char *ok_null = "{\"critical\":{\"identity\":{\"docker-"
			      "reference\":\"r/x\"},\"image\":{\"docker-"
			      "manifest-digest\":\"d\"},\"type\":\"t\"},"
			      "\"optional\":null}";
	assert_true(cs_simplesign_parse(&p, ok_null, strlen(ok_null), &err));
	assert_null(p.optional);
	assert_false(cs_simplesign_has(&p, "a", "1"));
	cs_simplesign_free(&p);

	const char *bad[] = {
		"not json",
		"[]",
		"{\"critical\":1}",
		"{\"critical\":{\"image\":{\"docker-manifest-digest\":\"d\"},"
		"\"type\":\"t\"}}",
		"{\"critical\":{\"identity\":{\"docker-reference\":\"r\"},"
		"\"type\":\"t\"}}",
		"{\"critical\":{\"identity\":{\"docker-reference\":\"r\"},"
		"\"image\":{\"docker-manifest-digest\":\"d\"}}}",
		"{\"critical\":{\"identity\":{\"docker-reference\":\"r\"},"
		"\"image\":{\"docker-manifest-digest\":\"d\"},\"type\":\"t\"},"
		"\"optional\":[1]}",
		/* a duplicate key could show a checker one value and the
		 * other to another reader */
		"{\"critical\":{\"identity\":{\"docker-reference\":\"r\"},"
		"\"image\":{\"docker-manifest-digest\":\"d\"},\"type\":\"t\","
		"\"type\":\"u\"}}",
		"{\"critical\":{\"identity\":{\"docker-reference\":\"r\\u0000x"
		"\"},\"image\":{\"docker-manifest-digest\":\"d\"},\"type\":"
		"\"t\"}}",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		memset(&err, 0, sizeof(err));
		assert_false(
			cs_simplesign_parse(&p, bad[i], strlen(bad[i]), &err));
		assert_int_equal(err.code, CS_ERR_PARSE);
		assert_null(p.docker_ref);
	}
	cs_buf_free(&b);
}

static void test_docker_reference(void **s)
{
	static const struct {
		const char *in, *want;
	} t[] = {
		{"nginx", "index.docker.io/library/nginx"},
		{"nginx:1.25", "index.docker.io/library/nginx"},
		{"library/nginx", "index.docker.io/library/nginx"},
		{"docker.io/library/nginx@sha256:0123456789abcdef0123456789abcd"
		 "ef0123456789abcdef0123456789abcdef",
		 "index.docker.io/library/nginx"},
		{"index.docker.io/nginx:1", "index.docker.io/library/nginx"},
		{"acme/app:2", "index.docker.io/acme/app"},
		{"ghcr.io/a/b:1", "ghcr.io/a/b"},
		{"localhost:5000/x", "localhost:5000/x"},
		{"localhost/x:1", "localhost/x"},
		{"registry:5000/a/b/c", "registry:5000/a/b/c"},
		{"ghcr.io/a/b:1@sha256:0123456789abcdef0123456789abcdef01234567"
		 "89abcdef0123456789abcdef",
		 "ghcr.io/a/b"},
		{"", NULL},
		{"Nginx", NULL},
		{"ghcr.io/a//b", NULL},
		{"ghcr.io/a/b:", NULL},
		{"a b", NULL},
		{"ghcr.io/a/b@sha256:12", NULL},
		{"ghcr.io/", NULL},
	};
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		char out[300];
		bool ok = cs_docker_reference(t[i].in, out, sizeof(out));
		if (t[i].want) {
			assert_true(ok);
			assert_string_equal(out, t[i].want);
		} else {
			assert_false(ok);
		}
	}
	char small[10];
	assert_false(cs_docker_reference("ghcr.io/a/b", small, sizeof(small)));
}

/* --- picking the image --- */

static void test_find_image(void **s)
{
	const char *d = new_layout();
	image a = make_image(d, "a"), b = make_image(d, "b");
	char m[2000];
	snprintf(m, sizeof(m), "%s,%s,%s", descriptor(&a, NAMED("1.0")),
		 descriptor(&b, NAMED("ghcr.io/acme/b:2")),
		 "{\"mediaType\":\"application/vnd.example+json\",\"digest\":"
		 "\"sha256:1111111111111111111111111111111111111111111111111111"
		 "111111111111\",\"size\":1}");
	write_index(d, m);
	cs_layout *l;
	cs_error err = {0};
	assert_true(cs_layout_open(&l, d, false, &err));
	cs_layout_image img;
	/* two images and no name: the message lists them */
	assert_false(cs_layout_find_image(l, NULL, &img, &err));
	assert_non_null(strstr(err.message, "2 images"));
	assert_non_null(strstr(err.message, "1.0"));
	assert_non_null(strstr(err.message, "ghcr.io/acme/b:2"));
	/* by full name, by tag, by digest */
	assert_true(cs_layout_find_image(l, "ghcr.io/acme/b:2", &img, &err));
	assert_string_equal(img.digest, b.digest);
	assert_string_equal(img.ref_name, "ghcr.io/acme/b:2");
	assert_int_equal(img.size, b.size);
	assert_true(cs_layout_find_image(l, "reg.example/x:1.0", &img, &err));
	assert_string_equal(img.digest, a.digest);
	assert_string_equal(img.media_type,
			    "application/vnd.oci.image.manifest.v1+json");
	assert_true(cs_layout_find_image(l, a.digest, &img, &err));
	assert_string_equal(img.digest, a.digest);
	char byd[200];
	snprintf(byd, sizeof(byd), "ghcr.io/x/y@%s", b.digest);
	assert_true(cs_layout_find_image(l, byd, &img, &err));
	assert_string_equal(img.digest, b.digest);
	assert_false(cs_layout_find_image(l, "other:3", &img, &err));
	assert_non_null(strstr(err.message, "no image named other:3"));
	cs_layout_free(l);

	/* cosign save: kind annotations, no names */
	d = new_layout();
	a = make_image(d, "a");
	snprintf(m, sizeof(m), "%s",
		 descriptor(&a, ",\"annotations\":{\"kind\":\"dev."
				"cosignproject.cosign/image\"}"));
	write_index(d, m);
	assert_true(cs_layout_open(&l, d, false, &err));
	assert_true(cs_layout_find_image(l, NULL, &img, &err));
	assert_string_equal(img.digest, a.digest);
	assert_null(img.ref_name);
	/* a name given for the one unnamed image is its name elsewhere */
	assert_true(cs_layout_find_image(l, "ghcr.io/a/b:1", &img, &err));
	assert_string_equal(img.digest, a.digest);
	cs_layout_free(l);
}

/* --- signing --- */

static void payload_for(cs_buf *b, const char *digest)
{
	cs_error err = {0};
	cs_buf_reset(b);
	assert_true(cs_simplesign_payload(b, "ghcr.io/acme/app", digest, NULL,
					  0, &err));
}

static json_t *load(const char *dir, const char *name)
{
	size_t len;
	char *t = get(dir, name, &len);
	json_t *j = json_loadb(t, len, 0, NULL);
	assert_non_null(j);
	free(t);
	return j;
}

/* The descriptors in index.json whose ref name ends in `sfx`. */
static size_t count_named(json_t *idx, const char *sfx, json_t **last)
{
	size_t n = 0, i;
	json_t *d;
	json_array_foreach(json_object_get(idx, "manifests"), i, d)
	{
		const char *rn = json_string_value(
			json_object_get(json_object_get(d, "annotations"),
					"org.opencontainers.image.ref.name"));
		if (rn && strlen(rn) > strlen(sfx) &&
		    strcmp(rn + strlen(rn) - strlen(sfx), sfx) == 0) {
			n++;
			*last = d;
		}
	}
	return n;
}

static void test_sign_twice(void **s)
{
	const char *d = new_layout();
	image a = make_image(d, "a");
	char m[2000];
	snprintf(m, sizeof(m), "%s",
		 descriptor(&a, NAMED("ghcr.io/acme/app:1")));
	write_index(d, m);
	cs_layout *l;
	cs_error err = {0};
	assert_true(cs_layout_open(&l, d, true, &err));
	cs_layout_image img;
	assert_true(cs_layout_find_image(l, NULL, &img, &err));
	cs_layout_item *it;
	size_t n = 99;
	assert_true(cs_layout_items(l, &img, false, &it, &n, &err));
	assert_int_equal(n, 0);

	cs_buf p;
	cs_buf_init(&p, 0);
	payload_for(&p, img.digest);
	assert_true(cs_layout_add_signature(l, &img, p.data, p.len,
					    "c2lnMQ==", &err));
	assert_true(cs_layout_add_signature(l, &img, p.data, p.len,
					    "c2lnMg==", &err));
	/* the same signature again is not stored twice */
	assert_true(cs_layout_add_signature(l, &img, p.data, p.len,
					    "c2lnMQ==", &err));
	assert_true(cs_layout_items(l, &img, false, &it, &n, &err));
	assert_int_equal(n, 2);
	for (size_t i = 0; i < 2; i++) {
		assert_string_equal(it[i].error, "");
		assert_string_equal(it[i].media_type, CS_COSIGN_SIG_MEDIA);
		assert_int_equal(it[i].len, p.len);
		assert_memory_equal(it[i].data, p.data, p.len);
		assert_null(it[i].predicate_type);
		assert_false(it[i].has_certificate);
	}
	assert_string_equal(it[0].signature, "c2lnMQ==");
	assert_string_equal(it[1].signature, "c2lnMg==");
	char pd[72];
	hexdigest(p.data, p.len, pd);
	assert_string_equal(it[0].digest, pd);
	cs_layout_free(l);

	/* on disk: one .sig descriptor, the image's and the unknown field
	 * kept, the manifest and config exactly as cosign writes them */
	json_t *idx = load(d, "index.json");
	json_t *sd = NULL;
	assert_int_equal(count_named(idx, ".sig", &sd), 1);
	assert_int_equal(json_array_size(json_object_get(idx, "manifests")), 2);
	assert_true(json_is_true(
		json_object_get(json_object_get(idx, "x-unknown"), "kept")));
	json_t *first = json_array_get(json_object_get(idx, "manifests"), 0);
	assert_string_equal(json_string_value(json_object_get(first, "digest")),
			    a.digest);
	assert_null(
		json_object_get(json_object_get(first, "annotations"), "kind"));
	char want_rn[100];
	snprintf(want_rn, sizeof(want_rn), "sha256-%s.sig", a.digest + 7);
	json_t *sa = json_object_get(sd, "annotations");
	assert_string_equal(json_string_value(json_object_get(
				    sa, "org.opencontainers.image.ref.name")),
			    want_rn);
	assert_string_equal(json_string_value(json_object_get(sa, "kind")),
			    "dev.cosignproject.cosign/sigs");
	const char *mdg = json_string_value(json_object_get(sd, "digest"));
	char name[128];
	snprintf(name, sizeof(name), "blobs/sha256/%s", mdg + 7);
	size_t mlen;
	char *man = get(d, name, &mlen);
	assert_int_equal(json_integer_value(json_object_get(sd, "size")), mlen);
	json_t *mj = json_loads(man, 0, NULL);
	const char *cdg = json_string_value(
		json_object_get(json_object_get(mj, "config"), "digest"));
	size_t clen;
	snprintf(name, sizeof(name), "blobs/sha256/%s", cdg + 7);
	char *cfg = get(d, name, &clen);
	char want[3000];
	snprintf(
		want, sizeof(want),
		"{\"architecture\":\"\",\"created\":\"0001-01-01T00:00:00Z\","
		"\"history\":[{\"created\":\"0001-01-01T00:00:00Z\"},"
		"{\"created\":\"0001-01-01T00:00:00Z\"}],\"os\":\"\","
		"\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"%s\",\"%s\"]},"
		"\"config\":{}}",
		pd, pd);
	assert_string_equal(cfg, want);
	snprintf(want, sizeof(want),
		 "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci."
		 "image.manifest.v1+json\",\"config\":{\"mediaType\":"
		 "\"application/vnd.oci.image.config.v1+json\",\"size\":%zu,"
		 "\"digest\":\"%s\"},\"layers\":[{\"mediaType\":\"application/"
		 "vnd.dev.cosign.simplesigning.v1+json\",\"size\":%zu,\"digest"
		 "\":\"%s\",\"annotations\":{\"dev.cosignproject.cosign/"
		 "signature\":\"c2lnMQ==\"}},{\"mediaType\":\"application/vnd."
		 "dev.cosign.simplesigning.v1+json\",\"size\":%zu,\"digest\":"
		 "\"%s\",\"annotations\":{\"dev.cosignproject.cosign/"
		 "signature\":\"c2lnMg==\"}}]}",
		 clen, cdg, p.len, pd, p.len, pd);
	assert_string_equal(man, want);
	/* blobs are world-readable files, no temporaries left behind */
	struct stat st;
	assert_int_equal(stat(d, &st), 0);
	snprintf(name, sizeof(name), "%s/blobs/sha256/%s", d, pd + 7);
	assert_int_equal(stat(name, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0644);
	char cmd[600];
	snprintf(cmd, sizeof(cmd),
		 "test -z \"$(find '%s' -name '*.tmp-*' -o -name '.tmp-*')\"",
		 d);
	assert_int_equal(system(cmd), 0);
	free(man);
	free(cfg);
	json_decref(mj);
	json_decref(idx);
	cs_buf_free(&p);
}

static void test_attestations(void **s)
{
	const char *d = new_layout();
	image a = make_image(d, "a");
	write_index(d, descriptor(&a, ""));
	cs_layout *l;
	cs_error err = {0};
	assert_true(cs_layout_open(&l, d, true, &err));
	cs_layout_image img;
	assert_true(cs_layout_find_image(l, NULL, &img, &err));
	const char *env = "{\"payloadType\":\"application/vnd.in-toto+json\","
			  "\"payload\":\"e30=\",\"signatures\":[]}";
	assert_true(cs_layout_add_attestation(l, &img, env, strlen(env),
					      "https://slsa.dev/provenance/v1",
					      &err));
	assert_true(cs_layout_add_attestation(l, &img, env, strlen(env),
					      "https://slsa.dev/provenance/v1",
					      &err));
	cs_layout_item *it;
	size_t n;
	assert_true(cs_layout_items(l, &img, true, &it, &n, &err));
	assert_int_equal(n, 1);
	assert_string_equal(it[0].media_type, CS_COSIGN_DSSE_MEDIA);
	assert_string_equal(it[0].predicate_type,
			    "https://slsa.dev/provenance/v1");
	assert_string_equal(it[0].signature, "");
	assert_memory_equal(it[0].data, env, strlen(env));
	/* signatures and attestations are kept apart */
	assert_true(cs_layout_items(l, &img, false, &it, &n, &err));
	assert_int_equal(n, 0);
	cs_layout_free(l);
	/* read back from a fresh open */
	assert_true(cs_layout_open(&l, d, false, &err));
	assert_true(cs_layout_find_image(l, NULL, &img, &err));
	assert_true(cs_layout_items(l, &img, true, &it, &n, &err));
	assert_int_equal(n, 1);
	/* a read-only layout refuses writes */
	assert_false(cs_layout_add_attestation(l, &img, env, strlen(env), "p",
					       &err));
	cs_layout_free(l);
	json_t *idx = load(d, "index.json"), *ad = NULL;
	assert_int_equal(count_named(idx, ".att", &ad), 1);
	json_t *aa = json_object_get(ad, "annotations");
	assert_string_equal(json_string_value(json_object_get(aa, "kind")),
			    "dev.cosignproject.cosign/atts");
	json_decref(idx);
}

/* A cosign save layout: kinds only; re-signing keeps the place. */
static void test_cosign_save_layout(void **s)
{
	const char *d = new_layout();
	image a = make_image(d, "a");
	char sigl[72];
	const char *pl = "{\"x\":1}";
	blob(d, pl, sigl);
	char cfg[400], cdg[72];
	snprintf(cfg, sizeof(cfg),
		 "{\"architecture\":\"\",\"created\":\"0001-01-01T00:00:00Z\","
		 "\"history\":[{\"created\":\"0001-01-01T00:00:00Z\"}],"
		 "\"os\":\"\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":"
		 "[\"%s\"]},\"config\":{}}",
		 sigl);
	blob(d, cfg, cdg);
	char man[1200];
	snprintf(man, sizeof(man),
		 "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci."
		 "image.manifest.v1+json\",\"config\":{\"mediaType\":"
		 "\"application/vnd.oci.image.config.v1+json\",\"size\":%zu,"
		 "\"digest\":\"%s\"},\"layers\":[{\"mediaType\":\"application/"
		 "vnd.dev.cosign.simplesigning.v1+json\",\"size\":%zu,\"digest"
		 "\":\"%s\",\"annotations\":{\"dev.cosignproject.cosign/"
		 "signature\":\"b2xk\",\"dev.sigstore.cosign/"
		 "bundle\":\"{}\"}}]}",
		 strlen(cfg), cdg, strlen(pl), sigl);
	image sm;
	blob(d, man, sm.digest);
	sm.size = strlen(man);
	char m[2000];
	snprintf(m, sizeof(m), "%s,%s",
		 descriptor(&a, ",\"annotations\":{\"kind\":\"dev."
				"cosignproject.cosign/image\"}"),
		 descriptor(&sm, ",\"annotations\":{\"kind\":\"dev."
				 "cosignproject.cosign/sigs\"}"));
	write_index(d, m);
	cs_layout *l;
	cs_error err = {0};
	assert_true(cs_layout_open(&l, d, true, &err));
	cs_layout_image img;
	assert_true(cs_layout_find_image(l, NULL, &img, &err));
	assert_string_equal(img.digest, a.digest);
	cs_layout_item *it;
	size_t n;
	assert_true(cs_layout_items(l, &img, false, &it, &n, &err));
	assert_int_equal(n, 1);
	assert_string_equal(it[0].signature, "b2xk");
	assert_true(it[0].has_bundle);
	assert_memory_equal(it[0].data, pl, strlen(pl));
	assert_true(
		cs_layout_add_signature(l, &img, "{\"y\":2}", 7, "bmV3", &err));
	assert_true(cs_layout_items(l, &img, false, &it, &n, &err));
	assert_int_equal(n, 2);
	assert_string_equal(it[0].signature, "b2xk");
	assert_true(it[0].has_bundle);
	assert_string_equal(it[1].signature, "bmV3");
	cs_layout_free(l);
	/* still two descriptors, the sigs one in its place */
	json_t *idx = load(d, "index.json");
	json_t *ms = json_object_get(idx, "manifests");
	assert_int_equal(json_array_size(ms), 2);
	json_t *a1 = json_object_get(json_array_get(ms, 1), "annotations");
	assert_string_equal(json_string_value(json_object_get(a1, "kind")),
			    "dev.cosignproject.cosign/sigs");
	json_decref(idx);
}

/* --- what a layout can get wrong --- */

static void corrupt(const char *dir, const char *digest, const char *data)
{
	char name[128];
	snprintf(name, sizeof(name), "blobs/sha256/%s", digest + 7);
	put(dir, name, data, strlen(data));
}

static void test_blob_errors(void **s)
{
	cs_error err = {0};
	cs_layout *l;
	cs_layout_image img;
	/* the image manifest altered */
	const char *d = new_layout();
	image a = make_image(d, "a");
	write_index(d, descriptor(&a, ""));
	char name[128];
	snprintf(name, sizeof(name), "blobs/sha256/%s", a.digest + 7);
	size_t mlen;
	char *man = get(d, name, &mlen);
	man[mlen - 3] ^= 1; /* same size, other bytes */
	put(d, name, man, mlen);
	free(man);
	assert_true(cs_layout_open(&l, d, false, &err));
	assert_false(cs_layout_find_image(l, NULL, &img, &err));
	assert_non_null(strstr(err.message, "content is sha256:"));
	cs_layout_free(l);
	/* replaced by something of another size: refused before reading */
	corrupt(d, a.digest, "{\"schemaVersion\":2}");
	assert_true(cs_layout_open(&l, d, false, &err));
	assert_false(cs_layout_find_image(l, NULL, &img, &err));
	assert_non_null(strstr(err.message, "its descriptor says"));
	cs_layout_free(l);

	/* the size in the descriptor is not the blob's */
	d = new_layout();
	a = make_image(d, "a");
	a.size += 1;
	write_index(d, descriptor(&a, ""));
	assert_true(cs_layout_open(&l, d, false, &err));
	assert_false(cs_layout_find_image(l, NULL, &img, &err));
	assert_non_null(strstr(err.message, "its descriptor says"));
	cs_layout_free(l);

	/* a missing blob */
	d = new_layout();
	a = make_image(d, "a");
	write_index(d, descriptor(&a, ""));
	char p[400];
	snprintf(p, sizeof(p), "%s/blobs/sha256/%s", d, a.digest + 7);
	assert_int_equal(unlink(p), 0);
	assert_true(cs_layout_open(&l, d, false, &err));
	assert_false(cs_layout_find_image(l, NULL, &img, &err));
	assert_non_null(strstr(err.message, "missing"));
	cs_layout_free(l);

	/* a signature layer altered: that item fails, the others stand */
	d = new_layout();
	a = make_image(d, "a");
	write_index(d, descriptor(&a, ""));
	assert_true(cs_layout_open(&l, d, true, &err));
	assert_true(cs_layout_find_image(l, NULL, &img, &err));
	assert_true(cs_layout_add_signature(l, &img, "one", 3, "MQ==", &err));
	assert_true(cs_layout_add_signature(l, &img, "two", 3, "Mg==", &err));
	char dg1[72];
	hexdigest("one", 3, dg1);
	corrupt(d, dg1, "ONE");
	cs_layout_item *it;
	size_t n;
	assert_true(cs_layout_items(l, &img, false, &it, &n, &err));
	assert_int_equal(n, 2);
	assert_non_null(strstr(it[0].error, "content is sha256:"));
	assert_null(it[0].data);
	assert_string_equal(it[1].error, "");
	assert_memory_equal(it[1].data, "two", 3);
	/* and one whose size was changed */
	corrupt(d, dg1, "one1");
	assert_true(cs_layout_items(l, &img, false, &it, &n, &err));
	assert_non_null(strstr(it[0].error, "is 4 bytes, its descriptor says 3"));
	/* signing again mends a damaged blob it needs */
	assert_true(cs_layout_add_signature(l, &img, "one", 3, "MQ==", &err));
	assert_true(cs_layout_items(l, &img, false, &it, &n, &err));
	assert_int_equal(n, 2);
	assert_string_equal(it[0].error, "");
	cs_layout_free(l);
}

/* Layers are read up to a total: a manifest naming one big blob many
 * times must not cost that many reads and copies. */
static void test_items_total(void **s)
{
	const char *d = new_layout();
	image a = make_image(d, "a");
	size_t big = 16u << 20;
	char *data = malloc(big + 1);
	assert_non_null(data);
	memset(data, 'x', big);
	data[big] = '\0';
	char bd[72], cdg[72];
	blob(d, data, bd);
	free(data);
	blob(d, "{}", cdg);
	char man[2000];
	int n = snprintf(man, sizeof(man),
			 "{\"schemaVersion\":2,\"config\":{\"mediaType\":"
			 "\"c\",\"digest\":\"%s\",\"size\":2},\"layers\":[",
			 cdg);
	for (int i = 0; i < 5; i++)
		n += snprintf(man + n, sizeof(man) - (size_t)n,
			      "%s{\"mediaType\":\"l\",\"digest\":\"%s\","
			      "\"size\":%zu}",
			      i ? "," : "", bd, big);
	snprintf(man + n, sizeof(man) - (size_t)n, "]}");
	image sm;
	blob(d, man, sm.digest);
	sm.size = strlen(man);
	char rn[200], idx[2000];
	snprintf(rn, sizeof(rn),
		 ",\"annotations\":{\"org.opencontainers.image.ref.name\":"
		 "\"sha256-%s.sig\"}",
		 a.digest + 7);
	snprintf(idx, sizeof(idx), "%s,%s", descriptor(&a, ""),
		 descriptor(&sm, rn));
	write_index(d, idx);
	cs_layout *l;
	cs_error err = {0};
	assert_true(cs_layout_open(&l, d, false, &err));
	cs_layout_image img;
	assert_true(cs_layout_find_image(l, NULL, &img, &err));
	cs_layout_item *it;
	size_t cnt;
	assert_true(cs_layout_items(l, &img, false, &it, &cnt, &err));
	assert_int_equal(cnt, 5);
	for (int i = 0; i < 4; i++) {
		assert_string_equal(it[i].error, "");
		assert_int_equal(it[i].len, big);
	}
	assert_null(it[4].data);
	assert_non_null(strstr(it[4].error, "not read"));
	cs_layout_free(l);
}

static void test_index_errors(void **s)
{
	cs_error err = {0};
	cs_layout *l = (cs_layout *)1;
	const char *d = new_layout();
	image a = make_image(d, "a");
	static const char *bad[] = {
		"not json",
		"[]",
		"{\"schemaVersion\":1,\"manifests\":[]}",
		"{\"schemaVersion\":2}",
		"{\"schemaVersion\":2,\"mediaType\":\"x\",\"manifests\":[]}",
		"{\"schemaVersion\":2,\"manifests\":[{\"mediaType\":\"a\","
		"\"digest\":\"sha256:../../x\",\"size\":1}]}",
		"{\"schemaVersion\":2,\"manifests\":[{\"mediaType\":\"a\","
		"\"digest\":\"sha512:00\",\"size\":1}]}",
		"{\"schemaVersion\":2,\"manifests\":[{\"mediaType\":\"a\","
		"\"digest\":\"sha256:ABCDEF0123456789ABCDEF0123456789ABCDEF012"
		"3456789ABCDEF0123456789\",\"size\":1}]}",
		"{\"schemaVersion\":2,\"manifests\":[{\"mediaType\":\"a\","
		"\"digest\":\"sha256:0123456789abcdef0123456789abcdef012345678"
		"9abcdef0123456789abcdef\",\"size\":-1}]}",
		"{\"schemaVersion\":2,\"manifests\":[{\"digest\":\"sha256:01234"
		"56789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\","
		"\"size\":1}]}",
		"{\"schemaVersion\":2,\"manifests\":[1]}",
		"{\"schemaVersion\":2,\"schemaVersion\":2,\"manifests\":[]}",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		put(d, "index.json", bad[i], strlen(bad[i]));
		memset(&err, 0, sizeof(err));
		assert_false(cs_layout_open(&l, d, false, &err));
		assert_null(l);
		assert_int_equal(err.code, CS_ERR_PARSE);
		assert_true(err.message[0] != '\0');
		assert_false(
			cs_layout_index_check(bad[i], strlen(bad[i]), &err));
	}
	/* a manifest whose layer digest is a path */
	char man[600];
	snprintf(
		man, sizeof(man),
		"{\"schemaVersion\":2,\"config\":{\"mediaType\":\"c\","
		"\"digest\":\"%s\",\"size\":1},\"layers\":[{\"mediaType\":"
		"\"l\",\"digest\":\"sha256:../../../etc/passwd\",\"size\":1}]}",
		a.digest);
	image b;
	blob(d, man, b.digest);
	b.size = strlen(man);
	write_index(d, descriptor(&b, ""));
	assert_true(cs_layout_open(&l, d, false, &err));
	cs_layout_image img;
	assert_false(cs_layout_find_image(l, NULL, &img, &err));
	assert_non_null(strstr(err.message, "layer 0"));
	cs_layout_free(l);

	/* not a layout at all */
	char p[400];
	snprintf(p, sizeof(p), "%s/empty%d", tmpdir, seq++);
	assert_int_equal(mkdir(p, 0755), 0);
	assert_false(cs_layout_open(&l, p, false, &err));
	assert_non_null(strstr(err.message, "not an OCI image layout"));
	snprintf(p, sizeof(p), "%s/nonexistent", tmpdir);
	assert_false(cs_layout_open(&l, p, false, &err));
	assert_int_equal(err.code, CS_ERR_IO);
	/* a layout holding no image */
	write_index(d, "");
	assert_true(cs_layout_open(&l, d, false, &err));
	assert_false(cs_layout_find_image(l, NULL, &img, &err));
	assert_non_null(strstr(err.message, "holds no image"));
	cs_layout_free(l);
}

static void test_tar_layout(void **s)
{
	const char *d = new_layout();
	image a = make_image(d, "a");
	write_index(d, descriptor(&a, NAMED("1")));
	cs_layout *l;
	cs_error err = {0};
	assert_true(cs_layout_open(&l, d, true, &err));
	cs_layout_image img;
	assert_true(cs_layout_find_image(l, NULL, &img, &err));
	assert_true(cs_layout_add_signature(l, &img, "pl", 2, "c2ln", &err));
	cs_layout_free(l);
	char tar[400], cmd[1000];
	snprintf(tar, sizeof(tar), "%s.tar", d);
	snprintf(cmd, sizeof(cmd), "tar -C '%s' -cf '%s' .", d, tar);
	assert_int_equal(system(cmd), 0);
	assert_false(cs_layout_open(&l, tar, true, &err));
	assert_int_equal(err.code, CS_ERR_USAGE);
	assert_true(cs_layout_open(&l, tar, false, &err));
	assert_true(cs_layout_find_image(l, NULL, &img, &err));
	assert_string_equal(img.digest, a.digest);
	cs_layout_item *it;
	size_t n;
	assert_true(cs_layout_items(l, &img, false, &it, &n, &err));
	assert_int_equal(n, 1);
	assert_memory_equal(it[0].data, "pl", 2);
	assert_string_equal(it[0].signature, "c2ln");
	cs_layout_free(l);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_payload_exact),
		cmocka_unit_test(test_payload_parse),
		cmocka_unit_test(test_docker_reference),
		cmocka_unit_test(test_find_image),
		cmocka_unit_test(test_sign_twice),
		cmocka_unit_test(test_attestations),
		cmocka_unit_test(test_cosign_save_layout),
		cmocka_unit_test(test_blob_errors),
		cmocka_unit_test(test_items_total),
		cmocka_unit_test(test_index_errors),
		cmocka_unit_test(test_tar_layout),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}

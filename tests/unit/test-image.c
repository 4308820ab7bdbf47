/*
 * test-image.c - the image reader: docker save (classic, hybrid, gzipped,
 * repeated layers), OCI layouts (directory, tar, multi-platform), rootfs
 * directories, compression, digests, flattening, links, limits, config
 * and contents.  Images are written at run time by tests/image/mkimage.py.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "image/image.h"

#include "mkimage-helpers.h"

static const char *BASE_LAYER =
	"[{\"name\":\"etc\",\"type\":\"dir\"},"
	"{\"name\":\"etc/passwd\",\"data\":\"root:x:0:0::/root:/bin/sh\\n\"},"
	"{\"name\":\"usr/lib/os-release\",\"data\":\"ID=test\\n\"},"
	"{\"name\":\"etc/os-release\",\"type\":\"symlink\","
	"\"link\":\"../usr/lib/os-release\"},"
	"{\"name\":\"bin/su\",\"data\":\"x\",\"mode\":2541,\"uid\":0}]";

static void test_docker_classic(void **s)
{
	char spec[2048];
	snprintf(spec, sizeof(spec),
		 "{\"layers\":[%s,[{\"name\":\"app/x\",\"data\":\"hello\"}]],"
		 "\"config\":{\"User\":\"app\",\"ExposedPorts\":{\"8080\":{},"
		 "\"53/udp\":{}},\"Env\":[\"A=1\"],\"Cmd\":[\"sh\"]}}",
		 BASE_LAYER);
	const char *p = mk("docker", spec);
	cs_image img;
	cs_error err = {0};
	assert_true(cs_image_open(&img, p, NULL, &err));
	assert_int_equal(img.format, CS_IMG_DOCKER_SAVE);
	assert_string_equal(cs_img_format_name(img.format), "docker-save");
	assert_string_equal(img.ref, "test:1");
	assert_null(img.manifest_digest);
	assert_non_null(img.config_digest);
	assert_int_equal(img.nlayers, 2);
	assert_string_equal(img.layers[0].compression, "none");
	assert_string_equal(img.layers[0].digest, img.layers[0].diff_id);
	assert_int_equal(img.layers[1].uncompressed, img.layers[1].size);
	assert_string_equal(img.config.user, "app");
	assert_true(img.config.has_user);
	assert_int_equal(img.config.nexposed, 2);
	assert_string_equal(img.config.exposed[0], "53/udp");
	assert_string_equal(img.config.exposed[1], "8080/tcp");
	assert_int_equal(img.config.ncmd, 1);
	assert_string_equal(img.config.env[0], "A=1");
	assert_string_equal(img.config.os, "linux");
	assert_string_equal(img.config.architecture, "amd64");
	/* /app /app/x /bin /bin/su /etc /etc/os-release /etc/passwd /usr
	 * /usr/lib /usr/lib/os-release */
	assert_int_equal(img.nfiles, 10);
	assert_string_equal(img.files[0].path, "/app");
	assert_string_equal(img.files[9].path, "/usr/lib/os-release");
	const cs_img_file *f = cs_image_find(&img, "/etc/passwd");
	assert_non_null(f);
	assert_int_equal(f->size, 26);
	assert_int_equal(f->layer, 0);
	assert_true(S_ISREG(f->mode));
	f = cs_image_find(&img, "/bin/su");
	assert_int_equal(f->mode & 07777, 04755);
	assert_int_equal(cs_image_find(&img, "/app/x")->layer, 1);
	f = cs_image_find(&img, "/etc/os-release");
	assert_true(S_ISLNK(f->mode));
	assert_string_equal(f->link, "../usr/lib/os-release");
	f = cs_image_resolve(&img, "/etc/os-release");
	assert_non_null(f);
	assert_string_equal(f->path, "/usr/lib/os-release");
	assert_null(cs_image_find(&img, "/nope"));
	cs_image_free(&img);
}

static void test_gzip_outer_and_repeated_layer(void **s)
{
	char spec[2048];
	snprintf(spec, sizeof(spec),
		 "{\"layers\":[%s,[{\"name\":\"a\",\"data\":\"1\"}],%s],"
		 "\"dup_layer\":true,\"gzip_outer\":true}",
		 BASE_LAYER, BASE_LAYER);
	const char *p = mk("docker", spec);
	cs_image img;
	cs_error err = {0};
	assert_true(cs_image_open(&img, p, NULL, &err));
	assert_int_equal(img.nlayers, 3);
	assert_string_equal(img.layers[2].diff_id, img.layers[0].diff_id);
	assert_int_equal(cs_image_find(&img, "/etc/passwd")->layer, 2);
	assert_int_equal(cs_image_find(&img, "/a")->layer, 1);
	cs_image_free(&img);
}

/* Whiteouts, opaque directories and replacement across layers, in gzip
 * and zstd layers of a Docker 25+ archive. */
static void test_flatten_hybrid(void **s)
{
	const char *spec =
		"{\"compress\":[\"gzip\",\"zstd\",\"none\"],\"layers\":["
		"[{\"name\":\"d/a\",\"data\":\"1\"},{\"name\":\"d/b\",\"data\":\"2\"},"
		"{\"name\":\"o/x\",\"data\":\"3\"},{\"name\":\"r/k\",\"data\":\"4\"},"
		"{\"name\":\"keep\",\"type\":\"dir\"},{\"name\":\"keep/c\",\"data\":\"5\"}],"
		"[{\"name\":\"d/.wh.a\"},{\"name\":\"o/y\",\"data\":\"6\"},"
		"{\"name\":\"o/.wh..wh..opq\"},{\"name\":\"r\",\"data\":\"file\"},"
		"{\"name\":\"keep\",\"type\":\"dir\",\"mode\":448},"
		"{\"name\":\"d/.wh..wh.plnk\"}],"
		"[{\"name\":\"d/a\",\"data\":\"back\"},{\"name\":\"z\",\"data\":\"1\"},"
		"{\"name\":\"z\",\"data\":\"22\"},{\"name\":\"./dot/\",\"type\":\"dir\"}]]}";
	const char *p = mk("hybrid", spec);
	cs_image img;
	cs_error err = {0};
	assert_true(cs_image_open(&img, p, NULL, &err));
	assert_int_equal(img.format, CS_IMG_DOCKER_SAVE);
	assert_string_equal(img.layers[0].compression, "gzip");
	assert_string_equal(img.layers[1].compression, "zstd");
	assert_string_equal(img.layers[2].compression, "none");
	assert_true(img.layers[0].size < img.layers[0].uncompressed);
	assert_string_not_equal(img.layers[0].digest, img.layers[0].diff_id);
	assert_int_equal(cs_image_find(&img, "/d/a")->layer, 2);
	assert_int_equal(cs_image_find(&img, "/d/a")->size, 4);
	assert_non_null(cs_image_find(&img, "/d/b"));
	assert_null(cs_image_find(&img, "/o/x"));
	assert_int_equal(cs_image_find(&img, "/o/y")->layer, 1);
	const cs_img_file *r = cs_image_find(&img, "/r");
	assert_true(S_ISREG(r->mode));
	assert_null(cs_image_find(&img, "/r/k"));
	const cs_img_file *k = cs_image_find(&img, "/keep");
	assert_int_equal(k->mode & 0777, 0700);
	assert_int_equal(k->layer, 1);
	assert_non_null(cs_image_find(&img, "/keep/c"));
	assert_int_equal(cs_image_find(&img, "/z")->size, 2);
	assert_non_null(cs_image_find(&img, "/dot"));
	assert_null(cs_image_find(&img, "/d/.wh..wh.plnk"));
	/* /d /d/a /d/b /dot /keep /keep/c /o /o/y /r /z */
	assert_int_equal(img.nfiles, 10);
	cs_image_free(&img);
}

static void test_links(void **s)
{
	const char *spec =
		"{\"layers\":[["
		"{\"name\":\"etc/passwd\",\"data\":\"pw\"},"
		"{\"name\":\"abs\",\"type\":\"symlink\",\"link\":\"/etc/passwd\"},"
		"{\"name\":\"up\",\"type\":\"symlink\",\"link\":\"../../../etc/passwd\"},"
		"{\"name\":\"loop1\",\"type\":\"symlink\",\"link\":\"loop2\"},"
		"{\"name\":\"loop2\",\"type\":\"symlink\",\"link\":\"/loop1\"},"
		"{\"name\":\"dl\",\"type\":\"symlink\",\"link\":\"etc\"},"
		"{\"name\":\"hl\",\"type\":\"hardlink\",\"link\":\"etc/passwd\"},"
		"{\"name\":\"dangling\",\"type\":\"symlink\",\"link\":\"/no/where\"}"
		"]]}";
	const char *p = mk("oci-dir", spec);
	cs_image img;
	cs_error err = {0};
	assert_true(cs_image_open(&img, p, NULL, &err));
	assert_int_equal(img.format, CS_IMG_OCI_LAYOUT);
	const cs_img_file *pw = cs_image_find(&img, "/etc/passwd");
	assert_ptr_equal(cs_image_resolve(&img, "/abs"), pw);
	assert_ptr_equal(cs_image_resolve(&img, "/up"), pw);
	assert_ptr_equal(cs_image_resolve(&img, "/dl/passwd"), pw);
	assert_ptr_equal(cs_image_resolve(&img, "/dl/../dl/./passwd"), pw);
	assert_ptr_equal(cs_image_resolve(&img, "/hl"), pw);
	assert_null(cs_image_resolve(&img, "/loop1"));
	assert_null(cs_image_resolve(&img, "/dangling"));
	assert_null(cs_image_resolve(&img, "/etc/passwd/x"));
	const cs_img_file *hl = cs_image_find(&img, "/hl");
	assert_true(hl->hardlink);
	assert_string_equal(hl->link, "/etc/passwd");
	assert_int_equal(hl->size, 2);
	assert_true(S_ISREG(hl->mode));
	cs_image_free(&img);
}

static void test_multi_platform(void **s)
{
	const char *spec = "{\"layers\":[[{\"name\":\"f\",\"data\":\"x\"}]],"
			   "\"platforms\":[\"linux/amd64\",\"linux/arm64/v8\"]}";
	const char *p = mk("oci-tar", spec);
	cs_image img;
	cs_error err = {0};
	assert_false(cs_image_open(&img, p, NULL, &err));
	assert_int_equal(err.code, CS_ERR_USAGE);
	assert_string_equal(err.message,
			    "several images (platforms linux/amd64, "
			    "linux/arm64/v8); choose one with a platform or "
			    "a tag");
	cs_img_opts o = {.platform = "linux/arm64"};
	assert_true(cs_image_open(&img, p, &o, &err));
	assert_string_equal(img.config.architecture, "arm64");
	assert_string_equal(img.config.variant, "v8");
	assert_string_equal(img.ref, "docker.io/library/test:1");
	assert_non_null(img.manifest_digest);
	assert_int_equal(img.nfiles, 1);
	cs_image_free(&img);
	o.platform = "linux/s390x";
	assert_false(cs_image_open(&img, p, &o, &err));
	assert_string_equal(err.message,
			    "no image for platform linux/s390x; available: "
			    "linux/amd64, linux/arm64/v8");
	/* Docker's containerd store: only the chosen platform's blobs */
	const char *q = mk("oci-tar",
			   "{\"layers\":[[{\"name\":\"f\",\"data\":\"x\"}]],"
			   "\"platforms\":[\"linux/amd64\",\"linux/arm64\"],"
			   "\"missing\":true}");
	o.platform = "linux/amd64";
	assert_true(cs_image_open(&img, q, &o, &err));
	assert_string_equal(img.config.architecture, "amd64");
	cs_image_free(&img);
	o.platform = "linux/arm64";
	assert_false(cs_image_open(&img, q, &o, &err));
	assert_non_null(strstr(err.message, "is missing from the image"));
}

static void test_digest_mismatch(void **s)
{
	cs_image img;
	cs_error err = {0};
	const char *p = mk("oci-dir", "{\"layers\":[[{\"name\":\"f\"}]],"
				      "\"corrupt\":\"blob\"}");
	assert_false(cs_image_open(&img, p, NULL, &err));
	assert_int_equal(err.code, CS_ERR_PARSE);
	assert_non_null(strstr(err.message, "layer 0 (blobs/sha256/"));
	assert_non_null(strstr(err.message, "content is sha256:"));
	p = mk("docker", "{\"layers\":[[{\"name\":\"f\"}]],"
			 "\"compress\":[\"gzip\"],\"corrupt\":\"diffid\"}");
	assert_false(cs_image_open(&img, p, NULL, &err));
	assert_non_null(strstr(err.message, "not the diff_id sha256:0000"));
}

static void test_bomb(void **s)
{
	const char *p = mk("docker", "{\"layers\":[[{\"name\":\"z\","
				     "\"zeros\":33554432}]],"
				     "\"compress\":[\"gzip\"]}");
	cs_image img;
	cs_error err = {0};
	cs_img_opts o = {.max_uncompressed = 1 << 20};
	assert_false(cs_image_open(&img, p, &o, &err));
	assert_int_equal(err.code, CS_ERR_LIMIT);
	assert_non_null(strstr(err.message, "more than 1048576 uncompressed "
					    "bytes (CS_IMG_MAX_UNCOMPRESSED)"));
	o.max_uncompressed = 0;
	assert_true(cs_image_open(&img, p, &o, &err));
	assert_int_equal(cs_image_find(&img, "/z")->size, 33554432);
	cs_image_free(&img);
}

static void test_traversal(void **s)
{
	cs_image img;
	cs_error err = {0};
	const char *p = mk("docker", "{\"layers\":[[{\"name\":\"../x\"}]]}");
	assert_false(cs_image_open(&img, p, NULL, &err));
	assert_int_equal(err.code, CS_ERR_PARSE);
	assert_non_null(strstr(err.message, "entry '../x' escapes the image "
					    "root"));
	p = mk("docker", "{\"layers\":[[{\"name\":\"/abs/f\"},"
			 "{\"name\":\"a/b/../../../c\"}]]}");
	assert_false(cs_image_open(&img, p, NULL, &err));
	p = mk("docker", "{\"layers\":[[{\"name\":\"/abs/f\"}]]}");
	assert_true(cs_image_open(&img, p, NULL, &err));
	assert_non_null(cs_image_find(&img, "/abs/f"));
	assert_true(S_ISDIR(cs_image_find(&img, "/abs")->mode));
	cs_image_free(&img);
}

static void test_config_history(void **s)
{
	const char *spec =
		"{\"layers\":[[{\"name\":\"a\"}],[{\"name\":\"b\"}]],"
		"\"config\":{\"Healthcheck\":{\"Test\":[\"NONE\"]},"
		"\"Labels\":{\"k\":\"v\"},\"Volumes\":{\"/data\":{}},"
		"\"WorkingDir\":\"/app\",\"Entrypoint\":[\"/bin/app\",\"-x\"]},"
		"\"history\":[{\"created_by\":\"ADD file in /\"},"
		"{\"created_by\":\"ENV A=1\",\"empty_layer\":true},"
		"{\"created_by\":\"RUN make\",\"comment\":\"c\"}]}";
	const char *p = mk("oci-tar", spec);
	cs_image img;
	cs_error err = {0};
	assert_true(cs_image_open(&img, p, NULL, &err));
	const cs_img_config *c = &img.config;
	assert_int_equal(c->nhealthcheck, 1);
	assert_string_equal(c->healthcheck[0], "NONE");
	assert_false(c->has_user);
	assert_string_equal(c->user, "");
	assert_int_equal(c->nlabels, 1);
	assert_string_equal(c->labels[0].value, "v");
	assert_string_equal(c->volumes[0], "/data");
	assert_string_equal(c->workdir, "/app");
	assert_int_equal(c->nentrypoint, 2);
	assert_int_equal(c->nhistory, 3);
	assert_int_equal(c->history[0].layer, 0);
	assert_int_equal(c->history[1].layer, -1);
	assert_true(c->history[1].empty_layer);
	assert_int_equal(c->history[2].layer, 1);
	assert_string_equal(c->history[2].comment, "c");
	assert_int_equal(img.layers[0].history, 0);
	assert_int_equal(img.layers[1].history, 2);
	assert_string_equal(img.layers[1].media_type,
			    "application/vnd.oci.image.layer.v1.tar");
	cs_image_free(&img);
	p = mk("docker", "{\"layers\":[[{\"name\":\"a\"}]]}");
	assert_true(cs_image_open(&img, p, NULL, &err));
	assert_null(img.config.healthcheck);
	assert_int_equal(img.config.nhealthcheck, 0);
	cs_image_free(&img);
}

typedef struct got_log {
	char text[512];
} got_log;

static bool want_all(void *ctx, const cs_img_file *f)
{
	return strcmp(f->path, "/skip") != 0;
}

static bool got_one(void *ctx, const cs_img_file *f,
		    const unsigned char *data, size_t len, bool truncated)
{
	got_log *g = ctx;
	size_t n = strlen(g->text);
	snprintf(g->text + n, sizeof(g->text) - n, "%s=%.*s%s;", f->path,
		 (int)len, (const char *)data, truncated ? "+" : "");
	return true;
}

static void test_contents(void **s)
{
	const char *spec =
		"{\"compress\":[\"gzip\",\"none\"],\"layers\":["
		"[{\"name\":\"a\",\"data\":\"old\"},{\"name\":\"b\",\"data\":\"bbb\"},"
		"{\"name\":\"skip\",\"data\":\"s\"},"
		"{\"name\":\"long\",\"data\":\"0123456789abcdef\"}],"
		"[{\"name\":\"a\",\"data\":\"new\"},{\"name\":\"h\",\"type\":\"hardlink\","
		"\"link\":\"b\"},{\"name\":\"l\",\"type\":\"symlink\",\"link\":\"a\"}]]}";
	const char *p = mk("docker", spec);
	cs_image img;
	cs_error err = {0};
	assert_true(cs_image_open(&img, p, NULL, &err));
	got_log g = {{0}};
	assert_true(cs_image_contents(&img, want_all, got_one, &g, 8, &err));
	assert_string_equal(g.text, "/b=bbb;/h=bbb;/long=01234567+;/a=new;");
	cs_image_free(&img);
}

static void test_rootfs(void **s)
{
	char root[300], cmd[2600];
	snprintf(root, sizeof(root), "%s/rootfs", tmpdir);
	snprintf(cmd, sizeof(cmd),
		 "mkdir -p %s/etc %s/usr/lib && printf 'ID=x\\n' > "
		 "%s/usr/lib/os-release && ln -s ../usr/lib/os-release "
		 "%s/etc/os-release && ln -s /etc %s/out && "
		 "printf 'root:x:0:0\\n' > %s/etc/passwd",
		 root, root, root, root, root, root);
	assert_int_equal(system(cmd), 0);
	cs_image img;
	cs_error err = {0};
	assert_true(cs_image_open(&img, root, NULL, &err));
	assert_int_equal(img.format, CS_IMG_ROOTFS);
	assert_int_equal(img.nlayers, 0);
	/* /etc /etc/os-release /etc/passwd /out /usr /usr/lib
	 * /usr/lib/os-release */
	assert_int_equal(img.nfiles, 7);
	const cs_img_file *f = cs_image_resolve(&img, "/etc/os-release");
	assert_string_equal(f->path, "/usr/lib/os-release");
	assert_int_equal(f->layer, -1);
	/* /out points at the host's /etc: resolved in the image instead */
	assert_string_equal(cs_image_resolve(&img, "/out/passwd")->path,
			    "/etc/passwd");
	got_log g = {{0}};
	assert_true(cs_image_contents(&img, want_all, got_one, &g, 64, &err));
	assert_string_equal(g.text, "/etc/passwd=root:x:0:0\n;"
				    "/usr/lib/os-release=ID=x\n;");
	cs_image_free(&img);
}

static void test_not_an_image(void **s)
{
	char path[400];
	snprintf(path, sizeof(path), "%s/junk", tmpdir);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs("not a tar at all", f);
	fclose(f);
	cs_image img;
	cs_error err = {0};
	assert_false(cs_image_open(&img, path, NULL, &err));
	assert_int_equal(err.code, CS_ERR_PARSE);
	snprintf(path, sizeof(path), "%s/absent", tmpdir);
	assert_false(cs_image_open(&img, path, NULL, &err));
	assert_int_equal(err.code, CS_ERR_IO);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_docker_classic),
		cmocka_unit_test(test_gzip_outer_and_repeated_layer),
		cmocka_unit_test(test_flatten_hybrid),
		cmocka_unit_test(test_links),
		cmocka_unit_test(test_multi_platform),
		cmocka_unit_test(test_digest_mismatch),
		cmocka_unit_test(test_bomb),
		cmocka_unit_test(test_traversal),
		cmocka_unit_test(test_config_history),
		cmocka_unit_test(test_contents),
		cmocka_unit_test(test_rootfs),
		cmocka_unit_test(test_not_an_image),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}

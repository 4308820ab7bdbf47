/*
 * test-sbom.c - cataloging images (Debian-like and Alpine-like, distroless
 * status.d, Python, node_modules) and the SPDX and CycloneDX writers: exact
 * package lists, purls, licences, evidence and notices, and the same bytes
 * for the same image.  Root file systems are written by the test; images
 * by tests/image/mkimage.py.
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
#include "sbom/catalog.h"

#include "mkimage-helpers.h"

/* root/rel with the given text, directories made as needed. */
static void put(const char *root, const char *rel, const char *text)
{
	char path[600], cmd[700];
	snprintf(path, sizeof(path), "%s/%s", root, rel);
	snprintf(cmd, sizeof(cmd), "mkdir -p \"$(dirname '%s')\"", path);
	assert_int_equal(system(cmd), 0);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static const char DPKG_STATUS[] =
	"Package: libc6\n"
	"Status: install ok installed\n"
	"Architecture: amd64\n"
	"Source: glibc\n"
	"Version: 2.36-9+deb12u3\n"
	"\n"
	"Package: removed\n"
	"Status: deinstall ok config-files\n"
	"Version: 1.0\n"
	"\n"
	"Package: libgcc-s1\n"
	"Status: install ok installed\n"
	"Architecture: amd64\n"
	"Source: gcc-12\n"
	"Version: 12.2.0-14\n";

static const char COPYRIGHT[] =
	"Format: https://www.debian.org/doc/packaging-manuals/"
	"copyright-format/1.0/\n\n"
	"Files: *\nLicense: LGPL-2.1+\n\nFiles: x/*\nLicense: GPL-2\n";

static const cs_cat_pkg *find(const cs_catalog *c, const char *name,
			      const char *path)
{
	for (size_t i = 0; i < c->npkgs; i++)
		if (strcmp(c->pkgs[i].pkg.name, name) == 0 &&
		    (!path || strcmp(c->pkgs[i].pkg.source_path, path) == 0))
			return &c->pkgs[i];
	fail_msg("no package %s", name);
	return NULL;
}

static void debian_rootfs(char *root, size_t n)
{
	snprintf(root, n, "%s/debian", tmpdir);
	char cmd[700];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", root);
	assert_int_equal(system(cmd), 0);
	put(root, "usr/lib/os-release",
	    "ID=debian\nVERSION_ID=\"12\"\nVERSION_CODENAME=bookworm\n");
	put(root, "var/lib/dpkg/status", DPKG_STATUS);
	put(root, "usr/share/doc/libc6/copyright", COPYRIGHT);
	put(root, "usr/share/doc/gcc-12-base/copyright",
	    "Format: x\n\nFiles: *\nLicense: GPL-3+\n");
	put(root,
	    "usr/lib/python3/dist-packages/Foo_Bar-1.0.dist-info/METADATA",
	    "Metadata-Version: 2.1\nName: Foo_Bar\nVersion: 1.0\n"
	    "License: BSD\n\n");
	put(root, "app/node_modules/@babel/core/package.json",
	    "{\"name\":\"@babel/core\",\"version\":\"7.22.0\","
	    "\"license\":\"MIT\"}");
	put(root, "app/node_modules/x/node_modules/@babel/core/package.json",
	    "{\"name\":\"@babel/core\",\"version\":\"7.22.0\","
	    "\"license\":\"MIT\"}");
	put(root, "app/package.json",
	    "{\"name\":\"app\",\"version\":\"1.0.0\"}");
	put(root, "app/node_modules/broken/package.json", "{\"name\":");
	put(root, "var/lib/rpm/rpmdb.sqlite", "SQLite format 3");
	snprintf(cmd, sizeof(cmd),
		 "ln -s ../usr/lib/os-release '%s/etc/os-release' 2>/dev/null "
		 "|| (mkdir -p '%s/etc' && ln -s ../usr/lib/os-release "
		 "'%s/etc/os-release') && ln -s gcc-12-base "
		 "'%s/usr/share/doc/libgcc-s1'",
		 root, root, root, root);
	assert_int_equal(system(cmd), 0);
}

static void test_debian_rootfs(void **s)
{
	char root[300];
	debian_rootfs(root, sizeof(root));
	cs_image img;
	cs_error err = {0};
	assert_true(cs_image_open(&img, root, NULL, &err));
	cs_catalog c;
	assert_true(cs_catalog_image(&c, &img, &err));
	assert_string_equal(c.name, "debian");
	assert_null(c.digest);
	assert_null(c.purl);
	assert_string_equal(c.os_path, "/usr/lib/os-release");
	assert_string_equal(c.os.id, "debian");

	/* sorted by type, name, version, arch, path; `app` is not under
	 * node_modules and `removed` is not installed */
	const char *want[][5] = {
		{"deb", "libc6", "2.36-9+deb12u3",
		 "pkg:deb/debian/libc6@2.36-9%2Bdeb12u3?arch=amd64&"
		 "distro=debian-12&upstream=glibc",
		 "/var/lib/dpkg/status"},
		{"deb", "libgcc-s1", "12.2.0-14",
		 "pkg:deb/debian/libgcc-s1@12.2.0-14?arch=amd64&"
		 "distro=debian-12&upstream=gcc-12",
		 "/var/lib/dpkg/status"},
		{"npm", "@babel/core", "7.22.0", "pkg:npm/%40babel/core@7.22.0",
		 "/app/node_modules/@babel/core/package.json"},
		{"npm", "@babel/core", "7.22.0", "pkg:npm/%40babel/core@7.22.0",
		 "/app/node_modules/x/node_modules/@babel/core/package.json"},
		{"pypi", "Foo_Bar", "1.0", "pkg:pypi/foo-bar@1.0",
		 "/usr/lib/python3/dist-packages/Foo_Bar-1.0.dist-info/"
		 "METADATA"},
	};
	assert_int_equal(c.npkgs, 5);
	for (size_t i = 0; i < 5; i++) {
		const cs_cat_pkg *p = &c.pkgs[i];
		assert_string_equal(p->pkg.type, want[i][0]);
		assert_string_equal(p->pkg.name, want[i][1]);
		assert_string_equal(p->pkg.version, want[i][2]);
		assert_string_equal(p->pkg.purl, want[i][3]);
		assert_string_equal(p->pkg.source_path, want[i][4]);
		assert_null(p->layer);
		assert_int_equal(p->layer_index, -1);
		assert_int_equal(strlen(p->id), 16);
	}
	assert_string_not_equal(c.pkgs[2].id, c.pkgs[3].id);
	assert_string_equal(find(&c, "libc6", NULL)->pkg.license,
			    "LGPL-2.1-or-later AND GPL-2.0-only");
	/* its doc directory is a link to gcc-12-base's */
	assert_string_equal(find(&c, "libgcc-s1", NULL)->pkg.license,
			    "GPL-3.0-or-later");
	assert_string_equal(find(&c, "Foo_Bar", NULL)->pkg.license, "BSD");

	assert_int_equal(c.nnotes, 2);
	assert_true(strncmp(c.notes[0],
			    "/app/node_modules/broken/package.json:", 38) ==
		    0);
	assert_string_equal(c.notes[1],
			    "/var/lib/rpm/rpmdb.sqlite: not an SQLite "
			    "database");
	assert_int_equal(strlen(c.content_sha256), 64);
	cs_catalog_free(&c);
	cs_image_free(&img);
}

static const char *APK_DB =
	"C:Q1abc=\\nP:musl\\nV:1.2.4-r2\\nA:x86_64\\nL:MIT\\no:musl\\n"
	"\\nP:ssl_client\\nV:3.1.4-r5\\nA:x86_64\\nL:GPL-2.0-only\\n"
	"o:busybox\\n\\n";

static void test_alpine_image(void **s)
{
	/* the database is in the first layer, os-release in the second:
	 * purls still carry the distribution */
	char spec[1024];
	snprintf(spec, sizeof(spec),
		 "{\"layers\":[[{\"name\":\"lib/apk/db/installed\","
		 "\"data\":\"%s\"}],"
		 "[{\"name\":\"etc/os-release\",\"data\":\"ID=alpine\\n"
		 "VERSION_ID=3.19.1\\n\"}]],"
		 "\"compress\":[\"gzip\",\"none\"],\"tag\":\"shop/web:1\"}",
		 APK_DB);
	const char *path = mk("docker", spec);
	cs_image img;
	cs_error err = {0};
	assert_true(cs_image_open(&img, path, NULL, &err));
	cs_catalog c;
	assert_true(cs_catalog_image(&c, &img, &err));
	assert_string_equal(c.name, "shop/web:1");
	assert_string_equal(c.digest, img.config_digest);
	char purl[200];
	snprintf(purl, sizeof(purl),
		 "pkg:oci/web@sha256%%3A%s?repository_url=shop%%2Fweb&tag=1",
		 img.config_digest + 7);
	assert_string_equal(c.purl, purl);
	assert_int_equal(c.npkgs, 2);
	assert_string_equal(c.pkgs[0].pkg.name, "musl");
	assert_string_equal(c.pkgs[0].pkg.purl,
			    "pkg:apk/alpine/musl@1.2.4-r2?arch=x86_64&"
			    "distro=alpine-3.19.1");
	assert_string_equal(c.pkgs[0].pkg.license, "MIT");
	assert_string_equal(c.pkgs[1].pkg.name, "ssl_client");
	assert_string_equal(c.pkgs[1].pkg.purl,
			    "pkg:apk/alpine/ssl_client@3.1.4-r5?arch=x86_64&"
			    "distro=alpine-3.19.1&upstream=busybox");
	for (int i = 0; i < 2; i++) {
		assert_string_equal(c.pkgs[i].pkg.source_path,
				    "/lib/apk/db/installed");
		assert_int_equal(c.pkgs[i].layer_index, 0);
		assert_string_equal(c.pkgs[i].layer, img.layers[0].digest);
	}
	assert_int_equal(c.nnotes, 0);
	cs_catalog_free(&c);
	cs_image_free(&img);
}

static void test_distroless_no_os(void **s)
{
	/* status.d files, their md5sums skipped; no os-release: no purl,
	 * and a note says why */
	const char *path = mk(
		"oci-dir",
		"{\"layers\":[[{\"name\":\"var/lib/dpkg/status.d/base\","
		"\"data\":\"Package: base-files\\nVersion: 12.4\\n"
		"Architecture: amd64\\n\"},"
		"{\"name\":\"var/lib/dpkg/status.d/base.md5sums\","
		"\"data\":\"0123  etc/debian_version\\n\"},"
		"{\"name\":\"var/lib/dpkg/status.d/tzdata\","
		"\"data\":\"Package: tzdata\\nVersion: 2024a-0\\n"
		"Architecture: all\\n\"},"
		"{\"name\":\"opt/app.jar\",\"data\":\"PK\"}]]}");
	cs_image img;
	cs_error err = {0};
	assert_true(cs_image_open(&img, path, NULL, &err));
	cs_catalog c;
	assert_true(cs_catalog_image(&c, &img, &err));
	assert_string_equal(c.digest, img.manifest_digest);
	assert_int_equal(c.npkgs, 2);
	assert_string_equal(c.pkgs[0].pkg.name, "base-files");
	assert_string_equal(c.pkgs[0].pkg.source_path,
			    "/var/lib/dpkg/status.d/base");
	assert_null(c.pkgs[0].pkg.purl);
	assert_string_equal(c.pkgs[1].pkg.name, "tzdata");
	assert_string_equal(c.pkgs[1].layer, img.layers[0].digest);
	assert_int_equal(c.nnotes, 2);
	assert_string_equal(c.notes[0], "/opt/app.jar: not a readable zip "
					"archive");
	assert_string_equal(c.notes[1], "2 packages without a purl (no "
					"os-release found)");
	cs_catalog_free(&c);
	cs_image_free(&img);
}

static char *doc(const cs_catalog *c, cs_sbom_format f, const char *spec)
{
	cs_sbom_opts o = {.format = f, .spec = spec, .created = 0,
			  .tool_version = "9.9"};
	cs_buf b;
	cs_buf_init(&b, 0);
	cs_error err = {0};
	bool ok = f == CS_SBOM_SPDX_JSON ? cs_sbom_spdx(c, &o, &b, &err)
					 : cs_sbom_cyclonedx(c, &o, &b, &err);
	assert_true(ok);
	cs_buf_addc(&b, '\0');
	return cs_buf_detach(&b, NULL);
}

static void test_documents(void **s)
{
	char root[300];
	debian_rootfs(root, sizeof(root));
	cs_image img;
	cs_error err = {0};
	assert_true(cs_image_open(&img, root, NULL, &err));
	cs_catalog c, c2;
	assert_true(cs_catalog_image(&c, &img, &err));
	assert_true(cs_catalog_image(&c2, &img, &err));

	char *a = doc(&c, CS_SBOM_SPDX_JSON, NULL);
	char *b = doc(&c2, CS_SBOM_SPDX_JSON, NULL);
	assert_string_equal(a, b);
	char ns[200];
	snprintf(ns, sizeof(ns),
		 "\"documentNamespace\": \"https://customs.dev/spdx/debian-%s\"",
		 c.content_sha256);
	assert_non_null(strstr(a, ns));
	assert_non_null(strstr(a, "\"created\": \"1970-01-01T00:00:00Z\""));
	assert_non_null(strstr(a, "\"Tool: customs-9.9\""));
	assert_non_null(strstr(a, "\"licenseDeclared\": \"LGPL-2.1-or-later "
				  "AND GPL-2.0-only\""));
	/* BSD is no SPDX id: kept as a comment, not declared */
	assert_non_null(strstr(a, "\"licenseComments\": \"declared as: "
				  "BSD\""));
	assert_non_null(strstr(a, "\"relationshipType\": \"DESCRIBES\""));
	free(a);
	free(b);

	a = doc(&c, CS_SBOM_CYCLONEDX_JSON, "1.5");
	b = doc(&c, CS_SBOM_CYCLONEDX_JSON, "1.6");
	assert_non_null(strstr(a, "\"specVersion\": \"1.5\""));
	assert_null(strstr(a, "\"occurrences\""));
	assert_non_null(strstr(b, "\"specVersion\": \"1.6\""));
	assert_non_null(strstr(b, "\"occurrences\""));
	const char *sn = strstr(a, "\"serialNumber\": \"urn:uuid:");
	assert_non_null(sn);
	sn += strlen("\"serialNumber\": \"urn:uuid:");
	assert_int_equal(strspn(sn, "0123456789abcdef-"), 36);
	assert_int_equal(sn[14], '5');
	/* two copies of one npm package: one purl, two bom-refs */
	assert_non_null(strstr(a, "\"bom-ref\": \"pkg:npm/%40babel/core@7.22.0"
				  "?package-id="));
	assert_non_null(strstr(a, "{\n          \"license\": {\n"
				  "            \"name\": \"BSD\""));
	free(a);
	free(b);

	cs_sbom_opts o = {.format = CS_SBOM_CYCLONEDX_JSON, .spec = "1.4"};
	cs_buf buf;
	cs_buf_init(&buf, 0);
	assert_false(cs_sbom_cyclonedx(&c, &o, &buf, &err));
	assert_int_equal(err.code, CS_ERR_USAGE);
	cs_buf_free(&buf);
	cs_catalog_free(&c);
	cs_catalog_free(&c2);
	cs_image_free(&img);
}

static void test_expressions(void **s)
{
	assert_true(cs_sbom_is_expression("MIT"));
	assert_true(cs_sbom_is_expression("(MIT OR Apache-2.0) AND Zlib"));
	assert_true(cs_sbom_is_expression("LicenseRef-foo"));
	assert_false(cs_sbom_is_expression("BSD"));
	assert_false(cs_sbom_is_expression("MIT OR"));
	assert_false(cs_sbom_is_expression("MIT Apache-2.0"));
	assert_false(cs_sbom_is_expression("(MIT"));
	assert_false(cs_sbom_is_expression("MIT)"));
	assert_false(cs_sbom_is_expression(""));
	assert_false(cs_sbom_is_expression(NULL));
	char t[32];
	cs_sbom_time(1700000000, t, sizeof(t));
	assert_string_equal(t, "2023-11-14T22:13:20Z");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_debian_rootfs),
		cmocka_unit_test(test_alpine_image),
		cmocka_unit_test(test_distroless_no_os),
		cmocka_unit_test(test_documents),
		cmocka_unit_test(test_expressions),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}

/*
 * test-sbom-parsers.c - package databases and purls: os-release, dpkg
 * status and status.d, copyright licences, apk, Python metadata,
 * package.json, and purl encoding vectors; odd and hostile inputs too.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "sbom/pkg.h"

#define S(x) x, strlen(x)

/* "a\nb\n" -> "a\r\nb\r\n", malloc'd */
static char *crlf(const char *s)
{
	char *d = malloc(strlen(s) * 2 + 1), *o = d;
	for (; *s; s++) {
		if (*s == '\n')
			*o++ = '\r';
		*o++ = *s;
	}
	*o = '\0';
	return d;
}

static cs_os_release debian12(cs_arena *a)
{
	cs_os_release os;
	cs_error err = {0};
	assert_true(cs_os_release_parse(S("ID=debian\nVERSION_ID=\"12\"\n"),
					a, &os, &err));
	return os;
}

/* --- os-release -------------------------------------------------------- */

static void test_os_release(void **s)
{
	cs_arena a;
	cs_arena_init(&a, 0);
	const char *t =
		"PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\n"
		"NAME=\"Debian GNU/Linux\"\n"
		"# ID=commented\n"
		"VERSION_ID=\"12\"\n"
		"VERSION_CODENAME=bookworm\n"
		"not an assignment\n"
		"ID=Debian\n"
		"ID_LIKE='rhel  fedora'\n"
		"BUILD_ID=a\\ b # trailing comment\n"
		"HOME_URL=\"https://www.debian.org/\"\n";
	char *c = crlf(t);
	for (int pass = 0; pass < 2; pass++) {
		cs_os_release os;
		cs_error err = {0};
		assert_true(cs_os_release_parse(pass ? c : t, strlen(pass ? c : t),
						&a, &os, &err));
		assert_string_equal(os.id, "debian");
		assert_string_equal(os.version_id, "12");
		assert_string_equal(os.version_codename, "bookworm");
		assert_string_equal(os.pretty_name,
				    "Debian GNU/Linux 12 (bookworm)");
		assert_string_equal(os.id_like, "rhel  fedora");
		assert_string_equal(os.build_id, "a b");
		assert_true(cs_os_release_is(&os, "debian"));
		assert_true(cs_os_release_is(&os, "fedora"));
		assert_false(cs_os_release_is(&os, "fed"));
		assert_string_equal(cs_os_release_distro(&os, &a), "debian-12");
	}
	free(c);
	cs_arena_free(&a);
}

static void test_os_release_escapes_and_fallbacks(void **s)
{
	cs_arena a;
	cs_arena_init(&a, 0);
	cs_os_release os;
	cs_error err = {0};
	assert_true(cs_os_release_parse(
		S("PRETTY_NAME=\"A \\\"q\\\" \\\\ \\$x \\n\"\nID=ubuntu\n"
		  "ID_LIKE=debian\nID=ubuntu\nBUILD_ID=rolling\n"
		  "VERSION_ID=\nPRETTY_NAME=\"unterminated"),
		&a, &os, &err));
	assert_string_equal(os.pretty_name, "unterminated");
	assert_string_equal(os.id, "ubuntu");
	assert_null(os.version_id);
	assert_true(cs_os_release_is(&os, "debian"));
	assert_string_equal(cs_os_release_distro(&os, &a), "ubuntu-rolling");
	assert_true(cs_os_release_parse(
		S("PRETTY_NAME=\"A \\\"q\\\" \\\\ \\$x \\n\"\n"), &a, &os,
		&err));
	assert_string_equal(os.pretty_name, "A \"q\" \\ $x \\n");
	assert_null(cs_os_release_distro(&os, &a));
	assert_false(cs_os_release_is(&os, "debian"));
	assert_false(cs_os_release_is(NULL, "debian"));
	assert_true(cs_os_release_parse(S("ID=wolfi\n"), &a, &os, &err));
	assert_string_equal(cs_os_release_distro(&os, &a), "wolfi");
	/* an empty file, and one over the limit */
	assert_true(cs_os_release_parse("", 0, &a, &os, &err));
	assert_null(os.id);
	assert_false(cs_os_release_parse("x", 1u << 20, &a, &os, &err));
	assert_int_equal(err.code, CS_ERR_LIMIT);
	cs_arena_free(&a);
}

/* --- dpkg -------------------------------------------------------------- */

static const char STATUS[] =
	"Package: libc6\n"
	"Status: install ok installed\n"
	"Priority: optional\n"
	"Architecture: amd64\n"
	"Multi-Arch: same\n"
	"Source: glibc\n"
	"Version: 2.36-9+deb12u3\n"
	"Maintainer: GNU Libc Maintainers <debian-glibc@lists.debian.org>\n"
	"Description: GNU C Library: Shared libraries\n"
	" Contains the standard libraries.\n"
	" .\n"
	"Package: second-package-field-ignored\n"
	"\n"
	"Package: zlib1g\n"
	"Status: install ok installed\n"
	"Architecture: amd64\n"
	"Source: zlib\n"
	"Version: 1:1.2.13.dfsg-1\n"
	"\n\n\n"
	"Package: libfoo1\n"
	"Status: hold ok installed\n"
	"Architecture: all\n"
	"Source: foo (1.0-1)\n"
	"Version: 1.0-1+b1\n"
	"\n"
	"Package: removed\n"
	"Status: deinstall ok config-files\n"
	"Version: 1.0\n"
	"\n"
	"Package: noversion\n"
	"Status: install ok installed\n"
	"\n"
	"Package: broken\n"
	"this line has no colon\n"
	"Version: 1\n"
	"\n"
	"Package: zlib1g\n"
	"Status: install ok installed\n"
	"Architecture: amd64\n"
	"Source: zlib\n"
	"Version: 1:1.2.13.dfsg-1\n"
	"\n"
	"Package: libc6\n"
	"Status: install ok installed\n"
	"Architecture: i386\n"
	"Version: 2.36-9+deb12u3\n"
	"Source: glibc (2.36-9+deb12u3)\n"
	"\n"
	"package: lower\n"
	"status: install  ok  installed\n"
	"version: 2\n";

static void check_status(const cs_pkg_list *l)
{
	assert_int_equal(l->n, 5);
	assert_int_equal(l->skipped, 2);
	assert_int_equal(l->ignored, 1);
	assert_int_equal(l->duplicates, 1);
	const cs_pkg *p = &l->items[0];
	assert_string_equal(p->type, "deb");
	assert_string_equal(p->namespace, "debian");
	assert_string_equal(p->name, "libc6");
	assert_string_equal(p->version, "2.36-9+deb12u3");
	assert_string_equal(p->arch, "amd64");
	assert_string_equal(p->upstream, "glibc");
	assert_null(p->upstream_version);
	assert_string_equal(p->maintainer, "GNU Libc Maintainers "
					   "<debian-glibc@lists.debian.org>");
	assert_string_equal(p->source_path, "/var/lib/dpkg/status");
	assert_string_equal(p->origin_cataloger, "dpkg-db-cataloger");
	assert_string_equal(p->purl, "pkg:deb/debian/libc6@2.36-9%2Bdeb12u3"
				     "?arch=amd64&distro=debian-12"
				     "&upstream=glibc");
	assert_int_equal(p->mark.line, 1);
	p = &l->items[1];
	assert_string_equal(p->name, "zlib1g");
	assert_int_equal(p->mark.line, 14);
	assert_string_equal(p->purl, "pkg:deb/debian/zlib1g@1%3A1.2.13.dfsg-1"
				     "?arch=amd64&distro=debian-12"
				     "&upstream=zlib");
	p = &l->items[2];
	assert_string_equal(p->name, "libfoo1");
	assert_string_equal(p->upstream, "foo");
	assert_string_equal(p->upstream_version, "1.0-1");
	assert_string_equal(p->purl, "pkg:deb/debian/libfoo1@1.0-1%2Bb1"
				     "?arch=all&distro=debian-12"
				     "&upstream=foo%401.0-1");
	p = &l->items[3];
	assert_string_equal(p->arch, "i386");
	assert_string_equal(p->upstream, "glibc");
	assert_null(p->upstream_version); /* same as the binary's */
	p = &l->items[4];
	assert_string_equal(p->name, "lower");
	assert_null(p->arch);
	assert_string_equal(p->purl, "pkg:deb/debian/lower@2?distro=debian-12");
}

static void test_dpkg_status(void **s)
{
	cs_arena a;
	cs_arena_init(&a, 0);
	cs_os_release os = debian12(&a);
	char *c = crlf(STATUS);
	for (int pass = 0; pass < 2; pass++) {
		cs_pkg_list l;
		cs_pkg_list_init(&l);
		cs_error err = {0};
		const char *t = pass ? c : STATUS;
		assert_true(cs_dpkg_parse(t, strlen(t), "/var/lib/dpkg/status",
					  &os, &a, &l, &err));
		check_status(&l);
	}
	free(c);
	cs_arena_free(&a);
}

static void test_dpkg_distroless_and_no_os(void **s)
{
	cs_arena a;
	cs_arena_init(&a, 0);
	cs_pkg_list l;
	cs_pkg_list_init(&l);
	cs_error err = {0};
	/* status.d files have no Status; no trailing newline */
	const char *t = "Package: base-files\nVersion: 12.4+deb12u5\n"
			"Architecture: amd64";
	assert_true(cs_dpkg_parse(S(t), "/var/lib/dpkg/status.d/base", NULL,
				  &a, &l, &err));
	assert_int_equal(l.n, 1);
	assert_string_equal(l.items[0].name, "base-files");
	assert_null(l.items[0].purl);
	assert_null(l.items[0].namespace);
	/* ubuntu is debian-like: its own namespace */
	cs_os_release os;
	assert_true(cs_os_release_parse(
		S("ID=ubuntu\nID_LIKE=debian\nVERSION_ID=\"22.04\"\n"), &a,
		&os, &err));
	assert_true(cs_dpkg_parse(S(t), "/other", &os, &a, &l, &err));
	assert_int_equal(l.n, 2);
	assert_string_equal(l.items[1].purl,
			    "pkg:deb/ubuntu/base-files@12.4%2Bdeb12u5"
			    "?arch=amd64&distro=ubuntu-22.04");
	/* not a debian: no purl */
	assert_true(cs_os_release_parse(S("ID=alpine\n"), &a, &os, &err));
	assert_true(cs_dpkg_parse(S(t), "/third", &os, &a, &l, &err));
	assert_null(l.items[2].purl);
	assert_true(cs_dpkg_statusd_wanted("/var/lib/dpkg/status.d/base"));
	assert_false(cs_dpkg_statusd_wanted(
		"/var/lib/dpkg/status.d/base.md5sums"));
	assert_false(cs_dpkg_statusd_wanted("/var/lib/dpkg/status.d/"));
	cs_arena_free(&a);
}

static void test_dpkg_hostile(void **s)
{
	cs_arena a;
	cs_arena_init(&a, 0);
	cs_os_release os = debian12(&a);
	cs_pkg_list l;
	cs_pkg_list_init(&l);
	cs_error err = {0};
	/* a 5000-byte name, a control byte, a stray continuation line, a
	 * huge description (stepped over), then a good package */
	size_t big = 2u << 20;
	char *t = malloc(big * 2);
	int n = sprintf(t, "Package: ");
	memset(t + n, 'a', 5000);
	n += 5000;
	n += sprintf(t + n, "\nVersion: 1\n\nPackage: x\x01y\nVersion: 1\n\n"
			    " stray\nPackage: s\nVersion: 1\n\n"
			    "Package: ok\nVersion: 1\nDescription: d\n");
	for (size_t i = 0; i < big / 8; i++)
		n += sprintf(t + n, " 1234567\n");
	t[n++] = ' ';
	t[n++] = '\0'; /* a NUL inside a value that is not kept */
	t[n++] = '\n';
	n += sprintf(t + n, "Conffiles:\n /etc/x 0123\n");
	assert_true(cs_dpkg_parse(t, (size_t)n, "/s", &os, &a, &l, &err));
	assert_int_equal(l.n, 1);
	assert_int_equal(l.skipped, 3);
	assert_string_equal(l.items[0].name, "ok");
	free(t);
	/* the input limit */
	assert_false(cs_dpkg_parse("x", CS_PKG_MAX_INPUT + 1u, "/s", &os, &a,
				   &l, &err));
	assert_int_equal(err.code, CS_ERR_LIMIT);
	/* the package limit */
	size_t cnt = CS_PKG_MAX_PKGS + 1u;
	t = malloc(cnt * 32);
	n = 0;
	for (size_t i = 0; i < cnt; i++)
		n += sprintf(t + n, "Package: p%zu\nVersion: 1\n\n", i);
	cs_pkg_list m;
	cs_pkg_list_init(&m);
	assert_false(cs_dpkg_parse(t, (size_t)n, "/s", NULL, &a, &m, &err));
	assert_int_equal(err.code, CS_ERR_LIMIT);
	assert_int_equal(err.mark.line, 3 * CS_PKG_MAX_PKGS + 1);
	assert_int_equal(m.n, CS_PKG_MAX_PKGS);
	assert_string_equal(m.items[CS_PKG_MAX_PKGS - 1].name, "p199999");
	free(t);
	cs_arena_free(&a);
}

static void test_dpkg_copyright(void **s)
{
	cs_arena a;
	cs_arena_init(&a, 0);
	const char *t =
		"Format: https://www.debian.org/doc/packaging-manuals/"
		"copyright-format/1.0/\n"
		"Upstream-Name: foo\n"
		"\n"
		"Files: *\n"
		"Copyright: 2000 Someone\n"
		"License: GPL-2+\n"
		"\n"
		"Files: debian/*\n"
		"License: Expat or BSD-3-clause\n"
		" License: MIT-in-text-is-not-a-field\n"
		"\n"
		"Files: x\n"
		"License: GPL-2+ with OpenSSL exception, public-domain\n"
		"\n"
		"Files: y\n"
		"License: (LGPL-2.1 | Apache-2.0) and GPL-3.0-or-later\n"
		"\n"
		"License: GPL-2+\n"
		" On Debian systems...\n";
	const char **ids;
	size_t n;
	cs_error err = {0};
	assert_true(cs_dpkg_copyright_licenses(S(t), &a, &ids, &n, &err));
	assert_int_equal(n, 6);
	assert_string_equal(ids[0], "GPL-2.0-or-later");
	assert_string_equal(ids[1], "MIT");
	assert_string_equal(ids[2], "BSD-3-Clause");
	assert_string_equal(ids[3], "LGPL-2.1-only");
	assert_string_equal(ids[4], "Apache-2.0");
	assert_string_equal(ids[5], "GPL-3.0-or-later");
	assert_string_equal(cs_license_and(ids, 3, &a),
			    "GPL-2.0-or-later AND MIT AND BSD-3-Clause");
	assert_null(cs_license_and(ids, 0, &a));
	/* not machine-readable: no License fields, no ids */
	assert_true(cs_dpkg_copyright_licenses(
		S("This package was debianized by...\nGPL\n"), &a, &ids, &n,
		&err));
	assert_int_equal(n, 0);
	cs_arena_free(&a);
}

/* --- apk --------------------------------------------------------------- */

static const char APK[] =
	"C:Q1abcdefghijklmnopqrstuvwxyz0123=\n"
	"P:musl\n"
	"V:1.2.4_git20230717-r4\n"
	"A:x86_64\n"
	"S:383152\n"
	"I:622592\n"
	"T:the musl c library (libc) implementation\n"
	"U:https://musl.libc.org/\n"
	"L:MIT\n"
	"o:musl\n"
	"m:Timo Teras <timo.teras@iki.fi>\n"
	"t:1705423061\n"
	"c:ca7f5e1d0e9f3a8b\n"
	"F:lib\n"
	"R:ld-musl-x86_64.so.1\n"
	"a:0:0:755\n"
	"Z:Q1zzzz=\n"
	"\n"
	"P:libcrypto3\n"
	"V:3.1.4-r5\n"
	"A:x86_64\n"
	"L:Apache-2.0\n"
	"o:openssl\n"
	"\n"
	"P:nover\n"
	"A:x86_64\n"
	"\n"
	"P:garbled\n"
	"V:1\n"
	"this is not a key line\n"
	"\n"
	"P:musl\n"
	"V:1.2.4_git20230717-r4\n"
	"A:x86_64\n"
	"\n"
	"P:Last\n"
	"V:2\n"
	"L:\n"
	"P:ignored-second-P";

static void test_apk(void **s)
{
	cs_arena a;
	cs_arena_init(&a, 0);
	cs_os_release os;
	cs_error err = {0};
	assert_true(cs_os_release_parse(S("ID=alpine\nVERSION_ID=3.19.1\n"),
					&a, &os, &err));
	char *c = crlf(APK);
	for (int pass = 0; pass < 2; pass++) {
		cs_pkg_list l;
		cs_pkg_list_init(&l);
		const char *t = pass ? c : APK;
		assert_true(cs_apk_parse(t, strlen(t), "/lib/apk/db/installed",
					 &os, &a, &l, &err));
		assert_int_equal(l.n, 3);
		assert_int_equal(l.skipped, 2);
		assert_int_equal(l.duplicates, 1);
		const cs_pkg *p = &l.items[0];
		assert_string_equal(p->type, "apk");
		assert_string_equal(p->namespace, "alpine");
		assert_string_equal(p->name, "musl");
		assert_string_equal(p->version, "1.2.4_git20230717-r4");
		assert_string_equal(p->arch, "x86_64");
		assert_string_equal(p->license, "MIT");
		assert_string_equal(p->upstream, "musl");
		assert_string_equal(p->maintainer,
				    "Timo Teras <timo.teras@iki.fi>");
		assert_string_equal(p->commit, "ca7f5e1d0e9f3a8b");
		assert_string_equal(p->origin_cataloger, "apk-db-cataloger");
		assert_string_equal(p->purl,
				    "pkg:apk/alpine/musl@1.2.4_git20230717-r4"
				    "?arch=x86_64&distro=alpine-3.19.1");
		p = &l.items[1];
		assert_int_equal(p->mark.line, 19);
		assert_string_equal(p->purl,
				    "pkg:apk/alpine/libcrypto3@3.1.4-r5"
				    "?arch=x86_64&distro=alpine-3.19.1"
				    "&upstream=openssl");
		p = &l.items[2];
		assert_string_equal(p->name, "Last");
		assert_null(p->license);
		assert_null(p->arch);
		assert_string_equal(p->purl, "pkg:apk/alpine/last@2"
					     "?distro=alpine-3.19.1");
	}
	free(c);
	/* without an os-release: packages, no purls */
	cs_pkg_list l;
	cs_pkg_list_init(&l);
	assert_true(cs_apk_parse(S(APK), "/x", NULL, &a, &l, &err));
	assert_int_equal(l.n, 3);
	assert_null(l.items[0].purl);
	/* empty and all-garbage inputs */
	cs_pkg_list_init(&l);
	assert_true(cs_apk_parse("", 0, "/x", NULL, &a, &l, &err));
	static const char g[] = "\0\0\n\n:\n\xff\xfe";
	assert_true(cs_apk_parse(g, sizeof(g) - 1, "/x", NULL, &a, &l, &err));
	assert_true(cs_apk_parse("\0:\n", 3, "/x", NULL, &a, &l, &err));
	assert_int_equal(l.n, 0);
	assert_int_equal(l.skipped, 3);
	cs_arena_free(&a);
}

/* --- Python ------------------------------------------------------------ */

static const cs_pkg *py(cs_arena *a, cs_pkg_list *l, const char *t)
{
	cs_error err = {0};
	size_t before = l->n;
	assert_true(cs_python_parse(t, strlen(t),
				    "/usr/lib/python3/dist-packages/x/METADATA",
				    a, l, &err));
	return l->n > before ? &l->items[l->n - 1] : NULL;
}

static void test_python(void **s)
{
	cs_arena a;
	cs_arena_init(&a, 0);
	cs_pkg_list l;
	cs_pkg_list_init(&l);
	const cs_pkg *p = py(&a, &l,
			     "Metadata-Version: 2.1\n"
			     "Name: Flask_SQLAlchemy\n"
			     "Version: 3.1.1\n"
			     "License: BSD-3-Clause\n"
			     "Classifier: License :: OSI Approved :: MIT "
			     "License\n"
			     "\n"
			     "Name: not-this\n");
	assert_non_null(p);
	assert_string_equal(p->type, "pypi");
	assert_string_equal(p->name, "Flask_SQLAlchemy");
	assert_string_equal(p->version, "3.1.1");
	assert_string_equal(p->license, "BSD-3-Clause");
	assert_string_equal(p->purl, "pkg:pypi/flask-sqlalchemy@3.1.1");
	assert_string_equal(p->origin_cataloger,
			    "python-installed-package-cataloger");
	/* License-Expression wins; CRLF */
	char *c = crlf("Name: a\nVersion: 1\nLicense: MIT\n"
		       "License-Expression: MIT OR Apache-2.0\n");
	p = py(&a, &l, c);
	free(c);
	assert_string_equal(p->license, "MIT OR Apache-2.0");
	/* a licence text (folded) and UNKNOWN give way to classifiers */
	p = py(&a, &l,
	       "Name: b\nVersion: 1\nLicense: Copyright (c) someone\n"
	       "        Permission is hereby granted\n"
	       "Classifier: License :: OSI Approved :: MIT License\n"
	       "Classifier: Programming Language :: Python\n"
	       "Classifier: License :: OSI Approved :: ISC License (ISCL)\n"
	       "Classifier: License :: OSI Approved :: MIT License\n");
	assert_string_equal(p->license, "MIT OR ISC");
	p = py(&a, &l,
	       "Name: c\nVersion: 1\nLicense: UNKNOWN\n"
	       "Classifier: License :: OSI Approved :: BSD License\n");
	assert_null(p->license);
	/* duplicates, missing fields, garbage */
	assert_null(py(&a, &l, "Name: c\nVersion: 1\n"));
	assert_int_equal(l.duplicates, 1);
	assert_null(py(&a, &l, "Name: d\n\nVersion: 1\n"));
	assert_null(py(&a, &l, "Name: e\nVersion: 1\ngarbage line\n"));
	assert_null(py(&a, &l, "Name: e\nVersion: 1 2\n"));
	assert_null(py(&a, &l, ""));
	assert_int_equal(l.skipped, 3);
	assert_int_equal(l.n, 4);
	cs_arena_free(&a);
}

/* --- npm --------------------------------------------------------------- */

static const cs_pkg *npm(cs_arena *a, cs_pkg_list *l, const char *t)
{
	cs_error err = {0};
	size_t before = l->n;
	assert_true(cs_npm_parse(t, strlen(t), "/app/node_modules/x/package.json",
				 a, l, &err));
	return l->n > before ? &l->items[l->n - 1] : NULL;
}

static void test_npm(void **s)
{
	cs_arena a;
	cs_arena_init(&a, 0);
	cs_pkg_list l;
	cs_pkg_list_init(&l);
	const cs_pkg *p = npm(&a, &l,
			      "{\"name\": \"@Babel/core\", \"version\": "
			      "\"7.22.0\", \"license\": \"MIT\", "
			      "\"dependencies\": {\"x\": \"1\"}}");
	assert_non_null(p);
	assert_string_equal(p->type, "npm");
	assert_string_equal(p->name, "@Babel/core");
	assert_string_equal(p->namespace, "@Babel");
	assert_string_equal(p->version, "7.22.0");
	assert_string_equal(p->license, "MIT");
	assert_string_equal(p->purl, "pkg:npm/%40babel/core@7.22.0");
	assert_string_equal(p->origin_cataloger,
			    "javascript-package-cataloger");
	p = npm(&a, &l, "{\"name\":\"left-pad\",\"version\":\"1.3.0\","
			"\"license\":{\"type\":\"WTFPL\",\"url\":\"x\"}}");
	assert_null(p->namespace);
	assert_string_equal(p->license, "WTFPL");
	assert_string_equal(p->purl, "pkg:npm/left-pad@1.3.0");
	p = npm(&a, &l, "{\"name\":\"old\",\"version\":\"0.1.0-beta+b.1\","
			"\"licenses\":[{\"type\":\"MIT\"},\"Apache-2.0\",7]}");
	assert_string_equal(p->license, "MIT OR Apache-2.0");
	assert_string_equal(p->purl, "pkg:npm/old@0.1.0-beta%2Bb.1");
	p = npm(&a, &l, "{\"name\":\"nolic\",\"version\":\"1\","
			"\"license\":[1]}");
	assert_null(p->license);
	/* not packages: counted, not failed */
	assert_null(npm(&a, &l, "{\"name\":\"app\"}"));
	assert_null(npm(&a, &l, "{\"name\":\"@scope\",\"version\":\"1\"}"));
	assert_null(npm(&a, &l, "{\"name\":\"a/b\",\"version\":\"1\"}"));
	assert_null(npm(&a, &l, "{\"name\":1,\"version\":\"1\"}"));
	assert_null(npm(&a, &l, "[1, 2]"));
	assert_int_equal(l.skipped, 5);
	assert_null(npm(&a, &l, "{\"name\":\"nolic\",\"version\":\"1\"}"));
	assert_int_equal(l.duplicates, 1);
	/* JSON that does not parse */
	cs_error err = {0};
	assert_false(cs_npm_parse(S("{\n  \"name\": \"x\",\n  oops\n}"), "/p",
				  &a, &l, &err));
	assert_int_equal(err.code, CS_ERR_PARSE);
	assert_int_equal(err.mark.line, 3);
	assert_false(cs_npm_parse(S("{\"name\":\"a\\u0000b\"}"), "/p", &a, &l,
				  &err));
	assert_false(cs_npm_parse("", 0, "/p", &a, &l, &err));
	assert_int_equal(l.n, 4);
	cs_arena_free(&a);
}

/* --- purls ------------------------------------------------------------- */

static void test_purl_vectors(void **s)
{
	cs_arena a;
	cs_arena_init(&a, 0);
	cs_purl_qual q[] = {
		{"upstream", "glibc@2.36-9"},
		{"Distro", "debian-12"},
		{"arch", "amd64"},
		{"empty", ""},
		{"null", NULL},
	};
	assert_string_equal(cs_purl_build(&a, "DEB", "debian", "LibC6",
					  "1:2.36-9+deb12u3", q, 5, NULL),
			    "pkg:deb/debian/libc6@1%3A2.36-9%2Bdeb12u3"
			    "?arch=amd64&distro=debian-12"
			    "&upstream=glibc%402.36-9");
	assert_string_equal(cs_purl_build(&a, "pypi", NULL,
					  "Django_REST..framework", "3.0",
					  NULL, 0, NULL),
			    "pkg:pypi/django-rest-framework@3.0");
	assert_string_equal(cs_pypi_normalize(&a, "A-_.b__C"), "a-b-c");
	assert_string_equal(cs_purl_golang(&a, "github.com/cli/cli/v2",
					   "v2.63.0"),
			    "pkg:golang/github.com/cli/cli/v2@v2.63.0");
	assert_string_equal(cs_purl_golang(&a, "stdlib", "1.22.2"),
			    "pkg:golang/stdlib@1.22.2");
	assert_string_equal(cs_purl_golang(&a, "github.com/Foo/Bar",
					   "v0.0.0-2023+incompatible"),
			    "pkg:golang/github.com/Foo/Bar"
			    "@v0.0.0-2023%2Bincompatible");
	assert_string_equal(cs_purl_maven(&a, "org.apache.commons",
					  "commons-lang3", "3.12.0"),
			    "pkg:maven/org.apache.commons/commons-lang3@3.12.0");
	cs_os_release os;
	cs_error err = {0};
	assert_true(cs_os_release_parse(S("ID=rhel\nVERSION_ID=\"9.3\"\n"),
					&a, &os, &err));
	assert_string_equal(
		cs_purl_rpm(&a, &os, "openssl-libs", "3.0.7", "25.el9_3", "1",
			    "x86_64", "openssl-3.0.7-25.el9_3.src.rpm"),
		"pkg:rpm/redhat/openssl-libs@3.0.7-25.el9_3?arch=x86_64"
		"&distro=rhel-9.3&epoch=1"
		"&upstream=openssl-3.0.7-25.el9_3.src.rpm");
	assert_true(cs_os_release_parse(
		S("ID=opensuse-leap\nVERSION_ID=\"15.5\"\n"), &a, &os, &err));
	assert_string_equal(cs_purl_rpm(&a, &os, "bash", "4.4", "150400.25.22",
					"0", "x86_64", NULL),
			    "pkg:rpm/opensuse/bash@4.4-150400.25.22"
			    "?arch=x86_64&distro=opensuse-leap-15.5");
	/* encoding: space, UTF-8, reserved characters, subpaths */
	assert_string_equal(cs_purl_build(&a, "generic", "a b/c%d", "n/é",
					  "1 #?&=", NULL, 0,
					  "/x/./y/../z/"),
			    "pkg:generic/a%20b/c%25d/n%2F%C3%A9"
			    "@1%20%23%3F%26%3D#x/y/z");
	assert_string_equal(cs_purl_build(&a, "generic", "//", "n", NULL,
					  NULL, 0, "/./"),
			    "pkg:generic/n");
	assert_string_equal(cs_purl_build(&a, "npm", "@scope", "Name~x",
					  "1", NULL, 0, NULL),
			    "pkg:npm/%40scope/name~x@1");
	assert_string_equal(cs_purl_build(&a, "maven", "G", "A", "1", NULL, 0,
					  NULL),
			    "pkg:maven/G/A@1");
	/* refused */
	assert_null(cs_purl_build(&a, "a/b", NULL, "n", "1", NULL, 0, NULL));
	assert_null(cs_purl_build(&a, "", NULL, "n", "1", NULL, 0, NULL));
	assert_null(cs_purl_build(&a, "deb", NULL, "", "1", NULL, 0, NULL));
	assert_null(cs_purl_build(&a, "deb", NULL, NULL, "1", NULL, 0, NULL));
	assert_null(cs_purl_rpm(&a, NULL, "x", "1", "1", NULL, NULL, NULL));
	cs_arena_free(&a);
}

static void test_rfc822_reader(void **s)
{
	const char *t = "A: 1\n  \n\tcont\nB :\t2 \r\n:x\n c\n\nC:3";
	cs_rfc822 r;
	cs_rfc822_init(&r, t, strlen(t));
	cs_rfc822_field f;
	assert_int_equal(cs_rfc822_next(&r, &f), CS_RFC822_FIELD);
	assert_true(cs_rfc822_is(&f, "a"));
	assert_int_equal(f.value_len, 1);
	assert_false(f.folded);
	assert_int_equal(cs_rfc822_next(&r, &f), CS_RFC822_BLANK);
	assert_int_equal(f.line, 2);
	assert_int_equal(cs_rfc822_next(&r, &f), CS_RFC822_BAD);
	assert_int_equal(cs_rfc822_next(&r, &f), CS_RFC822_FIELD);
	assert_true(cs_rfc822_is(&f, "B"));
	assert_int_equal(f.line, 4);
	assert_memory_equal(f.value, "2", 1);
	assert_int_equal(f.value_len, 1);
	assert_int_equal(cs_rfc822_next(&r, &f), CS_RFC822_BAD);
	assert_int_equal(cs_rfc822_next(&r, &f), CS_RFC822_BAD);
	assert_int_equal(cs_rfc822_next(&r, &f), CS_RFC822_BLANK);
	assert_int_equal(cs_rfc822_next(&r, &f), CS_RFC822_FIELD);
	assert_int_equal(f.line, 8);
	assert_int_equal(cs_rfc822_next(&r, &f), CS_RFC822_EOF);
	assert_int_equal(cs_rfc822_next(&r, &f), CS_RFC822_EOF);
	/* a name of white space (found by fuzzing) */
	cs_rfc822_init(&r, S("\r:4\n \t:x"));
	assert_int_equal(cs_rfc822_next(&r, &f), CS_RFC822_BAD);
	assert_int_equal(cs_rfc822_next(&r, &f), CS_RFC822_BAD);
	assert_int_equal(cs_rfc822_next(&r, &f), CS_RFC822_EOF);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_os_release),
		cmocka_unit_test(test_os_release_escapes_and_fallbacks),
		cmocka_unit_test(test_dpkg_status),
		cmocka_unit_test(test_dpkg_distroless_and_no_os),
		cmocka_unit_test(test_dpkg_hostile),
		cmocka_unit_test(test_dpkg_copyright),
		cmocka_unit_test(test_apk),
		cmocka_unit_test(test_python),
		cmocka_unit_test(test_npm),
		cmocka_unit_test(test_purl_vectors),
		cmocka_unit_test(test_rfc822_reader),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

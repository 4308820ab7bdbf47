/*
 * test-gobin.c - Go build info: minimal ELF64 files (both byte orders)
 * with a .go.buildinfo section built byte by byte here, a bare blob found
 * by its magic, exact packages and purls, and hostile binaries.
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

static const char SENT_A[] =
	"\x30\x77\xaf\x0c\x92\x74\x08\x02\x41\xe1\xc1\x07\xe6\xd6\x18\xe6";
static const char SENT_B[] =
	"\xf9\x32\x43\x31\x86\x18\x20\x72\x00\x82\x42\x10\x41\x16\xd8\xf2";

static const char MODINFO[] =
	"path\tgithub.com/cli/cli/v2/cmd/gh\n"
	"mod\tgithub.com/cli/cli/v2\t(devel)\t\n"
	"dep\tgithub.com/a/b\tv1.2.3\th1:x=\n"
	"dep\tgolang.org/x/sys\tv0.1.0\th1:y=\n"
	"=>\tgolang.org/x/sys\tv0.2.0\th1:z=\n"
	"dep\texample.com/local\tv1.0.0\n"
	"=>\t../local\t\t\n"
	"build\t-compiler=gc\n"
	"build\tGOARCH=amd64\n";

static size_t varint(unsigned char *p, size_t v)
{
	size_t n = 0;
	while (v >= 0x80) {
		p[n++] = (unsigned char)(v | 0x80);
		v >>= 7;
	}
	p[n++] = (unsigned char)v;
	return n;
}

/* The 32-byte header and the two strings; returns the length. */
static size_t blob(unsigned char *p, const char *ver, bool sentinels,
		   unsigned char flags)
{
	memset(p, 0, 32);
	memcpy(p, "\xff Go buildinf:", 14);
	p[14] = 8;
	p[15] = flags;
	size_t n = 32;
	n += varint(p + n, strlen(ver));
	memcpy(p + n, ver, strlen(ver));
	n += strlen(ver);
	size_t mlen = strlen(MODINFO) + (sentinels ? 32 : 0);
	n += varint(p + n, mlen);
	if (sentinels) {
		memcpy(p + n, SENT_A, 16);
		n += 16;
	}
	memcpy(p + n, MODINFO, strlen(MODINFO));
	n += strlen(MODINFO);
	if (sentinels) {
		memcpy(p + n, SENT_B, 16);
		n += 16;
	}
	return n;
}

static void put(unsigned char *p, uint64_t v, size_t n, bool be)
{
	for (size_t i = 0; i < n; i++)
		p[be ? n - 1 - i : i] = (unsigned char)(v >> (8 * i));
}

/* ELF64: header, .shstrtab at 0x40, .go.buildinfo at 0x60, then three
 * section headers (null, .shstrtab, .go.buildinfo). */
static size_t elf64(unsigned char *f, bool be, size_t *shoff_at)
{
	static const char strtab[] = "\0.shstrtab\0.go.buildinfo";
	memset(f, 0, 4096);
	memcpy(f, "\x7f" "ELF", 4);
	f[4] = 2;
	f[5] = be ? 2 : 1;
	f[6] = 1;
	memcpy(f + 0x40, strtab, sizeof(strtab));
	size_t bl = blob(f + 0x60, "go1.22.2", true, 2);
	size_t sh = (0x60 + bl + 15) & ~(size_t)15;
	put(f + 0x28, sh, 8, be);
	put(f + 0x3a, 64, 2, be);
	put(f + 0x3c, 3, 2, be);
	put(f + 0x3e, 1, 2, be);
	unsigned char *s1 = f + sh + 64, *s2 = f + sh + 128;
	put(s1, 1, 4, be);
	put(s1 + 4, 3, 4, be);
	put(s1 + 0x18, 0x40, 8, be);
	put(s1 + 0x20, sizeof(strtab), 8, be);
	put(s2, 11, 4, be);
	put(s2 + 4, 1, 4, be);
	put(s2 + 0x18, 0x60, 8, be);
	put(s2 + 0x20, bl, 8, be);
	if (shoff_at)
		*shoff_at = 0x28;
	return sh + 192;
}

typedef struct run {
	cs_arena a;
	cs_pkg_list l;
	cs_error err;
	bool ok;
} run;

static void parse(run *r, const unsigned char *b, size_t n)
{
	cs_arena_init(&r->a, 0);
	cs_pkg_list_init(&r->l);
	memset(&r->err, 0, sizeof(r->err));
	r->ok = cs_go_buildinfo_parse(b, n, "/usr/bin/gh", &r->a, &r->l,
				      &r->err);
}

static void done(run *r)
{
	cs_arena_free(&r->a);
}

static void expect_pkg(const cs_pkg *p, const char *name,
		       const char *version, const char *purl, uint32_t line)
{
	assert_string_equal(p->type, "golang");
	assert_string_equal(p->name, name);
	assert_string_equal(p->version, version);
	assert_string_equal(p->purl, purl);
	assert_string_equal(p->arch, "amd64");
	assert_string_equal(p->source_path, "/usr/bin/gh");
	assert_string_equal(p->origin_cataloger,
			    "go-module-binary-cataloger");
	assert_int_equal(p->mark.line, line);
}

static void expect_all(const run *r)
{
	assert_true(r->ok);
	assert_int_equal(r->l.n, 5);
	assert_int_equal(r->l.skipped, 0);
	expect_pkg(&r->l.items[0], "github.com/cli/cli/v2", "(devel)",
		   "pkg:golang/github.com/cli/cli/v2@%28devel%29", 2);
	assert_string_equal(r->l.items[0].namespace, "github.com/cli/cli");
	expect_pkg(&r->l.items[1], "github.com/a/b", "v1.2.3",
		   "pkg:golang/github.com/a/b@v1.2.3", 3);
	expect_pkg(&r->l.items[2], "golang.org/x/sys", "v0.2.0",
		   "pkg:golang/golang.org/x/sys@v0.2.0", 5);
	expect_pkg(&r->l.items[3], "example.com/local", "(devel)",
		   "pkg:golang/example.com/local@%28devel%29", 6);
	expect_pkg(&r->l.items[4], "stdlib", "1.22.2",
		   "pkg:golang/stdlib@1.22.2", 1);
	assert_null(r->l.items[4].namespace);
}

static void test_elf64_le(void **state)
{
	unsigned char *f = calloc(1, 4096);
	size_t n = elf64(f, false, NULL);
	run r;
	parse(&r, f, n);
	expect_all(&r);
	done(&r);
	free(f);
}

static void test_elf64_be(void **state)
{
	unsigned char *f = calloc(1, 4096);
	size_t n = elf64(f, true, NULL);
	run r;
	parse(&r, f, n);
	expect_all(&r);
	done(&r);
	free(f);
}

/* Bogus section header offsets: the magic scan still finds the blob. */
static void test_elf_bogus_offsets(void **state)
{
	unsigned char *f = calloc(1, 4096);
	size_t at;
	size_t n = elf64(f, false, &at);
	put(f + at, UINT64_MAX - 3, 8, false);
	run r;
	parse(&r, f, n);
	expect_all(&r);
	done(&r);
	/* a section whose offset points past the end, and no magic left */
	n = elf64(f, false, &at);
	size_t sh = n - 192;
	put(f + sh + 128 + 0x18, 1u << 30, 8, false);
	f[0x60] = 0;
	parse(&r, f, n);
	assert_true(r.ok);
	assert_int_equal(r.l.n, 0);
	done(&r);
	free(f);
}

static void test_raw_magic(void **state)
{
	unsigned char *f = calloc(1, 4096);
	memset(f, 'x', 4096);
	/* a magic off the 16-byte grid is not build info */
	memcpy(f + 7, "\xff Go buildinf:", 14);
	size_t bl = blob(f + 256, "go1.22.2 X:nocoverageredesign", false, 2);
	run r;
	parse(&r, f, 256 + bl + 100);
	expect_all(&r);
	done(&r);
	free(f);
}

static void test_old_format(void **state)
{
	unsigned char f[512];
	size_t bl = blob(f, "go1.17", false, 0);
	run r;
	parse(&r, f, bl);
	assert_true(r.ok);
	assert_int_equal(r.err.code, CS_OK);
	assert_int_equal(r.l.n, 0);
	assert_int_equal(r.l.ignored, 1);
	assert_non_null(strstr(r.err.message, "older than Go 1.18"));
	done(&r);
}

static void test_not_go(void **state)
{
	static const unsigned char elf[] = "\x7f" "ELF\x02\x01\x01";
	run r;
	parse(&r, elf, sizeof(elf));
	assert_true(r.ok);
	assert_int_equal(r.l.n, 0);
	assert_int_equal(r.err.message[0], '\0');
	done(&r);
	parse(&r, NULL, 0);
	assert_true(r.ok);
	assert_int_equal(r.l.n, 0);
	done(&r);
}

static void test_truncated(void **state)
{
	unsigned char f[512];
	size_t bl = blob(f, "go1.22.2", true, 2);
	run r;
	for (size_t n = 32; n < bl; n++) {
		parse(&r, f, n);
		assert_false(r.ok);
		assert_int_equal(r.err.code, CS_ERR_PARSE);
		assert_int_equal(r.l.n, 0);
		done(&r);
	}
	parse(&r, f, bl);
	assert_true(r.ok);
	assert_int_equal(r.l.n, 5);
	done(&r);
}

static void test_huge_varint(void **state)
{
	unsigned char f[64];
	memset(f, 0, sizeof(f));
	memcpy(f, "\xff Go buildinf:", 14);
	f[15] = 2;
	/* 2^63: longer than the input */
	memcpy(f + 32, "\x80\x80\x80\x80\x80\x80\x80\x80\x80\x01", 10);
	run r;
	parse(&r, f, 48);
	assert_false(r.ok);
	assert_int_equal(r.err.code, CS_ERR_PARSE);
	done(&r);
	/* eleven continuation bytes: no uint64 */
	memset(f + 32, 0xff, 11);
	f[43] = 0;
	parse(&r, f, 48);
	assert_false(r.ok);
	assert_int_equal(r.err.code, CS_ERR_PARSE);
	done(&r);
}

static void test_malformed_lines(void **state)
{
	static const char mi[] = "dep\t\tv1\n"
				 "=>\tx\tv2\n"
				 "dep\tok.io/m\tv1.0.0\n"
				 "dep\tbad\x01name\tv1\n"
				 "junk\n";
	unsigned char f[256];
	memset(f, 0, sizeof(f));
	memcpy(f, "\xff Go buildinf:", 14);
	f[15] = 2;
	size_t n = 32;
	f[n++] = 0;
	f[n++] = (unsigned char)(sizeof(mi) - 1);
	memcpy(f + n, mi, sizeof(mi) - 1);
	n += sizeof(mi) - 1;
	run r;
	parse(&r, f, n);
	assert_true(r.ok);
	assert_int_equal(r.l.n, 1);
	assert_string_equal(r.l.items[0].purl, "pkg:golang/ok.io/m@v1.0.0");
	assert_null(r.l.items[0].arch);
	assert_int_equal(r.l.skipped, 4);
	done(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_elf64_le),
		cmocka_unit_test(test_elf64_be),
		cmocka_unit_test(test_elf_bogus_offsets),
		cmocka_unit_test(test_raw_magic),
		cmocka_unit_test(test_old_format),
		cmocka_unit_test(test_not_go),
		cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_huge_varint),
		cmocka_unit_test(test_malformed_lines),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * test-rpm.c - the RPM reader: header blobs built byte by byte here, an
 * rpmdb.sqlite written with the SQLite API to a temporary file and read
 * back as bytes, exact packages and purls, and hostile blobs and files.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include <sqlite3.h>

#include "sbom/pkg.h"

/* One index entry: a string (STRING/I18NSTRING/STRING_ARRAY) or an
 * INT32 when `s` is NULL. */
typedef struct ent {
	uint32_t tag, type;
	const char *s;
	uint32_t n;
} ent;

static void put32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)(v >> 24);
	p[1] = (unsigned char)(v >> 16);
	p[2] = (unsigned char)(v >> 8);
	p[3] = (unsigned char)v;
}

/* il, dl, a region entry (tag 63, BIN, 16 bytes), the entries, data. */
static unsigned char *blob(const ent *e, size_t n, size_t *len)
{
	size_t il = n + 1, dl = 16;
	for (size_t i = 0; i < n; i++) {
		if (!e[i].s)
			dl = (dl + 3) & ~(size_t)3;
		dl += e[i].s ? strlen(e[i].s) + 1 : 4;
	}
	*len = 8 + il * 16 + dl;
	unsigned char *b = calloc(1, *len);
	put32(b, (uint32_t)il);
	put32(b + 4, (uint32_t)dl);
	unsigned char *ix = b + 8, *data = ix + il * 16;
	put32(ix, 63);
	put32(ix + 4, 7);
	put32(ix + 8, 0);
	put32(ix + 12, 16);
	size_t off = 16;
	for (size_t i = 0; i < n; i++) {
		unsigned char *x = ix + (i + 1) * 16;
		if (!e[i].s)
			off = (off + 3) & ~(size_t)3;
		put32(x, e[i].tag);
		put32(x + 4, e[i].s ? e[i].type : 4);
		put32(x + 8, (uint32_t)off);
		put32(x + 12, 1);
		if (e[i].s) {
			memcpy(data + off, e[i].s, strlen(e[i].s) + 1);
			off += strlen(e[i].s) + 1;
		} else {
			put32(data + off, e[i].n);
			off += 4;
		}
	}
	return b;
}

#define STR(t, v)                                                              \
	{                                                                      \
		t, 6, v, 0                                                     \
	}
#define I18N(t, v)                                                             \
	{                                                                      \
		t, 9, v, 0                                                     \
	}
#define INT(t, v)                                                              \
	{                                                                      \
		t, 4, NULL, v                                                  \
	}

static const ent OPENSSL[] = {
	STR(1000, "openssl-libs"),
	STR(1001, "3.0.7"),
	STR(1002, "24.el9"),
	INT(1003, 1),
	I18N(1004, "A general purpose cryptography library"),
	STR(1011, "Red Hat, Inc."),
	STR(1014, "ASL 2.0"),
	STR(1022, "x86_64"),
	STR(1044, "openssl-3.0.7-24.el9.src.rpm"),
};

static const ent BASH[] = {
	STR(1000, "bash"),   STR(1001, "5.1.8"),
	STR(1002, "6.el9"),  STR(1014, "GPLv3+"),
	STR(1022, "x86_64"), STR(1044, "bash-5.1.8-6.el9.src.rpm"),
};

static const ent KEY[] = {
	STR(1000, "gpg-pubkey"),
	STR(1001, "fd431d51"),
	STR(1002, "4ae0493b"),
};

#define N(x) (sizeof(x) / sizeof((x)[0]))

static void test_header(void **s)
{
	cs_arena a;
	cs_arena_init(&a, 0);
	size_t len;
	unsigned char *b = blob(OPENSSL, N(OPENSSL), &len);
	cs_rpm_header h;
	cs_error err = {0};
	assert_true(cs_rpm_header_parse(b, len, &a, &h, &err));
	assert_string_equal(h.name, "openssl-libs");
	assert_string_equal(h.version, "3.0.7");
	assert_string_equal(h.release, "24.el9");
	assert_string_equal(h.epoch, "1");
	assert_string_equal(h.vendor, "Red Hat, Inc.");
	assert_string_equal(h.license, "ASL 2.0");
	assert_string_equal(h.arch, "x86_64");
	assert_string_equal(h.sourcerpm, "openssl-3.0.7-24.el9.src.rpm");
	/* every proper prefix is cut short, and says so */
	for (size_t n = 0; n < len; n++) {
		err = (cs_error){0};
		assert_false(cs_rpm_header_parse(b, n, &a, &h, &err));
		assert_int_equal(err.code, CS_ERR_PARSE);
	}
	free(b);

	b = blob(BASH, N(BASH), &len);
	assert_true(cs_rpm_header_parse(b, len, &a, &h, &err));
	assert_string_equal(h.name, "bash");
	assert_null(h.epoch);
	assert_null(h.vendor);
	free(b);
	cs_arena_free(&a);
}

static void expect_bad(unsigned char *b, size_t len, const char *what)
{
	cs_arena a;
	cs_arena_init(&a, 0);
	cs_rpm_header h;
	cs_error err = {0};
	assert_false(cs_rpm_header_parse(b, len, &a, &h, &err));
	assert_int_equal(err.code, CS_ERR_PARSE);
	assert_non_null(strstr(err.message, what));
	cs_arena_free(&a);
}

static void test_header_hostile(void **s)
{
	size_t len;
	unsigned char *b;
	size_t il = N(BASH) + 1;

	b = blob(BASH, N(BASH), &len);
	put32(b, 0x7fffffff); /* il huge */
	expect_bad(b, len, "out of range");
	put32(b, (uint32_t)il);
	put32(b + 4, 0xffffffff); /* dl huge */
	expect_bad(b, len, "out of range");
	put32(b + 4, 0x0ffffff0); /* dl in range, past the blob */
	expect_bad(b, len, "larger than the blob");
	free(b);

	/* NAME's offset at the end of the store, then past it */
	b = blob(BASH, N(BASH), &len);
	size_t dl = len - 8 - il * 16;
	put32(b + 8 + 16 + 8, (uint32_t)dl);
	expect_bad(b, len, "offset or count out of range");
	put32(b + 8 + 16 + 8, 0xfffffff0);
	expect_bad(b, len, "offset or count out of range");
	put32(b + 8 + 16 + 8, 16);
	put32(b + 8 + 16 + 12, 0); /* count 0 */
	expect_bad(b, len, "offset or count out of range");
	put32(b + 8 + 16 + 12, 1);
	put32(b + 8 + 16 + 4, 7); /* NAME as BIN */
	expect_bad(b, len, "unexpected type");
	free(b);

	/* the last string loses its NUL */
	b = blob(BASH, N(BASH), &len);
	b[len - 1] = 'x';
	expect_bad(b, len, "unterminated string");
	free(b);

	/* EPOCH's four bytes cut to three */
	const ent ep[] = {STR(1000, "a"), STR(1001, "1"), INT(1003, 2)};
	b = blob(ep, N(ep), &len);
	put32(b + 4, (uint32_t)(len - 8 - 4 * 16 - 1));
	expect_bad(b, len - 1, "integer past the data");
	free(b);

	/* a control byte in NAME */
	const ent ctl[] = {STR(1000, "a\nb"), STR(1001, "1")};
	b = blob(ctl, N(ctl), &len);
	expect_bad(b, len, "malformed");
	free(b);

	/* a bad licence is no licence; NAME absent is not an error here */
	const ent opt[] = {STR(1001, "1"), STR(1014, "GPL\x01")};
	b = blob(opt, N(opt), &len);
	cs_arena a;
	cs_arena_init(&a, 0);
	cs_rpm_header h;
	cs_error err = {0};
	assert_true(cs_rpm_header_parse(b, len, &a, &h, &err));
	assert_null(h.name);
	assert_null(h.license);
	assert_string_equal(h.version, "1");
	cs_arena_free(&a);
	free(b);
}

/* Run SQL on a fresh file database, return the file's bytes. */
static unsigned char *make_db(const char *sql, const ent *const *pkgs,
			      const size_t *npkgs, size_t n, bool text_row,
			      size_t *len)
{
	char path[] = "/tmp/customs-test-rpm-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	unlink(path);
	sqlite3 *db;
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_stmt *st;
	if (n || text_row)
		assert_int_equal(
			sqlite3_prepare_v2(
				db, "INSERT INTO Packages (blob) VALUES (?)",
				-1, &st, NULL),
			SQLITE_OK);
	for (size_t i = 0; i < n; i++) {
		size_t bl;
		unsigned char *b = blob(pkgs[i], npkgs[i], &bl);
		sqlite3_bind_blob(st, 1, b, (int)bl, SQLITE_TRANSIENT);
		assert_int_equal(sqlite3_step(st), SQLITE_DONE);
		sqlite3_reset(st);
		free(b);
	}
	if (text_row) {
		sqlite3_bind_text(st, 1, "not a blob", -1, SQLITE_STATIC);
		assert_int_equal(sqlite3_step(st), SQLITE_DONE);
		sqlite3_bind_blob(st, 1, "\0\0\0\1", 4, SQLITE_STATIC);
		assert_int_equal(sqlite3_step(st), SQLITE_DONE);
	}
	if (n || text_row)
		sqlite3_finalize(st);
	assert_int_equal(sqlite3_close(db), SQLITE_OK);
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	*len = (size_t)ftell(f);
	fseek(f, 0, SEEK_SET);
	unsigned char *d = malloc(*len);
	assert_int_equal(fread(d, 1, *len, f), *len);
	fclose(f);
	unlink(path);
	return d;
}

static const char SCHEMA[] =
	"CREATE TABLE Packages (hnum INTEGER PRIMARY KEY AUTOINCREMENT, "
	"blob BLOB NOT NULL);"
	"CREATE TABLE Name (key TEXT NOT NULL, hnum INTEGER NOT NULL, "
	"idx INTEGER NOT NULL);";

static void test_sqlite(void **s)
{
	const ent *const pk[] = {KEY, OPENSSL, BASH, BASH};
	const size_t np[] = {N(KEY), N(OPENSSL), N(BASH), N(BASH)};
	char wal[512];
	snprintf(wal, sizeof(wal), "PRAGMA journal_mode=WAL;%s", SCHEMA);
	for (int pass = 0; pass < 2; pass++) {
		size_t len;
		unsigned char *d =
			make_db(pass ? wal : SCHEMA, pk, np, 4, true, &len);
		if (pass)
			assert_int_equal(d[18], 2); /* really WAL */
		cs_arena a;
		cs_arena_init(&a, 0);
		cs_os_release os = {.id = "rhel", .version_id = "9.3"};
		cs_pkg_list l;
		cs_pkg_list_init(&l);
		cs_error err = {0};
		assert_true(cs_rpm_sqlite_parse(d, len,
						"/var/lib/rpm/rpmdb.sqlite",
						&os, &a, &l, &err));
		assert_int_equal(l.n, 2);
		assert_int_equal(l.ignored, 1);
		assert_int_equal(l.duplicates, 1);
		assert_int_equal(l.skipped, 2);
		const cs_pkg *p = &l.items[0];
		assert_string_equal(p->type, "rpm");
		assert_string_equal(p->namespace, "redhat");
		assert_string_equal(p->name, "openssl-libs");
		assert_string_equal(p->version, "1:3.0.7-24.el9");
		assert_string_equal(p->arch, "x86_64");
		assert_string_equal(p->license, "ASL 2.0");
		assert_string_equal(p->upstream,
				    "openssl-3.0.7-24.el9.src.rpm");
		assert_string_equal(p->maintainer, "Red Hat, Inc.");
		assert_string_equal(p->origin_cataloger, "rpm-db-cataloger");
		assert_string_equal(p->source_path,
				    "/var/lib/rpm/rpmdb.sqlite");
		assert_int_equal(p->mark.line, 2);
		assert_string_equal(
			p->purl,
			"pkg:rpm/redhat/openssl-libs@3.0.7-24.el9?arch=x86_64"
			"&distro=rhel-9.3&epoch=1"
			"&upstream=openssl-3.0.7-24.el9.src.rpm");
		p = &l.items[1];
		assert_string_equal(p->name, "bash");
		assert_string_equal(p->version, "5.1.8-6.el9");
		assert_string_equal(
			p->purl,
			"pkg:rpm/redhat/bash@5.1.8-6.el9?arch=x86_64"
			"&distro=rhel-9.3&upstream=bash-5.1.8-6.el9.src.rpm");
		assert_null(p->maintainer);

		/* no os-release: packages, no purls */
		cs_pkg_list_init(&l);
		assert_true(
			cs_rpm_sqlite_parse(d, len, "/x", NULL, &a, &l, &err));
		assert_int_equal(l.n, 2);
		assert_null(l.items[0].purl);
		assert_null(l.items[0].namespace);
		cs_arena_free(&a);
		free(d);
	}
}

static void expect_db_error(const unsigned char *d, size_t len, cs_errcode code,
			    const char *what)
{
	cs_arena a;
	cs_arena_init(&a, 0);
	cs_pkg_list l;
	cs_pkg_list_init(&l);
	cs_error err = {0};
	assert_false(cs_rpm_sqlite_parse(d, len, "/p", NULL, &a, &l, &err));
	assert_int_equal(err.code, code);
	assert_non_null(strstr(err.message, what));
	assert_int_equal(l.n, 0);
	cs_arena_free(&a);
}

static void test_sqlite_hostile(void **s)
{
	expect_db_error((const unsigned char *)"SQLite format 3", 15,
			CS_ERR_PARSE, "not an SQLite database");
	expect_db_error(NULL, 0, CS_ERR_PARSE, "not an SQLite database");

	size_t len;
	unsigned char *d = make_db("CREATE TABLE Other (blob BLOB);", NULL,
				   NULL, 0, false, &len);
	expect_db_error(d, len, CS_ERR_PARSE, "no Packages table");
	free(d);

	/* a view that would never end is refused: views are off */
	d = make_db("CREATE VIEW Packages AS WITH RECURSIVE c(x) AS "
		    "(SELECT 1 UNION ALL SELECT x + 1 FROM c) "
		    "SELECT zeroblob(8) AS blob FROM c;",
		    NULL, NULL, 0, false, &len);
	expect_db_error(d, len, CS_ERR_PARSE, "no Packages table");
	free(d);

	/* damaged pages: an error or fewer packages, never a crash */
	const ent *const pk[] = {OPENSSL, BASH};
	const size_t np[] = {N(OPENSSL), N(BASH)};
	d = make_db(SCHEMA, pk, np, 2, false, &len);
	for (size_t i = 100; i < len; i += 97) {
		unsigned char *c = malloc(len);
		memcpy(c, d, len);
		memset(c + i, 0xff, len - i > 64 ? 64 : len - i);
		cs_arena a;
		cs_arena_init(&a, 0);
		cs_pkg_list l;
		cs_pkg_list_init(&l);
		cs_error err = {0};
		if (!cs_rpm_sqlite_parse(c, len, "/p", NULL, &a, &l, &err))
			assert_int_not_equal(err.code, CS_OK);
		assert_true(l.n <= 2);
		cs_arena_free(&a);
		free(c);
	}
	/* truncated files: short of the header, an error; past it, an
	 * error or what the remaining pages hold */
	for (size_t n = 0; n < len; n += len / 7 + 1) {
		cs_arena a;
		cs_arena_init(&a, 0);
		cs_pkg_list l;
		cs_pkg_list_init(&l);
		cs_error err = {0};
		bool ok = cs_rpm_sqlite_parse(d, n, "/p", NULL, &a, &l, &err);
		if (n < 100)
			assert_false(ok);
		if (!ok)
			assert_int_equal(err.code, CS_ERR_PARSE);
		assert_true(l.n <= 2);
		cs_arena_free(&a);
	}
	free(d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_header),
		cmocka_unit_test(test_header_hostile),
		cmocka_unit_test(test_sqlite),
		cmocka_unit_test(test_sqlite_hostile),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * rpm.c - the RPM package database in its SQLite form; see pkg.h.
 *
 * rpmdb.sqlite (Fedora 33+, RHEL 9) is a table of header blobs, one per
 * installed package.  SQLite reads the file, because a b-tree reader of
 * our own would be one more parser of hostile bytes; it is given a private
 * in-memory copy (sqlite3_deserialize), opened read-only and defensive,
 * with untrusted schema and a step budget, so that nothing is written to
 * disk and a crafted schema (a view over a recursive query, a trigger)
 * can neither run for ever nor reach outside the copy.  The only query is
 * prepared by us; a file without a Packages table with a blob column is
 * an error, not a guess.
 *
 * The header blob is rpm's own format: big-endian counts, an index of
 * 16-byte entries and a data store they point into.  Every offset and
 * count is checked against the store before a byte is read, and only the
 * handful of tags a package needs are looked at, each once, so a blob
 * costs one pass over its index.
 */
#include "pkg.h"

#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

static const char CATALOGER[] = "rpm-db-cataloger";

/* rpm's own ceilings (HEADER_TAGS_MAX, HEADER_DATA_MAX) */
#define RPM_MAX_INDEX 0xffffu
#define RPM_MAX_DATA 0x0fffffffu

/* SQLite calls the step budget handler every this many VM steps. */
#define RPM_STEP_EVERY 1000
#define RPM_STEP_CALLS 1000000u

enum {
	T_INT32 = 4,
	T_STRING = 6,
	T_STRING_ARRAY = 8,
	T_I18NSTRING = 9,
};

enum {
	TAG_NAME = 1000,
	TAG_VERSION = 1001,
	TAG_RELEASE = 1002,
	TAG_EPOCH = 1003,
	TAG_VENDOR = 1011,
	TAG_LICENSE = 1014,
	TAG_ARCH = 1022,
	TAG_SOURCERPM = 1044,
};

static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | (uint32_t)p[3];
}

static bool bad(cs_error *err, uint32_t entry, const char *what)
{
	cs_error_set(err, CS_ERR_PARSE, (cs_mark){0, 0},
		     "while reading an rpm header", "%s (index entry %u)", what,
		     entry);
	return false;
}

/* Where each wanted tag lands in the result; NULL when not wanted. */
static const char **slot(cs_rpm_header *h, uint32_t tag)
{
	switch (tag) {
	case TAG_NAME:
		return &h->name;
	case TAG_VERSION:
		return &h->version;
	case TAG_RELEASE:
		return &h->release;
	case TAG_EPOCH:
		return &h->epoch;
	case TAG_VENDOR:
		return &h->vendor;
	case TAG_LICENSE:
		return &h->license;
	case TAG_ARCH:
		return &h->arch;
	case TAG_SOURCERPM:
		return &h->sourcerpm;
	default:
		return NULL;
	}
}

bool cs_rpm_header_parse(const unsigned char *blob, size_t len, cs_arena *a,
			 cs_rpm_header *out, cs_error *err)
{
	memset(out, 0, sizeof(*out));
	if (!blob || len < 8)
		return bad(err, 0, "shorter than its counts");
	uint32_t il = be32(blob), dl = be32(blob + 4);
	if (il == 0 || il > RPM_MAX_INDEX || dl > RPM_MAX_DATA)
		return bad(err, 0, "index or data count out of range");
	/* il <= 0xffff and dl < 2^28: the sum cannot overflow */
	size_t need = 8 + (size_t)il * 16 + dl;
	if (need > len)
		return bad(err, 0, "counts larger than the blob");
	const unsigned char *ix = blob + 8;
	const unsigned char *data = ix + (size_t)il * 16;
	for (uint32_t i = 0; i < il; i++) {
		const unsigned char *e = ix + (size_t)i * 16;
		uint32_t tag = be32(e), type = be32(e + 4);
		uint32_t off = be32(e + 8), count = be32(e + 12);
		const char **dst = slot(out, tag);
		if (!dst || *dst)
			continue; /* not wanted, or a repeat: first wins */
		if (off >= dl || count == 0)
			return bad(err, i, "offset or count out of range");
		size_t room = dl - off;
		const unsigned char *p = data + off;
		if (type == T_INT32) {
			if (room < 4)
				return bad(err, i, "integer past the data");
			char num[16];
			snprintf(num, sizeof(num), "%u", be32(p));
			*dst = cs_arena_strdup(a, num);
			if (!*dst)
				goto nomem;
			continue;
		}
		if (type != T_STRING && type != T_STRING_ARRAY &&
		    type != T_I18NSTRING)
			return bad(err, i, "unexpected type for the tag");
		/* arrays and translations: the first string is the value */
		const unsigned char *nul = memchr(p, '\0', room);
		if (!nul)
			return bad(err, i, "unterminated string");
		const char *v = NULL;
		int k = cs_pkg_keep(a, (const char *)p, (size_t)(nul - p), &v);
		if (k < 0)
			goto nomem;
		if (k > 0 && (tag == TAG_NAME || tag == TAG_VERSION ||
			      tag == TAG_RELEASE))
			return bad(err, i,
				   "malformed name, version or "
				   "release");
		*dst = k ? NULL : v; /* a bad optional value is no value */
		if (!*dst)
			*dst = ""; /* seen: a later repeat must not win */
	}
	/* "" marked an optional value as seen and dropped */
	const char **all[] = {&out->name,  &out->version,  &out->release,
			      &out->epoch, &out->vendor,   &out->license,
			      &out->arch,  &out->sourcerpm};
	for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++)
		if (*all[i] && !**all[i])
			*all[i] = NULL;
	return true;
nomem:
	cs_error_set(err, CS_ERR_NOMEM, (cs_mark){0, 0},
		     "while reading an rpm header", "out of memory");
	return false;
}

static int step_budget(void *ctx)
{
	unsigned *calls = ctx;
	return ++*calls > RPM_STEP_CALLS;
}

static bool db_error(cs_error *err, sqlite3 *db, const char *what)
{
	cs_error_set(err, CS_ERR_PARSE, (cs_mark){0, 0},
		     "while reading an rpm sqlite database", "%s: %s", what,
		     db ? sqlite3_errmsg(db) : "out of memory");
	return false;
}

/* A read-only, defensive connection over a private copy of the bytes. */
static sqlite3 *open_copy(const unsigned char *bytes, size_t len,
			  unsigned *calls, cs_error *err)
{
	sqlite3 *db = NULL;
	if (sqlite3_open_v2(":memory:", &db, SQLITE_OPEN_READWRITE, NULL) !=
	    SQLITE_OK) {
		db_error(err, db, "cannot open");
		sqlite3_close(db);
		return NULL;
	}
	sqlite3_db_config(db, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL);
	sqlite3_db_config(db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, NULL);
	sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_TRIGGER, 0, NULL);
	sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_VIEW, 0, NULL);
	sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION, 0, NULL);
	sqlite3_limit(db, SQLITE_LIMIT_LENGTH, (int)CS_PKG_MAX_INPUT);
	sqlite3_limit(db, SQLITE_LIMIT_ATTACHED, 0);
	sqlite3_progress_handler(db, RPM_STEP_EVERY, step_budget, calls);

	unsigned char *copy = sqlite3_malloc64(len ? len : 1);
	if (!copy) {
		sqlite3_close(db);
		cs_error_set(err, CS_ERR_NOMEM, (cs_mark){0, 0},
			     "while reading an rpm sqlite database",
			     "out of memory");
		return NULL;
	}
	memcpy(copy, bytes, len);
	/*
	 * rpm keeps its database in WAL mode, which an in-memory copy
	 * cannot serve; the main file holds every checkpointed package,
	 * so the copy is read as a rollback-journal database.
	 */
	if (len >= 20 && copy[18] == 2 && copy[19] == 2)
		copy[18] = copy[19] = 1;
	if (sqlite3_deserialize(
		    db, "main", copy, (sqlite3_int64)len, (sqlite3_int64)len,
		    SQLITE_DESERIALIZE_READONLY |
			    SQLITE_DESERIALIZE_FREEONCLOSE) != SQLITE_OK) {
		db_error(err, db, "cannot load");
		sqlite3_close(db);
		return NULL;
	}
	return db;
}

/* The purl namespace, as cs_purl_rpm spells it. */
static const char *rpm_namespace(const char *id)
{
	if (strcmp(id, "rhel") == 0)
		return "redhat";
	if (strncmp(id, "opensuse", 8) == 0)
		return "opensuse";
	return id;
}

static bool add_header(const unsigned char *blob, size_t n, uint32_t row,
		       const char *source_path, const cs_os_release *os,
		       cs_arena *a, cs_pkg_list *out, cs_error *err)
{
	cs_rpm_header h;
	cs_error e = {0};
	if (!cs_rpm_header_parse(blob, n, a, &h, &e)) {
		if (e.code == CS_ERR_NOMEM) {
			*err = e;
			return false;
		}
		out->skipped++;
		return true;
	}
	if (!h.name || !h.version) {
		out->skipped++;
		return true;
	}
	if (strcmp(h.name, "gpg-pubkey") == 0) {
		out->ignored++; /* an imported key, not a package */
		return true;
	}
	const char *ver =
		h.release ? cs_arena_printf(a, "%s-%s", h.version, h.release)
			  : h.version;
	cs_pkg p = {
		.type = "rpm",
		.name = h.name,
		.version = ver,
		.arch = h.arch,
		.license = h.license,
		.source_path = source_path,
		.upstream = h.sourcerpm,
		.maintainer = h.vendor,
		.origin_cataloger = CATALOGER,
		.mark = {row, 1},
	};
	if (!ver)
		goto nomem;
	if (h.epoch && strcmp(h.epoch, "0") != 0) {
		p.version = cs_arena_printf(a, "%s:%s", h.epoch, ver);
		if (!p.version)
			goto nomem;
	}
	if (os && os->id) {
		p.namespace = rpm_namespace(os->id);
		p.purl = cs_purl_rpm(a, os, h.name, h.version, h.release,
				     h.epoch, h.arch, h.sourcerpm);
		if (!p.purl)
			goto nomem;
	}
	return cs_pkg_list_add(out, &p, a, err);
nomem:
	cs_error_set(err, CS_ERR_NOMEM, (cs_mark){row, 1},
		     "while reading an rpm header", "out of memory");
	return false;
}

bool cs_rpm_sqlite_parse(const unsigned char *bytes, size_t len,
			 const char *source_path, const cs_os_release *os,
			 cs_arena *a, cs_pkg_list *out, cs_error *err)
{
	if (len > CS_PKG_MAX_INPUT) {
		cs_error_set(err, CS_ERR_LIMIT, (cs_mark){0, 0},
			     "while reading an rpm sqlite database",
			     "file over %u bytes", CS_PKG_MAX_INPUT);
		return false;
	}
	if (!bytes || len < 100 || memcmp(bytes, "SQLite format 3", 16) != 0) {
		cs_error_set(err, CS_ERR_PARSE, (cs_mark){0, 0},
			     "while reading an rpm sqlite database",
			     "not an SQLite database");
		return false;
	}
	unsigned calls = 0;
	sqlite3 *db = open_copy(bytes, len, &calls, err);
	if (!db)
		return false;
	sqlite3_stmt *st = NULL;
	bool ok = false;
	if (sqlite3_prepare_v2(db, "SELECT blob FROM Packages", -1, &st,
			       NULL) != SQLITE_OK) {
		db_error(err, db, "no Packages table with a blob column");
		goto out;
	}
	uint32_t row = 0;
	for (;;) {
		int rc = sqlite3_step(st);
		if (rc == SQLITE_DONE)
			break;
		if (rc != SQLITE_ROW) {
			if (rc == SQLITE_INTERRUPT)
				cs_error_set(err, CS_ERR_LIMIT,
					     (cs_mark){row, 0},
					     "while reading an rpm sqlite "
					     "database",
					     "query ran over its step budget");
			else
				db_error(err, db, "cannot read Packages");
			goto out;
		}
		if (++row > CS_PKG_MAX_PKGS) {
			cs_error_set(err, CS_ERR_LIMIT, (cs_mark){row, 0},
				     "while reading an rpm sqlite database",
				     "more than %u packages", CS_PKG_MAX_PKGS);
			goto out;
		}
		if (sqlite3_column_type(st, 0) != SQLITE_BLOB) {
			out->skipped++;
			continue;
		}
		const unsigned char *blob = sqlite3_column_blob(st, 0);
		int n = sqlite3_column_bytes(st, 0);
		if (!blob || n <= 0) {
			out->skipped++;
			continue;
		}
		if (!add_header(blob, (size_t)n, row, source_path, os, a, out,
				err))
			goto out;
	}
	ok = true;
out:
	sqlite3_finalize(st);
	sqlite3_close(db);
	return ok;
}

/*
 * pkg.h - installed packages, as read from package databases, and purls.
 *
 * Each reader takes the bytes of one file (the image reader finds and
 * reads them) and appends what it finds to a cs_pkg_list.  The readers do
 * not judge: a package is what its database says, with the file it was
 * read from kept as evidence.  The package URL (purl) is built here too,
 * because it depends on the operating system the database belongs to
 * (cs_os_release), which the caller reads first.
 *
 * Input is hostile.  Every reader is one linear pass over its input with
 * the limits below.  A malformed entry that can be stepped over is skipped
 * and counted in the list (`skipped`); only a limit hit, memory running out
 * or input that cannot be read at all (npm JSON that does not parse) is an
 * error, reported with the line it was found on.  When a reader fails, the
 * list keeps the packages it added before the failure.
 *
 * Strings are NUL-terminated and live in the caller's arena.  A value the
 * reader keeps (a name, a version, a licence) never holds control bytes:
 * an entry whose kept value has one is malformed.
 */
#ifndef CS_SBOM_PKG_H
#define CS_SBOM_PKG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../util/arena.h"
#include "../util/error.h"

#define CS_PKG_MAX_INPUT  (64u << 20)  /* bytes of one database file */
#define CS_PKG_MAX_FIELD  4096u        /* bytes of one kept value */
#define CS_PKG_MAX_PKGS   200000u      /* packages added by one call */
#define CS_PKG_MAX_LICENSES 64u        /* SPDX ids from one copyright file */

typedef struct cs_pkg {
	const char *type;       /* purl type: "deb", "apk", "rpm", "pypi",
				   "npm", "golang", "maven" */
	const char *namespace;  /* purl namespace: "debian", "alpine",
				   "@babel", a module path; or NULL */
	const char *name;       /* as the database spells it */
	const char *version;    /* as the database spells it (deb: with its
				   epoch, "1:2.3-1") */
	const char *arch;       /* or NULL */
	const char *license;    /* SPDX expression (or the database's licence
				   string), or NULL */
	const char *purl;       /* or NULL when it cannot be built (the
				   distribution is unknown) */
	const char *source_path;      /* evidence: the file read */
	const char *upstream;         /* source package, or NULL */
	const char *upstream_version; /* its version when it differs, or NULL */
	const char *maintainer;       /* or NULL */
	const char *commit;           /* apk: the aports commit, or NULL */
	const char *origin_cataloger; /* "dpkg-db-cataloger", ... (syft's
					 names, so SBOM users recognise them) */
	cs_mark mark;                 /* where the entry starts */
} cs_pkg;

/*
 * Packages in the order read.  Exact repeats (same type, name, version,
 * arch and source path) are dropped and counted: a database that lists a
 * package twice installs it once.  `items` moves when the list grows.
 */
typedef struct cs_pkg_list {
	cs_pkg *items;
	size_t n;
	size_t skipped;     /* malformed entries stepped over */
	size_t ignored;     /* well-formed entries that are not installed */
	size_t duplicates;  /* exact repeats dropped */
	/* private */
	size_t cap;
	uint32_t *index;    /* open addressing over items, 0 = empty */
	size_t index_cap;
} cs_pkg_list;

void cs_pkg_list_init(cs_pkg_list *l);
/* Copy *p in (strings are shared, not copied).  Returns false with `err`
 * set on a limit or memory failure; a duplicate is dropped and counted
 * and still returns true. */
bool cs_pkg_list_add(cs_pkg_list *l, const cs_pkg *p, cs_arena *a,
		     cs_error *err);

/*
 * A copy of s[0..n) for a kept value: 0 and *out set; 1 when the value is
 * malformed (empty, over CS_PKG_MAX_FIELD, or holding a control byte other
 * than tab); -1 when memory runs out.
 */
int cs_pkg_keep(cs_arena *a, const char *s, size_t n, const char **out);

/* /etc/os-release (or /usr/lib/os-release).  Absent keys are NULL; `id`
 * is lowercased, as the format requires and purls expect. */
typedef struct cs_os_release {
	const char *id;               /* "debian", "alpine", "ubuntu" */
	const char *id_like;          /* space-separated, or NULL */
	const char *version_id;       /* "12", "3.19.1", "22.04" */
	const char *version_codename; /* "bookworm" */
	const char *pretty_name;
	const char *build_id;
} cs_os_release;

/* KEY=value lines, values bare or in "..." (with \ escapes) or '...';
 * comments and lines that are not assignments are skipped.  Fails only on
 * input over 64 KiB or memory. */
bool cs_os_release_parse(const char *data, size_t len, cs_arena *a,
			 cs_os_release *out, cs_error *err);
/* True when ID is `family` or ID_LIKE lists it. */
bool cs_os_release_is(const cs_os_release *os, const char *family);
/* syft's distro qualifier: "debian-12", "alpine-3.19.1" (VERSION_ID, else
 * BUILD_ID, else the bare ID); NULL without an ID. */
const char *cs_os_release_distro(const cs_os_release *os, cs_arena *a);

/*
 * Debian's dpkg database: var/lib/dpkg/status, or one distroless
 * var/lib/dpkg/status.d/<name> file (skip status.d/ *.md5sums, see
 * cs_dpkg_statusd_wanted).  Stanzas are kept when their Status state is
 * `installed` (whatever the want: `hold ok installed` is installed too) or
 * when they have no Status at all (distroless files have none).  Package
 * and Version are required.  The purl needs `os` with ID (or ID_LIKE)
 * debian; `os` may be NULL.
 */
bool cs_dpkg_parse(const char *data, size_t len, const char *source_path,
		   const cs_os_release *os, cs_arena *a, cs_pkg_list *out,
		   cs_error *err);
bool cs_dpkg_statusd_wanted(const char *path);
/*
 * usr/share/doc/<pkg>/copyright in the machine-readable format: the SPDX
 * ids named by its `License:` fields, each once, in order of appearance
 * (Debian short names mapped: GPL-2+ is GPL-2.0-or-later, Expat is MIT).
 * Names with no SPDX id (public-domain, local names) are left out; an
 * exception after `with` is not an id either.  At most CS_PKG_MAX_LICENSES.
 */
bool cs_dpkg_copyright_licenses(const char *data, size_t len, cs_arena *a,
				const char ***ids, size_t *n, cs_error *err);
/* ids joined with " AND " (every licence applies to some file), or NULL. */
const char *cs_license_and(const char *const *ids, size_t n, cs_arena *a);

/* Alpine's lib/apk/db/installed: P V A L o m c of each record.  P and V
 * are required.  The purl needs `os` with an ID. */
bool cs_apk_parse(const char *data, size_t len, const char *source_path,
		  const cs_os_release *os, cs_arena *a, cs_pkg_list *out,
		  cs_error *err);

/*
 * RPM.  One header blob (as rpmdb.sqlite stores it: big-endian index and
 * data counts, 16-byte index entries, then the data store): the tags a
 * package needs, as strings in `a` (EPOCH in decimal), NULL when absent.
 * Every offset and count is checked; a header whose structure is broken,
 * or whose NAME, VERSION or RELEASE is malformed, is a CS_ERR_PARSE.
 */
typedef struct cs_rpm_header {
	const char *name;      /* 1000 */
	const char *version;   /* 1001 */
	const char *release;   /* 1002 */
	const char *epoch;     /* 1003 */
	const char *vendor;    /* 1011 */
	const char *license;   /* 1014 */
	const char *arch;      /* 1022 */
	const char *sourcerpm; /* 1044 */
} cs_rpm_header;

bool cs_rpm_header_parse(const unsigned char *blob, size_t len, cs_arena *a,
			 cs_rpm_header *out, cs_error *err);
/*
 * rpmdb.sqlite: `SELECT blob FROM Packages` over a read-only in-memory
 * copy of the bytes (nothing is written anywhere).  A package's version
 * is [EPOCH:]VERSION-RELEASE, its maintainer the VENDOR, its upstream
 * the SOURCERPM; gpg-pubkey entries are keys, counted as ignored; a
 * header that does not parse is skipped.  A file that is no SQLite
 * database or has no such table is an error.  The purl needs `os` with
 * an ID (see cs_purl_rpm); the mark's line is the row's ordinal.
 */
bool cs_rpm_sqlite_parse(const unsigned char *db, size_t len,
			 const char *source_path, const cs_os_release *os,
			 cs_arena *a, cs_pkg_list *out, cs_error *err);

/* One *.dist-info/METADATA or *.egg-info/PKG-INFO: the headers up to the
 * first blank line.  Name and Version are required.  The licence is
 * License-Expression, else a one-line License, else the OSI classifiers
 * that name exactly one SPDX licence (several: joined with " OR "). */
bool cs_python_parse(const char *data, size_t len, const char *source_path,
		     cs_arena *a, cs_pkg_list *out, cs_error *err);

/* One package.json.  name and version (strings) are required; license is
 * a string, an object's "type", or the legacy "licenses" array (joined
 * with " OR ").  JSON that does not parse is an error. */
bool cs_npm_parse(const char *data, size_t len, const char *source_path,
		  cs_arena *a, cs_pkg_list *out, cs_error *err);

/*
 * One Go binary's embedded build info (Go >= 1.18 layout): the ELF
 * .go.buildinfo section, else the magic at a 16-byte aligned offset.  The
 * main module ("(devel)" as Go writes it), each dependency (a "=>"
 * replacement stands for the module it replaces; one by a local
 * directory keeps the module's path with version "(devel)") and the
 * standard library as "stdlib" at the Go version without "go".  The mark's line is the modinfo line.  A file
 * without build info adds nothing and succeeds; the older pointer layout
 * is counted as ignored and succeeds with err->code CS_OK and a note in
 * err->message.
 */
bool cs_go_buildinfo_parse(const unsigned char *bin, size_t len,
			   const char *source_path, cs_arena *a,
			   cs_pkg_list *out, cs_error *err);

/*
 * One Java archive (JAR, WAR, EAR), a zip read from memory.  Each
 * META-INF/maven/G/A/pom.properties is a maven package (groupId,
 * artifactId and version, G and A from the path when the keys are
 * absent); an archive with none falls back to the main section of
 * META-INF/MANIFEST.MF (Implementation-Title/-Version, with
 * Implementation-Vendor-Id as the group, else Bundle-SymbolicName/
 * -Version).  Archives inside (entries ending .jar .war .ear) are read
 * the same way up to CS_JAR_MAX_DEPTH levels deep and CS_JAR_MAX_NESTED
 * bytes each; their evidence path is "outer.jar!/BOOT-INF/lib/x.jar".
 * A nested archive over a limit or unreadable is skipped and counted;
 * the outer one unreadable, or the entries or inflated bytes of the call
 * over their limits, is an error.
 */
#define CS_JAR_MAX_DEPTH   3u
#define CS_JAR_MAX_NESTED  (32u << 20)
#define CS_JAR_MAX_ENTRIES 65536u
#define CS_JAR_MAX_BYTES   (256ull << 20)

bool cs_jar_parse(const unsigned char *zip, size_t len,
		  const char *source_path, cs_arena *a, cs_pkg_list *out,
		  cs_error *err);
/* A path ending .jar, .war or .ear, in any case. */
bool cs_jar_wanted(const char *path);

/*
 * Package URLs (github.com/package-url/purl-spec):
 *   pkg:type/namespace/name@version?qualifiers#subpath
 * The type and qualifier keys are lowercased; qualifiers with an empty
 * value are dropped and the rest sorted by key.  Every component is
 * percent-encoded except the unreserved A-Z a-z 0-9 - . _ ~ (so ':' in a
 * deb epoch is %3A, '+' is %2B and '@' is %40), as syft writes them; the
 * '/' between namespace segments and subpath segments stays.  Names are
 * normalised as the type requires: pypi lowercased with runs of - _ .
 * made one '-'; deb, apk and npm lowercased.  Returns NULL when type or
 * name is empty or memory runs out.
 */
typedef struct cs_purl_qual {
	const char *key;
	const char *value;
} cs_purl_qual;

#define CS_PURL_MAX_QUALS 16u

char *cs_purl_build(cs_arena *a, const char *type, const char *namespace,
		    const char *name, const char *version,
		    const cs_purl_qual *quals, size_t nquals,
		    const char *subpath);
/* PEP 503: "Foo__Bar.baz" -> "foo-bar-baz". */
char *cs_pypi_normalize(cs_arena *a, const char *name);
/* rpm: VERSION-RELEASE, epoch as a qualifier; the namespace is the
 * os-release ID with rhel -> redhat and opensuse* -> opensuse. */
char *cs_purl_rpm(cs_arena *a, const cs_os_release *os, const char *name,
		  const char *version, const char *release,
		  const char *epoch, const char *arch, const char *sourcerpm);
/* golang: "github.com/cli/cli/v2" -> namespace github.com/cli/cli, name v2. */
char *cs_purl_golang(cs_arena *a, const char *module, const char *version);
char *cs_purl_maven(cs_arena *a, const char *group, const char *artifact,
		    const char *version);

/*
 * The RFC 822 dialect of dpkg status files and Python metadata (and later
 * jar manifests): "Name: value" lines, continuation lines starting with a
 * space or tab, stanzas separated by blank lines.  Lines end in LF or CRLF.
 * A field's value is its first line, trimmed; continuation lines are
 * stepped over (`folded` tells they were there).
 */
typedef struct cs_rfc822 {
	const char *p;
	const char *end;
	uint32_t line;       /* line of the next unread byte */
} cs_rfc822;

typedef enum cs_rfc822_ev {
	CS_RFC822_EOF = 0,
	CS_RFC822_FIELD,
	CS_RFC822_BLANK,     /* a blank (or white) line: stanza break */
	CS_RFC822_BAD,       /* a line that is no field, or a stray
				continuation line */
} cs_rfc822_ev;

typedef struct cs_rfc822_field {
	const char *name;
	size_t name_len;
	const char *value;   /* not NUL-terminated */
	size_t value_len;
	bool folded;
	uint32_t line;
} cs_rfc822_field;

void cs_rfc822_init(cs_rfc822 *r, const char *data, size_t len);
cs_rfc822_ev cs_rfc822_next(cs_rfc822 *r, cs_rfc822_field *f);
bool cs_rfc822_is(const cs_rfc822_field *f, const char *name);

#endif

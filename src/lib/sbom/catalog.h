/*
 * catalog.h - the installed packages of an opened image, and the SBOM
 * documents written from them.
 *
 * cs_catalog_image() makes one pass over the image's layers
 * (cs_image_contents) for the files package managers leave behind:
 * os-release, the dpkg database (status and distroless status.d/), the
 * apk database, the RPM database when it is rpmdb.sqlite, Python
 * dist-info/egg-info metadata, every package.json
 * under a node_modules directory, and Debian copyright files for dpkg
 * licences.  The bytes are kept until the pass ends, because the purls of
 * dpkg and apk packages depend on os-release, which may come later in
 * layer order.  Each package keeps its evidence: the file it was read
 * from and the digest of the layer that file comes from.
 *
 * Go binaries (build info) and Java archives (pom.properties, nested
 * JARs) are parsed as their bytes arrive and never kept.  What is seen
 * but not read is said, never silently skipped: a Berkeley DB or NDB RPM
 * database, an archive that cannot be read, a database over its limit or
 * one that does not parse each leave a notice.
 *
 * The packages are sorted (type, name, version, arch, evidence path) and
 * each has a stable id, a hash of what identifies it, so the documents
 * are the same bytes for the same image.
 */
#ifndef CS_SBOM_CATALOG_H
#define CS_SBOM_CATALOG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../image/image.h"
#include "../util/buf.h"
#include "pkg.h"

#define CS_CAT_MAX_KEPT (512ull << 20) /* bytes of files kept in a pass */
#define CS_CAT_MAX_FILES 100000u       /* package files read in a pass */
#define CS_CAT_MAX_NOTES 1000u	       /* notices kept (then counted) */

typedef struct cs_cat_pkg {
	cs_pkg pkg;	     /* pkg.source_path is the evidence path */
	const char *layer;   /* digest of the evidence's layer, or NULL
				(a root file system directory) */
	int32_t layer_index; /* -1 for a root file system directory */
	const char *id;	     /* 16 lowercase hex digits, unique */
} cs_cat_pkg;

typedef struct cs_catalog {
	const char *name;    /* the image: repo:tag, else the source's
				base name */
	const char *digest;  /* "sha256:<hex>": the manifest digest,
				else the config digest; NULL for a
				root file system directory */
	const char *purl;    /* pkg:oci/NAME@sha256%3A...?tag=T, or
				NULL without a digest */
	cs_os_release os;    /* all NULL when none was found */
	const char *os_path; /* the os-release file read, or NULL */
	cs_cat_pkg *pkgs;    /* sorted */
	size_t npkgs;
	const char **notes; /* what was seen and not (fully) read */
	size_t nnotes;
	size_t notes_dropped;	 /* past CS_CAT_MAX_NOTES */
	char content_sha256[65]; /* over the image digest and the package
				    ids: names the document */
	cs_arena arena;		 /* owns everything above */
} cs_catalog;

/* Catalog an opened image.  False with err set when the layers cannot be
 * read again or memory runs out; a package file that cannot be parsed is
 * a notice, not a failure. */
bool cs_catalog_image(cs_catalog *cat, const cs_image *img, cs_error *err);
void cs_catalog_free(cs_catalog *cat);

typedef enum cs_sbom_format {
	CS_SBOM_SPDX_JSON = 1,
	CS_SBOM_CYCLONEDX_JSON,
} cs_sbom_format;

typedef struct cs_sbom_opts {
	cs_sbom_format format;
	const char *spec;	  /* CycloneDX "1.5" or "1.6"; NULL: 1.6 */
	int64_t created;	  /* seconds since the epoch, UTC (the CLI
				     passes SOURCE_DATE_EPOCH or now) */
	const char *tool_version; /* "0.4.0" */
} cs_sbom_opts;

/* Write the document into out (jansson's indent-2 bytes, newline ended).
 * False with err set on a bad option or when the buffer fails. */
bool cs_sbom_spdx(const cs_catalog *cat, const cs_sbom_opts *o, cs_buf *out,
		  cs_error *err);
bool cs_sbom_cyclonedx(const cs_catalog *cat, const cs_sbom_opts *o,
		       cs_buf *out, cs_error *err);

/* Helpers the writers share (catalog.c). */
/* RFC 3339 UTC "1970-01-01T00:00:00Z" into buf (at least 32 bytes). */
void cs_sbom_time(int64_t t, char *buf, size_t size);
/* The same text with every byte outside [A-Za-z0-9.-] made '-' (SPDX
 * ids and URI path segments). */
char *cs_sbom_idsafe(cs_arena *a, const char *s);
/* The licence is an SPDX expression: ids on the list cs_sbom_known_id
 * knows, or LicenseRef-*, joined by AND, OR, WITH and parentheses. */
bool cs_sbom_is_expression(const char *s);
/* An SPDX licence id CycloneDX's enum is known to hold. */
bool cs_sbom_known_id(const char *s);
/* The lines of the tool note every document carries. */
extern const char *const cs_sbom_not_cataloged;

#endif

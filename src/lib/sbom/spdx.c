/*
 * spdx.c - an image's catalog as an SPDX 2.3 JSON document; see catalog.h.
 *
 * The shape follows what SBOM consumers already read from Syft: one
 * package for the image (purpose CONTAINER, its digest as checksum and
 * purl), one per installed package, the document DESCRIBES the image and
 * the image CONTAINS each package.  Nothing in the bytes depends on the
 * clock or the machine except `created`, which the caller chooses
 * (SOURCE_DATE_EPOCH): the namespace is a hash of the content, the ids
 * hashes of what identifies each package.
 *
 * A licence that is not an SPDX expression cannot be licenseDeclared
 * without an extracted-licence entry; it is NOASSERTION and the text the
 * database gave goes to licenseComments, so nothing is lost.
 */
#include "catalog.h"

#include <string.h>

#include "../util/jsonw.h"

static void notes(cs_jw *w, const cs_catalog *cat, cs_buf *tmp)
{
	cs_buf_reset(tmp);
	cs_buf_adds(tmp, cs_sbom_not_cataloged);
	cs_buf_adds(tmp, ".");
	for (size_t i = 0; i < cat->nnotes; i++) {
		cs_buf_adds(tmp, "\n");
		cs_buf_adds(tmp, cat->notes[i]);
	}
	if (cat->notes_dropped)
		cs_buf_printf(tmp, "\n%zu more notices", cat->notes_dropped);
	cs_buf_addc(tmp, '\0');
	cs_jw_str(w, "comment", tmp->failed ? "" : tmp->data);
}

static void purl_ref(cs_jw *w, const char *purl)
{
	if (!purl)
		return;
	cs_jw_array(w, "externalRefs");
	cs_jw_object(w, NULL);
	cs_jw_str(w, "referenceCategory", "PACKAGE-MANAGER");
	cs_jw_str(w, "referenceLocator", purl);
	cs_jw_str(w, "referenceType", "purl");
	cs_jw_end(w);
	cs_jw_end(w);
}

static void package(cs_jw *w, const cs_cat_pkg *cp, const char *spdxid)
{
	const cs_pkg *p = &cp->pkg;
	cs_jw_object(w, NULL);
	cs_jw_str(w, "SPDXID", spdxid);
	cs_jw_str(w, "name", p->name);
	if (p->version)
		cs_jw_str(w, "versionInfo", p->version);
	cs_jw_str(w, "supplier", "NOASSERTION");
	cs_jw_str(w, "downloadLocation", "NOASSERTION");
	cs_jw_bool(w, "filesAnalyzed", false);
	cs_jw_str(w, "licenseConcluded", "NOASSERTION");
	bool expr = cs_sbom_is_expression(p->license);
	cs_jw_str(w, "licenseDeclared", expr ? p->license : "NOASSERTION");
	if (p->license && !expr)
		cs_jw_strf(w, "licenseComments", "declared as: %s", p->license);
	cs_jw_str(w, "copyrightText", "NOASSERTION");
	if (cp->layer)
		cs_jw_strf(
			w, "sourceInfo", "acquired by %s from %s in layer %s",
			p->origin_cataloger ? p->origin_cataloger : "customs",
			p->source_path, cp->layer);
	else
		cs_jw_strf(w, "sourceInfo", "acquired by %s from %s",
			   p->origin_cataloger ? p->origin_cataloger
					       : "customs",
			   p->source_path);
	purl_ref(w, p->purl);
	cs_jw_end(w);
}

bool cs_sbom_spdx(const cs_catalog *cat, const cs_sbom_opts *o, cs_buf *out,
		  cs_error *err)
{
	cs_arena a;
	cs_arena_init(&a, 0);
	cs_buf tmp;
	cs_buf_init(&tmp, 0);
	cs_jw w;
	cs_jw_init(&w, out);
	char when[32];
	cs_sbom_time(o->created, when, sizeof(when));
	const char *safe = cs_sbom_idsafe(&a, cat->name);
	const char *root = cs_arena_printf(&a, "SPDXRef-DocumentRoot-Image-%s",
					   safe ? safe : "");
	const char **ids = cs_arena_alloc(&a, (cat->npkgs + 1) * sizeof(*ids));
	bool ok = safe && root && ids;
	for (size_t i = 0; ok && i < cat->npkgs; i++) {
		const cs_pkg *p = &cat->pkgs[i].pkg;
		const char *t = cs_sbom_idsafe(&a, p->type);
		const char *n = cs_sbom_idsafe(&a, p->name);
		ids[i] =
			t && n ? cs_arena_printf(&a, "SPDXRef-Package-%s-%s-%s",
						 t, n, cat->pkgs[i].id)
			       : NULL;
		ok = ids[i] != NULL;
	}
	if (!ok) {
		cs_error_set(err, CS_ERR_NOMEM, (cs_mark){0},
			     "while writing SPDX", "out of memory");
		goto out;
	}

	cs_jw_object(&w, NULL);
	cs_jw_str(&w, "spdxVersion", "SPDX-2.3");
	cs_jw_str(&w, "dataLicense", "CC0-1.0");
	cs_jw_str(&w, "SPDXID", "SPDXRef-DOCUMENT");
	cs_jw_str(&w, "name", cat->name);
	cs_jw_strf(&w, "documentNamespace", "https://customs.dev/spdx/%s-%s",
		   safe, cat->content_sha256);
	cs_jw_object(&w, "creationInfo");
	cs_jw_str(&w, "created", when);
	cs_jw_array(&w, "creators");
	cs_jw_strf(&w, NULL, "Tool: customs-%s",
		   o->tool_version ? o->tool_version : "unknown");
	cs_jw_end(&w);
	notes(&w, cat, &tmp);
	cs_jw_end(&w);

	cs_jw_array(&w, "packages");
	cs_jw_object(&w, NULL);
	cs_jw_str(&w, "SPDXID", root);
	cs_jw_str(&w, "name", cat->name);
	if (cat->digest)
		cs_jw_str(&w, "versionInfo", cat->digest);
	cs_jw_str(&w, "supplier", "NOASSERTION");
	cs_jw_str(&w, "downloadLocation", "NOASSERTION");
	cs_jw_bool(&w, "filesAnalyzed", false);
	if (cat->digest && strncmp(cat->digest, "sha256:", 7) == 0) {
		cs_jw_array(&w, "checksums");
		cs_jw_object(&w, NULL);
		cs_jw_str(&w, "algorithm", "SHA256");
		cs_jw_str(&w, "checksumValue", cat->digest + 7);
		cs_jw_end(&w);
		cs_jw_end(&w);
	}
	cs_jw_str(&w, "licenseConcluded", "NOASSERTION");
	cs_jw_str(&w, "licenseDeclared", "NOASSERTION");
	cs_jw_str(&w, "copyrightText", "NOASSERTION");
	cs_jw_str(&w, "primaryPackagePurpose", "CONTAINER");
	purl_ref(&w, cat->purl);
	cs_jw_end(&w);
	for (size_t i = 0; i < cat->npkgs; i++)
		package(&w, &cat->pkgs[i], ids[i]);
	cs_jw_end(&w);

	cs_jw_array(&w, "relationships");
	cs_jw_object(&w, NULL);
	cs_jw_str(&w, "spdxElementId", "SPDXRef-DOCUMENT");
	cs_jw_str(&w, "relatedSpdxElement", root);
	cs_jw_str(&w, "relationshipType", "DESCRIBES");
	cs_jw_end(&w);
	for (size_t i = 0; i < cat->npkgs; i++) {
		cs_jw_object(&w, NULL);
		cs_jw_str(&w, "spdxElementId", root);
		cs_jw_str(&w, "relatedSpdxElement", ids[i]);
		cs_jw_str(&w, "relationshipType", "CONTAINS");
		cs_jw_end(&w);
	}
	cs_jw_end(&w);
	cs_jw_end(&w);
	cs_buf_addc(out, '\n');
	ok = cs_jw_ok(&w) && !out->failed && !tmp.failed;
	if (!ok)
		cs_error_set(err, CS_ERR_NOMEM, (cs_mark){0},
			     "while writing SPDX",
			     "the document could not be written");
out:
	cs_buf_free(&tmp);
	cs_arena_free(&a);
	return ok;
}

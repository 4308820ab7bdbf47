/*
 * cyclonedx.c - an image's catalog as a CycloneDX 1.5 or 1.6 JSON BOM;
 * see catalog.h.
 *
 * metadata.component is the image (type container); each package is a
 * library component whose bom-ref is its purl with Syft's package-id
 * qualifier added, because two copies of one npm package in two
 * node_modules directories share a purl and bom-refs must be unique.  The
 * image dependsOn every package.  Evidence (the file and its layer) is
 * carried in customs:* properties, and in 1.6 also as
 * evidence.occurrences.  The serial number is a UUID made from the
 * content hash, so the same image gives the same BOM.
 *
 * CycloneDX checks licence ids against the SPDX list: a single id known
 * to be on it is {license:{id}}, an expression with operators is
 * {expression}, and anything else is kept as {license:{name}}.
 */
#include "catalog.h"

#include <openssl/evp.h>
#include <stdio.h>
#include <string.h>

#include "../util/jsonw.h"

static bool serial(const cs_catalog *cat, const char *spec, char *out)
{
	unsigned char d[EVP_MAX_MD_SIZE];
	unsigned dn = 0;
	EVP_MD_CTX *md = EVP_MD_CTX_new();
	bool ok = md && EVP_DigestInit_ex(md, EVP_sha256(), NULL) &&
		  EVP_DigestUpdate(md, "cyclonedx-", 10) &&
		  EVP_DigestUpdate(md, spec, strlen(spec)) &&
		  EVP_DigestUpdate(md, cat->content_sha256, 64) &&
		  EVP_DigestFinal_ex(md, d, &dn) && dn >= 16;
	EVP_MD_CTX_free(md);
	if (!ok)
		return false;
	/* the layout of a name-based UUID (version 5, RFC 4122 variant) */
	d[6] = (unsigned char)((d[6] & 0x0f) | 0x50);
	d[8] = (unsigned char)((d[8] & 0x3f) | 0x80);
	static const char x[] = "0123456789abcdef";
	char *p = out;
	for (int i = 0; i < 16; i++) {
		if (i == 4 || i == 6 || i == 8 || i == 10)
			*p++ = '-';
		*p++ = x[d[i] >> 4];
		*p++ = x[d[i] & 15];
	}
	*p = '\0';
	return true;
}

static void property(cs_jw *w, const char *name, const char *value)
{
	if (!value)
		return;
	cs_jw_object(w, NULL);
	cs_jw_str(w, "name", name);
	cs_jw_str(w, "value", value);
	cs_jw_end(w);
}

static void licenses(cs_jw *w, const char *lic)
{
	if (!lic)
		return;
	cs_jw_array(w, "licenses");
	cs_jw_object(w, NULL);
	if (cs_sbom_known_id(lic)) {
		cs_jw_object(w, "license");
		cs_jw_str(w, "id", lic);
		cs_jw_end(w);
	} else if (cs_sbom_is_expression(lic) && strchr(lic, ' ')) {
		cs_jw_str(w, "expression", lic);
	} else {
		cs_jw_object(w, "license");
		cs_jw_str(w, "name", lic);
		cs_jw_end(w);
	}
	cs_jw_end(w);
	cs_jw_end(w);
}

static void component(cs_jw *w, const cs_cat_pkg *cp, const char *ref, bool v16)
{
	const cs_pkg *p = &cp->pkg;
	cs_jw_object(w, NULL);
	cs_jw_str(w, "bom-ref", ref);
	cs_jw_str(w, "type", "library");
	cs_jw_str(w, "name", p->name);
	if (p->version)
		cs_jw_str(w, "version", p->version);
	licenses(w, p->license);
	if (p->purl)
		cs_jw_str(w, "purl", p->purl);
	cs_jw_array(w, "properties");
	property(w, "customs:cataloger", p->origin_cataloger);
	property(w, "customs:evidence:layer", cp->layer);
	property(w, "customs:evidence:path", p->source_path);
	property(w, "customs:package:arch", p->arch);
	property(w, "customs:package:upstream", p->upstream);
	cs_jw_end(w);
	if (v16) {
		cs_jw_object(w, "evidence");
		cs_jw_array(w, "occurrences");
		cs_jw_object(w, NULL);
		cs_jw_str(w, "location", p->source_path);
		cs_jw_end(w);
		cs_jw_end(w);
		cs_jw_end(w);
	}
	cs_jw_end(w);
}

bool cs_sbom_cyclonedx(const cs_catalog *cat, const cs_sbom_opts *o,
		       cs_buf *out, cs_error *err)
{
	const char *spec = o->spec ? o->spec : "1.6";
	if (strcmp(spec, "1.5") != 0 && strcmp(spec, "1.6") != 0) {
		cs_error_set(err, CS_ERR_USAGE, (cs_mark){0},
			     "while writing CycloneDX",
			     "unknown CycloneDX version '%s' (1.5, 1.6)", spec);
		return false;
	}
	bool v16 = spec[2] == '6';
	char uuid[40], when[32];
	cs_sbom_time(o->created, when, sizeof(when));
	cs_arena a;
	cs_arena_init(&a, 0);
	const char **refs =
		cs_arena_alloc(&a, (cat->npkgs + 1) * sizeof(*refs));
	const char *safe = cs_sbom_idsafe(&a, cat->name);
	const char *root = safe ? cs_arena_printf(&a, "image-%s", safe) : NULL;
	bool ok = refs && root && serial(cat, spec, uuid);
	for (size_t i = 0; ok && i < cat->npkgs; i++) {
		const cs_cat_pkg *cp = &cat->pkgs[i];
		const char *purl = cp->pkg.purl;
		refs[i] = purl ? cs_arena_printf(&a, "%s%cpackage-id=%s", purl,
						 strchr(purl, '?') ? '&' : '?',
						 cp->id)
			       : cs_arena_printf(&a, "customs:package:%s",
						 cp->id);
		ok = refs[i] != NULL;
	}
	if (!ok) {
		cs_error_set(err, CS_ERR_NOMEM, (cs_mark){0},
			     "while writing CycloneDX", "out of memory");
		cs_arena_free(&a);
		return false;
	}

	cs_jw w;
	cs_jw_init(&w, out);
	cs_jw_object(&w, NULL);
	cs_jw_strf(&w, "$schema",
		   "http://cyclonedx.org/schema/bom-%s.schema.json", spec);
	cs_jw_str(&w, "bomFormat", "CycloneDX");
	cs_jw_str(&w, "specVersion", spec);
	cs_jw_strf(&w, "serialNumber", "urn:uuid:%s", uuid);
	cs_jw_int(&w, "version", 1);

	cs_jw_object(&w, "metadata");
	cs_jw_str(&w, "timestamp", when);
	cs_jw_object(&w, "tools");
	cs_jw_array(&w, "components");
	cs_jw_object(&w, NULL);
	cs_jw_str(&w, "type", "application");
	cs_jw_str(&w, "name", "customs");
	cs_jw_str(&w, "version", o->tool_version ? o->tool_version : "unknown");
	cs_jw_end(&w);
	cs_jw_end(&w);
	cs_jw_end(&w);
	cs_jw_object(&w, "component");
	cs_jw_str(&w, "bom-ref", root);
	cs_jw_str(&w, "type", "container");
	cs_jw_str(&w, "name", cat->name);
	if (cat->digest)
		cs_jw_str(&w, "version", cat->digest);
	if (cat->digest && strncmp(cat->digest, "sha256:", 7) == 0) {
		cs_jw_array(&w, "hashes");
		cs_jw_object(&w, NULL);
		cs_jw_str(&w, "alg", "SHA-256");
		cs_jw_str(&w, "content", cat->digest + 7);
		cs_jw_end(&w);
		cs_jw_end(&w);
	}
	if (cat->purl)
		cs_jw_str(&w, "purl", cat->purl);
	cs_jw_end(&w);
	cs_jw_array(&w, "properties");
	property(&w, "customs:note", cs_sbom_not_cataloged);
	for (size_t i = 0; i < cat->nnotes; i++)
		property(&w, "customs:note", cat->notes[i]);
	if (cat->notes_dropped) {
		char more[64];
		snprintf(more, sizeof(more), "%zu more notices",
			 cat->notes_dropped);
		property(&w, "customs:note", more);
	}
	if (cat->os.id) {
		property(&w, "customs:os:id", cat->os.id);
		property(&w, "customs:os:version", cat->os.version_id);
		property(&w, "customs:os:path", cat->os_path);
	}
	cs_jw_end(&w);
	cs_jw_end(&w);

	cs_jw_array(&w, "components");
	for (size_t i = 0; i < cat->npkgs; i++)
		component(&w, &cat->pkgs[i], refs[i], v16);
	cs_jw_end(&w);

	cs_jw_array(&w, "dependencies");
	cs_jw_object(&w, NULL);
	cs_jw_str(&w, "ref", root);
	cs_jw_array(&w, "dependsOn");
	for (size_t i = 0; i < cat->npkgs; i++)
		cs_jw_str(&w, NULL, refs[i]);
	cs_jw_end(&w);
	cs_jw_end(&w);
	cs_jw_end(&w);
	cs_jw_end(&w);
	cs_buf_addc(out, '\n');
	ok = cs_jw_ok(&w) && !out->failed;
	if (!ok)
		cs_error_set(err, CS_ERR_NOMEM, (cs_mark){0},
			     "while writing CycloneDX",
			     "the document could not be written");
	cs_arena_free(&a);
	return ok;
}

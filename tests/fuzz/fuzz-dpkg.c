/*
 * fuzz-dpkg.c - libFuzzer target for the dpkg status reader and the
 * copyright licence reader.
 *
 * The input is read as a status file, with and without a Debian
 * os-release (purls built or not), and as a copyright file.  A failure
 * must carry an error; a success must leave only whole packages.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "sbom/pkg.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_str(const char *s, bool may_be_null)
{
	if (!s) {
		if (!may_be_null)
			__builtin_trap();
		return;
	}
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 && *s != '\t')
			__builtin_trap();
}

/* Every kept package is whole: required strings set, no control bytes,
 * a purl that starts as one, marks inside the input. */
static void check_list(const cs_pkg_list *l, const char *type,
		       uint32_t max_line)
{
	if (l->n > CS_PKG_MAX_PKGS)
		__builtin_trap();
	for (size_t i = 0; i < l->n; i++) {
		const cs_pkg *p = &l->items[i];
		if (strcmp(p->type, type) != 0 || !p->origin_cataloger)
			__builtin_trap();
		check_str(p->name, false);
		check_str(p->version, false);
		check_str(p->arch, true);
		check_str(p->license, true);
		check_str(p->upstream, true);
		check_str(p->maintainer, true);
		if (p->purl && strncmp(p->purl, "pkg:", 4) != 0)
			__builtin_trap();
		if (p->mark.line < 1 || p->mark.line > max_line)
			__builtin_trap();
	}
}

static uint32_t lines(const uint8_t *data, size_t size)
{
	uint32_t n = 1;
	for (size_t i = 0; i < size; i++)
		n += data[i] == '\n';
	return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	cs_arena a;
	cs_arena_init(&a, 256u * 1024 * 1024);
	const char *d = (const char *)data;
	uint32_t max = lines(data, size);
	cs_os_release os = {.id = "debian", .version_id = "12"};
	for (int pass = 0; pass < 2; pass++) {
		cs_pkg_list l;
		cs_pkg_list_init(&l);
		cs_error err = {0};
		if (!cs_dpkg_parse(d, size, "/var/lib/dpkg/status",
				   pass ? &os : NULL, &a, &l, &err) &&
		    err.code == CS_OK)
			__builtin_trap();
		check_list(&l, "deb", max);
		for (size_t i = 0; pass && i < l.n; i++)
			if (!l.items[i].purl)
				__builtin_trap();
	}
	const char **ids;
	size_t n;
	cs_error err = {0};
	if (!cs_dpkg_copyright_licenses(d, size, &a, &ids, &n, &err) &&
	    err.code == CS_OK)
		__builtin_trap();
	if (n > CS_PKG_MAX_LICENSES)
		__builtin_trap();
	for (size_t i = 0; i < n; i++)
		check_str(ids[i], false);
	cs_license_and(ids, n, &a);
	cs_arena_free(&a);
	return 0;
}

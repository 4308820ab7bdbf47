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

#include "pkg-checks.h"
#include "sbom/pkg.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

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

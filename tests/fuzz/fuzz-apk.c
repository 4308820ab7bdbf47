/*
 * fuzz-apk.c - libFuzzer target for the apk installed-database reader,
 * with and without an os-release (purls built or not).
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
	uint32_t max = lines(data, size);
	cs_os_release os = {.id = "alpine", .version_id = "3.19.1"};
	for (int pass = 0; pass < 2; pass++) {
		cs_pkg_list l;
		cs_pkg_list_init(&l);
		cs_error err = {0};
		if (!cs_apk_parse((const char *)data, size,
				  "/lib/apk/db/installed", pass ? &os : NULL,
				  &a, &l, &err) &&
		    err.code == CS_OK)
			__builtin_trap();
		check_list(&l, "apk", max);
		for (size_t i = 0; i < l.n; i++)
			if (!l.items[i].purl != !pass)
				__builtin_trap();
	}
	cs_arena_free(&a);
	return 0;
}

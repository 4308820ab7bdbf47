/*
 * fuzz-npm.c - libFuzzer target for package.json.
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
	cs_pkg_list l;
	cs_pkg_list_init(&l);
	cs_error err = {0};
	if (!cs_npm_parse((const char *)data, size, "/package.json", &a, &l,
			  &err) &&
	    err.code == CS_OK)
		__builtin_trap();
	check_list(&l, "npm", 1);
	if (l.n > 1 || (l.n && !l.items[0].purl))
		__builtin_trap();
	cs_arena_free(&a);
	return 0;
}

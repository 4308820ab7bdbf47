/*
 * fuzz-gobin.c - libFuzzer target for Go build info in binaries.
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
	if (!cs_go_buildinfo_parse(data, size, "/bin/app", &a, &l, &err) &&
	    err.code == CS_OK)
		__builtin_trap();
	check_list(&l, "golang", lines(data, size));
	for (size_t i = 0; i < l.n; i++)
		if (!l.items[i].purl)
			__builtin_trap();
	cs_arena_free(&a);
	return 0;
}

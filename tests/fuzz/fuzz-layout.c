/*
 * fuzz-layout.c - libFuzzer target for the OCI layout index.json check
 * (cs_layout_index_check), the gate every layout passes before any of
 * its digests becomes a file name.
 *
 * An accepted index must hold only descriptors whose digest is
 * "sha256:<64 lowercase hex>": anything else reaching the file system
 * would be a path traversal.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <jansson.h>

#include "sign/layout.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	cs_error err = {0};
	if (!cs_layout_index_check(data, size, &err)) {
		if (!err.message[0])
			__builtin_trap();
		return 0;
	}
	json_t *idx = json_loadb((const char *)data, size, 0, NULL);
	if (!idx)
		__builtin_trap();
	size_t i;
	json_t *d;
	json_array_foreach(json_object_get(idx, "manifests"), i, d)
	{
		const char *dg =
			json_string_value(json_object_get(d, "digest"));
		if (!dg || strlen(dg) != 71 || strncmp(dg, "sha256:", 7) ||
		    strspn(dg + 7, "0123456789abcdef") != 64)
			__builtin_trap();
	}
	json_decref(idx);
	return 0;
}

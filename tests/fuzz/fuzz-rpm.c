/*
 * fuzz-rpm.c - libFuzzer target for the RPM header blob parser: every
 * byte string either parses into clean strings or fails with an error set.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "sbom/pkg.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_str(const char *s)
{
	if (!s)
		return;
	if (!*s)
		__builtin_trap();
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 && *s != '\t')
			__builtin_trap();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	cs_arena a;
	cs_arena_init(&a, 64u * 1024 * 1024);
	cs_rpm_header h;
	cs_error err = {0};
	if (cs_rpm_header_parse(data, size, &a, &h, &err)) {
		const char *all[] = {h.name,  h.version,  h.release,
				     h.epoch, h.vendor,	  h.license,
				     h.arch,  h.sourcerpm};
		for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++)
			check_str(all[i]);
	} else if (err.code == CS_OK) {
		__builtin_trap();
	}
	cs_arena_free(&a);
	return 0;
}

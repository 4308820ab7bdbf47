/*
 * fuzz-config.c - libFuzzer target for the YAML loader and .customs.yaml.
 *
 * Every input must end in success or a located error, within the loader's
 * limits; the arena cap stands in for a hostile file's memory appetite.
 */
#include <stddef.h>
#include <stdint.h>

#include "config.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	cs_arena a;
	cs_arena_init(&a, 64u * 1024 * 1024);
	cs_config c;
	cs_config_init(&c);
	cs_error err = {0};
	if (!cs_config_parse(&c, (const char *)data, size, "fuzz", "2026-01-01",
			     &a, &err)) {
		/* errors carry a position inside the input or none */
		if (err.mark.line > size + 2)
			__builtin_trap();
	}
	cs_arena_free(&a);
	return 0;
}

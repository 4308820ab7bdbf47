/*
 * pkg-checks.h - what every package-database fuzz target asserts of a
 * parser's result: each kept package is whole (required strings set, no
 * control bytes, a purl that starts as one, a mark inside the input).
 * Included by the fuzz-*.c targets; not a target itself.
 */
#ifndef CS_FUZZ_PKG_CHECKS_H
#define CS_FUZZ_PKG_CHECKS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "sbom/pkg.h"

static inline void check_str(const char *s, bool may_be_null)
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
static inline void check_list(const cs_pkg_list *l, const char *type,
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

static inline uint32_t lines(const uint8_t *data, size_t size)
{
	uint32_t n = 1;
	for (size_t i = 0; i < size; i++)
		n += data[i] == '\n';
	return n;
}

#endif

/*
 * fuzz-pkginfo.c - libFuzzer target for Python core metadata (METADATA,
 * PKG-INFO) and the RFC 822 line reader under it.
 *
 * The reader must cover the input exactly: every event's line inside it,
 * fields inside the buffer, and the end reached.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "pkg-checks.h"
#include "sbom/pkg.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void reader(const char *d, size_t size, uint32_t max)
{
	cs_rfc822 r;
	cs_rfc822_init(&r, d, size);
	cs_rfc822_field f;
	cs_rfc822_ev ev;
	size_t events = 0;
	while ((ev = cs_rfc822_next(&r, &f)) != CS_RFC822_EOF) {
		if (++events > size || f.line < 1 || f.line > max)
			__builtin_trap();
		if (ev == CS_RFC822_FIELD &&
		    (f.name < d || f.name + f.name_len > d + size ||
		     f.value < d || f.value + f.value_len > d + size ||
		     !f.name_len))
			__builtin_trap();
	}
	if (size && r.p != d + size)
		__builtin_trap();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	cs_arena a;
	cs_arena_init(&a, 256u * 1024 * 1024);
	const char *d = (const char *)data;
	uint32_t max = lines(data, size);
	reader(d, size, max);
	cs_pkg_list l;
	cs_pkg_list_init(&l);
	cs_error err = {0};
	if (!cs_python_parse(d, size, "/x.dist-info/METADATA", &a, &l, &err) &&
	    err.code == CS_OK)
		__builtin_trap();
	check_list(&l, "pypi", max);
	if (l.n > 1 || (l.n && !l.items[0].purl))
		__builtin_trap();
	cs_arena_free(&a);
	return 0;
}

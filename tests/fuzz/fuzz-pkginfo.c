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

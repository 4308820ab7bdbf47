/*
 * fuzz-osrelease.c - libFuzzer target for os-release, and for the purl
 * builder fed with what it yields.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "sbom/pkg.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	cs_arena a;
	cs_arena_init(&a, 64u * 1024 * 1024);
	cs_os_release os;
	cs_error err = {0};
	if (!cs_os_release_parse((const char *)data, size, &a, &os, &err)) {
		if (err.code == CS_OK)
			__builtin_trap();
		cs_arena_free(&a);
		return 0;
	}
	const char *v[] = {os.id, os.id_like, os.version_id,
			   os.version_codename, os.pretty_name, os.build_id};
	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++)
		if (v[i] && (!*v[i] || strlen(v[i]) > size))
			__builtin_trap();
	cs_os_release_is(&os, "debian");
	const char *distro = cs_os_release_distro(&os, &a);
	if (!os.id != !distro)
		__builtin_trap();
	/* every value as every purl part: the result is ASCII, unreserved
	 * or percent-encoded */
	cs_purl_qual q[] = {{"distro", distro}, {"x", os.pretty_name}};
	const char *p = cs_purl_build(&a, "deb", os.id_like, os.pretty_name,
				      os.version_id, q, 2, os.build_id);
	for (; p && *p; p++)
		if ((unsigned char)*p <= ' ' || (unsigned char)*p >= 0x7f)
			__builtin_trap();
	cs_purl_rpm(&a, &os, os.version_codename, os.version_id, os.build_id,
		    os.pretty_name, os.id, os.id_like);
	cs_purl_golang(&a, os.pretty_name, os.version_id);
	cs_arena_free(&a);
	return 0;
}

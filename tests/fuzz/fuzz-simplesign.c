/*
 * fuzz-simplesign.c - libFuzzer target for the simple-signing payload
 * parser and the docker-reference naming of image names.
 *
 * Every input must end in a parsed payload or an error, never a crash;
 * a parsed payload's annotations must be queryable, and a name that is
 * accepted must give a repository with a registry and no tag or digest.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sign/layout.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	cs_error err = {0};
	cs_simplesign s;
	if (cs_simplesign_parse(&s, data, size, &err)) {
		if (!s.docker_ref || !s.digest || !s.type)
			__builtin_trap();
		(void)cs_simplesign_has(&s, "a", "b");
		/* what we parse, we can write again */
		cs_buf b;
		cs_buf_init(&b, 1u << 20);
		cs_error e2 = {0};
		(void)cs_simplesign_payload(&b, s.docker_ref, s.digest, NULL, 0,
					    &e2);
		cs_buf_free(&b);
		cs_simplesign_free(&s);
	} else if (!err.message[0]) {
		__builtin_trap();
	}

	char name[512], out[600];
	size_t n = size < sizeof(name) - 1 ? size : sizeof(name) - 1;
	memcpy(name, data, n);
	name[n] = '\0';
	if (cs_docker_reference(name, out, sizeof(out))) {
		const char *slash = strchr(out, '/');
		if (!slash || strchr(out, '@') || strchr(slash, ':'))
			__builtin_trap();
	}
	return 0;
}

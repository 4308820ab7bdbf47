/*
 * fuzz-keyfile.c - libFuzzer target for key files: the same bytes are
 * read as a private key (cosign's encrypted envelope with a fixed
 * password, PKCS#8, SEC1, PKCS#1) and as a public key.
 *
 * Every input must end in a key or an error with a message; a key that
 * loads must also sign and verify its own signature (a key accepted but
 * unusable would be a parser bug).  Valid scrypt parameters make an input
 * slow (tens of milliseconds): the seed with N=32768 is there on
 * purpose, most mutations of it leave the accepted set.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "sign/keys.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void exercise(cs_key *k)
{
	cs_buf sig, pem;
	cs_buf_init(&sig, 0);
	cs_buf_init(&pem, 0);
	cs_error err = {0};
	char hint[45];
	if (!cs_key_hint(k, hint, &err) || strlen(hint) != 44)
		__builtin_trap();
	if (!cs_key_public_pem(k, &pem, &err))
		__builtin_trap();
	if (cs_key_is_private(k)) {
		if (!cs_key_sign(k, "fuzz", 4, &sig, &err) ||
		    !cs_key_verify(k, "fuzz", 4, (unsigned char *)sig.data,
				   sig.len, &err))
			__builtin_trap();
	}
	cs_buf_free(&sig);
	cs_buf_free(&pem);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *pem = (const char *)data;
	cs_key *k = NULL;
	cs_error err = {0};
	(void)cs_key_pem_encrypted(pem, size);
	if (cs_key_load_private(&k, pem, size, "customs-test", 12, &err)) {
		exercise(k);
		cs_key_free(k);
	} else if (!err.message[0] || k) {
		__builtin_trap();
	}
	k = NULL;
	memset(&err, 0, sizeof(err));
	if (cs_key_load_public(&k, pem, size, &err)) {
		exercise(k);
		cs_key_free(k);
	} else if (!err.message[0] || k) {
		__builtin_trap();
	}
	return 0;
}

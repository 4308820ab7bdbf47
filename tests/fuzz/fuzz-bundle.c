/*
 * fuzz-bundle.c - libFuzzer target for Sigstore bundles (cs_bundle_parse).
 *
 * Every input must end in a parsed bundle whose fields keep their stated
 * bounds, or an error with a message; a message-signature bundle is also
 * verified against a fixed key (it must not verify, and must not crash).
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "sign/bundle.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* tests/sign/keys/pkcs8.pub; its private half is in the repository,
 * but no seed is signed with it */
static const char pub[] =
	"-----BEGIN PUBLIC KEY-----\n"
	"MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEtxWMwNg6f9rDEWTae0L5LTLw1//p\n"
	"EjpsU/DFA8uYKP8tvgKJQryMsLAHh1jzH2W+u/xTWWgiaZMZM5RxMKeSbw==\n"
	"-----END PUBLIC KEY-----\n";
static cs_key *key;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	cs_bundle b;
	cs_error err = {0};
	if (!key && !cs_key_load_public(&key, pub, sizeof(pub) - 1, &err))
		__builtin_trap();
	if (!cs_bundle_parse(&b, (const char *)data, size, &err)) {
		if (!err.message[0])
			__builtin_trap();
		cs_bundle_free(&b);
		return 0;
	}
	if (!b.media_type)
		__builtin_trap();
	if (b.kind == CS_BUNDLE_MESSAGE) {
		if (!b.sig || !b.sig_len || b.sig_len > CS_KEY_MAX_SIG ||
		    b.digest_len > CS_KEY_MAX_DIGEST ||
		    (b.digest_alg && !b.digest_len))
			__builtin_trap();
		/* nobody holds this key's private half: nothing verifies */
		unsigned char dg[32] = {0};
		if (b.digest_len == 32)
			memcpy(dg, b.digest, 32);
		if (cs_key_verify_digest(key, dg, 32, b.sig, b.sig_len, &err))
			__builtin_trap();
	} else if (b.kind != CS_BUNDLE_DSSE) {
		__builtin_trap();
	}
	cs_bundle_free(&b);
	return 0;
}

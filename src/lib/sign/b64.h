/*
 * b64.h - base64 as the signing formats use it.
 *
 * Go's encoding/json writes []byte as standard base64 with padding, so
 * that is what we write.  On input, DSSE allows standard or URL-safe
 * alphabets with or without padding, and signature files often end with
 * a newline: cs_b64_decode accepts both alphabets, optional padding and
 * ASCII whitespace (ignored), and nothing else (libsodium's
 * constant-time, strict decoder underneath).
 */
#ifndef CS_SIGN_B64_H
#define CS_SIGN_B64_H

#include <stdbool.h>
#include <stddef.h>

#include "../util/buf.h"

/* Append the standard padded encoding of p[0..n) to out. */
bool cs_b64_encode(cs_buf *out, const void *p, size_t n);
/* Decode s[0..n) into out (appended); false on anything malformed. */
bool cs_b64_decode(cs_buf *out, const char *s, size_t n);

#endif

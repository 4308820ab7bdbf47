/*
 * b64.c - base64 for the signing formats; see b64.h.
 *
 * libsodium's codec does the work: it is strict about padding and refuses
 * non-zero bits after the last symbol.  It is not strict about bytes
 * above 0x7f (libsodium 1.0.18 decodes some of them as digits), so every
 * character is checked against the alphabet here first.  It wants the
 * variant named up front, so the alphabet is picked from the characters
 * present ('+' or '/' standard, '-' or '_' URL-safe; both is an error) and
 * the padded variant from a trailing '='.
 */
#include "b64.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#define B64_SPACE " \t\r\n\v\f"

bool cs_b64_encode(cs_buf *out, const void *p, size_t n)
{
	if (n > ((size_t)-1 / 4) * 3 - 3)
		return false;
	size_t enc =
		sodium_base64_ENCODED_LEN(n, sodium_base64_VARIANT_ORIGINAL);
	char *tmp = malloc(enc);
	if (!tmp) {
		out->failed = true;
		return false;
	}
	sodium_bin2base64(tmp, enc, p, n, sodium_base64_VARIANT_ORIGINAL);
	bool ok = cs_buf_add(out, tmp, enc - 1);
	free(tmp);
	return ok;
}

bool cs_b64_decode(cs_buf *out, const char *s, size_t n)
{
	bool std = false, url = false, padded = false;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (c == '+' || c == '/')
			std = true;
		else if (c == '-' || c == '_')
			url = true;
		else if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
			   (c >= '0' && c <= '9') || c == '=' ||
			   (c && strchr(B64_SPACE, c))))
			return false;
	}
	if (std && url)
		return false;
	size_t end = n;
	while (end > 0 && strchr(B64_SPACE, s[end - 1]))
		end--;
	if (end == 0)
		return true; /* empty (or only spaces): zero bytes */
	padded = s[end - 1] == '=';
	int variant =
		url ? (padded ? sodium_base64_VARIANT_URLSAFE
			      : sodium_base64_VARIANT_URLSAFE_NO_PADDING)
		    : (padded ? sodium_base64_VARIANT_ORIGINAL
			      : sodium_base64_VARIANT_ORIGINAL_NO_PADDING);
	size_t cap = end / 4 * 3 + 3;
	unsigned char *tmp = malloc(cap);
	if (!tmp) {
		out->failed = true;
		return false;
	}
	size_t len = 0;
	/* no end pointer: every character must be consumed */
	bool ok = sodium_base642bin(tmp, cap, s, end, B64_SPACE, &len, NULL,
				    variant) == 0;
	if (ok)
		ok = cs_buf_add(out, tmp, len);
	free(tmp);
	return ok;
}

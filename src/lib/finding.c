/*
 * finding.c - severity names and weights, suppression names, fingerprints.
 *
 * The weights are the score's currency (DESIGN.md "Score and grade") and the
 * fingerprint is a public contract: baselines and SARIF consumers match
 * findings across runs by it, so its input and hash must never change.  Each
 * part is followed by a 0 byte so that ("ab", "c") and ("a", "bc") differ.
 */
#include "finding.h"

#include <inttypes.h>
#include <stdio.h>
#include <strings.h>

static const char *const sev_names[CS_SEV_COUNT] = {
	[CS_SEV_INFO] = "info",
	[CS_SEV_LOW] = "low",
	[CS_SEV_MEDIUM] = "medium",
	[CS_SEV_HIGH] = "high",
	[CS_SEV_CRITICAL] = "critical",
};

static const int sev_weights[CS_SEV_COUNT] = {
	[CS_SEV_INFO] = 0,
	[CS_SEV_LOW] = 1,
	[CS_SEV_MEDIUM] = 3,
	[CS_SEV_HIGH] = 6,
	[CS_SEV_CRITICAL] = 10,
};

const char *cs_severity_name(cs_severity s)
{
	if ((unsigned)s >= CS_SEV_COUNT)
		return "info";
	return sev_names[s];
}

/* Case-insensitive: `--fail-on HIGH` and `severity: High` mean the same. */
bool cs_severity_parse(const char *s, cs_severity *out)
{
	if (!s)
		return false;
	for (int i = 0; i < CS_SEV_COUNT; i++) {
		if (strcasecmp(s, sev_names[i]) == 0) {
			*out = (cs_severity)i;
			return true;
		}
	}
	return false;
}

int cs_severity_weight(cs_severity s)
{
	if ((unsigned)s >= CS_SEV_COUNT)
		return 0;
	return sev_weights[s];
}

const char *cs_supp_name(cs_supp s)
{
	switch (s) {
	case CS_SUPP_INLINE:
		return "inline";
	case CS_SUPP_FILE:
		return "file";
	case CS_SUPP_CONFIG:
		return "config";
	case CS_SUPP_ANNOTATION:
		return "annotation";
	case CS_SUPP_NONE:
		break;
	}
	return "none";
}

#define FNV_PRIME 0x100000001b3ULL

uint64_t cs_fp_bytes(uint64_t h, const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	for (size_t i = 0; i < n; i++) {
		h ^= p[i];
		h *= FNV_PRIME;
	}
	return h;
}

uint64_t cs_fp_part(uint64_t h, const char *s)
{
	for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p;
	     p++) {
		h ^= *p;
		h *= FNV_PRIME;
	}
	h ^= 0;   /* the separator byte */
	h *= FNV_PRIME;
	return h;
}

void cs_fp_hex(char out[17], uint64_t h)
{
	static const char hex[] = "0123456789abcdef";
	for (int i = 15; i >= 0; i--) {
		out[i] = hex[h & 15];
		h >>= 4;
	}
	out[16] = '\0';
}

void cs_fingerprint(char out[17], const char *rule_id, const char *file,
		    const char *subject, const char *path, const char *value)
{
	uint64_t h = CS_FP_INIT;
	h = cs_fp_part(h, rule_id);
	h = cs_fp_part(h, file);
	h = cs_fp_part(h, subject);
	h = cs_fp_part(h, path);
	h = cs_fp_part(h, value);
	cs_fp_hex(out, h);
}

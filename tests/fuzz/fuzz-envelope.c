/*
 * fuzz-envelope.c - libFuzzer target for DSSE envelopes and the in-toto
 * Statements inside them.
 *
 * The input is parsed as an envelope; when that works its payload is
 * parsed as a Statement, and the input itself is tried as a Statement
 * too (a hostile payload reaches the statement parser only after a
 * signature verified, but the parser must not rely on that).  Whatever
 * parses must be consistent: a statement has subjects with digests, and
 * an envelope signatures within the limit.
 */
#include <stddef.h>
#include <stdint.h>

#include "sign/dsse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void statement(const void *p, size_t n)
{
	cs_intoto_stmt s;
	cs_error err = {0};
	if (!cs_intoto_parse(&s, p, n, &err))
		return;
	if (s.nsubjects == 0 || s.nsubjects > CS_INTOTO_MAX_SUBJECTS ||
	    !s.predicate_type)
		__builtin_trap();
	for (size_t i = 0; i < s.nsubjects; i++)
		if (s.subjects[i].ndigests == 0 ||
		    s.subjects[i].ndigests > CS_INTOTO_MAX_DIGESTS)
			__builtin_trap();
	(void)cs_intoto_has_digest(&s, "sha256", "00", NULL);
	cs_intoto_free(&s);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	cs_dsse_env e;
	cs_error err = {0};
	if (cs_dsse_parse(&e, (const char *)data, size, &err)) {
		if (e.nsigs == 0 || e.nsigs > CS_DSSE_MAX_SIGS ||
		    !e.payload_type || !e.payload)
			__builtin_trap();
		for (size_t i = 0; i < e.nsigs; i++)
			if (e.sigs[i].len == 0 ||
			    e.sigs[i].len > CS_KEY_MAX_SIG)
				__builtin_trap();
		cs_buf pae;
		cs_buf_init(&pae, 0);
		if (!cs_dsse_pae(&pae, e.payload_type, e.payload,
				 e.payload_len))
			__builtin_trap();
		cs_buf_free(&pae);
		statement(e.payload, e.payload_len);
		cs_dsse_free(&e);
	}
	statement(data, size);
	return 0;
}

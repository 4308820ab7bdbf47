/*
 * scan-helpers.h - scan one buffer through the engine and keep what the
 * rule tests assert on: how many findings one rule gave, the first one's
 * place and texts, whether the rule was scored at all, and the first
 * cross-file question it left for the run.
 *
 * The texts are copied out because the file result is freed before the
 * test looks at them.  Each test program builds its own scan options
 * (environment, build arguments, configuration) and calls scan_rule().
 */
#ifndef SCAN_HELPERS_H
#define SCAN_HELPERS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "engine.h"
#include "rules/rule.h"

typedef struct hit {
	size_t n;                /* findings of the rule */
	cs_mark first;           /* where the first one starts */
	char value[128];         /* the first finding's texts */
	char message[512];
	char subject[128];
	char path[128];
	bool applied;            /* the rule was scored */
	size_t npending;         /* findings waiting on a question */
	cs_xref_kind q_kind;     /* the first pending question */
	size_t q_nlabels;
	char q_ns[64], q_name[64], q_role_kind[32];
} hit;

static inline void hit_copy(char *dst, size_t n, const char *s)
{
	snprintf(dst, n, "%s", s ? s : "");
}

static inline hit scan_rule(cs_file_kind kind, const char *name,
			    const char *text, const cs_scan_opts *opts,
			    const char *rule)
{
	cs_file_result r;
	memset(&r, 0, sizeof(r));
	cs_scan_buffer(&r, name, kind, text, strlen(text), opts);
	hit h;
	memset(&h, 0, sizeof(h));
	for (size_t i = 0; i < r.nfindings; i++) {
		const cs_finding *f = &r.findings[i];
		if (strcmp(f->rule->id, rule) != 0 || h.n++ > 0)
			continue;
		h.first = f->start;
		hit_copy(h.value, sizeof(h.value), f->value);
		hit_copy(h.message, sizeof(h.message), f->message);
		hit_copy(h.subject, sizeof(h.subject), f->subject);
		hit_copy(h.path, sizeof(h.path), f->path);
	}
	for (size_t i = 0; i < r.nchecks; i++)
		if (strcmp(r.checks[i].rule->id, rule) == 0)
			h.applied = true;
	for (size_t i = 0; i < r.npending; i++) {
		const cs_xref *q = &r.pending[i].q;
		const cs_finding *f = &r.findings[r.pending[i].finding];
		if (strcmp(f->rule->id, rule) != 0 || h.npending++ > 0)
			continue;
		h.q_kind = q->kind;
		h.q_nlabels = q->nlabels;
		hit_copy(h.q_ns, sizeof(h.q_ns), q->ns);
		hit_copy(h.q_name, sizeof(h.q_name), q->name);
		hit_copy(h.q_role_kind, sizeof(h.q_role_kind), q->role_kind);
	}
	cs_file_result_free(&r);
	return h;
}

#endif

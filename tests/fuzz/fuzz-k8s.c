/*
 * fuzz-k8s.c - libFuzzer target for the Kubernetes normalizer.
 *
 * Whatever the loader accepts (including the documents it completed before
 * a syntax error) is normalized; every object, pod and container the
 * normalizer builds is then read back, so that a dangling pointer or a
 * location outside the input shows up here rather than in a rule.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "model/k8s.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_loc(const cs_loc *l, size_t size)
{
	if (l->at.line > size + 2)
		__builtin_trap();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	cs_arena a;
	cs_arena_init(&a, 64u * 1024 * 1024);
	cs_yaml_stream st;
	cs_error err = {0};
	cs_yaml_load((const char *)data, size, &a, &st, &err);
	cs_k8s k;
	if (cs_k8s_load(&st, &a, &k, &err)) {
		for (size_t i = 0; i < k.nobjects; i++) {
			const cs_k8s_object *o = &k.objects[i];
			if (!o->kind || !o->subject)
				__builtin_trap();
			check_loc(&o->loc, size);
			const cs_k8s_pod *p = o->pod;
			if (!p)
				continue;
			if (p->obj != o)
				__builtin_trap();
			cs_k8s_selector_matches(&o->pod_selector, p->labels.v,
						p->labels.n);
			for (size_t j = 0; j < p->ncontainers; j++) {
				const cs_rt_spec *s = &p->containers[j];
				if (s->pod != p || !s->subject)
					__builtin_trap();
				check_loc(&s->loc, size);
				check_loc(&s->seccomp.loc, size);
				cs_ypath_str(s->seccomp.loc.path, &a);
				for (size_t m = 0; m < s->mounts.n; m++)
					check_loc(&s->mounts.v[m].source_loc,
						  size);
			}
		}
		for (size_t i = 0; i < k.diags.n; i++)
			if (!k.diags.v[i].message)
				__builtin_trap();
	}
	cs_arena_free(&a);
	return 0;
}

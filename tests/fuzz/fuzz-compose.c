/*
 * fuzz-compose.c - libFuzzer target for the Compose normalizer.
 *
 * Every input is loaded as YAML and, document by document, normalized as a
 * Compose file whether or not it looks like one, with a small environment
 * and a read callback that serves the input itself as `.env` and as every
 * env_file, so the dotenv reader sees hostile bytes too.  Every location
 * must sit inside the input (or inside the env file it names), every
 * service must be complete, and every diagnostic must have a message.  The
 * arena cap stands in for a hostile file's memory appetite.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "model/compose.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static uint32_t max_line;

typedef struct input {
	const char *data;
	size_t size;
} input;

static bool read_input(void *ctx, const char *rel, const char **d,
		       size_t *len)
{
	const input *in = ctx;
	if (!rel || !*rel)
		__builtin_trap();
	*d = in->data;
	*len = in->size;
	return true;
}

static void check_loc(const cs_loc *l)
{
	if (!cs_loc_set(l))
		return;
	/* the input doubles as every env file, so one bound serves both */
	if (l->at.line > max_line || l->at.col < 1)
		__builtin_trap();
}

static void check_spec(const cs_compose_service *svc, cs_arena *a)
{
	const cs_rt_spec *s = &svc->spec;
	if (!svc->name || !s->subject || s->service != svc ||
	    s->origin != CS_RT_COMPOSE || !cs_loc_set(&s->loc))
		__builtin_trap();
	check_loc(&s->loc);
	cs_ypath_str(s->loc.path, a);
	check_loc(&s->image.loc);
	check_loc(&s->user.loc);
	check_loc(&s->privileged.loc);
	check_loc(&s->allow_priv_esc.loc);
	check_loc(&s->seccomp.loc);
	for (size_t i = 0; i < s->cap_add.n; i++) {
		if (!s->cap_add.v[i].v)
			__builtin_trap();
		check_loc(&s->cap_add.v[i].loc);
		cs_ypath_str(s->cap_add.v[i].loc.path, a);
	}
	for (size_t i = 0; i < s->mounts.n; i++) {
		const cs_rt_mount *m = &s->mounts.v[i];
		if (!m->kind || !m->type)
			__builtin_trap();
		check_loc(&m->loc);
	}
	for (size_t i = 0; i < s->ports.n; i++) {
		const cs_rt_port *p = &s->ports.v[i];
		if (!p->protocol || p->host_port < 0 ||
		    p->container_port < 0)
			__builtin_trap();
		check_loc(&p->loc);
	}
	for (size_t i = 0; i < s->env.n; i++) {
		const cs_rt_env *e = &s->env.v[i];
		if (!e->name || (e->kind == CS_ENV_LITERAL && !e->value))
			__builtin_trap();
		if (e->from_env_file != (e->loc.file != NULL))
			__builtin_trap();
		check_loc(&e->loc);
	}
	for (size_t i = 0; i < s->sysctls.n; i++)
		if (!s->sysctls.v[i].name)
			__builtin_trap();
	for (size_t i = 0; i < svc->networks.n; i++)
		if (!svc->networks.v[i].name)
			__builtin_trap();
	if (s->builds && !svc->build_context)
		__builtin_trap();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const env[] = {
		"TAG=1.0", "EMPTY=", "PRIV=true", "HOME=/home/u", NULL,
	};
	cs_arena a;
	cs_arena_init(&a, 256u * 1024 * 1024);
	max_line = 1;
	for (size_t i = 0; i < size; i++)
		max_line += data[i] == '\n' || data[i] == '\r';
	input in = {(const char *)data, size};
	cs_compose_opts o = {.environ = env, .read = read_input,
			     .read_ctx = &in};
	cs_yaml_stream st;
	cs_error err = {0};
	cs_yaml_load((const char *)data, size, &a, &st, &err);
	for (size_t d = 0; d < st.ndocs; d++) {
		cs_compose c;
		cs_error cerr = {0};
		cs_compose_detect(st.docs[d]);
		if (!cs_compose_load(st.docs[d], &o, &a, &c, &cerr)) {
			if (cerr.code != CS_ERR_NOMEM)
				__builtin_trap();
			continue;
		}
		for (size_t i = 0; i < c.diags.n; i++) {
			if (!c.diags.v[i].message)
				__builtin_trap();
			check_loc(&(cs_loc){.at = c.diags.v[i].mark});
		}
		for (size_t i = 0; i < c.nservices; i++)
			check_spec(&c.services[i], &a);
	}
	cs_arena_free(&a);
	return 0;
}

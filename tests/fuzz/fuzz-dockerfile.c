/*
 * fuzz-dockerfile.c - libFuzzer target for the Dockerfile parser, the build
 * model and the shell splitter.
 *
 * Every input is parsed, modelled (with a --target and a --build-arg so
 * those paths run too) and every RUN script split; then every position the
 * structures hand out is mapped back and checked to fall inside the input.
 * The arena cap stands in for a hostile file's memory appetite.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "model/build.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static uint32_t max_line;

static void check_mark(cs_mark m)
{
	if (m.line > max_line)
		__builtin_trap();
}

static void check_instr(const cs_build *b, const cs_df_instr *in, cs_arena *a)
{
	check_mark(in->start);
	check_mark(in->end);
	if (in->nsegs == 0 || !in->args || strlen(in->args) != in->args_len)
		__builtin_trap();
	for (size_t i = 0; i <= in->args_len; i++)
		check_mark(cs_df_args_mark(in, i));
	for (size_t i = 0; i < in->nwords; i++)
		check_mark(in->words[i].mark);
	for (size_t i = 0; i < in->nflags; i++)
		check_mark(in->flags[i].mark);
	for (size_t i = 0; i < in->nkvs; i++) {
		check_mark(in->kvs[i].key_mark);
		if (in->kvs[i].value)
			check_mark(in->kvs[i].value_mark);
	}
	for (size_t i = 0; i < in->nheredocs; i++) {
		const cs_df_heredoc *h = &in->heredocs[i];
		check_mark(h->mark);
		if (strlen(h->body) != h->body_len)
			__builtin_trap();
	}
	bool unres;
	cs_build_expand(b, in, in->args, a, &unres);
	cs_build_var_at(b, in, "A");
	cs_build_shell_at(b, in);
	cs_build_stage_of(b, in);
	cs_build_stage_ref(b, in->nwords ? in->words[0].text : "0", in->index);
	/* the splitter on arbitrary instruction text, not only RUN */
	cs_sh_script sh;
	cs_sh_parse(in->args, in->args_len, a, &sh, NULL);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	cs_arena a;
	cs_arena_init(&a, 256u * 1024 * 1024);
	cs_dockerfile df;
	cs_error err = {0};
	max_line = 1;
	for (size_t i = 0; i < size; i++)
		max_line += data[i] == '\n';
	if (!cs_df_parse((const char *)data, size, &a, &df, &err)) {
		if (err.code == CS_OK || err.mark.line > max_line)
			__builtin_trap();
		cs_arena_free(&a);
		return 0;
	}
	static const char *const args[] = {"A=x", "B=$A"};
	cs_build_opts opts = {"b", args, 2};
	cs_build b;
	if (cs_build_init(&b, &df, &opts, &a, &err)) {
		for (size_t i = 0; i < df.ninstrs; i++) {
			check_instr(&b, &df.instrs[i], &a);
			if (df.instrs[i].sub)
				check_instr(&b, df.instrs[i].sub, &a);
		}
		for (size_t i = 0; i < b.nscripts; i++) {
			const cs_run_script *s = &b.scripts[i];
			for (size_t k = 0; k < s->sh.ncmds; k++) {
				const cs_sh_cmd *c = &s->sh.cmds[k];
				if (c->off > s->len || c->end > s->len)
					__builtin_trap();
				for (size_t j = 0; j < c->argc; j++) {
					if (c->argv[j].off + c->argv[j].len >
					    s->len)
						__builtin_trap();
					check_mark(cs_run_script_mark(
						s, c->argv[j].off));
				}
			}
		}
		for (size_t i = 0; i < b.nstages; i++)
			if (b.stages[i].base_stage >= (int)i)
				__builtin_trap();
	}
	cs_arena_free(&a);
	return 0;
}

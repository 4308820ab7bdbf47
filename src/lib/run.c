/*
 * run.c - the parallel scan of many inputs and the CI gate; see run.h.
 */
#include "run.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct work {
	const cs_inputs *in;
	cs_file_result **out;
	const char *stdin_data;
	size_t stdin_len;
	const cs_scan_opts *opts;
	atomic_size_t next;
} work;

static void *worker(void *arg)
{
	work *w = arg;
	cs_scanner sc;
	cs_scanner_init(&sc);
	for (;;) {
		size_t i = atomic_fetch_add(&w->next, 1);
		if (i >= w->in->n)
			break;
		const cs_input *e = &w->in->v[i];
		if (e->fs_path)
			cs_scanner_file(&sc, w->out[i], e->fs_path, e->display,
					e->kind, w->opts);
		else
			cs_scanner_buffer(&sc, w->out[i], e->display, e->kind,
					  w->stdin_data ? w->stdin_data : "",
					  w->stdin_len, w->opts);
	}
	cs_scanner_free(&sc);
	return NULL;
}

bool cs_run_scan(cs_run *run, const cs_inputs *in, const char *stdin_data,
		 size_t stdin_len, unsigned jobs, const cs_scan_opts *opts)
{
	size_t total = in->n + in->nproblems;
	run->files = calloc(total ? total : 1, sizeof(*run->files));
	if (!run->files)
		return false;
	for (size_t i = 0; i < total; i++) {
		run->files[i] = calloc(1, sizeof(cs_file_result));
		if (!run->files[i])
			return false;
	}
	run->nfiles = total;

	work w = {.in = in, .out = run->files, .stdin_data = stdin_data,
		  .stdin_len = stdin_len, .opts = opts};
	atomic_init(&w.next, 0);
	if (jobs < 1)
		jobs = 1;
	if (jobs > in->n)
		jobs = in->n ? (unsigned)in->n : 1;
	pthread_t *t = calloc(jobs, sizeof(*t));
	unsigned started = 0;
	if (t)
		for (; started + 1 < jobs; started++)
			if (pthread_create(&t[started], NULL, worker, &w) != 0)
				break;
	worker(&w);   /* this thread works too */
	for (unsigned i = 0; i < started; i++)
		pthread_join(t[i], NULL);
	free(t);

	if (in->nproblems) {
		cs_scanner sc;
		cs_scanner_init(&sc);
		for (size_t i = 0; i < in->nproblems; i++)
			cs_scanner_failure(&sc, run->files[in->n + i],
					   in->problems[i].display,
					   CS_KIND_UNKNOWN, "INPUT-READ",
					   in->problem_msgs[i]);
		cs_scanner_free(&sc);
	}

	memset(&run->score, 0, sizeof(run->score));
	for (size_t i = 0; i < total; i++) {
		const cs_file_result *r = run->files[i];
		cs_score_add(&run->score, r);
		for (int s = 0; s < CS_SEV_COUNT; s++)
			run->counts[s] += r->counts[s];
		run->nsuppressed += r->nsuppressed;
		run->input_error = run->input_error || r->input_error;
	}
	/* a critical finding anywhere caps the run, as it caps its file */
	cs_score_finish(&run->score, run->score.critical);
	return true;
}

void cs_run_gate(cs_run *run, const cs_gate *g)
{
	char *reason = run->gate_reason_buf;
	run->has_min_score = g->has_min_score;
	run->min_score = g->min_score;
	run->has_fail_on = g->has_fail_on;
	run->fail_on = g->fail_on;
	run->gate_failed = false;
	run->gate_reason = NULL;
	if (g->has_fail_on) {
		for (int s = CS_SEV_CRITICAL; s >= (int)g->fail_on; s--) {
			if (run->counts[s]) {
				snprintf(reason, sizeof(run->gate_reason_buf),
					 "%zu %s finding%s at or above "
					 "--fail-on %s",
					 run->counts[s], cs_severity_name(s),
					 run->counts[s] == 1 ? "" : "s",
					 cs_severity_name(g->fail_on));
				run->gate_failed = true;
				run->gate_reason = reason;
				return;
			}
		}
	}
	if (g->has_min_score && run->score.has_score &&
	    run->score.value < g->min_score) {
		snprintf(reason, sizeof(run->gate_reason_buf),
			 "score %.2f is under --min-score %g", run->score.value,
			 g->min_score);
		run->gate_failed = true;
		run->gate_reason = reason;
	}
}

void cs_run_free(cs_run *run)
{
	for (size_t i = 0; i < run->nfiles; i++) {
		if (run->files[i])
			cs_file_result_free(run->files[i]);
		free(run->files[i]);
	}
	free(run->files);
	run->files = NULL;
	run->nfiles = 0;
}

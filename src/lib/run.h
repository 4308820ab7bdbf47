/*
 * run.h - scan many inputs, in parallel, and apply the gate.
 *
 * Workers take inputs by an atomic counter and write each result into the
 * slot of its input, so the report order is the input order whatever the
 * number of threads.
 */
#ifndef CS_RUN_H
#define CS_RUN_H

#include "discover.h"
#include "engine.h"

typedef struct cs_gate {
	bool has_min_score;
	double min_score;
	bool has_fail_on;
	cs_severity fail_on;
} cs_gate;

/* Scan every input with `jobs` threads (0: one).  `stdin_data` is the
 * content of the input whose fs_path is NULL.  Fills run (files in input
 * order, totals); false only on out of memory. */
bool cs_run_scan(cs_run *run, const cs_inputs *in, const char *stdin_data,
		 size_t stdin_len, unsigned jobs, const cs_scan_opts *opts);

/* The run's score, counts and input-error flag from its files (for a run
 * whose files were scanned another way, e.g. one image). */
void cs_run_totals(cs_run *run);

/* Set run->gate_* from the gate. */
void cs_run_gate(cs_run *run, const cs_gate *g);

void cs_run_free(cs_run *run);

#endif

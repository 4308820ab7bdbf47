/*
 * run.c - the parallel scan of many inputs and the CI gate; see run.h.
 *
 * After every input is scanned, two things need the whole set: inputs that
 * were skipped leave the file list (those worth telling about become
 * notices), and tentative findings whose cross-file question (cs_xref:
 * "does any NetworkPolicy select this workload?") the facts of all files
 * answer are kept or dropped, their checks updated and their files
 * rescored.
 */
#include "run.h"

#include "pss.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdint.h>
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
		cs_scan_opts o = w->opts ? *w->opts : (cs_scan_opts){0};
		o.named = e->named;
		if (e->fs_path)
			cs_scanner_file(&sc, w->out[i], e->fs_path, e->display,
					e->kind, &o);
		else
			cs_scanner_buffer(&sc, w->out[i], e->display, e->kind,
					  w->stdin_data ? w->stdin_data : "",
					  w->stdin_len, &o);
	}
	cs_scanner_free(&sc);
	return NULL;
}

/* ---- Dockerfiles that Compose services build from ------------------------ */

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * A Compose service's Dockerfile is scanned with the rest even when the
 * walk did not meet it (an unusual name, a context outside the path
 * given).  Files are compared by real path; the linked ones are scanned
 * after every input, in the order they were linked.
 */
static bool scan_links(cs_run *run, const cs_inputs *in,
		       const cs_scan_opts *opts)
{
	size_t nl = 0;
	for (size_t i = 0; i < run->nfiles; i++)
		nl += run->files[i]->nlinks;
	if (!nl)
		return true;
	char **seen = calloc(in->n + nl, sizeof(*seen));
	if (!seen)
		return false;
	size_t ns = 0;
	for (size_t i = 0; i < in->n; i++)
		if (in->v[i].fs_path &&
		    (seen[ns] = realpath(in->v[i].fs_path, NULL)))
			ns++;
	qsort(seen, ns, sizeof(*seen), cmp_str);
	size_t sorted = ns;
	cs_scanner sc;
	cs_scanner_init(&sc);
	bool ok = true;
	size_t nfiles = run->nfiles;
	for (size_t i = 0; i < nfiles && ok; i++) {
		const cs_file_result *r = run->files[i];
		for (size_t k = 0; k < r->nlinks && ok; k++) {
			char *real = realpath(r->links[k].fs_path, NULL);
			if (!real)
				continue;
			bool dup = bsearch(&real, seen, sorted, sizeof(*seen),
					   cmp_str) != NULL;
			for (size_t j = sorted; j < ns && !dup; j++)
				dup = strcmp(seen[j], real) == 0;
			if (dup) {
				free(real);
				continue;
			}
			seen[ns++] = real;
			cs_file_result **v = realloc(
				run->files, (run->nfiles + 1) * sizeof(*v));
			cs_file_result *nr = calloc(1, sizeof(*nr));
			if (!v || !nr) {
				if (v)
					run->files = v;
				free(nr);
				ok = false;
				break;
			}
			run->files = v;
			cs_scanner_file(&sc, nr, r->links[k].fs_path,
					r->links[k].display, CS_KIND_DOCKERFILE,
					opts);
			run->files[run->nfiles++] = nr;
		}
	}
	cs_scanner_free(&sc);
	for (size_t i = 0; i < ns; i++)
		free(seen[i]);
	free(seen);
	return ok;
}

/* Skipped inputs leave the file list; a notice says why when there is one
 * to tell. */
static bool drop_skipped(cs_run *run)
{
	size_t keep = 0, nn = 0;
	for (size_t i = 0; i < run->nfiles; i++)
		nn += run->files[i]->skipped && run->files[i]->notice;
	if (nn) {
		run->notices = calloc(nn, sizeof(*run->notices));
		if (!run->notices)
			return false;
	}
	for (size_t i = 0; i < run->nfiles; i++) {
		cs_file_result *r = run->files[i];
		if (!r->skipped) {
			run->files[keep++] = r;
			continue;
		}
		if (r->notice) {
			cs_notice *n = &run->notices[run->nnotices++];
			n->path = strdup(r->path);
			n->message = strdup(r->notice);
			if (!n->path || !n->message)
				return false;
		}
		cs_file_result_free(r);
		free(r);
	}
	run->nfiles = keep;
	return true;
}

/* ---- questions about the whole scan set ----------------------------------- */

static bool same(const char *a, const char *b)
{
	return a && b && strcmp(a, b) == 0;
}

/*
 * Every fact of the run, sorted by (kind of question, namespace), so that a
 * question looks only at the facts of its kind in its namespace: a scan of
 * thousands of workloads and policies stays n log n, not n squared.
 * ClusterRoles are cluster-wide and filed under the namespace "".
 */
typedef struct fact_index {
	const cs_xfact **v;
	size_t n;
} fact_index;

static const char *fact_ns(const cs_xfact *f)
{
	if (f->answers == CS_XREF_ROLE_ADMIN &&
	    same(f->role_kind, "ClusterRole"))
		return "";
	return f->ns ? f->ns : "";
}

static int cmp_fact(const void *a, const void *b)
{
	const cs_xfact *x = *(const cs_xfact *const *)a;
	const cs_xfact *y = *(const cs_xfact *const *)b;
	if (x->answers != y->answers)
		return x->answers < y->answers ? -1 : 1;
	return strcmp(fact_ns(x), fact_ns(y));
}

static bool index_facts(const cs_run *run, fact_index *ix)
{
	size_t n = 0;
	for (size_t i = 0; i < run->nfiles; i++)
		n += run->files[i]->nfacts;
	ix->v = calloc(n ? n : 1, sizeof(*ix->v));
	if (!ix->v)
		return false;
	ix->n = 0;
	for (size_t i = 0; i < run->nfiles; i++)
		for (size_t j = 0; j < run->files[i]->nfacts; j++)
			ix->v[ix->n++] = &run->files[i]->facts[j];
	qsort(ix->v, ix->n, sizeof(*ix->v), cmp_fact);
	return true;
}

/* The first fact of (kind, ns), by binary search. */
static size_t facts_from(const fact_index *ix, cs_xref_kind kind,
			 const char *ns)
{
	size_t lo = 0, hi = ix->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const cs_xfact *f = ix->v[mid];
		int c = f->answers != kind ? (f->answers < kind ? -1 : 1)
					   : strcmp(fact_ns(f), ns);
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static bool answered(const fact_index *ix, const cs_xref *q)
{
	const char *ns = q->ns ? q->ns : "";
	if (q->kind == CS_XREF_ROLE_ADMIN && same(q->role_kind, "ClusterRole"))
		ns = "";
	for (size_t k = facts_from(ix, q->kind, ns); k < ix->n; k++) {
		const cs_xfact *f = ix->v[k];
		if (f->answers != q->kind || strcmp(fact_ns(f), ns) != 0)
			break;
		switch (q->kind) {
		case CS_XREF_NETPOL_SELECTS:
			if (f->selector &&
			    cs_k8s_selector_matches(f->selector, q->labels,
						    q->nlabels))
				return true;
			break;
		case CS_XREF_SELECTS_WORKLOAD:
			if (q->selector &&
			    cs_k8s_selector_matches(q->selector, f->labels,
						    f->nlabels))
				return true;
			break;
		case CS_XREF_SA_NO_AUTOMOUNT:
			if (same(f->name, q->name))
				return true;
			break;
		case CS_XREF_ROLE_ADMIN:
			if (same(f->role_kind, q->role_kind) &&
			    same(f->name, q->name))
				return true;
			break;
		case CS_XREF_NONE:
			break;
		}
	}
	return false;
}

/* Does the finding go (its question answered the way that clears it)? */
static bool clears(const fact_index *ix, const cs_xref *q)
{
	bool yes = answered(ix, q);
	/* ROLE_ADMIN findings stand only when the role is found admin-like */
	return q->kind == CS_XREF_ROLE_ADMIN ? !yes : yes;
}

/*
 * Findings ordered by (rule, subject), to find a check's findings.  The
 * order only serves the binary search, so rules go by address (one row per
 * rule) and subjects by a hash first: texts are compared only when the
 * hashes agree, i.e. almost only when they are equal, and equal pointers
 * (a result's strings are shared, see compact() in engine.c) skip even that.
 */
typedef struct by_check {
	const cs_finding *f;
	uint64_t h;               /* of the subject, NULL read as "" */
} by_check;

static uint64_t subject_hash(const char *s)
{
	uint64_t h = 0xcbf29ce484222325ULL;
	for (const unsigned char *p = (const unsigned char *)(s ? s : "");
	     *p; p++)
		h = (h ^ *p) * 0x100000001b3ULL;
	return h;
}

static int cmp_rule_subject(const cs_rule *ra, uint64_t ha, const char *sa,
			    const cs_rule *rb, uint64_t hb, const char *sb)
{
	if (ra != rb)
		return (uintptr_t)ra < (uintptr_t)rb ? -1 : 1;
	if (ha != hb)
		return ha < hb ? -1 : 1;
	if (sa == sb)
		return 0;
	return strcmp(sa ? sa : "", sb ? sb : "");
}

static int cmp_by_check(const void *a, const void *b)
{
	const by_check *x = a, *y = b;
	return cmp_rule_subject(x->f->rule, x->h, x->f->subject, y->f->rule,
				y->h, y->f->subject);
}

/* The rules whose findings were dropped: only their checks can change.
 * There are few cross-file rules; NULL `all` means "too many, redo all". */
#define SETTLE_RULES 8

static bool in_rules(const cs_rule *const *v, size_t n, const cs_rule *r)
{
	if (n > SETTLE_RULES)
		return true;
	for (size_t i = 0; i < n; i++)
		if (v[i] == r)
			return true;
	return false;
}

/* Drop the cleared findings of one file, then redo the status of the
 * checks of their rules, and the file's counts and score. */
static void settle(cs_file_result *r, const bool *drop)
{
	const cs_rule *rules[SETTLE_RULES];
	size_t nrules = 0;
	size_t keep = 0;
	for (size_t i = 0; i < r->nfindings; i++) {
		if (!drop[i]) {
			r->findings[keep++] = r->findings[i];
		} else if (!in_rules(rules, nrules, r->findings[i].rule)) {
			if (nrules < SETTLE_RULES)
				rules[nrules] = r->findings[i].rule;
			nrules++;
		}
	}
	r->nfindings = keep;
	by_check *by = calloc(keep ? keep : 1, sizeof(*by));
	size_t nby = 0;
	if (by) {
		for (size_t i = 0; i < keep; i++) {
			const cs_finding *f = &r->findings[i];
			if (in_rules(rules, nrules, f->rule))
				by[nby++] = (by_check){f,
						       subject_hash(f->subject)};
		}
		qsort(by, nby, sizeof(*by), cmp_by_check);
	}
	keep = nby;
	for (size_t k = 0; by && k < r->nchecks; k++) {
		cs_check *c = &r->checks[k];
		if (c->status == CS_CHECK_SUPPRESSED ||
		    !in_rules(rules, nrules, c->rule))
			continue;
		uint64_t h = subject_hash(c->subject);
		size_t lo = 0, hi = keep;
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;
			if (cmp_rule_subject(by[mid].f->rule, by[mid].h,
					     by[mid].f->subject, c->rule, h,
					     c->subject) < 0)
				lo = mid + 1;
			else
				hi = mid;
		}
		bool failed = false, suppressed = false;
		for (size_t i = lo;
		     i < keep && !cmp_rule_subject(by[i].f->rule, by[i].h,
						   by[i].f->subject, c->rule,
						   h, c->subject);
		     i++) {
			if (by[i].f->suppressed)
				suppressed = true;
			else
				failed = true;
		}
		c->status = failed ? CS_CHECK_FAILED
			  : suppressed ? CS_CHECK_SUPPRESSED
				       : CS_CHECK_PASSED;
	}
	free(by);
	memset(r->counts, 0, sizeof(r->counts));
	r->nsuppressed = 0;
	for (size_t i = 0; i < r->nfindings; i++) {
		const cs_finding *f = &r->findings[i];
		if (f->rule->targets & CS_TARGET_INPUT)
			continue;
		if (f->suppressed)
			r->nsuppressed++;
		else
			r->counts[f->severity]++;
	}
	cs_score_checks(&r->score, r->checks, r->nchecks);
}

static void resolve_cross_file(cs_run *run)
{
	bool any_pending = false;
	for (size_t i = 0; i < run->nfiles && !any_pending; i++)
		any_pending = run->files[i]->npending > 0;
	if (!any_pending)
		return;
	fact_index ix;
	if (!index_facts(run, &ix))
		return;   /* out of memory: the tentative findings stand */
	for (size_t i = 0; i < run->nfiles; i++) {
		cs_file_result *r = run->files[i];
		if (!r->npending)
			continue;
		bool *drop = calloc(r->nfindings, sizeof(*drop));
		if (!drop)
			continue;   /* out of memory: the findings stand */
		bool any = false;
		for (size_t p = 0; p < r->npending; p++) {
			const cs_xpending *x = &r->pending[p];
			if (x->finding < r->nfindings && clears(&ix, &x->q)) {
				drop[x->finding] = true;
				any = true;
			}
		}
		if (any)
			settle(r, drop);
		free(drop);
		r->pending = NULL;
		r->npending = 0;
	}
	free(ix.v);
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

	if (!scan_links(run, in, opts) || !drop_skipped(run))
		return false;
	resolve_cross_file(run);
	total = run->nfiles;
	run->pss_level = opts ? opts->pss_level : 0;
	run->pss_minor = opts ? opts->pss_minor : 0;
	for (size_t i = 0; i < total; i++)
		for (size_t k = 0; k < run->files[i]->npss; k++) {
			run->pss_workloads++;
			if ((int)run->files[i]->pss[k].met < run->pss_level)
				run->pss_failed++;
		}

	cs_run_totals(run);
	return true;
}

void cs_run_totals(cs_run *run)
{
	memset(&run->score, 0, sizeof(run->score));
	memset(run->counts, 0, sizeof(run->counts));
	run->nsuppressed = 0;
	run->input_error = false;
	for (size_t i = 0; i < run->nfiles; i++) {
		const cs_file_result *r = run->files[i];
		cs_score_add(&run->score, r);
		for (int s = 0; s < CS_SEV_COUNT; s++)
			run->counts[s] += r->counts[s];
		run->nsuppressed += r->nsuppressed;
		run->input_error = run->input_error || r->input_error;
	}
	/* a critical finding anywhere caps the run, as it caps its file */
	cs_score_finish(&run->score, run->score.critical);
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
	if (run->pss_level && run->pss_failed) {
		snprintf(reason, sizeof(run->gate_reason_buf),
			 "%zu workload%s below the Pod Security Standard "
			 "'%s' (v1.%d)",
			 run->pss_failed, run->pss_failed == 1 ? " is" : "s are",
			 cs_pss_level_name((cs_pss_level)run->pss_level),
			 run->pss_minor);
		run->gate_failed = true;
		run->gate_reason = reason;
		return;
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
	for (size_t i = 0; i < run->nnotices; i++) {
		free(run->notices[i].path);
		free(run->notices[i].message);
	}
	free(run->notices);
	run->notices = NULL;
	run->nnotices = 0;
}

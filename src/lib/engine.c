/*
 * engine.c - scan one input: parse, normalize, run rules, suppress, score.
 *
 * The pipeline of DESIGN.md for one file.  Each stage has one home: the
 * parser and model live in parse/ and model/, the rules in rules/, the
 * scoring in score.c.  This file glues them, turns parser diagnostics into
 * INPUT-* findings, and applies the three kinds of suppression (inline
 * pragmas, file pragmas, .customs.yaml waivers) before scoring.
 *
 * Findings are collected in a growable array in the file's arena.  A rule
 * reports through cs_df_report(), which reaches the collector through the
 * check context's private `sink`.
 */
#include "engine.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "engine-priv.h"
#include "pss.h"
#include "parse/dockerfile.h"
#include "rules/registry.h"

const char *cs_file_kind_name(cs_file_kind k)
{
	switch (k) {
	case CS_KIND_DOCKERFILE:
		return "dockerfile";
	case CS_KIND_COMPOSE:
		return "compose";
	case CS_KIND_K8S:
		return "kubernetes";
	case CS_KIND_YAML:
		return "yaml";
	case CS_KIND_IMAGE:
		return "image";
	case CS_KIND_UNKNOWN:
		break;
	}
	return "unknown";
}

cs_finding *cs_eng_new_finding(collector *c)
{
	if (c->n == c->cap) {
		size_t ncap = c->cap ? c->cap * 2 : 32;
		cs_finding *v = cs_arena_grow(c->a, c->v, c->n, ncap,
					      sizeof(*v));
		if (!v)
			return NULL;
		c->v = v;
		c->cap = ncap;
	}
	cs_finding *f = &c->v[c->n++];
	memset(f, 0, sizeof(*f));
	return f;
}

/* Record an INPUT-* finding (not scored; makes the run exit 3). */
void cs_eng_input_finding(collector *c, const char *rule_id, cs_mark at,
			  const char *fmt, ...)
{
	const cs_rule *rule = cs_rule_find(rule_id);
	cs_finding *f = cs_eng_new_finding(c);
	if (!rule || !f)
		return;
	va_list ap;
	va_start(ap, fmt);
	const char *msg = cs_arena_vprintf(c->a, fmt, ap);
	va_end(ap);
	if (at.line == 0)
		at = (cs_mark){1, 1};
	if (at.col == 0)
		at.col = 1;
	f->rule = rule;
	f->severity = rule->severity;
	f->file = c->r->path;
	f->start = f->end = at;
	f->subject = "file";
	f->message = msg ? msg : "";
	c->r->input_error = true;
}

static const char *stage_subject(collector *c, const cs_df_instr *in)
{
	if (!in)
		return "stage final";
	if (in->stage < 0)
		return "global";
	const cs_build *b = c->build;
	if (b && (size_t)in->stage < b->nstages && b->stages[in->stage].name)
		return cs_arena_printf(c->a, "stage %s",
				       b->stages[in->stage].name);
	return cs_arena_printf(c->a, "stage %d", in->stage);
}

void cs_df_report(cs_df_check *chk, const cs_df_instr *in, cs_mark at,
		  const char *value, const char *fmt, ...)
{
	collector *c = chk->sink;
	cs_finding *f = cs_eng_new_finding(c);
	if (!f)
		return;
	va_list ap;
	va_start(ap, fmt);
	const char *msg = cs_arena_vprintf(c->a, fmt, ap);
	va_end(ap);
	if (at.line == 0)
		at = in ? in->start : (cs_mark){1, 1};
	if (at.col == 0)
		at.col = 1;
	f->rule = chk->rule;
	f->severity = cs_config_severity(c->opts ? c->opts->config : NULL,
					 chk->rule);
	f->file = c->r->path;
	f->start = at;
	f->end = at;
	if (in && in->end.line == at.line && in->end.col >= at.col)
		f->end = in->end;
	else if (value && !strchr(value, '\n')) {
		size_t vl = strlen(value);
		f->end.col = at.col + (uint32_t)(vl ? vl - 1 : 0);
	}
	f->anchor_line = in ? in->start.line : 0;
	f->subject = stage_subject(c, in);
	f->value = value ? cs_arena_strdup(c->a, value) : NULL;
	f->message = msg ? msg : "";
}

/* ---- suppression pragmas ------------------------------------------------ */

void cs_eng_add_pragma(collector *c, const cs_rule *rule, uint32_t anchor,
		       cs_supp kind, const char *reason)
{
	if (c->npragmas == c->pragma_cap) {
		size_t ncap = c->pragma_cap ? c->pragma_cap * 2 : 8;
		pragma *v = cs_arena_grow(c->a, c->pragmas,
					  c->npragmas, ncap, sizeof(*v));
		if (!v)
			return;
		c->pragmas = v;
		c->pragma_cap = ncap;
	}
	c->pragmas[c->npragmas++] = (pragma){rule, anchor, kind, reason};
}

const char *cs_eng_skip_ws(const char *p)
{
	while (*p == ' ' || *p == '\t')
		p++;
	return p;
}

/*
 * "ID[,ID...] [reason]" after "customs:ignore=" or "hadolint ignore=".
 * Each id is resolved to rules (ours directly, DLxxxx through the table's
 * hadolint column; ShellCheck SCxxxx codes have no equivalent and are
 * skipped).  An unknown id is an INPUT-PARSE finding: a typo must not
 * silently waive nothing.
 */
const char *cs_eng_ids_end(const char *p)
{
	while (*p && *p != ' ' && *p != '\t')
		p++;
	return p;
}

bool cs_eng_next_id(const char **p, const char *end, char id[64])
{
	while (*p < end) {
		const char *s = *p, *e = s;
		while (e < end && *e != ',')
			e++;
		*p = e < end ? e + 1 : e;
		size_t n = (size_t)(e - s);
		if (n > 0 && n < 64) {
			memcpy(id, s, n);
			id[n] = '\0';
			return true;
		}
	}
	return false;
}

void cs_eng_parse_ids(collector *c, const char *p, cs_mark mark,
		      uint32_t anchor, cs_supp kind, bool hadolint)
{
	const char *end = cs_eng_ids_end(p);
	const char *reason = cs_eng_skip_ws(end);
	const char *why = *reason ? cs_arena_strdup(c->a, reason)
				  : NULL;
	char id[64];
	while (cs_eng_next_id(&p, end, id)) {
		const cs_rule *r = cs_rule_find(id);
		if (r) {
			cs_eng_add_pragma(c, r, anchor, kind, why);
		} else if (strncmp(id, "DL", 2) == 0) {
			const cs_rule *m[16];
			size_t k = cs_rules_for_hadolint(id, m, 16);
			for (size_t i = 0; i < k && i < 16; i++)
				cs_eng_add_pragma(c, m[i], anchor, kind, why);
			/* A DL code we have no rule for (style checks)
			 * waives nothing of ours: fine. */
		} else if (hadolint && strncmp(id, "SC", 2) == 0) {
			/* ShellCheck codes: nothing to map. */
		} else {
			cs_eng_input_finding(c, "INPUT-PARSE", mark,
					     "suppression names unknown rule "
					     "'%s'",
					     id);
		}
	}
}

static void collect_pragmas(collector *c, const cs_dockerfile *df)
{
	for (size_t i = 0; i < df->ncomments; i++) {
		const cs_df_comment *cm = &df->comments[i];
		const char *t = cs_eng_skip_ws(cm->text);
		uint32_t anchor = 0;
		if (cm->next_instr < df->ninstrs)
			anchor = df->instrs[cm->next_instr].start.line;
		if (strncmp(t, "customs:ignore-file=", 20) == 0) {
			cs_eng_parse_ids(c, t + 20, cm->mark, 0, CS_SUPP_FILE, false);
		} else if (strncmp(t, "customs:ignore=", 15) == 0) {
			if (anchor)
				cs_eng_parse_ids(c, t + 15, cm->mark, anchor,
					  CS_SUPP_INLINE, false);
		} else if (strncmp(t, "hadolint", 8) == 0) {
			const char *p = cs_eng_skip_ws(t + 8);
			if (strncmp(p, "global", 6) == 0) {
				p = cs_eng_skip_ws(p + 6);
				if (strncmp(p, "ignore=", 7) == 0)
					cs_eng_parse_ids(c, p + 7, cm->mark, 0,
						  CS_SUPP_FILE, true);
			} else if (strncmp(p, "ignore=", 7) == 0 && anchor) {
				cs_eng_parse_ids(c, p + 7, cm->mark, anchor,
					  CS_SUPP_INLINE, true);
			}
		}
	}
}

static const pragma *find_pragma(const collector *c, const cs_finding *f)
{
	const pragma *file_level = NULL;
	for (size_t i = 0; i < c->npragmas; i++) {
		const pragma *p = &c->pragmas[i];
		if (p->rule != f->rule)
			continue;
		/* An inline pragma names the line of the subject (instruction,
		 * service, container, object) or of the offending field. */
		if (p->anchor_line == 0)
			file_level = p;
		else if ((f->anchor_line && p->anchor_line == f->anchor_line) ||
			 p->anchor_line == f->start.line)
			return p;
	}
	return file_level;
}

static bool rule_waived_file_wide(const collector *c, const cs_rule *r)
{
	for (size_t i = 0; i < c->npragmas; i++)
		if (c->pragmas[i].rule == r && c->pragmas[i].anchor_line == 0)
			return true;
	const cs_config *cfg = c->opts ? c->opts->config : NULL;
	const cs_waiver *w = cs_config_waiver(cfg, r, c->r->path);
	return w && !w->expired;
}

void cs_eng_apply_suppressions(collector *c, size_t from)
{
	const cs_config *cfg = c->opts ? c->opts->config : NULL;
	for (size_t i = from; i < c->n; i++) {
		cs_finding *f = &c->v[i];
		if ((f->rule->targets & CS_TARGET_INPUT) || f->suppressed)
			continue;
		const pragma *p = find_pragma(c, f);
		if (p) {
			f->suppressed = p->kind;
			f->supp_reason = p->reason;
			continue;
		}
		const cs_waiver *w = cs_config_waiver(cfg, f->rule, c->r->path);
		if (!w)
			continue;
		if (w->expired) {
			f->note = cs_arena_printf(c->a,
						  "waiver expired on %s: %s",
						  w->expires, w->reason);
		} else {
			f->suppressed = CS_SUPP_CONFIG;
			f->supp_reason = w->reason;
		}
	}
}

/* ---- checks and ordering ------------------------------------------------ */

void cs_eng_add_check(collector *c, cs_check **v, size_t *n, size_t *cap,
		      const cs_rule *rule, const char *subject, size_t first)
{
	cs_check_status st = CS_CHECK_PASSED;
	size_t failed = 0, suppressed = 0;
	for (size_t i = first; i < c->n; i++) {
		if (c->v[i].suppressed)
			suppressed++;
		else
			failed++;
	}
	if (failed)
		st = CS_CHECK_FAILED;
	else if (suppressed || rule_waived_file_wide(c, rule))
		st = CS_CHECK_SUPPRESSED;
	if (*n == *cap) {
		size_t ncap = *cap ? *cap * 2 : 32;
		cs_check *nv = cs_arena_grow(c->a, *v, *n, ncap,
					     sizeof(**v));
		if (!nv)
			return;
		*v = nv;
		*cap = ncap;
	}
	(*v)[(*n)++] = (cs_check){
		rule, subject,
		cs_config_severity(c->opts ? c->opts->config : NULL, rule), st};
}

static int cmp_finding(const void *a, const void *b)
{
	const cs_finding *x = a, *y = b;
	if (x->start.line != y->start.line)
		return x->start.line < y->start.line ? -1 : 1;
	if (x->start.col != y->start.col)
		return x->start.col < y->start.col ? -1 : 1;
	if (x->rule != y->rule) {
		int r = strcmp(x->rule->id, y->rule->id);
		if (r)
			return r;
	}
	if (x->message == y->message)
		return 0;
	return strcmp(x->message, y->message);
}

/* Fingerprints ignore lines; two findings of one rule on the same subject
 * and value (say, the same unpinned package in two RUNs) are told apart by
 * their order of occurrence.  Equal fingerprints are grouped by sorting
 * their 64-bit hashes, so a file with many findings costs n log n, not n
 * squared, and no hex string is compared. */
typedef struct fp_slot {
	uint64_t h;
	size_t idx;
} fp_slot;

static int cmp_slot(const void *a, const void *b)
{
	const fp_slot *x = a, *y = b;
	if (x->h != y->h)
		return x->h < y->h ? -1 : 1;
	return x->idx < y->idx ? -1 : x->idx > y->idx;
}

/* The hash of a finding up to its path: the value comes last. */
static uint64_t fp_prefix(const cs_finding *f)
{
	uint64_t h = cs_fp_part(CS_FP_INIT, f->rule->id);
	h = cs_fp_part(h, f->file);
	h = cs_fp_part(h, f->subject);
	return cs_fp_part(h, f->path);
}

static void fingerprint_all(cs_file_result *r, cs_arena *a)
{
	size_t n = r->nfindings;
	fp_slot *slots = n ? cs_arena_alloc_raw(a, sizeof(*slots) * n) : NULL;
	for (size_t i = 0; i < n; i++) {
		cs_finding *f = &r->findings[i];
		uint64_t h = cs_fp_part(fp_prefix(f), f->value);
		cs_fp_hex(f->fingerprint, h);
		if (slots)
			slots[i] = (fp_slot){h, i};
	}
	if (n < 2 || !slots)
		return;
	qsort(slots, n, sizeof(*slots), cmp_slot);
	/* the k-th repeat (k > 0) hashes its value as "value#k" */
	unsigned seen = 0;
	for (size_t k = 1; k < n; k++) {
		if (slots[k].h != slots[k - 1].h) {
			seen = 0;
			continue;
		}
		seen++;
		cs_finding *f = &r->findings[slots[k].idx];
		const char *v = f->value ? f->value : "";
		char num[16];
		int len = snprintf(num, sizeof(num), "#%u", seen);
		uint64_t h = cs_fp_bytes(fp_prefix(f), v, strlen(v));
		h = cs_fp_part(cs_fp_bytes(h, num, (size_t)len), NULL);
		cs_fp_hex(f->fingerprint, h);
	}
}

static size_t str_size(const char *s)
{
	return s ? (strlen(s) + 1 + 15) & ~(size_t)15 : 0;
}

static const char *keep_str(cs_arena *a, const char *s)
{
	return s ? cs_arena_strdup(a, s) : NULL;
}

/* ---- cross-file questions and facts, kept past the work arena ---------- */

static cs_k8s_kv *keep_kvs(cs_arena *a, const cs_k8s_kv *v, size_t n)
{
	if (!n)
		return NULL;
	cs_k8s_kv *out = cs_arena_alloc(a, sizeof(*out) * n);
	if (!out)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		memset(&out[i], 0, sizeof(out[i]));
		out[i].key = keep_str(a, v[i].key);
		out[i].value = keep_str(a, v[i].value);
	}
	return out;
}

/* Only what matching reads: the labels and expressions, no locations. */
static cs_k8s_selector *keep_selector(cs_arena *a, const cs_k8s_selector *s)
{
	if (!s)
		return NULL;
	cs_k8s_selector *o = cs_arena_alloc(a, sizeof(*o));
	if (!o)
		return NULL;
	memset(o, 0, sizeof(*o));
	o->set = s->set;
	o->match_labels.v = keep_kvs(a, s->match_labels.v, s->match_labels.n);
	o->match_labels.n = o->match_labels.cap =
		o->match_labels.v ? s->match_labels.n : 0;
	size_t ne = s->match_expressions.n;
	if (ne) {
		cs_k8s_expr *e = cs_arena_alloc(a, sizeof(*e) * ne);
		if (!e)
			return o;
		for (size_t i = 0; i < ne; i++) {
			const cs_k8s_expr *x = &s->match_expressions.v[i];
			memset(&e[i], 0, sizeof(e[i]));
			e[i].key = keep_str(a, x->key);
			e[i].op = keep_str(a, x->op);
			if (x->values.n) {
				const char **vals = cs_arena_alloc(
					a, sizeof(*vals) * x->values.n);
				if (!vals)
					continue;
				for (size_t j = 0; j < x->values.n; j++)
					vals[j] = keep_str(a, x->values.v[j]);
				e[i].values.v = vals;
				e[i].values.n = e[i].values.cap = x->values.n;
			}
		}
		o->match_expressions.v = e;
		o->match_expressions.n = o->match_expressions.cap = ne;
	}
	return o;
}

static void keep_xref(cs_arena *a, cs_xref *dst, const cs_xref *src)
{
	dst->kind = src->kind;
	dst->ns = keep_str(a, src->ns);
	dst->name = keep_str(a, src->name);
	dst->role_kind = keep_str(a, src->role_kind);
	dst->labels = keep_kvs(a, src->labels, src->nlabels);
	dst->nlabels = dst->labels ? src->nlabels : 0;
	dst->selector = keep_selector(a, src->selector);
}

static bool keep_cross_file(cs_file_result *r, cs_arena *keep)
{
	size_t np = 0;
	for (size_t i = 0; i < r->nfindings; i++)
		if (r->findings[i].xref)
			np++;
	r->pending = NULL;
	r->npending = 0;
	if (np) {
		r->pending = cs_arena_alloc(keep, sizeof(*r->pending) * np);
		if (!r->pending)
			return false;
		for (size_t i = 0; i < r->nfindings; i++) {
			cs_finding *f = &r->findings[i];
			if (!f->xref)
				continue;
			cs_xpending *p = &r->pending[r->npending++];
			memset(p, 0, sizeof(*p));
			p->finding = i;
			keep_xref(keep, &p->q, f->xref);
			f->xref = NULL;
		}
	}
	if (r->npss) {
		cs_pss_result *v = cs_arena_alloc(keep, sizeof(*v) * r->npss);
		if (!v)
			return false;
		for (size_t i = 0; i < r->npss; i++) {
			const cs_pss_result *x = &r->pss[i];
			v[i] = *x;
			v[i].subject = keep_str(keep, x->subject);
			v[i].failures = NULL;
			if (!x->nfailures)
				continue;
			v[i].failures = cs_arena_alloc(
				keep, sizeof(*v[i].failures) * x->nfailures);
			if (!v[i].failures)
				return false;
			for (size_t k = 0; k < x->nfailures; k++) {
				v[i].failures[k] = x->failures[k];
				v[i].failures[k].message =
					keep_str(keep, x->failures[k].message);
				v[i].failures[k].path =
					keep_str(keep, x->failures[k].path);
			}
		}
		r->pss = v;
	}
	if (r->nlinks) {
		cs_link *v = cs_arena_alloc(keep, sizeof(*v) * r->nlinks);
		if (!v)
			return false;
		for (size_t i = 0; i < r->nlinks; i++)
			v[i] = (cs_link){keep_str(keep, r->links[i].fs_path),
					 keep_str(keep, r->links[i].display)};
		r->links = v;
	}
	if (r->nfacts) {
		cs_xfact *v = cs_arena_alloc(keep, sizeof(*v) * r->nfacts);
		if (!v)
			return false;
		for (size_t i = 0; i < r->nfacts; i++) {
			const cs_xfact *x = &r->facts[i];
			v[i] = (cs_xfact){
				.answers = x->answers,
				.ns = keep_str(keep, x->ns),
				.name = keep_str(keep, x->name),
				.role_kind = keep_str(keep, x->role_kind),
				.labels = keep_kvs(keep, x->labels, x->nlabels),
				.selector = keep_selector(keep, x->selector),
			};
			v[i].nlabels = v[i].labels ? x->nlabels : 0;
		}
		r->facts = v;
	}
	return true;
}

/*
 * The strings a result keeps, each distinct text copied once: a subject or
 * a path is shared by many findings and by the checks, and a large scan
 * keeps hundreds of thousands of findings until the report.  Two passes:
 * the first finds the distinct texts (and so the exact size to reserve),
 * the second copies them; refs[] remembers each reference's slot so the
 * texts are hashed once.
 */
typedef struct istr {
	const char *src;          /* NULL: free slot */
	const char *copy;
	size_t len;
	uint64_t h;
} istr;

typedef struct interner {
	istr *v;                  /* open addressing, cap a power of two */
	size_t cap;
	uint32_t *refs;           /* slot + 1 per reference, 0 for NULL */
	size_t nrefs, next;
	size_t need;              /* bytes of the distinct copies */
} interner;

static void intern_scan(interner *t, const char *s)
{
	if (!s) {
		t->refs[t->nrefs++] = 0;
		return;
	}
	size_t len = strlen(s);
	uint64_t h = len * 0x9e3779b97f4a7c15ULL;
	size_t i = 0;
	for (; i + 8 <= len; i += 8) {
		uint64_t w;
		memcpy(&w, s + i, 8);
		h = (h ^ w) * 0xff51afd7ed558ccdULL;
		h ^= h >> 29;
	}
	for (; i < len; i++)
		h = (h ^ (unsigned char)s[i]) * 0x100000001b3ULL;
	h ^= h >> 32;
	size_t k = (size_t)(h ^ h >> 29) & (t->cap - 1);
	for (; t->v[k].src; k = (k + 1) & (t->cap - 1))
		if (t->v[k].h == h && t->v[k].len == len &&
		    memcmp(t->v[k].src, s, len) == 0)
			break;
	if (!t->v[k].src) {
		t->v[k] = (istr){s, NULL, len, h};
		t->need += (len + 1 + 15) & ~(size_t)15;
	}
	t->refs[t->nrefs++] = (uint32_t)k + 1;
}

/* The copy of the next reference, in the order they were scanned. */
static const char *intern_take(interner *t, cs_arena *keep, bool *ok)
{
	uint32_t k = t->refs[t->next++];
	if (!k)
		return NULL;
	istr *e = &t->v[k - 1];
	if (!e->copy) {
		e->copy = cs_arena_strndup(keep, e->src, e->len);
		if (!e->copy)
			*ok = false;
	}
	return e->copy;
}

enum { FINDING_STRS = 6 };

static void intern_finding(interner *t, const cs_finding *f)
{
	intern_scan(t, f->subject);
	intern_scan(t, f->path);
	intern_scan(t, f->value);
	intern_scan(t, f->message);
	intern_scan(t, f->supp_reason);
	intern_scan(t, f->note);
}

static void take_finding(interner *t, cs_finding *f, cs_arena *keep,
			 bool *ok)
{
	f->subject = intern_take(t, keep, ok);
	f->path = intern_take(t, keep, ok);
	f->value = intern_take(t, keep, ok);
	f->message = intern_take(t, keep, ok);
	f->supp_reason = intern_take(t, keep, ok);
	f->note = intern_take(t, keep, ok);
}

/*
 * Copy what the result keeps (findings, checks, their strings) out of the
 * work arena into r->arena, sized exactly, so that the syntax tree and the
 * scratch of the rules can be dropped.  A run holds every file's result
 * until the report is written; thousands of files must not mean thousands
 * of syntax trees.  Returns false on out of memory.
 */
static bool compact(cs_file_result *r, cs_arena *work)
{
	interner t = {0};
	size_t refs = FINDING_STRS * r->nfindings + r->nchecks;
	if (refs > UINT32_MAX / 2)
		return false;
	t.cap = 16;
	while (t.cap < 2 * refs)
		t.cap *= 2;
	t.v = cs_arena_alloc(work, sizeof(*t.v) * t.cap);
	t.refs = cs_arena_alloc_raw(work, sizeof(*t.refs) * (refs + 1));
	if (!t.v || !t.refs)
		return false;
	for (size_t i = 0; i < r->nfindings; i++)
		intern_finding(&t, &r->findings[i]);
	for (size_t i = 0; i < r->nchecks; i++)
		intern_scan(&t, r->checks[i].subject);

	size_t need = str_size(r->path) + 16 + t.need +
		      ((sizeof(cs_finding) * r->nfindings + 15) & ~(size_t)15) +
		      ((sizeof(cs_check) * r->nchecks + 15) & ~(size_t)15) + 32;
	cs_arena *keep = &r->arena;
	cs_arena_init(keep, CS_FILE_ARENA_CAP);
	cs_arena_set_block(keep, need);
	const char *path = keep_str(keep, r->path);
	cs_finding *f = r->nfindings ? cs_arena_alloc_raw(
					       keep, sizeof(*f) * r->nfindings)
				     : NULL;
	cs_check *k = r->nchecks ? cs_arena_alloc_raw(keep,
						      sizeof(*k) * r->nchecks)
				 : NULL;
	if (!path || (r->nfindings && !f) || (r->nchecks && !k))
		return false;
	bool ok = true;
	for (size_t i = 0; i < r->nfindings; i++) {
		f[i] = r->findings[i];
		f[i].file = path;
		take_finding(&t, &f[i], keep, &ok);
	}
	for (size_t i = 0; i < r->nchecks; i++) {
		k[i] = r->checks[i];
		k[i].subject = intern_take(&t, keep, &ok);
	}
	if (!ok)
		return false;
	r->path = path;
	r->findings = f;
	r->checks = k;
	/* what follows is small and its size unknown: no more blocks of
	 * `need` bytes */
	cs_arena_set_block(keep, 4096);
	r->notice = keep_str(keep, r->notice);
	return keep_cross_file(r, keep);
}

void cs_eng_finish(collector *c, cs_check *checks, size_t nchecks)
{
	cs_file_result *r = c->r;
	if (c->n)
		qsort(c->v, c->n, sizeof(*c->v), cmp_finding);
	r->findings = c->v;
	r->nfindings = c->n;
	r->checks = checks;
	r->nchecks = nchecks;
	r->facts = c->facts;
	r->nfacts = c->nfacts;
	r->pss = c->pss;
	r->npss = c->npss;
	r->links = c->links;
	r->nlinks = c->nlinks;
	for (size_t i = 0; i < c->n; i++) {
		const cs_finding *f = &c->v[i];
		if (f->rule->targets & CS_TARGET_INPUT)
			continue;
		if (f->suppressed)
			r->nsuppressed++;
		else
			r->counts[f->severity]++;
	}
	fingerprint_all(r, c->a);
	cs_score_checks(&r->score, checks, nchecks);
	if (!compact(r, c->a)) {
		/* out of memory: an empty result that still says so */
		cs_arena_free(&r->arena);
		r->findings = NULL;
		r->nfindings = 0;
		r->checks = NULL;
		r->nchecks = 0;
		r->facts = NULL;
		r->nfacts = 0;
		r->pending = NULL;
		r->npending = 0;
		r->pss = NULL;
		r->npss = 0;
		r->links = NULL;
		r->nlinks = 0;
		r->notice = NULL;
		r->path = "?";
		r->input_error = true;
	}
}

/* ---- Dockerfiles ---------------------------------------------------------- */

static void scan_dockerfile(collector *c, const char *data, size_t len)
{
	cs_dockerfile df;
	cs_error err = {0};
	memset(&df, 0, sizeof(df));
	if (!cs_df_parse(data, len, c->a, &df, &err)) {
		cs_eng_input_finding(c,
			      err.code == CS_ERR_LIMIT ? "INPUT-LIMIT"
						       : "INPUT-PARSE",
			      err.mark, "%s", err.message);
		cs_eng_finish(c, NULL, 0);
		return;
	}
	for (size_t i = 0; i < df.nerrors; i++)
		cs_eng_input_finding(c,
			      df.errors[i].code == CS_ERR_LIMIT ? "INPUT-LIMIT"
								: "INPUT-PARSE",
			      df.errors[i].mark, "%s", df.errors[i].message);
	if (df.nerrors_dropped)
		cs_eng_input_finding(c, "INPUT-PARSE", (cs_mark){1, 1},
			      "%zu more syntax errors not listed",
			      df.nerrors_dropped);
	if (df.ninstrs == 0) {
		cs_eng_input_finding(c, "INPUT-PARSE", (cs_mark){1, 1},
			      "no instructions: the file is empty or holds "
			      "only comments");
		cs_eng_finish(c, NULL, 0);
		return;
	}

	cs_build build;
	memset(&build, 0, sizeof(build));
	if (!cs_build_init(&build, &df, c->opts ? &c->opts->build : NULL,
			   c->a, &err)) {
		cs_eng_input_finding(c, "INPUT-PARSE", err.mark, "%s", err.message);
		cs_eng_finish(c, NULL, 0);
		return;
	}
	for (size_t i = 0; i < build.nerrors; i++)
		cs_eng_input_finding(c, "INPUT-PARSE", build.errors[i].mark, "%s",
			      build.errors[i].message);
	if (build.final < 0) {
		cs_eng_input_finding(c, "INPUT-PARSE", df.instrs[0].start,
			      "no FROM instruction: nothing is built");
		cs_eng_finish(c, NULL, 0);
		return;
	}
	c->build = &build;
	collect_pragmas(c, &df);

	size_t nrules;
	const cs_rule *const *rules = cs_rules_all(&nrules);
	cs_check *checks = NULL;
	size_t nchecks = 0, cap = 0;
	for (size_t i = 0; i < nrules; i++) {
		const cs_rule *rule = rules[i];
		if (!(rule->targets & CS_TARGET_DOCKERFILE) || !rule->check_df)
			continue;
		cs_df_check chk = {
			.rule = rule,
			.build = &build,
			.df = &df,
			.config = c->opts ? c->opts->config : NULL,
			.arena = c->a,
			.sink = c,
		};
		size_t first = c->n;
		bool applied = rule->check_df(&chk);
		if (!applied && c->n == first)
			continue;
		cs_eng_apply_suppressions(c, first);
		cs_eng_add_check(c, &checks, &nchecks, &cap, rule, "build", first);
	}
	cs_eng_finish(c, checks, nchecks);
	c->build = NULL;
}

/* Work arena blocks a scanner keeps between files. */
#define SCANNER_KEEP (4u * 1024 * 1024)

void cs_scanner_init(cs_scanner *s)
{
	cs_arena_init(&s->work, CS_FILE_ARENA_CAP);
}

void cs_scanner_free(cs_scanner *s)
{
	cs_arena_free(&s->work);
}

static void begin(collector *c, cs_scanner *s, cs_file_result *r,
		  const char *path, cs_file_kind kind, const cs_scan_opts *opts)
{
	memset(r, 0, sizeof(*r));
	cs_arena_reset(&s->work, SCANNER_KEEP);
	memset(c, 0, sizeof(*c));
	c->r = r;
	c->a = &s->work;
	c->opts = opts;
	r->path = cs_arena_strdup(c->a, path);
	if (!r->path)
		r->path = "?";
	r->kind = kind;
}

static void scan_buffer(cs_scanner *s, cs_file_result *r, const char *fs_path,
			const char *path, cs_file_kind kind, const char *data,
			size_t len, const cs_scan_opts *opts)
{
	collector c;
	begin(&c, s, r, path, kind, opts);
	c.fs_path = fs_path;
	if (kind == CS_KIND_UNKNOWN)
		r->kind = kind = cs_eng_sniff(data, len);
	switch (kind) {
	case CS_KIND_DOCKERFILE:
		scan_dockerfile(&c, data, len);
		return;
	case CS_KIND_COMPOSE:
	case CS_KIND_K8S:
	case CS_KIND_YAML:
		cs_eng_scan_yaml(&c, data, len);
		return;
	case CS_KIND_IMAGE:        /* images are read by image/audit.c */
	case CS_KIND_UNKNOWN:
		break;
	}
	cs_eng_input_finding(&c, "INPUT-READ", (cs_mark){1, 1},
			     "unrecognised kind of file");
	cs_eng_finish(&c, NULL, 0);
}

void cs_scanner_buffer(cs_scanner *s, cs_file_result *r, const char *path,
		       cs_file_kind kind, const char *data, size_t len,
		       const cs_scan_opts *opts)
{
	scan_buffer(s, r, NULL, path, kind, data, len, opts);
}

/* A finding for a file we could not read; the result is otherwise empty. */
void cs_scanner_failure(cs_scanner *s, cs_file_result *r, const char *path,
			cs_file_kind kind, const char *rule_id, const char *msg)
{
	collector c;
	begin(&c, s, r, path, kind, NULL);
	cs_eng_input_finding(&c, rule_id, (cs_mark){1, 1}, "%s", msg);
	cs_eng_finish(&c, NULL, 0);
}

void cs_scanner_file(cs_scanner *s, cs_file_result *r, const char *fs_path,
		     const char *path, cs_file_kind kind,
		     const cs_scan_opts *opts)
{
	char msg[512];
	int fd = open(fs_path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0) {
		snprintf(msg, sizeof(msg), "cannot open: %s", strerror(errno));
		cs_scanner_failure(s, r, path, kind, "INPUT-READ", msg);
		return;
	}
	struct stat st;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		cs_scanner_failure(s, r, path, kind, "INPUT-READ",
			     "not a regular file");
		return;
	}
	if ((unsigned long long)st.st_size > CS_DF_MAX_BYTES) {
		close(fd);
		snprintf(msg, sizeof(msg),
			 "file is %lld bytes; the limit is %u bytes, so it "
			 "was not scanned",
			 (long long)st.st_size, CS_DF_MAX_BYTES);
		cs_scanner_failure(s, r, path, kind, "INPUT-LIMIT", msg);
		return;
	}
	/* Read at most the limit plus one byte: the file may grow under us. */
	size_t cap = (size_t)st.st_size + 1, len = 0;
	char *data = malloc(cap + 1);
	if (!data) {
		close(fd);
		cs_scanner_failure(s, r, path, kind, "INPUT-READ", "out of memory");
		return;
	}
	for (;;) {
		if (len == cap) {
			if (cap > CS_DF_MAX_BYTES)
				break;
			size_t ncap = cap * 2 > CS_DF_MAX_BYTES + 1
					      ? CS_DF_MAX_BYTES + 1
					      : cap * 2;
			char *nd = realloc(data, ncap + 1);
			if (!nd)
				break;
			data = nd;
			cap = ncap;
		}
		ssize_t n = read(fd, data + len, cap - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		len += (size_t)n;
	}
	close(fd);
	if (len > CS_DF_MAX_BYTES) {
		free(data);
		snprintf(msg, sizeof(msg),
			 "file is over the limit of %u bytes, so it was not "
			 "scanned",
			 CS_DF_MAX_BYTES);
		cs_scanner_failure(s, r, path, kind, "INPUT-LIMIT", msg);
		return;
	}
	data[len] = '\0';
	scan_buffer(s, r, fs_path, path, kind, data, len, opts);
	free(data);
}

void cs_scan_buffer(cs_file_result *r, const char *path, cs_file_kind kind,
		    const char *data, size_t len, const cs_scan_opts *opts)
{
	cs_scanner s;
	cs_scanner_init(&s);
	cs_scanner_buffer(&s, r, path, kind, data, len, opts);
	cs_scanner_free(&s);
}

void cs_scan_file(cs_file_result *r, const char *fs_path, const char *path,
		  cs_file_kind kind, const cs_scan_opts *opts)
{
	cs_scanner s;
	cs_scanner_init(&s);
	cs_scanner_file(&s, r, fs_path, path, kind, opts);
	cs_scanner_free(&s);
}

void cs_file_result_free(cs_file_result *r)
{
	cs_arena_free(&r->arena);
	memset(r, 0, sizeof(*r));
}

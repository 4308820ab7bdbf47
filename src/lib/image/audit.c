/*
 * audit.c - run the image rules on an open image into the engine's
 * collector.
 *
 * The half of `image audit` that needs no archive: given an image (its
 * config, history and file index) and the file bytes the rules asked for,
 * every rule whose targets include CS_TARGET_IMAGE runs once, its findings
 * go through the same suppressions (`.customs.yaml` waivers by rule id and
 * path glob) and the same checks, ordering, fingerprints and score as a
 * scanned Dockerfile's.  Opening the image is audit-open.c's job, so that
 * this half can be driven by tests with images built by hand.
 *
 * An image has no lines: every finding is at 1:1 of the image path, its
 * subject is the layer that made the offending file or history line
 * ("layer 3") or "image" for the config, and its message names the layer's
 * digest and created_by, so a reader can find the Dockerfile line at fault.
 */
#include "audit.h"

#include <stdarg.h>
#include <string.h>

#include "../engine-priv.h"
#include "../rules/img-util.h"
#include "../rules/registry.h"

/* Work arena blocks: an image's messages are few and short. */
#define AUDIT_BLOCK (64u * 1024)

/*
 * Findings one rule may report on one image.  The file rules stop at 100
 * and count the rest themselves; this bounds the others (a config with
 * thousands of secret Env entries, a history of thousands of lines), so a
 * hostile image cannot turn its bytes into a report many times larger.
 */
#define MAX_PER_RULE 200

/* What cs_img_check.sink points at while a rule runs. */
typedef struct sink {
	collector *c;
	size_t first;             /* c->n when the rule started */
	size_t dropped;           /* findings past MAX_PER_RULE */
} sink;

/* " (layer 2 sha256:0123456789ab, from `RUN apt-get ...`)" */
static const char *layer_phrase(cs_arena *a, const cs_image *img, int layer)
{
	if (layer < 0 || (size_t)layer >= img->nlayers)
		return "";
	const cs_img_layer *l = &img->layers[layer];
	const char *dg = l->digest ? l->digest : "";
	const char *colon = strchr(dg, ':');
	const char *hex = colon ? colon + 1 : dg;
	const char *by = NULL;
	if (l->history >= 0 && (size_t)l->history < img->config.nhistory)
		by = img->config.history[l->history].created_by;
	if (by)
		by = cs_imgu_history_text(a, by);
	return cs_arena_printf(a, " (layer %d %.*s%s%.12s%s%s%s)", layer,
			       colon ? (int)(colon - dg) : 0, dg,
			       colon ? ":" : "", hex, by ? ", from `" : "",
			       by ? by : "", by ? "`" : "");
}

void cs_img_report(cs_img_check *chk, const cs_img_file *file, int layer,
		   const char *value, const char *fmt, ...)
{
	sink *s = chk->sink;
	collector *c = s->c;
	if (c->n - s->first >= MAX_PER_RULE) {
		s->dropped++;
		return;
	}
	cs_finding *f = cs_eng_new_finding(c);
	if (!f)
		return;
	if (layer < 0 && file && file->layer >= 0)
		layer = file->layer;
	va_list ap;
	va_start(ap, fmt);
	const char *msg = cs_arena_vprintf(c->a, fmt, ap);
	va_end(ap);
	const char *where = layer_phrase(c->a, chk->img, layer);
	f->rule = chk->rule;
	f->severity = cs_config_severity(c->opts ? c->opts->config : NULL,
					 chk->rule);
	f->file = c->r->path;
	f->start = f->end = (cs_mark){1, 1};
	f->subject = layer >= 0 ? cs_arena_printf(c->a, "layer %d", layer)
				: "image";
	if (!f->subject)
		f->subject = "image";
	f->path = file ? cs_arena_strdup(c->a, file->path) : NULL;
	f->value = value ? cs_arena_strdup(c->a, value) : NULL;
	f->message = msg ? cs_arena_printf(c->a, "%s%s", msg,
					   where ? where : "")
			 : "";
	if (!f->message)
		f->message = msg;
}

void cs_image_audit_opened(cs_file_result *r, const char *path,
			   const cs_image *img, const cs_img_blob *blobs,
			   size_t nblobs, const cs_scan_opts *so)
{
	size_t nrules;
	const cs_rule *const *rules = cs_rules_all(&nrules);
	cs_image_audit_rules(r, path, img, blobs, nblobs, so, rules, nrules);
}

void cs_image_audit_rules(cs_file_result *r, const char *path,
			  const cs_image *img, const cs_img_blob *blobs,
			  size_t nblobs, const cs_scan_opts *so,
			  const cs_rule *const *rules, size_t nrules)
{
	cs_arena work;
	cs_arena_init(&work, CS_FILE_ARENA_CAP);
	cs_arena_set_block(&work, AUDIT_BLOCK);
	collector c;
	memset(r, 0, sizeof(*r));
	memset(&c, 0, sizeof(c));
	c.r = r;
	c.a = &work;
	c.opts = so;
	r->path = cs_arena_strdup(&work, path);
	if (!r->path)
		r->path = "?";
	r->kind = CS_KIND_IMAGE;

	cs_check *checks = NULL;
	size_t nchecks = 0, cap = 0;
	for (size_t i = 0; i < nrules; i++) {
		const cs_rule *rule = rules[i];
		if (!(rule->targets & CS_TARGET_IMAGE) || !rule->check_img)
			continue;
		size_t first = c.n;
		sink s = {&c, first, 0};
		cs_img_check chk = {
			.rule = rule,
			.img = img,
			.blobs = blobs,
			.nblobs = nblobs,
			.config = so ? so->config : NULL,
			.arena = &work,
			.sink = &s,
		};
		bool applied = rule->check_img(&chk);
		if (s.dropped) {
			size_t n = s.dropped;
			s.first = c.n;   /* room for the count */
			cs_img_report(&chk, NULL, -1, "more",
				      "%zu more findings of this rule not "
				      "listed", n);
		}
		if (!applied && c.n == first)
			continue;
		cs_eng_apply_suppressions(&c, first);
		cs_eng_add_check(&c, &checks, &nchecks, &cap, rule, "image",
				 first);
	}
	cs_eng_finish(&c, checks, nchecks);
	cs_arena_free(&work);
}

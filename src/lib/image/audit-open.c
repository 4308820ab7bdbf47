/*
 * audit-open.c - open an image for `image audit` and read the bytes the
 * rules need, then hand both to cs_image_audit_opened().
 *
 * The file bytes are read in one more pass over the layers
 * (cs_image_contents), asking the rules' helper which files to read and
 * which of the bytes read to keep: the account files always, other small
 * files only when they hold a private key.  What is kept lives in one
 * arena for the length of the audit.  A read error of either pass becomes
 * the image's only finding (INPUT-LIMIT for a limit, INPUT-PARSE for a
 * malformed archive, else INPUT-READ), and the run exits 3.
 */
#include "audit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../rules/img-util.h"

typedef struct blobs {
	cs_arena *a;
	cs_img_blob *v;
	size_t n, cap;
	bool nomem;
} blobs;

static bool want(void *ctx, const cs_img_file *f)
{
	return cs_img_wants_contents(f);
}

static bool got(void *ctx, const cs_img_file *f, const unsigned char *data,
		size_t len, bool truncated)
{
	blobs *b = ctx;
	if (!cs_img_keeps_contents(f, data, len))
		return true;
	if (b->n == b->cap) {
		size_t ncap = b->cap ? b->cap * 2 : 16;
		cs_img_blob *v = cs_arena_grow(b->a, b->v, b->n, ncap,
					       sizeof(*v));
		if (!v) {
			b->nomem = true;
			return false;
		}
		b->v = v;
		b->cap = ncap;
	}
	unsigned char *copy = cs_arena_alloc_raw(b->a, len + 1);
	if (!copy) {
		b->nomem = true;
		return false;
	}
	memcpy(copy, data, len);
	copy[len] = '\0';
	b->v[b->n++] = (cs_img_blob){f, copy, len, truncated};
	return true;
}

static int by_path(const void *x, const void *y)
{
	const cs_img_blob *a = x, *b = y;
	return strcmp(a->file->path, b->file->path);
}

static const char *input_rule(const cs_error *err)
{
	switch (err->code) {
	case CS_ERR_LIMIT:
		return "INPUT-LIMIT";
	case CS_ERR_PARSE:
		return "INPUT-PARSE";
	default:
		return "INPUT-READ";
	}
}

static void failure(cs_file_result *r, const char *path, const char *rule,
		    const cs_error *err)
{
	char msg[400];
	if (err->context[0])
		snprintf(msg, sizeof(msg), "%s (%s)", err->message,
			 err->context);
	else
		snprintf(msg, sizeof(msg), "%s",
			 err->message[0] ? err->message : "cannot read image");
	cs_scanner s;
	cs_scanner_init(&s);
	cs_scanner_failure(&s, r, path, CS_KIND_IMAGE, rule, msg);
	cs_scanner_free(&s);
}

void cs_image_audit(cs_file_result *r, const char *path, const cs_img_opts *io,
		    const cs_scan_opts *so)
{
	cs_image img;
	cs_error err = {0};
	memset(&img, 0, sizeof(img));
	if (!cs_image_open(&img, path, io, &err)) {
		failure(r, path, input_rule(&err), &err);
		return;
	}
	cs_arena a;
	cs_arena_init(&a, CS_FILE_ARENA_CAP);
	blobs b = {.a = &a};
	if (!cs_image_contents(&img, want, got, &b, CS_IMG_BLOB_MAX, &err)) {
		if (b.nomem)
			cs_error_set(&err, CS_ERR_NOMEM, (cs_mark){0, 0},
				     "while reading file contents",
				     "out of memory");
		failure(r, path, b.nomem ? "INPUT-LIMIT" : input_rule(&err),
			&err);
	} else {
		if (b.n)
			qsort(b.v, b.n, sizeof(*b.v), by_path);
		cs_image_audit_opened(r, path, &img, b.v, b.n, so);
	}
	cs_arena_free(&a);
	cs_image_free(&img);
}

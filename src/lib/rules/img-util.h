/*
 * img-util.h - what the image rules (img-*.c) share.
 *
 * The image rules read the image config, the build history and the final
 * file index (image/image.h); a few also need file bytes (/etc/shadow, a
 * private key).  Reading bytes means streaming every layer again, so the
 * driver does it once for all rules: it asks cs_img_wants_contents() which
 * files to read and cs_img_keeps_contents() which of the bytes read to keep,
 * and hands the kept ones to every check as blobs.  Both questions are
 * answered here, beside the rules that need the answers.
 */
#ifndef CS_IMG_UTIL_H
#define CS_IMG_UTIL_H

#include <stdbool.h>
#include <stddef.h>

#include "../image/image.h"
#include "rule.h"

/* Files larger than this are not searched for private keys: a PEM key is
 * a few kilobytes, and reading every large file would cost a full copy of
 * the image in memory. */
#define CS_IMG_KEY_SCAN_MAX (64u * 1024)

bool cs_img_wants_contents(const cs_img_file *f);
bool cs_img_keeps_contents(const cs_img_file *f, const unsigned char *data,
			   size_t len);

/* The kept bytes of the file at `path`, or NULL. */
const cs_img_blob *cs_imgu_blob(const cs_img_check *c, const char *path);

/* Does the file hold a PEM private key block? */
bool cs_imgu_has_private_key(const unsigned char *data, size_t len);

/* Is the config there to judge?  A root file system directory has none. */
bool cs_imgu_has_config(const cs_img_check *c);

/* A created_by line as the builder wrote it, without the classic
 * "/bin/sh -c #(nop) " prefix and the BuildKit " # buildkit" suffix. */
const char *cs_imgu_created_by(cs_arena *a, const char *created_by);

/* The created_by of history entry i shortened for a message: at most 72
 * bytes, control characters replaced. */
const char *cs_imgu_quote(cs_arena *a, const char *s);

/* A created_by line for a message: cs_imgu_created_by(), with the values of
 * secret-like NAME=VALUE words and of key- or token-shaped words replaced
 * by ****, then cs_imgu_quote()d.  History lines are public, but a report
 * must not spread what it reports as leaked. */
const char *cs_imgu_history_text(cs_arena *a, const char *created_by);

#endif

/*
 * audit.h - `customs image audit`: the image rules run on one image.
 *
 * An image is scored like any scanned file: one cs_file_result, whose
 * findings are located at line 1 of the image path given (an image has no
 * lines; the message names the layer and the file), whose checks are one
 * per applicable IMG-* rule on the subject "image", and whose score, grade,
 * gate and `.customs.yaml` waivers are those of `customs scan`.  An image
 * that cannot be read becomes an INPUT-READ, INPUT-PARSE or INPUT-LIMIT
 * finding, as an unreadable Dockerfile does.
 */
#ifndef CS_IMAGE_AUDIT_H
#define CS_IMAGE_AUDIT_H

#include "../engine.h"
#include "image.h"

/* Open the image at `path`, read the file bytes the rules ask for, run
 * every rule that targets images.  Never fails: problems become input
 * findings of r. */
void cs_image_audit(cs_file_result *r, const char *path, const cs_img_opts *io,
		    const cs_scan_opts *so);

/* The same on an image already open, with the file bytes already read
 * (sorted by path; see rules/img-util.h).  Tests build both by hand. */
void cs_image_audit_opened(cs_file_result *r, const char *path,
			   const cs_image *img, const cs_img_blob *blobs,
			   size_t nblobs, const cs_scan_opts *so);

/* The same with the rules given (any rule with a check_img), registered or
 * not: tests, and rules not yet in the registry. */
void cs_image_audit_rules(cs_file_result *r, const char *path,
			  const cs_image *img, const cs_img_blob *blobs,
			  size_t nblobs, const cs_scan_opts *so,
			  const cs_rule *const *rules, size_t nrules);

#endif

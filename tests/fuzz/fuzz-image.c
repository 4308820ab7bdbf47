/*
 * fuzz-image.c - libFuzzer target for the image reader.
 *
 * The input is taken as an image file (docker save or OCI archive, plain
 * or gzipped): it is written to a memfd and opened through /proc/self/fd,
 * since the reader takes a path.  That fuzzes the outer tar listing, the
 * manifest, index and config JSON, blob lookup and digest checks, layer
 * decompression and tar walking, and flattening.  When an image opens,
 * the index must be sorted and unique, every lookup must find itself,
 * links resolve inside the index, and the contents pass runs with a small
 * per-file bound.  A low uncompressed limit keeps each run fast.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "image/image.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static bool want(void *ctx, const cs_img_file *f)
{
	return true;
}

static bool got(void *ctx, const cs_img_file *f, const unsigned char *d,
		size_t len, bool truncated)
{
	size_t *sum = ctx;
	if (len > 64)
		__builtin_trap();
	for (size_t i = 0; i < len; i++)
		*sum += d[i];
	return true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	int fd = memfd_create("fuzz-image", MFD_CLOEXEC);
	if (fd < 0)
		return 0;
	if (write(fd, data, size) != (ssize_t)size) {
		close(fd);
		return 0;
	}
	char path[64];
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	cs_image img;
	cs_error err = {0};
	cs_img_opts o = {.max_uncompressed = 4u << 20};
	if (cs_image_open(&img, path, &o, &err)) {
		for (size_t i = 0; i < img.nfiles; i++) {
			const cs_img_file *f = &img.files[i];
			if (i && strcmp(img.files[i - 1].path, f->path) >= 0)
				__builtin_trap();
			if (cs_image_find(&img, f->path) != f)
				__builtin_trap();
			const cs_img_file *r = cs_image_resolve(&img, f->path);
			if (r && (r < img.files || r >= img.files + img.nfiles))
				__builtin_trap();
		}
		for (size_t i = 0; i < img.config.nhistory; i++) {
			int32_t l = img.config.history[i].layer;
			if (l >= (int32_t)img.nlayers)
				__builtin_trap();
		}
		size_t sum = 0;
		cs_image_contents(&img, want, got, &sum, 64, &err);
		cs_image_free(&img);
	}
	close(fd);
	return 0;
}

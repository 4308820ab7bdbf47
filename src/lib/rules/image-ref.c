/*
 * image-ref.c - splitting image references and matching them against the
 * trusted registries (image-ref.h), for FROM lines and container images
 * alike.
 */
#include "image-ref.h"

#include <ctype.h>
#include <fnmatch.h>
#include <string.h>
#include <strings.h>

#include "../config.h"

static bool is_docker_io_alias(const char *h)
{
	return strcmp(h, "index.docker.io") == 0 ||
	       strcmp(h, "registry-1.docker.io") == 0 ||
	       strcmp(h, "registry.hub.docker.com") == 0;
}

bool cs_image_ref_parse(const char *ref, cs_image_ref *r)
{
	memset(r, 0, sizeof(*r));
	const char *at = strchr(ref, '@');
	size_t len = at ? (size_t)(at - ref) : strlen(ref);
	r->digest = at != NULL;
	const char *slash = memchr(ref, '/', len);
	const char *name = ref;
	size_t nlen = len;
	if (slash) {
		size_t fl = (size_t)(slash - ref);
		bool reg = memchr(ref, '.', fl) || memchr(ref, ':', fl) ||
			   (fl == 9 && strncmp(ref, "localhost", 9) == 0);
		if (reg) {
			if (fl >= sizeof(r->registry))
				return false;
			memcpy(r->registry, ref, fl);
			r->registry[fl] = '\0';
			name = slash + 1;
			nlen = len - fl - 1;
		}
	}
	if (!r->registry[0])
		strcpy(r->registry, "docker.io");
	for (char *p = r->registry; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	if (is_docker_io_alias(r->registry))
		strcpy(r->registry, "docker.io");
	/* The tag is after a ':' in the last component. */
	const char *last = name;
	for (const char *p = name; p < name + nlen; p++)
		if (*p == '/')
			last = p + 1;
	const char *colon = memchr(last, ':', (size_t)(name + nlen - last));
	size_t plen = nlen;
	if (colon) {
		r->tag = colon + 1;
		r->tag_len = (size_t)(name + nlen - colon - 1);
		plen = (size_t)(colon - name);
	}
	bool library = strcmp(r->registry, "docker.io") == 0 &&
		       !memchr(name, '/', plen);
	size_t off = library ? 8 : 0;
	if (plen + off >= sizeof(r->path))
		return false;
	if (library)
		memcpy(r->path, "library/", 8);
	memcpy(r->path + off, name, plen);
	r->path[plen + off] = '\0';
	return true;
}

bool cs_image_ref_trusted(const cs_image_ref *r, const char *entry)
{
	char e[512];
	size_t n = strlen(entry);
	if (n == 0 || n >= sizeof(e))
		return false;
	for (size_t i = 0; i <= n; i++)
		e[i] = (char)tolower((unsigned char)entry[i]);
	while (n > 0 && e[n - 1] == '/')
		e[--n] = '\0';
	char *slash = strchr(e, '/');
	const char *rest = slash ? slash + 1 : NULL;
	if (slash)
		*slash = '\0';
	if (is_docker_io_alias(e))
		strcpy(e, "docker.io");
	if (fnmatch(e, r->registry, 0) != 0)
		return false;
	if (!rest || !*rest)
		return true;
	size_t rl = strlen(rest);
	return strncasecmp(r->path, rest, rl) == 0 &&
	       (r->path[rl] == '\0' || r->path[rl] == '/');
}

bool cs_image_ref_trusted_by(const cs_image_ref *r, const cs_config *cfg)
{
	if (!cfg)
		return false;
	for (size_t k = 0; k < cfg->ntrusted; k++)
		if (cfg->trusted_registries[k] &&
		    cs_image_ref_trusted(r, cfg->trusted_registries[k]))
			return true;
	return false;
}

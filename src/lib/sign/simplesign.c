/*
 * simplesign.c - cosign's simple-signing payload, written and read.
 *
 * The payload is what an image signature signs, so its bytes matter: a
 * verifier hashes the bytes stored in the layout, and a signature we make
 * must be over the bytes cosign itself would have produced for the same
 * image, or a cosign user comparing payloads sees a difference where there
 * is none.  Cosign marshals a Go struct, so the payload is compact JSON in
 * struct order, strings escaped as Go's encoding/json escapes them (<, >,
 * & and U+2028/U+2029 as \u escapes too), and the optional annotations are
 * a Go map: keys in byte order, the last value of a repeated key wins.
 *
 * Reading never re-serializes what was signed: the parser only extracts
 * the fields a verifier checks from the stored bytes.
 */
#include "layout.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "../rules/image-ref.h"

static const cs_mark nomark;

/* Length of the UTF-8 sequence at s (at most n bytes), 0 if malformed. */
static size_t utf8_len(const unsigned char *s, size_t n)
{
	unsigned c = s[0];
	size_t len;
	unsigned min;
	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf) {
		len = 2;
		min = 0x80;
	} else if (c >= 0xe0 && c <= 0xef) {
		len = 3;
		min = 0x800;
	} else if (c >= 0xf0 && c <= 0xf4) {
		len = 4;
		min = 0x10000;
	} else {
		return 0;
	}
	if (n < len)
		return 0;
	unsigned cp = c & (0x7fu >> len);
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3fu);
	}
	if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return len;
}

/* A JSON string as Go's encoding/json writes it (HTML-safe escaping, the
 * default of json.Marshal).  Invalid UTF-8 is refused rather than replaced
 * by U+FFFD as Go would: a reference or annotation that is not text is a
 * mistake worth reporting. */
static bool go_string(cs_buf *out, const char *str)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *s = (const unsigned char *)str;
	size_t n = strlen(str);
	cs_buf_addc(out, '"');
	for (size_t i = 0; i < n;) {
		unsigned char c = s[i];
		if (c >= 0x80) {
			size_t l = utf8_len(s + i, n - i);
			if (!l)
				return false;
			if (l == 3 && c == 0xe2 && s[i + 1] == 0x80 &&
			    (s[i + 2] == 0xa8 || s[i + 2] == 0xa9))
				cs_buf_adds(out, s[i + 2] == 0xa8 ? "\\u2028"
								  : "\\u2029");
			else
				cs_buf_add(out, s + i, l);
			i += l;
			continue;
		}
		switch (c) {
		case '"':
			cs_buf_adds(out, "\\\"");
			break;
		case '\\':
			cs_buf_adds(out, "\\\\");
			break;
		case '\b':
			cs_buf_adds(out, "\\b");
			break;
		case '\f':
			cs_buf_adds(out, "\\f");
			break;
		case '\n':
			cs_buf_adds(out, "\\n");
			break;
		case '\r':
			cs_buf_adds(out, "\\r");
			break;
		case '\t':
			cs_buf_adds(out, "\\t");
			break;
		case '<':
		case '>':
		case '&':
			cs_buf_printf(out, "\\u00%c%c", hex[c >> 4],
				      hex[c & 15]);
			break;
		default:
			if (c < 0x20)
				cs_buf_printf(out, "\\u00%c%c", hex[c >> 4],
					      hex[c & 15]);
			else
				cs_buf_addc(out, (char)c);
		}
		i++;
	}
	cs_buf_addc(out, '"');
	return true;
}

static int cmp_kv(const void *a, const void *b)
{
	const cs_kv *x = *(const cs_kv *const *)a;
	const cs_kv *y = *(const cs_kv *const *)b;
	int c = strcmp(x->key, y->key);
	/* equal keys keep their order, so the last given is the last */
	return c ? c : (x < y ? -1 : x > y);
}

bool cs_simplesign_payload(cs_buf *out, const char *docker_ref,
			   const char *digest, const cs_kv *annotations,
			   size_t nannotations, cs_error *err)
{
	size_t start = out->len;
	const cs_kv **sorted = NULL;
	if (nannotations) {
		sorted = calloc(nannotations, sizeof(*sorted));
		if (!sorted) {
			cs_error_set(err, CS_ERR_NOMEM, nomark, NULL,
				     "out of memory");
			return false;
		}
		for (size_t i = 0; i < nannotations; i++)
			sorted[i] = &annotations[i];
		qsort(sorted, nannotations, sizeof(*sorted), cmp_kv);
	}
	bool text = true;
	cs_buf_adds(out, "{\"critical\":{\"identity\":{\"docker-reference\":");
	text &= go_string(out, docker_ref);
	cs_buf_adds(out, "},\"image\":{\"docker-manifest-digest\":");
	text &= go_string(out, digest);
	cs_buf_adds(out, "},\"type\":\"cosign container image signature\"},"
			 "\"optional\":");
	if (!nannotations) {
		cs_buf_adds(out, "null");
	} else {
		cs_buf_addc(out, '{');
		bool first = true;
		for (size_t i = 0; i < nannotations; i++) {
			/* a repeated key: only its last value is kept */
			if (i + 1 < nannotations &&
			    strcmp(sorted[i]->key, sorted[i + 1]->key) == 0)
				continue;
			if (!first)
				cs_buf_addc(out, ',');
			first = false;
			text &= go_string(out, sorted[i]->key);
			cs_buf_addc(out, ':');
			text &= go_string(out, sorted[i]->value);
		}
		cs_buf_addc(out, '}');
	}
	cs_buf_addc(out, '}');
	free(sorted);
	if (!text) {
		cs_error_set(err, CS_ERR_USAGE, nomark,
			     "while writing the signed payload",
			     "the reference or an annotation is not valid "
			     "UTF-8 text");
	} else if (out->failed) {
		cs_error_set(err, CS_ERR_NOMEM, nomark,
			     "while writing the signed payload",
			     "out of memory");
	}
	if (!text || out->failed) {
		if (!out->failed && out->data) {
			out->len = start;
			out->data[start] = '\0';
		}
		return false;
	}
	return true;
}

static char *dup_string(json_t *v)
{
	const char *s = json_string_value(v);
	if (!s)
		return NULL;
	/* a string with an embedded NUL is not a reference or a digest */
	if (strlen(s) != json_string_length(v))
		return NULL;
	return strdup(s);
}

bool cs_simplesign_parse(cs_simplesign *s, const void *json, size_t len,
			 cs_error *err)
{
	memset(s, 0, sizeof(*s));
	json_error_t je;
	json_t *root = json_loadb(json, len, JSON_REJECT_DUPLICATES, &je);
	if (!root) {
		cs_error_set(err, CS_ERR_PARSE, nomark,
			     "while reading the signed payload",
			     "the payload is not JSON: %s", je.text);
		return false;
	}
	const char *what = NULL;
	json_t *crit = json_object_get(root, "critical");
	json_t *opt = json_object_get(root, "optional");
	if (!json_is_object(root) || !json_is_object(crit)) {
		what = "no \"critical\" object";
		goto bad;
	}
	s->docker_ref = dup_string(json_object_get(
		json_object_get(crit, "identity"), "docker-reference"));
	if (!s->docker_ref) {
		what = "no critical.identity.docker-reference string";
		goto bad;
	}
	s->digest = dup_string(json_object_get(json_object_get(crit, "image"),
					       "docker-manifest-digest"));
	if (!s->digest) {
		what = "no critical.image.docker-manifest-digest string";
		goto bad;
	}
	s->type = dup_string(json_object_get(crit, "type"));
	if (!s->type) {
		what = "no critical.type string";
		goto bad;
	}
	if (opt && !json_is_null(opt)) {
		if (!json_is_object(opt)) {
			what = "\"optional\" is neither an object nor null";
			goto bad;
		}
		s->optional = json_dumps(opt, JSON_COMPACT | JSON_SORT_KEYS);
		if (!s->optional) {
			json_decref(root);
			cs_simplesign_free(s);
			cs_error_set(err, CS_ERR_NOMEM, nomark, NULL,
				     "out of memory");
			return false;
		}
	}
	json_decref(root);
	return true;
bad:
	json_decref(root);
	cs_simplesign_free(s);
	cs_error_set(err, CS_ERR_PARSE, nomark,
		     "while reading the signed payload",
		     "not a simple-signing payload: %s", what);
	return false;
}

void cs_simplesign_free(cs_simplesign *s)
{
	if (!s)
		return;
	free(s->docker_ref);
	free(s->digest);
	free(s->type);
	free(s->optional);
	memset(s, 0, sizeof(*s));
}

bool cs_simplesign_has(const cs_simplesign *s, const char *key,
		       const char *value)
{
	if (!s->optional)
		return false;
	json_t *opt = json_loads(s->optional, 0, NULL);
	const char *v = json_string_value(json_object_get(opt, key));
	bool ok = v && strcmp(v, value) == 0 &&
		  strlen(v) == json_string_length(json_object_get(opt, key));
	json_decref(opt);
	return ok;
}

/* A repository path as registries accept it: lowercase components of
 * [a-z0-9] joined by '.', '_', '__' or '-' runs, separated by '/'. */
static bool valid_path(const char *p)
{
	if (!*p)
		return false;
	bool start = true;
	for (; *p; p++) {
		char c = *p;
		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
			start = false;
		} else if (c == '/') {
			if (start)
				return false;
			start = true;
		} else if (c == '.' || c == '_' || c == '-') {
			if (start)
				return false;
		} else {
			return false;
		}
	}
	return !start;
}

static bool valid_registry(const char *r)
{
	if (!*r)
		return false;
	for (; *r; r++) {
		char c = *r;
		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		      c == '.' || c == '-' || c == ':' || c == '[' || c == ']'))
			return false;
	}
	return true;
}

bool cs_docker_reference(const char *name, char *out, size_t outsz)
{
	if (!outsz)
		return false;
	out[0] = '\0';
	cs_image_ref r;
	if (!name || !*name || !cs_image_ref_parse(name, &r))
		return false;
	if (!valid_registry(r.registry) || !valid_path(r.path))
		return false;
	if (r.tag) {
		/* a tag: [A-Za-z0-9_][A-Za-z0-9_.-]{0,127} */
		if (!r.tag_len || r.tag_len > 128 || r.tag[0] == '.' ||
		    r.tag[0] == '-')
			return false;
		for (size_t i = 0; i < r.tag_len; i++) {
			char c = r.tag[i];
			if (!((c >= 'a' && c <= 'z') ||
			      (c >= 'A' && c <= 'Z') ||
			      (c >= '0' && c <= '9') || c == '_' || c == '.' ||
			      c == '-'))
				return false;
		}
	}
	if (r.digest) {
		const char *d = strchr(name, '@') + 1;
		if (strncmp(d, "sha256:", 7) || strlen(d) != 71)
			return false;
		for (d += 7; *d; d++)
			if (!((*d >= '0' && *d <= '9') ||
			      (*d >= 'a' && *d <= 'f')))
				return false;
	}
	/* go-containerregistry spells Docker Hub index.docker.io */
	const char *reg = strcmp(r.registry, "docker.io") == 0
				  ? "index.docker.io"
				  : r.registry;
	size_t need = strlen(reg) + 1 + strlen(r.path) + 1;
	if (need > outsz)
		return false;
	snprintf(out, outsz, "%s/%s", reg, r.path);
	return true;
}

/*
 * fuzz-yaml.c - libFuzzer target for the YAML loader and the comment
 * scanner.
 *
 * Every input is loaded and its tree walked (with a visit budget: shared
 * nodes may be reached many times); every node must sit inside the input,
 * carry an expanded size that matches its children, and have no `<<` key
 * left once merged.  The scalar helpers run on every scalar, and the
 * comment scanner runs with and without a needle.  The arena cap stands in
 * for a hostile file's memory appetite.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "parse/yaml.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static uint32_t max_line;

static void check_mark(cs_mark m)
{
	if (m.line < 1 || m.line > max_line || m.col < 1)
		__builtin_trap();
}

static void check_node(const cs_yaml_node *n)
{
	check_mark(n->mark);
	uint64_t sum = 1;
	bool b;
	long long v;
	switch (n->kind) {
	case CS_YAML_SCALAR:
		if (!n->scalar || n->expanded != 1)
			__builtin_trap();
		cs_yaml_bool(n, &b);
		cs_yaml_int(n, &v);
		cs_yaml_is_null(n);
		return;
	case CS_YAML_SEQ:
		for (size_t i = 0; i < n->nitems; i++)
			sum += n->items[i]->expanded;
		break;
	case CS_YAML_MAP:
		for (size_t i = 0; i < n->npairs; i++) {
			const cs_yaml_node *k = n->pairs[i].key;
			if (k->kind == CS_YAML_SCALAR && !k->quoted &&
			    !k->tag && strcmp(k->scalar, "<<") == 0)
				__builtin_trap();
			sum += k->expanded + n->pairs[i].value->expanded;
		}
		break;
	}
	if (sum != n->expanded || sum > CS_YAML_MAX_EXPANDED)
		__builtin_trap();
}

static void walk(const cs_yaml_node *root)
{
	size_t cap = 1024, top = 0, budget = 200000;
	const cs_yaml_node **st = malloc(cap * sizeof(*st));
	if (!st)
		return;
	st[top++] = root;
	while (top && budget--) {
		const cs_yaml_node *n = st[--top];
		check_node(n);
		size_t kids = n->kind == CS_YAML_SEQ ? n->nitems
			    : n->kind == CS_YAML_MAP ? 2 * n->npairs : 0;
		if (top + kids > cap) {
			while (top + kids > cap)
				cap *= 2;
			const cs_yaml_node **v = realloc(st, cap * sizeof(*st));
			if (!v)
				break;
			st = v;
		}
		for (size_t i = 0; i < kids; i++)
			st[top++] = n->kind == CS_YAML_SEQ
					    ? n->items[i]
					    : i % 2 ? n->pairs[i / 2].value
						    : n->pairs[i / 2].key;
	}
	free(st);
}

static void comments(const uint8_t *data, size_t size, const char *needle,
		     cs_arena *a)
{
	cs_yaml_comment *c;
	size_t n;
	cs_error err = {0};
	if (!cs_yaml_comments((const char *)data, size, needle, a, &c, &n,
			      &err) && err.code == CS_OK)
		__builtin_trap();
	for (size_t i = 0; i < n; i++) {
		check_mark(c[i].mark);
		if (!c[i].text || strchr(c[i].text, '\n') ||
		    (needle[0] && !strstr(c[i].text, needle)))
			__builtin_trap();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	cs_arena a;
	cs_arena_init(&a, 256u * 1024 * 1024);
	max_line = 1;
	for (size_t i = 0; i < size; i++)
		max_line += data[i] == '\n' || data[i] == '\r';
	cs_yaml_stream st;
	cs_error err = {0};
	if (!cs_yaml_load((const char *)data, size, &a, &st, &err)) {
		if (err.code == CS_OK || err.mark.line > max_line)
			__builtin_trap();
	}
	if (st.ndiags > CS_YAML_MAX_DIAGS)
		__builtin_trap();
	for (size_t i = 0; i < st.ndiags; i++) {
		check_mark(st.diags[i].mark);
		if (!st.diags[i].message)
			__builtin_trap();
	}
	for (size_t i = 0; i < st.ndocs; i++) {
		check_mark(st.doc_marks[i]);
		if (st.docs[i])
			walk(st.docs[i]);
	}
	comments(data, size, "", &a);
	comments(data, size, "customs:", &a);
	cs_arena_free(&a);
	return 0;
}

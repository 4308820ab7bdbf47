/*
 * options.c - the option parser and help printer; see options.h.
 */
#include "options.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

int usage_error(const command_help *help, const char *fmt, ...)
{
	va_list ap;
	fprintf(stderr, "customs %s: ", help->name);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nTry 'customs %s -h' for the options.\n",
		help->name);
	return 2;
}

void print_usage(FILE *out, const option *opts, const command_help *help)
{
	fprintf(out, "usage: %s\n\n%s\n", help->usage, help->summary);
	bool any = false;
	for (const option *o = opts; o->type != OPT_END; o++)
		any = true;
	if (!any)
		return;
	fprintf(out, "\noptions:\n");
	for (const option *o = opts; o->type != OPT_END; o++) {
		char left[64];
		int n = 0;
		if (o->short_name)
			n = snprintf(left, sizeof(left), "-%c, --%s",
				     o->short_name, o->long_name);
		else
			n = snprintf(left, sizeof(left), "    --%s",
				     o->long_name);
		if (o->argh && n > 0 && (size_t)n < sizeof(left))
			snprintf(left + n, sizeof(left) - (size_t)n, " %s",
				 o->argh);
		fprintf(out, "  %-28s %s\n", left, o->help);
	}
	fprintf(out, "  %-28s %s\n", "-h, --help", "show this help");
}

static bool add_arg(char ***args, size_t *n, size_t *cap, char *a)
{
	if (*n == *cap) {
		size_t nc = *cap ? *cap * 2 : 8;
		char **v = realloc(*args, nc * sizeof(*v));
		if (!v)
			return false;
		*args = v;
		*cap = nc;
	}
	(*args)[(*n)++] = a;
	return true;
}

static bool set_value(const option *o, const char *v)
{
	if (o->type == OPT_STRING) {
		*(const char **)o->value = v;
		return true;
	}
	opt_list *l = o->value;
	if (l->n == l->cap) {
		size_t nc = l->cap ? l->cap * 2 : 4;
		const char **nv = realloc(l->v, nc * sizeof(*nv));
		if (!nv)
			return false;
		l->v = nv;
		l->cap = nc;
	}
	l->v[l->n++] = v;
	return true;
}

int parse_options(int argc, char **argv, const option *opts,
		  const command_help *help, char ***args, size_t *nargs)
{
	size_t cap = 0;
	*args = NULL;
	*nargs = 0;
	bool only_args = false;
	for (int i = 1; i < argc; i++) {
		char *a = argv[i];
		if (only_args || a[0] != '-' || a[1] == '\0') {
			if (!add_arg(args, nargs, &cap, a))
				return usage_error(help, "out of memory");
			continue;
		}
		if (strcmp(a, "--") == 0) {
			only_args = true;
			continue;
		}
		if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
			print_usage(stdout, opts, help);
			return 1;
		}
		const option *o = NULL;
		const char *val = NULL;
		if (a[1] == '-') {
			const char *name = a + 2;
			const char *eq = strchr(name, '=');
			size_t len = eq ? (size_t)(eq - name) : strlen(name);
			for (const option *p = opts; p->type != OPT_END; p++)
				if (strlen(p->long_name) == len &&
				    strncmp(p->long_name, name, len) == 0)
					o = p;
			if (!o)
				return usage_error(help, "unknown option '%s'",
						   a);
			if (eq) {
				if (o->type == OPT_FLAG)
					return usage_error(
						help,
						"option '--%s' takes no value",
						o->long_name);
				val = eq + 1;
			}
		} else {
			for (const option *p = opts; p->type != OPT_END; p++)
				if (p->short_name == a[1])
					o = p;
			if (!o)
				return usage_error(help, "unknown option '%s'",
						   a);
			if (a[2]) {
				if (o->type == OPT_FLAG)
					return usage_error(
						help,
						"option '-%c' takes no value",
						o->short_name);
				val = a + 2;
			}
		}
		if (o->type == OPT_FLAG) {
			*(bool *)o->value = true;
			continue;
		}
		if (!val) {
			if (i + 1 >= argc)
				return usage_error(help,
						   "option '--%s' needs a value "
						   "(%s)",
						   o->long_name, o->argh);
			val = argv[++i];
		}
		if (!set_value(o, val))
			return usage_error(help, "out of memory");
	}
	return 0;
}

/*
 * discover.c - walking the paths of a scan; see discover.h.
 *
 * The walk keeps an explicit stack of directories (no recursion) and sorts
 * each directory's entries before pushing them, so the order of inputs is
 * the byte order of paths, as `find | sort` would give.
 */
#include "discover.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "util/glob.h"

static const char *base_name(const char *p)
{
	const char *s = strrchr(p, '/');
	return s ? s + 1 : p;
}

static bool has_prefix_ci(const char *s, const char *pre)
{
	return strncasecmp(s, pre, strlen(pre)) == 0;
}

static bool has_suffix(const char *s, const char *suf)
{
	size_t a = strlen(s), b = strlen(suf);
	return a >= b && strcmp(s + a - b, suf) == 0;
}

cs_file_kind cs_kind_from_name(const char *path)
{
	const char *b = base_name(path);
	if (strcmp(b, "Dockerfile") == 0 || strcmp(b, "Containerfile") == 0 ||
	    strcmp(b, "dockerfile") == 0 || strcmp(b, "containerfile") == 0)
		return CS_KIND_DOCKERFILE;
	if ((has_prefix_ci(b, "Dockerfile.") || has_prefix_ci(b, "Containerfile.")) &&
	    !has_suffix(b, ".dockerignore") && !has_suffix(b, ".md"))
		return CS_KIND_DOCKERFILE;
	if (has_suffix(b, ".Dockerfile") || has_suffix(b, ".dockerfile") ||
	    has_suffix(b, ".Containerfile") || has_suffix(b, ".containerfile"))
		return CS_KIND_DOCKERFILE;
	bool yaml = has_suffix(b, ".yaml") || has_suffix(b, ".yml");
	/* Compose by name: compose.yaml, docker-compose*.yml,
	 * *.compose.yaml (the Compose specification's and docker compose's
	 * default names and the common per-environment variants). */
	if (yaml && (strcmp(b, "compose.yaml") == 0 ||
		     strcmp(b, "compose.yml") == 0 ||
		     strncmp(b, "docker-compose", 14) == 0 ||
		     strstr(b, ".compose.")))
		return CS_KIND_COMPOSE;
	/* Other YAML and JSON: Compose or Kubernetes by content. */
	if (yaml || has_suffix(b, ".json"))
		return CS_KIND_YAML;
	return CS_KIND_UNKNOWN;
}

static bool push(cs_inputs *in, const char *fs, const char *display,
		 const char *rel, cs_file_kind kind, bool named)
{
	if (in->n >= CS_DISCOVER_MAX_FILES)
		return true;
	if (in->n == in->cap) {
		size_t nc = in->cap ? in->cap * 2 : 64;
		cs_input *v = realloc(in->v, nc * sizeof(*v));
		if (!v)
			return false;
		in->v = v;
		in->cap = nc;
	}
	cs_input *e = &in->v[in->n];
	e->fs_path = fs ? strdup(fs) : NULL;
	e->display = strdup(display);
	e->rel = strdup(rel);
	e->kind = kind;
	e->named = named;
	if ((fs && !e->fs_path) || !e->display || !e->rel) {
		free(e->fs_path);
		free(e->display);
		free(e->rel);
		return false;
	}
	in->n++;
	return true;
}

static bool skipped_dir(const char *name)
{
	return strcmp(name, ".git") == 0 || strcmp(name, ".hg") == 0 ||
	       strcmp(name, ".svn") == 0 || strcmp(name, "node_modules") == 0;
}

static bool excluded(const char *rel, const char *const *ex, size_t nex,
		     const cs_config *cfg)
{
	for (size_t i = 0; i < nex; i++)
		if (cs_glob_path(ex[i], rel))
			return true;
	return cs_config_excluded(cfg, rel);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Is `real` the same as or below `root_real`? */
static bool inside(const char *real, const char *root_real)
{
	size_t n = strlen(root_real);
	if (strcmp(root_real, "/") == 0)
		return true;
	return strncmp(real, root_real, n) == 0 &&
	       (real[n] == '\0' || real[n] == '/');
}

static char *join(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	bool slash = la > 0 && a[la - 1] != '/';
	char *p = malloc(la + lb + 2);
	if (!p)
		return NULL;
	memcpy(p, a, la);
	if (slash)
		p[la++] = '/';
	memcpy(p + la, b, lb + 1);
	return p;
}

typedef struct dir_item {
	char *fs;      /* path to open */
	char *rel;     /* relative to the root, "" for the root */
	unsigned depth;
} dir_item;

static bool problem(cs_inputs *in, const char *display, const char *msg)
{
	if (in->nproblems == in->problem_cap) {
		size_t nc = in->problem_cap ? in->problem_cap * 2 : 8;
		cs_input *v = realloc(in->problems, nc * sizeof(*v));
		if (!v)
			return false;
		in->problems = v;
		char **m = realloc(in->problem_msgs, nc * sizeof(*m));
		if (!m)
			return false;
		in->problem_msgs = m;
		in->problem_cap = nc;
	}
	cs_input *e = &in->problems[in->nproblems];
	memset(e, 0, sizeof(*e));
	e->display = strdup(display);
	e->rel = strdup(display);
	in->problem_msgs[in->nproblems] = strdup(msg);
	in->nproblems++;
	return e->display && e->rel && in->problem_msgs[in->nproblems - 1];
}

static bool walk(cs_inputs *in, const char *root, const char *const *ex,
		 size_t nex, const cs_config *cfg)
{
	char root_real[PATH_MAX];
	if (!realpath(root, root_real))
		return problem(in, root, strerror(errno));

	dir_item *stack = NULL;
	size_t sn = 0, scap = 0;
	bool ok = true;
	char *r0 = strdup(root), *e0 = strdup("");
	if (!r0 || !e0) {
		free(r0);
		free(e0);
		return false;
	}
	stack = malloc(sizeof(*stack) * 16);
	if (!stack) {
		free(r0);
		free(e0);
		return false;
	}
	scap = 16;
	stack[sn++] = (dir_item){r0, e0, 0};

	while (sn > 0 && ok) {
		dir_item d = stack[--sn];
		DIR *dir = opendir(d.fs);
		if (!dir) {
			char msg[300];
			snprintf(msg, sizeof(msg), "cannot read directory: %s",
				 strerror(errno));
			ok = problem(in, d.fs, msg);
			free(d.fs);
			free(d.rel);
			continue;
		}
		char **names = NULL;
		size_t nn = 0, ncap = 0;
		struct dirent *de;
		while ((de = readdir(dir)) != NULL) {
			if (strcmp(de->d_name, ".") == 0 ||
			    strcmp(de->d_name, "..") == 0)
				continue;
			if (nn == ncap) {
				size_t nc = ncap ? ncap * 2 : 32;
				char **v = realloc(names, nc * sizeof(*v));
				if (!v) {
					ok = false;
					break;
				}
				names = v;
				ncap = nc;
			}
			if (!(names[nn] = strdup(de->d_name))) {
				ok = false;
				break;
			}
			nn++;
		}
		closedir(dir);
		qsort(names, nn, sizeof(*names), cmp_str);

		/* The final order is set by sorting full paths once the
		 * walk is done; the order here only has to be stable. */
		for (size_t i = 0; i < nn && ok; i++) {
			char *fs = join(d.fs, names[i]);
			char *rel = d.rel[0] ? join(d.rel, names[i])
					     : strdup(names[i]);
			if (!fs || !rel) {
				free(fs);
				free(rel);
				ok = false;
				break;
			}
			struct stat st;
			bool keep = false;
			if (lstat(fs, &st) == 0 && !excluded(rel, ex, nex, cfg)) {
				if (S_ISDIR(st.st_mode)) {
					if (!skipped_dir(names[i]) &&
					    d.depth + 1 < CS_DISCOVER_MAX_DEPTH) {
						if (sn == scap) {
							size_t nc = scap * 2;
							dir_item *v = realloc(
								stack,
								nc * sizeof(*v));
							if (!v) {
								ok = false;
							} else {
								stack = v;
								scap = nc;
							}
						}
						if (ok) {
							stack[sn++] = (dir_item){
								fs, rel,
								d.depth + 1};
							keep = true;
						}
					}
				} else if (cs_kind_from_name(names[i]) !=
					   CS_KIND_UNKNOWN) {
					bool take = S_ISREG(st.st_mode);
					if (S_ISLNK(st.st_mode)) {
						char real[PATH_MAX];
						struct stat ts;
						take = realpath(fs, real) &&
						       inside(real, root_real) &&
						       stat(real, &ts) == 0 &&
						       S_ISREG(ts.st_mode);
					}
					if (take) {
						/* "." adds nothing a reader needs */
						bool dot = strcmp(root, ".") == 0 ||
							   strcmp(root, "./") == 0;
						char *disp = dot ? strdup(rel)
								 : join(root, rel);
						ok = disp &&
						     push(in, fs, disp, rel,
							  cs_kind_from_name(
								  names[i]),
							  false);
						free(disp);
					}
				}
			}
			if (!keep) {
				free(fs);
				free(rel);
			}
		}
		for (size_t i = 0; i < nn; i++)
			free(names[i]);
		free(names);
		free(d.fs);
		free(d.rel);
	}
	while (sn > 0) {
		sn--;
		free(stack[sn].fs);
		free(stack[sn].rel);
	}
	free(stack);
	return ok;
}

static int cmp_input(const void *a, const void *b)
{
	return strcmp(((const cs_input *)a)->display,
		      ((const cs_input *)b)->display);
}

bool cs_discover(cs_inputs *in, const char *root, const char *const *ex,
		 size_t nex, const cs_config *cfg)
{
	struct stat st;
	if (stat(root, &st) == 0 && S_ISDIR(st.st_mode)) {
		size_t before = in->n;
		if (!walk(in, root, ex, nex, cfg))
			return false;
		/* one total order of full paths for this root */
		qsort(in->v + before, in->n - before, sizeof(*in->v),
		      cmp_input);
		return true;
	}
	/* A named file (or a missing path: the engine reports it); an
	 * unknown name is told by its content. */
	return push(in, root, root, base_name(root), cs_kind_from_name(root),
		    true);
}

bool cs_discover_stdin(cs_inputs *in, const char *display)
{
	return push(in, NULL, display, display, cs_kind_from_name(display),
		    true);
}

void cs_inputs_free(cs_inputs *in)
{
	for (size_t i = 0; i < in->n; i++) {
		free(in->v[i].fs_path);
		free(in->v[i].display);
		free(in->v[i].rel);
	}
	for (size_t i = 0; i < in->nproblems; i++) {
		free(in->problems[i].display);
		free(in->problems[i].rel);
		free(in->problem_msgs[i]);
	}
	free(in->v);
	free(in->problems);
	free(in->problem_msgs);
	memset(in, 0, sizeof(*in));
}

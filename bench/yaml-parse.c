/*
 * yaml-parse.c - the floor under a YAML scan: a bare libyaml event parse.
 *
 * usage: yaml-parse [-l LIST] [FILE...]
 *
 * Reads each file fully into memory (open, fstat, read to the end, as
 * customs does before parsing), then runs yaml_parser_parse until
 * STREAM_END, deleting every event and keeping nothing.  No tree, no
 * model, no rules, no report: whatever `customs scan` costs above this
 * program's time is the cost of customs itself, which is what the
 * scan/parse-only ratio in bench/run.sh is about.  LIST names one file per
 * line (a corpus is too large for a command line).
 *
 * Prints one line: files, bytes, documents, events, parse errors and the
 * seconds spent reading and parsing (process start-up and the list
 * excluded).  Exit 1 when a file cannot be read, 0 otherwise: a file libyaml
 * rejects is counted, not fatal, as it is for customs.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <yaml.h>

struct totals {
	unsigned long files, docs, events, errors;
	unsigned long long bytes;
};

/* The whole file in a malloc'd buffer, NUL-terminated; NULL on error. */
static char *read_file(const char *path, size_t *lenp)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0)
		return NULL;
	struct stat st;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return NULL;
	}
	size_t cap = (size_t)st.st_size + 1, len = 0;
	char *data = malloc(cap + 1);
	while (data) {
		if (len == cap) {
			char *nd = realloc(data, cap * 2 + 1);
			if (!nd) {
				free(data);
				data = NULL;
				break;
			}
			data = nd;
			cap *= 2;
		}
		ssize_t n = read(fd, data + len, cap - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			free(data);
			data = NULL;
		}
		if (n <= 0)
			break;
		len += (size_t)n;
	}
	close(fd);
	if (data) {
		data[len] = '\0';
		*lenp = len;
	}
	return data;
}

static int parse_one(const char *path, struct totals *t)
{
	size_t len;
	char *data = read_file(path, &len);
	if (!data) {
		fprintf(stderr, "yaml-parse: %s: %s\n", path, strerror(errno));
		return -1;
	}
	yaml_parser_t p;
	if (!yaml_parser_initialize(&p)) {
		free(data);
		fprintf(stderr, "yaml-parse: out of memory\n");
		return -1;
	}
	yaml_parser_set_input_string(&p, (const unsigned char *)data, len);
	for (;;) {
		yaml_event_t ev;
		if (!yaml_parser_parse(&p, &ev)) {
			t->errors++;
			break;
		}
		yaml_event_type_t type = ev.type;
		yaml_event_delete(&ev);
		t->events++;
		if (type == YAML_DOCUMENT_START_EVENT)
			t->docs++;
		if (type == YAML_STREAM_END_EVENT)
			break;
	}
	yaml_parser_delete(&p);
	free(data);
	t->files++;
	t->bytes += len;
	return 0;
}

/* Append the lines of a list file to the path vector. */
static int read_list(const char *list, char ***paths, size_t *n, size_t *cap)
{
	FILE *f = fopen(list, "r");
	if (!f) {
		fprintf(stderr, "yaml-parse: %s: %s\n", list, strerror(errno));
		return -1;
	}
	char *line = NULL;
	size_t lcap = 0;
	ssize_t got;
	while ((got = getline(&line, &lcap, f)) > 0) {
		if (line[got - 1] == '\n')
			line[--got] = '\0';
		if (got == 0)
			continue;
		if (*n == *cap) {
			size_t ncap = *cap ? *cap * 2 : 1024;
			char **np = realloc(*paths, ncap * sizeof(*np));
			if (!np)
				break;
			*paths = np;
			*cap = ncap;
		}
		(*paths)[(*n)++] = strdup(line);
	}
	free(line);
	fclose(f);
	return 0;
}

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	char **paths = NULL;
	size_t n = 0, cap = 0;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "-l") == 0 && i + 1 < argc) {
			if (read_list(argv[++i], &paths, &n, &cap) != 0)
				return 1;
			continue;
		}
		if (n == cap) {
			size_t ncap = cap ? cap * 2 : 1024;
			char **np = realloc(paths, ncap * sizeof(*np));
			if (!np)
				return 1;
			paths = np;
			cap = ncap;
		}
		paths[n++] = strdup(argv[i]);
	}
	struct totals t = {0};
	int rc = 0;
	double start = now();
	for (size_t i = 0; i < n; i++)
		if (!paths[i] || parse_one(paths[i], &t) != 0)
			rc = 1;
	double secs = now() - start;
	printf("files %lu bytes %llu documents %lu events %lu errors %lu "
	       "seconds %.3f\n",
	       t.files, t.bytes, t.docs, t.events, t.errors, secs);
	for (size_t i = 0; i < n; i++)
		free(paths[i]);
	free(paths);
	return rc;
}

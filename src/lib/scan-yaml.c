/*
 * scan-yaml.c - the engine's half for Compose files and Kubernetes manifests.
 *
 * One YAML load per file, then: is it a Helm template or a kustomization
 * (skipped, with a notice), a Compose file (by name, or a top-level
 * `services` map) or Kubernetes objects (documents with apiVersion and
 * kind)?  The matching normalizer turns the tree into container specs and
 * objects (model/), and every rule whose targets include the format runs on
 * each subject: check_rt on every container spec, check_compose on every
 * service, check_k8s on every object.  A check is recorded per (rule,
 * subject), so a Deployment with three containers is three subjects for the
 * runtime rules and one for the object rules.
 *
 * Suppressions: `# customs:ignore=ID reason` on the line of a service,
 * container or object (or of the offending field), or alone on the line
 * above it; `# customs:ignore-file=ID reason` anywhere; and, on Kubernetes
 * objects, the annotation `customs.dev/ignore: "ID[,ID] reason"`, which
 * covers the object and its containers.
 *
 * A Compose service that builds from a Dockerfile is linked to it: the
 * final stage's USER and HEALTHCHECK stand in for the service's when the
 * service sets none (the container runs as the image's user).  Only a
 * relative build context is followed, and the Dockerfile is read under the
 * same size limit as any input.
 */
#include "engine-priv.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "model/compose.h"
#include "model/k8s.h"
#include "parse/dockerfile.h"
#include "parse/yaml.h"
#include "pss.h"
#include "rules/df-util.h"
#include "rules/registry.h"

#define IGNORE_ANNOTATION "customs.dev/ignore"

/* ---- what is this input? -------------------------------------------------- */

static const char *base_of(const char *p)
{
	const char *s = strrchr(p, '/');
	return s ? s + 1 : p;
}

/*
 * A first significant line that starts with a Dockerfile instruction
 * (`FROM x`) is a Dockerfile; `kind: Pod`, `---`, `{` or `services:` is
 * YAML.  The keywords are the parser's own.
 */
cs_file_kind cs_eng_sniff(const char *data, size_t len)
{
	size_t i = 0;
	if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
		i = 3;
	while (i < len) {
		while (i < len && (data[i] == ' ' || data[i] == '\t' ||
				   data[i] == '\r' || data[i] == '\n'))
			i++;
		if (i < len && data[i] == '#') {
			while (i < len && data[i] != '\n')
				i++;
			continue;
		}
		break;
	}
	if (i >= len)
		return CS_KIND_DOCKERFILE;   /* empty: the Dockerfile path says so */
	size_t w = i;
	while (w < len && ((data[w] >= 'A' && data[w] <= 'Z') ||
			   (data[w] >= 'a' && data[w] <= 'z')))
		w++;
	if (w > i && (w == len || data[w] == ' ' || data[w] == '\t') &&
	    cs_df_kind_of(data + i, w - i) != CS_DF_UNKNOWN)
		return CS_KIND_DOCKERFILE;
	return CS_KIND_YAML;
}

/* The first "{{" in [p, end): memchr jumps between the rare '{' bytes
 * many times faster than memmem walks a file that has none. */
static const char *find_braces(const char *p, const char *end)
{
	while (end - p >= 2) {
		const char *q = memchr(p, '{', (size_t)(end - p - 1));
		if (!q)
			return NULL;
		if (q[1] == '{')
			return q;
		p = q + 1;
	}
	return NULL;
}

/* A Helm template: a line that starts (after blanks and a list dash) with
 * a template action `{{`.  Such files are not YAML until rendered. */
static bool helm_template(const char *data, size_t len)
{
	const char *p = data, *end = data + len;
	while (p < end) {
		const char *q = find_braces(p, end);
		if (!q)
			return false;
		const char *bol = q;
		while (bol > data && bol[-1] != '\n')
			bol--;
		const char *t = bol;
		while (t < q && (*t == ' ' || *t == '\t' || *t == '-'))
			t++;
		if (t == q)
			return true;
		/* `key: {{ .Values.x }}` unquoted is a template action too */
		if (q - bol >= 2 && q[-1] == ' ' && q[-2] == ':')
			return true;
		p = q + 2;
	}
	return false;
}

static void skip(collector *c, const char *notice)
{
	c->r->skipped = true;
	c->r->notice = notice;
	cs_eng_finish(c, NULL, 0);
}

/* ---- reading files a Compose file names ---------------------------------- */

typedef struct reader {
	collector *c;
	char dir[PATH_MAX];        /* the Compose file's directory */
	bool ok;
} reader;

static bool read_rel(void *ctx, const char *rel, const char **data,
		     size_t *len)
{
	reader *rd = ctx;
	*data = NULL;
	*len = 0;
	if (!rd->ok || !rel || !*rel || rel[0] == '/' ||
	    strstr(rel, "://"))
		return false;
	char path[PATH_MAX];
	int n = snprintf(path, sizeof(path), "%s/%s", rd->dir, rel);
	if (n < 0 || (size_t)n >= sizeof(path))
		return false;
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0)
		return false;
	struct stat st;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) ||
	    (unsigned long long)st.st_size > CS_DF_MAX_BYTES) {
		close(fd);
		return false;
	}
	size_t cap = (size_t)st.st_size;
	char *buf = cs_arena_alloc(rd->c->a, cap + 1);
	size_t got = 0;
	while (buf && got < cap) {
		ssize_t k = read(fd, buf + got, cap - got);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			break;
		got += (size_t)k;
	}
	close(fd);
	if (!buf)
		return false;
	buf[got] = '\0';
	*data = buf;
	*len = got;
	return true;
}

static void reader_init(reader *rd, collector *c)
{
	rd->c = c;
	rd->ok = false;
	if (!c->fs_path)
		return;
	const char *slash = strrchr(c->fs_path, '/');
	if (!slash) {
		strcpy(rd->dir, ".");
	} else {
		size_t n = (size_t)(slash - c->fs_path);
		if (n == 0)
			n = 1;   /* "/compose.yaml" */
		if (n >= sizeof(rd->dir))
			return;
		memcpy(rd->dir, c->fs_path, n);
		rd->dir[n] = '\0';
	}
	rd->ok = true;
}

/* dir/ctx/file with "." segments dropped and "x/.." folded, for display:
 * "deploy/../Dockerfile" is shown as "Dockerfile". */
static const char *join_display(cs_arena *a, const char *dir, const char *ctx,
				const char *file)
{
	const char *whole = cs_arena_printf(a, "%s/%s/%s", dir ? dir : ".",
					    ctx, file);
	if (!whole)
		return NULL;
	size_t n = strlen(whole);
	char *out = cs_arena_alloc(a, n + 1);
	if (!out)
		return NULL;
	size_t len = 0, keep = 0;   /* keep: leading "../" we cannot fold */
	bool abs = whole[0] == '/';
	for (const char *p = whole; *p;) {
		const char *e = strchr(p, '/');
		size_t sl = e ? (size_t)(e - p) : strlen(p);
		if (sl == 0 || (sl == 1 && p[0] == '.')) {
			/* skip */
		} else if (sl == 2 && p[0] == '.' && p[1] == '.' &&
			   len > keep) {
			while (len > keep && out[len - 1] != '/')
				len--;
			if (len > keep)
				len--;   /* the slash */
		} else {
			if (len || abs)
				out[len++] = '/';
			memcpy(out + len, p, sl);
			len += sl;
			if (sl == 2 && p[0] == '.' && p[1] == '.')
				keep = len;
		}
		p += sl;
		if (*p == '/')
			p++;
	}
	out[len] = '\0';
	return len ? out : ".";
}

static void add_link(collector *c, const char *fs, const char *shown)
{
	if (!fs || !shown)
		return;
	for (size_t i = 0; i < c->nlinks; i++)
		if (strcmp(c->links[i].fs_path, fs) == 0)
			return;
	if (c->nlinks == c->links_cap) {
		size_t nc = c->links_cap ? c->links_cap * 2 : 4;
		cs_link *v = cs_arena_grow(c->a, c->links, c->nlinks, nc,
					   sizeof(*v));
		if (!v)
			return;
		c->links = v;
		c->links_cap = nc;
	}
	c->links[c->nlinks++] = (cs_link){fs, shown};
}

/*
 * The USER and HEALTHCHECK a service's image gets from the Dockerfile it is
 * built from.  Problems reading it are not this file's findings: the
 * Dockerfile is scanned (and its problems reported) on its own.
 */
static void link_dockerfile(collector *c, reader *rd, cs_compose_service *svc)
{
	if (!svc->spec.builds || svc->build_inline || !svc->build_dockerfile)
		return;
	const char *ctx = svc->build_context ? svc->build_context : ".";
	if (ctx[0] == '/' || strstr(ctx, "://") || strchr(ctx, '$') ||
	    strncmp(ctx, "git@", 4) == 0)
		return;
	const char *df_rel = svc->build_dockerfile;
	if (df_rel[0] == '/' || strchr(df_rel, '$'))
		return;
	const char *rel = cs_arena_printf(c->a, "%s/%s", ctx, df_rel);
	const char *data;
	size_t len;
	if (!rel || !read_rel(rd, rel, &data, &len))
		return;
	cs_dockerfile df;
	cs_error err = {0};
	memset(&df, 0, sizeof(df));
	if (!cs_df_parse(data, len, c->a, &df, &err) || df.ninstrs == 0)
		return;
	cs_build b;
	memset(&b, 0, sizeof(b));
	if (!cs_build_init(&b, &df, NULL, c->a, &err) || b.final < 0)
		return;
	const char *slash = strrchr(c->r->path, '/');
	const char *dir = slash ? cs_arena_strndup(c->a, c->r->path,
						   (size_t)(slash - c->r->path))
				: ".";
	const char *shown = join_display(c->a, dir, ctx, df_rel);
	add_link(c, cs_arena_printf(c->a, "%s/%s", rd->dir, rel), shown);
	const cs_df_instr *user = cs_dfu_inherited(&b, CS_DF_USER, true);
	if (user && !svc->spec.image_user.v) {
		bool unresolved = false;
		const char *v = cs_build_expand(&b, user, user->words[0].text,
						c->a, &unresolved);
		if (v && !unresolved) {
			svc->spec.image_user.v = v;
			svc->spec.image_user.loc.at = user->start;
			svc->spec.image_user.loc.file = shown;
		}
	}
	const cs_df_instr *hc = cs_dfu_inherited(&b, CS_DF_HEALTHCHECK, false);
	if (hc && !svc->spec.healthcheck.set) {
		bool none = hc->nwords > 0 &&
			    strcasecmp(hc->words[0].text, "NONE") == 0;
		svc->spec.healthcheck.set = true;
		svc->spec.healthcheck.disabled = none;
		svc->spec.healthcheck.loc.at = hc->start;
		svc->spec.healthcheck.loc.file = shown;
	}
}

/* ---- reporting ------------------------------------------------------------ */

/* The object's customs.dev/ignore annotation covers this rule? */
static bool annotation_covers(const collector *c, const cs_rule *rule,
			      const char **reason)
{
	const cs_k8s_kv *kv = c->ignore;
	if (!kv || !kv->value)
		return false;
	const char *p = kv->value, *end = cs_eng_ids_end(p);
	char id[64];
	while (cs_eng_next_id(&p, end, id)) {
		if (strcmp(id, rule->id) == 0) {
			const char *r = cs_eng_skip_ws(end);
			*reason = *r ? r : NULL;
			return true;
		}
	}
	return false;
}

static cs_finding *report(collector *c, const cs_rule *rule,
			  const cs_loc *subject_loc, const cs_loc *at,
			  const char *value, const char *fmt, va_list ap)
	__attribute__((format(printf, 6, 0)));

static cs_finding *report(collector *c, const cs_rule *rule,
			  const cs_loc *subject_loc, const cs_loc *at,
			  const char *value, const char *fmt, va_list ap)
{
	cs_finding *f = cs_eng_new_finding(c);
	if (!f)
		return NULL;
	const char *msg = cs_arena_vprintf(c->a, fmt, ap);
	const cs_loc *where = at && cs_loc_set(at) && !at->file ? at
							       : subject_loc;
	f->rule = rule;
	f->severity = cs_config_severity(c->opts ? c->opts->config : NULL,
					 rule);
	f->file = c->r->path;
	f->start = where->at;
	if (f->start.line == 0)
		f->start = (cs_mark){1, 1};
	if (f->start.col == 0)
		f->start.col = 1;
	f->end = f->start;
	f->anchor_line = c->anchor_line;
	f->subject = c->subject;
	const char *path = cs_ypath_str(where->path, c->a);
	f->path = path && *path ? path : NULL;
	f->value = value ? cs_arena_strdup(c->a, value) : NULL;
	f->message = msg ? msg : "";
	const char *why = NULL;
	if (annotation_covers(c, rule, &why)) {
		f->suppressed = CS_SUPP_ANNOTATION;
		f->supp_reason = why ? cs_arena_strdup(c->a, why) : NULL;
	}
	return f;
}

void cs_rt_report(cs_rt_check *chk, const cs_loc *at, const char *value,
		  const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	report(chk->sink, chk->rule, &chk->spec->loc, at, value, fmt, ap);
	va_end(ap);
}

void cs_k8s_report(cs_k8s_check *chk, const cs_loc *at, const char *value,
		   const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	report(chk->sink, chk->rule, &chk->obj->loc, at, value, fmt, ap);
	va_end(ap);
}

void cs_k8s_report_xref(cs_k8s_check *chk, const cs_xref *x, const cs_loc *at,
			const char *value, const char *fmt, ...)
{
	collector *c = chk->sink;
	va_list ap;
	va_start(ap, fmt);
	cs_finding *f = report(c, chk->rule, &chk->obj->loc, at, value, fmt,
			       ap);
	va_end(ap);
	if (!f)
		return;
	cs_xref *q = cs_arena_alloc(c->a, sizeof(*q));
	if (q) {
		*q = *x;
		f->xref = q;
	}
}

void cs_compose_report(cs_compose_check *chk, const cs_loc *at,
		       const char *value, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	report(chk->sink, chk->rule, &chk->svc->loc, at, value, fmt, ap);
	va_end(ap);
}

/* ---- pragmas in comments -------------------------------------------------- */

/*
 * A pragma alone on its line applies to the next line holding YAML; one
 * after content applies to its own line.
 */
static uint32_t next_content_line(const char *data, size_t len, cs_mark m)
{
	size_t off = 0;
	uint32_t line = 1;
	while (off < len && line < m.line) {
		const char *nl = memchr(data + off, '\n', len - off);
		if (!nl)
			return 0;
		off = (size_t)(nl - data) + 1;
		line++;
	}
	/* skip the pragma's own line, then blank and comment lines */
	for (;;) {
		const char *nl = memchr(data + off, '\n', len - off);
		if (!nl)
			return 0;
		off = (size_t)(nl - data) + 1;
		line++;
		size_t i = off;
		while (i < len && (data[i] == ' ' || data[i] == '\t'))
			i++;
		if (i < len && data[i] != '\n' && data[i] != '\r' &&
		    data[i] != '#')
			return line;
		if (i >= len)
			return 0;
	}
}

static void collect_yaml_pragmas(collector *c, const cs_yaml_stream *st,
				 const char *data, size_t len)
{
	cs_yaml_comment *cm = NULL;
	size_t n = 0;
	cs_error err = {0};
	cs_yaml_stream_comments(st, data, len, "customs:ignore", c->a, &cm, &n,
				&err);
	for (size_t i = 0; i < n; i++) {
		const char *t = cs_eng_skip_ws(cm[i].text);
		if (strncmp(t, "customs:ignore-file=", 20) == 0) {
			cs_eng_parse_ids(c, t + 20, cm[i].mark, 0, CS_SUPP_FILE,
					 false);
		} else if (strncmp(t, "customs:ignore=", 15) == 0) {
			uint32_t line = cm[i].trailing
						? cm[i].mark.line
						: next_content_line(data, len,
								    cm[i].mark);
			if (line)
				cs_eng_parse_ids(c, t + 15, cm[i].mark, line,
						 CS_SUPP_INLINE, false);
		}
	}
}

/* ---- running the rules ---------------------------------------------------- */

typedef struct checks {
	cs_check *v;
	size_t n, cap;
} checks;

static void record(collector *c, checks *k, const cs_rule *rule,
		   size_t first, bool applied)
{
	if (!applied && c->n == first)
		return;
	cs_eng_apply_suppressions(c, first);
	cs_eng_add_check(c, &k->v, &k->n, &k->cap, rule, c->subject, first);
}

static void run_rt(collector *c, checks *k, const cs_rt_spec *spec,
		   unsigned target)
{
	size_t nrules;
	const cs_rule *const *rules = cs_rules_all(&nrules);
	c->subject = spec->subject;
	c->anchor_line = spec->loc.at.line;
	for (size_t i = 0; i < nrules; i++) {
		const cs_rule *rule = rules[i];
		if (!(rule->targets & target) || !rule->check_rt)
			continue;
		cs_rt_check chk = {
			.rule = rule,
			.spec = spec,
			.config = c->opts ? c->opts->config : NULL,
			.arena = c->a,
			.sink = c,
		};
		size_t first = c->n;
		bool applied = rule->check_rt(&chk);
		record(c, k, rule, first, applied);
	}
}

static void scan_compose(collector *c, const cs_yaml_node *root,
			 checks *k)
{
	reader rd;
	reader_init(&rd, c);
	cs_compose_opts o = {
		.environ = c->opts ? c->opts->environ : NULL,
		.environ_is_env_file = c->opts && c->opts->env_file_data,
		.env_file_data = c->opts ? c->opts->env_file_data : NULL,
		.env_file_len = c->opts ? c->opts->env_file_len : 0,
		.read = rd.ok ? read_rel : NULL,
		.read_ctx = &rd,
	};
	cs_compose cf;
	cs_error err = {0};
	memset(&cf, 0, sizeof(cf));
	if (!cs_compose_load(root, &o, c->a, &cf, &err)) {
		cs_eng_input_finding(c, "INPUT-PARSE", err.mark, "%s",
				     err.message);
		return;
	}
	for (size_t i = 0; i < cf.diags.n; i++)
		cs_eng_input_finding(c,
				     cf.diags.v[i].code == CS_ERR_LIMIT
					     ? "INPUT-LIMIT"
					     : "INPUT-PARSE",
				     cf.diags.v[i].mark, "%s",
				     cf.diags.v[i].message);
	size_t nrules;
	const cs_rule *const *rules = cs_rules_all(&nrules);
	for (size_t s = 0; s < cf.nservices; s++) {
		cs_compose_service *svc = &cf.services[s];
		link_dockerfile(c, &rd, svc);
		run_rt(c, k, &svc->spec, CS_TARGET_COMPOSE);
		for (size_t i = 0; i < nrules; i++) {
			const cs_rule *rule = rules[i];
			if (!(rule->targets & CS_TARGET_COMPOSE) ||
			    !rule->check_compose)
				continue;
			cs_compose_check chk = {
				.rule = rule,
				.compose = &cf,
				.svc = svc,
				.config = c->opts ? c->opts->config : NULL,
				.arena = c->a,
				.sink = c,
			};
			size_t first = c->n;
			bool applied = rule->check_compose(&chk);
			record(c, k, rule, first, applied);
		}
	}
}

static void add_fact(collector *c, const cs_xfact *f)
{
	if (c->nfacts == c->facts_cap) {
		size_t nc = c->facts_cap ? c->facts_cap * 2 : 16;
		cs_xfact *v = cs_arena_grow(c->a, c->facts, c->nfacts, nc,
					    sizeof(*v));
		if (!v)
			return;
		c->facts = v;
		c->facts_cap = nc;
	}
	c->facts[c->nfacts++] = *f;
}

/* What this object can answer for other files' questions. */
static void collect_facts(collector *c, const cs_k8s_object *o)
{
	const char *ns = o->namespace ? o->namespace : "default";
	const char *kind = o->kind ? o->kind : "";
	if (o->pod) {
		add_fact(c, &(cs_xfact){.answers = CS_XREF_SELECTS_WORKLOAD,
					.ns = ns,
					.labels = o->pod->labels.v,
					.nlabels = o->pod->labels.n});
	} else if (strcmp(kind, "NetworkPolicy") == 0) {
		add_fact(c, &(cs_xfact){
				    .answers = CS_XREF_NETPOL_SELECTS,
				    .ns = ns,
				    .selector = (cs_k8s_selector *)&o->pod_selector});
	} else if (strcmp(kind, "ServiceAccount") == 0 && o->name &&
		   o->automount_sa_token.v == CS_TRI_FALSE) {
		add_fact(c, &(cs_xfact){.answers = CS_XREF_SA_NO_AUTOMOUNT,
					.ns = ns,
					.name = o->name});
	} else if ((strcmp(kind, "ClusterRole") == 0 ||
		    strcmp(kind, "Role") == 0) && o->name &&
		   cs_k8s_role_is_admin(o)) {
		add_fact(c, &(cs_xfact){.answers = CS_XREF_ROLE_ADMIN,
					.ns = ns,
					.name = o->name,
					.role_kind = kind});
	}
}

/* Unknown rule ids in an ignore annotation are errors, as in comments. */
static void check_ignore_ids(collector *c, const cs_k8s_kv *kv)
{
	if (!kv->value)
		return;
	const char *p = kv->value, *end = cs_eng_ids_end(p);
	char id[64];
	while (cs_eng_next_id(&p, end, id))
		if (!cs_rule_find(id))
			cs_eng_input_finding(c, "INPUT-PARSE", kv->value_loc.at,
					     "annotation %s names unknown rule "
					     "'%s'",
					     IGNORE_ANNOTATION, id);
}

/* --pss: the pod's verdict under the Pod Security Standards. */
static void judge_pss(collector *c, const cs_k8s_pod *pod)
{
	if (c->npss == c->pss_cap) {
		size_t nc = c->pss_cap ? c->pss_cap * 2 : 8;
		cs_pss_result *v = cs_arena_grow(c->a, c->pss, c->npss, nc,
						 sizeof(*v));
		if (!v)
			return;
		c->pss = v;
		c->pss_cap = nc;
	}
	if (cs_pss_eval(pod, c->opts->pss_minor, c->a, &c->pss[c->npss]))
		c->npss++;
}

static void scan_k8s(collector *c, const cs_yaml_stream *st, checks *k)
{
	cs_k8s k8s;
	cs_error err = {0};
	memset(&k8s, 0, sizeof(k8s));
	if (!cs_k8s_load(st, c->a, &k8s, &err)) {
		cs_eng_input_finding(c, "INPUT-PARSE", err.mark, "%s",
				     err.message);
		return;
	}
	for (size_t i = 0; i < k8s.diags.n; i++)
		cs_eng_input_finding(c,
				     k8s.diags.v[i].code == CS_ERR_LIMIT
					     ? "INPUT-LIMIT"
					     : "INPUT-PARSE",
				     k8s.diags.v[i].mark, "%s",
				     k8s.diags.v[i].message);
	size_t nrules;
	const cs_rule *const *rules = cs_rules_all(&nrules);
	for (size_t o = 0; o < k8s.nobjects; o++) {
		const cs_k8s_object *obj = &k8s.objects[o];
		c->ignore = NULL;
		for (size_t a = 0; a < obj->annotations.n; a++)
			if (obj->annotations.v[a].key &&
			    strcmp(obj->annotations.v[a].key,
				   IGNORE_ANNOTATION) == 0)
				c->ignore = &obj->annotations.v[a];
		if (c->ignore)
			check_ignore_ids(c, c->ignore);
		collect_facts(c, obj);
		c->subject = obj->subject;
		c->anchor_line = obj->loc.at.line;
		for (size_t i = 0; i < nrules; i++) {
			const cs_rule *rule = rules[i];
			if (!(rule->targets & CS_TARGET_K8S) ||
			    !rule->check_k8s)
				continue;
			cs_k8s_check chk = {
				.rule = rule,
				.k8s = &k8s,
				.obj = obj,
				.config = c->opts ? c->opts->config : NULL,
				.arena = c->a,
				.sink = c,
			};
			size_t first = c->n;
			bool applied = rule->check_k8s(&chk);
			record(c, k, rule, first, applied);
		}
		if (obj->pod && c->opts && c->opts->pss_level)
			judge_pss(c, obj->pod);
		if (obj->pod)
			for (size_t j = 0; j < obj->pod->ncontainers; j++)
				run_rt(c, k, &obj->pod->containers[j],
				       CS_TARGET_K8S);
		c->ignore = NULL;
	}
}

void cs_eng_scan_yaml(collector *c, const char *data, size_t len)
{
	cs_file_result *r = c->r;
	const char *base = base_of(r->path);
	if (strcmp(base, "kustomization.yaml") == 0 ||
	    strcmp(base, "kustomization.yml") == 0 ||
	    strcmp(base, "Kustomization") == 0) {
		skip(c, "a kustomization is not scanned itself: scan its "
			"output with `kustomize build DIR | customs scan -`");
		return;
	}
	/* Most YAML and JSON in a repository is neither: skip it cheaply. */
	if (r->kind == CS_KIND_YAML && !memmem(data, len, "apiVersion", 10) &&
	    !memmem(data, len, "services", 8)) {
		skip(c, (c->opts && c->opts->named) ? "not a Compose file or Kubernetes "
				   "manifest: nothing to scan"
				 : NULL);
		return;
	}
	if (helm_template(data, len)) {
		skip(c, "a Helm template is not YAML until rendered: scan "
			"`helm template CHART | customs scan -`");
		return;
	}
	cs_yaml_stream st;
	cs_error err = {0};
	bool loaded = cs_yaml_load(data, len, c->a, &st, &err);
	if (!loaded) {
		cs_eng_input_finding(c,
				     err.code == CS_ERR_LIMIT ? "INPUT-LIMIT"
							      : "INPUT-PARSE",
				     err.mark, "%s%s%s", err.message,
				     err.context[0] ? " " : "", err.context);
	}
	for (size_t i = 0; i < st.ndiags; i++)
		cs_eng_input_finding(c,
				     st.diags[i].code == CS_ERR_LIMIT
					     ? "INPUT-LIMIT"
					     : "INPUT-PARSE",
				     st.diags[i].mark, "%s",
				     st.diags[i].message);
	const cs_yaml_node *first = NULL;
	bool k8s = false;
	for (size_t i = 0; i < st.ndocs; i++) {
		if (!first && st.docs[i] && !cs_yaml_is_null(st.docs[i]))
			first = st.docs[i];
		if (cs_k8s_detect(st.docs[i]))
			k8s = true;
	}
	bool compose = r->kind == CS_KIND_COMPOSE ||
		       (first && cs_compose_detect(first) && !k8s);
	if (!compose && !k8s) {
		if (r->input_error) {
			/* a YAML error in a file we cannot place: report it
			 * when the file was named or looks like ours */
			cs_eng_finish(c, NULL, 0);
			return;
		}
		skip(c, (c->opts && c->opts->named) ? "not a Compose file or Kubernetes "
				   "manifest: nothing to scan"
				 : NULL);
		return;
	}
	if (!loaded && compose) {
		/* half a Compose file would score services as if missing
		 * their settings */
		cs_eng_finish(c, NULL, 0);
		return;
	}
	r->kind = compose ? CS_KIND_COMPOSE : CS_KIND_K8S;
	collect_yaml_pragmas(c, &st, data, len);
	checks k = {0};
	if (compose)
		scan_compose(c, first, &k);
	else
		scan_k8s(c, &st, &k);
	cs_eng_finish(c, k.v, k.n);
}

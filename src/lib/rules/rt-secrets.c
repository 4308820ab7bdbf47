/*
 * rt-secrets.c - secrets handed to a running container through its
 * environment.
 *
 * A secret written as a literal value in a Compose file or a manifest is in
 * every clone of the repository, every CI log that prints the file and, on
 * Kubernetes, in the object anyone with `get` on the workload can read.
 * Names decide, as for the Dockerfile rules (secret-words.h): DB_PASSWORD
 * is a secret here and in a Dockerfile alike.  A value decides only when
 * its shape cannot be anything else (a PEM private key, an AWS key id, a
 * GitHub, GitLab or Slack token), whatever the variable's name.
 *
 * A value that refers to something else is not a literal: Compose
 * `${VAR}` (left unresolved, or resolved from the environment or the .env
 * file: the file itself then holds no secret) and Kubernetes `$(VAR)`.  The
 * Compose case needs the text as written, which the normalized value has
 * lost to interpolation, so it is read back from the service's YAML node;
 * the walk over `environment` moves forward with the entries (which are in
 * file order) and has a budget, so a file of thousands of secret-named
 * variables costs linear time.
 *
 * Messages never quote a secret's value: the finding names the variable,
 * which is also its fingerprint value.
 */
#include "registry.h"

#include <string.h>

#include "rt-util.h"
#include "secret-words.h"

/* ---- the text a Compose value was written as ---------------------------- */

typedef struct raw_walk {
	const cs_yaml_node *env;     /* the service's environment node */
	size_t next;                 /* where the last entry was found */
	size_t budget;               /* entries left to look at */
} raw_walk;

static void raw_walk_init(raw_walk *w, const cs_rt_spec *s)
{
	memset(w, 0, sizeof(*w));
	if (!cs_rtu_compose(s) || !s->service || !s->service->node)
		return;
	w->env = cs_yaml_get(s->service->node, "environment");
	if (w->env) {
		size_t n = w->env->kind == CS_YAML_MAP ? w->env->npairs
						       : w->env->nitems;
		w->budget = 4 * n + 16;
	}
}

/* Does environment entry i name `name`?  Returns its value's text as
 * written, "" for an entry without one, or NULL. */
static const char *raw_entry(const cs_yaml_node *env, size_t i,
			     const char *name)
{
	if (env->kind == CS_YAML_MAP) {
		const cs_yaml_pair *p = &env->pairs[i];
		if (!p->key || p->key->kind != CS_YAML_SCALAR ||
		    strcmp(p->key->scalar, name) != 0)
			return NULL;
		if (!p->value || p->value->kind != CS_YAML_SCALAR)
			return "";
		return p->value->scalar;
	}
	const cs_yaml_node *it = env->items[i];
	if (!it || it->kind != CS_YAML_SCALAR)
		return NULL;
	size_t n = strlen(name);
	if (strncmp(it->scalar, name, n) != 0)
		return NULL;
	if (it->scalar[n] == '=')
		return it->scalar + n + 1;
	return it->scalar[n] == '\0' ? "" : NULL;
}

/* The value of `name` as written in the environment node, or NULL when it
 * is not found (from `extends`, or the budget is spent). */
static const char *raw_value(raw_walk *w, const char *name)
{
	if (!w->env || w->env->kind == CS_YAML_SCALAR)
		return NULL;
	size_t n = w->env->kind == CS_YAML_MAP ? w->env->npairs
					       : w->env->nitems;
	for (size_t k = 0; k < n && w->budget > 0; k++, w->budget--) {
		size_t i = (w->next + k) % n;
		const char *v = raw_entry(w->env, i, name);
		if (v) {
			w->next = i + 1;
			return v;
		}
	}
	return NULL;
}

/* ---- RT-SECRET-LITERAL --------------------------------------------------- */

/* Kubernetes `$(VAR)`: a dependent variable expanded by the kubelet. */
static bool k8s_ref(const char *v)
{
	for (const char *p = strstr(v, "$("); p; p = strstr(p + 2, "$("))
		if (p == v || p[-1] != '$')
			return true;
	return false;
}

/* Does the value refer to something else rather than hold a secret? */
static bool is_reference(const cs_rt_spec *s, const cs_rt_env *e,
			 raw_walk *w)
{
	if (cs_rtu_k8s(s))
		return k8s_ref(e->value);
	if (cs_rtu_unresolved(e->value))
		return true;
	if (e->from_env_file)
		return false;
	const char *raw = raw_value(w, e->name);
	return raw && cs_rtu_unresolved(raw);
}

/* GOOGLE_APPLICATION_CREDENTIALS names a key file; a JSON value is the
 * service-account key itself. */
static bool gac_json(const cs_rt_env *e)
{
	if (strcmp(e->name, "GOOGLE_APPLICATION_CREDENTIALS") != 0)
		return false;
	const char *v = e->value;
	while (*v == ' ' || *v == '\t' || *v == '\n' || *v == '\r')
		v++;
	return *v == '{';
}

/* `what` completes "variable 'NAME' ...": it never quotes the value. */
static void report_literal(cs_rt_check *c, const cs_rt_env *e,
			   const char *what, const char *shape)
{
	const cs_rt_spec *s = c->spec;
	/* The entry names the variable the message names; from an env_file
	 * its loc is in that file and the finding goes to the spec. */
	const char *file = e->loc.file ? e->loc.file : "";
	const char *from = e->from_env_file ? " in env_file '" : "";
	const char *close = e->from_env_file ? "'" : "";
	cs_rt_report(c, &e->loc, e->name,
		     CS_RTU_WHO ": variable '%s'%s%s%s %s%s",
		     CS_RTU_WHO_ARGS(s), e->name, from, file, close, what,
		     shape ? shape : "");
}

static bool check_secret_literal(cs_rt_check *c)
{
	const cs_rt_spec *s = c->spec;
	if (s->env.n == 0)
		return false;
	raw_walk w;
	raw_walk_init(&w, s);
	for (size_t i = 0; i < s->env.n; i++) {
		const cs_rt_env *e = &s->env.v[i];
		if (e->kind != CS_ENV_LITERAL || !e->name || !e->value ||
		    !*e->value)
			continue;
		/* A key or token is one whatever the variable is called,
		 * and however the value was composed; a JSON key is never
		 * a reference. */
		const char *shape = cs_secret_value_shape(e->value);
		if (shape) {
			report_literal(c, e, "has a literal value shaped like ",
				       shape);
		} else if (gac_json(e)) {
			report_literal(c, e,
				       "holds a literal service-account key "
				       "(JSON) instead of the path of a key "
				       "file",
				       NULL);
		} else if (cs_secret_env_name(e->name) &&
			   !is_reference(s, e, &w)) {
			report_literal(c, e,
				       "looks like a secret and has a literal "
				       "value",
				       NULL);
		}
	}
	return true;
}

/* ---- RT-SECRET-ENVREF ---------------------------------------------------- */

static bool check_secret_envref(cs_rt_check *c)
{
	const cs_rt_spec *s = c->spec;
	if (!cs_rtu_k8s(s) || (s->env.n == 0 && s->env_from.n == 0))
		return false;
	for (size_t i = 0; i < s->env.n; i++) {
		const cs_rt_env *e = &s->env.v[i];
		if (e->kind != CS_ENV_SECRET_REF || !e->name)
			continue;
		cs_rt_report(c, &e->loc, e->name,
			     CS_RTU_WHO ": variable '%s' takes its value from "
			     "a Secret (valueFrom.secretKeyRef)",
			     CS_RTU_WHO_ARGS(s), e->name);
	}
	for (size_t i = 0; i < s->env_from.n; i++) {
		const cs_rt_env_from *f = &s->env_from.v[i];
		if (!f->secret)
			continue;
		const char *name = f->name ? f->name : "?";
		cs_rt_report(c, &f->loc, name,
			     CS_RTU_WHO ": envFrom makes every key of Secret "
			     "'%s' a variable",
			     CS_RTU_WHO_ARGS(s), name);
	}
	return true;
}

/* ---- the table ----------------------------------------------------------- */

static const cs_rule rows[] = {
	{
		.id = "RT-SECRET-LITERAL",
		.title = "Secret written as a literal environment value",
		.severity = CS_SEV_HIGH,
		.targets = CS_TARGET_COMPOSE | CS_TARGET_K8S,
		.scope = CS_SCOPE_CONTAINER,
		.rationale =
			"A secret in a Compose file or manifest is in every "
			"clone and fork of the repository and its history, "
			"in CI logs, and on Kubernetes in the workload "
			"object that many more people can read than its "
			"Secrets.  Reported: an environment variable (also "
			"from a Compose env_file) whose name looks like a "
			"secret (the DF-SECRET-ARGENV list: PASSWORD, "
			"PASSWD, TOKEN, SECRET, API_KEY, PRIVATE_KEY, "
			"ACCESS_KEY, CREDENTIALS, *_PASS, *_PWD ...; plus "
			"BEARER, AZURE_*KEY and OCI_CLI_KEY_CONTENT) with a "
			"non-empty literal value; "
			"GOOGLE_APPLICATION_CREDENTIALS holding key JSON "
			"instead of a path; and any value shaped like a "
			"PEM private key, an AWS access key id (AKIA...), a "
			"GitHub (ghp_...), GitLab (glpat-...) or Slack "
			"(xoxb-/xoxp-) token.  A default password such as "
			"`changeme` is reported: it is a password.  Not "
			"reported: values that refer to something else "
			"(Compose ${VAR}, even when the environment or .env "
			"resolves it, and Kubernetes $(VAR)), names of "
			"settings or locations (PASSWORD_FILE, "
			"TOKEN_TTL ...), and empty values.  The message "
			"never repeats the value.",
		.remediation =
			"Remove the value from the file and rotate it.  "
			"Compose: use `secrets:` (mounted under "
			"/run/secrets) or interpolate from an environment "
			"that is not committed; Kubernetes: store it in a "
			"Secret and mount it as a file.",
		.example =
			"# Compose\n"
			"services:\n"
			"  db:\n"
			"    image: postgres:16.3\n"
			"    environment:\n"
			"      POSTGRES_PASSWORD_FILE: "
			"/run/secrets/db_password\n"
			"    secrets: [db_password]\n"
			"secrets:\n"
			"  db_password:\n"
			"    file: ./db_password.txt\n"
			"# Kubernetes\n"
			"containers:\n"
			"  - name: app\n"
			"    image: registry.example.com/app:1.4.2\n"
			"    volumeMounts:\n"
			"      - {name: db, mountPath: /run/secrets/db, "
			"readOnly: true}\n"
			"volumes:\n"
			"  - name: db\n"
			"    secret: {secretName: db}",
		.cis = "",
		.nist = "NIST SP 800-190 3.1.4",
		.owasp = "OWASP Docker Top 10 D06",
		.hadolint = "",
		.trivy = "",
		.checkov = "",
		.kics = "Passwords And Secrets",
		.kube_linter = "env-var-secret",
		.pss = "",
		.check_rt = check_secret_literal,
	},
	{
		.id = "RT-SECRET-ENVREF",
		.title = "Kubernetes Secret passed as environment variables",
		.severity = CS_SEV_LOW,
		.targets = CS_TARGET_K8S,
		.scope = CS_SCOPE_CONTAINER,
		.rationale =
			"Environment variables leak more easily than files: "
			"they are inherited by every child process, shown "
			"by `kubectl describe`-style tooling and crash "
			"reporters, written to logs by frameworks that dump "
			"their environment, and they cannot be updated "
			"without a restart, while a mounted Secret is "
			"refreshed in place.  CIS Kubernetes 5.4.1 prefers "
			"secrets as files.  Reported: env entries with "
			"valueFrom.secretKeyRef and envFrom entries with "
			"secretRef (which expose every key of the Secret).  "
			"Low: the secret is still kept out of the manifest, "
			"which is what matters most (RT-SECRET-LITERAL).",
		.remediation =
			"Mount the Secret as a read-only volume and have the "
			"application read the file (many images accept a "
			"*_FILE variable for this).",
		.example =
			"containers:\n"
			"  - name: app\n"
			"    image: registry.example.com/app:1.4.2\n"
			"    env:\n"
			"      - name: DB_PASSWORD_FILE\n"
			"        value: /run/secrets/db/password\n"
			"    volumeMounts:\n"
			"      - {name: db, mountPath: /run/secrets/db, "
			"readOnly: true}\n"
			"volumes:\n"
			"  - name: db\n"
			"    secret: {secretName: db}",
		.cis = "CIS Kubernetes 1.8 5.4.1",
		.nist = "",
		.owasp = "",
		.hadolint = "",
		.trivy = "",
		.checkov = "CKV_K8S_35",
		.kics = "Secrets As Environment Variables",
		.kube_linter = "read-secret-from-env-var",
		.pss = "",
		.check_rt = check_secret_envref,
	},
};

const cs_rule_family cs_family_rt_secrets = {"rt-secrets", rows,
					     CS_COUNT(rows)};

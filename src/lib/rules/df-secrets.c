/*
 * df-secrets.c - secrets baked into an image.
 *
 * Whatever a Dockerfile puts in ARG and ENV is kept: ENV values in the image
 * config, ARG values in the history of every layer built while they are in
 * scope (`docker history` shows them), and a file copied into a layer stays
 * in that layer even when a later RUN deletes it.  Builder stages count:
 * their layers sit in caches and registries (`--cache-to`) and are one
 * `COPY --from` away from the final image, so every rule here looks at every
 * stage.
 *
 * Names decide, not values: a value is rarely recognisable, a name like
 * NPM_TOKEN always is.  Names are split into components at `_`, `-` and `.`
 * so that TOKENIZERS_PARALLELISM is not a token and GH_TOKEN is; a last
 * component that says the variable holds a location or a setting (_FILE,
 * _PATH, _URL, _LENGTH ...) is not a secret, and the documented way to pass
 * one (`DB_PASSWORD_FILE=/run/secrets/db`) must not be flagged.
 * The name matcher lives in secret-words.c, shared with the Compose and
 * Kubernetes rules, so that a name means the same wherever it is written.
 *
 * Every loop is bounded by the number of instructions, words or commands,
 * and the cross-reference of credential-file variables keeps at most
 * MAX_CRED_ENVS entries, so no check is quadratic on hostile input.
 */
#include "registry.h"

#include <ctype.h>
#include <fnmatch.h>
#include <string.h>
#include <strings.h>

#include "df-util.h"
#include "secret-words.h"

/*
 * The first variable referenced in v[0..) ($NAME or ${NAME...}) whose name
 * looks secret, copied into the arena, or NULL.  *any is set when v
 * references any variable at all.
 */
static const char *secret_ref(cs_arena *a, const char *v, bool *any)
{
	*any = false;
	for (const char *p = v; (p = strchr(p, '$')) != NULL;) {
		p++;
		bool brace = *p == '{';
		if (brace)
			p++;
		const char *s = p;
		while (isalnum((unsigned char)*p) || *p == '_')
			p++;
		if (p == s || isdigit((unsigned char)*s))
			continue;
		*any = true;
		char name[128];
		size_t n = (size_t)(p - s);
		if (n >= sizeof(name))
			continue;
		memcpy(name, s, n);
		name[n] = '\0';
		if (cs_secret_name(name))
			return cs_arena_strdup(a, name);
	}
	return NULL;
}

/* ---- DF-SECRET-ARGENV ---------------------------------------------------- */

static bool check_secret_argenv(cs_df_check *c)
{
	bool applied = false;
	const cs_df_instr *in = NULL;
	while ((in = cs_dfu_next_instr(c, in, CS_DFU_ARG_ENV))) {
		applied = true;
		for (size_t k = 0; k < in->nkvs; k++) {
			const cs_df_kv *kv = &in->kvs[k];
			if (!kv->key)
				continue;
			if (in->kind == CS_DF_ARG) {
				/* With or without a default: a value given
				 * with --build-arg lands in the history. */
				if (!cs_secret_name(kv->key))
					continue;
				cs_df_report(c, in, kv->key_mark, kv->key,
					     "build argument '%s' looks like a "
					     "secret: its value is kept in the "
					     "image history",
					     kv->key);
				continue;
			}
			const char *v = kv->value ? kv->value : "";
			bool any;
			const char *ref = secret_ref(c->arena, v, &any);
			if (ref) {
				cs_df_report(c, in, kv->value_mark, kv->key,
					     "ENV '%s' copies the secret-like "
					     "variable '%s' into the image "
					     "config",
					     kv->key, ref);
			} else if (*v && !any && cs_secret_name(kv->key)) {
				cs_df_report(c, in, kv->key_mark, kv->key,
					     "ENV '%s' looks like a secret and "
					     "has a literal value: it is "
					     "stored in the image config",
					     kv->key);
			}
		}
	}
	return applied;
}

/* ---- DF-SECRET-FILE ------------------------------------------------------ */

/* *.pem and *.key hold public halves too: ca.pem, fullchain.pem,
 * cert.pem, nodesource.gpg.key, key.pub.pem.  A name that says key or
 * private (ca-key.pem, privkey.pem) is a private key. */
static bool pem_or_key_is_secret(const char *b, bool pem)
{
	static const char *const pub[] = {"PUB", "PUBLIC", "PUBKEY", "GPG",
					  "PGP", "ASC", NULL};
	static const char *const priv[] = {"KEY", "PRIVATE", "PRIV",
					   "PRIVKEY", NULL};
	static const char *const cert[] = {"CA", "CRT", "CERT", "CERTS",
					   "CACERT", "CHAIN", "FULLCHAIN",
					   "BUNDLE", NULL};
	if (cs_secret_name_has_word(b, pub))
		return false;
	if (!pem || cs_secret_name_has_word(b, priv))
		return true;
	return !cs_secret_name_has_word(b, cert) && !strcasestr(b, "cert") &&
	       !strcasestr(b, "chain") && !strcasestr(b, "bundle");
}

/* Does a source path name key material? */
static bool is_key_material(const char *path)
{
	static const char *const names[] = {
		"id_rsa", "id_dsa", "id_ecdsa", "id_ed25519", "id_ecdsa_sk",
		"id_ed25519_sk", ".npmrc", ".pypirc", ".netrc", "_netrc",
		".env", "credentials", ".git-credentials", ".pgpass",
		".dockercfg", "*.p12", "*.pfx", "*.kdbx", "*.ppk", "*.jks",
		"*.keystore", NULL};
	static const char *const templates[] = {
		"EXAMPLE", "SAMPLE", "TEMPLATE", "TMPL", "TPL", "DIST",
		"DEFAULT", "DEFAULTS", NULL};
	char buf[256];
	size_t n = strlen(path);
	if (n >= sizeof(buf))
		return false;
	memcpy(buf, path, n + 1);
	/* URL query and fragment, trailing slashes. */
	char *q = strpbrk(buf, "?#");
	if (q && strstr(buf, "://"))
		*q = '\0';
	n = strlen(buf);
	while (n > 1 && buf[n - 1] == '/')
		buf[--n] = '\0';
	const char *b = base_name(buf);
	if (!*b)
		return false;
	for (size_t i = 0; names[i]; i++)
		if (fnmatch(names[i], b, FNM_CASEFOLD) == 0)
			return true;
	if (fnmatch(".env.*", b, FNM_CASEFOLD) == 0)
		return !cs_secret_name_has_word(b + 4, templates);
	if (fnmatch("*.pem", b, FNM_CASEFOLD) == 0)
		return pem_or_key_is_secret(b, true);
	if (fnmatch("*.key", b, FNM_CASEFOLD) == 0)
		return pem_or_key_is_secret(b, false);
	/* .docker/config.json holds registry credentials; config.json
	 * elsewhere is just configuration. */
	return strcmp(b, "config.json") == 0 && b - buf >= 8 &&
	       strncmp(b - 8, ".docker/", 8) == 0;
}

enum { MAX_CRED_ENVS = 64 };

typedef struct cred_env {
	const char *name;
	const char *value;     /* expanded */
} cred_env;

static size_t collect_cred_envs(cs_df_check *c, cred_env *out)
{
	size_t n = 0;
	const cs_df_instr *in = NULL;
	while (n < MAX_CRED_ENVS &&
	       (in = cs_dfu_next_instr(c, in, CS_DFU_KIND(CS_DF_ENV)))) {
		for (size_t k = 0; k < in->nkvs && n < MAX_CRED_ENVS; k++) {
			const cs_df_kv *kv = &in->kvs[k];
			if (!kv->key || !kv->value || !*kv->value ||
			    !cs_secret_cred_file_name(kv->key))
				continue;
			const char *v = cs_build_expand(c->build, in, kv->value,
							c->arena, NULL);
			if (!v || !*base_name(v))
				continue;
			out[n++] = (cred_env){kv->key, v};
		}
	}
	return n;
}

/* The ENV whose credentials file this COPY source or destination is. */
static const cred_env *names_cred_file(const cred_env *e, size_t n,
				       const char *src, const char *dest)
{
	const char *sb = base_name(src);
	const char *db = base_name(dest);
	for (size_t i = 0; i < n; i++) {
		const char *vb = base_name(e[i].value);
		if (streq(sb, vb) || streq(dest, e[i].value) ||
		    (*db && streq(db, vb)))
			return &e[i];
	}
	return NULL;
}

static bool check_secret_file(cs_df_check *c)
{
	cred_env envs[MAX_CRED_ENVS];
	size_t nenvs = collect_cred_envs(c, envs);
	bool applied = false;
	const cs_df_instr *in = NULL;
	while ((in = cs_dfu_next_instr(c, in, CS_DFU_COPY_ADD))) {
		applied = true;
		if (in->nwords < 2)
			continue;
		const char *kw = cs_df_kind_name(in->kind);
		const char *last = in->words[in->nwords - 1].text;
		const char *dest = cs_build_expand(c->build, in, last,
						   c->arena, NULL);
		if (!dest)
			dest = last;
		for (size_t k = 0; k + 1 < in->nwords; k++) {
			const cs_df_word *w = &in->words[k];
			if (strncmp(w->text, "<<", 2) == 0)
				continue;   /* a heredoc, not a file */
			const char *src = cs_build_expand(c->build, in, w->text,
							  c->arena, NULL);
			if (!src)
				src = w->text;
			if (is_key_material(src)) {
				cs_df_report(c, in, w->mark, w->text,
					     "%s of '%s' puts key material "
					     "or credentials into an image "
					     "layer",
					     kw, w->text);
				continue;
			}
			const cred_env *e = names_cred_file(envs, nenvs, src,
							    dest);
			if (e)
				cs_df_report(c, in, w->mark, w->text,
					     "%s of '%s' puts the credentials "
					     "file named by ENV %s into an "
					     "image layer",
					     kw, w->text, e->name);
		}
	}
	return applied;
}

/* ---- DF-CHPASSWD --------------------------------------------------------- */

/* Does this command set or clear a password?  Returns the argv index of
 * the word to point at, or argc. */
static size_t sets_password(const cs_sh_cmd *cmd, size_t p)
{
	const char *n = base_name(cmd->argv[p].text);
	if (streq(n, "chpasswd") || streq(n, "chgpasswd"))
		return p;
	bool passwd = streq(n, "passwd");
	bool usermod = streq(n, "usermod") || streq(n, "useradd") ||
		       streq(n, "groupmod");
	if (!passwd && !usermod)
		return cmd->argc;
	for (size_t i = p + 1; i < cmd->argc; i++) {
		const char *w = cmd->argv[i].text;
		if (streq(w, "--"))
			break;
		if (passwd && (streq(w, "-d") || streq(w, "--delete") ||
			       streq(w, "--stdin")))
			return i;
		/* useradd -p HASH / --password HASH */
		if (usermod && (streq(w, "-p") || streq(w, "--password") ||
		     strncmp(w, "--password=", 11) == 0))
			return i;
	}
	return cmd->argc;
}

static bool check_chpasswd(cs_df_check *c)
{
	cs_dfu_cmds it = cs_dfu_cmds_of(c);
	while (cs_dfu_progs_next(&it)) {
		size_t at = sets_password(it.cmd, it.prog);
		if (at >= it.cmd->argc)
			continue;
		const char *v = it.name;
		const char *w = it.cmd->argv[at].text;
		cs_mark m = cs_dfu_word_mark(&it, at);
		if (at == it.prog)
			cs_df_report(c, it.s->instr, m, v,
				     "'%s' sets a password in the image; the "
				     "password is in the Dockerfile and the "
				     "layer history",
				     v);
		else
			cs_df_report(c, it.s->instr, m, v,
				     "'%s %s' sets or clears a password in the "
				     "image",
				     v, w);
	}
	return c->build->nscripts > 0;
}

/* ---- the table ----------------------------------------------------------- */

static const cs_rule rows[] = {
	{
		.id = "DF-SECRET-ARGENV",
		.title = "Secret passed in ARG or ENV",
		.severity = CS_SEV_HIGH,
		.targets = CS_TARGET_DOCKERFILE,
		.scope = CS_SCOPE_EVERY_STAGE,
		.rationale =
			"ENV values are stored in the image config and "
			"visible to anyone who can pull the image (`docker "
			"inspect`); ARG values, including those given with "
			"--build-arg, are recorded in the history of every "
			"layer built while they are in scope.  A name "
			"decides: its components (split at _ - .) include "
			"TOKEN, PASSWORD, PASSWD, PASSPHRASE, SECRET, "
			"CREDENTIALS, or KEY after API, CLIENT, PRIVATE, "
			"ACCESS, AUTH, SECRET, SIGNING, ENCRYPTION, MASTER, "
			"ACCOUNT, STORAGE, LICENSE, TLS, SSL or SSH, or end "
			"in _PASS/_PWD; this is hadolint's DL3064 list "
			"(AWS_SECRET_ACCESS_KEY, GH_TOKEN, DOCKER_PASSWORD "
			"...), except that `private` must be PRIVATE_KEY and "
			"`username` is not a secret (USERNAME=vscode is the "
			"dev-container idiom).  Not secrets: names whose "
			"last component is a location or a setting (_FILE, "
			"_PATH, _DIR, _URL, _HOST, _PORT, _LENGTH, _TTL, "
			"_TIMEOUT, _NAME, _VERSION ...), so "
			"PASSWORD_MIN_LENGTH and the documented "
			"DB_PASSWORD_FILE=/run/secrets/db pass, and GPG_KEY "
			"(a public key fingerprint in official images).  "
			"Every ARG with such a name is reported, with or "
			"without a default, since the value passed at build "
			"time is what leaks.  An ENV is reported when it "
			"gives such a name a literal non-empty value, or "
			"when any ENV copies a secret-like variable "
			"(`ENV NPM_CONFIG__AUTH=$NPM_TOKEN`); an ENV set from "
			"other variables gets the benefit of the doubt.",
		.remediation =
			"Pass secrets with BuildKit secret mounts (`RUN "
			"--mount=type=secret,id=npm_token ...`), which are "
			"never stored in a layer, and give the running "
			"container its secrets at run time (orchestrator "
			"secrets, files under /run/secrets).",
		.example =
			"# docker build --secret id=npm_token,env=NPM_TOKEN .\n"
			"RUN --mount=type=secret,id=npm_token \\\n"
			"    NPM_TOKEN=\"$(cat /run/secrets/npm_token)\" "
			"npm ci --omit=dev",
		.cis = "CIS Docker 1.6 4.10",
		.nist = "NIST SP 800-190 3.1.4",
		.owasp = "OWASP Docker Top 10 D06",
		.hadolint = "DL3064",
		.trivy = "DS-0031",
		.checkov = "",
		.kics = "Secrets Stored In Dockerfile, Passwords And Secrets",
		.check_df = check_secret_argenv,
	},
	{
		.id = "DF-SECRET-FILE",
		.title = "Key material or a credentials file copied into the "
			 "image",
		.severity = CS_SEV_HIGH,
		.targets = CS_TARGET_DOCKERFILE,
		.scope = CS_SCOPE_EVERY_STAGE,
		.rationale =
			"A file copied into a layer stays in that layer: "
			"deleting it in a later RUN only hides it, and "
			"anyone who can pull the image (or a builder "
			"stage's cache) can extract it.  The basename of "
			"each COPY/ADD source is matched against key "
			"material and credential files: *.pem and *.key "
			"(except public halves such as ca.pem, "
			"fullchain.pem, cert.pem or *.gpg.key), id_rsa, "
			"id_dsa, id_ecdsa, id_ed25519, *.p12, *.pfx, *.jks, "
			"*.keystore, *.ppk, *.kdbx, .npmrc, .pypirc, .netrc, "
			".git-credentials, .pgpass, .dockercfg, "
			".docker/config.json, credentials (.aws/credentials) "
			"and .env or .env.* (except templates such as "
			".env.example).  `COPY --from` sources count: the "
			"file is in the image either way.  Like Trivy, a "
			"source is also reported when an ENV that names a "
			"credentials file (GOOGLE_APPLICATION_CREDENTIALS, "
			"KUBECONFIG, *_PASSWORD_FILE, *_KEY_PATH ...) points "
			"at it by basename or destination.  `COPY . .` "
			"cannot be judged here: keep such files out with "
			".dockerignore.",
		.remediation =
			"Keep secret files out of the image: use a BuildKit "
			"secret or SSH mount for build-time access (`RUN "
			"--mount=type=secret`, `RUN --mount=type=ssh`), "
			"mount credentials at run time, and list key files "
			"in .dockerignore.",
		.example =
			"# docker build --secret id=npmrc,src=$HOME/.npmrc .\n"
			"RUN --mount=type=secret,id=npmrc,"
			"target=/root/.npmrc \\\n"
			"    npm ci --omit=dev",
		.cis = "CIS Docker 1.6 4.10",
		.nist = "NIST SP 800-190 3.1.4",
		.owasp = "",
		.hadolint = "",
		.trivy = "DS-0031",
		.checkov = "",
		.kics = "",
		.check_df = check_secret_file,
	},
	{
		.id = "DF-CHPASSWD",
		.title = "A password is set or cleared in the image",
		.severity = CS_SEV_MEDIUM,
		.targets = CS_TARGET_DOCKERFILE,
		.scope = CS_SCOPE_EVERY_STAGE,
		.rationale =
			"`echo 'root:secret' | chpasswd` writes the password "
			"into the Dockerfile, the RUN command in the layer "
			"history, and a hash into /etc/shadow of every "
			"container started from the image; `passwd -d` "
			"leaves an account with no password at all.  "
			"Containers are not logged into: an account "
			"password only serves an attacker (su, an "
			"accidentally installed sshd).  Reported: chpasswd "
			"and chgpasswd, `passwd -d/--delete/--stdin`, and "
			"`useradd`/`usermod`/`groupmod` -p/--password.  Every "
			"stage counts, because the password is in the "
			"Dockerfile and the builder's history either way.",
		.remediation =
			"Create users without a password (`useradd "
			"--no-log-init -r`, `adduser -D`) and provide the "
			"credentials a service needs at run time as "
			"secrets.",
		.example =
			"RUN useradd --no-log-init -r -u 10001 app\n"
			"USER 10001",
		.cis = "",
		.nist = "",
		.owasp = "OWASP Docker Top 10 D06",
		.hadolint = "",
		.trivy = "",
		.checkov = "CKV2_DOCKER_17",
		.kics = "",
		.check_df = check_chpasswd,
	},
};

const cs_rule_family cs_family_df_secrets = {"df-secrets", rows,
					     CS_COUNT(rows)};

/*
 * secret-words.c - the secret-name matcher and the secret value shapes
 * shared by the Dockerfile and runtime rule families (secret-words.h).
 *
 * The components of a name are copied into a fixed array: over-long names
 * keep their first MAX_COMPS components and components are truncated, which
 * can only make a name look less like a secret, never cost more than a
 * bounded amount of stack.
 */
#include "secret-words.h"

#include <ctype.h>
#include <stddef.h>
#include <string.h>
#include <strings.h>

static bool in_list_ci(const char *w, const char *const *list)
{
	for (size_t i = 0; list[i]; i++)
		if (strcasecmp(w, list[i]) == 0)
			return true;
	return false;
}

/* ---- secret-like names --------------------------------------------------- */

enum { MAX_COMPS = 16, MAX_COMP = 48 };

typedef struct comps {
	char v[MAX_COMPS][MAX_COMP];
	size_t n;
} comps;

/* Split NAME at _ - . into upper-case components. */
static void split_name(const char *name, comps *c)
{
	c->n = 0;
	const char *p = name;
	while (*p && c->n < MAX_COMPS) {
		while (*p == '_' || *p == '-' || *p == '.')
			p++;
		if (!*p)
			break;
		size_t k = 0;
		while (*p && *p != '_' && *p != '-' && *p != '.') {
			if (k + 1 < MAX_COMP)
				c->v[c->n][k++] =
					(char)toupper((unsigned char)*p);
			p++;
		}
		c->v[c->n][k] = '\0';
		c->n++;
	}
}

static bool ends_with(const char *s, const char *suf)
{
	size_t n = strlen(s), m = strlen(suf);
	return n >= m && strcmp(s + n - m, suf) == 0;
}

/*
 * Do components [0, n) name a secret?  hadolint's DL3064 words, with
 * `private` narrowed to PRIVATE_KEY (PRIVATE_REGISTRY is no secret) and
 * `username` left out (ARG USERNAME=vscode is the dev-container idiom and
 * a user name is an identifier, not a credential).
 */
static bool secret_comps(const comps *c, size_t n)
{
	/* A component that is, or ends in, one of these: GH_TOKEN, GHTOKEN,
	 * DBPASSWORD, CLIENTSECRET. */
	static const char *const tail[] = {
		"TOKEN", "TOKENS", "PASSWORD", "PASSWORDS", "PASSWD",
		"PASSPHRASE", "SECRET", "SECRETS", "CREDENTIAL", "CREDENTIALS",
		"APIKEY", "PRIVATEKEY", "SECRETKEY", "ACCESSKEY", "CLIENTKEY",
		NULL};
	/* X_KEY for these X: API_KEY, CLIENT_KEY, AWS_ACCESS_KEY_ID.  Not
	 * GPG_KEY: official images set it to a public key fingerprint. */
	static const char *const key_of[] = {
		"API", "CLIENT", "PRIVATE", "ACCESS", "AUTH", "SECRET",
		"SIGNING", "ENCRYPTION", "MASTER", "ACCOUNT", "STORAGE",
		"LICENSE", "TLS", "SSL", "SSH", NULL};
	for (size_t i = 0; i < n; i++) {
		const char *w = c->v[i];
		for (size_t k = 0; tail[k]; k++)
			if (ends_with(w, tail[k]))
				return true;
		if (i > 0 && strcmp(w, "KEY") == 0 &&
		    in_list_ci(c->v[i - 1], key_of))
			return true;
		/* RABBITMQ_DEFAULT_PASS, MYSQL_PWD: only as a last word, so
		 * that PWD alone (the shell's cwd) is not a secret. */
		if (i > 0 && i + 1 == n &&
		    (strcmp(w, "PASS") == 0 || strcmp(w, "PWD") == 0))
			return true;
	}
	return false;
}

/* Variables that name a credentials file rather than hold a secret. */
static const char *const cred_file_envs[] = {
	"GOOGLE_APPLICATION_CREDENTIALS", "AWS_SHARED_CREDENTIALS_FILE",
	"AWS_WEB_IDENTITY_TOKEN_FILE", "KUBECONFIG", "NPM_CONFIG_USERCONFIG",
	"AZURE_CLIENT_CERTIFICATE_PATH",
	"CLOUDSDK_AUTH_CREDENTIAL_FILE_OVERRIDE", "NETRC", NULL};

/* Last components that make a name a location or a setting. */
static const char *const not_secret_last[] = {
	"FILE", "FILES", "PATH", "DIR", "URL", "URI", "ENDPOINT", "HOST",
	"PORT", "LENGTH", "LEN", "EXPIRY", "EXPIRES", "TTL", "TIMEOUT",
	"ENABLED", "REQUIRED", "POLICY", "HEADER", "TYPE", "NAME", "VERSION",
	"MODE", "FORMAT", "ALGORITHM", "ISSUER", NULL};

/* Split `name`; false when it is a credential-file name or ends in a
 * location or setting word. */
static bool candidate(const char *name, comps *c)
{
	if (in_list_ci(name, cred_file_envs))
		return false;
	split_name(name, c);
	return c->n > 0 && !in_list_ci(c->v[c->n - 1], not_secret_last);
}

bool cs_secret_name(const char *name)
{
	comps c;
	return candidate(name, &c) && secret_comps(&c, c.n);
}

bool cs_secret_env_name(const char *name)
{
	comps c;
	if (!candidate(name, &c))
		return false;
	if (secret_comps(&c, c.n))
		return true;
	if (strcasecmp(name, "OCI_CLI_KEY_CONTENT") == 0)
		return true;
	/* AZURE_OPENAI_KEY, AZURE_SEARCH_ADMIN_KEY, AZURE_COSMOSDB_KEY. */
	if (c.n >= 2 && strcmp(c.v[0], "AZURE") == 0 &&
	    ends_with(c.v[c.n - 1], "KEY"))
		return true;
	for (size_t i = 0; i < c.n; i++)
		if (strcmp(c.v[i], "BEARER") == 0)
			return true;
	return false;
}

bool cs_secret_cred_file_name(const char *name)
{
	if (in_list_ci(name, cred_file_envs))
		return true;
	comps c;
	split_name(name, &c);
	if (c.n < 2 || (strcmp(c.v[c.n - 1], "FILE") != 0 &&
			strcmp(c.v[c.n - 1], "PATH") != 0))
		return false;
	return secret_comps(&c, c.n - 1);
}

bool cs_secret_name_has_word(const char *name, const char *const *words)
{
	comps c;
	split_name(name, &c);
	for (size_t i = 0; i < c.n; i++)
		if (in_list_ci(c.v[i], words))
			return true;
	return false;
}

/* ---- secret-like values -------------------------------------------------- */

static bool is_upper_alnum(char ch)
{
	return (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9');
}

static bool is_alnum(char ch)
{
	return isalnum((unsigned char)ch) != 0;
}

/* Token characters: what may continue a token, and so must not directly
 * precede or follow one for it to stand alone. */
static bool is_tok(char ch)
{
	return is_alnum(ch) || ch == '_' || ch == '-';
}

/* At least `min` characters of which accept() holds from p (at most `max`
 * looked at; max 0: no upper bound beyond min), then a non-token byte. */
static bool run_of(const char *p, size_t min, size_t max,
		   bool (*accept)(char))
{
	size_t n = 0;
	while (p[n] && accept(p[n]) && (max == 0 || n < max)) {
		n++;
		if (max == 0 && n >= min)
			break;
	}
	if (n < min)
		return false;
	if (max == 0)
		return true;
	return !is_tok(p[n]);
}

static bool is_slack(char ch)
{
	return is_alnum(ch) || ch == '-';
}

static bool is_gitlab(char ch)
{
	return is_alnum(ch) || ch == '_' || ch == '-';
}

/* "-----BEGIN <words> PRIVATE KEY-----": the label is short, so the look
 * for its end is bounded. */
static bool pem_private_key_at(const char *p)
{
	static const char begin[] = "-----BEGIN ";
	if (strncmp(p, begin, sizeof(begin) - 1) != 0)
		return false;
	p += sizeof(begin) - 1;
	for (size_t i = 0; i < 48 && p[i] && p[i] != '\n'; i++)
		if (strncmp(p + i, "PRIVATE KEY-----", 16) == 0)
			return true;
	return false;
}

const char *cs_secret_value_shape(const char *v)
{
	for (const char *p = v; *p; p++) {
		if (*p == '-' && pem_private_key_at(p))
			return "a PEM private key";
		if (p > v && is_tok(p[-1]))
			continue;
		if (strncmp(p, "AKIA", 4) == 0 &&
		    run_of(p + 4, 16, 16, is_upper_alnum))
			return "an AWS access key id";
		if (p[0] == 'g' && p[1] == 'h' && strchr("pousr", p[2]) &&
		    p[2] && p[3] == '_' && run_of(p + 4, 36, 0, is_alnum))
			return "a GitHub token";
		if (strncmp(p, "glpat-", 6) == 0 &&
		    run_of(p + 6, 20, 0, is_gitlab))
			return "a GitLab token";
		if (strncmp(p, "xox", 3) == 0 && (p[3] == 'b' || p[3] == 'p') &&
		    p[4] == '-' && run_of(p + 5, 10, 0, is_slack))
			return "a Slack token";
	}
	return NULL;
}

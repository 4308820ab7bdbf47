/*
 * secret-words.h - does a variable name, or a value, look like a secret?
 *
 * Dockerfile ENV/ARG, Compose environment and Kubernetes env all hand
 * secrets to programs through variables, and users expect one answer for
 * one name wherever it is written: DB_PASSWORD is a secret in a Dockerfile
 * and in a manifest alike.  The name matcher lives here so that every
 * family asks the same question.
 *
 * Names decide, not values: names are split into components at `_`, `-`
 * and `.` (TOKENIZERS_PARALLELISM is no token, GH_TOKEN is), and a last
 * component that says the variable holds a location or a setting (_FILE,
 * _PATH, _URL, _LENGTH ...) is not a secret.  Values are only trusted when
 * their shape cannot be anything else: a PEM private key, an AWS access key
 * id, a GitHub, GitLab or Slack token.
 *
 * Nothing here allocates; every scan is linear in its input with a small
 * constant look-ahead.
 */
#ifndef CS_SECRET_WORDS_H
#define CS_SECRET_WORDS_H

#include <stdbool.h>

/*
 * A name that holds a secret: hadolint's DL3064 words (TOKEN, PASSWORD,
 * PASSWD, PASSPHRASE, SECRET, CREDENTIALS, API_KEY, PRIVATE_KEY ...; PASS
 * and PWD as a last component), with `private` narrowed to PRIVATE_KEY and
 * `username` left out.  Names of credential files
 * (GOOGLE_APPLICATION_CREDENTIALS, KUBECONFIG ...) and names ending in a
 * location or setting word are not secrets.
 */
bool cs_secret_name(const char *name);

/*
 * cs_secret_name() plus the names that runtime environments use for
 * secrets: BEARER as a component, AZURE_*KEY, OCI_CLI_KEY_CONTENT.  Kept
 * apart so that the Dockerfile rules keep their documented list.
 */
bool cs_secret_env_name(const char *name);

/* A variable whose value is the path of a credentials file:
 * GOOGLE_APPLICATION_CREDENTIALS, DB_PASSWORD_FILE, TLS_KEY_PATH. */
bool cs_secret_cred_file_name(const char *name);

/* Is one of name's components (split at _ - .) in the NULL-terminated list
 * (upper case, compared case-insensitively)? */
bool cs_secret_name_has_word(const char *name, const char *const *words);

/*
 * What a value's shape says it is, or NULL: "a PEM private key" for
 * "-----BEGIN ... PRIVATE KEY-----", "an AWS access key id" for
 * AKIA + 16 upper-case letters or digits, "a GitHub token" (ghp_, gho_,
 * ghu_, ghs_, ghr_ + 36), "a GitLab token" (glpat- + 20), "a Slack token"
 * (xoxb-, xoxp- + 10 or more).  Tokens must stand alone (not inside a
 * longer word).
 */
const char *cs_secret_value_shape(const char *v);

#endif

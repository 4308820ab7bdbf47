/*
 * signing.h - what the signing commands share in the front end: reading
 * key files and passwords, and small bounded file reads.
 *
 * Each function prints its own error as "customs CMD: ..." and returns
 * an exit code (EXIT_PASS when it worked), so a command can simply
 * `if ((rc = ...)) return rc;`.
 */
#ifndef CS_CLI_SIGNING_H
#define CS_CLI_SIGNING_H

#include <stdbool.h>
#include <stddef.h>

#include "sign/keys.h"

/* The password: COSIGN_PASSWORD when set (an empty value is a valid empty
 * password, as for cosign), else read from /dev/tty without echo after
 * `prompt` (twice when confirm, and they must match).  No terminal and no
 * COSIGN_PASSWORD is an error that says to set it.  The caller wipes and
 * frees *pw with cli_password_free. */
int cli_password(const char *cmd, const char *prompt, bool confirm,
		 char **pw, size_t *len);
void cli_password_free(char *pw, size_t len);

/* A private key file (cosign/sigstore encrypted, PKCS#8, SEC1, PKCS#1
 * PEM); the password is asked for only when the file is encrypted. */
int cli_private_key(const char *cmd, const char *path, cs_key **out);
/* A public key file ("PUBLIC KEY" PEM). */
int cli_public_key(const char *cmd, const char *path, cs_key **out);

/* A whole file ("-": standard input) of at most max bytes, NUL-terminated
 * (malloc'd).  Missing or unreadable: EXIT_INPUT; too big: EXIT_INPUT with
 * the limit named. */
int cli_read_file(const char *cmd, const char *path, size_t max,
		  char **data, size_t *len);

#endif

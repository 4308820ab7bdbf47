/*
 * signing.c - key files, passwords and bounded reads for the signing
 * commands; see signing.h.
 *
 * The password comes from COSIGN_PASSWORD (so scripts and CI work the
 * same with cosign and customs) or from the terminal, never from a pipe
 * on standard input: standard input may be the blob being signed.
 * Passwords are kept in memory we own and wiped before it is freed.
 */
#include "signing.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "commands.h"

#define PASSWORD_MAX 1024

void cli_password_free(char *pw, size_t len)
{
	if (!pw)
		return;
	sodium_memzero(pw, len);
	free(pw);
}

/* One line from the terminal without echo; the terminal's settings are
 * restored whatever happens. */
static int read_tty_line(const char *cmd, int fd, const char *prompt, char *buf,
			 size_t cap, size_t *len)
{
	struct termios old, quiet;
	bool restore = tcgetattr(fd, &old) == 0;
	if (restore) {
		quiet = old;
		quiet.c_lflag &= ~(tcflag_t)ECHO;
		quiet.c_lflag |= ECHONL;
		tcsetattr(fd, TCSAFLUSH, &quiet);
	}
	ssize_t w = write(fd, prompt, strlen(prompt));
	(void)w;
	size_t n = 0;
	bool eof = false, toolong = false;
	for (;;) {
		char c;
		ssize_t r = read(fd, &c, 1);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			eof = n == 0;
			break;
		}
		if (c == '\n' || c == '\r')
			break;
		if (n + 1 >= cap) {
			toolong = true;
			continue;
		}
		buf[n++] = c;
	}
	if (restore)
		tcsetattr(fd, TCSAFLUSH, &old);
	buf[n] = '\0';
	*len = n;
	if (eof) {
		fprintf(stderr, "customs %s: no password was entered\n", cmd);
		return EXIT_INPUT;
	}
	if (toolong) {
		fprintf(stderr,
			"customs %s: the password is longer than %d bytes\n",
			cmd, PASSWORD_MAX - 1);
		return EXIT_INPUT;
	}
	return EXIT_PASS;
}

int cli_password(const char *cmd, const char *prompt, bool confirm, char **pw,
		 size_t *len)
{
	*pw = NULL;
	*len = 0;
	const char *env = getenv("COSIGN_PASSWORD");
	if (env) {
		size_t n = strlen(env);
		if (n >= PASSWORD_MAX) {
			fprintf(stderr,
				"customs %s: COSIGN_PASSWORD is longer than %d "
				"bytes\n",
				cmd, PASSWORD_MAX - 1);
			return EXIT_INPUT;
		}
		*pw = malloc(n + 1);
		if (!*pw) {
			fprintf(stderr, "customs %s: out of memory\n", cmd);
			return EXIT_INTERNAL;
		}
		memcpy(*pw, env, n + 1);
		*len = n;
		return EXIT_PASS;
	}
	int fd = open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (fd < 0) {
		fprintf(stderr,
			"customs %s: no terminal to ask for the password; set "
			"COSIGN_PASSWORD (it may be empty)\n",
			cmd);
		return EXIT_INPUT;
	}
	char *a = malloc(PASSWORD_MAX), *b = malloc(PASSWORD_MAX);
	size_t alen = 0, blen = 0;
	int rc = EXIT_PASS;
	if (!a || !b) {
		fprintf(stderr, "customs %s: out of memory\n", cmd);
		rc = EXIT_INTERNAL;
	}
	if (!rc)
		rc = read_tty_line(cmd, fd, prompt, a, PASSWORD_MAX, &alen);
	if (!rc && confirm) {
		char again[128];
		snprintf(again, sizeof(again),
			 "%.*s again: ", (int)strcspn(prompt, ":"), prompt);
		rc = read_tty_line(cmd, fd, again, b, PASSWORD_MAX, &blen);
		if (!rc && (alen != blen || memcmp(a, b, alen) != 0)) {
			fprintf(stderr,
				"customs %s: the passwords do not "
				"match\n",
				cmd);
			rc = EXIT_INPUT;
		}
	}
	close(fd);
	if (b)
		cli_password_free(b, PASSWORD_MAX);
	if (rc) {
		if (a)
			cli_password_free(a, PASSWORD_MAX);
		return rc;
	}
	/* shrink to the password's size so the caller can wipe exactly it */
	*pw = malloc(alen + 1);
	if (*pw) {
		memcpy(*pw, a, alen + 1);
		*len = alen;
	}
	cli_password_free(a, PASSWORD_MAX);
	if (!*pw) {
		fprintf(stderr, "customs %s: out of memory\n", cmd);
		return EXIT_INTERNAL;
	}
	return EXIT_PASS;
}

int cli_read_file(const char *cmd, const char *path, size_t max, char **data,
		  size_t *len)
{
	*data = NULL;
	*len = 0;
	bool stdin_ = strcmp(path, "-") == 0;
	int fd = stdin_ ? STDIN_FILENO : open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		fprintf(stderr, "customs %s: cannot read '%s': %s\n", cmd, path,
			strerror(errno));
		return EXIT_INPUT;
	}
	size_t cap = 4096, n = 0;
	char *buf = malloc(cap + 1);
	int rc = buf ? EXIT_PASS : EXIT_INTERNAL;
	while (!rc) {
		if (n == cap) {
			if (cap > max) {
				fprintf(stderr,
					"customs %s: '%s' is larger than the "
					"%zu-byte limit\n",
					cmd, path, max);
				rc = EXIT_INPUT;
				break;
			}
			size_t ncap = cap * 2;
			char *p = realloc(buf, ncap + 1);
			if (!p) {
				rc = EXIT_INTERNAL;
				break;
			}
			buf = p;
			cap = ncap;
		}
		ssize_t r = read(fd, buf + n, cap - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			fprintf(stderr, "customs %s: cannot read '%s': %s\n",
				cmd, path, strerror(errno));
			rc = EXIT_INPUT;
			break;
		}
		if (r == 0)
			break;
		n += (size_t)r;
	}
	if (!rc && n > max) {
		fprintf(stderr,
			"customs %s: '%s' is larger than the %zu-byte limit\n",
			cmd, path, max);
		rc = EXIT_INPUT;
	}
	if (rc == EXIT_INTERNAL)
		fprintf(stderr, "customs %s: out of memory\n", cmd);
	if (!stdin_)
		close(fd);
	if (rc) {
		free(buf);
		return rc;
	}
	buf[n] = '\0';
	*data = buf;
	*len = n;
	return EXIT_PASS;
}

int cli_private_key(const char *cmd, const char *path, cs_key **out)
{
	*out = NULL;
	char *pem;
	size_t len;
	int rc = cli_read_file(cmd, path, CS_KEY_MAX_PEM, &pem, &len);
	if (rc)
		return rc;
	char *pw = NULL;
	size_t pwlen = 0;
	if (cs_key_pem_encrypted(pem, len)) {
		rc = cli_password(cmd,
				  "Enter password for private key: ", false,
				  &pw, &pwlen);
		if (rc) {
			free(pem);
			return rc;
		}
	}
	cs_error err = {0};
	bool ok = cs_key_load_private(out, pem, len, pw, pwlen, &err);
	cli_password_free(pw, pwlen);
	sodium_memzero(pem, len);
	free(pem);
	if (!ok) {
		fprintf(stderr, "customs %s: %s: %s\n", cmd, path, err.message);
		return err.code == CS_ERR_NOMEM || err.code == CS_ERR_INTERNAL
			       ? EXIT_INTERNAL
			       : EXIT_INPUT;
	}
	return EXIT_PASS;
}

int cli_public_key(const char *cmd, const char *path, cs_key **out)
{
	*out = NULL;
	char *pem;
	size_t len;
	int rc = cli_read_file(cmd, path, CS_KEY_MAX_PEM, &pem, &len);
	if (rc)
		return rc;
	cs_error err = {0};
	bool ok = cs_key_load_public(out, pem, len, &err);
	free(pem);
	if (!ok) {
		fprintf(stderr, "customs %s: %s: %s\n", cmd, path, err.message);
		/* a key that cannot be used means nothing verifies */
		return err.code == CS_ERR_NOMEM || err.code == CS_ERR_INTERNAL
			       ? EXIT_INTERNAL
			       : EXIT_GATE;
	}
	return EXIT_PASS;
}

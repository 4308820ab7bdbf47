/*
 * img-files.c - what is in the image's final file system.
 *
 * These rules read the file index of the flattened image (what a container
 * starts with, after whiteouts) and, for a few files, their bytes: the
 * account databases and files holding a private key (img-util.c decides
 * which bytes are read).  They are Dockle's file checks, with the paths of
 * package caches added.  Findings name the file and, through the report,
 * the layer that put it there.
 *
 * An image can hold millions of files: every rule here is one pass over
 * the index (plus a sort for duplicate ids), and a rule reports at most
 * MAX_PER_RULE files, then one finding counting the rest.
 */
#include "registry.h"

#include <stdlib.h>
#include <string.h>

#include "img-util.h"

#define MAX_PER_RULE 100

#define S_TYPE(m) ((m) & 0170000u)
#define IS_REG(m) (S_TYPE(m) == 0100000u)
#define IS_DIR(m) (S_TYPE(m) == 0040000u)
#define IS_LNK(m) (S_TYPE(m) == 0120000u)

static bool has_prefix(const char *s, const char *p)
{
	return strncmp(s, p, strlen(p)) == 0;
}

static const char *base_of(const char *p)
{
	const char *s = strrchr(p, '/');
	return s ? s + 1 : p;
}

/* Report f unless the rule already reported MAX_PER_RULE; returns the new
 * count. */
typedef struct capped {
	size_t n;
} capped;

static bool room(capped *k)
{
	return k->n++ < MAX_PER_RULE;
}

static void report_rest(cs_img_check *c, const capped *k, const char *what)
{
	if (k->n > MAX_PER_RULE)
		cs_img_report(c, NULL, -1, "more",
			      "%zu more %s not listed", k->n - MAX_PER_RULE,
			      what);
}

/* ---- IMG-SETUID ----------------------------------------------------------- */

static bool check_setuid(cs_img_check *c)
{
	const cs_image *img = c->img;
	if (!img->nfiles)
		return false;
	capped k = {0};
	for (size_t i = 0; i < img->nfiles; i++) {
		const cs_img_file *f = &img->files[i];
		if (!IS_REG(f->mode) || !(f->mode & 06000u))
			continue;
		if (!room(&k))
			continue;
		const char *bits = (f->mode & 04000u) && (f->mode & 02000u)
					   ? "setuid and setgid"
				   : (f->mode & 04000u) ? "setuid"
							: "setgid";
		cs_img_report(c, f, -1, f->path, "%s is %s (mode %04o)",
			      cs_imgu_quote(c->arena, f->path), bits,
			      f->mode & 07777u);
	}
	report_rest(c, &k, "setuid or setgid files");
	return true;
}

/* ---- IMG-WORLD-WRITABLE --------------------------------------------------- */

static bool temp_path(const char *p)
{
	static const char *const dirs[] = {"/tmp", "/var/tmp", "/dev/shm",
					   NULL};
	for (size_t i = 0; dirs[i]; i++) {
		size_t n = strlen(dirs[i]);
		if (strncmp(p, dirs[i], n) == 0 && (p[n] == '/' || !p[n]))
			return true;
	}
	return false;
}

static bool check_world_writable(cs_img_check *c)
{
	const cs_image *img = c->img;
	if (!img->nfiles)
		return false;
	capped k = {0};
	for (size_t i = 0; i < img->nfiles; i++) {
		const cs_img_file *f = &img->files[i];
		if (IS_LNK(f->mode) || !(f->mode & 0002u) || temp_path(f->path))
			continue;
		if (IS_DIR(f->mode) && (f->mode & 01000u))
			continue;   /* sticky: only owners remove entries */
		if (!room(&k))
			continue;
		cs_img_report(c, f, -1, f->path,
			      "%s %s is world-writable (mode %04o)",
			      IS_DIR(f->mode) ? "directory" : "file",
			      cs_imgu_quote(c->arena, f->path),
			      f->mode & 07777u);
	}
	report_rest(c, &k, "world-writable files");
	return true;
}

/* ---- IMG-SENSITIVE-FILE --------------------------------------------------- */

static const char *const sensitive_names[] = {
	"credentials.json", "credential.json", "credentials", "credential",
	"password.txt", "id_rsa", "id_dsa", "id_ecdsa", "id_ed25519",
	"secret_token.rb", "carrierwave.rb", "omniauth.rb", "database.yml",
	"credentials.xml", ".env", ".npmrc", ".pypirc", ".netrc",
	".git-credentials", ".dockercfg", ".pgpass", ".htpasswd", NULL};

static const char *const sensitive_exts[] = {
	".secret", ".ovpn", ".private_key", ".cscfg", ".rdp", ".mdf", ".sdf",
	".bek", ".tpm", ".fve", ".jks", ".psafe3", ".agilekeychain",
	".keychain", ".pcap", ".gnucache", NULL};

/* Package trees ship files with these names as code or test data. */
static bool vendored(const char *p)
{
	return strstr(p, "/node_modules/") || strstr(p, "/vendor/") ||
	       strstr(p, "/site-packages/") || strstr(p, "/dist-packages/") ||
	       has_prefix(p, "/usr/share/") || has_prefix(p, "/usr/lib/");
}

/* Why the file is sensitive, or NULL. */
static const char *sensitive(const cs_img_file *f)
{
	const char *b = base_of(f->path);
	for (size_t i = 0; sensitive_names[i]; i++)
		if (strcmp(b, sensitive_names[i]) == 0)
			return "a credentials file";
	const char *dot = strrchr(b, '.');
	if (dot && dot != b)
		for (size_t i = 0; sensitive_exts[i]; i++)
			if (strcasecmp(dot, sensitive_exts[i]) == 0)
				return "a file type that holds secrets";
	if (strstr(f->path, "/.aws/") || strstr(f->path, "/.azure/") ||
	    strstr(f->path, "/.gcp/") || strstr(f->path, "/.docker/config"))
		return "cloud or registry credentials";
	return NULL;
}

static bool check_sensitive_file(cs_img_check *c)
{
	const cs_image *img = c->img;
	if (!img->nfiles)
		return false;
	capped k = {0};
	const char *last_git = NULL;
	size_t last_git_len = 0;
	for (size_t i = 0; i < img->nfiles; i++) {
		const cs_img_file *f = &img->files[i];
		if (!IS_REG(f->mode) || vendored(f->path))
			continue;
		/* a repository: one finding per .git directory (files are
		 * sorted, so its entries follow one another) */
		const char *g = strstr(f->path, "/.git/");
		if (g) {
			size_t n = (size_t)(g - f->path) + 5;
			if (last_git && n == last_git_len &&
			    strncmp(last_git, f->path, n) == 0)
				continue;
			last_git = f->path;
			last_git_len = n;
			if (room(&k))
				cs_img_report(c, f, -1, f->path,
					      "%.*s/ is a git repository "
					      "left in the image",
					      (int)n,
					      cs_imgu_quote(c->arena, f->path));
			continue;
		}
		const char *why = sensitive(f);
		if (why && room(&k))
			cs_img_report(c, f, -1, f->path, "%s is %s",
				      cs_imgu_quote(c->arena, f->path), why);
	}
	report_rest(c, &k, "sensitive files");
	return true;
}

/* ---- IMG-PRIVATE-KEY ------------------------------------------------------ */

static bool check_private_key(cs_img_check *c)
{
	if (!c->img->nfiles)
		return false;
	capped k = {0};
	for (size_t i = 0; i < c->nblobs; i++) {
		const cs_img_blob *b = &c->blobs[i];
		if (!cs_imgu_has_private_key(b->data, b->len) || !room(&k))
			continue;
		cs_img_report(c, b->file, -1, b->file->path,
			      "%s holds a private key",
			      cs_imgu_quote(c->arena, b->file->path));
	}
	report_rest(c, &k, "files with private keys");
	return true;
}

/* ---- IMG-PKG-CACHE -------------------------------------------------------- */

static const struct cache {
	const char *dir;          /* with a final slash */
	const char *ext;          /* only files ending so, or NULL */
	const char *tool;
} caches[] = {
	{"/var/cache/apt/archives/", ".deb", "apt"},
	{"/var/lib/apt/lists/", NULL, "apt"},
	{"/var/cache/apk/", NULL, "apk"},
	{"/var/cache/yum/", NULL, "yum"},
	{"/var/cache/dnf/", NULL, "dnf"},
	{"/root/.cache/pip/", NULL, "pip"},
	{"/root/.npm/", NULL, "npm"},
	{"/usr/local/share/.cache/yarn/", NULL, "yarn"},
};

static bool cache_file(const struct cache *cc, const char *p)
{
	if (!has_prefix(p, cc->dir))
		return false;
	const char *b = base_of(p);
	if (strcmp(b, "lock") == 0)
		return false;
	if (cc->ext) {
		size_t n = strlen(b), e = strlen(cc->ext);
		return n > e && strcmp(b + n - e, cc->ext) == 0;
	}
	return true;
}

static bool check_pkg_cache(cs_img_check *c)
{
	const cs_image *img = c->img;
	if (!img->nfiles)
		return false;
	for (size_t k = 0; k < CS_COUNT(caches); k++) {
		const cs_img_file *first = NULL;
		size_t n = 0;
		unsigned long long bytes = 0;
		for (size_t i = 0; i < img->nfiles; i++) {
			const cs_img_file *f = &img->files[i];
			if (!IS_REG(f->mode) || !cache_file(&caches[k], f->path))
				continue;
			if (!first)
				first = f;
			n++;
			bytes += f->size;
		}
		if (!n)
			continue;
		cs_img_report(c, first, -1, caches[k].dir,
			      "the %s cache %s holds %zu file%s (%llu bytes)",
			      caches[k].tool, caches[k].dir, n,
			      n == 1 ? "" : "s", bytes);
	}
	return true;
}

/* ---- account files -------------------------------------------------------- */

typedef struct line {
	const char *s;
	size_t n;
} line;

static bool next_line(const cs_img_blob *b, size_t *pos, line *l)
{
	if (*pos >= b->len)
		return false;
	const char *s = (const char *)b->data + *pos;
	const char *e = memchr(s, '\n', b->len - *pos);
	size_t n = e ? (size_t)(e - s) : b->len - *pos;
	*pos += n + 1;
	if (n && s[n - 1] == '\r')
		n--;
	*l = (line){s, n};
	return true;
}

/* Field k (0-based) of a colon-separated line, or false when absent. */
static bool field(const line *l, size_t k, line *out)
{
	const char *p = l->s, *end = l->s + l->n;
	for (size_t i = 0; i < k; i++) {
		const char *c = memchr(p, ':', (size_t)(end - p));
		if (!c)
			return false;
		p = c + 1;
	}
	const char *c = memchr(p, ':', (size_t)(end - p));
	*out = (line){p, c ? (size_t)(c - p) : (size_t)(end - p)};
	return true;
}

static bool check_empty_password(cs_img_check *c)
{
	static const char *const files[] = {"/etc/shadow",
					    "/etc/master.passwd"};
	bool applied = false;
	for (size_t k = 0; k < 2; k++) {
		const cs_img_blob *b = cs_imgu_blob(c, files[k]);
		if (!b)
			continue;
		applied = true;
		size_t pos = 0;
		line l, user, pw;
		while (next_line(b, &pos, &l)) {
			if (!l.n || l.s[0] == '#' || !field(&l, 0, &user) ||
			    !field(&l, 1, &pw) || pw.n || !user.n)
				continue;
			const char *u = cs_arena_strndup(c->arena, user.s,
							 user.n);
			cs_img_report(c, b->file, -1, u,
				      "user '%s' has an empty password in %s",
				      cs_imgu_quote(c->arena, u), files[k]);
		}
	}
	return applied;
}

typedef struct idname {
	unsigned long id;
	const char *name;
	size_t order;
} idname;

static int by_id(const void *x, const void *y)
{
	const idname *a = x, *b = y;
	if (a->id != b->id)
		return a->id < b->id ? -1 : 1;
	return a->order < b->order ? -1 : a->order > b->order;
}

static void dup_ids(cs_img_check *c, const cs_img_blob *b, const char *what)
{
	size_t cap = 0, pos = 0, n = 0;
	line l;
	while (next_line(b, &pos, &l))
		cap++;
	idname *v = cap ? cs_arena_alloc(c->arena, sizeof(*v) * cap) : NULL;
	if (!v)
		return;
	pos = 0;
	line name, id;
	while (next_line(b, &pos, &l) && n < cap) {
		if (!l.n || l.s[0] == '#' || !field(&l, 0, &name) ||
		    !field(&l, 2, &id) || !id.n || id.n > 10)
			continue;
		unsigned long x = 0;
		bool ok = true;
		for (size_t i = 0; i < id.n; i++) {
			if (id.s[i] < '0' || id.s[i] > '9')
				ok = false;
			else
				x = x * 10 + (unsigned long)(id.s[i] - '0');
		}
		if (!ok)
			continue;
		v[n] = (idname){x, cs_arena_strndup(c->arena, name.s, name.n),
				n};
		n++;
	}
	qsort(v, n, sizeof(*v), by_id);
	capped k = {0};
	for (size_t i = 1; i < n; i++) {
		if (v[i].id != v[i - 1].id || !room(&k))
			continue;
		const char *val = cs_arena_printf(c->arena, "%s %lu", what,
						  v[i].id);
		cs_img_report(c, b->file, -1, val,
			      "%s %lu of '%s' is also that of '%s' in %s",
			      what, v[i].id,
			      cs_imgu_quote(c->arena, v[i].name),
			      cs_imgu_quote(c->arena, v[i - 1].name),
			      b->file->path);
	}
	report_rest(c, &k, "duplicate ids");
}

static bool check_dup_id(cs_img_check *c)
{
	const cs_img_blob *pw = cs_imgu_blob(c, "/etc/passwd");
	const cs_img_blob *gr = cs_imgu_blob(c, "/etc/group");
	if (pw)
		dup_ids(c, pw, "UID");
	if (gr)
		dup_ids(c, gr, "GID");
	return pw || gr;
}

static const cs_rule rows[] = {
	{
		.id = "IMG-DUP-ID",
		.title = "Duplicate UID or GID in the image",
		.severity = CS_SEV_HIGH,
		.targets = CS_TARGET_IMAGE,
		.scope = CS_SCOPE_IMAGE,
		.rationale =
			"Two accounts with one UID (or two groups with one "
			"GID) are one identity to the kernel: files of one "
			"belong to the other, and a second account with UID "
			"0 is a hidden root.",
		.remediation =
			"Give every account in /etc/passwd and every group in "
			"/etc/group its own id (`useradd --uid`, `groupadd "
			"--gid`).",
		.example = "RUN groupadd --gid 10001 app \\\n"
			   "    && useradd --uid 10001 --gid 10001 app",
		.cis = "",
		.nist = "",
		.owasp = "",
		.hadolint = "",
		.trivy = "",
		.checkov = "",
		.kics = "",
		.kube_linter = "",
		.pss = "",
		.dockle = "DKL-LI-0002",
		.check_img = check_dup_id,
	},
	{
		.id = "IMG-EMPTY-PASSWORD",
		.title = "Account with an empty password in the image",
		.severity = CS_SEV_CRITICAL,
		.targets = CS_TARGET_IMAGE,
		.scope = CS_SCOPE_IMAGE,
		.rationale =
			"An empty password field in /etc/shadow lets anyone "
			"log in as that account without a password (su, a "
			"console, an SSH server that permits it).  A locked "
			"account has `!` or `*` there, not nothing.",
		.remediation =
			"Lock the account (`passwd -l NAME` or `usermod -L "
			"NAME`) or remove it.",
		.example = "RUN passwd -l root",
		.cis = "",
		.nist = "",
		.owasp = "",
		.hadolint = "",
		.trivy = "",
		.checkov = "",
		.kics = "",
		.kube_linter = "",
		.pss = "",
		.dockle = "DKL-LI-0001",
		.check_img = check_empty_password,
	},
	{
		.id = "IMG-PKG-CACHE",
		.title = "Package manager cache left in the image",
		.severity = CS_SEV_LOW,
		.targets = CS_TARGET_IMAGE,
		.scope = CS_SCOPE_IMAGE,
		.rationale =
			"Downloaded packages and package indexes (apt lists "
			"and archives, the apk, yum and dnf caches, pip and "
			"npm caches) are useless at run time: they make every "
			"pull slower and leave a stale index behind.",
		.remediation =
			"Remove the cache in the same RUN that fills it, or "
			"tell the tool not to keep one (`apk add --no-cache`, "
			"`pip install --no-cache-dir`, `npm ci && npm cache "
			"clean --force`).",
		.example = "RUN apt-get update \\\n"
			   "    && apt-get install -y --no-install-recommends "
			   "curl \\\n"
			   "    && rm -rf /var/lib/apt/lists/*",
		.cis = "",
		.nist = "",
		.owasp = "",
		.hadolint = "",
		.trivy = "",
		.checkov = "",
		.kics = "",
		.kube_linter = "",
		.pss = "",
		.dockle = "DKL-DI-0005",
		.check_img = check_pkg_cache,
	},
	{
		.id = "IMG-PRIVATE-KEY",
		.title = "Private key in the image",
		.severity = CS_SEV_CRITICAL,
		.targets = CS_TARGET_IMAGE,
		.scope = CS_SCOPE_IMAGE,
		.rationale =
			"A file holding a PEM private key block is readable "
			"by anyone who pulls the image, for as long as any "
			"copy of it exists: a TLS key, an SSH identity or a "
			"signing key must be treated as leaked.  Files up to "
			"64 KiB are searched for `-----BEGIN ... PRIVATE "
			"KEY-----`.",
		.remediation =
			"Remove the key from the build context, rotate it, "
			"and mount it at run time as a secret.",
		.example = "# docker run -v /etc/tls/key.pem:/run/secrets/"
			   "key.pem:ro ...",
		.cis = "CIS Docker 1.6 4.10",
		.nist = "NIST SP 800-190 3.1.4",
		.owasp = "OWASP Docker Top 10 D06",
		.hadolint = "",
		.trivy = "",
		.checkov = "",
		.kics = "",
		.kube_linter = "",
		.pss = "",
		.dockle = "CIS-DI-0010",
		.check_img = check_private_key,
	},
	{
		.id = "IMG-SENSITIVE-FILE",
		.title = "Credentials file or repository left in the image",
		.severity = CS_SEV_HIGH,
		.targets = CS_TARGET_IMAGE,
		.scope = CS_SCOPE_IMAGE,
		.rationale =
			"Files such as .env, .npmrc, .aws/credentials, id_rsa "
			"or a .git directory are copied in by a broad `COPY . "
			".` and hold tokens, keys or the whole history of the "
			"source.  Names and extensions follow Dockle's list; "
			"package trees (node_modules, vendor, site-packages, "
			"/usr/share, /usr/lib) are not searched.",
		.remediation =
			"Add the files to .dockerignore, remove them from the "
			"image, and rotate any secret they held.",
		.example = "# .dockerignore\n.git\n.env\n**/.npmrc\n.aws",
		.cis = "CIS Docker 1.6 4.10",
		.nist = "NIST SP 800-190 3.1.4",
		.owasp = "OWASP Docker Top 10 D06",
		.hadolint = "",
		.trivy = "",
		.checkov = "",
		.kics = "",
		.kube_linter = "",
		.pss = "",
		.dockle = "CIS-DI-0010, DKL-LI-0003",
		.check_img = check_sensitive_file,
	},
	{
		.id = "IMG-SETUID",
		.title = "setuid or setgid file in the image",
		.severity = CS_SEV_LOW,
		.targets = CS_TARGET_IMAGE,
		.scope = CS_SCOPE_IMAGE,
		.rationale =
			"A setuid or setgid program runs with its owner's "
			"rights whoever starts it: each one is a way from the "
			"container's user to root if it has a bug.  Most "
			"containers need none; remove the bits or run with "
			"no-new-privileges.",
		.remediation =
			"Strip the bits in the final stage, or remove the "
			"programs.",
		.example = "RUN find / -xdev -perm /6000 -type f "
			   "-exec chmod a-s {} + || true",
		.cis = "CIS Docker 1.6 4.8",
		.nist = "",
		.owasp = "",
		.hadolint = "",
		.trivy = "",
		.checkov = "",
		.kics = "",
		.kube_linter = "",
		.pss = "",
		.dockle = "CIS-DI-0008",
		.check_img = check_setuid,
	},
	{
		.id = "IMG-WORLD-WRITABLE",
		.title = "World-writable file or directory in the image",
		.severity = CS_SEV_MEDIUM,
		.targets = CS_TARGET_IMAGE,
		.scope = CS_SCOPE_IMAGE,
		.rationale =
			"Any process of any user can change a world-writable "
			"file, or add and replace entries of a world-writable "
			"directory without the sticky bit: a program or "
			"configuration there can be swapped by whatever runs "
			"in the container.  /tmp, /var/tmp and /dev/shm are "
			"meant to be shared and are not flagged; sticky "
			"directories are not flagged anywhere.",
		.remediation =
			"Remove the write bit for others (`chmod o-w`), or "
			"set the sticky bit on shared directories.",
		.example = "RUN chmod -R o-w /app",
		.cis = "",
		.nist = "",
		.owasp = "",
		.hadolint = "",
		.trivy = "",
		.checkov = "",
		.kics = "",
		.kube_linter = "",
		.pss = "",
		.dockle = "",
		.check_img = check_world_writable,
	},
};

const cs_rule_family cs_family_img_files = {"img-files", rows,
					     CS_COUNT(rows)};

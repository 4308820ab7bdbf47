/*
 * test-img-rules.c - the image rules on images built by hand: config,
 * history and file checks, messages naming the layer, masking of secret
 * values, caps on findings, checks and scores of the result.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "image/audit.h"
#include "rules/img-util.h"
#include "rules/registry.h"

extern const cs_rule_family cs_family_img_config;
extern const cs_rule_family cs_family_img_history;
extern const cs_rule_family cs_family_img_files;

/* An image under construction. */
typedef struct fixture {
	cs_image img;
	cs_img_history hist[16];
	cs_img_layer layers[16];
	cs_img_file files[64];
	cs_img_blob blobs[8];
	size_t nblobs;
	cs_file_result r;
} fixture;

static void fx_init(fixture *x)
{
	memset(x, 0, sizeof(*x));
	cs_arena_init(&x->img.arena, 0);
	x->img.source = "img.tar";
	x->img.format = CS_IMG_DOCKER_SAVE;
	x->img.config.user = "10001";
	x->img.config.has_user = true;
	static const char *hc[] = {"CMD", "true"};
	x->img.config.healthcheck = hc;
	x->img.config.nhealthcheck = 2;
	x->img.config.history = x->hist;
	x->img.layers = x->layers;
	x->img.files = x->files;
}

/* A history line making a layer (or none when empty). */
static void fx_hist(fixture *x, const char *created_by, bool empty)
{
	size_t i = x->img.config.nhistory++;
	x->hist[i] = (cs_img_history){created_by, NULL, NULL, empty, -1};
	if (!empty) {
		size_t l = x->img.nlayers++;
		x->hist[i].layer = (int32_t)l;
		x->layers[l] = (cs_img_layer){
			.digest = "sha256:0123456789abcdef0123456789abcdef0123"
				  "456789abcdef0123456789abcdef",
			.history = (int32_t)i};
	}
}

/* Files must be added in path order. */
static cs_img_file *fx_file(fixture *x, const char *path, uint32_t mode,
			    int32_t layer)
{
	cs_img_file *f = &x->files[x->img.nfiles++];
	*f = (cs_img_file){.path = path, .mode = mode, .size = 100,
			   .layer = layer};
	return f;
}

static void fx_blob(fixture *x, const cs_img_file *f, const char *data)
{
	x->blobs[x->nblobs++] =
		(cs_img_blob){f, (const unsigned char *)data, strlen(data),
			      false};
}

static void fx_run(fixture *x)
{
	const cs_rule *rules[64];
	size_t n = 0;
	const cs_rule_family *fams[] = {&cs_family_img_config,
					&cs_family_img_history,
					&cs_family_img_files};
	for (size_t f = 0; f < 3; f++)
		for (size_t i = 0; i < fams[f]->n; i++)
			rules[n++] = &fams[f]->rules[i];
	cs_image_audit_rules(&x->r, "img.tar", &x->img, x->blobs, x->nblobs,
			     NULL, rules, n);
}

static void fx_free(fixture *x)
{
	cs_file_result_free(&x->r);
	cs_arena_free(&x->img.arena);
}

static size_t count(const fixture *x, const char *rule)
{
	size_t n = 0;
	for (size_t i = 0; i < x->r.nfindings; i++)
		if (strcmp(x->r.findings[i].rule->id, rule) == 0)
			n++;
	return n;
}

static const cs_finding *first(const fixture *x, const char *rule)
{
	for (size_t i = 0; i < x->r.nfindings; i++)
		if (strcmp(x->r.findings[i].rule->id, rule) == 0)
			return &x->r.findings[i];
	return NULL;
}

static const cs_check *check_of(const fixture *x, const char *rule)
{
	for (size_t i = 0; i < x->r.nchecks; i++)
		if (strcmp(x->r.checks[i].rule->id, rule) == 0)
			return &x->r.checks[i];
	return NULL;
}

static void test_clean_image(void **s)
{
	fixture x;
	fx_init(&x);
	fx_hist(&x, "/bin/sh -c #(nop) ADD file:abc123 in / ", false);
	fx_hist(&x, "RUN /bin/sh -c apt-get update && apt-get install -y "
		    "curl && rm -rf /var/lib/apt/lists/* # buildkit", false);
	fx_hist(&x, "RUN /bin/sh -c apk add --no-cache "
		    "libcrypto3=3.1.4-r1 # buildkit", false);
	fx_hist(&x, "ENV GPG_KEY=A4A9406876FCBD3C456770C88C718D3B5072E1F5",
		true);
	fx_file(&x, "/etc/group", 0100644, 0);
	fx_file(&x, "/etc/passwd", 0100644, 0);
	fx_file(&x, "/etc/shadow", 0100640, 0);
	fx_file(&x, "/tmp", 041777, 0);
	fx_file(&x, "/usr/bin/app", 0100755, 1);
	fx_blob(&x, &x.files[0], "root:x:0:\napp:x:10001:\n");
	fx_blob(&x, &x.files[1], "root:x:0:0::/root:/bin/sh\n"
				 "app:x:10001:10001::/home/app:/bin/sh\n");
	fx_blob(&x, &x.files[2], "root:!::0:::::\napp:*:19000:0:99999:7:::\n");
	fx_run(&x);
	for (size_t i = 0; i < x.r.nfindings; i++)
		print_message("unexpected: %s %s\n", x.r.findings[i].rule->id,
			      x.r.findings[i].message);
	assert_int_equal(x.r.nfindings, 0);
	assert_int_equal(x.r.kind, CS_KIND_IMAGE);
	assert_true(x.r.score.has_score);
	assert_true(x.r.score.value == 100.0);
	const cs_check *k = check_of(&x, "IMG-DUP-ID");
	assert_non_null(k);
	assert_string_equal(k->subject, "image");
	assert_int_equal(k->status, CS_CHECK_PASSED);
	fx_free(&x);
}

static void test_config_rules(void **s)
{
	const char *users[] = {"", "root", "0", "0:0", "root:root", "00:app"};
	for (size_t i = 0; i < 6; i++) {
		fixture x;
		fx_init(&x);
		x.img.config.user = users[i];
		fx_run(&x);
		assert_int_equal(count(&x, "IMG-USER-ROOT"), 1);
		assert_string_equal(first(&x, "IMG-USER-ROOT")->subject,
				    "image");
		fx_free(&x);
	}
	fixture x;
	fx_init(&x);
	x.img.config.user = "app:0";
	static const char *none[] = {"NONE"};
	x.img.config.healthcheck = none;
	x.img.config.nhealthcheck = 1;
	static const char *ports[] = {"80/tcp", "22/tcp", "2222/tcp"};
	x.img.config.exposed = ports;
	x.img.config.nexposed = 3;
	static const char *vols[] = {"/data", "/proc", "/sys/", "/devices"};
	x.img.config.volumes = vols;
	x.img.config.nvolumes = 4;
	static const char *env[] = {
		"PATH=/usr/bin", "DB_PASSWORD=hunter2", "API_TOKEN=",
		"GPG_KEY=ABCDEF", "NOTE=AKIAIOSFODNN7EXAMPLE",
		"PASSWORD_FILE=/run/secrets/pw"};
	x.img.config.env = env;
	x.img.config.nenv = 6;
	fx_run(&x);
	assert_int_equal(count(&x, "IMG-USER-ROOT"), 0);
	assert_int_equal(count(&x, "IMG-HEALTHCHECK"), 1);
	assert_int_equal(count(&x, "IMG-SSH-PORT"), 1);
	assert_string_equal(first(&x, "IMG-SSH-PORT")->value, "22/tcp");
	assert_int_equal(count(&x, "IMG-VOLUME-SENS"), 2);
	assert_int_equal(count(&x, "IMG-SECRET-ENV"), 2);
	for (size_t i = 0; i < x.r.nfindings; i++)
		assert_null(strstr(x.r.findings[i].message, "hunter2"));
	assert_string_equal(first(&x, "IMG-SECRET-ENV")->message,
			    "the image config sets the secret-like variable "
			    "DB_PASSWORD=**** in Env");
	/* a critical finding caps the score */
	assert_true(x.r.score.critical);
	assert_string_equal(x.r.score.grade, "F");
	fx_free(&x);

	/* a root file system directory has no config to judge */
	fx_init(&x);
	x.img.format = CS_IMG_ROOTFS;
	x.img.config.user = "";
	x.img.config.healthcheck = NULL;
	fx_run(&x);
	assert_int_equal(x.r.nfindings, 0);
	assert_null(check_of(&x, "IMG-USER-ROOT"));
	fx_free(&x);
}

static void test_history_rules(void **s)
{
	fixture x;
	fx_init(&x);
	fx_hist(&x, "/bin/sh -c #(nop) ADD file:abc in / ", false);
	fx_hist(&x, "/bin/sh -c apt-get update", false);
	fx_hist(&x, "RUN |2 TOKEN=s3cr3t VERSION=1.2 /bin/sh -c sudo "
		    "apt-get dist-upgrade -y # buildkit", false);
	fx_hist(&x, "RUN /bin/sh -c apk update && apk add curl=8.5.0-r0 "
		    "password-store # buildkit", false);
	fx_hist(&x, "ADD https://example.com/app.tgz /opt/ # buildkit",
		false);
	fx_hist(&x, "/bin/sh -c #(nop)  ENV DB_PASSWORD=hunter2", true);
	fx_hist(&x, "RUN /bin/sh -c echo sudo && curl --password=pw "
		    "https://x # buildkit", false);
	fx_run(&x);
	assert_int_equal(count(&x, "IMG-UPDATE-ALONE"), 1);
	const cs_finding *f = first(&x, "IMG-UPDATE-ALONE");
	assert_string_equal(f->subject, "layer 1");
	assert_string_equal(f->message,
			    "`apt-get update` runs without an install in the "
			    "same layer: the package index it fetches goes "
			    "stale in the cache (layer 1 sha256:0123456789ab, "
			    "from `/bin/sh -c apt-get update`)");
	assert_int_equal(count(&x, "IMG-SUDO"), 1);
	assert_string_equal(first(&x, "IMG-SUDO")->message,
			    "the build ran sudo (layer 2 sha256:0123456789ab, "
			    "from `RUN |2 TOKEN=**** VERSION=1.2 /bin/sh -c "
			    "sudo apt-get dist-upgrade -y`)");
	assert_string_equal(first(&x, "IMG-SUDO")->subject, "layer 2");
	assert_int_equal(count(&x, "IMG-UPGRADE"), 1);
	assert_int_equal(count(&x, "IMG-APK-CACHE"), 1);
	assert_string_equal(first(&x, "IMG-APK-CACHE")->subject, "layer 3");
	assert_int_equal(count(&x, "IMG-ADD"), 1);
	assert_string_equal(first(&x, "IMG-ADD")->subject, "layer 4");
	assert_string_equal(first(&x, "IMG-ADD")->message,
			    "the image was built with ADD (layer 4 "
			    "sha256:0123456789ab, from `ADD "
			    "https://example.com/app.tgz /opt/`)");
	/* TOKEN (build arg), DB_PASSWORD (ENV, no layer), --password */
	assert_int_equal(count(&x, "IMG-SECRET-HISTORY"), 3);
	for (size_t i = 0; i < x.r.nfindings; i++) {
		const cs_finding *g = &x.r.findings[i];
		if (strcmp(g->rule->id, "IMG-SECRET-HISTORY") != 0)
			continue;
		assert_null(strstr(g->message, "s3cr3t"));
		assert_null(strstr(g->message, "hunter2"));
		if (strcmp(g->value, "DB_PASSWORD") == 0) {
			assert_string_equal(g->subject, "image");
			assert_non_null(strstr(g->message, "history entry 5"));
		}
	}
	fx_free(&x);
}

/* sudo behind env(1) runs sudo; installing the sudo package does not. */
static void test_sudo_wrappers(void **s)
{
	fixture x;
	fx_init(&x);
	fx_hist(&x, "/bin/sh -c #(nop) ADD file:abc in / ", false);
	fx_hist(&x, "RUN /bin/sh -c apt-get install -y sudo # buildkit",
		false);
	fx_hist(&x, "RUN /bin/sh -c cd /app && env HOME=/root sudo -u app "
		    "make # buildkit", false);
	fx_file(&x, "/usr/bin/su", 0104755, 0);
	fx_run(&x);
	assert_int_equal(count(&x, "IMG-SUDO"), 1);
	assert_string_equal(first(&x, "IMG-SUDO")->subject, "layer 2");
	/* the classic builder's trailing space is not quoted */
	assert_string_equal(first(&x, "IMG-SETUID")->message,
			    "/usr/bin/su is setuid (mode 4755) (layer 0 "
			    "sha256:0123456789ab, from `ADD file:abc in /`)");
	cs_arena a;
	cs_arena_init(&a, 0);
	assert_string_equal(cs_imgu_created_by(&a, "COPY . /app # buildkit"),
			    "COPY . /app");
	assert_string_equal(cs_imgu_created_by(&a, "/bin/sh -c #(nop)  "
						   "CMD [\"sh\"] \t "),
			    "CMD [\"sh\"]");
	assert_string_equal(cs_imgu_created_by(&a, "   "), "");
	assert_string_equal(cs_imgu_created_by(&a, NULL), "");
	cs_arena_free(&a);
	fx_free(&x);
}

/* A rule reports at most 200 findings on an image, then counts the rest. */
static void test_cap_per_rule(void **s)
{
	fixture x;
	fx_init(&x);
	static const char *env[250];
	for (size_t i = 0; i < 250; i++)
		env[i] = cs_arena_printf(&x.img.arena, "P%zu_PASSWORD=x", i);
	x.img.config.env = env;
	x.img.config.nenv = 250;
	fx_run(&x);
	assert_int_equal(count(&x, "IMG-SECRET-ENV"), 201);
	size_t more = 0;
	for (size_t i = 0; i < x.r.nfindings; i++) {
		const cs_finding *f = &x.r.findings[i];
		if (strcmp(f->rule->id, "IMG-SECRET-ENV") != 0 ||
		    strcmp(f->value, "more") != 0)
			continue;
		more++;
		assert_string_equal(f->message,
				    "50 more findings of this rule not listed");
		assert_string_equal(f->subject, "image");
	}
	assert_int_equal(more, 1);
	assert_int_equal(check_of(&x, "IMG-SECRET-ENV")->status,
			 CS_CHECK_FAILED);
	fx_free(&x);
}

static void test_file_rules(void **s)
{
	static const char key[] =
		"junk\n-----BEGIN OPENSSH PRIVATE KEY-----\nb3Blbn==\n";
	fixture x;
	fx_init(&x);
	fx_hist(&x, "ADD file:abc in /", false);
	fx_hist(&x, "COPY . /app # buildkit", false);
	fx_file(&x, "/app/.env", 0100644, 1);
	fx_file(&x, "/app/.git/HEAD", 0100644, 1);
	fx_file(&x, "/app/.git/config", 0100644, 1);
	fx_file(&x, "/app/key.pem", 0100600, 1);
	fx_file(&x, "/app/node_modules/x/.env", 0100644, 1);
	fx_file(&x, "/app/shared", 040777, 1);
	fx_file(&x, "/app/sticky", 041777, 1);
	fx_file(&x, "/etc/group", 0100644, 0);
	fx_file(&x, "/etc/passwd", 0100644, 0);
	fx_file(&x, "/etc/shadow", 0100640, 0);
	fx_file(&x, "/root/.aws/credentials", 0100600, 1);
	fx_file(&x, "/tmp/x", 0100666, 1);
	fx_file(&x, "/usr/bin/link", 0120777, 0);
	fx_file(&x, "/usr/bin/passwd", 0104755, 0);
	fx_file(&x, "/usr/bin/wall", 0102755, 0);
	fx_file(&x, "/var/cache/apk/APKINDEX.tar.gz", 0100644, 0);
	fx_file(&x, "/var/lib/apt/lists/lock", 0100640, 0);
	fx_file(&x, "/var/lib/apt/lists/x_Packages", 0100644, 0);
	fx_file(&x, "/var/lib/apt/lists/y_Packages", 0100644, 0);
	fx_blob(&x, &x.files[3], key);
	fx_blob(&x, &x.files[7], "root:x:0:\nwheel:x:10:\nstaff:x:10:\n");
	fx_blob(&x, &x.files[8], "root:x:0:0::/:/bin/sh\n# c\n"
				 "toor:x:0:0::/:/bin/sh\nbad:x:zz:0::/:x\n");
	fx_blob(&x, &x.files[9], "root:::0:::::\nsvc:!:1::::::\n"
				 "guest::1::::::\n");
	fx_run(&x);
	assert_int_equal(count(&x, "IMG-SETUID"), 2);
	assert_string_equal(first(&x, "IMG-SETUID")->message,
			    "/usr/bin/passwd is setuid (mode 4755) (layer 0 "
			    "sha256:0123456789ab, from `ADD file:abc in /`)");
	assert_int_equal(count(&x, "IMG-WORLD-WRITABLE"), 1);
	assert_string_equal(first(&x, "IMG-WORLD-WRITABLE")->path,
			    "/app/shared");
	/* .env, .git (once), .aws/credentials; not node_modules */
	assert_int_equal(count(&x, "IMG-SENSITIVE-FILE"), 3);
	assert_int_equal(count(&x, "IMG-PRIVATE-KEY"), 1);
	assert_string_equal(first(&x, "IMG-PRIVATE-KEY")->subject, "layer 1");
	assert_int_equal(count(&x, "IMG-PKG-CACHE"), 2);
	assert_int_equal(count(&x, "IMG-EMPTY-PASSWORD"), 2);
	assert_int_equal(count(&x, "IMG-DUP-ID"), 2);
	fx_free(&x);
}

static void test_caps_and_keys(void **s)
{
	assert_true(cs_imgu_has_private_key(
		(const unsigned char *)"-----BEGIN PRIVATE KEY-----", 27));
	assert_true(cs_imgu_has_private_key(
		(const unsigned char *)"x-----BEGIN RSA PRIVATE KEY-----y",
		33));
	assert_false(cs_imgu_has_private_key(
		(const unsigned char *)"-----BEGIN PUBLIC KEY-----", 26));
	assert_false(cs_imgu_has_private_key(
		(const unsigned char *)"-----BEGIN RSA PRIVATE KEY---", 29));

	/* hostile: many setuid files -> 100 findings and one count */
	static cs_img_file many[5000];
	static char names[5000][16];
	fixture x;
	fx_init(&x);
	for (size_t i = 0; i < 5000; i++) {
		snprintf(names[i], sizeof(names[i]), "/b/%05zu", i);
		many[i] = (cs_img_file){.path = names[i], .mode = 0104755,
					.layer = -1};
	}
	x.img.files = many;
	x.img.nfiles = 5000;
	fx_run(&x);
	assert_int_equal(count(&x, "IMG-SETUID"), 101);
	bool seen = false;
	for (size_t i = 0; i < x.r.nfindings; i++)
		if (strcmp(x.r.findings[i].message,
			   "4900 more setuid or setgid files not listed") == 0)
			seen = true;
	assert_true(seen);
	fx_free(&x);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_clean_image),
		cmocka_unit_test(test_config_rules),
		cmocka_unit_test(test_history_rules),
		cmocka_unit_test(test_sudo_wrappers),
		cmocka_unit_test(test_cap_per_rule),
		cmocka_unit_test(test_file_rules),
		cmocka_unit_test(test_caps_and_keys),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * test-compose.c - the Compose normalizer: every field family, the
 * security_opt spellings, port and volume syntaxes, interpolation, .env and
 * env_file, extends, merge keys and diagnostics, with exact values, marks
 * and YAML paths.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "model/compose.h"

typedef struct fake_file {
	const char *name;
	const char *data;
} fake_file;

typedef struct fake_fs {
	const fake_file *files;
	size_t n;
	int reads;
} fake_fs;

static bool fake_read(void *ctx, const char *rel, const char **data,
		      size_t *len)
{
	fake_fs *fs = ctx;
	fs->reads++;
	for (size_t i = 0; i < fs->n; i++) {
		if (strcmp(fs->files[i].name, rel) == 0) {
			*data = fs->files[i].data;
			*len = strlen(fs->files[i].data);
			return true;
		}
	}
	*data = NULL;
	return false;
}

typedef struct fx {
	cs_arena a;
	cs_compose c;
} fx;

static void load_opts(fx *f, const char *y, const cs_compose_opts *o)
{
	cs_arena_init(&f->a, 0);
	cs_yaml_stream st;
	cs_error err = {0};
	assert_true(cs_yaml_load(y, strlen(y), &f->a, &st, &err));
	assert_int_equal(st.ndocs, 1);
	assert_true(cs_compose_detect(st.docs[0]));
	assert_true(cs_compose_load(st.docs[0], o, &f->a, &f->c, &err));
}

static void load(fx *f, const char *y)
{
	cs_compose_opts o = {0};
	load_opts(f, y, &o);
}

static const cs_rt_spec *svc(fx *f, size_t i)
{
	assert_true(i < f->c.nservices);
	return &f->c.services[i].spec;
}

static void assert_at(const cs_loc *l, uint32_t line, uint32_t col)
{
	assert_int_equal(l->at.line, line);
	assert_int_equal(l->at.col, col);
}

static void assert_path(fx *f, const cs_loc *l, const char *want)
{
	assert_string_equal(cs_ypath_str(l->path, &f->a), want);
}

static void assert_diag(fx *f, size_t i, uint32_t line, uint32_t col,
			const char *msg)
{
	assert_true(i < f->c.diags.n);
	assert_int_equal(f->c.diags.v[i].mark.line, line);
	assert_int_equal(f->c.diags.v[i].mark.col, col);
	assert_string_equal(f->c.diags.v[i].message, msg);
}

/* ---- detection and the service frame ------------------------------------ */

static bool detect(const char *y)
{
	cs_arena a;
	cs_arena_init(&a, 0);
	cs_yaml_stream st;
	cs_error err = {0};
	bool r = cs_yaml_load(y, strlen(y), &a, &st, &err) && st.ndocs == 1 &&
		 cs_compose_detect(st.docs[0]);
	cs_arena_free(&a);
	return r;
}

static void test_detect(void **s)
{
	assert_true(detect("services:\n  web: {image: x}\n"));
	assert_true(detect("services:\n"));
	assert_true(detect("version: '3'\nservices: {}\n"));
	assert_false(detect("services: [a, b]\n"));
	assert_false(detect("services: web\n"));
	assert_false(detect("apiVersion: v1\nkind: Pod\n"));
	assert_false(detect("- services\n"));
	assert_false(cs_compose_detect(NULL));
}

static void test_service_frame(void **s)
{
	fx f;
	load(&f, "x-common: &c {image: base}\n"
		 "services:\n"
		 "  web:\n"
		 "    image: nginx:1.25\n"
		 "    pull_policy: always\n"
		 "  db:\n"
		 "    image: postgres\n"
		 "volumes:\n"
		 "  data: {}\n");
	assert_int_equal(f.c.nservices, 2);
	assert_at(&f.c.services_loc, 2, 1);
	assert_path(&f, &f.c.services_loc, "services");
	assert_non_null(f.c.volumes);
	assert_null(f.c.networks);
	const cs_compose_service *w = &f.c.services[0];
	assert_string_equal(w->name, "web");
	assert_ptr_equal(w->spec.service, w);
	assert_int_equal(w->spec.origin, CS_RT_COMPOSE);
	assert_int_equal(w->spec.role, CS_RT_MAIN);
	assert_string_equal(w->spec.name, "web");
	assert_string_equal(w->spec.subject, "service web");
	assert_at(&w->spec.loc, 3, 3);
	assert_path(&f, &w->spec.loc, "services.web");
	assert_string_equal(w->spec.image.v, "nginx:1.25");
	assert_at(&w->spec.image.loc, 4, 5);
	assert_path(&f, &w->spec.image.loc, "services.web.image");
	assert_string_equal(w->spec.pull_policy.v, "always");
	assert_false(w->spec.builds);
	assert_string_equal(f.c.services[1].name, "db");
	assert_at(&f.c.services[1].loc, 6, 3);
	assert_int_equal(f.c.diags.n, 0);
	cs_arena_free(&f.a);
}

static void test_build(void **s)
{
	fx f;
	load(&f, "services:\n"
		 "  a:\n"
		 "    build: ./app\n"
		 "  b:\n"
		 "    build:\n"
		 "      context: src\n"
		 "      dockerfile: Dockerfile.prod\n"
		 "  c:\n"
		 "    build:\n"
		 "      dockerfile_inline: |\n"
		 "        FROM scratch\n"
		 "  d:\n"
		 "    build: {}\n");
	const cs_compose_service *a = &f.c.services[0], *b = &f.c.services[1];
	const cs_compose_service *c = &f.c.services[2], *d = &f.c.services[3];
	assert_true(a->spec.builds);
	assert_null(a->spec.image.v);
	assert_string_equal(a->build_context, "./app");
	assert_string_equal(a->build_dockerfile, "Dockerfile");
	assert_at(&a->build_loc, 3, 5);
	assert_path(&f, &a->build_loc, "services.a.build");
	assert_string_equal(b->build_context, "src");
	assert_string_equal(b->build_dockerfile, "Dockerfile.prod");
	assert_false(b->build_inline);
	assert_true(c->build_inline);
	assert_null(c->build_dockerfile);
	assert_string_equal(c->build_context, ".");
	assert_true(d->spec.builds);
	assert_string_equal(d->build_dockerfile, "Dockerfile");
	cs_arena_free(&f.a);
}

/* ---- identity and privilege --------------------------------------------- */

static void test_user(void **s)
{
	fx f;
	load(&f, "services:\n"
		 "  a: {user: 1000}\n"
		 "  b: {user: \"1000:2000\"}\n"
		 "  c: {user: app}\n"
		 "  d: {user: \"app:grp\"}\n"
		 "  e: {user: \"0:wheel\"}\n"
		 "  f: {image: x}\n");
	const cs_rt_spec *a = svc(&f, 0);
	assert_string_equal(a->user.v, "1000");
	assert_at(&a->user.loc, 2, 7);
	assert_true(a->run_as_user.set && a->run_as_user.valid);
	assert_int_equal(a->run_as_user.v, 1000);
	assert_false(a->run_as_group.set);
	const cs_rt_spec *b = svc(&f, 1);
	assert_int_equal(b->run_as_user.v, 1000);
	assert_true(b->run_as_group.set);
	assert_int_equal(b->run_as_group.v, 2000);
	assert_string_equal(b->run_as_group.raw, "2000");
	assert_at(&b->run_as_group.loc, 3, 7);
	const cs_rt_spec *c = svc(&f, 2);
	assert_string_equal(c->user.v, "app");
	assert_false(c->run_as_user.set);
	const cs_rt_spec *d = svc(&f, 3);
	assert_string_equal(d->user.v, "app:grp");
	assert_false(d->run_as_user.set || d->run_as_group.set);
	const cs_rt_spec *e = svc(&f, 4);
	assert_int_equal(e->run_as_user.v, 0);
	assert_false(e->run_as_group.set);
	assert_null(svc(&f, 5)->user.v);
	cs_arena_free(&f.a);
}

static void test_flags(void **s)
{
	fx f;
	load(&f, "services:\n"
		 "  a:\n"
		 "    privileged: true\n"
		 "    read_only: yes\n"
		 "  b:\n"
		 "    privileged: \"false\"\n"
		 "    read_only: maybe\n"
		 "  c:\n"
		 "    privileged:\n");
	const cs_rt_spec *a = svc(&f, 0);
	assert_int_equal(a->privileged.v, CS_TRI_TRUE);
	assert_string_equal(a->privileged.raw, "true");
	assert_at(&a->privileged.loc, 3, 5);
	assert_path(&f, &a->privileged.loc, "services.a.privileged");
	assert_int_equal(a->read_only_rootfs.v, CS_TRI_TRUE);
	const cs_rt_spec *b = svc(&f, 1);
	assert_int_equal(b->privileged.v, CS_TRI_FALSE);
	assert_int_equal(b->read_only_rootfs.v, CS_TRI_UNKNOWN);
	assert_string_equal(b->read_only_rootfs.raw, "maybe");
	assert_int_equal(svc(&f, 2)->privileged.v, CS_TRI_UNSET);
	cs_arena_free(&f.a);
}

static void test_caps(void **s)
{
	fx f;
	load(&f, "services:\n"
		 "  web:\n"
		 "    cap_add:\n"
		 "      - NET_ADMIN\n"
		 "      - CAP_SYS_ADMIN\n"
		 "    cap_drop: [ALL]\n");
	const cs_rt_spec *w = svc(&f, 0);
	assert_int_equal(w->cap_add.n, 2);
	assert_string_equal(w->cap_add.v[0].v, "NET_ADMIN");
	assert_string_equal(w->cap_add.v[1].v, "CAP_SYS_ADMIN");
	assert_at(&w->cap_add.v[1].loc, 5, 9);
	assert_path(&f, &w->cap_add.v[1].loc, "services.web.cap_add[1]");
	assert_at(&w->cap_add_loc, 3, 5);
	assert_path(&f, &w->cap_add_loc, "services.web.cap_add");
	assert_int_equal(w->cap_drop.n, 1);
	assert_at(&w->cap_drop.v[0].loc, 6, 16);
	assert_true(cs_rt_drops(w, "NET_RAW"));
	cs_arena_free(&f.a);
}

/* ---- security_opt -------------------------------------------------------- */

typedef struct nnp_case {
	const char *opt;
	cs_tri want;
} nnp_case;

static void test_no_new_privileges_spellings(void **s)
{
	static const nnp_case cases[] = {
		{"no-new-privileges", CS_TRI_FALSE},
		{"no-new-privileges:true", CS_TRI_FALSE},
		{"no-new-privileges=true", CS_TRI_FALSE},
		{"no-new-privileges:false", CS_TRI_TRUE},
		{"no-new-privileges=false", CS_TRI_TRUE},
		{"no-new-privileges:bogus", CS_TRI_UNKNOWN},
		{"seccomp:unconfined", CS_TRI_UNSET},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char y[256];
		snprintf(y, sizeof(y),
			 "services:\n  web:\n    security_opt:\n"
			 "      - label:disable\n      - %s\n",
			 cases[i].opt);
		fx f;
		load(&f, y);
		const cs_rt_spec *w = svc(&f, 0);
		assert_int_equal(w->allow_priv_esc.v, cases[i].want);
		assert_at(&w->security_context_loc, 3, 5);
		assert_path(&f, &w->security_context_loc,
			    "services.web.security_opt");
		if (cases[i].want != CS_TRI_UNSET) {
			assert_string_equal(w->allow_priv_esc.raw,
					    cases[i].opt);
			assert_at(&w->allow_priv_esc.loc, 5, 9);
			assert_path(&f, &w->allow_priv_esc.loc,
				    "services.web.security_opt[1]");
		}
		cs_arena_free(&f.a);
	}
}

static void test_security_opt_profiles(void **s)
{
	fx f;
	load(&f, "services:\n"
		 "  a:\n"
		 "    security_opt: [\"seccomp:unconfined\", "
		 "\"apparmor=unconfined\"]\n"
		 "  b:\n"
		 "    security_opt:\n"
		 "      - seccomp=unconfined\n"
		 "      - apparmor:unconfined\n"
		 "      - label=disable\n"
		 "  c:\n"
		 "    security_opt:\n"
		 "      - seccomp=./profile.json\n"
		 "      - apparmor=docker-nginx\n"
		 "      - label:type:svirt_apache_t\n"
		 "      - label=user:USER\n"
		 "      - label:role:ROLE\n"
		 "      - label:level:s0:c100,c200\n"
		 "  d:\n"
		 "    security_opt:\n"
		 "      - seccomp:/etc/p.json\n");
	const cs_rt_spec *a = svc(&f, 0);
	assert_int_equal(a->seccomp.type, CS_PROFILE_UNCONFINED);
	assert_at(&a->seccomp.loc, 3, 20);
	assert_path(&f, &a->seccomp.loc, "services.a.security_opt[0]");
	assert_int_equal(a->apparmor.type, CS_PROFILE_UNCONFINED);
	assert_path(&f, &a->apparmor.loc, "services.a.security_opt[1]");
	assert_false(a->selinux.set);
	const cs_rt_spec *b = svc(&f, 1);
	assert_int_equal(b->seccomp.type, CS_PROFILE_UNCONFINED);
	assert_int_equal(b->apparmor.type, CS_PROFILE_UNCONFINED);
	assert_true(b->selinux.set && b->selinux.disabled);
	assert_at(&b->selinux.loc, 8, 9);
	const cs_rt_spec *c = svc(&f, 2);
	assert_int_equal(c->seccomp.type, CS_PROFILE_FILE);
	assert_string_equal(c->seccomp.value, "./profile.json");
	assert_int_equal(c->apparmor.type, CS_PROFILE_FILE);
	assert_string_equal(c->apparmor.value, "docker-nginx");
	assert_true(c->selinux.set);
	assert_false(c->selinux.disabled);
	assert_string_equal(c->selinux.type.v, "svirt_apache_t");
	assert_at(&c->selinux.type.loc, 13, 9);
	assert_string_equal(c->selinux.user.v, "USER");
	assert_string_equal(c->selinux.role.v, "ROLE");
	assert_string_equal(c->selinux.level.v, "s0:c100,c200");
	assert_int_equal(c->allow_priv_esc.v, CS_TRI_UNSET);
	const cs_rt_spec *d = svc(&f, 3);
	assert_int_equal(d->seccomp.type, CS_PROFILE_FILE);
	assert_string_equal(d->seccomp.value, "/etc/p.json");
	cs_arena_free(&f.a);
}

/* ---- namespaces ----------------------------------------------------------- */

static void test_namespaces(void **s)
{
	fx f;
	load(&f, "services:\n"
		 "  a:\n"
		 "    network_mode: host\n"
		 "    pid: host\n"
		 "    ipc: host\n"
		 "    uts: host\n"
		 "    userns_mode: host\n"
		 "  b:\n"
		 "    network_mode: service:db\n"
		 "    pid: container:x\n"
		 "    ipc: shareable\n"
		 "  c:\n"
		 "    network_mode: none\n");
	const cs_rt_spec *a = svc(&f, 0);
	assert_int_equal(a->host_network.v, CS_TRI_TRUE);
	assert_at(&a->host_network.loc, 3, 5);
	assert_path(&f, &a->host_network.loc, "services.a.network_mode");
	assert_string_equal(a->network_mode.v, "host");
	assert_int_equal(a->host_pid.v, CS_TRI_TRUE);
	assert_string_equal(a->pid_mode.v, "host");
	assert_int_equal(a->host_ipc.v, CS_TRI_TRUE);
	assert_int_equal(a->host_uts.v, CS_TRI_TRUE);
	assert_at(&a->host_uts.loc, 6, 5);
	assert_int_equal(a->host_userns.v, CS_TRI_TRUE);
	assert_at(&a->host_userns.loc, 7, 5);
	const cs_rt_spec *b = svc(&f, 1);
	assert_int_equal(b->host_network.v, CS_TRI_FALSE);
	assert_string_equal(b->network_mode.v, "service:db");
	assert_string_equal(b->pid_mode.v, "container:x");
	assert_int_equal(b->host_pid.v, CS_TRI_FALSE);
	assert_string_equal(b->ipc_mode.v, "shareable");
	assert_int_equal(b->host_uts.v, CS_TRI_UNSET);
	assert_string_equal(svc(&f, 2)->network_mode.v, "none");
	cs_arena_free(&f.a);
}

/* ---- volumes --------------------------------------------------------------- */

static void test_volumes_short(void **s)
{
	fx f;
	load(&f, "services:\n"
		 "  web:\n"
		 "    volumes:\n"
		 "      - /var/run/docker.sock:/var/run/docker.sock:ro\n"
		 "      - ./src:/app\n"
		 "      - ../x:/x:rw,rshared\n"
		 "      - ~/cfg:/cfg:z\n"
		 "      - data:/data:nocopy\n"
		 "      - /anon\n"
		 "      - C:\\data:/data:ro\n"
		 "    tmpfs:\n"
		 "      - /run\n"
		 "      - /tmp:size=64m\n"
		 "  b:\n"
		 "    tmpfs: /cache\n");
	const cs_rt_spec *w = svc(&f, 0);
	assert_int_equal(w->mounts.n, 9);
	const cs_rt_mount *m = &w->mounts.v[0];
	assert_int_equal(m->kind, CS_MOUNT_BIND);
	assert_string_equal(m->type, "bind");
	assert_string_equal(m->source, "/var/run/docker.sock");
	assert_string_equal(m->target, "/var/run/docker.sock");
	assert_int_equal(m->read_only, CS_TRI_TRUE);
	assert_null(m->propagation);
	assert_string_equal(m->raw,
			    "/var/run/docker.sock:/var/run/docker.sock:ro");
	assert_at(&m->loc, 4, 9);
	assert_at(&m->source_loc, 4, 9);
	assert_path(&f, &m->loc, "services.web.volumes[0]");
	m = &w->mounts.v[1];
	assert_int_equal(m->kind, CS_MOUNT_BIND);
	assert_string_equal(m->source, "./src");
	assert_int_equal(m->read_only, CS_TRI_UNSET);
	m = &w->mounts.v[2];
	assert_string_equal(m->source, "../x");
	assert_int_equal(m->read_only, CS_TRI_FALSE);
	assert_string_equal(m->propagation, "rshared");
	assert_at(&m->propagation_loc, 6, 9);
	m = &w->mounts.v[3];
	assert_int_equal(m->kind, CS_MOUNT_BIND);
	assert_string_equal(m->source, "~/cfg");
	m = &w->mounts.v[4];
	assert_int_equal(m->kind, CS_MOUNT_VOLUME);
	assert_string_equal(m->type, "volume");
	assert_string_equal(m->name, "data");
	assert_null(m->source);
	assert_string_equal(m->target, "/data");
	m = &w->mounts.v[5];
	assert_int_equal(m->kind, CS_MOUNT_VOLUME);
	assert_null(m->name);
	assert_string_equal(m->target, "/anon");
	m = &w->mounts.v[6];
	assert_int_equal(m->kind, CS_MOUNT_BIND);
	assert_string_equal(m->source, "C:\\data");
	assert_string_equal(m->target, "/data");
	assert_int_equal(m->read_only, CS_TRI_TRUE);
	m = &w->mounts.v[7];
	assert_int_equal(m->kind, CS_MOUNT_TMPFS);
	assert_string_equal(m->target, "/run");
	assert_path(&f, &m->loc, "services.web.tmpfs[0]");
	m = &w->mounts.v[8];
	assert_string_equal(m->target, "/tmp");
	assert_string_equal(m->raw, "/tmp:size=64m");
	const cs_rt_spec *b = svc(&f, 1);
	assert_int_equal(b->mounts.n, 1);
	assert_string_equal(b->mounts.v[0].target, "/cache");
	assert_at(&b->mounts.v[0].loc, 15, 5);
	cs_arena_free(&f.a);
}

static void test_volumes_long(void **s)
{
	fx f;
	load(&f, "services:\n"
		 "  web:\n"
		 "    volumes:\n"
		 "      - type: bind\n"
		 "        source: /etc\n"
		 "        target: /host-etc\n"
		 "        read_only: true\n"
		 "        bind:\n"
		 "          propagation: shared\n"
		 "          create_host_path: true\n"
		 "      - type: volume\n"
		 "        source: data\n"
		 "        target: /data\n"
		 "      - type: tmpfs\n"
		 "        target: /t\n"
		 "      - type: npipe\n"
		 "        source: \\\\.\\pipe\\docker_engine\n"
		 "        target: \\\\.\\pipe\\docker_engine\n");
	const cs_rt_spec *w = svc(&f, 0);
	assert_int_equal(w->mounts.n, 4);
	const cs_rt_mount *m = &w->mounts.v[0];
	assert_int_equal(m->kind, CS_MOUNT_BIND);
	assert_string_equal(m->source, "/etc");
	assert_at(&m->source_loc, 5, 9);
	assert_path(&f, &m->source_loc, "services.web.volumes[0].source");
	assert_string_equal(m->target, "/host-etc");
	assert_int_equal(m->read_only, CS_TRI_TRUE);
	assert_at(&m->read_only_loc, 7, 9);
	assert_string_equal(m->propagation, "shared");
	assert_at(&m->propagation_loc, 9, 11);
	assert_path(&f, &m->propagation_loc,
		    "services.web.volumes[0].bind.propagation");
	assert_at(&m->loc, 4, 9);
	assert_null(m->raw);
	m = &w->mounts.v[1];
	assert_int_equal(m->kind, CS_MOUNT_VOLUME);
	assert_string_equal(m->name, "data");
	assert_null(m->source);
	assert_false(cs_loc_set(&m->source_loc));
	m = &w->mounts.v[2];
	assert_int_equal(m->kind, CS_MOUNT_TMPFS);
	assert_string_equal(m->target, "/t");
	m = &w->mounts.v[3];
	assert_int_equal(m->kind, CS_MOUNT_OTHER);
	assert_string_equal(m->type, "npipe");
	assert_string_equal(m->source, "\\\\.\\pipe\\docker_engine");
	cs_arena_free(&f.a);
}

/* ---- devices and ports ---------------------------------------------------- */

static void test_devices(void **s)
{
	fx f;
	load(&f, "services:\n"
		 "  web:\n"
		 "    devices:\n"
		 "      - /dev/ttyUSB0:/dev/ttyUSB0\n"
		 "      - source: /dev/sda\n"
		 "        target: /dev/xvda\n"
		 "        permissions: rwm\n");
	const cs_rt_spec *w = svc(&f, 0);
	assert_int_equal(w->devices.n, 2);
	assert_string_equal(w->devices.v[0].v, "/dev/ttyUSB0:/dev/ttyUSB0");
	assert_at(&w->devices.v[0].loc, 4, 9);
	assert_string_equal(w->devices.v[1].v, "/dev/sda:/dev/xvda:rwm");
	assert_path(&f, &w->devices.v[1].loc, "services.web.devices[1]");
	cs_arena_free(&f.a);
}

static void test_ports_short(void **s)
{
	fx f;
	load(&f, "services:\n"
		 "  web:\n"
		 "    expose: [\"9000\"]\n"
		 "    ports:\n"
		 "      - \"80\"\n"
		 "      - 8080:80\n"
		 "      - \"127.0.0.1:8443:443\"\n"
		 "      - \"[::1]:2222:22\"\n"
		 "      - \"8000-8010:9000-9010\"\n"
		 "      - \"53/udp\"\n"
		 "      - 3000\n"
		 "      - \"127.0.0.1::5000\"\n");
	const cs_rt_spec *w = svc(&f, 0);
	assert_int_equal(w->ports.n, 8);
	const cs_rt_port *p = &w->ports.v[0];
	assert_false(p->published);
	assert_int_equal(p->container_port, 80);
	assert_int_equal(p->host_port, 0);
	assert_string_equal(p->protocol, "tcp");
	assert_at(&p->loc, 5, 9);
	assert_path(&f, &p->loc, "services.web.ports[0]");
	p = &w->ports.v[1];
	assert_true(p->published);
	assert_int_equal(p->host_port, 8080);
	assert_int_equal(p->host_port_end, 8080);
	assert_int_equal(p->container_port, 80);
	assert_null(p->host_ip);
	assert_string_equal(p->raw, "8080:80");
	assert_at(&p->host_port_loc, 6, 9);
	p = &w->ports.v[2];
	assert_string_equal(p->host_ip, "127.0.0.1");
	assert_int_equal(p->host_port, 8443);
	assert_int_equal(p->container_port, 443);
	p = &w->ports.v[3];
	assert_string_equal(p->host_ip, "::1");
	assert_int_equal(p->host_port, 2222);
	assert_int_equal(p->container_port, 22);
	p = &w->ports.v[4];
	assert_int_equal(p->host_port, 8000);
	assert_int_equal(p->host_port_end, 8010);
	assert_int_equal(p->container_port, 9000);
	assert_int_equal(p->container_port_end, 9010);
	p = &w->ports.v[5];
	assert_false(p->published);
	assert_int_equal(p->container_port, 53);
	assert_string_equal(p->protocol, "udp");
	p = &w->ports.v[6];
	assert_int_equal(p->container_port, 3000);
	assert_false(p->published);
	p = &w->ports.v[7];
	assert_true(p->published);
	assert_int_equal(p->host_port, 0);
	assert_string_equal(p->host_ip, "127.0.0.1");
	assert_int_equal(p->container_port, 5000);
	cs_arena_free(&f.a);
}

static void test_ports_long(void **s)
{
	fx f;
	load(&f, "services:\n"
		 "  web:\n"
		 "    ports:\n"
		 "      - target: 80\n"
		 "        published: \"8080\"\n"
		 "        host_ip: 127.0.0.1\n"
		 "        protocol: udp\n"
		 "        mode: host\n"
		 "      - target: 443\n"
		 "        published: 8000-8001\n"
		 "      - target: 22\n");
	const cs_rt_spec *w = svc(&f, 0);
	assert_int_equal(w->ports.n, 3);
	const cs_rt_port *p = &w->ports.v[0];
	assert_true(p->published);
	assert_int_equal(p->host_port, 8080);
	assert_int_equal(p->container_port, 80);
	assert_string_equal(p->host_ip, "127.0.0.1");
	assert_string_equal(p->protocol, "udp");
	assert_at(&p->host_port_loc, 5, 9);
	assert_path(&f, &p->host_port_loc, "services.web.ports[0].published");
	assert_at(&p->loc, 4, 9);
	p = &w->ports.v[1];
	assert_int_equal(p->host_port, 8000);
	assert_int_equal(p->host_port_end, 8001);
	assert_string_equal(p->protocol, "tcp");
	p = &w->ports.v[2];
	assert_false(p->published);
	assert_int_equal(p->container_port, 22);
	cs_arena_free(&f.a);
}

/* ---- sysctls and resources ------------------------------------------------ */

static void test_sysctls(void **s)
{
	fx f;
	load(&f, "services:\n"
		 "  a:\n"
		 "    sysctls:\n"
		 "      net.core.somaxconn: 1024\n"
		 "      kernel.shm_rmid_forced: 1\n"
		 "  b:\n"
		 "    sysctls:\n"
		 "      - net.ipv4.ip_forward=1\n");
	const cs_rt_spec *a = svc(&f, 0);
	assert_int_equal(a->sysctls.n, 2);
	assert_string_equal(a->sysctls.v[0].name, "net.core.somaxconn");
	assert_string_equal(a->sysctls.v[0].value, "1024");
	assert_at(&a->sysctls.v[1].loc, 5, 7);
	assert_path(&f, &a->sysctls.v[0].loc,
		    "services.a.sysctls[\"net.core.somaxconn\"]");
	const cs_rt_spec *b = svc(&f, 1);
	assert_int_equal(b->sysctls.n, 1);
	assert_string_equal(b->sysctls.v[0].name, "net.ipv4.ip_forward");
	assert_string_equal(b->sysctls.v[0].value, "1");
	assert_path(&f, &b->sysctls.v[0].loc, "services.b.sysctls[0]");
	cs_arena_free(&f.a);
}

static void test_resources(void **s)
{
	fx f;
	load(&f, "services:\n"
		 "  a:\n"
		 "    mem_limit: 512m\n"
		 "    memswap_limit: 1g\n"
		 "    cpu_quota: 50000\n"
		 "    cpus: 0.5\n"
		 "    cpu_shares: 512\n"
		 "    pids_limit: 100\n"
		 "    cgroup_parent: m-executor\n"
		 "    ulimits: {nproc: 65535}\n"
		 "  b:\n"
		 "    deploy:\n"
		 "      resources:\n"
		 "        limits: {memory: 1G, cpus: '2', pids: 200}\n"
		 "        reservations: {memory: 256M, cpus: '0.25'}\n"
		 "  c:\n"
		 "    pids_limit: -1\n"
		 "    deploy:\n"
		 "      resources:\n"
		 "        limits: {memory: 1G}\n"
		 "    mem_limit: 2g\n");
	const cs_rt_spec *a = svc(&f, 0);
	assert_string_equal(a->mem_limit.v, "512m");
	assert_at(&a->mem_limit.loc, 3, 5);
	assert_string_equal(a->cpu_limit.v, "0.5");
	assert_at(&a->cpu_limit.loc, 6, 5);
	assert_string_equal(a->cpu_shares.v, "512");
	assert_true(a->pids_limit.set && a->pids_limit.valid);
	assert_int_equal(a->pids_limit.v, 100);
	assert_string_equal(a->cgroup_parent.v, "m-executor");
	assert_false(cs_loc_set(&a->resources_loc));
	const cs_rt_spec *b = svc(&f, 1);
	assert_string_equal(b->mem_limit.v, "1G");
	assert_at(&b->mem_limit.loc, 14, 18);
	assert_path(&f, &b->mem_limit.loc,
		    "services.b.deploy.resources.limits.memory");
	assert_string_equal(b->cpu_limit.v, "2");
	assert_int_equal(b->pids_limit.v, 200);
	assert_string_equal(b->mem_request.v, "256M");
	assert_string_equal(b->cpu_request.v, "0.25");
	assert_at(&b->resources_loc, 13, 7);
	assert_path(&f, &b->resources_loc, "services.b.deploy.resources");
	const cs_rt_spec *c = svc(&f, 2);
	assert_int_equal(c->pids_limit.v, -1);
	assert_string_equal(c->pids_limit.raw, "-1");
	assert_string_equal(c->mem_limit.v, "2g");
	cs_arena_free(&f.a);
}

/* ---- lifecycle -------------------------------------------------------------- */

static void test_healthcheck_and_restart(void **s)
{
	fx f;
	load(&f, "services:\n"
		 "  a:\n"
		 "    healthcheck:\n"
		 "      test: [\"CMD\", \"curl\", \"-f\", \"http://localhost\"]\n"
		 "    restart: on-failure:5\n"
		 "  b:\n"
		 "    healthcheck: {disable: true}\n"
		 "    restart: \"no\"\n"
		 "  c:\n"
		 "    healthcheck: {test: [\"NONE\"]}\n"
		 "    deploy:\n"
		 "      restart_policy:\n"
		 "        condition: on-failure\n"
		 "        max_attempts: 5\n"
		 "  d:\n"
		 "    healthcheck: {test: NONE}\n"
		 "    deploy: {restart_policy: {condition: any}}\n"
		 "  e:\n"
		 "    restart: always\n"
		 "    deploy: {restart_policy: {condition: none}}\n");
	const cs_rt_spec *a = svc(&f, 0);
	assert_true(a->healthcheck.set);
	assert_false(a->healthcheck.disabled);
	assert_at(&a->healthcheck.loc, 3, 5);
	assert_string_equal(a->restart.v, "on-failure:5");
	assert_at(&a->restart.loc, 5, 5);
	const cs_rt_spec *b = svc(&f, 1);
	assert_true(b->healthcheck.set && b->healthcheck.disabled);
	assert_string_equal(b->restart.v, "no");
	const cs_rt_spec *c = svc(&f, 2);
	assert_true(c->healthcheck.disabled);
	assert_string_equal(c->restart.v, "on-failure:5");
	assert_at(&c->restart.loc, 13, 9);
	const cs_rt_spec *d = svc(&f, 3);
	assert_true(d->healthcheck.disabled);
	assert_string_equal(d->restart.v, "any");
	assert_string_equal(svc(&f, 4)->restart.v, "always");
	cs_arena_free(&f.a);
}

/* ---- environment ---------------------------------------------------------- */

static void test_environment(void **s)
{
	fx f;
	load(&f, "services:\n"
		 "  a:\n"
		 "    environment:\n"
		 "      DB_PASSWORD: hunter2\n"
		 "      HOME_DIR:\n"
		 "      DEBUG: true\n"
		 "      EMPTY: \"\"\n"
		 "  b:\n"
		 "    environment:\n"
		 "      - API_TOKEN=abc=def\n"
		 "      - PASSTHROUGH\n"
		 "      - \"Q=quoted\"\n");
	const cs_rt_spec *a = svc(&f, 0);
	assert_int_equal(a->env.n, 4);
	const cs_rt_env *e = &a->env.v[0];
	assert_string_equal(e->name, "DB_PASSWORD");
	assert_string_equal(e->value, "hunter2");
	assert_int_equal(e->kind, CS_ENV_LITERAL);
	assert_false(e->from_env_file);
	assert_at(&e->loc, 4, 7);
	assert_at(&e->value_loc, 4, 20);
	assert_path(&f, &e->loc, "services.a.environment.DB_PASSWORD");
	assert_int_equal(a->env.v[1].kind, CS_ENV_UNSET);
	assert_null(a->env.v[1].value);
	assert_string_equal(a->env.v[2].value, "true");
	assert_int_equal(a->env.v[3].kind, CS_ENV_LITERAL);
	assert_string_equal(a->env.v[3].value, "");
	const cs_rt_spec *b = svc(&f, 1);
	assert_int_equal(b->env.n, 3);
	e = &b->env.v[0];
	assert_string_equal(e->name, "API_TOKEN");
	assert_string_equal(e->value, "abc=def");
	assert_at(&e->loc, 10, 9);
	assert_at(&e->value_loc, 10, 19);
	assert_path(&f, &e->loc, "services.b.environment[0]");
	assert_int_equal(b->env.v[1].kind, CS_ENV_UNSET);
	assert_string_equal(b->env.v[1].name, "PASSTHROUGH");
	assert_string_equal(b->env.v[2].value, "quoted");
	assert_at(&b->env.v[2].value_loc, 12, 9);
	cs_arena_free(&f.a);
}

static void test_env_file(void **s)
{
	static const fake_file files[] = {
		{"app.env",
		 "# comment\n"
		 "\n"
		 "SECRET_KEY=s3cr3t\n"
		 "export TOKEN='lit $x'\n"
		 "  QUOTED=\"a\\nb\" # trailing\n"
		 "PLAIN=value # comment\n"
		 "HASH=a#b\n"
		 "MULTI=\"one\n"
		 "two\"\n"
		 "BARE\n"
		 "OVERRIDDEN=from-file\n"},
		{"b.env", "B=1\r\nC=2\r\n"},
	};
	fake_fs fs = {files, 2, 0};
	cs_compose_opts o = {.read = fake_read, .read_ctx = &fs};
	fx f;
	load_opts(&f,
		  "services:\n"
		  "  a:\n"
		  "    environment:\n"
		  "      OVERRIDDEN: from-yaml\n"
		  "    env_file:\n"
		  "      - app.env\n"
		  "      - path: missing.env\n"
		  "        required: false\n"
		  "      - gone.env\n"
		  "  b:\n"
		  "    env_file: b.env\n",
		  &o);
	assert_int_equal(f.c.diags.n, 0);
	const cs_compose_service *sa = &f.c.services[0];
	assert_int_equal(sa->env_files.n, 3);
	assert_string_equal(sa->env_files.v[0].v, "app.env");
	assert_string_equal(sa->env_files.v[1].v, "missing.env");
	assert_path(&f, &sa->env_files.v[1].loc, "services.a.env_file[1]");
	const cs_rt_spec *a = &sa->spec;
	assert_int_equal(a->env.n, 8);
	const cs_rt_env *e = &a->env.v[0];
	assert_string_equal(e->name, "SECRET_KEY");
	assert_string_equal(e->value, "s3cr3t");
	assert_true(e->from_env_file);
	assert_string_equal(e->loc.file, "app.env");
	assert_at(&e->loc, 3, 1);
	e = &a->env.v[1];
	assert_string_equal(e->name, "TOKEN");
	assert_string_equal(e->value, "lit $x");
	assert_at(&e->loc, 4, 8);
	e = &a->env.v[2];
	assert_string_equal(e->name, "QUOTED");
	assert_string_equal(e->value, "a\nb");
	assert_at(&e->loc, 5, 3);
	assert_string_equal(a->env.v[3].value, "value");
	assert_string_equal(a->env.v[4].value, "a#b");
	e = &a->env.v[5];
	assert_string_equal(e->name, "MULTI");
	assert_string_equal(e->value, "one\ntwo");
	e = &a->env.v[6];
	assert_string_equal(e->name, "BARE");
	assert_int_equal(e->kind, CS_ENV_UNSET);
	assert_at(&e->loc, 10, 1);
	/* environment: wins over the env file, and follows it */
	e = &a->env.v[7];
	assert_string_equal(e->name, "OVERRIDDEN");
	assert_false(e->from_env_file);
	assert_string_equal(e->value, "from-yaml");
	assert_null(e->loc.file);
	const cs_rt_spec *b = svc(&f, 1);
	assert_int_equal(b->env.n, 2);
	assert_string_equal(b->env.v[1].name, "C");
	assert_string_equal(b->env.v[1].value, "2");
	assert_at(&b->env.v[1].loc, 2, 1);
	cs_arena_free(&f.a);
}

/* ---- secrets, configs, networks, profiles --------------------------------- */

static void test_refs(void **s)
{
	fx f;
	load(&f, "services:\n"
		 "  web:\n"
		 "    secrets:\n"
		 "      - db_pass\n"
		 "      - source: api_key\n"
		 "        target: /run/secrets/key\n"
		 "    configs: [nginx_conf]\n"
		 "    networks: [front, back]\n"
		 "    profiles: [debug]\n"
		 "  db:\n"
		 "    networks:\n"
		 "      back:\n"
		 "        aliases: [database]\n"
		 "  solo:\n"
		 "    image: x\n"
		 "secrets:\n"
		 "  db_pass: {file: ./p.txt}\n");
	const cs_compose_service *w = &f.c.services[0];
	assert_int_equal(w->secrets.n, 2);
	assert_string_equal(w->secrets.v[0].v, "db_pass");
	assert_string_equal(w->secrets.v[1].v, "api_key");
	assert_at(&w->secrets.v[1].loc, 5, 9);
	assert_int_equal(w->configs.n, 1);
	assert_string_equal(w->configs.v[0].v, "nginx_conf");
	assert_true(w->has_networks);
	assert_int_equal(w->networks.n, 2);
	assert_string_equal(w->networks.v[1].name, "back");
	assert_path(&f, &w->networks.v[1].loc, "services.web.networks[1]");
	assert_int_equal(w->profiles.n, 1);
	assert_string_equal(w->profiles.v[0], "debug");
	const cs_compose_service *db = &f.c.services[1];
	assert_true(db->has_networks);
	assert_int_equal(db->networks.n, 1);
	assert_string_equal(db->networks.v[0].name, "back");
	assert_at(&db->networks.v[0].loc, 12, 7);
	assert_path(&f, &db->networks.v[0].loc, "services.db.networks.back");
	assert_false(f.c.services[2].has_networks);
	assert_non_null(f.c.secrets);
	cs_arena_free(&f.a);
}

/* ---- interpolation ----------------------------------------------------- */

static void test_interpolation(void **s)
{
	static const char *const env[] = {
		"TAG=1.25", "EMPTY=", "REG=ghcr.io", "NOEQ", "TAG=shadowed",
		NULL,
	};
	cs_compose_opts o = {.environ = env, .environ_is_env_file = true};
	fx f;
	load_opts(&f,
		  "services:\n"
		  "  web:\n"
		  "    image: ${REG}/app:$TAG\n"
		  "    user: ${UID:-1000}:${GID-2000}\n"
		  "    environment:\n"
		  "      A: ${EMPTY:-dflt}\n"
		  "      B: ${EMPTY-dflt}\n"
		  "      C: ${TAG:+set}\n"
		  "      D: ${NOPE:+set}\n"
		  "      E: ${NOPE}/x/$NOPE\n"
		  "      F: $$TAG and $${TAG}\n"
		  "      G: ${NOPE:-${ALSO:-${TAG}}}\n"
		  "      H: ${TAG:-${NOPE:?never}}\n"
		  "      I: cost $5 ${ and $\n"
		  "      J: ${TAG+x}${EMPTY+y}${EMPTY:+z}\n"
		  "      K: ${unclosed:-x\n"
		  "      L: ${A.B}\n",
		  &o);
	const cs_rt_spec *w = svc(&f, 0);
	assert_string_equal(w->image.v, "ghcr.io/app:1.25");
	assert_string_equal(w->user.v, "1000:2000");
	assert_int_equal(w->run_as_user.v, 1000);
	assert_int_equal(w->run_as_group.v, 2000);
	const char *want[] = {
		"dflt", "", "set", "", "${NOPE}/x/$NOPE", "$TAG and ${TAG}",
		"1.25", "1.25", "cost $5 ${ and $", "xy", "${unclosed:-x",
		"${A.B}",
	};
	assert_int_equal(w->env.n, 12);
	for (size_t i = 0; i < 12; i++)
		assert_string_equal(w->env.v[i].value, want[i]);
	assert_int_equal(f.c.diags.n, 0);
	cs_arena_free(&f.a);
}

static void test_interpolation_required(void **s)
{
	cs_compose_opts o = {.environ_is_env_file = true};
	fx f;
	load_opts(&f,
		  "services:\n"
		  "  web:\n"
		  "    image: app:${TAG:?set TAG first}\n"
		  "    environment:\n"
		  "      - X=${Y?}\n",
		  &o);
	const cs_rt_spec *w = svc(&f, 0);
	assert_string_equal(w->image.v, "app:${TAG:?set TAG first}");
	assert_string_equal(w->env.v[0].value, "${Y?}");
	assert_int_equal(f.c.diags.n, 2);
	assert_diag(&f, 0, 3, 12,
		    "required variable TAG is missing a value: set TAG first");
	assert_int_equal(f.c.diags.v[0].code, CS_ERR_PARSE);
	assert_diag(&f, 1, 5, 9, "required variable Y is missing a value");
	cs_arena_free(&f.a);
}

static void test_interpolation_nesting_bounded(void **s)
{
	/* 40 nested defaults: the first MAX_NEST are parsed, the rest is
	 * kept as written, and the value is not lost */
	char y[4096], v[2048];
	size_t n = 0;
	for (int i = 0; i < 40; i++)
		n += (size_t)snprintf(v + n, sizeof(v) - n, "${V%d:-", i);
	n += (size_t)snprintf(v + n, sizeof(v) - n, "end");
	for (int i = 0; i < 40; i++)
		v[n++] = '}';
	v[n] = '\0';
	snprintf(y, sizeof(y), "services:\n  web:\n    image: \"%s\"\n", v);
	fx f;
	cs_compose_opts o = {.environ_is_env_file = true};
	load_opts(&f, y, &o);
	const char *img = svc(&f, 0)->image.v;
	assert_non_null(img);
	assert_int_equal(strncmp(img, "${V9:-${V10:-", 13), 0);
	/* less the nine parsed "${Vn:-" and their closing braces */
	assert_int_equal(strlen(img), strlen(v) - 9 * 6 - 9);
	cs_arena_free(&f.a);
}

static void test_dotenv_for_interpolation(void **s)
{
	static const fake_file files[] = {
		{".env", "TAG=from-dotenv\nREG=dot.io\nexport PORT=8080\n"},
	};
	static const char *const env[] = {"REG=env.io", NULL};
	fake_fs fs = {files, 1, 0};
	cs_compose_opts o = {.environ = env, .read = fake_read,
			     .read_ctx = &fs};
	const char *y = "services:\n"
			"  web:\n"
			"    image: ${REG}/app:${TAG}\n"
			"    ports: [\"${PORT}:80\"]\n";
	fx f;
	load_opts(&f, y, &o);
	assert_string_equal(svc(&f, 0)->image.v, "env.io/app:from-dotenv");
	assert_int_equal(svc(&f, 0)->ports.v[0].host_port, 8080);
	assert_int_equal(fs.reads, 1);
	cs_arena_free(&f.a);

	/* --env-file: its data replaces .env; the environment still wins */
	fs.reads = 0;
	o.env_file_data = "TAG=from-flag\nREG=flag.io\n";
	o.env_file_len = strlen(o.env_file_data);
	load_opts(&f, y, &o);
	assert_string_equal(svc(&f, 0)->image.v, "env.io/app:from-flag");
	assert_int_equal(fs.reads, 0);
	cs_arena_free(&f.a);

	/* environ_is_env_file: .env is not read */
	cs_compose_opts o2 = {.environ = env, .environ_is_env_file = true,
			      .read = fake_read, .read_ctx = &fs};
	load_opts(&f, y, &o2);
	assert_string_equal(svc(&f, 0)->image.v, "env.io/app:${TAG}");
	assert_int_equal(fs.reads, 0);
	cs_arena_free(&f.a);

	/* no `$` anywhere: .env is never read */
	load_opts(&f, "services:\n  web: {image: x}\n", &o);
	assert_int_equal(fs.reads, 0);
	cs_arena_free(&f.a);
}

static void test_interpolated_flags(void **s)
{
	static const char *const env[] = {"PRIV=true", "RO=no", NULL};
	cs_compose_opts o = {.environ = env, .environ_is_env_file = true};
	fx f;
	load_opts(&f,
		  "services:\n"
		  "  a:\n"
		  "    privileged: ${PRIV}\n"
		  "    read_only: ${RO}\n"
		  "    network_mode: ${NET}\n"
		  "  b:\n"
		  "    privileged: ${UNSET_VAR}\n",
		  &o);
	assert_int_equal(svc(&f, 0)->privileged.v, CS_TRI_TRUE);
	assert_int_equal(svc(&f, 0)->read_only_rootfs.v, CS_TRI_FALSE);
	assert_int_equal(svc(&f, 0)->host_network.v, CS_TRI_UNKNOWN);
	assert_int_equal(svc(&f, 1)->privileged.v, CS_TRI_UNKNOWN);
	assert_string_equal(svc(&f, 1)->privileged.raw, "${UNSET_VAR}");
	cs_arena_free(&f.a);
}

/* ---- extends and merge keys ----------------------------------------------- */

static void test_extends(void **s)
{
	fx f;
	load(&f, "services:\n"
		 "  web:\n"
		 "    extends: base\n"
		 "    image: web:2\n"
		 "    cap_add: [NET_BIND_SERVICE]\n"
		 "    environment: {B: web}\n"
		 "    deploy: {resources: {limits: {cpus: '1'}}}\n"
		 "    healthcheck:\n"
		 "      test: [CMD, true]\n"
		 "  base:\n"
		 "    extends: {service: root}\n"
		 "    image: base:1\n"
		 "    user: \"1000\"\n"
		 "    cap_add: [CHOWN]\n"
		 "    environment: {A: base, B: base}\n"
		 "    deploy: {resources: {limits: {memory: 1G}}}\n"
		 "    healthcheck:\n"
		 "      test: [CMD, false]\n"
		 "      interval: 5s\n"
		 "  root:\n"
		 "    read_only: true\n");
	assert_int_equal(f.c.diags.n, 0);
	const cs_compose_service *w = &f.c.services[0];
	assert_string_equal(w->extends, "base");
	assert_string_equal(f.c.services[1].extends, "root");
	assert_null(f.c.services[2].extends);
	const cs_rt_spec *s0 = &w->spec;
	assert_string_equal(s0->image.v, "web:2");
	assert_at(&s0->image.loc, 4, 5);
	assert_string_equal(s0->user.v, "1000");
	assert_at(&s0->user.loc, 13, 5);
	assert_int_equal(s0->read_only_rootfs.v, CS_TRI_TRUE);
	assert_int_equal(s0->cap_add.n, 2);
	assert_string_equal(s0->cap_add.v[0].v, "CHOWN");
	assert_string_equal(s0->cap_add.v[1].v, "NET_BIND_SERVICE");
	assert_int_equal(s0->env.n, 2);
	assert_string_equal(s0->env.v[0].name, "A");
	assert_string_equal(s0->env.v[0].value, "base");
	assert_string_equal(s0->env.v[1].name, "B");
	assert_string_equal(s0->env.v[1].value, "web");
	assert_string_equal(s0->mem_limit.v, "1G");
	assert_string_equal(s0->cpu_limit.v, "1");
	/* the merged node: test replaced, interval kept */
	const cs_yaml_node *hc = cs_yaml_get(w->node, "healthcheck");
	assert_non_null(hc);
	const cs_yaml_node *t = cs_yaml_get(hc, "test");
	assert_int_equal(t->nitems, 2);
	assert_string_equal(t->items[1]->scalar, "true");
	assert_true(cs_yaml_is(cs_yaml_get(hc, "interval"), "5s"));
	/* the base itself is unchanged by its child */
	assert_int_equal(f.c.services[1].spec.cap_add.n, 1);
	cs_arena_free(&f.a);
}

static void test_extends_problems(void **s)
{
	fx f;
	load(&f, "services:\n"
		 "  a:\n"
		 "    extends: b\n"
		 "    image: a\n"
		 "  b:\n"
		 "    extends: {service: a}\n"
		 "    privileged: true\n"
		 "  c:\n"
		 "    extends: {service: x, file: other.yaml}\n"
		 "  d:\n"
		 "    extends: nosuch\n"
		 "  e:\n"
		 "    extends: e\n");
	assert_int_equal(f.c.nservices, 5);
	assert_int_equal(f.c.diags.n, 4);
	assert_diag(&f, 0, 6, 24,
		    "extends cycle: service 'b' extends 'a', which leads "
		    "back to 'b'");
	assert_diag(&f, 1, 9, 33,
		    "extends from another file is not followed");
	assert_diag(&f, 2, 11, 14,
		    "service 'd' extends unknown service 'nosuch'");
	assert_diag(&f, 3, 13, 14,
		    "extends cycle: service 'e' extends 'e', which leads "
		    "back to 'e'");
	/* a still gets b's settings; b stands alone */
	assert_int_equal(svc(&f, 0)->privileged.v, CS_TRI_TRUE);
	assert_string_equal(f.c.services[0].extends, "b");
	assert_null(f.c.services[1].extends);
	cs_arena_free(&f.a);
}

static void test_extends_chain_limit(void **s)
{
	char y[16384];
	size_t n = (size_t)snprintf(y, sizeof(y), "services:\n");
	for (int i = 0; i < 40; i++)
		n += (size_t)snprintf(y + n, sizeof(y) - n,
				      "  s%d: {extends: s%d, cap_add: [C%d]}\n",
				      i, i + 1, i);
	snprintf(y + n, sizeof(y) - n, "  s40: {image: end}\n");
	fx f;
	load(&f, y);
	assert_int_equal(f.c.nservices, 41);
	assert_int_equal(f.c.diags.n, 1);
	assert_diag(&f, 0, 34, 18,
		    "extends chain longer than 32 services; not followed");
	/* s0 inherits down to s32, which stands alone */
	assert_int_equal(svc(&f, 0)->cap_add.n, 33);
	assert_null(svc(&f, 0)->image.v);
	assert_string_equal(svc(&f, 33)->image.v, "end");
	cs_arena_free(&f.a);
}

static void test_merge_keys(void **s)
{
	fx f;
	load(&f, "x-common: &common\n"
		 "  restart: unless-stopped\n"
		 "  read_only: true\n"
		 "  security_opt: [no-new-privileges:true]\n"
		 "services:\n"
		 "  web:\n"
		 "    <<: *common\n"
		 "    image: nginx\n"
		 "  api:\n"
		 "    <<: *common\n"
		 "    read_only: false\n");
	const cs_rt_spec *w = svc(&f, 0);
	assert_string_equal(w->restart.v, "unless-stopped");
	assert_at(&w->restart.loc, 2, 3);
	assert_int_equal(w->read_only_rootfs.v, CS_TRI_TRUE);
	assert_int_equal(w->allow_priv_esc.v, CS_TRI_FALSE);
	const cs_rt_spec *a = svc(&f, 1);
	assert_int_equal(a->read_only_rootfs.v, CS_TRI_FALSE);
	assert_at(&a->read_only_rootfs.loc, 11, 5);
	assert_int_equal(a->allow_priv_esc.v, CS_TRI_FALSE);
	cs_arena_free(&f.a);
}

/* ---- diagnostics ---------------------------------------------------------- */

static void test_shape_diagnostics(void **s)
{
	fx f;
	load(&f, "services:\n"
		 "  bad: just-a-string\n"
		 "  web:\n"
		 "    cap_add: {NET_ADMIN: true}\n"
		 "    privileged: [true]\n"
		 "    volumes:\n"
		 "      - [a, b]\n"
		 "      - /ok:/ok\n"
		 "    environment: text\n"
		 "    image: nginx\n"
		 "  empty:\n");
	assert_int_equal(f.c.nservices, 2);
	assert_string_equal(f.c.services[0].name, "web");
	assert_string_equal(f.c.services[1].name, "empty");
	assert_diag(&f, 0, 2, 8,
		    "services.bad must be a mapping, not a string");
	assert_diag(&f, 1, 4, 14,
		    "services.web.cap_add must be a list, not a mapping");
	assert_diag(&f, 2, 5, 17,
		    "services.web.privileged must be a boolean, not a list");
	assert_diag(&f, 3, 7, 9,
		    "services.web.volumes[0] must be a string or a mapping, "
		    "not a list");
	assert_diag(&f, 4, 9, 18,
		    "services.web.environment must be a mapping or a list, "
		    "not a string");
	assert_int_equal(f.c.diags.n, 5);
	const cs_rt_spec *w = svc(&f, 0);
	assert_string_equal(w->image.v, "nginx");
	assert_int_equal(w->privileged.v, CS_TRI_UNKNOWN);
	assert_int_equal(w->mounts.n, 1);
	assert_string_equal(w->mounts.v[0].source, "/ok");
	cs_arena_free(&f.a);
}

static void test_not_compose_and_null(void **s)
{
	cs_arena a;
	cs_arena_init(&a, 0);
	cs_compose c;
	cs_error err = {0};
	assert_true(cs_compose_load(NULL, NULL, &a, &c, &err));
	assert_int_equal(c.nservices, 0);
	const char *y = "services: [a]\n";
	cs_yaml_stream st;
	assert_true(cs_yaml_load(y, strlen(y), &a, &st, &err));
	assert_true(cs_compose_load(st.docs[0], NULL, &a, &c, &err));
	assert_int_equal(c.nservices, 0);
	assert_int_equal(c.diags.n, 1);
	assert_string_equal(c.diags.v[0].message,
			    "services must be a mapping, not a list");
	cs_arena_free(&a);
}

static void test_large_file_is_linear(void **s)
{
	/* 20000 services extending a common base, each with a variable:
	 * sorted lookups keep this fast */
	size_t cap = 20000 * 80 + 256, n = 0;
	char *y = malloc(cap);
	assert_non_null(y);
	n += (size_t)snprintf(y + n, cap - n,
			      "services:\n  base: {image: b, user: app}\n");
	for (int i = 0; i < 20000; i++)
		n += (size_t)snprintf(y + n, cap - n,
				      "  s%d: {extends: base, image: "
				      "\"${T%d:-x}\"}\n", i, i);
	fx f;
	load(&f, y);
	assert_int_equal(f.c.nservices, 20001);
	assert_string_equal(svc(&f, 20000)->user.v, "app");
	assert_string_equal(svc(&f, 20000)->image.v, "x");
	cs_arena_free(&f.a);
	free(y);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_detect),
		cmocka_unit_test(test_service_frame),
		cmocka_unit_test(test_build),
		cmocka_unit_test(test_user),
		cmocka_unit_test(test_flags),
		cmocka_unit_test(test_caps),
		cmocka_unit_test(test_no_new_privileges_spellings),
		cmocka_unit_test(test_security_opt_profiles),
		cmocka_unit_test(test_namespaces),
		cmocka_unit_test(test_volumes_short),
		cmocka_unit_test(test_volumes_long),
		cmocka_unit_test(test_devices),
		cmocka_unit_test(test_ports_short),
		cmocka_unit_test(test_ports_long),
		cmocka_unit_test(test_sysctls),
		cmocka_unit_test(test_resources),
		cmocka_unit_test(test_healthcheck_and_restart),
		cmocka_unit_test(test_environment),
		cmocka_unit_test(test_env_file),
		cmocka_unit_test(test_refs),
		cmocka_unit_test(test_interpolation),
		cmocka_unit_test(test_interpolation_required),
		cmocka_unit_test(test_interpolation_nesting_bounded),
		cmocka_unit_test(test_dotenv_for_interpolation),
		cmocka_unit_test(test_interpolated_flags),
		cmocka_unit_test(test_extends),
		cmocka_unit_test(test_extends_problems),
		cmocka_unit_test(test_extends_chain_limit),
		cmocka_unit_test(test_merge_keys),
		cmocka_unit_test(test_shape_diagnostics),
		cmocka_unit_test(test_not_compose_and_null),
		cmocka_unit_test(test_large_file_is_linear),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

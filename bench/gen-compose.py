#!/usr/bin/python3
"""Generate a corpus of Docker Compose files for the scan benchmark.

usage: gen-compose.py OUTDIR [COUNT]   (default 400)

Deterministic (seeded): the same COUNT gives the same bytes.  Files hold 1-15
services (a few hold ~40, like a platform's all-in-one stack) using the
fields customs reads: image and build, user, privileged, read_only,
security_opt, cap_add/cap_drop, volumes in short and long syntax, ports in
short and long syntax, environment as a list and as a map with ${VAR:-d}
interpolation, env_file, deploy.resources, mem_limit/cpus/pids_limit,
healthcheck, restart, networks, namespaces (network_mode, pid, ipc,
userns_mode), devices, sysctls, tmpfs, secrets and profiles; `x-` fragments
with anchors pulled in by `<<` merge keys, and `extends` within the file.
Some directories carry a .env file, as real projects do.

The YAML is written as text, the way people write Compose files, rather
than through a serializer: anchors, merges and mixed quoting are the point.
"""
import os
import random
import sys

SERVICES = ["web", "api", "worker", "db", "redis", "proxy", "queue", "mailer",
            "search", "scheduler", "grafana", "prometheus", "minio", "auth",
            "cron", "admin", "docs", "ui", "gateway", "ingest"]
IMAGES = ["nginx:1.25-alpine", "postgres:16", "redis:7", "redis", "node:20",
          "python:3.12-slim", "traefik:v3.0", "rabbitmq:3-management",
          "elasticsearch:8.12.0", "grafana/grafana:latest", "minio/minio",
          "prom/prometheus:v2.50.1", "ghcr.io/acme/api:${TAG:-latest}",
          "registry.example.com/shop/worker@sha256:" + "cd" * 32,
          "docker.io/library/busybox:1.36", "acme/app:${VERSION}"]
CAPS = ["NET_ADMIN", "SYS_ADMIN", "NET_RAW", "SYS_PTRACE", "NET_BIND_SERVICE",
        "CHOWN", "ALL", "SETUID", "SETGID"]
HOST_SRCS = ["/var/run/docker.sock", "./data", "./config", "/etc/localtime",
             "/", "/var/log", "${HOME}/.aws", "/srv/uploads", "/proc", "/dev"]


class W:
    """Lines with an indentation unit chosen per file."""

    def __init__(self, unit):
        self.u = unit
        self.lines = []

    def put(self, level, text):
        self.lines.append(" " * (self.u * level) + text)

    def cont(self, level, text, deeper=0):
        """A key of the mapping begun by '- ' at `level`."""
        self.lines.append(" " * (self.u * (level + deeper) + 2) + text)


def q(r, s):
    """Quote the way people do: sometimes, not always."""
    k = r.random()
    if k < .4:
        return s
    if k < .7:
        return '"' + s + '"'
    return "'" + s + "'"


def port_short(r):
    c = r.choice([80, 443, 8080, 5432, 6379, 22, 3000, 9090])
    k = r.random()
    if k < .35:
        return f'"{r.choice([80, 8080, 8000, 8443])}:{c}"'
    if k < .6:
        return f'"127.0.0.1:{r.randint(1024, 65000)}:{c}"'
    if k < .75:
        return f'"{c}"'
    if k < .85:
        return f"{c}:{c}/udp"
    return f'"0.0.0.0:{c}:{c}"'


def volume_short(r, named):
    k = r.random()
    if k < .35 and named:
        return f"{r.choice(named)}:/var/lib/data"
    src = r.choice(HOST_SRCS)
    tgt = "/var/run/docker.sock" if "docker.sock" in src else \
        "/mnt/" + src.strip("./${}").replace("/", "_") or "/host"
    mode = r.choice(["", ":ro", ":rw", ":ro,z", ":rshared"])
    return f"{src}:{tgt}{mode}"


def service(w, r, name, names, named, fragments, base_services, has_env):
    L = 1
    w.put(L, f"{name}:")
    B = L + 1
    if fragments and r.random() < .6:
        w.put(B, f"<<: *{r.choice(fragments)}")
    if base_services and r.random() < .15:
        w.put(B, "extends:")
        w.put(B + 1, f"service: {r.choice(base_services)}")
    if r.random() < .25:
        w.put(B, "build:")
        w.put(B + 1, f"context: ./{name}")
        if r.random() < .5:
            w.put(B + 1, f"dockerfile: {r.choice(['Dockerfile', 'docker/Dockerfile.prod'])}")
        if r.random() < .3:
            w.put(B + 1, "args:")
            w.put(B + 2, "- VERSION=${VERSION:-dev}")
    w.put(B, f"image: {q(r, r.choice(IMAGES))}")
    if r.random() < .2:
        w.put(B, f"container_name: shop_{name}")
    hardened = r.random() < .35
    if hardened:
        w.put(B, f"user: {q(r, r.choice(['10001:10001', '1000', 'app']))}")
        w.put(B, "read_only: true")
        w.put(B, "security_opt:")
        w.put(B + 1, "- no-new-privileges:true")
        if r.random() < .3:
            w.put(B + 1, "- seccomp:./seccomp.json")
        w.put(B, "cap_drop:")
        w.put(B + 1, "- ALL")
        if r.random() < .3:
            w.put(B, "cap_add: [NET_BIND_SERVICE]")
        if r.random() < .5:
            w.put(B, "tmpfs:")
            w.put(B + 1, "- /tmp:size=64m")
    else:
        if r.random() < .2:
            w.put(B, f"user: {q(r, r.choice(['root', '0', '0:0']))}")
        if r.random() < .1:
            w.put(B, "privileged: true")
        if r.random() < .15:
            w.put(B, "security_opt:")
            w.put(B + 1, "- " + r.choice(["seccomp:unconfined",
                                          "apparmor:unconfined",
                                          "label:disable",
                                          "no-new-privileges:false"]))
        if r.random() < .25:
            caps = r.sample(CAPS, r.randint(1, 3))
            if r.random() < .5:
                w.put(B, "cap_add: [" + ", ".join(caps) + "]")
            else:
                w.put(B, "cap_add:")
                for c in caps:
                    w.put(B + 1, f"- {c}")
        for key, val in (("network_mode", "host"), ("pid", "host"),
                         ("ipc", "host"), ("userns_mode", "host"),
                         ("uts", "host")):
            if r.random() < .04:
                w.put(B, f"{key}: {q(r, val)}")
        if r.random() < .05:
            w.put(B, "devices:")
            w.put(B + 1, "- /dev/fuse:/dev/fuse")
        if r.random() < .04:
            w.put(B, "sysctls:")
            w.put(B + 1, "net.core.somaxconn: 1024")
        if r.random() < .03:
            w.put(B, "cgroup_parent: custom.slice")
    if r.random() < .3:
        w.put(B, "command: " + r.choice(
            ['["./server", "--port", "8080"]', "npm run start",
             ">\n" + " " * (w.u * (B + 1)) + "sh -c 'echo $$HOSTNAME && "
             "exec ./server'"]))
    if r.random() < .6:
        w.put(B, "ports:")
        for _ in range(r.randint(1, 3)):
            if r.random() < .25:
                w.put(B + 1, f"- target: {r.choice([80, 8080, 22, 443])}")
                w.cont(B + 1, "published: "
                       f"{q(r, str(r.randint(1024, 9000)))}")
                if r.random() < .5:
                    w.cont(B + 1, "host_ip: 127.0.0.1")
                w.cont(B + 1, "protocol: tcp")
            else:
                w.put(B + 1, "- " + port_short(r))
    elif r.random() < .3:
        w.put(B, "expose:")
        w.put(B + 1, '- "9000"')
    if r.random() < .7:
        w.put(B, "environment:")
        as_map = r.random() < .5
        seen = set()
        for i in range(r.randint(1, 8)):
            k = r.random()
            if k < .15:
                key, val = r.choice(["DB_PASSWORD", "SECRET_KEY", "API_TOKEN",
                                     "AWS_SECRET_ACCESS_KEY"]), \
                    "s3cr3t-%06x" % r.getrandbits(24)
            elif k < .35:
                # `:?` stops docker compose when unset: only projects with
                # a .env that sets it use it
                key, val = "DB_PASSWORD", "${DB_PASSWORD:?set it}" \
                    if has_env else "${DB_PASSWORD}"
            elif k < .6:
                key, val = f"SETTING_{i}", "${SETTING_%d:-default%d}" % (i, i)
            else:
                key, val = f"OPTION_{i}", r.choice(["on", "1", "info",
                                                    "http://api:8080"])
            if key in seen:
                key = f"{key}_{i}"
            seen.add(key)
            if as_map:
                val = q(r, val) if val != "on" else '"on"'
                w.put(B + 1, f"{key}: {val}")
            else:
                w.put(B + 1, f"- {key}={val}")
    if r.random() < .2:
        w.put(B, "env_file:")
        w.put(B + 1, "- .env")
        if r.random() < .5:
            w.put(B + 1, f"- ./{name}.env")
    if r.random() < .6:
        w.put(B, "volumes:")
        for _ in range(r.randint(1, 4)):
            if r.random() < .25:
                bind = r.random() < .6
                w.put(B + 1, f"- type: {'bind' if bind else 'volume'}")
                if bind:
                    w.cont(B + 1, f"source: {r.choice(HOST_SRCS)}")
                else:
                    w.cont(B + 1, f"source: {r.choice(named or ['data'])}")
                w.cont(B + 1, f"target: /srv/{r.randint(0, 99)}")
                if r.random() < .5:
                    w.cont(B + 1, "read_only: true")
                if bind and r.random() < .2:
                    w.cont(B + 1, "bind:")
                    w.cont(B + 1, "propagation: " + r.choice(
                        ["rshared", "shared", "rprivate"]), deeper=1)
            else:
                w.put(B + 1, "- " + volume_short(r, named))
    if r.random() < .5:
        w.put(B, "deploy:")
        w.put(B + 1, "resources:")
        w.put(B + 2, "limits:")
        w.put(B + 3, f"cpus: {q(r, r.choice(['0.50', '1', '2.0']))}")
        w.put(B + 3, f"memory: {r.choice(['256M', '512M', '1G'])}")
        if r.random() < .3:
            w.put(B + 3, "pids: 100")
        if r.random() < .5:
            w.put(B + 2, "reservations:")
            w.put(B + 3, "memory: 128M")
        if r.random() < .3:
            w.put(B + 1, "restart_policy:")
            w.put(B + 2, "condition: on-failure")
            w.put(B + 2, "max_attempts: 5")
    elif r.random() < .3:
        w.put(B, f"mem_limit: {r.choice(['512m', '1g'])}")
        w.put(B, f"cpus: {r.choice(['0.5', '1.5'])}")
    if r.random() < .3:
        w.put(B, f"pids_limit: {r.choice([100, 200, -1])}")
    if r.random() < .5:
        w.put(B, "healthcheck:")
        if r.random() < .1:
            w.put(B + 1, "disable: true")
        else:
            w.put(B + 1, "test: " + r.choice(
                ['["CMD", "curl", "-f", "http://localhost:8080/health"]',
                 '["CMD-SHELL", "pg_isready -U postgres"]',
                 "wget -qO- http://localhost/ || exit 1"]))
            w.put(B + 1, "interval: 30s")
            w.put(B + 1, "timeout: 5s")
            w.put(B + 1, "retries: 3")
    if r.random() < .6:
        w.put(B, f"restart: {r.choice(['always', 'unless-stopped', 'no', 'on-failure:5', 'on-failure'])}"
              .replace("restart: no", 'restart: "no"'))
    if r.random() < .6:
        w.put(B, "networks:")
        if r.random() < .7:
            for n in r.sample(["front", "back", "data"], r.randint(1, 2)):
                w.put(B + 1, f"- {n}")
        else:
            w.put(B + 1, "back:")
            w.put(B + 2, "aliases:")
            w.put(B + 3, f"- {name}.internal")
    if names and r.random() < .5:
        deps = r.sample(names, min(len(names), r.randint(1, 3)))
        if r.random() < .5:
            w.put(B, "depends_on: [" + ", ".join(deps) + "]")
        else:
            w.put(B, "depends_on:")
            for d in deps:
                w.put(B + 1, f"{d}:")
                w.put(B + 2, "condition: service_healthy")
    if r.random() < .15:
        w.put(B, "secrets:")
        w.put(B + 1, "- db_password")
    if r.random() < .1:
        w.put(B, "profiles: [debug]")
    if r.random() < .3:
        w.put(B, "labels:")
        w.put(B + 1, f"traefik.http.routers.{name}.rule: "
              f"\"Host(`{name}.example.com`)\"")
        w.put(B + 1, "com.example.team: core")


def fragments(w, r):
    """x- fragments with anchors; returns the anchor names."""
    names = []
    if r.random() < .6:
        w.put(0, "x-logging: &logging")
        w.put(1, "driver: json-file")
        w.put(1, "options:")
        w.put(2, 'max-size: "10m"')
        w.put(2, 'max-file: "3"')
        w.put(0, "")
        w.put(0, "x-defaults: &defaults")
        w.put(1, "restart: unless-stopped")
        w.put(1, "logging: *logging")
        names.append("defaults")
    if r.random() < .5:
        w.put(0, "x-hardened: &hardened")
        w.put(1, "read_only: true")
        w.put(1, "security_opt: [\"no-new-privileges:true\"]")
        w.put(1, "cap_drop: [ALL]")
        w.put(1, "user: \"10001\"")
        names.append("hardened")
    if r.random() < .4:
        w.put(0, "x-resources: &resources")
        w.put(1, "deploy:")
        w.put(2, "resources:")
        w.put(3, "limits: {cpus: '1', memory: 512M}")
        names.append("resources")
    if names:
        w.put(0, "")
    return names


def compose_file(r, nservices, has_env):
    w = W(r.choice([2, 2, 2, 4]))
    if r.random() < .3:
        w.put(0, "# Local development stack; see README.md")
    if r.random() < .3:
        w.put(0, f"version: \"{r.choice(['3', '3.8', '2.4'])}\"")
    if r.random() < .2:
        w.put(0, "name: shop")
    frags = fragments(w, r)
    w.put(0, "services:")
    used = []
    named = ["pgdata", "redisdata", "uploads"][:r.randint(0, 3)]
    bases = []
    if r.random() < .3:
        w.put(1, "base:")
        w.put(2, "image: acme/base:1.0")
        w.put(2, "environment:")
        w.put(3, "TZ: UTC")
        w.put(2, "profiles: [never]")
        bases.append("base")
    for i in range(nservices):
        name = SERVICES[i % len(SERVICES)] + ("" if i < len(SERVICES)
                                              else str(i))
        if r.random() < .08:
            w.put(2, "# customs:ignore=RT-ROOT the image needs root")
        service(w, r, name, used, named, frags, bases, has_env)
        used.append(name)
    if named:
        w.put(0, "volumes:")
        for v in named:
            w.put(1, f"{v}:")
            if r.random() < .3:
                w.put(2, "driver: local")
    w.put(0, "networks:")
    w.put(1, "front: {}")
    w.put(1, "back:")
    w.put(2, "internal: true")
    w.put(1, "data:")
    if r.random() < .3:
        w.put(0, "secrets:")
        w.put(1, "db_password:")
        w.put(2, "file: ./secrets/db_password.txt")
    return "\n".join(w.lines) + "\n"


def main():
    if len(sys.argv) < 2 or sys.argv[1].startswith("-"):
        sys.exit(f"usage: {sys.argv[0]} OUTDIR [FILES]  (default 400)")
    outdir = sys.argv[1]
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 400
    r = random.Random(2468)
    nsvc = 0
    for i in range(count):
        d = os.path.join(outdir, f"group{i // 50:02d}", f"project{i}")
        os.makedirs(d, exist_ok=True)
        name = r.choice(["docker-compose.yml", "docker-compose.yml",
                         "compose.yaml", "docker-compose.prod.yml",
                         "compose.yml", "stack.compose.yaml"])
        n = r.randint(35, 45) if i % 50 == 7 else r.randint(1, 15)
        nsvc += n
        has_env = r.random() < .2
        with open(os.path.join(d, name), "w") as f:
            f.write(compose_file(r, n, has_env))
        if has_env:
            with open(os.path.join(d, ".env"), "w") as f:
                f.write("TAG=1.4.2\nVERSION=2024.1\n# local only\n"
                        "SETTING_1=from-dotenv\nDB_PASSWORD=dev-only\n")
    print(f"{count} files, {nsvc} services")


if __name__ == "__main__":
    main()

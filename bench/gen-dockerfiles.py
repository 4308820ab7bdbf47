#!/usr/bin/python3
"""Generate a corpus of varied Dockerfiles for the scan benchmark.

usage: gen-dockerfiles.py OUTDIR [COUNT]   (default 5000)

Deterministic (seeded): the same COUNT gives the same bytes.  The files mix
what real repositories hold: single and multi-stage builds, apt/apk/dnf/pip/
npm installs, heredocs, exec and shell forms, continuations, comments, ARG
and ENV use, and some deliberate problems, in sizes from a few lines to a few
hundred.
"""
import os
import random
import sys

BASES = ["debian:12-slim", "ubuntu:22.04", "alpine:3.19", "python:3.12-slim",
         "node:20-bookworm", "golang:1.22", "fedora:40", "nginx", "node:latest",
         "gcr.io/distroless/static-debian12:nonroot",
         "redis@sha256:" + "ab" * 32]
PKGS = ["curl", "git", "ca-certificates", "make", "gcc", "libssl-dev", "jq",
        "unzip", "tzdata", "openssl", "python3", "build-essential", "vim"]


def run_block(r, base):
    pkgs = r.sample(PKGS, r.randint(1, 6))
    if "alpine" in base:
        return "RUN apk add --no-cache " + " ".join(
            p + ("=1.2.3-r0" if r.random() < .5 else "") for p in pkgs)
    if "fedora" in base:
        return "RUN dnf install -y " + " ".join(pkgs) + " && dnf clean all"
    lines = ["RUN set -eux; \\", "    apt-get update; \\",
             "    apt-get install -y --no-install-recommends \\"]
    for p in pkgs:
        v = "=1.0-1" if r.random() < .6 else ""
        lines.append(f"        {p}{v} \\")
    lines.append("    ; \\")
    lines.append("    rm -rf /var/lib/apt/lists/*")
    return "\n".join(lines)


def dockerfile(r, i):
    out = []
    if r.random() < .3:
        out.append("# syntax=docker/dockerfile:1")
    out.append(f"# service {i}")
    out.append("ARG VERSION=1.0")
    stages = r.randint(1, 3)
    for s in range(stages):
        base = r.choice(BASES)
        name = f"stage{s}"
        out.append(f"FROM {base} AS {name}")
        out.append(f"LABEL org.opencontainers.image.version=$VERSION service={i}")
        out.append("WORKDIR /app")
        for _ in range(r.randint(1, 8)):
            k = r.random()
            if k < .35:
                out.append(run_block(r, base))
            elif k < .45:
                out.append("RUN <<EOF\nset -e\necho building\nmake -j4 all\nEOF")
            elif k < .55:
                out.append("RUN pip install --no-cache-dir requests==2.31.0 flask")
            elif k < .62:
                out.append("RUN curl -fsSL https://example.com/x.sh | sh")
            elif k < .72:
                out.append(f"COPY --chown=app:app src/ /app/src{r.randint(0, 9)}/")
            elif k < .80:
                out.append(f"ENV PATH=/app/bin:$PATH APP_PORT={r.randint(1000, 9000)}")
            elif k < .86:
                out.append("ADD https://example.com/file.tar.gz /tmp/")
            elif k < .92:
                out.append("# a comment line\nRUN npm ci --omit=dev && npm cache clean --force")
            else:
                out.append("RUN groupadd -r app && useradd -r -g app app")
        if s > 0 and r.random() < .7:
            out.append(f"COPY --from=stage{s - 1} /app /app")
    if r.random() < .7:
        out.append(f"USER {r.choice(['app', '10001', 'root', '65532:65532'])}")
    out.append(f"EXPOSE {r.choice([80, 8080, 22, 443, 3000])}")
    if r.random() < .5:
        out.append('HEALTHCHECK --interval=30s CMD ["curl", "-f", "http://localhost/"]')
    out.append(r.choice(['CMD ["./server"]', "CMD ./server --port 8080",
                         'ENTRYPOINT ["/app/entry.sh"]']))
    return "\n".join(out) + "\n"


def main():
    outdir = sys.argv[1]
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 5000
    r = random.Random(1234)
    for i in range(count):
        d = os.path.join(outdir, f"group{i // 100:03d}")
        if i % 3:
            d = os.path.join(d, f"svc{i}")
            name = "Dockerfile"
        else:
            name = f"svc{i}.Dockerfile"
        os.makedirs(d, exist_ok=True)
        with open(os.path.join(d, name), "w") as f:
            f.write(dockerfile(r, i))


if __name__ == "__main__":
    main()

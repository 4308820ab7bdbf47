#!/usr/bin/env python3
"""gen-image.py - a large, realistic container image for the image benchmark.

    gen-image.py [--scale N] [--format docker|classic|oci-dir] OUT

Writes OUT, an image of about 230 MB uncompressed x N, 24,000 entries x N
and 1,100 packages x N across ecosystems, in eight gzip layers:

  0 base      os-release, passwd/group/shadow, ~450 dpkg packages (status,
              info/*.list, usr/share/doc/*/copyright, man pages, libraries),
              zoneinfo, setuid binaries
  1 apt       ~150 more dpkg packages (the status file rewritten with all of
              them), apt lists and cached .debs (a package cache left behind)
  2 cleanup   whiteouts: an opaque apt lists directory, removed .debs
  3 python    ~200 site-packages/*.dist-info (METADATA, RECORD, ...) + code
  4 node      ~300 node_modules/*/package.json (scoped, nested) + code
  5 app       application sources, static assets, secrets (.env, id_rsa,
              credentials.json)
  6 data      large data files (mixed random and compressible bytes), logs
  7 final     whiteouts of sources and of a secret, a setuid helper, a
              world-writable file

The config runs as root, exposes 22, has no HEALTHCHECK and an Env secret;
the history has apt-get update alone, sudo and ADD: the audit has work.

Formats: docker (default) is what `docker save` writes with the containerd
image store (Docker 25+: manifest.json plus an OCI layout, gzip blobs);
classic is docker save's v1 directories (layer.tar holding gzip bytes, as
the containerd store does); oci-dir an OCI image layout directory.  The gzip
layer blobs are also left in OUT.layers/NN.tar.gz for the `tar -xzOf`
baseline.

Deterministic: a fixed seed, fixed mtimes, gzip headers without a time or
name, so a given scale always gives the same bytes.  Only the standard
library is used; layers stream through gzip, nothing big is held in memory.
"""
import argparse
import gzip
import hashlib
import io
import json
import os
import random
import shutil
import tarfile

MTIME = 1704067200  # 2024-01-01
SEED = 4

WORDS = ("the of and to in is that for it as with was on be by this are or "
         "from at which an have not but all can one were their has been if "
         "more when will would there what so no out up into than them some "
         "could time these two may then do first any my now such like our "
         "over man me even most made after also did many before must through "
         "back years where much your way well down should because each just "
         "those people how too little state good very make world still own "
         "see men work long get here between both life being under never day "
         "same another know while last might us great old year off come since "
         "against go came right used take three buffer socket thread parse "
         "config error return value index string table cache layer image "
         "package version license module import export function class struct "
         "static const void int char size_t length offset pointer "
         "memory").split()


class Gen:
    """Content: compressible text and binary-like bytes from one seed."""

    def __init__(self, seed):
        self.r = random.Random(seed)
        r = self.r
        words = []
        n = 0
        while n < (4 << 20):
            w = r.choice(WORDS)
            words.append(w)
            n += len(w) + 1
            if r.random() < 0.08:
                words.append("\n")
        self.text_pool = " ".join(words).encode()

    def text(self, n):
        pool = self.text_pool
        off = self.r.randrange(0, len(pool) - n - 1) if n < len(pool) else 0
        out = pool[off:off + n]
        while len(out) < n:
            out += pool[:n - len(out)]
        return out

    def binary(self, n):
        # machine code and tables: 40% random, the rest runs and text
        out = bytearray()
        r = self.r
        while len(out) < n:
            k = min(n - len(out), r.randrange(256, 8192))
            c = r.random()
            if c < 0.4:
                out += r.randbytes(k)
            elif c < 0.6:
                out += bytes(k)
            else:
                out += self.text(k)
        return bytes(out)

    def random(self, n):
        return self.r.randbytes(n)


class HashWriter:
    """A file object for tarfile: hashes the tar stream, gzips it."""

    def __init__(self, gz):
        self.gz = gz
        self.h = hashlib.sha256()
        self.n = 0

    def write(self, b):
        self.h.update(b)
        self.n += len(b)
        return self.gz.write(b)

    def tell(self):
        return self.n


class Layer:
    def __init__(self, path):
        self.path = path
        self.f = open(path, "wb")
        self.gz = gzip.GzipFile(filename="", mode="wb", compresslevel=6,
                                fileobj=self.f, mtime=0)
        self.hw = HashWriter(self.gz)
        self.t = tarfile.open(fileobj=self.hw, mode="w",
                              format=tarfile.PAX_FORMAT)
        self.dirs = set()
        self.files = 0
        self.bytes = 0

    def _info(self, name, mode, uid=0, gid=0):
        ti = tarfile.TarInfo(name)
        ti.mtime = MTIME
        ti.mode = mode
        ti.uid = uid
        ti.gid = gid
        ti.uname = "root" if uid == 0 else ""
        ti.gname = "root" if gid == 0 else ""
        return ti

    def mkdirs(self, name):
        parts = name.split("/")[:-1]
        for i in range(1, len(parts) + 1):
            d = "/".join(parts[:i])
            if d not in self.dirs:
                self.dirs.add(d)
                ti = self._info(d, 0o755)
                ti.type = tarfile.DIRTYPE
                self.t.addfile(ti)

    def file(self, name, data, mode=0o644, uid=0, gid=0):
        self.mkdirs(name)
        ti = self._info(name, mode, uid, gid)
        ti.size = len(data)
        self.t.addfile(ti, io.BytesIO(data))
        self.files += 1
        self.bytes += len(data)

    def symlink(self, name, target):
        self.mkdirs(name)
        ti = self._info(name, 0o777)
        ti.type = tarfile.SYMTYPE
        ti.linkname = target
        self.t.addfile(ti)
        self.files += 1

    def whiteout(self, name):
        d, b = os.path.split(name)
        self.file(os.path.join(d, ".wh." + b), b"")

    def opaque(self, d):
        self.file(d + "/.wh..wh..opq", b"")

    def close(self):
        self.t.close()
        self.gz.close()
        self.f.close()
        self.diff = self.hw.h.hexdigest()
        self.tar_size = self.hw.n
        h = hashlib.sha256()
        with open(self.path, "rb") as f:
            for chunk in iter(lambda: f.read(1 << 20), b""):
                h.update(chunk)
        self.digest = h.hexdigest()
        self.size = os.path.getsize(self.path)


REAL_DEBS = ("base-files base-passwd bash bsdutils coreutils dash debconf "
             "debian-archive-keyring debianutils diffutils dpkg e2fsprogs "
             "findutils gcc-12-base gpgv grep gzip hostname "
             "init-system-helpers "
             "libacl1 libapt-pkg6.0 libattr1 libaudit1 libblkid1 libbz2-1.0 "
             "libc-bin libc6 libcap-ng0 libcap2 libcom-err2 libcrypt1 "
             "libdb5.3 libdebconfclient0 libext2fs2 libffi8 libgcc-s1 "
             "libgcrypt20 libgmp10 libgnutls30 libgpg-error0 libhogweed6 "
             "libidn2-0 liblz4-1 liblzma5 libmd0 libmount1 libnettle8 "
             "libpam-modules libpam-runtime libpam0g libpcre2-8-0 libseccomp2 "
             "libselinux1 libsemanage2 libsepol2 libsmartcols1 libss2 "
             "libssl3 libstdc++6 libsystemd0 libtasn1-6 libtinfo6 libudev1 "
             "libunistring2 libuuid1 libxxhash0 libzstd1 login logsave mawk "
             "mount ncurses-base ncurses-bin passwd perl-base sed "
             "sysvinit-utils "
             "tar tzdata usr-is-merged util-linux zlib1g openssh-client "
             "openssh-server sudo curl ca-certificates python3 "
             "python3-minimal "
             "libpython3.11 nodejs git").split()

SECTIONS = ("libs", "utils", "admin", "net", "python", "devel", "web",
            "interpreters", "misc", "text")

PY_NAMES = ("requests urllib3 idna certifi charset_normalizer six setuptools "
            "pip wheel PyYAML Jinja2 MarkupSafe click Flask Werkzeug "
            "itsdangerous attrs packaging pyparsing python_dateutil pytz "
            "numpy cryptography cffi pycparser boto3 botocore s3transfer "
            "jmespath SQLAlchemy greenlet psycopg2_binary redis "
            "typing_extensions pydantic pydantic_core annotated_types "
            "gunicorn zope.interface").split()

NPM_NAMES = ("express body-parser cookie debug ms lodash react react-dom "
             "scheduler loose-envify js-tokens object-assign axios "
             "follow-redirects form-data mime-types mime-db combined-stream "
             "delayed-stream asynckit semver yallist lru-cache minimist "
             "chalk ansi-styles supports-color has-flag color-convert "
             "color-name uuid qs side-channel get-intrinsic "
             "@babel/core @babel/types @babel/parser @types/node "
             "@types/express @sentry/node @aws-sdk/client-s3").split()


def deb_version(r):
    v = "%d.%d.%d-%d" % (r.randrange(0, 10), r.randrange(0, 40),
                         r.randrange(0, 20), r.randrange(1, 9))
    if r.random() < 0.15:
        v += "+deb12u%d" % r.randrange(1, 5)
    if r.random() < 0.05:
        v = "1:" + v
    return v


def make_debs(g, n):
    r = g.r
    names = list(REAL_DEBS)
    i = 0
    while len(names) < n:
        stem = r.choice(WORDS)
        names.append("lib%s%s%d" % (stem, r.choice(("", "-dev", "-bin")), i))
        i += 1
    pkgs = []
    for name in names[:n]:
        ver = deb_version(r)
        src = name
        if name.startswith("lib") and r.random() < 0.5:
            src = name[3:].split("-")[0] or name
        p = {"name": name, "version": ver, "source": src,
             "arch": "all" if r.random() < 0.15 else "amd64",
             "section": r.choice(SECTIONS),
             "size": r.randrange(20, 20000),
             "nfiles": r.randrange(2, 11)}
        pkgs.append(p)
    return pkgs


def dpkg_stanza(p):
    s = ["Package: %s" % p["name"],
         "Status: install ok installed",
         "Priority: optional",
         "Section: %s" % p["section"],
         "Installed-Size: %d" % p["size"],
         "Maintainer: Debian Maintainers <debian@lists.debian.org>",
         "Architecture: %s" % p["arch"]]
    if p["arch"] != "all":
        s.append("Multi-Arch: same")
    if p["source"] != p["name"]:
        s.append("Source: %s" % p["source"])
    s += ["Version: %s" % p["version"],
          "Depends: libc6 (>= 2.34)",
          "Description: the %s package" % p["name"],
          " A synthetic package of the image benchmark; its long",
          " description spans two continuation lines.",
          "Homepage: https://example.org/%s" % p["name"]]
    return "\n".join(s) + "\n"


def deb_files(g, layer, p):
    """A package's files; returns their paths for info/<pkg>.list."""
    r = g.r
    name = p["name"]
    paths = []
    doc = "usr/share/doc/%s/" % name
    lic = r.choice(("GPL-2+", "LGPL-2.1+", "BSD-3-clause", "MIT", "Expat"))
    copyright_ = ("Format: https://www.debian.org/doc/packaging-manuals/"
                  "copyright-format/1.0/\nUpstream-Name: %s\n\nFiles: *\n"
                  "Copyright: 2001-2023 The %s authors\nLicense: %s\n\n"
                  % (name, name, lic)).encode()
    copyright_ += g.text(r.randrange(400, 3000))
    layer.file(doc + "copyright", copyright_)
    layer.file(doc + "changelog.Debian.gz", g.random(r.randrange(300, 4000)))
    paths += [doc + "copyright", doc + "changelog.Debian.gz"]
    if r.random() < 0.6:
        m = "usr/share/man/man1/%s.1.gz" % name
        layer.file(m, g.random(r.randrange(500, 6000)))
        paths.append(m)
    for k in range(p["nfiles"]):
        if p["section"] == "libs" or k % 2:
            f = "usr/lib/x86_64-linux-gnu/%s.so.%d" % (name, k)
            data = g.binary(r.randrange(2000, 64000))
        else:
            f = "usr/share/%s/data%d.txt" % (name, k)
            data = g.text(r.randrange(200, 20000))
        layer.file(f, data)
        paths.append(f)
    return paths


def dpkg_layer(g, layer, pkgs, everything):
    for p in pkgs:
        paths = deb_files(g, layer, p)
        info = "var/lib/dpkg/info/%s" % p["name"]
        layer.file(info + ".list",
                   "".join("/%s\n" % x for x in paths).encode())
        layer.file(info + ".md5sums",
                   "".join("%s  %s\n" % (hashlib.md5(x.encode()).hexdigest(),
                                         x) for x in paths).encode())
    layer.file("var/lib/dpkg/status",
               "\n".join(dpkg_stanza(p) for p in everything).encode())


def base_layer(g, layer, pkgs, scale):
    r = g.r
    layer.file("etc/os-release", b'PRETTY_NAME="Debian GNU/Linux 12 '
               b'(bookworm)"\nNAME="Debian GNU/Linux"\nVERSION_ID="12"\n'
               b'VERSION="12 (bookworm)"\nVERSION_CODENAME=bookworm\n'
               b'ID=debian\nHOME_URL="https://www.debian.org/"\n')
    layer.file("etc/debian_version", b"12.5\n")
    layer.file("etc/passwd", b"root:x:0:0:root:/root:/bin/bash\n"
               b"daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n"
               b"bin:x:2:2:bin:/bin:/usr/sbin/nologin\n"
               b"sshd:x:100:65534::/run/sshd:/usr/sbin/nologin\n"
               b"app:x:1000:1000::/app:/bin/sh\n"
               b"backup:x:0:0::/root:/bin/sh\n")
    layer.file("etc/group", b"root:x:0:\ndaemon:x:1:\nbin:x:2:\n"
               b"app:x:1000:\n")
    layer.file("etc/shadow", b"root:*:19000:0:99999:7:::\n"
               b"daemon:*:19000:0:99999:7:::\nbin:*:19000:0:99999:7:::\n"
               b"sshd:*:19000:0:99999:7:::\napp::19000:0:99999:7:::\n",
               mode=0o640)
    for name in ("bin", "sbin", "lib", "lib64"):
        layer.symlink(name, "usr/" + name)
    for b in ("bash", "ls", "cat", "cp", "mv", "rm", "sh", "tar", "grep",
              "sed", "gzip", "dpkg", "apt-get", "apt", "find", "xargs"):
        layer.file("usr/bin/" + b, b"\x7fELF\x02\x01\x01" +
                   g.binary(r.randrange(20000, 300000)), mode=0o755)
    for b, m in (("passwd", 0o4755), ("su", 0o4755), ("mount", 0o4755),
                 ("umount", 0o4755), ("chsh", 0o4755), ("newgrp", 0o4755),
                 ("gpasswd", 0o4755), ("wall", 0o2755), ("chage", 0o2755),
                 ("expiry", 0o2755)):
        layer.file("usr/bin/" + b, b"\x7fELF\x02\x01\x01" +
                   g.binary(r.randrange(20000, 80000)), mode=m)
    for i in range(600 * scale):
        layer.file("usr/share/zoneinfo/Area%d/City%d" % (i // 40, i),
                   b"TZif2" + g.binary(r.randrange(100, 3000)))
    for i in range(1500 * scale):
        layer.file("usr/share/locale/l%d/LC_MESSAGES/m%d.mo" % (i // 30, i),
                   g.text(r.randrange(200, 6000)))
    dpkg_layer(g, layer, pkgs, pkgs)


def apt_layer(g, layer, pkgs, everything, scale):
    r = g.r
    dpkg_layer(g, layer, pkgs, everything)
    for i in range(10 * scale):
        layer.file("var/lib/apt/lists/deb.debian.org_debian_dists_bookworm_"
                   "main_binary-amd64_Packages.%d" % i,
                   g.text(r.randrange(500000, 2000000)))
    for p in pkgs[:20 * scale]:
        layer.file("var/cache/apt/archives/%s_%s_amd64.deb"
                   % (p["name"], p["version"].replace(":", "%3a")),
                   g.random(r.randrange(50000, 600000)))
    layer.file("usr/bin/sudo", b"\x7fELF\x02\x01\x01" + g.binary(200000),
               mode=0o4755)
    layer.file("usr/lib/openssh/ssh-keysign", b"\x7fELF\x02\x01\x01" +
               g.binary(90000), mode=0o4755)


def cleanup_layer(g, layer, apt_pkgs, scale):
    layer.opaque("var/lib/apt/lists")
    for p in apt_pkgs[:15 * scale]:
        layer.whiteout("var/cache/apt/archives/%s_%s_amd64.deb"
                       % (p["name"], p["version"].replace(":", "%3a")))


def pep503(name):
    out = []
    prev = False
    for c in name.lower():
        if c in "-_.":
            if not prev:
                out.append("-")
            prev = True
        else:
            out.append(c)
            prev = False
    return "".join(out)


def python_layer(g, layer, n):
    r = g.r
    site = "usr/local/lib/python3.11/site-packages/"
    names = list(PY_NAMES)
    i = 0
    while len(names) < n:
        names.append("%s_%s%d" % (r.choice(WORDS), r.choice(WORDS), i))
        i += 1
    for name in names[:n]:
        ver = "%d.%d.%d" % (r.randrange(0, 5), r.randrange(0, 30),
                            r.randrange(0, 12))
        dist = "%s%s-%s.dist-info/" % (site, name.replace("-", "_"), ver)
        meta = ("Metadata-Version: 2.1\nName: %s\nVersion: %s\n"
                "Summary: the %s distribution\nHome-page: https://example."
                "org/%s\nAuthor: The %s authors\nLicense: %s\n"
                "Requires-Python: >=3.8\nRequires-Dist: idna (>=2.5)\n"
                "Classifier: License :: OSI Approved :: MIT License\n"
                "Classifier: Programming Language :: Python :: 3\n\n"
                % (name, ver, name, pep503(name), name,
                   r.choice(("MIT", "BSD", "Apache-2.0", "PSF-2.0"))))
        layer.file(dist + "METADATA", meta.encode() + g.text(
            r.randrange(200, 8000)))
        mod = name.split(".")[0].lower()
        files = []
        for k in range(r.randrange(4, 24)):
            f = "%s%s/m%d.py" % (site, mod, k)
            data = g.text(r.randrange(500, 20000))
            layer.file(f, data)
            files.append((f, data))
            if k % 3 == 0:
                c = "%s%s/__pycache__/m%d.cpython-311.pyc" % (site, mod, k)
                cdata = g.binary(len(data) // 2 + 16)
                layer.file(c, cdata)
                files.append((c, cdata))
        rec = "".join("%s,sha256=%s,%d\n" % (
            f[len(site):], hashlib.sha256(d).hexdigest()[:43], len(d))
            for f, d in files)
        layer.file(dist + "RECORD", rec.encode())
        layer.file(dist + "INSTALLER", b"pip\n")
        layer.file(dist + "WHEEL", b"Wheel-Version: 1.0\nRoot-Is-Purelib: "
                   b"true\nTag: py3-none-any\n")
        layer.file(dist + "top_level.txt", (mod + "\n").encode())


def npm_layer(g, layer, n):
    r = g.r
    root = "app/node_modules/"
    names = list(NPM_NAMES)
    i = 0
    while len(names) < n:
        nm = "%s-%s%d" % (r.choice(WORDS), r.choice(WORDS), i)
        if r.random() < 0.15:
            nm = "@%s/%s" % (r.choice(("acme", "corp", "org", "types")), nm)
        names.append(nm)
        i += 1
    for idx, name in enumerate(names[:n]):
        ver = "%d.%d.%d" % (r.randrange(0, 20), r.randrange(0, 40),
                            r.randrange(0, 30))
        # one package in ten is nested under an earlier one
        if idx > 10 and idx % 10 == 0:
            parent = names[r.randrange(0, idx)]
            base = "%s%s/node_modules/%s/" % (root, parent, name)
        else:
            base = root + name + "/"
        pj = {"name": name, "version": ver, "description": "the %s module"
              % name, "main": "index.js",
              "license": r.choice(("MIT", "ISC", "BSD-3-Clause",
                                   "Apache-2.0")),
              "repository": {"type": "git",
                             "url": "https://example.org/%s.git" % name},
              "dependencies": {"ms": "^2.1.3"}}
        layer.file(base + "package.json",
                   json.dumps(pj, indent=2, sort_keys=True).encode())
        layer.file(base + "README.md", g.text(r.randrange(500, 10000)))
        layer.file(base + "LICENSE", g.text(r.randrange(800, 1200)))
        layer.file(base + "index.js", g.text(r.randrange(200, 4000)))
        for k in range(r.randrange(2, 20)):
            layer.file(base + "lib/f%d.js" % k, g.text(r.randrange(300,
                                                                    15000)))
    layer.file("app/package.json", json.dumps(
        {"name": "bench-app", "version": "1.0.0", "private": True,
         "dependencies": {x: "*" for x in NPM_NAMES}},
        indent=2, sort_keys=True).encode())


SRC_EXT = ("py", "js", "ts", "html", "css", "json", "md")


def app_layer(g, layer, scale):
    r = g.r
    for i in range(3500 * scale):
        ext = SRC_EXT[i % len(SRC_EXT)]
        layer.file("app/src/pkg%d/mod%d/file%d.%s" % (i // 200, i // 20, i,
                                                      ext),
                   g.text(r.randrange(300, 12000)))
    for i in range(250 * scale):
        layer.file("app/static/img/asset%d.png" % i,
                   b"\x89PNG\r\n\x1a\n" + g.random(r.randrange(10000,
                                                               200000)))
    layer.file("app/.env", b"DATABASE_URL=postgres://app:hunter2@db/app\n"
               b"AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLE"
               b"KEY\n")
    layer.file("app/config/credentials.json",
               b'{"client_secret": "s3cr3t", "type": "service_account"}\n')
    layer.file("root/.ssh/id_rsa", b"-----BEGIN OPENSSH PRIVATE KEY-----\n" +
               g.text(1600).replace(b" ", b"A") +
               b"\n-----END OPENSSH PRIVATE KEY-----\n", mode=0o600)
    layer.file("app/deploy/server.key", b"-----BEGIN PRIVATE KEY-----\n" +
               g.text(1200).replace(b" ", b"B") +
               b"\n-----END PRIVATE KEY-----\n", mode=0o600)
    layer.file("app/Dockerfile", b"FROM debian:12\nCOPY . /app\n")
    layer.file("app/.git/config", b"[core]\n\trepositoryformatversion = 0\n")


def data_layer(g, layer, scale):
    r = g.r
    for i in range(6 * scale):
        layer.file("app/data/model%d.bin" % i,
                   g.binary(r.randrange(4 << 20, 8 << 20)))
    for i in range(4 * scale):
        layer.file("app/data/archive%d.tar.gz" % i,
                   g.random(r.randrange(1 << 20, 3 << 20)))
    for i in range(40 * scale):
        layer.file("var/log/app/app.log.%d" % i,
                   g.text(r.randrange(50000, 300000)))


def final_layer(g, layer, scale):
    r = g.r
    for i in range(0, 3500 * scale, 50):
        layer.whiteout("app/src/pkg%d/mod%d/file%d.%s" % (
            i // 200, i // 20, i, SRC_EXT[i % len(SRC_EXT)]))
    layer.opaque("app/src/pkg0")
    layer.whiteout("app/.env")
    layer.whiteout("var/log/app")
    layer.file("app/.env.production", b"API_TOKEN=tok_live_0123456789abcdef\n")
    layer.file("usr/local/bin/helper", b"\x7fELF\x02\x01\x01" +
               g.binary(50000), mode=0o4755)
    layer.file("app/tmp/shared.sock.cfg", g.text(400), mode=0o666)
    layer.file("etc/app.conf", g.text(r.randrange(1000, 3000)))


HISTORY = [
    "/bin/sh -c #(nop) ADD file:4b1bd9d1d6a0f0ac0c9e6c9e8f0e0f2 in / ",
    "RUN /bin/sh -c apt-get update && apt-get install -y openssh-server "
    "sudo curl python3 nodejs # buildkit",
    "RUN /bin/sh -c rm -rf /var/lib/apt/lists/* && sudo rm -f "
    "/var/cache/apt/archives/*.deb # buildkit",
    "RUN /bin/sh -c pip install -r requirements.txt # buildkit",
    "RUN /bin/sh -c cd /app && npm ci # buildkit",
    "COPY . /app # buildkit",
    "ADD https://example.org/data.tar.gz /app/data # buildkit",
    "RUN /bin/sh -c export API_TOKEN=tok_live_0123456789abcdef && "
    "/app/setup.sh # buildkit",
]


def config_json(layers):
    hist = [{"created": "2024-01-01T00:00:00Z", "created_by": h}
            for h in HISTORY[:len(layers)]]
    hist.insert(1, {"created": "2024-01-01T00:00:00Z",
                    "created_by": "/bin/sh -c #(nop)  CMD [\"bash\"]",
                    "empty_layer": True})
    hist.append({"created": "2024-01-01T00:00:00Z",
                 "created_by": "EXPOSE map[22/tcp:{} 8080/tcp:{}]",
                 "comment": "buildkit.dockerfile.v0", "empty_layer": True})
    cfg = {"architecture": "amd64", "os": "linux",
           "created": "2024-01-01T00:00:00Z",
           "config": {"Env": ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin"
                              ":/usr/bin:/sbin:/bin",
                              "DB_PASSWORD=hunter2", "NODE_ENV=production"],
                      "Cmd": ["node", "/app/index.js"],
                      "WorkingDir": "/app",
                      "ExposedPorts": {"22/tcp": {}, "8080/tcp": {}},
                      "Volumes": {"/app/data": {}},
                      "Labels": {"org.opencontainers.image.title":
                                 "bench-image"}},
           "rootfs": {"type": "layers",
                      "diff_ids": ["sha256:" + l.diff for l in layers]},
           "history": hist}
    return json.dumps(cfg, sort_keys=True).encode()


class Out:
    """The image's members, in a tar or a directory."""

    def __init__(self, path, as_dir):
        self.path = path
        self.as_dir = as_dir
        if as_dir:
            os.makedirs(path, exist_ok=True)
            self.t = None
        else:
            self.t = tarfile.open(path, "w", format=tarfile.PAX_FORMAT)

    def _info(self, name, size):
        ti = tarfile.TarInfo(name)
        ti.mtime = MTIME
        ti.size = size
        ti.mode = 0o644
        return ti

    def data(self, name, raw):
        if self.as_dir:
            p = os.path.join(self.path, name)
            os.makedirs(os.path.dirname(p), exist_ok=True)
            with open(p, "wb") as f:
                f.write(raw)
        else:
            self.t.addfile(self._info(name, len(raw)), io.BytesIO(raw))

    def file(self, name, src):
        if self.as_dir:
            p = os.path.join(self.path, name)
            os.makedirs(os.path.dirname(p), exist_ok=True)
            shutil.copyfile(src, p)
        else:
            with open(src, "rb") as f:
                self.t.addfile(self._info(name, os.path.getsize(src)), f)

    def close(self):
        if self.t:
            self.t.close()


GZ_MT = "application/vnd.oci.image.layer.v1.tar+gzip"


def write_oci(out, layers, cfg, tag, with_manifest):
    out.data("oci-layout", b'{"imageLayoutVersion":"1.0.0"}')
    for l in layers:
        out.file("blobs/sha256/" + l.digest, l.path)
    cd = hashlib.sha256(cfg).hexdigest()
    out.data("blobs/sha256/" + cd, cfg)
    man = json.dumps({
        "schemaVersion": 2,
        "mediaType": "application/vnd.oci.image.manifest.v1+json",
        "config": {"mediaType": "application/vnd.oci.image.config.v1+json",
                   "digest": "sha256:" + cd, "size": len(cfg)},
        "layers": [{"mediaType": GZ_MT, "digest": "sha256:" + l.digest,
                    "size": l.size} for l in layers]},
        sort_keys=True).encode()
    md = hashlib.sha256(man).hexdigest()
    out.data("blobs/sha256/" + md, man)
    out.data("index.json", json.dumps({
        "schemaVersion": 2,
        "mediaType": "application/vnd.oci.image.index.v1+json",
        "manifests": [{
            "mediaType": "application/vnd.oci.image.manifest.v1+json",
            "digest": "sha256:" + md, "size": len(man),
            "annotations": {
                "io.containerd.image.name": "docker.io/library/" + tag,
                "org.opencontainers.image.ref.name": tag.split(":")[-1]}}]},
        sort_keys=True).encode())
    if with_manifest:
        out.data("manifest.json", json.dumps([{
            "Config": "blobs/sha256/" + cd, "RepoTags": [tag],
            "Layers": ["blobs/sha256/" + l.digest for l in layers]}]).encode())


def write_classic(out, layers, cfg, tag):
    cid = hashlib.sha256(cfg).hexdigest()
    out.data(cid + ".json", cfg)
    names = []
    for i, l in enumerate(layers):
        v1 = hashlib.sha256(("%d %s" % (i, l.diff)).encode()).hexdigest()
        out.data(v1 + "/VERSION", b"1.0")
        out.file(v1 + "/layer.tar", l.path)
        names.append(v1 + "/layer.tar")
    out.data("manifest.json", json.dumps([{
        "Config": cid + ".json", "RepoTags": [tag],
        "Layers": names}]).encode())


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--scale", type=int, default=1)
    ap.add_argument("--format", default="docker",
                    choices=("docker", "classic", "oci-dir"))
    ap.add_argument("out")
    a = ap.parse_args()
    s = a.scale
    g = Gen(SEED * 1000 + s)
    ldir = a.out + ".layers"
    os.makedirs(ldir, exist_ok=True)
    debs = make_debs(g, 600 * s)
    nbase = 450 * s
    steps = [
        lambda l: base_layer(g, l, debs[:nbase], s),
        lambda l: apt_layer(g, l, debs[nbase:], debs, s),
        lambda l: cleanup_layer(g, l, debs[nbase:], s),
        lambda l: python_layer(g, l, 200 * s),
        lambda l: npm_layer(g, l, 300 * s),
        lambda l: app_layer(g, l, s),
        lambda l: data_layer(g, l, s),
        lambda l: final_layer(g, l, s),
    ]
    layers = []
    for i, step in enumerate(steps):
        l = Layer(os.path.join(ldir, "%02d.tar.gz" % i))
        step(l)
        l.close()
        layers.append(l)
    cfg = config_json(layers)
    tag = "bench:%dx" % s
    out = Out(a.out, a.format == "oci-dir")
    if a.format == "classic":
        write_classic(out, layers, cfg, tag)
    else:
        write_oci(out, layers, cfg, tag, a.format == "docker")
    out.close()
    files = sum(l.files for l in layers)
    raw = sum(l.bytes for l in layers)
    tars = sum(l.tar_size for l in layers)
    gz = sum(l.size for l in layers)
    print("%s: %d layers, %d files, %d file bytes, %d tar bytes, "
          "%d gzip bytes, %d packages (%d deb, %d python, %d npm)"
          % (a.out, len(layers), files, raw, tars, gz,
             1100 * s, 600 * s, 200 * s, 300 * s))


if __name__ == "__main__":
    main()

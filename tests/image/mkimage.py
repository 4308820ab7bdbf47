#!/usr/bin/env python3
"""mkimage.py - write container images for the image reader's tests.

    mkimage.py FORMAT OUT SPEC_JSON

FORMAT: docker (classic docker save), hybrid (Docker 25+: OCI layout plus
manifest.json), oci-dir, oci-tar.  SPEC_JSON (a JSON text) says:

  layers      list of layers, each a list of entries
              {"name", "type": file|dir|symlink|hardlink, "data", "link",
               "mode", "uid", "gid", "zeros": N (N zero bytes, streamed)}
  compress    per layer: "none", "gzip" or "zstd" (zstd via the CLI)
  config      merged into the config's "config" object
  history     the config's history list (default: one line per layer)
  platforms   OCI only: ["linux/amd64", "linux/arm64/v8"]: an image index
              with one manifest each, plus a BuildKit attestation manifest
  missing     OCI only: drop the blobs of every platform but the first
  tag         repo:tag (default "test:1")
  corrupt     "blob" (a layer blob's bytes differ from its digest) or
              "diffid" (the config names a wrong diff_id)
  gzip_outer  gzip the whole tar
  dup_layer   docker: the last layer repeats layer 0 as a symlink member

Only the standard library and the zstd command are used.
"""
import gzip
import hashlib
import io
import json
import os
import subprocess
import sys
import tarfile


class Zeros(io.RawIOBase):
    def __init__(self, n):
        self.left = n

    def readable(self):
        return True

    def readinto(self, b):
        n = min(len(b), self.left)
        b[:n] = bytes(n)
        self.left -= n
        return n


def layer_tar(entries, path):
    with tarfile.open(path, "w", format=tarfile.PAX_FORMAT) as t:
        for e in entries:
            ti = tarfile.TarInfo(e["name"])
            ti.mode = e.get("mode", 0o644)
            ti.uid = e.get("uid", 0)
            ti.gid = e.get("gid", 0)
            kind = e.get("type", "file")
            data = None
            if kind == "dir":
                ti.type = tarfile.DIRTYPE
                ti.mode = e.get("mode", 0o755)
            elif kind == "symlink":
                ti.type = tarfile.SYMTYPE
                ti.linkname = e["link"]
            elif kind == "hardlink":
                ti.type = tarfile.LNKTYPE
                ti.linkname = e["link"]
            elif "zeros" in e:
                ti.size = e["zeros"]
                data = io.BufferedReader(Zeros(e["zeros"]), 1 << 20)
            else:
                raw = e.get("data", "").encode()
                ti.size = len(raw)
                data = io.BytesIO(raw)
            t.addfile(ti, data)


def sha_file(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def compress(path, how):
    if how == "gzip":
        with open(path, "rb") as f, gzip.open(path + ".gz", "wb", 6) as g:
            for chunk in iter(lambda: f.read(1 << 20), b""):
                g.write(chunk)
        return path + ".gz"
    if how == "zstd":
        subprocess.run(["zstd", "-q", "-f", path, "-o", path + ".zst"],
                       check=True)
        return path + ".zst"
    return path


def build_layers(spec, work):
    out = []
    comp = spec.get("compress", [])
    for i, entries in enumerate(spec["layers"]):
        tar = os.path.join(work, "layer%d.tar" % i)
        layer_tar(entries, tar)
        diff = sha_file(tar)
        how = comp[i] if i < len(comp) else "none"
        blob = compress(tar, how)
        out.append({"tar": tar, "blob": blob, "diff": diff,
                    "digest": sha_file(blob), "size": os.path.getsize(blob),
                    "how": how})
    if spec.get("corrupt") == "blob" and out:
        with open(out[-1]["blob"], "ab") as f:
            f.write(b"\0" * 512)
    return out


def config_json(spec, layers, plat="linux/amd64"):
    parts = plat.split("/")
    cfg = {"architecture": parts[1], "os": parts[0],
           "created": "2024-01-01T00:00:00Z",
           "config": spec.get("config", {}),
           "rootfs": {"type": "layers",
                      "diff_ids": ["sha256:" + l["diff"] for l in layers]}}
    if len(parts) > 2:
        cfg["variant"] = parts[2]
    if spec.get("corrupt") == "diffid" and layers:
        cfg["rootfs"]["diff_ids"][-1] = "sha256:" + "0" * 64
    cfg["history"] = spec.get("history", [
        {"created_by": "layer %d" % i} for i in range(len(layers))])
    return json.dumps(cfg, sort_keys=True).encode()


MT = {"none": "application/vnd.oci.image.layer.v1.tar",
      "gzip": "application/vnd.oci.image.layer.v1.tar+gzip",
      "zstd": "application/vnd.oci.image.layer.v1.tar+zstd"}


class Out:
    """Members of the image, written to a tar or a directory."""

    def __init__(self, path, as_dir):
        self.as_dir = as_dir
        self.path = path
        self.t = None if as_dir else tarfile.open(path, "w",
                                                  format=tarfile.GNU_FORMAT)
        if as_dir:
            os.makedirs(path, exist_ok=True)

    def data(self, name, raw):
        if self.as_dir:
            p = os.path.join(self.path, name)
            os.makedirs(os.path.dirname(p), exist_ok=True)
            with open(p, "wb") as f:
                f.write(raw)
        else:
            ti = tarfile.TarInfo(name)
            ti.size = len(raw)
            self.t.addfile(ti, io.BytesIO(raw))

    def file(self, name, src):
        if self.as_dir:
            with open(src, "rb") as f:
                self.data(name, f.read())
        else:
            self.t.add(src, name)

    def symlink(self, name, target):
        ti = tarfile.TarInfo(name)
        ti.type = tarfile.SYMTYPE
        ti.linkname = target
        self.t.addfile(ti)

    def close(self):
        if self.t:
            self.t.close()


def blob(out, raw):
    d = hashlib.sha256(raw).hexdigest()
    out.data("blobs/sha256/" + d, raw)
    return d


def write_docker(spec, layers, out):
    cfg = config_json(spec, layers)
    cid = hashlib.sha256(cfg).hexdigest()
    out.data(cid + ".json", cfg)
    names = []
    for i, l in enumerate(layers):
        v1 = "%064x" % (i + 1)
        if spec.get("dup_layer") and i == len(layers) - 1:
            out.symlink(v1 + "/layer.tar", "../%064x/layer.tar" % 1)
        else:
            out.data(v1 + "/VERSION", b"1.0")
            out.file(v1 + "/layer.tar", l["blob"])
        names.append(v1 + "/layer.tar")
    man = [{"Config": cid + ".json", "RepoTags": [spec.get("tag", "test:1")],
            "Layers": names}]
    out.data("manifest.json", json.dumps(man).encode())


def write_oci(spec, layers, out, hybrid):
    out.data("oci-layout", b'{"imageLayoutVersion":"1.0.0"}')
    plats = spec.get("platforms")
    descs = []
    layer_descs = []
    for l in layers:
        out.file("blobs/sha256/" + l["digest"], l["blob"])
        layer_descs.append({"mediaType": MT[l["how"]],
                            "digest": "sha256:" + l["digest"],
                            "size": l["size"]})
    cfgname = None
    for n, plat in enumerate(plats or ["linux/amd64"]):
        cfg = config_json(spec, layers, plat)
        cd = hashlib.sha256(cfg).hexdigest()
        man = json.dumps({
            "schemaVersion": 2,
            "mediaType": "application/vnd.oci.image.manifest.v1+json",
            "config": {"mediaType": "application/vnd.oci.image.config.v1+json",
                       "digest": "sha256:" + cd, "size": len(cfg)},
            "layers": layer_descs}).encode()
        md = hashlib.sha256(man).hexdigest()
        if not (spec.get("missing") and n > 0):
            out.data("blobs/sha256/" + cd, cfg)
            out.data("blobs/sha256/" + md, man)
        if n == 0:
            cfgname = "blobs/sha256/" + cd
        d = {"mediaType": "application/vnd.oci.image.manifest.v1+json",
             "digest": "sha256:" + md, "size": len(man)}
        if plats:
            p = plat.split("/")
            d["platform"] = {"os": p[0], "architecture": p[1]}
            if len(p) > 2:
                d["platform"]["variant"] = p[2]
        descs.append(d)
    tag = spec.get("tag", "test:1")
    ann = {"io.containerd.image.name": "docker.io/library/" + tag,
           "org.opencontainers.image.ref.name": tag.split(":")[-1]}
    if plats:
        att = json.dumps({"schemaVersion": 2, "layers": []}).encode()
        ad = blob(out, att)
        descs.append({"mediaType": "application/vnd.oci.image.manifest.v1+json",
                      "digest": "sha256:" + ad, "size": len(att),
                      "platform": {"os": "unknown", "architecture": "unknown"},
                      "annotations": {
                          "vnd.docker.reference.type": "attestation-manifest"}})
        sub = json.dumps({"schemaVersion": 2,
                          "mediaType": "application/vnd.oci.image.index.v1+json",
                          "manifests": descs}).encode()
        sd = blob(out, sub)
        top = [{"mediaType": "application/vnd.oci.image.index.v1+json",
                "digest": "sha256:" + sd, "size": len(sub),
                "annotations": ann}]
    else:
        descs[0]["annotations"] = ann
        top = descs
    top.append({"mediaType": "application/vnd.example.unknown+json",
                "digest": "sha256:" + "1" * 64, "size": 1})
    out.data("index.json", json.dumps({"schemaVersion": 2,
                                       "manifests": top}).encode())
    if hybrid:
        man = [{"Config": cfgname, "RepoTags": [tag],
                "Layers": ["blobs/sha256/" + l["digest"] for l in layers]}]
        out.data("manifest.json", json.dumps(man).encode())


def main():
    fmt, path, spec = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
    work = path + ".work"
    os.makedirs(work, exist_ok=True)
    layers = build_layers(spec, work)
    out = Out(path, fmt == "oci-dir")
    if fmt == "docker":
        write_docker(spec, layers, out)
    else:
        write_oci(spec, layers, out, fmt == "hybrid")
    out.close()
    if spec.get("gzip_outer"):
        with open(path, "rb") as f, gzip.open(path + ".gz", "wb") as g:
            g.write(f.read())
        os.replace(path + ".gz", path)
    for name in os.listdir(work):
        os.unlink(os.path.join(work, name))
    os.rmdir(work)


if __name__ == "__main__":
    main()

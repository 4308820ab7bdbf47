#!/usr/bin/python3
"""ref_layout.py - an independent reference of cosign signatures in an OCI
image layout, and the layout surgery the tests need.

Written from the format description (docs/signing.md; cosign
pkg/oci/layout, pkg/cosign/verify.go; sigstore pkg/signature/payload) with
the standard library and cosign_ref.py (pyca/cryptography), sharing no
code with customs.  Run with Debian's /usr/bin/python3.

    ref_layout.py verify LAYOUT PUB [--ref NAME]
        verify as cosign's layout reader does: index.json -> the image ->
        the signatures manifest (ref name sha256-<hex>.sig, else kind
        dev.cosignproject.cosign/sigs) -> each layer: blob digest and size,
        signature annotation, ECDSA over the payload bytes, payload type
        and digest (and repository with --ref).  With --strict the
        manifest, its config and the index.json descriptor must also be
        exactly what cosign writes.  Exit 0 when a signature verifies.
    ref_layout.py sign LAYOUT KEY NAME [--password PW] [-a K=V]...
        sign the layout's only image cosign-style (payload bytes built
        here) for repository NAME.
    ref_layout.py cosign-save LAYOUT
        rewrite index.json as `cosign save` writes it: the image with
        annotation kind=dev.cosignproject.cosign/image only, then empty
        sigs and atts manifests named by kind only.
    ref_layout.py tamper-payload LAYOUT     change a byte of signature 1
    ref_layout.py tamper-sig LAYOUT         change its signature annotation
    ref_layout.py graft FROM TO             store FROM's signature
        manifest as the signatures of TO's image
    ref_layout.py count LAYOUT SUFFIX       descriptors named *SUFFIX, and
        the layers of the last one: "DESCRIPTORS LAYERS"
    ref_layout.py digests LAYOUT            the signature layers' digests
"""
import base64
import hashlib
import json
import os
import re
import sys

SIG_MEDIA = "application/vnd.dev.cosign.simplesigning.v1+json"
OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json"
OCI_INDEX = "application/vnd.oci.image.index.v1+json"
OCI_CONFIG = "application/vnd.oci.image.config.v1+json"
SIG_ANNOT = "dev.cosignproject.cosign/signature"
KIND = "kind"
KIND_IMAGE = "dev.cosignproject.cosign/image"
KIND_SIGS = "dev.cosignproject.cosign/sigs"
KIND_ATTS = "dev.cosignproject.cosign/atts"
REF_NAME = "org.opencontainers.image.ref.name"
ZERO_TIME = "0001-01-01T00:00:00Z"
HEX64 = re.compile(r"^sha256:[0-9a-f]{64}$")


def go_json(v):
    """Compact JSON the way Go's encoding/json writes struct-ordered data."""
    s = json.dumps(v, separators=(",", ":"), ensure_ascii=False)
    return (s.replace("<", "\\u003c").replace(">", "\\u003e")
            .replace("&", "\\u0026").replace("\u2028", "\\u2028")
            .replace("\u2029", "\\u2029"))


def blob_path(layout, digest):
    if not HEX64.match(digest):
        raise ValueError("bad digest %r" % digest)
    return os.path.join(layout, "blobs", "sha256", digest[7:])


def read_blob(layout, desc):
    with open(blob_path(layout, desc["digest"]), "rb") as f:
        data = f.read()
    if "sha256:" + hashlib.sha256(data).hexdigest() != desc["digest"]:
        raise ValueError("digest mismatch for " + desc["digest"])
    if len(data) != desc["size"]:
        raise ValueError("size mismatch for " + desc["digest"])
    return data


def write_blob(layout, data):
    d = "sha256:" + hashlib.sha256(data).hexdigest()
    os.makedirs(os.path.join(layout, "blobs", "sha256"), exist_ok=True)
    with open(blob_path(layout, d), "wb") as f:
        f.write(data)
    return d


def load_index(layout):
    with open(os.path.join(layout, "index.json"), "rb") as f:
        return json.loads(f.read())


def save_index(layout, idx):
    with open(os.path.join(layout, "index.json"), "w") as f:
        json.dump(idx, f, indent=3)
        f.write("\n")


def ann(d):
    return d.get("annotations") or {}


def attached(d):
    a = ann(d)
    return (a.get(KIND) in (KIND_SIGS, KIND_ATTS) or
            re.match(r"^sha256-[0-9a-f]{64}\.(sig|att|sbom)$",
                     a.get(REF_NAME, "")) is not None)


def the_image(idx):
    for d in idx["manifests"]:
        if ann(d).get(KIND) == KIND_IMAGE:
            return d
    imgs = [d for d in idx["manifests"]
            if d["mediaType"] in (OCI_MANIFEST, OCI_INDEX) and
            not attached(d)]
    if len(imgs) != 1:
        raise SystemExit("expected one image, found %d" % len(imgs))
    return imgs[0]


def sigs_desc(idx, image_digest, suffix=".sig", kind=KIND_SIGS):
    name = "sha256-%s%s" % (image_digest[7:], suffix)
    for d in idx["manifests"]:
        if ann(d).get(REF_NAME) == name:
            return d
    for d in idx["manifests"]:
        if ann(d).get(KIND) == kind:
            return d
    return None


def docker_reference(name):
    """go-containerregistry's Repository.Name() for an image name."""
    name = name.split("@")[0]
    first, _, rest = name.partition("/")
    if rest and ("." in first or ":" in first or first == "localhost"):
        reg, repo = first, rest
    else:
        reg, repo = "index.docker.io", name
    last = repo.rsplit("/", 1)[-1]
    if ":" in last:
        repo = repo[:len(repo) - len(last)] + last.split(":")[0]
    if reg in ("docker.io", "index.docker.io"):
        reg = "index.docker.io"
        if "/" not in repo:
            repo = "library/" + repo
    return reg + "/" + repo


def payload_bytes(ref, digest, annotations):
    crit = {"identity": {"docker-reference": ref},
            "image": {"docker-manifest-digest": digest},
            "type": "cosign container image signature"}
    opt = dict(sorted(annotations.items())) if annotations else None
    return go_json({"critical": crit, "optional": opt}).encode()


def expected_config(layers):
    return go_json({
        "architecture": "", "created": ZERO_TIME,
        "history": [{"created": ZERO_TIME} for _ in layers],
        "os": "",
        "rootfs": {"type": "layers",
                   "diff_ids": [l["digest"] for l in layers]},
        "config": {}}).encode()


def cmd_verify(layout, pub, ref, strict):
    import cosign_ref
    idx = load_index(layout)
    img = the_image(idx)
    read_blob(layout, img)
    sd = sigs_desc(idx, img["digest"])
    if sd is None:
        print("ref: no signatures for " + img["digest"])
        return 1
    mbytes = read_blob(layout, sd)
    man = json.loads(mbytes)
    problems = []
    if strict:
        want_ann = {KIND: KIND_SIGS,
                    REF_NAME: "sha256-%s.sig" % img["digest"][7:]}
        if ann(sd) != want_ann or sd["mediaType"] != OCI_MANIFEST:
            problems.append("index.json descriptor %r" % sd)
        cbytes = read_blob(layout, man["config"])
        if cbytes != expected_config(man["layers"]):
            problems.append("config is %r" % cbytes)
        layers = [{"mediaType": l["mediaType"], "size": l["size"],
                   "digest": l["digest"],
                   "annotations": {SIG_ANNOT: ann(l).get(SIG_ANNOT)}}
                  for l in man["layers"]]
        want = go_json({"schemaVersion": 2, "mediaType": OCI_MANIFEST,
                        "config": {"mediaType": OCI_CONFIG,
                                   "size": len(cbytes),
                                   "digest": man["config"]["digest"]},
                        "layers": layers}).encode()
        if mbytes != want:
            problems.append("manifest is %r, not %r" % (mbytes, want))
    for p in problems:
        print("ref: shape: " + p)
    good = 0
    for i, l in enumerate(man["layers"]):
        why = None
        try:
            payload = read_blob(layout, l)
            sig = base64.b64decode(ann(l)[SIG_ANNOT], validate=True)
            if l["mediaType"] != SIG_MEDIA:
                why = "media type " + l["mediaType"]
            elif not cosign_ref.verify(pub, payload, sig):
                why = "signature does not verify"
            else:
                p = json.loads(payload)
                c = p["critical"]
                if c["type"] != "cosign container image signature":
                    why = "type " + c["type"]
                elif c["image"]["docker-manifest-digest"] != img["digest"]:
                    why = "payload is for another image"
                elif ref and c["identity"]["docker-reference"] != \
                        docker_reference(ref):
                    why = "payload names " + \
                        c["identity"]["docker-reference"]
        except (ValueError, KeyError, TypeError, OSError) as e:
            why = "%s: %s" % (type(e).__name__, e)
        print("ref: signature %d: %s" % (i + 1, why or "verified"))
        good += why is None
    return 0 if good and not problems else 1


def cmd_sign(layout, key, name, password, annotations):
    import cosign_ref
    idx = load_index(layout)
    img = the_image(idx)
    payload = payload_bytes(docker_reference(name), img["digest"],
                            annotations)
    with open(key, "rb") as f:
        pem = f.read()
    if b"ENCRYPTED" in pem:
        priv = cosign_ref.load_private(key, password)
    else:
        from cryptography.hazmat.primitives import serialization
        priv = serialization.load_pem_private_key(pem, None)
    sig = cosign_ref.sign(priv, payload)
    pd = write_blob(layout, payload)
    sd = sigs_desc(idx, img["digest"])
    layers = []
    if sd is not None:
        layers = json.loads(read_blob(layout, sd))["layers"] or []
    layers.append({"mediaType": SIG_MEDIA, "size": len(payload),
                   "digest": pd,
                   "annotations": {SIG_ANNOT: base64.b64encode(sig)
                                   .decode()}})
    cfg = expected_config(layers)
    man = go_json({"schemaVersion": 2, "mediaType": OCI_MANIFEST,
                   "config": {"mediaType": OCI_CONFIG, "size": len(cfg),
                              "digest": write_blob(layout, cfg)},
                   "layers": layers}).encode()
    desc = {"mediaType": OCI_MANIFEST, "size": len(man),
            "digest": write_blob(layout, man)}
    if sd is None:
        desc["annotations"] = {
            KIND: KIND_SIGS,
            REF_NAME: "sha256-%s.sig" % img["digest"][7:]}
        idx["manifests"].append(desc)
    else:
        # cosign save names it by kind only; keep whatever it had
        desc["annotations"] = ann(sd)
        idx["manifests"][idx["manifests"].index(sd)] = desc
    save_index(layout, idx)
    return 0


def cmd_cosign_save(layout):
    idx = load_index(layout)
    img = dict(the_image(idx))
    img["annotations"] = {KIND: KIND_IMAGE}
    empty_cfg = go_json({"architecture": "", "created": ZERO_TIME,
                         "history": None, "os": "",
                         "rootfs": {"type": "layers", "diff_ids": None},
                         "config": {}}).encode()
    man = go_json({"schemaVersion": 2, "mediaType": OCI_MANIFEST,
                   "config": {"mediaType": OCI_CONFIG,
                              "size": len(empty_cfg),
                              "digest": write_blob(layout, empty_cfg)},
                   "layers": None}).encode()
    md = write_blob(layout, man)
    idx["manifests"] = [img] + [
        {"mediaType": OCI_MANIFEST, "size": len(man), "digest": md,
         "annotations": {KIND: k}} for k in (KIND_SIGS, KIND_ATTS)]
    save_index(layout, idx)
    return 0


def rewrite_sigs(layout, change):
    """Apply change(manifest) to the signature manifest, store it anew."""
    idx = load_index(layout)
    img = the_image(idx)
    sd = sigs_desc(idx, img["digest"])
    man = json.loads(read_blob(layout, sd))
    change(man)
    data = go_json(man).encode()
    sd["digest"] = write_blob(layout, data)
    sd["size"] = len(data)
    save_index(layout, idx)


def cmd_tamper_payload(layout):
    idx = load_index(layout)
    sd = sigs_desc(idx, the_image(idx)["digest"])
    l = json.loads(read_blob(layout, sd))["layers"][0]
    path = blob_path(layout, l["digest"])
    with open(path, "rb") as f:
        data = bytearray(f.read())
    data[data.index(b"sha256:") + 7] ^= 1
    with open(path, "wb") as f:
        f.write(bytes(data))
    return 0


def cmd_tamper_sig(layout):
    def change(man):
        a = man["layers"][0]["annotations"]
        raw = bytearray(base64.b64decode(a[SIG_ANNOT]))
        raw[-1] ^= 1
        a[SIG_ANNOT] = base64.b64encode(bytes(raw)).decode()
    rewrite_sigs(layout, change)
    return 0


def cmd_graft(src, dst):
    sidx = load_index(src)
    sd = sigs_desc(sidx, the_image(sidx)["digest"])
    mbytes = read_blob(src, sd)
    man = json.loads(mbytes)
    for d in [man["config"]] + man["layers"]:
        write_blob(dst, read_blob(src, d))
    didx = load_index(dst)
    img = the_image(didx)
    didx["manifests"].append({
        "mediaType": OCI_MANIFEST, "size": len(mbytes),
        "digest": write_blob(dst, mbytes),
        "annotations": {KIND: KIND_SIGS,
                        REF_NAME: "sha256-%s.sig" % img["digest"][7:]}})
    save_index(dst, didx)
    return 0


def cmd_count(layout, suffix):
    idx = load_index(layout)
    named = [d for d in idx["manifests"]
             if ann(d).get(REF_NAME, "").endswith(suffix)]
    layers = 0
    if named:
        layers = len(json.loads(read_blob(layout, named[-1]))["layers"])
    print(len(named), layers)
    return 0


def cmd_digests(layout):
    idx = load_index(layout)
    sd = sigs_desc(idx, the_image(idx)["digest"])
    for l in json.loads(read_blob(layout, sd))["layers"] or []:
        print(l["digest"])
    return 0


def main(argv):
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    cmd, rest = argv[0], argv[1:]
    opts = {"--ref": None, "--password": os.environ.get("COSIGN_PASSWORD",
                                                         "")}
    annotations = {}
    strict = "--strict" in rest
    rest = [a for a in rest if a != "--strict"]
    pos = []
    i = 0
    while i < len(rest):
        if rest[i] in opts:
            opts[rest[i]] = rest[i + 1]
            i += 2
        elif rest[i] == "-a":
            k, _, v = rest[i + 1].partition("=")
            annotations[k] = v
            i += 2
        else:
            pos.append(rest[i])
            i += 1
    if cmd == "verify":
        return cmd_verify(pos[0], pos[1], opts["--ref"], strict)
    if cmd == "sign":
        return cmd_sign(pos[0], pos[1], pos[2], opts["--password"],
                        annotations)
    if cmd == "cosign-save":
        return cmd_cosign_save(pos[0])
    if cmd == "tamper-payload":
        return cmd_tamper_payload(pos[0])
    if cmd == "tamper-sig":
        return cmd_tamper_sig(pos[0])
    if cmd == "graft":
        return cmd_graft(pos[0], pos[1])
    if cmd == "digests":
        return cmd_digests(pos[0])
    if cmd == "count":
        return cmd_count(pos[0], pos[1])
    raise SystemExit(__doc__)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

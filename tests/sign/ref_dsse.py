#!/usr/bin/python3
"""ref_dsse.py - an independent reference of DSSE, in-toto and cosign's
attestation storage in an OCI layout.

Written from the specifications (secure-systems-lab/dsse protocol.md and
envelope.md v1.0.2, in-toto Statement v1, docs/signing.md) in plain
Python, sharing no code with customs; keys are read and used through
cosign_ref.py (hashlib scrypt, PyNaCl, pyca/cryptography).  Run with
Debian's /usr/bin/python3.

    PAE(type, body) = b"DSSEv1 " + len(type) + b" " + type + b" "
                      + len(body) + b" " + body     (lengths in ASCII decimal)
    envelope = {"payloadType", "payload": b64(body),
                "signatures": [{"keyid", "sig": b64(sig over PAE)}]}

Command line (password: --password PW, else $COSIGN_PASSWORD, else empty):
    ref_dsse.py attest KEY FILE TYPE_URI PREDICATE.json
        an envelope (stdout) whose Statement v1 names FILE by base name and
        sha256
    ref_dsse.py verify PUB FILE ENVELOPE [--type URI]
        exit 0 when ENVELOPE verifies over PAE with PUB, is an in-toto
        statement (v1 or v0.1) with a subject of FILE's sha256 (and the
        predicate type URI); 1 otherwise, saying why
    ref_dsse.py attest-layout KEY LAYOUT NAME TYPE_URI PREDICATE.json
        attest the layout's image (the one image manifest of index.json
        that is not a cosign .sig/.att) and store the envelope as cosign
        does: an image manifest tagged sha256-<hex>.att whose layer is the
        envelope (application/vnd.dsse.envelope.v1+json, annotations
        predicateType and dev.cosignproject.cosign/signature = "")
    ref_dsse.py store-layout LAYOUT ENVELOPE TYPE_URI
        store an existing envelope file the same way (whatever it says)
    ref_dsse.py verify-layout PUB LAYOUT [--type URI]
        read the .att manifest of the layout's image from index.json, check
        every layer's media type, annotations and blob digest, and verify
        each envelope against the image manifest digest; exit 0 when all
        do (and at least one exists)
"""

import argparse
import base64
import hashlib
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import cosign_ref  # noqa: E402

PAYLOAD_TYPE = "application/vnd.in-toto+json"
STATEMENTS = ("https://in-toto.io/Statement/v1",
              "https://in-toto.io/Statement/v0.1")
DSSE_MEDIA = "application/vnd.dsse.envelope.v1+json"
SIG_ANNOT = "dev.cosignproject.cosign/signature"
OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json"
OCI_INDEX = "application/vnd.oci.image.index.v1+json"
OCI_CONFIG = "application/vnd.oci.image.config.v1+json"


class Refused(Exception):
    pass


def pae(ptype, body):
    t = ptype.encode()
    return b"DSSEv1 %d %s %d %s" % (len(t), t, len(body), body)


def b64decode_any(s):
    """Standard or URL-safe alphabet, padding optional."""
    s = s.strip().replace("-", "+").replace("_", "/")
    s += "=" * (-len(s) % 4)
    return base64.b64decode(s, validate=True)


def statement(name, hexdigest, type_uri, predicate):
    subj = {"digest": {"sha256": hexdigest}}
    if name:
        subj = {"name": name, "digest": {"sha256": hexdigest}}
    return {"_type": STATEMENTS[0], "subject": [subj],
            "predicateType": type_uri, "predicate": predicate}


def envelope(key, body):
    sig = cosign_ref.sign(key, pae(PAYLOAD_TYPE, body))
    return {"payloadType": PAYLOAD_TYPE,
            "payload": base64.b64encode(body).decode(),
            "signatures": [{"keyid": "", "sig":
                            base64.b64encode(sig).decode()}]}


def check_envelope(pub, env, hexdigest, type_uri):
    """The predicate type of a verified envelope, or Refused."""
    if not isinstance(env, dict):
        raise Refused("the envelope is not an object")
    ptype, payload = env.get("payloadType"), env.get("payload")
    sigs = env.get("signatures")
    if not isinstance(ptype, str) or not isinstance(payload, str):
        raise Refused("payloadType or payload missing")
    if not isinstance(sigs, list) or not sigs:
        raise Refused("no signatures")
    try:
        body = b64decode_any(payload)
    except ValueError:
        raise Refused("payload is not base64")
    message = pae(ptype, body)
    ok = False
    for s in sigs:
        try:
            sig = b64decode_any(s["sig"])
        except (KeyError, TypeError, ValueError):
            continue
        if cosign_ref.verify(pub, message, sig):
            ok = True
            break
    if not ok:
        raise Refused("no signature verifies over the PAE")
    if ptype != PAYLOAD_TYPE:
        raise Refused("payloadType is " + ptype)
    st = json.loads(body)
    if st.get("_type") not in STATEMENTS:
        raise Refused("not an in-toto statement")
    if not any(isinstance(sub, dict) and
               isinstance(sub.get("digest"), dict) and
               str(sub["digest"].get("sha256", "")).lower() == hexdigest
               for sub in st.get("subject", [])):
        raise Refused("no subject with digest sha256:" + hexdigest)
    if type_uri and st.get("predicateType") != type_uri:
        raise Refused("predicate type is %s" % st.get("predicateType"))
    return st.get("predicateType")


def file_sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 16), b""):
            h.update(chunk)
    return h.hexdigest()


def compact(obj):
    return json.dumps(obj, separators=(",", ":")).encode()


# ---- OCI layout ----

def read_blob(layout, digest):
    alg, hexd = digest.split(":", 1)
    with open(os.path.join(layout, "blobs", alg, hexd), "rb") as f:
        data = f.read()
    if hashlib.sha256(data).hexdigest() != hexd:
        raise Refused("blob %s does not match its digest" % digest)
    return data


def write_blob(layout, data):
    hexd = hashlib.sha256(data).hexdigest()
    d = os.path.join(layout, "blobs", "sha256")
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, hexd), "wb") as f:
        f.write(data)
    return "sha256:" + hexd


def ref_name(desc):
    return (desc.get("annotations") or {}).get(
        "org.opencontainers.image.ref.name", "")


def find_image(index):
    imgs = [d for d in index["manifests"]
            if d.get("mediaType") in (OCI_MANIFEST, OCI_INDEX)
            and not ref_name(d).endswith((".sig", ".att", ".sbom"))
            and not (d.get("annotations") or {}).get("kind", "")
            .endswith(("/sigs", "/atts"))]
    if len(imgs) != 1:
        raise Refused("expected one image in the layout, found %d"
                      % len(imgs))
    return imgs[0]


def load_index(layout):
    with open(os.path.join(layout, "index.json")) as f:
        return json.load(f)


def attest_layout(key, layout, name, type_uri, predicate):
    img = find_image(load_index(layout))
    hexd = img["digest"].split(":", 1)[1]
    env = compact(envelope(key, compact(
        statement(name, hexd, type_uri, predicate))))
    store_layout(layout, env, type_uri)


def store_layout(layout, env, type_uri):
    index = load_index(layout)
    img = find_image(index)
    hexd = img["digest"].split(":", 1)[1]
    layer_digest = write_blob(layout, env)
    config = compact({"architecture": "", "created": "0001-01-01T00:00:00Z",
                      "history": [{"created": "0001-01-01T00:00:00Z"}],
                      "os": "", "rootfs": {"type": "layers",
                                           "diff_ids": [layer_digest]},
                      "config": {}})
    config_digest = write_blob(layout, config)
    manifest = compact({
        "schemaVersion": 2, "mediaType": OCI_MANIFEST,
        "config": {"mediaType": OCI_CONFIG, "size": len(config),
                   "digest": config_digest},
        "layers": [{"mediaType": DSSE_MEDIA, "size": len(env),
                    "digest": layer_digest,
                    "annotations": {SIG_ANNOT: "",
                                    "predicateType": type_uri}}]})
    man_digest = write_blob(layout, manifest)
    tag = "sha256-%s.att" % hexd
    index["manifests"] = [d for d in index["manifests"]
                          if ref_name(d) != tag]
    index["manifests"].append({
        "mediaType": OCI_MANIFEST, "size": len(manifest),
        "digest": man_digest,
        "annotations": {"kind": "dev.cosignproject.cosign/atts",
                        "org.opencontainers.image.ref.name": tag}})
    with open(os.path.join(layout, "index.json"), "w") as f:
        json.dump(index, f)


def verify_layout(pub, layout, type_uri):
    index = load_index(layout)
    img = find_image(index)
    hexd = img["digest"].split(":", 1)[1]
    tag = "sha256-%s.att" % hexd
    atts = [d for d in index["manifests"] if ref_name(d) == tag]
    if len(atts) != 1:
        raise Refused("no %s manifest in index.json" % tag)
    man = json.loads(read_blob(layout, atts[0]["digest"]))
    if man.get("mediaType", OCI_MANIFEST) != OCI_MANIFEST:
        raise Refused("the .att manifest is a " + man.get("mediaType"))
    layers = man.get("layers") or []
    if not layers:
        raise Refused("the .att manifest has no layers")
    for i, layer in enumerate(layers, 1):
        if layer.get("mediaType") != DSSE_MEDIA:
            raise Refused("layer %d is a %s" % (i, layer.get("mediaType")))
        ann = layer.get("annotations") or {}
        if ann.get(SIG_ANNOT) != "":
            raise Refused("layer %d: %s is not \"\"" % (i, SIG_ANNOT))
        if not ann.get("predicateType"):
            raise Refused("layer %d has no predicateType annotation" % i)
        data = read_blob(layout, layer["digest"])
        if len(data) != layer.get("size"):
            raise Refused("layer %d: size differs" % i)
        got = check_envelope(pub, json.loads(data), hexd, type_uri)
        if got != ann["predicateType"]:
            raise Refused("layer %d: annotation predicateType %s, "
                          "statement %s" % (i, ann["predicateType"], got))
        print("layer %d: ok (%s)" % (i, got))


def main(argv):
    ap = argparse.ArgumentParser()
    ap.add_argument("--password")
    sub = ap.add_subparsers(dest="cmd", required=True)
    a = sub.add_parser("attest")
    for n in ("key", "file", "type_uri", "predicate"):
        a.add_argument(n)
    v = sub.add_parser("verify")
    for n in ("pub", "file", "envelope"):
        v.add_argument(n)
    v.add_argument("--type")
    al = sub.add_parser("attest-layout")
    for n in ("key", "layout", "name", "type_uri", "predicate"):
        al.add_argument(n)
    sl = sub.add_parser("store-layout")
    for n in ("layout", "envelope", "type_uri"):
        sl.add_argument(n)
    vl = sub.add_parser("verify-layout")
    for n in ("pub", "layout"):
        vl.add_argument(n)
    vl.add_argument("--type")
    args = ap.parse_args(argv)
    pw = args.password
    if pw is None:
        pw = os.environ.get("COSIGN_PASSWORD", "")
    try:
        if args.cmd == "attest":
            key = cosign_ref.load_private(args.key, pw)
            with open(args.predicate) as f:
                pred = json.load(f)
            body = compact(statement(os.path.basename(args.file),
                                     file_sha256(args.file),
                                     args.type_uri, pred))
            sys.stdout.write(json.dumps(envelope(key, body)) + "\n")
        elif args.cmd == "verify":
            with open(args.envelope) as f:
                env = json.load(f)
            got = check_envelope(args.pub, env, file_sha256(args.file),
                                 args.type)
            print("ok (%s)" % got)
        elif args.cmd == "attest-layout":
            key = cosign_ref.load_private(args.key, pw)
            with open(args.predicate) as f:
                pred = json.load(f)
            attest_layout(key, args.layout, args.name, args.type_uri, pred)
        elif args.cmd == "store-layout":
            with open(args.envelope, "rb") as f:
                store_layout(args.layout, f.read().strip(), args.type_uri)
        else:
            verify_layout(args.pub, args.layout, args.type)
    except Refused as e:
        print("refused: %s" % e, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

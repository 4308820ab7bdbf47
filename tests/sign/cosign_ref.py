#!/usr/bin/python3
"""cosign_ref.py - an independent reference of cosign's key-pair formats.

Written from the format description (docs/signing.md; cosign
pkg/cosign/keys.go and go-securesystemslib encrypted/encrypted.go), with
Python's own scrypt (hashlib), PyNaCl's secretbox and pyca/cryptography,
so that tests can check customs against something that shares none of its
code.  Run with Debian's /usr/bin/python3 (python3-cryptography,
python3-nacl).

Encrypted private key (what `cosign generate-key-pair` writes):
    -----BEGIN ENCRYPTED SIGSTORE PRIVATE KEY-----   (legacy: ...COSIGN...)
    base64 of the JSON, 64-column lines
    {"kdf":{"name":"scrypt","params":{"N":65536,"r":8,"p":1},"salt":"<b64>"},
     "cipher":{"name":"nacl/secretbox","nonce":"<b64>"},"ciphertext":"<b64>"}
  key = scrypt(password, salt(32 B), N, r, p, 32); ciphertext = NaCl
  secretbox (16-byte Poly1305 tag first) of the PKCS#8 DER private key.

Library use:
    write_key(prefix, password, N=65536, label=LABEL_SIGSTORE, curve="P-256",
              plaintext="pkcs8", key=None, declared=None) -> (key_path, pub_path)
    load_private(path, password) -> cryptography private key
    sign(key, data) -> DER signature (ECDSA, hash by curve; RSA PKCS#1 v1.5)
    verify(pubpem, data, sig) -> bool
    hint(pubpem) -> base64(sha256(DER SubjectPublicKeyInfo))

Command line (password: --password PW, else $COSIGN_PASSWORD, else empty):
    cosign_ref.py generate PREFIX [--N N] [--legacy] [--curve C] [--sec1]
                  [--declare-N N] [--declare-r R] [--declare-p P]
        writes PREFIX.key and PREFIX.pub (C: P-256, P-384, P-521, RSA-2048,
        RSA-3072, RSA-4096).  --sec1 puts SEC1 DER in the box (cosign
        refuses such a key); --declare-* write other scrypt parameters into
        the JSON than the ones used to encrypt (keys that must be refused
        before any scrypt work; N=2^20 would need 1 GiB to derive).
    cosign_ref.py plain PREFIX [--curve C] [--sec1]
        an unencrypted PREFIX.pem (PKCS#8; --sec1: SEC1 for EC, PKCS#1 for
        RSA) and PREFIX.pub
    cosign_ref.py import PEM PREFIX [--N N] [--legacy]
        encrypt an existing plain PEM private key (PKCS#8, SEC1, PKCS#1)
    cosign_ref.py public KEY            the public key PEM of an encrypted key
    cosign_ref.py pkcs8 KEY             its plain PKCS#8 PEM
    cosign_ref.py sign KEY FILE         base64 DER signature of FILE's bytes
    cosign_ref.py verify PUB FILE SIG   SIG: a file (base64 or DER) or base64
                                        text; exit 0 valid, 1 not
    cosign_ref.py hint PUB
    cosign_ref.py bundle KEY FILE       a v0.3 bundle (messageSignature)
    cosign_ref.py verify-bundle PUB FILE BUNDLE   exit 0 valid, 1 not
"""

import base64
import hashlib
import json
import os
import sys

import nacl.secret
import nacl.utils
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa

LABEL_SIGSTORE = "ENCRYPTED SIGSTORE PRIVATE KEY"
LABEL_COSIGN = "ENCRYPTED COSIGN PRIVATE KEY"
ALLOWED_N = (32768, 65536, 131072)
BUNDLE_V03 = "application/vnd.dev.sigstore.bundle.v0.3+json"

_CURVES = {"P-256": ec.SECP256R1, "P-384": ec.SECP384R1,
           "P-521": ec.SECP521R1}


class RefError(Exception):
    pass


def b64(data):
    return base64.b64encode(data).decode("ascii")


def pem_encode(label, der):
    """Go's pem.Encode: 64-column base64 lines."""
    text = b64(der)
    lines = [text[i:i + 64] for i in range(0, len(text), 64)]
    return ("-----BEGIN %s-----\n%s\n-----END %s-----\n"
            % (label, "\n".join(lines), label)).encode("ascii")


def pem_decode(data):
    """(label, der) of the first PEM block."""
    text = data.decode("ascii") if isinstance(data, bytes) else data
    begin = text.find("-----BEGIN ")
    if begin < 0:
        raise RefError("no PEM block")
    head_end = text.find("-----", begin + 11)
    label = text[begin + 11:head_end]
    end_marker = "-----END %s-----" % label
    end = text.find(end_marker, head_end)
    if end < 0:
        raise RefError("PEM block not terminated")
    body = "".join(text[head_end + 5:end].split())
    return label, base64.b64decode(body, validate=True)


def scrypt(password, salt, n, r, p):
    pw = password.encode() if isinstance(password, str) else password
    return hashlib.scrypt(pw, salt=salt, n=n, r=r, p=p, dklen=32,
                          maxmem=256 * r * n + (1 << 20))


def _new_key(curve):
    if curve in _CURVES:
        return ec.generate_private_key(_CURVES[curve]())
    if curve.startswith("RSA-"):
        return rsa.generate_private_key(65537, int(curve[4:]))
    raise RefError("unknown curve %r" % curve)


def _private_der(key, plaintext):
    if plaintext == "pkcs8":
        fmt = serialization.PrivateFormat.PKCS8
    elif plaintext == "sec1":   # cryptography's name for SEC1 / PKCS#1
        fmt = serialization.PrivateFormat.TraditionalOpenSSL
    else:
        raise RefError("plaintext must be pkcs8 or sec1")
    return key.private_bytes(serialization.Encoding.DER, fmt,
                             serialization.NoEncryption())


def public_pem(key):
    pub = key.public_key() if hasattr(key, "public_key") else key
    return pub.public_bytes(serialization.Encoding.PEM,
                            serialization.PublicFormat.SubjectPublicKeyInfo)


def encrypt_key(key, password, N=65536, label=LABEL_SIGSTORE,
                plaintext="pkcs8", declared=None):
    """The encrypted PEM (bytes) of a private key.  declared: scrypt
    params {"N","r","p"} to write instead of the ones used."""
    salt = nacl.utils.random(32)
    nonce = nacl.utils.random(24)
    secret = scrypt(password, salt, N, 8, 1)
    box = nacl.secret.SecretBox(secret)
    ct = box.encrypt(_private_der(key, plaintext), nonce).ciphertext
    params = {"N": N, "r": 8, "p": 1}
    if declared:
        params.update(declared)
    doc = {"kdf": {"name": "scrypt",
                   "params": {"N": params["N"], "r": params["r"],
                              "p": params["p"]},
                   "salt": b64(salt)},
           "cipher": {"name": "nacl/secretbox", "nonce": b64(nonce)},
           "ciphertext": b64(ct)}
    body = json.dumps(doc, separators=(",", ":")).encode()
    return pem_encode(label, body)


def write_key(path_prefix, password, N=65536, label=LABEL_SIGSTORE,
              curve="P-256", plaintext="pkcs8", key=None, declared=None):
    """Write PATH_PREFIX.key (encrypted) and PATH_PREFIX.pub."""
    if key is None:
        key = _new_key(curve)
    kp, pp = path_prefix + ".key", path_prefix + ".pub"
    with open(kp, "wb") as f:
        f.write(encrypt_key(key, password, N, label, plaintext, declared))
    os.chmod(kp, 0o600)
    with open(pp, "wb") as f:
        f.write(public_pem(key))
    return kp, pp


def _der_is_pkcs8(der):
    """PKCS#8 PrivateKeyInfo: SEQUENCE { INTEGER, SEQUENCE algid, ... };
    SEC1 and PKCS#1 have an INTEGER where the AlgorithmIdentifier is."""
    def skip_header(pos):
        tag = der[pos]
        ln = der[pos + 1]
        pos += 2
        if ln & 0x80:
            k = ln & 0x7F
            ln = int.from_bytes(der[pos:pos + k], "big")
            pos += k
        return tag, ln, pos
    try:
        tag, _, pos = skip_header(0)
        if tag != 0x30:
            return False
        tag, ln, pos = skip_header(pos)
        if tag != 0x02:
            return False
        tag, _, _ = skip_header(pos + ln)
        return tag == 0x30
    except IndexError:
        return False


def decrypt_key(pem, password):
    """The PKCS#8 DER inside an encrypted key (RefError when refused)."""
    label, body = pem_decode(pem)
    if label not in (LABEL_SIGSTORE, LABEL_COSIGN):
        raise RefError("not an encrypted cosign key: %s" % label)
    doc = json.loads(body)
    kdf, cipher = doc["kdf"], doc["cipher"]
    if kdf["name"] != "scrypt":
        raise RefError("unsupported kdf %r" % kdf["name"])
    if cipher["name"] != "nacl/secretbox":
        raise RefError("unsupported cipher %r" % cipher["name"])
    prm = kdf["params"]
    if prm["N"] not in ALLOWED_N or prm["r"] != 8 or prm["p"] != 1:
        raise RefError("scrypt parameters refused: %r" % prm)
    nonce = base64.b64decode(cipher["nonce"], validate=True)
    if len(nonce) != 24:
        raise RefError("nonce must be 24 bytes")
    secret = scrypt(password, base64.b64decode(kdf["salt"], validate=True),
                    prm["N"], prm["r"], prm["p"])
    try:
        der = nacl.secret.SecretBox(secret).decrypt(
            base64.b64decode(doc["ciphertext"], validate=True), nonce)
    except nacl.exceptions.CryptoError:
        raise RefError("wrong password, or the key file is corrupt")
    if not _der_is_pkcs8(der):
        raise RefError("the decrypted key is not PKCS#8")
    return der


def load_private(path, password):
    with open(path, "rb") as f:
        der = decrypt_key(f.read(), password)
    return serialization.load_der_private_key(der, None)


def load_public(pubpem):
    if isinstance(pubpem, str) and not pubpem.startswith("-----"):
        with open(pubpem, "rb") as f:
            pubpem = f.read()
    if isinstance(pubpem, str):
        pubpem = pubpem.encode()
    return serialization.load_pem_public_key(pubpem)


def _hash_for(key):
    if isinstance(key, (ec.EllipticCurvePrivateKey,
                        ec.EllipticCurvePublicKey)):
        bits = key.curve.key_size
        return {256: hashes.SHA256, 384: hashes.SHA384,
                521: hashes.SHA512}[bits]()
    return hashes.SHA256()


def sign(key, data):
    if isinstance(key, ec.EllipticCurvePrivateKey):
        return key.sign(data, ec.ECDSA(_hash_for(key)))
    return key.sign(data, padding.PKCS1v15(), hashes.SHA256())


def verify(pubpem, data, sig):
    pub = load_public(pubpem)
    try:
        if isinstance(pub, ec.EllipticCurvePublicKey):
            pub.verify(sig, data, ec.ECDSA(_hash_for(pub)))
        else:
            pub.verify(sig, data, padding.PKCS1v15(), hashes.SHA256())
        return True
    except (InvalidSignature, ValueError):
        return False


def hint(pubpem):
    der = load_public(pubpem).public_bytes(
        serialization.Encoding.DER,
        serialization.PublicFormat.SubjectPublicKeyInfo)
    return b64(hashlib.sha256(der).digest())


def bundle(key, data):
    """A v0.3 bundle with a messageSignature (no tlog entries)."""
    h = _hash_for(key)
    alg = {"sha256": "SHA2_256", "sha384": "SHA2_384",
           "sha512": "SHA2_512"}[h.name]
    dg = hashlib.new(h.name, data).digest()
    return {"mediaType": BUNDLE_V03,
            "verificationMaterial": {"publicKey": {"hint": hint(
                public_pem(key))}},
            "messageSignature": {"messageDigest": {"algorithm": alg,
                                                   "digest": b64(dg)},
                                 "signature": b64(sign(key, data))}}


def verify_bundle(pubpem, data, doc):
    ms = doc.get("messageSignature")
    if not ms:
        return False
    pub = load_public(pubpem)
    h = _hash_for(pub)
    alg = {"sha256": "SHA2_256", "sha384": "SHA2_384",
           "sha512": "SHA2_512"}[h.name]
    md = ms.get("messageDigest")
    if md:
        if md.get("algorithm") != alg:
            return False
        if base64.b64decode(md["digest"]) != hashlib.new(h.name,
                                                         data).digest():
            return False
    return verify(pubpem, data, base64.b64decode(ms["signature"]))


def _read_sig(arg):
    if os.path.exists(arg):
        with open(arg, "rb") as f:
            raw = f.read()
        try:
            return base64.b64decode(b"".join(raw.split()), validate=True)
        except ValueError:
            return raw
    return base64.b64decode(arg, validate=True)


def _main(argv):
    import argparse
    ap = argparse.ArgumentParser(prog="cosign_ref.py")
    ap.add_argument("--password", default=None)
    sub = ap.add_subparsers(dest="cmd", required=True)
    g = sub.add_parser("generate")
    g.add_argument("prefix")
    g.add_argument("--N", type=int, default=65536)
    g.add_argument("--legacy", action="store_true")
    g.add_argument("--curve", default="P-256")
    g.add_argument("--sec1", action="store_true")
    g.add_argument("--declare-N", type=int)
    g.add_argument("--declare-r", type=int)
    g.add_argument("--declare-p", type=int)
    pl = sub.add_parser("plain")
    pl.add_argument("prefix")
    pl.add_argument("--curve", default="P-256")
    pl.add_argument("--sec1", action="store_true")
    i = sub.add_parser("import")
    i.add_argument("pem")
    i.add_argument("prefix")
    i.add_argument("--N", type=int, default=65536)
    i.add_argument("--legacy", action="store_true")
    for name in ("public", "pkcs8"):
        sub.add_parser(name).add_argument("key")
    s = sub.add_parser("sign")
    s.add_argument("key")
    s.add_argument("file")
    v = sub.add_parser("verify")
    v.add_argument("pub")
    v.add_argument("file")
    v.add_argument("sig")
    sub.add_parser("hint").add_argument("pub")
    b = sub.add_parser("bundle")
    b.add_argument("key")
    b.add_argument("file")
    vb = sub.add_parser("verify-bundle")
    vb.add_argument("pub")
    vb.add_argument("file")
    vb.add_argument("bundle")
    a = ap.parse_args(argv)
    pw = a.password
    if pw is None:
        pw = os.environ.get("COSIGN_PASSWORD", "")

    def data_of(path):
        with open(path, "rb") as f:
            return f.read()

    try:
        if a.cmd == "generate":
            declared = {k: v for k, v in (("N", a.declare_N),
                                          ("r", a.declare_r),
                                          ("p", a.declare_p)) if v is not None}
            write_key(a.prefix, pw, a.N,
                      LABEL_COSIGN if a.legacy else LABEL_SIGSTORE,
                      a.curve, "sec1" if a.sec1 else "pkcs8", None,
                      declared or None)
        elif a.cmd == "plain":
            key = _new_key(a.curve)
            fmt = (serialization.PrivateFormat.TraditionalOpenSSL if a.sec1
                   else serialization.PrivateFormat.PKCS8)
            with open(a.prefix + ".pem", "wb") as f:
                f.write(key.private_bytes(serialization.Encoding.PEM, fmt,
                                          serialization.NoEncryption()))
            with open(a.prefix + ".pub", "wb") as f:
                f.write(public_pem(key))
        elif a.cmd == "import":
            key = serialization.load_pem_private_key(data_of(a.pem), None)
            write_key(a.prefix, pw, a.N,
                      LABEL_COSIGN if a.legacy else LABEL_SIGSTORE, key=key)
        elif a.cmd == "public":
            sys.stdout.buffer.write(public_pem(load_private(a.key, pw)))
        elif a.cmd == "pkcs8":
            key = load_private(a.key, pw)
            sys.stdout.buffer.write(key.private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption()))
        elif a.cmd == "sign":
            print(b64(sign(load_private(a.key, pw), data_of(a.file))))
        elif a.cmd == "verify":
            ok = verify(data_of(a.pub), data_of(a.file), _read_sig(a.sig))
            print("Verified OK" if ok else "verification failed",
                  file=sys.stderr)
            return 0 if ok else 1
        elif a.cmd == "hint":
            print(hint(data_of(a.pub)))
        elif a.cmd == "bundle":
            doc = bundle(load_private(a.key, pw), data_of(a.file))
            print(json.dumps(doc, separators=(",", ":")))
        elif a.cmd == "verify-bundle":
            ok = verify_bundle(data_of(a.pub), data_of(a.file),
                               json.loads(data_of(a.bundle)))
            print("Verified OK" if ok else "verification failed",
                  file=sys.stderr)
            return 0 if ok else 1
    except (RefError, ValueError, KeyError, TypeError) as e:
        print("cosign_ref.py: %s" % e, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(_main(sys.argv[1:]))

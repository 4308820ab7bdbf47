#!/bin/bash
# test-attest.sh - DSSE attestations against an independent reference
# (ref_dsse.py + cosign_ref.py: Python, pyca/cryptography): envelopes
# customs writes verify in the reference, which computes the PAE itself;
# envelopes the reference writes verify in customs; the same for an OCI
# layout, where the reference reads the .att manifest from index.json and
# checks it is shaped as cosign writes it; and both refuse the same
# forgeries.
#
# usage: bash tests/sign/test-attest.sh CUSTOMS
set -u
CUSTOMS=$(readlink -f "$1")
here=$(cd "$(dirname "$0")" && pwd)
PY=/usr/bin/python3
KEYS=$here/keys
. "$here/harness.sh"
SLSA=https://slsa.dev/provenance/v1
CUSTOM=https://cosign.sigstore.dev/attestation/v1

ref() { "$PY" "$here/ref_dsse.py" "$@"; }
customs() { "$CUSTOMS" "$@"; }

printf 'the artifact\n' >"$T/app.bin"
printf 'another artifact\n' >"$T/other.bin"
printf '{"buildDefinition":{"buildType":"https://e.com/t","externalParameters":{}},"runDetails":{"builder":{"id":"https://e.com/b"}}}\n' >"$T/slsa.json"
printf 'not json, a note\n' >"$T/note.txt"

echo "== blobs: customs attests, the reference verifies"
expect 0 "customs attest (P-256, slsaprovenance1)" \
	customs attest --key "$KEYS/cosign.key" --type slsaprovenance1 \
	--predicate "$T/slsa.json" --output "$T/app.att" "$T/app.bin"
expect 0 "reference verifies it over its own PAE" \
	ref verify "$KEYS/cosign.pub" "$T/app.bin" "$T/app.att" --type "$SLSA"
expect 1 "reference refuses it for another file" \
	ref verify "$KEYS/cosign.pub" "$T/other.bin" "$T/app.att"
expect 1 "reference refuses it with another key" \
	ref verify "$KEYS/pkcs8.pub" "$T/app.bin" "$T/app.att"
expect 0 "customs attest with a P-384 key, custom text predicate" \
	customs attest --key "$KEYS/cosign-p384.key" \
	--predicate "$T/note.txt" --output "$T/p384.att" "$T/app.bin"
expect 0 "reference verifies the P-384 envelope (SHA-384)" \
	ref verify "$KEYS/cosign-p384.pub" "$T/app.bin" "$T/p384.att" \
	--type "$CUSTOM"
expect 0 "customs attest with a plain RSA key" \
	customs attest --key "$KEYS/rsa.pem" --type "$SLSA" \
	--predicate "$T/slsa.json" --output "$T/rsa.att" "$T/app.bin"
expect 0 "reference verifies the RSA envelope" \
	ref verify "$KEYS/rsa.pub" "$T/app.bin" "$T/rsa.att"

echo "== blobs: the reference attests, customs verifies"
ref attest "$KEYS/cosign.key" "$T/app.bin" "$SLSA" "$T/slsa.json" \
	>"$T/ref.att" || echo "reference attest failed"
expect 0 "customs verifies the reference's envelope" \
	customs verify-attestation --key "$KEYS/cosign.pub" \
	--type slsaprovenance1 --attestation "$T/ref.att" "$T/app.bin"
said "attestation 1: verified ($SLSA)" "one ok line with the predicate type"
said "1 of 1 attestation verified for sha256:" "and a summary"
expect 1 "customs refuses it for another file" \
	customs verify-attestation --key "$KEYS/cosign.pub" \
	--attestation "$T/ref.att" "$T/other.bin"
said "no subject has the sha256 digest" "says why"
expect 1 "customs refuses it with another key" \
	customs verify-attestation --key "$KEYS/sec1.pub" \
	--attestation "$T/ref.att" "$T/app.bin"
expect 1 "customs refuses it for another --type" \
	customs verify-attestation --key "$KEYS/cosign.pub" --type spdxjson \
	--attestation "$T/ref.att" "$T/app.bin"
# JSON Lines: the reference's envelope and customs' own, one per line
cat "$T/ref.att" "$T/app.att" "$T/rsa.att" >"$T/all.intoto.jsonl"
expect 0 "customs verifies JSON Lines (2 of 3 with the P-256 key)" \
	customs verify-attestation --key "$KEYS/cosign.pub" \
	--attestation "$T/all.intoto.jsonl" "$T/app.bin"
said "attestation 3: failed: no signature verifies" "the RSA one fails"
expect 0 "--format json: an array of the two verified statements" \
	bash -c "'$CUSTOMS' verify-attestation --key '$KEYS/cosign.pub' \
	--format json --attestation '$T/all.intoto.jsonl' '$T/app.bin' |
	$PY -c 'import json,sys; a=json.load(sys.stdin);
assert len(a)==2 and all(s[\"predicateType\"]==\"$SLSA\" for s in a)'"

echo "== forgeries both refuse"
# the payload swapped for a statement about other.bin, signature kept
$PY - "$T/app.att" "$T/other.bin" >"$T/swapped.att" <<'EOF'
import base64, hashlib, json, sys
env = json.load(open(sys.argv[1]))
st = json.loads(base64.b64decode(env["payload"]))
st["subject"][0]["digest"]["sha256"] = hashlib.sha256(
    open(sys.argv[2], "rb").read()).hexdigest()
env["payload"] = base64.b64encode(json.dumps(st).encode()).decode()
print(json.dumps(env))
EOF
expect 1 "reference refuses a swapped payload" \
	ref verify "$KEYS/cosign.pub" "$T/other.bin" "$T/swapped.att"
expect 1 "customs refuses a swapped payload" \
	customs verify-attestation --key "$KEYS/cosign.pub" \
	--attestation "$T/swapped.att" "$T/other.bin"
sed 's/application\/vnd.in-toto+json/application\/json/' "$T/app.att" \
	>"$T/ptype.att"
expect 1 "reference refuses a changed payloadType" \
	ref verify "$KEYS/cosign.pub" "$T/app.bin" "$T/ptype.att"
expect 1 "customs refuses a changed payloadType" \
	customs verify-attestation --key "$KEYS/cosign.pub" \
	--attestation "$T/ptype.att" "$T/app.bin"

echo "== an OCI layout: customs attests, the reference verifies"
python3 "$here/../image/mkimage.py" oci-dir "$T/img" \
	'{"tag":"acme/web:1","layers":[[{"name":"f","data":"web"}]]}' ||
	echo "cannot make the layout"
expect 0 "customs attest into the layout" \
	customs attest --key "$KEYS/cosign.key" --type slsaprovenance1 \
	--predicate "$T/slsa.json" --ref ghcr.io/acme/web:1 "$T/img"
expect 0 "reference finds the .att manifest shaped as cosign's" \
	ref verify-layout "$KEYS/cosign.pub" "$T/img" --type "$SLSA"
expect 1 "reference refuses it with another key" \
	ref verify-layout "$KEYS/pkcs8.pub" "$T/img"
expect 0 "customs verifies its own" \
	customs verify-attestation --key "$KEYS/cosign.pub" "$T/img"

echo "== an OCI layout: the reference attests, customs verifies"
python3 "$here/../image/mkimage.py" oci-dir "$T/img2" \
	'{"tag":"acme/api:2","layers":[[{"name":"f","data":"api"}]]}' ||
	echo "cannot make the layout"
expect 0 "reference attests into the layout" \
	ref attest-layout "$KEYS/cosign.key" "$T/img2" ghcr.io/acme/api \
	"$SLSA" "$T/slsa.json"
expect 0 "customs verifies the reference's attestation" \
	customs verify-attestation --key "$KEYS/cosign.pub" \
	--type slsaprovenance1 "$T/img2"
said "attestation 1 sha256:[0-9a-f]*: verified ($SLSA)" "one ok line"
expect 1 "customs refuses it with another key" \
	customs verify-attestation --key "$KEYS/p384.pub" "$T/img2"
expect 0 "customs adds a second attestation next to it" \
	customs attest --key "$KEYS/cosign.key" --predicate "$T/note.txt" \
	--ref ghcr.io/acme/api:2 "$T/img2"
expect 0 "reference verifies both layers" \
	ref verify-layout "$KEYS/cosign.pub" "$T/img2"
said "layer 2: ok ($CUSTOM)" "the second layer is the custom predicate"
expect 0 "customs verifies both" \
	customs verify-attestation --key "$KEYS/cosign.pub" "$T/img2"
said "attestation 2 sha256:[0-9a-f]*: verified ($CUSTOM)" "both listed"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]

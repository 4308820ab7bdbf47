#!/bin/bash
# test-image.sh - image signatures in OCI layouts against an independent
# reference (ref_layout.py + cosign_ref.py, Python and pyca/cryptography):
# what customs signs, the reference verifies the way cosign's layout reader
# does and finds shaped exactly as cosign writes it; what the reference
# signs cosign-style, customs verifies; a layout laid out as `cosign save`
# writes it verifies; and both refuse the same forgeries.
#
# usage: bash tests/sign/test-image.sh CUSTOMS
set -u
CUSTOMS=$(readlink -f "$1")
here=$(cd "$(dirname "$0")" && pwd)
PY=/usr/bin/python3
KEYS=$here/keys
. "$here/harness.sh"

ref() { "$PY" "$here/ref_layout.py" "$@"; }
customs() { "$CUSTOMS" "$@"; }
# mk DIR NAME TAG: a one-layer image whose layout calls it TAG
mk() {
	python3 "$here/../image/mkimage.py" oci-dir "$1" \
		"{\"tag\":\"$2:$3\",\"layers\":[[{\"name\":\"f\",\"data\":\"$2\"}]]}" ||
		{ echo "cannot make $1"; exit 1; }
}

echo "== customs signs, the reference verifies"
mk "$T/a" web 1
expect 0 "customs sign --ref" customs sign --key "$KEYS/cosign.key" \
	--ref ghcr.io/acme/web:1 "$T/a"
expect 0 "reference verifies it, shape exactly cosign's" \
	ref verify "$T/a" "$KEYS/cosign.pub" --ref ghcr.io/acme/web:1 --strict
expect 1 "reference refuses it with another key" \
	ref verify "$T/a" "$KEYS/pkcs8.pub"
expect 1 "reference refuses it for another repository" \
	ref verify "$T/a" "$KEYS/cosign.pub" --ref ghcr.io/acme/other:1
expect 0 "customs signs again with -a and a P-384 key" \
	customs sign --key "$KEYS/cosign-p384.key" --ref ghcr.io/acme/web:1 \
	-a env=prod "$T/a"
expect 0 "one .sig manifest, two layers" \
	bash -c "[ \"\$($PY $here/ref_layout.py count $T/a .sig)\" = '1 2' ]"
expect 0 "reference verifies both shapes (P-384 signature)" \
	ref verify "$T/a" "$KEYS/cosign-p384.pub" --strict
expect 0 "customs verifies with either key" \
	customs verify --key "$KEYS/cosign-p384.pub" -a env=prod "$T/a"

echo "== a multi-platform image (an image index)"
python3 "$here/../image/mkimage.py" oci-dir "$T/m" \
	'{"tag":"multi:2","platforms":["linux/amd64","linux/arm64/v8"],"layers":[[{"name":"f","data":"m"}]]}'
expect 0 "customs signs the index" customs sign --key "$KEYS/cosign.key" \
	--ref ghcr.io/acme/multi:2 "$T/m"
expect 0 "reference verifies it" ref verify "$T/m" "$KEYS/cosign.pub" \
	--ref ghcr.io/acme/multi:2 --strict
expect 0 "customs verifies it" customs verify --key "$KEYS/cosign.pub" "$T/m"

echo "== the same payload bytes, built independently"
# two layers with one digest: the same payload bytes twice
same_payload() {
	[ "$(ref count "$1" .sig)" = "1 2" ] &&
		[ "$(ref digests "$1" | sort -u | wc -l)" = 1 ]
}
mk "$T/b" app 2
expect 0 "reference signs with -a b=2 -a a=1" \
	ref sign "$T/b" "$KEYS/cosign.key" ghcr.io/acme/app:2 -a b=2 -a a=1
expect 0 "customs signs with -a a=1 -a b=2" \
	customs sign --key "$KEYS/pkcs8.pem" --ref ghcr.io/acme/app:2 \
	-a a=1 -a b=2 "$T/b"
expect 0 "customs' payload is byte for byte the reference's" same_payload "$T/b"
mk "$T/h" hub latest
expect 0 "reference signs for nginx" \
	ref sign "$T/h" "$KEYS/cosign.key" nginx
expect 0 "customs signs for docker.io/library/nginx" \
	customs sign --key "$KEYS/pkcs8.pem" --ref docker.io/library/nginx "$T/h"
expect 0 "Docker Hub names agree (index.docker.io/library/nginx)" \
	same_payload "$T/h"

echo "== the reference signs, customs verifies"
mk "$T/c" api 3
expect 0 "reference signs cosign-style" \
	ref sign "$T/c" "$KEYS/cosign.key" ghcr.io/acme/api:3 -a team=x
expect 0 "customs verify --ref -a" customs verify --key "$KEYS/cosign.pub" \
	--ref ghcr.io/acme/api:3 -a team=x "$T/c"
expect 1 "customs verify refuses another -a value" \
	customs verify --key "$KEYS/cosign.pub" -a team=y "$T/c"
expect 1 "customs verify refuses another repository" \
	customs verify --key "$KEYS/cosign.pub" --ref ghcr.io/evil/api:3 "$T/c"
expect 1 "customs verify refuses another key" \
	customs verify --key "$KEYS/sec1.pub" "$T/c"
mk "$T/r" rsa 1
expect 0 "reference signs with an RSA key" \
	ref sign "$T/r" "$KEYS/rsa.pem" ghcr.io/acme/rsa:1
expect 0 "customs verifies an RSA signature" \
	customs verify --key "$KEYS/rsa.pub" "$T/r"

echo "== a layout as cosign save writes it"
mk "$T/s" saved 1
expect 0 "reference lays it out as cosign save" ref cosign-save "$T/s"
expect 1 "no signatures yet (empty sigs manifest, layers null)" \
	customs verify --key "$KEYS/cosign.pub" "$T/s"
said "no signatures found for sha256:" "the message says there are none"
expect 0 "reference signs it in place (kind only, no ref name)" \
	ref sign "$T/s" "$KEYS/cosign.key" ghcr.io/acme/saved:1
expect 0 "customs verifies it" customs verify --key "$KEYS/cosign.pub" \
	--ref ghcr.io/acme/saved:1 "$T/s"
expect 0 "customs signs it again" customs sign --key "$KEYS/cosign.key" \
	--ref ghcr.io/acme/saved:1 "$T/s"
expect 0 "reference verifies both" \
	ref verify "$T/s" "$KEYS/cosign.pub" --ref ghcr.io/acme/saved:1 --strict
expect 0 "still one sigs descriptor, image descriptor untouched" \
	"$PY" -c "
import json,sys
m=json.load(open('$T/s/index.json'))['manifests']
k=[d.get('annotations',{}).get('kind') for d in m]
assert k.count('dev.cosignproject.cosign/sigs')==1, k
assert m[0]['annotations']=={'kind':'dev.cosignproject.cosign/image'}, m[0]
"

echo "== forgeries both refuse"
mk "$T/t" tamper 1
expect 0 "customs signs" customs sign --key "$KEYS/cosign.key" \
	--ref ghcr.io/acme/t:1 "$T/t"
cp -r "$T/t" "$T/t2"
expect 0 "alter the payload" ref tamper-payload "$T/t"
expect 1 "tampered payload: customs" customs verify --key "$KEYS/cosign.pub" "$T/t"
said "content is sha256:" "the layer's digest mismatch is reported"
expect 1 "tampered payload: reference" ref verify "$T/t" "$KEYS/cosign.pub"
expect 0 "alter the signature annotation" ref tamper-sig "$T/t2"
expect 1 "tampered signature: customs" customs verify --key "$KEYS/cosign.pub" "$T/t2"
expect 1 "tampered signature: reference" ref verify "$T/t2" "$KEYS/cosign.pub"
mk "$T/o" other 1
expect 0 "store web's signatures as other's" ref graft "$T/a" "$T/o"
expect 1 "another image's signature: customs" \
	customs verify --key "$KEYS/cosign.pub" "$T/o"
said "not this image" "the reason: signed for another image"
expect 1 "another image's signature: reference" \
	ref verify "$T/o" "$KEYS/cosign.pub"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]

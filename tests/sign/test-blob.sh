#!/bin/bash
# test-blob.sh - keys and blob signatures against the independent reference
# (tests/sign/cosign_ref.py: hashlib scrypt, PyNaCl, pyca/cryptography).
#
#   customs -> reference: a key customs generates or imports is decrypted
#     by the reference and has the same public key; customs' signatures
#     and bundles verify with the reference.
#   reference -> customs: keys the reference writes (N=32768, 65536,
#     131072, legacy label, empty password, P-384, imported RSA) sign with
#     customs; the reference's signatures and bundles verify with customs.
#   refused: SEC1 inside the box; scrypt N=2^20, N=2^30, r=16, p=2, all
#     before any scrypt work.
#
# usage: test-blob.sh CUSTOMS
set -u
CUSTOMS=$(readlink -f "$1")
here=$(cd "$(dirname "$0")" && pwd)
REF="/usr/bin/python3 $here/cosign_ref.py"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
pass=0 fail=0
ok() { echo "ok   $1"; pass=$((pass + 1)); }
bad() { echo "FAIL $1"; fail=$((fail + 1)); }
check() { # description command...
	local d=$1; shift
	if "$@" >"$T/out" 2>"$T/err"; then ok "$d"; else bad "$d"; sed 's/^/     /' "$T/err" | head -5; fi
}
refuse() { # description expected-exit message command...
	local d=$1 want=$2 msg=$3; shift 3
	"$@" >"$T/out" 2>"$T/err"
	local rc=$?
	if [ "$rc" = "$want" ] && grep -qF -- "$msg" "$T/err"; then ok "$d"
	else bad "$d (exit $rc)"; sed 's/^/     /' "$T/err" | head -5; fi
}
cd "$T"
head -c 100000 /dev/urandom > blob

echo "== customs -> reference"
COSIGN_PASSWORD=pw1 "$CUSTOMS" key generate --output-prefix c 2>/dev/null
check "customs key decrypted by the reference, same public key" \
	bash -c "$REF --password pw1 public c.key | cmp - c.pub"
check "the reference refuses it with the wrong password" \
	bash -c "! $REF --password pw2 public c.key"
COSIGN_PASSWORD= "$CUSTOMS" key generate --output-prefix ce 2>/dev/null
check "customs key with an empty password decrypted by the reference" \
	bash -c "$REF --password '' public ce.key | cmp - ce.pub"
COSIGN_PASSWORD=pw1 "$CUSTOMS" sign-blob --key c.key --output-signature c.sig \
	--bundle c.bundle blob 2>/dev/null
check "customs signature verified by the reference" $REF verify c.pub blob c.sig
check "customs bundle verified by the reference" \
	$REF verify-bundle c.pub blob c.bundle
head -c 99999 blob > blob2
check "the reference rejects customs' signature over another blob" \
	bash -c "! $REF verify c.pub blob2 c.sig"
for k in p384 rsa; do
	COSIGN_PASSWORD=pw1 "$CUSTOMS" key import --key "$here/keys/$k.pem" \
		--output-prefix imp-$k 2>/dev/null
	check "customs import of $k.pem decrypted by the reference" \
		bash -c "$REF --password pw1 public imp-$k.key | cmp - $here/keys/$k.pub"
	COSIGN_PASSWORD=pw1 "$CUSTOMS" sign-blob --key imp-$k.key \
		--output-signature imp-$k.sig blob 2>/dev/null
	check "customs $k signature verified by the reference" \
		$REF verify "$here/keys/$k.pub" blob imp-$k.sig
done

echo "== reference -> customs"
for spec in "n32768:--N 32768" "n65536:--N 65536" "n131072:--N 131072" \
	"legacy:--legacy" "p384:--curve P-384" "p521:--curve P-521"; do
	name=${spec%%:*}
	$REF --password refpw generate "r-$name" ${spec#*:}
	COSIGN_PASSWORD=refpw "$CUSTOMS" sign-blob --key "r-$name.key" \
		--output-signature "r-$name.sig" blob 2>"$T/err"
	check "reference key ($name) signs with customs; the reference verifies" \
		$REF verify "r-$name.pub" blob "r-$name.sig"
	check "customs public key of the reference key ($name) is its .pub" \
		bash -c "COSIGN_PASSWORD=refpw '$CUSTOMS' key public --key r-$name.key | cmp - r-$name.pub"
done
$REF --password '' generate r-empty
COSIGN_PASSWORD= "$CUSTOMS" sign-blob --key r-empty.key --output-signature r-empty.sig blob 2>/dev/null
check "reference key with an empty password signs with customs" \
	$REF verify r-empty.pub blob r-empty.sig
$REF --password refpw generate r-rsa --curve RSA-3072
COSIGN_PASSWORD=refpw "$CUSTOMS" sign-blob --key r-rsa.key --output-signature r-rsa.sig blob 2>/dev/null
check "reference RSA 3072 key signs with customs; the reference verifies" \
	$REF verify r-rsa.pub blob r-rsa.sig

$REF --password refpw sign r-n65536.key blob > ref.sig
check "reference signature verified by customs" \
	"$CUSTOMS" verify-blob --key r-n65536.pub --signature ref.sig blob
base64 -d ref.sig > ref.der
check "reference signature as raw DER verified by customs" \
	"$CUSTOMS" verify-blob --key r-n65536.pub --signature ref.der blob
refuse "reference signature over another blob refused by customs" 1 \
	"the signature does not match the file and key" \
	"$CUSTOMS" verify-blob --key r-n65536.pub --signature ref.sig blob2
$REF --password refpw bundle r-n65536.key blob > ref.bundle
check "reference bundle verified by customs" \
	"$CUSTOMS" verify-blob --key r-n65536.pub --bundle ref.bundle blob
$REF --password refpw bundle r-p384.key blob > ref384.bundle
check "reference P-384 bundle (SHA2_384) verified by customs" \
	"$CUSTOMS" verify-blob --key r-p384.pub --bundle ref384.bundle blob
refuse "reference bundle with another key refused by customs" 1 \
	"the signature does not match the file and key" \
	"$CUSTOMS" verify-blob --key r-n32768.pub --bundle ref.bundle blob

echo "== refused keys"
$REF --password refpw generate r-sec1 --sec1
refuse "SEC1 inside the box refused (cosign refuses it too)" 3 \
	"not PKCS#8 as cosign requires" \
	env COSIGN_PASSWORD=refpw "$CUSTOMS" sign-blob --key r-sec1.key blob
check "... while the reference decrypts it (the box itself is right)" \
	bash -c "$REF --password refpw public r-sec1.key 2>&1 | grep -q 'not PKCS#8'"
# The message alone proves the order: had scrypt run first with the
# declared parameters, N=2^20 would have derived another key (the file was
# encrypted with N=65536) and failed its MAC, N=2^30 would have run out of
# memory, N=0 would have failed in scrypt; timeout only keeps a regression from hanging the suite.
for d in "N:1048576" "N:1073741824" "N:0" "r:16" "p:2"; do
	$REF --password refpw generate "r-d$d" --declare-${d%%:*} ${d#*:}
	refuse "scrypt ${d%%:*}=${d#*:} refused before any scrypt work" 3 \
		"are refused" \
		timeout 120 env COSIGN_PASSWORD=refpw "$CUSTOMS" sign-blob \
		--key "r-d$d.key" blob
done

echo "$pass passed, $fail failed"
[ $fail -eq 0 ]

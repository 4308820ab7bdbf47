#!/bin/bash
# test-sbom.sh - `customs sbom` documents validate against the official
# schemas (SPDX 2.3 and its 2.3.1 fix-up, CycloneDX 1.5 and 1.6, whose
# spdx.schema.json and jsf-0.82.schema.json references validate.py
# resolves from the same directory) and are the same bytes twice.
#
# The image is a docker save tarball written by tests/image/mkimage.py: a
# Debian-like layer (os-release, dpkg status, a copyright file), a layer
# with Python metadata and node_modules, and an RPM database that must
# be noted as not read.  Schemas: shared/schemas/ (or CUSTOMS_SCHEMAS).
#
# usage: test-sbom.sh CUSTOMS
set -u
if [ $# -ne 1 ]; then
	echo "usage: $0 CUSTOMS" >&2
	exit 2
fi
CUSTOMS=$(readlink -f "$1")
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
schemas=${CUSTOMS_SCHEMAS:-$root/../shared/schemas}
py=/usr/bin/python3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
problem() {
	echo "test-sbom: $*" >&2
	fail=1
}

$py "$root/tests/image/mkimage.py" docker "$tmp/img.tar" '{
 "tag": "example/app:1.0",
 "compress": ["gzip", "zstd"],
 "layers": [
  [{"name": "usr/lib/os-release", "data": "ID=debian\nVERSION_ID=\"12\"\n"},
   {"name": "etc/os-release", "type": "symlink", "link": "../usr/lib/os-release"},
   {"name": "var/lib/dpkg/status", "data": "Package: libc6\nStatus: install ok installed\nArchitecture: amd64\nSource: glibc\nVersion: 2.36-9+deb12u3\n\nPackage: tzdata\nStatus: install ok installed\nArchitecture: all\nVersion: 2024a-0+deb12u1\n"},
   {"name": "usr/share/doc/libc6/copyright", "data": "Format: x\n\nFiles: *\nLicense: LGPL-2.1+\n\nFiles: y\nLicense: GPL-2+ with foo exception\n"},
   {"name": "usr/share/doc/tzdata/copyright", "data": "Format: x\n\nFiles: *\nLicense: public-domain\n"},
   {"name": "var/lib/rpm/Packages", "data": "x"}],
  [{"name": "usr/lib/python3/dist-packages/requests-2.31.0.dist-info/METADATA", "data": "Metadata-Version: 2.1\nName: requests\nVersion: 2.31.0\nLicense: Apache 2.0\n\n"},
   {"name": "srv/node_modules/lodash/package.json", "data": "{\"name\": \"lodash\", \"version\": \"4.17.21\", \"license\": \"MIT\"}"},
   {"name": "srv/node_modules/dual/package.json", "data": "{\"name\": \"dual\", \"version\": \"1.0.0\", \"license\": \"(MIT OR Apache-2.0)\"}"}]
 ]}' || { echo "test-sbom: mkimage failed" >&2; exit 1; }

export SOURCE_DATE_EPOCH=0
run() {   # out args...
	local out=$1; shift
	"$CUSTOMS" sbom "$@" "$tmp/img.tar" >"$tmp/$out" 2>"$tmp/$out.err"
	local code=$?
	[ $code -eq 0 ] || { problem "sbom $* exited $code"; cat "$tmp/$out.err" >&2; }
	"$CUSTOMS" sbom "$@" "$tmp/img.tar" 2>/dev/null | cmp -s - "$tmp/$out" ||
		problem "sbom $* differs between two runs"
}
run spdx.json --format spdx-json
run cdx15.json --format cyclonedx-json --spec 1.5
run cdx16.json --format cyclonedx-json --spec 1.6

$py "$here/validate.py" "$schemas/spdx-2.3.schema.json" "$tmp/spdx.json" ||
	problem "SPDX does not match SPDX 2.3"
$py "$here/validate.py" "$schemas/spdx-2.3.1.schema.json" "$tmp/spdx.json" ||
	problem "SPDX does not match SPDX 2.3.1"
$py "$here/validate.py" "$schemas/bom-1.5.schema.json" "$tmp/cdx15.json" ||
	problem "CycloneDX does not match 1.5"
$py "$here/validate.py" "$schemas/bom-1.6.schema.json" "$tmp/cdx16.json" ||
	problem "CycloneDX does not match 1.6"
grep -q 'RPM database found, not read by this version: /var/lib/rpm/Packages' \
	"$tmp/spdx.json.err" || problem "no RPM notice on stderr"

# What the schemas cannot say.
$py - "$tmp" <<'PY' || problem "document contents"
import json, os, sys
tmp = sys.argv[1]
bad = []
s = json.load(open(os.path.join(tmp, "spdx.json")))
ids = [p["SPDXID"] for p in s["packages"]]
if len(ids) != len(set(ids)):
    bad.append("spdx: SPDXIDs not unique")
root = s["packages"][0]
if root.get("primaryPackagePurpose") != "CONTAINER" or \
        not root["externalRefs"][0]["referenceLocator"].startswith(
            "pkg:oci/app@sha256%3A"):
    bad.append(f"spdx: image package {root}")
purls = sorted(r["referenceLocator"] for p in s["packages"][1:]
               for r in p["externalRefs"])
want = ["pkg:deb/debian/libc6@2.36-9%2Bdeb12u3?arch=amd64&distro=debian-12&upstream=glibc",
        "pkg:deb/debian/tzdata@2024a-0%2Bdeb12u1?arch=all&distro=debian-12",
        "pkg:npm/dual@1.0.0", "pkg:npm/lodash@4.17.21",
        "pkg:pypi/requests@2.31.0"]
if purls != want:
    bad.append(f"spdx: purls {purls}")
lic = {p["name"]: p["licenseDeclared"] for p in s["packages"][1:]}
if lic != {"libc6": "LGPL-2.1-or-later AND GPL-2.0-or-later",
           "tzdata": "NOASSERTION", "requests": "NOASSERTION",
           "lodash": "MIT", "dual": "(MIT OR Apache-2.0)"}:
    bad.append(f"spdx: licences {lic}")
rel = s["relationships"]
if rel[0] != {"spdxElementId": "SPDXRef-DOCUMENT",
              "relatedSpdxElement": root["SPDXID"],
              "relationshipType": "DESCRIBES"} or \
        sorted(r["relatedSpdxElement"] for r in rel[1:]) != sorted(ids[1:]):
    bad.append("spdx: relationships")
if "RPM database found" not in s["creationInfo"]["comment"] or \
        "Java archives" not in s["creationInfo"]["comment"]:
    bad.append("spdx: tool notes")
for v in ("15", "16"):
    c = json.load(open(os.path.join(tmp, f"cdx{v}.json")))
    refs = [x["bom-ref"] for x in c["components"]]
    dep = c["dependencies"][0]
    if dep["ref"] != c["metadata"]["component"]["bom-ref"] or \
            dep["dependsOn"] != refs:
        bad.append(f"cdx{v}: dependencies")
    if c["metadata"]["component"]["type"] != "container":
        bad.append(f"cdx{v}: metadata.component")
    for x in c["components"]:
        props = {p["name"]: p["value"] for p in x["properties"]}
        if not props.get("customs:evidence:layer", "").startswith("sha256:"):
            bad.append(f"cdx{v}: {x['name']} has no layer")
        if ("evidence" in x) != (v == "16"):
            bad.append(f"cdx{v}: {x['name']} evidence")
    lo = [x for x in c["components"] if x["name"] == "lodash"][0]
    if lo["licenses"] != [{"license": {"id": "MIT"}}]:
        bad.append(f"cdx{v}: lodash licences {lo['licenses']}")
for b in bad:
    print("test-sbom:", b, file=sys.stderr)
sys.exit(1 if bad else 0)
PY

if [ $fail -eq 0 ]; then
	echo "sbom schemas: SPDX 2.3, CycloneDX 1.5 and 1.6 documents are valid"
fi
exit $fail

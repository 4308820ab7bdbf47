#!/bin/bash
# test-schemas.sh - the JSON and SARIF reports validate against their
# schemas, the JUnit report is well-formed XML, and all three are
# deterministic.
#
# Scans tests/schema/sample/ (an insecure, a hardened and an unparsable
# Dockerfile, a Compose file, Kubernetes manifests and a Helm template that
# is skipped with a notice) with the given binary, once more with
# --pss restricted for the Pod Security report.  Our JSON is checked
# against docs/customs-output.schema.json, SARIF against the OASIS 2.1.0
# schema in shared/schemas/ (override the directory with CUSTOMS_SCHEMAS).
#
# usage: test-schemas.sh CUSTOMS
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
	echo "test-schemas: $*" >&2
	fail=1
}

# Paths in the reports are relative to where the scan runs.
cd "$here" || exit 1
for fmt in json sarif junit; do
	"$CUSTOMS" scan --no-config --jobs 1 --format "$fmt" sample \
		>"$tmp/out.$fmt" 2>"$tmp/err.$fmt"
	code=$?
	# sample/broken/Dockerfile cannot be parsed: exit 3, still reported
	if [ $code -ne 3 ]; then
		problem "scan --format $fmt exited $code, expected 3"
		cat "$tmp/err.$fmt" >&2
	fi
	"$CUSTOMS" scan --no-config --jobs 4 --format "$fmt" sample \
		>"$tmp/again.$fmt" 2>/dev/null
	cmp -s "$tmp/out.$fmt" "$tmp/again.$fmt" ||
		problem "--format $fmt differs between two runs"
done

# The Pod Security report: the input error still wins the exit code (3)
# over the failed gate (1).
"$CUSTOMS" scan --no-config --jobs 1 --format json --pss restricted sample \
	>"$tmp/pss.json" 2>"$tmp/err.pss"
code=$?
if [ $code -ne 3 ]; then
	problem "scan --pss restricted exited $code, expected 3"
	cat "$tmp/err.pss" >&2
fi
"$CUSTOMS" scan --no-config --jobs 4 --format json --pss restricted sample \
	>"$tmp/pss-again.json" 2>/dev/null
cmp -s "$tmp/pss.json" "$tmp/pss-again.json" ||
	problem "--pss restricted differs between two runs"
"$CUSTOMS" scan --no-config --jobs 1 --format sarif --pss restricted sample \
	>"$tmp/pss.sarif" 2>/dev/null

$py "$here/validate.py" "$root/docs/customs-output.schema.json" \
	"$tmp/out.json" || problem "JSON report does not match its schema"
$py "$here/validate.py" "$root/docs/customs-output.schema.json" \
	"$tmp/pss.json" || problem "--pss JSON report does not match its schema"
$py "$here/validate.py" "$schemas/sarif-2.1.0.schema.json" \
	"$tmp/out.sarif" "$tmp/pss.sarif" ||
	problem "SARIF report does not match SARIF 2.1.0"

# What the schemas cannot say: the content agrees with the samples.
$py - "$tmp" <<'PY' || problem "report contents"
import json, os, sys
import xml.dom.minidom

tmp = sys.argv[1]
bad = []
want = {"sample/Dockerfile", "sample/broken/Dockerfile",
        "sample/hardened/Dockerfile", "sample/compose.yaml",
        "sample/k8s/app.yaml"}
kinds = {"sample/compose.yaml": "compose", "sample/k8s/app.yaml": "kubernetes"}
helm = "sample/chart/templates/deployment.yaml"

j = json.load(open(os.path.join(tmp, "out.json")))
paths = {os.path.normpath(f["path"]) for f in j["files"]}
if paths != want:
    bad.append(f"json: files {sorted(paths)}")
if j["summary"]["files"] != len(want) or not j["summary"]["input_errors"]:
    bad.append("json: summary files/input_errors")
for f in j["files"]:
    k = kinds.get(os.path.normpath(f["path"]))
    if k and f["kind"] != k:
        bad.append(f"json: {f['path']} is {f['kind']}, expected {k}")
    if f["pod_security"] is not None:
        bad.append(f"json: pod_security of {f['path']} without --pss")
if [os.path.normpath(n["file"]) for n in j.get("notices", [])] != [helm]:
    bad.append(f"json: notices {j.get('notices')}")
if j["summary"]["pod_security"] is not None:
    bad.append("json: summary pod_security without --pss")

# --pss restricted: the Deployment meets it, the Job (hostPID) not even
# baseline; Compose files and Dockerfiles have no workloads.
p = json.load(open(os.path.join(tmp, "pss.json")))
ps = p["summary"]["pod_security"]
if not ps or ps["level"] != "restricted" or ps["workloads"] != 2 \
        or ps["below"] != 1:
    bad.append(f"pss: summary {ps}")
if not p["summary"]["gate"]["failed"]:
    bad.append("pss: the gate did not fail")
for f in p["files"]:
    path = os.path.normpath(f["path"])
    if path != "sample/k8s/app.yaml":
        if f["pod_security"] is not None:
            bad.append(f"pss: pod_security on {path}")
        continue
    got = {w["subject"]: w for w in f["pod_security"] or []}
    web = got.get("Deployment/web in shop")
    job = got.get("Job/migrate in shop")
    if not web or web["level"] != "restricted" or web["failures"]:
        bad.append(f"pss: Deployment/web {web}")
    if not job or job["level"] != "privileged" or not any(
            x["level"] == "baseline" and x["line"] == 32
            and x["column"] == 7 for x in job["failures"]):
        bad.append(f"pss: Job/migrate {job}")
broken = [f for f in j["files"]
          if os.path.normpath(f["path"]) == "sample/broken/Dockerfile"]
if not broken or not broken[0]["input_error"] or not any(
        x["rule"].startswith("INPUT-") and x["severity"] == "error"
        and x["line"] == 2 for x in broken[0]["findings"]):
    bad.append("json: no INPUT- error at line 2 of the broken sample")

s = json.load(open(os.path.join(tmp, "out.sarif")))
run = s["runs"][0]
rules = [r["id"] for r in run["tool"]["driver"]["rules"]]
if rules != sorted(set(rules)):
    bad.append("sarif: rules not sorted and unique")
for r in run["results"]:
    if rules[r["ruleIndex"]] != r["ruleId"]:
        bad.append(f"sarif: ruleIndex of {r['ruleId']}")
    loc = r["locations"][0]["physicalLocation"]["artifactLocation"]
    if loc.get("uriBaseId") != "%SRCROOT%" or not os.path.isfile(loc["uri"]):
        bad.append(f"sarif: uri {loc}")
inv = run["invocations"][0]
notes = inv.get("toolExecutionNotifications", [])
if inv["executionSuccessful"] or not any(
        n["level"] == "error" for n in notes):
    bad.append("sarif: the input error is not a notification")
helm_notes = [n for n in notes if n["level"] == "note"]
if len(helm_notes) != 1 or helm_notes[0]["locations"][0][
        "physicalLocation"]["artifactLocation"]["uri"] != helm:
    bad.append(f"sarif: the Helm notice is not a note: {helm_notes}")
njson = sum(len(f["findings"]) for f in j["files"])
if len(run["results"]) != njson:
    bad.append(f"sarif: {len(run['results'])} results, json has {njson}")

doc = xml.dom.minidom.parse(os.path.join(tmp, "out.junit"))
top = doc.documentElement
if top.tagName != "testsuites" or top.getAttribute("name") != "customs":
    bad.append("junit: root element")
suites = top.getElementsByTagName("testsuite")
if len(suites) != len(want):
    bad.append(f"junit: {len(suites)} suites")
if int(top.getAttribute("errors")) < 1 or \
        len(top.getElementsByTagName("error")) != int(top.getAttribute("errors")):
    bad.append("junit: error count")

for b in bad:
    print("test-schemas:", b, file=sys.stderr)
sys.exit(1 if bad else 0)
PY

if [ $fail -eq 0 ]; then
	echo "output schemas: json, sarif and junit reports are valid"
fi
exit $fail

#!/bin/bash
# run-tests.sh - every test of the suite against one build directory.
#
#   unit tests (cmocka), per-rule fixtures, golden CLI cases, the output
#   schemas, generated docs being current, and help/man page agreement.
# Prints a `total: N passed, N failed` line (suites, not assertions) and
# exits non-zero when anything failed.
set -u
BUILD=${1:-build}
CUSTOMS=$BUILD/customs
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
pass=0 fail=0
suite() {   # name command...
	local name=$1; shift
	echo "== $name"
	if "$@"; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAILED: $name"; fi
}

for t in "$BUILD"/tests/test-*; do
	[ -x "$t" ] || continue
	suite "unit $(basename "$t")" "$t"
done
suite "rule fixtures" /usr/bin/python3 tests/rules/check.py "$CUSTOMS"
suite "cli cases" tests/cases/run.sh "$CUSTOMS"
[ -x tests/schema/test-schemas.sh ] && suite "output schemas" tests/schema/test-schemas.sh "$CUSTOMS"
suite "sbom schemas" tests/schema/test-sbom.sh "$CUSTOMS"
for t in tests/sign/test-*.sh; do
	[ -f "$t" ] && suite "signing $(basename "$t" .sh)" bash "$t" "$CUSTOMS"
done
suite "docs are current" scripts/gen-docs.sh "$CUSTOMS" --check
suite "help matches the man page" tests/meta/help-vs-man.sh "$CUSTOMS"

echo "total: $pass passed, $fail failed"
[ $fail -eq 0 ]

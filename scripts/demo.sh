#!/bin/bash
# demo.sh - scan the examples: the insecure ones, then the hardened ones.
set -u
CUSTOMS=$1
cd "$(dirname "$0")/.."
echo "== customs scan examples/insecure (expect findings and a failing grade)"
"$CUSTOMS" scan --no-config examples/insecure
echo
echo "== customs scan --ci examples/hardened (expect A+ and exit 0)"
"$CUSTOMS" scan --no-config --ci examples/hardened
rc=$?
echo
echo "exit code of the hardened scan: $rc"
exit $rc

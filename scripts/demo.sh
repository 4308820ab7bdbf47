#!/bin/bash
# demo.sh - scan the examples: the insecure ones, then the hardened ones.
# Each directory holds a Dockerfile, a Compose file and Kubernetes
# manifests (k8s/); the hardened run also asks for the restricted Pod
# Security Standard, so its exit code covers that gate too.
set -u
CUSTOMS=$1
cd "$(dirname "$0")/.."
echo "== customs scan examples/insecure (expect findings and a failing grade)"
"$CUSTOMS" scan --no-config examples/insecure
echo
echo "== customs scan --ci --pss restricted examples/hardened" \
	"(expect A+ and exit 0)"
"$CUSTOMS" scan --no-config --ci --pss restricted examples/hardened
rc=$?
echo
echo "exit code of the hardened scan: $rc"
exit $rc

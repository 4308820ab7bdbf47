#!/bin/bash
# help-vs-man.sh - every option a command accepts is in the man page, and
# every command has -h (git's meta-test that help matches the docs).
set -u
CUSTOMS=$1
root=$(cd "$(dirname "$0")/../.." && pwd)
man=$root/docs/customs.1
fail=0
for cmd in scan image rules sbom key sign verify sign-blob verify-blob attest verify-attestation provenance; do
	if ! "$CUSTOMS" "$cmd" -h >/tmp/help.$$ 2>&1; then
		echo "FAIL: customs $cmd -h exits non-zero"; fail=1
	fi
	if ! "$CUSTOMS" help "$cmd" | cmp -s - /tmp/help.$$; then
		echo "FAIL: customs help $cmd differs from customs $cmd -h"; fail=1
	fi
	for opt in $(grep -o -- '--[a-z][a-z-]*' /tmp/help.$$ | sort -u); do
		# the man page escapes dashes as \-
		esc=$(printf '%s' "$opt" | sed 's/-/\\\\-/g')
		if ! grep -q -- "$esc" "$man" && ! grep -q -- "$opt" "$man"; then
			echo "FAIL: customs $cmd $opt is not in docs/customs.1"; fail=1
		fi
	done
done
rm -f /tmp/help.$$
[ $fail -eq 0 ] && echo "help and man page agree"
exit $fail

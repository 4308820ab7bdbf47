# harness.sh - what the signing interop scripts share (sourced, not run):
# a scratch directory $T, the committed keys' password, and two checks
# that count into $pass and $fail.
#
#   expect WANT_EXIT DESCRIPTION COMMAND...   the command's exit code
#   said PATTERN DESCRIPTION                  the last command's output
#                                             holds PATTERN (grep)
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
export COSIGN_PASSWORD=customs-test
pass=0 fail=0

expect() {
	local want=$1 desc=$2
	shift 2
	"$@" >"$T/out" 2>&1
	local got=$?
	if [ "$got" = "$want" ]; then
		pass=$((pass + 1))
		echo "ok   $desc"
	else
		fail=$((fail + 1))
		echo "FAIL $desc (exit $got, expected $want)"
		sed 's/^/    /' "$T/out" | head -12
	fi
}

said() {
	if grep -q "$1" "$T/out"; then
		pass=$((pass + 1))
		echo "ok   $2"
	else
		fail=$((fail + 1))
		echo "FAIL $2 (no '$1' in the output)"
		sed 's/^/    /' "$T/out" | head -6
	fi
}

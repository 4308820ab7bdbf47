#!/bin/bash
# run.sh - golden CLI cases, one directory each (curl's tests/data style).
#
#   tests/cases/NAME/cmd      a bash snippet; `customs` runs the binary under
#                             test; the working directory is the case's own
#                             directory and $TMP is a fresh empty directory
#   tests/cases/NAME/exit     the expected exit code (default 0)
#   tests/cases/NAME/stdout   the expected standard output, byte for byte
#                             (absent: not compared)
#   tests/cases/NAME/stderr   the expected standard error (absent: not compared)
#
# usage: run.sh CUSTOMS [--update] [NAME...]
#   --update writes the actual outputs as the expected ones (review the diff).
set -u
CUSTOMS=$(readlink -f "$1"); shift
update=0
if [ "${1:-}" = "--update" ]; then update=1; shift; fi
here=$(cd "$(dirname "$0")" && pwd)
names=("$@")
if [ ${#names[@]} -eq 0 ]; then
	for d in "$here"/*/; do names+=("$(basename "$d")"); done
fi
export CUSTOMS NO_COLOR=1
pass=0 fail=0
for name in "${names[@]}"; do
	dir="$here/$name"
	[ -f "$dir/cmd" ] || continue
	TMP=$(mktemp -d)
	export TMP
	out="$TMP.out" err="$TMP.err"
	(cd "$dir" && customs() { "$CUSTOMS" "$@"; } && export -f customs 2>/dev/null; \
	 source ./cmd) >"$out" 2>"$err"
	code=$?
	want=0
	[ -f "$dir/exit" ] && want=$(cat "$dir/exit")
	ok=1
	if [ $update -eq 1 ]; then
		echo "$code" >"$dir/exit"
		cp "$out" "$dir/stdout"
		[ -f "$dir/stderr" ] && cp "$err" "$dir/stderr"
	else
		if [ "$code" != "$want" ]; then
			echo "FAIL $name: exit $code, expected $want"
			sed 's/^/  stderr: /' "$err" | head -5
			ok=0
		fi
		if [ -f "$dir/stdout" ] && ! cmp -s "$out" "$dir/stdout"; then
			echo "FAIL $name: stdout differs"
			diff -u "$dir/stdout" "$out" | head -20
			ok=0
		fi
		if [ -f "$dir/stderr" ] && ! cmp -s "$err" "$dir/stderr"; then
			echo "FAIL $name: stderr differs"
			diff -u "$dir/stderr" "$err" | head -20
			ok=0
		fi
	fi
	if [ $ok -eq 1 ]; then pass=$((pass + 1)); else fail=$((fail + 1)); fi
	rm -rf "$TMP" "$out" "$err"
done
echo "cases: $pass passed, $fail failed"
[ $fail -eq 0 ]

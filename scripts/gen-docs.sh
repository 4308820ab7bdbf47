#!/bin/bash
# gen-docs.sh - generate the docs that come from the rule table.
#
#   docs/rules/README.md   the catalogue (customs rules --format markdown)
#   docs/rules/ID.md       one page per rule (customs rules show ID --format markdown)
#   docs/migration.md      hadolint / Trivy / Checkov / KICS ids -> ours
#
# usage: gen-docs.sh CUSTOMS [--check]
#   --check generates into a temporary directory and fails when docs/ differs
#   (stale docs are a test failure; run `make docs` to refresh them).
set -eu
CUSTOMS=$(readlink -f "$1")
check=${2:-}
root=$(cd "$(dirname "$0")/.." && pwd)
out=$root/docs
if [ "$check" = "--check" ]; then
	out=$(mktemp -d)
	trap 'rm -rf "$out"' EXIT
fi
mkdir -p "$out/rules"
rm -f "$out"/rules/*.md
"$CUSTOMS" rules --format markdown >"$out/rules/README.md"
for id in $("$CUSTOMS" rules --format json | /usr/bin/python3 -c 'import json,sys; print("\n".join(r["id"] for r in json.load(sys.stdin)))'); do
	"$CUSTOMS" rules show "$id" --format markdown >"$out/rules/$id.md"
done
"$CUSTOMS" rules --format json | /usr/bin/python3 "$root/scripts/migration.py" >"$out/migration.md"

if [ "$check" = "--check" ]; then
	if ! diff -ru "$root/docs/rules" "$out/rules" >/dev/null ||
	   ! diff -u "$root/docs/migration.md" "$out/migration.md" >/dev/null; then
		echo "docs/rules or docs/migration.md are stale: run 'make docs'" >&2
		diff -ru "$root/docs/rules" "$out/rules" | head -20 >&2 || true
		exit 1
	fi
	echo "docs are current"
fi

#!/bin/bash
# run.sh - the scan benchmark (never a timed test: figures go to notes).
#
# usage: bench/run.sh CUSTOMS [COUNT]
# Generates COUNT (default 5000) Dockerfiles under bench/corpus/, then scans
# them with --jobs 1 and --jobs 2, JSON to /dev/null, and reports wall time,
# files/s, MB/s and peak RSS (GNU time).
set -eu
CUSTOMS=$(readlink -f "$1")
COUNT=${2:-5000}
here=$(cd "$(dirname "$0")" && pwd)
corpus=$here/corpus/dockerfiles-$COUNT
if [ ! -d "$corpus" ]; then
	mkdir -p "$corpus"
	/usr/bin/python3 "$here/gen-dockerfiles.py" "$corpus" "$COUNT"
fi
files=$(find "$corpus" -type f | wc -l)
bytes=$(find "$corpus" -type f -printf '%s\n' | awk '{s+=$1} END {print s}')
echo "corpus: $files files, $bytes bytes"
# warm the page cache
"$CUSTOMS" scan --no-config --format json "$corpus" >/dev/null || true
for jobs in 1 2; do
	best=""
	for _ in 1 2 3; do
		/usr/bin/time -f '%e %M' -o /tmp/customs-bench.$$ \
			"$CUSTOMS" scan --no-config --jobs "$jobs" --format json "$corpus" >/dev/null || true
		read -r secs rss </tmp/customs-bench.$$
		if [ -z "$best" ] || awk "BEGIN{exit !($secs < $best)}"; then best=$secs; brss=$rss; fi
	done
	awk -v s="$best" -v f="$files" -v b="$bytes" -v r="$brss" -v j="$jobs" 'BEGIN {
		if (s == 0) s = 0.001;
		printf "jobs %d: %.3f s, %.0f files/s, %.1f MB/s, peak RSS %.1f MB\n",
		       j, s, f / s, b / s / 1e6, r / 1024 }'
done
rm -f /tmp/customs-bench.$$

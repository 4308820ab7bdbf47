#!/bin/bash
# run.sh - the scan benchmark (never a timed test: figures go to notes).
#
# usage: bench/run.sh CUSTOMS [COUNT]
#
# Three corpora, generated once under bench/corpus/ (deterministic):
#   dockerfile  COUNT (default 5000) Dockerfiles
#   k8s         K8S_FILES (default 2500) manifest files, ~28,000 documents,
#               including a few operator install.yaml files of ~500 each
#   compose     COMPOSE_FILES (default 400) Compose files
#   image       a docker save image (gen-image.py: ~280 MB, 21,500 files,
#               1,100 packages, 8 gzip layers) and one IMAGE_SCALE times
#               (default 2) as large; IMAGE_FORMAT docker|classic|oci-dir
# BENCH_SUITES picks some of them (default "dockerfile k8s compose"; the
# image suite is opt-in: BENCH_SUITES="image" or "... image").
#
# Each corpus is scanned with --jobs 1 and --jobs 2, JSON to /dev/null, best
# of 3 runs after a warm-up: wall time, files/s (documents/s for YAML), MB/s
# and peak RSS.  For the YAML corpora, the same files are also run through
# bench/yaml-parse (a bare libyaml event parse, built here) to give the
# floor, and the one-core ratio scan/parse-only is printed (target: 1.5 or
# less).  The largest file is then scanned alone: peak RSS must follow the
# largest file, not the corpus, so both figures are shown.
#
# The image is audited (and, once `customs sbom` exists, turned into SPDX
# and CycloneDX JSON), best of 3 after a warm-up, against the floor of
# `tar -xzOf LAYER >/dev/null` over its gzip layers, summed; the ratios
# (target <= 1.2) and the peak RSS of both image sizes (target < 64 MB,
# flat in the image size) are printed.
#
# The sign suite (opt-in: BENCH_SUITES="sign") makes a SIGN_MB (default
# 512) MiB file and times sign-blob and verify-blob on it against the floor
# of `openssl dgst -sha256` (the hash is the whole cost; target: within
# 1.1x for verify-blob, RSS flat in the file size; sign-blob also pays
# for opening its encrypted key), then that cost alone (scrypt N=65536
# with 64 MiB of memory, what every signing command pays once).
#
# Peak RSS comes from GNU time (/usr/bin/time) when it is installed, else
# from wait4's rusage in a few lines of C built here; nothing is installed.
set -eu
CUSTOMS=$(readlink -f "$1")
COUNT=${2:-5000}
K8S_FILES=${K8S_FILES:-2500}
COMPOSE_FILES=${COMPOSE_FILES:-400}
SUITES=${BENCH_SUITES:-dockerfile k8s compose}
here=$(cd "$(dirname "$0")" && pwd)
out=$here/out
mkdir -p "$out"
tmp=$(mktemp "${TMPDIR:-/tmp}/customs-bench.XXXXXX")
trap 'rm -f "$tmp"' EXIT

# measure CMD...: run it (stdout to /dev/null) and leave "SECONDS RSS_KB
# CPU_SECONDS" (wall, peak RSS, user + system) in $tmp.  A non-zero exit is a scan with findings, not a failure.  Without
# GNU time, a few lines of C do what it does: fork, exec, wait4 and report
# ru_maxrss (a python3 parent would add its own RSS, which fork carries
# into the child's high-water mark).
if /usr/bin/time -f '%e %M %U %S' -o "$tmp" true 2>/dev/null; then
	measure() {
		/usr/bin/time -f '%e %M %U %S' -o "$tmp" "$@" >/dev/null || true
		read -r s r u k <"$tmp"
		echo "$s $r $(awk -v u="$u" -v k="$k" 'BEGIN{print u + k}')" >"$tmp"
	}
else
	timer=$(dirname "$CUSTOMS")/bench-time
	${CC:-cc} -O2 -x c -o "$timer" - <<-'EOF'
	#include <stdio.h>
	#include <sys/resource.h>
	#include <sys/wait.h>
	#include <time.h>
	#include <unistd.h>
	int main(int argc, char **argv)
	{
		struct timespec a, b;
		struct rusage ru;
		int st;
		clock_gettime(CLOCK_MONOTONIC, &a);
		pid_t pid = fork();
		if (pid == 0) {
			execvp(argv[2], argv + 2);
			_exit(127);
		}
		if (pid < 0 || wait4(pid, &st, 0, &ru) < 0)
			return 1;
		clock_gettime(CLOCK_MONOTONIC, &b);
		FILE *f = fopen(argv[1], "w");
		if (!f)
			return 1;
		fprintf(f, "%.2f %ld %.2f\n", (double)(b.tv_sec - a.tv_sec) +
			(double)(b.tv_nsec - a.tv_nsec) / 1e9, ru.ru_maxrss,
			(double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
			(double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6);
		return fclose(f) != 0;
	}
	EOF
	measure() {
		"$timer" "$tmp" "$@" >/dev/null || true
	}
fi

# best CMD...: best of 3 runs; sets $secs and $rss (KB) of the fastest
# and $cpu, the least CPU time of the three (steadier than wall time on a
# busy machine).
best() {
	secs=""
	cpu=""
	for _ in 1 2 3; do
		measure "$@"
		read -r s r c <"$tmp"
		if [ -z "$secs" ] || awk "BEGIN{exit !($s < $secs)}"; then
			secs=$s
			rss=$r
		fi
		if [ -z "$cpu" ] || awk "BEGIN{exit !($c < $cpu)}"; then
			cpu=$c
		fi
	done
}

# yaml-parse, built beside CUSTOMS with the project's compiler and flags.
yaml_parse() {
	yp=$(dirname "$CUSTOMS")/yaml-parse
	if [ ! -x "$yp" ] || [ "$here/yaml-parse.c" -nt "$yp" ]; then
		${CC:-cc} -std=c17 -D_GNU_SOURCE -O2 -g -Wall -Wextra -Werror \
			$(pkg-config --cflags yaml-0.1) -o "$yp" \
			"$here/yaml-parse.c" $(pkg-config --libs yaml-0.1)
	fi
}

dockerfile_suite() {
	corpus=$here/corpus/dockerfiles-$COUNT
	if [ ! -d "$corpus" ]; then
		mkdir -p "$corpus"
		/usr/bin/python3 "$here/gen-dockerfiles.py" "$corpus" "$COUNT"
	fi
	files=$(find "$corpus" -type f | wc -l)
	bytes=$(find "$corpus" -type f -printf '%s\n' |
		awk '{s+=$1} END {print s}')
	echo "dockerfile corpus: $files files, $bytes bytes"
	# warm the page cache
	"$CUSTOMS" scan --no-config --format json "$corpus" >/dev/null || true
	for jobs in 1 2; do
		best "$CUSTOMS" scan --no-config --jobs "$jobs" --format json \
			"$corpus"
		awk -v s="$secs" -v f="$files" -v b="$bytes" -v r="$rss" \
		    -v j="$jobs" 'BEGIN {
			if (s == 0) s = 0.001;
			printf "  jobs %d: %.3f s, %.0f files/s, %.1f MB/s, " \
			       "peak RSS %.1f MB\n",
			       j, s, f / s, b / s / 1e6, r / 1024 }'
	done
}

# yaml_suite NAME GENERATOR COUNT
yaml_suite() {
	name=$1
	corpus=$here/corpus/$name-$3
	if [ ! -d "$corpus" ]; then
		mkdir -p "$corpus"
		/usr/bin/python3 "$here/$2" "$corpus" "$3" >/dev/null
	fi
	list=$out/$name-$3.list
	find "$corpus" -type f \( -name '*.yaml' -o -name '*.yml' \) |
		LC_ALL=C sort >"$list"
	# files, bytes, documents as libyaml counts them; warms the cache too
	read -r _ files _ bytes _ docs _ < <("$yp" -l "$list")
	largest=$(xargs -d '\n' stat -c '%s %n' <"$list" | sort -k1,1nr |
		head -n 1 | cut -d ' ' -f 2-)
	lbytes=$(stat -c %s "$largest")
	read -r _ _ _ _ _ ldocs _ < <("$yp" "$largest")
	echo "$name corpus: $files files, $docs documents, $bytes bytes"
	"$CUSTOMS" scan --no-config --format json "$corpus" >/dev/null || true

	for jobs in 1 2; do
		best "$CUSTOMS" scan --no-config --jobs "$jobs" --format json \
			"$corpus"
		if [ "$jobs" = 1 ]; then
			scan1=$secs
			cpu1=$cpu
			rss1=$rss
		fi
		awk -v s="$secs" -v d="$docs" -v b="$bytes" -v r="$rss" \
		    -v c="$cpu" -v j="$jobs" 'BEGIN {
			if (s == 0) s = 0.001;
			printf "  scan jobs %d:   %7.3f s, %6.0f docs/s, " \
			       "%5.1f MB/s, peak RSS %6.1f MB, CPU %.2f s\n",
			       j, s, d / s, b / s / 1e6, r / 1024, c }'
	done
	best "$yp" -l "$list"
	awk -v s="$secs" -v d="$docs" -v b="$bytes" -v r="$rss" \
	    -v c="$cpu" 'BEGIN {
		if (s == 0) s = 0.001;
		printf "  parse only:    %7.3f s, %6.0f docs/s, %5.1f MB/s, " \
		       "peak RSS %6.1f MB, CPU %.2f s\n",
		       s, d / s, b / s / 1e6, r / 1024, c }'
	awk -v s="$scan1" -v p="$secs" -v c="$cpu1" -v pc="$cpu" 'BEGIN {
		if (p == 0) p = 0.001;
		if (pc == 0) pc = 0.001;
		printf "  scan/parse-only, one core: %.2fx wall, %.2fx CPU " \
		       "(target <= 1.5)\n", s / p, c / pc }'

	best "$CUSTOMS" scan --no-config --jobs 1 --format json "$largest"
	lscan=$secs
	lcpu=$cpu
	lrss=$rss
	best "$yp" "$largest"
	awk -v s="$lscan" -v p="$secs" -v c="$lcpu" -v pc="$cpu" \
	    -v r="$lrss" -v cr="$rss1" -v f="${largest#"$corpus"/}" \
	    -v b="$lbytes" -v d="$ldocs" 'BEGIN {
		if (p == 0) p = 0.001;
		if (pc == 0) pc = 0.001;
		printf "  largest file %s (%d documents, %d bytes):\n" \
		       "    scan %.3f s, parse only %.3f s (%.2fx wall, " \
		       "%.2fx CPU)\n" \
		       "    peak RSS %.1f MB scanning it alone, %.1f MB " \
		       "scanning the corpus\n",
		       f, d, b, s, p, s / p, c / pc, r / 1024, cr / 1024 }'
}

# image_line LABEL SECS CPU RSS BASE_SECS BASE_CPU: one line of figures,
# the ratios against the tar floor (BASE_*).
image_line() {
	awk -v l="$1" -v s="$2" -v c="$3" -v r="$4" -v bs="$5" -v bc="$6" \
	    -v b="$tarbytes" 'BEGIN {
		if (bs == 0) bs = 0.001;
		if (bc == 0) bc = 0.001;
		printf "  %-22s %7.3f s, CPU %6.2f s, %6.1f MB/s, " \
		       "peak RSS %6.1f MB, %.2fx wall, %.2fx CPU\n",
		       l, s, c, b / (s ? s : 0.001) / 1e6, r / 1024,
		       s / bs, c / bc }'
}

# image_suite SCALE: generate (once), then time audit, sboms and tar.
image_suite() {
	fmt=${IMAGE_FORMAT:-docker}
	img=$here/corpus/image-$1x-$fmt
	[ "$fmt" = oci-dir ] || img=$img.tar
	if [ ! -e "$img" ]; then
		mkdir -p "$here/corpus"
		/usr/bin/python3 "$here/gen-image.py" --scale "$1" \
			--format "$fmt" "$img" >"$img.info"
	fi
	layers=("$img".layers/*.tar.gz)
	# uncompressed tar bytes, as the floor counts them; warms the cache
	tarbytes=$(for l in "${layers[@]}"; do gzip -dc "$l" | wc -c; done |
		awk '{s+=$1} END {print s}')
	cat "${layers[@]}" >/dev/null
	[ -d "$img" ] || cat "$img" >/dev/null
	echo "image ${1}x ($fmt): $(cut -d ' ' -f 2- "$img.info")"

	best sh -c 'for l; do tar -xzOf "$l" >/dev/null || exit; done' \
		tar "${layers[@]}"
	bsecs=$secs
	bcpu=$cpu
	image_line "tar -xzOf (floor)" "$secs" "$cpu" "$rss" "$bsecs" "$bcpu"

	"$CUSTOMS" image audit --format json "$img" >/dev/null || true
	best "$CUSTOMS" image audit --format json "$img"
	image_line "image audit" "$secs" "$cpu" "$rss" "$bsecs" "$bcpu"
	eval "audit_rss_$1=\$rss"
	if "$CUSTOMS" sbom -h >/dev/null 2>&1; then
		for f in spdx-json cyclonedx-json; do
			best "$CUSTOMS" sbom --format "$f" "$img"
			image_line "sbom $f" "$secs" "$cpu" "$rss" "$bsecs" \
				"$bcpu"
		done
	else
		echo "  (no 'customs sbom' in this build: SBOMs not timed)"
	fi
}

# sign_suite: blob signing against the hash floor, and key decryption.
sign_suite() {
	mb=${SIGN_MB:-512}
	dir=$here/corpus/sign
	blob=$dir/blob-$mb
	tarbytes=$((mb << 20))   # image_line's MB/s counts these bytes
	mkdir -p "$dir"
	if [ ! -e "$blob" ]; then
		# deterministic bytes: AES-CTR of zeros under a fixed key
		head -c $((mb << 20)) /dev/zero | openssl enc -aes-128-ctr \
			-K 000102030405060708090a0b0c0d0e0f \
			-iv 00000000000000000000000000000000 -nosalt \
			>"$blob"
	fi
	export COSIGN_PASSWORD=bench
	rm -f "$dir/k.key" "$dir/k.pub"
	"$CUSTOMS" key generate --output-prefix "$dir/k" 2>/dev/null
	cat "$blob" >/dev/null
	echo "sign: a $mb MiB file"
	exec 3>&2 2>/dev/null   # the commands' "Verified OK" and the like
	best openssl dgst -sha256 "$blob"
	bsecs=$secs
	bcpu=$cpu
	image_line "openssl dgst -sha256 (floor)" "$secs" "$cpu" "$rss" \
		"$bsecs" "$bcpu"
	best "$CUSTOMS" sign-blob --key "$dir/k.key" \
		--output-signature "$dir/blob.sig" "$blob"
	image_line "sign-blob" "$secs" "$cpu" "$rss" "$bsecs" "$bcpu"
	best "$CUSTOMS" verify-blob --key "$dir/k.pub" \
		--signature "$dir/blob.sig" "$blob"
	image_line "verify-blob" "$secs" "$cpu" "$rss" "$bsecs" "$bcpu"
	best "$CUSTOMS" key public --key "$dir/k.key"
	printf "  %-30s %6.2f s wall %6.2f s CPU %7.1f MB RSS\n" \
		"open an encrypted key" "$secs" "$cpu" \
		"$(awk -v r="$rss" 'BEGIN{print r / 1024}')"
	exec 2>&3 3>&-
}

for suite in $SUITES; do
	case $suite in
	dockerfile)
		dockerfile_suite ;;
	k8s)
		yaml_parse
		yaml_suite k8s gen-k8s.py "$K8S_FILES" ;;
	compose)
		yaml_parse
		yaml_suite compose gen-compose.py "$COMPOSE_FILES" ;;
	image)
		image_suite 1
		scale=${IMAGE_SCALE:-2}
		image_suite "$scale"
		eval "rss_n=\$audit_rss_$scale"
		awk -v a="$audit_rss_1" -v b="$rss_n" -v n="$scale" 'BEGIN {
			printf "  audit peak RSS: %.1f MB at 1x, %.1f MB at " \
			       "%dx (target < 64 MB, flat)\n",
			       a / 1024, b / 1024, n }' ;;
	sign)
		sign_suite ;;
	*)
		echo "run.sh: unknown suite '$suite'" >&2
		exit 2 ;;
	esac
done

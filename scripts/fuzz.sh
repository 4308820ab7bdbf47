#!/bin/bash
# fuzz.sh - build every libFuzzer target (tests/fuzz/fuzz-*.c) with clang and
# run each briefly from its committed seed corpus.
#
#   Targets: every tests/fuzz/fuzz-NAME.c, one per parser: Dockerfile
#   (parser, build model, shell splitter), .customs.yaml, YAML, Compose,
#   Kubernetes, images, package databases, key files, Sigstore bundles,
#   DSSE envelopes, simple-signing payloads, layout indexes; each seeds
#   from tests/fuzz/corpus/NAME/.
#   FUZZ_SECONDS (default 30) per target.  New inputs go to a scratch corpus
#   under build-fuzz/, never into the committed one; a crash leaves
#   build-fuzz/crash-* and fails the script.
set -eu
cd "$(dirname "$0")/.."
secs=${FUZZ_SECONDS:-30}
out=build-fuzz
mkdir -p "$out"
flags="-std=c17 -D_GNU_SOURCE -g -O1 -Isrc/lib -fsanitize=fuzzer-no-link,address,undefined $(pkg-config --cflags yaml-0.1 jansson libarchive libcrypto sqlite3 libsodium)"
libs="$(pkg-config --libs yaml-0.1 jansson libarchive libcrypto sqlite3 libsodium) -lpthread -lm"
objs=()
for src in $(ls src/lib/*.c src/lib/*/*.c | sort); do
	o=$out/$(echo "$src" | tr / _).o
	clang $flags -DCS_VERSION='"fuzz"' -c "$src" -o "$o"
	objs+=("$o")
done
status=0
for t in tests/fuzz/fuzz-*.c; do
	name=$(basename "$t" .c)
	target=${name#fuzz-}
	clang $flags -fsanitize=fuzzer "$t" "${objs[@]}" $libs -o "$out/$name"
	scratch=$out/corpus-$target
	mkdir -p "$scratch"
	echo "== $name for ${secs}s"
	if ! "$out/$name" -max_total_time="$secs" -max_len=65536 \
		-artifact_prefix="$out/" "$scratch" "tests/fuzz/corpus/$target" \
		>"$out/$name.log" 2>&1; then
		echo "FAIL: $name found a crash; see $out/$name.log"
		tail -30 "$out/$name.log"
		status=1
	else
		grep -E '^(#[0-9]+|Done)' "$out/$name.log" | tail -1
	fi
done
exit $status

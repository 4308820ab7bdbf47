#!/bin/sh
# deps.sh - install what customs needs to build and test, if it is missing.
#
# Debian packages only.  As root, missing packages are installed with
# apt-get; otherwise the script names them and stops.
set -eu

PKGS="build-essential pkg-config libyaml-dev libjansson-dev libcmocka-dev \
clang libclang-rt-14-dev python3 python3-jsonschema libarchive-dev libssl-dev \
libsqlite3-dev libsodium-dev python3-nacl python3-cryptography \
zstd"

missing=""
for p in $PKGS; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed'; then
		missing="$missing $p"
	fi
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
	echo "customs: missing build dependencies:$missing" >&2
	echo "customs: install them with: sudo apt-get install$missing" >&2
	exit 1
fi
echo "customs: installing$missing" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $missing >/dev/null

#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Builds the Debian package in a temporary copy of the tree and lists it (dpkg -c); needs debhelper.
# Usage: packaging/build-deb.sh [OUTDIR]   (default: a new temporary directory)
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-$(mktemp -d "${TMPDIR:-/tmp}/optimus-vfio-deb.XXXXXX")}
ver=$(sed -n 's/^VERSION := //p' "$top/Makefile")
src=$out/optimus-vfio-$ver
rm -rf "$src"
mkdir -p "$src"
# the files git knows of (tracked or not ignored), without build output
(cd "$top" && git ls-files -co --exclude-standard |
	grep -Ev '^(build[^/]*|demo-out)/' | tar -cf - -T -) | tar -xf - -C "$src"
(cd "$src" && dpkg-buildpackage -us -uc -b) > "$out/build.log" 2>&1 || {
	tail -n 40 "$out/build.log" >&2
	echo "build-deb: dpkg-buildpackage failed; log: $out/build.log" >&2
	exit 1
}
deb=$(ls "$out"/optimus-vfio_"$ver"_*.deb)
dpkg -c "$deb"
echo "build-deb: $deb"

#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# prepare.sh - fetch a Debian guest kernel and build acpi_call.ko for it, once.
#
# Usage: tests/vm/prepare.sh [-q]
#
# Everything lands in $OPTIMUS_VFIO_CACHE/vm (default
# ${XDG_CACHE_HOME:-$HOME/.cache}/optimus-vfio/vm), never in the source tree.
# Each step leaves a stamp file that is written last, so an interrupted run is
# redone from that step on the next call.  A complete cache makes this a
# no-op apart from one `apt-cache depends` look-up.
#
# Output: $CACHE/env.sh, to be sourced, defining
#   VM_KVER          guest kernel release, e.g. 6.1.0-56-amd64
#   VM_VMLINUZ       the kernel image
#   VM_MODROOT       base directory for `modprobe -d` / `depmod -b`
#   VM_MODDIR        $VM_MODROOT/lib/modules/$VM_KVER
#   VM_ACPI_CALL_KO  acpi_call.ko built for VM_KVER
# and the same assignments on stdout (unless -q).
set -euo pipefail

quiet=0
case "${1:-}" in
-q | --quiet) quiet=1 ;;
-h | --help)
	sed -n '3,19p' "$0" | sed 's/^# \{0,1\}//'
	exit 0
	;;
"") ;;
*)
	echo "prepare.sh: unknown argument '$1'" >&2
	exit 1
	;;
esac

CACHE="${OPTIMUS_VFIO_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/optimus-vfio}/vm"

log() {
	echo "prepare.sh: $*" >&2
}

die() {
	log "$*"
	exit 1
}

# Print the release of the kernel that linux-image-amd64 points at.
guest_kver() {
	apt-cache depends linux-image-amd64 2>/dev/null |
		sed -n 's/^ *Depends: linux-image-\([0-9][^ ]*\)$/\1/p' | head -n 1
}

mkdir -p "$CACHE"

kver="$(guest_kver)"
if [ -z "$kver" ]; then
	log "apt-cache knows no linux-image-amd64, running apt-get update"
	apt-get update -qq >&2 || die "apt-get update failed"
	kver="$(guest_kver)"
fi
[ -n "$kver" ] || die "cannot derive the kernel version from linux-image-amd64"

# 6.1.0-56-amd64 -> abi 6.1.0-56, flavour amd64, kbuild 6.1
if [[ ! "$kver" =~ ^(([0-9]+)\.([0-9]+)\.[0-9]+-[0-9]+)-([a-z0-9-]+)$ ]]; then
	die "unexpected kernel release '$kver'"
fi
abi="${BASH_REMATCH[1]}"
kbuild="${BASH_REMATCH[2]}.${BASH_REMATCH[3]}"

kdir="$CACHE/$kver"
debs="$kdir/debs"
root="$kdir/root"
acpidir="$kdir/acpi_call"
mkdir -p "$kdir"

pkgs=(
	"linux-image-$kver"
	"linux-headers-$kver"
	"linux-headers-$abi-common"
	"linux-kbuild-$kbuild"
	acpi-call-dkms
)

# Step 1: download the packages into a scratch directory, then rename it.
if [ ! -e "$kdir/stamp.download" ]; then
	log "downloading ${pkgs[*]}"
	rm -rf "$debs" "$debs.tmp"
	mkdir -p "$debs.tmp"
	# The cache is usually under a 0700 home the _apt user cannot enter;
	# download as the caller instead of warning about it.
	(cd "$debs.tmp" && apt-get download -q -o APT::Sandbox::User="$(id -un)" \
		"${pkgs[@]}" >&2) ||
		die "apt-get download failed"
	mv "$debs.tmp" "$debs"
	touch "$kdir/stamp.download"
fi

# Step 2: extract them and generate modules.dep.
if [ ! -e "$kdir/stamp.extract" ]; then
	log "extracting into $root"
	rm -rf "$root" "$root.tmp"
	mkdir -p "$root.tmp"
	for deb in "$debs"/*.deb; do
		dpkg -x "$deb" "$root.tmp"
	done
	depmod -b "$root.tmp" "$kver"
	# The -amd64 headers Makefile includes the -common one by absolute
	# path; point it at our copy instead of /usr/src.
	mk="$root.tmp/usr/src/linux-headers-$kver/Makefile"
	[ -e "$mk" ] || die "no headers Makefile at $mk"
	sed -i "s|^include /usr/src/|include $root/usr/src/|" "$mk"
	grep -q "^include $root/usr/src/linux-headers-$abi-common/" "$mk" ||
		die "cannot redirect the include in $mk"
	mv "$root.tmp" "$root"
	touch "$kdir/stamp.extract"
fi

# Step 3: build acpi_call.ko from the acpi-call-dkms source.
if [ ! -e "$kdir/stamp.acpi_call" ]; then
	log "building acpi_call.ko"
	rm -rf "$acpidir" "$acpidir.tmp"
	src="$(find "$root/usr/src" -maxdepth 1 -type d -name 'acpi-call-*' | head -n 1)"
	[ -n "$src" ] || die "no acpi-call source in $root/usr/src"
	cp -a "$src" "$acpidir.tmp"
	# kbuild tools (fixdep, modpost) live in the linux-kbuild package,
	# reached from the headers tree through symlinks into /usr/lib.
	make -s -C "$root/usr/src/linux-headers-$kver" M="$acpidir.tmp" \
		-j"$(nproc)" modules >&2 || die "acpi_call build failed"
	[ -e "$acpidir.tmp/acpi_call.ko" ] || die "build produced no acpi_call.ko"
	mv "$acpidir.tmp" "$acpidir"
	touch "$kdir/stamp.acpi_call"
fi

vmlinuz="$root/boot/vmlinuz-$kver"
[ -e "$vmlinuz" ] || die "no kernel image at $vmlinuz"

env="$(printf 'VM_KVER=%q\nVM_VMLINUZ=%q\nVM_MODROOT=%q\nVM_MODDIR=%q\nVM_ACPI_CALL_KO=%q\n' \
	"$kver" "$vmlinuz" "$root" "$root/lib/modules/$kver" "$acpidir/acpi_call.ko")"
if [ ! -e "$CACHE/env.sh" ] || [ "$(cat "$CACHE/env.sh")" != "$env" ]; then
	printf '%s\n' "$env" >"$CACHE/env.sh.tmp"
	mv "$CACHE/env.sh.tmp" "$CACHE/env.sh"
fi
[ "$quiet" = 1 ] || printf '%s\n' "$env"

#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# mkinitramfs.sh - build a busybox initramfs that runs one guest test script.
#
# Usage: tests/vm/mkinitramfs.sh OUT.cpio.gz --script FILE [options]
#
#   --script FILE      guest test script, run as `sh /test.sh` by /init
#   --bin FILE[:DEST]  a host executable, with the shared libraries ldd
#                      lists; DEST defaults to /usr/bin/<name> (repeatable)
#   --file SRC:DEST    any other file (repeatable)
#   --module NAME      one more kernel module, with its dependencies
#                      (repeatable; the default set is always included)
#   --load NAME        module /init loads before the script (repeatable;
#                      acpi_call is always loaded)
#
# The guest gets: static busybox and its applets in /bin, the modules
#   qemu_fw_cfg battery ac snd-hda-intel snd-hda-codec-generic pci-stub
#   vfio-pci vfio_iommu_type1 bochs (+ dependencies, modules.dep rebuilt),
# acpi_call.ko in /lib/modules/$VM_KVER/extra, /usr/share/misc/pci.ids when
# the host has it, and an /init that mounts proc, sys, devtmpfs, /run and
# /tmp, sets /dev/ttyS1 raw, loads acpi_call, runs the script and prints
#   VMTEST-END rc=N
# on the console before `poweroff -f`.  The script also sees VM_KVER.
#
# Environment: VM_* from prepare.sh (run automatically when unset).
set -euo pipefail

# shellcheck source=SCRIPTDIR/lib.sh
. "$(dirname "$0")/lib.sh"

usage() {
	sed -n '3,25p' "$0" | sed 's/^# \{0,1\}//'
	exit "${1:-0}"
}

default_modules=(qemu_fw_cfg battery ac snd-hda-intel snd-hda-codec-generic
	pci-stub vfio-pci vfio_iommu_type1 bochs)

out=""
script=""
bins=()
files=()
modules=()
loads=()
while [ $# -gt 0 ]; do
	case "$1" in
	-h | --help) usage 0 ;;
	--script | --bin | --file | --module | --load)
		[ $# -ge 2 ] || vm_die "$1 needs an argument"
		case "$1" in
		--script) script="$2" ;;
		--bin) bins+=("$2") ;;
		--file) files+=("$2") ;;
		--module) modules+=("$2") ;;
		--load) loads+=("$2") ;;
		esac
		shift 2
		;;
	-*)
		vm_log "unknown option '$1'"
		usage 1 >&2
		;;
	*)
		[ -z "$out" ] || vm_die "more than one output file given"
		out="$1"
		shift
		;;
	esac
done
[ -n "$out" ] || vm_die "no output file given (try --help)"
[ -n "$script" ] || vm_die "no --script given"
[ -r "$script" ] || vm_die "cannot read $script"

vm_load_env

busybox="$(command -v busybox)" || vm_die "busybox not found (busybox-static)"
if ldd "$busybox" >/dev/null 2>&1; then
	vm_die "$busybox is dynamically linked; install busybox-static"
fi

stage="$(mktemp -d "${TMPDIR:-/tmp}/vm-initramfs.XXXXXX")"
trap 'rm -rf "$stage"' EXIT

mkdir -p "$stage"/{bin,sbin,usr/bin,usr/sbin,dev,proc,sys,run,tmp,etc,root}
mkdir -p "$stage/lib/modules/$VM_KVER/extra"

# busybox and one symlink per applet
cp "$busybox" "$stage/bin/busybox"
for applet in $("$busybox" --list); do
	[ "$applet" = busybox ] || ln -sf busybox "$stage/bin/$applet"
done

# Copy $1 to $stage$2 (parents created, symlinks followed).
put() {
	mkdir -p "$stage$(dirname "$2")"
	cp -L "$1" "$stage$2"
}

# kernel modules with their dependencies, as modprobe resolves them
modprobe_deps() {
	modprobe -d "$VM_MODROOT" -S "$VM_KVER" --show-depends "$1" 2>/dev/null |
		sed -n 's/^insmod \([^ ]*\).*/\1/p'
}
add_module() {
	local deps ko rel
	if ! deps="$(modprobe_deps "$1")" || [ -z "$deps" ]; then
		# builtin modules print "builtin NAME" and are fine
		if modprobe -d "$VM_MODROOT" -S "$VM_KVER" --show-depends "$1" \
			2>/dev/null | grep -q '^builtin '; then
			return 0
		fi
		return 1
	fi
	# modprobe prints paths with the -d base in front
	for ko in $deps; do
		rel="${ko#"$VM_MODROOT"}"
		[ -e "$stage$rel" ] || put "$ko" "$rel"
	done
}
for m in "${default_modules[@]}"; do
	add_module "$m" || vm_log "warning: guest kernel has no module $m, skipped"
done
for m in "${modules[@]}"; do
	add_module "$m" || vm_die "guest kernel has no module $m"
done
for f in modules.order modules.builtin modules.builtin.modinfo; do
	[ ! -e "$VM_MODDIR/$f" ] || put "$VM_MODDIR/$f" "/lib/modules/$VM_KVER/$f"
done
put "$VM_ACPI_CALL_KO" "/lib/modules/$VM_KVER/extra/acpi_call.ko"
depmod -b "$stage" "$VM_KVER"

# binaries and the libraries they need
for spec in "${bins[@]}"; do
	src="${spec%%:*}"
	dest="/usr/bin/${src##*/}"
	[ "$spec" = "$src" ] || dest="${spec#*:}"
	[ -x "$src" ] || vm_die "not an executable: $src"
	put "$src" "$dest"
	if ldd "$src" >/dev/null 2>&1; then
		# "libx.so.1 => /path (0x...)" and "/lib64/ld-linux... (0x...)"
		for lib in $(ldd "$src" | awk '$2 == "=>" && $3 ~ /^\// { print $3 }
			$1 ~ /^\// { print $1 }'); do
			[ -e "$stage$lib" ] || put "$lib" "$lib"
		done
	fi
done
[ ! -e /usr/share/misc/pci.ids ] || put /usr/share/misc/pci.ids /usr/share/misc/pci.ids

for spec in "${files[@]}"; do
	case "$spec" in
	*:/*) ;;
	*) vm_die "--file wants SRC:/ABSOLUTE/DEST, got '$spec'" ;;
	esac
	put "${spec%%:*}" "${spec#*:}"
done

put "$script" /test.sh
put "$(dirname "$0")/guest-lib.sh" /guest-lib.sh

load_list="${loads[*]}"
cat >"$stage/init" <<EOF
#!/bin/sh
# generated by tests/vm/mkinitramfs.sh
export PATH=/usr/sbin:/usr/bin:/sbin:/bin
export VM_KVER='$VM_KVER'
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
mount -t tmpfs tmpfs /run
mount -t tmpfs tmpfs /tmp
exec </dev/console >/dev/console 2>&1
# second serial port: no CR/LF mangling, no echo, so bytes pass unchanged
[ ! -e /dev/ttyS1 ] || stty -F /dev/ttyS1 raw -echo 2>/dev/null || true
modprobe acpi_call || echo "init: cannot load acpi_call"
for m in $load_list; do
	modprobe "\$m" || echo "init: cannot load \$m"
done
cd /
sh /test.sh
rc=\$?
sync
echo "VMTEST-END rc=\$rc"
# let the UART drain before the power goes
sleep 0.2
poweroff -f
EOF
chmod 0755 "$stage/init" "$stage/test.sh"

# newc entry for the character device /dev/console, so the kernel can open
# the initial console; cpio -o could only archive a real node (needs root).
newc_dev() { # NAME MODE MAJOR MINOR INO
	local name="$1" hdr
	hdr="$(printf '070701%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X' \
		"$5" "$2" 0 0 1 0 0 0 0 "$3" "$4" $((${#name} + 1)) 0)"
	printf '%s%s\0' "$hdr" "$name"
	# header (110 bytes) + name + NUL, padded to a multiple of 4
	local pad=$(((4 - (110 + ${#name} + 1) % 4) % 4))
	head -c "$pad" /dev/zero
}

mkdir -p "$(dirname "$out")"
{
	newc_dev dev 0x41ed 0 0 1
	newc_dev dev/console 0x2180 5 1 2
	newc_dev TRAILER!!! 0 0 0 0
	(cd "$stage" && find . -mindepth 1 -print0 | LC_ALL=C sort -z |
		cpio --null -o -H newc -R 0:0 --quiet)
} | gzip -6 >"$out.tmp"
mv "$out.tmp" "$out"

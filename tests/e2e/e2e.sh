#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# e2e.sh - `make e2e`: the whole user journey, end to end, on a simulated
# Optimus laptop (L1, a QEMU q35 VM under TCG) that passes its GPU stand-in
# through real VFIO to a guest (L2) started by libvirt in L1.
#
# Usage: B=build tests/e2e/e2e.sh      (what `make e2e` runs)
#
# On the host: the guest kernel (tests/vm/prepare.sh, cached), `make
# install` into a staging tree, a 16 KiB test vBIOS with the stand-in's IDs
# (1234:1111), the laptop firmware's tables (our _ROM over fw_cfg as in
# `make demo`, the _OFF/_ON of the gpu-reset VM test), the initramfs of L2
# and of L1. L1 mounts the host's / read-only (9p) under a tmpfs overlay and
# runs l1-journey.sh there. Its "e2e| " lines are shown as they come; the
# run ends with "e2e: N passed, M failed, K skipped (S s)".
# Exit status: 0 all passed, 1 a failure, 77 skipped (a tool missing).
# Work files in $B/e2e (kept on failure); L1 keeps the checkout's directory when it is under /tmp, whose rest is its own.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
top="$(cd "$here/../.." && pwd)"
# shellcheck source=tests/vm/lib.sh
. "$top/tests/vm/lib.sh"

t_start=$(date +%s)
B="${B:-build}"
[ -d "$B" ] || vm_die "no build directory $B: run make"
B="$(cd "$B" && pwd)"

result() { # PASS FAIL SKIP
	echo "e2e: $1 passed, $2 failed, $3 skipped ($(($(date +%s) - t_start)) s)"
}

for t in qemu-system-x86_64 "${IASL:-iasl}" libvirtd virsh busybox cpio depmod; do
	if ! command -v "$t" >/dev/null; then
		echo "e2e: SKIP: $t not found"
		result 0 0 1
		exit 77
	fi
done
for t in dump_vbios_rom_acpi vbios-info vfio-ssdt vfio-doctor pci-override \
	gpu-reset vfio-domain tests/mkrom; do
	[ -x "$B/$t" ] || vm_die "$B/$t missing: run make (and make $B/tests/mkrom)"
done
case "$B$top" in
*[,\ ]*) vm_die "the paths $B and $top must hold no comma or blank (QEMU, the kernel command line)" ;;
esac

echo "optimus-vfio e2e: a simulated Optimus laptop (L1) runs what the README"
echo "tells a user, then libvirt starts the passthrough guest (L2) with the GPU"
echo "through our hook and real VFIO. Two TCG layers: several minutes."
echo ""

vm_load_env
work="$B/e2e"
# one run per build tree: a second one would remove this one's work dir
exec 9>"$B/.e2e.lock"
flock -n 9 || vm_die "another e2e run holds $B/.e2e.lock"
rm -rf "$work"
mkdir -p "$work"
keep=0
# shellcheck disable=SC2317 # called by the trap
cleanup() {
	[ -n "${tailpid:-}" ] && kill "$tailpid" 2>/dev/null
	if [ "$keep" = 1 ]; then
		echo "e2e: work files kept in $work"
	else
		rm -rf "$work"
	fi
}
trap cleanup EXIT

step() { printf '# host: %s\n' "$*"; }

# L1 runs its scripts from this copy: editing the tree during a run cannot
# change what a running shell reads next
mkdir -p "$work/src"
cp "$here"/*.sh "$here/domain.xml" "$here/qemu.conf" "$work/src/"

step "make install DESTDIR=$work/stage (what L1 installs)"
make -s -C "$top" B="$B" install DESTDIR="$work/stage" PREFIX=/usr/local \
	>"$work/install.log" 2>&1 || { cat "$work/install.log"; vm_die "make install failed"; }

step "the laptop's vBIOS: 16 KiB test ROM for 1234:1111 (the GPU stand-in)"
"$B/tests/mkrom" --vendor 1234 --device 1111 -i x86:16K -o "$work/laptop.rom"
# Another ROM than the laptop's, so that what L2 reads from the BAR cannot
# be the _ROM one. L2's SeaBIOS runs a PCI device's option ROM: its x86
# entry (offset 3) becomes a far return (cb) and byte 4 keeps the checksum.
step "the ROM BAR file (vfio-domain --rom-bar): 16 KiB for 1234:1111, its init a bare retf"
"$B/tests/mkrom" --vendor 1234 --device 1111 --seed 18 -i x86:16K -o "$work/bar.rom"
printf '\313' | dd of="$work/bar.rom" bs=1 seek=3 conv=notrunc status=none
sum=$(od -An -v -tu1 "$work/bar.rom" | awk '{ for (i = 1; i <= NF; i++) s += $i } END { print s % 256 }')
b4=$(od -An -tu1 -j4 -N1 "$work/bar.rom" | tr -d ' ')
printf %b "\\$(printf %03o $(((b4 - sum) & 255)))" | dd of="$work/bar.rom" bs=1 seek=4 conv=notrunc status=none
"$B/vbios-info" "$work/bar.rom" >"$work/bar.log" 2>&1 ||
	{ cat "$work/bar.log"; vm_die "the ROM BAR file is not a valid ROM"; }
step "the laptop firmware's tables: _ROM over fw_cfg (vfio-ssdt), _OFF/_ON (power-counters.asl)"
"$B/vfio-ssdt" -q --guest-address 01:00.0 --bridge 00:01.0 -o "$work/laptop-rom.aml" \
	>"$work/vfio-ssdt.log" 2>&1 || { cat "$work/vfio-ssdt.log"; vm_die "vfio-ssdt failed"; }
"${IASL:-iasl}" -p "$work/power" "$top/tests/vm/power-counters.asl" \
	>"$work/iasl.log" 2>&1 || { cat "$work/iasl.log"; vm_die "iasl failed"; }

# L1's module tree: the guest kernel's, plus acpi_call, with its own
# modules.dep (the cache's tree is shared with the VM tests: not touched)
step "L1's module tree ($VM_KVER + acpi_call)"
md="$work/modroot/lib/modules/$VM_KVER"
mkdir -p "$md/extra"
ln -s "$VM_MODDIR/kernel" "$md/kernel"
for f in modules.order modules.builtin modules.builtin.modinfo; do
	[ ! -e "$VM_MODDIR/$f" ] || cp "$VM_MODDIR/$f" "$md/"
done
cp "$VM_ACPI_CALL_KO" "$md/extra/"
depmod -b "$work/modroot" "$VM_KVER"

step "L2's initramfs (l2-guest.sh, dump_vbios_rom_acpi) and L1's (l1-init.sh, 9p, overlay)"
"$VM_HERE/mkinitramfs.sh" "$work/l2.cpio.gz" --script "$work/src/l2-guest.sh" \
	--bin "$B/dump_vbios_rom_acpi"
"$VM_HERE/mkinitramfs.sh" "$work/l1.cpio.gz" --script "$work/src/l1-init.sh" \
	--module virtio_pci --module 9pnet_virtio --module 9p --module overlay \
	--load virtio_pci --load 9pnet_virtio --load 9p --load overlay

cat >"$work/e2e.env" <<EOC
L2_KERNEL='$VM_VMLINUZ'
L2_INITRD='$work/l2.cpio.gz'
L2_TIMEOUT=${E2E_L2_TIMEOUT:-600}
EOC

step "boot L1 (2048 MiB, IOMMU, vmgenid; the host's / over 9p)"
echo ""
log="$work/l1.console.log"
: >"$log"
# the journey's lines as they come
tail -n +1 -F --pid=$$ "$log" 2>/dev/null | sed -nu 's/\r$//; s/^e2e| \{0,1\}//p' &
tailpid=$!
rc=0
# shellcheck disable=SC2054 # commas belong to QEMU option values
"$VM_HERE/run-vm.sh" --initrd "$work/l1.cpio.gz" \
	--ssdt "$work/power.aml" --ssdt "$work/laptop-rom.aml" \
	--rom "$work/laptop.rom" --vmgenid --iommu \
	--append "ovt.work=$work ovt.src=$work/src" \
	--qemu-arg -m --qemu-arg 2048 \
	--qemu-arg -virtfs \
	--qemu-arg "local,path=/,mount_tag=hostroot,security_model=none,readonly=on,multidevs=remap" \
	--log "$log" --timeout "${E2E_TIMEOUT:-1800}" 2>"$work/run-vm.err" || rc=$?
sleep 1
kill "$tailpid" 2>/dev/null || true
wait "$tailpid" 2>/dev/null || true
tailpid=""

res="$(tr -d '\r' <"$log" | grep -a -o 'E2E-RESULT pass=[0-9]* fail=[0-9]*' | tail -n 1 || true)"
echo ""
if [ -z "$res" ]; then
	cat "$work/run-vm.err"
	keep=1
	echo "e2e: L1 ended without a result (run-vm.sh rc=$rc); console: $log"
	result 0 1 0
	exit 1
fi
p="${res#E2E-RESULT pass=}"
p="${p%% *}"
f="${res##*fail=}"
[ "$f" = 0 ] || keep=1
result "$p" "$f" 0
[ "$f" = 0 ]

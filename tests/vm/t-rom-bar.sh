#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# t-rom-bar.sh - vbios-extract --rom-bar on the real kernel: a device with a ROM BAR (QEMU romfile=).
#
# One boot: QEMU's pci-testdev at 00:03.0 gets a generated ROM (x86 with
# an NPDE + EFI, 48 KiB) as its expansion ROM through romfile=; QEMU
# sizes the BAR to the next power of two. In the guest (rombar-guest.sh):
# `rom` refuses reads while disabled and serves the ROM once enabled (the
# control that the observation works), vbios-extract --rom-bar writes the
# ROM byte for byte, and afterwards `rom` refuses reads again and the ROM
# BAR's enable bit in config space is clear. A function with no ROM BAR
# (01:00.1) is refused with the path named.
set -euo pipefail

# shellcheck source=SCRIPTDIR/lib.sh
. "$(dirname "$0")/lib.sh"

B="${B:-build}"
if ! command -v qemu-system-x86_64 >/dev/null; then
	echo "SKIP: qemu-system-x86_64 not found"
	exit 77
fi
[ -x "$B/vbios-extract" ] || vm_die "$B/vbios-extract missing: run make"
[ -x "$B/tests/mkrom" ] || vm_die "$B/tests/mkrom missing: run make check"
vm_load_env

work="$(mktemp -d "${TMPDIR:-/tmp}/vm-rombar.XXXXXX")"
keep="${VMTEST_KEEP:-0}"
# shellcheck disable=SC2317 # called by the trap
cleanup() {
	if [ "$keep" = 1 ]; then vm_log "keeping $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT

"$B/tests/mkrom" --image x86:32K --npde --image efi:16K -o "$work/rom.bin"
# SeaBIOS may run an x86 option ROM it finds in a BAR: make the init entry
# (offset 3) a far return, and keep the checksum with the byte after it.
python3 - "$work/rom.bin" <<'PY'
import sys
p = sys.argv[1]
d = bytearray(open(p, "rb").read())
d[4] = (d[4] + d[3] - 0xCB) & 0xFF
d[3] = 0xCB
open(p, "wb").write(d)
PY
"$B/vbios-info" -q "$work/rom.bin" || vm_die "the patched ROM does not check"
"$VM_HERE/mkinitramfs.sh" "$work/t.cpio.gz" --script "$VM_HERE/rombar-guest.sh" \
	--bin "$B/vbios-extract" --file "$work/rom.bin:/rom.bin"

rc=0
"$VM_HERE/run-vm.sh" --initrd "$work/t.cpio.gz" --log "$work/console.log" \
	--qemu-arg -device \
	--qemu-arg "pci-testdev,bus=pcie.0,addr=3.0,romfile=$work/rom.bin" || rc=$?
tr -d '\r' <"$work/console.log" | sed -n 's/^\(ok\|not ok\) - /\1 - rom-bar: /p'
if [ "$rc" != 0 ]; then
	echo "not ok - rom-bar: guest checks pass (rc=$rc)"
	tr -d '\r' <"$work/console.log" | grep '^rbtest: ' >&2 || true
	keep=1
	exit 1
fi
echo "ok - rom-bar: guest checks pass"

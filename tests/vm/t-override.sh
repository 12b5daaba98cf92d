#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# t-override.sh - pci-override on the real kernel, HDA function 01:00.1.
#
# Two boots of one initramfs (override-guest.sh + $B/pci-override):
#   noiommu: --dry-run changes nothing; --set none unbinds snd_hda_intel and
#            holds across drivers_probe and an unload/reload of the module;
#            --status; --set pci-stub (refused before the module is loaded,
#            then bound and verified); --set vfio-pci exits 4 naming the
#            missing IOMMU; --clear empties the override and reprobes, so
#            snd_hda_intel binds again;
#   iommu:   (--iommu) --set vfio-pci binds and verifies; a second --set
#            writes nothing; --clear leaves the bound driver bound.
set -euo pipefail

# shellcheck source=SCRIPTDIR/lib.sh
. "$(dirname "$0")/lib.sh"

B="${B:-build}"
if ! command -v qemu-system-x86_64 >/dev/null; then
	echo "SKIP: qemu-system-x86_64 not found"
	exit 77
fi
[ -x "$B/pci-override" ] || vm_die "$B/pci-override missing: run make"
vm_load_env

work="$(mktemp -d "${TMPDIR:-/tmp}/vm-override.XXXXXX")"
keep="${VMTEST_KEEP:-0}"
# shellcheck disable=SC2317 # called by the trap
cleanup() {
	if [ "$keep" = 1 ]; then vm_log "keeping $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT

"$VM_HERE/mkinitramfs.sh" "$work/t.cpio.gz" --script "$VM_HERE/override-guest.sh" \
	--bin "$B/pci-override"

fail=0
boot() { # NAME run-vm.sh ARGS...
	local name="$1" rc=0 t0
	shift
	echo "# boot $name: run-vm.sh $*"
	t0=$(date +%s%N)
	"$VM_HERE/run-vm.sh" --initrd "$work/t.cpio.gz" --log "$work/$name.log" \
		"$@" || rc=$?
	tr -d '\r' <"$work/$name.log" | sed -n 's/^\(ok\|not ok\) - /\1 - '"$name"': /p'
	if [ "$rc" = 0 ]; then
		echo "ok - $name: guest checks pass ($((($(date +%s%N) - t0) / 1000000)) ms)"
	else
		echo "not ok - $name: guest checks pass (rc=$rc)"
		tr -d '\r' <"$work/$name.log" | grep '^ovrtest: ' >&2 || true
		fail=$((fail + 1))
		keep=1
	fi
}

boot noiommu --append ovt.iommu=0
boot iommu --iommu --append ovt.iommu=1
echo "# $fail boot(s) failed"
[ "$fail" = 0 ]

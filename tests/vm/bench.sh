#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# bench.sh - `make bench`: how fast dump_vbios_rom_acpi and the vfio-ssdt
# _ROM are in the VM (TCG, vmgenid / fw_cfg DMA path).
#
# Usage: B=build tests/vm/bench.sh [-v]
#
# Three boots with the vfio-ssdt table and a ROM in fw_cfg:
#   128 KiB: 4 KiB _ROM calls front to back (acpitime -s: first and slowest
#            call), then two rounds of dump_vbios_rom_acpi under rusage
#            (wall time, peak RSS) and of romfloor (the same _ROM calls,
#            bare: open/write/close + open/read/close each);
#   1 MiB, 2 MiB: the 4 KiB _ROM calls only.
# A fourth boot without it: a 48 KiB ROM behind each laptop-firmware _ROM
# model of tests/acpi/ (models-guest.sh), one dump through each: calls and
# wall time per behaviour.
# Prints a table (best round of each).  Times under TCG vary by +-30 %
# with host load: this never fails on a time, only on errors.
set -euo pipefail

# shellcheck source=SCRIPTDIR/lib.sh
. "$(dirname "$0")/lib.sh"
# shellcheck source=SCRIPTDIR/romlib.sh
. "$VM_HERE/romlib.sh"

verbose=0
[ "${1:-}" != -v ] || verbose=1

rt_init bench
rt_initramfs
rt_ssdt "$rt_work/ssdt.aml"
"$B/tests/mkrom" --seed 7 -i x86:58K --sig bb77 -i efi:64K --pcir-last yes \
	--npde -i nve0:6K -o "$rt_work/128k.rom"
"$B/tests/mkrom" --seed 8 -i x86:64K -i efi:960K -o "$rt_work/1m.rom"
"$B/tests/mkrom" --seed 9 -i x86:64K -i efi:1984K -o "$rt_work/2m.rom"

err=0
boot() { # NAME ROUNDS
	local rc=0 t0
	t0=$(date +%s%N)
	"$VM_HERE/run-vm.sh" --initrd "$rt_initrd" --ssdt "$rt_work/ssdt.aml" \
		--rom "$rt_work/$1.rom" --vmgenid \
		--append "ovt.size=$(stat -c %s "$rt_work/$1.rom") ovt.mode=bench ovt.rounds=$2" \
		--log "$rt_work/$1.log" 2>"$rt_work/$1.err" || rc=$?
	tr -d '\r' <"$rt_work/$1.log" | sed -n 's/^bench: //p' >"$rt_work/$1.txt"
	[ "$verbose" = 0 ] || sed "s/^/$1: /" "$rt_work/$1.txt"
	echo "$1: boot + benchmark $(rt_ms "$t0") ms, guest rc=$rc" >&2
	if [ "$rc" != 0 ]; then
		cat "$rt_work/$1.err" "$rt_work/$1.txt" >&2
		err=1
		rt_keep=1
	fi
}
boot 128k 2
boot 1m 0
boot 2m 0

rt_models
"$B/tests/mkrom" --seed 10 -i x86:32K --sig bb77 -i efi:12K --pcir-last yes \
	--npde -i nve0:4K -o "$rt_work/models.rom"
rt_models_boot models "$rt_work/models.rom" >"$rt_work/models.tap"
[ "$verbose" = 0 ] || cat "$rt_work/models.tap"
if [ "$rt_fail" != 0 ]; then
	grep '^not ok' "$rt_work/models.tap" >&2
	err=1
fi

# "123.4 sequential M, 32 calls, first 9.1 ms, max 12.0 ms at 0x1000"
seq_row() { # NAME LABEL
	awk -v label="$2" '$1 == "seq" {
		first = $0; sub(/.*first /, "", first); sub(/ ms.*/, "", first)
		max = $0; sub(/.*max /, "", max); sub(/ ms.*/, "", max)
		at = $0; sub(/.* at /, "", at)
		printf "  %-8s %6d %10.0f %10.1f %10.1f  %s\n", label, $5, $2, first, max, at
		found = 1
	} END { if (!found) printf "  %-8s (no result)\n", label }' "$rt_work/$1.txt"
}

echo
echo "_ROM, 4 KiB calls front to back (vfio-ssdt table, vmgenid):"
printf '  %-8s %6s %10s %10s %10s  %s\n' ROM calls "total ms" "first ms" "max ms" "max at"
seq_row 128k "128 KiB"
seq_row 1m "1 MiB"
seq_row 2m "2 MiB"

# "dump calls=3142 rusage: wall 5193 ms, user 361 ms, sys 4593 ms, maxrss 4312 KiB"
# "floor romfloor: 3142 calls, 4500 ms, 42 bytes a call rusage: wall ..."
echo
echo "dump_vbios_rom_acpi, 128 KiB ROM (best of the rounds):"
awk '
function num(s, key,   t) { t = s; sub(".*" key " ", "", t); sub(/[^0-9.].*/, "", t); return t + 0 }
$1 == "dump" {
	w = num($0, "wall"); r = num($0, "maxrss"); c = $2; sub(/calls=/, "", c)
	if (!dw || w < dw) { dw = w; dc = c }
	if (r > rss) rss = r
}
$1 == "floor" {
	w = num($0, "wall"); c = num($0, "romfloor:")
	if (!fw || w < fw) { fw = w; fc = c }
}
END {
	if (!dw || !fw) { print "  (no result)"; exit 1 }
	printf "  %-34s %8.0f ms  %6d calls  %6.3f ms/call\n", "dump (wall)", dw, dc, dw / dc
	printf "  %-34s %8.0f ms  %6d calls  %6.3f ms/call\n", "floor (bare _ROM calls, romfloor)", fw, fc, fw / fc
	printf "  %-34s %8.2f x   (goal: <= 1.3)\n", "dump / floor", dw / fw
	printf "  %-34s %8d KiB\n", "dump peak RSS (ru_maxrss)", rss
}' "$rt_work/128k.txt" || err=1

# "exact calls=790 ms=1741 rc=0"
echo
echo "dump_vbios_rom_acpi through each laptop-firmware _ROM model, 48 KiB ROM:"
printf '  %-10s %6s %8s %8s\n' model calls "wall ms" ms/call
awk '{
	c = $2; sub(/calls=/, "", c); t = $3; sub(/ms=/, "", t)
	printf "  %-10s %6d %8d %8.2f%s\n", $1, c, t, c ? t / c : 0, $4 == "rc=0" ? "" : "  (" $4 ")"
	found = 1
} END { if (!found) print "  (no result)" }' "$rt_work/models.txt"
pages=$(($(stat -c %s "$rt_work/models.rom") / 4096))
echo "  (floor: $((pages * 98)) calls of 42 bytes, none across a 4 KiB page)"

[ "$err" = 0 ] || vm_die "errors above (work dir kept)"

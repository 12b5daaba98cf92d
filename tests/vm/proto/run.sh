#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# run.sh - measure the _ROM designs of ROM-DESIGN.md in the VM.
#
# Usage: tests/vm/proto/run.sh [--winner [--cold-seq]] [--no-bridge-hotplug]
#                               [--vmgenid]
#
# Default: rom-fwcfg.asl, all prototype designs (a, a2, b, c, d) timed and
# checked.  --winner: rom-winner.asl, only S00._ROM.  Both boot with a random
# 2 MiB ROM in fw_cfg plus rom-check.asl (\OVCK checksums), check the bytes
# served at chosen offsets against the ROM and print per-call timings.
# --vmgenid adds QEMU's vmgenid device (enables the DMA path).
# --cold-seq (with --winner): no single calls, so the front-to-back read
# starts on a cold cache, as a driver reading the whole ROM would.
# Exit 0 when all checks pass.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
# shellcheck source=SCRIPTDIR/../lib.sh
. "$here/../lib.sh"

winner=0
cold=0
vmargs=()
for a in "$@"; do
	case "$a" in
	--winner) winner=1 ;;
	--cold-seq) cold=1 ;;
	--no-bridge-hotplug) vmargs+=("$a") ;;
	--vmgenid) vmargs+=(--qemu-arg -device --qemu-arg vmgenid) ;;
	*) vm_die "unknown argument '$a'" ;;
	esac
done
size=$((2 * 1024 * 1024))
rom='\_SB.PCI0.S08.S00._ROM'
s08='\_SB.PCI0.S08'

vm_load_env
work="$(mktemp -d "${TMPDIR:-/tmp}/vm-proto.XXXXXX")"
trap 'rm -rf "$work"' EXIT

asl="$here/rom-fwcfg.asl"
[ "$winner" = 0 ] || asl="$here/rom-winner.asl"
for f in "$asl" "$here/rom-check.asl"; do
	"${IASL:-iasl}" -p "$work/$(basename "$f" .asl)" "$f" >"$work/iasl.log" 2>&1 ||
		{ cat "$work/iasl.log" >&2; vm_die "iasl $f failed"; }
done
head -c "$size" /dev/urandom >"$work/rom.bin"
"${CC:-gcc}" -static -O2 -o "$work/acpitime" "$here/../acpitime.c"

# acpi_call's rendering of bytes [off, off+len) of the ROM (len <= 42)
fmt() {
	od -An -v -tx1 -j "$1" -N "$2" "$work/rom.bin" |
		awk 'BEGIN { s = "" } { for (i = 1; i <= NF; i++) s = s (s == "" ? "" : ", ") "0x" $i }
			END { print "{" s "}" }'
}
# \OVCK's answer: [len, sum] with sum = sum * 31 + byte (mod 2^32)
chk() {
	local n=$(($2 < size - $1 ? $2 : size - $1))
	od -An -v -tu1 -j "$1" -N "$n" "$work/rom.bin" |
		awk -v n="$n" 'BEGIN { s = 0 } { for (i = 1; i <= NF; i++) s = (s * 31 + $i) % 4294967296 }
			END { printf "[0x%x, 0x%x]\n", n, s }'
}
# "CALL<TAB>ANSWER" for METHOD at the usual offsets
expect_bytes() {
	local off
	for off in 0 1 7 4095 4096 4097 74565 1048576 2093056 2093347 2097136; do
		printf '%s 0x%x 0x10\t%s\n' "$1" "$off" "$(fmt "$off" 16)"
	done
	printf '%s 0x%x 0x10\t%s\n' "$1" 2097144 "$(fmt 2097144 8)"
	printf '%s 0x%x 0x10\t{}\n' "$1" "$size"
}

if [ "$winner" = 1 ]; then
	printf '%s\n' "$rom 0x0 0x1000" "$rom 0x0 0x1000" "$rom 0x1000 0x1000" \
		"$rom 0x100000 0x1000" "$rom 0x1ff000 0x1000" "$rom 0x1ff123 0x1000" \
		"$rom 0x200000 0x1000" >"$work/calls"
	[ "$cold" = 0 ] || : >"$work/calls"
	echo "$rom $size" >"$work/seq"
	{
		expect_bytes "$rom"
		printf '%s 0x0 0x0\t{}\n' "$rom"
	} >"$work/expect"
else
	{
		for m in "$rom" "$s08.RROW" "$s08.RROB" "$s08.RBPT" '\VGIA' "$s08.RBPT"; do
			case "$m" in
			*RBPT | *VGIA) echo "$m" ;;
			*)
				for off in 0x0 0x0 0x1000 0x100000 0x1ff000 0x1ff123 0x200000; do
					echo "$m $off 0x1000"
				done
				;;
			esac
		done
		printf '%s\n' "$s08.RROC 0x0 0x1000" "$s08.RROC 0x1000 0x1000" \
			"$s08.RROC 0x10000 0x1000" "$s08.RROD 0x0 0x1000" "$s08.RROD 0x1000 0x1000"
	} >"$work/calls"
	printf '%s\n' "$s08.RROB $size" "$s08.RROD $size" "$s08.RROW 262144" >"$work/seq"
	{
		for m in "$rom" "$s08.RROW" "$s08.RROB" "$s08.RROD"; do
			expect_bytes "$m"
		done
		for off in 0 5 4096; do
			printf '%s 0x%x 0x10\t%s\n' "$s08.RROC" "$off" "$(fmt "$off" 16)"
		done
		printf '%s 0x0 0x0\t{}\n' "$rom"
	} >"$work/expect"
fi
for off in 0 1048581 2093056 2095104 2097151; do
	printf '\\OVCK 0x%x 0x1000\t%s\n' "$off" "$(chk "$off" 4096)"
done >>"$work/expect"
printf '\\OVCK 0x0 0x2000\t%s\n' "$(chk 0 4096)" >>"$work/expect"

"$VM_HERE/mkinitramfs.sh" "$work/proto.cpio.gz" --script "$here/guest.sh" \
	--file "$work/acpitime:/proto/acpitime" --file "$work/expect:/proto/expect" \
	--file "$work/calls:/proto/calls" --file "$work/seq:/proto/seq"
rc=0
"$VM_HERE/run-vm.sh" --initrd "$work/proto.cpio.gz" \
	--ssdt "$work/$(basename "$asl" .asl).aml" --ssdt "$work/rom-check.aml" \
	--rom "$work/rom.bin" --log "$work/console.log" "${vmargs[@]}" || rc=$?
tr -d '\r' <"$work/console.log" | grep -E '^(proto|not ok|#)|ACPI' || true
exit "$rc"

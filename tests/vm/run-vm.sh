#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# run-vm.sh - boot the guest kernel on a q35 "laptop" under TCG and return
# the rc the guest test reported.
#
# Usage: tests/vm/run-vm.sh --initrd FILE [options]
#
#   --initrd FILE         initramfs from mkinitramfs.sh (required)
#   --kernel FILE         kernel image (default $VM_VMLINUZ from prepare.sh)
#   --ssdt FILE           AML table passed as -acpitable (repeatable)
#   --rom FILE            file exposed in fw_cfg
#   --rom-name NAME       its fw_cfg name (default opt/com.lion328/nvidia-rom)
#   --no-bridge-hotplug   ICH9-LPC.acpi-pci-hotplug-with-bridge-support=off:
#                         QEMU then makes no \_SB.PCI0.S08.S00 node
#   --iommu               add intel-iommu and intel_iommu=on (for vfio-pci)
#   --vmgenid             add QEMU's vmgenid device (\VGIA: the fast, DMA
#                         path of the vfio-ssdt _ROM; see ROM-DESIGN.md)
#   --append ARGS         extra kernel command line (repeatable)
#   --serial-out FILE     second serial port (guest /dev/ttyS1, set raw by
#                         /init) written to FILE byte for byte
#   --log FILE            console log (default: OUT.console.log next to the
#                         initrd)
#   --timeout SECS        kill QEMU after SECS (default $VMTEST_TIMEOUT or 300)
#   --qemu-arg ARG        one more QEMU argument (repeatable)
#   -v, --verbose         also copy the console to stderr while it runs
#
# Topology: root port 00:01.0 (hotplug=off) with bochs-display at 01:00.0
# (multifunction) and ich9-intel-hda + hda-duplex at 01:00.1.
#
# Exit status: N from the guest's "VMTEST-END rc=N" line; 125 when the line
# is missing (timeout, panic, crash), after printing the log's last 30 lines.
set -euo pipefail

# shellcheck source=SCRIPTDIR/lib.sh
. "$(dirname "$0")/lib.sh"

usage() {
	sed -n '3,31p' "$0" | sed 's/^# \{0,1\}//'
	exit "${1:-0}"
}

initrd=""
kernel=""
ssdts=()
rom=""
rom_name="opt/com.lion328/nvidia-rom"
bridge_hotplug=1
iommu=0
vmgenid=0
append=""
serial_out=""
log=""
timeout_s="${VMTEST_TIMEOUT:-300}"
qemu_extra=()
verbose=0
while [ $# -gt 0 ]; do
	case "$1" in
	-h | --help) usage 0 ;;
	-v | --verbose) verbose=1 ;;
	--no-bridge-hotplug) bridge_hotplug=0 ;;
	--iommu) iommu=1 ;;
	--vmgenid) vmgenid=1 ;;
	--initrd | --kernel | --ssdt | --rom | --rom-name | --append | \
		--serial-out | --log | --timeout | --qemu-arg)
		[ $# -ge 2 ] || vm_die "$1 needs an argument"
		case "$1" in
		--initrd) initrd="$2" ;;
		--kernel) kernel="$2" ;;
		--ssdt) ssdts+=("$2") ;;
		--rom) rom="$2" ;;
		--rom-name) rom_name="$2" ;;
		--append) append="$append $2" ;;
		--serial-out) serial_out="$2" ;;
		--log) log="$2" ;;
		--timeout) timeout_s="$2" ;;
		--qemu-arg) qemu_extra+=("$2") ;;
		esac
		shift
		;;
	*)
		vm_log "unknown argument '$1'"
		usage 1 >&2
		;;
	esac
	shift
done
[ -n "$initrd" ] || vm_die "no --initrd given (try --help)"
[ -r "$initrd" ] || vm_die "cannot read $initrd"
if [ -z "$kernel" ]; then
	vm_load_env
	kernel="$VM_VMLINUZ"
fi
[ -n "$log" ] || log="${initrd%.cpio.gz}.console.log"
[[ "$timeout_s" =~ ^[0-9]+$ ]] || vm_die "bad --timeout '$timeout_s'"

# QEMU splits option values at commas.
no_comma() {
	case "$1" in
	*,*) vm_die "path must not contain a comma: $1" ;;
	esac
}

cmdline="console=ttyS0 panic=-1 loglevel=4"
[ "$iommu" = 0 ] || cmdline="$cmdline intel_iommu=on"
cmdline="$cmdline$append"

qemu=(qemu-system-x86_64 -M q35 -accel tcg -cpu max -smp 1 -m 512
	-nodefaults -display none -monitor none -no-reboot -vga none -net none)
[ "$iommu" = 0 ] || qemu+=(-device intel-iommu)
[ "$vmgenid" = 0 ] || qemu+=(-device vmgenid)
qemu+=(-kernel "$kernel" -initrd "$initrd"
	-append "$cmdline"
	-serial stdio)
if [ -n "$serial_out" ]; then
	no_comma "$serial_out"
	: >"$serial_out"
	qemu+=(-serial "file:$serial_out")
fi
if [ -n "$rom" ]; then
	no_comma "$rom"
	[ -r "$rom" ] || vm_die "cannot read $rom"
	qemu+=(-fw_cfg "name=$rom_name,file=$rom")
fi
[ "$bridge_hotplug" = 1 ] ||
	qemu+=(-global ICH9-LPC.acpi-pci-hotplug-with-bridge-support=off)
# shellcheck disable=SC2054 # commas belong to QEMU option values
qemu+=(-device pcie-root-port,id=rp1,bus=pcie.0,addr=1.0,chassis=1,hotplug=off
	-device bochs-display,bus=rp1,addr=00.0,multifunction=on
	-device ich9-intel-hda,bus=rp1,addr=00.1,id=hda0
	-audiodev none,id=snd0
	-device hda-duplex,bus=hda0.0,audiodev=snd0)
for t in "${ssdts[@]}"; do
	no_comma "$t"
	[ -r "$t" ] || vm_die "cannot read $t"
	qemu+=(-acpitable "file=$t")
done
qemu+=("${qemu_extra[@]}")

start=$(date +%s%N)
set +e
if [ "$verbose" = 1 ]; then
	timeout -k 5 "$timeout_s" "${qemu[@]}" </dev/null 2>&1 | tee "$log" >&2
	qrc=${PIPESTATUS[0]}
else
	timeout -k 5 "$timeout_s" "${qemu[@]}" </dev/null >"$log" 2>&1
	qrc=$?
fi
set -e
elapsed=$((($(date +%s%N) - start) / 1000000))
secs="$((elapsed / 1000)).$(printf '%03d' $((elapsed % 1000)))"

marker="$(grep -ao 'VMTEST-END rc=[0-9]*' "$log" | tail -n 1 || true)"
if [ -z "$marker" ]; then
	if [ "$qrc" = 124 ] || [ "$qrc" = 137 ]; then
		vm_log "timed out after ${timeout_s}s"
	fi
	vm_log "no VMTEST-END line (qemu rc=$qrc, ${secs}s); last 30 lines of $log:"
	tail -n 30 "$log" | tr -d '\r' >&2
	exit 125
fi
rc="${marker#VMTEST-END rc=}"
[ "$qrc" = 0 ] || vm_log "warning: qemu exited with $qrc after the result line"
vm_log "guest rc=$rc in ${secs}s (log: $log)"
exit "$rc"

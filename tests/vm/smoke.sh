#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# smoke.sh - boot the VM harness once and check its moving parts.
#
# Usage: tests/vm/smoke.sh [-v]
#
# Compiles smoke.asl with $IASL (default iasl), makes a random ROM, builds an
# initramfs around smoke-guest.sh and boots it with run-vm.sh.  Checks in the
# guest: fw_cfg file contents, acpi_call, S00._ADR, the SSDT's method,
# firmware_node path, a clean dmesg; on the host: the ROM copied out through
# the second serial port is byte-identical.  Exit 0 when all pass.
set -euo pipefail

# shellcheck source=SCRIPTDIR/lib.sh
. "$(dirname "$0")/lib.sh"

verbose=()
case "${1:-}" in
-v | --verbose) verbose=(-v) ;;
"") ;;
*) vm_die "usage: $0 [-v]" ;;
esac

t0=$(date +%s%N)
ms_since() {
	echo $((($(date +%s%N) - $1) / 1000000))
}

vm_load_env
t_prep=$(ms_since "$t0")

work="$(mktemp -d "${TMPDIR:-/tmp}/vm-smoke.XXXXXX")"
keep=0
cleanup() {
	if [ "$keep" = 1 ]; then
		vm_log "keeping $work"
	else
		rm -rf "$work"
	fi
}
trap cleanup EXIT

"${IASL:-iasl}" -p "$work/smoke" "$VM_HERE/smoke.asl" >"$work/iasl.log" 2>&1 ||
	{ cat "$work/iasl.log" >&2; vm_die "iasl failed"; }

# odd size, random bytes: every byte value, CR and LF included
head -c 70001 /dev/urandom >"$work/rom.bin"
sha256sum <"$work/rom.bin" | cut -d' ' -f1 >"$work/rom.sha256"

t1=$(date +%s%N)
bins=()
[ ! -x /usr/bin/lspci ] || bins=(--bin /usr/bin/lspci)
"$VM_HERE/mkinitramfs.sh" "$work/smoke.cpio.gz" --script "$VM_HERE/smoke-guest.sh" \
	--file "$work/rom.sha256:/smoke/rom.sha256" "${bins[@]}"
t_initrd=$(ms_since "$t1")

t1=$(date +%s%N)
rc=0
"$VM_HERE/run-vm.sh" "${verbose[@]}" --initrd "$work/smoke.cpio.gz" \
	--ssdt "$work/smoke.aml" --rom "$work/rom.bin" \
	--serial-out "$work/serial1.bin" --log "$work/console.log" || rc=$?
t_vm=$(ms_since "$t1")

tr -d '\r' <"$work/console.log" | grep -E '^(ok|not ok|smoke:)' || true
host_fail=0
if cmp -s "$work/rom.bin" "$work/serial1.bin"; then
	echo "ok - ROM carried out through ttyS1 unchanged"
else
	echo "not ok - ROM carried out through ttyS1 unchanged" \
		"($(stat -c %s "$work/serial1.bin") bytes)"
	host_fail=1
fi
echo "smoke: timings: prepare ${t_prep} ms, initramfs ${t_initrd} ms ($(stat -c %s "$work/smoke.cpio.gz") bytes), VM ${t_vm} ms, total $(ms_since "$t0") ms"
if [ "$rc" != 0 ] || [ "$host_fail" != 0 ]; then
	keep=1
	vm_log "FAILED (guest rc=$rc)"
	exit 1
fi
echo "smoke: PASS"

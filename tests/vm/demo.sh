#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# demo.sh - `make demo`: the toolkit's main job on a simulated Optimus
# laptop, step by step.
#
# Usage: B=build tests/vm/demo.sh      (what `make demo` runs)
#
# 1. prepares the VM (guest kernel + acpi_call, cached; the first run
#    downloads Debian kernel packages);
# 2. makes the "laptop": a generated GeForce GTX 1050 Mobile vBIOS (10de:1c8d,
#    x86 + EFI + an NVIDIA 0xE0 image, NPDE chain) in QEMU's fw_cfg and the
#    vfio-ssdt table standing in for the laptop firmware's _ROM;
# 3. boots it and runs dump_vbios_rom_acpi --verify and vbios-info there,
#    carrying the dump out to the host;
# 4. on the host, builds the passthrough guest's SSDT with vfio-ssdt.
# Output in $DEMO_OUT (default ./demo-out): vbios.rom and vfio-ssdt.aml.
# Exit status 0 when every step worked.
set -euo pipefail

# shellcheck source=SCRIPTDIR/lib.sh
. "$(dirname "$0")/lib.sh"
# shellcheck source=SCRIPTDIR/romlib.sh
. "$VM_HERE/romlib.sh"

out="${DEMO_OUT:-./demo-out}"
step=0
heading() {
	step=$((step + 1))
	printf '\n=== %d. %s\n\n' "$step" "$*"
}
say() {
	printf '%s\n' "$*"
}
# show a host command as typed, run it, indent its output
run() {
	local r=0
	printf '$ %s\n' "$*" | sed "s|$B/||g"
	"$@" 2>&1 | sed 's/^/  /' || r=${PIPESTATUS[0]}
	[ "$r" = 0 ] || { say "  (exit status $r)"; return "$r"; }
}
fail() {
	say ""
	say "demo: FAILED: $*"
	exit 1
}

say "optimus-vfio demo: dump the vBIOS of an Optimus laptop's NVIDIA GPU"
say "through ACPI _ROM, then build the SSDT that hands it to a VFIO guest."
say "The laptop is simulated: a QEMU q35 VM (TCG, no KVM needed)."

heading "Prepare the simulated laptop"
if [ ! -e "$VM_CACHE/env.sh" ]; then
	say "First run: downloading the Debian guest kernel, its headers and"
	say "acpi-call-dkms (about 85 MB) into $VM_CACHE"
	say "and building acpi_call.ko. Later runs reuse that cache."
	"$VM_HERE/prepare.sh" || fail "preparing the VM (tests/vm/prepare.sh)"
fi
rt_init demo
say "guest kernel $VM_KVER with acpi_call (cache: $VM_CACHE)"
rt_initramfs || fail "building the initramfs"
mkdir -p "$out"
out="$(cd "$out" && pwd)"

heading "Make the laptop's firmware"
say "A GeForce GTX 1050 Mobile vBIOS (generated test ROM: x86 image with"
say "NVIDIA's bb77 signature, EFI image, an NVIDIA 0xE0 image, NPDE chain):"
run "$B/tests/mkrom" --vendor 10de --device 1c8d -i x86:58K --sig bb77 \
	-i efi:64K:x64 --pcir-last yes --npde -i nve0:22K \
	-o "$rt_work/laptop-vbios.rom" || fail "mkrom"
say "The laptop's ACPI _ROM serving it: our own table plays that part here"
say "(QEMU passes the ROM in fw_cfg, like a passthrough guest would get it):"
run "$B/vfio-ssdt" -q --guest-address 01:00.0 --bridge 00:01.0 \
	-o "$rt_work/laptop-ssdt.aml" || fail "vfio-ssdt (laptop table)"
size="$(stat -c %s "$rt_work/laptop-vbios.rom")"

heading "Dump the vBIOS on the laptop (booting it, about 30 s)"
t0=$(date +%s%N)
rc=0
"$VM_HERE/run-vm.sh" --initrd "$rt_initrd" --ssdt "$rt_work/laptop-ssdt.aml" \
	--rom "$rt_work/laptop-vbios.rom" --vmgenid \
	--append "ovt.size=$size ovt.mode=demo" \
	--serial-out "$rt_work/serial.out" --log "$rt_work/console.log" \
	2>"$rt_work/run-vm.err" || rc=$?
tr -d '\r' <"$rt_work/console.log" | sed -n 's/^demo| \{0,1\}//p'
say "(VM: $(rt_ms "$t0") ms from start to power-off)"
if [ "$rc" != 0 ]; then
	cat "$rt_work/run-vm.err"
	rt_keep=1
	fail "the guest part failed (rc=$rc); console log in $rt_work/console.log"
fi
cp "$rt_work/serial.out" "$out/vbios.rom"
say ""
say "Carried out to the host: $out/vbios.rom"
if cmp -s "$rt_work/laptop-vbios.rom" "$out/vbios.rom"; then
	say "It is byte for byte the ROM the simulated firmware holds."
else
	fail "the dump differs from the laptop's ROM"
fi

heading "Build the passthrough guest's SSDT on the host"
say "The GPU will sit at 01:00.0 in the guest, behind root port 00:01.0:"
run "$B/vfio-ssdt" --guest-address 01:00.0 --bridge 00:01.0 \
	--rom "$out/vbios.rom" -o "$out/vfio-ssdt.aml" ||
	fail "vfio-ssdt"

heading "Done"
say "dumped vBIOS:   $out/vbios.rom ($size bytes)"
say "guest SSDT:     $out/vfio-ssdt.aml"
say ""
say "On a real Optimus laptop (acpi_call installed):"
say "  sudo modprobe acpi_call && sudo dump_vbios_rom_acpi -v --verify -o vbios.rom"
say "  vfio-ssdt --guest-address 01:00.0 --bridge 00:01.0 --rom vbios.rom -o vfio-ssdt.aml"

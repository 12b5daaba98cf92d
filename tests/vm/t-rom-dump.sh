#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# t-rom-dump.sh - dump_vbios_rom_acpi through the vfio-ssdt _ROM (vmgenid,
# fw_cfg DMA path) for ROM shapes a laptop may have.
#
# One boot per ROM (the table serves one fw_cfg file), each running the
# rom-guest.sh checks (clean table load, battery slot, dump without
# --length) and, on the host, cmp of the dump carried out through ttyS1
# and vbios-info guest vs host:
#   npde   NVIDIA chain: x86 with signature bb77, EFI whose PCIR says last
#          but whose NPDE says more follows, then a 0xE0 image (128 KiB)
#   1m     x86 + EFI, 1 MiB
#   2m     x86 + EFI, exactly 2 MiB (the largest ROM the dumper takes)
# Under TCG the 2 MiB dump is ~50,000 acpi_call calls: expect 1-2 minutes.
set -euo pipefail

# shellcheck source=SCRIPTDIR/lib.sh
. "$(dirname "$0")/lib.sh"
# shellcheck source=SCRIPTDIR/romlib.sh
. "$VM_HERE/romlib.sh"

rt_init rom-dump
rt_initramfs
rt_ssdt "$rt_work/ssdt.aml"
"$B/tests/mkrom" --seed 3 -i x86:58K --sig bb77 -i efi:64K --pcir-last yes \
	--npde -i nve0:6K -o "$rt_work/npde.rom"
"$B/tests/mkrom" --seed 4 -i x86:64K -i efi:960K -o "$rt_work/1m.rom"
"$B/tests/mkrom" --seed 5 -i x86:64K -i efi:1984K -o "$rt_work/2m.rom"

for r in npde 1m 2m; do
	rt_boot "$r" "$rt_work/$r.rom" --ssdt "$rt_work/ssdt.aml" --vmgenid
done
rt_finish

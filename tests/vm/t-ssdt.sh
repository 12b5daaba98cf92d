#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# t-ssdt.sh - the vfio-ssdt table in both QEMU bridge-hotplug shapes.
#
# Two boots with the table from $B/vfio-ssdt (default options) and vmgenid:
#   hotplug:   QEMU's default (it makes \_SB.PCI0.S08.S00), a single-image
#              64 KiB ROM;
#   nohotplug: --no-bridge-hotplug (the table makes S00 itself), a
#              multi-image x86 + EFI ROM.
# Each boot checks: no ACPI error in dmesg, 01:00.0's firmware_node path,
# the empty battery slot (PNP0C0A at \_SB.PCI0.SF8.OVBT, status 15, battery
# driver bound, no BAT* power supply), _ROM answering, and a dump by
# dump_vbios_rom_acpi that is byte-identical to the ROM (carried out through
# ttyS1, cmp on the host) with the same vbios-info output in guest and host.
set -euo pipefail

# shellcheck source=SCRIPTDIR/lib.sh
. "$(dirname "$0")/lib.sh"
# shellcheck source=SCRIPTDIR/romlib.sh
. "$VM_HERE/romlib.sh"

rt_init ssdt
rt_initramfs
rt_ssdt "$rt_work/ssdt.aml"
"$B/tests/mkrom" -i x86:64K -o "$rt_work/single.rom"
"$B/tests/mkrom" --seed 2 -i x86:64K -i efi:64K:x64 --pcir-last yes --npde \
	-o "$rt_work/multi.rom"

rt_boot hotplug "$rt_work/single.rom" --ssdt "$rt_work/ssdt.aml" --vmgenid
rt_boot nohotplug "$rt_work/multi.rom" --ssdt "$rt_work/ssdt.aml" --vmgenid \
	--no-bridge-hotplug
rt_finish

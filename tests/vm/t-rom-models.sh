#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# t-rom-models.sh - dump_vbios_rom_acpi through the real kernel and acpi_call
# against each laptop-firmware _ROM model of tests/acpi/ (one boot).
#
# The models' tables, the shared romdata table and a table holding the
# ROM itself (tests/helpers/mkromaml) go in as -acpitable; the guest
# (models-guest.sh) dumps through \_SB.OVM1..OVM7 and checks each dump's
# size, md5 and call count against the 42-byte floor.  The ROM is 32 KiB
# (an NVIDIA chain: x86, EFI, 0xE0 image): it has to fit in one
# -acpitable (QEMU takes at most 64 KiB), so the models' windows are not
# exceeded here; the tool tests (t_rom_models.sh) cover a ROM that does.
set -euo pipefail

# shellcheck source=SCRIPTDIR/lib.sh
. "$(dirname "$0")/lib.sh"
# shellcheck source=SCRIPTDIR/romlib.sh
. "$VM_HERE/romlib.sh"

rt_init rom-models
rt_models
rt_initramfs
"$B/tests/mkrom" --seed 31 -i x86:20K --sig bb77 -i efi:8K --pcir-last yes \
	--npde -i nve0:4K -o "$rt_work/models.rom"
rt_models_boot models "$rt_work/models.rom"
rt_finish

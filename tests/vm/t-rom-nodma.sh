#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# t-rom-nodma.sh - the vfio-ssdt _ROM without QEMU's vmgenid device: no
# DMA skip, so _ROM serves from its block cache filled through the fw_cfg
# data port (ROM-DESIGN.md design (d)).
#
# One boot, 1 MiB x86 + EFI ROM, no --vmgenid: the rom-guest.sh checks and
# a dump byte-identical to the ROM (cmp on the host), vbios-info agreeing.
set -euo pipefail

# shellcheck source=SCRIPTDIR/lib.sh
. "$(dirname "$0")/lib.sh"
# shellcheck source=SCRIPTDIR/romlib.sh
. "$VM_HERE/romlib.sh"

rt_init rom-nodma
rt_initramfs
rt_ssdt "$rt_work/ssdt.aml"
"$B/tests/mkrom" --seed 6 -i x86:64K -i efi:960K -o "$rt_work/1m.rom"
rt_boot nodma-1m "$rt_work/1m.rom" --ssdt "$rt_work/ssdt.aml"
rt_finish

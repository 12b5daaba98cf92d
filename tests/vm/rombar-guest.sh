# SPDX-License-Identifier: GPL-2.0-or-later
# rombar-guest.sh - guest half of tests/vm/t-rom-bar.sh (run by /init with
# sh): vbios-extract --rom-bar on pci-testdev 00:03.0, whose ROM BAR QEMU
# fills from romfile=.
# shellcheck shell=sh

# shellcheck source=tests/vm/guest-lib.sh
. /guest-lib.sh

A=0000:00:03.0
D=/sys/bus/pci/devices/$A

# The ROM BAR register (config offset 0x30), bit 0: address decode enable.
bar_enable_bit() {
	b="$(dd if=$D/config bs=1 skip=48 count=1 2>/dev/null | od -An -tu1 | tr -d ' ')"
	echo $((b % 2))
}

# `rom` read while disabled: the kernel refuses it (EINVAL)
rom_refused() {
	! cat $D/rom >/tmp/r.bin 2>/tmp/r.err && grep -q 'Invalid argument' /tmp/r.err
}

ve() {
	echo "rbtest: vbios-extract $*"
	vbios-extract "$@" >/tmp/ve.out 2>/tmp/ve.err
	rc=$?
	sed 's/^/rbtest: | /' /tmp/ve.out /tmp/ve.err
}

echo "rbtest: /init reached at uptime $(cut -d' ' -f1 /proc/uptime)s"
check "00:03.0 has a rom attribute" [ -e $D/rom ]
check "rom refuses reads before any enable" rom_refused
check "the ROM BAR decode bit is clear at start" [ "$(bar_enable_bit)" = 0 ]
# the control: enabled by hand, the same attribute serves the ROM
echo 1 >$D/rom
cat $D/rom >/tmp/manual.rom
check "enabled by hand, rom serves the romfile= ROM" cmp /tmp/manual.rom /rom.bin
echo 0 >$D/rom
check "disabled by hand, rom refuses reads again" rom_refused

ve --rom-bar -d 00:03.0 -o /tmp/out.rom
check "IDs of another device (pci-testdev 1b36:0005): exit 2 (got $rc)" [ "$rc" = 2 ]
check "... and nothing written" [ ! -e /tmp/out.rom ]
check "... and rom is disabled again" rom_refused

ve --rom-bar -d 00:03.0 --force -o /tmp/out.rom
check "--rom-bar --force exits 0 (got $rc)" [ "$rc" = 0 ]
check "the written ROM is the romfile= ROM byte for byte" cmp /tmp/out.rom /rom.bin
check "the provenance line names the rom attribute" \
	grep -q "from $D/rom: offset 0x0, nothing cut" /tmp/ve.out
check "rom refuses reads after vbios-extract (left disabled)" rom_refused
check "the ROM BAR decode bit is clear after vbios-extract" [ "$(bar_enable_bit)" = 0 ]

ve --rom-bar -d 01:00.1 -o /tmp/none.rom
check "a function with no ROM BAR: exit 1 (got $rc)" [ "$rc" = 1 ]
check "... naming its rom path" grep -q "enable /sys/bus/pci/devices/0000:01:00.1/rom: " /tmp/ve.err
check "... nothing written" [ ! -e /tmp/none.rom ]

echo "rbtest: $pass passed, $fail failed"
[ "$fail" = 0 ]

# SPDX-License-Identifier: GPL-2.0-or-later
# l2-guest.sh - /test.sh of L2, the passthrough guest libvirt starts in L1:
# checks what an Optimus guest driver depends on, as the guest sees it.
#   ovt.id=VVVV:DDDD      the GPU's IDs (L1's 01:00.0)
#   ovt.subsys=VVVV:DDDD  L1's subsystem IDs of it
#   ovt.size=N ovt.sha=H  size and sha256 of the vBIOS dumped in L1
#   ovt.barsize=N ovt.barsha=H  the same of the ROM BAR file (--rom-bar)
# Prints TAP-like lines, then "L2-END rc=N", and stays up: the journey in
# L1 stops it with virsh destroy, as a user would.
# shellcheck shell=sh

# shellcheck source=tests/vm/guest-lib.sh
. /guest-lib.sh

P=/sys/bus/pci/devices
GPU=0000:01:00.0

# cfgb DEV OFF: byte OFF of DEV's config space, as a number
cfgb() {
	printf '%d' "0x$(od -An -tx1 -j "$2" -N 1 "$P/$1/config" | tr -d ' \n')"
}

# the offset of DEV's PCI Express capability (ID 0x10), or nothing
pcie_cap() {
	p=$(cfgb "$1" 52)
	n=0
	while [ "$p" -ge 64 ] && [ $n -lt 48 ]; do
		[ "$(cfgb "$1" "$p")" = 16 ] && { echo "$p"; return; }
		p=$(cfgb "$1" $((p + 1)))
		n=$((n + 1))
	done
}

# root port with a slot whose Slot Capabilities say "no hot-plug"
root_port_no_hotplug() {
	c=$(pcie_cap "$1")
	[ -n "$c" ] || { echo "l2| $1 has no PCIe capability"; return 1; }
	type=$(($(cfgb "$1" $((c + 2))) >> 4))
	slotcap=$(cfgb "$1" $((c + 20)))
	echo "l2| $1: port type $type, slot capabilities byte 0 $(printf 0x%02x "$slotcap")"
	# type 4 = root port; bit 6 = Hot-Plug Capable, bit 5 = Hot-Plug Surprise
	[ "$type" = 4 ] && [ $((slotcap & 0x60)) = 0 ]
}

id() { # DEV: vendor:device without 0x
	echo "$(sed 's/^0x//' "$P/$1/vendor"):$(sed 's/^0x//' "$P/$1/device")"
}

subsys() {
	echo "$(sed 's/^0x//' "$P/$1/subsystem_vendor"):$(sed 's/^0x//' "$P/$1/subsystem_device")"
}

no_audio_function() {
	[ ! -e "$P/0000:01:00.1" ] || return 1
	for d in "$P"/*; do
		case "$(cat "$d/class")" in
		0x0403*) echo "l2| audio function $d"; return 1 ;;
		esac
	done
}

battery_slot_empty() {
	b=""
	for d in /sys/bus/acpi/devices/PNP0C0A:*; do
		[ -e "$d" ] && b=$d
	done
	[ -n "$b" ] || { echo "l2| no ACPI battery device (PNP0C0A)"; return 1; }
	echo "l2| $b: _STA $(cat "$b/status")"
	# 15: present, enabled, shown, functioning; bit 4 (battery present) clear
	[ "$(cat "$b/status")" = 15 ] || return 1
	for s in /sys/class/power_supply/*; do
		[ -e "$s/type" ] || continue
		if [ "$(cat "$s/type")" = Battery ] && [ "$(cat "$s/present" 2>/dev/null)" = 1 ]; then
			echo "l2| $s reports a battery"
			return 1
		fi
	done
}

echo "l2| L2 up after $(cut -d' ' -f1 /proc/uptime) s; PCI functions:"
for d in "$P"/*; do
	echo "l2|   ${d##*/} $(id "${d##*/}") class $(cat "$d/class")"
done
modprobe battery 2>/dev/null

check "L2: the GPU is at $GPU with IDs $(param id '?')" \
	[ "$(id $GPU 2>/dev/null)" = "$(param id '')" ]
parent="$(readlink -f "$P/$GPU" 2>/dev/null)"
parent="${parent%/*}"
check "L2: behind root port 0000:00:01.0 (mirrors L1)" [ "${parent##*/}" = 0000:00:01.0 ]
check "L2: the root port has hot-plug off" root_port_no_hotplug 0000:00:01.0
check "L2: its ACPI node is \\_SB.PCI0.S08.S00" \
	[ "$(cat "$P/$GPU/firmware_node/path" 2>/dev/null)" = '\_SB_.PCI0.S08_.S00_' ]
check "L2: subsystem IDs $(subsys $GPU 2>/dev/null) = L1's $(param subsys '?')" \
	[ "$(subsys $GPU 2>/dev/null)" = "$(param subsys '')" ]
check "L2: no HDMI audio function" no_audio_function
check "L2: the fake battery is there, and empty" battery_slot_empty
check "L2: vmgenid is there (QEMUVGID)" [ -e /sys/bus/acpi/devices/QEMUVGID:00 ]
ivshmem() {
	for d in "$P"/*; do
		[ "$(id "${d##*/}")" = 1af4:1110 ] && { echo "l2| Looking Glass IVSHMEM at ${d##*/}"; return 0; }
	done
	return 1
}
check "L2: the Looking Glass IVSHMEM device (1af4:1110) is there" ivshmem

# one read (L1's dump was verified; each _ROM call is slow here)
echo "l2| \$ dump_vbios_rom_acpi -d 01:00.0 -o /tmp/vbios.rom"
t0="$(cut -d' ' -f1 /proc/uptime)"
dump_vbios_rom_acpi -q -d 01:00.0 -o /tmp/vbios.rom >/tmp/dump.err 2>&1
r=$?
sed 's/^/l2|   /' /tmp/dump.err
echo "l2|   (exit $r, $(awk -v a="$t0" -v b="$(cut -d' ' -f1 /proc/uptime)" 'BEGIN { printf "%.1f", b - a }') s)"
sum="$(sha256sum /tmp/vbios.rom 2>/dev/null | cut -d' ' -f1)"
echo "l2|   $(stat -c %s /tmp/vbios.rom 2>/dev/null) bytes, sha256 $sum"
rom_matches() {
	[ "$r" = 0 ] && [ "$sum" = "$(param sha '')" ] &&
		[ "$(stat -c %s /tmp/vbios.rom)" = "$(param size '')" ]
}
check "L2: _ROM returns the vBIOS dumped in L1, byte for byte" rom_matches

# Issue 18: the ROM BAR holds the --rom-bar file (ovt.barsha, ovt.barsize)
rom_bar_matches() {
	f=$P/$GPU/rom
	[ -e "$f" ] || { echo "l2| no $f"; return 1; }
	echo "l2| \$ echo 1 > $f; cat $f; echo 0 > $f"
	echo 1 >"$f" && cat "$f" >/tmp/bar.rom
	rr=$?
	echo 0 >"$f"
	bs="$(sha256sum /tmp/bar.rom 2>/dev/null | cut -d' ' -f1)"
	echo "l2|   (exit $rr) $(stat -c %s /tmp/bar.rom 2>/dev/null) bytes, sha256 $bs"
	[ "$rr" = 0 ] && [ "$bs" = "$(param barsha '')" ] &&
		[ "$(stat -c %s /tmp/bar.rom)" = "$(param barsize '')" ]
}
if [ -n "$(param barsha '')" ]; then
	check "L2: the GPU's ROM BAR (sysfs rom) is the --rom-bar file, byte for byte" rom_bar_matches
fi

echo "L2-END rc=$([ "$fail" = 0 ] && echo 0 || echo 1) pass=$pass fail=$fail"
# stay up until L1 destroys the domain
while :; do
	sleep 60
done

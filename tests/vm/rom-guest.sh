# SPDX-License-Identifier: GPL-2.0-or-later
# rom-guest.sh - guest half of the vfio-ssdt tests (t-ssdt.sh, t-rom-*.sh),
# run by /init with sh.  Parameters come from the kernel command line:
#   ovt.size=N         size of the ROM the host put in fw_cfg (required)
#   ovt.gpu=PATH       expected firmware_node/path of 01:00.0
#   ovt.battery=PATH   expected path of the PNP0C0A device ("-": none)
#   ovt.verify=1       dump with --verify
#   ovt.mode=bench     run /ovt/bench-guest.sh instead (bench.sh)
#   ovt.mode=demo      run /ovt/demo-guest.sh instead (demo.sh)
#   ovt.mode=models    run /ovt/models-guest.sh instead (t-rom-models.sh)
# Checks the table loaded cleanly, the empty battery slot, then dumps the
# ROM with dump_vbios_rom_acpi and writes to /dev/ttyS1: the dump, then
# `vbios-info` of it, then `vbios-info --json` of it, for the host to split
# (the console says how long each part is) and compare.
# shellcheck shell=sh

# shellcheck source=tests/vm/guest-lib.sh
. /guest-lib.sh

size="$(param size '')"
gpu="$(param gpu '\_SB_.PCI0.S08_.S00_')"
battery="$(param battery '\_SB_.PCI0.SF8_.OVBT')"
verify="$(param verify 0)"
dev=/sys/bus/pci/devices/0000:01:00.0

case "$(param mode test)" in
bench) exec sh /ovt/bench-guest.sh "$size" "$(param rounds 2)" ;;
demo) exec sh /ovt/demo-guest.sh "$size" ;;
models) exec sh /ovt/models-guest.sh ;;
esac

echo "romtest: /init reached at uptime $(cut -d' ' -f1 /proc/uptime)s"

# --- the table loaded without complaint
if dmesg | grep -E 'ACPI (BIOS )?(Error|Exception)|AE_[A-Z_]+'; then
	check "SSDT loads without ACPI errors" false
else
	check "SSDT loads without ACPI errors" true
fi
check "01:00.0 firmware_node is $gpu" [ "$(cat $dev/firmware_node/path)" = "$gpu" ]

# --- the empty battery slot
bat=""
for d in /sys/bus/acpi/devices/PNP0C0A:*; do
	[ -e "$d" ] && bat="$d"
done
if [ "$battery" = - ]; then
	check "no PNP0C0A device" [ -z "$bat" ]
else
	check "a PNP0C0A device exists" [ -n "$bat" ]
	bpath="$(cat "$bat/path" 2>/dev/null)"
	echo "romtest: battery ${bat##*/} at $bpath, status $(cat "$bat/status" 2>/dev/null)"
	check "PNP0C0A device is at $battery" [ "$bpath" = "$battery" ]
	# vfio-ssdt's _STA: 0x0F, present/enabled/shown/functioning, bit 4
	# (battery present) clear: an empty slot
	check "its status is 15 (slot present, no battery)" \
		[ "$(cat "$bat/status" 2>/dev/null)" = 15 ]
	modprobe battery
	check "battery module is loaded" [ -d /sys/module/battery ]
	drv="$(readlink "$bat/driver" 2>/dev/null)"
	check "battery driver bound to ${bat##*/}" [ "${drv##*/}" = battery ]
	bats="$(ls -d /sys/class/power_supply/BAT* 2>/dev/null)"
	check "no BAT* in /sys/class/power_supply" [ -z "$bats" ]
fi

# --- _ROM through acpi_call
first="$(echo "${gpu}._ROM 0x0 0x4" >/proc/acpi/call && cat /proc/acpi/call)"
echo "romtest: _ROM 0 4 -> $first"
case "$first" in
"{0x"*) check "_ROM answers a buffer" true ;;
*) check "_ROM answers a buffer" false ;;
esac

opts="-q -v"
[ "$verify" = 1 ] && opts="$opts --verify"
echo "romtest: dump_vbios_rom_acpi -d 01:00.0 $opts -o /tmp/x.rom"
# shellcheck disable=SC2086 # word splitting wanted
rusage dump_vbios_rom_acpi -d 01:00.0 $opts -o /tmp/x.rom 2>/tmp/dump.err
rc=$?
sed 's/^/romtest: /' /tmp/dump.err
check "dump_vbios_rom_acpi exits 0" [ "$rc" = 0 ]
got="$(stat -c %s /tmp/x.rom 2>/dev/null || echo 0)"
check "dump is $size bytes" [ "$got" = "$size" ]
vbios-info /tmp/x.rom >/tmp/info.txt 2>&1
check "vbios-info reads the dump" [ $? = 0 ]
vbios-info --json /tmp/x.rom >/tmp/info.json 2>&1
sed 's/^/romtest: | /' /tmp/info.txt
echo "romtest: serial-out $got $(stat -c %s /tmp/info.txt) $(stat -c %s /tmp/info.json)"
cat /tmp/x.rom /tmp/info.txt /tmp/info.json >/dev/ttyS1

echo "romtest: done at uptime $(cut -d' ' -f1 /proc/uptime)s"
echo "romtest: $pass passed, $fail failed"
[ "$fail" = 0 ]

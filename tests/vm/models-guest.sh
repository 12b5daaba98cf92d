# SPDX-License-Identifier: GPL-2.0-or-later
# models-guest.sh - guest half of tests/vm/t-rom-models.sh and of the models
# part of bench.sh (run from rom-guest.sh when the kernel command line has
# ovt.mode=models).  The host loaded the laptop-firmware _ROM models of
# tests/acpi/ (devices \_SB.OVM1..OVM7) over one ROM image; this dumps
# the ROM through each with the real acpi_call and checks size, md5 and
# that the call count stays near the 42-byte floor:
#   ovt.size=N      ROM size
#   ovt.md5=SUM     its md5sum
#   ovt.maxcalls=N  the most calls one dump may take
# Prints "models: NAME calls=N ms=T" for bench.sh.
# shellcheck shell=sh

# shellcheck source=tests/vm/guest-lib.sh
. /guest-lib.sh

size="$(param size '')"
md5="$(param md5 '')"
maxcalls="$(param maxcalls 0)"

echo "romtest: /init reached at uptime $(cut -d' ' -f1 /proc/uptime)s"
if dmesg | grep -E 'ACPI (BIOS )?(Error|Exception)|AE_[A-Z_]+'; then
	check "model tables load without ACPI errors" false
else
	check "model tables load without ACPI errors" true
fi

ms() { # uptime in ms
	awk '{ printf "%d\n", $1 * 1000 }' /proc/uptime
}

for m in 1:exact 2:nvref 3:win256 4:region56 5:always4k 6:field8k 7:region4k; do
	dev="\\_SB.OVM${m%%:*}"
	name="${m#*:}"
	t0="$(ms)"
	dump_vbios_rom_acpi -d 01:00.0 -p "$dev" -q -v -o /tmp/m.rom 2>/tmp/m.err
	rc=$?
	t1="$(ms)"
	sed "s/^/romtest: $name: /" /tmp/m.err
	calls="$(sed -n 's/.* in \([0-9]*\) calls.*/\1/p' /tmp/m.err)"
	echo "models: $name calls=${calls:-0} ms=$((t1 - t0)) rc=$rc"
	check "$name: dump exits 0" [ "$rc" = 0 ]
	check "$name: dump is $size bytes" [ "$(stat -c %s /tmp/m.rom 2>/dev/null)" = "$size" ]
	check "$name: dump has the ROM's md5" \
		[ "$(md5sum /tmp/m.rom 2>/dev/null | cut -d' ' -f1)" = "$md5" ]
	check "$name: ${calls:-?} calls, at most $maxcalls" \
		[ "${calls:-999999}" -le "$maxcalls" ]
	rm -f /tmp/m.rom
done

echo "romtest: done at uptime $(cut -d' ' -f1 /proc/uptime)s"
echo "romtest: $pass passed, $fail failed"
[ "$fail" = 0 ]

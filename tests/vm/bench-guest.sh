# SPDX-License-Identifier: GPL-2.0-or-later
# bench-guest.sh - guest half of tests/vm/bench.sh (run from rom-guest.sh
# when the kernel command line has ovt.mode=bench).  Prints "bench: KEY
# VALUE..." lines for the host to collect; fails only on errors.
#   ovt.size=N      ROM size in fw_cfg
#   ovt.rounds=N    dump/floor rounds (default 2; 0: _ROM timing only)
# First (so its first call is the table's first): 4 KiB _ROM calls front to
# back (acpitime -s), then rounds of dump_vbios_rom_acpi (under rusage) and
# of romfloor, the same _ROM calls bare.
# shellcheck shell=sh

size="$1"
rounds="$2"
m='\_SB.PCI0.S08.S00._ROM'
rc=0

# "  123.456 sequential M, 32 calls, first 9.1 ms, max 12.0 ms at 0x1000"
out="$(acpitime -s "$m" "$size")" || rc=1
echo "bench: seq $out"

i=0
while [ "$i" -lt "$rounds" ]; do
	i=$((i + 1))
	rusage dump_vbios_rom_acpi -d 01:00.0 -q -v -o /tmp/x.rom 2>/tmp/dump.err ||
		{ cat /tmp/dump.err; rc=1; }
	calls="$(sed -n 's/.* in \([0-9]*\) calls.*/\1/p' /tmp/dump.err)"
	echo "bench: dump calls=$calls $(grep '^rusage:' /tmp/dump.err)"
	[ "$(stat -c %s /tmp/x.rom)" = "$size" ] || { echo "bench: dump size wrong"; rc=1; }
	rusage romfloor "$m" "$size" >/tmp/floor.out 2>/tmp/floor.err ||
		{ cat /tmp/floor.out /tmp/floor.err; rc=1; }
	echo "bench: floor $(cat /tmp/floor.out) $(grep '^rusage:' /tmp/floor.err)"
done
exit "$rc"

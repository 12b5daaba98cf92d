# SPDX-License-Identifier: GPL-2.0-or-later
# demo-guest.sh - guest half of tests/vm/demo.sh (run from rom-guest.sh when
# the kernel command line has ovt.mode=demo): what a user types on the
# laptop, with its output.  Lines for the host start with "demo| "; the
# dumped ROM goes out on /dev/ttyS1.
# shellcheck shell=sh

size="$1"
out=/root/vbios.rom
rc=0

say() {
	echo "demo| $*"
}

# run [--root] CMD... shown as "$ CMD" ("$ sudo CMD" with --root, as on a
# laptop; the guest runs everything as root), output indented
run() {
	if [ "$1" = --root ]; then
		shift
		say "\$ sudo $*"
	else
		say "\$ $*"
	fi
	t0="$(cut -d' ' -f1 /proc/uptime)"
	"$@" >/tmp/run.out 2>&1
	r=$?
	t1="$(cut -d' ' -f1 /proc/uptime)"
	sed 's/^/demo|   /' /tmp/run.out
	[ "$r" = 0 ] || { say "  (exit status $r)"; rc=1; }
	say "  ($(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }') s)"
	return "$r"
}

cd /root || exit 1
say "# acpi_call gives user space access to ACPI methods such as _ROM"
run --root modprobe acpi_call
say "# the GPU's ACPI node; on a real laptop dump_vbios_rom_acpi finds the"
say "# NVIDIA function itself (here 01:00.0 is a stand-in, so it is named)"
run cat /sys/bus/pci/devices/0000:01:00.0/firmware_node/path
run --root dump_vbios_rom_acpi -d 01:00.0 -v --verify -o vbios.rom || { say "dump failed"; exit 1; }
run vbios-info vbios.rom || rc=1
run sha256sum vbios.rom
[ "$(stat -c %s "$out")" = "$size" ] || { say "dump is not $size bytes"; rc=1; }
cat "$out" >/dev/ttyS1
exit "$rc"

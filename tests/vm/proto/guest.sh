# SPDX-License-Identifier: GPL-2.0-or-later
# guest.sh - guest half of tests/vm/proto/run.sh: time and check _ROM designs.
#
# /proto/calls   one ACPI call per line, timed one by one (in order, so the
#                first _ROM call really is the first)
# /proto/seq     "METHOD SIZE" lines: read METHOD front to back in 4 KiB calls
# /proto/expect  "CALL<TAB>EXPECTED ANSWER" lines, checked last
# shellcheck shell=sh

pass=0
fail=0
acpi_eval() {
	echo "$1" >/proc/acpi/call && cat /proc/acpi/call
}

echo "proto: 01:00.0 firmware_node: $(cat /sys/bus/pci/devices/0000:01:00.0/firmware_node/path 2>/dev/null)"
if dmesg | grep -i 'acpi.*error'; then
	echo "proto: ACPI errors above"
	fail=$((fail + 1))
fi

echo "proto: timing (ms, call, result prefix)"
while read -r call; do
	/proto/acpitime "$call" | sed 's/^/proto: t /'
done </proto/calls
while read -r method size; do
	/proto/acpitime -s "$method" "$size" | sed 's/^/proto: t /'
done </proto/seq

modprobe qemu_fw_cfg
raw=/sys/firmware/qemu_fw_cfg/by_name/opt/com.lion328/nvidia-rom/raw
for off in 0 1048576 2093056; do
	/proto/acpitime -r "$raw" "$off" 4096 | sed 's/^/proto: t linux sysfs /'
done

tab="$(printf '\t')"
while IFS="$tab" read -r call want; do
	got="$(acpi_eval "$call")"
	if [ "$got" = "$want" ]; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "not ok - $call"
		echo "#   want: $want"
		echo "#   got:  $got"
	fi
done </proto/expect
echo "proto: checks: $pass passed, $fail failed"
[ "$fail" = 0 ]

# SPDX-License-Identifier: GPL-2.0-or-later
# smoke-guest.sh - guest half of tests/vm/smoke.sh (run by /init with sh).
# shellcheck shell=sh

# shellcheck source=tests/vm/guest-lib.sh
. /guest-lib.sh

# Evaluate an ACPI path through acpi_call; print the answer.
acpi_eval() {
	echo "$1" >/proc/acpi/call && cat /proc/acpi/call
}

echo "smoke: /init reached at uptime $(cut -d' ' -f1 /proc/uptime)s"

rom=/sys/firmware/qemu_fw_cfg/by_name/opt/com.lion328/nvidia-rom/raw
modprobe qemu_fw_cfg
check "fw_cfg file is present" test -r "$rom"
got="$(sha256sum <"$rom" | cut -d' ' -f1)"
check "fw_cfg file has the host's bytes" [ "$got" = "$(cat /smoke/rom.sha256)" ]
# carry the file out on the second serial port; the host compares it
cat "$rom" >/dev/ttyS1

check "/proc/acpi/call exists" test -e /proc/acpi/call
adr="$(acpi_eval '\_SB.PCI0.S08.S00._ADR')"
echo "smoke: _ADR -> $adr"
check "acpi_call evaluates S00._ADR" [ "$adr" = 0x0 ]
vmsm="$(acpi_eval '\VMSM')"
echo "smoke: VMSM -> $vmsm"
check "method from the SSDT answers" [ "$vmsm" = 0x600df00d ]
fwpath="$(cat /sys/bus/pci/devices/0000:01:00.0/firmware_node/path)"
check "01:00.0 firmware_node is \\_SB_.PCI0.S08_.S00_" \
	[ "$fwpath" = '\_SB_.PCI0.S08_.S00_' ]
if dmesg | grep -i 'ACPI Error'; then
	check "no ACPI Error in dmesg" false
else
	check "no ACPI Error in dmesg" true
fi
check "01:00.1 is present" test -e /sys/bus/pci/devices/0000:01:00.1
if [ -x /usr/bin/lspci ]; then
	check "a dynamically linked binary (lspci) runs" lspci -s 01:00.0
fi
check "modprobe resolves dependencies (snd-hda-intel)" modprobe snd-hda-intel

echo "smoke: test done at uptime $(cut -d' ' -f1 /proc/uptime)s"
echo "smoke: $pass passed, $fail failed"
[ "$fail" = 0 ]

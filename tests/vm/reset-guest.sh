# SPDX-License-Identifier: GPL-2.0-or-later
# reset-guest.sh - guest half of tests/vm/t-reset.sh (run by /init with sh):
# gpu-reset on the real kernel with bochs (01:00.0) and snd_hda_intel
# (01:00.1) standing in for nvidia* and the GPU's HDMI audio, and the _OFF /
# _ON of power-counters.asl standing in for the dGPU power methods.
#   ovt.size=N   size of the ROM in fw_cfg (the vfio-ssdt _ROM)
# Order: --dry-run (nothing changes), the full sequence (--json), a _ROM
# dump after it, a run whose load step fails (exit 3, bus restored), and a
# control run without the override step (snd_hda_intel then binds 01:00.1).
# Writes to /dev/ttyS1: the JSON of the full run, then that of the failed
# run (sizes on the console: "rsttest: serial-out N M").
# shellcheck shell=sh

# shellcheck source=tests/vm/guest-lib.sh
. /guest-lib.sh

GPU=0000:01:00.0
AUD=0000:01:00.1
BR=0000:00:01.0
P=/sys/bus/pci/devices
NODE='\_SB.PCI0.S08.S00'
# bochs-display (1234:1111) stands in for the GPU: not NVIDIA, so --force
OPTS="-d 01:00.0 --force --modules bochs,snd_hda_intel --audio-override none --power acpi --skip smi"

drv() { # ADDR: the bound driver's name, "" for none
	l="$(readlink "$P/$1/driver" 2>/dev/null)"
	echo "${l##*/}"
}

ovr() { # ADDR: driver_override, "" for none
	v="$(cat "$P/$1/driver_override" 2>/dev/null)"
	[ "$v" = "(null)" ] && v=""
	echo "$v"
}

acpi() { # PATH: evaluate through acpi_call
	echo "$1" >/proc/acpi/call && cat /proc/acpi/call
}

counters() { # the _OFF/_ON record: {CNTO, CNTN, SEQ}
	acpi "$NODE.PCNT"
}

wait_drv() { # ADDR DRIVER: up to 5 s
	i=0
	while [ "$(drv "$1")" != "$2" ] && [ $i -lt 50 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	[ "$(drv "$1")" = "$2" ]
}

# everything a run could change, one line each
state() {
	for a in $BR $GPU $AUD; do
		echo "$a present=$([ -e "$P/$a" ] && echo 1 || echo 0)" \
			"driver=$(drv "$a") override=$(ovr "$a")"
	done
	echo "modules: $(cut -d' ' -f1 /proc/modules | sort | tr '\n' ' ')"
	echo "drm:" /sys/class/drm/*
	echo "power: $(counters)"
}

# gpu-reset ARGS...: stdout /tmp/gr.out, stderr /tmp/gr.err, rc in $rc
gr() {
	echo "rsttest: gpu-reset $*"
	# shellcheck disable=SC2068 # word splitting of $OPTS wanted
	gpu-reset "$@" >/tmp/gr.out 2>/tmp/gr.err
	rc=$?
	sed 's/^/rsttest: 2| /' /tmp/gr.err
	echo "rsttest: rc=$rc"
}

has() { # FILE REGEX
	grep -qE "$2" "$1"
}

step_logged() { # STEP: "start" and "ok (N ms)" lines in the last run's log
	has /tmp/gr.err "^gpu-reset: $1: start\$" &&
		has /tmp/gr.err "^gpu-reset: $1: ok \([0-9]+ ms\)\$"
}

audio_kept_off() { # 01:00.1: override none and no driver
	[ "$(ovr $AUD)" = none ] && [ -z "$(drv $AUD)" ]
}

echo "rsttest: /init reached at uptime $(cut -d' ' -f1 /proc/uptime)s"
if dmesg | grep -E 'ACPI (BIOS )?(Error|Exception)|AE_[A-Z_]+'; then
	check "both SSDTs load without ACPI errors" false
else
	check "both SSDTs load without ACPI errors" true
fi
check "01:00.0 firmware_node is the node with _OFF/_ON" \
	[ "$(cat $P/$GPU/firmware_node/path)" = '\_SB_.PCI0.S08_.S00_' ]
check "counters start at zero" [ "$(counters)" = "[0x0, 0x0, 0x0]" ]

modprobe qemu_fw_cfg
modprobe bochs
modprobe snd_hda_intel
check "bochs binds 01:00.0 (PCI driver bochs-drm)" wait_drv $GPU bochs-drm
check "snd_hda_intel binds 01:00.1" wait_drv $AUD snd_hda_intel
pci-override --set none $AUD
rc=$?
check "pci-override --set none 01:00.1 exits 0 (got $rc)" [ "$rc" = 0 ]
check "01:00.1 is unbound, override none (the state gpu-reset keeps)" audio_kept_off
echo "rsttest: bochs refcnt $(cat /sys/module/bochs/refcnt)," \
	"snd_hda_intel refcnt $(cat /sys/module/snd_hda_intel/refcnt)"

# --- --dry-run: the plan, no change
state >/tmp/before
# shellcheck disable=SC2086
gr -n $OPTS
check "--dry-run exits 0 (got $rc)" [ "$rc" = 0 ]
state >/tmp/after
check "--dry-run changes nothing (devices, drivers, modules, _OFF/_ON)" \
	cmp -s /tmp/before /tmp/after
cmp /tmp/before /tmp/after >/dev/null || diff /tmp/before /tmp/after
sed 's/^/rsttest: plan| /' /tmp/gr.out
check "the plan lists the selected steps in order" \
	[ "$(sed -n 's/^# \([a-z]*\)$/\1/p' /tmp/gr.out | tr '\n' ' ')" = \
	"power unload remove rescan override load " ]
check "the plan calls _OFF then _ON" \
	[ "$(sed -n 's|^/proc/acpi/call <- .*S00_*\.\(_O[FN]*\)$|\1|p' /tmp/gr.out |
		tr '\n' ' ')" = "_OFF _ON " ]
check "the plan removes 01:00.1, 01:00.0, then the bridge" \
	[ "$(sed -n 's|^/sys/bus/pci/devices/\(.*\)/remove <- 1$|\1|p' /tmp/gr.out |
		tr '\n' ' ')" = "$AUD $GPU $BR " ]
check "the plan unloads bochs and snd_hda_intel" \
	eval 'has /tmp/gr.out "^unload bochs$" && has /tmp/gr.out "^unload snd_hda_intel$"'

# --- the full sequence
t0=$(cut -d' ' -f1 /proc/uptime)
# shellcheck disable=SC2086
gr $OPTS --json
echo "rsttest: full run from uptime $t0 to $(cut -d' ' -f1 /proc/uptime)"
cp /tmp/gr.out /tmp/full.json
check "full run exits 0 (got $rc)" [ "$rc" = 0 ]
for a in $BR $GPU $AUD; do
	check "$a is back on the bus" [ -e "$P/$a" ]
done
check "01:00.1 driver_override is none again (re-applied after the rescan)" \
	[ "$(ovr $AUD)" = none ]
check "01:00.1 is unbound" [ -z "$(drv $AUD)" ]
check "bochs is loaded" [ -e /sys/module/bochs ]
check "snd_hda_intel is loaded" [ -e /sys/module/snd_hda_intel ]
check "01:00.0 is bound to bochs again" wait_drv $GPU bochs-drm
c="$(counters)"
echo "rsttest: counters after the full run: $c"
check "_OFF and _ON called once each, _OFF first ({1, 1, 0b0110})" \
	[ "$c" = "[0x1, 0x1, 0x6]" ]
for s in power unload remove rescan override load; do
	check "the log has step $s: start and ok with its duration" \
		step_logged "$s"
done
log_actions() {
	has /tmp/gr.err "^gpu-reset: power: /proc/acpi/call <- .*\\._OFF$" &&
	has /tmp/gr.err "^gpu-reset: unload: unload bochs$" &&
	has /tmp/gr.err "^gpu-reset: remove: $P/$BR/remove <- 1$" &&
	has /tmp/gr.err "^gpu-reset: rescan: /sys/bus/pci/rescan <- 1$" &&
	has /tmp/gr.err "^gpu-reset: override: $P/$AUD/driver_override <- none$" &&
	has /tmp/gr.err "^gpu-reset: load: load bochs "
}
check "the log shows the writes and module actions" log_actions
check "the log orders the steps power, unload, remove, rescan, override, load" \
	[ "$(sed -n 's/^gpu-reset: \([a-z]*\): start$/\1/p' /tmp/gr.err |
		tr '\n' ' ')" = "power unload remove rescan override load " ]
check "JSON: exit 0, outcome ok" has /tmp/full.json '"exit":0,"outcome":"ok"'
json_steps() {
	has /tmp/full.json '\{"step":"smi","status":"skipped"' &&
		has /tmp/full.json '\{"step":"load","status":"ok","ms":[0-9]+'
}
check "JSON: smi skipped, load ok" json_steps

# --- _ROM still answers after the reset (the node is the same ACPI object)
size="$(param size 0)"
dump_vbios_rom_acpi -q -d 01:00.0 -o /tmp/x.rom 2>/tmp/dump.err
rc=$?
sed 's/^/rsttest: dump| /' /tmp/dump.err
check "dump_vbios_rom_acpi after the reset exits 0 (got $rc)" [ "$rc" = 0 ]
check "the dump ($size bytes) equals the ROM in fw_cfg" \
	cmp -s /tmp/x.rom /sys/firmware/qemu_fw_cfg/by_name/opt/com.lion328/nvidia-rom/raw

# --- a failing load step: devices back, exit 3
# shellcheck disable=SC2086
gr $OPTS --load bochs,ovt_no_such_module --json
cp /tmp/gr.out /tmp/failed.json
check "a failing load step exits 3 (got $rc)" [ "$rc" = 3 ]
for a in $BR $GPU $AUD; do
	check "failed run: $a is on the bus" [ -e "$P/$a" ]
done
check "failed run: 01:00.1 override none, unbound" audio_kept_off
check "failed run: bochs (loaded before the failure) binds 01:00.0" \
	wait_drv $GPU bochs-drm
fail_log() {
	has /tmp/gr.err '^gpu-reset: load: FAILED \([0-9]+ ms\)$' &&
		has /tmp/gr.err 'ovt_no_such_module'
}
check "failed run: the log names the step and the module" fail_log
check "failed run: the log says the devices are on the bus" \
	has /tmp/gr.err "devices are on the bus"
check "failed run: _OFF, _ON called once more each" \
	[ "$(counters)" = "[0x2, 0x2, 0x66]" ]
fail_json() {
	has /tmp/failed.json '"exit":3,"outcome":"restored"' &&
		has /tmp/failed.json '\{"step":"load","status":"failed"'
}
check "failed run JSON: exit 3, outcome restored, load failed" fail_json

# --- control: without the override step, nothing keeps snd_hda_intel off
# 01:00.1 after the rescan (driver_override does not survive remove+rescan)
# shellcheck disable=SC2086
gr $OPTS --skip smi,override --load bochs,snd_hda_intel
check "control run (--skip override) exits 0 (got $rc)" [ "$rc" = 0 ]
check "control run: driver_override of 01:00.1 is gone after the rescan" \
	[ -z "$(ovr $AUD)" ]
check "control run: snd_hda_intel binds 01:00.1 when it is loaded" \
	wait_drv $AUD snd_hda_intel

if dmesg | grep -E 'BUG:|WARNING:|Oops|ACPI (BIOS )?Error'; then
	check "no kernel BUG/WARNING/Oops/ACPI Error in dmesg" false
fi
echo "rsttest: serial-out $(stat -c %s /tmp/full.json) $(stat -c %s /tmp/failed.json)"
cat /tmp/full.json /tmp/failed.json >/dev/ttyS1
echo "rsttest: done at uptime $(cut -d' ' -f1 /proc/uptime)s"
echo "rsttest: $pass passed, $fail failed"
[ "$fail" = 0 ]

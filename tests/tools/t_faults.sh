# SPDX-License-Identifier: GPL-2.0-or-later
# Tool tests under tests/helpers/fault_shim.c: unreadable and unwritable sysfs files, devices that vanish mid-run.

GPU=0000:01:00.0
AUD=0000:01:00.1
BR=0000:00:01.0
DEVS=sys/bus/pci/devices
GDIR=sys/devices/pci0000:00/0000:00:01.0/$GPU
ADIR=sys/devices/pci0000:00/0000:00:01.0/$AUD
HDA=sys/bus/pci/drivers/snd_hda_intel
RULES=etc/udev/rules.d/70-optimus-vfio-override.rules
GPU_ROM='\_SB.PCI0.PEG0.PEGP._ROM'

# FAULT=RULES faulty TOOL ARGS...: run_tool with the fault injector (and
# the module-syscall shim too when KMOD=1). RULES as fault_shim.c says.
faulty() {
	local pre=$B/tests/fault_shim.so

	[ -f "$pre" ] || fail "no $pre (make check builds it)"
	[ "${KMOD:-0}" = 1 ] && pre="$pre $B/tests/kmod_shim.so"
	LD_PRELOAD=$pre OVF_FAULT=${FAULT:-} OVF_KMOD_SHIM_LOG=$T/calls.log \
		OVF_KMOD_SHIM_ROOT=${ROOT:-} run_tool "$@"
}

# state DIR: each entry of the tree (type, mode, link target) and each
# file's checksum. Leaves out run/ (the tools' lock files) and the FIFO
# standing in for acpi_call.
state() {
	(
		cd "$1" || exit 1
		find . \( -path ./run -o -path ./proc/acpi/call \) -prune -o \
			-printf '%y %m %p -> %l\n' | LC_ALL=C sort
		find . -path ./run -prune -o -type f -print0 | LC_ALL=C sort -z |
			xargs -0r md5sum
	)
}

# Remember the tree as it is now; or, with paths, as it will be once
# those are gone (the device that is going to vanish).
keep_state() {
	local p

	if [ $# -eq 0 ]; then
		state "$ROOT" > "$T/state.before"
		return
	fi
	rm -rf "$T/expect"
	cp -a "$ROOT" "$T/expect"
	for p in "$@"; do
		rm -rf "${T:?}/expect/$p"
	done
	state "$T/expect" > "$T/state.before"
}

# overwrite FILE VALUE: write VALUE over the start of FILE as the tools
# write sysfs files (no truncation): what a plain fixture file then holds.
overwrite() { printf '%s' "$2" | dd of="$1" conv=notrunc status=none; }

assert_state_kept() {
	state "$ROOT" > "$T/state.after"
	diff "$T/state.before" "$T/state.after" >&2 || fail "the tree changed"
}

# The files of the audio function and its links, as the kernel removes
# them when it goes away.
AUD_GONE=("$ADIR" "$DEVS/$AUD" "$HDA/$AUD" "sys/kernel/iommu_groups/1/devices/$AUD")
aud_gone_list() {
	local p out=''

	for p in "${AUD_GONE[@]}"; do
		out=$out${out:+,}$ROOT/$p
	done
	echo "$out"
}

# ---- the injector itself ----

test_shim_passes_through_and_refuses_bad_rules() {
	use_fixture laptop
	run_tool pci-override -s "$ROOT"
	cp "$T/stdout" "$T/plain"
	FAULT="$AUD/nothing:open-read:EACCES;x/y:write:EIO@3" faulty pci-override -s "$ROOT"
	assert_rc 0
	assert_files_eq "$T/plain" "$T/stdout"
	assert_stderr_empty
	for bad in nonsense "$AUD/driver_override:open-read:EWHAT" \
		"$AUD/driver_override:peek:EIO" "$AUD/driver_override:read:EIO@0"; do
		FAULT=$bad faulty pci-override -s "$ROOT"
		assert_rc 98
		assert_stderr_match '^fault_shim: OVF_FAULT: '
	done
}

# ---- pci-override ----

po() { faulty pci-override -s "$ROOT" "$@"; }

test_po_status_override_unreadable() {
	use_fixture laptop
	keep_state
	FAULT="$AUD/driver_override:open-read:EACCES" po --status
	assert_rc 1
	assert_stdout_empty
	assert_stderr_eq "pci-override: read $ROOT/$DEVS/$AUD/driver_override: Permission denied"
	assert_state_kept
}

test_po_status_driver_link_unreadable() {
	use_fixture laptop
	keep_state
	FAULT="$AUD/driver:readlink:EACCES" po --status
	assert_rc 1
	assert_stdout_empty
	assert_stderr_eq "pci-override: read $ROOT/$DEVS/$AUD/driver: Permission denied"
	assert_state_kept
}

test_po_status_rules_unreadable() {
	use_fixture laptop
	mkdir -p "$ROOT/${RULES%/*}"
	echo 'ACTION=="add", KERNEL=="0000:01:00.1", ATTR{driver_override}="none"' > "$ROOT/$RULES"
	keep_state
	FAULT="$RULES:read:EIO" po --status
	assert_rc 1
	assert_stdout_empty
	assert_stderr_eq "pci-override: read $ROOT/$RULES: Input/output error"
	assert_state_kept
}

test_po_set_override_unreadable() {
	use_fixture laptop
	keep_state
	FAULT="$AUD/driver_override:read:EIO" po --set none
	assert_rc 1
	assert_stderr_eq "pci-override: read $ROOT/$DEVS/$AUD/driver_override: Input/output error"
	assert_state_kept
}

test_po_set_override_write_refused() {
	use_fixture laptop
	keep_state
	FAULT="$AUD/driver_override:open-write:EACCES" po --set none
	assert_rc 1
	assert_stderr_eq "pci-override: write $ROOT/$DEVS/$AUD/driver_override: Permission denied"
	assert_state_kept
}

test_po_set_override_write_fails() {
	use_fixture laptop
	keep_state
	FAULT="$AUD/driver_override:write:EIO" po --set vfio-pci
	assert_rc 1
	assert_stderr_eq "pci-override: write $ROOT/$DEVS/$AUD/driver_override: Input/output error"
	assert_state_kept
}

# driver_override is written, the unbind is refused: exit 4 (not undone), nothing else.
test_po_set_unbind_refused() {
	use_fixture laptop
	cp -a "$ROOT" "$T/expect-root"
	overwrite "$T/expect-root/$DEVS/$AUD/driver_override" none
	state "$T/expect-root" > "$T/state.before"
	FAULT="$HDA/unbind:open-write:EPERM" po --set none
	assert_rc 4
	assert_stderr_eq "pci-override: write $ROOT/$HDA/unbind: Operation not permitted"
	assert_state_kept
}

test_po_set_probe_fails() {
	use_fixture laptop
	cp -a "$ROOT" "$T/expect-root"
	overwrite "$T/expect-root/$DEVS/$AUD/driver_override" none
	overwrite "$T/expect-root/$HDA/unbind" "$AUD"
	state "$T/expect-root" > "$T/state.before"
	FAULT="sys/bus/pci/drivers_probe:write:EIO" po --set none
	assert_rc 4
	assert_stderr_eq "pci-override: write $ROOT/sys/bus/pci/drivers_probe: Input/output error"
	assert_state_kept
}

test_po_clear_write_refused() {
	use_fixture laptop
	echo none > "$ROOT/$DEVS/$AUD/driver_override"
	keep_state
	FAULT="$AUD/driver_override:open-write:EACCES" po --clear
	assert_rc 1
	assert_stderr_eq "pci-override: write $ROOT/$DEVS/$AUD/driver_override: Permission denied"
	assert_state_kept
}

# Cleared, but the unbound function cannot be probed: exit 4.
test_po_clear_probe_refused() {
	use_fixture laptop
	rm "$ROOT/$DEVS/$AUD/driver" "$ROOT/$HDA/$AUD"
	echo none > "$ROOT/$DEVS/$AUD/driver_override"
	cp -a "$ROOT" "$T/expect-root"
	overwrite "$T/expect-root/$DEVS/$AUD/driver_override" $'\n'
	state "$T/expect-root" > "$T/state.before"
	FAULT="sys/bus/pci/drivers_probe:open-write:EACCES" po --clear
	assert_rc 4
	assert_stderr_eq "pci-override: write $ROOT/sys/bus/pci/drivers_probe: Permission denied"
	assert_state_kept
}

# Without ADDR it scans the bus; an unreadable ID names the file (was a
# bare "Input/output error").
test_po_scan_unreadable() {
	use_fixture laptop
	keep_state
	FAULT="$GPU/vendor:open-read:EACCES" po --set none
	assert_rc 1
	assert_stderr_eq "pci-override: scan $ROOT/sys/bus/pci: Cannot open $ROOT/$DEVS/$GPU/vendor: Permission denied"
	assert_state_kept
}

# The audio function goes away after the lookup, as its driver_override
# is opened for the write.
test_po_device_vanishes_before_write() {
	use_fixture laptop
	keep_state "${AUD_GONE[@]}"
	FAULT="$AUD/driver_override:open-write:vanish=$(aud_gone_list)" po --set none
	assert_rc 1
	assert_stderr_eq "pci-override: write $ROOT/$DEVS/$AUD/driver_override: No such file or directory"
	assert_state_kept
}

# It goes away after driver_override was written: the kernel's unbind
# answers ENODEV for a device it no longer has.
test_po_device_vanishes_before_unbind() {
	use_fixture laptop
	keep_state "${AUD_GONE[@]}"
	FAULT="$HDA/unbind:open-write:vanish=$(aud_gone_list);$HDA/unbind:write:ENODEV" po --set none
	assert_rc 4
	assert_stderr_eq "pci-override: write $ROOT/$HDA/unbind: No such device"
	assert_state_kept
}

# It goes away just after the probe: the check of the binding finds no
# device (was "no such device: .../driver" with exit 1).
test_po_device_vanishes_before_verify() {
	use_fixture laptop
	keep_state "${AUD_GONE[@]}"
	overwrite "$T/expect/$HDA/unbind" "$AUD"
	overwrite "$T/expect/sys/bus/pci/drivers_probe" "$AUD"
	state "$T/expect" > "$T/state.before"
	FAULT="sys/bus/pci/drivers_probe:write:vanish=$(aud_gone_list)" po --set none
	assert_rc 4
	assert_stderr_eq "pci-override: no such device: $ROOT/$DEVS/$AUD (it went away after driver_override was written)"
	assert_state_kept
}

# ---- gpu-reset ----

# The fixture with the audio function unbound, as t_gpu_reset.sh has it.
gr_laptop() {
	use_fixture laptop
	rm -f "$ROOT/$DEVS/$AUD/driver" "$ROOT/$HDA/$AUD"
}

gr() { KMOD=1 faulty gpu-reset -s "$ROOT" "$@"; }

calls() { cat "$T/calls.log" 2> /dev/null; }

test_gr_module_state_unreadable() {
	gr_laptop
	keep_state
	FAULT="sys/module/nvidia/refcnt:open-read:EACCES" gr --skip power
	assert_rc 1
	assert_stderr_eq "gpu-reset: read $ROOT/sys/module/nvidia/refcnt: Permission denied"
	FAULT="proc/modules:open-read:EACCES" gr --skip power
	assert_rc 1
	assert_stderr_eq "gpu-reset: read $ROOT/proc/modules: Permission denied"
	[ -z "$(calls)" ] || fail "module calls: $(calls)"
	assert_state_kept
}

# The second look at the bus (the GPU's functions) fails: before, the
# audio function and the GPU were silently left out of the reset.
test_gr_function_scan_unreadable() {
	gr_laptop
	keep_state
	FAULT="$AUD/class:open-read:EACCES@2" gr --skip power
	assert_rc 1
	assert_stderr_eq "gpu-reset: scan $ROOT/sys/bus/pci: Cannot open $ROOT/$DEVS/$AUD/class: Permission denied"
	[ -z "$(calls)" ] || fail "module calls: $(calls)"
	assert_state_kept
}

test_gr_device_unreadable() {
	gr_laptop
	keep_state
	FAULT="$GPU/vendor:open-read:EACCES" gr -d $GPU
	assert_rc 1
	assert_stderr_eq "gpu-reset: read $ROOT/$DEVS/$GPU: Cannot open $ROOT/$DEVS/$GPU/vendor: Permission denied"
	assert_state_kept
}

test_gr_acpi_node_unreadable() {
	gr_laptop
	keep_state
	FAULT="$GPU/firmware_node/path:open-read:EACCES" gr --power acpi --steps power
	assert_rc 1
	assert_stderr_eq "gpu-reset: read $ROOT/$DEVS/$GPU/firmware_node/path: Permission denied"
	assert_state_kept
}

test_gr_acpi_call_unwritable() {
	gr_laptop
	keep_state
	start_fake_acpi_call "$ROOT" /dev/null --log "$T/acpi.log"
	FAULT="proc/acpi/call:open-write:EACCES" gr --power acpi --steps power,rescan
	assert_rc 1
	assert_stderr_match "^gpu-reset: call \\\\_SB\\.PCI0\\.PEG0\\.PEGP\\._OFF via $ROOT/proc/acpi/call: Permission denied$"
	[ ! -s "$T/acpi.log" ] || fail "acpi_call got: $(cat "$T/acpi.log")"
	assert_state_kept
}

test_gr_bbswitch_off_refused() {
	gr_laptop
	echo 1 > "$ROOT/proc/acpi/bbswitch"
	keep_state
	FAULT="proc/acpi/bbswitch:open-write:EACCES" gr
	assert_rc 1
	assert_stderr_match "^gpu-reset: write $ROOT/proc/acpi/bbswitch: Permission denied$"
	[ -z "$(calls)" ] || fail "module calls: $(calls)"
	assert_state_kept
}

# Off went through, on fails: the GPU stays off, only a person can help.
test_gr_bbswitch_on_fails() {
	gr_laptop
	echo 1 > "$ROOT/proc/acpi/bbswitch"
	cp -a "$ROOT" "$T/expect-root"
	overwrite "$T/expect-root/proc/acpi/bbswitch" OFF
	state "$T/expect-root" > "$T/state.before"
	FAULT="proc/acpi/bbswitch:write:EIO@2" gr
	assert_rc 4
	assert_stderr_match "^gpu-reset: write $ROOT/proc/acpi/bbswitch: Input/output error \(the GPU is powered off\)$"
	assert_stderr_match '^gpu-reset: failed and could not restore: manual action needed$'
	[ -z "$(calls)" ] || fail "module calls: $(calls)"
	assert_state_kept
}

# The first remove is refused: nothing changed, no rescan.
test_gr_remove_refused() {
	gr_laptop
	keep_state
	FAULT="$AUD/remove:open-write:EACCES" gr --skip power,unload,load
	assert_rc 1
	assert_stderr_match "^gpu-reset: write $ROOT/$DEVS/$AUD/remove: Permission denied$"
	assert_state_kept
}

# The GPU's remove fails after the audio function's: rescan, override
# again, exit 2; nothing else written.
test_gr_remove_fails_midway_restores() {
	gr_laptop
	cp -a "$ROOT" "$T/expect-root"
	overwrite "$T/expect-root/$DEVS/$AUD/remove" 1
	overwrite "$T/expect-root/sys/bus/pci/rescan" 1
	overwrite "$T/expect-root/$DEVS/$AUD/driver_override" none
	state "$T/expect-root" > "$T/state.before"
	FAULT="$GPU/remove:write:EIO" gr --skip power,unload,load --json
	assert_rc 3
	assert_stderr_match "^gpu-reset: write $ROOT/$DEVS/$GPU/remove: Input/output error$"
	assert_stderr_match '^gpu-reset: restoring: rescanning the bus$'
	assert_stdout_match '"outcome":"restored"'
	assert_state_kept
}

# rescan refused, also when restoring: manual action, exit 3.
test_gr_rescan_refused_manual() {
	gr_laptop
	cp -a "$ROOT" "$T/expect-root"
	for d in $AUD $GPU $BR; do
		overwrite "$T/expect-root/$DEVS/$d/remove" 1
	done
	state "$T/expect-root" > "$T/state.before"
	FAULT="sys/bus/pci/rescan:open-write:EIO" gr --skip power,unload,load,smi
	assert_rc 4
	[ "$(grep -c "^gpu-reset: write $ROOT/sys/bus/pci/rescan: Input/output error$" "$T/stderr")" = 2 ] ||
		fail "rescan not tried twice"
	assert_stderr_match "^gpu-reset: the GPU's devices are not all back on the bus: check lspci, write 1 to $ROOT/sys/bus/pci/rescan$"
	assert_state_kept
}

# driver_override refused after the rescan: the devices are back, exit 2.
test_gr_override_refused_restored() {
	gr_laptop
	cp -a "$ROOT" "$T/expect-root"
	for d in $AUD $GPU $BR; do
		overwrite "$T/expect-root/$DEVS/$d/remove" 1
	done
	overwrite "$T/expect-root/sys/bus/pci/rescan" 1
	state "$T/expect-root" > "$T/state.before"
	FAULT="$AUD/driver_override:open-write:EPERM" gr --skip power,unload,load,smi
	assert_rc 3
	assert_stderr_match "^gpu-reset: write $ROOT/$DEVS/$AUD/driver_override: Operation not permitted$"
	assert_stderr_match '^gpu-reset: failed; the GPU.s devices are on the bus$'
	grep -q 'restoring: rescanning' "$T/stderr" && fail "rescanned twice"
	assert_state_kept
}

# ---- dump_vbios_rom_acpi ----

# laptop_acpi ROM-SPEC [fake options...]: fixture, ROM, responder serving it
laptop_acpi() {
	local spec=$1

	shift
	use_fixture laptop
	"$B/tests/mkrom" -i "$spec" -o "$T/rom" || fail "mkrom"
	FAKE_ACPI_CALL_METHOD=$GPU_ROM
	start_fake_acpi_call "$ROOT" "$T/rom" --log "$T/acpi.log" "$@"
	echo "previous dump" > "$T/out.rom"
}

dump() { faulty dump_vbios_rom_acpi -s "$ROOT" -q "$@"; }
acpi_calls() { wc -l < "$T/acpi.log"; }

# The old output is there as it was, nothing was left beside it.
assert_old_output_kept() {
	assert_file_content "$T/out.rom" "previous dump"
	assert_no_temp_files "$T"
}

test_dump_acpi_node_unreadable() {
	laptop_acpi x86:8K
	keep_state
	FAULT="$GPU/firmware_node/path:open-read:EACCES" dump -o "$T/out.rom"
	assert_rc 1
	assert_stderr_eq "dump_vbios_rom_acpi: read $ROOT/$DEVS/$GPU/firmware_node/path: Permission denied"
	assert_old_output_kept
	[ "$(acpi_calls)" -eq 0 ] || fail "acpi_call was used"
	assert_state_kept
}

test_dump_device_unreadable() {
	laptop_acpi x86:8K
	keep_state
	FAULT="$GPU/vendor:open-read:EACCES" dump -o "$T/out.rom"
	assert_rc 1
	assert_stderr_eq "dump_vbios_rom_acpi: scan $ROOT/sys/bus/pci: Cannot open $ROOT/$DEVS/$GPU/vendor: Permission denied"
	FAULT="$GPU/device:read:EIO" dump -d $GPU -o "$T/out.rom"
	assert_rc 1
	assert_stderr_eq "dump_vbios_rom_acpi: read $ROOT/$DEVS/$GPU: Error reading $ROOT/$DEVS/$GPU/device: Input/output error"
	assert_old_output_kept
	[ "$(acpi_calls)" -eq 0 ] || fail "acpi_call was used"
	assert_state_kept
}

test_dump_acpi_call_unwritable() {
	laptop_acpi x86:8K
	keep_state
	FAULT="proc/acpi/call:open-write:EACCES" dump -o "$T/out.rom"
	assert_rc 1
	assert_stderr_eq "dump_vbios_rom_acpi: call $ROOT/proc/acpi/call: Permission denied"
	assert_old_output_kept
	assert_state_kept
}

test_dump_acpi_call_read_fails_midway() {
	laptop_acpi x86:64K
	keep_state
	FAULT="proc/acpi/call:read:EIO@40" dump -o "$T/out.rom"
	assert_rc 1
	assert_stderr_eq "dump_vbios_rom_acpi: call $ROOT/proc/acpi/call: Input/output error"
	(($(acpi_calls) > 5)) || fail "failed before the dump started"
	assert_old_output_kept
	assert_state_kept
}

# acpi_call is unloaded after ten calls: its file is gone.
test_dump_acpi_call_vanishes_midway() {
	laptop_acpi x86:64K
	keep_state
	FAULT="proc/acpi/call:open-write:vanish=$ROOT/proc/acpi/call@11" dump -o "$T/out.rom"
	assert_rc 1
	assert_stderr_eq "dump_vbios_rom_acpi: call $ROOT/proc/acpi/call: No such file or directory"
	[ "$(acpi_calls)" -eq 10 ] || fail "$(acpi_calls) calls, expected 10"
	assert_no_file "$ROOT/proc/acpi/call"
	assert_old_output_kept
	assert_state_kept
}

# ... or in the second read of --verify.
test_dump_acpi_call_vanishes_during_verify() {
	laptop_acpi x86:8K
	dump -o "$T/first.rom"
	assert_rc 0
	local n
	n=$(acpi_calls)
	: > "$T/acpi.log"
	rm "$T/first.rom"
	keep_state
	FAULT="proc/acpi/call:open-write:vanish=$ROOT/proc/acpi/call@$((n + 3))" \
		dump --verify -o "$T/out.rom"
	assert_rc 1
	assert_stderr_eq "dump_vbios_rom_acpi: call $ROOT/proc/acpi/call: No such file or directory"
	[ "$(acpi_calls)" -eq $((n + 2)) ] || fail "$(acpi_calls) calls, expected $((n + 2))"
	assert_old_output_kept
	assert_state_kept
}

# The GPU goes away while it is looked up.
test_dump_gpu_vanishes_during_lookup() {
	local gone=("$GDIR" "$DEVS/$GPU" "sys/bus/pci/drivers/nvidia/$GPU"
		"sys/kernel/iommu_groups/1/devices/$GPU")
	local list='' p

	laptop_acpi x86:8K
	keep_state "${gone[@]}"
	for p in "${gone[@]}"; do
		list=$list${list:+,}$ROOT/$p
	done
	FAULT="$GPU/class:open-read:vanish=$list" dump -o "$T/out.rom"
	assert_rc 1
	assert_stderr_eq "dump_vbios_rom_acpi: scan $ROOT/sys/bus/pci: Cannot open $ROOT/$DEVS/$GPU/class: No such file or directory"
	[ "$(acpi_calls)" -eq 0 ] || fail "acpi_call was used"
	assert_old_output_kept
	assert_state_kept
}

# ---- vbios-info --device ----

test_vbios_info_device_unreadable() {
	use_fixture laptop
	"$B/tests/mkrom" -i x86:8K -o "$T/a.rom" || fail "mkrom"
	keep_state
	FAULT="$GPU/vendor:open-read:EACCES" faulty vbios-info -s "$ROOT" -d $GPU "$T/a.rom"
	assert_rc 1
	assert_stderr_eq "vbios-info: read $ROOT/$DEVS/$GPU: Cannot open $ROOT/$DEVS/$GPU/vendor: Permission denied"
	FAULT="$GPU/device:read:EIO" faulty vbios-info -s "$ROOT" -d $GPU "$T/a.rom"
	assert_rc 1
	assert_stderr_eq "vbios-info: read $ROOT/$DEVS/$GPU: Error reading $ROOT/$DEVS/$GPU/device: Input/output error"
	assert_state_kept
}

test_vbios_info_rom_unreadable() {
	use_fixture laptop
	"$B/tests/mkrom" -i x86:8K -o "$T/a.rom" || fail "mkrom"
	FAULT="a.rom:open-read:EACCES" faulty vbios-info "$T/a.rom"
	assert_rc 1
	assert_stdout_empty
	assert_stderr_eq "vbios-info: read $T/a.rom: Permission denied"
	FAULT="a.rom:read:EIO" faulty vbios-info "$T/a.rom"
	assert_rc 1
	assert_stderr_eq "vbios-info: read $T/a.rom: Input/output error"
}

# ---- vfio-doctor (read-only: the tree stays as it was) ----

# The healthy tree with acpi_call "loaded": every check OK or SKIP.
doctor_healthy() {
	use_fixture doctor-ok
	"$B/tests/mkrom" -i x86:64K -o "$T/rom" || fail "mkrom"
	keep_state
	FAKE_ACPI_CALL_METHOD=$GPU_ROM
	start_fake_acpi_call "$ROOT" "$T/rom" --log "$T/acpi.log"
}

doc() { faulty vfio-doctor -s "$ROOT"; }

# assert_line STATUS CHECK MESSAGE: that check's line, exactly
assert_line() {
	grep -qxF -- "$(printf '%-4s %-14s %s' "$1" "$2" "$3")" "$T/stdout" ||
		fail "no line: $1 $2 $3"
}

test_doctor_baseline() {
	doctor_healthy
	doc
	assert_rc 0
	assert_state_kept
}

test_doctor_pci_unreadable() {
	doctor_healthy
	FAULT="$GPU/vendor:open-read:EACCES" doc
	assert_rc 6
	assert_line FAIL gpu "cannot scan PCI devices: Cannot open $ROOT/$DEVS/$GPU/vendor: Permission denied"
	assert_state_kept
}

test_doctor_iommu_groups_unreadable() {
	doctor_healthy
	FAULT="sys/kernel/iommu_groups:open-read:EACCES" doc
	assert_rc 6
	assert_line FAIL iommu "cannot read $ROOT/sys/kernel/iommu_groups: Permission denied"
	FAULT="iommu_groups/1/devices:open-read:EACCES" doc
	assert_rc 6
	assert_line FAIL iommu-group "cannot read $ROOT/sys/kernel/iommu_groups/1/devices: Permission denied"
	assert_state_kept
}

test_doctor_acpi_node_unreadable() {
	doctor_healthy
	FAULT="$GPU/firmware_node/path:open-read:EACCES" doc
	assert_rc 6
	assert_line FAIL acpi-rom "cannot read $ROOT/$DEVS/$GPU/firmware_node/path: Permission denied"
	[ ! -s "$T/acpi.log" ] || fail "acpi_call was used"
	assert_state_kept
}

test_doctor_acpi_call_unwritable() {
	doctor_healthy
	FAULT="proc/acpi/call:open-write:EACCES" doc
	assert_rc 5
	assert_line WARN acpi-rom "evaluating $GPU_ROM 0 2 via $ROOT/proc/acpi/call: Permission denied"
	assert_state_kept
}

test_doctor_reset_method_unreadable() {
	doctor_healthy
	FAULT="$GPU/reset_method:read:EIO" doc
	assert_rc 5
	assert_line WARN reset "cannot read $ROOT/$DEVS/$GPU/reset_method: Input/output error"
	assert_state_kept
}

test_doctor_audio_override_unreadable() {
	doctor_healthy
	FAULT="$AUD/driver_override:open-read:EACCES" doc
	assert_rc 5
	assert_line WARN audio "cannot read $ROOT/$DEVS/$AUD/driver_override: Permission denied"
	assert_state_kept
}

# The audio check looks at the bus again; that second look fails (was "no
# audio function in the GPU's slot", OK).
test_doctor_audio_scan_unreadable() {
	doctor_healthy
	FAULT="$AUD/class:open-read:EACCES@2" doc
	assert_rc 5
	assert_line OK gpu "$GPU [10de:1c8d] driver vfio-pci"
	assert_line WARN audio "cannot scan PCI devices: Cannot open $ROOT/$DEVS/$AUD/class: Permission denied"
	assert_state_kept
}

# ---- output files: the disk fills up while the new file is written ----
# The temporary file beside the output has a random name: a glob rule.

test_dump_output_disk_full() {
	laptop_acpi x86:64K
	keep_state
	FAULT=".out.rom.*:write:ENOSPC" dump -o "$T/out.rom"
	assert_rc 1
	assert_stderr_eq "dump_vbios_rom_acpi: write $T/out.rom: No space left on device"
	assert_old_output_kept
	assert_state_kept
}

test_ssdt_output_disk_full() {
	echo "previous table" > "$T/ssdt.asl"
	FAULT=".ssdt.asl.*:write:ENOSPC" faulty vfio-ssdt --guest-address 00:05.0 \
		--asl -o "$T/ssdt.asl"
	assert_rc 1
	assert_stderr_eq "vfio-ssdt: write $T/ssdt.asl: No space left on device"
	assert_file_content "$T/ssdt.asl" "previous table"
	assert_no_temp_files "$T"
}

test_domain_output_disk_full() {
	echo "previous domain" > "$T/win11.xml"
	FAULT=".win11.xml.*:write:ENOSPC" faulty vfio-domain -s "$FIX/laptop" \
		--rom /var/lib/optimus-vfio/vbios.rom --file "$FIX/domains/win11.xml" \
		--ssdt /var/lib/optimus-vfio/ssdt/win11.aml -o "$T/win11.xml"
	assert_rc 1
	# the edits are reported before the write
	assert_stderr_match "^vfio-domain: write $T/win11.xml: No space left on device$"
	[ "$(tail -n 1 "$T/stderr")" = "vfio-domain: write $T/win11.xml: No space left on device" ] ||
		fail "the write error is not the last word"
	assert_file_content "$T/win11.xml" "previous domain"
	assert_no_temp_files "$T"
}

test_persist_rules_disk_full() {
	use_fixture laptop
	# the override is in place already: --persist has only the rule to write
	rm -f "$ROOT/$DEVS/$AUD/driver" "$ROOT/$HDA/$AUD"
	overwrite "$ROOT/$DEVS/$AUD/driver_override" none
	mkdir -p "$ROOT/${RULES%/*}"
	echo "# previous rules" > "$ROOT/$RULES"
	keep_state
	FAULT=".${RULES##*/}.*:write:ENOSPC" po --set none --persist
	assert_rc 1
	assert_stderr_eq "pci-override: write $ROOT/$RULES: No space left on device"
	assert_no_temp_files "$ROOT/${RULES%/*}"
	assert_state_kept
}

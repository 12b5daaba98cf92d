# SPDX-License-Identifier: GPL-2.0-or-later
# Tool tests of gpu-reset on the laptop fixture; module syscalls go to tests/helpers/kmod_shim.c.

AUD=0000:01:00.1
GPU=0000:01:00.0
BR=0000:00:01.0
DEVS=sys/bus/pci/devices

# The fixture with the audio function unbound (as after a real rescan with
# driver_override=none) and a stand-in nvidia-smi that logs its arguments.
laptop() {
	use_fixture laptop
	rm -f "$ROOT/$DEVS/$AUD/driver" "$ROOT/sys/bus/pci/drivers/snd_hda_intel/$AUD"
	mkdir -p "$ROOT/usr/bin"
	printf '#!/bin/sh\necho "nvidia-smi $*" >> "%s/calls.log"\n' "$T" \
		> "$ROOT/usr/bin/nvidia-smi"
	chmod +x "$ROOT/usr/bin/nvidia-smi"
}

# gr ARGS...: run gpu-reset under the module-syscall shim
gr() {
	[ -f "$B/tests/kmod_shim.so" ] || fail "no $B/tests/kmod_shim.so"
	LD_PRELOAD=$B/tests/kmod_shim.so OVF_KMOD_SHIM_LOG=$T/calls.log \
		OVF_KMOD_SHIM_ROOT=$ROOT OVF_KMOD_SHIM_FAIL=${SHIM_FAIL:-} \
		run_tool gpu-reset -s "$ROOT" "$@"
}

calls() { cat "$T/calls.log" 2> /dev/null; }

test_help_version() {
	run_tool gpu-reset --help
	assert_rc 0
	assert_stdout_match '^Usage: gpu-reset'
	run_tool gpu-reset --version
	assert_rc 0
	assert_stdout_match '^gpu-reset \(optimus-vfio\) '
}

test_bad_option() {
	run_tool gpu-reset --frobnicate
	assert_rc 1
	assert_stderr_match "^Try 'gpu-reset --help'\.$"
	run_tool gpu-reset extra
	assert_rc 1
	assert_stderr_match "unexpected argument 'extra'"
}

test_bad_values() {
	laptop
	gr --steps power,frob
	assert_rc 1
	assert_stderr_match "^gpu-reset: invalid value 'power,frob' for --steps: unknown step 'frob'"
	gr --device 1:0.0
	assert_rc 1
	assert_stderr_match "for --device: expected a PCI address"
	gr --modules 'nvidia,../x'
	assert_rc 1
	assert_stderr_match "'../x' is not a module name"
	gr --lock-timeout -1
	assert_rc 1
	gr --power magic
	assert_rc 1
	assert_stderr_match 'expected auto, acpi or bbswitch'
	[ -z "$(calls)" ] || fail "calls made"
}

test_dry_run_plan() {
	laptop
	echo 1 > "$ROOT/proc/acpi/bbswitch"
	gr --dry-run
	assert_rc 0
	assert_stdout_eq "# power
$ROOT/proc/acpi/bbswitch <- OFF
$ROOT/proc/acpi/bbswitch <- ON
# unload
unload nvidia_drm
unload nvidia_modeset
unload nvidia_uvm
unload nvidia
# remove
$ROOT/$DEVS/$AUD/remove <- 1
$ROOT/$DEVS/$GPU/remove <- 1
$ROOT/$DEVS/$BR/remove <- 1
# rescan
$ROOT/sys/bus/pci/rescan <- 1
wait $ROOT/$DEVS/$BR
wait $ROOT/$DEVS/$GPU
wait $ROOT/$DEVS/$AUD
# override
$ROOT/$DEVS/$AUD/driver_override <- none
# load
load nvidia ($ROOT/lib/modules/6.1.0-fixture)
load nvidia_uvm ($ROOT/lib/modules/6.1.0-fixture)
load nvidia_modeset ($ROOT/lib/modules/6.1.0-fixture)
load nvidia_drm ($ROOT/lib/modules/6.1.0-fixture)
# smi
exec $ROOT/usr/bin/nvidia-smi --query-gpu=persistence_mode --format=csv,noheader -i $GPU
exec $ROOT/usr/bin/nvidia-smi -i $GPU -pm 0 (if persistence mode is on)
exec $ROOT/usr/bin/nvidia-smi --gpu-reset -i $GPU
exec $ROOT/usr/bin/nvidia-smi -i $GPU -pm 1 (if it was on)"
	assert_stderr_empty
	[ -z "$(calls)" ] || fail "dry run made calls: $(calls)"
	[ ! -s "$ROOT/sys/bus/pci/rescan" ] || fail "dry run wrote"
}

test_dry_run_acpi_methods() {
	laptop
	gr -n --steps power --power acpi --off-method _PS3 --on-method '\_SB.PCI0.PEG0._ON'
	assert_rc 0
	assert_stdout_eq "# power
$ROOT/proc/acpi/call <- \\_SB.PCI0.PEG0.PEGP._PS3
$ROOT/proc/acpi/call <- \\_SB.PCI0.PEG0._ON"
}

test_full_run_in_order() {
	laptop
	echo 1 > "$ROOT/proc/acpi/bbswitch"
	gr --json
	assert_rc 0
	[ "$(calls)" = "delete_module nvidia_drm
delete_module nvidia_modeset
delete_module nvidia_uvm
delete_module nvidia
finit_module nvidia
finit_module nvidia_uvm
finit_module nvidia_modeset
finit_module nvidia_drm
nvidia-smi --query-gpu=persistence_mode --format=csv,noheader -i $GPU
nvidia-smi --gpu-reset -i $GPU" ] || fail "calls: $(calls)"
	# every write, in order, as logged
	[ "$(grep -o '[a-z]*: /.* <- .*' "$T/stderr" | sed "s|$ROOT/||")" = \
		"power: proc/acpi/bbswitch <- OFF
power: proc/acpi/bbswitch <- ON
remove: $DEVS/$AUD/remove <- 1
remove: $DEVS/$GPU/remove <- 1
remove: $DEVS/$BR/remove <- 1
rescan: sys/bus/pci/rescan <- 1
override: $DEVS/$AUD/driver_override <- none" ] || fail "writes: $(cat "$T/stderr")"
	assert_file_content "$ROOT/$DEVS/$BR/remove" 1
	assert_file_content "$ROOT/sys/bus/pci/rescan" 1
	assert_file_content "$ROOT/$DEVS/$AUD/driver_override" none
	assert_stderr_match '^gpu-reset: smi: ok \([0-9]+ ms\)$'
	assert_stdout_match '"outcome":"ok"'
	assert_stdout_match '"step":"load","status":"ok"'
	[ -e "$ROOT/run/lock/optimus-vfio-gpu-reset.lock" ] || fail "no lock file"
}

test_steps_and_skip() {
	laptop
	gr --steps remove,rescan,override --skip override
	assert_rc 0
	[ -z "$(calls)" ] || fail "calls: $(calls)"
	assert_stderr_match '^gpu-reset: rescan: ok'
	grep -q override "$T/stderr" && fail "override ran"
	assert_file_content "$ROOT/sys/bus/pci/rescan" 1
}

# A long list is read to its end: a name after much padding is not dropped.
test_long_lists_read_whole() {
	laptop
	local pad
	pad=$(printf '%1100s' '')
	gr -n --steps "remove,$pad rescan,override" --skip "$pad override"
	assert_rc 0
	assert_stdout_match '^# rescan$'
	grep -q '^# override' "$T/stdout" && fail "override not skipped"
	gr -n --steps override --modules "nvidia,$pad bad/name"
	assert_rc 1
	assert_stderr_match "invalid value 'nvidia, .*\\.\\.\\.\\(1116 bytes\\)' for --modules: 'bad/name' is not a module name"
}

test_smi_not_found_is_skipped() {
	laptop
	rm "$ROOT/usr/bin/nvidia-smi"
	gr --steps smi --json
	assert_rc 0
	assert_stdout_match '"step":"smi","status":"skipped","ms":[0-9]+,"note":"nvidia-smi not found"'
	gr --steps smi --reset-command '/opt/reset %a'
	assert_rc 1
	assert_stderr_match 'reset command /opt/reset not found'
}

test_smi_failure_after_changes() {
	laptop
	printf '#!/bin/sh\nexit 3\n' > "$ROOT/usr/bin/nvidia-smi"
	gr --steps rescan,smi
	assert_rc 3
	assert_stderr_match "nvidia-smi exited with status 3$"
}

# A stand-in nvidia-smi that models the real one's persistence mode: the state
# in $T/pm (Enabled/Disabled), the query and -pm words as NVIDIA documents
# them, and --gpu-reset refused ("In use by another client", exit 255) while
# it is Enabled. Every call is logged.
smi_model() {
	echo "$1" > "$T/pm"
	cat > "$ROOT/usr/bin/nvidia-smi" <<-EOF
	#!/bin/sh
	echo "nvidia-smi \$*" >> "$T/calls.log"
	pm=\$(cat "$T/pm")
	case " \$* " in
	*" --query-gpu=persistence_mode "*) echo "\$pm" ;;
	*" -pm 0 "*) echo Disabled > "$T/pm"
		echo "Disabled persistence mode for GPU 00000000:01:00.0."; echo "All done." ;;
	*" -pm 1 "*) [ -z "\${SMI_PM1_RC:-}" ] || exit "\$SMI_PM1_RC"
		echo Enabled > "$T/pm"
		echo "Enabled persistence mode for GPU 00000000:01:00.0."; echo "All done." ;;
	*" --gpu-reset "*)
		if [ "\$pm" = Enabled ]; then
			echo "The following GPUs could not be reset:"
			echo "  GPU 00000000:01:00.0: In use by another client"
			exit 255
		fi
		[ -z "\${SMI_RESET_RC:-}" ] || exit "\$SMI_RESET_RC"
		echo "GPU 00000000:01:00.0 was successfully reset." ;;
	*) exit 2 ;;
	esac
	EOF
	chmod +x "$ROOT/usr/bin/nvidia-smi"
}

test_smi_turns_persistence_mode_off_and_back() {
	laptop
	smi_model Enabled
	gr --steps smi --json
	assert_rc 0
	[ "$(calls)" = "nvidia-smi --query-gpu=persistence_mode --format=csv,noheader -i $GPU
nvidia-smi -i $GPU -pm 0
nvidia-smi --gpu-reset -i $GPU
nvidia-smi -i $GPU -pm 1" ] || fail "calls: $(calls)"
	assert_stderr_match '^gpu-reset: smi: persistence mode is on: turning it off for the reset$'
	assert_stderr_match '^gpu-reset: smi: persistence mode is on again$'
	assert_stdout_match '"step":"smi","status":"ok","ms":[0-9]+,"note":"persistence mode was on: off for the reset, then on again"'
	assert_file_content "$T/pm" Enabled
}

test_smi_persistence_mode_restored_after_failed_reset() {
	laptop
	smi_model Enabled
	SMI_RESET_RC=3 gr --steps rescan,smi
	assert_rc 3
	assert_stderr_match "nvidia-smi exited with status 3$"
	assert_stderr_match '^gpu-reset: smi: persistence mode is on again$'
	assert_file_content "$T/pm" Enabled
}

test_smi_persistence_mode_off_untouched() {
	laptop
	smi_model Disabled
	gr --steps smi
	assert_rc 0
	[ "$(calls)" = "nvidia-smi --query-gpu=persistence_mode --format=csv,noheader -i $GPU
nvidia-smi --gpu-reset -i $GPU" ] || fail "calls: $(calls)"
	grep -q 'persistence mode' "$T/stderr" && fail "persistence mode was mentioned"
	assert_file_content "$T/pm" Disabled
}

# The restore fails: the step fails with the command to run by hand.
test_smi_persistence_mode_restore_fails() {
	laptop
	smi_model Enabled
	SMI_PM1_RC=4 gr --steps rescan,smi
	assert_rc 3
	assert_stderr_match "^gpu-reset: persistence mode stays off: $ROOT/usr/bin/nvidia-smi -i $GPU -pm 1 exited with status 4$"
}

test_smi_timeout_kills_it() {
	laptop
	printf '#!/bin/sh\necho $$ > "%s/smi.pid"\nexec sleep 30\n' "$T" \
		> "$ROOT/usr/bin/nvidia-smi"
	gr --steps rescan,smi --command-timeout 1
	assert_rc 3
	assert_stderr_match "^gpu-reset: $ROOT/usr/bin/nvidia-smi: killed after 1 s$"
	[ -s "$T/smi.pid" ] || fail "the reset command did not start"
	! kill -0 "$(cat "$T/smi.pid")" 2> /dev/null || fail "the reset command still runs"
}

test_smi_that_cannot_start() {
	laptop
	printf '#!/nonexistent/interpreter\n' > "$ROOT/usr/bin/nvidia-smi"
	gr --steps rescan,smi
	assert_rc 3
	# memcheck runs a failing execve itself and turns it into exit 101
	[ "${VALGRIND:-0}" = 1 ] && return
	assert_stderr_match "run $ROOT/usr/bin/nvidia-smi: No such file or directory$"
}

test_module_in_use_refused() {
	laptop
	echo 3 > "$ROOT/sys/module/nvidia/refcnt"
	mkdir -p "$ROOT/proc/4242/fd"
	echo Xorg > "$ROOT/proc/4242/comm"
	ln -s /dev/nvidia0 "$ROOT/proc/4242/fd/7"
	mkdir -p "$ROOT/proc/99/fd"
	echo nvidia-persiste > "$ROOT/proc/99/comm"
	gr
	assert_rc 1
	assert_stderr_match '^gpu-reset: module nvidia is in use \(refcnt 3, 2 of it from modules being unloaded\)$'
	assert_stderr_match '^  pid 4242 \(Xorg\) holds /dev/nvidia0$'
	assert_stderr_match '^  pid 99 \(nvidia-persiste\) is nvidia-persistenced'
	[ -z "$(calls)" ] || fail "calls: $(calls)"
}

test_module_users_name_powerd() {
	laptop
	echo 3 > "$ROOT/sys/module/nvidia/refcnt"
	mkdir -p "$ROOT/proc/99" "$ROOT/proc/120"
	echo nvidia-persiste > "$ROOT/proc/99/comm"
	echo nvidia-powerd > "$ROOT/proc/120/comm"
	gr
	assert_rc 1
	assert_stderr_match '^  pid 99 \(nvidia-persiste\) is nvidia-persistenced: stop it \(systemctl stop nvidia-persistenced\)$'
	assert_stderr_match '^  pid 120 \(nvidia-powerd\) is nvidia-powerd: stop it \(systemctl stop nvidia-powerd\)$'
	[ -z "$(calls)" ] || fail "calls: $(calls)"
	[ ! -s "$ROOT/$DEVS/$GPU/remove" ] || fail "removed"
}

test_foreign_holder_refused() {
	laptop
	gr --modules nvidia
	assert_rc 1
	assert_stderr_match 'module nvidia is in use by module nvidia_modeset, which is not in the list'
}

test_unload_failure_nothing_removed() {
	laptop
	SHIM_FAIL=delete:nvidia_drm:EAGAIN gr --skip power
	assert_rc 1
	assert_stderr_match '^gpu-reset: unload nvidia_drm: Resource temporarily unavailable \(in use\)$'
	assert_stderr_match '^gpu-reset: unload: FAILED'
	[ ! -s "$ROOT/$DEVS/$GPU/remove" ] || fail "removed"
}

test_unload_failure_midway_is_exit_2() {
	laptop
	SHIM_FAIL=delete:nvidia:EBUSY gr --skip power
	assert_rc 3
	[ ! -s "$ROOT/$DEVS/$GPU/remove" ] || fail "removed after a failure"
}

# A failure after the remove step always ends with a rescan.
test_remove_failure_rescans() {
	laptop
	rm "$ROOT/$DEVS/$BR/remove"
	mkdir "$ROOT/$DEVS/$BR/remove"
	gr --skip power,unload,load --json
	assert_rc 3
	assert_stderr_match "^gpu-reset: write $ROOT/$DEVS/$BR/remove: Is a directory$"
	assert_stderr_match '^gpu-reset: restoring: rescanning the bus$'
	assert_file_content "$ROOT/sys/bus/pci/rescan" 1
	assert_file_content "$ROOT/$DEVS/$AUD/driver_override" none
	assert_stdout_match '"outcome":"restored"'
	assert_stdout_match '"step":"remove","status":"failed","ms":[0-9]+,"error":"write '
}

test_load_failure_devices_back() {
	laptop
	SHIM_FAIL=insert:nvidia_modeset:ENOEXEC gr --skip power
	assert_rc 3
	assert_stderr_match '^gpu-reset: load nvidia_modeset: insert nvidia_modeset: Exec format error$'
	assert_file_content "$ROOT/sys/bus/pci/rescan" 1
	grep -q '^finit_module nvidia_drm' "$T/calls.log" && fail "went on after failure"
	true
}

# A step left out stays "skipped" in the record, also when a later step fails.
test_json_statuses_after_failure() {
	laptop
	SHIM_FAIL=insert:nvidia_modeset:ENOEXEC gr --skip power,smi --json
	assert_rc 3
	assert_stdout_match '"step":"power","status":"skipped"'
	assert_stdout_match '"step":"load","status":"failed"'
	# after the failing step: left out is "skipped", not "not-run"
	assert_stdout_match '"step":"smi","status":"skipped"'
}

test_json_not_run_after_failure() {
	laptop
	SHIM_FAIL=insert:nvidia_modeset:ENOEXEC gr --skip power --json
	assert_rc 3
	assert_stdout_match '"step":"smi","status":"not-run"'
}

test_rescan_timeout_needs_manual_action() {
	laptop
	# the rescan "loses" the bridge: it is gone and never comes back
	gr --skip power,unload,load,smi --rescan-timeout 0 --bridge 0000:00:1c.0
	assert_rc 4
	assert_stderr_match "0000:00:1c.0 did not come back within 0 s"
	assert_stderr_match 'manual action needed'
}

test_override_verify_failure() {
	use_fixture laptop
	gr --steps override
	assert_rc 3
	assert_stderr_match "^gpu-reset: verify $ROOT/$DEVS/$AUD/driver: bound to snd_hda_intel, expected no driver$"
}

test_vm_running_refused() {
	laptop
	rm "$ROOT/$DEVS/$GPU/driver"
	ln -s ../../../../bus/pci/drivers/vfio-pci "$ROOT/$DEVS/$GPU/driver"
	mkdir -p "$ROOT/proc/777/fd"
	echo qemu-system-x86 > "$ROOT/proc/777/comm"
	ln -s /dev/vfio/1 "$ROOT/proc/777/fd/20"
	gr --skip power,unload,load
	assert_rc 1
	assert_stderr_match "^gpu-reset: $GPU is in use by a VM: pid 777 \(qemu-system-x86\) holds /dev/vfio/1$"
	assert_stderr_match 'refusing to reset a GPU in use'
	gr --skip power,unload,load,smi --force
	assert_rc 0
	assert_stderr_match 'going on \(--force\)'
}

test_lock_held() {
	laptop
	command -v flock > /dev/null || return 0
	mkdir -p "$ROOT/run/lock"
	: > "$ROOT/run/lock/optimus-vfio-gpu-reset.lock"
	flock "$ROOT/run/lock/optimus-vfio-gpu-reset.lock" sleep 5 &
	at_exit "kill $! 2> /dev/null"
	sleep 0.3
	gr --steps rescan --lock-timeout 0
	assert_rc 1
	assert_stderr_eq "gpu-reset: lock $ROOT/run/lock/optimus-vfio-gpu-reset.lock: another gpu-reset is running (gave up after 0 s)"
	[ ! -s "$ROOT/sys/bus/pci/rescan" ] || fail "ran without the lock"
}

test_power_acpi_error() {
	laptop
	start_fake_acpi_call "$ROOT" /dev/null --log "$T/acpi.log"
	gr --power acpi --steps power,rescan
	assert_rc 1
	assert_stderr_match 'call \\_SB.PCI0.PEG0.PEGP._OFF via .*/proc/acpi/call: AE_NOT_FOUND$'
	assert_file_content "$T/acpi.log" '\_SB.PCI0.PEG0.PEGP._OFF'
	[ ! -s "$ROOT/sys/bus/pci/rescan" ] || fail "went on"
}

test_power_acpi_missing() {
	laptop
	gr --power acpi --steps power
	assert_rc 1
	assert_stderr_match "open $ROOT/proc/acpi/call: No such file or directory \(modprobe acpi_call\)$"
}

test_config_file() {
	laptop
	mkdir -p "$ROOT/etc"
	cat > "$ROOT/etc/optimus-vfio.conf" <<-'EOF'
	# gpu-reset settings
	steps = remove, rescan
	  bridge=0000:00:01.0

	rescan-timeout = 2
	EOF
	gr -n
	assert_rc 0
	assert_stdout_match "^# remove$"
	grep -q '^# unload' "$T/stdout" && fail "steps from the file ignored"
	# the command line wins
	gr -n --steps override
	assert_stdout_eq "# override
$ROOT/$DEVS/$AUD/driver_override <- none"
	gr -n --no-config --steps smi
	assert_rc 0
}

test_config_errors() {
	laptop
	mkdir -p "$ROOT/etc"
	printf 'steps = rescan\ncolour = blue\n' > "$ROOT/etc/optimus-vfio.conf"
	gr -n
	assert_rc 1
	assert_stderr_eq "gpu-reset: $ROOT/etc/optimus-vfio.conf:2: unknown key 'colour'"
	printf '# x\n\nlock-timeout = soon\n' > "$ROOT/etc/optimus-vfio.conf"
	gr -n
	assert_rc 1
	assert_stderr_eq "gpu-reset: $ROOT/etc/optimus-vfio.conf:3: invalid value 'soon' for lock-timeout: expected 0 to 3600 seconds"
	printf 'steps rescan\n' > "$T/my.conf"
	gr -n -c "$T/my.conf"
	assert_rc 1
	assert_stderr_eq "gpu-reset: $T/my.conf:1: expected 'key = value'"
	gr -n -c "$T/none.conf"
	assert_rc 1
	assert_stderr_eq "gpu-reset: read $T/none.conf: No such file or directory"
}

test_no_such_device() {
	laptop
	gr -n -d 02:00.0
	assert_rc 1
	assert_stderr_eq "gpu-reset: no such device: $ROOT/$DEVS/0000:02:00.0"
}

# Issue 11.2: only an NVIDIA display function is taken as the GPU.
test_refuses_non_gpu() {
	laptop
	gr -n --skip power -d 00:00.0
	assert_rc 1
	assert_stderr_eq "gpu-reset: refusing 0000:00:00.0 as the GPU: $ROOT/$DEVS/0000:00:00.0 is vendor 8086, class 060000, not an NVIDIA display controller (use --force if it is the GPU)"
	assert_stdout_empty
	gr -n --skip power -d 00:02.0
	assert_rc 1
	assert_stderr_match '^gpu-reset: refusing 0000:00:02.0 as the GPU: .* is vendor 8086, class 030000, not an NVIDIA display controller'
	# the GPU's own audio function is NVIDIA, but not a display controller
	gr -n --skip power -d $AUD
	assert_rc 1
	assert_stderr_match "^gpu-reset: refusing $AUD as the GPU: .* is vendor 10de, class 040300, "
	[ -z "$(calls)" ] || fail "calls: $(calls)"
}

test_refuses_non_gpu_from_config() {
	laptop
	mkdir -p "$ROOT/etc"
	echo 'device = 00:1f.3' > "$ROOT/etc/optimus-vfio.conf"
	gr -n --skip power
	assert_rc 1
	assert_stderr_match '^gpu-reset: refusing 0000:00:1f.3 as the GPU: .* is vendor 8086, class 040300, not an NVIDIA display controller \(use --force'
}

# --force (or force = yes) takes a stand-in, as the VM test's emulated GPU.
test_force_takes_non_gpu() {
	laptop
	gr -n --skip power,unload,load,smi -d 00:02.0 --force
	assert_rc 0
	assert_stderr_match '^gpu-reset: warning: 0000:00:02.0 is vendor 8086, class 030000, not an NVIDIA display controller; going on \(--force\)$'
	assert_stdout_match "^$ROOT/$DEVS/0000:00:02.0/remove <- 1$"
	mkdir -p "$ROOT/etc"
	printf 'device = 00:02.0\nforce = yes\n' > "$ROOT/etc/optimus-vfio.conf"
	gr -n --skip power,unload,load,smi
	assert_rc 0
	assert_stdout_match "^$ROOT/$DEVS/0000:00:02.0/remove <- 1$"
	printf 'force = maybe\n' > "$ROOT/etc/optimus-vfio.conf"
	gr -n
	assert_rc 1
	assert_stderr_eq "gpu-reset: $ROOT/etc/optimus-vfio.conf:1: invalid value 'maybe' for force: expected yes or no"
	# -f is vfio-domain's --file: gpu-reset gives --force no short option
	gr -n --no-config -f
	assert_rc 1
	assert_stderr_match "^Try 'gpu-reset --help'\.$"
}

# Issue 11.3: a plan that removes the devices must rescan them.
test_remove_without_rescan_refused() {
	laptop
	gr --no-config --steps remove --json
	assert_rc 1
	assert_stderr_match '^gpu-reset: the remove step needs the rescan step: without it the GPU stays off the bus \(steps: remove\)$'
	assert_stdout_match '"outcome":"nothing-done"'
	[ ! -s "$ROOT/$DEVS/$GPU/remove" ] || fail "removed"
	gr --no-config --skip power,rescan
	assert_rc 1
	assert_stderr_match 'the remove step needs the rescan step'
	[ ! -s "$ROOT/$DEVS/$GPU/remove" ] || fail "removed"
	[ -z "$(calls)" ] || fail "calls: $(calls)"
	gr -n --no-config --steps remove --force
	assert_rc 1
	assert_stdout_empty
}

# Issue 11.4: the unload policy only applies to a plan with an unload step.
test_in_use_module_without_unload_step() {
	laptop
	echo 1 > "$ROOT/sys/module/nvidia_drm/refcnt"
	gr -n --no-config --steps remove,rescan
	assert_rc 0
	assert_stderr_empty
	gr --no-config --steps remove,rescan
	assert_rc 0
	assert_file_content "$ROOT/sys/bus/pci/rescan" 1
	# the load step alone reloads what is loaded, unloading nothing
	gr -n --no-config --steps load
	assert_rc 0
	assert_stdout_match '^load nvidia_drm '
	# with the unload step the policy holds
	gr -n --no-config --skip power
	assert_rc 1
	assert_stderr_match '^gpu-reset: module nvidia_drm is in use \(refcnt 1, 0 of it'
}

. "$TOP/tests/tools/json.sh"

# Issue 11.10: with --json every failure is one object with an error member,
# the exit status unchanged.
test_json_under_errors() {
	laptop
	gr --json --steps power,frob
	assert_rc 1
	assert_json_error '(.error.message | test("unknown step .frob.")) and .exit == 1'
	gr --json -n -d 02:00.0
	assert_rc 1
	assert_json_error ".error.path == \"$ROOT/$DEVS/0000:02:00.0\" and .outcome == \"nothing-done\""
	gr --json -n -d 00:00.0
	assert_rc 1
	assert_json_error '.error.message | test("^refusing 0000:00:00.0 as the GPU")'
	gr --json --no-config --steps remove
	assert_rc 1
	assert_json_error '.error.message | test("needs the rescan step")'
	mkdir -p "$ROOT/etc"
	printf 'colour = blue\n' > "$ROOT/etc/optimus-vfio.conf"
	gr --json -n
	assert_rc 1
	assert_json_error ".error.path == \"$ROOT/etc/optimus-vfio.conf\""
	rm "$ROOT/etc/optimus-vfio.conf"
	echo 3 > "$ROOT/sys/module/nvidia/refcnt"
	gr --json -n --skip power
	assert_rc 1
	assert_json_error ".error.path == \"$ROOT/sys/module/nvidia/refcnt\" and
		(.error.message | test(\"module nvidia is in use\"))"
	echo 0 > "$ROOT/sys/module/nvidia/refcnt"
	run_tool gpu-reset --json -s "$T/no-such-root"
	assert_rc 1
	assert_json_error ".error.path == \"$T/no-such-root\""
	# a failing step: the record, its steps and the error of the first failure
	rm "$ROOT/$DEVS/$BR/remove"
	mkdir "$ROOT/$DEVS/$BR/remove"
	gr --json --skip power,unload,load
	assert_rc 3
	assert_json_error ".error.path == \"$ROOT/$DEVS/$BR/remove\" and .outcome == \"restored\" and
		(.error.message | test(\"Is a directory\"))"
	# success: no error member
	gr --json -n --skip power
	assert_rc 0
	assert_json_clean '.outcome == "ok"'
	# a warning (--force) is no error
	gr --json -n --skip power,unload,load,smi -d 00:02.0 --force
	assert_rc 0
	assert_json_clean
	# the command line's own syntax errors print no JSON (documented)
	gr --json -n extra
	assert_rc 1
	assert_stdout_empty
}

# Paths holding bytes that are not UTF-8 still give valid UTF-8 JSON: each
# such byte becomes U+FFFD.
test_json_invalid_utf8_path() {
	laptop
	mv "$ROOT" "$T/r"$'\xff\xfe'"oot"
	ROOT=$T/r$'\xff\xfe'oot
	gr --json -n -d 02:00.0
	assert_rc 1
	assert_json_error ".error.path == \"$T/r\\ufffd\\ufffdoot/$DEVS/0000:02:00.0\""
	grep -q 'r\\ufffd\\ufffdoot' "$T/stdout" || fail "not escaped as \\ufffd"
	gr --json -n --skip power
	assert_rc 0
	assert_json_clean
}

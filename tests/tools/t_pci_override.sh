# SPDX-License-Identifier: GPL-2.0-or-later
# Tool tests of pci-override on the laptop fixture (plain files: drivers_probe does nothing there).

AUD=0000:01:00.1
DEVS=sys/bus/pci/devices
RULES=etc/udev/rules.d/70-optimus-vfio-override.rules

po() { run_tool pci-override -s "$ROOT" "$@"; }

# What the kernel would show after the audio function lost its driver.
unbind_in_fixture() {
	rm -f "$ROOT/$DEVS/$AUD/driver" "$ROOT/sys/bus/pci/drivers/snd_hda_intel/$AUD"
}

# Fixture files are plain: an overwrite leaves the old tail; compare line 1.
first_line() { head -n 1 "$1"; }

test_help_version() {
	run_tool pci-override --help
	assert_rc 0
	assert_stdout_match '^Usage: pci-override'
	assert_stderr_empty
	run_tool pci-override -V
	assert_rc 0
	assert_stdout_match '^pci-override \(optimus-vfio\) [0-9]'
}

test_bad_option() {
	run_tool pci-override --bogus
	assert_rc 1
	assert_stdout_empty
	assert_stderr_match "^Try 'pci-override --help'\.$"
}

test_conflicting_actions() {
	use_fixture laptop
	po --set none --clear
	assert_rc 1
	assert_stderr_match 'exclude each other'
	po --persist
	assert_rc 1
	assert_stderr_match '^pci-override: --persist goes with --set$'
	po --status -n
	assert_rc 1
}

test_status_default_device() {
	use_fixture laptop
	po
	assert_rc 0
	assert_stdout_eq "$AUD override=- driver=snd_hda_intel persist=-"
	assert_stderr_empty
}

test_status_null_and_empty() {
	use_fixture laptop
	echo '(null)' > "$ROOT/$DEVS/$AUD/driver_override"
	po --status 01:00.1
	assert_rc 0
	assert_stdout_eq "$AUD override=- driver=snd_hda_intel persist=-"
	printf '' > "$ROOT/$DEVS/$AUD/driver_override"
	po --status
	assert_stdout_eq "$AUD override=- driver=snd_hda_intel persist=-"
	echo vfio-pci > "$ROOT/$DEVS/$AUD/driver_override"
	po --status
	assert_stdout_eq "$AUD override=vfio-pci driver=snd_hda_intel persist=-"
}

test_dry_run_plan() {
	use_fixture laptop
	cp -a "$ROOT" "$T/pristine"
	po --set none --dry-run
	assert_rc 0
	assert_stdout_eq "$ROOT/$DEVS/$AUD/driver_override <- none
$ROOT/sys/bus/pci/drivers/snd_hda_intel/unbind <- $AUD
$ROOT/sys/bus/pci/drivers_probe <- $AUD"
	assert_stderr_empty
	diff -r --no-dereference "$T/pristine" "$ROOT" > /dev/null || fail "dry run changed the tree"
}

# The fixture cannot unbind: verification must say so, with exit 4.
test_set_verify_fails_when_link_unchanged() {
	use_fixture laptop
	po --set none
	assert_rc 4
	assert_stderr_eq "pci-override: verify $ROOT/$DEVS/$AUD/driver: bound to snd_hda_intel, expected no driver (the kernel did not unbind it)"
	assert_file_content "$ROOT/$DEVS/$AUD/driver_override" none
	assert_file_content "$ROOT/sys/bus/pci/drivers/snd_hda_intel/unbind" "$AUD"
	assert_file_content "$ROOT/sys/bus/pci/drivers_probe" "$AUD"
}

test_set_none_when_unbound() {
	use_fixture laptop
	unbind_in_fixture
	po --set none -v
	assert_rc 0
	assert_stderr_eq "pci-override: $ROOT/$DEVS/$AUD/driver_override <- none"
	assert_file_content "$ROOT/$DEVS/$AUD/driver_override" none
	# not bound: nothing to unbind, nothing to probe
	[ ! -s "$ROOT/sys/bus/pci/drivers_probe" ] || fail "drivers_probe written"
}

test_set_is_idempotent() {
	use_fixture laptop
	unbind_in_fixture
	echo none > "$ROOT/$DEVS/$AUD/driver_override"
	chmod 0444 "$ROOT/$DEVS/$AUD/driver_override"
	po --set none -v
	assert_rc 0
	assert_stderr_empty
}

test_set_pci_stub_bound_as_kernel_would() {
	use_fixture laptop
	unbind_in_fixture
	ln -s ../../../../bus/pci/drivers/pci-stub "$ROOT/$DEVS/$AUD/driver"
	po --set pci-stub 01:00.1
	assert_rc 0
	assert_file_content "$ROOT/$DEVS/$AUD/driver_override" pci-stub
	[ ! -s "$ROOT/sys/bus/pci/drivers_probe" ] || fail "drivers_probe written"
}

test_set_vfio_without_iommu_hint() {
	use_fixture laptop
	unbind_in_fixture
	rm "$ROOT/$DEVS/$AUD/iommu_group"
	po --set vfio-pci
	assert_rc 4
	assert_stderr_match 'bound to no driver, expected vfio-pci \(vfio-pci binds only with an IOMMU: no iommu_group\)$'
	assert_file_content "$ROOT/sys/bus/pci/drivers_probe" "$AUD"
}

test_set_unregistered_driver() {
	use_fixture laptop
	cp -a "$ROOT" "$T/pristine"
	po --set nouveau
	assert_rc 1
	assert_stderr_eq "pci-override: driver nouveau is not registered ($ROOT/sys/bus/pci/drivers/nouveau missing); load its module first"
	diff -r --no-dereference "$T/pristine" "$ROOT" > /dev/null || fail "tree changed"
}

test_invalid_driver_name() {
	use_fixture laptop
	for d in 'a b' '../x' '' 'x/y'; do
		po --set "$d"
		assert_rc 1
		assert_stderr_match '^pci-override: invalid driver name'
	done
}

test_invalid_address() {
	use_fixture laptop
	po 1:0.1
	assert_rc 1
	assert_stderr_eq "pci-override: invalid PCI address '1:0.1': expected DDDD:BB:DD.F or BB:DD.F"
}

test_no_such_device() {
	use_fixture laptop
	po --set none 02:00.1
	assert_rc 1
	assert_stderr_eq "pci-override: no such device: $ROOT/$DEVS/0000:02:00.1"
}

test_no_nvidia_gpu() {
	use_fixture laptop
	rm "$ROOT/$DEVS/0000:01:00.0" "$ROOT/$DEVS/0000:01:00.1"
	po
	assert_rc 1
	assert_stderr_match '^pci-override: no NVIDIA display device under .*; give ADDR$'
}

test_write_error_names_path() {
	use_fixture laptop
	unbind_in_fixture
	rm "$ROOT/$DEVS/$AUD/driver_override"
	mkdir "$ROOT/$DEVS/$AUD/driver_override"
	po --set none
	assert_rc 1
	assert_stderr_match "^pci-override: read $ROOT/$DEVS/$AUD/driver_override: Is a directory$"
}

test_unbind_error_is_partial() {
	use_fixture laptop
	rm "$ROOT/sys/bus/pci/drivers/snd_hda_intel/unbind"
	mkdir "$ROOT/sys/bus/pci/drivers/snd_hda_intel/unbind"
	po --set none
	assert_rc 4
	assert_stderr_eq "pci-override: write $ROOT/sys/bus/pci/drivers/snd_hda_intel/unbind: Is a directory"
}

test_clear() {
	use_fixture laptop
	unbind_in_fixture
	echo none > "$ROOT/$DEVS/$AUD/driver_override"
	po --clear --dry-run
	assert_stdout_eq "$ROOT/$DEVS/$AUD/driver_override <- ''
$ROOT/sys/bus/pci/drivers_probe <- $AUD"
	po --clear
	assert_rc 0
	[ -z "$(first_line "$ROOT/$DEVS/$AUD/driver_override")" ] || fail "not cleared"
	assert_file_content "$ROOT/sys/bus/pci/drivers_probe" "$AUD"
}

test_persist_and_unpersist() {
	use_fixture laptop
	unbind_in_fixture
	po --set none --persist
	assert_rc 0
	assert_file_content "$ROOT/$RULES" "# driver_override rules of pci-override(8), one per device; the tool
# rewrites this file: use pci-override --persist/--unpersist.
ACTION==\"add\", SUBSYSTEM==\"pci\", KERNEL==\"$AUD\", ATTR{driver_override}=\"none\", RUN+=\"/usr/local/sbin/pci-override --set none $AUD\""
	assert_no_temp_files "$ROOT/etc/udev/rules.d"
	po
	assert_stdout_eq "$AUD override=none driver=- persist=none"
	# idempotent: same file, nothing logged
	cp "$ROOT/$RULES" "$T/rules.1"
	po --set none --persist -v
	assert_rc 0
	assert_stderr_empty
	assert_files_eq "$T/rules.1" "$ROOT/$RULES"
	# a second device gets its own line; changing one replaces its line
	unbind_in_fixture
	po --set pci-stub --persist 00:1f.3 2> /dev/null
	po --set none --persist 00:1f.3 2> /dev/null
	[ "$(grep -c KERNEL== "$ROOT/$RULES")" = 2 ] || fail "two rules expected"
	grep -q 'KERNEL=="0000:00:1f.3", ATTR{driver_override}="none"' "$ROOT/$RULES" ||
		fail "rule of 00:1f.3 not replaced"
	po --unpersist 00:1f.3
	assert_rc 0
	[ "$(grep -c KERNEL== "$ROOT/$RULES")" = 1 ] || fail "one rule expected"
	po --unpersist
	assert_rc 0
	assert_no_file "$ROOT/$RULES"
}

test_persist_dry_run() {
	use_fixture laptop
	unbind_in_fixture
	po --set none --persist -n
	assert_rc 0
	assert_stdout_match "^$ROOT/$RULES <- ACTION==\"add\", SUBSYSTEM==\"pci\", KERNEL==\"$AUD\""
	assert_no_file "$ROOT/$RULES"
}

# po_fault RULES ARGS...: po under the fault injector (tests/helpers/fault_shim.c)
po_fault() {
	local rules=$1

	shift
	[ -f "$B/tests/fault_shim.so" ] || fail "no $B/tests/fault_shim.so (make check builds it)"
	LD_PRELOAD=$B/tests/fault_shim.so OVF_FAULT=$rules po "$@"
}

# --persist failing after --set wrote driver_override (the rules path is a
# directory): the override is undone, so exit 1 keeps meaning "nothing
# changed", and the message says so.
test_persist_failure_rolls_back() {
	use_fixture laptop
	unbind_in_fixture
	mkdir -p "$ROOT/$RULES"
	po --set none --persist -v
	assert_rc 1
	assert_stderr_eq "pci-override: $ROOT/$DEVS/$AUD/driver_override <- none
pci-override: write $ROOT/$RULES: Is a directory
pci-override: $ROOT/$DEVS/$AUD/driver_override <- ''
pci-override: undid --set none after --persist failed: $AUD has no driver_override and no driver again"
	[ -z "$(first_line "$ROOT/$DEVS/$AUD/driver_override")" ] ||
		fail "driver_override not rolled back: $(cat "$ROOT/$DEVS/$AUD/driver_override")"
	[ -d "$ROOT/$RULES" ] || fail "the rules directory was touched"
	# the override given before is the one written back
	echo pci-stub > "$ROOT/$DEVS/$AUD/driver_override"
	po --set none --persist
	assert_rc 1
	assert_stderr_eq "pci-override: write $ROOT/$RULES: Is a directory
pci-override: undid --set none after --persist failed: $AUD has driver_override 'pci-stub' and no driver again"
	assert_file_content "$ROOT/$DEVS/$AUD/driver_override" pci-stub
	# a dry run changed nothing: nothing to undo
	po --set vfio-pci --persist -n 01:00.1
	assert_rc 1
	assert_stdout_eq "$ROOT/$DEVS/$AUD/driver_override <- vfio-pci
$ROOT/sys/bus/pci/drivers_probe <- $AUD"
	assert_stderr_eq "pci-override: write $ROOT/$RULES: Is a directory"
}

# The verification failed, then --persist did too: both are reported, and
# the override is undone (the fixture's driver link never moved).
test_persist_failure_after_verify_failure() {
	use_fixture laptop
	mkdir -p "$ROOT/$RULES"
	po --set none --persist
	assert_rc 1
	assert_stderr_eq "pci-override: verify $ROOT/$DEVS/$AUD/driver: bound to snd_hda_intel, expected no driver (the kernel did not unbind it)
pci-override: write $ROOT/$RULES: Is a directory
pci-override: undid --set none after --persist failed: $AUD has no driver_override and driver snd_hda_intel again"
	[ -z "$(first_line "$ROOT/$DEVS/$AUD/driver_override")" ] ||
		fail "driver_override not rolled back"
}

# An undo that does not bring the old state back is exit 4, and says what
# went wrong: here the write of the old driver_override fails, or the old
# driver does not bind again (the fixture's drivers_probe binds nothing).
test_persist_failure_rollback_fails() {
	use_fixture laptop
	unbind_in_fixture
	mkdir -p "$ROOT/$RULES"
	po_fault "$AUD/driver_override:open-write:EACCES@2" --set none --persist
	assert_rc 4
	assert_stderr_eq "pci-override: write $ROOT/$RULES: Is a directory
pci-override: write $ROOT/$DEVS/$AUD/driver_override: Permission denied (undoing --set none after --persist failed: $AUD is not as it was)"
	assert_file_content "$ROOT/$DEVS/$AUD/driver_override" none
	rm -rf "$ROOT"
	use_fixture laptop
	mkdir -p "$ROOT/$RULES"
	# the unbind takes the driver away, as the kernel would
	po_fault "snd_hda_intel/unbind:write:vanish=$ROOT/$DEVS/$AUD/driver" --set none --persist
	assert_rc 4
	assert_stderr_eq "pci-override: write $ROOT/$RULES: Is a directory
pci-override: verify $ROOT/$DEVS/$AUD/driver: bound to no driver, expected snd_hda_intel (undoing --set none after --persist failed: $AUD is not as it was)"
	assert_file_content "$ROOT/sys/bus/pci/drivers_probe" "$AUD"
}

# The same for --clear --unpersist: the rule cannot be removed (the rules
# path is a directory), so the cleared override is written back.
test_unpersist_failure_rolls_back_clear() {
	use_fixture laptop
	unbind_in_fixture
	echo none > "$ROOT/$DEVS/$AUD/driver_override"
	mkdir -p "$ROOT/$RULES"
	po --clear --unpersist -v
	assert_rc 1
	assert_stderr_eq "pci-override: $ROOT/$DEVS/$AUD/driver_override <- ''
pci-override: $ROOT/sys/bus/pci/drivers_probe <- $AUD
pci-override: write $ROOT/$RULES: Is a directory
pci-override: $ROOT/$DEVS/$AUD/driver_override <- none
pci-override: undid --clear after --unpersist failed: $AUD has driver_override 'none' and no driver again"
	# plain fixture files keep an old tail: the value is at the start
	[ "$(head -c 4 "$ROOT/$DEVS/$AUD/driver_override")" = none ] ||
		fail "driver_override not written back: $(cat "$ROOT/$DEVS/$AUD/driver_override")"
}

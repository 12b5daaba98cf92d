# SPDX-License-Identifier: GPL-2.0-or-later
# Wording tests: vfio-ssdt and vfio-domain say the same thing, in the same words, for the same problem.

DOMS=$FIX/domains

# A bad option value is "invalid --OPTION 'VALUE': why", naming the option as
# given, in both tools (as --bridge, --vendor-id and gpu-reset's values do).
test_msg_fw_cfg_name_same_in_both() {
	local prog
	for prog in vfio-ssdt vfio-domain; do
		run_tool "$prog" --fw-cfg-name etc/rom
		assert_rc 1
		assert_stdout_empty
		assert_stderr_eq "$prog: invalid --fw-cfg-name 'etc/rom': must start with 'opt/'"
		run_tool "$prog" --fw-cfg-name 'opt/a"b'
		assert_rc 1
		assert_stderr_eq "$prog: invalid --fw-cfg-name 'opt/a\"b': only printable ASCII without quotes or backslashes"
	done
}

test_msg_acpi_paths_name_option() {
	run_tool vfio-ssdt --acpi-path '_SB.PCI0.S08' --asl
	assert_rc 1
	assert_stderr_eq "vfio-ssdt: invalid --acpi-path '_SB.PCI0.S08': must start with '\\'"
	run_tool vfio-ssdt --acpi-path '\_SB' --asl
	assert_rc 1
	assert_stderr_eq "vfio-ssdt: invalid --acpi-path '\\_SB': needs at least 2 segments"
	run_tool vfio-ssdt --battery-scope '\_SB.TOOLONG' --no-rom --asl
	assert_rc 1
	assert_stderr_eq "vfio-ssdt: invalid --battery-scope '\\_SB.TOOLONG': segment 'TOOLONG' is not 1-4 of A-Z, 0-9, _ starting with a letter or _"
}

# An option and its --no- twin: refused in vfio-ssdt as in vfio-domain,
# rather than one of them silently ignored.
test_msg_option_and_its_no_twin() {
	run_tool vfio-domain --file "$DOMS/win11.xml" --rom /x.rom --no-rom
	assert_rc 1
	assert_stderr_eq "vfio-domain: --rom and --no-rom exclude each other"
	run_tool vfio-ssdt --rom /x.rom --no-rom --asl
	assert_rc 1
	assert_stdout_empty
	assert_stderr_eq "vfio-ssdt: --rom and --no-rom exclude each other"
	run_tool vfio-ssdt --battery-scope '\_SB' --no-battery --guest-address 00:05.0 --asl
	assert_rc 1
	assert_stderr_eq "vfio-ssdt: --battery-scope and --no-battery exclude each other"
	# vfio-domain passes --fw-cfg-name along with --no-rom: that stays valid
	run_tool vfio-ssdt --fw-cfg-name opt/x --no-rom --asl
	assert_rc 0
}

# A temporary file that cannot be made is "create temporary ... in DIR: why"
# in both tools (vfio-domain said "write temporary file" without a path).
test_msg_temp_file_names_dir() {
	# valgrind keeps its own files in TMPDIR: with none it cannot start, so
	# this message test runs the tools without it
	local VALGRIND_CMD=()
	TMPDIR=$T/none run_tool vfio-ssdt --guest-address 00:05.0 -o "$T/x.aml"
	assert_rc 1
	assert_stderr_eq "vfio-ssdt: create temporary directory in $T/none: No such file or directory"
	TMPDIR=$T/none run_tool vfio-domain -s "$FIX/laptop" --rom /x.rom \
		--file "$DOMS/win11.xml" --ssdt /x.aml --dry-run
	assert_rc 1
	assert_stdout_empty
	# after its notes on what it changed
	[ "$(tail -n 1 "$T/stderr")" = "vfio-domain: create temporary file in $T/none: No such file or directory" ] ||
		fail "temporary file failure not named"
}

# The second of --dry-run's two temporary files fails to write: the message
# names it, and the first one is not left behind.
test_msg_dry_run_temp_write_fails() {
	mkdir "$T/tmp"
	[ -f "$B/tests/fault_shim.so" ] || fail "no fault_shim.so (make check builds it)"
	TMPDIR=$T/tmp LD_PRELOAD=$B/tests/fault_shim.so OVF_FAULT="vfio-domain.*:write:ENOSPC@2" \
		run_tool vfio-domain -s "$FIX/laptop" --rom /x.rom --file "$DOMS/win11.xml" \
		--ssdt /x.aml --dry-run
	assert_rc 1
	assert_stdout_empty
	tail -n 1 "$T/stderr" | grep -Eq "^vfio-domain: write $T/tmp/vfio-domain\.[A-Za-z0-9]{6}: No space left on device$" ||
		fail "failed temporary file not named"
	[ -z "$(ls -A "$T/tmp")" ] || fail "left in TMPDIR: $(ls -A "$T/tmp")"
}

# iasl dies: "iasl failed (killed by signal N)" in both tools (vfio-domain
# compiles in-process), not a made-up exit status of 128 + N.
test_msg_helper_killed_by_signal() {
	printf '#!/bin/sh\nkill -KILL $$\n' > "$T/stub"
	chmod +x "$T/stub"
	run_tool vfio-domain -s "$FIX/laptop" --rom /x.rom --file "$DOMS/win11.xml" \
		--state-dir "$T/state" --iasl "$T/stub" -o "$T/o.xml"
	assert_rc 1
	assert_stderr_match "^vfio-domain: iasl failed \(killed by signal 9\)$"
	[ "$(tail -n 1 "$T/stderr")" = "vfio-domain: the SSDT was not built; nothing changed" ] ||
		fail "signal not reported"
	assert_no_file "$T/o.xml"
	cp "$T/stub" "$T/iasl"
	run_tool vfio-ssdt --guest-address 00:05.0 --iasl "$T/iasl" -o "$T/x.aml"
	assert_rc 2
	assert_stderr_match "^vfio-ssdt: iasl failed \(killed by signal 9\)$"
}

# iasl is not there: "iasl not found: ... (tried 'PATH')" in both tools,
# with the option that names another one.
test_msg_helper_not_found() {
	run_tool vfio-domain -s "$FIX/laptop" --rom /x.rom --file "$DOMS/win11.xml" \
		--state-dir "$T/state" --iasl "$T/nonexistent" -o "$T/o.xml"
	assert_rc 1
	assert_stderr_match "^vfio-domain: iasl not found: install acpica-tools or give --iasl \(tried '$T/nonexistent'\)$"
	[ "$(tail -n 1 "$T/stderr")" = "vfio-domain: the SSDT was not built; nothing changed" ] ||
		fail "missing iasl not worded as in vfio-ssdt"
	assert_no_file "$T/o.xml"
	run_tool vfio-ssdt --guest-address 00:05.0 --iasl "$T/nonexistent" -o "$T/x.aml"
	assert_rc 1
	assert_stderr_eq "vfio-ssdt: iasl not found: install acpica-tools or give --iasl (tried '$T/nonexistent')"
}

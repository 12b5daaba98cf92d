# SPDX-License-Identifier: GPL-2.0-or-later
# fake_acpi_call answers as acpi_call 1.2.2 does, seen from a shell.

M='\_SB.PCI0.S08.S00._ROM'

# A ROM of SIZE bytes with the 0x55 0xaa signature and random contents.
make_rom() {
	{ printf '\125\252'; head -c $(($2 - 2)) /dev/urandom; } > "$1"
}

# The module's rendering of N bytes of FILE from OFF: "0x55, 0xaa, ...".
rom_values() {
	od -An -v -tx1 -j "$2" -N "$3" "$1" | tr -s ' \n' '  ' |
		sed -e 's/^ //' -e 's/ $//' -e 's/\([0-9a-f][0-9a-f]\)/0x\1,/g' \
			-e 's/,$//'
}

setup_fake() {
	ROOT=$T/root
	make_rom "$T/rom" "${ROMSIZE:-8192}"
	start_fake_acpi_call "$ROOT" "$T/rom" "$@"
}

call() {
	echo "$1" > "$ROOT/proc/acpi/call"
	read_acpi_call "$ROOT"
}

assert_eq() {
	[ "$1" = "$2" ] || fail "got '$1', expected '$2'"
}

test_small_read_then_not_called() {
	setup_fake
	assert_eq "$(call "$M 0 4")" "{$(rom_values "$T/rom" 0 4)}"
	assert_eq "$(read_acpi_call "$ROOT")" "not called"
	assert_eq "$(read_acpi_call "$ROOT")" "not called"
}

test_result_ends_with_nul() {
	setup_fake
	echo "$M 0 1" > "$ROOT/proc/acpi/call"
	cat "$ROOT/proc/acpi/call" > "$T/out"
	assert_eq "$(od -An -c "$T/out" | tr -s ' ' | sed 's/^ //')" \
		'{ 0 x 5 5 } \0'
}

test_not_called_before_any_call() {
	setup_fake
	assert_eq "$(read_acpi_call "$ROOT")" "not called"
}

test_42_values_fit() {
	setup_fake
	r=$(call "$M 0x10 42")
	assert_eq "$r" "{$(rom_values "$T/rom" 16 42)}"
	assert_eq "${#r}" 252
}

test_100_bytes_cut_to_42_with_comma() {
	setup_fake
	r=$(call "$M 0 100")
	assert_eq "$r" "{$(rom_values "$T/rom" 0 42),"
	assert_eq "${#r}" 252
	r=$(call "$M 0 43")
	assert_eq "$r" "{$(rom_values "$T/rom" 0 42),"
}

test_decimal_and_hex_arguments() {
	setup_fake
	assert_eq "$(call "$M 4096 8")" "{$(rom_values "$T/rom" 4096 8)}"
	assert_eq "$(call "$M 0x1000 0x8")" "{$(rom_values "$T/rom" 4096 8)}"
	# a leading zero is decimal, not octal
	assert_eq "$(call "$M 010 2")" "{$(rom_values "$T/rom" 10 2)}"
}

test_padded_path_is_the_same_node() {
	setup_fake
	assert_eq "$(call '\_SB_.PCI0.S08_.S00_._ROM 0 2')" '{0x55, 0xaa}'
}

test_missing_method() {
	setup_fake
	assert_eq "$(call '\_SB.PCI0.S08.S01._ROM 0 4')" "Error: AE_NOT_FOUND"
	assert_eq "$(call '\_SB.PCI0.S08.S00._DSM 0 4')" "Error: AE_NOT_FOUND"
	assert_eq "$(read_acpi_call "$ROOT")" "not called"
}

test_missing_rom_option() {
	setup_fake --missing-rom
	assert_eq "$(call "$M 0 4")" "Error: AE_NOT_FOUND"
}

test_error_option() {
	setup_fake --error AE_AML_BUFFER_LIMIT
	assert_eq "$(call "$M 0 4")" "Error: AE_AML_BUFFER_LIMIT"
	assert_eq "$(call '\_SB.X 0 4')" "Error: AE_AML_BUFFER_LIMIT"
}

test_arguments_checked() {
	setup_fake
	assert_eq "$(call "$M 0")" "Error: AE_MISSING_ARGUMENTS"
	assert_eq "$(call "$M")" "Error: AE_MISSING_ARGUMENTS"
	assert_eq "$(call "$M \"a\" 4")" "Error: AE_AML_OPERAND_TYPE"
	assert_eq "$(call '_SB.PCI0.S08.S00._ROM 0 4')" "Error: AE_BAD_PARAMETER"
}

test_past_the_end() {
	ROMSIZE=1024 setup_fake
	assert_eq "$(call "$M 1020 8")" "{$(rom_values "$T/rom" 1020 4)}"
	assert_eq "$(call "$M 1024 8")" "{}"
	assert_eq "$(call "$M 0x10000 8")" "{}"
	assert_eq "$(call "$M 0 0")" "{}"
}

test_short_rom() {
	setup_fake --short-rom
	assert_eq "$(call "$M 4090 8")" "{$(rom_values "$T/rom" 4090 6)}"
	assert_eq "$(call "$M 4096 8")" "{}"
}

test_short_rom_explicit() {
	setup_fake --short-rom=100
	assert_eq "$(call "$M 98 8")" "{$(rom_values "$T/rom" 98 2)}"
}

test_boundary_garbage() {
	setup_fake --boundary-garbage
	assert_eq "$(call "$M 4094 4")" "{$(rom_values "$T/rom" 4094 2), 0xff, 0xff}"
	assert_eq "$(call "$M 4096 4")" "{$(rom_values "$T/rom" 4096 4)}"
	assert_eq "$(call "$M 4092 4")" "{$(rom_values "$T/rom" 4092 4)}"
}

test_max_values() {
	setup_fake --max-values 128
	r=$(call "$M 0 128")
	assert_eq "$r" "{$(rom_values "$T/rom" 0 128)}"
	r=$(call "$M 0 200")
	assert_eq "$r" "{$(rom_values "$T/rom" 0 128),"
}

test_fail_after() {
	setup_fake --fail-after 2
	assert_eq "$(call "$M 0 1")" "{0x55}"
	assert_eq "$(call "$M 1 1")" "{0xaa}"
	assert_eq "$(call "$M 0 1")" "Error: AE_AML_LOOP_TIMEOUT"
}

test_garble_after() {
	setup_fake --garble-after 1
	assert_eq "$(call "$M 0 1")" "{0x55}"
	assert_eq "$(call "$M 0 1")" "{0x5g,"
}

test_log_and_exit_after() {
	setup_fake --log "$T/log" --exit-after 2
	call "$M 0 1" > /dev/null
	call "$M 0x1 0x2" > /dev/null
	printf '%s\n' "$M 0 1" "$M 0x1 0x2" > "$T/expected"
	assert_files_eq "$T/log" "$T/expected"
	for ((i = 0; i < 40; i++)); do
		kill -0 "$FAKE_ACPI_CALL_PID" 2> /dev/null || break
		sleep 0.05
	done
	! kill -0 "$FAKE_ACPI_CALL_PID" 2> /dev/null || fail "still running"
	assert_no_file "$ROOT/proc/acpi/call"
}

test_too_long_command_ignored() {
	setup_fake --log "$T/log"
	call "$M 0 1" > /dev/null
	echo "$M 0 2" > "$ROOT/proc/acpi/call"
	# Two writes in a row: wait until the fake took the first (it closes the
	# FIFO first), or the second could open it just before that close and
	# die of SIGPIPE, which the module's file never does.
	for _ in $(seq 100); do
		grep -qxF "$M 0 2" "$T/log" && break
		sleep 0.05
	done
	# the module refuses writes over 511 bytes and keeps its result
	printf '%s%0600d' "$M 0 3" 0 > "$ROOT/proc/acpi/call"
	assert_eq "$(read_acpi_call "$ROOT")" "{0x55, 0xaa}"
}

test_sigterm_cleans_up_what_it_made() {
	setup_fake --pidfile "$T/pid"
	[ "$(cat "$T/pid")" = "$FAKE_ACPI_CALL_PID" ] || fail "pidfile"
	stop_fake_acpi_call
	assert_no_file "$ROOT/proc/acpi/call"
	assert_no_file "$T/pid"
	[ -f "$T/rom" ] || fail "rom removed"
}

test_existing_fifo_is_kept() {
	ROOT=$T/root
	mkdir -p "$ROOT/proc/acpi"
	mkfifo "$ROOT/proc/acpi/call"
	make_rom "$T/rom" 1024
	start_fake_acpi_call "$ROOT" "$T/rom"
	assert_eq "$(call "$M 0 2")" "{0x55, 0xaa}"
	stop_fake_acpi_call
	[ -p "$ROOT/proc/acpi/call" ] || fail "FIFO it did not make was removed"
}

test_reader_first_then_command() {
	setup_fake
	# readers with no command get "not called", even several in a row
	for i in 1 2 3; do
		assert_eq "$(read_acpi_call "$ROOT")" "not called"
	done
	assert_eq "$(call "$M 1 1")" "{0xaa}"
}

# --aml: acpiexec evaluates the call; the answer is formatted as above.
setup_aml() {
	command -v acpiexec > /dev/null || fail "acpiexec not installed (acpica-tools)"
	ROOT=$T/root
	make_rom "$T/rom" 8192
	"$B/tests/mkromaml" "$T/rom" "$T/rom.aml" || fail "mkromaml"
	FAKE_ACPI_CALL_METHOD='\_SB.OVM1._ROM'
	start_fake_acpi_call "$ROOT" "$T/rom" --preload "$B/tests/acpiexec_shim.so" \
		--aml "$T/rom.aml" --aml "$B/tests/acpi/romdata.aml" \
		--aml "$B/tests/acpi/exact.aml" --aml "$B/tests/acpi/field8k.aml" "$@"
}

test_aml_buffer_error_and_cut() {
	setup_aml
	assert_eq "$(call '\_SB.OVM1._ROM 0x10 4')" "{$(rom_values "$T/rom" 16 4)}"
	assert_eq "$(read_acpi_call "$ROOT")" "not called"
	# past the model's 256 KiB mapping: the AML exception, as the module says it
	assert_eq "$(call '\_SB.OVM1._ROM 0x3fff0 0x20')" "Error: AE_AML_REGION_LIMIT"
	assert_eq "$(call '\_SB.OVM6._ROM 0x0 0x2')" "Error: AE_AML_REGION_LIMIT"
	# 8 KiB answered, 42 values shown and the trailing ","
	assert_eq "$(call '\_SB.OVM6._ROM 0x0 0x400')" "{$(rom_values "$T/rom" 0 42),"
	# zeros past the image (8 KiB here), inside the mapping
	assert_eq "$(call '\_SB.OVM1._ROM 0x1ffe 4')" \
		"{$(rom_values "$T/rom" 8190 2), 0x00, 0x00}"
	assert_eq "$(call '\_SB.NOPE._ROM 0 4')" "Error: AE_NOT_FOUND"
	assert_eq "$(call '\_SB.OVM1._ROM "x" 4')" "Error: AE_AML_OPERAND_TYPE"
}

test_aml_whole_answer_with_big_buffer() {
	setup_aml --max-values 8192
	assert_eq "$(call '\_SB.OVM6._ROM 0x0 0x400')" "{$(rom_values "$T/rom" 0 8192)}"
}

# SPDX-License-Identifier: GPL-2.0-or-later
# Tool tests of dump_vbios_rom_acpi on the laptop fixture with the acpi_call stand-in.

GPU_ROM='\_SB.PCI0.PEG0.PEGP._ROM'

# mkrom_to FILE SPEC...: generate a test ROM
mkrom_to() {
	local out=$1
	shift
	"$B/tests/mkrom" "$@" -o "$out" || fail "mkrom $*"
}

# laptop ROM [fake options...]: fixture + responder serving ROM as the GPU's _ROM
laptop() {
	local rom=$1
	shift
	use_fixture laptop
	FAKE_ACPI_CALL_METHOD=$GPU_ROM
	start_fake_acpi_call "$ROOT" "$rom" --log "$T/calls.log" "$@"
}

dump() { run_tool dump_vbios_rom_acpi -s "$ROOT" "$@"; }

# Every logged _ROM request stays inside one 4 KiB page.
assert_no_page_crossing() {
	local method off len
	while read -r method off len; do
		[ "$method" = "$GPU_ROM" ] || fail "unexpected call: $method"
		if ((len > 0 && off / 4096 != (off + len - 1) / 4096)); then
			fail "request crosses a 4 KiB boundary: $off $len"
		fi
	done < "$T/calls.log"
}

# No request reaches beyond byte $1.
assert_no_read_past() {
	local method off len
	while read -r method off len; do
		((off + len <= $1)) || fail "read past $1: $off $len"
	done < "$T/calls.log"
}

test_single_image() {
	mkrom_to "$T/rom" -i x86:64K
	laptop "$T/rom"
	dump -o "$T/out.rom"
	assert_rc 0
	assert_stdout_empty
	assert_stderr_eq "dump_vbios_rom_acpi: wrote 65536 bytes to $T/out.rom"
	assert_files_eq "$T/rom" "$T/out.rom"
	assert_no_page_crossing
	assert_no_temp_files "$T"
}

test_multi_image_x86_efi() {
	mkrom_to "$T/rom" -i x86:60K -i efi:68K:x64
	laptop "$T/rom"
	dump -q -o "$T/out.rom"
	assert_rc 0
	assert_stderr_empty
	assert_files_eq "$T/rom" "$T/out.rom"
}

# NVIDIA layout: the PCIR says the EFI image is last, the NPDE says more follows.
test_npde_chain() {
	mkrom_to "$T/rom" -i x86:58K --sig bb77 -i efi:64K --pcir-last yes --npde \
		-i nve0:6K
	laptop "$T/rom"
	dump -q -o "$T/out.rom"
	assert_rc 0
	assert_files_eq "$T/rom" "$T/out.rom"
	[ "$(stat -c %s "$T/out.rom")" -eq $((128 * 1024)) ] || fail "size"
}

test_stops_at_last_image() {
	mkrom_to "$T/rom" -i x86:32K -i efi:32K --pad-to 256K
	head -c 65536 "$T/rom" > "$T/want"
	laptop "$T/rom"
	dump -q -o "$T/out.rom"
	assert_rc 0
	assert_files_eq "$T/want" "$T/out.rom"
	# nothing was asked for beyond the end of the last image
	assert_no_read_past 65536
}

test_stdout_output() {
	mkrom_to "$T/rom" -i x86:16K
	laptop "$T/rom"
	dump
	assert_rc 0
	assert_files_eq "$T/rom" "$T/stdout"
	assert_stderr_empty
}

test_page_boundary_garbage() {
	mkrom_to "$T/rom" -i x86:40K -i efi:24K
	laptop "$T/rom" --boundary-garbage
	dump -q -o "$T/out.rom"
	assert_rc 0
	assert_files_eq "$T/rom" "$T/out.rom"
	assert_no_page_crossing
}

test_larger_result_buffer_detected() {
	mkrom_to "$T/rom" -i x86:64K
	laptop "$T/rom" --max-values 512
	dump -v -o "$T/out.rom"
	assert_rc 0
	assert_files_eq "$T/rom" "$T/out.rom"
	assert_stderr_match "acpi_call returns at most 512 bytes a call"
	# 64 KiB in 512-byte calls plus a few header reads, not 1561 calls of 42
	[ "$(wc -l < "$T/calls.log")" -lt 200 ] || fail "did not use the larger buffer"
	assert_no_page_crossing
}

test_default_buffer_42() {
	mkrom_to "$T/rom" -i x86:8K
	laptop "$T/rom"
	dump -v -o "$T/out.rom"
	assert_rc 0
	assert_stderr_match "acpi_call returns at most 42 bytes a call"
	assert_stderr_match 'device 0000:01:00.0, ACPI method \\_SB\.PCI0\.PEG0\.PEGP\._ROM'
}

test_length_option() {
	mkrom_to "$T/rom" -i x86:64K
	laptop "$T/rom"
	dump -q -l 0x1000 -o "$T/out.rom"
	assert_rc 0
	head -c 4096 "$T/rom" > "$T/want"
	assert_files_eq "$T/want" "$T/out.rom"
}

test_length_not_a_rom_warns() {
	head -c 8192 /dev/zero > "$T/rom"
	laptop "$T/rom"
	dump -q -l 4K -o "$T/out.rom"
	assert_rc 0
	assert_stderr_match "warning: .*at offset 0x0"
}

test_verify() {
	mkrom_to "$T/rom" -i x86:16K -i efi:16K
	laptop "$T/rom"
	dump -v --verify -o "$T/out.rom"
	assert_rc 0
	assert_stderr_match "verified"
	assert_files_eq "$T/rom" "$T/out.rom"
}

# A second read that differs is invalid data (exit 2, as a bad ROM; it
# was 3 before the exit table was shared), and nothing is written.
test_verify_mismatch() {
	local n b
	mkrom_to "$T/rom" -i x86:16K -i efi:16K
	laptop "$T/rom"
	dump -q -o "$T/first.rom"
	assert_rc 0
	n=$(wc -l < "$T/calls.log")
	stop_fake_acpi_call
	rm -rf "$ROOT"
	laptop "$T/rom" --change-after "$n"
	echo old > "$T/out.rom"
	dump -q --verify -o "$T/out.rom"
	assert_rc 2
	b=$(tail -c 1 "$T/rom" | od -An -tu1 | tr -d ' ')
	assert_stderr_eq "$(printf 'dump_vbios_rom_acpi: verification mismatch at offset 0x7fff: 0x%02x, then 0x%02x' "$b" $((b ^ 255)))"
	assert_file_content "$T/out.rom" old
	assert_no_temp_files "$T"
}

test_explicit_device_and_path() {
	mkrom_to "$T/rom" -i x86:8K
	use_fixture laptop
	FAKE_ACPI_CALL_METHOD='\_SB.PCI0.XYZ._ROM'
	start_fake_acpi_call "$ROOT" "$T/rom"
	dump -q -d 0000:01:00.0 -p '\_SB_.PCI0.XYZ_' -o "$T/out.rom"
	assert_rc 0
	assert_files_eq "$T/rom" "$T/out.rom"
}

test_sysroot_from_environment() {
	mkrom_to "$T/rom" -i x86:8K
	laptop "$T/rom"
	OPTIMUS_VFIO_SYSROOT=$ROOT run_tool dump_vbios_rom_acpi -q -o "$T/out.rom"
	assert_rc 0
	assert_files_eq "$T/rom" "$T/out.rom"
}

test_acpi_call_not_loaded() {
	use_fixture laptop
	dump -o "$T/out.rom"
	assert_rc 1
	assert_stderr_eq "dump_vbios_rom_acpi: acpi_call is not loaded: $ROOT/proc/acpi/call: No such file or directory (try: modprobe acpi_call)"
	assert_no_file "$T/out.rom"
	assert_no_temp_files "$T"
}

test_rom_method_missing() {
	mkrom_to "$T/rom" -i x86:8K
	laptop "$T/rom" --missing-rom
	dump -o "$T/out.rom"
	assert_rc 1
	assert_stderr_match 'PEGP\._ROM: no such method \(AE_NOT_FOUND\)'
	assert_no_file "$T/out.rom"
}

test_rom_method_fails() {
	mkrom_to "$T/rom" -i x86:8K
	laptop "$T/rom" --error AE_AML_OPERAND_TYPE
	dump -o "$T/out.rom"
	assert_rc 1
	assert_stderr_match '_ROM at offset 0x0 failed: AE_AML_OPERAND_TYPE'
}

# A limit exception for every request shape at offset 0: the method never
# answered, so it is a failure (exit 1), not a ROM that ends early.
test_rom_limit_error_at_start() {
	mkrom_to "$T/rom" -i x86:8K
	laptop "$T/rom" --error AE_AML_BUFFER_LIMIT
	dump -o "$T/out.rom"
	assert_rc 1
	assert_stderr_eq 'dump_vbios_rom_acpi: \_SB.PCI0.PEG0.PEGP._ROM at offset 0x0 failed: AE_AML_BUFFER_LIMIT (with every request length tried)'
	# the 2-byte request, then 4096, then 1
	[ "$(calls_logged)" -eq 3 ] || fail "$(calls_logged) calls"
	assert_no_file "$T/out.rom"
}

calls_logged() { wc -l < "$T/calls.log"; }

test_failure_midway_keeps_old_file() {
	mkrom_to "$T/rom" -i x86:64K
	laptop "$T/rom" --fail-after 20
	echo "previous dump" > "$T/out.rom"
	dump -o "$T/out.rom"
	assert_rc 1
	assert_stderr_match 'failed: AE_AML_LOOP_TIMEOUT'
	assert_file_content "$T/out.rom" "previous dump"
	assert_no_temp_files "$T"
}

test_garbled_result() {
	mkrom_to "$T/rom" -i x86:8K
	laptop "$T/rom" --garble-after 5
	dump -o "$T/out.rom"
	assert_rc 1
	assert_stderr_match "garbled result from $ROOT/proc/acpi/call for '.*_ROM 0x"
	assert_no_file "$T/out.rom"
}

test_rom_ends_early() {
	mkrom_to "$T/rom" -i x86:64K
	laptop "$T/rom" --short-rom=8192
	dump -o "$T/out.rom"
	assert_rc 2
	assert_stderr_match 'ROM ends early: _ROM stopped answering at offset 0x2000 \(no data returned\); the image chain claims at least 0x10000 bytes$'
	assert_no_file "$T/out.rom"
}

test_bad_signature() {
	head -c 8192 /dev/zero > "$T/rom"
	laptop "$T/rom"
	dump -o "$T/out.rom"
	assert_rc 2
	assert_stderr_match 'at offset 0x0$'
	assert_no_file "$T/out.rom"
}

test_bad_second_image() {
	mkrom_to "$T/rom" -i x86:8K --pcir-last no -i x86:8K --sig 1234
	laptop "$T/rom"
	dump -o "$T/out.rom"
	assert_rc 2
	assert_stderr_match 'at offset 0x2000$'
}

test_invalid_device_address() {
	use_fixture laptop
	for a in ../01:00.0 01:00.0/.. 1:0.0 0000:01:00.8 '01:00.0 ' /sys; do
		dump -d "$a" -o "$T/out.rom"
		assert_rc 1
		assert_stderr_eq "dump_vbios_rom_acpi: invalid PCI address '$a': expected DDDD:BB:DD.F or BB:DD.F"
	done
	assert_no_file "$T/out.rom"
}

test_no_such_device() {
	use_fixture laptop
	dump -d 02:00.0 -o "$T/out.rom"
	assert_rc 1
	assert_stderr_eq "dump_vbios_rom_acpi: no such device: $ROOT/sys/bus/pci/devices/0000:02:00.0"
}

test_no_firmware_node() {
	use_fixture laptop
	dump -d 01:00.1 -o "$T/out.rom"
	assert_rc 1
	assert_stderr_eq "dump_vbios_rom_acpi: 0000:01:00.1 has no ACPI firmware node ($ROOT/sys/bus/pci/devices/0000:01:00.1/firmware_node/path missing); give --acpi-path"
}

test_bad_acpi_path() {
	use_fixture laptop
	dump -p '\_SB.PCI0/../x' -o "$T/out.rom"
	assert_rc 1
	assert_stderr_match "invalid ACPI path '.*': expected a path like"
}

test_no_nvidia_gpu() {
	use_fixture laptop
	rm "$ROOT/sys/bus/pci/devices/0000:01:00.0"
	dump -o "$T/out.rom"
	assert_rc 1
	assert_stderr_eq "dump_vbios_rom_acpi: no NVIDIA display device under $ROOT/sys/bus/pci/devices; give --device"
}

test_two_nvidia_gpus() {
	use_fixture laptop
	local pd=$ROOT/sys/devices/pci0000:00
	cp -a "$pd/0000:00:01.0/0000:01:00.0" "$pd/0000:02:00.0"
	ln -s ../../../devices/pci0000:00/0000:02:00.0 "$ROOT/sys/bus/pci/devices/0000:02:00.0"
	dump -o "$T/out.rom"
	assert_rc 1
	assert_stderr_match "2 NVIDIA display devices found; choose one with --device"
	assert_stderr_match "^  0000:01:00.0 10de:1c8d"
	assert_stderr_match "^  0000:02:00.0 10de:1c8d"
}

test_no_pci_bus() {
	mkdir -p "$T/r"
	run_tool dump_vbios_rom_acpi -s "$T/r" -o "$T/out.rom"
	assert_rc 1
	assert_stderr_match "^dump_vbios_rom_acpi: scan $T/r/sys/bus/pci: "
}

test_missing_sysroot() {
	run_tool dump_vbios_rom_acpi -s "$T/nonexistent" -o "$T/out.rom"
	assert_rc 1
	assert_stderr_eq "dump_vbios_rom_acpi: open sysroot $T/nonexistent: No such file or directory"
}

test_output_is_directory() {
	mkrom_to "$T/rom" -i x86:8K
	laptop "$T/rom"
	mkdir "$T/dir"
	dump -o "$T/dir"
	assert_rc 1
	assert_stderr_eq "dump_vbios_rom_acpi: create $T/dir: Is a directory"
	[ "$(wc -l < "$T/calls.log")" -eq 0 ] || fail "read the ROM before checking the output"
}

test_output_dir_missing() {
	use_fixture laptop
	dump -o "$T/no/such/out.rom"
	assert_rc 1
	assert_stderr_eq "dump_vbios_rom_acpi: create $T/no/such/out.rom: No such file or directory"
}

test_lock_held() {
	mkrom_to "$T/rom" -i x86:8K
	laptop "$T/rom"
	mkdir -p "$ROOT/run/lock"
	flock "$ROOT/run/lock/optimus-vfio-acpi_call.lock" sleep 5 &
	local holder=$!
	at_exit "kill $holder 2>/dev/null"
	sleep 0.3
	dump --lock-timeout 1 -o "$T/out.rom"
	assert_rc 1
	assert_stderr_eq "dump_vbios_rom_acpi: lock $ROOT/run/lock/optimus-vfio-acpi_call.lock: another program holds it (gave up after 1000 ms)"
	assert_no_file "$T/out.rom"
}

test_bad_length() {
	use_fixture laptop
	for l in 0 -5 12Q 64M abc; do
		dump -l "$l" -o "$T/out.rom"
		assert_rc 1
		assert_stderr_match "^dump_vbios_rom_acpi: invalid length '$l': expected 1 to 32 MiB"
	done
}

test_bad_option() {
	run_tool dump_vbios_rom_acpi --frobnicate
	assert_rc 1
	assert_stderr_match "^Try 'dump_vbios_rom_acpi --help'\.$"
	run_tool dump_vbios_rom_acpi extra-arg
	assert_rc 1
	assert_stderr_match "unexpected argument 'extra-arg'"
}

test_help_and_version() {
	run_tool dump_vbios_rom_acpi --help
	assert_rc 0
	assert_stdout_match '^Usage: dump_vbios_rom_acpi \[options\]'
	assert_stdout_match -- '--device ADDR'
	assert_stderr_empty
	run_tool dump_vbios_rom_acpi -V
	assert_rc 0
	assert_stdout_match '^dump_vbios_rom_acpi \(optimus-vfio\) [0-9]+\.[0-9]+\.[0-9]+$'
}

test_refuses_terminal() {
	command -v script > /dev/null || return 0
	use_fixture laptop
	script -qec "$B/dump_vbios_rom_acpi -s $ROOT" /dev/null > "$T/tty.out" 2>&1 && fail "rc 0"
	grep -q "refusing to write a binary ROM to a terminal" "$T/tty.out" ||
		fail "no refusal: $(cat "$T/tty.out")"
}

# The image signatures the library knows (ovf_rom_sig_ok): 55 aa, 77 bb, 56 4e.
test_signature_77bb() {
	mkrom_to "$T/rom" -i x86:8K --sig bb77 --pad-to 16K
	head -c 8192 "$T/rom" > "$T/want"
	laptop "$T/rom"
	dump -q -o "$T/out.rom"
	assert_rc 0
	assert_files_eq "$T/want" "$T/out.rom"
}

test_signature_564e() {
	mkrom_to "$T/rom" -i x86:8K --sig vn
	laptop "$T/rom"
	dump -q -o "$T/out.rom"
	assert_rc 0
	assert_files_eq "$T/rom" "$T/out.rom"
}

# The bytes 4e 56 ("NV") start an NVGI header, they are no image signature.
test_nv_bytes_refused() {
	mkrom_to "$T/rom" -i x86:8K --sig nv
	laptop "$T/rom"
	dump -o "$T/out.rom"
	assert_rc 2
	assert_stderr_match 'no ROM image signature \(55 aa, 77 bb or 56 4e\) at offset 0x0$'
	assert_no_file "$T/out.rom"
}

# Maxwell/Pascal MXM: the 0x70 image is not last; the EFI (GOP) images after
# it are part of the ROM a UEFI guest needs, and the dump ends after them.
test_nv70_then_efi() {
	mkrom_to "$T/rom" -i x86:16K --npde -i nv70:1K --pcir-last no -i efi:8K \
		-i efi:4K:ia32 --pad-to 64K
	head -c $((29 * 1024)) "$T/rom" > "$T/want"
	laptop "$T/rom"
	dump -q -o "$T/out.rom"
	assert_rc 0
	assert_files_eq "$T/want" "$T/out.rom"
	assert_no_read_past $((29 * 1024))
}

# An older ROM's 0x70 image flagged not last with nothing after it, the
# firmware's _ROM ending there too: the dump ends after the 0x70 image.
test_nv70_not_last_at_rom_end() {
	mkrom_to "$T/rom" -i x86:8K -i nv70:1K --pcir-last no
	laptop "$T/rom"
	dump -q -o "$T/out.rom"
	assert_rc 0
	assert_files_eq "$T/rom" "$T/out.rom"
}

# ... or padding after it: the dump still ends after the 0x70 image.
test_nv70_not_last_padded() {
	mkrom_to "$T/rom" -i x86:8K -i nv70:1K --pcir-last no --pad-to 64K
	head -c $((9 * 1024)) "$T/rom" > "$T/want"
	laptop "$T/rom"
	dump -q -o "$T/out.rom"
	assert_rc 0
	assert_files_eq "$T/want" "$T/out.rom"
	assert_no_read_past $((9 * 1024 + 2))
}

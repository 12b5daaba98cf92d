# SPDX-License-Identifier: GPL-2.0-or-later
# Hostile inputs found by the robustness work (issue 7) and not covered elsewhere:
# see tests/BAD-INPUT.md for the matrix.

# gpu-reset under the module-syscall shim, on the laptop fixture ($ROOT)
bi_gr() {
	LD_PRELOAD=$B/tests/kmod_shim.so OVF_KMOD_SHIM_LOG=$T/calls.log \
		OVF_KMOD_SHIM_ROOT=$ROOT run_tool gpu-reset -s "$ROOT" "$@"
}

# A config that another user can change would let them pick what root runs.
test_gpu_reset_refuses_writable_config() {
	use_fixture laptop
	mkdir -p "$ROOT/etc"
	printf 'steps = rescan\n' > "$ROOT/etc/optimus-vfio.conf"
	chmod 0666 "$ROOT/etc/optimus-vfio.conf"
	bi_gr -n
	assert_rc 1
	assert_stderr_eq "gpu-reset: refusing config $ROOT/etc/optimus-vfio.conf: writable by everyone"
	assert_stdout_empty
	chmod 0664 "$ROOT/etc/optimus-vfio.conf"
	chgrp 65534 "$ROOT/etc/optimus-vfio.conf"
	bi_gr -n
	assert_rc 1
	assert_stderr_eq "gpu-reset: refusing config $ROOT/etc/optimus-vfio.conf: writable by a group other than root"
	chown 65534 "$ROOT/etc/optimus-vfio.conf"
	chmod 0644 "$ROOT/etc/optimus-vfio.conf"
	bi_gr -n
	assert_rc 1
	assert_stderr_eq "gpu-reset: refusing config $ROOT/etc/optimus-vfio.conf: owned by another user"
	# --config FILE is held to the same rule; a directory is no config
	printf 'steps = rescan\n' > "$T/my.conf"
	chmod 0646 "$T/my.conf"
	bi_gr -n -c "$T/my.conf"
	assert_rc 1
	assert_stderr_eq "gpu-reset: refusing config $T/my.conf: writable by everyone"
	bi_gr -n -c "$T"
	assert_rc 1
	assert_stderr_eq "gpu-reset: refusing config $T: not a regular file"
	# root's own 0644 file is fine
	chown 0:0 "$ROOT/etc/optimus-vfio.conf"
	bi_gr -n
	assert_rc 0
	assert_stdout_match '^# rescan$'
}

# A link planted at a lock path (run/lock is world-writable) is not followed:
# the tool stops instead of creating or locking the link's target, and says
# which lock it could not take.
test_lock_symlink_not_followed() {
	use_fixture laptop
	mkdir -p "$ROOT/run/lock"
	ln -s /victim "$ROOT/run/lock/optimus-vfio-acpi_call.lock"
	ln -s /victim "$ROOT/run/lock/optimus-vfio-gpu-reset.lock"
	mkdir -p "$ROOT/proc/acpi"
	: > "$ROOT/proc/acpi/call"
	run_tool dump_vbios_rom_acpi -s "$ROOT" -o "$T/out.rom"
	assert_rc 1
	assert_stderr_eq "dump_vbios_rom_acpi: lock $ROOT/run/lock/optimus-vfio-acpi_call.lock: Too many levels of symbolic links"
	assert_stdout_empty
	assert_no_file "$T/out.rom"
	assert_no_file "$ROOT/victim"
	bi_gr --steps rescan
	assert_rc 1
	assert_stderr_eq "gpu-reset: lock $ROOT/run/lock/optimus-vfio-gpu-reset.lock: Too many levels of symbolic links"
	assert_no_file "$ROOT/victim"
	[ ! -s "$ROOT/sys/bus/pci/rescan" ] || fail "ran without the lock"
	# gpu-reset's power step takes the acpi_call lock too
	rm "$ROOT/run/lock/optimus-vfio-gpu-reset.lock"
	bi_gr --power acpi --steps power
	assert_rc 1
	grep -qxF "gpu-reset: lock $ROOT/run/lock/optimus-vfio-acpi_call.lock: Too many levels of symbolic links" \
		"$T/stderr" || fail "no message naming the acpi_call lock"
	assert_stderr_match '^gpu-reset: power: FAILED'
	assert_no_file "$ROOT/victim"
	[ -L "$ROOT/run/lock/optimus-vfio-acpi_call.lock" ] || fail "link replaced"
}

# iasl exits 0 but leaves a table that is no SSDT: found by clang-tidy
# (the buffer was freed twice); now a clean exit 2 and nothing written.
test_ssdt_iasl_succeeds_with_garbage() {
	cat > "$T/stub-iasl" <<'SH'
#!/bin/sh
for a; do f=$a; done
printf 'DSDT%060d' 0 > "${f%.asl}.aml"
exit 0
SH
	chmod +x "$T/stub-iasl"
	run_tool vfio-ssdt --guest-address 01:00.0 --bridge 00:01.0 --iasl "$T/stub-iasl" \
		-o "$T/new.aml"
	assert_rc 2
	assert_stderr_match '^vfio-ssdt: iasl succeeded but left no valid ssdt\.aml \(Invalid argument\)$'
	assert_no_file "$T/new.aml"
	assert_no_temp_files "$T"
}

# An output path that is a symlink to a file is refused: the link is never
# written through (a planted link must not aim root's write) and never
# replaced (it may be the user's own); the file it points at is untouched.
test_output_symlink_refused() {
	echo "precious" > "$T/target"
	ln -s "$T/target" "$T/out.asl"
	run_tool vfio-ssdt --guest-address 00:05.0 --asl -o "$T/out.asl"
	assert_rc 1
	assert_stderr_eq "vfio-ssdt: refusing to write $T/out.asl: it is a symbolic link to a regular file; expected a regular file, a new file, a FIFO or a character device"
	assert_file_content "$T/target" "precious"
	[ -L "$T/out.asl" ] || fail "link replaced"
	assert_no_temp_files "$T"
}

# The same for dump_vbios_rom_acpi -o, before any _ROM call: a link (here to
# a file in another directory) and a dangling link are refused, the target
# untouched and nothing created; a link to a directory is refused like a
# directory.
test_dump_output_symlink_refused() {
	use_fixture laptop
	"$B/tests/mkrom" -i x86:64K -o "$T/rom" || fail "mkrom"
	FAKE_ACPI_CALL_METHOD='\_SB.PCI0.PEG0.PEGP._ROM'
	start_fake_acpi_call "$ROOT" "$T/rom" --log "$T/calls.log"
	mkdir "$T/out" "$T/elsewhere" "$T/dir"
	echo "precious" > "$T/elsewhere/target"
	ln -s "$T/elsewhere/target" "$T/out/vbios.rom"
	run_tool dump_vbios_rom_acpi -s "$ROOT" -o "$T/out/vbios.rom"
	assert_rc 1
	assert_stderr_eq "dump_vbios_rom_acpi: refusing to write $T/out/vbios.rom: it is a symbolic link to a regular file; expected a regular file, a new file, a FIFO or a character device"
	assert_file_content "$T/elsewhere/target" "precious"
	[ -L "$T/out/vbios.rom" ] || fail "link replaced"
	ln -s "$T/elsewhere/nowhere" "$T/out/dangling.rom"
	run_tool dump_vbios_rom_acpi -s "$ROOT" -q -o "$T/out/dangling.rom"
	assert_rc 1
	assert_stderr_match "it is a dangling symbolic link;"
	assert_no_file "$T/elsewhere/nowhere"
	[ -L "$T/out/dangling.rom" ] || fail "dangling link replaced"
	ln -s "$T/dir" "$T/out/dirlink"
	run_tool dump_vbios_rom_acpi -s "$ROOT" -o "$T/out/dirlink"
	assert_rc 1
	assert_stderr_eq "dump_vbios_rom_acpi: create $T/out/dirlink: Is a directory"
	[ -L "$T/out/dirlink" ] || fail "link to a directory replaced"
	[ -z "$(ls -A "$T/dir")" ] || fail "wrote into the linked directory"
	[ ! -s "$T/calls.log" ] || fail "called _ROM before refusing the output"
	assert_no_temp_files "$T/out"
	assert_no_temp_files "$T/elsewhere"
}

# vfio-domain --file FIXTURE.xml -o OUT on the laptop fixture
bi_vd() {
	run_tool vfio-domain -s "$FIX/laptop" --rom /var/lib/optimus-vfio/vbios.rom \
		--file "$FIX/domains/$1.xml" --ssdt "/var/lib/optimus-vfio/ssdt/$1.aml" \
		-o "$2"
}

# vfio-domain --file ... -o: the same rule.
test_domain_output_symlink_refused() {
	mkdir "$T/out" "$T/elsewhere" "$T/dir"
	echo "precious" > "$T/elsewhere/target"
	ln -s "$T/elsewhere/target" "$T/out/win11.xml"
	bi_vd win11 "$T/out/win11.xml"
	assert_rc 1
	assert_stdout_empty
	assert_stderr_eq "vfio-domain: refusing to write $T/out/win11.xml: it is a symbolic link to a regular file; expected a regular file, a new file, a FIFO or a character device"
	assert_file_content "$T/elsewhere/target" "precious"
	[ -L "$T/out/win11.xml" ] || fail "link replaced"
	ln -s "$T/elsewhere/nowhere" "$T/out/dangling.xml"
	bi_vd win11 "$T/out/dangling.xml"
	assert_rc 1
	assert_no_file "$T/elsewhere/nowhere"
	[ -L "$T/out/dangling.xml" ] || fail "dangling link replaced"
	ln -s "$T/dir" "$T/out/dirlink"
	bi_vd win11 "$T/out/dirlink"
	assert_rc 1
	assert_stderr_eq "vfio-domain: create $T/out/dirlink: Is a directory"
	[ -L "$T/out/dirlink" ] || fail "link to a directory replaced"
	[ -z "$(ls -A "$T/dir")" ] || fail "wrote into the linked directory"
	assert_no_temp_files "$T/out"
	assert_no_temp_files "$T/elsewhere"
}

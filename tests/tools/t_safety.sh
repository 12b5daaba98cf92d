# SPDX-License-Identifier: GPL-2.0-or-later
# Tool tests of what every tool shares: output paths that are not files, empty sysroots, signals, stdout errors, closed fds, numbers, echoed values.

GPU_ROM='\_SB.PCI0.PEG0.PEGP._ROM'

# The laptop fixture serving a 64 KiB ROM as the GPU's _ROM.
sf_laptop() {
	use_fixture laptop
	"$B/tests/mkrom" -i x86:64K -o "$T/rom" || fail "mkrom"
	FAKE_ACPI_CALL_METHOD=$GPU_ROM
	start_fake_acpi_call "$ROOT" "$T/rom" --log "$T/calls.log" "$@"
}

sf_dump() { run_tool dump_vbios_rom_acpi -s "$ROOT" "$@"; }
sf_ssdt() { run_tool vfio-ssdt --guest-address 00:05.0 --asl "$@"; }
sf_domain() {
	run_tool vfio-domain -s "$FIX/laptop" --rom /var/lib/optimus-vfio/vbios.rom \
		--file "$FIX/domains/win11.xml" --ssdt /var/lib/optimus-vfio/ssdt/win11.aml "$@"
}

# A character device node of our own: the null device (1,3), in $T.
sf_null() {
	mknod "$T/null" c 1 3 || fail "mknod"
	NULLDEV=$T/null
}

assert_chardev() { [ -c "$1" ] || fail "$1 is no longer a character device"; }

# Run the tool with its stdout into a pipe, the pipe's reader saving to $T/piped.
run_piped() {
	local prog=$1
	shift
	RC=0
	OPTIMUS_VFIO_SYSROOT=${OPTIMUS_VFIO_SYSROOT:-$T/empty-root} \
		"${VALGRIND_CMD[@]}" "$B/$prog" "$@" 2> "$T/stderr" < /dev/null | cat > "$T/piped"
	RC=${PIPESTATUS[0]}
}

# -o onto a character device writes through it (as `cat > /dev/null`) and
# leaves the node a node: dump, vfio-ssdt, vfio-domain.
test_output_chardev_written_through() {
	sf_laptop
	sf_null
	sf_dump -q -o "$NULLDEV"
	assert_rc 0
	assert_chardev "$NULLDEV"
	assert_no_temp_files "$T"
	sf_ssdt -o "$NULLDEV"
	assert_rc 0
	assert_chardev "$NULLDEV"
	sf_domain -o "$NULLDEV"
	assert_rc 0
	assert_chardev "$NULLDEV"
	run_tool vbios-info -q -x "$NULLDEV" "$T/rom"
	assert_rc 0
	assert_chardev "$NULLDEV"
	assert_no_temp_files "$T"
}

# -o onto a FIFO: its reader gets the whole output, the FIFO stays.
test_output_fifo_written_through() {
	local reader
	sf_laptop
	mkfifo "$T/fifo"
	timeout 20 cat "$T/fifo" > "$T/got" &
	reader=$!
	sf_dump -q -o "$T/fifo"
	assert_rc 0
	wait "$reader"
	[ -p "$T/fifo" ] || fail "FIFO replaced"
	assert_files_eq "$T/rom" "$T/got"
	timeout 20 cat "$T/fifo" > "$T/got" &
	reader=$!
	sf_ssdt -o "$T/fifo"
	assert_rc 0
	wait "$reader"
	[ -p "$T/fifo" ] || fail "FIFO replaced"
	grep -q DefinitionBlock "$T/got" || fail "no table through the FIFO"
	timeout 20 cat "$T/fifo" > "$T/got" &
	reader=$!
	sf_domain -o "$T/fifo"
	assert_rc 0
	wait "$reader"
	[ -p "$T/fifo" ] || fail "FIFO replaced"
	assert_files_eq "$FIX/domains/win11.expected.xml" "$T/got"
	assert_no_temp_files "$T"
}

# A link to the tool's own stdout (/dev/stdout, /proc/self/fd/1) on a pipe
# is written through; the link is never replaced.
test_output_stdout_link_written_through() {
	sf_laptop
	ln -s /proc/self/fd/1 "$T/stdout-link"
	run_piped dump_vbios_rom_acpi -s "$ROOT" -q -o "$T/stdout-link"
	[ "$RC" -eq 0 ] || fail "exit $RC: $(cat "$T/stderr")"
	[ -L "$T/stdout-link" ] || fail "link replaced"
	assert_files_eq "$T/rom" "$T/piped"
	run_piped vfio-ssdt --guest-address 00:05.0 --asl -o /proc/self/fd/1
	[ "$RC" -eq 0 ] || fail "exit $RC: $(cat "$T/stderr")"
	grep -q DefinitionBlock "$T/piped" || fail "no table on the pipe"
	assert_no_temp_files "$T"
}

# What is neither a file nor a stream is refused before any work: a socket,
# a block device, a link to a regular file (never written through, never
# replaced), a dangling link, an empty path.
test_output_refused_kinds() {
	local t
	sf_laptop
	perl -MIO::Socket::UNIX -e \
		'IO::Socket::UNIX->new(Type => SOCK_STREAM(), Local => $ARGV[0], Listen => 1) or die "$!"' \
		"$T/sock" || fail "socket"
	mknod "$T/blk" b 7 250 || fail "mknod"
	echo precious > "$T/target"
	ln -s "$T/target" "$T/link"
	ln -s "$T/nowhere" "$T/dangling"
	for t in sock:"a socket" blk:"a block device" link:"a symbolic link to a regular file" \
		dangling:"a dangling symbolic link"; do
		sf_dump -o "$T/${t%%:*}"
		assert_rc 1
		assert_stderr_eq "dump_vbios_rom_acpi: refusing to write $T/${t%%:*}: it is ${t#*:}; expected a regular file, a new file, a FIFO or a character device"
		sf_ssdt -o "$T/${t%%:*}"
		assert_rc 1
		assert_stderr_match "^vfio-ssdt: refusing to write $T/${t%%:*}: it is ${t#*:};"
		sf_domain -o "$T/${t%%:*}"
		assert_rc 1
		assert_stderr_match "^vfio-domain: refusing to write $T/${t%%:*}: it is ${t#*:};"
		run_tool vbios-info -q -x "$T/${t%%:*}" "$T/rom"
		assert_rc 1
		assert_stderr_match "^vbios-info: refusing to write $T/${t%%:*}: it is ${t#*:};"
	done
	[ -S "$T/sock" ] && [ -b "$T/blk" ] && [ -L "$T/link" ] && [ -L "$T/dangling" ] ||
		fail "a refused path was changed"
	assert_file_content "$T/target" precious
	assert_no_file "$T/nowhere"
	sf_dump -o ''
	assert_rc 1
	assert_stderr_match '^dump_vbios_rom_acpi: empty output path'
	sf_ssdt -o ''
	assert_rc 1
	assert_stderr_match '^vfio-ssdt: empty output path'
	sf_domain -o ''
	assert_rc 1
	assert_stderr_match '^vfio-domain: empty output path'
	run_tool vbios-info -x '' "$T/rom"
	assert_rc 1
	assert_stderr_match '^vbios-info: empty output path'
	[ ! -s "$T/calls.log" ] || fail "called _ROM before refusing the output"
	assert_no_temp_files "$T"
}

# --sysroot '' is an error in every tool that takes it, never the live
# system; so is an empty OPTIMUS_VFIO_SYSROOT. Read-only or dry-run forms only.
test_empty_sysroot_refused() {
	local tool args
	"$B/tests/mkrom" -i x86:64K -o "$T/rom" || fail "mkrom"
	for tool in "dump_vbios_rom_acpi|-o $T/x.rom" "gpu-reset|-n --no-config" \
		"pci-override|--set none -n" "vbios-info|-d 01:00.0 $T/rom" "vfio-doctor|" \
		"vfio-domain|--gpu 01:00.0 --file $FIX/domains/win11.xml --dry-run"; do
		args=${tool#*|}
		tool=${tool%%|*}
		# shellcheck disable=SC2086
		run_tool "$tool" -s '' $args
		[ "$RC" -ne 0 ] || fail "$tool -s '': exit 0"
		assert_stderr_match "^$tool: empty --sysroot: expected a directory"
		RC=0
		# shellcheck disable=SC2086
		OPTIMUS_VFIO_SYSROOT='' "${VALGRIND_CMD[@]}" "$B/$tool" $args \
			> "$T/stdout" 2> "$T/stderr" < /dev/null || RC=$?
		[ "$RC" -ne 0 ] || fail "$tool with OPTIMUS_VFIO_SYSROOT='': exit 0"
		assert_stderr_match "^$tool: OPTIMUS_VFIO_SYSROOT is set but empty"
	done
	assert_no_file "$T/x.rom"
}

# wait_for FILE: until it exists (5 s at most)
wait_for() {
	local i
	for ((i = 0; i < 100; i++)); do
		[ -e "$1" ] && return 0
		sleep 0.05
	done
	fail "$1 did not appear"
}

# A signal during a dump (here while _ROM does not answer) removes the
# temporary output file and exits 128 + the signal.
test_signal_during_dump_leaves_no_temp() {
	local pid rc sig tmp
	for sig in TERM HUP; do
		rm -rf "$T/root"
		FAKE_ACPI_CALL_PID=
		sf_laptop --pidfile "$T/fake.pid"
		wait_for "$T/fake.pid"
		kill -STOP "$(cat "$T/fake.pid")"
		mkdir -p "$T/out"
		"$B/dump_vbios_rom_acpi" -s "$ROOT" -q -o "$T/out/vbios.rom" \
			2> "$T/stderr" < /dev/null &
		pid=$!
		for ((i = 0; i < 100; i++)); do
			tmp=$(find "$T/out" -name '.vbios.rom.*' | head -n 1)
			[ -n "$tmp" ] && break
			sleep 0.05
		done
		[ -n "$tmp" ] || fail "no temporary file during the dump"
		sleep 0.2
		kill -"$sig" "$pid"
		rc=0
		wait "$pid" || rc=$?
		kill -CONT "$(cat "$T/fake.pid")"
		[ "$rc" -eq $((128 + $(kill -l "$sig"))) ] || fail "SIG$sig: exit $rc"
		assert_no_temp_files "$T/out"
		assert_no_file "$T/out/vbios.rom"
		stop_fake_acpi_call
	done
}

# A signal while vfio-ssdt waits for iasl stops iasl, removes the work
# directory from TMPDIR and exits 128 + the signal; SIGINT too (perl puts
# it back to default: a shell's background job starts with it ignored).
test_signal_during_iasl_cleans_up() {
	local pid rc sig
	mkdir "$T/tmp"
	printf '#!/bin/sh\necho $$ > "%s/iasl.pid"\nexec sleep 30\n' "$T" > "$T/slow-iasl"
	chmod +x "$T/slow-iasl"
	for sig in INT TERM HUP; do
		rm -f "$T/iasl.pid"
		TMPDIR=$T/tmp perl -e '$SIG{INT} = "DEFAULT"; exec @ARGV or die' \
			"$B/vfio-ssdt" --guest-address 00:05.0 --iasl "$T/slow-iasl" -q \
			-o "$T/out.aml" 2> "$T/stderr" < /dev/null &
		pid=$!
		wait_for "$T/iasl.pid"
		[ -n "$(ls -A "$T/tmp")" ] || fail "no work directory while iasl runs"
		kill -"$sig" "$pid"
		rc=0
		wait "$pid" || rc=$?
		[ "$rc" -eq $((128 + $(kill -l "$sig"))) ] || fail "SIG$sig: exit $rc"
		[ -z "$(ls -A "$T/tmp")" ] || fail "SIG$sig: left in TMPDIR: $(ls -A "$T/tmp")"
		! kill -0 "$(cat "$T/iasl.pid")" 2> /dev/null || fail "SIG$sig: iasl still runs"
		assert_no_file "$T/out.aml"
		assert_no_temp_files "$T"
	done
}

# stdout that cannot be written (/dev/full, closed) fails the tool with a
# message, in every tool that prints; --help too.
test_stdout_errors_reported() {
	local cmd
	use_fixture laptop
	"$B/tests/mkrom" -i x86:64K -o "$T/rom" || fail "mkrom"
	for cmd in "vbios-info -j $T/rom" "vbios-info $T/rom" "gpu-reset -s $ROOT -n -j --no-config" \
		"gpu-reset -s $ROOT -n --no-config" "pci-override -s $ROOT --status" \
		"vfio-doctor -s $ROOT" "vfio-ssdt --guest-address 00:05.0 --asl" \
		"vfio-domain -s $ROOT --rom /r.rom --file $FIX/domains/win11.xml --ssdt /s.aml" \
		"vbios-info --help" "dump_vbios_rom_acpi --version"; do
		RC=0
		# shellcheck disable=SC2086
		"${VALGRIND_CMD[@]}" "$B/"$cmd > /dev/full 2> "$T/stderr" < /dev/null || RC=$?
		[ "$RC" -ne 0 ] || fail "$cmd > /dev/full: exit 0"
		assert_stderr_match "write error: stdout: No space left on device$"
		# valgrind holds fds of its own: under it a closed fd 1 is not closed for the tool
		[ ${#VALGRIND_CMD[@]} -eq 0 ] || continue
		RC=0
		# shellcheck disable=SC2086
		"$B/"$cmd >&- 2> "$T/stderr" < /dev/null || RC=$?
		[ "$RC" -ne 0 ] || fail "$cmd >&-: exit 0"
		assert_stderr_match "write error: stdout"
	done
}

# With 0, 1 or 2 closed at start, no message ends up in the output file.
test_closed_std_fds_keep_output_clean() {
	local how
	sf_laptop
	for how in '>&- 2>&-' '2>&-' '<&- >&- 2>&-'; do
		RC=0
		rm -f "$T/out.rom" "$T/out.asl"
		eval '"${VALGRIND_CMD[@]}" "$B/dump_vbios_rom_acpi" -s "$ROOT" -v -o "$T/out.rom" '"$how" ||
			RC=$?
		assert_rc 0
		assert_files_eq "$T/rom" "$T/out.rom"
		RC=0
		eval '"${VALGRIND_CMD[@]}" "$B/vfio-ssdt" --guest-address 00:05.0 --asl -o "$T/out.asl" '"$how" ||
			RC=$?
		assert_rc 0
		! grep -q 'vfio-ssdt:' "$T/out.asl" || fail "a message went into the table ($how)"
	done
}

# Numbers are decimal unless 0x: a leading zero is not octal.
test_numbers_decimal() {
	sf_laptop
	sf_dump -q -l 0777 -o "$T/out.rom"
	assert_rc 0
	[ "$(stat -c %s "$T/out.rom")" = 777 ] || fail "-l 0777 read $(stat -c %s "$T/out.rom") bytes"
	sf_dump -q -l 0x200 -o "$T/out.rom"
	assert_rc 0
	[ "$(stat -c %s "$T/out.rom")" = 512 ] || fail "-l 0x200 read $(stat -c %s "$T/out.rom") bytes"
	sf_dump -q --lock-timeout 08 -l 512 -o "$T/out.rom"
	assert_rc 0
	run_tool gpu-reset -s "$ROOT" -n --no-config --rescan-timeout 08
	assert_rc 0
}

# getopt's own messages name the tool as ours do, not the path it ran from.
test_getopt_short_name() {
	local tool
	for tool in dump_vbios_rom_acpi vbios-info vfio-ssdt pci-override gpu-reset vfio-domain vfio-doctor; do
		run_tool "$tool" --frobnicate
		assert_rc 1
		assert_stderr_match "^$tool: unrecognized option '--frobnicate'$"
	done
}

# A value echoed in a message is bounded and shows control bytes escaped.
test_echoed_values_bounded() {
	local long tool v
	long=$(head -c 100000 /dev/zero | tr '\0' 'x')
	"$B/tests/mkrom" -i x86:64K -o "$T/rom" || fail "mkrom"
	for tool in dump_vbios_rom_acpi vbios-info pci-override vfio-doctor; do
		for v in "$long" $'01:00.0\e[31m'; do
			case $tool in
			pci-override) run_tool "$tool" "$v" ;;
			vbios-info) run_tool "$tool" -d "$v" "$T/rom" ;;
			*) run_tool "$tool" -d "$v" ;;
			esac
			[ "$RC" -ne 0 ] || fail "$tool: exit 0"
			[ "$(wc -c < "$T/stderr")" -lt 400 ] || fail "$tool: $(wc -c < "$T/stderr") bytes of message"
			! grep -q $'\e' "$T/stderr" || fail "$tool: raw escape byte in the message"
		done
		assert_stderr_match "^$tool: invalid PCI address '01:00\\.0\\\\x1b\\[31m': expected DDDD:BB:DD\\.F or BB:DD\\.F$"
		case $tool in
		pci-override) run_tool "$tool" "$long" ;;
		vbios-info) run_tool "$tool" -d "$long" "$T/rom" ;;
		*) run_tool "$tool" -d "$long" ;;
		esac
		assert_stderr_match "^$tool: invalid PCI address 'x{64}\\.\\.\\.\\(100000 bytes\\)': expected DDDD:BB:DD\\.F or BB:DD\\.F$"
	done
}

# A signal during gpu-reset never leaves the GPU off the bus: here SIGTERM
# arrives while the bridge is being removed; the run stops before the rescan
# step, restores (rescans: the devices are back), and exits 128 + 15.
test_signal_during_reset_restores() {
	local pid rc pre
	use_fixture laptop
	pre="$B/tests/fault_shim.so $B/tests/kmod_shim.so"
	rm -f "$ROOT/sys/bus/pci/rescan"
	: > "$ROOT/sys/bus/pci/rescan"
	LD_PRELOAD=$pre OVF_FAULT="0000:00:01.0/remove:write:stall=$T/stalled" \
		OVF_KMOD_SHIM_LOG=$T/calls.log OVF_KMOD_SHIM_ROOT=$ROOT \
		"$B/gpu-reset" -s "$ROOT" --no-config --steps remove,rescan --json \
		> "$T/stdout" 2> "$T/stderr" < /dev/null &
	pid=$!
	wait_for "$T/stalled"
	kill -TERM "$pid"
	sleep 0.2
	rm -f "$T/stalled"
	rc=0
	wait "$pid" || rc=$?
	[ "$rc" -eq 143 ] || fail "exit $rc, expected 143: $(cat "$T/stderr")"
	assert_stderr_match '^gpu-reset: stopped by signal 15 \(Terminated\) before the rescan step$'
	assert_stderr_match '^gpu-reset: restoring: rescanning the bus$'
	assert_file_content "$ROOT/sys/bus/pci/rescan" 1
	jq -e '.outcome == "restored" and (.error.message | test("stopped by signal 15"))' \
		"$T/stdout" > /dev/null || fail "JSON: $(cat "$T/stdout")"
}

# A signal while vfio-domain waits for the iasl it runs in-process stops
# iasl and removes the work directory; nothing is written.
test_signal_during_domain_build_cleans_up() {
	local pid rc sig
	mkdir "$T/tmp"
	printf '#!/bin/sh\necho $$ > "%s/ssdt.pid"\nexec sleep 30\n' "$T" > "$T/slow-ssdt"
	chmod +x "$T/slow-ssdt"
	for sig in TERM HUP; do
		rm -f "$T/ssdt.pid"
		TMPDIR=$T/tmp "$B/vfio-domain" -s "$FIX/laptop" --rom /var/lib/optimus-vfio/vbios.rom \
			--file "$FIX/domains/win11.xml" --state-dir "$T/state" \
			--iasl "$T/slow-ssdt" -o "$T/out.xml" 2> "$T/stderr" < /dev/null &
		pid=$!
		wait_for "$T/ssdt.pid"
		[ -n "$(ls -A "$T/tmp")" ] || fail "no work directory while iasl runs"
		kill -"$sig" "$pid"
		rc=0
		wait "$pid" || rc=$?
		[ "$rc" -eq $((128 + $(kill -l "$sig"))) ] || fail "SIG$sig: exit $rc"
		[ -z "$(ls -A "$T/tmp")" ] || fail "SIG$sig: left in TMPDIR: $(ls -A "$T/tmp")"
		! kill -0 "$(cat "$T/ssdt.pid")" 2> /dev/null || fail "SIG$sig: iasl still runs"
		assert_no_file "$T/state/ssdt/win11.aml"
		assert_no_file "$T/out.xml"
	done
}

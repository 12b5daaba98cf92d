# SPDX-License-Identifier: GPL-2.0-or-later
# Tool tests for vbios-extract: --rom-file, --firmware (raw candidates), --rom-bar (sysfs rom modelled by romattr_shim), --debugfs.

GPU=sys/bus/pci/devices/0000:01:00.0

mkrom() {
	"$B/tests/mkrom" "$@" || fail "mkrom $* failed"
}

# Run a python3 expression over the JSON in $T/stdout (skipped without python3).
json_check() {
	command -v python3 > /dev/null 2>&1 || return 0
	python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
if not eval(sys.argv[2]):
    sys.exit("JSON check failed: " + sys.argv[2])
' "$T/stdout" "$1" || fail "json: $1"
}

ve() { run_tool vbios-extract "$@"; }

# rombar ARGS...: vbios-extract with `rom` behaving as the kernel's
# (romattr_shim) and the fault injector first (FAULT=RULES, fault_shim.c).
rombar() {
	local pre="$B/tests/fault_shim.so $B/tests/romattr_shim.so"
	[ -f "$B/tests/romattr_shim.so" ] || fail "no romattr_shim.so (make check builds it)"
	LD_PRELOAD=$pre OVF_ROMATTR=1 OVF_FAULT=${FAULT:-} run_tool vbios-extract "$@"
}

# The laptop fixture with a ROM in the GPU's `rom` (disabled, as after boot).
rom_fixture() {
	use_fixture laptop
	mkrom --image x86:32K --npde --image efi:16K -o "$T/good.rom"
	rm -f "$ROOT/$GPU/rom"
	cp "$T/good.rom" "$ROOT/$GPU/rom"
	echo 0 > "$ROOT/$GPU/rom.enabled"
}

# The laptop fixture with nouveau on the GPU, its DRM card 1 and debugfs.
debugfs_fixture() {
	use_fixture laptop
	mkrom --image x86:32K --npde --image efi:16K -o "$T/good.rom"
	mkdir -p "$ROOT/sys/bus/pci/drivers/nouveau" "$ROOT/sys/class/drm/card0" \
		"$ROOT/sys/class/drm/card1" "$ROOT/sys/kernel/debug/dri/0" \
		"$ROOT/sys/kernel/debug/dri/1"
	ln -sfn ../../../../bus/pci/drivers/nouveau "$ROOT/$GPU/driver"
	ln -s ../../../devices/pci0000:00/0000:00:02.0 "$ROOT/sys/class/drm/card0/device"
	ln -s ../../../devices/pci0000:00/0000:00:01.0/0000:01:00.0 "$ROOT/sys/class/drm/card1/device"
	printf 'IGPU' > "$ROOT/sys/kernel/debug/dri/0/vbios.rom"
	cp "$T/good.rom" "$ROOT/sys/kernel/debug/dri/1/vbios.rom"
}

test_help_and_version() {
	ve --help
	assert_rc 0
	assert_stdout_match '^Usage: vbios-extract \[options\] SOURCE -o OUT$'
	assert_stdout_match '^      --rom-bar '
	ve -V
	assert_rc 0
	assert_stdout_match '^vbios-extract \(optimus-vfio\) '
}

test_usage_errors() {
	mkrom --image x86:4K -o "$T/a.rom"
	ve -o "$T/out.rom"
	assert_rc 1
	assert_stderr_match '^vbios-extract: no source: give --firmware FILE, --rom-bar, --debugfs or --rom-file FILE$'
	assert_stderr_match "Try 'vbios-extract --help'"
	ve --rom-file "$T/a.rom" --rom-bar -o "$T/out.rom"
	assert_rc 1
	assert_stderr_match '^vbios-extract: --rom-file and --rom-bar exclude each other: give one source$'
	ve --rom-file "$T/a.rom" --rom-file "$T/a.rom" -o "$T/out.rom"
	assert_rc 1
	assert_stderr_match '^vbios-extract: --rom-file given twice: give one source$'
	ve --rom-file "$T/a.rom"
	assert_rc 1
	assert_stderr_match 'no output: give -o FILE, or --list'
	ve --rom-file "$T/a.rom" --list -o "$T/out.rom"
	assert_rc 1
	assert_stderr_match '^vbios-extract: --list writes nothing: give --list or -o, not both$'
	ve --rom-file "$T/a.rom" --device-id 1c8 -o "$T/out.rom"
	assert_rc 1
	assert_stderr_match "^vbios-extract: invalid --device-id '1c8': expected 4 hex digits"
	ve --rom-file "$T/a.rom" -d 1:0.0 -o "$T/out.rom"
	assert_rc 1
	assert_stderr_match '1:0\.0'
	ve --rom-file "$T/a.rom" -o "$T/out.rom" extra
	assert_rc 1
	assert_no_file "$T/out.rom"
}

# A download-site file: NVGI header, the chain, 0xff padding. The chain is
# cut out whole and the provenance line says what went.
test_rom_file_cuts_header_and_padding() {
	mkrom --image x86:32K --npde --image efi:16K -o "$T/bare.rom"
	mkrom --image x86:32K --npde --image efi:16K --nvgi 0x400 --pad-to 128K -o "$T/gpuz.rom"
	ve --rom-file "$T/gpuz.rom" -o "$T/out.rom"
	assert_rc 0
	assert_files_eq "$T/bare.rom" "$T/out.rom"
	assert_stdout_eq "vbios-extract: wrote $T/out.rom: 10de:1c8d, 2 images, 49152 bytes, from $T/gpuz.rom: offset 0x400, cut 0x400 bytes before (NVIDIA NVGI header), cut 80896 trailing bytes (padding 0xff)"
	# no GPU under the (empty) root: said, not an error
	assert_stderr_match '^vbios-extract: no target GPU \(.*\): the ROM.s IDs are not checked; give -d ADDR to check them$'
	assert_no_temp_files "$T"
}

test_rom_file_bare_checked_against_gpu() {
	use_fixture laptop
	mkrom --image x86:32K --image efi:16K -o "$T/a.rom"
	ve -s "$ROOT" --rom-file "$T/a.rom" -o "$T/out.rom"
	assert_rc 0
	assert_stderr_empty
	assert_files_eq "$T/a.rom" "$T/out.rom"
	assert_stdout_match 'from .*/a\.rom: offset 0x0, nothing cut$'
	ve -q -s "$ROOT" --rom-file "$T/a.rom" -o "$T/out2.rom"
	assert_rc 0
	assert_stdout_empty
	assert_stderr_empty
}

test_rom_file_other_device_needs_force() {
	use_fixture laptop
	mkrom --image x86:32K:10de:1c8c -o "$T/a.rom"
	ve -s "$ROOT" -d 01:00.0 --rom-file "$T/a.rom" -o "$T/out.rom"
	assert_rc 2
	assert_stderr_match '^vbios-extract: the ROM is for 10de:1c8c, but 0000:01:00.0 is 10de:1c8d; --force writes it anyway$'
	assert_stderr_match "^vbios-extract: nothing written to $T/out.rom$"
	assert_no_file "$T/out.rom"
	ve -s "$ROOT" -d 01:00.0 --force --rom-file "$T/a.rom" -o "$T/out.rom"
	assert_rc 0
	assert_stderr_match 'warning: the ROM is for 10de:1c8c, but 0000:01:00.0 is 10de:1c8d \(written, --force\)'
	assert_files_eq "$T/a.rom" "$T/out.rom"
}

test_rom_file_bad_input() {
	echo "old" > "$T/out.rom"
	head -c 70000 /dev/urandom | tr -d '\125' > "$T/noise.bin"
	ve --rom-file "$T/noise.bin" -o "$T/out.rom"
	assert_rc 2
	assert_stderr_match "^vbios-extract: cut $T/noise\.bin: no PCI option ROM \(55 aa and a PCIR\) at offset 0 nor at any 512-byte boundary"
	assert_file_content "$T/out.rom" old

	mkrom --image x86:32K --image efi:16K --truncate 40K -o "$T/cut.rom"
	ve --rom-file "$T/cut.rom" -o "$T/out.rom"
	assert_rc 2
	assert_stderr_match "^vbios-extract: cut $T/cut\.rom: the image chain from offset 0x0 is truncated: it needs at least 0xc000 bytes, the source ends at 0xa000$"
	assert_file_content "$T/out.rom" old

	mkrom --image x86:32K --image efi:16K --pcir-last no --pad-to 64K -o "$T/nolast.rom"
	ve --rom-file "$T/nolast.rom" -o "$T/out.rom"
	assert_rc 2
	assert_stderr_match "^vbios-extract: cut $T/nolast\.rom: image 1 \(ends at 0xc000\) is not flagged last, and no image follows it: the chain is incomplete$"
	assert_file_content "$T/out.rom" old

	mkrom --image x86:32K --bad-checksum -o "$T/sum.rom"
	ve --rom-file "$T/sum.rom" -o "$T/out.rom"
	assert_rc 2
	assert_stderr_match 'image 0 at offset 0x0: x86 checksum is bad .*; --force writes it anyway$'
	assert_file_content "$T/out.rom" old

	ve --rom-file "$T/missing.rom" -o "$T/out.rom"
	assert_rc 1
	assert_stderr_match "^vbios-extract: read $T/missing\.rom: No such file or directory$"
	assert_file_content "$T/out.rom" old
	assert_no_temp_files "$T"
}

# A raw dump with two NVIDIA SKUs and an iGPU GOP: all listed; picking
# needs --device-id, or the target GPU's IDs.
multi_fw() {
	mkrom --image x86:8K:10de:1c8d --image efi:8K -o "$T/a.rom"
	mkrom --image x86:8K:10de:1c8c --image efi:8K -o "$T/b.rom"
	mkrom --image x86:8K:8086:3e9b --image efi:8K -o "$T/gop.rom"
	head -c 4096 /dev/zero > "$T/pad"
	cat "$T/pad" "$T/a.rom" "$T/pad" "$T/gop.rom" "$T/b.rom" "$T/pad" > "$T/fw.bin"
}

test_firmware_list_and_json() {
	multi_fw
	ve --firmware "$T/fw.bin" --list
	assert_rc 0
	assert_stdout_match "^0: NVIDIA display ROM 10de:1c8d, class 030000, 2 images, 16384 bytes, last-image flag yes, $T/fw.bin, offset 0x1000$"
	assert_stdout_match "^1: other display ROM 8086:3e9b, .*offset 0x6000$"
	assert_stdout_match "^2: NVIDIA display ROM 10de:1c8c, .*offset 0xa000$"
	[ "$(wc -l < "$T/stdout")" -eq 3 ] || fail "expected 3 candidates"
	ve --firmware "$T/fw.bin" --list --json
	assert_rc 0
	json_check 'len(d["candidates"]) == 3 and d["candidates"][2]["device"] == "1c8c"'
	json_check 'd["candidates"][1]["kind"] == "other display ROM" and d["target"] is None'
	json_check 'd["candidates"][0]["offset"] == 4096 and "error" not in d'
}

test_firmware_picking() {
	multi_fw
	ve --firmware "$T/fw.bin" -o "$T/out.rom"
	assert_rc 1
	assert_stderr_match "^vbios-extract: several candidates: pick one with --device-id:$"
	assert_stderr_match "^vbios-extract:   2: NVIDIA display ROM 10de:1c8c"
	assert_no_file "$T/out.rom"
	ve --firmware "$T/fw.bin" --device-id 10de:1c8c -o "$T/out.rom"
	assert_rc 0
	assert_files_eq "$T/b.rom" "$T/out.rom"
	assert_stdout_match "^vbios-extract: wrote $T/out.rom: 10de:1c8c, 2 images, 16384 bytes, from $T/fw.bin, offset 0xa000$"
	ve --firmware "$T/fw.bin" --device-id 25a0 -o "$T/out2.rom"
	assert_rc 2
	assert_stderr_match '^vbios-extract: no candidate has device ID 25a0; the candidates:$'
	assert_no_file "$T/out2.rom"
	# the GOP only on request, and then only with --force
	ve --firmware "$T/fw.bin" --device-id 3e9b -o "$T/out2.rom"
	assert_rc 2
	assert_stderr_match 'candidate 1 \(8086:3e9b, other display ROM\) is not an NVIDIA display ROM; --force writes it anyway'
	assert_no_file "$T/out2.rom"
	ve --firmware "$T/fw.bin" --device-id 3e9b --force -o "$T/out2.rom"
	assert_rc 0
	assert_files_eq "$T/gop.rom" "$T/out2.rom"
	# the laptop's GPU is 10de:1c8d: it picks
	use_fixture laptop
	ve -s "$ROOT" --firmware "$T/fw.bin" -o "$T/out3.rom" --json
	assert_rc 0
	assert_files_eq "$T/a.rom" "$T/out3.rom"
	json_check 'd["picked"] == 0 and d["target"]["address"] == "0000:01:00.0" and d["output"].endswith("out3.rom")'
}

test_firmware_none_found() {
	mkrom --image x86:8K:8086:3e9b -o "$T/gop.rom"
	ve --firmware "$T/gop.rom" -o "$T/out.rom"
	assert_rc 2
	assert_stderr_match '^vbios-extract: no NVIDIA display ROM among the 1 candidate \(--list shows them; --device-id picks another kind\)$'
	assert_no_file "$T/out.rom"
	head -c 8192 /dev/zero > "$T/zero.bin"
	ve --firmware "$T/zero.bin" -o "$T/out.rom" --json
	assert_rc 2
	assert_stderr_match "^vbios-extract: scan $T/zero\.bin: no vBIOS found"
	json_check 'd["candidates"] == [] and "no vBIOS found" in d["error"]["message"]'
	assert_no_file "$T/out.rom"
}

# Output safety: checked before any work; a device node is never replaced.
test_output_safety() {
	mkrom --image x86:8K -o "$T/a.rom"
	ve --rom-file "$T/a.rom" -o "$T/no/such/dir/out.rom"
	assert_rc 1
	assert_stderr_match "$T/no/such/dir/out\.rom"
	echo keep > "$T/target"
	ln -s "$T/target" "$T/link"
	ve --rom-file "$T/a.rom" -o "$T/link"
	assert_rc 1
	assert_stderr_match 'symbolic link to a regular file'
	assert_file_content "$T/target" keep
	[ -L "$T/link" ] || fail "the link was replaced"
	mknod "$T/blk" b 7 250 || skip "cannot mknod"
	ve --rom-file "$T/a.rom" -o "$T/blk"
	assert_rc 1
	assert_stderr_match 'block device'
	[ -b "$T/blk" ] || fail "the block device node was replaced"
	mknod "$T/null" c 1 3
	ve --rom-file "$T/a.rom" -o "$T/null"
	assert_rc 0
	[ -c "$T/null" ] || fail "the character device node was replaced"
	mkdir "$T/dir"
	ve --rom-file "$T/a.rom" -o "$T/dir"
	assert_rc 1
	assert_no_temp_files "$T"
}

test_rom_bar_reads_and_disables() {
	rom_fixture
	rombar -s "$ROOT" --rom-bar -o "$T/out.rom"
	assert_rc 0
	assert_files_eq "$T/good.rom" "$T/out.rom"
	assert_stdout_eq "vbios-extract: wrote $T/out.rom: 10de:1c8d, 2 images, 49152 bytes, from $ROOT/$GPU/rom: offset 0x0, nothing cut"
	assert_file_content "$ROOT/$GPU/rom.log" "$(printf 'enable\ndisable')"
	assert_file_content "$ROOT/$GPU/rom.enabled" 0
	assert_files_eq "$T/good.rom" "$ROOT/$GPU/rom"
}

test_rom_bar_io_error_disables_again() {
	rom_fixture
	echo old > "$T/out.rom"
	FAULT="0000:01:00.0/rom:read:EIO" rombar -s "$ROOT" --rom-bar -d 01:00.0 -o "$T/out.rom"
	assert_rc 1
	assert_stderr_match "^vbios-extract: read $ROOT/$GPU/rom: Input/output error \(the ROM BAR gave nothing: on muxless laptops the vBIOS is in the system firmware; try --firmware, or dump_vbios_rom_acpi\)$"
	assert_stderr_match "nothing written to $T/out.rom"
	assert_file_content "$T/out.rom" old
	assert_file_content "$ROOT/$GPU/rom.log" "$(printf 'enable\ndisable')"
	assert_file_content "$ROOT/$GPU/rom.enabled" 0
}

test_rom_bar_unreadable() {
	rom_fixture
	FAULT="$GPU/rom:open-read:EACCES" rombar -s "$ROOT" --rom-bar -o "$T/out.rom"
	assert_rc 1
	assert_stderr_match "^vbios-extract: open $ROOT/$GPU/rom: Permission denied$"
	assert_no_file "$T/out.rom"
	assert_file_content "$ROOT/$GPU/rom.enabled" 0
	# the enable itself refused: nothing to undo
	rm -f "$ROOT/$GPU/rom.log"
	FAULT="$GPU/rom:open-write:EACCES" rombar -s "$ROOT" --rom-bar -o "$T/out.rom"
	assert_rc 1
	assert_stderr_match "^vbios-extract: enable $ROOT/$GPU/rom: Permission denied$"
	assert_no_file "$ROOT/$GPU/rom.log"
	# no rom attribute at all (a device without a ROM BAR)
	rm -f "$ROOT/$GPU/rom"
	rombar -s "$ROOT" --rom-bar -o "$T/out.rom"
	assert_rc 1
	assert_stderr_match "^vbios-extract: enable $ROOT/$GPU/rom: No such file or directory$"
	assert_no_file "$T/out.rom"
}

test_rom_bar_garbage_is_not_written() {
	rom_fixture
	head -c 4096 /dev/zero > "$ROOT/$GPU/rom"
	rombar -s "$ROOT" --rom-bar -o "$T/out.rom"
	assert_rc 2
	assert_stderr_match "^vbios-extract: cut $ROOT/$GPU/rom: no PCI option ROM"
	assert_no_file "$T/out.rom"
	assert_file_content "$ROOT/$GPU/rom.enabled" 0
}

# A signal while `rom` is enabled: acted on after the "0", exit 128 + 15.
test_rom_bar_signal_disables_first() {
	local pid rc i
	rom_fixture
	LD_PRELOAD="$B/tests/fault_shim.so $B/tests/romattr_shim.so" OVF_ROMATTR=1 \
		OVF_FAULT="0000:01:00.0/rom:read:stall=$T/stalled" OPTIMUS_VFIO_SYSROOT=$ROOT \
		"$B/vbios-extract" --rom-bar -o "$T/out.rom" > "$T/stdout" 2> "$T/stderr" &
	pid=$!
	for ((i = 0; i < 100; i++)); do
		[ -e "$T/stalled" ] && break
		sleep 0.05
	done
	[ -e "$T/stalled" ] || fail "the read did not stall"
	assert_file_content "$ROOT/$GPU/rom.enabled" 1
	kill -TERM "$pid"
	sleep 0.2
	rm -f "$T/stalled"
	rc=0
	wait "$pid" || rc=$?
	[ "$rc" -eq 143 ] || fail "exit $rc, expected 143: $(cat "$T/stderr")"
	assert_file_content "$ROOT/$GPU/rom.enabled" 0
	assert_file_content "$ROOT/$GPU/rom.log" "$(printf 'enable\ndisable')"
	assert_no_file "$T/out.rom"
	assert_no_temp_files "$T"
}

test_debugfs_reads_nouveaus_copy() {
	debugfs_fixture
	ve -s "$ROOT" --debugfs -o "$T/out.rom"
	assert_rc 0
	assert_files_eq "$T/good.rom" "$T/out.rom"
	assert_stdout_eq "vbios-extract: wrote $T/out.rom: 10de:1c8d, 2 images, 49152 bytes, from $ROOT/sys/kernel/debug/dri/1/vbios.rom: offset 0x0, nothing cut"
	ve -s "$ROOT" --debugfs --list
	assert_rc 0
	assert_stdout_match '^0: NVIDIA display ROM 10de:1c8d'
}

test_debugfs_bad_input() {
	debugfs_fixture
	ln -sfn ../../../../bus/pci/drivers/nvidia "$ROOT/$GPU/driver"
	ve -s "$ROOT" --debugfs -o "$T/out.rom"
	assert_rc 1
	assert_stderr_match "^vbios-extract: read $ROOT/$GPU/driver: 0000:01:00.0 is driven by nvidia, not nouveau$"
	rm "$ROOT/$GPU/driver"
	ve -s "$ROOT" --debugfs -o "$T/out.rom"
	assert_rc 1
	assert_stderr_match "no driver is bound to 0000:01:00.0, nouveau's copy needs nouveau$"
	ln -s ../../../../bus/pci/drivers/nouveau "$ROOT/$GPU/driver"
	rm -r "$ROOT/sys/kernel/debug/dri"
	ve -s "$ROOT" --debugfs -o "$T/out.rom"
	assert_rc 1
	assert_stderr_match "^vbios-extract: find $ROOT/sys/kernel/debug/dri: no such directory: debugfs is not mounted \(mount it: mount -t debugfs none /sys/kernel/debug\)$"
	mkdir -p "$ROOT/sys/kernel/debug/dri/1"
	ve -s "$ROOT" --debugfs -o "$T/out.rom"
	assert_rc 1
	assert_stderr_match "^vbios-extract: open $ROOT/sys/kernel/debug/dri/1/vbios.rom: No such file or directory$"
	rm "$ROOT/sys/class/drm/card1/device"
	ve -s "$ROOT" --debugfs -o "$T/out.rom"
	assert_rc 1
	assert_stderr_match "^vbios-extract: find $ROOT/sys/class/drm: no DRM card's device is 0000:01:00.0$"
	assert_no_file "$T/out.rom"
	# a copy that is no ROM
	ln -s ../../../devices/pci0000:00/0000:00:01.0/0000:01:00.0 "$ROOT/sys/class/drm/card1/device"
	mkrom --image x86:32K --image efi:16K --truncate 20K -o "$ROOT/sys/kernel/debug/dri/1/vbios.rom"
	ve -s "$ROOT" --debugfs -o "$T/out.rom"
	assert_rc 2
	assert_stderr_match "cut $ROOT/sys/kernel/debug/dri/1/vbios\.rom: the image chain from offset 0x0 is truncated"
	assert_no_file "$T/out.rom"
}

test_rom_bar_needs_a_gpu() {
	ve --rom-bar -o "$T/out.rom"
	assert_rc 1
	assert_no_file "$T/out.rom"
	use_fixture laptop
	ve -s "$ROOT" --rom-bar -d 05:00.0 -o "$T/out.rom"
	assert_rc 1
	assert_stderr_match '05:00\.0'
	assert_no_file "$T/out.rom"
}

# The "0" itself refused: the ROM is left enabled, said so with what to do
# by hand (exit 4), and what was read is not written.
test_rom_bar_disable_fails() {
	rom_fixture
	FAULT="$GPU/rom:open-write:EACCES@2" rombar -s "$ROOT" --rom-bar -o "$T/out.rom"
	assert_rc 4
	assert_stderr_match "^vbios-extract: disable $ROOT/$GPU/rom: Permission denied; the ROM BAR is left enabled: write 0 to it by hand \(echo 0 > $ROOT/$GPU/rom\)$"
	assert_no_file "$T/out.rom"
	assert_file_content "$ROOT/$GPU/rom.enabled" 1
}

test_firmware_unreadable() {
	ve --firmware "$T/missing.bin" -o "$T/out.rom"
	assert_rc 1
	assert_stderr_match "^vbios-extract: read $T/missing\.bin: No such file or directory$"
	assert_no_file "$T/out.rom"
	mkdir "$T/d"
	ve --firmware "$T/d" --list
	assert_rc 1
	assert_stderr_match "$T/d: Is a directory"
}

# A failed read and then a refused "0": the BAR left enabled is what is said.
test_rom_bar_read_and_disable_fail() {
	rom_fixture
	FAULT="0000:01:00.0/rom:read:EIO;$GPU/rom:open-write:EACCES@2" \
		rombar -s "$ROOT" --rom-bar -o "$T/out.rom"
	assert_rc 4
	assert_stderr_match "^vbios-extract: disable $ROOT/$GPU/rom: Permission denied; the ROM BAR is left enabled"
	assert_no_file "$T/out.rom"
}

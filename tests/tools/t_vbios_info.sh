# SPDX-License-Identifier: GPL-2.0-or-later
# Tool tests for vbios-info, on ROMs written by build/tests/mkrom at test time.

mkrom() {
	"$B/tests/mkrom" "$@" || fail "mkrom $* failed"
}

have_python() {
	command -v python3 > /dev/null 2>&1
}

# Run a python3 expression over the JSON in $T/stdout (skipped without python3).
json_check() {
	have_python || return 0
	python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
if not eval(sys.argv[2]):
    sys.exit("JSON check failed: " + sys.argv[2])
' "$T/stdout" "$1" || fail "json: $1"
}

test_table_single_x86() {
	mkrom --image x86:64K -o "$T/a.rom"
	run_tool vbios-info "$T/a.rom"
	assert_rc 0
	assert_stderr_empty
	assert_stdout_match '^IDX +OFFSET +LENGTH +SIG +PCIR +TYPE +ID +LAST +CHECKSUM$'
	assert_stdout_match '^0 +0x0000000 0x0010000 aa55 PCIR x86 \(PC-AT\) +10de:1c8d yes +ok$'
	assert_stdout_match 'class 030000, code revision 0x0001, PCIR at 0x20$'
	assert_stdout_match '^total: 1 image, 0x10000 bytes \(65536\)$'
}

test_table_x86_efi_padded() {
	mkrom --image x86:64K --npde --image efi:960K:x64:compressed --npde \
		--pcir-last yes --pad-to 2M -o "$T/a.rom"
	run_tool vbios-info "$T/a.rom"
	assert_rc 0
	assert_stdout_match '^0 +0x0000000 0x0010000 aa55 PCIR x86 \(PC-AT\) +10de:1c8d no +ok$'
	assert_stdout_match '^1 +0x0010000 0x00f0000 aa55 PCIR EFI +10de:1c8d yes +ok$'
	assert_stdout_match 'NPDE at 0x40 sets length and last flag'
	assert_stdout_match 'NPDE at 0x10040 '
	assert_stdout_match 'EFI: machine X64 \(0x8664\), compressed, subsystem 0x000b, image at \+0x0060$'
	assert_stdout_match '^total: 2 images, 0x100000 bytes \(1048576\), 1048576 trailing bytes$'
}

# The layout of NVIDIA ROMs: PCIR ends the chain at EFI, NPDE continues it.
test_nvidia_chain() {
	mkrom --image x86:4K --npde --image efi:8K:arm64 --pcir-last yes --npde \
		--image nve0:2K --sig bb77 --pcir-sig NPDS --npde \
		--image nv70:1K --sig vn -o "$T/a.rom"
	run_tool vbios-info "$T/a.rom"
	assert_rc 0
	assert_stdout_match '^1 +0x0001000 0x0002000 aa55 PCIR EFI +10de:1c8d no +ok$'
	assert_stdout_match 'EFI: machine AARCH64 \(0xaa64\), uncompressed'
	assert_stdout_match '^2 +0x0003000 0x0000800 bb77 NPDS NVIDIA 0xE0 +10de:1c8d no +ok$'
	assert_stdout_match '^3 +0x0003800 0x0000400 4e56 PCIR NVIDIA 0x70 +10de:1c8d yes +ok$'
	assert_stdout_match '^total: 4 images, 0x3c00 bytes'
}

test_big_rom() {
	mkrom --image x86:64K --image efi:1984K -o "$T/a.rom"
	[ "$(stat -c %s "$T/a.rom")" = 2097152 ] || fail "mkrom size"
	run_tool vbios-info "$T/a.rom"
	assert_rc 0
	assert_stdout_match '^1 +0x0010000 0x01f0000 aa55 PCIR EFI '
	assert_stdout_match '^total: 2 images, 0x200000 bytes \(2097152\)$'
}

test_pci_names() {
	grep -q '^	1c8d  GP107M' /usr/share/misc/pci.ids 2> /dev/null || return 0
	mkrom --image x86:4K -o "$T/a.rom"
	run_tool vbios-info "$T/a.rom"
	assert_rc 0
	# the name pci.ids gives the ID in the ROM, not a product name
	assert_stdout_match '^    pci.ids name of the ID in the ROM: NVIDIA Corporation GP107M'
}

test_json() {
	mkrom --image x86:64K --npde --image efi:64K:x64:compressed -o "$T/a.rom"
	run_tool vbios-info --json "$T/a.rom"
	assert_rc 0
	assert_stderr_empty
	assert_stdout_match '"code_type_name": "x86 \(PC-AT\)"'
	if have_python; then
		python3 -m json.tool "$T/stdout" > /dev/null || fail "invalid JSON"
	fi
	json_check 'd["image_count"] == 2 and len(d["images"]) == 2'
	json_check 'd["total_length"] == 131072 and d["trailing_bytes"] == 0'
	json_check 'd["images"][0]["vendor"] == "10de" and d["images"][0]["device"] == "1c8d"'
	json_check 'd["images"][0]["npde"] == {"offset": 64} and d["images"][1]["npde"] is None'
	json_check 'd["images"][0]["efi"] is None and d["images"][0]["checksum_ok"]'
	json_check 'd["images"][1]["efi"]["machine_name"] == "X64" and d["images"][1]["efi"]["compressed"]'
	json_check 'd["images"][1]["offset"] == 65536 and d["images"][1]["last"]'
	json_check '"device" not in d'
}

test_json_escapes_file_name() {
	mkrom --image x86:4K -o "$T/we\"ird\\name.rom"
	run_tool vbios-info -j "$T/we\"ird\\name.rom"
	assert_rc 0
	assert_stdout_match 'we\\"ird\\\\name\.rom'
	json_check 'd["file"].endswith("we\"ird\\name.rom")'
}

test_device_match() {
	use_fixture laptop
	mkrom --image x86:64K -o "$T/a.rom"
	run_tool vbios-info -s "$ROOT" -d 01:00.0 "$T/a.rom"
	assert_rc 0
	assert_stderr_empty
	assert_stdout_match '^device 0000:01:00.0: 10de:1c8d, subsystem 1025:118b: matches the ROM$'
}

test_device_match_env_sysroot() {
	use_fixture laptop
	mkrom --image x86:64K -o "$T/a.rom"
	OPTIMUS_VFIO_SYSROOT=$ROOT run_tool vbios-info --device 0000:01:00.0 --json "$T/a.rom"
	assert_rc 0
	json_check 'd["device"]["match"] and d["device"]["subsystem_vendor"] == "1025"'
	json_check 'd["device"]["subsystem_device"] == "118b" and d["device"]["rom_image"] == 0'
}

test_device_mismatch() {
	use_fixture laptop
	mkrom --image x86:64K:10de:1c8c --image efi:4K -o "$T/a.rom"
	run_tool vbios-info -s "$ROOT" -d 01:00.0 "$T/a.rom"
	assert_rc 2
	assert_stdout_match 'does NOT match the ROM$'
	assert_stderr_eq "vbios-info: $T/a.rom: ROM is for 10de:1c8c (image 0 at offset 0x0), but 0000:01:00.0 is 10de:1c8d"
}

test_device_mismatch_quiet() {
	use_fixture laptop
	mkrom --image x86:64K -o "$T/a.rom"
	run_tool vbios-info -q --sysroot "$ROOT" -d 00:02.0 "$T/a.rom"
	assert_rc 2
	assert_stdout_empty
	assert_stderr_match 'ROM is for 10de:1c8d .*but 0000:00:02.0 is 8086:3e9b$'
}

test_device_skips_images_without_id() {
	use_fixture laptop
	mkrom --image x86:4K:ffff:ffff --image efi:4K -o "$T/a.rom"
	run_tool vbios-info -s "$ROOT" -d 01:00.0 "$T/a.rom"
	assert_rc 0
	assert_stdout_match 'matches the ROM$'
}

test_device_missing() {
	use_fixture laptop
	mkrom --image x86:4K -o "$T/a.rom"
	run_tool vbios-info -s "$ROOT" -d 05:00.0 "$T/a.rom"
	assert_rc 1
	assert_stdout_empty
	assert_stderr_match "^vbios-info: read $ROOT/sys/bus/pci/devices/0000:05:00.0: "
}

test_device_bad_address() {
	mkrom --image x86:4K -o "$T/a.rom"
	run_tool vbios-info -d 1:2:3 "$T/a.rom"
	assert_rc 1
	assert_stderr_eq "vbios-info: invalid PCI address '1:2:3': expected DDDD:BB:DD.F or BB:DD.F"
}

test_stdin() {
	mkrom --image x86:8K -o "$T/a.rom"
	STDIN=$T/a.rom run_tool vbios-info
	assert_rc 0
	assert_stdout_match '^total: 1 image, 0x2000 bytes'
	STDIN=$T/a.rom run_tool vbios-info -
	assert_rc 0
	assert_stdout_match '^total: 1 image, 0x2000 bytes'
}

test_stdin_malformed_names_stdin() {
	printf 'hello' > "$T/x"
	STDIN=$T/x run_tool vbios-info
	assert_rc 2
	assert_stderr_match '^vbios-info: parse <stdin>: image 0 at offset 0x0: '
}

test_empty_file() {
	: > "$T/empty.rom"
	run_tool vbios-info "$T/empty.rom"
	assert_rc 2
	assert_stdout_empty
	assert_stderr_eq "vbios-info: parse $T/empty.rom: empty file"
}

test_truncated() {
	mkrom --image x86:64K --truncate 40000 -o "$T/a.rom"
	run_tool vbios-info "$T/a.rom"
	assert_rc 2
	assert_stdout_empty
	assert_stderr_eq "vbios-info: parse $T/a.rom: image 0 at offset 0x0: ROM ends inside an image (file has 0x9c40 bytes, the image chain needs at least 0x10000)"
}

test_truncated_in_second_header() {
	mkrom --image x86:4K --image efi:4K --truncate 4100 -o "$T/a.rom"
	run_tool vbios-info "$T/a.rom"
	assert_rc 2
	assert_stderr_match 'image 1 at offset 0x1000: ROM ends inside an image \(file has 0x1004 bytes, the image chain needs at least 0x101a\)$'
}

test_garbage() {
	head -c 5000 /dev/zero | tr '\0' 'x' > "$T/g.rom"
	run_tool vbios-info "$T/g.rom"
	assert_rc 2
	assert_stdout_empty
	assert_stderr_match "^vbios-info: parse $T/g.rom: image 0 at offset 0x0: no ROM image signature"
}

test_bad_second_signature() {
	mkrom --image x86:4K --pcir-last no --pad-to 8K -o "$T/a.rom"
	run_tool vbios-info "$T/a.rom"
	assert_rc 2
	assert_stderr_match 'image 1 at offset 0x1000: no ROM image signature .*\(at offset 0x1000\)$'
}

test_bad_pcir_pointer() {
	mkrom --image x86:4K --pcir-ptr 0x10 -o "$T/a.rom"
	run_tool vbios-info "$T/a.rom"
	assert_rc 2
	assert_stderr_match 'image 0 at offset 0x0: PCI data structure pointer outside the image \(at offset 0x18\)$'
	mkrom --image x86:4K --pcir-ptr 0xfff0 -o "$T/b.rom"
	run_tool vbios-info "$T/b.rom"
	assert_rc 2
	assert_stderr_match 'PCI data structure pointer outside the image'
}

test_bad_pcir_signature() {
	mkrom --image x86:4K --image x86:4K --pcir-sig ABCD -o "$T/a.rom"
	run_tool vbios-info "$T/a.rom"
	assert_rc 2
	assert_stderr_match 'image 1 at offset 0x1000: no PCI data structure .*\(at offset 0x1020\)$'
}

test_zero_length() {
	mkrom --image x86:4K --pcir-length 0 -o "$T/a.rom"
	run_tool vbios-info "$T/a.rom"
	assert_rc 2
	assert_stderr_match 'image length is zero \(at offset 0x30\)$'
}

test_too_many_images() {
	local args=() i
	for ((i = 0; i < 33; i++)); do
		args+=(--image x86:512)
	done
	mkrom "${args[@]}" -o "$T/a.rom"
	run_tool vbios-info "$T/a.rom"
	assert_rc 2
	assert_stderr_match 'image 32 at offset 0x4000: too many images'
}

test_bad_checksum() {
	mkrom --image x86:4K --bad-checksum --image efi:4K -o "$T/a.rom"
	run_tool vbios-info "$T/a.rom"
	assert_rc 2
	assert_stdout_match '^0 .* x86 \(PC-AT\) .* BAD$'
	assert_stderr_match '^vbios-info: .*/a.rom: image 0 at offset 0x0: x86 checksum is bad \(the 0x1000 bytes a BIOS checks sum to 0x[0-9a-f]{2}, not 0\)$'
}

test_efi_checksum_not_required() {
	mkrom --image x86:4K --image efi:4K --bad-checksum -o "$T/a.rom"
	run_tool vbios-info "$T/a.rom"
	assert_rc 0
	assert_stdout_match '^1 .* EFI .* yes +-$'
}

test_nonexistent_file() {
	run_tool vbios-info "$T/nope.rom"
	assert_rc 1
	assert_stdout_empty
	assert_stderr_eq "vbios-info: read $T/nope.rom: No such file or directory"
}

test_directory() {
	run_tool vbios-info "$T"
	assert_rc 1
	assert_stderr_eq "vbios-info: read $T: Is a directory"
}

test_file_not_modified() {
	mkrom --image x86:4K -o "$T/a.rom"
	cp "$T/a.rom" "$T/orig.rom"
	chmod 0444 "$T/a.rom"
	run_tool vbios-info "$T/a.rom"
	assert_rc 0
	assert_files_eq "$T/a.rom" "$T/orig.rom"
}

test_quiet() {
	mkrom --image x86:4K -o "$T/a.rom"
	run_tool vbios-info -q "$T/a.rom"
	assert_rc 0
	assert_stdout_empty
	assert_stderr_empty
}

test_bad_option() {
	run_tool vbios-info --bogus
	assert_rc 1
	assert_stdout_empty
	assert_stderr_match "^Try 'vbios-info --help'\.$"
}

test_too_many_arguments() {
	run_tool vbios-info a b
	assert_rc 1
	assert_stderr_match "^Try 'vbios-info --help'"
}

test_help() {
	run_tool vbios-info --help
	assert_rc 0
	assert_stderr_empty
	assert_stdout_match '^Usage: vbios-info \[options\] \[FILE\|-\]$'
	run_tool vbios-info -h
	assert_rc 0
}

test_version() {
	run_tool vbios-info -V
	assert_rc 0
	assert_stdout_match '^vbios-info \(optimus-vfio\) [0-9]'
}

test_mkrom_deterministic() {
	mkrom --image x86:8K --image efi:8K --seed 5 -o "$T/a.rom"
	mkrom --image x86:8K --image efi:8K --seed 5 -o "$T/b.rom"
	mkrom --image x86:8K --image efi:8K --seed 6 -o "$T/c.rom"
	assert_files_eq "$T/a.rom" "$T/b.rom"
	! cmp -s "$T/a.rom" "$T/c.rom" || fail "seed has no effect"
}

test_mkrom_rejects_bad_specs() {
	"$B/tests/mkrom" --image x86:1000 -o "$T/a.rom" 2> "$T/stderr" && fail "size not multiple of 512 accepted"
	"$B/tests/mkrom" --npde -o "$T/a.rom" 2> "$T/stderr" && fail "--npde without --image accepted"
	"$B/tests/mkrom" --image bogus:4K -o "$T/a.rom" 2> "$T/stderr" && fail "bad type accepted"
	return 0
}

. "$TOP/tests/tools/json.sh"

# Issue 11.10: with --json every failure is one object with an error member,
# the exit status unchanged.
test_json_under_errors() {
	run_tool vbios-info --json "$T/none.rom"
	assert_rc 1
	assert_json_error ".error.path == \"$T/none.rom\" and .file == \"$T/none.rom\" and
		(.error.message | test(\"No such file\"))"
	: > "$T/empty.rom"
	run_tool vbios-info --json "$T/empty.rom"
	assert_rc 2
	assert_json_error ".error.path == \"$T/empty.rom\" and .file_length == 0"
	mkrom --image x86:64K -o "$T/a.rom"
	head -c 1000 "$T/a.rom" > "$T/short.rom"
	run_tool vbios-info --json "$T/short.rom"
	assert_rc 2
	assert_json_error '.error.message | test("needs at least")'
	run_tool vbios-info --json -d 1:0.0 "$T/a.rom"
	assert_rc 1
	assert_json_error '.error.message | test("invalid PCI address")'
	use_fixture laptop
	run_tool vbios-info --json -s "$ROOT" -d 02:00.0 "$T/a.rom"
	assert_rc 1
	assert_json_error ".error.path == \"$ROOT/sys/bus/pci/devices/0000:02:00.0\""
	# the whole record, and the error
	mkrom --image x86:64K --bad-checksum -o "$T/bad.rom"
	run_tool vbios-info --json "$T/bad.rom"
	assert_rc 2
	assert_json_error '.image_count == 1 and (.error.message | test("checksum is bad"))'
	mkrom --image x86:64K:10de:1c8c -o "$T/other.rom"
	run_tool vbios-info --json -s "$ROOT" -d 01:00.0 "$T/other.rom"
	assert_rc 2
	assert_json_error '.device.match == false and (.error.message | test("ROM is for 10de:1c8c"))'
	run_tool vbios-info --json "$T/a.rom"
	assert_rc 0
	assert_json_clean
	# the command line's own syntax errors print no JSON (documented)
	run_tool vbios-info --json "$T/a.rom" "$T/a.rom"
	assert_rc 1
	assert_stdout_empty
}

# A file name that is not UTF-8: each bad byte becomes U+FFFD.
test_json_invalid_utf8_file_name() {
	mkrom --image x86:4K -o "$T/a"$'\xff'"b.rom"
	run_tool vbios-info --json "$T/a"$'\xff'"b.rom"
	assert_rc 0
	assert_json_clean ".file == \"$T/a\\ufffdb.rom\""
	run_tool vbios-info --json "$T/x"$'\xc3\x28'".rom"
	assert_rc 1
	assert_json_error ".error.path == \"$T/x\\ufffd(.rom\""
}

# --- Real vBIOS file shapes (nvflash / download-site files, flash dumps) ---

# The images of an MXM ROM: x86 with NPDE, 0x70 not last, EFI (GOP).
MXM=(--image x86:60K --npde --image nv70:1K --pcir-last no --image efi:30K)

# nvflash files: an NVGI header, the ROM at a varying 512-byte multiple.
test_nvgi_header_offsets() {
	local off hex
	for off in 1024 1536 2560 17920 37888 165376; do
		hex=$(printf '0x%x' "$off")
		mkrom --nvgi "$off" "${MXM[@]}" -o "$T/a.rom"
		run_tool vbios-info "$T/a.rom"
		assert_rc 0
		assert_stderr_empty
		assert_stdout_match "^ROM at offset $hex, after an NVIDIA NVGI header \\($hex bytes\\)$"
		assert_stdout_match "^    a guest needs the ROM alone: vbios-info --extract OUT $T/a.rom$"
		assert_stdout_match "^0 +$(printf '0x%07x' "$off") 0x000f000 aa55 PCIR x86 "
		assert_stdout_match "^2 +$(printf '0x%07x' $((off + 61 * 1024))) 0x0007800 aa55 PCIR EFI .* yes +ok$"
		assert_stdout_match "^    class 030000, code revision 0x0001, PCIR at $(printf '0x%x' $((off + 32)))$"
		assert_stdout_match "^total: 3 images, 0x16c00 bytes \\(93184\\) from offset $hex$"
	done
}

# A full flash layout: the ROM at 0x35400, no header the parser knows.
# From standard input, the cut command reads standard input too.
test_nvgi_stdin_hint() {
	mkrom --nvgi 1024 --image x86:4K -o "$T/a.rom"
	STDIN=$T/a.rom run_tool vbios-info
	assert_rc 0
	assert_stdout_match '^    a guest needs the ROM alone: vbios-info --extract OUT -$'
}

test_flash_layout() {
	mkrom --flash-prefix 218112 --image x86:64K --image efi:64K --pad-to 2M -o "$T/a.rom"
	run_tool vbios-info "$T/a.rom"
	assert_rc 0
	assert_stdout_match '^ROM at offset 0x35400, after an unknown flash layout \(0x35400 bytes\)$'
	assert_stdout_match '^1 +0x0045400 0x0010000 aa55 PCIR EFI '
	assert_stdout_match '^total: 2 images, 0x20000 bytes \(131072\) from offset 0x35400, 1747968 trailing bytes$'
}

test_nvgi_json() {
	mkrom --nvgi 2560 "${MXM[@]}" -o "$T/a.rom"
	run_tool vbios-info --json "$T/a.rom"
	assert_rc 0
	json_check 'd["rom_offset"] == 2560 and d["before_rom"] == "nvgi"'
	json_check 'd["image_count"] == 3 and d["total_length"] == 93184 and d["trailing_bytes"] == 0'
	json_check 'd["images"][0]["offset"] == 2560 and d["images"][0]["pcir_offset"] == 2592'
	json_check 'd["images"][0]["npde"] == {"offset": 2624}'
	json_check 'd["images"][2]["offset"] == 2560 + 61 * 1024 and d["images"][2]["efi"] is not None'
	mkrom --image x86:4K -o "$T/b.rom"
	run_tool vbios-info --json "$T/b.rom"
	json_check 'd["rom_offset"] == 0 and d["before_rom"] is None and not d["ended_after_nv70"]'
	mkrom --flash-prefix 4K --image x86:4K -o "$T/c.rom"
	run_tool vbios-info --json "$T/c.rom"
	json_check 'd["rom_offset"] == 4096 and d["before_rom"] == "unknown"'
}

# An NVGI header with no ROM after it: said so, not "no image signature".
test_nvgi_without_rom() {
	mkrom --nvgi 4K -o "$T/a.rom"
	run_tool vbios-info "$T/a.rom"
	assert_rc 2
	assert_stdout_empty
	assert_stderr_eq "vbios-info: parse $T/a.rom: an NVIDIA NVGI header, but no PCI option ROM (55 aa and a PCIR) at any 512-byte boundary of the first 16 MiB"
}

# A broken ROM inside an NVGI file: the message gives file offsets.
test_nvgi_broken_rom() {
	mkrom --nvgi 1024 --image x86:4K --pcir-last no --image x86:4K --sig 1234 -o "$T/a.rom"
	run_tool vbios-info "$T/a.rom"
	assert_rc 2
	# the chain's last image is not flagged last: named too (issue 15)
	assert_stderr_eq "vbios-info: parse $T/a.rom (ROM at offset 0x400, after an NVIDIA NVGI header): image 1 at offset 0x1400: no ROM image signature (55 aa, 77 bb or 56 4e) (at offset 0x1400)
vbios-info: $T/a.rom: no last-image flag: image 0 ends at 0x1400 and no image follows; not fit for a ROM BAR"
	mkrom --nvgi 1024 --image x86:64K --truncate 40000 -o "$T/b.rom"
	run_tool vbios-info "$T/b.rom"
	assert_rc 2
	assert_stderr_match 'image 0 at offset 0x400: ROM ends inside an image \(file has 0x9c40 bytes, the image chain needs at least 0x10400\)$'
}

# The bytes 4e 56 ("NV") start NVGI headers, they are no image signature.
test_nv_bytes_not_an_image() {
	mkrom --image x86:4K --pcir-last no --image nve0:2K --sig nv -o "$T/a.rom"
	run_tool vbios-info "$T/a.rom"
	assert_rc 2
	assert_stderr_match 'image 1 at offset 0x1000: no ROM image signature \(55 aa, 77 bb or 56 4e\)'
}

# Maxwell/Pascal MXM: 0x70 not last, then one or two EFI images, all listed.
test_nv70_then_efi() {
	mkrom "${MXM[@]}" -o "$T/a.rom"
	run_tool vbios-info "$T/a.rom"
	assert_rc 0
	assert_stdout_match '^1 +0x000f000 0x0000400 aa55 PCIR NVIDIA 0x70 +10de:1c8d no +ok$'
	assert_stdout_match '^2 +0x000f400 0x0007800 aa55 PCIR EFI +10de:1c8d yes +ok$'
	assert_stdout_match '^total: 3 images, 0x16c00 bytes \(93184\)$'
	mkrom "${MXM[@]}" --image efi:8K:ia32 -o "$T/b.rom"
	run_tool vbios-info "$T/b.rom"
	assert_rc 0
	assert_stdout_match '^2 +0x000f400 0x0007800 aa55 PCIR EFI +10de:1c8d no +ok$'
	assert_stdout_match '^3 +0x0016c00 0x0002000 aa55 PCIR EFI +10de:1c8d yes +ok$'
	assert_stdout_match 'EFI: machine IA32'
	assert_stdout_match '^total: 4 images, 0x18c00 bytes \(101376\)$'
}

# An older ROM's 0x70 image flagged not last with only padding after it.
test_nv70_nothing_after() {
	mkrom --image x86:4K --image nv70:1K --pcir-last no --pad-to 64K -o "$T/a.rom"
	run_tool vbios-info "$T/a.rom"
	assert_rc 0
	assert_stdout_match '^1 +0x0001000 0x0000400 aa55 PCIR NVIDIA 0x70 +10de:1c8d no +ok$'
	assert_stdout_match '^    flagged not last, but no image follows: the chain ends here$'
	assert_stdout_match '^total: 2 images, 0x1400 bytes \(5120\), 60416 trailing bytes$'
}

# A BIOS checksums header byte 2 x 512 bytes, not the NPDE length.
test_x86_checksum_over_init_size() {
	mkrom --image x86:64K --npde --init-size 60K --image efi:4K -o "$T/a.rom"
	run_tool vbios-info "$T/a.rom"
	assert_rc 0
	assert_stderr_empty
	assert_stdout_match '^0 .* x86 \(PC-AT\) .* ok$'
	assert_stdout_match '^    a BIOS checksums 0xf000 bytes \(header byte 2\)$'
	run_tool vbios-info --json "$T/a.rom"
	json_check 'd["images"][0]["checksum_ok"] and d["images"][0]["checksum_length"] == 61440'
	mkrom --image x86:64K --npde --init-size 60K --bad-checksum --image efi:4K -o "$T/b.rom"
	run_tool vbios-info "$T/b.rom"
	assert_rc 2
	assert_stderr_match 'image 0 at offset 0x0: x86 checksum is bad \(the 0xf000 bytes a BIOS checks sum to 0x[0-9a-f]{2}, not 0\)$'
}

# Header byte 2 reaching past the end of the file.
test_x86_init_size_past_file() {
	mkrom --image x86:4K --init-size 16K -o "$T/a.rom"
	run_tool vbios-info "$T/a.rom"
	assert_rc 2
	assert_stderr_eq "vbios-info: $T/a.rom: image 0 at offset 0x0: x86 header byte 2 says a BIOS checksums 0x4000 bytes, but the file ends after 0x1000"
}

# 0xE0 images predate FWSEC on Kepler..Pascal: no FwSec label.
test_e0_label() {
	mkrom --image x86:4K --npde --image nve0:2K --sig bb77 --pcir-sig NPDS -o "$T/a.rom"
	run_tool vbios-info "$T/a.rom"
	assert_rc 0
	assert_stdout_match '^1 +0x0001000 0x0000800 bb77 NPDS NVIDIA 0xE0 '
	! grep -qi fwsec "$T/stdout" || fail "0xE0 called FwSec"
}

# --extract writes the ROM alone: from its 55 aa to the end of the last image.
test_extract_nvgi() {
	mkrom --nvgi 37888 "${MXM[@]}" --image efi:8K --pad-to 512K -o "$T/a.rom"
	mkrom "${MXM[@]}" --image efi:8K -o "$T/want.rom"
	run_tool vbios-info --extract "$T/out.rom" "$T/a.rom"
	assert_rc 0
	assert_stderr_eq "vbios-info: wrote 101376 bytes to $T/out.rom (4 images from offset 0x9400 of $T/a.rom)"
	assert_stdout_match '^ROM at offset 0x9400, after an NVIDIA NVGI header'
	! grep -q 'a guest needs' "$T/stdout" || fail "cut hint with --extract"
	assert_files_eq "$T/want.rom" "$T/out.rom"
	assert_no_temp_files "$T"
	# the cut is a bare ROM with nothing trailing
	run_tool vbios-info "$T/out.rom"
	assert_rc 0
	assert_stdout_match '^total: 4 images, 0x18c00 bytes \(101376\)$'
}

test_extract_flash_quiet() {
	mkrom --flash-prefix 218112 --image x86:64K --image efi:64K --pad-to 1M -o "$T/a.rom"
	mkrom --image x86:64K --image efi:64K -o "$T/want.rom"
	run_tool vbios-info -q -x "$T/out.rom" "$T/a.rom"
	assert_rc 0
	assert_stdout_empty
	assert_stderr_empty
	assert_files_eq "$T/want.rom" "$T/out.rom"
}

# A bare ROM with padding: the padding is cut; the input is not touched.
test_extract_bare_in_place() {
	mkrom --image x86:4K --image efi:4K --pad-to 64K -o "$T/a.rom"
	mkrom --image x86:4K --image efi:4K -o "$T/want.rom"
	STDIN=$T/a.rom run_tool vbios-info -q -x "$T/out.rom"
	assert_rc 0
	assert_files_eq "$T/want.rom" "$T/out.rom"
	# the file itself as OUT: replaced by the cut only once it is read
	run_tool vbios-info -q -x "$T/a.rom" "$T/a.rom"
	assert_rc 0
	assert_files_eq "$T/want.rom" "$T/a.rom"
}

# Nothing is written from a ROM that fails a check; an old OUT stays.
test_extract_refuses_bad_rom() {
	echo old > "$T/out.rom"
	mkrom --nvgi 1024 --image x86:4K --bad-checksum -o "$T/a.rom"
	run_tool vbios-info -x "$T/out.rom" "$T/a.rom"
	assert_rc 2
	assert_stderr_match "^vbios-info: nothing written to $T/out.rom$"
	assert_file_content "$T/out.rom" old
	mkrom --nvgi 1024 -o "$T/b.rom"
	run_tool vbios-info -x "$T/out.rom" "$T/b.rom"
	assert_rc 2
	assert_stderr_match "^vbios-info: nothing written to $T/out.rom$"
	assert_file_content "$T/out.rom" old
	use_fixture laptop
	mkrom --nvgi 1024 --image x86:4K:10de:1c8c -o "$T/c.rom"
	run_tool vbios-info -s "$ROOT" -d 01:00.0 -x "$T/out.rom" "$T/c.rom"
	assert_rc 2
	assert_stderr_match "ROM is for 10de:1c8c \(image 0 at offset 0x400\)"
	assert_stderr_match "^vbios-info: nothing written to $T/out.rom$"
	assert_file_content "$T/out.rom" old
	assert_no_temp_files "$T"
}

test_extract_unwritable() {
	mkrom --image x86:4K -o "$T/a.rom"
	run_tool vbios-info -x "$T/nodir/out.rom" "$T/a.rom"
	assert_rc 1
	assert_stderr_match "^vbios-info: create $T/nodir/out.rom: No such file or directory$"
	run_tool vbios-info -x "$T" "$T/a.rom"
	assert_rc 1
	assert_stderr_match "^vbios-info: create $T: Is a directory$"
}

test_mkrom_prefix_shapes() {
	mkrom --nvgi 1536 --image x86:4K -o "$T/a.rom"
	[ "$(head -c 4 "$T/a.rom")" = NVGI ] || fail "no NVGI magic"
	[ "$(stat -c %s "$T/a.rom")" = $((1536 + 4096)) ] || fail "size"
	[ "$(od -An -tx1 -j 1536 -N 2 "$T/a.rom")" = " 55 aa" ] || fail "ROM not at 1536"
	mkrom --flash-prefix 4K --image x86:4K -o "$T/b.rom"
	[ "$(head -c 4 "$T/b.rom")" != NVGI ] || fail "flash prefix is NVGI"
	"$B/tests/mkrom" --nvgi 1000 --image x86:4K -o "$T/c.rom" 2> "$T/stderr" && fail "prefix not multiple of 512 accepted"
	"$B/tests/mkrom" --init-size 4K -o "$T/c.rom" 2> "$T/stderr" && fail "--init-size without --image accepted"
	return 0
}

# Every signature the library knows, on the first image too.
test_signature_77bb_and_564e() {
	mkrom --image x86:4K --sig bb77 --image efi:4K -o "$T/a.rom"
	run_tool vbios-info "$T/a.rom"
	assert_rc 0
	assert_stdout_match '^0 +0x0000000 0x0001000 bb77 PCIR x86 '
	mkrom --image x86:4K --sig vn -o "$T/b.rom"
	run_tool vbios-info "$T/b.rom"
	assert_rc 0
	assert_stdout_match '^0 +0x0000000 0x0001000 4e56 PCIR x86 '
}

# The ROM BAR verdict is vfio-domain --rom-bar's: a first image that is not
# 55 aa parses, but no BIOS runs it from the BAR.
test_rom_bar_not_55aa() {
	mkrom --image x86:4K --sig bb77 --image efi:4K -o "$T/a.rom"
	run_tool vbios-info "$T/a.rom"
	assert_rc 0
	assert_stdout_match "^fit for a ROM BAR: no: the first image does not start 55 aa"
	run_tool vbios-info --json "$T/a.rom"
	assert_rc 0
	json_check 'd["rom_bar"]["fit"] is False and d["rom_bar"]["reason"] == "the first image does not start 55 aa"'
}

# Problems in files users bring are named with their offset, and the cut
# that helps is the vbios-extract command; whether the file can be a ROM
# BAR (<rom file=>, QEMU romfile=) is said in words and in --json.
test_names_header_and_trailing_bytes() {
	mkrom --image x86:32K --image efi:16K --nvgi 0x400 --pad-to 64K -o "$T/a.rom"
	run_tool vbios-info "$T/a.rom"
	assert_rc 0
	assert_stdout_match '^leading header: 0x400 bytes before the ROM \(NVIDIA NVGI header\), at offset 0x0$'
	assert_stdout_match '^trailing bytes: [0-9]+ after the ROM, at offset 0xc400 \(padding 0xff\)$'
	assert_stdout_match "^cut them off: vbios-extract --rom-file $T/a\.rom -o OUT$"
	assert_stdout_match "^fit for a ROM BAR: no: the ROM starts at offset 0x400, after an NVIDIA NVGI header; run vbios-extract --rom-file $T/a\.rom -o OUT$"
	run_tool vbios-info --json "$T/a.rom"
	assert_rc 0
	json_check 'd["rom_bar"]["fit"] is False and d["rom_bar"]["reason"].startswith("the ROM starts at offset 0x400")'
	json_check '[p["kind"] for p in d["problems"]] == ["leading_header", "trailing_bytes"]'
	json_check 'd["problems"][0]["offset"] == 0 and d["problems"][0]["length"] == 1024'
	json_check 'd["problems"][1]["offset"] == 0xc400 and d["problems"][1]["fill"] == "0xff"'
}

test_rom_bar_fit() {
	mkrom --image x86:32K --image efi:16K -o "$T/a.rom"
	run_tool vbios-info "$T/a.rom"
	assert_rc 0
	assert_stdout_match '^fit for a ROM BAR: yes \(a 64 KiB BAR\)$'
	grep -q '^leading header\|^trailing bytes\|^cut them off' "$T/stdout" && fail "a bare ROM has no problem"
	run_tool vbios-info --json "$T/a.rom"
	json_check 'd["rom_bar"] == {"fit": True, "bar_size": 65536, "reason": None} and d["problems"] == []'
	# trailing data is loaded into the BAR but never run: still fit, and said
	mkrom --image x86:32K --image efi:16K -o "$T/b.rom"
	head -c 100 /dev/urandom >> "$T/b.rom"
	run_tool vbios-info "$T/b.rom"
	assert_rc 0
	assert_stdout_match '^trailing bytes: 100 after the ROM, at offset 0xc000 \(data\)$'
	assert_stdout_match '^fit for a ROM BAR: yes \(a 64 KiB BAR\)$'
}

test_names_missing_last_image_flag() {
	mkrom --image x86:4K --image efi:4K --pcir-last no --pad-to 16K -o "$T/a.rom"
	run_tool vbios-info "$T/a.rom"
	assert_rc 2
	assert_stderr_match 'image 2 at offset 0x2000: no ROM image signature'
	assert_stderr_match "^vbios-info: $T/a\.rom: no last-image flag: image 1 ends at 0x2000 and no image follows; not fit for a ROM BAR$"
	run_tool vbios-info --json "$T/a.rom"
	assert_rc 2
	json_check 'd["rom_bar"]["fit"] is False and "no image is flagged last" in d["rom_bar"]["reason"]'
	json_check 'd["problems"] == [{"kind": "no_last_image_flag", "offset": 0x2000, "image": 1}]'
}

test_names_bad_checksum_for_rom_bar() {
	mkrom --image x86:32K --bad-checksum -o "$T/a.rom"
	run_tool vbios-info "$T/a.rom"
	assert_rc 2
	assert_stdout_match '^fit for a ROM BAR: no: image 0 at offset 0x0 has a bad x86 checksum$'
	run_tool vbios-info --json "$T/a.rom"
	json_check 'd["problems"] == [{"kind": "bad_checksum", "offset": 0, "image": 0}]'
}

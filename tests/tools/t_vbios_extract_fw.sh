# SPDX-License-Identifier: GPL-2.0-or-later
# Tool tests for vbios-extract --firmware, on volumes written by build/tests/mkfv at test time.

mkfv() {
	"$B/tests/mkfv" "$@" || fail "mkfv $* failed"
}

need_uefiextract() {
	command -v UEFIExtract > /dev/null 2>&1 || skip "UEFIExtract (uefitool-cli) not installed"
}

need_7z() {
	command -v 7z > /dev/null 2>&1 || skip "7z (p7zip-full) not installed"
}

# Every run unpacks under $T/tmp; nothing of it may be left afterwards.
fw_tool() {
	mkdir -p "$T/tmp"
	TMPDIR=$T/tmp run_tool vbios-extract "$@"
	[ -z "$(ls -A "$T/tmp")" ] || fail "left in TMPDIR: $(ls -A "$T/tmp")"
}

# A zip of the files $3... (relative to directory $2) at $1.
mkzip() {
	local out=$1 dir=$2
	shift 2
	(cd "$dir" && 7z a -tzip "$out" "$@" > /dev/null) || fail "7z a $out"
}

# The oracle: UEFIExtract itself parses mkfv's volume without a word and
# dumps the generated ROM from the raw section of the file named for it.
test_uefiextract_parses_mkfv_volume() {
	local d rom
	need_uefiextract
	mkfv -o "$T/fw.bin"
	(cd "$T" && UEFIExtract fw.bin dump > "$T/ue.log" 2>&1) || fail "UEFIExtract failed"
	[ ! -s "$T/ue.log" ] || fail "UEFIExtract complained: $(cat "$T/ue.log")"
	d=$(find "$T/fw.bin.dump" -type d -name '* Vbios10de1c8d')
	[ -n "$d" ] || fail "no file Vbios10de1c8d in the dump"
	rom="$d/0 Raw section/body.bin"
	[ -f "$rom" ] || fail "no raw section body"
	grep -q 'Compression algorithm: LZMA' -r "$T/fw.bin.dump" || fail "no LZMA section"
	run_tool vbios-info "$rom"
	assert_rc 0
	assert_stdout_match '10de:1c8d'
	# the capsule headers mkfv writes are UEFIExtract's to parse, too
	for c in efi aptio; do
		mkfv --capsule "$c" -o "$T/$c.cap"
		(cd "$T" && UEFIExtract "$c.cap" report > "$T/ue.log" 2>&1) || fail "UEFIExtract $c"
		[ ! -s "$T/ue.log" ] || fail "UEFIExtract complained on $c: $(cat "$T/ue.log")"
		grep -q '^ Capsule' "$T/$c.cap.report.txt" || fail "$c: no capsule in the report"
	done
}

test_fw_list_every_candidate() {
	need_uefiextract
	mkfv -o "$T/fw.bin"
	fw_tool --firmware "$T/fw.bin" --list
	assert_rc 0
	assert_stdout_match "^0: NVIDIA display ROM 10de:1c8d, class 030000, 2 images, 12288 bytes, last-image flag yes, $T/fw.bin: volume A881D567-6CB0-4EEE-8435-2E72D33E45B5, file 1A2B3C4D-0001-4E5F-8A9B-0C1D2E3F4051 \(Vbios10de1c8d\), raw section, LZMA-compressed, offset 0x0$"
	assert_stdout_match '^1: NVIDIA display ROM 10de:1c8c, .*\(Vbios10de1c8c\), raw section, LZMA-compressed'
	assert_stdout_match '^2: other display ROM 8086:3e9b, class 030000, 1 image, 4096 bytes'
	assert_stdout_match '^3: Intel VBT .*\(IntelVbt\), raw section'
	[ "$(wc -l < "$T/stdout")" -eq 4 ] || fail "not 4 candidates"
	# (under make memcheck valgrind's own logs are there too)
	[ "$(ls "$T" | grep -v '^valgrind\.[0-9]*\.log$')" = "$(printf 'empty-root\nfw.bin\nstderr\nstdout\ntmp')" ] ||
		fail "--list wrote: $(ls "$T")"
}

test_fw_list_json() {
	need_uefiextract
	mkfv -o "$T/fw.bin"
	fw_tool --firmware "$T/fw.bin" --list -j
	assert_rc 0
	command -v jq > /dev/null || skip "jq not installed"
	jq -e '(.candidates | length) == 4 and .candidates[1].device == "1c8c" and
		(.candidates[0].where | contains("LZMA-compressed"))' "$T/stdout" > /dev/null ||
		fail "JSON: $(cat "$T/stdout")"
}

# The ROM written is byte for byte what UEFIExtract dumps from that raw section.
test_fw_pick_device_id_writes_the_raw_section() {
	local rom
	need_uefiextract
	mkfv -o "$T/fw.bin"
	fw_tool --firmware "$T/fw.bin" --device-id 1c8c -o "$T/out.rom"
	assert_rc 0
	assert_stdout_match "^vbios-extract: wrote $T/out.rom: 10de:1c8c, 2 images, 12288 bytes, from $T/fw.bin: volume A881D567-6CB0-4EEE-8435-2E72D33E45B5, file 1A2B3C4D-0002-4E5F-8A9B-0C1D2E3F4051 \(Vbios10de1c8c\), raw section, LZMA-compressed, offset 0x0$"
	mkdir "$T/ue" && cp "$T/fw.bin" "$T/ue/"
	(cd "$T/ue" && UEFIExtract fw.bin dump > /dev/null 2>&1) || fail "UEFIExtract"
	rom=$(find "$T/ue" -path '* Vbios10de1c8c/0 Raw section/body.bin')
	assert_files_eq "$T/out.rom" "$rom"
	assert_no_temp_files "$T"
}

# No --device-id: the GPU under the root (10de:1c8d in the laptop fixture) picks.
test_fw_pick_by_target_gpu() {
	need_uefiextract
	use_fixture laptop
	mkfv -o "$T/fw.bin"
	fw_tool -s "$ROOT" --firmware "$T/fw.bin" -o "$T/out.rom"
	assert_rc 0
	assert_stdout_match "wrote $T/out.rom: 10de:1c8d, 2 images, 12288 bytes, from .*\(Vbios10de1c8d\)"
	run_tool vbios-info "$T/out.rom"
	assert_rc 0
	# a GPU no candidate matches: refused, the others not written
	fw_tool -s "$ROOT" --firmware "$T/fw.bin" --device-id 1c8c -o "$T/other.rom"
	assert_rc 2
	assert_stderr_match 'the ROM is for 10de:1c8c, but 0000:01:00.0 is 10de:1c8d'
	assert_no_file "$T/other.rom"
}

test_fw_several_candidates_refused() {
	need_uefiextract
	mkfv -o "$T/fw.bin"
	fw_tool --firmware "$T/fw.bin" -o "$T/out.rom"
	assert_rc 1
	assert_stderr_match 'several candidates: pick one with --device-id'
	assert_stderr_match '1: NVIDIA display ROM 10de:1c8c'
	assert_no_file "$T/out.rom"
}

# The iGPU's GOP is listed, never written without --force.
test_fw_igpu_gop_only_forced() {
	need_uefiextract
	mkfv -o "$T/fw.bin"
	fw_tool --firmware "$T/fw.bin" --device-id 8086:3e9b -o "$T/out.rom"
	assert_rc 2
	assert_stderr_match 'not an NVIDIA display ROM; --force writes it anyway'
	assert_no_file "$T/out.rom"
	fw_tool --firmware "$T/fw.bin" --device-id 8086:3e9b --force -o "$T/out.rom"
	assert_rc 0
	assert_stdout_match 'wrote .*: 8086:3e9b, 1 image, 4096 bytes, from .*\(Vbios80863e9b\)'
}

test_fw_plain_volume_and_capsules() {
	local f
	need_uefiextract
	mkfv --plain -o "$T/plain.fd"
	mkfv --capsule efi -o "$T/efi.cap"
	mkfv --capsule aptio -o "$T/aptio.cap"
	for f in plain.fd efi.cap aptio.cap; do
		fw_tool --firmware "$T/$f" --device-id 1c8d -o "$T/$f.rom"
		assert_rc 0
		assert_stdout_match "wrote $T/$f.rom: 10de:1c8d, 2 images, 12288 bytes, from $T/$f: volume .*\(Vbios10de1c8d\), raw section"
		# no LZMA section in the plain one
		[ "$f" != plain.fd ] || ! grep -q 'LZMA' "$T/stdout" || fail "plain volume said LZMA"
	done
}

# Debian's real OVMF: volumes, LZMA sections, no option ROM: none found.
test_fw_real_ovmf_none_found() {
	local ovmf=/usr/share/OVMF/OVMF_CODE.fd
	need_uefiextract
	[ -r "$ovmf" ] || skip "no $ovmf (package ovmf)"
	fw_tool --firmware "$ovmf" -o "$T/out.rom"
	assert_rc 2
	assert_stderr_match "scan $ovmf: no vBIOS found"
	assert_no_file "$T/out.rom"
	fw_tool --firmware "$ovmf" --list
	assert_rc 2
	assert_stdout_empty
}

# An exe (a zip self-extractor) holding a zip holding the .bin.
test_fw_nested_exe_zip_bin() {
	need_uefiextract
	need_7z
	mkdir "$T/in" "$T/mid"
	mkfv -o "$T/in/bios.bin"
	mkzip "$T/mid/payload.zip" "$T/in" bios.bin
	mkzip "$T/sfx.zip" "$T/mid" payload.zip
	{ printf 'MZ'; head -c 4094 /dev/zero; cat "$T/sfx.zip"; } > "$T/update.exe"
	fw_tool --firmware "$T/update.exe" --device-id 1c8d -o "$T/out.rom"
	assert_rc 0
	assert_stdout_match "from $T/update.exe: payload.zip: bios.bin: volume A881D567-6CB0-4EEE-8435-2E72D33E45B5, file .*\(Vbios10de1c8d\), raw section, LZMA-compressed, offset 0x0$"
}

test_fw_innosetup_through_innoextract() {
	local stub=$T/innoextract
	need_uefiextract
	mkfv -o "$T/bios.bin"
	{ printf 'MZ'; head -c 1022 /dev/zero; printf 'Inno Setup Setup Data (6.2.0)'; } > "$T/setup.exe"
	# innoextract cannot be fed a real installer here (none can be built on
	# Debian): a stand-in unpacks the payload as innoextract -s -d DIR would
	printf '#!/bin/sh\n[ "$1 $2" = "-s -d" ] || exit 9\nmkdir -p "$3/app" && cp "%s" "$3/app/bios.bin"\n' \
		"$T/bios.bin" > "$stub"
	chmod +x "$stub"
	fw_tool --firmware "$T/setup.exe" --innoextract "$stub" --device-id 1c8c -o "$T/out.rom"
	assert_rc 0
	assert_stdout_match "from $T/setup.exe: app/bios.bin: volume .*\(Vbios10de1c8c\)"
	INNOEXTRACT=$T/none fw_tool --firmware "$T/setup.exe" -o "$T/o2.rom"
	assert_rc 1
	assert_stderr_match "run $T/none: not found \(needed for InnoSetup installers; Debian package innoextract\)"
	assert_no_file "$T/o2.rom"
}

test_fw_truncated_volume() {
	need_uefiextract
	mkfv --truncate 20000 -o "$T/fw.bin"
	fw_tool --firmware "$T/fw.bin" -o "$T/out.rom"
	assert_rc 2
	assert_stderr_match "^vbios-extract: unpack $T/fw.bin: damaged firmware image \(UEFIExtract: .*overlaps the end of data\)$"
	assert_no_file "$T/out.rom"
}

test_fw_corrupt_lzma() {
	need_uefiextract
	mkfv --corrupt-lzma -o "$T/fw.bin"
	fw_tool --firmware "$T/fw.bin" --list
	assert_rc 2
	assert_stderr_match "^vbios-extract: unpack $T/fw.bin: damaged firmware image \(UEFIExtract: parseGuidedSectionBody: decompression failed"
	assert_stdout_empty
}

test_fw_wrapper_without_firmware() {
	need_7z
	mkdir "$T/in"
	echo "release notes" > "$T/in/readme.txt"
	mkzip "$T/update.zip" "$T/in" readme.txt
	fw_tool --firmware "$T/update.zip" -o "$T/out.rom"
	assert_rc 2
	assert_stderr_match "^vbios-extract: unpack $T/update.zip: a zip archive with no firmware image or ROM in it$"
	assert_no_file "$T/out.rom"
}

test_fw_missing_helpers() {
	mkfv -o "$T/fw.bin"
	fw_tool --firmware "$T/fw.bin" --uefiextract "$T/no/UEFIExtract" -o "$T/out.rom"
	assert_rc 1
	assert_stderr_match "^vbios-extract: run $T/no/UEFIExtract: not found \(needed for firmware volumes; Debian package uefitool-cli\)$"
	assert_no_file "$T/out.rom"
	UEFIEXTRACT=$T/no/UE fw_tool --firmware "$T/fw.bin" --list
	assert_rc 1
	assert_stderr_match "run $T/no/UE: not found"
	printf 'PK\003\004rest' > "$T/a.zip"
	SEVENZIP=$T/no/7z fw_tool --firmware "$T/a.zip" --list
	assert_rc 1
	assert_stderr_match "run $T/no/7z: not found \(needed for archives and self-extractors; Debian package p7zip-full\)"
}

test_fw_wrappers_not_handled() {
	need_7z
	printf 'PFS.HDR.\001\000\000\000rest' > "$T/dell.bin"
	fw_tool --firmware "$T/dell.bin" -o "$T/out.rom"
	assert_rc 1
	assert_stderr_match "^vbios-extract: unpack $T/dell.bin: a Dell PFS update: not handled; extract it by hand with Dell PFS Update Extractor"
	{ printf 'MZ'; head -c 1000 /dev/zero; printf 'InstallShield'; } > "$T/is.exe"
	fw_tool --firmware "$T/is.exe" -o "$T/out.rom"
	assert_rc 1
	assert_stderr_match "unpack $T/is.exe: an InstallShield installer: not handled; extract it by hand with .*unshield"
	mkfv -o "$T/bios.bin"
	(cd "$T" && 7z a -pSECRET enc.zip bios.bin > /dev/null) || fail "7z"
	fw_tool --firmware "$T/enc.zip" -o "$T/out.rom"
	assert_rc 1
	assert_stderr_match "unpack $T/enc.zip: a zip archive that is encrypted: not handled; extract it by hand with 7z x and its password"
	assert_no_file "$T/out.rom"
}

# A zip whose directory says it unpacks to 4 GiB: refused from 7z's
# listing, before anything is unpacked.
test_fw_zip_bomb_refused() {
	need_7z
	command -v python3 > /dev/null || skip "python3 needed to forge the sizes"
	python3 - "$T/bomb.zip" <<'EOF' || fail "python"
import struct, sys, zipfile
with zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED) as z:
    for i in range(3):
        z.writestr("part%d.bin" % i, b"\0" * 4096)
b = bytearray(open(sys.argv[1], "rb").read())
# uncompressed size: at +22 of each local header, +24 of each directory entry
for sig, at in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
    i = b.find(sig)
    while i >= 0:
        struct.pack_into("<I", b, i + at, 0xfffffff0)
        i = b.find(sig, i + 4)
open(sys.argv[1], "wb").write(b)
EOF
	fw_tool --firmware "$T/bomb.zip" -o "$T/out.rom"
	assert_rc 1
	assert_stderr_match "^vbios-extract: unpack $T/bomb.zip: a zip archive of 3 files, [0-9]+ bytes unpacked: more than the limit \(100000 files, 1073741824 bytes\)$"
	assert_no_file "$T/out.rom"
}

# A signal while UEFIExtract runs stops it and removes the whole work tree.
test_fw_signal_removes_work_tree() {
	local pid rc stub=$T/slow-ue
	mkdir "$T/tmp"
	mkfv -o "$T/fw.bin"
	printf '#!/bin/sh\nmkdir -p "$1.dump/0 V/1 F/0 Raw section" && echo x > "$1.dump/0 V/1 F/0 Raw section/body.bin"\necho $$ > "%s/ue.pid"\nexec sleep 30\n' "$T" > "$stub"
	chmod +x "$stub"
	TMPDIR=$T/tmp "$B/vbios-extract" --firmware "$T/fw.bin" --uefiextract "$stub" \
		-q -o "$T/out.rom" 2> "$T/stderr" < /dev/null &
	pid=$!
	for _ in $(seq 500); do
		[ -s "$T/ue.pid" ] && break
		sleep 0.02
	done
	[ -n "$(ls -A "$T/tmp")" ] || fail "no work directory while UEFIExtract runs"
	kill -TERM "$pid"
	rc=0
	wait "$pid" || rc=$?
	[ "$rc" -eq 143 ] || fail "SIGTERM: exit $rc"
	[ -z "$(ls -A "$T/tmp")" ] || fail "left in TMPDIR: $(find "$T/tmp")"
	! kill -0 "$(cat "$T/ue.pid")" 2> /dev/null || fail "UEFIExtract still runs"
	assert_no_file "$T/out.rom"
}

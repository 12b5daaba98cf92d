# SPDX-License-Identifier: GPL-2.0-or-later
# dump_vbios_rom_acpi against the laptop-firmware _ROM models (tests/acpi/), run as real AML by acpiexec behind the acpi_call stand-in.

# Each model is one shape of _ROM found on laptops (see tests/acpi/*.asl):
#   OVM1 exact     Arg1 bytes, no 4 KiB clamp, 256 KiB mapping
#   OVM2 nvref     4 KiB clamp, 0x30000 window, 32 KiB banks
#   OVM3 win256    256 KiB window in a size variable
#   OVM4 region56  56 KiB region, Arg1 bytes
#   OVM5 always4k  4096 bytes whatever Arg1, Buffer (1) { 0 } past 256 KiB
#   OVM6 field8k   Arg1 * 8 byte region read through an 8 KiB field
#   OVM7 region4k  a 4 KiB region at Arg0, Arg1 bytes

# mkrom_to FILE SPEC...: generate a test ROM
mkrom_to() {
	local out=$1
	shift
	"$B/tests/mkrom" "$@" -o "$out" || fail "mkrom $*"
}

# model NAME DEV ROM [fake_acpi_call options...]: the laptop fixture with
# acpiexec answering acpi_call from the model NAME (device \_SB.DEV) over ROM
model() {
	local name=$1 dev=$2 rom=$3
	shift 3
	command -v acpiexec > /dev/null || fail "acpiexec not installed (acpica-tools)"
	[ -e "$B/tests/acpi/$name.aml" ] || fail "no $B/tests/acpi/$name.aml (make check builds it)"
	use_fixture laptop
	"$B/tests/mkromaml" "$rom" "$T/rom.aml" || fail "mkromaml"
	MODEL_ROM="\\_SB.$dev._ROM"
	MODEL_DEV="\\_SB.$dev"
	# shellcheck disable=SC2034 # read by start_fake_acpi_call
	FAKE_ACPI_CALL_METHOD=$MODEL_ROM
	start_fake_acpi_call "$ROOT" "$rom" --log "$T/calls.log" \
		--preload "$B/tests/acpiexec_shim.so" --aml "$T/rom.aml" \
		--aml "$B/tests/acpi/romdata.aml" --aml "$B/tests/acpi/$name.aml" "$@"
}

dump() { run_tool dump_vbios_rom_acpi -s "$ROOT" -p "$MODEL_DEV" "$@"; }

calls() { wc -l < "$T/calls.log"; }

# The fewest calls that can carry SIZE bytes when one call brings at most
# CHUNK and none crosses a 4 KiB page: ceil(4096 / CHUNK) a page.
floor_calls() {
	local size=$1 chunk=$2 full rem
	full=$((size / 4096))
	rem=$((size % 4096))
	echo $((full * ((4096 + chunk - 1) / chunk) + (rem + chunk - 1) / chunk))
}

# assert_calls_near_floor SIZE CHUNK SLACK: the dump took no more than the
# floor plus SLACK calls (the image headers the chain walk reads first)
assert_calls_near_floor() {
	local n floor
	n=$(calls)
	floor=$(floor_calls "$1" "$2")
	((n <= floor + $3)) || fail "$n calls for $1 bytes, floor $floor (+$3 allowed)"
	((n >= floor)) || fail "$n calls for $1 bytes: below the floor $floor?"
}

# Every logged request is the model's _ROM, starts inside the ROM's SIZE
# bytes and, unless the model needs longer requests (PAGE_CHECK=0), stays
# inside one 4 KiB page.
assert_offsets_in_rom() {
	local method off len
	while read -r method off len; do
		[ "$method" = "$MODEL_ROM" ] || fail "unexpected call: $method"
		((off < $1)) || fail "asked at $off, past the ROM's $1 bytes"
		if [ "${PAGE_CHECK:-1}" = 1 ] && ((len > 0)) &&
			((off / 4096 != (off + len - 1) / 4096)); then
			fail "request crosses a 4 KiB boundary: $off $len"
		fi
	done < "$T/calls.log"
}

# dump_ok SIZE [SLACK]: the model serves a SIZE-byte ROM: a byte-for-byte
# dump at the 42-byte floor
dump_ok() {
	dump -q -o "$T/out.rom"
	assert_rc 0
	assert_stderr_empty
	assert_files_eq "$T/rom" "$T/out.rom"
	assert_calls_near_floor "$1" 42 "${2:-12}"
	assert_offsets_in_rom "$1"
}

test_exact() {
	mkrom_to "$T/rom" --seed 11 -i x86:16K -i efi:8K
	model exact OVM1 "$T/rom"
	dump_ok 24576
}

test_nvref() {
	mkrom_to "$T/rom" --seed 12 -i x86:20K --sig bb77 -i efi:12K --pcir-last yes \
		--npde -i nve0:4K
	model nvref OVM2 "$T/rom"
	dump_ok 36864
}

test_win256() {
	mkrom_to "$T/rom" --seed 13 -i x86:16K -i efi:8K
	model win256 OVM3 "$T/rom"
	dump_ok 24576
}

test_region56() {
	mkrom_to "$T/rom" --seed 14 -i x86:24K -i efi:8K
	model region56 OVM4 "$T/rom"
	dump_ok 32768
}

test_region4k() {
	mkrom_to "$T/rom" --seed 15 -i x86:16K -i efi:8K
	model region4k OVM7 "$T/rom"
	dump_ok 24576
}

# Bug first: the dumper took a 4096-byte answer cut to 42 values, when it
# had asked for less at a page's end, for its chunk size and shrank to
# calls of a few bytes. The stand-in fails every call past a budget of
# twice the floor, so the old behaviour fails fast instead of slowly.
test_always4k() {
	mkrom_to "$T/rom" --seed 16 -i x86:16K -i efi:8K
	model always4k OVM5 "$T/rom" --fail-after $((2 * $(floor_calls 24576 42)))
	dump_ok 24576
}

# With a result buffer that holds the whole 4 KiB answer (a patched
# acpi_call), a 193 KiB ROM takes about ROM / 4096 calls.
test_always4k_193k_whole_answers() {
	mkrom_to "$T/rom" --seed 17 -i x86:64K -i efi:129K
	model always4k OVM5 "$T/rom" --max-values 4096 --fail-after 400
	dump -q -v -o "$T/out.rom"
	assert_rc 0
	assert_files_eq "$T/rom" "$T/out.rom"
	assert_stderr_match "read 0x30400 bytes in [0-9]+ calls of up to 4096 bytes"
	assert_calls_near_floor 197632 4096 12
}

# Bug first: a request below 1024 bytes fails with AE_AML_REGION_LIMIT;
# the dumper's first (2-byte) call failed and it gave up.
test_field8k() {
	mkrom_to "$T/rom" --seed 18 -i x86:16K -i efi:8K
	model field8k OVM6 "$T/rom"
	PAGE_CHECK=0 dump_ok 24576
	# every request it accepted asked for at least 1024 bytes
	local method off len n=0
	while read -r method off len; do
		((len >= 1024)) || n=$((n + 1))
	done < "$T/calls.log"
	((n <= 1)) || fail "$n requests under 1024 bytes: the first refusal was not learnt"
}

# A reply longer than asked (untruncated here: a result buffer of 8192
# values) is taken for the bytes asked, and the chunk does not shrink.
test_field8k_whole_answers() {
	mkrom_to "$T/rom" --seed 19 -i x86:16K -i efi:8K
	model field8k OVM6 "$T/rom" --max-values 8192
	dump -q -v -o "$T/out.rom"
	assert_rc 0
	assert_files_eq "$T/rom" "$T/out.rom"
	assert_calls_near_floor 24576 4096 12
}

# ends_early OLD_CONTENT: no output written, the old file kept, exit 2
assert_ends_early() {
	assert_rc 2
	assert_stderr_match "$1"
	assert_file_content "$T/out.rom" "previous dump"
	assert_no_temp_files "$T"
}

# Bug first (the five below): the chain claims more than the window serves.
# The dumper must stop where _ROM stopped answering and say what the chain
# claims, exit 2 (a ROM that ends early), write nothing.
test_nvref_window_too_small() {
	mkrom_to "$T/rom" --seed 20 -i x86:64K -i efi:192K
	model nvref OVM2 "$T/rom" --max-values 4096
	echo "previous dump" > "$T/out.rom"
	dump -o "$T/out.rom"
	assert_ends_early 'ROM ends early: _ROM stopped answering at offset 0x30000 \(AE_AML_BUFFER_LIMIT\); the image chain claims at least 0x40000 bytes'
}

test_region56_too_small() {
	mkrom_to "$T/rom" --seed 21 -i x86:40K -i efi:24K
	model region56 OVM4 "$T/rom" --max-values 4096
	echo "previous dump" > "$T/out.rom"
	dump -o "$T/out.rom"
	assert_ends_early 'ROM ends early: _ROM stopped answering at offset 0xe000 \(AE_AML_REGION_LIMIT\); the image chain claims at least 0x10000 bytes'
}

test_always4k_copy_too_small() {
	mkrom_to "$T/rom" --seed 22 -i x86:64K -i efi:256K
	model always4k OVM5 "$T/rom" --max-values 4096 --fail-after 400
	echo "previous dump" > "$T/out.rom"
	dump -o "$T/out.rom"
	assert_ends_early 'ROM ends early: _ROM stopped answering at offset 0x40000 \(1 of [0-9]+ bytes returned\); the image chain claims at least 0x50000 bytes'
}

test_win256_too_small() {
	mkrom_to "$T/rom" --seed 23 -i x86:64K -i efi:256K
	model win256 OVM3 "$T/rom" --max-values 4096
	echo "previous dump" > "$T/out.rom"
	dump -o "$T/out.rom"
	assert_ends_early 'ROM ends early: _ROM stopped answering at offset 0x40000 \(AE_AML_BUFFER_LIMIT\); the image chain claims at least 0x50000 bytes'
}

test_exact_mapping_too_small() {
	mkrom_to "$T/rom" --seed 24 -i x86:64K -i efi:256K
	model exact OVM1 "$T/rom" --max-values 4096
	echo "previous dump" > "$T/out.rom"
	dump -o "$T/out.rom"
	assert_ends_early 'ROM ends early: _ROM stopped answering at offset 0x40000 \(AE_AML_REGION_LIMIT\); the image chain claims at least 0x50000 bytes'
}

# --verify reads twice through the learnt shapes: same bytes both times.
test_field8k_verify() {
	mkrom_to "$T/rom" --seed 25 -i x86:8K
	model field8k OVM6 "$T/rom" --max-values 4096
	dump -q --verify -o "$T/out.rom"
	assert_rc 0
	assert_files_eq "$T/rom" "$T/out.rom"
}

# --length past the window: the same stop, naming the length asked for.
test_nvref_length_past_window() {
	mkrom_to "$T/rom" --seed 26 -i x86:64K -i efi:192K
	model nvref OVM2 "$T/rom" --max-values 4096
	dump -q -l 0x50000 -o "$T/out.rom"
	assert_rc 2
	assert_stderr_match 'ROM ends early: _ROM stopped answering at offset 0x30000 \(AE_AML_BUFFER_LIMIT\); 0x50000 bytes were asked for \(--length\)$'
	assert_no_file "$T/out.rom"
}

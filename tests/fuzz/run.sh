#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Builds the libFuzzer harnesses (clang, ASan+UBSan) and runs each for FUZZ_SECONDS.
# Usage: tests/fuzz/run.sh [target ...]   (targets: rom extract acpi pciaddr config domain fwimage)
# Env: FUZZ_SECONDS (60), FUZZ_JOBS (parallel targets, 2), FUZZ_B (build-fuzz),
#      FUZZ_MERGE=1 to minimise the new findings into tests/fuzz/corpus/<target>.
# New inputs go to $FUZZ_B/corpus/<target>; crashes to $FUZZ_B/crash-<target>-*.
set -u
cd "$(dirname "$0")/../.."

SECS=${FUZZ_SECONDS:-60}
JOBS=${FUZZ_JOBS:-2}
FB=${FUZZ_B:-build-fuzz}
MAKE=${MAKE:-make}
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
	for f in tests/fuzz/fuzz_*.c; do
		f=${f##*/fuzz_}
		targets+=("${f%.c}")
	done
fi

command -v clang > /dev/null || { echo "fuzz: clang is needed (libFuzzer)" >&2; exit 1; }
# The library with coverage for libFuzzer; harnesses linked with its runtime.
"$MAKE" -s B="$FB" CC=clang SANITIZE=1 CFLAGS="-O1 -g -fsanitize=fuzzer-no-link" \
	$(printf "$FB/fuzz/fuzz_%s " "${targets[@]}") || exit 1
# ROM seeds: small generated ROMs besides the committed ones.
mkdir -p "$FB/seed/rom"
"$MAKE" -s B="$FB" CC=clang SANITIZE=1 CFLAGS="-O1 -g" "$FB/tests/mkrom" || exit 1
"$FB/tests/mkrom" --image x86:1K --npde --image efi:2K:x64:compressed --npde \
	--pcir-last yes -o "$FB/seed/rom/x86-efi.rom"
"$FB/tests/mkrom" --image x86:1K --npde --image efi:1K:arm64 --pcir-last yes --npde \
	--image nve0:512 --sig bb77 --pcir-sig NPDS --npde --image nv70:512 --sig vn \
	-o "$FB/seed/rom/nvidia-chain.rom"
# extract seeds: a header before, padding after, a chain with no last flag
mkdir -p "$FB/seed/extract"
"$FB/tests/mkrom" --image x86:1K --npde --image efi:1K --nvgi 0x400 --pad-to 4K \
	-o "$FB/seed/extract/nvgi-padded.rom"
"$FB/tests/mkrom" --image x86:1K --image efi:1K --pcir-last no --pad-to 3K \
	-o "$FB/seed/extract/no-last.rom"

# Firmware seeds: a volume with ROMs as it is, and one with an LZMA section.
mkdir -p "$FB/seed/fwimage"
"$MAKE" -s B="$FB" CC=clang SANITIZE=1 CFLAGS="-O1 -g" "$FB/tests/mkfv" || exit 1
"$FB/tests/mkfv" --plain --no-igpu -o "$FB/seed/fwimage/plain.fd"
"$FB/tests/mkfv" --no-igpu -o "$FB/seed/fwimage/lzma.fd"

export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1

run_one() {
	local t=$1 log=$FB/fuzz-$1.log rc seeds=()
	mkdir -p "$FB/corpus/$t"
	[ -d "tests/fuzz/corpus/$t" ] && seeds+=("tests/fuzz/corpus/$t")
	[ -d "$FB/seed/$t" ] && seeds+=("$FB/seed/$t")
	"$FB/fuzz/fuzz_$t" -max_total_time="$SECS" -print_final_stats=1 \
		-artifact_prefix="$FB/crash-$t-" -max_len=65536 \
		"$FB/corpus/$t" "${seeds[@]}" > "$log" 2>&1
	rc=$?
	printf '%-8s rc=%d execs=%s corpus=%s\n' "$t" "$rc" \
		"$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)" \
		"$(ls "$FB/corpus/$t" | wc -l)"
	if [ $rc -ne 0 ]; then
		grep -E 'ERROR|runtime error|SUMMARY|Test unit written' "$log" | head -n 10
		return 1
	fi
	if [ "${FUZZ_MERGE:-0}" = 1 ]; then
		mkdir -p "tests/fuzz/corpus/$t"
		"$FB/fuzz/fuzz_$t" -merge=1 "tests/fuzz/corpus/$t" "$FB/corpus/$t" \
			> "$FB/merge-$t.log" 2>&1
	fi
}

fail=0 pids=()
for t in "${targets[@]}"; do
	run_one "$t" &
	pids+=($!)
	if [ ${#pids[@]} -ge "$JOBS" ]; then
		wait "${pids[0]}" || fail=1
		pids=("${pids[@]:1}")
	fi
done
for p in "${pids[@]+"${pids[@]}"}"; do
	wait "$p" || fail=1
done
[ $fail -eq 0 ] && echo "fuzz: ${#targets[@]} targets, ${SECS}s each, no findings"
exit $fail

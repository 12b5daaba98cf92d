# SPDX-License-Identifier: GPL-2.0-or-later
# romlib.sh - helpers for the tests that boot the VM with a vfio-ssdt table
# and a ROM in fw_cfg (t-ssdt.sh, t-rom-*.sh, bench.sh, demo.sh); sourced
# after lib.sh.
#
#   rt_init NAME         work dir, $B checks, VM env; exits 77 when QEMU or
#                        iasl is missing
#   rt_helpers           builds the static guest helpers (rusage, romfloor,
#                        acpitime) into $B/tests/vm/ when out of date
#   rt_initramfs         $rt_initrd: rom-guest.sh (+ bench-guest.sh and
#                        demo-guest.sh) + the tools + helpers
#   rt_ssdt OUT [ARG]... the guest SSDT from $B/vfio-ssdt
#   rt_models            checks the tests/acpi model tables and mkromaml
#                        are built
#   rt_models_boot NAME ROM [run-vm.sh ARG]...
#                        boots with the _ROM models over ROM (no vfio-ssdt
#                        table), the guest dumping through each
#                        (models-guest.sh); prints its lines, $rt_work/NAME.txt
#                        gets the "models:" figures
#   rt_boot NAME ROM [run-vm.sh ARG]...
#                        boots with ROM in fw_cfg, prints the guest's ok/not
#                        ok lines, then checks on the host that the dump
#                        carried out through ttyS1 is byte-identical to ROM
#                        and that the guest's vbios-info output matches the
#                        host's; failures counted in $rt_fail
# shellcheck shell=bash

B="${B:-build}"
rt_fail=0
rt_pass=0
rt_work=""
rt_keep=0

rt_ms() { # since START (date +%s%N)
	echo $((($(date +%s%N) - $1) / 1000000))
}

rt_cleanup() {
	if [ "$rt_keep" = 1 ]; then
		vm_log "keeping $rt_work"
	else
		rm -rf "$rt_work"
	fi
}

rt_init() {
	local t
	for t in qemu-system-x86_64 "${IASL:-iasl}" gcc; do
		if ! command -v "$t" >/dev/null; then
			echo "SKIP: $t not found"
			exit 77
		fi
	done
	for t in dump_vbios_rom_acpi vbios-info vfio-ssdt tests/mkrom; do
		[ -x "$B/$t" ] || vm_die "$B/$t missing: run make (and make $B/tests/mkrom)"
	done
	vm_load_env
	rt_work="$(mktemp -d "${TMPDIR:-/tmp}/vm-$1.XXXXXX")"
	trap rt_cleanup EXIT
}

# static helper $1 from tests/vm/$1.c, rebuilt when the source is newer
rt_static() {
	local out="$B/tests/vm/$1"
	if [ ! -x "$out" ] || [ "$VM_HERE/$1.c" -nt "$out" ]; then
		mkdir -p "$B/tests/vm"
		gcc -static -O2 -Wall -Wextra -o "$out.tmp" "$VM_HERE/$1.c" ||
			vm_die "cannot build $out (static libc: libc6-dev)"
		mv "$out.tmp" "$out"
	fi
}

rt_helpers() {
	rt_static rusage
	rt_static romfloor
	rt_static acpitime
}

# The initramfs does not depend on the ROM or the table: build it once per
# run and share it (kept in $B/tests/vm/, rebuilt when an input is newer).
rt_initramfs() {
	local f stale=0
	rt_helpers
	rt_initrd="$B/tests/vm/rom.cpio.gz"
	if [ ! -e "$rt_initrd" ]; then
		stale=1
	else
		for f in "$VM_HERE/rom-guest.sh" "$VM_HERE/bench-guest.sh" \
			"$VM_HERE/demo-guest.sh" "$VM_HERE/mkinitramfs.sh" \
			"$VM_HERE/models-guest.sh" \
			"$VM_HERE/guest-lib.sh" \
			"$B/dump_vbios_rom_acpi" "$B/vbios-info" "$B/tests/vm/rusage" \
			"$B/tests/vm/romfloor" "$B/tests/vm/acpitime" "$VM_CACHE/env.sh"; do
			[ ! "$f" -nt "$rt_initrd" ] || stale=1
		done
	fi
	[ "$stale" = 0 ] && return 0
	"$VM_HERE/mkinitramfs.sh" "$rt_initrd" --script "$VM_HERE/rom-guest.sh" \
		--bin "$B/dump_vbios_rom_acpi" --bin "$B/vbios-info" \
		--bin "$B/tests/vm/rusage" --bin "$B/tests/vm/romfloor" \
		--bin "$B/tests/vm/acpitime" \
		--file "$VM_HERE/bench-guest.sh:/ovt/bench-guest.sh" \
		--file "$VM_HERE/demo-guest.sh:/ovt/demo-guest.sh" \
		--file "$VM_HERE/models-guest.sh:/ovt/models-guest.sh"
}

rt_model_names="exact nvref win256 region56 always4k field8k region4k"

rt_models() {
	local m
	[ -x "$B/tests/mkromaml" ] || vm_die "$B/tests/mkromaml missing: run make check's helpers"
	for m in romdata $rt_model_names; do
		[ -e "$B/tests/acpi/$m.aml" ] ||
			vm_die "$B/tests/acpi/$m.aml missing: make $B/tests/acpi/$m.aml"
	done
}

# The fewest calls for SIZE bytes at 42 bytes a call, none across a page,
# plus room for the chain walk's header reads and a refusal or two.
rt_max_calls() {
	local pages=$(($1 / 4096))
	echo $((pages * 98 + ($1 % 4096 + 41) / 42 + 24))
}

rt_models_boot() {
	local name="$1" rom="$2" size rc=0 t0 m ssdts=()
	shift 2
	size="$(stat -c %s "$rom")"
	"$B/tests/mkromaml" "$rom" "$rt_work/$name.data.aml" || vm_die "mkromaml failed"
	ssdts=(--ssdt "$rt_work/$name.data.aml" --ssdt "$B/tests/acpi/romdata.aml")
	for m in $rt_model_names; do
		ssdts+=(--ssdt "$B/tests/acpi/$m.aml")
	done
	echo "# boot $name: $size byte ROM behind the _ROM models"
	t0=$(date +%s%N)
	"$VM_HERE/run-vm.sh" --initrd "$rt_initrd" "${ssdts[@]}" \
		--log "$rt_work/$name.log" \
		--append "ovt.mode=models ovt.size=$size ovt.md5=$(md5sum <"$rom" | cut -d' ' -f1) ovt.maxcalls=$(rt_max_calls "$size")" \
		"$@" || rc=$?
	tr -d '\r' <"$rt_work/$name.log" | sed -n 's/^\(ok\|not ok\) - /\1 - '"$name"': /p'
	tr -d '\r' <"$rt_work/$name.log" | sed -n 's/^models: //p' >"$rt_work/$name.txt"
	sed 's/^/# /' "$rt_work/$name.txt"
	rt_check "$name: guest checks pass (rc=$rc, $(rt_ms "$t0") ms)" [ "$rc" = 0 ]
}

rt_ssdt() {
	local out="$1"
	shift
	"$B/vfio-ssdt" -q --guest-address 01:00.0 --bridge 00:01.0 "$@" \
		-o "$out" >"$out.log" 2>&1 ||
		{ cat "$out.log" >&2; vm_die "vfio-ssdt failed"; }
}

rt_ok() {
	echo "ok - $*"
	rt_pass=$((rt_pass + 1))
}

rt_notok() {
	echo "not ok - $*"
	rt_fail=$((rt_fail + 1))
	rt_keep=1
}

rt_check() { # DESC CMD...
	local desc="$1"
	shift
	if "$@"; then rt_ok "$desc"; else rt_notok "$desc"; fi
}

rt_boot() {
	local name="$1" rom="$2" size rc=0 t0 line parts
	shift 2
	size="$(stat -c %s "$rom")"
	echo "# boot $name: $size byte ROM, run-vm.sh $*"
	t0=$(date +%s%N)
	"$VM_HERE/run-vm.sh" --initrd "$rt_initrd" --rom "$rom" \
		--serial-out "$rt_work/$name.out" --log "$rt_work/$name.log" \
		--append "ovt.size=$size" "$@" || rc=$?
	tr -d '\r' <"$rt_work/$name.log" | sed -n 's/^\(ok\|not ok\) - /\1 - '"$name"': /p;
		s/^romtest: \(rusage\|.*calls of\)/# '"$name"': \1/p'
	rt_check "$name: guest checks pass (rc=$rc, $(rt_ms "$t0") ms)" [ "$rc" = 0 ]

	# the dump, then vbios-info, then vbios-info --json, sizes on the console
	line="$(tr -d '\r' <"$rt_work/$name.log" | sed -n 's/^romtest: serial-out //p')"
	read -r -a parts <<<"${line:-0 0 0}"
	head -c "${parts[0]}" "$rt_work/$name.out" >"$rt_work/$name.rom"
	rt_check "$name: dump carried out is byte-identical to the ROM" \
		cmp -s "$rom" "$rt_work/$name.rom"
	tail -c +"$((parts[0] + 1))" "$rt_work/$name.out" | head -c "${parts[1]}" \
		>"$rt_work/$name.info"
	"$B/vbios-info" "$rom" >"$rt_work/$name.info.host" 2>&1 || true
	rt_check "$name: vbios-info in the guest matches the host's" \
		cmp -s "$rt_work/$name.info.host" "$rt_work/$name.info"
	tail -c +"$((parts[0] + parts[1] + 1))" "$rt_work/$name.out" |
		head -c "${parts[2]}" | grep -v '^  "file":' >"$rt_work/$name.json"
	"$B/vbios-info" --json "$rom" 2>&1 | grep -v '^  "file":' \
		>"$rt_work/$name.json.host" || true
	rt_check "$name: vbios-info --json matches too (but the file name)" \
		cmp -s "$rt_work/$name.json.host" "$rt_work/$name.json"
}

rt_finish() {
	echo "# $rt_pass passed, $rt_fail failed"
	[ "$rt_fail" = 0 ]
}

#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# t-reset.sh - gpu-reset on the real kernel: one boot.
#
# Tables: power-counters.asl (compiled here; _OFF/_ON on \_SB.PCI0.S08.S00
# that count and record their order) and $B/vfio-ssdt's table (_ROM on the
# same node) with a 16 KiB ROM in fw_cfg and vmgenid.  bochs (01:00.0) and
# snd_hda_intel (01:00.1, driver_override none) stand in for nvidia* and
# the HDMI audio.  The guest (reset-guest.sh) checks:
#   --dry-run: plan in order, nothing changes (devices, drivers, modules,
#              power counters);
#   the full sequence (--power acpi --skip smi --json): exit 0, all three
#              functions back, 01:00.1 override none again and unbound,
#              bochs reloaded and bound, _OFF then _ON once each, every step
#              logged with its duration; a _ROM dump afterwards equals the ROM;
#   a load step that fails (--load bochs,ovt_no_such_module): exit 3, all
#              functions on the bus, override re-applied, the failed step
#              named;
#   a control run with --skip override: driver_override is gone after the
#              rescan and snd_hda_intel binds 01:00.1 (what the step prevents).
# On the host: both --json records, carried out through ttyS1, parse with
# python3 (when there is one) and have the expected fields.
set -euo pipefail

# shellcheck source=SCRIPTDIR/lib.sh
. "$(dirname "$0")/lib.sh"

B="${B:-build}"
for t in qemu-system-x86_64 "${IASL:-iasl}"; do
	if ! command -v "$t" >/dev/null; then
		echo "SKIP: $t not found"
		exit 77
	fi
done
for t in gpu-reset pci-override dump_vbios_rom_acpi vfio-ssdt tests/mkrom; do
	[ -x "$B/$t" ] || vm_die "$B/$t missing: run make (and make $B/tests/mkrom)"
done
vm_load_env

work="$(mktemp -d "${TMPDIR:-/tmp}/vm-reset.XXXXXX")"
keep="${VMTEST_KEEP:-0}"
# shellcheck disable=SC2317 # called by the trap
cleanup() {
	if [ "$keep" = 1 ]; then vm_log "keeping $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT

"${IASL:-iasl}" -p "$work/power" "$VM_HERE/power-counters.asl" \
	>"$work/iasl.log" 2>&1 || { cat "$work/iasl.log" >&2; vm_die "iasl failed"; }
"$B/vfio-ssdt" -q --guest-address 01:00.0 --bridge 00:01.0 -o "$work/rom.aml" \
	>"$work/vfio-ssdt.log" 2>&1 ||
	{ cat "$work/vfio-ssdt.log" >&2; vm_die "vfio-ssdt failed"; }
"$B/tests/mkrom" -i x86:16K -o "$work/rom.bin"
size="$(stat -c %s "$work/rom.bin")"
"$VM_HERE/mkinitramfs.sh" "$work/t.cpio.gz" --script "$VM_HERE/reset-guest.sh" \
	--bin "$B/gpu-reset" --bin "$B/pci-override" --bin "$B/dump_vbios_rom_acpi"

pass=0
fail=0
ok() {
	echo "ok - $*"
	pass=$((pass + 1))
}
notok() {
	echo "not ok - $*"
	fail=$((fail + 1))
	keep=1
}

rc=0
t0=$(date +%s%N)
"$VM_HERE/run-vm.sh" --initrd "$work/t.cpio.gz" --ssdt "$work/power.aml" \
	--ssdt "$work/rom.aml" --rom "$work/rom.bin" --vmgenid \
	--append "ovt.size=$size" --serial-out "$work/out" --log "$work/console.log" ||
	rc=$?
ms=$((($(date +%s%N) - t0) / 1000000))
tr -d '\r' <"$work/console.log" | sed -n 's/^\(ok\|not ok\) - /\1 - guest: /p'
if [ "$rc" = 0 ]; then
	ok "guest checks pass ($ms ms)"
else
	notok "guest checks pass (rc=$rc)"
	tr -d '\r' <"$work/console.log" | grep '^rsttest: ' >&2 || true
fi

# the two JSON records, sizes on the console
line="$(tr -d '\r' <"$work/console.log" | sed -n 's/^rsttest: serial-out //p')"
read -r -a parts <<<"${line:-0 0}"
head -c "${parts[0]}" "$work/out" >"$work/full.json"
tail -c +"$((parts[0] + 1))" "$work/out" | head -c "${parts[1]}" >"$work/failed.json"

if ! command -v python3 >/dev/null; then
	echo "# python3 not found: JSON not parsed on the host"
else
	# FILE EXIT OUTCOME FAILED-STEP-OR-- : parse and check the record
	json_check() {
		python3 - "$@" <<'EOF'
import json, sys
f, want_exit, want_outcome, failed = sys.argv[1:5]
r = json.load(open(f))
assert r["gpu"] == "0000:01:00.0", r["gpu"]
assert r["bridge"] == "0000:00:01.0", r["bridge"]
assert r["functions"] == ["0000:01:00.0", "0000:01:00.1"], r["functions"]
assert r["dry_run"] is False
assert r["exit"] == int(want_exit), r["exit"]
assert r["outcome"] == want_outcome, r["outcome"]
steps = [s["step"] for s in r["steps"]]
assert steps == ["power", "unload", "remove", "rescan", "override", "load",
                 "smi"], steps
for s in r["steps"]:
    assert isinstance(s["ms"], int) and s["ms"] >= 0, s
    want = "skipped" if s["step"] == "smi" else "ok"
    if s["step"] == failed:
        want = "failed"
        assert s.get("error"), s
    assert s["status"] == want, s
EOF
	}
	if json_check "$work/full.json" 0 ok - 2>"$work/json.err"; then
		ok "host: JSON of the full run parses (exit 0, outcome ok, 6 steps ok, smi skipped)"
	else
		notok "host: JSON of the full run parses and has the expected fields"
		cat "$work/json.err" "$work/full.json" >&2
	fi
	if json_check "$work/failed.json" 3 restored load 2>"$work/json.err"; then
		ok "host: JSON of the failed run parses (exit 3, outcome restored, load failed with an error)"
	else
		notok "host: JSON of the failed run parses and has the expected fields"
		cat "$work/json.err" "$work/failed.json" >&2
	fi
fi
echo "# $pass passed, $fail failed"
[ "$fail" = 0 ]

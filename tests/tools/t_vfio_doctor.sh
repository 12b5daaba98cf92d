# SPDX-License-Identifier: GPL-2.0-or-later
# Tool tests of vfio-doctor: the healthy doctor-ok fixture, and one change to it per failure.

GPU=0000:01:00.0
AUD=0000:01:00.1
DEVS=sys/bus/pci/devices
GDIR=sys/devices/pci0000:00/0000:00:01.0/$GPU
ADIR=sys/devices/pci0000:00/0000:00:01.0/$AUD
SB=sys/firmware/efi/efivars/SecureBoot-8be4df61-93ca-11d2-aa0d-00e098032b8c

doc() { run_tool vfio-doctor -s "$ROOT" "$@"; }

# The healthy tree with acpi_call "loaded": a responder serving a ROM as _ROM.
healthy() {
	use_fixture doctor-ok
	"$B/tests/mkrom" -i x86:64K -o "$T/rom" || fail "mkrom"
	FAKE_ACPI_CALL_METHOD='\_SB.PCI0.PEG0.PEGP._ROM'
	start_fake_acpi_call "$ROOT" "$T/rom" --log "$T/calls.log" "$@"
}

# status_of CHECK: the status word of one check in the text output
# (a result line: a status word first, not a line of the "What to run" list)
status_of() { awk -v c="$1" '$2 == c && $1 ~ /^(OK|SKIP|WARN|FAIL)$/ { print $1 }' "$T/stdout"; }
assert_check() {
	local got
	got=$(status_of "$1")
	[ "$got" = "$2" ] || fail "check $1 is '$got', expected $2"
}
# Every check but the ones named is OK or SKIP.
assert_others_fine() {
	local line id st
	while read -r st id _; do
		case " $* " in *" $id "*) continue ;; esac
		case $st in OK | SKIP) ;; WARN | FAIL) fail "check $id is $st" ;; esac
	done < <(grep -E '^(OK|SKIP|WARN|FAIL) ' "$T/stdout")
}

test_help_version() {
	run_tool vfio-doctor --help
	assert_rc 0
	assert_stdout_match '^Usage: vfio-doctor'
	assert_stderr_empty
	run_tool vfio-doctor -V
	assert_rc 0
	assert_stdout_match '^vfio-doctor \(optimus-vfio\) [0-9]'
}

test_bad_option() {
	run_tool vfio-doctor --bogus
	assert_rc 1
	assert_stdout_empty
	assert_stderr_match "^Try 'vfio-doctor --help'\.$"
	run_tool vfio-doctor extra
	assert_rc 1
	assert_stderr_match "unexpected argument 'extra'"
	run_tool vfio-doctor -d 1:2:3
	assert_rc 1
	assert_stderr_match "invalid PCI address '1:2:3'"
}

test_no_sysroot_dir() {
	run_tool vfio-doctor -s "$T/nowhere"
	assert_rc 1
	assert_stderr_match "^vfio-doctor: open sysroot $T/nowhere: "
}

test_healthy() {
	healthy
	cp -a "$ROOT" "$T/pristine"
	doc
	assert_rc 0
	assert_stderr_empty
	assert_check gpu OK
	assert_check iommu OK
	assert_check iommu-group OK
	assert_check acpi_call OK
	assert_check acpi-rom OK
	assert_check libvirt SKIP
	assert_check qemu SKIP
	assert_others_fine
	assert_stdout_match '^OK   iommu-group    group 1 \(3 devices\) is viable$'
	assert_stdout_match '^OK   acpi-rom       \\_SB\.PCI0\.PEG0\.PEGP\._ROM serves a ROM image$'
	# one _ROM call of 2 bytes, nothing else
	assert_file_content "$T/calls.log" '\_SB.PCI0.PEG0.PEGP._ROM 0 2'
	# read-only: the tree is as it was (the lock file of acpi_call aside)
	diff -r --no-dereference -x 'call' -x '*.lock' "$T/pristine" "$ROOT" > /dev/null ||
		fail "vfio-doctor changed the tree"
}

test_json() {
	healthy
	doc --json
	assert_rc 0
	python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); \
		assert d["result"] == "ok" and d["exit"] == 0, d; \
		c = {x["check"]: x for x in d["checks"]}; \
		assert c["acpi-rom"]["status"] == "ok" and c["acpi-rom"]["advice"] is None; \
		assert c["libvirt"]["status"] == "skip"; \
		assert "\\_SB.PCI0" in c["acpi-rom"]["message"]' "$T/stdout" ||
		fail "bad JSON"
}

test_json_fail() {
	use_fixture doctor-ok
	rm -rf "$ROOT/sys/kernel/iommu_groups"/*
	doc --json --no-acpi
	assert_rc 6
	python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); \
		assert d["result"] == "fail" and d["exit"] == 6, d; \
		c = {x["check"]: x for x in d["checks"]}; \
		assert c["iommu"]["status"] == "fail" and "firmware" in c["iommu"]["advice"]' \
		"$T/stdout" || fail "bad JSON"
}

test_no_acpi_skips_rom() {
	healthy
	doc --no-acpi
	assert_rc 0
	assert_check acpi-rom SKIP
	[ ! -s "$T/calls.log" ] || fail "acpi_call was asked: $(cat "$T/calls.log")"
}

test_no_iommu() {
	use_fixture doctor-ok
	rm -rf "$ROOT/sys/kernel/iommu_groups"/*
	rm -f "$ROOT/$DEVS"/*/iommu_group "$ROOT"/sys/devices/pci0000:00/*/iommu_group \
		"$ROOT"/sys/devices/pci0000:00/*/*/iommu_group
	echo 'ro quiet' > "$ROOT/proc/cmdline"
	doc --no-acpi
	assert_rc 6
	assert_check iommu FAIL
	assert_check iommu-group FAIL
	assert_stdout_match 'intel_iommu=on'
}

test_iommu_off_on_cmdline() {
	use_fixture doctor-ok
	rm -rf "$ROOT/sys/kernel/iommu_groups"/*
	echo 'ro intel_iommu=off' > "$ROOT/proc/cmdline"
	doc --no-acpi
	assert_check iommu FAIL
	assert_stdout_match 'turned off on the kernel command line'
}

test_group_shared_with_host_device() {
	use_fixture doctor-ok
	# the Intel GPU joins the NVIDIA GPU's group
	ln -s "../../../../devices/pci0000:00/0000:00:02.0" \
		"$ROOT/sys/kernel/iommu_groups/1/devices/0000:00:02.0"
	doc --no-acpi
	assert_rc 6
	assert_check iommu-group FAIL
	assert_stdout_match 'shares the GPU with host devices: 0000:00:02\.0 \(i915\)'
}

test_gpu_bound_to_nvidia_warns() {
	use_fixture laptop
	doc --no-acpi
	assert_check iommu-group WARN
	assert_stdout_match '0000:01:00\.0 \(nvidia\)'
	assert_check audio WARN
	assert_stdout_match 'pci-override --set none --persist'
}

test_acpi_call_not_installed() {
	use_fixture doctor-ok
	rm -f "$ROOT"/lib/modules/*/updates/dkms/acpi_call.ko
	doc
	assert_rc 6
	assert_check acpi_call FAIL
	assert_check acpi-rom SKIP
	assert_stdout_match 'acpi-call-dkms'
}

test_acpi_call_not_loaded() {
	use_fixture doctor-ok
	doc
	assert_rc 5
	assert_check acpi_call WARN
	assert_others_fine acpi_call
}

test_secure_boot_unsigned() {
	use_fixture doctor-ok
	printf '\x06\x00\x00\x00\x01' > "$ROOT/$SB"
	doc --no-acpi
	assert_rc 5
	assert_check secure-boot WARN
	assert_stdout_match 'MOK'
}

test_secure_boot_loaded() {
	healthy
	printf '\x06\x00\x00\x00\x01' > "$ROOT/$SB"
	doc
	assert_rc 0
	assert_check secure-boot OK
}

test_no_rom_method() {
	healthy --missing-rom
	doc
	assert_rc 6
	assert_check acpi-rom FAIL
	assert_stdout_match '_ROM: AE_NOT_FOUND'
}

test_acpi_call_lock_is_a_symlink() {
	healthy
	mkdir -p "$ROOT/run/lock"
	ln -s "$T/elsewhere" "$ROOT/run/lock/optimus-vfio-acpi_call.lock"
	doc
	assert_rc 5
	assert_check acpi-rom WARN
	assert_stdout_match "^WARN acpi-rom +lock $ROOT/run/lock/optimus-vfio-acpi_call.lock: Too many levels of symbolic links$"
	assert_no_file "$T/elsewhere"
}

test_no_firmware_node() {
	healthy
	rm -f "$ROOT/$GDIR/firmware_node"
	doc
	assert_check acpi-rom FAIL
	assert_stdout_match 'has no ACPI firmware node'
}

test_switchers() {
	use_fixture doctor-ok
	mkdir -p "$ROOT/etc/optimus-manager" "$ROOT/etc/udev/rules.d" "$ROOT/sys/module/bbswitch"
	: > "$ROOT/etc/optimus-manager/optimus-manager.conf"
	: > "$ROOT/etc/udev/rules.d/50-remove-nvidia.rules"
	: > "$ROOT/etc/supergfxd.conf"
	echo live > "$ROOT/sys/module/bbswitch/initstate"
	doc --no-acpi
	assert_check switchers WARN
	assert_stdout_match 'optimus-manager \(/etc/optimus-manager/optimus-manager.conf\)'
	assert_stdout_match 'envycontrol \(/etc/udev/rules.d/50-remove-nvidia.rules\)'
	assert_stdout_match 'supergfxctl'
	assert_stdout_match 'bbswitch'
}

test_blacklist() {
	use_fixture doctor-ok
	printf '# off\nblacklist nvidia\nblacklist nvidia_drm\n' > "$ROOT/etc/modprobe.d/no-nvidia.conf"
	doc --no-acpi
	assert_check blacklist WARN
	assert_stdout_match 'blacklisted in /etc/modprobe.d/no-nvidia.conf$'
}

# Each file is named once: a name that is part of another's path ("c" in
# "/etc/...", "d" in "modprobe.d") is still a file of its own.
test_blacklist_every_file() {
	use_fixture doctor-ok
	echo 'blacklist nvidia' > "$ROOT/etc/modprobe.d/c"
	echo 'install nvidia /bin/false' > "$ROOT/etc/modprobe.d/d"
	doc --no-acpi
	assert_check blacklist WARN
	assert_stdout_match 'blacklisted in .*/etc/modprobe\.d/c\b'
	assert_stdout_match 'blacklisted in .*/etc/modprobe\.d/d\b'
}

test_nvidia_daemons() {
	use_fixture doctor-ok
	mkdir -p "$ROOT/proc/900" "$ROOT/proc/901"
	echo nvidia-persiste > "$ROOT/proc/900/comm"
	echo nvidia-powerd > "$ROOT/proc/901/comm"
	doc --no-acpi
	assert_check nvidia-daemons WARN
	assert_stdout_match 'nvidia-persiste \(pid 900\)'
	assert_stdout_match 'nvidia-powerd \(pid 901\)'
}

test_d3cold_and_no_reset() {
	use_fixture doctor-ok
	echo D3cold > "$ROOT/$GDIR/power_state"
	printf '\n' > "$ROOT/$GDIR/reset_method"
	doc --no-acpi
	assert_check power WARN
	assert_check reset WARN
	assert_stdout_match 'in D3cold now \(d3cold_allowed 1\)'
}

test_audio_override_missing() {
	use_fixture doctor-ok
	printf '\n' > "$ROOT/$ADIR/driver_override"
	doc --no-acpi
	assert_rc 5
	assert_check audio WARN
	assert_stdout_match "$AUD override - driver -"
}

# A real bus 0 holds more functions than the audio check once looked at
# (32, in bus order): the GPU's audio function behind them must still count.
test_audio_found_past_many_bus0_functions() {
	local i name
	use_fixture doctor-ok
	printf '\n' > "$ROOT/$ADIR/driver_override"
	for i in $(seq 0 199); do
		name=$(printf '0000:00:%02x.%x' $((3 + i / 8)) $((i % 8)))
		cp -a "$ROOT/sys/devices/pci0000:00/0000:00:1f.3" \
			"$ROOT/sys/devices/pci0000:00/$name"
		ln -s "../../../devices/pci0000:00/$name" "$ROOT/$DEVS/$name"
	done
	doc --no-acpi
	assert_check audio WARN
	assert_stdout_match "$AUD override - driver -"
}

test_no_gpu() {
	use_fixture doctor-ok
	rm -f "$ROOT/$DEVS/$GPU"
	doc --no-acpi
	assert_rc 6
	assert_check gpu FAIL
	assert_check iommu-group SKIP
	assert_check audio SKIP
}

test_device_option() {
	use_fixture doctor-ok
	doc --no-acpi -d 01:00.0
	assert_rc 5
	assert_check gpu OK
	doc --no-acpi -d 05:00.0
	assert_rc 6
	assert_stdout_match 'no PCI device 05:00.0'
}

. "$TOP/tests/tools/json.sh"

# Issue 11.10: with --json every failure is one object with an error member,
# the exit status unchanged.
test_json_under_errors() {
	use_fixture doctor-ok
	doc --json -d 1:0.0
	assert_rc 1
	assert_json_error '.exit == 1 and .checks == [] and (.error.message | test("1:0.0"))'
	run_tool vfio-doctor --json -s "$T/no-such-root"
	assert_rc 1
	assert_json_error ".error.path == \"$T/no-such-root\" and .exit == 1"
	# findings are the record, not errors
	rm -rf "$ROOT/sys/kernel/iommu_groups"/*
	doc --json --no-acpi
	assert_rc 6
	assert_json_clean '.result == "fail"'
	# the command line's own syntax errors print no JSON (documented)
	doc --json extra
	assert_rc 1
	assert_stdout_empty
}

# Sysfs values and paths that are not UTF-8 still give valid UTF-8 JSON.
test_json_invalid_utf8() {
	use_fixture doctor-ok
	printf 'flr \xff\xfe\n' > "$ROOT/$DEVS/$GPU/reset_method"
	doc --json --no-acpi
	assert_json_clean '[.checks[] | select(.check == "reset") | .message] ==
		["reset methods: flr \ufffd\ufffd"]'
	mv "$ROOT" "$T/r"$'\xe2\x82'"oot"
	ROOT=$T/r$'\xe2\x82'oot
	rm -rf "$ROOT/sys/kernel/iommu_groups"/*
	doc --json --no-acpi
	assert_rc 6
	assert_json_clean '.checks[] | select(.check == "iommu-group") | .message | test("r\ufffd\ufffdoot")'
	run_tool vfio-doctor --json -s "$T/n"$'\x80'"o"
	assert_rc 1
	assert_json_error ".error.path == \"$T/n\\ufffdo\""
}

# _ROM answering with NVIDIA's 77 bb signature serves a ROM as much as 55 aa
# does: the dumper and vbios-info accept it, so no warning here either.
test_rom_signature_77bb() {
	use_fixture doctor-ok
	"$B/tests/mkrom" -i x86:64K --sig bb77 -o "$T/rom" || fail "mkrom"
	FAKE_ACPI_CALL_METHOD='\_SB.PCI0.PEG0.PEGP._ROM'
	start_fake_acpi_call "$ROOT" "$T/rom" --log "$T/calls.log"
	doc
	assert_rc 0
	assert_check acpi-rom OK
	assert_stdout_match '^OK   acpi-rom       \\_SB\.PCI0\.PEG0\.PEGP\._ROM serves a ROM image$'
}

# The bytes 4e 56 start an nvflash file's NVGI header, not a ROM image.
test_rom_nvgi_bytes_warn() {
	use_fixture doctor-ok
	"$B/tests/mkrom" --nvgi 1K -i x86:4K -o "$T/rom" || fail "mkrom"
	FAKE_ACPI_CALL_METHOD='\_SB.PCI0.PEG0.PEGP._ROM'
	start_fake_acpi_call "$ROOT" "$T/rom" --log "$T/calls.log"
	doc
	assert_rc 5
	assert_check acpi-rom WARN
	assert_stdout_match '_ROM answers but not with a ROM signature'
}

# A domain XML passing the GPU with <rom bar='on' file='FILE'/>: $T/dom.xml.
rom_bar_domain() {
	cat > "$T/dom.xml" <<XML
<domain type='kvm'>
  <name>win11</name>
  <devices>
    <hostdev mode='subsystem' type='pci' managed='yes'>
      <source>
        <address domain='0x0000' bus='0x01' slot='0x00' function='0x0'/>
      </source>
      <rom bar='on' file='$1'/>
    </hostdev>
  </devices>
</domain>
XML
}

# Issue 18: a domain's ROM BAR file, present, readable and this GPU's.
test_rom_bar_fit() {
	healthy
	"$B/tests/mkrom" -i x86:4K -i efi:4K -o "$T/mxm.rom" || fail mkrom
	chmod 644 "$T/mxm.rom"
	rom_bar_domain "$T/mxm.rom"
	doc --domain-xml "$T/dom.xml"
	assert_rc 0
	assert_stdout_match "^OK   rom-file       $T/mxm.rom: a ROM for 10de:1c8d \(8192 bytes\)$"
	assert_others_fine
	# without a domain there is no such check
	doc
	assert_rc 0
	! grep -q rom-file "$T/stdout" || fail "rom-file checked without a domain"
}

# The rom-file check refuses what vfio-domain --rom-bar refuses: a bad x86
# checksum is a FAIL.
test_rom_bar_bad_checksum() {
	healthy
	"$B/tests/mkrom" -i x86:4K --bad-checksum -i efi:4K -o "$T/sum.rom" || fail mkrom
	chmod 644 "$T/sum.rom"
	rom_bar_domain "$T/sum.rom"
	doc --domain-xml "$T/dom.xml"
	assert_rc 6
	assert_stdout_match "^FAIL rom-file       check $T/sum.rom: image 0 at offset 0x0 has a bad x86 checksum$"
}

test_rom_bar_missing_or_unfit() {
	healthy
	rom_bar_domain "$T/gone.rom"
	doc --domain-xml "$T/dom.xml"
	assert_rc 6
	assert_check rom-file FAIL
	assert_stdout_match "^FAIL rom-file       check $T/gone.rom: No such file or directory$"
	assert_stdout_match "QEMU opens it when the guest starts"
	"$B/tests/mkrom" --nvgi 2560 -i x86:4K -o "$T/nvgi.rom" || fail mkrom
	rom_bar_domain "$T/nvgi.rom"
	doc --domain-xml "$T/dom.xml"
	assert_rc 6
	assert_stdout_match "^FAIL rom-file       check $T/nvgi.rom: the ROM is at offset 0xa00, after an NVIDIA NVGI header"
	mkdir "$T/dir.rom"
	rom_bar_domain "$T/dir.rom"
	doc --domain-xml "$T/dom.xml" --json
	assert_rc 6
	python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); \
		c = {x["check"]: x for x in d["checks"]}; \
		assert c["rom-file"]["status"] == "fail", c["rom-file"]; \
		assert "Is a directory" in c["rom-file"]["message"], c["rom-file"]' "$T/stdout" ||
		fail "bad JSON: $(cat "$T/stdout")"
}

# Worth a look, not necessarily wrong: another device ID, a private file.
test_rom_bar_warnings() {
	healthy
	"$B/tests/mkrom" --device 1f95 -i x86:4K -o "$T/other.rom" || fail mkrom
	chmod 644 "$T/other.rom"
	rom_bar_domain "$T/other.rom"
	doc --domain-xml "$T/dom.xml"
	assert_rc 5
	assert_stdout_match "^WARN rom-file       check $T/other.rom: the ROM is for device 10de:1f95, the GPU is 10de:1c8d$"
	assert_stdout_match "vfio-domain --rom-bar --force"
	"$B/tests/mkrom" -i x86:4K -o "$T/mine.rom" || fail mkrom
	chmod 600 "$T/mine.rom"
	rom_bar_domain "$T/mine.rom"
	doc --domain-xml "$T/dom.xml"
	assert_rc 5
	assert_stdout_match "^WARN rom-file       $T/mine.rom is mode 0600: QEMU runs as its own user"
	# hidden by bar='off': nothing the guest reads
	sed -i "s|<rom bar='on'|<rom bar='off'|" "$T/dom.xml"
	doc --domain-xml "$T/dom.xml"
	assert_rc 0
	assert_check rom-file SKIP
}

# --domain runs virsh, which a sysroot never asks; bad domain inputs stop
# the doctor before any check (exit 1), named.
test_rom_bar_domain_options() {
	healthy
	doc --domain win11
	assert_rc 0
	assert_stdout_match "^SKIP rom-file       domain 'win11' not asked with a sysroot$"
	doc --domain-xml "$T/nope.xml"
	assert_rc 1
	assert_stderr_eq "vfio-doctor: read $T/nope.xml: No such file or directory"
	assert_stdout_empty
	printf '<domain><name>x</name>\n' > "$T/bad.xml"
	doc --domain-xml "$T/bad.xml" --json
	assert_rc 1
	assert_stderr_match "^vfio-doctor: $T/bad.xml:[0-9]+: malformed XML"
	python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); \
		assert d["result"] == "error" and d["checks"] == [], d' "$T/stdout" ||
		fail "bad JSON: $(cat "$T/stdout")"
	doc --domain-xml "$T/bad.xml" --domain win11
	assert_rc 1
	assert_stderr_eq "vfio-doctor: --domain-xml and --domain exclude each other"
	# a domain that does not pass the GPU through: nothing to check
	printf "<domain type='kvm'><name>x</name><devices/></domain>\n" > "$T/none.xml"
	doc --domain-xml "$T/none.xml"
	assert_rc 0
	assert_stdout_match "^SKIP rom-file       the domain does not pass 0000:01:00.0 through$"
}

# ---- which workarounds this machine needs, and what to run ----

# start_rom_bar FILE: the GPU's sysfs rom as the kernel serves it, a FIFO:
# it takes "1" (enable), gives FILE to one reader, then takes "0" (disable).
# Each step goes to $T/rom.log; a read before the "1" would hang, not pass.
start_rom_bar() {
	local fifo=$ROOT/$GDIR/rom
	rm -f "$fifo"
	mkfifo "$fifo"
	(
		exec < /dev/null > /dev/null 2>&1
		cmd=$(cat "$fifo")
		echo "write $cmd" >> "$T/rom.log"
		[ "$cmd" = 1 ] || exit 0
		cat "$1" > "$fifo"
		echo read >> "$T/rom.log"
		cmd=$(cat "$fifo")
		echo "write $cmd" >> "$T/rom.log"
	) &
	ROM_BAR_PID=$!
	at_exit stop_rom_bar
}

# Stop the responder; a cat of it still blocked in opening the FIFO is freed
# by opening it read-write (which never blocks) and closing it again.
stop_rom_bar() {
	local fifo=$ROOT/$GDIR/rom
	kill "$ROM_BAR_PID" 2> /dev/null || true
	if [ -p "$fifo" ]; then
		exec 9<> "$fifo"
		exec 9>&-
	fi
	wait "$ROM_BAR_PID" 2> /dev/null || true
}

# The MUX/desktop tree, its ROM BAR serving a valid 64 KiB image of the GPU.
mux_with_rom_bar() {
	use_fixture mux-desktop
	"$B/tests/mkrom" -i x86:64K -o "$T/rom" || fail "mkrom"
	start_rom_bar "$T/rom"
}

# the lines of the "What to run" list (commands only)
what_to_run() { sed -n '/^What to run:/,$p' "$T/stdout" | sed -n 's/^  \$ //p'; }

# No _ROM to dump: the list takes the vBIOS from the firmware update instead.
assert_firmware_way() {
	what_to_run | grep -qx 'vbios-extract --firmware UPDATE.exe -o vbios.rom' ||
		fail "no vbios-extract --firmware: $(what_to_run)"
	! what_to_run | grep -q 'dump_vbios_rom_acpi' || fail "dump offered without _ROM"
}

test_muxless_3d_controller() {
	use_fixture doctor-ok
	echo 0x030200 > "$ROOT/$GDIR/class"
	doc --no-acpi
	assert_check display OK
	assert_stdout_match '^OK   display +0000:01:00\.0 is a 3D controller \(class 0x0302\): muxless, no display outputs$'
	assert_check rom-bar OK
	assert_stdout_match '^OK   rom-bar +0000:01:00\.0 has no ROM BAR \(no rom attribute\)'
	what_to_run | grep -qx 'vfio-ssdt -o ssdt.aml' || fail "no vfio-ssdt: $(what_to_run)"
}

test_mux_desktop_needs_no_rom_ssdt() {
	mux_with_rom_bar
	doc --no-acpi
	assert_check display OK
	assert_stdout_match '^OK   display +0000:01:00\.0 drives 2 display connectors \(card1-DP-1, card1-HDMI-A-1; 1 connected\): a MUX laptop or a desktop GPU$'
	assert_check rom-bar OK
	assert_stdout_match '^OK   rom-bar +the ROM BAR reads a valid image of 10de:1c8d \(65536 bytes\): the _ROM SSDT is not needed$'
	assert_file_content "$T/rom.log" "write 1
read
write 0"
	[ "$(what_to_run)" = "vbios-extract --rom-bar -o vbios.rom
vfio-domain DOMAIN --rom-bar vbios.rom --keep-audio" ] || fail "what to run: $(what_to_run)"
	grep -q 'vfio-ssdt' "$T/stdout" && fail "vfio-ssdt listed"
	# the iGPU's eDP panel is not the NVIDIA GPU's
	grep -q 'eDP' "$T/stdout" && fail "the iGPU's connector counted"
	return 0
}

test_rom_bar_without_image() {
	use_fixture mux-desktop
	head -c 65536 /dev/zero | tr '\0' '\377' > "$T/ff"
	start_rom_bar "$T/ff"
	doc --no-acpi
	assert_check rom-bar OK
	assert_stdout_match '^OK   rom-bar +the ROM BAR reads 65536 bytes but no ROM image \(.*\)'
	assert_file_content "$T/rom.log" "write 1
read
write 0"
	what_to_run | grep -q 'rom-bar' && fail "--rom-bar offered: $(what_to_run)"
	return 0
}

test_rom_bar_of_another_device() {
	use_fixture mux-desktop
	"$B/tests/mkrom" -i x86:64K:8086:3e9b -o "$T/rom" || fail "mkrom"
	start_rom_bar "$T/rom"
	doc --no-acpi
	assert_stdout_match '^OK   rom-bar +the ROM BAR holds a ROM for 8086:3e9b, not this GPU'
}

test_no_rom_bar_option() {
	use_fixture mux-desktop
	mkfifo "$ROOT/$GDIR/rom"
	doc --no-acpi --no-rom-bar
	assert_check rom-bar SKIP
	assert_stdout_match '^SKIP rom-bar +--no-rom-bar$'
}

test_rom_bar_enable_refused() {
	use_fixture mux-desktop
	mkdir "$ROOT/$GDIR/rom"
	doc --no-acpi
	assert_check rom-bar WARN
	assert_stdout_match "^WARN rom-bar +cannot enable the ROM BAR: write $ROOT/$DEVS/$GPU/rom: Is a directory$"
}

test_audio_shares_group() {
	use_fixture laptop
	doc --no-acpi
	assert_check audio-group OK
	assert_stdout_match '^OK   audio-group +0000:01:00\.1 shares IOMMU group 1 with the GPU: keep it from host drivers, or pass it along$'
	what_to_run | grep -qx 'pci-override --set none --persist 0000:01:00.1' ||
		fail "no pci-override: $(what_to_run)"
}

test_audio_own_group() {
	use_fixture doctor-ok
	rm -f "$ROOT/$ADIR/iommu_group" "$ROOT/sys/kernel/iommu_groups/1/devices/$AUD"
	mkdir -p "$ROOT/sys/kernel/iommu_groups/9/devices"
	ln -s ../../../kernel/iommu_groups/9 "$ROOT/$ADIR/iommu_group"
	doc --no-acpi
	assert_stdout_match '^OK   audio-group +0000:01:00\.1 is in an IOMMU group of its own'
	what_to_run | grep -q 'pci-override' && fail "pci-override listed"
	return 0
}

test_what_to_run_acpi_rom() {
	healthy
	doc
	assert_rc 0
	[ "$(what_to_run)" = "dump_vbios_rom_acpi -o vbios.rom
vfio-ssdt -o ssdt.aml
vfio-domain DOMAIN --rom vbios.rom --ssdt ssdt.aml" ] || fail "what to run: $(what_to_run)"
	assert_stdout_match '^What to run:$'
}

test_what_to_run_no_rom_anywhere() {
	healthy --missing-rom
	doc
	assert_firmware_way
}

test_what_to_run_json() {
	mux_with_rom_bar
	doc --json --no-acpi
	python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); \
		w = d["what_to_run"]; \
		assert [x["command"] for x in w] == ["vbios-extract --rom-bar -o vbios.rom", \
			"vfio-domain DOMAIN --rom-bar vbios.rom --keep-audio"], w; \
		assert all(x["why"] for x in w), w; \
		c = {x["check"]: x for x in d["checks"]}; \
		assert c["display"]["status"] == "ok" and c["rom-bar"]["status"] == "ok"' \
		"$T/stdout" || fail "bad JSON"
}

# Secure Boot on, acpi_call not loaded: both ways out, with the exact commands.
test_secure_boot_ways_out() {
	use_fixture doctor-ok
	printf '\x06\x00\x00\x00\x01' > "$ROOT/$SB"
	doc
	assert_check secure-boot WARN
	assert_stdout_match 'mokutil --import /var/lib/dkms/mok\.pub'
	assert_stdout_match 'vbios-extract --rom-bar -o vbios\.rom'
	what_to_run | grep -qx 'mokutil --import /var/lib/dkms/mok.pub' ||
		fail "no mokutil: $(what_to_run)"
	what_to_run | grep -qx 'vbios-extract --firmware UPDATE.exe -o vbios.rom' ||
		fail "no vbios-extract: $(what_to_run)"
}

test_lockdown_blocks_acpi_call() {
	use_fixture doctor-ok
	mkdir -p "$ROOT/sys/kernel/security"
	echo 'none [integrity] confidentiality' > "$ROOT/sys/kernel/security/lockdown"
	doc
	assert_check lockdown WARN
	assert_stdout_match '^WARN lockdown +the kernel is locked down \(integrity\): it loads signed modules only, and acpi_call is not loaded$'
	assert_stdout_match 'mokutil --import /var/lib/dkms/mok\.pub'
}

test_lockdown_none() {
	use_fixture doctor-ok
	mkdir -p "$ROOT/sys/kernel/security"
	echo '[none] integrity confidentiality' > "$ROOT/sys/kernel/security/lockdown"
	doc --no-acpi
	assert_check lockdown OK
}

# ACPI tables as /sys/firmware/acpi/tables shows them: names and AML bytes.
acpi_tables() {
	local t=$ROOT/sys/firmware/acpi/tables
	mkdir -p "$t/dynamic"
	printf 'DSDT\x10\x00\x00\x00\x02\x00\x14\x0a_OFF\x00' > "$t/DSDT"
	printf 'SSDT\x10\x00\x00\x00\x02\x00\x14\x0a_PS0\x00' > "$t/SSDT1"
	printf 'FACP\x10\x00\x00\x00_ROM' > "$t/FACP"
}

test_acpi_tables_without_rom() {
	use_fixture doctor-ok
	acpi_tables
	doc --no-acpi
	assert_check acpi-tables OK
	assert_stdout_match '^OK   acpi-tables +no ACPI table names _ROM \(2 read: DSDT, SSDT1\): the firmware has no _ROM to give$'
	assert_firmware_way
}

test_acpi_tables_with_rom() {
	use_fixture doctor-ok
	acpi_tables
	printf 'SSDT\x10\x00\x00\x00\x02\x00\x14\x1a\\\x2f\x05_SB_PCI0PEG0PEGP_ROM\x02' \
		> "$ROOT/sys/firmware/acpi/tables/dynamic/SSDT12"
	doc --no-acpi
	assert_check acpi-tables OK
	assert_stdout_match '^OK   acpi-tables +_ROM is named in dynamic/SSDT12 \(3 tables read\); which device.s, only evaluating it tells$'
	what_to_run | grep -qx 'dump_vbios_rom_acpi -o vbios.rom' || fail "no dump: $(what_to_run)"
}

test_acpi_tables_unreadable() {
	use_fixture doctor-ok
	acpi_tables
	rm "$ROOT/sys/firmware/acpi/tables/SSDT1"
	mkdir "$ROOT/sys/firmware/acpi/tables/SSDT1"
	doc --no-acpi
	assert_check acpi-tables SKIP
	assert_stdout_match "^SKIP acpi-tables +cannot read $ROOT/sys/firmware/acpi/tables/SSDT1: Is a directory$"
}

# A guest owns the GPU: its ROM BAR is not touched.
test_rom_bar_not_read_while_a_vm_holds_the_gpu() {
	mux_with_rom_bar
	mkdir -p "$ROOT/proc/777/fd"
	echo qemu-system-x86 > "$ROOT/proc/777/comm"
	ln -s /dev/vfio/1 "$ROOT/proc/777/fd/20"
	doc --no-acpi
	assert_check rom-bar SKIP
	assert_stdout_match '^SKIP rom-bar +not read: pid 777 \(qemu-system-x86\) holds /dev/vfio/1, the GPU.s group$'
	[ ! -s "$T/rom.log" ] || fail "the ROM BAR was touched: $(cat "$T/rom.log")"
}

# faulty_doc ARGS: vfio-doctor under the fault shim, $FAULT its rules
faulty_doc() {
	[ -f "$B/tests/fault_shim.so" ] || fail "no $B/tests/fault_shim.so"
	LD_PRELOAD=$B/tests/fault_shim.so OVF_FAULT=$FAULT doc "$@"
}

# A user's run: writing rom is refused; said, and not a warning.
test_rom_bar_enable_not_allowed() {
	mux_with_rom_bar
	FAULT='rom:open-write:EACCES' faulty_doc --no-acpi
	assert_check rom-bar SKIP
	assert_stdout_match "^SKIP rom-bar +cannot enable the ROM BAR: write $ROOT/$DEVS/$GPU/rom: Permission denied$"
}

# The read fails halfway: the BAR is disabled all the same.
test_rom_bar_read_error_still_disables() {
	mux_with_rom_bar
	FAULT='0000:01:00.0/rom:read:EIO' faulty_doc --no-acpi
	assert_check rom-bar OK
	assert_stdout_match "^OK   rom-bar +no image behind the ROM BAR: read $ROOT/$DEVS/$GPU/rom: Input/output error$"
	tail -n 1 "$T/rom.log" | grep -qx 'write 0' || fail "not disabled: $(cat "$T/rom.log")"
}

# The kernel disables the ROM BAR only on exactly "0\n" (pci-sysfs.c; "0"
# alone enables it): with `rom` modelled as the kernel's (romattr_shim), the
# doctor's read leaves it disabled, as it was found.
test_rom_bar_left_disabled_as_found() {
	use_fixture mux-desktop
	"$B/tests/mkrom" -i x86:64K -o "$T/rom" || fail "mkrom"
	rm -f "$ROOT/$GDIR/rom"
	cp "$T/rom" "$ROOT/$GDIR/rom"
	echo 0 > "$ROOT/$GDIR/rom.enabled"
	LD_PRELOAD=$B/tests/romattr_shim.so OVF_ROMATTR=1 doc --no-acpi
	assert_check rom-bar OK
	[ "$(cat "$ROOT/$GDIR/rom.log")" = "$(printf 'enable\ndisable')" ] ||
		fail "rom writes: $(cat "$ROOT/$GDIR/rom.log")"
	[ "$(cat "$ROOT/$GDIR/rom.enabled")" = 0 ] || fail "the ROM BAR was left enabled"
}

# Disabling fails: a warning that names the file left enabled.
test_rom_bar_disable_fails_warns() {
	mux_with_rom_bar
	FAULT='rom:open-write:EIO@2' faulty_doc --no-acpi
	assert_check rom-bar WARN
	assert_stdout_match "^WARN rom-bar +the ROM BAR stays enabled: write $ROOT/$DEVS/$GPU/rom: Input/output error$"
	assert_stdout_match 'write 0 to it by hand'
}

# Issue 16.1: Looking Glass through kvmfr. kvmfr_host: the healthy tree
# with kvmfr loaded with 32 MiB, /dev/kvmfr0 root:kvm 0660 (a node made here,
# never this machine's), libvirt-qemu in kvm, the node in cgroup_device_acl;
# KVMFR_XML: a domain vfio-domain --kvmfr made (32 MiB).
kvmfr_host() {
	healthy
	mkdir -p "$ROOT/sys/module/kvmfr" "$ROOT/etc/libvirt" "$ROOT/dev"
	echo 1 > "$ROOT/sys/module/kvmfr/refcnt"
	echo 'options kvmfr static_size_mb=32' > "$ROOT/etc/modprobe.d/kvmfr.conf"
	printf 'root:x:0:0::/root:/bin/sh\nlibvirt-qemu:x:64055:108::/var/lib/libvirt:/usr/sbin/nologin\n' \
		> "$ROOT/etc/passwd"
	printf 'root:x:0:\nkvm:x:108:\nlibvirt-qemu:x:64055:libvirt-qemu\n' > "$ROOT/etc/group"
	echo 'cgroup_device_acl = [ "/dev/null", "/dev/kvm", "/dev/kvmfr0" ]' > "$ROOT/etc/libvirt/qemu.conf"
	mknod "$ROOT/dev/kvmfr0" c 1 3 2> /dev/null || skip "cannot make a device node here (not root)"
	chown 0:108 "$ROOT/dev/kvmfr0"
	chmod 0660 "$ROOT/dev/kvmfr0"
	KVMFR_XML=$T/kvmfr.xml
	run_tool vfio-domain -s "$FIX/laptop" --file "$FIX/domains/win11.xml" --ssdt /s.aml \
		--rom /r.rom --kvmfr -o "$KVMFR_XML"
	assert_rc 0
}

test_kvmfr_ok() {
	kvmfr_host
	doc --domain-xml "$KVMFR_XML"
	assert_rc 0
	assert_stderr_empty
	assert_stdout_match "^OK   kvmfr          /dev/kvmfr0 of 32 MiB \(static_size_mb=32 in $ROOT/etc/modprobe.d/kvmfr.conf\) for the domain's 32 MiB; QEMU \(libvirt-qemu:libvirt-qemu\) may open it$"
	assert_others_fine
	doc --domain-xml "$KVMFR_XML" --json
	assert_rc 0
	grep -q '"check": "kvmfr", "status": "ok"' "$T/stdout" || fail "no kvmfr in JSON: $(cat "$T/stdout")"
	# without --domain-xml there is no such check; a domain without kvmfr skips it
	doc
	! grep -q kvmfr "$T/stdout" || fail "kvmfr checked without a domain"
	doc --domain-xml "$FIX/domains/win11.expected.xml"
	assert_rc 0
	assert_stdout_match '^SKIP kvmfr          the domain maps no kvmfr device$'
}

test_kvmfr_module_and_size() {
	kvmfr_host
	rm -r "$ROOT/sys/module/kvmfr"
	doc --domain-xml "$KVMFR_XML"
	assert_rc 6
	assert_check kvmfr FAIL
	assert_stdout_match 'the domain maps /dev/kvmfr0 \(32 MiB\) but the kvmfr module is not loaded'
	assert_stdout_match '-> modprobe kvmfr static_size_mb=32 \(keep it with'
	assert_others_fine kvmfr
	mkdir "$ROOT/sys/module/kvmfr"
	echo 0 > "$ROOT/sys/module/kvmfr/refcnt"
	echo 'options kvmfr static_size_mb=16' > "$ROOT/etc/modprobe.d/kvmfr.conf"
	doc --domain-xml "$KVMFR_XML"
	assert_rc 6
	assert_stdout_match "/dev/kvmfr0 is 16 MiB \(static_size_mb=16 in $ROOT/etc/modprobe.d/kvmfr.conf\); the domain maps 32 MiB"
	assert_stdout_match '-> reload kvmfr with 32 MiB or more for kvmfr0: rmmod kvmfr && modprobe kvmfr static_size_mb=32 \(and'
	# kvmfr1 of a one-device list: the list to load is given whole
	sed -i 's|/dev/kvmfr0|/dev/kvmfr1|' "$KVMFR_XML"
	doc --domain-xml "$KVMFR_XML"
	assert_rc 6
	assert_stdout_match "static_size_mb=16 \\(in $ROOT/etc/modprobe.d/kvmfr.conf\\) makes no kvmfr1, which the domain maps"
	assert_stdout_match 'modprobe kvmfr static_size_mb=16,32 '
	sed -i 's|/dev/kvmfr1|/dev/kvmfr0|' "$KVMFR_XML"
	# the loaded module's own parameter, where it has one, wins
	mkdir "$ROOT/sys/module/kvmfr/parameters"
	echo 64 > "$ROOT/sys/module/kvmfr/parameters/static_size_mb"
	doc --domain-xml "$KVMFR_XML"
	assert_rc 0
	assert_check kvmfr OK
	# nothing says the size: a warning, not a failure
	rm -r "$ROOT/sys/module/kvmfr/parameters" "$ROOT/etc/modprobe.d/kvmfr.conf"
	doc --domain-xml "$KVMFR_XML"
	assert_rc 5
	assert_check kvmfr WARN
	assert_stdout_match 'kvmfr is loaded but its sizes cannot be read'
}

test_kvmfr_node_and_access() {
	kvmfr_host
	chmod 0600 "$ROOT/dev/kvmfr0"
	doc --domain-xml "$KVMFR_XML"
	assert_rc 6
	assert_stdout_match "QEMU runs as libvirt-qemu:libvirt-qemu \(libvirt's default in $ROOT/etc/libvirt/qemu.conf\), which may not read and write /dev/kvmfr0 \(owner 0:108, mode 0600\)"
	assert_stdout_match '-> let QEMU and the Looking Glass client open it: a udev rule'
	# QEMU as root (qemu.conf) may; the cgroup list then lacks the node
	printf 'user = "root"\ngroup = "root"\n' > "$ROOT/etc/libvirt/qemu.conf"
	doc --domain-xml "$KVMFR_XML"
	assert_rc 5
	assert_stdout_match "cgroup_device_acl in $ROOT/etc/libvirt/qemu.conf is not set, and libvirt's default list lacks /dev/kvmfr0"
	printf 'user = "qemu"\n' > "$ROOT/etc/libvirt/qemu.conf"
	doc --domain-xml "$KVMFR_XML"
	assert_rc 5
	assert_stdout_match "cannot tell whether QEMU \(qemu:libvirt-qemu, as set in $ROOT/etc/libvirt/qemu.conf\) may open /dev/kvmfr0: find user in $ROOT/etc/passwd: no user 'qemu'"
	rm "$ROOT/dev/kvmfr0"
	doc --domain-xml "$KVMFR_XML"
	assert_rc 6
	assert_stdout_match "find $ROOT/dev/kvmfr0: No such file or directory"
	touch "$ROOT/dev/kvmfr0"
	doc --domain-xml "$KVMFR_XML"
	assert_rc 6
	assert_stdout_match '/dev/kvmfr0 is not a character device'
}

# A domain file that cannot be used stops the run, named; nothing is checked.
test_domain_xml_bad() {
	healthy
	doc --domain-xml "$T/missing.xml"
	assert_rc 1
	assert_stdout_empty
	assert_stderr_eq "vfio-doctor: read $T/missing.xml: No such file or directory"
	printf '<domain><name>x</name>\n' > "$T/bad.xml"
	doc --domain-xml "$T/bad.xml" --json
	assert_rc 1
	assert_stderr_match "^vfio-doctor: $T/bad.xml:[0-9]+: malformed XML"
	grep -q '"result": "error"' "$T/stdout" || fail "no JSON error record"
	printf '<network><name>x</name></network>\n' > "$T/net.xml"
	doc --domain-xml "$T/net.xml"
	assert_rc 1
	assert_stderr_match 'not a libvirt domain'
	# a kvmfr object without a size
	sed "s|,size=33554432,share=yes|,share=yes|" "$FIX/domains/win11-kvmfr.expected.xml" > "$T/nosize.xml"
	doc --domain-xml "$T/nosize.xml"
	assert_rc 6
	assert_stdout_match '^FAIL kvmfr          the domain maps /dev/kvmfr0 without a size that can be read$'
}

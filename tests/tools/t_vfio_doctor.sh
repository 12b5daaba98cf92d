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
status_of() { awk -v c="$1" '$2 == c { print $1 }' "$T/stdout"; }
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

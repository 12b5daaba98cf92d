# SPDX-License-Identifier: GPL-2.0-or-later
# Tool tests for vfio-ssdt: generated ASL, real iasl compile, a failing stub iasl, bad input.

# A q35 domain as 'virsh dumpxml' shows it: GPU 01:00.0 behind root port 00:01.0.
ssdt_domain() {
	cat > "$1" <<'EOF'
<domain type='kvm' xmlns:qemu='http://libvirt.org/schemas/domain/qemu/1.0'>
  <name>win10</name>
  <os><type arch='x86_64' machine='pc-q35-7.2'>hvm</type></os>
  <devices>
    <controller type='pci' index='0' model='pcie-root'/>
    <controller type='pci' index='1' model='pcie-root-port'>
      <model name='pcie-root-port'/>
      <target chassis='1' port='0x10'/>
      <address type='pci' domain='0x0000' bus='0x00' slot='0x01' function='0x0' multifunction='on'/>
    </controller>
    <hostdev mode='subsystem' type='pci' managed='yes'>
      <source><address domain='0x0000' bus='0x01' slot='0x00' function='0x0'/></source>
      <address type='pci' domain='0x0000' bus='0x01' slot='0x00' function='0x0' multifunction='on'/>
    </hostdev>
    <hostdev mode='subsystem' type='pci' managed='yes'>
      <source><address domain='0x0000' bus='0x01' slot='0x00' function='0x1'/></source>
      <address type='pci' domain='0x0000' bus='0x01' slot='0x00' function='0x1'/>
    </hostdev>
  </devices>
</domain>
EOF
}

# A stub iasl: complains about line 3 of the file it is given, like iasl -vi.
ssdt_stub_iasl() {
	cat > "$T/stub-iasl" <<'EOF'
#!/bin/sh
for a; do f=$a; done
echo "Intel ACPI Component Architecture"
echo "$f(3) : error    6126 - syntax error, unexpected PARSEOP_NAMESEG"
echo "Compilation failed. 1 Errors, 0 Warnings"
exit 255
EOF
	chmod +x "$T/stub-iasl"
}

test_ssdt_help_version() {
	run_tool vfio-ssdt --help
	assert_rc 0
	assert_stdout_match '^Usage: vfio-ssdt'
	assert_stdout_match '--guest-address'
	assert_stderr_empty
	run_tool vfio-ssdt -V
	assert_rc 0
	assert_stdout_match '^vfio-ssdt \(optimus-vfio\) [0-9]'
}

test_ssdt_bad_option() {
	run_tool vfio-ssdt --frobnicate
	assert_rc 1
	assert_stderr_match "^Try 'vfio-ssdt --help'\.$"
	assert_stdout_empty
	run_tool vfio-ssdt --asl --guest-address 00:05.0 extra
	assert_rc 1
	assert_stderr_match "unexpected argument 'extra'"
	run_tool vfio-ssdt --guest-address 00:05.0
	assert_rc 1
	assert_stderr_match 'no output'
}

test_ssdt_asl_default_topology() {
	run_tool vfio-ssdt --guest-address 01:00.0 --bridge 00:01.0 --asl
	assert_rc 0
	assert_stderr_empty
	assert_stdout_match '^DefinitionBlock \("", "SSDT"'
	assert_stdout_match 'If \(!CondRefOf \(\\_SB\.PCI0\.S08\.S00\)\)'
	assert_stdout_match '^ *Scope \(\\_SB\.PCI0\.S08\.S00\)$'
	assert_stdout_match '^ *Device \(S00\)$'
	assert_stdout_match '"opt/com\.lion328/nvidia-rom"'
	assert_stdout_match 'PNP0C0A'
	assert_stdout_match '^ *Scope \(\\_SB\.PCI0\.SF8\)$'
	assert_stdout_match 'Return \(0x0F\)'
	! grep -Eq '@[A-Z][A-Z0-9_]*@' "$T/stdout" || fail "placeholder left in ASL"
}

test_ssdt_asl_options() {
	run_tool vfio-ssdt --guest-address 00:05.0 --fw-cfg-name opt/example/gpu.rom \
		--battery-scope '\_SB' --asl
	assert_rc 0
	assert_stdout_match '^ *Scope \(\\_SB\.PCI0\.S28\)$'
	assert_stdout_match 'Name \(_ADR, 0x00050000\)'
	assert_stdout_match '"opt/example/gpu\.rom"'
	assert_stdout_match '^ *Scope \(\\_SB\)$'
	run_tool vfio-ssdt --acpi-path '\_SB.PCI0.PEG0.PEGP' --no-battery --asl
	assert_rc 0
	assert_stdout_match '^ *Scope \(\\_SB\.PCI0\.PEG0\.PEGP\)$'
	grep -q PNP0C0A "$T/stdout" && fail "battery despite --no-battery"
	run_tool vfio-ssdt --no-rom --asl
	assert_rc 0
	assert_stdout_match PNP0C0A
	grep -q 'Method (_ROM' "$T/stdout" && fail "_ROM despite --no-rom"
	run_tool vfio-ssdt --no-rom --no-battery --asl
	assert_rc 1
	assert_stderr_match 'nothing to generate'
	# --asl with -o writes the source atomically
	run_tool vfio-ssdt --guest-address 00:05.0 --asl -o "$T/out.asl"
	assert_rc 0
	assert_stdout_empty
	grep -q 'S28' "$T/out.asl" || fail "no ASL in out.asl"
	assert_no_temp_files "$T"
}

test_ssdt_compile_real_iasl() {
	command -v iasl > /dev/null || fail "iasl not installed (acpica-tools)"
	run_tool vfio-ssdt --guest-address 01:00.0 --bridge 00:01.0 -o "$T/ssdt.aml" \
		--rom "$T/vbios.rom"
	assert_rc 0
	assert_stderr_empty
	[ "$(head -c 4 "$T/ssdt.aml")" = SSDT ] || fail "ssdt.aml does not start with SSDT"
	assert_stdout_match "^  -acpitable file=$T/ssdt\.aml"
	assert_stdout_match "-fw_cfg name=opt/com\.lion328/nvidia-rom,file=$T/vbios\.rom"
	assert_stdout_match '^  -device vmgenid$'
	assert_stdout_match '^  <genid/>$'
	assert_stdout_match "<sysinfo type='fwcfg'>"
	assert_stdout_match "<entry name='opt/com\.lion328/nvidia-rom' file='$T/vbios\.rom'/>"
	assert_stdout_match "<qemu:arg value='file=$T/ssdt\.aml'/>"
	assert_stdout_match "xmlns:qemu='http://libvirt\.org/schemas/domain/qemu/1\.0'"
	assert_no_temp_files "$T"
	(cd "$T" && iasl -d ssdt.aml > /dev/null 2>&1) || fail "iasl -d failed"
	grep -q '_ROM' "$T/ssdt.dsl" || fail "no _ROM in disassembly"
	grep -q 'PNP0C0A' "$T/ssdt.dsl" || fail "no PNP0C0A in disassembly"
	grep -q 'S08_.S00_\|S08.S00' "$T/ssdt.dsl" || fail "no S08.S00 in disassembly"
}

test_ssdt_compile_quiet_relative() {
	run_tool vfio-ssdt --guest-address 00:05.0 -q -o rel.aml
	assert_rc 0
	assert_stdout_empty
	[ "$(head -c 4 "$T/rel.aml")" = SSDT ] || fail "rel.aml is no SSDT"
	run_tool vfio-ssdt --no-rom -o rel2.aml
	assert_rc 0
	assert_stdout_match "file=$T/rel2\.aml"
	grep -q 'fw_cfg\|vmgenid\|genid' "$T/stdout" && fail "ROM settings despite --no-rom"
	assert_stdout_match "<qemu:commandline>"
}

test_ssdt_no_temp_dir_left() {
	mkdir "$T/tmp"
	TMPDIR=$T/tmp run_tool vfio-ssdt --guest-address 00:05.0 -q -o "$T/a.aml"
	assert_rc 0
	ssdt_stub_iasl
	TMPDIR=$T/tmp run_tool vfio-ssdt --guest-address 00:05.0 --iasl "$T/stub-iasl" \
		-o "$T/b.aml"
	assert_rc 2
	[ -z "$(ls -A "$T/tmp")" ] || fail "left in TMPDIR: $(ls -A "$T/tmp")"
}

test_ssdt_domain_xml() {
	ssdt_domain "$T/dom.xml"
	run_tool vfio-ssdt --domain-xml "$T/dom.xml" --asl
	assert_rc 0
	assert_stdout_match '^ *Scope \(\\_SB\.PCI0\.S08\.S00\)$'
	run_tool vfio-ssdt --domain-xml "$T/dom.xml" --host-address 0000:01:00.1 --asl
	assert_rc 0
	assert_stdout_match '^ *Scope \(\\_SB\.PCI0\.S08\.S01\)$'
	assert_stdout_match 'Name \(_ADR, 0x00000001\)'
	# the domain XML and an explicit address conflict
	run_tool vfio-ssdt --domain-xml "$T/dom.xml" --guest-address 01:00.0 --asl
	assert_rc 1
	assert_stderr_match 'give one'
	run_tool vfio-ssdt --host-address 0000:01:00.0 --guest-address 00:05.0 --asl
	assert_rc 1
	assert_stderr_match '--domain-xml'
}

test_ssdt_domain_xml_errors() {
	run_tool vfio-ssdt --domain-xml "$T/none.xml" --asl
	assert_rc 1
	assert_stderr_match "^vfio-ssdt: read $T/none\.xml: No such file or directory$"
	printf '<domain><devices>\n<hostdev>\n</domain>\n' > "$T/bad.xml"
	run_tool vfio-ssdt --domain-xml "$T/bad.xml" --asl
	assert_rc 1
	assert_stderr_match "^vfio-ssdt: $T/bad\.xml:[0-9]+: malformed XML"
	assert_stdout_empty
	printf '<domain><devices/></domain>\n' > "$T/empty.xml"
	run_tool vfio-ssdt --domain-xml "$T/empty.xml" --asl
	assert_rc 1
	assert_stderr_match "no <hostdev mode='subsystem' type='pci'>"
	ssdt_domain "$T/dom.xml"
	sed -e "s/bus='0x01' slot='0x00' function='0x1'/bus='0x02' slot='0x00' function='0x0'/" \
		"$T/dom.xml" > "$T/two.xml"
	run_tool vfio-ssdt --domain-xml "$T/two.xml" --asl
	assert_rc 1
	assert_stderr_match 'several PCI hostdevs with function 0 \(0000:01:00\.0, 0000:02:00\.0\)'
	run_tool vfio-ssdt --domain-xml "$T/dom.xml" --host-address 0000:03:00.0 --asl
	assert_rc 1
	assert_stderr_match 'no PCI hostdev with host address 0000:03:00\.0'
	grep -v "<address type='pci'" "$T/dom.xml" > "$T/undefined.xml"
	run_tool vfio-ssdt --domain-xml "$T/undefined.xml" --asl
	assert_rc 1
	assert_stderr_match 'libvirt has not assigned addresses; define the domain first'
	run_tool vfio-ssdt --domain-xml "$T/dom.xml" --host-address 1:2 --asl
	assert_rc 1
	assert_stderr_match "invalid --host-address '1:2'"
}

# The reader says what is wrong; vfio-ssdt adds which of its options helps.
test_ssdt_domain_xml_advice() {
	ssdt_domain "$T/dom.xml"
	sed -e "s/bus='0x01' slot='0x00' function='0x1'/bus='0x02' slot='0x00' function='0x0'/" \
		"$T/dom.xml" > "$T/two.xml"
	run_tool vfio-ssdt --domain-xml "$T/two.xml" --asl
	assert_rc 1
	assert_stderr_eq "vfio-ssdt: $T/two.xml: several PCI hostdevs with function 0 (0000:01:00.0, 0000:02:00.0); choose one with --host-address"
	sed -e "s/domain='0x0000' bus='0x01' slot='0x00' function='0x0' multifunction='on'/domain='0x0001' bus='0x01' slot='0x00' function='0x0'/" \
		"$T/dom.xml" > "$T/d1.xml"
	run_tool vfio-ssdt --domain-xml "$T/d1.xml" --asl
	assert_rc 1
	assert_stderr_eq "vfio-ssdt: $T/d1.xml:13: guest PCI domain 0x1: QEMU names only domain 0 as \\_SB.PCI0; give --acpi-path"
	sed -e "s/model='pcie-root-port'>/model='pcie-expander-bus'>/" "$T/dom.xml" > "$T/exp.xml"
	run_tool vfio-ssdt --domain-xml "$T/exp.xml" --asl
	assert_rc 1
	assert_stderr_eq "vfio-ssdt: $T/exp.xml:6: guest bus 1 is a pcie-expander-bus; its ACPI name is not under \\_SB.PCI0; give --acpi-path"
	assert_stdout_empty
	# the path given by hand is the way out
	run_tool vfio-ssdt --acpi-path '\_SB.PCI1.S00' --asl
	assert_rc 0
}

test_ssdt_iasl_missing() {
	run_tool vfio-ssdt --guest-address 00:05.0 --iasl /nonexistent -o "$T/x.aml"
	assert_rc 1
	assert_stderr_match 'iasl not found: install acpica-tools or give --iasl'
	assert_no_file "$T/x.aml"
	assert_no_temp_files "$T"
	# $IASL is the fallback for --iasl
	IASL=/nonexistent/iasl run_tool vfio-ssdt --guest-address 00:05.0 -o "$T/x.aml"
	assert_rc 1
	assert_stderr_match "tried '/nonexistent/iasl'"
}

test_ssdt_iasl_fails() {
	ssdt_stub_iasl
	echo "previous table" > "$T/keep.aml"
	cp "$T/keep.aml" "$T/keep.orig"
	run_tool vfio-ssdt --guest-address 01:00.0 --bridge 00:01.0 --iasl "$T/stub-iasl" \
		-o "$T/keep.aml"
	assert_rc 2
	assert_stdout_empty
	assert_stderr_match '^vfio-ssdt: iasl: ssdt\.asl\(3\) : error +6126 - syntax error'
	# the generated line 3 is shown under the message
	run_tool vfio-ssdt --guest-address 01:00.0 --bridge 00:01.0 --asl
	line3=$(sed -n 3p "$T/stdout")
	run_tool vfio-ssdt --guest-address 01:00.0 --bridge 00:01.0 --iasl "$T/stub-iasl" \
		-o "$T/keep.aml"
	assert_rc 2
	grep -qF -- "vfio-ssdt:       3 | $line3" "$T/stderr" || fail "generated line 3 not shown"
	assert_stderr_match 'iasl failed \(exit status 255\)'
	assert_files_eq "$T/keep.aml" "$T/keep.orig"
	assert_no_temp_files "$T"
	run_tool vfio-ssdt --guest-address 01:00.0 --bridge 00:01.0 --iasl "$T/stub-iasl" \
		-o "$T/new.aml"
	assert_rc 2
	assert_no_file "$T/new.aml"
}

test_ssdt_bad_fw_cfg_name() {
	run_tool vfio-ssdt --guest-address 00:05.0 --fw-cfg-name etc/rom --asl
	assert_rc 1
	assert_stderr_match "^vfio-ssdt: invalid --fw-cfg-name 'etc/rom': must start with 'opt/'$"
	long=opt/$(printf '%052d' 0)
	run_tool vfio-ssdt --guest-address 00:05.0 --fw-cfg-name "$long" --asl
	assert_rc 1
	assert_stderr_match "invalid --fw-cfg-name '$long': 56 bytes, at most 55"
	run_tool vfio-ssdt --guest-address 00:05.0 --fw-cfg-name "${long%0}" --asl
	assert_rc 0
	run_tool vfio-ssdt --guest-address 00:05.0 --fw-cfg-name 'opt/a"b' --asl
	assert_rc 1
	assert_stderr_match 'without quotes or backslashes'
}

test_ssdt_bad_addresses() {
	for a in 1:0.0 01:00 01:20.0 01:00.8 0000:01:00.0x ' 01:00.0' 01:00.0/; do
		run_tool vfio-ssdt --guest-address "$a" --asl
		assert_rc 1
		assert_stderr_match "invalid --guest-address '$a'"
	done
	run_tool vfio-ssdt --guest-address 0001:01:00.0 --asl
	assert_rc 1
	assert_stderr_match 'domain must be 0'
	run_tool vfio-ssdt --guest-address 01:00.0 --asl
	assert_rc 1
	assert_stderr_match 'give --bridge'
	run_tool vfio-ssdt --guest-address 01:00.0 --bridge 00:1g.0 --asl
	assert_rc 1
	assert_stderr_match "invalid --bridge '00:1g\.0'"
	run_tool vfio-ssdt --guest-address 02:00.0 --bridge 01:00.0 --asl
	assert_rc 1
	assert_stderr_match 'outermost bridge must be on bus 00'
	run_tool vfio-ssdt --guest-address 02:00.0 --bridge 00:01.0 --bridge 00:02.0 --asl
	assert_rc 1
	assert_stderr_match 'only the outermost bridge'
	run_tool vfio-ssdt --guest-address 00:05.0 --bridge 00:01.0 --asl
	assert_rc 1
	assert_stderr_match 'GPU is on bus 00'
	run_tool vfio-ssdt --bridge 00:01.0 --asl
	assert_rc 1
	assert_stderr_match '--bridge needs --guest-address'
	run_tool vfio-ssdt --asl
	assert_rc 1
	assert_stderr_match 'where is the GPU'
	run_tool vfio-ssdt --acpi-path '_SB.PCI0.S08' --asl
	assert_rc 1
	assert_stderr_match "invalid --acpi-path '_SB\.PCI0\.S08'"
	run_tool vfio-ssdt --acpi-path '\_SB.PCI0.s08' --asl
	assert_rc 1
	run_tool vfio-ssdt --battery-scope '\_SB.TOOLONG' --no-rom --asl
	assert_rc 1
	assert_stderr_match 'TOOLONG'
	# nested bridges: root port 00:1c.0, switch ports 01:00.0 and 02:03.0
	run_tool vfio-ssdt --guest-address 03:00.0 --bridge 00:1c.0 --bridge 01:00.0 \
		--bridge 02:03.0 --asl
	assert_rc 0
	assert_stdout_match '^ *Scope \(\\_SB\.PCI0\.SE0\.S00\.S18\.S00\)$'
}

test_ssdt_output_errors() {
	mkdir "$T/dir.aml"
	run_tool vfio-ssdt --guest-address 00:05.0 -o "$T/dir.aml"
	assert_rc 1
	assert_stderr_match "^vfio-ssdt: create $T/dir\.aml: Is a directory$"
	run_tool vfio-ssdt --guest-address 00:05.0 -o "$T/nodir/x.aml"
	assert_rc 1
	assert_stderr_match "create $T/nodir/x\.aml: No such file or directory"
	assert_no_temp_files "$T"
}

test_ssdt_template_dir() {
	mkdir "$T/tmpl"
	cp "$TOP"/acpi/*.asl "$T/tmpl/"
	run_tool vfio-ssdt --guest-address 00:05.0 --template-dir "$T/tmpl" --asl
	assert_rc 0
	cp "$T/stdout" "$T/from-dir.asl"
	run_tool vfio-ssdt --guest-address 00:05.0 --asl
	assert_files_eq "$T/stdout" "$T/from-dir.asl"
	# a swapped-in _ROM template needs no code change
	printf '    // new rom for @GPU_PATH@ from @FW_CFG_NAME@\n' > "$T/tmpl/rom.asl"
	run_tool vfio-ssdt --guest-address 00:05.0 --template-dir "$T/tmpl" --asl
	assert_rc 0
	assert_stdout_match '// new rom for \\_SB\.PCI0\.S28 from opt/com\.lion328/nvidia-rom'
	printf '    @NO_SUCH@\n' > "$T/tmpl/rom.asl"
	run_tool vfio-ssdt --guest-address 00:05.0 --template-dir "$T/tmpl" --asl
	assert_rc 1
	assert_stderr_match "template $T/tmpl/rom\.asl: line 1: unknown placeholder @NO_SUCH@"
	run_tool vfio-ssdt --guest-address 00:05.0 --template-dir "$T/none" --asl
	assert_rc 1
	assert_stderr_match "read template $T/none/battery\.asl: No such file"
}

# A stub iasl that "compiles" anything into a minimal table header.
ssdt_ok_iasl() {
	cat > "$T/ok-iasl" <<'EOS'
#!/bin/sh
while [ $# -gt 1 ]; do [ "$1" = -p ] && prefix=$2; shift; done
{ printf SSDT; head -c 32 /dev/zero; } > "$prefix.aml"
EOS
	chmod +x "$T/ok-iasl"
}

# Paths a shell would split or expand and that are markup in XML, and a
# fw_cfg name with the same; runs vfio-ssdt with them (sets aml, rom, fw).
ssdt_hostile_settings() {
	local d
	ssdt_ok_iasl
	d="$T/my dir \$HOME \`id\` it's"
	mkdir "$d"
	aml="$d/a,b&c<d>.aml"
	rom="$d/v\"bios *.rom"
	fw='opt/a&b<c>,d;e $f'
	run_tool vfio-ssdt --guest-address 00:05.0 --iasl "$T/ok-iasl" -o "$aml" \
		--rom "$rom" --fw-cfg-name "$fw"
	assert_rc 0
	assert_stderr_empty
}

# The printed QEMU arguments, pasted into a POSIX shell, give QEMU the argv
# it needs (QEMU itself wants ',' doubled in option values).
test_ssdt_settings_shell_quoted() {
	local aml rom fw
	ssdt_hostile_settings
	sed -n '/^QEMU arguments:$/,/^$/p' "$T/stdout" | sed '1d;$d' > "$T/qemu.txt"
	[ -s "$T/qemu.txt" ] || fail "no QEMU arguments printed"
	sh -c "printf '%s\n' $(cat "$T/qemu.txt")" > "$T/argv" 2>&1 ||
		fail "sh cannot parse the QEMU arguments: $(cat "$T/argv")"
	printf '%s\n' -acpitable "file=${aml//,/,,}" -fw_cfg \
		"name=${fw//,/,,},file=${rom//,/,,}" -device vmgenid > "$T/argv.want"
	diff -u "$T/argv.want" "$T/argv" > "$T/argv.diff" ||
		fail "QEMU arguments do not survive sh: $(cat "$T/argv.diff")"
	# plain words stay unquoted
	run_tool vfio-ssdt --guest-address 00:05.0 --iasl "$T/ok-iasl" -o "$T/plain.aml" \
		--rom "$T/v.rom"
	assert_rc 0
	assert_stdout_match "^  -acpitable file=$T/plain\.aml \\\\$"
	assert_stdout_match "^  -fw_cfg name=opt/com\.lion328/nvidia-rom,file=$T/v\.rom \\\\$"
}

# The printed domain XML parses, and gives libvirt the same values.
test_ssdt_settings_xml_escaped() {
	local aml rom fw
	ssdt_hostile_settings
	{
		echo "<domain xmlns:qemu='http://libvirt.org/schemas/domain/qemu/1.0'>"
		sed -n '/^  <genid\/>$/,/^  <\/qemu:commandline>$/p' "$T/stdout"
		echo '</domain>'
	} > "$T/dom.xml"
	xmllint --noout "$T/dom.xml" 2> "$T/xml.err" ||
		fail "printed XML does not parse: $(cat "$T/xml.err")"
	[ "$(xmllint --xpath 'string(//entry/@name)' "$T/dom.xml")" = "$fw" ] ||
		fail "fw_cfg name in XML is not $fw"
	[ "$(xmllint --xpath 'string(//entry/@file)' "$T/dom.xml")" = "$rom" ] ||
		fail "ROM file in XML is not $rom"
	# libvirt hands a <qemu:arg> value to QEMU unchanged: commas doubled here
	[ "$(xmllint --xpath "string(//*[local-name()='arg'][2]/@value)" "$T/dom.xml")" = \
		"file=${aml//,/,,}" ] || fail "-acpitable value in XML is not file=$aml"
}

# A path XML 1.0 cannot hold (a control byte, bytes that are not UTF-8):
# no XML that libvirt would refuse, a warning naming the option instead;
# the table and the QEMU arguments are still fine.
test_ssdt_settings_xml_unrepresentable() {
	local bad
	ssdt_ok_iasl
	for bad in "$(printf 'v\001.rom')" "$(printf 'v\377.rom')"; do
		run_tool vfio-ssdt --guest-address 00:05.0 --iasl "$T/ok-iasl" -o "$T/t.aml" \
			--rom "$T/$bad"
		assert_rc 0
		assert_stderr_match "^vfio-ssdt: warning: no libvirt domain XML printed: the --rom path is not valid in XML \((a control character|not UTF-8)\)$"
		assert_stdout_match '^  -device vmgenid$'
		grep -q '<sysinfo\|<qemu:commandline>' "$T/stdout" && fail "XML printed for $bad"
		[ "$(head -c 4 "$T/t.aml")" = SSDT ] || fail "no table written"
	done
	mkdir "$T/$(printf 'd\001')"
	run_tool vfio-ssdt --no-rom --iasl "$T/ok-iasl" -o "$T/$(printf 'd\001')/t.aml"
	assert_rc 0
	assert_stderr_match "the -o path is not valid in XML \(a control character\)$"
	# tab, newline and CR are fine: character references
	run_tool vfio-ssdt --guest-address 00:05.0 --iasl "$T/ok-iasl" -o "$T/t.aml" \
		--rom "$T/$(printf 'a\tb\nc\rd é.rom')"
	assert_rc 0
	assert_stderr_empty
	assert_stdout_match "file='$T/a&#9;b&#10;c&#13;d é\.rom'/>$"
}

# --rom names the file QEMU hands the guest as it is: an nvflash file (NVGI
# header first) or a flash dump is refused, naming the command that cuts it.
test_rom_nvgi_refused() {
	"$B/tests/mkrom" --nvgi 1K -i x86:4K -o "$T/a.rom" || fail mkrom
	run_tool vfio-ssdt --guest-address 01:00.0 --bridge 00:01.0 --asl \
		-o "$T/out.asl" --rom "$T/a.rom"
	assert_rc 1
	assert_stdout_empty
	assert_stderr_eq "vfio-ssdt: check $T/a.rom: the ROM is at offset 0x400, after an NVIDIA NVGI header, which a guest must not get; cut it out with: vbios-info --extract OUT $T/a.rom"
	assert_no_file "$T/out.asl"
	"$B/tests/mkrom" --flash-prefix 218112 -i x86:4K -o "$T/b.rom" || fail mkrom
	run_tool vfio-ssdt --guest-address 00:05.0 --asl --rom "$T/b.rom"
	assert_rc 1
	assert_stderr_match "check $T/b\.rom: the ROM is at offset 0x35400, after an unknown flash layout, .*vbios-info --extract OUT $T/b\.rom$"
}

test_rom_not_a_rom_refused() {
	printf 'hello' > "$T/a.rom"
	run_tool vfio-ssdt --guest-address 00:05.0 --asl --rom "$T/a.rom"
	assert_rc 1
	assert_stderr_eq "vfio-ssdt: check $T/a.rom: not a PCI option ROM (no image signature at offset 0 nor at any 512-byte boundary)"
	"$B/tests/mkrom" -i x86:64K --truncate 40000 -o "$T/b.rom" || fail mkrom
	run_tool vfio-ssdt --guest-address 00:05.0 --asl --rom "$T/b.rom"
	assert_rc 1
	assert_stderr_eq "vfio-ssdt: check $T/b.rom: not a usable ROM: image 0: ROM ends inside an image at offset 0x0 (vbios-info $T/b.rom says more)"
	"$B/tests/mkrom" --nvgi 2K -o "$T/c.rom" || fail mkrom
	run_tool vfio-ssdt --guest-address 00:05.0 --asl --rom "$T/c.rom"
	assert_rc 1
	assert_stderr_eq "vfio-ssdt: check $T/c.rom: an NVIDIA NVGI header, but no PCI option ROM after it"
	run_tool vfio-ssdt --guest-address 00:05.0 --asl --rom "$T"
	assert_rc 1
	assert_stderr_eq "vfio-ssdt: check $T: Is a directory"
}

# A bare ROM, or one not there yet (dumped later), is fine; --no-rom skips it.
test_rom_bare_or_missing_accepted() {
	"$B/tests/mkrom" -i x86:4K -i nv70:1K --pcir-last no -i efi:4K --pad-to 64K \
		-o "$T/a.rom" || fail mkrom
	run_tool vfio-ssdt --guest-address 00:05.0 --asl --rom "$T/a.rom"
	assert_rc 0
	assert_stderr_empty
	run_tool vfio-ssdt --guest-address 00:05.0 --asl --rom "$T/later.rom"
	assert_rc 0
	# (--rom with --no-rom is refused as a contradiction: t_messages)
}

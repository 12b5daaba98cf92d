# SPDX-License-Identifier: GPL-2.0-or-later
# Tool tests for vfio-domain: golden files, libvirt's schema, the test driver, QEMU's argv.

DOMS=$FIX/domains

# vfio-domain on the laptop fixture with fixed SSDT and ROM paths.
vd() {
	run_tool vfio-domain -s "$FIX/laptop" --rom /var/lib/optimus-vfio/vbios.rom "$@"
}

# Golden file: FIXTURE.xml -> FIXTURE.expected.xml, valid, and a fixed point.
# golden FIXTURE GOLDEN OPTION...: FIXTURE.xml -> GOLDEN.expected.xml with
# the options.
golden() {
	local f=$1 g=${2:-$1}
	shift $(($# > 1 ? 2 : 1))
	vd --file "$DOMS/$f.xml" --ssdt "/var/lib/optimus-vfio/ssdt/$f.aml" "$@" -o "$T/$g.out.xml"
	assert_rc 0
	assert_stdout_empty
	diff -u "$DOMS/$g.expected.xml" "$T/$g.out.xml" || fail "$g: output differs"
	virt-xml-validate "$T/$g.out.xml" domain > "$T/validate" 2>&1 ||
		fail "$g: invalid domain XML: $(cat "$T/validate")"
	assert_no_temp_files "$T"
	# idempotent: the output comes back unchanged, with nothing to say
	vd --file "$T/$g.out.xml" --ssdt "/var/lib/optimus-vfio/ssdt/$f.aml" "$@" -o "$T/$g.again.xml"
	assert_rc 0
	assert_stderr_empty
	assert_files_eq "$T/$g.out.xml" "$T/$g.again.xml"
	vd --file "$T/$g.out.xml" --ssdt "/var/lib/optimus-vfio/ssdt/$f.aml" "$@" --dry-run
	assert_rc 0
	assert_stdout_empty
}

# A libvirt test driver node holding one shut-off domain made from FIXTURE.
libvirt_node() {
	sed -e "s|^<domain type='kvm'\([^>]*\)>|<domain type='test' xmlns:test='http://libvirt.org/schemas/domain/test/1.0'>|" \
		-e "s|^</domain>|  <test:runstate>5</test:runstate>\n</domain>|" \
		"$DOMS/$1.xml" > "$T/dom.xml"
	printf '<node>\n  <domain file="dom.xml"/>\n</node>\n' > "$T/node.xml"
	URI=test://$T/node.xml
}

test_domain_help_version() {
	run_tool vfio-domain --help
	assert_rc 0
	assert_stdout_match '^Usage: vfio-domain \[options\] DOMAIN'
	assert_stdout_match '--no-renumber'
	assert_stderr_empty
	run_tool vfio-domain -V
	assert_rc 0
	assert_stdout_match '^vfio-domain \(optimus-vfio\) [0-9]'
}

test_domain_bad_usage() {
	run_tool vfio-domain --frobnicate
	assert_rc 1
	assert_stderr_match "^Try 'vfio-domain --help'\.$"
	assert_stdout_empty
	run_tool vfio-domain
	assert_rc 1
	assert_stderr_match 'no domain: give its name, or --file FILE'
	run_tool vfio-domain a b
	assert_rc 1
	assert_stderr_match "unexpected argument 'b'"
	run_tool vfio-domain --file x.xml dom
	assert_rc 1
	assert_stderr_match 'not both'
	run_tool vfio-domain dom -o out.xml
	assert_rc 1
	assert_stderr_match '-o goes with --file'
	run_tool vfio-domain --file x.xml --vendor-id 1234567890123
	assert_rc 1
	assert_stderr_match "invalid --vendor-id '1234567890123'"
	run_tool vfio-domain --file x.xml --rom r --no-rom
	assert_rc 1
	assert_stderr_match 'exclude each other'
}

test_domain_golden_win11() {
	golden win11
	# first run: says what it moved and added
	vd --file "$DOMS/win11.xml" --ssdt /var/lib/optimus-vfio/ssdt/win11.aml -o "$T/o.xml"
	assert_stderr_match "moved <controller type='pci' index='1'> to index 4"
	assert_stderr_match 'moved <video> \(line [0-9]+\) from 00:01.0 to 00:03.0'
	assert_stderr_match 'added pcie-root-port index 1 at 00:01.0'
}

test_domain_golden_existing_hostdevs() {
	golden win11-hostdev
	vd --file "$DOMS/win11-hostdev.xml" --ssdt /x.aml -o "$T/o.xml"
	assert_stderr_match 'removed the hostdev of the HDMI audio function 01:00.1'
	# the library says what it did, the tool which option keeps it
	assert_stderr_match '^vfio-domain: --keep-audio keeps it$'
	# the user's own -acpitable stays; the smbios sysinfo stays
	grep -q "file=/etc/libvirt/battery.aml" "$T/o.xml" || fail "other -acpitable lost"
	grep -q "<entry name='manufacturer'>Acer</entry>" "$T/o.xml" || fail "smbios lost"
}

test_domain_golden_conflicts() {
	golden conflict
}

test_domain_keep_audio() {
	vd --file "$DOMS/win11-hostdev.xml" --ssdt /x.aml --keep-audio -o "$T/o.xml"
	assert_rc 0
	grep -q "bus='0x01' slot='0x00' function='0x0' multifunction='on'/>" "$T/o.xml" ||
		fail "GPU not multifunction"
	grep -q "<address type='pci' domain='0x0000' bus='0x01' slot='0x00' function='0x1'/>" \
		"$T/o.xml" || fail "audio not at 01:00.1"
	virt-xml-validate "$T/o.xml" domain > /dev/null 2>&1 || fail "invalid XML"
}

test_domain_no_renumber_refuses() {
	vd --file "$DOMS/win11.xml" --ssdt /x.aml --no-renumber -o "$T/o.xml"
	assert_rc 1
	assert_stderr_match "<controller type='pci' index='1'> holds the bus number the GPU needs"
	assert_no_file "$T/o.xml"
	assert_no_temp_files "$T"
}

# The library says what is in the way; vfio-domain adds which option helps.
test_domain_advice_from_tool() {
	vd --file "$DOMS/win11.xml" --ssdt /x.aml --no-renumber -o "$T/o.xml"
	assert_rc 1
	assert_stderr_eq "vfio-domain: $DOMS/win11.xml: <controller type='pci' index='1'> holds the bus number the GPU needs; without --no-renumber it would be moved"
	run_tool vfio-domain -s "$FIX/laptop" --file "$DOMS/win11.xml" --ssdt /x.aml -o "$T/o.xml"
	assert_rc 1
	assert_stderr_eq "vfio-domain: $DOMS/win11.xml: the domain has no fw_cfg entry 'opt/com.lion328/nvidia-rom' yet: give --rom FILE (the vBIOS dump) or --no-rom"
	assert_no_file "$T/o.xml"
}

test_domain_dry_run_file() {
	vd --file "$DOMS/win11.xml" --ssdt /x.aml --dry-run -o "$T/o.xml"
	assert_rc 0
	assert_stdout_match '^--- .*win11.xml \(old\)$'
	assert_stdout_match "^\+    <qemu:arg value='-acpitable'/>$"
	assert_stdout_match "^-    <controller type='pci' index='1' model='pcie-root-port'>$"
	assert_no_file "$T/o.xml"
}

test_domain_selected_fixes() {
	run_tool vfio-domain -s "$FIX/laptop" --file "$DOMS/win11.xml" --no-hostdev --no-audio --no-subsys --no-ssdt --no-rom \
		--no-genid --no-vendor-id --no-ioapic -o "$T/o.xml"
	assert_rc 0
	diff <(grep -v "hidden\|<kvm>\|</kvm>" "$T/o.xml") "$DOMS/win11.xml" > /dev/null ||
		fail "more than kvm hidden changed"
	grep -q "<hidden state='on'/>" "$T/o.xml" || fail "no kvm hidden"
	# ROM without --rom is refused on a domain without the entry
	run_tool vfio-domain -s "$FIX/laptop" --file "$DOMS/win11.xml" --ssdt /x.aml
	assert_rc 1
	assert_stderr_match "give --rom FILE"
}

test_domain_bad_gpu() {
	vd --file "$DOMS/win11.xml" --ssdt /x.aml --gpu 02:00.0 -o "$T/o.xml"
	assert_rc 1
	assert_stderr_match "no such device: .*/sys/bus/pci/devices/0000:02:00.0"
	vd --file "$DOMS/win11.xml" --ssdt /x.aml --gpu zz -o "$T/o.xml"
	assert_rc 1
	assert_stderr_match "invalid --device 'zz'"
	vd --file "$DOMS/win11.xml" --ssdt /x.aml --gpu 01:00.1 -o "$T/o.xml"
	assert_rc 1
	assert_stderr_match "function 0"
	# no PCI devices at all, or none from NVIDIA
	run_tool vfio-domain --file "$DOMS/win11.xml" --ssdt /x.aml -o "$T/o.xml"
	assert_rc 1
	assert_stderr_match "scan $T/empty-root/sys/bus/pci: "
	mkdir -p "$T/r/sys/bus/pci/devices"
	run_tool vfio-domain -s "$T/r" --file "$DOMS/win11.xml" --ssdt /x.aml -o "$T/o.xml"
	assert_rc 1
	assert_stderr_match "no NVIDIA display device under $T/r/sys/bus/pci/devices; give --device"
	assert_no_file "$T/o.xml"
}

test_domain_bad_files() {
	mkdir "$T/dir"
	vd --file "$DOMS/win11.xml" --ssdt /x.aml -o "$T/dir"
	assert_rc 1
	assert_stderr_match "create $T/dir: Is a directory"
	vd --file "$T/missing.xml" --ssdt /x.aml -o "$T/o.xml"
	assert_rc 1
	assert_stderr_match "read $T/missing.xml: No such file or directory"
	printf '<domain type="kvm"><name>x</name>\n<devices>\n</domain>\n' > "$T/bad.xml"
	vd --file "$T/bad.xml" --ssdt /x.aml -o "$T/o.xml"
	assert_rc 1
	assert_stderr_match "$T/bad.xml:[0-9]+: malformed XML"
	printf '<network><name>x</name></network>\n' > "$T/net.xml"
	vd --file "$T/net.xml" --ssdt /x.aml -o "$T/o.xml"
	assert_rc 1
	assert_stderr_match 'not a libvirt domain'
	assert_no_file "$T/o.xml"
	assert_no_temp_files "$T"
}

# The name names the backup and the built table: missing, empty or with a
# slash, it is refused before anything is built or written.
test_domain_unusable_name() {
	local n
	for n in '' '<name></name>' '<name>a/b</name>'; do
		sed -e "s|<name>win11</name>|$n|" "$DOMS/win11.xml" > "$T/n.xml"
		vd --file "$T/n.xml" --state-dir "$T/state" -o "$T/o.xml"
		assert_rc 1
		assert_stderr_match "^vfio-domain: $T/n.xml: the domain has no usable <name>$"
		assert_stdout_empty
		assert_no_file "$T/o.xml"
		assert_no_file "$T/state"
	done
}

test_domain_builds_ssdt() {
	vd --file "$DOMS/win11.xml" --state-dir "$T/state" -o "$T/o.xml"
	assert_rc 0
	[ "$(head -c 4 "$T/state/ssdt/win11.aml")" = SSDT ] || fail "no SSDT built"
	grep -q "<qemu:arg value='file=$T/state/ssdt/win11.aml'/>" "$T/o.xml" ||
		fail "SSDT path not in the domain"
	# a failing iasl: no output at all; its messages as vfio-ssdt shows them
	printf '#!/bin/sh\necho "stub: broken" >&2\nexit 2\n' > "$T/stub"
	chmod +x "$T/stub"
	vd --file "$DOMS/win11.xml" --state-dir "$T/state2" --iasl "$T/stub" -o "$T/o2.xml"
	assert_rc 1
	assert_stderr_match '^vfio-domain: iasl: stub: broken$'
	assert_stderr_match '^vfio-domain: iasl failed \(exit status 2\)$'
	assert_stderr_match '^vfio-domain: the SSDT was not built; nothing changed$'
	assert_no_file "$T/o2.xml"
	assert_no_file "$T/state2/ssdt/win11.aml"
	# it compiled the table for the edited domain and our GPU: behind the
	# new root port 00:01.0, with the default fw_cfg name
	printf '#!/bin/sh\nfor a; do f=$a; done\ncp "$f" %s/got.asl\nexit 1\n' "$T" > "$T/stub"
	vd --file "$DOMS/win11.xml" --state-dir "$T/state2" --iasl "$T/stub" -o "$T/o2.xml"
	assert_rc 1
	grep -qF 'Scope (\_SB.PCI0.S08.S00)' "$T/got.asl" || fail "GPU path: $(cat "$T/got.asl")"
	grep -qF "\"opt/com.lion328/nvidia-rom\"" "$T/got.asl" || fail "fw_cfg name: $(cat "$T/got.asl")"
}

test_domain_libvirt_define() {
	libvirt_node win11
	vd --connect "$URI" win11 --ssdt /x.aml --backup-dir "$T/bk"
	assert_rc 0
	assert_stdout_match "^Defined domain 'win11' \(old XML saved in $T/bk/win11-[0-9]{8}-[0-9]{6}\.xml\)\.$"
	assert_stderr_match 'added pcie-root-port index 1 at 00:01.0'
	b=$(ls "$T"/bk/win11-*.xml)
	grep -q '<name>win11</name>' "$b" || fail "backup is not the domain"
	! grep -q 'ua-optimus-gpu' "$b" || fail "backup holds the new XML"
	# read back: the test driver keeps everything but the qemu namespace
	assert_stderr_match "warning: libvirt did not keep every fix of domain 'win11'"
	grep '^[+-] ' "$T/stderr" > "$T/missing" || true
	grep -qv 'qemu' "$T/missing" && fail "libvirt dropped more than qemu:*: $(cat "$T/missing")"
	grep -q "x-pci-sub-vendor-id' type='unsigned' value='4133'" "$T/missing" ||
		fail "override not reported"
	assert_no_temp_files "$T/bk"
}

test_domain_libvirt_dry_run() {
	libvirt_node win11
	vd --connect "$URI" win11 --ssdt /x.aml --backup-dir "$T/bk" -n
	assert_rc 0
	assert_stdout_match '^--- win11 \(old\)$'
	assert_stdout_match "^\+      <alias name='ua-optimus-gpu'/>$"
	assert_no_file "$T/bk"
}

test_domain_libvirt_errors() {
	vd --connect test:///default nosuch --ssdt /x.aml --backup-dir "$T/bk"
	assert_rc 1
	assert_stderr_match "find domain 'nosuch' on test:///default: Domain not found"
	# the default test domain runs
	vd --connect test:///default test --ssdt /x.aml --backup-dir "$T/bk"
	assert_rc 1
	assert_stderr_match "domain 'test' is running; shut it down first, or give --force"
	assert_no_file "$T/bk"
	vd --connect test:///default test --ssdt /x.aml --backup-dir "$T/bk" --force
	assert_rc 0
	assert_stdout_match "^Defined domain 'test'"
	vd --connect 'qemu+tcp://127.0.0.1:1/system' x --ssdt /x.aml
	assert_rc 1
	assert_stderr_match "connect to qemu\+tcp://127.0.0.1:1/system: .*"
	vd --connect 'nosuchdriver:///x' x --ssdt /x.aml
	assert_rc 1
	assert_stderr_match "connect to nosuchdriver:///x: "
}

test_domain_libvirt_define_error() {
	# a user alias libvirt refuses twice: the define fails, the backup stays
	libvirt_node win11
	sed -i "s|<target dev='sda' bus='sata'/>|&\n      <alias name='ua-optimus-gpu'/>|" "$T/dom.xml"
	vd --connect "$URI" win11 --ssdt /x.aml --backup-dir "$T/bk"
	assert_rc 1
	assert_stderr_match "define domain 'win11': .*non unique alias detected: ua-optimus-gpu"
	assert_stderr_match "the domain is unchanged; its XML is saved in $T/bk/win11-"
	assert_stdout_empty
}

# Run as an unprivileged user: as root, libvirt's QEMU driver wants the
# libvirt-qemu user of the daemon package.  Sets EMBED (the driver's root).
# That user may not reach the checkout (under a 0700 home, a mktemp -d):
# what it runs or reads from there is copied into EMBED (embed_copy). When
# it cannot even reach $T (TMPDIR under such a directory), the test skips.
embed_setup() {
	EMBED=$T/embed
	ASUSER=()
	EMBED_ENV=()
	mkdir -p "$EMBED"
	chmod 755 "$T"
	if [ "$(id -u)" = 0 ]; then
		chmod 777 "$EMBED"
		ASUSER=(setpriv --reuid=65534 --regid=65534 --clear-groups)
		as_user test -w "$EMBED" ||
			skip "user 65534 cannot enter $T (TMPDIR=${TMPDIR:-/tmp} lies under a directory closed to other users)"
	fi
}

# embed_copy: $B/vfio-domain and the laptop fixture, copied where the user
# of as_user can run and read them: sets VD and LAPTOP.
embed_copy() {
	VD=$EMBED/vfio-domain
	LAPTOP=$EMBED/laptop
	cp "$B/vfio-domain" "$VD"
	cp -a "$FIX/laptop" "$LAPTOP"
	chmod 755 "$VD"
	chmod -R a+rX "$LAPTOP"
	# a sanitizer build reads its LeakSanitizer suppressions from the checkout
	EMBED_ENV=()
	if [[ ${LSAN_OPTIONS:-} == *suppressions=* ]]; then
		local supp=${LSAN_OPTIONS#*suppressions=}
		supp=${supp%%:*}
		cp "$supp" "$EMBED/lsan.supp"
		chmod 644 "$EMBED/lsan.supp"
		EMBED_ENV=("LSAN_OPTIONS=${LSAN_OPTIONS/"$supp"/$EMBED/lsan.supp}")
	fi
}

# embed_define_argv URI: the qemu-argv fixture defined as domain 'argv' there.
embed_define_argv() {
	cp "$DOMS/qemu-argv.xml" "$T/d.xml"
	chmod 644 "$T/d.xml"
	as_user virsh -c "$1" define "$T/d.xml" > "$T/virsh.out" 2>&1 ||
		fail "virsh define: $(cat "$T/virsh.out")"
}

as_user() {
	"${ASUSER[@]}" env HOME="$EMBED" XDG_RUNTIME_DIR="$EMBED" "${EMBED_ENV[@]}" "$@"
}

# A real define with libvirt's QEMU driver (embedded, no daemon): libvirt's
# own formatting keeps every fix, and a second run changes nothing.
test_domain_qemu_embed_define() {
	local U
	embed_setup
	embed_copy
	U="qemu:///embed?root=$EMBED/root"
	embed_define_argv "$U"
	RC=0
	as_user "$VD" --connect "$U" argv -s "$LAPTOP" --ssdt /s.aml --rom /r.rom \
		--backup-dir "$EMBED/bk" > "$T/stdout" 2> "$T/stderr" || RC=$?
	assert_rc 0
	assert_stdout_match "^Defined domain 'argv' \(old XML saved in $EMBED/bk/argv-"
	! grep -q 'warning' "$T/stderr" || fail "libvirt dropped a fix"
	as_user virsh -c "$U" dumpxml --inactive argv > "$T/defined.xml" 2>&1 ||
		fail "virsh dumpxml: $(cat "$T/defined.xml")"
	grep -q "<target chassis='[0-9]*' port='0x8' hotplug='off'/>" "$T/defined.xml" ||
		fail "no root port in $(cat "$T/defined.xml")"
	grep -q "<qemu:property name='x-pci-sub-device-id' type='unsigned' value='4491'/>" \
		"$T/defined.xml" || fail "no override"
	grep -q "<genid>" "$T/defined.xml" || fail "no genid"
	RC=0
	as_user "$VD" --connect "$U" argv -s "$LAPTOP" --ssdt /s.aml --rom /r.rom \
		--backup-dir "$EMBED/bk" > "$T/stdout" 2> "$T/stderr" || RC=$?
	assert_rc 0
	assert_stdout_eq "Domain 'argv' already has every fix; nothing changed."
	assert_stderr_empty
	[ "$(ls "$EMBED/bk" | wc -l)" = 1 ] || fail "second run made a backup"
}

# libvirt's embedded QEMU driver turns the edited domain into QEMU's command line.
test_domain_qemu_argv() {
	vd --file "$DOMS/qemu-argv.xml" --ssdt /var/lib/optimus-vfio/ssdt/argv.aml -o "$T/argv.xml"
	assert_rc 0
	# No VFIO on the test host: name the backend libvirt would pick itself.
	sed -i "s|<hostdev mode='subsystem' type='pci' managed='yes'>|&<driver name='vfio'/>|" \
		"$T/argv.xml"
	embed_setup
	chmod 644 "$T/argv.xml"
	as_user virsh -c "qemu:///embed?root=$EMBED" domxml-to-native qemu-argv \
		--xml "$T/argv.xml" > "$T/argv" 2> "$T/argv.err" ||
		fail "domxml-to-native: $(cat "$T/argv.err")"
	tr -s ' \\\n' '\n' < "$T/argv" | tr -d "'" > "$T/args"
	a() { grep -qF -- "$1" "$T/args" || fail "QEMU argv lacks $1: $(cat "$T/argv")"; }
	a '-acpitable'
	a 'file=/var/lib/optimus-vfio/ssdt/argv.aml'
	a 'name=opt/com.lion328/nvidia-rom,file=/var/lib/optimus-vfio/vbios.rom'
	a '"driver":"vmgenid"'
	# libvirt may put a root port of its own at 00:01.1, making ours multifunction
	grep -Eq '^\{"driver":"pcie-root-port","port":8,"chassis":1,"id":"pci.1","hotplug":false,"bus":"pcie.0",("multifunction":true,)?"addr":"0x1"\}$' \
		"$T/args" || fail "QEMU argv lacks the root port: $(cat "$T/argv")"
	a '{"driver":"vfio-pci","host":"0000:01:00.0","id":"ua-optimus-gpu","bus":"pci.1","addr":"0x0","x-pci-sub-vendor-id":4133,"x-pci-sub-device-id":4491}'
	a 'hv-vendor-id=OptimusVFIO'
	a 'kvm=off'
}

# A minimal q35 domain as virt-install would write it, before libvirt adds
# anything: NAME, then what goes in <devices> (DEVICES may be empty).
minimal_domain() {
	cat <<XML
<domain type='qemu'>
  <name>$1</name>
  <memory unit='MiB'>512</memory>
  <os><type arch='x86_64' machine='q35'>hvm</type></os>
  <devices>
    <emulator>/usr/bin/qemu-system-x86_64</emulator>
$2
  </devices>
</domain>
XML
}

LV_DISKS="<disk type='file' device='disk'><driver name='qemu' type='qcow2'/><source file='/var/lib/libvirt/images/a.qcow2'/><target dev='vda' bus='virtio'/></disk>
<disk type='file' device='disk'><driver name='qemu' type='qcow2'/><source file='/var/lib/libvirt/images/b.qcow2'/><target dev='vdb' bus='virtio'/></disk>
<disk type='file' device='cdrom'><source file='/var/lib/libvirt/images/win.iso'/><target dev='sda' bus='sata'/></disk>"
LV_IO="<interface type='mcast'><source address='230.0.0.1' port='5558'/><model type='virtio'/></interface>
<controller type='usb' model='qemu-xhci'/>
<input type='tablet' bus='usb'/>
<sound model='ich9'/>"

# A copy of the laptop fixture whose GPU sits behind 00:SS.F (default 1c.0)
# instead of 00:01.0, as on laptops that wire the dGPU to a PCH root port:
# sets L1C.
laptop_behind_1c() {
	local l t b=0000:00:${1:-1c.0}
	L1C=$EMBED/laptop-${1:-1c.0}
	cp -a "$FIX/laptop" "$L1C"
	mv "$L1C/sys/devices/pci0000:00/0000:00:01.0" "$L1C/sys/devices/pci0000:00/$b"
	find "$L1C" -type l | while read -r l; do
		t=$(readlink "$l")
		if [[ $t == *0000:00:01.0* ]]; then
			ln -sfn "${t//0000:00:01.0/$b}" "$l"
		fi
		if [ "${l##*/}" = 0000:00:01.0 ]; then
			mv "$l" "${l%/*}/$b"
		fi
	done
	chmod -R a+rX "$L1C"
	[ -e "$L1C/sys/bus/pci/devices/0000:01:00.0/vendor" ] || fail "fixture copy broken"
}

# libvirt_layout NAME SYSROOT SLOT DEVICES: define the minimal domain with
# libvirt's embedded QEMU driver (which assigns the addresses as libvirtd
# does), run vfio-domain on that definition, then check the result with
# libvirt's schema, QEMU's command line (the GPU's root port at 00:SLOT.0
# owning pci.1 with the GPU at 00.0 on it, no other bridge before it on
# pcie.0) and that a second run changes nothing.
libvirt_layout() {
	local name=$1 root=$2 slot=$3 U bad
	U="qemu:///embed?root=$EMBED/root"
	minimal_domain "$name" "$4" > "$T/$name.xml"
	chmod 644 "$T/$name.xml"
	as_user virsh -c "$U" define "$T/$name.xml" > "$T/virsh.out" 2>&1 ||
		fail "virsh define $name: $(cat "$T/virsh.out")"
	as_user virsh -c "$U" dumpxml --inactive "$name" > "$T/$name.libvirt.xml"
	RC=0
	as_user "$VD" --connect "$U" "$name" -s "$root" --ssdt /s.aml --rom /r.rom \
		--backup-dir "$EMBED/bk" > "$T/stdout" 2> "$T/stderr" || RC=$?
	[ "$RC" = 0 ] || fail "$name: exit $RC: $(cat "$T/stderr")"
	assert_stdout_match "^Defined domain '$name'"
	! grep -q 'warning' "$T/stderr" || fail "$name: $(cat "$T/stderr")"
	cp "$T/stderr" "$T/$name.moves"
	as_user virsh -c "$U" dumpxml --inactive "$name" > "$T/$name.out.xml"
	virt-xml-validate "$T/$name.out.xml" domain > "$T/validate" 2>&1 ||
		fail "$name: invalid domain XML: $(cat "$T/validate")"
	# No VFIO on the test host: name the backend libvirt would pick itself.
	# domxml-to-native makes every interface a tap device (it opens
	# /dev/net/tun), so the network card is left out of that copy only.
	sed -e "s|<hostdev mode='subsystem' type='pci' managed='yes'>|&<driver name='vfio'/>|" \
		-e '/<interface /,/<\/interface>/d' "$T/$name.out.xml" > "$T/$name.native.xml"
	chmod 644 "$T/$name.native.xml"
	as_user virsh -c "$U" domxml-to-native qemu-argv --xml "$T/$name.native.xml" \
		> "$T/argv" 2> "$T/argv.err" || fail "$name: domxml-to-native: $(cat "$T/argv.err")"
	tr -s ' \\\n' '\n' < "$T/argv" | tr -d "'" > "$T/args"
	grep -Eq "^\{\"driver\":\"pcie-root-port\",\"port\":$((0x$slot << 3)),\"chassis\":[0-9]+,\"id\":\"pci.1\",\"hotplug\":false,\"bus\":\"pcie.0\",\"addr\":\"0x$slot\"\}$" \
		"$T/args" || fail "$name: no root port pci.1 alone at 00:$slot.0: $(grep pcie-root-port "$T/args")"
	grep -qF '{"driver":"vfio-pci","host":"0000:01:00.0","id":"ua-optimus-gpu","bus":"pci.1","addr":"0x0"' \
		"$T/args" || fail "$name: GPU not at pci.1 00.0: $(grep vfio "$T/args")"
	# bridges on pcie.0 at a lower slot would take bus 1 in the guest
	bad=$(grep -E '"driver":"(pcie-root-port|pcie-pci-bridge|pci-bridge|x3130-upstream|i82801b11-bridge)"' "$T/args" |
		grep '"bus":"pcie.0"' | sed -E 's/.*"addr":"0x([0-9a-f]+)(\.0x[0-7])?".*/\1/' |
		while read -r a; do [ $((0x$a)) -lt $((0x$slot)) ] && echo "$a"; done)
	[ -z "$bad" ] || fail "$name: bridges before the GPU's root port at slot(s) $bad"
	RC=0
	as_user "$VD" --connect "$U" "$name" -s "$root" --ssdt /s.aml --rom /r.rom \
		--backup-dir "$EMBED/bk" > "$T/stdout" 2> "$T/stderr" || RC=$?
	assert_rc 0
	assert_stdout_eq "Domain '$name' already has every fix; nothing changed."
	assert_stderr_empty
}

# Issue 17: the layouts libvirt makes itself. Without video libvirt puts its
# root ports as one multifunction slot at 00:01.x, where the GPU's root port
# goes: the whole slot moves (was: "in a multifunction slot; move it by hand").
test_domain_libvirt_headless_layouts() {
	embed_setup
	embed_copy
	libvirt_layout bare "$LAPTOP" 1 "<video><model type='none'/></video>"
	grep -q "from 00:01.0 to 00:0[2-9a-f].0" "$T/bare.moves" ||
		fail "bare: no move reported: $(cat "$T/bare.moves")"
	libvirt_layout headless "$LAPTOP" 1 "$LV_DISKS
$LV_IO
<video><model type='none'/></video>"
	# every libvirt root port of slot 1 is reported, function kept
	for f in 0 1 2 3 4; do
		grep -Eq "moved <controller type='pci' index='[0-9]+'> from 00:01.$f to 00:([0-9a-f]{2}).$f" \
			"$T/headless.moves" || fail "headless: 00:01.$f not reported: $(cat "$T/headless.moves")"
	done
	# the device on bus 1 followed its root port's new index
	grep -q "moved <controller type='pci' index='1'> to index" "$T/headless.moves" ||
		fail "headless: renumbering not reported"
	# the network card and the disks are still where their ports are
	grep -c "<address type='pci' domain='0x0000' bus='0x0[2-9a-f]' slot='0x00' function='0x0'/>" \
		"$T/headless.out.xml" > /dev/null || fail "headless: devices lost their buses"
}

test_domain_libvirt_video_layouts() {
	embed_setup
	embed_copy
	libvirt_layout vga "$LAPTOP" 1 "$LV_DISKS
$LV_IO
<video><model type='vga'/></video>"
	grep -q "moved <video> (line [0-9]*) from 00:01.0 to 00:" "$T/vga.moves" ||
		fail "vga: video not moved: $(cat "$T/vga.moves")"
	libvirt_layout qxl "$LAPTOP" 1 "$LV_IO
<video><model type='qxl'/></video>
<graphics type='spice' autoport='yes'/>"
}

# A GPU behind 00:1c.0: libvirt's ports at 00:01.x would make the guest
# number their buses first, so their slot moves after 1c (was: a warning).
test_domain_libvirt_bridges_before_moved() {
	embed_setup
	embed_copy
	laptop_behind_1c
	libvirt_layout pch "$L1C" 1c "$LV_DISKS
$LV_IO
<video><model type='none'/></video>"
	grep -Eq "moved <controller type='pci' index='[0-9]+'> from 00:01.0 to 00:1[d-e].0" \
		"$T/pch.moves" || fail "pch: ports not moved after 1c: $(cat "$T/pch.moves")"
}

# Where a move cannot be made, the message names the element, why, and what
# the user can change; nothing is written.
test_domain_layout_refusals() {
	local i devs=""
	# every slot after 1c taken: the ports at 00:01.x have nowhere to go
	embed_setup
	embed_copy
	laptop_behind_1c
	for i in 1d 1e 1f; do
		devs="$devs<controller type='pci' index='$((0x$i - 20))' model='pcie-root-port'><address type='pci' domain='0x0000' bus='0x00' slot='0x$i' function='0x0'/></controller>
"
	done
	minimal_domain full "$devs<controller type='pci' index='2' model='pcie-root-port'><address type='pci' domain='0x0000' bus='0x00' slot='0x01' function='0x0'/></controller>" > "$T/full.xml"
	RC=0
	"$VD" --file "$T/full.xml" -s "$L1C" --ssdt /s.aml --rom /r.rom -o "$T/full.out.xml" \
		> "$T/stdout" 2> "$T/stderr" || RC=$?
	assert_rc 1
	assert_stderr_match "<controller type='pci' index='2'> comes before the GPU's root port on bus 00 \(the guest would number its bus first\), and bus 00 has no free slot after the GPU's root port to move it to; free one"
	assert_no_file "$T/full.out.xml"
	# a bridge in the root port's own slot, before its function: 00:1c.4
	laptop_behind_1c 1c.4
	minimal_domain same "<controller type='pci' index='9' model='pcie-root-port'><address type='pci' domain='0x0000' bus='0x00' slot='0x1c' function='0x0' multifunction='on'/></controller>" > "$T/same.xml"
	RC=0
	"$VD" --file "$T/same.xml" -s "$L1C" --ssdt /s.aml --rom /r.rom -o "$T/same.out.xml" \
		> "$T/stdout" 2> "$T/stderr" || RC=$?
	assert_rc 1
	assert_stderr_match "<controller type='pci' index='9'> at 00:1c.0 comes before the GPU's root port at 00:1c.4 in the same slot, so the guest would number its bus first; give it an address after slot 1c"
	assert_no_file "$T/same.out.xml"
	# --no-renumber: the group is refused instead of moved, naming it
	minimal_domain nor "<controller type='pci' index='3' model='pcie-root-port'><address type='pci' domain='0x0000' bus='0x00' slot='0x01' function='0x0' multifunction='on'/></controller>
<controller type='pci' index='2' model='pcie-root-port'><address type='pci' domain='0x0000' bus='0x00' slot='0x01' function='0x1'/></controller>
<interface type='user'><model type='virtio'/><address type='pci' domain='0x0000' bus='0x02' slot='0x00' function='0x0'/></interface>" > "$T/nor.xml"
	RC=0
	"$VD" --file "$T/nor.xml" -s "$LAPTOP" --ssdt /s.aml --rom /r.rom --no-renumber \
		-o "$T/nor.out.xml" > "$T/stdout" 2> "$T/stderr" || RC=$?
	assert_rc 1
	assert_stderr_match "<controller type='pci' index='3'> sits where the GPU's root port goes; without --no-renumber it would be moved"
	assert_no_file "$T/nor.out.xml"
	RC=0
	"$VD" --file "$T/nor.xml" -s "$LAPTOP" --ssdt /s.aml --rom /r.rom \
		-o "$T/nor.out.xml" > "$T/stdout" 2> "$T/stderr" || RC=$?
	assert_rc 0
	assert_stderr_match "moved <controller type='pci' index='3'> from 00:01.0 to 00:02.0"
	assert_stderr_match "moved <controller type='pci' index='2'> from 00:01.1 to 00:02.1"
	grep -q "<address type='pci' domain='0x0000' bus='0x00' slot='0x02' function='0x0' multifunction='on'/>" \
		"$T/nor.out.xml" || fail "the group lost its multifunction flag"
}

# An older libvirt, faked by a preloaded virConnectGetLibVersion (built here).
test_domain_libvirt_too_old() {
	cat > "$T/oldvirt.c" <<'C'
int virConnectGetLibVersion(void *conn, unsigned long *v)
{
	(void)conn;
	*v = 6004000;	/* 6.4.0: before fwcfg sysinfo and qemu:override */
	return 0;
}
C
	${CC:-cc} -shared -fPIC -o "$T/oldvirt.so" "$T/oldvirt.c" || fail "cannot build the shim"
	libvirt_node win11
	LD_PRELOAD=$T/oldvirt.so vd --connect "$URI" win11 --ssdt /x.aml --backup-dir "$T/bk"
	assert_rc 1
	assert_stderr_match "libvirt 6.4.0 is too old for <qemu:override> \(subsystem IDs\): needs 8.2.0 \(or give --no-subsys\)"
	assert_stderr_match "libvirt 6.4.0 is too old for <sysinfo type='fwcfg'> \(the ROM\): needs 6.5.0 \(or give --no-rom\)"
	assert_no_file "$T/bk"
	LD_PRELOAD=$T/oldvirt.so run_tool vfio-domain -s "$FIX/laptop" --connect "$URI" win11 \
		--ssdt /x.aml --backup-dir "$T/bk" --no-subsys --no-rom
	assert_rc 0
	assert_stdout_match "^Defined domain 'win11'"
}

# --rom: the guest gets the file's bytes as they are (fw_cfg). An nvflash
# file or flash dump is refused with the cut command; nothing is written.
test_domain_rom_nvgi_refused() {
	"$B/tests/mkrom" --nvgi 2560 -i x86:4K -i efi:4K -o "$T/a.rom" || fail mkrom
	run_tool vfio-domain -s "$FIX/laptop" --rom "$T/a.rom" --file "$DOMS/win11.xml" \
		--ssdt /s.aml -o "$T/out.xml"
	assert_rc 2
	assert_stdout_empty
	assert_stderr_eq "vfio-domain: check $T/a.rom: the ROM is at offset 0xa00, after an NVIDIA NVGI header, which a guest must not get; cut it out with: vbios-info --extract OUT $T/a.rom"
	assert_no_file "$T/out.xml"
	run_tool vfio-domain -s "$FIX/laptop" --rom "$T/a.rom" --file "$DOMS/win11.xml" \
		--ssdt /s.aml --dry-run
	assert_rc 2
	assert_stdout_empty
	printf 'hello' > "$T/b.rom"
	run_tool vfio-domain -s "$FIX/laptop" --rom "$T/b.rom" --file "$DOMS/win11.xml" \
		--ssdt /s.aml -o "$T/out.xml"
	assert_rc 2
	assert_stderr_match "^vfio-domain: check $T/b\.rom: not a PCI option ROM"
	assert_no_file "$T/out.xml"
}

# The cut ROM is taken; it is named as given, made absolute.
test_domain_rom_bare_accepted() {
	"$B/tests/mkrom" --nvgi 2560 -i x86:4K -i efi:4K -o "$T/a.rom" || fail mkrom
	run_tool vbios-info -q -x "$T/cut.rom" "$T/a.rom"
	assert_rc 0
	run_tool vfio-domain -s "$FIX/laptop" --rom "$T/cut.rom" --file "$DOMS/win11.xml" \
		--ssdt /s.aml -o "$T/out.xml"
	assert_rc 0
	grep -q "file='$T/cut.rom'" "$T/out.xml" || fail "ROM not named in the domain"
}

# --rom-bar: a bare ROM of the laptop's GPU (10de:1c8d) in $T/ROM.rom, or of
# another device with MKROM_ARGS; its real path in ROMBAR.
rombar_rom() {
	"$B/tests/mkrom" "${@:2}" -i x86:4K -i efi:4K -o "$T/$1.rom" || fail mkrom
	ROMBAR=$(realpath "$T/$1.rom")
}

# Issue 18: the vBIOS in the GPU's ROM BAR, the audio function kept. Golden
# file (the ROM's path as @ROM@), libvirt's schema, and a fixed point.
test_domain_rom_bar_golden() {
	rombar_rom mxm
	vd --file "$DOMS/win11-hostdev.xml" --ssdt /var/lib/optimus-vfio/ssdt/w.aml \
		--keep-audio --rom-bar "$T/mxm.rom" -o "$T/o.xml"
	assert_rc 0
	assert_stdout_empty
	assert_stderr_match "^vfio-domain: put $ROMBAR in the ROM BAR of the GPU's hostdev$"
	# the audio function stays: only the reset is left to mention
	assert_stderr_match "^vfio-domain: with the vBIOS in the ROM BAR the GPU reset in the hook is optional \(gpu-reset = no in /etc/optimus-vfio/hook.conf\)$"
	sed "s|$ROMBAR|@ROM@|" "$T/o.xml" > "$T/o.golden.xml"
	diff -u "$DOMS/win11-hostdev-rombar.expected.xml" "$T/o.golden.xml" ||
		fail "output differs from the golden file"
	virt-xml-validate "$T/o.xml" domain > "$T/validate" 2>&1 ||
		fail "invalid domain XML: $(cat "$T/validate")"
	vd --file "$T/o.xml" --ssdt /var/lib/optimus-vfio/ssdt/w.aml --keep-audio \
		--rom-bar "$T/mxm.rom" -o "$T/again.xml"
	assert_rc 0
	assert_stderr_empty
	assert_files_eq "$T/o.xml" "$T/again.xml"
	# without --keep-audio the advice names it
	vd --file "$DOMS/win11-hostdev.xml" --ssdt /x.aml --rom-bar "$T/mxm.rom" -o "$T/o2.xml"
	assert_rc 0
	assert_stderr_match "^vfio-domain: --keep-audio keeps it$"
	assert_stderr_match "ROM BAR the HDMI audio function can stay \(--keep-audio\) and the GPU reset in the hook is optional"
}

# --no-rom-bar takes the <rom> off the GPU hostdev again; --rom-bar and
# --no-rom-bar exclude each other.
test_domain_no_rom_bar() {
	rombar_rom mxm
	vd --file "$DOMS/win11.xml" --ssdt /x.aml --rom-bar "$T/mxm.rom" -o "$T/o.xml"
	assert_rc 0
	grep -q "<rom bar='on' file='$ROMBAR'/>" "$T/o.xml" || fail "no <rom>"
	vd --file "$T/o.xml" --ssdt /x.aml --no-rom-bar -o "$T/o2.xml"
	assert_rc 0
	assert_stderr_eq "vfio-domain: removed the <rom> of the GPU's hostdev"
	! grep -q '<rom' "$T/o2.xml" || fail "<rom> left"
	vd --file "$DOMS/win11.xml" --ssdt /x.aml -o "$T/plain.xml"
	assert_files_eq "$T/plain.xml" "$T/o2.xml"
	vd --file "$T/o.xml" --ssdt /x.aml --rom-bar "$T/mxm.rom" --no-rom-bar -o "$T/o3.xml"
	assert_rc 1
	assert_stderr_eq "vfio-domain: --rom-bar and --no-rom-bar exclude each other"
	assert_no_file "$T/o3.xml"
	vd --file "$T/o.xml" --ssdt /x.aml --rom-bar "$T/a$(printf '\001')b.rom" -o "$T/o3.xml"
	assert_rc 1
	assert_stderr_match "^vfio-domain: invalid --rom-bar '.*': a control character, which libvirt's XML cannot hold$"
	assert_no_file "$T/o3.xml"
}

# Another device ID: refused with both IDs (exit 2, nothing written), taken
# with --force and a warning. Another vendor: refused even with --force.
test_domain_rom_bar_other_device() {
	rombar_rom other --device 1f95
	vd --file "$DOMS/win11.xml" --ssdt /x.aml --rom-bar "$T/other.rom" -o "$T/o.xml"
	assert_rc 2
	assert_stdout_empty
	assert_stderr_eq "vfio-domain: check $T/other.rom: the ROM is for device 10de:1f95, the GPU is 10de:1c8d; give --force if the ROM is meant for this GPU"
	assert_no_file "$T/o.xml"
	vd --file "$DOMS/win11.xml" --ssdt /x.aml --rom-bar "$T/other.rom" --dry-run
	assert_rc 2
	assert_stdout_empty
	vd --file "$DOMS/win11.xml" --ssdt /x.aml --rom-bar "$T/other.rom" --force -o "$T/o.xml"
	assert_rc 0
	assert_stderr_match "^vfio-domain: warning: check $T/other.rom: the ROM is for device 10de:1f95, the GPU is 10de:1c8d; using it \(--force\)$"
	grep -q "<rom bar='on' file='$ROMBAR'/>" "$T/o.xml" || fail "no <rom>"
	rombar_rom amd --vendor 1002 --device 1c8d
	vd --file "$DOMS/win11.xml" --ssdt /x.aml --rom-bar "$T/amd.rom" --force -o "$T/a.xml"
	assert_rc 2
	assert_stderr_eq "vfio-domain: check $T/amd.rom: the ROM is for 1002:1c8d, a device of another vendor than the GPU 10de:1c8d"
	assert_no_file "$T/a.xml"
}

# The ROM BAR check is vbios-info's (one module): an x86 image with a bad
# checksum is refused, as SeaBIOS would skip it; a chain ended by an NVIDIA
# 0x70 image not flagged last is a complete ROM, as for the ROM parser.
test_domain_rom_bar_checksum_and_nv70_end() {
	"$B/tests/mkrom" -i x86:4K --bad-checksum -i efi:4K -o "$T/sum.rom" || fail mkrom
	vd --file "$DOMS/win11.xml" --ssdt /x.aml --rom-bar "$T/sum.rom" -o "$T/o.xml"
	assert_rc 2
	assert_stderr_eq "vfio-domain: check $T/sum.rom: image 0 at offset 0x0 has a bad x86 checksum (vbios-info $T/sum.rom says more)"
	assert_no_file "$T/o.xml"
	"$B/tests/mkrom" -i x86:4K -i nv70:1K --pcir-last no -o "$T/nv70.rom" || fail mkrom
	vd --file "$DOMS/win11.xml" --ssdt /x.aml --rom-bar "$T/nv70.rom" -o "$T/o.xml"
	assert_rc 0
	grep -q "<rom bar='on' file='$(realpath "$T/nv70.rom")'/>" "$T/o.xml" || fail "no <rom>"
}

# Files that are no bare ROM for the BAR (exit 2) or cannot be read (exit 1).
test_domain_rom_bar_not_fit() {
	"$B/tests/mkrom" --nvgi 2560 -i x86:4K -i efi:4K -o "$T/nvgi.rom" || fail mkrom
	vd --file "$DOMS/win11.xml" --ssdt /x.aml --rom-bar "$T/nvgi.rom" -o "$T/o.xml"
	assert_rc 2
	assert_stderr_eq "vfio-domain: check $T/nvgi.rom: the ROM is at offset 0xa00, after an NVIDIA NVGI header; the ROM BAR needs the bare ROM at offset 0; cut it out with: vbios-info --extract OUT $T/nvgi.rom"
	"$B/tests/mkrom" -i x86:4K -i efi:4K -o "$T/full.rom" || fail mkrom
	head -c 6144 "$T/full.rom" > "$T/cut.rom"
	vd --file "$DOMS/win11.xml" --ssdt /x.aml --rom-bar "$T/cut.rom" -o "$T/o.xml"
	assert_rc 2
	assert_stderr_match "^vfio-domain: check $T/cut.rom: the image chain does not parse: image 1: .* \(vbios-info $T/cut.rom says more\)$"
	"$B/tests/mkrom" -i x86:4K --sig bb77 -o "$T/bb77.rom" || fail mkrom
	vd --file "$DOMS/win11.xml" --ssdt /x.aml --rom-bar "$T/bb77.rom" -o "$T/o.xml"
	assert_rc 2
	assert_stderr_match "the first image starts 77 bb, not 55 aa"
	printf 'hello' > "$T/hello.rom"
	vd --file "$DOMS/win11.xml" --ssdt /x.aml --rom-bar "$T/hello.rom" -o "$T/o.xml"
	assert_rc 2
	assert_stderr_match "^vfio-domain: check $T/hello.rom: not a PCI option ROM"
	truncate -s 17M "$T/full.rom"
	vd --file "$DOMS/win11.xml" --ssdt /x.aml --rom-bar "$T/full.rom" -o "$T/o.xml"
	assert_rc 2
	assert_stderr_eq "vfio-domain: check $T/full.rom: 17825792 bytes, more than the 16 MiB a PCI ROM BAR can hold"
	# unlike --rom (a ROM not dumped yet), QEMU opens this file at start
	vd --file "$DOMS/win11.xml" --ssdt /x.aml --rom-bar "$T/missing.rom" -o "$T/o.xml"
	assert_rc 1
	assert_stderr_eq "vfio-domain: check $T/missing.rom: No such file or directory"
	mkdir "$T/dir.rom"
	vd --file "$DOMS/win11.xml" --ssdt /x.aml --rom-bar "$T/dir.rom" -o "$T/o.xml"
	assert_rc 1
	assert_stderr_eq "vfio-domain: check $T/dir.rom: Is a directory"
	mkfifo "$T/fifo.rom"
	vd --file "$DOMS/win11.xml" --ssdt /x.aml --rom-bar "$T/fifo.rom" -o "$T/o.xml"
	assert_rc 1
	assert_stderr_eq "vfio-domain: check $T/fifo.rom: not a regular file"
	assert_no_file "$T/o.xml"
	# the GPU's hostdev must be there to take it
	rombar_rom mxm
	run_tool vfio-domain -s "$FIX/laptop" --file "$DOMS/win11.xml" --no-hostdev --no-subsys \
		--no-ssdt --no-rom --rom-bar "$T/mxm.rom" -o "$T/o.xml"
	assert_rc 1
	assert_stderr_eq "vfio-domain: $DOMS/win11.xml: no hostdev for the GPU 0000:01:00.0 to give the ROM BAR to"
	assert_no_file "$T/o.xml"
}

# libvirt's QEMU driver turns <rom bar='on' file=''/> into romfile= on the
# GPU's vfio-pci device, next to the fw_cfg ROM of --rom.
test_domain_rom_bar_qemu_argv() {
	embed_setup
	"$B/tests/mkrom" -i x86:4K -i efi:4K -o "$EMBED/mxm.rom" || fail mkrom
	chmod 644 "$EMBED/mxm.rom"
	vd --file "$DOMS/qemu-argv.xml" --ssdt /var/lib/optimus-vfio/ssdt/argv.aml \
		--rom-bar "$EMBED/mxm.rom" -o "$T/argv.xml"
	assert_rc 0
	sed -i "s|<hostdev mode='subsystem' type='pci' managed='yes'>|&<driver name='vfio'/>|" \
		"$T/argv.xml"
	chmod 644 "$T/argv.xml"
	as_user virsh -c "qemu:///embed?root=$EMBED" domxml-to-native qemu-argv \
		--xml "$T/argv.xml" > "$T/argv" 2> "$T/argv.err" ||
		fail "domxml-to-native: $(cat "$T/argv.err")"
	tr -s ' \\\n' '\n' < "$T/argv" | tr -d "'" > "$T/args"
	grep -qF "{\"driver\":\"vfio-pci\",\"host\":\"0000:01:00.0\",\"id\":\"ua-optimus-gpu\",\"bus\":\"pci.1\",\"addr\":\"0x0\",\"rombar\":1,\"romfile\":\"$(realpath "$EMBED/mxm.rom")\"," \
		"$T/args" || fail "no romfile on the GPU: $(grep vfio-pci "$T/args")"
	grep -qF 'name=opt/com.lion328/nvidia-rom,file=/var/lib/optimus-vfio/vbios.rom' \
		"$T/args" || fail "fw_cfg ROM lost: $(cat "$T/argv")"
}

# A define with libvirt's QEMU driver keeps the <rom>; a second run: nothing to do.
test_domain_rom_bar_embed_define() {
	local U
	embed_setup
	embed_copy
	U="qemu:///embed?root=$EMBED/root"
	"$B/tests/mkrom" -i x86:4K -i efi:4K -o "$EMBED/mxm.rom" || fail mkrom
	chmod 644 "$EMBED/mxm.rom"
	embed_define_argv "$U"
	RC=0
	as_user "$VD" --connect "$U" argv -s "$LAPTOP" --ssdt /s.aml --rom /r.rom \
		--rom-bar "$EMBED/mxm.rom" --backup-dir "$EMBED/bk" > "$T/stdout" 2> "$T/stderr" || RC=$?
	assert_rc 0
	assert_stdout_match "^Defined domain 'argv'"
	! grep -q 'warning' "$T/stderr" || fail "libvirt dropped a fix: $(cat "$T/stderr")"
	as_user virsh -c "$U" dumpxml --inactive argv > "$T/defined.xml" 2>&1
	grep -q "<rom bar='on' file='$(realpath "$EMBED/mxm.rom")'/>" "$T/defined.xml" ||
		fail "no <rom> in $(cat "$T/defined.xml")"
	RC=0
	as_user "$VD" --connect "$U" argv -s "$LAPTOP" --ssdt /s.aml --rom /r.rom \
		--rom-bar "$EMBED/mxm.rom" --backup-dir "$EMBED/bk" > "$T/stdout" 2> "$T/stderr" || RC=$?
	assert_rc 0
	assert_stdout_eq "Domain 'argv' already has every fix; nothing changed."
	assert_stderr_empty
	RC=0
	as_user "$VD" --connect "$U" argv -s "$LAPTOP" --ssdt /s.aml --rom /r.rom \
		--no-rom-bar --backup-dir "$EMBED/bk" > "$T/stdout" 2> "$T/stderr" || RC=$?
	assert_rc 0
	as_user virsh -c "$U" dumpxml --inactive argv > "$T/defined.xml" 2>&1
	! grep -q "<rom" "$T/defined.xml" || fail "<rom> left: $(cat "$T/defined.xml")"
}

# Issue 16.2: <ioapic driver='kvm'/> is on by default for type='kvm' (the
# golden files above have it); a TCG domain has no in-kernel irqchip and is
# left alone; --no-ioapic leaves it out.
test_domain_ioapic() {
	vd --file "$DOMS/win11.xml" --ssdt /x.aml -o "$T/o.xml"
	assert_rc 0
	grep -q "^    <ioapic driver='kvm'/>$" "$T/o.xml" || fail "no ioapic"
	vd --file "$DOMS/win11.xml" --ssdt /x.aml --no-ioapic -o "$T/o.xml"
	assert_rc 0
	! grep -q "ioapic" "$T/o.xml" || fail "ioapic despite --no-ioapic"
	vd --file "$DOMS/qemu-argv.xml" --ssdt /x.aml -o "$T/o.xml"
	assert_rc 0
	! grep -q "ioapic" "$T/o.xml" || fail "ioapic on a type='qemu' domain"
	# a split irqchip asked for by hand is replaced, and that is said
	sed "s|<acpi/>|&\n    <ioapic driver='qemu'/>|" "$DOMS/win11.xml" > "$T/split.xml"
	vd --file "$T/split.xml" --ssdt /x.aml -o "$T/o.xml"
	assert_rc 0
	assert_stderr_match "^vfio-domain: changed <ioapic driver='qemu'/> to 'kvm'"
	[ "$(grep -c ioapic "$T/o.xml")" = 1 ] || fail "two ioapic elements"
}

# Issue 16.1: the Looking Glass device, as shmem or kvmfr, in golden files.
test_domain_golden_looking_glass() {
	golden win11 win11-lg --looking-glass=2560x1440
	grep -q "<size unit='M'>64</size>" "$DOMS/win11-lg.expected.xml" || fail "golden size"
	golden win11 win11-kvmfr --kvmfr
	grep -q "size=33554432,share=yes" "$DOMS/win11-kvmfr.expected.xml" || fail "golden size"
	# --kvmfr takes the resolution of --looking-glass, in either order
	vd --file "$DOMS/win11.xml" --ssdt /x.aml --kvmfr --looking-glass=3840x2160,hdr -o "$T/o.xml"
	assert_rc 0
	grep -q "mem-path=/dev/kvmfr0,size=268435456,share=yes'/>" "$T/o.xml" || fail "4K HDR size"
}

# A second run with another size or form replaces the device, says so, and
# --no-looking-glass takes it out.
test_domain_looking_glass_replaced() {
	vd --file "$DOMS/win11.xml" --ssdt /x.aml --looking-glass -o "$T/a.xml"
	assert_rc 0
	assert_stderr_match "set <memballoon model='none'/> \(was 'virtio'\)"
	grep -q "<size unit='M'>32</size>" "$T/a.xml" || fail "default is not 1920x1080: 32 MiB"
	vd --file "$T/a.xml" --ssdt /x.aml --looking-glass=3840x2160 -o "$T/b.xml"
	assert_rc 0
	assert_stderr_eq "vfio-domain: resized <shmem name='looking-glass'> from 32 to 128 MiB"
	[ "$(grep -c '<shmem' "$T/b.xml")" = 1 ] || fail "two shmem devices"
	vd --file "$T/b.xml" --ssdt /x.aml --kvmfr -o "$T/c.xml"
	assert_rc 0
	assert_stderr_match "replaced <shmem name='looking-glass'> by the kvmfr device /dev/kvmfr0"
	! grep -q '<shmem' "$T/c.xml" || fail "shmem kept beside kvmfr"
	vd --file "$T/c.xml" --ssdt /x.aml --no-looking-glass -o "$T/d.xml"
	assert_rc 0
	! grep -q 'looking-glass' "$T/d.xml" || fail "Looking Glass not removed"
	# what is left is the plain edit, but for the balloon Looking Glass turned off
	vd --file "$DOMS/win11.xml" --ssdt /x.aml -o "$T/plain.xml"
	diff "$T/plain.xml" "$T/d.xml" | grep '^[<>]' | grep -v memballoon |
		grep -v "<address type='pci' domain='0x0000' bus='0x03'" | grep -v '</memballoon>' &&
		fail "--no-looking-glass left more than the balloon"
	virt-xml-validate "$T/d.xml" domain > /dev/null 2>&1 || fail "invalid XML"
}

# A bad resolution is named with the expected form; nothing is read or written.
test_domain_looking_glass_bad_value() {
	local v
	for v in '' 1920 1920x 1920X1080 0x1080 01920x1080 16385x1 1920x1080,HDR \
		'1920x1080,hdr,' ' 1920x1080' 1920x-1 99999999999999999999x1; do
		vd --file "$DOMS/win11.xml" --ssdt /x.aml "--looking-glass=$v" -o "$T/o.xml"
		assert_rc 1
		assert_stdout_empty
		assert_stderr_eq "vfio-domain: invalid --looking-glass '$v': expected WIDTHxHEIGHT or WIDTHxHEIGHT,hdr with each side 1 to 16384 (e.g. 2560x1440)"
		assert_no_file "$T/o.xml"
	done
	vd --file "$DOMS/win11.xml" --ssdt /x.aml --looking-glass --no-looking-glass -o "$T/o.xml"
	assert_rc 1
	assert_stderr_eq "vfio-domain: --looking-glass and --no-looking-glass exclude each other"
	vd --file "$DOMS/win11.xml" --ssdt /x.aml --no-looking-glass --kvmfr -o "$T/o.xml"
	assert_rc 1
	assert_stderr_eq "vfio-domain: --looking-glass and --no-looking-glass exclude each other"
	vd --file "$DOMS/win11.xml" --ssdt /x.aml --kvmfr --no-looking-glass -o "$T/o.xml"
	assert_rc 1
	assert_stderr_eq "vfio-domain: --kvmfr and --no-looking-glass exclude each other"
	# the value after a blank would be taken for the domain's name
	vd --connect test:///default --looking-glass 2560x1440,hdr --ssdt /x.aml --backup-dir "$T/bk"
	assert_rc 1
	assert_stderr_eq "vfio-domain: --looking-glass takes its size after '=': --looking-glass=2560x1440,hdr"
	vd --file "$DOMS/win11.xml" --looking-glass 2560x1440 --ssdt /x.aml
	assert_rc 1
	assert_stderr_match "takes its size after '='"
	# a libvirt domain is not even looked up
	vd --connect test:///default test --ssdt /x.aml --looking-glass=1x --backup-dir "$T/bk"
	assert_rc 1
	assert_stderr_match "invalid --looking-glass '1x'"
	assert_no_file "$T/bk"
	assert_no_file "$T/o.xml"
}

# QEMU's command line from libvirt's embedded QEMU driver: the shmem device
# becomes ivshmem-plain on a shared memory-backend-file, kvmfr the same on
# /dev/kvmfr0, and <ioapic driver='kvm'/> kernel_irqchip=on. The domain is
# edited as type='kvm' (so the ioapic is put in); this host cannot probe
# QEMU for KVM as the unprivileged user, so the argv is made from a
# type='qemu' copy, for which libvirt writes the -machine option the same.
test_domain_qemu_argv_looking_glass() {
	local form
	embed_setup
	sed "s|^<domain type='qemu'>|<domain type='kvm'>|" "$DOMS/qemu-argv.xml" > "$T/kvm.xml"
	for form in --looking-glass --kvmfr; do
		vd --file "$T/kvm.xml" --ssdt /s.aml "$form" -o "$T/lg.xml"
		assert_rc 0
		grep -q "<ioapic driver='kvm'/>" "$T/lg.xml" || fail "no ioapic"
		sed -e "s|^<domain type='kvm'|<domain type='qemu'|" \
			-e "s|<hostdev mode='subsystem' type='pci' managed='yes'>|&<driver name='vfio'/>|" \
			"$T/lg.xml" > "$T/argv.xml"
		chmod 644 "$T/argv.xml"
		as_user virsh -c "qemu:///embed?root=$EMBED" domxml-to-native qemu-argv \
			--xml "$T/argv.xml" > "$T/argv" 2> "$T/argv.err" ||
			fail "$form: domxml-to-native: $(cat "$T/argv.err")"
		tr -s ' \\\n' '\n' < "$T/argv" | tr -d "'" > "$T/args"
		grep -Eq '^pc-q35-[0-9.]+,.*kernel_irqchip=on' "$T/args" ||
			fail "$form: no kernel_irqchip=on: $(grep -A1 -- -machine "$T/args")"
		# no balloon device at all
		! grep -q 'virtio-balloon' "$T/args" || fail "$form: balloon still there"
		if [ "$form" = --kvmfr ]; then
			grep -qxF 'ivshmem-plain,memdev=looking-glass' "$T/args" ||
				fail "kvmfr: no ivshmem-plain: $(cat "$T/argv")"
			grep -qxF 'memory-backend-file,id=looking-glass,mem-path=/dev/kvmfr0,size=33554432,share=yes' \
				"$T/args" || fail "kvmfr: no backend on /dev/kvmfr0: $(cat "$T/argv")"
		else
			grep -Eq '^\{"qom-type":"memory-backend-file","id":"([a-z0-9-]+)","mem-path":"/dev/shm/looking-glass","size":33554432,"share":true\}$' \
				"$T/args" || fail "shmem: no shared backend: $(cat "$T/argv")"
			grep -Eq '^\{"driver":"ivshmem-plain","id":"shmem0","memdev":"[a-z0-9-]+",' \
				"$T/args" || fail "shmem: no ivshmem-plain: $(cat "$T/argv")"
		fi
	done
}

# libvirt's QEMU driver keeps the Looking Glass device and the balloon as
# written: no warning, and a second run changes nothing.
test_domain_qemu_embed_looking_glass() {
	local U
	embed_setup
	embed_copy
	U="qemu:///embed?root=$EMBED/root"
	sed "s|<memballoon model='none'/>|<memballoon model='virtio'/>|" "$DOMS/qemu-argv.xml" > "$T/d.xml"
	chmod 644 "$T/d.xml"
	as_user virsh -c "$U" define "$T/d.xml" > "$T/virsh.out" 2>&1 ||
		fail "virsh define: $(cat "$T/virsh.out")"
	RC=0
	as_user "$VD" --connect "$U" argv -s "$LAPTOP" --ssdt /s.aml --rom /r.rom \
		--looking-glass=2560x1440,hdr --backup-dir "$EMBED/bk" > "$T/stdout" 2> "$T/stderr" || RC=$?
	assert_rc 0
	! grep -q 'warning' "$T/stderr" || fail "libvirt dropped a fix: $(cat "$T/stderr")"
	as_user virsh -c "$U" dumpxml --inactive argv > "$T/defined.xml" 2>&1
	grep -q "<memballoon model='none'/>" "$T/defined.xml" || fail "balloon: $(cat "$T/defined.xml")"
	grep -A3 "<shmem name='looking-glass'>" "$T/defined.xml" | grep -q "<size unit='M'>128</size>" ||
		fail "shmem: $(cat "$T/defined.xml")"
	RC=0
	as_user "$VD" --connect "$U" argv -s "$LAPTOP" --ssdt /s.aml --rom /r.rom \
		--looking-glass=2560x1440,hdr --backup-dir "$EMBED/bk" > "$T/stdout" 2> "$T/stderr" || RC=$?
	assert_rc 0
	assert_stdout_eq "Domain 'argv' already has every fix; nothing changed."
	assert_stderr_empty
}

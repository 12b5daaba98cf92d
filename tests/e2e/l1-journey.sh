#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# l1-journey.sh - the user's path on the simulated laptop (L1), run by
# l1-init.sh in L1's root (the host's /, overlaid): the README's commands
# in its order with real sysfs, acpi_call, libkmod and libvirtd, then the
# passthrough guest (L2) started by libvirt through our hook, stopped,
# started again, and two starts that must fail.
#
# Usage (in L1): l1-journey.sh WORK SRC   (WORK: the harness's work dir with
# e2e.env, the installed tree in stage/, the laptop's ROM and L2's initrd)
# Lines for the host start with "e2e| "; the last is
# "E2E-RESULT pass=N fail=M".
set -u

work="$1"
src="$2"
# shellcheck source=/dev/null
. "$work/e2e.env"
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
export HOME=/root LC_ALL=C
cd /root || exit 1

GPU=0000:01:00.0
AUD=0000:01:00.1
BR=0000:00:01.0
P=/sys/bus/pci/devices
NODE='\_SB.PCI0.S08.S00'
DOM=e2e-win
SERIAL=/var/log/e2e-l2.console
pass=0
fail=0
step=0

say() { printf 'e2e| %s\n' "$*"; }
heading() {
	step=$((step + 1))
	printf 'e2e|\ne2e| === %d. %s   [L1 uptime %s s]\n' "$step" "$*" \
		"$(cut -d' ' -f1 /proc/uptime)"
}
ok() {
	say "ok - $*"
	pass=$((pass + 1))
}
notok() {
	say "not ok - $*"
	fail=$((fail + 1))
}
check() { # DESC CMD...
	local d="$1"
	shift
	if "$@"; then ok "$d"; else notok "$d"; fi
}
# run CMD...: shown as typed, output indented, exit status in $RC
run() {
	local t0
	say "\$ $*"
	t0=$(date +%s%N)
	"$@" >/tmp/run.out 2>&1
	RC=$?
	sed 's/^/e2e|   /' /tmp/run.out
	say "  (exit $RC, $((($(date +%s%N) - t0) / 1000000)) ms)"
	return 0
}
out_has() { grep -Eq -- "$1" /tmp/run.out; }

drv() {
	local l
	l="$(readlink "$P/$1/driver" 2>/dev/null)"
	echo "${l##*/}"
}
ovr() {
	local v
	v="$(cat "$P/$1/driver_override" 2>/dev/null)"
	[ "$v" = "(null)" ] && v=""
	echo "$v"
}
# the three functions of the GPU's slot and its bridge: presence, driver, override
state() {
	local a
	for a in $BR $GPU $AUD; do
		printf '%s present=%s driver=%s override=%s\n' "$a" \
			"$([ -e "$P/$a" ] && echo 1 || echo 0)" "$(drv "$a")" "$(ovr "$a")"
	done
}
show_state() { state | sed 's/^/e2e|   /'; }
counters() { # the power methods' {_OFF calls, _ON calls, order}
	echo "$NODE.PCNT" >/proc/acpi/call && tr -d '\0' </proc/acpi/call
}
audio_off() { [ "$(ovr $AUD)" = none ] && [ -z "$(drv $AUD)" ]; }
bus_complete() { [ -e "$P/$BR" ] && [ -e "$P/$GPU" ] && [ -e "$P/$AUD" ]; }
# settle_audio MARK: wait (up to 60 s) for snd_hda_intel's asynchronous probe
# of the audio function to end: a card, or one more "no codec" line in the
# kernel log than MARK (audio_mark). Removing the function while that probe
# runs corrupted L1's slab once (GPF in azx_probe_work, 6.1.0-57): the next
# gpu-reset must not race it.
audio_mark() { dmesg | grep -cE "snd_hda_intel $AUD: (Cannot probe codecs|no codecs)"; }
settle_audio() {
	local t0
	t0=$(date +%s)
	[ "$(drv $AUD)" = snd_hda_intel ] || return 0
	while [ $(($(date +%s) - t0)) -lt 60 ]; do
		ls -d "$P/$AUD"/sound/card* >/dev/null 2>&1 && return 0
		[ "$(audio_mark)" -gt "$1" ] && return 0
		sleep 1
	done
	return 1
}
dom_state() { virsh domstate "$DOM" 2>/dev/null | head -n 1; }

# wait_l2 START_LINE: L2's lines after START_LINE of its console, until its
# "L2-END" (up to $L2_TIMEOUT s); L2's ok/not ok lines become ours. L1 has
# one vCPU, which also runs L2's QEMU: the poll is a single grep every 3 s
# (virsh would cost L2 seconds of CPU each time).
wait_l2() {
	local from="$1" t0 now end="" line pid
	t0=$(date +%s)
	pid="$(cat "/run/libvirt/qemu/$DOM.pid" 2>/dev/null)"
	now=$t0
	while [ $((now - t0)) -lt "$L2_TIMEOUT" ]; do
		if tail -n +"$from" "$SERIAL" 2>/dev/null | grep -aq '^L2-END'; then
			end="$(tail -n +"$from" "$SERIAL" | tr -d '\r' | grep -a '^L2-END' | head -n 1)"
			break
		fi
		if [ -n "$pid" ] && ! kill -0 "$pid" 2>/dev/null; then break; fi
		sleep 3
		now=$(date +%s)
	done
	now=$(($(date +%s) - t0))
	tail -n +"$from" "$SERIAL" 2>/dev/null | tr -d '\r' | grep -a -E '^(l2\| |ok - |not ok - )' |
		while IFS= read -r line; do
			case "$line" in
			"ok - "*) echo "OK ${line#ok - }" ;;
			"not ok - "*) echo "NOTOK ${line#not ok - }" ;;
			*) say "${line#l2| }" ;;
			esac
		done >/tmp/l2.lines
	while IFS= read -r line; do
		case "$line" in
		"OK "*) ok "${line#OK }" ;;
		"NOTOK "*) notok "${line#NOTOK }" ;;
		*) echo "$line" ;;
		esac
	done </tmp/l2.lines
	if [ -n "$end" ]; then
		say "(L2 finished its checks ${now} s after virsh start returned: $end)"
		[ "${end#L2-END rc=0 }" != "$end" ]
	else
		say "(no L2-END line after ${now} s; domain state $(dom_state)); last console lines:"
		tail -n 15 "$SERIAL" 2>/dev/null | tr -d '\r' | sed 's/^/e2e|   /'
		return 1
	fi
}

# the QEMU command line libvirt generated, one argument a line
qemu_args() {
	local pid
	pid="$(cat "/run/libvirt/qemu/$DOM.pid" 2>/dev/null)" || return 1
	tr '\0' '\n' <"/proc/$pid/cmdline"
}
arg_has() { grep -Eq -- "$1" /tmp/qemu.args; }
# the shmem device of vfio-domain --looking-glass, as libvirt 9 writes it
qemu_ivshmem() {
	arg_has '"driver":"ivshmem-plain"' &&
		arg_has '"qom-type":"memory-backend-file".*"mem-path":"/dev/shm/looking-glass","size":33554432,"share":true'
}

heading "The laptop (L1): what is there before the tools"
say "GPU stand-in $GPU ($(cat $P/$GPU/vendor):$(cat $P/$GPU/device), bochs-display)," \
	"HDA function $AUD, root port $BR; kernel $(uname -r)"
say "# the drivers the laptop boots with (no udev in L1, so loaded by hand),"
say "# and vfio-pci, which libvirt needs at its start for PCI passthrough"
mark=$(audio_mark)
run modprobe -a bochs snd_hda_intel vfio-pci
settle_audio "$mark" || say "(snd_hda_intel's probe of $AUD did not end in 60 s)"
say "$ make install   (done on the host into a staging tree, copied here)"
cp -a "$work/stage/." / || notok "copying the installed tree"
show_state
before="$(state)"
before_aud="$(state | grep "^$AUD")"
before_gpu="$(state | grep "^$GPU")"

heading "vfio-doctor: will passthrough work here?"
say "# the GPU stand-in is not NVIDIA's: tools that look for it are told -d"
run vfio-doctor -d 01:00.0
check "vfio-doctor gives a verdict (exit 0, 5 or 6, not 1: could not run)" [ "$RC" != 1 ]
check "vfio-doctor: IOMMU is OK" out_has '^OK .*IOMMU'
check "vfio-doctor: the GPU's _ROM is OK" out_has '^OK .*_ROM'

heading "Dump the vBIOS through ACPI _ROM"
say "# acpi_call was loaded by L1's init: $(grep -c '^acpi_call ' /proc/modules) instance"
run dump_vbios_rom_acpi -d 01:00.0 -o vbios.rom --verify
check "dump_vbios_rom_acpi --verify exits 0" [ "$RC" = 0 ]
check "the dump is byte for byte the laptop firmware's ROM" cmp -s vbios.rom "$work/laptop.rom"
run vbios-info -d 01:00.0 vbios.rom
check "vbios-info: the ROM fits the GPU (exit 0)" [ "$RC" = 0 ]
rom_size="$(stat -c %s vbios.rom)"
rom_sha="$(sha256sum vbios.rom | cut -d' ' -f1)"

heading "Keep drivers off the HDMI audio function"
run pci-override --set none --persist $AUD
check "pci-override --set none --persist exits 0" [ "$RC" = 0 ]
check "$AUD: driver_override none, no driver bound" audio_off
rules="$(grep -l "$AUD" /etc/udev/rules.d/* 2>/dev/null | head -n 1)"
check "a udev rule keeps it so at boot (${rules:-none found})" [ -n "$rules" ]
run pci-override --status $AUD

heading "Install the libvirt hook and its config (as the README says)"
run install -D -m 0755 /usr/local/share/optimus-vfio/hooks/qemu /etc/libvirt/hooks/qemu.d/optimus-vfio
mkdir -p /etc/optimus-vfio
cat >/etc/optimus-vfio/hook.conf <<EOC
domains = $DOM
# the stand-in GPU is not NVIDIA's: pci-override is told the audio function
audio-device = $AUD
EOC
chmod 0644 /etc/optimus-vfio/hook.conf
run cat /etc/optimus-vfio/hook.conf
cat >/etc/optimus-vfio.conf <<EOC
device = $GPU
power = acpi
modules = bochs
skip = smi
force = yes
EOC
chmod 0644 /etc/optimus-vfio.conf
run gpu-reset --dry-run
if out_has "unknown key 'force'"; then
	say "# this gpu-reset does not know 'force' yet (nor does it refuse a GPU"
	say "# that is not NVIDIA's): the key is left out"
	sed -i '/^force = /d' /etc/optimus-vfio.conf
	run gpu-reset --dry-run
fi
run cat /etc/optimus-vfio.conf
check "gpu-reset --dry-run shows the plan (exit 0)" [ "$RC" = 0 ]

heading "libvirtd (no systemd in L1: started by hand)"
install -m 0644 "$src/qemu.conf" /etc/libvirt/qemu.conf
getent passwd libvirt-qemu >/dev/null ||
	echo 'libvirt-qemu:x:64055:64055:Libvirt Qemu,,,:/var/lib/libvirt:/usr/sbin/nologin' >>/etc/passwd
getent group libvirt-qemu >/dev/null || echo 'libvirt-qemu:x:64055:' >>/etc/group
getent group kvm >/dev/null || echo 'kvm:x:64056:' >>/etc/group
mkdir -p /var/log/libvirt/qemu /var/lib/optimus-vfio
libvirtd >/var/log/libvirtd.out 2>&1 &
i=0
while [ ! -S /run/libvirt/libvirt-sock ] && [ $i -lt 60 ]; do
	sleep 0.5
	i=$((i + 1))
done
check "libvirtd is up ($((i / 2)) s)" [ -S /run/libvirt/libvirt-sock ]

heading "The guest as made in virt-manager, then vfio-domain"
cmdline="console=ttyS0 panic=-1 loglevel=4 ovt.id=$(sed 's/^0x//' $P/$GPU/vendor):$(sed 's/^0x//' $P/$GPU/device)"
cmdline="$cmdline ovt.subsys=$(sed 's/^0x//' $P/$GPU/subsystem_vendor):$(sed 's/^0x//' $P/$GPU/subsystem_device)"
cmdline="$cmdline ovt.size=$rom_size ovt.sha=$rom_sha"
# the file vfio-domain --rom-bar puts in the GPU's ROM BAR (issue 18)
cmdline="$cmdline ovt.barsize=$(stat -c %s "$work/bar.rom") ovt.barsha=$(sha256sum "$work/bar.rom" | cut -d' ' -f1)"
sed -e "s|@KERNEL@|$L2_KERNEL|" -e "s|@INITRD@|$L2_INITRD|" \
	-e "s|@CMDLINE@|$cmdline|" -e "s|@SERIAL@|$SERIAL|" "$src/domain.xml" >"$DOM.xml"
run virsh define "$DOM.xml"
check "virsh define exits 0" [ "$RC" = 0 ]
virsh dumpxml "$DOM" >"$DOM.libvirt.xml"
check "libvirtd put its own root ports as a multifunction slot at 00:01.x" \
	grep -q "bus='0x00' slot='0x01' function='0x1'" "$DOM.libvirt.xml"
run vfio-domain "$DOM" --device 01:00.0 --rom /root/vbios.rom --looking-glass
check "vfio-domain exits 0" [ "$RC" = 0 ]
check "vfio-domain moved libvirt's slot 00:01 and reported it" out_has "from 00:01.1 to 00:"
virsh dumpxml "$DOM" >"$DOM.new.xml"
say "# what it changed (virsh dumpxml, some lines):"
grep -E "hostdev|address domain|rom |hotplug|genid|hidden|vendor_id|acpitable|fw_cfg|qemu:arg|x-pci" "$DOM.new.xml" |
	sed 's/^ */e2e|   /'
check "the domain now has the GPU as a managed hostdev" grep -q "<hostdev mode='subsystem' type='pci' managed='yes'" "$DOM.new.xml"
# issue 16: Looking Glass (1920x1080: 32 MiB), and the ioapic only for KVM
lg_shmem_32() { grep -A3 "<shmem name='looking-glass'>" "$1" | grep -q "<size unit='M'>32</size>"; }
no_ioapic() { ! grep -q '<ioapic' "$1"; }
check "libvirtd kept the Looking Glass shmem of 32 MiB" lg_shmem_32 "$DOM.new.xml"
check "no <ioapic driver='kvm'/> in this type='qemu' (TCG) domain" no_ioapic "$DOM.new.xml"
# L1 runs under TCG: no KVM, so libvirtd refuses a type='kvm' domain here.
# vfio-domain edits a type='kvm' copy; libvirtd turns that copy, typed
# back to 'qemu', into QEMU's command line, where the ioapic must show.
sed "s|^<domain type='qemu'|<domain type='kvm'|" "$DOM.new.xml" >/tmp/kvm.xml
run vfio-domain --file /tmp/kvm.xml --device 01:00.0 --no-ssdt --rom /root/vbios.rom \
	--looking-glass -o /tmp/kvm.out.xml
check "vfio-domain puts <ioapic driver='kvm'/> into a type='kvm' copy" \
	grep -q "<ioapic driver='kvm'/>" /tmp/kvm.out.xml
# (domxml-to-native does not pick the hostdev's backend itself: name it)
sed -e "s|^<domain type='kvm'|<domain type='qemu'|" \
	-e "s|<hostdev mode='subsystem' type='pci' managed='yes'>|&<driver name='vfio'/>|" \
	/tmp/kvm.out.xml >/tmp/irq.xml
run virsh domxml-to-native qemu-argv --xml /tmp/irq.xml
tr -s ' \\\n' '\n' </tmp/run.out >/tmp/irq.args
check "libvirtd makes it QEMU's kernel_irqchip=on (domxml-to-native)" \
	grep -Eq '^pc-q35[^ ]*,kernel_irqchip=on' /tmp/irq.args

heading "The other way (issue 18): the vBIOS in the GPU's ROM BAR too"
run vfio-domain "$DOM" --device 01:00.0 --rom /root/vbios.rom --rom-bar "$work/bar.rom"
check "vfio-domain --rom-bar exits 0" [ "$RC" = 0 ]
check "vfio-domain says which fixes are now optional" out_has "with the vBIOS in the ROM BAR"
virsh dumpxml "$DOM" >"$DOM.bar.xml"
check "the GPU's hostdev has <rom bar='on' file='$work/bar.rom'/>" \
	grep -q "<rom bar='on' file='$work/bar.rom'/>" "$DOM.bar.xml"
run vfio-domain "$DOM" --device 01:00.0 --rom /root/vbios.rom --rom-bar "$work/bar.rom"
check "a second run: already has every fix" out_has "already has every fix"
run vfio-doctor -d 01:00.0 --no-acpi --domain "$DOM"
check "vfio-doctor --domain: the ROM BAR file is OK" out_has "^OK   rom-file +$work/bar.rom: a ROM for 1234:1111"

# start_guest N: virsh start, the host side of it, L2's checks
start_guest() {
	local n="$1" from c sv sd
	from=$(($({ wc -l <"$SERIAL"; } 2>/dev/null || echo 0) + 1))
	run virsh start "$DOM"
	check "start $n: virsh start exits 0" [ "$RC" = 0 ]
	[ "$RC" = 0 ] || { tail -n 20 /var/log/libvirtd.out | sed 's/^/e2e|   /'; return; }
	show_state
	check "start $n: libvirt bound the GPU to vfio-pci" [ "$(drv $GPU)" = vfio-pci ]
	# (gpu-reset's override step and then the hook's pci-override both set it)
	check "start $n: the hook kept $AUD unbound (override none)" audio_off
	c="$(counters)"
	say "power methods: $c (calls of _OFF, of _ON, order)"
	check "start $n: the hook's gpu-reset powered the GPU off and on ($n each in all)" \
		[ "$c" = "[0x$n, 0x$n, $([ "$n" = 1 ] && echo 0x6 || echo 0x66)]" ]
	sv=$(printf %d "$(cat $P/$GPU/subsystem_vendor)")
	sd=$(printf %d "$(cat $P/$GPU/subsystem_device)")
	qemu_args >/tmp/qemu.args || notok "start $n: QEMU's command line not found"
	if [ "$n" = 1 ]; then
		say "# the QEMU command line libvirt made (what L2 cannot see under TCG):"
		grep -E 'kvm=off|hv.vendor.id|acpitable|fw_cfg|vfio-pci|vmgenid' /tmp/qemu.args | sed 's/^/e2e|   /'
		check "QEMU: kvm hidden (kvm=off)" arg_has 'kvm=off'
		check "QEMU: Looking Glass as ivshmem-plain on a shared memory-backend-file" qemu_ivshmem
		check "QEMU: Hyper-V vendor_id OptimusVFIO" arg_has 'hv[-_]vendor[-_]id=OptimusVFIO'
		check "QEMU: the SSDT as -acpitable" arg_has '^-acpitable$'
		check "QEMU: the vBIOS in fw_cfg opt/com.lion328/nvidia-rom" arg_has 'name=opt/com.lion328/nvidia-rom'
		# -device's JSON form (libvirt 9); the IDs in decimal
		check "QEMU: vfio-pci host=$GPU with the host's subsystem IDs ($sv, $sd)" \
			arg_has "\"driver\":\"vfio-pci\",\"host\":\"$GPU\".*\"x-pci-sub-vendor-id\":$sv,\"x-pci-sub-device-id\":${sd}[,}]"
		check "QEMU: vfio-pci romfile=$work/bar.rom (the ROM BAR)" \
			arg_has "\"driver\":\"vfio-pci\",\"host\":\"$GPU\".*\"rombar\":1,\"romfile\":\"$work/bar.rom\""
	fi
	say "(waiting for L2's checks, at most $L2_TIMEOUT s: two TCG layers are slow)"
	check "start $n: L2's checks (below) all passed" wait_l2 "$from"
}

# stop_guest N: virsh destroy and what the hook's release leaves
stop_guest() {
	local i=0 mark
	mark=$(audio_mark)
	run virsh destroy "$DOM"
	check "stop $1: virsh destroy exits 0" [ "$RC" = 0 ]
	while [ "$(state | grep "^$AUD")" != "$before_aud" ] && [ $i -lt 50 ]; do
		sleep 0.2
		i=$((i + 1))
	done
	check "stop $1: snd_hda_intel's probe of $AUD ended" settle_audio "$mark"
	show_state
	check "stop $1: the hook's release gave $AUD back as it was ($before_aud)" \
		[ "$(state | grep "^$AUD")" = "$before_aud" ]
	check "stop $1: the GPU is back on its driver ($before_gpu)" \
		[ "$(state | grep "^$GPU")" = "$before_gpu" ]
	check "stop $1: nothing is left removed from the bus" bus_complete
}

heading "virsh start: the hook resets the GPU, libvirt passes it through"
start_guest 1
heading "virsh destroy: the hook's release"
stop_guest 1
heading "A second start (the reset after the GPU was used)"
start_guest 2
stop_guest 2

heading "A hook.conf the hook refuses"
chmod 0666 /etc/optimus-vfio/hook.conf
run virsh start "$DOM"
check "virsh start fails" [ "$RC" != 0 ]
check "virsh's error carries the hook's reason" \
	out_has "refusing config /etc/optimus-vfio/hook.conf: writable by everyone"
check "the domain is not running ($(dom_state))" [ "$(dom_state)" = "shut off" ]
check "the GPU is still on the bus with its driver" [ "$(state | grep "^$GPU")" = "$before_gpu" ]
chmod 0644 /etc/optimus-vfio/hook.conf

heading "A failing gpu-reset"
cp /etc/optimus-vfio.conf /root/optimus-vfio.conf.good
echo 'load = bochs, ovt_no_such_module' >>/etc/optimus-vfio.conf
mark=$(audio_mark)
run virsh start "$DOM"
check "virsh start fails" [ "$RC" != 0 ]
check "virsh's error carries the hook's reason (gpu-reset failed)" out_has "gpu-reset failed \(exit [0-9]"
check "virsh's error names gpu-reset's failed step" out_has "ovt_no_such_module"
check "the domain is not running ($(dom_state))" [ "$(dom_state)" = "shut off" ]
show_state
check "the GPU is still on the bus" [ -e "$P/$GPU" ]
check "nothing is left removed from the bus" bus_complete
cp /root/optimus-vfio.conf.good /etc/optimus-vfio.conf
settle_audio "$mark" || say "(snd_hda_intel's probe of $AUD did not end in 60 s)"

heading "Back where we started"
show_state
check "the slot is as before the tools touched it (bridge, GPU, audio)" [ "$(state)" = "$before" ]
run virsh list --all

echo "E2E-RESULT pass=$pass fail=$fail"

# SPDX-License-Identifier: GPL-2.0-or-later
# override-guest.sh - guest half of tests/vm/t-override.sh (run by /init
# with sh): pci-override on the HDA function 01:00.1 of the real kernel.
#   ovt.iommu=0  (default) none, pci-stub, vfio-pci refused, --clear,
#                --dry-run, and "none" holding across drivers_probe and a
#                reload of snd_hda_intel
#   ovt.iommu=1  (booted with --iommu) vfio-pci binds; --clear leaves a
#                bound driver bound
# shellcheck shell=sh

# shellcheck source=tests/vm/guest-lib.sh
. /guest-lib.sh

A=0000:01:00.1
D=/sys/bus/pci/devices/$A

drv() { # the bound driver's name, "" for none
	l="$(readlink $D/driver 2>/dev/null)"
	echo "${l##*/}"
}

ovr() { # driver_override, "" for none ((null) or an empty line)
	v="$(cat $D/driver_override)"
	[ "$v" = "(null)" ] && v=""
	echo "$v"
}

# pci-override ARGS...: output in /tmp/po.out, /tmp/po.err, rc in $rc
po() {
	echo "ovrtest: pci-override $*"
	pci-override "$@" >/tmp/po.out 2>/tmp/po.err
	rc=$?
	sed 's/^/ovrtest: | /' /tmp/po.out /tmp/po.err
}

no_write_logged() { # pci-override -v logs each write as 'path <- value'
	! grep -q ' <- ' /tmp/po.err
}

# wait up to 5 s for the driver link to read $1 (snd_hda_intel binds
# synchronously, but be lenient with a loaded host)
wait_drv() {
	i=0
	while [ "$(drv)" != "$1" ] && [ $i -lt 50 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	[ "$(drv)" = "$1" ]
}

echo "ovrtest: /init reached at uptime $(cut -d' ' -f1 /proc/uptime)s"
modprobe snd_hda_intel
check "snd_hda_intel binds 01:00.1 at start" wait_drv snd_hda_intel
check "no driver_override at start" [ -z "$(ovr)" ]

if [ "$(param iommu 0)" = 1 ]; then
	modprobe vfio-pci
	check "01:00.1 has an iommu_group" [ -e $D/iommu_group ]
	po --set vfio-pci $A
	check "--set vfio-pci with an IOMMU exits 0 (got $rc)" [ "$rc" = 0 ]
	check "01:00.1 is bound to vfio-pci" [ "$(drv)" = vfio-pci ]
	check "driver_override reads vfio-pci" [ "$(ovr)" = vfio-pci ]
	po -v --set vfio-pci $A
	check "--set vfio-pci again exits 0 (got $rc)" [ "$rc" = 0 ]
	check "... and writes nothing (-v logs no write)" no_write_logged
	po --clear $A
	check "--clear exits 0 (got $rc)" [ "$rc" = 0 ]
	check "driver_override is empty after --clear" [ -z "$(ovr)" ]
	# pci-override(8): "a bound driver stays bound"
	check "vfio-pci stays bound after --clear" [ "$(drv)" = vfio-pci ]
	echo $A >/sys/bus/pci/drivers/vfio-pci/unbind
	echo $A >/sys/bus/pci/drivers_probe
	check "unbind + drivers_probe: snd_hda_intel binds again" \
		wait_drv snd_hda_intel
	echo "ovrtest: $pass passed, $fail failed"
	[ "$fail" = 0 ]
	exit
fi

# --- --dry-run changes nothing
po -n --set none $A
check "--dry-run --set none exits 0 (got $rc)" [ "$rc" = 0 ]
check "--dry-run prints the driver_override write" \
	grep -q "^$D/driver_override <- none$" /tmp/po.out
check "--dry-run prints the unbind write" \
	grep -q "^/sys/bus/pci/drivers/snd_hda_intel/unbind <- $A$" /tmp/po.out
check "--dry-run: still bound to snd_hda_intel" [ "$(drv)" = snd_hda_intel ]
check "--dry-run: driver_override still empty" [ -z "$(ovr)" ]

# --- none
po --set none $A
check "--set none exits 0 (got $rc)" [ "$rc" = 0 ]
check "--set none: no driver link" [ ! -e $D/driver ]
check "--set none: driver_override reads none" [ "$(ovr)" = none ]
po --status $A
check "--status exits 0 (got $rc)" [ "$rc" = 0 ]
check "--status shows override=none driver=-" \
	grep -q "^$A override=none driver=- persist=-$" /tmp/po.out
po --set none $A
check "--set none again exits 0 (got $rc)" [ "$rc" = 0 ]
echo $A >/sys/bus/pci/drivers_probe
check "none holds across drivers_probe" [ ! -e $D/driver ]
# holders first (snd_hda_codec_generic is a codec driver, not a holder of
# snd_hda_intel; with the function unbound no codec uses it)
modprobe -r snd_hda_intel
check "snd_hda_intel unloaded" [ ! -e /sys/module/snd_hda_intel ]
modprobe snd_hda_intel
check "snd_hda_intel loaded again" [ -e /sys/module/snd_hda_intel ]
sleep 0.3
check "none holds across a reload of snd_hda_intel" [ ! -e $D/driver ]
check "driver_override still none" [ "$(ovr)" = none ]

# --- --dry-run --clear
po -n --clear $A
check "--dry-run --clear exits 0 (got $rc)" [ "$rc" = 0 ]
check "--dry-run --clear: driver_override still none" [ "$(ovr)" = none ]
check "--dry-run --clear: still unbound" [ ! -e $D/driver ]

# --- pci-stub
po --set pci-stub $A
check "--set pci-stub before the module is loaded exits 1 (got $rc)" \
	[ "$rc" = 1 ]
check "... saying the driver is not registered" \
	grep -q 'pci-stub is not registered' /tmp/po.err
modprobe pci-stub
po --set pci-stub $A
check "--set pci-stub exits 0 (got $rc)" [ "$rc" = 0 ]
check "01:00.1 is bound to pci-stub" [ "$(drv)" = pci-stub ]
check "driver_override reads pci-stub" [ "$(ovr)" = pci-stub ]

# --- vfio-pci without an IOMMU: the kernel's bind fails silently
modprobe vfio-pci
check "vfio-pci is registered" [ -d /sys/bus/pci/drivers/vfio-pci ]
check "no iommu_group without an IOMMU" [ ! -e $D/iommu_group ]
po --set vfio-pci $A
check "--set vfio-pci without an IOMMU exits 4 (got $rc)" [ "$rc" = 4 ]
check "... naming the missing IOMMU" grep -q 'vfio-pci binds only with an IOMMU' \
	/tmp/po.err
check "... and the outcome (bound to no driver)" \
	grep -q 'bound to no driver, expected vfio-pci' /tmp/po.err
check "01:00.1 is bound to nothing" [ ! -e $D/driver ]

# --- --clear: override gone, an unbound function is probed again
po --clear $A
check "--clear exits 0 (got $rc)" [ "$rc" = 0 ]
check "driver_override is empty after --clear" [ -z "$(ovr)" ]
check "--clear reprobes: snd_hda_intel binds again" wait_drv snd_hda_intel
po --status $A
check "--status shows override=- driver=snd_hda_intel" \
	grep -q "^$A override=- driver=snd_hda_intel persist=-$" /tmp/po.out
po --clear $A
check "--clear again exits 0 (got $rc)" [ "$rc" = 0 ]
check "... and leaves snd_hda_intel bound" [ "$(drv)" = snd_hda_intel ]

if dmesg | grep -E 'BUG:|WARNING:|Oops'; then
	check "no kernel BUG/WARNING/Oops in dmesg" false
fi
echo "ovrtest: done at uptime $(cut -d' ' -f1 /proc/uptime)s"
echo "ovrtest: $pass passed, $fail failed"
[ "$fail" = 0 ]

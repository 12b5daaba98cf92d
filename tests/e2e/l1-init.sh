# SPDX-License-Identifier: GPL-2.0-or-later
# l1-init.sh - /test.sh of L1's initramfs (run by busybox sh from /init):
# makes the host's / (9p, read-only) L1's root under a tmpfs overlay and
# runs the journey (l1-journey.sh) in it, so the host's qemu, libvirtd and
# the build run unchanged in L1.
#   ovt.work=DIR  the harness's work dir (host path, under the build tree)
#   ovt.src=DIR   tests/e2e of the tree under test
# shellcheck shell=sh

# shellcheck source=tests/vm/guest-lib.sh
. /guest-lib.sh

work="$(param work '')"
src="$(param src '')"
r=/mnt/root
if [ -z "$work" ] || [ -z "$src" ]; then
	echo "e2e| l1: no ovt.work/ovt.src on the kernel command line"
	exit 1
fi

mkdir -p /mnt/host /mnt/rw "$r"
mount -t 9p -o trans=virtio,version=9p2000.L,ro,msize=262144,cache=loose \
	hostroot /mnt/host || { echo "e2e| l1: cannot mount the host's root (9p)"; exit 1; }
mount -t tmpfs -o size=1200m tmpfs /mnt/rw
mkdir -p /mnt/rw/upper /mnt/rw/work
mount -t overlay overlay \
	-o lowerdir=/mnt/host,upperdir=/mnt/rw/upper,workdir=/mnt/rw/work "$r" ||
	{ echo "e2e| l1: cannot mount the overlay"; exit 1; }
mount --bind /proc "$r/proc"
mount --bind /sys "$r/sys"
mount --bind /dev "$r/dev"
mkdir -p "$r/dev/pts" "$r/dev/shm"
mount -t devpts devpts "$r/dev/pts"
mount -t tmpfs tmpfs "$r/dev/shm"
# the host's /tmp and /run are not L1's; a checkout under /tmp (CI may
# clone there) keeps its directory, the rest of /tmp is L1's own
keep=
case $work in
/tmp/?*)
	rest=${work#/tmp/}
	keep=/tmp/${rest%%/*}
	mkdir -p /mnt/keep
	mount --bind "$r$keep" /mnt/keep
	;;
esac
mount -t tmpfs tmpfs "$r/tmp"
if [ -n "$keep" ]; then
	mkdir -p "$r$keep"
	mount --bind /mnt/keep "$r$keep"
fi
mount -t tmpfs tmpfs "$r/run"
# the guest kernel's modules with acpi_call, prepared by the harness
mkdir -p "$r/lib/modules"
rm -rf "$r/lib/modules/$VM_KVER"
ln -s "$work/modroot/lib/modules/$VM_KVER" "$r/lib/modules/$VM_KVER"
echo "$VM_KVER" >"$r/tmp/kver"

chroot "$r" /bin/bash "$src/l1-journey.sh" "$work" "$src"

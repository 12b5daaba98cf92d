# SPDX-License-Identifier: GPL-2.0-or-later
# Tests of the early-boot examples (hooks/boot): what they put into an initramfs.

RULES=etc/udev/rules.d/70-optimus-vfio-override.rules

# the hooks as make install writes them (sbin = /usr/sbin)
boot_hook() {
	sed -e 's|@SBINDIR@|/usr/sbin|g' "$TOP/hooks/boot/$1" > "$T/$1"
	chmod +x "$T/$1"
}

# A root with the rule pci-override --persist writes, and the tool itself.
rule_root() {
	mkdir -p "$T/r/etc/udev/rules.d" "$T/r/usr/sbin"
	echo 'ACTION=="add", SUBSYSTEM=="pci", KERNEL=="0000:01:00.1", ATTR{driver_override}="none", RUN+="/usr/sbin/pci-override --set none 0000:01:00.1"' \
		> "$T/r/$RULES"
	cp "$B/pci-override" "$T/r/usr/sbin/pci-override"
}

# Stand-ins for initramfs-tools' hook-functions that log what would be copied.
fake_hook_functions() {
	cat > "$T/hook-functions" << EOS
copy_file() { echo "copy_file \$*" >> "$T/copied"; }
copy_exec() { echo "copy_exec \$*" >> "$T/copied"; }
EOS
}

test_initramfs_tools_prereqs() {
	boot_hook initramfs-tools
	[ "$(sh "$T/initramfs-tools" prereqs)" = udev ] || fail "prereqs"
}

test_initramfs_tools_copies_rule_and_tool() {
	boot_hook initramfs-tools
	rule_root
	fake_hook_functions
	OPTIMUS_VFIO_SYSROOT=$T/r OPTIMUS_VFIO_HOOK_FUNCTIONS=$T/hook-functions \
		DESTDIR=$T/initrd sh "$T/initramfs-tools" || fail "hook failed"
	[ "$(cat "$T/copied")" = "copy_file rules $T/r/$RULES /$RULES
copy_exec $T/r/usr/sbin/pci-override /usr/sbin/pci-override" ] ||
		fail "copied: $(cat "$T/copied")"
}

test_initramfs_tools_without_rule_copies_nothing() {
	boot_hook initramfs-tools
	mkdir -p "$T/r"
	fake_hook_functions
	OPTIMUS_VFIO_SYSROOT=$T/r OPTIMUS_VFIO_HOOK_FUNCTIONS=$T/hook-functions \
		DESTDIR=$T/initrd sh "$T/initramfs-tools" || fail "hook failed"
	[ ! -e "$T/copied" ] || fail "copied: $(cat "$T/copied")"
}

test_mkinitcpio_build() {
	boot_hook mkinitcpio
	rule_root
	OPTIMUS_VFIO_SYSROOT=$T/r bash -c '
		add_file() { echo "add_file $*"; }
		add_binary() { echo "add_binary $*"; }
		warning() { echo "warning $*"; }
		. "$1"; build; help > /dev/null' _ "$T/mkinitcpio" > "$T/out" || fail "build failed"
	[ "$(cat "$T/out")" = "add_file $T/r/$RULES /$RULES
add_binary $T/r/usr/sbin/pci-override /usr/sbin/pci-override" ] || fail "build: $(cat "$T/out")"
}

test_mkinitcpio_without_rule_warns() {
	boot_hook mkinitcpio
	mkdir -p "$T/r"
	OPTIMUS_VFIO_SYSROOT=$T/r bash -c '
		add_file() { echo "add_file $*"; }
		add_binary() { echo "add_binary $*"; }
		warning() { echo "warning $*"; }
		. "$1"; build' _ "$T/mkinitcpio" > "$T/out" || fail "build failed"
	grep -q "^warning optimus-vfio: no /$RULES; run 'pci-override --set none --persist' first$" "$T/out" ||
		fail "no warning: $(cat "$T/out")"
	grep -q '^add_' "$T/out" && fail "added files without a rule"
	true
}

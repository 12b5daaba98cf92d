# SPDX-License-Identifier: GPL-2.0-or-later
# Tests of make install/uninstall into a temporary DESTDIR: the tree, the installed binaries, and nothing left after uninstall.

BIN="dump_vbios_rom_acpi vbios-info vbios-extract vfio-ssdt vfio-doctor"
SBIN="pci-override gpu-reset vfio-domain"

# make in the tree, on the build the tests run (-o all: never rebuild it here,
# the install's PREFIX would end up compiled into the tools the others test)
mk() {
	make -s -C "$TOP" -o all B="$B" "$@" > "$T/make.out" 2>&1 ||
		{ cat "$T/make.out" >&2; fail "make $*"; }
}

# The files and symlinks under a directory, relative, sorted.
tree_of() { (cd "$1" && find . \( -type f -o -type l \) | sed 's|^\./||' | sort); }

test_install_tree_and_uninstall() {
	local d=$T/dest p=usr t exe
	mk install DESTDIR="$d" PREFIX=/usr SYSCONFDIR=/etc
	for t in $BIN; do
		[ -x "$d/usr/bin/$t" ] || fail "no $d/usr/bin/$t"
	done
	for t in $SBIN; do
		[ -x "$d/usr/sbin/$t" ] || fail "no $d/usr/sbin/$t"
	done
	for t in $BIN $SBIN; do
		RC=0
		exe=$d/usr/bin/$t
		[ -x "$exe" ] || exe=$d/usr/sbin/$t
		"$exe" --version > "$T/stdout" 2> "$T/stderr" || RC=$?
		assert_rc 0
		assert_stdout_match "^$t \(optimus-vfio\) [0-9]"
		# completion: a symlink per tool to the one file
		[ "$(readlink "$d/$p/share/bash-completion/completions/$t")" = optimus-vfio ] ||
			fail "no completion link for $t"
	done
	for t in dump_vbios_rom_acpi.1 vbios-info.1 vbios-extract.1 vfio-ssdt.1 vfio-doctor.1 \
		pci-override.8 gpu-reset.8 vfio-domain.8; do
		[ -f "$d/$p/share/man/man${t##*.}/$t" ] || fail "no man page $t"
		grep -q '@VERSION@' "$d/$p/share/man/man${t##*.}/$t" && fail "@VERSION@ left in $t"
	done
	for t in acpi/battery.asl acpi/rom.asl acpi/ssdt.asl hooks/hook.conf.example; do
		[ -f "$d/$p/share/optimus-vfio/$t" ] || fail "no share/optimus-vfio/$t"
	done
	[ -x "$d/$p/share/optimus-vfio/hooks/qemu" ] || fail "hook not executable"
	for t in initramfs-tools mkinitcpio; do
		[ -x "$d/$p/share/optimus-vfio/boot/$t" ] || fail "no boot/$t"
		grep -q '/usr/sbin/pci-override' "$d/$p/share/optimus-vfio/boot/$t" ||
			fail "boot/$t without the installed sbin directory"
	done
	grep -q '^sbindir="/usr/sbin"$' "$d/$p/share/optimus-vfio/hooks/qemu" ||
		fail "hook without the installed sbin directory"
	[ -f "$d/etc/optimus-vfio.conf.example" ] || fail "no etc/optimus-vfio.conf.example"
	# nothing outside the expected places
	tree_of "$d" | grep -Ev '^(usr/(s?bin|share/(man|optimus-vfio|bash-completion))/|etc/optimus-vfio.conf.example$)' \
		> "$T/extra" && fail "unexpected files: $(cat "$T/extra")"

	mk uninstall DESTDIR="$d" PREFIX=/usr SYSCONFDIR=/etc
	tree_of "$d" > "$T/left"
	[ ! -s "$T/left" ] || fail "left after uninstall: $(cat "$T/left")"
	[ ! -e "$d/$p/share/optimus-vfio" ] || fail "share/optimus-vfio left"
}

test_default_prefix() {
	local d=$T/dest
	mk install DESTDIR="$d"
	[ -x "$d/usr/local/bin/vfio-doctor" ] || fail "no usr/local/bin/vfio-doctor"
	[ -f "$d/usr/local/etc/optimus-vfio.conf.example" ] || fail "no usr/local/etc example"
	[ -L "$d/usr/local/share/bash-completion/completions/gpu-reset" ] || fail "no completion"
	grep -q '^sbindir="/usr/local/sbin"$' "$d/usr/local/share/optimus-vfio/hooks/qemu" ||
		fail "hook sbindir"
	mk uninstall DESTDIR="$d"
	tree_of "$d" > "$T/left"
	[ ! -s "$T/left" ] || fail "left after uninstall: $(cat "$T/left")"
}

# The example config is one gpu-reset accepts, every key uncommented.
test_config_example_parses() {
	use_fixture laptop
	sed 's/^#\([a-z]\)/\1/' "$TOP/etc/optimus-vfio.conf.example" > "$T/conf"
	[ "$(grep -c '^[a-z]' "$T/conf")" -ge 15 ] || fail "too few keys in the example"
	run_tool gpu-reset -s "$ROOT" -c "$T/conf" --dry-run
	assert_rc 0
	assert_stderr_empty
}

# The installed hook runs under dash, as libvirt would run it.
test_installed_hook_runs() {
	local d=$T/dest
	mk install DESTDIR="$d"
	RC=0
	echo '<domain/>' | OPTIMUS_VFIO_SYSROOT=$T "$d/usr/local/share/optimus-vfio/hooks/qemu" \
		vm prepare begin - > "$T/stdout" 2> "$T/stderr" || RC=$?
	assert_rc 0
	assert_stderr_empty
}

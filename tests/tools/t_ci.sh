# SPDX-License-Identifier: GPL-2.0-or-later
# Meta checks: CI (.ci/run) runs exactly the README's test command, e2e included;
# one unit suite per library module; each tool links only its own libraries.

# readme_test_command: the indented command under "Run all the tests"
readme_test_command() {
	awk '/^Run all the tests/ { on = 1 } on && /^    scripts\/install-deps/ { sub(/^    /, ""); print; exit }' \
		"$TOP/README.md"
}

test_ci_runs_readme_command() {
	local want got
	want=$(readme_test_command)
	[ -n "$want" ] || fail "no test command found in README.md"
	got=$(grep -v '^#' "$TOP/.ci/run" | grep -F 'scripts/install-deps')
	[ "$got" = "$want" ] || fail ".ci/run runs '$got', the README says '$want'"
}

test_test_command_has_e2e() {
	readme_test_command | grep -Eq '(^| )e2e( |$)' || fail "the README's test command has no e2e"
	grep -q '^e2e:' "$TOP/Makefile" || fail "the Makefile has no e2e target"
}

# Library modules without a tests/unit/check_<module>.c, each with why
# (none today: every module has its suite). An entry whose suite has
# arrived is harmless; delete it then.
SUITE_EXEMPT=()

exempt() {
	local m
	for m in "${SUITE_EXEMPT[@]}"; do
		[ "$m" = "$1" ] && return 0
	done
	return 1
}

test_every_lib_module_has_a_suite() {
	local f m missing=()
	for f in "$TOP"/src/lib/*.c; do
		m=$(basename "$f" .c)
		[ -f "$TOP/tests/unit/check_$m.c" ] || exempt "$m" || missing+=("$m")
	done
	[ ${#missing[@]} -eq 0 ] ||
		fail "src/lib/ modules without tests/unit/check_<module>.c: ${missing[*]}"
}

# Suites are named for what they test: check_X.c tests src/lib/X.c.
test_every_suite_names_a_module() {
	local f m stray=()
	for f in "$TOP"/tests/unit/check_*.c; do
		m=$(basename "$f" .c)
		m=${m#check_}
		[ -f "$TOP/src/lib/$m.c" ] || stray+=("check_$m.c")
	done
	[ ${#stray[@]} -eq 0 ] || fail "tests/unit suites with no src/lib/ module: ${stray[*]}"
}

# The commands make would run for TARGET... on a fresh build directory,
# one a line (a recipe's continued lines joined).
make_plan() {
	make -n -C "$TOP" B="$T/nb" "$@" > "$T/plan.raw" 2> "$T/plan.err" ||
		{ cat "$T/plan.err" >&2; fail "make -n $*"; }
	sed -e ':a' -e '/\\$/N; s/\\\n//; ta' "$T/plan.raw" > "$T/plan"
}

test_check_runs_every_suite() {
	local f s loop
	make_plan check
	loop=$(grep -E '^(fail=0; )?for t in ' "$T/plan")
	[ -n "$loop" ] || fail "no loop over the unit suites in make -n check"
	for f in "$TOP"/tests/unit/check_*.c; do
		s=$(basename "$f" .c)
		grep -Eq -- "-o $T/nb/tests/$s " "$T/plan" || fail "make check does not build $s"
		[[ "$loop " =~ \ $T/nb/tests/$s[\ \;] ]] || fail "make check does not run $s"
	done
}

# The libraries of our own choosing (pkg-config names differ, -l names not);
# libc, libm, Check's and the sanitizers' come with the compiler or Check.
OWN_LIBS='^(pci|xml2|kmod|virt)$'

# -lX of the link line for OUT built from SRC, ours only, one a line, sorted
link_libs() {
	grep -E -- "-o $T/nb/$1 $2 " "$T/plan" | tr ' ' '\n' | sed -n 's/^-l//p' |
		grep -E "$OWN_LIBS" | sort -u
}

# NEEDED entries of an ELF file without "lib" and ".so.N", one a line, sorted
needed_libs() {
	readelf -d "$1" | sed -n 's/.*(NEEDED).*\[lib\([^].]*\)\.so.*\]/\1/p' | sort -u
}

# link_check OUT SRC BUILT: the link line of OUT lists no library of ours
# that BUILT (the same binary in $B) does not need. With --as-needed such a
# library is dropped silently, so the list would lie about what is used.
link_check() {
	local extra
	grep -Eq -- "-o $T/nb/$1 $2 " "$T/plan" || fail "no link line for $1"
	link_libs "$1" "$2" > "$T/listed"
	needed_libs "$3" > "$T/needed"
	extra=$(comm -23 "$T/listed" "$T/needed" | tr '\n' ' ')
	[ -z "$extra" ] || fail "$1 links $extra but does not use it"
}

test_tools_link_their_own_libraries() {
	local t
	command -v readelf > /dev/null || skip "no readelf"
	make_plan all
	for t in dump_vbios_rom_acpi vbios-info vbios-extract vfio-ssdt vfio-doctor pci-override gpu-reset vfio-domain; do
		link_check "$t" "src/$t\.c" "$B/$t"
	done
}

# The same for the unit suites with a LIBS_check_<module> line (built by
# make check; skipped if not built). A suite without one links UNIT_LIBS,
# which is what a new suite gets until the Makefile lists its own.
test_suites_link_their_own_libraries() {
	local f s n=0
	command -v readelf > /dev/null || skip "no readelf"
	make_plan check
	for f in "$TOP"/tests/unit/check_*.c; do
		s=$(basename "$f" .c)
		grep -q "^LIBS_$s :=" "$TOP/Makefile" || continue
		[ -x "$B/tests/$s" ] || continue
		link_check "tests/$s" "tests/unit/$s\.c" "$B/tests/$s"
		n=$((n + 1))
	done
	[ $n -gt 0 ] || skip "no unit suite built in $B"
}

# The VM tests copy the dumper's, vbios-info's, pci-override's and
# gpu-reset's libraries (ldd) into a small initramfs: no libvirt or libxml2.
test_vm_tools_need_no_libvirt() {
	local t
	command -v ldd > /dev/null || skip "no ldd"
	for t in dump_vbios_rom_acpi vbios-info pci-override gpu-reset; do
		ldd "$B/$t" > "$T/ldd" 2>&1 || fail "ldd $t: $(cat "$T/ldd")"
		! grep -E 'lib(virt|xml2)\.so' "$T/ldd" || fail "$t needs libvirt or libxml2"
	done
	for t in dump_vbios_rom_acpi vbios-info pci-override; do
		ldd "$B/$t" > "$T/ldd" 2>&1
		! grep -E 'libkmod\.so' "$T/ldd" || fail "$t needs libkmod"
	done
}

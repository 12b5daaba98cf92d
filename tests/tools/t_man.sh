# SPDX-License-Identifier: GPL-2.0-or-later
# Man page tests: every built page renders cleanly, with no build-time @NAME@ token left in it.

# A rendered page as plain text on long lines, without hyphenation, so
# names and paths can be grepped whole (justification spaces squeezed).
man_render() {
	groff -man -Tascii -P-cbou -rLL=250n -rHY=0 "$1" | tr -s " "
}

# Build-time tokens are @NAME@ in man/ (filled in by scripts/fill-man); a
# page that must show one, like vfio-ssdt(1)'s template placeholders,
# spells its @ signs \(at, so a literal token in a built page is a leftover
# in any case.
test_man_pages_render() {
	local f n=0 src
	for src in "$TOP"/man/*.[18]; do
		f=$B/man/${src##*/}
		[ -f "$f" ] || fail "man page $src not built ($f missing)"
		n=$((n + 1))
		if grep -En '@[A-Z][A-Z0-9_]*@' "$f" > "$T/left"; then
			fail "$f: build-time token left: $(head -n 3 "$T/left")"
		fi
		groff -man -ww -z "$f" 2> "$T/warn" || fail "groff failed on $f"
		[ ! -s "$T/warn" ] || fail "groff warns on $f: $(head -n 3 "$T/warn")"
		man_render "$f" > "$T/page" 2> /dev/null || fail "cannot render $f"
		grep -q '^NAME' "$T/page" || fail "$f renders without a NAME section"
		# the tokens a reader sees are exactly those spelled with \(at
		grep -o '@[A-Z][A-Z0-9_]*@' "$T/page" | sort -u > "$T/seen"
		grep -o '\\(at[A-Z][A-Z0-9_]*\\(at' "$src" | sed 's/\\(at/@/g' | sort -u > "$T/meant"
		cmp -s "$T/seen" "$T/meant" ||
			fail "$f renders @NAME@ tokens its source does not spell with \\(at:" \
				"$(comm -23 "$T/seen" "$T/meant" | head -n 3)"
	done
	[ "$n" -ge 7 ] || fail "only $n man pages found"
}

# vfio-ssdt(1) states the defaults the code has, and lists the template
# placeholders as they are written (the build once replaced the listed
# @VERSION@ placeholder by the version number).
test_man_ssdt_defaults_and_placeholders() {
	local fw bat
	fw=$(sed -n 's/^#define OVF_SSDT_FW_CFG_DEFAULT "\(.*\)"$/\1/p' "$TOP/include/ovf/ssdt.h")
	bat=$(sed -n 's/^#define OVF_SSDT_BATTERY_SCOPE_DEFAULT "\(.*\)"$/\1/p' \
		"$TOP/include/ovf/ssdt.h" | sed 's/\\\\/\\/g')
	[ -n "$fw" ] && [ -n "$bat" ] || fail "defaults not found in include/ovf/ssdt.h"
	man_render "$B/man/vfio-ssdt.1" > "$T/page" 2> /dev/null
	grep -qF "(default $fw," "$T/page" || fail "vfio-ssdt(1) does not give the default fw_cfg name $fw"
	grep -qF "(default $bat," "$T/page" || fail "vfio-ssdt(1) does not give the default battery scope $bat"
	# the default fw_cfg name and the listed placeholders, as the generator sees them
	run_tool vfio-ssdt --help
	grep -qF "(default $fw)" "$T/stdout" || fail "--help and the header disagree on $fw"
	for p in BATTERY ROM BATTERY_SCOPE GPU_PATH GPU_PARENT GPU_NAME GPU_ADR FW_CFG_NAME VERSION; do
		grep -qF "@$p@" "$T/page" || fail "vfio-ssdt(1) does not list the placeholder @$p@"
		grep -qF "@$p@" "$TOP/include/ovf/ssdt.h" "$TOP"/acpi/*.asl ||
			fail "vfio-ssdt(1) lists @$p@, which the generator does not know"
	done
	grep -qF "$(sed -n 's/^VERSION := //p' "$TOP/Makefile") ;" "$T/page" &&
		fail "the placeholder list shows the version number"
	return 0
}

# scripts/fill-man takes whole tokens only: a name that extends a known one
# is unknown (an error naming file and line), not the known one plus text.
test_man_fill_whole_tokens() {
	local hdr=$TOP/include/ovf/ssdt.h
	printf '.TH X 1 "" "v @VERSION@"\nA @VERSION@X@ b@VERSION@c\n' > "$T/ok.1"
	RC=0
	sh "$TOP/scripts/fill-man" 9.9 /opt/share "$hdr" "$T/ok.1" > "$T/stdout" 2> "$T/stderr" || RC=$?
	assert_rc 0
	assert_stderr_empty
	assert_stdout_eq "$(printf '.TH X 1 "" "v 9.9"\nA 9.9X@ b9.9c')"
	printf '.TH X 1\nok\nsee @VERSIONX@\n' > "$T/bad.1"
	RC=0
	sh "$TOP/scripts/fill-man" 9.9 /opt/share "$hdr" "$T/bad.1" > "$T/stdout" 2> "$T/stderr" || RC=$?
	assert_rc 1
	assert_stderr_match "^fill-man: $T/bad\.1:3: unknown token @VERSIONX@"
	printf '.TH X 1\n@DATADIR@/acpi @FW_CFG_DEFAULT@ @BATTERY_SCOPE_DEFAULT@\n' > "$T/def.1"
	RC=0
	sh "$TOP/scripts/fill-man" 9.9 /opt/my-share "$hdr" "$T/def.1" > "$T/stdout" 2> "$T/stderr" || RC=$?
	assert_rc 0
	# roff: a backslash is \e, a minus sign \-
	assert_stdout_match '^/opt/my\\-share/acpi opt/com\.lion328/nvidia\\-rom \\e_SB\.PCI0\.SF8$'
	# a header without the defaults stops the build instead of an empty default
	: > "$T/empty.h"
	RC=0
	sh "$TOP/scripts/fill-man" 9.9 /opt/share "$T/empty.h" "$T/def.1" > "$T/stdout" 2> "$T/stderr" || RC=$?
	assert_rc 1
	assert_stderr_match "^fill-man: $T/empty\.h: no OVF_SSDT_FW_CFG_DEFAULT"
}

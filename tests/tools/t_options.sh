# SPDX-License-Identifier: GPL-2.0-or-later
# What a user sees is the same in every tool: one meaning per short option, one name for the GPU, one exit table.

OPT_TOOLS="dump_vbios_rom_acpi vbios-info vbios-extract vfio-ssdt pci-override gpu-reset vfio-domain vfio-doctor"

# "tool -X --long" for every "-X, --long" line of the tool's --help.
help_pairs() {
	local tool=$1
	run_tool "$tool" --help
	assert_rc 0
	grep -oE -- '^ +-[A-Za-z], --[A-Za-z0-9-]+' "$T/stdout" | tr -d ',' |
		while read -r s l; do echo "$tool $s $l"; done
}

# "tool -X --long" from the getopt table in src/TOOL.c: each letter of the
# optstring, with the long option whose value is that letter.
source_pairs() {
	local tool=$1 src=$TOP/src/$1.c optstr i ch longs
	optstr=$(grep -oE 'getopt_long\(argc, argv, "[^"]*"' "$src" | sed 's/.*"\(.*\)"/\1/')
	[ -n "$optstr" ] || fail "$src: no getopt_long optstring found"
	for ((i = 0; i < ${#optstr}; i++)); do
		ch=${optstr:i:1}
		[ "$ch" = : ] && continue
		longs=$(grep -oE "\{ \"[a-z0-9-]+\", [a-z_]+, NULL, '$ch' \}" "$src" |
			sed 's/{ "\([^"]*\)".*/\1/')
		[ -n "$longs" ] || fail "$src: -$ch has no long name"
		for l in $longs; do echo "$tool -$ch --$l"; done
	done
}

# Each short letter stands for one long option across all tools, in --help
# and in the getopt tables; a letter the table gives is shown in --help.
test_short_options_one_meaning() {
	local tool all=$T/pairs
	: > "$all"
	for tool in $OPT_TOOLS; do
		help_pairs "$tool" > "$T/help.$tool"
		source_pairs "$tool" > "$T/src.$tool"
		[ -s "$T/help.$tool" ] || fail "$tool --help lists no short option"
		sort -u "$T/help.$tool" > "$T/h" && sort -u "$T/src.$tool" > "$T/s"
		cmp -s "$T/h" "$T/s" || fail "$tool: --help and the getopt table differ:" \
			"$(diff "$T/h" "$T/s" | grep '^[<>]' | head -n 4 | tr '\n' ' ')"
		cat "$T/h" >> "$all"
	done
	# a letter with two long names, or a long name with two letters
	awk '{ print $2, $3 }' "$all" | sort -u > "$T/uniq"
	awk '{ print $1 }' "$T/uniq" | uniq -d > "$T/dup"
	[ ! -s "$T/dup" ] || fail "short options with two meanings:" \
		"$(grep -F -f "$T/dup" "$all" | tr '\n' ';')"
	awk '{ print $2 }' "$T/uniq" | sort | uniq -d > "$T/dup"
	[ ! -s "$T/dup" ] || fail "long options with two short letters: $(cat "$T/dup")"
	# the README's table lists exactly these letters
	sed -n '/^## Options common to all tools/,/^## /p' "$TOP/README.md" |
		grep -oE '^\| `-[A-Za-z]` \| `--[a-z0-9-]+`' | tr -d '|`' |
		awk '{ print $1, $2 }' | sort -u > "$T/readme"
	[ -s "$T/readme" ] || fail "README has no 'Options common to all tools' table"
	cmp -s "$T/uniq" "$T/readme" || fail "README's option table and the tools differ:" \
		"$(diff "$T/uniq" "$T/readme" | grep '^[<>]' | tr '\n' ' ')"
}

# The letters that meant something else before: gone, the long names work.
test_old_colliding_letters_refused() {
	run_tool vfio-domain -c qemu:///system win11
	assert_rc 1
	assert_stderr_match "invalid option -- 'c'"
	assert_stderr_match "Try 'vfio-domain --help'"
	run_tool vfio-domain -f "$FIX/domains/win11.xml"
	assert_rc 1
	assert_stderr_match "invalid option -- 'f'"
	run_tool pci-override -p --set none 01:00.1
	assert_rc 1
	assert_stderr_match "invalid option -- 'p'"
	# --connect and --file keep working under their long names
	run_tool vfio-domain --connect qemu:///system --file "$FIX/domains/win11.xml"
	assert_rc 1
	assert_stderr_match "^vfio-domain: --connect and --file exclude each other$"
}

# The GPU is -d/--device in every tool that takes one; vfio-domain keeps
# --gpu as an alias that does the same.
test_device_option_everywhere() {
	local tool
	for tool in dump_vbios_rom_acpi vbios-info vbios-extract gpu-reset vfio-domain vfio-doctor; do
		run_tool "$tool" --help
		assert_stdout_match '^ +-d, --device ADDR'
	done
	run_tool vfio-domain --help
	assert_stdout_match '--gpu ADDR +alias of --device'
	for opt in -d --device --gpu; do
		run_tool vfio-domain -s "$FIX/laptop" --file "$FIX/domains/win11.xml" \
			--ssdt /x.aml --no-rom "$opt" 02:00.0 --dry-run
		assert_rc 1
		assert_stderr_match "02:00.0"
		cp "$T/stderr" "$T/err$opt"
	done
	assert_files_eq "$T/err-d" "$T/err--device"
	assert_files_eq "$T/err-d" "$T/err--gpu"
	run_tool vfio-domain -s "$FIX/laptop" --file "$FIX/domains/win11.xml" \
		--ssdt /x.aml --no-rom -d 01:00.0 --dry-run
	assert_rc 0
}

# The exit table of include/ovf/exit.h is the README's, number for number,
# and every --help and man page names only its numbers.
test_exit_table_everywhere() {
	local tool page codes
	sed -n 's/^\t\(OVF_EXIT_[A-Z]*\) = \([0-9]*\),.*/\2 \1/p' "$TOP/include/ovf/exit.h" > "$T/names"
	cut -d' ' -f1 "$T/names" > "$T/enum"
	[ "$(wc -l < "$T/enum")" -eq 7 ] || fail "exit.h: expected 7 statuses"
	sed -n '/^## Exit status/,/^## /p' "$TOP/README.md" |
		sed -n 's/^| `\(OVF_EXIT_[A-Z]*\)` | \([0-9]*\) |.*/\2 \1/p' > "$T/readme"
	cmp -s "$T/names" "$T/readme" || fail "README's exit table is not exit.h's:" \
		"$(paste -s "$T/readme")"
	for tool in $OPT_TOOLS; do
		run_tool "$tool" --help
		codes=$(sed -n '/^Exit status:/,$p' "$T/stdout" | grep -oE '(^|[ (,])[0-9]+ ' |
			tr -d ' (,' | sort -u)
		[ -n "$codes" ] || fail "$tool --help gives no exit status"
		for c in $codes; do
			grep -qx "$c" "$T/enum" || fail "$tool --help names exit $c, not in the table"
		done
	done
	for page in "$TOP"/man/*.[18]; do
		sed -n '/^\.SH "*EXIT STATUS/,/^\.SH [^E]/p' "$page" | grep -oE '^\.B [0-9]+$' |
			awk '{ print $2 }' > "$T/man"
		[ -s "$T/man" ] || fail "$page: no EXIT STATUS codes (.TP/.B N)"
		for c in $(cat "$T/man"); do
			grep -qx "$c" "$T/enum" || fail "$page: EXIT STATUS lists $c, not in the table"
		done
	done
}

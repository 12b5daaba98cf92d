#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Counts the bad-input matrix (tests/BAD-INPUT.md) against the tests that really ran and passed.
# Usage: tests/tools/badinput.sh PASSED_FILE   (one "t_file:test_name" per line, from run.sh)
# A row counts only when every test it names exists and, for tool tests, passed in this run;
# unit tests must exist as START_TEST in tests/unit/, fuzz targets as tests/fuzz/fuzz_<t>.c.
# It also checks that the README's reliability section carries the same table.
set -u

TOP=${TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
passed=$1
md=$TOP/tests/BAD-INPUT.md
rows=0 ok=0 bad=0

table() {
	grep -E '^\| [0-9]+ \|' "$1"
}

# check_ref FILE NAME: does one reference hold? Prints why not.
check_ref() {
	local file=$1 name=$2
	case $file in
	t_*)
		grep -qx "$file:$name" "$passed" && return 0
		if ! grep -q "^$name()" "$TOP/tests/tools/$file.sh" 2> /dev/null; then
			echo "no test $name in tests/tools/$file.sh"
		else
			echo "$file:$name did not pass in this run"
		fi
		return 1
		;;
	check_*)
		grep -q "^START_TEST($name)" "$TOP/tests/unit/$file" 2> /dev/null && return 0
		echo "no START_TEST($name) in tests/unit/$file"
		return 1
		;;
	esac
	echo "unknown test file '$file'"
	return 1
}

while IFS='|' read -r _ num tool input _ cover _; do
	rows=$((rows + 1))
	num=${num// /}
	why=() nrefs=0
	# "t_dump:test_a, test_b; check_rom.c:x; fuzz_rom": a file applies to the names after it.
	IFS=';' read -ra parts <<< "$cover"
	for part in "${parts[@]}"; do
		part=$(echo "$part" | sed 's/^ *//; s/ *$//; s/ *(.*)$//')
		[ -n "$part" ] || continue
		if [[ $part =~ ^fuzz_([a-z]+)$ ]]; then
			nrefs=$((nrefs + 1))
			[ -f "$TOP/tests/fuzz/${part}.c" ] || why+=("no tests/fuzz/${part}.c")
			continue
		fi
		if [[ $part != *:* ]]; then
			why+=("unparsed reference '$part'")
			continue
		fi
		file=${part%%:*}
		IFS=',' read -ra names <<< "${part#*:}"
		for n in "${names[@]}"; do
			n=${n// /}
			nrefs=$((nrefs + 1))
			r=$(check_ref "$file" "$n") || why+=("$r")
		done
	done
	[ $nrefs -gt 0 ] || why+=("no test")
	if [ ${#why[@]} -eq 0 ]; then
		ok=$((ok + 1))
	else
		bad=$((bad + 1))
		echo "bad-input row $num ($(echo "$tool" | xargs):$(echo "$input" | cut -c1-50)): ${why[*]}"
	fi
done < <(table "$md")

drift=0
if ! diff <(table "$md") <(table "$TOP/README.md") > /dev/null; then
	echo "bad-input: the README's reliability table differs from tests/BAD-INPUT.md"
	drift=1
fi
echo "bad-input matrix: $rows cases, $ok covered by passing tests, $bad not"
[ $bad -eq 0 ] && [ $drift -eq 0 ]

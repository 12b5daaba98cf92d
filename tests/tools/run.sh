#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Runs the tool tests: every test_* function of tests/tools/t_*.sh, each in a fresh subshell and temp dir.
# Usage: B=build tests/tools/run.sh [t_file.sh ...] ; env TEST_FILTER=ERE selects tests by name.
set -u

TOP=$(cd "$(dirname "$0")/../.." && pwd)
B=$(cd "$TOP/${B:-build}" && pwd)
FIX=$TOP/tests/fixtures
export TOP B FIX

files=()
for f in "$@"; do
	files+=("$(cd "$(dirname "$f")" && pwd)/$(basename "$f")")
done
[ ${#files[@]} -gt 0 ] || files=("$TOP"/tests/tools/t_*.sh)

pass=0 failn=0 skipn=0 failed=()
passed_list=$(mktemp "${TMPDIR:-/tmp}/ovf-passed.XXXXXX")
for f in "${files[@]}"; do
	tests=$(bash -c '. "$1"; . "$2"; declare -F' _ "$TOP/tests/tools/lib.sh" "$f" |
		awk '$3 ~ /^test_/ { print $3 }')
	for t in $tests; do
		name="$(basename "$f" .sh):$t"
		if [ -n "${TEST_FILTER:-}" ] && ! [[ $name =~ $TEST_FILTER ]]; then
			continue
		fi
		T=$(mktemp -d "${TMPDIR:-/tmp}/ovf-test.XXXXXX")
		(
			export T
			cd "$T" || exit 99
			. "$TOP/tests/tools/lib.sh"
			. "$f"
			trap _test_cleanup EXIT
			"$t"
		) > "$T.log" 2>&1
		rc=$?
		if [ $rc -eq 0 ]; then
			pass=$((pass + 1))
			echo "$name" >> "$passed_list"
			echo "PASS $name"
		elif [ $rc -eq 77 ]; then
			skipn=$((skipn + 1))
			echo "SKIP $name: $(sed -n 's/^skipped: //p' "$T.log" | tail -n 1)"
		else
			failn=$((failn + 1))
			failed+=("$name")
			echo "FAIL $name"
			sed 's/^/    /' "$T.log" | tail -n 40
		fi
		rm -rf "$T" "$T.log"
	done
done
for n in "${failed[@]+"${failed[@]}"}"; do
	echo "failed: $n"
done
echo "tools: $pass passed, $failn failed, $skipn skipped"
# The matrix is counted only on a full run: a filtered run skips its tests.
matrix=0
if [ -z "${TEST_FILTER:-}" ] && [ $# -eq 0 ]; then
	"$TOP/tests/tools/badinput.sh" "$passed_list" || matrix=1
fi
rm -f "$passed_list"
[ $failn -eq 0 ] && [ $matrix -eq 0 ]

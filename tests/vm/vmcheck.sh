#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# vmcheck.sh - `make vmcheck`: run every VM test and summarise.
#
# Usage: B=build tests/vm/vmcheck.sh
#
# Runs smoke.sh and then each tests/vm/t-*.sh (executable, exit 0 = pass,
# 77 = skipped), printing one "N passed, N failed, N skipped" line at the end.
# $B (build directory with the tools) is passed on in the environment.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
export B="${B:-build}"

pass=0
fail=0
skip=0
t_all=$(date +%s)
for t in "$here/smoke.sh" "$here"/t-*.sh; do
	[ -x "$t" ] || continue
	echo "== ${t#"$here/"}"
	rc=0
	t0=$(date +%s)
	"$t" || rc=$?
	echo "== ${t#"$here/"}: rc=$rc, $(($(date +%s) - t0)) s"
	case "$rc" in
	0) pass=$((pass + 1)) ;;
	77) skip=$((skip + 1)) ;;
	*)
		fail=$((fail + 1))
		echo "FAIL: ${t#"$here/"} (rc=$rc)"
		;;
	esac
done
echo "vmcheck: total $(($(date +%s) - t_all)) s"
echo "vmcheck: $pass passed, $fail failed, $skip skipped"
[ "$fail" = 0 ]

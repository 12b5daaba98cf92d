# SPDX-License-Identifier: GPL-2.0-or-later
# guest-lib.sh - helpers every guest test script sources (/guest-lib.sh in the initramfs).
# shellcheck shell=sh

pass=0
fail=0

# check DESC CMD...: run CMD, print a TAP-like line, count the result
check() {
	desc="$1"
	shift
	if "$@"; then
		echo "ok - $desc"
		pass=$((pass + 1))
	else
		echo "not ok - $desc"
		fail=$((fail + 1))
	fi
}

# param NAME DEFAULT: the value of ovt.NAME= on the kernel command line
param() {
	v="$(tr ' ' '\n' </proc/cmdline | sed -n "s/^ovt\.$1=//p" | tail -n 1)"
	echo "${v:-$2}"
}

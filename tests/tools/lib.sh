# SPDX-License-Identifier: GPL-2.0-or-later
# Assertions and fixture helpers for the tool tests (sourced by tests/tools/run.sh).

# Commands to run when the test's subshell exits (servers to stop, ...).
_cleanups=()
at_exit() { _cleanups+=("$*"); }
_test_cleanup() {
	local i
	for ((i = ${#_cleanups[@]} - 1; i >= 0; i--)); do
		eval "${_cleanups[$i]}" || true
	done
}

fail() {
	echo "assertion failed: $*" >&2
	for f in stdout stderr; do
		if [ -s "$T/$f" ]; then
			echo "--- $f:" >&2
			head -c 2000 "$T/$f" >&2
			echo >&2
		fi
	done
	exit 1
}

# Copy a fixture tree so the test can write to it; sets ROOT.
use_fixture() {
	[ -d "$FIX/$1" ] || fail "no fixture $1"
	cp -a "$FIX/$1" "$T/root"
	ROOT=$T/root
}

# Run a built tool; stdout/stderr to files, exit code in RC. Never the host's /sys:
# OPTIMUS_VFIO_SYSROOT defaults to an empty directory unless the test sets it.
run_tool() {
	local prog=$1
	shift
	mkdir -p "$T/empty-root"
	RC=0
	OPTIMUS_VFIO_SYSROOT=${OPTIMUS_VFIO_SYSROOT:-$T/empty-root} \
		"$B/$prog" "$@" > "$T/stdout" 2> "$T/stderr" < "${STDIN:-/dev/null}" || RC=$?
}

assert_rc() { [ "$RC" -eq "$1" ] || fail "exit code $RC, expected $1"; }
assert_stdout_eq() { [ "$(cat "$T/stdout")" = "$1" ] || fail "stdout differs from: $1"; }
assert_stderr_eq() { [ "$(cat "$T/stderr")" = "$1" ] || fail "stderr differs from: $1"; }
assert_stdout_match() { grep -Eq -- "$1" "$T/stdout" || fail "stdout does not match /$1/"; }
assert_stderr_match() { grep -Eq -- "$1" "$T/stderr" || fail "stderr does not match /$1/"; }
assert_stdout_empty() { [ ! -s "$T/stdout" ] || fail "stdout not empty"; }
assert_stderr_empty() { [ ! -s "$T/stderr" ] || fail "stderr not empty"; }
assert_files_eq() { cmp -s "$1" "$2" || fail "files differ: $1 $2"; }
assert_no_file() { [ ! -e "$1" ] && [ ! -L "$1" ] || fail "file exists: $1"; }
assert_file_content() { [ "$(cat "$1")" = "$2" ] || fail "$1 holds '$(cat "$1")', expected '$2'"; }
# No temporary leftovers of an atomic write in a directory.
assert_no_temp_files() {
	local left
	left=$(find "$1" -maxdepth 1 -name '.*.??????' | head -n 1)
	[ -z "$left" ] || fail "temporary file left: $left"
}

if [ -f "$TOP/tests/tools/acpi_call.sh" ]; then
	. "$TOP/tests/tools/acpi_call.sh"
fi

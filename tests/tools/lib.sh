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

# skip REASON: this test cannot run here; run.sh reports it as SKIP with
# REASON (exit 77), neither passed nor failed.
skip() {
	echo "skipped: $*"
	exit 77
}

# Copy a fixture tree so the test can write to it; sets ROOT.
use_fixture() {
	[ -d "$FIX/$1" ] || fail "no fixture $1"
	cp -a "$FIX/$1" "$T/root"
	ROOT=$T/root
}

# With VALGRIND=1 the tools run under memcheck; its report goes to a log of
# its own (the tools' stderr stays comparable), and any error exits 99.
# Valgrind lacks openat2 (the library falls back to openat on ENOSYS): its
# "unhandled syscall" notes stay in the log, they are not errors.
VALGRIND_CMD=()
if [ "${VALGRIND:-0}" = 1 ]; then
	VALGRIND_CMD=(valgrind -q --error-exitcode=99 --leak-check=full
		--errors-for-leak-kinds=definite --show-leak-kinds=definite
		--suppressions="$TOP/tests/valgrind.supp" --log-file="$T/valgrind.%p.log")
fi

# Run a built tool; stdout/stderr to files, exit code in RC. Never the host's /sys:
# OPTIMUS_VFIO_SYSROOT defaults to an empty directory unless the test sets it.
run_tool() {
	local prog=$1
	shift
	mkdir -p "$T/empty-root"
	RC=0
	OPTIMUS_VFIO_SYSROOT=${OPTIMUS_VFIO_SYSROOT:-$T/empty-root} \
		"${VALGRIND_CMD[@]}" "$B/$prog" "$@" > "$T/stdout" 2> "$T/stderr" \
		< "${STDIN:-/dev/null}" || RC=$?
	if [ "$RC" -eq 99 ] && [ ${#VALGRIND_CMD[@]} -gt 0 ]; then
		grep -hv '^--[0-9]*--\|unhandled amd64-linux syscall\|may be able to write\|syscall_table\|wrappers.c\|missing-syscall\|syscall 437\|^==[0-9]*== *$\|README\|Nevertheless' \
			"$T"/valgrind.*.log >&2
		echo "valgrind: memcheck errors in $prog" >&2
	fi
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

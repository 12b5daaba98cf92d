# SPDX-License-Identifier: GPL-2.0-or-later
# Tool-test helpers: run fake_acpi_call as $ROOT/proc/acpi/call (sourced by lib.sh).

FAKE_ACPI_CALL_PID=
FAKE_ACPI_CALL_METHOD='\_SB.PCI0.S08.S00._ROM'

# start_fake_acpi_call ROOT ROMFILE [fake_acpi_call options...]
# Serves ROMFILE through the method $FAKE_ACPI_CALL_METHOD; a --method in the
# options wins. Returns once the FIFO is there. One responder per test.
start_fake_acpi_call() {
	local root=$1 rom=$2 i
	shift 2
	[ -z "$FAKE_ACPI_CALL_PID" ] || fail "fake_acpi_call already running"
	[ -x "$B/tests/fake_acpi_call" ] ||
		fail "no $B/tests/fake_acpi_call (make check builds it)"
	mkdir -p "$root/proc/acpi"
	"$B/tests/fake_acpi_call" --fifo "$root/proc/acpi/call" --rom "$rom" \
		--method "$FAKE_ACPI_CALL_METHOD" "$@" \
		2> "${T:-/tmp}/fake_acpi_call.err" < /dev/null &
	FAKE_ACPI_CALL_PID=$!
	# lib.sh's at_exit makes the test's exit trap stop it
	if declare -F at_exit > /dev/null; then
		at_exit stop_fake_acpi_call
	fi
	# a client opening the FIFO before the responder made it would create
	# a regular file and never get an answer
	for ((i = 0; i < 100; i++)); do
		[ -p "$root/proc/acpi/call" ] && return 0
		kill -0 "$FAKE_ACPI_CALL_PID" 2> /dev/null || break
		sleep 0.05
	done
	cat "${T:-/tmp}/fake_acpi_call.err" >&2
	fail "fake_acpi_call did not start"
}

# Stop the responder and reap it; safe to call twice or when none runs.
stop_fake_acpi_call() {
	local pid=$FAKE_ACPI_CALL_PID i

	[ -n "$pid" ] || return 0
	FAKE_ACPI_CALL_PID=
	kill "$pid" 2> /dev/null || true
	for ((i = 0; i < 50; i++)); do
		kill -0 "$pid" 2> /dev/null || break
		sleep 0.05
	done
	# only while it still runs: once reaped its pid may be another process's
	if kill -0 "$pid" 2> /dev/null; then
		kill -KILL "$pid" 2> /dev/null || true
	fi
	wait "$pid" 2> /dev/null || true
}

# What a shell user sees reading /proc/acpi/call: the text without its NUL.
read_acpi_call() {
	tr -d '\000' < "$1/proc/acpi/call"
}

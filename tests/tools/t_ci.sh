# SPDX-License-Identifier: GPL-2.0-or-later
# Tests that CI (.ci/run) runs exactly the README's test command, e2e included.

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

# SPDX-License-Identifier: GPL-2.0-or-later
# JSON assertions shared by the tool tests of every --json tool (jq + iconv).

# stdout is valid UTF-8 (jq itself would quietly repair invalid bytes)
# holding exactly one JSON value, an object.
_json_one_object() {
	command -v jq > /dev/null || fail "jq is not installed"
	iconv -f UTF-8 -t UTF-8 "$T/stdout" > /dev/null 2>&1 ||
		fail "stdout is not valid UTF-8"
	[ "$(jq -s 'length == 1 and (.[0] | type) == "object"' "$T/stdout" 2> /dev/null)" = true ] ||
		fail "stdout is not one JSON object"
}

# assert_json_error [JQ-CONDITION]: one object with an error member whose
# message is a non-empty string; the condition (if given) holds too.
assert_json_error() {
	_json_one_object
	jq -e '(.error | type) == "object" and (.error.message | type) == "string" and
		(.error.message | length) > 0' "$T/stdout" > /dev/null ||
		fail "no error.message in the JSON"
	[ -z "${1:-}" ] || jq -e "$1" "$T/stdout" > /dev/null || fail "JSON: not $1"
}

# assert_json_clean [JQ-CONDITION]: one object without an error member.
assert_json_clean() {
	_json_one_object
	jq -e 'has("error") | not' "$T/stdout" > /dev/null || fail "JSON has an error member"
	[ -z "${1:-}" ] || jq -e "$1" "$T/stdout" > /dev/null || fail "JSON: not $1"
}

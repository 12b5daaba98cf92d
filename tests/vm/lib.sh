# SPDX-License-Identifier: GPL-2.0-or-later
# lib.sh - helpers shared by the tests/vm scripts (sourced, not run).
# shellcheck shell=bash

VM_HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
VM_CACHE="${OPTIMUS_VFIO_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/optimus-vfio}/vm"

vm_log() {
	echo "${0##*/}: $*" >&2
}

vm_die() {
	vm_log "$*"
	exit 1
}

# Define VM_KVER, VM_VMLINUZ, VM_MODROOT, VM_MODDIR and VM_ACPI_CALL_KO,
# running prepare.sh (a no-op once the cache is complete) unless the caller
# already exported all of them.
vm_load_env() {
	if [ -n "${VM_KVER:-}" ] && [ -n "${VM_VMLINUZ:-}" ] &&
		[ -n "${VM_MODROOT:-}" ] && [ -n "${VM_MODDIR:-}" ] &&
		[ -n "${VM_ACPI_CALL_KO:-}" ]; then
		return 0
	fi
	"$VM_HERE/prepare.sh" -q || vm_die "prepare.sh failed"
	# shellcheck source=/dev/null
	. "$VM_CACHE/env.sh"
}

# SPDX-License-Identifier: GPL-2.0-or-later
# Tests of the bash completion (completion/optimus-vfio): COMPREPLY for options and PCI addresses on the laptop fixture.

# complete_line LINE: COMPREPLY (sorted, one a line) in $T/stdout for the
# cursor at the end of LINE, as bash would call the function.
DEFAULT_BREAKS=$' \t\n"\'><=;|&(:'
complete_line() {
	local breaks=${2-$DEFAULT_BREAKS}
	PATH=$B:$PATH bash -c '
		. "$1"
		COMP_LINE=$2
		COMP_POINT=${#COMP_LINE}
		COMP_WORDBREAKS=${3-$COMP_WORDBREAKS}
		read -ra COMP_WORDS <<< "$COMP_LINE"
		COMP_CWORD=${#COMP_WORDS[@]}
		_optimus_vfio
		printf "%s\n" "${COMPREPLY[@]}" | sort' _ "$TOP/completion/optimus-vfio" "$1" \
		"$breaks" > "$T/stdout" 2> "$T/stderr" || fail "completion failed"
}

test_long_options() {
	complete_line 'pci-override --s'
	assert_stdout_eq "--set
--status
--sysroot"
	assert_stderr_empty
}

test_options_of_every_tool() {
	local t
	for t in dump_vbios_rom_acpi vbios-info vbios-extract vfio-ssdt vfio-doctor pci-override \
		gpu-reset vfio-domain; do
		complete_line "$t --"
		assert_stdout_match '^--help$'
		assert_stdout_match '^--version$'
	done
	complete_line 'vfio-doctor --'
	assert_stdout_match '^--no-acpi$'
	assert_stdout_match '^--json$'
}

test_device_addresses() {
	use_fixture laptop
	OPTIMUS_VFIO_SYSROOT=$ROOT complete_line 'vfio-doctor --device '
	# display and audio functions only: not the host bridge or the root port
	assert_stdout_eq "0000:00:02.0
0000:00:1f.3
0000:01:00.0
0000:01:00.1"
	complete_line "gpu-reset -s $ROOT -d 0000:01"
	# bash replaces only the text after the last ':' of the word ("01")
	assert_stdout_eq "01:00.0
01:00.1"
	complete_line "gpu-reset --sysroot $ROOT -d 0000:01" ''
	assert_stdout_eq "0000:01:00.0
0000:01:00.1"
}

# vfio-domain's GPU: -d, --device and the old spelling --gpu all complete
# addresses; the letters it gave up are not offered.
test_vfio_domain_device_and_alias() {
	use_fixture laptop
	local opt
	for opt in -d --device --gpu; do
		complete_line "vfio-domain -s $ROOT $opt 0000:01" ''
		assert_stdout_eq "0000:01:00.0
0000:01:00.1"
	done
	complete_line 'vfio-domain -'
	assert_stdout_match '^--gpu$'
	assert_stdout_match '^--device$'
	assert_stdout_match '^-d$'
	grep -qx -- '-c\|-f' "$T/stdout" && fail "vfio-domain offers -c or -f: $(cat "$T/stdout")"
	complete_line 'pci-override -'
	grep -qx -- '-p' "$T/stdout" && fail "pci-override offers -p"
	assert_stdout_match '^--persist$'
}

test_pci_override_positional() {
	use_fixture laptop
	OPTIMUS_VFIO_SYSROOT=$ROOT complete_line 'pci-override --set none 0000:01:00.' ''
	assert_stdout_eq "0000:01:00.0
0000:01:00.1"
	OPTIMUS_VFIO_SYSROOT=$ROOT complete_line 'pci-override --set '
	assert_stdout_eq "none
pci-stub
vfio-pci"
}

test_no_devices_without_sysfs() {
	mkdir -p "$T/empty"
	OPTIMUS_VFIO_SYSROOT=$T/empty complete_line 'vfio-doctor -d '
	assert_stdout_eq ""
}

test_vbios_extract_sources_and_files() {
	complete_line 'vbios-extract --r'
	assert_stdout_eq "--rom-bar
--rom-file"
	: > "$T/fw.bin"
	complete_line "vbios-extract --firmware $T/fw"
	assert_stdout_eq "$T/fw.bin"
}

# vfio-domain's Looking Glass and ioapic options, and the resolutions of
# --looking-glass= (after the '=' when bash breaks words there).
test_domain_looking_glass() {
	complete_line 'vfio-domain --'
	assert_stdout_match '^--looking-glass$'
	assert_stdout_match '^--kvmfr$'
	assert_stdout_match '^--no-looking-glass$'
	assert_stdout_match '^--no-ioapic$'
	complete_line 'vfio-domain --looking-glass=25'
	assert_stdout_eq "2560x1440
2560x1440,hdr"
	complete_line 'vfio-domain --looking-glass=38' ' '
	assert_stdout_eq "--looking-glass=3840x2160
--looking-glass=3840x2160,hdr"
}

# SPDX-License-Identifier: GPL-2.0-or-later
# Tests of the libvirt qemu hook (hooks/qemu) on the laptop fixture, with stub gpu-reset and pci-override that log their arguments.

HOOK=$TOP/hooks/qemu
XML='<domain type="kvm"><name>win11</name></domain>'

# stub NAME RC: a program logging "NAME ARGS (sysroot)" to $T/calls, exiting RC
stub() {
	cat > "$T/$1" <<EOS
#!/bin/sh
echo "$1 \$* (\$OPTIMUS_VFIO_SYSROOT)" >> "$T/calls"
echo "$1 says something" >&2
exit $2
EOS
	chmod +x "$T/$1"
}

setup() {
	use_fixture laptop
	mkdir -p "$ROOT/etc/optimus-vfio"
	printf '# managed\ndomains = win11, linux-vm\n' > "$ROOT/etc/optimus-vfio/hook.conf"
	stub gpu-reset "${1:-0}"
	stub pci-override "${2:-0}"
	: > "$T/calls"
}

# hook ARGS...: run it as libvirt does, the domain XML on stdin
hook() {
	RC=0
	printf '%s\n' "$XML" > "$T/xml"
	OPTIMUS_VFIO_SYSROOT=$ROOT OPTIMUS_VFIO_GPU_RESET=$T/gpu-reset \
		OPTIMUS_VFIO_PCI_OVERRIDE=$T/pci-override \
		sh "$HOOK" "$@" < "$T/xml" > "$T/stdout" 2> "$T/stderr" || RC=$?
}

assert_calls() { [ "$(cat "$T/calls")" = "$1" ] || fail "calls: $(cat "$T/calls"), expected: $1"; }

test_prepare_begin() {
	setup
	hook win11 prepare begin -
	assert_rc 0
	assert_stdout_empty
	assert_calls "gpu-reset  ($ROOT)
pci-override --set none ($ROOT)"
	assert_stderr_match '^gpu-reset says something$'
}

test_release_end_clears() {
	setup
	hook linux-vm release end -
	assert_rc 0
	assert_calls "pci-override --clear ($ROOT)"
}

test_other_operations_do_nothing() {
	setup
	for ops in "start begin" "started begin" "stopped end" "prepare end" \
		"release begin" "migrate begin" "restore begin" "reconnect begin" \
		"attach begin" "reconnect begin"; do
		# shellcheck disable=SC2086
		hook win11 $ops -
		assert_rc 0
		assert_stderr_empty
	done
	assert_calls ""
}

test_unmanaged_domain() {
	setup
	hook win10 prepare begin -
	assert_rc 0
	assert_stderr_empty
	hook win1 prepare begin -
	assert_rc 0
	assert_calls ""
}

test_no_config() {
	setup
	rm "$ROOT/etc/optimus-vfio/hook.conf"
	hook win11 prepare begin -
	assert_rc 0
	assert_stderr_empty
	assert_calls ""
}

test_gpu_reset_failure_aborts() {
	setup 3
	hook win11 prepare begin -
	assert_rc 1
	assert_calls "gpu-reset  ($ROOT)"
	assert_stderr_match "^optimus-vfio hook: domain 'win11': gpu-reset failed \(exit 3"
	assert_stderr_match 'not starting the VM$'
}

test_pci_override_failure_aborts() {
	setup 0 4
	hook win11 prepare begin -
	assert_rc 1
	assert_stderr_match "pci-override --set none failed \(exit 4"
}

test_options() {
	setup
	cat > "$ROOT/etc/optimus-vfio/hook.conf" <<EOC
   domains=a b,win11
gpu-reset = no
audio-driver = vfio-pci
release = keep
EOC
	hook win11 prepare begin -
	assert_rc 0
	assert_stderr_eq "pci-override says something"
	assert_calls "pci-override --set vfio-pci ($ROOT)"
	: > "$T/calls"
	hook win11 release end -
	assert_rc 0
	assert_calls ""
	hook a release end -
	assert_rc 0
}

# A GPU that pci-override cannot find by itself (not NVIDIA's, or two of
# them): audio-device names the audio function(s), passed on set and clear.
test_audio_device() {
	setup
	echo 'audio-device = 0000:01:00.1, 0000:02:00.1' >> "$ROOT/etc/optimus-vfio/hook.conf"
	hook win11 prepare begin -
	assert_rc 0
	assert_calls "gpu-reset  ($ROOT)
pci-override --set none 0000:01:00.1 0000:02:00.1 ($ROOT)"
	! grep -q "unknown key" "$T/stderr" || fail "audio-device taken for an unknown key"
	: > "$T/calls"
	hook win11 release end -
	assert_rc 0
	assert_calls "pci-override --clear 0000:01:00.1 0000:02:00.1 ($ROOT)"
}

# A value that is not a PCI address list is refused before anything runs.
test_audio_device_bad_value() {
	setup
	echo 'audio-device = 01:00.1 *' >> "$ROOT/etc/optimus-vfio/hook.conf"
	hook win11 prepare begin -
	assert_rc 1
	assert_calls ""
	assert_stderr_match "audio-device: '\\*' is not a PCI address"
}

test_bad_value() {
	setup
	local conf=$ROOT/etc/optimus-vfio/hook.conf
	echo 'gpu-reset = maybe' >> "$conf"
	hook win11 prepare begin -
	assert_rc 1
	assert_stderr_eq "optimus-vfio hook: $conf:3: gpu-reset must be yes or no, not 'maybe'; not starting domain 'win11'"
	assert_calls ""
	setup
	echo 'release = later' >> "$conf"
	hook win11 release end -
	assert_rc 1
	assert_stderr_eq "optimus-vfio hook: $conf:3: release must be clear or keep, not 'later'; nothing done for domain 'win11'"
	assert_calls ""
	setup
	echo 'audio-driver = snd hda' >> "$conf"
	hook win11 prepare begin -
	assert_rc 1
	assert_stderr_eq "optimus-vfio hook: $conf:3: audio-driver must be a kernel driver name ([A-Za-z0-9_-]) or none, not 'snd hda'; not starting domain 'win11'"
	assert_calls ""
}

# A file saved on Windows: CRLF line endings are read as plain lines, so
# the listed domain is handled and "yes\r" is yes.
test_crlf_config() {
	setup
	printf '# managed\r\ndomains = win11, linux-vm\r\ngpu-reset = yes\r\n\r\naudio-driver = none\r\n' \
		> "$ROOT/etc/optimus-vfio/hook.conf"
	hook win11 prepare begin -
	assert_rc 0
	assert_calls "gpu-reset  ($ROOT)
pci-override --set none ($ROOT)"
	assert_stderr_eq "gpu-reset says something
pci-override says something"
	: > "$T/calls"
	hook linux-vm release end -
	assert_rc 0
	assert_calls "pci-override --clear ($ROOT)"
	# Notepad's UTF-8 byte order mark before the first key is no part of it
	printf '\357\273\277domains = win11\r\n' > "$ROOT/etc/optimus-vfio/hook.conf"
	: > "$T/calls"
	hook win11 prepare begin -
	assert_rc 0
	assert_calls "gpu-reset  ($ROOT)
pci-override --set none ($ROOT)"
}

# The domains list is words, never patterns: '*' or '?' match only a domain
# of that very name, whatever files the working directory holds.
test_domains_not_globbed() {
	setup
	mkdir "$T/cwd"
	: > "$T/cwd/win11"
	printf 'domains = * win1?\n' > "$ROOT/etc/optimus-vfio/hook.conf"
	(cd "$T/cwd" && hook win11 prepare begin -; echo "$RC" > "$T/rc")
	RC=$(cat "$T/rc")
	assert_rc 0
	assert_calls ""
	(cd "$T/cwd" && hook 'win1?' prepare begin -; echo "$RC" > "$T/rc")
	RC=$(cat "$T/rc")
	assert_rc 0
	assert_calls "gpu-reset  ($ROOT)
pci-override --set none ($ROOT)"
}

# A line the hook cannot read is an error: the start is aborted, naming the
# file, the line and what was expected, whether or not the domain is listed
# (the file cannot be trusted to say which are); nothing is run.
test_unparsable_line_aborts() {
	local conf line
	setup
	conf=$ROOT/etc/optimus-vfio/hook.conf
	printf 'domains = win11\n\n  # fine\ngpu-reset yes\n' > "$conf"
	for d in win11 win10; do
		hook "$d" prepare begin -
		assert_rc 1
		assert_stderr_eq "optimus-vfio hook: $conf:4: expected 'key = value' (keys: domains, gpu-reset, audio-driver, audio-device, release); not starting domain '$d'"
		assert_calls ""
	done
	hook win11 release end -
	assert_rc 1
	assert_stderr_eq "optimus-vfio hook: $conf:4: expected 'key = value' (keys: domains, gpu-reset, audio-driver, audio-device, release); nothing done for domain 'win11'"
	assert_calls ""
	for line in 'colour = blue' 'gpu_reset = no' ' = win11'; do
		printf 'domains = win11\n%s\n' "$line" > "$conf"
		hook win11 prepare begin -
		assert_rc 1
		assert_stderr_match "^optimus-vfio hook: $conf:2: unknown key '.*', expected domains, gpu-reset, audio-driver, audio-device or release; not starting domain 'win11'$"
		assert_calls ""
	done
	# operations the hook ignores still do not read it
	hook win11 started begin -
	assert_rc 0
	assert_stderr_empty
}

# libvirt writes the XML whatever the hook does: it must all be read.
test_drains_stdin() {
	setup
	mkfifo "$T/fifo"
	(head -c 300000 /dev/zero | tr '\0' x > "$T/fifo"; echo $? > "$T/wrc") &
	OPTIMUS_VFIO_SYSROOT=$ROOT sh "$HOOK" other stopped end - < "$T/fifo" || fail "hook failed"
	wait
	assert_file_content "$T/wrc" 0
}

# The real tools with the hook: pci-override sets none on the fixture.
test_real_tools_dry() {
	setup
	cat > "$T/pci-override" <<EOS
#!/bin/sh
exec "$B/pci-override" --dry-run "\$@"
EOS
	hook win11 prepare begin -
	assert_rc 0
	assert_stderr_match "^$ROOT/sys/bus/pci/devices/0000:01:00.1/driver_override <- none$"
}

# The config decides what root runs: held to gpu-reset's rule for its own
# config (owner root or the caller, no other writer, a regular file) and
# never read through a symlink. A refused config aborts the start, naming
# the file and the reason, with nothing run; release runs nothing either.
test_refuses_untrusted_config() {
	setup
	local conf=$ROOT/etc/optimus-vfio/hook.conf
	chmod 0666 "$conf"
	hook win11 prepare begin -
	assert_rc 1
	assert_stderr_eq "optimus-vfio hook: refusing config $conf: writable by everyone; not starting domain 'win11'"
	assert_calls ""
	hook win11 release end -
	assert_rc 1
	assert_stderr_eq "optimus-vfio hook: refusing config $conf: writable by everyone; nothing done for domain 'win11'"
	assert_calls ""
	# a domain the file does not list is not started either: the file
	# cannot be trusted to say which are listed
	hook win10 prepare begin -
	assert_rc 1
	assert_calls ""
	# operations the hook ignores do not read the config at all
	hook win11 started begin -
	assert_rc 0
	assert_stderr_empty
	chmod 0664 "$conf"
	chgrp 65534 "$conf"
	hook win11 prepare begin -
	assert_rc 1
	assert_stderr_eq "optimus-vfio hook: refusing config $conf: writable by a group other than root; not starting domain 'win11'"
	chown 65534 "$conf"
	chmod 0644 "$conf"
	hook win11 prepare begin -
	assert_rc 1
	assert_stderr_eq "optimus-vfio hook: refusing config $conf: owned by another user; not starting domain 'win11'"
	assert_calls ""
	# root's own file, group-writable by root's group, is fine
	chown 0:0 "$conf"
	chmod 0664 "$conf"
	hook win11 prepare begin -
	assert_rc 0
	assert_calls "gpu-reset  ($ROOT)
pci-override --set none ($ROOT)"
}

test_refuses_config_symlink_or_directory() {
	setup
	local conf=$ROOT/etc/optimus-vfio/hook.conf
	# even a link to a trusted file: the link could be re-aimed
	mv "$conf" "$T/real.conf"
	ln -s "$T/real.conf" "$conf"
	hook win11 prepare begin -
	assert_rc 1
	assert_stderr_eq "optimus-vfio hook: refusing config $conf: a symbolic link; not starting domain 'win11'"
	assert_calls ""
	# a dangling link is refused too, not taken for "no config"
	rm "$conf"
	ln -s "$T/nowhere" "$conf"
	hook win11 prepare begin -
	assert_rc 1
	assert_stderr_eq "optimus-vfio hook: refusing config $conf: a symbolic link; not starting domain 'win11'"
	rm "$conf"
	mkdir "$conf"
	hook win11 prepare begin -
	assert_rc 1
	assert_stderr_eq "optimus-vfio hook: refusing config $conf: not a regular file; not starting domain 'win11'"
	assert_calls ""
	# OPTIMUS_VFIO_HOOK_CONF is held to the same rule
	chmod 0646 "$T/real.conf"
	OPTIMUS_VFIO_HOOK_CONF=$T/real.conf hook win11 prepare begin -
	assert_rc 1
	assert_stderr_eq "optimus-vfio hook: refusing config $T/real.conf: writable by everyone; not starting domain 'win11'"
	assert_calls ""
}

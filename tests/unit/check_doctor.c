// SPDX-License-Identifier: GPL-2.0-or-later
/* Unit tests for src/lib/doctor.c: one case per outcome of each preflight check. */
#include <errno.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fcntl.h>
#include <sys/stat.h>

#include "unit.h"
#include "../helpers/romgen.h"
#include "ovf/doctor.h"
#include "ovf/gpu.h"

#define GPU "0000:01:00.0"
#define AUD "0000:01:00.1"
#define GDEV "sys/bus/pci/devices/" GPU
#define ADEV "sys/bus/pci/devices/" AUD

static char *tmp;
static struct ovf_root root;
static struct ovf_gpu g;

/* Every case gets its own copy of the healthy fixture to change. */
static void setup(void)
{
	tmp = unit_mkdtemp();
	unit_copy_fixture("doctor-ok", tmp);
	ck_assert_int_eq(ovf_root_open(&root, tmp), 0);
	ck_assert_int_eq(ovf_gpu_find(&root, NULL, 0, &g, NULL), 0);
}

static void teardown(void)
{
	ovf_root_close(&root);
	unit_rmtree(tmp);
	free(tmp);
}

START_TEST(find_word_at_word_starts)
{
	const char *t = "root=/dev/x xintel_iommu=on\tintel_iommu=off";

	ck_assert_str_eq(ovf_doctor_find_word(t, "intel_iommu="), "intel_iommu=off");
	ck_assert_ptr_eq(ovf_doctor_find_word(t, "amd_iommu="), NULL);
	ck_assert_ptr_eq(ovf_doctor_find_word(t, "root=") , t);
}
END_TEST

START_TEST(iommu_groups)
{
	struct ovf_doc_iommu f;

	ck_assert_int_eq(ovf_doctor_iommu(&root, &f), OVF_DOC_OK);
	ck_assert_int_eq(f.why, OVF_IOMMU_GROUPS);
	ck_assert_int_eq(f.ngroups, 4);
	ck_assert_str_eq(f.flag, "intel_iommu=on");
}
END_TEST

START_TEST(iommu_none_asked_off_unreadable)
{
	struct ovf_doc_iommu f;

	unit_sh(tmp, "rm -rf sys/kernel/iommu_groups/*");
	ck_assert_int_eq(ovf_doctor_iommu(&root, &f), OVF_DOC_FAIL);
	ck_assert_int_eq(f.why, OVF_IOMMU_ASKED);
	ck_assert_int_eq(f.ngroups, 0);

	unit_sh(tmp, "echo 'quiet amd_iommu=off' > proc/cmdline");
	ck_assert_int_eq(ovf_doctor_iommu(&root, &f), OVF_DOC_FAIL);
	ck_assert_int_eq(f.why, OVF_IOMMU_OFF);
	ck_assert_str_eq(f.flag, "amd_iommu=off");

	/* no command line at all is the same as one that asks nothing */
	unit_sh(tmp, "rm proc/cmdline && rmdir sys/kernel/iommu_groups");
	ck_assert_int_eq(ovf_doctor_iommu(&root, &f), OVF_DOC_FAIL);
	ck_assert_int_eq(f.why, OVF_IOMMU_NONE);
	ck_assert_str_eq(f.flag, "");

	unit_sh(tmp, "touch sys/kernel/iommu_groups");
	ck_assert_int_eq(ovf_doctor_iommu(&root, &f), OVF_DOC_FAIL);
	ck_assert_int_eq(f.why, OVF_IOMMU_UNREADABLE);
	ck_assert_int_eq(f.e.err, ENOTDIR);
	ck_assert_str_eq(f.e.action, "read");
	ck_assert_ptr_nonnull(strstr(f.e.path, "/sys/kernel/iommu_groups"));
}
END_TEST

START_TEST(group_viable)
{
	struct ovf_doc_group f;

	ck_assert_int_eq(ovf_doctor_group(&root, &g.dev, &f), OVF_DOC_OK);
	ck_assert_int_eq(f.why, OVF_GROUP_VIABLE);
	ck_assert_int_eq(f.group, 1);
	ck_assert_int_eq(f.ndevices, 3);	/* the bridge, the GPU, its audio */
	ck_assert_int_eq(f.nbad, 0);
}
END_TEST

START_TEST(group_slot_bound)
{
	struct ovf_doc_group f;

	unit_sh(tmp, "ln -s ../../../../bus/pci/drivers/snd_hda_intel "
	   "sys/devices/pci0000:00/0000:00:01.0/" AUD "/driver");
	ck_assert_int_eq(ovf_doctor_group(&root, &g.dev, &f), OVF_DOC_WARN);
	ck_assert_int_eq(f.why, OVF_GROUP_SLOT_BOUND);
	ck_assert_int_eq(f.nbad, 1);
	ck_assert_str_eq(f.bad[0].name, AUD);
	ck_assert_str_eq(f.bad[0].driver, "snd_hda_intel");
	ck_assert_int_eq(f.bad[0].in_slot, 1);
}
END_TEST

START_TEST(group_shared)
{
	struct ovf_doc_group f;

	/* the PCH audio, bound to its host driver, in the GPU's group */
	unit_sh(tmp, "ln -s ../../../../devices/pci0000:00/0000:00:1f.3 "
	   "sys/kernel/iommu_groups/1/devices/0000:00:1f.3");
	ck_assert_int_eq(ovf_doctor_group(&root, &g.dev, &f), OVF_DOC_FAIL);
	ck_assert_int_eq(f.why, OVF_GROUP_SHARED);
	ck_assert_int_eq(f.ndevices, 4);
	ck_assert_int_eq(f.nbad, 1);
	ck_assert_str_eq(f.bad[0].name, "0000:00:1f.3");
	ck_assert_str_eq(f.bad[0].driver, "snd_hda_intel");
	ck_assert_int_eq(f.bad[0].in_slot, 0);
}
END_TEST

START_TEST(group_none_unreadable)
{
	struct ovf_doc_group f;
	struct ovf_pcidev d = g.dev;

	d.iommu_group = -1;
	ck_assert_int_eq(ovf_doctor_group(&root, &d, &f), OVF_DOC_FAIL);
	ck_assert_int_eq(f.why, OVF_GROUP_NONE);

	unit_sh(tmp, "rm -rf sys/kernel/iommu_groups/1");
	ck_assert_int_eq(ovf_doctor_group(&root, &g.dev, &f), OVF_DOC_FAIL);
	ck_assert_int_eq(f.why, OVF_GROUP_UNREADABLE);
	ck_assert_int_eq(f.e.err, ENOENT);
	ck_assert_ptr_nonnull(strstr(f.e.path, "/sys/kernel/iommu_groups/1/devices"));
}
END_TEST

START_TEST(acpi_call_installed_loaded_missing)
{
	struct ovf_doc_acpi_call f;

	ck_assert_int_eq(ovf_doctor_acpi_call(&root, &f), OVF_DOC_WARN);
	ck_assert_int_eq(f.loaded, 0);
	ck_assert_str_eq(f.osrelease, "6.1.0-fixture");
	ck_assert_str_eq(f.module,
			 "lib/modules/6.1.0-fixture/updates/dkms/acpi_call.ko");

	unit_put(tmp, "proc/acpi/call", "");
	ck_assert_int_eq(ovf_doctor_acpi_call(&root, &f), OVF_DOC_OK);
	ck_assert_int_eq(f.loaded, 1);

	unit_sh(tmp, "rm proc/acpi/call lib/modules/*/updates/dkms/acpi_call.ko");
	ck_assert_int_eq(ovf_doctor_acpi_call(&root, &f), OVF_DOC_FAIL);
	ck_assert_str_eq(f.module, "");

	/* the other spelling, compressed, deeper down */
	unit_sh(tmp, "mkdir -p lib/modules/6.1.0-fixture/extra/a/b && "
	   "touch lib/modules/6.1.0-fixture/extra/a/b/acpi-call.ko.zst");
	ck_assert_int_eq(ovf_doctor_acpi_call(&root, &f), OVF_DOC_WARN);
	ck_assert_str_eq(f.module,
			 "lib/modules/6.1.0-fixture/extra/a/b/acpi-call.ko.zst");

	/* no kernel release: nowhere to look */
	unit_sh(tmp, "rm proc/sys/kernel/osrelease");
	ck_assert_int_eq(ovf_doctor_acpi_call(&root, &f), OVF_DOC_FAIL);
	ck_assert_str_eq(f.osrelease, "");
}
END_TEST

#define SB "sys/firmware/efi/efivars/SecureBoot-8be4df61-93ca-11d2-aa0d-00e098032b8c"

START_TEST(secure_boot_states)
{
	struct ovf_doc_acpi_call f;

	ovf_doctor_acpi_call(&root, &f);
	ck_assert_int_eq(f.secure_boot, 0);
	ck_assert_int_eq(f.sb_status, OVF_DOC_OK);

	unit_sh(tmp, "printf '\\006\\000\\000\\000\\001' > " SB);
	ovf_doctor_acpi_call(&root, &f);
	ck_assert_int_eq(f.secure_boot, 1);
	ck_assert_int_eq(f.sb_status, OVF_DOC_WARN);

	/* on, and the module loaded: it is signed */
	unit_put(tmp, "proc/acpi/call", "");
	ovf_doctor_acpi_call(&root, &f);
	ck_assert_int_eq(f.sb_status, OVF_DOC_OK);

	unit_sh(tmp, "rm " SB);
	ovf_doctor_acpi_call(&root, &f);
	ck_assert_int_eq(f.secure_boot, -1);
	ck_assert_int_eq(f.sb_status, OVF_DOC_SKIP);
	unit_sh(tmp, ": > " SB);
	ovf_doctor_acpi_call(&root, &f);
	ck_assert_int_eq(f.secure_boot, -1);
}
END_TEST

START_TEST(rom_before_evaluating)
{
	struct ovf_doc_rom f;
	struct ovf_pcidev d = g.dev;

	/* acpi_call not loaded: the path is checked, nothing evaluated */
	ck_assert_int_eq(ovf_doctor_rom(&root, &d, GPU, 0, 100, &f), OVF_DOC_SKIP);
	ck_assert_int_eq(f.why, OVF_ROM_NOT_LOADED);
	ck_assert_str_eq(f.path, "\\_SB.PCI0.PEG0.PEGP");

	d.acpi_path[0] = '\0';
	d.acpi_path_err = -ENOENT;
	ck_assert_int_eq(ovf_doctor_rom(&root, &d, GPU, 1, 100, &f), OVF_DOC_FAIL);
	ck_assert_int_eq(f.why, OVF_ROM_NO_NODE);

	d.acpi_path_err = -EACCES;
	ck_assert_int_eq(ovf_doctor_rom(&root, &d, GPU, 1, 100, &f), OVF_DOC_FAIL);
	ck_assert_int_eq(f.why, OVF_ROM_NODE_UNREADABLE);
	ck_assert_int_eq(f.e.err, EACCES);
	ck_assert_ptr_nonnull(strstr(f.e.path, "/" GDEV "/firmware_node/path"));

	d.acpi_path_err = 0;
	snprintf(d.acpi_path, sizeof(d.acpi_path), "%s", "not an acpi path");
	ck_assert_int_eq(ovf_doctor_rom(&root, &d, GPU, 1, 100, &f), OVF_DOC_FAIL);
	ck_assert_int_eq(f.why, OVF_ROM_BAD_PATH);
}
END_TEST

START_TEST(rom_open_eval_fail)
{
	struct ovf_doc_rom f;

	/* said loaded, but the file went away */
	ck_assert_int_eq(ovf_doctor_rom(&root, &g.dev, GPU, 1, 100, &f), OVF_DOC_WARN);
	ck_assert_int_eq(f.why, OVF_ROM_BUSY);
	ck_assert_int_eq(f.err, -ENOENT);
	ck_assert_str_eq(f.e.action, "open");

	/* a regular file echoes the command: no answer acpi_call gives */
	unit_put(tmp, "proc/acpi/call", "");
	ck_assert_int_eq(ovf_doctor_rom(&root, &g.dev, GPU, 1, 100, &f), OVF_DOC_WARN);
	ck_assert_int_eq(f.why, OVF_ROM_EVAL_FAILED);
	ck_assert_int_eq(f.err, -EBADMSG);
	ck_assert_str_eq(f.cmd, "\\_SB.PCI0.PEG0.PEGP._ROM 0 2");
}
END_TEST

/* Serve @rom as the GPU's _ROM from the fake acpi_call on the copy. */
static pid_t start_fake(const unsigned char *rom, size_t len, const char *extra)
{
	char romp[4200];

	snprintf(romp, sizeof(romp), "%s", unit_put_file(tmp, "rom", rom, len));
	return unit_fake_acpi_call(tmp, romp, NULL, "\\_SB.PCI0.PEG0.PEGP._ROM",
				   extra);
}

static void stop_fake(pid_t pid)
{
	kill(pid, SIGTERM);
	waitpid(pid, NULL, 0);
}

START_TEST(rom_answers)
{
	static const unsigned char rom[] = { 0x55, 0xaa, 0x10, 0x00 };
	static const unsigned char junk[] = { 0x12, 0x34, 0x10, 0x00 };
	struct ovf_doc_rom f;
	pid_t pid;

	pid = start_fake(rom, sizeof(rom), NULL);
	ck_assert_int_eq(ovf_doctor_rom(&root, &g.dev, GPU, 1, 2000, &f), OVF_DOC_OK);
	stop_fake(pid);
	ck_assert_int_eq(f.why, OVF_ROM_IMAGE);

	pid = start_fake(junk, sizeof(junk), NULL);
	ck_assert_int_eq(ovf_doctor_rom(&root, &g.dev, GPU, 1, 2000, &f), OVF_DOC_WARN);
	stop_fake(pid);
	ck_assert_int_eq(f.why, OVF_ROM_NO_SIGNATURE);

	pid = start_fake(rom, sizeof(rom), "--missing-rom");
	ck_assert_int_eq(ovf_doctor_rom(&root, &g.dev, GPU, 1, 2000, &f), OVF_DOC_FAIL);
	stop_fake(pid);
	ck_assert_int_eq(f.why, OVF_ROM_ACPI_ERROR);
	ck_assert_str_eq(f.error, "AE_NOT_FOUND");
}
END_TEST

START_TEST(switchers_none_some)
{
	struct ovf_doc_switchers f;

	ck_assert_int_eq(ovf_doctor_switchers(&root, &f), OVF_DOC_OK);
	ck_assert_int_eq(f.n, 0);
	unit_put(tmp, "etc/supergfxd.conf", "{}\n");
	unit_put(tmp, "sys/module/bbswitch/initstate", "OFF\n");
	ck_assert_int_eq(ovf_doctor_switchers(&root, &f), OVF_DOC_WARN);
	ck_assert_int_eq(f.n, 2);
	ck_assert_str_eq(f.found[0].name, "supergfxctl");
	ck_assert_str_eq(f.found[0].path, "etc/supergfxd.conf");
	ck_assert_str_eq(f.found[1].name, "bbswitch");
}
END_TEST

START_TEST(blacklist_none_some)
{
	struct ovf_doc_blacklist f;

	/* nouveau is not nvidia */
	ck_assert_int_eq(ovf_doctor_blacklist(&root, &f), OVF_DOC_OK);
	ck_assert_int_eq(f.n, 0);
	unit_put(tmp, "etc/modprobe.d/a.conf", "# blacklist nvidia\n"
		 "options nvidia x=1\n");
	ck_assert_int_eq(ovf_doctor_blacklist(&root, &f), OVF_DOC_OK);
	/* two lines, one file; a name inside another's is no duplicate */
	unit_put(tmp, "etc/modprobe.d/a.conf", "  blacklist nvidia\n"
		 "install nvidia_drm /bin/false\n");
	unit_put(tmp, "etc/modprobe.d/ba.conf", "blacklist nvidia_uvm\n");
	ck_assert_int_eq(ovf_doctor_blacklist(&root, &f), OVF_DOC_WARN);
	ck_assert_int_eq(f.n, 2);
	ck_assert_ptr_nonnull(strstr(f.file[0], "etc/modprobe.d/"));
	ck_assert_str_ne(f.file[0], f.file[1]);

	unit_sh(tmp, "rm -rf etc/modprobe.d");
	ck_assert_int_eq(ovf_doctor_blacklist(&root, &f), OVF_DOC_OK);
}
END_TEST

START_TEST(daemons_none_some)
{
	struct ovf_doc_daemons f;

	ck_assert_int_eq(ovf_doctor_daemons(&root, &f), OVF_DOC_OK);
	ck_assert_int_eq(f.n, 0);
	unit_put(tmp, "proc/900/comm", "nvidia-persiste\n");
	unit_put(tmp, "proc/901/comm", "nvidia-persiste\n");
	unit_put(tmp, "proc/950/comm", "nvidia-powerd\n");
	ck_assert_int_eq(ovf_doctor_daemons(&root, &f), OVF_DOC_WARN);
	ck_assert_int_eq(f.n, 2);	/* one per name */
	ck_assert_str_eq(f.d[0].comm, "nvidia-persiste");
	ck_assert(f.d[0].pid == 900 || f.d[0].pid == 901);
	ck_assert_str_eq(f.d[1].comm, "nvidia-powerd");
	ck_assert_int_eq(f.d[1].pid, 950);
}
END_TEST

START_TEST(power_states)
{
	struct ovf_doc_power f;

	ck_assert_int_eq(ovf_doctor_power(&root, GPU, &f), OVF_DOC_OK);
	ck_assert_str_eq(f.power_state, "D0");
	ck_assert_str_eq(f.d3cold_allowed, "1");
	unit_put(tmp, GDEV "/power_state", "D3cold\n");
	ck_assert_int_eq(ovf_doctor_power(&root, GPU, &f), OVF_DOC_WARN);
	unit_sh(tmp, "rm " GDEV "/power_state " GDEV "/d3cold_allowed");
	ck_assert_int_eq(ovf_doctor_power(&root, GPU, &f), OVF_DOC_OK);
	ck_assert_str_eq(f.power_state, "?");
	ck_assert_str_eq(f.d3cold_allowed, "?");
}
END_TEST

START_TEST(reset_methods)
{
	struct ovf_doc_reset f;

	ck_assert_int_eq(ovf_doctor_reset(&root, GPU, &f), OVF_DOC_OK);
	ck_assert_str_eq(f.methods, "flr bus");
	unit_put(tmp, GDEV "/reset_method", "\n");
	ck_assert_int_eq(ovf_doctor_reset(&root, GPU, &f), OVF_DOC_WARN);
	ck_assert_int_eq(f.len, 0);
	unit_sh(tmp, "rm " GDEV "/reset_method");
	ck_assert_int_eq(ovf_doctor_reset(&root, GPU, &f), OVF_DOC_WARN);
	ck_assert_int_eq(f.len, 0);
	unit_sh(tmp, "mkdir " GDEV "/reset_method");
	ck_assert_int_eq(ovf_doctor_reset(&root, GPU, &f), OVF_DOC_WARN);
	ck_assert_int_lt(f.len, 0);
	ck_assert_int_eq(f.e.err, EISDIR);
	ck_assert_ptr_nonnull(strstr(f.e.path, "/" GDEV "/reset_method"));
}
END_TEST

START_TEST(audio_kept_bound_absent)
{
	struct ovf_doc_audio f;

	ck_assert_int_eq(ovf_doctor_audio(&root, &g.dev.addr, &f), OVF_DOC_OK);
	ck_assert_int_eq(f.naudio, 1);
	ck_assert_int_eq(f.nbad, 0);

	unit_put(tmp, ADEV "/driver_override", "(null)\n");
	ck_assert_int_eq(ovf_doctor_audio(&root, &g.dev.addr, &f), OVF_DOC_WARN);
	ck_assert_int_eq(f.nbad, 1);
	ck_assert_str_eq(f.bad[0].name, AUD);
	ck_assert_str_eq(f.bad[0].override, "");
	ck_assert_str_eq(f.bad[0].driver, "");

	unit_sh(tmp, "mkdir " ADEV "/driver_override.d && rm " ADEV "/driver_override && "
	   "mv " ADEV "/driver_override.d " ADEV "/driver_override");
	ck_assert_int_eq(ovf_doctor_audio(&root, &g.dev.addr, &f), OVF_DOC_WARN);
	ck_assert_int_eq(f.unreadable, OVF_AUDIO_OVERRIDE);
	ck_assert_str_eq(f.e.action, "read");
	ck_assert_int_eq(f.e.err, EISDIR);

	/* a function of the slot that cannot be read: the scan fails */
	unit_sh(tmp, "rm -r " ADEV "/driver_override " ADEV "/class && "
		"mkdir " ADEV "/class");
	ck_assert_int_eq(ovf_doctor_audio(&root, &g.dev.addr, &f), OVF_DOC_WARN);
	ck_assert_int_eq(f.unreadable, OVF_AUDIO_SCAN);
	ck_assert_msg(strstr(ovf_err_why(&f.e), AUD "/class") != NULL, "why: %s",
		      ovf_err_why(&f.e));

	unit_sh(tmp, "rm -rf sys/devices/pci0000:00/0000:00:01.0/" AUD " " ADEV);
	ck_assert_int_eq(ovf_doctor_audio(&root, &g.dev.addr, &f), OVF_DOC_OK);
	ck_assert_int_eq(f.naudio, 0);
}
END_TEST

/*
 * Looking Glass's kvmfr, healthy: loaded with 32 MiB, /dev/kvmfr0 root:kvm
 * 0660, QEMU's default user libvirt-qemu in kvm, the node in
 * cgroup_device_acl. 0, or -1 where this user may not make a device node.
 */
static int kvmfr_host(void)
{
	char path[4096];

	unit_put(tmp, "sys/module/kvmfr/refcnt", "1\n");
	unit_put(tmp, "etc/modprobe.d/kvmfr.conf", "options kvmfr static_size_mb=32\n");
	unit_put(tmp, "etc/passwd", "root:x:0:0::/root:/bin/sh\n"
		 "libvirt-qemu:x:64055:108::/var/lib/libvirt:/usr/sbin/nologin\n");
	unit_put(tmp, "etc/group", "root:x:0:\nkvm:x:108:\nlibvirt-qemu:x:64055:libvirt-qemu\n");
	unit_put(tmp, "etc/libvirt/qemu.conf",
		 "cgroup_device_acl = [ \"/dev/null\", \"/dev/kvm\", \"/dev/kvmfr0\" ]\n");
	snprintf(path, sizeof(path), "%s/dev", tmp);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/dev/kvmfr0", tmp);
	/* /dev/null's numbers: the check only looks at the node */
	if (mknod(path, S_IFCHR | 0660, makedev(1, 3)) < 0 || chown(path, 0, 108) < 0 ||
	    chmod(path, 0660) < 0)
		return -1;
	return 0;
}

START_TEST(kvmfr_ok_and_sizes)
{
	struct ovf_doc_kvmfr f;

	if (kvmfr_host() < 0)
		return;	/* not root: no device node to look at */
	ck_assert_int_eq(ovf_doctor_kvmfr(&root, "/dev/kvmfr0", 32ull << 20, &f), OVF_DOC_OK);
	ck_assert_int_eq(f.why, OVF_KVMFR_OK);
	ck_assert_uint_eq(f.have_mb, 32);
	ck_assert_uint_eq(f.need_mb, 32);
	ck_assert_str_eq(f.sizes.from, "etc/modprobe.d/kvmfr.conf");
	ck_assert_str_eq(f.conf.user, "libvirt-qemu");
	/* the domain maps more than the device holds */
	ck_assert_int_eq(ovf_doctor_kvmfr(&root, "/dev/kvmfr0", (32ull << 20) + 1, &f),
			 OVF_DOC_FAIL);
	ck_assert_int_eq(f.why, OVF_KVMFR_TOO_SMALL);
	ck_assert_uint_eq(f.need_mb, 33);
	/* kvmfr1 of a one-device list */
	ck_assert_int_eq(ovf_doctor_kvmfr(&root, "/dev/kvmfr1", 1 << 20, &f), OVF_DOC_FAIL);
	ck_assert_int_eq(f.why, OVF_KVMFR_NO_ENTRY);
	ck_assert_uint_eq(f.index, 1);
	unit_put(tmp, "etc/modprobe.d/kvmfr.conf", "options kvmfr static_size_mb=32,,8\n");
	ck_assert_int_eq(ovf_doctor_kvmfr(&root, "/dev/kvmfr0", 1 << 20, &f), OVF_DOC_FAIL);
	ck_assert_int_eq(f.why, OVF_KVMFR_SIZE_BAD);
	/* nothing tells the size: a warning, the rest still checked */
	unit_sh(tmp, "rm etc/modprobe.d/kvmfr.conf");
	ck_assert_int_eq(ovf_doctor_kvmfr(&root, "/dev/kvmfr0", 1 << 20, &f), OVF_DOC_WARN);
	ck_assert_int_eq(f.why, OVF_KVMFR_SIZE_UNKNOWN);
	unit_sh(tmp, "chmod 0600 dev/kvmfr0");
	ck_assert_int_eq(ovf_doctor_kvmfr(&root, "/dev/kvmfr0", 1 << 20, &f), OVF_DOC_FAIL);
	ck_assert_int_eq(f.why, OVF_KVMFR_NO_ACCESS);
}
END_TEST

START_TEST(kvmfr_module_node_user)
{
	struct ovf_doc_kvmfr f;

	if (kvmfr_host() < 0)
		return;
	unit_sh(tmp, "rm -r sys/module/kvmfr");
	ck_assert_int_eq(ovf_doctor_kvmfr(&root, "/dev/kvmfr0", 32ull << 20, &f), OVF_DOC_FAIL);
	ck_assert_int_eq(f.why, OVF_KVMFR_NOT_LOADED);
	unit_put(tmp, "sys/module/kvmfr/refcnt", "0\n");
	/* the node: missing, then not a device */
	unit_sh(tmp, "rm dev/kvmfr0");
	ck_assert_int_eq(ovf_doctor_kvmfr(&root, "/dev/kvmfr0", 32ull << 20, &f), OVF_DOC_FAIL);
	ck_assert_int_eq(f.why, OVF_KVMFR_NO_NODE);
	ck_assert_ptr_nonnull(strstr(f.e.path, "/dev/kvmfr0"));
	ck_assert_int_eq(f.e.err, ENOENT);
	unit_put(tmp, "dev/kvmfr0", "");
	ck_assert_int_eq(ovf_doctor_kvmfr(&root, "/dev/kvmfr0", 32ull << 20, &f), OVF_DOC_FAIL);
	ck_assert_int_eq(f.why, OVF_KVMFR_NOT_CHR);
	unit_sh(tmp, "rm dev/kvmfr0");
	ck_assert_int_eq(kvmfr_host(), 0);
	/* a user passwd does not know: cannot tell */
	unit_put(tmp, "etc/libvirt/qemu.conf", "user = \"qemu\"\n"
		 "cgroup_device_acl = [ \"/dev/kvmfr0\" ]\n");
	ck_assert_int_eq(ovf_doctor_kvmfr(&root, "/dev/kvmfr0", 32ull << 20, &f), OVF_DOC_WARN);
	ck_assert_int_eq(f.why, OVF_KVMFR_NO_USER);
	ck_assert_str_eq(ovf_err_why(&f.e), "no user 'qemu'");
	/* root may open anything, but the cgroup list must name the node */
	unit_put(tmp, "etc/libvirt/qemu.conf", "user = \"+0\"\ngroup = \"+0\"\n");
	ck_assert_int_eq(ovf_doctor_kvmfr(&root, "/dev/kvmfr0", 32ull << 20, &f), OVF_DOC_WARN);
	ck_assert_int_eq(f.why, OVF_KVMFR_CGROUP);
	ck_assert_int_eq(f.conf.acl_set, 0);
}
END_TEST

/* A bare x86 + EFI ROM for 10de:@device at tmp/@name, mode @mode; its path in @path. */
static void put_rom(const char *name, uint16_t device, mode_t mode, char *path,
		    size_t size)
{
	struct romgen_image im[2];
	uint8_t b[8192];

	romgen_defaults(&im[0], 0, 4096);
	romgen_defaults(&im[1], 3, 4096);
	ck_assert_uint_eq(romgen_build(im, 2, 0x10de, device, 1, b, sizeof(b)), 8192);
	snprintf(path, size, "%s", unit_put_file(tmp, name, b, sizeof(b)));
	ck_assert_int_eq(chmod(path, mode), 0);
}

START_TEST(version_numbers)
{
	ck_assert_uint_eq(ovf_doctor_version_num("9.0.0"), 9000000);
	ck_assert_uint_eq(ovf_doctor_version_num("QEMU emulator version 7.2.5 "
						 "(Debian 1:7.2+dfsg-7)"), 7002005);
	ck_assert_uint_eq(ovf_doctor_version_num("v10 then 6.5"), 6005000);
	ck_assert_uint_eq(ovf_doctor_version_num("1.1000.0"), 0);
	ck_assert_uint_eq(ovf_doctor_version_num("no digits."), 0);
	ck_assert_uint_eq(ovf_doctor_version_num(""), 0);
}
END_TEST

/* virsh, faked in PATH: its output, its error line, a hang. */
START_TEST(domain_xml_from_virsh)
{
	char bin[4200], path[8400], *xml;
	const char *old = getenv("PATH");
	struct ovf_err e;
	size_t len;

	snprintf(bin, sizeof(bin), "%s/bin", tmp);
	unit_put(tmp, "bin/virsh",
		 "#!/bin/sh\n"
		 "[ \"$1 $2 $3\" = 'dumpxml --inactive --' ] || exit 9\n"
		 "case $4 in\n"
		 "win11) echo \"<domain><name>$4</name></domain>\" ;;\n"
		 "-x) echo '<domain><name>-x</name></domain>' ;;\n"
		 "hang) exec sleep 30 ;;\n"
		 "*) printf '\\nerror: failed to get domain '\"'$4'\"'\\n' >&2; exit 1 ;;\n"
		 "esac\n");
	snprintf(path, sizeof(path), "%s/virsh", bin);
	ck_assert_int_eq(chmod(path, 0755), 0);
	snprintf(path, sizeof(path), "%s:%s", bin, old ? old : "/usr/bin:/bin");
	setenv("PATH", path, 1);
	ck_assert_int_eq(ovf_doctor_domain_xml("win11", 5000, &xml, &len, &e), 0);
	ck_assert_str_eq(xml, "<domain><name>win11</name></domain>\n");
	ck_assert_uint_eq(len, strlen(xml));
	free(xml);
	/* a name that looks like an option is still the name */
	ck_assert_int_eq(ovf_doctor_domain_xml("-x", 5000, &xml, &len, &e), 0);
	free(xml);
	ck_assert_int_eq(ovf_doctor_domain_xml("nosuch", 5000, &xml, &len, &e), -EIO);
	ck_assert_ptr_null(xml);
	ck_assert_str_eq(e.action, "read domain");
	ck_assert_str_eq(e.path, "'nosuch'");
	ck_assert_str_eq(e.reason, "virsh: failed to get domain 'nosuch'");
	ck_assert_int_eq(ovf_doctor_domain_xml("hang", 300, &xml, &len, &e), -ETIMEDOUT);
	ck_assert_ptr_nonnull(strstr(e.reason, "no answer"));
	setenv("PATH", tmp, 1);
	ck_assert_int_eq(ovf_doctor_domain_xml("win11", 5000, &xml, &len, &e), -ENOENT);
	ck_assert_str_eq(e.reason, "virsh not found");
	setenv("PATH", old ? old : "/usr/bin:/bin", 1);
}

START_TEST(first_line_of_a_program)
{
	char *const echo[] = { "printf", "8.0.0\\nsecond\\n", NULL };
	char *const none[] = { "ovf-no-such-program", "--version", NULL };
	char out[256] = "x";

	ck_assert_int_eq(ovf_doctor_first_line(echo, out, sizeof(out)), 0);
	ck_assert_str_eq(out, "8.0.0");
	ck_assert_int_eq(ovf_doctor_first_line(none, out, sizeof(out)), -ENOENT);
	ck_assert_str_eq(out, "");
	/* a line longer than the buffer is cut, and the program still reaped */
	ck_assert_int_eq(ovf_doctor_first_line(echo, out, 3), 0);
	ck_assert_str_eq(out, "8.");
}
END_TEST

/* ---- the workaround facts ---- */

#define GDIR "sys/devices/pci0000:00/0000:00:01.0/" GPU

/* A DRM card of the device at @devdir with connectors "NAME:STATUS". */
static void drm_card(const char *devdir, int n, const char *const *conns)
{
	char rel[512], target[512], st[64];
	const char *colon;

	snprintf(rel, sizeof(rel), "%s/drm/card%d/dev", devdir, n);
	unit_put(tmp, rel, "226:0\n");
	snprintf(target, sizeof(target), "../../%s/drm/card%d", devdir + 4, n);
	snprintf(rel, sizeof(rel), "sys/class/drm/card%d", n);
	unit_symlink(tmp, target, rel);
	for (; *conns; conns++) {
		colon = strchr(*conns, ':');
		snprintf(rel, sizeof(rel), "%s/drm/card%d/card%d-%.*s/status", devdir,
			 n, n, (int)(colon - *conns), *conns);
		snprintf(st, sizeof(st), "%s\n", colon + 1);
		unit_put(tmp, rel, st);
		snprintf(target, sizeof(target), "../../%s/drm/card%d/card%d-%.*s",
			 devdir + 4, n, n, (int)(colon - *conns), *conns);
		snprintf(rel, sizeof(rel), "sys/class/drm/card%d-%.*s", n,
			 (int)(colon - *conns), *conns);
		unit_symlink(tmp, target, rel);
	}
}

START_TEST(display_cases)
{
	static const char *const igpu[] = { "eDP-1:connected", NULL };
	static const char *const dgpu[] = { "HDMI-A-1:connected", "DP-1:disconnected",
					    NULL };
	static const char *const none[] = { NULL };
	struct ovf_doc_display f;

	/* 0x0300, no DRM at all: not known */
	ck_assert_int_eq(ovf_doctor_display(&root, &g.dev, GPU, &f), OVF_DOC_OK);
	ck_assert_int_eq(f.why, OVF_DISPLAY_NO_DRM);
	/* the iGPU's panel is not the GPU's */
	drm_card("sys/devices/pci0000:00/0000:00:02.0", 0, igpu);
	ovf_doctor_display(&root, &g.dev, GPU, &f);
	ck_assert_int_eq(f.why, OVF_DISPLAY_NO_DRM);
	drm_card(GDIR, 1, none);
	ovf_doctor_display(&root, &g.dev, GPU, &f);
	ck_assert_int_eq(f.why, OVF_DISPLAY_NO_OUTPUTS);
	ck_assert_str_eq(f.card, "card1");
	drm_card(GDIR, 2, dgpu);
	ovf_doctor_display(&root, &g.dev, GPU, &f);
	ck_assert_int_eq(f.why, OVF_DISPLAY_OUTPUTS);
	ck_assert_int_eq(f.nconn, 2);
	ck_assert_int_eq(f.nconnected, 1);
	ck_assert_str_eq(f.conn[0], "card2-DP-1");	/* sorted */
	ck_assert_str_eq(f.conn[1], "card2-HDMI-A-1");
	/* a 3D controller: the class settles it, connectors or not */
	g.dev.class_code = 0x030200;
	ovf_doctor_display(&root, &g.dev, GPU, &f);
	ck_assert_int_eq(f.why, OVF_DISPLAY_3D);
	/* sys/class/drm unreadable: said, with the path */
	g.dev.class_code = 0x030000;
	unit_sh(tmp, "rm -rf sys/class/drm && echo x > sys/class/drm");
	ck_assert_int_eq(ovf_doctor_display(&root, &g.dev, GPU, &f), OVF_DOC_WARN);
	ck_assert_int_eq(f.why, OVF_DISPLAY_UNREADABLE);
	ck_assert_ptr_nonnull(strstr(f.e.path, "sys/class/drm"));
}
END_TEST

/*
 * The rom attribute as the kernel serves it: a FIFO and a child that takes
 * an enable (anything but exactly "0\n"), serves @len bytes of @buf, takes
 * the disable; what it took goes to rom.log, a newline written as "\n".
 */
static pid_t serve_rom(const uint8_t *buf, size_t len)
{
	char path[4200], log[4200], cmd[8];
	pid_t pid;
	ssize_t n;
	int fd, lfd;

	snprintf(path, sizeof(path), "%s/" GDIR "/rom", tmp);
	snprintf(log, sizeof(log), "%s/rom.log", tmp);
	ck_assert_int_eq(mkfifo(path, 0600), 0);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid)
		return pid;
	lfd = open(log, O_WRONLY | O_CREAT | O_APPEND, 0600);
	for (int step = 0; step < 3; step++) {
		fd = open(path, step == 1 ? O_WRONLY : O_RDONLY);
		if (fd < 0)
			_exit(1);
		if (step == 1) {
			if (write(fd, buf, len) != (ssize_t)len)
				_exit(2);
			/* an unlogged step would fail the order check later, unexplained */
			if (write(lfd, "read\n", 5) != 5)
				_exit(4);
		} else {
			n = read(fd, cmd, sizeof(cmd) - 1);
			cmd[n > 0 ? n : 0] = '\0';
			if (dprintf(lfd, "write %.*s%s\n", (int)strcspn(cmd, "\n"), cmd,
				    strchr(cmd, '\n') ? "\\n" : "") < 0)
				_exit(4);
			/* pci-sysfs.c: only "0\n" at offset 0 disables */
			if (step == 0 && !strcmp(cmd, "0\n"))
				_exit(3);
		}
		close(fd);
	}
	_exit(0);
}

static void reap(pid_t pid)
{
	int st;

	ck_assert_int_eq(waitpid(pid, &st, 0), pid);
	ck_assert(WIFEXITED(st));
	ck_assert_int_eq(WEXITSTATUS(st), 0);
}

START_TEST(rom_bar_cases)
{
	static uint8_t buf[64 * 1024], ff[4096];
	struct romgen_image im;
	struct ovf_doc_rombar f;
	char path[4200];
	pid_t pid;

	ck_assert_int_eq(ovf_doctor_rom_bar(&root, &g.dev, GPU, &f), OVF_DOC_OK);
	ck_assert_int_eq(f.why, OVF_ROMBAR_NO_ATTR);

	romgen_defaults(&im, 0x00, sizeof(buf));
	ck_assert_uint_eq(romgen_build(&im, 1, 0x10de, 0x1c8d, 1, buf, sizeof(buf)),
			  sizeof(buf));
	pid = serve_rom(buf, sizeof(buf));
	ck_assert_int_eq(ovf_doctor_rom_bar(&root, &g.dev, GPU, &f), OVF_DOC_OK);
	reap(pid);
	ck_assert_int_eq(f.why, OVF_ROMBAR_IMAGE);
	ck_assert_uint_eq(f.size, sizeof(buf));
	snprintf(path, sizeof(path), "%s/rom.log", tmp);
	ck_assert_int_eq(f.disable_err, 0);
	unit_sh(tmp, "head -n 1 rom.log | grep -qx 'write 1.n' && grep -qx read rom.log && "
		"tail -n 1 rom.log | grep -qx 'write 0.n'");

	/* another device's ROM */
	snprintf(path, sizeof(path), "%s/" GDIR "/rom", tmp);
	unlink(path);
	ck_assert_uint_eq(romgen_build(&im, 1, 0x8086, 0x3e9b, 1, buf, sizeof(buf)),
			  sizeof(buf));
	pid = serve_rom(buf, sizeof(buf));
	ovf_doctor_rom_bar(&root, &g.dev, GPU, &f);
	reap(pid);
	ck_assert_int_eq(f.why, OVF_ROMBAR_OTHER_DEVICE);
	ck_assert_uint_eq(f.vendor, 0x8086);
	ck_assert_uint_eq(f.device, 0x3e9b);

	/* bytes that are no ROM */
	unlink(path);
	memset(ff, 0xff, sizeof(ff));
	pid = serve_rom(ff, sizeof(ff));
	ovf_doctor_rom_bar(&root, &g.dev, GPU, &f);
	reap(pid);
	ck_assert_int_eq(f.why, OVF_ROMBAR_INVALID);
	ck_assert_int_eq(f.error, OVF_ROM_ERR_SIGNATURE);

	/* nothing at all */
	unlink(path);
	pid = serve_rom(ff, 0);
	ovf_doctor_rom_bar(&root, &g.dev, GPU, &f);
	reap(pid);
	ck_assert_int_eq(f.why, OVF_ROMBAR_EMPTY);

	/* cannot be enabled: a warning with the path */
	unlink(path);
	ck_assert_int_eq(mkdir(path, 0700), 0);
	ck_assert_int_eq(ovf_doctor_rom_bar(&root, &g.dev, GPU, &f), OVF_DOC_WARN);
	ck_assert_int_eq(f.why, OVF_ROMBAR_ENABLE_FAILED);
	ck_assert_int_eq(f.e.err, EISDIR);
}
END_TEST

START_TEST(audio_group_shared_or_own)
{
	struct ovf_doc_audio_group f;

	ck_assert_int_eq(ovf_doctor_audio_group(&root, &g.dev, &f), OVF_DOC_OK);
	ck_assert_int_eq(f.naudio, 1);
	ck_assert_int_eq(f.nshared, 1);
	ck_assert_str_eq(f.shared[0], AUD);
	unit_sh(tmp, "rm sys/devices/pci0000:00/0000:00:01.0/" AUD "/iommu_group && "
		"mkdir -p sys/kernel/iommu_groups/9 && ln -s ../../../../kernel/"
		"iommu_groups/9 sys/devices/pci0000:00/0000:00:01.0/" AUD "/iommu_group");
	ovf_doctor_audio_group(&root, &g.dev, &f);
	ck_assert_int_eq(f.nshared, 0);
	ck_assert_int_eq(f.nother, 1);
	ck_assert_str_eq(f.other[0], AUD);
}
END_TEST

START_TEST(lockdown_modes)
{
	char mode[32];

	ck_assert_int_eq(ovf_doctor_lockdown(&root, mode, sizeof(mode)), 0);
	ck_assert_str_eq(mode, "");
	unit_put(tmp, "sys/kernel/security/lockdown",
		 "none [integrity] confidentiality\n");
	ck_assert_int_eq(ovf_doctor_lockdown(&root, mode, sizeof(mode)), 0);
	ck_assert_str_eq(mode, "integrity");
	unit_put(tmp, "sys/kernel/security/lockdown",
		 "[none] integrity confidentiality\n");
	ovf_doctor_lockdown(&root, mode, sizeof(mode));
	ck_assert_str_eq(mode, "none");
	unit_put(tmp, "sys/kernel/security/lockdown", "garbage\n");
	ck_assert_int_eq(ovf_doctor_lockdown(&root, mode, sizeof(mode)), -EINVAL);
}
END_TEST

START_TEST(acpi_tables_named_rom)
{
	struct ovf_doc_tables f;

	/* no tables directory: nothing to say */
	ck_assert_int_eq(ovf_doctor_acpi_tables(&root, &f), OVF_DOC_SKIP);
	ck_assert_int_eq(f.ntables, 0);
	ck_assert_int_eq(f.unreadable, 0);
	unit_put(tmp, "sys/firmware/acpi/tables/SSDT2", "SSDT...\x14\x0a_PS0");
	unit_put(tmp, "sys/firmware/acpi/tables/DSDT", "DSDT...\x14\x0a_OFF");
	unit_put(tmp, "sys/firmware/acpi/tables/APIC", "_ROM");	/* not AML */
	ck_assert_int_eq(ovf_doctor_acpi_tables(&root, &f), OVF_DOC_OK);
	ck_assert_int_eq(f.ntables, 2);
	ck_assert_str_eq(f.table[0], "DSDT");
	ck_assert_str_eq(f.table[1], "SSDT2");
	ck_assert_int_eq(f.nrom, 0);
	unit_put(tmp, "sys/firmware/acpi/tables/dynamic/SSDT9", "SSDT\x14\x1a\\/"
		 "\x05_SB_PCI0PEG0PEGP_ROM");
	ovf_doctor_acpi_tables(&root, &f);
	ck_assert_int_eq(f.ntables, 3);
	ck_assert_int_eq(f.nrom, 1);
	ck_assert_str_eq(f.rom[0], "dynamic/SSDT9");
	/* a table that cannot be read: SKIP with its path */
	unit_sh(tmp, "chmod 000 sys/firmware/acpi/tables/DSDT && "
		"rm sys/firmware/acpi/tables/SSDT2 && "
		"mkdir sys/firmware/acpi/tables/SSDT2");
	ck_assert_int_eq(ovf_doctor_acpi_tables(&root, &f), OVF_DOC_SKIP);
	ck_assert_int_eq(f.unreadable, 1);
	ck_assert_ptr_nonnull(strstr(f.e.path, "sys/firmware/acpi/tables/"));
}
END_TEST

START_TEST(rom_file_cases)
{
	struct ovf_doc_rom_file f;
	char path[4200];

	put_rom("ok.rom", 0x1c8d, 0644, path, sizeof(path));
	ck_assert_int_eq(ovf_doctor_rom_file(path, 1, 1, &g.dev, &f), OVF_DOC_OK);
	ck_assert_int_eq(f.why, OVF_ROMFILE_FIT);
	ck_assert_str_eq(f.file, path);
	ck_assert_uint_eq(f.f.size, 8192);
	/* no ROM BAR, or not the GPU's domain: nothing to check */
	ck_assert_int_eq(ovf_doctor_rom_file(NULL, 0, 1, &g.dev, &f), OVF_DOC_SKIP);
	ck_assert_int_eq(f.why, OVF_ROMFILE_NONE);
	ck_assert_int_eq(ovf_doctor_rom_file(NULL, 0, 0, &g.dev, &f), OVF_DOC_SKIP);
	ck_assert_int_eq(f.why, OVF_ROMFILE_NO_HOSTDEV);
	ck_assert_int_eq(ovf_doctor_rom_file(path, 0, 1, &g.dev, &f), OVF_DOC_SKIP);
	ck_assert_int_eq(f.why, OVF_ROMFILE_HIDDEN);
	/* readable by root only: QEMU's user may not */
	ck_assert_int_eq(chmod(path, 0600), 0);
	ck_assert_int_eq(ovf_doctor_rom_file(path, 1, 1, &g.dev, &f), OVF_DOC_WARN);
	ck_assert_int_eq(f.why, OVF_ROMFILE_PRIVATE);
	ck_assert_uint_eq(f.mode, 0600);
	/* another NVIDIA device: maybe on purpose */
	put_rom("other.rom", 0x1f95, 0644, path, sizeof(path));
	ck_assert_int_eq(ovf_doctor_rom_file(path, 1, 1, &g.dev, &f), OVF_DOC_WARN);
	ck_assert_int_eq(f.why, OVF_ROMFILE_UNFIT);
	ck_assert_int_eq(f.f.fit, OVF_ROM_BAR_DEVICE);
	ck_assert_ptr_nonnull(strstr(f.e.reason, "10de:1f95, the GPU is 10de:1c8d"));
	/* no ROM at all: the guest would get garbage */
	unit_put(tmp, "junk.rom", "hello");
	snprintf(path, sizeof(path), "%s/junk.rom", tmp);
	ck_assert_int_eq(ovf_doctor_rom_file(path, 1, 1, &g.dev, &f), OVF_DOC_FAIL);
	ck_assert_int_eq(f.why, OVF_ROMFILE_UNFIT);
	/* gone, or a directory: QEMU would not start the guest */
	snprintf(path, sizeof(path), "%s/gone.rom", tmp);
	ck_assert_int_eq(ovf_doctor_rom_file(path, 1, 1, &g.dev, &f), OVF_DOC_FAIL);
	ck_assert_int_eq(f.why, OVF_ROMFILE_UNREADABLE);
	ck_assert_int_eq(f.e.err, ENOENT);
	ck_assert_int_eq(ovf_doctor_rom_file(tmp, 1, 1, &g.dev, &f), OVF_DOC_FAIL);
	ck_assert_int_eq(f.e.err, EISDIR);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("doctor");
	TCase *tc = tcase_create("doctor");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, find_word_at_word_starts);
	tcase_add_test(tc, iommu_groups);
	tcase_add_test(tc, iommu_none_asked_off_unreadable);
	tcase_add_test(tc, group_viable);
	tcase_add_test(tc, group_slot_bound);
	tcase_add_test(tc, group_shared);
	tcase_add_test(tc, group_none_unreadable);
	tcase_add_test(tc, acpi_call_installed_loaded_missing);
	tcase_add_test(tc, secure_boot_states);
	tcase_add_test(tc, rom_before_evaluating);
	tcase_add_test(tc, rom_open_eval_fail);
	tcase_add_test(tc, rom_answers);
	tcase_add_test(tc, switchers_none_some);
	tcase_add_test(tc, blacklist_none_some);
	tcase_add_test(tc, daemons_none_some);
	tcase_add_test(tc, power_states);
	tcase_add_test(tc, reset_methods);
	tcase_add_test(tc, audio_kept_bound_absent);
	tcase_add_test(tc, kvmfr_ok_and_sizes);
	tcase_add_test(tc, kvmfr_module_node_user);
	tcase_add_test(tc, version_numbers);
	tcase_add_test(tc, first_line_of_a_program);
	tcase_add_test(tc, display_cases);
	tcase_add_test(tc, rom_bar_cases);
	tcase_add_test(tc, audio_group_shared_or_own);
	tcase_add_test(tc, lockdown_modes);
	tcase_add_test(tc, acpi_tables_named_rom);
	tcase_add_test(tc, domain_xml_from_virsh);
	tcase_add_test(tc, rom_file_cases);
	suite_add_tcase(s, tc);
	return unit_run(s);
}

// SPDX-License-Identifier: GPL-2.0-or-later
/* Unit tests for src/lib/doctor.c: one case per outcome of each preflight check. */
#include <errno.h>
#include <signal.h>
#include <sys/wait.h>

#include "unit.h"
#include "ovf/doctor.h"
#include "ovf/gpu.h"
#include "../helpers/romgen.h"

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
	FILE *f;

	snprintf(romp, sizeof(romp), "%s/rom", tmp);
	f = fopen(romp, "wb");
	ck_assert_ptr_nonnull(f);
	ck_assert_uint_eq(fwrite(rom, 1, len, f), len);
	fclose(f);
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

START_TEST(rom_bar_cases)
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
	tcase_add_test(tc, version_numbers);
	tcase_add_test(tc, first_line_of_a_program);
	tcase_add_test(tc, rom_bar_cases);
	tcase_add_test(tc, domain_xml_from_virsh);
	suite_add_tcase(s, tc);
	return unit_run(s);
}

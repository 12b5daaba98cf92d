// SPDX-License-Identifier: GPL-2.0-or-later
/* Unit tests for the reset engine: one case per plan shape, the runner's restore paths, dry run. */
#include <errno.h>
#include <fcntl.h>
#include <sys/file.h>

#include "ovf/exit.h"
#include "ovf/gpu.h"
#include "ovf/reset.h"
#include "unit.h"

#define GPU "0000:01:00.0"
#define AUD "0000:01:00.1"
#define BR "0000:00:01.0"
#define DEVS "sys/bus/pci/devices/"
#define BIT(k) (1u << (k))

static char *tmp;
static struct ovf_root root;
static struct ovf_reset_config cfg;
static struct ovf_reset_devices dev;
static struct ovf_reset_plan plan;
static struct ovf_reset_result res;
static struct ovf_err e;

static void put(const char *rel, const char *content)
{
	unit_put(tmp, rel, content);
}

static void link_to(const char *target, const char *rel)
{
	unit_symlink(tmp, target, rel);
}

static const char *content(const char *rel)
{
	static char buf[256];
	char path[4200];
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "%s/%s", tmp, rel);
	fd = open(path, O_RDONLY);
	ck_assert_int_ge(fd, 0);
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	buf[n < 0 ? 0 : n] = '\0';
	return buf;
}

/*
 * A laptop: the GPU and its audio function behind a bridge, acpi_call, the
 * nvidia modules loaded with nvidia_drm -> nvidia_modeset -> nvidia held.
 */
static void setup(void)
{
	tmp = unit_mkdtemp();
	ck_assert_int_eq(ovf_root_open(&root, tmp), 0);
	put(DEVS GPU "/vendor", "0x10de\n");
	put(DEVS GPU "/class", "0x030000\n");
	put(DEVS GPU "/remove", "");
	put(DEVS AUD "/vendor", "0x10de\n");
	put(DEVS AUD "/class", "0x040300\n");
	put(DEVS AUD "/remove", "");
	put(DEVS AUD "/driver_override", "(null)\n");
	put(DEVS BR "/remove", "");
	put("sys/bus/pci/rescan", "");
	put("proc/acpi/call", "");
	put("sys/module/nvidia/refcnt", "2\n");
	put("sys/module/nvidia_modeset/refcnt", "1\n");
	put("sys/module/nvidia_drm/refcnt", "0\n");
	link_to("../../nvidia_modeset", "sys/module/nvidia/holders/nvidia_modeset");
	link_to("../../nvidia_drm", "sys/module/nvidia/holders/nvidia_drm");
	link_to("../../nvidia_drm", "sys/module/nvidia_modeset/holders/nvidia_drm");
	put("proc/sys/kernel/osrelease", "6.1.0-test\n");
	put("lib/modules/6.1.0-test/modules.dep", "");
	put("proc/1/comm", "init\n");

	ovf_reset_config_init(&cfg);
	memset(&dev, 0, sizeof(dev));
	snprintf(dev.gpu, sizeof(dev.gpu), GPU);
	snprintf(dev.bridge, sizeof(dev.bridge), BR);
	snprintf(dev.funcs[0], sizeof(dev.funcs[0]), GPU);
	snprintf(dev.funcs[1], sizeof(dev.funcs[1]), AUD);
	dev.is_audio[1] = 1;
	dev.nfuncs = 2;
	snprintf(dev.acpi_node, sizeof(dev.acpi_node), "\\_SB_.PCI0.PEG0.PEGP");
	ovf_err_clear(&e);
}

static void teardown(void)
{
	ovf_reset_plan_free(&plan);
	ovf_root_close(&root);
	unit_rmtree(tmp);
	free(tmp);
}

static int make_plan(void)
{
	return ovf_reset_plan(&root, &cfg, &dev, &plan, &e);
}

static const struct ovf_reset_finding *find(enum ovf_reset_finding_kind k)
{
	int i;

	for (i = 0; i < plan.nfindings; i++)
		if (plan.findings[i].kind == k)
			return &plan.findings[i];
	return NULL;
}

/* ---- plan shapes ---- */

START_TEST(plan_every_step_acpi)
{
	cfg.power = OVF_POWER_ACPI;
	ck_assert_int_eq(make_plan(), 0);
	ck_assert_int_eq(plan.power, OVF_POWER_ACPI);
	ck_assert_str_eq(plan.off_call, "\\_SB.PCI0.PEG0.PEGP._OFF");
	ck_assert_str_eq(plan.on_call, "\\_SB.PCI0.PEG0.PEGP._ON");
	/* the query: loaded ones only (not nvidia_uvm, bbswitch), holders first */
	ck_assert_int_eq(plan.nunload, 3);
	ck_assert_str_eq(plan.unload[0], "nvidia_drm");
	ck_assert_str_eq(plan.unload[1], "nvidia_modeset");
	ck_assert_str_eq(plan.unload[2], "nvidia");
	/* the default load list: the same, dependencies first */
	ck_assert_int_eq(plan.nload, 3);
	ck_assert_str_eq(plan.load[0], "nvidia");
	ck_assert_str_eq(plan.load[2], "nvidia_drm");
	ck_assert_ptr_nonnull(plan.kmod);
	/* the default command is optional: not found, the step will skip */
	ck_assert_str_eq(plan.cmd_path, "");
	ck_assert_int_eq(plan.nfindings, 0);
}
END_TEST

START_TEST(plan_power_auto_bbswitch)
{
	put("proc/acpi/bbswitch", "0000:01:00.0 ON\n");
	dev.acpi_node[0] = '\0';	/* bbswitch needs no ACPI node */
	ck_assert_int_eq(make_plan(), 0);
	ck_assert_int_eq(plan.power, OVF_POWER_BBSWITCH);
	ck_assert_str_eq(plan.off_call, "");
}
END_TEST

START_TEST(plan_power_absolute_methods_need_no_node)
{
	cfg.power = OVF_POWER_ACPI;
	dev.acpi_node[0] = '\0';
	snprintf(cfg.off_method, sizeof(cfg.off_method), "\\_SB.OFF0");
	snprintf(cfg.on_method, sizeof(cfg.on_method), "\\_SB.ON00");
	ck_assert_int_eq(make_plan(), 0);
	ck_assert_str_eq(plan.off_call, "\\_SB.OFF0");
	ck_assert_str_eq(plan.on_call, "\\_SB.ON00");
}
END_TEST

START_TEST(plan_power_without_node_refused)
{
	cfg.power = OVF_POWER_ACPI;
	dev.acpi_node[0] = '\0';
	ck_assert_int_eq(make_plan(), -ENOENT);
	ck_assert_int_eq(plan.why, OVF_RW_NO_ACPI_NODE);
	/* an unreadable firmware_node is a read error naming it */
	dev.acpi_node_err = -EACCES;
	ovf_reset_plan_free(&plan);
	ck_assert_int_eq(make_plan(), -EACCES);
	ck_assert_int_eq(plan.why, OVF_RW_ERR);
	ck_assert_str_eq(e.action, "read");
	ck_assert_ptr_nonnull(strstr(e.path, DEVS GPU "/firmware_node/path"));
	/* and a node that is no ACPI path */
	dev.acpi_node_err = 0;
	snprintf(dev.acpi_node, sizeof(dev.acpi_node), "not a path");
	ovf_reset_plan_free(&plan);
	ck_assert_int_eq(make_plan(), -EINVAL);
	ck_assert_str_eq(ovf_err_why(&e), "invalid ACPI path 'not a path'");
}
END_TEST

START_TEST(plan_remove_without_rescan_refused)
{
	char why[256];

	cfg.steps &= ~BIT(OVF_RESET_RESCAN);
	ck_assert_int_eq(make_plan(), -EINVAL);
	snprintf(why, sizeof(why), "%s", ovf_err_why(&e));
	ck_assert_ptr_nonnull(strstr(why, "the remove step needs the rescan step"));
	ck_assert_ptr_nonnull(strstr(why, "(steps: power,unload,remove,override,load,smi)"));
	/* the same check, before any device is looked for */
	ck_assert_int_eq(ovf_reset_steps_check(&cfg, NULL), -EINVAL);
	cfg.steps &= ~BIT(OVF_RESET_REMOVE);
	ck_assert_int_eq(ovf_reset_steps_check(&cfg, NULL), 0);
}
END_TEST

START_TEST(plan_module_in_use_refused)
{
	const struct ovf_reset_finding *f;

	/* nvidia_drm used by a process holding /dev/nvidia0 */
	put("sys/module/nvidia_drm/refcnt", "1\n");
	put("proc/4242/comm", "Xorg\n");
	link_to("/dev/nvidia0", "proc/4242/fd/7");
	put("proc/4343/comm", "nvidia-persiste\n");
	ck_assert_int_eq(make_plan(), -EPERM);
	ck_assert_int_eq(plan.why, OVF_RW_REFUSED);
	f = find(OVF_RF_IN_USE);
	ck_assert_ptr_nonnull(f);
	ck_assert(f->refuse);
	ck_assert_str_eq(f->what, "nvidia_drm");
	ck_assert_int_eq(f->refcnt, 1);
	ck_assert_int_eq(f->inlist, 0);
	ck_assert_ptr_nonnull(strstr(f->path, "sys/module/nvidia_drm/refcnt"));
	f = find(OVF_RF_DEV_USER);
	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(f->user.pid, 4242);
	ck_assert_str_eq(f->user.comm, "Xorg");
	ck_assert_str_eq(f->user.file, "/dev/nvidia0");
	f = find(OVF_RF_PERSISTENCED);
	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(f->user.pid, 4343);
	/* nvidia itself: refcnt 2, both from the list, so not in use */
	for (f = plan.findings; f < plan.findings + plan.nfindings; f++)
		ck_assert_str_ne(f->what, "nvidia");
}
END_TEST

START_TEST(plan_foreign_holder_refused)
{
	const struct ovf_reset_finding *f;

	put("sys/module/nvidia/refcnt", "3\n");
	link_to("../../i2c_nvidia_gpu", "sys/module/nvidia/holders/i2c_nvidia_gpu");
	ck_assert_int_eq(make_plan(), -EPERM);
	f = find(OVF_RF_FOREIGN_HOLDER);
	ck_assert_ptr_nonnull(f);
	ck_assert_str_eq(f->what, "nvidia");
	ck_assert_str_eq(f->other, "i2c_nvidia_gpu");
	/* a foreign holder is the reason: no refcnt finding on top */
	ck_assert_ptr_null(find(OVF_RF_IN_USE));
}
END_TEST

START_TEST(plan_in_use_without_unload_step)
{
	/* the policy is the unload step's: load alone only queries */
	put("sys/module/nvidia_drm/refcnt", "9\n");
	cfg.steps = BIT(OVF_RESET_LOAD);
	ck_assert_int_eq(make_plan(), 0);
	ck_assert_int_eq(plan.nfindings, 0);
	ck_assert_int_eq(plan.nunload, 0);
	ck_assert_int_eq(plan.nload, 3);
	ck_assert_str_eq(plan.load[0], "nvidia");
}
END_TEST

START_TEST(plan_load_list_given)
{
	cfg.steps = BIT(OVF_RESET_UNLOAD) | BIT(OVF_RESET_LOAD);
	cfg.load_set = 1;
	cfg.nload = 1;
	snprintf(cfg.load[0], sizeof(cfg.load[0]), "nouveau");
	ck_assert_int_eq(make_plan(), 0);
	ck_assert_int_eq(plan.nunload, 3);
	ck_assert_int_eq(plan.nload, 1);
	ck_assert_str_eq(plan.load[0], "nouveau");
}
END_TEST

START_TEST(plan_nothing_loaded_no_kmod)
{
	/* nothing to unload or load: libkmod is not even started */
	cfg.steps = BIT(OVF_RESET_UNLOAD) | BIT(OVF_RESET_LOAD);
	cfg.nmods = 1;
	snprintf(cfg.mods[0], sizeof(cfg.mods[0]), "bbswitch");
	ck_assert_int_eq(make_plan(), 0);
	ck_assert_int_eq(plan.nunload, 0);
	ck_assert_int_eq(plan.nload, 0);
	ck_assert_ptr_null(plan.kmod);
}
END_TEST

START_TEST(plan_kmod_unavailable)
{
	char path[4200];

	/* no osrelease: the modules directory cannot be named */
	snprintf(path, sizeof(path), "%s/proc/sys/kernel/osrelease", tmp);
	ck_assert_int_eq(unlink(path), 0);
	cfg.steps = BIT(OVF_RESET_UNLOAD);
	ck_assert_int_eq(make_plan(), -ENOENT);
	ck_assert_int_eq(plan.why, OVF_RW_KMOD_UNLOAD);
	ck_assert_ptr_nonnull(strstr(e.path, "proc/sys/kernel/osrelease"));
	cfg.steps = BIT(OVF_RESET_LOAD);
	ovf_reset_plan_free(&plan);
	ck_assert_int_eq(make_plan(), -ENOENT);
	ck_assert_int_eq(plan.why, OVF_RW_KMOD_LOAD);
}
END_TEST

START_TEST(plan_non_nvidia_needs_force)
{
	const struct ovf_reset_finding *f;

	put(DEVS GPU "/vendor", "0x8086\n");
	ck_assert_int_eq(make_plan(), -EPERM);
	ck_assert_int_eq(plan.why, OVF_RW_REFUSED);
	f = find(OVF_RF_NOT_NVIDIA);
	ck_assert_ptr_nonnull(f);
	ck_assert_uint_eq(f->vendor, 0x8086);
	ck_assert_uint_eq(f->class, 0x030000);
	cfg.force = 1;
	ovf_reset_plan_free(&plan);
	ck_assert_int_eq(make_plan(), 0);
	ck_assert_ptr_null(find(OVF_RF_NOT_NVIDIA));
}
END_TEST

START_TEST(plan_vfio_group_in_use)
{
	const struct ovf_reset_finding *f;

	link_to("../../../bus/pci/drivers/vfio-pci", DEVS GPU "/driver");
	link_to("../../../kernel/iommu_groups/12", DEVS GPU "/iommu_group");
	put("proc/777/comm", "qemu-system-x86\n");
	link_to("/dev/vfio/12", "proc/777/fd/30");
	ck_assert_int_eq(make_plan(), -EBUSY);
	ck_assert_int_eq(plan.why, OVF_RW_REFUSED);
	f = find(OVF_RF_VM_USER);
	ck_assert_ptr_nonnull(f);
	ck_assert(f->refuse);
	ck_assert_str_eq(f->what, GPU);
	ck_assert_int_eq(f->user.pid, 777);
	ck_assert_str_eq(f->path, "/dev/vfio/12");
	ck_assert_ptr_nonnull(find(OVF_RF_VM_BUSY));
	/* forced: the same finding, as a warning, and a plan */
	cfg.force = 1;
	ovf_reset_plan_free(&plan);
	ck_assert_int_eq(make_plan(), 0);
	f = find(OVF_RF_VM_USER);
	ck_assert_ptr_nonnull(f);
	ck_assert(!f->refuse);
	ck_assert_ptr_null(find(OVF_RF_VM_BUSY));
}
END_TEST

START_TEST(plan_command_shapes)
{
	char want[4200];

	cfg.steps = BIT(OVF_RESET_SMI);
	put("usr/bin/nvidia-smi", "#!/bin/sh\n");
	ck_assert_int_eq(chmod(strcat(strcpy(want, tmp), "/usr/bin/nvidia-smi"), 0755), 0);
	ck_assert_int_eq(make_plan(), 0);
	ck_assert_str_eq(plan.cmd_path, want);
	ck_assert_str_eq(plan.cmd_argv[0], "nvidia-smi");
	ck_assert_str_eq(plan.cmd_argv[2], "-i");
	ck_assert_str_eq(plan.cmd_argv[3], GPU);	/* %a */
	ck_assert_ptr_null(plan.cmd_argv[4]);
	/* a command given that is not there: refused, not skipped */
	snprintf(cfg.command, sizeof(cfg.command), "frob-reset %%a");
	cfg.command_set = 1;
	ovf_reset_plan_free(&plan);
	ck_assert_int_eq(make_plan(), -ENOENT);
	ck_assert_ptr_nonnull(strstr(ovf_err_why(&e), "reset command frob-reset not found under"));
	snprintf(cfg.command, sizeof(cfg.command), " \t ");
	ovf_reset_plan_free(&plan);
	ck_assert_int_eq(make_plan(), -EINVAL);
	ck_assert_str_eq(ovf_err_why(&e), "reset command is empty");
	snprintf(cfg.command, sizeof(cfg.command), "%s",
		 "a b c d e f g h i j k l m n o p q r s t u v w x y z 1 2 3 4 5 6");
	ovf_reset_plan_free(&plan);
	ck_assert_int_eq(make_plan(), -E2BIG);
	ck_assert_str_eq(ovf_err_why(&e), "reset command: more than 31 words");
}
END_TEST

START_TEST(plan_no_steps)
{
	cfg.steps = 0;
	ck_assert_int_eq(make_plan(), 0);
	ck_assert_int_eq(plan.nunload, 0);
	ck_assert_ptr_null(plan.kmod);
	ck_assert(!plan.on[OVF_RESET_POWER]);
}
END_TEST

/* ---- the runner ---- */

struct seen {
	char text[8192];
	int stop_before;	/* should_stop says yes at this call (1-based) */
	int asked;
};

static void on_step(const struct ovf_reset_step *st, enum ovf_reset_phase ph,
		    const char *line, void *ctx)
{
	static const char *const names[] = {
		"start", "action", "wait", "error", "powered-off", "failed", "done",
		"stopped", "restore", "restore-failed", "pm-off", "pm-on",
	};
	struct seen *s = ctx;
	size_t n = strlen(s->text);

	snprintf(s->text + n, sizeof(s->text) - n, "%s %s%s%s\n", st->name,
		 names[ph], line ? " " : "", line ? line : "");
}

static int should_stop(void *ctx)
{
	struct seen *s = ctx;

	return ++s->asked == s->stop_before ? 15 : 0;
}

static struct seen seen;
static const struct ovf_reset_ops ops = { on_step, should_stop, &seen };

static int run(int dry_run)
{
	memset(&seen, 0, sizeof(seen));
	ck_assert_int_eq(make_plan(), 0);
	return ovf_reset_run(&root, &plan, dry_run, &ops, &res);
}

static int has(const char *needle)
{
	return strstr(seen.text, needle) != NULL;
}

START_TEST(run_dry_reports_every_effect_and_changes_nothing)
{
	char line[4400];

	put("proc/acpi/bbswitch", "0000:01:00.0 ON\n");
	put("usr/bin/nvidia-smi", "#!/bin/sh\nexit 0\n");
	snprintf(line, sizeof(line), "%s/usr/bin/nvidia-smi", tmp);
	ck_assert_int_eq(chmod(line, 0755), 0);
	if (run(1) != OVF_EXIT_OK)
		ck_abort_msg("dry run failed: %s", seen.text);
	snprintf(line, sizeof(line), "power action %s/proc/acpi/bbswitch <- OFF\n", tmp);
	ck_assert(has(line));
	ck_assert(has("unload action unload nvidia_drm\n"));
	snprintf(line, sizeof(line), "remove action %s/" DEVS AUD "/remove <- 1\n", tmp);
	ck_assert(has(line));
	snprintf(line, sizeof(line), "rescan wait wait %s/" DEVS BR "\n", tmp);
	ck_assert(has(line));
	ck_assert(has("load action load nvidia ("));
	snprintf(line, sizeof(line), "smi action exec %s/usr/bin/nvidia-smi --gpu-reset -i "
		 GPU "\n", tmp);
	ck_assert(has(line));
	/* nothing was written, run or waited for */
	ck_assert_str_eq(content("proc/acpi/bbswitch"), "0000:01:00.0 ON\n");
	ck_assert_str_eq(content(DEVS GPU "/remove"), "");
	ck_assert_str_eq(content("sys/bus/pci/rescan"), "");
	ck_assert_str_eq(res.steps[OVF_RESET_SMI].status, "ok");
	ck_assert(!res.bus_ok);
}
END_TEST

START_TEST(run_in_order_with_skips)
{
	cfg.steps = BIT(OVF_RESET_REMOVE) | BIT(OVF_RESET_RESCAN) |
		    BIT(OVF_RESET_OVERRIDE) | BIT(OVF_RESET_SMI);
	dev.is_audio[1] = 0;
	ck_assert_int_eq(run(0), OVF_EXIT_OK);
	/* the highest function first, then the bridge */
	ck_assert_str_eq(content(DEVS AUD "/remove"), "1");
	ck_assert_str_eq(content(DEVS GPU "/remove"), "1");
	ck_assert_str_eq(content(DEVS BR "/remove"), "1");
	ck_assert_str_eq(content("sys/bus/pci/rescan"), "1");
	ck_assert(strstr(seen.text, "remove action") < strstr(seen.text, "rescan start"));
	ck_assert(strstr(seen.text, "/" AUD "/remove") < strstr(seen.text, "/" GPU "/remove"));
	ck_assert(res.bus_ok);
	ck_assert_str_eq(res.steps[OVF_RESET_POWER].status, "skipped");
	ck_assert_str_eq(res.steps[OVF_RESET_OVERRIDE].status, "ok");
	ck_assert_str_eq(res.steps[OVF_RESET_OVERRIDE].note, "no audio function");
	/* the default command, not found: skipped with a note */
	ck_assert_str_eq(res.steps[OVF_RESET_SMI].status, "skipped");
	ck_assert_str_eq(res.steps[OVF_RESET_SMI].note, "nvidia-smi not found");
}
END_TEST

START_TEST(run_first_failure_nothing_done)
{
	char path[4200];

	/* the bbswitch write fails (a directory): nothing was changed */
	snprintf(path, sizeof(path), "%s/proc/acpi/bbswitch", tmp);
	ck_assert_int_eq(mkdir(path, 0755), 0);
	cfg.steps = BIT(OVF_RESET_POWER) | BIT(OVF_RESET_REMOVE) | BIT(OVF_RESET_RESCAN);
	ck_assert_int_eq(run(0), OVF_EXIT_ERROR);
	ck_assert_str_eq(res.steps[OVF_RESET_POWER].status, "failed");
	ck_assert_str_eq(res.steps[OVF_RESET_REMOVE].status, "not-run");
	ck_assert_ptr_nonnull(strstr(res.steps[OVF_RESET_POWER].error, "write "));
	ck_assert_str_eq(res.steps[OVF_RESET_POWER].err.path, path);
	ck_assert(has("power error\npower failed\n"));
	ck_assert_str_eq(content(DEVS GPU "/remove"), "");
}
END_TEST

START_TEST(run_remove_failure_rescans)
{
	char path[4200];

	/* the bridge cannot be removed after its functions were */
	snprintf(path, sizeof(path), "%s/" DEVS BR "/remove", tmp);
	ck_assert_int_eq(unlink(path), 0);
	cfg.steps = BIT(OVF_RESET_REMOVE) | BIT(OVF_RESET_RESCAN);
	ck_assert_int_eq(run(0), OVF_EXIT_RESTORED);
	ck_assert_str_eq(res.steps[OVF_RESET_REMOVE].status, "failed");
	ck_assert_str_eq(res.steps[OVF_RESET_REMOVE].err.path, path);
	ck_assert(has("remove failed\nrescan restore\nrescan action "));
	ck_assert_str_eq(content("sys/bus/pci/rescan"), "1");
	ck_assert(res.bus_ok);
	/* the record of the step that never ran stays "not-run" */
	ck_assert_str_eq(res.steps[OVF_RESET_RESCAN].status, "not-run");
}
END_TEST

START_TEST(run_rescan_failure_needs_manual_action)
{
	char path[4200];

	snprintf(path, sizeof(path), "%s/sys/bus/pci/rescan", tmp);
	ck_assert_int_eq(unlink(path), 0);
	cfg.steps = BIT(OVF_RESET_REMOVE) | BIT(OVF_RESET_RESCAN);
	ck_assert_int_eq(run(0), OVF_EXIT_MANUAL);
	ck_assert(has("rescan failed\nrescan restore\n"));
	ck_assert(has("rescan restore-failed\n"));
}
END_TEST

START_TEST(run_rescan_timeout)
{
	char cmd[4300];

	/* a function that is gone after the plan: its removal fails, and the
	 * rescan of the restore waits for it in vain */
	cfg.steps = BIT(OVF_RESET_REMOVE) | BIT(OVF_RESET_RESCAN);
	cfg.rescan_timeout = 50;
	/* removed last (the lowest), so after changes */
	snprintf(dev.funcs[0], sizeof(dev.funcs[0]), "0000:01:00.2");
	snprintf(dev.funcs[1], sizeof(dev.funcs[1]), GPU);
	snprintf(dev.funcs[2], sizeof(dev.funcs[2]), AUD);
	dev.is_audio[1] = 0;
	dev.nfuncs = 3;
	put(DEVS "0000:01:00.2/remove", "");
	ck_assert_int_eq(make_plan(), 0);
	snprintf(cmd, sizeof(cmd), "rm -r '%s/" DEVS "0000:01:00.2'", tmp);
	ck_assert_int_eq(system(cmd), 0);
	memset(&seen, 0, sizeof(seen));
	ck_assert_int_eq(ovf_reset_run(&root, &plan, 0, &ops, &res), OVF_EXIT_MANUAL);
	ck_assert_str_eq(res.steps[OVF_RESET_REMOVE].status, "failed");
	ck_assert_ptr_nonnull(strstr(res.steps[OVF_RESET_RESCAN].error,
				     "0000:01:00.2 did not come back within 0 s"));
	ck_assert(has("rescan restore-failed\n"));
}
END_TEST

START_TEST(run_power_acpi)
{
	char line[4400];

	/* dry: both calls are reported as writes to acpi_call */
	cfg.steps = BIT(OVF_RESET_POWER);
	cfg.power = OVF_POWER_ACPI;
	ck_assert_int_eq(run(1), OVF_EXIT_OK);
	snprintf(line, sizeof(line), "power action %s/proc/acpi/call <- "
		 "\\_SB.PCI0.PEG0.PEGP._OFF\npower action %s/proc/acpi/call <- "
		 "\\_SB.PCI0.PEG0.PEGP._ON\n", tmp, tmp);
	ck_assert(has(line));
	ck_assert_str_eq(content("proc/acpi/call"), "");
	/* for real without acpi_call: refused before any call, with the hint */
	snprintf(line, sizeof(line), "%s/proc/acpi/call", tmp);
	ck_assert_int_eq(unlink(line), 0);
	ck_assert_int_eq(run(0), OVF_EXIT_ERROR);
	ck_assert_ptr_nonnull(strstr(res.steps[OVF_RESET_POWER].error,
				     "(modprobe acpi_call)"));
	ck_assert_str_eq(res.steps[OVF_RESET_POWER].err.path, line);
}
END_TEST

START_TEST(run_command_failure_after_changes)
{
	char path[4200];

	put("usr/bin/nvidia-smi", "#!/bin/sh\nexit 3\n");
	snprintf(path, sizeof(path), "%s/usr/bin/nvidia-smi", tmp);
	ck_assert_int_eq(chmod(path, 0755), 0);
	cfg.steps = BIT(OVF_RESET_SMI);
	ck_assert_int_eq(run(0), OVF_EXIT_RESTORED);
	ck_assert_str_eq(res.steps[OVF_RESET_SMI].status, "failed");
	ck_assert_ptr_nonnull(strstr(res.steps[OVF_RESET_SMI].error, "exited with status 3"));
	ck_assert_str_eq(res.steps[OVF_RESET_SMI].err.path, path);
	/* nothing was removed: no rescan on the way back */
	ck_assert(!has("restore"));
}
END_TEST

/*
 * nvidia-smi with persistence mode on, as the real one: the reset refused
 * (exit 255) until -pm 0. The calls go to smi.log, the state to pm.
 */
static void smi_model(const char *pm, int pm1_rc)
{
	char script[2048], path[4200];

	snprintf(script, sizeof(script),
		 "#!/bin/sh\necho \"$*\" >> %s/smi.log\npm=$(cat %s/pm)\n"
		 "case \" $* \" in\n"
		 "*\" --query-gpu=persistence_mode \"*) echo $pm ;;\n"
		 "*\" -pm 0 \"*) echo Disabled > %s/pm ;;\n"
		 "*\" -pm 1 \"*) [ %d = 0 ] || exit %d; echo Enabled > %s/pm ;;\n"
		 "*\" --gpu-reset \"*) [ $pm = Disabled ] || exit 255 ;;\n"
		 "esac\n", tmp, tmp, tmp, pm1_rc, pm1_rc, tmp);
	put("usr/bin/nvidia-smi", script);
	put("pm", pm);
	snprintf(path, sizeof(path), "%s/usr/bin/nvidia-smi", tmp);
	ck_assert_int_eq(chmod(path, 0755), 0);
}

START_TEST(plan_smi_persistence_only_for_nvidia_smi_reset)
{
	cfg.steps = BIT(OVF_RESET_SMI);
	smi_model("Disabled\n", 0);
	ck_assert_int_eq(make_plan(), 0);
	ck_assert_int_eq(plan.smi_pm, 1);
	ovf_reset_plan_free(&plan);
	/* -r is the short spelling; another command is left alone */
	snprintf(cfg.command, sizeof(cfg.command), "nvidia-smi -r -i %%a");
	ck_assert_int_eq(make_plan(), 0);
	ck_assert_int_eq(plan.smi_pm, 1);
	ovf_reset_plan_free(&plan);
	snprintf(cfg.command, sizeof(cfg.command), "nvidia-smi -q -i %%a");
	ck_assert_int_eq(make_plan(), 0);
	ck_assert_int_eq(plan.smi_pm, 0);
}
END_TEST

START_TEST(run_smi_persistence_off_and_back)
{
	cfg.steps = BIT(OVF_RESET_SMI);
	smi_model("Enabled\n", 0);
	if (run(0) != OVF_EXIT_OK)
		ck_abort_msg("run failed: %s", seen.text);
	ck_assert_str_eq(content("smi.log"),
			 "--query-gpu=persistence_mode --format=csv,noheader -i " GPU "\n"
			 "-i " GPU " -pm 0\n--gpu-reset -i " GPU "\n-i " GPU " -pm 1\n");
	ck_assert(has("smi pm-off\n"));
	ck_assert(has("smi pm-on\n"));
	ck_assert_int_eq(res.pm_was_on, 1);
	ck_assert_int_eq(res.pm_off_pending, 0);
	ck_assert_str_eq(content("pm"), "Enabled\n");
}
END_TEST

/* Turning it back on fails: the step fails, and says what stays off. */
START_TEST(run_smi_persistence_restore_fails)
{
	cfg.steps = BIT(OVF_RESET_SMI);
	smi_model("Enabled\n", 5);
	ck_assert_int_eq(run(0), OVF_EXIT_RESTORED);
	ck_assert_str_eq(res.steps[OVF_RESET_SMI].status, "failed");
	ck_assert_ptr_nonnull(strstr(res.steps[OVF_RESET_SMI].error,
				     "persistence mode stays off: "));
	ck_assert_ptr_nonnull(strstr(res.steps[OVF_RESET_SMI].error,
				     "-pm 1 exited with status 5"));
	ck_assert_int_eq(res.pm_off_pending, 1);
}
END_TEST

/* A dry run asks nothing: the conditional calls are shown. */
START_TEST(run_smi_persistence_dry_run)
{
	char path[4200];

	cfg.steps = BIT(OVF_RESET_SMI);
	smi_model("Enabled\n", 0);
	ck_assert_int_eq(run(1), OVF_EXIT_OK);
	ck_assert(has("-pm 0 (if persistence mode is on)\n"));
	ck_assert(has("-pm 1 (if it was on)\n"));
	ck_assert(has("--query-gpu=persistence_mode"));
	snprintf(path, sizeof(path), "%s/smi.log", tmp);
	ck_assert_int_ne(access(path, F_OK), 0);	/* nothing ran */
}
END_TEST

START_TEST(run_stop_between_steps_restores)
{
	/* stopped after remove, before rescan: the bus is rescanned */
	cfg.steps = BIT(OVF_RESET_REMOVE) | BIT(OVF_RESET_RESCAN);
	memset(&seen, 0, sizeof(seen));
	seen.stop_before = 2;
	ck_assert_int_eq(make_plan(), 0);
	ck_assert_int_eq(ovf_reset_run(&root, &plan, 0, &ops, &res), OVF_EXIT_RESTORED);
	ck_assert_int_eq(res.stopped, 15);
	ck_assert(has("rescan stopped\nrescan restore\n"));
	ck_assert_str_eq(content("sys/bus/pci/rescan"), "1");
	/* stopped before anything: nothing done */
	seen.text[0] = '\0';
	seen.asked = 0;
	seen.stop_before = 1;
	ck_assert_int_eq(ovf_reset_run(&root, &plan, 0, &ops, &res), OVF_EXIT_ERROR);
	ck_assert(has("remove stopped\n"));
	ck_assert(!has("restore"));
}
END_TEST

/* ---- the devices (ovf_reset_devices_find), on the laptop fixture ---- */

static struct ovf_gpu gpu;

static void laptop_setup(void)
{
	tmp = unit_mkdtemp();
	unit_copy_fixture("laptop", tmp);
	ck_assert_int_eq(ovf_root_open(&root, tmp), 0);
	ovf_reset_config_init(&cfg);
	ovf_err_clear(&e);
}

static int find_devs(void)
{
	return ovf_reset_devices_find(&root, &cfg, &gpu, &dev, &e);
}

START_TEST(devices_default)
{
	ck_assert_int_eq(find_devs(), 0);
	ck_assert_str_eq(dev.gpu, GPU);
	ck_assert_str_eq(dev.bridge, BR);
	ck_assert_str_eq(dev.acpi_node, "\\_SB_.PCI0.PEG0.PEGP");
	ck_assert_int_eq(dev.acpi_node_err, 0);
	/* the whole slot, the audio function known as such */
	ck_assert_int_eq(dev.nfuncs, 2);
	ck_assert_str_eq(dev.funcs[0], GPU);
	ck_assert_str_eq(dev.funcs[1], AUD);
	ck_assert_int_eq(dev.is_audio[0], 0);
	ck_assert_int_eq(dev.is_audio[1], 1);
	ck_assert(gpu.nvidia_display);
}
END_TEST

START_TEST(devices_given_bridge_and_path)
{
	ck_assert_int_eq(ovf_reset_config_set(&cfg, "device", "01:00.0", &e), 0);
	ck_assert_int_eq(ovf_reset_config_set(&cfg, "bridge", "00:1c.0", &e), 0);
	ck_assert_int_eq(ovf_reset_config_set(&cfg, "acpi-path", "\\_SB.PEGP", &e), 0);
	unit_put(tmp, DEVS GPU "/firmware_node/path", "\\_SB_.OTHER\n");
	ck_assert_int_eq(find_devs(), 0);
	ck_assert_str_eq(dev.bridge, "0000:00:1c.0");
	ck_assert_str_eq(dev.acpi_node, "\\_SB.PEGP");
}
END_TEST

/* Only a forced run takes a device that is not an NVIDIA display controller. */
START_TEST(devices_not_nvidia_needs_force)
{
	ck_assert_int_eq(ovf_reset_config_set(&cfg, "device", "00:02.0", &e), 0);
	ck_assert_int_eq(find_devs(), -ENXIO);
	ck_assert_str_eq(gpu.name, "0000:00:02.0");
	ck_assert_uint_eq(gpu.dev.vendor, 0x8086);
	ck_assert_str_eq(dev.gpu, "");
	ck_assert_int_eq(ovf_reset_config_set(&cfg, "force", "yes", &e), 0);
	ck_assert_int_eq(find_devs(), 0);
	ck_assert_str_eq(dev.gpu, "0000:00:02.0");
	ck_assert(!gpu.nvidia_display);
}
END_TEST

START_TEST(devices_missing)
{
	ck_assert_int_eq(ovf_reset_config_set(&cfg, "device", "02:00.0", &e), 0);
	ck_assert_int_eq(find_devs(), -ENODEV);
	ck_assert_str_eq(dev.gpu, "");
	ck_assert_int_eq(dev.nfuncs, 0);
}
END_TEST

/* ---- the config file (ovf_reset_config_file) ---- */

static struct ovf_reset_config_where where;

static const char *conf_shown(void)
{
	static char buf[4400];

	snprintf(buf, sizeof(buf), "%s/etc/optimus-vfio.conf", tmp);
	return buf;
}

static int apply_conf(const char *text)
{
	if (text)
		put("etc/optimus-vfio.conf", text);
	return ovf_reset_config_file(&root, NULL, &cfg, &where, &e);
}

START_TEST(config_file_applied)
{
	ck_assert_int_eq(apply_conf("# settings\nsteps = remove, rescan\n"
				    "  bridge=00:1c.0\n\nrescan-timeout = 2\n"), 0);
	ck_assert_uint_eq(cfg.steps, BIT(OVF_RESET_REMOVE) | BIT(OVF_RESET_RESCAN));
	ck_assert_str_eq(cfg.bridge, "0000:00:1c.0");
	ck_assert_uint_eq(cfg.rescan_timeout, 2000);
	ck_assert_uint_eq(where.line, 0);
}
END_TEST

/* The default file is optional; a named one is not. */
START_TEST(config_file_missing)
{
	struct ovf_reset_config before = cfg;
	char named[4300];

	ck_assert_int_eq(apply_conf(NULL), 0);
	ck_assert_mem_eq(&cfg, &before, sizeof(cfg));
	snprintf(named, sizeof(named), "%s/none.conf", tmp);
	ck_assert_int_eq(ovf_reset_config_file(&root, named, &cfg, &where, &e), -ENOENT);
	ck_assert_uint_eq(where.line, 0);
	ck_assert_str_eq(e.action, "read");
	ck_assert_str_eq(e.path, named);
}
END_TEST

START_TEST(config_file_line_errors)
{
	ck_assert_int_eq(apply_conf("steps = rescan\ncolour = blue\n"), -ENOENT);
	ck_assert_uint_eq(where.line, 2);
	ck_assert_str_eq(where.file, conf_shown());
	ck_assert_str_eq(where.key, "colour");
	ck_assert_int_eq(apply_conf("# x\n\nlock-timeout = soon\x1b\n"), -EINVAL);
	ck_assert_uint_eq(where.line, 3);
	ck_assert_str_eq(where.key, "lock-timeout");
	ck_assert_str_eq(where.value, "soon\\x1b");
	ck_assert_str_eq(ovf_err_why(&e), "expected 0 to 3600 seconds");
	ck_assert_int_eq(apply_conf("steps rescan\n"), -EBADMSG);
	ck_assert_uint_eq(where.line, 1);
	ck_assert_str_eq(e.action, "parse");
	ck_assert_str_eq(e.path, conf_shown());
}
END_TEST

/* ---- settings (ovf_reset_config_set) ---- */

/* @key = @val must be refused: -EINVAL, "set KEY", @why, @cfg unchanged. */
static void refused(const char *key, const char *val, const char *why)
{
	struct ovf_reset_config before = cfg;

	ck_assert_int_eq(ovf_reset_config_set(&cfg, key, val, &e), -EINVAL);
	ck_assert_int_eq(e.err, EINVAL);
	ck_assert_str_eq(e.action, "set");
	ck_assert_str_eq(e.path, key);
	ck_assert_str_eq(e.reason, why);
	ck_assert_mem_eq(&cfg, &before, sizeof(cfg));
}

static void set_ok(const char *key, const char *val)
{
	ck_assert_int_eq(ovf_reset_config_set(&cfg, key, val, &e), 0);
	ck_assert_int_eq(e.err, 0);
}

static void settings_setup(void)
{
	/* memcmp of the whole struct: padding and unused rows zero */
	memset(&cfg, 0, sizeof(cfg));
	ovf_reset_config_init(&cfg);
	ovf_err_clear(&e);
}

START_TEST(set_addresses)
{
	set_ok("device", "01:00.0");
	ck_assert_str_eq(cfg.device, GPU);
	set_ok("bridge", "0000:00:1C.0");
	ck_assert_str_eq(cfg.bridge, "0000:00:1c.0");
	refused("device", "1:0.0", "expected a PCI address DDDD:BB:DD.F or BB:DD.F");
	refused("bridge", "", "expected a PCI address DDDD:BB:DD.F or BB:DD.F");
}
END_TEST

START_TEST(set_acpi_names)
{
	set_ok("acpi-path", "\\_SB.PCI0.PEG0.PEGP");
	ck_assert_str_eq(cfg.acpi_path, "\\_SB.PCI0.PEG0.PEGP");
	set_ok("off-method", "_PS3");
	ck_assert_str_eq(cfg.off_method, "_PS3");
	set_ok("on-method", "\\_SB.PCI0.PEG0.PEGP._ON");
	ck_assert_str_eq(cfg.on_method, "\\_SB.PCI0.PEG0.PEGP._ON");
	refused("acpi-path", "PEGP", "expected an absolute ACPI path");
	refused("off-method", "", "expected an ACPI name like _OFF or a path like "
		"\\_SB.PCI0.PEG0.PEGP._OFF");
	refused("on-method", "_ON;rm", "expected an ACPI name like _OFF or a path "
		"like \\_SB.PCI0.PEG0.PEGP._OFF");
}
END_TEST

START_TEST(set_power)
{
	set_ok("power", "bbswitch");
	ck_assert_int_eq(cfg.power, OVF_POWER_BBSWITCH);
	set_ok("power", "acpi");
	ck_assert_int_eq(cfg.power, OVF_POWER_ACPI);
	set_ok("power", "auto");
	ck_assert_int_eq(cfg.power, OVF_POWER_AUTO);
	refused("power", "ACPI", "expected auto, acpi or bbswitch");
}
END_TEST

START_TEST(set_module_lists)
{
	char many[512] = "";
	int i;

	set_ok("modules", "nvidia-drm, nvidia\tbbswitch,");
	ck_assert_int_eq(cfg.nmods, 3);
	ck_assert_str_eq(cfg.mods[0], "nvidia_drm");
	ck_assert_str_eq(cfg.mods[2], "bbswitch");
	set_ok("modules", "");
	ck_assert_int_eq(cfg.nmods, 0);
	ck_assert_int_eq(cfg.load_set, 0);
	/* a refused list leaves the one before, and load unset */
	refused("load", "nvidia,a/b", "'a/b' is not a module name");
	for (i = 0; i <= OVF_RESET_MAX_MODS; i++)
		snprintf(many + strlen(many), sizeof(many) - strlen(many), "m%d,", i);
	refused("modules", many, "more than 16 modules");
	set_ok("load", "nvidia");
	ck_assert_int_eq(cfg.load_set, 1);
	ck_assert_int_eq(cfg.nload, 1);
	ck_assert_str_eq(cfg.load[0], "nvidia");
}
END_TEST

START_TEST(set_steps_and_skip)
{
	char *val;

	set_ok("steps", "remove, rescan,override");
	ck_assert_uint_eq(cfg.steps, BIT(OVF_RESET_REMOVE) | BIT(OVF_RESET_RESCAN) |
			  BIT(OVF_RESET_OVERRIDE));
	set_ok("skip", "override");
	ck_assert_uint_eq(cfg.steps, BIT(OVF_RESET_REMOVE) | BIT(OVF_RESET_RESCAN));
	refused("steps", "power,reboot", "unknown step 'reboot' (power, unload, "
		"remove, rescan, override, load, smi)");
	refused("skip", "Power", "unknown step 'Power' (power, unload, remove, "
		"rescan, override, load, smi)");
	/* a long value is read to its end */
	val = malloc(2000);
	ck_assert_ptr_nonnull(val);
	snprintf(val, 2000, "smi,%1500s,power", "");
	set_ok("steps", val);
	ck_assert_uint_eq(cfg.steps, BIT(OVF_RESET_POWER) | BIT(OVF_RESET_SMI));
	free(val);
}
END_TEST

START_TEST(set_force)
{
	set_ok("force", "yes");
	ck_assert_int_eq(cfg.force, 1);
	set_ok("force", "no");
	ck_assert_int_eq(cfg.force, 0);
	refused("force", "1", "expected yes or no");
}
END_TEST

/* Seconds in, milliseconds kept: each timeout key, and both ends. */
START_TEST(set_timeouts)
{
	const struct {
		const char *key, *val;
		unsigned long *field, ms;
	} ok[] = {
		{ "lock-timeout", "5", &cfg.lock_timeout, 5000 },
		{ "rescan-timeout", "0", &cfg.rescan_timeout, 0 },
		{ "command-timeout", "3600", &cfg.command_timeout, 3600000 },
	};
	size_t i;

	for (i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		set_ok(ok[i].key, ok[i].val);
		ck_assert_uint_eq(*ok[i].field, ok[i].ms);
	}
	refused("command-timeout", "3601", "expected 0 to 3600 seconds");
	refused("lock-timeout", "soon", "expected 0 to 3600 seconds");
	refused("rescan-timeout", "-1", "expected 0 to 3600 seconds");
}
END_TEST

START_TEST(set_override_and_command)
{
	char long_cmd[1100];

	set_ok("audio-override", "vfio-pci");
	ck_assert_str_eq(cfg.override, "vfio-pci");
	refused("audio-override", "../vfio", "expected a driver name or none");
	ck_assert_int_eq(cfg.command_set, 0);
	set_ok("reset-command", "/opt/reset %a");
	ck_assert_str_eq(cfg.command, "/opt/reset %a");
	ck_assert_int_eq(cfg.command_set, 1);
	refused("reset-command", "", "expected a command line");
	memset(long_cmd, 'x', sizeof(long_cmd) - 1);
	long_cmd[sizeof(long_cmd) - 1] = '\0';
	refused("reset-command", long_cmd, "expected a command line");
}
END_TEST

START_TEST(set_unknown_key)
{
	struct ovf_reset_config before = cfg;

	ck_assert_int_eq(ovf_reset_config_set(&cfg, "colour", "blue", &e), -ENOENT);
	ck_assert_int_eq(e.err, ENOENT);
	ck_assert_str_eq(e.path, "colour");
	ck_assert_str_eq(e.reason, "unknown key");
	ck_assert_mem_eq(&cfg, &before, sizeof(cfg));
	/* the tool's own options are not settings */
	ck_assert_int_eq(ovf_reset_config_set(&cfg, "dry-run", "yes", NULL), -ENOENT);
}
END_TEST

/* A hostile word is repeated bounded: escaped, cut, its length said. */
START_TEST(set_bad_word_bounded)
{
	char val[200];

	refused("steps", "rescan,\x1b[2J", "unknown step '\\x1b[2J' (power, unload, "
		"remove, rescan, override, load, smi)");
	memset(val, 'n', sizeof(val) - 1);
	val[sizeof(val) - 1] = '\0';
	refused("modules", val, "'nnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnn"
		"...(199 bytes)' is not a module name");
}
END_TEST

int main(void)
{
	Suite *s = suite_create("reset");
	TCase *tp = tcase_create("plan");
	TCase *tr = tcase_create("run");
	TCase *tset = tcase_create("settings");
	TCase *tdev = tcase_create("devices");
	TCase *tconf = tcase_create("config file");

	tcase_add_checked_fixture(tset, settings_setup, NULL);
	tcase_add_test(tset, set_addresses);
	tcase_add_test(tset, set_acpi_names);
	tcase_add_test(tset, set_power);
	tcase_add_test(tset, set_module_lists);
	tcase_add_test(tset, set_steps_and_skip);
	tcase_add_test(tset, set_force);
	tcase_add_test(tset, set_timeouts);
	tcase_add_test(tset, set_override_and_command);
	tcase_add_test(tset, set_unknown_key);
	tcase_add_test(tset, set_bad_word_bounded);
	suite_add_tcase(s, tset);
	tcase_add_checked_fixture(tdev, laptop_setup, teardown);
	tcase_add_test(tdev, devices_default);
	tcase_add_test(tdev, devices_given_bridge_and_path);
	tcase_add_test(tdev, devices_not_nvidia_needs_force);
	tcase_add_test(tdev, devices_missing);
	suite_add_tcase(s, tdev);
	tcase_add_checked_fixture(tconf, setup, teardown);
	tcase_add_test(tconf, config_file_applied);
	tcase_add_test(tconf, config_file_missing);
	tcase_add_test(tconf, config_file_line_errors);
	suite_add_tcase(s, tconf);
	tcase_add_checked_fixture(tp, setup, teardown);
	tcase_add_test(tp, plan_every_step_acpi);
	tcase_add_test(tp, plan_power_auto_bbswitch);
	tcase_add_test(tp, plan_power_absolute_methods_need_no_node);
	tcase_add_test(tp, plan_power_without_node_refused);
	tcase_add_test(tp, plan_remove_without_rescan_refused);
	tcase_add_test(tp, plan_module_in_use_refused);
	tcase_add_test(tp, plan_foreign_holder_refused);
	tcase_add_test(tp, plan_in_use_without_unload_step);
	tcase_add_test(tp, plan_load_list_given);
	tcase_add_test(tp, plan_nothing_loaded_no_kmod);
	tcase_add_test(tp, plan_kmod_unavailable);
	tcase_add_test(tp, plan_non_nvidia_needs_force);
	tcase_add_test(tp, plan_vfio_group_in_use);
	tcase_add_test(tp, plan_command_shapes);
	tcase_add_test(tp, plan_no_steps);
	tcase_add_test(tp, plan_smi_persistence_only_for_nvidia_smi_reset);
	suite_add_tcase(s, tp);

	tcase_add_checked_fixture(tr, setup, teardown);
	tcase_add_test(tr, run_dry_reports_every_effect_and_changes_nothing);
	tcase_add_test(tr, run_in_order_with_skips);
	tcase_add_test(tr, run_first_failure_nothing_done);
	tcase_add_test(tr, run_remove_failure_rescans);
	tcase_add_test(tr, run_rescan_failure_needs_manual_action);
	tcase_add_test(tr, run_rescan_timeout);
	tcase_add_test(tr, run_power_acpi);
	tcase_add_test(tr, run_command_failure_after_changes);
	tcase_add_test(tr, run_stop_between_steps_restores);
	tcase_add_test(tr, run_smi_persistence_off_and_back);
	tcase_add_test(tr, run_smi_persistence_restore_fails);
	tcase_add_test(tr, run_smi_persistence_dry_run);
	suite_add_tcase(s, tr);

	return unit_run(s);
}

// SPDX-License-Identifier: GPL-2.0-or-later
/* Unit tests for src/lib/gpu.c: one case per way of finding the GPU, or not. */
#include <errno.h>
#include <stdarg.h>

#include "unit.h"
#include "ovf/gpu.h"

#define DEVS "sys/bus/pci/devices"
#define PD "sys/devices/pci0000:00"

static char *tmp;
static struct ovf_root root;
static struct ovf_gpu g;
static struct ovf_err e;

/* Every case gets its own copy of the laptop fixture to change. */
static void setup(void)
{
	tmp = unit_mkdtemp();
	unit_copy_fixture("laptop", tmp);
	ck_assert_int_eq(ovf_root_open(&root, tmp), 0);
}

static void teardown(void)
{
	ovf_root_close(&root);
	unit_rmtree(tmp);
	free(tmp);
}

/* A shell command inside the copy. */
static void __attribute__((format(printf, 1, 2))) sh(const char *fmt, ...)
{
	char c[4096];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(c, sizeof(c), fmt, ap);
	va_end(ap);
	unit_sh(tmp, c);
}

/* A copy of 01:00.0 (behind the same root port) at 0000:@bus:00.0. */
static void clone_gpu(const char *name)
{
	char cmd[512];

	snprintf(cmd, sizeof(cmd),
		 "cp -a " PD "/0000:00:01.0/0000:01:00.0 " PD "/0000:00:01.0/%s && "
		 "ln -s ../../../devices/pci0000:00/0000:00:01.0/%s " DEVS "/%s",
		 name, name, name);
	sh("%s", cmd);
}

static void set_attr(const char *dev, const char *attr, const char *val)
{
	char rel[256];

	snprintf(rel, sizeof(rel), DEVS "/%s/%s", dev, attr);
	unit_put(tmp, rel, val);
}

static const char *shown(const char *rel)
{
	static char buf[4400];

	snprintf(buf, sizeof(buf), "%s/%s", tmp, rel);
	return buf;
}

START_TEST(given_address_ok)
{
	ck_assert_int_eq(ovf_gpu_find(&root, "01:00.0", 0, &g, &e), 0);
	ck_assert_str_eq(g.name, "0000:01:00.0");
	ck_assert_uint_eq(g.dev.vendor, 0x10de);
	ck_assert_uint_eq(g.dev.device, 0x1c8d);
	ck_assert_uint_eq(g.dev.class_code, 0x030000);
	ck_assert(g.nvidia_display);
	ck_assert_int_eq(g.nfuncs, 0);	/* not asked for */
	ck_assert_int_eq(e.err, 0);
}
END_TEST

START_TEST(given_address_malformed)
{
	static const char *const bad[] = { "01:00.0/../..", "1:0.0", " 01:00.0",
					   "0000:01:00.8", "", "01:00.0x" };
	size_t i;

	/* nothing is read: even a missing tree answers -EINVAL */
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		ck_assert_int_eq(ovf_gpu_find(&root, bad[i], 0, &g, &e), -EINVAL);
		ck_assert_int_eq(e.err, EINVAL);
		ck_assert_str_eq(e.path, "");
		ck_assert_ptr_nonnull(strstr(e.reason, "not a PCI address"));
	}
}
END_TEST

START_TEST(given_address_missing)
{
	ck_assert_int_eq(ovf_gpu_find(&root, "0000:02:00.0", 0, &g, &e), -ENODEV);
	ck_assert_str_eq(e.action, "read");
	ck_assert_str_eq(e.path, shown(DEVS "/0000:02:00.0"));
	ck_assert_str_eq(ovf_err_why(&e), "No such device");
}
END_TEST

START_TEST(given_address_not_nvidia)
{
	/* the host bridge: found, described, but not an NVIDIA display device */
	ck_assert_int_eq(ovf_gpu_find(&root, "00:00.0", 0, &g, &e), 0);
	ck_assert(!g.nvidia_display);
	ck_assert_uint_eq(g.dev.vendor, 0x8086);
	ck_assert_int_eq(ovf_gpu_find(&root, "00:00.0", OVF_GPU_NVIDIA_ONLY, &g, &e),
			 -ENXIO);
	ck_assert_uint_eq(g.dev.vendor, 0x8086);	/* still described */
	ck_assert_uint_eq(g.dev.class_code, 0x060000);
	ck_assert_str_eq(e.path, shown(DEVS "/0000:00:00.0"));
	ck_assert_str_eq(ovf_err_why(&e), "vendor 8086, class 060000, not an "
			 "NVIDIA display controller");
	/* the iGPU is a display device, but not NVIDIA's */
	ck_assert_int_eq(ovf_gpu_find(&root, "00:02.0", OVF_GPU_NVIDIA_ONLY, &g, &e),
			 -ENXIO);
}
END_TEST

START_TEST(given_address_not_display)
{
	/* the GPU's own audio function: NVIDIA, but class 0403 */
	ck_assert_int_eq(ovf_gpu_find(&root, "01:00.1", OVF_GPU_NVIDIA_ONLY, &g, &e),
			 -ENXIO);
	ck_assert_uint_eq(g.dev.vendor, 0x10de);
	ck_assert_ptr_nonnull(strstr(e.reason, "class 040300"));
	ck_assert_int_eq(ovf_gpu_find(&root, "01:00.1", 0, &g, &e), 0);
	ck_assert(!g.nvidia_display);
}
END_TEST

START_TEST(auto_none)
{
	sh("rm %s/0000:01:00.0", DEVS);
	ck_assert_int_eq(ovf_gpu_find(&root, NULL, 0, &g, &e), -ENODEV);
	ck_assert_str_eq(e.action, "find");
	ck_assert_str_eq(e.path, shown(DEVS));
	ck_assert_str_eq(ovf_err_why(&e), "no NVIDIA display device");
	ck_assert_int_eq(g.ncands, 0);
}
END_TEST

START_TEST(auto_one)
{
	ck_assert_int_eq(ovf_gpu_find(&root, NULL, 0, &g, &e), 0);
	ck_assert_str_eq(g.name, "0000:01:00.0");
	ck_assert_int_eq(g.ncands, 1);
	ck_assert(g.nvidia_display);
	ck_assert_str_eq(g.dev.acpi_path, "\\_SB_.PCI0.PEG0.PEGP");
}
END_TEST

START_TEST(auto_two)
{
	clone_gpu("0000:02:00.0");
	ck_assert_int_eq(ovf_gpu_find(&root, NULL, 0, &g, &e), -EEXIST);
	ck_assert_int_eq(g.ncands, 2);
	ck_assert_str_eq(ovf_err_why(&e), "2 NVIDIA display devices (0000:01:00.0, "
			 "0000:02:00.0)");
	ck_assert_str_eq(e.path, shown(DEVS));
	/* naming one still works */
	ck_assert_int_eq(ovf_gpu_find(&root, "02:00.0", 0, &g, &e), 0);
	ck_assert(g.nvidia_display);
}
END_TEST

START_TEST(auto_3d_controller)
{
	/* many Optimus dGPUs have no display outputs: class 0302 */
	set_attr("0000:01:00.0", "class", "0x030200\n");
	ck_assert_int_eq(ovf_gpu_find(&root, NULL, OVF_GPU_NVIDIA_ONLY, &g, &e), 0);
	ck_assert_str_eq(g.name, "0000:01:00.0");
	ck_assert_uint_eq(g.dev.class_code, 0x030200);
	ck_assert(g.nvidia_display);
}
END_TEST

START_TEST(slot_lists_audio)
{
	ck_assert_int_eq(ovf_gpu_find(&root, NULL, OVF_GPU_SLOT, &g, &e), 0);
	ck_assert_int_eq(g.nfuncs, 2);
	ck_assert_str_eq(g.funcs[0].name, "0000:01:00.0");
	ck_assert(!ovf_gpu_func_is_audio(&g.funcs[0]));
	ck_assert_str_eq(g.funcs[0].driver, "nvidia");
	ck_assert_str_eq(g.funcs[1].name, "0000:01:00.1");
	ck_assert(ovf_gpu_func_is_audio(&g.funcs[1]));
	ck_assert_uint_eq(g.funcs[1].class_code, 0x040300);
	ck_assert_uint_eq(g.funcs[1].vendor, 0x10de);
	ck_assert_uint_eq(g.funcs[1].device, 0x0fb9);
	ck_assert_str_eq(g.funcs[1].driver, "snd_hda_intel");
}
END_TEST

START_TEST(slot_past_many_devices)
{
	struct ovf_gpu_func f[OVF_GPU_MAX_FUNCS];
	char name[OVF_PCI_ADDR_LEN], cmd[512];
	int i;

	/* a real bus 0 holds dozens of functions before the GPU's bus */
	for (i = 0; i < 40; i++) {
		snprintf(name, sizeof(name), "0000:00:%02x.%x", 3 + i / 8, i % 8);
		snprintf(cmd, sizeof(cmd),
			 "cp -a " PD "/0000:00:1f.3 " PD "/%s && "
			 "ln -s ../../../devices/pci0000:00/%s " DEVS "/%s",
			 name, name, name);
		sh("%s", cmd);
	}
	ck_assert_int_eq(ovf_gpu_find(&root, "01:00.0", 0, &g, &e), 0);
	ck_assert_int_eq(ovf_gpu_slot_functions(&root, &g.dev.addr, f, 8, &e), 2);
	ck_assert_str_eq(f[1].name, "0000:01:00.1");
	ck_assert(ovf_gpu_func_is_audio(&f[1]));
}
END_TEST

START_TEST(slot_class_unreadable)
{
	struct ovf_gpu_func f[OVF_GPU_MAX_FUNCS];
	struct ovf_pci_addr a;

	/* a directory where the class file should be: no read can succeed */
	sh("rm %s/0000:01:00.1/class", DEVS);
	sh("mkdir %s/0000:01:00.1/class", DEVS);
	ck_assert_int_eq(ovf_pci_addr_parse("01:00.0", &a), 0);
	ck_assert_int_lt(ovf_gpu_slot_functions(&root, &a, f, 8, &e), 0);
	ck_assert_str_eq(e.action, "scan");
	ck_assert_str_eq(e.path, shown("sys/bus/pci"));
	ck_assert_ptr_nonnull(strstr(ovf_err_why(&e), "0000:01:00.1/class"));
	/* and a find that wants the slot fails the same way */
	ck_assert_int_lt(ovf_gpu_find(&root, "01:00.0", OVF_GPU_SLOT, &g, &e), 0);
	ck_assert_ptr_nonnull(strstr(ovf_err_why(&e), "0000:01:00.1/class"));
}
END_TEST

START_TEST(scan_no_pci_tree)
{
	sh("rm -rf %s", "sys");
	ck_assert_int_lt(ovf_gpu_find(&root, NULL, 0, &g, &e), 0);
	ck_assert_str_eq(e.action, "scan");
	ck_assert_str_eq(e.path, shown("sys/bus/pci"));
	ck_assert_ptr_nonnull(strstr(ovf_err_why(&e), "sys/bus/pci"));
}
END_TEST

int main(void)
{
	Suite *s = suite_create("gpu");
	TCase *tc = tcase_create("find");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, given_address_ok);
	tcase_add_test(tc, given_address_malformed);
	tcase_add_test(tc, given_address_missing);
	tcase_add_test(tc, given_address_not_nvidia);
	tcase_add_test(tc, given_address_not_display);
	tcase_add_test(tc, auto_none);
	tcase_add_test(tc, auto_one);
	tcase_add_test(tc, auto_two);
	tcase_add_test(tc, auto_3d_controller);
	tcase_add_test(tc, scan_no_pci_tree);
	suite_add_tcase(s, tc);

	tc = tcase_create("slot");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, slot_lists_audio);
	tcase_add_test(tc, slot_past_many_devices);
	tcase_add_test(tc, slot_class_unreadable);
	suite_add_tcase(s, tc);
	return unit_run(s);
}

// SPDX-License-Identifier: GPL-2.0-or-later
/* Unit tests for the libpci lookup (pcidev.c) and its error record. */
#include <errno.h>
#include <limits.h>
#include <unistd.h>

#include "ovf/err.h"
#include "ovf/pciaddr.h"
#include "ovf/pcidev.h"
#include "ovf/root.h"
#include "unit.h"

static struct ovf_root root;

static char fixture[PATH_MAX];

static void laptop_setup(void)
{
	const char *top = getenv("TOP");

	snprintf(fixture, sizeof(fixture), "%s/tests/fixtures/laptop",
		 top ? top : ".");
	ck_assert_int_eq(ovf_root_open(&root, fixture), 0);
}

static void laptop_teardown(void)
{
	ovf_root_close(&root);
}

START_TEST(pci_lookup_laptop)
{
	struct ovf_pci *p;
	struct ovf_pcidev d, c[4];
	struct ovf_pci_addr a;
	char buf[OVF_PCI_ADDR_LEN];
	int n;

	ck_assert_int_eq(ovf_pci_open(&p, &root, NULL), 0);
	ck_assert_int_eq(ovf_pci_addr_parse("01:00.0", &a), 0);
	ck_assert_int_eq(ovf_pci_get(p, &a, &d), 0);
	ck_assert_uint_eq(d.vendor, 0x10de);
	ck_assert_uint_eq(d.device, 0x1c8d);
	ck_assert_uint_eq(d.subsys_vendor, 0x1025);
	ck_assert_uint_eq(d.subsys_device, 0x118b);
	ck_assert_uint_eq(d.class_code, 0x030000);
	ck_assert(d.has_parent);
	ck_assert_str_eq(ovf_pci_addr_fmt(&d.parent, buf), "0000:00:01.0");
	ck_assert_str_eq(d.driver, "nvidia");
	ck_assert_int_eq(d.iommu_group, 1);
	ck_assert_str_eq(d.acpi_path, "\\_SB_.PCI0.PEG0.PEGP");
	ck_assert_ptr_nonnull(strstr(d.device_name, "1050"));

	ck_assert_int_eq(ovf_pci_addr_parse("01:00.5", &a), 0);
	ck_assert_int_eq(ovf_pci_get(p, &a, &d), -ENODEV);

	ck_assert_int_eq(ovf_pci_find_nvidia_gpu(p, &d, NULL, 0, &n), 0);
	ck_assert_int_eq(n, 1);
	ck_assert_str_eq(ovf_pci_addr_fmt(&d.addr, buf), "0000:01:00.0");
	n = ovf_pci_find(p, 0xffff, 0x04, c, 4);
	ck_assert_int_eq(n, 2);
	ck_assert_str_eq(ovf_pci_addr_fmt(&c[0].addr, buf), "0000:00:1f.3");
	ck_assert_str_eq(ovf_pci_addr_fmt(&c[1].addr, buf), "0000:01:00.1");
	ck_assert_str_eq(c[1].driver, "snd_hda_intel");
	ck_assert_int_eq(c[1].acpi_path[0], 0);
	ovf_pci_close(p);
}
END_TEST

START_TEST(pci_broken_tree)
{
	struct ovf_pci *p;
	struct ovf_root empty;
	struct ovf_err e;
	char *d = unit_mkdtemp(), want[4200];

	/* no sys/bus/pci at all: an error code, never exit() from libpci */
	ck_assert_int_eq(ovf_root_open(&empty, d), 0);
	ck_assert_int_eq(ovf_pci_open(&p, &empty, &e), -EIO);
	ck_assert_int_eq(e.err, EIO);
	ck_assert_str_eq(e.action, "scan");
	snprintf(want, sizeof(want), "%s/sys/bus/pci", d);
	ck_assert_str_eq(e.path, want);
	/* libpci's words name what it could not read */
	ck_assert_ptr_nonnull(strstr(e.reason, "sys/bus/pci"));
	ovf_pci_close(p);

	/* without a record the same failure is just the code */
	ck_assert_int_eq(ovf_pci_open(&p, &empty, NULL), -EIO);
	ovf_pci_close(p);
	ovf_root_close(&empty);
	unit_rmtree(d);
	free(d);
}
END_TEST


/*
 * A libpci failure after the scan (an attribute it reads only when asked
 * for the device, unreadable since) lands in the record given at open,
 * not in a message only the session holds.
 */
START_TEST(pci_error_after_open)
{
	char tree[] = "/tmp/ovf-unit.XXXXXX", cmd[8600], path[4200];
	struct ovf_pcidev d;
	struct ovf_pci_addr a;
	struct ovf_root r;
	struct ovf_pci *p;
	struct ovf_err e;

	ck_assert_ptr_nonnull(mkdtemp(tree));
	snprintf(cmd, sizeof(cmd), "cp -a '%s/.' '%s'", fixture, tree);
	ck_assert_int_eq(system(cmd), 0);
	ck_assert_int_eq(ovf_root_open(&r, tree), 0);
	ck_assert_int_eq(ovf_pci_open(&p, &r, &e), 0);
	ck_assert_int_eq(e.err, 0);
	/* a directory where the class file was: reading it fails */
	snprintf(path, sizeof(path), "%s/sys/bus/pci/devices/0000:01:00.0/class",
		 tree);
	ck_assert_int_eq(unlink(path), 0);
	ck_assert_int_eq(mkdir(path, 0755), 0);
	ck_assert_int_eq(ovf_pci_addr_parse("01:00.0", &a), 0);
	ck_assert_int_eq(ovf_pci_get(p, &a, &d), -EIO);
	ck_assert_int_eq(e.err, EIO);
	ck_assert_str_eq(e.action, "scan");
	snprintf(path, sizeof(path), "%s/sys/bus/pci", tree);
	ck_assert_str_eq(e.path, path);
	ck_assert_ptr_nonnull(strstr(e.reason, "0000:01:00.0/class"));
	ovf_pci_close(p);
	ovf_root_close(&r);
	unit_rmtree(tree);
}
END_TEST

static Suite *pcidev_suite(void)
{
	Suite *s = suite_create("pcidev");
	TCase *tc = tcase_create("pcidev");

	tcase_add_checked_fixture(tc, laptop_setup, laptop_teardown);
	tcase_add_test(tc, pci_lookup_laptop);
	tcase_add_test(tc, pci_broken_tree);
	tcase_add_test(tc, pci_error_after_open);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return unit_run(pcidev_suite());
}

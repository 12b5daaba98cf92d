// SPDX-License-Identifier: GPL-2.0-or-later
/* Unit tests for the pci.ids name lookup (src/lib/pciids.c) on pci.ids files written here. */
#include <errno.h>

#include "ovf/pciids.h"
#include "unit.h"

UNIT_DEFINE_TMPDIR(tmp, setup, teardown)

static char ids[4200];

static void write_ids(const char *text)
{
	FILE *f;

	snprintf(ids, sizeof(ids), "%s/pci.ids", tmp);
	f = fopen(ids, "w");
	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	ck_assert_int_eq(fclose(f), 0);
}

START_TEST(names_from_the_file)
{
	struct ovf_pci_name n[3] = {
		{ .vendor = 0x10de, .device = 0x1c8d },
		{ .vendor = 0x10de, .device = 0x0001 },
		{ .vendor = 0x1234, .device = 0x5678 },
	};

	write_ids("# a pci.ids of two lines\n"
		  "10de  NVIDIA Corporation\n"
		  "\t1c8d  GP107M [GeForce GTX 1050 Mobile]\n");
	ck_assert_int_eq(ovf_pci_ids_names(ids, n, 3), 0);
	ck_assert_str_eq(n[0].vendor_name, "NVIDIA Corporation");
	ck_assert_str_eq(n[0].device_name, "GP107M [GeForce GTX 1050 Mobile]");
	/* a known vendor, an unknown device: only the vendor */
	ck_assert_str_eq(n[1].vendor_name, "NVIDIA Corporation");
	ck_assert_str_eq(n[1].device_name, "");
	ck_assert_str_eq(n[2].vendor_name, "");
	ck_assert_str_eq(n[2].device_name, "");
}
END_TEST

START_TEST(a_missing_file_names_nothing)
{
	struct ovf_pci_name n[1] = { { .vendor = 0x10de, .device = 0x1c8d } };
	char missing[4200];

	snprintf(missing, sizeof(missing), "%s/none.ids", tmp);
	memset(n[0].vendor_name, 'x', sizeof(n[0].vendor_name) - 1);
	ck_assert_int_eq(ovf_pci_ids_names(missing, n, 1), 0);
	ck_assert_str_eq(n[0].vendor_name, "");
	ck_assert_str_eq(n[0].device_name, "");
}
END_TEST

/* libpci's error handler would exit the process: the lookup returns. */
START_TEST(a_broken_file_is_survived)
{
	struct ovf_pci_name n[2] = {
		{ .vendor = 0x10de, .device = 0x1c8d },
		{ .vendor = 0x10de, .device = 0x1c8e },
	};

	write_ids("10de  NVIDIA Corporation\n"
		  "\t\t\t\tnot a line of any level\n");
	ck_assert_int_eq(ovf_pci_ids_names(ids, n, 2), -EINVAL);
	ck_assert_str_eq(n[0].vendor_name, "");
	ck_assert_str_eq(n[1].device_name, "");
}
END_TEST

int main(void)
{
	Suite *s = suite_create("pciids");
	TCase *tc = tcase_create("names");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, names_from_the_file);
	tcase_add_test(tc, a_missing_file_names_nothing);
	tcase_add_test(tc, a_broken_file_is_survived);
	suite_add_tcase(s, tc);

	return unit_run(s);
}

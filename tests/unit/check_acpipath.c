// SPDX-License-Identifier: GPL-2.0-or-later
/* Unit tests for ACPI path syntax and fw_cfg names (moved from check_ssdt.c). */
#include <errno.h>

#include "ovf/acpipath.h"
#include "ovf/ssdt.h"
#include "ovf/util.h"
#include "unit.h"

static struct ovf_err er;

START_TEST(test_acpi_path_check)
{
	static const char *const good[] = {
		"\\_SB.PCI0.S08.S00", "\\_SB.PCI0.PEG0.PEGP", "\\_SB.A", "\\_SB.PCI0.GFX0",
	};
	static const char *const bad[] = {
		"", "_SB.PCI0", "\\", "\\_SB", "\\_SB.", "\\_SB..S00", "\\_SB.PCI0.s08",
		"\\_SB.PCI0.S08X0", "\\_SB.PCI0.0S8", "\\_SB.PCI0/S08", "\\_SB.PCI0 ",
		"\\\\_SB.PCI0", "\\_SB.PCI0.S-8",
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(good); i++)
		ck_assert_msg(ovf_acpi_path_check(good[i], 2, &er) == 0,
			      "%s: %s", good[i], er.reason);
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		ovf_err_clear(&er);
		ck_assert_msg(ovf_acpi_path_check(bad[i], 2, &er) == -EINVAL,
			      "accepted %s", bad[i]);
		/* the value in the path, what is wrong in the reason */
		ck_assert_str_eq(er.path, bad[i]);
		ck_assert_int_eq(er.err, EINVAL);
		ck_assert_int_ne(er.reason[0], '\0');
	}
	/* the caller names where the path came from; the library says why */
	ck_assert_int_eq(ovf_acpi_path_check("\\_SB", 2, &er), -EINVAL);
	ck_assert_str_eq(er.path, "\\_SB");
	ck_assert_str_eq(er.reason, "needs at least 2 segments");
	ck_assert_int_eq(ovf_acpi_path_check("_SB.PCI0", 2, &er), -EINVAL);
	ck_assert_str_eq(er.reason, "must start with '\\'");
	ck_assert_int_eq(ovf_acpi_path_check("\\_SB", 1, &er), 0);
	ck_assert_int_eq(ovf_acpi_path_check("\\", 1, &er), -EINVAL);
	ck_assert_int_eq(ovf_acpi_path_check(NULL, 1, &er), -EINVAL);
	ck_assert_int_eq(ovf_acpi_path_check(NULL, 1, NULL), -EINVAL);
}
END_TEST

START_TEST(test_path_split)
{
	char parent[64], seg[8];

	ck_assert_int_eq(ovf_acpi_path_split("\\_SB.PCI0.S08.S00", parent, sizeof(parent),
					     seg, sizeof(seg)), 0);
	ck_assert_str_eq(parent, "\\_SB.PCI0.S08");
	ck_assert_str_eq(seg, "S00");
	ck_assert_int_eq(ovf_acpi_path_split("\\GPU0", parent, sizeof(parent), seg,
					     sizeof(seg)), 0);
	ck_assert_str_eq(parent, "\\");
	ck_assert_str_eq(seg, "GPU0");
	ck_assert_int_eq(ovf_acpi_path_split("\\", parent, sizeof(parent), seg,
					     sizeof(seg)), -EINVAL);
}
END_TEST

START_TEST(test_fw_cfg_name)
{
	char n55[64], n56[64];

	ck_assert_int_eq(ovf_fw_cfg_name_check(OVF_SSDT_FW_CFG_DEFAULT, &er), 0);
	ck_assert_int_eq(ovf_fw_cfg_name_check("opt/x", &er), 0);
	memset(n55, 'a', sizeof(n55));
	memcpy(n55, "opt/", 4);
	n55[55] = '\0';
	ck_assert_int_eq(ovf_fw_cfg_name_check(n55, &er), 0);
	memcpy(n56, n55, 55);
	n56[55] = 'b';
	n56[56] = '\0';
	ck_assert_int_eq(ovf_fw_cfg_name_check(n56, &er), -EINVAL);
	ck_assert_ptr_nonnull(strstr(er.reason, "at most 55"));
	ck_assert_str_eq(er.path, n56);

	ck_assert_int_eq(ovf_fw_cfg_name_check("etc/foo", &er), -EINVAL);
	ck_assert_str_eq(er.path, "etc/foo");
	ck_assert_ptr_nonnull(strstr(er.reason, "opt/"));
	ck_assert_int_eq(ovf_fw_cfg_name_check("opt/", &er), -EINVAL);
	ck_assert_int_eq(ovf_fw_cfg_name_check("OPT/x", &er), -EINVAL);
	ck_assert_int_eq(ovf_fw_cfg_name_check("opt/a\"b", &er), -EINVAL);
	ck_assert_int_eq(ovf_fw_cfg_name_check("opt/a'b", &er), -EINVAL);
	ck_assert_int_eq(ovf_fw_cfg_name_check("opt/a\\b", &er), -EINVAL);
	ck_assert_int_eq(ovf_fw_cfg_name_check("opt/a\nb", &er), -EINVAL);
	ck_assert_int_eq(ovf_fw_cfg_name_check("opt/\xc3\xa9", &er), -EINVAL);
	ck_assert_int_eq(ovf_fw_cfg_name_check(NULL, &er), -EINVAL);
	ck_assert_int_eq(ovf_fw_cfg_name_check("etc/x", &er), -EINVAL);
	ck_assert_str_eq(er.reason, "must start with 'opt/'");
}
END_TEST

static Suite *acpipath_suite(void)
{
	Suite *s = suite_create("acpipath");
	TCase *tc = tcase_create("syntax");

	tcase_add_test(tc, test_acpi_path_check);
	tcase_add_test(tc, test_path_split);
	tcase_add_test(tc, test_fw_cfg_name);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return unit_run(acpipath_suite());
}

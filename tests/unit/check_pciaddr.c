// SPDX-License-Identifier: GPL-2.0-or-later
/* Unit tests for PCI address parsing and formatting (src/lib/pciaddr.c). */
#include <errno.h>

#include "ovf/pciaddr.h"
#include "ovf/util.h"
#include "unit.h"

START_TEST(addr_valid)
{
	struct ovf_pci_addr a;
	char buf[OVF_PCI_ADDR_LEN];

	ck_assert_int_eq(ovf_pci_addr_parse("0000:01:00.0", &a), 0);
	ck_assert_uint_eq(a.bus, 1);
	ck_assert_str_eq(ovf_pci_addr_fmt(&a, buf), "0000:01:00.0");
	ck_assert_int_eq(ovf_pci_addr_parse("01:00.1", &a), 0);
	ck_assert_str_eq(ovf_pci_addr_fmt(&a, buf), "0000:01:00.1");
	ck_assert_int_eq(ovf_pci_addr_parse("ABCD:fF:1f.7", &a), 0);
	ck_assert_str_eq(ovf_pci_addr_fmt(&a, buf), "abcd:ff:1f.7");
}
END_TEST

START_TEST(addr_invalid)
{
	static const char *const bad[] = {
		"", "0", "1:0.0", "0000:01:00", "0000:01:00.8", "0000:01:20.0",
		"0000:01:00.0 ", " 01:00.0", "0000:01:00.0\n", "0000-01:00.0",
		"00000:01:00.0", "0000:1:00.0", "../01:00.0", "01:00.0/..",
		"/sys/bus", "0000:01:00.g", "+1:00.0", "0x:01:00.0",
		"0000:01:00.0/../../", "01:00.-", "..:..:..", "0000:01:0.00",
	};
	struct ovf_pci_addr a = { 9, 9, 9, 9 };
	size_t i;

	for (i = 0; i < ARRAY_SIZE(bad); i++)
		ck_assert_msg(ovf_pci_addr_parse(bad[i], &a) == -EINVAL,
			      "accepted '%s'", bad[i]);
	ck_assert_int_eq(ovf_pci_addr_parse(NULL, &a), -EINVAL);
	/* a rejected address leaves the output untouched */
	ck_assert_uint_eq(a.domain, 9);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("pciaddr");
	TCase *tc = tcase_create("pciaddr");

	tcase_add_test(tc, addr_valid);
	tcase_add_test(tc, addr_invalid);
	suite_add_tcase(s, tc);
	return unit_run(s);
}

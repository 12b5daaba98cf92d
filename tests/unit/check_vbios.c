// SPDX-License-Identifier: GPL-2.0-or-later
/* Unit tests for the vBIOS candidate scanner (src/lib/vbios.c). */
#include <check.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "ovf/vbios.h"
#include "unit.h"
#include "../helpers/romgen.h"

/* A two-image ROM (x86 + EFI) for @vendor:@device with class @class_code. */
static size_t make_rom(uint8_t *out, size_t cap, uint16_t vendor,
		       uint16_t device, uint32_t class_code)
{
	struct romgen_image im[2];

	romgen_defaults(&im[0], 0, 1024);
	romgen_defaults(&im[1], 3, 1024);
	im[0].class_code = class_code;
	im[1].class_code = class_code;
	return romgen_build(im, 2, vendor, device, 3, out, cap);
}

static void make_vbt(uint8_t *p, size_t total)
{
	memset(p, 0, total);
	memcpy(p, "$VBT TIGERLAKE     ", 20);
	p[22] = 0x30;
	p[24] = total & 0xff;
	p[25] = total >> 8;
}

START_TEST(finds_chains_and_vbt_with_offsets)
{
	static uint8_t buf[64 * 1024];
	struct ovf_vbios_list l = { 0 };
	size_t a, b;

	memset(buf, 0xff, sizeof(buf));
	/* not on a 512-byte boundary: sections sit anywhere in a volume */
	a = make_rom(buf + 0x1234, sizeof(buf) - 0x1234, 0x10de, 0x1c8d,
		     0x030200);
	ck_assert_uint_eq(a, 2048);
	b = make_rom(buf + 0x4000, sizeof(buf) - 0x4000, 0x8086, 0x9a49,
		     0x030000);
	make_vbt(buf + 0x8000, 0x200);
	ck_assert_int_eq(ovf_vbios_scan_buf(buf, sizeof(buf), "img", &l), 3);
	ck_assert_uint_eq(l.n, 3);
	ck_assert_int_eq(l.v[0].kind, OVF_VBIOS_NVIDIA);
	ck_assert_uint_eq(l.v[0].vendor, 0x10de);
	ck_assert_uint_eq(l.v[0].device, 0x1c8d);
	ck_assert_uint_eq(l.v[0].len, a);
	ck_assert_uint_eq(l.v[0].offset, 0x1234);
	ck_assert_uint_eq(l.v[0].nimages, 2);
	ck_assert_int_eq(l.v[0].last_flag, 1);
	ck_assert_str_eq(l.v[0].where, "img, offset 0x1234");
	ck_assert_mem_eq(l.v[0].data, buf + 0x1234, a);
	ck_assert_int_eq(l.v[1].kind, OVF_VBIOS_DISPLAY);
	ck_assert_uint_eq(l.v[1].len, b);
	ck_assert_int_eq(l.v[2].kind, OVF_VBIOS_VBT);
	ck_assert_uint_eq(l.v[2].len, 0x200);
	ck_assert_str_eq(l.v[2].where, "img, offset 0x8000");
	/* the same bytes reached again are listed once */
	ck_assert_int_eq(ovf_vbios_scan_buf(buf, sizeof(buf), "again", &l), 0);
	ck_assert_uint_eq(l.n, 3);
	ovf_vbios_list_free(&l);
	ck_assert_uint_eq(l.n, 0);
}
END_TEST

START_TEST(skips_broken_and_non_display)
{
	static uint8_t buf[16 * 1024];
	struct ovf_vbios_list l = { 0 };
	size_t a;

	memset(buf, 0, sizeof(buf));
	a = make_rom(buf, sizeof(buf), 0x10de, 0x1f95, 0x030000);
	/* cut the chain short: the second image runs past the buffer */
	ck_assert_int_eq(ovf_vbios_scan_buf(buf, a - 1, "cut", &l), 0);
	ck_assert_uint_eq(l.n, 0);
	/* a NIC's PXE ROM is listed, as what it is */
	make_rom(buf, sizeof(buf), 0x8086, 0x15bc, 0x020000);
	ck_assert_int_eq(ovf_vbios_scan_buf(buf, sizeof(buf), "nic", &l), 1);
	ck_assert_int_eq(l.v[0].kind, OVF_VBIOS_OTHER);
	ck_assert_str_eq(ovf_vbios_kind_name(l.v[0].kind),
			 "non-display option ROM");
	ovf_vbios_list_free(&l);
	/* nothing at all, and the empty buffer */
	memset(buf, 0x55, sizeof(buf));
	ck_assert_int_eq(ovf_vbios_scan_buf(buf, sizeof(buf), "x", &l), 0);
	ck_assert_int_eq(ovf_vbios_scan_buf(buf, 0, "x", &l), 0);
	ck_assert_uint_eq(l.n, 0);
}
END_TEST

START_TEST(add_refuses_non_chain)
{
	static uint8_t buf[4096];
	struct ovf_vbios_list l = { 0 };
	size_t a;

	a = make_rom(buf, sizeof(buf), 0x10de, 0x1c8d, 0x030000);
	/* trailing bytes are not the chain: callers cut first */
	ck_assert_int_eq(ovf_vbios_list_add(&l, buf, a + 1, OVF_VBIOS_NVIDIA,
					    "w", 0), -EINVAL);
	ck_assert_int_eq(ovf_vbios_list_add(&l, buf, 0, OVF_VBIOS_NVIDIA,
					    "w", 0), -EINVAL);
	ck_assert_int_eq(ovf_vbios_list_add(&l, buf, a, OVF_VBIOS_OTHER,
					    "w", 7), 0);
	/* the kind comes from the ROM, not the caller */
	ck_assert_int_eq(l.v[0].kind, OVF_VBIOS_NVIDIA);
	ck_assert_uint_eq(l.v[0].offset, 7);
	ovf_vbios_list_free(&l);
}
END_TEST

static Suite *vbios_suite(void)
{
	Suite *s = suite_create("vbios");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, finds_chains_and_vbt_with_offsets);
	tcase_add_test(tc, skips_broken_and_non_display);
	tcase_add_test(tc, add_refuses_non_chain);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return unit_run(vbios_suite());
}

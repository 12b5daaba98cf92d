// SPDX-License-Identifier: GPL-2.0-or-later
/* Unit tests for the firmware image scanner (src/lib/fwimage.c). */
#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ovf/err.h"
#include "ovf/fwimage.h"
#include "unit.h"
#include "../helpers/romgen.h"

UNIT_DEFINE_TMPDIR(tmp, setup, teardown)

START_TEST(raw_flash_dump)
{
	static uint8_t buf[256 * 1024];
	struct ovf_vbios_list l = { 0 };
	struct ovf_err e = { 0 };
	struct romgen_image im;
	char path[4200];
	size_t n;
	FILE *f;

	memset(buf, 0xff, sizeof(buf));
	romgen_defaults(&im, 0, 2048);
	n = romgen_build(&im, 1, 0x10de, 0x1c8d, 1, buf + 0x20000, 4096);
	ck_assert_uint_eq(n, 2048);
	snprintf(path, sizeof(path), "%s/spi.bin", tmp);
	f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	ck_assert_uint_eq(fwrite(buf, 1, sizeof(buf), f), sizeof(buf));
	fclose(f);
	ck_assert_int_eq(ovf_fw_scan(path, NULL, &l, &e), 0);
	ck_assert_uint_eq(l.n, 1);
	ck_assert_uint_eq(l.v[0].device, 0x1c8d);
	ck_assert_uint_eq(l.v[0].offset, 0x20000);
	ovf_vbios_list_free(&l);
}
END_TEST

START_TEST(missing_file)
{
	struct ovf_vbios_list l = { 0 };
	struct ovf_err e = { 0 };
	char path[4200];

	snprintf(path, sizeof(path), "%s/none.bin", tmp);
	ck_assert_int_eq(ovf_fw_scan(path, NULL, &l, &e), -ENOENT);
	ck_assert_str_eq(e.path, path);
	ck_assert_uint_eq(l.n, 0);
}
END_TEST

static Suite *fwimage_suite(void)
{
	Suite *s = suite_create("fwimage");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, raw_flash_dump);
	tcase_add_test(tc, missing_file);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return unit_run(fwimage_suite());
}

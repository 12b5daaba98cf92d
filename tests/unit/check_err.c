// SPDX-License-Identifier: GPL-2.0-or-later
/* Unit tests of the error record (src/lib/err.c) and the formatted root helpers. */
#include <errno.h>
#include <string.h>

#include "ovf/err.h"
#include "ovf/root.h"
#include "unit.h"

START_TEST(err_set_records_and_returns)
{
	struct ovf_err e;

	ovf_err_clear(&e);
	ck_assert_int_eq(e.err, 0);
	ck_assert_int_eq(ovf_err_set(&e, -ENOENT, "read", "sys/%s/vendor", "x"),
			 -ENOENT);
	ck_assert_int_eq(e.err, ENOENT);
	ck_assert_str_eq(e.action, "read");
	ck_assert_str_eq(e.path, "sys/x/vendor");
	ck_assert_str_eq(ovf_err_why(&e), strerror(ENOENT));
	/* positive errno is taken as well; no path */
	ck_assert_int_eq(ovf_err_set(&e, EIO, "parse", NULL), -EIO);
	ck_assert_str_eq(e.path, "");
	/* NULL record: only the return value */
	ck_assert_int_eq(ovf_err_set(NULL, EPERM, "write", "a"), -EPERM);
}
END_TEST

START_TEST(err_reason_overrides_strerror)
{
	struct ovf_err e;

	ovf_err_set(&e, EINVAL, "parse", "rom.bin");
	ck_assert_int_eq(ovf_err_reason(&e, EIO, "no 55 AA at offset %d", 0),
			 -EINVAL);
	ck_assert_str_eq(ovf_err_why(&e), "no 55 AA at offset 0");
	/* a reason on an empty record takes the errno given */
	ovf_err_clear(&e);
	ck_assert_int_eq(ovf_err_reason(&e, ENODEV, "no NVIDIA GPU"), -ENODEV);
	ck_assert_int_eq(e.err, ENODEV);
	/* a set after a reason starts fresh */
	ovf_err_set(&e, EACCES, "open", "b");
	ck_assert_str_eq(ovf_err_why(&e), strerror(EACCES));
}
END_TEST

START_TEST(err_root_shows_the_user_path)
{
	struct ovf_root r;
	struct ovf_err e;
	char *d = unit_mkdtemp();
	char want[4300];

	ck_assert_int_eq(ovf_root_open(&r, d), 0);
	ovf_err_root(&e, &r, ENOENT, "read", "sys/bus/pci/devices/%s/class",
		     "0000:01:00.0");
	snprintf(want, sizeof(want), "%s/sys/bus/pci/devices/0000:01:00.0/class", d);
	ck_assert_str_eq(e.path, want);
	ovf_root_close(&r);
	ck_assert_int_eq(ovf_root_open(&r, "/"), 0);
	ovf_err_root(&e, &r, ENOENT, "read", "sys/x");
	ck_assert_str_eq(e.path, "/sys/x");
	ovf_root_close(&r);
	unit_rmtree(d);
	free(d);
}
END_TEST

START_TEST(root_formatted_helpers)
{
	struct ovf_root r;
	char *d = unit_mkdtemp();
	char buf[64], big[5000], lnk[4300];
	unsigned long long v;

	unit_put(d, "sys/bus/pci/devices/0000:01:00.0/vendor", "0x10de\n");
	unit_put(d, "sys/bus/pci/devices/0000:01:00.0/remove", "");
	unit_put(d, "sys/bus/pci/drivers/vfio-pci/bind", "");
	snprintf(lnk, sizeof(lnk), "%s/sys/bus/pci/devices/0000:01:00.0/driver", d);
	ck_assert_int_eq(symlink("../../drivers/vfio-pci", lnk), 0);
	ck_assert_int_eq(ovf_root_open(&r, d), 0);

	ck_assert_int_eq(ovf_read_strf(&r, buf, sizeof(buf),
				       "sys/bus/pci/devices/%s/vendor",
				       "0000:01:00.0"), 6);
	ck_assert_str_eq(buf, "0x10de");
	ck_assert_int_eq(ovf_read_u64f(&r, &v, "sys/bus/pci/devices/%s/%s",
				       "0000:01:00.0", "vendor"), 0);
	ck_assert_uint_eq(v, 0x10de);
	ck_assert_int_eq(ovf_existsf(&r, "sys/bus/pci/devices/%s", "0000:01:00.0"), 0);
	ck_assert_int_eq(ovf_existsf(&r, "sys/bus/pci/devices/%s", "0000:02:00.0"),
			 -ENOENT);
	ck_assert_int_eq(ovf_readlink_basef(&r, buf, sizeof(buf),
					    "sys/bus/pci/devices/%s/driver",
					    "0000:01:00.0"), 0);
	ck_assert_str_eq(buf, "vfio-pci");
	ck_assert_int_gt(ovf_readlinkf(&r, buf, sizeof(buf), "sys/bus/pci/devices/%s/driver",
				       "0000:01:00.0"), 0);
	ck_assert_int_eq(ovf_write_strf(&r, "1", "sys/bus/pci/devices/%s/remove",
					"0000:01:00.0"), 0);
	/* writes never create files */
	ck_assert_int_eq(ovf_write_strf(&r, "1", "sys/bus/pci/devices/%s/nope",
					"0000:01:00.0"), -ENOENT);
	/* a path longer than PATH_MAX is refused, not cut */
	memset(big, 'a', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	ck_assert_int_eq(ovf_existsf(&r, "sys/%s", big), -ENAMETOOLONG);
	ck_assert_int_eq(ovf_read_strf(&r, buf, sizeof(buf), "sys/%s", big),
			 -ENAMETOOLONG);
	ovf_root_close(&r);
	unit_rmtree(d);
	free(d);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("err");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, err_set_records_and_returns);
	tcase_add_test(tc, err_reason_overrides_strerror);
	tcase_add_test(tc, err_root_shows_the_user_path);
	tcase_add_test(tc, root_formatted_helpers);
	suite_add_tcase(s, tc);
	return unit_run(s);
}

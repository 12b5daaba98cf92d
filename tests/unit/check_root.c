// SPDX-License-Identifier: GPL-2.0-or-later
/* Unit tests for the root-relative sysfs layer (src/lib/root.c). */
#include <errno.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "ovf/root.h"
#include "unit.h"

UNIT_DEFINE_TMPROOT(tmp, root, setup, teardown)

START_TEST(read_strips_one_newline)
{
	char buf[64];

	unit_put(tmp, "sys/a", "0x10de\n");
	unit_put(tmp, "sys/b", "x\n\n");
	unit_put(tmp, "sys/c", "");
	ck_assert_int_eq(ovf_read_str(&root, "/sys/a", buf, sizeof(buf)), 6);
	ck_assert_str_eq(buf, "0x10de");
	ck_assert_int_eq(ovf_read_str(&root, "sys/b", buf, sizeof(buf)), 2);
	ck_assert_str_eq(buf, "x\n");
	ck_assert_int_eq(ovf_read_str(&root, "sys/c", buf, sizeof(buf)), 0);
	ck_assert_int_eq(ovf_read_str(&root, "sys/missing", buf, sizeof(buf)),
			 -ENOENT);
}
END_TEST

START_TEST(read_too_big)
{
	char buf[4];

	unit_put(tmp, "f", "abcd");
	ck_assert_int_eq(ovf_read_str(&root, "f", buf, sizeof(buf)), -EFBIG);
	unit_put(tmp, "g", "abc");
	ck_assert_int_eq(ovf_read_str(&root, "g", buf, sizeof(buf)), 3);
}
END_TEST

START_TEST(read_u64)
{
	unsigned long long v;

	unit_put(tmp, "v", "0x1c8d\n");
	unit_put(tmp, "bad", "12abc\n");
	ck_assert_int_eq(ovf_read_u64(&root, "v", &v), 0);
	ck_assert_uint_eq(v, 0x1c8d);
	ck_assert_int_eq(ovf_read_u64(&root, "bad", &v), -EINVAL);
}
END_TEST

START_TEST(read_text)
{
	char *text = NULL, big[9000];
	FILE *f;
	char path[4200];

	unit_put(tmp, "etc/x.conf", "a = 1\nb = 2\n");
	ck_assert_int_eq(ovf_read_text(&root, "/etc/x.conf", &text, 1 << 20), 0);
	ck_assert_str_eq(text, "a = 1\nb = 2\n");
	free(text);
	ck_assert_int_eq(ovf_read_text(&root, "etc/none", &text, 1 << 20), -ENOENT);
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	unit_put(tmp, "big", big);
	ck_assert_int_eq(ovf_read_text(&root, "big", &text, 4096), -EFBIG);
	ck_assert_int_eq(ovf_read_text(&root, "big", &text, 16384), 0);
	ck_assert_uint_eq(strlen(text), sizeof(big) - 1);
	free(text);
	snprintf(path, sizeof(path), "%s/nul", tmp);
	f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fwrite("a\0b", 1, 3, f);
	fclose(f);
	ck_assert_int_eq(ovf_read_text(&root, "nul", &text, 4096), -EBADMSG);
}
END_TEST

START_TEST(write_never_creates)
{
	char buf[64];

	ck_assert_int_eq(ovf_write_str(&root, "sys/driver_override", "vfio-pci"),
			 -ENOENT);
	ck_assert_int_eq(ovf_exists(&root, "sys/driver_override"), -ENOENT);
	unit_put(tmp, "sys/driver_override", "\n");
	ck_assert_int_eq(ovf_write_str(&root, "sys/driver_override", "none"), 0);
	ck_assert_int_eq(ovf_read_str(&root, "sys/driver_override", buf,
				      sizeof(buf)), 4);
	ck_assert_str_eq(buf, "none");
}
END_TEST

START_TEST(confined_to_root)
{
	char buf[64], path[4200];

	/* an absolute symlink and ".." resolve inside the root, not the host */
	unit_put(tmp, "etc/hostname", "inside\n");
	snprintf(path, sizeof(path), "%s/abs", tmp);
	ck_assert_int_eq(symlink("/etc/hostname", path), 0);
	ck_assert_int_eq(ovf_read_str(&root, "abs", buf, sizeof(buf)), 6);
	ck_assert_str_eq(buf, "inside");
	ck_assert_int_eq(ovf_read_str(&root, "../../../../etc/hostname", buf,
				      sizeof(buf)), 6);
	ck_assert_str_eq(buf, "inside");
}
END_TEST

START_TEST(readlink_base)
{
	char buf[64], path[4200];

	unit_put(tmp, "sys/bus/pci/drivers/vfio-pci/bind", "");
	snprintf(path, sizeof(path), "%s/sys/dev", tmp);
	ck_assert_int_eq(mkdir(path, 0755), 0);
	snprintf(path, sizeof(path), "%s/sys/dev/driver", tmp);
	ck_assert_int_eq(symlink("../bus/pci/drivers/vfio-pci", path), 0);
	ck_assert_int_eq(ovf_readlink_base(&root, "sys/dev/driver", buf,
					   sizeof(buf)), 0);
	ck_assert_str_eq(buf, "vfio-pci");
	ck_assert_int_eq(ovf_readlink_base(&root, "sys/dev/none", buf,
					   sizeof(buf)), -ENOENT);
}
END_TEST

START_TEST(mkdir_p)
{
	ck_assert_int_eq(ovf_mkdir_p(&root, "/run/lock/x"), 0);
	ck_assert_int_eq(ovf_mkdir_p(&root, "run/lock/x"), 0);
	ck_assert_int_eq(ovf_exists(&root, "run/lock/x"), 0);
}
END_TEST

START_TEST(display_path)
{
	struct ovf_root slash;
	char buf[4200], want[4200];

	snprintf(want, sizeof(want), "%s/sys/x", tmp);
	ck_assert_str_eq(ovf_root_display(&root, "/sys/x", buf, sizeof(buf)), want);
	ck_assert_int_eq(ovf_root_open(&slash, "/"), 0);
	ck_assert_str_eq(ovf_root_display(&slash, "sys/x", buf, sizeof(buf)),
			 "/sys/x");
	ck_assert(!ovf_root_is_sysroot(&slash));
	ovf_root_close(&slash);
}
END_TEST

START_TEST(choose_root)
{
	setenv(OVF_SYSROOT_ENV, "/tmp/envroot", 1);
	ck_assert_str_eq(ovf_root_choose("/opt"), "/opt");
	ck_assert_str_eq(ovf_root_choose(NULL), "/tmp/envroot");
	/* empty is an error (NULL), never the live system */
	setenv(OVF_SYSROOT_ENV, "", 1);
	ck_assert_ptr_null(ovf_root_choose(NULL));
	ck_assert_ptr_null(ovf_root_choose(""));
	unsetenv(OVF_SYSROOT_ENV);
	ck_assert_str_eq(ovf_root_choose(NULL), "/");
	ck_assert_ptr_null(ovf_root_choose(""));
}
END_TEST

/* A device node made here (1,3: /dev/null's numbers) is looked at, not opened; links stay inside the root. */
START_TEST(stat_node_and_links)
{
	struct stat st;
	char path[4096];

	unit_put(tmp, "etc/f", "x");
	ck_assert_int_eq(ovf_stat(&root, "/etc/f", &st), 0);
	ck_assert(S_ISREG(st.st_mode));
	ck_assert_int_eq(ovf_stat(&root, "etc/missing", &st), -ENOENT);
	snprintf(path, sizeof(path), "%s/dev", tmp);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/dev/kvmfr0", tmp);
	/* a FIFO stands in where mknod of a character device is not allowed */
	if (mknod(path, S_IFCHR | 0660, makedev(1, 3)) == 0) {
		ck_assert_int_eq(chmod(path, 0660), 0);
		ck_assert_int_eq(ovf_stat(&root, "dev/kvmfr0", &st), 0);
		ck_assert(S_ISCHR(st.st_mode));
		ck_assert_uint_eq(st.st_mode & 07777, 0660);
	} else {
		ck_assert_int_eq(mkfifo(path, 0660), 0);
		ck_assert_int_eq(ovf_stat(&root, "dev/kvmfr0", &st), 0);
		ck_assert(S_ISFIFO(st.st_mode));
	}
	/* an absolute link resolves under the root, not on the host */
	unit_symlink(tmp, "/etc/f", "dev/link");
	ck_assert_int_eq(ovf_stat(&root, "dev/link", &st), 0);
	ck_assert(S_ISREG(st.st_mode));
	unit_symlink(tmp, "/proc/self/status", "dev/out");
	ck_assert_int_lt(ovf_stat(&root, "dev/out", &st), 0);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("root");
	TCase *tc = tcase_create("root");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, read_strips_one_newline);
	tcase_add_test(tc, read_too_big);
	tcase_add_test(tc, read_u64);
	tcase_add_test(tc, read_text);
	tcase_add_test(tc, write_never_creates);
	tcase_add_test(tc, confined_to_root);
	tcase_add_test(tc, readlink_base);
	tcase_add_test(tc, mkdir_p);
	tcase_add_test(tc, display_path);
	tcase_add_test(tc, choose_root);
	tcase_add_test(tc, stat_node_and_links);
	suite_add_tcase(s, tc);
	return unit_run(s);
}

// SPDX-License-Identifier: GPL-2.0-or-later
/* Unit tests for the root-relative sysfs layer, PCI addresses, and helpers. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "ovf/cleanup.h"
#include "ovf/pciaddr.h"
#include "ovf/root.h"
#include "ovf/util.h"
#include "unit.h"

static char *tmp;
static struct ovf_root root;

static void setup(void)
{
	tmp = unit_mkdtemp();
	ck_assert_int_eq(ovf_root_open(&root, tmp), 0);
}

static void teardown(void)
{
	ovf_root_close(&root);
	unit_rmtree(tmp);
	free(tmp);
}

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

START_TEST(abs_path)
{
	char *p, want[4200];

	p = ovf_abs_path("/no/such/file.rom");
	ck_assert_str_eq(p, "/no/such/file.rom");
	free(p);
	ck_assert_int_eq(chdir(tmp), 0);
	p = ovf_abs_path("vbios.rom");
	snprintf(want, sizeof(want), "%s/vbios.rom", tmp);
	ck_assert_str_eq(p, want);
	free(p);
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

START_TEST(parse_numbers)
{
	uint64_t v;
	unsigned long u;

	ck_assert_int_eq(ovf_parse_size("128K", &v), 0);
	ck_assert_uint_eq(v, 131072);
	ck_assert_int_eq(ovf_parse_size("2MiB", &v), 0);
	ck_assert_uint_eq(v, 2 << 20);
	ck_assert_int_eq(ovf_parse_size("0x200", &v), 0);
	ck_assert_uint_eq(v, 512);
	ck_assert_int_eq(ovf_parse_size("-1", &v), -EINVAL);
	ck_assert_int_eq(ovf_parse_size("12Q", &v), -EINVAL);
	ck_assert_int_eq(ovf_parse_size("", &v), -EINVAL);
	ck_assert_int_eq(ovf_parse_ulong("7", 0, 7, &u), 0);
	ck_assert_int_eq(ovf_parse_ulong("8", 0, 7, &u), -ERANGE);
	ck_assert_int_eq(ovf_parse_ulong("x", 0, 7, &u), -EINVAL);
	/* a leading zero is not octal */
	ck_assert_int_eq(ovf_parse_size("0777", &v), 0);
	ck_assert_uint_eq(v, 777);
	ck_assert_int_eq(ovf_parse_size("010K", &v), 0);
	ck_assert_uint_eq(v, 10240);
	ck_assert_int_eq(ovf_parse_ulong("08", 0, 100, &u), 0);
	ck_assert_uint_eq(u, 8);
	ck_assert_int_eq(ovf_parse_ulong("0X1f", 0, 100, &u), 0);
	ck_assert_uint_eq(u, 31);
	ck_assert_int_eq(ovf_parse_ulong("0x", 0, 100, &u), -EINVAL);
}
END_TEST

/* What may be an output, and what each refused kind is called. */
START_TEST(outfile_kinds)
{
	char path[4200], link[4200];
	const char *what;

	ck_assert_int_eq(ovf_outfile_check("", &what), -EINVAL);
	ck_assert_str_eq(what, "an empty path");
	snprintf(path, sizeof(path), "%s/new.rom", tmp);
	ck_assert_int_eq(ovf_outfile_check(path, &what), 0);
	unit_put(tmp, "file.rom", "x");
	snprintf(path, sizeof(path), "%s/file.rom", tmp);
	ck_assert_int_eq(ovf_outfile_check(path, &what), 0);
	ck_assert_int_eq(ovf_outfile_check(tmp, &what), -EISDIR);
	snprintf(link, sizeof(link), "%s/link", tmp);
	ck_assert_int_eq(symlink(path, link), 0);
	ck_assert_int_eq(ovf_outfile_check(link, &what), -EINVAL);
	ck_assert_str_eq(what, "a symbolic link to a regular file");
	snprintf(link, sizeof(link), "%s/dangling", tmp);
	ck_assert_int_eq(symlink("/nonexistent/x", link), 0);
	ck_assert_int_eq(ovf_outfile_check(link, &what), -EINVAL);
	ck_assert_str_eq(what, "a dangling symbolic link");
	snprintf(path, sizeof(path), "%s/fifo", tmp);
	ck_assert_int_eq(mkfifo(path, 0600), 0);
	ck_assert_int_eq(ovf_outfile_check(path, &what), 0);
	snprintf(link, sizeof(link), "%s/fifolink", tmp);
	ck_assert_int_eq(symlink(path, link), 0);
	ck_assert_int_eq(ovf_outfile_check(link, &what), 0);
	snprintf(path, sizeof(path), "%s/blk", tmp);
	ck_assert_int_eq(mknod(path, S_IFBLK | 0600, makedev(7, 250)), 0);
	ck_assert_int_eq(ovf_outfile_check(path, &what), -EINVAL);
	ck_assert_str_eq(what, "a block device");
	snprintf(path, sizeof(path), "%s/null", tmp);
	ck_assert_int_eq(mknod(path, S_IFCHR | 0600, makedev(1, 3)), 0);
	ck_assert_int_eq(ovf_outfile_check(path, &what), 0);
}
END_TEST

/* The undo list removes what is on it, and only that. */
START_TEST(cleanup_run)
{
	char f[2048], d[2048], keep[2048];

	snprintf(f, sizeof(f), "%s/.tmp.XXXXXX", tmp);
	unit_put(tmp, ".tmp.XXXXXX", "x");
	snprintf(d, sizeof(d), "%s/work", tmp);
	ck_assert_int_eq(mkdir(d, 0700), 0);
	unit_put(d, "a.asl", "x");
	unit_put(d, "b.aml", "x");
	unit_put(tmp, "keep", "x");
	snprintf(keep, sizeof(keep), "%s/keep", tmp);
	ck_assert_int_eq(ovf_cleanup_add_path(f, 0), 0);
	ck_assert_int_eq(ovf_cleanup_add_path(d, 1), 0);
	ck_assert_int_eq(ovf_cleanup_add_path(keep, 0), 0);
	ovf_cleanup_del_path(keep);
	ovf_cleanup_run();
	ck_assert_int_eq(access(f, F_OK), -1);
	ck_assert_int_eq(access(d, F_OK), -1);
	ck_assert_int_eq(access(keep, F_OK), 0);
}
END_TEST

START_TEST(outfile_atomic)
{
	struct ovf_outfile o;
	char path[4200], buf[64];
	struct ovf_root r2;

	snprintf(path, sizeof(path), "%s/out.rom", tmp);
	unit_put(tmp, "out.rom", "old");
	ck_assert_int_eq(ovf_outfile_open(&o, path, 0644), 0);
	ck_assert_int_eq(ovf_outfile_write(&o, "new", 3), 0);
	ovf_outfile_abort(&o);
	ck_assert_int_eq(ovf_root_open(&r2, tmp), 0);
	ck_assert_int_eq(ovf_read_str(&r2, "out.rom", buf, sizeof(buf)), 3);
	ck_assert_str_eq(buf, "old");
	ck_assert_int_eq(ovf_outfile_open(&o, path, 0644), 0);
	ck_assert_int_eq(ovf_outfile_write(&o, "new", 3), 0);
	ck_assert_int_eq(ovf_outfile_commit(&o), 0);
	ck_assert_int_eq(ovf_read_str(&r2, "out.rom", buf, sizeof(buf)), 3);
	ck_assert_str_eq(buf, "new");
	ovf_root_close(&r2);
	ck_assert_int_eq(ovf_outfile_open(&o, tmp, 0644), -EISDIR);
}
END_TEST

static Suite *lib_suite(void)
{
	Suite *s = suite_create("lib");
	TCase *tc = tcase_create("pciaddr");

	tcase_add_test(tc, addr_valid);
	tcase_add_test(tc, addr_invalid);
	suite_add_tcase(s, tc);

	tc = tcase_create("root");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, read_strips_one_newline);
	tcase_add_test(tc, read_too_big);
	tcase_add_test(tc, read_u64);
	tcase_add_test(tc, read_text);
	tcase_add_test(tc, abs_path);
	tcase_add_test(tc, write_never_creates);
	tcase_add_test(tc, confined_to_root);
	tcase_add_test(tc, readlink_base);
	tcase_add_test(tc, mkdir_p);
	tcase_add_test(tc, display_path);
	tcase_add_test(tc, choose_root);
	tcase_add_test(tc, parse_numbers);
	tcase_add_test(tc, outfile_atomic);
	tcase_add_test(tc, outfile_kinds);
	tcase_add_test(tc, cleanup_run);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return unit_run(lib_suite());
}

// SPDX-License-Identifier: GPL-2.0-or-later
/* Unit tests for number parsing, absolute paths and atomic output files (src/lib/util.c). */
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "ovf/root.h"
#include "ovf/util.h"
#include "unit.h"

UNIT_DEFINE_TMPDIR(tmp, setup, teardown)

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

/* What a message may repeat of a user's value: escaped, cut, its length said. */
START_TEST(bounded)
{
	char buf[OVF_BOUNDED_LEN], small[8], val[300];

	ck_assert_str_eq(ovf_bounded("vfio-pci", buf, sizeof(buf)), "vfio-pci");
	ck_assert_str_eq(ovf_bounded("a\\b\n\x7f", buf, sizeof(buf)), "a\\\\b\\x0a\\x7f");
	ck_assert_str_eq(ovf_bounded(NULL, buf, sizeof(buf)), "(null)");
	ck_assert_str_eq(ovf_bounded("", buf, sizeof(buf)), "");
	memset(val, '\x01', sizeof(val) - 1);
	val[sizeof(val) - 1] = '\0';
	ovf_bounded(val, buf, sizeof(buf));
	/* the worst case fits: every byte escaped, and the tail */
	ck_assert_uint_eq(strlen(buf), OVF_BOUNDED_MAX * 4 + strlen("...(299 bytes)"));
	ck_assert_str_eq(buf + OVF_BOUNDED_MAX * 4, "...(299 bytes)");
	memset(val, 'x', sizeof(val) - 1);
	ovf_bounded(val, buf, sizeof(buf));
	ck_assert_uint_eq(strlen(buf), OVF_BOUNDED_MAX + strlen("...(299 bytes)"));
	/* a small buffer is never overrun, and stays a string */
	ovf_bounded("\n\n\n\n", small, sizeof(small));
	ck_assert_uint_lt(strlen(small), sizeof(small));
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

/* A new file only: an existing one (or a link in its place) is never written through. */
START_TEST(write_new_exclusive)
{
	char path[4200], link[4200];
	struct stat st;

	snprintf(path, sizeof(path), "%s/new.bin", tmp);
	ck_assert_int_eq(ovf_write_new(path, "abc", 3), 0);
	ck_assert_int_eq(stat(path, &st), 0);
	ck_assert_int_eq(st.st_size, 3);
	ck_assert_int_eq(st.st_mode & 0777, 0600);
	ck_assert_int_eq(ovf_write_new(path, "x", 1), -EEXIST);
	ck_assert_int_eq(stat(path, &st), 0);
	ck_assert_int_eq(st.st_size, 3);
	snprintf(link, sizeof(link), "%s/link", tmp);
	ck_assert_int_eq(symlink(path, link), 0);
	ck_assert_int_eq(ovf_write_new(link, "x", 1), -EEXIST);
}
END_TEST

START_TEST(read_text_terminated)
{
	char path[4200], *t;
	size_t n;

	unit_put(tmp, "log", "line one\nline two");
	snprintf(path, sizeof(path), "%s/log", tmp);
	ck_assert_int_eq(ovf_read_file_text(path, &t, &n, 100), 0);
	ck_assert_uint_eq(n, 17);
	ck_assert_str_eq(t, "line one\nline two");
	free(t);
	snprintf(path, sizeof(path), "%s/none", tmp);
	ck_assert_int_eq(ovf_read_file_text(path, &t, NULL, 100), -ENOENT);
}
END_TEST

/* The same from an open file (a program's output in a memfd), too long refused. */
START_TEST(read_fd_text_terminated)
{
	char path[4200], *t;
	size_t n;
	int fd;

	unit_put(tmp, "out", "<domain/>\n");
	snprintf(path, sizeof(path), "%s/out", tmp);
	fd = open(path, O_RDONLY);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(ovf_read_fd_text(fd, &t, &n, 100), 0);
	ck_assert_uint_eq(n, 10);
	ck_assert_str_eq(t, "<domain/>\n");
	free(t);
	close(fd);
	/* past @max (ovf_read_fd reads in 64 KiB steps: a larger file) */
	fd = open(path, O_RDWR);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(ftruncate(fd, 70000), 0);
	ck_assert_int_eq(ovf_read_fd_text(fd, &t, &n, 65536), -EFBIG);
	close(fd);
}
END_TEST

/* a failed read leaves no stale buffer or length for the caller to use */
START_TEST(read_file_failure_outputs)
{
	uint8_t junk, *buf = &junk;
	char path[4200];
	size_t len = 42;

	snprintf(path, sizeof(path), "%s/none", tmp);
	ck_assert_int_eq(ovf_read_file(path, &buf, &len, 100), -ENOENT);
	ck_assert_ptr_null(buf);
	ck_assert_uint_eq(len, 0);
	buf = &junk;
	len = 42;
	ck_assert_int_eq(ovf_read_file(tmp, &buf, &len, 100), -EISDIR);
	ck_assert_ptr_null(buf);
	ck_assert_uint_eq(len, 0);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("util");
	TCase *tc = tcase_create("util");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, abs_path);
	tcase_add_test(tc, parse_numbers);
	tcase_add_test(tc, bounded);
	tcase_add_test(tc, outfile_atomic);
	tcase_add_test(tc, outfile_kinds);
	tcase_add_test(tc, write_new_exclusive);
	tcase_add_test(tc, read_text_terminated);
	tcase_add_test(tc, read_fd_text_terminated);
	tcase_add_test(tc, read_file_failure_outputs);
	suite_add_tcase(s, tc);
	return unit_run(s);
}

// SPDX-License-Identifier: GPL-2.0-or-later
/* Unit tests for the undo list a signal runs (src/lib/cleanup.c). */
#include <errno.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ovf/cleanup.h"
#include "ovf/err.h"
#include "unit.h"

UNIT_DEFINE_TMPDIR(tmp, setup, teardown)

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

/* A work directory with a tree in it (UEFIExtract's dump) goes whole. */
START_TEST(cleanup_run_tree)
{
	char d[2048], sub[2300], deep[2600], keep[2048];

	snprintf(d, sizeof(d), "%s/work", tmp);
	snprintf(sub, sizeof(sub), "%s/0 volume", d);
	snprintf(deep, sizeof(deep), "%s/1 file", sub);
	ck_assert_int_eq(mkdir(d, 0700), 0);
	ck_assert_int_eq(mkdir(sub, 0700), 0);
	ck_assert_int_eq(mkdir(deep, 0700), 0);
	unit_put(deep, "body.bin", "x");
	unit_put(sub, "info.txt", "x");
	unit_put(d, "image.bin", "x");
	unit_put(tmp, "keep", "x");
	/* a link to outside is removed as a link, its target stays */
	unit_symlink(deep, "../../../keep", "link");
	ck_assert_int_eq(ovf_cleanup_add_path(d, 1), 0);
	ovf_cleanup_run();
	ck_assert_int_eq(access(d, F_OK), -1);
	snprintf(keep, sizeof(keep), "%s/keep", tmp);
	ck_assert_int_eq(access(keep, F_OK), 0);
}
END_TEST

/* The private directory is made where asked and on the list at once. */
START_TEST(workdir_on_the_list)
{
	char dir[4200], base[2048];
	struct ovf_err e = { 0 };
	struct stat st;

	snprintf(base, sizeof(base), "%s/none", tmp);
	ck_assert_int_eq(ovf_workdir_make(dir, sizeof(dir), base, "t", &e), -ENOENT);
	ck_assert_str_eq(e.path, base);
	ck_assert_int_eq(ovf_workdir_make(dir, 10, tmp, "t", &e), -ENAMETOOLONG);
	ck_assert_int_eq(ovf_workdir_make(dir, sizeof(dir), tmp, "vbios-extract", &e), 0);
	ck_assert_int_eq(strncmp(dir + strlen(tmp), "/vbios-extract.", 15), 0);
	ck_assert_int_eq(stat(dir, &st), 0);
	ck_assert_int_eq(st.st_mode & 0777, 0700);
	unit_put(dir, "0 V/body.bin", "x");
	ovf_cleanup_run();
	ck_assert_int_eq(access(dir, F_OK), -1);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("cleanup");
	TCase *tc = tcase_create("cleanup");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, cleanup_run);
	tcase_add_test(tc, cleanup_run_tree);
	tcase_add_test(tc, workdir_on_the_list);
	suite_add_tcase(s, tc);
	return unit_run(s);
}

// SPDX-License-Identifier: GPL-2.0-or-later
/* Unit tests for the unified diff vfio-domain shows (--dry-run, the read-back check). */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>

#include "ovf/diff.h"
#include "ovf/util.h"
#include "unit.h"

static struct ovf_err er;
static char *tmp;

static void setup(void)
{
	tmp = unit_mkdtemp();
	setenv("TMPDIR", tmp, 1);
}

static void teardown(void)
{
	unit_rmtree(tmp);
	free(tmp);
}

/* Run ovf_diff_u into a file; its text (malloc'd) and the return in @rc. */
static char *diff_of(const char *a, const char *b, int *rc)
{
	char path[4200];
	uint8_t *buf, *nb;
	size_t len;
	int fd;

	snprintf(path, sizeof(path), "%s/out", tmp);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	ck_assert_int_ge(fd, 0);
	*rc = ovf_diff_u("unit", "d.xml", a, strlen(a), b, strlen(b), fd, &er);
	close(fd);
	ck_assert_int_eq(ovf_read_file(path, &buf, &len, 1 << 20), 0);
	nb = realloc(buf, len + 1);
	if (!nb)
		free(buf);
	ck_assert_ptr_nonnull(nb);
	nb[len] = '\0';
	unlink(path);
	return (char *)nb;
}

static int tmp_empty(void)
{
	struct dirent *de;
	DIR *d = opendir(tmp);
	int n = 0;

	while ((de = readdir(d)))
		n += strcmp(de->d_name, ".") && strcmp(de->d_name, "..");
	closedir(d);
	return n == 0;
}

START_TEST(test_diff_shows_change)
{
	char *out;
	int rc;

	out = diff_of("<a>\n  <b/>\n</a>\n", "<a>\n  <c/>\n</a>\n", &rc);
	ck_assert_int_eq(rc, 0);
	ck_assert_ptr_nonnull(strstr(out, "--- d.xml (old)\n+++ d.xml (new)\n"));
	ck_assert_ptr_nonnull(strstr(out, "\n-  <b/>\n+  <c/>\n"));
	free(out);
	/* the same text: no output, no error */
	out = diff_of("x\n", "x\n", &rc);
	ck_assert_int_eq(rc, 0);
	ck_assert_str_eq(out, "");
	free(out);
	ck_assert(tmp_empty());
}
END_TEST

START_TEST(test_diff_no_tmpdir)
{
	char path[4200];
	int rc;

	snprintf(path, sizeof(path), "%s/none", tmp);
	setenv("TMPDIR", path, 1);
	rc = ovf_diff_u("unit", "d.xml", "a", 1, "b", 1, -1, &er);
	ck_assert_int_eq(rc, -ENOENT);
	ck_assert_str_eq(er.action, "create temporary file in");
	ck_assert_str_eq(er.path, path);
}
END_TEST

static Suite *diff_suite(void)
{
	Suite *s = suite_create("diff");
	TCase *tc = tcase_create("diff");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_diff_shows_change);
	tcase_add_test(tc, test_diff_no_tmpdir);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return unit_run(diff_suite());
}

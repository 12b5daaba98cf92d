// SPDX-License-Identifier: GPL-2.0-or-later
/* Unit tests of the logged writer (src/lib/writer.c): writes, dry run, the log line. */
#include <errno.h>
#include <string.h>

#include "ovf/root.h"
#include "ovf/writer.h"
#include "unit.h"

UNIT_DEFINE_TMPROOT(tmp, root, setup, teardown)

static char logged[8][4400];
static int nlogged;

static void log_line(void *arg, const char *path, const char *value)
{
	(void)arg;
	if (nlogged < 8)
		snprintf(logged[nlogged++], sizeof(logged[0]), "%s <- %s", path, value);
}

START_TEST(writer_writes_and_logs)
{
	struct ovf_writer w = { .root = &root, .log = log_line };
	char buf[64], want[4400];

	nlogged = 0;
	unit_put(tmp, "sys/bus/pci/devices/0000:01:00.0/remove", "");
	ck_assert_int_eq(ovf_writer_putf(&w, "1\n", "sys/bus/pci/devices/%s/remove",
					 "0000:01:00.0"), 0);
	ck_assert_int_eq(ovf_read_str(&root, "sys/bus/pci/devices/0000:01:00.0/remove",
				      buf, sizeof(buf)), 1);
	ck_assert_str_eq(buf, "1");
	ck_assert_uint_eq(w.writes, 1);
	/* the log shows the path the user sees and the value without its newline */
	snprintf(want, sizeof(want), "%s/sys/bus/pci/devices/0000:01:00.0/remove <- 1", tmp);
	ck_assert_int_eq(nlogged, 1);
	ck_assert_str_eq(logged[0], want);
	/* a write that fails is neither counted nor logged; files are never made */
	ck_assert_int_eq(ovf_writer_put(&w, "sys/bus/pci/rescan", "1"), -ENOENT);
	ck_assert_uint_eq(w.writes, 1);
	ck_assert_int_eq(nlogged, 1);
}
END_TEST

START_TEST(writer_dry_run_only_logs)
{
	struct ovf_writer w = { .root = &root, .dry_run = 1, .log = log_line };
	char big[5000];

	nlogged = 0;
	/* a missing target is fine: nothing is written */
	ck_assert_int_eq(ovf_writer_put(&w, "sys/bus/pci/rescan", "1"), 0);
	ck_assert_int_eq(ovf_exists(&root, "sys/bus/pci/rescan"), -ENOENT);
	ck_assert_uint_eq(w.writes, 1);
	ck_assert_int_eq(nlogged, 1);
	/* no log callback: still counted */
	w.log = NULL;
	ck_assert_int_eq(ovf_writer_put(&w, "x", ""), 0);
	ck_assert_uint_eq(w.writes, 2);
	/* a formatted path too long is refused, not cut */
	memset(big, 'a', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	ck_assert_int_eq(ovf_writer_putf(&w, "1", "sys/%s", big), -ENAMETOOLONG);
	ck_assert_uint_eq(w.writes, 2);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("writer");
	TCase *tc = tcase_create("writer");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, writer_writes_and_logs);
	tcase_add_test(tc, writer_dry_run_only_logs);
	suite_add_tcase(s, tc);
	return unit_run(s);
}

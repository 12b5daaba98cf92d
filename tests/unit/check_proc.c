// SPDX-License-Identifier: GPL-2.0-or-later
/* Unit tests of the /proc scans (src/lib/proc.c): who holds a file, processes by name. */
#include <errno.h>

#include "ovf/proc.h"
#include "ovf/root.h"
#include "unit.h"

UNIT_DEFINE_TMPROOT(tmp, root, setup, teardown)

static void put(const char *rel, const char *content)
{
	unit_put(tmp, rel, content);
}

static void link_to(const char *target, const char *rel)
{
	unit_symlink(tmp, target, rel);
}

START_TEST(proc_users_and_comm)
{
	struct ovf_proc_user u[4];

	put("proc/10/comm", "Xorg\n");
	link_to("/dev/nvidiactl", "proc/10/fd/3");
	link_to("/dev/nvidia0", "proc/10/fd/4");
	put("proc/11/comm", "qemu\n");
	link_to("/dev/vfio/12", "proc/11/fd/9");
	link_to("/dev/vfio/123", "proc/11/fd/10");
	put("proc/self/comm", "not a pid\n");
	/* one line per process, however many files it holds */
	ck_assert_int_eq(ovf_proc_users(&root, "/dev/nvidia", 0, u, 4), 1);
	ck_assert_int_eq(u[0].pid, 10);
	ck_assert_str_eq(u[0].comm, "Xorg");
	ck_assert_int_eq(ovf_proc_users(&root, "/dev/vfio/12", 1, u, 4), 1);
	ck_assert_str_eq(u[0].file, "/dev/vfio/12");
	ck_assert_int_eq(ovf_proc_by_comm(&root, "qemu", u, 4), 1);
	ck_assert_int_eq(u[0].pid, 11);
	ck_assert_int_eq(ovf_proc_by_comm(&root, "nobody", u, 4), 0);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("proc");
	TCase *tc = tcase_create("proc");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, proc_users_and_comm);
	suite_add_tcase(s, tc);
	return unit_run(s);
}

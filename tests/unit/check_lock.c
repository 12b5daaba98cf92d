// SPDX-License-Identifier: GPL-2.0-or-later
/* Unit tests of the waiting flock (src/lib/lock.c). */
#include <errno.h>
#include <fcntl.h>
#include <sys/file.h>

#include "ovf/lock.h"
#include "ovf/root.h"
#include "unit.h"

UNIT_DEFINE_TMPROOT(tmp, root, setup, teardown)

static void link_to(const char *target, const char *rel)
{
	unit_symlink(tmp, target, rel);
}

static int exists(const char *rel)
{
	char path[4200];

	snprintf(path, sizeof(path), "%s/%s", tmp, rel);
	return access(path, F_OK) == 0;
}

START_TEST(lock_waits_then_times_out)
{
	char path[4200];
	long long t0;
	int fd, other;

	fd = ovf_lock_wait(&root, "run/lock/x/test.lock", 0);
	ck_assert_int_ge(fd, 0);
	ck_assert(exists("run/lock/x/test.lock"));
	/* a second open file description: the lock is held, wait 100 ms */
	snprintf(path, sizeof(path), "%s/run/lock/x/test.lock", tmp);
	other = open(path, O_RDONLY);
	ck_assert_int_ge(other, 0);
	t0 = ovf_now_ms();
	ck_assert_int_eq(ovf_flock_wait(other, 100), -ETIMEDOUT);
	ck_assert_int_ge(ovf_now_ms() - t0, 100);
	ck_assert_int_eq(ovf_lock_wait(&root, "run/lock/x/test.lock", 30), -ETIMEDOUT);
	close(fd);
	ck_assert_int_eq(ovf_flock_wait(other, 0), 0);
	close(other);
	/* never through a planted symlink */
	link_to("/etc/passwd", "run/lock/evil.lock");
	ck_assert_int_eq(ovf_lock_wait(&root, "run/lock/evil.lock", 0), -ELOOP);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("lock");
	TCase *tc = tcase_create("lock");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, lock_waits_then_times_out);
	suite_add_tcase(s, tc);
	return unit_run(s);
}

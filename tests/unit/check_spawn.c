// SPDX-License-Identifier: GPL-2.0-or-later
/* Unit tests for running programs without a shell (src/lib/spawn.c). */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "ovf/cleanup.h"
#include "ovf/spawn.h"
#include "unit.h"

UNIT_DEFINE_TMPDIR(tmp, setup, teardown)

/* @rel under the test's directory, opened for writing (created, emptied). */
static int open_out(const char *rel)
{
	char path[4200];
	int fd;

	snprintf(path, sizeof(path), "%s/%s", tmp, rel);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	ck_assert_int_ge(fd, 0);
	return fd;
}

/* What a child wrote to @rel, at most 255 bytes. */
static const char *slurp(const char *rel)
{
	static char buf[256];
	char path[4200];
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "%s/%s", tmp, rel);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	ck_assert_int_ge(fd, 0);
	n = read(fd, buf, sizeof(buf) - 1);
	ck_assert_int_ge(n, 0);
	buf[n] = '\0';
	close(fd);
	return buf;
}

/* A file under the test's directory with @mode, for exec failures. */
static const char *put_mode(const char *rel, const char *content, mode_t mode)
{
	static char path[4200];

	unit_put(tmp, rel, content);
	snprintf(path, sizeof(path), "%s/%s", tmp, rel);
	ck_assert_int_eq(chmod(path, mode), 0);
	return path;
}

/*
 * Nothing of @pid is left on the undo list: all OVF_CLEANUP_SLOTS slots can
 * be taken again. The fake pids are only added and removed, never signalled.
 */
static void assert_cleanup_list_empty(void)
{
	int i;

	for (i = 0; i < OVF_CLEANUP_SLOTS; i++)
		ck_assert_msg(ovf_cleanup_add_pid(0x3ffffff0 + i) == 0,
			      "undo list full after %d: a child was left on it", i);
	for (i = 0; i < OVF_CLEANUP_SLOTS; i++)
		ovf_cleanup_del_pid(0x3ffffff0 + i);
}

static long ms_since(const struct timespec *t0)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (t.tv_sec - t0->tv_sec) * 1000 + (t.tv_nsec - t0->tv_nsec) / 1000000;
}

START_TEST(exit_status_and_signal)
{
	char *const ok[] = { "true", NULL };
	char *const three[] = { "sh", "-c", "exit 3", NULL };
	char *const killed[] = { "sh", "-c", "kill -TERM $$", NULL };
	int st = -1;

	ck_assert_int_eq(ovf_spawn(ok, -1, -1, -1, &st), 0);
	ck_assert(WIFEXITED(st));
	ck_assert_int_eq(WEXITSTATUS(st), 0);
	/* a program that ran and failed is 0 with its status, not an error */
	ck_assert_int_eq(ovf_spawn(three, -1, -1, -1, &st), 0);
	ck_assert(WIFEXITED(st));
	ck_assert_int_eq(WEXITSTATUS(st), 3);
	ck_assert_int_eq(ovf_spawn(killed, -1, -1, -1, &st), 0);
	ck_assert(WIFSIGNALED(st));
	ck_assert_int_eq(WTERMSIG(st), SIGTERM);
	assert_cleanup_list_empty();
}
END_TEST

/* A program that cannot start is its exec's errno, never a status of 127. */
START_TEST(cannot_start_names_errno)
{
	char *const missing[] = { "/nonexistent/ovf-no-such-program", NULL };
	char *const unknown[] = { "ovf-no-such-program-in-path", NULL };
	char *argv[] = { NULL, NULL };
	int st = 12345;

	ck_assert_int_eq(ovf_spawn(missing, -1, -1, -1, &st), -ENOENT);
	ck_assert_int_eq(ovf_spawn(unknown, -1, -1, -1, &st), -ENOENT);
	argv[0] = (char *)put_mode("plain.txt", "#!/bin/sh\nexit 0\n", 0644);
	ck_assert_int_eq(ovf_spawn(argv, -1, -1, -1, &st), -EACCES);
	argv[0] = tmp;
	ck_assert_int_eq(ovf_spawn(argv, -1, -1, -1, &st), -EACCES);
	/* the status is not touched when nothing ran */
	ck_assert_int_eq(st, 12345);
	assert_cleanup_list_empty();
}
END_TEST

START_TEST(bad_interpreter)
{
	char *argv[] = { NULL, NULL };
	int st = 12345;

	argv[0] = (char *)put_mode("script", "#!/nonexistent/ovf-interp\nexit 0\n",
				   0755);
	ck_assert_int_eq(ovf_spawn(argv, -1, -1, -1, &st), -ENOENT);
	ck_assert_int_eq(st, 12345);
	assert_cleanup_list_empty();
}
END_TEST

/* A redirection the child cannot make is reported like a failed exec. */
START_TEST(bad_fd_reported)
{
	char *const argv[] = { "true", NULL };
	int st = 12345;

	ck_assert_int_eq(ovf_spawn(argv, -1, 1000, -1, &st), -EBADF);
	ck_assert_int_eq(st, 12345);
	assert_cleanup_list_empty();
}
END_TEST

START_TEST(fds_redirected)
{
	char *const cat[] = { "cat", NULL };
	char *const both[] = { "sh", "-c", "echo out; echo err >&2", NULL };
	char path[4200];
	int in, out, err, st;

	unit_put(tmp, "in", "from stdin\n");
	snprintf(path, sizeof(path), "%s/in", tmp);
	in = open(path, O_RDONLY | O_CLOEXEC);
	ck_assert_int_ge(in, 0);
	out = open_out("cat.out");
	ck_assert_int_eq(ovf_spawn(cat, in, out, -1, &st), 0);
	ck_assert(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	ck_assert_str_eq(slurp("cat.out"), "from stdin\n");
	close(in);
	close(out);

	out = open_out("out");
	err = open_out("err");
	ck_assert_int_eq(ovf_spawn(both, -1, out, err, &st), 0);
	ck_assert(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	ck_assert_str_eq(slurp("out"), "out\n");
	ck_assert_str_eq(slurp("err"), "err\n");
	close(out);
	close(err);

	/* one fd for both streams, as vfio-ssdt's iasl log */
	out = open_out("log");
	ck_assert_int_eq(ovf_spawn(both, -1, out, out, &st), 0);
	ck_assert_str_eq(slurp("log"), "out\nerr\n");
	close(out);
}
END_TEST

/* ovf_spawn_start runs @file with @argv as given: argv[0] may differ. */
START_TEST(start_file_and_argv)
{
	char *const argv[] = { "ovf-name", "-c", "echo $0", NULL };
	pid_t pid = -1;
	int out, st;

	out = open_out("name");
	ck_assert_int_eq(ovf_spawn_start("/bin/sh", argv, -1, out, -1, &pid), 0);
	ck_assert_int_gt(pid, 0);
	ck_assert_int_eq(ovf_spawn_wait(pid, 5000, &st), 0);
	ck_assert(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	ck_assert_str_eq(slurp("name"), "ovf-name\n");
	close(out);
	pid = 4242;
	ck_assert_int_eq(ovf_spawn_start("/nonexistent/x", argv, -1, -1, -1, &pid),
			 -ENOENT);
	/* nothing to wait for: the pid is not handed out */
	ck_assert_int_eq(pid, 4242);
	assert_cleanup_list_empty();
}
END_TEST

START_TEST(timeout_kills_and_reaps)
{
	char *const argv[] = { "sleep", "30", NULL };
	struct timespec t0;
	pid_t pid;
	int st = 0;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	ck_assert_int_eq(ovf_spawn_start("sleep", argv, -1, -1, -1, &pid), 0);
	ck_assert_int_eq(ovf_spawn_wait(pid, 100, &st), -ETIMEDOUT);
	ck_assert(WIFSIGNALED(st));
	ck_assert_int_eq(WTERMSIG(st), SIGKILL);
	ck_assert_msg(ms_since(&t0) < 10000, "waited %ld ms for a 100 ms timeout",
		      ms_since(&t0));
	/* reaped: no child of that pid is left */
	ck_assert_int_eq(waitpid(pid, NULL, WNOHANG), -1);
	ck_assert_int_eq(errno, ECHILD);
	assert_cleanup_list_empty();
}
END_TEST

START_TEST(timeout_not_reached)
{
	char *const argv[] = { "sh", "-c", "exit 7", NULL };
	pid_t pid;
	int st = 0;

	ck_assert_int_eq(ovf_spawn_start("sh", argv, -1, -1, -1, &pid), 0);
	ck_assert_int_eq(ovf_spawn_wait(pid, 10000, &st), 0);
	ck_assert(WIFEXITED(st));
	ck_assert_int_eq(WEXITSTATUS(st), 7);
	assert_cleanup_list_empty();
}
END_TEST

/* waitpid() would take any child for these; refused instead. */
START_TEST(wait_bad_pid)
{
	int st;

	ck_assert_int_eq(ovf_spawn_wait(0, -1, &st), -EINVAL);
	ck_assert_int_eq(ovf_spawn_wait(-1, 100, &st), -EINVAL);
}
END_TEST

/* A running child is on the undo list: a signal's cleanup stops and reaps it. */
START_TEST(running_child_on_cleanup_list)
{
	char *const argv[] = { "sleep", "30", NULL };
	pid_t pid;

	ck_assert_int_eq(ovf_spawn_start("sleep", argv, -1, -1, -1, &pid), 0);
	ck_assert_int_eq(kill(pid, 0), 0);
	ovf_cleanup_run();
	ck_assert_int_eq(waitpid(pid, NULL, WNOHANG), -1);
	ck_assert_int_eq(errno, ECHILD);
	assert_cleanup_list_empty();
}
END_TEST

/* The first line of stdout, its status; a child past the limit is killed. */
START_TEST(run_first_line_captures)
{
	char *const two[] = { "/bin/sh", "-c", "echo Enabled; echo more; exit 4", NULL };
	char *const none[] = { "/bin/sh", "-c", "exit 0", NULL };
	char *const slow[] = { "/bin/sh", "-c", "echo early; exec sleep 30", NULL };
	char *const missing[] = { "/nonexistent/prog", NULL };
	char out[8];

	ck_assert_int_eq(ovf_run_first_line(two[0], two, 10000, out, sizeof(out)), 4);
	ck_assert_str_eq(out, "Enabled");
	ck_assert_int_eq(ovf_run_first_line(none[0], none, 10000, out, sizeof(out)), 0);
	ck_assert_str_eq(out, "");
	ck_assert_int_eq(ovf_run_first_line(slow[0], slow, 100, out, sizeof(out)),
			 -ETIMEDOUT);
	ck_assert_int_eq(ovf_run_first_line(missing[0], missing, 100, out, sizeof(out)),
			 -ENOENT);
	ck_assert_str_eq(out, "");
	assert_cleanup_list_empty();
}
END_TEST

int main(void)
{
	Suite *s = suite_create("spawn");
	TCase *tc = tcase_create("spawn");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, exit_status_and_signal);
	tcase_add_test(tc, cannot_start_names_errno);
	tcase_add_test(tc, bad_interpreter);
	tcase_add_test(tc, bad_fd_reported);
	tcase_add_test(tc, fds_redirected);
	tcase_add_test(tc, start_file_and_argv);
	tcase_add_test(tc, timeout_kills_and_reaps);
	tcase_add_test(tc, timeout_not_reached);
	tcase_add_test(tc, wait_bad_pid);
	tcase_add_test(tc, running_child_on_cleanup_list);
	tcase_add_test(tc, run_first_line_captures);
	suite_add_tcase(s, tc);
	return unit_run(s);
}

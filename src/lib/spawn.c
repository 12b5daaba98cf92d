// SPDX-License-Identifier: GPL-2.0-or-later
/* fork/exec with an error pipe (a program that cannot start is told apart from one that fails); commands found under the root. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "ovf/cleanup.h"
#include "ovf/root.h"
#include "ovf/spawn.h"

static int move_fd(int from, int to)
{
	return from < 0 || from == to || dup2(from, to) >= 0 ? 0 : -1;
}

int ovf_spawn_start(const char *file, char *const argv[], int in_fd,
		    int out_fd, int err_fd, pid_t *pidp)
{
	int pfd[2], child_errno = 0;
	ssize_t n;
	pid_t pid;

	/* The child reports a failed exec through this pipe; success closes it. */
	if (pipe2(pfd, O_CLOEXEC) < 0)
		return -errno;
	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		child_errno = errno;
		close(pfd[0]);
		close(pfd[1]);
		return -child_errno;
	}
	if (pid == 0) {
		if (move_fd(in_fd, STDIN_FILENO) == 0 &&
		    move_fd(out_fd, STDOUT_FILENO) == 0 &&
		    move_fd(err_fd, STDERR_FILENO) == 0)
			execvp(file, argv);
		child_errno = errno;
		if (write(pfd[1], &child_errno, sizeof(child_errno)) < 0)
			_exit(127);
		_exit(127);
	}
	/* a signal from here on stops the child too (ovf_cleanup_run) */
	ovf_cleanup_add_pid(pid);
	close(pfd[1]);
	do {
		n = read(pfd[0], &child_errno, sizeof(child_errno));
	} while (n < 0 && errno == EINTR);
	close(pfd[0]);
	if (n == sizeof(child_errno)) {
		/* It never ran: reap it here so the caller has nothing to wait for. */
		while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
			;
		ovf_cleanup_del_pid(pid);
		return -child_errno;
	}
	*pidp = pid;
	return 0;
}

int ovf_spawn_wait(pid_t pid, int timeout_ms, int *wstatus)
{
	const struct timespec tick = { 0, 10 * 1000 * 1000 };
	long waited_ms = 0;
	pid_t w;

	/* waitpid() would take any child for these */
	if (pid <= 0)
		return -EINVAL;
	for (;;) {
		w = waitpid(pid, wstatus, timeout_ms < 0 ? 0 : WNOHANG);
		if (w == pid) {
			ovf_cleanup_del_pid(pid);
			return 0;
		}
		if (w < 0 && errno != EINTR) {
			int err = -errno;

			ovf_cleanup_del_pid(pid);
			return err;
		}
		if (w < 0 || timeout_ms < 0)
			continue;
		if (waited_ms >= timeout_ms) {
			kill(pid, SIGKILL);
			while (waitpid(pid, wstatus, 0) < 0 && errno == EINTR)
				;
			ovf_cleanup_del_pid(pid);
			return -ETIMEDOUT;
		}
		nanosleep(&tick, NULL);
		waited_ms += 10;
	}
}

int ovf_spawn(char *const argv[], int in_fd, int out_fd, int err_fd,
	      int *wstatus)
{
	pid_t pid = -1;
	int err;

	err = ovf_spawn_start(argv[0], argv, in_fd, out_fd, err_fd, &pid);
	if (err < 0)
		return err;
	return ovf_spawn_wait(pid, -1, wstatus);
}

int ovf_find_cmd(const struct ovf_root *r, const char *cmd, char *out,
		 size_t len)
{
	static const char *const dirs[] = {
		"usr/local/sbin", "usr/local/bin", "usr/sbin", "usr/bin", "sbin",
		"bin",
	};
	char rel[PATH_MAX];
	size_t i;
	int fd;

	if (!*cmd || strstr(cmd, ".."))
		return -ENOENT;
	for (i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
		if (cmd[0] == '/')
			snprintf(rel, sizeof(rel), "%s", cmd + 1);
		else if (strchr(cmd, '/'))
			return -ENOENT;
		else
			snprintf(rel, sizeof(rel), "%s/%s", dirs[i], cmd);
		fd = ovf_open(r, rel, O_PATH, 0);
		if (fd >= 0) {
			char proc[64];

			/* must be executable by us, as it resolved in the root */
			snprintf(proc, sizeof(proc), "/proc/self/fd/%d", fd);
			if (access(proc, X_OK) == 0) {
				close(fd);
				ovf_root_display(r, rel, out, len);
				return 0;
			}
			close(fd);
		}
		if (cmd[0] == '/')
			break;
	}
	return -ENOENT;
}

int ovf_run(const char *path, char *const argv[], int timeout_ms)
{
	int status, fd, err;
	pid_t pid = -1;

	fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	/* the command's output is ours to pass on: stdout is for --json */
	err = ovf_spawn_start(path, argv, fd, STDERR_FILENO, -1, &pid);
	close(fd);
	if (err < 0)
		return err;
	err = ovf_spawn_wait(pid, timeout_ms, &status);
	if (err < 0)
		return err;
	if (WIFEXITED(status))
		return WEXITSTATUS(status);
	return 128 + WTERMSIG(status);
}

int ovf_run_first_line(const char *path, char *const argv[], int timeout_ms,
		       char *out, size_t len)
{
	int status, in, fd, err;
	pid_t pid = -1;
	ssize_t n;
	char *nl;

	out[0] = '\0';
	in = open("/dev/null", O_RDONLY | O_CLOEXEC);
	if (in < 0)
		return -errno;
	/* a memory file, not a pipe: a child that talks much never blocks */
	fd = memfd_create("ovf-run", MFD_CLOEXEC);
	if (fd < 0) {
		err = -errno;
		close(in);
		return err;
	}
	err = ovf_spawn_start(path, argv, in, fd, STDERR_FILENO, &pid);
	close(in);
	/* status is only there once the child has been reaped */
	if (err >= 0)
		err = ovf_spawn_wait(pid, timeout_ms, &status);
	if (err < 0) {
		close(fd);
		return err;
	}
	n = pread(fd, out, len - 1, 0);
	close(fd);
	out[n > 0 ? n : 0] = '\0';
	nl = strchr(out, '\n');
	if (nl)
		*nl = '\0';
	if (WIFEXITED(status))
		return WEXITSTATUS(status);
	return 128 + WTERMSIG(status);
}

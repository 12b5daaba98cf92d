// SPDX-License-Identifier: GPL-2.0-or-later
/* Undo list for signals: temporary files, work directories and children a tool has open right now. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ovf/cleanup.h"

/*
 * A slot is filled before it is marked used and unmarked before it is
 * reused, so a handler that interrupts an update sees either the old entry
 * or none, never half a path.
 */
struct path_slot {
	volatile sig_atomic_t used;
	int is_dir;
	char path[4096];
};

static struct path_slot paths[OVF_CLEANUP_SLOTS];
static volatile pid_t pids[OVF_CLEANUP_SLOTS];

int ovf_cleanup_add_path(const char *path, int is_dir)
{
	size_t n = strlen(path);
	int i;

	if (n >= sizeof(paths[0].path))
		return -ENAMETOOLONG;
	for (i = 0; i < OVF_CLEANUP_SLOTS; i++) {
		if (paths[i].used)
			continue;
		memcpy(paths[i].path, path, n + 1);
		paths[i].is_dir = is_dir;
		paths[i].used = 1;
		return 0;
	}
	return -ENOSPC;
}

void ovf_cleanup_hold(sigset_t *old)
{
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGHUP);
	sigaddset(&set, SIGQUIT);
	sigaddset(&set, SIGPIPE);
	sigprocmask(SIG_BLOCK, &set, old);
}

void ovf_cleanup_release(const sigset_t *old)
{
	sigprocmask(SIG_SETMASK, old, NULL);
}

void ovf_cleanup_del_path(const char *path)
{
	int i;

	for (i = 0; i < OVF_CLEANUP_SLOTS; i++)
		if (paths[i].used && !strcmp(paths[i].path, path))
			paths[i].used = 0;
}

int ovf_cleanup_add_pid(pid_t pid)
{
	int i;

	if (pid <= 0)
		return -EINVAL;
	for (i = 0; i < OVF_CLEANUP_SLOTS; i++) {
		if (pids[i] > 0)
			continue;
		pids[i] = pid;
		return 0;
	}
	return -ENOSPC;
}

void ovf_cleanup_del_pid(pid_t pid)
{
	int i;

	for (i = 0; i < OVF_CLEANUP_SLOTS; i++)
		if (pids[i] == pid)
			pids[i] = 0;
}

/* unlink every entry of a directory we made; getdents64 because opendir is not signal-safe */
static void empty_dir(const char *path)
{
	char buf[4096];
	long n, off;
	int fd;

	fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0)
		return;
	while ((n = syscall(SYS_getdents64, fd, buf, sizeof(buf))) > 0) {
		for (off = 0; off < n;) {
			/* struct linux_dirent64: ino 8, off 8, reclen 2, type 1, name */
			unsigned short reclen;
			const char *name = buf + off + 19;

			memcpy(&reclen, buf + off + 16, sizeof(reclen));
			if (strcmp(name, ".") && strcmp(name, ".."))
				unlinkat(fd, name, 0);
			off += reclen;
		}
	}
	close(fd);
}

void ovf_cleanup_run(void)
{
	int saved = errno, i;

	for (i = 0; i < OVF_CLEANUP_SLOTS; i++) {
		pid_t pid = pids[i];

		if (pid <= 0)
			continue;
		kill(pid, SIGKILL);
		while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
			;
		pids[i] = 0;
	}
	for (i = 0; i < OVF_CLEANUP_SLOTS; i++) {
		if (!paths[i].used)
			continue;
		if (paths[i].is_dir) {
			empty_dir(paths[i].path);
			rmdir(paths[i].path);
		} else {
			unlink(paths[i].path);
		}
		paths[i].used = 0;
	}
	errno = saved;
}

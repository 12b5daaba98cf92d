// SPDX-License-Identifier: GPL-2.0-or-later
/* Undo list for signals: temporary files, work directories and children a tool has open right now. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ovf/cleanup.h"
#include "ovf/err.h"

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

/*
 * How deep a work directory's tree may go (UEFIExtract's dump of nested
 * volumes is about a dozen levels); deeper entries are left behind rather
 * than risk the signal handler's stack.
 */
#define TREE_DEPTH 32

/*
 * Unlink every entry of the directory @dfd (then closed), descending into
 * subdirectories; getdents64 and the *at calls because opendir is not
 * signal-safe. O_NOFOLLOW: a link in the tree is removed, never followed.
 */
static void empty_dirfd(int dfd, int depth)
{
	char buf[1024];
	long n, off;

	while ((n = syscall(SYS_getdents64, dfd, buf, sizeof(buf))) > 0) {
		for (off = 0; off < n;) {
			/* struct linux_dirent64: ino 8, off 8, reclen 2, type 1, name */
			unsigned short reclen;
			const char *name = buf + off + 19;
			int sub;

			memcpy(&reclen, buf + off + 16, sizeof(reclen));
			off += reclen;
			if (!strcmp(name, ".") || !strcmp(name, ".."))
				continue;
			if (unlinkat(dfd, name, 0) == 0 || errno != EISDIR ||
			    depth >= TREE_DEPTH)
				continue;
			sub = openat(dfd, name, O_RDONLY | O_DIRECTORY | O_CLOEXEC |
				     O_NOFOLLOW);
			if (sub < 0)
				continue;
			empty_dirfd(sub, depth + 1);
			unlinkat(dfd, name, AT_REMOVEDIR);
		}
	}
	close(dfd);
}

static void empty_dir(const char *path)
{
	int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW);

	if (fd >= 0)
		empty_dirfd(fd, 0);
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

int ovf_workdir_make(char *dir, size_t size, const char *tmpdir,
		     const char *prefix, struct ovf_err *e)
{
	const char *tmp = tmpdir && *tmpdir ? tmpdir : getenv("TMPDIR");
	sigset_t sigs;
	int made, err, n;

	if (!tmp || !*tmp)
		tmp = "/tmp";
	n = snprintf(dir, size, "%s/%s.XXXXXX", tmp, prefix);
	if (n < 0 || (size_t)n >= size)
		return ovf_err_set(e, ENAMETOOLONG, "create temporary directory in",
				   "%s", tmp);
	ovf_cleanup_hold(&sigs);
	made = mkdtemp(dir) != NULL;
	err = made ? 0 : errno;
	if (made)
		ovf_cleanup_add_path(dir, 1);
	ovf_cleanup_release(&sigs);
	if (!made)
		return ovf_err_set(e, err, "create temporary directory in", "%s", tmp);
	return 0;
}

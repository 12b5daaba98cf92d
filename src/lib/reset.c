// SPDX-License-Identifier: GPL-2.0-or-later
/* GPU reset helpers: process scans under the sysroot, lock, polling, exec. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "ovf/reset.h"
#include "ovf/spawn.h"

#define POLL_MS 20

long long ovf_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

static void sleep_ms(int ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

/* A /proc entry named like a process: 1 to 9 digits (fits an int). */
static int is_pid(const char *s)
{
	size_t n = strspn(s, "0123456789");

	return n && n <= 9 && !s[n];
}

static void read_comm(const struct ovf_root *r, const char *pid, char *buf,
		      size_t len)
{
	char path[64];

	snprintf(path, sizeof(path), "proc/%s/comm", pid);
	if (ovf_read_str(r, path, buf, len) < 0)
		snprintf(buf, len, "?");
}

/* Call @fn for each numeric directory of <root>/proc; stops on non-zero. */
static int each_pid(const struct ovf_root *r,
		    int (*fn)(const struct ovf_root *, const char *, void *),
		    void *arg)
{
	struct dirent *de;
	DIR *d;
	int fd, ret = 0;

	fd = ovf_open(r, "proc", O_RDONLY | O_DIRECTORY, 0);
	if (fd < 0)
		return fd;
	d = fdopendir(fd);
	if (!d) {
		close(fd);
		return -errno;
	}
	while ((de = readdir(d)) && !ret)
		if (is_pid(de->d_name))
			ret = fn(r, de->d_name, arg);
	closedir(d);
	return ret < 0 ? ret : 0;
}

struct scan {
	const char *prefix, *comm;
	int exact, n, max;
	struct ovf_proc_user *out;
};

static void add_user(struct scan *s, const struct ovf_root *r, const char *pid,
		     const char *file)
{
	if (s->n < s->max) {
		struct ovf_proc_user *u = &s->out[s->n];

		u->pid = (int)strtol(pid, NULL, 10);
		read_comm(r, pid, u->comm, sizeof(u->comm));
		snprintf(u->file, sizeof(u->file), "%s", file);
	}
	s->n++;
}

static int scan_fds(const struct ovf_root *r, const char *pid, void *arg)
{
	struct scan *s = arg;
	char path[PATH_MAX], target[PATH_MAX];
	size_t pl = strlen(s->prefix);
	struct dirent *de;
	DIR *d;
	int fd;

	snprintf(path, sizeof(path), "proc/%s/fd", pid);
	fd = ovf_open(r, path, O_RDONLY | O_DIRECTORY, 0);
	if (fd < 0)
		return 0;	/* gone, or not ours to see */
	d = fdopendir(fd);
	if (!d) {
		close(fd);
		return 0;
	}
	while ((de = readdir(d))) {
		if (!is_pid(de->d_name))
			continue;
		snprintf(path, sizeof(path), "proc/%s/fd/%s", pid, de->d_name);
		if (ovf_readlink(r, path, target, sizeof(target)) < 0)
			continue;
		if (s->exact ? !strcmp(target, s->prefix) :
			       !strncmp(target, s->prefix, pl)) {
			add_user(s, r, pid, target);
			break;	/* one line per process */
		}
	}
	closedir(d);
	return 0;
}

int ovf_proc_users(const struct ovf_root *r, const char *prefix, int exact,
		   struct ovf_proc_user *out, int max)
{
	struct scan s = { .prefix = prefix, .exact = exact, .max = max, .out = out };
	int err = each_pid(r, scan_fds, &s);

	return err < 0 ? err : s.n;
}

static int scan_comm(const struct ovf_root *r, const char *pid, void *arg)
{
	struct scan *s = arg;
	char comm[64];

	read_comm(r, pid, comm, sizeof(comm));
	if (!strcmp(comm, s->comm))
		add_user(s, r, pid, "");
	return 0;
}

int ovf_proc_by_comm(const struct ovf_root *r, const char *comm,
		     struct ovf_proc_user *out, int max)
{
	struct scan s = { .comm = comm, .max = max, .out = out };
	int err = each_pid(r, scan_comm, &s);

	return err < 0 ? err : s.n;
}

int ovf_lock_wait(const struct ovf_root *r, const char *path, int timeout_ms)
{
	char dir[PATH_MAX], *slash;
	long long t0 = ovf_now_ms();
	int fd, err;

	snprintf(dir, sizeof(dir), "%s", path);
	slash = strrchr(dir, '/');
	if (slash) {
		*slash = '\0';
		err = ovf_mkdir_p(r, dir);
		if (err < 0)
			return err;
	}
	/* run/lock is world-writable: never follow a link planted there */
	fd = ovf_open(r, path, O_RDWR | O_CREAT | O_NOFOLLOW, 0644);
	if (fd < 0)
		return fd;
	for (;;) {
		if (flock(fd, LOCK_EX | LOCK_NB) == 0)
			return fd;
		if (errno != EWOULDBLOCK && errno != EINTR) {
			err = -errno;
			close(fd);
			return err;
		}
		if (ovf_now_ms() - t0 >= timeout_ms) {
			close(fd);
			return -ETIMEDOUT;
		}
		sleep_ms(POLL_MS);
	}
}

int ovf_wait_paths(const struct ovf_root *r, const char *const *paths, int n,
		   int timeout_ms, int *missing)
{
	long long t0 = ovf_now_ms();
	int i;

	for (;;) {
		for (i = 0; i < n; i++)
			if (ovf_exists(r, paths[i]) < 0)
				break;
		if (i == n)
			return 0;
		*missing = i;
		if (ovf_now_ms() - t0 >= timeout_ms)
			return -ETIMEDOUT;
		sleep_ms(POLL_MS);
	}
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

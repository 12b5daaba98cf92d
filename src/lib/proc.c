// SPDX-License-Identifier: GPL-2.0-or-later
/* Process scans under the sysroot's /proc: holders of a file, processes by name. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ovf/proc.h"

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

/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Helpers of the GPU reset: who holds a file, a waiting lock, bus polling, exec. */
#ifndef OVF_RESET_H
#define OVF_RESET_H

#include <stddef.h>
#include <sys/types.h>

#include "ovf/root.h"

/* Internal to optimus-vfio; not a stable interface. */

#define OVF_RESET_LOCK "run/lock/optimus-vfio-gpu-reset.lock"

struct ovf_proc_user {
	pid_t pid;
	char comm[32];
	char file[128];		/* what it holds open */
};

/*
 * Processes under <root>/proc holding open a file whose path starts with
 * @prefix ("/dev/nvidia", "/dev/vfio/1" as an exact name when @exact),
 * found through the fd links. Returns how many (stored up to @max) or
 * -errno. Unreadable processes are skipped.
 */
int ovf_proc_users(const struct ovf_root *r, const char *prefix, int exact,
		   struct ovf_proc_user *out, int max);

/* Processes whose <root>/proc/PID/comm is @comm. Count or -errno. */
int ovf_proc_by_comm(const struct ovf_root *r, const char *comm,
		     struct ovf_proc_user *out, int max);

/*
 * Take an exclusive flock on @path under the root (created, parents too),
 * polling for at most @timeout_ms. Returns the fd or -errno (-ETIMEDOUT).
 */
int ovf_lock_wait(const struct ovf_root *r, const char *path, int timeout_ms);

/*
 * Wait until every root-relative path of @paths exists, polling, for at
 * most @timeout_ms. 0, or -ETIMEDOUT with *missing the first one missing.
 */
int ovf_wait_paths(const struct ovf_root *r, const char *const *paths, int n,
		   int timeout_ms, int *missing);

/*
 * Find @cmd ("name" or "/abs/path") under the root: an absolute path as
 * it is, a name in the usual sbin/bin directories. The host path goes to
 * @out. 0 or -ENOENT.
 */
int ovf_find_cmd(const struct ovf_root *r, const char *cmd, char *out,
		 size_t len);

/*
 * fork + execv(@path, @argv) with stdin from /dev/null, no shell; wait at
 * most @timeout_ms (then SIGKILL: -ETIMEDOUT). Returns the exit status
 * (0..255), 128+signal, or -errno.
 */
int ovf_run(const char *path, char *const argv[], int timeout_ms);

/* Milliseconds of CLOCK_MONOTONIC. */
long long ovf_now_ms(void);

#endif

/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Run a program without a shell and learn whether it could be started at all. */
#ifndef OVF_SPAWN_H
#define OVF_SPAWN_H

#include <stddef.h>
#include <sys/types.h>

/*
 * fork + execvp @argv with stdin/stdout/stderr taken from @in_fd, @out_fd,
 * @err_fd (-1: inherit), and wait for it. Returns 0 with its wait status in
 * *wstatus, or -errno when it could not be run (the exec's own errno, e.g.
 * -ENOENT for a missing program, or a failed pipe/fork/wait).
 */
int ovf_spawn(char *const argv[], int in_fd, int out_fd, int err_fd,
	      int *wstatus);

/*
 * The two halves of ovf_spawn: start @file (searched in $PATH unless it has
 * a '/') with @argv; 0 and *pidp, or -errno ...
 */
int ovf_spawn_start(const char *file, char *const argv[], int in_fd,
		    int out_fd, int err_fd, pid_t *pidp);
/*
 * ... and wait, at most @timeout_ms (< 0: no limit); past it the child is
 * killed (SIGKILL), reaped, and -ETIMEDOUT returned.
 */
int ovf_spawn_wait(pid_t pid, int timeout_ms, int *wstatus);

struct ovf_root;
/*
 * Find @cmd ("name" or "/abs/path") under the root: an absolute path as
 * it is, a name in the usual sbin/bin directories. The host path goes to
 * @out. 0 or -ENOENT.
 */
int ovf_find_cmd(const struct ovf_root *r, const char *cmd, char *out,
		 size_t len);

/*
 * fork + execv(@path, @argv) with stdin from /dev/null and stdout on our
 * stderr, no shell; wait at most @timeout_ms (then SIGKILL: -ETIMEDOUT).
 * Returns the exit status (0..255), 128+signal, or -errno.
 */
int ovf_run(const char *path, char *const argv[], int timeout_ms);

/*
 * ovf_run(), but the first line @path prints on stdout (without its
 * newline, cut to @len - 1) goes to @out ("" when none); its stderr stays
 * ours. The exit status, 128+signal, or -errno (-ETIMEDOUT).
 */
int ovf_run_first_line(const char *path, char *const argv[], int timeout_ms,
		       char *out, size_t len);

#endif

/* SPDX-License-Identifier: GPL-2.0-or-later */
/* What a signal must undo: temporary files and directories, running children. */
#ifndef OVF_CLEANUP_H
#define OVF_CLEANUP_H

#include <signal.h>
#include <sys/types.h>

/* How many of each kind can be pending at once (the tools need two or three). */
#define OVF_CLEANUP_SLOTS 8

/*
 * Remember a temporary file (or, with @is_dir, a directory whose tree is
 * all ours) to remove if the process is stopped by a signal. The path is
 * copied; a relative one is taken against the current directory, which the
 * tools never change. 0, or -ENOSPC / -ENAMETOOLONG (then nothing is
 * remembered: the caller goes on, a signal would leave the file).
 */
int ovf_cleanup_add_path(const char *path, int is_dir);
/*
 * Hold off the signals the tools handle around "create, then remember", so
 * no signal falls between the two: ovf_cleanup_hold(&old) ...
 * ovf_cleanup_release(&old).
 */
void ovf_cleanup_hold(sigset_t *old);
void ovf_cleanup_release(const sigset_t *old);
struct ovf_err;
/*
 * A fresh private directory "@tmpdir/@prefix.XXXXXX" (@tmpdir NULL or "":
 * $TMPDIR, else /tmp) into @dir (@size bytes), put on the undo list as it
 * is made, so a signal never leaves it behind. 0 or -errno with @e set.
 */
int ovf_workdir_make(char *dir, size_t size, const char *tmpdir,
		     const char *prefix, struct ovf_err *e);
/* Forget @path again (after a commit, a rename, a normal removal). */
void ovf_cleanup_del_path(const char *path);
/* Remember a running child to stop (SIGKILL, then reap) on a signal. */
int ovf_cleanup_add_pid(pid_t pid);
void ovf_cleanup_del_pid(pid_t pid);
/*
 * Stop every remembered child, then remove every remembered file and
 * directory. Async-signal-safe: meant for a signal handler (the tools'
 * handler in src/common calls it, then exits 128 + the signal).
 */
void ovf_cleanup_run(void);

#endif

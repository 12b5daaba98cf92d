/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Run a program without a shell and learn whether it could be started at all. */
#ifndef OVF_SPAWN_H
#define OVF_SPAWN_H

/*
 * fork + execvp @argv with stdin/stdout/stderr taken from @in_fd, @out_fd,
 * @err_fd (-1: inherit), and wait for it. Returns 0 with its wait status in
 * *wstatus, or -errno when it could not be run (the exec's own errno, e.g.
 * -ENOENT for a missing program, or a failed pipe/fork/wait).
 */
int ovf_spawn(char *const argv[], int in_fd, int out_fd, int err_fd,
	      int *wstatus);

#endif

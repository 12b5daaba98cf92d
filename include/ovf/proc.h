/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Processes under the sysroot's /proc: who holds a file open, who has a name. */
#ifndef OVF_PROC_H
#define OVF_PROC_H

#include <sys/types.h>

#include "ovf/root.h"

/* Internal to optimus-vfio; not a stable interface. */

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

#endif

/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Waiting for things: an exclusive flock with a timeout, paths to appear, the clock. */
#ifndef OVF_LOCK_H
#define OVF_LOCK_H

#include "ovf/root.h"

/* Internal to optimus-vfio; not a stable interface. */

/*
 * flock(LOCK_EX) on @fd, polled with LOCK_NB so a wedged holder costs a
 * timeout, not a hang: at most @timeout_ms (< 0: no limit). 0, -ETIMEDOUT
 * or the -errno of flock.
 */
int ovf_flock_wait(int fd, int timeout_ms);

/*
 * Take an exclusive flock on @path under the root (created, parents too,
 * never through a symlink), waiting at most @timeout_ms. Returns the fd or
 * -errno (-ETIMEDOUT).
 */
int ovf_lock_wait(const struct ovf_root *r, const char *path, int timeout_ms);

/*
 * Wait until every root-relative path of @paths exists, polling, for at
 * most @timeout_ms. 0, or -ETIMEDOUT with *missing the first one missing.
 */
int ovf_wait_paths(const struct ovf_root *r, const char *const *paths, int n,
		   int timeout_ms, int *missing);

/* Milliseconds of CLOCK_MONOTONIC. */
long long ovf_now_ms(void);

/* Sleep @ms milliseconds, across signals. */
void ovf_sleep_ms(int ms);

#endif

// SPDX-License-Identifier: GPL-2.0-or-later
/* The one flock poller, path polling and the monotonic clock. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <time.h>
#include <unistd.h>

#include "ovf/lock.h"

#define POLL_MS 10

long long ovf_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

void ovf_sleep_ms(int ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

/* Microseconds of CLOCK_MONOTONIC: a timeout is never cut short by rounding. */
static long long now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000LL + ts.tv_nsec / 1000;
}

int ovf_flock_wait(int fd, int timeout_ms)
{
	long long t0 = now_us(), left;
	struct timespec nap;

	for (;;) {
		if (!flock(fd, LOCK_EX | LOCK_NB))
			return 0;
		if (errno == EINTR)
			continue;
		if (errno != EWOULDBLOCK)
			return -errno;
		left = POLL_MS * 1000LL;
		if (timeout_ms >= 0) {
			left = timeout_ms * 1000LL - (now_us() - t0);
			if (left <= 0)
				return -ETIMEDOUT;
			if (left > POLL_MS * 1000LL)
				left = POLL_MS * 1000LL;
		}
		nap.tv_sec = 0;
		nap.tv_nsec = left * 1000;
		nanosleep(&nap, NULL);
	}
}

int ovf_lock_wait(const struct ovf_root *r, const char *path, int timeout_ms)
{
	char dir[PATH_MAX], *slash;
	int fd, err;

	snprintf(dir, sizeof(dir), "%s", path);
	slash = strrchr(dir, '/');
	if (slash) {
		*slash = '\0';
		err = ovf_mkdir_p(r, dir);
		if (err < 0)
			return err;
	}
	/*
	 * run/lock is world-writable: never follow a link planted there. A
	 * program we start must not inherit (and so keep) the lock.
	 */
	fd = ovf_open(r, path, O_RDONLY | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0644);
	if (fd < 0)
		return fd;
	err = ovf_flock_wait(fd, timeout_ms);
	if (err < 0) {
		close(fd);
		return err;
	}
	return fd;
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
		ovf_sleep_ms(20);
	}
}

// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * rusage.c - run a command and report its wall time and peak RSS, for the
 * tests/vm scripts.  Built static; not part of the toolkit.
 *
 * Usage: rusage CMD [ARG]...
 *
 * Prints "rusage: wall MS ms, user MS ms, sys MS ms, maxrss KIB KiB" on
 * stderr once CMD ends (wait4's ru_maxrss) and exits with CMD's status
 * (128 + signal when it was killed, 127 when it could not be run).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static double tv_ms(const struct timeval *tv)
{
	return tv->tv_sec * 1e3 + tv->tv_usec / 1e3;
}

int main(int argc, char **argv)
{
	struct rusage ru;
	double t0;
	pid_t pid;
	int st;

	if (argc < 2) {
		fprintf(stderr, "usage: rusage CMD [ARG]...\n");
		return 127;
	}
	t0 = now_ms();
	pid = fork();
	if (pid < 0) {
		fprintf(stderr, "rusage: fork: %s\n", strerror(errno));
		return 127;
	}
	if (!pid) {
		execvp(argv[1], argv + 1);
		fprintf(stderr, "rusage: cannot run %s: %s\n", argv[1], strerror(errno));
		_exit(127);
	}
	while (wait4(pid, &st, 0, &ru) < 0) {
		if (errno != EINTR) {
			fprintf(stderr, "rusage: wait4: %s\n", strerror(errno));
			return 127;
		}
	}
	fprintf(stderr, "rusage: wall %.0f ms, user %.0f ms, sys %.0f ms, maxrss %ld KiB\n",
		now_ms() - t0, tv_ms(&ru.ru_utime), tv_ms(&ru.ru_stime), ru.ru_maxrss);
	if (WIFSIGNALED(st))
		return 128 + WTERMSIG(st);
	return WEXITSTATUS(st);
}

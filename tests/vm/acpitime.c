// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * acpitime.c - guest-side timer for tests/vm: evaluates ACPI methods through
 * acpi_call's /proc/acpi/call (or reads a file range) and prints how long
 * each took.  Built static by the VM scripts; not part of the toolkit.
 *
 * Usage: acpitime CALL...          one line per call: "<ms> <result>"
 *        acpitime -r FILE OFF LEN  time one pread of LEN bytes at OFF
 *        acpitime -s METHOD SIZE   call "METHOD off 0x1000" for off = 0,
 *                                  4096, ... < SIZE; print total, first
 *                                  and max
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* Returns 0 on success, -errno on failure; result goes to buf. */
static int acpi_eval(const char *call, char *buf, size_t size, double *ms)
{
	double t0;
	ssize_t n;
	int fd;

	fd = open("/proc/acpi/call", O_RDWR | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	t0 = now_ms();
	if (write(fd, call, strlen(call)) < 0) {
		close(fd);
		return -errno;
	}
	*ms = now_ms() - t0;
	/* one read must take the whole result, or acpi_call returns 0 */
	n = pread(fd, buf, size - 1, 0);
	close(fd);
	if (n < 0)
		return -errno;
	buf[n] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
	return 0;
}

static int time_read(const char *path, long off, long len)
{
	char *buf = malloc(len);
	double t0, ms;
	ssize_t n;
	int fd;

	if (!buf)
		return 1;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		fprintf(stderr, "acpitime: cannot open %s: %s\n", path, strerror(errno));
		return 1;
	}
	t0 = now_ms();
	n = pread(fd, buf, len, off);
	ms = now_ms() - t0;
	close(fd);
	printf("%10.3f read %ld@%ld -> %zd\n", ms, len, off, n);
	free(buf);
	return n == len ? 0 : 1;
}

static int time_sequential(const char *method, long size)
{
	double ms, total = 0, max = 0, first = 0;
	long off, max_off = 0;
	char call[256], res[4096];

	for (off = 0; off < size; off += 4096) {
		snprintf(call, sizeof(call), "%s 0x%lx 0x1000", method, off);
		if (acpi_eval(call, res, sizeof(res), &ms) || !strncmp(res, "Error", 5)) {
			printf("%s -> %s\n", call, res);
			return 1;
		}
		total += ms;
		if (!off)
			first = ms;
		if (ms > max) {
			max = ms;
			max_off = off;
		}
	}
	printf("%10.3f sequential %s, %ld calls, first %.3f ms, max %.3f ms at 0x%lx\n",
	       total, method, size / 4096, first, max, max_off);
	return 0;
}

int main(int argc, char **argv)
{
	char res[4096];
	int i, rc = 0;
	double ms = 0;

	if (argc == 5 && !strcmp(argv[1], "-r"))
		return time_read(argv[2], atol(argv[3]), atol(argv[4]));
	if (argc == 4 && !strcmp(argv[1], "-s"))
		return time_sequential(argv[2], atol(argv[3]));
	if (argc < 2) {
		fprintf(stderr, "usage: acpitime CALL... | acpitime -r FILE OFF LEN\n");
		return 1;
	}
	for (i = 1; i < argc; i++) {
		int err = acpi_eval(argv[i], res, sizeof(res), &ms);

		if (err) {
			printf("%10.3f %s -> %s\n", 0.0, argv[i], strerror(-err));
			rc = 1;
			continue;
		}
		printf("%10.3f %s -> %.100s\n", ms, argv[i], res);
		if (!strncmp(res, "Error", 5))
			rc = 1;
	}
	return rc;
}

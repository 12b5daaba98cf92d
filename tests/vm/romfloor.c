// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * romfloor.c - the floor under dump_vbios_rom_acpi for tests/vm/bench.sh:
 * makes the same _ROM calls the dumper makes for a SIZE-byte ROM, bare.
 * Built static by the VM scripts; not part of the toolkit.
 *
 * Usage: romfloor METHOD SIZE
 *
 * Call list (the dumper's, see read_rom() in src/dump_vbios_rom_acpi.c):
 * "METHOD 0x0 0x1000" first; acpi_call cuts the answer to N values (42 for
 * acpi_call 1.2.2), so from then on N-byte calls front to back, each cut
 * short at a 4 KiB boundary and at SIZE.  Per call: open/write/close and
 * open/read/close of /proc/acpi/call, nothing else (no parsing beyond
 * counting the first answer's values, no copying).
 *
 * Prints "romfloor: CALLS calls, TOTAL ms, CHUNK bytes a call".
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define ACPI_CALL "/proc/acpi/call"
#define PAGE 4096UL

static char res[4096];

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* One call; returns the answer's length or -1 (message printed). */
static ssize_t call(const char *cmd)
{
	ssize_t n;
	int fd;

	fd = open(ACPI_CALL, O_WRONLY | O_CLOEXEC);
	if (fd < 0 || write(fd, cmd, strlen(cmd)) < 0) {
		fprintf(stderr, "romfloor: write %s: %s\n", ACPI_CALL, strerror(errno));
		return -1;
	}
	close(fd);
	fd = open(ACPI_CALL, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		fprintf(stderr, "romfloor: open %s: %s\n", ACPI_CALL, strerror(errno));
		return -1;
	}
	n = read(fd, res, sizeof(res) - 1);
	close(fd);
	if (n <= 0 || res[0] != '{') {
		res[n > 0 ? n : 0] = '\0';
		fprintf(stderr, "romfloor: '%s' -> '%s'\n", cmd, res);
		return -1;
	}
	res[n] = '\0';
	return n;
}

int main(int argc, char **argv)
{
	unsigned long size, have, want, chunk = 0, calls = 0;
	char cmd[512];
	double t0, total;
	const char *p;

	if (argc != 3) {
		fprintf(stderr, "usage: romfloor METHOD SIZE\n");
		return 1;
	}
	size = strtoul(argv[2], NULL, 0);
	t0 = now_ms();
	snprintf(cmd, sizeof(cmd), "%s 0x0 0x%lx", argv[1], PAGE);
	if (call(cmd) < 0)
		return 1;
	calls++;
	for (p = res; (p = strstr(p, "0x")); p += 2)
		chunk++;
	if (!chunk) {
		fprintf(stderr, "romfloor: empty first answer\n");
		return 1;
	}
	for (have = chunk; have < size; have += want, calls++) {
		want = PAGE - have % PAGE;
		if (want > chunk)
			want = chunk;
		if (want > size - have)
			want = size - have;
		snprintf(cmd, sizeof(cmd), "%s 0x%lx 0x%lx", argv[1], have, want);
		if (call(cmd) < 0)
			return 1;
	}
	total = now_ms() - t0;
	printf("romfloor: %lu calls, %.0f ms, %lu bytes a call\n", calls, total, chunk);
	return 0;
}

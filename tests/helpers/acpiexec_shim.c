// SPDX-License-Identifier: GPL-2.0-or-later
/* LD_PRELOAD shim for acpiexec behind fake_acpi_call: a line-buffered stdout, sleeps that return at once. */

/*
 * acpiexec's debugger sleeps 10 ms after each command it executes; over
 * the thousands of _ROM calls of one dump that is most of a test's time.
 * Nothing it sleeps for is waited on otherwise: AML's own Sleep and the
 * method timeouts are not measured with these calls.
 * Its stdout is a pipe to fake_acpi_call, which waits for each answer
 * line by line: a block-buffered stdout would hold the answer back.
 */
#include <stdio.h>
#include <time.h>
#include <unistd.h>

static void __attribute__((constructor)) line_buffered(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
}

int nanosleep(const struct timespec *req, struct timespec *rem)
{
	(void)req;
	(void)rem;
	return 0;
}

int clock_nanosleep(clockid_t clk, int flags, const struct timespec *req,
		    struct timespec *rem)
{
	(void)clk;
	(void)flags;
	(void)req;
	(void)rem;
	return 0;
}

int usleep(useconds_t usec)
{
	(void)usec;
	return 0;
}

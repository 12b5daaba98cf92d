// SPDX-License-Identifier: GPL-2.0-or-later
/* Message helpers shared by the tools, so every tool words errors the same way. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <unistd.h>

#include "ovf/tool.h"
#include "ovf/util.h"

const char *ovf_prog = "optimus-vfio";

static void vmsg(const char *prefix, const char *fmt, va_list ap)
{
	fprintf(stderr, "%s: %s", ovf_prog, prefix);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

void ovf_errx(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg("", fmt, ap);
	va_end(ap);
}

void ovf_warnx(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg("warning: ", fmt, ap);
	va_end(ap);
}

void ovf_try_help(void)
{
	fprintf(stderr, "Try '%s --help'.\n", ovf_prog);
}

int ovf_no_operands(int argc, char *const argv[])
{
	if (optind >= argc)
		return 0;
	ovf_errx("unexpected argument '%s'", argv[optind]);
	ovf_try_help();
	return -1;
}

void ovf_print_version(void)
{
	printf("%s (optimus-vfio) %s\n", ovf_prog, OVF_VERSION);
}

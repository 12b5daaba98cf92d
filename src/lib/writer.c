// SPDX-License-Identifier: GPL-2.0-or-later
/* The logged writer: a write under the root, or in a dry run only its log line. */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "ovf/writer.h"

int ovf_writer_put(struct ovf_writer *w, const char *path, const char *value)
{
	char disp[PATH_MAX + 64], shown[512];
	size_t n;
	int err = 0;

	if (!w->dry_run) {
		err = ovf_write_str(w->root, path, value);
		if (err < 0)
			return err;
	}
	w->writes++;
	if (w->log) {
		n = strlen(value);
		if (n && value[n - 1] == '\n')
			n--;
		if (n >= sizeof(shown))
			n = sizeof(shown) - 1;
		memcpy(shown, value, n);
		shown[n] = '\0';
		w->log(w->arg, ovf_root_display(w->root, path, disp, sizeof(disp)),
		       shown);
	}
	return err;
}

int ovf_writer_putf(struct ovf_writer *w, const char *value, const char *fmt, ...)
{
	char path[PATH_MAX];
	va_list ap;
	int err;

	va_start(ap, fmt);
	err = ovf_vpathf(path, sizeof(path), fmt, ap);
	va_end(ap);
	return err < 0 ? err : ovf_writer_put(w, path, value);
}

/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The logged writer every hardware write of a tool goes through, with dry run. */
#ifndef OVF_WRITER_H
#define OVF_WRITER_H

#include "ovf/root.h"

/* Internal to optimus-vfio; not a stable interface. */

/*
 * Every write a tool makes to hardware goes through a writer: with @dry_run
 * it only reports the write, else it writes and reports. @log (may be NULL)
 * gets the full display path and the value without its trailing newline;
 * the tool prints "path <- value".
 */
struct ovf_writer {
	const struct ovf_root *root;
	int dry_run;
	void (*log)(void *arg, const char *path, const char *value);
	void *arg;
	unsigned long writes;	/* writes done (or planned), for "changed?" */
};

/* Write @value to @path (root-relative) or, in a dry run, only log it. */
int ovf_writer_put(struct ovf_writer *w, const char *path, const char *value);

/* printf-formatted path: ovf_writer_putf(w, "1", "sys/.../%s/remove", a). */
int ovf_writer_putf(struct ovf_writer *w, const char *value, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif

/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Show two versions of a text as a unified diff, through diff(1). */
#ifndef OVF_DIFF_H
#define OVF_DIFF_H

#include <stddef.h>

#include "ovf/err.h"

/* Internal to optimus-vfio; not a stable interface. */

/*
 * Run "diff -u" on @a and @b, labelled "@label (old)" and "@label (new)",
 * its output to @fd.  Both go to private temp files "$TMPDIR/@prefix.XXXXXX"
 * (default /tmp), on the signal undo list while they exist and removed
 * before return.  0 (also when the two differ), or -errno with @e set:
 * action "create temporary file in" TMPDIR, "write" the temp file, "run"
 * diff, or -EPROTO with the reason "diff failed (exit status N)".
 */
int ovf_diff_u(const char *prefix, const char *label, const char *a, size_t alen,
	       const char *b, size_t blen, int fd, struct ovf_err *e);

#endif

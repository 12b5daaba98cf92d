/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The one error record the library fills: errno, what it was doing, on which path. */
#ifndef OVF_ERR_H
#define OVF_ERR_H

/* Internal to optimus-vfio; not a stable interface. */

/*
 * Every library call that can fail takes a struct ovf_err * (NULL: the
 * caller does not care) and, on failure, fills it and returns -errno.
 * The tool prints it as "prog: ACTION PATH: REASON" (ovf_err_print in
 * ovf/tool.h). REASON is @reason when set (what was wrong with the
 * content: "no NVIDIA display device", "not a PCI address"), otherwise
 * strerror(@err). The library words facts, never advice naming a CLI option.
 */
struct ovf_err {
	int err;		/* positive errno; 0: no error recorded */
	char action[64];	/* what was being done: "read", "write", "open", "parse" */
	char path[4200];	/* the path it was done on; "" when none */
	char reason[512];	/* "" means strerror(err) */
};

/* Clear @e (NULL is fine). */
void ovf_err_clear(struct ovf_err *e);

/*
 * Record @err (positive or negative errno) with @action on the path
 * formatted by @pathfmt (NULL: none). Returns -|err|, so a caller can
 * "return ovf_err_set(e, ...)". A NULL @e records nothing.
 */
int ovf_err_set(struct ovf_err *e, int err, const char *action,
		const char *pathfmt, ...) __attribute__((format(printf, 4, 5)));

struct ovf_root;
/*
 * ovf_err_set() for a path under @r's root: the path recorded is the one a
 * user sees (ovf_root_display: "/sys/..." or "SYSROOT/sys/...").
 */
int ovf_err_root(struct ovf_err *e, const struct ovf_root *r, int err,
		 const char *action, const char *pathfmt, ...)
	__attribute__((format(printf, 5, 6)));

/*
 * Set the reason (what was wrong) of an error already recorded, or of a
 * new one when @e->err is 0 (then @err is used). Returns -|err|.
 */
int ovf_err_reason(struct ovf_err *e, int err, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* The reason words: @e->reason, or strerror(@e->err). */
const char *ovf_err_why(const struct ovf_err *e);

#endif

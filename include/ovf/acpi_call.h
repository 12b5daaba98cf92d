/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Client for the acpi_call module's /proc/acpi/call, and its result parser. */
#ifndef OVF_ACPI_CALL_H
#define OVF_ACPI_CALL_H

#include <stddef.h>
#include <stdint.h>

#include "ovf/root.h"

#define OVF_ACPI_CALL_PATH "proc/acpi/call"
#define OVF_ACPI_CALL_LOCK "run/lock/optimus-vfio-acpi_call.lock"

enum ovf_acpi_type {
	OVF_ACPI_INTEGER,
	OVF_ACPI_STRING,
	OVF_ACPI_BUFFER,
	OVF_ACPI_PACKAGE,
	OVF_ACPI_ERROR,		/* "Error: AE_..." */
	OVF_ACPI_NOT_CALLED,	/* "not called" */
	OVF_ACPI_OTHER,		/* "Object type 0x.." and the like */
};

struct ovf_acpi_result {
	enum ovf_acpi_type type;
	uint64_t integer;
	/* STRING: the string; ERROR: the AE_ code; OTHER: the raw text */
	char *str;
	/* BUFFER: the bytes that arrived; PACKAGE: the raw text in str */
	uint8_t *buf;
	size_t len;
	/* BUFFER or PACKAGE cut off by the module's result buffer */
	int truncated;
};

/*
 * Parse the text acpi_call printed. Returns 0 (and fills @res, free with
 * ovf_acpi_result_free) or -EBADMSG for text that is none of its formats.
 */
int ovf_acpi_parse(const char *text, struct ovf_acpi_result *res);
void ovf_acpi_result_free(struct ovf_acpi_result *res);
const char *ovf_acpi_type_name(enum ovf_acpi_type t);

struct ovf_acpi_call {
	const struct ovf_root *root;
	int lockfd;
	unsigned long ncalls;
};

/*
 * Check that proc/acpi/call exists under the root (-ENOENT: module not
 * loaded) and take the advisory lock (flock on OVF_ACPI_CALL_LOCK under the
 * root, created if missing, never through a symlink: -ELOOP), waiting at
 * most @lock_timeout_ms (-ETIMEDOUT). On failure @e says which: action
 * "open" on OVF_ACPI_CALL_PATH or "lock" on OVF_ACPI_CALL_LOCK (shown as
 * the user sees it), and for -ETIMEDOUT a reason naming the wait.
 */
struct ovf_err;
int ovf_acpi_call_open(struct ovf_acpi_call *c, const struct ovf_root *root,
		       int lock_timeout_ms, struct ovf_err *e);
void ovf_acpi_call_close(struct ovf_acpi_call *c);

/*
 * One evaluation: open/write/close the command, then open/read/close the
 * result in a single read() with a buffer large enough for any result.
 * @out gets the text with the trailing NUL/newline stripped.
 * Returns its length or -errno (-EIO for an empty read).
 */
ssize_t ovf_acpi_call_raw(struct ovf_acpi_call *c, const char *cmd, char *out,
			  size_t outlen);

/* ovf_acpi_call_raw() + ovf_acpi_parse(). */
int ovf_acpi_call_eval(struct ovf_acpi_call *c, const char *cmd,
		       struct ovf_acpi_result *res);

/*
 * Normalise an ACPI path as sysfs firmware_node/path prints it
 * ("\_SB_.PCI0.S08_.S00_") into the form acpi_call takes; validates the
 * characters (returns -EINVAL for anything outside [A-Z0-9_.\^]).
 */
int ovf_acpi_path_normalise(const char *in, char *out, size_t outlen);

#endif

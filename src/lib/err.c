// SPDX-License-Identifier: GPL-2.0-or-later
/* The library's one error record (ovf/err.h). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ovf/err.h"
#include "ovf/root.h"

void ovf_err_clear(struct ovf_err *e)
{
	if (e)
		memset(e, 0, sizeof(*e));
}

int ovf_err_set(struct ovf_err *e, int err, const char *action,
		const char *pathfmt, ...)
{
	va_list ap;

	err = abs(err);
	if (!e)
		return -err;
	memset(e, 0, sizeof(*e));
	e->err = err;
	snprintf(e->action, sizeof(e->action), "%s", action ? action : "");
	if (pathfmt) {
		va_start(ap, pathfmt);
		vsnprintf(e->path, sizeof(e->path), pathfmt, ap);
		va_end(ap);
	}
	return -err;
}

int ovf_err_root(struct ovf_err *e, const struct ovf_root *r, int err,
		 const char *action, const char *pathfmt, ...)
{
	char rel[sizeof(e->path)];
	va_list ap;

	err = abs(err);
	if (!e)
		return -err;
	ovf_err_set(e, err, action, NULL);
	va_start(ap, pathfmt);
	vsnprintf(rel, sizeof(rel), pathfmt, ap);
	va_end(ap);
	ovf_root_display(r, rel, e->path, sizeof(e->path));
	return -err;
}

int ovf_err_reason(struct ovf_err *e, int err, const char *fmt, ...)
{
	va_list ap;

	err = abs(err);
	if (!e)
		return -err;
	if (!e->err)
		e->err = err;
	va_start(ap, fmt);
	vsnprintf(e->reason, sizeof(e->reason), fmt, ap);
	va_end(ap);
	return -e->err;
}

const char *ovf_err_why(const struct ovf_err *e)
{
	if (e->reason[0])
		return e->reason;
	return strerror(e->err);
}

// SPDX-License-Identifier: GPL-2.0-or-later
/* ACPI namespace path syntax and QEMU fw_cfg file names (ovf/acpipath.h). */
#include <errno.h>
#include <string.h>

#include "ovf/acpipath.h"

/*
 * The value goes into the path field, so a tool can word "invalid OPTION
 * 'VALUE': REASON" around it.  A macro keeps the -EINVAL visible at the
 * call site for the static analyzer (it does not enter variadic calls).
 */
#define bad(e, val, ...) \
	(ovf_err_set((e), EINVAL, "check", "%s", (val)), \
	 ovf_err_reason((e), EINVAL, __VA_ARGS__), -EINVAL)

static int is_seg_char(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

int ovf_acpi_path_check(const char *path, unsigned int min_segs,
			struct ovf_err *e)
{
	unsigned int nsegs = 0;
	const char *p, *seg;

	if (!path || path[0] != '\\')
		return bad(e, path ? path : "", "must start with '\\'");
	if (!path[1]) {
		if (!min_segs)
			return 0;
		return bad(e, path, "names no device");
	}
	if (strlen(path) >= OVF_ACPI_PATH_MAX)
		return bad(e, path, "too long");
	p = path + 1;
	for (;;) {
		seg = p;
		while (is_seg_char(*p))
			p++;
		/* ACPI name segments are 1-4 characters and never start with a digit. */
		if (p == seg || p - seg > 4 || (*seg >= '0' && *seg <= '9'))
			return bad(e, path, "segment '%.*s' is not 1-4 of A-Z, 0-9, _ "
				   "starting with a letter or _",
				   (int)strcspn(seg, "."), seg);
		nsegs++;
		if (!*p)
			break;
		if (*p != '.')
			return bad(e, path, "unexpected '%c'", *p);
		p++;
	}
	if (nsegs < min_segs)
		return bad(e, path, "needs at least %u segments", min_segs);
	return 0;
}

int ovf_acpi_path_split(const char *path, char *parent, size_t psize,
			char *seg, size_t ssize)
{
	const char *dot = strrchr(path, '.');
	size_t plen;

	if (path[0] != '\\' || !path[1])
		return -EINVAL;
	plen = dot ? (size_t)(dot - path) : 1;
	if (plen >= psize || strlen(path + plen + (dot ? 1 : 0)) >= ssize)
		return -ENAMETOOLONG;
	memcpy(parent, path, plen);
	parent[plen] = '\0';
	strcpy(seg, path + plen + (dot ? 1 : 0));
	return 0;
}

int ovf_fw_cfg_name_check(const char *name, struct ovf_err *e)
{
	const unsigned char *p;

	if (!name || strncmp(name, "opt/", 4) != 0)
		return bad(e, name ? name : "", "must start with 'opt/'");
	if (strlen(name) > OVF_FW_CFG_NAME_MAX)
		return bad(e, name, "%zu bytes, at most %d", strlen(name),
			   OVF_FW_CFG_NAME_MAX);
	if (!name[4])
		return bad(e, name, "nothing after 'opt/'");
	for (p = (const unsigned char *)name; *p; p++) {
		/* The name is pasted into ASL strings and XML attributes. */
		if (*p < 0x20 || *p > 0x7e || *p == '"' || *p == '\'' || *p == '\\')
			return bad(e, name, "only printable ASCII without quotes "
				   "or backslashes");
	}
	return 0;
}

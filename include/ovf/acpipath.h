/* SPDX-License-Identifier: GPL-2.0-or-later */
/* ACPI namespace path syntax and QEMU fw_cfg file names: checks both tools share. */
#ifndef OVF_ACPIPATH_H
#define OVF_ACPIPATH_H

#include <stddef.h>

#include "ovf/err.h"

/* Internal to optimus-vfio; not a stable interface. */

/* Longest ACPI path we build: \ + 256 levels of "XXXX." is far beyond PCI. */
#define OVF_ACPI_PATH_MAX 256
/* fw_cfg names live in a 56-byte field that must keep its NUL. */
#define OVF_FW_CFG_NAME_MAX 55

/*
 * Check an absolute ACPI path: "\" then dot-separated segments of 1-4 of
 * [A-Z0-9_], not starting with a digit, at least @min_segs of them.
 * 0, or -EINVAL with @e's path set to @path and its reason to what is
 * wrong ("must start with '\'"); the caller names where the path came from.
 */
int ovf_acpi_path_check(const char *path, unsigned int min_segs,
			struct ovf_err *e);

/* Split @path into parent ("\" for a root child) and last segment. 0 or -EINVAL. */
int ovf_acpi_path_split(const char *path, char *parent, size_t psize,
			char *seg, size_t ssize);

/*
 * fw_cfg file name: starts with "opt/", at most 55 bytes, printable ASCII
 * without quotes or backslashes (it ends up in ASL and XML strings).
 * 0, or -EINVAL with @e's path set to @name and its reason to what is wrong.
 */
int ovf_fw_cfg_name_check(const char *name, struct ovf_err *e);

#endif

/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The optional "key = value" configuration file (/etc/optimus-vfio.conf). */
#ifndef OVF_CONFIG_H
#define OVF_CONFIG_H

#include <stddef.h>
#include <sys/stat.h>

#include "ovf/root.h"

/* Internal to optimus-vfio; not a stable interface. */

#define OVF_CONFIG_FILE "etc/optimus-vfio.conf"

/*
 * Called once per setting, in file order, with @line its line number.
 * Return 0 to go on or a negative errno to stop parsing (which
 * ovf_config_parse then returns).
 */
typedef int (*ovf_config_cb)(void *arg, const char *key, const char *value,
			     unsigned int line);

/*
 * Parse @text: one "key = value" per line; blank lines and lines starting
 * with '#' (after blanks) are skipped; blanks around key and value are cut;
 * keys are [a-z0-9-]+; a value may be empty. Returns 0, the callback's
 * error, or -EBADMSG for a line that is not a setting (*errline set).
 */
int ovf_config_parse(const char *text, ovf_config_cb cb, void *arg,
		     unsigned int *errline);

/*
 * May a root-run tool act on a config file with this stat: a regular file,
 * owned by root or @euid, not writable by others, nor by a group other
 * than root's. 0, or -EPERM with @why (a short reason) set.
 */
int ovf_config_trusted(const struct stat *st, uid_t euid, const char **why);

/*
 * Read the config file @path under the root into a malloc'd string.
 * 0, -ENOENT (no file) or -errno.
 */
int ovf_config_read(const struct ovf_root *r, const char *path, char **text);

struct ovf_err;
/*
 * The config a root-run tool acts on: the host file @file or, when NULL,
 * OVF_CONFIG_FILE under the root, which may be missing (-ENOENT, nothing
 * recorded). It must pass ovf_config_trusted(). The text (malloc'd) goes
 * to *@text; 0, or -errno with @e: "refusing config PATH: WHY", "read PATH".
 */
int ovf_config_load(const struct ovf_root *r, const char *file, char **text,
		    struct ovf_err *e);

#endif

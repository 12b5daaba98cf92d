/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Kernel modules: state read under the sysroot, remove/insert through libkmod. */
#ifndef OVF_KMOD_H
#define OVF_KMOD_H

#include <stddef.h>

#include "ovf/err.h"
#include "ovf/root.h"

/* Internal to optimus-vfio; not a stable interface. */

#define OVF_MODNAME_MAX 64
#define OVF_MOD_HOLDERS_MAX 32

/*
 * What <root>/sys/module/<name>/ says. A module is loaded when it has a
 * refcnt file there (built-in ones have a directory but no refcnt) or a
 * line in <root>/proc/modules.
 */
struct ovf_mod_state {
	int loaded;
	int builtin;
	long refcnt;		/* -1 when unknown */
	int nholders;
	char holders[OVF_MOD_HOLDERS_MAX][OVF_MODNAME_MAX];
};

/* "nvidia-drm" and "nvidia_drm" are one module: dashes become underscores. */
int ovf_mod_name_norm(const char *in, char *out, size_t len);

/* A valid module name ([A-Za-z0-9_-], 1..63 characters). */
int ovf_mod_name_valid(const char *name);

/*
 * Fill @st for module @name. 0 or -errno, with @e naming the file (or
 * directory) that could not be read.
 */
int ovf_mod_state(const struct ovf_root *r, const char *name,
		  struct ovf_mod_state *st, struct ovf_err *e);

/*
 * Order @names (normalised, @n of them) so every module comes after the
 * loaded modules of the list that hold it: holders first, the order for
 * removal. Returns 0, -ELOOP for a holder cycle, or the -errno of a failed
 * read, with @e filled.
 */
int ovf_mod_unload_order(const struct ovf_root *r, char names[][OVF_MODNAME_MAX],
			 int n, struct ovf_err *e);

/*
 * The query, no policy: which of @names are loaded now, in removal order
 * (holders first), into @out with their state in @st (room for @n each).
 * Returns how many, or -errno with @e filled.
 */
int ovf_mod_loaded(const struct ovf_root *r,
		   const char names[][OVF_MODNAME_MAX], int n,
		   char out[][OVF_MODNAME_MAX], struct ovf_mod_state *st,
		   struct ovf_err *e);

/*
 * The libkmod seam. Removal is delete_module() by name (never waits for
 * users: O_NONBLOCK). Insertion looks the module up (aliases included) in
 * <root>/lib/modules/<release>/ with <release> from
 * <root>/proc/sys/kernel/osrelease, takes options from <root>/etc/modprobe.d,
 * <root>/run/modprobe.d and <root>/lib/modprobe.d, and inserts the
 * dependencies that are not loaded (as <root>/sys/module says) first.
 * modprobe.d install/remove commands and softdeps are not run.
 */
struct ovf_kmod;

int ovf_kmod_open(struct ovf_kmod **kp, const struct ovf_root *r);
void ovf_kmod_close(struct ovf_kmod *k);

/* Remove one module. 0 or -errno (-EAGAIN/-EWOULDBLOCK: in use). */
int ovf_kmod_remove(struct ovf_kmod *k, const char *name);

/*
 * Insert @name and its missing dependencies. @failed gets the module that
 * failed (a dependency, or @name; "" for a lookup failure). 0, -ENOENT
 * (no such module in the modules directory) or -errno from the kernel.
 */
int ovf_kmod_insert(struct ovf_kmod *k, const char *name, char *failed,
		    size_t len);

/* The modules directory in use, for messages. */
const char *ovf_kmod_dir(const struct ovf_kmod *k);

#endif

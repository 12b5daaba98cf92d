/* SPDX-License-Identifier: GPL-2.0-or-later */
/* PCI driver_override: logged sysfs writes, set/verify, persistent udev rules. */
#ifndef OVF_OVERRIDE_H
#define OVF_OVERRIDE_H

#include <stddef.h>

#include "ovf/pciaddr.h"
#include "ovf/root.h"
#include "ovf/writer.h"

/* Internal to optimus-vfio; not a stable interface. */

#define OVF_DRIVER_MAX 64

/* A kernel driver name: [A-Za-z0-9_-]{1,63}. "none" is one too. */
int ovf_driver_name_valid(const char *name);

/*
 * Current driver_override of @addr in @buf: "" for no override (the kernel
 * prints "(null)" or an empty line, depending on the version). 0 or -errno
 * (-ENODEV: no such device).
 */
int ovf_override_get(const struct ovf_root *r, const char *addr, char *buf,
		     size_t len);

/* The bound driver of @addr ("" when unbound). 0 or -errno (-ENODEV). */
int ovf_pci_bound_driver(const struct ovf_root *r, const char *addr, char *buf,
			 size_t len);

/* What ovf_override_set/restore/clear found on the way, for the caller. */
struct ovf_override_result {
	char before[OVF_DRIVER_MAX];	/* driver bound before */
	char after[OVF_DRIVER_MAX];	/* driver bound after (verify) */
	char override[OVF_DRIVER_MAX];	/* driver_override before ("": none) */
	/*
	 * The rebind had begun (unbind, drivers_probe or the verification):
	 * a failure now may leave the device half-way, not as it was.
	 */
	int halfway;
};

struct ovf_err;
/*
 * Make @addr use @driver ("none": no driver at all): write driver_override
 * if it differs, unbind a different bound driver, write drivers_probe, then
 * read the driver link back. Nothing is written when all is already so.
 * Returns 0 or -errno with @e filled (paths as the user sees them):
 *   -ENODEV  "read" on the device's directory: no such device (before any
 *            write), or "read" on its driver link in the verification;
 *   -ENXIO   "check" on sys/bus/pci/drivers/DRIVER: not registered;
 *   -EPROTO  "verify" on the driver link: another driver (or none) is
 *            bound (res->after says which);
 *   other    "read" or "write" of the attribute that failed.
 * A dry run stops before the verification.
 */
int ovf_override_set(struct ovf_writer *w, const char *addr, const char *driver,
		     struct ovf_override_result *res, struct ovf_err *e);

/*
 * Undo an ovf_override_set() or ovf_override_clear() of @addr whose result
 * was @done (it got past its checks): write back the driver_override it found and, when the bound
 * driver is not the one bound before, unbind the current one and probe so
 * the old one binds again; then read the driver link back. Returns 0,
 * -EPROTO when another driver (or none) is bound than before (res->after
 * says which), or -errno of the failing read/write (@e as for
 * ovf_override_set). A dry run stops before the verification.
 */
int ovf_override_restore(struct ovf_writer *w, const char *addr,
			 const struct ovf_override_result *done,
			 struct ovf_override_result *res, struct ovf_err *e);

/*
 * Clear driver_override of @addr; when the function is unbound, ask
 * drivers_probe so its usual driver can bind. A bound driver stays bound.
 * 0 or -errno with @e filled.
 */
int ovf_override_clear(struct ovf_writer *w, const char *addr,
		       struct ovf_override_result *res, struct ovf_err *e);

/* Persistent overrides: one udev rule per device in one rules file. */
#define OVF_UDEV_RULES_FILE "etc/udev/rules.d/70-optimus-vfio-override.rules"

/*
 * The udev rule line for @addr (no newline): sets driver_override when the
 * device is added and runs "@tool --set DRIVER ADDR" to move it off a
 * driver that was already there.
 */
int ovf_udev_rule(const char *addr, const char *driver, const char *tool,
		  char *buf, size_t len);

/*
 * Add or replace (@driver set) or drop (@driver NULL) the rule of @addr in
 * the rules file under the root, atomically; the file goes away with its
 * last rule. *changed says whether the file changed. A dry run logs the
 * new file as "path <- <first rule line>..." through @w and writes nothing.
 */
int ovf_udev_rule_update(struct ovf_writer *w, const char *addr,
			 const char *driver, const char *tool, int *changed);

/* The persisted driver of @addr ("" for none). 0 or -errno. */
int ovf_udev_rule_get(const struct ovf_root *r, const char *addr, char *buf,
		      size_t len);

#endif

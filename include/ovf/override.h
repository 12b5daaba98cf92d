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

/* Where ovf_override_set() stopped, for the caller's message. */
enum ovf_override_stage {
	OVF_OVR_CHECK,		/* reading state, driver not registered */
	OVF_OVR_WRITE,		/* writing driver_override */
	OVF_OVR_UNBIND,		/* writing the old driver's unbind */
	OVF_OVR_PROBE,		/* writing drivers_probe */
	OVF_OVR_VERIFY,		/* the driver link is not what was asked */
};

struct ovf_override_result {
	enum ovf_override_stage stage;
	char path[512];		/* root-relative path involved */
	char before[OVF_DRIVER_MAX];	/* driver bound before */
	char after[OVF_DRIVER_MAX];	/* driver bound after (verify) */
	char override[OVF_DRIVER_MAX];	/* driver_override before ("": none) */
};

/*
 * Make @addr use @driver ("none": no driver at all): write driver_override
 * if it differs, unbind a different bound driver, write drivers_probe, then
 * read the driver link back. Nothing is written when all is already so.
 * Returns 0, -EPROTO when the outcome differs (res->after says what is
 * bound), -ENXIO when @driver is not a registered PCI driver, or -errno
 * of the failing read/write (res->stage, res->path). A dry run stops
 * before the verification.
 */
int ovf_override_set(struct ovf_writer *w, const char *addr, const char *driver,
		     struct ovf_override_result *res);

/*
 * Undo an ovf_override_set() or ovf_override_clear() of @addr whose result
 * was @done (it got past its checks): write back the driver_override it found and, when the bound
 * driver is not the one bound before, unbind the current one and probe so
 * the old one binds again; then read the driver link back. Returns 0,
 * -EPROTO when another driver (or none) is bound than before (res->after
 * says which), or -errno of the failing read/write (res->stage, res->path).
 * A dry run stops before the verification.
 */
int ovf_override_restore(struct ovf_writer *w, const char *addr,
			 const struct ovf_override_result *done,
			 struct ovf_override_result *res);

/*
 * Clear driver_override of @addr; when the function is unbound, ask
 * drivers_probe so its usual driver can bind. A bound driver stays bound.
 */
int ovf_override_clear(struct ovf_writer *w, const char *addr,
		       struct ovf_override_result *res);

/*
 * The audio functions (class 0403) in the slot of the one NVIDIA GPU.
 * Returns how many were found (stored up to @max) or -errno from the
 * lookup (-ENODEV no NVIDIA GPU, -EEXIST several; @gpu gets the GPU's
 * address when there is one).
 */
struct ovf_pci;
int ovf_nvidia_audio_funcs(struct ovf_pci *p, struct ovf_pci_addr *gpu,
			   struct ovf_pci_addr *out, int max);

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

/* SPDX-License-Identifier: GPL-2.0-or-later */
/* PCI device lookup through libpci, under the sysroot. */
#ifndef OVF_PCIDEV_H
#define OVF_PCIDEV_H

#include <stdint.h>

#include "ovf/pciaddr.h"
#include "ovf/root.h"

#define OVF_VENDOR_NVIDIA 0x10de
#define OVF_PCI_CLASS_DISPLAY 0x03	/* base class */
#define OVF_PCI_CLASS_AUDIO 0x0403	/* multimedia / HD audio */

struct ovf_pcidev {
	struct ovf_pci_addr addr;
	uint16_t vendor, device;
	uint16_t subsys_vendor, subsys_device;
	uint32_t class_code;		/* 24-bit: base, sub, prog-if */
	char vendor_name[128];
	char device_name[256];
	int has_parent;
	struct ovf_pci_addr parent;	/* the upstream bridge */
	char driver[64];		/* "" when unbound */
	int iommu_group;		/* -1 when none */
	char acpi_path[256];		/* firmware_node/path, "" when none */
	int acpi_path_err;		/* 0, or -errno reading it (-ENOENT: none) */
};

struct ovf_pci;	/* a libpci session bound to one sysroot */

struct ovf_err;
/*
 * Start libpci on <root>/sys/bus/pci. libpci never exits the process: its
 * errors come back as -EIO, here and from every later call on the session,
 * with @e (NULL: not wanted; it must outlive the session) saying action
 * "scan" on <root>/sys/bus/pci and libpci's own words (which name the file
 * it could not read) as the reason. On any return *pp is set (or NULL for
 * -ENOMEM); always ovf_pci_close() it.
 */
int ovf_pci_open(struct ovf_pci **pp, const struct ovf_root *root,
		 struct ovf_err *e);
void ovf_pci_close(struct ovf_pci *p);

/* Fill @d for @addr. -ENODEV when there is no such device. */
int ovf_pci_get(struct ovf_pci *p, const struct ovf_pci_addr *addr,
		struct ovf_pcidev *d);

/*
 * All devices matching vendor (0xffff: any) and base class (-1: any), in bus
 * order. Returns the count found (may exceed @max; only @max are stored) or
 * -errno.
 */
int ovf_pci_find(struct ovf_pci *p, unsigned int vendor, int base_class,
		 struct ovf_pcidev *out, int max);

/*
 * The one NVIDIA display-class function. -ENODEV for none, -EEXIST
 * (with @count set) for several; the candidates are in @cands if given.
 */
int ovf_pci_find_nvidia_gpu(struct ovf_pci *p, struct ovf_pcidev *gpu,
			    struct ovf_pcidev *cands, int max, int *count);

#endif

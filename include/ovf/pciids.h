/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The names pci.ids gives PCI vendor and device IDs (through libpci, no device access). */
#ifndef OVF_PCIIDS_H
#define OVF_PCIIDS_H

#include <stddef.h>
#include <stdint.h>

struct ovf_pci_name {
	uint16_t vendor, device;	/* the IDs to name (in) */
	char vendor_name[128];		/* "" where pci.ids has none */
	char device_name[256];
};

/*
 * Fill the names of the @n IDs at @names from the pci.ids file @ids_file
 * (NULL: libpci's default). Reads only that file: no sysfs, no hwdb.
 * Returns 0; -ENOMEM; -EINVAL when libpci cannot read the file as pci.ids
 * (a broken file: then every name is "", and a caller goes on without).
 */
int ovf_pci_ids_names(const char *ids_file, struct ovf_pci_name *names,
		      size_t n);

#endif

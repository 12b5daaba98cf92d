// SPDX-License-Identifier: GPL-2.0-or-later
/* pci.ids names of vendor and device IDs, through libpci without its exiting error handler. */
#include <errno.h>
#include <pci/pci.h>
#include <setjmp.h>
#include <string.h>

#include "ovf/pciids.h"

/*
 * libpci's error callback is not supposed to return, and its default one
 * exits the process: jump out of the lookup instead.
 */
static jmp_buf names_jmp;

static void __attribute__((noreturn)) names_error(char *fmt, ...)
{
	(void)fmt;
	longjmp(names_jmp, 1);
}

static void names_quiet(char *fmt, ...)
{
	(void)fmt;
}

int ovf_pci_ids_names(const char *ids_file, struct ovf_pci_name *names,
		      size_t n)
{
	const int flags = PCI_LOOKUP_NO_NUMBERS | PCI_LOOKUP_NO_HWDB;
	struct pci_access *pacc;
	volatile int ret = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		names[i].vendor_name[0] = '\0';
		names[i].device_name[0] = '\0';
	}
	/* the lookup reads only pci.ids: no pci_init(), no sysfs */
	pacc = pci_alloc();
	if (!pacc)
		return -ENOMEM;
	pacc->error = names_error;
	pacc->warning = names_quiet;
	pacc->debug = names_quiet;
	if (ids_file)
		pci_set_name_list_path(pacc, (char *)ids_file, 0);
	if (setjmp(names_jmp) == 0) {
		for (i = 0; i < n; i++) {
			struct ovf_pci_name *nm = &names[i];

			if (!pci_lookup_name(pacc, nm->vendor_name,
					     sizeof(nm->vendor_name),
					     PCI_LOOKUP_VENDOR | flags, nm->vendor))
				nm->vendor_name[0] = '\0';
			if (!pci_lookup_name(pacc, nm->device_name,
					     sizeof(nm->device_name),
					     PCI_LOOKUP_DEVICE | flags, nm->vendor,
					     nm->device))
				nm->device_name[0] = '\0';
		}
	} else {
		/* a broken pci.ids: no names at all */
		for (i = 0; i < n; i++) {
			names[i].vendor_name[0] = '\0';
			names[i].device_name[0] = '\0';
		}
		ret = -EINVAL;
	}
	pci_cleanup(pacc);
	return ret;
}

/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Strict PCI address parsing: DDDD:BB:DD.F or BB:DD.F, nothing else. */
#ifndef OVF_PCIADDR_H
#define OVF_PCIADDR_H

#include <stddef.h>

struct ovf_pci_addr {
	unsigned int domain;	/* 0..0xffff */
	unsigned int bus;	/* 0..0xff */
	unsigned int dev;	/* 0..0x1f */
	unsigned int func;	/* 0..7 */
};

/* "0000:01:00.0" plus NUL */
#define OVF_PCI_ADDR_LEN 13

/*
 * Accepts exactly "DDDD:BB:DD.F" or "BB:DD.F" (hex digits, either case).
 * Rejects anything else (whitespace, signs, "..", "/", extra characters).
 * Returns 0 or -EINVAL.
 */
int ovf_pci_addr_parse(const char *s, struct ovf_pci_addr *a);

/* Canonical lower-case "dddd:bb:dd.f" form; @buf must hold OVF_PCI_ADDR_LEN. */
char *ovf_pci_addr_fmt(const struct ovf_pci_addr *a, char *buf);

int ovf_pci_addr_eq(const struct ovf_pci_addr *a, const struct ovf_pci_addr *b);

#endif

// SPDX-License-Identifier: GPL-2.0-or-later
/* PCI address parsing: the only way user text becomes part of a sysfs path. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "ovf/pciaddr.h"
#include "ovf/util.h"

/* Exactly @n hex digits at @s; no signs, spaces or prefixes. */
static int hexn(const char *s, int n, unsigned int *out)
{
	unsigned int v = 0;
	int i;

	for (i = 0; i < n; i++) {
		int d = ovf_hexval(s[i]);

		if (d < 0)
			return -EINVAL;
		v = v << 4 | d;
	}
	*out = v;
	return 0;
}

int ovf_pci_addr_parse(const char *s, struct ovf_pci_addr *a)
{
	struct ovf_pci_addr t = { 0 };
	size_t len;

	if (!s)
		return -EINVAL;
	len = strlen(s);
	if (len == 12) {
		if (s[4] != ':' || hexn(s, 4, &t.domain))
			return -EINVAL;
		s += 5;
	} else if (len != 7) {
		return -EINVAL;
	}
	if (s[2] != ':' || s[5] != '.' || hexn(s, 2, &t.bus) ||
	    hexn(s + 3, 2, &t.dev) || hexn(s + 6, 1, &t.func))
		return -EINVAL;
	if (t.dev > 0x1f || t.func > 7)
		return -EINVAL;
	*a = t;
	return 0;
}

char *ovf_pci_addr_fmt(const struct ovf_pci_addr *a, char *buf)
{
	snprintf(buf, OVF_PCI_ADDR_LEN, "%04x:%02x:%02x.%x", a->domain & 0xffff,
		 a->bus & 0xff, a->dev & 0x1f, a->func & 7);
	return buf;
}

int ovf_pci_addr_eq(const struct ovf_pci_addr *a, const struct ovf_pci_addr *b)
{
	return a->domain == b->domain && a->bus == b->bus && a->dev == b->dev &&
	       a->func == b->func;
}

// SPDX-License-Identifier: GPL-2.0-or-later
/* libFuzzer harness: ovf_pci_addr_parse; what it accepts must round-trip. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ovf/pciaddr.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ovf_pci_addr a, b;
	char buf[OVF_PCI_ADDR_LEN], *s;

	s = malloc(size + 1);
	if (!s)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	if (ovf_pci_addr_parse(s, &a) == 0) {
		/* accepted: only hex digits, ':' and '.', in range, round trip */
		if (s[strspn(s, "0123456789abcdefABCDEF:.")] || a.domain > 0xffff ||
		    a.bus > 0xff || a.dev > 0x1f || a.func > 7)
			abort();
		ovf_pci_addr_fmt(&a, buf);
		if (strlen(buf) != OVF_PCI_ADDR_LEN - 1 || ovf_pci_addr_parse(buf, &b) ||
		    !ovf_pci_addr_eq(&a, &b))
			abort();
	}
	free(s);
	return 0;
}

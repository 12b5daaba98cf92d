// SPDX-License-Identifier: GPL-2.0-or-later
/* libFuzzer harness: ovf_rom_cut, ovf_rom_bar_fit and their words; the cut chain must stand on its own. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ovf/extract.h"
#include "ovf/rombar.h"
#include "ovf/rom.h"
#include "ovf/vbios.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct ovf_rom_cut c;
	static struct ovf_rom_info again;
	struct ovf_vbios_list l = { 0 };
	struct ovf_rom_bar b;
	char w[512];
	uint8_t *copy;
	int r;

	/* an exact-size heap copy, so ASan sees any read past the end */
	copy = malloc(size ? size : 1);
	if (!copy)
		return 0;
	memcpy(copy, data, size);
	r = ovf_rom_cut(copy, size, &c);
	if ((r == 0) != (c.status == OVF_CUT_OK))
		abort();
	ovf_rom_cut_words(&c, w, sizeof(w));
	if (!memchr(w, '\0', sizeof(w)))
		abort();
	ovf_rom_bar_fit(&c, size, &b);
	ovf_rom_bar_words(&c, &b, w, sizeof(w));
	if (b.bar_size < OVF_ROM_BAR_MIN || (b.bar_size & (b.bar_size - 1)))
		abort();	/* a BAR is a power of two */
	if (b.why == OVF_ROM_BAR_FIT && (c.start || c.status != OVF_CUT_OK))
		abort();
	if (c.status == OVF_CUT_OK) {
		/* the cut lies in the file and accounts for every byte */
		if (c.start > size || c.len > size - c.start ||
		    c.start + c.len + c.trailing != size || !c.len)
			abort();
		/* what vbios-extract writes parses whole again, exactly */
		if (ovf_rom_parse(copy + c.start, c.len, 0, &again) != OVF_ROM_OK ||
		    again.total_len != c.len)
			abort();
		if (ovf_vbios_list_add(&l, copy + c.start, c.len, OVF_VBIOS_NVIDIA,
				       "fuzz", c.start))
			abort();
		ovf_vbios_list_free(&l);
	} else if (c.status == OVF_CUT_NO_LAST) {
		if (c.end > size || c.end <= c.start)
			abort();
	}
	free(copy);
	return 0;
}

// SPDX-License-Identifier: GPL-2.0-or-later
/* libFuzzer harness: ovf_rom_parse, complete and partial, and their agreement; ovf_rom_locate. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ovf/rom.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_info(const struct ovf_rom_info *in, enum ovf_rom_status st, size_t size)
{
	size_t i;

	if (in->nimages > OVF_ROM_MAX_IMAGES)
		abort();
	for (i = 0; i < in->nimages; i++) {
		const struct ovf_rom_image *im = &in->img[i];

		/* the strings a tool prints must be there for any input */
		if (!ovf_rom_code_type_name(im->code_type) ||
		    !ovf_rom_efi_machine_name(im->efi_machine))
			abort();
		if (st == OVF_ROM_OK &&
		    (im->offset > size || im->length > size - im->offset))
			abort();	/* an image outside the buffer */
	}
	if (st == OVF_ROM_OK && in->total_len > size)
		abort();
	if (st == OVF_ROM_BAD && !ovf_rom_strerror(in->error))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ovf_rom_info full, part;
	enum ovf_rom_status sf, sp;
	uint8_t *copy;

	/* an exact-size heap copy, so ASan sees any read past the end */
	copy = malloc(size ? size : 1);
	if (!copy)
		return 0;
	memcpy(copy, data, size);
	sf = ovf_rom_parse(copy, size, 0, &full);
	check_info(&full, sf, size);
	sp = ovf_rom_parse(copy, size, 1, &part);
	check_info(&part, sp, size);
	/* partial must ask for more bytes than it has, never fewer */
	if (sp == OVF_ROM_NEED_MORE && part.need <= size)
		abort();
	/*
	 * a chain that parses whole parses the same way as it arrives, but
	 * for a file ending right after a 0x70 image flagged not last: a
	 * reader asks for 2 more bytes, and with none has the same ROM
	 */
	if (sf == OVF_ROM_OK && sp == OVF_ROM_NEED_MORE && full.nv70_ended &&
	    part.nv70_end == full.total_len && size < full.total_len + 2) {
		sp = OVF_ROM_OK;
		part.total_len = part.nv70_end;
	}
	if (sf == OVF_ROM_OK && (sp != OVF_ROM_OK || part.total_len != full.total_len))
		abort();
	/* the search for an embedded ROM stays in the buffer, at 512 multiples */
	{
		enum ovf_rom_container kind;
		size_t at;

		if (!ovf_rom_locate(copy, size, &at, &kind)) {
			if (at && (at % 512 || at >= size))
				abort();
			sf = ovf_rom_parse(copy + at, size - at, 0, &full);
			check_info(&full, sf, size - at);
		}
	}
	free(copy);
	return 0;
}

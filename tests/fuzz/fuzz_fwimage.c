// SPDX-License-Identifier: GPL-2.0-or-later
/* libFuzzer harness: the firmware wrapper detection and the parsers of UEFIExtract's info.txt and 7z's listing. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ovf/fwimage.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* a field the parser filled must end inside its array */
static void bounded(const char *s, size_t size)
{
	if (!memchr(s, '\0', size))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ovf_fw_listing ls;
	struct ovf_fw_info in;
	const char *what = NULL, *how = NULL;
	enum ovf_fw_kind k;
	uint8_t *copy;

	/* an exact-size heap copy, so ASan sees any read past the end */
	copy = malloc(size ? size : 1);
	if (!copy)
		return 0;
	memcpy(copy, data, size);
	k = ovf_fw_detect(copy, size, &what, &how);
	if (k > OVF_FW_UNHANDLED || !what || (how != NULL) != (k == OVF_FW_UNHANDLED))
		abort();
	if (ovf_fw_has_volume(copy, size) > 1)
		abort();
	/* the text parsers take a length, never a terminator */
	if (ovf_fw_info_parse((const char *)copy, size, &in) == 0) {
		bounded(in.type, sizeof(in.type));
		bounded(in.subtype, sizeof(in.subtype));
		bounded(in.guid, sizeof(in.guid));
		bounded(in.compression, sizeof(in.compression));
		if (!in.type[0] && !memmem(copy, size, "Type: ", 6))
			abort();
	}
	if (ovf_fw_7z_listing_parse((const char *)copy, size, &ls) == 0 &&
	    ls.files > size)
		abort();	/* every entry is a line of its own */
	free(copy);
	return 0;
}

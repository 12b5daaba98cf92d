// SPDX-License-Identifier: GPL-2.0-or-later
/* libFuzzer harness: the acpi_call result parser and the ACPI path normaliser. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ovf/acpi_call.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ovf_acpi_result res;
	char *text, out[256];
	size_t i;

	text = malloc(size + 1);
	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	memset(&res, 0, sizeof(res));
	if (ovf_acpi_parse(text, &res) == 0) {
		if (!ovf_acpi_type_name(res.type))
			abort();
		if (res.type == OVF_ACPI_BUFFER)
			for (i = 0; i < res.len; i++)	/* every byte readable */
				out[i % sizeof(out)] = (char)res.buf[i];
		if (res.str && strlen(res.str) > size)
			abort();
		ovf_acpi_result_free(&res);
	}
	/* the path normaliser: output always terminated, only allowed chars */
	if (ovf_acpi_path_normalise(text, out, sizeof(out)) == 0) {
		if (strlen(out) >= sizeof(out) ||
		    out[strspn(out, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.\\^")])
			abort();
	}
	for (i = 1; i < 8; i++)		/* small outputs: truncation paths */
		ovf_acpi_path_normalise(text, out, i);
	free(text);
	return 0;
}

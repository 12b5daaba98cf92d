// SPDX-License-Identifier: GPL-2.0-or-later
/* The request strategy of dump_vbios_rom_acpi: _ROM request shapes learnt from the replies. */
#include <string.h>

#include "ovf/romdump.h"

void ovf_romdump_init(struct ovf_romdump *s, size_t page)
{
	memset(s, 0, sizeof(*s));
	s->page = page;
	s->chunk = page;
}

void ovf_romdump_next(const struct ovf_romdump *s, size_t have, size_t target,
		      size_t *want, size_t *arg1)
{
	size_t w = s->page - have % s->page;

	if (s->chunk < w)
		w = s->chunk;
	if (target - have < w)
		w = target - have;
	*want = w;
	*arg1 = w < s->min_len ? s->min_len : w;
}

size_t ovf_romdump_reply(struct ovf_romdump *s, size_t want, size_t values,
			 int truncated, int *ended)
{
	/* a retry that asked for more worked: ask at least that from now on */
	if (s->grown) {
		s->min_len = s->grown;
		s->grown = 0;
	}
	/*
	 * Only a reply cut below the chunk says how much one reply carries.
	 * One cut below the bytes asked for but above the chunk cannot happen;
	 * one longer than asked (a method that always answers 4 KiB) says
	 * nothing about the chunk: shrinking to what was asked at a page's
	 * end would ratchet down to 1-byte calls.
	 */
	if (truncated && values && values < s->chunk)
		s->chunk = values;
	*ended = !truncated && values < want;
	return values < want ? values : want;
}

int ovf_romdump_refused(struct ovf_romdump *s, size_t want, size_t arg1,
			unsigned int attempt, size_t *want_out, size_t *arg1_out)
{
	unsigned int i = 0;
	size_t v;

	s->grown = 0;
	/* methods that take a small Arg1 for bits of a region, or refuse it */
	if (arg1 < s->page) {
		if (attempt == i) {
			s->grown = s->page;
			*arg1_out = s->page;
			*want_out = want;
			return 1;
		}
		i++;
	}
	/* a window or bank that ends inside the request: shorter ones */
	for (v = arg1 / 2; v >= 1 && v >= s->min_len; v /= 2, i++) {
		if (attempt == i) {
			*arg1_out = v;
			*want_out = want < v ? want : v;
			return 1;
		}
	}
	return 0;
}

int ovf_romdump_is_limit(const char *ae)
{
	size_t n = strlen(ae);

	return strncmp(ae, "AE_AML_", 7) == 0 && n > 13 &&
	       strcmp(ae + n - 6, "_LIMIT") == 0;
}

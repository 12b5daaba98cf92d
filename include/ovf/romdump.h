/* SPDX-License-Identifier: GPL-2.0-or-later */
/* How dump_vbios_rom_acpi shapes its _ROM(offset, length) requests: what it learns from the replies. */
#ifndef OVF_ROMDUMP_H
#define OVF_ROMDUMP_H

#include <stddef.h>

/*
 * Laptop _ROM methods differ in what they accept and return (see
 * tests/acpi/): some return exactly Arg1 bytes, some always 4 KiB, some
 * refuse a small Arg1, some fail past a window or across a bank. And
 * acpi_call cuts every result to what its buffer holds (42 bytes for
 * 1.2.2). The strategy: never cross a page (firmware pads or fails there),
 * keep the chunk at what one cut reply brought, learn the smallest Arg1 a
 * method accepts from a refusal, and take a reply shorter than asked and
 * not cut as the end of what the method serves.
 */
struct ovf_romdump {
	size_t page;	/* requests never cross a multiple of this */
	size_t chunk;	/* bytes one reply brings at most (learnt) */
	size_t min_len;	/* smallest Arg1 the method accepted after a refusal, or 0 */
	size_t grown;	/* Arg1 of a retry that asks for more; learnt if it works */
};

/* The state before the first call: chunk = page (4096 for _ROM). */
void ovf_romdump_init(struct ovf_romdump *s, size_t page);

/*
 * The next request for bytes [have, target): *want the bytes it keeps
 * (at most a chunk, never across a page, never past target), *arg1 the
 * length to ask for (want, or the learnt minimum if larger).
 * target must be above have.
 */
void ovf_romdump_next(const struct ovf_romdump *s, size_t have, size_t target,
		      size_t *want, size_t *arg1);

/*
 * A reply of @values bytes (@truncated: cut by acpi_call's buffer) to a
 * request that keeps @want. Returns the bytes to keep: min(values, want).
 * A cut reply with fewer values than the chunk lowers the chunk; a reply
 * longer than asked never does. Sets *ended when the reply is shorter than
 * asked and was not cut: the method has no more at this offset.
 */
size_t ovf_romdump_reply(struct ovf_romdump *s, size_t want, size_t values,
			 int truncated, int *ended);

/*
 * The request (@want, @arg1 as first chosen by ovf_romdump_next) was
 * refused with an AML limit error; @attempt counts the retries so far at
 * this offset (0 for the first). Picks the next shape to try: first Arg1 =
 * page (methods that refuse a small Arg1), then halves of the original
 * length (a window that ends inside the request). Returns 1 with *want and
 * *arg1 set, 0 when no shape is left: the method serves nothing here.
 */
int ovf_romdump_refused(struct ovf_romdump *s, size_t want, size_t arg1,
			unsigned int attempt, size_t *want_out, size_t *arg1_out);

/*
 * An exception that says the request's offset or length is out of the
 * method's range (AE_AML_*_LIMIT): worth another shape, and at an offset
 * past the start the end of what the method serves. Others are failures.
 */
int ovf_romdump_is_limit(const char *ae);

#endif

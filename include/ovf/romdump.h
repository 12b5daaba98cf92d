/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Reading a vBIOS through _ROM(offset, length): request shapes learnt from the replies, the read loop. */
#ifndef OVF_ROMDUMP_H
#define OVF_ROMDUMP_H

#include <stddef.h>
#include <stdint.h>

#include "ovf/acpi_call.h"
#include "ovf/rom.h"

/* ACPI says _ROM returns at most 4 KiB, and firmware pads across pages. */
#define OVF_ROMDUMP_PAGE 4096
/* The most a dump reads, chain or --length: far above any GPU ROM. */
#define OVF_ROMDUMP_MAX (32u << 20)

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

/*
 * The _ROM method of the ACPI node @acpi (as firmware_node/path prints it
 * or as a user writes it): "\_SB.PCI0.PEG0.PEGP._ROM" into @out.
 * Returns 0, or -EINVAL for a path acpi_call cannot take.
 */
int ovf_romdump_method(const char *acpi, char *out, size_t outlen);

struct ovf_root;
struct ovf_gpu;

/* Which step of ovf_romdump_target() failed. */
enum ovf_romdump_step {
	OVF_ROMDUMP_STEP_GPU = 1,	/* ovf_gpu_find(): @gpu and @e say why */
	OVF_ROMDUMP_STEP_NODE,		/* the GPU's firmware_node/path (@e) */
	OVF_ROMDUMP_STEP_PATH,		/* the ACPI path is none acpi_call takes */
};

/*
 * The _ROM method to dump: the node @acpi when given, else the GPU's
 * firmware node; the GPU is @dev (an address already checked with
 * ovf_pci_addr_parse) or the one NVIDIA display device, looked up only
 * when needed (with both given, nothing is read). Fills @gpu (its address
 * even when nothing was read) and @method, returns 0; or -errno with
 * *@step and @e saying where: STEP_GPU as ovf_gpu_find(); STEP_NODE
 * -ENOENT (the GPU has no firmware node: @e names the missing path) or
 * the read error; STEP_PATH -EINVAL.
 */
int ovf_romdump_target(const struct ovf_root *root, const char *dev,
		       const char *acpi, struct ovf_gpu *gpu, char *method,
		       size_t methodlen, enum ovf_romdump_step *step,
		       struct ovf_err *e);

/* Why ovf_romdump_read() stopped without the ROM: the facts a tool words. */
enum ovf_romdump_stop {
	OVF_ROMDUMP_OK = 0,
	OVF_ROMDUMP_CALL,	/* the call itself failed: @err */
	OVF_ROMDUMP_GARBLED,	/* acpi_call printed no known format for @cmd */
	OVF_ROMDUMP_NO_METHOD,	/* AE_NOT_FOUND at offset 0: no such method */
	OVF_ROMDUMP_FAILED,	/* exception @ae at @offset */
	OVF_ROMDUMP_NOT_CALLED,	/* "not called" for @cmd: another acpi_call user */
	OVF_ROMDUMP_NOT_BUFFER,	/* a @type result at @offset */
	OVF_ROMDUMP_NEVER,	/* offset 0 refused (@ae) with every length */
	OVF_ROMDUMP_ENDS_EARLY,	/* nothing more at @offset, @target wanted */
	OVF_ROMDUMP_MALFORMED,	/* the chain read so far is no ROM: @rom_error */
	OVF_ROMDUMP_TOO_LARGE,	/* the chain claims @target > OVF_ROMDUMP_MAX */
	OVF_ROMDUMP_NOMEM,
};

struct ovf_romdump_fault {
	enum ovf_romdump_stop stop;
	int err;		/* CALL: positive errno */
	size_t offset;		/* where the read stood */
	char cmd[400];		/* the acpi_call command of the failing call */
	char ae[64];		/* the AE_ code, when one said why */
	enum ovf_acpi_type type;	/* NOT_BUFFER */
	/*
	 * ENDS_EARLY: the reply had @values of @asked bytes (0: no data) when
	 * @ae is empty; @target the bytes wanted, @known whether the chain
	 * said so (else "at least"), @forced whether a length was given.
	 */
	size_t values, asked, target;
	int known, forced;
	enum ovf_rom_error rom_error;	/* MALFORMED, at @error_offset */
	size_t error_offset;
};

/* What a read learns as it goes, for a verbose or progress display. */
enum ovf_romdump_note_kind {
	OVF_ROMDUMP_NOTE_REFUSED,	/* @arg1 at @offset refused (@ae); @next asked */
	OVF_ROMDUMP_NOTE_MIN_LEN,	/* the method refuses under @value bytes */
	OVF_ROMDUMP_NOTE_CHUNK,		/* one call returns at most @value bytes */
	OVF_ROMDUMP_NOTE_NV70_END,	/* no image after the 0x70 one: ends at @offset */
	OVF_ROMDUMP_NOTE_PROGRESS,	/* @offset bytes in, of @value (0: unknown) */
};

struct ovf_romdump_note {
	enum ovf_romdump_note_kind kind;
	size_t offset, arg1, next, value;
	const char *ae;
};

/*
 * The reader of one _ROM method: the shapes learnt, how one call is made
 * (@eval has ovf_acpi_call_eval's contract; ovf_romdump_eval is that for
 * a struct ovf_acpi_call in @ctx; the unit tests give a model) and an
 * optional @note callback, given @note_ctx. @calls counts every call over
 * all reads.
 */
struct ovf_romdump_reader {
	struct ovf_romdump shape;
	char method[300];
	int (*eval)(void *ctx, const char *cmd, struct ovf_acpi_result *res);
	void (*note)(void *ctx, const struct ovf_romdump_note *n);
	void *ctx, *note_ctx;
	unsigned long calls;
	struct ovf_romdump_fault fault;	/* after a failed read */
	/*
	 * After a read: the chain's walk. With a forced length, the complete
	 * walk of the bytes read, which may say they are no ROM (@status).
	 */
	enum ovf_rom_status status;
	struct ovf_rom_info info;
};

/* ovf_acpi_call_eval() on the struct ovf_acpi_call @ctx. */
int ovf_romdump_eval(void *ctx, const char *cmd, struct ovf_acpi_result *res);

/* A reader of @method (already "..._ROM") calling @eval(@ctx, ...). */
void ovf_romdump_reader_init(struct ovf_romdump_reader *r, const char *method,
			     int (*eval)(void *, const char *,
					 struct ovf_acpi_result *),
			     void *ctx);

/*
 * Read the ROM into a new buffer (*@bufp, *@lenp; free it): @length bytes,
 * or with @length 0 as many as the image chain claims, walking it as the
 * bytes arrive (a 0x70 image flagged not last and nothing after it ends
 * the ROM). Returns 0, or -errno with @r->fault saying why and @e filled
 * (action "read", the method as path): -EIO the call or the method failed,
 * -EBADMSG garbled, -ENOENT no such method, -EBUSY another acpi_call user,
 * -EPROTO not a buffer, -ENODATA the ROM ends early, -EINVAL malformed,
 * -EFBIG too large, -ENOMEM.
 */
int ovf_romdump_read(struct ovf_romdump_reader *r, size_t length,
		     uint8_t **bufp, size_t *lenp, struct ovf_err *e);

/* The first offset at which @a and @b differ, or @len when they do not. */
size_t ovf_romdump_compare(const uint8_t *a, const uint8_t *b, size_t len);

#endif

/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Is a file a vBIOS a guest can be given in the GPU's PCI ROM BAR (QEMU romfile=)? */
#ifndef OVF_ROMBAR_H
#define OVF_ROMBAR_H

#include <stddef.h>
#include <stdint.h>

#include "ovf/err.h"
#include "ovf/extract.h"

/* Internal to optimus-vfio; not a stable interface. */

/*
 * A PCI expansion ROM BAR decodes at most 16 MiB (bits 31:11 of config
 * offset 0x30; PCI Local Bus spec 3.0, 6.3.1) and at least 2 KiB; QEMU's
 * romfile= loads the whole file into a BAR of the next power of two.
 */
#define OVF_ROM_BAR_MAX (16u << 20)
#define OVF_ROM_BAR_MIN 2048u

/*
 * Why a file is not fit to be served in a ROM BAR (<rom file=>, romfile=),
 * in the order checked. The first ones are the file's own
 * (ovf_rom_bar_fit); NO_ID and after compare it with a GPU
 * (ovf_rom_bar_check).
 */
enum ovf_rom_bar_fit {
	OVF_ROM_BAR_FIT = 0,
	OVF_ROM_BAR_NO_ROM,	/* no chain in it (an empty file too) */
	OVF_ROM_BAR_NO_LAST,	/* no image flagged last */
	OVF_ROM_BAR_BROKEN,	/* truncated or malformed */
	OVF_ROM_BAR_HEADER,	/* the chain starts after other bytes */
	OVF_ROM_BAR_NOT_55AA,	/* the first image is not 55 aa: no BIOS runs it */
	OVF_ROM_BAR_CHECKSUM,	/* an x86 image a BIOS would refuse */
	OVF_ROM_BAR_TOO_BIG,	/* the BAR would pass OVF_ROM_BAR_MAX */
	OVF_ROM_BAR_NO_ID,	/* no image names a PCI vendor */
	OVF_ROM_BAR_VENDOR,	/* a ROM of another vendor than the GPU's */
	OVF_ROM_BAR_DEVICE,	/* the GPU's vendor, another device ID */
};

struct ovf_rom_bar {
	enum ovf_rom_bar_fit why;
	size_t bar_size;	/* the BAR QEMU makes of the file (power of two) */
	size_t image;		/* CHECKSUM: the image, at @offset */
	size_t offset;		/* HEADER: where the chain starts */
};

/*
 * Is a file of @file_len bytes, cut as @c says, fit for a ROM BAR: a
 * complete chain (the parser's: ended by the last-image flag or by an
 * NVIDIA 0x70 image) from 55 AA at offset 0, every x86 image summing to
 * 0, a BAR within OVF_ROM_BAR_MAX? Trailing bytes are loaded too but
 * never run: they do not make it unfit. A pure function. Returns @b->why
 * (0: fit).
 */
enum ovf_rom_bar_fit ovf_rom_bar_fit(const struct ovf_rom_cut *c,
				     size_t file_len, struct ovf_rom_bar *b);

/* The reason in words ("the ROM starts at offset 0x400, after an NVIDIA NVGI header"). */
const char *ovf_rom_bar_words(const struct ovf_rom_cut *c,
			      const struct ovf_rom_bar *b, char *buf,
			      size_t len);

struct ovf_rom_bar_file {
	enum ovf_rom_bar_fit fit;
	uint16_t vendor, device;	/* the IDs the ROM names (fit >= VENDOR) */
	size_t size;			/* of the file */
	size_t base;			/* HEADER: where the ROM is */
	size_t rom_len;			/* end of the chain's last image */
	size_t nimages;
	int nv70_ended;			/* ended by a 0x70 image, not the flag */
};

/*
 * Check that @path is a ROM the GPU @vendor:@device can show the guest in
 * its ROM BAR: a regular, readable file that ovf_rom_bar_fit() finds fit
 * and that names @vendor and @device (the GPU's, NVIDIA's on a laptop; an
 * emulated stand-in has its own). QEMU reads the file at the guest's
 * start and exposes its bytes as they are.
 * Returns 0 (fit); -errno when the file cannot be checked (-ENOENT,
 * -EACCES, -EISDIR or -EINVAL "not a regular file" ...), with @f->fit
 * FIT; -EINVAL when it is not fit, @f->fit saying why. @e (action "check",
 * @path) gets the reason: for a mismatch both IDs, the ROM's and the GPU's.
 */
int ovf_rom_bar_check(const char *path, uint16_t vendor, uint16_t device,
		      struct ovf_rom_bar_file *f, struct ovf_err *e);

#endif

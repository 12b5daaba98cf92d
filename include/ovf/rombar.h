/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Is a file a vBIOS a guest can be given in the GPU's PCI ROM BAR (QEMU romfile=)? */
#ifndef OVF_ROMBAR_H
#define OVF_ROMBAR_H

#include <stddef.h>
#include <stdint.h>

#include "ovf/err.h"

/* Internal to optimus-vfio; not a stable interface. */

/*
 * The largest expansion ROM the PCI ROM BAR can decode (PCI Local Bus
 * spec 3.0, 6.3.1: up to 16 MB); QEMU sizes the BAR from the file.
 */
#define OVF_ROM_BAR_MAX (16u << 20)

/* What is wrong with a file for the ROM BAR, worst first. */
enum ovf_rom_bar_fit {
	OVF_ROM_BAR_FILE_FIT = 0,
	OVF_ROM_BAR_NOT_BARE,	/* no ROM at offset 0: a header before it, or none */
	OVF_ROM_BAR_MALFORMED,	/* the image chain does not parse to its end */
	OVF_ROM_BAR_NOT_55AA,	/* the first image is not 55 aa: no BIOS runs it */
	OVF_ROM_BAR_TOO_BIG,	/* larger than OVF_ROM_BAR_MAX */
	OVF_ROM_BAR_NO_ID,	/* no image names a PCI vendor */
	OVF_ROM_BAR_VENDOR,	/* a ROM of another vendor than the GPU's */
	OVF_ROM_BAR_DEVICE,	/* the GPU's vendor, another device ID */
};

struct ovf_rom_bar_file {
	enum ovf_rom_bar_fit fit;
	uint16_t vendor, device;	/* the IDs the ROM names (fit >= VENDOR) */
	size_t size;			/* of the file */
	size_t base;			/* NOT_BARE: where the ROM is, 0: none */
	size_t rom_len;			/* end of the chain's last image */
	size_t nimages;
	int nv70_ended;			/* ended by a 0x70 image, not the flag */
};

/*
 * Check that @path is a ROM the GPU @vendor:@device can show the guest in
 * its ROM BAR: a regular, readable file holding a bare ROM (55 aa at
 * offset 0) whose image chain parses to the image flagged last, at most
 * OVF_ROM_BAR_MAX bytes, that names @vendor and @device (the GPU's, NVIDIA's
 * on a laptop; an emulated stand-in has its own). QEMU reads the
 * file at the guest's start and exposes its bytes as they are.
 * Returns 0 (fit); -errno when the file cannot be checked (-ENOENT,
 * -EACCES, -EISDIR or -EINVAL "not a regular file" ...), with @f->fit
 * FIT; -EINVAL when it is not fit, @f->fit saying why. @e (action "check",
 * @path) gets the reason: for a mismatch both IDs, the ROM's and the GPU's.
 */
int ovf_rom_bar_check(const char *path, uint16_t vendor, uint16_t device,
		      struct ovf_rom_bar_file *f, struct ovf_err *e);

#endif

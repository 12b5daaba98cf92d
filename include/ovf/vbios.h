/* SPDX-License-Identifier: GPL-2.0-or-later */
/* vBIOS candidates: option ROM chains (and Intel VBTs) found in any bytes, with where they were found. */
#ifndef OVF_VBIOS_H
#define OVF_VBIOS_H

#include <stddef.h>
#include <stdint.h>

#include "ovf/rom.h"

enum ovf_vbios_kind {
	OVF_VBIOS_NVIDIA = 0,	/* an option ROM for an NVIDIA display device */
	OVF_VBIOS_DISPLAY,	/* an option ROM for another display device (an iGPU's GOP) */
	OVF_VBIOS_OTHER,	/* an option ROM for a non-display device (NIC PXE, RAID) */
	OVF_VBIOS_VBT,		/* an Intel Video BIOS Table ("$VBT"): no PCI IDs */
};

struct ovf_vbios_cand {
	uint8_t *data;		/* the chain's bytes, exactly (malloc'd) */
	size_t len;
	enum ovf_vbios_kind kind;
	uint16_t vendor, device;	/* of the first image naming a vendor; 0 for a VBT */
	uint32_t class_code;
	size_t nimages;
	int last_flag;		/* the chain ends with an image flagged last */
	/*
	 * Where it was found, as a user reads it: the source's own words then
	 * the offset, e.g. "FILE: volume 8C8CE578-..., file 5 ..., raw section, offset 0x0".
	 */
	char *where;
	size_t offset;		/* in the bytes it was found in */
};

struct ovf_vbios_list {
	struct ovf_vbios_cand *v;
	size_t n;
};

void ovf_vbios_list_free(struct ovf_vbios_list *l);

/*
 * Add a copy of @len bytes at @data, with IDs and kind from the ROM parser
 * (@data must start a chain that ovf_rom_parse() accepts whole, or a VBT
 * when @kind is OVF_VBIOS_VBT). @where is copied. 0 or -errno (-ENOMEM,
 * -EINVAL when @data is no such chain).
 */
int ovf_vbios_list_add(struct ovf_vbios_list *l, const uint8_t *data,
		       size_t len, enum ovf_vbios_kind kind, const char *where,
		       size_t offset);

/*
 * Find every complete option ROM chain in @buf (a 55 AA image at any
 * offset whose chain ovf_rom_parse() walks to its end inside @buf; a chain
 * is skipped past once found, so images of one chain are one candidate)
 * and every Intel VBT. Each is added to @l with where = "@where, offset
 * 0xN". Duplicates (the same bytes already in @l) are not added again, so
 * one ROM reached through two paths is listed once. Returns the number
 * added (>= 0) or -ENOMEM.
 */
int ovf_vbios_scan_buf(const uint8_t *buf, size_t len, const char *where,
		       struct ovf_vbios_list *l);

const char *ovf_vbios_kind_name(enum ovf_vbios_kind kind);

#endif

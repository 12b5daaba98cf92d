/* SPDX-License-Identifier: GPL-2.0-or-later */
/* PCI option ROM parser (PCI Firmware spec images, NVIDIA variants, EFI). */
#ifndef OVF_ROM_H
#define OVF_ROM_H

#include <stddef.h>
#include <stdint.h>

#define OVF_ROM_MAX_IMAGES 32
#define OVF_ROM_ALIGN 512

/* Image signatures at offset 0 of each image (little-endian u16) */
#define OVF_ROM_SIG_PCI 0xaa55
#define OVF_ROM_SIG_NV_BB77 0xbb77
#define OVF_ROM_SIG_NV 0x564e	/* "NV" */

/* Code types (PCIR offset 0x14) */
#define OVF_ROM_CODE_X86 0x00
#define OVF_ROM_CODE_OPENFW 0x01
#define OVF_ROM_CODE_HPPA 0x02
#define OVF_ROM_CODE_EFI 0x03
#define OVF_ROM_CODE_NV_70 0x70
#define OVF_ROM_CODE_NV_E0 0xe0

enum ovf_rom_status {
	OVF_ROM_OK = 0,		/* whole chain parsed, info->total_len valid */
	OVF_ROM_NEED_MORE,	/* buffer too short; info->need bytes needed */
	OVF_ROM_BAD,		/* malformed; info->error, info->error_offset */
};

enum ovf_rom_error {
	OVF_ROM_ERR_NONE = 0,
	OVF_ROM_ERR_EMPTY,
	OVF_ROM_ERR_SIGNATURE,		/* no image signature at error_offset */
	OVF_ROM_ERR_PCIR_OFFSET,	/* PCIR pointer outside the image/ROM */
	OVF_ROM_ERR_PCIR_SIGNATURE,	/* no PCIR/NPDS/RGIS at the pointer */
	OVF_ROM_ERR_IMAGE_LENGTH,	/* zero or absurd image length */
	OVF_ROM_ERR_TOO_MANY_IMAGES,
	OVF_ROM_ERR_TRUNCATED,		/* file ends inside an image (complete parse) */
};

struct ovf_rom_image {
	size_t offset;		/* of the image in the ROM */
	size_t length;		/* bytes, after the NPDE override if any */
	uint16_t signature;	/* 0xaa55, 0xbb77 or 0x564e */
	size_t pcir_offset;	/* absolute */
	char pcir_sig[5];	/* "PCIR", "NPDS" or "RGIS" */
	uint16_t vendor, device;
	uint32_t class_code;	/* 24-bit */
	uint8_t code_type;
	uint16_t revision;	/* code revision */
	int last;		/* last-image indicator (after NPDE) */
	int has_npde;
	size_t npde_offset;
	size_t pcir_length;	/* image length as the PCIR states it */
	/* Checksum: sum of all image bytes mod 256 (meaningful for x86 code) */
	uint8_t checksum;
	int checksum_ok;
	/* EFI (code type 3) */
	int is_efi;
	uint16_t efi_subsystem;
	uint16_t efi_machine;
	uint16_t efi_compression;	/* 0 none, 1 compressed */
	uint16_t efi_image_offset;
};

struct ovf_rom_info {
	size_t nimages;
	struct ovf_rom_image img[OVF_ROM_MAX_IMAGES];
	size_t total_len;	/* end of the last image */
	size_t need;		/* with OVF_ROM_NEED_MORE: bytes needed to go on */
	enum ovf_rom_error error;
	size_t error_offset;
};

/*
 * Walk the image chain of @buf. A pure function: no I/O, no allocation.
 * With @partial set, running out of bytes gives OVF_ROM_NEED_MORE (the caller
 * is still reading the ROM); without it, OVF_ROM_BAD/OVF_ROM_ERR_TRUNCATED.
 */
enum ovf_rom_status ovf_rom_parse(const uint8_t *buf, size_t len, int partial,
				  struct ovf_rom_info *info);

const char *ovf_rom_strerror(enum ovf_rom_error e);
const char *ovf_rom_code_type_name(uint8_t code_type);
const char *ovf_rom_efi_machine_name(uint16_t machine);

#endif

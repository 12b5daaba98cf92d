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
#define OVF_ROM_SIG_NV 0x4e56	/* the bytes 56 4e ("VN") */

/*
 * How far into a file ovf_rom_locate() looks for an embedded ROM: past every
 * NVGI header and flash layout seen (the ROM at up to 0x35400), well below
 * the 64 MiB the tools read at most.
 */
#define OVF_ROM_SEARCH_MAX (16u << 20)

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
	/*
	 * Checksum: the sum mod 256 of the bytes a BIOS checks, which for x86
	 * code is header byte 2 x 512 (init_length), for other code the whole
	 * image. checksum_length says how many bytes were summed.
	 */
	uint8_t checksum;
	int checksum_ok;
	size_t init_length;	/* x86: header byte 2 x 512; else 0 */
	size_t checksum_length;
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
	/*
	 * A 0x70 image flagged not last was followed by no image (nothing,
	 * or no image signature): the chain was ended there, as on older ROMs.
	 */
	int nv70_ended;
	/*
	 * With OVF_ROM_NEED_MORE: non-zero when the bytes asked for only tell
	 * whether an image follows such a 0x70 image. A reader that gets no
	 * more bytes has the whole ROM: it ends here, at nv70_end.
	 */
	size_t nv70_end;
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

/* Whether @buf starts with an image signature: 55 aa, 77 bb or 56 4e. */
int ovf_rom_sig_ok(const uint8_t *buf, size_t len);

/* What comes before the ROM in a file (ovf_rom_locate()) */
enum ovf_rom_container {
	OVF_ROM_BARE = 0,	/* nothing: the file starts with the ROM */
	OVF_ROM_NVGI,		/* an NVIDIA header starting "NVGI" (nvflash files) */
	OVF_ROM_FLASH,		/* bytes of no known layout (a full flash dump) */
};

/*
 * Find the PCI option ROM in a file's bytes. A file starting with an image
 * signature is a bare ROM (offset 0, even a broken one, so that parsing it
 * names what is wrong). Otherwise the first 512-byte boundary below
 * OVF_ROM_SEARCH_MAX holding 55 aa and a valid PCIR (pointer inside the
 * image, "PCIR", a non-zero length) is the ROM. Sets *@kind in every case;
 * returns 0 with *@offset set, or -ENOENT when there is no ROM.
 */
int ovf_rom_locate(const uint8_t *buf, size_t len, size_t *offset,
		   enum ovf_rom_container *kind);
const char *ovf_rom_container_name(enum ovf_rom_container kind);

/* What a file's bytes hold: where the ROM is, and the walk of its chain. */
struct ovf_rom_file {
	size_t base;			/* offset of the ROM in the file */
	enum ovf_rom_container kind;	/* what precedes it */
	struct ovf_rom_info info;	/* the complete walk from @base */
	/*
	 * A walk that failed: @need (OVF_ROM_ERR_TRUNCATED) the bytes from
	 * @base the chain needs at least; @bad_image the offset from @base of
	 * the image that failed (the end of the last good one).
	 */
	size_t need;
	size_t bad_image;
};

/*
 * Locate the ROM in the @len bytes of a file (ovf_rom_locate(); an empty
 * file is a bare, empty ROM) and walk its whole chain into @f. Returns 0;
 * -ENOENT when the file holds no ROM (@f->kind says what it looked like);
 * -EINVAL when the chain is malformed (@f->info.error and the offsets).
 */
int ovf_rom_file_scan(const uint8_t *buf, size_t len, struct ovf_rom_file *f);

/*
 * Whether the ROM is for the PCI device @vendor:@device. Only the PCI data
 * structure names one: the first image with a vendor ID (not 0000 or
 * ffff) decides; *@img is its index, or -1 when no image has one (then
 * nothing matches). Subsystem IDs are not part of the option ROM format.
 */
int ovf_rom_matches(const struct ovf_rom_info *info, uint16_t vendor,
		    uint16_t device, int *img);

/* What a BIOS makes of an image's checksum. */
enum ovf_rom_sum {
	OVF_ROM_SUM_OK = 0,
	OVF_ROM_SUM_UNCHECKED,	/* does not sum to 0, but no BIOS runs it */
	OVF_ROM_SUM_SHORT,	/* x86: the file ends inside the checksummed part */
	OVF_ROM_SUM_BAD,	/* x86: the bytes a BIOS checks do not sum to 0 */
};
enum ovf_rom_sum ovf_rom_image_sum(const struct ovf_rom_image *im);

/*
 * Check that the file @path is a ROM as a guest is served it (QEMU's fw_cfg
 * or <rom file=> hand over the file's bytes as they are): a bare ROM whose
 * image chain parses. Reads the file; the only function here that does I/O.
 * Returns 0 when it is, and when there is nothing to check: no such file
 * (a ROM not dumped yet), one the caller may not read (QEMU may), or not a
 * regular file. Otherwise -errno with @err filled (action "check", @path
 * as given, the reason when strerror would not say it): -EINVAL for an
 * embedded ROM, no ROM or a malformed one; -EFBIG for a file too large to
 * be one. @what (may be NULL) says which, for the advice a tool adds (the
 * library names no command).
 */
enum ovf_rom_check {
	OVF_ROM_CHECK_OTHER,	/* fine, or nothing a ROM tool would add to */
	OVF_ROM_CHECK_EMBEDDED,	/* a bare ROM inside a container, after a header */
	OVF_ROM_CHECK_MALFORMED,	/* a chain that does not parse */
};
struct ovf_err;
int ovf_rom_check_file(const char *path, enum ovf_rom_check *what,
		       struct ovf_err *err);

const char *ovf_rom_strerror(enum ovf_rom_error e);
const char *ovf_rom_code_type_name(uint8_t code_type);
const char *ovf_rom_efi_machine_name(uint16_t machine);

#endif

// SPDX-License-Identifier: GPL-2.0-or-later
/* Unit tests for the option ROM parser (src/lib/rom.c). */
#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>
#include <stdlib.h>
#include <string.h>

#include "ovf/err.h"
#include "ovf/rom.h"
#include "ovf/util.h"
#include "unit.h"
#include "../helpers/romgen.h"

#define K 1024

static uint8_t *rom;
static size_t rom_len;

/* Build @n images plus @pad bytes of 0xff into the global rom buffer. */
static void build(const struct romgen_image *imgs, size_t n, size_t pad)
{
	size_t len = 0, i;

	for (i = 0; i < n; i++)
		len += imgs[i].size;
	free(rom);
	rom = malloc(len + pad + 1);
	ck_assert_ptr_nonnull(rom);
	memset(rom, 0xff, len + pad);
	ck_assert_uint_eq(romgen_build(imgs, n, 0x10de, 0x1c8d, 7, rom,
				       len + pad),
			  len);
	rom_len = len + pad;
}

/* As build(), with @prefix bytes of an NVGI header or flash layout first. */
static void build_in(size_t prefix, int nvgi, const struct romgen_image *imgs,
		     size_t n, size_t pad)
{
	uint8_t *b;

	build(imgs, n, pad);
	b = malloc(prefix + rom_len + 1);
	ck_assert_ptr_nonnull(b);
	romgen_prefix(b, prefix, nvgi, 3);
	memcpy(b + prefix, rom, rom_len);
	free(rom);
	rom = b;
	rom_len += prefix;
}

/*
 * Parse exactly @len bytes from a buffer of that very size, so that any read
 * past the end is caught by ASan.
 */
static enum ovf_rom_status parse_copy(const uint8_t *src, size_t len,
				      int partial, struct ovf_rom_info *info)
{
	uint8_t *b = malloc(len ? len : 1);
	enum ovf_rom_status st;

	ck_assert_ptr_nonnull(b);
	memcpy(b, src, len);
	st = ovf_rom_parse(b, len, partial, info);
	free(b);
	return st;
}

static struct ovf_rom_info info;

static void teardown(void)
{
	free(rom);
	rom = NULL;
}

START_TEST(single_x86)
{
	struct romgen_image im;

	romgen_defaults(&im, 0x00, 64 * K);
	im.revision = 0x1234;
	build(&im, 1, 0);
	ck_assert_int_eq(parse_copy(rom, rom_len, 0, &info), OVF_ROM_OK);
	ck_assert_uint_eq(info.nimages, 1);
	ck_assert_uint_eq(info.total_len, 64 * K);
	ck_assert_uint_eq(info.img[0].offset, 0);
	ck_assert_uint_eq(info.img[0].length, 64 * K);
	ck_assert_uint_eq(info.img[0].pcir_length, 64 * K);
	ck_assert_uint_eq(info.img[0].signature, OVF_ROM_SIG_PCI);
	ck_assert_str_eq(info.img[0].pcir_sig, "PCIR");
	ck_assert_uint_eq(info.img[0].pcir_offset, ROMGEN_PCIR_PTR);
	ck_assert_uint_eq(info.img[0].vendor, 0x10de);
	ck_assert_uint_eq(info.img[0].device, 0x1c8d);
	ck_assert_uint_eq(info.img[0].class_code, 0x030000);
	ck_assert_uint_eq(info.img[0].code_type, OVF_ROM_CODE_X86);
	ck_assert_uint_eq(info.img[0].revision, 0x1234);
	ck_assert_int_eq(info.img[0].last, 1);
	ck_assert_int_eq(info.img[0].has_npde, 0);
	ck_assert_int_eq(info.img[0].checksum_ok, 1);
	ck_assert_uint_eq(info.img[0].checksum, 0);
	ck_assert_int_eq(info.img[0].is_efi, 0);
	/* A complete buffer in partial mode is just as good */
	ck_assert_int_eq(parse_copy(rom, rom_len, 1, &info), OVF_ROM_OK);
	ck_assert_uint_eq(info.total_len, 64 * K);
}
END_TEST

START_TEST(x86_and_efi)
{
	struct romgen_image im[2];

	romgen_defaults(&im[0], 0x00, 60 * K);
	im[0].vendor = 0x10de;
	im[0].device = 0x1c8c;
	romgen_defaults(&im[1], 0x03, 100 * K);
	im[1].efi_machine = 0xaa64;
	im[1].efi_compressed = 1;
	build(im, 2, 0);
	ck_assert_int_eq(parse_copy(rom, rom_len, 0, &info), OVF_ROM_OK);
	ck_assert_uint_eq(info.nimages, 2);
	ck_assert_uint_eq(info.total_len, 160 * K);
	ck_assert_uint_eq(info.img[0].device, 0x1c8c);
	ck_assert_int_eq(info.img[0].last, 0);
	ck_assert_uint_eq(info.img[1].offset, 60 * K);
	ck_assert_uint_eq(info.img[1].length, 100 * K);
	ck_assert_uint_eq(info.img[1].device, 0x1c8d);
	ck_assert_uint_eq(info.img[1].code_type, OVF_ROM_CODE_EFI);
	ck_assert_int_eq(info.img[1].last, 1);
	ck_assert_int_eq(info.img[1].is_efi, 1);
	ck_assert_uint_eq(info.img[1].efi_machine, 0xaa64);
	ck_assert_uint_eq(info.img[1].efi_compression, 1);
	ck_assert_uint_eq(info.img[1].efi_subsystem, 0x0b);
	ck_assert_uint_eq(info.img[1].efi_image_offset,
			  ROMGEN_EFI_IMAGE_OFFSET);
	ck_assert_int_eq(info.img[1].checksum_ok, 1);
}
END_TEST

START_TEST(efi_bad_header_signature)
{
	struct romgen_image im;

	romgen_defaults(&im, 0x03, 4 * K);
	im.efi_signature = 0x1234;
	build(&im, 1, 0);
	ck_assert_int_eq(parse_copy(rom, rom_len, 0, &info), OVF_ROM_OK);
	ck_assert_uint_eq(info.img[0].code_type, OVF_ROM_CODE_EFI);
	ck_assert_int_eq(info.img[0].is_efi, 0);
}
END_TEST

/* The PCIR says 64 KiB, the NPDE 32 KiB (the true size): NPDE wins. */
START_TEST(npde_length_override)
{
	struct romgen_image im[2];

	romgen_defaults(&im[0], 0x00, 32 * K);
	im[0].pcir_units = 64 * K / 512;
	im[0].npde = 1;
	romgen_defaults(&im[1], 0x03, 8 * K);
	build(im, 2, 0);
	ck_assert_int_eq(parse_copy(rom, rom_len, 0, &info), OVF_ROM_OK);
	ck_assert_uint_eq(info.nimages, 2);
	ck_assert_int_eq(info.img[0].has_npde, 1);
	ck_assert_uint_eq(info.img[0].npde_offset, 0x40);
	ck_assert_uint_eq(info.img[0].pcir_length, 64 * K);
	ck_assert_uint_eq(info.img[0].length, 32 * K);
	ck_assert_uint_eq(info.img[1].offset, 32 * K);
	ck_assert_uint_eq(info.total_len, 40 * K);
}
END_TEST

/* NVIDIA's layout: the EFI PCIR ends the PCI chain, NPDE continues it. */
START_TEST(npde_last_override)
{
	struct romgen_image im[3];

	romgen_defaults(&im[0], 0x00, 4 * K);
	im[0].npde = 1;
	romgen_defaults(&im[1], 0x03, 4 * K);
	im[1].pcir_last = 1;
	im[1].npde = 1;
	romgen_defaults(&im[2], 0xe0, 2 * K);
	im[2].npde = 1;
	build(im, 3, 4 * K);
	ck_assert_int_eq(parse_copy(rom, rom_len, 0, &info), OVF_ROM_OK);
	ck_assert_uint_eq(info.nimages, 3);
	ck_assert_int_eq(info.img[1].last, 0);
	ck_assert_uint_eq(info.img[2].code_type, OVF_ROM_CODE_NV_E0);
	ck_assert_int_eq(info.img[2].last, 1);
	ck_assert_uint_eq(info.total_len, 10 * K);

	/* And the other way: the NPDE ends the chain the PCIR continues */
	romgen_defaults(&im[0], 0x00, 4 * K);
	im[0].npde = 1;
	im[0].npde_last = 1;
	build(im, 2, 0);
	ck_assert_int_eq(parse_copy(rom, rom_len, 0, &info), OVF_ROM_OK);
	ck_assert_uint_eq(info.nimages, 1);
	ck_assert_uint_eq(info.total_len, 4 * K);
}
END_TEST

/* NPDE sits at the end of the PCIR structure, rounded up to 16 bytes. */
START_TEST(npde_alignment)
{
	static const struct {
		long slen;
		size_t at;
	} cases[] = { { 0x18, 0x40 }, { 0x1c, 0x40 }, { 0x20, 0x40 },
		      { 0x21, 0x50 }, { 0x24, 0x50 } };
	struct romgen_image im;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		romgen_defaults(&im, 0x00, 2 * K);
		im.pcir_struct_len = cases[i].slen;
		im.npde_units = 1;
		build(&im, 1, 0);
		ck_assert_int_eq(parse_copy(rom, rom_len, 0, &info),
				 OVF_ROM_OK);
		ck_assert_int_eq(info.img[0].has_npde, 0);

		im.npde = 1;
		build(&im, 1, 0);
		ck_assert_int_eq(parse_copy(rom, rom_len, 0, &info),
				 OVF_ROM_OK);
		ck_assert_int_eq(info.img[0].has_npde, 1);
		ck_assert_uint_eq(info.img[0].npde_offset, cases[i].at);
		ck_assert_uint_eq(info.img[0].length, 512);
	}
}
END_TEST

/*
 * Maxwell/Pascal MXM ROMs: a 0x70 image flagged not last, then one or two
 * EFI (GOP) images, the last of them flagged last. The flags are followed,
 * or a UEFI guest loses its GOP driver.
 */
START_TEST(nv70_then_efi)
{
	struct romgen_image im[4];
	size_t n;

	for (n = 3; n <= 4; n++) {
		romgen_defaults(&im[0], 0x00, 4 * K);
		im[0].npde = 1;
		romgen_defaults(&im[1], 0x70, 2 * K);
		im[1].pcir_last = 0;
		romgen_defaults(&im[2], 0x03, 8 * K);
		romgen_defaults(&im[3], 0x03, 4 * K);
		im[3].efi_machine = 0x014c;
		build(im, n, 16 * K);
		ck_assert_int_eq(parse_copy(rom, rom_len, 0, &info),
				 OVF_ROM_OK);
		ck_assert_uint_eq(info.nimages, n);
		ck_assert_uint_eq(info.img[1].code_type, OVF_ROM_CODE_NV_70);
		ck_assert_int_eq(info.img[1].last, 0);
		ck_assert_uint_eq(info.img[2].offset, 6 * K);
		ck_assert_int_eq(info.img[2].is_efi, 1);
		ck_assert_int_eq(info.img[n - 1].last, 1);
		ck_assert_uint_eq(info.total_len, n == 3 ? 14 * K : 18 * K);
		/* The dumper's partial walk ends at the same place */
		ck_assert_int_eq(parse_copy(rom, rom_len, 1, &info),
				 OVF_ROM_OK);
		ck_assert_uint_eq(info.total_len, n == 3 ? 14 * K : 18 * K);
	}
}
END_TEST

/* The NPDE of a 0x70 image counts like any other's. */
START_TEST(nv70_npde)
{
	struct romgen_image im[3];

	romgen_defaults(&im[0], 0x00, 2 * K);
	romgen_defaults(&im[1], 0x70, 2 * K);
	im[1].pcir_last = 1;
	im[1].npde = 1;
	im[1].npde_units = 1;
	im[1].npde_last = 0;
	romgen_defaults(&im[2], 0x03, 2 * K);
	build(im, 3, 0);
	/* The NPDE says 512 bytes: the next image is not there but filler */
	ck_assert_int_eq(parse_copy(rom, rom_len, 0, &info), OVF_ROM_OK);
	ck_assert_int_eq(info.img[1].has_npde, 1);
	ck_assert_uint_eq(info.img[1].length, 512);

	im[1].npde_units = -1;
	build(im, 3, 0);
	ck_assert_int_eq(parse_copy(rom, rom_len, 0, &info), OVF_ROM_OK);
	ck_assert_uint_eq(info.nimages, 3);
	ck_assert_int_eq(info.img[1].last, 0);
	ck_assert_uint_eq(info.total_len, 6 * K);
}
END_TEST

/*
 * Older ROMs flag their 0x70 image not last with nothing after it (why
 * nouveau ends every chain there): no image signature next ends the chain.
 */
START_TEST(nv70_nothing_after)
{
	struct romgen_image im[2];

	romgen_defaults(&im[0], 0x00, 2 * K);
	romgen_defaults(&im[1], 0x70, 2 * K);
	im[1].pcir_last = 0;
	build(im, 2, 8 * K);
	ck_assert_int_eq(parse_copy(rom, rom_len, 0, &info), OVF_ROM_OK);
	ck_assert_uint_eq(info.nimages, 2);
	ck_assert_uint_eq(info.total_len, 4 * K);
	/* ... and so does the end of the file */
	ck_assert_int_eq(parse_copy(rom, 4 * K, 0, &info), OVF_ROM_OK);
	ck_assert_uint_eq(info.total_len, 4 * K);
	/* A reader still fetches the 2 bytes that tell */
	ck_assert_int_eq(parse_copy(rom, 4 * K, 1, &info), OVF_ROM_NEED_MORE);
	ck_assert_uint_eq(info.need, 4 * K + 2);
	/* ... and says where the ROM ends if there are none */
	ck_assert_uint_eq(info.nv70_end, 4 * K);
	ck_assert_int_eq(parse_copy(rom, 4 * K - 1, 1, &info), OVF_ROM_NEED_MORE);
	ck_assert_uint_eq(info.nv70_end, 0);
	/* Not so for other code types: their successor must be there */
	im[1].code_type = 0x00;
	build(im, 2, 8 * K);
	ck_assert_int_eq(parse_copy(rom, rom_len, 0, &info), OVF_ROM_BAD);
	ck_assert_int_eq(info.error, OVF_ROM_ERR_SIGNATURE);
}
END_TEST

/*
 * NVIDIA's own image signature is the bytes 56 4e. The bytes 4e 56 only
 * start the NVGI header of nvflash files, which is not an image.
 */
START_TEST(nvidia_signatures)
{
	static const uint16_t sigs[] = { 0xbb77, 0x4e56 };
	static const char *const pcirs[] = { "NPDS", "RGIS" };
	struct romgen_image im[2];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(sigs); i++) {
		romgen_defaults(&im[0], 0x00, 2 * K);
		romgen_defaults(&im[1], 0xe0, 2 * K);
		im[1].signature = sigs[i];
		memcpy(im[1].pcir_sig, pcirs[i], 5);
		build(im, 2, 0);
		ck_assert_int_eq(parse_copy(rom, rom_len, 0, &info),
				 OVF_ROM_OK);
		ck_assert_uint_eq(info.nimages, 2);
		ck_assert_uint_eq(info.img[1].signature, sigs[i]);
		ck_assert_str_eq(info.img[1].pcir_sig, pcirs[i]);
	}
	ck_assert_int_eq(rom[2 * K], 0x56);
	ck_assert_int_eq(rom[2 * K + 1], 0x4e);

	romgen_defaults(&im[1], 0xe0, 2 * K);
	im[1].signature = 0x564e;	/* the bytes 'N' 'V' */
	build(im, 2, 0);
	ck_assert_int_eq(parse_copy(rom, rom_len, 0, &info), OVF_ROM_BAD);
	ck_assert_int_eq(info.error, OVF_ROM_ERR_SIGNATURE);
	ck_assert_uint_eq(info.error_offset, 2 * K);
	ck_assert_int_eq(rom[2 * K], 'N');
	ck_assert_int_eq(rom[2 * K + 1], 'V');
}
END_TEST

/*
 * A BIOS checksums header byte 2 x 512 bytes of an x86 image, not the
 * length the NPDE gives: a file right over the former is fine.
 */
START_TEST(x86_checksum_init_size)
{
	struct romgen_image im[2];

	romgen_defaults(&im[0], 0x00, 64 * K);
	im[0].npde = 1;
	im[0].init_units = 60 * K / 512;
	romgen_defaults(&im[1], 0x03, 4 * K);
	build(im, 2, 0);
	ck_assert_int_eq(parse_copy(rom, rom_len, 0, &info), OVF_ROM_OK);
	ck_assert_uint_eq(info.img[0].length, 64 * K);
	ck_assert_int_eq(info.img[0].checksum_ok, 1);
	ck_assert_uint_eq(info.img[0].checksum, 0);

	/* Wrong over byte 2 x 512 is wrong, whatever the whole sums to */
	im[0].bad_checksum = 1;
	build(im, 2, 0);
	ck_assert_int_eq(parse_copy(rom, rom_len, 0, &info), OVF_ROM_OK);
	ck_assert_int_eq(info.img[0].checksum_ok, 0);
	ck_assert_uint_ne(info.img[0].checksum, 0);
}
END_TEST

/* nvflash files: the ROM after an NVGI header, at every offset seen. */
START_TEST(locate_nvgi)
{
	static const size_t offs[] = { 0x400, 0x600, 0xa00, 0x4600, 0x9400,
				       0x28600 };
	struct romgen_image im[3];
	enum ovf_rom_container kind;
	size_t i, at;

	for (i = 0; i < ARRAY_SIZE(offs); i++) {
		romgen_defaults(&im[0], 0x00, 60 * K);
		im[0].npde = 1;
		romgen_defaults(&im[1], 0x70, 1 * K);
		romgen_defaults(&im[2], 0x03, 30 * K);
		build_in(offs[i], 1, im, 3, 0);
		ck_assert_mem_eq(rom, "NVGI", 4);
		/* The NVGI header is no image: parsed as it is, it fails */
		ck_assert_int_eq(parse_copy(rom, rom_len, 0, &info),
				 OVF_ROM_BAD);
		ck_assert_int_eq(info.error, OVF_ROM_ERR_SIGNATURE);
		ck_assert_int_eq(ovf_rom_sig_ok(rom, rom_len), 0);

		ck_assert_int_eq(ovf_rom_locate(rom, rom_len, &at, &kind), 0);
		ck_assert_uint_eq(at, offs[i]);
		ck_assert_int_eq(kind, OVF_ROM_NVGI);
		ck_assert_int_eq(parse_copy(rom + at, rom_len - at, 0, &info),
				 OVF_ROM_OK);
		ck_assert_uint_eq(info.nimages, 3);
		ck_assert_uint_eq(info.total_len, 91 * K);
	}
}
END_TEST

/* A full flash layout: the ROM at 0x35400 after bytes of no known header. */
START_TEST(locate_flash)
{
	struct romgen_image im[2];
	enum ovf_rom_container kind;
	size_t at;

	romgen_defaults(&im[0], 0x00, 64 * K);
	romgen_defaults(&im[1], 0x03, 64 * K);
	build_in(0x35400, 0, im, 2, 256 * K);
	ck_assert_int_eq(ovf_rom_locate(rom, rom_len, &at, &kind), 0);
	ck_assert_uint_eq(at, 0x35400);
	ck_assert_int_eq(kind, OVF_ROM_FLASH);
	ck_assert_int_eq(parse_copy(rom + at, rom_len - at, 0, &info),
			 OVF_ROM_OK);
	ck_assert_uint_eq(info.total_len, 128 * K);
	ck_assert_str_eq(ovf_rom_container_name(kind), "unknown flash layout");
	ck_assert_str_eq(ovf_rom_container_name(OVF_ROM_NVGI),
			 "NVIDIA NVGI header");
}
END_TEST

/* A bare ROM, even a broken one, is at 0; only 55 aa with a PCIR counts. */
START_TEST(locate_candidates)
{
	struct romgen_image im[2];
	enum ovf_rom_container kind;
	size_t at;

	romgen_defaults(&im[0], 0x00, 4 * K);
	build(im, 1, 0);
	ck_assert_int_eq(ovf_rom_locate(rom, rom_len, &at, &kind), 0);
	ck_assert_uint_eq(at, 0);
	ck_assert_int_eq(kind, OVF_ROM_BARE);
	rom[0x20] = 'X';	/* the PCIR signature */
	ck_assert_int_eq(ovf_rom_locate(rom, rom_len, &at, &kind), 0);
	ck_assert_uint_eq(at, 0);

	/* 55 aa at 0x200 and 0x400 without a PCIR, then the ROM at 0x800 */
	romgen_defaults(&im[0], 0x00, 4 * K);
	build_in(0x800, 1, im, 1, 0);
	rom[0x200] = 0x55;
	rom[0x201] = 0xaa;
	rom[0x400] = 0x55;
	rom[0x401] = 0xaa;
	memcpy(rom + 0x420, "PCIX", 4);
	rom[0x418] = 0x20;
	rom[0x419] = 0;
	ck_assert_int_eq(ovf_rom_locate(rom, rom_len, &at, &kind), 0);
	ck_assert_uint_eq(at, 0x800);
	/* Not at an odd offset */
	memmove(rom + 0x801, rom + 0x800, rom_len - 0x801);
	rom[0x800] = 0;
	ck_assert_int_eq(ovf_rom_locate(rom, rom_len, &at, &kind), -ENOENT);
	ck_assert_int_eq(kind, OVF_ROM_NVGI);

	/* A PCIR whose length is 0, or past the first 512 bytes: no ROM */
	romgen_defaults(&im[0], 0x00, 4 * K);
	im[0].pcir_units = 0;
	build_in(0x400, 0, im, 1, 0);
	ck_assert_int_eq(ovf_rom_locate(rom, rom_len, &at, &kind), -ENOENT);
	ck_assert_int_eq(kind, OVF_ROM_FLASH);
	romgen_defaults(&im[0], 0x00, 4 * K);
	im[0].pcir_ptr = 0x1f0;
	build_in(0x400, 0, im, 1, 0);
	ck_assert_int_eq(ovf_rom_locate(rom, rom_len, &at, &kind), -ENOENT);

	/* Nothing, a few bytes, the bare other signatures */
	ck_assert_int_eq(ovf_rom_locate(rom, 0, &at, &kind), -ENOENT);
	ck_assert_int_eq(ovf_rom_locate((const uint8_t *)"NVG", 3, &at, &kind),
			 -ENOENT);
	ck_assert_int_eq(kind, OVF_ROM_FLASH);
	ck_assert_int_eq(ovf_rom_locate((const uint8_t *)"\x77\xbb", 2, &at,
					&kind), 0);
	ck_assert_int_eq(kind, OVF_ROM_BARE);
}
END_TEST

/* The search stops at OVF_ROM_SEARCH_MAX and never reads past the buffer. */
START_TEST(locate_bounded)
{
	struct romgen_image im;
	enum ovf_rom_container kind;
	size_t at, len;

	romgen_defaults(&im, 0x00, 1 * K);
	build_in(OVF_ROM_SEARCH_MAX - 512, 0, &im, 1, 0);
	ck_assert_int_eq(ovf_rom_locate(rom, rom_len, &at, &kind), 0);
	ck_assert_uint_eq(at, OVF_ROM_SEARCH_MAX - 512);
	build_in(OVF_ROM_SEARCH_MAX, 0, &im, 1, 0);
	ck_assert_int_eq(ovf_rom_locate(rom, rom_len, &at, &kind), -ENOENT);

	/* Every prefix of a prefixed ROM: found only when 512 bytes are in */
	romgen_defaults(&im, 0x00, 1 * K);
	build_in(0x600, 1, &im, 1, 0);
	for (len = 0; len < 0x600 + 600; len += 7) {
		uint8_t *b = malloc(len ? len : 1);
		int r;

		memcpy(b, rom, len);
		r = ovf_rom_locate(b, len, &at, &kind);
		free(b);
		ck_assert_int_eq(r, len >= 0x600 + 512 ? 0 : -ENOENT);
	}
}
END_TEST

START_TEST(sig_ok)
{
	static const uint8_t good[][2] = { { 0x55, 0xaa }, { 0x77, 0xbb },
					  { 0x56, 0x4e } };
	static const uint8_t bad[][2] = { { 0x4e, 0x56 }, { 0xaa, 0x55 },
					 { 0xbb, 0x77 }, { 0, 0 } };
	size_t i;

	for (i = 0; i < ARRAY_SIZE(good); i++) {
		ck_assert_int_eq(ovf_rom_sig_ok(good[i], 2), 1);
		ck_assert_int_eq(ovf_rom_sig_ok(good[i], 1), 0);
	}
	for (i = 0; i < ARRAY_SIZE(bad); i++)
		ck_assert_int_eq(ovf_rom_sig_ok(bad[i], 2), 0);
	ck_assert_int_eq(ovf_rom_sig_ok(good[0], 0), 0);
}
END_TEST

/* What vfio-ssdt and vfio-domain take as --rom: a bare ROM that parses. */
START_TEST(check_file)
{
	char dir[] = "/tmp/check_rom.XXXXXX", path[4200];
	struct ovf_err e;
	enum ovf_rom_check what;
	struct romgen_image im[2];
	const char *p;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	romgen_defaults(&im[0], 0x00, 4 * K);
	romgen_defaults(&im[1], 0x03, 4 * K);
	build(im, 2, 8 * K);
	p = unit_put_file(dir, "bare.rom", rom, rom_len);
	ck_assert_int_eq(ovf_rom_check_file(p, &what, &e), 0);
	ck_assert_int_eq(e.err, 0);
	unlink(p);

	/* Not there (yet): nothing to check */
	ck_assert_int_eq(ovf_rom_check_file(p, &what, &e), 0);

	build_in(0x600, 1, im, 2, 0);
	p = unit_put_file(dir, "nvgi.rom", rom, rom_len);
	ck_assert_int_eq(ovf_rom_check_file(p, &what, &e), -EINVAL);
	/* the fact only: the command that cuts it out is the tool's to say */
	ck_assert_str_eq(e.reason, "the ROM is at offset 0x600, after an NVIDIA NVGI header, which a guest must not get");
	ck_assert_int_eq(what, OVF_ROM_CHECK_EMBEDDED);
	ck_assert_int_eq(e.err, EINVAL);
	ck_assert_str_eq(e.action, "check");
	ck_assert_str_eq(e.path, p);
	unlink(p);

	build_in(0x35400, 0, im, 2, 0);
	p = unit_put_file(dir, "flash.rom", rom, rom_len);
	ck_assert_int_eq(ovf_rom_check_file(p, &what, &e), -EINVAL);
	ck_assert_ptr_nonnull(strstr(e.reason, "after an unknown flash layout"));
	unlink(p);

	p = unit_put_file(dir, "empty.rom", rom, 0);
	ck_assert_int_eq(ovf_rom_check_file(p, &what, &e), -EINVAL);
	ck_assert_str_eq(e.reason, "empty file, not a ROM");
	ck_assert_str_eq(e.path, p);
	unlink(p);

	build(im, 2, 0);
	p = unit_put_file(dir, "cut.rom", rom, 6 * K);
	ck_assert_int_eq(ovf_rom_check_file(p, &what, &e), -EINVAL);
	ck_assert_str_eq(e.reason, "not a usable ROM: image 1: ROM ends inside an image at offset 0x1000");
	ck_assert_int_eq(what, OVF_ROM_CHECK_MALFORMED);
	unlink(p);

	/* A directory is refused; a FIFO is not read (it could block) */
	ck_assert_int_eq(ovf_rom_check_file(dir, &what, &e), -EISDIR);
	ck_assert_int_eq(e.err, EISDIR);
	ck_assert_str_eq(e.action, "check");
	ck_assert_str_eq(e.path, dir);
	ck_assert_str_eq(ovf_err_why(&e), strerror(EISDIR));
	snprintf(path, sizeof(path), "%s/fifo", dir);
	ck_assert_int_eq(mkfifo(path, 0600), 0);
	ck_assert_int_eq(ovf_rom_check_file(path, &what, &e), 0);
	unlink(path);
	ck_assert_int_eq(rmdir(dir), 0);
}
END_TEST

START_TEST(bad_checksum)
{
	struct romgen_image im[2];

	romgen_defaults(&im[0], 0x00, 2 * K);
	im[0].bad_checksum = 1;
	romgen_defaults(&im[1], 0x03, 2 * K);
	build(im, 2, 0);
	ck_assert_int_eq(parse_copy(rom, rom_len, 0, &info), OVF_ROM_OK);
	ck_assert_int_eq(info.img[0].checksum_ok, 0);
	ck_assert_uint_ne(info.img[0].checksum, 0);
	ck_assert_int_eq(info.img[1].checksum_ok, 1);
}
END_TEST

static void build_three(size_t pad)
{
	struct romgen_image im[3];

	romgen_defaults(&im[0], 0x00, 2 * K);
	im[0].npde = 1;
	romgen_defaults(&im[1], 0x03, 1 * K);
	im[1].pcir_last = 1;
	im[1].npde = 1;
	romgen_defaults(&im[2], 0xe0, 1536);
	im[2].signature = 0xbb77;
	im[2].npde = 1;
	build(im, 3, pad);
}

/* Every prefix of a valid ROM: NEED_MORE in partial mode, else TRUNCATED. */
START_TEST(truncated_everywhere)
{
	size_t total, len;

	build_three(0);
	total = rom_len;
	for (len = 0; len < total; len++) {
		ck_assert_int_eq(parse_copy(rom, len, 1, &info),
				 OVF_ROM_NEED_MORE);
		ck_assert_uint_gt(info.need, len);
		ck_assert_uint_le(info.need, total);
		ck_assert_int_eq(parse_copy(rom, len, 0, &info), OVF_ROM_BAD);
		ck_assert_int_eq(info.error,
				 len ? OVF_ROM_ERR_TRUNCATED : OVF_ROM_ERR_EMPTY);
	}
	ck_assert_int_eq(parse_copy(rom, total, 1, &info), OVF_ROM_OK);
	ck_assert_int_eq(parse_copy(rom, total, 0, &info), OVF_ROM_OK);
	ck_assert_uint_eq(info.nimages, 3);
}
END_TEST

/*
 * A reader that fetches exactly what the parser asks for stops at the end of
 * the last image, even with padding after it; one fetching 42-byte chunks
 * overshoots by less than a chunk.
 */
START_TEST(reader_stops_at_end)
{
	size_t len = 0, calls = 0, total = 4 * K + 512;
	enum ovf_rom_status st;

	build_three(64 * K);
	while ((st = parse_copy(rom, len, 1, &info)) == OVF_ROM_NEED_MORE) {
		ck_assert_uint_gt(info.need, len);
		ck_assert_uint_le(info.need, total);
		len = info.need;
		ck_assert_uint_lt(++calls, 100);
	}
	ck_assert_int_eq(st, OVF_ROM_OK);
	ck_assert_uint_eq(len, total);
	ck_assert_uint_eq(info.total_len, total);

	len = 0;
	while ((st = parse_copy(rom, len, 1, &info)) == OVF_ROM_NEED_MORE) {
		while (len < info.need)
			len += 42;
	}
	ck_assert_int_eq(st, OVF_ROM_OK);
	ck_assert_uint_lt(len, total + 42);
	ck_assert_uint_eq(info.total_len, total);
}
END_TEST

START_TEST(trailing_padding)
{
	build_three(1024 * K);
	ck_assert_int_eq(parse_copy(rom, rom_len, 0, &info), OVF_ROM_OK);
	ck_assert_uint_eq(info.total_len, 4 * K + 512);
	ck_assert_uint_eq(info.nimages, 3);
}
END_TEST

START_TEST(pcir_pointer_bad)
{
	struct romgen_image im[2];

	/* Pointing into the header itself */
	romgen_defaults(&im[0], 0x00, 2 * K);
	im[0].pcir_ptr = 0x10;
	build(im, 1, 0);
	ck_assert_int_eq(parse_copy(rom, rom_len, 0, &info), OVF_ROM_BAD);
	ck_assert_int_eq(info.error, OVF_ROM_ERR_PCIR_OFFSET);
	ck_assert_uint_eq(info.error_offset, 0x18);
	ck_assert_int_eq(parse_copy(rom, rom_len, 1, &info), OVF_ROM_BAD);

	/* At a valid PCIR, but the next image's, outside this one */
	romgen_defaults(&im[0], 0x00, 512);
	im[0].pcir_ptr = 512 + ROMGEN_PCIR_PTR;
	romgen_defaults(&im[1], 0x00, 512);
	build(im, 2, 0);
	ck_assert_int_eq(parse_copy(rom, rom_len, 0, &info), OVF_ROM_BAD);
	ck_assert_int_eq(info.error, OVF_ROM_ERR_PCIR_OFFSET);
	ck_assert_uint_eq(info.nimages, 0);

	/* Past the end of the file */
	romgen_defaults(&im[0], 0x00, 1 * K);
	im[0].pcir_ptr = 0xfff0;
	build(im, 1, 0);
	ck_assert_int_eq(parse_copy(rom, rom_len, 0, &info), OVF_ROM_BAD);
	ck_assert_int_eq(info.error, OVF_ROM_ERR_PCIR_OFFSET);
	ck_assert_int_eq(parse_copy(rom, rom_len, 1, &info),
			 OVF_ROM_NEED_MORE);
	ck_assert_uint_eq(info.need, 0xfff0 + 0x18);

	/* Pointing at filler */
	romgen_defaults(&im[0], 0x00, 1 * K);
	build(im, 1, 0);
	rom[0x18] = 0x00;
	rom[0x19] = 0x01;
	ck_assert_int_eq(parse_copy(rom, rom_len, 0, &info), OVF_ROM_BAD);
	ck_assert_int_eq(info.error, OVF_ROM_ERR_PCIR_SIGNATURE);
	ck_assert_uint_eq(info.error_offset, 0x100);
}
END_TEST

START_TEST(pcir_signature_bad)
{
	struct romgen_image im[2];

	romgen_defaults(&im[0], 0x00, 2 * K);
	romgen_defaults(&im[1], 0x00, 2 * K);
	memcpy(im[1].pcir_sig, "PCIX", 5);
	build(im, 2, 0);
	ck_assert_int_eq(parse_copy(rom, rom_len, 0, &info), OVF_ROM_BAD);
	ck_assert_int_eq(info.error, OVF_ROM_ERR_PCIR_SIGNATURE);
	ck_assert_uint_eq(info.error_offset, 2 * K + ROMGEN_PCIR_PTR);
	ck_assert_uint_eq(info.nimages, 1);
}
END_TEST

START_TEST(zero_length)
{
	struct romgen_image im[2];

	romgen_defaults(&im[0], 0x00, 2 * K);
	im[0].pcir_units = 0;
	build(im, 1, 0);
	ck_assert_int_eq(parse_copy(rom, rom_len, 0, &info), OVF_ROM_BAD);
	ck_assert_int_eq(info.error, OVF_ROM_ERR_IMAGE_LENGTH);
	ck_assert_uint_eq(info.error_offset, ROMGEN_PCIR_PTR + 0x10);
	ck_assert_int_eq(parse_copy(rom, rom_len, 1, &info), OVF_ROM_BAD);

	/* A zero NPDE length is no better */
	romgen_defaults(&im[0], 0x00, 2 * K);
	romgen_defaults(&im[1], 0x00, 2 * K);
	im[1].npde = 1;
	im[1].npde_units = 0;
	build(im, 2, 0);
	ck_assert_int_eq(parse_copy(rom, rom_len, 0, &info), OVF_ROM_BAD);
	ck_assert_int_eq(info.error, OVF_ROM_ERR_IMAGE_LENGTH);
	ck_assert_uint_eq(info.error_offset, 2 * K + 0x40 + 0x08);
	ck_assert_uint_eq(info.nimages, 1);
}
END_TEST

START_TEST(image_count_limit)
{
	struct romgen_image im[OVF_ROM_MAX_IMAGES + 1];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(im); i++)
		romgen_defaults(&im[i], 0x00, 512);
	build(im, OVF_ROM_MAX_IMAGES, 0);
	ck_assert_int_eq(parse_copy(rom, rom_len, 0, &info), OVF_ROM_OK);
	ck_assert_uint_eq(info.nimages, OVF_ROM_MAX_IMAGES);

	build(im, OVF_ROM_MAX_IMAGES + 1, 0);
	ck_assert_int_eq(parse_copy(rom, rom_len, 0, &info), OVF_ROM_BAD);
	ck_assert_int_eq(info.error, OVF_ROM_ERR_TOO_MANY_IMAGES);
	ck_assert_uint_eq(info.error_offset, OVF_ROM_MAX_IMAGES * 512);
	ck_assert_int_eq(parse_copy(rom, rom_len, 1, &info), OVF_ROM_BAD);
}
END_TEST

START_TEST(bad_image_signature)
{
	struct romgen_image im[2];

	romgen_defaults(&im[0], 0x00, 2 * K);
	im[0].signature = 0x1234;
	build(im, 1, 0);
	ck_assert_int_eq(parse_copy(rom, rom_len, 1, &info), OVF_ROM_BAD);
	ck_assert_int_eq(info.error, OVF_ROM_ERR_SIGNATURE);
	ck_assert_uint_eq(info.error_offset, 0);

	/* The first image claims a successor that is not there */
	romgen_defaults(&im[0], 0x00, 2 * K);
	im[0].pcir_last = 0;
	build(im, 1, 4 * K);
	ck_assert_int_eq(parse_copy(rom, rom_len, 0, &info), OVF_ROM_BAD);
	ck_assert_int_eq(info.error, OVF_ROM_ERR_SIGNATURE);
	ck_assert_uint_eq(info.error_offset, 2 * K);
	ck_assert_uint_eq(info.nimages, 1);
	/* ... or ends the file right there */
	ck_assert_int_eq(parse_copy(rom, 2 * K, 0, &info), OVF_ROM_BAD);
	ck_assert_int_eq(info.error, OVF_ROM_ERR_TRUNCATED);
	ck_assert_uint_eq(info.error_offset, 2 * K);
	ck_assert_int_eq(parse_copy(rom, 2 * K, 1, &info), OVF_ROM_NEED_MORE);
	ck_assert_uint_eq(info.need, 2 * K + 2);
}
END_TEST

START_TEST(empty)
{
	static const uint8_t none[1];

	ck_assert_int_eq(ovf_rom_parse(none, 0, 0, &info), OVF_ROM_BAD);
	ck_assert_int_eq(info.error, OVF_ROM_ERR_EMPTY);
	ck_assert_int_eq(ovf_rom_parse(none, 0, 1, &info), OVF_ROM_NEED_MORE);
	ck_assert_uint_eq(info.need, 2);
}
END_TEST

/* Random corruption of a valid ROM, every prefix: no crash, sane answers. */
START_TEST(corruption_fuzz)
{
	uint32_t s = 12345;
	size_t total, len, k;
	int round;

	for (round = 0; round < 300; round++) {
		build_three(512);
		total = rom_len;
		for (k = 0; k < 4; k++) {
			size_t at = romgen_rand(&s) % total;

			/* Mostly hit the headers, where the parser looks */
			if (romgen_rand(&s) & 1)
				at = (at & ~(size_t)511) + at % 0x60;
			rom[at] = romgen_rand(&s) & 0xff;
		}
		for (len = 0; len <= total; len += 1 + round % 7) {
			enum ovf_rom_status st;

			st = parse_copy(rom, len, 1, &info);
			if (st == OVF_ROM_NEED_MORE)
				ck_assert_uint_gt(info.need, len);
			if (st == OVF_ROM_OK)
				ck_assert_uint_le(info.total_len, len);
			st = parse_copy(rom, len, 0, &info);
			ck_assert_int_ne(st, OVF_ROM_NEED_MORE);
			if (st == OVF_ROM_OK)
				ck_assert_uint_le(info.total_len, len);
			else
				ck_assert_int_ne(info.error, OVF_ROM_ERR_NONE);
		}
	}
}
END_TEST

/* Random corruption of prefixed ROMs: the search answers sanely, in bounds. */
START_TEST(locate_fuzz)
{
	struct romgen_image im[3];
	enum ovf_rom_container kind;
	uint32_t s = 777;
	size_t at, k;
	uint8_t *b;
	int round;

	for (round = 0; round < 300; round++) {
		romgen_defaults(&im[0], 0x00, 1 * K);
		romgen_defaults(&im[1], 0x70, 512);
		im[1].pcir_last = 0;
		romgen_defaults(&im[2], 0x03, 1 * K);
		build_in(512 * (1 + round % 5), round & 1, im, 3, 0);
		for (k = 0; k < 6; k++) {
			size_t pos = romgen_rand(&s) % rom_len;

			if (romgen_rand(&s) & 1)
				pos = (pos & ~(size_t)511) + pos % 0x40;
			rom[pos] = romgen_rand(&s) & 0xff;
		}
		b = malloc(rom_len);
		ck_assert_ptr_nonnull(b);
		memcpy(b, rom, rom_len);
		if (!ovf_rom_locate(b, rom_len, &at, &kind)) {
			ck_assert_uint_lt(at, rom_len);
			ck_assert_uint_eq(at % 512, 0);
			if (ovf_rom_parse(b + at, rom_len - at, 0, &info) ==
			    OVF_ROM_OK)
				ck_assert_uint_le(at + info.total_len, rom_len);
		}
		free(b);
	}
}
END_TEST

START_TEST(names)
{
	int e;

	for (e = OVF_ROM_ERR_NONE; e <= OVF_ROM_ERR_TRUNCATED; e++)
		ck_assert_ptr_nonnull(ovf_rom_strerror(e));
	ck_assert_str_eq(ovf_rom_code_type_name(0x00), "x86 (PC-AT)");
	ck_assert_str_eq(ovf_rom_code_type_name(0x03), "EFI");
	ck_assert_str_eq(ovf_rom_code_type_name(0x70), "NVIDIA 0x70");
	/* Not "FwSec": Kepler to Pascal ROMs have 0xE0 images before FWSEC */
	ck_assert_str_eq(ovf_rom_code_type_name(0xe0), "NVIDIA 0xE0");
	ck_assert_str_eq(ovf_rom_code_type_name(0x42), "unknown");
	ck_assert_str_eq(ovf_rom_efi_machine_name(0x8664), "X64");
	ck_assert_str_eq(ovf_rom_efi_machine_name(0x014c), "IA32");
	ck_assert_str_eq(ovf_rom_efi_machine_name(0x0200), "IA64");
	ck_assert_str_eq(ovf_rom_efi_machine_name(0x0ebc), "EBC");
	ck_assert_str_eq(ovf_rom_efi_machine_name(0xaa64), "AARCH64");
	ck_assert_str_eq(ovf_rom_efi_machine_name(0x1234), "unknown");
}
END_TEST

/* A file's ROM found and walked in one call, as vbios-info needs it. */
START_TEST(file_scan)
{
	struct romgen_image im[2];
	struct ovf_rom_file *f = malloc(sizeof(*f));

	ck_assert_ptr_nonnull(f);
	romgen_defaults(&im[0], 0x00, 4 * K);
	romgen_defaults(&im[1], 0x03, 4 * K);
	build_in(0x600, 1, im, 2, 100);
	ck_assert_int_eq(ovf_rom_file_scan(rom, rom_len, f), 0);
	ck_assert_uint_eq(f->base, 0x600);
	ck_assert_int_eq(f->kind, OVF_ROM_NVGI);
	ck_assert_uint_eq(f->info.nimages, 2);
	ck_assert_uint_eq(f->info.total_len, 8 * K);

	/* the file ends inside image 1: how much the chain wants */
	ck_assert_int_eq(ovf_rom_file_scan(rom, 0x600 + 6 * K, f), -EINVAL);
	ck_assert_int_eq(f->info.error, OVF_ROM_ERR_TRUNCATED);
	ck_assert_uint_eq(f->need, 8 * K);
	ck_assert_uint_eq(f->base, 0x600);

	/* a bad second image: where it starts */
	im[1].signature = 0x1234;
	build(im, 2, 0);
	ck_assert_int_eq(ovf_rom_file_scan(rom, rom_len, f), -EINVAL);
	ck_assert_int_eq(f->info.error, OVF_ROM_ERR_SIGNATURE);
	ck_assert_uint_eq(f->info.nimages, 1);
	ck_assert_uint_eq(f->bad_image, 4 * K);
	ck_assert_uint_eq(f->base, 0);

	/* an NVGI header and nothing after it */
	memset(rom + 0x600, 0, rom_len - 0x600);
	romgen_prefix(rom, 0x600, 1, 3);
	ck_assert_int_eq(ovf_rom_file_scan(rom, rom_len, f), -ENOENT);
	ck_assert_int_eq(f->kind, OVF_ROM_NVGI);

	/* an empty file is an empty bare ROM */
	ck_assert_int_eq(ovf_rom_file_scan(rom, 0, f), -EINVAL);
	ck_assert_int_eq(f->info.error, OVF_ROM_ERR_EMPTY);
	ck_assert_int_eq(f->kind, OVF_ROM_BARE);
	free(f);
}
END_TEST

/* The first image with a vendor ID names the device; subsystems do not. */
START_TEST(matches_device)
{
	struct romgen_image im[2];
	int img = 7;

	romgen_defaults(&im[0], 0x00, 2 * K);
	romgen_defaults(&im[1], 0x03, 2 * K);
	build(im, 2, 0);
	ck_assert_int_eq(parse_copy(rom, rom_len, 0, &info), OVF_ROM_OK);
	ck_assert_int_eq(ovf_rom_matches(&info, 0x10de, 0x1c8d, &img), 1);
	ck_assert_int_eq(img, 0);
	ck_assert_int_eq(ovf_rom_matches(&info, 0x10de, 0x1c8e, &img), 0);
	ck_assert_int_eq(ovf_rom_matches(&info, 0x8086, 0x1c8d, &img), 0);
	ck_assert_int_eq(img, 0);

	/* image 0 without an ID: image 1 decides, even against image 0 */
	im[0].vendor = 0xffff;
	im[1].device = 0x1c8e;
	build(im, 2, 0);
	ck_assert_int_eq(parse_copy(rom, rom_len, 0, &info), OVF_ROM_OK);
	ck_assert_int_eq(ovf_rom_matches(&info, 0x10de, 0x1c8e, &img), 1);
	ck_assert_int_eq(img, 1);

	/* no image with an ID: nothing matches */
	im[1].vendor = 0x0000;
	build(im, 2, 0);
	ck_assert_int_eq(parse_copy(rom, rom_len, 0, &info), OVF_ROM_OK);
	ck_assert_int_eq(ovf_rom_matches(&info, 0x0000, 0x1c8e, &img), 0);
	ck_assert_int_eq(img, -1);
}
END_TEST

/* Only x86 code that does not sum to zero is refused by a BIOS. */
START_TEST(image_sum)
{
	struct ovf_rom_image im = { .code_type = OVF_ROM_CODE_X86,
				    .checksum_ok = 1, .init_length = 4 * K,
				    .checksum_length = 4 * K };
	struct romgen_image g[1];

	ck_assert_int_eq(ovf_rom_image_sum(&im), OVF_ROM_SUM_OK);
	im.checksum_ok = 0;
	ck_assert_int_eq(ovf_rom_image_sum(&im), OVF_ROM_SUM_BAD);
	im.checksum_length = 3 * K;
	ck_assert_int_eq(ovf_rom_image_sum(&im), OVF_ROM_SUM_SHORT);
	im.code_type = OVF_ROM_CODE_EFI;
	ck_assert_int_eq(ovf_rom_image_sum(&im), OVF_ROM_SUM_UNCHECKED);
	im.checksum_ok = 1;
	ck_assert_int_eq(ovf_rom_image_sum(&im), OVF_ROM_SUM_OK);

	/* and the parser's own verdict on a bad x86 image */
	romgen_defaults(&g[0], 0x00, 2 * K);
	g[0].bad_checksum = 1;
	build(g, 1, 0);
	ck_assert_int_eq(parse_copy(rom, rom_len, 0, &info), OVF_ROM_OK);
	ck_assert_int_eq(ovf_rom_image_sum(&info.img[0]), OVF_ROM_SUM_BAD);
}
END_TEST

static Suite *rom_suite(void)
{
	Suite *s = suite_create("rom");
	TCase *tc = tcase_create("parse");

	tcase_add_checked_fixture(tc, NULL, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, single_x86);
	tcase_add_test(tc, x86_and_efi);
	tcase_add_test(tc, efi_bad_header_signature);
	tcase_add_test(tc, npde_length_override);
	tcase_add_test(tc, npde_last_override);
	tcase_add_test(tc, npde_alignment);
	tcase_add_test(tc, nv70_then_efi);
	tcase_add_test(tc, nv70_npde);
	tcase_add_test(tc, nv70_nothing_after);
	tcase_add_test(tc, nvidia_signatures);
	tcase_add_test(tc, x86_checksum_init_size);
	tcase_add_test(tc, locate_nvgi);
	tcase_add_test(tc, locate_flash);
	tcase_add_test(tc, locate_candidates);
	tcase_add_test(tc, locate_bounded);
	tcase_add_test(tc, sig_ok);
	tcase_add_test(tc, check_file);
	tcase_add_test(tc, bad_checksum);
	tcase_add_test(tc, truncated_everywhere);
	tcase_add_test(tc, reader_stops_at_end);
	tcase_add_test(tc, trailing_padding);
	tcase_add_test(tc, pcir_pointer_bad);
	tcase_add_test(tc, pcir_signature_bad);
	tcase_add_test(tc, zero_length);
	tcase_add_test(tc, image_count_limit);
	tcase_add_test(tc, bad_image_signature);
	tcase_add_test(tc, empty);
	tcase_add_test(tc, corruption_fuzz);
	tcase_add_test(tc, locate_fuzz);
	tcase_add_test(tc, names);
	tcase_add_test(tc, file_scan);
	tcase_add_test(tc, matches_device);
	tcase_add_test(tc, image_sum);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return unit_run(rom_suite());
}

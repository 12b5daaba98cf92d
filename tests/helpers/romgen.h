/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Deterministic PCI option ROM builder shared by mkrom and the unit tests. */
#ifndef OVF_ROMGEN_H
#define OVF_ROMGEN_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define ROMGEN_UNIT 512
#define ROMGEN_MAX_UNITS 0xffff
#define ROMGEN_PCIR_PTR 0x20	/* 4-aligned, clear of the EFI header */
#define ROMGEN_EFI_IMAGE_OFFSET 0x60

/* Fields left at -1 take their natural value (see romgen_defaults()). */
struct romgen_image {
	size_t size;		/* bytes written to the file, multiple of 512 */
	int code_type;
	uint16_t signature;	/* 0xaa55, 0xbb77, 0x4e56 (bytes 56 4e) ... */
	int vendor, device;	/* -1: the builder's defaults */
	uint32_t class_code;
	uint16_t revision;
	char pcir_sig[5];
	long pcir_ptr;		/* -1: ROMGEN_PCIR_PTR */
	long pcir_struct_len;	/* -1: 0x18 */
	long pcir_units;	/* image length the PCIR states; -1: size */
	int pcir_last;		/* -1: last image of the chain */
	int npde;		/* add an NPDE after the PCIR */
	long npde_units;	/* -1: size */
	int npde_last;		/* -1: last image of the chain */
	/* EFI header (code type 3) */
	uint16_t efi_machine;
	int efi_compressed;
	uint32_t efi_signature;
	int bad_checksum;
	/*
	 * x86: header byte 2 in 512-byte units, the part a BIOS checksums;
	 * -1: the image size. When smaller, the checksum is made right over
	 * it and wrong over the whole image, as in a user-modified file.
	 */
	long init_units;
};

static inline void romgen_defaults(struct romgen_image *im, int code_type,
				   size_t size)
{
	memset(im, 0, sizeof(*im));
	im->size = size;
	im->code_type = code_type;
	im->signature = 0xaa55;
	im->vendor = -1;
	im->device = -1;
	im->class_code = 0x030000;	/* VGA compatible controller */
	im->revision = 1;
	memcpy(im->pcir_sig, "PCIR", 5);
	im->pcir_ptr = -1;
	im->pcir_struct_len = -1;
	im->pcir_units = -1;
	im->pcir_last = -1;
	im->npde_units = -1;
	im->npde_last = -1;
	im->efi_machine = 0x8664;
	im->efi_signature = 0x0ef1;
	im->init_units = -1;
}

static inline void romgen_put16(uint8_t *p, unsigned int v)
{
	p[0] = v & 0xff;
	p[1] = (v >> 8) & 0xff;
}

/* xorshift32: fixed sequence per seed, so generated files never change */
static inline uint32_t romgen_rand(uint32_t *s)
{
	uint32_t x = *s ? *s : 0x9e3779b9;

	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	*s = x;
	return x;
}

/* Store @len bytes of @src at @off of the @n-byte image, clipped to it. */
static inline void romgen_put(uint8_t *p, size_t n, size_t off,
			      const uint8_t *src, size_t len)
{
	if (off >= n)
		return;
	memcpy(p + off, src, len > n - off ? n - off : len);
}

/*
 * Write image @im at @p (im->size bytes). @last says whether it ends the
 * chain; @vendor/@device are used when the image has none of its own.
 * Structures that do not fit in the image are clipped, never overrun.
 */
static inline void romgen_write_image(uint8_t *p, const struct romgen_image *im,
				      int last, uint16_t vendor, uint16_t device,
				      uint32_t seed)
{
	size_t n = im->size, ptr, slen, i, fix;
	uint8_t hdr[0x1a], d[0x18], e[0x10], sum = 0, rest = 0;
	long units = (long)(n / ROMGEN_UNIT), pu, nu;

	for (i = 0; i < n; i++)
		p[i] = romgen_rand(&seed) & 0xff;

	memset(hdr, 0, sizeof(hdr));
	romgen_put16(hdr, im->signature);
	if (im->code_type == 3) {
		romgen_put16(hdr + 0x02, units > 0xffff ? 0xffff : units);
		romgen_put16(hdr + 0x04, im->efi_signature & 0xffff);
		romgen_put16(hdr + 0x06, im->efi_signature >> 16);
		romgen_put16(hdr + 0x08, 0x0b);	/* boot service driver */
		romgen_put16(hdr + 0x0a, im->efi_machine);
		romgen_put16(hdr + 0x0c, im->efi_compressed ? 1 : 0);
		romgen_put16(hdr + 0x16, ROMGEN_EFI_IMAGE_OFFSET);
	} else {
		if (im->init_units >= 0)
			hdr[0x02] = im->init_units & 0xff;
		else
			hdr[0x02] = units > 0xff ? 0xff : units;
		hdr[0x03] = 0xeb;	/* a short jmp, as real init code starts */
		hdr[0x04] = 0x4b;
	}
	ptr = im->pcir_ptr < 0 ? ROMGEN_PCIR_PTR : (size_t)im->pcir_ptr;
	romgen_put16(hdr + 0x18, ptr);
	romgen_put(p, n, 0, hdr, sizeof(hdr));

	slen = im->pcir_struct_len < 0 ? 0x18 : (size_t)im->pcir_struct_len;
	pu = im->pcir_units < 0 ? units : im->pcir_units;
	memset(d, 0, sizeof(d));
	memcpy(d, im->pcir_sig, 4);
	romgen_put16(d + 0x04, im->vendor < 0 ? vendor : im->vendor);
	romgen_put16(d + 0x06, im->device < 0 ? device : im->device);
	romgen_put16(d + 0x0a, slen);
	d[0x0d] = im->class_code & 0xff;
	d[0x0e] = (im->class_code >> 8) & 0xff;
	d[0x0f] = (im->class_code >> 16) & 0xff;
	romgen_put16(d + 0x10, pu);
	romgen_put16(d + 0x12, im->revision);
	d[0x14] = im->code_type;
	d[0x15] = (im->pcir_last < 0 ? last : im->pcir_last) ? 0x80 : 0;
	romgen_put(p, n, ptr, d, sizeof(d));

	if (im->npde) {
		nu = im->npde_units < 0 ? units : im->npde_units;
		memset(e, 0, sizeof(e));
		memcpy(e, "NPDE", 4);
		romgen_put16(e + 0x04, 0x0100);
		romgen_put16(e + 0x06, sizeof(e));
		romgen_put16(e + 0x08, nu);
		e[0x0a] = (im->npde_last < 0 ? last : im->npde_last) ? 0x80 : 0;
		romgen_put(p, n, (ptr + slen + 15) & ~(size_t)15, e, sizeof(e));
	}

	/*
	 * The last byte of the checksummed part makes it sum to zero: the
	 * whole image, or the first init_units * 512 bytes.
	 */
	fix = n;
	if (im->init_units > 0 && (size_t)im->init_units * ROMGEN_UNIT < n)
		fix = (size_t)im->init_units * ROMGEN_UNIT;
	for (i = 0; i + 1 < fix; i++)
		sum += p[i];
	if (fix) {
		p[fix - 1] = (uint8_t)(0x100 - sum);
		if (im->bad_checksum)
			p[fix - 1] ^= 0x5a;
	}
	/* ... and then the whole image surely does not */
	if (fix < n) {
		for (i = fix; i < n; i++)
			rest += p[i];
		if (!rest)
			p[n - 1] ^= 0x01;
	}
}

/*
 * Fill @n bytes at @p with what precedes the ROM in a file: with @nvgi an
 * NVIDIA "NVGI" header (nvflash and download-site files), otherwise bytes of
 * no known layout, as a full flash dump has before the option ROM. Only the
 * magic of the NVGI header is modelled; the rest is filler. No 512-byte
 * boundary starts with 55 aa, so the ROM after it is the first one found.
 */
static inline void romgen_prefix(uint8_t *p, size_t n, int nvgi, uint32_t seed)
{
	size_t i;

	for (i = 0; i < n; i++)
		p[i] = romgen_rand(&seed) & 0xff;
	for (i = 0; i < n; i += ROMGEN_UNIT)
		if (p[i] == 0x55)
			p[i] = 0xff;
	/* Nor does the file start with any image signature */
	if (n && (p[0] == 0x77 || p[0] == 0x56 || !memcmp(p, "NVGI", n < 4 ? n : 4)))
		p[0] = 0xff;
	if (nvgi && n >= 4)
		memcpy(p, "NVGI", 4);
}

/*
 * Build the chain of @n images into @out (@cap bytes). The last image gets
 * the last-image flag unless overridden. Returns bytes written, or 0 when
 * @out is too small.
 */
static inline size_t romgen_build(const struct romgen_image *imgs, size_t n,
				  uint16_t vendor, uint16_t device,
				  uint32_t seed, uint8_t *out, size_t cap)
{
	size_t off = 0, i;

	for (i = 0; i < n; i++) {
		if (imgs[i].size > cap - off)
			return 0;
		romgen_write_image(out + off, &imgs[i], i + 1 == n, vendor,
				   device, seed * 2654435761u + (uint32_t)i + 1);
		off += imgs[i].size;
	}
	return off;
}

/*
 * The smallest two-image chain: x86 and EFI, 1 KiB each, for
 * @vendor:@device, @last_flag on the EFI image (seed 5). Returns 2048.
 */
static inline size_t romgen_pair_2k(uint8_t *out, size_t cap, uint16_t vendor,
				    uint16_t device, int last_flag)
{
	struct romgen_image im[2];

	romgen_defaults(&im[0], 0, 1024);
	romgen_defaults(&im[1], 3, 1024);
	im[1].pcir_last = last_flag;
	return romgen_build(im, 2, vendor, device, 5, out, cap);
}

#endif

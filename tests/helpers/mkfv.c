// SPDX-License-Identifier: GPL-2.0-or-later
/* mkfv: write a PI-spec firmware volume holding generated option ROMs (LZMA-compressed as on laptops), for tests. */
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <lzma.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "romgen.h"

#define PROG "mkfv"

/*
 * The layout follows the PI spec, volume 3 (firmware volume, FFS file and
 * section headers) and EDK2's conventions where the spec leaves a choice:
 * the volume's extended header sits in a pad file right after the block
 * map, the LZMA section carries LzmaCompress's 13-byte header.
 */
#define FVH_LEN 0x48		/* header with one block map entry + terminator */
#define FFS_HDR_LEN 24
#define EXT_HDR_LEN 20
#define BLOCK 0x1000
#define FV_ATTRIBS 0x0004feffu	/* as OVMF's: erase polarity 1, alignment caps */
#define FFS_ATTRIB_CHECKSUM 0x40
/* state bits inverted (erase polarity 1): constructed, header valid, data valid */
#define FFS_STATE 0xf8

#define FV_FILETYPE_RAW 0x01
#define FV_FILETYPE_FREEFORM 0x02
#define FV_FILETYPE_DRIVER 0x07
#define FV_FILETYPE_FV_IMAGE 0x0b
#define FV_FILETYPE_PAD 0xf0
#define SECTION_GUID_DEFINED 0x02
#define SECTION_PE32 0x10
#define SECTION_UI 0x15
#define SECTION_FV_IMAGE 0x17
#define SECTION_RAW 0x19

#define GUID_FFS2 "8C8CE578-8A3D-4F1C-9935-896185C32DD3"
#define GUID_LZMA "EE4E5898-3914-4259-9D6E-DC7BD79403CF"
#define GUID_OUTER_FV "5C60F367-A505-419A-859E-2A4FF6CA6FE5"
#define GUID_INNER_FV "A881D567-6CB0-4EEE-8435-2E72D33E45B5"
#define GUID_FV_FILE "9E21FD93-9C72-4C15-8C4B-E77F1DB2D792"
#define GUID_VTF "1BA0062E-C779-4582-8566-336AE8F78F09"
#define PAD_GUID "00000000-0000-0000-0000-000000000000"
#define GUID_EFI_CAPSULE "3B6686BD-0D76-4030-B70E-B5519E2FC5A0"
#define GUID_APTIO_UNSIGNED "14EEBB90-890A-43DB-AED1-5D3C4588A418"

struct buf {
	uint8_t *p;
	size_t n, cap;
};

static void __attribute__((noreturn)) die(const char *msg)
{
	fprintf(stderr, PROG ": %s\n", msg);
	exit(1);
}

static void put(struct buf *b, const void *d, size_t n)
{
	if (b->n + n > b->cap) {
		size_t cap = (b->n + n) * 2 + 4096;
		uint8_t *p = realloc(b->p, cap);

		if (!p)
			die("out of memory");
		b->p = p;
		b->cap = cap;
	}
	if (d)
		memcpy(b->p + b->n, d, n);
	else
		memset(b->p + b->n, 0, n);
	b->n += n;
}

static void fill(struct buf *b, uint8_t v, size_t n)
{
	size_t at = b->n;

	put(b, NULL, n);
	memset(b->p + at, v, n);
}

static void align(struct buf *b, size_t a, uint8_t v)
{
	if (b->n % a)
		fill(b, v, a - b->n % a);
}

static void le16(uint8_t *p, unsigned int v)
{
	p[0] = v;
	p[1] = v >> 8;
}

static void le24(uint8_t *p, size_t v)
{
	p[0] = v;
	p[1] = v >> 8;
	p[2] = v >> 16;
}

/* The bytes of signature @sig at @p, without its NUL: images hold none. */
static void put_sig(uint8_t *p, const char *sig)
{
	while (*sig)
		*p++ = (uint8_t)*sig++;
}

static void le32(uint8_t *p, uint32_t v)
{
	le16(p, v & 0xffff);
	le16(p + 2, v >> 16);
}

/* Exactly @n hex digits at *@s (stepped over), then, unless @sep is 0, @sep. */
static uint32_t hex_field(const char **s, int n, char sep)
{
	uint32_t v = 0;
	int i;

	for (i = 0; i < n; i++, (*s)++) {
		if (!isxdigit((unsigned char)**s))
			die("bad GUID");
		v = v << 4 | (uint32_t)(isdigit((unsigned char)**s) ? **s - '0' :
					tolower((unsigned char)**s) - 'a' + 10);
	}
	if (sep && *(*s)++ != sep)
		die("bad GUID");
	return v;
}

/* "8C8CE578-8A3D-4F1C-9935-896185C32DD3" in EFI_GUID byte order */
static void guid(uint8_t *out, const char *s)
{
	int i;

	le32(out, hex_field(&s, 8, '-'));
	le16(out + 4, hex_field(&s, 4, '-'));
	le16(out + 6, hex_field(&s, 4, '-'));
	out[8] = hex_field(&s, 2, 0);
	out[9] = hex_field(&s, 2, '-');
	for (i = 10; i < 16; i++)
		out[i] = hex_field(&s, 2, 0);
	if (*s)
		die("bad GUID");
}

/* A section: common header (24-bit size, type) then @body, 4-aligned in its file. */
static void section(struct buf *out, uint8_t type, const uint8_t *body, size_t n)
{
	uint8_t h[4];

	align(out, 4, 0);
	le24(h, n + 4);
	h[3] = type;
	put(out, h, 4);
	put(out, body, n);
}

static void ui_section(struct buf *out, const char *name)
{
	struct buf u = { 0 };
	size_t i;

	for (i = 0; i <= strlen(name); i++) {
		uint8_t c[2] = { (uint8_t)name[i], 0 };

		put(&u, c, 2);
	}
	section(out, SECTION_UI, u.p, u.n);
	free(u.p);
}

/* LZMA as EDK2's LzmaCompress stores it: 5 property bytes, the 64-bit size, the stream. */
static void lzma_compress(const uint8_t *in, size_t n, struct buf *out)
{
	lzma_stream s = LZMA_STREAM_INIT;
	lzma_options_lzma opt;
	size_t at = out->n, cap = n + n / 2 + 4096;

	if (lzma_lzma_preset(&opt, 6))
		die("lzma preset");
	opt.dict_size = 1u << 20;
	if (lzma_alone_encoder(&s, &opt) != LZMA_OK)
		die("lzma encoder");
	put(out, NULL, cap);
	s.next_in = in;
	s.avail_in = n;
	s.next_out = out->p + at;
	s.avail_out = cap;
	if (lzma_code(&s, LZMA_FINISH) != LZMA_STREAM_END)
		die("lzma encoding failed");
	out->n = at + (cap - s.avail_out);
	lzma_end(&s);
	/* lzma_alone writes "size unknown"; LzmaCompress writes the real one */
	for (at += 5, cap = 0; cap < 8; cap++)
		out->p[at + cap] = (uint8_t)((uint64_t)n >> (8 * cap));
}

static void lzma_section(struct buf *out, const struct buf *inner, int corrupt)
{
	struct buf g = { 0 };
	uint8_t h[20];

	guid(h, GUID_LZMA);
	le16(h + 16, 4 + 20);		/* DataOffset from the section start */
	le16(h + 18, 0x01);		/* EFI_GUIDED_SECTION_PROCESSING_REQUIRED */
	put(&g, h, sizeof(h));
	lzma_compress(inner->p, inner->n, &g);
	if (corrupt) {
		size_t i;

		/* the header stays right, the range coder's data does not */
		for (i = 20 + 13 + 8; i < g.n; i += 7)
			g.p[i] ^= 0xa5;
	}
	section(out, SECTION_GUID_DEFINED, g.p, g.n);
	free(g.p);
}

static uint8_t sum8(const uint8_t *p, size_t n)
{
	uint8_t s = 0;

	while (n--)
		s += *p++;
	return s;
}

/* An FFS file: header with both checksums, then @data (its sections), 8-aligned in the volume. */
static void ffs_file(struct buf *fv, const char *name, uint8_t type,
		     const struct buf *data)
{
	uint8_t h[FFS_HDR_LEN];

	align(fv, 8, 0xff);
	memset(h, 0, sizeof(h));
	guid(h, name);
	h[18] = type;
	h[19] = FFS_ATTRIB_CHECKSUM;
	le24(h + 20, FFS_HDR_LEN + data->n);
	h[16] = (uint8_t)(0x100 - sum8(h, sizeof(h)));	/* File and State count as 0 */
	h[17] = (uint8_t)(0x100 - sum8(data->p, data->n));
	h[23] = FFS_STATE;
	put(fv, h, sizeof(h));
	put(fv, data->p, data->n);
}

/*
 * A volume: header, block map, the extended header in a pad file, @files,
 * free space 0xff; with @vtf a Volume Top File ending the volume, as a boot
 * volume (the one holding the reset vector) has.
 */
static void volume(struct buf *out, const char *fv_name, const struct buf *files,
		   int vtf)
{
	struct buf v = { 0 };
	uint8_t h[FVH_LEN], ph[FFS_HDR_LEN], eh[EXT_HDR_LEN];
	size_t len, i;
	uint16_t sum = 0;

	put(&v, NULL, FVH_LEN);
	memset(ph, 0xff, sizeof(ph));
	memset(ph, 0, 16);
	ph[18] = FV_FILETYPE_PAD;
	ph[19] = 0;
	le24(ph + 20, FFS_HDR_LEN + EXT_HDR_LEN);
	ph[16] = 0;
	ph[17] = 0xaa;			/* no data checksum: the fixed value */
	ph[23] = 0;
	ph[16] = (uint8_t)(0x100 - (uint8_t)(sum8(ph, sizeof(ph)) - ph[17] - ph[23]));
	ph[23] = FFS_STATE;
	put(&v, ph, sizeof(ph));
	guid(eh, fv_name);
	le32(eh + 16, EXT_HDR_LEN);
	put(&v, eh, sizeof(eh));
	align(&v, 8, 0xff);
	put(&v, files->p, files->n);
	align(&v, 8, 0xff);
	len = (v.n + (vtf ? FFS_HDR_LEN + 16 : 0) + BLOCK - 1) / BLOCK * BLOCK;
	if (vtf) {
		struct buf t = { 0 };
		size_t at = len - FFS_HDR_LEN - 16;

		/* a pad file up to it: free space may not be followed by files */
		if (at - v.n < FFS_HDR_LEN)
			at += BLOCK, len += BLOCK;
		fill(&t, 0xff, at - v.n - FFS_HDR_LEN);
		ffs_file(&v, PAD_GUID, FV_FILETYPE_PAD, &t);
		t.n = 0;
		fill(&t, 0x90, 16);	/* where the reset vector's jump would be */
		ffs_file(&v, GUID_VTF, FV_FILETYPE_RAW, &t);
		free(t.p);
	}
	fill(&v, 0xff, len - v.n);

	memset(h, 0, sizeof(h));
	guid(h + 16, GUID_FFS2);
	for (i = 0; i < 8; i++)
		h[32 + i] = (uint8_t)((uint64_t)len >> (8 * i));
	put_sig(h + 40, "_FVH");
	le32(h + 44, FV_ATTRIBS);
	le16(h + 48, FVH_LEN);
	le16(h + 52, FVH_LEN + FFS_HDR_LEN);	/* ExtHeaderOffset */
	h[55] = 2;				/* Revision */
	le32(h + 56, len / BLOCK);
	le32(h + 60, BLOCK);
	/* h[64..71]: the block map's terminating zero entry */
	for (i = 0; i < FVH_LEN; i += 2)
		sum += h[i] | h[i + 1] << 8;
	le16(h + 50, (uint16_t)(0x10000 - sum));
	memcpy(v.p, h, FVH_LEN);
	put(out, v.p, v.n);
	free(v.p);
}

struct rom_spec {
	uint16_t vendor, device;
	int efi;		/* add a UEFI GOP image after the x86 one */
	int gop_only;		/* one UEFI image only (an iGPU's GOP) */
};

static void rom_bytes(const struct rom_spec *r, uint32_t seed, struct buf *out)
{
	struct romgen_image im[2];
	size_t n = 0, len;
	uint8_t *p;

	if (r->gop_only) {
		romgen_defaults(&im[n++], 3, 4096);
	} else {
		romgen_defaults(&im[n], 0, 8192);
		im[n++].npde = r->vendor == 0x10de;
		if (r->efi) {
			romgen_defaults(&im[n], 3, 4096);
			im[n++].npde = r->vendor == 0x10de;
		}
	}
	p = malloc(16384);
	if (!p)
		die("out of memory");
	len = romgen_build(im, n, r->vendor, r->device, seed, p, 16384);
	if (!len)
		die("ROM too big");
	put(out, p, len);
	free(p);
}

static void vbt_bytes(struct buf *out)
{
	uint8_t v[0x200];
	size_t i;

	memset(v, 0, sizeof(v));
	put_sig(v, "$VBT GENERATED      ");
	le16(v + 20, 0x100);		/* version */
	le16(v + 22, 0x30);		/* header size */
	le16(v + 24, sizeof(v));	/* whole table */
	for (i = 0x30; i < sizeof(v); i++)
		v[i] = (uint8_t)(i * 7);
	put(out, v, sizeof(v));
}

/* A freeform file holding @payload in a raw section, named by a UI section. */
static void raw_file(struct buf *fv, const char *fguid, const char *name,
		     const struct buf *payload)
{
	struct buf s = { 0 };

	section(&s, SECTION_RAW, payload->p, payload->n);
	ui_section(&s, name);
	ffs_file(fv, fguid, FV_FILETYPE_FREEFORM, &s);
	free(s.p);
}

static void write_out(const char *path, const struct buf *b, size_t truncate)
{
	size_t n = truncate && truncate < b->n ? truncate : b->n;
	FILE *f = fopen(path, "wb");

	if (!f || fwrite(b->p, 1, n, f) != n || fclose(f)) {
		fprintf(stderr, PROG ": write %s: %s\n", path, strerror(errno));
		exit(1);
	}
}

static void usage(FILE *f)
{
	fputs("Usage: mkfv [options] -o OUT\n"
	      "  --rom VVVV:DDDD   an NVIDIA-style x86+UEFI ROM (repeatable; default 10de:1c8d, 10de:1c8c)\n"
	      "  --no-igpu         leave out the iGPU's GOP (8086:3e9b) and the VBT\n"
	      "  --plain           the ROM files directly in the volume, no LZMA section\n"
	      "  --corrupt-lzma    damage the LZMA stream (its header stays valid)\n"
	      "  --capsule efi|aptio  wrap the volume in a capsule header\n"
	      "  --truncate N      write only the first N bytes\n", f);
}

/* "VVVV:DDDD": two IDs of one to four hex digits. 1 when @s is one. */
static int vendor_device(const char *s, unsigned int *v, unsigned int *d)
{
	size_t n = strspn(s, "0123456789abcdefABCDEF");

	if (n < 1 || n > 4 || s[n] != ':')
		return 0;
	*v = (unsigned int)strtoul(s, NULL, 16);
	s += n + 1;
	n = strspn(s, "0123456789abcdefABCDEF");
	if (n < 1 || n > 4 || s[n])
		return 0;
	*d = (unsigned int)strtoul(s, NULL, 16);
	return 1;
}

int main(int argc, char **argv)
{
	static const struct option lo[] = {
		{ "rom", required_argument, NULL, 'r' },
		{ "no-igpu", no_argument, NULL, 'n' },
		{ "plain", no_argument, NULL, 'p' },
		{ "corrupt-lzma", no_argument, NULL, 'c' },
		{ "capsule", required_argument, NULL, 'C' },
		{ "truncate", required_argument, NULL, 't' },
		{ "output", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct rom_spec roms[8];
	size_t nroms = 0, truncate = 0, i;
	int igpu = 1, plain = 0, corrupt = 0, c;
	const char *out = NULL, *capsule = NULL;
	struct buf inner_files = { 0 }, inner = { 0 }, outer_files = { 0 };
	struct buf fvsec = { 0 }, data = { 0 }, image = { 0 };
	static const char *const fguids[] = {
		"1A2B3C4D-0001-4E5F-8A9B-0C1D2E3F4051",
		"1A2B3C4D-0002-4E5F-8A9B-0C1D2E3F4051",
		"1A2B3C4D-0003-4E5F-8A9B-0C1D2E3F4051",
		"1A2B3C4D-0004-4E5F-8A9B-0C1D2E3F4051",
		"1A2B3C4D-0005-4E5F-8A9B-0C1D2E3F4051",
		"1A2B3C4D-0006-4E5F-8A9B-0C1D2E3F4051",
		"1A2B3C4D-0007-4E5F-8A9B-0C1D2E3F4051",
		"1A2B3C4D-0008-4E5F-8A9B-0C1D2E3F4051",
	};

	while ((c = getopt_long(argc, argv, "o:h", lo, NULL)) != -1) {
		unsigned int v, d;

		switch (c) {
		case 'r':
			if (nroms == 6 || !vendor_device(optarg, &v, &d))
				die("--rom VVVV:DDDD (at most 6)");
			roms[nroms].vendor = v;
			roms[nroms].device = d;
			roms[nroms].efi = 1;
			roms[nroms++].gop_only = 0;
			break;
		case 'n':
			igpu = 0;
			break;
		case 'p':
			plain = 1;
			break;
		case 'c':
			corrupt = 1;
			break;
		case 'C':
			capsule = optarg;
			if (strcmp(capsule, "efi") && strcmp(capsule, "aptio"))
				die("--capsule efi|aptio");
			break;
		case 't':
			truncate = strtoul(optarg, NULL, 0);
			break;
		case 'o':
			out = optarg;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 1;
		}
	}
	if (!out || optind != argc) {
		usage(stderr);
		return 1;
	}
	if (!nroms) {
		roms[0] = (struct rom_spec){ 0x10de, 0x1c8d, 1, 0 };
		roms[1] = (struct rom_spec){ 0x10de, 0x1c8c, 1, 0 };
		nroms = 2;
	}
	if (igpu)
		roms[nroms++] = (struct rom_spec){ 0x8086, 0x3e9b, 0, 1 };

	for (i = 0; i < nroms; i++) {
		struct buf rom = { 0 };
		char name[32];

		rom_bytes(&roms[i], (uint32_t)i + 1, &rom);
		snprintf(name, sizeof(name), "Vbios%04x%04x", roms[i].vendor,
			 roms[i].device);
		raw_file(&inner_files, fguids[i], name, &rom);
		free(rom.p);
	}
	if (igpu) {
		struct buf vbt = { 0 };

		vbt_bytes(&vbt);
		raw_file(&inner_files, fguids[7], "IntelVbt", &vbt);
		free(vbt.p);
	}

	if (plain) {
		volume(&image, GUID_OUTER_FV, &inner_files, 1);
	} else {
		/* laptop layout: the ROM files in a volume inside an LZMA section */
		volume(&inner, GUID_INNER_FV, &inner_files, 0);
		section(&fvsec, SECTION_FV_IMAGE, inner.p, inner.n);
		lzma_section(&data, &fvsec, corrupt);
		ffs_file(&outer_files, GUID_FV_FILE, FV_FILETYPE_FV_IMAGE, &data);
		volume(&image, GUID_OUTER_FV, &outer_files, 1);
	}

	if (capsule) {
		struct buf cap = { 0 };
		uint8_t h[28 + 8];
		size_t hl = !strcmp(capsule, "aptio") ? 0x20 : 0x1c;

		/* EFI_CAPSULE_HEADER; AMI's adds RomImageOffset and RomLayoutOffset */
		memset(h, 0, sizeof(h));
		guid(h, !strcmp(capsule, "aptio") ? GUID_APTIO_UNSIGNED : GUID_EFI_CAPSULE);
		le32(h + 16, hl);
		le32(h + 20, 0);
		le32(h + 24, hl + image.n);
		if (hl == 0x20)
			le16(h + 28, hl);	/* RomImageOffset */
		put(&cap, h, hl);
		put(&cap, image.p, image.n);
		free(image.p);
		image = cap;
	}
	write_out(out, &image, truncate);
	free(inner_files.p);
	free(inner.p);
	free(outer_files.p);
	free(fvsec.p);
	free(data.p);
	free(image.p);
	return 0;
}

// SPDX-License-Identifier: GPL-2.0-or-later
/* PCI option ROM image chain parser: PCI Firmware spec, NVIDIA NPDE, EFI headers. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "ovf/err.h"
#include "ovf/rom.h"
#include "ovf/util.h"

/* As vbios-info: far above any GPU ROM, low enough to refuse a disk image */
#define ROM_FILE_MAX (64u << 20)

/* Offsets in the image header (PCI Firmware spec, UEFI spec) */
#define HDR_EFI_INIT_SIZE	0x02
#define HDR_EFI_SIGNATURE	0x04
#define HDR_EFI_SUBSYSTEM	0x08
#define HDR_EFI_MACHINE		0x0a
#define HDR_EFI_COMPRESSION	0x0c
#define HDR_EFI_IMAGE_OFFSET	0x16
#define HDR_PCIR_PTR		0x18
#define HDR_LEN			0x1a

#define EFI_SIGNATURE		0x0ef1

/* Offsets in the PCI data structure */
#define PCIR_VENDOR		0x04
#define PCIR_DEVICE		0x06
#define PCIR_STRUCT_LEN		0x0a
#define PCIR_CLASS		0x0d
#define PCIR_IMAGE_LEN		0x10
#define PCIR_REVISION		0x12
#define PCIR_CODE_TYPE		0x14
#define PCIR_INDICATOR		0x15
#define PCIR_MIN_LEN		0x18

/* Offsets in NVIDIA's NPDE extension */
#define NPDE_IMAGE_LEN		0x08
#define NPDE_INDICATOR		0x0a
#define NPDE_MIN_LEN		0x0b

#define INDICATOR_LAST		0x80

/* x86 header byte 2: the size a BIOS copies and checksums, 512-byte units */
#define HDR_INIT_SIZE		0x02

static uint16_t rd16(const uint8_t *p)
{
	return p[0] | (uint16_t)p[1] << 8;
}

static uint32_t rd32(const uint8_t *p)
{
	return rd16(p) | (uint32_t)rd16(p + 2) << 16;
}

/*
 * NVIDIA's own signature is the bytes 56 4e; the bytes 4e 56 ("NV") only
 * start the NVGI header of nvflash files, which is no image.
 */
static int known_signature(uint16_t sig)
{
	return sig == OVF_ROM_SIG_PCI || sig == OVF_ROM_SIG_NV_BB77 ||
	       sig == OVF_ROM_SIG_NV;
}

int ovf_rom_sig_ok(const uint8_t *buf, size_t len)
{
	return len >= 2 && known_signature(rd16(buf));
}

static enum ovf_rom_status fail(struct ovf_rom_info *info,
				enum ovf_rom_error e, size_t off)
{
	info->error = e;
	info->error_offset = off;
	return OVF_ROM_BAD;
}

/*
 * The buffer ends before @end. While the caller is still reading, ask for
 * exactly @end so it never reads past what the next step looks at; a
 * complete buffer is truncated inside the image at @img.
 */
static enum ovf_rom_status short_buf(struct ovf_rom_info *info, int partial,
				     size_t end, size_t img)
{
	if (partial) {
		info->need = end;
		return OVF_ROM_NEED_MORE;
	}
	return fail(info, OVF_ROM_ERR_TRUNCATED, img);
}

/*
 * Parse the image at @off into @im. Returns OVF_ROM_OK when the whole image
 * is in the buffer, otherwise NEED_MORE or BAD with @info filled in.
 */
static enum ovf_rom_status parse_image(const uint8_t *buf, size_t len,
				       int partial, size_t off,
				       struct ovf_rom_image *im,
				       struct ovf_rom_info *info)
{
	size_t ptr, pcir, npde, slen, floor, i;
	uint8_t sum = 0;

	memset(im, 0, sizeof(*im));
	im->offset = off;

	if (len < off + 2)
		return short_buf(info, partial, off + 2, off);
	im->signature = rd16(buf + off);
	if (!known_signature(im->signature))
		return fail(info, OVF_ROM_ERR_SIGNATURE, off);

	if (len < off + HDR_LEN)
		return short_buf(info, partial, off + HDR_LEN, off);
	ptr = rd16(buf + off + HDR_PCIR_PTR);
	/* Below 0x1a the structure would overlap the header itself */
	if (ptr < HDR_LEN)
		return fail(info, OVF_ROM_ERR_PCIR_OFFSET, off + HDR_PCIR_PTR);
	pcir = off + ptr;
	if (len < pcir + PCIR_MIN_LEN) {
		/*
		 * Whether the file was cut or the pointer is bogus cannot be
		 * told apart for sure: the image length is in the PCIR. Every
		 * image is at least 512 bytes, so a buffer ending before that
		 * is cut; one holding 512 bytes or more has a bad pointer.
		 */
		if (!partial && len - off >= OVF_ROM_ALIGN)
			return fail(info, OVF_ROM_ERR_PCIR_OFFSET,
				    off + HDR_PCIR_PTR);
		return short_buf(info, partial, pcir + PCIR_MIN_LEN, off);
	}
	im->pcir_offset = pcir;
	memcpy(im->pcir_sig, buf + pcir, 4);
	im->pcir_sig[4] = '\0';
	if (strcmp(im->pcir_sig, "PCIR") && strcmp(im->pcir_sig, "NPDS") &&
	    strcmp(im->pcir_sig, "RGIS"))
		return fail(info, OVF_ROM_ERR_PCIR_SIGNATURE, pcir);

	im->vendor = rd16(buf + pcir + PCIR_VENDOR);
	im->device = rd16(buf + pcir + PCIR_DEVICE);
	slen = rd16(buf + pcir + PCIR_STRUCT_LEN);
	im->class_code = buf[pcir + PCIR_CLASS] |
			 (uint32_t)buf[pcir + PCIR_CLASS + 1] << 8 |
			 (uint32_t)buf[pcir + PCIR_CLASS + 2] << 16;
	im->pcir_length = (size_t)rd16(buf + pcir + PCIR_IMAGE_LEN) *
			  OVF_ROM_ALIGN;
	im->revision = rd16(buf + pcir + PCIR_REVISION);
	im->code_type = buf[pcir + PCIR_CODE_TYPE];
	im->last = !!(buf[pcir + PCIR_INDICATOR] & INDICATOR_LAST);
	im->length = im->pcir_length;

	/*
	 * NVIDIA appends NPDE, 16-byte aligned, after the PCIR structure: its
	 * length and last flag win, which is how the PCI-visible chain (ending
	 * at the EFI image) is continued with NVIDIA's own images. It counts
	 * for code type 0x70 too: Maxwell/Pascal MXM ROMs continue after it
	 * with their EFI images (nouveau ends every chain there, which loses
	 * them). Only look where the image surely extends: its first 512
	 * bytes or the length the PCIR gives.
	 */
	npde = off + ((ptr + slen + 15) & ~(size_t)15);
	floor = im->pcir_length > OVF_ROM_ALIGN ? im->pcir_length :
						  OVF_ROM_ALIGN;
	if (npde + NPDE_MIN_LEN <= off + floor) {
		if (len < npde + NPDE_MIN_LEN)
			return short_buf(info, partial, npde + NPDE_MIN_LEN,
					 off);
		if (!memcmp(buf + npde, "NPDE", 4)) {
			im->has_npde = 1;
			im->npde_offset = npde;
			im->length = (size_t)rd16(buf + npde + NPDE_IMAGE_LEN) *
				     OVF_ROM_ALIGN;
			im->last = !!(buf[npde + NPDE_INDICATOR] &
				      INDICATOR_LAST);
		}
	}

	if (!im->length)
		return fail(info, OVF_ROM_ERR_IMAGE_LENGTH,
			    im->has_npde ? im->npde_offset + NPDE_IMAGE_LEN :
					   pcir + PCIR_IMAGE_LEN);
	if (ptr + PCIR_MIN_LEN > im->length)
		return fail(info, OVF_ROM_ERR_PCIR_OFFSET, off + HDR_PCIR_PTR);

	if (len < off + im->length)
		return short_buf(info, partial, off + im->length, off);

	/*
	 * A BIOS copies header byte 2 x 512 bytes of x86 code and checks that
	 * they sum to zero; the image length (the NPDE's) does not count.
	 * Bytes past the file cannot be summed: the check fails then. A zero
	 * byte 2 leaves nothing to go by but the image length.
	 */
	im->checksum_length = im->length;
	if (im->code_type == OVF_ROM_CODE_X86) {
		im->init_length = (size_t)buf[off + HDR_INIT_SIZE] *
				  OVF_ROM_ALIGN;
		if (im->init_length)
			im->checksum_length = im->init_length < len - off ?
					      im->init_length : len - off;
	}
	for (i = off; i < off + im->checksum_length; i++)
		sum += buf[i];
	im->checksum = sum;
	im->checksum_ok = sum == 0 &&
			  im->checksum_length >= im->init_length;

	if (im->code_type == OVF_ROM_CODE_EFI &&
	    rd32(buf + off + HDR_EFI_SIGNATURE) == EFI_SIGNATURE) {
		im->is_efi = 1;
		im->efi_subsystem = rd16(buf + off + HDR_EFI_SUBSYSTEM);
		im->efi_machine = rd16(buf + off + HDR_EFI_MACHINE);
		im->efi_compression = rd16(buf + off + HDR_EFI_COMPRESSION);
		im->efi_image_offset = rd16(buf + off + HDR_EFI_IMAGE_OFFSET);
	}
	return OVF_ROM_OK;
}

enum ovf_rom_status ovf_rom_parse(const uint8_t *buf, size_t len, int partial,
				  struct ovf_rom_info *info)
{
	enum ovf_rom_status st;
	size_t off = 0;

	memset(info, 0, sizeof(*info));
	if (!len && !partial)
		return fail(info, OVF_ROM_ERR_EMPTY, 0);

	for (;;) {
		struct ovf_rom_image *im;

		if (info->nimages == OVF_ROM_MAX_IMAGES)
			return fail(info, OVF_ROM_ERR_TOO_MANY_IMAGES, off);
		im = &info->img[info->nimages];
		st = parse_image(buf, len, partial, off, im, info);
		if (st != OVF_ROM_OK) {
			/* Leave only complete images in the table */
			memset(im, 0, sizeof(*im));
			return st;
		}
		info->nimages++;
		off += im->length;
		if (im->last)
			break;
		/*
		 * Older ROMs flag their 0x70 image not last with nothing after
		 * it: end the chain there when no image follows.
		 */
		if (im->code_type == OVF_ROM_CODE_NV_70) {
			if (len < off + 2 && partial) {
				info->need = off + 2;
				info->nv70_end = off;
				return OVF_ROM_NEED_MORE;
			}
			if (len < off + 2 || !known_signature(rd16(buf + off))) {
				info->nv70_ended = 1;
				break;
			}
		}
	}
	info->total_len = off;
	return OVF_ROM_OK;
}

/* 55 aa at @off, its PCIR pointer inside the first 512 bytes, "PCIR" there. */
static int rom_starts_at(const uint8_t *buf, size_t len, size_t off)
{
	size_t ptr;

	if (len - off < OVF_ROM_ALIGN || rd16(buf + off) != OVF_ROM_SIG_PCI)
		return 0;
	ptr = rd16(buf + off + HDR_PCIR_PTR);
	if (ptr < HDR_LEN || ptr + PCIR_MIN_LEN > OVF_ROM_ALIGN)
		return 0;
	return !memcmp(buf + off + ptr, "PCIR", 4) &&
	       rd16(buf + off + ptr + PCIR_IMAGE_LEN) != 0;
}

int ovf_rom_locate(const uint8_t *buf, size_t len, size_t *offset,
		   enum ovf_rom_container *kind)
{
	size_t off, end;

	*offset = 0;
	*kind = OVF_ROM_BARE;
	if (ovf_rom_sig_ok(buf, len))
		return 0;
	*kind = len >= 4 && !memcmp(buf, "NVGI", 4) ? OVF_ROM_NVGI :
						       OVF_ROM_FLASH;
	/*
	 * Option ROMs sit at 512-byte boundaries in every layout seen. Each
	 * candidate costs a few byte compares, so even the whole bound is
	 * cheap. The first image is 55 aa: only it makes a ROM a BIOS runs.
	 */
	end = len < OVF_ROM_SEARCH_MAX ? len : OVF_ROM_SEARCH_MAX;
	for (off = OVF_ROM_ALIGN; off < end; off += OVF_ROM_ALIGN) {
		if (rom_starts_at(buf, len, off)) {
			*offset = off;
			return 0;
		}
	}
	return -ENOENT;
}

const char *ovf_rom_container_name(enum ovf_rom_container kind)
{
	switch (kind) {
	case OVF_ROM_BARE:
		return "none";
	case OVF_ROM_NVGI:
		return "NVIDIA NVGI header";
	case OVF_ROM_FLASH:
		return "unknown flash layout";
	}
	return "unknown";
}

int ovf_rom_file_scan(const uint8_t *buf, size_t len, struct ovf_rom_file *f)
{
	struct ovf_rom_info *info = &f->info;
	const struct ovf_rom_image *last;
	struct ovf_rom_info more;

	memset(f, 0, sizeof(*f));
	if (len && ovf_rom_locate(buf, len, &f->base, &f->kind) < 0)
		return -ENOENT;
	if (ovf_rom_parse(buf + f->base, len - f->base, 0, info) == OVF_ROM_OK)
		return 0;
	if (info->error == OVF_ROM_ERR_TRUNCATED) {
		/* the partial walk says how much the chain still wants */
		ovf_rom_parse(buf + f->base, len - f->base, 1, &more);
		f->need = more.need;
	}
	if (info->nimages) {
		last = &info->img[info->nimages - 1];
		f->bad_image = last->offset + last->length;
	}
	return -EINVAL;
}

int ovf_rom_matches(const struct ovf_rom_info *info, uint16_t vendor,
		    uint16_t device, int *img)
{
	size_t i;

	*img = -1;
	for (i = 0; i < info->nimages; i++) {
		const struct ovf_rom_image *im = &info->img[i];

		if (im->vendor == 0x0000 || im->vendor == 0xffff)
			continue;
		*img = i;
		return im->vendor == vendor && im->device == device;
	}
	return 0;
}

enum ovf_rom_sum ovf_rom_image_sum(const struct ovf_rom_image *im)
{
	if (im->checksum_ok)
		return OVF_ROM_SUM_OK;
	/* only x86 code is checksummed, by the BIOS that runs it */
	if (im->code_type != OVF_ROM_CODE_X86)
		return OVF_ROM_SUM_UNCHECKED;
	return im->checksum_length < im->init_length ? OVF_ROM_SUM_SHORT :
						       OVF_ROM_SUM_BAD;
}

int ovf_rom_check_file(const char *path, enum ovf_rom_check *what,
		       struct ovf_err *err)
{
	const char *given = path;
	struct ovf_rom_file *f;
	char local[4100];
	struct stat st;
	uint8_t *buf;
	size_t len;
	int e, found;

	if (what)
		*what = OVF_ROM_CHECK_OTHER;
	if (stat(path, &st) < 0)
		return 0;
	ovf_err_clear(err);
	if (S_ISDIR(st.st_mode))
		return ovf_err_set(err, EISDIR, "check", "%s", given);
	if (!S_ISREG(st.st_mode))
		return 0;
	/* ovf_read_file() takes "-" for standard input; this is a file */
	if (!strcmp(path, "-")) {
		snprintf(local, sizeof(local), "./-");
		path = local;
	}
	e = ovf_read_file(path, &buf, &len, ROM_FILE_MAX);
	if (e == -ENOENT || e == -EACCES || e == -EPERM)
		return 0;
	if (e < 0) {
		ovf_err_set(err, e, "check", "%s", given);
		if (e == -EFBIG)
			ovf_err_reason(err, e, "larger than %u MiB, not a ROM",
				       ROM_FILE_MAX >> 20);
		return e;
	}
	f = malloc(sizeof(*f));
	if (!f) {
		free(buf);
		return ovf_err_set(err, ENOMEM, "check", "%s", given);
	}
	e = -EINVAL;
	ovf_err_set(err, EINVAL, "check", "%s", given);
	found = ovf_rom_file_scan(buf, len, f);
	if (!len) {
		ovf_err_reason(err, EINVAL, "empty file, not a ROM");
	} else if (found == -ENOENT) {
		ovf_err_reason(err, EINVAL, "%s",
			 f->kind == OVF_ROM_NVGI ?
			 "an NVIDIA NVGI header, but no PCI option ROM after it" :
			 "not a PCI option ROM (no image signature at offset 0 nor at any 512-byte boundary)");
	} else if (f->base) {
		ovf_err_reason(err, EINVAL, "the ROM is at offset 0x%zx, after an %s, which a guest must not get",
			 f->base, ovf_rom_container_name(f->kind));
		if (what)
			*what = OVF_ROM_CHECK_EMBEDDED;
	} else if (found < 0) {
		ovf_err_reason(err, EINVAL, "not a usable ROM: image %zu: %s at offset 0x%zx",
			 f->info.nimages, ovf_rom_strerror(f->info.error),
			 f->info.error_offset);
		if (what)
			*what = OVF_ROM_CHECK_MALFORMED;
	} else {
		ovf_err_clear(err);
		e = 0;
	}
	free(f);
	free(buf);
	return e;
}

const char *ovf_rom_strerror(enum ovf_rom_error e)
{
	switch (e) {
	case OVF_ROM_ERR_NONE:
		return "no error";
	case OVF_ROM_ERR_EMPTY:
		return "empty ROM";
	case OVF_ROM_ERR_SIGNATURE:
		return "no ROM image signature (55 aa, 77 bb or 56 4e)";
	case OVF_ROM_ERR_PCIR_OFFSET:
		return "PCI data structure pointer outside the image";
	case OVF_ROM_ERR_PCIR_SIGNATURE:
		return "no PCI data structure (PCIR, NPDS or RGIS) at the pointer";
	case OVF_ROM_ERR_IMAGE_LENGTH:
		return "image length is zero";
	case OVF_ROM_ERR_TOO_MANY_IMAGES:
		return "too many images in the chain";
	case OVF_ROM_ERR_TRUNCATED:
		return "ROM ends inside an image";
	}
	return "unknown error";
}

const char *ovf_rom_code_type_name(uint8_t code_type)
{
	switch (code_type) {
	case OVF_ROM_CODE_X86:
		return "x86 (PC-AT)";
	case OVF_ROM_CODE_OPENFW:
		return "Open Firmware";
	case OVF_ROM_CODE_HPPA:
		return "HP PA-RISC";
	case OVF_ROM_CODE_EFI:
		return "EFI";
	case OVF_ROM_CODE_NV_70:
		return "NVIDIA 0x70";
	case OVF_ROM_CODE_NV_E0:
		/*
		 * Newer ROMs keep FWSEC here, but Kepler to Pascal ones have
		 * 0xE0 images from before FWSEC: no name says more than this.
		 */
		return "NVIDIA 0xE0";
	}
	return "unknown";
}

const char *ovf_rom_efi_machine_name(uint16_t machine)
{
	switch (machine) {
	case 0x014c:
		return "IA32";
	case 0x0200:
		return "IA64";
	case 0x8664:
		return "X64";
	case 0x0ebc:
		return "EBC";
	case 0x01c2:
		return "ARM";
	case 0xaa64:
		return "AARCH64";
	case 0x5032:
		return "RISCV32";
	case 0x5064:
		return "RISCV64";
	case 0x5128:
		return "RISCV128";
	case 0x6232:
		return "LOONGARCH32";
	case 0x6264:
		return "LOONGARCH64";
	}
	return "unknown";
}

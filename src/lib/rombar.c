// SPDX-License-Identifier: GPL-2.0-or-later
/* Is a file a vBIOS a guest can be given in the GPU's PCI ROM BAR (QEMU romfile=)? */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ovf/extract.h"
#include "ovf/rom.h"
#include "ovf/rombar.h"
#include "ovf/util.h"

/* Record why @path is not fit; returns -EINVAL. */
static int unfit(struct ovf_rom_bar_file *f, enum ovf_rom_bar_fit fit,
		 struct ovf_err *e, const char *path, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
static int unfit(struct ovf_rom_bar_file *f, enum ovf_rom_bar_fit fit,
		 struct ovf_err *e, const char *path, const char *fmt, ...)
{
	va_list ap;

	f->fit = fit;
	ovf_err_set(e, EINVAL, "check", "%s", path);
	if (e) {
		va_start(ap, fmt);
		vsnprintf(e->reason, sizeof(e->reason), fmt, ap);
		va_end(ap);
	}
	return -EINVAL;
}

enum ovf_rom_bar_fit ovf_rom_bar_fit(const struct ovf_rom_cut *c,
				     size_t file_len, struct ovf_rom_bar *b)
{
	const struct ovf_rom_info *info = &c->f.info;
	size_t i, bar = OVF_ROM_BAR_MIN;

	memset(b, 0, sizeof(*b));
	/* QEMU rounds the file up to a power of two; the BAR is never below 2 KiB */
	while (bar < file_len && bar <= OVF_ROM_BAR_MAX)
		bar <<= 1;
	b->bar_size = bar;
	switch (c->status) {
	case OVF_CUT_NO_ROM:
		return b->why = OVF_ROM_BAR_NO_ROM;
	case OVF_CUT_NO_LAST:
		return b->why = OVF_ROM_BAR_NO_LAST;
	case OVF_CUT_TRUNCATED:
	case OVF_CUT_MALFORMED:
		return b->why = OVF_ROM_BAR_BROKEN;
	case OVF_CUT_OK:
		break;
	}
	if (c->start) {
		b->offset = c->start;
		return b->why = OVF_ROM_BAR_HEADER;
	}
	/* the parser also takes other signatures (NVIDIA 77 bb); a BIOS does not */
	if (info->img[0].signature != OVF_ROM_SIG_PCI)
		return b->why = OVF_ROM_BAR_NOT_55AA;
	for (i = 0; i < info->nimages; i++) {
		enum ovf_rom_sum s = ovf_rom_image_sum(&info->img[i]);

		if (s == OVF_ROM_SUM_BAD || s == OVF_ROM_SUM_SHORT) {
			b->image = i;
			b->offset = info->img[i].offset;
			return b->why = OVF_ROM_BAR_CHECKSUM;
		}
	}
	if (bar > OVF_ROM_BAR_MAX)
		return b->why = OVF_ROM_BAR_TOO_BIG;
	return OVF_ROM_BAR_FIT;
}

const char *ovf_rom_bar_words(const struct ovf_rom_cut *c,
			      const struct ovf_rom_bar *b, char *buf,
			      size_t len)
{
	switch (b->why) {
	case OVF_ROM_BAR_FIT:
		snprintf(buf, len, "a %zu KiB BAR", b->bar_size >> 10);
		break;
	case OVF_ROM_BAR_NO_ROM:
		snprintf(buf, len, "no PCI option ROM in it");
		break;
	case OVF_ROM_BAR_HEADER:
		snprintf(buf, len, "the ROM starts at offset 0x%zx, after an %s",
			 b->offset, ovf_rom_container_name(c->before));
		break;
	case OVF_ROM_BAR_NO_LAST:
		snprintf(buf, len, "no image is flagged last (image %zu ends at 0x%zx and none follows)",
			 c->last_image, c->end);
		break;
	case OVF_ROM_BAR_BROKEN:
		snprintf(buf, len, "the image chain is %s",
			 c->status == OVF_CUT_TRUNCATED ? "truncated" : "malformed");
		break;
	case OVF_ROM_BAR_CHECKSUM:
		snprintf(buf, len, "image %zu at offset 0x%zx has a bad x86 checksum",
			 b->image, b->offset);
		break;
	case OVF_ROM_BAR_NOT_55AA:
		snprintf(buf, len, "the first image does not start 55 aa");
		break;
	case OVF_ROM_BAR_TOO_BIG:
		snprintf(buf, len, "larger than the %u MiB a ROM BAR can hold",
			 OVF_ROM_BAR_MAX >> 20);
		break;
	case OVF_ROM_BAR_NO_ID:
	case OVF_ROM_BAR_VENDOR:
	case OVF_ROM_BAR_DEVICE:
		/* a GPU's IDs are ovf_rom_bar_check()'s, worded there */
		snprintf(buf, len, "not a ROM of the GPU");
		break;
	}
	return buf;
}

/* The verdict on the bytes of a file already read: the file's own, then the IDs. */
static int judge(const uint8_t *buf, size_t len, uint16_t vendor, uint16_t device,
		 struct ovf_rom_bar_file *f, struct ovf_err *e, const char *path)
{
	const struct ovf_rom_info *info;
	struct ovf_rom_cut *c;
	struct ovf_rom_bar b;
	char why[160];
	int img, ret = 0;

	if (!len)
		return unfit(f, OVF_ROM_BAR_NO_ROM, e, path, "empty file, not a ROM");
	c = malloc(sizeof(*c));
	if (!c)
		return ovf_err_set(e, ENOMEM, "check", "%s", path);
	ovf_rom_cut(buf, len, c);
	info = &c->f.info;
	f->nimages = info->nimages;
	f->rom_len = info->total_len;
	f->nv70_ended = info->nv70_ended;
	switch (ovf_rom_bar_fit(c, len, &b)) {
	case OVF_ROM_BAR_FIT:
		break;
	case OVF_ROM_BAR_NO_ROM:
		ret = unfit(f, b.why, e, path, "not a PCI option ROM (no image "
			    "signature at offset 0 nor at any 512-byte boundary)");
		goto out;
	case OVF_ROM_BAR_BROKEN:
		ret = unfit(f, b.why, e, path, "the image chain does not parse: "
			    "image %zu: %s at offset 0x%zx", info->nimages,
			    ovf_rom_strerror(info->error), info->error_offset);
		goto out;
	case OVF_ROM_BAR_HEADER:
		/* the BAR shows the file from its first byte */
		f->base = c->start;
		ret = unfit(f, b.why, e, path, "the ROM is at offset 0x%zx, after "
			    "an %s; the ROM BAR needs the bare ROM at offset 0",
			    c->start, ovf_rom_container_name(c->before));
		goto out;
	case OVF_ROM_BAR_NOT_55AA:
		ret = unfit(f, b.why, e, path, "the first image starts %02x %02x, "
			    "not 55 aa: a ROM BAR must begin with a PCI image",
			    buf[0], buf[1]);
		goto out;
	case OVF_ROM_BAR_TOO_BIG:
		ret = unfit(f, b.why, e, path, "%zu bytes, more than the %u MiB a "
			    "PCI ROM BAR can hold", len, OVF_ROM_BAR_MAX >> 20);
		goto out;
	default:
		ret = unfit(f, b.why, e, path, "%s",
			    ovf_rom_bar_words(c, &b, why, sizeof(why)));
		goto out;
	}
	/* the first image naming a vendor decides which device it is for */
	ovf_rom_matches(info, vendor, device, &img);
	if (img < 0) {
		ret = unfit(f, OVF_ROM_BAR_NO_ID, e, path, "no image of the ROM names "
			    "a PCI vendor and device");
	} else if (info->img[img].vendor != vendor) {
		f->vendor = info->img[img].vendor;
		f->device = info->img[img].device;
		ret = unfit(f, OVF_ROM_BAR_VENDOR, e, path, "the ROM is for "
			    "%04x:%04x, a device of another vendor than the GPU "
			    "%04x:%04x", f->vendor, f->device, vendor, device);
	} else if (info->img[img].device != device) {
		f->vendor = info->img[img].vendor;
		f->device = info->img[img].device;
		ret = unfit(f, OVF_ROM_BAR_DEVICE, e, path, "the ROM is for device "
			    "%04x:%04x, the GPU is %04x:%04x", f->vendor, f->device,
			    vendor, device);
	} else {
		f->vendor = vendor;
		f->device = device;
	}
out:
	free(c);
	return ret;
}

int ovf_rom_bar_check(const char *path, uint16_t vendor, uint16_t device,
		      struct ovf_rom_bar_file *f, struct ovf_err *e)
{
	struct stat st;
	uint8_t *buf;
	size_t len;
	int fd, err;

	memset(f, 0, sizeof(*f));
	ovf_err_clear(e);
	/* open first, so what is checked is what was found */
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0)
		return ovf_err_set(e, errno, "check", "%s", path);
	if (fstat(fd, &st) < 0) {
		err = ovf_err_set(e, errno, "check", "%s", path);
		close(fd);
		return err;
	}
	if (!S_ISREG(st.st_mode)) {
		close(fd);
		err = S_ISDIR(st.st_mode) ? EISDIR : EINVAL;
		ovf_err_set(e, err, "check", "%s", path);
		if (err == EINVAL)
			ovf_err_reason(e, err, "not a regular file");
		return -err;
	}
	f->size = (size_t)st.st_size;
	close(fd);
	if (f->size > OVF_ROM_BAR_MAX)
		return unfit(f, OVF_ROM_BAR_TOO_BIG, e, path, "%zu bytes, more than "
			     "the %u MiB a PCI ROM BAR can hold", f->size,
			     OVF_ROM_BAR_MAX >> 20);
	/* ovf_read_file() takes "-" for standard input; this is a file */
	err = ovf_read_file(strcmp(path, "-") ? path : "./-", &buf, &len,
			    OVF_ROM_BAR_MAX + 1);
	if (err < 0)
		return ovf_err_set(e, err, "check", "%s", path);
	err = judge(buf, len, vendor, device, f, e, path);
	free(buf);
	return err;
}

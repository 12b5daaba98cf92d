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

/* The verdict on the bytes of a file already read. */
static int judge(const uint8_t *buf, size_t len, uint16_t vendor, uint16_t device,
		 struct ovf_rom_bar_file *f, struct ovf_err *e, const char *path)
{
	struct ovf_rom_file *rf;
	int r, img, ret = 0;

	if (!len)
		return unfit(f, OVF_ROM_BAR_NOT_BARE, e, path, "empty file, not a ROM");
	if (len > OVF_ROM_BAR_MAX)
		return unfit(f, OVF_ROM_BAR_TOO_BIG, e, path, "%zu bytes, more than "
			     "the %u MiB a PCI ROM BAR can hold", len,
			     OVF_ROM_BAR_MAX >> 20);
	rf = malloc(sizeof(*rf));
	if (!rf)
		return ovf_err_set(e, ENOMEM, "check", "%s", path);
	r = ovf_rom_file_scan(buf, len, rf);
	/* the first image naming a vendor decides which device it is for */
	ovf_rom_matches(&rf->info, vendor, device, &img);
	f->nimages = rf->info.nimages;
	f->rom_len = rf->info.total_len;
	f->nv70_ended = rf->info.nv70_ended;
	if (r == -ENOENT) {
		ret = unfit(f, OVF_ROM_BAR_NOT_BARE, e, path, "not a PCI option ROM "
			    "(no image signature at offset 0 nor at any 512-byte "
			    "boundary)");
	} else if (rf->base) {
		/* the BAR shows the file from its first byte */
		f->base = rf->base;
		ret = unfit(f, OVF_ROM_BAR_NOT_BARE, e, path, "the ROM is at offset "
			    "0x%zx, after an %s; the ROM BAR needs the bare ROM at "
			    "offset 0", rf->base, ovf_rom_container_name(rf->kind));
	} else if (r < 0) {
		ret = unfit(f, OVF_ROM_BAR_MALFORMED, e, path, "the image chain "
			    "does not parse: image %zu: %s at offset 0x%zx",
			    rf->info.nimages, ovf_rom_strerror(rf->info.error),
			    rf->info.error_offset);
	} else if (rf->info.img[0].signature != OVF_ROM_SIG_PCI) {
		ret = unfit(f, OVF_ROM_BAR_NOT_55AA, e, path, "the first image "
			    "starts %02x %02x, not 55 aa: a ROM BAR must begin with "
			    "a PCI image", buf[0], buf[1]);
	} else if (img < 0) {
		ret = unfit(f, OVF_ROM_BAR_NO_ID, e, path, "no image of the ROM names "
			    "a PCI vendor and device");
	} else if (rf->info.img[img].vendor != vendor) {
		f->vendor = rf->info.img[img].vendor;
		f->device = rf->info.img[img].device;
		ret = unfit(f, OVF_ROM_BAR_VENDOR, e, path, "the ROM is for "
			    "%04x:%04x, a device of another vendor than the GPU "
			    "%04x:%04x", f->vendor, f->device, vendor, device);
	} else if (rf->info.img[img].device != device) {
		f->vendor = rf->info.img[img].vendor;
		f->device = rf->info.img[img].device;
		ret = unfit(f, OVF_ROM_BAR_DEVICE, e, path, "the ROM is for device "
			    "%04x:%04x, the GPU is %04x:%04x", f->vendor, f->device,
			    vendor, device);
	} else {
		f->vendor = vendor;
		f->device = device;
	}
	free(rf);
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

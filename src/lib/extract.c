// SPDX-License-Identifier: GPL-2.0-or-later
/* vbios-extract's sources: the sysfs ROM BAR, nouveau's debugfs copy, the ROM cut out of a file, picking. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ovf/err.h"
#include "ovf/extract.h"
#include "ovf/root.h"
#include "ovf/util.h"

/* The value every byte of @p has, or -1 when they differ (0 bytes: -1). */
static int fill_of(const uint8_t *p, size_t n)
{
	size_t i;

	if (!n)
		return -1;
	for (i = 1; i < n; i++)
		if (p[i] != p[0])
			return -1;
	return p[0];
}

int ovf_rom_cut(const uint8_t *buf, size_t len, struct ovf_rom_cut *c)
{
	const struct ovf_rom_info *info = &c->f.info;
	size_t n, rest;
	int r;

	memset(c, 0, sizeof(*c));
	c->trailing_fill = -1;
	if (!len) {
		c->status = OVF_CUT_NO_ROM;
		return -ENOENT;
	}
	r = ovf_rom_file_scan(buf, len, &c->f);
	c->start = c->f.base;
	c->before = c->f.kind;
	if (r == -ENOENT) {
		c->status = OVF_CUT_NO_ROM;
		return -ENOENT;
	}
	if (!r) {
		c->len = info->total_len;
		c->trailing = len - c->start - c->len;
		c->trailing_fill = fill_of(buf + c->start + c->len, c->trailing);
		return 0;
	}
	n = info->nimages;
	rest = len - c->start;
	/*
	 * Complete images, the last of them not flagged last, and then no
	 * image: padding, other data or the end of the file. A BIOS walking
	 * this chain runs off its end, so it is not cut short here.
	 */
	if (n && !info->img[n - 1].last && info->error_offset == c->f.bad_image &&
	    (info->error == OVF_ROM_ERR_SIGNATURE ||
	     (info->error == OVF_ROM_ERR_TRUNCATED && rest < c->f.bad_image + 2))) {
		c->status = OVF_CUT_NO_LAST;
		c->end = c->start + c->f.bad_image;
		c->last_image = n - 1;
		return -ENOMSG;
	}
	if (info->error == OVF_ROM_ERR_TRUNCATED) {
		c->status = OVF_CUT_TRUNCATED;
		c->end = len;
		c->need = c->f.need;
		return -ENODATA;
	}
	c->status = OVF_CUT_MALFORMED;
	return -EINVAL;
}

const char *ovf_rom_cut_words(const struct ovf_rom_cut *c, char *buf,
			      size_t len)
{
	size_t n = 0;

	buf[0] = '\0';
	if (c->start)
		n += snprintf(buf, len, "cut 0x%zx bytes before (%s)", c->start,
			      ovf_rom_container_name(c->before));
	if (c->trailing && n < len) {
		char what[32];

		if (c->trailing_fill >= 0)
			snprintf(what, sizeof(what), "padding 0x%02x",
				 c->trailing_fill);
		else
			snprintf(what, sizeof(what), "data");
		n += snprintf(buf + n, len - n, "%scut %zu trailing bytes (%s)",
			      n ? ", " : "", c->trailing, what);
	}
	if (!n)
		snprintf(buf, len, "nothing cut");
	return buf;
}

int ovf_rombar_read(const struct ovf_root *r, const char *addr, size_t max,
		    uint8_t **buf, size_t *len, struct ovf_err *e)
{
	char path[128];
	int fd, err, derr;

	*buf = NULL;
	*len = 0;
	snprintf(path, sizeof(path), "sys/bus/pci/devices/%s/rom", addr);
	/*
	 * The kernel disables only on exactly "0\n" (two bytes at offset 0);
	 * anything else enables, so the newline matters both ways.
	 */
	err = ovf_write_str(r, path, "1\n");
	if (err)
		return ovf_err_root(e, r, err, "enable", "%s", path);
	fd = ovf_open(r, path, O_RDONLY | O_CLOEXEC, 0);
	if (fd < 0) {
		err = ovf_err_root(e, r, fd, "open", "%s", path);
	} else {
		err = ovf_read_fd(fd, buf, len, max);
		close(fd);
		if (err)
			ovf_err_root(e, r, err, "read", "%s", path);
		else if (!*len)
			err = ovf_err_root(e, r, ENODATA, "read", "%s", path);
	}
	/* whatever the read gave: the BAR is left as it was found */
	derr = ovf_write_str(r, path, "0\n");
	/* a BAR left enabled outweighs a failed read: that is what needs a hand */
	if (derr)
		err = ovf_err_root(e, r, derr, "disable", "%s", path);
	if (err) {
		free(*buf);
		*buf = NULL;
		*len = 0;
	}
	return err;
}

/* The N of the DRM card "cardN" whose device link is @addr, or -ENOENT. */
static int drm_card_of(const struct ovf_root *r, const char *addr,
		       struct ovf_err *e)
{
	struct dirent *d;
	DIR *dir;
	int fd, card = -ENOENT;

	fd = ovf_open(r, "sys/class/drm", O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);
	if (fd < 0)
		return ovf_err_root(e, r, fd, "open", "sys/class/drm");
	dir = fdopendir(fd);
	if (!dir) {
		close(fd);
		return ovf_err_root(e, r, errno, "open", "sys/class/drm");
	}
	while ((d = readdir(dir))) {
		char base[64];
		unsigned long n;

		/* cardN only: renderD128 and connectors (card0-eDP-1) are not primaries */
		if (strncmp(d->d_name, "card", 4) ||
		    ovf_parse_ulong(d->d_name + 4, 0, 65535, &n) ||
		    !(d->d_name[4] >= '0' && d->d_name[4] <= '9'))
			continue;
		if (ovf_readlink_basef(r, base, sizeof(base),
				       "sys/class/drm/%s/device", d->d_name) < 0)
			continue;
		if (!strcmp(base, addr)) {
			card = (int)n;
			break;
		}
	}
	closedir(dir);
	if (card < 0)
		ovf_err_root(e, r, ENOENT, "find", "sys/class/drm");
	return card;
}

int ovf_debugfs_read(const struct ovf_root *r, const char *addr, size_t max,
		     uint8_t **buf, size_t *len, char *path, size_t pathlen,
		     struct ovf_err *e)
{
	char drv[64], rel[96];
	int card, fd, err;

	*buf = NULL;
	*len = 0;
	err = ovf_readlink_basef(r, drv, sizeof(drv),
				 "sys/bus/pci/devices/%s/driver", addr);
	if (err == -ENOENT) {
		ovf_err_root(e, r, ENXIO, "read", "sys/bus/pci/devices/%s/driver", addr);
		return ovf_err_reason(e, ENXIO, "no driver is bound to %s, nouveau's copy needs nouveau", addr);
	}
	if (err < 0)
		return ovf_err_root(e, r, err, "read", "sys/bus/pci/devices/%s/driver", addr);
	if (strcmp(drv, "nouveau")) {
		ovf_err_root(e, r, ENXIO, "read", "sys/bus/pci/devices/%s/driver", addr);
		return ovf_err_reason(e, ENXIO, "%s is driven by %s, not nouveau", addr, drv);
	}
	if (ovf_exists(r, "sys/kernel/debug/dri")) {
		ovf_err_root(e, r, ENOENT, "find", "sys/kernel/debug/dri");
		return ovf_err_reason(e, ENOENT, "no such directory: debugfs is not mounted");
	}
	card = drm_card_of(r, addr, e);
	if (card < 0) {
		if (card == -ENOENT)
			ovf_err_reason(e, ENOENT, "no DRM card's device is %s", addr);
		return card;
	}
	snprintf(rel, sizeof(rel), "sys/kernel/debug/dri/%d/vbios.rom", card);
	ovf_root_display(r, rel, path, pathlen);
	fd = ovf_open(r, rel, O_RDONLY | O_CLOEXEC, 0);
	if (fd < 0)
		return ovf_err_root(e, r, fd, "open", "%s", rel);
	err = ovf_read_fd(fd, buf, len, max);
	close(fd);
	if (err)
		return ovf_err_root(e, r, err, "read", "%s", rel);
	if (!*len) {
		free(*buf);
		*buf = NULL;
		return ovf_err_root(e, r, ENODATA, "read", "%s", rel);
	}
	return 0;
}

enum ovf_pick ovf_vbios_pick(const struct ovf_vbios_list *l,
			     uint16_t want_vendor, uint16_t want_device,
			     uint16_t gpu_vendor, uint16_t gpu_device,
			     long *idx)
{
	size_t i, nfit = 0, nnv = 0;
	long fit = -1, nv = -1;

	*idx = -1;
	if (want_device) {
		for (i = 0; i < l->n; i++) {
			const struct ovf_vbios_cand *c = &l->v[i];

			if (c->kind == OVF_VBIOS_VBT || c->device != want_device ||
			    (want_vendor && c->vendor != want_vendor))
				continue;
			if (!nfit++)
				fit = i;
		}
		if (!nfit)
			return OVF_PICK_NO_SUCH_ID;
		if (nfit > 1)
			return OVF_PICK_SEVERAL;
		*idx = fit;
		return OVF_PICK_DEVICE_ID;
	}
	for (i = 0; i < l->n; i++) {
		const struct ovf_vbios_cand *c = &l->v[i];

		if (c->kind != OVF_VBIOS_NVIDIA)
			continue;
		if (!nnv++)
			nv = i;
		if (gpu_vendor && c->vendor == gpu_vendor &&
		    c->device == gpu_device && !nfit++)
			fit = i;
	}
	if (nfit == 1) {
		*idx = fit;
		return OVF_PICK_TARGET;
	}
	if (!nnv)
		return OVF_PICK_NONE;
	if (nnv > 1)
		return OVF_PICK_SEVERAL;
	*idx = nv;
	return OVF_PICK_ONE;
}

static int hex4(const char *s, uint16_t *v)
{
	int i, d;

	*v = 0;
	for (i = 0; i < 4; i++) {
		d = ovf_hexval(s[i]);
		if (d < 0)
			return -EINVAL;
		*v = *v << 4 | d;
	}
	return 0;
}

int ovf_device_id_parse(const char *s, uint16_t *vendor, uint16_t *device)
{
	size_t n = strlen(s);

	*vendor = 0;
	*device = 0;
	if (n == 4)
		return hex4(s, device);
	if (n != 9 || s[4] != ':' || hex4(s, vendor) || hex4(s + 5, device))
		return -EINVAL;
	/* 0000 is no vendor: "any" would be a surprise */
	return *vendor ? 0 : -EINVAL;
}

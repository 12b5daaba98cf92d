// SPDX-License-Identifier: GPL-2.0-or-later
/* vBIOS candidates: every option ROM chain and Intel VBT in a buffer, with its provenance. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ovf/vbios.h"

void ovf_vbios_list_free(struct ovf_vbios_list *l)
{
	size_t i;

	if (!l)
		return;
	for (i = 0; i < l->n; i++) {
		free(l->v[i].data);
		free(l->v[i].where);
	}
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

const char *ovf_vbios_kind_name(enum ovf_vbios_kind kind)
{
	switch (kind) {
	case OVF_VBIOS_NVIDIA:
		return "NVIDIA display ROM";
	case OVF_VBIOS_DISPLAY:
		return "other display ROM";
	case OVF_VBIOS_OTHER:
		return "non-display option ROM";
	case OVF_VBIOS_VBT:
		return "Intel VBT";
	}
	return "unknown";
}

/* PCI class 03h is "display controller", whatever the subclass. */
static enum ovf_vbios_kind kind_of(uint16_t vendor, uint32_t class_code)
{
	if ((class_code >> 16) != 0x03)
		return OVF_VBIOS_OTHER;
	return vendor == 0x10de ? OVF_VBIOS_NVIDIA : OVF_VBIOS_DISPLAY;
}

static int already_listed(const struct ovf_vbios_list *l, const uint8_t *data,
			  size_t len)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (l->v[i].len == len && !memcmp(l->v[i].data, data, len))
			return 1;
	return 0;
}

int ovf_vbios_list_add(struct ovf_vbios_list *l, const uint8_t *data,
		       size_t len, enum ovf_vbios_kind kind, const char *where,
		       size_t offset)
{
	struct ovf_vbios_cand c = { .kind = kind, .offset = offset };
	struct ovf_vbios_cand *nv;

	if (!len)
		return -EINVAL;
	if (kind != OVF_VBIOS_VBT) {
		/* Large (about 10 KiB); one list add is rare enough for the heap. */
		struct ovf_rom_info *info = malloc(sizeof(*info));
		int img;

		if (!info)
			return -ENOMEM;
		if (ovf_rom_parse(data, len, 0, info) != OVF_ROM_OK ||
		    info->total_len != len) {
			free(info);
			return -EINVAL;
		}
		c.nimages = info->nimages;
		c.last_flag = info->img[info->nimages - 1].last;
		ovf_rom_matches(info, 0, 0, &img);
		if (img >= 0) {
			c.vendor = info->img[img].vendor;
			c.device = info->img[img].device;
			c.class_code = info->img[img].class_code;
		}
		c.kind = kind_of(c.vendor, c.class_code);
		free(info);
	}
	c.data = malloc(len);
	c.where = strdup(where ? where : "");
	nv = realloc(l->v, (l->n + 1) * sizeof(*l->v));
	if (!c.data || !c.where || !nv) {
		free(c.data);
		free(c.where);
		if (nv)
			l->v = nv;
		return -ENOMEM;
	}
	memcpy(c.data, data, len);
	c.len = len;
	l->v = nv;
	l->v[l->n++] = c;
	return 0;
}

/*
 * An Intel VBT: "$VBT" and 16 more name bytes, then version, header size
 * and the table's whole size (u16 each, little-endian) at 20, 22 and 24.
 */
static size_t vbt_len(const uint8_t *p, size_t avail)
{
	size_t hdr, total;

	if (avail < 0x30 || memcmp(p, "$VBT", 4))
		return 0;
	hdr = p[22] | (size_t)p[23] << 8;
	total = p[24] | (size_t)p[25] << 8;
	if (hdr < 0x30 || total < hdr || total > avail)
		return 0;
	return total;
}

static int add_found(struct ovf_vbios_list *l, const uint8_t *p, size_t len,
		     enum ovf_vbios_kind kind, const char *where, size_t off)
{
	char *w;
	int r;

	if (already_listed(l, p, len))
		return 0;
	if (asprintf(&w, "%s, offset 0x%zx", where ? where : "", off) < 0)
		return -ENOMEM;
	r = ovf_vbios_list_add(l, p, len, kind, w, off);
	free(w);
	return r ? r : 1;
}

int ovf_vbios_scan_buf(const uint8_t *buf, size_t len, const char *where,
		       struct ovf_vbios_list *l)
{
	struct ovf_rom_info *info;
	size_t off = 0;
	int added = 0, r;

	info = malloc(sizeof(*info));
	if (!info)
		return -ENOMEM;
	while (off + 2 <= len) {
		const uint8_t *p = buf + off;
		size_t vlen;

		/*
		 * Only a PCI (55 AA) first image starts a chain a BIOS would
		 * run; NVIDIA's other signatures appear inside chains only.
		 */
		if (p[0] == 0x55 && p[1] == 0xaa &&
		    ovf_rom_parse(p, len - off, 0, info) == OVF_ROM_OK &&
		    !strcmp(info->img[0].pcir_sig, "PCIR")) {
			r = add_found(l, p, info->total_len,
				      OVF_VBIOS_NVIDIA, where, off);
			if (r < 0)
				goto out;
			added += r;
			off += info->total_len;
			continue;
		}
		vlen = p[0] == '$' ? vbt_len(p, len - off) : 0;
		if (vlen) {
			r = add_found(l, p, vlen, OVF_VBIOS_VBT, where, off);
			if (r < 0)
				goto out;
			added += r;
			off += vlen;
			continue;
		}
		off++;
	}
	r = added;
out:
	free(info);
	return r;
}

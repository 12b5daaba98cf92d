/* SPDX-License-Identifier: GPL-2.0-or-later */
/* vbios-extract's sources: the sysfs ROM BAR, nouveau's debugfs copy, a ROM cut out of a file; picking a candidate. */
#ifndef OVF_EXTRACT_H
#define OVF_EXTRACT_H

/* Internal to optimus-vfio; not a stable interface. */

#include <stddef.h>
#include <stdint.h>

#include "ovf/rom.h"
#include "ovf/vbios.h"

struct ovf_err;
struct ovf_root;

/* What stands in the way of cutting a ROM chain out of a file. */
enum ovf_cut_status {
	OVF_CUT_OK = 0,
	OVF_CUT_NO_ROM,		/* no 55 AA image with a PCIR anywhere looked */
	OVF_CUT_NO_LAST,	/* the images end with none flagged last */
	OVF_CUT_TRUNCATED,	/* the file ends inside an image */
	OVF_CUT_MALFORMED,	/* another break in the chain (f.info says which) */
};

struct ovf_rom_cut {
	enum ovf_cut_status status;
	size_t start;		/* offset of the chain's first 55 AA */
	size_t len;		/* the chain's bytes (OK only) */
	enum ovf_rom_container before;	/* what the bytes before it are */
	size_t trailing;	/* bytes after the chain (OK only) */
	/* every trailing byte has this value (0xff padding, 0x00), or -1: data */
	int trailing_fill;
	/*
	 * NO_LAST: @end is where the last complete image ends (from the file's
	 * start) and @last_image its index; TRUNCATED: @end is the file's
	 * length and @need the bytes from @start the chain wants at least.
	 */
	size_t end, need;
	size_t last_image;
	struct ovf_rom_file f;	/* the walk (large: keep it off small stacks) */
};

/*
 * Find the ROM chain in a file's @len bytes (ovf_rom_file_scan: a bare ROM,
 * or one after an NVGI header or at a 512-byte boundary of a flash dump)
 * and say what surrounds it. A pure function. Returns 0 with @c->status
 * OVF_CUT_OK, else -errno with the status: -ENOENT NO_ROM, -ENOMSG NO_LAST,
 * -ENODATA TRUNCATED, -EINVAL MALFORMED.
 */
int ovf_rom_cut(const uint8_t *buf, size_t len, struct ovf_rom_cut *c);

/*
 * What was cut, in words: "cut 0x400 bytes before (NVIDIA NVGI header), cut
 * 512 trailing bytes (padding 0xff)", or "nothing cut". Returns @buf.
 */
const char *ovf_rom_cut_words(const struct ovf_rom_cut *c, char *buf,
			      size_t len);

/*
 * Read the ROM BAR of the PCI device @addr (canonical "dddd:bb:dd.f")
 * through its sysfs `rom` attribute: write "1" (the kernel then maps the
 * BAR for reads), read it whole, write "0", whatever the read gave. The
 * caller holds signals off around the call (ovf_signals_defer) so the
 * "0" is always written. Returns 0 with a malloc'd *@buf of *@len bytes,
 * or -errno with @e filled (action and the `rom` path as the user sees
 * it): the enable, the read (EIO: the BAR gave nothing, as on muxless
 * laptops) or an empty read (-ENODATA). When writing "0" fails, whatever
 * the read gave, the error is that one (-errno, @e "disable": the BAR is
 * left enabled). The ROM is kept in *@buf only on success.
 */
int ovf_rombar_read(const struct ovf_root *r, const char *addr, size_t max,
		    uint8_t **buf, size_t *len, struct ovf_err *e);

/*
 * nouveau's copy of the vBIOS of @addr: the DRM card whose sysfs device
 * link is @addr (sys/class/drm/cardN/device), then its debugfs directory
 * sys/kernel/debug/dri/N/vbios.rom. Checks first that nouveau drives
 * @addr. Returns 0 with *@buf, *@len and @path (the file, as the user sees
 * it), or -errno with @e: -ENXIO another driver or none (reason names it),
 * -ENOENT debugfs not mounted, no DRM card for @addr, or no vbios.rom.
 */
int ovf_debugfs_read(const struct ovf_root *r, const char *addr, size_t max,
		     uint8_t **buf, size_t *len, char *path, size_t pathlen,
		     struct ovf_err *e);

/* How ovf_vbios_pick() chose, or why it did not. */
enum ovf_pick {
	OVF_PICK_ONE = 0,	/* the only NVIDIA display candidate */
	OVF_PICK_DEVICE_ID,	/* the one with the given device ID */
	OVF_PICK_TARGET,	/* the only one with the target GPU's IDs */
	OVF_PICK_NONE,		/* no candidate (or no NVIDIA display one) */
	OVF_PICK_NO_SUCH_ID,	/* none has the given device ID */
	OVF_PICK_SEVERAL,	/* several fit: the caller lists them */
};

/*
 * Pick the candidate to write from @l. @want_vendor/@want_device: a
 * --device-id (vendor 0: any vendor); 0/0 when none was given.
 * @gpu_vendor/@gpu_device: the target GPU's IDs, 0/0 when there is none.
 * Without a device ID only NVIDIA display ROMs are picked (an iGPU's GOP
 * or VBT never is): the one whose IDs are the GPU's when exactly one is,
 * else the only one. Returns the status; *@idx is the index for the
 * OVF_PICK_ONE..TARGET statuses, else -1.
 */
enum ovf_pick ovf_vbios_pick(const struct ovf_vbios_list *l,
			     uint16_t want_vendor, uint16_t want_device,
			     uint16_t gpu_vendor, uint16_t gpu_device,
			     long *idx);

/*
 * Parse a --device-id: 4 hex digits (device), or VVVV:DDDD. 0 or
 * -EINVAL. *@vendor is 0 when only the device was given.
 */
int ovf_device_id_parse(const char *s, uint16_t *vendor, uint16_t *device);

#endif

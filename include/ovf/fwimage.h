/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Finding vBIOS images in a vendor firmware update or an SPI flash dump. */
#ifndef OVF_FWIMAGE_H
#define OVF_FWIMAGE_H

#include "ovf/vbios.h"

struct ovf_err;

/* The outside programs behind the seam; NULL means the default name on $PATH. */
struct ovf_fw_opts {
	const char *uefiextract;	/* UEFIExtract (Debian: uefitool-cli) */
	const char *innoextract;	/* InnoSetup installers */
	const char *sevenzip;		/* 7z: 7z/zip/cab/PE-SFX payloads */
	const char *tmpdir;		/* where to unpack (default $TMPDIR, else /tmp) */
};

/*
 * Every vBIOS candidate in the firmware file @path: unwrap what wraps it,
 * find the firmware volumes, decompress them, scan each body
 * (ovf_vbios_scan_buf) and the raw file. Appends to @l. Returns 0 (also
 * when nothing was found: @l unchanged) or -errno with @e filled (which
 * file, what was being done, why: a truncated volume, a wrapper with no
 * firmware in it, a missing helper program).
 */
int ovf_fw_scan(const char *path, const struct ovf_fw_opts *o,
		struct ovf_vbios_list *l, struct ovf_err *e);

#endif

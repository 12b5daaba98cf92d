// SPDX-License-Identifier: GPL-2.0-or-later
/* Finding vBIOS images in a vendor firmware update or an SPI flash dump. */
#include <errno.h>
#include <stdlib.h>

#include "ovf/err.h"
#include "ovf/fwimage.h"
#include "ovf/util.h"

/* Far above any SPI flash (32 MiB today) or update package seen. */
#define FW_MAX (256u << 20)

/*
 * So far the raw bytes only: an uncompressed ROM in a flash dump or a
 * legacy BIOS image. Firmware volumes and their compressed sections come
 * through UEFIExtract (to be added behind this function).
 */
int ovf_fw_scan(const char *path, const struct ovf_fw_opts *o,
		struct ovf_vbios_list *l, struct ovf_err *e)
{
	uint8_t *buf;
	size_t len;
	int r;

	(void)o;
	r = ovf_read_file(path, &buf, &len, FW_MAX);
	if (r)
		return ovf_err_set(e, r, "read", "%s", path);
	r = ovf_vbios_scan_buf(buf, len, path, l);
	free(buf);
	if (r < 0)
		return ovf_err_set(e, r, "scan", "%s", path);
	return 0;
}

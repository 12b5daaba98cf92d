/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Finding vBIOS images in a vendor firmware update or an SPI flash dump. */
#ifndef OVF_FWIMAGE_H
#define OVF_FWIMAGE_H

#include <stddef.h>
#include <stdint.h>

#include "ovf/vbios.h"

/* Internal to optimus-vfio; not a stable interface. */

struct ovf_err;

/* Bounds on what a wrapper or a volume may unpack to (a zip bomb is an error). */
#define OVF_FW_MAX_DEPTH 4		/* wrappers inside wrappers */
#define OVF_FW_MAX_BYTES (1024ull << 20)	/* all unpacked files together */
#define OVF_FW_MAX_FILES 100000u
#define OVF_FW_TIMEOUT_MS (300 * 1000)	/* one helper program's run */

/* The outside programs behind the seam; NULL means the default name on $PATH. */
struct ovf_fw_opts {
	const char *uefiextract;	/* UEFIExtract (Debian: uefitool-cli) */
	const char *innoextract;	/* InnoSetup installers */
	const char *sevenzip;		/* 7z: 7z/zip/cab/PE-SFX payloads */
	const char *tmpdir;		/* where to unpack (default $TMPDIR, else /tmp) */
	/* 0: the OVF_FW_MAX_* defaults */
	unsigned int max_depth;
	unsigned long long max_bytes;
	unsigned int max_files;
	int timeout_ms;
};

/*
 * Every vBIOS candidate in the firmware file @path: unwrap what wraps it
 * (InnoSetup with innoextract; 7z, zip, cab, PE self-extractors with 7z),
 * let UEFIExtract take the firmware volumes apart (capsule headers, LZMA
 * and other compressed sections included) in a private directory under
 * the temp dir, scan each body (ovf_vbios_scan_buf) with where = "FILE:
 * volume GUID, file GUID (NAME), raw section[, LZMA-compressed]", and scan
 * the raw file too (uncompressed ROMs, legacy BIOS images). Appends to @l.
 * The private directory is on the signal undo list and gone on return.
 *
 * Returns 0 (also when nothing was found: @l unchanged) or -errno with @e
 * filled (which file, what was being done, why):
 *   -ENOPKG      a helper program is not installed (the reason names its
 *                Debian package); nothing is scanned then
 *   -EBADMSG     no NVIDIA display ROM found and the firmware is damaged
 *                (a truncated volume, a compressed section that does not
 *                decompress): the reason quotes UEFIExtract
 *   -EOPNOTSUPP  no NVIDIA display ROM found and a wrapper is one not
 *                handled (InstallShield, Dell PFS, an encrypted archive)
 *   -ENODATA     a wrapper unpacked, but nothing in it is firmware
 *   -EFBIG       past a bound (depth, bytes, files): nothing unpacked kept
 *   -ETIMEDOUT   a helper ran past the timeout (and was killed)
 *   other        reading the file, the temp dir, running a helper
 * Damage elsewhere does not hide an NVIDIA ROM that was found whole: the
 * caller's ROM parser checks what it writes.
 */
int ovf_fw_scan(const char *path, const struct ovf_fw_opts *o,
		struct ovf_vbios_list *l, struct ovf_err *e);

/* What a file is, by its first bytes and its signatures (ovf_fw_detect). */
enum ovf_fw_kind {
	OVF_FW_IMAGE = 0,	/* firmware, a flash dump, a capsule, or unknown bytes */
	OVF_FW_ARCHIVE,		/* 7z, zip, cab, gzip, xz, bzip2, rar, tar: 7z x */
	OVF_FW_INNO,		/* an InnoSetup installer: innoextract */
	OVF_FW_PE,		/* another Windows executable: raw scan, then 7z x */
	OVF_FW_UNHANDLED,	/* a wrapper known but not handled: see @how */
};

/*
 * Classify @len bytes at @buf. For OVF_FW_UNHANDLED, *@what names the
 * wrapper ("an InstallShield installer") and *@how the way out by hand;
 * for the others *@what is a short name ("a zip archive") and *@how NULL.
 * Pure: no I/O.
 */
enum ovf_fw_kind ovf_fw_detect(const uint8_t *buf, size_t len,
			       const char **what, const char **how);

/* Whether @buf holds a firmware volume header ("_FVH" with a sane header around it). */
int ovf_fw_has_volume(const uint8_t *buf, size_t len);

/* One UEFIExtract info.txt, the fields the provenance uses ("" when absent). */
struct ovf_fw_info {
	char type[32];		/* "Volume", "File", "Section", "Capsule", "Image" ... */
	char subtype[48];	/* "FFSv2", "Freeform", "Raw", "GUID defined" ... */
	char guid[40];		/* the Volume / File / Section / Capsule GUID */
	char compression[24];	/* "LZMA", "Tiano", ... for a compressed section */
};

/* Parse @len bytes of info.txt text ("Key: value" lines). 0 or -EINVAL (not one). */
int ovf_fw_info_parse(const char *text, size_t len, struct ovf_fw_info *out);

/* What `7z l -slt` says about an archive. */
struct ovf_fw_listing {
	unsigned long long bytes;	/* the files' unpacked sizes together */
	unsigned long files;		/* entries that are not folders */
	int encrypted;			/* an entry says "Encrypted = +" */
};

/* Parse @len bytes of `7z l -slt` output. 0 or -EINVAL (no entry list in it). */
int ovf_fw_7z_listing_parse(const char *text, size_t len,
			    struct ovf_fw_listing *out);

#endif

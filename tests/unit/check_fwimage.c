// SPDX-License-Identifier: GPL-2.0-or-later
/* Unit tests for the firmware image scanner (src/lib/fwimage.c). */
#include <check.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ovf/err.h"
#include "ovf/fwimage.h"
#include "unit.h"
#include "../helpers/romgen.h"

UNIT_DEFINE_TMPDIR(tmp, setup, teardown)

static void write_bytes(const char *path, const void *buf, size_t n)
{
	FILE *f = fopen(path, "w");

	ck_assert_ptr_nonnull(f);
	ck_assert_uint_eq(fwrite(buf, 1, n, f), n);
	fclose(f);
}

/* A 2 KiB NVIDIA ROM for @device at @p. */
static size_t make_rom(uint8_t *p, uint16_t device)
{
	struct romgen_image im;

	romgen_defaults(&im, 0, 2048);
	return romgen_build(&im, 1, 0x10de, device, 1, p, 2048);
}

/*
 * tmp/fw.bin (into @path): 4 KiB of erased flash with a volume header
 * signature at 0, so the scan hands it to UEFIExtract; with @rom a 2 KiB
 * NVIDIA ROM for 1c8d sits uncompressed at 2 KiB.
 */
static void fake_volume(char *path, size_t size, int rom)
{
	static uint8_t img[4096];

	memset(img, 0xff, sizeof(img));
	unit_sig(img + 40, "_FVH");
	img[48] = 0x48;
	if (rom)
		ck_assert_uint_eq(make_rom(img + 2048, 0x1c8d), 2048);
	snprintf(path, size, "%s/fw.bin", tmp);
	write_bytes(path, img, sizeof(img));
}

/* An executable stub @name in tmp running the shell text @body. */
static void stub(const char *name, const char *body, char *path, size_t size)
{
	char text[9000];

	snprintf(text, sizeof(text), "#!/bin/sh\n%s\n", body);
	unit_put(tmp, name, text);
	snprintf(path, size, "%s/%s", tmp, name);
	ck_assert_int_eq(chmod(path, 0755), 0);
}

/* Nothing of the private directory is left in @dir. */
static void assert_no_workdir(const char *dir)
{
	struct dirent *de;
	DIR *d = opendir(dir);

	ck_assert_ptr_nonnull(d);
	while ((de = readdir(d)))
		ck_assert_msg(strncmp(de->d_name, "vbios-extract.", 14),
			      "left behind: %s", de->d_name);
	closedir(d);
}

/* The options with every helper a stub or a path in tmp, unpacking in tmp/work. */
static struct ovf_fw_opts opts_in(char *work, size_t size)
{
	struct ovf_fw_opts o = { 0 };

	snprintf(work, size, "%s/work", tmp);
	mkdir(work, 0700);
	o.tmpdir = work;
	return o;
}

START_TEST(raw_flash_dump)
{
	static uint8_t buf[256 * 1024];
	struct ovf_vbios_list l = { 0 };
	struct ovf_err e = { 0 };
	char path[4200];

	memset(buf, 0xff, sizeof(buf));
	ck_assert_uint_eq(make_rom(buf + 0x20000, 0x1c8d), 2048);
	snprintf(path, sizeof(path), "%s/spi.bin", tmp);
	write_bytes(path, buf, sizeof(buf));
	/* no volume in it: UEFIExtract is not needed (nor run: it is missing) */
	{
		struct ovf_fw_opts o = { .uefiextract = "/nonexistent/UEFIExtract" };

		ck_assert_int_eq(ovf_fw_scan(path, &o, &l, &e), 0);
	}
	ck_assert_uint_eq(l.n, 1);
	ck_assert_uint_eq(l.v[0].device, 0x1c8d);
	ck_assert_uint_eq(l.v[0].offset, 0x20000);
	ovf_vbios_list_free(&l);
}
END_TEST

START_TEST(missing_file)
{
	struct ovf_vbios_list l = { 0 };
	struct ovf_err e = { 0 };
	char path[4200];

	snprintf(path, sizeof(path), "%s/none.bin", tmp);
	ck_assert_int_eq(ovf_fw_scan(path, NULL, &l, &e), -ENOENT);
	ck_assert_str_eq(e.path, path);
	ck_assert_uint_eq(l.n, 0);
}
END_TEST

START_TEST(detect_signatures)
{
	/* the bytes of a literal, embedded NULs counted, its own NUL not */
#define B(s) s, sizeof(s) - 1
	static const struct {
		const char *bytes;
		size_t n;
		enum ovf_fw_kind kind;
	} t[] = {
		{ B("7z\xbc\xaf\x27\x1c\0\4"), OVF_FW_ARCHIVE },
		{ B("PK\x03\x04\x14\0"), OVF_FW_ARCHIVE },
		{ B("MSCF\0\0\0\0"), OVF_FW_ARCHIVE },
		{ B("\x1f\x8b\x08\0"), OVF_FW_ARCHIVE },
		{ B("\xfd" "7zXZ\0\0"), OVF_FW_ARCHIVE },
		{ B("PFS.HDR.\1\0\0\0"), OVF_FW_UNHANDLED },
		{ B("ISc(\0\0\0\0"), OVF_FW_UNHANDLED },
		{ B("MZ\x90\0 plain program"), OVF_FW_PE },
		{ B("MZ\x90\0 ... Inno Setup Setup Data (5.5.7)"), OVF_FW_INNO },
		{ B("MZ\x90\0 ... InstallShield ..."), OVF_FW_UNHANDLED },
		{ B("MZ\x90\0 ... PFS.HDR. ..."), OVF_FW_UNHANDLED },
		{ B("\xff\xff\xff\xff"), OVF_FW_IMAGE },
		{ B(""), OVF_FW_IMAGE },
	};
	const char *what, *how;
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		ck_assert_msg(ovf_fw_detect((const uint8_t *)t[i].bytes, t[i].n, &what,
					    &how) == t[i].kind, "case %zu", i);
		ck_assert_ptr_nonnull(what);
		/* every wrapper not handled says how to get at it by hand */
		ck_assert_int_eq(how != NULL, t[i].kind == OVF_FW_UNHANDLED);
	}
#undef B
}
END_TEST

/* A volume header: "_FVH" at 40, header length at 48. */
START_TEST(volume_signature)
{
	uint8_t b[0x200];

	memset(b, 0xff, sizeof(b));
	ck_assert_int_eq(ovf_fw_has_volume(b, sizeof(b)), 0);
	unit_sig(b + 0x100 + 40, "_FVH");
	b[0x100 + 48] = 0x48;
	b[0x100 + 49] = 0;
	ck_assert_int_eq(ovf_fw_has_volume(b, sizeof(b)), 1);
	/* a header that would not fit in the buffer */
	ck_assert_int_eq(ovf_fw_has_volume(b, 0x100 + 0x40), 0);
	/* a header length no volume has */
	b[0x100 + 48] = 0x47;
	ck_assert_int_eq(ovf_fw_has_volume(b, sizeof(b)), 0);
	/* the text "_FVH" at the very start is no header */
	memset(b, 0, sizeof(b));
	unit_sig(b, "_FVH");
	ck_assert_int_eq(ovf_fw_has_volume(b, sizeof(b)), 0);
	/* an MZ with a volume in it is a flasher carrying its image */
	unit_sig(b, "MZ");
	unit_sig(b + 0x80 + 40, "_FVH");
	b[0x80 + 48] = 0x78;
	{
		const char *what, *how;

		ck_assert_int_eq(ovf_fw_detect(b, sizeof(b), &what, &how), OVF_FW_IMAGE);
	}
}
END_TEST

START_TEST(info_txt)
{
	static const char vol[] =
		"Type: Volume\nSubtype: FFSv2\nFixed: No\nSignature: _FVH\n"
		"FileSystem GUID: 8C8CE578-8A3D-4F1C-9935-896185C32DD3\n"
		"Volume GUID: 48DB5E17-707C-472D-91CD-1613E7EF51B0\n";
	static const char vol_noext[] =
		"Type: Volume\r\nSubtype: FFSv2\r\n"
		"FileSystem GUID: 8C8CE578-8A3D-4F1C-9935-896185C32DD3\r\n";
	static const char sec[] =
		"Type: Section\nSubtype: GUID defined\n"
		"Section GUID: EE4E5898-3914-4259-9D6E-DC7BD79403CF\n"
		"Compression algorithm: LZMA\nDecompressed size: CE0090h (13500560)\n";
	struct ovf_fw_info in;

	ck_assert_int_eq(ovf_fw_info_parse(vol, strlen(vol), &in), 0);
	ck_assert_str_eq(in.type, "Volume");
	ck_assert_str_eq(in.subtype, "FFSv2");
	/* the volume's own name wins over its file system's */
	ck_assert_str_eq(in.guid, "48DB5E17-707C-472D-91CD-1613E7EF51B0");
	ck_assert_int_eq(ovf_fw_info_parse(vol_noext, strlen(vol_noext), &in), 0);
	ck_assert_str_eq(in.guid, "8C8CE578-8A3D-4F1C-9935-896185C32DD3");
	ck_assert_str_eq(in.subtype, "FFSv2");
	ck_assert_int_eq(ovf_fw_info_parse(sec, strlen(sec), &in), 0);
	ck_assert_str_eq(in.compression, "LZMA");
	ck_assert_str_eq(in.guid, "EE4E5898-3914-4259-9D6E-DC7BD79403CF");
	/* not one: no Type line; a key only as a prefix of another */
	ck_assert_int_eq(ovf_fw_info_parse("Subtype: Raw\n", 13, &in), -EINVAL);
	ck_assert_int_eq(ovf_fw_info_parse("Types: x\n", 9, &in), -EINVAL);
	/* a length short of the text: only that much is read */
	ck_assert_int_eq(ovf_fw_info_parse(vol, 4, &in), -EINVAL);
}
END_TEST

START_TEST(sevenzip_listing)
{
	static const char ls[] =
		"Listing archive: a.zip\n\n--\nPath = a.zip\nType = zip\n"
		"Physical Size = 29897\n\n----------\n"
		"Path = bios\nFolder = +\nSize = 0\n\n"
		"Path = bios/fw.bin\nFolder = -\nSize = 32768\nEncrypted = -\n\n"
		"Path = readme.txt\nFolder = -\nSize = 3\nEncrypted = -\n";
	static const char enc[] =
		"----------\r\nPath = fw.bin\r\nSize = 10\r\nEncrypted = +\r\n";
	static const char huge[] =
		"----------\nPath = a\nSize = 18446744073709551615\n"
		"Path = b\nSize = 99999999999999999999999\n";
	struct ovf_fw_listing o;

	ck_assert_int_eq(ovf_fw_7z_listing_parse(ls, strlen(ls), &o), 0);
	ck_assert_uint_eq(o.files, 2);
	ck_assert_uint_eq(o.bytes, 32771);
	ck_assert_int_eq(o.encrypted, 0);
	ck_assert_int_eq(ovf_fw_7z_listing_parse(enc, strlen(enc), &o), 0);
	ck_assert_int_eq(o.encrypted, 1);
	ck_assert_uint_eq(o.bytes, 10);
	/* sizes past 64 bits saturate: a bomb is never a small archive */
	ck_assert_int_eq(ovf_fw_7z_listing_parse(huge, strlen(huge), &o), 0);
	ck_assert(o.bytes == ~0ull);
	ck_assert_int_eq(ovf_fw_7z_listing_parse("Error: cannot open\n", 19, &o), -EINVAL);
}
END_TEST

/*
 * A stub UEFIExtract making the dump tree of one volume, one file named by
 * its UI section, one raw section holding a ROM: pins the walk and the
 * provenance words.
 */
START_TEST(tree_walk_provenance)
{
	static uint8_t rom[2048];
	struct ovf_vbios_list l = { 0 };
	struct ovf_err e = { 0 };
	char path[4200], work[4200], ue[4200], body[8192];
	struct ovf_fw_opts o = opts_in(work, sizeof(work));

	fake_volume(path, sizeof(path), 0);
	ck_assert_uint_eq(make_rom(rom, 0x1c8d), 2048);
	snprintf(body, sizeof(body), "%s/rom.bin", tmp);
	write_bytes(body, rom, sizeof(rom));
	snprintf(body, sizeof(body),
		 "[ \"$2\" = dump ] || exit 9\n"
		 "d=\"$1.dump/0 VOLNAME/3 GpuRom\"; mkdir -p \"$d/0 Raw section\" \"$d/1 UI section\"\n"
		 "printf 'Type: Volume\\nFileSystem GUID: FS\\nVolume GUID: V-GUID\\n' > \"$1.dump/0 VOLNAME/info.txt\"\n"
		 "printf 'Type: File\\nSubtype: Freeform\\nFile GUID: F-GUID\\n' > \"$d/info.txt\"\n"
		 "printf 'Type: Section\\nSubtype: Raw\\n' > \"$d/0 Raw section/info.txt\"\n"
		 "cp '%s/rom.bin' \"$d/0 Raw section/body.bin\"\n"
		 "cat '%s/rom.bin' '%s/rom.bin' > \"$d/body.bin\"\n"
		 "echo 'parse: not a single Volume Top File is found, the image may be corrupted'\n",
		 tmp, tmp, tmp);
	stub("UEFIExtract", body, ue, sizeof(ue));
	o.uefiextract = ue;
	ck_assert_int_eq(ovf_fw_scan(path, &o, &l, &e), 0);
	/* once: the file's body holds the same bytes, the raw section says it better */
	ck_assert_uint_eq(l.n, 1);
	snprintf(body, sizeof(body), "%s: volume V-GUID, file F-GUID (GpuRom), raw section, "
		 "offset 0x0", path);
	ck_assert_str_eq(l.v[0].where, body);
	assert_no_workdir(work);
	ovf_vbios_list_free(&l);
}
END_TEST

START_TEST(uefiextract_missing)
{
	struct ovf_vbios_list l = { 0 };
	struct ovf_err e = { 0 };
	char path[4200], work[4200];
	struct ovf_fw_opts o = opts_in(work, sizeof(work));

	fake_volume(path, sizeof(path), 1);
	o.uefiextract = "/nonexistent/UEFIExtract";
	/* a volume and no UEFIExtract: an error, not half a search */
	ck_assert_int_eq(ovf_fw_scan(path, &o, &l, &e), -ENOPKG);
	ck_assert_str_eq(e.path, "/nonexistent/UEFIExtract");
	ck_assert_ptr_nonnull(strstr(e.reason, "uefitool-cli"));
	assert_no_workdir(work);
	ovf_vbios_list_free(&l);
}
END_TEST

/* UEFIExtract's words for a damaged image; its exit status when it gives up. */
START_TEST(uefiextract_damage_and_failure)
{
	struct ovf_vbios_list l = { 0 };
	struct ovf_err e = { 0 };
	char path[4200], work[4200], ue[4200];
	struct ovf_fw_opts o = opts_in(work, sizeof(work));

	fake_volume(path, sizeof(path), 0);
	stub("UEFIExtract", "mkdir \"$1.dump\"\necho 'parseGuidedSectionBody: decompression "
	     "failed with error Customized decompression failed'", ue, sizeof(ue));
	o.uefiextract = ue;
	ck_assert_int_eq(ovf_fw_scan(path, &o, &l, &e), -EBADMSG);
	ck_assert_str_eq(e.path, path);
	ck_assert_ptr_nonnull(strstr(e.reason, "decompression failed"));
	stub("UEFIExtract2", "echo 'cannot read image' >&2; exit 2", ue, sizeof(ue));
	ck_assert_int_eq(ovf_fw_scan(path, &o, &l, &e), -EBADMSG);
	ck_assert_ptr_nonnull(strstr(e.reason, "exit status 2"));
	ck_assert_ptr_nonnull(strstr(e.reason, "cannot read image"));
	stub("UEFIExtract3", "sleep 5", ue, sizeof(ue));
	o.timeout_ms = 200;
	ck_assert_int_eq(ovf_fw_scan(path, &o, &l, &e), -ETIMEDOUT);
	ck_assert_uint_eq(l.n, 0);
	assert_no_workdir(work);
}
END_TEST

/* A stub innoextract: the installer's payload is an SPI image with a plain ROM. */
START_TEST(inno_installer)
{
	static uint8_t exe[8192], spi[8192];
	struct ovf_vbios_list l = { 0 };
	struct ovf_err e = { 0 };
	char path[4200], work[4200], ie[4200], body[4400];
	struct ovf_fw_opts o = opts_in(work, sizeof(work));

	unit_sig(exe, "MZ");
	unit_sig(exe + 0x400, "Inno Setup Setup Data (6.0.0)");
	snprintf(path, sizeof(path), "%s/setup.exe", tmp);
	write_bytes(path, exe, sizeof(exe));
	memset(spi, 0xff, sizeof(spi));
	ck_assert_uint_eq(make_rom(spi + 4096, 0x1c8c), 2048);
	snprintf(body, sizeof(body), "%s/payload.bin", tmp);
	write_bytes(body, spi, sizeof(spi));
	snprintf(body, sizeof(body), "[ \"$1 $2\" = '-s -d' ] || exit 9\n"
		 "mkdir -p \"$3/app\" && cp '%s/payload.bin' \"$3/app/bios.bin\"", tmp);
	stub("innoextract", body, ie, sizeof(ie));
	o.innoextract = ie;
	ck_assert_int_eq(ovf_fw_scan(path, &o, &l, &e), 0);
	ck_assert_uint_eq(l.n, 1);
	snprintf(body, sizeof(body), "%s: app/bios.bin, offset 0x1000", path);
	ck_assert_str_eq(l.v[0].where, body);
	ovf_vbios_list_free(&l);
	/* an installer with no firmware in it */
	stub("innoextract2", "mkdir -p \"$3/app\" && echo text > \"$3/app/readme.txt\"",
	     ie, sizeof(ie));
	ck_assert_int_eq(ovf_fw_scan(path, &o, &l, &e), -ENODATA);
	ck_assert_ptr_nonnull(strstr(e.reason, "InnoSetup installer with no firmware"));
	o.innoextract = "/nonexistent/innoextract";
	ck_assert_int_eq(ovf_fw_scan(path, &o, &l, &e), -ENOPKG);
	ck_assert_ptr_nonnull(strstr(e.reason, "Debian package innoextract"));
	assert_no_workdir(work);
}
END_TEST

/* 7z that lists an archive and then fails to unpack it: its own words. */
START_TEST(sevenzip_fails_unpacking)
{
	struct ovf_vbios_list l = { 0 };
	struct ovf_err e = { 0 };
	char path[4200], work[4200], sz[4200], want[4400];
	struct ovf_fw_opts o = opts_in(work, sizeof(work));

	snprintf(path, sizeof(path), "%s/update.zip", tmp);
	write_bytes(path, "PK\3\4 rest", 10);
	stub("7z", "if [ \"$1\" = l ]; then printf -- '----------\\nPath = a.bin\\nSize = 5\\n'; "
	     "exit 0; fi\necho 'ERROR: Data Error : a.bin'; exit 2", sz, sizeof(sz));
	o.sevenzip = sz;
	ck_assert_int_eq(ovf_fw_scan(path, &o, &l, &e), -EBADMSG);
	ck_assert_str_eq(e.path, path);
	snprintf(want, sizeof(want), "%s failed on a zip archive (exit status 2): "
		 "ERROR: Data Error : a.bin", sz);
	ck_assert_str_eq(e.reason, want);
	ck_assert_uint_eq(l.n, 0);
}
END_TEST

START_TEST(unhandled_wrapper)
{
	struct ovf_vbios_list l = { 0 };
	struct ovf_err e = { 0 };
	char path[4200];

	snprintf(path, sizeof(path), "%s/update.bin", tmp);
	write_bytes(path, "PFS.HDR.\1\0\0\0 rest", 17);
	ck_assert_int_eq(ovf_fw_scan(path, NULL, &l, &e), -EOPNOTSUPP);
	ck_assert_str_eq(e.path, path);
	ck_assert_ptr_nonnull(strstr(e.reason, "Dell PFS"));
	ck_assert_ptr_nonnull(strstr(e.reason, "by hand"));
}
END_TEST

/* The real 7z and UEFIExtract on mkfv's volume in a zip in a zip, and the bounds. */
START_TEST(real_tools_nested_and_bounds)
{
	struct ovf_vbios_list l = { 0 };
	struct ovf_err e = { 0 };
	char work[4200], cmd[4400], path[4200];
	struct ovf_fw_opts o = opts_in(work, sizeof(work));
	const char *b = getenv("B");
	char *bdir;

	if (system("command -v UEFIExtract >/dev/null && command -v 7z >/dev/null")) {
		fprintf(stderr, "real_tools_nested_and_bounds: skipped (no UEFIExtract or 7z)\n");
		return;
	}
	/* the shell runs in tmp: the build directory as an absolute path */
	bdir = realpath(b && *b ? b : "build", NULL);
	ck_assert_ptr_nonnull(bdir);
	snprintf(cmd, sizeof(cmd), "'%s/tests/mkfv' -o fw.bin && mkdir in && mv fw.bin in/ && "
		 "cd in && 7z a -tzip ../inner.zip fw.bin >/dev/null && cd .. && "
		 "7z a -tzip outer.zip inner.zip >/dev/null", bdir);
	free(bdir);
	unit_sh(tmp, cmd);
	snprintf(path, sizeof(path), "%s/outer.zip", tmp);
	ck_assert_int_eq(ovf_fw_scan(path, &o, &l, &e), 0);
	/* two NVIDIA SKUs, the iGPU's GOP, its VBT */
	ck_assert_uint_eq(l.n, 4);
	ck_assert_uint_eq(l.v[0].kind, OVF_VBIOS_NVIDIA);
	ck_assert_uint_eq(l.v[0].device, 0x1c8d);
	ck_assert_uint_eq(l.v[1].device, 0x1c8c);
	ck_assert_uint_eq(l.v[2].kind, OVF_VBIOS_DISPLAY);
	ck_assert_uint_eq(l.v[3].kind, OVF_VBIOS_VBT);
	snprintf(cmd, sizeof(cmd), "%s: inner.zip: fw.bin: volume A881D567-6CB0-4EEE-8435-"
		 "2E72D33E45B5, file 1A2B3C4D-0001-4E5F-8A9B-0C1D2E3F4051 (Vbios10de1c8d), "
		 "raw section, LZMA-compressed, offset 0x0", path);
	ck_assert_str_eq(l.v[0].where, cmd);
	ovf_vbios_list_free(&l);
	/* one level of wrapping allowed: the inner zip is one too many */
	o.max_depth = 1;
	ck_assert_int_eq(ovf_fw_scan(path, &o, &l, &e), -EFBIG);
	ck_assert_ptr_nonnull(strstr(e.reason, "nested deeper"));
	o.max_depth = 0;
	/* the listing is over the byte bound: refused before unpacking */
	o.max_bytes = 1000;
	ck_assert_int_eq(ovf_fw_scan(path, &o, &l, &e), -EFBIG);
	ck_assert_ptr_nonnull(strstr(e.reason, "more than the limit"));
	ck_assert_uint_eq(l.n, 0);
	assert_no_workdir(work);
	ovf_vbios_list_free(&l);
}
END_TEST

/* Debian's OVMF: a real image of volumes, compressed ones, and no option ROM. */
START_TEST(real_ovmf_has_none)
{
	static const char ovmf[] = "/usr/share/OVMF/OVMF_CODE.fd";
	struct ovf_vbios_list l = { 0 };
	struct ovf_err e = { 0 };
	char work[4200];
	struct ovf_fw_opts o = opts_in(work, sizeof(work));

	if (access(ovmf, R_OK) || system("command -v UEFIExtract >/dev/null")) {
		fprintf(stderr, "real_ovmf_has_none: skipped (no %s or UEFIExtract)\n", ovmf);
		return;
	}
	ck_assert_int_eq(ovf_fw_scan(ovmf, &o, &l, &e), 0);
	ck_assert_uint_eq(l.n, 0);
	assert_no_workdir(work);
}
END_TEST

static Suite *fwimage_suite(void)
{
	Suite *s = suite_create("fwimage");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, raw_flash_dump);
	tcase_add_test(tc, missing_file);
	tcase_add_test(tc, detect_signatures);
	tcase_add_test(tc, volume_signature);
	tcase_add_test(tc, info_txt);
	tcase_add_test(tc, sevenzip_listing);
	tcase_add_test(tc, tree_walk_provenance);
	tcase_add_test(tc, uefiextract_missing);
	tcase_add_test(tc, uefiextract_damage_and_failure);
	tcase_add_test(tc, inno_installer);
	tcase_add_test(tc, sevenzip_fails_unpacking);
	tcase_add_test(tc, unhandled_wrapper);
	tcase_add_test(tc, real_tools_nested_and_bounds);
	tcase_add_test(tc, real_ovmf_has_none);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return unit_run(fwimage_suite());
}

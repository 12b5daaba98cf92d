// SPDX-License-Identifier: GPL-2.0-or-later
/* Unit tests for the ROM BAR file check (src/lib/rombar.c). */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ovf/err.h"
#include "ovf/rombar.h"
#include "unit.h"
#include "../helpers/romgen.h"

#define K 1024

UNIT_DEFINE_TMPDIR(tmp, setup, teardown);

static char path[4200];
static struct ovf_rom_bar_file f;
static struct ovf_err e;

/* Write @len bytes to tmp/@name; its path in the global @path. */
static void put_bytes(const char *name, const uint8_t *b, size_t len)
{
	snprintf(path, sizeof(path), "%s", unit_put_file(tmp, name, b, len));
}

/* The check of @path for the laptop's GPU, 10de:1c8d, into @f and @e. */
static int check_laptop(void)
{
	return ovf_rom_bar_check(path, 0x10de, 0x1c8d, &f, &e);
}

/* An x86 and an EFI image for @vendor:@device, @prefix bytes before, @pad after. */
static void put_rom(const char *name, uint16_t vendor, uint16_t device,
		    size_t prefix, size_t pad)
{
	struct romgen_image im[2];
	size_t len = 8 * K + prefix + pad;
	uint8_t *b = malloc(len);

	ck_assert_ptr_nonnull(b);
	memset(b, 0xff, len);
	romgen_defaults(&im[0], 0, 4 * K);
	romgen_defaults(&im[1], 3, 4 * K);
	if (prefix)
		romgen_prefix(b, prefix, 1, 3);
	ck_assert_uint_eq(romgen_build(im, 2, vendor, device, 1, b + prefix,
				       len - prefix), 8 * K);
	put_bytes(name, b, len);
	free(b);
}

START_TEST(fit_rom)
{

	/* padding after the chain, as a dump of a larger flash has */
	put_rom("a.rom", 0x10de, 0x1c8d, 0, 8 * K);
	ck_assert_int_eq(check_laptop(), 0);
	ck_assert_int_eq(f.fit, OVF_ROM_BAR_FIT);
	ck_assert_uint_eq(f.size, 16 * K);
	ck_assert_uint_eq(f.rom_len, 8 * K);
	ck_assert_uint_eq(f.nimages, 2);
	ck_assert_int_eq(e.err, 0);
}
END_TEST

START_TEST(other_device_names_both)
{

	put_rom("a.rom", 0x10de, 0x1f95, 0, 0);
	ck_assert_int_eq(check_laptop(), -EINVAL);
	ck_assert_int_eq(f.fit, OVF_ROM_BAR_DEVICE);
	ck_assert_uint_eq(f.device, 0x1f95);
	ck_assert_str_eq(e.action, "check");
	ck_assert_str_eq(e.path, path);
	ck_assert_str_eq(e.reason, "the ROM is for device 10de:1f95, the GPU is "
			 "10de:1c8d");
}
END_TEST

START_TEST(other_vendor)
{

	put_rom("a.rom", 0x1002, 0x1c8d, 0, 0);
	ck_assert_int_eq(check_laptop(), -EINVAL);
	ck_assert_int_eq(f.fit, OVF_ROM_BAR_VENDOR);
	ck_assert_str_eq(e.reason, "the ROM is for 1002:1c8d, a device of another "
			 "vendor than the GPU 10de:1c8d");
}
END_TEST

START_TEST(no_ids)
{
	/* vendor 0000 in every image: nothing says which device it is for */
	put_rom("a.rom", 0x0000, 0x0000, 0, 0);
	ck_assert_int_eq(check_laptop(), -EINVAL);
	ck_assert_int_eq(f.fit, OVF_ROM_BAR_NO_ID);
	ck_assert_str_eq(e.reason, "no image of the ROM names a PCI vendor and device");
}
END_TEST

START_TEST(header_before_rom)
{

	put_rom("a.rom", 0x10de, 0x1c8d, 2560, 0);
	ck_assert_int_eq(check_laptop(), -EINVAL);
	ck_assert_int_eq(f.fit, OVF_ROM_BAR_HEADER);
	ck_assert_uint_eq(f.base, 2560);
	ck_assert_ptr_nonnull(strstr(e.reason, "offset 0xa00"));
}
END_TEST

START_TEST(truncated_chain)
{
	struct romgen_image im[2];
	uint8_t b[8 * K];

	romgen_defaults(&im[0], 0, 4 * K);
	romgen_defaults(&im[1], 3, 4 * K);
	ck_assert_uint_eq(romgen_build(im, 2, 0x10de, 0x1c8d, 1, b, sizeof(b)), 8 * K);
	/* the EFI image is cut: the chain never reaches the last-image flag */
	put_bytes("cut.rom", b, 6 * K);
	ck_assert_int_eq(check_laptop(), -EINVAL);
	ck_assert_int_eq(f.fit, OVF_ROM_BAR_BROKEN);
	ck_assert_ptr_nonnull(strstr(e.reason, "image chain does not parse"));
}
END_TEST

START_TEST(no_last_flag)
{
	struct romgen_image im;
	uint8_t b[4 * K + 512];

	/* flagged not last, followed by bytes that are no image */
	memset(b, 0, sizeof(b));
	romgen_defaults(&im, 0, 4 * K);
	im.pcir_last = 0;
	ck_assert_uint_eq(romgen_build(&im, 1, 0x10de, 0x1c8d, 1, b, sizeof(b)), 4 * K);
	put_bytes("a.rom", b, sizeof(b));
	ck_assert_int_eq(check_laptop(), -EINVAL);
	ck_assert_int_eq(f.fit, OVF_ROM_BAR_NO_LAST);
	ck_assert_ptr_nonnull(strstr(e.reason, "no image is flagged last"));
}
END_TEST

START_TEST(first_image_not_55aa)
{
	struct romgen_image im;
	uint8_t b[4 * K];

	romgen_defaults(&im, 0, 4 * K);
	im.signature = 0xbb77;
	ck_assert_uint_eq(romgen_build(&im, 1, 0x10de, 0x1c8d, 1, b, sizeof(b)), 4 * K);
	put_bytes("a.rom", b, sizeof(b));
	ck_assert_int_eq(check_laptop(), -EINVAL);
	ck_assert_int_eq(f.fit, OVF_ROM_BAR_NOT_55AA);
	ck_assert_ptr_nonnull(strstr(e.reason, "starts 77 bb, not 55 aa"));
}
END_TEST

START_TEST(not_a_rom_or_empty)
{

	put_bytes("hello.rom", (const uint8_t *)"hello", 5);
	ck_assert_int_eq(check_laptop(), -EINVAL);
	ck_assert_int_eq(f.fit, OVF_ROM_BAR_NO_ROM);
	put_bytes("empty.rom", (const uint8_t *)"", 0);
	ck_assert_int_eq(check_laptop(), -EINVAL);
	ck_assert_str_eq(e.reason, "empty file, not a ROM");
}
END_TEST

START_TEST(too_big)
{
	int fd;

	put_rom("big.rom", 0x10de, 0x1c8d, 0, 0);
	fd = open(path, O_WRONLY);
	ck_assert_int_ge(fd, 0);
	/* sparse: no 16 MiB written */
	ck_assert_int_eq(ftruncate(fd, OVF_ROM_BAR_MAX + 1), 0);
	close(fd);
	ck_assert_int_eq(check_laptop(), -EINVAL);
	ck_assert_int_eq(f.fit, OVF_ROM_BAR_TOO_BIG);
	ck_assert_ptr_nonnull(strstr(e.reason, "16 MiB a PCI ROM BAR can hold"));
	/* exactly the limit is fine (the chain is in front, 0xff-free zeros after) */
	fd = open(path, O_WRONLY);
	ck_assert_int_eq(ftruncate(fd, OVF_ROM_BAR_MAX), 0);
	close(fd);
	ck_assert_int_eq(check_laptop(), 0);
}
END_TEST

START_TEST(missing_dir_fifo)
{

	snprintf(path, sizeof(path), "%s/missing.rom", tmp);
	ck_assert_int_eq(check_laptop(), -ENOENT);
	ck_assert_int_eq(f.fit, OVF_ROM_BAR_FIT);
	ck_assert_str_eq(e.path, path);
	ck_assert_int_eq(ovf_rom_bar_check(tmp, 0x10de, 0x1c8d, &f, &e), -EISDIR);
	snprintf(path, sizeof(path), "%s/fifo", tmp);
	ck_assert_int_eq(mkfifo(path, 0600), 0);
	/* opened without blocking, refused without reading */
	ck_assert_int_eq(check_laptop(), -EINVAL);
	ck_assert_int_eq(f.fit, OVF_ROM_BAR_FIT);
	ck_assert_str_eq(e.reason, "not a regular file");
}
END_TEST

START_TEST(rom_bar_fitness)
{
	static uint8_t buf[8192];
	static struct ovf_rom_cut c;
	struct ovf_rom_bar b;
	char w[256];
	size_t n;

	memset(buf, 0xff, sizeof(buf));
	n = romgen_pair_2k(buf, sizeof(buf), 0x10de, 0x1c8d, 1);
	ovf_rom_cut(buf, n, &c);
	ck_assert_int_eq(ovf_rom_bar_fit(&c, n, &b), OVF_ROM_BAR_FIT);
	/* 2 KiB is also the smallest BAR */
	ck_assert_uint_eq(b.bar_size, 2048);
	ck_assert_str_eq(ovf_rom_bar_words(&c, &b, w, sizeof(w)), "a 2 KiB BAR");
	/* trailing bytes make the BAR larger (QEMU loads the whole file), not unfit */
	ovf_rom_cut(buf, n + 1, &c);
	ck_assert_int_eq(ovf_rom_bar_fit(&c, n + 1, &b), OVF_ROM_BAR_FIT);
	ck_assert_uint_eq(b.bar_size, 4096);
	/* what the PCI spec's 16 MiB cannot take: the size alone decides */
	ck_assert_int_eq(ovf_rom_bar_fit(&c, OVF_ROM_BAR_MAX, &b), OVF_ROM_BAR_FIT);
	ck_assert_uint_eq(b.bar_size, OVF_ROM_BAR_MAX);
	ck_assert_int_eq(ovf_rom_bar_fit(&c, OVF_ROM_BAR_MAX + 1, &b), OVF_ROM_BAR_TOO_BIG);
	ck_assert_str_eq(ovf_rom_bar_words(&c, &b, w, sizeof(w)),
			 "larger than the 16 MiB a ROM BAR can hold");
	/* no last-image flag */
	ck_assert_uint_eq(romgen_pair_2k(buf, sizeof(buf), 0x10de, 0x1c8d, 0), 0x800);
	ovf_rom_cut(buf, sizeof(buf), &c);
	ck_assert_int_eq(ovf_rom_bar_fit(&c, sizeof(buf), &b), OVF_ROM_BAR_NO_LAST);
	ck_assert_str_eq(ovf_rom_bar_words(&c, &b, w, sizeof(w)),
			 "no image is flagged last (image 1 ends at 0x800 and none follows)");
	/* a header first */
	memset(buf, 0, 512);
	romgen_pair_2k(buf + 512, sizeof(buf) - 512, 0x10de, 0x1c8d, 1);
	ovf_rom_cut(buf, sizeof(buf), &c);
	ck_assert_int_eq(ovf_rom_bar_fit(&c, sizeof(buf), &b), OVF_ROM_BAR_HEADER);
	ck_assert_uint_eq(b.offset, 512);
	ck_assert_str_eq(ovf_rom_bar_words(&c, &b, w, sizeof(w)),
			 "the ROM starts at offset 0x200, after an unknown flash layout");
	/* a checksum off by one in the x86 image */
	n = romgen_pair_2k(buf, sizeof(buf), 0x10de, 0x1c8d, 1);
	buf[100]++;
	ovf_rom_cut(buf, n, &c);
	ck_assert_int_eq(ovf_rom_bar_fit(&c, n, &b), OVF_ROM_BAR_CHECKSUM);
	ck_assert_uint_eq(b.image, 0);
	ck_assert_str_eq(ovf_rom_bar_words(&c, &b, w, sizeof(w)),
			 "image 0 at offset 0x0 has a bad x86 checksum");
	/* nothing, and a cut-short chain */
	ovf_rom_cut(buf, 0, &c);
	ck_assert_int_eq(ovf_rom_bar_fit(&c, 0, &b), OVF_ROM_BAR_NO_ROM);
	buf[100]--;
	ovf_rom_cut(buf, n - 1, &c);
	ck_assert_int_eq(ovf_rom_bar_fit(&c, n - 1, &b), OVF_ROM_BAR_BROKEN);
	/* the parser takes NVIDIA's 77 bb; the BAR wants 55 aa first */
	buf[0] = 0x77;
	buf[1] = 0xbb;
	ovf_rom_cut(buf, n, &c);
	ck_assert_int_eq(c.status, OVF_CUT_OK);
	ck_assert_int_eq(ovf_rom_bar_fit(&c, n, &b), OVF_ROM_BAR_NOT_55AA);
}
END_TEST

/* The @n images of @im for the laptop's GPU, nothing after them, as tmp/@name. */
static void put_chain(const char *name, const struct romgen_image *im, size_t n)
{
	uint8_t b[16 * K];
	size_t len = romgen_build(im, n, 0x10de, 0x1c8d, 1, b, sizeof(b));

	ck_assert_uint_gt(len, 0);
	put_bytes(name, b, len);
}

/* Refused for a guest BIOS, as by vbios-info: an x86 image not summing to 0. */
START_TEST(bad_checksum)
{
	struct romgen_image im[2];

	romgen_defaults(&im[0], 0, 4 * K);
	romgen_defaults(&im[1], 3, 4 * K);
	im[0].bad_checksum = 1;
	put_chain("sum.rom", im, 2);
	ck_assert_int_eq(check_laptop(), -EINVAL);
	ck_assert_int_eq(f.fit, OVF_ROM_BAR_CHECKSUM);
	ck_assert_str_eq(e.reason, "image 0 at offset 0x0 has a bad x86 checksum");
}
END_TEST

/* A chain ended by NVIDIA's 0x70 image, not flagged last, is complete for the parser: fit. */
START_TEST(nv70_ended)
{
	struct romgen_image im[2];

	romgen_defaults(&im[0], 0, 4 * K);
	romgen_defaults(&im[1], 0x70, 1 * K);
	im[1].pcir_last = 0;
	put_chain("nv70.rom", im, 2);
	ck_assert_int_eq(check_laptop(), 0);
	ck_assert_int_eq(f.fit, OVF_ROM_BAR_FIT);
	ck_assert_int_eq(f.nv70_ended, 1);
	ck_assert_uint_eq(f.nimages, 2);
}
END_TEST

static Suite *rombar_suite(void)
{
	Suite *s = suite_create("rombar");
	TCase *tc = tcase_create("check");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, fit_rom);
	tcase_add_test(tc, other_device_names_both);
	tcase_add_test(tc, other_vendor);
	tcase_add_test(tc, no_ids);
	tcase_add_test(tc, header_before_rom);
	tcase_add_test(tc, truncated_chain);
	tcase_add_test(tc, no_last_flag);
	tcase_add_test(tc, first_image_not_55aa);
	tcase_add_test(tc, not_a_rom_or_empty);
	tcase_add_test(tc, too_big);
	tcase_add_test(tc, missing_dir_fifo);
	tcase_add_test(tc, rom_bar_fitness);
	tcase_add_test(tc, bad_checksum);
	tcase_add_test(tc, nv70_ended);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return unit_run(rombar_suite());
}

// SPDX-License-Identifier: GPL-2.0-or-later
/* Unit tests for vbios-extract's sources and picking (src/lib/extract.c). */
#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ovf/err.h"
#include "ovf/extract.h"
#include "ovf/root.h"
#include "unit.h"
#include "../helpers/romgen.h"

UNIT_DEFINE_TMPROOT(tmp, root, setup, teardown)

START_TEST(cut_bare_rom)
{
	static uint8_t buf[4096];
	static struct ovf_rom_cut c;
	char w[160];
	size_t n = romgen_pair_2k(buf, sizeof(buf), 0x10de, 0x1c8d, 1);

	ck_assert_int_eq(ovf_rom_cut(buf, n, &c), 0);
	ck_assert_int_eq(c.status, OVF_CUT_OK);
	ck_assert_uint_eq(c.start, 0);
	ck_assert_uint_eq(c.len, n);
	ck_assert_uint_eq(c.trailing, 0);
	ck_assert_str_eq(ovf_rom_cut_words(&c, w, sizeof(w)), "nothing cut");
}
END_TEST

START_TEST(cut_header_and_padding)
{
	static uint8_t buf[16384];
	static struct ovf_rom_cut c;
	char w[160];
	size_t n;

	memset(buf, 0xff, sizeof(buf));
	unit_sig(buf, "NVGI");
	memset(buf + 4, 0, 0x400 - 4);
	n = romgen_pair_2k(buf + 0x400, sizeof(buf) - 0x400, 0x10de, 0x1c8d, 1);
	ck_assert_int_eq(ovf_rom_cut(buf, 0x400 + n + 512, &c), 0);
	ck_assert_uint_eq(c.start, 0x400);
	ck_assert_int_eq(c.before, OVF_ROM_NVGI);
	ck_assert_uint_eq(c.len, n);
	ck_assert_uint_eq(c.trailing, 512);
	ck_assert_int_eq(c.trailing_fill, 0xff);
	ck_assert_str_eq(ovf_rom_cut_words(&c, w, sizeof(w)),
			 "cut 0x400 bytes before (NVIDIA NVGI header), cut 512 trailing bytes (padding 0xff)");
	/* trailing bytes that differ are data */
	buf[0x400 + n + 7] = 0x12;
	ck_assert_int_eq(ovf_rom_cut(buf, 0x400 + n + 512, &c), 0);
	ck_assert_int_eq(c.trailing_fill, -1);
	ck_assert_str_eq(ovf_rom_cut_words(&c, w, sizeof(w)),
			 "cut 0x400 bytes before (NVIDIA NVGI header), cut 512 trailing bytes (data)");
}
END_TEST

START_TEST(cut_refuses_what_is_no_chain)
{
	static uint8_t buf[8192];
	static struct ovf_rom_cut c;
	size_t n;

	/* nothing at all */
	ck_assert_int_eq(ovf_rom_cut(buf, 0, &c), -ENOENT);
	memset(buf, 0x5a, sizeof(buf));
	ck_assert_int_eq(ovf_rom_cut(buf, sizeof(buf), &c), -ENOENT);
	ck_assert_int_eq(c.status, OVF_CUT_NO_ROM);

	/* no last-image flag, padding after it */
	memset(buf, 0xff, sizeof(buf));
	n = romgen_pair_2k(buf, sizeof(buf), 0x10de, 0x1c8d, 0);
	ck_assert_int_eq(ovf_rom_cut(buf, sizeof(buf), &c), -ENOMSG);
	ck_assert_int_eq(c.status, OVF_CUT_NO_LAST);
	ck_assert_uint_eq(c.end, n);
	ck_assert_uint_eq(c.last_image, 1);
	/* ... or the file ending right after it */
	ck_assert_int_eq(ovf_rom_cut(buf, n, &c), -ENOMSG);
	ck_assert_uint_eq(c.end, n);

	/* cut inside the second image */
	n = romgen_pair_2k(buf, sizeof(buf), 0x10de, 0x1c8d, 1);
	ck_assert_int_eq(ovf_rom_cut(buf, n - 100, &c), -ENODATA);
	ck_assert_int_eq(c.status, OVF_CUT_TRUNCATED);
	ck_assert_uint_eq(c.end, n - 100);
	ck_assert_uint_eq(c.need, n);

	/* a broken PCIR signature in the second image */
	n = romgen_pair_2k(buf, sizeof(buf), 0x10de, 0x1c8d, 1);
	buf[1024 + ROMGEN_PCIR_PTR] = 'X';
	ck_assert_int_eq(ovf_rom_cut(buf, n, &c), -EINVAL);
	ck_assert_int_eq(c.status, OVF_CUT_MALFORMED);
}
END_TEST

/* Three candidates: two NVIDIA SKUs and an Intel GOP. */
static void three(struct ovf_vbios_list *l)
{
	static uint8_t buf[3][4096];
	static const uint16_t dev[3] = { 0x1c8d, 0x1c8c, 0x9a49 };
	size_t i, n;

	for (i = 0; i < 3; i++) {
		n = romgen_pair_2k(buf[i], sizeof(buf[i]), i == 2 ? 0x8086 : 0x10de,
			     dev[i], 1);
		ck_assert_int_eq(ovf_vbios_list_add(l, buf[i], n, OVF_VBIOS_NVIDIA,
						    "w", 0), 0);
	}
}

START_TEST(pick_rules)
{
	struct ovf_vbios_list l = { 0 };
	long idx;

	ck_assert_int_eq(ovf_vbios_pick(&l, 0, 0, 0, 0, &idx), OVF_PICK_NONE);
	ck_assert_int_eq(idx, -1);
	three(&l);
	/* two NVIDIA ROMs, no target: the user picks */
	ck_assert_int_eq(ovf_vbios_pick(&l, 0, 0, 0, 0, &idx), OVF_PICK_SEVERAL);
	ck_assert_int_eq(idx, -1);
	/* the target GPU's IDs decide */
	ck_assert_int_eq(ovf_vbios_pick(&l, 0, 0, 0x10de, 0x1c8c, &idx), OVF_PICK_TARGET);
	ck_assert_int_eq(idx, 1);
	/* a target no candidate fits leaves the choice open */
	ck_assert_int_eq(ovf_vbios_pick(&l, 0, 0, 0x10de, 0x25a0, &idx), OVF_PICK_SEVERAL);
	/* --device-id, with and without vendor; the GOP only when asked */
	ck_assert_int_eq(ovf_vbios_pick(&l, 0, 0x1c8d, 0x10de, 0x1c8c, &idx), OVF_PICK_DEVICE_ID);
	ck_assert_int_eq(idx, 0);
	ck_assert_int_eq(ovf_vbios_pick(&l, 0x8086, 0x9a49, 0, 0, &idx), OVF_PICK_DEVICE_ID);
	ck_assert_int_eq(idx, 2);
	ck_assert_int_eq(ovf_vbios_pick(&l, 0x10de, 0x9a49, 0, 0, &idx), OVF_PICK_NO_SUCH_ID);
	ck_assert_int_eq(ovf_vbios_pick(&l, 0, 0x1234, 0, 0, &idx), OVF_PICK_NO_SUCH_ID);
	ovf_vbios_list_free(&l);
}
END_TEST

START_TEST(pick_one_nvidia_beside_a_gop)
{
	static uint8_t a[4096], b[4096];
	struct ovf_vbios_list l = { 0 };
	size_t n;
	long idx;

	n = romgen_pair_2k(a, sizeof(a), 0x8086, 0x9a49, 1);
	ck_assert_int_eq(ovf_vbios_list_add(&l, a, n, OVF_VBIOS_NVIDIA, "w", 0), 0);
	ck_assert_int_eq(ovf_vbios_pick(&l, 0, 0, 0, 0, &idx), OVF_PICK_NONE);
	n = romgen_pair_2k(b, sizeof(b), 0x10de, 0x1c8d, 1);
	ck_assert_int_eq(ovf_vbios_list_add(&l, b, n, OVF_VBIOS_NVIDIA, "w", 0), 0);
	ck_assert_int_eq(ovf_vbios_pick(&l, 0, 0, 0, 0, &idx), OVF_PICK_ONE);
	ck_assert_int_eq(idx, 1);
	/* a target it does not fit: still the only one (the IDs check says so) */
	ck_assert_int_eq(ovf_vbios_pick(&l, 0, 0, 0x10de, 0x1111, &idx), OVF_PICK_ONE);
	ovf_vbios_list_free(&l);
}
END_TEST

START_TEST(device_id_syntax)
{
	uint16_t v, d;

	ck_assert_int_eq(ovf_device_id_parse("1c8d", &v, &d), 0);
	ck_assert_uint_eq(v, 0);
	ck_assert_uint_eq(d, 0x1c8d);
	ck_assert_int_eq(ovf_device_id_parse("10DE:1C8D", &v, &d), 0);
	ck_assert_uint_eq(v, 0x10de);
	ck_assert_uint_eq(d, 0x1c8d);
	ck_assert_int_eq(ovf_device_id_parse("1c8", &v, &d), -EINVAL);
	ck_assert_int_eq(ovf_device_id_parse("1c8dd", &v, &d), -EINVAL);
	ck_assert_int_eq(ovf_device_id_parse("0x1c8d", &v, &d), -EINVAL);
	ck_assert_int_eq(ovf_device_id_parse("10de-1c8d", &v, &d), -EINVAL);
	ck_assert_int_eq(ovf_device_id_parse("0000:1c8d", &v, &d), -EINVAL);
	ck_assert_int_eq(ovf_device_id_parse("g0de:1c8d", &v, &d), -EINVAL);
	ck_assert_int_eq(ovf_device_id_parse("", &v, &d), -EINVAL);
}
END_TEST

#define DEV "sys/bus/pci/devices/0000:01:00.0"

/*
 * A regular file stands in for `rom` and records the order: what was
 * written last stays in its first two bytes, and the read sees the enable.
 */
START_TEST(rombar_enables_reads_disables)
{
	struct ovf_err e;
	uint8_t *buf;
	size_t len;
	char got[8] = "";
	FILE *f;

	unit_put(tmp, DEV "/rom", "xxROM BYTES");
	ck_assert_int_eq(ovf_rombar_read(&root, "0000:01:00.0", 1 << 20, &buf,
					 &len, &e), 0);
	ck_assert_uint_eq(len, 11);
	ck_assert_mem_eq(buf, "1\nROM BYTES", 11);
	free(buf);
	f = fopen(strcat(strcpy((char[4300]){ 0 }, tmp), "/" DEV "/rom"), "r");
	ck_assert_ptr_nonnull(f);
	ck_assert_ptr_nonnull(fgets(got, 3, f));
	fclose(f);
	ck_assert_str_eq(got, "0\n");
}
END_TEST

START_TEST(rombar_errors)
{
	struct ovf_err e;
	uint8_t *buf = (uint8_t *)"x";
	size_t len = 7;
	char want[4300];

	/* no rom attribute: the enable fails, nothing read */
	unit_put(tmp, DEV "/vendor", "0x10de\n");
	ck_assert_int_eq(ovf_rombar_read(&root, "0000:01:00.0", 1 << 20, &buf,
					 &len, &e), -ENOENT);
	ck_assert_ptr_null(buf);
	ck_assert_uint_eq(len, 0);
	ck_assert_str_eq(e.action, "enable");
	snprintf(want, sizeof(want), "%s/" DEV "/rom", tmp);
	ck_assert_str_eq(e.path, want);
}
END_TEST

static void nouveau_tree(const char *drv)
{
	char target[128];

	unit_put(tmp, DEV "/vendor", "0x10de\n");
	snprintf(target, sizeof(target), "../../../../bus/pci/drivers/%s", drv);
	unit_symlink(tmp, target, DEV "/driver");
	unit_symlink(tmp, "../../devices/pci0000:00/0000:00:02.0", "sys/class/drm/card0/device");
	unit_symlink(tmp, "../../devices/pci0000:00/0000:00:01.0/0000:01:00.0",
		     "sys/class/drm/card1/device");
	unit_symlink(tmp, "../../devices/pci0000:00/0000:00:01.0/0000:01:00.0",
		     "sys/class/drm/card1-eDP-1/device");
	unit_put(tmp, "sys/kernel/debug/dri/0/vbios.rom", "IGPU");
	unit_put(tmp, "sys/kernel/debug/dri/1/vbios.rom", "DGPU ROM");
}

START_TEST(debugfs_finds_the_gpus_card)
{
	char path[4300], want[4300];
	struct ovf_err e;
	uint8_t *buf;
	size_t len;

	nouveau_tree("nouveau");
	ck_assert_int_eq(ovf_debugfs_read(&root, "0000:01:00.0", 1 << 20, &buf,
					  &len, path, sizeof(path), &e), 0);
	ck_assert_uint_eq(len, 8);
	ck_assert_mem_eq(buf, "DGPU ROM", 8);
	free(buf);
	snprintf(want, sizeof(want), "%s/sys/kernel/debug/dri/1/vbios.rom", tmp);
	ck_assert_str_eq(path, want);
}
END_TEST

START_TEST(debugfs_errors)
{
	char path[4300];
	struct ovf_err e;
	uint8_t *buf;
	size_t len;

	/* no driver */
	unit_put(tmp, DEV "/vendor", "0x10de\n");
	ck_assert_int_eq(ovf_debugfs_read(&root, "0000:01:00.0", 1 << 20, &buf,
					  &len, path, sizeof(path), &e), -ENXIO);
	ck_assert_str_eq(e.reason, "no driver is bound to 0000:01:00.0, nouveau's copy needs nouveau");
	/* another driver */
	unit_symlink(tmp, "../../../../bus/pci/drivers/nvidia", DEV "/driver");
	ck_assert_int_eq(ovf_debugfs_read(&root, "0000:01:00.0", 1 << 20, &buf,
					  &len, path, sizeof(path), &e), -ENXIO);
	ck_assert_str_eq(e.reason, "0000:01:00.0 is driven by nvidia, not nouveau");
	unit_sh(tmp, "rm " DEV "/driver");
	unit_symlink(tmp, "../../../../bus/pci/drivers/nouveau", DEV "/driver");
	/* debugfs not mounted */
	ck_assert_int_eq(ovf_debugfs_read(&root, "0000:01:00.0", 1 << 20, &buf,
					  &len, path, sizeof(path), &e), -ENOENT);
	ck_assert_str_eq(e.reason, "no such directory: debugfs is not mounted");
	/* no card for the GPU */
	unit_put(tmp, "sys/kernel/debug/dri/0/vbios.rom", "IGPU");
	unit_symlink(tmp, "../../devices/pci0000:00/0000:00:02.0", "sys/class/drm/card0/device");
	ck_assert_int_eq(ovf_debugfs_read(&root, "0000:01:00.0", 1 << 20, &buf,
					  &len, path, sizeof(path), &e), -ENOENT);
	ck_assert_str_eq(e.reason, "no DRM card's device is 0000:01:00.0");
	/* the card, but no vbios.rom (an old nouveau, another DRM driver's dir) */
	unit_symlink(tmp, "../../devices/pci0000:00/0000:00:01.0/0000:01:00.0",
		     "sys/class/drm/card1/device");
	ck_assert_int_eq(ovf_debugfs_read(&root, "0000:01:00.0", 1 << 20, &buf,
					  &len, path, sizeof(path), &e), -ENOENT);
	ck_assert_str_eq(e.action, "open");
	/* empty */
	unit_put(tmp, "sys/kernel/debug/dri/1/vbios.rom", "");
	ck_assert_int_eq(ovf_debugfs_read(&root, "0000:01:00.0", 1 << 20, &buf,
					  &len, path, sizeof(path), &e), -ENODATA);
}
END_TEST

static Suite *extract_suite(void)
{
	Suite *s = suite_create("extract");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, cut_bare_rom);
	tcase_add_test(tc, cut_header_and_padding);
	tcase_add_test(tc, cut_refuses_what_is_no_chain);
	tcase_add_test(tc, pick_rules);
	tcase_add_test(tc, pick_one_nvidia_beside_a_gop);
	tcase_add_test(tc, device_id_syntax);
	tcase_add_test(tc, rombar_enables_reads_disables);
	tcase_add_test(tc, rombar_errors);
	tcase_add_test(tc, debugfs_finds_the_gpus_card);
	tcase_add_test(tc, debugfs_errors);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return unit_run(extract_suite());
}

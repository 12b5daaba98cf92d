// SPDX-License-Identifier: GPL-2.0-or-later
/* Unit tests for driver_override helpers and module state/order. */
#include <errno.h>

#include "ovf/kmod.h"
#include "ovf/override.h"
#include "unit.h"

static char *tmp;
static struct ovf_root root;

static void setup(void)
{
	tmp = unit_mkdtemp();
	ck_assert_int_eq(ovf_root_open(&root, tmp), 0);
}

static void teardown(void)
{
	ovf_root_close(&root);
	unit_rmtree(tmp);
	free(tmp);
}

START_TEST(driver_names)
{
	ck_assert(ovf_driver_name_valid("vfio-pci"));
	ck_assert(ovf_driver_name_valid("snd_hda_intel"));
	ck_assert(ovf_driver_name_valid("none"));
	ck_assert(!ovf_driver_name_valid(""));
	ck_assert(!ovf_driver_name_valid("a b"));
	ck_assert(!ovf_driver_name_valid("../x"));
	ck_assert(!ovf_driver_name_valid("x\n"));
	ck_assert(!ovf_driver_name_valid(NULL));
}
END_TEST

START_TEST(override_null_and_empty)
{
	char buf[64];

	unit_put(tmp, "sys/bus/pci/devices/0000:01:00.1/driver_override", "(null)\n");
	ck_assert_int_eq(ovf_override_get(&root, "0000:01:00.1", buf, sizeof(buf)), 0);
	ck_assert_str_eq(buf, "");
	unit_put(tmp, "sys/bus/pci/devices/0000:01:00.1/driver_override", "\n");
	ck_assert_int_eq(ovf_override_get(&root, "0000:01:00.1", buf, sizeof(buf)), 0);
	ck_assert_str_eq(buf, "");
	unit_put(tmp, "sys/bus/pci/devices/0000:01:00.1/driver_override", "none\n");
	ck_assert_int_eq(ovf_override_get(&root, "0000:01:00.1", buf, sizeof(buf)), 0);
	ck_assert_str_eq(buf, "none");
	ck_assert_int_eq(ovf_override_get(&root, "0000:02:00.0", buf, sizeof(buf)),
			 -ENODEV);
	ck_assert_int_eq(ovf_pci_bound_driver(&root, "0000:01:00.1", buf, sizeof(buf)),
			 0);
	ck_assert_str_eq(buf, "");
}
END_TEST

START_TEST(mod_state_and_order)
{
	char names[3][OVF_MODNAME_MAX] = { "a", "b", "c" };
	struct ovf_mod_state st;
	char path[4200];

	/* c holds b, b holds a: removal order c, b, a */
	unit_put(tmp, "sys/module/a/refcnt", "1\n");
	unit_put(tmp, "sys/module/b/refcnt", "1\n");
	unit_put(tmp, "sys/module/c/refcnt", "0\n");
	snprintf(path, sizeof(path), "%s/sys/module/a/holders", tmp);
	ck_assert_int_eq(mkdir(path, 0755), 0);
	snprintf(path, sizeof(path), "%s/sys/module/a/holders/b", tmp);
	ck_assert_int_eq(symlink("../../b", path), 0);
	snprintf(path, sizeof(path), "%s/sys/module/b/holders", tmp);
	ck_assert_int_eq(mkdir(path, 0755), 0);
	snprintf(path, sizeof(path), "%s/sys/module/b/holders/c", tmp);
	ck_assert_int_eq(symlink("../../c", path), 0);
	ck_assert_int_eq(ovf_mod_state(&root, "a", &st), 0);
	ck_assert(st.loaded);
	ck_assert_int_eq(st.refcnt, 1);
	ck_assert_int_eq(st.nholders, 1);
	ck_assert_str_eq(st.holders[0], "b");
	ck_assert_int_eq(ovf_mod_unload_order(&root, names, 3, NULL, 0), 0);
	ck_assert_str_eq(names[0], "c");
	ck_assert_str_eq(names[1], "b");
	ck_assert_str_eq(names[2], "a");
	ck_assert_int_eq(ovf_mod_state(&root, "zz", &st), 0);
	ck_assert(!st.loaded);
	ck_assert_int_eq(ovf_mod_state(&root, "../x", &st), -EINVAL);
}
END_TEST

START_TEST(mod_name_norm)
{
	char out[OVF_MODNAME_MAX];

	ck_assert_int_eq(ovf_mod_name_norm("nvidia-drm", out, sizeof(out)), 0);
	ck_assert_str_eq(out, "nvidia_drm");
	ck_assert_int_eq(ovf_mod_name_norm("a/b", out, sizeof(out)), -EINVAL);
}
END_TEST

START_TEST(udev_rule_text)
{
	char buf[512];

	ck_assert_int_eq(ovf_udev_rule("0000:01:00.1", "none", "/sbin/pci-override",
				       buf, sizeof(buf)), 0);
	ck_assert_str_eq(buf, "ACTION==\"add\", SUBSYSTEM==\"pci\", "
			 "KERNEL==\"0000:01:00.1\", ATTR{driver_override}=\"none\", "
			 "RUN+=\"/sbin/pci-override --set none 0000:01:00.1\"");
	ck_assert_int_eq(ovf_udev_rule("0000:01:00.1", "a\"b", "/x", buf,
				       sizeof(buf)), -EINVAL);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("override");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, driver_names);
	tcase_add_test(tc, override_null_and_empty);
	tcase_add_test(tc, mod_state_and_order);
	tcase_add_test(tc, mod_name_norm);
	tcase_add_test(tc, udev_rule_text);
	suite_add_tcase(s, tc);
	return unit_run(s);
}

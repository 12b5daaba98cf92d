// SPDX-License-Identifier: GPL-2.0-or-later
/* Unit tests for the driver_override helpers (src/lib/override.c). */
#include <errno.h>

#include "ovf/err.h"
#include "ovf/override.h"
#include "unit.h"

UNIT_DEFINE_TMPROOT(tmp, root, setup, teardown)

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

/* A device bound to snd_hda_intel, with vfio-pci registered, as files. */
static void audio_tree(int with_unbind)
{
	char path[4200];

	unit_put(tmp, "sys/bus/pci/devices/0000:01:00.1/driver_override", "(null)\n");
	unit_put(tmp, "sys/bus/pci/drivers/vfio-pci/bind", "");
	unit_put(tmp, "sys/bus/pci/drivers/snd_hda_intel/bind", "");
	if (with_unbind)
		unit_put(tmp, "sys/bus/pci/drivers/snd_hda_intel/unbind", "");
	unit_put(tmp, "sys/bus/pci/drivers_probe", "");
	snprintf(path, sizeof(path), "%s/sys/bus/pci/devices/0000:01:00.1/driver",
		 tmp);
	ck_assert_int_eq(symlink("../../drivers/snd_hda_intel", path), 0);
}

static const char *shown(const char *rel)
{
	static char buf[4200];

	snprintf(buf, sizeof(buf), "%s/%s", tmp, rel);
	return buf;
}

/* @e records @err on @action of @rel under the fixture, as the user sees it. */
static void assert_err(const struct ovf_err *e, int err, const char *action,
		       const char *rel)
{
	ck_assert_int_eq(e->err, err);
	ck_assert_str_eq(e->action, action);
	ck_assert_str_eq(e->path, shown(rel));
}

/* Each way ovf_override_set() fails says what it did, where, and how far. */
START_TEST(override_set_errors)
{
	struct ovf_writer w = { .root = &root };
	struct ovf_override_result res;
	struct ovf_err e;

	/* no such device: nothing done yet */
	ck_assert_int_eq(ovf_override_set(&w, "0000:02:00.0", "vfio-pci", &res, &e),
			 -ENODEV);
	assert_err(&e, ENODEV, "read", "sys/bus/pci/devices/0000:02:00.0");
	ck_assert(!res.halfway);

	audio_tree(0);
	/* a driver no module registered */
	ck_assert_int_eq(ovf_override_set(&w, "0000:01:00.1", "nouveau", &res, &e),
			 -ENXIO);
	assert_err(&e, ENXIO, "check", "sys/bus/pci/drivers/nouveau");
	ck_assert_str_eq(e.reason, "no such driver is registered");
	ck_assert(!res.halfway);
	ck_assert_int_eq(w.writes, 0);

	/* driver_override written, then the unbind fails: half-way */
	ck_assert_int_eq(ovf_override_set(&w, "0000:01:00.1", "vfio-pci", &res, &e),
			 -ENOENT);
	assert_err(&e, ENOENT, "write",
		   "sys/bus/pci/drivers/snd_hda_intel/unbind");
	ck_assert_str_eq(e.reason, "");
	ck_assert_str_eq(res.before, "snd_hda_intel");
	ck_assert(res.halfway);
	ck_assert_int_eq(w.writes, 1);
}
END_TEST

/* Every write lands (they are plain files) but the link stays: -EPROTO. */
START_TEST(override_set_verify)
{
	struct ovf_writer w = { .root = &root };
	struct ovf_override_result res;
	struct ovf_err e;
	char buf[64];

	audio_tree(1);
	ck_assert_int_eq(ovf_override_set(&w, "0000:01:00.1", "vfio-pci", &res, &e),
			 -EPROTO);
	assert_err(&e, EPROTO, "verify",
		   "sys/bus/pci/devices/0000:01:00.1/driver");
	ck_assert_str_eq(e.reason, "bound to snd_hda_intel, expected vfio-pci");
	ck_assert_str_eq(res.after, "snd_hda_intel");
	ck_assert(res.halfway);
	ck_assert_int_eq(w.writes, 3);
	ck_assert_int_gt(ovf_read_str(&root, "sys/bus/pci/drivers_probe", buf,
				      sizeof(buf)), 0);
	ck_assert_str_eq(buf, "0000:01:00.1");

	/* a dry run stops before the verification */
	w.dry_run = 1;
	ck_assert_int_eq(ovf_override_set(&w, "0000:01:00.1", "none", &res, &e), 0);
}
END_TEST

START_TEST(override_clear_restore_errors)
{
	struct ovf_writer w = { .root = &root };
	struct ovf_override_result res, done = { .before = "snd_hda_intel" };
	struct ovf_err e;

	ck_assert_int_eq(ovf_override_clear(&w, "0000:02:00.0", &res, &e), -ENODEV);
	assert_err(&e, ENODEV, "read",
		   "sys/bus/pci/devices/0000:02:00.0/driver_override");
	ck_assert(!res.halfway);

	/* restore writes driver_override back, then cannot unbind the new one */
	audio_tree(0);
	unit_put(tmp, "sys/bus/pci/devices/0000:01:00.1/driver_override",
		 "vfio-pci\n");
	ck_assert_int_eq(unlink(shown("sys/bus/pci/devices/0000:01:00.1/driver")), 0);
	ck_assert_int_eq(symlink("../../drivers/vfio-pci",
				 shown("sys/bus/pci/devices/0000:01:00.1/driver")), 0);
	ck_assert_int_eq(ovf_override_restore(&w, "0000:01:00.1", &done, &res, &e),
			 -ENOENT);
	assert_err(&e, ENOENT, "write", "sys/bus/pci/drivers/vfio-pci/unbind");
	ck_assert(res.halfway);
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
	tcase_add_test(tc, override_set_errors);
	tcase_add_test(tc, override_set_verify);
	tcase_add_test(tc, override_clear_restore_errors);
	tcase_add_test(tc, udev_rule_text);
	suite_add_tcase(s, tc);
	return unit_run(s);
}

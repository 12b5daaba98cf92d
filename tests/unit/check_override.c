// SPDX-License-Identifier: GPL-2.0-or-later
/* Unit tests for driver_override helpers and the config parser. */
#include <errno.h>

#include "ovf/config.h"
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

struct seen {
	char text[512];
	int n;
};

static int cb(void *arg, const char *key, const char *value, unsigned int line)
{
	struct seen *s = arg;
	size_t l = strlen(s->text);

	snprintf(s->text + l, sizeof(s->text) - l, "%u:%s=%s;", line, key, value);
	if (!strcmp(key, "stop"))
		return -ENOENT;
	s->n++;
	return 0;
}

START_TEST(config_parse)
{
	struct seen s = { "", 0 };
	unsigned int line = 0;

	ck_assert_int_eq(ovf_config_parse("# c\n\n a = b c \nempty=\n\tx-1 =\t2\r\n",
					  cb, &s, &line), 0);
	ck_assert_str_eq(s.text, "3:a=b c;4:empty=;5:x-1=2;");
	ck_assert_int_eq(ovf_config_parse("a = 1\nnot a setting\n", cb, &s, &line),
			 -EBADMSG);
	ck_assert_uint_eq(line, 2);
	ck_assert_int_eq(ovf_config_parse("= 1\n", cb, &s, &line), -EBADMSG);
	ck_assert_int_eq(ovf_config_parse("Key = 1\n", cb, &s, &line), -EBADMSG);
	ck_assert_int_eq(ovf_config_parse("a=1\nstop = now\n", cb, &s, &line),
			 -ENOENT);
	ck_assert_uint_eq(line, 2);
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
	tcase_add_test(tc, config_parse);
	tcase_add_test(tc, udev_rule_text);
	suite_add_tcase(s, tc);
	return unit_run(s);
}

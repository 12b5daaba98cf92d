// SPDX-License-Identifier: GPL-2.0-or-later
/* Unit tests for the "key = value" configuration parser (src/lib/config.c). */
#include <errno.h>

#include "ovf/config.h"
#include "unit.h"

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

int main(void)
{
	Suite *s = suite_create("config");
	TCase *tc = tcase_create("config");

	tcase_add_test(tc, config_parse);
	suite_add_tcase(s, tc);
	return unit_run(s);
}

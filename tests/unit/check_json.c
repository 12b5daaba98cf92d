// SPDX-License-Identifier: GPL-2.0-or-later
/* Unit tests for the JSON string escaper: escapes, UTF-8 validation, truncation, the error object. */
#include <errno.h>

#include "ovf/json.h"
#include "unit.h"

/* Escape @in and compare with @want; also check the returned length. */
static void esc_is(const char *in, const char *want)
{
	char buf[256];
	size_t n = ovf_json_escape(buf, sizeof(buf), in);

	ck_assert_msg(!strcmp(buf, want), "'%s' escaped to '%s', expected '%s'", in,
		      buf, want);
	ck_assert_uint_eq(n, strlen(want));
}

START_TEST(json_escapes)
{
	esc_is("", "");
	esc_is("plain /sys/bus", "plain /sys/bus");
	esc_is("q\"b\\s", "q\\\"b\\\\s");
	esc_is("\b\f\n\r\t", "\\b\\f\\n\\r\\t");
	esc_is("\x01\x1f\x7f", "\\u0001\\u001f\\u007f");
	/* valid UTF-8 stays as it is: 2, 3 and 4 bytes, the edges */
	esc_is("caf\xc3\xa9", "caf\xc3\xa9");
	esc_is("\xe2\x82\xac \xef\xbf\xbf", "\xe2\x82\xac \xef\xbf\xbf");
	esc_is("\xf0\x9f\x98\x80\xf4\x8f\xbf\xbf", "\xf0\x9f\x98\x80\xf4\x8f\xbf\xbf");
	esc_is("\xc2\x80\xed\x9f\xbf\xee\x80\x80", "\xc2\x80\xed\x9f\xbf\xee\x80\x80");
}
END_TEST

START_TEST(json_invalid_utf8)
{
	/* one U+FFFD per byte that does not belong to a valid sequence */
	esc_is("a\xff" "b", "a\\ufffdb");
	esc_is("\x80\xbf", "\\ufffd\\ufffd");		/* stray continuations */
	esc_is("\xc0\xaf", "\\ufffd\\ufffd");		/* overlong '/' */
	esc_is("\xc1\xbf", "\\ufffd\\ufffd");
	esc_is("\xe0\x80\xaf", "\\ufffd\\ufffd\\ufffd");	/* overlong 3-byte */
	esc_is("\xf0\x80\x80\xaf", "\\ufffd\\ufffd\\ufffd\\ufffd");
	esc_is("\xed\xa0\x80", "\\ufffd\\ufffd\\ufffd");	/* surrogate D800 */
	esc_is("\xf4\x90\x80\x80", "\\ufffd\\ufffd\\ufffd\\ufffd");	/* > 10FFFF */
	esc_is("\xf5\xf8\xfe", "\\ufffd\\ufffd\\ufffd");
	/* a truncated sequence, at the end and before ASCII */
	esc_is("x\xe2\x82", "x\\ufffd\\ufffd");
	esc_is("\xc3(", "\\ufffd(");
	esc_is("\xf0\x9f\x98" "\"", "\\ufffd\\ufffd\\ufffd\\\"");
}
END_TEST

START_TEST(json_truncates_like_snprintf)
{
	char buf[5];

	memset(buf, 'X', sizeof(buf));
	ck_assert_uint_eq(ovf_json_escape(buf, sizeof(buf), "ab\"cd"), 6);
	ck_assert_str_eq(buf, "ab\\\"");
	ck_assert_uint_eq(ovf_json_escape(buf, 0, "abc"), 3);
	ck_assert_uint_eq(ovf_json_escape(buf, 1, "abc"), 3);
	ck_assert_str_eq(buf, "");
}
END_TEST

/* What @fn wrote to a memory stream. */
static char *written(int (*fn)(FILE *, const char *, const char *), const char *a,
		     const char *b, int *rc)
{
	char *out = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);

	ck_assert_ptr_nonnull(f);
	*rc = fn(f, a, b);
	fclose(f);
	return out;
}

static int str_adapter(FILE *f, const char *s, const char *unused)
{
	(void)unused;
	return ovf_json_str(f, s);
}

START_TEST(json_str_and_error)
{
	char *out, big[5000];
	int rc;

	out = written(str_adapter, "a\xff\n", NULL, &rc);
	ck_assert_int_eq(rc, 0);
	ck_assert_str_eq(out, "\"a\\ufffd\\n\"");
	free(out);
	/* longer than the escaper's stack buffer */
	memset(big, '"', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	out = written(str_adapter, big, NULL, &rc);
	ck_assert_int_eq(rc, 0);
	ck_assert_uint_eq(strlen(out), 2 * (sizeof(big) - 1) + 2);
	free(out);
	out = written(ovf_json_error, "read /x: No such file", "/x\xfe", &rc);
	ck_assert_int_eq(rc, 0);
	ck_assert_str_eq(out, "{\"message\":\"read /x: No such file\",\"path\":\"/x\\ufffd\"}");
	free(out);
	out = written(ovf_json_error, "bad", NULL, &rc);
	ck_assert_str_eq(out, "{\"message\":\"bad\"}");
	free(out);
	out = written(ovf_json_error, "bad", "", &rc);
	ck_assert_str_eq(out, "{\"message\":\"bad\"}");
	free(out);
}
END_TEST

static Suite *json_suite(void)
{
	Suite *s = suite_create("json");
	TCase *tc = tcase_create("escape");

	tcase_add_test(tc, json_escapes);
	tcase_add_test(tc, json_invalid_utf8);
	tcase_add_test(tc, json_truncates_like_snprintf);
	tcase_add_test(tc, json_str_and_error);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return unit_run(json_suite());
}

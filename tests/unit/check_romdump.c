// SPDX-License-Identifier: GPL-2.0-or-later
/* Unit tests for the _ROM request strategy (ovf_romdump_*): chunk learning, refusals, short replies. */
#include "ovf/romdump.h"
#include "unit.h"

static struct ovf_romdump s;

static void setup(void)
{
	ovf_romdump_init(&s, 4096);
}

START_TEST(next_stays_in_page_and_target)
{
	size_t want, arg1;

	ovf_romdump_next(&s, 0, 2, &want, &arg1);
	ck_assert_uint_eq(want, 2);
	ck_assert_uint_eq(arg1, 2);
	ovf_romdump_next(&s, 100, 1 << 20, &want, &arg1);
	ck_assert_uint_eq(want, 4096 - 100);
	s.chunk = 42;
	ovf_romdump_next(&s, 4096 - 22, 1 << 20, &want, &arg1);
	ck_assert_uint_eq(want, 22);
	ovf_romdump_next(&s, 8192, 1 << 20, &want, &arg1);
	ck_assert_uint_eq(want, 42);
	ck_assert_uint_eq(arg1, 42);
}
END_TEST

START_TEST(cut_reply_sets_chunk)
{
	int ended = 1;

	/* asked 4096, acpi_call printed 42 values and a trailing "," */
	ck_assert_uint_eq(ovf_romdump_reply(&s, 4096, 42, 1, &ended), 42);
	ck_assert_uint_eq(s.chunk, 42);
	ck_assert_int_eq(ended, 0);
}
END_TEST

/* The bug: 22 asked at a page's end, 4096 returned and cut to 42 values. */
START_TEST(longer_reply_keeps_chunk)
{
	int ended = 1;

	s.chunk = 42;
	ck_assert_uint_eq(ovf_romdump_reply(&s, 22, 42, 1, &ended), 22);
	ck_assert_uint_eq(s.chunk, 42);
	ck_assert_int_eq(ended, 0);
	/* whole (not cut) and longer than asked: the bytes asked, chunk kept */
	ck_assert_uint_eq(ovf_romdump_reply(&s, 2, 8192, 0, &ended), 2);
	ck_assert_uint_eq(s.chunk, 42);
	ck_assert_int_eq(ended, 0);
}
END_TEST

START_TEST(short_reply_ends)
{
	int ended = 0;

	s.chunk = 42;
	/* Buffer (1) { 0 } past the firmware's copy */
	ck_assert_uint_eq(ovf_romdump_reply(&s, 42, 1, 0, &ended), 1);
	ck_assert_int_eq(ended, 1);
	ck_assert_uint_eq(ovf_romdump_reply(&s, 42, 0, 0, &ended), 0);
	ck_assert_int_eq(ended, 1);
	ck_assert_uint_eq(s.chunk, 42);
}
END_TEST

/* A method that refuses Arg1 < 1024: the page-long retry is learnt. */
START_TEST(refusal_grows_then_learns)
{
	size_t want, arg1;
	int ended;

	ck_assert_int_eq(ovf_romdump_refused(&s, 2, 2, 0, &want, &arg1), 1);
	ck_assert_uint_eq(arg1, 4096);
	ck_assert_uint_eq(want, 2);
	/* the retry works: 8 KiB, cut to 42 */
	ck_assert_uint_eq(ovf_romdump_reply(&s, want, 42, 1, &ended), 2);
	ck_assert_uint_eq(s.min_len, 4096);
	ck_assert_uint_eq(s.chunk, 42);
	ovf_romdump_next(&s, 2, 1 << 20, &want, &arg1);
	ck_assert_uint_eq(want, 42);
	ck_assert_uint_eq(arg1, 4096);
	/* with the minimum learnt, a refusal has no shorter shape to try */
	ck_assert_int_eq(ovf_romdump_refused(&s, 42, 4096, 0, &want, &arg1), 0);
}
END_TEST

/* A window ending inside the request: the page retry, then halves. */
START_TEST(refusal_halves)
{
	size_t want, arg1;
	unsigned int i;
	static const size_t halves[] = { 21, 10, 5, 2, 1 };
	int ended;

	ck_assert_int_eq(ovf_romdump_refused(&s, 42, 42, 0, &want, &arg1), 1);
	ck_assert_uint_eq(arg1, 4096);
	for (i = 0; i < 5; i++) {
		ck_assert_int_eq(ovf_romdump_refused(&s, 42, 42, i + 1, &want, &arg1), 1);
		ck_assert_uint_eq(arg1, halves[i]);
		ck_assert_uint_eq(want, halves[i]);
	}
	ck_assert_int_eq(ovf_romdump_refused(&s, 42, 42, 6, &want, &arg1), 0);
	/* a halved retry that works is not learnt as a minimum */
	ovf_romdump_refused(&s, 42, 42, 1, &want, &arg1);
	ovf_romdump_reply(&s, want, 21, 0, &ended);
	ck_assert_uint_eq(s.min_len, 0);
}
END_TEST

START_TEST(refusal_of_a_page_request)
{
	size_t want, arg1;

	/* asked a whole page: no page retry, halves straight away */
	ck_assert_int_eq(ovf_romdump_refused(&s, 4096, 4096, 0, &want, &arg1), 1);
	ck_assert_uint_eq(arg1, 2048);
	ck_assert_uint_eq(want, 2048);
}
END_TEST

START_TEST(limit_errors)
{
	ck_assert_int_eq(ovf_romdump_is_limit("AE_AML_BUFFER_LIMIT"), 1);
	ck_assert_int_eq(ovf_romdump_is_limit("AE_AML_REGION_LIMIT"), 1);
	ck_assert_int_eq(ovf_romdump_is_limit("AE_AML_PACKAGE_LIMIT"), 1);
	ck_assert_int_eq(ovf_romdump_is_limit("AE_AML_LOOP_TIMEOUT"), 0);
	ck_assert_int_eq(ovf_romdump_is_limit("AE_NOT_FOUND"), 0);
	ck_assert_int_eq(ovf_romdump_is_limit("AE_AML_LIMIT"), 0);
	ck_assert_int_eq(ovf_romdump_is_limit("AE_LIMIT"), 0);
	ck_assert_int_eq(ovf_romdump_is_limit(""), 0);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("romdump");
	TCase *tc = tcase_create("strategy");

	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_add_test(tc, next_stays_in_page_and_target);
	tcase_add_test(tc, cut_reply_sets_chunk);
	tcase_add_test(tc, longer_reply_keeps_chunk);
	tcase_add_test(tc, short_reply_ends);
	tcase_add_test(tc, refusal_grows_then_learns);
	tcase_add_test(tc, refusal_halves);
	tcase_add_test(tc, refusal_of_a_page_request);
	tcase_add_test(tc, limit_errors);
	suite_add_tcase(s, tc);

	return unit_run(s);
}

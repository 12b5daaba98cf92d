// SPDX-License-Identifier: GPL-2.0-or-later
/* Unit tests for the _ROM request strategy and read loop (ovf_romdump_*), against a model _ROM. */
#include <errno.h>
#include <inttypes.h>
#include <limits.h>

#include "ovf/err.h"
#include "ovf/gpu.h"
#include "ovf/root.h"
#include "ovf/romdump.h"
#include "unit.h"
#include "../helpers/romgen.h"

#define K 1024

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

/*
 * A model of a _ROM method behind acpi_call, in the ways tests/acpi/ has
 * seen: it serves @served bytes of @rom, each reply cut to @cut values,
 * refuses an Arg1 under @min_arg1 and anything past @window with an AML
 * limit exception, and answers @fail_at (an offset) with @fail_what.
 */
struct model {
	uint8_t rom[64 * K];
	size_t served, cut, min_arg1, window;
	long fail_at;
	enum { FAIL_AE, FAIL_ERRNO, FAIL_GARBLED, FAIL_NOT_CALLED,
	       FAIL_INTEGER } fail_what;
	const char *fail_ae;
	unsigned int notes[OVF_ROMDUMP_NOTE_PROGRESS + 1];
};

static struct model m;
static struct ovf_romdump_reader rd;
static uint8_t *got;
static size_t got_len;

static int model_eval(void *ctx, const char *cmd, struct ovf_acpi_result *res)
{
	struct model *mo = ctx;
	static const char pre[] = "\\_SB.PCI0.PEGP._ROM 0x";
	uintmax_t off, arg1;
	char *end;
	size_t n;

	/* "METHOD 0xOFF 0xLEN", the dumper's request */
	ck_assert_int_eq(strncmp(cmd, pre, sizeof(pre) - 1), 0);
	off = strtoumax(cmd + sizeof(pre) - 1, &end, 16);
	ck_assert_int_eq(strncmp(end, " 0x", 3), 0);
	arg1 = strtoumax(end + 3, &end, 16);
	ck_assert_int_eq(*end, '\0');
	memset(res, 0, sizeof(*res));
	if (mo->fail_at >= 0 && off == (uintmax_t)mo->fail_at) {
		switch (mo->fail_what) {
		case FAIL_ERRNO:
			return -EACCES;
		case FAIL_GARBLED:
			return -EBADMSG;
		case FAIL_NOT_CALLED:
			res->type = OVF_ACPI_NOT_CALLED;
			return 0;
		case FAIL_INTEGER:
			res->type = OVF_ACPI_INTEGER;
			return 0;
		case FAIL_AE:
			break;
		}
		res->type = OVF_ACPI_ERROR;
		res->str = strdup(mo->fail_ae);
		return 0;
	}
	if (arg1 < mo->min_arg1 || (mo->window && off + arg1 > mo->window)) {
		res->type = OVF_ACPI_ERROR;
		res->str = strdup("AE_AML_BUFFER_LIMIT");
		return 0;
	}
	n = off < mo->served ? mo->served - off : 0;
	if (n > arg1)
		n = arg1;
	res->type = OVF_ACPI_BUFFER;
	if (n > mo->cut) {
		n = mo->cut;
		res->truncated = 1;
	}
	res->buf = malloc(n ? n : 1);
	ck_assert_ptr_nonnull(res->buf);
	memcpy(res->buf, mo->rom + off, n);
	res->len = n;
	return 0;
}

static void model_note(void *ctx, const struct ovf_romdump_note *n)
{
	((struct model *)ctx)->notes[n->kind]++;
}

/* A ROM of @n images (@code types, 4 KiB each unless @size), all served. */
static size_t model_rom(const int *types, size_t n, size_t size)
{
	struct romgen_image im[4];
	size_t i, len;

	ck_assert_uint_le(n, 4);
	for (i = 0; i < n; i++)
		romgen_defaults(&im[i], types[i], size);
	memset(m.rom, 0xff, sizeof(m.rom));
	len = romgen_build(im, n, 0x10de, 0x1c8d, 7, m.rom, sizeof(m.rom));
	ck_assert_uint_eq(len, n * size);
	m.served = sizeof(m.rom);
	return len;
}

static void reader_setup(void)
{
	memset(&m, 0, sizeof(m));
	m.cut = 4096;
	m.fail_at = -1;
	ovf_romdump_reader_init(&rd, "\\_SB.PCI0.PEGP._ROM", model_eval, &m);
	rd.note = model_note;
	rd.note_ctx = &m;
	got = NULL;
}

static void reader_teardown(void)
{
	free(got);
}

START_TEST(reads_the_chain_through_cut_replies)
{
	static const int types[] = { 0x00, 0x03 };
	size_t len = model_rom(types, 2, 16 * K);
	struct ovf_err e;

	m.cut = 42;	/* acpi_call 1.2.2's buffer */
	ck_assert_int_eq(ovf_romdump_read(&rd, 0, &got, &got_len, &e), 0);
	ck_assert_uint_eq(got_len, len);
	ck_assert_mem_eq(got, m.rom, len);
	ck_assert_int_eq(rd.status, OVF_ROM_OK);
	ck_assert_uint_eq(rd.info.nimages, 2);
	ck_assert_uint_eq(rd.shape.chunk, 42);
	ck_assert_uint_eq(m.notes[OVF_ROMDUMP_NOTE_CHUNK], 1);
	/* every call but the page ends brings a whole chunk */
	ck_assert_uint_ge(rd.calls, len / 42);
	ck_assert_uint_le(rd.calls, len / 42 + 2 * (len / 4096) + 2);
	ck_assert_int_eq(e.err, 0);
}
END_TEST

START_TEST(forced_length_says_what_it_read)
{
	static const int types[] = { 0x00 };
	struct ovf_err e;

	model_rom(types, 1, 8 * K);
	ck_assert_int_eq(ovf_romdump_read(&rd, 3 * K, &got, &got_len, &e), 0);
	ck_assert_uint_eq(got_len, 3 * K);
	ck_assert_mem_eq(got, m.rom, 3 * K);
	/* the complete walk of 3 KiB of an 8 KiB image: not a ROM */
	ck_assert_int_eq(rd.status, OVF_ROM_BAD);
	ck_assert_int_eq(rd.info.error, OVF_ROM_ERR_TRUNCATED);
	free(got);
	got = NULL;
	ck_assert_int_eq(ovf_romdump_read(&rd, 8 * K, &got, &got_len, &e), 0);
	ck_assert_int_eq(rd.status, OVF_ROM_OK);
}
END_TEST

START_TEST(ends_early_on_a_short_reply)
{
	static const int types[] = { 0x00, 0x00 };
	struct ovf_err e;

	model_rom(types, 2, 4 * K);
	m.served = 6 * K;
	ck_assert_int_eq(ovf_romdump_read(&rd, 0, &got, &got_len, &e), -ENODATA);
	ck_assert_ptr_null(got);
	ck_assert_int_eq(rd.fault.stop, OVF_ROMDUMP_ENDS_EARLY);
	/* the header of image 1 asked for a piece; the rest came short */
	ck_assert_uint_gt(rd.fault.offset, 4 * K);
	ck_assert_uint_eq(rd.fault.offset + rd.fault.values, 6 * K);
	ck_assert_uint_gt(rd.fault.asked, rd.fault.values);
	ck_assert_uint_eq(rd.fault.target, 8 * K);
	ck_assert_int_eq(rd.fault.known, 0);
	ck_assert_int_eq(rd.fault.forced, 0);
	ck_assert_str_eq(rd.fault.ae, "");
	ck_assert_int_eq(e.err, ENODATA);
	ck_assert_str_eq(e.action, "read");
	ck_assert_str_eq(e.path, "\\_SB.PCI0.PEGP._ROM");
	/* with a length: what was asked for, and part of a reply */
	m.served = 6 * K + 100;
	ck_assert_int_eq(ovf_romdump_read(&rd, 8 * K, &got, &got_len, &e),
			 -ENODATA);
	ck_assert_int_eq(rd.fault.forced, 1);
	ck_assert_uint_eq(rd.fault.offset, 4 * K);
	ck_assert_uint_eq(rd.fault.values, 2 * K + 100);
	ck_assert_uint_eq(rd.fault.asked, 4 * K);
	ck_assert_uint_eq(rd.fault.target, 8 * K);
	/* nothing at all at a page start */
	m.served = 4 * K;
	ck_assert_int_eq(ovf_romdump_read(&rd, 8 * K, &got, &got_len, &e),
			 -ENODATA);
	ck_assert_uint_eq(rd.fault.offset, 4 * K);
	ck_assert_uint_eq(rd.fault.values, 0);
}
END_TEST

START_TEST(ends_early_at_a_window)
{
	static const int types[] = { 0x00, 0x00 };

	model_rom(types, 2, 4 * K);
	m.window = 5 * K;
	ck_assert_int_eq(ovf_romdump_read(&rd, 0, &got, &got_len, NULL),
			 -ENODATA);
	ck_assert_uint_eq(rd.fault.offset, 5 * K);
	ck_assert_str_eq(rd.fault.ae, "AE_AML_BUFFER_LIMIT");
	ck_assert_uint_ge(m.notes[OVF_ROMDUMP_NOTE_REFUSED], 1);
}
END_TEST

START_TEST(learns_the_smallest_length)
{
	static const int types[] = { 0x00, 0x03 };
	size_t len = model_rom(types, 2, 4 * K);

	m.min_arg1 = 4096;
	ck_assert_int_eq(ovf_romdump_read(&rd, 0, &got, &got_len, NULL), 0);
	ck_assert_uint_eq(got_len, len);
	ck_assert_mem_eq(got, m.rom, len);
	ck_assert_uint_eq(rd.shape.min_len, 4096);
	ck_assert_uint_eq(m.notes[OVF_ROMDUMP_NOTE_MIN_LEN], 1);
}
END_TEST

START_TEST(nothing_after_a_0x70_image_ends_the_rom)
{
	struct romgen_image im[2];

	memset(m.rom, 0xff, sizeof(m.rom));
	romgen_defaults(&im[0], 0x00, 4 * K);
	romgen_defaults(&im[1], 0x70, 4 * K);
	im[1].pcir_last = 0;
	romgen_build(im, 2, 0x10de, 0x1c8d, 7, m.rom, sizeof(m.rom));
	m.served = 8 * K;
	ck_assert_int_eq(ovf_romdump_read(&rd, 0, &got, &got_len, NULL), 0);
	ck_assert_uint_eq(got_len, 8 * K);
	ck_assert_uint_eq(m.notes[OVF_ROMDUMP_NOTE_NV70_END], 1);
}
END_TEST

START_TEST(not_a_rom)
{
	memset(m.rom, 0xff, sizeof(m.rom));
	m.served = sizeof(m.rom);
	ck_assert_int_eq(ovf_romdump_read(&rd, 0, &got, &got_len, NULL), -EINVAL);
	ck_assert_int_eq(rd.fault.stop, OVF_ROMDUMP_MALFORMED);
	ck_assert_int_eq(rd.fault.rom_error, OVF_ROM_ERR_SIGNATURE);
	ck_assert_uint_eq(rd.fault.error_offset, 0);
}
END_TEST

START_TEST(call_failures)
{
	static const int types[] = { 0x00, 0x00 };
	struct ovf_err e;

	model_rom(types, 2, 4 * K);
	m.fail_at = 0;
	m.fail_what = FAIL_AE;
	m.fail_ae = "AE_NOT_FOUND";
	ck_assert_int_eq(ovf_romdump_read(&rd, 0, &got, &got_len, &e), -ENOENT);
	ck_assert_int_eq(rd.fault.stop, OVF_ROMDUMP_NO_METHOD);
	/* past the start the same exception is a failure of the method */
	m.fail_at = 4 * K;
	ck_assert_int_eq(ovf_romdump_read(&rd, 0, &got, &got_len, &e), -EIO);
	ck_assert_int_eq(rd.fault.stop, OVF_ROMDUMP_FAILED);
	ck_assert_uint_eq(rd.fault.offset, 4 * K);
	ck_assert_str_eq(rd.fault.ae, "AE_NOT_FOUND");
	m.fail_what = FAIL_ERRNO;
	ck_assert_int_eq(ovf_romdump_read(&rd, 0, &got, &got_len, &e), -EIO);
	ck_assert_int_eq(rd.fault.stop, OVF_ROMDUMP_CALL);
	ck_assert_int_eq(rd.fault.err, EACCES);
	ck_assert_int_eq(e.err, EACCES);
	m.fail_what = FAIL_GARBLED;
	ck_assert_int_eq(ovf_romdump_read(&rd, 0, &got, &got_len, &e), -EBADMSG);
	ck_assert_int_eq(strncmp(rd.fault.cmd, "\\_SB.PCI0.PEGP._ROM 0x1000 0x",
				 29), 0);
	m.fail_what = FAIL_NOT_CALLED;
	ck_assert_int_eq(ovf_romdump_read(&rd, 0, &got, &got_len, &e), -EBUSY);
	ck_assert_int_eq(rd.fault.stop, OVF_ROMDUMP_NOT_CALLED);
	m.fail_what = FAIL_INTEGER;
	ck_assert_int_eq(ovf_romdump_read(&rd, 0, &got, &got_len, &e), -EPROTO);
	ck_assert_int_eq(rd.fault.type, OVF_ACPI_INTEGER);
	ck_assert_ptr_null(got);
}
END_TEST

START_TEST(refused_with_every_length)
{
	m.min_arg1 = SIZE_MAX;
	ck_assert_int_eq(ovf_romdump_read(&rd, 0, &got, &got_len, NULL), -EIO);
	ck_assert_int_eq(rd.fault.stop, OVF_ROMDUMP_NEVER);
	ck_assert_str_eq(rd.fault.ae, "AE_AML_BUFFER_LIMIT");
}
END_TEST

START_TEST(compare_finds_the_first_difference)
{
	uint8_t a[8] = { 1, 2, 3, 4, 5, 6, 7, 8 }, b[8];

	memcpy(b, a, sizeof(b));
	ck_assert_uint_eq(ovf_romdump_compare(a, b, 8), 8);
	b[5] = 0;
	ck_assert_uint_eq(ovf_romdump_compare(a, b, 8), 5);
	ck_assert_uint_eq(ovf_romdump_compare(a, b, 0), 0);
}
END_TEST

START_TEST(method_of_a_node)
{
	char out[300];

	ck_assert_int_eq(ovf_romdump_method("\\_SB_.PCI0.PEG0.PEGP", out,
					    sizeof(out)), 0);
	ck_assert_str_eq(out, "\\_SB.PCI0.PEG0.PEGP._ROM");
	ck_assert_int_eq(ovf_romdump_method("\\_SB.PCI0;rm", out, sizeof(out)),
			 -EINVAL);
	ck_assert_int_eq(ovf_romdump_method("\\_SB.PCI0", out, 8), -EINVAL);
}
END_TEST

/* Where the method comes from: the GPU's firmware node, or the path given. */
static char *tmp;
static struct ovf_root root;

static void laptop_setup(void)
{
	const char *top = getenv("TOP");
	char cmd[PATH_MAX * 2 + 32];

	tmp = unit_mkdtemp();
	snprintf(cmd, sizeof(cmd), "cp -a '%s/tests/fixtures/laptop/.' '%s/'",
		 top ? top : ".", tmp);
	ck_assert_int_eq(system(cmd), 0);
	ck_assert_int_eq(ovf_root_open(&root, tmp), 0);
}

static void laptop_teardown(void)
{
	ovf_root_close(&root);
	unit_rmtree(tmp);
	free(tmp);
}

START_TEST(target_of_the_gpu)
{
	enum ovf_romdump_step step = 0;
	char method[300], node[PATH_MAX + 64];
	struct ovf_gpu g;
	struct ovf_err e;

	/* the one NVIDIA display device, its firmware node normalised */
	ck_assert_int_eq(ovf_romdump_target(&root, NULL, NULL, &g, method,
					    sizeof(method), &step, &e), 0);
	ck_assert_str_eq(g.name, "0000:01:00.0");
	ck_assert_str_eq(method, "\\_SB.PCI0.PEG0.PEGP._ROM");
	/* a path given wins over the node */
	ck_assert_int_eq(ovf_romdump_target(&root, "01:00.0", "\\_SB.PEGX",
					    &g, method, sizeof(method), &step,
					    &e), 0);
	ck_assert_str_eq(method, "\\_SB.PEGX._ROM");
	ck_assert_str_eq(g.name, "0000:01:00.0");
	/* with both given nothing is read: even no device there is fine */
	ck_assert_int_eq(ovf_romdump_target(&root, "07:00.0", "\\_SB.PEGX",
					    &g, method, sizeof(method), &step,
					    &e), 0);
	ck_assert_str_eq(g.name, "0000:07:00.0");
	ck_assert_int_eq(ovf_romdump_target(&root, "07:00.0", NULL, &g, method,
					    sizeof(method), &step, &e), -ENODEV);
	ck_assert_int_eq(step, OVF_ROMDUMP_STEP_GPU);
	ck_assert_int_eq(ovf_romdump_target(&root, NULL, "\\_SB.PE;X", &g,
					    method, sizeof(method), &step, &e),
			 -EINVAL);
	ck_assert_int_eq(step, OVF_ROMDUMP_STEP_PATH);
	ck_assert_str_eq(e.path, "\\_SB.PE;X");

	/* a GPU without a firmware node: the path that is missing */
	snprintf(node, sizeof(node),
		 "%s/sys/devices/pci0000:00/0000:00:01.0/0000:01:00.0/firmware_node",
		 tmp);
	ck_assert_int_eq(unlink(node), 0);
	ck_assert_int_eq(ovf_romdump_target(&root, NULL, NULL, &g, method,
					    sizeof(method), &step, &e), -ENOENT);
	ck_assert_int_eq(step, OVF_ROMDUMP_STEP_NODE);
	ck_assert_str_eq(g.name, "0000:01:00.0");
	ck_assert_ptr_nonnull(strstr(e.path, "/sys/bus/pci/devices/0000:01:00.0"
					     "/firmware_node/path"));
	ck_assert_int_eq(strncmp(e.path, tmp, strlen(tmp)), 0);
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
	tc = tcase_create("reader");
	tcase_add_checked_fixture(tc, reader_setup, reader_teardown);
	tcase_add_test(tc, reads_the_chain_through_cut_replies);
	tcase_add_test(tc, forced_length_says_what_it_read);
	tcase_add_test(tc, ends_early_on_a_short_reply);
	tcase_add_test(tc, ends_early_at_a_window);
	tcase_add_test(tc, learns_the_smallest_length);
	tcase_add_test(tc, nothing_after_a_0x70_image_ends_the_rom);
	tcase_add_test(tc, not_a_rom);
	tcase_add_test(tc, call_failures);
	tcase_add_test(tc, refused_with_every_length);
	tcase_add_test(tc, compare_finds_the_first_difference);
	tcase_add_test(tc, method_of_a_node);
	suite_add_tcase(s, tc);
	tc = tcase_create("target");
	tcase_add_checked_fixture(tc, laptop_setup, laptop_teardown);
	tcase_add_test(tc, target_of_the_gpu);
	suite_add_tcase(s, tc);

	return unit_run(s);
}

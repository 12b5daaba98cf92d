// SPDX-License-Identifier: GPL-2.0-or-later
/* Unit tests for the in-process iasl compile both vfio-ssdt and vfio-domain use. */
#include <dirent.h>
#include <errno.h>

#include "ovf/iasl.h"
#include "ovf/ssdt.h"
#include "ovf/util.h"
#include "unit.h"

static struct ovf_err er;
static struct ovf_iasl_out io;
static char *tmp;

static void setup(void)
{
	tmp = unit_mkdtemp();
	setenv("TMPDIR", tmp, 1);
	ovf_err_clear(&er);
}

static void teardown(void)
{
	ovf_iasl_free(&io);
	unit_rmtree(tmp);
	free(tmp);
}

/* Nothing of the work directory is left in $TMPDIR (but @keep). */
static void assert_tmp_clean(const char *keep)
{
	struct dirent *de;
	DIR *d = opendir(tmp);

	ck_assert_ptr_nonnull(d);
	while ((de = readdir(d)))
		if (strcmp(de->d_name, ".") && strcmp(de->d_name, "..") &&
		    (!keep || strcmp(de->d_name, keep)))
			ck_abort_msg("left in TMPDIR: %s", de->d_name);
	closedir(d);
}

/* A stub iasl in $TMPDIR running the shell @body; its path. */
static const char *stub(const char *body)
{
	static char path[4200];
	char text[2048];

	snprintf(text, sizeof(text), "#!/bin/sh\n%s\n", body);
	unit_put(tmp, "stub", text);
	snprintf(path, sizeof(path), "%s/stub", tmp);
	ck_assert_int_eq(chmod(path, 0755), 0);
	return path;
}

static const char *asl_src =
	"DefinitionBlock (\"\", \"SSDT\", 2, \"OVFIO\", \"UNIT\", 1)\n"
	"{\n"
	"    Name (ABCD, 0x01)\n"
	"}\n";

START_TEST(test_compile_real_iasl)
{
	struct ovf_ssdt_params p = {
		.battery = 1, .rom = 1, .gpu_path = "\\_SB.PCI0.S08.S00",
		.battery_scope = OVF_SSDT_BATTERY_SCOPE_DEFAULT,
		.fw_cfg_name = OVF_SSDT_FW_CFG_DEFAULT,
	};
	char *asl;

	if (system("iasl -v > /dev/null 2>&1") != 0)
		return;	/* acpica-tools not installed: nothing to run */
	ck_assert_int_eq(ovf_iasl_compile("iasl", asl_src, &io, &er), 0);
	ck_assert_uint_ge(io.aml_len, 36);
	ck_assert_int_eq(memcmp(io.aml, "SSDT", 4), 0);
	ck_assert_ptr_null(io.messages);
	ovf_iasl_free(&io);
	/* the generator's own output compiles */
	ck_assert_int_eq(ovf_ssdt_generate(&p, &asl, &er), 0);
	ck_assert_int_eq(ovf_iasl_compile("iasl", asl, &io, &er), 0);
	ck_assert_int_eq(memcmp(io.aml, "SSDT", 4), 0);
	free(asl);
	assert_tmp_clean(NULL);
}
END_TEST

START_TEST(test_compile_fails)
{
	/* iasl names the file by its work-directory path; we show ssdt.asl */
	const char *s = stub("for a; do f=$a; done\n"
			     "echo \"$f(3) : error 6126: syntax error\"\n"
			     "exit 2");

	ck_assert_int_eq(ovf_iasl_compile(s, asl_src, &io, &er), -EBADMSG);
	ck_assert_str_eq(er.reason, "iasl failed (exit status 2)");
	ck_assert_ptr_nonnull(io.messages);
	ck_assert_str_eq(io.messages, "iasl: ssdt.asl(3) : error 6126: syntax error\n"
			 "      3 |     Name (ABCD, 0x01)\n");
	ck_assert_ptr_null(io.aml);
	ck_assert(!io.missing);
	assert_tmp_clean("stub");
}
END_TEST

START_TEST(test_compile_killed)
{
	const char *s = stub("kill -KILL $$");

	ck_assert_int_eq(ovf_iasl_compile(s, asl_src, &io, &er), -EBADMSG);
	ck_assert_str_eq(er.reason, "iasl failed (killed by signal 9)");
	ck_assert_str_eq(io.messages, "iasl printed nothing\n");
	assert_tmp_clean("stub");
}
END_TEST

START_TEST(test_compile_no_table)
{
	const char *s = stub("for a; do f=$a; done\nprintf 'XXXX' > \"${f%.asl}.aml\"");

	ck_assert_int_eq(ovf_iasl_compile(s, asl_src, &io, &er), -EBADMSG);
	ck_assert_str_eq(er.reason, "iasl succeeded but left no valid ssdt.aml "
			 "(Invalid argument)");
	ck_assert_ptr_null(io.aml);
	ovf_iasl_free(&io);
	s = stub("exit 0");
	ck_assert_int_eq(ovf_iasl_compile(s, asl_src, &io, &er), -EBADMSG);
	ck_assert_str_eq(er.reason, "iasl succeeded but left no valid ssdt.aml "
			 "(No such file or directory)");
	assert_tmp_clean("stub");
}
END_TEST

START_TEST(test_compile_missing_iasl)
{
	char path[4200];

	snprintf(path, sizeof(path), "%s/nonexistent", tmp);
	ck_assert_int_eq(ovf_iasl_compile(path, asl_src, &io, &er), -ENOENT);
	ck_assert(io.missing);
	ck_assert_str_eq(er.action, "run");
	ck_assert_str_eq(er.path, path);
	assert_tmp_clean(NULL);
}
END_TEST

START_TEST(test_compile_no_tmpdir)
{
	char path[4200];

	snprintf(path, sizeof(path), "%s/none", tmp);
	setenv("TMPDIR", path, 1);
	ck_assert_int_eq(ovf_iasl_compile("iasl", asl_src, &io, &er), -ENOENT);
	ck_assert(!io.missing);
	ck_assert_str_eq(er.action, "create temporary directory in");
	ck_assert_str_eq(er.path, path);
}
END_TEST

static Suite *iasl_suite(void)
{
	Suite *s = suite_create("iasl");
	TCase *tc = tcase_create("compile");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_compile_real_iasl);
	tcase_add_test(tc, test_compile_fails);
	tcase_add_test(tc, test_compile_killed);
	tcase_add_test(tc, test_compile_no_table);
	tcase_add_test(tc, test_compile_missing_iasl);
	tcase_add_test(tc, test_compile_no_tmpdir);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return unit_run(iasl_suite());
}

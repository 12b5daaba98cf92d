// SPDX-License-Identifier: GPL-2.0-or-later
/* Unit tests for the acpi_call client: parser, path normaliser, lock, round trips. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>

#include "ovf/acpi_call.h"
#include "ovf/err.h"
#include "ovf/root.h"
#include "ovf/util.h"
#include "unit.h"

#define M "\\_SB.PCI0.S08.S00._ROM"

UNIT_DEFINE_TMPROOT(tmp, root, setup, teardown)

/* "0x00, 0x01, ..." for n values starting at @first, counting up. */
static char *values(unsigned int first, int n)
{
	char *s = malloc(6 * n + 1), *p = s;
	int i;

	ck_assert_ptr_nonnull(s);
	*p = '\0';
	for (i = 0; i < n; i++)
		p += sprintf(p, i ? ", 0x%02x" : "0x%02x", (first + i) & 0xff);
	return s;
}

static void parse_ok(const char *text, struct ovf_acpi_result *r,
		     enum ovf_acpi_type type)
{
	int rc = ovf_acpi_parse(text, r);

	ck_assert_msg(rc == 0, "'%s' gave %d", text, rc);
	ck_assert_msg(r->type == type, "'%s' parsed as %s", text,
		      ovf_acpi_type_name(r->type));
}

START_TEST(parse_integer)
{
	struct ovf_acpi_result r;

	parse_ok("0x0", &r, OVF_ACPI_INTEGER);
	ck_assert_uint_eq(r.integer, 0);
	ovf_acpi_result_free(&r);
	parse_ok("0xffffffff", &r, OVF_ACPI_INTEGER);
	ck_assert_uint_eq(r.integer, 0xffffffffu);
	ovf_acpi_result_free(&r);
	parse_ok("0x1234abcd\n", &r, OVF_ACPI_INTEGER);
	ck_assert_uint_eq(r.integer, 0x1234abcd);
	ck_assert_int_eq(r.truncated, 0);
	ovf_acpi_result_free(&r);
}
END_TEST

START_TEST(parse_string)
{
	struct ovf_acpi_result r;
	char longs[256];

	parse_ok("\"NVIDIA\"", &r, OVF_ACPI_STRING);
	ck_assert_str_eq(r.str, "NVIDIA");
	ovf_acpi_result_free(&r);
	parse_ok("\"\"", &r, OVF_ACPI_STRING);
	ck_assert_str_eq(r.str, "");
	ovf_acpi_result_free(&r);
	/* the module does not escape quotes */
	parse_ok("\"a\"b\"", &r, OVF_ACPI_STRING);
	ck_assert_str_eq(r.str, "a\"b");
	ovf_acpi_result_free(&r);
	/* a string that filled the 256-byte buffer lost its closing quote */
	memset(longs, 'x', 255);
	longs[0] = '"';
	longs[255] = '\0';
	parse_ok(longs, &r, OVF_ACPI_STRING);
	ck_assert_int_eq(r.truncated, 1);
	ck_assert_uint_eq(strlen(r.str), 254);
	ovf_acpi_result_free(&r);
	/* but a short one without it is not a string */
	ck_assert_int_eq(ovf_acpi_parse("\"abc", &r), -EBADMSG);
	ck_assert_int_eq(ovf_acpi_parse("\"", &r), -EBADMSG);
}
END_TEST

START_TEST(parse_buffer_whole)
{
	struct ovf_acpi_result r;
	char text[300], *v;
	int i;

	parse_ok("{}", &r, OVF_ACPI_BUFFER);
	ck_assert_uint_eq(r.len, 0);
	ck_assert_int_eq(r.truncated, 0);
	ovf_acpi_result_free(&r);

	parse_ok("{0x55}", &r, OVF_ACPI_BUFFER);
	ck_assert_uint_eq(r.len, 1);
	ck_assert_uint_eq(r.buf[0], 0x55);
	ck_assert_int_eq(r.truncated, 0);
	ovf_acpi_result_free(&r);

	parse_ok("{0x55, 0xAA, 0x00, 0xff}", &r, OVF_ACPI_BUFFER);
	ck_assert_uint_eq(r.len, 4);
	ck_assert_uint_eq(r.buf[1], 0xaa);
	ck_assert_uint_eq(r.buf[3], 0xff);
	ovf_acpi_result_free(&r);

	/* 42 values is the most that fit, and then the text is 252 bytes */
	v = values(0xf0, 42);
	snprintf(text, sizeof(text), "{%s}", v);
	free(v);
	ck_assert_uint_eq(strlen(text), 252);
	parse_ok(text, &r, OVF_ACPI_BUFFER);
	ck_assert_uint_eq(r.len, 42);
	ck_assert_int_eq(r.truncated, 0);
	for (i = 0; i < 42; i++)
		ck_assert_uint_eq(r.buf[i], (0xf0 + i) & 0xff);
	ovf_acpi_result_free(&r);
}
END_TEST

START_TEST(parse_buffer_truncated)
{
	static const struct {
		const char *text;
		size_t len;
	} cut[] = {
		{ "{0x55, 0xaa,", 2 },
		{ "{0x55, 0xaa, ", 2 },
		{ "{0x55, 0xaa, 0x1", 2 },	/* partial token dropped */
		{ "{0x55, 0xaa, 0x", 2 },
		{ "{0x55, 0xaa, 0", 2 },
		{ "{0x55, 0xaa", 2 },		/* no "}": still cut off */
		{ "{0x5", 0 },
		{ "{", 0 },
		{ "{,", 0 },
	};
	struct ovf_acpi_result r;
	char text[300], *v;
	size_t i;

	/* what the module prints for a buffer longer than 42 bytes */
	v = values(0, 42);
	snprintf(text, sizeof(text), "{%s,", v);
	free(v);
	ck_assert_uint_eq(strlen(text), 252);
	parse_ok(text, &r, OVF_ACPI_BUFFER);
	ck_assert_uint_eq(r.len, 42);
	ck_assert_int_eq(r.truncated, 1);
	ck_assert_uint_eq(r.buf[41], 41);
	ovf_acpi_result_free(&r);

	for (i = 0; i < ARRAY_SIZE(cut); i++) {
		parse_ok(cut[i].text, &r, OVF_ACPI_BUFFER);
		ck_assert_msg(r.truncated == 1, "'%s' not truncated", cut[i].text);
		ck_assert_msg(r.len == cut[i].len, "'%s': %zu values",
			      cut[i].text, r.len);
		ovf_acpi_result_free(&r);
	}
}
END_TEST

START_TEST(parse_package)
{
	struct ovf_acpi_result r;
	const char *full = "[0x1, \"a, b]\", {0x01, 0x02}, [0x2, []], {}]";

	parse_ok(full, &r, OVF_ACPI_PACKAGE);
	ck_assert_str_eq(r.str, full);
	ck_assert_int_eq(r.truncated, 0);
	ovf_acpi_result_free(&r);
	parse_ok("[]", &r, OVF_ACPI_PACKAGE);
	ck_assert_int_eq(r.truncated, 0);
	ovf_acpi_result_free(&r);
	/* element types acpi_call cannot show carry their own newline */
	parse_ok("[Object type 0x14\n, 0x1]", &r, OVF_ACPI_PACKAGE);
	ovf_acpi_result_free(&r);

	/* the 256-byte buffer cuts a package anywhere */
	parse_ok("[0x1, [0x2, 0x3", &r, OVF_ACPI_PACKAGE);
	ck_assert_int_eq(r.truncated, 1);
	ck_assert_str_eq(r.str, "[0x1, [0x2, 0x3");
	ovf_acpi_result_free(&r);
	parse_ok("[{0x01, 0x02,", &r, OVF_ACPI_PACKAGE);
	ck_assert_int_eq(r.truncated, 1);
	ovf_acpi_result_free(&r);
	/* a buffer cut without its "," when it filled the text exactly */
	parse_ok("[{0x01, 0x02", &r, OVF_ACPI_PACKAGE);
	ck_assert_int_eq(r.truncated, 1);
	ovf_acpi_result_free(&r);
	parse_ok("[0x1, \"abc", &r, OVF_ACPI_PACKAGE);
	ck_assert_int_eq(r.truncated, 1);
	ovf_acpi_result_free(&r);
	parse_ok("[0x1, Obj", &r, OVF_ACPI_PACKAGE);
	ck_assert_int_eq(r.truncated, 1);
	ovf_acpi_result_free(&r);
	parse_ok("[0x1,", &r, OVF_ACPI_PACKAGE);
	ck_assert_int_eq(r.truncated, 1);
	ovf_acpi_result_free(&r);
}
END_TEST

START_TEST(parse_error_not_called_other)
{
	struct ovf_acpi_result r;

	parse_ok("Error: AE_NOT_FOUND", &r, OVF_ACPI_ERROR);
	ck_assert_str_eq(r.str, "AE_NOT_FOUND");
	ovf_acpi_result_free(&r);
	parse_ok("Error: AE_AML_LOOP_TIMEOUT\n", &r, OVF_ACPI_ERROR);
	ck_assert_str_eq(r.str, "AE_AML_LOOP_TIMEOUT");
	ovf_acpi_result_free(&r);
	parse_ok("not called", &r, OVF_ACPI_NOT_CALLED);
	ovf_acpi_result_free(&r);
	parse_ok("Object type 0x14\n", &r, OVF_ACPI_OTHER);
	ck_assert_str_eq(r.str, "Object type 0x14");
	ovf_acpi_result_free(&r);

	ck_assert_str_eq(ovf_acpi_type_name(OVF_ACPI_BUFFER), "buffer");
	ck_assert_str_eq(ovf_acpi_type_name(OVF_ACPI_NOT_CALLED), "not called");
}
END_TEST

START_TEST(parse_garbage)
{
	static const char *const bad[] = {
		"", "\n", "ok", "failed", "not called ", "Not called",
		"Error:", "Error: ", "Error: ae_not_found", "Error: AE_X Y",
		"0x", "0xg", "0x12 ", "12", "0x12345678123456789",
		"{0x5g,", "{0x100}", "{0x1ff, 0x00}", "{0x5}", "{55}",
		"{0x55,0xaa}", "{0x55, 0xaa}}", "{0x55, 0xaa} ", "{0x55, , 0xaa}",
		"{0x55 0xaa}", "{0x55, 0xaa,,", "{0x55, 0xaa, x", "{,0x55}",
		"{0x55, 0xzz}", "{ 0x55}", "{-1}",
		"[0x1]]", "[0x1,0x2]", "[zz]", "[0x1] ", "[{0x5g}]",
		"[{0x01,, 0x2]", "[{0x01, 0x02}}", "Object type", "Object type 0x",
		"Object type 0x14 x", "\x01", "{0x55}\n\n",
	};
	struct ovf_acpi_result r;
	size_t i;
	int rc;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		rc = ovf_acpi_parse(bad[i], &r);
		ck_assert_msg(rc == -EBADMSG, "'%s' gave %d (%s)", bad[i], rc,
			      rc ? "" : ovf_acpi_type_name(r.type));
		/* nothing left to free after a failure */
		ck_assert_ptr_null(r.str);
		ck_assert_ptr_null(r.buf);
	}
	ck_assert_int_eq(ovf_acpi_parse(NULL, &r), -EINVAL);
}
END_TEST

START_TEST(path_normalise_valid)
{
	static const char *const ok[][2] = {
		{ "\\_SB_.PCI0.S08_.S00_", "\\_SB.PCI0.S08.S00" },
		{ "\\_SB.PCI0.S08.S00", "\\_SB.PCI0.S08.S00" },
		{ "\\_SB_.PCI0.PEG0.PEGP._ROM", "\\_SB.PCI0.PEG0.PEGP._ROM" },
		{ "\\_SB_.PCI0.S08_.S00_._ROM", "\\_SB.PCI0.S08.S00._ROM" },
		{ "\\____", "\\_" },
		{ "\\", "\\" },
		{ "^^GFX0.A_B_", "^^GFX0.A_B" },
		{ "PCI0", "PCI0" },
	};
	char out[256];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(ok); i++) {
		ck_assert_msg(ovf_acpi_path_normalise(ok[i][0], out,
						      sizeof(out)) == 0,
			      "rejected '%s'", ok[i][0]);
		ck_assert_str_eq(out, ok[i][1]);
	}
	/* too small an output buffer */
	ck_assert_int_eq(ovf_acpi_path_normalise("\\_SB_.PCI0", out, 6),
			 -ERANGE);
	ck_assert_int_eq(ovf_acpi_path_normalise("\\_SB_.PCI0", out, 10), 0);
}
END_TEST

START_TEST(path_normalise_invalid)
{
	static const char *const bad[] = {
		"", ".", "\\.", "\\_SB_.", ".\\_SB", "\\_SB..PCI0", "\\_SB_.PCI00",
		"../x", "\\_SB/../PCI0", "/sys/bus", "\\_SB\n", "\\_SB.PCI0\n",
		"\\_sb.pci0", "\\_SB.PCI0 ", " \\_SB", "\\_SB\\PCI0", "\\^_SB",
		"\\1ABC", "\\_SB.PCI0.S08.S00._ROM 0 4", "\\_SB.PC-0", "^",
		"\\_SB.^PCI", "\\_SB%", "\\_SB\t",
	};
	char out[256], longp[300];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(bad); i++)
		ck_assert_msg(ovf_acpi_path_normalise(bad[i], out,
						      sizeof(out)) == -EINVAL,
			      "accepted '%s'", bad[i]);
	/* 256 characters of valid segments: over the limit */
	strcpy(longp, "\\");
	for (i = 0; i < 51; i++)
		strcat(longp, i ? ".ABCD" : "ABCD");
	ck_assert_uint_eq(strlen(longp), 255);
	ck_assert_int_eq(ovf_acpi_path_normalise(longp, out, sizeof(out)), 0);
	strcat(longp, "A");
	ck_assert_int_eq(ovf_acpi_path_normalise(longp, out, sizeof(out)),
			 -EINVAL);
	ck_assert_int_eq(ovf_acpi_path_normalise(NULL, out, sizeof(out)),
			 -EINVAL);
}
END_TEST

START_TEST(open_without_module)
{
	struct ovf_acpi_call c;
	struct ovf_err e;
	char want[4200];

	ck_assert_int_eq(ovf_acpi_call_open(&c, &root, 100, &e), -ENOENT);
	ck_assert_int_eq(c.lockfd, -1);
	ck_assert_int_eq(e.err, ENOENT);
	ck_assert_str_eq(e.action, "open");
	snprintf(want, sizeof(want), "%s/%s", tmp, OVF_ACPI_CALL_PATH);
	ck_assert_str_eq(e.path, want);
	ck_assert_str_eq(e.reason, "");
}
END_TEST

/* run/lock is world-writable: a link planted at the lock is not followed,
 * and the caller learns that the lock (not proc/acpi/call) failed. */
START_TEST(open_lock_symlink)
{
	struct ovf_acpi_call c;
	struct ovf_err e;
	char path[4200];
	struct stat st;

	unit_put(tmp, "proc/acpi/call", "");
	unit_put(tmp, "run/lock/.keep", "");
	snprintf(path, sizeof(path), "%s/%s", tmp, OVF_ACPI_CALL_LOCK);
	ck_assert_int_eq(symlink("victim", path), 0);
	ck_assert_int_eq(ovf_acpi_call_open(&c, &root, 100, &e), -ELOOP);
	ck_assert_int_eq(c.lockfd, -1);
	ck_assert_int_eq(e.err, ELOOP);
	ck_assert_str_eq(e.action, "lock");
	ck_assert_str_eq(e.path, path);
	snprintf(path, sizeof(path), "%s/run/lock/victim", tmp);
	ck_assert_int_eq(lstat(path, &st), -1);
}
END_TEST

START_TEST(open_makes_lock_file)
{
	struct ovf_acpi_call c;
	char path[4200];
	struct stat st;

	unit_put(tmp, "proc/acpi/call", "");
	ck_assert_int_eq(ovf_acpi_call_open(&c, &root, 100, NULL), 0);
	ck_assert_int_ge(c.lockfd, 0);
	snprintf(path, sizeof(path), "%s/%s", tmp, OVF_ACPI_CALL_LOCK);
	ck_assert_int_eq(stat(path, &st), 0);
	ck_assert(S_ISREG(st.st_mode));
	ovf_acpi_call_close(&c);
	ck_assert_int_eq(c.lockfd, -1);
	/* a second open reuses it */
	ck_assert_int_eq(ovf_acpi_call_open(&c, &root, 100, NULL), 0);
	ovf_acpi_call_close(&c);
}
END_TEST

static long ms_since(const struct timespec *t0)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (t.tv_sec - t0->tv_sec) * 1000 +
	       (t.tv_nsec - t0->tv_nsec) / 1000000;
}

static int hold_lock(void)
{
	char path[4200];
	int fd;

	unit_put(tmp, "run/lock/.keep", "");
	snprintf(path, sizeof(path), "%s/%s", tmp, OVF_ACPI_CALL_LOCK);
	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(flock(fd, LOCK_EX), 0);
	return fd;
}

START_TEST(lock_timeout)
{
	struct ovf_acpi_call c, c2;
	struct ovf_err e;
	char want[4200];
	struct timespec t0;
	long ms;
	int fd;

	unit_put(tmp, "proc/acpi/call", "");
	fd = hold_lock();
	clock_gettime(CLOCK_MONOTONIC, &t0);
	ck_assert_int_eq(ovf_acpi_call_open(&c, &root, 300, &e), -ETIMEDOUT);
	ms = ms_since(&t0);
	ck_assert_int_ge(ms, 300);
	ck_assert_int_lt(ms, 3000);
	ck_assert_int_eq(c.lockfd, -1);
	ck_assert_int_eq(e.err, ETIMEDOUT);
	ck_assert_str_eq(e.action, "lock");
	snprintf(want, sizeof(want), "%s/%s", tmp, OVF_ACPI_CALL_LOCK);
	ck_assert_str_eq(e.path, want);
	ck_assert_str_eq(e.reason, "another program holds it (gave up after 300 ms)");
	ck_assert_int_eq(ovf_acpi_call_open(&c, &root, 0, NULL), -ETIMEDOUT);
	close(fd);

	/* one user at a time */
	ck_assert_int_eq(ovf_acpi_call_open(&c, &root, 0, NULL), 0);
	ck_assert_int_eq(ovf_acpi_call_open(&c2, &root, 50, NULL), -ETIMEDOUT);
	ovf_acpi_call_close(&c);
	ck_assert_int_eq(ovf_acpi_call_open(&c2, &root, 0, NULL), 0);
	ovf_acpi_call_close(&c2);
}
END_TEST

START_TEST(lock_waits_for_holder)
{
	struct ovf_acpi_call c;
	struct timespec t0;
	pid_t pid;
	int fd, st;

	unit_put(tmp, "proc/acpi/call", "");
	fd = hold_lock();
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (!pid) {
		/* the child inherits the lock and drops it a little later */
		usleep(200 * 1000);
		_exit(0);
	}
	close(fd);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	ck_assert_int_eq(ovf_acpi_call_open(&c, &root, 5000, NULL), 0);
	ck_assert_int_ge(ms_since(&t0), 100);
	ovf_acpi_call_close(&c);
	ck_assert_int_eq(waitpid(pid, &st, 0), pid);
}
END_TEST

/* A regular file does not answer: what we read back is what we wrote. */
START_TEST(raw_regular_file)
{
	struct ovf_acpi_call c;
	struct ovf_acpi_result r;
	char out[1024], cmd[600], rd[64];
	FILE *f;

	unit_put(tmp, "proc/acpi/call", "");
	ck_assert_int_eq(ovf_acpi_call_open(&c, &root, 100, NULL), 0);
	ck_assert_int_eq(ovf_acpi_call_raw(&c, M " 0x0 0x4", out, sizeof(out)),
			 strlen(M " 0x0 0x4"));
	ck_assert_str_eq(out, M " 0x0 0x4");
	ck_assert_uint_eq(c.ncalls, 1);
	/* that text is none of the module's formats */
	ck_assert_int_eq(ovf_acpi_call_eval(&c, M " 0 1", &r), -EBADMSG);

	/* a newline inside a command is refused */
	unit_put(tmp, "proc/acpi/call", "");
	ck_assert_int_eq(ovf_acpi_call_raw(&c, "{0x55}\n", out, sizeof(out)),
			 -EINVAL);
	/* the result ends at the NUL, one newline off */
	f = fopen(strcat(strcpy(cmd, tmp), "/proc/acpi/call"), "w");
	ck_assert_ptr_nonnull(f);
	fwrite("\\X 1\n\0junk", 1, 10, f);
	fclose(f);
	ck_assert_int_eq(ovf_acpi_call_raw(&c, "\\X 2", out, sizeof(out)), 4);
	ck_assert_str_eq(out, "\\X 2");

	/* an output buffer too small for the text */
	ck_assert_int_eq(ovf_acpi_call_raw(&c, "\\X 2", rd, 4), -EFBIG);
	ck_assert_int_eq(ovf_acpi_call_raw(&c, "\\X 2", rd, 5), 4);

	/* the module takes 511 bytes at most */
	memset(cmd, 'A', sizeof(cmd));
	cmd[0] = '\\';
	cmd[512] = '\0';
	ck_assert_int_eq(ovf_acpi_call_raw(&c, cmd, out, sizeof(out)), -E2BIG);
	cmd[511] = '\0';
	ck_assert_int_eq(ovf_acpi_call_raw(&c, cmd, out, sizeof(out)), 511);
	ovf_acpi_call_close(&c);
}
END_TEST

START_TEST(raw_refuses_bad_commands)
{
	static const char *const bad[] = {
		"", " \\X", "\\X  1", "\\X 1 ", "\\X ", "\\X b123", "\\X \"abc",
		"\\X {1, 2", "\\X \"a\"b", "\\X 1\n", "\\X\n",
		"\\X 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17",
	};
	static const char *const good[] = {
		"\\X", "\\X 1", "\\X 0x10 20", "\\X b1234", "\\X \"a b\" 1",
		"\\X {1, 0x2} 3", "\\X 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16",
	};
	struct ovf_acpi_call c;
	char out[1024];
	size_t i;

	unit_put(tmp, "proc/acpi/call", "");
	ck_assert_int_eq(ovf_acpi_call_open(&c, &root, 100, NULL), 0);
	for (i = 0; i < ARRAY_SIZE(bad); i++)
		ck_assert_msg(ovf_acpi_call_raw(&c, bad[i], out, sizeof(out)) ==
			      -EINVAL, "accepted '%s'", bad[i]);
	ck_assert_uint_eq(c.ncalls, 0);
	for (i = 0; i < ARRAY_SIZE(good); i++) {
		unit_put(tmp, "proc/acpi/call", "");
		ck_assert_msg(ovf_acpi_call_raw(&c, good[i], out, sizeof(out)) ==
			      (ssize_t)strlen(good[i]), "refused '%s'", good[i]);
	}
	ovf_acpi_call_close(&c);
}
END_TEST

/* A FIFO peer that takes the command and answers nothing: -EIO. */
START_TEST(raw_empty_answer)
{
	struct ovf_acpi_call c;
	char path[4200], out[64], buf[64];
	pid_t pid;
	int fd, st;

	snprintf(path, sizeof(path), "%s/proc/acpi", tmp);
	unit_put(tmp, "proc/acpi/x", "");
	strcat(path, "/call");
	ck_assert_int_eq(mkfifo(path, 0600), 0);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (!pid) {
		fd = open(path, O_RDONLY);
		while (read(fd, buf, sizeof(buf)) > 0)
			;
		close(fd);
		fd = open(path, O_WRONLY);
		close(fd);
		_exit(0);
	}
	ck_assert_int_eq(ovf_acpi_call_open(&c, &root, 100, NULL), 0);
	ck_assert_int_eq(ovf_acpi_call_raw(&c, M " 0 1", out, sizeof(out)),
			 -EIO);
	ovf_acpi_call_close(&c);
	ck_assert_int_eq(waitpid(pid, &st, 0), pid);
}
END_TEST

#define ROM_SIZE 6000

/* Start the responder on <tmp>/proc/acpi/call serving a made-up ROM. */
static pid_t start_fake(uint8_t *rom, const char *extra)
{
	char romp[4200], logp[4200];
	int i;

	for (i = 0; i < ROM_SIZE; i++)
		rom[i] = (uint8_t)(i * 7 + i / 256);
	rom[0] = 0x55;
	rom[1] = 0xaa;
	snprintf(romp, sizeof(romp), "%s", unit_put_file(tmp, "rom", rom, ROM_SIZE));
	snprintf(logp, sizeof(logp), "%s/log", tmp);
	return unit_fake_acpi_call(tmp, romp, logp, extra ? NULL : M, extra);
}

static void stop_fake(pid_t pid)
{
	char fifo[4200];
	int st;

	ck_assert_int_eq(kill(pid, SIGTERM), 0);
	ck_assert_int_eq(waitpid(pid, &st, 0), pid);
	ck_assert(WIFEXITED(st));
	ck_assert_int_eq(WEXITSTATUS(st), 0);
	snprintf(fifo, sizeof(fifo), "%s/proc/acpi/call", tmp);
	ck_assert_int_eq(access(fifo, F_OK), -1);
}

START_TEST(round_trip_fake)
{
	struct ovf_acpi_call c;
	struct ovf_acpi_result r;
	uint8_t rom[ROM_SIZE], got[ROM_SIZE];
	char cmd[128], out[512];
	size_t off, n;
	pid_t pid;

	pid = start_fake(rom, NULL);
	ck_assert_int_eq(ovf_acpi_call_open(&c, &root, 1000, NULL), 0);

	ck_assert_int_eq(ovf_acpi_call_eval(&c, M " 0x0 0x4", &r), 0);
	ck_assert_int_eq(r.type, OVF_ACPI_BUFFER);
	ck_assert_uint_eq(r.len, 4);
	ck_assert_int_eq(r.truncated, 0);
	ck_assert_int_eq(memcmp(r.buf, rom, 4), 0);
	ovf_acpi_result_free(&r);

	/* a request the 256-byte buffer cannot hold comes back cut */
	ck_assert_int_eq(ovf_acpi_call_eval(&c, M " 100 100", &r), 0);
	ck_assert_int_eq(r.type, OVF_ACPI_BUFFER);
	ck_assert_uint_eq(r.len, 42);
	ck_assert_int_eq(r.truncated, 1);
	ck_assert_int_eq(memcmp(r.buf, rom + 100, 42), 0);
	ovf_acpi_result_free(&r);
	ck_assert_int_gt(ovf_acpi_call_raw(&c, M " 0 100", out, sizeof(out)), 0);
	ck_assert_uint_eq(strlen(out), 252);
	ck_assert_int_eq(out[251], ',');

	ck_assert_int_eq(ovf_acpi_call_eval(&c, "\\_SB.PCI0.S08.S01._ROM 0 4",
					    &r), 0);
	ck_assert_int_eq(r.type, OVF_ACPI_ERROR);
	ck_assert_str_eq(r.str, "AE_NOT_FOUND");
	ovf_acpi_result_free(&r);

	/* the whole ROM in 42-byte pieces, as a dumper would */
	for (off = 0; off < ROM_SIZE; off += n) {
		snprintf(cmd, sizeof(cmd), M " 0x%zx 0x%x", off, 42);
		ck_assert_int_eq(ovf_acpi_call_eval(&c, cmd, &r), 0);
		ck_assert_int_eq(r.type, OVF_ACPI_BUFFER);
		n = r.len;
		ck_assert_uint_eq(n, off + 42 <= ROM_SIZE ? 42 : ROM_SIZE - off);
		memcpy(got + off, r.buf, n);
		ovf_acpi_result_free(&r);
	}
	ck_assert_int_eq(memcmp(got, rom, ROM_SIZE), 0);
	ck_assert_int_eq(ovf_acpi_call_eval(&c, M " 6000 42", &r), 0);
	ck_assert_uint_eq(r.len, 0);
	ck_assert_int_eq(r.truncated, 0);
	ovf_acpi_result_free(&r);

	ovf_acpi_call_close(&c);
	stop_fake(pid);
}
END_TEST

START_TEST(round_trip_garbage_and_failure)
{
	struct ovf_acpi_call c;
	struct ovf_acpi_result r;
	uint8_t rom[ROM_SIZE];
	pid_t pid;

	pid = start_fake(rom, "--garble-after=1");
	ck_assert_int_eq(ovf_acpi_call_open(&c, &root, 1000, NULL), 0);
	ck_assert_int_eq(ovf_acpi_call_eval(&c, M " 0 2", &r), 0);
	ck_assert_uint_eq(r.len, 2);
	ovf_acpi_result_free(&r);
	ck_assert_int_eq(ovf_acpi_call_eval(&c, M " 0 2", &r), -EBADMSG);
	ovf_acpi_call_close(&c);
	stop_fake(pid);

	pid = start_fake(rom, "--fail-after=0");
	ck_assert_int_eq(ovf_acpi_call_open(&c, &root, 1000, NULL), 0);
	ck_assert_int_eq(ovf_acpi_call_eval(&c, M " 0 2", &r), 0);
	ck_assert_int_eq(r.type, OVF_ACPI_ERROR);
	ck_assert_str_eq(r.str, "AE_AML_LOOP_TIMEOUT");
	ovf_acpi_result_free(&r);
	ovf_acpi_call_close(&c);
	stop_fake(pid);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("acpi_call");
	TCase *tc;

	tc = tcase_create("parse");
	tcase_add_test(tc, parse_integer);
	tcase_add_test(tc, parse_string);
	tcase_add_test(tc, parse_buffer_whole);
	tcase_add_test(tc, parse_buffer_truncated);
	tcase_add_test(tc, parse_package);
	tcase_add_test(tc, parse_error_not_called_other);
	tcase_add_test(tc, parse_garbage);
	suite_add_tcase(s, tc);

	tc = tcase_create("path");
	tcase_add_test(tc, path_normalise_valid);
	tcase_add_test(tc, path_normalise_invalid);
	suite_add_tcase(s, tc);

	tc = tcase_create("client");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, open_without_module);
	tcase_add_test(tc, open_makes_lock_file);
	tcase_add_test(tc, open_lock_symlink);
	tcase_add_test(tc, lock_timeout);
	tcase_add_test(tc, lock_waits_for_holder);
	tcase_add_test(tc, raw_regular_file);
	tcase_add_test(tc, raw_refuses_bad_commands);
	tcase_add_test(tc, raw_empty_answer);
	tcase_add_test(tc, round_trip_fake);
	tcase_add_test(tc, round_trip_garbage_and_failure);
	suite_add_tcase(s, tc);

	return unit_run(s);
}

/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Shared helpers for the Check unit tests: temp sysroots and file makers. */
#ifndef OVF_UNIT_H
#define OVF_UNIT_H

#include <check.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* A fresh temporary directory; removed with unit_rmtree(). */
static inline char *unit_mkdtemp(void)
{
	char *d = strdup("/tmp/ovf-unit.XXXXXX");

	ck_assert_ptr_nonnull(d);
	ck_assert_ptr_nonnull(mkdtemp(d));
	return d;
}

static inline void unit_rmtree(const char *dir)
{
	char cmd[4200];

	if (!dir || strncmp(dir, "/tmp/ovf-unit.", 14) != 0)
		return;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", dir);
}

/*
 * The checked fixtures most suites use: UNIT_DEFINE_TMPDIR(tmp, setup,
 * teardown) defines "static char *tmp", a fresh temporary directory per
 * test, and the two functions for tcase_add_checked_fixture();
 * UNIT_DEFINE_TMPROOT(tmp, root, setup, teardown) also opens it as the
 * struct ovf_root @root (the suite includes ovf/root.h).
 */
#define UNIT_DEFINE_TMPDIR(tmp, setup, teardown)			\
	static char *tmp;						\
	static void setup(void)						\
	{								\
		tmp = unit_mkdtemp();					\
	}								\
	static void teardown(void)					\
	{								\
		unit_rmtree(tmp);					\
		free(tmp);						\
	}

#define UNIT_DEFINE_TMPROOT(tmp, root, setup, teardown)			\
	static char *tmp;						\
	static struct ovf_root root;					\
	static void setup(void)						\
	{								\
		tmp = unit_mkdtemp();					\
		ck_assert_int_eq(ovf_root_open(&root, tmp), 0);		\
	}								\
	static void teardown(void)					\
	{								\
		ovf_root_close(&root);					\
		unit_rmtree(tmp);					\
		free(tmp);						\
	}

/* Write @len bytes of @b to a new file @dir/@name; returns its path (static). */
static inline const char *unit_put_file(const char *dir, const char *name,
					const void *b, size_t len)
{
	static char path[4096];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "wb");
	ck_assert_ptr_nonnull(f);
	ck_assert_uint_eq(fwrite(b, 1, len, f), len);
	ck_assert_int_eq(fclose(f), 0);
	return path;
}

/* The bytes of signature @sig at @p, without its NUL: images hold none. */
static inline void unit_sig(void *p, const char *sig)
{
	unsigned char *d = p;

	while (*sig)
		*d++ = (unsigned char)*sig++;
}

/* Create @dir/@rel (and its parents) holding @content. */
static inline void unit_put(const char *dir, const char *rel, const char *content)
{
	char path[4200], cmd[8600];
	FILE *f;

	/* a cut path would write the content somewhere else */
	ck_assert_int_lt(snprintf(path, sizeof(path), "%s/%s", dir, rel), sizeof(path));
	snprintf(cmd, sizeof(cmd), "mkdir -p \"$(dirname '%s')\"", path);
	ck_assert_int_eq(system(cmd), 0);
	f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fputs(content, f);
	fclose(f);
}

/* A symlink @dir/@rel -> @target, parents made. */
static inline void unit_symlink(const char *dir, const char *target, const char *rel)
{
	char path[4200], cmd[8600];

	snprintf(path, sizeof(path), "%s/%s", dir, rel);
	snprintf(cmd, sizeof(cmd), "mkdir -p \"$(dirname '%s')\"", path);
	ck_assert_int_eq(system(cmd), 0);
	ck_assert_int_eq(symlink(target, path), 0);
}

/* Run the shell command @c inside @dir; it must succeed. */
static inline void unit_sh(const char *dir, const char *c)
{
	char cmd[8192];

	snprintf(cmd, sizeof(cmd), "cd '%s' && %s", dir, c);
	ck_assert_msg(system(cmd) == 0, "failed: %s", c);
}

/* Copy tests/fixtures/@name (from $TOP, else the current directory) into @dir. */
static inline void unit_copy_fixture(const char *name, const char *dir)
{
	const char *top = getenv("TOP");
	char cmd[8600];

	snprintf(cmd, sizeof(cmd), "cp -a '%s/tests/fixtures/%s/.' '%s/'",
		 top ? top : ".", name, dir);
	ck_assert_msg(system(cmd) == 0, "could not copy fixture %s", name);
}

/*
 * Start the test stand-in for acpi_call ($B/tests/fake_acpi_call, $B
 * "build" unless set) on @dir/proc/acpi/call, serving the ROM file @rom;
 * @log, @method and @extra (one more option) may be NULL. Returns its pid
 * once the FIFO is there.
 */
static inline pid_t unit_fake_acpi_call(const char *dir, const char *rom,
					const char *log, const char *method,
					const char *extra)
{
	const char *b = getenv("B");
	const char *argv[12];
	char bin[4200], fifo[4200];
	struct stat st;
	int i, n = 0;
	pid_t pid;

	snprintf(bin, sizeof(bin), "%s/tests/fake_acpi_call", b && *b ? b : "build");
	ck_assert_msg(access(bin, X_OK) == 0, "no %s (make it first)", bin);
	unit_put(dir, "proc/acpi/.keep", "");
	snprintf(fifo, sizeof(fifo), "%s/proc/acpi/call", dir);
	argv[n++] = bin;
	argv[n++] = "--fifo";
	argv[n++] = fifo;
	argv[n++] = "--rom";
	argv[n++] = rom;
	if (log) {
		argv[n++] = "--log";
		argv[n++] = log;
	}
	if (method) {
		argv[n++] = "--method";
		argv[n++] = method;
	}
	if (extra)
		argv[n++] = extra;
	argv[n] = NULL;
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (!pid) {
		execv(bin, (char *const *)argv);
		_exit(127);
	}
	for (i = 0; i < 500; i++) {
		if (stat(fifo, &st) == 0 && S_ISFIFO(st.st_mode))
			return pid;
		usleep(10 * 1000);
	}
	kill(pid, SIGTERM);
	ck_abort_msg("fake_acpi_call did not make %s", fifo);
	return -1;
}

/* Run a suite; exit status for main(). */
static inline int unit_run(Suite *s)
{
	SRunner *sr = srunner_create(s);
	int nf;

	srunner_run_all(sr, CK_NORMAL);
	nf = srunner_ntests_failed(sr);
	srunner_free(sr);
	return nf ? EXIT_FAILURE : EXIT_SUCCESS;
}

#endif

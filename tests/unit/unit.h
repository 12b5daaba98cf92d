/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Shared helpers for the Check unit tests: temp sysroots and file makers. */
#ifndef OVF_UNIT_H
#define OVF_UNIT_H

#include <check.h>
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

/* Copy tests/fixtures/@name (under $TOP, else the current directory) into @dir. */
static inline void unit_copy_fixture(const char *dir, const char *name)
{
	const char *top = getenv("TOP");
	char cmd[8600];

	snprintf(cmd, sizeof(cmd), "cp -a '%s/tests/fixtures/%s/.' '%s/'",
		 top ? top : ".", name, dir);
	ck_assert_int_eq(system(cmd), 0);
}

/* Create @dir/@rel (and its parents) holding @content. */
static inline void unit_put(const char *dir, const char *rel, const char *content)
{
	char path[4200], cmd[8600];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, rel);
	snprintf(cmd, sizeof(cmd), "mkdir -p \"$(dirname '%s')\"", path);
	ck_assert_int_eq(system(cmd), 0);
	f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fputs(content, f);
	fclose(f);
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

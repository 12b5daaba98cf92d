// SPDX-License-Identifier: GPL-2.0-or-later
/* Unit tests for the module query: state, removal order, what is loaded, the errors. */
#include <errno.h>

#include "ovf/kmod.h"
#include "unit.h"

UNIT_DEFINE_TMPROOT(tmp, root, setup, teardown)

/* @holder holds @mod: sys/module/@mod/holders/@holder */
static void hold(const char *mod, const char *holder)
{
	char path[4200];

	snprintf(path, sizeof(path), "%s/sys/module/%s/holders", tmp, mod);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/sys/module/%s/holders/%s", tmp, mod, holder);
	ck_assert_int_eq(symlink("../../x", path), 0);
}

START_TEST(mod_state_and_order)
{
	char names[3][OVF_MODNAME_MAX] = { "a", "b", "c" };
	struct ovf_mod_state st;
	char path[4200];

	/* c holds b, b holds a: removal order c, b, a */
	unit_put(tmp, "sys/module/a/refcnt", "1\n");
	unit_put(tmp, "sys/module/b/refcnt", "1\n");
	unit_put(tmp, "sys/module/c/refcnt", "0\n");
	snprintf(path, sizeof(path), "%s/sys/module/a/holders", tmp);
	ck_assert_int_eq(mkdir(path, 0755), 0);
	snprintf(path, sizeof(path), "%s/sys/module/a/holders/b", tmp);
	ck_assert_int_eq(symlink("../../b", path), 0);
	snprintf(path, sizeof(path), "%s/sys/module/b/holders", tmp);
	ck_assert_int_eq(mkdir(path, 0755), 0);
	snprintf(path, sizeof(path), "%s/sys/module/b/holders/c", tmp);
	ck_assert_int_eq(symlink("../../c", path), 0);
	ck_assert_int_eq(ovf_mod_state(&root, "a", &st, NULL), 0);
	ck_assert(st.loaded);
	ck_assert_int_eq(st.refcnt, 1);
	ck_assert_int_eq(st.nholders, 1);
	ck_assert_str_eq(st.holders[0], "b");
	ck_assert_int_eq(ovf_mod_unload_order(&root, names, 3, NULL), 0);
	ck_assert_str_eq(names[0], "c");
	ck_assert_str_eq(names[1], "b");
	ck_assert_str_eq(names[2], "a");
	ck_assert_int_eq(ovf_mod_state(&root, "zz", &st, NULL), 0);
	ck_assert(!st.loaded);
	ck_assert_int_eq(ovf_mod_state(&root, "../x", &st, NULL), -EINVAL);
}
END_TEST

START_TEST(mod_name_norm)
{
	char out[OVF_MODNAME_MAX];

	ck_assert_int_eq(ovf_mod_name_norm("nvidia-drm", out, sizeof(out)), 0);
	ck_assert_str_eq(out, "nvidia_drm");
	ck_assert_int_eq(ovf_mod_name_norm("a/b", out, sizeof(out)), -EINVAL);
}
END_TEST

START_TEST(mod_loaded_is_query_only)
{
	const char names[4][OVF_MODNAME_MAX] = { "a", "gone", "b", "c" };
	char out[4][OVF_MODNAME_MAX];
	struct ovf_mod_state st[4];
	struct ovf_err e;

	/* c holds b holds a; b is also in use by something else: still listed */
	unit_put(tmp, "sys/module/a/refcnt", "1\n");
	unit_put(tmp, "sys/module/b/refcnt", "5\n");
	unit_put(tmp, "sys/module/c/refcnt", "0\n");
	hold("a", "b");
	hold("b", "c");
	ck_assert_int_eq(ovf_mod_loaded(&root, names, 4, out, st, &e), 3);
	ck_assert_str_eq(out[0], "c");
	ck_assert_str_eq(out[1], "b");
	ck_assert_int_eq(st[1].refcnt, 5);
	ck_assert_str_eq(out[2], "a");
	ck_assert_str_eq(st[2].holders[0], "b");
}
END_TEST

START_TEST(mod_errors_name_the_file)
{
	char names[2][OVF_MODNAME_MAX] = { "a", "b" };
	char out[2][OVF_MODNAME_MAX], want[4200];
	struct ovf_mod_state st[2];
	struct ovf_err e;

	/* a refcnt that is not a number: the error names that file */
	unit_put(tmp, "sys/module/a/refcnt", "many\n");
	ck_assert_int_lt(ovf_mod_state(&root, "a", &st[0], &e), 0);
	snprintf(want, sizeof(want), "%s/sys/module/a/refcnt", tmp);
	ck_assert_str_eq(e.path, want);
	ck_assert_str_eq(e.action, "read");
	ck_assert_int_lt(ovf_mod_loaded(&root, (const char (*)[OVF_MODNAME_MAX])names,
					2, out, st, &e), 0);
	ck_assert_str_eq(e.path, want);
	/* a holder cycle: -ELOOP, about sys/module */
	unit_put(tmp, "sys/module/a/refcnt", "1\n");
	unit_put(tmp, "sys/module/b/refcnt", "1\n");
	hold("a", "b");
	hold("b", "a");
	ck_assert_int_eq(ovf_mod_unload_order(&root, names, 2, &e), -ELOOP);
	ck_assert_int_eq(e.err, ELOOP);
	snprintf(want, sizeof(want), "%s/sys/module", tmp);
	ck_assert_str_eq(e.path, want);
}
END_TEST

START_TEST(mod_builtin_and_proc_modules)
{
	struct ovf_mod_state st;

	/* a directory without refcnt, and /proc/modules without it: built in */
	unit_put(tmp, "sys/module/vfio/parameters/x", "1\n");
	unit_put(tmp, "proc/modules", "nvidia 1 0 - Live 0x0\n");
	ck_assert_int_eq(ovf_mod_state(&root, "vfio", &st, NULL), 0);
	ck_assert(!st.loaded);
	ck_assert(st.builtin);
	/* listed in /proc/modules but no sysfs entry yet: loaded */
	ck_assert_int_eq(ovf_mod_state(&root, "nvidia", &st, NULL), 0);
	ck_assert(st.loaded);
	ck_assert_int_eq(st.refcnt, -1);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("kmod");
	TCase *tc = tcase_create("query");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, mod_state_and_order);
	tcase_add_test(tc, mod_name_norm);
	tcase_add_test(tc, mod_loaded_is_query_only);
	tcase_add_test(tc, mod_errors_name_the_file);
	tcase_add_test(tc, mod_builtin_and_proc_modules);
	suite_add_tcase(s, tc);
	return unit_run(s);
}

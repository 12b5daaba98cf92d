// SPDX-License-Identifier: GPL-2.0-or-later
/* Unit tests for src/lib/kvmfr.c: kvmfr sizes, qemu.conf, QEMU's user and its access to the node. */
#include <errno.h>
#include <sys/stat.h>

#include "ovf/kvmfr.h"
#include "ovf/util.h"
#include "unit.h"

UNIT_DEFINE_TMPROOT(tmp, root, setup, teardown)

START_TEST(size_entries)
{
	static const char *const bad[] = { "x", ",", "32,", ",32", "32,,64", "-1", "32 64",
					   "99999999999" };
	unsigned long mb = 7;
	size_t i;

	ck_assert_int_eq(ovf_kvmfr_size_entry("128,64", 0, &mb), 0);
	ck_assert_uint_eq(mb, 128);
	ck_assert_int_eq(ovf_kvmfr_size_entry("128,64", 1, &mb), 0);
	ck_assert_uint_eq(mb, 64);
	ck_assert_int_eq(ovf_kvmfr_size_entry("128,64", 2, &mb), -ENOENT);
	ck_assert_int_eq(ovf_kvmfr_size_entry("", 0, &mb), -ENOENT);
	ck_assert_int_eq(ovf_kvmfr_size_entry(NULL, 0, &mb), -ENOENT);
	for (i = 0; i < ARRAY_SIZE(bad); i++)
		ck_assert_msg(ovf_kvmfr_size_entry(bad[i], 0, &mb) == -EINVAL, "took '%s'", bad[i]);
}
END_TEST

/* The sizes found under the root are @list, read from @from. */
static void sizes_are(const char *list, const char *from)
{
	struct ovf_kvmfr_sizes s;

	ck_assert_int_eq(ovf_kvmfr_sizes(&root, &s), 0);
	ck_assert_str_eq(s.list, list);
	ck_assert_str_eq(s.from, from);
}

START_TEST(sizes_where_from)
{
	struct ovf_kvmfr_sizes s;

	/* nothing says */
	ck_assert_int_eq(ovf_kvmfr_sizes(&root, &s), -ENOENT);
	/* the kernel command line, the last resort */
	unit_put(tmp, "proc/cmdline", "quiet kvmfr.static_size_mb=16 splash\n");
	sizes_are("16", "proc/cmdline");
	/* modprobe.d: comments, other modules and non-.conf files skipped */
	unit_put(tmp, "usr/lib/modprobe.d/10-lg.conf",
		 "# options kvmfr static_size_mb=1\noptions kvmfrx static_size_mb=2\n"
		 "options kvmfr static_size_mb=64 # the 2560x1440 guest\n");
	unit_put(tmp, "etc/modprobe.d/05-other.conf", "options snd_hda_intel power_save=0\n");
	unit_put(tmp, "etc/modprobe.d/99-notconf", "options kvmfr static_size_mb=8\n");
	sizes_are("64", "usr/lib/modprobe.d/10-lg.conf");
	/* files by name across the directories: the last value given wins */
	unit_put(tmp, "etc/modprobe.d/20-kvmfr.conf", "options kvmfr static_size_mb=128,32\n");
	sizes_are("128,32", "etc/modprobe.d/20-kvmfr.conf");
	unit_put(tmp, "run/modprobe.d/01-early.conf", "options kvmfr static_size_mb=4\n");
	sizes_are("128,32", "etc/modprobe.d/20-kvmfr.conf");
	/* the same name in etc/ shadows lib/'s */
	unit_sh(tmp, "rm etc/modprobe.d/20-kvmfr.conf run/modprobe.d/01-early.conf");
	unit_put(tmp, "etc/modprobe.d/10-lg.conf", "# kvmfr off for now\n");
	sizes_are("16", "proc/cmdline");
	/* the loaded module's own parameter, where it exports one, wins */
	unit_put(tmp, "sys/module/kvmfr/parameters/static_size_mb", "32\n");
	sizes_are("32", "sys/module/kvmfr/parameters/static_size_mb");
}
END_TEST

START_TEST(qemu_conf)
{
	struct ovf_qemu_conf c;
	struct ovf_err e;

	/* no file: libvirt's built-in defaults */
	ck_assert_int_eq(ovf_qemu_conf_read(&root, "/dev/kvmfr0", &c, &e), 0);
	ck_assert_str_eq(c.user, OVF_QEMU_USER_DEFAULT);
	ck_assert_str_eq(c.group, OVF_QEMU_GROUP_DEFAULT);
	ck_assert(!c.user_set && !c.group_set && !c.acl_set);
	unit_put(tmp, OVF_QEMU_CONF,
		 "# user = \"nobody\"\n"
		 "vnc_listen = \"0.0.0.0\"\n"
		 "security_driver = [ \"apparmor\" ]\n"
		 "user = \"alice\"\n"
		 "group=\"kvm\"  # for the node\n"
		 "cgroup_device_acl = [\n"
		 "    \"/dev/null\", \"/dev/full\", # comment, \"/dev/kvmfr0\"\n"
		 "    \"/dev/kvmfr0\"\n"
		 "]\n"
		 "max_files = 4096\n");
	ck_assert_int_eq(ovf_qemu_conf_read(&root, "/dev/kvmfr0", &c, &e), 0);
	ck_assert_str_eq(c.user, "alice");
	ck_assert_str_eq(c.group, "kvm");
	ck_assert(c.user_set && c.group_set && c.acl_set && c.acl_has);
	/* the device only in a comment is not listed */
	unit_put(tmp, OVF_QEMU_CONF,
		 "cgroup_device_acl = [ \"/dev/null\", # \"/dev/kvmfr0\"\n \"/dev/kvm\" ]\n");
	ck_assert_int_eq(ovf_qemu_conf_read(&root, "/dev/kvmfr0", &c, &e), 0);
	ck_assert(c.acl_set && !c.acl_has);
	ck_assert(!c.user_set);
	/* unreadable: named */
	unit_sh(tmp, "rm etc/libvirt/qemu.conf && mkdir etc/libvirt/qemu.conf");
	ck_assert_int_lt(ovf_qemu_conf_read(&root, "/dev/kvmfr0", &c, &e), 0);
	ck_assert_ptr_nonnull(strstr(e.path, "etc/libvirt/qemu.conf"));
}
END_TEST

static void passwd(void)
{
	unit_put(tmp, "etc/passwd",
		 "root:x:0:0:root:/root:/bin/bash\n"
		 "libvirt-qemu:x:64055:108:Libvirt Qemu,,,:/var/lib/libvirt:/usr/sbin/nologin\n"
		 "alice:x:1000:1000::/home/alice:/bin/bash\n");
	unit_put(tmp, "etc/group",
		 "root:x:0:\n"
		 "kvm:x:108:\n"
		 "libvirt-qemu:x:64055:libvirt-qemu\n"
		 "video::44:alice,libvirt-qemu\n"
		 "alice:x:1000:\n");
}

static int has_group(const struct ovf_cred *c, gid_t g)
{
	int i;

	for (i = 0; i < c->ngroups; i++)
		if (c->groups[i] == g)
			return 1;
	return 0;
}

START_TEST(cred_lookup)
{
	struct ovf_cred c;
	struct ovf_err e;

	ck_assert_int_lt(ovf_cred_lookup(&root, "libvirt-qemu", "libvirt-qemu", &c, &e), 0);
	ck_assert_ptr_nonnull(strstr(e.path, "etc/passwd"));
	passwd();
	ck_assert_int_eq(ovf_cred_lookup(&root, "libvirt-qemu", "libvirt-qemu", &c, &e), 0);
	ck_assert_uint_eq(c.uid, 64055);
	ck_assert_uint_eq(c.gid, 64055);
	/* its primary group (kvm) and the groups that list it (an empty password field too) */
	ck_assert(has_group(&c, 108) && has_group(&c, 64055) && has_group(&c, 44));
	ck_assert(!has_group(&c, 1000) && !has_group(&c, 0));
	ck_assert_int_eq(ovf_cred_lookup(&root, "+0", "+0", &c, &e), 0);
	ck_assert_uint_eq(c.uid, 0);
	ck_assert_int_eq(ovf_cred_lookup(&root, "+4242", "kvm", &c, &e), 0);
	ck_assert_uint_eq(c.uid, 4242);
	ck_assert_uint_eq(c.gid, 108);
	ck_assert_int_eq(c.ngroups, 1);
	ck_assert_int_eq(ovf_cred_lookup(&root, "qemu", "kvm", &c, &e), -ENOENT);
	ck_assert_str_eq(ovf_err_why(&e), "no user 'qemu'");
	ck_assert_int_eq(ovf_cred_lookup(&root, "alice", "nogroup", &c, &e), -ENOENT);
	ck_assert_str_eq(ovf_err_why(&e), "no group 'nogroup'");
	ck_assert_ptr_nonnull(strstr(e.path, "etc/group"));
	ck_assert_int_eq(ovf_cred_lookup(&root, "+x", "kvm", &c, &e), -ENOENT);
}
END_TEST

START_TEST(may_rw)
{
	struct ovf_cred c = { .uid = 64055, .gid = 64055, .ngroups = 2, .groups = { 64055, 108 } };
	struct stat st = { .st_uid = 0, .st_gid = 0, .st_mode = S_IFCHR | 0600 };

	ck_assert(!ovf_cred_may_rw(&c, &st));
	st.st_gid = 108;
	ck_assert(!ovf_cred_may_rw(&c, &st));
	st.st_mode = S_IFCHR | 0660;
	ck_assert(ovf_cred_may_rw(&c, &st));
	st.st_mode = S_IFCHR | 0640;
	ck_assert(!ovf_cred_may_rw(&c, &st));
	/* the owner's bits count for the owner, not the group's */
	st.st_uid = 64055;
	st.st_mode = S_IFCHR | 0066;
	ck_assert(!ovf_cred_may_rw(&c, &st));
	st.st_mode = S_IFCHR | 0600;
	ck_assert(ovf_cred_may_rw(&c, &st));
	st.st_uid = 1000;
	st.st_gid = 1000;
	st.st_mode = S_IFCHR | 0666;
	ck_assert(ovf_cred_may_rw(&c, &st));
	st.st_mode = S_IFCHR | 0660;
	ck_assert(!ovf_cred_may_rw(&c, &st));
	c.uid = 0;
	ck_assert(ovf_cred_may_rw(&c, &st));
}
END_TEST

int main(void)
{
	Suite *s = suite_create("kvmfr");
	TCase *tc = tcase_create("kvmfr");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, size_entries);
	tcase_add_test(tc, sizes_where_from);
	tcase_add_test(tc, qemu_conf);
	tcase_add_test(tc, cred_lookup);
	tcase_add_test(tc, may_rw);
	suite_add_tcase(s, tc);
	return unit_run(s);
}

/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Looking Glass's kvmfr device: the sizes the module was given, and whether QEMU's user may open the node. */
#ifndef OVF_KVMFR_H
#define OVF_KVMFR_H

#include <stddef.h>
#include <sys/stat.h>
#include <sys/types.h>

#include "ovf/err.h"
#include "ovf/root.h"

/* Internal to optimus-vfio; not a stable interface. */

#define OVF_KVMFR_MODULE "kvmfr"
#define OVF_KVMFR_DEV_PREFIX "/dev/kvmfr"
/* libvirt's QEMU user and group when qemu.conf sets none (Debian's build) */
#define OVF_QEMU_USER_DEFAULT "libvirt-qemu"
#define OVF_QEMU_GROUP_DEFAULT "libvirt-qemu"
#define OVF_QEMU_CONF "etc/libvirt/qemu.conf"
#define OVF_CRED_GROUPS_MAX 64

/*
 * The MiB of device @index in a static_size_mb list ("128,64": kvmfr0 128,
 * kvmfr1 64) in @mb. 0, -ENOENT when the list is shorter, -EINVAL when it
 * is not a list of decimal numbers.
 */
int ovf_kvmfr_size_entry(const char *list, unsigned int index, unsigned long *mb);

/* The static_size_mb list of the module, and where it was read. */
struct ovf_kvmfr_sizes {
	char list[128];
	char from[320];		/* relative to the root; "proc/cmdline" */
};

/*
 * Find the list: sys/module/kvmfr/parameters/static_size_mb (kvmfr does
 * not export it in every version), else the "options kvmfr
 * static_size_mb=" of modprobe.d (etc, run, lib, usr/lib: the sizes the
 * module gets when loaded), else kvmfr.static_size_mb= on proc/cmdline.
 * 0, or -ENOENT when none says.
 */
int ovf_kvmfr_sizes(const struct ovf_root *r, struct ovf_kvmfr_sizes *s);

/* What libvirt's qemu.conf says about the QEMU process. */
struct ovf_qemu_conf {
	char user[64], group[64];	/* the defaults when not set */
	int user_set, group_set;
	int acl_set;			/* cgroup_device_acl given */
	int acl_has;			/* ... and it lists the device asked about */
};

/*
 * Read OVF_QEMU_CONF under the root (missing: the defaults) for @dev in
 * cgroup_device_acl. 0, or -errno with @e naming the file.
 */
int ovf_qemu_conf_read(const struct ovf_root *r, const char *dev,
		       struct ovf_qemu_conf *c, struct ovf_err *e);

/* A user's IDs and groups as etc/passwd and etc/group under the root give them. */
struct ovf_cred {
	uid_t uid;
	gid_t gid;			/* the group QEMU runs as */
	int ngroups;
	gid_t groups[OVF_CRED_GROUPS_MAX];	/* @gid, the user's primary and supplementary groups */
};

/*
 * Look up @user and @group ("+N" is the number N, as in qemu.conf). 0, or
 * -ENOENT with @e naming the file that lacks the name, -errno for a file
 * that cannot be read.
 */
int ovf_cred_lookup(const struct ovf_root *r, const char *user, const char *group,
		    struct ovf_cred *c, struct ovf_err *e);

/* May @c open a file of @st for reading and writing (mode bits; uid 0 may)? */
int ovf_cred_may_rw(const struct ovf_cred *c, const struct stat *st);

#endif

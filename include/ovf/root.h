/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Root-relative access to /sys and /proc: every path resolves under a sysroot. */
#ifndef OVF_ROOT_H
#define OVF_ROOT_H

#include <stdarg.h>
#include <stddef.h>
#include <sys/types.h>

/* Internal to optimus-vfio; not a stable interface. */

#define OVF_SYSROOT_ENV "OPTIMUS_VFIO_SYSROOT"

struct ovf_root {
	int dirfd;		/* O_PATH|O_DIRECTORY fd of the root */
	char dir[4096];		/* as given, without trailing '/', "" for "/" */
};

/*
 * Pick the sysroot: the option if given, else $OPTIMUS_VFIO_SYSROOT if set,
 * else "/". NULL when the chosen one is empty (an error, not the live system).
 */
const char *ovf_root_choose(const char *opt);

/* Open the root directory. Returns 0 or -errno. */
int ovf_root_open(struct ovf_root *r, const char *dir);
void ovf_root_close(struct ovf_root *r);

/* True when the root is not "/" (a fixture tree or another sysroot). */
int ovf_root_is_sysroot(const struct ovf_root *r);

/*
 * The full path of @path for messages: "<root>/<path>". @path may start with
 * '/' or not; it is always taken relative to the root.
 */
const char *ovf_root_display(const struct ovf_root *r, const char *path,
			     char *buf, size_t len);

/*
 * Open @path under the root. Absolute symlinks and ".." cannot escape the
 * root (openat2 RESOLVE_IN_ROOT where the kernel has it). Returns fd or -errno.
 */
int ovf_open(const struct ovf_root *r, const char *path, int flags, mode_t mode);

/* Like ovf_open() but formats the path: ovf_openf(r, flags, "sys/%s", x). */
int ovf_openf(const struct ovf_root *r, int flags, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/*
 * Read a whole small attribute file into @buf (NUL-terminated), strip exactly
 * one trailing newline. Returns the length or -errno (-EFBIG if it does not fit).
 */
ssize_t ovf_read_str(const struct ovf_root *r, const char *path, char *buf,
		     size_t len);

/*
 * Read a whole text file under the root into a malloc'd, NUL-terminated
 * string. -EFBIG past about @max bytes, -EBADMSG if it holds a NUL byte.
 */
int ovf_read_text(const struct ovf_root *r, const char *path, char **text,
		  size_t max);

/* Parse an attribute holding a number (any base strtoull accepts). */
int ovf_read_u64(const struct ovf_root *r, const char *path,
		 unsigned long long *val);

/*
 * Write @s to an existing file: O_WRONLY|O_CLOEXEC, never O_CREAT, retries on
 * short writes and EINTR. Returns 0 or -errno.
 */
int ovf_write_str(const struct ovf_root *r, const char *path, const char *s);

/* readlink under the root; NUL-terminates. Returns length or -errno. */
ssize_t ovf_readlink(const struct ovf_root *r, const char *path, char *buf,
		     size_t len);

/* The last component of a symlink's target ("driver" -> "vfio-pci"). */
int ovf_readlink_base(const struct ovf_root *r, const char *path, char *buf,
		      size_t len);

/* 0 if @path exists under the root (lstat semantics), else -errno. */
int ovf_exists(const struct ovf_root *r, const char *path);

/*
 * stat(2) of @path under the root, symlinks followed inside it; a device
 * node is not opened. 0 or -errno.
 */
struct stat;
int ovf_stat(const struct ovf_root *r, const char *path, struct stat *st);

/* Make directories under the root as "mkdir -p" would, mode 0755. */
int ovf_mkdir_p(const struct ovf_root *r, const char *path);

/*
 * The same calls with a printf-style path, as util-linux's ul_path_readf
 * family: ovf_read_strf(r, buf, sizeof(buf), "sys/bus/pci/devices/%s/vendor",
 * addr). A path that does not fit is -ENAMETOOLONG.
 */
#define OVF_PATHF __attribute__((format(printf, 4, 5)))
/* Format a path for the calls below (and the writer's): 0 or -ENAMETOOLONG, never cut. */
int ovf_vpathf(char *path, size_t len, const char *fmt, va_list ap)
	__attribute__((format(printf, 3, 0)));
ssize_t ovf_read_strf(const struct ovf_root *r, char *buf, size_t len,
		      const char *fmt, ...) OVF_PATHF;
int ovf_read_u64f(const struct ovf_root *r, unsigned long long *val,
		  const char *fmt, ...) __attribute__((format(printf, 3, 4)));
int ovf_write_strf(const struct ovf_root *r, const char *s,
		   const char *fmt, ...) __attribute__((format(printf, 3, 4)));
ssize_t ovf_readlinkf(const struct ovf_root *r, char *buf, size_t len,
		      const char *fmt, ...) OVF_PATHF;
int ovf_readlink_basef(const struct ovf_root *r, char *buf, size_t len,
		       const char *fmt, ...) OVF_PATHF;
int ovf_existsf(const struct ovf_root *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
#undef OVF_PATHF

#endif

/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Small helpers shared by the tools: number parsing, atomic file output. */
#ifndef OVF_UTIL_H
#define OVF_UTIL_H

#include <errno.h>
#include <stddef.h>
#include <stdint.h>

#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#endif

#ifndef OVF_VERSION
#define OVF_VERSION "0.2.0"
#endif

/*
 * -errno of a call that just failed, never 0 or positive: a failure must
 * not read as success (or as a byte count) even if errno was not set.
 */
static inline int ovf_neg_errno(void)
{
	int e = errno;	/* one read: errno is a call, each may differ */

	return e > 0 ? -e : -EIO;
}

/* mkdir -p of a host path (not under a sysroot), mode 0755.  0 or -errno. */
int ovf_mkdir_p_host(const char *dir);

/* The value of one hex digit, or -1. */
int ovf_hexval(char c);

/*
 * Parse a size: decimal (a leading 0 is not octal), 0x hex, with optional K/M
 * suffix (KiB/MiB).
 * Returns 0 or -EINVAL / -ERANGE.
 */
int ovf_parse_size(const char *s, uint64_t *val);

/* How much of a user's value a message repeats. */
#define OVF_BOUNDED_MAX 64
/* Room for the longest ovf_bounded() result: every byte \xNN, and the tail. */
#define OVF_BOUNDED_LEN (OVF_BOUNDED_MAX * 4 + 32)
/*
 * @s as a message may repeat it, in @buf (@len, OVF_BOUNDED_LEN is always
 * enough): control bytes and '\' escaped (\xNN, \\), cut after
 * OVF_BOUNDED_MAX bytes with "...(N bytes)", the full length. Returns @buf;
 * a NULL @s is "(null)".
 */
const char *ovf_bounded(const char *s, char *buf, size_t len);

/* Parse an unsigned integer in [min, max]: decimal, or hex after 0x (a leading 0 is not octal). 0 or -EINVAL/-ERANGE. */
int ovf_parse_ulong(const char *s, unsigned long min, unsigned long max,
		    unsigned long *val);

/*
 * Output file. A new path or a regular file is written atomically: data goes
 * to a temporary file in the target's directory, which replaces the target
 * only on ovf_outfile_commit(). A FIFO or a character device (or a link to
 * one: /dev/null, /dev/stdout on a pipe) is written through, as `cat > path`
 * does; it is never replaced. Anything else is refused (ovf_outfile_check).
 * Paths here are ordinary host paths, not sysroot-relative. A temporary file
 * is on the signal undo list (ovf/cleanup.h) while it exists.
 */
struct ovf_outfile {
	int fd;
	int direct;		/* written through: no temporary file */
	char path[4096];
	char tmp[4096];
};

/*
 * May @path be an output? 0 for a new path, a regular file, a FIFO or a
 * character device (directly or through a link); -EISDIR for a directory
 * (or a link to one); -EINVAL with @what set ("a block device", "a socket",
 * "a symbolic link to a regular file", "a dangling symbolic link", "an empty
 * path") for what is never written; another -errno when lstat fails.
 */
int ovf_outfile_check(const char *path, const char **what);
/* ovf_outfile_check, then the temporary file or the stream. 0 or -errno. */
int ovf_outfile_open(struct ovf_outfile *o, const char *path, int mode);
int ovf_outfile_write(struct ovf_outfile *o, const void *buf, size_t len);
/* fsync, rename over the target (a stream: close). On error the temp file is removed. */
int ovf_outfile_commit(struct ovf_outfile *o);
/* Remove the temporary file; the target is untouched (a stream keeps what it got). Safe to call twice. */
void ovf_outfile_abort(struct ovf_outfile *o);
/* Write @buf and commit; on any error abort (the target stays as it was). 0 or -errno. */
int ovf_outfile_finish(struct ovf_outfile *o, const void *buf, size_t len);

/* write() all of @buf, retrying on EINTR and short writes. 0 or -errno. */
int ovf_write_all(int fd, const void *buf, size_t len);
/* Create @path (it must not exist: O_EXCL, mode 0600) holding @len bytes of @buf. 0 or -errno. */
int ovf_write_new(const char *path, const void *buf, size_t len);

/*
 * Read @fd to its end into a malloc'd buffer (-EFBIG past @max bytes);
 * @fd stays open. 0 or -errno.
 */
int ovf_read_fd(int fd, uint8_t **buf, size_t *len, size_t max);

/* Read a whole file (host path, or "-" for stdin) into a malloc'd buffer (NULL, 0 on an error). */
int ovf_read_file(const char *path, uint8_t **buf, size_t *len, size_t max);
/* ovf_read_file, NUL-terminated for the string functions (a program's log). */
int ovf_read_file_text(const char *path, char **text, size_t *len, size_t max);
/* ovf_read_fd, NUL-terminated (what a program wrote to a file it was given). */
int ovf_read_fd_text(int fd, char **text, size_t *len, size_t max);

/*
 * A kernel module or driver name: [A-Za-z0-9_-], 1 to @max - 1 characters.
 * 1 when @name is one (NULL is not), else 0.
 */
int ovf_kernel_name_valid(const char *name, size_t max);

/*
 * @path made absolute, resolved where it exists and joined to the working
 * directory where it does not (a ROM not dumped yet). malloc'd; NULL on ENOMEM.
 */
char *ovf_abs_path(const char *path);

#endif

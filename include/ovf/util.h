/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Small helpers shared by the tools: number parsing, atomic file output. */
#ifndef OVF_UTIL_H
#define OVF_UTIL_H

#include <stddef.h>
#include <stdint.h>

#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
/*
 * @path made absolute, resolved where it exists and joined to the working
 * directory where it does not (a ROM not dumped yet). malloc'd; NULL on ENOMEM.
 */
char *ovf_abs_path(const char *path);

#endif

#ifndef OVF_VERSION
#define OVF_VERSION "0.1.0"
/*
 * @path made absolute, resolved where it exists and joined to the working
 * directory where it does not (a ROM not dumped yet). malloc'd; NULL on ENOMEM.
 */
char *ovf_abs_path(const char *path);

#endif

/* The value of one hex digit, or -1. */
int ovf_hexval(char c);

/*
 * Parse a size: decimal, 0x hex, with optional K/M suffix (KiB/MiB).
 * Returns 0 or -EINVAL / -ERANGE.
 */
int ovf_parse_size(const char *s, uint64_t *val);

/* Parse an unsigned integer in [min, max], base 0 (0x.. hex). 0 or -EINVAL/-ERANGE. */
int ovf_parse_ulong(const char *s, unsigned long min, unsigned long max,
		    unsigned long *val);

/*
 * Atomic output file: data goes to a temporary file in the target's
 * directory, which replaces the target only on ovf_outfile_commit().
 * Paths here are ordinary host paths, not sysroot-relative.
 */
struct ovf_outfile {
	int fd;
	char path[4096];
	char tmp[4096];
};

/* Refuses a target that is a directory (-EISDIR). Returns 0 or -errno. */
int ovf_outfile_open(struct ovf_outfile *o, const char *path, int mode);
int ovf_outfile_write(struct ovf_outfile *o, const void *buf, size_t len);
/* fsync, rename over the target. On error the temp file is removed. */
int ovf_outfile_commit(struct ovf_outfile *o);
/* Remove the temporary file; the target is untouched. Safe to call twice. */
void ovf_outfile_abort(struct ovf_outfile *o);

/* write() all of @buf, retrying on EINTR and short writes. 0 or -errno. */
int ovf_write_all(int fd, const void *buf, size_t len);

/* Read a whole file (host path, or "-" for stdin) into a malloc'd buffer. */
int ovf_read_file(const char *path, uint8_t **buf, size_t *len, size_t max);

/*
 * @path made absolute, resolved where it exists and joined to the working
 * directory where it does not (a ROM not dumped yet). malloc'd; NULL on ENOMEM.
 */
char *ovf_abs_path(const char *path);

#endif

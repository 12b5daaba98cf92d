/* SPDX-License-Identifier: GPL-2.0-or-later */
/* JSON output: the one string escaper of the --json tools, and the error object. */
#ifndef OVF_JSON_H
#define OVF_JSON_H

#include <stddef.h>
#include <stdio.h>

/* Internal to optimus-vfio; not a stable interface. */

/*
 * Escape @s (NUL-terminated, any bytes) as the inside of a JSON string,
 * without the quotes, into @out (@len bytes, always NUL-terminated when
 * @len > 0). '"' and '\' are backslashed; \b \f \n \r \t get their short
 * escapes; other bytes below 0x20 and 0x7f become \u00XX. Valid UTF-8 is
 * copied as it is. Each byte that is not part of a valid UTF-8 sequence
 * (a stray continuation byte, a truncated or overlong sequence, a
 * surrogate, a code point above U+10FFFF) becomes \ufffd, so the output
 * is always valid UTF-8 JSON whatever the input (file names and sysfs
 * values are bytes, not text). Returns the length the whole escape
 * needs, without the NUL, like snprintf: output was cut if >= @len.
 */
size_t ovf_json_escape(char *out, size_t len, const char *s);

/* Write @s to @f as a quoted JSON string, escaped as above. 0, -ENOMEM or -EIO. */
int ovf_json_str(FILE *f, const char *s);

/*
 * Write the value of a record's "error" member to @f:
 * {"message":"...","path":"..."}, "path" left out when @path is NULL or
 * empty. Every --json tool reports a failure with this one object.
 * 0, -ENOMEM or -EIO.
 */
int ovf_json_error(FILE *f, const char *message, const char *path);

#endif

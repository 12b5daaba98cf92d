// SPDX-License-Identifier: GPL-2.0-or-later
/* JSON string escaping that always yields valid UTF-8, whatever bytes come in. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ovf/json.h"

/*
 * Length of the valid UTF-8 sequence at @p (1-4), or 0 when the byte at
 * @p does not start one. Follows RFC 3629: no overlong forms, no
 * surrogates (U+D800..U+DFFF), nothing above U+10FFFF.
 */
static size_t utf8_len(const unsigned char *p)
{
	unsigned char c = p[0];
	unsigned char lo = 0x80, hi = 0xbf;
	size_t n, i;

	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf)
		n = 2;
	else if (c >= 0xe0 && c <= 0xef)
		n = 3;
	else if (c >= 0xf0 && c <= 0xf4)
		n = 4;
	else
		return 0;	/* continuation byte, C0/C1 overlong, F5..FF */
	/* the second byte's range is what rules out overlongs and surrogates */
	if (c == 0xe0)
		lo = 0xa0;
	else if (c == 0xed)
		hi = 0x9f;
	else if (c == 0xf0)
		lo = 0x90;
	else if (c == 0xf4)
		hi = 0x8f;
	if (p[1] < lo || p[1] > hi)
		return 0;
	/* a NUL ends the string here, and fails this test too */
	for (i = 2; i < n; i++)
		if ((p[i] & 0xc0) != 0x80)
			return 0;
	return n;
}

/* Append @n bytes of @src at *@pos, as far as @len allows. */
static void put(char *out, size_t len, size_t *pos, const char *src, size_t n)
{
	size_t room;

	if (len && *pos < len - 1) {
		room = len - 1 - *pos;
		memcpy(out + *pos, src, n < room ? n : room);
	}
	*pos += n;
}

size_t ovf_json_escape(char *out, size_t len, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	char esc[8];
	size_t pos = 0, n;

	while (*p) {
		n = utf8_len(p);
		if (n == 0) {
			put(out, len, &pos, "\\ufffd", 6);
			p++;
			continue;
		}
		if (n > 1) {
			put(out, len, &pos, (const char *)p, n);
			p += n;
			continue;
		}
		switch (*p) {
		case '"':
			put(out, len, &pos, "\\\"", 2);
			break;
		case '\\':
			put(out, len, &pos, "\\\\", 2);
			break;
		case '\b':
			put(out, len, &pos, "\\b", 2);
			break;
		case '\f':
			put(out, len, &pos, "\\f", 2);
			break;
		case '\n':
			put(out, len, &pos, "\\n", 2);
			break;
		case '\r':
			put(out, len, &pos, "\\r", 2);
			break;
		case '\t':
			put(out, len, &pos, "\\t", 2);
			break;
		default:
			/* DEL is legal JSON, but invisible in a terminal */
			if (*p < 0x20 || *p == 0x7f) {
				snprintf(esc, sizeof(esc), "\\u%04x", *p);
				put(out, len, &pos, esc, 6);
			} else {
				put(out, len, &pos, (const char *)p, 1);
			}
		}
		p++;
	}
	if (len)
		out[pos < len ? pos : len - 1] = '\0';
	return pos;
}

int ovf_json_str(FILE *f, const char *s)
{
	char small[1024], *buf = small;
	size_t n;
	int err = 0;

	n = ovf_json_escape(small, sizeof(small), s);
	if (n >= sizeof(small)) {
		/* a long string: escape it again into a buffer of its size */
		buf = malloc(n + 1);
		if (!buf)
			return -ENOMEM;
		ovf_json_escape(buf, n + 1, s);
	}
	if (fprintf(f, "\"%s\"", buf) < 0)
		err = -EIO;
	if (buf != small)
		free(buf);
	return err;
}

int ovf_json_error(FILE *f, const char *message, const char *path)
{
	int err;

	if (fputs("{\"message\":", f) < 0)
		return -EIO;
	err = ovf_json_str(f, message ? message : "");
	if (!err && path && *path) {
		if (fputs(",\"path\":", f) < 0)
			return -EIO;
		err = ovf_json_str(f, path);
	}
	if (!err && fputc('}', f) == EOF)
		err = -EIO;
	return err;
}

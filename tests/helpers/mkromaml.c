// SPDX-License-Identifier: GPL-2.0-or-later
/* Test helper: wrap a ROM image in an SSDT as Name (\OVRD, Buffer () {...}) for the tests/acpi models. */

/*
 * The table is assembled here rather than written as ASL for iasl: iasl
 * takes minutes over one Buffer of a few hundred KiB, and the models
 * (tests/acpi/) want the image as one Buffer so that Mid() can cut any
 * request out of it.
 *
 * Usage: mkromaml [--limit N] ROM OUT.aml
 *   --limit N   keep only the first N bytes of ROM (a firmware copy that
 *               holds less than the image's chain claims)
 */

#include <err.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define HDR_LEN 36
#define AML_NAME_OP 0x08
#define AML_ROOT_CHAR 0x5c
#define AML_BUFFER_OP 0x11
#define AML_DWORD_PREFIX 0x0c

static uint8_t *read_file(const char *path, size_t *len)
{
	FILE *in = fopen(path, "rb");
	size_t cap = 65536, n;
	uint8_t *buf = malloc(cap);

	if (!in)
		err(1, "cannot open %s", path);
	if (!buf)
		err(1, "out of memory");
	*len = 0;
	while ((n = fread(buf + *len, 1, cap - *len, in)) > 0) {
		*len += n;
		if (*len == cap) {
			cap *= 2;
			buf = realloc(buf, cap);
			if (!buf)
				err(1, "out of memory");
		}
	}
	if (ferror(in))
		err(1, "cannot read %s", path);
	fclose(in);
	return buf;
}

/* AML PkgLength: the encoded length counts its own bytes. */
static size_t pkg_length(size_t content, uint8_t *out)
{
	size_t n, total;

	for (n = 1; n <= 4; n++) {
		total = content + n;
		if (n == 1 && total <= 0x3f) {
			out[0] = total;
			return 1;
		}
		if (n > 1 && total < (1ul << (4 + 8 * (n - 1)))) {
			size_t i;

			out[0] = ((n - 1) << 6) | (total & 0x0f);
			for (i = 1; i < n; i++)
				out[i] = (total >> (4 + 8 * (i - 1))) & 0xff;
			return n;
		}
	}
	errx(1, "ROM too large for one AML buffer");
}

/* table bytes that are ASCII but no C string (no NUL after them) */
static void put_chars(uint8_t *dst, const char *src, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		dst[i] = (uint8_t)src[i];
}

static void put32(uint8_t *p, uint32_t v)
{
	p[0] = v;
	p[1] = v >> 8;
	p[2] = v >> 16;
	p[3] = v >> 24;
}

int main(int argc, char **argv)
{
	size_t len, limit = SIZE_MAX, plen, body, total, off, i;
	uint8_t pkg[4], *rom, *t, sum = 0;
	FILE *out;
	char *end;

	if (argc == 5 && strcmp(argv[1], "--limit") == 0) {
		limit = strtoul(argv[2], &end, 0);
		if (*end || end == argv[2])
			errx(1, "--limit: bad number '%s'", argv[2]);
		argv += 2;
		argc -= 2;
	}
	if (argc != 3) {
		fprintf(stderr, "Usage: mkromaml [--limit N] ROM OUT.aml\n");
		return 1;
	}
	rom = read_file(argv[1], &len);
	if (len > limit)
		len = limit;
	/* BufferOp PkgLength (DWordConst size) bytes */
	plen = pkg_length(5 + len, pkg);
	body = 1 + 5 + 1 + plen + 5 + len;
	total = HDR_LEN + body;
	t = calloc(1, total);
	if (!t)
		err(1, "out of memory");
	put_chars(t, "SSDT", 4);
	put32(t + 4, total);
	t[8] = 2;
	put_chars(t + 10, "OVFTST", 6);
	put_chars(t + 16, "ROMDATA ", 8);
	put32(t + 24, 1);
	put_chars(t + 28, "OVF ", 4);
	put32(t + 32, 1);
	off = HDR_LEN;
	t[off++] = AML_NAME_OP;
	t[off++] = AML_ROOT_CHAR;
	put_chars(t + off, "OVRD", 4);
	off += 4;
	t[off++] = AML_BUFFER_OP;
	memcpy(t + off, pkg, plen);
	off += plen;
	t[off++] = AML_DWORD_PREFIX;
	put32(t + off, len);
	off += 4;
	memcpy(t + off, rom, len);
	for (i = 0; i < total; i++)
		sum += t[i];
	t[9] = -sum;
	out = fopen(argv[2], "wb");
	if (!out || fwrite(t, 1, total, out) != total || fclose(out))
		err(1, "cannot write %s", argv[2]);
	free(t);
	free(rom);
	return 0;
}

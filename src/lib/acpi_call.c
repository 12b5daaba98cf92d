// SPDX-License-Identifier: GPL-2.0-or-later
/* Client for acpi_call's /proc/acpi/call and a strict parser of what it prints. */

/*
 * Facts about acpi_call 1.2.2 (Debian acpi-call-dkms) this file relies on:
 *
 * Commands: "<path> <arg> <arg>...", one write() each. The path must be
 * absolute ("\_SB.PCI0..."). Every single space starts a new argument, so a
 * double or trailing space makes an argument the module never fills in; it
 * has room for 16 arguments and does not check. An argument is a string
 * ("..."), a buffer (bHEXPAIRS or {1, 0x2}), or else an integer: "0x"
 * followed by hex digits, otherwise decimal (a leading 0 is NOT octal);
 * integer parsing stops silently at the first bad character. One trailing
 * newline is dropped. Writes of more than 511 bytes fail with ENOSPC.
 * So the ROM dumper writes "<path>._ROM 0x<off> 0x<len>" (or decimal).
 *
 * Results: one 256-byte buffer, shared by every user of the file.
 *   Integer  "0x%x" of the value cast to int: lower-case, no padding,
 *            at most 32 bits.
 *   String   the characters between double quotes, no escaping.
 *   Buffer   "{0x55, 0xaa}", values "0x%02x" joined by ", ", "{}" when
 *            empty. At most 42 values fit; a longer buffer prints its first
 *            42 followed by "," and no "}", and no error is reported.
 *   Package  "[elem, elem]", nested; elements that do not fit are cut
 *            anywhere (the text just stops, without "]").
 *   Other    "Object type 0x%x\n".
 *   Errors   "Error: AE_..." (the ACPICA exception name).
 * A read() returns the text and its NUL, but only if the buffer can take
 * both: a smaller read returns 0 bytes and keeps the result. The read after
 * the whole result (the one seeing EOF) clears it; from then on reads give
 * "not called", as they do before any call.
 */

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "ovf/acpi_call.h"
#include "ovf/err.h"
#include "ovf/lock.h"
#include "ovf/util.h"

/* The module refuses longer writes (its input buffer is 512 with the NUL). */
#define ACPI_CALL_MAX_CMD 511
/* The module has room for this many arguments and overruns past it. */
#define ACPI_CALL_MAX_ARGS 16
/* Any result of the real module, or of a test stand-in with a bigger one. */
#define ACPI_CALL_READ_MAX (64 * 1024)
/* Deepest package nesting we follow before calling the text garbage. */
#define PKG_MAX_DEPTH 32

const char *ovf_acpi_type_name(enum ovf_acpi_type t)
{
	switch (t) {
	case OVF_ACPI_INTEGER:
		return "integer";
	case OVF_ACPI_STRING:
		return "string";
	case OVF_ACPI_BUFFER:
		return "buffer";
	case OVF_ACPI_PACKAGE:
		return "package";
	case OVF_ACPI_ERROR:
		return "error";
	case OVF_ACPI_NOT_CALLED:
		return "not called";
	case OVF_ACPI_OTHER:
		return "other";
	}
	return "unknown";
}

void ovf_acpi_result_free(struct ovf_acpi_result *res)
{
	if (!res)
		return;
	free(res->str);
	free(res->buf);
	memset(res, 0, sizeof(*res));
}

/*
 * The parsers below walk [p, end) and report through *pp where they
 * stopped. They return 0 for a complete item, 1 when the text ran out inside
 * it (the module's buffer was full), -EBADMSG for anything the module cannot
 * have printed.
 */

/* Match a literal that may be cut off by the end of the text. */
static int match_lit(const char **pp, const char *end, const char *lit)
{
	const char *p = *pp;

	for (; *lit; lit++, p++) {
		if (p == end) {
			*pp = p;
			return 1;
		}
		if (*p != *lit)
			return -EBADMSG;
	}
	*pp = p;
	return 0;
}

/* "0x" and one or more hex digits, or a prefix of that cut by the end. */
static int parse_hex(const char **pp, const char *end, uint64_t *val)
{
	const char *p = *pp;
	uint64_t v = 0;
	int n = 0, r;

	r = match_lit(&p, end, "0x");
	if (r) {
		*pp = p;
		return r;
	}
	for (; p < end && ovf_hexval(*p) >= 0; p++, n++) {
		if (n == 16)
			return -EBADMSG;
		v = v << 4 | ovf_hexval(*p);
	}
	*pp = p;
	if (!n)
		return p == end ? 1 : -EBADMSG;
	if (val)
		*val = v;
	return 0;
}

/*
 * "{0xHH, 0xHH}" with the values stored in @out (room for end - p bytes).
 * Cut off, the values that arrived whole count; a value cut in the middle
 * is dropped, because "0x5" is not the byte 0x05 but the start of 0x5?.
 * The module marks a buffer it cut itself with "," in place of "}".
 */
static int parse_buffer(const char **pp, const char *end, uint8_t *out,
			size_t *len)
{
	static const char tmpl[] = "0xHH";
	const char *p = *pp + 1;	/* past '{' */
	size_t n = 0;
	int i, r;

	*len = 0;
	if (p < end && *p == '}') {
		*pp = p + 1;
		return 0;
	}
	if (p < end && *p == ',') {
		/* "{,": not even one value fitted */
		if (++p != end)
			return -EBADMSG;
		*pp = p;
		return 1;
	}
	for (;;) {
		/* check what arrived of "0xHH", however little */
		for (i = 0; i < 4 && p + i < end; i++) {
			if (tmpl[i] == 'H' ? ovf_hexval(p[i]) < 0 : p[i] != tmpl[i])
				return -EBADMSG;
		}
		if (i < 4) {
			p = end;
			r = 1;
			break;
		}
		out[n++] = (uint8_t)(ovf_hexval(p[2]) << 4 | ovf_hexval(p[3]));
		p += 4;
		if (p == end) {
			r = 1;
			break;
		}
		if (*p == '}') {
			p++;
			r = 0;
			break;
		}
		if (*p++ != ',')
			return -EBADMSG;
		if (p == end) {
			r = 1;
			break;
		}
		if (*p++ != ' ')
			return -EBADMSG;
	}
	*pp = p;
	*len = n;
	return r;
}

static int parse_elem(const char **pp, const char *end, int depth);

/* "[elem, elem]" with nested packages; only checks the shape. */
static int parse_package(const char **pp, const char *end, int depth)
{
	const char *p = *pp + 1;	/* past '[' */
	int r;

	if (depth > PKG_MAX_DEPTH)
		return -EBADMSG;
	if (p < end && *p == ']') {
		*pp = p + 1;
		return 0;
	}
	for (;;) {
		r = parse_elem(&p, end, depth);
		if (r)
			goto out;
		if (p == end) {
			r = 1;
			goto out;
		}
		if (*p == ']') {
			p++;
			r = 0;
			goto out;
		}
		r = match_lit(&p, end, ", ");
		if (r)
			goto out;
		if (p == end) {
			r = 1;
			goto out;
		}
	}
out:
	*pp = p;
	return r;
}

static int parse_elem(const char **pp, const char *end, int depth)
{
	const char *p = *pp;
	uint8_t *tmp;
	size_t n;
	int r;

	if (p == end)
		return 1;
	switch (*p) {
	case '0':
		return parse_hex(pp, end, NULL);
	case '"':
		/*
		 * Strings are not escaped: take the first quote that is
		 * followed by what can follow an element.
		 */
		for (p++; p < end; p++) {
			if (*p != '"')
				continue;
			if (p + 1 == end || p[1] == ']' || p[1] == ',') {
				*pp = p + 1;
				return 0;
			}
		}
		*pp = end;
		return 1;
	case '{':
		tmp = malloc(end - p);
		if (!tmp)
			return -ENOMEM;
		r = parse_buffer(pp, end, tmp, &n);
		free(tmp);
		/* a buffer the module cut ends the whole text */
		if (r == 1 && *pp != end)
			return -EBADMSG;
		return r;
	case '[':
		return parse_package(pp, end, depth + 1);
	case 'O':
		r = match_lit(&p, end, "Object type ");
		if (!r)
			r = parse_hex(&p, end, NULL);
		if (!r)
			r = match_lit(&p, end, "\n");
		*pp = p;
		return r;
	}
	return -EBADMSG;
}

static int set_str(struct ovf_acpi_result *res, const char *s, size_t n)
{
	res->str = strndup(s, n);
	return res->str ? 0 : -ENOMEM;
}

/* "Error: " + an ACPICA exception name (or UNKNOWN_STATUS_CODE). */
static int parse_error(const char *s, size_t n, struct ovf_acpi_result *res)
{
	size_t i;

	if (!n)
		return -EBADMSG;
	for (i = 0; i < n; i++)
		if (!isupper((unsigned char)s[i]) &&
		    !isdigit((unsigned char)s[i]) && s[i] != '_')
			return -EBADMSG;
	res->type = OVF_ACPI_ERROR;
	return set_str(res, s, n);
}

static int parse_text(const char *text, size_t n, struct ovf_acpi_result *res)
{
	const char *p = text, *end = text + n;
	int r;

	if (!n)
		return -EBADMSG;
	if (n == 10 && !memcmp(text, "not called", 10)) {
		res->type = OVF_ACPI_NOT_CALLED;
		return 0;
	}
	if (n > 7 && !memcmp(text, "Error: ", 7))
		return parse_error(text + 7, n - 7, res);

	switch (*text) {
	case '0':
		r = parse_hex(&p, end, &res->integer);
		if (r || p != end)
			return -EBADMSG;
		res->type = OVF_ACPI_INTEGER;
		return 0;
	case '"':
		res->type = OVF_ACPI_STRING;
		if (n >= 2 && text[n - 1] == '"')
			return set_str(res, text + 1, n - 2);
		/* no closing quote: only a string that filled the buffer */
		if (n < 255)
			return -EBADMSG;
		res->truncated = 1;
		return set_str(res, text + 1, n - 1);
	case '{':
		res->buf = malloc(n);
		if (!res->buf)
			return -ENOMEM;
		r = parse_buffer(&p, end, res->buf, &res->len);
		if (r < 0 || p != end)
			return -EBADMSG;
		res->type = OVF_ACPI_BUFFER;
		res->truncated = r;
		return 0;
	case '[':
		r = parse_package(&p, end, 0);
		if (r < 0)
			return r;
		if (p != end)
			return -EBADMSG;
		res->type = OVF_ACPI_PACKAGE;
		res->truncated = r;
		return set_str(res, text, n);
	case 'O':
		r = match_lit(&p, end, "Object type ");
		if (!r)
			r = parse_hex(&p, end, NULL);
		if (r || p != end)
			return -EBADMSG;
		res->type = OVF_ACPI_OTHER;
		return set_str(res, text, n);
	}
	return -EBADMSG;
}

int ovf_acpi_parse(const char *text, struct ovf_acpi_result *res)
{
	size_t n;
	int r;

	if (!res)
		return -EINVAL;
	memset(res, 0, sizeof(*res));
	if (!text)
		return -EINVAL;
	n = strlen(text);
	/* "Object type 0x..\n" is the only format with its own newline */
	if (n && text[n - 1] == '\n')
		n--;
	r = parse_text(text, n, res);
	if (r < 0)
		ovf_acpi_result_free(res);
	return r;
}

int ovf_acpi_call_open(struct ovf_acpi_call *c, const struct ovf_root *root,
		       int lock_timeout_ms, struct ovf_err *e)
{
	int fd, r;

	c->root = root;
	c->lockfd = -1;
	c->ncalls = 0;

	r = ovf_exists(root, OVF_ACPI_CALL_PATH);
	if (r < 0)
		return ovf_err_root(e, root, r, "open", OVF_ACPI_CALL_PATH);

	/* created under the root, never through a link planted in run/lock */
	fd = ovf_lock_wait(root, OVF_ACPI_CALL_LOCK, lock_timeout_ms);
	if (fd < 0) {
		ovf_err_root(e, root, fd, "lock", OVF_ACPI_CALL_LOCK);
		if (fd == -ETIMEDOUT)
			ovf_err_reason(e, fd, "another program holds it (gave up "
				       "after %d ms)", lock_timeout_ms);
		return fd;
	}
	c->lockfd = fd;
	return 0;
}

void ovf_acpi_call_close(struct ovf_acpi_call *c)
{
	if (c->lockfd >= 0)
		close(c->lockfd);
	c->lockfd = -1;
}

/*
 * Refuse what the module would misparse instead of rejecting: an empty
 * command (it looks at the byte before its buffer), empty arguments (double
 * or trailing spaces leave an argument unset), more than 16 arguments (it
 * overruns its array), and an odd number of digits in a bXX buffer (it keeps
 * the previous result, which would then be read as ours).
 */
static int check_cmd(const char *cmd, size_t len)
{
	const char *s, *q;
	int nargs = 0;

	if (!len)
		return -EINVAL;
	if (len > ACPI_CALL_MAX_CMD)
		return -E2BIG;
	if (memchr(cmd, '\n', len))
		return -EINVAL;
	s = strchr(cmd, ' ');
	if (s == cmd)
		return -EINVAL;
	if (!s)
		return 0;	/* a method without arguments */
	for (;;) {
		s++;	/* the separating space */
		if (++nargs > ACPI_CALL_MAX_ARGS || !*s || *s == ' ')
			return -EINVAL;
		if (*s == '"' || *s == '{') {
			q = strchr(s + 1, *s == '"' ? '"' : '}');
			if (!q)
				return -EINVAL;
			s = q + 1;
			if (*s && *s != ' ')
				return -EINVAL;
		} else {
			q = strchrnul(s, ' ');
			if (*s == 'b' && (q - s - 1) % 2)
				return -EINVAL;
			s = q;
		}
		if (!*s)
			break;
	}
	return 0;
}

static ssize_t read_retry(int fd, char *buf, size_t len)
{
	ssize_t n;

	do
		n = read(fd, buf, len);
	while (n < 0 && errno == EINTR);
	return n < 0 ? -errno : n;
}

/*
 * The result in one read() big enough for it, since the module returns
 * nothing to a smaller one. Then one more read() to see EOF: that read is
 * what makes the module drop the result, so a later command it rejects
 * reads "not called" rather than our stale answer. A FIFO stand-in may
 * deliver in pieces and is read to EOF.
 */
static ssize_t read_result(int fd, char *buf, size_t size)
{
	struct stat st;
	ssize_t n, got;

	if (fstat(fd, &st) < 0)
		return -errno;
	got = read_retry(fd, buf, size);
	if (got <= 0)
		return got ? got : -EIO;
	for (;;) {
		n = read_retry(fd, buf + got, size - got);
		if (n < 0)
			return n;
		if (!n)
			break;
		/* more than the module sends: someone else's result */
		if (!S_ISFIFO(st.st_mode))
			return -EBUSY;
		got += n;
		if ((size_t)got == size)
			return -EFBIG;
	}
	return got;
}

ssize_t ovf_acpi_call_raw(struct ovf_acpi_call *c, const char *cmd, char *out,
			  size_t outlen)
{
	size_t len;
	ssize_t n;
	char *buf;
	int fd, r;

	if (!c || !c->root || !cmd || !out || !outlen)
		return -EINVAL;
	len = strlen(cmd);
	r = check_cmd(cmd, len);
	if (r < 0)
		return r;

	fd = ovf_open(c->root, OVF_ACPI_CALL_PATH, O_WRONLY | O_CLOEXEC, 0);
	if (fd < 0)
		return fd;
	r = ovf_write_all(fd, cmd, len);
	if (close(fd) < 0 && !r && errno != EINTR)
		r = -errno;
	if (r < 0)
		return r;
	c->ncalls++;

	buf = malloc(ACPI_CALL_READ_MAX + 1);
	if (!buf)
		return -ENOMEM;
	fd = ovf_open(c->root, OVF_ACPI_CALL_PATH, O_RDONLY | O_CLOEXEC, 0);
	if (fd < 0) {
		free(buf);
		return fd;
	}
	n = read_result(fd, buf, ACPI_CALL_READ_MAX + 1);
	close(fd);
	if (n >= 0) {
		buf[n] = '\0';
		/* the text ends at the module's NUL */
		n = strlen(buf);
		if (n && buf[n - 1] == '\n')
			buf[--n] = '\0';
		if (!n)
			n = -EIO;
		else if ((size_t)n >= outlen)
			n = -EFBIG;
		else
			memcpy(out, buf, n + 1);
	}
	free(buf);
	return n;
}

int ovf_acpi_call_eval(struct ovf_acpi_call *c, const char *cmd,
		       struct ovf_acpi_result *res)
{
	ssize_t n;
	char *out;
	int r;

	if (!res)
		return -EINVAL;
	memset(res, 0, sizeof(*res));
	out = malloc(ACPI_CALL_READ_MAX + 1);
	if (!out)
		return -ENOMEM;
	n = ovf_acpi_call_raw(c, cmd, out, ACPI_CALL_READ_MAX + 1);
	r = n < 0 ? (int)n : ovf_acpi_parse(out, res);
	free(out);
	return r;
}

static int is_name_char(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

int ovf_acpi_path_normalise(const char *in, char *out, size_t outlen)
{
	const char *p, *seg;
	size_t n, o = 0, slen;

	if (!in || !out)
		return -EINVAL;
	n = strlen(in);
	if (!n || n > 255)
		return -EINVAL;
	p = in;
	if (*p == '\\') {
		p++;
	} else {
		while (*p == '^')
			p++;
	}
	if (p - in + 1 > (long)outlen)
		return -ERANGE;
	memcpy(out, in, p - in);
	o = p - in;
	/* the root itself */
	if (!*p && *in == '\\') {
		out[o] = '\0';
		return 0;
	}
	for (;;) {
		seg = p;
		while (is_name_char(*p))
			p++;
		slen = p - seg;
		/* NameSeg: 1-4 of [A-Z0-9_], not starting with a digit */
		if (!slen || slen > 4 || (seg[0] >= '0' && seg[0] <= '9'))
			return -EINVAL;
		if (*p && *p != '.')
			return -EINVAL;
		/* ACPI pads names with '_': "_SB_" is "_SB", "____" is "_" */
		while (slen > 1 && seg[slen - 1] == '_')
			slen--;
		if (o + slen + 1 > outlen)
			return -ERANGE;
		memcpy(out + o, seg, slen);
		o += slen;
		if (!*p)
			break;
		out[o++] = '.';
		p++;
	}
	out[o] = '\0';
	return 0;
}

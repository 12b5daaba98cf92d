// SPDX-License-Identifier: GPL-2.0-or-later
/* Number parsing and atomic output files shared by the tools. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ovf/cleanup.h"
#include "ovf/root.h"
#include "ovf/util.h"

int ovf_outfile_finish(struct ovf_outfile *o, const void *buf, size_t len)
{
	int err = ovf_outfile_write(o, buf, len);

	if (!err)
		err = ovf_outfile_commit(o);
	if (err < 0)
		ovf_outfile_abort(o);
	return err;
}

int ovf_mkdir_p_host(const char *dir)
{
	struct ovf_root r;
	char *abs = ovf_abs_path(dir);
	int err;

	/* the root-relative mkdir -p with "/" as the root: one walk for both */
	if (!abs)
		return -ENOMEM;
	err = ovf_root_open(&r, "/");
	if (!err) {
		err = ovf_mkdir_p(&r, abs);
		ovf_root_close(&r);
	}
	free(abs);
	return err;
}

int ovf_hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/*
 * Decimal unless "0x": base 0 would read "0777" as octal and refuse "08",
 * which no user of a length or a timeout means.
 */
static int num_base(const char *s)
{
	return s[0] == '0' && (s[1] == 'x' || s[1] == 'X') ? 16 : 10;
}

int ovf_parse_ulong(const char *s, unsigned long min, unsigned long max,
		    unsigned long *val)
{
	unsigned long v;
	char *end;

	if (!s || !*s || *s == '-' || *s == '+' || *s == ' ')
		return -EINVAL;
	errno = 0;
	v = strtoul(s, &end, num_base(s));
	if (errno)
		return -errno;
	if (*end)
		return -EINVAL;
	if (v < min || v > max)
		return -ERANGE;
	*val = v;
	return 0;
}

int ovf_parse_size(const char *s, uint64_t *val)
{
	unsigned long long v, mul = 1;
	char *end;

	if (!s || !*s || *s == '-' || *s == '+' || *s == ' ')
		return -EINVAL;
	errno = 0;
	v = strtoull(s, &end, num_base(s));
	if (errno)
		return -errno;
	if (end == s)
		return -EINVAL;
	if (*end == 'K' || *end == 'k')
		mul = 1024;
	else if (*end == 'M' || *end == 'm')
		mul = 1024 * 1024;
	if (mul != 1) {
		end++;
		if (*end == 'i' && end[1] == 'B')
			end += 2;
	}
	if (*end)
		return -EINVAL;
	if (v > UINT64_MAX / mul)
		return -ERANGE;
	*val = v * mul;
	return 0;
}

int ovf_write_all(int fd, const void *buf, size_t len)
{
	const char *p = buf;

	while (len) {
		ssize_t n = write(fd, p, len);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		if (n == 0)
			return -EIO;
		p += n;
		len -= n;
	}
	return 0;
}

int ovf_write_new(const char *path, const void *buf, size_t len)
{
	int fd, err;

	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0)
		return -errno;
	err = ovf_write_all(fd, buf, len);
	if (close(fd) < 0 && !err)
		err = -errno;
	return err;
}

int ovf_outfile_check(const char *path, const char **what)
{
	struct stat st;

	*what = NULL;
	if (!*path) {
		*what = "an empty path";
		return -EINVAL;
	}
	if (lstat(path, &st) < 0)
		return errno == ENOENT ? 0 : -errno;
	if (S_ISREG(st.st_mode))
		return 0;
	if (S_ISDIR(st.st_mode))
		return -EISDIR;
	if (S_ISLNK(st.st_mode)) {
		/* never written through to a file: a planted link must not aim root's write */
		if (stat(path, &st) < 0) {
			if (errno != ENOENT)
				return -errno;
			*what = "a dangling symbolic link";
			return -EINVAL;
		}
		if (S_ISDIR(st.st_mode))
			return -EISDIR;
		if (S_ISFIFO(st.st_mode) || S_ISCHR(st.st_mode))
			return 0;
		*what = S_ISREG(st.st_mode) ? "a symbolic link to a regular file" :
			S_ISBLK(st.st_mode) ? "a symbolic link to a block device" :
			"a symbolic link to a socket";
		return -EINVAL;
	}
	if (S_ISFIFO(st.st_mode) || S_ISCHR(st.st_mode))
		return 0;
	*what = S_ISBLK(st.st_mode) ? "a block device" :
		S_ISSOCK(st.st_mode) ? "a socket" : "not a file";
	return -EINVAL;
}

/* a FIFO or a character device (or a link to one): written as `cat > path` would */
static int is_stream(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && (S_ISFIFO(st.st_mode) || S_ISCHR(st.st_mode));
}

int ovf_outfile_open(struct ovf_outfile *o, const char *path, int mode)
{
	char dir[PATH_MAX];
	const char *slash, *what;
	sigset_t old;
	int n, err;

	o->fd = -1;
	o->direct = 0;
	o->tmp[0] = '\0';
	if (strlen(path) >= sizeof(o->path))
		return -ENAMETOOLONG;
	strcpy(o->path, path);
	err = ovf_outfile_check(path, &what);
	if (err < 0)
		return err;
	if (is_stream(path)) {
		o->fd = open(path, O_WRONLY | O_CLOEXEC | O_NOCTTY);
		if (o->fd < 0)
			return -errno;
		o->direct = 1;
		return 0;
	}
	slash = strrchr(path, '/');
	if (slash) {
		snprintf(dir, sizeof(dir), "%.*s", (int)(slash - path + 1), path);
		n = snprintf(o->tmp, sizeof(o->tmp), "%s.%s.XXXXXX", dir, slash + 1);
	} else {
		n = snprintf(o->tmp, sizeof(o->tmp), ".%s.XXXXXX", path);
	}
	if (n < 0 || (size_t)n >= sizeof(o->tmp)) {
		o->tmp[0] = '\0';
		return -ENAMETOOLONG;
	}
	ovf_cleanup_hold(&old);
	o->fd = mkostemp(o->tmp, O_CLOEXEC);
	err = o->fd < 0 ? -errno : 0;
	if (!err)
		ovf_cleanup_add_path(o->tmp, 0);
	ovf_cleanup_release(&old);
	if (err) {
		o->tmp[0] = '\0';
		return err;
	}
	if (fchmod(o->fd, mode) < 0) {
		err = -errno;
		ovf_outfile_abort(o);
		return err;
	}
	return 0;
}

int ovf_outfile_write(struct ovf_outfile *o, const void *buf, size_t len)
{
	return ovf_write_all(o->fd, buf, len);
}

int ovf_outfile_commit(struct ovf_outfile *o)
{
	int err = 0;

	if (o->direct) {
		if (close(o->fd) < 0)
			err = -errno;
		o->fd = -1;
		return err;
	}
	if (fsync(o->fd) < 0)
		err = -errno;
	if (close(o->fd) < 0 && !err)
		err = -errno;
	o->fd = -1;
	if (!err && rename(o->tmp, o->path) < 0)
		err = -errno;
	if (err) {
		ovf_outfile_abort(o);
		return err;
	}
	ovf_cleanup_del_path(o->tmp);
	o->tmp[0] = '\0';
	return 0;
}

void ovf_outfile_abort(struct ovf_outfile *o)
{
	if (o->fd >= 0)
		close(o->fd);
	o->fd = -1;
	if (o->tmp[0]) {
		unlink(o->tmp);
		ovf_cleanup_del_path(o->tmp);
	}
	o->tmp[0] = '\0';
}

int ovf_read_fd(int fd, uint8_t **bufp, size_t *lenp, size_t max)
{
	size_t cap = 65536, len = 0;
	uint8_t *buf;
	int err = 0;

	buf = malloc(cap);
	if (!buf)
		return -ENOMEM;
	for (;;) {
		ssize_t n;

		if (len == cap) {
			uint8_t *nb;

			if (cap >= max) {
				err = -EFBIG;
				break;
			}
			cap = cap * 2 > max ? max : cap * 2;
			nb = realloc(buf, cap);
			if (!nb) {
				err = -ENOMEM;
				break;
			}
			buf = nb;
		}
		n = read(fd, buf + len, cap - len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			err = -errno;
			break;
		}
		if (n == 0)
			break;
		len += n;
	}
	if (err) {
		free(buf);
		return err;
	}
	*bufp = buf;
	*lenp = len;
	return 0;
}

int ovf_read_file(const char *path, uint8_t **bufp, size_t *lenp, size_t max)
{
	int fd, err;

	/* nothing read until it all was: a caller never sees stale values */
	*bufp = NULL;
	*lenp = 0;
	if (strcmp(path, "-") == 0) {
		fd = dup(STDIN_FILENO);
	} else {
		struct stat st;

		fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
		if (fd >= 0 && fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
			close(fd);
			return -EISDIR;
		}
	}
	/* a failed open must not read as an empty file */
	if (fd < 0)
		return ovf_neg_errno();
	err = ovf_read_fd(fd, bufp, lenp, max);
	close(fd);
	return err;
}

/* @buf of @len bytes read, NUL-terminated into *@text; frees @buf on failure. */
static int as_text(uint8_t *buf, size_t len, char **text, size_t *lenp)
{
	char *s;

	s = realloc(buf, len + 1);
	if (!s) {
		free(buf);
		return -ENOMEM;
	}
	s[len] = '\0';
	*text = s;
	if (lenp)
		*lenp = len;
	return 0;
}

int ovf_read_file_text(const char *path, char **text, size_t *lenp, size_t max)
{
	uint8_t *buf;
	size_t len;
	int err;

	err = ovf_read_file(path, &buf, &len, max);
	if (err)
		return err;
	return as_text(buf, len, text, lenp);
}

int ovf_read_fd_text(int fd, char **text, size_t *lenp, size_t max)
{
	uint8_t *buf;
	size_t len;
	int err;

	err = ovf_read_fd(fd, &buf, &len, max);
	if (err)
		return err;
	return as_text(buf, len, text, lenp);
}

char *ovf_abs_path(const char *path)
{
	char cwd[PATH_MAX], *r;

	r = realpath(path, NULL);
	if (r)
		return r;
	if (path[0] == '/' || !getcwd(cwd, sizeof(cwd)))
		return strdup(path);
	if (asprintf(&r, "%s/%s", cwd, path) < 0)
		return NULL;
	return r;
}

int ovf_kernel_name_valid(const char *name, size_t max)
{
	size_t i, n = name ? strlen(name) : 0;

	if (n == 0 || n >= max)
		return 0;
	for (i = 0; i < n; i++) {
		char c = name[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9') || c == '_' || c == '-'))
			return 0;
	}
	return 1;
}

const char *ovf_bounded(const char *s, char *buf, size_t len)
{
	size_t i, n = 0, slen;

	if (!len)
		return buf;
	buf[0] = '\0';
	if (!s) {
		snprintf(buf, len, "(null)");
		return buf;
	}
	slen = strlen(s);
	/* a hostile value must not turn a message into many lines or a flood */
	for (i = 0; i < slen && i < OVF_BOUNDED_MAX && n + 5 < len; i++) {
		unsigned char c = s[i];

		if (c == '\\')
			n += snprintf(buf + n, len - n, "\\\\");
		else if (c < 0x20 || c == 0x7f)
			n += snprintf(buf + n, len - n, "\\x%02x", c);
		else
			buf[n++] = c;
	}
	buf[n] = '\0';
	if (i < slen && n < len)
		snprintf(buf + n, len - n, "...(%zu bytes)", slen);
	return buf;
}

// SPDX-License-Identifier: GPL-2.0-or-later
/* Root-relative /sys and /proc access, so every tool can run on a fixture tree. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "ovf/root.h"

#ifdef SYS_openat2
#include <linux/openat2.h>
#endif

const char *ovf_root_choose(const char *opt)
{
	const char *env;

	/* empty is never "the live system": an unset $ROOT in a script must not reach /sys */
	if (opt)
		return *opt ? opt : NULL;
	env = getenv(OVF_SYSROOT_ENV);
	if (env)
		return *env ? env : NULL;
	return "/";
}

int ovf_root_open(struct ovf_root *r, const char *dir)
{
	size_t n;

	r->dirfd = -1;
	if (!dir || !*dir)
		dir = "/";
	n = strlen(dir);
	while (n > 1 && dir[n - 1] == '/')
		n--;
	if (n >= sizeof(r->dir))
		return -ENAMETOOLONG;
	if (n == 1 && dir[0] == '/')
		r->dir[0] = '\0';
	else {
		memcpy(r->dir, dir, n);
		r->dir[n] = '\0';
	}
	r->dirfd = open(dir, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (r->dirfd < 0)
		return -errno;
	return 0;
}

void ovf_root_close(struct ovf_root *r)
{
	if (r->dirfd >= 0)
		close(r->dirfd);
	r->dirfd = -1;
}

int ovf_root_is_sysroot(const struct ovf_root *r)
{
	return r->dir[0] != '\0';
}

static const char *strip_slash(const char *path)
{
	while (*path == '/')
		path++;
	return *path ? path : ".";
}

const char *ovf_root_display(const struct ovf_root *r, const char *path,
			     char *buf, size_t len)
{
	snprintf(buf, len, "%s/%s", r->dir, strip_slash(path));
	return buf;
}

int ovf_open(const struct ovf_root *r, const char *path, int flags, mode_t mode)
{
	const char *rel = strip_slash(path);
	int fd;

#ifdef SYS_openat2
	/*
	 * RESOLVE_IN_ROOT makes ".." and absolute symlinks stay inside the
	 * sysroot, so a crafted fixture or a hostile link cannot point a write
	 * at the host's files.
	 */
	struct open_how how = {
		.flags = (unsigned long long)(flags | O_CLOEXEC),
		.mode = (flags & O_CREAT) ? mode : 0,
		.resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS,
	};

	fd = syscall(SYS_openat2, r->dirfd, rel, &how, sizeof(how));
	if (fd >= 0)
		return fd;
	if (errno != ENOSYS && errno != EPERM)
		return -errno;
#endif
	fd = openat(r->dirfd, rel, flags | O_CLOEXEC, mode);
	return fd < 0 ? -errno : fd;
}

int ovf_vpathf(char *path, size_t len, const char *fmt, va_list ap)
{
	int n = vsnprintf(path, len, fmt, ap);

	return n < 0 || (size_t)n >= len ? -ENAMETOOLONG : 0;
}

ssize_t ovf_read_str(const struct ovf_root *r, const char *path, char *buf,
		     size_t len)
{
	size_t got = 0;
	ssize_t n;
	int fd;

	if (len == 0)
		return -EINVAL;
	fd = ovf_open(r, path, O_RDONLY, 0);
	if (fd < 0)
		return fd;
	for (;;) {
		if (got == len - 1) {
			char c;

			/* Full: only fine if nothing follows. */
			n = read(fd, &c, 1);
			if (n < 0 && errno == EINTR)
				continue;
			close(fd);
			if (n != 0)
				return n < 0 ? -errno : -EFBIG;
			break;
		}
		n = read(fd, buf + got, len - 1 - got);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			n = -errno;
			close(fd);
			return n;
		}
		if (n == 0) {
			close(fd);
			break;
		}
		got += n;
	}
	if (got && buf[got - 1] == '\n')
		got--;
	buf[got] = '\0';
	return got;
}

int ovf_read_text(const struct ovf_root *r, const char *path, char **text,
		  size_t max)
{
	size_t cap = 4096, len = 0;
	char *buf, *nb;
	ssize_t n;
	int fd;

	fd = ovf_open(r, path, O_RDONLY, 0);
	if (fd < 0)
		return fd;
	buf = malloc(cap);
	if (!buf) {
		close(fd);
		return -ENOMEM;
	}
	for (;;) {
		if (len + 1 >= cap) {
			if (cap >= max) {
				n = -EFBIG;
				goto fail;
			}
			nb = realloc(buf, cap * 2);
			if (!nb) {
				n = -ENOMEM;
				goto fail;
			}
			buf = nb;
			cap *= 2;
		}
		n = read(fd, buf + len, cap - 1 - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			n = -errno;
			goto fail;
		}
		if (n == 0)
			break;
		len += n;
	}
	close(fd);
	buf[len] = '\0';
	/* text files: a NUL inside would cut every later string operation */
	if (memchr(buf, '\0', len)) {
		free(buf);
		return -EBADMSG;
	}
	*text = buf;
	return 0;
fail:
	close(fd);
	free(buf);
	return n;
}

int ovf_read_u64(const struct ovf_root *r, const char *path,
		 unsigned long long *val)
{
	char buf[64], *end;
	ssize_t n;

	n = ovf_read_str(r, path, buf, sizeof(buf));
	if (n < 0)
		return n;
	if (n == 0 || buf[0] == '-' || buf[0] == ' ')
		return -EINVAL;
	errno = 0;
	*val = strtoull(buf, &end, 0);
	if (errno)
		return -errno;
	if (*end != '\0')
		return -EINVAL;
	return 0;
}

int ovf_write_str(const struct ovf_root *r, const char *path, const char *s)
{
	size_t len = strlen(s), done = 0;
	int fd, ret = 0;

	fd = ovf_open(r, path, O_WRONLY, 0);
	if (fd < 0)
		return fd;
	while (done < len) {
		ssize_t n = write(fd, s + done, len - done);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			ret = -errno;
			break;
		}
		if (n == 0) {
			ret = -EIO;
			break;
		}
		done += n;
	}
	/* sysfs reports some errors only at close */
	if (close(fd) < 0 && !ret)
		ret = -errno;
	return ret;
}

/*
 * Resolve the parent directory under the root (confined like ovf_open), then
 * readlink the last component relative to it.
 */
ssize_t ovf_readlink(const struct ovf_root *r, const char *path, char *buf,
		     size_t len)
{
	char dir[PATH_MAX];
	const char *rel = strip_slash(path), *base, *slash;
	ssize_t n;
	int dfd;

	slash = strrchr(rel, '/');
	if (slash) {
		size_t dl = slash - rel;

		if (dl >= sizeof(dir))
			return -ENAMETOOLONG;
		memcpy(dir, rel, dl);
		dir[dl] = '\0';
		base = slash + 1;
		dfd = ovf_open(r, dir, O_PATH | O_DIRECTORY, 0);
		if (dfd < 0)
			return dfd;
	} else {
		base = rel;
		dfd = dup(r->dirfd);
		if (dfd < 0)
			return -errno;
	}
	if (len == 0) {
		close(dfd);
		return -EINVAL;
	}
	n = readlinkat(dfd, base, buf, len - 1);
	if (n < 0)
		n = -errno;
	else
		buf[n] = '\0';
	close(dfd);
	return n;
}

int ovf_readlink_base(const struct ovf_root *r, const char *path, char *buf,
		      size_t len)
{
	char target[PATH_MAX];
	const char *b;
	ssize_t n;

	n = ovf_readlink(r, path, target, sizeof(target));
	if (n < 0)
		return n;
	b = strrchr(target, '/');
	b = b ? b + 1 : target;
	if (strlen(b) >= len)
		return -ENAMETOOLONG;
	strcpy(buf, b);
	return 0;
}

int ovf_exists(const struct ovf_root *r, const char *path)
{
	int fd = ovf_open(r, path, O_PATH | O_NOFOLLOW, 0);

	if (fd < 0)
		return fd;
	close(fd);
	return 0;
}

int ovf_stat(const struct ovf_root *r, const char *path, struct stat *st)
{
	/* O_PATH: a device node is looked at, never opened */
	int fd = ovf_open(r, path, O_PATH, 0), e = 0;

	if (fd < 0)
		return fd;
	if (fstat(fd, st) < 0)
		e = -errno;
	close(fd);
	return e;
}

int ovf_mkdir_p(const struct ovf_root *r, const char *path)
{
	char buf[PATH_MAX];
	const char *rel = strip_slash(path);
	size_t i, n = strlen(rel);

	if (n >= sizeof(buf))
		return -ENAMETOOLONG;
	memcpy(buf, rel, n + 1);
	for (i = 1; i <= n; i++) {
		if (buf[i] != '/' && buf[i] != '\0')
			continue;
		buf[i] = '\0';
		/* Resolve the parent under the root, then mkdirat the last part. */
		if (ovf_exists(r, buf) < 0) {
			char *slash = strrchr(buf, '/');
			int dfd, err = 0;

			if (slash) {
				*slash = '\0';
				dfd = ovf_open(r, buf, O_PATH | O_DIRECTORY, 0);
				*slash = '/';
			} else {
				dfd = dup(r->dirfd);
				if (dfd < 0)
					dfd = -errno;
			}
			if (dfd < 0)
				return dfd;
			if (mkdirat(dfd, slash ? slash + 1 : buf, 0755) < 0 &&
			    errno != EEXIST)
				err = -errno;
			close(dfd);
			if (err)
				return err;
		}
		if (i < n)
			buf[i] = '/';
	}
	return 0;
}

#define WITH_PATH(fmt, call)					\
	do {							\
		char path_[PATH_MAX];				\
		va_list ap_;					\
		int rc_;					\
								\
		va_start(ap_, fmt);				\
		rc_ = ovf_vpathf(path_, sizeof(path_), fmt, ap_);	\
		va_end(ap_);					\
		if (rc_ < 0)					\
			return rc_;				\
		return call;					\
	} while (0)

int ovf_openf(const struct ovf_root *r, int flags, const char *fmt, ...)
{
	WITH_PATH(fmt, ovf_open(r, path_, flags, 0));
}

ssize_t ovf_read_strf(const struct ovf_root *r, char *buf, size_t len,
		      const char *fmt, ...)
{
	WITH_PATH(fmt, ovf_read_str(r, path_, buf, len));
}

int ovf_read_u64f(const struct ovf_root *r, unsigned long long *val,
		  const char *fmt, ...)
{
	WITH_PATH(fmt, ovf_read_u64(r, path_, val));
}

int ovf_write_strf(const struct ovf_root *r, const char *s, const char *fmt, ...)
{
	WITH_PATH(fmt, ovf_write_str(r, path_, s));
}

ssize_t ovf_readlinkf(const struct ovf_root *r, char *buf, size_t len,
		      const char *fmt, ...)
{
	WITH_PATH(fmt, ovf_readlink(r, path_, buf, len));
}

int ovf_readlink_basef(const struct ovf_root *r, char *buf, size_t len,
		       const char *fmt, ...)
{
	WITH_PATH(fmt, ovf_readlink_base(r, path_, buf, len));
}

int ovf_existsf(const struct ovf_root *r, const char *fmt, ...)
{
	WITH_PATH(fmt, ovf_exists(r, path_));
}

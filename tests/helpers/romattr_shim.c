// SPDX-License-Identifier: GPL-2.0-or-later
/* LD_PRELOAD model of the kernel's sysfs `rom` attribute for fixture trees: enable, read, disable. */
/*
 * In a fixture `rom` is a regular file holding the ROM. With OVF_ROMATTR
 * set, a write() to a file whose path ends in "/rom" changes no byte of it:
 * as drivers/pci/pci-sysfs.c does, exactly "0\n" at offset 0 disables the
 * ROM, anything else enables it. The state is kept in the host file
 * PATH.enabled ("1" or "0"; none: disabled, as after boot) and every write
 * is appended to PATH.log ("enable" or "disable"), so a test sees the
 * sequence and the state it was left in. A read() of a disabled `rom`
 * fails with EINVAL, as the kernel's does.
 */
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static ssize_t (*real_read)(int, void *, size_t);
static ssize_t (*real_write)(int, const void *, size_t);

/* The host path of @fd into @buf when it is a `rom` attribute; else 0. */
static int rom_path(int fd, char *buf, size_t len)
{
	char link[64];
	ssize_t n;

	if (!getenv("OVF_ROMATTR"))
		return 0;
	snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
	n = readlink(link, buf, len - 1);
	if (n < 4)
		return 0;
	buf[n] = '\0';
	return !strcmp(buf + n - 4, "/rom");
}

/* Write @s to @path + @ext, appending or replacing, with the real write. */
static void put(const char *path, const char *ext, const char *s, int append)
{
	char p[4200];
	int fd;

	snprintf(p, sizeof(p), "%s%s", path, ext);
	fd = open(p, O_WRONLY | O_CREAT | O_CLOEXEC | (append ? O_APPEND : O_TRUNC),
		  0644);
	if (fd < 0)
		return;
	if (real_write(fd, s, strlen(s)) < 0)
		perror("romattr_shim");
	close(fd);
}

static int enabled(const char *path)
{
	char p[4200], c = '0';
	int fd;

	snprintf(p, sizeof(p), "%s.enabled", path);
	fd = open(p, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	if (real_read(fd, &c, 1) != 1)
		c = '0';
	close(fd);
	return c == '1';
}

static void init(void)
{
	if (!real_read)
		real_read = (ssize_t (*)(int, void *, size_t))dlsym(RTLD_NEXT, "read");
	if (!real_write)
		real_write = (ssize_t (*)(int, const void *, size_t))dlsym(RTLD_NEXT, "write");
}

ssize_t write(int fd, const void *buf, size_t count)
{
	char path[4096];
	int off0, off;

	init();
	if (!rom_path(fd, path, sizeof(path)))
		return real_write(fd, buf, count);
	off = lseek(fd, 0, SEEK_CUR);
	off0 = off == 0 || off < 0;
	if (off0 && count == 2 && ((const char *)buf)[0] == '0') {
		put(path, ".enabled", "0", 0);
		put(path, ".log", "disable\n", 1);
	} else {
		put(path, ".enabled", "1", 0);
		put(path, ".log", "enable\n", 1);
	}
	return count;
}

ssize_t read(int fd, void *buf, size_t count)
{
	char path[4096];

	init();
	if (rom_path(fd, path, sizeof(path)) && !enabled(path)) {
		errno = EINVAL;
		return -1;
	}
	return real_read(fd, buf, count);
}

// SPDX-License-Identifier: GPL-2.0-or-later
/* LD_PRELOAD shim for tool tests: logs module syscalls instead of making them. */
/*
 * libkmod 30 removes modules through glibc's delete_module(), inserts them
 * through syscall(__NR_finit_module) and falls back to init_module(). This
 * shim replaces all three, so a test never changes the host's modules:
 *
 *   OVF_KMOD_SHIM_LOG=FILE    append "delete_module NAME" / "finit_module NAME"
 *                             / "init_module" lines
 *   OVF_KMOD_SHIM_FAIL=SPEC   comma-separated "op:NAME:ERRNO" (op delete or
 *                             insert, ERRNO a number or EAGAIN, EBUSY,
 *                             ENOEXEC, ENOENT, EPERM, EINVAL): that call fails
 *   OVF_KMOD_SHIM_ROOT=DIR    a fixture sysroot kept as the kernel would: a
 *                             removed module loses DIR/sys/module/NAME/ and
 *                             its DIR/proc/modules line, an inserted one gets
 *                             a refcnt there and a line
 *
 * Every other syscall() goes to the real one.
 */
#include <dlfcn.h>
#include <errno.h>
#include <ftw.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

static void log_line(const char *op, const char *name)
{
	const char *path = getenv("OVF_KMOD_SHIM_LOG");
	FILE *f;

	if (!path)
		return;
	f = fopen(path, "a");
	if (!f)
		return;
	fprintf(f, "%s %s\n", op, name);
	fclose(f);
}

static int errno_of(const char *s)
{
	static const struct {
		const char *name;
		int val;
	} tab[] = {
		{ "EAGAIN", EAGAIN }, { "EBUSY", EBUSY }, { "ENOEXEC", ENOEXEC },
		{ "ENOENT", ENOENT }, { "EPERM", EPERM }, { "EINVAL", EINVAL },
	};
	size_t i;
	char *end;
	long n;

	for (i = 0; i < sizeof(tab) / sizeof(tab[0]); i++)
		if (!strcmp(s, tab[i].name))
			return tab[i].val;
	n = strtol(s, &end, 10);
	return *s && !*end && n > 0 && n < 4096 ? (int)n : EIO;
}

/* The errno SPEC asks for @op on @name, or 0. */
static int planned_failure(const char *op, const char *name)
{
	const char *spec = getenv("OVF_KMOD_SHIM_FAIL");
	char buf[1024], *tok, *save = NULL;

	if (!spec)
		return 0;
	snprintf(buf, sizeof(buf), "%s", spec);
	for (tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		char *n = strchr(tok, ':'), *e;

		if (!n)
			continue;
		*n++ = '\0';
		e = strchr(n, ':');
		if (!e)
			continue;
		*e++ = '\0';
		if (!strcmp(tok, op) && !strcmp(n, name))
			return errno_of(e);
	}
	return 0;
}

static int rm_entry(const char *path, const struct stat *st, int flag,
		    struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

/* Mirror a successful call in the fixture tree, as the kernel would. */
static void update_root(const char *op, const char *name)
{
	const char *root = getenv("OVF_KMOD_SHIM_ROOT");
	char path[4096], tmp[4200], line[512];
	size_t n = strlen(name);
	FILE *in, *out;

	if (!root || !strcmp(name, "?"))
		return;
	snprintf(path, sizeof(path), "%s/sys/module/%s/refcnt", root, name);
	if (!strcmp(op, "delete")) {
		snprintf(tmp, sizeof(tmp), "%s/sys/module/%s", root, name);
		nftw(tmp, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
	} else {
		snprintf(tmp, sizeof(tmp), "%s/sys/module/%s", root, name);
		mkdir(tmp, 0755);
		out = fopen(path, "w");
		if (out) {
			fputs("0\n", out);
			fclose(out);
		}
	}
	snprintf(path, sizeof(path), "%s/proc/modules", root);
	snprintf(tmp, sizeof(tmp), "%s.shim", path);
	in = fopen(path, "r");
	out = fopen(tmp, "w");
	if (!out) {
		if (in)
			fclose(in);
		return;
	}
	while (in && fgets(line, sizeof(line), in))
		if (strncmp(line, name, n) || line[n] != ' ')
			fputs(line, out);
	if (strcmp(op, "delete"))
		fprintf(out, "%s 16384 0 - Live 0x0000000000000000\n", name);
	if (in)
		fclose(in);
	fclose(out);
	rename(tmp, path);
}

static long fake(const char *logop, const char *op, const char *name)
{
	int e = planned_failure(op, name);

	log_line(logop, name);
	if (e) {
		errno = e;
		return -1;
	}
	update_root(op, name);
	return 0;
}

long delete_module(const char *name, unsigned int flags)
{
	(void)flags;
	return fake("delete_module", "delete", name);
}

long init_module(void *mem, unsigned long len, const char *args)
{
	(void)mem;
	(void)len;
	(void)args;
	return fake("init_module", "insert", "?");
}

/* The module name of an fd: the file name without ".ko". */
static void fd_modname(int fd, char *buf, size_t len)
{
	char link[64], target[4096], *b, *dot;
	ssize_t n;

	snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
	n = readlink(link, target, sizeof(target) - 1);
	if (n < 0) {
		snprintf(buf, len, "?");
		return;
	}
	target[n] = '\0';
	b = strrchr(target, '/');
	b = b ? b + 1 : target;
	dot = strstr(b, ".ko");
	if (dot)
		*dot = '\0';
	for (dot = b; *dot; dot++)
		if (*dot == '-')
			*dot = '_';
	snprintf(buf, len, "%s", b);
}

long syscall(long nr, ...)
{
	static long (*real)(long, ...);
	long a[6];
	va_list ap;
	int i;

	va_start(ap, nr);
	for (i = 0; i < 6; i++)
		a[i] = va_arg(ap, long);
	va_end(ap);
	if (nr == SYS_finit_module) {
		char name[4096];

		fd_modname((int)a[0], name, sizeof(name));
		return fake("finit_module", "insert", name);
	}
	if (nr == SYS_delete_module)
		return delete_module((const char *)a[0], (unsigned int)a[1]);
	if (nr == SYS_init_module)
		return init_module((void *)a[0], (unsigned long)a[1],
				   (const char *)a[2]);
	if (!real)
		real = (long (*)(long, ...))dlsym(RTLD_NEXT, "syscall");
	return real(nr, a[0], a[1], a[2], a[3], a[4], a[5]);
}

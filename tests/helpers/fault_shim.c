// SPDX-License-Identifier: GPL-2.0-or-later
/* LD_PRELOAD fault injector for tool tests: chosen opens, reads and writes fail, or files vanish. */
/*
 * The tests run as root, which opens any file whatever its mode; this shim
 * gives the errors a user or the kernel would. Configured by
 *
 *   OVF_FAULT="RULE[;RULE...]"    RULE = "SUFFIX:OP:ACTION[@N]"
 *
 *   SUFFIX  the end of a path, at a '/' boundary (or a glob(7) pattern for
 *           as many trailing components as it has); for the opens the path
 *           as the tool passes it (root-relative for openat/openat2), for
 *           read and write the file's real path (/proc/self/fd/N)
 *   OP      open-read (O_RDONLY or O_RDWR; O_PATH lookups never match),
 *           open-write (O_WRONLY or O_RDWR), read, write, readlink
 *           (readlinkat: the link's host path, its directory resolved)
 *   ACTION  an errno name (EACCES, EPERM, EIO, ENOENT, ENODEV, ENXIO, EBUSY,
 *           EINVAL, ENOSPC, EROFS, EAGAIN) or number: the call fails with
 *           it; or "vanish=PATH[,PATH...]": the host PATHs are removed
 *           (directories with their contents, links as links), as the
 *           kernel removes a device's files, then the call goes ahead; or
 *           "stall=PATH": the host file PATH is created and the call waits
 *           until the test removes it (10 s at most), then goes ahead (a
 *           signal sent meanwhile finds the tool inside that call)
 *   @N      from the Nth matching call on (default 1); a vanish or a stall
 *           acts once
 *
 * Intercepted: open, open64, openat, openat64, syscall(SYS_openat2) (every
 * other syscall number goes on untouched), read, write, readlinkat; stdio's own reads
 * and writes inside libc are not seen (fail their open instead). A bad
 * OVF_FAULT stops the process with a message and exit status 98.
 */
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <ftw.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#ifdef SYS_openat2
#include <linux/openat2.h>
#endif

#define MAX_RULES 16

enum op { OP_OPEN_READ, OP_OPEN_WRITE, OP_READ, OP_WRITE, OP_READLINK, NOPS };

static const char *const op_names[NOPS] = {
	"open-read", "open-write", "read", "write", "readlink",
};

struct rule {
	char *suffix;
	enum op op;
	int err;		/* 0: vanish */
	char *vanish;		/* comma-separated host paths */
	char *stall;		/* marker file of a stall */
	unsigned long from, seen;
	int done;
};

static struct rule rules[MAX_RULES];
static int nrules, parsed, has_rw;

static void __attribute__((noreturn)) bad_spec(const char *why, const char *s)
{
	fprintf(stderr, "fault_shim: OVF_FAULT: %s: '%s'\n", why, s);
	_exit(98);
}

static int errno_of(const char *s)
{
	static const struct {
		const char *name;
		int val;
	} tab[] = {
		{ "EACCES", EACCES }, { "EPERM", EPERM }, { "EIO", EIO },
		{ "ENOENT", ENOENT }, { "ENODEV", ENODEV }, { "ENXIO", ENXIO },
		{ "EBUSY", EBUSY }, { "EINVAL", EINVAL }, { "ENOSPC", ENOSPC },
		{ "EROFS", EROFS }, { "EAGAIN", EAGAIN },
	};
	size_t i;
	char *end;
	long n;

	for (i = 0; i < sizeof(tab) / sizeof(tab[0]); i++)
		if (!strcmp(s, tab[i].name))
			return tab[i].val;
	n = strtol(s, &end, 10);
	return *s && !*end && n > 0 && n < 4096 ? (int)n : 0;
}

/* "SUFFIX:OP:ACTION[@N]": the first ":OP:" splits, so paths may hold ':'. */
static void parse_rule(char *s)
{
	struct rule *r = &rules[nrules];
	char key[32], *at, *best = NULL, *end;
	int i, bop = 0;

	if (nrules == MAX_RULES)
		bad_spec("too many rules", s);
	for (i = 0; i < NOPS; i++) {
		char *p;

		snprintf(key, sizeof(key), ":%s:", op_names[i]);
		p = strstr(s, key);
		if (p && (!best || p < best)) {
			best = p;
			bop = i;
		}
	}
	if (!best || best == s)
		bad_spec("expected SUFFIX:OP:ACTION", s);
	*best = '\0';
	r->suffix = s;
	r->op = bop;
	s = best + strlen(op_names[bop]) + 2;
	r->from = 1;
	at = strrchr(s, '@');
	if (at) {
		*at = '\0';
		r->from = strtoul(at + 1, &end, 10);
		if (!at[1] || *end || !r->from)
			bad_spec("bad @N", at + 1);
	}
	if (!strncmp(s, "vanish=", 7) && s[7]) {
		r->vanish = s + 7;
	} else if (!strncmp(s, "stall=", 6) && s[6]) {
		r->stall = s + 6;
	} else {
		r->err = errno_of(s);
		if (!r->err)
			bad_spec("unknown errno", s);
	}
	if (r->op == OP_READ || r->op == OP_WRITE)
		has_rw = 1;
	nrules++;
}

static void parse(void)
{
	static char buf[8192];	/* the rules point into it */
	const char *spec = getenv("OVF_FAULT");
	char *tok, *save = NULL;

	parsed = 1;
	if (!spec || !*spec)
		return;
	if (strlen(spec) >= sizeof(buf))
		bad_spec("too long", spec);
	strcpy(buf, spec);
	for (tok = strtok_r(buf, ";", &save); tok; tok = strtok_r(NULL, ";", &save))
		parse_rule(tok);
}

static int suffix_match(const char *path, const char *suffix)
{
	size_t n = strlen(path), m = strlen(suffix);
	const char *p, *tail = path + n;
	int parts = 1;

	/* A pattern (temp files have random names) matches as many components. */
	if (strpbrk(suffix, "*?[")) {
		for (p = suffix; *p; p++)
			parts += *p == '/';
		while (tail > path && parts) {
			tail--;
			if (*tail == '/' && !--parts)
				tail++;
		}
		return fnmatch(suffix, tail, FNM_PATHNAME | FNM_PERIOD) == 0;
	}
	if (m > n || strcmp(path + n - m, suffix))
		return 0;
	return m == n || path[n - m - 1] == '/' || suffix[0] == '/';
}

static int rm_entry(const char *path, const struct stat *st, int flag,
		    struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static void vanish(const char *list)
{
	char buf[8192], *tok, *save = NULL;
	struct stat st;

	snprintf(buf, sizeof(buf), "%s", list);
	for (tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		if (lstat(tok, &st) < 0)
			continue;
		if (S_ISDIR(st.st_mode))
			nftw(tok, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
		else
			unlink(tok);
	}
}

/* Announce the stall with its marker file, then wait for the test to remove it. */
static void stall(const char *marker)
{
	const struct timespec tick = { 0, 20 * 1000 * 1000 };
	int fd, i;

	fd = (int)syscall(SYS_openat, AT_FDCWD, marker, O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
	if (fd >= 0)
		close(fd);
	for (i = 0; i < 500 && access(marker, F_OK) == 0; i++)
		nanosleep(&tick, NULL);
}

/* The errno the rules give @op on @path (after any vanish or stall), or 0. */
static int fault(enum op op, const char *path)
{
	int i, e = 0;

	if (!parsed)
		parse();
	for (i = 0; i < nrules; i++) {
		struct rule *r = &rules[i];

		if (r->op != op || !path || !suffix_match(path, r->suffix))
			continue;
		if (++r->seen < r->from)
			continue;
		if (r->vanish) {
			if (!r->done)
				vanish(r->vanish);
			r->done = 1;
		} else if (r->stall) {
			if (!r->done) {
				r->done = 1;
				stall(r->stall);
			}
		} else if (!e) {
			e = r->err;
		}
	}
	return e;
}

static int open_fault(const char *path, int flags)
{
	int acc = flags & O_ACCMODE, e = 0;

	if (flags & O_PATH)
		return 0;
	if (acc == O_RDONLY || acc == O_RDWR)
		e = fault(OP_OPEN_READ, path);
	if (!e && (acc == O_WRONLY || acc == O_RDWR))
		e = fault(OP_OPEN_WRITE, path);
	return e;
}

static int fd_fault(enum op op, int fd)
{
	char link[64], path[4096];
	ssize_t n;

	if (!parsed)
		parse();
	if (!has_rw)
		return 0;
	snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
	n = readlink(link, path, sizeof(path) - 1);
	if (n < 0)
		return 0;
	path[n] = '\0';
	return fault(op, path);
}

static void *real(const char *name)
{
	void *f = dlsym(RTLD_NEXT, name);

	if (!f) {
		fprintf(stderr, "fault_shim: no %s\n", name);
		_exit(98);
	}
	return f;
}

typedef int (*open_fn)(const char *, int, ...);
typedef int (*openat_fn)(int, const char *, int, ...);

static mode_t mode_arg(int flags, va_list ap)
{
	return (flags & O_CREAT) || (flags & O_TMPFILE) == O_TMPFILE ?
		       va_arg(ap, mode_t) : 0;
}

static int path_open(open_fn *fn, const char *name, const char *path, int flags,
		     mode_t mode)
{
	int e = open_fault(path, flags);

	if (e) {
		errno = e;
		return -1;
	}
	if (!*fn)
		*fn = (open_fn)real(name);
	return (*fn)(path, flags, mode);
}

static int at_open(openat_fn *fn, const char *name, int dirfd, const char *path,
		   int flags, mode_t mode)
{
	int e = open_fault(path, flags);

	if (e) {
		errno = e;
		return -1;
	}
	if (!*fn)
		*fn = (openat_fn)real(name);
	return (*fn)(dirfd, path, flags, mode);
}

int open(const char *path, int flags, ...)
{
	static open_fn fn;
	va_list ap;
	mode_t mode;

	va_start(ap, flags);
	mode = mode_arg(flags, ap);
	va_end(ap);
	return path_open(&fn, "open", path, flags, mode);
}

int open64(const char *path, int flags, ...)
{
	static open_fn fn;
	va_list ap;
	mode_t mode;

	va_start(ap, flags);
	mode = mode_arg(flags, ap);
	va_end(ap);
	return path_open(&fn, "open64", path, flags, mode);
}

int openat(int dirfd, const char *path, int flags, ...)
{
	static openat_fn fn;
	va_list ap;
	mode_t mode;

	va_start(ap, flags);
	mode = mode_arg(flags, ap);
	va_end(ap);
	return at_open(&fn, "openat", dirfd, path, flags, mode);
}

int openat64(int dirfd, const char *path, int flags, ...)
{
	static openat_fn fn;
	va_list ap;
	mode_t mode;

	va_start(ap, flags);
	mode = mode_arg(flags, ap);
	va_end(ap);
	return at_open(&fn, "openat64", dirfd, path, flags, mode);
}

#ifdef SYS_openat2
static int have_openat2(long (*fn)(long, ...))
{
	static int known, have;
	struct open_how how = { .flags = O_PATH | O_CLOEXEC };
	int saved = errno;
	long fd;

	if (!known) {
		fd = fn(SYS_openat2, (long)AT_FDCWD, (long)"/", (long)&how,
			(long)sizeof(how), 0L, 0L);
		have = fd >= 0 || (errno != ENOSYS && errno != EPERM);
		if (fd >= 0)
			close((int)fd);
		errno = saved;
		known = 1;
	}
	return have;
}
#endif

long syscall(long nr, ...)
{
	static long (*fn)(long, ...);
	long a[6];
	va_list ap;
	int i;

	va_start(ap, nr);
	for (i = 0; i < 6; i++)
		a[i] = va_arg(ap, long);
	va_end(ap);
	if (!fn)
		fn = (long (*)(long, ...))real("syscall");
#ifdef SYS_openat2
	/*
	 * Where openat2 fails (old kernel, valgrind, seccomp) the caller opens
	 * again with openat: count that one, not both.
	 */
	if (nr == SYS_openat2 && a[2] && have_openat2(fn)) {
		const struct open_how *how = (const struct open_how *)a[2];
		int e = open_fault((const char *)a[1], (int)how->flags);

		if (e) {
			errno = e;
			return -1;
		}
	}
#endif
	return fn(nr, a[0], a[1], a[2], a[3], a[4], a[5]);
}

ssize_t read(int fd, void *buf, size_t len)
{
	static ssize_t (*fn)(int, void *, size_t);
	int e = fd_fault(OP_READ, fd);

	if (e) {
		errno = e;
		return -1;
	}
	if (!fn)
		fn = (ssize_t (*)(int, void *, size_t))real("read");
	return fn(fd, buf, len);
}

ssize_t write(int fd, const void *buf, size_t len)
{
	static ssize_t (*fn)(int, const void *, size_t);
	int e = fd_fault(OP_WRITE, fd);

	if (e) {
		errno = e;
		return -1;
	}
	if (!fn)
		fn = (ssize_t (*)(int, const void *, size_t))real("write");
	return fn(fd, buf, len);
}

ssize_t readlinkat(int dirfd, const char *path, char *buf, size_t len)
{
	static ssize_t (*fn)(int, const char *, char *, size_t);
	char link[64], full[4096];
	ssize_t n = -1;
	int e;

	if (!fn)
		fn = (ssize_t (*)(int, const char *, char *, size_t))real("readlinkat");
	if (!parsed)
		parse();
	/* Rules name host paths: put the directory the fd stands for in front. */
	if (path[0] != '/' && dirfd != AT_FDCWD) {
		snprintf(link, sizeof(link), "/proc/self/fd/%d", dirfd);
		n = fn(AT_FDCWD, link, full, sizeof(full) - 1);
	}
	if (n >= 0) {
		full[n] = '\0';
		snprintf(full + n, sizeof(full) - n, "/%s", path);
		e = fault(OP_READLINK, full);
	} else {
		e = fault(OP_READLINK, path);
	}
	if (e) {
		errno = e;
		return -1;
	}
	return fn(dirfd, path, buf, len);
}

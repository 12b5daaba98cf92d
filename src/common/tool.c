// SPDX-License-Identifier: GPL-2.0-or-later
/* What every tool does the same way: start-up, messages, signals, stdout at exit. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdio_ext.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ovf/cleanup.h"
#include "ovf/rom.h"
#include "ovf/root.h"
#include "ovf/err.h"
#include "ovf/exit.h"
#include "ovf/gpu.h"
#include "ovf/iasl.h"
#include "ovf/tool.h"
#include "ovf/util.h"

const char *ovf_prog = "optimus-vfio";
int ovf_output_error_exit = EXIT_FAILURE;
struct ovf_first_error ovf_first_error;

static void vmsg(const char *prefix, const char *fmt, va_list ap)
{
	fprintf(stderr, "%s: %s", ovf_prog, prefix);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

static void note_error(const char *path, const char *msg)
{
	size_t n;

	if (ovf_first_error.set)
		return;
	ovf_first_error.set = 1;
	n = strnlen(msg, sizeof(ovf_first_error.message) - 1);
	memcpy(ovf_first_error.message, msg, n);
	ovf_first_error.message[n] = '\0';
	snprintf(ovf_first_error.path, sizeof(ovf_first_error.path), "%s",
		 path ? path : "");
}

static void verr(const char *path, const char *fmt, va_list ap)
{
	char msg[8192];

	vsnprintf(msg, sizeof(msg), fmt, ap);
	fprintf(stderr, "%s: %s\n", ovf_prog, msg);
	note_error(path, msg);
}

void ovf_errx(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	verr(NULL, fmt, ap);
	va_end(ap);
}

void ovf_errp(const char *path, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	verr(path, fmt, ap);
	va_end(ap);
}

void ovf_err_print(const struct ovf_err *e)
{
	char msg[sizeof(e->action) + sizeof(e->path) + sizeof(e->reason) + 8];

	snprintf(msg, sizeof(msg), "%s%s%s%s%s", e->action,
		 e->action[0] && e->path[0] ? " " : "", e->path,
		 e->action[0] || e->path[0] ? ": " : "", ovf_err_why(e));
	fprintf(stderr, "%s: %s\n", ovf_prog, msg);
	note_error(e->path[0] ? e->path : NULL, msg);
}

void ovf_err_advise(struct ovf_err *e, const char *fmt, ...)
{
	char why[sizeof(e->reason)];
	size_t n;
	va_list ap;

	snprintf(why, sizeof(why), "%s", ovf_err_why(e));
	n = strlen(why);
	va_start(ap, fmt);
	vsnprintf(why + n, sizeof(why) - n, fmt, ap);
	va_end(ap);
	memcpy(e->reason, why, sizeof(e->reason));
}

void ovf_print_lines(const char *text)
{
	const char *p = text, *nl;

	while (p && *p) {
		nl = strchr(p, '\n');
		fprintf(stderr, "%s: %.*s\n", ovf_prog, nl ? (int)(nl - p) : (int)strlen(p), p);
		p = nl ? nl + 1 : NULL;
	}
}

void ovf_err_print_invalid(const char *opt, const struct ovf_err *e)
{
	ovf_errx("invalid %s '%s': %s", opt, e->path, ovf_err_why(e));
}

int ovf_iasl_report(const char *iasl, int err, const struct ovf_iasl_out *o,
		    const struct ovf_err *e)
{
	if (err == -EBADMSG) {
		ovf_print_lines(o->messages);
		ovf_err_print(e);
		return OVF_EXIT_INVALID;
	}
	if (o->missing)
		ovf_errx("iasl not found: install acpica-tools or give --iasl "
			 "(tried '%s')", iasl);
	else
		ovf_err_print(e);
	return OVF_EXIT_ERROR;
}

int ovf_check_rom_file(const char *path, int *invalid)
{
	enum ovf_rom_check what;
	struct ovf_err e;
	int err = ovf_rom_check_file(path, &what, &e);
	/* vbios-info reads "-" as standard input: name the file */
	const char *arg = strcmp(path, "-") ? path : "./-";

	*invalid = err == -EINVAL;
	if (!err)
		return 0;
	if (what == OVF_ROM_CHECK_EMBEDDED)
		ovf_errx("check %s: %s; cut it out with: vbios-info --extract OUT %s",
			 path, ovf_err_why(&e), arg);
	else if (what == OVF_ROM_CHECK_MALFORMED)
		ovf_errx("check %s: %s (vbios-info %s says more)", path,
			 ovf_err_why(&e), arg);
	else
		ovf_errx("check %s: %s", path, ovf_err_why(&e));
	return err;
}

void ovf_warnx(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg("warning: ", fmt, ap);
	va_end(ap);
}

void ovf_try_help(void)
{
	fprintf(stderr, "Try '%s --help'.\n", ovf_prog);
}

int ovf_no_operands(int argc, char *const argv[])
{
	if (optind >= argc)
		return 0;
	ovf_errx("unexpected argument '%s'", ovf_shown(argv[optind]));
	ovf_try_help();
	return -1;
}

void ovf_print_version(void)
{
	printf("%s (optimus-vfio) %s\n", ovf_prog, OVF_VERSION);
}

/*
 * A closed 0, 1 or 2 would be handed to the next open(): the ROM file
 * would then receive our messages. Open /dev/null in the direction that
 * makes any use of it fail, so a closed stdout still reports a write error.
 */
static void open_std_fds(void)
{
	int fd;

	for (fd = 0; fd <= 2; fd++) {
		if (fcntl(fd, F_GETFD) >= 0 || errno != EBADF)
			continue;
		if (open("/dev/null", fd == 0 ? O_WRONLY : O_RDONLY) != fd)
			_exit(EXIT_FAILURE);
	}
}

static volatile sig_atomic_t defer_signals, pending_signal;

static void on_signal(int sig)
{
	if (defer_signals) {
		pending_signal = sig;
		return;
	}
	ovf_cleanup_run();
	_exit(128 + sig);
}

void ovf_signals_defer(void)
{
	defer_signals = 1;
}

int ovf_signal_pending(void)
{
	return pending_signal;
}

void ovf_signals_resume(int status)
{
	defer_signals = 0;
	if (pending_signal) {
		fflush(stdout);
		ovf_cleanup_run();
		_exit(status >= 0 ? status : 128 + pending_signal);
	}
}

static int stdout_reported;

int ovf_flush_stdout(void)
{
	if (fflush(stdout) != EOF && !ferror(stdout))
		return 0;
	ovf_errx("write error: stdout: %s", strerror(errno));
	stdout_reported = 1;
	return -1;
}

/* As coreutils' close_stdout: what could not be written is an error. */
static void close_stdout(int status, void *arg)
{
	int pending = __fpending(stdout) != 0, prev = ferror(stdout) != 0;
	int failed = fclose(stdout) != 0;
	int err = errno;

	(void)arg;
	if (!prev && !(failed && (pending || err != EBADF)))
		return;
	if (stdout_reported)
		;
	else if (failed && err)
		ovf_errx("write error: stdout: %s", strerror(err));
	else
		ovf_errx("write error: stdout");
	_exit(status ? status : ovf_output_error_exit);
}

void ovf_tool_init(const char *prog, int argc, char **argv)
{
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGPIPE };
	struct sigaction sa;
	size_t i;

	open_std_fds();
	ovf_prog = prog;
	/* getopt's own messages name argv[0]: the short name, as ours do */
	if (argc > 0)
		argv[0] = (char *)prog;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigfillset(&sa.sa_mask);
	for (i = 0; i < ARRAY_SIZE(sigs); i++) {
		struct sigaction cur;

		/* an ignored signal (nohup, a parent's SIG_IGN) stays ignored */
		if (sigaction(sigs[i], NULL, &cur) == 0 && cur.sa_handler == SIG_IGN)
			continue;
		sigaction(sigs[i], &sa, NULL);
	}
	on_exit(close_stdout, NULL);
}

const char *ovf_shown(const char *s)
{
	static char bufs[4][OVF_BOUNDED_LEN];
	static unsigned int next;

	return ovf_bounded(s, bufs[next++ % ARRAY_SIZE(bufs)], sizeof(bufs[0]));
}

void ovf_err_pci_addr(const char *value)
{
	ovf_errx("invalid PCI address '%s': expected DDDD:BB:DD.F or BB:DD.F",
		 ovf_shown(value));
}

int ovf_opt_nonempty(const char *opt, const char *value, const char *expected)
{
	if (*value)
		return 0;
	ovf_errx("empty %s: expected %s", opt, expected);
	ovf_try_help();
	return -1;
}

int ovf_opt_sysroot(const char *value)
{
	if (*value)
		return 0;
	ovf_errx("empty --sysroot: expected a directory (/ for the live system)");
	return -1;
}

int ovf_tool_root_open(struct ovf_root *r, const char *opt)
{
	const char *dir = ovf_root_choose(opt);
	int err;

	r->dirfd = -1;
	if (!dir) {
		if (opt)
			ovf_opt_sysroot(opt);
		else
			ovf_errx("%s is set but empty: unset it for the live system, "
				 "or name a directory", OVF_SYSROOT_ENV);
		return -1;
	}
	err = ovf_root_open(r, dir);
	if (err < 0) {
		ovf_errp(dir, "open sysroot %s: %s", ovf_shown(dir), strerror(-err));
		return -1;
	}
	return 0;
}

int ovf_check_output(const char *path)
{
	const char *what;
	int err = ovf_outfile_check(path, &what);

	if (!err)
		return 0;
	if (what && !*path)
		ovf_errx("empty output path: expected a file name (or - for "
			 "standard output where the tool writes there)");
	else if (what)
		ovf_errx("refusing to write %s: it is %s; expected a regular file, "
			 "a new file, a FIFO or a character device", ovf_shown(path),
			 what);
	else
		ovf_errx("create %s: %s", ovf_shown(path), strerror(-err));
	return -1;
}

void ovf_gpu_list_cands(const struct ovf_gpu *g, const char *opt)
{
	char addr[OVF_PCI_ADDR_LEN];
	int i;

	ovf_errx("%d NVIDIA display devices found; choose one with %s:",
		 g->ncands, opt);
	for (i = 0; i < g->ncands && i < OVF_GPU_MAX_CANDS; i++)
		fprintf(stderr, "  %s %04x:%04x %s\n",
			ovf_pci_addr_fmt(&g->cands[i].addr, addr),
			g->cands[i].vendor, g->cands[i].device,
			g->cands[i].device_name);
}

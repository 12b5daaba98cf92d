// SPDX-License-Identifier: GPL-2.0-or-later
/* Test stand-in for acpi_call 1.2.2's /proc/acpi/call on a FIFO, serving a _ROM. */

/*
 * A client writes a command (open, write, close), then reads the result
 * (open, read to EOF, close), as with the real file. The FIFO cannot tell
 * a reader from a writer before one opens, so the responder alternates:
 * it offers to write whenever a reader is waiting (a non-blocking write
 * open succeeds only then) and otherwise waits as a reader for a command,
 * with a periodic SIGALRM breaking that wait so a reader that came first
 * (a "cat" with no command) is still served.
 *
 * Emulated exactly: the result text (the 256-byte buffer: 42 values and a
 * trailing "," for a longer buffer), "Error: AE_..." texts, the NUL after
 * the text, "not called" before any call and after a result was read, and
 * the argument syntax (one space between arguments, "0x" hex or decimal).
 * A result is dropped once served, which is what the module does for a
 * reader that reads on to EOF (cat, our client); one that reads once and
 * closes would find it again on the real module.
 * Not emulated: a write over 511 bytes cannot fail through a FIFO; it is
 * logged and otherwise ignored, leaving the result alone as the module does.
 * Short reads cannot be refused either: a FIFO reader gets the result in
 * whatever pieces it asks for. A whole FIFO write up to EOF is one command,
 * where the module takes each write() as one.
 *
 * _ROM(offset, length) returns the ROM bytes [offset, offset + length) that
 * exist: a request past the end gets the bytes up to the end, one at or
 * past the end an empty buffer. Arguments are cut to 32 bits, as AML of a
 * revision 1 table (QEMU's) sees them.
 *
 * With --aml, calls are not answered from --rom but by real AML: the
 * tables are loaded into ACPICA's acpiexec, kept running behind a pipe,
 * and each command becomes its "execute PATH ARGS" (integer arguments
 * only); the object or the exception it reports is formatted as above.
 * That is how the laptop-firmware models in tests/acpi/ meet the dumper.
 */

#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "ovf/acpi_call.h"
#include "ovf/util.h"

#define MODULE_BUFFER_SIZE 256
#define MODULE_MAX_INPUT 511
#define MODULE_MAX_ARGS 16
#define MAX_VALUES_LIMIT 10000
#define CMD_READ_MAX (64 * 1024)
#define GARBAGE "{0x5g,"
#define BOUNDARY 4096
#define TICK_US 10000
/* How long to wait for the reader that normally follows a command. */
#define REPLY_WAIT_TICKS 20
/* How long a reader may take to close after its EOF. */
#define READER_CLOSE_MS 2000
#define MAX_AML 16

static const char *prog = "fake_acpi_call";

struct fake {
	const char *fifo, *method_in, *error, *log_path, *pidfile;
	char method[256];
	uint8_t *rom;
	size_t rom_size, serve_size;
	int missing_rom, boundary_garbage;
	long max_values, garble_after, fail_after, exit_after, short_rom;
	long change_after;	/* --change-after: the ROM's last byte flips */
	unsigned long calls;
	char *result;		/* "" = cleared: reads give "not called" */
	size_t result_cap;
	FILE *log;
	int inotify;		/* IN_CLOSE_NOWRITE on the FIFO */
	int made_fifo, made_pidfile;
	/* the acpiexec backend (--aml) */
	const char *aml[MAX_AML], *acpiexec, *preload;
	int naml;
	pid_t ax_pid;
	FILE *ax_in, *ax_out;
	uint8_t *ax_buf;
	size_t ax_cap;
};

static volatile sig_atomic_t stop;

static void on_term(int sig)
{
	(void)sig;
	stop = 1;
}

static void on_alarm(int sig)
{
	(void)sig;
}

static void usage(FILE *out, int status)
{
	fprintf(out,
		"Usage: %s --fifo PATH [options]\n"
		"Answer acpi_call commands written to the FIFO PATH as\n"
		"acpi_call 1.2.2 would.\n"
		"\n"
		"  -f, --fifo PATH         the stand-in for /proc/acpi/call\n"
		"                          (made if missing)\n"
		"  -r, --rom FILE          the ROM image _ROM serves (default: empty)\n"
		"  -m, --method PATH       the _ROM method\n"
		"                          (default \\_SB.PCI0.S08.S00._ROM)\n"
		"      --missing-rom       the method does not exist (AE_NOT_FOUND)\n"
		"      --error AE_XXX      every call fails with that exception\n"
		"      --boundary-garbage  bytes past the first 4 KiB boundary of a\n"
		"                          request read 0xff\n"
		"      --max-values N      a result buffer that takes N values (42)\n"
		"      --garble-after N    calls after the Nth get \"" GARBAGE "\"\n"
		"      --fail-after N      calls after the Nth fail with\n"
		"                          AE_AML_LOOP_TIMEOUT\n"
		"      --short-rom[=N]     serve only the first N bytes (default: half\n"
		"                          the ROM, rounded down to 512) and empty\n"
		"                          buffers past them\n"
		"      --exit-after N      exit once the Nth result was read\n"
		"      --change-after N    calls after the Nth see the ROM's last\n"
		"                          byte inverted (a ROM read twice differs)\n"
		"      --aml FILE          answer with real AML: load FILE (repeatable)\n"
		"                          into acpiexec and execute each command there\n"
		"      --acpiexec PATH     the acpiexec to run (default: acpiexec)\n"
		"      --preload SO        LD_PRELOAD for acpiexec\n"
		"      --log FILE          append each command received, one a line\n"
		"      --pidfile FILE      write the process id there\n"
		"  -h, --help              this text\n",
		prog);
	exit(status);
}

static long parse_count(const char *opt, const char *s, long min, long max)
{
	char *end;
	long v;

	if (!s)
		errx(1, "%s: missing value", opt);
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < min || v > max)
		errx(1, "%s: bad number '%s' (%ld..%ld)", opt, s, min, max);
	return v;
}

static void load_rom(struct fake *f, const char *path)
{
	FILE *in = fopen(path, "rb");
	size_t cap = 0, n;

	if (!in)
		err(1, "cannot open %s", path);
	for (;;) {
		if (f->rom_size == cap) {
			cap = cap ? cap * 2 : 65536;
			f->rom = realloc(f->rom, cap);
			if (!f->rom)
				err(1, "reading %s", path);
		}
		n = fread(f->rom + f->rom_size, 1, cap - f->rom_size, in);
		if (!n)
			break;
		f->rom_size += n;
	}
	if (ferror(in))
		err(1, "cannot read %s", path);
	fclose(in);
}

/* snprintf() into what is left of the result, as the module appends. */
static void append(struct fake *f, const char *s)
{
	size_t len = strlen(f->result);

	snprintf(f->result + len, f->result_cap - len, "%s", s);
}

static void set_error(struct fake *f, const char *code)
{
	snprintf(f->result, f->result_cap, "Error: %s", code);
}

/* The module's buffer formatting: as many values as fit, "," when cut. */
static void set_buffer(struct fake *f, const uint8_t *b, size_t n)
{
	size_t cap = f->max_values > 0 ? (size_t)f->max_values : 0;
	size_t show = n < cap ? n : cap, i;
	char v[8];

	f->result[0] = '\0';
	append(f, "{");
	for (i = 0; i < show; i++) {
		snprintf(v, sizeof(v), i ? ", 0x%02x" : "0x%02x", b[i]);
		append(f, v);
	}
	append(f, n > show ? "," : "}");
}

static void do_rom(struct fake *f, uint64_t off, uint64_t len)
{
	uint8_t *out;
	size_t n = 0, i;

	if (off < f->serve_size) {
		n = f->serve_size - off;
		if (len < n)
			n = len;
	}
	out = malloc(n ? n : 1);
	if (!out)
		err(1, "out of memory");
	for (i = 0; i < n; i++) {
		if (f->boundary_garbage && (off + i) / BOUNDARY != off / BOUNDARY)
			out[i] = 0xff;
		else
			out[i] = f->rom[off + i];
	}
	set_buffer(f, out, n);
	free(out);
}

/*
 * Integer arguments as the module reads them: "0x" then hex, else decimal,
 * stopping at the first bad character. Returns the number of arguments,
 * or -1 when one is not an integer.
 */
static int parse_int_args(char *args, uint64_t *v, int max)
{
	int n = 0;
	char *s = args, *e;

	while (s) {
		e = strchr(s, ' ');
		if (e)
			*e++ = '\0';
		if (*s == '"' || *s == 'b' || *s == '{')
			return -1;
		if (n < max) {
			if (s[0] == '0' && s[1] == 'x')
				v[n] = strtoull(s + 2, NULL, 16);
			else
				v[n] = strtoull(s, NULL, 10);
			v[n] &= 0xffffffffu;
		}
		n++;
		s = e;
	}
	return n;
}

/* Start acpiexec on the --aml tables, its debugger reading our pipe. */
static void ax_start(struct fake *f)
{
	int in[2], out[2], devnull, i;
	const char *argv[MAX_AML + 2];

	if (pipe2(in, O_CLOEXEC) < 0 || pipe2(out, O_CLOEXEC) < 0)
		err(1, "pipe");
	argv[0] = f->acpiexec;
	for (i = 0; i < f->naml; i++)
		argv[i + 1] = f->aml[i];
	argv[f->naml + 1] = NULL;
	f->ax_pid = fork();
	if (f->ax_pid < 0)
		err(1, "fork");
	if (f->ax_pid == 0) {
		devnull = open("/dev/null", O_WRONLY);
		if (dup2(in[0], 0) < 0 || dup2(out[1], 1) < 0 ||
		    dup2(devnull, 2) < 0)
			_exit(126);
		if (f->preload)
			setenv("LD_PRELOAD", f->preload, 1);
		execvp(argv[0], (char **)argv);
		_exit(127);
	}
	close(in[0]);
	close(out[1]);
	f->ax_in = fdopen(in[1], "w");
	f->ax_out = fdopen(out[0], "r");
	if (!f->ax_in || !f->ax_out)
		err(1, "fdopen");
}

static void ax_stop(struct fake *f)
{
	if (!f->ax_pid)
		return;
	fputs("quit\n", f->ax_in);
	fclose(f->ax_in);
	fclose(f->ax_out);
	waitpid(f->ax_pid, NULL, 0);
	f->ax_pid = 0;
}

/* Bytes of an acpiexec hex dump line "    0010: 55 AA ...  // text". */
static size_t ax_hex_line(struct fake *f, const char *line, size_t have,
			  size_t want)
{
	const char *p = strstr(line, ": "), *stop = strstr(line, "//");
	int hi, lo;

	if (!p)
		return have;
	for (p += 2; have < want && (!stop || p < stop); p += 2) {
		while (*p == ' ')
			p++;
		if (stop && p >= stop)
			break;
		hi = ovf_hexval(p[0]);
		lo = hi < 0 ? -1 : ovf_hexval(p[1]);
		if (lo < 0)
			break;
		f->ax_buf[have++] = (uint8_t)(hi << 4 | lo);
	}
	return have;
}

/*
 * Run CMD's method in acpiexec and set the result as acpi_call would
 * print it. Only the result kinds a _ROM gives are read (buffer, integer,
 * string, an exception); anything else reads "Object type" as the module
 * says for types it does not print.
 */
static void ax_call(struct fake *f, const char *method, const uint64_t *v,
		    int nargs)
{
	char *line = NULL, *p;
	size_t cap = 0, want = 0, have = 0;
	unsigned long long ival;
	sigset_t alarm, old;
	int i;

	/* the tick's SIGALRM would break our reads of acpiexec's pipe */
	sigemptyset(&alarm);
	sigaddset(&alarm, SIGALRM);
	sigprocmask(SIG_BLOCK, &alarm, &old);
	fprintf(f->ax_in, "execute %s", method);
	for (i = 0; i < nargs && i < MODULE_MAX_ARGS; i++)
		fprintf(f->ax_in, " 0x%llx", (unsigned long long)v[i]);
	fputc('\n', f->ax_in);
	if (fflush(f->ax_in))
		err(1, "acpiexec is gone");
	for (;;) {
		if (getline(&line, &cap, f->ax_out) < 0)
			errx(1, "acpiexec ended");
		if (!strstr(line, "Evaluation of "))
			continue;
		p = strstr(line, "failed with status ");
		if (p) {
			p += strlen("failed with status ");
			p[strcspn(p, " \n")] = '\0';
			set_error(f, p);
			goto out;
		}
		if (strstr(line, "returned object"))
			break;
	}
	if (getline(&line, &cap, f->ax_out) < 0)
		errx(1, "acpiexec ended");
	if ((p = strstr(line, "[Buffer] Length "))) {
		want = strtoul(p + strlen("[Buffer] Length "), NULL, 16);
		if (want > f->ax_cap) {
			f->ax_buf = realloc(f->ax_buf, want);
			if (!f->ax_buf)
				err(1, "out of memory");
			f->ax_cap = want;
		}
		have = ax_hex_line(f, p, 0, want);
		while (have < want) {
			if (getline(&line, &cap, f->ax_out) < 0)
				errx(1, "acpiexec ended");
			have = ax_hex_line(f, line, have, want);
		}
		set_buffer(f, f->ax_buf, want);
	} else if ((p = strstr(line, "[Integer] = "))) {
		ival = strtoull(p + strlen("[Integer] = "), NULL, 16);
		snprintf(f->result, f->result_cap, "0x%llx", ival);
	} else if ((p = strstr(line, "[String] Length "))) {
		p = strchr(p, '"');
		if (p)
			p[strcspn(p, "\n")] = '\0';
		snprintf(f->result, f->result_cap, "%s", p ? p : "\"\"");
	} else {
		snprintf(f->result, f->result_cap, "Object type 0x%x", 4);
	}
out:
	free(line);
	sigprocmask(SIG_SETMASK, &old, NULL);
}

static void evaluate(struct fake *f, char *cmd)
{
	char norm[256], *args;
	uint64_t v[MODULE_MAX_ARGS];
	int nargs;

	f->calls++;
	/* once, as the call after the Nth arrives: every later read sees it */
	if (f->change_after >= 0 && f->calls == (unsigned long)f->change_after + 1 &&
	    f->rom_size)
		f->rom[f->rom_size - 1] ^= 0xff;
	if (f->error) {
		set_error(f, f->error);
		return;
	}
	if (f->fail_after >= 0 && f->calls > (unsigned long)f->fail_after) {
		set_error(f, "AE_AML_LOOP_TIMEOUT");
		return;
	}
	if (f->garble_after >= 0 && f->calls > (unsigned long)f->garble_after) {
		snprintf(f->result, f->result_cap, "%s", GARBAGE);
		return;
	}
	args = strchr(cmd, ' ');
	if (args)
		*args++ = '\0';
	if (cmd[0] != '\\') {
		/* acpi_get_handle() wants an absolute path */
		set_error(f, "AE_BAD_PARAMETER");
		return;
	}
	if (f->naml) {
		nargs = args ? parse_int_args(args, v, MODULE_MAX_ARGS) : 0;
		if (nargs < 0)
			set_error(f, "AE_AML_OPERAND_TYPE");
		else
			ax_call(f, cmd, v, nargs);
		return;
	}
	/* ACPICA pads names, so "\_SB_.PCI0" and "\_SB.PCI0" are one node */
	if (f->missing_rom || ovf_acpi_path_normalise(cmd, norm, sizeof(norm)) ||
	    strcmp(norm, f->method)) {
		set_error(f, "AE_NOT_FOUND");
		return;
	}
	nargs = args ? parse_int_args(args, v, MODULE_MAX_ARGS) : 0;
	if (nargs < 0) {
		set_error(f, "AE_AML_OPERAND_TYPE");
		return;
	}
	/* ACPICA refuses too few arguments and ignores extra ones */
	if (nargs < 2) {
		set_error(f, "AE_MISSING_ARGUMENTS");
		return;
	}
	do_rom(f, v[0], v[1]);
}

static void log_cmd(struct fake *f, const char *cmd)
{
	if (!f->log)
		return;
	fprintf(f->log, "%s\n", cmd);
	fflush(f->log);
}

/* One write() as the module takes it: at most 511 bytes, one newline off. */
static void take_write(struct fake *f, char *cmd, size_t len)
{
	if (len > MODULE_MAX_INPUT) {
		/* the real write() fails with ENOSPC and changes nothing */
		log_cmd(f, "(too long)");
		return;
	}
	if (cmd[len - 1] == '\n')
		len--;
	cmd[len] = '\0';
	log_cmd(f, cmd);
	evaluate(f, cmd);
}

/*
 * Read what writers sent up to EOF, close @fd, and act on it as the module's write()
 * would. A FIFO does not show where one writer stopped and the next began
 * (a second "echo" may open it before we saw EOF), so each line counts as
 * one write, which is what "echo CMD > /proc/acpi/call" does.
 */
static void take_commands(struct fake *f, int fd)
{
	static char buf[CMD_READ_MAX + 1];
	size_t len = 0, total = 0, seg;
	ssize_t n;
	char *p, *nl;

	for (;;) {
		n = read(fd, buf + len, CMD_READ_MAX - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			err(1, "reading %s", f->fifo);
		if (!n)
			break;
		total += n;
		len += n;
		if (len == CMD_READ_MAX)
			len = 0;	/* far too long: keep draining */
	}
	/*
	 * Close before acting: a test that waits for the log line then knows a
	 * second writer cannot slip in between our EOF and our close (it would
	 * get EPIPE on a FIFO, which the module's file never gives).
	 */
	close(fd);
	if (!total)
		return;		/* opened and closed: no write() reached it */
	if (total > len) {
		log_cmd(f, "(too long)");
		return;
	}
	for (p = buf; p < buf + len; p += seg) {
		nl = memchr(p, '\n', buf + len - p);
		seg = nl ? (size_t)(nl - p + 1) : (size_t)(buf + len - p);
		take_write(f, p, seg);
	}
}

static void drain_inotify(struct fake *f)
{
	char ev[4096];

	while (read(f->inotify, ev, sizeof(ev)) > 0)
		;
}

/*
 * Wait until the reader we served closes the FIFO. Until then it still
 * counts as a reader, and the next look for a waiting reader would find it
 * and write to it before it saw EOF, spoiling the result it reads.
 */
static void wait_reader_gone(struct fake *f)
{
	struct pollfd pfd = { .fd = f->inotify, .events = POLLIN };
	struct timespec t0, t;
	long left;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	while (!stop) {
		clock_gettime(CLOCK_MONOTONIC, &t);
		left = READER_CLOSE_MS - ((t.tv_sec - t0.tv_sec) * 1000 +
					  (t.tv_nsec - t0.tv_nsec) / 1000000);
		if (left <= 0) {
			warnx("the reader of %s did not close it", f->fifo);
			return;
		}
		if (poll(&pfd, 1, left) > 0) {
			/*
			 * The close is reported before the pipe drops the
			 * reader: give it that moment, or the next look for
			 * a waiting reader finds this one again.
			 */
			usleep(5000);
			return;
		}
	}
}

/* Hand the result (or "not called") and its NUL to a waiting reader. */
static void serve(struct fake *f, int fd)
{
	const char *text = f->result[0] ? f->result : "not called";
	size_t len = strlen(text) + 1, off = 0;
	ssize_t n;

	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
	while (off < len) {
		n = write(fd, text + off, len - off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			break;	/* the reader left (EPIPE): it is read anyway */
		off += n;
	}
	/* the reader cannot close before it sees EOF, which needs our close */
	drain_inotify(f);
	close(fd);
	/* the module drops a result once it was read */
	f->result[0] = '\0';
	if (off == len)
		wait_reader_gone(f);
}

static void finish(struct fake *f)
{
	if (f->made_fifo)
		unlink(f->fifo);
	if (f->made_pidfile && f->pidfile)
		unlink(f->pidfile);
	if (f->log)
		fclose(f->log);
	ax_stop(f);
	free(f->ax_buf);
	free(f->result);
	free(f->rom);
}

static void run(struct fake *f)
{
	int fd, reply_wait = 0;

	while (!stop) {
		if (reply_wait) {
			/* the reader normally comes right after a command */
			reply_wait--;
			fd = open(f->fifo, O_WRONLY | O_CLOEXEC);
		} else {
			fd = open(f->fifo, O_WRONLY | O_NONBLOCK | O_CLOEXEC);
		}
		if (fd >= 0) {
			serve(f, fd);
			reply_wait = 0;
			if (f->exit_after >= 0 &&
			    f->calls >= (unsigned long)f->exit_after)
				break;
			continue;
		}
		if (errno != ENXIO && errno != EINTR)
			err(1, "opening %s", f->fifo);
		if (reply_wait)
			continue;
		/* wait for a command; each tick returns to look for readers */
		fd = open(f->fifo, O_RDONLY | O_CLOEXEC);
		if (fd < 0) {
			if (errno != EINTR)
				err(1, "opening %s", f->fifo);
			continue;
		}
		take_commands(f, fd);
		reply_wait = REPLY_WAIT_TICKS;
	}
}

static void setup_signals(void)
{
	struct sigaction sa;
	struct itimerval it = {
		.it_interval = { 0, TICK_US },
		.it_value = { 0, TICK_US },
	};

	/* no SA_RESTART: blocking FIFO opens must return to the loop */
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_term;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	sa.sa_handler = on_alarm;
	sigaction(SIGALRM, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	if (setitimer(ITIMER_REAL, &it, NULL) < 0)
		err(1, "setitimer");
}

int main(int argc, char **argv)
{
	enum {
		OPT_MISSING_ROM = 256, OPT_ERROR, OPT_BOUNDARY, OPT_MAX_VALUES,
		OPT_GARBLE, OPT_FAIL, OPT_SHORT, OPT_EXIT, OPT_LOG, OPT_PIDFILE,
		OPT_AML, OPT_ACPIEXEC, OPT_PRELOAD, OPT_CHANGE,
	};
	static const struct option longopts[] = {
		{ "fifo", required_argument, NULL, 'f' },
		{ "rom", required_argument, NULL, 'r' },
		{ "method", required_argument, NULL, 'm' },
		{ "missing-rom", no_argument, NULL, OPT_MISSING_ROM },
		{ "error", required_argument, NULL, OPT_ERROR },
		{ "boundary-garbage", no_argument, NULL, OPT_BOUNDARY },
		{ "max-values", required_argument, NULL, OPT_MAX_VALUES },
		{ "garble-after", required_argument, NULL, OPT_GARBLE },
		{ "fail-after", required_argument, NULL, OPT_FAIL },
		{ "short-rom", optional_argument, NULL, OPT_SHORT },
		{ "exit-after", required_argument, NULL, OPT_EXIT },
		{ "change-after", required_argument, NULL, OPT_CHANGE },
		{ "log", required_argument, NULL, OPT_LOG },
		{ "pidfile", required_argument, NULL, OPT_PIDFILE },
		{ "aml", required_argument, NULL, OPT_AML },
		{ "acpiexec", required_argument, NULL, OPT_ACPIEXEC },
		{ "preload", required_argument, NULL, OPT_PRELOAD },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct fake f = {
		.method_in = "\\_SB.PCI0.S08.S00._ROM",
		.max_values = MODULE_BUFFER_SIZE / 6,
		.garble_after = -1,
		.fail_after = -1,
		.exit_after = -1,
		.change_after = -1,
		.short_rom = -1,
		.acpiexec = "acpiexec",
	};
	const char *rom_path = NULL;
	int c, short_default = 0;
	struct stat st;
	FILE *pf;

	while ((c = getopt_long(argc, argv, "f:r:m:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'f':
			f.fifo = optarg;
			break;
		case 'r':
			rom_path = optarg;
			break;
		case 'm':
			f.method_in = optarg;
			break;
		case OPT_MISSING_ROM:
			f.missing_rom = 1;
			break;
		case OPT_ERROR:
			f.error = optarg;
			break;
		case OPT_BOUNDARY:
			f.boundary_garbage = 1;
			break;
		case OPT_MAX_VALUES:
			f.max_values = parse_count("--max-values", optarg, 1,
						   MAX_VALUES_LIMIT);
			break;
		case OPT_GARBLE:
			f.garble_after = parse_count("--garble-after", optarg,
						     0, 1L << 30);
			break;
		case OPT_FAIL:
			f.fail_after = parse_count("--fail-after", optarg, 0,
						   1L << 30);
			break;
		case OPT_CHANGE:
			f.change_after = parse_count("--change-after", optarg, 0,
						     1L << 30);
			break;
		case OPT_SHORT:
			if (optarg)
				f.short_rom = parse_count("--short-rom", optarg,
							  0, 1L << 30);
			else
				short_default = 1;
			break;
		case OPT_EXIT:
			f.exit_after = parse_count("--exit-after", optarg, 1,
						   1L << 30);
			break;
		case OPT_LOG:
			f.log_path = optarg;
			break;
		case OPT_PIDFILE:
			f.pidfile = optarg;
			break;
		case OPT_AML:
			if (f.naml == MAX_AML)
				errx(1, "--aml: at most %d tables", MAX_AML);
			f.aml[f.naml++] = optarg;
			break;
		case OPT_ACPIEXEC:
			f.acpiexec = optarg;
			break;
		case OPT_PRELOAD:
			f.preload = optarg;
			break;
		case 'h':
			usage(stdout, 0);
			break;
		default:
			fprintf(stderr, "Try '%s --help' for more information.\n",
				prog);
			return 1;
		}
	}
	if (optind < argc || !f.fifo) {
		fprintf(stderr, "%s: %s\nTry '%s --help' for more information.\n",
			prog, f.fifo ? "unexpected argument" : "--fifo is required",
			prog);
		return 1;
	}
	if (ovf_acpi_path_normalise(f.method_in, f.method, sizeof(f.method)) ||
	    f.method[0] != '\\')
		errx(1, "bad method path '%s'", f.method_in);
	if (rom_path)
		load_rom(&f, rom_path);
	f.serve_size = f.rom_size;
	if (short_default)
		f.short_rom = f.rom_size / 2 / 512 * 512;
	if (f.short_rom >= 0 && (size_t)f.short_rom < f.rom_size)
		f.serve_size = f.short_rom;

	/* room for max_values values, and never less than the module has */
	f.result_cap = 6 * f.max_values + 4;
	if (f.result_cap < MODULE_BUFFER_SIZE)
		f.result_cap = MODULE_BUFFER_SIZE;
	f.result = calloc(1, f.result_cap);
	if (!f.result)
		err(1, "out of memory");

	if (f.log_path) {
		f.log = fopen(f.log_path, "ae");
		if (!f.log)
			err(1, "cannot open %s", f.log_path);
	}
	if (stat(f.fifo, &st) == 0) {
		if (!S_ISFIFO(st.st_mode))
			errx(1, "%s exists and is not a FIFO", f.fifo);
	} else if (errno == ENOENT) {
		if (mkfifo(f.fifo, 0660) < 0)
			err(1, "cannot make FIFO %s", f.fifo);
		f.made_fifo = 1;
	} else {
		err(1, "cannot stat %s", f.fifo);
	}
	if (f.pidfile) {
		pf = fopen(f.pidfile, "we");
		if (!pf) {
			warn("cannot write %s", f.pidfile);
			finish(&f);
			return 1;
		}
		fprintf(pf, "%ld\n", (long)getpid());
		fclose(pf);
		f.made_pidfile = 1;
	}

	f.inotify = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
	if (f.inotify < 0 ||
	    inotify_add_watch(f.inotify, f.fifo, IN_CLOSE_NOWRITE) < 0) {
		warn("inotify on %s", f.fifo);
		finish(&f);
		return 1;
	}

	if (f.naml)
		ax_start(&f);
	setup_signals();
	run(&f);
	finish(&f);
	return 0;
}

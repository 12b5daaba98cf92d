// SPDX-License-Identifier: GPL-2.0-or-later
/* dump_vbios_rom_acpi: dump a laptop GPU's vBIOS through its ACPI _ROM method via acpi_call. */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "ovf/acpi_call.h"
#include "ovf/gpu.h"
#include "ovf/err.h"
#include "ovf/pciaddr.h"
#include "ovf/pcidev.h"
#include "ovf/rom.h"
#include "ovf/romdump.h"
#include "ovf/root.h"
#include "ovf/tool.h"
#include "ovf/util.h"

static const char *prog = "dump_vbios_rom_acpi";

struct dump {
	struct ovf_root root;
	struct ovf_acpi_call ac;
	struct ovf_romdump_reader rd;	/* the method, the shapes learnt */
	int verbose, quiet, progress;
	int lock_timeout_ms;
	struct timespec t0, tlast;
};

static void __attribute__((format(printf, 2, 3)))
verbose(const struct dump *d, const char *fmt, ...)
{
	va_list ap;

	if (!d->verbose)
		return;
	fprintf(stderr, "%s: ", prog);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

static void __attribute__((noreturn)) usage(void)
{
	printf("Usage: %s [options]\n"
	       "\n"
	       "Dump the video BIOS that the firmware hands out through the GPU's ACPI\n"
	       "_ROM method, using the acpi_call kernel module (/proc/acpi/call).\n"
	       "\n"
	       "Options:\n"
	       "  -d, --device ADDR      GPU PCI address, DDDD:BB:DD.F or BB:DD.F\n"
	       "                         (default: the one NVIDIA display device)\n"
	       "  -o, --output FILE      write the ROM to FILE (default: stdout)\n"
	       "  -l, --length N         read N bytes (K/M suffixes) instead of walking\n"
	       "                         the ROM's image chain\n"
	       "  -p, --acpi-path PATH   ACPI node of the GPU (default: the device's\n"
	       "                         firmware_node/path)\n"
	       "      --verify           read the ROM a second time and compare\n"
	       "      --lock-timeout SEC wait at most SEC seconds for another user of\n"
	       "                         acpi_call (default 10)\n"
	       "  -s, --sysroot DIR      use DIR as the root for /sys, /proc and /run\n"
	       "                         (default: $OPTIMUS_VFIO_SYSROOT if set and not\n"
	       "                         empty, else /)\n"
	       "  -v, --verbose          say what is being done\n"
	       "  -q, --quiet            no progress display\n"
	       "  -h, --help             show this help and exit\n"
	       "  -V, --version          show the version and exit\n"
	       "\n"
	       "Exit status: 0 success, 1 error, 2 the ROM is invalid or ends early,\n"
	       "or --verify read it differently. See %s(1).\n",
	       prog, prog);
	exit(EXIT_SUCCESS);
}

static double elapsed(const struct timespec *a, const struct timespec *b)
{
	return (b->tv_sec - a->tv_sec) + (b->tv_nsec - a->tv_nsec) / 1e9;
}

static void progress(struct dump *d, size_t have, size_t total, int done)
{
	struct timespec now;
	double t;

	if (!d->progress)
		return;
	clock_gettime(CLOCK_MONOTONIC, &now);
	t = elapsed(&d->t0, &now);
	/* quick dumps stay silent; then at most five updates a second */
	if (t < 1.0 || (!done && elapsed(&d->tlast, &now) < 0.2))
		return;
	d->tlast = now;
	if (total)
		fprintf(stderr, "\r%s: %zu/%zu bytes (%zu%%), %.0f calls/s ", prog,
			have, total, have * 100 / total, d->rd.calls / t);
	else
		fprintf(stderr, "\r%s: %zu bytes, %.0f calls/s ", prog, have,
			d->rd.calls / t);
	if (done)
		fputc('\n', stderr);
}

static const char *sysfs_path(const struct dump *d, const char *rel, char *buf,
			      size_t len)
{
	return ovf_root_display(&d->root, rel, buf, len);
}

/* What the read learns: the verbose lines and the progress display. */
static void on_note(void *ctx, const struct ovf_romdump_note *n)
{
	struct dump *d = ctx;
	const char *method = d->rd.method;

	switch (n->kind) {
	case OVF_ROMDUMP_NOTE_REFUSED:
		verbose(d, "%s refused 0x%zx bytes at 0x%zx (%s); asking for 0x%zx",
			method, n->arg1, n->offset, n->ae, n->next);
		break;
	case OVF_ROMDUMP_NOTE_MIN_LEN:
		verbose(d, "%s refuses requests under %zu bytes: asking for %zu "
			"and keeping what is needed", method, n->value, n->value);
		break;
	case OVF_ROMDUMP_NOTE_NV70_END:
		verbose(d, "no image after the 0x70 image at the end of "
			"0x%zx bytes: the ROM ends there", n->offset);
		break;
	case OVF_ROMDUMP_NOTE_CHUNK:
		verbose(d, "acpi_call returns at most %zu bytes a call", n->value);
		break;
	case OVF_ROMDUMP_NOTE_PROGRESS:
		progress(d, n->offset, n->value, 0);
		break;
	}
}

/* Why the read stopped, in the tool's words; returns the exit status. */
static int say_fault(const struct dump *d)
{
	const struct ovf_romdump_fault *f = &d->rd.fault;
	const char *method = d->rd.method;
	char path[4200], why[96];

	switch (f->stop) {
	case OVF_ROMDUMP_GARBLED:
		ovf_errx("garbled result from %s for '%s'",
			 sysfs_path(d, OVF_ACPI_CALL_PATH, path, sizeof(path)),
			 f->cmd);
		break;
	case OVF_ROMDUMP_CALL:
		ovf_errx("call %s: %s",
			 sysfs_path(d, OVF_ACPI_CALL_PATH, path, sizeof(path)),
			 strerror(f->err));
		break;
	case OVF_ROMDUMP_NO_METHOD:
		ovf_errx("%s: no such method (%s); is this the GPU's ACPI node? "
			 "(see --acpi-path)", method, f->ae);
		break;
	case OVF_ROMDUMP_FAILED:
		ovf_errx("%s at offset 0x%zx failed: %s", method, f->offset,
			 f->ae);
		break;
	case OVF_ROMDUMP_NOT_CALLED:
		ovf_errx("%s answered 'not called' for '%s': another program is "
			 "using acpi_call at the same time",
			 sysfs_path(d, OVF_ACPI_CALL_PATH, path, sizeof(path)),
			 f->cmd);
		break;
	case OVF_ROMDUMP_NOT_BUFFER:
		ovf_errx("%s returned %s, not a buffer, at offset 0x%zx", method,
			 ovf_acpi_type_name(f->type), f->offset);
		break;
	case OVF_ROMDUMP_NEVER:
		ovf_errx("%s at offset 0x0 failed: %s (with every request length "
			 "tried)", method, f->ae);
		break;
	case OVF_ROMDUMP_ENDS_EARLY:
		/* what the bytes still missing were expected from */
		if (f->ae[0])
			snprintf(why, sizeof(why), "%s", f->ae);
		else if (f->values)
			snprintf(why, sizeof(why), "%zu of %zu bytes returned",
				 f->values, f->asked);
		else
			snprintf(why, sizeof(why), "no data returned");
		if (f->forced)
			ovf_errx("%s: ROM ends early: _ROM stopped answering at "
				 "offset 0x%zx (%s); 0x%zx bytes were asked for "
				 "(--length)", method, f->offset, why, f->target);
		else
			ovf_errx("%s: ROM ends early: _ROM stopped answering at "
				 "offset 0x%zx (%s); the image chain claims %s0x%zx "
				 "bytes", method, f->offset, why,
				 f->known ? "" : "at least ", f->target);
		return OVF_EXIT_INVALID;
	case OVF_ROMDUMP_MALFORMED:
		ovf_errx("%s: %s at offset 0x%zx", method,
			 ovf_rom_strerror(f->rom_error), f->error_offset);
		return OVF_EXIT_INVALID;
	case OVF_ROMDUMP_TOO_LARGE:
		ovf_errx("%s: ROM larger than %u MiB (0x%zx bytes)", method,
			 OVF_ROMDUMP_MAX >> 20, f->target);
		return OVF_EXIT_INVALID;
	case OVF_ROMDUMP_NOMEM:
	case OVF_ROMDUMP_OK:
		ovf_errx("out of memory");
		break;
	}
	return EXIT_FAILURE;
}

/*
 * Read the ROM into *bufp: @length bytes, or with 0 what the image chain
 * claims. Returns 0, or an exit status on failure (after printing why).
 */
static int read_rom(struct dump *d, size_t length, uint8_t **bufp, size_t *lenp)
{
	const struct ovf_rom_info *info = &d->rd.info;

	clock_gettime(CLOCK_MONOTONIC, &d->t0);
	d->tlast = d->t0;
	if (ovf_romdump_read(&d->rd, length, bufp, lenp, NULL) < 0) {
		if (d->progress)
			fputc('\n', stderr);
		return say_fault(d);
	}
	progress(d, *lenp, *lenp, 1);
	/* The length was forced: still say if it is not a ROM. */
	if (length && d->rd.status == OVF_ROM_BAD)
		fprintf(stderr, "%s: warning: %s at offset 0x%zx\n", prog,
			ovf_rom_strerror(info->error), info->error_offset);
	return 0;
}

static int open_acpi_call(struct dump *d)
{
	struct ovf_err e;
	int err;

	err = ovf_acpi_call_open(&d->ac, &d->root, d->lock_timeout_ms, &e);
	if (err >= 0)
		return 0;
	if (err == -ENOENT && !strcmp(e.action, "open"))
		ovf_errx("acpi_call is not loaded: %s: %s (try: modprobe "
			 "acpi_call)", e.path, ovf_err_why(&e));
	else
		ovf_err_print(&e);
	return -1;
}

/* Pick the device and its ACPI node; sets up d->rd for its _ROM. */
static int find_method(struct dump *d, const char *devarg, const char *acpiarg)
{
	enum ovf_romdump_step step;
	char method[300];
	struct ovf_gpu g;
	struct ovf_pci_addr a;
	struct ovf_err e;
	int err;

	if (devarg && ovf_pci_addr_parse(devarg, &a) < 0) {
		ovf_err_pci_addr(devarg);
		return -1;
	}
	err = ovf_romdump_target(&d->root, devarg, acpiarg, &g, method,
				 sizeof(method), &step, &e);
	if (err == -ENODEV && step == OVF_ROMDUMP_STEP_GPU && devarg)
		ovf_errx("no such device: %s", e.path);
	else if (err == -ENODEV && step == OVF_ROMDUMP_STEP_GPU)
		ovf_errx("no NVIDIA display device under %s; give --device",
			 e.path);
	else if (err == -EEXIST && step == OVF_ROMDUMP_STEP_GPU)
		ovf_gpu_list_cands(&g, "--device");
	else if (err == -ENOENT && step == OVF_ROMDUMP_STEP_NODE)
		ovf_errx("%s has no ACPI firmware node (%s missing); give "
			 "--acpi-path", g.name, e.path);
	else if (err < 0 && step == OVF_ROMDUMP_STEP_PATH)
		ovf_errx("invalid ACPI path '%s': expected a path like "
			 "\\_SB.PCI0.PEG0.PEGP",
			 ovf_shown(acpiarg ? acpiarg : g.dev.acpi_path));
	else if (err < 0)
		ovf_err_print(&e);
	if (err < 0)
		return -1;
	ovf_romdump_reader_init(&d->rd, method, ovf_romdump_eval, &d->ac);
	d->rd.note = on_note;
	d->rd.note_ctx = d;
	if (devarg || !acpiarg)
		verbose(d, "device %s, ACPI method %s", g.name, d->rd.method);
	return 0;
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "device", required_argument, NULL, 'd' },
		{ "output", required_argument, NULL, 'o' },
		{ "length", required_argument, NULL, 'l' },
		{ "acpi-path", required_argument, NULL, 'p' },
		{ "verify", no_argument, NULL, 'C' },
		{ "lock-timeout", required_argument, NULL, 'W' },
		{ "sysroot", required_argument, NULL, 's' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	const char *devarg = NULL, *output = NULL, *acpiarg = NULL, *sysroot = NULL;
	struct dump d = { .lock_timeout_ms = 10000 };
	unsigned long secs;
	uint8_t *rom = NULL, *again = NULL;
	size_t len = 0, len2 = 0, i;
	uint64_t length = 0;
	int c, verify = 0, ret = EXIT_FAILURE, err;
	struct ovf_outfile out;

	ovf_tool_init(prog, argc, argv);
	while ((c = getopt_long(argc, argv, "d:o:l:p:s:vqhV", longopts, NULL)) != -1) {
		switch (c) {
		case 'd':
			devarg = optarg;
			break;
		case 'o':
			output = optarg;
			break;
		case 'l':
			if (ovf_parse_size(optarg, &length) < 0 || length == 0 ||
			    length > OVF_ROMDUMP_MAX) {
				ovf_errx("invalid length '%s': expected 1 to %u MiB "
					 "(e.g. 131072, 0x20000, 128K)", ovf_shown(optarg),
					 OVF_ROMDUMP_MAX >> 20);
				return EXIT_FAILURE;
			}
			break;
		case 'p':
			acpiarg = optarg;
			break;
		case 'C':
			verify = 1;
			break;
		case 'W':
			if (ovf_parse_ulong(optarg, 0, 3600, &secs) < 0) {
				ovf_errx("invalid lock timeout '%s': expected 0 to 3600 "
					 "seconds", ovf_shown(optarg));
				return EXIT_FAILURE;
			}
			d.lock_timeout_ms = secs * 1000;
			break;
		case 's':
			if (ovf_opt_sysroot(optarg) < 0)
				return EXIT_FAILURE;
			sysroot = optarg;
			break;
		case 'v':
			d.verbose = 1;
			break;
		case 'q':
			d.quiet = 1;
			break;
		case 'h':
			usage();
		case 'V':
			ovf_print_version();
			return EXIT_SUCCESS;
		default:
			ovf_try_help();
			return EXIT_FAILURE;
		}
	}
	if (ovf_no_operands(argc, argv) < 0)
		return EXIT_FAILURE;
	if ((!output || strcmp(output, "-") == 0) && isatty(STDOUT_FILENO)) {
		ovf_errx("refusing to write a binary ROM to a terminal; use -o FILE "
			 "or redirect stdout");
		return EXIT_FAILURE;
	}
	if (output && strcmp(output, "-") == 0)
		output = NULL;
	if (output && ovf_check_output(output) < 0)
		return EXIT_FAILURE;
	d.progress = !d.quiet && isatty(STDERR_FILENO);

	if (ovf_tool_root_open(&d.root, sysroot) < 0)
		return EXIT_FAILURE;
	/* Open the output first: a bad path should not cost a whole dump. */
	if (output) {
		err = ovf_outfile_open(&out, output, 0644);
		if (err < 0) {
			ovf_errx("create %s: %s", output, strerror(-err));
			goto out_root;
		}
		if (out.direct && isatty(out.fd)) {
			ovf_errx("refusing to write a binary ROM to the terminal %s",
				 output);
			goto out_file;
		}
	}
	if (find_method(&d, devarg, acpiarg) < 0 || open_acpi_call(&d) < 0)
		goto out_file;

	ret = read_rom(&d, length, &rom, &len);
	if (ret)
		goto out_ac;
	verbose(&d, "read 0x%zx bytes in %lu calls of up to %zu bytes", len, d.rd.calls,
		d.rd.shape.chunk);
	if (verify) {
		ret = read_rom(&d, len, &again, &len2);
		if (ret)
			goto out_ac;
		i = ovf_romdump_compare(rom, again, len);
		if (i < len) {
			ovf_errx("verification mismatch at offset 0x%zx: 0x%02x, then "
				 "0x%02x", i, rom[i], again[i]);
			ret = OVF_EXIT_INVALID;
			goto out_ac;
		}
		verbose(&d, "verified: second read identical");
	}
	if (output) {
		err = ovf_outfile_write(&out, rom, len);
		if (!err)
			err = ovf_outfile_commit(&out);
		if (err < 0) {
			ovf_errx("write %s: %s", output, strerror(-err));
			ret = EXIT_FAILURE;
			goto out_ac;
		}
		output = NULL;	/* committed: nothing to abort */
		if (!d.quiet)
			fprintf(stderr, "%s: wrote %zu bytes to %s\n", prog, len,
				out.path);
	} else {
		err = ovf_write_all(STDOUT_FILENO, rom, len);
		if (err < 0) {
			ovf_errx("write stdout: %s", strerror(-err));
			ret = EXIT_FAILURE;
			goto out_ac;
		}
	}
	ret = EXIT_SUCCESS;
out_ac:
	ovf_acpi_call_close(&d.ac);
out_file:
	if (output)
		ovf_outfile_abort(&out);
out_root:
	free(rom);
	free(again);
	ovf_root_close(&d.root);
	return ret;
}

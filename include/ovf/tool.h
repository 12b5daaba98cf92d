/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Message helpers for the tools' main() code; the library itself never prints. */
#ifndef OVF_TOOL_H
#define OVF_TOOL_H

/* every tool exits with the one table's statuses */
#include "ovf/exit.h"
#include "ovf/util.h"

struct ovf_root;

/* The tool's name in messages; ovf_tool_init() sets it. */
extern const char *ovf_prog;
/*
 * The exit status when stdout could not be written and the tool was about
 * to exit 0 (a non-zero status is kept). EXIT_FAILURE unless a tool's exit
 * table says otherwise.
 */
extern int ovf_output_error_exit;

/*
 * First thing in main(): fds 0-2 made safe (a closed one is opened on
 * /dev/null so no file we open takes its number), getopt's argv[0] set to
 * @prog, SIGINT/SIGTERM/SIGHUP/SIGQUIT/SIGPIPE clean up (ovf/cleanup.h) and
 * exit 128 + the signal, and at exit a stdout that could not be written is
 * reported ("write error: stdout: REASON") and fails the tool.
 */
void ovf_tool_init(const char *prog, int argc, char **argv);

/*
 * Flush stdout now (before a commit that depends on it): 0, or -1 after
 * "write error: stdout: REASON" (said once: the exit check stays quiet).
 */
int ovf_flush_stdout(void);

/*
 * The first error a run reported (ovf_errx/ovf_errp), for the "error"
 * member of --json: the cause, not the undo messages that follow it.
 */
struct ovf_first_error {
	int set;
	char message[1024];
	char path[4200];	/* what it is about; "" when unknown */
};
extern struct ovf_first_error ovf_first_error;

/*
 * For a run that must not stop half-way (gpu-reset between remove and
 * rescan): from ovf_signals_defer() on, a handled signal is only noted;
 * ovf_signal_pending() says which (0: none), so the run can stop at the
 * next step boundary and undo; ovf_signals_resume(@status) then cleans up
 * and exits with @status, or 128 + the signal when @status < 0. Without a
 * pending signal it returns and signals act at once again.
 */
void ovf_signals_defer(void);
int ovf_signal_pending(void);
void ovf_signals_resume(int status);

/* "prog: <message>\n" on stderr; noted as the first error if none was */
void ovf_errx(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* ovf_errx() that also notes @path (NULL: none) as what the error is about */
void ovf_errp(const char *path, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
struct ovf_err;
/*
 * The one wording of a library error: "prog: ACTION PATH: REASON" (parts
 * that are empty left out), noted as the first error like ovf_errp().
 */
void ovf_err_print(const struct ovf_err *e);
/*
 * Add the tool's advice to a library error's reason before printing it:
 * the library words facts, the tool knows its options ("; give --rom").
 */
void ovf_err_advise(struct ovf_err *e, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Print each line of @text as "prog: LINE" (a library's multi-line report). */
void ovf_print_lines(const char *text);
/*
 * A value a library check refused (its path field holds the value):
 * "prog: invalid OPT 'VALUE': REASON".
 */
void ovf_err_print_invalid(const char *opt, const struct ovf_err *e);
struct ovf_iasl_out;
/*
 * Report a failed ovf_iasl_compile() (its return @err, @o, @e), the same
 * in every tool that compiles: iasl's messages, then why.  Returns the
 * exit status: OVF_EXIT_INVALID when iasl rejected the table, else
 * OVF_EXIT_ERROR.
 */
int ovf_iasl_report(const char *iasl, int err, const struct ovf_iasl_out *o,
		    const struct ovf_err *e);
/*
 * --rom FILE as a guest gets it (ovf_rom_check_file): 0, or -errno after
 * "check FILE: REASON" with the vbios-info command that helps, when one
 * does. *@invalid is set when the file was read but is no usable ROM.
 */
int ovf_check_rom_file(const char *path, int *invalid);
/* "prog: warning: <message>\n" on stderr */
void ovf_warnx(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* "prog (optimus-vfio) VERSION\n" on stdout, for -V/--version */
void ovf_print_version(void);
/* "Try 'prog --help'.\n" on stderr, after a bad option or argument */
void ovf_try_help(void);
/*
 * After getopt_long: 0 when no operand is left; else names the first one,
 * adds the ovf_try_help() line, and returns -1 (the tool exits 1).
 */
int ovf_no_operands(int argc, char *const argv[]);

/* How much of a user's value a message repeats. */
#define OVF_SHOWN_MAX OVF_BOUNDED_MAX
/*
 * A user-supplied value as a message may show it: ovf_bounded() (ovf/util.h)
 * in static storage, so four results may be used in one message.
 */
const char *ovf_shown(const char *s);
/* The one wording of a malformed PCI address. */
void ovf_err_pci_addr(const char *value);
/* An option value that must not be empty: -1 after "empty OPT: expected WHAT" and the help hint. */
int ovf_opt_nonempty(const char *opt, const char *value, const char *expected);
/* -s/--sysroot's value: -1 after a message when it is empty. */
int ovf_opt_sysroot(const char *value);
/*
 * Open the sysroot of -s/--sysroot @opt (NULL: not given) or of
 * $OPTIMUS_VFIO_SYSROOT; an empty one is an error, never the live system.
 * 0, or -1 after the message.
 */
int ovf_tool_root_open(struct ovf_root *r, const char *opt);
/*
 * Before any work: may @path be written as output (ovf_outfile_check)?
 * 0, or -1 after a message naming the path and what it is.
 */
int ovf_check_output(const char *path);

struct ovf_gpu;
/*
 * After ovf_gpu_find() said -EEXIST: "N NVIDIA display devices found;
 * choose one with OPT:" and one line per candidate (address, IDs, name).
 */
void ovf_gpu_list_cands(const struct ovf_gpu *g, const char *opt);

#endif

/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Message helpers for the tools' main() code; the library itself never prints. */
#ifndef OVF_TOOL_H
#define OVF_TOOL_H

/* The tool's name in messages; each main() sets it first. */
extern const char *ovf_prog;

/* "prog: <message>\n" on stderr */
void ovf_errx(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
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

#endif

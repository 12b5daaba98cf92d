/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The one exit-status table of every optimus-vfio tool (README "Exit status"). */
#ifndef OVF_EXIT_H
#define OVF_EXIT_H

/*
 * One meaning per number in every tool, so a hook or script can act on a
 * status without knowing which tool it ran. 128 + N: stopped by signal N
 * (temporary files removed, programs it ran stopped).
 */
enum ovf_exit {
	OVF_EXIT_OK = 0,	/* done, nothing to do, or every check passed */
	OVF_EXIT_ERROR = 1,	/* failed or refused; nothing was changed */
	OVF_EXIT_INVALID = 2,	/* the data is not fit: a malformed ROM, IDs of
				 * another device, a second read that differs,
				 * a table iasl rejects; nothing was written */
	OVF_EXIT_RESTORED = 3,	/* a step failed after changes; what was
				 * changed was put back as far as the message
				 * says (devices on the bus) */
	OVF_EXIT_MANUAL = 4,	/* a step failed and could not be undone: the
				 * system is not as before, act by hand */
	OVF_EXIT_WARN = 5,	/* vfio-doctor: the worst finding is a warning */
	OVF_EXIT_FAILED = 6,	/* vfio-doctor: at least one check failed */
};

#endif

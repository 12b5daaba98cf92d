/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Compile ASL source with iasl in a private work directory. */
#ifndef OVF_IASL_H
#define OVF_IASL_H

#include <stddef.h>
#include <stdint.h>

#include "ovf/err.h"

/* Internal to optimus-vfio; not a stable interface. */

/* What a compile produced or said; free with ovf_iasl_free(). */
struct ovf_iasl_out {
	uint8_t *aml;		/* the table, on success */
	size_t aml_len;
	int missing;		/* the iasl program was not found */
	/*
	 * On -EBADMSG: iasl's messages, one a line, without the work
	 * directory, each "ssdt.asl(N) : ..." one followed by line N of the
	 * source ("iasl: MSG" and "  N | SOURCE" lines; malloc'd).
	 */
	char *messages;
};

/*
 * Compile @asl with the program @iasl ("iasl", or a path) in a new
 * directory under $TMPDIR (default /tmp).  The directory and the running
 * compiler are on the signal undo list (ovf/cleanup.h) while they exist;
 * the directory is gone on return.  0 with @o->aml set; -EBADMSG when
 * iasl failed or left no valid SSDT (@e's reason says which, @o->messages
 * holds what it printed); another -errno with @e set when it could not be
 * run (@o->missing when the program is not there).
 */
int ovf_iasl_compile(const char *iasl, const char *asl, struct ovf_iasl_out *o,
		     struct ovf_err *e);

void ovf_iasl_free(struct ovf_iasl_out *o);

#endif

// SPDX-License-Identifier: GPL-2.0-or-later
/* Show two versions of a text as a unified diff, through diff(1) (ovf/diff.h). */
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ovf/cleanup.h"
#include "ovf/diff.h"
#include "ovf/spawn.h"
#include "ovf/util.h"

static void temp_remove(const char *path)
{
	unlink(path);
	ovf_cleanup_del_path(path);
}

/* @len bytes in a new private temp file, its path in @path; 0 or -errno. */
static int temp_file(const char *prefix, const char *buf, size_t len, char *path,
		     size_t size, struct ovf_err *e)
{
	const char *tmp = getenv("TMPDIR");
	sigset_t sigs;
	int fd, err, n;

	if (!tmp || !*tmp)
		tmp = "/tmp";
	n = snprintf(path, size, "%s/%s.XXXXXX", tmp, prefix);
	if (n < 0 || (size_t)n >= size)
		return ovf_err_set(e, ENAMETOOLONG, "create temporary file in", "%s", tmp);
	/* on the signal undo list while it exists */
	ovf_cleanup_hold(&sigs);
	fd = mkstemp(path);
	err = fd < 0 ? errno : 0;
	if (fd >= 0)
		ovf_cleanup_add_path(path, 0);
	ovf_cleanup_release(&sigs);
	if (fd < 0)
		return ovf_err_set(e, err, "create temporary file in", "%s", tmp);
	err = ovf_write_all(fd, buf, len);
	if (close(fd) < 0 && !err)
		err = -errno;
	if (err) {
		ovf_err_set(e, err, "write", "%s", path);
		temp_remove(path);
		return err;
	}
	return 0;
}

int ovf_diff_u(const char *prefix, const char *label, const char *a, size_t alen,
	       const char *b, size_t blen, int fd, struct ovf_err *e)
{
	char pa[PATH_MAX], pb[PATH_MAX], la[PATH_MAX + 8], lb[PATH_MAX + 8];
	char *argv[] = { "diff", "-u", "--label", la, "--label", lb, pa, pb, NULL };
	int err, status;

	err = temp_file(prefix, a, alen, pa, sizeof(pa), e);
	if (err < 0)
		return err;
	err = temp_file(prefix, b, blen, pb, sizeof(pb), e);
	if (err < 0) {
		temp_remove(pa);
		return err;
	}
	snprintf(la, sizeof(la), "%s (old)", label);
	snprintf(lb, sizeof(lb), "%s (new)", label);
	err = ovf_spawn(argv, -1, fd, -1, &status);
	temp_remove(pa);
	temp_remove(pb);
	if (err < 0)
		return ovf_err_set(e, err, "run", "diff");
	/* 1 only says the two differ */
	if (!WIFEXITED(status) || WEXITSTATUS(status) > 1) {
		ovf_err_set(e, EPROTO, "", NULL);
		if (WIFSIGNALED(status))
			return ovf_err_reason(e, EPROTO, "diff failed (killed by signal %d)",
					      WTERMSIG(status));
		return ovf_err_reason(e, EPROTO, "diff failed (exit status %d)",
				      WEXITSTATUS(status));
	}
	return 0;
}

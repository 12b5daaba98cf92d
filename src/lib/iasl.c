// SPDX-License-Identifier: GPL-2.0-or-later
/* Compile ASL source with iasl in a private work directory (ovf/iasl.h). */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ovf/cleanup.h"
#include "ovf/iasl.h"
#include "ovf/spawn.h"
#include "ovf/util.h"

/* A compiled SSDT can never exceed what QEMU's -acpitable accepts. */
#define AML_MAX (1u << 20)
#define IASL_LOG_MAX (1u << 20)
/* An ACPI table header is 36 bytes. */
#define ACPI_HEADER_LEN 36

void ovf_iasl_free(struct ovf_iasl_out *o)
{
	free(o->aml);
	free(o->messages);
	o->aml = NULL;
	o->messages = NULL;
	o->aml_len = 0;
}

/* Remove the work directory and everything iasl put in it. */
static void rm_workdir(const char *dir)
{
	char path[PATH_MAX];
	struct dirent *de;
	DIR *d = opendir(dir);

	if (d) {
		while ((de = readdir(d))) {
			if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
				continue;
			snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
			unlink(path);
		}
		closedir(d);
	}
	rmdir(dir);
}

/* Run iasl on @dir/ssdt.asl, its output in @dir/iasl.log; 0 and *status, or -errno. */
static int run_iasl(const char *iasl, const char *dir, int *status,
		    struct ovf_iasl_out *o, struct ovf_err *e)
{
	char asl[PATH_MAX], prefix[PATH_MAX], log[PATH_MAX];
	/* -vs: no banner, -vr: no remarks, -vi: "file(line) : ..." messages */
	char *argv[] = { (char *)iasl, "-vs", "-vr", "-vi", "-p", prefix, asl, NULL };
	int err, logfd, nullfd;

	snprintf(asl, sizeof(asl), "%s/ssdt.asl", dir);
	snprintf(prefix, sizeof(prefix), "%s/ssdt", dir);
	snprintf(log, sizeof(log), "%s/iasl.log", dir);
	logfd = open(log, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (logfd < 0)
		return ovf_err_set(e, errno, "create", "%s", log);
	nullfd = open("/dev/null", O_RDONLY | O_CLOEXEC);
	err = ovf_spawn(argv, nullfd, logfd, logfd, status);
	close(logfd);
	if (nullfd >= 0)
		close(nullfd);
	if (err == -ENOENT)
		o->missing = 1;
	if (err < 0)
		return ovf_err_set(e, err, "run", "%s", iasl);
	return 0;
}

/* Line @no (1-based) of @text, its length in @len; NULL past the end. */
static const char *nth_line(const char *text, unsigned long no, int *len)
{
	const char *p = text, *nl;

	while (--no && p) {
		p = strchr(p, '\n');
		if (p)
			p++;
	}
	if (!p || !*p)
		return NULL;
	nl = strchr(p, '\n');
	*len = nl ? (int)(nl - p) : (int)strlen(p);
	return p;
}

/* Append to a malloc'd string; a failed append leaves it as it was. */
static void __attribute__((format(printf, 2, 3))) append(char **s, const char *fmt, ...)
{
	char *add, *nb;
	size_t have = *s ? strlen(*s) : 0;
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vasprintf(&add, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	nb = realloc(*s, have + n + 1);
	if (nb) {
		memcpy(nb + have, add, n + 1);
		*s = nb;
	}
	free(add);
}

/*
 * iasl's messages without the work directory, each "ssdt.asl(N) : ..." one
 * followed by source line N: the line numbers point into a file that is
 * gone by the time the user reads them.
 */
static char *read_messages(const char *dir, const char *asl)
{
	char logpath[PATH_MAX], *log, *line, *save, *open_paren, *end, *p;
	char *msgs = NULL;
	size_t dlen = strlen(dir);
	const char *src;
	unsigned long no;
	int srclen;

	snprintf(logpath, sizeof(logpath), "%s/iasl.log", dir);
	if (ovf_read_file_text(logpath, &log, NULL, IASL_LOG_MAX) < 0)
		return NULL;
	for (line = strtok_r(log, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		/* Strip every "<workdir>/" so messages name plain ssdt.asl. */
		while ((p = strstr(line, dir)) && p[dlen] == '/')
			memmove(p, p + dlen + 1, strlen(p + dlen + 1) + 1);
		if (!line[strspn(line, " \t\r")])
			continue;
		append(&msgs, "iasl: %s\n", line);
		open_paren = strchr(line, '(');
		if (!open_paren || strncmp(line, "ssdt.asl(", 9))
			continue;
		no = strtoul(open_paren + 1, &end, 10);
		if (end == open_paren + 1 || strncmp(end, ") :", 3))
			continue;
		src = nth_line(asl, no, &srclen);
		if (src)
			append(&msgs, "  %5lu | %.*s\n", no, srclen, src);
	}
	free(log);
	if (!msgs)
		append(&msgs, "iasl printed nothing\n");
	return msgs;
}

int ovf_iasl_compile(const char *iasl, const char *asl, struct ovf_iasl_out *o,
		     struct ovf_err *e)
{
	char dir[512], path[PATH_MAX];
	int err, status = -1;	/* not an exit: run_iasl sets it */

	memset(o, 0, sizeof(*o));
	/* on the undo list from its creation: a stopped run leaves nothing in TMPDIR */
	err = ovf_workdir_make(dir, sizeof(dir), NULL, "vfio-ssdt", e);
	if (err < 0)
		return err;
	snprintf(path, sizeof(path), "%s/ssdt.asl", dir);
	err = ovf_write_new(path, asl, strlen(asl));
	if (err < 0) {
		ovf_err_set(e, err, "write", "%s", path);
		goto out;
	}
	err = run_iasl(iasl, dir, &status, o, e);
	if (err < 0)
		goto out;
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		o->messages = read_messages(dir, asl);
		err = ovf_err_set(e, EBADMSG, "", NULL);
		if (WIFSIGNALED(status))
			ovf_err_reason(e, err, "iasl failed (killed by signal %d)",
				       WTERMSIG(status));
		else
			ovf_err_reason(e, err, "iasl failed (exit status %d)",
				       WEXITSTATUS(status));
		goto out;
	}
	snprintf(path, sizeof(path), "%s/ssdt.aml", dir);
	err = ovf_read_file(path, &o->aml, &o->aml_len, AML_MAX);
	if (err == 0 && (o->aml_len < ACPI_HEADER_LEN || memcmp(o->aml, "SSDT", 4))) {
		free(o->aml);
		o->aml = NULL;
		o->aml_len = 0;
		err = -EINVAL;
	}
	if (err < 0) {
		o->messages = read_messages(dir, asl);
		ovf_err_set(e, EBADMSG, "", NULL);
		ovf_err_reason(e, EBADMSG, "iasl succeeded but left no valid "
			       "ssdt.aml (%s)", strerror(-err));
		err = -EBADMSG;
	}
out:
	rm_workdir(dir);
	ovf_cleanup_del_path(dir);
	return err;
}

// SPDX-License-Identifier: GPL-2.0-or-later
/* Parser of the "key = value" configuration file. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ovf/config.h"
#include "ovf/err.h"
#include "ovf/util.h"

static int is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

static int key_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
}

int ovf_config_parse(const char *text, ovf_config_cb cb, void *arg,
		     unsigned int *errline)
{
	const char *l = text, *e, *k, *ke, *v, *ve;
	unsigned int line = 0;
	char *key, *val;
	int err;

	while (*l) {
		line++;
		e = strchrnul(l, '\n');
		k = l;
		while (k < e && is_blank(*k))
			k++;
		if (k == e || *k == '#')
			goto next;
		for (ke = k; ke < e && key_char(*ke); ke++)
			;
		v = ke;
		while (v < e && is_blank(*v))
			v++;
		if (ke == k || v == e || *v != '=') {
			*errline = line;
			return -EBADMSG;
		}
		v++;
		while (v < e && is_blank(*v))
			v++;
		ve = e;
		while (ve > v && is_blank(ve[-1]))
			ve--;
		key = strndup(k, ke - k);
		val = strndup(v, ve - v);
		if (!key || !val) {
			free(key);
			free(val);
			return -ENOMEM;
		}
		err = cb(arg, key, val, line);
		free(key);
		free(val);
		if (err < 0) {
			*errline = line;
			return err;
		}
next:
		l = *e ? e + 1 : e;
	}
	return 0;
}

int ovf_config_read(const struct ovf_root *r, const char *path, char **text)
{
	return ovf_read_text(r, path, text, 1u << 20);
}

int ovf_config_trusted(const struct stat *st, uid_t euid, const char **why)
{
	if (!S_ISREG(st->st_mode))
		*why = "not a regular file";
	else if (st->st_uid != 0 && st->st_uid != euid)
		*why = "owned by another user";
	else if (st->st_mode & S_IWOTH)
		*why = "writable by everyone";
	else if ((st->st_mode & S_IWGRP) && st->st_gid != 0)
		*why = "writable by a group other than root";
	else
		return 0;
	return -EPERM;
}

/* A whole host file as a string; -EBADMSG when it holds a NUL byte. */
static int read_host_text(const char *file, char **text)
{
	uint8_t *buf;
	size_t len;
	int err;

	*text = NULL;
	err = ovf_read_file(file, &buf, &len, 1 << 20);
	if (err < 0)
		return err;
	*text = malloc(len + 1);
	if (!*text) {
		free(buf);
		return -ENOMEM;
	}
	memcpy(*text, buf, len);
	(*text)[len] = '\0';
	free(buf);
	if (strlen(*text) != len) {
		free(*text);
		*text = NULL;
		return -EBADMSG;
	}
	return 0;
}

int ovf_config_load(const struct ovf_root *r, const char *file, char **text,
		    struct ovf_err *e)
{
	char disp[4200];
	const char *why;
	struct stat st;
	int err, fd;

	*text = NULL;
	/* It names programs and modules we run as root: trust it like /etc. */
	if (file) {
		snprintf(disp, sizeof(disp), "%s", file);
		err = stat(file, &st) < 0 ? -errno : 0;
	} else {
		ovf_root_display(r, OVF_CONFIG_FILE, disp, sizeof(disp));
		fd = ovf_open(r, OVF_CONFIG_FILE, O_RDONLY | O_CLOEXEC, 0);
		if (fd == -ENOENT)
			return -ENOENT;
		err = fd < 0 ? fd : fstat(fd, &st) < 0 ? -errno : 0;
		if (fd >= 0)
			close(fd);
	}
	/* a file that cannot be looked at is reported by the read below */
	if (!err && ovf_config_trusted(&st, geteuid(), &why) < 0) {
		ovf_err_set(e, EPERM, "refusing config", "%s", disp);
		return ovf_err_reason(e, EPERM, "%s", why);
	}
	err = file ? read_host_text(file, text) :
		     ovf_config_read(r, OVF_CONFIG_FILE, text);
	if (err == -ENOENT && !file)
		return err;
	if (err < 0)
		return ovf_err_set(e, err, "read", "%s", disp);
	return 0;
}

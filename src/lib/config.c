// SPDX-License-Identifier: GPL-2.0-or-later
/* Parser of the "key = value" configuration file. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ovf/config.h"

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

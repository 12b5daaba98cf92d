// SPDX-License-Identifier: GPL-2.0-or-later
/* Looking Glass's kvmfr device: the sizes the module was given, and whether QEMU's user may open the node. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ovf/kvmfr.h"
#include "ovf/util.h"

int ovf_kvmfr_size_entry(const char *list, unsigned int index, unsigned long *mb)
{
	unsigned int i = 0;
	unsigned long v;
	const char *p = list;

	if (!p || !*p)
		return -ENOENT;
	for (;;) {
		if (*p < '0' || *p > '9')
			return -EINVAL;
		for (v = 0; *p >= '0' && *p <= '9'; p++) {
			v = v * 10 + (unsigned long)(*p - '0');
			if (v > 1ul << 30)
				return -EINVAL;
		}
		if (i++ == index)
			*mb = v;
		if (!*p)
			break;
		if (*p++ != ',')
			return -EINVAL;
	}
	return i > index ? 0 : -ENOENT;
}

/* The value of word "@key..." in @text up to the next blank, into @out. */
static int word_value(const char *text, const char *key, char *out, size_t len)
{
	size_t k = strlen(key), n;
	const char *p = text;

	while ((p = strstr(p, key))) {
		if (p == text || p[-1] == ' ' || p[-1] == '\t' || p[-1] == '\n') {
			p += k;
			n = strcspn(p, " \t\r\n#");
			if (n >= len)
				return -ERANGE;
			memcpy(out, p, n);
			out[n] = '\0';
			return 0;
		}
		p += k;
	}
	return -ENOENT;
}

/* "options kvmfr static_size_mb=LIST" in one modprobe.d file's text. */
static int modprobe_sizes(const char *text, char *out, size_t len)
{
	const char *line = text, *nl;
	char buf[512], w1[16], w2[16];
	size_t n;

	for (; line && *line; line = nl ? nl + 1 : NULL) {
		nl = strchr(line, '\n');
		n = nl ? (size_t)(nl - line) : strlen(line);
		if (n >= sizeof(buf))
			continue;
		memcpy(buf, line, n);
		buf[n] = '\0';
		buf[strcspn(buf, "#")] = '\0';
		if (sscanf(buf, " %15s %15s", w1, w2) != 2 || strcmp(w1, "options") ||
		    strcmp(w2, OVF_KVMFR_MODULE))
			continue;
		if (!word_value(buf, "static_size_mb=", out, len))
			return 0;
	}
	return -ENOENT;
}

static DIR *opendir_under(const struct ovf_root *r, const char *rel)
{
	int fd = ovf_open(r, rel, O_RDONLY | O_DIRECTORY, 0);
	DIR *d;

	if (fd < 0)
		return NULL;
	d = fdopendir(fd);
	if (!d)
		close(fd);
	return d;
}

/* "DIR\0NAME" entries, by NAME */
static int cmp_base(const void *a, const void *b)
{
	const char *x = *(char *const *)a, *y = *(char *const *)b;

	return strcmp(x + strlen(x) + 1, y + strlen(y) + 1);
}

/*
 * The sizes modprobe would pass: it reads the files by name (the earlier
 * directory winning a name) and gives every option, so the last one the
 * kernel parses wins.
 */
static int modprobe_d_sizes(const struct ovf_root *r, struct ovf_kvmfr_sizes *s)
{
	static const char *const dirs[] = {
		"etc/modprobe.d", "run/modprobe.d", "lib/modprobe.d", "usr/lib/modprobe.d",
	};
	char *names[256], rel[320], *text;
	size_t n = 0, i, j;
	int found = -ENOENT;
	struct dirent *e;
	DIR *d;

	for (i = 0; i < ARRAY_SIZE(dirs); i++) {
		d = opendir_under(r, dirs[i]);
		while (d && (e = readdir(d)) && n < ARRAY_SIZE(names)) {
			size_t l = strlen(e->d_name);

			if (e->d_name[0] == '.' || l < 6 || strcmp(e->d_name + l - 5, ".conf"))
				continue;
			for (j = 0; j < n; j++)
				if (!strcmp(strchr(names[j], '\n') + 1, e->d_name))
					break;
			/* the same name in a later directory is shadowed */
			if (j < n)
				continue;
			if (asprintf(&names[n], "%s\n%s", dirs[i], e->d_name) < 0)
				break;
			n++;
		}
		if (d)
			closedir(d);
	}
	/* sort by file name, not by directory */
	for (i = 0; i < n; i++)
		*strchr(names[i], '\n') = '\0';
	qsort(names, n, sizeof(names[0]), cmp_base);
	for (i = 0; i < n; i++) {
		const char *base = names[i] + strlen(names[i]) + 1;

		snprintf(rel, sizeof(rel), "%s/%s", names[i], base);
		if (!ovf_read_text(r, rel, &text, 1 << 20)) {
			if (!modprobe_sizes(text, s->list, sizeof(s->list))) {
				snprintf(s->from, sizeof(s->from), "%s", rel);
				found = 0;
			}
			free(text);
		}
		free(names[i]);
	}
	return found;
}

int ovf_kvmfr_sizes(const struct ovf_root *r, struct ovf_kvmfr_sizes *s)
{
	static const char param[] = "sys/module/" OVF_KVMFR_MODULE "/parameters/static_size_mb";
	char cmdline[4096];

	memset(s, 0, sizeof(*s));
	if (ovf_read_str(r, param, s->list, sizeof(s->list)) > 0) {
		snprintf(s->from, sizeof(s->from), "%s", param);
		return 0;
	}
	if (!modprobe_d_sizes(r, s))
		return 0;
	if (ovf_read_str(r, "proc/cmdline", cmdline, sizeof(cmdline)) > 0 &&
	    !word_value(cmdline, OVF_KVMFR_MODULE ".static_size_mb=", s->list, sizeof(s->list))) {
		snprintf(s->from, sizeof(s->from), "proc/cmdline");
		return 0;
	}
	s->list[0] = '\0';
	return -ENOENT;
}

/* ---- qemu.conf ---- */

struct scan {
	const char *p;
};

/* Skip blanks, newlines and # comments. */
static void skip(struct scan *s)
{
	for (;;) {
		while (*s->p == ' ' || *s->p == '\t' || *s->p == '\r' || *s->p == '\n')
			s->p++;
		if (*s->p != '#')
			return;
		while (*s->p && *s->p != '\n')
			s->p++;
	}
}

/* A "string" into @out (cut to @len); 0, or -EINVAL when none starts here. */
static int string(struct scan *s, char *out, size_t len)
{
	size_t n = 0;

	if (*s->p != '"')
		return -EINVAL;
	for (s->p++; *s->p && *s->p != '"'; s->p++) {
		if (*s->p == '\\' && s->p[1])
			s->p++;
		if (n + 1 < len)
			out[n++] = *s->p;
	}
	if (*s->p != '"')
		return -EINVAL;
	s->p++;
	out[n] = '\0';
	return 0;
}

/* Skip one value we do not read (a number, a string, a list). */
static void skip_value(struct scan *s)
{
	char tmp[8];

	if (*s->p == '"') {
		string(s, tmp, sizeof(tmp));
	} else if (*s->p == '[') {
		while (*s->p && *s->p != ']') {
			if (*s->p == '"')
				string(s, tmp, sizeof(tmp));
			else
				s->p++;
		}
		if (*s->p)
			s->p++;
	} else {
		while (*s->p && *s->p != '\n')
			s->p++;
	}
}

/* Does the list at @s name @dev? The list is consumed. */
static int list_has(struct scan *s, const char *dev)
{
	char item[256];
	int has = 0;

	s->p++;
	for (;;) {
		skip(s);
		if (!*s->p || *s->p == ']')
			break;
		if (*s->p == ',') {
			s->p++;
			continue;
		}
		if (string(s, item, sizeof(item)) < 0) {
			s->p++;
			continue;
		}
		if (dev && !strcmp(item, dev))
			has = 1;
	}
	if (*s->p)
		s->p++;
	return has;
}

int ovf_qemu_conf_read(const struct ovf_root *r, const char *dev,
		       struct ovf_qemu_conf *c, struct ovf_err *e)
{
	char key[64], *text = NULL;
	struct scan s;
	size_t n;
	int err;

	memset(c, 0, sizeof(*c));
	snprintf(c->user, sizeof(c->user), "%s", OVF_QEMU_USER_DEFAULT);
	snprintf(c->group, sizeof(c->group), "%s", OVF_QEMU_GROUP_DEFAULT);
	err = ovf_read_text(r, OVF_QEMU_CONF, &text, 1 << 20);
	if (err == -ENOENT)
		return 0;
	if (err < 0)
		return ovf_err_root(e, r, err, "read", "%s", OVF_QEMU_CONF);
	for (s.p = text;;) {
		skip(&s);
		if (!*s.p)
			break;
		n = strspn(s.p, "abcdefghijklmnopqrstuvwxyz_0123456789");
		if (!n || n >= sizeof(key)) {
			skip_value(&s);
			continue;
		}
		memcpy(key, s.p, n);
		key[n] = '\0';
		s.p += n;
		skip(&s);
		if (*s.p != '=') {
			skip_value(&s);
			continue;
		}
		s.p++;
		skip(&s);
		if (!strcmp(key, "user") && !string(&s, c->user, sizeof(c->user)))
			c->user_set = 1;
		else if (!strcmp(key, "group") && !string(&s, c->group, sizeof(c->group)))
			c->group_set = 1;
		else if (!strcmp(key, "cgroup_device_acl") && *s.p == '[') {
			c->acl_set = 1;
			c->acl_has = list_has(&s, dev);
		} else {
			skip_value(&s);
		}
	}
	free(text);
	return 0;
}

/* ---- users and groups ---- */

/* "+N": the number N; 1 when given so, 0 for a name, -EINVAL for a bad one. */
static int numeric_id(const char *s, unsigned long *id)
{
	char *end;

	if (*s != '+')
		return 0;
	if (s[1] < '0' || s[1] > '9')
		return -EINVAL;
	errno = 0;
	*id = strtoul(s + 1, &end, 10);
	if (errno || *end || *id > 0xfffffffful)
		return -EINVAL;
	return 1;
}

/* The first four ':'-separated fields of the line at @line into @f. */
static void fields(const char *line, char f[4][1024])
{
	const char *p = line;
	size_t k;
	int i;

	for (i = 0; i < 4; i++) {
		k = strcspn(p, ":\n");
		snprintf(f[i], 1024, "%.*s", (int)(k < 1023 ? k : 1023), p);
		p += k;
		if (*p == ':')
			p++;
	}
}

/*
 * The line of etc/passwd or etc/group whose first field is @name (or whose
 * third is @id when @name is NULL), its fields in @f; 0 or -ENOENT.
 */
static int colon_line(const char *text, const char *name, unsigned long id,
		      char f[4][1024])
{
	const char *line, *nl;

	for (line = text; line && *line; line = nl ? nl + 1 : NULL) {
		nl = strchr(line, '\n');
		fields(line, f);
		if (name ? !strcmp(f[0], name) : f[2][0] && strtoul(f[2], NULL, 10) == id)
			return 0;
	}
	return -ENOENT;
}

static int member_of(const char *members, const char *user)
{
	size_t u = strlen(user);
	const char *p = members;

	while (*p) {
		size_t k = strcspn(p, ",");

		if (k == u && !strncmp(p, user, u))
			return 1;
		p += k;
		if (*p)
			p++;
	}
	return 0;
}

static void add_group(struct ovf_cred *c, gid_t g)
{
	int i;

	for (i = 0; i < c->ngroups; i++)
		if (c->groups[i] == g)
			return;
	if (c->ngroups < OVF_CRED_GROUPS_MAX)
		c->groups[c->ngroups++] = g;
}

int ovf_cred_lookup(const struct ovf_root *r, const char *user, const char *group,
		    struct ovf_cred *c, struct ovf_err *e)
{
	char *pw = NULL, *gr = NULL, f[4][1024], uname[1024] = "";
	const char *line, *nl;
	unsigned long id;
	int err, num;

	memset(c, 0, sizeof(*c));
	err = ovf_read_text(r, "etc/passwd", &pw, 8 << 20);
	if (err < 0) {
		ovf_err_root(e, r, err, "read", "etc/passwd");
		goto out;
	}
	err = ovf_read_text(r, "etc/group", &gr, 8 << 20);
	if (err < 0) {
		ovf_err_root(e, r, err, "read", "etc/group");
		goto out;
	}
	num = numeric_id(user, &id);
	if (num == 1) {
		/* a number without a passwd line still runs: no name, no groups */
		c->uid = (uid_t)id;
		if (!colon_line(pw, NULL, id, f))
			snprintf(uname, sizeof(uname), "%s", f[0]);
	} else if (num == 0 && !colon_line(pw, user, 0, f)) {
		c->uid = (uid_t)strtoul(f[2], NULL, 10);
		snprintf(uname, sizeof(uname), "%s", user);
	} else {
		ovf_err_root(e, r, ENOENT, "find user in", "etc/passwd");
		err = ovf_err_reason(e, ENOENT, "no user '%s'", user);
		goto out;
	}
	if (uname[0])
		add_group(c, (gid_t)strtoul(f[3], NULL, 10));
	num = numeric_id(group, &id);
	if (num == 1) {
		c->gid = (gid_t)id;
	} else if (num == 0 && !colon_line(gr, group, 0, f)) {
		c->gid = (gid_t)strtoul(f[2], NULL, 10);
	} else {
		ovf_err_root(e, r, ENOENT, "find group in", "etc/group");
		err = ovf_err_reason(e, ENOENT, "no group '%s'", group);
		goto out;
	}
	add_group(c, c->gid);
	/* libvirt gives QEMU the user's supplementary groups too */
	for (line = gr; uname[0] && line && *line; line = nl ? nl + 1 : NULL) {
		nl = strchr(line, '\n');
		fields(line, f);
		if (member_of(f[3], uname))
			add_group(c, (gid_t)strtoul(f[2], NULL, 10));
	}
	err = 0;
out:
	free(pw);
	free(gr);
	return err;
}

int ovf_cred_may_rw(const struct ovf_cred *c, const struct stat *st)
{
	int i;

	if (c->uid == 0)
		return 1;
	if (st->st_uid == c->uid)
		return (st->st_mode & 0600) == 0600;
	for (i = 0; i < c->ngroups; i++)
		if (st->st_gid == c->groups[i])
			return (st->st_mode & 0060) == 0060;
	return (st->st_mode & 0006) == 0006;
}

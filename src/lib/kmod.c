// SPDX-License-Identifier: GPL-2.0-or-later
/* Module state from the sysroot's /sys/module; remove/insert via libkmod. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <libkmod.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ovf/kmod.h"
#include "ovf/util.h"

struct ovf_kmod {
	struct kmod_ctx *ctx;
	const struct ovf_root *root;
	char dir[PATH_MAX];
};

int ovf_mod_name_valid(const char *name)
{
	return ovf_ident_valid(name, OVF_MODNAME_MAX);
}

int ovf_mod_name_norm(const char *in, char *out, size_t len)
{
	size_t i;

	if (!ovf_mod_name_valid(in) || strlen(in) >= len)
		return -EINVAL;
	for (i = 0; in[i]; i++)
		out[i] = in[i] == '-' ? '_' : in[i];
	out[i] = '\0';
	return 0;
}

/* Is @name a line of <root>/proc/modules? 1, 0, or -errno. */
static int in_proc_modules(const struct ovf_root *r, const char *name)
{
	char line[512];
	size_t n = strlen(name);
	FILE *f;
	int fd, found = 0;

	fd = ovf_open(r, "proc/modules", O_RDONLY, 0);
	if (fd < 0)
		return fd == -ENOENT ? 0 : fd;
	f = fdopen(fd, "r");
	if (!f) {
		close(fd);
		return -errno;
	}
	while (fgets(line, sizeof(line), f)) {
		if (!strncmp(line, name, n) && line[n] == ' ') {
			found = 1;
			break;
		}
	}
	fclose(f);
	return found;
}

int ovf_mod_state(const struct ovf_root *r, const char *name,
		  struct ovf_mod_state *st)
{
	char path[PATH_MAX], norm[OVF_MODNAME_MAX];
	unsigned long long v;
	struct dirent *de;
	DIR *d;
	int fd, err;

	memset(st, 0, sizeof(*st));
	st->refcnt = -1;
	err = ovf_mod_name_norm(name, norm, sizeof(norm));
	if (err < 0)
		return err;
	snprintf(path, sizeof(path), "sys/module/%s/refcnt", norm);
	err = ovf_read_u64(r, path, &v);
	if (err == 0) {
		st->loaded = 1;
		st->refcnt = (long)v;
	} else if (err != -ENOENT) {
		snprintf(st->errpath, sizeof(st->errpath), "sys/module/%s/refcnt",
			 norm);
		return err;
	} else {
		snprintf(path, sizeof(path), "sys/module/%s", norm);
		err = in_proc_modules(r, norm);
		if (err < 0) {
			snprintf(st->errpath, sizeof(st->errpath), "proc/modules");
			return err;
		}
		st->loaded = err;
		st->builtin = !err && ovf_exists(r, path) == 0 &&
			      ovf_exists(r, "proc/modules") == 0;
		if (!st->loaded)
			return 0;
	}
	snprintf(path, sizeof(path), "sys/module/%s/holders", norm);
	fd = ovf_open(r, path, O_RDONLY | O_DIRECTORY, 0);
	if (fd == -ENOENT)
		return 0;
	/* cleared once the holders are read */
	snprintf(st->errpath, sizeof(st->errpath), "sys/module/%s/holders", norm);
	if (fd < 0)
		return fd;
	d = fdopendir(fd);
	if (!d) {
		close(fd);
		return -errno;
	}
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		if (st->nholders >= OVF_MOD_HOLDERS_MAX) {
			closedir(d);
			return -E2BIG;
		}
		if (strlen(de->d_name) >= OVF_MODNAME_MAX)
			continue;
		memcpy(st->holders[st->nholders++], de->d_name,
		       strlen(de->d_name) + 1);
	}
	closedir(d);
	st->errpath[0] = '\0';
	return 0;
}

int ovf_mod_unload_order(const struct ovf_root *r, char names[][OVF_MODNAME_MAX],
			 int n, char *errpath, size_t errlen)
{
	char (*out)[OVF_MODNAME_MAX];
	struct ovf_mod_state *st;
	int *done, i, j, k, m = 0, err = 0;

	st = calloc(n ? n : 1, sizeof(*st));
	done = calloc(n ? n : 1, sizeof(*done));
	out = calloc(n ? n : 1, sizeof(*out));
	if (!st || !done || !out) {
		err = -ENOMEM;
		goto out;
	}
	for (i = 0; i < n; i++) {
		err = ovf_mod_state(r, names[i], &st[i]);
		if (err < 0) {
			if (errpath && errlen)
				snprintf(errpath, errlen, "%s", st[i].errpath);
			goto out;
		}
	}
	/* repeatedly take the first module none of whose holders is pending */
	while (m < n) {
		for (i = 0; i < n; i++) {
			int blocked = 0;

			if (done[i])
				continue;
			for (j = 0; j < st[i].nholders && !blocked; j++)
				for (k = 0; k < n; k++)
					if (!done[k] && k != i &&
					    !strcmp(st[i].holders[j], names[k]))
						blocked = 1;
			if (blocked)
				continue;
			done[i] = 1;
			memcpy(out[m++], names[i], OVF_MODNAME_MAX);
			break;
		}
		if (i == n) {
			err = -ELOOP;
			goto out;
		}
	}
	memcpy(names, out, n * sizeof(*out));
out:
	free(st);
	free(done);
	free(out);
	return err;
}

static void quiet_log(void *data, int priority, const char *file, int line,
		      const char *fn, const char *format, va_list args)
{
	(void)data;
	(void)priority;
	(void)file;
	(void)line;
	(void)fn;
	(void)format;
	(void)args;
}

int ovf_kmod_open(struct ovf_kmod **kp, const struct ovf_root *r)
{
	char rel[PATH_MAX], disp[4][PATH_MAX], release[256];
	const char *cfg[4];
	struct ovf_kmod *k;
	ssize_t n;

	*kp = NULL;
	n = ovf_read_str(r, "proc/sys/kernel/osrelease", release, sizeof(release));
	if (n < 0)
		return n;
	if (n == 0 || strchr(release, '/') || strstr(release, ".."))
		return -EINVAL;
	k = calloc(1, sizeof(*k));
	if (!k)
		return -ENOMEM;
	k->root = r;
	snprintf(rel, sizeof(rel), "lib/modules/%s", release);
	ovf_root_display(r, rel, k->dir, sizeof(k->dir));
	ovf_root_display(r, "etc/modprobe.d", disp[0], sizeof(disp[0]));
	ovf_root_display(r, "run/modprobe.d", disp[1], sizeof(disp[1]));
	ovf_root_display(r, "lib/modprobe.d", disp[2], sizeof(disp[2]));
	cfg[0] = disp[0];
	cfg[1] = disp[1];
	cfg[2] = disp[2];
	cfg[3] = NULL;
	k->ctx = kmod_new(k->dir, cfg);
	if (!k->ctx) {
		free(k);
		return -ENOMEM;
	}
	/* the library never prints: libkmod's own messages are dropped */
	kmod_set_log_fn(k->ctx, quiet_log, NULL);
	*kp = k;
	return 0;
}

void ovf_kmod_close(struct ovf_kmod *k)
{
	if (!k)
		return;
	kmod_unref(k->ctx);
	free(k);
}

const char *ovf_kmod_dir(const struct ovf_kmod *k)
{
	return k->dir;
}

int ovf_kmod_remove(struct ovf_kmod *k, const char *name)
{
	struct kmod_module *mod;
	int err;

	err = kmod_module_new_from_name(k->ctx, name, &mod);
	if (err < 0)
		return err;
	err = kmod_module_remove_module(mod, 0);
	kmod_module_unref(mod);
	return err;
}

/* Insert one module after its dependencies; depth-limited recursion. */
static int insert_one(struct ovf_kmod *k, struct kmod_module *mod, int depth,
		      char *failed, size_t len)
{
	struct kmod_list *deps, *l;
	struct ovf_mod_state st;
	const char *name = kmod_module_get_name(mod);
	int err = 0;

	if (depth > 32)
		return -ELOOP;
	err = ovf_mod_state(k->root, name, &st);
	if (err == 0 && (st.loaded || st.builtin))
		return 0;
	deps = kmod_module_get_dependencies(mod);
	kmod_list_foreach(l, deps) {
		struct kmod_module *dm = kmod_module_get_module(l);

		err = insert_one(k, dm, depth + 1, failed, len);
		kmod_module_unref(dm);
		if (err < 0)
			break;
	}
	kmod_module_unref_list(deps);
	if (err < 0)
		return err;
	if (!kmod_module_get_path(mod)) {
		snprintf(failed, len, "%s", name);
		return -ENOENT;
	}
	err = kmod_module_insert_module(mod, 0, kmod_module_get_options(mod));
	if (err == -EEXIST)
		err = 0;
	if (err < 0)
		snprintf(failed, len, "%s", name);
	return err;
}

int ovf_kmod_insert(struct ovf_kmod *k, const char *name, char *failed,
		    size_t len)
{
	struct kmod_list *list = NULL, *l;
	int err, n = 0;

	failed[0] = '\0';
	err = kmod_module_new_from_lookup(k->ctx, name, &list);
	if (err < 0)
		return err;
	kmod_list_foreach(l, list) {
		struct kmod_module *mod = kmod_module_get_module(l);

		err = insert_one(k, mod, 0, failed, len);
		kmod_module_unref(mod);
		n++;
		if (err < 0)
			break;
	}
	kmod_module_unref_list(list);
	if (n == 0) {
		snprintf(failed, len, "%s", name);
		return -ENOENT;
	}
	return err;
}

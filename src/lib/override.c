// SPDX-License-Identifier: GPL-2.0-or-later
/* driver_override of PCI functions: logged writes, set + verify, udev rules. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ovf/override.h"
#include "ovf/pcidev.h"
#include "ovf/util.h"

int ovf_writer_put(struct ovf_writer *w, const char *path, const char *value)
{
	char disp[PATH_MAX + 64], shown[512];
	size_t n;
	int err = 0;

	if (!w->dry_run) {
		err = ovf_write_str(w->root, path, value);
		if (err < 0)
			return err;
	}
	w->writes++;
	if (w->log) {
		n = strlen(value);
		if (n && value[n - 1] == '\n')
			n--;
		if (n >= sizeof(shown))
			n = sizeof(shown) - 1;
		memcpy(shown, value, n);
		shown[n] = '\0';
		w->log(w->arg, ovf_root_display(w->root, path, disp, sizeof(disp)),
		       shown);
	}
	return err;
}

int ovf_writer_putf(struct ovf_writer *w, const char *value, const char *fmt, ...)
{
	char path[PATH_MAX];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(path, sizeof(path), fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof(path))
		return -ENAMETOOLONG;
	return ovf_writer_put(w, path, value);
}

int ovf_driver_name_valid(const char *name)
{
	return ovf_ident_valid(name, OVF_DRIVER_MAX);
}

static int dev_exists(const struct ovf_root *r, const char *addr)
{
	char path[128];

	snprintf(path, sizeof(path), "sys/bus/pci/devices/%s", addr);
	return ovf_exists(r, path) < 0 ? -ENODEV : 0;
}

int ovf_override_get(const struct ovf_root *r, const char *addr, char *buf,
		     size_t len)
{
	char path[128];
	ssize_t n;

	if (dev_exists(r, addr) < 0)
		return -ENODEV;
	snprintf(path, sizeof(path), "sys/bus/pci/devices/%s/driver_override",
		 addr);
	n = ovf_read_str(r, path, buf, len);
	if (n < 0)
		return n;
	if (strcmp(buf, "(null)") == 0)
		buf[0] = '\0';
	return 0;
}

int ovf_pci_bound_driver(const struct ovf_root *r, const char *addr, char *buf,
			 size_t len)
{
	char path[128];
	int err;

	if (dev_exists(r, addr) < 0)
		return -ENODEV;
	snprintf(path, sizeof(path), "sys/bus/pci/devices/%s/driver", addr);
	err = ovf_readlink_base(r, path, buf, len);
	if (err == -ENOENT) {
		buf[0] = '\0';
		return 0;
	}
	return err;
}

static void res_path(struct ovf_override_result *res, enum ovf_override_stage st,
		     const char *fmt, const char *a, const char *b)
{
	res->stage = st;
	snprintf(res->path, sizeof(res->path), fmt, a, b);
}

/* Unbind the driver in res->before (if any), then, with @probe, reprobe @addr. */
static int rebind(struct ovf_writer *w, struct ovf_override_result *res,
		  const char *addr, int probe)
{
	int err;

	if (res->before[0]) {
		res_path(res, OVF_OVR_UNBIND, "sys/bus/pci/drivers/%s/unbind%s",
			 res->before, "");
		err = ovf_writer_put(w, res->path, addr);
		if (err < 0)
			return err;
	}
	if (!probe)
		return 0;
	res_path(res, OVF_OVR_PROBE, "sys/bus/pci/drivers_probe%s%s", "", "");
	return ovf_writer_put(w, res->path, addr);
}

/* After a dry run nothing to check; else the bound driver must be @want ("" none). */
static int verify_bound(struct ovf_writer *w, struct ovf_override_result *res,
			const char *addr, const char *want)
{
	int err;

	if (w->dry_run)
		return 0;
	/* drivers_probe binds synchronously: the link is final now */
	res_path(res, OVF_OVR_VERIFY, "sys/bus/pci/devices/%s/driver%s", addr, "");
	err = ovf_pci_bound_driver(w->root, addr, res->after, sizeof(res->after));
	if (err < 0)
		return err;
	return strcmp(res->after, want) ? -EPROTO : 0;
}

int ovf_override_set(struct ovf_writer *w, const char *addr, const char *driver,
		     struct ovf_override_result *res)
{
	const struct ovf_root *r = w->root;
	char cur[OVF_DRIVER_MAX], val[OVF_DRIVER_MAX + 1], path[128];
	int none = strcmp(driver, "none") == 0, err;

	memset(res, 0, sizeof(*res));
	res_path(res, OVF_OVR_CHECK, "sys/bus/pci/devices/%s%s", addr, "");
	if (!ovf_driver_name_valid(driver))
		return -EINVAL;
	err = ovf_override_get(r, addr, cur, sizeof(cur));
	if (err < 0) {
		if (err != -ENODEV)
			res_path(res, OVF_OVR_CHECK,
				 "sys/bus/pci/devices/%s/driver_override%s", addr, "");
		return err;
	}
	snprintf(res->override, sizeof(res->override), "%s", cur);
	err = ovf_pci_bound_driver(r, addr, res->before, sizeof(res->before));
	if (err < 0) {
		res_path(res, OVF_OVR_CHECK, "sys/bus/pci/devices/%s/driver%s", addr,
			 "");
		return err;
	}
	if (!none) {
		/* drivers_probe cannot bind a driver no module registered */
		snprintf(path, sizeof(path), "sys/bus/pci/drivers/%s", driver);
		if (ovf_exists(r, path) < 0) {
			res_path(res, OVF_OVR_CHECK, "sys/bus/pci/drivers/%s%s",
				 driver, "");
			return -ENXIO;
		}
	}
	if (strcmp(cur, driver) != 0) {
		snprintf(val, sizeof(val), "%s", driver);
		res_path(res, OVF_OVR_WRITE, "sys/bus/pci/devices/%s/driver_override%s",
			 addr, "");
		err = ovf_writer_put(w, res->path, val);
		if (err < 0)
			return err;
	}
	if (strcmp(res->before, none ? "" : driver) != 0) {
		err = rebind(w, res, addr, 1);
		if (err < 0)
			return err;
	}
	return verify_bound(w, res, addr, none ? "" : driver);
}

int ovf_override_restore(struct ovf_writer *w, const char *addr,
			 const struct ovf_override_result *done,
			 struct ovf_override_result *res)
{
	const struct ovf_root *r = w->root;
	char cur[OVF_DRIVER_MAX];
	int err;

	memset(res, 0, sizeof(*res));
	res_path(res, OVF_OVR_CHECK, "sys/bus/pci/devices/%s/driver_override%s",
		 addr, "");
	err = ovf_override_get(r, addr, cur, sizeof(cur));
	if (err < 0)
		return err;
	snprintf(res->override, sizeof(res->override), "%s", cur);
	if (strcmp(cur, done->override) != 0) {
		res->stage = OVF_OVR_WRITE;
		/* an empty write (the newline is cut) clears the override */
		err = ovf_writer_put(w, res->path,
				     done->override[0] ? done->override : "\n");
		if (err < 0)
			return err;
	}
	res_path(res, OVF_OVR_CHECK, "sys/bus/pci/devices/%s/driver%s", addr, "");
	err = ovf_pci_bound_driver(r, addr, res->before, sizeof(res->before));
	if (err < 0)
		return err;
	if (strcmp(res->before, done->before) != 0) {
		/* with the old override back, the probe picks the old driver */
		err = rebind(w, res, addr, done->before[0] != '\0');
		if (err < 0)
			return err;
	}
	return verify_bound(w, res, addr, done->before);
}

int ovf_override_clear(struct ovf_writer *w, const char *addr,
		       struct ovf_override_result *res)
{
	char cur[OVF_DRIVER_MAX];
	int err;

	memset(res, 0, sizeof(*res));
	res_path(res, OVF_OVR_CHECK, "sys/bus/pci/devices/%s/driver_override%s",
		 addr, "");
	err = ovf_override_get(w->root, addr, cur, sizeof(cur));
	if (err < 0)
		return err;
	snprintf(res->override, sizeof(res->override), "%s", cur);
	err = ovf_pci_bound_driver(w->root, addr, res->before, sizeof(res->before));
	if (err < 0)
		return err;
	if (!cur[0])
		return 0;
	res->stage = OVF_OVR_WRITE;
	/* an empty write (the newline is cut) clears the override */
	err = ovf_writer_put(w, res->path, "\n");
	if (err < 0)
		return err;
	if (res->before[0])
		return 0;
	res_path(res, OVF_OVR_PROBE, "sys/bus/pci/drivers_probe%s%s", "", "");
	return ovf_writer_put(w, res->path, addr);
}

int ovf_nvidia_audio_funcs(struct ovf_pci *p, struct ovf_pci_addr *gpu,
			   struct ovf_pci_addr *out, int max)
{
	struct ovf_pcidev g, *aud;
	int err, n, i, found = 0;

	err = ovf_pci_find_nvidia_gpu(p, &g, NULL, 0, NULL);
	if (err < 0)
		return err;
	*gpu = g.addr;
	aud = calloc(64, sizeof(*aud));
	if (!aud)
		return -ENOMEM;
	n = ovf_pci_find(p, 0xffff, OVF_PCI_CLASS_AUDIO >> 8, aud, 64);
	if (n < 0) {
		free(aud);
		return n;
	}
	for (i = 0; i < n && i < 64; i++) {
		const struct ovf_pci_addr *a = &aud[i].addr;

		if ((aud[i].class_code >> 8) != OVF_PCI_CLASS_AUDIO ||
		    a->domain != g.addr.domain || a->bus != g.addr.bus ||
		    a->dev != g.addr.dev)
			continue;
		if (found < max)
			out[found] = *a;
		found++;
	}
	free(aud);
	return found;
}

int ovf_udev_rule(const char *addr, const char *driver, const char *tool,
		  char *buf, size_t len)
{
	int n;

	if (!ovf_driver_name_valid(driver))
		return -EINVAL;
	n = snprintf(buf, len,
		     "ACTION==\"add\", SUBSYSTEM==\"pci\", KERNEL==\"%s\", "
		     "ATTR{driver_override}=\"%s\", RUN+=\"%s --set %s %s\"",
		     addr, driver, tool, driver, addr);
	return n < 0 || (size_t)n >= len ? -ENAMETOOLONG : 0;
}

/* Read the whole rules file ("" when missing). Caller frees *text. */
static int rules_read(const struct ovf_root *r, char **text)
{
	int err = ovf_read_text(r, OVF_UDEV_RULES_FILE, text, 1u << 20);

	if (err == -ENOENT) {
		*text = strdup("");
		return *text ? 0 : -ENOMEM;
	}
	return err;
}

/* The rule line of @addr in @text, or NULL. */
static const char *rule_find(const char *text, const char *addr, size_t *linelen)
{
	char key[64];
	const char *l, *e;

	snprintf(key, sizeof(key), "KERNEL==\"%s\"", addr);
	for (l = text; *l; l = *e ? e + 1 : e) {
		e = strchrnul(l, '\n');
		if (*l != '#' && memmem(l, e - l, key, strlen(key))) {
			*linelen = e - l;
			return l;
		}
	}
	return NULL;
}

int ovf_udev_rule_get(const struct ovf_root *r, const char *addr, char *buf,
		      size_t len)
{
	const char *l, *v, *q;
	char *text;
	size_t ll;
	int err;

	buf[0] = '\0';
	err = rules_read(r, &text);
	if (err < 0)
		return err;
	l = rule_find(text, addr, &ll);
	if (l) {
		v = memmem(l, ll, "ATTR{driver_override}=\"", 23);
		q = v ? memchr(v + 23, '"', l + ll - v - 23) : NULL;
		if (q && (size_t)(q - v - 23) < len) {
			memcpy(buf, v + 23, q - v - 23);
			buf[q - v - 23] = '\0';
		}
	}
	free(text);
	return 0;
}

static const char rules_header[] =
	"# driver_override rules of pci-override(8), one per device; the tool\n"
	"# rewrites this file: use pci-override --persist/--unpersist.\n";

int ovf_udev_rule_update(struct ovf_writer *w, const char *addr,
			 const char *driver, const char *tool, int *changed)
{
	char rule[1024], disp[PATH_MAX], dir[PATH_MAX], *text, *out = NULL;
	const char *l, *e;
	size_t cap, len = 0, ll;
	struct ovf_outfile of;
	int err, nrules = 0;

	*changed = 0;
	if (driver) {
		err = ovf_udev_rule(addr, driver, tool, rule, sizeof(rule));
		if (err < 0)
			return err;
	}
	err = rules_read(w->root, &text);
	if (err < 0)
		return err;
	l = rule_find(text, addr, &ll);
	if (driver ? (l && ll == strlen(rule) && !memcmp(l, rule, ll)) : !l) {
		free(text);
		return 0;
	}
	cap = strlen(text) + sizeof(rules_header) + sizeof(rule) + 2;
	out = malloc(cap);
	if (!out) {
		free(text);
		return -ENOMEM;
	}
	/* keep every other rule in place; ours goes where it was, or last */
	memcpy(out, rules_header, sizeof(rules_header) - 1);
	len = sizeof(rules_header) - 1;
	for (l = text; *l; l = *e ? e + 1 : e) {
		e = strchrnul(l, '\n');
		if (*l == '#' || e == l)
			continue;
		if (memmem(l, e - l, "KERNEL==\"", 9) &&
		    rule_find(l, addr, &ll) == l && ll == (size_t)(e - l))
			continue;
		memcpy(out + len, l, e - l);
		len += e - l;
		out[len++] = '\n';
		nrules++;
	}
	if (driver) {
		len += sprintf(out + len, "%s\n", rule);
		nrules++;
	}
	free(text);
	*changed = 1;
	ovf_root_display(w->root, OVF_UDEV_RULES_FILE, disp, sizeof(disp));
	w->writes++;
	if (w->log)
		w->log(w->arg, disp, driver ? rule : "(rule removed)");
	if (w->dry_run)
		goto out;
	if (nrules == 0) {
		if (unlinkat(w->root->dirfd, OVF_UDEV_RULES_FILE, 0) < 0 &&
		    errno != ENOENT)
			err = -errno;
		goto out;
	}
	snprintf(dir, sizeof(dir), "%s", OVF_UDEV_RULES_FILE);
	*strrchr(dir, '/') = '\0';
	err = ovf_mkdir_p(w->root, dir);
	if (err < 0)
		goto out;
	err = ovf_outfile_open(&of, disp, 0644);
	if (err < 0)
		goto out;
	err = ovf_outfile_write(&of, out, len);
	if (err < 0) {
		ovf_outfile_abort(&of);
		goto out;
	}
	err = ovf_outfile_commit(&of);
out:
	free(out);
	return err;
}

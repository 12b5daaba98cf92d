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

#include "ovf/err.h"
#include "ovf/override.h"
#include "ovf/pcidev.h"
#include "ovf/util.h"

int ovf_driver_name_valid(const char *name)
{
	return ovf_kernel_name_valid(name, OVF_DRIVER_MAX);
}

int ovf_override_get(const struct ovf_root *r, const char *addr, char *buf,
		     size_t len)
{
	ssize_t n;

	if (ovf_existsf(r, "sys/bus/pci/devices/%s", addr) < 0)
		return -ENODEV;
	n = ovf_read_strf(r, buf, len, "sys/bus/pci/devices/%s/driver_override",
			  addr);
	if (n < 0)
		return n;
	if (strcmp(buf, "(null)") == 0)
		buf[0] = '\0';
	return 0;
}

int ovf_pci_bound_driver(const struct ovf_root *r, const char *addr, char *buf,
			 size_t len)
{
	int err;

	if (ovf_existsf(r, "sys/bus/pci/devices/%s", addr) < 0)
		return -ENODEV;
	err = ovf_readlink_basef(r, buf, len, "sys/bus/pci/devices/%s/driver",
				 addr);
	if (err == -ENOENT) {
		buf[0] = '\0';
		return 0;
	}
	return err;
}

/*
 * The record of a failed read of @addr's driver_override or driver link:
 * -ENODEV is about the device itself, anything else about the attribute.
 */
static int read_failed(struct ovf_err *e, const struct ovf_root *r, int err,
		       const char *addr, const char *attr)
{
	if (err == -ENODEV)
		return ovf_err_root(e, r, err, "read", "sys/bus/pci/devices/%s",
				    addr);
	return ovf_err_root(e, r, err, "read", "sys/bus/pci/devices/%s/%s", addr,
			    attr);
}

/* ovf_writer_put() to a formatted path that records a failure as "write PATH". */
static int __attribute__((format(printf, 4, 5)))
put(struct ovf_writer *w, struct ovf_err *e, const char *value,
    const char *fmt, ...)
{
	char path[512];
	va_list ap;
	int n, err;

	va_start(ap, fmt);
	n = vsnprintf(path, sizeof(path), fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof(path))
		return ovf_err_set(e, ENAMETOOLONG, "write", "%s", path);
	err = ovf_writer_put(w, path, value);
	if (err < 0)
		return ovf_err_root(e, w->root, err, "write", "%s", path);
	return 0;
}

/* Unbind the driver in res->before (if any), then, with @probe, reprobe @addr. */
static int rebind(struct ovf_writer *w, struct ovf_override_result *res,
		  const char *addr, int probe, struct ovf_err *e)
{
	int err;

	res->halfway = 1;
	if (res->before[0]) {
		err = put(w, e, addr, "sys/bus/pci/drivers/%s/unbind", res->before);
		if (err < 0)
			return err;
	}
	if (!probe)
		return 0;
	return put(w, e, addr, "sys/bus/pci/drivers_probe");
}

/* After a dry run nothing to check; else the bound driver must be @want ("" none). */
static int verify_bound(struct ovf_writer *w, struct ovf_override_result *res,
			const char *addr, const char *want, struct ovf_err *e)
{
	int err;

	if (w->dry_run)
		return 0;
	res->halfway = 1;
	/* drivers_probe binds synchronously: the link is final now */
	err = ovf_pci_bound_driver(w->root, addr, res->after, sizeof(res->after));
	if (err < 0)
		return ovf_err_root(e, w->root, err, "read",
				    "sys/bus/pci/devices/%s/driver", addr);
	if (!strcmp(res->after, want))
		return 0;
	ovf_err_root(e, w->root, EPROTO, "verify", "sys/bus/pci/devices/%s/driver",
		     addr);
	return ovf_err_reason(e, EPROTO, "bound to %s, expected %s",
			      res->after[0] ? res->after : "no driver",
			      want[0] ? want : "no driver");
}

int ovf_override_set(struct ovf_writer *w, const char *addr, const char *driver,
		     struct ovf_override_result *res, struct ovf_err *e)
{
	const struct ovf_root *r = w->root;
	char cur[OVF_DRIVER_MAX], val[OVF_DRIVER_MAX + 1];
	int none = strcmp(driver, "none") == 0, err;

	memset(res, 0, sizeof(*res));
	ovf_err_clear(e);
	if (!ovf_driver_name_valid(driver)) {
		ovf_err_set(e, EINVAL, "check", NULL);
		return ovf_err_reason(e, EINVAL, "not a kernel driver name");
	}
	err = ovf_override_get(r, addr, cur, sizeof(cur));
	if (err < 0)
		return read_failed(e, r, err, addr, "driver_override");
	snprintf(res->override, sizeof(res->override), "%s", cur);
	err = ovf_pci_bound_driver(r, addr, res->before, sizeof(res->before));
	if (err < 0)
		return ovf_err_root(e, r, err, "read",
				    "sys/bus/pci/devices/%s/driver", addr);
	/* drivers_probe cannot bind a driver no module registered */
	if (!none && ovf_existsf(r, "sys/bus/pci/drivers/%s", driver) < 0) {
		ovf_err_root(e, r, ENXIO, "check", "sys/bus/pci/drivers/%s", driver);
		return ovf_err_reason(e, ENXIO, "no such driver is registered");
	}
	if (strcmp(cur, driver) != 0) {
		snprintf(val, sizeof(val), "%s", driver);
		err = put(w, e, val, "sys/bus/pci/devices/%s/driver_override", addr);
		if (err < 0)
			return err;
	}
	if (strcmp(res->before, none ? "" : driver) != 0) {
		err = rebind(w, res, addr, 1, e);
		if (err < 0)
			return err;
	}
	return verify_bound(w, res, addr, none ? "" : driver, e);
}

int ovf_override_restore(struct ovf_writer *w, const char *addr,
			 const struct ovf_override_result *done,
			 struct ovf_override_result *res, struct ovf_err *e)
{
	const struct ovf_root *r = w->root;
	char cur[OVF_DRIVER_MAX];
	int err;

	memset(res, 0, sizeof(*res));
	ovf_err_clear(e);
	err = ovf_override_get(r, addr, cur, sizeof(cur));
	if (err < 0)
		return ovf_err_root(e, r, err, "read",
				    "sys/bus/pci/devices/%s/driver_override", addr);
	snprintf(res->override, sizeof(res->override), "%s", cur);
	if (strcmp(cur, done->override) != 0) {
		/* an empty write (the newline is cut) clears the override */
		err = put(w, e, done->override[0] ? done->override : "\n",
			  "sys/bus/pci/devices/%s/driver_override", addr);
		if (err < 0)
			return err;
	}
	err = ovf_pci_bound_driver(r, addr, res->before, sizeof(res->before));
	if (err < 0)
		return ovf_err_root(e, r, err, "read",
				    "sys/bus/pci/devices/%s/driver", addr);
	if (strcmp(res->before, done->before) != 0) {
		/* with the old override back, the probe picks the old driver */
		err = rebind(w, res, addr, done->before[0] != '\0', e);
		if (err < 0)
			return err;
	}
	return verify_bound(w, res, addr, done->before, e);
}

int ovf_override_clear(struct ovf_writer *w, const char *addr,
		       struct ovf_override_result *res, struct ovf_err *e)
{
	char cur[OVF_DRIVER_MAX];
	int err;

	memset(res, 0, sizeof(*res));
	ovf_err_clear(e);
	err = ovf_override_get(w->root, addr, cur, sizeof(cur));
	if (err < 0)
		return ovf_err_root(e, w->root, err, "read",
				    "sys/bus/pci/devices/%s/driver_override", addr);
	snprintf(res->override, sizeof(res->override), "%s", cur);
	err = ovf_pci_bound_driver(w->root, addr, res->before, sizeof(res->before));
	if (err < 0)
		return ovf_err_root(e, w->root, err, "read",
				    "sys/bus/pci/devices/%s/driver_override", addr);
	if (!cur[0])
		return 0;
	/* an empty write (the newline is cut) clears the override */
	err = put(w, e, "\n", "sys/bus/pci/devices/%s/driver_override", addr);
	if (err < 0 || res->before[0])
		return err;
	res->halfway = 1;
	return put(w, e, addr, "sys/bus/pci/drivers_probe");
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

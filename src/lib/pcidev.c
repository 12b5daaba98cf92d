// SPDX-License-Identifier: GPL-2.0-or-later
/* PCI device lookup through libpci, confined to the sysroot's /sys/bus/pci. */
#include <errno.h>
#include <limits.h>
#include <pci/pci.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ovf/err.h"
#include "ovf/pcidev.h"

struct ovf_pci {
	struct pci_access *pacc;
	const struct ovf_root *root;
	struct ovf_err *err;	/* the caller's record, for every call */
	int failed;		/* libpci gave up: the session is half-way */
};

/*
 * libpci's error callback must not return. It longjmps back into whichever
 * of our calls was running, so a broken sysfs tree becomes -EIO, not exit(1).
 * One libpci session at a time per thread is all the tools need.
 */
static __thread jmp_buf *pci_jmp;
static __thread struct ovf_pci *pci_cur;

/* Leave a PCI_TRY: no jump back into a frame that is about to return. */
static void pci_end(void)
{
	pci_cur = NULL;
	pci_jmp = NULL;
}

static void __attribute__((noreturn, format(printf, 1, 2)))
pci_error(char *msg, ...)
{
	jmp_buf *jb;
	va_list ap;

	if (pci_cur) {
		pci_cur->failed = 1;
		/* libpci names the file it could not read in its message */
		if (pci_cur->err) {
			ovf_err_root(pci_cur->err, pci_cur->root, EIO, "scan",
				     "sys/bus/pci");
			va_start(ap, msg);
			vsnprintf(pci_cur->err->reason,
				  sizeof(pci_cur->err->reason), msg, ap);
			va_end(ap);
		}
	}
	jb = pci_jmp;
	pci_end();
	if (!jb)
		abort();	/* a libpci call outside PCI_TRY: a bug of ours */
	longjmp(*jb, 1);
}

static void __attribute__((format(printf, 1, 2))) pci_quiet(char *msg, ...)
{
	(void)msg;
}

#define PCI_TRY(p, jb)                                                         \
	(pci_cur = (p), pci_jmp = &(jb), setjmp(jb) == 0)

int ovf_pci_open(struct ovf_pci **pp, const struct ovf_root *root,
		 struct ovf_err *e)
{
	char path[4200];
	struct ovf_pci *p;
	jmp_buf jb;

	*pp = NULL;
	ovf_err_clear(e);
	p = calloc(1, sizeof(*p));
	if (!p)
		return ovf_err_root(e, root, ENOMEM, "scan", "sys/bus/pci");
	p->root = root;
	p->err = e;
	p->pacc = pci_alloc();
	if (!p->pacc) {
		free(p);
		return ovf_err_root(e, root, ENOMEM, "scan", "sys/bus/pci");
	}
	p->pacc->error = pci_error;
	p->pacc->warning = pci_quiet;
	p->pacc->debug = pci_quiet;
	p->pacc->method = PCI_ACCESS_SYS_BUS_PCI;
	/* libpci takes a real path; the sysroot's own is the honest choice */
	snprintf(path, sizeof(path), "%s/sys/bus/pci", root->dir);
	*pp = p;
	if (!PCI_TRY(p, jb)) {
		/* keep @p: ovf_pci_close() must know it failed half-way */
		pci_end();
		return -EIO;
	}
	pci_set_param(p->pacc, "sysfs.path", path);
	pci_init(p->pacc);
	pci_scan_bus(p->pacc);
	pci_end();
	return 0;
}

void ovf_pci_close(struct ovf_pci *p)
{
	jmp_buf jb;

	if (!p)
		return;
	/* a session that failed half-way may not survive cleanup; leak it */
	if (!p->failed && PCI_TRY(p, jb))
		pci_cleanup(p->pacc);
	pci_end();
	free(p);
}

static void link_base(const struct ovf_root *r, const char *dev, const char *what,
		      char *buf, size_t len)
{
	if (ovf_readlink_basef(r, buf, len, "sys/bus/pci/devices/%s/%s", dev,
			       what) < 0)
		buf[0] = '\0';
}

/* The number of an iommu_group link's target; -1 for none or not a number. */
static int parse_group(const char *s)
{
	char *end;
	long g;

	if (*s < '0' || *s > '9')
		return -1;
	errno = 0;
	g = strtol(s, &end, 10);
	if (errno || *end || g > INT_MAX)
		return -1;
	return (int)g;
}

/* Fill everything except names; caller holds the jmp_buf. */
static void fill(struct ovf_pci *p, struct pci_dev *pd, struct ovf_pcidev *d)
{
	char name[OVF_PCI_ADDR_LEN], grp[32];
	ssize_t n;
	unsigned int flags = PCI_FILL_IDENT | PCI_FILL_CLASS | PCI_FILL_CLASS_EXT |
			     PCI_FILL_SUBSYS | PCI_FILL_PARENT;

	memset(d, 0, sizeof(*d));
	pci_fill_info(pd, flags);
	d->addr.domain = pd->domain;
	d->addr.bus = pd->bus;
	d->addr.dev = pd->dev;
	d->addr.func = pd->func;
	d->vendor = pd->vendor_id;
	d->device = pd->device_id;
	d->subsys_vendor = pd->subsys_vendor_id;
	d->subsys_device = pd->subsys_id;
	d->class_code = (unsigned int)pd->device_class << 8 | pd->prog_if;
	if (pd->parent) {
		d->has_parent = 1;
		d->parent.domain = pd->parent->domain;
		d->parent.bus = pd->parent->bus;
		d->parent.dev = pd->parent->dev;
		d->parent.func = pd->parent->func;
	}
	pci_lookup_name(p->pacc, d->vendor_name, sizeof(d->vendor_name),
			PCI_LOOKUP_VENDOR | PCI_LOOKUP_NO_NUMBERS, d->vendor);
	pci_lookup_name(p->pacc, d->device_name, sizeof(d->device_name),
			PCI_LOOKUP_DEVICE | PCI_LOOKUP_NO_NUMBERS, d->vendor,
			d->device);

	/* The rest is plain sysfs, read through the root-relative layer. */
	ovf_pci_addr_fmt(&d->addr, name);
	link_base(p->root, name, "driver", d->driver, sizeof(d->driver));
	link_base(p->root, name, "iommu_group", grp, sizeof(grp));
	d->iommu_group = parse_group(grp);
	n = ovf_read_strf(p->root, d->acpi_path, sizeof(d->acpi_path),
			  "sys/bus/pci/devices/%s/firmware_node/path", name);
	if (n < 0) {
		d->acpi_path[0] = '\0';
		d->acpi_path_err = (int)n;
	}
}

int ovf_pci_get(struct ovf_pci *p, const struct ovf_pci_addr *addr,
		struct ovf_pcidev *d)
{
	struct pci_dev *pd;
	jmp_buf jb;
	volatile int ret = -ENODEV;

	if (!PCI_TRY(p, jb)) {
		pci_end();
		return -EIO;
	}
	for (pd = p->pacc->devices; pd; pd = pd->next) {
		if (pd->domain == (int)addr->domain && pd->bus == addr->bus &&
		    pd->dev == addr->dev && pd->func == addr->func) {
			fill(p, pd, d);
			ret = 0;
			break;
		}
	}
	pci_end();
	return ret;
}

static int cmp_addr(const void *a, const void *b)
{
	const struct ovf_pci_addr *x = &((const struct ovf_pcidev *)a)->addr;
	const struct ovf_pci_addr *y = &((const struct ovf_pcidev *)b)->addr;

	if (x->domain != y->domain)
		return x->domain < y->domain ? -1 : 1;
	if (x->bus != y->bus)
		return x->bus < y->bus ? -1 : 1;
	if (x->dev != y->dev)
		return x->dev < y->dev ? -1 : 1;
	return (int)x->func - (int)y->func;
}

int ovf_pci_find(struct ovf_pci *p, unsigned int vendor, int base_class,
		 struct ovf_pcidev *out, int max)
{
	struct ovf_pcidev tmp;
	struct pci_dev *pd;
	jmp_buf jb;
	volatile int n = 0;

	if (!PCI_TRY(p, jb)) {
		pci_end();
		return -EIO;
	}
	for (pd = p->pacc->devices; pd; pd = pd->next) {
		pci_fill_info(pd, PCI_FILL_IDENT | PCI_FILL_CLASS);
		if (vendor != 0xffff && pd->vendor_id != vendor)
			continue;
		if (base_class >= 0 && (pd->device_class >> 8) != base_class)
			continue;
		if (n < max) {
			fill(p, pd, &tmp);
			out[n] = tmp;
		}
		n++;
	}
	pci_end();
	/* libpci lists devices in scan order; callers want bus order */
	if (out && n > 1)
		qsort(out, n < max ? n : max, sizeof(*out), cmp_addr);
	return n;
}

int ovf_pci_find_nvidia_gpu(struct ovf_pci *p, struct ovf_pcidev *gpu,
			    struct ovf_pcidev *cands, int max, int *count)
{
	struct ovf_pcidev local[8];
	int n;

	if (!cands) {
		cands = local;
		max = (int)(sizeof(local) / sizeof(local[0]));
	}
	n = ovf_pci_find(p, OVF_VENDOR_NVIDIA, OVF_PCI_CLASS_DISPLAY, cands, max);
	if (count)
		*count = n;
	if (n < 0)
		return n;
	if (n == 0)
		return -ENODEV;
	if (n > 1)
		return -EEXIST;
	*gpu = cands[0];
	return 0;
}

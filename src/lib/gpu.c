// SPDX-License-Identifier: GPL-2.0-or-later
/* Find the GPU a tool acts on, or say why not; list the functions of its slot. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ovf/gpu.h"

#define DEVICES "sys/bus/pci/devices"

/*
 * A failed libpci call: its own message for -EIO (the session's record @pe,
 * it names the file), else errno.
 */
static int scan_failed(const struct ovf_root *r, const struct ovf_err *pe,
		       int err, struct ovf_err *e)
{
	ovf_err_root(e, r, err, "scan", "sys/bus/pci");
	if (err == -EIO && pe->reason[0])
		ovf_err_reason(e, err, "%s", pe->reason);
	return -abs(err);
}

static int is_nvidia_display(const struct ovf_pcidev *d)
{
	return d->vendor == OVF_VENDOR_NVIDIA &&
	       (d->class_code >> 16) == OVF_PCI_CLASS_DISPLAY;
}

/*
 * The slot's functions from an open session: each of the 8 possible
 * addresses is asked for, so nothing else on the bus is read and no
 * bound on the bus's size can leave one out.
 */
static int slot_scan(const struct ovf_root *r, struct ovf_pci *pci,
		     const struct ovf_err *pe, const struct ovf_pci_addr *gpu,
		     struct ovf_gpu_func *out, int max, struct ovf_err *e)
{
	struct ovf_pcidev d;
	struct ovf_pci_addr a = *gpu;
	struct ovf_gpu_func *f;
	int err, found = 0;

	for (a.func = 0; a.func < OVF_GPU_MAX_FUNCS; a.func++) {
		err = ovf_pci_get(pci, &a, &d);
		if (err == -ENODEV)
			continue;
		if (err < 0)
			return scan_failed(r, pe, err, e);
		if (found < max) {
			f = &out[found];
			memset(f, 0, sizeof(*f));
			f->addr = d.addr;
			ovf_pci_addr_fmt(&f->addr, f->name);
			f->vendor = d.vendor;
			f->device = d.device;
			f->class_code = d.class_code;
			snprintf(f->driver, sizeof(f->driver), "%s", d.driver);
		}
		found++;
	}
	return found;
}

/* The one NVIDIA display device, or why not. */
static int auto_find(const struct ovf_root *r, struct ovf_pci *pci,
		     const struct ovf_err *pe, struct ovf_gpu *out,
		     struct ovf_err *e)
{
	char list[OVF_GPU_MAX_CANDS * (OVF_PCI_ADDR_LEN + 2)] = "";
	char a[OVF_PCI_ADDR_LEN];
	size_t len;
	int err, n = 0, i;

	err = ovf_pci_find_nvidia_gpu(pci, &out->dev, out->cands,
				      OVF_GPU_MAX_CANDS, &n);
	out->ncands = n < 0 ? 0 : n;
	if (err == -ENODEV) {
		ovf_err_root(e, r, ENODEV, "find", DEVICES);
		return ovf_err_reason(e, ENODEV, "no NVIDIA display device");
	}
	if (err == -EEXIST) {
		for (i = 0; i < n && i < OVF_GPU_MAX_CANDS; i++) {
			len = strlen(list);
			snprintf(list + len, sizeof(list) - len, "%s%s",
				 i ? ", " : "",
				 ovf_pci_addr_fmt(&out->cands[i].addr, a));
		}
		ovf_err_root(e, r, EEXIST, "find", DEVICES);
		return ovf_err_reason(e, EEXIST, "%d NVIDIA display devices (%s%s)",
				      n, list, n > OVF_GPU_MAX_CANDS ? ", ..." : "");
	}
	if (err < 0)
		return scan_failed(r, pe, err, e);
	return 0;
}

int ovf_gpu_find(const struct ovf_root *r, const char *addr, unsigned int flags,
		 struct ovf_gpu *out, struct ovf_err *e)
{
	struct ovf_pci *pci = NULL;
	struct ovf_pci_addr a;
	struct ovf_err pe = { 0 };
	char name[OVF_PCI_ADDR_LEN];
	int err;

	memset(out, 0, sizeof(*out));
	ovf_err_clear(e);
	/* checked before anything is built from it */
	if (addr && ovf_pci_addr_parse(addr, &a) < 0) {
		ovf_err_set(e, EINVAL, "", NULL);
		return ovf_err_reason(e, EINVAL, "'%.64s' is not a PCI address "
				      "(expected DDDD:BB:DD.F or BB:DD.F)", addr);
	}
	err = ovf_pci_open(&pci, r, &pe);
	if (err < 0) {
		scan_failed(r, &pe, err, e);
		goto out;
	}
	if (addr) {
		ovf_pci_addr_fmt(&a, name);
		err = ovf_pci_get(pci, &a, &out->dev);
		if (err < 0) {
			/* -ENODEV words itself: "No such device" */
			ovf_err_root(e, r, err, "read", DEVICES "/%s", name);
			if (err == -EIO && pe.reason[0])
				ovf_err_reason(e, err, "%s", pe.reason);
			goto out;
		}
	} else {
		err = auto_find(r, pci, &pe, out, e);
		if (err < 0)
			goto out;
	}
	ovf_pci_addr_fmt(&out->dev.addr, out->name);
	out->nvidia_display = is_nvidia_display(&out->dev);
	if ((flags & OVF_GPU_NVIDIA_ONLY) && !out->nvidia_display) {
		ovf_err_root(e, r, ENXIO, "check", DEVICES "/%s", out->name);
		err = ovf_err_reason(e, ENXIO, "vendor %04x, class %06x, not an "
				     "NVIDIA display controller", out->dev.vendor,
				     out->dev.class_code);
		goto out;
	}
	if (flags & OVF_GPU_SLOT) {
		err = slot_scan(r, pci, &pe, &out->dev.addr, out->funcs,
				OVF_GPU_MAX_FUNCS, e);
		if (err < 0)
			goto out;
		out->nfuncs = err < OVF_GPU_MAX_FUNCS ? err : OVF_GPU_MAX_FUNCS;
		err = 0;
	}
out:
	ovf_pci_close(pci);
	return err;
}

int ovf_gpu_slot_functions(const struct ovf_root *r, const struct ovf_pci_addr *gpu,
			   struct ovf_gpu_func *out, int max, struct ovf_err *e)
{
	struct ovf_pci *pci = NULL;
	struct ovf_err pe = { 0 };
	int err;

	ovf_err_clear(e);
	err = ovf_pci_open(&pci, r, &pe);
	if (err < 0)
		scan_failed(r, &pe, err, e);
	else
		err = slot_scan(r, pci, &pe, gpu, out, max, e);
	ovf_pci_close(pci);
	return err;
}

/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The GPU a tool acts on: the one NVIDIA display device, or the one named. */
#ifndef OVF_GPU_H
#define OVF_GPU_H

/* Internal to optimus-vfio; not a stable interface. */

#include <stdint.h>

#include "ovf/err.h"
#include "ovf/pcidev.h"
#include "ovf/root.h"

#define OVF_GPU_MAX_CANDS 8	/* candidates kept when several are found */
#define OVF_GPU_MAX_FUNCS 8	/* a PCI slot has at most 8 functions */

/* One function of the GPU's slot (the GPU itself included). */
struct ovf_gpu_func {
	struct ovf_pci_addr addr;
	char name[OVF_PCI_ADDR_LEN];	/* canonical "dddd:bb:dd.f" */
	uint16_t vendor, device;
	uint32_t class_code;		/* 24-bit: base, sub, prog-if */
	char driver[64];		/* "" when unbound */
};

struct ovf_gpu {
	struct ovf_pcidev dev;		/* the device chosen */
	char name[OVF_PCI_ADDR_LEN];	/* its canonical address */
	int nvidia_display;		/* vendor 0x10de, base class 0x03 */
	/* auto-detection: NVIDIA display devices seen (-EEXIST: more than 1) */
	int ncands;
	struct ovf_pcidev cands[OVF_GPU_MAX_CANDS];
	/* with OVF_GPU_SLOT: the functions of dev's slot, in bus order */
	int nfuncs;
	struct ovf_gpu_func funcs[OVF_GPU_MAX_FUNCS];
};

/* A given address must be an NVIDIA display device (else -ENXIO). */
#define OVF_GPU_NVIDIA_ONLY 0x1
/* Also list the functions of the GPU's slot into funcs[]. */
#define OVF_GPU_SLOT 0x2

/*
 * Find the GPU under @r: the device at @addr ("DDDD:BB:DD.F" or "BB:DD.F",
 * checked strictly before any path is built), or with @addr NULL the one
 * NVIDIA display-class device. Fills @out and returns 0, or fills @e and
 * returns -errno:
 *   -EINVAL  @addr is not a PCI address (nothing read)
 *   -ENODEV  no device at @addr ("read DEV: No such device"), or no NVIDIA
 *            display device at all ("find .../devices: no NVIDIA display ...")
 *   -EEXIST  several NVIDIA display devices; @out->ncands and cands[] say
 *            which, and the reason names them
 *   -ENXIO   OVF_GPU_NVIDIA_ONLY and @addr is another kind of device;
 *            @out->dev still describes it
 *   other    the PCI scan failed ("scan .../sys/bus/pci: ...")
 */
int ovf_gpu_find(const struct ovf_root *r, const char *addr, unsigned int flags,
		 struct ovf_gpu *out, struct ovf_err *e);

/*
 * The functions in the slot of @gpu (its own function included), in bus
 * order, with class, IDs and driver. Returns how many there are (at most
 * OVF_GPU_MAX_FUNCS, all of them are stored when @max allows) or -errno
 * with @e filled: a function the scan cannot read fails the whole call, so
 * no caller acts on a slot with one function left out.
 */
int ovf_gpu_slot_functions(const struct ovf_root *r, const struct ovf_pci_addr *gpu,
			   struct ovf_gpu_func *out, int max, struct ovf_err *e);

/* Is @f an HD audio function (class 0403), as a graphics card's HDMI audio is? */
static inline int ovf_gpu_func_is_audio(const struct ovf_gpu_func *f)
{
	return (f->class_code >> 8) == OVF_PCI_CLASS_AUDIO;
}

#endif

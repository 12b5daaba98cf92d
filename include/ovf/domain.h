/* SPDX-License-Identifier: GPL-2.0-or-later */
/* vfio-domain's edits of a libvirt domain XML tree: GPU, IDs, SSDT, ROM, Code 43. */
#ifndef OVF_DOMAIN_H
#define OVF_DOMAIN_H

#include <stddef.h>

#include <libxml/tree.h>

#include "ovf/err.h"
#include "ovf/pciaddr.h"

/* Internal to optimus-vfio; not a stable interface. */

#define OVF_DOMAIN_QEMU_NS "http://libvirt.org/schemas/domain/qemu/1.0"
/* The user alias of the GPU hostdev, the key of its <qemu:override>. */
#define OVF_DOMAIN_GPU_ALIAS "ua-optimus-gpu"
#define OVF_DOMAIN_VENDOR_ID_DEFAULT "OptimusVFIO"
#define OVF_DOMAIN_VENDOR_ID_MAX 12
#define OVF_DOMAIN_NOTES_MAX 4096

/* The fixes, each can be turned off. */
enum {
	OVF_FIX_HOSTDEV = 1 << 0,	/* GPU hostdev, root port, addresses */
	OVF_FIX_AUDIO = 1 << 1,		/* drop the HDMI audio hostdev */
	OVF_FIX_SUBSYS = 1 << 2,	/* subsystem IDs via <qemu:override> */
	OVF_FIX_SSDT = 1 << 3,		/* -acpitable in <qemu:commandline> */
	OVF_FIX_ROM = 1 << 4,		/* fwcfg sysinfo entry */
	OVF_FIX_GENID = 1 << 5,		/* <genid/> */
	OVF_FIX_KVM_HIDDEN = 1 << 6,	/* <kvm><hidden state='on'/> */
	OVF_FIX_VENDOR_ID = 1 << 7,	/* <hyperv><vendor_id/> */
	OVF_FIX_IOAPIC = 1 << 8,	/* <ioapic driver='kvm'/>, type='kvm' only */
	OVF_FIX_ALL = (1 << 9) - 1,
};

/* Looking Glass: what to do with the domain's shared memory device. */
enum ovf_lg_mode {
	OVF_LG_KEEP = 0,		/* leave it as it is */
	OVF_LG_ADD,			/* put it in, or resize it */
	OVF_LG_REMOVE,			/* take it out */
};

#define OVF_LG_NAME "looking-glass"	/* <shmem name=''>, the kvmfr memdev id */
#define OVF_LG_KVMFR_DEV "/dev/kvmfr0"
#define OVF_LG_WIDTH_DEFAULT 1920u
#define OVF_LG_HEIGHT_DEFAULT 1080u
#define OVF_LG_DIM_MAX 16384		/* per side: 16K x 16K HDR is 8 GiB */

struct ovf_lg {
	int mode;			/* OVF_LG_* */
	int kvmfr;			/* memory-backend-file on OVF_LG_KVMFR_DEV */
	unsigned int width, height;	/* the guest's largest resolution */
	int hdr;			/* 8 bytes a pixel instead of 4 */
};

struct ovf_domain_opts {
	unsigned int fixes;		/* OVF_FIX_* */
	struct ovf_pci_addr gpu;	/* host GPU, function 0 */
	struct ovf_pci_addr bridge;	/* host parent bridge, on bus 0 */
	unsigned int sub_vendor, sub_device;
	const char *ssdt;		/* OVF_FIX_SSDT: absolute path of the table */
	const char *rom;		/* OVF_FIX_ROM: ROM file, NULL keeps the entry */
	const char *fw_cfg_name;	/* fw_cfg file of the ROM */
	const char *vendor_id;		/* OVF_FIX_VENDOR_ID: 1-12 chars */
	int keep_audio;			/* pass the audio function at BB:00.1 */
	/*
	 * The GPU hostdev's ROM BAR, independent of the fixes (and of
	 * OVF_FIX_ROM, fw_cfg for _ROM: both can be given): @rom_bar, an
	 * absolute path, sets <rom bar='on' file=''/>; @no_rom_bar removes a
	 * <rom>; neither leaves it as it is.
	 */
	const char *rom_bar;
	int no_rom_bar;
	int no_renumber;		/* refuse instead of moving others' devices */
	struct ovf_lg lg;		/* Looking Glass; mode 0 leaves it */
};

/* What the edit did or noticed, one line each, for the tool to print. */
struct ovf_domain_notes {
	char text[OVF_DOMAIN_NOTES_MAX];
	size_t len;
	int audio_removed;		/* the audio hostdev went: o->keep_audio keeps it */
	int rom_bar_set;		/* o->rom_bar was put on the GPU hostdev */
};

/* Parse with ovf_lvx_parse() (ovf/libvirt_xml.h). */

/* The <name> of the domain, malloc'd; NULL when missing. */
char *ovf_domain_name(xmlDoc *doc);

/*
 * Apply the fixes of @o to @doc.  Touches only what the fixes own; new
 * elements are indented like the document.  0, or -errno with @err's
 * reason set: -EINVAL for bad options or a domain we cannot read, -EBUSY
 * for a conflict that needs moving devices by hand, -EPERM for one that
 * needs moving other devices while o->no_renumber is set, -ENODATA when
 * OVF_FIX_ROM has no o->rom and the domain no fw_cfg entry to keep;
 * -EINVAL too for o->rom_bar or o->no_rom_bar without a GPU hostdev.
 * On error the document may be partly edited: throw it away.
 */
int ovf_domain_apply(xmlDoc *doc, const struct ovf_domain_opts *o,
		     struct ovf_domain_notes *notes, struct ovf_err *err);

/*
 * Serialize like libvirt writes domain XML: no declaration, single-quoted
 * attributes, <empty/> elements, untouched text and whitespace kept.
 * @out is malloc'd and NUL-terminated.  0 or -ENOMEM.
 */
int ovf_domain_format(xmlDoc *doc, char **out, size_t *len);

/*
 * Save @xml (@len bytes) as DIR/NAME-YYYYmmdd-HHMMSS.xml (".N" before
 * ".xml" when taken), atomically, mode 0600, making @dir as needed; its
 * path in @path.  0, or -errno with @e set (action "create" on @dir,
 * "backup path in" @dir, "write backup" on the file).
 */
int ovf_domain_backup(const char *dir, const char *name, const char *xml,
		      size_t len, char *path, size_t size, struct ovf_err *e);

/* One edit of a domain document, as vfio-domain shows and saves it. */
struct ovf_domain_edit {
	xmlDoc *doc;			/* the edited tree */
	char *name;			/* its <name> */
	char *old, *new;		/* formatted before and after the fixes */
	size_t oldlen, newlen;
	char *ssdt;			/* the table the domain names, absolute; NULL: none */
	char *rom;			/* the ROM it names, absolute; NULL: none given */
	int build;			/* @ssdt is STATE_DIR/ssdt/NAME.aml: build it */
	struct ovf_domain_notes notes;
};

/*
 * Parse @xml (@len bytes; @label names it in errors), check its <name>,
 * and apply @o with the files it names made absolute: @ssdt (NULL with
 * OVF_FIX_SSDT: STATE_DIR/ssdt/NAME.aml under @state_dir, to build) and
 * @rom (NULL: none). o->ssdt and o->rom point into @ed afterwards, so @o
 * can check the domain again. 0, or -errno with @e set: ovf_lvx_parse's
 * errors, -EINVAL on @label for a missing or unusable <name>, -ENOMEM, or
 * ovf_domain_apply's error with @label as its path. Free @ed with
 * ovf_domain_edit_free() either way.
 */
int ovf_domain_edit(const char *xml, size_t len, const char *label,
		    struct ovf_domain_opts *o, const char *ssdt, const char *rom,
		    const char *state_dir, struct ovf_domain_edit *ed,
		    struct ovf_err *e);
void ovf_domain_edit_free(struct ovf_domain_edit *ed);

/*
 * Parse "WIDTHxHEIGHT[,hdr]" (decimal, no sign or leading zero, each side
 * 1 to OVF_LG_DIM_MAX) into @lg's size; @lg's mode and kvmfr are left.
 * 0 or -EINVAL.
 */
int ovf_lg_parse(const char *arg, struct ovf_lg *lg);

/*
 * The shared memory @lg needs in MiB, as Looking Glass sizes it: two
 * frames of width x height x 4 bytes (8 with HDR), plus 10 MiB, rounded
 * up to a power of two. 1920x1080 SDR: 32.  0 for a size out of range.
 */
unsigned int ovf_lg_size_mb(const struct ovf_lg *lg);

/*
 * The kvmfr device @doc maps: the first -object memory-backend-file of its
 * <qemu:commandline> (QEMU's key=value form or its JSON one) whose
 * mem-path is a /dev/kvmfrN node, into @path, and its size in @bytes
 * (decimal, or with a K, M, G or T suffix). 1 found, 0 none, -EINVAL for
 * such an object without a size we can read.
 */
int ovf_domain_kvmfr(xmlDoc *doc, char *path, size_t len, unsigned long long *bytes);

/* Does the value fit libvirt's <vendor_id value=''>: 1-12 chars, no comma. */
int ovf_domain_check_vendor_id(const char *v);

#endif

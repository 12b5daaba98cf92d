/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The preflight's facts: what each vfio-doctor check reads under the root, and its verdict. */
#ifndef OVF_DOCTOR_H
#define OVF_DOCTOR_H

#include <stddef.h>
#include <sys/types.h>

#include "ovf/acpi_call.h"
#include "ovf/err.h"
#include "ovf/pciaddr.h"
#include "ovf/pcidev.h"
#include "ovf/rombar.h"
#include "ovf/root.h"

/* Internal to optimus-vfio; not a stable interface. */

/*
 * Each call fills its facts and returns the verdict; the tool words the
 * message and the advice (the library names no option). Ordered by
 * severity: a run's exit status follows the worst.
 */
enum ovf_doc_status { OVF_DOC_OK, OVF_DOC_SKIP, OVF_DOC_WARN, OVF_DOC_FAIL };

#define OVF_DOC_MAX 64		/* entries a list fact keeps */

/* IOMMU groups and what the kernel command line asks for. */
enum ovf_doc_iommu_case {
	OVF_IOMMU_GROUPS,	/* groups exist */
	OVF_IOMMU_UNREADABLE,	/* sys/kernel/iommu_groups: @e */
	OVF_IOMMU_OFF,		/* none, and the command line turns it off */
	OVF_IOMMU_ASKED,	/* none although the command line asks for it */
	OVF_IOMMU_NONE,		/* none, not asked for */
};
struct ovf_doc_iommu {
	enum ovf_doc_iommu_case why;
	int ngroups;
	char flag[64];		/* "intel_iommu=on" / "amd_iommu=..." or "" */
	struct ovf_err e;
};
enum ovf_doc_status ovf_doctor_iommu(const struct ovf_root *r,
				     struct ovf_doc_iommu *f);

/* The word of @text starting with @prefix, or NULL (whitespace-separated). */
const char *ovf_doctor_find_word(const char *text, const char *prefix);

/* The members of the GPU's IOMMU group that a host driver holds. */
struct ovf_doc_member {
	char name[64];		/* as the group's directory lists it */
	char driver[64];
	int in_slot;		/* a function of the GPU's own slot */
};
enum ovf_doc_group_case {
	OVF_GROUP_VIABLE, OVF_GROUP_NONE, OVF_GROUP_UNREADABLE,
	OVF_GROUP_SLOT_BOUND,	/* only the GPU's own functions are held */
	OVF_GROUP_SHARED,	/* other devices are held */
};
struct ovf_doc_group {
	enum ovf_doc_group_case why;
	int group, ndevices, nbad;
	struct ovf_doc_member bad[OVF_DOC_MAX];
	struct ovf_err e;
};
enum ovf_doc_status ovf_doctor_group(const struct ovf_root *r,
				     const struct ovf_pcidev *gpu,
				     struct ovf_doc_group *f);

/* acpi_call: loaded, installed for the running kernel; Secure Boot. */
struct ovf_doc_acpi_call {
	int loaded;
	char osrelease[128];	/* "" when unknown */
	char module[1024];	/* "lib/modules/REL/.../acpi_call.ko" or "" */
	int secure_boot;	/* 1 on, 0 off, -1 no EFI variable */
	enum ovf_doc_status sb_status;
};
enum ovf_doc_status ovf_doctor_acpi_call(const struct ovf_root *r,
					 struct ovf_doc_acpi_call *f);

/* What the GPU's _ROM answers through acpi_call. */
enum ovf_doc_rom_case {
	OVF_ROM_IMAGE,		/* a buffer with a ROM signature */
	OVF_ROM_NODE_UNREADABLE,	/* firmware_node/path: @e */
	OVF_ROM_NO_NODE, OVF_ROM_BAD_PATH,
	OVF_ROM_NOT_LOADED,	/* acpi_call not loaded: not evaluated */
	OVF_ROM_BUSY,		/* opening acpi_call failed: @e, @err */
	OVF_ROM_EVAL_FAILED,	/* @err */
	OVF_ROM_NO_SIGNATURE, OVF_ROM_ACPI_ERROR, OVF_ROM_OTHER_TYPE,
};
struct ovf_doc_rom {
	enum ovf_doc_rom_case why;
	char path[300];		/* the normalised ACPI path */
	char cmd[400];		/* what was evaluated */
	int err;		/* -errno of the open or the evaluation */
	enum ovf_acpi_type type;
	char error[128];	/* the AE_ code of an ERROR answer */
	struct ovf_err e;
};
enum ovf_doc_status ovf_doctor_rom(const struct ovf_root *r,
				   const struct ovf_pcidev *gpu, const char *gpu_name,
				   int loaded, int lock_timeout_ms,
				   struct ovf_doc_rom *f);

/* Files under the root that show a GPU switcher installed. */
struct ovf_doc_found {
	const char *name;	/* "optimus-manager", "envycontrol" ... */
	const char *path;	/* relative to the root */
};
struct ovf_doc_switchers {
	int n;
	struct ovf_doc_found found[16];
};
enum ovf_doc_status ovf_doctor_switchers(const struct ovf_root *r,
					 struct ovf_doc_switchers *f);

/* Files of etc/modprobe.d with a "blacklist nvidia*" or "install nvidia*". */
struct ovf_doc_blacklist {
	int n;
	char file[OVF_DOC_MAX][288];	/* "etc/modprobe.d/NAME" */
};
enum ovf_doc_status ovf_doctor_blacklist(const struct ovf_root *r,
					 struct ovf_doc_blacklist *f);

/* NVIDIA daemons running: one entry per name, its first process. */
struct ovf_doc_daemon {
	char comm[32];
	pid_t pid;
};
struct ovf_doc_daemons {
	int n;
	struct ovf_doc_daemon d[4];
};
enum ovf_doc_status ovf_doctor_daemons(const struct ovf_root *r,
				       struct ovf_doc_daemons *f);

/* The GPU's power state ("?" when unreadable). */
struct ovf_doc_power {
	char d3cold_allowed[16], power_state[32];
};
enum ovf_doc_status ovf_doctor_power(const struct ovf_root *r, const char *gpu_name,
				     struct ovf_doc_power *f);

/* The GPU's reset methods: @len > 0 methods, 0 none, < 0 unreadable (@e). */
struct ovf_doc_reset {
	ssize_t len;
	char methods[128];
	struct ovf_err e;
};
enum ovf_doc_status ovf_doctor_reset(const struct ovf_root *r, const char *gpu_name,
				     struct ovf_doc_reset *f);

/* The audio functions of the GPU's slot not kept from host drivers. */
struct ovf_doc_audio_func {
	char name[OVF_PCI_ADDR_LEN];
	char override[64];	/* "" when none */
	char driver[64];	/* "" when unbound */
};
struct ovf_doc_audio {
	int naudio, nbad;
	/* @e: OVF_AUDIO_SCAN the slot scan, OVF_AUDIO_OVERRIDE a driver_override */
	enum { OVF_AUDIO_READ = 0, OVF_AUDIO_SCAN, OVF_AUDIO_OVERRIDE } unreadable;
	struct ovf_doc_audio_func bad[8];
	struct ovf_err e;
};
enum ovf_doc_status ovf_doctor_audio(const struct ovf_root *r,
				     const struct ovf_pci_addr *gpu,
				     struct ovf_doc_audio *f);

/* The first "X.Y[.Z]" in @s as X*1000000 + Y*1000 + Z; 0 if none or too big. */
unsigned long ovf_doctor_version_num(const char *s);

/*
 * The first line @argv (searched in $PATH) prints on stdout, its stderr
 * discarded; "" when it cannot be run. 0 or -errno.
 */
int ovf_doctor_first_line(char *const argv[], char *out, size_t len);

/* libvirt's and QEMU's versions, against what the tools need. */
enum ovf_doc_virt_case {
	OVF_VIRT_OK, OVF_VIRT_MISSING,
	OVF_VIRT_NO_FW_CFG,	/* libvirt < 6.5.0: no fw_cfg <sysinfo> */
	OVF_VIRT_NO_OVERRIDE,	/* libvirt < 8.2.0: no qemu:override */
};
struct ovf_doc_version {
	enum ovf_doc_virt_case why;
	char text[256];		/* the first line of --version */
	unsigned long num;
};
enum ovf_doc_status ovf_doctor_libvirt(struct ovf_doc_version *f);
enum ovf_doc_status ovf_doctor_qemu(struct ovf_doc_version *f);

/*
 * The persistent XML of libvirt domain @name, from "virsh dumpxml
 * --inactive" (libvirt's default connection), killed after @timeout_ms:
 * *@xml malloc'd, NUL-terminated. 0, or -errno with @e (action "read
 * domain", path "'NAME'"): -ENOENT no virsh, -ETIMEDOUT, -EIO virsh failed
 * (its first line of error as the reason), -EFBIG, -ENOMEM.
 */
int ovf_doctor_domain_xml(const char *name, int timeout_ms, char **xml,
			  size_t *len, struct ovf_err *e);

/* The ROM file a domain gives the GPU in its ROM BAR. */
enum ovf_doc_rom_file_case {
	OVF_ROMFILE_NONE,	/* the GPU's hostdev names no ROM file */
	OVF_ROMFILE_NO_HOSTDEV,	/* the domain does not pass the GPU through */
	OVF_ROMFILE_HIDDEN,	/* a file, but bar='off' or enabled='no' */
	OVF_ROMFILE_UNREADABLE,	/* missing, not a regular file, unreadable: @e */
	OVF_ROMFILE_UNFIT,	/* not a ROM for the GPU: @f.fit, @e */
	OVF_ROMFILE_PRIVATE,	/* fit, but other users may not read it: @mode */
	OVF_ROMFILE_FIT,
};
struct ovf_doc_rom_file {
	enum ovf_doc_rom_file_case why;
	char file[4096];		/* as the domain names it */
	unsigned int mode;		/* its permission bits */
	struct ovf_rom_bar_file f;
	struct ovf_err e;
};
/*
 * Check the ROM BAR file (@file, NULL: none; @shown as
 * ovf_lvx_hostdev_rom() gives it; @has_hostdev 0 when the domain does not
 * pass the GPU) for @gpu: FAIL when QEMU could not open it or it is no ROM
 * for the GPU, WARN for a ROM of its vendor and another device ID (--force may
 * have put it there) or a file other users cannot read (QEMU runs as its
 * own user), SKIP without a ROM BAR, else OK.
 */
enum ovf_doc_status ovf_doctor_rom_file(const char *file, int shown, int has_hostdev,
				       const struct ovf_pcidev *gpu,
				       struct ovf_doc_rom_file *f);

#endif

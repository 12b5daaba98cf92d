/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The preflight's facts: what each vfio-doctor check reads under the root, and its verdict. */
#ifndef OVF_DOCTOR_H
#define OVF_DOCTOR_H

#include <stddef.h>
#include <sys/types.h>

#include "ovf/acpi_call.h"
#include "ovf/err.h"
#include "ovf/kvmfr.h"
#include "ovf/pciaddr.h"
#include "ovf/pcidev.h"
#include "ovf/proc.h"
#include "ovf/rom.h"
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

/* The kvmfr device a domain maps (Looking Glass): module, size, node, QEMU's access. */
enum ovf_doc_kvmfr_case {
	OVF_KVMFR_OK,
	OVF_KVMFR_STATE_UNREADABLE,	/* sys/module/kvmfr: @e */
	OVF_KVMFR_NOT_LOADED,
	OVF_KVMFR_SIZE_UNKNOWN,		/* no static_size_mb found */
	OVF_KVMFR_SIZE_BAD,		/* @sizes.list is not a list of numbers */
	OVF_KVMFR_NO_ENTRY,		/* the list has no entry for @index */
	OVF_KVMFR_TOO_SMALL,		/* @have_mb < @need_mb */
	OVF_KVMFR_NO_NODE,		/* @e */
	OVF_KVMFR_NOT_CHR,		/* the node is no character device */
	OVF_KVMFR_CONF_UNREADABLE,	/* qemu.conf: @e */
	OVF_KVMFR_NO_USER,		/* @conf's user or group unknown: @e */
	OVF_KVMFR_NO_ACCESS,		/* QEMU's user may not read and write it */
	OVF_KVMFR_CGROUP,		/* cgroup_device_acl leaves the node out */
};
struct ovf_doc_kvmfr {
	enum ovf_doc_kvmfr_case why;
	char dev[64];			/* "/dev/kvmfr0" */
	unsigned int index;		/* N of kvmfrN */
	unsigned long long need;	/* bytes the domain maps */
	unsigned long need_mb;		/* rounded up */
	unsigned long have_mb;		/* static_size_mb of the node */
	struct ovf_kvmfr_sizes sizes;
	struct ovf_qemu_conf conf;
	unsigned int mode;		/* the node's permission bits */
	uid_t uid;			/* the node's owner and group */
	gid_t gid;
	struct ovf_err e;
};
/* @dev: a /dev/kvmfrN path, as ovf_domain_kvmfr() found it; @need its bytes. */
enum ovf_doc_status ovf_doctor_kvmfr(const struct ovf_root *r, const char *dev,
				     unsigned long long need, struct ovf_doc_kvmfr *f);

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
 * MUX or muxless: the GPU's class (0x0302 3D controller: no outputs) and
 * the DRM connectors (sys/class/drm/cardN-NAME) whose card is the GPU's.
 */
enum ovf_doc_display_case {
	OVF_DISPLAY_3D,		/* class 0x0302: no display outputs (muxless) */
	OVF_DISPLAY_OUTPUTS,	/* 0x0300 with connectors: MUX laptop, desktop */
	OVF_DISPLAY_NO_OUTPUTS,	/* 0x0300, its DRM card has no connectors */
	OVF_DISPLAY_NO_DRM,	/* 0x0300, no DRM card of it: not known */
	OVF_DISPLAY_UNREADABLE,	/* sys/class/drm: @e */
};
#define OVF_DOC_MAX_CONN 8
struct ovf_doc_display {
	enum ovf_doc_display_case why;
	unsigned int class_code;
	char card[32];		/* "card1", "" when none */
	int nconn, nconnected;	/* nconnected: status "connected" */
	char conn[OVF_DOC_MAX_CONN][64];	/* "card1-HDMI-A-1" */
	struct ovf_err e;
};
enum ovf_doc_status ovf_doctor_display(const struct ovf_root *r,
				       const struct ovf_pcidev *gpu,
				       const char *gpu_name,
				       struct ovf_doc_display *f);

/*
 * Whether the PCI ROM BAR reads a valid image of the GPU: rom <- 1, read,
 * rom <- 0, as lspci -vv style readers do. The only write the doctor
 * makes; the BAR is disabled again whatever the read gave. Not while a VM
 * holds the GPU's VFIO group (SKIP), nor when writing is not allowed (SKIP:
 * EACCES, EPERM, as for a user's run).
 */
enum ovf_doc_rombar_case {
	OVF_ROMBAR_IMAGE,	/* a valid image of this GPU, @size bytes */
	OVF_ROMBAR_NO_ATTR,	/* no rom attribute: no ROM BAR */
	OVF_ROMBAR_IN_USE,	/* @user holds /dev/vfio/GROUP: not touched */
	OVF_ROMBAR_ENABLE_FAILED,	/* rom <- 1: @e */
	OVF_ROMBAR_READ_FAILED,	/* reading: @e (EIO: no image behind it) */
	OVF_ROMBAR_EMPTY,	/* it read 0 bytes */
	OVF_ROMBAR_INVALID,	/* @size bytes, not a ROM: @error */
	OVF_ROMBAR_OTHER_DEVICE,	/* a ROM for @vendor:@device */
};
#define OVF_DOC_ROMBAR_MAX (16u << 20)	/* the largest ROM BAR read */
struct ovf_doc_rombar {
	enum ovf_doc_rombar_case why;
	size_t size;
	enum ovf_rom_error error;
	unsigned int vendor, device;
	int disable_err;	/* rom <- 0 failed: -errno (@de); 0 */
	struct ovf_err e, de;
	struct ovf_proc_user user;
};
enum ovf_doc_status ovf_doctor_rom_bar(const struct ovf_root *r,
				       const struct ovf_pcidev *gpu,
				       const char *gpu_name,
				       struct ovf_doc_rombar *f);

/* The audio functions of the GPU's slot in the GPU's own IOMMU group. */
struct ovf_doc_audio_group {
	int naudio, nshared;
	char shared[8][OVF_PCI_ADDR_LEN];
	char other[8][OVF_PCI_ADDR_LEN];	/* in another group (or none) */
	int nother;
	struct ovf_err e;	/* the slot scan failed */
};
enum ovf_doc_status ovf_doctor_audio_group(const struct ovf_root *r,
					   const struct ovf_pcidev *gpu,
					   struct ovf_doc_audio_group *f);

/*
 * Kernel lockdown (sys/kernel/security/lockdown, the bracketed word):
 * "none", "integrity", "confidentiality"; "" when the file is not there.
 */
int ovf_doctor_lockdown(const struct ovf_root *r, char *mode, size_t len);

/*
 * Which of the ACPI tables (sys/firmware/acpi/tables: DSDT, SSDT*, and the
 * ones loaded later under dynamic/) name _ROM in their AML. No method list
 * of a node is in sysfs, so this says whether the firmware has a _ROM at
 * all, not which device's it is. OK with the facts; SKIP when there are
 * no tables or one cannot be read (@e).
 */
#define OVF_DOC_MAX_TABLES 64
struct ovf_doc_tables {
	int ntables, nrom;
	char table[OVF_DOC_MAX_TABLES][40];	/* "DSDT", "dynamic/SSDT12" */
	char rom[OVF_DOC_MAX_TABLES][40];	/* those naming _ROM */
	int unreadable;
	struct ovf_err e;
};
enum ovf_doc_status ovf_doctor_acpi_tables(const struct ovf_root *r,
					   struct ovf_doc_tables *f);

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

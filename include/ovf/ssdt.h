/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Guest SSDT generation: QEMU ACPI names, libvirt domain XML, ASL templates. */
#ifndef OVF_SSDT_H
#define OVF_SSDT_H

#include <stddef.h>

#include <libxml/tree.h>

#include "ovf/acpipath.h"
#include "ovf/err.h"
#include "ovf/pciaddr.h"

/* Default fw_cfg file; the name older lion328-style domains already use. */
#define OVF_SSDT_FW_CFG_DEFAULT "opt/com.lion328/nvidia-rom"
/* q35's LPC bridge 00:1f.0: a fixed, always present place for the battery. */
#define OVF_SSDT_BATTERY_SCOPE_DEFAULT "\\_SB.PCI0.SF8"
/* Root bus of QEMU's i440fx and q35 machines. */
#define OVF_SSDT_ROOT_BUS_PATH "\\_SB.PCI0"

/* Bridges between bus 0 and the GPU: PCI has 256 buses at most. */
#define OVF_SSDT_MAX_BRIDGES 32

/* A device's place on a guest bus: bus number is not part of the ACPI name. */
struct ovf_ssdt_hop {
	unsigned int bus, slot, func;
};

/*
 * Where the GPU sits in the guest: bridges[0] is on bus 0, each next one
 * on the secondary bus of the one before, gpu behind the last.
 */
struct ovf_ssdt_topo {
	struct ovf_ssdt_hop bridges[OVF_SSDT_MAX_BRIDGES];
	unsigned int nbridges;
	struct ovf_ssdt_hop gpu;
};

/*
 * QEMU's name for the topology: \_SB.PCI0 then S%02X of (slot << 3 | func)
 * per level.  0, or -EINVAL with @e's reason set for an out-of-range slot or func.
 */
int ovf_ssdt_acpi_path(const struct ovf_ssdt_topo *t, char *path, size_t size,
		       struct ovf_err *e);

/* One PCI <hostdev> of a domain. */
struct ovf_ssdt_hostdev {
	struct ovf_pci_addr host;	/* <source><address/> */
	int has_guest;			/* a guest <address type='pci'/> exists */
	struct ovf_ssdt_hop guest;
};

/*
 * The GPU's guest topology in a parsed libvirt domain (ovf/libvirt_xml.h).
 * @host selects the hostdev by its host address; NULL picks the single PCI
 * hostdev with function 0.  @name labels errors: @e's path is "NAME:LINE"
 * or "NAME", its reason what is wrong.  0, or -EINVAL for a domain we
 * cannot read, -EOPNOTSUPP for a GPU where QEMU's names do not reach (PCI
 * domain other than 0, an expander bus: the caller may know the path),
 * -ENOTUNIQ when @host is NULL and not exactly one hostdev has function 0.
 */
int ovf_ssdt_topo_from_doc(xmlDoc *doc, const char *name,
			   const struct ovf_pci_addr *host,
			   struct ovf_ssdt_topo *t, struct ovf_err *e);

/* Same, reading and parsing the file first (a read error: action "read"). */
int ovf_ssdt_topo_from_domain_xml(const char *file, const struct ovf_pci_addr *host,
				  struct ovf_ssdt_topo *t, struct ovf_err *e);

/* Same, for a document in memory. */
int ovf_ssdt_topo_from_domain_mem(const char *buf, size_t len, const char *name,
				  const struct ovf_pci_addr *host,
				  struct ovf_ssdt_topo *t, struct ovf_err *e);

/* A "@NAME@" placeholder and its replacement. */
struct ovf_ssdt_var {
	const char *name;	/* without the @ signs */
	const char *value;
};

/*
 * Replace every @NAME@ (NAME = [A-Z][A-Z0-9_]*) in @tmpl by its value;
 * values are not scanned again.  An unknown placeholder is an error, so no
 * template can leave one behind.  @out is malloc'd and NUL-terminated.
 * 0, -ENOMEM, or -EINVAL with @e's reason naming the placeholder and its line.
 */
int ovf_ssdt_subst(const char *tmpl, size_t len, const struct ovf_ssdt_var *vars,
		   size_t nvars, char **out, struct ovf_err *e);

/* Templates built in from the .asl files of acpi/; ends with a NULL name. */
struct ovf_ssdt_template {
	const char *name;	/* "rom.asl" */
	const char *text;
	size_t len;
};
extern const struct ovf_ssdt_template ovf_ssdt_builtin[];

/* The template files the generator uses. */
#define OVF_SSDT_TMPL_MAIN "ssdt.asl"
#define OVF_SSDT_TMPL_BATTERY "battery.asl"
#define OVF_SSDT_TMPL_ROM "rom.asl"

/*
 * Load template @name from directory @dir, or the built-in copy when @dir
 * is NULL.  @text is malloc'd and NUL-terminated.  0 or -errno, @e set.
 */
int ovf_ssdt_template_load(const char *dir, const char *name, char **text,
			   size_t *len, struct ovf_err *e);

struct ovf_ssdt_params {
	int battery;			/* emit the fake battery */
	int rom;			/* emit the GPU node with _ROM */
	const char *gpu_path;		/* checked ACPI path of the GPU */
	unsigned int gpu_adr;		/* _ADR if the table must create the node */
	const char *battery_scope;	/* checked ACPI path */
	const char *fw_cfg_name;	/* checked fw_cfg file name */
	const char *template_dir;	/* NULL: built-in templates */
};

/*
 * Build the whole ASL source: ssdt.asl with @BATTERY@ and @ROM@ replaced
 * by the substituted battery.asl and rom.asl (or nothing when disabled).
 * Variables the part templates may use:
 *   @BATTERY_SCOPE@  scope of the battery device
 *   @GPU_PATH@       \_SB.PCI0.S08.S00
 *   @GPU_PARENT@     \_SB.PCI0.S08
 *   @GPU_NAME@       S00
 *   @GPU_ADR@        _ADR value, 0xSSSSFFFF
 *   @FW_CFG_NAME@    opt/com.lion328/nvidia-rom
 *   @VERSION@        generator version
 * @asl is malloc'd.  0 or -errno with @e set (a template error: action
 * "template" or "read template" on the template's path).
 */
int ovf_ssdt_generate(const struct ovf_ssdt_params *p, char **asl,
		      struct ovf_err *e);

/*
 * The whole ASL source for the GPU hostdev @host of the parsed domain @doc
 * (ovf_ssdt_topo_from_doc): @p's contents, its gpu_path and gpu_adr taken
 * from where the domain puts the GPU.  0 or -errno with @e set.
 */
int ovf_ssdt_generate_for_doc(xmlDoc *doc, const char *name,
			      const struct ovf_pci_addr *host,
			      const struct ovf_ssdt_params *p, char **asl,
			      struct ovf_err *e);

#endif

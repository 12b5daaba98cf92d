/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The GPU reset engine: a planner that only reads, and a runner that restores on failure. */
#ifndef OVF_RESET_H
#define OVF_RESET_H

#include <stddef.h>

#include "ovf/err.h"
#include "ovf/kmod.h"
#include "ovf/override.h"
#include "ovf/pciaddr.h"
#include "ovf/proc.h"
#include "ovf/root.h"
#include "ovf/util.h"

/* Internal to optimus-vfio; not a stable interface. */

#define OVF_RESET_LOCK "run/lock/optimus-vfio-gpu-reset.lock"

#define OVF_RESET_MAX_FUNCS 8
#define OVF_RESET_MAX_MODS 16
#define OVF_RESET_MAX_USERS 16
#define OVF_RESET_CMD_ARGS 32
#define OVF_RESET_MAX_FINDINGS 48

/* The steps, in the order they run. */
enum ovf_reset_kind {
	OVF_RESET_POWER,	/* ACPI off/on through acpi_call, or bbswitch */
	OVF_RESET_UNLOAD,	/* the loaded modules of the list, holders first */
	OVF_RESET_REMOVE,	/* the slot's functions, then the bridge */
	OVF_RESET_RESCAN,	/* rescan and wait for all of them */
	OVF_RESET_OVERRIDE,	/* driver_override of the audio function */
	OVF_RESET_LOAD,		/* the modules to load */
	OVF_RESET_SMI,		/* the reset command */
	OVF_RESET_NSTEPS
};

/* "power", "unload", ... by enum ovf_reset_kind. */
extern const char *const ovf_reset_step_names[OVF_RESET_NSTEPS];

enum ovf_reset_power { OVF_POWER_AUTO, OVF_POWER_ACPI, OVF_POWER_BBSWITCH };

/* What the tool parsed from its options and config file. */
struct ovf_reset_config {
	char device[OVF_PCI_ADDR_LEN];
	char bridge[OVF_PCI_ADDR_LEN];
	char acpi_path[256];	/* absolute, normalised; "": firmware_node */
	enum ovf_reset_power power;
	char off_method[256], on_method[256];	/* normalised ACPI names */
	char mods[OVF_RESET_MAX_MODS][OVF_MODNAME_MAX];	/* normalised */
	int nmods;
	char load[OVF_RESET_MAX_MODS][OVF_MODNAME_MAX];
	int nload, load_set;	/* load_set: @load given, else what is unloaded */
	char override[OVF_DRIVER_MAX];
	char command[1024];	/* blank-separated words; %a: the GPU */
	int command_set;	/* given: a missing command is an error */
	int force;
	unsigned int steps;	/* bit (1u << enum ovf_reset_kind) per step */
	unsigned long lock_timeout, rescan_timeout, command_timeout;	/* ms */
};

/* The defaults gpu-reset(8) documents. */
void ovf_reset_config_init(struct ovf_reset_config *c);

/*
 * Apply one setting, a config file's "key = value" or a command line's
 * --key value (the keys gpu-reset(8) lists). 0; -ENOENT when @key is no
 * setting; -EINVAL when @value is not what @key takes, @c unchanged. @e
 * records "set KEY" with the reason: what was expected, and the offending
 * word of a list, bounded as ovf_bounded() does.
 */
int ovf_reset_config_set(struct ovf_reset_config *c, const char *key,
			 const char *value, struct ovf_err *e);

/* Where a config file went wrong: for the tool's "FILE:LINE: ..." words. */
struct ovf_reset_config_where {
	unsigned int line;	/* 0: not in a line (the file itself) */
	char file[4200];	/* as the user sees it */
	char key[OVF_BOUNDED_LEN], value[OVF_BOUNDED_LEN];	/* ovf_bounded() */
};

/*
 * Apply the config file @file (a host path) or, when NULL, OVF_CONFIG_FILE
 * under @r if there is one, to @c, setting by setting. 0, or -errno with @e:
 * the file refused or unreadable (ovf_config_load(), @w->line 0), or a line
 * in @w: -EBADMSG not "key = value", -ENOENT an unknown key, -EINVAL a bad
 * value (@e's reason says what the key expects).
 */
int ovf_reset_config_file(const struct ovf_root *r, const char *file,
			  struct ovf_reset_config *c,
			  struct ovf_reset_config_where *w, struct ovf_err *e);

/* The steps of @mask as "a,b,c". */
const char *ovf_reset_steps_str(unsigned int mask, char *buf, size_t len);

/*
 * A plan that removes without rescanning would leave the GPU off the bus
 * and still end "ok": -EINVAL with @e's reason saying so, else 0.
 */
int ovf_reset_steps_check(const struct ovf_reset_config *c, struct ovf_err *e);

/* The devices the tool picked: the planner's input, not its search. */
struct ovf_reset_devices {
	char gpu[OVF_PCI_ADDR_LEN], bridge[OVF_PCI_ADDR_LEN];	/* "": none */
	char funcs[OVF_RESET_MAX_FUNCS][OVF_PCI_ADDR_LEN];	/* the slot */
	int nfuncs, is_audio[OVF_RESET_MAX_FUNCS];
	char acpi_node[256];	/* the GPU's ACPI path; "": none */
	int acpi_node_err;	/* reading firmware_node/path: -errno */
};

struct ovf_gpu;
/*
 * The devices a reset with @c acts on: the GPU (@c->device, or the one
 * NVIDIA display device; without @c->force only an NVIDIA display
 * controller), its bridge (@c->bridge or its parent), its ACPI node
 * (@c->acpi_path or firmware_node) and every function of its slot, into
 * @d. 0, or ovf_gpu_find()'s or ovf_gpu_slot_functions()' -errno with @e;
 * @gpu says what was found either way, for the tool's wording.
 */
int ovf_reset_devices_find(const struct ovf_root *r,
			   const struct ovf_reset_config *c, struct ovf_gpu *gpu,
			   struct ovf_reset_devices *d, struct ovf_err *e);

/* What the planner found; the tool words each kind. */
enum ovf_reset_finding_kind {
	OVF_RF_NOT_NVIDIA,	/* @what is vendor @vendor class @class */
	OVF_RF_VM_USER,		/* @what (a function) in use: @user holds @path */
	OVF_RF_VM_BUSY,		/* the GPU is in use by a VM (after VM_USERs) */
	OVF_RF_FOREIGN_HOLDER,	/* module @what held by @other, not in the list */
	OVF_RF_IN_USE,		/* module @what: @refcnt, @inlist from the list;
				 * @path its refcnt file */
	OVF_RF_DEV_USER,	/* @user holds @user.file (a /dev/nvidia node) */
	OVF_RF_PERSISTENCED,	/* @user is nvidia-persistenced */
	OVF_RF_POWERD,		/* @user is nvidia-powerd */
};

struct ovf_reset_finding {
	enum ovf_reset_finding_kind kind;
	int refuse;		/* 0: a warning (--force) or a detail */
	char what[OVF_MODNAME_MAX], other[OVF_MODNAME_MAX];
	long refcnt;
	int inlist;
	unsigned int vendor, class;
	struct ovf_proc_user user;
	char path[4200];	/* as the user sees it */
};

/* Why a plan could not be made, for the tool's wording. */
enum ovf_reset_why {
	OVF_RW_ERR,		/* @e says it all */
	OVF_RW_REFUSED,		/* the refusing findings say it */
	OVF_RW_NO_ACPI_NODE,	/* the GPU has no firmware_node and no path was given */
	OVF_RW_KMOD_LOAD,	/* modules directory (e.path: osrelease) */
	OVF_RW_KMOD_UNLOAD,	/* libkmod for removal (e.path: osrelease) */
};

struct ovf_reset_plan {
	struct ovf_reset_config c;
	struct ovf_reset_devices d;
	int on[OVF_RESET_NSTEPS];	/* the steps that run */
	enum ovf_reset_power power;	/* auto resolved */
	char off_call[600], on_call[600];	/* full ACPI paths */
	char unload[OVF_RESET_MAX_MODS][OVF_MODNAME_MAX];	/* holders first */
	struct ovf_mod_state unload_st[OVF_RESET_MAX_MODS];
	int nunload;
	char load[OVF_RESET_MAX_MODS][OVF_MODNAME_MAX];	/* dependencies first */
	int nload;
	char cmd_path[4096];	/* "": not found (the step is skipped) */
	char *cmd_argv[OVF_RESET_CMD_ARGS];
	char cmd_buf[1024];
	/*
	 * The command is nvidia-smi's reset, which refuses while persistence
	 * mode is on: the step asks, turns it off around the reset and back on.
	 */
	int smi_pm;
	struct ovf_kmod *kmod;
	struct ovf_reset_finding findings[OVF_RESET_MAX_FINDINGS];
	int nfindings;
	enum ovf_reset_why why;
};

/*
 * Plan the reset of @d's GPU with @c, reading only (/sys, /proc, the
 * modules directory and the reset command's lookup under @r). Returns 0,
 * or -errno with @p->why and @e saying why not (-EBUSY, -EPERM: refused by
 * findings). Findings (warnings too) are in @p->findings either way.
 * Free with ovf_reset_plan_free().
 */
int ovf_reset_plan(const struct ovf_root *r, const struct ovf_reset_config *c,
		   const struct ovf_reset_devices *d, struct ovf_reset_plan *p,
		   struct ovf_err *e);
void ovf_reset_plan_free(struct ovf_reset_plan *p);

/* One step's record, as the runner left it. */
struct ovf_reset_step {
	enum ovf_reset_kind kind;
	const char *name;
	const char *status;	/* "ok", "skipped", "failed", "not-run" */
	long long ms;
	char note[256];		/* why skipped, or what there was not */
	char error[512];	/* the failure, as a sentence */
	struct ovf_err err;	/* its errno and the path it is about */
};

/* What the runner reports, with the step it is in. */
enum ovf_reset_phase {
	OVF_RP_START,		/* the step begins */
	OVF_RP_ACTION,		/* @line: an effect, done or (dry run) planned */
	OVF_RP_WAIT,		/* @line: "wait PATH", what a rescan waits for */
	OVF_RP_ERROR,		/* the step failed: st->error, st->err */
	OVF_RP_POWERED_OFF,	/* @line: the power-on call that failed */
	OVF_RP_FAILED,		/* the step is over, failed */
	OVF_RP_DONE,		/* the step is over: st->status */
	OVF_RP_STOPPED,		/* should_stop said so before this step */
	OVF_RP_RESTORE,		/* restoring: rescanning */
	OVF_RP_RESTORE_FAILED,	/* the devices are not all back */
	OVF_RP_PM_OFF,		/* persistence mode was on: turned off to reset */
	OVF_RP_PM_ON,		/* ... and turned on again */
};

struct ovf_reset_ops {
	void (*step)(const struct ovf_reset_step *st, enum ovf_reset_phase ph,
		     const char *line, void *ctx);
	/* asked between steps: non-zero stops the run there (and restores) */
	int (*should_stop)(void *ctx);
	void *ctx;
};

struct ovf_reset_result {
	int exit;		/* OVF_EXIT_OK, _ERROR, _RESTORED or _MANUAL */
	int changed;		/* something was (or would be) changed */
	int removed, bus_ok, power_off_pending;
	int stopped;		/* should_stop's value, 0: not stopped */
	int pm_was_on;		/* the smi step found persistence mode on */
	int pm_off_pending;	/* ... turned it off and not yet on again */
	struct ovf_reset_step steps[OVF_RESET_NSTEPS];
};

/* Every step record "not-run", for a run that never started. */
void ovf_reset_result_init(struct ovf_reset_result *res);

/*
 * Run @p step by step. With @dry_run every effect (writes, ACPI calls,
 * module removal and insertion, the command, the wait) is only reported.
 * On a failure (or a stop) after changes the removed devices are rescanned
 * and the override set again. Returns res->exit.
 */
int ovf_reset_run(const struct ovf_root *r, struct ovf_reset_plan *p,
		  int dry_run, const struct ovf_reset_ops *ops,
		  struct ovf_reset_result *res);

#endif

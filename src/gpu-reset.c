// SPDX-License-Identifier: GPL-2.0-or-later
/* gpu-reset: power-cycle, unload, remove, rescan and reload an Optimus GPU, in order. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ovf/acpi_call.h"
#include "ovf/config.h"
#include "ovf/json.h"
#include "ovf/kmod.h"
#include "ovf/override.h"
#include "ovf/pciaddr.h"
#include "ovf/pcidev.h"
#include "ovf/reset.h"
#include "ovf/root.h"
#include "ovf/tool.h"
#include "ovf/util.h"

/* Exit status (see gpu-reset(8), EXIT STATUS) */
#define EXIT_NOTHING_DONE 1	/* failed or refused before changing anything */
#define EXIT_RESTORED 2		/* a step failed; all devices are on the bus */
#define EXIT_MANUAL 3		/* failed and could not restore: act by hand */

#define MAX_FUNCS 8
#define MAX_MODS 16
#define MAX_USERS 16
#define CMD_ARGS 32

static const char *prog = "gpu-reset";

enum step { ST_POWER, ST_UNLOAD, ST_REMOVE, ST_RESCAN, ST_OVERRIDE, ST_LOAD,
	    ST_SMI, NSTEPS };
static const char *const step_names[NSTEPS] = {
	"power", "unload", "remove", "rescan", "override", "load", "smi",
};

enum power_how { PW_AUTO, PW_ACPI, PW_BBSWITCH };

struct step_rec {
	const char *status;	/* "ok", "skipped", "failed", "not-run" */
	long long ms;
	char error[512];
	char note[256];
};

struct cfg {
	char device[OVF_PCI_ADDR_LEN];
	char bridge[OVF_PCI_ADDR_LEN];
	char acpi_path[256];
	enum power_how power;
	char off_method[256], on_method[256];
	char mods[MAX_MODS][OVF_MODNAME_MAX];
	int nmods;
	char load[MAX_MODS][OVF_MODNAME_MAX];
	int nload, load_set;
	char override[OVF_DRIVER_MAX];
	char command[1024];
	int command_set;
	int force;		/* --force / force = yes */
	unsigned int steps;	/* bit per enum step */
	unsigned long lock_timeout, rescan_timeout, command_timeout;	/* ms */
};

struct gr {
	struct ovf_root root;
	struct ovf_writer w;
	struct cfg c;
	int dry_run, json, force;	/* force: from c.force, after the config */
	/* devices */
	char gpu[OVF_PCI_ADDR_LEN], bridge[OVF_PCI_ADDR_LEN];
	char funcs[MAX_FUNCS][OVF_PCI_ADDR_LEN];
	int nfuncs, is_audio[MAX_FUNCS];
	char acpi_node[256];
	int acpi_node_err;	/* reading firmware_node/path: -errno */
	/* plan */
	char off_call[600], on_call[600];
	enum power_how power;
	char unload[MAX_MODS][OVF_MODNAME_MAX];	/* loaded ones, holders first */
	struct ovf_mod_state unload_st[MAX_MODS];	/* their state, as queried */
	int nunload;
	char cmd_path[4096];
	char *cmd_argv[CMD_ARGS];
	char cmd_buf[1024];
	struct ovf_kmod *kmod;
	/* progress */
	struct step_rec rec[NSTEPS];
	int cur;
	int changed, removed, bus_ok, power_off_pending;
	FILE *plan;
};

static void __attribute__((noreturn)) usage(void)
{
	printf("Usage: %s [options]\n"
	       "\n"
	       "Reset an Optimus laptop's NVIDIA GPU before a VM starts, in steps:\n"
	       "  power     power it off and on (ACPI _OFF/_ON through acpi_call, or bbswitch)\n"
	       "  unload    unload the modules holding it, holders first\n"
	       "  remove    remove its functions and their parent bridge from the bus\n"
	       "  rescan    rescan the bus and wait for all of them to return\n"
	       "  override  set driver_override of the audio function again\n"
	       "  load      load the unloaded modules again\n"
	       "  smi       run nvidia-smi --gpu-reset -i ADDR when there is one\n"
	       "\n"
	       "Options (each also a 'key = value' of the config file, without '--'):\n"
	       "  -d, --device ADDR        the GPU (default: the one NVIDIA display device)\n"
	       "      --bridge ADDR        its parent bridge (default: from libpci)\n"
	       "      --acpi-path PATH     the GPU's ACPI node (default: firmware_node)\n"
	       "      --power HOW          auto, acpi or bbswitch (default auto)\n"
	       "      --off-method M       power-off method, relative to the node or\n"
	       "                           absolute (default _OFF; _PS3 also works)\n"
	       "      --on-method M        power-on method (default _ON; or _PS0)\n"
	       "      --modules LIST       modules to unload (default nvidia_drm,\n"
	       "                           nvidia_modeset,nvidia_uvm,nvidia,bbswitch)\n"
	       "      --load LIST          modules to load (default: those unloaded)\n"
	       "      --audio-override D   driver_override of the audio function (none)\n"
	       "      --reset-command CMD  step smi (default 'nvidia-smi --gpu-reset -i %%a';\n"
	       "                           %%a is the GPU's address; no shell)\n"
	       "      --steps LIST         run only these steps\n"
	       "      --skip LIST          leave these steps out\n"
	       "      --lock-timeout SEC   wait for another gpu-reset (default 30)\n"
	       "      --rescan-timeout SEC wait for the devices to return (default 10)\n"
	       "      --command-timeout SEC  limit for the reset command (default 60)\n"
	       "      --force              also a device that is not an NVIDIA display\n"
	       "                           controller, or whose VFIO group a VM holds\n"
	       "  -c, --config FILE        config file (default <sysroot>/etc/optimus-vfio.conf,\n"
	       "                           if it exists)\n"
	       "      --no-config          ignore the config file\n"
	       "  -n, --dry-run            print the plan ('path <- value' for writes)\n"
	       "  -j, --json               a JSON record of the run on stdout\n"
	       "  -s, --sysroot DIR        use DIR as the root for /sys, /proc, /etc, /run,\n"
	       "                           /lib and the reset command's lookup (default:\n"
	       "                           $OPTIMUS_VFIO_SYSROOT if set, never empty, else\n"
	       "                           /); removing and inserting modules still acts\n"
	       "                           on the running kernel\n"
	       "  -h, --help               show this help and exit\n"
	       "  -V, --version            show the version and exit\n"
	       "\n"
	       "Exit status: 0 done, 1 nothing done, 3 failed but the devices are back on\n"
	       "the bus, 4 failed and manual action is needed. See %s(8).\n",
	       prog, prog);
	exit(EXIT_SUCCESS);
}

/* ---- errors ---- */


/* ---- configuration ---- */

/* Split a comma/blank separated list of module names. 0 or -EINVAL. */
static int parse_mods(const char *s, char out[][OVF_MODNAME_MAX], int *n,
		      char *why, size_t wl)
{
	char buf[1024], *tok, *save = NULL;

	*n = 0;
	snprintf(buf, sizeof(buf), "%s", s);
	for (tok = strtok_r(buf, ", \t", &save); tok;
	     tok = strtok_r(NULL, ", \t", &save)) {
		if (*n >= MAX_MODS) {
			snprintf(why, wl, "more than %d modules", MAX_MODS);
			return -EINVAL;
		}
		if (ovf_mod_name_norm(tok, out[*n], OVF_MODNAME_MAX) < 0) {
			snprintf(why, wl, "'%s' is not a module name", ovf_shown(tok));
			return -EINVAL;
		}
		(*n)++;
	}
	return 0;
}

static int parse_steps(const char *s, unsigned int *mask, char *why, size_t wl)
{
	char buf[256], *tok, *save = NULL;
	int i;

	*mask = 0;
	snprintf(buf, sizeof(buf), "%s", s);
	for (tok = strtok_r(buf, ", \t", &save); tok;
	     tok = strtok_r(NULL, ", \t", &save)) {
		for (i = 0; i < NSTEPS && strcmp(tok, step_names[i]); i++)
			;
		if (i == NSTEPS) {
			snprintf(why, wl, "unknown step '%s' (power, unload, remove, "
				 "rescan, override, load, smi)", ovf_shown(tok));
			return -EINVAL;
		}
		*mask |= 1u << i;
	}
	return 0;
}

static int parse_secs(const char *s, unsigned long *ms, char *why, size_t wl)
{
	unsigned long v;

	if (ovf_parse_ulong(s, 0, 3600, &v) < 0) {
		snprintf(why, wl, "expected 0 to 3600 seconds");
		return -EINVAL;
	}
	*ms = v * 1000;
	return 0;
}

static int parse_addr(const char *s, char *out, char *why, size_t wl)
{
	struct ovf_pci_addr a;

	if (ovf_pci_addr_parse(s, &a) < 0) {
		snprintf(why, wl, "expected a PCI address DDDD:BB:DD.F or BB:DD.F");
		return -EINVAL;
	}
	ovf_pci_addr_fmt(&a, out);
	return 0;
}

static int parse_method(const char *s, char *out, size_t len, char *why, size_t wl)
{
	char norm[256];

	if (ovf_acpi_path_normalise(s, norm, sizeof(norm)) < 0 || !*s ||
	    strlen(s) >= len) {
		snprintf(why, wl, "expected an ACPI name like _OFF or a path like "
			 "\\_SB.PCI0.PEG0.PEGP._OFF");
		return -EINVAL;
	}
	snprintf(out, len, "%s", norm);
	return 0;
}

/*
 * Apply one setting. Returns 0, -ENOENT for an unknown key, -EINVAL for a
 * bad value (@why says why).
 */
static int set_key(struct cfg *c, const char *key, const char *val, char *why,
		   size_t wl)
{
	unsigned int mask;
	int err;

	why[0] = '\0';
	if (!strcmp(key, "device"))
		return parse_addr(val, c->device, why, wl);
	if (!strcmp(key, "bridge"))
		return parse_addr(val, c->bridge, why, wl);
	if (!strcmp(key, "acpi-path")) {
		err = parse_method(val, c->acpi_path, sizeof(c->acpi_path), why, wl);
		if (!err && c->acpi_path[0] != '\\') {
			snprintf(why, wl, "expected an absolute ACPI path");
			return -EINVAL;
		}
		return err;
	}
	if (!strcmp(key, "power")) {
		if (!strcmp(val, "auto"))
			c->power = PW_AUTO;
		else if (!strcmp(val, "acpi"))
			c->power = PW_ACPI;
		else if (!strcmp(val, "bbswitch"))
			c->power = PW_BBSWITCH;
		else {
			snprintf(why, wl, "expected auto, acpi or bbswitch");
			return -EINVAL;
		}
		return 0;
	}
	if (!strcmp(key, "off-method"))
		return parse_method(val, c->off_method, sizeof(c->off_method), why, wl);
	if (!strcmp(key, "on-method"))
		return parse_method(val, c->on_method, sizeof(c->on_method), why, wl);
	if (!strcmp(key, "modules"))
		return parse_mods(val, c->mods, &c->nmods, why, wl);
	if (!strcmp(key, "load")) {
		c->load_set = 1;
		return parse_mods(val, c->load, &c->nload, why, wl);
	}
	if (!strcmp(key, "audio-override")) {
		if (!ovf_driver_name_valid(val)) {
			snprintf(why, wl, "expected a driver name or none");
			return -EINVAL;
		}
		snprintf(c->override, sizeof(c->override), "%s", val);
		return 0;
	}
	if (!strcmp(key, "reset-command")) {
		if (!*val || strlen(val) >= sizeof(c->command)) {
			snprintf(why, wl, "expected a command line");
			return -EINVAL;
		}
		snprintf(c->command, sizeof(c->command), "%s", val);
		c->command_set = 1;
		return 0;
	}
	if (!strcmp(key, "steps")) {
		err = parse_steps(val, &mask, why, wl);
		if (!err)
			c->steps = mask;
		return err;
	}
	if (!strcmp(key, "skip")) {
		err = parse_steps(val, &mask, why, wl);
		if (!err)
			c->steps &= ~mask;
		return err;
	}
	if (!strcmp(key, "force")) {
		if (!strcmp(val, "yes"))
			c->force = 1;
		else if (!strcmp(val, "no"))
			c->force = 0;
		else {
			snprintf(why, wl, "expected yes or no");
			return -EINVAL;
		}
		return 0;
	}
	if (!strcmp(key, "lock-timeout"))
		return parse_secs(val, &c->lock_timeout, why, wl);
	if (!strcmp(key, "rescan-timeout"))
		return parse_secs(val, &c->rescan_timeout, why, wl);
	if (!strcmp(key, "command-timeout"))
		return parse_secs(val, &c->command_timeout, why, wl);
	return -ENOENT;
}

struct cfg_file {
	struct cfg *c;
	const char *name;
};

static int cfg_cb(void *arg, const char *key, const char *val, unsigned int line)
{
	struct cfg_file *f = arg;
	char why[256];
	int err = set_key(f->c, key, val, why, sizeof(why));

	if (err == -ENOENT)
		ovf_errp(f->name, "%s:%u: unknown key '%s'", f->name, line, ovf_shown(key));
	else if (err < 0)
		ovf_errp(f->name, "%s:%u: invalid value '%s' for %s: %s", f->name, line, ovf_shown(val),
		       key, why);
	return err;
}

/* Read the config file; -1 after printing an error. */
static int load_config(struct gr *g, const char *file, int explicit)
{
	char disp[4200], *text = NULL;
	struct cfg_file f = { .c = &g->c };
	unsigned int line = 0;
	uint8_t *buf;
	size_t len;
	const char *why;
	struct stat st;
	int err, fd;

	/* It names programs and modules we run as root: trust it like /etc. */
	if (explicit) {
		snprintf(disp, sizeof(disp), "%s", file);
		err = stat(file, &st) < 0 ? -errno : 0;
	} else {
		ovf_root_display(&g->root, OVF_CONFIG_FILE, disp, sizeof(disp));
		fd = ovf_open(&g->root, OVF_CONFIG_FILE, O_RDONLY | O_CLOEXEC, 0);
		if (fd == -ENOENT)
			return 0;
		err = fd < 0 ? fd : fstat(fd, &st) < 0 ? -errno : 0;
		if (fd >= 0)
			close(fd);
	}
	if (!err && ovf_config_trusted(&st, geteuid(), &why) < 0) {
		ovf_errp(disp, "refusing config %s: %s", disp, why);
		return -1;
	}
	if (explicit) {
		err = ovf_read_file(file, &buf, &len, 1 << 20);
		if (!err) {
			text = malloc(len + 1);
			if (!text) {
				free(buf);
				err = -ENOMEM;
			} else {
				memcpy(text, buf, len);
				text[len] = '\0';
				free(buf);
				if (strlen(text) != len)
					err = -EBADMSG;
			}
		}
	} else {
		err = ovf_config_read(&g->root, OVF_CONFIG_FILE, &text);
		if (err == -ENOENT)
			return 0;
	}
	if (err < 0) {
		ovf_errp(disp, "read %s: %s", disp, strerror(-err));
		free(text);
		return -1;
	}
	f.name = disp;
	err = ovf_config_parse(text, cfg_cb, &f, &line);
	free(text);
	if (err == -EBADMSG)
		ovf_errp(disp, "%s:%u: expected 'key = value'", disp, line);
	return err < 0 ? -1 : 0;
}

/* ---- step bookkeeping ---- */

static void __attribute__((format(printf, 3, 4))) step_fail(struct gr *g,
							     const char *path,
							     const char *fmt, ...)
{
	struct step_rec *r = &g->rec[g->cur];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(r->error, sizeof(r->error), fmt, ap);
	va_end(ap);
	ovf_errp(path, "%s", r->error);
}

static const char *disp(const struct gr *g, const char *rel, char *buf, size_t len)
{
	return ovf_root_display(&g->root, rel, buf, len);
}

static void log_write(void *arg, const char *path, const char *value)
{
	struct gr *g = arg;

	if (g->dry_run)
		fprintf(g->plan, "%s <- %s\n", path, value[0] ? value : "''");
	else
		fprintf(stderr, "%s: %s: %s <- %s\n", prog, step_names[g->cur], path,
			value[0] ? value : "''");
}

/* A plan line for an action that is not a file write. */
static void __attribute__((format(printf, 2, 3))) action(struct gr *g,
							  const char *fmt, ...)
{
	va_list ap;
	FILE *f = g->dry_run ? g->plan : stderr;

	if (!g->dry_run)
		fprintf(f, "%s: %s: ", prog, step_names[g->cur]);
	va_start(ap, fmt);
	vfprintf(f, fmt, ap);
	va_end(ap);
	fputc('\n', f);
}

/* ---- the steps; each returns 0 or -1 after step_fail() ---- */

static int acpi_eval(struct gr *g, struct ovf_acpi_call *ac, const char *method)
{
	struct ovf_acpi_result res;
	char path[4200];
	int err;

	if (g->dry_run) {
		fprintf(g->plan, "%s <- %s\n",
			disp(g, OVF_ACPI_CALL_PATH, path, sizeof(path)), method);
		return 0;
	}
	action(g, "%s <- %s", disp(g, OVF_ACPI_CALL_PATH, path, sizeof(path)),
	       method);
	err = ovf_acpi_call_eval(ac, method, &res);
	if (err < 0) {
		step_fail(g, path, "call %s via %s: %s", method, path, strerror(-err));
		return -1;
	}
	if (res.type == OVF_ACPI_ERROR || res.type == OVF_ACPI_NOT_CALLED) {
		step_fail(g, path, "call %s via %s: %s", method, path,
			  res.type == OVF_ACPI_ERROR ? res.str : "not called");
		ovf_acpi_result_free(&res);
		return -1;
	}
	ovf_acpi_result_free(&res);
	return 0;
}

static int step_power(struct gr *g)
{
	struct ovf_acpi_call ac = { .lockfd = -1 };
	char path[4200];
	int err;

	if (g->power == PW_BBSWITCH) {
		err = ovf_writer_put(&g->w, "proc/acpi/bbswitch", "OFF");
		if (err < 0) {
			step_fail(g, disp(g, "proc/acpi/bbswitch", path, sizeof(path)),
				  "write %s: %s", path,
				  strerror(-err));
			return -1;
		}
		g->changed = 1;
		g->power_off_pending = 1;
		err = ovf_writer_put(&g->w, "proc/acpi/bbswitch", "ON");
		if (err < 0) {
			step_fail(g, disp(g, "proc/acpi/bbswitch", path, sizeof(path)),
				  "write %s: %s (the GPU is powered off)", path,
				  strerror(-err));
			return -1;
		}
		g->power_off_pending = 0;
		return 0;
	}
	if (!g->dry_run) {
		err = ovf_acpi_call_open(&ac, &g->root, g->c.lock_timeout);
		if (err < 0) {
			disp(g, ac.failed, path, sizeof(path));
			if (strcmp(ac.failed, OVF_ACPI_CALL_LOCK) != 0)
				step_fail(g, path, "open %s: %s%s", path, strerror(-err),
					  err == -ENOENT ? " (modprobe acpi_call)" : "");
			else if (err == -ETIMEDOUT)
				step_fail(g, path, "lock %s: another program holds it "
					  "(gave up after %lu s)", path,
					  g->c.lock_timeout / 1000);
			else
				step_fail(g, path, "lock %s: %s", path, strerror(-err));
			return -1;
		}
	}
	err = acpi_eval(g, &ac, g->off_call);
	if (!err) {
		g->changed = 1;
		g->power_off_pending = 1;
		err = acpi_eval(g, &ac, g->on_call);
		if (!err)
			g->power_off_pending = 0;
		else
			ovf_errp(NULL, "the GPU may be powered off: call %s by hand",
			       g->on_call);
	}
	if (!g->dry_run)
		ovf_acpi_call_close(&ac);
	return err;
}

static void name_users(struct gr *g, const char *mod)
{
	struct ovf_proc_user u[MAX_USERS];
	int n, i;

	if (strncmp(mod, "nvidia", 6))
		return;
	n = ovf_proc_users(&g->root, "/dev/nvidia", 0, u, MAX_USERS);
	for (i = 0; i < n && i < MAX_USERS; i++)
		fprintf(stderr, "  pid %d (%s) holds %s\n", (int)u[i].pid, u[i].comm,
			u[i].file);
	n = ovf_proc_by_comm(&g->root, "nvidia-persiste", u, MAX_USERS);
	for (i = 0; i < n && i < MAX_USERS; i++)
		fprintf(stderr, "  pid %d (%s) is nvidia-persistenced: stop it "
			"(systemctl stop nvidia-persistenced)\n", (int)u[i].pid,
			u[i].comm);
}

/*
 * The query: which modules of the list are loaded, holders first, with
 * their state. Read-only, refuses nothing. 0 or -1 (printed).
 */
static int query_loaded(struct gr *g)
{
	char ordered[MAX_MODS][OVF_MODNAME_MAX], path[4200], rel[128];
	struct ovf_mod_state *st;
	int i, err;

	memcpy(ordered, g->c.mods, sizeof(ordered));
	rel[0] = '\0';
	err = ovf_mod_unload_order(&g->root, ordered, g->c.nmods, rel, sizeof(rel));
	if (err < 0) {
		ovf_errp(disp(g, rel[0] ? rel : "sys/module", path, sizeof(path)),
		       "read %s: %s", path,
		       strerror(-err));
		return -1;
	}
	g->nunload = 0;
	for (i = 0; i < g->c.nmods; i++) {
		st = &g->unload_st[g->nunload];
		err = ovf_mod_state(&g->root, ordered[i], st);
		if (err < 0) {
			snprintf(rel, sizeof(rel), "%s", st->errpath[0] ? st->errpath :
				 "sys/module");
			ovf_errp(disp(g, rel, path, sizeof(path)),
			       "read %s: %s", path,
			       strerror(-err));
			return -1;
		}
		if (!st->loaded)
			continue;
		memcpy(g->unload[g->nunload++], ordered[i], OVF_MODNAME_MAX);
	}
	return 0;
}

/*
 * The policy, for a plan with an unload step only: refuse modules in use
 * by anything but the list. Works on query_loaded()'s result. 0 or -1.
 */
static int unload_policy(struct gr *g)
{
	const struct ovf_mod_state *st;
	char rel[128], path[4200];
	int i, j, k, inlist, foreign, bad = 0;

	for (i = 0; i < g->nunload; i++) {
		st = &g->unload_st[i];
		inlist = 0;
		foreign = 0;
		for (j = 0; j < st->nholders; j++) {
			for (k = 0; k < g->c.nmods; k++)
				if (!strcmp(st->holders[j], g->c.mods[k]))
					break;
			if (k < g->c.nmods) {
				inlist++;
				continue;
			}
			ovf_errp(NULL, "module %s is in use by module %s, which is not in "
			       "the list to unload (--modules)", g->unload[i],
			       st->holders[j]);
			foreign = 1;
		}
		bad |= foreign;
		if (st->refcnt > inlist && !foreign) {
			snprintf(rel, sizeof(rel), "sys/module/%s/refcnt", g->unload[i]);
			ovf_errp(disp(g, rel, path, sizeof(path)),
			       "module %s is in use (refcnt %ld, %d of it from "
			       "modules being unloaded)", g->unload[i], st->refcnt,
			       inlist);
			name_users(g, g->unload[i]);
			bad = 1;
		}
	}
	return bad ? -1 : 0;
}

static int step_unload(struct gr *g)
{
	int i, err;

	for (i = 0; i < g->nunload; i++) {
		action(g, "unload %s", g->unload[i]);
		if (g->dry_run)
			continue;
		err = ovf_kmod_remove(g->kmod, g->unload[i]);
		if (err < 0) {
			step_fail(g, NULL, "unload %s: %s%s", g->unload[i], strerror(-err),
				  err == -EAGAIN || err == -EWOULDBLOCK ||
						  err == -EBUSY ?
					  " (in use)" :
					  "");
			return -1;
		}
		g->changed = 1;
	}
	return 0;
}

static int step_remove(struct gr *g)
{
	char rel[128], path[4200];
	int i, err;

	/* the highest function first, the GPU, then the bridge above */
	for (i = g->nfuncs - 1; i >= 0; i--) {
		snprintf(rel, sizeof(rel), "sys/bus/pci/devices/%s/remove",
			 g->funcs[i]);
		g->removed = 1;	/* a half-done write may already count */
		err = ovf_writer_put(&g->w, rel, "1");
		if (err < 0) {
			step_fail(g, disp(g, rel, path, sizeof(path)),
				  "write %s: %s", path,
				  strerror(-err));
			return -1;
		}
		g->changed = 1;
	}
	if (!g->bridge[0])
		return 0;
	snprintf(rel, sizeof(rel), "sys/bus/pci/devices/%s/remove", g->bridge);
	err = ovf_writer_put(&g->w, rel, "1");
	if (err < 0) {
		step_fail(g, disp(g, rel, path, sizeof(path)),
			  "write %s: %s", path,
			  strerror(-err));
		return -1;
	}
	return 0;
}

/* Rescan and wait for every device. 0, or -1 after a message. */
static int rescan(struct gr *g)
{
	char rels[MAX_FUNCS + 1][128], path[4200];
	const char *paths[MAX_FUNCS + 1];
	int i, n = 0, err, missing = 0;

	err = ovf_writer_put(&g->w, "sys/bus/pci/rescan", "1");
	if (err < 0) {
		step_fail(g, disp(g, "sys/bus/pci/rescan", path, sizeof(path)),
			  "write %s: %s", path,
			  strerror(-err));
		return -1;
	}
	g->changed = 1;
	if (g->bridge[0])
		snprintf(rels[n++], sizeof(rels[0]), "sys/bus/pci/devices/%s",
			 g->bridge);
	for (i = 0; i < g->nfuncs; i++)
		snprintf(rels[n++], sizeof(rels[0]), "sys/bus/pci/devices/%s",
			 g->funcs[i]);
	for (i = 0; i < n; i++) {
		paths[i] = rels[i];
		if (g->dry_run)
			fprintf(g->plan, "wait %s\n", disp(g, rels[i], path, sizeof(path)));
	}
	if (g->dry_run)
		return 0;
	err = ovf_wait_paths(&g->root, paths, n, g->c.rescan_timeout, &missing);
	if (err < 0) {
		step_fail(g, disp(g, rels[missing], path, sizeof(path)),
			  "rescan: %s did not come back within %lu s", path,
			  g->c.rescan_timeout / 1000);
		return -1;
	}
	g->bus_ok = 1;
	return 0;
}

static int step_override(struct gr *g)
{
	struct ovf_override_result res;
	char path[4200];
	int i, err, any = 0;

	for (i = 0; i < g->nfuncs; i++) {
		if (!g->is_audio[i])
			continue;
		any = 1;
		err = ovf_override_set(&g->w, g->funcs[i], g->c.override, &res);
		if (err == 0)
			continue;
		disp(g, res.path, path, sizeof(path));
		if (err == -EPROTO)
			step_fail(g, path, "verify %s: bound to %s, expected %s", path,
				  res.after[0] ? res.after : "no driver",
				  strcmp(g->c.override, "none") ? g->c.override :
								  "no driver");
		else if (err == -ENXIO)
			step_fail(g, path, "driver %s is not registered (%s missing)",
				  g->c.override, path);
		else
			step_fail(g, path, "%s %s: %s",
				  res.stage >= OVF_OVR_WRITE &&
						  res.stage <= OVF_OVR_PROBE ?
					  "write" :
					  "read",
				  path, strerror(-err));
		return -1;
	}
	if (!any)
		snprintf(g->rec[g->cur].note, sizeof(g->rec[0].note),
			 "no audio function");
	return 0;
}

static int step_load(struct gr *g)
{
	char failed[OVF_MODNAME_MAX];
	int i, err;

	for (i = 0; i < g->c.nload; i++) {
		action(g, "load %s (%s)", g->c.load[i], ovf_kmod_dir(g->kmod));
		if (g->dry_run)
			continue;
		err = ovf_kmod_insert(g->kmod, g->c.load[i], failed, sizeof(failed));
		if (err < 0) {
			if (err == -ENOENT)
				step_fail(g, NULL, "load %s: no module %s in %s", g->c.load[i],
					  failed[0] ? failed : g->c.load[i],
					  ovf_kmod_dir(g->kmod));
			else
				step_fail(g, NULL, "load %s: insert %s: %s", g->c.load[i],
					  failed[0] ? failed : g->c.load[i],
					  strerror(-err));
			return -1;
		}
		g->changed = 1;
	}
	return 0;
}

static int step_smi(struct gr *g)
{
	char line[4096 + 1024];
	size_t len = 0;
	int i, rc;

	if (!g->cmd_path[0]) {
		snprintf(g->rec[g->cur].note, sizeof(g->rec[0].note),
			 "%s not found", g->cmd_argv[0]);
		return 1;
	}
	len += snprintf(line, sizeof(line), "exec %s", g->cmd_path);
	for (i = 1; g->cmd_argv[i] && len < sizeof(line); i++)
		len += snprintf(line + len, sizeof(line) - len, " %s", g->cmd_argv[i]);
	action(g, "%s", line);
	if (g->dry_run)
		return 0;
	rc = ovf_run(g->cmd_path, g->cmd_argv, g->c.command_timeout);
	g->changed = 1;
	if (rc == -ETIMEDOUT) {
		step_fail(g, g->cmd_path, "%s: killed after %lu s", g->cmd_path,
			  g->c.command_timeout / 1000);
		return -1;
	}
	if (rc < 0) {
		step_fail(g, g->cmd_path, "run %s: %s", g->cmd_path, strerror(-rc));
		return -1;
	}
	if (rc) {
		step_fail(g, g->cmd_path, "%s exited with status %d", g->cmd_path, rc);
		return -1;
	}
	return 0;
}

/* ---- planning (read-only) ---- */

/* Devices from libpci. -1 after a message. */
static int find_devices(struct gr *g)
{
	struct ovf_pcidev gpu, *all;
	struct ovf_pci *pci = NULL;
	struct ovf_pci_addr a;
	char path[4200], rel[128];
	int err, n, i;

	err = ovf_pci_open(&pci, &g->root);
	if (err < 0) {
		ovf_errp(disp(g, "sys/bus/pci", path, sizeof(path)),
		       "scan %s: %s", path,
		       err == -EIO ? ovf_pci_errmsg(pci) : strerror(-err));
		ovf_pci_close(pci);
		return -1;
	}
	if (g->c.device[0]) {
		ovf_pci_addr_parse(g->c.device, &a);
		err = ovf_pci_get(pci, &a, &gpu);
		if (err < 0) {
			snprintf(rel, sizeof(rel), "sys/bus/pci/devices/%s", g->c.device);
			if (err == -ENODEV)
				ovf_errp(disp(g, rel, path, sizeof(path)),
				       "no such device: %s", path);
			else
				ovf_errp(disp(g, rel, path, sizeof(path)),
				       "read %s: %s", path,
				       err == -EIO ? ovf_pci_errmsg(pci) :
						     strerror(-err));
			goto fail;
		}
		/*
		 * A typo or a stale config must not make us remove the host
		 * bridge or the iGPU: only --force takes a stand-in.
		 */
		if (gpu.vendor != OVF_VENDOR_NVIDIA ||
		    (gpu.class_code >> 16) != OVF_PCI_CLASS_DISPLAY) {
			snprintf(rel, sizeof(rel), "sys/bus/pci/devices/%s", g->c.device);
			disp(g, rel, path, sizeof(path));
			if (!g->force) {
				ovf_errp(path, "refusing %s as the GPU: %s is vendor %04x, class "
				       "%06x, not an NVIDIA display controller (use "
				       "--force if it is the GPU)", g->c.device, path,
				       gpu.vendor, gpu.class_code);
				goto fail;
			}
			ovf_warnx("%s is vendor %04x, class %06x, not an NVIDIA display "
				  "controller; going on (--force)", g->c.device,
				  gpu.vendor, gpu.class_code);
		}
	} else {
		err = ovf_pci_find_nvidia_gpu(pci, &gpu, NULL, 0, &n);
		if (err == -ENODEV) {
			ovf_errp(disp(g, "sys/bus/pci/devices", path, sizeof(path)),
			       "no NVIDIA display device under %s; give --device",
			       path);
			goto fail;
		}
		if (err == -EEXIST) {
			ovf_errp(NULL, "%d NVIDIA display devices; choose one with --device", n);
			goto fail;
		}
		if (err < 0) {
			ovf_errp(disp(g, "sys/bus/pci", path, sizeof(path)),
			       "scan %s: %s", path,
			       err == -EIO ? ovf_pci_errmsg(pci) : strerror(-err));
			goto fail;
		}
	}
	ovf_pci_addr_fmt(&gpu.addr, g->gpu);
	if (g->c.bridge[0])
		snprintf(g->bridge, sizeof(g->bridge), "%s", g->c.bridge);
	else if (gpu.has_parent)
		ovf_pci_addr_fmt(&gpu.parent, g->bridge);
	snprintf(g->acpi_node, sizeof(g->acpi_node), "%s",
		 g->c.acpi_path[0] ? g->c.acpi_path : gpu.acpi_path);
	g->acpi_node_err = g->c.acpi_path[0] ? 0 : gpu.acpi_path_err;

	all = calloc(256, sizeof(*all));
	if (!all) {
		ovf_errp(NULL, "out of memory");
		goto fail;
	}
	n = ovf_pci_find(pci, 0xffff, -1, all, 256);
	if (n < 0) {
		/* a function left out would be left out of the reset too */
		ovf_errp(disp(g, "sys/bus/pci", path, sizeof(path)),
		       "scan %s: %s", path,
		       n == -EIO ? ovf_pci_errmsg(pci) : strerror(-n));
		free(all);
		goto fail;
	}
	for (i = 0; i < n && i < 256; i++) {
		const struct ovf_pci_addr *x = &all[i].addr;

		if (x->domain != gpu.addr.domain || x->bus != gpu.addr.bus ||
		    x->dev != gpu.addr.dev || g->nfuncs >= MAX_FUNCS)
			continue;
		g->is_audio[g->nfuncs] = (all[i].class_code >> 8) == OVF_PCI_CLASS_AUDIO;
		ovf_pci_addr_fmt(x, g->funcs[g->nfuncs++]);
	}
	free(all);
	ovf_pci_close(pci);
	return 0;
fail:
	ovf_pci_close(pci);
	return -1;
}

static int check_vm(struct gr *g)
{
	struct ovf_proc_user u[MAX_USERS];
	char drv[OVF_DRIVER_MAX], rel[128], grp[32], file[64];
	int i, j, n, busy = 0;

	for (i = 0; i < g->nfuncs; i++) {
		if (ovf_pci_bound_driver(&g->root, g->funcs[i], drv, sizeof(drv)) < 0 ||
		    strcmp(drv, "vfio-pci"))
			continue;
		snprintf(rel, sizeof(rel), "sys/bus/pci/devices/%s/iommu_group",
			 g->funcs[i]);
		if (ovf_readlink_base(&g->root, rel, grp, sizeof(grp)) < 0)
			continue;
		snprintf(file, sizeof(file), "/dev/vfio/%s", grp);
		n = ovf_proc_users(&g->root, file, 1, u, MAX_USERS);
		for (j = 0; j < n && j < MAX_USERS; j++) {
			if (g->force)
				ovf_warnx("%s is in use by a VM: pid %d (%s) holds %s; "
					  "going on (--force)", g->funcs[i],
					  (int)u[j].pid, u[j].comm, file);
			else
				ovf_errp(file, "%s is in use by a VM: pid %d (%s) holds %s",
				       g->funcs[i], (int)u[j].pid, u[j].comm, file);
			busy = 1;
		}
	}
	if (busy && !g->force) {
		ovf_errp(NULL, "refusing to reset a GPU in use; stop the VM or use --force");
		return -1;
	}
	return 0;
}

/* The steps of @mask as "a,b,c", for messages. */
static const char *steps_str(unsigned int mask, char *buf, size_t len)
{
	size_t n = 0;
	int i;

	buf[0] = '\0';
	for (i = 0; i < NSTEPS; i++)
		if (mask & (1u << i) && n < len)
			n += snprintf(buf + n, len - n, "%s%s", n ? "," : "",
				      step_names[i]);
	return buf;
}

static int plan(struct gr *g)
{
	unsigned int s = g->c.steps;
	char path[4200], norm[256], rel[128], *save = NULL, *tok;
	int i, err, n = 0;

	/*
	 * Removed functions only come back with a rescan: a plan without one
	 * would leave the GPU off the bus and still end "ok".
	 */
	if ((s & (1u << ST_REMOVE)) && !(s & (1u << ST_RESCAN))) {
		ovf_errp(NULL, "the remove step needs the rescan step: without it the GPU "
		       "stays off the bus (steps: %s)", steps_str(s, path, sizeof(path)));
		return -1;
	}
	if (find_devices(g) < 0 || check_vm(g) < 0)
		return -1;
	if (s & (1u << ST_POWER)) {
		g->power = g->c.power;
		if (g->power == PW_AUTO)
			g->power = ovf_exists(&g->root, "proc/acpi/bbswitch") == 0 ?
					   PW_BBSWITCH :
					   PW_ACPI;
		if (g->power == PW_ACPI) {
			if (g->c.off_method[0] != '\\' || g->c.on_method[0] != '\\') {
				if (g->acpi_node_err && g->acpi_node_err != -ENOENT) {
					snprintf(rel, sizeof(rel),
						 "sys/bus/pci/devices/%s/firmware_node/path",
						 g->gpu);
					ovf_errp(disp(g, rel, path, sizeof(path)),
					       "read %s: %s", path,
					       strerror(-g->acpi_node_err));
					return -1;
				}
				if (!g->acpi_node[0]) {
					ovf_errp(NULL, "%s has no ACPI node (no firmware_node); give "
					       "--acpi-path or --skip power", g->gpu);
					return -1;
				}
				if (ovf_acpi_path_normalise(g->acpi_node, norm,
							    sizeof(norm)) < 0) {
					ovf_errp(NULL, "invalid ACPI path '%s'", g->acpi_node);
					return -1;
				}
			}
			snprintf(g->off_call, sizeof(g->off_call), "%s%s%s",
				 g->c.off_method[0] == '\\' ? "" : norm,
				 g->c.off_method[0] == '\\' ? "" : ".", g->c.off_method);
			snprintf(g->on_call, sizeof(g->on_call), "%s%s%s",
				 g->c.on_method[0] == '\\' ? "" : norm,
				 g->c.on_method[0] == '\\' ? "" : ".", g->c.on_method);
		}
	}
	/* the query serves the unload step and the default load list */
	if ((s & (1u << ST_UNLOAD)) ||
	    ((s & (1u << ST_LOAD)) && !g->c.load_set)) {
		if (query_loaded(g) < 0)
			return -1;
	}
	/* only a plan that unloads asks whether the modules may go */
	if ((s & (1u << ST_UNLOAD)) && unload_policy(g) < 0)
		return -1;
	if (!g->c.load_set) {
		/* reload what is loaded now, dependencies first */
		g->c.nload = 0;
		for (i = g->nunload - 1; i >= 0; i--)
			memcpy(g->c.load[g->c.nload++], g->unload[i], OVF_MODNAME_MAX);
		if (!(s & (1u << ST_UNLOAD)))
			g->nunload = 0;
	}
	if ((s & (1u << ST_LOAD)) && g->c.nload) {
		err = ovf_kmod_open(&g->kmod, &g->root);
		if (err < 0) {
			ovf_errp(disp(g, "proc/sys/kernel/osrelease", path, sizeof(path)),
			       "open the modules directory (from %s): %s", path,
			       strerror(-err));
			return -1;
		}
	}
	if (s & (1u << ST_UNLOAD) && g->nunload && !g->kmod) {
		err = ovf_kmod_open(&g->kmod, &g->root);
		if (err < 0) {
			ovf_errp(disp(g, "proc/sys/kernel/osrelease", path, sizeof(path)),
			       "start libkmod (from %s): %s", path,
			       strerror(-err));
			return -1;
		}
	}
	if (s & (1u << ST_SMI)) {
		/* split on blanks, %a becomes the GPU's address; no shell */
		snprintf(g->cmd_buf, sizeof(g->cmd_buf), "%s", g->c.command);
		for (tok = strtok_r(g->cmd_buf, " \t", &save); tok;
		     tok = strtok_r(NULL, " \t", &save)) {
			if (n >= CMD_ARGS - 1) {
				ovf_errp(NULL, "reset command: more than %d words", CMD_ARGS - 1);
				return -1;
			}
			g->cmd_argv[n++] = strcmp(tok, "%a") ? tok : g->gpu;
		}
		g->cmd_argv[n] = NULL;
		if (!n) {
			ovf_errp(NULL, "reset command is empty");
			return -1;
		}
		if (ovf_find_cmd(&g->root, g->cmd_argv[0], g->cmd_path,
				 sizeof(g->cmd_path)) < 0) {
			g->cmd_path[0] = '\0';
			if (g->c.command_set) {
				ovf_errp(NULL, "reset command %s not found under %s", g->cmd_argv[0],
				       disp(g, "", path, sizeof(path)));
				return -1;
			}
		}
	}
	return 0;
}

/* ---- run ---- */

static void print_json(struct gr *g, int ret)
{
	static const char *const outcome[] = { "ok", "nothing-done", "restored",
					       "manual-action-needed" };
	int i;

	printf("{\"gpu\":");
	ovf_json_str(stdout, g->gpu);
	printf(",\"bridge\":");
	ovf_json_str(stdout, g->bridge);
	printf(",\"functions\":[");
	for (i = 0; i < g->nfuncs; i++) {
		printf(i ? "," : "");
		ovf_json_str(stdout, g->funcs[i]);
	}
	printf("],\"dry_run\":%s,\"exit\":%d,\"outcome\":\"%s\",\"steps\":[",
	       g->dry_run ? "true" : "false", ret, outcome[ret]);
	for (i = 0; i < NSTEPS; i++) {
		printf("%s{\"step\":\"%s\",\"status\":\"%s\",\"ms\":%lld", i ? "," : "",
		       step_names[i], g->rec[i].status, g->rec[i].ms);
		if (g->rec[i].note[0]) {
			printf(",\"note\":");
			ovf_json_str(stdout, g->rec[i].note);
		}
		if (g->rec[i].error[0]) {
			printf(",\"error\":");
			ovf_json_str(stdout, g->rec[i].error);
		}
		printf("}");
	}
	printf("]");
	/* every failed run names its cause, also one that stopped before a step */
	if (ret != EXIT_SUCCESS) {
		printf(",\"error\":");
		ovf_json_error(stdout, ovf_first_error.set ? ovf_first_error.message : "failed",
			       ovf_first_error.set ? ovf_first_error.path : NULL);
	}
	printf("}\n");
}

/* After a failure: bring the devices back. EXIT_RESTORED or EXIT_MANUAL. */
static int restore(struct gr *g)
{
	int i;

	if (g->power_off_pending)
		return EXIT_MANUAL;
	if (!g->removed || g->bus_ok)
		return EXIT_RESTORED;
	ovf_errp(NULL, "restoring: rescanning the bus");
	g->cur = ST_RESCAN;
	if (rescan(g) < 0) {
		ovf_errp(NULL, "the GPU's devices are not all back on the bus: check "
		       "lspci, write 1 to %s/sys/bus/pci/rescan", g->root.dir);
		return EXIT_MANUAL;
	}
	g->cur = ST_OVERRIDE;
	if (g->c.steps & (1u << ST_OVERRIDE))
		for (i = 0; i < g->nfuncs; i++)
			if (g->is_audio[i] && step_override(g) < 0)
				return EXIT_MANUAL;
	return EXIT_RESTORED;
}

static int run(struct gr *g)
{
	static int (*const fns[NSTEPS])(struct gr *) = {
		step_power, step_unload, step_remove, rescan, step_override,
		step_load, step_smi,
	};
	long long t0;
	int i, rc;

	/* left out: "skipped", also when a failure stops the run first */
	for (i = 0; i < NSTEPS; i++)
		g->rec[i].status = g->c.steps & (1u << i) ? "not-run" : "skipped";
	for (i = 0; i < NSTEPS; i++) {
		g->cur = i;
		if (!(g->c.steps & (1u << i))) {
			g->rec[i].status = "skipped";
			continue;
		}
		if (ovf_signal_pending()) {
			/* a signal stops the run between steps, never inside one */
			ovf_errp(NULL, "stopped by signal %d (%s) before the %s step",
				 ovf_signal_pending(), strsignal(ovf_signal_pending()),
				 step_names[i]);
			if (!g->changed && !g->w.writes)
				return EXIT_NOTHING_DONE;
			return restore(g);
		}
		if (g->dry_run)
			fprintf(g->plan, "# %s\n", step_names[i]);
		else
			fprintf(stderr, "%s: %s: start\n", prog, step_names[i]);
		t0 = ovf_now_ms();
		rc = fns[i](g);
		g->rec[i].ms = ovf_now_ms() - t0;
		if (rc < 0) {
			g->rec[i].status = "failed";
			fprintf(stderr, "%s: %s: FAILED (%lld ms)\n", prog, step_names[i],
				g->rec[i].ms);
			if (!g->changed && !g->w.writes)
				return EXIT_NOTHING_DONE;
			return restore(g);
		}
		g->rec[i].status = rc > 0 ? "skipped" : "ok";
		if (!g->dry_run)
			fprintf(stderr, "%s: %s: %s%s%s%s (%lld ms)\n", prog, step_names[i],
				g->rec[i].status, g->rec[i].note[0] ? " (" : "",
				g->rec[i].note, g->rec[i].note[0] ? ")" : "", g->rec[i].ms);
		else if (g->rec[i].note[0])
			fprintf(g->plan, "# %s: %s\n", step_names[i], g->rec[i].note);
	}
	return EXIT_SUCCESS;
}

struct cli_set {
	const char *key, *val;
};

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "device", required_argument, NULL, 'd' },
		{ "bridge", required_argument, NULL, 1 },
		{ "acpi-path", required_argument, NULL, 1 },
		{ "power", required_argument, NULL, 1 },
		{ "off-method", required_argument, NULL, 1 },
		{ "on-method", required_argument, NULL, 1 },
		{ "modules", required_argument, NULL, 1 },
		{ "load", required_argument, NULL, 1 },
		{ "audio-override", required_argument, NULL, 1 },
		{ "reset-command", required_argument, NULL, 1 },
		{ "steps", required_argument, NULL, 1 },
		{ "skip", required_argument, NULL, 1 },
		{ "lock-timeout", required_argument, NULL, 1 },
		{ "rescan-timeout", required_argument, NULL, 1 },
		{ "command-timeout", required_argument, NULL, 1 },
		{ "force", no_argument, NULL, 3 },
		{ "config", required_argument, NULL, 'c' },
		{ "no-config", no_argument, NULL, 2 },
		{ "dry-run", no_argument, NULL, 'n' },
		{ "json", no_argument, NULL, 'j' },
		{ "sysroot", required_argument, NULL, 's' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	static struct gr g;
	struct cli_set sets[64];
	const char *sysroot = NULL, *config = NULL;
	int c, idx, nsets = 0, no_config = 0, i, err, ret, lockfd = -1;
	char why[256], path[4200];

	ovf_tool_init(prog, argc, argv);
	g.c.power = PW_AUTO;
	snprintf(g.c.off_method, sizeof(g.c.off_method), "_OFF");
	snprintf(g.c.on_method, sizeof(g.c.on_method), "_ON");
	parse_mods("nvidia_drm,nvidia_modeset,nvidia_uvm,nvidia,bbswitch", g.c.mods,
		   &g.c.nmods, why, sizeof(why));
	snprintf(g.c.override, sizeof(g.c.override), "none");
	snprintf(g.c.command, sizeof(g.c.command), "nvidia-smi --gpu-reset -i %%a");
	g.c.steps = (1u << NSTEPS) - 1;
	g.c.lock_timeout = 30000;
	g.c.rescan_timeout = 10000;
	g.c.command_timeout = 60000;

	while ((c = getopt_long(argc, argv, "d:c:njs:hV", longopts, &idx)) != -1) {
		switch (c) {
		case 'd':
		case 1:
			if (nsets == (int)ARRAY_SIZE(sets)) {
				ovf_errp(NULL, "too many options");
				return EXIT_FAILURE;
			}
			sets[nsets].key = c == 'd' ? "device" : longopts[idx].name;
			sets[nsets++].val = optarg;
			break;
		case 3:
			/* a setting like the others, so force = yes can say it */
			if (nsets == (int)ARRAY_SIZE(sets)) {
				ovf_errp(NULL, "too many options");
				return EXIT_FAILURE;
			}
			sets[nsets].key = "force";
			sets[nsets++].val = "yes";
			break;
		case 'c':
			config = optarg;
			break;
		case 2:
			no_config = 1;
			break;
		case 'n':
			g.dry_run = 1;
			break;
		case 'j':
			g.json = 1;
			break;
		case 's':
			if (ovf_opt_sysroot(optarg) < 0)
				return EXIT_FAILURE;
			sysroot = optarg;
			break;
		case 'h':
			usage();
		case 'V':
			ovf_print_version();
			return EXIT_SUCCESS;
		default:
			ovf_try_help();
			return EXIT_FAILURE;
		}
	}
	if (ovf_no_operands(argc, argv) < 0)
		return EXIT_FAILURE;
	if (config && no_config) {
		ovf_errp(NULL, "--config and --no-config exclude each other");
		ovf_try_help();
		return EXIT_FAILURE;
	}
	g.plan = g.json ? stderr : stdout;

	ret = EXIT_NOTHING_DONE;
	if (ovf_tool_root_open(&g.root, sysroot) < 0)
		goto out;
	if (!no_config && load_config(&g, config, config != NULL) < 0)
		goto out;
	/* the command line wins over the file */
	for (i = 0; i < nsets; i++) {
		err = set_key(&g.c, sets[i].key, sets[i].val, why, sizeof(why));
		if (err < 0) {
			ovf_errp(NULL, "invalid value '%s' for --%s: %s", ovf_shown(sets[i].val),
			       sets[i].key, why);
			goto out;
		}
	}
	g.force = g.c.force;
	g.w.root = &g.root;
	g.w.dry_run = g.dry_run;
	g.w.log = log_write;
	g.w.arg = &g;

	if (plan(&g) < 0)
		goto out;
	if (!g.dry_run) {
		lockfd = ovf_lock_wait(&g.root, OVF_RESET_LOCK, g.c.lock_timeout);
		if (lockfd < 0) {
			if (lockfd == -ETIMEDOUT)
				ovf_errp(disp(&g, OVF_RESET_LOCK, path, sizeof(path)),
				       "lock %s: another gpu-reset is running (gave up "
				       "after %lu s)",
				       path,
				       g.c.lock_timeout / 1000);
			else
				ovf_errp(disp(&g, OVF_RESET_LOCK, path, sizeof(path)),
				       "lock %s: %s", path,
				       strerror(-lockfd));
			goto out;
		}
	}
	/* from here a signal is acted on between steps, with the undo of a failure */
	ovf_signals_defer();
	ret = run(&g);
	if (ret == EXIT_RESTORED)
		ovf_errp(NULL, "failed; the GPU's devices are on the bus%s",
		       g.nunload ? "; check which modules are loaded" : "");
	else if (ret == EXIT_MANUAL)
		ovf_errp(NULL, "failed and could not restore: manual action needed");
out:
	if (g.json) {
		if (!g.rec[0].status)
			for (i = 0; i < NSTEPS; i++)
				g.rec[i].status = "not-run";
		print_json(&g, ret);
	}
	if (lockfd >= 0)
		close(lockfd);
	ovf_kmod_close(g.kmod);
	ovf_root_close(&g.root);
	/* stopped by a signal: 128 + it, unless the run finished or needs a hand */
	ovf_signals_resume(ret == EXIT_SUCCESS || ret == EXIT_MANUAL ? ret : -1);
	return ret;
}

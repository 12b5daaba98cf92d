// SPDX-License-Identifier: GPL-2.0-or-later
/* The GPU reset engine: plan from the config and the sysroot, then run with restore. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ovf/acpi_call.h"
#include "ovf/config.h"
#include "ovf/exit.h"
#include "ovf/gpu.h"
#include "ovf/lock.h"
#include "ovf/pcidev.h"
#include "ovf/reset.h"
#include "ovf/spawn.h"
#include "ovf/util.h"

#define BIT(k) (1u << (k))

const char *const ovf_reset_step_names[OVF_RESET_NSTEPS] = {
	"power", "unload", "remove", "rescan", "override", "load", "smi",
};

void ovf_reset_config_init(struct ovf_reset_config *c)
{
	static const char *const mods[] = {
		"nvidia_drm", "nvidia_modeset", "nvidia_uvm", "nvidia", "bbswitch",
	};
	size_t i;

	memset(c, 0, sizeof(*c));
	c->power = OVF_POWER_AUTO;
	snprintf(c->off_method, sizeof(c->off_method), "_OFF");
	snprintf(c->on_method, sizeof(c->on_method), "_ON");
	for (i = 0; i < sizeof(mods) / sizeof(mods[0]); i++)
		snprintf(c->mods[c->nmods++], OVF_MODNAME_MAX, "%s", mods[i]);
	snprintf(c->override, sizeof(c->override), "none");
	snprintf(c->command, sizeof(c->command), "nvidia-smi --gpu-reset -i %%a");
	c->steps = BIT(OVF_RESET_NSTEPS) - 1;
	c->lock_timeout = 30000;
	c->rescan_timeout = 10000;
	c->command_timeout = 60000;
}

const char *ovf_reset_steps_str(unsigned int mask, char *buf, size_t len)
{
	size_t n = 0;
	int i;

	buf[0] = '\0';
	for (i = 0; i < OVF_RESET_NSTEPS; i++)
		if (mask & BIT(i) && n < len)
			n += snprintf(buf + n, len - n, "%s%s", n ? "," : "",
				      ovf_reset_step_names[i]);
	return buf;
}

int ovf_reset_steps_check(const struct ovf_reset_config *c, struct ovf_err *e)
{
	char s[128];

	/*
	 * Removed functions only come back with a rescan: a plan without one
	 * would leave the GPU off the bus and still end "ok".
	 */
	if ((c->steps & BIT(OVF_RESET_REMOVE)) && !(c->steps & BIT(OVF_RESET_RESCAN))) {
		ovf_err_set(e, EINVAL, NULL, NULL);
		return ovf_err_reason(e, EINVAL, "the remove step needs the rescan "
				      "step: without it the GPU stays off the bus "
				      "(steps: %s)",
				      ovf_reset_steps_str(c->steps, s, sizeof(s)));
	}
	return 0;
}

/* ---- settings: one parser for the config file and the command line ---- */

/* A bad value: -EINVAL, @e saying what @key expected. */
static int bad_value(struct ovf_err *e, const char *key, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int bad_value(struct ovf_err *e, const char *key, const char *fmt, ...)
{
	char b[OVF_BOUNDED_LEN];
	va_list ap;

	ovf_err_set(e, EINVAL, "set", "%s", ovf_bounded(key, b, sizeof(b)));
	if (e) {
		va_start(ap, fmt);
		vsnprintf(e->reason, sizeof(e->reason), fmt, ap);
		va_end(ap);
	}
	return -EINVAL;
}

/*
 * The next comma/blank separated word of *@s, malloc'd to *@tok: 1, 0 at
 * the end of the list, -ENOMEM. Walks the value itself, so a long value
 * is read to its end and a long word is shown with its whole length.
 */
static int next_word(const char **s, char **tok)
{
	const char *p = *s + strspn(*s, ", \t");
	size_t n = strcspn(p, ", \t");

	*tok = NULL;
	if (!n)
		return 0;
	*tok = strndup(p, n);
	if (!*tok)
		return -ENOMEM;
	*s = p + n;
	return 1;
}

static int set_mods(const char *key, const char *s,
		    char out[][OVF_MODNAME_MAX], int *nout, struct ovf_err *e)
{
	char mods[OVF_RESET_MAX_MODS][OVF_MODNAME_MAX], b[OVF_BOUNDED_LEN], *tok;
	int n = 0, err;

	while ((err = next_word(&s, &tok)) > 0) {
		if (n >= OVF_RESET_MAX_MODS)
			err = bad_value(e, key, "more than %d modules",
					OVF_RESET_MAX_MODS);
		else if (ovf_mod_name_norm(tok, mods[n], OVF_MODNAME_MAX) < 0)
			err = bad_value(e, key, "'%s' is not a module name",
					ovf_bounded(tok, b, sizeof(b)));
		free(tok);
		if (err < 0)
			return err;
		n++;
	}
	if (err < 0)
		return ovf_err_set(e, err, "set", "%s", key);
	memcpy(out, mods, n * sizeof(mods[0]));
	*nout = n;
	return 0;
}

static int parse_steps(const char *key, const char *s, unsigned int *mask,
		       struct ovf_err *e)
{
	char b[OVF_BOUNDED_LEN], *tok;
	int i, err;

	*mask = 0;
	while ((err = next_word(&s, &tok)) > 0) {
		for (i = 0; i < OVF_RESET_NSTEPS && strcmp(tok, ovf_reset_step_names[i]); i++)
			;
		if (i == OVF_RESET_NSTEPS)
			err = bad_value(e, key, "unknown step '%s' (power, unload, "
					"remove, rescan, override, load, smi)",
					ovf_bounded(tok, b, sizeof(b)));
		free(tok);
		if (err < 0)
			return err;
		*mask |= BIT(i);
	}
	if (err < 0)
		return ovf_err_set(e, err, "set", "%s", key);
	return 0;
}

static int set_secs(const char *key, const char *s, unsigned long *ms,
		    struct ovf_err *e)
{
	unsigned long v;

	if (ovf_parse_ulong(s, 0, 3600, &v) < 0)
		return bad_value(e, key, "expected 0 to 3600 seconds");
	*ms = v * 1000;
	return 0;
}

static int set_addr(const char *key, const char *s, char *out, struct ovf_err *e)
{
	struct ovf_pci_addr a;

	if (ovf_pci_addr_parse(s, &a) < 0)
		return bad_value(e, key, "expected a PCI address DDDD:BB:DD.F or BB:DD.F");
	ovf_pci_addr_fmt(&a, out);
	return 0;
}

static int set_method(const char *key, const char *s, char *out, size_t len,
		      int absolute, struct ovf_err *e)
{
	char norm[256];

	if (ovf_acpi_path_normalise(s, norm, sizeof(norm)) < 0 || !*s ||
	    strlen(s) >= len)
		return bad_value(e, key, "expected an ACPI name like _OFF or a path "
				 "like \\_SB.PCI0.PEG0.PEGP._OFF");
	if (absolute && norm[0] != '\\')
		return bad_value(e, key, "expected an absolute ACPI path");
	snprintf(out, len, "%s", norm);
	return 0;
}

/* @val among @words (NULL-terminated): its index, or -1. */
static int one_of(const char *val, const char *const *words)
{
	int i;

	for (i = 0; words[i]; i++)
		if (!strcmp(val, words[i]))
			return i;
	return -1;
}

int ovf_reset_config_set(struct ovf_reset_config *c, const char *key,
			 const char *val, struct ovf_err *e)
{
	static const char *const powers[] = { "auto", "acpi", "bbswitch", NULL };
	static const char *const yesno[] = { "no", "yes", NULL };
	char b[OVF_BOUNDED_LEN];
	unsigned int mask;
	int err, i;

	ovf_err_clear(e);
	if (!strcmp(key, "device"))
		return set_addr(key, val, c->device, e);
	if (!strcmp(key, "bridge"))
		return set_addr(key, val, c->bridge, e);
	if (!strcmp(key, "acpi-path"))
		return set_method(key, val, c->acpi_path, sizeof(c->acpi_path), 1, e);
	if (!strcmp(key, "power")) {
		i = one_of(val, powers);
		if (i < 0)
			return bad_value(e, key, "expected auto, acpi or bbswitch");
		c->power = i == 0 ? OVF_POWER_AUTO : i == 1 ? OVF_POWER_ACPI :
				    OVF_POWER_BBSWITCH;
		return 0;
	}
	if (!strcmp(key, "off-method"))
		return set_method(key, val, c->off_method, sizeof(c->off_method), 0, e);
	if (!strcmp(key, "on-method"))
		return set_method(key, val, c->on_method, sizeof(c->on_method), 0, e);
	if (!strcmp(key, "modules"))
		return set_mods(key, val, c->mods, &c->nmods, e);
	if (!strcmp(key, "load")) {
		err = set_mods(key, val, c->load, &c->nload, e);
		if (!err)
			c->load_set = 1;
		return err;
	}
	if (!strcmp(key, "audio-override")) {
		if (!ovf_driver_name_valid(val))
			return bad_value(e, key, "expected a driver name or none");
		snprintf(c->override, sizeof(c->override), "%s", val);
		return 0;
	}
	if (!strcmp(key, "reset-command")) {
		if (!*val || strlen(val) >= sizeof(c->command))
			return bad_value(e, key, "expected a command line");
		snprintf(c->command, sizeof(c->command), "%s", val);
		c->command_set = 1;
		return 0;
	}
	if (!strcmp(key, "steps") || !strcmp(key, "skip")) {
		err = parse_steps(key, val, &mask, e);
		if (!err)
			c->steps = key[1] == 't' ? mask : c->steps & ~mask;
		return err;
	}
	if (!strcmp(key, "force")) {
		i = one_of(val, yesno);
		if (i < 0)
			return bad_value(e, key, "expected yes or no");
		c->force = i;
		return 0;
	}
	if (!strcmp(key, "lock-timeout"))
		return set_secs(key, val, &c->lock_timeout, e);
	if (!strcmp(key, "rescan-timeout"))
		return set_secs(key, val, &c->rescan_timeout, e);
	if (!strcmp(key, "command-timeout"))
		return set_secs(key, val, &c->command_timeout, e);
	ovf_err_set(e, ENOENT, "set", "%s", ovf_bounded(key, b, sizeof(b)));
	return ovf_err_reason(e, ENOENT, "unknown key");
}

struct config_file {
	struct ovf_reset_config *c;
	struct ovf_reset_config_where *w;
	struct ovf_err *e;
};

static int config_line(void *arg, const char *key, const char *val,
		       unsigned int line)
{
	struct config_file *f = arg;
	int err = ovf_reset_config_set(f->c, key, val, f->e);

	if (err < 0) {
		f->w->line = line;
		ovf_bounded(key, f->w->key, sizeof(f->w->key));
		ovf_bounded(val, f->w->value, sizeof(f->w->value));
	}
	return err;
}

int ovf_reset_config_file(const struct ovf_root *r, const char *file,
			  struct ovf_reset_config *c,
			  struct ovf_reset_config_where *w, struct ovf_err *e)
{
	struct config_file f = { c, w, e };
	unsigned int line = 0;
	char *text;
	int err;

	memset(w, 0, sizeof(*w));
	ovf_err_clear(e);
	if (file)
		snprintf(w->file, sizeof(w->file), "%s", file);
	else
		ovf_root_display(r, OVF_CONFIG_FILE, w->file, sizeof(w->file));
	err = ovf_config_load(r, file, &text, e);
	/* the default file is optional, a named one is not */
	if (err == -ENOENT && !file)
		return 0;
	if (err < 0)
		return err;
	err = ovf_config_parse(text, config_line, &f, &line);
	free(text);
	if (err == -EBADMSG)
		w->line = line;
	/* a failed setting has filled @e; not "key = value", or no memory */
	if (err == -EBADMSG || (err < 0 && !w->line))
		ovf_err_set(e, err, "parse", "%s", w->file);
	return err;
}

/* ---- the devices ---- */

int ovf_reset_devices_find(const struct ovf_root *r,
			   const struct ovf_reset_config *c, struct ovf_gpu *gpu,
			   struct ovf_reset_devices *d, struct ovf_err *e)
{
	struct ovf_gpu_func f[OVF_RESET_MAX_FUNCS];
	int err, n, i;

	memset(d, 0, sizeof(*d));
	/*
	 * A typo or a stale config must not make us remove the host bridge
	 * or the iGPU: only a forced run takes a stand-in.
	 */
	err = ovf_gpu_find(r, c->device[0] ? c->device : NULL,
			   c->force ? 0 : OVF_GPU_NVIDIA_ONLY, gpu, e);
	if (err < 0)
		return err;
	snprintf(d->gpu, sizeof(d->gpu), "%s", gpu->name);
	if (c->bridge[0])
		snprintf(d->bridge, sizeof(d->bridge), "%s", c->bridge);
	else if (gpu->dev.has_parent)
		ovf_pci_addr_fmt(&gpu->dev.parent, d->bridge);
	snprintf(d->acpi_node, sizeof(d->acpi_node), "%s",
		 c->acpi_path[0] ? c->acpi_path : gpu->dev.acpi_path);
	d->acpi_node_err = c->acpi_path[0] ? 0 : gpu->dev.acpi_path_err;

	/* a function left out would be left out of the reset too */
	n = ovf_gpu_slot_functions(r, &gpu->dev.addr, f, OVF_RESET_MAX_FUNCS, e);
	if (n < 0)
		return n;
	for (i = 0; i < n && i < OVF_RESET_MAX_FUNCS; i++) {
		d->is_audio[i] = ovf_gpu_func_is_audio(&f[i]);
		snprintf(d->funcs[i], OVF_PCI_ADDR_LEN, "%s", f[i].name);
	}
	d->nfuncs = i;
	return 0;
}

/* ---- planning (read-only) ---- */

static struct ovf_reset_finding *finding(struct ovf_reset_plan *p,
					 enum ovf_reset_finding_kind kind,
					 int refuse, const char *what)
{
	static struct ovf_reset_finding spare;
	struct ovf_reset_finding *f = &spare;

	/* past the table the finding still counts, only its words are lost */
	if (p->nfindings < OVF_RESET_MAX_FINDINGS)
		f = &p->findings[p->nfindings++];
	memset(f, 0, sizeof(*f));
	f->kind = kind;
	f->refuse = refuse;
	snprintf(f->what, sizeof(f->what), "%s", what ? what : "");
	return f;
}

/*
 * A typo or a stale config must not make us remove the host bridge or the
 * iGPU: only force takes a stand-in. A device whose IDs cannot be read is
 * left to the picker, which read them through libpci.
 */
static int check_nvidia(const struct ovf_root *r, struct ovf_reset_plan *p)
{
	unsigned long long vendor, class;
	struct ovf_reset_finding *f;
	char rel[64];

	if (p->c.force ||
	    ovf_read_u64f(r, &vendor, "sys/bus/pci/devices/%s/vendor", p->d.gpu) < 0 ||
	    ovf_read_u64f(r, &class, "sys/bus/pci/devices/%s/class", p->d.gpu) < 0)
		return 0;
	if (vendor == OVF_VENDOR_NVIDIA && (class >> 16) == OVF_PCI_CLASS_DISPLAY)
		return 0;
	f = finding(p, OVF_RF_NOT_NVIDIA, 1, p->d.gpu);
	f->vendor = (unsigned int)vendor;
	f->class = (unsigned int)class;
	snprintf(rel, sizeof(rel), "sys/bus/pci/devices/%s", p->d.gpu);
	ovf_root_display(r, rel, f->path, sizeof(f->path));
	return -EPERM;
}

/* A VM holding the VFIO group of a function: refused unless forced. */
static int check_vm(const struct ovf_root *r, struct ovf_reset_plan *p)
{
	struct ovf_proc_user u[OVF_RESET_MAX_USERS];
	char drv[OVF_DRIVER_MAX], grp[32], file[64];
	struct ovf_reset_finding *f;
	int i, j, n, busy = 0;

	for (i = 0; i < p->d.nfuncs; i++) {
		if (ovf_pci_bound_driver(r, p->d.funcs[i], drv, sizeof(drv)) < 0 ||
		    strcmp(drv, "vfio-pci"))
			continue;
		if (ovf_readlink_basef(r, grp, sizeof(grp),
				       "sys/bus/pci/devices/%s/iommu_group",
				       p->d.funcs[i]) < 0)
			continue;
		snprintf(file, sizeof(file), "/dev/vfio/%s", grp);
		n = ovf_proc_users(r, file, 1, u, OVF_RESET_MAX_USERS);
		for (j = 0; j < n && j < OVF_RESET_MAX_USERS; j++) {
			f = finding(p, OVF_RF_VM_USER, !p->c.force, p->d.funcs[i]);
			f->user = u[j];
			snprintf(f->path, sizeof(f->path), "%s", file);
			busy = 1;
		}
	}
	if (busy && !p->c.force) {
		finding(p, OVF_RF_VM_BUSY, 1, p->d.gpu);
		return -EBUSY;
	}
	return 0;
}

static int plan_power(const struct ovf_root *r, struct ovf_reset_plan *p,
		      struct ovf_err *e)
{
	const struct ovf_reset_config *c = &p->c;
	char norm[256] = "";
	int abs_off = c->off_method[0] == '\\', abs_on = c->on_method[0] == '\\';

	p->power = c->power;
	if (p->power == OVF_POWER_AUTO)
		p->power = ovf_exists(r, "proc/acpi/bbswitch") == 0 ?
				   OVF_POWER_BBSWITCH : OVF_POWER_ACPI;
	if (p->power != OVF_POWER_ACPI)
		return 0;
	if (!abs_off || !abs_on) {
		if (p->d.acpi_node_err && p->d.acpi_node_err != -ENOENT)
			return ovf_err_root(e, r, p->d.acpi_node_err, "read",
					    "sys/bus/pci/devices/%s/firmware_node/path",
					    p->d.gpu);
		if (!p->d.acpi_node[0]) {
			p->why = OVF_RW_NO_ACPI_NODE;
			ovf_err_set(e, ENOENT, NULL, NULL);
			return ovf_err_reason(e, ENOENT, "%s has no ACPI node",
					      p->d.gpu);
		}
		if (ovf_acpi_path_normalise(p->d.acpi_node, norm, sizeof(norm)) < 0) {
			ovf_err_set(e, EINVAL, NULL, NULL);
			return ovf_err_reason(e, EINVAL, "invalid ACPI path '%s'",
					      p->d.acpi_node);
		}
	}
	snprintf(p->off_call, sizeof(p->off_call), "%s%s%s", abs_off ? "" : norm,
		 abs_off ? "" : ".", c->off_method);
	snprintf(p->on_call, sizeof(p->on_call), "%s%s%s", abs_on ? "" : norm,
		 abs_on ? "" : ".", c->on_method);
	return 0;
}

/* Who keeps an nvidia module busy, for the refusal. */
static void name_users(const struct ovf_root *r, struct ovf_reset_plan *p,
		       const char *mod)
{
	struct ovf_proc_user u[OVF_RESET_MAX_USERS];
	int n, i;

	if (strncmp(mod, "nvidia", 6))
		return;
	n = ovf_proc_users(r, "/dev/nvidia", 0, u, OVF_RESET_MAX_USERS);
	for (i = 0; i < n && i < OVF_RESET_MAX_USERS; i++)
		finding(p, OVF_RF_DEV_USER, 0, mod)->user = u[i];
	n = ovf_proc_by_comm(r, "nvidia-persiste", u, OVF_RESET_MAX_USERS);
	for (i = 0; i < n && i < OVF_RESET_MAX_USERS; i++)
		finding(p, OVF_RF_PERSISTENCED, 0, mod)->user = u[i];
	/* it keeps the driver busy too (Dynamic Boost): it must stop as well */
	n = ovf_proc_by_comm(r, "nvidia-powerd", u, OVF_RESET_MAX_USERS);
	for (i = 0; i < n && i < OVF_RESET_MAX_USERS; i++)
		finding(p, OVF_RF_POWERD, 0, mod)->user = u[i];
}

/*
 * The policy, for a plan with an unload step only: refuse modules in use
 * by anything but the list. Works on the query's result.
 */
static int unload_policy(const struct ovf_root *r, struct ovf_reset_plan *p)
{
	const struct ovf_mod_state *st;
	struct ovf_reset_finding *f;
	int i, j, k, inlist, foreign, bad = 0;

	for (i = 0; i < p->nunload; i++) {
		st = &p->unload_st[i];
		inlist = 0;
		foreign = 0;
		for (j = 0; j < st->nholders; j++) {
			for (k = 0; k < p->c.nmods; k++)
				if (!strcmp(st->holders[j], p->c.mods[k]))
					break;
			if (k < p->c.nmods) {
				inlist++;
				continue;
			}
			f = finding(p, OVF_RF_FOREIGN_HOLDER, 1, p->unload[i]);
			snprintf(f->other, sizeof(f->other), "%s", st->holders[j]);
			foreign = 1;
		}
		bad |= foreign;
		if (st->refcnt > inlist && !foreign) {
			f = finding(p, OVF_RF_IN_USE, 1, p->unload[i]);
			f->refcnt = st->refcnt;
			f->inlist = inlist;
			ovf_root_display(r, "sys/module", f->path, sizeof(f->path));
			snprintf(f->path + strlen(f->path),
				 sizeof(f->path) - strlen(f->path), "/%s/refcnt",
				 p->unload[i]);
			name_users(r, p, p->unload[i]);
			bad = 1;
		}
	}
	return bad ? -EPERM : 0;
}

static int plan_modules(const struct ovf_root *r, struct ovf_reset_plan *p,
			struct ovf_err *e)
{
	unsigned int s = p->c.steps;
	int i, n, err;

	/* the query serves the unload step and the default load list */
	if ((s & BIT(OVF_RESET_UNLOAD)) ||
	    ((s & BIT(OVF_RESET_LOAD)) && !p->c.load_set)) {
		n = ovf_mod_loaded(r, p->c.mods, p->c.nmods, p->unload,
				   p->unload_st, e);
		if (n < 0)
			return n;
		p->nunload = n;
	}
	/* only a plan that unloads asks whether the modules may go */
	if (s & BIT(OVF_RESET_UNLOAD)) {
		err = unload_policy(r, p);
		if (err < 0) {
			p->why = OVF_RW_REFUSED;
			ovf_err_set(e, err, NULL, NULL);
			return ovf_err_reason(e, err, "modules in use");
		}
	}
	if (p->c.load_set) {
		memcpy(p->load, p->c.load, sizeof(p->load));
		p->nload = p->c.nload;
	} else {
		/* reload what is loaded now, dependencies first */
		for (i = p->nunload - 1; i >= 0; i--)
			memcpy(p->load[p->nload++], p->unload[i], OVF_MODNAME_MAX);
	}
	if (!(s & BIT(OVF_RESET_UNLOAD)))
		p->nunload = 0;
	if (((s & BIT(OVF_RESET_LOAD)) && p->nload) ||
	    ((s & BIT(OVF_RESET_UNLOAD)) && p->nunload)) {
		err = ovf_kmod_open(&p->kmod, r);
		if (err < 0) {
			p->why = (s & BIT(OVF_RESET_LOAD)) && p->nload ?
					 OVF_RW_KMOD_LOAD : OVF_RW_KMOD_UNLOAD;
			return ovf_err_root(e, r, err, "open",
					    "proc/sys/kernel/osrelease");
		}
	}
	return 0;
}

/* Is @argv nvidia-smi's GPU reset (-r or --gpu-reset)? */
static int is_smi_reset(char *const argv[])
{
	const char *base = strrchr(argv[0], '/');
	int i;

	if (strcmp(base ? base + 1 : argv[0], "nvidia-smi"))
		return 0;
	for (i = 1; argv[i]; i++)
		if (!strcmp(argv[i], "--gpu-reset") || !strcmp(argv[i], "-r"))
			return 1;
	return 0;
}

static int plan_command(const struct ovf_root *r, struct ovf_reset_plan *p,
			struct ovf_err *e)
{
	char *save = NULL, *tok, where[4200];
	int n = 0;

	/* split on blanks, %a becomes the GPU's address; no shell */
	snprintf(p->cmd_buf, sizeof(p->cmd_buf), "%s", p->c.command);
	for (tok = strtok_r(p->cmd_buf, " \t", &save); tok;
	     tok = strtok_r(NULL, " \t", &save)) {
		if (n >= OVF_RESET_CMD_ARGS - 1) {
			ovf_err_set(e, E2BIG, NULL, NULL);
			return ovf_err_reason(e, E2BIG, "reset command: more than %d "
					      "words", OVF_RESET_CMD_ARGS - 1);
		}
		p->cmd_argv[n++] = strcmp(tok, "%a") ? tok : p->d.gpu;
	}
	p->cmd_argv[n] = NULL;
	if (!n) {
		ovf_err_set(e, EINVAL, NULL, NULL);
		return ovf_err_reason(e, EINVAL, "reset command is empty");
	}
	p->smi_pm = is_smi_reset(p->cmd_argv);
	if (ovf_find_cmd(r, p->cmd_argv[0], p->cmd_path, sizeof(p->cmd_path)) < 0) {
		p->cmd_path[0] = '\0';
		/* the default command is optional: the step is skipped */
		if (p->c.command_set) {
			ovf_err_set(e, ENOENT, NULL, NULL);
			return ovf_err_reason(e, ENOENT, "reset command %s not found "
					      "under %s", p->cmd_argv[0],
					      ovf_root_display(r, "", where,
							       sizeof(where)));
		}
	}
	return 0;
}

int ovf_reset_plan(const struct ovf_root *r, const struct ovf_reset_config *c,
		   const struct ovf_reset_devices *d, struct ovf_reset_plan *p,
		   struct ovf_err *e)
{
	int i, err;

	memset(p, 0, sizeof(*p));
	p->c = *c;
	p->d = *d;
	p->why = OVF_RW_ERR;
	for (i = 0; i < OVF_RESET_NSTEPS; i++)
		p->on[i] = !!(c->steps & BIT(i));
	err = ovf_reset_steps_check(c, e);
	if (err < 0)
		return err;
	err = check_nvidia(r, p);
	if (!err)
		err = check_vm(r, p);
	if (err < 0) {
		p->why = OVF_RW_REFUSED;
		ovf_err_set(e, err, NULL, NULL);
		return ovf_err_reason(e, err, "refused");
	}
	if (p->on[OVF_RESET_POWER]) {
		err = plan_power(r, p, e);
		if (err < 0)
			return err;
	}
	err = plan_modules(r, p, e);
	if (!err && p->on[OVF_RESET_SMI])
		err = plan_command(r, p, e);
	return err;
}

void ovf_reset_plan_free(struct ovf_reset_plan *p)
{
	ovf_kmod_close(p->kmod);
	p->kmod = NULL;
}

/* ---- running ---- */

struct run {
	const struct ovf_root *r;
	struct ovf_reset_plan *p;
	const struct ovf_reset_ops *ops;
	struct ovf_reset_result *res;
	struct ovf_writer w;
	int dry_run;
	struct ovf_reset_step *cur;
};

static void report(struct run *x, enum ovf_reset_phase ph, const char *line)
{
	if (x->ops && x->ops->step)
		x->ops->step(x->cur, ph, line, x->ops->ctx);
}

/* Record the failure of the current step (@path: what it is about). -1. */
static int __attribute__((format(printf, 4, 5))) fail(struct run *x, int err,
						       const char *path,
						       const char *fmt, ...)
{
	struct ovf_reset_step *st = x->cur;
	va_list ap;

	ovf_err_set(&st->err, err ? err : EIO, NULL, "%s", path ? path : "");
	va_start(ap, fmt);
	vsnprintf(st->error, sizeof(st->error), fmt, ap);
	va_end(ap);
	report(x, OVF_RP_ERROR, NULL);
	return -1;
}

static const char *disp(const struct run *x, const char *rel, char *buf,
			size_t len)
{
	return ovf_root_display(x->r, rel, buf, len);
}

/* ---- effects: each is reported, and in a dry run only reported ---- */

static void __attribute__((format(printf, 2, 3))) effect(struct run *x,
							  const char *fmt, ...)
{
	char line[4096 + 1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	report(x, OVF_RP_ACTION, line);
}

static void log_write(void *arg, const char *path, const char *value)
{
	effect(arg, "%s <- %s", path, value[0] ? value : "''");
}

static int eff_write(struct run *x, const char *rel, const char *value)
{
	return ovf_writer_put(&x->w, rel, value);
}

static int eff_acpi(struct run *x, struct ovf_acpi_call *ac, const char *method)
{
	struct ovf_acpi_result res;
	char path[4200];
	int err;

	effect(x, "%s <- %s", disp(x, OVF_ACPI_CALL_PATH, path, sizeof(path)),
	       method);
	if (x->dry_run)
		return 0;
	err = ovf_acpi_call_eval(ac, method, &res);
	if (err < 0)
		return fail(x, err, path, "call %s via %s: %s", method, path,
			    strerror(-err));
	if (res.type == OVF_ACPI_ERROR || res.type == OVF_ACPI_NOT_CALLED) {
		fail(x, EIO, path, "call %s via %s: %s", method, path,
		     res.type == OVF_ACPI_ERROR ? res.str : "not called");
		ovf_acpi_result_free(&res);
		return -1;
	}
	ovf_acpi_result_free(&res);
	return 0;
}

static int eff_unload(struct run *x, const char *mod)
{
	effect(x, "unload %s", mod);
	return x->dry_run ? 1 : ovf_kmod_remove(x->p->kmod, mod);
}

static int eff_load(struct run *x, const char *mod, char *failed, size_t len)
{
	failed[0] = '\0';
	effect(x, "load %s (%s)", mod, ovf_kmod_dir(x->p->kmod));
	return x->dry_run ? 1 : ovf_kmod_insert(x->p->kmod, mod, failed, len);
}

static int eff_exec(struct run *x)
{
	const struct ovf_reset_plan *p = x->p;
	char line[4096 + 1024];
	size_t len = 0;
	int i;

	len += snprintf(line, sizeof(line), "exec %s", p->cmd_path);
	for (i = 1; p->cmd_argv[i] && len < sizeof(line); i++)
		len += snprintf(line + len, sizeof(line) - len, " %s", p->cmd_argv[i]);
	effect(x, "%s", line);
	if (x->dry_run)
		return 1000;	/* not a status a program can exit with */
	return ovf_run(p->cmd_path, p->cmd_argv, p->c.command_timeout);
}

static int eff_wait(struct run *x, const char *const *rels, int n, int *missing)
{
	char path[4200];
	int i;

	for (i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "wait ");
		disp(x, rels[i], path + 5, sizeof(path) - 5);
		report(x, OVF_RP_WAIT, path);
	}
	if (x->dry_run)
		return 0;
	return ovf_wait_paths(x->r, rels, n, x->p->c.rescan_timeout, missing);
}

/* ---- the steps; each returns 0, 1 (skipped) or -1 after fail() ---- */

static int step_power(struct run *x)
{
	struct ovf_reset_plan *p = x->p;
	struct ovf_reset_result *res = x->res;
	struct ovf_acpi_call ac = { .lockfd = -1 };
	struct ovf_err e;
	char path[4200];
	int err;

	if (p->power == OVF_POWER_BBSWITCH) {
		disp(x, "proc/acpi/bbswitch", path, sizeof(path));
		err = eff_write(x, "proc/acpi/bbswitch", "OFF");
		if (err < 0)
			return fail(x, err, path, "write %s: %s", path, strerror(-err));
		res->changed = 1;
		res->power_off_pending = 1;
		err = eff_write(x, "proc/acpi/bbswitch", "ON");
		if (err < 0)
			return fail(x, err, path, "write %s: %s (the GPU is powered off)",
				    path, strerror(-err));
		res->power_off_pending = 0;
		return 0;
	}
	if (!x->dry_run) {
		err = ovf_acpi_call_open(&ac, x->r, p->c.lock_timeout, &e);
		if (err < 0) {
			snprintf(path, sizeof(path), "%s", e.path);
			if (strcmp(e.action, "lock") != 0)
				return fail(x, err, path, "open %s: %s%s", path,
					    strerror(-err), err == -ENOENT ?
					    " (modprobe acpi_call)" : "");
			if (err == -ETIMEDOUT)
				return fail(x, err, path, "lock %s: another program "
					    "holds it (gave up after %lu s)", path,
					    p->c.lock_timeout / 1000);
			return fail(x, err, path, "lock %s: %s", path, strerror(-err));
		}
	}
	err = eff_acpi(x, &ac, p->off_call);
	if (!err) {
		res->changed = 1;
		res->power_off_pending = 1;
		err = eff_acpi(x, &ac, p->on_call);
		if (!err)
			res->power_off_pending = 0;
		else
			report(x, OVF_RP_POWERED_OFF, p->on_call);
	}
	if (!x->dry_run)
		ovf_acpi_call_close(&ac);
	return err;
}

static int step_unload(struct run *x)
{
	int i, err;

	for (i = 0; i < x->p->nunload; i++) {
		err = eff_unload(x, x->p->unload[i]);
		if (err > 0)
			continue;
		if (err < 0)
			return fail(x, err, NULL, "unload %s: %s%s", x->p->unload[i],
				    strerror(-err),
				    err == -EAGAIN || err == -EWOULDBLOCK ||
				    err == -EBUSY ? " (in use)" : "");
		x->res->changed = 1;
	}
	return 0;
}

static int remove_one(struct run *x, const char *addr)
{
	char rel[128], path[4200];
	int err;

	snprintf(rel, sizeof(rel), "sys/bus/pci/devices/%s/remove", addr);
	err = eff_write(x, rel, "1");
	if (err < 0)
		return fail(x, err, disp(x, rel, path, sizeof(path)),
			    "write %s: %s", path, strerror(-err));
	return 0;
}

static int step_remove(struct run *x)
{
	int i;

	/* the highest function first, the GPU, then the bridge above */
	for (i = x->p->d.nfuncs - 1; i >= 0; i--) {
		x->res->removed = 1;	/* a half-done write may already count */
		if (remove_one(x, x->p->d.funcs[i]) < 0)
			return -1;
		x->res->changed = 1;
	}
	return x->p->d.bridge[0] ? remove_one(x, x->p->d.bridge) : 0;
}

/* Rescan and wait for every device. */
static int step_rescan(struct run *x)
{
	const struct ovf_reset_devices *d = &x->p->d;
	char rels[OVF_RESET_MAX_FUNCS + 1][128], path[4200];
	const char *paths[OVF_RESET_MAX_FUNCS + 1];
	int i, n = 0, err, missing = 0;

	err = eff_write(x, "sys/bus/pci/rescan", "1");
	if (err < 0)
		return fail(x, err, disp(x, "sys/bus/pci/rescan", path, sizeof(path)),
			    "write %s: %s", path, strerror(-err));
	x->res->changed = 1;
	if (d->bridge[0])
		snprintf(rels[n++], sizeof(rels[0]), "sys/bus/pci/devices/%s",
			 d->bridge);
	for (i = 0; i < d->nfuncs; i++)
		snprintf(rels[n++], sizeof(rels[0]), "sys/bus/pci/devices/%s",
			 d->funcs[i]);
	for (i = 0; i < n; i++)
		paths[i] = rels[i];
	err = eff_wait(x, paths, n, &missing);
	if (err < 0)
		return fail(x, err, disp(x, rels[missing], path, sizeof(path)),
			    "rescan: %s did not come back within %lu s", path,
			    x->p->c.rescan_timeout / 1000);
	if (!x->dry_run)
		x->res->bus_ok = 1;
	return 0;
}

static int step_override(struct run *x)
{
	const struct ovf_reset_plan *p = x->p;
	const char *drv = p->c.override;
	struct ovf_override_result res;
	struct ovf_err e;
	char path[4200];
	int i, err, any = 0;

	for (i = 0; i < p->d.nfuncs; i++) {
		if (!p->d.is_audio[i])
			continue;
		any = 1;
		err = ovf_override_set(&x->w, p->d.funcs[i], drv, &res, &e);
		if (err == 0)
			continue;
		snprintf(path, sizeof(path), "%s", e.path);
		if (err == -EPROTO)
			return fail(x, err, path, "verify %s: bound to %s, expected %s",
				    path, res.after[0] ? res.after : "no driver",
				    strcmp(drv, "none") ? drv : "no driver");
		if (err == -ENXIO)
			return fail(x, err, path, "driver %s is not registered (%s "
				    "missing)", drv, path);
		return fail(x, err, path, "%s %s: %s", e.action, path,
			    strerror(-err));
	}
	if (!any)
		snprintf(x->cur->note, sizeof(x->cur->note), "no audio function");
	return 0;
}

static int step_load(struct run *x)
{
	const struct ovf_reset_plan *p = x->p;
	char failed[OVF_MODNAME_MAX];
	int i, err;

	for (i = 0; i < p->nload; i++) {
		err = eff_load(x, p->load[i], failed, sizeof(failed));
		if (err > 0)
			continue;
		if (err == -ENOENT)
			return fail(x, err, NULL, "load %s: no module %s in %s",
				    p->load[i], failed[0] ? failed : p->load[i],
				    ovf_kmod_dir(p->kmod));
		if (err < 0)
			return fail(x, err, NULL, "load %s: insert %s: %s", p->load[i],
				    failed[0] ? failed : p->load[i], strerror(-err));
		x->res->changed = 1;
	}
	return 0;
}

/*
 * nvidia-smi's persistence mode query: 1 on, 0 off, -1 unknown (no driver
 * to ask, an old nvidia-smi). A dry run only shows it and says "unknown".
 */
static int pm_query(struct run *x)
{
	const struct ovf_reset_plan *p = x->p;
	char *argv[] = { p->cmd_argv[0], "--query-gpu=persistence_mode",
			 "--format=csv,noheader", "-i", (char *)p->d.gpu, NULL };
	char out[64];
	int rc;

	effect(x, "exec %s %s %s -i %s", p->cmd_path, argv[1], argv[2], p->d.gpu);
	if (x->dry_run)
		return -1;
	rc = ovf_run_first_line(p->cmd_path, argv, p->c.command_timeout, out,
				sizeof(out));
	if (rc)
		return -1;
	return !strcmp(out, "Enabled") ? 1 : !strcmp(out, "Disabled") ? 0 : -1;
}

/* nvidia-smi -i GPU -pm @v: its exit status, or -errno. */
static int pm_set(struct run *x, const char *v, const char *dry_note)
{
	const struct ovf_reset_plan *p = x->p;
	char *argv[] = { p->cmd_argv[0], "-i", (char *)p->d.gpu, "-pm", (char *)v,
			 NULL };

	effect(x, "exec %s -i %s -pm %s%s", p->cmd_path, p->d.gpu, v,
	       x->dry_run ? dry_note : "");
	if (x->dry_run)
		return 0;
	return ovf_run(p->cmd_path, argv, p->c.command_timeout);
}

/* A status of the command, as a failure of the step (@what: its words). */
static int smi_failed(struct run *x, int rc, const char *what)
{
	const struct ovf_reset_plan *p = x->p;

	if (rc == -ETIMEDOUT)
		return fail(x, ETIMEDOUT, p->cmd_path, "%s%s: killed after %lu s",
			    what, p->cmd_path, p->c.command_timeout / 1000);
	if (rc < 0)
		return fail(x, rc, p->cmd_path, "%srun %s: %s", what, p->cmd_path,
			    strerror(-rc));
	return fail(x, EIO, p->cmd_path, "%s%s exited with status %d", what,
		    p->cmd_path, rc);
}

/* Persistence mode on again after the reset, whatever its outcome. -1 failed. */
static int pm_restore(struct run *x)
{
	const struct ovf_reset_plan *p = x->p;
	char what[128];
	int rc;

	if (!x->res->pm_off_pending && !(x->dry_run && p->smi_pm))
		return 0;
	rc = pm_set(x, "1", " (if it was on)");
	if (x->dry_run)
		return 0;
	if (rc) {
		snprintf(what, sizeof(what), "persistence mode stays off: ");
		if (rc > 0)
			return fail(x, EIO, p->cmd_path, "%s%s -i %s -pm 1 exited "
				    "with status %d", what, p->cmd_path, p->d.gpu, rc);
		return smi_failed(x, rc, what);
	}
	x->res->pm_off_pending = 0;
	report(x, OVF_RP_PM_ON, NULL);
	snprintf(x->cur->note, sizeof(x->cur->note), "persistence mode was on: "
		 "off for the reset, then on again");
	return 0;
}

static int step_smi(struct run *x)
{
	const struct ovf_reset_plan *p = x->p;
	int rc, pm = -1, failed = 0;

	if (!p->cmd_path[0]) {
		snprintf(x->cur->note, sizeof(x->cur->note), "%s not found",
			 p->cmd_argv[0]);
		return 1;
	}
	if (p->smi_pm)
		pm = pm_query(x);
	if (pm > 0 || (x->dry_run && p->smi_pm)) {
		x->res->pm_was_on = pm > 0;
		if (pm > 0)
			report(x, OVF_RP_PM_OFF, NULL);
		rc = pm_set(x, "0", " (if persistence mode is on)");
		if (rc && rc > 0)
			return fail(x, EIO, p->cmd_path, "%s -i %s -pm 0 exited with "
				    "status %d; persistence mode is still on",
				    p->cmd_path, p->d.gpu, rc);
		if (rc)
			return smi_failed(x, rc, "");
		if (!x->dry_run)
			x->res->changed = 1;
		x->res->pm_off_pending = pm > 0;
	}
	rc = eff_exec(x);
	if (rc == 1000)
		return pm_restore(x);
	x->res->changed = 1;
	if (rc)
		failed = smi_failed(x, rc, "");
	/* back on after a failed reset too: the setting is the user's */
	if (pm_restore(x) < 0)
		return -1;
	return failed;
}

/* After a failure: bring the devices back. RESTORED or MANUAL. */
static int restore(struct run *x)
{
	struct ovf_reset_result *res = x->res;
	int i;

	if (res->power_off_pending)
		return OVF_EXIT_MANUAL;
	if (!res->removed || res->bus_ok)
		return OVF_EXIT_RESTORED;
	x->cur = &res->steps[OVF_RESET_RESCAN];
	report(x, OVF_RP_RESTORE, NULL);
	if (step_rescan(x) < 0) {
		report(x, OVF_RP_RESTORE_FAILED, NULL);
		return OVF_EXIT_MANUAL;
	}
	x->cur = &res->steps[OVF_RESET_OVERRIDE];
	if (x->p->on[OVF_RESET_OVERRIDE])
		for (i = 0; i < x->p->d.nfuncs; i++)
			if (x->p->d.is_audio[i] && step_override(x) < 0)
				return OVF_EXIT_MANUAL;
	return OVF_EXIT_RESTORED;
}

void ovf_reset_result_init(struct ovf_reset_result *res)
{
	int i;

	memset(res, 0, sizeof(*res));
	for (i = 0; i < OVF_RESET_NSTEPS; i++) {
		res->steps[i].kind = i;
		res->steps[i].name = ovf_reset_step_names[i];
		res->steps[i].status = "not-run";
	}
}

/* Nothing changed: nothing to put back. */
static int give_up(struct run *x)
{
	if (!x->res->changed && !x->w.writes)
		return OVF_EXIT_ERROR;
	return restore(x);
}

int ovf_reset_run(const struct ovf_root *r, struct ovf_reset_plan *p,
		  int dry_run, const struct ovf_reset_ops *ops,
		  struct ovf_reset_result *res)
{
	static int (*const fns[OVF_RESET_NSTEPS])(struct run *) = {
		step_power, step_unload, step_remove, step_rescan, step_override,
		step_load, step_smi,
	};
	struct run x = { .r = r, .p = p, .ops = ops, .res = res,
			 .dry_run = dry_run };
	struct ovf_reset_step *st;
	long long t0;
	int i, rc;

	ovf_reset_result_init(res);
	x.w.root = r;
	x.w.dry_run = dry_run;
	x.w.log = log_write;
	x.w.arg = &x;
	/* left out: "skipped", also when a failure stops the run first */
	for (i = 0; i < OVF_RESET_NSTEPS; i++)
		if (!p->on[i])
			res->steps[i].status = "skipped";
	for (i = 0; i < OVF_RESET_NSTEPS; i++) {
		st = x.cur = &res->steps[i];
		if (!p->on[i])
			continue;
		/* a stop comes between steps, never inside one */
		if (ops && ops->should_stop && (rc = ops->should_stop(ops->ctx))) {
			res->stopped = rc;
			report(&x, OVF_RP_STOPPED, NULL);
			return res->exit = give_up(&x);
		}
		report(&x, OVF_RP_START, NULL);
		t0 = ovf_now_ms();
		rc = fns[i](&x);
		st->ms = ovf_now_ms() - t0;
		if (rc < 0) {
			x.cur = st;
			st->status = "failed";
			report(&x, OVF_RP_FAILED, NULL);
			return res->exit = give_up(&x);
		}
		st->status = rc > 0 ? "skipped" : "ok";
		report(&x, OVF_RP_DONE, NULL);
	}
	return res->exit = OVF_EXIT_OK;
}

// SPDX-License-Identifier: GPL-2.0-or-later
/* pci-override: set, clear and show driver_override of PCI functions, and persist it. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ovf/gpu.h"
#include "ovf/err.h"
#include "ovf/override.h"
#include "ovf/pciaddr.h"
#include "ovf/root.h"
#include "ovf/tool.h"
#include "ovf/util.h"

#ifndef OVF_SBINDIR
#define OVF_SBINDIR "/usr/local/sbin"
#endif

#define MAX_DEVS 32

static const char *prog = "pci-override";

enum action { ACT_STATUS, ACT_SET, ACT_CLEAR, ACT_UNPERSIST_ONLY };

struct ctx {
	struct ovf_root root;
	struct ovf_writer w;
	int verbose;
};

static void __attribute__((noreturn)) usage(void)
{
	printf("Usage: %s [options] [ADDR...]\n"
	       "\n"
	       "Set, clear or show the driver_override of PCI functions. Without ADDR:\n"
	       "the audio function(s) in the slot of the NVIDIA GPU.\n"
	       "\n"
	       "Actions (default --status):\n"
	       "      --set DRIVER       bind only DRIVER (or 'none': no driver at all);\n"
	       "                         unbinds another driver, reprobes and verifies\n"
	       "      --clear            remove the override\n"
	       "      --status           show override, bound driver and persisted rule\n"
	       "\n"
	       "Options:\n"
	       "      --persist          with --set: also install a udev rule that sets\n"
	       "                         the override whenever the device appears\n"
	       "                         (when it cannot be written, --set is undone)\n"
	       "  -u, --unpersist        remove the udev rule (alone or with --clear; when\n"
	       "                         it cannot be removed, --clear is undone)\n"
	       "  -n, --dry-run          print each write as 'path <- value' instead\n"
	       "  -s, --sysroot DIR      use DIR as the root for /sys and /etc (the udev\n"
	       "                         rules) (default: $OPTIMUS_VFIO_SYSROOT if set\n"
	       "                         (never empty), else /)\n"
	       "  -v, --verbose          also print the writes that are made\n"
	       "  -h, --help             show this help and exit\n"
	       "  -V, --version          show the version and exit\n"
	       "\n"
	       "Exit status: 0 success, 1 error (nothing changed; a --set or --clear\n"
	       "whose rule update failed is undone), 4 driver_override written but\n"
	       "the device is not bound as asked, or the undo failed. See %s(8).\n",
	       prog, prog);
	exit(EXIT_SUCCESS);
}

static void log_write(void *arg, const char *path, const char *value)
{
	struct ctx *c = arg;

	if (c->w.dry_run)
		printf("%s <- %s\n", path, value[0] ? value : "''");
	else if (c->verbose)
		fprintf(stderr, "%s: %s <- %s\n", prog, path, value[0] ? value : "''");
}

/* Fill @out with the devices to act on. Returns the count or -1 (printed). */
static int pick_devices(struct ctx *c, char **args, int nargs,
			struct ovf_pci_addr *out)
{
	struct ovf_gpu gpu;
	struct ovf_err e;
	int i, n = 0, err;

	if (nargs > MAX_DEVS) {
		ovf_errx("too many devices (at most %d)", MAX_DEVS);
		return -1;
	}
	for (i = 0; i < nargs; i++) {
		if (ovf_pci_addr_parse(args[i], &out[i]) < 0) {
			ovf_err_pci_addr(args[i]);
			return -1;
		}
	}
	if (nargs)
		return nargs;
	err = ovf_gpu_find(&c->root, NULL, OVF_GPU_SLOT, &gpu, &e);
	if (err == -ENODEV)
		ovf_errx("no NVIDIA display device under %s; give ADDR", e.path);
	else if (err == -EEXIST)
		ovf_errx("several NVIDIA display devices; give ADDR");
	else if (err < 0)
		ovf_err_print(&e);
	if (err < 0)
		return -1;
	for (i = 0; i < gpu.nfuncs && n < MAX_DEVS; i++)
		if (ovf_gpu_func_is_audio(&gpu.funcs[i]))
			out[n++] = gpu.funcs[i].addr;
	if (n == 0) {
		ovf_errx("no audio function in the slot of the NVIDIA GPU %s; give ADDR",
			 gpu.name);
		return -1;
	}
	return n;
}

static int status(struct ctx *c, const char *addr)
{
	char ovr[OVF_DRIVER_MAX] = "", drv[OVF_DRIVER_MAX] = "";
	char per[OVF_DRIVER_MAX] = "";
	const char *attr = "driver_override";
	struct ovf_err e;
	int err;

	err = ovf_override_get(&c->root, addr, ovr, sizeof(ovr));
	if (!err) {
		attr = "driver";
		err = ovf_pci_bound_driver(&c->root, addr, drv, sizeof(drv));
	}
	if (err == -ENODEV) {
		ovf_err_root(&e, &c->root, err, "", "sys/bus/pci/devices/%s", addr);
		ovf_errx("no such device: %s", e.path);
		return EXIT_FAILURE;
	}
	if (err < 0) {
		ovf_err_root(&e, &c->root, err, "read", "sys/bus/pci/devices/%s/%s",
			     addr, attr);
		ovf_err_print(&e);
		return EXIT_FAILURE;
	}
	err = ovf_udev_rule_get(&c->root, addr, per, sizeof(per));
	if (err < 0) {
		ovf_err_root(&e, &c->root, err, "read", OVF_UDEV_RULES_FILE);
		ovf_err_print(&e);
		return EXIT_FAILURE;
	}
	printf("%s override=%s driver=%s persist=%s\n", addr, ovr[0] ? ovr : "-",
	       drv[0] ? drv : "-", per[0] ? per : "-");
	return EXIT_SUCCESS;
}

/* Print why ovf_override_set/clear failed (@e); returns the exit status. */
static int report(struct ctx *c, const char *addr, const char *driver,
		  const struct ovf_override_result *res, const struct ovf_err *e)
{
	struct ovf_err dev;

	/* the library found no device: before the writes, or gone since */
	if (e->err == ENODEV && !strcmp(e->action, "read")) {
		ovf_err_root(&dev, &c->root, ENODEV, "", "sys/bus/pci/devices/%s",
			     addr);
		if (!res->halfway) {
			ovf_errx("no such device: %s", dev.path);
			return EXIT_FAILURE;
		}
		ovf_errx("no such device: %s (it went away after driver_override "
			 "was written)", dev.path);
		return OVF_EXIT_MANUAL;
	}
	if (e->err == ENXIO) {
		ovf_errx("driver %s is not registered (%s missing); load its module "
			 "first", driver, e->path);
		return EXIT_FAILURE;
	}
	if (e->err == EPROTO) {
		const char *hint = "";

		if (strcmp(driver, "vfio-pci") == 0 &&
		    ovf_existsf(&c->root, "sys/bus/pci/devices/%s/iommu_group",
				addr) < 0)
			hint = " (vfio-pci binds only with an IOMMU: no iommu_group)";
		else if (strcmp(res->before, res->after) == 0 && res->after[0])
			hint = " (the kernel did not unbind it)";
		ovf_errx("verify %s: bound to %s, expected %s%s", e->path,
			 res->after[0] ? res->after : "no driver",
			 strcmp(driver, "none") ? driver : "no driver", hint);
		return OVF_EXIT_MANUAL;
	}
	ovf_err_print(e);
	/* driver_override already written: the device is half-way */
	return res->halfway ? OVF_EXIT_MANUAL : EXIT_FAILURE;
}

static int persist(struct ctx *c, const char *addr, const char *driver)
{
	struct ovf_err e;
	int err, changed;

	err = ovf_udev_rule_update(&c->w, addr, driver, OVF_SBINDIR "/pci-override",
				   &changed);
	if (err < 0) {
		ovf_err_root(&e, &c->root, err, "write", OVF_UDEV_RULES_FILE);
		ovf_err_print(&e);
		return EXIT_FAILURE;
	}
	return EXIT_SUCCESS;
}

/*
 * The rule update (@failed: --persist or --unpersist) failed after @what
 * (--set DRIVER, --clear) changed @addr (@done): put driver_override and
 * the binding back, so that exit 1 keeps meaning "nothing changed".
 * Returns EXIT_FAILURE when it is all back, OVF_EXIT_MANUAL when it is not.
 */
static int undo(struct ctx *c, const char *addr, const char *what,
		const char *failed, const struct ovf_override_result *done)
{
	struct ovf_override_result res;
	char why[200], ovr[OVF_DRIVER_MAX + 24], drv[OVF_DRIVER_MAX + 8];
	struct ovf_err e;
	int err;

	err = ovf_override_restore(&c->w, addr, done, &res, &e);
	snprintf(why, sizeof(why), "undoing %s after %s failed: %s is not as it was",
		 what, failed, addr);
	if (err == -EPROTO) {
		ovf_errx("verify %s: bound to %s, expected %s (%s)", e.path,
			 res.after[0] ? res.after : "no driver",
			 done->before[0] ? done->before : "no driver", why);
		return OVF_EXIT_MANUAL;
	}
	if (err < 0) {
		ovf_errx("%s %s: %s (%s)", e.action, e.path, strerror(-err), why);
		return OVF_EXIT_MANUAL;
	}
	if (done->override[0])
		snprintf(ovr, sizeof(ovr), "driver_override '%s'", done->override);
	else
		snprintf(ovr, sizeof(ovr), "no driver_override");
	if (done->before[0])
		snprintf(drv, sizeof(drv), "driver %s", done->before);
	else
		snprintf(drv, sizeof(drv), "no driver");
	ovf_errx("undid %s after %s failed: %s has %s and %s again", what, failed,
		 addr, ovr, drv);
	return EXIT_FAILURE;
}

static int act(struct ctx *c, enum action action, const char *addr,
	       const char *driver, int do_persist, int do_unpersist)
{
	struct ovf_override_result res;
	struct ovf_err e;
	unsigned long writes = c->w.writes;
	char what[OVF_DRIVER_MAX + 8];
	int err, changed, ret = EXIT_SUCCESS;

	switch (action) {
	case ACT_STATUS:
		return status(c, addr);
	case ACT_SET:
		err = ovf_override_set(&c->w, addr, driver, &res, &e);
		changed = c->w.writes != writes && !c->w.dry_run;
		if (err < 0)
			ret = report(c, addr, driver, &res, &e);
		/* persist even when this boot's rebind failed: next boot may work */
		if (!do_persist || (err < 0 && err != -EPROTO))
			return ret;
		if (persist(c, addr, driver) == EXIT_SUCCESS)
			return ret;
		/* --set --persist is one request: half of it is undone */
		if (!changed)
			return EXIT_FAILURE;
		snprintf(what, sizeof(what), "--set %s", driver);
		return undo(c, addr, what, "--persist", &res);
	case ACT_CLEAR:
		err = ovf_override_clear(&c->w, addr, &res, &e);
		changed = c->w.writes != writes && !c->w.dry_run;
		if (err < 0)
			return report(c, addr, "", &res, &e);
		if (!do_unpersist || persist(c, addr, NULL) == EXIT_SUCCESS)
			return EXIT_SUCCESS;
		return changed ? undo(c, addr, "--clear", "--unpersist", &res) :
				 EXIT_FAILURE;
	case ACT_UNPERSIST_ONLY:
		return persist(c, addr, NULL);
	}
	return EXIT_FAILURE;
}

int main(int argc, char **argv)
{
	enum { OPT_SET = 256, OPT_CLEAR, OPT_STATUS, OPT_PERSIST };
	static const struct option longopts[] = {
		{ "set", required_argument, NULL, OPT_SET },
		{ "clear", no_argument, NULL, OPT_CLEAR },
		{ "status", no_argument, NULL, OPT_STATUS },
		{ "persist", no_argument, NULL, OPT_PERSIST },
		{ "unpersist", no_argument, NULL, 'u' },
		{ "dry-run", no_argument, NULL, 'n' },
		{ "sysroot", required_argument, NULL, 's' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	struct ovf_pci_addr devs[MAX_DEVS];
	const char *sysroot = NULL, *driver = NULL;
	char a[OVF_PCI_ADDR_LEN];
	enum action action = ACT_STATUS;
	int c, nact = 0, do_persist = 0, do_unpersist = 0, dry = 0, n, i;
	int ret = EXIT_SUCCESS, r;
	struct ctx ctx = { .verbose = 0 };

	ovf_tool_init(prog, argc, argv);
	while ((c = getopt_long(argc, argv, "unvs:hV", longopts, NULL)) != -1) {
		switch (c) {
		case OPT_SET:
			driver = optarg;
			action = ACT_SET;
			nact++;
			break;
		case OPT_CLEAR:
			action = ACT_CLEAR;
			nact++;
			break;
		case OPT_STATUS:
			action = ACT_STATUS;
			nact++;
			break;
		case OPT_PERSIST:
			do_persist = 1;
			break;
		case 'u':
			do_unpersist = 1;
			break;
		case 'n':
			dry = 1;
			break;
		case 's':
			if (ovf_opt_sysroot(optarg) < 0)
				return EXIT_FAILURE;
			sysroot = optarg;
			break;
		case 'v':
			ctx.verbose = 1;
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
	if (nact > 1) {
		ovf_errx("--set, --clear and --status exclude each other");
		goto tryhelp;
	}
	if (action == ACT_SET && !ovf_driver_name_valid(driver)) {
		ovf_errx("invalid driver name '%s': expected a kernel driver name "
			 "([A-Za-z0-9_-], at most %d characters) or 'none'", ovf_shown(driver),
			 OVF_DRIVER_MAX - 1);
		return EXIT_FAILURE;
	}
	if (do_persist && action != ACT_SET) {
		ovf_errx("--persist goes with --set");
		goto tryhelp;
	}
	if (do_unpersist && action == ACT_SET) {
		ovf_errx("--unpersist goes with --clear or alone");
		goto tryhelp;
	}
	if (do_unpersist && nact == 0)
		action = ACT_UNPERSIST_ONLY;
	if (dry && action == ACT_STATUS) {
		ovf_errx("--dry-run needs an action that writes");
		goto tryhelp;
	}

	if (ovf_tool_root_open(&ctx.root, sysroot) < 0)
		return EXIT_FAILURE;
	ctx.w.root = &ctx.root;
	ctx.w.dry_run = dry;
	ctx.w.log = log_write;
	ctx.w.arg = &ctx;

	n = pick_devices(&ctx, argv + optind, argc - optind, devs);
	if (n < 0) {
		ret = EXIT_FAILURE;
		goto out;
	}
	for (i = 0; i < n; i++) {
		r = act(&ctx, action, ovf_pci_addr_fmt(&devs[i], a), driver,
			do_persist, do_unpersist);
		if (r > ret)
			ret = r;
	}
out:
	ovf_root_close(&ctx.root);
	return ret;
tryhelp:
	ovf_try_help();
	return EXIT_FAILURE;
}

// SPDX-License-Identifier: GPL-2.0-or-later
/* gpu-reset: power-cycle, unload, remove, rescan and reload an Optimus GPU, in order. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ovf/gpu.h"
#include "ovf/err.h"
#include "ovf/exit.h"
#include "ovf/json.h"
#include "ovf/lock.h"
#include "ovf/reset.h"
#include "ovf/root.h"
#include "ovf/tool.h"
#include "ovf/util.h"

static const char *prog = "gpu-reset";

struct gr {
	struct ovf_root root;
	struct ovf_reset_config c;
	int dry_run, json;
	struct ovf_reset_devices d;
	struct ovf_reset_plan p;
	struct ovf_reset_result res;
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
	       "  smi       run nvidia-smi --gpu-reset -i ADDR when there is one, with\n"
	       "            persistence mode off around it when it is on\n"
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

/* ---- configuration ---- */

/* Apply the config file; -1 after a message. */
static int load_config(struct gr *g, const char *file)
{
	struct ovf_reset_config_where w;
	struct ovf_err e;
	int err;

	err = ovf_reset_config_file(&g->root, file, &g->c, &w, &e);
	if (!err)
		return 0;
	if (!w.line)
		ovf_err_print(&e);
	else if (err == -EBADMSG)
		ovf_errp(w.file, "%s:%u: expected 'key = value'", w.file, w.line);
	else if (err == -ENOENT)
		ovf_errp(w.file, "%s:%u: unknown key '%s'", w.file, w.line, w.key);
	else
		ovf_errp(w.file, "%s:%u: invalid value '%s' for %s: %s", w.file,
			 w.line, w.value, w.key, ovf_err_why(&e));
	return -1;
}

/* The GPU and the functions of its slot. -1 after a message. */
static int find_devices(struct gr *g)
{
	struct ovf_gpu gpu;
	struct ovf_err e;
	int err;

	err = ovf_reset_devices_find(&g->root, &g->c, &gpu, &g->d, &e);
	if (err == -ENODEV && g->c.device[0])
		ovf_errp(e.path, "no such device: %s", e.path);
	else if (err == -ENXIO)
		ovf_errp(e.path, "refusing %s as the GPU: %s is vendor %04x, class "
			 "%06x, not an NVIDIA display controller (use --force if "
			 "it is the GPU)", gpu.name, e.path, gpu.dev.vendor,
			 gpu.dev.class_code);
	else if (err == -ENODEV)
		ovf_errp(e.path, "no NVIDIA display device under %s; give --device",
			 e.path);
	else if (err == -EEXIST)
		ovf_errp(NULL, "%d NVIDIA display devices; choose one with --device",
			 gpu.ncands);
	else if (err < 0)
		ovf_err_print(&e);
	if (err < 0)
		return -1;
	if (!gpu.nvidia_display)
		ovf_warnx("%s is vendor %04x, class %06x, not an NVIDIA display "
			  "controller; going on (--force)", gpu.name,
			  gpu.dev.vendor, gpu.dev.class_code);
	return 0;
}

/* ---- the planner's findings and refusals, worded ---- */

static void print_findings(const struct gr *g)
{
	const struct ovf_reset_finding *f;
	int i;

	for (i = 0; i < g->p.nfindings; i++) {
		f = &g->p.findings[i];
		switch (f->kind) {
		case OVF_RF_NOT_NVIDIA:
			ovf_errp(f->path, "refusing %s as the GPU: %s is vendor %04x, "
				 "class %06x, not an NVIDIA display controller (use "
				 "--force if it is the GPU)", f->what, f->path,
				 f->vendor, f->class);
			break;
		case OVF_RF_VM_USER:
			if (!f->refuse)
				ovf_warnx("%s is in use by a VM: pid %d (%s) holds %s; "
					  "going on (--force)", f->what,
					  (int)f->user.pid, f->user.comm, f->path);
			else
				ovf_errp(f->path, "%s is in use by a VM: pid %d (%s) holds %s",
					 f->what, (int)f->user.pid, f->user.comm, f->path);
			break;
		case OVF_RF_VM_BUSY:
			ovf_errp(NULL, "refusing to reset a GPU in use; stop the VM or "
				 "use --force");
			break;
		case OVF_RF_FOREIGN_HOLDER:
			ovf_errp(NULL, "module %s is in use by module %s, which is not in "
				 "the list to unload (--modules)", f->what, f->other);
			break;
		case OVF_RF_IN_USE:
			ovf_errp(f->path, "module %s is in use (refcnt %ld, %d of it from "
				 "modules being unloaded)", f->what, f->refcnt,
				 f->inlist);
			break;
		case OVF_RF_DEV_USER:
			fprintf(stderr, "  pid %d (%s) holds %s\n", (int)f->user.pid,
				f->user.comm, f->user.file);
			break;
		case OVF_RF_PERSISTENCED:
			fprintf(stderr, "  pid %d (%s) is nvidia-persistenced: stop it "
				"(systemctl stop nvidia-persistenced)\n",
				(int)f->user.pid, f->user.comm);
			break;
		case OVF_RF_POWERD:
			fprintf(stderr, "  pid %d (%s) is nvidia-powerd: stop it "
				"(systemctl stop nvidia-powerd)\n",
				(int)f->user.pid, f->user.comm);
			break;
		}
	}
}

static void print_plan_error(const struct gr *g, const struct ovf_err *e)
{
	switch (g->p.why) {
	case OVF_RW_REFUSED:
		break;	/* the findings said it */
	case OVF_RW_NO_ACPI_NODE:
		ovf_errp(NULL, "%s has no ACPI node (no firmware_node); give "
			 "--acpi-path or --skip power", g->d.gpu);
		break;
	case OVF_RW_KMOD_LOAD:
	case OVF_RW_KMOD_UNLOAD:
		ovf_errp(e->path, "%s (from %s): %s", g->p.why == OVF_RW_KMOD_LOAD ?
			 "open the modules directory" : "start libkmod", e->path,
			 strerror(e->err));
		break;
	default:
		ovf_err_print(e);
	}
}

/* ---- the run, as it goes ---- */

static void on_step(const struct ovf_reset_step *st, enum ovf_reset_phase ph,
		    const char *line, void *ctx)
{
	struct gr *g = ctx;
	int sig;

	switch (ph) {
	case OVF_RP_START:
		if (g->dry_run)
			fprintf(g->plan, "# %s\n", st->name);
		else
			fprintf(stderr, "%s: %s: start\n", prog, st->name);
		break;
	case OVF_RP_ACTION:
		if (g->dry_run)
			fprintf(g->plan, "%s\n", line);
		else
			fprintf(stderr, "%s: %s: %s\n", prog, st->name, line);
		break;
	case OVF_RP_WAIT:
		if (g->dry_run)
			fprintf(g->plan, "%s\n", line);
		break;
	case OVF_RP_ERROR:
		ovf_errp(st->err.path[0] ? st->err.path : NULL, "%s", st->error);
		break;
	case OVF_RP_POWERED_OFF:
		ovf_errp(NULL, "the GPU may be powered off: call %s by hand", line);
		break;
	case OVF_RP_FAILED:
		fprintf(stderr, "%s: %s: FAILED (%lld ms)\n", prog, st->name, st->ms);
		break;
	case OVF_RP_DONE:
		if (!g->dry_run)
			fprintf(stderr, "%s: %s: %s%s%s%s (%lld ms)\n", prog, st->name,
				st->status, st->note[0] ? " (" : "", st->note,
				st->note[0] ? ")" : "", st->ms);
		else if (st->note[0])
			fprintf(g->plan, "# %s: %s\n", st->name, st->note);
		break;
	case OVF_RP_STOPPED:
		sig = ovf_signal_pending();
		ovf_errp(NULL, "stopped by signal %d (%s) before the %s step", sig,
			 strsignal(sig), st->name);
		break;
	case OVF_RP_RESTORE:
		ovf_errp(NULL, "restoring: rescanning the bus");
		break;
	case OVF_RP_PM_OFF:
		fprintf(stderr, "%s: %s: persistence mode is on: turning it off for "
			"the reset\n", prog, st->name);
		break;
	case OVF_RP_PM_ON:
		fprintf(stderr, "%s: %s: persistence mode is on again\n", prog,
			st->name);
		break;
	case OVF_RP_RESTORE_FAILED:
		ovf_errp(NULL, "the GPU's devices are not all back on the bus: check "
			 "lspci, write 1 to %s/sys/bus/pci/rescan", g->root.dir);
		break;
	}
}

/* a signal stops the run between steps, never inside one */
static int should_stop(void *ctx)
{
	(void)ctx;
	return ovf_signal_pending();
}

static void print_json(struct gr *g, int ret)
{
	const struct ovf_reset_step *st;
	const char *outcome = ret == OVF_EXIT_OK ? "ok" :
			      ret == OVF_EXIT_RESTORED ? "restored" :
			      ret == OVF_EXIT_MANUAL ? "manual-action-needed" :
						       "nothing-done";
	int i;

	printf("{\"gpu\":");
	ovf_json_str(stdout, g->d.gpu);
	printf(",\"bridge\":");
	ovf_json_str(stdout, g->d.bridge);
	printf(",\"functions\":[");
	for (i = 0; i < g->d.nfuncs; i++) {
		printf(i ? "," : "");
		ovf_json_str(stdout, g->d.funcs[i]);
	}
	printf("],\"dry_run\":%s,\"exit\":%d,\"outcome\":\"%s\",\"steps\":[",
	       g->dry_run ? "true" : "false", ret, outcome);
	for (i = 0; i < OVF_RESET_NSTEPS; i++) {
		st = &g->res.steps[i];
		printf("%s{\"step\":\"%s\",\"status\":\"%s\",\"ms\":%lld", i ? "," : "",
		       st->name, st->status, st->ms);
		if (st->note[0]) {
			printf(",\"note\":");
			ovf_json_str(stdout, st->note);
		}
		if (st->error[0]) {
			printf(",\"error\":");
			ovf_json_str(stdout, st->error);
		}
		printf("}");
	}
	printf("]");
	/* every failed run names its cause, also one that stopped before a step */
	if (ret != OVF_EXIT_OK) {
		printf(",\"error\":");
		ovf_json_error(stdout, ovf_first_error.set ? ovf_first_error.message : "failed",
			       ovf_first_error.set ? ovf_first_error.path : NULL);
	}
	printf("}\n");
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
	struct ovf_reset_ops ops = { on_step, should_stop, &g };
	char path[4200];
	struct ovf_err e;

	ovf_tool_init(prog, argc, argv);
	ovf_reset_config_init(&g.c);

	while ((c = getopt_long(argc, argv, "d:c:njs:hV", longopts, &idx)) != -1) {
		switch (c) {
		case 'd':
		case 1:
		case 3:
			/* --force is a setting too, so force = yes can say it */
			if (nsets == (int)ARRAY_SIZE(sets)) {
				ovf_errp(NULL, "too many options");
				return EXIT_FAILURE;
			}
			/* -d sets no idx */
			sets[nsets].key = c == 'd' ? "device" : longopts[idx].name;
			sets[nsets++].val = c == 3 ? "yes" : optarg;
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

	ovf_reset_result_init(&g.res);
	ret = OVF_EXIT_ERROR;
	if (ovf_tool_root_open(&g.root, sysroot) < 0)
		goto out;
	if (!no_config && load_config(&g, config) < 0)
		goto out;
	/* the command line wins over the file */
	for (i = 0; i < nsets; i++) {
		err = ovf_reset_config_set(&g.c, sets[i].key, sets[i].val, &e);
		if (err < 0) {
			ovf_errp(NULL, "invalid value '%s' for --%s: %s",
				 ovf_shown(sets[i].val), sets[i].key, ovf_err_why(&e));
			goto out;
		}
	}
	if (ovf_reset_steps_check(&g.c, &e) < 0) {
		ovf_err_print(&e);
		goto out;
	}
	if (find_devices(&g) < 0)
		goto out;
	err = ovf_reset_plan(&g.root, &g.c, &g.d, &g.p, &e);
	print_findings(&g);
	if (err < 0) {
		print_plan_error(&g, &e);
		goto out;
	}
	if (!g.dry_run) {
		lockfd = ovf_lock_wait(&g.root, OVF_RESET_LOCK, g.c.lock_timeout);
		if (lockfd < 0) {
			ovf_root_display(&g.root, OVF_RESET_LOCK, path, sizeof(path));
			if (lockfd == -ETIMEDOUT)
				ovf_errp(path, "lock %s: another gpu-reset is running "
					 "(gave up after %lu s)", path,
					 g.c.lock_timeout / 1000);
			else
				ovf_errp(path, "lock %s: %s", path, strerror(-lockfd));
			goto out;
		}
	}
	/* from here a signal is acted on between steps, with the undo of a failure */
	ovf_signals_defer();
	ret = ovf_reset_run(&g.root, &g.p, g.dry_run, &ops, &g.res);
	if (ret == OVF_EXIT_RESTORED)
		ovf_errp(NULL, "failed; the GPU's devices are on the bus%s",
		       g.p.nunload ? "; check which modules are loaded" : "");
	else if (ret == OVF_EXIT_MANUAL)
		ovf_errp(NULL, "failed and could not restore: manual action needed");
out:
	if (g.json)
		print_json(&g, ret);
	if (lockfd >= 0)
		close(lockfd);
	ovf_reset_plan_free(&g.p);
	ovf_root_close(&g.root);
	/* stopped by a signal: 128 + it, unless the run finished or needs a hand */
	ovf_signals_resume(ret == OVF_EXIT_OK || ret == OVF_EXIT_MANUAL ? ret : -1);
	return ret;
}

// SPDX-License-Identifier: GPL-2.0-or-later
/* vfio-doctor: read-only preflight of a laptop for GPU passthrough: will it work, and if not, why. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ovf/acpi_call.h"
#include "ovf/gpu.h"
#include "ovf/err.h"
#include "ovf/json.h"
#include "ovf/pciaddr.h"
#include "ovf/pcidev.h"
#include "ovf/rom.h"
#include "ovf/root.h"
#include "ovf/tool.h"
#include "ovf/util.h"

static const char *prog = "vfio-doctor";

#define SECUREBOOT_VAR \
	"sys/firmware/efi/efivars/SecureBoot-8be4df61-93ca-11d2-aa0d-00e098032b8c"

/* Ordered by severity: the exit status follows the worst. */
enum status { ST_OK, ST_SKIP, ST_WARN, ST_FAIL };
static const char *const st_text[] = { "OK", "SKIP", "WARN", "FAIL" };
static const char *const st_json[] = { "ok", "skip", "warn", "fail" };

struct doc {
	struct ovf_root root;
	int json, no_acpi, nchecks;
	enum status worst;
	int have_gpu;
	struct ovf_pcidev gpu;
	char gpu_addr[OVF_PCI_ADDR_LEN];
};

static void __attribute__((noreturn)) usage(void)
{
	printf("Usage: %s [options]\n"
	       "\n"
	       "Check, without changing anything, whether GPU passthrough can work on\n"
	       "this laptop: IOMMU and the GPU's IOMMU group, acpi_call and Secure Boot,\n"
	       "the GPU's ACPI _ROM, conflicting GPU switchers, NVIDIA daemons, power\n"
	       "and reset of the GPU, its audio function, libvirt and QEMU versions.\n"
	       "Each check prints OK, WARN, FAIL or SKIP and, unless OK, one line of\n"
	       "advice.\n"
	       "\n"
	       "Options:\n"
	       "  -d, --device ADDR      the GPU (default: the one NVIDIA display device)\n"
	       "  -j, --json             print the results as one JSON object\n"
	       "      --no-acpi          do not evaluate _ROM through acpi_call\n"
	       "  -s, --sysroot DIR      use DIR as the root for /sys, /proc, /etc, /run,\n"
	       "                         /lib and /usr/lib (default: $OPTIMUS_VFIO_SYSROOT\n"
	       "                         if set, never empty, else /); libvirt and QEMU\n"
	       "                         are then skipped\n"
	       "  -h, --help             show this help and exit\n"
	       "  -V, --version          show the version and exit\n"
	       "\n"
	       "Exit status: 0 all checks OK or skipped, 1 could not run, 5 warnings,\n"
	       "6 failures. See %s(1).\n",
	       prog, prog);
	exit(EXIT_SUCCESS);
}

static void json_str(const char *s)
{
	ovf_json_str(stdout, s);
}

/*
 * The tool could not run (the message is out, through ovf_errx/ovf_errp):
 * with --json, the record with no checks and the error member. Returns
 * EXIT_FAILURE.
 */
static int cannot_run_json(const struct doc *d)
{
	if (d->json) {
		fputs("{\n  \"checks\": [],\n  \"error\": ", stdout);
		ovf_json_error(stdout, ovf_first_error.set ? ovf_first_error.message :
			       "failed", ovf_first_error.path);
		printf(",\n  \"result\": \"error\",\n  \"exit\": %d\n}\n", EXIT_FAILURE);
	}
	return EXIT_FAILURE;
}

/* Record and print one result; @advice may be NULL (only shown unless OK). */
static void __attribute__((format(printf, 5, 6)))
result(struct doc *d, const char *id, enum status st, const char *advice,
       const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (st > d->worst)
		d->worst = st;
	if (d->json) {
		printf("%s\n    {\"check\": ", d->nchecks ? "," : "");
		json_str(id);
		printf(", \"status\": \"%s\", \"message\": ", st_json[st]);
		json_str(msg);
		fputs(", \"advice\": ", stdout);
		if (advice && st != ST_OK)
			json_str(advice);
		else
			fputs("null", stdout);
		putchar('}');
	} else {
		printf("%-4s %-14s %s\n", st_text[st], id, msg);
		if (advice && st != ST_OK)
			printf("     %-14s -> %s\n", "", advice);
	}
	d->nchecks++;
}

/* The full path of @rel for messages: "<sysroot>/<rel>". */
static const char *show(const struct doc *d, const char *rel, char *buf,
			size_t len)
{
	return ovf_root_display(&d->root, rel, buf, len);
}

static DIR *opendir_root(const struct doc *d, const char *rel)
{
	int fd = ovf_open(&d->root, rel, O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);
	DIR *dir;

	if (fd < 0)
		return NULL;
	dir = fdopendir(fd);
	if (!dir)
		close(fd);
	return dir;
}

/* Entries of a directory under the root, dot files left out; -errno if none. */
static int count_entries(const struct doc *d, const char *rel)
{
	struct dirent *e;
	DIR *dir = opendir_root(d, rel);
	int n = 0;

	if (!dir)
		return -errno;
	while ((e = readdir(dir)))
		if (e->d_name[0] != '.')
			n++;
	closedir(dir);
	return n;
}

/* Does the whitespace-separated @text hold a word starting with @prefix? */
static const char *find_word(const char *text, const char *prefix)
{
	const char *p = text;
	size_t n = strlen(prefix);

	while ((p = strstr(p, prefix))) {
		if ((p == text || p[-1] == ' ' || p[-1] == '\t' || p[-1] == '\n'))
			return p;
		p += n;
	}
	return NULL;
}

static void check_gpu(struct doc *d, const char *dev)
{
	struct ovf_gpu g;
	struct ovf_err e;
	int err;

	err = ovf_gpu_find(&d->root, dev, 0, &g, &e);
	if (err < 0 && !strcmp(e.action, "scan"))
		result(d, "gpu", ST_FAIL, "is this a Linux sysfs tree with PCI devices?",
		       "cannot scan PCI devices: %s", ovf_err_why(&e));
	else if (err == -ENODEV && dev)
		result(d, "gpu", ST_FAIL, "give the GPU's address as lspci -D shows it",
		       "no PCI device %s", dev);
	else if (err == -ENODEV)
		result(d, "gpu", ST_FAIL, "is the GPU powered off or removed? "
		       "(bbswitch, a switcher, or a missing PCI rescan)",
		       "no NVIDIA display device found");
	else if (err == -EEXIST)
		result(d, "gpu", ST_FAIL, "choose one with --device ADDR",
		       "%d NVIDIA display devices", g.ncands);
	else if (err == -EIO)
		result(d, "gpu", ST_FAIL, NULL, "cannot scan PCI devices: %s",
		       ovf_err_why(&e));
	else if (err < 0)
		result(d, "gpu", ST_FAIL, NULL, "looking up the GPU: %s",
		       strerror(-err));
	if (err < 0)
		return;
	d->gpu = g.dev;
	d->have_gpu = 1;
	snprintf(d->gpu_addr, sizeof(d->gpu_addr), "%s", g.name);
	result(d, "gpu", ST_OK, NULL, "%s [%04x:%04x] driver %s", d->gpu_addr,
	       d->gpu.vendor, d->gpu.device,
	       d->gpu.driver[0] ? d->gpu.driver : "none");
}

static void check_iommu(struct doc *d)
{
	char *cmdline = NULL, path[4400];
	const char *flag;
	int n;

	n = count_entries(d, "sys/kernel/iommu_groups");
	if (n < 0 && n != -ENOENT) {
		result(d, "iommu", ST_FAIL, NULL, "cannot read %s: %s",
		       show(d, "sys/kernel/iommu_groups", path, sizeof(path)),
		       strerror(-n));
		return;
	}
	if (ovf_read_text(&d->root, "proc/cmdline", &cmdline, 65536) < 0)
		cmdline = NULL;
	flag = cmdline ? find_word(cmdline, "intel_iommu=") : NULL;
	if (!flag && cmdline)
		flag = find_word(cmdline, "amd_iommu=");
	if (n > 0) {
		char f[64] = "";

		if (flag)
			snprintf(f, sizeof(f), " (%.*s)", (int)strcspn(flag, " \t\n"),
				 flag);
		result(d, "iommu", ST_OK, NULL, "%d IOMMU groups%s", n, f);
	} else if (flag && strncmp(strchr(flag, '=') + 1, "off", 3) == 0) {
		result(d, "iommu", ST_FAIL, "remove it from the kernel command line",
		       "the IOMMU is turned off on the kernel command line");
	} else if (flag) {
		result(d, "iommu", ST_FAIL, "enable VT-d / AMD-Vi in the firmware setup",
		       "no IOMMU groups although the kernel command line asks "
		       "for the IOMMU");
	} else {
		result(d, "iommu", ST_FAIL, "add intel_iommu=on (Intel) or amd_iommu=on "
		       "to the kernel command line, and enable VT-d / AMD-Vi in the "
		       "firmware setup", "no IOMMU groups (sys/kernel/iommu_groups is "
		       "empty)");
	}
	free(cmdline);
}

/* Is @drv one that leaves a group member fit for vfio? */
static int vfio_friendly(const char *drv)
{
	return !drv[0] || !strcmp(drv, "vfio-pci") || !strcmp(drv, "pci-stub") ||
	       !strcmp(drv, "pcieport");
}

static void check_group(struct doc *d)
{
	char rel[300], drv[64], cls[32], slotbad[512] = "", otherbad[512] = "";
	char path[4400];
	struct dirent *e;
	struct ovf_pci_addr a;
	DIR *dir;
	int n = 0;

	if (!d->have_gpu) {
		result(d, "iommu-group", ST_SKIP, NULL, "no GPU");
		return;
	}
	if (d->gpu.iommu_group < 0) {
		result(d, "iommu-group", ST_FAIL, "enable the IOMMU (see the iommu check)",
		       "%s is in no IOMMU group", d->gpu_addr);
		return;
	}
	snprintf(rel, sizeof(rel), "sys/kernel/iommu_groups/%d/devices",
		 d->gpu.iommu_group);
	dir = opendir_root(d, rel);
	if (!dir) {
		result(d, "iommu-group", ST_FAIL, NULL, "cannot read %s: %s",
		       show(d, rel, path, sizeof(path)), strerror(errno));
		return;
	}
	while ((e = readdir(dir))) {
		char *buf;
		size_t len;

		if (e->d_name[0] == '.' || ovf_pci_addr_parse(e->d_name, &a) < 0)
			continue;
		n++;
		if (ovf_readlink_basef(&d->root, drv, sizeof(drv),
				       "sys/bus/pci/devices/%s/driver", e->d_name) < 0)
			drv[0] = '\0';
		if (ovf_read_strf(&d->root, cls, sizeof(cls),
				  "sys/bus/pci/devices/%s/class", e->d_name) < 0)
			cls[0] = '\0';
		/* bridges stay with the host: vfio accepts them in a group */
		if (vfio_friendly(drv) || !strncmp(cls, "0x0604", 6))
			continue;
		if (a.domain == d->gpu.addr.domain && a.bus == d->gpu.addr.bus &&
		    a.dev == d->gpu.addr.dev)
			buf = slotbad;
		else
			buf = otherbad;
		len = strlen(buf);
		snprintf(buf + len, 512 - len, "%s%s (%s)", len ? ", " : "",
			 e->d_name, drv);
	}
	closedir(dir);
	if (otherbad[0])
		result(d, "iommu-group", ST_FAIL, "pass those devices through as well, "
		       "or move the GPU to a slot with its own group",
		       "group %d shares the GPU with host devices: %s",
		       d->gpu.iommu_group, otherbad);
	else if (slotbad[0])
		result(d, "iommu-group", ST_WARN, "let libvirt detach it (managed='yes') "
		       "or run gpu-reset and pci-override --set none first",
		       "group %d: the GPU's functions are bound to host drivers: %s",
		       d->gpu.iommu_group, slotbad);
	else
		result(d, "iommu-group", ST_OK, NULL, "group %d (%d devices) is viable",
		       d->gpu.iommu_group, n);
}

/* Search <root>/lib/modules/<rel> for acpi_call.ko*, depth-first, bounded. */
static int find_module(const struct doc *d, const char *rel, int depth,
		       char *found, size_t len)
{
	struct dirent *e;
	DIR *dir;
	char sub[1024];
	int hit = 0;

	if (depth > 6 || !(dir = opendir_root(d, rel)))
		return 0;
	while (!hit && (e = readdir(dir))) {
		if (e->d_name[0] == '.')
			continue;
		snprintf(sub, sizeof(sub), "%s/%s", rel, e->d_name);
		if (!strncmp(e->d_name, "acpi_call.ko", 12) ||
		    !strncmp(e->d_name, "acpi-call.ko", 12)) {
			snprintf(found, len, "%s", sub);
			hit = 1;
		} else if (e->d_type == DT_DIR || e->d_type == DT_UNKNOWN) {
			hit = find_module(d, sub, depth + 1, found, len);
		}
	}
	closedir(dir);
	return hit;
}

/* 1 on, 0 off, -1 unknown (no EFI variables). */
static int secure_boot(const struct doc *d)
{
	unsigned char buf[16];
	ssize_t n;
	int fd = ovf_open(&d->root, SECUREBOOT_VAR, O_RDONLY | O_CLOEXEC, 0);

	if (fd < 0)
		return -1;
	n = read(fd, buf, sizeof(buf));
	close(fd);
	if (n <= 0)
		return -1;
	return buf[n - 1] == 1;
}

static void check_acpi_call(struct doc *d, int *loaded)
{
	char rel_[256], rel[256], osr[128], found[1024] = "";
	int sb = secure_boot(d), have;

	*loaded = ovf_exists(&d->root, OVF_ACPI_CALL_PATH) == 0;
	if (ovf_read_str(&d->root, "proc/sys/kernel/osrelease", osr, sizeof(osr)) < 0)
		osr[0] = '\0';
	snprintf(rel_, sizeof(rel_), "lib/modules/%s", osr);
	have = osr[0] && find_module(d, rel_, 0, found, sizeof(found));
	snprintf(rel, sizeof(rel), "lib/modules/%s", osr[0] ? osr : "<release>");
	if (*loaded)
		result(d, "acpi_call", ST_OK, NULL, "loaded (/proc/acpi/call)");
	else if (have)
		result(d, "acpi_call", ST_WARN, "modprobe acpi_call (needed to dump the "
		       "vBIOS)", "installed (/%s) but not loaded", found);
	else
		result(d, "acpi_call", ST_FAIL, "install acpi_call (Debian: acpi-call-dkms; "
		       "Arch: acpi_call-dkms); dump_vbios_rom_acpi needs it",
		       "no acpi_call module under /%s", rel);

	if (sb < 0)
		result(d, "secure-boot", ST_SKIP, NULL, "no EFI SecureBoot variable");
	else if (!sb)
		result(d, "secure-boot", ST_OK, NULL, "Secure Boot is off");
	else if (*loaded)
		result(d, "secure-boot", ST_OK, NULL, "Secure Boot is on; acpi_call is "
		       "loaded, so it is signed");
	else
		result(d, "secure-boot", ST_WARN, "sign acpi_call with an enrolled MOK "
		       "key (DKMS can do it), or the kernel refuses to load it",
		       "Secure Boot is on");
}

static void check_rom(struct doc *d, int loaded)
{
	struct ovf_acpi_call ac;
	struct ovf_acpi_result res;
	struct ovf_err e;
	char norm[300], cmd[400], path[4400];
	int err;

	if (d->no_acpi) {
		result(d, "acpi-rom", ST_SKIP, NULL, "--no-acpi");
		return;
	}
	if (!d->have_gpu) {
		result(d, "acpi-rom", ST_SKIP, NULL, "no GPU");
		return;
	}
	if (d->gpu.acpi_path_err && d->gpu.acpi_path_err != -ENOENT) {
		ovf_err_root(&e, &d->root, d->gpu.acpi_path_err, "read",
			     "sys/bus/pci/devices/%s/firmware_node/path", d->gpu_addr);
		result(d, "acpi-rom", ST_FAIL, NULL, "cannot read %s: %s", e.path,
		       ovf_err_why(&e));
		return;
	}
	if (!d->gpu.acpi_path[0]) {
		result(d, "acpi-rom", ST_FAIL, "the vBIOS must come from elsewhere "
		       "(a ROM file of the same laptop model)",
		       "%s has no ACPI firmware node", d->gpu_addr);
		return;
	}
	if (ovf_acpi_path_normalise(d->gpu.acpi_path, norm, sizeof(norm)) < 0) {
		result(d, "acpi-rom", ST_FAIL, NULL, "unusable ACPI path '%s'",
		       d->gpu.acpi_path);
		return;
	}
	if (!loaded) {
		result(d, "acpi-rom", ST_SKIP, NULL, "acpi_call is not loaded; %s._ROM "
		       "not evaluated", norm);
		return;
	}
	err = ovf_acpi_call_open(&ac, &d->root, 5000, &e);
	if (err < 0) {
		/* the library's words for a timeout name its wait; ours stay */
		result(d, "acpi-rom", ST_WARN, "try again; is another tool using "
		       "acpi_call?", "%s %s: %s", e.action, e.path, strerror(-err));
		return;
	}
	snprintf(cmd, sizeof(cmd), "%s._ROM 0 2", norm);
	err = ovf_acpi_call_eval(&ac, cmd, &res);
	ovf_acpi_call_close(&ac);
	if (err < 0) {
		result(d, "acpi-rom", ST_WARN, NULL, "evaluating %s via %s: %s", cmd,
		       show(d, OVF_ACPI_CALL_PATH, path, sizeof(path)),
		       strerror(-err));
		return;
	}
	/* The same signatures the dumper and vbios-info accept */
	if (res.type == OVF_ACPI_BUFFER && ovf_rom_sig_ok(res.buf, res.len))
		result(d, "acpi-rom", ST_OK, NULL, "%s._ROM serves a ROM image", norm);
	else if (res.type == OVF_ACPI_BUFFER)
		result(d, "acpi-rom", ST_WARN, "check the dump with vbios-info",
		       "%s._ROM answers but not with a ROM signature", norm);
	else if (res.type == OVF_ACPI_ERROR)
		result(d, "acpi-rom", ST_FAIL, "the vBIOS must come from elsewhere "
		       "(a ROM file of the same laptop model)", "%s._ROM: %s", norm,
		       res.str ? res.str : "error");
	else
		result(d, "acpi-rom", ST_WARN, NULL, "%s._ROM returned a %s", norm,
		       ovf_acpi_type_name(res.type));
	ovf_acpi_result_free(&res);
}

static void check_switchers(struct doc *d)
{
	static const struct {
		const char *path, *name;
	} files[] = {
		{ "etc/optimus-manager/optimus-manager.conf", "optimus-manager" },
		{ "usr/lib/systemd/system/optimus-manager.service", "optimus-manager" },
		{ "lib/systemd/system/optimus-manager.service", "optimus-manager" },
		{ "etc/udev/rules.d/50-remove-nvidia.rules", "envycontrol" },
		{ "etc/udev/rules.d/80-nvidia-pm.rules", "envycontrol" },
		{ "etc/modprobe.d/blacklist-nvidia.conf", "envycontrol" },
		{ "etc/supergfxd.conf", "supergfxctl" },
		{ "usr/lib/systemd/system/supergfxd.service", "supergfxctl" },
		{ "lib/systemd/system/supergfxd.service", "supergfxctl" },
		{ "sys/module/bbswitch/initstate", "bbswitch" },
	};
	char found[1024] = "";
	size_t i, len;

	for (i = 0; i < ARRAY_SIZE(files); i++) {
		if (ovf_exists(&d->root, files[i].path) < 0)
			continue;
		len = strlen(found);
		snprintf(found + len, sizeof(found) - len, "%s%s (/%s)",
			 len ? ", " : "", files[i].name, files[i].path);
	}
	if (found[0])
		result(d, "switchers", ST_WARN, "remove it or set it to leave the NVIDIA "
		       "GPU alone: it powers or binds the GPU behind the tools' back",
		       "GPU switcher found: %s", found);
	else
		result(d, "switchers", ST_OK, NULL, "no optimus-manager, envycontrol, "
		       "supergfxctl or bbswitch");
}

/* Lines of etc/modprobe.d/ that blacklist or disable nvidia modules. */
static void check_blacklist(struct doc *d)
{
	char found[1024] = "", rel[512];
	struct dirent *e;
	DIR *dir = opendir_root(d, "etc/modprobe.d");
	size_t len;

	while (dir && (e = readdir(dir))) {
		char *text = NULL, *line, *save = NULL;

		if (e->d_name[0] == '.')
			continue;
		snprintf(rel, sizeof(rel), "etc/modprobe.d/%s", e->d_name);
		if (ovf_read_text(&d->root, rel, &text, 1 << 20) < 0)
			continue;
		for (line = strtok_r(text, "\n", &save); line;
		     line = strtok_r(NULL, "\n", &save)) {
			char w1[32], w2[64];

			if (sscanf(line, " %31s %63s", w1, w2) != 2 ||
			    strncmp(w2, "nvidia", 6))
				continue;
			if (strcmp(w1, "blacklist") && strcmp(w1, "install"))
				continue;
			len = strlen(found);
			if (!strstr(found, e->d_name))
				snprintf(found + len, sizeof(found) - len, "%s/%s",
					 len ? ", " : "", rel);
		}
		free(text);
	}
	if (dir)
		closedir(dir);
	if (found[0])
		result(d, "blacklist", ST_WARN, "gpu-reset reloads nvidia after the VM: "
		       "drop the blacklist or leave 'load' out of its steps",
		       "nvidia modules blacklisted in %s", found);
	else
		result(d, "blacklist", ST_OK, NULL, "no nvidia blacklist in "
		       "/etc/modprobe.d");
}

static void check_daemons(struct doc *d)
{
	char found[512] = "", comm[64], rel[300];
	struct dirent *e;
	DIR *dir = opendir_root(d, "proc");
	size_t len;

	while (dir && (e = readdir(dir))) {
		if (e->d_name[0] < '0' || e->d_name[0] > '9')
			continue;
		snprintf(rel, sizeof(rel), "proc/%s/comm", e->d_name);
		if (ovf_read_str(&d->root, rel, comm, sizeof(comm)) < 0)
			continue;
		if (strcmp(comm, "nvidia-persiste") && strcmp(comm, "nvidia-persistenced") &&
		    strcmp(comm, "nvidia-powerd"))
			continue;
		if (strstr(found, comm))
			continue;
		len = strlen(found);
		snprintf(found + len, sizeof(found) - len, "%s%s (pid %s)",
			 len ? ", " : "", comm, e->d_name);
	}
	if (dir)
		closedir(dir);
	if (found[0])
		result(d, "nvidia-daemons", ST_WARN, "stop and disable them (systemctl "
		       "disable --now): they keep nvidia loaded and the GPU busy",
		       "running: %s", found);
	else
		result(d, "nvidia-daemons", ST_OK, NULL, "no nvidia-persistenced or "
		       "nvidia-powerd running");
}

static void check_power(struct doc *d)
{
	char d3[16], ps[32], rm[128];
	struct ovf_err e;
	ssize_t n;

	if (!d->have_gpu) {
		result(d, "power", ST_SKIP, NULL, "no GPU");
		result(d, "reset", ST_SKIP, NULL, "no GPU");
		return;
	}
	if (ovf_read_strf(&d->root, d3, sizeof(d3),
			  "sys/bus/pci/devices/%s/d3cold_allowed", d->gpu_addr) < 0)
		snprintf(d3, sizeof(d3), "?");
	if (ovf_read_strf(&d->root, ps, sizeof(ps),
			  "sys/bus/pci/devices/%s/power_state", d->gpu_addr) < 0)
		snprintf(ps, sizeof(ps), "?");
	if (!strcmp(ps, "D3cold"))
		result(d, "power", ST_WARN, "gpu-reset's power step wakes it; or echo 0 "
		       "> d3cold_allowed before starting the VM",
		       "the GPU is in D3cold now (d3cold_allowed %s)", d3);
	else
		result(d, "power", ST_OK, NULL, "power state %s, d3cold_allowed %s", ps,
		       d3);

	n = ovf_read_strf(&d->root, rm, sizeof(rm),
			  "sys/bus/pci/devices/%s/reset_method", d->gpu_addr);
	if (n < 0 && n != -ENOENT) {
		ovf_err_root(&e, &d->root, (int)n, "read",
			     "sys/bus/pci/devices/%s/reset_method", d->gpu_addr);
		result(d, "reset", ST_WARN, NULL, "cannot read %s: %s", e.path,
		       ovf_err_why(&e));
	} else if (n <= 0)
		result(d, "reset", ST_WARN, "without a reset the GPU may not restart in "
		       "a second VM run: use gpu-reset between runs",
		       "the kernel has no reset method for the GPU");
	else
		result(d, "reset", ST_OK, NULL, "reset methods: %s", rm);
}

static void check_audio(struct doc *d)
{
	struct ovf_gpu_func funcs[OVF_GPU_MAX_FUNCS];
	char ovr[64], bad[512] = "";
	const char *a;
	struct ovf_err e;
	ssize_t err;
	int i, n, naud = 0;
	size_t len;

	if (!d->have_gpu) {
		result(d, "audio", ST_SKIP, NULL, "no GPU");
		return;
	}
	n = ovf_gpu_slot_functions(&d->root, &d->gpu.addr, funcs, OVF_GPU_MAX_FUNCS, &e);
	if (n < 0) {
		result(d, "audio", ST_WARN, NULL, "cannot scan PCI devices: %s",
		       ovf_err_why(&e));
		return;
	}
	for (i = 0; i < n && i < OVF_GPU_MAX_FUNCS; i++) {
		struct ovf_gpu_func *f = &funcs[i];

		if (!ovf_gpu_func_is_audio(f))
			continue;
		naud++;
		a = f->name;
		err = ovf_read_strf(&d->root, ovr, sizeof(ovr),
				    "sys/bus/pci/devices/%s/driver_override", a);
		if (err < 0 && err != -ENOENT) {
			ovf_err_root(&e, &d->root, (int)err, "read",
				     "sys/bus/pci/devices/%s/driver_override", a);
			result(d, "audio", ST_WARN, NULL, "cannot read %s: %s", e.path,
			       ovf_err_why(&e));
			return;
		}
		if (err < 0 || !strcmp(ovr, "(null)"))
			ovr[0] = '\0';
		if ((!strcmp(ovr, "none") || !strcmp(ovr, "vfio-pci")) &&
		    (!f->driver[0] || !strcmp(f->driver, "vfio-pci")))
			continue;
		len = strlen(bad);
		snprintf(bad + len, sizeof(bad) - len, "%s%s override %s driver %s",
			 len ? ", " : "", a, ovr[0] ? ovr : "-",
			 f->driver[0] ? f->driver : "-");
	}
	if (bad[0])
		result(d, "audio", ST_WARN, "pci-override --set none --persist",
		       "the GPU's audio function is not kept from host drivers: %s", bad);
	else if (naud)
		result(d, "audio", ST_OK, NULL, "%d audio function(s) kept from host "
		       "drivers", naud);
	else
		result(d, "audio", ST_OK, NULL, "no audio function in the GPU's slot");
}

/* Parse the first "X.Y[.Z]" in @s into a comparable number; 0 if none. */
static unsigned long version_num(const char *s)
{
	unsigned long x, y, z;
	char *e;

	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			continue;
		x = strtoul(s, &e, 10);
		if (*e != '.' || e[1] < '0' || e[1] > '9')
			continue;
		y = strtoul(e + 1, &e, 10);
		z = 0;
		if (*e == '.' && e[1] >= '0' && e[1] <= '9')
			z = strtoul(e + 1, &e, 10);
		/* Parts past 999 would spill into the next one. */
		if (x > 9999 || y > 999 || z > 999)
			return 0;
		return x * 1000000ul + y * 1000ul + z;
	}
	return 0;
}

/* First line of `cmd` run through sh; "" if it could not run. */
static void run_version(const char *cmd, char *out, size_t len)
{
	FILE *p = popen(cmd, "r");

	out[0] = '\0';
	if (!p)
		return;
	if (!fgets(out, len, p))
		out[0] = '\0';
	out[strcspn(out, "\n")] = '\0';
	pclose(p);
}

static void check_versions(struct doc *d)
{
	char v[256];
	unsigned long n;

	if (ovf_root_is_sysroot(&d->root)) {
		result(d, "libvirt", ST_SKIP, NULL, "not asked with a sysroot");
		result(d, "qemu", ST_SKIP, NULL, "not asked with a sysroot");
		return;
	}
	run_version("virsh --version 2>/dev/null", v, sizeof(v));
	n = version_num(v);
	if (!n)
		result(d, "libvirt", ST_WARN, "install libvirt (Debian: libvirt-clients "
		       "libvirt-daemon-driver-qemu), or use QEMU directly",
		       "virsh not found");
	else if (n < 6005000)
		result(d, "libvirt", ST_FAIL, "upgrade libvirt", "libvirt %s: fw_cfg "
		       "<sysinfo> for the ROM needs 6.5.0", v);
	else if (n < 8002000)
		result(d, "libvirt", ST_WARN, "upgrade libvirt, or set the subsystem IDs "
		       "with <qemu:commandline>", "libvirt %s: vfio-domain's "
		       "qemu:override needs 8.2.0", v);
	else
		result(d, "libvirt", ST_OK, NULL, "libvirt %s", v);
	run_version("qemu-system-x86_64 --version 2>/dev/null", v, sizeof(v));
	n = version_num(v);
	if (!n)
		result(d, "qemu", ST_FAIL, "install QEMU (Debian: qemu-system-x86)",
		       "qemu-system-x86_64 not found");
	else
		result(d, "qemu", ST_OK, NULL, "%s", v);
}

int main(int argc, char **argv)
{
	enum { OPT_NO_ACPI = 256 };
	static const struct option longopts[] = {
		{ "device", required_argument, NULL, 'd' },
		{ "json", no_argument, NULL, 'j' },
		{ "no-acpi", no_argument, NULL, OPT_NO_ACPI },
		{ "sysroot", required_argument, NULL, 's' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	static const int codes[] = { OVF_EXIT_OK, OVF_EXIT_OK, OVF_EXIT_WARN, OVF_EXIT_FAILED };
	struct doc d = { .worst = ST_OK };
	struct ovf_pci_addr a;
	const char *sysroot = NULL, *dev = NULL;
	int c, loaded;

	ovf_tool_init(prog, argc, argv);
	while ((c = getopt_long(argc, argv, "d:js:hV", longopts, NULL)) != -1) {
		switch (c) {
		case 'd':
			dev = optarg;
			break;
		case 'j':
			d.json = 1;
			break;
		case OPT_NO_ACPI:
			d.no_acpi = 1;
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
	if (dev && ovf_pci_addr_parse(dev, &a) < 0) {
		ovf_err_pci_addr(dev);
		return cannot_run_json(&d);
	}
	if (ovf_tool_root_open(&d.root, sysroot) < 0)
		return cannot_run_json(&d);
	if (d.json)
		fputs("{\n  \"checks\": [", stdout);
	check_gpu(&d, dev);
	check_iommu(&d);
	check_group(&d);
	check_acpi_call(&d, &loaded);
	check_rom(&d, loaded);
	check_switchers(&d);
	check_blacklist(&d);
	check_daemons(&d);
	check_power(&d);
	check_audio(&d);
	check_versions(&d);
	if (d.json)
		printf("\n  ],\n  \"result\": \"%s\",\n  \"exit\": %d\n}\n",
		       st_json[d.worst == ST_SKIP ? ST_OK : d.worst], codes[d.worst]);
	ovf_root_close(&d.root);
	return codes[d.worst];
}

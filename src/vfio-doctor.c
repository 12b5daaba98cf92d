// SPDX-License-Identifier: GPL-2.0-or-later
/* vfio-doctor: read-only preflight of a laptop for GPU passthrough: will it work, and if not, why. */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ovf/acpi_call.h"
#include "ovf/doctor.h"
#include "ovf/domain.h"
#include "ovf/gpu.h"
#include "ovf/err.h"
#include "ovf/json.h"
#include "ovf/libvirt_xml.h"
#include "ovf/pciaddr.h"
#include "ovf/pcidev.h"
#include "ovf/rom.h"
#include "ovf/root.h"
#include "ovf/tool.h"
#include "ovf/util.h"

static const char *prog = "vfio-doctor";

/* The library's verdicts (ovf_doc_status), by severity: the exit follows the worst. */
enum status { ST_OK = OVF_DOC_OK, ST_SKIP = OVF_DOC_SKIP, ST_WARN = OVF_DOC_WARN,
	      ST_FAIL = OVF_DOC_FAIL };
static const char *const st_text[] = { "OK", "SKIP", "WARN", "FAIL" };
static const char *const st_json[] = { "ok", "skip", "warn", "fail" };

/* What the checks found that decides the workarounds: 1 yes, 0 no, -1 not known. */
struct workarounds {
	int no_rom_bar;		/* --no-rom-bar */
	int muxless;		/* no display outputs of its own */
	int rom_bar;		/* the ROM BAR reads a valid image */
	int acpi_rom;		/* _ROM on the GPU's node serves an image */
	int acpi_call;		/* loaded */
	int module_blocked;	/* Secure Boot or lockdown, acpi_call not loaded */
	int audio_held;		/* an audio function not kept from host drivers */
	int no_reset;		/* the kernel has no reset method */
	int naudio;
	char audio_shared[OVF_PCI_ADDR_LEN];	/* in the GPU's group; "" none */
};

/* One line of the "what to run" list. */
struct todo {
	char cmd[160];
	const char *why;
};

struct doc {
	struct ovf_root root;
	int json, no_acpi, nchecks;
	enum status worst;
	int have_gpu;
	struct ovf_pcidev gpu;
	char gpu_addr[OVF_PCI_ADDR_LEN];
	struct workarounds w;
	const char *domain_xml, *domain;	/* --domain-xml FILE, --domain NAME */
	xmlDoc *dom;				/* the domain read, NULL: none */
};

static void __attribute__((noreturn)) usage(void)
{
	printf("Usage: %s [options]\n"
	       "\n"
	       "Check, without changing anything, whether GPU passthrough can work on\n"
	       "this laptop: IOMMU and the GPU's IOMMU group, acpi_call and Secure Boot,\n"
	       "the GPU's ACPI _ROM, conflicting GPU switchers, NVIDIA daemons, power\n"
	       "and reset of the GPU, its audio function, libvirt and QEMU versions;\n"
	       "then which workarounds this machine needs: lockdown, MUX or muxless,\n"
	       "the PCI ROM BAR, the audio function's IOMMU group; and with a domain\n"
	       "what it needs of this host (its ROM BAR file, its kvmfr device). Each\n"
	       "check prints OK, WARN, FAIL or SKIP and, unless OK, one line of advice;\n"
	       "a \"What to run\" list of commands ends the output.\n"
	       "\n"
	       "Options:\n"
	       "  -d, --device ADDR      the GPU (default: the one NVIDIA display device)\n"
	       "  -j, --json             print the results as one JSON object\n"
	       "      --no-acpi          do not evaluate _ROM through acpi_call\n"
	       "      --no-rom-bar       do not read the GPU's ROM BAR (the one write:\n"
	       "                         rom <- 1, read, rom <- 0)\n"
	       "      --domain-xml FILE  also check what this libvirt domain XML needs\n"
	       "                         (its ROM BAR file, its kvmfr device)\n"
	       "      --domain NAME      the same for a defined domain (virsh dumpxml;\n"
	       "                         skipped with a sysroot)\n"
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

/* Append ", "-separated text to @buf, cut at its size as before. */
static void __attribute__((format(printf, 3, 4)))
list_add(char *buf, size_t size, const char *fmt, ...)
{
	size_t len = strlen(buf);
	va_list ap;

	if (len && len + 1 < size)
		len += snprintf(buf + len, size - len, ", ");
	if (len + 1 >= size)
		return;
	va_start(ap, fmt);
	vsnprintf(buf + len, size - len, fmt, ap);
	va_end(ap);
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
	struct ovf_doc_iommu f;
	enum status st = (enum status)ovf_doctor_iommu(&d->root, &f);
	char flag[80] = "";

	switch (f.why) {
	case OVF_IOMMU_UNREADABLE:
		result(d, "iommu", st, NULL, "cannot read %s: %s", f.e.path,
		       ovf_err_why(&f.e));
		break;
	case OVF_IOMMU_GROUPS:
		if (f.flag[0])
			snprintf(flag, sizeof(flag), " (%s)", f.flag);
		result(d, "iommu", st, NULL, "%d IOMMU groups%s", f.ngroups, flag);
		break;
	case OVF_IOMMU_OFF:
		result(d, "iommu", st, "remove it from the kernel command line",
		       "the IOMMU is turned off on the kernel command line");
		break;
	case OVF_IOMMU_ASKED:
		result(d, "iommu", st, "enable VT-d / AMD-Vi in the firmware setup",
		       "no IOMMU groups although the kernel command line asks "
		       "for the IOMMU");
		break;
	case OVF_IOMMU_NONE:
		result(d, "iommu", st, "add intel_iommu=on (Intel) or amd_iommu=on "
		       "to the kernel command line, and enable VT-d / AMD-Vi in the "
		       "firmware setup", "no IOMMU groups (sys/kernel/iommu_groups is "
		       "empty)");
		break;
	}
}

static void check_group(struct doc *d)
{
	char slotbad[512] = "", otherbad[512] = "";
	struct ovf_doc_group f;
	enum status st;
	int i;

	if (!d->have_gpu) {
		result(d, "iommu-group", ST_SKIP, NULL, "no GPU");
		return;
	}
	st = (enum status)ovf_doctor_group(&d->root, &d->gpu, &f);
	for (i = 0; i < f.nbad; i++)
		list_add(f.bad[i].in_slot ? slotbad : otherbad, 512, "%s (%s)",
			 f.bad[i].name, f.bad[i].driver);
	switch (f.why) {
	case OVF_GROUP_NONE:
		result(d, "iommu-group", st, "enable the IOMMU (see the iommu check)",
		       "%s is in no IOMMU group", d->gpu_addr);
		break;
	case OVF_GROUP_UNREADABLE:
		result(d, "iommu-group", st, NULL, "cannot read %s: %s", f.e.path,
		       ovf_err_why(&f.e));
		break;
	case OVF_GROUP_SHARED:
		result(d, "iommu-group", st, "pass those devices through as well, "
		       "or move the GPU to a slot with its own group",
		       "group %d shares the GPU with host devices: %s", f.group,
		       otherbad);
		break;
	case OVF_GROUP_SLOT_BOUND:
		result(d, "iommu-group", st, "let libvirt detach it (managed='yes') "
		       "or run gpu-reset and pci-override --set none first",
		       "group %d: the GPU's functions are bound to host drivers: %s",
		       f.group, slotbad);
		break;
	case OVF_GROUP_VIABLE:
		result(d, "iommu-group", st, NULL, "group %d (%d devices) is viable",
		       f.group, f.ndevices);
		break;
	}
}

/*
 * The two ways out when the kernel loads signed modules only (Debian's
 * DKMS signs what it builds with /var/lib/dkms/mok.key; the firmware must
 * trust mok.pub), and the vBIOS read without acpi_call.
 */
static const char ways_out[] = "enrol DKMS's signing key: mokutil --import "
	"/var/lib/dkms/mok.pub (choose a one-time password), reboot, pick "
	"\"Enroll MOK\" in MOK Manager and give that password, then modprobe "
	"acpi_call; or do without acpi_call: vbios-extract --rom-bar -o vbios.rom, "
	"or vbios-extract --firmware UPDATE.exe -o vbios.rom";

static int check_acpi_call(struct doc *d)
{
	struct ovf_doc_acpi_call f;
	enum status st = (enum status)ovf_doctor_acpi_call(&d->root, &f);

	if (f.loaded)
		result(d, "acpi_call", st, NULL, "loaded (/proc/acpi/call)");
	else if (f.module[0])
		result(d, "acpi_call", st, "modprobe acpi_call (needed to dump the "
		       "vBIOS)", "installed (/%s) but not loaded", f.module);
	else
		result(d, "acpi_call", st, "install acpi_call (Debian: acpi-call-dkms; "
		       "Arch: acpi_call-dkms); dump_vbios_rom_acpi needs it",
		       "no acpi_call module under /lib/modules/%s",
		       f.osrelease[0] ? f.osrelease : "<release>");

	st = (enum status)f.sb_status;
	if (f.secure_boot < 0)
		result(d, "secure-boot", st, NULL, "no EFI SecureBoot variable");
	else if (!f.secure_boot)
		result(d, "secure-boot", st, NULL, "Secure Boot is off");
	else if (f.loaded)
		result(d, "secure-boot", st, NULL, "Secure Boot is on; acpi_call is "
		       "loaded, so it is signed");
	else
		result(d, "secure-boot", st, ways_out, "Secure Boot is on: the "
		       "kernel loads acpi_call only if it is signed with an enrolled "
		       "key");
	d->w.acpi_call = f.loaded;
	if (f.secure_boot > 0 && !f.loaded)
		d->w.module_blocked = 1;
	return f.loaded;
}

static void check_rom(struct doc *d, int loaded)
{
	static const char elsewhere[] = "the vBIOS must come from elsewhere "
					"(a ROM file of the same laptop model)";
	struct ovf_doc_rom f;
	char path[4400];
	enum status st;

	if (d->no_acpi) {
		result(d, "acpi-rom", ST_SKIP, NULL, "--no-acpi");
		return;
	}
	if (!d->have_gpu) {
		result(d, "acpi-rom", ST_SKIP, NULL, "no GPU");
		return;
	}
	st = (enum status)ovf_doctor_rom(&d->root, &d->gpu, d->gpu_addr, loaded,
					 5000, &f);
	d->w.acpi_rom = f.why == OVF_ROM_IMAGE ? 1 :
			f.why == OVF_ROM_NO_NODE || f.why == OVF_ROM_ACPI_ERROR ? 0 : -1;
	switch (f.why) {
	case OVF_ROM_NODE_UNREADABLE:
		result(d, "acpi-rom", st, NULL, "cannot read %s: %s", f.e.path,
		       ovf_err_why(&f.e));
		break;
	case OVF_ROM_NO_NODE:
		result(d, "acpi-rom", st, elsewhere, "%s has no ACPI firmware node",
		       d->gpu_addr);
		break;
	case OVF_ROM_BAD_PATH:
		result(d, "acpi-rom", st, NULL, "unusable ACPI path '%s'",
		       d->gpu.acpi_path);
		break;
	case OVF_ROM_NOT_LOADED:
		result(d, "acpi-rom", st, NULL, "acpi_call is not loaded; %s._ROM "
		       "not evaluated", f.path);
		break;
	case OVF_ROM_BUSY:
		/* the library's words for a timeout name its wait; ours stay */
		result(d, "acpi-rom", st, "try again; is another tool using "
		       "acpi_call?", "%s %s: %s", f.e.action, f.e.path,
		       strerror(-f.err));
		break;
	case OVF_ROM_EVAL_FAILED:
		result(d, "acpi-rom", st, NULL, "evaluating %s via %s: %s", f.cmd,
		       ovf_root_display(&d->root, OVF_ACPI_CALL_PATH, path,
					sizeof(path)), strerror(-f.err));
		break;
	case OVF_ROM_IMAGE:
		result(d, "acpi-rom", st, NULL, "%s._ROM serves a ROM image", f.path);
		break;
	case OVF_ROM_NO_SIGNATURE:
		result(d, "acpi-rom", st, "check the dump with vbios-info",
		       "%s._ROM answers but not with a ROM signature", f.path);
		break;
	case OVF_ROM_ACPI_ERROR:
		result(d, "acpi-rom", st, elsewhere, "%s._ROM: %s", f.path, f.error);
		break;
	case OVF_ROM_OTHER_TYPE:
		result(d, "acpi-rom", st, NULL, "%s._ROM returned a %s", f.path,
		       ovf_acpi_type_name(f.type));
		break;
	}
}

/* A check that lists what it found: @list empty is OK with @none. */
static void listed(struct doc *d, const char *id, enum status st, const char *list,
		   const char *advice, const char *lead, const char *none)
{
	if (list[0])
		result(d, id, st, advice, "%s%s", lead, list);
	else
		result(d, id, st, NULL, "%s", none);
}

/* What else on the host takes the GPU: switchers, blacklists, daemons. */
static void check_host(struct doc *d)
{
	struct ovf_doc_switchers sw;
	struct ovf_doc_blacklist bl;
	struct ovf_doc_daemons dm;
	char found[1024];
	enum status st;
	int i;

	st = (enum status)ovf_doctor_switchers(&d->root, &sw);
	for (found[0] = '\0', i = 0; i < sw.n; i++)
		list_add(found, sizeof(found), "%s (/%s)", sw.found[i].name,
			 sw.found[i].path);
	listed(d, "switchers", st, found, "remove it or set it to leave the NVIDIA "
	       "GPU alone: it powers or binds the GPU behind the tools' back",
	       "GPU switcher found: ", "no optimus-manager, envycontrol, "
	       "supergfxctl or bbswitch");

	st = (enum status)ovf_doctor_blacklist(&d->root, &bl);
	for (found[0] = '\0', i = 0; i < bl.n; i++)
		list_add(found, sizeof(found), "/%s", bl.file[i]);
	listed(d, "blacklist", st, found, "gpu-reset reloads nvidia after the VM: "
	       "drop the blacklist or leave 'load' out of its steps",
	       "nvidia modules blacklisted in ", "no nvidia blacklist in "
	       "/etc/modprobe.d");

	st = (enum status)ovf_doctor_daemons(&d->root, &dm);
	for (found[0] = '\0', i = 0; i < dm.n; i++)
		list_add(found, sizeof(found), "%s (pid %d)", dm.d[i].comm, (int)dm.d[i].pid);
	listed(d, "nvidia-daemons", st, found, "stop and disable them (systemctl "
	       "disable --now): they keep nvidia loaded and the GPU busy",
	       "running: ", "no nvidia-persistenced or nvidia-powerd running");
}

static void check_power(struct doc *d)
{
	struct ovf_doc_power p;
	struct ovf_doc_reset rs;
	enum status st;

	if (!d->have_gpu) {
		result(d, "power", ST_SKIP, NULL, "no GPU");
		result(d, "reset", ST_SKIP, NULL, "no GPU");
		return;
	}
	st = (enum status)ovf_doctor_power(&d->root, d->gpu_addr, &p);
	if (st != ST_OK)
		result(d, "power", st, "gpu-reset's power step wakes it; or echo 0 "
		       "> d3cold_allowed before starting the VM",
		       "the GPU is in D3cold now (d3cold_allowed %s)",
		       p.d3cold_allowed);
	else
		result(d, "power", st, NULL, "power state %s, d3cold_allowed %s",
		       p.power_state, p.d3cold_allowed);

	st = (enum status)ovf_doctor_reset(&d->root, d->gpu_addr, &rs);
	d->w.no_reset = rs.len == 0;
	if (rs.len < 0)
		result(d, "reset", st, NULL, "cannot read %s: %s", rs.e.path,
		       ovf_err_why(&rs.e));
	else if (!rs.len)
		result(d, "reset", st, "without a reset the GPU may not restart in "
		       "a second VM run: use gpu-reset between runs",
		       "the kernel has no reset method for the GPU");
	else
		result(d, "reset", st, NULL, "reset methods: %s", rs.methods);
}

static void check_audio(struct doc *d)
{
	struct ovf_doc_audio f;
	char bad[512] = "";
	enum status st;
	int i;

	if (!d->have_gpu) {
		result(d, "audio", ST_SKIP, NULL, "no GPU");
		return;
	}
	st = (enum status)ovf_doctor_audio(&d->root, &d->gpu.addr, &f);
	if (f.unreadable == OVF_AUDIO_OVERRIDE) {
		result(d, "audio", st, NULL, "cannot read %s: %s", f.e.path,
		       ovf_err_why(&f.e));
		return;
	}
	if (f.unreadable == OVF_AUDIO_SCAN) {
		result(d, "audio", st, NULL, "cannot scan PCI devices: %s",
		       ovf_err_why(&f.e));
		return;
	}
	d->w.audio_held = f.nbad > 0;
	for (i = 0; i < f.nbad; i++)
		list_add(bad, sizeof(bad), "%s override %s driver %s", f.bad[i].name,
			 f.bad[i].override[0] ? f.bad[i].override : "-",
			 f.bad[i].driver[0] ? f.bad[i].driver : "-");
	if (f.nbad)
		result(d, "audio", st, "pci-override --set none --persist",
		       "the GPU's audio function is not kept from host drivers: %s", bad);
	else if (f.naudio)
		result(d, "audio", st, NULL, "%d audio function(s) kept from host "
		       "drivers", f.naudio);
	else
		result(d, "audio", st, NULL, "no audio function in the GPU's slot");
}

/* @list with entry @index set to @mb (entries before it made @mb too), into @out. */
static void sizes_with(const char *list, unsigned int index, unsigned long mb,
		       char *out, size_t len)
{
	unsigned long v;
	unsigned int i;
	size_t n = 0;

	out[0] = '\0';
	for (i = 0; i <= index || !ovf_kvmfr_size_entry(list, i, &v); i++) {
		if (i == index || ovf_kvmfr_size_entry(list, i, &v) < 0)
			v = mb;
		n += (size_t)snprintf(out + n, n < len ? len - n : 0, "%s%lu", i ? "," : "", v);
		if (n >= len)
			break;
	}
}

/* What the domain of --domain-xml needs of this host: for now its kvmfr device. */
static void check_kvmfr(struct doc *d, xmlDoc *dom)
{
	char dev[64], conf[4200], from[4200], advice[5000], list[160];
	const char *user, *group;
	unsigned long long need;
	struct ovf_doc_kvmfr f;
	enum status st;
	int r;

	r = ovf_domain_kvmfr(dom, dev, sizeof(dev), &need);
	if (r == 0) {
		result(d, "kvmfr", ST_SKIP, NULL, "the domain maps no kvmfr device");
		return;
	}
	if (r < 0) {
		result(d, "kvmfr", ST_FAIL, "give the -object of the domain's <qemu:commandline> "
		       "size=BYTES (what vfio-domain --kvmfr writes)",
		       "the domain maps %s without a size that can be read", dev);
		return;
	}
	st = (enum status)ovf_doctor_kvmfr(&d->root, dev, need, &f);
	ovf_root_display(&d->root, OVF_QEMU_CONF, conf, sizeof(conf));
	ovf_root_display(&d->root, f.sizes.from, from, sizeof(from));
	user = f.conf.user;
	group = f.conf.group;
	switch (f.why) {
	case OVF_KVMFR_OK:
		result(d, "kvmfr", st, NULL, "%s of %lu MiB (static_size_mb=%s in %s) for the "
		       "domain's %lu MiB; QEMU (%s:%s) may open it", dev, f.have_mb,
		       f.sizes.list, from, f.need_mb, user, group);
		break;
	case OVF_KVMFR_STATE_UNREADABLE:
	case OVF_KVMFR_NO_NODE:
	case OVF_KVMFR_CONF_UNREADABLE:
		snprintf(advice, sizeof(advice), "%s",
			 f.why == OVF_KVMFR_NO_NODE ? "kvmfr makes the node when loaded "
			 "with static_size_mb; see its lines in dmesg" : "run as root");
		result(d, "kvmfr", st, advice, "%s %s: %s", f.e.action, f.e.path,
		       ovf_err_why(&f.e));
		break;
	case OVF_KVMFR_NOT_LOADED:
		snprintf(advice, sizeof(advice), "modprobe kvmfr static_size_mb=%lu (keep it with "
			 "'options kvmfr static_size_mb=%lu' in /etc/modprobe.d/kvmfr.conf)",
			 f.need_mb, f.need_mb);
		result(d, "kvmfr", st, advice, "the domain maps %s (%lu MiB) but the kvmfr "
		       "module is not loaded", dev, f.need_mb);
		break;
	case OVF_KVMFR_SIZE_UNKNOWN:
	case OVF_KVMFR_CGROUP:
		/* the size could not be told and the cgroup list is wrong: say both */
		if (f.why == OVF_KVMFR_CGROUP) {
			snprintf(advice, sizeof(advice), "add \"%s\" to cgroup_device_acl in %s "
				 "(keeping libvirt's default entries), then restart libvirtd",
				 dev, conf);
			result(d, "kvmfr", st, advice, "cgroup_device_acl in %s %s %s: QEMU will "
			       "not be let open it", conf, f.conf.acl_set ? "does not list" :
			       "is not set, and libvirt's default list lacks", dev);
			if (f.sizes.list[0])
				break;
		}
		snprintf(advice, sizeof(advice), "load it with static_size_mb of at least %lu "
			 "for kvmfr%u ('options kvmfr static_size_mb=%lu' in "
			 "/etc/modprobe.d/kvmfr.conf)", f.need_mb, f.index, f.need_mb);
		result(d, "kvmfr", ST_WARN, advice, "kvmfr is loaded but its sizes cannot be "
		       "read (it keeps static_size_mb private) and no modprobe.d file or "
		       "kernel option gives them: is %s %lu MiB or more?", dev, f.need_mb);
		break;
	case OVF_KVMFR_SIZE_BAD:
		result(d, "kvmfr", st, "write it as static_size_mb=MIB[,MIB...]",
		       "static_size_mb '%s' in %s is not a list of MiB numbers",
		       f.sizes.list, from);
		break;
	case OVF_KVMFR_NO_ENTRY:
	case OVF_KVMFR_TOO_SMALL:
		sizes_with(f.sizes.list, f.index, f.need_mb, list, sizeof(list));
		snprintf(advice, sizeof(advice), "reload kvmfr with %lu MiB or more for kvmfr%u: "
			 "rmmod kvmfr && modprobe kvmfr static_size_mb=%s (and the same in "
			 "/etc/modprobe.d/kvmfr.conf)", f.need_mb, f.index, list);
		if (f.why == OVF_KVMFR_NO_ENTRY)
			result(d, "kvmfr", st, advice, "static_size_mb=%s (in %s) makes no "
			       "kvmfr%u, which the domain maps", f.sizes.list, from, f.index);
		else
			result(d, "kvmfr", st, advice, "%s is %lu MiB (static_size_mb=%s in %s); "
			       "the domain maps %lu MiB", dev, f.have_mb, f.sizes.list, from,
			       f.need_mb);
		break;
	case OVF_KVMFR_NOT_CHR:
		result(d, "kvmfr", st, "remove it and reload kvmfr, which makes the node",
		       "%s is not a character device (mode %04o)", dev, f.mode);
		break;
	case OVF_KVMFR_NO_USER:
		result(d, "kvmfr", st, "set user and group in /etc/libvirt/qemu.conf to "
		       "the ones QEMU runs as", "cannot tell whether QEMU (%s:%s, %s in %s) "
		       "may open %s: %s %s: %s", user, group,
		       f.conf.user_set || f.conf.group_set ? "as set" : "libvirt's default",
		       conf, dev, f.e.action, f.e.path, ovf_err_why(&f.e));
		break;
	case OVF_KVMFR_NO_ACCESS:
		snprintf(advice, sizeof(advice), "let QEMU and the Looking Glass client open it: "
			 "a udev rule such as SUBSYSTEM==\"kvmfr\", OWNER=\"YOU\", GROUP=\"%s\", "
			 "MODE=\"0660\" in /etc/udev/rules.d/99-kvmfr.rules, then reload kvmfr",
			 group);
		result(d, "kvmfr", st, advice, "QEMU runs as %s:%s (%s in %s), which may not "
		       "read and write %s (owner %u:%u, mode %04o)", user, group,
		       f.conf.user_set || f.conf.group_set ? "as set" : "libvirt's default",
		       conf, dev, (unsigned int)f.uid, (unsigned int)f.gid, f.mode);
		break;
	}
}

static void check_versions(struct doc *d)
{
	struct ovf_doc_version v;
	enum status st;

	if (ovf_root_is_sysroot(&d->root)) {
		result(d, "libvirt", ST_SKIP, NULL, "not asked with a sysroot");
		result(d, "qemu", ST_SKIP, NULL, "not asked with a sysroot");
		return;
	}
	st = (enum status)ovf_doctor_libvirt(&v);
	switch (v.why) {
	case OVF_VIRT_MISSING:
		result(d, "libvirt", st, "install libvirt (Debian: libvirt-clients "
		       "libvirt-daemon-driver-qemu), or use QEMU directly",
		       "virsh not found");
		break;
	case OVF_VIRT_NO_FW_CFG:
		result(d, "libvirt", st, "upgrade libvirt", "libvirt %s: fw_cfg "
		       "<sysinfo> for the ROM needs 6.5.0", v.text);
		break;
	case OVF_VIRT_NO_OVERRIDE:
		result(d, "libvirt", st, "upgrade libvirt, or set the subsystem IDs "
		       "with <qemu:commandline>", "libvirt %s: vfio-domain's "
		       "qemu:override needs 8.2.0", v.text);
		break;
	case OVF_VIRT_OK:
		result(d, "libvirt", st, NULL, "libvirt %s", v.text);
		break;
	}
	st = (enum status)ovf_doctor_qemu(&v);
	if (v.why == OVF_VIRT_MISSING)
		result(d, "qemu", st, "install QEMU (Debian: qemu-system-x86)",
		       "qemu-system-x86_64 not found");
	else
		result(d, "qemu", st, NULL, "%s", v.text);
}

/* A check about the GPU, without one: SKIP, and 1. */
static int skip_without_gpu(struct doc *d, const char *id)
{
	if (d->have_gpu)
		return 0;
	result(d, id, ST_SKIP, NULL, "no GPU");
	return 1;
}

static void check_lockdown(struct doc *d)
{
	char mode[64];
	int err = ovf_doctor_lockdown(&d->root, mode, sizeof(mode));
	char path[4200];

	ovf_root_display(&d->root, "sys/kernel/security/lockdown", path, sizeof(path));
	if (err < 0)
		result(d, "lockdown", ST_WARN, NULL, "cannot read %s: %s", path,
		       strerror(-err));
	else if (!mode[0])
		result(d, "lockdown", ST_OK, NULL, "no lockdown (%s not there)", path);
	else if (!strcmp(mode, "none"))
		result(d, "lockdown", ST_OK, NULL, "the kernel is not locked down");
	else if (d->w.acpi_call)
		result(d, "lockdown", ST_OK, NULL, "the kernel is locked down (%s); "
		       "acpi_call is loaded", mode);
	else {
		/* lockdown enforces module signatures as Secure Boot does */
		d->w.module_blocked = 1;
		result(d, "lockdown", ST_WARN, ways_out, "the kernel is locked down "
		       "(%s): it loads signed modules only, and acpi_call is not "
		       "loaded", mode);
	}
}

static void check_display(struct doc *d)
{
	struct ovf_doc_display f;
	char conns[512] = "";
	enum status st;
	int i;

	if (skip_without_gpu(d, "display"))
		return;
	st = (enum status)ovf_doctor_display(&d->root, &d->gpu, d->gpu_addr, &f);
	for (i = 0; i < f.nconn; i++)
		list_add(conns, sizeof(conns), "%s", f.conn[i]);
	d->w.muxless = f.why == OVF_DISPLAY_OUTPUTS ? 0 :
		       f.why == OVF_DISPLAY_3D ||
		       f.why == OVF_DISPLAY_NO_OUTPUTS ? 1 : -1;
	switch (f.why) {
	case OVF_DISPLAY_3D:
		result(d, "display", st, NULL, "%s is a 3D controller (class 0x%04x): "
		       "muxless, no display outputs", d->gpu_addr, f.class_code >> 8);
		break;
	case OVF_DISPLAY_OUTPUTS:
		result(d, "display", st, NULL, "%s drives %d display connectors (%s; "
		       "%d connected): a MUX laptop or a desktop GPU", d->gpu_addr,
		       f.nconn, conns, f.nconnected);
		break;
	case OVF_DISPLAY_NO_OUTPUTS:
		result(d, "display", st, NULL, "%s (class 0x%04x) has DRM %s without "
		       "connectors: muxless", d->gpu_addr, f.class_code >> 8, f.card);
		break;
	case OVF_DISPLAY_NO_DRM:
		result(d, "display", st, NULL, "%s is class 0x%04x and no DRM card "
		       "of it shows connectors (driver %s): taken as muxless",
		       d->gpu_addr, f.class_code >> 8,
		       d->gpu.driver[0] ? d->gpu.driver : "none");
		break;
	case OVF_DISPLAY_UNREADABLE:
		result(d, "display", st, NULL, "cannot read %s: %s", f.e.path,
		       ovf_err_why(&f.e));
		break;
	}
}

static void check_acpi_tables(struct doc *d)
{
	struct ovf_doc_tables f;
	enum status st = (enum status)ovf_doctor_acpi_tables(&d->root, &f);
	char names[512] = "", path[4200];
	int i;

	for (i = 0; i < (f.nrom ? f.nrom : f.ntables); i++)
		list_add(names, sizeof(names), "%s", f.nrom ? f.rom[i] : f.table[i]);
	if (f.unreadable)
		result(d, "acpi-tables", st, NULL, "cannot read %s: %s", f.e.path,
		       ovf_err_why(&f.e));
	else if (!f.ntables)
		result(d, "acpi-tables", st, NULL, "no DSDT or SSDT under %s",
		       ovf_root_display(&d->root, "sys/firmware/acpi/tables", path,
					sizeof(path)));
	else if (f.nrom)
		result(d, "acpi-tables", st, NULL, "_ROM is named in %s (%d tables "
		       "read); which device's, only evaluating it tells", names,
		       f.ntables);
	else
		result(d, "acpi-tables", st, NULL, "no ACPI table names _ROM (%d "
		       "read: %s): the firmware has no _ROM to give", f.ntables, names);
	/* none anywhere settles what evaluating could not be asked */
	if (st == ST_OK && !f.nrom && d->w.acpi_rom < 0)
		d->w.acpi_rom = 0;
}

static void check_rom_bar(struct doc *d)
{
	struct ovf_doc_rombar f;
	enum status st;

	if (d->w.no_rom_bar) {
		result(d, "rom-bar", ST_SKIP, NULL, "--no-rom-bar");
		return;
	}
	if (skip_without_gpu(d, "rom-bar"))
		return;
	/* the "0" must follow the "1" whatever signal comes meanwhile */
	ovf_signals_defer();
	st = (enum status)ovf_doctor_rom_bar(&d->root, &d->gpu, d->gpu_addr, &f);
	ovf_signals_resume(-1);
	d->w.rom_bar = f.why == OVF_ROMBAR_IMAGE ? 1 :
		       f.why == OVF_ROMBAR_ENABLE_FAILED || f.why == OVF_ROMBAR_IN_USE ?
		       -1 : 0;
	/* the BAR left enabled outweighs what was read */
	if (f.disable_err) {
		result(d, "rom-bar", st, "write 0 to it by hand", "the ROM BAR stays "
		       "enabled: write %s: %s", f.de.path, ovf_err_why(&f.de));
		return;
	}
	switch (f.why) {
	case OVF_ROMBAR_IMAGE:
		result(d, "rom-bar", st, NULL, "the ROM BAR reads a valid image of "
		       "%04x:%04x (%zu bytes): the _ROM SSDT is not needed",
		       d->gpu.vendor, d->gpu.device, f.size);
		break;
	case OVF_ROMBAR_NO_ATTR:
		result(d, "rom-bar", st, NULL, "%s has no ROM BAR (no rom attribute)",
		       d->gpu_addr);
		break;
	case OVF_ROMBAR_IN_USE:
		result(d, "rom-bar", st, NULL, "not read: pid %d (%s) holds %s, the "
		       "GPU's group", (int)f.user.pid, f.user.comm, f.user.file);
		break;
	case OVF_ROMBAR_ENABLE_FAILED:
		result(d, "rom-bar", st, NULL, "cannot enable the ROM BAR: write %s: %s",
		       f.e.path, ovf_err_why(&f.e));
		break;
	case OVF_ROMBAR_READ_FAILED:
		result(d, "rom-bar", st, NULL, "no image behind the ROM BAR: read %s: "
		       "%s", f.e.path, ovf_err_why(&f.e));
		break;
	case OVF_ROMBAR_EMPTY:
		result(d, "rom-bar", st, NULL, "the ROM BAR reads nothing");
		break;
	case OVF_ROMBAR_INVALID:
		result(d, "rom-bar", st, NULL, "the ROM BAR reads %zu bytes but no ROM "
		       "image (%s)", f.size, ovf_rom_strerror(f.error));
		break;
	case OVF_ROMBAR_OTHER_DEVICE:
		result(d, "rom-bar", st, NULL, "the ROM BAR holds a ROM for %04x:%04x, "
		       "not this GPU (%04x:%04x)", f.vendor, f.device, d->gpu.vendor,
		       d->gpu.device);
		break;
	}
}

/* The domain of --domain-xml or --domain, parsed into d->dom; 0, or -1 after the message. */
static int read_domain(struct doc *d)
{
	struct ovf_err e;
	size_t len;
	char *xml;
	int r;

	if (d->domain_xml) {
		r = ovf_lvx_read_file(d->domain_xml, &d->dom, &e);
	} else if (d->domain && !ovf_root_is_sysroot(&d->root)) {
		r = ovf_doctor_domain_xml(d->domain, 15000, &xml, &len, &e);
		if (!r) {
			r = ovf_lvx_parse(xml, len, d->domain, &d->dom, &e);
			free(xml);
		}
	} else {
		return 0;
	}
	if (r < 0) {
		ovf_err_print(&e);
		return -1;
	}
	return 0;
}

/* The ROM a domain puts in the GPU's ROM BAR: can QEMU open it, is it this GPU's? */
static void check_rom_file(struct doc *d)
{
	struct ovf_doc_rom_file f;
	char *file = NULL;
	enum status st;
	int r, shown;

	if (!d->domain_xml && !d->domain)
		return;
	if (!d->dom) {
		result(d, "rom-file", ST_SKIP, NULL, "domain '%s' not asked with a sysroot",
		       d->domain);
		return;
	}
	if (!d->have_gpu) {
		result(d, "rom-file", ST_SKIP, NULL, "no GPU");
		return;
	}
	r = ovf_lvx_hostdev_rom(d->dom, &d->gpu.addr, &file, &shown);
	if (r == -ENOMEM) {
		result(d, "rom-file", ST_FAIL, NULL, "reading the domain: %s", strerror(-r));
		return;
	}
	st = (enum status)ovf_doctor_rom_file(file, shown, r != -ENOENT, &d->gpu, &f);
	free(file);
	switch (f.why) {
	case OVF_ROMFILE_NO_HOSTDEV:
		result(d, "rom-file", st, NULL, "the domain does not pass %s through",
		       d->gpu_addr);
		break;
	case OVF_ROMFILE_NONE:
		result(d, "rom-file", st, NULL, "the GPU's hostdev has no ROM BAR file");
		break;
	case OVF_ROMFILE_HIDDEN:
		result(d, "rom-file", st, NULL, "%s is named but hidden (bar='off' or "
		       "enabled='no')", f.file);
		break;
	case OVF_ROMFILE_UNREADABLE:
		result(d, "rom-file", st, "QEMU opens it when the guest starts: put the "
		       "ROM there, or remove it with vfio-domain --no-rom-bar",
		       "%s %s: %s", f.e.action, f.e.path, ovf_err_why(&f.e));
		break;
	case OVF_ROMFILE_UNFIT:
		if (f.f.fit == OVF_ROM_BAR_DEVICE)
			result(d, "rom-file", st, "fine if this ROM was chosen on purpose "
			       "(vfio-domain --rom-bar --force); else give a ROM of "
			       "this GPU", "%s %s: %s", f.e.action, f.e.path,
			       ovf_err_why(&f.e));
		else
			result(d, "rom-file", st, "the guest would get these bytes as the "
			       "GPU's ROM: see vbios-info FILE, and give a bare ROM "
			       "of this GPU", "%s %s: %s", f.e.action, f.e.path,
			       ovf_err_why(&f.e));
		break;
	case OVF_ROMFILE_PRIVATE:
		result(d, "rom-file", st, "chmod 0644 it; with AppArmor or SELinux see "
		       "vfio-domain(8), NOTES", "%s is mode %04o: QEMU runs as its own "
		       "user (libvirt-qemu, qemu), which may not read it", f.file, f.mode);
		break;
	case OVF_ROMFILE_FIT:
		result(d, "rom-file", st, NULL, "%s: a ROM for %04x:%04x (%zu bytes)",
		       f.file, f.f.vendor, f.f.device, f.f.size);
		break;
	}
}

static void check_audio_group(struct doc *d)
{
	struct ovf_doc_audio_group f;
	enum status st;

	if (skip_without_gpu(d, "audio-group"))
		return;
	st = (enum status)ovf_doctor_audio_group(&d->root, &d->gpu, &f);
	d->w.naudio = f.naudio;
	if (st != ST_OK)
		result(d, "audio-group", st, NULL, "cannot scan PCI devices: %s",
		       ovf_err_why(&f.e));
	else if (f.nshared) {
		snprintf(d->w.audio_shared, sizeof(d->w.audio_shared), "%s",
			 f.shared[0]);
		result(d, "audio-group", st, NULL, "%s shares IOMMU group %d with the "
		       "GPU: keep it from host drivers, or pass it along",
		       f.shared[0], d->gpu.iommu_group);
	} else if (f.nother)
		result(d, "audio-group", st, NULL, "%s is in an IOMMU group of its "
		       "own", f.other[0]);
	else
		result(d, "audio-group", st, NULL, "no audio function in the GPU's slot");
}

static void __attribute__((format(printf, 4, 5)))
todo_add(struct todo *t, int *n, const char *why, const char *fmt, ...)
{
	va_list ap;

	if (*n >= 8)
		return;
	va_start(ap, fmt);
	vsnprintf(t[*n].cmd, sizeof(t[0].cmd), fmt, ap);
	va_end(ap);
	t[(*n)++].why = why;
}

/* From the checks' facts, the commands that set this machine up, in order. */
static int what_to_run(const struct doc *d, struct todo *t)
{
	const struct workarounds *w = &d->w;
	const char *rom = "";
	int n = 0, ssdt = 0;

	if (!d->have_gpu)
		return 0;
	if (w->rom_bar == 1) {
		todo_add(t, &n, "the ROM BAR reads a valid image of the GPU",
			 "vbios-extract --rom-bar -o vbios.rom");
		rom = " --rom-bar vbios.rom";
	} else if (w->acpi_rom == 1) {
		todo_add(t, &n, "_ROM on the GPU's ACPI node serves the vBIOS",
			 "dump_vbios_rom_acpi -o vbios.rom");
		rom = " --rom vbios.rom";
	} else if (w->acpi_rom == 0) {
		todo_add(t, &n, "neither the ROM BAR nor _ROM gives the vBIOS: take it "
			 "from the laptop vendor's firmware update",
			 "vbios-extract --firmware UPDATE.exe -o vbios.rom");
		rom = " --rom vbios.rom";
	} else if (w->module_blocked) {
		todo_add(t, &n, "acpi_call needs a signature the kernel trusts: enrol "
			 "DKMS's key, reboot, \"Enroll MOK\", then modprobe acpi_call "
			 "and dump_vbios_rom_acpi -o vbios.rom",
			 "mokutil --import /var/lib/dkms/mok.pub");
		todo_add(t, &n, "or, without acpi_call: the vBIOS from the laptop "
			 "vendor's firmware update",
			 "vbios-extract --firmware UPDATE.exe -o vbios.rom");
		rom = " --rom vbios.rom";
	} else {
		todo_add(t, &n, w->acpi_call ? "_ROM was not asked (--no-acpi)" :
			 "_ROM was not asked: load acpi_call first (modprobe acpi_call)",
			 "dump_vbios_rom_acpi -o vbios.rom");
		rom = " --rom vbios.rom";
	}
	/* a muxless GPU's driver asks _ROM for the vBIOS, unless the BAR has it */
	if (w->muxless != 0 && w->rom_bar != 1) {
		todo_add(t, &n, "muxless: the guest's driver reads the vBIOS through "
			 "an ACPI _ROM (and wants a battery)", "vfio-ssdt -o ssdt.aml");
		ssdt = 1;
	}
	if (w->audio_shared[0] && w->audio_held)
		todo_add(t, &n, "the audio function shares the GPU's IOMMU group: "
			 "no host driver may hold it", "pci-override --set none "
			 "--persist %s", w->audio_shared);
	/* with outputs the HDMI audio works in the guest: pass it along */
	todo_add(t, &n, "the guest-side fixes, into the libvirt domain",
		 "vfio-domain DOMAIN%s%s%s", rom, ssdt ? " --ssdt ssdt.aml" : "",
		 w->muxless == 0 && w->naudio ? " --keep-audio" : "");
	if (w->no_reset)
		todo_add(t, &n, "the kernel has no reset method for the GPU: reset it "
			 "between VM runs (see the plan with --dry-run first)",
			 "gpu-reset");
	return n;
}

static void print_what_to_run(const struct doc *d)
{
	struct todo t[8];
	int i, n = what_to_run(d, t);

	if (d->json) {
		fputs("\n  ],\n  \"what_to_run\": [", stdout);
		for (i = 0; i < n; i++) {
			printf("%s\n    {\"command\": ", i ? "," : "");
			json_str(t[i].cmd);
			fputs(", \"why\": ", stdout);
			json_str(t[i].why);
			putchar('}');
		}
		return;
	}
	if (!n)
		return;
	printf("\nWhat to run:\n");
	for (i = 0; i < n; i++)
		printf("  $ %s\n      %s\n", t[i].cmd, t[i].why);
}

int main(int argc, char **argv)
{
	enum { OPT_NO_ACPI = 256, OPT_NO_ROM_BAR, OPT_DOMAIN_XML, OPT_DOMAIN };
	static const struct option longopts[] = {
		{ "device", required_argument, NULL, 'd' },
		{ "json", no_argument, NULL, 'j' },
		{ "no-acpi", no_argument, NULL, OPT_NO_ACPI },
		{ "no-rom-bar", no_argument, NULL, OPT_NO_ROM_BAR },
		{ "domain-xml", required_argument, NULL, OPT_DOMAIN_XML },
		{ "domain", required_argument, NULL, OPT_DOMAIN },
		{ "sysroot", required_argument, NULL, 's' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	static const int codes[] = { OVF_EXIT_OK, OVF_EXIT_OK, OVF_EXIT_WARN, OVF_EXIT_FAILED };
	struct doc d = { .worst = ST_OK, .w = { .muxless = -1, .rom_bar = -1,
						 .acpi_rom = -1 } };
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
		case OPT_NO_ROM_BAR:
			d.w.no_rom_bar = 1;
			break;
		case OPT_DOMAIN_XML:
			d.domain_xml = optarg;
			break;
		case OPT_DOMAIN:
			d.domain = optarg;
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
	if (d.domain_xml && d.domain) {
		ovf_errx("--domain-xml and --domain exclude each other");
		return cannot_run_json(&d);
	}
	if (ovf_tool_root_open(&d.root, sysroot) < 0)
		return cannot_run_json(&d);
	if (read_domain(&d) < 0) {
		ovf_root_close(&d.root);
		return cannot_run_json(&d);
	}
	if (d.json)
		fputs("{\n  \"checks\": [", stdout);
	check_gpu(&d, dev);
	check_iommu(&d);
	check_group(&d);
	loaded = check_acpi_call(&d);
	check_rom(&d, loaded);
	check_host(&d);
	check_power(&d);
	check_audio(&d);
	check_rom_file(&d);
	check_versions(&d);
	check_lockdown(&d);
	check_display(&d);
	check_acpi_tables(&d);
	check_rom_bar(&d);
	check_audio_group(&d);
	if (d.dom)
		check_kvmfr(&d, d.dom);
	print_what_to_run(&d);
	if (d.json)
		printf("\n  ],\n  \"result\": \"%s\",\n  \"exit\": %d\n}\n",
		       st_json[d.worst == ST_SKIP ? ST_OK : d.worst], codes[d.worst]);
	if (d.dom)
		xmlFreeDoc(d.dom);
	ovf_root_close(&d.root);
	return codes[d.worst];
}

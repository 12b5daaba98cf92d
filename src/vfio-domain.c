// SPDX-License-Identifier: GPL-2.0-or-later
/* vfio-domain: apply the guest-side Optimus passthrough fixes to a libvirt domain. */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ovf/acpipath.h"
#include "ovf/diff.h"
#include "ovf/domain.h"
#include "ovf/err.h"
#include "ovf/gpu.h"
#include "ovf/iasl.h"
#include "ovf/libvirt_xml.h"
#include "ovf/pciaddr.h"
#include "ovf/pcidev.h"
#include "ovf/rom.h"
#include "ovf/rombar.h"
#include "ovf/root.h"
#include "ovf/ssdt.h"
#include "ovf/tool.h"
#include "ovf/util.h"
#include "ovf/virt.h"

#define STATE_DIR_DEFAULT "/var/lib/optimus-vfio"
#define XML_MAX (16u << 20)

static const char *prog = "vfio-domain";

static void __attribute__((noreturn)) usage(void)
{
	printf("Usage: %s [options] DOMAIN\n"
	       "       %s [options] --file IN.xml [-o OUT.xml]\n"
	       "\n"
	       "Apply the guest-side fixes an Optimus GPU needs to a libvirt domain:\n"
	       "the GPU hostdev behind a root port that mirrors the host, no HDMI audio\n"
	       "hostdev, the host's subsystem IDs, the SSDT, the vBIOS in fw_cfg,\n"
	       "vmgenid, and the Code 43 settings. Defines the domain again, after\n"
	       "saving the old XML.\n"
	       "\n"
	       "Where the domain is:\n"
	       "      --connect URI         libvirt connection (default: libvirt's default)\n"
	       "      --file FILE           edit a domain XML file instead (\"-\": stdin)\n"
	       "  -o, --output FILE         with --file: write here (default: stdout)\n"
	       "\n"
	       "The GPU:\n"
	       "  -d, --device ADDR         host GPU (default: the NVIDIA GPU found)\n"
	       "      --gpu ADDR            alias of --device\n"
	       "  -s, --sysroot DIR         read the host's PCI devices under DIR/sys\n"
	       "                            (default: $OPTIMUS_VFIO_SYSROOT if set and not\n"
	       "                            empty, else /); libvirt, --state-dir and the\n"
	       "                            files the domain names are not under it\n"
	       "\n"
	       "What to put in:\n"
	       "      --ssdt FILE           the compiled SSDT (default: build one, as\n"
	       "                            vfio-ssdt does, into STATE_DIR/ssdt/DOMAIN.aml)\n"
	       "      --iasl PATH           the ACPI compiler (default $IASL, else iasl)\n"
	       "      --rom FILE            the vBIOS file served through fw_cfg\n"
	       "      --fw-cfg-name NAME    fw_cfg file name (default %s)\n"
	       "      --rom-bar FILE        also show this vBIOS in the GPU's PCI ROM BAR\n"
	       "                            (a bare ROM of this GPU's device ID)\n"
	       "      --no-rom-bar          remove the GPU hostdev's <rom>\n"
	       "      --vendor-id VALUE     Hyper-V vendor_id, 1-12 chars (default %s)\n"
	       "      --keep-audio          keep the HDMI audio hostdev (at BB:00.1)\n"
	       "      --looking-glass[=WIDTHxHEIGHT[,hdr]]\n"
	       "                            add the Looking Glass shared memory, sized\n"
	       "                            for that resolution (default %ux%u), and\n"
	       "                            <memballoon model='none'/>\n"
	       "      --kvmfr               the same through the kvmfr module's %s\n"
	       "                            (implies --looking-glass)\n"
	       "      --no-looking-glass    remove the Looking Glass device\n"
	       "      --no-renumber         refuse instead of moving devices in the way\n"
	       "\n"
	       "Fixes to leave out (all are on by default):\n"
	       "      --no-hostdev --no-audio --no-subsys --no-ssdt --no-rom --no-genid\n"
	       "      --no-kvm-hidden --no-vendor-id --no-ioapic (type='kvm' only)\n"
	       "\n"
	       "Safety:\n"
	       "  -n, --dry-run             print the change as a unified diff, change nothing\n"
	       "      --backup-dir DIR      old XML saved here (default STATE_DIR/backups)\n"
	       "      --state-dir DIR       STATE_DIR (default %s): built\n"
	       "                            SSDTs go to STATE_DIR/ssdt/, backups to\n"
	       "                            STATE_DIR/backups/\n"
	       "      --force               edit a running domain (takes effect at next boot);\n"
	       "                            take a --rom-bar ROM of another device ID\n"
	       "  -h, --help                show this help and exit\n"
	       "  -V, --version             show the version and exit\n"
	       "\n"
	       "Exit status: 0 success (or nothing to change), 1 error, 2 a ROM not\n"
	       "fit for the guest. See %s(8).\n",
	       prog, prog, OVF_SSDT_FW_CFG_DEFAULT, OVF_DOMAIN_VENDOR_ID_DEFAULT,
	       OVF_LG_WIDTH_DEFAULT, OVF_LG_HEIGHT_DEFAULT, OVF_LG_KVMFR_DEV,
	       STATE_DIR_DEFAULT, prog);
	exit(EXIT_SUCCESS);
}

/* Host GPU and bridge, subsystem IDs; 0 or -1 after a message. */
static int find_gpu(const char *sysroot, const char *gpuarg, struct ovf_pcidev *gpu)
{
	char addr[OVF_PCI_ADDR_LEN];
	struct ovf_root root;
	struct ovf_pci_addr a;
	struct ovf_gpu g;
	struct ovf_err e;
	int err, ret = -1;

	/* before the sysroot: a typo is named as the option's */
	if (gpuarg && ovf_pci_addr_parse(gpuarg, &a) < 0) {
		ovf_errx("invalid --device '%s': expected DDDD:BB:DD.F or BB:DD.F", ovf_shown(gpuarg));
		return -1;
	}
	if (ovf_tool_root_open(&root, sysroot) < 0)
		return -1;
	err = ovf_gpu_find(&root, gpuarg, 0, &g, &e);
	if (err == -ENODEV && gpuarg)
		ovf_errx("no such device: %s", e.path);
	else if (err == -ENODEV)
		ovf_errx("no NVIDIA display device under %s; give --device", e.path);
	else if (err == -EEXIST)
		ovf_gpu_list_cands(&g, "--device");
	else if (err < 0)
		ovf_err_print(&e);
	if (err < 0)
		goto out;
	*gpu = g.dev;
	if (gpuarg && a.func != 0) {
		ovf_errx("invalid --device '%s': the GPU is function 0 of its slot",
			 gpuarg);
		goto out;
	}
	if (!gpu->has_parent || gpu->parent.bus != 0) {
		ovf_errx("%s is not behind a bridge on bus 00; only a GPU behind a root "
			 "port can be mirrored (use --no-hostdev and set the address by hand)",
			 ovf_pci_addr_fmt(&gpu->addr, addr));
		goto out;
	}
	ret = 0;
out:
	ovf_root_close(&root);
	return ret;
}

/*
 * Is @path a ROM the GPU @gpu can show in its ROM BAR? 0, or the exit
 * status after the message: OVF_EXIT_INVALID for a file not fit (a ROM
 * of the GPU's vendor for another device ID is taken with @force, with a
 * warning),
 * EXIT_FAILURE for one that cannot be read.
 */
static int check_rom_bar(const char *path, const struct ovf_pcidev *gpu, int force)
{
	struct ovf_rom_bar_file f;
	struct ovf_err e;
	/* vbios-info reads "-" as standard input: name the file */
	const char *arg = strcmp(path, "-") ? path : "./-";

	if (!ovf_rom_bar_check(path, gpu->vendor, gpu->device, &f, &e))
		return 0;
	switch (f.fit) {
	case OVF_ROM_BAR_FIT:
		ovf_err_print(&e);
		return EXIT_FAILURE;
	case OVF_ROM_BAR_DEVICE:
		if (force) {
			ovf_warnx("%s %s: %s; using it (--force)", e.action, e.path,
				  ovf_err_why(&e));
			return 0;
		}
		ovf_errx("%s %s: %s; give --force if the ROM is meant for this GPU",
			 e.action, e.path, ovf_err_why(&e));
		break;
	case OVF_ROM_BAR_HEADER:
		ovf_errx("%s %s: %s; cut it out with: vbios-info --extract OUT %s",
			 e.action, e.path, ovf_err_why(&e), arg);
		break;
	case OVF_ROM_BAR_BROKEN:
	case OVF_ROM_BAR_NO_LAST:
	case OVF_ROM_BAR_NOT_55AA:
	case OVF_ROM_BAR_CHECKSUM:
		ovf_errx("%s %s: %s (vbios-info %s says more)", e.action, e.path,
			 ovf_err_why(&e), arg);
		break;
	default:
		ovf_err_print(&e);
		break;
	}
	return OVF_EXIT_INVALID;
}

/* diff -u of two versions to @fd; 0 or -1 after the message. */
static int show_diff(const char *name, const char *a, size_t alen, const char *b,
		     size_t blen, int fd)
{
	struct ovf_err e;

	if (ovf_diff_u(prog, name, a, alen, b, blen, fd, &e) < 0) {
		ovf_err_print(&e);
		return -1;
	}
	return 0;
}

/* The SSDT source for the GPU in the edited domain @doc, as vfio-ssdt makes it; 0 or -1. */
static int make_asl(xmlDoc *doc, const char *name, const struct ovf_pcidev *gpu,
		    const char *fw_cfg, int rom, char **asl)
{
	const struct ovf_ssdt_params p = {
		.battery = 1,
		.rom = rom,
		.battery_scope = OVF_SSDT_BATTERY_SCOPE_DEFAULT,
		.fw_cfg_name = fw_cfg,
	};
	struct ovf_err e;

	if (ovf_ssdt_generate_for_doc(doc, name, &gpu->addr, &p, asl, &e) < 0) {
		ovf_err_print(&e);
		return -1;
	}
	return 0;
}

/* Build the SSDT into @out (absolute) with iasl; 0 or -1 after the messages. */
static int build_ssdt(xmlDoc *doc, const char *name, const struct ovf_pcidev *gpu,
		      const char *fw_cfg, int rom, const char *iasl, const char *out)
{
	struct ovf_iasl_out io = { .aml = NULL };
	char dir[PATH_MAX], *slash, *asl = NULL;
	struct ovf_outfile of;
	struct ovf_err e;
	int err, ret = -1;

	snprintf(dir, sizeof(dir), "%s", out);
	slash = strrchr(dir, '/');
	if (slash && slash != dir) {
		*slash = '\0';
		err = ovf_mkdir_p_host(dir);
		if (err < 0) {
			ovf_errx("create %s: %s", dir, strerror(-err));
			return -1;
		}
	}
	/* a bad output path should not cost a compile */
	if (ovf_check_output(out) < 0)
		return -1;
	if (make_asl(doc, name, gpu, fw_cfg, rom, &asl) < 0)
		return -1;
	err = ovf_outfile_open(&of, out, 0644);
	if (err < 0) {
		ovf_errx("create %s: %s", out, strerror(-err));
		goto out;
	}
	err = ovf_iasl_compile(iasl, asl, &io, &e);
	if (err < 0) {
		ovf_outfile_abort(&of);
		ovf_iasl_report(iasl, err, &io, &e);
		goto out;
	}
	err = ovf_outfile_finish(&of, io.aml, io.aml_len);
	if (err < 0) {
		ovf_errx("write %s: %s", out, strerror(-err));
		goto out;
	}
	ret = 0;
out:
	ovf_iasl_free(&io);
	free(asl);
	return ret;
}

static void print_notes(const struct ovf_domain_notes *n)
{
	char *copy = strdup(n->text), *line, *save;

	if (!copy)
		return;
	for (line = strtok_r(copy, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		if (!strncmp(line, "warning: ", 9))
			ovf_warnx("%s", line + 9);
		else
			fprintf(stderr, "%s: %s\n", prog, line);
	}
	free(copy);
}

/* The option that leaves out fix @fix (one bit), for advice. */
static const char *no_fix_opt(unsigned int fix)
{
	static const char *const opt[] = {
		"--no-hostdev", "--no-audio", "--no-subsys", "--no-ssdt",
		"--no-rom", "--no-genid", "--no-kvm-hidden", "--no-vendor-id",
		"--no-ioapic",
	};

	return opt[__builtin_ctz(fix)];
}

/* May this libvirt take the @fixes? 0, or -1 after the messages. */
static int check_version(struct ovf_virt *v, unsigned int fixes)
{
	const struct ovf_virt_need *n;
	unsigned int missing;
	unsigned long ver;
	struct ovf_err e;

	if (ovf_virt_version(v, &ver, &e) < 0) {
		ovf_err_print(&e);
		return -1;
	}
	missing = ovf_virt_unsupported(ver, fixes);
	for (n = ovf_virt_needs; n->fix; n++) {
		if (!(missing & n->fix))
			continue;
		ovf_errx("libvirt %lu.%lu.%lu is too old for %s: needs %lu.%lu.%lu "
			 "(or give %s)", ver / 1000000, ver / 1000 % 1000, ver % 1000,
			 n->what, n->ver / 1000000, n->ver / 1000 % 1000,
			 n->ver % 1000, no_fix_opt(n->fix));
	}
	return missing ? -1 : 0;
}

/* Warn about the fixes libvirt did not keep in the defined domain @d. */
static void verify(struct ovf_virt_dom *d, const char *name,
		   const struct ovf_domain_opts *o)
{
	char *a = NULL, *b = NULL;
	size_t alen, blen;
	struct ovf_err e;
	int r;

	r = ovf_virt_verify(d, name, o, &a, &alen, &b, &blen, &e);
	if (r < 0) {
		ovf_warnx("%s %s: %s", e.action, e.path, ovf_err_why(&e));
	} else if (r) {
		ovf_warnx("libvirt did not keep every fix of domain '%s' (its driver "
			  "may not support them); still missing:", name);
		fflush(stdout);
		show_diff(name, a, alen, b, blen, STDERR_FILENO);
	}
	free(a);
	free(b);
}

enum {
	OPT_GPU = 0x100,
	OPT_SSDT,
	OPT_IASL,
	OPT_ROM,
	OPT_FW_CFG_NAME,
	OPT_VENDOR_ID,
	OPT_KEEP_AUDIO,
	OPT_NO_RENUMBER,
	OPT_BACKUP_DIR,
	OPT_STATE_DIR,
	OPT_FORCE,
	OPT_CONNECT,
	OPT_FILE,
	OPT_LOOKING_GLASS,
	OPT_KVMFR,
	OPT_NO_LOOKING_GLASS,
	OPT_ROM_BAR,
	OPT_NO_ROM_BAR,
	OPT_NO_FIX,	/* + bit number */
};

/* --looking-glass[=SPEC] into @lg; 0, or -1 after the message. */
static int opt_looking_glass(const char *arg, struct ovf_lg *lg)
{
	if (lg->mode == OVF_LG_REMOVE) {
		ovf_errx("--looking-glass and --no-looking-glass exclude each other");
		return -1;
	}
	lg->mode = OVF_LG_ADD;
	if (arg && ovf_lg_parse(arg, lg) < 0) {
		ovf_errx("invalid --looking-glass '%s': expected WIDTHxHEIGHT or "
			 "WIDTHxHEIGHT,hdr with each side 1 to %u (e.g. 2560x1440)",
			 ovf_shown(arg), OVF_LG_DIM_MAX);
		return -1;
	}
	return 0;
}


int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "connect", required_argument, NULL, OPT_CONNECT },
		{ "file", required_argument, NULL, OPT_FILE },
		{ "output", required_argument, NULL, 'o' },
		{ "device", required_argument, NULL, 'd' },
		{ "gpu", required_argument, NULL, OPT_GPU },	/* old name of --device */
		{ "sysroot", required_argument, NULL, 's' },
		{ "ssdt", required_argument, NULL, OPT_SSDT },
		{ "iasl", required_argument, NULL, OPT_IASL },
		{ "rom", required_argument, NULL, OPT_ROM },
		{ "fw-cfg-name", required_argument, NULL, OPT_FW_CFG_NAME },
		{ "rom-bar", required_argument, NULL, OPT_ROM_BAR },
		{ "no-rom-bar", no_argument, NULL, OPT_NO_ROM_BAR },
		{ "vendor-id", required_argument, NULL, OPT_VENDOR_ID },
		{ "keep-audio", no_argument, NULL, OPT_KEEP_AUDIO },
		{ "no-renumber", no_argument, NULL, OPT_NO_RENUMBER },
		{ "no-hostdev", no_argument, NULL, OPT_NO_FIX + 0 },
		{ "no-audio", no_argument, NULL, OPT_NO_FIX + 1 },
		{ "no-subsys", no_argument, NULL, OPT_NO_FIX + 2 },
		{ "no-ssdt", no_argument, NULL, OPT_NO_FIX + 3 },
		{ "no-rom", no_argument, NULL, OPT_NO_FIX + 4 },
		{ "no-genid", no_argument, NULL, OPT_NO_FIX + 5 },
		{ "no-kvm-hidden", no_argument, NULL, OPT_NO_FIX + 6 },
		{ "no-vendor-id", no_argument, NULL, OPT_NO_FIX + 7 },
		{ "no-ioapic", no_argument, NULL, OPT_NO_FIX + 8 },
		{ "looking-glass", optional_argument, NULL, OPT_LOOKING_GLASS },
		{ "kvmfr", no_argument, NULL, OPT_KVMFR },
		{ "no-looking-glass", no_argument, NULL, OPT_NO_LOOKING_GLASS },
		{ "dry-run", no_argument, NULL, 'n' },
		{ "backup-dir", required_argument, NULL, OPT_BACKUP_DIR },
		{ "state-dir", required_argument, NULL, OPT_STATE_DIR },
		{ "force", no_argument, NULL, OPT_FORCE },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	const char *uri = NULL, *file = NULL, *output = NULL, *gpuarg = NULL;
	const char *sysroot = NULL, *ssdt = NULL, *iasl = NULL, *rom = NULL;
	const char *backup_dir = NULL, *state_dir = STATE_DIR_DEFAULT, *domname = NULL;
	const char *rom_bar = NULL, *why;
	char *rom_bar_abs = NULL;
	struct ovf_domain_opts o = {
		.fixes = OVF_FIX_ALL,
		.fw_cfg_name = OVF_SSDT_FW_CFG_DEFAULT,
		.vendor_id = OVF_DOMAIN_VENDOR_ID_DEFAULT,
		.lg = { .width = OVF_LG_WIDTH_DEFAULT, .height = OVF_LG_HEIGHT_DEFAULT },
	};
	struct ovf_domain_edit ed = { .doc = NULL };
	char bpath[PATH_MAX], defbackup[PATH_MAX];
	const char *name, *built = NULL;
	struct ovf_err er;
	char *xml = NULL;
	size_t len = 0;
	int c, e, dry = 0, force = 0, ret = EXIT_FAILURE;
	struct ovf_virt_dom dom = { .dom = NULL }, defined = { .dom = NULL };
	struct ovf_virt virt = { .conn = NULL };
	struct ovf_pcidev gpu;
	struct ovf_lg lg_try;
	int lg_bare = 0;

	ovf_tool_init(prog, argc, argv);
	while ((c = getopt_long(argc, argv, "o:d:s:nhV", longopts, NULL)) != -1) {
		switch (c) {
		case OPT_CONNECT:
			uri = optarg;
			break;
		case OPT_FILE:
			file = optarg;
			break;
		case 'o':
			output = optarg;
			break;
		case 's':
			if (ovf_opt_sysroot(optarg) < 0)
				return EXIT_FAILURE;
			sysroot = optarg;
			break;
		case 'd':
		case OPT_GPU:
			gpuarg = optarg;
			break;
		case OPT_SSDT:
			ssdt = optarg;
			break;
		case OPT_IASL:
			iasl = optarg;
			break;
		case OPT_ROM:
			rom = optarg;
			break;
		case OPT_FW_CFG_NAME:
			if (ovf_fw_cfg_name_check(optarg, &er) < 0) {
				ovf_err_print_invalid("--fw-cfg-name", &er);
				return EXIT_FAILURE;
			}
			o.fw_cfg_name = optarg;
			break;
		case OPT_VENDOR_ID:
			if (ovf_domain_check_vendor_id(optarg) < 0) {
				ovf_errx("invalid --vendor-id '%s': 1 to %d printable "
					 "characters, no comma", ovf_shown(optarg),
					 OVF_DOMAIN_VENDOR_ID_MAX);
				return EXIT_FAILURE;
			}
			o.vendor_id = optarg;
			break;
		case OPT_ROM_BAR:
			rom_bar = optarg;
			break;
		case OPT_NO_ROM_BAR:
			o.no_rom_bar = 1;
			break;
		case OPT_KEEP_AUDIO:
			o.keep_audio = 1;
			break;
		case OPT_NO_RENUMBER:
			o.no_renumber = 1;
			break;
		case OPT_LOOKING_GLASS:
			if (opt_looking_glass(optarg, &o.lg) < 0)
				return EXIT_FAILURE;
			lg_bare = !optarg;
			break;
		case OPT_KVMFR:
			if (opt_looking_glass(NULL, &o.lg) < 0)
				return EXIT_FAILURE;
			o.lg.kvmfr = 1;
			break;
		case OPT_NO_LOOKING_GLASS:
			if (o.lg.mode == OVF_LG_ADD) {
				ovf_errx("--%s and --no-looking-glass exclude each other",
					 o.lg.kvmfr ? "kvmfr" : "looking-glass");
				return EXIT_FAILURE;
			}
			o.lg.mode = OVF_LG_REMOVE;
			break;
		case OPT_NO_FIX + 0 ... OPT_NO_FIX + 8:
			o.fixes &= ~(1u << (c - OPT_NO_FIX));
			break;
		case 'n':
			dry = 1;
			break;
		case OPT_BACKUP_DIR:
			backup_dir = optarg;
			break;
		case OPT_STATE_DIR:
			state_dir = optarg;
			break;
		case OPT_FORCE:
			force = 1;
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
	/* "--looking-glass 2560x1440": the value would be taken for the domain */
	if (lg_bare && optind < argc && !ovf_lg_parse(argv[optind], &lg_try)) {
		ovf_errx("--looking-glass takes its size after '=': --looking-glass=%s",
			 argv[optind]);
		return EXIT_FAILURE;
	}
	if (file && optind < argc) {
		ovf_errx("give a DOMAIN or --file, not both");
		ovf_try_help();
		return EXIT_FAILURE;
	}
	if (!file && optind + 1 != argc) {
		if (optind < argc)
			ovf_errx("unexpected argument '%s'", argv[optind + 1]);
		else
			ovf_errx("no domain: give its name, or --file FILE");
		ovf_try_help();
		return EXIT_FAILURE;
	}
	if (!file)
		domname = argv[optind];
	if (output && !file) {
		ovf_errx("-o goes with --file; a libvirt domain is defined in place");
		return EXIT_FAILURE;
	}
	if (file && uri) {
		ovf_errx("--connect and --file exclude each other");
		return EXIT_FAILURE;
	}
	if (ssdt && !(o.fixes & OVF_FIX_SSDT)) {
		ovf_errx("--ssdt and --no-ssdt exclude each other");
		return EXIT_FAILURE;
	}
	if (rom && !(o.fixes & OVF_FIX_ROM)) {
		ovf_errx("--rom and --no-rom exclude each other");
		return EXIT_FAILURE;
	}
	/* The guest gets the file's bytes as they are (fw_cfg): check them */
	if (rom && ovf_check_rom_file(rom, &e) < 0)
		/* read, but not a ROM a guest can take: invalid data */
		return e ? OVF_EXIT_INVALID : EXIT_FAILURE;
	if (rom_bar && o.no_rom_bar) {
		ovf_errx("--rom-bar and --no-rom-bar exclude each other");
		return EXIT_FAILURE;
	}
	if (rom_bar && (why = ovf_lvx_unfit(rom_bar))) {
		ovf_errx("invalid --rom-bar '%s': %s, which libvirt's XML cannot hold",
			 ovf_shown(rom_bar), why);
		return EXIT_FAILURE;
	}
	if (output && ovf_check_output(output) < 0)
		return EXIT_FAILURE;
	if (!backup_dir) {
		snprintf(defbackup, sizeof(defbackup), "%s/backups", state_dir);
		backup_dir = defbackup;
	}

	if (find_gpu(sysroot, gpuarg, &gpu) < 0)
		return EXIT_FAILURE;
	o.gpu = gpu.addr;
	o.bridge = gpu.parent;
	o.sub_vendor = gpu.subsys_vendor;
	o.sub_device = gpu.subsys_device;
	/* QEMU shows the file's bytes as the GPU's ROM: check them against it */
	if (rom_bar) {
		e = check_rom_bar(rom_bar, &gpu, force);
		if (e)
			return e;
		rom_bar_abs = ovf_abs_path(rom_bar);
		if (!rom_bar_abs) {
			ovf_errx("%s: %s", rom_bar, strerror(ENOMEM));
			return EXIT_FAILURE;
		}
		o.rom_bar = rom_bar_abs;
	}

	/* Read the domain. */
	if (file) {
		uint8_t *buf;

		e = ovf_read_file(file, &buf, &len, XML_MAX);
		if (e < 0) {
			ovf_errx("read %s: %s", file, strerror(-e));
			goto out;
		}
		xml = (char *)buf;
	} else {
		if (ovf_virt_open(&virt, uri, &er) < 0)
			goto virt_err;
		if (check_version(&virt, o.fixes) < 0)
			goto out;
		if (ovf_virt_lookup(&virt, domname, &dom, &er) < 0)
			goto virt_err;
		if (dom.active && !force && !dry) {
			ovf_errx("domain '%s' is running; shut it down first, or give "
				 "--force (the change applies at its next start)", domname);
			goto out;
		}
		if (ovf_virt_get_xml(&dom, domname, &er) < 0)
			goto virt_err;
		xml = dom.xml;
		len = dom.len;
		dom.xml = NULL;
	}
	e = ovf_domain_edit(xml, len, file ? file : domname, &o, ssdt, rom,
			    state_dir, &ed, &er);
	if (e == -ENODATA)
		ovf_err_advise(&er, ": give --rom FILE (the vBIOS dump) or --no-rom");
	if (e == -EPERM)
		ovf_err_advise(&er, "; without --no-renumber it would be moved");
	if (e < 0) {
		ovf_err_print(&er);
		goto out;
	}
	name = ed.name;
	print_notes(&ed.notes);
	if (ed.notes.audio_removed)
		fprintf(stderr, "%s: --keep-audio keeps it\n", prog);
	/* what the ROM BAR makes optional: the fixes it replaces */
	if (ed.notes.rom_bar_set)
		fprintf(stderr, "%s: with the vBIOS in the ROM BAR %sthe GPU reset in "
			"the hook is optional (gpu-reset = no in "
			"/etc/optimus-vfio/hook.conf)\n", prog, o.keep_audio ? "" :
			"the HDMI audio function can stay (--keep-audio) and ");

	if (dry) {
		if (show_diff(file ? file : name, ed.old, ed.oldlen, ed.new, ed.newlen,
			      STDOUT_FILENO) < 0)
			goto out;
		if (ed.build)
			fprintf(stderr, "%s: would build %s with iasl\n", prog, ed.ssdt);
		ret = EXIT_SUCCESS;
		goto out;
	}
	if (ed.build) {
		if (!iasl)
			iasl = getenv("IASL");
		if (!iasl || !*iasl)
			iasl = "iasl";
		if (build_ssdt(ed.doc, file ? file : name, &gpu, o.fw_cfg_name,
			       !!(o.fixes & OVF_FIX_ROM), iasl, ed.ssdt) < 0) {
			ovf_errx("the SSDT was not built; nothing changed");
			goto out;
		}
		built = ed.ssdt;
	}

	if (file) {
		struct ovf_outfile out;

		if (!output) {
			fwrite(ed.new, 1, ed.newlen, stdout);
			if (ovf_flush_stdout() < 0) {
				goto out;
			}
		} else {
			e = ovf_outfile_open(&out, output, 0644);
			if (!e)
				e = ovf_outfile_finish(&out, ed.new, ed.newlen);
			if (e < 0) {
				ovf_errx("write %s: %s", output, strerror(-e));
				goto out;
			}
		}
		ret = EXIT_SUCCESS;
		goto out;
	}

	if (ed.oldlen == ed.newlen && !memcmp(ed.old, ed.new, ed.oldlen)) {
		printf("Domain '%s' already has every fix; nothing changed.\n", name);
		ret = EXIT_SUCCESS;
		goto out;
	}
	if (ovf_domain_backup(backup_dir, name, xml, len, bpath, sizeof(bpath), &er) < 0) {
		ovf_err_print(&er);
		goto out;
	}
	if (ovf_virt_define(&virt, name, ed.new, &defined, &er) < 0) {
		ovf_err_print(&er);
		ovf_errx("the domain is unchanged; its XML is saved in %s", bpath);
		goto out;
	}
	printf("Defined domain '%s' (old XML saved in %s).\n", name, bpath);
	verify(&defined, name, &o);
	if (built)
		printf("Built %s.\n", built);
	ret = EXIT_SUCCESS;
	goto out;
virt_err:
	ovf_err_print(&er);
out:
	ovf_domain_edit_free(&ed);
	ovf_virt_dom_free(&defined);
	ovf_virt_dom_free(&dom);
	ovf_virt_close(&virt);
	free(rom_bar_abs);
	free(xml);
	return ret;
}

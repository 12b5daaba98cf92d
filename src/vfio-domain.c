// SPDX-License-Identifier: GPL-2.0-or-later
/* vfio-domain: apply the guest-side Optimus passthrough fixes to a libvirt domain. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include "ovf/cleanup.h"
#include "ovf/domain.h"
#include "ovf/gpu.h"
#include "ovf/err.h"
#include "ovf/pciaddr.h"
#include "ovf/pcidev.h"
#include "ovf/rom.h"
#include "ovf/root.h"
#include "ovf/ssdt.h"
#include "ovf/spawn.h"
#include "ovf/tool.h"
#include "ovf/util.h"

#define STATE_DIR_DEFAULT "/var/lib/optimus-vfio"
#define XML_MAX (16u << 20)

/* libvirt versions, major * 1000000 + minor * 1000 + micro */
#define VER_OVERRIDE 8002000	/* <qemu:override> */
#define VER_FWCFG 6005000	/* <sysinfo type='fwcfg'> */
#define VER_HOTPLUG 6003000	/* <target hotplug='off'/> on pcie-root-port */

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
	       "      --ssdt FILE           the compiled SSDT (default: build one with\n"
	       "                            vfio-ssdt into STATE_DIR/ssdt/DOMAIN.aml)\n"
	       "      --vfio-ssdt PATH      the vfio-ssdt program to run\n"
	       "      --rom FILE            the vBIOS file served through fw_cfg\n"
	       "      --fw-cfg-name NAME    fw_cfg file name (default %s)\n"
	       "      --vendor-id VALUE     Hyper-V vendor_id, 1-12 chars (default %s)\n"
	       "      --keep-audio          keep the HDMI audio hostdev (at BB:00.1)\n"
	       "      --no-renumber         refuse instead of moving devices in the way\n"
	       "\n"
	       "Fixes to leave out (all are on by default):\n"
	       "      --no-hostdev --no-audio --no-subsys --no-ssdt --no-rom --no-genid\n"
	       "      --no-kvm-hidden --no-vendor-id\n"
	       "\n"
	       "Safety:\n"
	       "  -n, --dry-run             print the change as a unified diff, change nothing\n"
	       "      --backup-dir DIR      old XML saved here (default STATE_DIR/backups)\n"
	       "      --state-dir DIR       STATE_DIR (default %s): built\n"
	       "                            SSDTs go to STATE_DIR/ssdt/, backups to\n"
	       "                            STATE_DIR/backups/\n"
	       "      --force               edit a running domain (takes effect at next boot)\n"
	       "  -h, --help                show this help and exit\n"
	       "  -V, --version             show the version and exit\n"
	       "\n"
	       "Exit status: 0 success (or nothing to change), 1 error. See %s(8).\n",
	       prog, prog, OVF_SSDT_FW_CFG_DEFAULT, OVF_DOMAIN_VENDOR_ID_DEFAULT,
	       STATE_DIR_DEFAULT, prog);
	exit(EXIT_SUCCESS);
}

/* libvirt's errors: kept quiet, read back with virGetLastErrorMessage(). */
static void quiet_virt_error(void *data, virErrorPtr e)
{
	(void)data;
	(void)e;
}

static int mkdir_p(const char *dir)
{
	char buf[PATH_MAX], *p;

	if (snprintf(buf, sizeof(buf), "%s", dir) >= (int)sizeof(buf))
		return -ENAMETOOLONG;
	for (p = buf + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(buf, 0755) < 0 && errno != EEXIST)
			return -errno;
		*p = '/';
	}
	if (mkdir(buf, 0755) < 0 && errno != EEXIST)
		return -errno;
	return 0;
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

static void temp_remove(const char *path)
{
	unlink(path);
	ovf_cleanup_del_path(path);
}

/*
 * Write @len bytes to a new private temp file, its path in @path; 0, or -1
 * after a message worded as vfio-ssdt's for its temporary directory.
 */
static int temp_file(const char *buf, size_t len, char *path, size_t size)
{
	const char *tmp = getenv("TMPDIR");
	sigset_t sigs;
	int fd, err, n;

	if (!tmp || !*tmp)
		tmp = "/tmp";
	n = snprintf(path, size, "%s/vfio-domain.XXXXXX", tmp);
	if (n < 0 || (size_t)n >= size) {
		ovf_errx("create temporary file in %s: %s", tmp, strerror(ENAMETOOLONG));
		return -1;
	}
	/* on the signal undo list while it exists */
	ovf_cleanup_hold(&sigs);
	fd = mkstemp(path);
	err = fd < 0 ? errno : 0;
	if (fd >= 0)
		ovf_cleanup_add_path(path, 0);
	ovf_cleanup_release(&sigs);
	if (fd < 0) {
		ovf_errx("create temporary file in %s: %s", tmp, strerror(err));
		return -1;
	}
	err = ovf_write_all(fd, buf, len);
	if (close(fd) < 0 && !err)
		err = -errno;
	if (err) {
		ovf_errx("write %s: %s", path, strerror(-err));
		temp_remove(path);
		return -1;
	}
	return 0;
}

/*
 * Run @argv, its wait status in @status.  0, or -errno when it could not
 * be started: the caller words that, it knows what the program is for.
 */
static int run(char *const argv[], int out_fd, int *status)
{
	return ovf_spawn(argv, -1, out_fd, -1, status);
}

/* How a program ended, worded as vfio-ssdt words iasl's end. */
static const char *status_text(int status, char *buf, size_t size)
{
	if (WIFSIGNALED(status))
		snprintf(buf, size, "killed by signal %d", WTERMSIG(status));
	else
		snprintf(buf, size, "exit status %d", WEXITSTATUS(status));
	return buf;
}

/* diff -u of two versions to stdout; 0 or -1. */
static int show_diff(const char *name, const char *a, size_t alen, const char *b,
		     size_t blen, int fd)
{
	char pa[PATH_MAX], pb[PATH_MAX], la[PATH_MAX + 8], lb[PATH_MAX + 8];
	char *argv[] = { "diff", "-u", "--label", la, "--label", lb, pa, pb, NULL };
	char why[32];
	int err, status;

	if (temp_file(a, alen, pa, sizeof(pa)) < 0)
		return -1;
	if (temp_file(b, blen, pb, sizeof(pb)) < 0) {
		temp_remove(pa);
		return -1;
	}
	snprintf(la, sizeof(la), "%s (old)", name);
	snprintf(lb, sizeof(lb), "%s (new)", name);
	err = run(argv, fd, &status);
	temp_remove(pa);
	temp_remove(pb);
	if (err < 0) {
		ovf_errx("run diff: %s", strerror(-err));
		return -1;
	}
	/* 1 only says the two differ */
	if (!WIFEXITED(status) || WEXITSTATUS(status) > 1) {
		ovf_errx("diff failed (%s)", status_text(status, why, sizeof(why)));
		return -1;
	}
	return 0;
}

/* vfio-ssdt next to us (build tree, same prefix), else from PATH. */
static const char *default_vfio_ssdt(char *buf, size_t size)
{
	ssize_t n = readlink("/proc/self/exe", buf, size - 16);
	char *slash;

	if (n > 0) {
		buf[n] = '\0';
		slash = strrchr(buf, '/');
		if (slash) {
			strcpy(slash + 1, "vfio-ssdt");
			if (access(buf, X_OK) == 0)
				return buf;
			/* sbin/vfio-domain, bin/vfio-ssdt */
			if (slash - buf >= 5 && !strncmp(slash - 5, "/sbin", 5)) {
				strcpy(slash - 4, "bin/vfio-ssdt");
				if (access(buf, X_OK) == 0)
					return buf;
			}
		}
	}
	return "vfio-ssdt";
}

/* Build the SSDT for the edited domain @xml with vfio-ssdt; 0 or -1. */
static int build_ssdt(const char *vfio_ssdt, const char *xml, size_t len,
		      const struct ovf_pcidev *gpu, const char *fw_cfg, int rom,
		      const char *out)
{
	char tmp[PATH_MAX], host[OVF_PCI_ADDR_LEN], dir[PATH_MAX], *slash;
	char *argv[16], why[32];
	int i = 0, err, status;

	snprintf(dir, sizeof(dir), "%s", out);
	slash = strrchr(dir, '/');
	if (slash && slash != dir) {
		*slash = '\0';
		err = mkdir_p(dir);
		if (err < 0) {
			ovf_errx("create %s: %s", dir, strerror(-err));
			return -1;
		}
	}
	if (temp_file(xml, len, tmp, sizeof(tmp)) < 0)
		return -1;
	argv[i++] = (char *)vfio_ssdt;
	argv[i++] = "--domain-xml";
	argv[i++] = tmp;
	argv[i++] = "--host-address";
	argv[i++] = ovf_pci_addr_fmt(&gpu->addr, host);
	argv[i++] = "--fw-cfg-name";
	argv[i++] = (char *)fw_cfg;
	if (!rom)
		argv[i++] = "--no-rom";
	argv[i++] = "-q";
	argv[i++] = "-o";
	argv[i++] = (char *)out;
	argv[i] = NULL;
	err = run(argv, STDOUT_FILENO, &status);
	temp_remove(tmp);
	if (err == -ENOENT) {
		ovf_errx("vfio-ssdt not found: give --vfio-ssdt PATH, or --ssdt FILE for "
			 "a table built already (tried '%s')", vfio_ssdt);
		return -1;
	}
	if (err < 0) {
		ovf_errx("run %s: %s", vfio_ssdt, strerror(-err));
		return -1;
	}
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		ovf_errx("%s failed (%s); nothing changed", vfio_ssdt,
			 status_text(status, why, sizeof(why)));
		return -1;
	}
	return 0;
}

/* Save the old XML as DIR/NAME-YYYYmmdd-HHMMSS.xml, atomically. */
static int backup(const char *dir, const char *name, const char *xml, size_t len,
		  char *path, size_t size)
{
	struct ovf_outfile o;
	char stamp[32];
	time_t now = time(NULL);
	struct tm tm;
	int err, i, n;

	err = mkdir_p(dir);
	if (err < 0) {
		ovf_errx("create %s: %s", dir, strerror(-err));
		return -1;
	}
	localtime_r(&now, &tm);
	strftime(stamp, sizeof(stamp), "%Y%m%d-%H%M%S", &tm);
	for (i = 0; i < 100; i++) {
		if (i)
			n = snprintf(path, size, "%s/%s-%s.%d.xml", dir, name, stamp, i);
		else
			n = snprintf(path, size, "%s/%s-%s.xml", dir, name, stamp);
		if (n < 0 || (size_t)n >= size) {
			ovf_errx("backup path in %s: %s", dir, strerror(ENAMETOOLONG));
			return -1;
		}
		if (access(path, F_OK) < 0)
			break;
	}
	err = ovf_outfile_open(&o, path, 0600);
	if (!err)
		err = ovf_outfile_write(&o, xml, len);
	if (!err)
		err = ovf_outfile_commit(&o);
	if (err < 0) {
		ovf_outfile_abort(&o);
		ovf_errx("write backup %s: %s", path, strerror(-err));
		return -1;
	}
	return 0;
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

static int check_version(virConnectPtr conn, const char *uri, unsigned int fixes)
{
	static const struct {
		unsigned int fix;
		unsigned long ver;
		const char *what, *opt;
	} need[] = {
		{ OVF_FIX_SUBSYS, VER_OVERRIDE, "<qemu:override> (subsystem IDs)", "--no-subsys" },
		{ OVF_FIX_ROM, VER_FWCFG, "<sysinfo type='fwcfg'> (the ROM)", "--no-rom" },
		{ OVF_FIX_HOSTDEV, VER_HOTPLUG, "hotplug='off' on the root port", "--no-hostdev" },
	};
	unsigned long ver = 0;
	size_t i;
	int ok = 0;

	if (virConnectGetLibVersion(conn, &ver) < 0) {
		ovf_errx("get libvirt version of %s: %s", uri, virGetLastErrorMessage());
		return -1;
	}
	for (i = 0; i < ARRAY_SIZE(need); i++) {
		if (!(fixes & need[i].fix) || ver >= need[i].ver)
			continue;
		ovf_errx("libvirt %lu.%lu.%lu is too old for %s: needs %lu.%lu.%lu "
			 "(or give %s)", ver / 1000000, ver / 1000 % 1000, ver % 1000,
			 need[i].what, need[i].ver / 1000000, need[i].ver / 1000 % 1000,
			 need[i].ver % 1000, need[i].opt);
		ok = -1;
	}
	return ok;
}

/*
 * Read the domain back and apply the fixes once more: what changes now is
 * what libvirt dropped or rewrote (a driver without the qemu namespace).
 */
static void verify(virDomainPtr d, const char *name, const struct ovf_domain_opts *o)
{
	char *xml = virDomainGetXMLDesc(d, VIR_DOMAIN_XML_INACTIVE | VIR_DOMAIN_XML_SECURE);
	char err[OVF_DOMAIN_ERR_MAX], *a = NULL, *b = NULL;
	size_t alen, blen;
	xmlDoc *doc = NULL;

	if (!xml) {
		ovf_warnx("read back domain '%s': %s", name, virGetLastErrorMessage());
		return;
	}
	if (ovf_domain_parse(xml, strlen(xml), name, &doc, err, sizeof(err)) < 0 ||
	    ovf_domain_format(doc, &a, &alen) < 0 ||
	    ovf_domain_apply(doc, o, NULL, err, sizeof(err)) < 0 ||
	    ovf_domain_format(doc, &b, &blen) < 0) {
		ovf_warnx("read back domain '%s': cannot check it", name);
	} else if (alen != blen || memcmp(a, b, alen)) {
		ovf_warnx("libvirt did not keep every fix of domain '%s' (its driver "
			  "may not support them); still missing:", name);
		fflush(stdout);
		show_diff(name, a, alen, b, blen, STDERR_FILENO);
	}
	if (doc)
		xmlFreeDoc(doc);
	free(a);
	free(b);
	free(xml);
}

enum {
	OPT_GPU = 0x100,
	OPT_SSDT,
	OPT_VFIO_SSDT,
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
	OPT_NO_FIX,	/* + bit number */
};


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
		{ "vfio-ssdt", required_argument, NULL, OPT_VFIO_SSDT },
		{ "rom", required_argument, NULL, OPT_ROM },
		{ "fw-cfg-name", required_argument, NULL, OPT_FW_CFG_NAME },
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
		{ "dry-run", no_argument, NULL, 'n' },
		{ "backup-dir", required_argument, NULL, OPT_BACKUP_DIR },
		{ "state-dir", required_argument, NULL, OPT_STATE_DIR },
		{ "force", no_argument, NULL, OPT_FORCE },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	struct ovf_err re;
	const char *uri = NULL, *file = NULL, *output = NULL, *gpuarg = NULL;
	const char *sysroot = NULL, *ssdt = NULL, *vfio_ssdt = NULL, *rom = NULL;
	const char *backup_dir = NULL, *state_dir = STATE_DIR_DEFAULT, *domname = NULL;
	struct ovf_domain_opts o = {
		.fixes = OVF_FIX_ALL,
		.fw_cfg_name = OVF_SSDT_FW_CFG_DEFAULT,
		.vendor_id = OVF_DOMAIN_VENDOR_ID_DEFAULT,
	};
	struct ovf_domain_notes notes = { .len = 0 };
	char err[OVF_DOMAIN_ERR_MAX], bpath[PATH_MAX], sbuf[PATH_MAX], defbackup[PATH_MAX];
	char *old = NULL, *new = NULL, *name = NULL, *ssdt_abs = NULL, *rom_abs = NULL;
	char *xml = NULL, *built = NULL, *conn_uri = NULL;
	size_t oldlen = 0, newlen = 0, len = 0;
	int c, e, dry = 0, force = 0, ret = EXIT_FAILURE, build = 0;
	virConnectPtr conn = NULL;
	virDomainPtr dom = NULL;
	struct ovf_pcidev gpu;
	xmlDoc *doc = NULL;

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
		case OPT_VFIO_SSDT:
			vfio_ssdt = optarg;
			break;
		case OPT_ROM:
			rom = optarg;
			break;
		case OPT_FW_CFG_NAME:
			if (ovf_ssdt_check_fw_cfg_name(optarg, "--fw-cfg-name", err,
						       sizeof(err)) < 0) {
				ovf_errx("%s", err);
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
		case OPT_KEEP_AUDIO:
			o.keep_audio = 1;
			break;
		case OPT_NO_RENUMBER:
			o.no_renumber = 1;
			break;
		case OPT_NO_FIX + 0 ... OPT_NO_FIX + 7:
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
	if (rom && ovf_rom_check_file(rom, &re) < 0) {
		ovf_errx("check %s: %s", rom, ovf_err_why(&re));
		/* read, but not a ROM a guest can take: invalid data */
		return re.err == EINVAL ? OVF_EXIT_INVALID : EXIT_FAILURE;
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
		virSetErrorFunc(NULL, quiet_virt_error);
		/* the embedded drivers (qemu:///embed) need one */
		if (virEventRegisterDefaultImpl() < 0) {
			ovf_errx("set up libvirt's event loop: %s", virGetLastErrorMessage());
			goto out;
		}
		conn = virConnectOpen(uri);
		if (!conn) {
			ovf_errx("connect to %s: %s", uri ? uri : "libvirt's default URI",
				 virGetLastErrorMessage());
			goto out;
		}
		if (!uri)
			uri = conn_uri = virConnectGetURI(conn);
		if (!uri)
			uri = "libvirt's default URI";
		if (check_version(conn, uri, o.fixes) < 0)
			goto out;
		dom = virDomainLookupByName(conn, domname);
		if (!dom) {
			ovf_errx("find domain '%s' on %s: %s", domname, uri,
				 virGetLastErrorMessage());
			goto out;
		}
		e = virDomainIsActive(dom);
		if (e < 0) {
			ovf_errx("get state of domain '%s': %s", domname,
				 virGetLastErrorMessage());
			goto out;
		}
		if (e == 1 && !force && !dry) {
			ovf_errx("domain '%s' is running; shut it down first, or give "
				 "--force (the change applies at its next start)", domname);
			goto out;
		}
		xml = virDomainGetXMLDesc(dom, VIR_DOMAIN_XML_INACTIVE |
					  VIR_DOMAIN_XML_SECURE);
		if (!xml) {
			ovf_errx("get XML of domain '%s': %s", domname,
				 virGetLastErrorMessage());
			goto out;
		}
		len = strlen(xml);
	}
	e = ovf_domain_parse(xml, len, file ? file : domname, &doc, err, sizeof(err));
	if (e < 0) {
		ovf_errx("%s", e == -ENOMEM ? strerror(ENOMEM) : err);
		goto out;
	}
	name = ovf_domain_name(doc);
	if (!name || !*name || strchr(name, '/')) {
		ovf_errx("%s: the domain has no usable <name>", file ? file : domname);
		goto out;
	}
	if (ovf_domain_format(doc, &old, &oldlen) < 0) {
		ovf_errx("%s", strerror(ENOMEM));
		goto out;
	}

	/* The files the domain will name, absolute. */
	if (o.fixes & OVF_FIX_SSDT) {
		if (!ssdt) {
			snprintf(sbuf, sizeof(sbuf), "%s/ssdt/%s.aml", state_dir, name);
			ssdt = sbuf;
			build = 1;
		}
		ssdt_abs = ovf_abs_path(ssdt);
		if (!ssdt_abs) {
			ovf_errx("%s", strerror(ENOMEM));
			goto out;
		}
		o.ssdt = ssdt_abs;
	}
	if (rom) {
		rom_abs = ovf_abs_path(rom);
		if (!rom_abs) {
			ovf_errx("%s", strerror(ENOMEM));
			goto out;
		}
		o.rom = rom_abs;
	}

	e = ovf_domain_apply(doc, &o, &notes, err, sizeof(err));
	if (e < 0) {
		ovf_errx("%s: %s", file ? file : domname, err);
		goto out;
	}
	if (ovf_domain_format(doc, &new, &newlen) < 0) {
		ovf_errx("%s", strerror(ENOMEM));
		goto out;
	}
	print_notes(&notes);

	if (dry) {
		if (show_diff(file ? file : name, old, oldlen, new, newlen, STDOUT_FILENO) < 0)
			goto out;
		if (build)
			fprintf(stderr, "%s: would build %s with vfio-ssdt\n", prog, ssdt_abs);
		ret = EXIT_SUCCESS;
		goto out;
	}
	if (build) {
		if (!vfio_ssdt)
			vfio_ssdt = default_vfio_ssdt(bpath, sizeof(bpath));
		if (build_ssdt(vfio_ssdt, new, newlen, &gpu, o.fw_cfg_name,
			       !!(o.fixes & OVF_FIX_ROM), ssdt_abs) < 0)
			goto out;
		built = ssdt_abs;
	}

	if (file) {
		struct ovf_outfile out;

		if (!output) {
			fwrite(new, 1, newlen, stdout);
			if (ovf_flush_stdout() < 0) {
				goto out;
			}
		} else {
			e = ovf_outfile_open(&out, output, 0644);
			if (!e)
				e = ovf_outfile_write(&out, new, newlen);
			if (!e)
				e = ovf_outfile_commit(&out);
			if (e < 0) {
				ovf_outfile_abort(&out);
				ovf_errx("write %s: %s", output, strerror(-e));
				goto out;
			}
		}
		ret = EXIT_SUCCESS;
		goto out;
	}

	if (oldlen == newlen && !memcmp(old, new, oldlen)) {
		printf("Domain '%s' already has every fix; nothing changed.\n", name);
		ret = EXIT_SUCCESS;
		goto out;
	}
	if (backup(backup_dir, name, xml, len, bpath, sizeof(bpath)) < 0)
		goto out;
	{
		virDomainPtr nd = virDomainDefineXML(conn, new);

		if (!nd) {
			ovf_errx("define domain '%s': %s", name, virGetLastErrorMessage());
			ovf_errx("the domain is unchanged; its XML is saved in %s", bpath);
			goto out;
		}
		printf("Defined domain '%s' (old XML saved in %s).\n", name, bpath);
		verify(nd, name, &o);
		virDomainFree(nd);
	}
	if (built)
		printf("Built %s.\n", built);
	ret = EXIT_SUCCESS;
out:
	if (doc)
		xmlFreeDoc(doc);
	if (dom)
		virDomainFree(dom);
	if (conn)
		virConnectClose(conn);
	free(xml);
	free(old);
	free(new);
	free(name);
	free(ssdt_abs);
	free(rom_abs);
	free(conn_uri);
	return ret;
}

// SPDX-License-Identifier: GPL-2.0-or-later
/* vbios-extract: a usable vBIOS from firmware, the PCI ROM BAR, nouveau's debugfs copy or a file with a header. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ovf/err.h"
#include "ovf/extract.h"
#include "ovf/fwimage.h"
#include "ovf/gpu.h"
#include "ovf/json.h"
#include "ovf/pciaddr.h"
#include "ovf/rom.h"
#include "ovf/root.h"
#include "ovf/tool.h"
#include "ovf/util.h"
#include "ovf/vbios.h"

/* As vbios-info: far above any GPU ROM, low enough to refuse a disk image */
#define ROM_FILE_MAX (64u << 20)

static const char *prog = "vbios-extract";

enum source { SRC_NONE, SRC_FIRMWARE, SRC_ROM_BAR, SRC_DEBUGFS, SRC_ROM_FILE };

static const char *const source_opt[] = {
	[SRC_NONE] = "", [SRC_FIRMWARE] = "--firmware",
	[SRC_ROM_BAR] = "--rom-bar", [SRC_DEBUGFS] = "--debugfs",
	[SRC_ROM_FILE] = "--rom-file",
};

struct ctx {
	enum source src;
	int nsrc;
	const char *file;	/* --firmware / --rom-file */
	const char *output, *device, *sysroot, *device_id;
	uint16_t want_vendor, want_device;
	int list, force, json, quiet;
	struct ovf_fw_opts fw;
	struct ovf_root root;
	int root_open;
	int have_gpu;
	struct ovf_gpu gpu;
	struct ovf_vbios_list l;
	long picked;
	int written;
};

static void __attribute__((noreturn)) usage(void)
{
	printf("Usage: %s [options] SOURCE -o OUT\n"
	       "       %s [options] SOURCE --list\n"
	       "Get a GPU's vBIOS when acpi_call's _ROM is not the way, check it with the\n"
	       "ROM parser and write it atomically.\n"
	       "\n"
	       "Sources (exactly one):\n"
	       "      --firmware FILE    a vendor BIOS/UEFI update, capsule, installer or\n"
	       "                         SPI flash dump\n"
	       "      --rom-bar          the GPU's PCI ROM BAR through sysfs 'rom'\n"
	       "      --debugfs          nouveau's copy, /sys/kernel/debug/dri/N/vbios.rom\n"
	       "      --rom-file FILE    a ROM file with a header or trailer (GPU-Z, nvflash,\n"
	       "                         download sites): the image chain is cut out\n"
	       "\n"
	       "Options:\n"
	       "  -d, --device ADDR      the target GPU (default: the NVIDIA GPU under the\n"
	       "                         root, if any; --firmware and --rom-file go on\n"
	       "                         without one, unchecked)\n"
	       "      --device-id ID     pick the candidate with this device ID (DDDD or\n"
	       "                         VVVV:DDDD)\n"
	       "      --list             list every candidate, write nothing\n"
	       "  -o, --output FILE      write the vBIOS to FILE (atomically)\n"
	       "      --force            write a ROM whose IDs are not the target GPU's\n"
	       "  -j, --json             one JSON object on stdout\n"
	       "  -q, --quiet            print nothing but errors\n"
	       "  -s, --sysroot DIR      read /sys under DIR (default: $OPTIMUS_VFIO_SYSROOT\n"
	       "                         if set and not empty, else /)\n"
	       "      --uefiextract PATH UEFIExtract to run (default $UEFIEXTRACT, else\n"
	       "                         UEFIExtract)\n"
	       "      --innoextract PATH innoextract to run (default $INNOEXTRACT)\n"
	       "      --7z PATH          7z to run (default $SEVENZIP)\n"
	       "  -h, --help             show this help\n"
	       "  -V, --version          show the version\n"
	       "\n"
	       "Exit status: 0 ok, 1 error (bad option, no such device, unreadable source,\n"
	       "several candidates), 2 not fit (no ROM found, a malformed ROM, IDs of\n"
	       "another device without --force), 4 the ROM BAR could not be disabled\n"
	       "again (act by hand); nothing is written unless 0. See %s(1).\n",
	       prog, prog, prog);
	exit(EXIT_SUCCESS);
}

static const char *json_bool(int v)
{
	return v ? "true" : "false";
}

static void json_cand(const struct ovf_vbios_cand *v, size_t i)
{
	printf("    { \"index\": %zu, \"kind\": ", i);
	ovf_json_str(stdout, ovf_vbios_kind_name(v->kind));
	printf(", \"vendor\": \"%04x\", \"device\": \"%04x\", \"class_code\": \"%06x\","
	       " \"images\": %zu, \"length\": %zu, \"last_image_flag\": %s,"
	       " \"offset\": %zu, \"where\": ",
	       v->vendor, v->device, v->class_code, v->nimages, v->len,
	       json_bool(v->last_flag), v->offset);
	ovf_json_str(stdout, v->where);
	fputs(" }", stdout);
}

/* One JSON object whatever happened: what is known, then the error. */
static void print_json(const struct ctx *c, int rc)
{
	char a[OVF_PCI_ADDR_LEN];
	size_t i;

	fputs("{\n  \"source\": ", stdout);
	ovf_json_str(stdout, source_opt[c->src] + 2);
	fputs(",\n  \"file\": ", stdout);
	if (c->file)
		ovf_json_str(stdout, c->file);
	else
		fputs("null", stdout);
	fputs(",\n  \"target\": ", stdout);
	if (c->have_gpu)
		printf("{ \"address\": \"%s\", \"vendor\": \"%04x\", \"device\": \"%04x\" }",
		       ovf_pci_addr_fmt(&c->gpu.dev.addr, a), c->gpu.dev.vendor,
		       c->gpu.dev.device);
	else
		fputs("null", stdout);
	fputs(",\n  \"candidates\": [", stdout);
	for (i = 0; i < c->l.n; i++) {
		fputs(i ? ",\n" : "\n", stdout);
		json_cand(&c->l.v[i], i);
	}
	fputs(c->l.n ? "\n  ]" : "]", stdout);
	if (c->picked >= 0)
		printf(",\n  \"picked\": %ld", c->picked);
	if (c->written) {
		fputs(",\n  \"output\": ", stdout);
		ovf_json_str(stdout, c->output);
	}
	if (rc != EXIT_SUCCESS) {
		fputs(",\n  \"error\": ", stdout);
		ovf_json_error(stdout, ovf_first_error.set ? ovf_first_error.message : "failed",
			       ovf_first_error.set ? ovf_first_error.path : NULL);
	}
	fputs("\n}\n", stdout);
}

static void print_cand(FILE *f, const struct ovf_vbios_cand *v, size_t i)
{
	fprintf(f, "%s%zu: %s %04x:%04x, class %06x, %zu image%s, %zu bytes, last-image flag %s, %s\n",
		f == stderr ? "vbios-extract:   " : "", i,
		ovf_vbios_kind_name(v->kind), v->vendor, v->device,
		v->class_code, v->nimages, v->nimages == 1 ? "" : "s", v->len,
		v->last_flag ? "yes" : "no", v->where);
}

/*
 * A chain cut out of @buf (a ROM file, the ROM BAR, debugfs) as the one
 * candidate. Returns 0, or the exit status after a message naming @what.
 */
static int from_bytes(struct ctx *c, const uint8_t *buf, size_t len,
		      const char *what)
{
	struct ovf_rom_cut *cut = malloc(sizeof(*cut));
	char words[160], *where;
	int r, rc = OVF_EXIT_INVALID;

	if (!cut) {
		ovf_errx("cut %s: %s", what, strerror(ENOMEM));
		return OVF_EXIT_ERROR;
	}
	ovf_rom_cut(buf, len, cut);
	switch (cut->status) {
	case OVF_CUT_OK:
		break;
	case OVF_CUT_NO_ROM:
		ovf_errp(what, "cut %s: no PCI option ROM (55 aa and a PCIR) at offset 0 nor at any 512-byte boundary of the first %u MiB",
			 what, OVF_ROM_SEARCH_MAX >> 20);
		goto out;
	case OVF_CUT_NO_LAST:
		ovf_errp(what, "cut %s: image %zu (ends at 0x%zx) is not flagged last, and no image follows it: the chain is incomplete",
			 what, cut->last_image, cut->end);
		goto out;
	case OVF_CUT_TRUNCATED:
		ovf_errp(what, "cut %s: the image chain from offset 0x%zx is truncated: it needs at least 0x%zx bytes, the source ends at 0x%zx",
			 what, cut->start, cut->start + cut->need, cut->end);
		goto out;
	case OVF_CUT_MALFORMED:
		ovf_errp(what, "cut %s: image %zu from offset 0x%zx: %s (at offset 0x%zx)",
			 what, cut->f.info.nimages, cut->start + cut->f.bad_image,
			 ovf_rom_strerror(cut->f.info.error),
			 cut->start + cut->f.info.error_offset);
		goto out;
	}
	ovf_rom_cut_words(cut, words, sizeof(words));
	if (asprintf(&where, "%s: offset 0x%zx, %s", what, cut->start, words) < 0) {
		ovf_errx("cut %s: %s", what, strerror(ENOMEM));
		rc = OVF_EXIT_ERROR;
		goto out;
	}
	r = ovf_vbios_list_add(&c->l, buf + cut->start, cut->len,
			       OVF_VBIOS_NVIDIA, where, cut->start);
	free(where);
	if (r < 0) {
		ovf_errx("cut %s: %s", what, strerror(-r));
		rc = r == -ENOMEM ? OVF_EXIT_ERROR : OVF_EXIT_INVALID;
		goto out;
	}
	rc = 0;
out:
	free(cut);
	return rc;
}

static int gather_rom_file(struct ctx *c)
{
	uint8_t *buf;
	size_t len;
	int err, rc;

	err = ovf_read_file(c->file, &buf, &len, ROM_FILE_MAX);
	if (err == -EFBIG) {
		ovf_errp(c->file, "read %s: larger than %u MiB, not a ROM file",
			 c->file, ROM_FILE_MAX >> 20);
		return OVF_EXIT_ERROR;
	}
	if (err) {
		ovf_errp(c->file, "read %s: %s", c->file, strerror(-err));
		return OVF_EXIT_ERROR;
	}
	rc = from_bytes(c, buf, len, c->file);
	free(buf);
	return rc;
}

static int gather_rom_bar(struct ctx *c)
{
	char shown[4300], rel[96];
	struct ovf_err e;
	uint8_t *buf;
	size_t len;
	int err, rc;

	/* "0" must reach `rom` after a "1", whatever signal comes meanwhile */
	ovf_signals_defer();
	err = ovf_rombar_read(&c->root, c->gpu.name, ROM_FILE_MAX, &buf, &len, &e);
	ovf_signals_resume(-1);
	if (err && !strcmp(e.action, "disable")) {
		/* the one change this source makes, and it could not be undone */
		ovf_err_advise(&e, "; the ROM BAR is left enabled: write 0 to it by hand (echo 0 > %s)",
			       e.path);
		ovf_err_print(&e);
		return OVF_EXIT_MANUAL;
	}
	if (err) {
		if (err == -EIO && !strcmp(e.action, "read"))
			ovf_err_advise(&e, " (the ROM BAR gave nothing: on muxless laptops the vBIOS is in the system firmware; try --firmware, or dump_vbios_rom_acpi)");
		ovf_err_print(&e);
		return OVF_EXIT_ERROR;
	}
	snprintf(rel, sizeof(rel), "sys/bus/pci/devices/%s/rom", c->gpu.name);
	ovf_root_display(&c->root, rel, shown, sizeof(shown));
	rc = from_bytes(c, buf, len, shown);
	free(buf);
	return rc;
}

static int gather_debugfs(struct ctx *c)
{
	char path[4300];
	struct ovf_err e;
	uint8_t *buf;
	size_t len;
	int err, rc;

	err = ovf_debugfs_read(&c->root, c->gpu.name, ROM_FILE_MAX, &buf, &len,
			       path, sizeof(path), &e);
	if (err) {
		if (err == -ENOENT && strstr(e.reason, "debugfs"))
			ovf_err_advise(&e, " (mount it: mount -t debugfs none /sys/kernel/debug)");
		ovf_err_print(&e);
		return OVF_EXIT_ERROR;
	}
	rc = from_bytes(c, buf, len, path);
	free(buf);
	return rc;
}

static int gather_firmware(struct ctx *c)
{
	struct ovf_err e;
	int err;

	ovf_err_clear(&e);
	err = ovf_fw_scan(c->file, &c->fw, &c->l, &e);
	if (err < 0) {
		ovf_err_print(&e);
		/* damaged firmware, a wrapper with none in it: the data is not fit */
		return err == -EBADMSG || err == -ENODATA ? OVF_EXIT_INVALID :
		       OVF_EXIT_ERROR;
	}
	if (!c->l.n) {
		ovf_errp(c->file, "scan %s: no vBIOS found (no option ROM chain nor Intel VBT)",
			 c->file);
		return OVF_EXIT_INVALID;
	}
	return 0;
}

/*
 * The target GPU: -d, else the one NVIDIA display device; the file
 * sources go on without one. Returns 0 or the exit status.
 */
static int find_target(struct ctx *c)
{
	int need = c->src == SRC_ROM_BAR || c->src == SRC_DEBUGFS;
	struct ovf_err e;
	int err;

	err = ovf_gpu_find(&c->root, c->device, 0, &c->gpu, &e);
	if (!err) {
		c->have_gpu = 1;
		return 0;
	}
	if (err == -EEXIST) {
		ovf_gpu_list_cands(&c->gpu, "-d");
		return OVF_EXIT_ERROR;
	}
	if (c->device || need) {
		ovf_err_print(&e);
		return OVF_EXIT_ERROR;
	}
	if (!c->quiet)
		fprintf(stderr, "%s: no target GPU (%s): the ROM's IDs are not checked; give -d ADDR to check them\n",
			prog, ovf_err_why(&e));
	return 0;
}

/* Pick the candidate: 0 with c->picked set, or the exit status. */
static int pick(struct ctx *c)
{
	enum ovf_pick p;
	size_t i;

	p = ovf_vbios_pick(&c->l, c->want_vendor, c->want_device,
			   c->have_gpu ? c->gpu.dev.vendor : 0,
			   c->have_gpu ? c->gpu.dev.device : 0, &c->picked);
	switch (p) {
	case OVF_PICK_ONE:
	case OVF_PICK_DEVICE_ID:
	case OVF_PICK_TARGET:
		return 0;
	case OVF_PICK_NONE:
		ovf_errp(c->file, "no NVIDIA display ROM among the %zu candidate%s (--list shows them; --device-id picks another kind)",
			 c->l.n, c->l.n == 1 ? "" : "s");
		break;
	case OVF_PICK_NO_SUCH_ID:
		ovf_errp(c->file, "no candidate has device ID %s; the candidates:",
			 c->device_id);
		break;
	case OVF_PICK_SEVERAL:
		ovf_errp(c->file, "several candidates: pick one with --device-id:");
		break;
	}
	if (p != OVF_PICK_NONE)
		for (i = 0; i < c->l.n; i++)
			print_cand(stderr, &c->l.v[i], i);
	return p == OVF_PICK_SEVERAL ? OVF_EXIT_ERROR : OVF_EXIT_INVALID;
}

/* The ROM parser's word on the candidate: 0, or the exit status. */
static int verify(struct ctx *c, const struct ovf_vbios_cand *v)
{
	struct ovf_rom_info *info = malloc(sizeof(*info));
	char a[OVF_PCI_ADDR_LEN];
	int rc = 0, img;
	size_t i;

	if (!info) {
		ovf_errx("check: %s", strerror(ENOMEM));
		return OVF_EXIT_ERROR;
	}
	if (ovf_rom_parse(v->data, v->len, 0, info) != OVF_ROM_OK) {
		ovf_errp(c->file, "check candidate %ld: %s", c->picked,
			 ovf_rom_strerror(info->error));
		free(info);
		return OVF_EXIT_INVALID;
	}
	for (i = 0; i < info->nimages; i++) {
		const struct ovf_rom_image *im = &info->img[i];
		enum ovf_rom_sum s = ovf_rom_image_sum(im);

		if (s != OVF_ROM_SUM_BAD && s != OVF_ROM_SUM_SHORT)
			continue;
		if (c->force) {
			if (!c->quiet)
				ovf_warnx("image %zu at offset 0x%zx: x86 checksum is bad (written, --force)",
					  i, im->offset);
			continue;
		}
		ovf_errp(c->file, "check candidate %ld: image %zu at offset 0x%zx: x86 checksum is bad (the 0x%zx bytes a BIOS checks sum to 0x%02x, not 0); --force writes it anyway",
			 c->picked, i, im->offset, im->checksum_length, im->checksum);
		rc = OVF_EXIT_INVALID;
	}
	if (!rc && v->kind != OVF_VBIOS_NVIDIA && !c->force) {
		ovf_errp(c->file, "candidate %ld (%04x:%04x, %s) is not an NVIDIA display ROM; --force writes it anyway",
			 c->picked, v->vendor, v->device, ovf_vbios_kind_name(v->kind));
		rc = OVF_EXIT_INVALID;
	}
	if (!rc && c->have_gpu &&
	    !ovf_rom_matches(info, c->gpu.dev.vendor, c->gpu.dev.device, &img)) {
		ovf_pci_addr_fmt(&c->gpu.dev.addr, a);
		if (c->force) {
			if (!c->quiet)
				ovf_warnx("the ROM is for %04x:%04x, but %s is %04x:%04x (written, --force)",
					  v->vendor, v->device, a,
					  c->gpu.dev.vendor, c->gpu.dev.device);
		} else {
			ovf_errp(c->file, "the ROM is for %04x:%04x, but %s is %04x:%04x; --force writes it anyway",
				 v->vendor, v->device, a, c->gpu.dev.vendor,
				 c->gpu.dev.device);
			rc = OVF_EXIT_INVALID;
		}
	}
	free(info);
	return rc;
}

static int write_out(struct ctx *c, const struct ovf_vbios_cand *v)
{
	struct ovf_outfile out;
	int err;

	err = ovf_outfile_open(&out, c->output, 0644);
	if (err < 0) {
		ovf_errp(c->output, "create %s: %s", c->output, strerror(-err));
		return OVF_EXIT_ERROR;
	}
	err = ovf_outfile_finish(&out, v->data, v->len);
	if (err < 0) {
		ovf_errp(c->output, "write %s: %s", c->output, strerror(-err));
		return OVF_EXIT_ERROR;
	}
	c->written = 1;
	if (!c->quiet && !c->json)
		printf("%s: wrote %s: %04x:%04x, %zu image%s, %zu bytes, from %s\n",
		       prog, c->output, v->vendor, v->device, v->nimages,
		       v->nimages == 1 ? "" : "s", v->len, v->where);
	return 0;
}

static int run(struct ctx *c)
{
	int rc;
	size_t i;

	if (ovf_tool_root_open(&c->root, c->sysroot) < 0)
		return OVF_EXIT_ERROR;
	c->root_open = 1;
	rc = find_target(c);
	if (rc)
		return rc;
	switch (c->src) {
	case SRC_FIRMWARE:
		rc = gather_firmware(c);
		break;
	case SRC_ROM_BAR:
		rc = gather_rom_bar(c);
		break;
	case SRC_DEBUGFS:
		rc = gather_debugfs(c);
		break;
	default:
		rc = gather_rom_file(c);
		break;
	}
	if (rc)
		return rc;
	if (c->list) {
		if (!c->quiet && !c->json)
			for (i = 0; i < c->l.n; i++)
				print_cand(stdout, &c->l.v[i], i);
		return 0;
	}
	rc = pick(c);
	if (!rc)
		rc = verify(c, &c->l.v[c->picked]);
	if (!rc)
		rc = write_out(c, &c->l.v[c->picked]);
	return rc;
}

static int set_source(struct ctx *c, enum source s, const char *file)
{
	if (c->nsrc++) {
		if (c->src == s)
			ovf_errx("%s given twice: give one source", source_opt[s]);
		else
			ovf_errx("%s and %s exclude each other: give one source",
				 source_opt[c->src], source_opt[s]);
		return -1;
	}
	c->src = s;
	c->file = file;
	return 0;
}

enum { OPT_FIRMWARE = 256, OPT_ROM_BAR, OPT_DEBUGFS, OPT_ROM_FILE,
       OPT_DEVICE_ID, OPT_LIST, OPT_FORCE, OPT_UEFIEXTRACT, OPT_INNOEXTRACT,
       OPT_7Z };

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "firmware", required_argument, NULL, OPT_FIRMWARE },
		{ "rom-bar", no_argument, NULL, OPT_ROM_BAR },
		{ "debugfs", no_argument, NULL, OPT_DEBUGFS },
		{ "rom-file", required_argument, NULL, OPT_ROM_FILE },
		{ "device", required_argument, NULL, 'd' },
		{ "device-id", required_argument, NULL, OPT_DEVICE_ID },
		{ "list", no_argument, NULL, OPT_LIST },
		{ "output", required_argument, NULL, 'o' },
		{ "force", no_argument, NULL, OPT_FORCE },
		{ "json", no_argument, NULL, 'j' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "sysroot", required_argument, NULL, 's' },
		{ "uefiextract", required_argument, NULL, OPT_UEFIEXTRACT },
		{ "innoextract", required_argument, NULL, OPT_INNOEXTRACT },
		{ "7z", required_argument, NULL, OPT_7Z },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	static struct ctx c = { .picked = -1 };
	struct ovf_pci_addr addr;
	int opt, rc;

	ovf_tool_init(prog, argc, argv);
	c.fw.uefiextract = getenv("UEFIEXTRACT");
	c.fw.innoextract = getenv("INNOEXTRACT");
	c.fw.sevenzip = getenv("SEVENZIP");
	while ((opt = getopt_long(argc, argv, "d:o:jqs:hV", longopts, NULL)) != -1) {
		switch (opt) {
		case OPT_FIRMWARE:
		case OPT_ROM_FILE:
			if (ovf_opt_nonempty(opt == OPT_FIRMWARE ? "--firmware" : "--rom-file",
					     optarg, "a file") < 0)
				return OVF_EXIT_ERROR;
			if (set_source(&c, opt == OPT_FIRMWARE ? SRC_FIRMWARE : SRC_ROM_FILE,
				       optarg) < 0)
				goto bad;
			break;
		case OPT_ROM_BAR:
		case OPT_DEBUGFS:
			if (set_source(&c, opt == OPT_ROM_BAR ? SRC_ROM_BAR : SRC_DEBUGFS,
				       NULL) < 0)
				goto bad;
			break;
		case 'd':
			c.device = optarg;
			break;
		case OPT_DEVICE_ID:
			c.device_id = optarg;
			break;
		case OPT_LIST:
			c.list = 1;
			break;
		case 'o':
			if (ovf_opt_nonempty("--output", optarg, "a file") < 0)
				return OVF_EXIT_ERROR;
			c.output = optarg;
			break;
		case OPT_FORCE:
			c.force = 1;
			break;
		case 'j':
			c.json = 1;
			break;
		case 'q':
			c.quiet = 1;
			break;
		case 's':
			if (ovf_opt_sysroot(optarg) < 0)
				return OVF_EXIT_ERROR;
			c.sysroot = optarg;
			break;
		case OPT_UEFIEXTRACT:
			c.fw.uefiextract = optarg;
			break;
		case OPT_INNOEXTRACT:
			c.fw.innoextract = optarg;
			break;
		case OPT_7Z:
			c.fw.sevenzip = optarg;
			break;
		case 'h':
			usage();
		case 'V':
			ovf_print_version();
			return OVF_EXIT_OK;
		default:
			ovf_try_help();
			return OVF_EXIT_ERROR;
		}
	}
	if (ovf_no_operands(argc, argv) < 0)
		return OVF_EXIT_ERROR;
	if (!c.nsrc) {
		ovf_errx("no source: give --firmware FILE, --rom-bar, --debugfs or --rom-file FILE");
		goto bad;
	}
	if (c.list && c.output) {
		ovf_errx("--list writes nothing: give --list or -o, not both");
		goto bad;
	}
	if (!c.list && !c.output) {
		ovf_errx("no output: give -o FILE, or --list to see the candidates");
		goto bad;
	}
	if (c.device_id &&
	    (ovf_device_id_parse(c.device_id, &c.want_vendor, &c.want_device) ||
	     !c.want_device)) {
		ovf_errx("invalid --device-id '%s': expected 4 hex digits (the device) or VVVV:DDDD",
			 ovf_shown(c.device_id));
		return OVF_EXIT_ERROR;
	}
	if (c.device && ovf_pci_addr_parse(c.device, &addr)) {
		ovf_err_pci_addr(c.device);
		return OVF_EXIT_ERROR;
	}
	/* a path that cannot take the ROM is refused before any work */
	if (c.output && ovf_check_output(c.output) < 0)
		return OVF_EXIT_ERROR;

	rc = run(&c);
	if (c.json && !c.quiet)
		print_json(&c, rc);
	if (rc && c.output)
		ovf_errx("nothing written to %s", c.output);
	ovf_vbios_list_free(&c.l);
	if (c.root_open)
		ovf_root_close(&c.root);
	return rc;
bad:
	ovf_try_help();
	return OVF_EXIT_ERROR;
}

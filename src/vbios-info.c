// SPDX-License-Identifier: GPL-2.0-or-later
/* vbios-info: list the images of a PCI option ROM file and check it against a GPU. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ovf/gpu.h"
#include "ovf/err.h"
#include "ovf/extract.h"
#include "ovf/rombar.h"
#include "ovf/json.h"
#include "ovf/pciaddr.h"
#include "ovf/pcidev.h"
#include "ovf/pciids.h"
#include "ovf/rom.h"
#include "ovf/root.h"
#include "ovf/tool.h"
#include "ovf/util.h"

/* Far above any GPU ROM (1-2 MiB), low enough to refuse a disk image */
#define ROM_FILE_MAX (64u << 20)

static const char *prog = "vbios-info";

struct ctx {
	const char *path;	/* as given, "-" for stdin */
	const char *display;	/* for messages */
	const uint8_t *buf;	/* the whole file */
	size_t len;
	/*
	 * Where the ROM starts in the file, what precedes it (an nvflash
	 * file's NVGI header, a flash layout) and its chain. The parser sees
	 * the bytes from there; everything printed gives file offsets (base
	 * added).
	 */
	struct ovf_rom_file f;
	/* the same bytes as vbios-extract --rom-file cuts them, and the ROM BAR verdict */
	struct ovf_rom_cut cut;
	struct ovf_rom_bar bar;
	int cut_done;
	const char *extract;	/* --extract OUT */
	struct ovf_pci_name names[OVF_ROM_MAX_IMAGES];
	int json, quiet;
	/* --device */
	int have_dev;
	struct ovf_pcidev dev;
	int match_img;		/* image the check used, -1 if none */
	int match;
};


static void __attribute__((noreturn)) usage(void)
{
	printf("Usage: %s [options] [FILE|-]\n"
	       "List the images of a PCI option ROM (a GPU vBIOS) read from FILE\n"
	       "or standard input, and optionally check it against a PCI device.\n"
	       "\n"
	       "Options:\n"
	       "  -j, --json             print JSON instead of a table\n"
	       "  -x, --extract OUT      write the ROM alone (all its images, nothing\n"
	       "                         before or after) to OUT, as a guest needs it\n"
	       "  -d, --device ADDR      check the ROM's PCI IDs against device ADDR\n"
	       "  -s, --sysroot DIR      look --device up under DIR/sys instead of /sys\n"
	       "                         (default: $OPTIMUS_VFIO_SYSROOT if set and not\n"
	       "                         empty, else /)\n"
	       "  -q, --quiet            print nothing but errors\n"
	       "  -h, --help             show this help\n"
	       "  -V, --version          show the version\n"
	       "\n"
	       "Exit status: 0 ok, 1 error (unreadable file, bad option, no such\n"
	       "device), 2 not a valid ROM (malformed, bad checksum, none in the file)\n"
	       "or it does not match ADDR. See %s(1).\n",
	       prog, prog);
	exit(EXIT_SUCCESS);
}

/* pci.ids names for every image; empty strings where unknown. */
static void lookup_names(struct ctx *c)
{
	size_t i;

	for (i = 0; i < c->f.info.nimages; i++) {
		c->names[i].vendor = c->f.info.img[i].vendor;
		c->names[i].device = c->f.info.img[i].device;
	}
	/* a broken pci.ids: go on without names */
	ovf_pci_ids_names(NULL, c->names, c->f.info.nimages);
}

static void json_str(const char *s)
{
	ovf_json_str(stdout, s);
}

/* A string, or null when empty */
static void json_str_or_null(const char *s)
{
	if (*s)
		json_str(s);
	else
		fputs("null", stdout);
}

static const char *yesno(int v)
{
	return v ? "yes" : "no";
}

static const char *json_bool(int v)
{
	return v ? "true" : "false";
}

/* The ROM's path for the error member: none for standard input. */
static const char *rom_path(const struct ctx *c)
{
	return strcmp(c->path, "-") ? c->path : NULL;
}

/* Close the record, naming the first error of a failed run (exit != 0). */
static void json_end(int rc)
{
	if (rc != EXIT_SUCCESS) {
		fputs(",\n  \"error\": ", stdout);
		ovf_json_error(stdout, ovf_first_error.set ? ovf_first_error.message : "failed",
			       ovf_first_error.set ? ovf_first_error.path : NULL);
	}
	fputs("\n}\n", stdout);
}

/*
 * What stands between the file and a guest, with offsets: a leading
 * header, trailing bytes, a chain with no last-image flag, an x86 image
 * whose checksum is off.
 */
static void json_problems(const struct ctx *c)
{
	const struct ovf_rom_cut *k = &c->cut;
	const char *sep = "";

	fputs(",\n  \"problems\": [", stdout);
	if (k->status == OVF_CUT_OK && k->start) {
		printf("{ \"kind\": \"leading_header\", \"offset\": 0, \"length\": %zu }",
		       k->start);
		sep = ", ";
	}
	if (k->status == OVF_CUT_OK && k->trailing) {
		printf("%s{ \"kind\": \"trailing_bytes\", \"offset\": %zu, \"length\": %zu, \"fill\": ",
		       sep, k->start + k->len, k->trailing);
		if (k->trailing_fill >= 0)
			printf("\"0x%02x\" }", k->trailing_fill);
		else
			fputs("null }", stdout);
		sep = ", ";
	}
	if (k->status == OVF_CUT_NO_LAST) {
		printf("%s{ \"kind\": \"no_last_image_flag\", \"offset\": %zu, \"image\": %zu }",
		       sep, k->end, k->last_image);
		sep = ", ";
	}
	if (c->bar.why == OVF_ROM_BAR_CHECKSUM)
		printf("%s{ \"kind\": \"bad_checksum\", \"offset\": %zu, \"image\": %zu }",
		       sep, k->start + c->bar.offset, c->bar.image);
	fputs("]", stdout);
}

static void json_rom_bar(const struct ctx *c)
{
	char why[256];

	printf(",\n  \"rom_bar\": { \"fit\": %s, \"bar_size\": %zu, \"reason\": ",
	       c->bar.why == OVF_ROM_BAR_FIT ? "true" : "false", c->bar.bar_size);
	if (c->bar.why == OVF_ROM_BAR_FIT)
		fputs("null", stdout);
	else
		json_str(ovf_rom_bar_words(&c->cut, &c->bar, why, sizeof(why)));
	fputs(" }", stdout);
}

/* The record of a run that failed before the ROM was parsed. */
static void json_failed_early(const struct ctx *c, int have_len)
{
	fputs("{\n  \"file\": ", stdout);
	json_str(c->display);
	if (have_len)
		printf(",\n  \"file_length\": %zu", c->len);
	if (c->cut_done) {
		json_problems(c);
		json_rom_bar(c);
	}
	json_end(EXIT_FAILURE);
}

static void print_json(const struct ctx *c)
{
	const struct ovf_rom_info *info = &c->f.info;
	size_t i;

	fputs("{\n  \"file\": ", stdout);
	json_str(c->display);
	printf(",\n  \"file_length\": %zu,\n", c->len);
	printf("  \"rom_offset\": %zu,\n", c->f.base);
	printf("  \"before_rom\": %s,\n",
	       c->f.kind == OVF_ROM_NVGI ? "\"nvgi\"" :
	       c->f.kind == OVF_ROM_FLASH ? "\"unknown\"" : "null");
	printf("  \"total_length\": %zu,\n", info->total_len);
	printf("  \"trailing_bytes\": %zu,\n",
	       c->len - c->f.base - info->total_len);
	printf("  \"ended_after_nv70\": %s,\n", json_bool(info->nv70_ended));
	printf("  \"image_count\": %zu,\n", info->nimages);
	fputs("  \"images\": [", stdout);
	for (i = 0; i < info->nimages; i++) {
		const struct ovf_rom_image *im = &info->img[i];

		printf("%s\n    {\n", i ? "," : "");
		printf("      \"index\": %zu,\n", i);
		printf("      \"offset\": %zu,\n", c->f.base + im->offset);
		printf("      \"length\": %zu,\n", im->length);
		printf("      \"signature\": \"%04x\",\n", im->signature);
		printf("      \"pcir_offset\": %zu,\n", c->f.base + im->pcir_offset);
		fputs("      \"pcir_signature\": ", stdout);
		json_str(im->pcir_sig);
		printf(",\n      \"pcir_length\": %zu,\n", im->pcir_length);
		printf("      \"vendor\": \"%04x\",\n", im->vendor);
		printf("      \"device\": \"%04x\",\n", im->device);
		fputs("      \"vendor_name\": ", stdout);
		json_str_or_null(c->names[i].vendor_name);
		fputs(",\n      \"device_name\": ", stdout);
		json_str_or_null(c->names[i].device_name);
		printf(",\n      \"class_code\": \"%06x\",\n", im->class_code);
		printf("      \"code_type\": %u,\n", im->code_type);
		fputs("      \"code_type_name\": ", stdout);
		json_str(ovf_rom_code_type_name(im->code_type));
		printf(",\n      \"revision\": %u,\n", im->revision);
		printf("      \"last\": %s,\n", json_bool(im->last));
		if (im->has_npde)
			printf("      \"npde\": { \"offset\": %zu },\n",
			       c->f.base + im->npde_offset);
		else
			fputs("      \"npde\": null,\n", stdout);
		printf("      \"checksum\": %u,\n", im->checksum);
		printf("      \"checksum_ok\": %s,\n", json_bool(im->checksum_ok));
		printf("      \"checksum_length\": %zu,\n", im->checksum_length);
		if (im->is_efi) {
			printf("      \"efi\": {\n"
			       "        \"machine\": %u,\n"
			       "        \"machine_name\": ",
			       im->efi_machine);
			json_str(ovf_rom_efi_machine_name(im->efi_machine));
			printf(",\n        \"compression\": %u,\n"
			       "        \"compressed\": %s,\n"
			       "        \"subsystem\": %u,\n"
			       "        \"image_offset\": %u\n"
			       "      }\n",
			       im->efi_compression,
			       json_bool(im->efi_compression != 0),
			       im->efi_subsystem, im->efi_image_offset);
		} else {
			fputs("      \"efi\": null\n", stdout);
		}
		fputs("    }", stdout);
	}
	fputs("\n  ]", stdout);
	if (c->have_dev) {
		char a[OVF_PCI_ADDR_LEN];

		printf(",\n  \"device\": {\n    \"address\": \"%s\",\n",
		       ovf_pci_addr_fmt(&c->dev.addr, a));
		printf("    \"vendor\": \"%04x\",\n    \"device\": \"%04x\",\n",
		       c->dev.vendor, c->dev.device);
		printf("    \"subsystem_vendor\": \"%04x\",\n"
		       "    \"subsystem_device\": \"%04x\",\n",
		       c->dev.subsys_vendor, c->dev.subsys_device);
		if (c->match_img >= 0)
			printf("    \"rom_image\": %d,\n", c->match_img);
		else
			fputs("    \"rom_image\": null,\n", stdout);
		printf("    \"match\": %s\n  }", json_bool(c->match));
	}
	json_problems(c);
	json_rom_bar(c);
	/* json_end() closes the object, after the error member if any */
}

static const char *checksum_str(const struct ovf_rom_image *im)
{
	switch (ovf_rom_image_sum(im)) {
	case OVF_ROM_SUM_OK:
		return "ok";
	case OVF_ROM_SUM_UNCHECKED:
		return "-";
	default:
		return "BAD";
	}
}

/* The file as vbios-extract --rom-file names it in a command */
static const char *file_arg(const struct ctx *c)
{
	return strcmp(c->path, "-") ? c->display : "FILE";
}

static void print_problems(const struct ctx *c)
{
	const struct ovf_rom_cut *k = &c->cut;
	char why[256];

	if (k->start)
		printf("leading header: 0x%zx bytes before the ROM (%s), at offset 0x0\n",
		       k->start, ovf_rom_container_name(k->before));
	if (k->trailing) {
		if (k->trailing_fill >= 0)
			snprintf(why, sizeof(why), "padding 0x%02x", k->trailing_fill);
		else
			snprintf(why, sizeof(why), "data");
		printf("trailing bytes: %zu after the ROM, at offset 0x%zx (%s)\n",
		       k->trailing, k->start + k->len, why);
	}
	if (k->start || k->trailing)
		printf("cut them off: vbios-extract --rom-file %s -o OUT\n", file_arg(c));
	ovf_rom_bar_words(k, &c->bar, why, sizeof(why));
	if (c->bar.why == OVF_ROM_BAR_FIT)
		printf("fit for a ROM BAR: yes (%s)\n", why);
	else if (c->bar.why == OVF_ROM_BAR_HEADER)
		printf("fit for a ROM BAR: no: %s; run vbios-extract --rom-file %s -o OUT\n",
		       why, file_arg(c));
	else
		printf("fit for a ROM BAR: no: %s\n", why);
}

static void print_table(const struct ctx *c)
{
	const struct ovf_rom_info *info = &c->f.info;
	size_t i;

	if (c->f.base) {
		printf("ROM at offset 0x%zx, after an %s (0x%zx bytes)\n",
		       c->f.base, ovf_rom_container_name(c->f.kind), c->f.base);
		if (!c->extract)
			printf("    a guest needs the ROM alone: %s --extract OUT %s\n",
			       prog, strcmp(c->path, "-") ? c->display : "-");
	}
	printf("%-3s %-9s %-9s %-4s %-4s %-20s %-9s %-4s %s\n", "IDX",
	       "OFFSET", "LENGTH", "SIG", "PCIR", "TYPE", "ID", "LAST",
	       "CHECKSUM");
	for (i = 0; i < info->nimages; i++) {
		const struct ovf_rom_image *im = &info->img[i];
		const struct ovf_pci_name *n = &c->names[i];
		char type[32];

		if (!strcmp(ovf_rom_code_type_name(im->code_type), "unknown"))
			snprintf(type, sizeof(type), "unknown (0x%02x)",
				 im->code_type);
		else
			snprintf(type, sizeof(type), "%s",
				 ovf_rom_code_type_name(im->code_type));
		printf("%-3zu 0x%07zx 0x%07zx %04x %-4s %-20s %04x:%04x %-4s %s\n",
		       i, c->f.base + im->offset, im->length, im->signature,
		       im->pcir_sig,
		       type, im->vendor, im->device, yesno(im->last),
		       checksum_str(im));
		/*
		 * NVIDIA ROMs may carry an internal device ID that pci.ids
		 * names after another product (10de:1b80, "GTX 1080", in a
		 * GTX 1070 Mobile ROM): say whose name it is.
		 */
		if (n->vendor_name[0] || n->device_name[0])
			printf("    pci.ids name of the ID in the ROM: %s%s%s\n",
			       n->vendor_name,
			       n->vendor_name[0] && n->device_name[0] ? " " : "",
			       n->device_name);
		printf("    class %06x, code revision 0x%04x, PCIR at 0x%zx\n",
		       im->class_code, im->revision, c->f.base + im->pcir_offset);
		if (im->has_npde)
			printf("    NPDE at 0x%zx sets length and last flag (PCIR length 0x%zx)\n",
			       c->f.base + im->npde_offset, im->pcir_length);
		if (im->code_type == OVF_ROM_CODE_X86 &&
		    im->init_length && im->init_length != im->length)
			printf("    a BIOS checksums 0x%zx bytes (header byte 2)\n",
			       im->init_length);
		if (im->is_efi)
			printf("    EFI: machine %s (0x%04x), %s, subsystem 0x%04x, image at +0x%04x\n",
			       ovf_rom_efi_machine_name(im->efi_machine),
			       im->efi_machine,
			       im->efi_compression ? "compressed" : "uncompressed",
			       im->efi_subsystem, im->efi_image_offset);
		else if (im->code_type == OVF_ROM_CODE_EFI)
			printf("    EFI: no EFI header signature 0x0ef1\n");
		if (i + 1 == info->nimages && info->nv70_ended)
			printf("    flagged not last, but no image follows: the chain ends here\n");
	}
	printf("total: %zu image%s, 0x%zx bytes (%zu)", info->nimages,
	       info->nimages == 1 ? "" : "s", info->total_len, info->total_len);
	if (c->f.base)
		printf(" from offset 0x%zx", c->f.base);
	if (c->len - c->f.base > info->total_len)
		printf(", %zu trailing bytes",
		       c->len - c->f.base - info->total_len);
	putchar('\n');
	print_problems(c);
	if (c->have_dev) {
		char a[OVF_PCI_ADDR_LEN];

		printf("device %s: %04x:%04x, subsystem %04x:%04x: %s\n",
		       ovf_pci_addr_fmt(&c->dev.addr, a), c->dev.vendor,
		       c->dev.device, c->dev.subsys_vendor,
		       c->dev.subsys_device,
		       c->match ? "matches the ROM" : "does NOT match the ROM");
	}
}

/* Report a parse failure; the offsets let a hex dump confirm it. */
static void parse_error(const struct ctx *c)
{
	const struct ovf_rom_info *info = &c->f.info;
	char where[96] = "";

	if (c->f.base)
		snprintf(where, sizeof(where), " (ROM at offset 0x%zx, after an %s)",
			 c->f.base, ovf_rom_container_name(c->f.kind));
	switch (info->error) {
	case OVF_ROM_ERR_EMPTY:
		ovf_errp(rom_path(c), "parse %s: empty file", c->display);
		return;
	case OVF_ROM_ERR_TRUNCATED:
		ovf_errp(rom_path(c), "parse %s%s: image %zu at offset 0x%zx: %s (file has 0x%zx bytes, the image chain needs at least 0x%zx)",
		    c->display, where, info->nimages,
		    c->f.base + info->error_offset, ovf_rom_strerror(info->error),
		    c->len, c->f.base + c->f.need);
		return;
	default:
		ovf_errp(rom_path(c), "parse %s%s: image %zu at offset 0x%zx: %s (at offset 0x%zx)",
		    c->display, where, info->nimages, c->f.base + c->f.bad_image,
		    ovf_rom_strerror(info->error),
		    c->f.base + info->error_offset);
	}
}

/* 0, -1 on errors (reported), 1 on a mismatch (reported) */
static int check_device(struct ctx *c, const char *addr_str,
			const char *sysroot)
{
	struct ovf_pci_addr addr;
	struct ovf_root root;
	const char *dir;
	struct ovf_gpu g;
	struct ovf_err e;
	int err;

	/* before the sysroot, as every option value is */
	if (ovf_pci_addr_parse(addr_str, &addr)) {
		ovf_err_pci_addr(addr_str);
		return -1;
	}
	if (ovf_tool_root_open(&root, sysroot) < 0)
		return -1;
	dir = root.dir[0] ? root.dir : "/";
	err = ovf_gpu_find(&root, addr_str, 0, &g, &e);
	if (err < 0 && !strcmp(e.action, "scan"))
		ovf_errp(dir, "open PCI access under %s: %s", dir, ovf_err_why(&e));
	else if (err < 0)
		ovf_err_print(&e);
	ovf_root_close(&root);
	if (err < 0)
		return -1;
	c->dev = g.dev;
	c->have_dev = 1;
	/*
	 * NVIDIA keeps board data in its own tables, so a ROM from a
	 * different board of the same GPU is not detected here.
	 */
	c->match = ovf_rom_matches(&c->f.info, c->dev.vendor, c->dev.device,
				   &c->match_img);
	return 0;
}

static void report_mismatch(const struct ctx *c)
{
	const struct ovf_rom_image *im;
	char a[OVF_PCI_ADDR_LEN];

	ovf_pci_addr_fmt(&c->dev.addr, a);
	if (c->match_img < 0) {
		ovf_errp(rom_path(c), "%s: no image carries a PCI vendor ID; cannot match it to %s (%04x:%04x)",
		    c->display, a, c->dev.vendor, c->dev.device);
		return;
	}
	im = &c->f.info.img[c->match_img];
	ovf_errp(rom_path(c), "%s: ROM is for %04x:%04x (image %d at offset 0x%zx), but %s is %04x:%04x",
	    c->display, im->vendor, im->device, c->match_img,
	    c->f.base + im->offset, a,
	    c->dev.vendor, c->dev.device);
}

/* No embedded ROM either: say what the file looked like. */
static void no_rom_error(const struct ctx *c)
{
	if (c->f.kind == OVF_ROM_NVGI) {
		ovf_errx("parse %s: an NVIDIA NVGI header, but no PCI option ROM (55 aa and a PCIR) at any 512-byte boundary of the first %u MiB",
		    c->display, OVF_ROM_SEARCH_MAX >> 20);
		return;
	}
	ovf_errx("parse %s: image 0 at offset 0x0: %s (at offset 0x0), and no embedded PCI option ROM (55 aa and a PCIR) at any 512-byte boundary of the first %u MiB",
	    c->display, ovf_rom_strerror(OVF_ROM_ERR_SIGNATURE),
	    OVF_ROM_SEARCH_MAX >> 20);
}

/* The ROM alone, from its first image to the end of its last: 0 or -1. */
static int extract_rom(const struct ctx *c)
{
	struct ovf_outfile out;
	int err;

	err = ovf_outfile_open(&out, c->extract, 0644);
	if (err < 0) {
		ovf_errx("create %s: %s", c->extract, strerror(-err));
		return -1;
	}
	err = ovf_outfile_write(&out, c->buf + c->f.base, c->f.info.total_len);
	if (!err)
		err = ovf_outfile_commit(&out);
	if (err < 0) {
		ovf_outfile_abort(&out);
		ovf_errx("write %s: %s", c->extract, strerror(-err));
		return -1;
	}
	if (!c->quiet)
		fprintf(stderr, "%s: wrote %zu bytes to %s (%zu image%s from offset 0x%zx of %s)\n",
			prog, c->f.info.total_len, c->extract, c->f.info.nimages,
			c->f.info.nimages == 1 ? "" : "s", c->f.base, c->display);
	return 0;
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "extract", required_argument, NULL, 'x' },
		{ "device", required_argument, NULL, 'd' },
		{ "sysroot", required_argument, NULL, 's' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	const char *device = NULL, *sysroot = NULL;
	static struct ctx c;
	uint8_t *buf = NULL;
	int opt, err, rc = EXIT_SUCCESS;
	size_t i;

	ovf_tool_init(prog, argc, argv);
	while ((opt = getopt_long(argc, argv, "jx:d:s:qhV", longopts, NULL)) != -1) {
		switch (opt) {
		case 'j':
			c.json = 1;
			break;
		case 'x':
			c.extract = optarg;
			break;
		case 'd':
			device = optarg;
			break;
		case 's':
			if (ovf_opt_sysroot(optarg) < 0)
				return EXIT_FAILURE;
			sysroot = optarg;
			break;
		case 'q':
			c.quiet = 1;
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
	if (argc - optind > 1) {
		ovf_errx("too many arguments (one ROM file at a time)");
		ovf_try_help();
		return EXIT_FAILURE;
	}
	/* a path that cannot take the ROM is refused before reading anything */
	if (c.extract && ovf_check_output(c.extract) < 0)
		return EXIT_FAILURE;
	c.path = optind < argc ? argv[optind] : "-";
	c.display = strcmp(c.path, "-") ? c.path : "<stdin>";

	err = ovf_read_file(c.path, &buf, &c.len, ROM_FILE_MAX);
	if (err) {
		if (err == -EFBIG)
			ovf_errp(rom_path(&c), "read %s: larger than %u MiB, not a ROM",
			       c.display, ROM_FILE_MAX >> 20);
		else
			ovf_errp(rom_path(&c), "read %s: %s", c.display, strerror(-err));
		if (c.json && !c.quiet)
			json_failed_early(&c, 0);
		return EXIT_FAILURE;
	}
	c.buf = buf;

	err = ovf_rom_file_scan(buf, c.len, &c.f);
	ovf_rom_cut(buf, c.len, &c.cut);
	ovf_rom_bar_fit(&c.cut, c.len, &c.bar);
	c.cut_done = 1;
	if (err == -ENOENT) {
		no_rom_error(&c);
		goto fail_early;
	}
	if (err < 0) {
		parse_error(&c);
		if (c.cut.status == OVF_CUT_NO_LAST)
			ovf_errp(rom_path(&c), "%s: no last-image flag: image %zu ends at 0x%zx and no image follows; not fit for a ROM BAR",
				 c.display, c.cut.last_image, c.cut.end);
		goto fail_early;
	}
	if (device && check_device(&c, device, sysroot)) {
		/* the ROM's record still says what the file holds */
		if (!c.json)
			goto fail;
		rc = EXIT_FAILURE;
	}

	if (!c.quiet) {
		lookup_names(&c);
		if (c.json)
			print_json(&c);
		else
			print_table(&c);
	}

	for (i = 0; i < c.f.info.nimages; i++) {
		const struct ovf_rom_image *im = &c.f.info.img[i];
		enum ovf_rom_sum sum = ovf_rom_image_sum(im);

		/* A BIOS refuses to run x86 code that does not sum to zero */
		if (sum == OVF_ROM_SUM_OK || sum == OVF_ROM_SUM_UNCHECKED)
			continue;
		if (sum == OVF_ROM_SUM_SHORT)
			ovf_errp(rom_path(&c), "%s: image %zu at offset 0x%zx: x86 header byte 2 says a BIOS checksums 0x%zx bytes, but the file ends after 0x%zx",
			    c.display, i, c.f.base + im->offset, im->init_length,
			    im->checksum_length);
		else
			ovf_errp(rom_path(&c), "%s: image %zu at offset 0x%zx: x86 checksum is bad (the 0x%zx bytes a BIOS checks sum to 0x%02x, not 0)",
			    c.display, i, c.f.base + im->offset,
			    im->checksum_length, im->checksum);
		if (rc == EXIT_SUCCESS)
			rc = OVF_EXIT_INVALID;
	}
	if (c.have_dev && !c.match) {
		report_mismatch(&c);
		if (rc == EXIT_SUCCESS)
			rc = OVF_EXIT_INVALID;
	}
	/* Only a ROM that passed every check is worth handing to a guest */
	if (c.extract) {
		if (rc != EXIT_SUCCESS)
			ovf_errx("nothing written to %s", c.extract);
		else if (extract_rom(&c) < 0)
			rc = EXIT_FAILURE;
	}
	if (c.json && !c.quiet)
		json_end(rc);
	free(buf);
	return rc;
fail_early:
	/* the file was read: what is in it is not a ROM */
	rc = OVF_EXIT_INVALID;
	if (c.json && !c.quiet)
		json_failed_early(&c, 1);
fail:
	if (c.extract)
		ovf_errx("nothing written to %s", c.extract);
	free(buf);
	return rc != EXIT_SUCCESS ? rc : EXIT_FAILURE;
}

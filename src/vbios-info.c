// SPDX-License-Identifier: GPL-2.0-or-later
/* vbios-info: list the images of a PCI option ROM file and check it against a GPU. */
#include <errno.h>
#include <getopt.h>
#include <pci/pci.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ovf/pciaddr.h"
#include "ovf/pcidev.h"
#include "ovf/rom.h"
#include "ovf/root.h"
#include "ovf/tool.h"
#include "ovf/util.h"

#define EXIT_MISMATCH 2

/* Far above any GPU ROM (1-2 MiB), low enough to refuse a disk image */
#define ROM_FILE_MAX (64u << 20)

static const char *prog = "vbios-info";

struct names {
	char vendor[128];
	char device[256];
};

struct ctx {
	const char *path;	/* as given, "-" for stdin */
	const char *display;	/* for messages */
	const uint8_t *buf;
	size_t len;
	struct ovf_rom_info info;
	struct names names[OVF_ROM_MAX_IMAGES];
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
	       "  -d, --device ADDR      check the ROM's PCI IDs against device ADDR\n"
	       "  -s, --sysroot DIR      look --device up under DIR/sys instead of /sys\n"
	       "                         (default: $OPTIMUS_VFIO_SYSROOT if set and not\n"
	       "                         empty, else /)\n"
	       "  -q, --quiet            print nothing but errors\n"
	       "  -h, --help             show this help\n"
	       "  -V, --version          show the version\n"
	       "\n"
	       "Exit status: 0 ok, 1 error or malformed ROM, 2 ROM does not match ADDR.\n",
	       prog);
	exit(EXIT_SUCCESS);
}

/*
 * libpci's callbacks are not supposed to return; jump out of the name
 * lookup instead of letting the default handler exit the process.
 */
static jmp_buf names_jmp;

static void __attribute__((noreturn)) names_error(char *fmt, ...)
{
	(void)fmt;
	longjmp(names_jmp, 1);
}

static void names_quiet(char *fmt, ...)
{
	(void)fmt;
}

/* pci.ids names for every image; empty strings where unknown. */
static void lookup_names(struct ctx *c)
{
	const int flags = PCI_LOOKUP_NO_NUMBERS | PCI_LOOKUP_NO_HWDB;
	struct pci_access *pacc;
	size_t i;

	/* Name lookup reads only pci.ids, so no pci_init() and no sysfs */
	pacc = pci_alloc();
	if (!pacc)
		return;
	pacc->error = names_error;
	pacc->warning = names_quiet;
	pacc->debug = names_quiet;
	if (setjmp(names_jmp) == 0) {
		for (i = 0; i < c->info.nimages; i++) {
			const struct ovf_rom_image *im = &c->info.img[i];
			struct names *n = &c->names[i];

			if (!pci_lookup_name(pacc, n->vendor, sizeof(n->vendor),
					     PCI_LOOKUP_VENDOR | flags,
					     im->vendor))
				n->vendor[0] = '\0';
			if (!pci_lookup_name(pacc, n->device, sizeof(n->device),
					     PCI_LOOKUP_DEVICE | flags,
					     im->vendor, im->device))
				n->device[0] = '\0';
		}
	} else {
		/* A broken pci.ids: go on without names */
		memset(c->names, 0, sizeof(c->names));
	}
	pci_cleanup(pacc);
}

static void json_str(const char *s)
{
	putchar('"');
	for (; *s; s++) {
		unsigned char ch = *s;

		if (ch == '"' || ch == '\\')
			printf("\\%c", ch);
		else if (ch == '\n')
			fputs("\\n", stdout);
		else if (ch == '\t')
			fputs("\\t", stdout);
		else if (ch < 0x20 || ch == 0x7f)
			printf("\\u%04x", ch);
		else
			putchar(ch);
	}
	putchar('"');
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

static void print_json(const struct ctx *c)
{
	const struct ovf_rom_info *info = &c->info;
	size_t i;

	fputs("{\n  \"file\": ", stdout);
	json_str(c->display);
	printf(",\n  \"file_length\": %zu,\n", c->len);
	printf("  \"total_length\": %zu,\n", info->total_len);
	printf("  \"trailing_bytes\": %zu,\n", c->len - info->total_len);
	printf("  \"image_count\": %zu,\n", info->nimages);
	fputs("  \"images\": [", stdout);
	for (i = 0; i < info->nimages; i++) {
		const struct ovf_rom_image *im = &info->img[i];

		printf("%s\n    {\n", i ? "," : "");
		printf("      \"index\": %zu,\n", i);
		printf("      \"offset\": %zu,\n", im->offset);
		printf("      \"length\": %zu,\n", im->length);
		printf("      \"signature\": \"%04x\",\n", im->signature);
		printf("      \"pcir_offset\": %zu,\n", im->pcir_offset);
		fputs("      \"pcir_signature\": ", stdout);
		json_str(im->pcir_sig);
		printf(",\n      \"pcir_length\": %zu,\n", im->pcir_length);
		printf("      \"vendor\": \"%04x\",\n", im->vendor);
		printf("      \"device\": \"%04x\",\n", im->device);
		fputs("      \"vendor_name\": ", stdout);
		json_str_or_null(c->names[i].vendor);
		fputs(",\n      \"device_name\": ", stdout);
		json_str_or_null(c->names[i].device);
		printf(",\n      \"class_code\": \"%06x\",\n", im->class_code);
		printf("      \"code_type\": %u,\n", im->code_type);
		fputs("      \"code_type_name\": ", stdout);
		json_str(ovf_rom_code_type_name(im->code_type));
		printf(",\n      \"revision\": %u,\n", im->revision);
		printf("      \"last\": %s,\n", json_bool(im->last));
		if (im->has_npde)
			printf("      \"npde\": { \"offset\": %zu },\n",
			       im->npde_offset);
		else
			fputs("      \"npde\": null,\n", stdout);
		printf("      \"checksum\": %u,\n", im->checksum);
		printf("      \"checksum_ok\": %s,\n", json_bool(im->checksum_ok));
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
	fputs("\n}\n", stdout);
}

static const char *checksum_str(const struct ovf_rom_image *im)
{
	if (im->checksum_ok)
		return "ok";
	/* Only x86 code is checksummed by the BIOS that runs it */
	return im->code_type == OVF_ROM_CODE_X86 ? "BAD" : "-";
}

static void print_table(const struct ctx *c)
{
	const struct ovf_rom_info *info = &c->info;
	size_t i;

	printf("%-3s %-9s %-9s %-4s %-4s %-20s %-9s %-4s %s\n", "IDX",
	       "OFFSET", "LENGTH", "SIG", "PCIR", "TYPE", "ID", "LAST",
	       "CHECKSUM");
	for (i = 0; i < info->nimages; i++) {
		const struct ovf_rom_image *im = &info->img[i];
		const struct names *n = &c->names[i];
		char type[32];

		if (!strcmp(ovf_rom_code_type_name(im->code_type), "unknown"))
			snprintf(type, sizeof(type), "unknown (0x%02x)",
				 im->code_type);
		else
			snprintf(type, sizeof(type), "%s",
				 ovf_rom_code_type_name(im->code_type));
		printf("%-3zu 0x%07zx 0x%07zx %04x %-4s %-20s %04x:%04x %-4s %s\n",
		       i, im->offset, im->length, im->signature, im->pcir_sig,
		       type, im->vendor, im->device, yesno(im->last),
		       checksum_str(im));
		if (n->vendor[0] || n->device[0])
			printf("    name: %s%s%s\n", n->vendor,
			       n->vendor[0] && n->device[0] ? " " : "",
			       n->device);
		printf("    class %06x, code revision 0x%04x, PCIR at 0x%zx\n",
		       im->class_code, im->revision, im->pcir_offset);
		if (im->has_npde)
			printf("    NPDE at 0x%zx sets length and last flag (PCIR length 0x%zx)\n",
			       im->npde_offset, im->pcir_length);
		if (im->is_efi)
			printf("    EFI: machine %s (0x%04x), %s, subsystem 0x%04x, image at +0x%04x\n",
			       ovf_rom_efi_machine_name(im->efi_machine),
			       im->efi_machine,
			       im->efi_compression ? "compressed" : "uncompressed",
			       im->efi_subsystem, im->efi_image_offset);
		else if (im->code_type == OVF_ROM_CODE_EFI)
			printf("    EFI: no EFI header signature 0x0ef1\n");
	}
	printf("total: %zu image%s, 0x%zx bytes (%zu)", info->nimages,
	       info->nimages == 1 ? "" : "s", info->total_len, info->total_len);
	if (c->len > info->total_len)
		printf(", %zu trailing bytes", c->len - info->total_len);
	putchar('\n');
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
	const struct ovf_rom_info *info = &c->info;
	struct ovf_rom_info more;

	switch (info->error) {
	case OVF_ROM_ERR_EMPTY:
		ovf_errx("parse %s: empty file", c->display);
		return;
	case OVF_ROM_ERR_TRUNCATED:
		/* The partial walk says how much the chain still wants */
		ovf_rom_parse(c->buf, c->len, 1, &more);
		ovf_errx("parse %s: image %zu at offset 0x%zx: %s (file has 0x%zx bytes, the image chain needs at least 0x%zx)",
		    c->display, info->nimages, info->error_offset,
		    ovf_rom_strerror(info->error), c->len, more.need);
		return;
	default:
		ovf_errx("parse %s: image %zu at offset 0x%zx: %s (at offset 0x%zx)",
		    c->display, info->nimages,
		    info->nimages ? info->img[info->nimages - 1].offset +
					    info->img[info->nimages - 1].length :
				    0,
		    ovf_rom_strerror(info->error), info->error_offset);
	}
}

/* 0, -1 on errors (reported), 1 on a mismatch (reported) */
static int check_device(struct ctx *c, const char *addr_str,
			const char *sysroot)
{
	char rel[64], shown[4400], a[OVF_PCI_ADDR_LEN];
	struct ovf_pci_addr addr;
	struct ovf_root root;
	struct ovf_pci *pci;
	const char *dir;
	size_t i;
	int err;

	if (ovf_pci_addr_parse(addr_str, &addr)) {
		ovf_errx("bad PCI address '%s' (expected DDDD:BB:DD.F or BB:DD.F)",
		    addr_str);
		return -1;
	}
	dir = ovf_root_choose(sysroot);
	err = ovf_root_open(&root, dir);
	if (err) {
		ovf_errx("open sysroot %s: %s", dir, strerror(-err));
		return -1;
	}
	err = ovf_pci_open(&pci, &root);
	if (err) {
		ovf_errx("open PCI access under %s: %s", dir,
		    pci && *ovf_pci_errmsg(pci) ? ovf_pci_errmsg(pci) :
						  strerror(-err));
		ovf_pci_close(pci);
		ovf_root_close(&root);
		return -1;
	}
	err = ovf_pci_get(pci, &addr, &c->dev);
	if (err) {
		snprintf(rel, sizeof(rel), "sys/bus/pci/devices/%s",
			 ovf_pci_addr_fmt(&addr, a));
		ovf_errx("read %s: %s", ovf_root_display(&root, rel, shown,
						    sizeof(shown)),
		    err == -EIO && *ovf_pci_errmsg(pci) ? ovf_pci_errmsg(pci) :
							  strerror(-err));
		ovf_pci_close(pci);
		ovf_root_close(&root);
		return -1;
	}
	ovf_pci_close(pci);
	ovf_root_close(&root);
	c->have_dev = 1;

	/*
	 * Only the PCI data structure names a device. Subsystem IDs are not
	 * part of the PCI option ROM format; NVIDIA keeps board data in its
	 * own tables, so a ROM from a different board of the same GPU is not
	 * detected here.
	 */
	c->match_img = -1;
	for (i = 0; i < c->info.nimages; i++) {
		const struct ovf_rom_image *im = &c->info.img[i];

		if (im->vendor == 0x0000 || im->vendor == 0xffff)
			continue;
		c->match_img = i;
		c->match = im->vendor == c->dev.vendor &&
			   im->device == c->dev.device;
		break;
	}
	return 0;
}

static void report_mismatch(const struct ctx *c)
{
	const struct ovf_rom_image *im;
	char a[OVF_PCI_ADDR_LEN];

	ovf_pci_addr_fmt(&c->dev.addr, a);
	if (c->match_img < 0) {
		ovf_errx("%s: no image carries a PCI vendor ID; cannot match it to %s (%04x:%04x)",
		    c->display, a, c->dev.vendor, c->dev.device);
		return;
	}
	im = &c->info.img[c->match_img];
	ovf_errx("%s: ROM is for %04x:%04x (image %d at offset 0x%zx), but %s is %04x:%04x",
	    c->display, im->vendor, im->device, c->match_img, im->offset, a,
	    c->dev.vendor, c->dev.device);
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "device", required_argument, NULL, 'd' },
		{ "sysroot", required_argument, NULL, 's' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	const char *device = NULL, *sysroot = NULL;
	static struct ctx c;
	enum ovf_rom_status st;
	uint8_t *buf = NULL;
	int opt, err, rc = EXIT_SUCCESS;
	size_t i;

	ovf_prog = prog;
	while ((opt = getopt_long(argc, argv, "jd:s:qhV", longopts, NULL)) != -1) {
		switch (opt) {
		case 'j':
			c.json = 1;
			break;
		case 'd':
			device = optarg;
			break;
		case 's':
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
	c.path = optind < argc ? argv[optind] : "-";
	c.display = strcmp(c.path, "-") ? c.path : "<stdin>";

	err = ovf_read_file(c.path, &buf, &c.len, ROM_FILE_MAX);
	if (err) {
		if (err == -EFBIG)
			ovf_errx("read %s: larger than %u MiB, not a ROM", c.display,
			    ROM_FILE_MAX >> 20);
		else
			ovf_errx("read %s: %s", c.display, strerror(-err));
		return EXIT_FAILURE;
	}
	c.buf = buf;

	st = ovf_rom_parse(buf, c.len, 0, &c.info);
	if (st != OVF_ROM_OK) {
		parse_error(&c);
		free(buf);
		return EXIT_FAILURE;
	}
	if (device && check_device(&c, device, sysroot)) {
		free(buf);
		return EXIT_FAILURE;
	}

	if (!c.quiet) {
		lookup_names(&c);
		if (c.json)
			print_json(&c);
		else
			print_table(&c);
	}

	for (i = 0; i < c.info.nimages; i++) {
		const struct ovf_rom_image *im = &c.info.img[i];

		/* A BIOS refuses to run x86 code that does not sum to zero */
		if (im->code_type == OVF_ROM_CODE_X86 && !im->checksum_ok) {
			ovf_errx("%s: image %zu at offset 0x%zx: x86 checksum is bad (bytes sum to 0x%02x, not 0)",
			    c.display, i, im->offset, im->checksum);
			rc = EXIT_FAILURE;
		}
	}
	if (c.have_dev && !c.match) {
		report_mismatch(&c);
		if (rc == EXIT_SUCCESS)
			rc = EXIT_MISMATCH;
	}
	free(buf);
	return rc;
}

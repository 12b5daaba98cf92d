// SPDX-License-Identifier: GPL-2.0-or-later
/* vfio-ssdt: generate and compile the guest SSDT (fake battery, _ROM from fw_cfg). */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ovf/acpipath.h"
#include "ovf/cleanup.h"
#include "ovf/err.h"
#include "ovf/exit.h"
#include "ovf/iasl.h"
#include "ovf/libvirt_xml.h"
#include "ovf/pciaddr.h"
#include "ovf/rom.h"
#include "ovf/ssdt.h"
#include "ovf/tool.h"
#include "ovf/util.h"

#define ROM_PLACEHOLDER "/path/to/vbios.rom"

static const char *prog = "vfio-ssdt";

static void __attribute__((noreturn)) usage(void)
{
	printf("Usage: %s [options] -o FILE.aml\n"
	       "       %s [options] --asl [-o FILE.asl]\n"
	       "\n"
	       "Generate the guest SSDT that a passed-through Optimus GPU needs (an empty\n"
	       "battery slot, and a _ROM method serving the vBIOS from a QEMU fw_cfg file)\n"
	       "and compile it with iasl.\n"
	       "\n"
	       "Where the GPU sits in the guest (needed for _ROM):\n"
	       "      --guest-address ADDR  the GPU's guest address, BB:DD.F\n"
	       "      --bridge ADDR         a bridge above it, outermost first (repeatable)\n"
	       "      --domain-xml FILE     read both from a defined libvirt domain\n"
	       "      --host-address ADDR   with --domain-xml: the hostdev whose host\n"
	       "                            address is ADDR (default: the one with\n"
	       "                            function 0)\n"
	       "      --acpi-path PATH      the GPU's ACPI path (default: QEMU's name,\n"
	       "                            e.g. \\_SB.PCI0.S08.S00)\n"
	       "\n"
	       "Table contents:\n"
	       "      --no-battery          leave out the battery\n"
	       "      --no-rom              leave out _ROM\n"
	       "      --battery-scope PATH  where the battery goes (default %s)\n"
	       "      --fw-cfg-name NAME    fw_cfg file holding the ROM\n"
	       "                            (default %s)\n"
	       "      --template-dir DIR    ASL templates from DIR (default: built in)\n"
	       "\n"
	       "Output:\n"
	       "  -o, --output FILE         write the table to FILE\n"
	       "      --asl                 write the ASL source instead of compiling\n"
	       "                            (to stdout without -o)\n"
	       "      --iasl PATH           the ACPI compiler (default $IASL, else iasl)\n"
	       "      --rom FILE            vBIOS file named in the printed QEMU/libvirt\n"
	       "                            settings\n"
	       "  -q, --quiet               do not print those settings\n"
	       "  -h, --help                show this help and exit\n"
	       "  -V, --version             show the version and exit\n"
	       "\n"
	       "Exit status: 0 success, 1 error (also: iasl cannot be started),\n"
	       "2 iasl rejected the table. See %s(1).\n",
	       prog, prog, OVF_SSDT_BATTERY_SCOPE_DEFAULT, OVF_SSDT_FW_CFG_DEFAULT, prog);
	exit(EXIT_SUCCESS);
}

/* A guest address: domain 0 only, that is all QEMU names under \_SB.PCI0. */
static int parse_hop(const char *opt, const char *s, struct ovf_ssdt_hop *h)
{
	struct ovf_pci_addr a;

	if (ovf_pci_addr_parse(s, &a) < 0) {
		ovf_errx("invalid %s '%s': expected BB:DD.F (e.g. 01:00.0)", opt, ovf_shown(s));
		return -1;
	}
	if (a.domain != 0) {
		ovf_errx("invalid %s '%s': guest PCI domain must be 0", opt, ovf_shown(s));
		return -1;
	}
	*h = (struct ovf_ssdt_hop){ a.bus, a.dev, a.func };
	return 0;
}

/* Bridges only say where each one sits, so check what can be checked. */
static int check_chain(const struct ovf_ssdt_topo *t)
{
	unsigned int i;

	if (!t->nbridges && t->gpu.bus != 0) {
		ovf_errx("the GPU is on bus %02x, not 0: give --bridge for each bridge "
			 "above it (e.g. --bridge 00:01.0)", t->gpu.bus);
		return -1;
	}
	for (i = 0; i < t->nbridges; i++) {
		if ((i == 0) != (t->bridges[i].bus == 0)) {
			ovf_errx("invalid --bridge %02x:%02x.%x: %s", t->bridges[i].bus,
				 t->bridges[i].slot, t->bridges[i].func,
				 i == 0 ? "the outermost bridge must be on bus 00"
					: "only the outermost bridge is on bus 00");
			return -1;
		}
	}
	if (t->nbridges && t->gpu.bus == 0) {
		ovf_errx("the GPU is on bus 00, so no bridge can be above it");
		return -1;
	}
	return 0;
}

/*
 * Characters a POSIX shell takes literally anywhere in a word.  No '~':
 * bash expands it after '=' even in plain arguments.
 */
#define SHELL_SAFE "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz" \
		   "0123456789_@%+=:,./-"

/*
 * A QEMU option value, commas doubled (QEMU's escape), written so that a
 * POSIX shell passes it on unchanged: as it is when every character is
 * safe, else in single quotes, a quote inside becoming '\''.
 */
static void put_qemu(const char *s)
{
	int quote = !*s || s[strspn(s, SHELL_SAFE)];

	if (quote)
		putchar('\'');
	for (; *s; s++) {
		if (*s == ',')
			putchar(',');
		if (*s == '\'')
			fputs("'\\''", stdout);
		else
			putchar(*s);
	}
	if (quote)
		putchar('\'');
}

/* An XML attribute value (single-quoted); @qemu: also a QEMU option value. */
static void put_xml(const char *s, int qemu)
{
	char *q = qemu ? ovf_lvx_qemu_escape(s) : NULL;
	char *x = ovf_lvx_escape(q ? q : s);

	/* out of memory: nothing sensible to print, the caller's flush fails no less */
	if (x)
		fputs(x, stdout);
	free(x);
	free(q);
}

static void print_settings(const char *aml, const char *rom, const char *fw_cfg,
			   int with_rom)
{
	const char *why = NULL, *opt = NULL;

	printf("QEMU arguments:\n  -acpitable file=");
	put_qemu(aml);
	/* vmgenid's buffer is where _ROM puts its fw_cfg DMA descriptor. */
	if (with_rom) {
		/* one shell word: name=NAME,file=FILE, each value quoted as needed */
		printf(" \\\n  -fw_cfg name=");
		put_qemu(fw_cfg);
		printf(",file=");
		put_qemu(rom);
		printf(" \\\n  -device vmgenid");
	}
	printf("\n");
	/* Better no XML than one libvirt refuses, or reads as another path. */
	if ((why = ovf_lvx_unfit(aml)))
		opt = "-o";
	else if (with_rom && (why = ovf_lvx_unfit(rom)))
		opt = "--rom";
	if (why) {
		ovf_warnx("no libvirt domain XML printed: the %s path is not valid in "
			  "XML (%s)", opt, why);
		goto notes;
	}
	printf("\nlibvirt domain XML (the <domain> element needs\n"
	       "xmlns:qemu='http://libvirt.org/schemas/domain/qemu/1.0'):\n");
	if (with_rom) {
		printf("  <genid/>\n");
		printf("  <sysinfo type='fwcfg'>\n    <entry name='");
		put_xml(fw_cfg, 0);
		printf("' file='");
		put_xml(rom, 0);
		printf("'/>\n  </sysinfo>\n");
	}
	printf("  <qemu:commandline>\n    <qemu:arg value='-acpitable'/>\n"
	       "    <qemu:arg value='file=");
	/* libvirt hands the value to QEMU unchanged. */
	put_xml(aml, 1);
	printf("'/>\n  </qemu:commandline>\n");
notes:
	if (with_rom)
		printf("\nvmgenid (<genid/>) makes _ROM fast: without it, reading a large\n"
		       "ROM can take seconds per call.\n");
	if (with_rom && !strcmp(rom, ROM_PLACEHOLDER))
		printf("\nReplace %s with the vBIOS file (see dump_vbios_rom_acpi(1)).\n",
		       ROM_PLACEHOLDER);
}

enum {
	OPT_ASL = 0x100,
	OPT_GUEST_ADDRESS,
	OPT_BRIDGE,
	OPT_DOMAIN_XML,
	OPT_HOST_ADDRESS,
	OPT_ACPI_PATH,
	OPT_NO_BATTERY,
	OPT_NO_ROM,
	OPT_BATTERY_SCOPE,
	OPT_FW_CFG_NAME,
	OPT_TEMPLATE_DIR,
	OPT_IASL,
	OPT_ROM,
};

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "asl", no_argument, NULL, OPT_ASL },
		{ "guest-address", required_argument, NULL, OPT_GUEST_ADDRESS },
		{ "bridge", required_argument, NULL, OPT_BRIDGE },
		{ "domain-xml", required_argument, NULL, OPT_DOMAIN_XML },
		{ "host-address", required_argument, NULL, OPT_HOST_ADDRESS },
		{ "acpi-path", required_argument, NULL, OPT_ACPI_PATH },
		{ "no-battery", no_argument, NULL, OPT_NO_BATTERY },
		{ "no-rom", no_argument, NULL, OPT_NO_ROM },
		{ "battery-scope", required_argument, NULL, OPT_BATTERY_SCOPE },
		{ "fw-cfg-name", required_argument, NULL, OPT_FW_CFG_NAME },
		{ "template-dir", required_argument, NULL, OPT_TEMPLATE_DIR },
		{ "iasl", required_argument, NULL, OPT_IASL },
		{ "rom", required_argument, NULL, OPT_ROM },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	const char *output = NULL, *domain_xml = NULL, *acpi_path = NULL;
	const char *iasl = NULL, *rom = NULL, *host_arg = NULL;
	struct ovf_ssdt_params p = {
		.battery = 1,
		.rom = 1,
		.battery_scope = OVF_SSDT_BATTERY_SCOPE_DEFAULT,
		.fw_cfg_name = OVF_SSDT_FW_CFG_DEFAULT,
	};
	struct ovf_ssdt_topo topo = { .nbridges = 0 };
	struct ovf_pci_addr host;
	char path[OVF_ACPI_PATH_MAX];
	char *asl = NULL, *aml_abs = NULL, *rom_abs = NULL;
	struct ovf_iasl_out io = { .aml = NULL };
	struct ovf_err er;
	int c, want_asl = 0, quiet = 0, have_guest = 0, have_topo = 0, scope_arg = 0;
	int ret = EXIT_FAILURE, e;
	struct ovf_outfile out;

	ovf_tool_init(prog, argc, argv);
	while ((c = getopt_long(argc, argv, "o:qhV", longopts, NULL)) != -1) {
		switch (c) {
		case 'o':
			output = optarg;
			break;
		case OPT_ASL:
			want_asl = 1;
			break;
		case OPT_GUEST_ADDRESS:
			if (parse_hop("--guest-address", optarg, &topo.gpu) < 0)
				return EXIT_FAILURE;
			have_guest = 1;
			break;
		case OPT_BRIDGE:
			if (topo.nbridges == OVF_SSDT_MAX_BRIDGES) {
				ovf_errx("too many --bridge options (at most %d)",
					 OVF_SSDT_MAX_BRIDGES);
				return EXIT_FAILURE;
			}
			if (parse_hop("--bridge", optarg, &topo.bridges[topo.nbridges]) < 0)
				return EXIT_FAILURE;
			topo.nbridges++;
			break;
		case OPT_DOMAIN_XML:
			domain_xml = optarg;
			break;
		case OPT_HOST_ADDRESS:
			if (ovf_pci_addr_parse(optarg, &host) < 0) {
				ovf_errx("invalid --host-address '%s': expected DDDD:BB:DD.F "
					 "(e.g. 0000:01:00.0)", ovf_shown(optarg));
				return EXIT_FAILURE;
			}
			host_arg = optarg;
			break;
		case OPT_ACPI_PATH:
			if (ovf_acpi_path_check(optarg, 2, &er) < 0) {
				ovf_err_print_invalid("--acpi-path", &er);
				return EXIT_FAILURE;
			}
			acpi_path = optarg;
			break;
		case OPT_NO_BATTERY:
			p.battery = 0;
			break;
		case OPT_NO_ROM:
			p.rom = 0;
			break;
		case OPT_BATTERY_SCOPE:
			if (ovf_acpi_path_check(optarg, 1, &er) < 0) {
				ovf_err_print_invalid("--battery-scope", &er);
				return EXIT_FAILURE;
			}
			p.battery_scope = optarg;
			scope_arg = 1;
			break;
		case OPT_FW_CFG_NAME:
			if (ovf_fw_cfg_name_check(optarg, &er) < 0) {
				ovf_err_print_invalid("--fw-cfg-name", &er);
				return EXIT_FAILURE;
			}
			p.fw_cfg_name = optarg;
			break;
		case OPT_TEMPLATE_DIR:
			p.template_dir = optarg;
			break;
		case OPT_IASL:
			iasl = optarg;
			break;
		case OPT_ROM:
			rom = optarg;
			break;
		case 'q':
			quiet = 1;
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
	/* As vfio-domain does: an option its --no- twin cancels is a mistake. */
	if (rom && !p.rom) {
		ovf_errx("--rom and --no-rom exclude each other");
		return EXIT_FAILURE;
	}
	if (scope_arg && !p.battery) {
		ovf_errx("--battery-scope and --no-battery exclude each other");
		return EXIT_FAILURE;
	}
	if (!output && !want_asl) {
		ovf_errx("no output: give -o FILE.aml, or --asl for the ASL source");
		ovf_try_help();
		return EXIT_FAILURE;
	}
	if (output && ovf_check_output(output) < 0)
		return EXIT_FAILURE;
	if (domain_xml && (have_guest || topo.nbridges)) {
		ovf_errx("--domain-xml and --guest-address/--bridge both say where the "
			 "GPU is; give one");
		return EXIT_FAILURE;
	}
	if (host_arg && !domain_xml) {
		ovf_errx("--host-address selects a hostdev of --domain-xml; give both");
		return EXIT_FAILURE;
	}
	if (topo.nbridges && !have_guest) {
		ovf_errx("--bridge needs --guest-address");
		return EXIT_FAILURE;
	}
	if (have_guest) {
		if (check_chain(&topo) < 0)
			return EXIT_FAILURE;
		have_topo = 1;
	}
	if (domain_xml) {
		e = ovf_ssdt_topo_from_domain_xml(domain_xml, host_arg ? &host : NULL,
						  &topo, &er);
		if (e == -EOPNOTSUPP)
			ovf_err_advise(&er, "; give --acpi-path");
		if (e == -ENOTUNIQ)
			ovf_err_advise(&er, "; choose one with --host-address");
		if (e < 0) {
			ovf_err_print(&er);
			return EXIT_FAILURE;
		}
		have_topo = 1;
	}
	if (p.rom && !have_topo && !acpi_path) {
		ovf_errx("where is the GPU in the guest? Give --guest-address (and "
			 "--bridge), --domain-xml or --acpi-path, or --no-rom");
		return EXIT_FAILURE;
	}
	if (have_topo) {
		if (ovf_ssdt_acpi_path(&topo, path, sizeof(path), &er) < 0) {
			ovf_err_print(&er);
			return EXIT_FAILURE;
		}
		p.gpu_adr = topo.gpu.slot << 16 | topo.gpu.func;
	}
	/*
	 * The guest gets the ROM file's bytes as they are: refuse one it
	 * cannot use (an nvflash file's NVGI header first, say) before
	 * printing settings that name it.
	 */
	if (p.rom && rom && ovf_check_rom_file(rom, &e) < 0)
		return EXIT_FAILURE;
	/* Without an address, 0 is right for the usual GPU at slot 0, function 0. */
	p.gpu_path = acpi_path ? acpi_path : path;

	e = ovf_ssdt_generate(&p, &asl, &er);
	if (e < 0) {
		ovf_err_print(&er);
		return EXIT_FAILURE;
	}
	if (!iasl)
		iasl = getenv("IASL");
	if (!iasl || !*iasl)
		iasl = "iasl";

	/* Open the output first: a bad path should not cost a compile. */
	if (output) {
		e = ovf_outfile_open(&out, output, 0644);
		if (e < 0) {
			ovf_errx("create %s: %s", output, strerror(-e));
			goto out;
		}
	}
	if (want_asl) {
		if (output) {
			e = ovf_outfile_finish(&out, asl, strlen(asl));
			if (e < 0) {
				ovf_errx("write %s: %s", output, strerror(-e));
				goto out;
			}
		} else {
			fputs(asl, stdout);
			if (ovf_flush_stdout() < 0) {
				goto out;
			}
		}
		ret = EXIT_SUCCESS;
		goto out;
	}

	e = ovf_iasl_compile(iasl, asl, &io, &er);
	if (e < 0) {
		ovf_outfile_abort(&out);
		ret = ovf_iasl_report(iasl, e, &io, &er);
		if (ret == OVF_EXIT_INVALID)
			ovf_errx("nothing written to %s", output);
		goto out;
	}
	e = ovf_outfile_finish(&out, io.aml, io.aml_len);
	if (e < 0) {
		ovf_errx("write %s: %s", output, strerror(-e));
		goto out;
	}
	if (!quiet) {
		aml_abs = ovf_abs_path(output);
		rom_abs = rom ? ovf_abs_path(rom) : strdup(ROM_PLACEHOLDER);
		if (!aml_abs || !rom_abs) {
			ovf_errx("out of memory");
			goto out;
		}
		printf("Wrote %s (%zu bytes).\n\n", aml_abs, io.aml_len);
		print_settings(aml_abs, rom_abs, p.fw_cfg_name, p.rom);
		if (ovf_flush_stdout() < 0) {
			goto out;
		}
	}
	ret = EXIT_SUCCESS;
out:
	free(aml_abs);
	free(rom_abs);
	ovf_iasl_free(&io);
	free(asl);
	return ret;
}

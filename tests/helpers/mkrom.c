// SPDX-License-Identifier: GPL-2.0-or-later
/* mkrom: write deterministic PCI option ROM files, well-formed or broken, for tests. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ovf/util.h"
#include "romgen.h"

#define PROG "mkrom"
#define MAX_IMAGES 64
#define MAX_TOTAL (64u << 20)

enum {
	OPT_SIG = 0x100,
	OPT_PCIR_SIG,
	OPT_PCIR_PTR,
	OPT_PCIR_STRUCT_LEN,
	OPT_PCIR_LENGTH,
	OPT_PCIR_LAST,
	OPT_NPDE,
	OPT_NPDE_LENGTH,
	OPT_NPDE_LAST,
	OPT_CLASS,
	OPT_REVISION,
	OPT_EFI_SIG,
	OPT_BAD_CHECKSUM,
	OPT_INIT_SIZE,
	OPT_VENDOR,
	OPT_DEVICE,
	OPT_SEED,
	OPT_PAD_TO,
	OPT_TRUNCATE,
	OPT_NVGI,
	OPT_FLASH_PREFIX,
};

static const struct option longopts[] = {
	{ "image", required_argument, NULL, 'i' },
	{ "output", required_argument, NULL, 'o' },
	{ "sig", required_argument, NULL, OPT_SIG },
	{ "pcir-sig", required_argument, NULL, OPT_PCIR_SIG },
	{ "pcir-ptr", required_argument, NULL, OPT_PCIR_PTR },
	{ "pcir-struct-len", required_argument, NULL, OPT_PCIR_STRUCT_LEN },
	{ "pcir-length", required_argument, NULL, OPT_PCIR_LENGTH },
	{ "pcir-last", required_argument, NULL, OPT_PCIR_LAST },
	{ "npde", no_argument, NULL, OPT_NPDE },
	{ "npde-length", required_argument, NULL, OPT_NPDE_LENGTH },
	{ "npde-last", required_argument, NULL, OPT_NPDE_LAST },
	{ "class", required_argument, NULL, OPT_CLASS },
	{ "revision", required_argument, NULL, OPT_REVISION },
	{ "efi-sig", required_argument, NULL, OPT_EFI_SIG },
	{ "bad-checksum", no_argument, NULL, OPT_BAD_CHECKSUM },
	{ "init-size", required_argument, NULL, OPT_INIT_SIZE },
	{ "vendor", required_argument, NULL, OPT_VENDOR },
	{ "device", required_argument, NULL, OPT_DEVICE },
	{ "seed", required_argument, NULL, OPT_SEED },
	{ "pad-to", required_argument, NULL, OPT_PAD_TO },
	{ "truncate", required_argument, NULL, OPT_TRUNCATE },
	{ "nvgi", required_argument, NULL, OPT_NVGI },
	{ "flash-prefix", required_argument, NULL, OPT_FLASH_PREFIX },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 },
};

static void __attribute__((noreturn)) usage(void)
{
	fputs("Usage: " PROG " [options] -o FILE\n"
	      "Write a PCI option ROM made of the --image specs, in order.\n"
	      "\n"
	      "Images:\n"
	      "  -i, --image TYPE:SIZE[:VENDOR:DEVICE]   TYPE x86, nv70, nve0 or a code type number\n"
	      "  -i, --image efi:SIZE[:MACHINE[:compressed]]\n"
	      "                          MACHINE x64, ia32, ia64, ebc, arm64 or a number\n"
	      "Modifiers of the preceding --image:\n"
	      "      --sig aa55|bb77|vn|nv|HEX   image signature (vn: bytes 56 4e, NVIDIA's;\n"
	      "                          nv: bytes 4e 56, which no real image uses)\n"
	      "      --pcir-sig XXXX     PCI data structure signature (PCIR, NPDS, RGIS)\n"
	      "      --pcir-ptr N        pointer at 0x18 (default 0x20)\n"
	      "      --pcir-struct-len N PCIR structure length (default 0x18)\n"
	      "      --pcir-length SIZE  image length the PCIR states (default: image size)\n"
	      "      --pcir-last yes|no  PCIR last-image flag (default: last --image only)\n"
	      "      --npde              add an NVIDIA NPDE stating the true size and flag\n"
	      "      --npde-length SIZE  image length the NPDE states (implies --npde)\n"
	      "      --npde-last yes|no  NPDE last-image flag (implies --npde)\n"
	      "      --class HEX         24-bit class code (default 030000)\n"
	      "      --revision N        code revision\n"
	      "      --efi-sig N         EFI header signature (default 0x0ef1)\n"
	      "      --bad-checksum      make the image bytes not sum to zero\n"
	      "      --init-size SIZE    x86 header byte 2 (SIZE/512); the checksum is\n"
	      "                          right over SIZE bytes only\n"
	      "Whole ROM:\n"
	      "      --vendor HEX        PCI vendor of images without one (default 10de)\n"
	      "      --device HEX        PCI device of images without one (default 1c8d)\n"
	      "      --seed N            filler bytes seed (default 1)\n"
	      "      --pad-to SIZE       pad with 0xff up to SIZE bytes\n"
	      "      --truncate SIZE     cut the output after SIZE bytes\n"
	      "      --nvgi SIZE         put an NVIDIA NVGI header of SIZE bytes before the ROM\n"
	      "      --flash-prefix SIZE put SIZE bytes of no known layout before the ROM\n"
	      "  -o, --output FILE       output file, - for stdout\n"
	      "  -h, --help              show this help\n"
	      "  -V, --version           show the version\n"
	      "\n"
	      "SIZE takes K and M suffixes; image sizes are multiples of 512.\n",
	      stdout);
	exit(EXIT_SUCCESS);
}

static void __attribute__((noreturn, format(printf, 1, 2)))
die(const char *fmt, ...)
{
	va_list ap;

	fputs(PROG ": ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(EXIT_FAILURE);
}

static unsigned long num(const char *what, const char *s, unsigned long max)
{
	unsigned long v;

	if (ovf_parse_ulong(s, 0, max, &v))
		die("bad %s '%s'", what, s);
	return v;
}

static unsigned long hexnum(const char *what, const char *s, unsigned long max)
{
	unsigned long v;
	char *end;

	if (!*s || *s == '-' || *s == '+' || *s == ' ')
		die("bad %s '%s'", what, s);
	errno = 0;
	v = strtoul(s, &end, 16);
	if (errno || *end || v > max)
		die("bad %s '%s'", what, s);
	return v;
}

static size_t size_arg(const char *what, const char *s, int multiple)
{
	uint64_t v;

	if (ovf_parse_size(s, &v) || v > MAX_TOTAL)
		die("bad %s '%s'", what, s);
	if (multiple && (v % ROMGEN_UNIT || v / ROMGEN_UNIT > ROMGEN_MAX_UNITS))
		die("%s '%s' is not a multiple of 512 up to %u units", what, s,
		    ROMGEN_MAX_UNITS);
	return v;
}

static int yesno(const char *what, const char *s)
{
	if (!strcmp(s, "yes") || !strcmp(s, "1"))
		return 1;
	if (!strcmp(s, "no") || !strcmp(s, "0"))
		return 0;
	die("bad %s '%s' (yes or no)", what, s);
}

static uint16_t machine_arg(const char *s)
{
	static const struct {
		const char *name;
		uint16_t val;
	} names[] = {
		{ "x64", 0x8664 }, { "ia32", 0x014c }, { "ia64", 0x0200 },
		{ "ebc", 0x0ebc }, { "arm64", 0xaa64 }, { "aarch64", 0xaa64 },
		{ "arm", 0x01c2 }, { "riscv64", 0x5064 },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(names); i++)
		if (!strcmp(s, names[i].name))
			return names[i].val;
	return num("EFI machine type", s, 0xffff);
}

/* Split @spec at ':' into at most @max fields; returns the count. */
static int split(char *spec, char **f, int max)
{
	int n = 0;

	f[n++] = spec;
	for (char *p = spec; *p; p++) {
		if (*p != ':')
			continue;
		if (n == max)
			die("too many fields in image spec");
		*p = '\0';
		f[n++] = p + 1;
	}
	return n;
}

static void image_arg(struct romgen_image *im, const char *arg)
{
	char spec[256], *f[4];
	int n, type;

	if (strlen(arg) >= sizeof(spec))
		die("image spec too long");
	strcpy(spec, arg);
	n = split(spec, f, 4);
	if (n < 2)
		die("bad image spec '%s' (TYPE:SIZE...)", arg);
	if (!strcmp(f[0], "x86"))
		type = 0x00;
	else if (!strcmp(f[0], "efi"))
		type = 0x03;
	else if (!strcmp(f[0], "nv70"))
		type = 0x70;
	else if (!strcmp(f[0], "nve0"))
		type = 0xe0;
	else
		type = num("code type", f[0], 0xff);
	romgen_defaults(im, type, size_arg("image size", f[1], 1));
	if (!im->size)
		die("image size must not be 0 (use --pcir-length 0)");
	if (type == 0x03) {
		if (n > 2)
			im->efi_machine = machine_arg(f[2]);
		if (n > 3) {
			if (strcmp(f[3], "compressed"))
				die("bad EFI flag '%s' (compressed)", f[3]);
			im->efi_compressed = 1;
		}
	} else if (n == 4) {
		im->vendor = hexnum("vendor", f[2], 0xffff);
		im->device = hexnum("device", f[3], 0xffff);
	} else if (n != 2) {
		die("bad image spec '%s' (TYPE:SIZE[:VENDOR:DEVICE])", arg);
	}
}

static uint16_t sig_arg(const char *s)
{
	if (!strcmp(s, "aa55"))
		return 0xaa55;
	if (!strcmp(s, "bb77"))
		return 0xbb77;
	if (!strcmp(s, "nv"))
		return 0x564e;
	if (!strcmp(s, "vn"))
		return 0x4e56;
	return hexnum("signature", s, 0xffff);
}

static int write_out(const char *path, const uint8_t *buf, size_t len)
{
	int fd, err;

	if (!strcmp(path, "-"))
		return ovf_write_all(STDOUT_FILENO, buf, len);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0)
		return -errno;
	err = ovf_write_all(fd, buf, len);
	if (close(fd) && !err)
		err = -errno;
	return err;
}

int main(int argc, char **argv)
{
	static struct romgen_image imgs[MAX_IMAGES];
	struct romgen_image *cur = NULL;
	size_t n = 0, len, pad_to = 0, trunc = 0;
	size_t prefix = 0;
	int have_trunc = 0, nvgi = 0, c, err;
	unsigned long vendor = 0x10de, device = 0x1c8d, seed = 1;
	const char *out = NULL;
	uint8_t *buf;

	while ((c = getopt_long(argc, argv, "i:o:hV", longopts, NULL)) != -1) {
		if (c >= OPT_SIG && c <= OPT_INIT_SIZE && !cur)
			die("option %s needs a preceding --image",
			    argv[optind - 1]);
		switch (c) {
		case 'i':
			if (n == MAX_IMAGES)
				die("more than %d images", MAX_IMAGES);
			cur = &imgs[n++];
			image_arg(cur, optarg);
			break;
		case 'o':
			out = optarg;
			break;
		case OPT_SIG:
			cur->signature = sig_arg(optarg);
			break;
		case OPT_PCIR_SIG:
			if (strlen(optarg) != 4)
				die("bad PCIR signature '%s' (4 characters)",
				    optarg);
			memcpy(cur->pcir_sig, optarg, 5);
			break;
		case OPT_PCIR_PTR:
			cur->pcir_ptr = num("PCIR pointer", optarg, 0xffff);
			break;
		case OPT_PCIR_STRUCT_LEN:
			cur->pcir_struct_len = num("PCIR length", optarg,
						   0xffff);
			break;
		case OPT_PCIR_LENGTH:
			cur->pcir_units = size_arg("PCIR length", optarg, 1) /
					  ROMGEN_UNIT;
			break;
		case OPT_PCIR_LAST:
			cur->pcir_last = yesno("PCIR last flag", optarg);
			break;
		case OPT_NPDE:
			cur->npde = 1;
			break;
		case OPT_NPDE_LENGTH:
			cur->npde = 1;
			cur->npde_units = size_arg("NPDE length", optarg, 1) /
					  ROMGEN_UNIT;
			break;
		case OPT_NPDE_LAST:
			cur->npde = 1;
			cur->npde_last = yesno("NPDE last flag", optarg);
			break;
		case OPT_CLASS:
			cur->class_code = hexnum("class code", optarg,
						 0xffffff);
			break;
		case OPT_REVISION:
			cur->revision = num("revision", optarg, 0xffff);
			break;
		case OPT_EFI_SIG:
			cur->efi_signature = num("EFI signature", optarg,
						 0xffffffff);
			break;
		case OPT_BAD_CHECKSUM:
			cur->bad_checksum = 1;
			break;
		case OPT_INIT_SIZE:
			cur->init_units = size_arg("init size", optarg, 1) /
					  ROMGEN_UNIT;
			if (cur->init_units > 0xff)
				die("init size '%s' is over 0xff units", optarg);
			break;
		case OPT_VENDOR:
			vendor = hexnum("vendor", optarg, 0xffff);
			break;
		case OPT_DEVICE:
			device = hexnum("device", optarg, 0xffff);
			break;
		case OPT_SEED:
			seed = num("seed", optarg, 0xffffffff);
			break;
		case OPT_PAD_TO:
			pad_to = size_arg("pad size", optarg, 0);
			break;
		case OPT_NVGI:
		case OPT_FLASH_PREFIX:
			prefix = size_arg("prefix size", optarg, 1);
			nvgi = c == OPT_NVGI;
			break;
		case OPT_TRUNCATE:
			trunc = size_arg("truncate size", optarg, 0);
			have_trunc = 1;
			break;
		case 'h':
			usage();
		case 'V':
			printf(PROG " (optimus-vfio) %s\n", OVF_VERSION);
			return EXIT_SUCCESS;
		default:
			fputs("Try '" PROG " --help' for more information.\n",
			      stderr);
			return EXIT_FAILURE;
		}
	}
	if (optind < argc)
		die("unexpected argument '%s'", argv[optind]);
	if (!out)
		die("no output file (-o FILE)");

	len = prefix;
	for (size_t i = 0; i < n; i++)
		len += imgs[i].size;
	if (len > MAX_TOTAL)
		die("ROM larger than %u bytes", MAX_TOTAL);
	if (pad_to < len)
		pad_to = len;
	buf = malloc(pad_to ? pad_to : 1);
	if (!buf)
		die("out of memory");
	memset(buf, 0xff, pad_to);
	romgen_prefix(buf, prefix, nvgi, seed);
	if (prefix + romgen_build(imgs, n, vendor, device, seed, buf + prefix,
				  pad_to - prefix) != len)
		die("internal error building the ROM");
	len = pad_to;
	if (have_trunc && trunc < len)
		len = trunc;

	err = write_out(out, buf, len);
	free(buf);
	if (err)
		die("write %s: %s", out, strerror(-err));
	return EXIT_SUCCESS;
}

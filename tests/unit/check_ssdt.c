// SPDX-License-Identifier: GPL-2.0-or-later
/* Unit tests for the SSDT generator: ACPI names, fw_cfg names, domain XML, templates. */
#include <errno.h>

#include "ovf/ssdt.h"
#include "ovf/util.h"
#include "unit.h"

static struct ovf_err er;

/* The error as a tool prints it: "ACTION PATH: REASON". */
static const char *err_text(void)
{
	static char buf[sizeof(er.action) + sizeof(er.path) + sizeof(er.reason) + 8];

	snprintf(buf, sizeof(buf), "%s%s%s%s%s", er.action,
		 er.action[0] && er.path[0] ? " " : "", er.path,
		 er.action[0] || er.path[0] ? ": " : "", ovf_err_why(&er));
	return buf;
}
#define err err_text()

/* ---- ACPI names ---- */

static const char *name_of(const struct ovf_ssdt_topo *t)
{
	static char path[OVF_ACPI_PATH_MAX];

	ck_assert_int_eq(ovf_ssdt_acpi_path(t, path, sizeof(path), &er), 0);
	return path;
}

START_TEST(test_name_root_port)
{
	struct ovf_ssdt_topo t = {
		.bridges = { { 0, 1, 0 } }, .nbridges = 1, .gpu = { 1, 0, 0 },
	};

	ck_assert_str_eq(name_of(&t), "\\_SB.PCI0.S08.S00");
}
END_TEST

START_TEST(test_name_bus0)
{
	struct ovf_ssdt_topo t = { .gpu = { 0, 5, 0 } };

	ck_assert_str_eq(name_of(&t), "\\_SB.PCI0.S28");
	t.gpu = (struct ovf_ssdt_hop){ 0, 0x1f, 7 };
	ck_assert_str_eq(name_of(&t), "\\_SB.PCI0.SFF");
	t.gpu = (struct ovf_ssdt_hop){ 0, 0, 0 };
	ck_assert_str_eq(name_of(&t), "\\_SB.PCI0.S00");
	t.gpu = (struct ovf_ssdt_hop){ 0, 2, 1 };
	ck_assert_str_eq(name_of(&t), "\\_SB.PCI0.S11");
}
END_TEST

START_TEST(test_name_nested)
{
	/* root port 00:1c.4 -> switch upstream 02:00.0 -> downstream 03:02.0 -> GPU 04:00.0 */
	struct ovf_ssdt_topo t = {
		.bridges = { { 0, 0x1c, 4 }, { 2, 0, 0 }, { 3, 2, 0 } },
		.nbridges = 3,
		.gpu = { 4, 0, 0 },
	};

	ck_assert_str_eq(name_of(&t), "\\_SB.PCI0.SE4.S00.S10.S00");
	t.gpu.func = 3;
	ck_assert_str_eq(name_of(&t), "\\_SB.PCI0.SE4.S00.S10.S03");
}
END_TEST

START_TEST(test_name_invalid)
{
	struct ovf_ssdt_topo t = { .gpu = { 0, 0x20, 0 } };
	char small[12];

	ck_assert_int_eq(ovf_ssdt_acpi_path(&t, small, sizeof(small), &er),
			 -EINVAL);
	ck_assert_ptr_nonnull(strstr(err, "slot"));
	t.gpu = (struct ovf_ssdt_hop){ 0, 0, 8 };
	ck_assert_int_eq(ovf_ssdt_acpi_path(&t, small, sizeof(small), &er),
			 -EINVAL);
	t.gpu = (struct ovf_ssdt_hop){ 0, 1, 0 };
	t.bridges[0] = (struct ovf_ssdt_hop){ 0, 1, 9 };
	t.nbridges = 1;
	ck_assert_int_eq(ovf_ssdt_acpi_path(&t, small, sizeof(small), &er),
			 -EINVAL);
	/* "\_SB.PCI0.S08" does not fit in 12 bytes */
	t.bridges[0].func = 0;
	ck_assert_int_eq(ovf_ssdt_acpi_path(&t, small, sizeof(small), &er),
			 -ENAMETOOLONG);
	t.nbridges = OVF_SSDT_MAX_BRIDGES + 1;
	ck_assert_int_eq(ovf_ssdt_acpi_path(&t, small, sizeof(small), &er),
			 -EINVAL);
}
END_TEST

/* ---- domain XML ---- */

#define HOSTDEV(sbus, sfunc, guest) \
	"<hostdev mode='subsystem' type='pci' managed='yes'>" \
	"<source><address domain='0x0000' bus='" sbus "' slot='0x00' function='" \
	sfunc "'/></source>" guest "</hostdev>\n"
#define GADDR(bus, slot, func) \
	"<address type='pci' domain='0x0000' bus='" bus "' slot='" slot \
	"' function='" func "'/>"
#define ROOT_PORT(index, slot) \
	"<controller type='pci' index='" index "' model='pcie-root-port'>" \
	"<model name='pcie-root-port'/><target chassis='" index "' port='0x10'/>" \
	GADDR("0x00", slot, "0x0") "</controller>\n"

static const char q35_head[] =
	"<domain type='kvm'>\n<name>win10</name>\n<os><type arch='x86_64' "
	"machine='pc-q35-7.2'>hvm</type></os>\n<devices>\n"
	"<controller type='pci' index='0' model='pcie-root'/>\n";
static const char q35_tail[] = "</devices>\n</domain>\n";

static char xmlbuf[8192];

static const char *domain(const char *devices)
{
	snprintf(xmlbuf, sizeof(xmlbuf), "%s%s%s", q35_head, devices, q35_tail);
	return xmlbuf;
}

static int topo_of(const char *xml, const char *host, struct ovf_ssdt_topo *t)
{
	struct ovf_pci_addr a;

	if (host)
		ck_assert_int_eq(ovf_pci_addr_parse(host, &a), 0);
	memset(t, 0xaa, sizeof(*t));
	ovf_err_clear(&er);
	return ovf_ssdt_topo_from_domain_mem(xml, strlen(xml), "dom.xml",
					     host ? &a : NULL, t, &er);
}

START_TEST(test_xml_q35_root_port)
{
	struct ovf_ssdt_topo t;

	ck_assert_int_eq(topo_of(domain(ROOT_PORT("1", "0x01")
					HOSTDEV("0x01", "0x0", GADDR("0x01", "0x00", "0x0"))
					HOSTDEV("0x01", "0x1", GADDR("0x01", "0x00", "0x1"))),
				 NULL, &t), 0);
	ck_assert_uint_eq(t.nbridges, 1);
	ck_assert_str_eq(name_of(&t), "\\_SB.PCI0.S08.S00");
	ck_assert_uint_eq(t.gpu.bus, 1);
}
END_TEST

START_TEST(test_xml_bus0)
{
	struct ovf_ssdt_topo t;

	ck_assert_int_eq(topo_of(domain(HOSTDEV("0x01", "0x0", GADDR("0x00", "0x05", "0x0"))),
				 NULL, &t), 0);
	ck_assert_uint_eq(t.nbridges, 0);
	ck_assert_str_eq(name_of(&t), "\\_SB.PCI0.S28");
}
END_TEST

START_TEST(test_xml_nested)
{
	struct ovf_ssdt_topo t;
	/* root port (bus 1) at 00:1c.0, upstream port (bus 2) at 01:00.0,
	 * downstream port (bus 3) at 02:03.0, GPU at 03:00.0; decimal numbers */
	const char *dev =
		"<controller type='pci' index='3' model='pcie-switch-downstream-port'>"
		GADDR("2", "3", "0") "</controller>\n"
		ROOT_PORT("1", "0x1c")
		"<controller type='pci' index='2' model='pcie-switch-upstream-port'>"
		GADDR("0x01", "0x00", "0x0") "</controller>\n"
		HOSTDEV("0x01", "0x0", GADDR("0x03", "0x00", "0x0"));

	ck_assert_int_eq(topo_of(domain(dev), NULL, &t), 0);
	ck_assert_uint_eq(t.nbridges, 3);
	ck_assert_uint_eq(t.bridges[0].slot, 0x1c);
	ck_assert_str_eq(name_of(&t), "\\_SB.PCI0.SE0.S00.S18.S00");
}
END_TEST

START_TEST(test_xml_no_hostdev)
{
	struct ovf_ssdt_topo t;

	ck_assert_int_eq(topo_of(domain(ROOT_PORT("1", "0x01")), NULL, &t), -EINVAL);
	ck_assert_ptr_nonnull(strstr(err, "no <hostdev"));
	/* a USB hostdev does not count */
	ck_assert_int_eq(topo_of(domain("<hostdev mode='subsystem' type='usb'><source>"
					"<vendor id='0x1'/></source></hostdev>"), NULL, &t),
			 -EINVAL);
	ck_assert_int_eq(topo_of("<domain><name>x</name></domain>", NULL, &t), -EINVAL);
}
END_TEST

START_TEST(test_xml_two_hostdevs)
{
	struct ovf_ssdt_topo t;
	const char *dev = ROOT_PORT("1", "0x01") ROOT_PORT("2", "0x02")
		HOSTDEV("0x01", "0x0", GADDR("0x01", "0x00", "0x0"))
		HOSTDEV("0x02", "0x0", GADDR("0x02", "0x00", "0x0"));

	/* ambiguous: its own code, so the tool can name its option */
	ck_assert_int_eq(topo_of(domain(dev), NULL, &t), -ENOTUNIQ);
	ck_assert_ptr_nonnull(strstr(err, "several"));
	ck_assert_ptr_nonnull(strstr(err, "0000:01:00.0"));
	ck_assert_ptr_nonnull(strstr(err, "0000:02:00.0"));
	ck_assert_ptr_null(strstr(err, "--"));

	ck_assert_int_eq(topo_of(domain(dev), "0000:02:00.0", &t), 0);
	ck_assert_str_eq(name_of(&t), "\\_SB.PCI0.S10.S00");
	ck_assert_int_eq(topo_of(domain(dev), "01:00.0", &t), 0);
	ck_assert_str_eq(name_of(&t), "\\_SB.PCI0.S08.S00");

	ck_assert_int_eq(topo_of(domain(dev), "0000:05:00.0", &t), -EINVAL);
	ck_assert_ptr_nonnull(strstr(err, "0000:05:00.0"));
	ck_assert_ptr_nonnull(strstr(err, "0000:01:00.0, 0000:02:00.0"));

	/* only function 1 present: no default */
	ck_assert_int_eq(topo_of(domain(HOSTDEV("0x01", "0x1", GADDR("0x01", "0x00", "0x1"))),
				 NULL, &t), -ENOTUNIQ);
	ck_assert_ptr_nonnull(strstr(err, "no PCI hostdevs with function 0"));
}
END_TEST

START_TEST(test_xml_missing_addresses)
{
	struct ovf_ssdt_topo t;

	/* hostdev without a guest address */
	ck_assert_int_eq(topo_of(domain(HOSTDEV("0x01", "0x0", "")), NULL, &t), -EINVAL);
	ck_assert_ptr_nonnull(strstr(err, "define the domain first"));
	/* controller without an address */
	ck_assert_int_eq(topo_of(domain("<controller type='pci' index='1' "
					"model='pcie-root-port'/>\n"
					HOSTDEV("0x01", "0x0", GADDR("0x01", "0x00", "0x0"))),
				 NULL, &t), -EINVAL);
	ck_assert_ptr_nonnull(strstr(err, "libvirt has not assigned addresses; "
				     "define the domain first"));
	/* no controller for the bus */
	ck_assert_int_eq(topo_of(domain(HOSTDEV("0x01", "0x0", GADDR("0x04", "0x00", "0x0"))),
				 NULL, &t), -EINVAL);
	ck_assert_ptr_nonnull(strstr(err, "index='4'"));
	/* source address incomplete */
	ck_assert_int_eq(topo_of(domain("<hostdev mode='subsystem' type='pci'><source>"
					"<address bus='0x01'/></source></hostdev>"), NULL, &t),
			 -EINVAL);
	ck_assert_ptr_nonnull(strstr(err, "slot"));
	/* garbage number */
	ck_assert_int_eq(topo_of(domain(HOSTDEV("0x01", "0x0", GADDR("0x01", "zz", "0x0"))),
				 NULL, &t), -EINVAL);
	ck_assert_ptr_nonnull(strstr(err, "'zz'"));
	/* guest slot out of range */
	ck_assert_int_eq(topo_of(domain(HOSTDEV("0x01", "0x0", GADDR("0x00", "0x20", "0x0"))),
				 NULL, &t), -EINVAL);
}
END_TEST

START_TEST(test_xml_loop_and_expander)
{
	struct ovf_ssdt_topo t;

	/* bus 1's bridge claims to sit on bus 1 */
	ck_assert_int_eq(topo_of(domain("<controller type='pci' index='1' "
					"model='pci-bridge'>" GADDR("0x01", "0x01", "0x0")
					"</controller>"
					HOSTDEV("0x01", "0x0", GADDR("0x01", "0x00", "0x0"))),
				 NULL, &t), -EINVAL);
	ck_assert_ptr_nonnull(strstr(err, "loop"));
	ck_assert_int_eq(topo_of(domain("<controller type='pci' index='1' "
					"model='pcie-expander-bus'>" GADDR("0x00", "0x02", "0x0")
					"</controller>"
					HOSTDEV("0x01", "0x0", GADDR("0x01", "0x00", "0x0"))),
				 NULL, &t), -EOPNOTSUPP);
	/* out of QEMU's names' reach: the tool's advice, not the library's */
	ck_assert_ptr_nonnull(strstr(err, "not under \\_SB.PCI0"));
	ck_assert_ptr_null(strstr(err, "--"));
}
END_TEST

START_TEST(test_xml_malformed)
{
	struct ovf_ssdt_topo t;

	ck_assert_int_eq(topo_of("<domain><devices><hostdev></domain>", NULL, &t), -EINVAL);
	ck_assert_ptr_nonnull(strstr(err, "dom.xml:1: malformed XML"));
	ck_assert_int_eq(topo_of("", NULL, &t), -EINVAL);
	ck_assert_int_eq(topo_of("not xml at all", NULL, &t), -EINVAL);
	ck_assert_int_eq(topo_of("<network><name>x</name></network>", NULL, &t), -EINVAL);
	ck_assert_ptr_nonnull(strstr(err, "not a libvirt domain"));
}
END_TEST

START_TEST(test_xml_file)
{
	char *dir = unit_mkdtemp(), path[256];
	struct ovf_ssdt_topo t;

	unit_put(dir, "dom.xml", domain(ROOT_PORT("1", "0x01")
					HOSTDEV("0x01", "0x0", GADDR("0x01", "0x00", "0x0"))));
	snprintf(path, sizeof(path), "%s/dom.xml", dir);
	ck_assert_int_eq(ovf_ssdt_topo_from_domain_xml(path, NULL, &t, &er), 0);
	ck_assert_str_eq(name_of(&t), "\\_SB.PCI0.S08.S00");
	snprintf(path, sizeof(path), "%s/none.xml", dir);
	ck_assert_int_eq(ovf_ssdt_topo_from_domain_xml(path, NULL, &t, &er),
			 -ENOENT);
	ck_assert_ptr_nonnull(strstr(err, path));
	unit_rmtree(dir);
	free(dir);
}
END_TEST

/* ---- templates ---- */

START_TEST(test_subst)
{
	static const struct ovf_ssdt_var vars[] = {
		{ "A", "x" }, { "LONG_NAME_2", "@A@" }, { "E", "" },
	};
	const char *in = "a@A@b @LONG_NAME_2@ e-mail@host @E@|@@ @a@ @\n@X";
	char *out;

	ck_assert_int_eq(ovf_ssdt_subst(in, strlen(in), vars, ARRAY_SIZE(vars), &out,
					&er), 0);
	/* values are not expanded again; lowercase and lone @ stay text */
	ck_assert_str_eq(out, "axb @A@ e-mail@host |@@ @a@ @\n@X");
	free(out);

	in = "ok\n  @NOPE@\n";
	ck_assert_int_eq(ovf_ssdt_subst(in, strlen(in), vars, ARRAY_SIZE(vars), &out,
					&er), -EINVAL);
	ck_assert_ptr_nonnull(strstr(err, "line 2"));
	ck_assert_ptr_nonnull(strstr(err, "@NOPE@"));
}
END_TEST

/*
 * A placeholder is a whole token: '@', a name of [A-Z][A-Z0-9_]*, '@'.  A
 * variable whose name is a prefix of another's (GPU, GPU_PATH, GPU_PATH_2)
 * never replaces part of the longer one, whichever comes first in @vars.
 */
START_TEST(test_subst_whole_token)
{
	static const struct ovf_ssdt_var fwd[] = {
		{ "GPU", "g" }, { "GPU_PATH", "p" }, { "GPU_PATH_2", "q" },
	};
	static const struct ovf_ssdt_var rev[] = {
		{ "GPU_PATH_2", "q" }, { "GPU_PATH", "p" }, { "GPU", "g" },
	};
	const struct ovf_ssdt_var *sets[] = { fwd, rev };
	const char *in = "@GPU@ @GPU_PATH@ @GPU_PATH_2@ S@GPU@X x@GPU@GPU_PATH@ "
			 "@GPUx@ @GPU_PATH\n";
	char *out;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(sets); i++) {
		ck_assert_int_eq(ovf_ssdt_subst(in, strlen(in), sets[i], 3, &out,
						&er), 0);
		/* left to right: after @GPU@ the text "GPU_PATH@" is plain */
		ck_assert_str_eq(out, "g p q SgX xgGPU_PATH@ @GPUx@ @GPU_PATH\n");
		free(out);
		/* a longer name nobody defined is unknown, not GPU + "_PATHX" */
		ck_assert_int_eq(ovf_ssdt_subst("@GPU_PATHX@", 11, sets[i], 3, &out,
						&er), -EINVAL);
		ck_assert_ptr_nonnull(strstr(err, "unknown placeholder @GPU_PATHX@"));
		ck_assert_int_eq(ovf_ssdt_subst("@GP@", 4, sets[i], 3, &out, &er), -EINVAL);
		ck_assert_ptr_nonnull(strstr(err, "unknown placeholder @GP@"));
	}
}
END_TEST

static void check_no_placeholder(const char *asl)
{
	const char *p;

	for (p = strchr(asl, '@'); p; p = strchr(p + 1, '@'))
		ck_assert_msg(!(p[1] >= 'A' && p[1] <= 'Z'), "placeholder left: %.20s", p);
}

START_TEST(test_builtin_templates)
{
	const char *names[] = { OVF_SSDT_TMPL_MAIN, OVF_SSDT_TMPL_BATTERY, OVF_SSDT_TMPL_ROM };
	size_t i, len;
	char *text;

	for (i = 0; i < ARRAY_SIZE(names); i++) {
		ck_assert_int_eq(ovf_ssdt_template_load(NULL, names[i], &text, &len, &er), 0);
		ck_assert_uint_eq(strlen(text), len);
		ck_assert_ptr_nonnull(strstr(text, "SPDX-License-Identifier"));
		free(text);
	}
	ck_assert_int_eq(ovf_ssdt_template_load(NULL, "nope.asl", &text, &len, &er), -ENOENT);
}
END_TEST

static struct ovf_ssdt_params params(void)
{
	return (struct ovf_ssdt_params){
		.battery = 1, .rom = 1,
		.gpu_path = "\\_SB.PCI0.S08.S00", .gpu_adr = 0,
		.battery_scope = OVF_SSDT_BATTERY_SCOPE_DEFAULT,
		.fw_cfg_name = "opt/test/rom",
	};
}

START_TEST(test_generate)
{
	struct ovf_ssdt_params p = params();
	char *asl;

	ck_assert_int_eq(ovf_ssdt_generate(&p, &asl, &er), 0);
	check_no_placeholder(asl);
	ck_assert_ptr_nonnull(strstr(asl, "DefinitionBlock"));
	ck_assert_ptr_nonnull(strstr(asl, "PNP0C0A"));
	ck_assert_ptr_nonnull(strstr(asl, "Scope (\\_SB.PCI0.SF8)"));
	ck_assert_ptr_nonnull(strstr(asl, "Scope (\\_SB.PCI0.S08.S00)"));
	ck_assert_ptr_nonnull(strstr(asl, "CondRefOf (\\_SB.PCI0.S08.S00)"));
	ck_assert_ptr_nonnull(strstr(asl, "Scope (\\_SB.PCI0.S08)"));
	ck_assert_ptr_nonnull(strstr(asl, "Device (S00)"));
	ck_assert_ptr_nonnull(strstr(asl, "Method (_ROM"));
	ck_assert_ptr_nonnull(strstr(asl, "\"opt/test/rom\""));
	ck_assert_ptr_nonnull(strstr(asl, "_GL"));
	free(asl);

	p.rom = 0;
	ck_assert_int_eq(ovf_ssdt_generate(&p, &asl, &er), 0);
	check_no_placeholder(asl);
	ck_assert_ptr_null(strstr(asl, "Method (_ROM"));
	ck_assert_ptr_nonnull(strstr(asl, "PNP0C0A"));
	free(asl);

	p = params();
	p.battery = 0;
	p.gpu_path = "\\_SB.PCI0.S28";
	p.gpu_adr = 0x50000;
	ck_assert_int_eq(ovf_ssdt_generate(&p, &asl, &er), 0);
	check_no_placeholder(asl);
	ck_assert_ptr_null(strstr(asl, "PNP0C0A"));
	ck_assert_ptr_nonnull(strstr(asl, "Name (_ADR, 0x00050000)"));
	ck_assert_ptr_nonnull(strstr(asl, "Scope (\\_SB.PCI0)"));
	free(asl);

	p.rom = 0;
	ck_assert_int_eq(ovf_ssdt_generate(&p, &asl, &er), -EINVAL);
	ck_assert_ptr_nonnull(strstr(err, "nothing to generate"));
	p = params();
	p.fw_cfg_name = "bad";
	ck_assert_int_eq(ovf_ssdt_generate(&p, &asl, &er), -EINVAL);
	p = params();
	p.gpu_path = "\\_SB";
	ck_assert_int_eq(ovf_ssdt_generate(&p, &asl, &er), -EINVAL);
}
END_TEST

START_TEST(test_generate_template_dir)
{
	struct ovf_ssdt_params p = params();
	char *dir = unit_mkdtemp(), *asl;

	unit_put(dir, "ssdt.asl", "T {\n@BATTERY@@ROM@}\n");
	unit_put(dir, "battery.asl", "B @BATTERY_SCOPE@\n");
	unit_put(dir, "rom.asl", "R @GPU_PATH@ @GPU_PARENT@ @GPU_NAME@ @GPU_ADR@ "
		 "@FW_CFG_NAME@\n");
	p.template_dir = dir;
	p.gpu_adr = 0x10003;
	ck_assert_int_eq(ovf_ssdt_generate(&p, &asl, &er), 0);
	ck_assert_str_eq(asl, "T {\nB \\_SB.PCI0.SF8\nR \\_SB.PCI0.S08.S00 "
			 "\\_SB.PCI0.S08 S00 0x00010003 opt/test/rom\n}\n");
	free(asl);

	/* a part cannot pull in the other part */
	unit_put(dir, "rom.asl", "R @BATTERY@\n");
	ck_assert_int_eq(ovf_ssdt_generate(&p, &asl, &er), -EINVAL);
	ck_assert_ptr_nonnull(strstr(err, "rom.asl"));
	ck_assert_ptr_nonnull(strstr(err, "@BATTERY@"));

	unit_put(dir, "rom.asl", "R @GPU_PTH@\n");
	ck_assert_int_eq(ovf_ssdt_generate(&p, &asl, &er), -EINVAL);
	ck_assert_ptr_nonnull(strstr(err, "unknown placeholder @GPU_PTH@"));

	unit_rmtree(dir);
	ck_assert_int_eq(ovf_ssdt_generate(&p, &asl, &er), -ENOENT);
	ck_assert_ptr_nonnull(strstr(err, "battery.asl"));
	free(dir);
}
END_TEST

static Suite *ssdt_suite(void)
{
	Suite *s = suite_create("ssdt");
	TCase *tc;

	tc = tcase_create("names");
	tcase_add_test(tc, test_name_root_port);
	tcase_add_test(tc, test_name_bus0);
	tcase_add_test(tc, test_name_nested);
	tcase_add_test(tc, test_name_invalid);
	suite_add_tcase(s, tc);

	tc = tcase_create("domain-xml");
	tcase_add_test(tc, test_xml_q35_root_port);
	tcase_add_test(tc, test_xml_bus0);
	tcase_add_test(tc, test_xml_nested);
	tcase_add_test(tc, test_xml_no_hostdev);
	tcase_add_test(tc, test_xml_two_hostdevs);
	tcase_add_test(tc, test_xml_missing_addresses);
	tcase_add_test(tc, test_xml_loop_and_expander);
	tcase_add_test(tc, test_xml_malformed);
	tcase_add_test(tc, test_xml_file);
	suite_add_tcase(s, tc);

	tc = tcase_create("templates");
	tcase_add_test(tc, test_subst);
	tcase_add_test(tc, test_subst_whole_token);
	tcase_add_test(tc, test_builtin_templates);
	tcase_add_test(tc, test_generate);
	tcase_add_test(tc, test_generate_template_dir);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return unit_run(ssdt_suite());
}

// SPDX-License-Identifier: GPL-2.0-or-later
/* Unit tests for the one libvirt XML reader: parse, elements, numeric attributes. */
#include <errno.h>

#include "ovf/libvirt_xml.h"
#include "ovf/ssdt.h"
#include "ovf/util.h"
#include "unit.h"

static struct ovf_err er;

static const char *dom =
	"<domain type='kvm' xmlns:qemu='http://libvirt.org/schemas/domain/qemu/1.0'>\n"
	"  <name>t</name>\n"
	"  <devices>\n"
	"    <controller type='pci' index='0x01' model='pcie-root-port'>\n"
	"      <address type='pci' domain='0x0000' bus='0x00' slot='0x01' function='0x0'/>\n"
	"    </controller>\n"
	"    <hostdev mode='subsystem' type='pci' managed='yes'>\n"
	"      <source><address domain='0x0000' bus='0x01' slot='0x00' function='0x0'/></source>\n"
	"      <address type='pci' domain='0x0000' bus='0x01' slot='0x00' function='0x0'/>\n"
	"    </hostdev>\n"
	"  </devices>\n"
	"  <qemu:commandline/>\n"
	"</domain>\n";

/* what was wrong and where: the path names file and line */
START_TEST(test_parse_errors)
{
	xmlDoc *doc = NULL;

	ck_assert_int_eq(ovf_lvx_parse("<domain><name>x</domain>", 24, "bad.xml", &doc,
				       &er), -EINVAL);
	ck_assert_ptr_null(doc);
	ck_assert_str_eq(er.path, "bad.xml:1");
	ck_assert_ptr_nonnull(strstr(er.reason, "malformed XML"));
	/* libxml2's message ends with a newline; the reason does not */
	ck_assert_ptr_null(strchr(er.reason, '\n'));
	ck_assert_int_eq(ovf_lvx_parse("<network/>", 10, "n.xml", &doc, &er), -EINVAL);
	ck_assert_str_eq(er.path, "n.xml");
	ck_assert_str_eq(er.reason, "not a libvirt domain (root element <network>)");
	ck_assert_int_eq(ovf_lvx_parse("", 0, "e.xml", &doc, &er), -EINVAL);
	ck_assert_int_eq(ovf_lvx_parse("x", 1, "e.xml", &doc, NULL), -EINVAL);
}
END_TEST

START_TEST(test_elements_and_numbers)
{
	xmlNode *root, *devs, *ctl, *a, *q;
	unsigned int v = 7;
	xmlDoc *doc;

	ck_assert_int_eq(ovf_lvx_parse(dom, strlen(dom), "t.xml", &doc, &er), 0);
	root = xmlDocGetRootElement(doc);
	ck_assert(ovf_lvx_is_elem(root, "domain"));
	ck_assert(!ovf_lvx_is_elem(root, "network"));
	ck_assert(!ovf_lvx_is_elem(NULL, "domain"));
	devs = ovf_lvx_child(root, "devices");
	ck_assert_ptr_nonnull(devs);
	/* qemu:commandline is not libvirt's own <commandline> */
	ck_assert_ptr_null(ovf_lvx_child(root, "commandline"));
	ck_assert_ptr_null(ovf_lvx_child(NULL, "devices"));
	ctl = ovf_lvx_child(devs, "controller");
	ck_assert(ovf_lvx_attr_is(ctl, "type", "pci"));
	ck_assert(!ovf_lvx_attr_is(ctl, "type", "usb"));
	ck_assert(!ovf_lvx_attr_is(ctl, "nope", "pci"));
	/* hex as libvirt writes it, decimal, range, absence */
	ck_assert_int_eq(ovf_lvx_attr_num(ctl, "index", 0xff, &v), 0);
	ck_assert_uint_eq(v, 1);
	a = ovf_lvx_child(ctl, "address");
	ck_assert_int_eq(ovf_lvx_attr_num(a, "slot", 0x1f, &v), 0);
	ck_assert_uint_eq(v, 1);
	ck_assert_int_eq(ovf_lvx_attr_num(a, "slot", 0, &v), -EINVAL);
	ck_assert_int_eq(ovf_lvx_attr_num(a, "type", 0xff, &v), -EINVAL);
	ck_assert_int_eq(ovf_lvx_attr_num(a, "chassis", 0xff, &v), -ENOENT);
	q = xmlDocGetRootElement(doc)->last;
	while (q && q->type != XML_ELEMENT_NODE)
		q = q->prev;
	ck_assert(!ovf_lvx_is_elem(q, "commandline"));
	xmlFreeDoc(doc);
}
END_TEST

/* vfio-domain hands its edited tree to the SSDT reader: no second parse. */
START_TEST(test_topology_from_tree)
{
	struct ovf_pci_addr host = { 0, 1, 0, 0 };
	char path[OVF_ACPI_PATH_MAX];
	struct ovf_ssdt_topo t;
	xmlDoc *doc;

	ck_assert_int_eq(ovf_lvx_parse(dom, strlen(dom), "t.xml", &doc, &er), 0);
	ck_assert_int_eq(ovf_ssdt_topo_from_doc(doc, "t.xml", &host, &t, &er), 0);
	ck_assert_int_eq(ovf_ssdt_acpi_path(&t, path, sizeof(path), &er), 0);
	ck_assert_str_eq(path, "\\_SB.PCI0.S08.S00");
	/* the tree, not the text: an edit shows at once */
	xmlSetProp(ovf_lvx_child(ovf_lvx_child(ovf_lvx_child(xmlDocGetRootElement(doc),
							     "devices"), "controller"),
				 "address"), BAD_CAST "slot", BAD_CAST "0x02");
	ck_assert_int_eq(ovf_ssdt_topo_from_doc(doc, "t.xml", &host, &t, &er), 0);
	ck_assert_int_eq(ovf_ssdt_acpi_path(&t, path, sizeof(path), &er), 0);
	ck_assert_str_eq(path, "\\_SB.PCI0.S10.S00");
	/* and the whole table for it, as vfio-domain builds it */
	{
		const struct ovf_ssdt_params p = {
			.battery = 1, .rom = 1,
			.battery_scope = OVF_SSDT_BATTERY_SCOPE_DEFAULT,
			.fw_cfg_name = "opt/unit/rom",
		};
		char *asl;

		ck_assert_int_eq(ovf_ssdt_generate_for_doc(doc, "t.xml", &host, &p, &asl,
							   &er), 0);
		ck_assert_ptr_nonnull(strstr(asl, "Scope (\\_SB.PCI0.S10.S00)"));
		ck_assert_ptr_nonnull(strstr(asl, "\"opt/unit/rom\""));
		free(asl);
	}
	host.bus = 2;
	ck_assert_int_eq(ovf_ssdt_topo_from_doc(doc, "t.xml", &host, &t, &er), -EINVAL);
	ck_assert_str_eq(er.path, "t.xml");
	ck_assert_ptr_nonnull(strstr(er.reason, "no PCI hostdev with host address 0000:02:00.0"));
	xmlFreeDoc(doc);
}
END_TEST

START_TEST(test_read_file)
{
	char *dir = unit_mkdtemp(), path[256];
	xmlDoc *doc;

	unit_put(dir, "d.xml", dom);
	snprintf(path, sizeof(path), "%s/d.xml", dir);
	ck_assert_int_eq(ovf_lvx_read_file(path, &doc, &er), 0);
	xmlFreeDoc(doc);
	snprintf(path, sizeof(path), "%s/none.xml", dir);
	ck_assert_int_eq(ovf_lvx_read_file(path, &doc, &er), -ENOENT);
	ck_assert_ptr_null(doc);
	ck_assert_str_eq(er.action, "read");
	ck_assert_str_eq(er.path, path);
	unit_rmtree(dir);
	free(dir);
}
END_TEST

START_TEST(test_values_written)
{
	char *x;

	x = ovf_lvx_escape("a&b<c>d'e\"f\tg\nh\ri");
	ck_assert_str_eq(x, "a&amp;b&lt;c&gt;d&apos;e&quot;f&#9;g&#10;h&#13;i");
	free(x);
	x = ovf_lvx_escape("");
	ck_assert_str_eq(x, "");
	free(x);
	x = ovf_lvx_qemu_escape("file=/a,b,,c");
	ck_assert_str_eq(x, "file=/a,,b,,,,c");
	free(x);
	ck_assert_ptr_null(ovf_lvx_unfit("/var/lib/ssdt \xc3\xa9\t.aml"));
	ck_assert_str_eq(ovf_lvx_unfit("a\x01" "b"), "a control character");
	ck_assert_str_eq(ovf_lvx_unfit("a\xff" "b"), "not UTF-8");
	/* overlong, surrogate, above U+10FFFF, cut short */
	ck_assert_str_eq(ovf_lvx_unfit("\xe0\x80\xaf"), "not UTF-8");
	ck_assert_str_eq(ovf_lvx_unfit("\xed\xa0\x80"), "not UTF-8");
	ck_assert_str_eq(ovf_lvx_unfit("\xf4\x90\x80\x80"), "not UTF-8");
	ck_assert_str_eq(ovf_lvx_unfit("\xe2\x82"), "not UTF-8");
	ck_assert_ptr_null(ovf_lvx_unfit("\xf0\x9f\x98\x80"));
}
END_TEST

/* The ROM file a hostdev gives its device, and whether the BAR shows it. */
START_TEST(test_hostdev_rom)
{
	static const char *roms =
		"<domain type='kvm'><name>t</name><devices>\n"
		"<hostdev mode='subsystem' type='pci'><source><address domain='0' "
		"bus='1' slot='0' function='0'/></source><rom bar='on' file='/a.rom'/></hostdev>\n"
		"<hostdev mode='subsystem' type='pci'><source><address bus='0x02' "
		"slot='0x00' function='0x0'/></source><rom bar='off' file='/b.rom'/></hostdev>\n"
		"<hostdev mode='subsystem' type='pci'><source><address bus='3' slot='0' "
		"function='0'/></source><rom enabled='no' file='/c.rom'/></hostdev>\n"
		"<hostdev mode='subsystem' type='pci'><source><address bus='4' slot='0' "
		"function='0'/></source><rom bar='on'/></hostdev>\n"
		"<hostdev mode='subsystem' type='usb'><source><address bus='5' "
		"device='1'/></source></hostdev>\n"
		"</devices></domain>\n";
	struct ovf_pci_addr a = { 0, 1, 0, 0 };
	xmlDoc *doc;
	char *file;
	int shown;

	ck_assert_int_eq(ovf_lvx_parse(roms, strlen(roms), "t.xml", &doc, &er), 0);
	ck_assert_int_eq(ovf_lvx_hostdev_rom(doc, &a, &file, &shown), 0);
	ck_assert_str_eq(file, "/a.rom");
	ck_assert_int_eq(shown, 1);
	free(file);
	a.bus = 2;
	ck_assert_int_eq(ovf_lvx_hostdev_rom(doc, &a, &file, &shown), 0);
	ck_assert_str_eq(file, "/b.rom");
	ck_assert_int_eq(shown, 0);
	free(file);
	a.bus = 3;
	ck_assert_int_eq(ovf_lvx_hostdev_rom(doc, &a, &file, &shown), 0);
	ck_assert_int_eq(shown, 0);
	free(file);
	/* a <rom> without a file: the device's own ROM, nothing to check */
	a.bus = 4;
	ck_assert_int_eq(ovf_lvx_hostdev_rom(doc, &a, &file, &shown), 0);
	ck_assert_ptr_null(file);
	/* a USB hostdev has no PCI source */
	a.bus = 5;
	ck_assert_int_eq(ovf_lvx_hostdev_rom(doc, &a, &file, &shown), -ENOENT);
	ck_assert_ptr_null(file);
	xmlFreeDoc(doc);
}
END_TEST

static Suite *lvx_suite(void)
{
	Suite *s = suite_create("libvirt_xml");
	TCase *tc = tcase_create("reader");

	tcase_add_test(tc, test_parse_errors);
	tcase_add_test(tc, test_elements_and_numbers);
	tcase_add_test(tc, test_topology_from_tree);
	tcase_add_test(tc, test_read_file);
	tcase_add_test(tc, test_values_written);
	tcase_add_test(tc, test_hostdev_rom);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return unit_run(lvx_suite());
}

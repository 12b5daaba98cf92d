// SPDX-License-Identifier: GPL-2.0-or-later
/* Unit tests for vfio-domain's tree edits: each fix, idempotence, conflicts, bad XML. */
#include <errno.h>

#include "ovf/domain.h"
#include "ovf/libvirt_xml.h"
#include "ovf/util.h"
#include "unit.h"

static struct ovf_err er;
/* what the library says; the tools print it after the domain's name */
#define err (ovf_err_why(&er))
static struct ovf_domain_notes notes;

/* The laptop: GPU 01:00.0 (subsystem 1025:118b) behind 00:01.0. */
static struct ovf_domain_opts opts(void)
{
	struct ovf_domain_opts o = {
		.fixes = OVF_FIX_ALL,
		.gpu = { 0, 1, 0, 0 },
		.bridge = { 0, 0, 1, 0 },
		.sub_vendor = 0x1025,
		.sub_device = 0x118b,
		.ssdt = "/var/lib/optimus-vfio/ssdt/t.aml",
		.rom = "/var/lib/optimus-vfio/vbios.rom",
		.fw_cfg_name = "opt/com.lion328/nvidia-rom",
		.vendor_id = "OptimusVFIO",
	};
	return o;
}

/* Apply @o to @in; the result (malloc'd) or NULL with the error in @rc. */
static char *edit(const char *in, const struct ovf_domain_opts *o, int *rc)
{
	xmlDoc *doc;
	char *out = NULL;
	size_t len;
	int e;

	memset(&notes, 0, sizeof(notes));
	e = ovf_lvx_parse(in, strlen(in), "t.xml", &doc, &er);
	if (e == 0)
		e = ovf_domain_apply(doc, o, &notes, &er);
	if (e == 0)
		e = ovf_domain_format(doc, &out, &len);
	if (doc)
		xmlFreeDoc(doc);
	if (rc)
		*rc = e;
	return e ? NULL : out;
}

static char *edit_ok(const char *in, const struct ovf_domain_opts *o)
{
	int rc;
	char *out = edit(in, o, &rc);

	ck_assert_msg(out, "edit failed: %d %s", rc, err);
	return out;
}

#define has(s, x) ck_assert_msg(strstr((s), (x)), "missing: %s\nin:\n%s", (x), (s))
#define hasnt(s, x) ck_assert_msg(!strstr((s), (x)), "unexpected: %s\nin:\n%s", (x), (s))

static int count(const char *s, const char *x)
{
	int n = 0;

	while ((s = strstr(s, x))) {
		n++;
		s += strlen(x);
	}
	return n;
}

static const char *minimal =
	"<domain type='kvm'>\n"
	"  <name>t</name>\n"
	"  <os>\n"
	"    <type arch='x86_64' machine='q35'>hvm</type>\n"
	"  </os>\n"
	"  <devices>\n"
	"    <controller type='pci' index='0' model='pcie-root'/>\n"
	"  </devices>\n"
	"</domain>\n";

START_TEST(test_all_fixes_minimal)
{
	struct ovf_domain_opts o = opts();
	char *out = edit_ok(minimal, &o);

	has(out, "<domain type='kvm' xmlns:qemu='" OVF_DOMAIN_QEMU_NS "'>\n");
	has(out, "  <name>t</name>\n  <genid/>\n");
	has(out, "  <sysinfo type='fwcfg'>\n    <entry name='opt/com.lion328/nvidia-rom' "
		 "file='/var/lib/optimus-vfio/vbios.rom'/>\n  </sysinfo>\n  <os>");
	has(out, "<controller type='pci' index='1' model='pcie-root-port'>\n"
		 "      <target chassis='1' port='0x8' hotplug='off'/>\n"
		 "      <address type='pci' domain='0x0000' bus='0x00' slot='0x01' "
		 "function='0x0'/>\n    </controller>");
	has(out, "<hostdev mode='subsystem' type='pci' managed='yes'>\n"
		 "      <source>\n"
		 "        <address domain='0x0000' bus='0x01' slot='0x00' function='0x0'/>\n"
		 "      </source>\n"
		 "      <alias name='ua-optimus-gpu'/>\n"
		 "      <address type='pci' domain='0x0000' bus='0x01' slot='0x00' "
		 "function='0x0'/>\n    </hostdev>");
	has(out, "<kvm>\n      <hidden state='on'/>\n    </kvm>");
	has(out, "<hyperv>\n      <vendor_id state='on' value='OptimusVFIO'/>\n    </hyperv>");
	has(out, "  <qemu:commandline>\n    <qemu:arg value='-acpitable'/>\n"
		 "    <qemu:arg value='file=/var/lib/optimus-vfio/ssdt/t.aml'/>\n"
		 "  </qemu:commandline>\n");
	has(out, "<qemu:device alias='ua-optimus-gpu'>\n      <qemu:frontend>\n"
		 "        <qemu:property name='x-pci-sub-vendor-id' type='unsigned' "
		 "value='4133'/>\n"
		 "        <qemu:property name='x-pci-sub-device-id' type='unsigned' "
		 "value='4491'/>\n");
	/* fwcfg needs no <smbios mode='sysinfo'/> */
	hasnt(out, "<smbios");
	has(out, "</qemu:override>\n</domain>\n");
	free(out);
}
END_TEST

/* @out is a fixed point of @o: edited again it comes back unchanged, and nothing is said. */
static void assert_fixed_point(const char *out, const struct ovf_domain_opts *o)
{
	char *again = edit_ok(out, o);

	ck_assert_str_eq(out, again);
	ck_assert_uint_eq(notes.len, 0);
	free(again);
}

START_TEST(test_idempotent)
{
	struct ovf_domain_opts o = opts();
	char *a = edit_ok(minimal, &o);

	assert_fixed_point(a, &o);
	free(a);
}
END_TEST

START_TEST(test_each_fix_alone)
{
	static const struct {
		unsigned int fix;
		const char *mark;
	} t[] = {
		{ OVF_FIX_HOSTDEV, "<hostdev" },
		{ OVF_FIX_SSDT, "-acpitable" },
		{ OVF_FIX_ROM, "fwcfg" },
		{ OVF_FIX_GENID, "<genid/>" },
		{ OVF_FIX_KVM_HIDDEN, "<hidden" },
		{ OVF_FIX_VENDOR_ID, "<vendor_id" },
		{ OVF_FIX_IOAPIC, "<ioapic" },
	};
	static const char *const marks[] = {
		"<hostdev", "-acpitable", "fwcfg", "<genid/>", "<hidden", "<vendor_id",
		"qemu:override", "<ioapic",
	};
	struct ovf_domain_opts o = opts();
	size_t i, j;

	for (i = 0; i < ARRAY_SIZE(t); i++) {
		char *out;

		o.fixes = t[i].fix;
		out = edit_ok(minimal, &o);
		has(out, t[i].mark);
		for (j = 0; j < ARRAY_SIZE(marks); j++)
			if (strcmp(marks[j], t[i].mark))
				hasnt(out, marks[j]);
		free(out);
	}
	/* nothing on: nothing changes */
	o.fixes = 0;
	{
		char *out = edit_ok(minimal, &o);

		ck_assert_str_eq(out, minimal);
		free(out);
	}
}
END_TEST

START_TEST(test_subsys_needs_hostdev)
{
	struct ovf_domain_opts o = opts();
	int rc;

	o.fixes = OVF_FIX_SUBSYS;
	ck_assert_ptr_null(edit(minimal, &o, &rc));
	ck_assert_int_eq(rc, -EINVAL);
	ck_assert_ptr_nonnull(strstr(err, "no hostdev for the GPU"));
}
END_TEST

static const char *with_audio =
	"<domain type='kvm'>\n"
	"  <name>t</name>\n"
	"  <devices>\n"
	"    <controller type='pci' index='0' model='pcie-root'/>\n"
	"    <controller type='pci' index='1' model='pcie-root-port'>\n"
	"      <model name='pcie-root-port'/>\n"
	"      <target chassis='1' port='0x10'/>\n"
	"      <address type='pci' domain='0x0000' bus='0x00' slot='0x02' function='0x0'/>\n"
	"    </controller>\n"
	"    <hostdev mode='subsystem' type='pci' managed='no'>\n"
	"      <source>\n"
	"        <address domain='0x0000' bus='0x01' slot='0x00' function='0x0'/>\n"
	"      </source>\n"
	"      <address type='pci' domain='0x0000' bus='0x01' slot='0x00' function='0x0'/>\n"
	"    </hostdev>\n"
	"    <hostdev mode='subsystem' type='pci' managed='yes'>\n"
	"      <source>\n"
	"        <address domain='0x0000' bus='0x01' slot='0x00' function='0x1'/>\n"
	"      </source>\n"
	"    </hostdev>\n"
	"  </devices>\n"
	"</domain>\n";

START_TEST(test_audio_removed_port_adopted)
{
	struct ovf_domain_opts o = opts();
	char *out;

	o.fixes = OVF_FIX_HOSTDEV | OVF_FIX_AUDIO;
	out = edit_ok(with_audio, &o);
	hasnt(out, "function='0x1'");
	ck_assert_int_eq(count(out, "<hostdev"), 1);
	ck_assert_int_eq(count(out, "<controller"), 2);
	has(out, "managed='yes'");
	/* the port held only our GPU: it moves to 00:01.0, keeps its index */
	has(out, "<controller type='pci' index='1' model='pcie-root-port'>\n"
		 "      <model name='pcie-root-port'/>\n"
		 "      <target chassis='1' port='0x8' hotplug='off'/>\n"
		 "      <address type='pci' domain='0x0000' bus='0x00' slot='0x01' "
		 "function='0x0'/>");
	has(notes.text, "removed the hostdev of the HDMI audio");
	hasnt(notes.text, "--keep-audio");
	ck_assert_int_eq(notes.audio_removed, 1);
	/* the removed element takes its indentation along */
	has(out, "    </hostdev>\n  </devices>");
	free(out);
}
END_TEST

START_TEST(test_audio_kept)
{
	struct ovf_domain_opts o = opts();
	char *out;

	o.fixes = OVF_FIX_HOSTDEV | OVF_FIX_AUDIO;
	o.keep_audio = 1;
	out = edit_ok(with_audio, &o);
	ck_assert_int_eq(count(out, "<hostdev"), 2);
	has(out, "bus='0x01' slot='0x00' function='0x0' multifunction='on'/>\n    </hostdev>");
	has(out, "      </source>\n      <address type='pci' domain='0x0000' bus='0x01' "
		 "slot='0x00' function='0x1'/>\n    </hostdev>");
	free(out);
}
END_TEST

static const char *taken =
	"<domain type='kvm'>\n"
	"  <name>t</name>\n"
	"  <devices>\n"
	"    <controller type='pci' index='0' model='pcie-root'/>\n"
	"    <controller type='pci' index='1' model='pcie-root-port'>\n"
	"      <target chassis='1' port='0x10'/>\n"
	"      <address type='pci' domain='0x0000' bus='0x00' slot='0x02' function='0x0'/>\n"
	"    </controller>\n"
	"    <interface type='network'>\n"
	"      <source network='default'/>\n"
	"      <address type='pci' domain='0x0000' bus='0x01' slot='0x00' function='0x0'/>\n"
	"    </interface>\n"
	"    <video>\n"
	"      <address type='pci' domain='0x0000' bus='0x00' slot='0x01' function='0x0'/>\n"
	"    </video>\n"
	"  </devices>\n"
	"</domain>\n";

START_TEST(test_conflict_renumbered)
{
	struct ovf_domain_opts o = opts();
	char *out, *again;

	o.fixes = OVF_FIX_HOSTDEV;
	out = edit_ok(taken, &o);
	/* theirs moves to index 2 with its device; the video to a free slot */
	has(out, "<controller type='pci' index='2' model='pcie-root-port'>\n"
		 "      <target chassis='1' port='0x10'/>");
	has(out, "<source network='default'/>\n      <address type='pci' domain='0x0000' "
		 "bus='0x02' slot='0x00'");
	has(out, "<video>\n      <address type='pci' domain='0x0000' bus='0x00' "
		 "slot='0x03' function='0x0'/>");
	/* ours: index 1 at 00:01.0, a chassis nobody else has */
	has(out, "<controller type='pci' index='1' model='pcie-root-port'>\n"
		 "      <target chassis='2' port='0x8' hotplug='off'/>");
	has(notes.text, "moved <controller type='pci' index='1'> to index 2");
	has(notes.text, "moved <video>");
	again = edit_ok(out, &o);
	ck_assert_str_eq(out, again);
	free(out);
	free(again);
}
END_TEST

START_TEST(test_conflict_refused)
{
	struct ovf_domain_opts o = opts();
	int rc;

	o.fixes = OVF_FIX_HOSTDEV;
	o.no_renumber = 1;
	ck_assert_ptr_null(edit(taken, &o, &rc));
	/* refused by the setting: the tool names its option */
	ck_assert_int_eq(rc, -EPERM);
	ck_assert_ptr_null(strstr(err, "--"));
	ck_assert_ptr_nonnull(strstr(err, "index='1'"));
	ck_assert_ptr_nonnull(strstr(err, "bus number"));
}
END_TEST

START_TEST(test_multifunction_slot_moves_whole)
{
	static const char *in =
		"<domain type='kvm'>\n"
		"  <name>t</name>\n"
		"  <devices>\n"
		"    <sound model='ich9'>\n"
		"      <address type='pci' domain='0x0000' bus='0x00' slot='0x01' "
		"function='0x0' multifunction='on'/>\n"
		"    </sound>\n"
		"    <watchdog model='i6300esb'>\n"
		"      <address type='pci' domain='0x0000' bus='0x00' slot='0x01' "
		"function='0x1'/>\n"
		"    </watchdog>\n"
		"  </devices>\n"
		"</domain>\n";
	struct ovf_domain_opts o = opts();
	char *out;
	int rc;

	/* issue 17: the slot moves whole, each function keeping its number */
	o.fixes = OVF_FIX_HOSTDEV;
	out = edit(in, &o, &rc);
	ck_assert_ptr_nonnull(out);
	ck_assert_int_eq(rc, 0);
	ck_assert_ptr_nonnull(strstr(out, "bus='0x00' slot='0x02' function='0x0' "
				      "multifunction='on'/>\n    </sound>"));
	ck_assert_ptr_nonnull(strstr(out, "bus='0x00' slot='0x02' function='0x1'/>\n"
				      "    </watchdog>"));
	free(out);
	/* refused under no_renumber, naming what is in the way */
	o.no_renumber = 1;
	ck_assert_ptr_null(edit(in, &o, &rc));
	ck_assert_int_eq(rc, -EPERM);
	ck_assert_ptr_nonnull(strstr(err, "<sound>"));
	ck_assert_ptr_nonnull(strstr(err, "sits where the GPU's root port goes"));
}
END_TEST

START_TEST(test_subsys_updates_existing)
{
	static const char *in =
		"<domain type='kvm' xmlns:qemu='" OVF_DOMAIN_QEMU_NS "'>\n"
		"  <name>t</name>\n"
		"  <devices>\n"
		"    <hostdev mode='subsystem' type='pci' managed='yes'>\n"
		"      <source>\n"
		"        <address domain='0x0000' bus='0x01' slot='0x00' function='0x0'/>\n"
		"      </source>\n"
		"      <alias name='hostdev0'/>\n"
		"    </hostdev>\n"
		"  </devices>\n"
		"  <qemu:override>\n"
		"    <qemu:device alias='ua-other'>\n"
		"      <qemu:frontend>\n"
		"        <qemu:property name='x' type='string' value='y'/>\n"
		"      </qemu:frontend>\n"
		"    </qemu:device>\n"
		"    <qemu:device alias='ua-optimus-gpu'>\n"
		"      <qemu:frontend>\n"
		"        <qemu:property name='x-pci-sub-vendor-id' type='unsigned' value='1'/>\n"
		"      </qemu:frontend>\n"
		"    </qemu:device>\n"
		"  </qemu:override>\n"
		"</domain>\n";
	struct ovf_domain_opts o = opts();
	char *out;

	o.fixes = OVF_FIX_SUBSYS;
	out = edit_ok(in, &o);
	has(out, "<alias name='ua-optimus-gpu'/>");
	hasnt(out, "hostdev0");
	has(out, "<qemu:property name='x' type='string' value='y'/>");
	ck_assert_int_eq(count(out, "x-pci-sub-vendor-id"), 1);
	has(out, "name='x-pci-sub-vendor-id' type='unsigned' value='4133'/>\n"
		 "        <qemu:property name='x-pci-sub-device-id' type='unsigned' "
		 "value='4491'/>\n      </qemu:frontend>");
	ck_assert_int_eq(count(out, "xmlns:qemu"), 1);
	free(out);
}
END_TEST

START_TEST(test_ssdt_comma_and_existing)
{
	static const char *in =
		"<domain type='kvm' xmlns:qemu='" OVF_DOMAIN_QEMU_NS "'>\n"
		"  <name>t</name>\n"
		"  <qemu:commandline>\n"
		"    <qemu:arg value='-acpitable'/>\n"
		"    <qemu:arg value='file=/other.aml'/>\n"
		"  </qemu:commandline>\n"
		"</domain>\n";
	struct ovf_domain_opts o = opts();
	char *out, *again;

	o.fixes = OVF_FIX_SSDT;
	o.ssdt = "/a,b.aml";
	out = edit_ok(in, &o);
	has(out, "<qemu:arg value='file=/other.aml'/>\n"
		 "    <qemu:arg value='-acpitable'/>\n"
		 "    <qemu:arg value='file=/a,,b.aml'/>\n  </qemu:commandline>");
	again = edit_ok(out, &o);
	ck_assert_str_eq(out, again);
	free(out);
	free(again);
}
END_TEST

START_TEST(test_rom_needs_path)
{
	static const char *in =
		"<domain type='kvm'>\n"
		"  <name>t</name>\n"
		"  <sysinfo type='fwcfg'>\n"
		"    <entry name='opt/com.lion328/nvidia-rom' file='/old.rom'/>\n"
		"  </sysinfo>\n"
		"</domain>\n";
	struct ovf_domain_opts o = opts();
	char *out;
	int rc;

	o.fixes = OVF_FIX_ROM;
	o.rom = NULL;
	ck_assert_ptr_null(edit(minimal, &o, &rc));
	/* nothing to keep and nothing given: the tool names --rom */
	ck_assert_int_eq(rc, -ENODATA);
	ck_assert_ptr_nonnull(strstr(err, "no fw_cfg entry 'opt/com.lion328/nvidia-rom'"));
	ck_assert_ptr_null(strstr(err, "--"));
	/* an entry that is there stays as it is */
	out = edit_ok(in, &o);
	ck_assert_str_eq(out, in);
	free(out);
	o.rom = "/new.rom";
	out = edit_ok(in, &o);
	has(out, "<entry name='opt/com.lion328/nvidia-rom' file='/new.rom'/>");
	ck_assert_int_eq(count(out, "<sysinfo"), 1);
	free(out);
}
END_TEST

START_TEST(test_features_existing)
{
	static const char *in =
		"<domain type='kvm'>\n"
		"\t<name>t</name>\n"
		"\t<features>\n"
		"\t\t<acpi/>\n"
		"\t\t<kvm>\n"
		"\t\t\t<hidden state='off'/>\n"
		"\t\t</kvm>\n"
		"\t\t<hyperv mode='custom'>\n"
		"\t\t\t<vendor_id state='off' value='abc'/>\n"
		"\t\t</hyperv>\n"
		"\t</features>\n"
		"</domain>\n";
	struct ovf_domain_opts o = opts();
	char *out;

	o.fixes = OVF_FIX_KVM_HIDDEN | OVF_FIX_VENDOR_ID | OVF_FIX_GENID;
	o.vendor_id = "123456789012";
	out = edit_ok(in, &o);
	has(out, "\t\t\t<hidden state='on'/>\n");
	has(out, "\t\t\t<vendor_id state='on' value='123456789012'/>\n");
	/* tab indentation is detected */
	has(out, "\t<name>t</name>\n\t<genid/>\n\t<features>");
	free(out);
}
END_TEST

START_TEST(test_vendor_id_check)
{
	struct ovf_domain_opts o = opts();
	int rc;

	ck_assert_int_eq(ovf_domain_check_vendor_id("a"), 0);
	ck_assert_int_eq(ovf_domain_check_vendor_id("123456789012"), 0);
	ck_assert_int_eq(ovf_domain_check_vendor_id(""), -EINVAL);
	ck_assert_int_eq(ovf_domain_check_vendor_id("1234567890123"), -EINVAL);
	ck_assert_int_eq(ovf_domain_check_vendor_id("a,b"), -EINVAL);
	ck_assert_int_eq(ovf_domain_check_vendor_id(NULL), -EINVAL);
	o.vendor_id = "far-too-long-value";
	ck_assert_ptr_null(edit(minimal, &o, &rc));
	ck_assert_int_eq(rc, -EINVAL);
}
END_TEST

START_TEST(test_format_keeps_untouched)
{
	static const char *in =
		"<domain type='kvm'>\n"
		"  <!-- a comment -->\n"
		"  <name>t</name>\n"
		"  <description>a &lt;b&gt; &amp; &apos;c&apos;</description>\n"
		"  <metadata>\n"
		"    <x:y xmlns:x=\"urn:x\" a=\"1\"/>\n"
		"  </metadata>\n"
		"  <os>\n"
		"      <type>hvm</type>\n"
		"  </os>\n"
		"</domain>\n";
	struct ovf_domain_opts o = opts();
	char *out;

	o.fixes = 0;
	out = edit_ok(in, &o);
	ck_assert_str_eq(out, in);
	free(out);
}
END_TEST

/* vfio-domain parses with the shared reader (check_libvirt_xml.c has its details) */
START_TEST(test_malformed)
{
	xmlDoc *doc = NULL;

	ck_assert_int_eq(ovf_lvx_parse("<domain><name>x</domain>", 24, "bad.xml", &doc,
				       &er), -EINVAL);
	ck_assert_ptr_null(doc);
	ck_assert_ptr_nonnull(strstr(er.path, "bad.xml:1"));
	ck_assert_ptr_nonnull(strstr(err, "malformed XML"));
	ck_assert_int_eq(ovf_lvx_parse("<network/>", 10, "n.xml", &doc, &er), -EINVAL);
	ck_assert_ptr_nonnull(strstr(err, "not a libvirt domain"));
	ck_assert_int_eq(ovf_lvx_parse("", 0, "e.xml", &doc, &er), -EINVAL);
}
END_TEST

START_TEST(test_bad_addresses)
{
	static const char *in =
		"<domain type='kvm'>\n"
		"  <name>t</name>\n"
		"  <devices>\n"
		"    <video>\n"
		"      <address type='pci' domain='0x0000' bus='zz' slot='0x01' function='0x0'/>\n"
		"    </video>\n"
		"  </devices>\n"
		"</domain>\n";
	struct ovf_domain_opts o = opts();
	int rc;

	ck_assert_ptr_null(edit(in, &o, &rc));
	ck_assert_int_eq(rc, -EINVAL);
	ck_assert_ptr_nonnull(strstr(err, "line 4: <video>"));
	/* a GPU behind a bridge that is not on bus 0 */
	o = opts();
	o.bridge.bus = 2;
	ck_assert_ptr_null(edit(minimal, &o, &rc));
	ck_assert_int_eq(rc, -EINVAL);
	ck_assert_ptr_nonnull(strstr(err, "not on bus 00"));
}
END_TEST

START_TEST(test_name)
{
	xmlDoc *doc;
	char *n;

	ck_assert_int_eq(ovf_lvx_parse(minimal, strlen(minimal), "t", &doc, &er), 0);
	n = ovf_domain_name(doc);
	ck_assert_str_eq(n, "t");
	free(n);
	xmlFreeDoc(doc);
}
END_TEST

START_TEST(test_backup)
{
	char *dir = unit_mkdtemp(), sub[4200], p1[4200], p2[4200];
	uint8_t *buf;
	size_t len;

	/* made as needed, a second one beside the first */
	snprintf(sub, sizeof(sub), "%s/a/b", dir);
	ck_assert_int_eq(ovf_domain_backup(sub, "t", "<domain/>\n", 10, p1, sizeof(p1),
					   &er), 0);
	ck_assert_int_eq(strncmp(p1, sub, strlen(sub)), 0);
	ck_assert_int_eq(ovf_read_file(p1, &buf, &len, 64), 0);
	ck_assert_int_eq(len, 10);
	ck_assert_int_eq(memcmp(buf, "<domain/>\n", 10), 0);
	free(buf);
	ck_assert_int_eq(ovf_domain_backup(sub, "t", "x", 1, p2, sizeof(p2), &er), 0);
	ck_assert_str_ne(p1, p2);
	/* a file where the directory goes: mkdir -p leaves it, the write names it */
	snprintf(sub, sizeof(sub), "%s/a/b/t", dir);
	unit_put(dir, "a/b/t", "");
	ck_assert_int_eq(ovf_domain_backup(sub, "t", "x", 1, p2, sizeof(p2), &er),
			 -ENOTDIR);
	ck_assert_str_eq(er.action, "write backup");
	ck_assert_str_eq(er.path, p2);
	/* a directory that cannot be made */
	snprintf(sub, sizeof(sub), "%s/a/b/t/u", dir);
	ck_assert_int_eq(ovf_domain_backup(sub, "t", "x", 1, p2, sizeof(p2), &er),
			 -ENOTDIR);
	ck_assert_str_eq(er.action, "create");
	ck_assert_str_eq(er.path, sub);
	unit_rmtree(dir);
	free(dir);
}
END_TEST

/* ovf_domain_edit: @in as the tool reads it, with the given files. */
static int whole_edit(const char *in, struct ovf_domain_opts *o, const char *ssdt,
		      const char *rom, struct ovf_domain_edit *ed)
{
	ovf_err_clear(&er);
	return ovf_domain_edit(in, strlen(in), "in.xml", o, ssdt, rom, "/st", ed, &er);
}

START_TEST(test_edit_default_ssdt_built)
{
	struct ovf_domain_opts o = opts();
	struct ovf_domain_edit ed;

	o.ssdt = o.rom = NULL;
	ck_assert_int_eq(whole_edit(minimal, &o, NULL, "/r.rom", &ed), 0);
	ck_assert_str_eq(ed.name, "t");
	/* no --ssdt: the state directory's table, named for the domain, to build */
	ck_assert_str_eq(ed.ssdt, "/st/ssdt/t.aml");
	ck_assert_int_eq(ed.build, 1);
	ck_assert_str_eq(ed.rom, "/r.rom");
	/* the options name the same files, for the read-back check */
	ck_assert_ptr_eq(o.ssdt, ed.ssdt);
	ck_assert_ptr_eq(o.rom, ed.rom);
	ck_assert_str_eq(ed.old, minimal);
	ck_assert_uint_eq(ed.oldlen, strlen(minimal));
	has(ed.new, "<qemu:arg value='file=/st/ssdt/t.aml'/>");
	has(ed.new, "file='/r.rom'");
	ck_assert_uint_eq(ed.newlen, strlen(ed.new));
	ck_assert_ptr_nonnull(ed.doc);
	ovf_domain_edit_free(&ed);
	ck_assert_ptr_null(ed.doc);
}
END_TEST

START_TEST(test_edit_relative_files)
{
	struct ovf_domain_opts o = opts();
	struct ovf_domain_edit ed;
	char cwd[4096], want[4200];

	ck_assert_ptr_nonnull(getcwd(cwd, sizeof(cwd)));
	ck_assert_int_eq(whole_edit(minimal, &o, "s.aml", "r.rom", &ed), 0);
	/* libvirt resolves nothing: the domain names absolute paths */
	snprintf(want, sizeof(want), "%s/s.aml", cwd);
	ck_assert_str_eq(ed.ssdt, want);
	ck_assert_int_eq(ed.build, 0);
	snprintf(want, sizeof(want), "%s/r.rom", cwd);
	ck_assert_str_eq(ed.rom, want);
	ovf_domain_edit_free(&ed);
	/* without the SSDT fix no table is named or built (nor a ROM) */
	o.fixes &= ~(OVF_FIX_SSDT | OVF_FIX_ROM);
	ck_assert_int_eq(whole_edit(minimal, &o, NULL, NULL, &ed), 0);
	ck_assert_ptr_null(ed.ssdt);
	ck_assert_ptr_null(ed.rom);
	ck_assert_int_eq(ed.build, 0);
	hasnt(ed.new, "acpitable");
	ovf_domain_edit_free(&ed);
}
END_TEST

START_TEST(test_edit_errors)
{
	struct ovf_domain_opts o = opts();
	struct ovf_domain_edit ed;
	char *fixed;

	/* malformed: the reader's error, as it words it */
	ck_assert_int_eq(whole_edit("<domain>", &o, "/s.aml", NULL, &ed), -EINVAL);
	ck_assert_ptr_nonnull(strstr(er.path, "in.xml"));
	ovf_domain_edit_free(&ed);
	/* a name that cannot name a file */
	ck_assert_int_eq(whole_edit("<domain type='kvm'><name>a/b</name></domain>",
				    &o, "/s.aml", NULL, &ed), -EINVAL);
	ck_assert_str_eq(er.path, "in.xml");
	ck_assert_str_eq(er.action, "");
	ck_assert_str_eq(er.reason, "the domain has no usable <name>");
	ovf_domain_edit_free(&ed);
	ck_assert_int_eq(whole_edit("<domain type='kvm'/>", &o, "/s.aml", NULL, &ed),
			 -EINVAL);
	ck_assert_str_eq(er.reason, "the domain has no usable <name>");
	ovf_domain_edit_free(&ed);
	/* the edit's own refusal, after the label: no ROM to name */
	ck_assert_int_eq(whole_edit(minimal, &o, "/s.aml", NULL, &ed), -ENODATA);
	ck_assert_str_eq(er.path, "in.xml");
	ck_assert_str_eq(er.action, "");
	ck_assert_str_eq(er.reason,
			 "the domain has no fw_cfg entry 'opt/com.lion328/nvidia-rom' yet");
	ovf_domain_edit_free(&ed);
	/* a domain with every fix: nothing changes */
	ck_assert_int_eq(whole_edit(minimal, &o, "/s.aml", "/r.rom", &ed), 0);
	fixed = strdup(ed.new);
	ovf_domain_edit_free(&ed);
	ck_assert_int_eq(whole_edit(fixed, &o, "/s.aml", "/r.rom", &ed), 0);
	ck_assert_uint_eq(ed.oldlen, ed.newlen);
	ck_assert_str_eq(ed.old, ed.new);
	ovf_domain_edit_free(&ed);
	free(fixed);
}
END_TEST

/* --rom-bar: <rom bar='on' file=''/> where libvirt writes it; fw_cfg stays. */
START_TEST(test_rom_bar_added)
{
	struct ovf_domain_opts o = opts();
	char *out, *again;

	o.rom_bar = "/var/lib/optimus-vfio/mxm.rom";
	out = edit_ok(minimal, &o);
	has(out, "      <alias name='ua-optimus-gpu'/>\n"
		 "      <rom bar='on' file='/var/lib/optimus-vfio/mxm.rom'/>\n"
		 "      <address type='pci' domain='0x0000' bus='0x01' slot='0x00' "
		 "function='0x0'/>\n    </hostdev>");
	/* the fw_cfg ROM for _ROM is another thing: both can be given */
	has(out, "file='/var/lib/optimus-vfio/vbios.rom'/>");
	ck_assert_ptr_nonnull(strstr(notes.text, "put /var/lib/optimus-vfio/mxm.rom "
				     "in the ROM BAR of the GPU's hostdev"));
	ck_assert_int_eq(notes.rom_bar_set, 1);
	/* a second run changes nothing and says nothing */
	assert_fixed_point(out, &o);
	/* another file replaces the first, no second <rom> */
	o.rom_bar = "/b.rom";
	again = edit_ok(out, &o);
	ck_assert_int_eq(count(again, "<rom "), 1);
	has(again, "<rom bar='on' file='/b.rom'/>");
	free(again);
	free(out);
}

/* ---- ioapic ---- */

START_TEST(test_ioapic_kvm_only)
{
	struct ovf_domain_opts o = opts();
	const char *in;
	char *out;

	o.fixes = OVF_FIX_IOAPIC;
	out = edit_ok(minimal, &o);
	has(out, "  <features>\n    <ioapic driver='kvm'/>\n  </features>\n");
	ck_assert_uint_eq(notes.len, 0);
	free(out);
	/* TCG has no in-kernel irqchip: a type='qemu' domain is left alone */
	in = "<domain type='qemu'>\n  <name>t</name>\n  <features>\n    <acpi/>\n"
	     "  </features>\n</domain>\n";
	out = edit_ok(in, &o);
	ck_assert_str_eq(out, in);
	free(out);
	/* the split irqchip someone asked for goes, and that is said */
	out = edit_ok("<domain type='kvm'><name>t</name><features><acpi/>"
		      "<ioapic driver='qemu'/></features></domain>", &o);
	has(out, "<ioapic driver='kvm'/>");
	hasnt(out, "driver='qemu'");
	ck_assert_ptr_nonnull(strstr(notes.text, "changed <ioapic driver='qemu'/> to 'kvm'"));
	free(out);
}
END_TEST

static const char *with_rom =
	"<domain type='kvm'>\n"
	"  <name>t</name>\n"
	"  <devices>\n"
	"    <hostdev mode='subsystem' type='pci' managed='yes'>\n"
	"      <source>\n"
	"        <address domain='0x0000' bus='0x01' slot='0x00' function='0x0'/>\n"
	"      </source>\n"
	"      <rom enabled='no' file='/old.rom'/>\n"
	"      <address type='pci' domain='0x0000' bus='0x05' slot='0x00' function='0x0'/>\n"
	"    </hostdev>\n"
	"    <hostdev mode='subsystem' type='pci' managed='yes'>\n"
	"      <source>\n"
	"        <address domain='0x0000' bus='0x03' slot='0x00' function='0x0'/>\n"
	"      </source>\n"
	"      <rom bar='off'/>\n"
	"    </hostdev>\n"
	"  </devices>\n"
	"</domain>\n";

/* An existing <rom> of the GPU is taken over; another hostdev's is not touched. */
START_TEST(test_rom_bar_existing)
{
	struct ovf_domain_opts o = opts();
	char *out;

	o.fixes = 0;
	o.rom_bar = "/new.rom";
	out = edit_ok(with_rom, &o);
	/* enabled='no' would hide the BAR: it goes */
	has(out, "      </source>\n      <rom file='/new.rom' bar='on'/>\n"
		 "      <address type='pci' domain='0x0000' bus='0x05'");
	has(out, "      <rom bar='off'/>\n");
	ck_assert_int_eq(count(out, "<rom "), 2);
	ck_assert_int_eq(notes.rom_bar_set, 1);
	free(out);
}

/* ---- Looking Glass ---- */

START_TEST(test_lg_parse)
{
	static const char *const bad[] = {
		"", "x", "1920", "1920x", "x1080", "1920X1080", "1920x1080,", "1920x1080,HDR",
		"1920x1080,hdr,hdr", "1920x1080 ", " 1920x1080", "+1920x1080", "-1x1",
		"01920x1080", "0x1080", "1920x0", "16385x1", "1x16385",
		"99999999999999999999x1", "1920x1080,sdr", "1920*1080",
	};
	struct ovf_lg lg = { .mode = OVF_LG_ADD, .kvmfr = 1 };
	size_t i;

	ck_assert_int_eq(ovf_lg_parse("2560x1440,hdr", &lg), 0);
	ck_assert_uint_eq(lg.width, 2560);
	ck_assert_uint_eq(lg.height, 1440);
	ck_assert_int_eq(lg.hdr, 1);
	ck_assert_int_eq(lg.mode, OVF_LG_ADD);
	ck_assert_int_eq(lg.kvmfr, 1);
	ck_assert_int_eq(ovf_lg_parse("16384x1", &lg), 0);
	ck_assert_int_eq(lg.hdr, 0);
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		struct ovf_lg l = { .width = 7, .height = 7 };

		ck_assert_msg(ovf_lg_parse(bad[i], &l) == -EINVAL, "took '%s'", bad[i]);
		/* a refused value changes nothing */
		ck_assert_uint_eq(l.width, 7);
		ck_assert_uint_eq(l.height, 7);
	}
	ck_assert_int_eq(ovf_lg_parse(NULL, &lg), -EINVAL);
}
END_TEST

START_TEST(test_no_rom_bar)
{
	struct ovf_domain_opts o = opts();
	char *out;

	o.fixes = 0;
	o.no_rom_bar = 1;
	out = edit_ok(with_rom, &o);
	/* the GPU's <rom> and its indentation go; the other hostdev's stays */
	has(out, "      </source>\n      <address type='pci' domain='0x0000' bus='0x05'");
	has(out, "      <rom bar='off'/>\n");
	ck_assert_int_eq(count(out, "<rom "), 1);
	ck_assert_ptr_nonnull(strstr(notes.text, "removed the <rom> of the GPU's hostdev"));
	assert_fixed_point(out, &o);
	free(out);
}

START_TEST(test_lg_size)
{
	static const struct {
		unsigned int w, h;
		int hdr;
		unsigned int mb;
	} t[] = {
		/* 15.8 MiB of frames + 10 = 25.8: the example of the LG docs */
		{ 1920, 1080, 0, 32 },
		{ 1920, 1080, 1, 64 },		/* 31.6 + 10 */
		{ 2560, 1440, 0, 64 },		/* 28.1 + 10 */
		{ 2560, 1440, 1, 128 },		/* 56.3 + 10 */
		{ 3840, 2160, 0, 128 },		/* 63.3 + 10 */
		{ 3840, 2160, 1, 256 },		/* 126.6 + 10 */
		{ 1, 1, 0, 16 },		/* 1 (whole MiB up) + 10 */
		{ 1024, 768, 0, 16 },		/* 6 MiB exactly + 10 */
		{ 16384, 16384, 1, 8192 },	/* the largest */
		{ 0, 1080, 0, 0 },
		{ 1920, 0, 0, 0 },
		{ 16385, 1, 0, 0 },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(t); i++) {
		struct ovf_lg lg = { .width = t[i].w, .height = t[i].h, .hdr = t[i].hdr };

		ck_assert_msg(ovf_lg_size_mb(&lg) == t[i].mb, "%ux%u%s: %u, expected %u",
			      t[i].w, t[i].h, t[i].hdr ? ",hdr" : "", ovf_lg_size_mb(&lg),
			      t[i].mb);
	}
}
END_TEST

START_TEST(test_rom_bar_needs_hostdev)
{
	struct ovf_domain_opts o = opts();
	int rc;

	o.fixes = 0;
	o.rom_bar = "/r.rom";
	ck_assert_ptr_null(edit(minimal, &o, &rc));
	ck_assert_int_eq(rc, -EINVAL);
	ck_assert_str_eq(err, "no hostdev for the GPU 0000:01:00.0 to give the ROM BAR to");
	o.rom_bar = NULL;
	o.no_rom_bar = 1;
	ck_assert_ptr_null(edit(minimal, &o, &rc));
	ck_assert_int_eq(rc, -EINVAL);
	/* a relative path would be resolved by libvirt's cwd: refused */
	o = opts();
	o.rom_bar = "r.rom";
	ck_assert_ptr_null(edit(minimal, &o, &rc));
	ck_assert_int_eq(rc, -EINVAL);
	ck_assert_ptr_nonnull(strstr(err, "expected an absolute path"));
}

static struct ovf_domain_opts lg_opts(unsigned int w, unsigned int h, int kvmfr)
{
	struct ovf_domain_opts o = opts();

	o.fixes = 0;
	o.lg.mode = OVF_LG_ADD;
	o.lg.width = w;
	o.lg.height = h;
	o.lg.kvmfr = kvmfr;
	return o;
}

static const char *ballooned =
	"<domain type='kvm'>\n"
	"  <name>t</name>\n"
	"  <devices>\n"
	"    <memballoon model='virtio'>\n"
	"      <address type='pci' domain='0x0000' bus='0x03' slot='0x00' function='0x0'/>\n"
	"    </memballoon>\n"
	"  </devices>\n"
	"</domain>\n";

START_TEST(test_lg_shmem_add_resize)
{
	struct ovf_domain_opts o = lg_opts(1920, 1080, 0);
	char *a, *b, *c;

	a = edit_ok(ballooned, &o);
	has(a, "    <memballoon model='none'/>\n"
	       "    <shmem name='looking-glass'>\n"
	       "      <model type='ivshmem-plain'/>\n"
	       "      <size unit='M'>32</size>\n"
	       "    </shmem>\n  </devices>\n");
	/* the balloon's PCI address goes with the device */
	hasnt(a, "bus='0x03'");
	ck_assert_ptr_nonnull(strstr(notes.text, "set <memballoon model='none'/> (was 'virtio')"));
	/* idempotent, silent */
	b = edit_ok(a, &o);
	ck_assert_str_eq(a, b);
	ck_assert_uint_eq(notes.len, 0);
	free(b);
	/* a second run with another size replaces it */
	o.lg.width = 3840;
	o.lg.height = 2160;
	c = edit_ok(a, &o);
	has(c, "<size unit='M'>128</size>");
	ck_assert_int_eq(count(c, "<shmem"), 1);
	ck_assert_ptr_nonnull(strstr(notes.text, "resized <shmem name='looking-glass'> "
					       "from 32 to 128 MiB"));
	/* taken out: the device goes, the rest stays */
	o.lg.mode = OVF_LG_REMOVE;
	b = edit_ok(c, &o);
	hasnt(b, "<shmem");
	has(b, "<memballoon model='none'/>");
	free(b);
	free(a);
	free(c);
	/* no <devices>, no <memballoon>: both made */
	o = lg_opts(800, 600, 0);
	a = edit_ok("<domain type='kvm'><name>t</name></domain>", &o);
	has(a, "<memballoon model='none'/>");
	has(a, "<size unit='M'>16</size>");
	free(a);
}
END_TEST

START_TEST(test_lg_other_shmem_kept)
{
	struct ovf_domain_opts o = lg_opts(1920, 1080, 0);
	char *a;

	a = edit_ok("<domain type='kvm'><name>t</name><devices>"
		    "<shmem name='other'><model type='ivshmem-plain'/><size unit='M'>4</size>"
		    "</shmem><shmem name='looking-glass'><model type='ivshmem'/>"
		    "<size unit='K'>1024</size></shmem></devices></domain>", &o);
	has(a, "<shmem name='other'><model type='ivshmem-plain'/><size unit='M'>4</size>");
	has(a, "<shmem name='looking-glass'><model type='ivshmem-plain'/>"
	       "<size unit='M'>32</size></shmem>");
	o.lg.mode = OVF_LG_REMOVE;
	free(a);
	a = edit_ok("<domain type='kvm'><name>t</name><devices>"
		    "<shmem name='other'><model type='ivshmem-plain'/></shmem></devices></domain>",
		    &o);
	has(a, "<shmem name='other'>");
	free(a);
}
END_TEST

#define KVMFR_DEV "    <qemu:arg value='-device'/>\n" \
	"    <qemu:arg value='ivshmem-plain,memdev=looking-glass'/>\n"
#define KVMFR_OBJ(bytes) "    <qemu:arg value='-object'/>\n" \
	"    <qemu:arg value='memory-backend-file,id=looking-glass," \
	"mem-path=/dev/kvmfr0,size=" bytes ",share=yes'/>\n"

START_TEST(test_lg_kvmfr)
{
	struct ovf_domain_opts o = lg_opts(1920, 1080, 1);
	char *a, *b, *c;

	a = edit_ok(ballooned, &o);
	has(a, "<domain type='kvm' xmlns:qemu='" OVF_DOMAIN_QEMU_NS "'>\n");
	has(a, "  <qemu:commandline>\n" KVMFR_DEV KVMFR_OBJ("33554432")
	       "  </qemu:commandline>\n</domain>\n");
	has(a, "<memballoon model='none'/>");
	hasnt(a, "<shmem");
	b = edit_ok(a, &o);
	ck_assert_str_eq(a, b);
	ck_assert_uint_eq(notes.len, 0);
	free(b);
	/* another size: the object's size in bytes changes, one pair each */
	o.lg.hdr = 1;
	b = edit_ok(a, &o);
	has(b, KVMFR_OBJ("67108864"));
	ck_assert_int_eq(count(b, "-object"), 1);
	ck_assert_int_eq(count(b, "-device"), 1);
	ck_assert_ptr_nonnull(strstr(notes.text, "set the -object of Looking Glass"));
	/* with the SSDT's -acpitable: both stay, ours after */
	o.fixes = OVF_FIX_SSDT;
	c = edit_ok(b, &o);
	has(c, "    <qemu:arg value='file=/var/lib/optimus-vfio/ssdt/t.aml'/>\n  </qemu:commandline>");
	has(c, KVMFR_DEV KVMFR_OBJ("67108864") "    <qemu:arg value='-acpitable'/>");
	free(b);
	/* shmem form: the kvmfr pair goes, -acpitable stays */
	o.lg.kvmfr = 0;
	b = edit_ok(c, &o);
	hasnt(b, "kvmfr0");
	hasnt(b, "ivshmem-plain,memdev");
	has(b, "-acpitable");
	has(b, "<size unit='M'>64</size>");
	ck_assert_ptr_nonnull(strstr(notes.text, "replaced the kvmfr device /dev/kvmfr0 by "
					       "<shmem name='looking-glass'>"));
	free(c);
	/* and back: the shmem goes */
	o.lg.kvmfr = 1;
	c = edit_ok(b, &o);
	hasnt(c, "<shmem");
	has(c, KVMFR_OBJ("67108864"));
	free(b);
	/* removed: no empty <qemu:commandline> is left */
	o.fixes = 0;
	o.lg.mode = OVF_LG_REMOVE;
	free(a);
	a = edit_ok(ballooned, &(struct ovf_domain_opts){ .lg = lg_opts(1920, 1080, 1).lg,
		    .gpu = o.gpu, .bridge = o.bridge });
	b = edit_ok(a, &o);
	hasnt(b, "commandline");
	hasnt(b, "kvmfr");
	free(a);
	free(b);
	free(c);
}
END_TEST

/* What vfio-doctor asks of a domain: the kvmfr node and size it maps. */
static int kvmfr_of(const char *args, char *path, unsigned long long *bytes)
{
	char xml[2048];
	xmlDoc *doc;
	int r;

	snprintf(xml, sizeof(xml), "<domain type='kvm' xmlns:qemu='" OVF_DOMAIN_QEMU_NS "'>"
		 "<name>t</name><qemu:commandline>%s</qemu:commandline></domain>", args);
	ck_assert_int_eq(ovf_lvx_parse(xml, strlen(xml), "t.xml", &doc, &er), 0);
	path[0] = '\0';
	r = ovf_domain_kvmfr(doc, path, 64, bytes);
	xmlFreeDoc(doc);
	return r;
}

START_TEST(test_domain_kvmfr_read)
{
	unsigned long long b = 0;
	char path[64];
	struct ovf_domain_opts o = lg_opts(2560, 1440, 1);
	xmlDoc *doc;
	char *out;

	/* what --kvmfr writes reads back */
	out = edit_ok(minimal, &o);
	ck_assert_int_eq(ovf_lvx_parse(out, strlen(out), "t.xml", &doc, &er), 0);
	ck_assert_int_eq(ovf_domain_kvmfr(doc, path, sizeof(path), &b), 1);
	ck_assert_str_eq(path, "/dev/kvmfr0");
	ck_assert_uint_eq(b, 64ull << 20);
	xmlFreeDoc(doc);
	free(out);
	/* the key=value form with a suffix, as the Looking Glass docs write it */
	ck_assert_int_eq(kvmfr_of("<qemu:arg value='-object'/><qemu:arg value='memory-backend-file,"
				  "id=ivshmem,share=on,mem-path=/dev/kvmfr1,size=32M'/>", path, &b), 1);
	ck_assert_str_eq(path, "/dev/kvmfr1");
	ck_assert_uint_eq(b, 32ull << 20);
	/* the JSON form */
	ck_assert_int_eq(kvmfr_of("<qemu:arg value='-object'/><qemu:arg value='{\"qom-type\": "
				  "\"memory-backend-file\", \"id\": \"looking-glass\", \"mem-path\": "
				  "\"/dev/kvmfr0\", \"size\": 134217728, \"share\": true}'/>",
				  path, &b), 1);
	ck_assert_str_eq(path, "/dev/kvmfr0");
	ck_assert_uint_eq(b, 128ull << 20);
	/* a shared memory file or another backend is not kvmfr */
	ck_assert_int_eq(kvmfr_of("<qemu:arg value='memory-backend-file,id=x,mem-path="
				  "/dev/shm/looking-glass,size=32M'/><qemu:arg value='-acpitable'/>",
				  path, &b), 0);
	ck_assert_int_eq(kvmfr_of("<qemu:arg value='memory-backend-ram,id=x,size=32M'/>", path, &b), 0);
	ck_assert_int_eq(kvmfr_of("", path, &b), 0);
	/* kvmfr without a size we can read */
	ck_assert_int_eq(kvmfr_of("<qemu:arg value='memory-backend-file,id=x,mem-path=/dev/kvmfr0'/>",
				  path, &b), -EINVAL);
	ck_assert_int_eq(kvmfr_of("<qemu:arg value='memory-backend-file,id=x,mem-path=/dev/kvmfr0,"
				  "size=32Q'/>", path, &b), -EINVAL);
	ck_assert_int_eq(kvmfr_of("<qemu:arg value='memory-backend-file,id=x,mem-path=/dev/kvmfr0,"
				  "size=99999999999999999999'/>", path, &b), -EINVAL);
	ck_assert_int_eq(kvmfr_of("<qemu:arg value='memory-backend-file,id=x,mem-path=/dev/kvmfr0,"
				  "size=17179869184G'/>", path, &b), -EINVAL);
}
END_TEST

START_TEST(test_lg_bad_size)
{
	struct ovf_domain_opts o = lg_opts(0, 1080, 0);
	int rc;

	ck_assert_ptr_null(edit(minimal, &o, &rc));
	ck_assert_int_eq(rc, -EINVAL);
	ck_assert_ptr_nonnull(strstr(err, "Looking Glass size 0x1080"));
}
END_TEST

static Suite *domain_suite(void)
{
	Suite *s = suite_create("domain");
	TCase *tc = tcase_create("edits");

	tcase_add_test(tc, test_all_fixes_minimal);
	tcase_add_test(tc, test_idempotent);
	tcase_add_test(tc, test_each_fix_alone);
	tcase_add_test(tc, test_subsys_needs_hostdev);
	tcase_add_test(tc, test_audio_removed_port_adopted);
	tcase_add_test(tc, test_audio_kept);
	tcase_add_test(tc, test_conflict_renumbered);
	tcase_add_test(tc, test_conflict_refused);
	tcase_add_test(tc, test_multifunction_slot_moves_whole);
	tcase_add_test(tc, test_subsys_updates_existing);
	tcase_add_test(tc, test_ssdt_comma_and_existing);
	tcase_add_test(tc, test_rom_needs_path);
	tcase_add_test(tc, test_features_existing);
	tcase_add_test(tc, test_vendor_id_check);
	tcase_add_test(tc, test_format_keeps_untouched);
	tcase_add_test(tc, test_malformed);
	tcase_add_test(tc, test_backup);
	tcase_add_test(tc, test_bad_addresses);
	tcase_add_test(tc, test_name);
	tcase_add_test(tc, test_edit_default_ssdt_built);
	tcase_add_test(tc, test_edit_relative_files);
	tcase_add_test(tc, test_edit_errors);
	tcase_add_test(tc, test_ioapic_kvm_only);
	tcase_add_test(tc, test_lg_parse);
	tcase_add_test(tc, test_lg_size);
	tcase_add_test(tc, test_lg_shmem_add_resize);
	tcase_add_test(tc, test_lg_other_shmem_kept);
	tcase_add_test(tc, test_lg_kvmfr);
	tcase_add_test(tc, test_lg_bad_size);
	tcase_add_test(tc, test_domain_kvmfr_read);
	tcase_add_test(tc, test_rom_bar_added);
	tcase_add_test(tc, test_rom_bar_existing);
	tcase_add_test(tc, test_no_rom_bar);
	tcase_add_test(tc, test_rom_bar_needs_hostdev);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return unit_run(domain_suite());
}

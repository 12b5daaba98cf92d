// SPDX-License-Identifier: GPL-2.0-or-later
/* Unit tests for the libvirt side of vfio-domain, against libvirt's test driver. */
#include <errno.h>
#include <limits.h>

#include <libvirt/libvirt.h>

#include "ovf/domain.h"
#include "ovf/libvirt_xml.h"
#include "ovf/util.h"
#include "ovf/virt.h"
#include "unit.h"

/* one fresh connection per test; fork mode gives each its own driver state */
#define URI "test:///default"

static struct ovf_err e;
static struct ovf_virt v;
static struct ovf_virt_dom d;

static void teardown(void)
{
	ovf_virt_dom_free(&d);
	ovf_virt_close(&v);
}

/*
 * The fixes @fixes of the laptop (GPU 01:00.0 behind 00:01.0, subsystem
 * 1025:118b), of those that need no file: the hostdev, the subsystem IDs
 * (the qemu namespace the test driver drops), genid, kvm hidden, vendor_id.
 */
static struct ovf_domain_opts opts(unsigned int fixes)
{
	return (struct ovf_domain_opts){
		.fixes = fixes & (OVF_FIX_HOSTDEV | OVF_FIX_SUBSYS | OVF_FIX_GENID |
				  OVF_FIX_KVM_HIDDEN | OVF_FIX_VENDOR_ID),
		.gpu = { .bus = 1 },
		.bridge = { .dev = 1 },
		.sub_vendor = 0x1025, .sub_device = 0x118b,
		.vendor_id = "OptimusVFIO",
	};
}

/* tests/fixtures/domains/win11.xml with @o applied, as a test driver domain. */
static char *win11_fixed(const struct ovf_domain_opts *o)
{
	const char *top = getenv("TOP"), *kvm = "<domain type='kvm'>";
	char path[PATH_MAX], *xml, *out;
	uint8_t *buf;
	xmlDoc *doc;
	size_t len;

	snprintf(path, sizeof(path), "%s/tests/fixtures/domains/win11.xml",
		 top ? top : ".");
	ck_assert_int_eq(ovf_read_file(path, &buf, &len, 1 << 20), 0);
	/* not NUL-terminated: compare and copy by length */
	ck_assert_uint_gt(len, strlen(kvm));
	ck_assert_int_eq(memcmp(buf, kvm, strlen(kvm)), 0);
	ck_assert_int_gt(asprintf(&xml, "<domain type='test'>%.*s",
				  (int)(len - strlen(kvm)), (char *)buf + strlen(kvm)), 0);
	free(buf);
	ck_assert_int_eq(ovf_lvx_parse(xml, strlen(xml), "win11", &doc, NULL), 0);
	ck_assert_int_eq(ovf_domain_apply(doc, o, NULL, NULL), 0);
	ck_assert_int_eq(ovf_domain_format(doc, &out, &len), 0);
	xmlFreeDoc(doc);
	free(xml);
	return out;
}

START_TEST(test_unsupported_by_version)
{
	/* 6.0.0 predates all three; 9.0.0 takes them all */
	ck_assert_uint_eq(ovf_virt_unsupported(6000000, OVF_FIX_ALL),
			  OVF_FIX_SUBSYS | OVF_FIX_ROM | OVF_FIX_HOSTDEV);
	ck_assert_uint_eq(ovf_virt_unsupported(9000000, OVF_FIX_ALL), 0);
	/* between: only the override is too new */
	ck_assert_uint_eq(ovf_virt_unsupported(8001000, OVF_FIX_ALL), OVF_FIX_SUBSYS);
	ck_assert_uint_eq(ovf_virt_unsupported(8002000, OVF_FIX_ALL), 0);
	ck_assert_uint_eq(ovf_virt_unsupported(6004999, OVF_FIX_ALL),
			  OVF_FIX_SUBSYS | OVF_FIX_ROM);
	/* a fix left out is no reason to refuse */
	ck_assert_uint_eq(ovf_virt_unsupported(6000000, OVF_FIX_ALL & ~OVF_FIX_ROM),
			  OVF_FIX_SUBSYS | OVF_FIX_HOSTDEV);
	ck_assert_uint_eq(ovf_virt_unsupported(0, OVF_FIX_GENID | OVF_FIX_SSDT), 0);
}
END_TEST

START_TEST(test_needs_table)
{
	const struct ovf_virt_need *n;
	unsigned int seen = 0;

	for (n = ovf_virt_needs; n->fix; n++) {
		/* one bit each, once each, words for the tool */
		ck_assert_uint_eq(n->fix & (n->fix - 1), 0);
		ck_assert_uint_eq(seen & n->fix, 0);
		seen |= n->fix;
		ck_assert_ptr_nonnull(n->what);
		ck_assert_uint_gt(n->ver, 1000000);
	}
	ck_assert_uint_eq(seen, OVF_FIX_SUBSYS | OVF_FIX_ROM | OVF_FIX_HOSTDEV);
}
END_TEST

START_TEST(test_open_and_version)
{
	unsigned long ver = 0;

	ck_assert_int_eq(ovf_virt_open(&v, URI, &e), 0);
	ck_assert_ptr_nonnull(v.conn);
	ck_assert_str_eq(v.uri, URI);
	ck_assert_int_eq(ovf_virt_version(&v, &ver, &e), 0);
	ck_assert_uint_gt(ver, 1000000);
}
END_TEST

START_TEST(test_open_default_uri_shown)
{
	/* no URI given: the one libvirt chose is the one shown */
	setenv("LIBVIRT_DEFAULT_URI", URI, 1);
	ck_assert_int_eq(ovf_virt_open(&v, NULL, &e), 0);
	ck_assert_str_eq(v.uri, URI);
}
END_TEST

START_TEST(test_open_bad_uri)
{
	ovf_err_clear(&e);
	ck_assert_int_lt(ovf_virt_open(&v, "nosuchdriver:///x", &e), 0);
	ck_assert_ptr_null(v.conn);
	ck_assert_str_eq(e.action, "connect to");
	ck_assert_str_eq(e.path, "nosuchdriver:///x");
	ck_assert_int_ne(e.err, 0);
	/* libvirt's words, not strerror */
	ck_assert_int_ne(e.reason[0], '\0');
}
END_TEST

START_TEST(test_lookup_running)
{
	ck_assert_int_eq(ovf_virt_open(&v, URI, &e), 0);
	/* the test driver's default domain runs */
	ck_assert_int_eq(ovf_virt_lookup(&v, "test", &d, &e), 0);
	ck_assert_int_eq(d.active, 1);
	ck_assert_ptr_null(d.xml);
	ck_assert_int_eq(ovf_virt_get_xml(&d, "test", &e), 0);
	ck_assert_ptr_nonnull(strstr(d.xml, "<name>test</name>"));
	ck_assert_uint_eq(d.len, strlen(d.xml));
}
END_TEST

START_TEST(test_lookup_missing)
{
	ck_assert_int_eq(ovf_virt_open(&v, URI, &e), 0);
	ck_assert_int_eq(ovf_virt_lookup(&v, "nosuch", &d, &e), -ENOENT);
	ck_assert_ptr_null(d.dom);
	ck_assert_str_eq(e.action, "find domain");
	ck_assert_str_eq(e.path, "'nosuch' on " URI);
	ck_assert_ptr_nonnull(strstr(e.reason, "Domain not found"));
}
END_TEST

START_TEST(test_define_bad_xml)
{
	ck_assert_int_eq(ovf_virt_open(&v, URI, &e), 0);
	ck_assert_int_lt(ovf_virt_define(&v, "x", "<domain", &d, &e), 0);
	ck_assert_ptr_null(d.dom);
	ck_assert_str_eq(e.action, "define domain");
	ck_assert_str_eq(e.path, "'x'");
	ck_assert_int_ne(e.reason[0], '\0');
}
END_TEST

START_TEST(test_define_verify_dropped)
{
	struct ovf_domain_opts o = opts(OVF_FIX_ALL);
	char *xml = win11_fixed(&o), *a, *b;
	size_t alen, blen;

	ck_assert_int_eq(ovf_virt_open(&v, URI, &e), 0);
	ck_assert_int_eq(ovf_virt_define(&v, "win11", xml, &d, &e), 0);
	ck_assert_ptr_nonnull(d.dom);
	/* the test driver drops the qemu namespace: the override is missing */
	ck_assert_int_eq(ovf_virt_verify(&d, "win11", &o, &a, &alen, &b, &blen, &e), 1);
	ck_assert_ptr_null(strstr(a, "x-pci-sub-vendor-id"));
	ck_assert_ptr_nonnull(strstr(b, "x-pci-sub-vendor-id"));
	/* what it kept is there in both */
	ck_assert_ptr_nonnull(strstr(a, "ua-optimus-gpu"));
	free(a);
	free(b);
	free(xml);
}
END_TEST

START_TEST(test_define_verify_kept)
{
	struct ovf_domain_opts o = opts(OVF_FIX_GENID | OVF_FIX_KVM_HIDDEN |
					OVF_FIX_VENDOR_ID);
	char *xml = win11_fixed(&o), *a = (char *)1, *b = (char *)1;
	size_t alen, blen;

	ck_assert_int_eq(ovf_virt_open(&v, URI, &e), 0);
	ck_assert_int_eq(ovf_virt_define(&v, "win11", xml, &d, &e), 0);
	ck_assert_int_eq(ovf_virt_verify(&d, "win11", &o, &a, &alen, &b, &blen, &e), 0);
	ck_assert_uint_eq(alen, blen);
	ck_assert_int_eq(memcmp(a, b, alen), 0);
	free(a);
	free(b);
	free(xml);
}
END_TEST

START_TEST(test_verify_gone)
{
	char *a = (char *)1, *b = (char *)1;
	struct ovf_domain_opts o = opts(OVF_FIX_GENID);
	struct ovf_virt_dom nd;
	size_t alen, blen;

	ck_assert_int_eq(ovf_virt_open(&v, URI, &e), 0);
	ck_assert_int_eq(ovf_virt_lookup(&v, "test", &d, &e), 0);
	/* a second handle, so the domain can go under the first */
	ck_assert_int_eq(ovf_virt_lookup(&v, "test", &nd, &e), 0);
	ck_assert_int_eq(virDomainDestroy(nd.dom), 0);
	ck_assert_int_eq(virDomainUndefine(nd.dom), 0);
	ovf_virt_dom_free(&nd);
	ck_assert_int_lt(ovf_virt_verify(&d, "test", &o, &a, &alen, &b, &blen, &e), 0);
	ck_assert_ptr_null(a);
	ck_assert_ptr_null(b);
	ck_assert_str_eq(e.action, "read back domain");
	ck_assert_str_eq(e.path, "'test'");
}
END_TEST

static Suite *virt_suite(void)
{
	Suite *s = suite_create("virt");
	TCase *tc = tcase_create("virt");

	tcase_add_checked_fixture(tc, NULL, teardown);
	tcase_add_test(tc, test_unsupported_by_version);
	tcase_add_test(tc, test_needs_table);
	tcase_add_test(tc, test_open_and_version);
	tcase_add_test(tc, test_open_default_uri_shown);
	tcase_add_test(tc, test_open_bad_uri);
	tcase_add_test(tc, test_lookup_running);
	tcase_add_test(tc, test_lookup_missing);
	tcase_add_test(tc, test_define_bad_xml);
	tcase_add_test(tc, test_define_verify_dropped);
	tcase_add_test(tc, test_define_verify_kept);
	tcase_add_test(tc, test_verify_gone);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return unit_run(virt_suite());
}

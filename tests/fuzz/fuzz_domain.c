// SPDX-License-Identifier: GPL-2.0-or-later
/* libFuzzer harness: domain XML reading (vfio-domain and vfio-ssdt --domain-xml). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>

#include "ovf/domain.h"
#include "ovf/libvirt_xml.h"
#include "ovf/ssdt.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

static void quiet(void *ctx, const char *msg, ...)
{
	(void)ctx;
	(void)msg;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	xmlInitParser();
	xmlSetGenericErrorFunc(NULL, quiet);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct ovf_pci_addr gpu = { 0, 1, 0, 0 }, br = { 0, 0, 1, 0 };
	struct ovf_domain_opts o = {
		.fixes = OVF_FIX_ALL, .gpu = gpu, .bridge = br,
		.sub_vendor = 0x1043, .sub_device = 0x1e31,
		.ssdt = "/var/lib/optimus-vfio/ssdt.aml", .rom = "/var/lib/vbios.rom",
		.fw_cfg_name = "opt/com.lion328/nvidia-rom", .vendor_id = "OptimusVFIO",
	};
	struct ovf_domain_notes notes;
	struct ovf_ssdt_topo topo;
	struct ovf_err err;
	char *out, *name;
	xmlDoc *doc;
	size_t len;

	/* vfio-ssdt --domain-xml: the guest topology of the GPU */
	ovf_ssdt_topo_from_domain_mem((const char *)data, size, "fuzz.xml", &gpu,
				      &topo, &err);
	/* vfio-domain: parse, apply every fix, write back */
	if (ovf_lvx_parse((const char *)data, size, "fuzz.xml", &doc, &err))
		return 0;
	free(ovf_domain_name(doc));
	notes.len = 0;
	notes.text[0] = '\0';
	if (ovf_domain_apply(doc, &o, &notes, &err) == 0 &&
	    ovf_domain_format(doc, &out, &len) == 0) {
		if (strlen(out) != len)
			abort();
		/* what we wrote must read back as a domain */
		xmlFreeDoc(doc);
		doc = NULL;
		if (ovf_lvx_parse(out, len, "out.xml", &doc, &err))
			abort();
		name = ovf_domain_name(doc);
		free(name);
		free(out);
	}
	xmlFreeDoc(doc);
	return 0;
}

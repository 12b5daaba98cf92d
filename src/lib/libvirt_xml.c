// SPDX-License-Identifier: GPL-2.0-or-later
/* The one reader of libvirt domain XML (ovf/libvirt_xml.h). */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>

#include "ovf/libvirt_xml.h"
#include "ovf/util.h"

int ovf_lvx_is_elem(const xmlNode *n, const char *name)
{
	return n && n->type == XML_ELEMENT_NODE && !xmlStrcmp(n->name, BAD_CAST name) &&
	       (!n->ns || !n->ns->href);
}

xmlNode *ovf_lvx_child(const xmlNode *p, const char *name)
{
	xmlNode *n;

	for (n = p ? p->children : NULL; n; n = n->next)
		if (ovf_lvx_is_elem(n, name))
			return n;
	return NULL;
}

int ovf_lvx_attr_is(const xmlNode *n, const char *attr, const char *val)
{
	xmlChar *v = xmlGetProp(n, BAD_CAST attr);
	int eq = v && !xmlStrcmp(v, BAD_CAST val);

	xmlFree(v);
	return eq;
}

int ovf_lvx_attr_num(const xmlNode *n, const char *attr, unsigned long max,
		     unsigned int *val)
{
	xmlChar *v = xmlGetProp(n, BAD_CAST attr);
	unsigned long ul;
	int err;

	if (!v)
		return -ENOENT;
	err = ovf_parse_ulong((const char *)v, 0, max, &ul);
	xmlFree(v);
	if (err < 0)
		return -EINVAL;
	*val = ul;
	return 0;
}

int ovf_lvx_parse(const char *buf, size_t len, const char *name, xmlDoc **doc,
		  struct ovf_err *e)
{
	xmlParserCtxt *pc;
	const xmlError *xe;
	xmlNode *root;
	const char *msg;

	*doc = NULL;
	if (len > INT32_MAX) {
		ovf_err_set(e, EFBIG, "", "%s", name);
		return ovf_err_reason(e, EFBIG, "too large");
	}
	pc = xmlNewParserCtxt();
	if (!pc)
		return ovf_err_set(e, ENOMEM, "parse", "%s", name);
	*doc = xmlCtxtReadMemory(pc, buf, (int)len, name, NULL,
				 XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	if (!*doc) {
		xe = xmlCtxtGetLastError(pc);
		msg = xe && xe->message ? xe->message : "parse error";
		ovf_err_set(e, EINVAL, "", "%s:%d", name, xe ? xe->line : 0);
		/* libxml2 messages end with a newline */
		ovf_err_reason(e, EINVAL, "malformed XML: %.*s", (int)strcspn(msg, "\n"),
			       msg);
		xmlFreeParserCtxt(pc);
		return -EINVAL;
	}
	xmlFreeParserCtxt(pc);
	root = xmlDocGetRootElement(*doc);
	if (!ovf_lvx_is_elem(root, "domain")) {
		ovf_err_set(e, EINVAL, "", "%s", name);
		ovf_err_reason(e, EINVAL, "not a libvirt domain (root element <%s>)",
			       root ? (const char *)root->name : "none");
		xmlFreeDoc(*doc);
		*doc = NULL;
		return -EINVAL;
	}
	return 0;
}

int ovf_lvx_read_file(const char *file, xmlDoc **doc, struct ovf_err *e)
{
	uint8_t *buf;
	size_t len;
	int ret;

	*doc = NULL;
	ret = ovf_read_file(file, &buf, &len, OVF_LVX_MAX);
	if (ret < 0)
		return ovf_err_set(e, ret, "read", "%s", file);
	ret = ovf_lvx_parse((const char *)buf, len, file, doc, e);
	free(buf);
	return ret;
}

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

int ovf_lvx_hostdev_source(const xmlNode *h, struct ovf_pci_addr *a)
{
	xmlNode *s, *ad;

	if (!ovf_lvx_is_elem(h, "hostdev") || !ovf_lvx_attr_is(h, "type", "pci"))
		return -ENOENT;
	s = ovf_lvx_child(h, "source");
	ad = ovf_lvx_child(s, "address");
	if (!ad)
		return -ENOENT;
	a->domain = 0;
	if (ovf_lvx_attr_num(ad, "domain", 0xffff, &a->domain) == -EINVAL ||
	    ovf_lvx_attr_num(ad, "bus", 0xff, &a->bus) < 0 ||
	    ovf_lvx_attr_num(ad, "slot", 0x1f, &a->dev) < 0 ||
	    ovf_lvx_attr_num(ad, "function", 7, &a->func) < 0)
		return -ENOENT;
	return 0;
}

int ovf_lvx_hostdev_rom(xmlDoc *doc, const struct ovf_pci_addr *dev, char **file,
			int *shown)
{
	xmlNode *devs = ovf_lvx_child(xmlDocGetRootElement(doc), "devices"), *n, *rom;
	struct ovf_pci_addr a;
	xmlChar *v;

	*file = NULL;
	*shown = 0;
	for (n = devs ? devs->children : NULL; n; n = n->next)
		if (!ovf_lvx_hostdev_source(n, &a) && ovf_pci_addr_eq(&a, dev))
			break;
	if (!n)
		return -ENOENT;
	rom = ovf_lvx_child(n, "rom");
	v = rom ? xmlGetProp(rom, BAD_CAST "file") : NULL;
	if (!v)
		return 0;
	*file = strdup((const char *)v);
	xmlFree(v);
	if (!*file)
		return -ENOMEM;
	*shown = !ovf_lvx_attr_is(rom, "bar", "off") && !ovf_lvx_attr_is(rom, "enabled", "no");
	return 0;
}

char *ovf_lvx_escape(const char *s)
{
	/* the longest reference, "&apos;", is 6 bytes */
	char *r = malloc(6 * strlen(s) + 1), *p = r;
	const char *ref;

	if (!r)
		return NULL;
	for (; *s; s++) {
		switch (*s) {
		case '&': ref = "&amp;"; break;
		case '<': ref = "&lt;"; break;
		case '>': ref = "&gt;"; break;
		case '\'': ref = "&apos;"; break;
		case '"': ref = "&quot;"; break;
		/* a parser turns these into spaces otherwise */
		case '\t': ref = "&#9;"; break;
		case '\n': ref = "&#10;"; break;
		case '\r': ref = "&#13;"; break;
		default: ref = NULL;
		}
		if (ref) {
			strcpy(p, ref);
			p += strlen(ref);
		} else {
			*p++ = *s;
		}
	}
	*p = '\0';
	return r;
}

char *ovf_lvx_qemu_escape(const char *s)
{
	char *r = malloc(2 * strlen(s) + 1), *p = r;

	if (!r)
		return NULL;
	for (; *s; s++) {
		if (*s == ',')
			*p++ = ',';
		*p++ = *s;
	}
	*p = '\0';
	return r;
}

/* Length of the UTF-8 sequence at @p (2-4), or 0 when it is not one. */
static int utf8_seq(const unsigned char *p)
{
	unsigned int lo = 0x80, hi = 0xbf;
	int n, i;

	if (*p >= 0xc2 && *p <= 0xdf) {
		n = 1;
	} else if (*p >= 0xe0 && *p <= 0xef) {
		n = 2;
		if (*p == 0xe0)
			lo = 0xa0;	/* no overlong forms */
		if (*p == 0xed)
			hi = 0x9f;	/* no UTF-16 surrogates */
	} else if (*p >= 0xf0 && *p <= 0xf4) {
		n = 3;
		if (*p == 0xf0)
			lo = 0x90;
		if (*p == 0xf4)
			hi = 0x8f;	/* nothing above U+10FFFF */
	} else {
		return 0;
	}
	/* A NUL is below @lo: the loop never reads past the string. */
	for (i = 1; i <= n; i++) {
		if (p[i] < lo || p[i] > hi)
			return 0;
		lo = 0x80;
		hi = 0xbf;
	}
	return n + 1;
}

const char *ovf_lvx_unfit(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	int n;

	while (*p) {
		if (*p < 0x20 && *p != '\t' && *p != '\n' && *p != '\r')
			return "a control character";
		if (*p < 0x80) {
			p++;
			continue;
		}
		n = utf8_seq(p);
		if (!n)
			return "not UTF-8";
		p += n;
	}
	return NULL;
}


// SPDX-License-Identifier: GPL-2.0-or-later
/* vfio-domain's libvirt side: connect, version check, fetch, define and read back. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include "ovf/libvirt_xml.h"
#include "ovf/virt.h"

const struct ovf_virt_need ovf_virt_needs[] = {
	{ OVF_FIX_SUBSYS, 8002000, "<qemu:override> (subsystem IDs)" },
	{ OVF_FIX_ROM, 6005000, "<sysinfo type='fwcfg'> (the ROM)" },
	{ OVF_FIX_HOSTDEV, 6003000, "hotplug='off' on the root port" },
	{ 0, 0, NULL },
};

unsigned int ovf_virt_unsupported(unsigned long ver, unsigned int fixes)
{
	const struct ovf_virt_need *n;
	unsigned int out = 0;

	for (n = ovf_virt_needs; n->fix; n++)
		if ((fixes & n->fix) && ver < n->ver)
			out |= n->fix;
	return out;
}

/* libvirt's errors: kept quiet, read back with virGetLastErrorMessage(). */
static void quiet_error(void *data, virErrorPtr err)
{
	(void)data;
	(void)err;
}

/*
 * Record libvirt's last error: @action on the object formatted by @fmt,
 * libvirt's message as the reason. A missing domain is ENOENT, the rest EIO
 * (libvirt has no errno to give).
 */
static int __attribute__((format(printf, 3, 4)))
virt_fail(struct ovf_err *e, const char *action, const char *fmt, ...)
{
	virErrorPtr le = virGetLastError();
	int err = le && le->code == VIR_ERR_NO_DOMAIN ? ENOENT : EIO;
	char obj[sizeof(e->path)];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(obj, sizeof(obj), fmt, ap);
	va_end(ap);
	ovf_err_set(e, err, action, "%s", obj);
	return ovf_err_reason(e, err, "%s", virGetLastErrorMessage());
}

int ovf_virt_open(struct ovf_virt *v, const char *uri, struct ovf_err *e)
{
	memset(v, 0, sizeof(*v));
	virSetErrorFunc(NULL, quiet_error);
	if (virEventRegisterDefaultImpl() < 0)
		return virt_fail(e, "set up", "libvirt's event loop");
	v->conn = virConnectOpen(uri);
	if (!v->conn)
		return virt_fail(e, "connect to", "%s", uri ? uri : "libvirt's default URI");
	if (!uri)
		uri = v->own_uri = virConnectGetURI(v->conn);
	v->uri = uri ? uri : "libvirt's default URI";
	return 0;
}

void ovf_virt_close(struct ovf_virt *v)
{
	if (v->conn)
		virConnectClose(v->conn);
	free(v->own_uri);
	memset(v, 0, sizeof(*v));
}

int ovf_virt_version(struct ovf_virt *v, unsigned long *ver, struct ovf_err *e)
{
	*ver = 0;
	if (virConnectGetLibVersion(v->conn, ver) < 0)
		return virt_fail(e, "get libvirt version of", "%s", v->uri);
	return 0;
}

int ovf_virt_lookup(struct ovf_virt *v, const char *name, struct ovf_virt_dom *d,
		    struct ovf_err *e)
{
	memset(d, 0, sizeof(*d));
	d->dom = virDomainLookupByName(v->conn, name);
	if (!d->dom)
		return virt_fail(e, "find domain", "'%s' on %s", name, v->uri);
	d->active = virDomainIsActive(d->dom);
	if (d->active < 0)
		return virt_fail(e, "get state of domain", "'%s'", name);
	return 0;
}

/* The XML a define takes: inactive, with the secrets (VNC passwords) kept. */
static char *inactive_xml(struct _virDomain *dom)
{
	return virDomainGetXMLDesc(dom, VIR_DOMAIN_XML_INACTIVE | VIR_DOMAIN_XML_SECURE);
}

int ovf_virt_get_xml(struct ovf_virt_dom *d, const char *name, struct ovf_err *e)
{
	free(d->xml);
	d->xml = inactive_xml(d->dom);
	if (!d->xml)
		return virt_fail(e, "get XML of domain", "'%s'", name);
	d->len = strlen(d->xml);
	return 0;
}

int ovf_virt_define(struct ovf_virt *v, const char *name, const char *xml,
		    struct ovf_virt_dom *d, struct ovf_err *e)
{
	memset(d, 0, sizeof(*d));
	d->dom = virDomainDefineXML(v->conn, xml);
	if (!d->dom)
		return virt_fail(e, "define domain", "'%s'", name);
	return 0;
}

int ovf_virt_verify(struct ovf_virt_dom *d, const char *name,
		    const struct ovf_domain_opts *o, char **a, size_t *alen,
		    char **b, size_t *blen, struct ovf_err *e)
{
	xmlDoc *doc = NULL;
	int ret;

	*a = *b = NULL;
	ret = ovf_virt_get_xml(d, name, e);
	if (ret < 0) {
		/* reading back is what failed here, not a first fetch */
		if (e)
			snprintf(e->action, sizeof(e->action), "read back domain");
		return ret;
	}
	if (ovf_lvx_parse(d->xml, d->len, name, &doc, NULL) < 0 ||
	    ovf_domain_format(doc, a, alen) < 0 ||
	    ovf_domain_apply(doc, o, NULL, NULL) < 0 ||
	    ovf_domain_format(doc, b, blen) < 0) {
		ovf_err_set(e, EINVAL, "read back domain", "'%s'", name);
		ret = ovf_err_reason(e, EINVAL, "cannot check it");
		free(*a);
		free(*b);
		*a = *b = NULL;
	} else {
		ret = *alen != *blen || memcmp(*a, *b, *alen);
	}
	if (doc)
		xmlFreeDoc(doc);
	return ret;
}

void ovf_virt_dom_free(struct ovf_virt_dom *d)
{
	if (d->dom)
		virDomainFree(d->dom);
	free(d->xml);
	memset(d, 0, sizeof(*d));
}

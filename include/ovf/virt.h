/* SPDX-License-Identifier: GPL-2.0-or-later */
/* vfio-domain's libvirt side: connect, version check, fetch, define and read back. */
#ifndef OVF_VIRT_H
#define OVF_VIRT_H

#include <stddef.h>

#include "ovf/domain.h"
#include "ovf/err.h"

/* Internal to optimus-vfio; not a stable interface. */

/* libvirt's own handles (libvirt/libvirt.h), so users need not include it */
struct _virConnect;
struct _virDomain;

/*
 * Every call that fails sets the struct ovf_err: the action ("connect
 * to", "find domain", ...), the object (the URI, "'NAME'" or "'NAME' on
 * URI") as the path, libvirt's last error message as the reason.
 */

/* An open connection. */
struct ovf_virt {
	struct _virConnect *conn;
	/* the URI to show: the one given, else libvirt's, else "libvirt's default URI" */
	const char *uri;
	char *own_uri;
};

/* One domain of the connection. */
struct ovf_virt_dom {
	struct _virDomain *dom;
	int active;		/* it runs (ovf_virt_lookup) */
	char *xml;		/* inactive XML, secure (ovf_virt_get_xml) */
	size_t len;
};

/* libvirt versions, major * 1000000 + minor * 1000 + micro */
struct ovf_virt_need {
	unsigned int fix;	/* OVF_FIX_* */
	unsigned long ver;	/* the first libvirt that takes it */
	const char *what;	/* the XML it needs, in words */
};
/* What the fixes need of libvirt; ends with fix 0. */
extern const struct ovf_virt_need ovf_virt_needs[];

/* The fixes of @fixes a libvirt at version @ver cannot take. */
unsigned int ovf_virt_unsupported(unsigned long ver, unsigned int fixes);

/*
 * Connect to @uri (NULL: libvirt's default), with libvirt's own error
 * printing silenced and its default event loop registered (the embedded
 * drivers, qemu:///embed, need one). 0 or -errno.
 */
int ovf_virt_open(struct ovf_virt *v, const char *uri, struct ovf_err *e);
void ovf_virt_close(struct ovf_virt *v);

/* The version of the libvirt behind @v in @ver. 0 or -errno. */
int ovf_virt_version(struct ovf_virt *v, unsigned long *ver, struct ovf_err *e);

/* Find domain @name and whether it runs. 0 or -errno. */
int ovf_virt_lookup(struct ovf_virt *v, const char *name, struct ovf_virt_dom *d,
		    struct ovf_err *e);

/* The inactive XML of @d (@name for the messages) in d->xml. 0 or -errno. */
int ovf_virt_get_xml(struct ovf_virt_dom *d, const char *name, struct ovf_err *e);

/* Define the domain @name from @xml; the new handle in @d. 0 or -errno. */
int ovf_virt_define(struct ovf_virt *v, const char *name, const char *xml,
		    struct ovf_virt_dom *d, struct ovf_err *e);

/*
 * Read @d back and apply @o once more: what changes now is what libvirt
 * dropped or rewrote (a driver without the qemu namespace). 0: every fix
 * kept; 1: some are missing, the XML as read in @a, with the fixes in @b
 * (both malloc'd, for a diff); -errno: it could not be read back or
 * checked.
 */
int ovf_virt_verify(struct ovf_virt_dom *d, const char *name,
		    const struct ovf_domain_opts *o, char **a, size_t *alen,
		    char **b, size_t *blen, struct ovf_err *e);

void ovf_virt_dom_free(struct ovf_virt_dom *d);

#endif

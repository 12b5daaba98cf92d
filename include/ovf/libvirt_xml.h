/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The one reader of libvirt domain XML: parse a document, walk its elements. */
#ifndef OVF_LIBVIRT_XML_H
#define OVF_LIBVIRT_XML_H

#include <stddef.h>

#include <libxml/tree.h>

#include "ovf/err.h"
#include "ovf/pciaddr.h"

/* Internal to optimus-vfio; not a stable interface. */

/* A domain XML is a few KiB; anything huge is not one. */
#define OVF_LVX_MAX (16u << 20)

/*
 * Parse domain XML keeping all whitespace, never touching the network.
 * @name labels errors.  0, or -errno with @e set: -EINVAL for malformed
 * XML (path "NAME:LINE") or a root that is not <domain>, -EFBIG, -ENOMEM.
 * Free with xmlFreeDoc().
 */
int ovf_lvx_parse(const char *buf, size_t len, const char *name, xmlDoc **doc,
		  struct ovf_err *e);

/* Read and parse a file ("-": stdin); a read error is action "read" on @file. */
int ovf_lvx_read_file(const char *file, xmlDoc **doc, struct ovf_err *e);

/* An element @name in no namespace (libvirt's own elements). */
int ovf_lvx_is_elem(const xmlNode *n, const char *name);
/* The first such child of @p (NULL @p: none). */
xmlNode *ovf_lvx_child(const xmlNode *p, const char *name);
/* Does attribute @attr of @n equal @val? */
int ovf_lvx_attr_is(const xmlNode *n, const char *attr, const char *val);
/*
 * A numeric attribute as libvirt writes it ("0x01" or "1"), at most @max.
 * 0, -ENOENT when absent, -EINVAL when not such a number.
 */
int ovf_lvx_attr_num(const xmlNode *n, const char *attr, unsigned long max,
		     unsigned int *val);

/*
 * The host address of a PCI <hostdev>'s <source><address>. 0, or -ENOENT
 * when @h is no such hostdev or the address is incomplete.
 */
int ovf_lvx_hostdev_source(const xmlNode *h, struct ovf_pci_addr *a);

/*
 * The ROM file the PCI hostdev of host device @dev in @doc gives the guest
 * (its <rom file=''>): *@file malloc'd, NULL when it names none; *@shown 0
 * when the ROM is hidden (bar='off' or enabled='no'), else 1. 0; -ENOENT
 * when no hostdev has @dev as its source; -ENOMEM.
 */
int ovf_lvx_hostdev_rom(xmlDoc *doc, const struct ovf_pci_addr *dev, char **file,
			int *shown);

/*
 * @s as an XML attribute value: & < > ' " as entities, tab, newline and CR
 * as character references.  malloc'd; NULL on ENOMEM.
 */
char *ovf_lvx_escape(const char *s);
/* A QEMU option value as libvirt hands it on: commas doubled.  malloc'd. */
char *ovf_lvx_qemu_escape(const char *s);
/*
 * Why @s cannot be an XML attribute value ("a control character", "not
 * UTF-8"), or NULL.  XML 1.0 has no control characters but tab, newline
 * and CR, not even as references, and libvirt reads its XML as UTF-8.
 */
const char *ovf_lvx_unfit(const char *s);

#endif

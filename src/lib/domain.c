// SPDX-License-Identifier: GPL-2.0-or-later
/* vfio-domain's edits of a libvirt domain XML tree: GPU, IDs, SSDT, ROM, Code 43. */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "ovf/domain.h"
#include "ovf/kvmfr.h"
#include "ovf/libvirt_xml.h"
#include "ovf/util.h"

#define MAX_INDEX 255

struct ctx {
	xmlDoc *doc;
	xmlNode *root, *devices;
	const struct ovf_domain_opts *o;
	struct ovf_domain_notes *notes;
	char unit[16];			/* one level of indentation */
	struct ovf_err *e;
};

static int seterr(struct ctx *c, int e, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static int seterr(struct ctx *c, int e, const char *fmt, ...)
{
	va_list ap;

	ovf_err_set(c->e, e, "", NULL);
	if (c->e) {
		va_start(ap, fmt);
		vsnprintf(c->e->reason, sizeof(c->e->reason), fmt, ap);
		va_end(ap);
	}
	return e;
}

static void note(struct ctx *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* One line into the notes; a line that does not fit is cut. */
static void note(struct ctx *c, const char *fmt, ...)
{
	struct ovf_domain_notes *n = c->notes;
	size_t room;
	va_list ap;
	int w;

	/* room for the text, its newline and the NUL */
	if (!n || n->len + 3 > sizeof(n->text))
		return;
	room = sizeof(n->text) - n->len - 1;
	va_start(ap, fmt);
	w = vsnprintf(n->text + n->len, room, fmt, ap);
	va_end(ap);
	if (w < 0)
		return;
	n->len += (size_t)w < room - 1 ? (size_t)w : room - 1;
	n->text[n->len++] = '\n';
	n->text[n->len] = '\0';
}

/* ---- tree helpers ---- */

static int is_elem(const xmlNode *n, const char *name)
{
	return n && n->type == XML_ELEMENT_NODE && !xmlStrcmp(n->name, BAD_CAST name);
}

/* Element of the default (no) namespace, or of @href. */
static int is_elem_ns(const xmlNode *n, const char *name, const char *href)
{
	if (!is_elem(n, name))
		return 0;
	if (!href)
		return !n->ns || !n->ns->href;
	return n->ns && !xmlStrcmp(n->ns->href, BAD_CAST href);
}

static xmlNode *child_ns(const xmlNode *p, const char *name, const char *href)
{
	xmlNode *n;

	for (n = p ? p->children : NULL; n; n = n->next)
		if (is_elem_ns(n, name, href))
			return n;
	return NULL;
}

static xmlNode *last_child(const xmlNode *p, const char *name)
{
	xmlNode *n, *last = NULL;

	for (n = p ? p->children : NULL; n; n = n->next)
		if (is_elem_ns(n, name, NULL))
			last = n;
	return last;
}

/* Set an attribute only when it differs, so untouched means unchanged. */
static void set_attr(xmlNode *n, const char *attr, const char *val)
{
	if (!ovf_lvx_attr_is(n, attr, val))
		xmlSetProp(n, BAD_CAST attr, BAD_CAST val);
}

static void set_attrf(xmlNode *n, const char *attr, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void set_attrf(xmlNode *n, const char *attr, const char *fmt, ...)
{
	char buf[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	set_attr(n, attr, buf);
}

static int depth_of(const xmlNode *n)
{
	int d = 0;

	while (n->parent && n->parent->type == XML_ELEMENT_NODE) {
		n = n->parent;
		d++;
	}
	return d;
}

static int is_blank(const xmlNode *n)
{
	return n && n->type == XML_TEXT_NODE && xmlIsBlankNode((xmlNode *)n);
}

static xmlNode *ws_node(struct ctx *c, int depth)
{
	char buf[512];
	size_t len = 1, u = strlen(c->unit);
	int i;

	buf[0] = '\n';
	for (i = 0; i < depth && len + u < sizeof(buf); i++, len += u)
		memcpy(buf + len, c->unit, u);
	buf[len] = '\0';
	return xmlNewDocText(c->doc, BAD_CAST buf);
}

static int has_elem_children(const xmlNode *n)
{
	for (n = n->children; n; n = n->next)
		if (n->type == XML_ELEMENT_NODE)
			return 1;
	return 0;
}

/* Indent a freshly built subtree (no whitespace in it yet) at @depth. */
static void indent_new(struct ctx *c, xmlNode *n, int depth)
{
	xmlNode *k, *next;

	if (!has_elem_children(n))
		return;
	for (k = n->children; k; k = next) {
		next = k->next;
		if (k->type != XML_ELEMENT_NODE)
			continue;
		xmlAddPrevSibling(k, ws_node(c, depth + 1));
		indent_new(c, k, depth + 1);
	}
	xmlAddChild(n, ws_node(c, depth));
}

/*
 * Put new element @n into @p: before @ref, after @ref (@after), or at the
 * end when @ref is NULL.  Whitespace follows the document's indentation.
 */
static xmlNode *insert(struct ctx *c, xmlNode *p, xmlNode *n, xmlNode *ref, int after)
{
	int d = depth_of(p) + 1;
	xmlNode *k, *next;

	if (!has_elem_children(p)) {
		for (k = p->children; k; k = next) {
			next = k->next;
			if (is_blank(k)) {
				xmlUnlinkNode(k);
				xmlFreeNode(k);
			}
		}
		xmlAddChild(p, ws_node(c, d));
		xmlAddChild(p, n);
		xmlAddChild(p, ws_node(c, d - 1));
	} else if (ref && !after) {
		xmlAddPrevSibling(ref, n);
		xmlAddPrevSibling(ref, ws_node(c, d));
	} else {
		if (!ref) {
			for (k = p->last; k && k->type != XML_ELEMENT_NODE; k = k->prev)
				;
			ref = k;
		}
		xmlAddNextSibling(ref, n);
		xmlAddPrevSibling(n, ws_node(c, d));
	}
	indent_new(c, n, d);
	return n;
}

/* Remove @n and the whitespace that indented it. */
static void remove_elem(xmlNode *n)
{
	xmlNode *prev = n->prev;

	if (is_blank(prev)) {
		xmlUnlinkNode(prev);
		xmlFreeNode(prev);
	}
	xmlUnlinkNode(n);
	xmlFreeNode(n);
}

static xmlNode *new_elem(struct ctx *c, const char *name)
{
	return xmlNewDocNode(c->doc, NULL, BAD_CAST name, NULL);
}

/* The child @name of @p, made at the end when missing. */
static xmlNode *ensure_child(struct ctx *c, xmlNode *p, const char *name)
{
	xmlNode *n = ovf_lvx_child(p, name);

	return n ? n : insert(c, p, new_elem(c, name), NULL, 0);
}

/* ---- PCI addresses in the domain ---- */

struct gaddr {
	xmlNode *dev;		/* the device element */
	xmlNode *addr;		/* its <address type='pci'/> */
	unsigned int bus, slot, func;
};

/* Guest PCI address of a device element; 0, -ENOENT, -EINVAL. */
static int guest_addr(xmlNode *dev, struct gaddr *g)
{
	xmlNode *a = ovf_lvx_child(dev, "address");
	unsigned int dom = 0;

	if (!a || !ovf_lvx_attr_is(a, "type", "pci"))
		return -ENOENT;
	if (ovf_lvx_attr_num(a, "domain", 0xffff, &dom) == -EINVAL || dom != 0)
		return -EINVAL;
	g->dev = dev;
	g->addr = a;
	g->bus = g->slot = g->func = 0;
	if (ovf_lvx_attr_num(a, "bus", 0xff, &g->bus) == -EINVAL ||
	    ovf_lvx_attr_num(a, "slot", 0x1f, &g->slot) == -EINVAL ||
	    ovf_lvx_attr_num(a, "function", 7, &g->func) == -EINVAL)
		return -EINVAL;
	return 0;
}

static void set_guest_addr(struct ctx *c, xmlNode *dev, unsigned int bus,
			   unsigned int slot, unsigned int func)
{
	xmlNode *a = ovf_lvx_child(dev, "address");

	if (!a) {
		a = new_elem(c, "address");
		insert(c, dev, a, NULL, 0);
	}
	set_attr(a, "type", "pci");
	set_attr(a, "domain", "0x0000");
	set_attrf(a, "bus", "0x%02x", bus);
	set_attrf(a, "slot", "0x%02x", slot);
	set_attrf(a, "function", "0x%x", func);
}

static int is_pci_controller(const xmlNode *n)
{
	return is_elem(n, "controller") && ovf_lvx_attr_is(n, "type", "pci");
}

static int ctl_index(const xmlNode *n, unsigned int *idx)
{
	return ovf_lvx_attr_num(n, "index", MAX_INDEX, idx);
}

static xmlNode *find_hostdev(struct ctx *c, const struct ovf_pci_addr *want)
{
	struct ovf_pci_addr a;
	xmlNode *n;

	for (n = c->devices ? c->devices->children : NULL; n; n = n->next)
		if (!ovf_lvx_hostdev_source(n, &a) && ovf_pci_addr_eq(&a, want))
			return n;
	return NULL;
}

/* A device element's name for messages: "<video>", "<controller index='3'>". */
static const char *dev_label(const xmlNode *n, char *buf, size_t len)
{
	unsigned int idx;

	if (is_elem(n, "controller") && !ctl_index(n, &idx))
		snprintf(buf, len, "<controller type='pci' index='%u'>", idx);
	else
		snprintf(buf, len, "<%s> (line %ld)", (const char *)n->name,
			 xmlGetLineNo((xmlNode *)n));
	return buf;
}

/* ---- the fixes ---- */

static unsigned int max_ctl_index(struct ctx *c)
{
	unsigned int m = 0, idx;
	xmlNode *n;

	for (n = c->devices->children; n; n = n->next)
		if (is_pci_controller(n) && !ctl_index(n, &idx) && idx > m)
			m = idx;
	return m;
}

/* Move controller @ctl from bus @from to a fresh index, with its devices. */
static int renumber(struct ctx *c, xmlNode *ctl, unsigned int from)
{
	unsigned int to = max_ctl_index(c) + 1;
	char lbl[128];
	struct gaddr g;
	xmlNode *n;

	if (to > MAX_INDEX)
		return seterr(c, -EBUSY, "no free controller index to move %s to",
			      dev_label(ctl, lbl, sizeof(lbl)));
	note(c, "moved %s to index %u (its bus %02x becomes %02x)",
	     dev_label(ctl, lbl, sizeof(lbl)), to, from, to);
	set_attrf(ctl, "index", "%u", to);
	for (n = c->devices->children; n; n = n->next)
		if (!guest_addr(n, &g) && g.bus == from)
			set_attrf(g.addr, "bus", "0x%02x", to);
	return 0;
}

/* A free slot on bus 0 (no function used), above @min and not @avoid; -1 if none. */
static int free_slot0(struct ctx *c, unsigned int avoid, unsigned int min)
{
	unsigned int used = 1u << avoid | 1u;	/* slot 0: the host bridge */
	struct gaddr g;
	xmlNode *n;
	int s;

	for (n = c->devices->children; n; n = n->next)
		if (!guest_addr(n, &g) && g.bus == 0)
			used |= 1u << g.slot;
	for (s = min + 1; s < 32; s++)
		if (!(used & 1u << s))
			return s;
	return -1;
}

/* Does another device use a function of @bus:@slot? */
static int slot_shared(struct ctx *c, const xmlNode *self, unsigned int bus,
		       unsigned int slot)
{
	struct gaddr g;
	xmlNode *n;

	for (n = c->devices->children; n; n = n->next)
		if (n != self && !guest_addr(n, &g) && g.bus == bus && g.slot == slot)
			return 1;
	return 0;
}

static int check_no_renumber(struct ctx *c, const char *what, const xmlNode *n)
{
	char lbl[128];

	if (!c->o->no_renumber)
		return 0;
	return seterr(c, -EPERM, "%s %s", dev_label(n, lbl, sizeof(lbl)), what);
}

/* Does a device in slot 00:@slot (other than @skip) make a bus? */
static int slot_makes_bus(struct ctx *c, const xmlNode *skip, unsigned int slot)
{
	struct gaddr g;
	xmlNode *n;

	for (n = c->devices->children; n; n = n->next)
		if (n != skip && is_pci_controller(n) && !guest_addr(n, &g) &&
		    !g.bus && g.slot == slot)
			return 1;
	return 0;
}

/*
 * Move a device on bus 0 to 00:@slot.@func. A root port whose port number
 * followed its address (libvirt's own choice) keeps following it, so two
 * ports never share one.
 */
static void move_dev0(struct ctx *c, struct gaddr *g, unsigned int slot,
		      unsigned int func)
{
	unsigned int port;
	char lbl[128];
	xmlNode *t = ovf_lvx_child(g->dev, "target");

	note(c, "moved %s from 00:%02x.%x to 00:%02x.%x",
	     dev_label(g->dev, lbl, sizeof(lbl)), g->slot, g->func, slot, func);
	if (t && ovf_lvx_attr_is(g->dev, "model", "pcie-root-port") &&
	    !ovf_lvx_attr_num(t, "port", 0xff, &port) && port == (g->slot << 3 | g->func))
		set_attrf(t, "port", "0x%x", slot << 3 | func);
	set_attrf(g->addr, "slot", "0x%02x", slot);
	set_attrf(g->addr, "function", "0x%x", func);
}

/*
 * Move every device of slot 00:@from but @skip to a free slot, keeping
 * their functions (a multifunction group stays one), after slot @min when
 * the group makes buses. @why is for the refusal.
 */
static int move_slot0(struct ctx *c, const xmlNode *skip, unsigned int from,
		      unsigned int avoid, unsigned int min, const char *why)
{
	char lbl[128];
	struct gaddr g;
	xmlNode *n, *first = NULL;
	int s, err;

	for (n = c->devices->children; n; n = n->next)
		if (n != skip && !guest_addr(n, &g) && !g.bus && g.slot == from) {
			if (!first)
				first = n;
			if ((err = check_no_renumber(c, why, n)) < 0)
				return err;
		}
	if (!first)
		return 0;
	s = free_slot0(c, avoid, min);
	if (s < 0)
		return seterr(c, -EBUSY, "%s %s, and bus 00 has no free slot%s to "
			      "move it to; free one (remove a device or give it an "
			      "address on another bus)",
			      dev_label(first, lbl, sizeof(lbl)), why,
			      min ? " after the GPU's root port" : "");
	for (n = c->devices->children; n; n = n->next)
		if (n != skip && !guest_addr(n, &g) && !g.bus && g.slot == from)
			move_dev0(c, &g, s, g.func);
	return 0;
}

/* The GPU's root port, its hostdev, the audio function: the guest mirrors the host. */
static int fix_hostdev(struct ctx *c, xmlNode **gpu_out)
{
	const struct ovf_domain_opts *o = c->o;
	unsigned int N = o->gpu.bus, S = o->bridge.dev, F = o->bridge.func;
	struct ovf_pci_addr audio_addr = o->gpu;
	xmlNode *n, *next, *ctl = NULL, *gpu, *audio, *src, *a, *t;
	unsigned int idx, chassis, used_chassis[MAX_INDEX + 2] = { 0 };
	char lbl[128];
	struct gaddr g;
	int s, err;

	audio_addr.func = 1;
	gpu = find_hostdev(c, &o->gpu);
	audio = find_hostdev(c, &audio_addr);

	if ((c->o->fixes & OVF_FIX_AUDIO) && audio && !o->keep_audio) {
		note(c, "removed the hostdev of the HDMI audio function %02x:%02x.1 "
		     "(it gets in the way of the guest driver)", o->gpu.bus, o->gpu.dev);
		if (c->notes)
			c->notes->audio_removed = 1;
		remove_elem(audio);
		audio = NULL;
	}

	/* Who has index N?  Adopt a root port that only serves our functions. */
	for (n = c->devices->children; n; n = n->next)
		if (is_pci_controller(n) && !ctl_index(n, &idx) && idx == N)
			break;
	if (n) {
		int only_ours = ovf_lvx_attr_is(n, "model", "pcie-root-port");

		for (next = c->devices->children; next && only_ours; next = next->next)
			if (!guest_addr(next, &g) && g.bus == N && next != gpu &&
			    next != audio)
				only_ours = 0;
		/* moving it away from its slot would orphan the other functions */
		if (only_ours && !guest_addr(n, &g) && (g.bus || g.slot != S || g.func != F) &&
		    slot_shared(c, n, g.bus, g.slot))
			only_ours = 0;
		if (only_ours) {
			ctl = n;
		} else {
			if ((err = check_no_renumber(c, "holds the bus number the GPU "
						     "needs", n)) < 0)
				return err;
			if ((err = renumber(c, n, N)) < 0)
				return err;
		}
	}

	/*
	 * Anything else at 00:S.F moves to a free slot. At function 0 of a
	 * multifunction slot (libvirt's own root ports at 00:01.x when a
	 * domain has no video) the whole slot moves, or its other functions
	 * would be orphaned; at another function the device moves alone.
	 */
	for (n = c->devices->children; n; n = n->next) {
		if (n == ctl || guest_addr(n, &g) || g.bus || g.slot != S || g.func != F)
			continue;
		if (F == 0) {
			err = move_slot0(c, ctl, S, S, slot_makes_bus(c, ctl, S) ? S : 0,
					 "sits where the GPU's root port goes");
		} else {
			if ((err = check_no_renumber(c, "sits where the GPU's root port goes",
						     n)) < 0)
				return err;
			s = free_slot0(c, S, is_pci_controller(n) ? S : 0);
			if (s < 0)
				return seterr(c, -EBUSY, "no free slot on bus 00 to move %s to",
					      dev_label(n, lbl, sizeof(lbl)));
			move_dev0(c, &g, s, 0);
		}
		if (err < 0)
			return err;
		break;
	}

	/*
	 * A controller before 00:S.F on bus 0 makes the guest number its bus
	 * first, and the GPU's bus would not be the host's: its slot moves
	 * after S. One in the root port's own slot cannot.
	 */
	for (n = c->devices->children; n; n = n->next) {
		if (n == ctl || !is_pci_controller(n) || guest_addr(n, &g) || g.bus ||
		    (g.slot << 3 | g.func) >= (S << 3 | F))
			continue;
		if (g.slot == S)
			return seterr(c, -EBUSY, "%s at 00:%02x.%x comes before the GPU's "
				      "root port at 00:%02x.%x in the same slot, so the "
				      "guest would number its bus first; give it an "
				      "address after slot %02x", dev_label(n, lbl,
				      sizeof(lbl)), g.slot, g.func, S, F, S);
		err = move_slot0(c, ctl, g.slot, S, S, "comes before the GPU's root port "
				 "on bus 00 (the guest would number its bus first)");
		if (err < 0)
			return err;
		n = c->devices->children;	/* addresses changed: look again */
	}

	if (!ctl) {
		ctl = new_elem(c, "controller");
		xmlSetProp(ctl, BAD_CAST "type", BAD_CAST "pci");
		set_attrf(ctl, "index", "%u", N);
		xmlSetProp(ctl, BAD_CAST "model", BAD_CAST "pcie-root-port");
		n = last_child(c->devices, "controller");
		insert(c, c->devices, ctl, n, 1);
		note(c, "added pcie-root-port index %u at 00:%02x.%x", N, S, F);
	}
	/* chassis: N unless another controller has it */
	for (n = c->devices->children; n; n = n->next) {
		if (n == ctl || !is_pci_controller(n))
			continue;
		t = ovf_lvx_child(n, "target");
		if (t && !ovf_lvx_attr_num(t, "chassis", MAX_INDEX, &chassis))
			used_chassis[chassis] = 1;
	}
	for (chassis = N; chassis <= MAX_INDEX && used_chassis[chassis]; chassis++)
		;
	if (chassis > MAX_INDEX)
		for (chassis = 1; chassis < N && used_chassis[chassis]; chassis++)
			;
	t = ovf_lvx_child(ctl, "target");
	if (!t) {
		t = new_elem(c, "target");
		a = ovf_lvx_child(ctl, "address");
		insert(c, ctl, t, a, 0);
	}
	set_attrf(t, "chassis", "%u", chassis);
	set_attrf(t, "port", "0x%x", S << 3 | F);
	set_attr(t, "hotplug", "off");
	set_guest_addr(c, ctl, 0, S, F);
	if (!slot_shared(c, ctl, 0, S))
		xmlUnsetProp(ovf_lvx_child(ctl, "address"), BAD_CAST "multifunction");

	if (!gpu) {
		gpu = new_elem(c, "hostdev");
		xmlSetProp(gpu, BAD_CAST "mode", BAD_CAST "subsystem");
		xmlSetProp(gpu, BAD_CAST "type", BAD_CAST "pci");
		xmlSetProp(gpu, BAD_CAST "managed", BAD_CAST "yes");
		src = new_elem(c, "source");
		a = new_elem(c, "address");
		set_attrf(a, "domain", "0x%04x", o->gpu.domain);
		set_attrf(a, "bus", "0x%02x", o->gpu.bus);
		set_attrf(a, "slot", "0x%02x", o->gpu.dev);
		set_attrf(a, "function", "0x%x", o->gpu.func);
		xmlAddChild(src, a);
		xmlAddChild(gpu, src);
		n = last_child(c->devices, "hostdev");
		insert(c, c->devices, gpu, n, 1);
		note(c, "added the hostdev of the GPU %02x:%02x.%x", o->gpu.bus,
		     o->gpu.dev, o->gpu.func);
	}
	set_attr(gpu, "managed", "yes");
	set_guest_addr(c, gpu, N, 0, 0);
	a = ovf_lvx_child(gpu, "address");
	if (audio)
		set_attr(a, "multifunction", "on");
	if (audio)
		set_guest_addr(c, audio, N, 0, 1);
	*gpu_out = gpu;
	return 0;
}

static void set_alias(struct ctx *c, xmlNode *gpu)
{
	xmlNode *al = ovf_lvx_child(gpu, "alias");

	if (!al) {
		al = new_elem(c, "alias");
		insert(c, gpu, al, ovf_lvx_child(gpu, "address"), 0);
	}
	set_attr(al, "name", OVF_DOMAIN_GPU_ALIAS);
}

static xmlNs *qemu_ns(struct ctx *c)
{
	xmlNs *ns = xmlSearchNsByHref(c->doc, c->root, BAD_CAST OVF_DOMAIN_QEMU_NS);

	return ns ? ns : xmlNewNs(c->root, BAD_CAST OVF_DOMAIN_QEMU_NS, BAD_CAST "qemu");
}

static xmlNode *qemu_child(struct ctx *c, xmlNode *p, const char *name)
{
	xmlNode *n = child_ns(p, name, OVF_DOMAIN_QEMU_NS);

	if (n)
		return n;
	n = xmlNewDocNode(c->doc, qemu_ns(c), BAD_CAST name, NULL);
	return insert(c, p, n, NULL, 0);
}

static void set_property(struct ctx *c, xmlNode *fe, const char *name, unsigned int v)
{
	xmlNode *p;

	for (p = fe->children; p; p = p->next)
		if (is_elem_ns(p, "property", OVF_DOMAIN_QEMU_NS) && ovf_lvx_attr_is(p, "name", name))
			break;
	if (!p) {
		p = xmlNewDocNode(c->doc, qemu_ns(c), BAD_CAST "property", NULL);
		xmlSetProp(p, BAD_CAST "name", BAD_CAST name);
		insert(c, fe, p, NULL, 0);
	}
	set_attr(p, "type", "unsigned");
	set_attrf(p, "value", "%u", v);
}

static void fix_subsys(struct ctx *c)
{
	xmlNode *ov = qemu_child(c, c->root, "override"), *d, *fe;

	for (d = ov->children; d; d = d->next)
		if (is_elem_ns(d, "device", OVF_DOMAIN_QEMU_NS) &&
		    ovf_lvx_attr_is(d, "alias", OVF_DOMAIN_GPU_ALIAS))
			break;
	if (!d) {
		d = xmlNewDocNode(c->doc, qemu_ns(c), BAD_CAST "device", NULL);
		xmlSetProp(d, BAD_CAST "alias", BAD_CAST OVF_DOMAIN_GPU_ALIAS);
		insert(c, ov, d, NULL, 0);
	}
	fe = qemu_child(c, d, "frontend");
	set_property(c, fe, "x-pci-sub-vendor-id", c->o->sub_vendor);
	set_property(c, fe, "x-pci-sub-device-id", c->o->sub_device);
}

/* The <qemu:commandline>, made when missing. */
static xmlNode *commandline(struct ctx *c)
{
	xmlNode *cl = child_ns(c->root, "commandline", OVF_DOMAIN_QEMU_NS);

	if (cl)
		return cl;
	cl = xmlNewDocNode(c->doc, qemu_ns(c), BAD_CAST "commandline", NULL);
	/* before a <qemu:override> we may have added, as libvirt orders them */
	return insert(c, c->root, cl, child_ns(c->root, "override", OVF_DOMAIN_QEMU_NS), 0);
}

static int fix_ssdt(struct ctx *c)
{
	xmlNode *cl, *a, *b;
	char *esc, *val;
	xmlChar *v;

	esc = ovf_lvx_qemu_escape(c->o->ssdt);
	if (!esc || asprintf(&val, "file=%s", esc) < 0) {
		free(esc);
		return seterr(c, -ENOMEM, "out of memory");
	}
	free(esc);
	cl = child_ns(c->root, "commandline", OVF_DOMAIN_QEMU_NS);
	for (a = cl ? cl->children : NULL; a; a = a->next) {
		if (!is_elem_ns(a, "arg", OVF_DOMAIN_QEMU_NS) || !ovf_lvx_attr_is(a, "value", "-acpitable"))
			continue;
		for (b = a->next; b && b->type != XML_ELEMENT_NODE; b = b->next)
			;
		if (!is_elem_ns(b, "arg", OVF_DOMAIN_QEMU_NS))
			continue;
		v = xmlGetProp(b, BAD_CAST "value");
		if (v && !xmlStrcmp(v, BAD_CAST val)) {
			xmlFree(v);
			free(val);
			return 0;
		}
		xmlFree(v);
	}
	if (!cl)
		cl = commandline(c);
	a = xmlNewDocNode(c->doc, qemu_ns(c), BAD_CAST "arg", NULL);
	xmlSetProp(a, BAD_CAST "value", BAD_CAST "-acpitable");
	insert(c, cl, a, NULL, 0);
	a = xmlNewDocNode(c->doc, qemu_ns(c), BAD_CAST "arg", NULL);
	xmlSetProp(a, BAD_CAST "value", BAD_CAST val);
	insert(c, cl, a, NULL, 0);
	free(val);
	return 0;
}

static int fix_rom(struct ctx *c)
{
	const char *name = c->o->fw_cfg_name;
	xmlNode *si, *e;

	for (si = c->root->children; si; si = si->next)
		if (is_elem_ns(si, "sysinfo", NULL) && ovf_lvx_attr_is(si, "type", "fwcfg"))
			break;
	for (e = si ? si->children : NULL; e; e = e->next)
		if (is_elem_ns(e, "entry", NULL) && ovf_lvx_attr_is(e, "name", name))
			break;
	if (!c->o->rom) {
		if (e)
			return 0;
		return seterr(c, -ENODATA, "the domain has no fw_cfg entry '%s' yet",
			      name);
	}
	if (!si) {
		si = new_elem(c, "sysinfo");
		xmlSetProp(si, BAD_CAST "type", BAD_CAST "fwcfg");
		insert(c, c->root, si, ovf_lvx_child(c->root, "os"), 0);
	}
	if (!e) {
		e = new_elem(c, "entry");
		xmlSetProp(e, BAD_CAST "name", BAD_CAST name);
		insert(c, si, e, NULL, 0);
	}
	/* a value in the element's text would win over nothing: drop it */
	while (e->children) {
		xmlNode *k = e->children;

		xmlUnlinkNode(k);
		xmlFreeNode(k);
	}
	set_attr(e, "file", c->o->rom);
	return 0;
}

/*
 * The vBIOS in the GPU hostdev's ROM BAR (QEMU's romfile=), where libvirt
 * writes <rom>: after <alias>, before <address>.
 */
static void fix_rom_bar(struct ctx *c, xmlNode *gpu)
{
	xmlNode *rom = ovf_lvx_child(gpu, "rom");

	if (c->o->no_rom_bar) {
		if (rom) {
			note(c, "removed the <rom> of the GPU's hostdev");
			remove_elem(rom);
		}
		return;
	}
	if (!rom) {
		rom = new_elem(c, "rom");
		insert(c, gpu, rom, ovf_lvx_child(gpu, "address"), 0);
	}
	if (!ovf_lvx_attr_is(rom, "bar", "on") ||
	    !ovf_lvx_attr_is(rom, "file", c->o->rom_bar) ||
	    xmlHasProp(rom, BAD_CAST "enabled")) {
		note(c, "put %s in the ROM BAR of the GPU's hostdev", c->o->rom_bar);
		if (c->notes)
			c->notes->rom_bar_set = 1;
	}
	/* enabled='no' would hide the ROM whatever the file */
	if (xmlHasProp(rom, BAD_CAST "enabled"))
		xmlUnsetProp(rom, BAD_CAST "enabled");
	set_attr(rom, "bar", "on");
	set_attr(rom, "file", c->o->rom_bar);
}

static void fix_genid(struct ctx *c)
{
	xmlNode *ref;

	if (ovf_lvx_child(c->root, "genid"))
		return;
	ref = ovf_lvx_child(c->root, "uuid");
	if (!ref)
		ref = ovf_lvx_child(c->root, "name");
	insert(c, c->root, new_elem(c, "genid"), ref, 1);
}

static xmlNode *features(struct ctx *c)
{
	xmlNode *f = ovf_lvx_child(c->root, "features");

	if (f)
		return f;
	return insert(c, c->root, new_elem(c, "features"), ovf_lvx_child(c->root, "os"),
		      ovf_lvx_child(c->root, "os") != NULL);
}

static void fix_kvm_hidden(struct ctx *c)
{
	xmlNode *kvm = ensure_child(c, features(c), "kvm");

	set_attr(ensure_child(c, kvm, "hidden"), "state", "on");
}

static void fix_vendor_id(struct ctx *c)
{
	xmlNode *hv = ensure_child(c, features(c), "hyperv"), *v;

	v = ensure_child(c, hv, "vendor_id");
	set_attr(v, "state", "on");
	set_attr(v, "value", c->o->vendor_id);
}

/*
 * Q35's split irqchip (the default with kernel_irqchip unset) keeps the
 * NVIDIA driver from starting (Code 43) or makes it stutter: ask for the
 * in-kernel IOAPIC. That is KVM's; under TCG QEMU has no kernel irqchip
 * and ignores it, so a type='qemu' domain is left as it is.
 */
static void fix_ioapic(struct ctx *c)
{
	xmlNode *io;

	if (!ovf_lvx_attr_is(c->root, "type", "kvm"))
		return;
	io = ensure_child(c, features(c), "ioapic");
	if (xmlHasProp(io, BAD_CAST "driver") && !ovf_lvx_attr_is(io, "driver", "kvm")) {
		xmlChar *was = xmlGetProp(io, BAD_CAST "driver");

		note(c, "changed <ioapic driver='%s'/> to 'kvm' (the split irqchip "
		     "breaks the NVIDIA driver)", was ? (const char *)was : "");
		xmlFree(was);
	}
	set_attr(io, "driver", "kvm");
}

/* ---- Looking Glass ---- */

/* A decimal 1..OVF_LG_DIM_MAX at *@s, no sign or leading zero; 0 or -EINVAL. */
static int lg_dim(const char **s, unsigned int *v)
{
	const char *p = *s;
	unsigned long n = 0;

	if (*p < '1' || *p > '9')
		return -EINVAL;
	for (; *p >= '0' && *p <= '9'; p++) {
		n = n * 10 + (unsigned long)(*p - '0');
		if (n > OVF_LG_DIM_MAX)
			return -EINVAL;
	}
	*v = (unsigned int)n;
	*s = p;
	return 0;
}

int ovf_lg_parse(const char *arg, struct ovf_lg *lg)
{
	unsigned int w, h;
	int hdr = 0;

	if (!arg || lg_dim(&arg, &w) < 0 || *arg++ != 'x' || lg_dim(&arg, &h) < 0)
		return -EINVAL;
	if (!strcmp(arg, ",hdr"))
		hdr = 1;
	else if (*arg)
		return -EINVAL;
	lg->width = w;
	lg->height = h;
	lg->hdr = hdr;
	return 0;
}

unsigned int ovf_lg_size_mb(const struct ovf_lg *lg)
{
	unsigned long long bytes, mib;
	unsigned int p = 1;

	if (!lg->width || !lg->height || lg->width > OVF_LG_DIM_MAX ||
	    lg->height > OVF_LG_DIM_MAX)
		return 0;
	bytes = (unsigned long long)lg->width * lg->height * (lg->hdr ? 8 : 4) * 2;
	/* whole MiB up, then the 10 MiB Looking Glass keeps for itself */
	mib = (bytes + (1u << 20) - 1) / (1u << 20) + 10;
	while (p < mib)
		p <<= 1;
	return p;
}

/* The <shmem name='looking-glass'> of the domain, or NULL. */
static xmlNode *lg_shmem(struct ctx *c)
{
	xmlNode *n;

	for (n = c->devices ? c->devices->children : NULL; n; n = n->next)
		if (is_elem_ns(n, "shmem", NULL) && ovf_lvx_attr_is(n, "name", OVF_LG_NAME))
			return n;
	return NULL;
}

/* Is <qemu:arg> @a's value @v, or (@prefix) does it start with @v? */
static int arg_is(const xmlNode *a, const char *v, int prefix)
{
	xmlChar *val;
	int r;

	if (!is_elem_ns(a, "arg", OVF_DOMAIN_QEMU_NS))
		return 0;
	val = xmlGetProp(a, BAD_CAST "value");
	if (!val)
		return 0;
	r = prefix ? !strncmp((const char *)val, v, strlen(v)) : !strcmp((const char *)val, v);
	xmlFree(val);
	return r;
}

static xmlNode *next_elem(xmlNode *n)
{
	for (n = n ? n->next : NULL; n && n->type != XML_ELEMENT_NODE; n = n->next)
		;
	return n;
}

#define LG_DEVICE "ivshmem-plain,memdev=" OVF_LG_NAME
#define LG_OBJECT "memory-backend-file,id=" OVF_LG_NAME ","

/*
 * The value <qemu:arg> of the kvmfr pair @opt (-device or -object) whose
 * value starts with @prefix, or NULL.
 */
static xmlNode *lg_arg(struct ctx *c, const char *opt, const char *prefix)
{
	xmlNode *cl = child_ns(c->root, "commandline", OVF_DOMAIN_QEMU_NS), *a, *v;

	for (a = cl ? cl->children : NULL; a; a = a->next) {
		if (!arg_is(a, opt, 0))
			continue;
		v = next_elem(a);
		if (arg_is(v, prefix, 1))
			return v;
	}
	return NULL;
}

/* Remove the kvmfr pair @opt/@prefix; was there one? */
static int lg_arg_remove(struct ctx *c, const char *opt, const char *prefix)
{
	xmlNode *v = lg_arg(c, opt, prefix), *o;

	if (!v)
		return 0;
	for (o = v->prev; o && o->type != XML_ELEMENT_NODE; o = o->prev)
		;
	remove_elem(v);
	if (o)
		remove_elem(o);
	return 1;
}

/* Remove both kvmfr pairs, and an emptied <qemu:commandline>; was there one? */
static int lg_kvmfr_remove(struct ctx *c)
{
	int r = lg_arg_remove(c, "-device", LG_DEVICE) |
		lg_arg_remove(c, "-object", LG_OBJECT);
	xmlNode *cl = child_ns(c->root, "commandline", OVF_DOMAIN_QEMU_NS);

	if (r && cl && !has_elem_children(cl))
		remove_elem(cl);
	return r;
}

/* Put the kvmfr pair @opt @val in, or set the value of the one there. */
static void lg_arg_set(struct ctx *c, const char *opt, const char *prefix, const char *val)
{
	xmlNode *v = lg_arg(c, opt, prefix), *cl, *a;

	if (v) {
		if (!arg_is(v, val, 0))
			note(c, "set the %s of Looking Glass to '%s'", opt, val);
		set_attr(v, "value", val);
		return;
	}
	cl = commandline(c);
	a = xmlNewDocNode(c->doc, qemu_ns(c), BAD_CAST "arg", NULL);
	xmlSetProp(a, BAD_CAST "value", BAD_CAST opt);
	insert(c, cl, a, NULL, 0);
	a = xmlNewDocNode(c->doc, qemu_ns(c), BAD_CAST "arg", NULL);
	xmlSetProp(a, BAD_CAST "value", BAD_CAST val);
	insert(c, cl, a, NULL, 0);
}

/* The MiB of a <size unit='M'> text, or 0 when it is not that. */
static unsigned int shmem_mb(xmlNode *size)
{
	unsigned long mb = 0;
	xmlChar *t;

	if (!size || !ovf_lvx_attr_is(size, "unit", "M"))
		return 0;
	t = xmlNodeGetContent(size);
	if (!t || ovf_parse_ulong((const char *)t, 0, UINT_MAX, &mb))
		mb = 0;
	xmlFree(t);
	return (unsigned int)mb;
}

/* <shmem name='looking-glass'> of @mb MiB, ivshmem-plain. */
static void lg_shmem_set(struct ctx *c, unsigned int mb)
{
	xmlNode *sh = lg_shmem(c), *m, *sz;
	char buf[16];
	unsigned int was;

	if (!sh) {
		sh = new_elem(c, "shmem");
		xmlSetProp(sh, BAD_CAST "name", BAD_CAST OVF_LG_NAME);
		insert(c, c->devices, sh, NULL, 0);
	}
	m = ensure_child(c, sh, "model");
	set_attr(m, "type", "ivshmem-plain");
	sz = ovf_lvx_child(sh, "size");
	was = shmem_mb(sz);
	if (!sz)
		sz = ensure_child(c, sh, "size");
	if (was == mb)
		return;
	if (was)
		note(c, "resized <shmem name='%s'> from %u to %u MiB", OVF_LG_NAME, was, mb);
	set_attr(sz, "unit", "M");
	snprintf(buf, sizeof(buf), "%u", mb);
	xmlNodeSetContent(sz, BAD_CAST buf);
}

/*
 * Looking Glass reads the frames from guest RAM the balloon could take
 * back: its documentation has <memballoon model='none'/>.
 */
static void lg_memballoon(struct ctx *c)
{
	xmlNode *mb = last_child(c->devices, "memballoon");
	xmlChar *was;

	if (!mb) {
		mb = new_elem(c, "memballoon");
		xmlSetProp(mb, BAD_CAST "model", BAD_CAST "none");
		insert(c, c->devices, mb, NULL, 0);
		return;
	}
	if (ovf_lvx_attr_is(mb, "model", "none") && !has_elem_children(mb))
		return;
	was = xmlGetProp(mb, BAD_CAST "model");
	note(c, "set <memballoon model='none'/> (was '%s'): the balloon would take "
	     "back memory Looking Glass reads", was ? (const char *)was : "");
	xmlFree(was);
	/* its <address> and <stats> mean nothing without a device */
	while (mb->children) {
		xmlNode *k = mb->children;

		xmlUnlinkNode(k);
		xmlFreeNode(k);
	}
	set_attr(mb, "model", "none");
}

static int fix_looking_glass(struct ctx *c)
{
	const struct ovf_lg *lg = &c->o->lg;
	unsigned int mb;
	char val[160];
	xmlNode *sh;

	if (lg->mode == OVF_LG_REMOVE) {
		sh = lg_shmem(c);
		if (sh)
			remove_elem(sh);
		lg_kvmfr_remove(c);
		return 0;
	}
	mb = ovf_lg_size_mb(lg);
	if (!mb)
		return seterr(c, -EINVAL, "Looking Glass size %ux%u: expected 1 to %u "
			      "pixels a side", lg->width, lg->height, OVF_LG_DIM_MAX);
	if (!c->devices)
		c->devices = insert(c, c->root, new_elem(c, "devices"), NULL, 0);
	if (lg->kvmfr) {
		/* one device: the other form goes */
		sh = lg_shmem(c);
		if (sh) {
			note(c, "replaced <shmem name='%s'> by the kvmfr device %s",
			     OVF_LG_NAME, OVF_LG_KVMFR_DEV);
			remove_elem(sh);
		}
		lg_arg_set(c, "-device", LG_DEVICE, LG_DEVICE);
		snprintf(val, sizeof(val), LG_OBJECT "mem-path=%s,size=%llu,share=yes",
			 OVF_LG_KVMFR_DEV, (unsigned long long)mb << 20);
		lg_arg_set(c, "-object", LG_OBJECT, val);
	} else {
		if (lg_kvmfr_remove(c))
			note(c, "replaced the kvmfr device %s by <shmem name='%s'>",
			     OVF_LG_KVMFR_DEV, OVF_LG_NAME);
		lg_shmem_set(c, mb);
	}
	lg_memballoon(c);
	return 0;
}

/* A QEMU size: decimal bytes, or with a K/M/G/T suffix; 0 or -EINVAL. */
static int qemu_size(const char *s, size_t n, unsigned long long *out)
{
	unsigned long long v = 0;
	unsigned int shift = 0;
	size_t i;

	for (i = 0; i < n && s[i] >= '0' && s[i] <= '9'; i++) {
		if (v > (~0ull - 9) / 10)
			return -EINVAL;
		v = v * 10 + (unsigned long long)(s[i] - '0');
	}
	if (!i)
		return -EINVAL;
	if (i < n) {
		const char *u = strchr("KkMmGgTt", s[i]);

		if (!u || i + 1 != n)
			return -EINVAL;
		shift = 10 * (unsigned int)((u - "KkMmGgTt") / 2 + 1);
		if (v > ~0ull >> shift)
			return -EINVAL;
	}
	*out = v << shift;
	return 0;
}

/* In "k=v,k=v" @opts, the value of @key: its start and length, or NULL. */
static const char *kv_value(const char *opts, const char *key, size_t *len)
{
	size_t k = strlen(key);
	const char *p = opts;

	while (*p) {
		size_t n = strcspn(p, ",");

		if (n > k && !strncmp(p, key, k) && p[k] == '=') {
			*len = n - k - 1;
			return p + k + 1;
		}
		p += n;
		if (*p)
			p++;
	}
	return NULL;
}

/* In a JSON object's text, the value of "@key": its start and length, or NULL. */
static const char *json_value(const char *obj, const char *key, size_t *len)
{
	char q[64];
	const char *p;

	snprintf(q, sizeof(q), "\"%s\"", key);
	p = strstr(obj, q);
	if (!p)
		return NULL;
	p += strlen(q);
	p += strspn(p, " \t\n");
	if (*p++ != ':')
		return NULL;
	p += strspn(p, " \t\n");
	if (*p == '"') {
		*len = strcspn(++p, "\"");
		return p[*len] == '"' ? p : NULL;
	}
	*len = strcspn(p, ",} \t\n");
	return p;
}

int ovf_domain_kvmfr(xmlDoc *doc, char *path, size_t len, unsigned long long *bytes)
{
	xmlNode *root = xmlDocGetRootElement(doc);
	xmlNode *cl = child_ns(root, "commandline", OVF_DOMAIN_QEMU_NS), *a;
	const char *mp, *sz;
	size_t mpl, szl;
	int json, r = 0;

	for (a = cl ? cl->children : NULL; a && !r; a = a->next) {
		xmlChar *v;
		const char *s;

		if (!is_elem_ns(a, "arg", OVF_DOMAIN_QEMU_NS))
			continue;
		v = xmlGetProp(a, BAD_CAST "value");
		s = (const char *)v;
		/* -object's value, in QEMU's key=value or its JSON form */
		json = s && *s == '{';
		if (!s || (json ? !strstr(s, "\"memory-backend-file\"") :
			   strncmp(s, "memory-backend-file,", 20))) {
			xmlFree(v);
			continue;
		}
		mp = json ? json_value(s, "mem-path", &mpl) : kv_value(s, "mem-path", &mpl);
		if (mp && mpl > strlen(OVF_KVMFR_DEV_PREFIX) &&
		    !strncmp(mp, OVF_KVMFR_DEV_PREFIX, strlen(OVF_KVMFR_DEV_PREFIX))) {
			snprintf(path, len, "%.*s", (int)mpl, mp);
			sz = json ? json_value(s, "size", &szl) : kv_value(s, "size", &szl);
			r = sz && !qemu_size(sz, szl, bytes) ? 1 : -EINVAL;
		}
		xmlFree(v);
	}
	return r;
}

int ovf_domain_check_vendor_id(const char *v)
{
	size_t len = v ? strlen(v) : 0;

	if (len < 1 || len > OVF_DOMAIN_VENDOR_ID_MAX || strchr(v, ','))
		return -EINVAL;
	for (; *v; v++)
		if (*v < 0x20 || *v > 0x7e)
			return -EINVAL;
	return 0;
}

/* The indentation unit: the whitespace before the root's first child. */
static void detect_unit(struct ctx *c)
{
	xmlNode *n = c->root->children;
	const char *s, *nl;

	strcpy(c->unit, "  ");
	if (!is_blank(n) || !n->content)
		return;
	s = (const char *)n->content;
	nl = strrchr(s, '\n');
	s = nl ? nl + 1 : s;
	if (*s && strlen(s) < sizeof(c->unit))
		strcpy(c->unit, s);
}

int ovf_domain_apply(xmlDoc *doc, const struct ovf_domain_opts *o,
		     struct ovf_domain_notes *notes, struct ovf_err *err)
{
	struct ctx c = { .doc = doc, .o = o, .notes = notes, .e = err };
	xmlNode *gpu = NULL;
	struct gaddr g;
	int e;

	c.root = xmlDocGetRootElement(doc);
	if (!is_elem(c.root, "domain"))
		return seterr(&c, -EINVAL, "the root element is not <domain>");
	detect_unit(&c);
	if (o->gpu.func != 0 || o->gpu.bus == 0)
		return seterr(&c, -EINVAL, "GPU %02x:%02x.%x: expected function 0 on "
			      "a bus behind a bridge", o->gpu.bus, o->gpu.dev, o->gpu.func);
	if (o->bridge.bus != 0 || o->bridge.domain != o->gpu.domain)
		return seterr(&c, -EINVAL, "bridge %02x:%02x.%x is not on bus 00: "
			      "only a GPU behind a root port can be mirrored",
			      o->bridge.bus, o->bridge.dev, o->bridge.func);
	if ((o->fixes & OVF_FIX_VENDOR_ID) && ovf_domain_check_vendor_id(o->vendor_id))
		return seterr(&c, -EINVAL, "invalid vendor_id '%s': 1 to %d printable "
			      "characters, no comma", o->vendor_id ? o->vendor_id : "",
			      OVF_DOMAIN_VENDOR_ID_MAX);
	if ((o->fixes & OVF_FIX_SSDT) && (!o->ssdt || !*o->ssdt))
		return seterr(&c, -EINVAL, "no SSDT path");
	if ((o->fixes & OVF_FIX_ROM) && !o->fw_cfg_name)
		return seterr(&c, -EINVAL, "no fw_cfg name");
	if (o->rom_bar && (o->no_rom_bar || o->rom_bar[0] != '/'))
		return seterr(&c, -EINVAL, "ROM BAR file '%s': expected an absolute "
			      "path, and not with its removal", o->rom_bar);

	c.devices = ovf_lvx_child(c.root, "devices");
	if (!c.devices && (o->fixes & OVF_FIX_HOSTDEV))
		c.devices = insert(&c, c.root, new_elem(&c, "devices"), NULL, 0);
	/* Refuse addresses we cannot read rather than guess around them. */
	for (gpu = c.devices ? c.devices->children : NULL; gpu; gpu = gpu->next)
		if (gpu->type == XML_ELEMENT_NODE && guest_addr(gpu, &g) == -EINVAL)
			return seterr(&c, -EINVAL, "line %ld: <%s>: unreadable PCI "
				      "<address> (or not in PCI domain 0)",
				      xmlGetLineNo(gpu), (const char *)gpu->name);
	gpu = NULL;

	if (o->fixes & (OVF_FIX_HOSTDEV | OVF_FIX_AUDIO)) {
		if (o->fixes & OVF_FIX_HOSTDEV) {
			e = fix_hostdev(&c, &gpu);
			if (e < 0)
				return e;
		} else {
			struct ovf_pci_addr au = o->gpu;
			xmlNode *h;

			au.func = 1;
			h = find_hostdev(&c, &au);
			if (h && !o->keep_audio) {
				note(&c, "removed the hostdev of the HDMI audio function "
				     "%02x:%02x.1", o->gpu.bus, o->gpu.dev);
				remove_elem(h);
			}
		}
	}
	if (!gpu)
		gpu = find_hostdev(&c, &o->gpu);
	if (o->fixes & OVF_FIX_SUBSYS) {
		if (!gpu)
			return seterr(&c, -EINVAL, "no hostdev for the GPU "
				      "%04x:%02x:%02x.%x to give the subsystem IDs to",
				      o->gpu.domain, o->gpu.bus, o->gpu.dev, o->gpu.func);
		set_alias(&c, gpu);
		fix_subsys(&c);
	}
	if (o->rom_bar || o->no_rom_bar) {
		if (!gpu)
			return seterr(&c, -EINVAL, "no hostdev for the GPU "
				      "%04x:%02x:%02x.%x to give the ROM BAR to",
				      o->gpu.domain, o->gpu.bus, o->gpu.dev, o->gpu.func);
		fix_rom_bar(&c, gpu);
	}
	if (o->fixes & OVF_FIX_SSDT && (e = fix_ssdt(&c)) < 0)
		return e;
	if (o->fixes & OVF_FIX_ROM && (e = fix_rom(&c)) < 0)
		return e;
	if (o->fixes & OVF_FIX_GENID)
		fix_genid(&c);
	if (o->fixes & OVF_FIX_KVM_HIDDEN)
		fix_kvm_hidden(&c);
	if (o->fixes & OVF_FIX_VENDOR_ID)
		fix_vendor_id(&c);
	if (o->fixes & OVF_FIX_IOAPIC)
		fix_ioapic(&c);
	if (o->lg.mode && (e = fix_looking_glass(&c)) < 0)
		return e;
	return 0;
}

/* ---- parse and format ---- */

char *ovf_domain_name(xmlDoc *doc)
{
	xmlNode *n = ovf_lvx_child(xmlDocGetRootElement(doc), "name");
	xmlChar *v;
	char *r;

	if (!n)
		return NULL;
	v = xmlNodeGetContent(n);
	if (!v)
		return NULL;
	r = strdup((const char *)v);
	xmlFree(v);
	return r;
}

int ovf_domain_backup(const char *dir, const char *name, const char *xml,
		      size_t len, char *path, size_t size, struct ovf_err *e)
{
	struct ovf_outfile o;
	char stamp[32];
	time_t now = time(NULL);
	struct tm tm;
	int err, i, n;

	err = ovf_mkdir_p_host(dir);
	if (err < 0)
		return ovf_err_set(e, err, "create", "%s", dir);
	localtime_r(&now, &tm);
	strftime(stamp, sizeof(stamp), "%Y%m%d-%H%M%S", &tm);
	/* a second run within the same second gets .1, .2, ... */
	for (i = 0; i < 100; i++) {
		if (i)
			n = snprintf(path, size, "%s/%s-%s.%d.xml", dir, name, stamp, i);
		else
			n = snprintf(path, size, "%s/%s-%s.xml", dir, name, stamp);
		if (n < 0 || (size_t)n >= size)
			return ovf_err_set(e, ENAMETOOLONG, "backup path in", "%s", dir);
		if (access(path, F_OK) < 0)
			break;
	}
	err = ovf_outfile_open(&o, path, 0600);
	if (!err)
		err = ovf_outfile_finish(&o, xml, len);
	if (err < 0)
		return ovf_err_set(e, err, "write backup", "%s", path);
	return 0;
}

struct sbuf {
	char *p;
	size_t len, size;
	int oom;
};

static void put(struct sbuf *b, const char *s, size_t n)
{
	char *np;

	if (b->oom)
		return;
	if (b->len + n + 1 > b->size) {
		size_t ns = b->size ? b->size : 4096;

		while (ns < b->len + n + 1)
			ns *= 2;
		np = realloc(b->p, ns);
		if (!np) {
			b->oom = 1;
			return;
		}
		b->p = np;
		b->size = ns;
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

static void puts_(struct sbuf *b, const char *s)
{
	put(b, s, strlen(s));
}

/* libvirt escapes the same five characters in text and attributes. */
static void put_esc(struct sbuf *b, const xmlChar *s)
{
	for (; s && *s; s++) {
		switch (*s) {
		case '&': puts_(b, "&amp;"); break;
		case '<': puts_(b, "&lt;"); break;
		case '>': puts_(b, "&gt;"); break;
		case '\'': puts_(b, "&apos;"); break;
		case '"': puts_(b, "&quot;"); break;
		default: put(b, (const char *)s, 1);
		}
	}
}

static void put_name(struct sbuf *b, const xmlNode *n, const xmlNs *ns)
{
	if (ns && ns->prefix) {
		puts_(b, (const char *)ns->prefix);
		puts_(b, ":");
	}
	puts_(b, (const char *)n->name);
}

static void format_node(struct sbuf *b, const xmlNode *n)
{
	const xmlNode *k;
	const xmlAttr *a;
	const xmlNs *ns;
	xmlChar *v;

	switch (n->type) {
	case XML_ELEMENT_NODE:
		puts_(b, "<");
		put_name(b, n, n->ns);
		for (a = n->properties; a; a = a->next) {
			puts_(b, " ");
			put_name(b, (const xmlNode *)a, a->ns);
			puts_(b, "='");
			v = xmlGetNsProp(n, a->name, a->ns ? a->ns->href : NULL);
			put_esc(b, v);
			xmlFree(v);
			puts_(b, "'");
		}
		/* libvirt writes namespace declarations after the attributes */
		for (ns = n->nsDef; ns; ns = ns->next) {
			puts_(b, ns->prefix ? " xmlns:" : " xmlns");
			if (ns->prefix)
				puts_(b, (const char *)ns->prefix);
			puts_(b, "='");
			put_esc(b, ns->href);
			puts_(b, "'");
		}
		if (!n->children) {
			puts_(b, "/>");
			break;
		}
		puts_(b, ">");
		for (k = n->children; k; k = k->next) {
			/* libvirt hands <metadata> contents to libxml2's serializer */
			if (k->type == XML_ELEMENT_NODE && is_elem_ns(n, "metadata", NULL)) {
				xmlBuffer *xb = xmlBufferCreate();

				if (!xb || xmlNodeDump(xb, n->doc, (xmlNode *)k, 0, 0) < 0)
					b->oom = 1;
				else
					put(b, (const char *)xmlBufferContent(xb),
					    xmlBufferLength(xb));
				xmlBufferFree(xb);
				continue;
			}
			format_node(b, k);
		}
		puts_(b, "</");
		put_name(b, n, n->ns);
		puts_(b, ">");
		break;
	case XML_TEXT_NODE:
		put_esc(b, n->content);
		break;
	case XML_CDATA_SECTION_NODE:
		puts_(b, "<![CDATA[");
		puts_(b, (const char *)n->content);
		puts_(b, "]]>");
		break;
	case XML_COMMENT_NODE:
		puts_(b, "<!--");
		puts_(b, (const char *)n->content);
		puts_(b, "-->");
		break;
	case XML_PI_NODE:
		puts_(b, "<?");
		puts_(b, (const char *)n->name);
		if (n->content) {
			puts_(b, " ");
			puts_(b, (const char *)n->content);
		}
		puts_(b, "?>");
		break;
	case XML_ENTITY_REF_NODE:
		puts_(b, "&");
		puts_(b, (const char *)n->name);
		puts_(b, ";");
		break;
	default:
		break;
	}
}

int ovf_domain_format(xmlDoc *doc, char **out, size_t *len)
{
	struct sbuf b = { NULL, 0, 0, 0 };
	const xmlNode *n;

	for (n = doc->children; n; n = n->next) {
		if (n->type == XML_DTD_NODE)
			continue;
		format_node(&b, n);
		puts_(&b, "\n");
	}
	if (b.oom || !b.p) {
		free(b.p);
		return -ENOMEM;
	}
	*out = b.p;
	*len = b.len;
	return 0;
}

/* The files the domain will name, absolute (libvirt resolves nothing). */
static int edit_paths(struct ovf_domain_edit *ed, struct ovf_domain_opts *o,
		      const char *ssdt, const char *rom, const char *state_dir)
{
	char *def = NULL;

	if (o->fixes & OVF_FIX_SSDT) {
		if (!ssdt) {
			if (asprintf(&def, "%s/ssdt/%s.aml", state_dir, ed->name) < 0)
				return -ENOMEM;
			ssdt = def;
			ed->build = 1;
		}
		ed->ssdt = ovf_abs_path(ssdt);
		free(def);
		if (!ed->ssdt)
			return -ENOMEM;
	}
	if (rom) {
		ed->rom = ovf_abs_path(rom);
		if (!ed->rom)
			return -ENOMEM;
	}
	o->ssdt = ed->ssdt;
	o->rom = ed->rom;
	return 0;
}

int ovf_domain_edit(const char *xml, size_t len, const char *label,
		    struct ovf_domain_opts *o, const char *ssdt, const char *rom,
		    const char *state_dir, struct ovf_domain_edit *ed,
		    struct ovf_err *e)
{
	char why[sizeof(e->reason)];
	int err;

	memset(ed, 0, sizeof(*ed));
	err = ovf_lvx_parse(xml, len, label, &ed->doc, e);
	if (err < 0)
		return err;
	ed->name = ovf_domain_name(ed->doc);
	/* it names the backup and the built table: one path component */
	if (!ed->name || !*ed->name || strchr(ed->name, '/')) {
		ovf_err_set(e, EINVAL, NULL, "%s", label);
		return ovf_err_reason(e, EINVAL, "the domain has no usable <name>");
	}
	if (ovf_domain_format(ed->doc, &ed->old, &ed->oldlen) < 0 ||
	    edit_paths(ed, o, ssdt, rom, state_dir) < 0)
		return ovf_err_set(e, ENOMEM, NULL, NULL);
	err = ovf_domain_apply(ed->doc, o, &ed->notes, e);
	if (err < 0) {
		/* the tool shows it after the domain's label */
		snprintf(why, sizeof(why), "%s", e ? ovf_err_why(e) : "");
		ovf_err_set(e, err, NULL, "%s", label);
		return ovf_err_reason(e, err, "%s", why);
	}
	if (ovf_domain_format(ed->doc, &ed->new, &ed->newlen) < 0)
		return ovf_err_set(e, ENOMEM, NULL, NULL);
	return 0;
}

void ovf_domain_edit_free(struct ovf_domain_edit *ed)
{
	if (ed->doc)
		xmlFreeDoc(ed->doc);
	free(ed->name);
	free(ed->old);
	free(ed->new);
	free(ed->ssdt);
	free(ed->rom);
	memset(ed, 0, sizeof(*ed));
}

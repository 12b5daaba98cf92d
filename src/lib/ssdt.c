// SPDX-License-Identifier: GPL-2.0-or-later
/* Guest SSDT generation: QEMU ACPI names, libvirt domain XML, ASL templates. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/tree.h>

#include "ovf/libvirt_xml.h"
#include "ovf/ssdt.h"
#include "ovf/util.h"

#define TEMPLATE_MAX (1u << 20)

/*
 * Record @ret with the reason formatted; the path is left as set.  A macro
 * so the error code stays visible at the call site: clang's static analyzer
 * does not step into variadic functions, and without seeing that every
 * error path returns a negative value it reports impossible paths.
 */
#define seterr(e, ret, ...) \
	(ovf_err_reason((e), (ret), __VA_ARGS__), (ret))

/* Error about document @name, at @line when >= 0: path "NAME:LINE" or "NAME". */
#define xmlerr(c, line, ret, ...) \
	(mark((c), (line), (ret)), seterr((c)->e, (ret), __VA_ARGS__))

int ovf_ssdt_acpi_path(const struct ovf_ssdt_topo *t, char *path, size_t size,
		       struct ovf_err *e)
{
	const struct ovf_ssdt_hop *h;
	size_t used;
	unsigned int i;
	int n;

	ovf_err_set(e, EINVAL, "", NULL);
	if (t->nbridges > OVF_SSDT_MAX_BRIDGES)
		return seterr(e, -EINVAL, "too many bridges (%u, at most %u)",
			      t->nbridges, OVF_SSDT_MAX_BRIDGES);
	n = snprintf(path, size, "%s", OVF_SSDT_ROOT_BUS_PATH);
	if (n < 0 || (size_t)n >= size)
		return seterr(e, -ENAMETOOLONG, "ACPI path too long");
	used = n;
	for (i = 0; i <= t->nbridges; i++) {
		h = i < t->nbridges ? &t->bridges[i] : &t->gpu;
		if (h->slot > 0x1f || h->func > 7)
			return seterr(e, -EINVAL, "invalid PCI slot/function %x.%x",
				      h->slot, h->func);
		if (h->bus > 0xff)
			return seterr(e, -EINVAL, "invalid PCI bus %x", h->bus);
		n = snprintf(path + used, size - used, ".S%02X",
			     h->slot << 3 | h->func);
		if (n < 0 || (size_t)n >= size - used)
			return seterr(e, -ENAMETOOLONG, "ACPI path too long");
		used += n;
	}
	ovf_err_clear(e);
	return 0;
}

static int is_seg_char(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

/* ---- the GPU's place in a libvirt domain ---- */

struct domain_ctx {
	const char *name;
	struct ovf_err *e;
};

static void mark(struct domain_ctx *c, long line, int ret)
{
	if (line >= 0)
		ovf_err_set(c->e, ret, "", "%s:%ld", c->name, line);
	else
		ovf_err_set(c->e, ret, "", "%s", c->name);
}

/* A numeric attribute; absent: -ENOENT (caller decides), bad: -EINVAL, error set. */
static int attr_uint(struct domain_ctx *c, xmlNode *n, const char *attr,
		     unsigned long max, unsigned int *val)
{
	int err = ovf_lvx_attr_num(n, attr, max, val);
	xmlChar *v;

	if (err != -EINVAL)
		return err;
	v = xmlGetProp(n, BAD_CAST attr);
	err = xmlerr(c, xmlGetLineNo(n), -EINVAL, "<%s %s='%s'>: expected a number "
		     "up to 0x%lx", n->name, attr, v ? (const char *)v : "", max);
	xmlFree(v);
	return err;
}

/* Guest PCI <address/> child of @n; -ENOENT when libvirt has not added one. */
static int guest_address(struct domain_ctx *c, xmlNode *n, struct ovf_ssdt_hop *h)
{
	xmlNode *a = ovf_lvx_child(n, "address");
	unsigned int dom = 0;
	int err;

	if (!a)
		return -ENOENT;
	if (!ovf_lvx_attr_is(a, "type", "pci"))
		return xmlerr(c, xmlGetLineNo(a), -EINVAL,
			      "<%s> has a non-PCI guest <address>", n->name);
	err = attr_uint(c, a, "domain", 0xffff, &dom);
	if (err < 0 && err != -ENOENT)
		return err;
	/* Not wrong, but out of our reach: the caller can name the path. */
	if (dom != 0)
		return xmlerr(c, xmlGetLineNo(a), -EOPNOTSUPP,
			      "guest PCI domain %#x: QEMU names only domain 0 as "
			      "\\_SB.PCI0", dom);
	if ((err = attr_uint(c, a, "bus", 0xff, &h->bus)) < 0 ||
	    (err = attr_uint(c, a, "slot", 0x1f, &h->slot)) < 0 ||
	    (err = attr_uint(c, a, "function", 7, &h->func)) < 0) {
		if (err == -ENOENT)
			return xmlerr(c, xmlGetLineNo(a), -EINVAL,
				      "<address> lacks bus, slot or function");
		return err;
	}
	return 0;
}

static int collect_hostdevs(struct domain_ctx *c, xmlNode *devices,
			    struct ovf_ssdt_hostdev *hd, size_t max, size_t *count)
{
	xmlNode *n, *src, *a;
	unsigned int v[4];
	static const char *const names[] = { "domain", "bus", "slot", "function" };
	static const unsigned long maxv[] = { 0xffff, 0xff, 0x1f, 7 };
	size_t i;
	int err;

	*count = 0;
	for (n = devices->children; n; n = n->next) {
		if (!ovf_lvx_is_elem(n, "hostdev") || !ovf_lvx_attr_is(n, "mode", "subsystem") ||
		    !ovf_lvx_attr_is(n, "type", "pci"))
			continue;
		src = ovf_lvx_child(n, "source");
		a = ovf_lvx_child(src, "address");
		if (!a)
			return xmlerr(c, xmlGetLineNo(n), -EINVAL,
				      "PCI <hostdev> without <source><address>");
		for (i = 0; i < 4; i++) {
			v[i] = 0;
			err = attr_uint(c, a, names[i], maxv[i], &v[i]);
			/* Only the domain may be left out (it is 0 then). */
			if (err == -ENOENT && i > 0)
				return xmlerr(c, xmlGetLineNo(a), -EINVAL,
					      "<source><address> lacks '%s'", names[i]);
			if (err < 0 && err != -ENOENT)
				return err;
		}
		if (*count == max)
			return xmlerr(c, -1, -EINVAL, "more than %zu PCI hostdevs", max);
		hd[*count] = (struct ovf_ssdt_hostdev){
			.host = { v[0], v[1], v[2], v[3] },
		};
		err = guest_address(c, n, &hd[*count].guest);
		if (err == 0)
			hd[*count].has_guest = 1;
		else if (err != -ENOENT)
			return err;
		(*count)++;
	}
	return 0;
}

static void list_hostdevs(const struct ovf_ssdt_hostdev *hd, size_t n, int func0,
			  char *buf, size_t size)
{
	char a[OVF_PCI_ADDR_LEN];
	size_t used = 0, i;

	buf[0] = '\0';
	for (i = 0; i < n && used < size; i++) {
		if (func0 && hd[i].host.func != 0)
			continue;
		used += snprintf(buf + used, size - used, "%s%s", used ? ", " : "",
				 ovf_pci_addr_fmt(&hd[i].host, a));
	}
}

static const char *no_addresses =
	"libvirt has not assigned addresses; define the domain first "
	"(virsh define) and use the XML from 'virsh dumpxml'";

/* The <controller type='pci'> providing guest bus @index, or NULL. */
static xmlNode *find_pci_controller(struct domain_ctx *c, xmlNode *devices,
				    unsigned int index, int *err)
{
	xmlNode *n;
	unsigned int idx;

	*err = 0;
	for (n = devices->children; n; n = n->next) {
		if (!ovf_lvx_is_elem(n, "controller") || !ovf_lvx_attr_is(n, "type", "pci"))
			continue;
		*err = attr_uint(c, n, "index", 0xff, &idx);
		if (*err == -ENOENT) {
			*err = xmlerr(c, xmlGetLineNo(n), -EINVAL,
				      "PCI <controller> without index: %s", no_addresses);
			return NULL;
		}
		if (*err < 0)
			return NULL;
		if (idx == index)
			return n;
	}
	return NULL;
}

/* Walk from the GPU's bus up to bus 0 through the PCI controllers. */
static int walk_buses(struct domain_ctx *c, xmlNode *devices,
		      const struct ovf_ssdt_hop *gpu, struct ovf_ssdt_topo *t)
{
	struct ovf_ssdt_hop chain[OVF_SSDT_MAX_BRIDGES];
	unsigned int n = 0, bus = gpu->bus, i;
	xmlNode *ctl;
	xmlChar *model;
	int err;

	t->gpu = *gpu;
	while (bus != 0) {
		if (n == OVF_SSDT_MAX_BRIDGES)
			return xmlerr(c, -1, -EINVAL, "more than %d bridges above the "
				      "GPU (a loop?)", OVF_SSDT_MAX_BRIDGES);
		ctl = find_pci_controller(c, devices, bus, &err);
		if (err < 0)
			return err;
		if (!ctl)
			return xmlerr(c, -1, -EINVAL, "no <controller type='pci' "
				      "index='%u'> for guest bus %u", bus, bus);
		model = xmlGetProp(ctl, BAD_CAST "model");
		/* Expander buses are extra root buses with their own ACPI names. */
		if (model && xmlStrstr(model, BAD_CAST "expander-bus")) {
			err = xmlerr(c, xmlGetLineNo(ctl), -EOPNOTSUPP,
				     "guest bus %u is a %s; its ACPI name is not under "
				     "\\_SB.PCI0", bus, (const char *)model);
			xmlFree(model);
			return err;
		}
		xmlFree(model);
		err = guest_address(c, ctl, &chain[n]);
		if (err == -ENOENT)
			return xmlerr(c, xmlGetLineNo(ctl), -EINVAL,
				      "<controller type='pci' index='%u'> has no "
				      "<address>: %s", bus, no_addresses);
		if (err < 0)
			return err;
		bus = chain[n++].bus;
	}
	/* Collected innermost first; the topology lists the outermost first. */
	t->nbridges = n;
	for (i = 0; i < n; i++)
		t->bridges[i] = chain[n - 1 - i];
	return 0;
}

int ovf_ssdt_topo_from_doc(xmlDoc *doc, const char *name,
			   const struct ovf_pci_addr *host,
			   struct ovf_ssdt_topo *t, struct ovf_err *e)
{
	struct domain_ctx c = { .name = name, .e = e };
	struct ovf_ssdt_hostdev hd[64];
	const struct ovf_ssdt_hostdev *gpu = NULL;
	char list[512], a[OVF_PCI_ADDR_LEN];
	xmlNode *root, *devices;
	size_t n = 0, i, nfunc0 = 0;
	int ret;

	root = xmlDocGetRootElement(doc);
	if (!ovf_lvx_is_elem(root, "domain"))
		return xmlerr(&c, -1, -EINVAL, "not a libvirt domain (root element "
			      "is not <domain>)");
	devices = ovf_lvx_child(root, "devices");
	if (devices) {
		ret = collect_hostdevs(&c, devices, hd, ARRAY_SIZE(hd), &n);
		if (ret < 0)
			return ret;
	}
	if (!n)
		return xmlerr(&c, -1, -EINVAL, "no <hostdev mode='subsystem' type='pci'>");
	for (i = 0; i < n; i++) {
		if (host ? ovf_pci_addr_eq(&hd[i].host, host) : hd[i].host.func == 0) {
			gpu = &hd[i];
			nfunc0++;
		}
	}
	if (host && !gpu) {
		list_hostdevs(hd, n, 0, list, sizeof(list));
		return xmlerr(&c, -1, -EINVAL, "no PCI hostdev with host address %s "
			      "(hostdevs: %s)", ovf_pci_addr_fmt(host, a), list);
	}
	/* The caller can say which one it means. */
	if (!host && nfunc0 != 1) {
		list_hostdevs(hd, n, !!nfunc0, list, sizeof(list));
		return xmlerr(&c, -1, -ENOTUNIQ, "%s PCI hostdevs with function 0 (%s)",
			      nfunc0 ? "several" : "no", list);
	}
	if (!gpu->has_guest)
		return xmlerr(&c, -1, -EINVAL, "hostdev %s has no guest <address>: %s",
			      ovf_pci_addr_fmt(&gpu->host, a), no_addresses);
	ret = walk_buses(&c, devices, &gpu->guest, t);
	if (ret == 0)
		ovf_err_clear(e);
	return ret;
}

int ovf_ssdt_topo_from_domain_mem(const char *buf, size_t len, const char *name,
				  const struct ovf_pci_addr *host,
				  struct ovf_ssdt_topo *t, struct ovf_err *e)
{
	xmlDoc *doc;
	int ret;

	ret = ovf_lvx_parse(buf, len, name, &doc, e);
	if (ret < 0)
		return ret;
	ret = ovf_ssdt_topo_from_doc(doc, name, host, t, e);
	xmlFreeDoc(doc);
	return ret;
}

int ovf_ssdt_topo_from_domain_xml(const char *file, const struct ovf_pci_addr *host,
				  struct ovf_ssdt_topo *t, struct ovf_err *e)
{
	xmlDoc *doc;
	int ret;

	ret = ovf_lvx_read_file(file, &doc, e);
	if (ret < 0)
		return ret;
	ret = ovf_ssdt_topo_from_doc(doc, file, host, t, e);
	xmlFreeDoc(doc);
	return ret;
}

/* ---- templates ---- */

/* Length of a placeholder name at @p ([A-Z][A-Z0-9_]*) followed by '@', or 0. */
static size_t placeholder_len(const char *p, const char *end)
{
	const char *q = p;

	if (q >= end || !(*q >= 'A' && *q <= 'Z'))
		return 0;
	while (q < end && is_seg_char(*q))
		q++;
	return q < end && *q == '@' ? (size_t)(q - p) : 0;
}

static unsigned int line_of(const char *start, const char *p)
{
	unsigned int line = 1;

	for (; start < p; start++)
		line += *start == '\n';
	return line;
}

int ovf_ssdt_subst(const char *tmpl, size_t len, const struct ovf_ssdt_var *vars,
		   size_t nvars, char **out, struct ovf_err *e)
{
	const char *p = tmpl, *end = tmpl + len, *at;
	const struct ovf_ssdt_var *v;
	size_t cap = len + 1, used = 0, n, i, vlen;
	char *buf, *nb;

	buf = malloc(cap);
	if (!buf)
		return ovf_err_set(e, ENOMEM, "", NULL);
	while (p < end) {
		at = memchr(p, '@', end - p);
		n = (at ? at : end) - p;
		v = NULL;
		vlen = 0;
		if (at) {
			size_t plen = placeholder_len(at + 1, end);

			if (plen) {
				for (i = 0; i < nvars; i++)
					if (strlen(vars[i].name) == plen &&
					    !memcmp(vars[i].name, at + 1, plen))
						v = &vars[i];
				if (!v) {
					free(buf);
					ovf_err_set(e, EINVAL, "", NULL);
					return seterr(e, -EINVAL,
						      "line %u: unknown placeholder @%.*s@",
						      line_of(tmpl, at), (int)plen, at + 1);
				}
				vlen = strlen(v->value);
			} else {
				n++;	/* a lone '@' is just text */
			}
		}
		if (used + n + vlen + 1 > cap) {
			cap = (used + n + vlen + 1) * 2;
			nb = realloc(buf, cap);
			if (!nb) {
				free(buf);
				return ovf_err_set(e, ENOMEM, "", NULL);
			}
			buf = nb;
		}
		memcpy(buf + used, p, n);
		used += n;
		p += n;
		if (v) {
			memcpy(buf + used, v->value, vlen);
			used += vlen;
			p += strlen(v->name) + 2;
		}
	}
	buf[used] = '\0';
	*out = buf;
	return 0;
}

int ovf_ssdt_template_load(const char *dir, const char *name, char **text,
			   size_t *len, struct ovf_err *e)
{
	const struct ovf_ssdt_template *t;
	char path[4096];
	uint8_t *buf, *nb;
	size_t n;
	int ret;

	if (!dir) {
		for (t = ovf_ssdt_builtin; t->name; t++) {
			if (strcmp(t->name, name))
				continue;
			*text = strndup(t->text, t->len);
			if (!*text)
				return ovf_err_set(e, ENOMEM, "", NULL);
			*len = t->len;
			return 0;
		}
		ovf_err_set(e, ENOENT, "", NULL);
		return seterr(e, -ENOENT, "no built-in template %s", name);
	}
	ret = snprintf(path, sizeof(path), "%s/%s", dir, name);
	if (ret < 0 || (size_t)ret >= sizeof(path))
		return ovf_err_set(e, ENAMETOOLONG, "read template", "%s/%s", dir, name);
	ret = ovf_read_file(path, &buf, &n, TEMPLATE_MAX);
	if (ret < 0)
		return ovf_err_set(e, ret, "read template", "%s", path);
	if (memchr(buf, '\0', n)) {
		free(buf);
		ovf_err_set(e, EINVAL, "template", "%s", path);
		return seterr(e, -EINVAL, "contains a NUL byte");
	}
	nb = realloc(buf, n + 1);
	if (!nb) {
		free(buf);
		return ovf_err_set(e, ENOMEM, "", NULL);
	}
	nb[n] = '\0';
	*text = (char *)nb;
	*len = n;
	return 0;
}

/* Load and substitute one template; errors name the template. */
static int expand(const char *dir, const char *name, const struct ovf_ssdt_var *vars,
		  size_t nvars, char **out, struct ovf_err *e)
{
	char *text = NULL;
	size_t len = 0;
	int ret;

	ret = ovf_ssdt_template_load(dir, name, &text, &len, e);
	if (ret < 0)
		return ret;
	ret = ovf_ssdt_subst(text, len, vars, nvars, out, e);
	free(text);
	/* the reason says where in the template; the path says which one */
	if (ret < 0 && e) {
		snprintf(e->action, sizeof(e->action), "template");
		snprintf(e->path, sizeof(e->path), "%s%s%s", dir ? dir : "",
			 dir ? "/" : "", name);
	}
	return ret;
}

/* An ACPI path the parameters hold: "invalid WHAT 'PATH': why". */
static int check_path(const char *path, unsigned int min_segs, const char *what,
		      struct ovf_err *e)
{
	char why[sizeof(e->reason)];
	int ret = ovf_acpi_path_check(path, min_segs, e);

	if (ret < 0 && e) {
		snprintf(why, sizeof(why), "%s", e->reason);
		ovf_err_set(e, ret, "", NULL);
		ovf_err_reason(e, ret, "invalid %s '%s': %s", what, path ? path : "", why);
	}
	return ret;
}

int ovf_ssdt_generate(const struct ovf_ssdt_params *p, char **asl,
		      struct ovf_err *e)
{
	char parent[OVF_ACPI_PATH_MAX], seg[8], adr[16];
	char *battery = NULL, *rom = NULL;
	struct ovf_ssdt_var vars[] = {
		{ "BATTERY_SCOPE", p->battery_scope ? p->battery_scope : "" },
		{ "GPU_PATH", p->gpu_path ? p->gpu_path : "" },
		{ "GPU_PARENT", parent },
		{ "GPU_NAME", seg },
		{ "GPU_ADR", adr },
		{ "FW_CFG_NAME", p->fw_cfg_name ? p->fw_cfg_name : "" },
		{ "VERSION", OVF_VERSION },
		{ "BATTERY", "" },
		{ "ROM", "" },
	};
	/* Parts see everything but each other. */
	size_t nparts = ARRAY_SIZE(vars) - 2;
	int ret;

	parent[0] = seg[0] = '\0';
	snprintf(adr, sizeof(adr), "0x%08X", p->gpu_adr);
	ovf_err_set(e, EINVAL, "", NULL);
	if (!p->battery && !p->rom)
		return seterr(e, -EINVAL, "nothing to generate: both the "
			      "battery and _ROM are disabled");
	if (p->battery) {
		ret = check_path(p->battery_scope, 1, "battery scope", e);
		if (ret < 0)
			return ret;
		ret = expand(p->template_dir, OVF_SSDT_TMPL_BATTERY, vars, nparts,
			     &battery, e);
		if (ret < 0)
			return ret;
		vars[nparts].value = battery;
	}
	if (p->rom) {
		if (!p->gpu_path) {
			ret = seterr(e, -EINVAL, "_ROM needs the GPU's ACPI path");
			goto out;
		}
		ret = check_path(p->gpu_path, 2, "GPU ACPI path", e);
		if (ret < 0)
			goto out;
		ret = ovf_fw_cfg_name_check(p->fw_cfg_name, e);
		if (ret < 0)
			goto out;
		ret = ovf_acpi_path_split(p->gpu_path, parent, sizeof(parent), seg,
					  sizeof(seg));
		if (ret < 0) {
			ovf_err_set(e, ret, "split ACPI path", "%s", p->gpu_path);
			goto out;
		}
		ret = expand(p->template_dir, OVF_SSDT_TMPL_ROM, vars, nparts, &rom, e);
		if (ret < 0)
			goto out;
		vars[nparts + 1].value = rom;
	}
	ret = expand(p->template_dir, OVF_SSDT_TMPL_MAIN, vars, ARRAY_SIZE(vars),
		     asl, e);
	if (ret == 0)
		ovf_err_clear(e);
out:
	free(battery);
	free(rom);
	return ret;
}

int ovf_ssdt_generate_for_doc(xmlDoc *doc, const char *name,
			      const struct ovf_pci_addr *host,
			      const struct ovf_ssdt_params *p, char **asl,
			      struct ovf_err *e)
{
	struct ovf_ssdt_params q = *p;
	char path[OVF_ACPI_PATH_MAX];
	struct ovf_ssdt_topo t;
	int ret;

	ret = ovf_ssdt_topo_from_doc(doc, name, host, &t, e);
	if (ret < 0)
		return ret;
	ret = ovf_ssdt_acpi_path(&t, path, sizeof(path), e);
	if (ret < 0)
		return ret;
	q.gpu_path = path;
	q.gpu_adr = t.gpu.slot << 16 | t.gpu.func;
	return ovf_ssdt_generate(&q, asl, e);
}

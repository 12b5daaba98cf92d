// SPDX-License-Identifier: GPL-2.0-or-later
/* Guest SSDT generation: QEMU ACPI names, libvirt domain XML, ASL templates. */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "ovf/ssdt.h"
#include "ovf/util.h"

/* A domain XML is a few KiB; anything huge is not one. */
#define DOMAIN_XML_MAX (16u << 20)
#define TEMPLATE_MAX (1u << 20)

static void __attribute__((format(printf, 3, 4)))
seterr_msg(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	if (err && errlen) {
		va_start(ap, fmt);
		vsnprintf(err, errlen, fmt, ap);
		va_end(ap);
	}
}

/*
 * A macro so the error code stays visible at the call site: clang's static
 * analyzer does not step into variadic functions, and without seeing that
 * every error path returns a negative value it reports impossible paths.
 */
#define seterr(err, errlen, ret, ...) \
	(seterr_msg((err), (errlen), __VA_ARGS__), (ret))

int ovf_ssdt_acpi_path(const struct ovf_ssdt_topo *t, char *path, size_t size,
		       char *err, size_t errlen)
{
	const struct ovf_ssdt_hop *h;
	size_t used;
	unsigned int i;
	int n;

	if (t->nbridges > OVF_SSDT_MAX_BRIDGES)
		return seterr(err, errlen, -EINVAL, "too many bridges (%u, at most %u)",
			      t->nbridges, OVF_SSDT_MAX_BRIDGES);
	n = snprintf(path, size, "%s", OVF_SSDT_ROOT_BUS_PATH);
	if (n < 0 || (size_t)n >= size)
		return seterr(err, errlen, -ENAMETOOLONG, "ACPI path too long");
	used = n;
	for (i = 0; i <= t->nbridges; i++) {
		h = i < t->nbridges ? &t->bridges[i] : &t->gpu;
		if (h->slot > 0x1f || h->func > 7)
			return seterr(err, errlen, -EINVAL,
				      "invalid PCI slot/function %x.%x", h->slot,
				      h->func);
		if (h->bus > 0xff)
			return seterr(err, errlen, -EINVAL, "invalid PCI bus %x", h->bus);
		n = snprintf(path + used, size - used, ".S%02X",
			     h->slot << 3 | h->func);
		if (n < 0 || (size_t)n >= size - used)
			return seterr(err, errlen, -ENAMETOOLONG, "ACPI path too long");
		used += n;
	}
	return 0;
}

static int is_seg_char(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

int ovf_ssdt_check_acpi_path(const char *path, unsigned int min_segs,
			     const char *what, char *err, size_t errlen)
{
	unsigned int nsegs = 0;
	const char *p, *seg;

	if (!what)
		what = "ACPI path";
	if (!path || path[0] != '\\')
		return seterr(err, errlen, -EINVAL,
			      "invalid %s '%s': must start with '\\'", what,
			      path ? path : "");
	if (!path[1]) {
		if (!min_segs)
			return 0;
		return seterr(err, errlen, -EINVAL,
			      "invalid %s '%s': names no device", what, path);
	}
	if (strlen(path) >= OVF_ACPI_PATH_MAX)
		return seterr(err, errlen, -EINVAL, "invalid %s '%s': too long", what,
			      path);
	p = path + 1;
	for (;;) {
		seg = p;
		while (is_seg_char(*p))
			p++;
		/* ACPI name segments are 1-4 characters and never start with a digit. */
		if (p == seg || p - seg > 4 || (*seg >= '0' && *seg <= '9'))
			return seterr(err, errlen, -EINVAL,
				      "invalid %s '%s': segment '%.*s' is not 1-4 "
				      "of A-Z, 0-9, _ starting with a letter or _",
				      what, path, (int)strcspn(seg, "."), seg);
		nsegs++;
		if (!*p)
			break;
		if (*p != '.')
			return seterr(err, errlen, -EINVAL,
				      "invalid %s '%s': unexpected '%c'", what, path, *p);
		p++;
	}
	if (nsegs < min_segs)
		return seterr(err, errlen, -EINVAL,
			      "invalid %s '%s': needs at least %u segments", what, path,
			      min_segs);
	return 0;
}

int ovf_ssdt_path_split(const char *path, char *parent, size_t psize,
			char *seg, size_t ssize)
{
	const char *dot = strrchr(path, '.');
	size_t plen;

	if (path[0] != '\\' || !path[1])
		return -EINVAL;
	plen = dot ? (size_t)(dot - path) : 1;
	if (plen >= psize || strlen(path + plen + (dot ? 1 : 0)) >= ssize)
		return -ENAMETOOLONG;
	memcpy(parent, path, plen);
	parent[plen] = '\0';
	strcpy(seg, path + plen + (dot ? 1 : 0));
	return 0;
}

int ovf_ssdt_check_fw_cfg_name(const char *name, const char *what, char *err,
			       size_t errlen)
{
	const unsigned char *p;

	if (!what)
		what = "fw_cfg name";
	if (!name || strncmp(name, "opt/", 4) != 0)
		return seterr(err, errlen, -EINVAL,
			      "invalid %s '%s': must start with 'opt/'", what,
			      name ? name : "");
	if (strlen(name) > OVF_SSDT_FW_CFG_MAX)
		return seterr(err, errlen, -EINVAL,
			      "invalid %s '%s': %zu bytes, at most %d", what,
			      name, strlen(name), OVF_SSDT_FW_CFG_MAX);
	if (!name[4])
		return seterr(err, errlen, -EINVAL,
			      "invalid %s '%s': nothing after 'opt/'", what, name);
	for (p = (const unsigned char *)name; *p; p++) {
		/* The name is pasted into ASL strings and XML attributes. */
		if (*p < 0x20 || *p > 0x7e || *p == '"' || *p == '\'' || *p == '\\')
			return seterr(err, errlen, -EINVAL,
				      "invalid %s '%s': only printable ASCII "
				      "without quotes or backslashes", what, name);
	}
	return 0;
}

/* ---- libvirt domain XML ---- */

struct domain_ctx {
	const char *name;
	char *err;
	size_t errlen;
};

static int is_elem(const xmlNode *n, const char *name)
{
	return n->type == XML_ELEMENT_NODE && !xmlStrcmp(n->name, BAD_CAST name);
}

static xmlNode *child_elem(const xmlNode *parent, const char *name)
{
	xmlNode *n;

	for (n = parent->children; n; n = n->next)
		if (is_elem(n, name))
			return n;
	return NULL;
}

static int attr_is(xmlNode *n, const char *attr, const char *val)
{
	xmlChar *v = xmlGetProp(n, BAD_CAST attr);
	int eq = v && !xmlStrcmp(v, BAD_CAST val);

	xmlFree(v);
	return eq;
}

/*
 * Numeric attribute as libvirt writes it ("0x01" or "1").  Absent: -ENOENT
 * (caller decides), unparsable or above @max: -EINVAL with the error set.
 */
static int attr_uint(struct domain_ctx *c, xmlNode *n, const char *attr,
		     unsigned long max, unsigned int *val)
{
	xmlChar *v = xmlGetProp(n, BAD_CAST attr);
	unsigned long ul;
	int err;

	if (!v)
		return -ENOENT;
	err = ovf_parse_ulong((const char *)v, 0, max, &ul);
	if (err < 0) {
		seterr_msg(c->err, c->errlen, "%s:%ld: <%s %s='%s'>: expected a "
		       "number up to 0x%lx", c->name, xmlGetLineNo(n), n->name, attr,
		       (const char *)v, max);
		xmlFree(v);
		return -EINVAL;
	}
	xmlFree(v);
	*val = ul;
	return 0;
}

/* Guest PCI <address/> child of @n; -ENOENT when libvirt has not added one. */
static int guest_address(struct domain_ctx *c, xmlNode *n, struct ovf_ssdt_hop *h)
{
	xmlNode *a = child_elem(n, "address");
	unsigned int dom = 0;
	int err;

	if (!a)
		return -ENOENT;
	if (!attr_is(a, "type", "pci"))
		return seterr(c->err, c->errlen, -EINVAL,
			      "%s:%ld: <%s> has a non-PCI guest <address>", c->name,
			      xmlGetLineNo(a), n->name);
	err = attr_uint(c, a, "domain", 0xffff, &dom);
	if (err < 0 && err != -ENOENT)
		return err;
	if (dom != 0)
		return seterr(c->err, c->errlen, -EINVAL,
			      "%s:%ld: guest PCI domain %#x: QEMU names only domain 0 "
			      "as \\_SB.PCI0; give --acpi-path", c->name,
			      xmlGetLineNo(a), dom);
	if ((err = attr_uint(c, a, "bus", 0xff, &h->bus)) < 0 ||
	    (err = attr_uint(c, a, "slot", 0x1f, &h->slot)) < 0 ||
	    (err = attr_uint(c, a, "function", 7, &h->func)) < 0) {
		if (err == -ENOENT)
			return seterr(c->err, c->errlen, -EINVAL,
				      "%s:%ld: <address> lacks bus, slot or function",
				      c->name, xmlGetLineNo(a));
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
		if (!is_elem(n, "hostdev") || !attr_is(n, "mode", "subsystem") ||
		    !attr_is(n, "type", "pci"))
			continue;
		src = child_elem(n, "source");
		a = src ? child_elem(src, "address") : NULL;
		if (!a)
			return seterr(c->err, c->errlen, -EINVAL,
				      "%s:%ld: PCI <hostdev> without <source><address>",
				      c->name, xmlGetLineNo(n));
		for (i = 0; i < 4; i++) {
			v[i] = 0;
			err = attr_uint(c, a, names[i], maxv[i], &v[i]);
			/* Only the domain may be left out (it is 0 then). */
			if (err == -ENOENT && i > 0)
				return seterr(c->err, c->errlen, -EINVAL,
					      "%s:%ld: <source><address> lacks '%s'",
					      c->name, xmlGetLineNo(a), names[i]);
			if (err < 0 && err != -ENOENT)
				return err;
		}
		if (*count == max)
			return seterr(c->err, c->errlen, -EINVAL,
				      "%s: more than %zu PCI hostdevs", c->name, max);
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
		if (!is_elem(n, "controller") || !attr_is(n, "type", "pci"))
			continue;
		*err = attr_uint(c, n, "index", 0xff, &idx);
		if (*err == -ENOENT) {
			*err = seterr(c->err, c->errlen, -EINVAL,
				      "%s:%ld: PCI <controller> without index: %s",
				      c->name, xmlGetLineNo(n), no_addresses);
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
			return seterr(c->err, c->errlen, -EINVAL,
				      "%s: more than %d bridges above the GPU (a loop?)",
				      c->name, OVF_SSDT_MAX_BRIDGES);
		ctl = find_pci_controller(c, devices, bus, &err);
		if (err < 0)
			return err;
		if (!ctl)
			return seterr(c->err, c->errlen, -EINVAL,
				      "%s: no <controller type='pci' index='%u'> for "
				      "guest bus %u", c->name, bus, bus);
		model = xmlGetProp(ctl, BAD_CAST "model");
		/* Expander buses are extra root buses with their own ACPI names. */
		if (model && xmlStrstr(model, BAD_CAST "expander-bus")) {
			err = seterr(c->err, c->errlen, -EINVAL,
				     "%s:%ld: guest bus %u is a %s; its ACPI name is not "
				     "under \\_SB.PCI0, give --acpi-path", c->name,
				     xmlGetLineNo(ctl), bus, (const char *)model);
			xmlFree(model);
			return err;
		}
		xmlFree(model);
		err = guest_address(c, ctl, &chain[n]);
		if (err == -ENOENT)
			return seterr(c->err, c->errlen, -EINVAL,
				      "%s:%ld: <controller type='pci' index='%u'> has no "
				      "<address>: %s", c->name, xmlGetLineNo(ctl), bus,
				      no_addresses);
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

int ovf_ssdt_topo_from_domain_mem(const char *buf, size_t len, const char *name,
				  const struct ovf_pci_addr *host,
				  struct ovf_ssdt_topo *t, char *err, size_t errlen)
{
	struct domain_ctx c = { .name = name, .err = err, .errlen = errlen };
	struct ovf_ssdt_hostdev hd[64];
	const struct ovf_ssdt_hostdev *gpu = NULL;
	char list[512], a[OVF_PCI_ADDR_LEN];
	xmlNode *root, *devices;
	const xmlError *xe;
	size_t n = 0, i, nfunc0 = 0;
	xmlDoc *doc;
	int ret;

	if (len > INT32_MAX)
		return seterr(err, errlen, -EFBIG, "%s: too large", name);
	/* Never touch the network; report errors through the return value only. */
	doc = xmlReadMemory(buf, (int)len, name, NULL,
			    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	if (!doc) {
		xe = xmlGetLastError();
		if (xe && xe->message)
			return seterr(err, errlen, -EINVAL, "%s:%d: malformed XML: %.*s",
				      name, xe->line,
				      (int)strcspn(xe->message, "\n"), xe->message);
		return seterr(err, errlen, -EINVAL, "%s: malformed XML", name);
	}
	ret = -EINVAL;
	root = xmlDocGetRootElement(doc);
	if (!root || !is_elem(root, "domain")) {
		seterr_msg(err, errlen, "%s: not a libvirt domain (root element is "
		       "not <domain>)", name);
		goto out;
	}
	devices = child_elem(root, "devices");
	if (devices) {
		ret = collect_hostdevs(&c, devices, hd, ARRAY_SIZE(hd), &n);
		if (ret < 0)
			goto out;
		ret = -EINVAL;
	}
	if (!n) {
		seterr_msg(err, errlen, "%s: no <hostdev mode='subsystem' type='pci'>",
		       name);
		goto out;
	}
	for (i = 0; i < n; i++) {
		if (host ? ovf_pci_addr_eq(&hd[i].host, host) : hd[i].host.func == 0) {
			gpu = &hd[i];
			nfunc0++;
		}
	}
	if (host && !gpu) {
		list_hostdevs(hd, n, 0, list, sizeof(list));
		seterr_msg(err, errlen, "%s: no PCI hostdev with host address %s "
		       "(hostdevs: %s)", name, ovf_pci_addr_fmt(host, a), list);
		goto out;
	}
	if (!host && nfunc0 != 1) {
		list_hostdevs(hd, n, !!nfunc0, list, sizeof(list));
		seterr_msg(err, errlen, "%s: %s PCI hostdevs with function 0 (%s); "
		       "choose one with --host-address", name,
		       nfunc0 ? "several" : "no", list);
		goto out;
	}
	if (!gpu->has_guest) {
		seterr_msg(err, errlen, "%s: hostdev %s has no guest <address>: %s",
		       name, ovf_pci_addr_fmt(&gpu->host, a), no_addresses);
		goto out;
	}
	ret = walk_buses(&c, devices, &gpu->guest, t);
out:
	xmlFreeDoc(doc);
	return ret;
}

int ovf_ssdt_topo_from_domain_xml(const char *file, const struct ovf_pci_addr *host,
				  struct ovf_ssdt_topo *t, char *err, size_t errlen)
{
	uint8_t *buf;
	size_t len;
	int ret;

	ret = ovf_read_file(file, &buf, &len, DOMAIN_XML_MAX);
	if (ret < 0)
		return seterr(err, errlen, ret, "read %s: %s", file, strerror(-ret));
	ret = ovf_ssdt_topo_from_domain_mem((const char *)buf, len, file, host, t,
					    err, errlen);
	free(buf);
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
		   size_t nvars, char **out, char *err, size_t errlen)
{
	const char *p = tmpl, *end = tmpl + len, *at;
	const struct ovf_ssdt_var *v;
	size_t cap = len + 1, used = 0, n, i, vlen;
	char *buf, *nb;

	buf = malloc(cap);
	if (!buf)
		return seterr(err, errlen, -ENOMEM, "out of memory");
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
					return seterr(err, errlen, -EINVAL,
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
				return seterr(err, errlen, -ENOMEM, "out of memory");
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
			   size_t *len, char *err, size_t errlen)
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
				return seterr(err, errlen, -ENOMEM, "out of memory");
			*len = t->len;
			return 0;
		}
		return seterr(err, errlen, -ENOENT, "no built-in template %s", name);
	}
	ret = snprintf(path, sizeof(path), "%s/%s", dir, name);
	if (ret < 0 || (size_t)ret >= sizeof(path))
		return seterr(err, errlen, -ENAMETOOLONG, "template directory name "
			      "too long");
	ret = ovf_read_file(path, &buf, &n, TEMPLATE_MAX);
	if (ret < 0)
		return seterr(err, errlen, ret, "read template %s: %s", path,
			      strerror(-ret));
	if (memchr(buf, '\0', n)) {
		free(buf);
		return seterr(err, errlen, -EINVAL, "template %s: contains a NUL byte",
			      path);
	}
	nb = realloc(buf, n + 1);
	if (!nb) {
		free(buf);
		return seterr(err, errlen, -ENOMEM, "out of memory");
	}
	nb[n] = '\0';
	*text = (char *)nb;
	*len = n;
	return 0;
}

/* Load and substitute one template; errors name the template. */
static int expand(const char *dir, const char *name, const struct ovf_ssdt_var *vars,
		  size_t nvars, char **out, char *err, size_t errlen)
{
	char *text, sub[OVF_SSDT_ERR_MAX];
	size_t len;
	int ret;

	ret = ovf_ssdt_template_load(dir, name, &text, &len, err, errlen);
	if (ret < 0)
		return ret;
	ret = ovf_ssdt_subst(text, len, vars, nvars, out, sub, sizeof(sub));
	free(text);
	if (ret < 0)
		return seterr(err, errlen, ret, "template %s%s%s: %s", dir ? dir : "",
			      dir ? "/" : "", name, sub);
	return 0;
}

int ovf_ssdt_generate(const struct ovf_ssdt_params *p, char **asl, char *err,
		      size_t errlen)
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
	if (!p->battery && !p->rom)
		return seterr(err, errlen, -EINVAL, "nothing to generate: both the "
			      "battery and _ROM are disabled");
	if (p->battery) {
		ret = ovf_ssdt_check_acpi_path(p->battery_scope, 1, "battery scope", err,
					       errlen);
		if (ret < 0)
			return ret;
		ret = expand(p->template_dir, OVF_SSDT_TMPL_BATTERY, vars, nparts,
			     &battery, err, errlen);
		if (ret < 0)
			return ret;
		vars[nparts].value = battery;
	}
	if (p->rom) {
		if (!p->gpu_path) {
			ret = seterr(err, errlen, -EINVAL, "_ROM needs the GPU's ACPI path");
			goto out;
		}
		ret = ovf_ssdt_check_acpi_path(p->gpu_path, 2, "GPU ACPI path", err,
					       errlen);
		if (ret < 0)
			goto out;
		ret = ovf_ssdt_check_fw_cfg_name(p->fw_cfg_name, NULL, err, errlen);
		if (ret < 0)
			goto out;
		ret = ovf_ssdt_path_split(p->gpu_path, parent, sizeof(parent), seg,
					  sizeof(seg));
		if (ret < 0) {
			seterr_msg(err, errlen, "cannot split ACPI path %s", p->gpu_path);
			goto out;
		}
		ret = expand(p->template_dir, OVF_SSDT_TMPL_ROM, vars, nparts, &rom,
			     err, errlen);
		if (ret < 0)
			goto out;
		vars[nparts + 1].value = rom;
	}
	ret = expand(p->template_dir, OVF_SSDT_TMPL_MAIN, vars, ARRAY_SIZE(vars),
		     asl, err, errlen);
out:
	free(battery);
	free(rom);
	return ret;
}

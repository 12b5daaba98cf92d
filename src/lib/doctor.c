// SPDX-License-Identifier: GPL-2.0-or-later
/* The preflight's facts: each vfio-doctor check reads under the root and gives a verdict. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ovf/doctor.h"
#include "ovf/extract.h"
#include "ovf/gpu.h"
#include "ovf/kmod.h"
#include "ovf/libvirt_xml.h"
#include "ovf/proc.h"
#include "ovf/rom.h"
#include "ovf/spawn.h"
#include "ovf/util.h"

#define SECUREBOOT_VAR \
	"sys/firmware/efi/efivars/SecureBoot-8be4df61-93ca-11d2-aa0d-00e098032b8c"

static DIR *opendir_root(const struct ovf_root *r, const char *rel)
{
	int fd = ovf_open(r, rel, O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);
	DIR *dir;

	if (fd < 0) {
		errno = -fd;
		return NULL;
	}
	dir = fdopendir(fd);
	if (!dir) {
		int err = errno;

		close(fd);
		errno = err;
	}
	return dir;
}

/* Entries of a directory under the root, dot files left out; -errno if none. */
static int count_entries(const struct ovf_root *r, const char *rel)
{
	struct dirent *e;
	DIR *dir = opendir_root(r, rel);
	int n = 0;

	if (!dir)
		return -errno;
	while ((e = readdir(dir)))
		if (e->d_name[0] != '.')
			n++;
	closedir(dir);
	return n;
}

const char *ovf_doctor_find_word(const char *text, const char *prefix)
{
	const char *p = text;
	size_t n = strlen(prefix);

	while ((p = strstr(p, prefix))) {
		if (p == text || p[-1] == ' ' || p[-1] == '\t' || p[-1] == '\n')
			return p;
		p += n;
	}
	return NULL;
}

enum ovf_doc_status ovf_doctor_iommu(const struct ovf_root *r,
				     struct ovf_doc_iommu *f)
{
	char *cmdline = NULL;
	const char *flag = NULL;
	int n;

	memset(f, 0, sizeof(*f));
	n = count_entries(r, "sys/kernel/iommu_groups");
	if (n < 0 && n != -ENOENT) {
		ovf_err_root(&f->e, r, n, "read", "sys/kernel/iommu_groups");
		f->why = OVF_IOMMU_UNREADABLE;
		return OVF_DOC_FAIL;
	}
	f->ngroups = n > 0 ? n : 0;
	/* an unreadable command line only costs the hint */
	if (ovf_read_text(r, "proc/cmdline", &cmdline, 65536) < 0)
		cmdline = NULL;
	if (cmdline) {
		flag = ovf_doctor_find_word(cmdline, "intel_iommu=");
		if (!flag)
			flag = ovf_doctor_find_word(cmdline, "amd_iommu=");
	}
	if (flag)
		snprintf(f->flag, sizeof(f->flag), "%.*s",
			 (int)strcspn(flag, " \t\n"), flag);
	free(cmdline);
	if (n > 0)
		f->why = OVF_IOMMU_GROUPS;
	else if (f->flag[0] && !strncmp(strchr(f->flag, '=') + 1, "off", 3))
		f->why = OVF_IOMMU_OFF;
	else if (f->flag[0])
		f->why = OVF_IOMMU_ASKED;
	else
		f->why = OVF_IOMMU_NONE;
	return n > 0 ? OVF_DOC_OK : OVF_DOC_FAIL;
}

/* Is @drv one that leaves a group member fit for vfio? */
static int vfio_friendly(const char *drv)
{
	return !drv[0] || !strcmp(drv, "vfio-pci") || !strcmp(drv, "pci-stub") ||
	       !strcmp(drv, "pcieport");
}

enum ovf_doc_status ovf_doctor_group(const struct ovf_root *r,
				     const struct ovf_pcidev *gpu,
				     struct ovf_doc_group *f)
{
	char rel[64], drv[64], cls[32];
	struct ovf_pci_addr a;
	struct dirent *e;
	int slot_only = 1;
	DIR *dir;

	memset(f, 0, sizeof(*f));
	f->group = gpu->iommu_group;
	if (gpu->iommu_group < 0) {
		f->why = OVF_GROUP_NONE;
		return OVF_DOC_FAIL;
	}
	snprintf(rel, sizeof(rel), "sys/kernel/iommu_groups/%d/devices",
		 gpu->iommu_group);
	dir = opendir_root(r, rel);
	if (!dir) {
		ovf_err_root(&f->e, r, errno, "read", "%s", rel);
		f->why = OVF_GROUP_UNREADABLE;
		return OVF_DOC_FAIL;
	}
	while ((e = readdir(dir))) {
		struct ovf_doc_member *m;
		int in_slot;

		if (e->d_name[0] == '.' || ovf_pci_addr_parse(e->d_name, &a) < 0)
			continue;
		f->ndevices++;
		if (ovf_readlink_basef(r, drv, sizeof(drv),
				       "sys/bus/pci/devices/%s/driver", e->d_name) < 0)
			drv[0] = '\0';
		if (ovf_read_strf(r, cls, sizeof(cls),
				  "sys/bus/pci/devices/%s/class", e->d_name) < 0)
			cls[0] = '\0';
		/* bridges stay with the host: vfio accepts them in a group */
		if (vfio_friendly(drv) || !strncmp(cls, "0x0604", 6))
			continue;
		in_slot = a.domain == gpu->addr.domain && a.bus == gpu->addr.bus &&
			  a.dev == gpu->addr.dev;
		if (!in_slot)
			slot_only = 0;
		if (f->nbad < OVF_DOC_MAX) {
			m = &f->bad[f->nbad++];
			snprintf(m->name, sizeof(m->name), "%.63s", e->d_name);
			snprintf(m->driver, sizeof(m->driver), "%s", drv);
			m->in_slot = in_slot;
		}
	}
	closedir(dir);
	if (!f->nbad) {
		f->why = OVF_GROUP_VIABLE;
		return OVF_DOC_OK;
	}
	f->why = slot_only ? OVF_GROUP_SLOT_BOUND : OVF_GROUP_SHARED;
	return slot_only ? OVF_DOC_WARN : OVF_DOC_FAIL;
}

/* Search <root>/@rel for acpi_call.ko*, depth-first, bounded. */
static int find_module(const struct ovf_root *r, const char *rel, int depth,
		       char *found, size_t len)
{
	struct dirent *e;
	DIR *dir;
	char sub[1024];
	int hit = 0;

	if (depth > 6 || !(dir = opendir_root(r, rel)))
		return 0;
	while (!hit && (e = readdir(dir))) {
		if (e->d_name[0] == '.')
			continue;
		snprintf(sub, sizeof(sub), "%s/%s", rel, e->d_name);
		if (!strncmp(e->d_name, "acpi_call.ko", 12) ||
		    !strncmp(e->d_name, "acpi-call.ko", 12)) {
			snprintf(found, len, "%s", sub);
			hit = 1;
		} else if (e->d_type == DT_DIR || e->d_type == DT_UNKNOWN) {
			hit = find_module(r, sub, depth + 1, found, len);
		}
	}
	closedir(dir);
	return hit;
}

/* 1 on, 0 off, -1 unknown (no EFI variables): efivarfs puts the value last. */
static int secure_boot(const struct ovf_root *r)
{
	unsigned char buf[16];
	ssize_t n;
	int fd = ovf_open(r, SECUREBOOT_VAR, O_RDONLY | O_CLOEXEC, 0);

	if (fd < 0)
		return -1;
	n = read(fd, buf, sizeof(buf));
	close(fd);
	if (n <= 0)
		return -1;
	return buf[n - 1] == 1;
}

enum ovf_doc_status ovf_doctor_acpi_call(const struct ovf_root *r,
					 struct ovf_doc_acpi_call *f)
{
	char rel[256];

	memset(f, 0, sizeof(*f));
	f->loaded = ovf_exists(r, OVF_ACPI_CALL_PATH) == 0;
	if (ovf_read_str(r, "proc/sys/kernel/osrelease", f->osrelease,
			 sizeof(f->osrelease)) < 0)
		f->osrelease[0] = '\0';
	if (f->osrelease[0]) {
		snprintf(rel, sizeof(rel), "lib/modules/%s", f->osrelease);
		if (!find_module(r, rel, 0, f->module, sizeof(f->module)))
			f->module[0] = '\0';
	}
	f->secure_boot = secure_boot(r);
	if (f->secure_boot < 0)
		f->sb_status = OVF_DOC_SKIP;
	else if (!f->secure_boot || f->loaded)
		f->sb_status = OVF_DOC_OK;	/* loaded with it on: signed */
	else
		f->sb_status = OVF_DOC_WARN;
	if (f->loaded)
		return OVF_DOC_OK;
	return f->module[0] ? OVF_DOC_WARN : OVF_DOC_FAIL;
}

enum ovf_doc_status ovf_doctor_rom(const struct ovf_root *r,
				   const struct ovf_pcidev *gpu, const char *gpu_name,
				   int loaded, int lock_timeout_ms,
				   struct ovf_doc_rom *f)
{
	struct ovf_acpi_call ac;
	struct ovf_acpi_result res;
	int err;

	memset(f, 0, sizeof(*f));
	if (gpu->acpi_path_err && gpu->acpi_path_err != -ENOENT) {
		ovf_err_root(&f->e, r, gpu->acpi_path_err, "read",
			     "sys/bus/pci/devices/%s/firmware_node/path", gpu_name);
		f->why = OVF_ROM_NODE_UNREADABLE;
		return OVF_DOC_FAIL;
	}
	if (!gpu->acpi_path[0]) {
		f->why = OVF_ROM_NO_NODE;
		return OVF_DOC_FAIL;
	}
	if (ovf_acpi_path_normalise(gpu->acpi_path, f->path, sizeof(f->path)) < 0) {
		f->why = OVF_ROM_BAD_PATH;
		return OVF_DOC_FAIL;
	}
	if (!loaded) {
		f->why = OVF_ROM_NOT_LOADED;
		return OVF_DOC_SKIP;
	}
	err = ovf_acpi_call_open(&ac, r, lock_timeout_ms, &f->e);
	if (err < 0) {
		f->err = err;
		f->why = OVF_ROM_BUSY;
		return OVF_DOC_WARN;
	}
	snprintf(f->cmd, sizeof(f->cmd), "%s._ROM 0 2", f->path);
	err = ovf_acpi_call_eval(&ac, f->cmd, &res);
	ovf_acpi_call_close(&ac);
	if (err < 0) {
		f->err = err;
		f->why = OVF_ROM_EVAL_FAILED;
		return OVF_DOC_WARN;
	}
	f->type = res.type;
	/* The same signatures the dumper and vbios-info accept */
	if (res.type == OVF_ACPI_BUFFER && ovf_rom_sig_ok(res.buf, res.len))
		f->why = OVF_ROM_IMAGE;
	else if (res.type == OVF_ACPI_BUFFER)
		f->why = OVF_ROM_NO_SIGNATURE;
	else if (res.type == OVF_ACPI_ERROR)
		f->why = OVF_ROM_ACPI_ERROR;
	else
		f->why = OVF_ROM_OTHER_TYPE;
	if (res.type == OVF_ACPI_ERROR)
		snprintf(f->error, sizeof(f->error), "%s", res.str ? res.str : "error");
	ovf_acpi_result_free(&res);
	return f->why == OVF_ROM_IMAGE ? OVF_DOC_OK :
	       f->why == OVF_ROM_ACPI_ERROR ? OVF_DOC_FAIL : OVF_DOC_WARN;
}

enum ovf_doc_status ovf_doctor_switchers(const struct ovf_root *r,
					 struct ovf_doc_switchers *f)
{
	static const struct ovf_doc_found files[] = {
		{ "optimus-manager", "etc/optimus-manager/optimus-manager.conf" },
		{ "optimus-manager", "usr/lib/systemd/system/optimus-manager.service" },
		{ "optimus-manager", "lib/systemd/system/optimus-manager.service" },
		{ "envycontrol", "etc/udev/rules.d/50-remove-nvidia.rules" },
		{ "envycontrol", "etc/udev/rules.d/80-nvidia-pm.rules" },
		{ "envycontrol", "etc/modprobe.d/blacklist-nvidia.conf" },
		{ "supergfxctl", "etc/supergfxd.conf" },
		{ "supergfxctl", "usr/lib/systemd/system/supergfxd.service" },
		{ "supergfxctl", "lib/systemd/system/supergfxd.service" },
		{ "bbswitch", "sys/module/bbswitch/initstate" },
	};
	size_t i;

	memset(f, 0, sizeof(*f));
	for (i = 0; i < ARRAY_SIZE(files); i++)
		if (ovf_exists(r, files[i].path) == 0)
			f->found[f->n++] = files[i];
	return f->n ? OVF_DOC_WARN : OVF_DOC_OK;
}

/* Does a line of @text blacklist an nvidia module, or install it as something else? */
static int blacklists_nvidia(char *text)
{
	char *line, *save = NULL;

	for (line = strtok_r(text, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		char w1[32], w2[64];

		if (sscanf(line, " %31s %63s", w1, w2) != 2 || strncmp(w2, "nvidia", 6))
			continue;
		if (!strcmp(w1, "blacklist") || !strcmp(w1, "install"))
			return 1;
	}
	return 0;
}

enum ovf_doc_status ovf_doctor_blacklist(const struct ovf_root *r,
					 struct ovf_doc_blacklist *f)
{
	DIR *dir = opendir_root(r, "etc/modprobe.d");
	struct dirent *e;

	memset(f, 0, sizeof(*f));
	/* no modprobe.d: nothing blacklisted */
	while (dir && (e = readdir(dir))) {
		char rel[288], *text = NULL;

		if (e->d_name[0] == '.')
			continue;
		snprintf(rel, sizeof(rel), "etc/modprobe.d/%s", e->d_name);
		if (ovf_read_text(r, rel, &text, 1 << 20) < 0)
			continue;
		if (blacklists_nvidia(text) && f->n < OVF_DOC_MAX)
			snprintf(f->file[f->n++], sizeof(f->file[0]), "%s", rel);
		free(text);
	}
	if (dir)
		closedir(dir);
	return f->n ? OVF_DOC_WARN : OVF_DOC_OK;
}

enum ovf_doc_status ovf_doctor_daemons(const struct ovf_root *r,
				       struct ovf_doc_daemons *f)
{
	/* comm is cut at 15 characters: nvidia-persistenced shows as the first */
	static const char *const names[] = {
		"nvidia-persiste", "nvidia-persistenced", "nvidia-powerd",
	};
	struct ovf_proc_user u;
	size_t i;

	memset(f, 0, sizeof(*f));
	for (i = 0; i < ARRAY_SIZE(names); i++) {
		/* an unreadable /proc shows no daemon, as an empty one */
		if (ovf_proc_by_comm(r, names[i], &u, 1) <= 0)
			continue;
		snprintf(f->d[f->n].comm, sizeof(f->d[0].comm), "%s", names[i]);
		f->d[f->n++].pid = u.pid;
	}
	return f->n ? OVF_DOC_WARN : OVF_DOC_OK;
}

enum ovf_doc_status ovf_doctor_power(const struct ovf_root *r, const char *gpu_name,
				     struct ovf_doc_power *f)
{
	if (ovf_read_strf(r, f->d3cold_allowed, sizeof(f->d3cold_allowed),
			  "sys/bus/pci/devices/%s/d3cold_allowed", gpu_name) < 0)
		snprintf(f->d3cold_allowed, sizeof(f->d3cold_allowed), "?");
	if (ovf_read_strf(r, f->power_state, sizeof(f->power_state),
			  "sys/bus/pci/devices/%s/power_state", gpu_name) < 0)
		snprintf(f->power_state, sizeof(f->power_state), "?");
	return strcmp(f->power_state, "D3cold") ? OVF_DOC_OK : OVF_DOC_WARN;
}

enum ovf_doc_status ovf_doctor_reset(const struct ovf_root *r, const char *gpu_name,
				     struct ovf_doc_reset *f)
{
	memset(f, 0, sizeof(*f));
	f->len = ovf_read_strf(r, f->methods, sizeof(f->methods),
			       "sys/bus/pci/devices/%s/reset_method", gpu_name);
	if (f->len == -ENOENT) {
		f->len = 0;	/* an older kernel, or no method: the same to a user */
		f->methods[0] = '\0';
	} else if (f->len < 0) {
		ovf_err_root(&f->e, r, (int)f->len, "read",
			     "sys/bus/pci/devices/%s/reset_method", gpu_name);
		f->methods[0] = '\0';
	}
	return f->len > 0 ? OVF_DOC_OK : OVF_DOC_WARN;
}

enum ovf_doc_status ovf_doctor_audio(const struct ovf_root *r,
				     const struct ovf_pci_addr *gpu,
				     struct ovf_doc_audio *f)
{
	struct ovf_gpu_func funcs[OVF_GPU_MAX_FUNCS];
	char ovr[64];
	ssize_t err;
	int i, n;

	memset(f, 0, sizeof(*f));
	n = ovf_gpu_slot_functions(r, gpu, funcs, OVF_GPU_MAX_FUNCS, &f->e);
	if (n < 0) {
		f->unreadable = OVF_AUDIO_SCAN;
		return OVF_DOC_WARN;
	}
	for (i = 0; i < n && i < OVF_GPU_MAX_FUNCS; i++) {
		struct ovf_gpu_func *fn = &funcs[i];
		struct ovf_doc_audio_func *b;

		if (!ovf_gpu_func_is_audio(fn))
			continue;
		f->naudio++;
		err = ovf_read_strf(r, ovr, sizeof(ovr),
				    "sys/bus/pci/devices/%s/driver_override", fn->name);
		if (err < 0 && err != -ENOENT) {
			ovf_err_root(&f->e, r, (int)err, "read",
				     "sys/bus/pci/devices/%s/driver_override", fn->name);
			f->unreadable = OVF_AUDIO_OVERRIDE;
			return OVF_DOC_WARN;
		}
		if (err < 0 || !strcmp(ovr, "(null)"))
			ovr[0] = '\0';
		if ((!strcmp(ovr, "none") || !strcmp(ovr, "vfio-pci")) &&
		    (!fn->driver[0] || !strcmp(fn->driver, "vfio-pci")))
			continue;
		b = &f->bad[f->nbad++];
		snprintf(b->name, sizeof(b->name), "%s", fn->name);
		snprintf(b->override, sizeof(b->override), "%s", ovr);
		snprintf(b->driver, sizeof(b->driver), "%s", fn->driver);
	}
	return f->nbad ? OVF_DOC_WARN : OVF_DOC_OK;
}

/* N of /dev/kvmfrN; a path that is not that reads as the first device. */
static unsigned int kvmfr_index(const char *dev)
{
	size_t n = strlen(OVF_KVMFR_DEV_PREFIX);
	unsigned long v;

	if (strncmp(dev, OVF_KVMFR_DEV_PREFIX, n) ||
	    ovf_parse_ulong(dev + n, 0, UINT_MAX, &v))
		return 0;
	return (unsigned int)v;
}

/*
 * Looking Glass through kvmfr: QEMU maps the node with the domain's size,
 * so the module must be loaded with a static device at least that large,
 * and libvirt's QEMU user must be able to open it (libvirt relabels no
 * path of <qemu:commandline>) through the cgroup device list too.
 */
enum ovf_doc_status ovf_doctor_kvmfr(const struct ovf_root *r, const char *dev,
				     unsigned long long need, struct ovf_doc_kvmfr *f)
{
	struct ovf_mod_state ms;
	struct ovf_cred cred;
	struct stat st;
	int err;

	memset(f, 0, sizeof(*f));
	snprintf(f->dev, sizeof(f->dev), "%s", dev);
	f->need = need;
	f->need_mb = (unsigned long)((need + (1u << 20) - 1) >> 20);
	f->index = kvmfr_index(dev);
	err = ovf_mod_state(r, OVF_KVMFR_MODULE, &ms, &f->e);
	if (err < 0 && err != -ENOENT) {
		f->why = OVF_KVMFR_STATE_UNREADABLE;
		return OVF_DOC_FAIL;
	}
	if (err < 0 || !ms.loaded) {
		f->why = OVF_KVMFR_NOT_LOADED;
		return OVF_DOC_FAIL;
	}
	if (ovf_kvmfr_sizes(r, &f->sizes) < 0) {
		/* the device may still be large enough: say we cannot tell */
		f->why = OVF_KVMFR_SIZE_UNKNOWN;
	} else {
		err = ovf_kvmfr_size_entry(f->sizes.list, f->index, &f->have_mb);
		if (err == -EINVAL) {
			f->why = OVF_KVMFR_SIZE_BAD;
			return OVF_DOC_FAIL;
		}
		if (err < 0) {
			f->why = OVF_KVMFR_NO_ENTRY;
			return OVF_DOC_FAIL;
		}
		if (f->have_mb < f->need_mb) {
			f->why = OVF_KVMFR_TOO_SMALL;
			return OVF_DOC_FAIL;
		}
	}
	err = ovf_stat(r, dev, &st);
	if (err < 0) {
		ovf_err_root(&f->e, r, err, "find", "%s", dev);
		f->why = OVF_KVMFR_NO_NODE;
		return OVF_DOC_FAIL;
	}
	f->mode = st.st_mode & 07777;
	f->uid = st.st_uid;
	f->gid = st.st_gid;
	if (!S_ISCHR(st.st_mode)) {
		f->why = OVF_KVMFR_NOT_CHR;
		return OVF_DOC_FAIL;
	}
	if (ovf_qemu_conf_read(r, dev, &f->conf, &f->e) < 0) {
		f->why = OVF_KVMFR_CONF_UNREADABLE;
		return OVF_DOC_WARN;
	}
	if (ovf_cred_lookup(r, f->conf.user, f->conf.group, &cred, &f->e) < 0) {
		f->why = OVF_KVMFR_NO_USER;
		return OVF_DOC_WARN;
	}
	if (!ovf_cred_may_rw(&cred, &st)) {
		f->why = OVF_KVMFR_NO_ACCESS;
		return OVF_DOC_FAIL;
	}
	/* without a list of its own libvirt's default list holds no kvmfr node */
	if (!f->conf.acl_has) {
		f->why = OVF_KVMFR_CGROUP;
		return OVF_DOC_WARN;
	}
	if (f->why == OVF_KVMFR_SIZE_UNKNOWN)
		return OVF_DOC_WARN;
	return OVF_DOC_OK;
}

unsigned long ovf_doctor_version_num(const char *s)
{
	unsigned long x, y, z;
	char *e;

	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			continue;
		x = strtoul(s, &e, 10);
		if (*e != '.' || e[1] < '0' || e[1] > '9')
			continue;
		y = strtoul(e + 1, &e, 10);
		z = 0;
		if (*e == '.' && e[1] >= '0' && e[1] <= '9')
			z = strtoul(e + 1, &e, 10);
		/* Parts past 999 would spill into the next one. */
		if (x > 9999 || y > 999 || z > 999)
			return 0;
		return x * 1000000ul + y * 1000ul + z;
	}
	return 0;
}

int ovf_doctor_first_line(char *const argv[], char *out, size_t len)
{
	int p[2], null, err, st;
	size_t n = 0;
	ssize_t k;
	pid_t pid;

	out[0] = '\0';
	null = open("/dev/null", O_RDWR | O_CLOEXEC);
	if (null < 0)
		return -errno;
	if (pipe2(p, O_CLOEXEC) < 0) {
		err = -errno;
		close(null);
		return err;
	}
	err = ovf_spawn_start(argv[0], argv, null, p[1], null, &pid);
	close(p[1]);
	close(null);
	if (err < 0) {
		close(p[0]);
		return err;
	}
	/* read it all, so the child never blocks on a full pipe */
	for (;;) {
		char buf[512];

		k = read(p[0], buf, sizeof(buf));
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			break;
		if (n + 1 < len) {
			size_t c = (size_t)k < len - 1 - n ? (size_t)k : len - 1 - n;

			memcpy(out + n, buf, c);
			n += c;
		}
	}
	close(p[0]);
	out[n] = '\0';
	out[strcspn(out, "\n")] = '\0';
	return ovf_spawn_wait(pid, -1, &st);
}

enum ovf_doc_status ovf_doctor_libvirt(struct ovf_doc_version *f)
{
	char *const argv[] = { "virsh", "--version", NULL };

	memset(f, 0, sizeof(*f));
	ovf_doctor_first_line(argv, f->text, sizeof(f->text));
	f->num = ovf_doctor_version_num(f->text);
	if (!f->num) {
		f->why = OVF_VIRT_MISSING;
		return OVF_DOC_WARN;	/* QEMU alone can still run the guest */
	}
	if (f->num < 6005000) {
		f->why = OVF_VIRT_NO_FW_CFG;
		return OVF_DOC_FAIL;
	}
	if (f->num < 8002000) {
		f->why = OVF_VIRT_NO_OVERRIDE;
		return OVF_DOC_WARN;
	}
	f->why = OVF_VIRT_OK;
	return OVF_DOC_OK;
}

enum ovf_doc_status ovf_doctor_qemu(struct ovf_doc_version *f)
{
	char *const argv[] = { "qemu-system-x86_64", "--version", NULL };

	memset(f, 0, sizeof(*f));
	ovf_doctor_first_line(argv, f->text, sizeof(f->text));
	f->num = ovf_doctor_version_num(f->text);
	f->why = f->num ? OVF_VIRT_OK : OVF_VIRT_MISSING;
	return f->num ? OVF_DOC_OK : OVF_DOC_FAIL;
}

/* ---- which workarounds the machine needs ---- */

static int cmp_str(const void *a, const void *b)
{
	return strcmp(a, b);
}

/* Does the class/drm link @target lead into @gpu_name's drm directory? */
static int drm_of_gpu(const char *target, const char *gpu_name)
{
	char needle[OVF_PCI_ADDR_LEN + 8];

	snprintf(needle, sizeof(needle), "/%s/drm/", gpu_name);
	return strstr(target, needle) != NULL;
}

enum ovf_doc_status ovf_doctor_display(const struct ovf_root *r,
				       const struct ovf_pcidev *gpu,
				       const char *gpu_name,
				       struct ovf_doc_display *f)
{
	char target[4096], status[32];
	struct dirent *de;
	DIR *dir;

	memset(f, 0, sizeof(*f));
	f->class_code = gpu->class_code;
	/* a 3D controller has no outputs to drive: the class settles it */
	if ((gpu->class_code >> 8) == 0x0302) {
		f->why = OVF_DISPLAY_3D;
		return OVF_DOC_OK;
	}
	dir = opendir_root(r, "sys/class/drm");
	if (!dir && errno != ENOENT) {
		ovf_err_root(&f->e, r, errno, "read", "sys/class/drm");
		f->why = OVF_DISPLAY_UNREADABLE;
		return OVF_DOC_WARN;
	}
	while (dir && (de = readdir(dir))) {
		if (strncmp(de->d_name, "card", 4) ||
		    ovf_readlinkf(r, target, sizeof(target), "sys/class/drm/%s",
				  de->d_name) < 0 ||
		    !drm_of_gpu(target, gpu_name))
			continue;
		if (!strchr(de->d_name, '-')) {
			snprintf(f->card, sizeof(f->card), "%.31s", de->d_name);
			continue;
		}
		if (f->nconn == OVF_DOC_MAX_CONN)
			continue;
		snprintf(f->conn[f->nconn++], sizeof(f->conn[0]), "%.63s", de->d_name);
		if (ovf_read_strf(r, status, sizeof(status), "sys/class/drm/%s/status",
				  de->d_name) >= 0 && !strcmp(status, "connected"))
			f->nconnected++;
	}
	if (dir)
		closedir(dir);
	qsort(f->conn, f->nconn, sizeof(f->conn[0]), cmp_str);
	f->why = f->nconn ? OVF_DISPLAY_OUTPUTS :
		 f->card[0] ? OVF_DISPLAY_NO_OUTPUTS : OVF_DISPLAY_NO_DRM;
	return OVF_DOC_OK;
}

enum ovf_doc_status ovf_doctor_rom_bar(const struct ovf_root *r,
				       const struct ovf_pcidev *gpu,
				       const char *gpu_name,
				       struct ovf_doc_rombar *f)
{
	struct ovf_rom_info info;
	struct ovf_err e;
	uint8_t *buf;
	size_t len;
	int err, img;

	memset(f, 0, sizeof(*f));
	if (ovf_existsf(r, "sys/bus/pci/devices/%s/rom", gpu_name) == -ENOENT) {
		f->why = OVF_ROMBAR_NO_ATTR;
		return OVF_DOC_OK;
	}
	/* mapping the ROM BAR would disturb a guest that owns the GPU */
	if (gpu->iommu_group >= 0) {
		char vfio[32];

		snprintf(vfio, sizeof(vfio), "/dev/vfio/%d", gpu->iommu_group);
		if (ovf_proc_users(r, vfio, 1, &f->user, 1) > 0) {
			f->why = OVF_ROMBAR_IN_USE;
			return OVF_DOC_SKIP;
		}
	}
	/*
	 * The one reader of the ROM BAR (enable, read, and disable with the
	 * exact "0\n" the kernel needs), so the doctor leaves it as found.
	 */
	ovf_err_clear(&e);
	err = ovf_rombar_read(r, gpu_name, OVF_DOC_ROMBAR_MAX, &buf, &len, &e);
	if (err) {
		f->e = e;
		if (!strcmp(e.action, "enable")) {
			f->why = OVF_ROMBAR_ENABLE_FAILED;
			return err == -EACCES || err == -EPERM ? OVF_DOC_SKIP :
								 OVF_DOC_WARN;
		}
		if (!strcmp(e.action, "disable")) {
			/* what was read is dropped: the BAR left enabled is the finding */
			f->disable_err = err;
			f->de = e;
			f->why = OVF_ROMBAR_READ_FAILED;
			return OVF_DOC_WARN;
		}
		f->why = err == -ENODATA ? OVF_ROMBAR_EMPTY : OVF_ROMBAR_READ_FAILED;
		return OVF_DOC_OK;
	}
	f->size = len;
	if (ovf_rom_parse(buf, len, 0, &info) != OVF_ROM_OK) {
		f->why = OVF_ROMBAR_INVALID;
		f->error = info.error;
	} else if (!ovf_rom_matches(&info, gpu->vendor, gpu->device, &img)) {
		f->why = OVF_ROMBAR_OTHER_DEVICE;
		if (img >= 0) {
			f->vendor = info.img[img].vendor;
			f->device = info.img[img].device;
		}
	} else {
		f->size = info.total_len;
		f->why = OVF_ROMBAR_IMAGE;
	}
	free(buf);
	return OVF_DOC_OK;
}

enum ovf_doc_status ovf_doctor_audio_group(const struct ovf_root *r,
					   const struct ovf_pcidev *gpu,
					   struct ovf_doc_audio_group *f)
{
	struct ovf_gpu_func funcs[OVF_GPU_MAX_FUNCS];
	unsigned long g;
	char grp[32];
	int i, n;

	memset(f, 0, sizeof(*f));
	n = ovf_gpu_slot_functions(r, &gpu->addr, funcs, OVF_GPU_MAX_FUNCS, &f->e);
	if (n < 0)
		return OVF_DOC_WARN;
	for (i = 0; i < n && i < OVF_GPU_MAX_FUNCS && f->naudio < 8; i++) {
		if (!ovf_gpu_func_is_audio(&funcs[i]))
			continue;
		f->naudio++;
		if (gpu->iommu_group >= 0 &&
		    ovf_readlink_basef(r, grp, sizeof(grp),
				       "sys/bus/pci/devices/%s/iommu_group",
				       funcs[i].name) >= 0 &&
		    !ovf_parse_ulong(grp, 0, INT_MAX, &g) &&
		    g == (unsigned long)gpu->iommu_group)
			snprintf(f->shared[f->nshared++], OVF_PCI_ADDR_LEN, "%s",
				 funcs[i].name);
		else
			snprintf(f->other[f->nother++], OVF_PCI_ADDR_LEN, "%s",
				 funcs[i].name);
	}
	return OVF_DOC_OK;
}

int ovf_doctor_lockdown(const struct ovf_root *r, char *mode, size_t len)
{
	char buf[128], *open, *close;
	ssize_t n;

	mode[0] = '\0';
	n = ovf_read_str(r, "sys/kernel/security/lockdown", buf, sizeof(buf));
	if (n == -ENOENT)
		return 0;	/* no lockdown LSM: nothing locked down */
	if (n < 0)
		return (int)n;
	open = strchr(buf, '[');
	close = open ? strchr(open, ']') : NULL;
	if (!close)
		return -EINVAL;
	snprintf(mode, len, "%.*s", (int)(close - open - 1), open + 1);
	return 0;
}

/* The DSDT and SSDT* names in tables directory @rel (sorted) into @f. */
static int list_tables(const struct ovf_root *r, const char *rel,
		       const char *prefix, struct ovf_doc_tables *f)
{
	DIR *dir = opendir_root(r, rel);
	struct dirent *de;
	int first = f->ntables;

	if (!dir)
		return errno == ENOENT ? 0 : -errno;
	while ((de = readdir(dir)) && f->ntables < OVF_DOC_MAX_TABLES)
		if (!strcmp(de->d_name, "DSDT") || !strncmp(de->d_name, "SSDT", 4))
			snprintf(f->table[f->ntables++], sizeof(f->table[0]), "%s%.30s",
				 prefix, de->d_name);
	closedir(dir);
	qsort(f->table[first], f->ntables - first, sizeof(f->table[0]), cmp_str);
	return 0;
}

enum ovf_doc_status ovf_doctor_acpi_tables(const struct ovf_root *r,
					   struct ovf_doc_tables *f)
{
	static const char base[] = "sys/firmware/acpi/tables";
	uint8_t *aml = NULL;
	size_t len = 0;
	char rel[96];
	ssize_t n;
	int i, fd, err;

	memset(f, 0, sizeof(*f));
	err = list_tables(r, base, "", f);
	if (!err)
		err = list_tables(r, "sys/firmware/acpi/tables/dynamic", "dynamic/", f);
	if (err < 0) {
		ovf_err_root(&f->e, r, err, "read", "%s", base);
		f->unreadable = 1;
		return OVF_DOC_SKIP;
	}
	for (i = 0; i < f->ntables; i++) {
		snprintf(rel, sizeof(rel), "%s/%s", base, f->table[i]);
		aml = NULL;
		fd = ovf_open(r, rel, O_RDONLY | O_CLOEXEC, 0);
		n = fd;
		if (fd >= 0) {
			n = ovf_read_fd(fd, &aml, &len, OVF_DOC_ROMBAR_MAX);
			n = n ? n : (ssize_t)len;
			close(fd);
		}
		if (n < 0) {
			/* tables are root's only: a user's run says so and goes on */
			ovf_err_root(&f->e, r, (int)n, "read", "%s", rel);
			f->unreadable = 1;
			return OVF_DOC_SKIP;
		}
		/* a NameSeg of AML, alone or the last of a path */
		if (aml && memmem(aml, n, "_ROM", 4))
			snprintf(f->rom[f->nrom++], sizeof(f->rom[0]), "%s", f->table[i]);
		free(aml);
	}
	return f->ntables ? OVF_DOC_OK : OVF_DOC_SKIP;
}

/* What virsh wrote to @fd, from its start, NUL-terminated; at most @max bytes. */
static int read_back(int fd, size_t max, char **out, size_t *len)
{
	*out = NULL;
	*len = 0;
	if (lseek(fd, 0, SEEK_SET) < 0)
		return ovf_neg_errno();
	return ovf_read_fd_text(fd, out, len, max);
}

int ovf_doctor_domain_xml(const char *name, int timeout_ms, char **xml,
			  size_t *len, struct ovf_err *e)
{
	/* "--": a name starting with '-' is still the name */
	char *const argv[] = { "virsh", "dumpxml", "--inactive", "--", (char *)name, NULL };
	/* no status yet reads as "did not exit": never as success */
	int out = -1, err = -1, null = -1, r, st = -1;
	char *msg = NULL, *line;
	size_t mlen;
	pid_t pid;

	*xml = NULL;
	*len = 0;
	ovf_err_clear(e);
	/* files, not pipes: virsh never blocks on a reader that waits for it */
	out = memfd_create("virsh-out", MFD_CLOEXEC);
	err = memfd_create("virsh-err", MFD_CLOEXEC);
	null = open("/dev/null", O_RDONLY | O_CLOEXEC);
	if (out < 0 || err < 0 || null < 0) {
		r = ovf_err_set(e, errno, "read domain", "'%s'", name);
		goto out;
	}
	r = ovf_spawn_start(argv[0], argv, null, out, err, &pid);
	if (r == -ENOENT) {
		ovf_err_set(e, r, "read domain", "'%s'", name);
		ovf_err_reason(e, r, "virsh not found");
		goto out;
	}
	if (!r)
		r = ovf_spawn_wait(pid, timeout_ms, &st);
	if (r == -ETIMEDOUT) {
		ovf_err_set(e, r, "read domain", "'%s'", name);
		ovf_err_reason(e, r, "virsh dumpxml gave no answer within %d s",
			       timeout_ms / 1000);
		goto out;
	}
	if (r < 0) {
		ovf_err_set(e, r, "read domain", "'%s'", name);
		goto out;
	}
	if (!WIFEXITED(st) || WEXITSTATUS(st)) {
		r = ovf_err_set(e, EIO, "read domain", "'%s'", name);
		if (!read_back(err, 65536, &msg, &mlen) && msg) {
			line = msg + strspn(msg, "\n");
			line[strcspn(line, "\n")] = '\0';
			if (!strncmp(line, "error: ", 7))
				line += 7;
			if (*line)
				ovf_err_reason(e, EIO, "virsh: %s", line);
		}
		if (!msg || !e || !e->reason[0])
			ovf_err_reason(e, EIO, "virsh dumpxml failed");
		goto out;
	}
	r = read_back(out, OVF_LVX_MAX, xml, len);
	if (r < 0)
		ovf_err_set(e, r, "read domain", "'%s'", name);
out:
	free(msg);
	if (out >= 0)
		close(out);
	if (err >= 0)
		close(err);
	if (null >= 0)
		close(null);
	return r;
}

enum ovf_doc_status ovf_doctor_rom_file(const char *file, int shown, int has_hostdev,
				       const struct ovf_pcidev *gpu,
				       struct ovf_doc_rom_file *f)
{
	struct stat st;
	int r;

	memset(f, 0, sizeof(*f));
	if (!has_hostdev) {
		f->why = OVF_ROMFILE_NO_HOSTDEV;
		return OVF_DOC_SKIP;
	}
	if (!file) {
		f->why = OVF_ROMFILE_NONE;
		return OVF_DOC_SKIP;
	}
	snprintf(f->file, sizeof(f->file), "%s", file);
	if (!shown) {
		f->why = OVF_ROMFILE_HIDDEN;
		return OVF_DOC_SKIP;
	}
	r = ovf_rom_bar_check(file, gpu->vendor, gpu->device, &f->f, &f->e);
	if (r < 0 && f->f.fit == OVF_ROM_BAR_FIT) {
		/* QEMU would not start the guest: "failed to find romfile" */
		f->why = OVF_ROMFILE_UNREADABLE;
		return OVF_DOC_FAIL;
	}
	if (r < 0) {
		f->why = OVF_ROMFILE_UNFIT;
		return f->f.fit == OVF_ROM_BAR_DEVICE ? OVF_DOC_WARN : OVF_DOC_FAIL;
	}
	/* we may read it as root; QEMU runs as its own user */
	if (stat(file, &st) == 0 && !(st.st_mode & S_IROTH)) {
		f->why = OVF_ROMFILE_PRIVATE;
		f->mode = st.st_mode & 07777;
		return OVF_DOC_WARN;
	}
	f->why = OVF_ROMFILE_FIT;
	return OVF_DOC_OK;
}

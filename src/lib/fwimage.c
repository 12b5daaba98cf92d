// SPDX-License-Identifier: GPL-2.0-or-later
/* Finding vBIOS images in a vendor firmware update or an SPI flash dump (ovf/fwimage.h). */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ovf/cleanup.h"
#include "ovf/err.h"
#include "ovf/fwimage.h"
#include "ovf/spawn.h"
#include "ovf/util.h"

/* Far above any SPI flash (32 MiB today) or update package seen. */
#define FW_MAX (256u << 20)
#define INFO_MAX (64u << 10)
#define LOG_MAX (1u << 20)

/*
 * Why UEFIExtract and not a parser of our own: firmware volumes nest
 * (capsule, flash descriptor regions, volumes in compressed sections in
 * files in volumes), vendors use four compressions (LZMA, Tiano, EFI 1.1,
 * Brotli, plus Intel's LZMA variant) and AMI/Insyde/Phoenix quirks; UEFITool
 * knows all of them and Debian ships it. We only read its dump: a tree of
 * "N NAME" directories each with info.txt and body.bin.
 */

struct fw_ctx {
	const struct ovf_fw_opts *o;
	struct ovf_vbios_list *l;
	struct ovf_err *e;
	char work[PATH_MAX];		/* the private directory */
	unsigned int seq;		/* names the sub-directories in it */
	unsigned long long bytes;	/* unpacked so far (bodies read, files unpacked) */
	unsigned long files;
	size_t nvidia_before;		/* NVIDIA candidates in @l before the scan */
	/* the first soft failure: reported only when no NVIDIA ROM turns up */
	int soft_err;
	struct ovf_err soft;
};

static unsigned long long max_bytes(const struct fw_ctx *c)
{
	return c->o && c->o->max_bytes ? c->o->max_bytes : OVF_FW_MAX_BYTES;
}

static unsigned long max_files(const struct fw_ctx *c)
{
	return c->o && c->o->max_files ? c->o->max_files : OVF_FW_MAX_FILES;
}

static unsigned int max_depth(const struct fw_ctx *c)
{
	return c->o && c->o->max_depth ? c->o->max_depth : OVF_FW_MAX_DEPTH;
}

static int timeout_ms(const struct fw_ctx *c)
{
	return c->o && c->o->timeout_ms ? c->o->timeout_ms : OVF_FW_TIMEOUT_MS;
}

static const char *prog(const char *set, const char *dflt)
{
	return set && *set ? set : dflt;
}

static const void *find(const uint8_t *buf, size_t len, const char *s)
{
	return memmem(buf, len, s, strlen(s));
}

int ovf_fw_has_volume(const uint8_t *buf, size_t len)
{
	const uint8_t *p = buf, *end = buf + len;

	/* "_FVH" at 40 of a header whose length (at 48) covers the block map */
	while ((p = memmem(p, end - p, "_FVH", 4))) {
		size_t at = p - buf;

		if (at >= 40 && len - (at - 40) >= 0x48) {
			unsigned int hl = p[8] | p[9] << 8;

			if (hl >= 0x48 && hl % 8 == 0)
				return 1;
		}
		p += 4;
		if (p >= end)
			break;
	}
	return 0;
}

enum ovf_fw_kind ovf_fw_detect(const uint8_t *buf, size_t len,
			       const char **what, const char **how)
{
	static const struct {
		const char *magic;
		size_t n;
		const char *what;
	} archives[] = {
		{ "7z\xbc\xaf\x27\x1c", 6, "a 7z archive" },
		{ "PK\x03\x04", 4, "a zip archive" },
		{ "MSCF", 4, "a cab archive" },
		{ "\x1f\x8b", 2, "a gzip file" },
		{ "\xfd" "7zXZ\0", 6, "an xz file" },
		{ "BZh", 3, "a bzip2 file" },
		{ "Rar!\x1a\x07", 6, "a rar archive" },
	};
	size_t i;

	*how = NULL;
	/* the known wrappers no Debian tool takes apart for us */
	if (len >= 8 && !memcmp(buf, "PFS.HDR.", 8)) {
		*what = "a Dell PFS update";
		*how = "Dell PFS Update Extractor (BIOSUtilities)";
		return OVF_FW_UNHANDLED;
	}
	if (len >= 4 && !memcmp(buf, "ISc(", 4)) {
		*what = "an InstallShield cabinet";
		*how = "unshield x";
		return OVF_FW_UNHANDLED;
	}
	for (i = 0; i < sizeof(archives) / sizeof(archives[0]); i++) {
		if (len >= archives[i].n && !memcmp(buf, archives[i].magic, archives[i].n)) {
			*what = archives[i].what;
			return OVF_FW_ARCHIVE;
		}
	}
	if (len >= 262 && !memcmp(buf + 257, "ustar", 5)) {
		*what = "a tar archive";
		return OVF_FW_ARCHIVE;
	}
	if (len < 2 || memcmp(buf, "MZ", 2)) {
		*what = "a firmware image";
		return OVF_FW_IMAGE;
	}
	/* a Windows executable: which kind of installer, if any */
	if (find(buf, len, "Inno Setup Setup Data (")) {
		*what = "an InnoSetup installer";
		return OVF_FW_INNO;
	}
	if (find(buf, len, "PFS.HDR.")) {
		*what = "a Dell update with a PFS image";
		*how = "Dell PFS Update Extractor (BIOSUtilities)";
		return OVF_FW_UNHANDLED;
	}
	if (find(buf, len, "InstallShield")) {
		*what = "an InstallShield installer";
		*how = "an administrative install on Windows (setup.exe /a), then unshield x on its data1.cab";
		return OVF_FW_UNHANDLED;
	}
	/* a flasher carrying the image as it is (Insyde, AMI AFU): UEFIExtract finds it */
	if (ovf_fw_has_volume(buf, len)) {
		*what = "an executable holding a firmware image";
		return OVF_FW_IMAGE;
	}
	*what = "a Windows executable";
	return OVF_FW_PE;
}

/* The value after "@key: " on a line of @t, into @out; 1 when found. */
static int info_field(const char *t, size_t len, const char *key, char *out,
		      size_t size)
{
	size_t kl = strlen(key), i = 0;

	while (i < len) {
		const char *line = t + i, *nl = memchr(line, '\n', len - i);
		size_t ll = nl ? (size_t)(nl - line) : len - i, vl;

		i += ll + 1;
		if (ll < kl + 2 || memcmp(line, key, kl) || line[kl] != ':' ||
		    line[kl + 1] != ' ')
			continue;
		vl = ll - kl - 2;
		while (vl && (line[kl + 2 + vl - 1] == '\r' || line[kl + 2 + vl - 1] == ' '))
			vl--;
		if (vl >= size)
			vl = size - 1;
		memcpy(out, line + kl + 2, vl);
		out[vl] = '\0';
		return 1;
	}
	return 0;
}

int ovf_fw_info_parse(const char *text, size_t len, struct ovf_fw_info *out)
{
	static const char *const guids[] = {
		"Volume GUID", "File GUID", "Section GUID", "Capsule GUID",
		"FileSystem GUID",
	};
	size_t i;

	memset(out, 0, sizeof(*out));
	if (!info_field(text, len, "Type", out->type, sizeof(out->type)))
		return -EINVAL;
	info_field(text, len, "Subtype", out->subtype, sizeof(out->subtype));
	for (i = 0; i < sizeof(guids) / sizeof(guids[0]); i++)
		if (info_field(text, len, guids[i], out->guid, sizeof(out->guid)))
			break;
	info_field(text, len, "Compression algorithm", out->compression,
		   sizeof(out->compression));
	return 0;
}

int ovf_fw_7z_listing_parse(const char *text, size_t len,
			    struct ovf_fw_listing *out)
{
	size_t i = 0;
	int in_list = 0, folder = 0, have = 0;

	memset(out, 0, sizeof(*out));
	while (i < len) {
		const char *line = text + i, *nl = memchr(line, '\n', len - i);
		size_t ll = nl ? (size_t)(nl - line) : len - i;

		i += ll + 1;
		if (ll && line[ll - 1] == '\r')
			ll--;
		/* the archive's own block ends at a line of dashes */
		if (ll == 10 && !memcmp(line, "----------", 10)) {
			in_list = 1;
			continue;
		}
		if (!in_list)
			continue;
		if (ll >= 7 && !memcmp(line, "Path = ", 7)) {
			have = 1;
			folder = 0;
			out->files++;
		} else if (ll == 10 && !memcmp(line, "Folder = +", 10)) {
			/* a directory entry counts for nothing */
			if (!folder && out->files)
				out->files--;
			folder = 1;
		} else if (ll > 7 && !memcmp(line, "Size = ", 7) && !folder) {
			char num[24];
			size_t n = ll - 7 < sizeof(num) - 1 ? ll - 7 : sizeof(num) - 1;
			unsigned long long v;
			char *end;

			memcpy(num, line + 7, n);
			num[n] = '\0';
			errno = 0;
			v = strtoull(num, &end, 10);
			if (errno || *end || num[0] == '-')
				v = ULLONG_MAX;
			out->bytes = v > ULLONG_MAX - out->bytes ? ULLONG_MAX : out->bytes + v;
		} else if (ll == 13 && !memcmp(line, "Encrypted = +", 13)) {
			out->encrypted = 1;
		}
	}
	return have || in_list ? 0 : -EINVAL;
}

/* snprintf for paths: -ENAMETOOLONG rather than a cut path. */
static int __attribute__((format(printf, 3, 4)))
pathf(char *out, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(out, size, fmt, ap);
	va_end(ap);
	return n < 0 || (size_t)n >= size ? -ENAMETOOLONG : 0;
}

/* ---- the private directory ---- */

static int rm_entry(const char *path, const struct stat *st, int flag,
		    struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	if (flag == FTW_DP)
		rmdir(path);
	else
		unlink(path);
	return 0;
}

static void rm_tree(const char *dir)
{
	nftw(dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

/* ---- running the helpers ---- */

/* Which helper for what, and the Debian package that has it. */
struct helper {
	const char *role;
	const char *package;
};

static const struct helper UEFIEXTRACT = { "needed for firmware volumes", "uefitool-cli" };
static const struct helper INNOEXTRACT = { "needed for InnoSetup installers", "innoextract" };
static const struct helper SEVENZIP = { "needed for archives and self-extractors", "p7zip-full" };

/*
 * Run @argv[0] (the @h helper) with stdin /dev/null and its output in
 * @log; 0 and its wait status in *@status, or -errno with @c->e set
 * (-ENOPKG: not there).
 */
static int run_helper(struct fw_ctx *c, char *const argv[], const char *log,
		      const struct helper *h, int *status)
{
	int logfd, nullfd, err;
	pid_t pid;

	/* until the helper is reaped its status reads as killed, never as success */
	*status = SIGKILL;
	/*
	 * Every failure returns its own negative err, not the error record's
	 * return: callers read *@status exactly when this returns 0.
	 */
	logfd = open(log, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (logfd < 0) {
		err = ovf_neg_errno();
		ovf_err_set(c->e, err, "create", "%s", log);
		return err;
	}
	nullfd = open("/dev/null", O_RDONLY | O_CLOEXEC);
	err = ovf_spawn_start(argv[0], argv, nullfd, logfd, logfd, &pid);
	close(logfd);
	if (nullfd >= 0)
		close(nullfd);
	if (err == -ENOENT || err == -EACCES) {
		ovf_err_set(c->e, ENOPKG, "run", "%s", argv[0]);
		ovf_err_reason(c->e, ENOPKG, "not found (%s; Debian package %s)",
			       h->role, h->package);
		return -ENOPKG;
	}
	if (err < 0) {
		ovf_err_set(c->e, err, "run", "%s", argv[0]);
		return err;
	}
	err = ovf_spawn_wait(pid, timeout_ms(c), status);
	if (err == -ETIMEDOUT) {
		ovf_err_set(c->e, ETIMEDOUT, "run", "%s", argv[0]);
		ovf_err_reason(c->e, ETIMEDOUT, "still running after %d s: killed",
			       timeout_ms(c) / 1000);
		return -ETIMEDOUT;
	}
	if (err < 0) {
		ovf_err_set(c->e, err, "wait for", "%s", argv[0]);
		return err;
	}
	return 0;
}

/* The helper's log, NUL-terminated (malloc'd; NULL when unreadable). */
static char *read_log(const char *log)
{
	char *s;

	return ovf_read_file_text(log, &s, NULL, LOG_MAX) ? NULL : s;
}

/* Copy the first line of @log containing @needle to @out (without its end). */
static int log_line(const char *log, const char *needle, char *out, size_t size)
{
	const char *p = strstr(log, needle), *start, *end;
	size_t n;

	if (!p)
		return 0;
	for (start = p; start > log && start[-1] != '\n'; start--)
		;
	end = strchr(p, '\n');
	n = end ? (size_t)(end - start) : strlen(start);
	if (n >= size)
		n = size - 1;
	memcpy(out, start, n);
	out[n] = '\0';
	return 1;
}

/* Remember the first soft failure (damage, a wrapper not handled, nothing in a wrapper). */
static void __attribute__((format(printf, 4, 5)))
soft_fail(struct fw_ctx *c, int err, const char *where, const char *fmt, ...)
{
	va_list ap;
	char reason[sizeof(c->soft.reason)];

	if (c->soft_err)
		return;
	va_start(ap, fmt);
	vsnprintf(reason, sizeof(reason), fmt, ap);
	va_end(ap);
	c->soft_err = -err;
	ovf_err_set(&c->soft, err, "unpack", "%s", where);
	ovf_err_reason(&c->soft, err, "%s", reason);
}

static int over_bounds(struct fw_ctx *c, const char *where)
{
	if (c->bytes > max_bytes(c)) {
		ovf_err_set(c->e, EFBIG, "unpack", "%s", where);
		return ovf_err_reason(c->e, EFBIG, "unpacks to more than %llu bytes",
				      max_bytes(c));
	}
	if (c->files > max_files(c)) {
		ovf_err_set(c->e, EFBIG, "unpack", "%s", where);
		return ovf_err_reason(c->e, EFBIG, "unpacks to more than %lu files",
				      max_files(c));
	}
	return 0;
}

/* ---- UEFIExtract's dump ---- */

/* What the walk knows of the elements above the one it is in. */
struct frame {
	char volume[48];
	char file[40];
	char file_name[80];
	char compression[24];	/* of the innermost compressed section above */
};

/* "3 Vbios10de1c8d" -> its index 3 and the name part */
static long entry_index(const char *name, const char **rest)
{
	char *end;
	long n = strtol(name, &end, 10);

	if (end == name || *end != ' ')
		return -1;
	*rest = end + 1;
	return n;
}

static int cmp_entries(const void *a, const void *b)
{
	const char *x = *(const char *const *)a, *y = *(const char *const *)b, *r = NULL;
	long i = entry_index(x, &r), j = entry_index(y, &r);

	return i < j ? -1 : i > j;
}

static void lower(char *dst, const char *src, size_t size)
{
	size_t i;

	for (i = 0; src[i] && i + 1 < size; i++)
		dst[i] = (src[i] >= 'A' && src[i] <= 'Z') ? src[i] + 32 : src[i];
	dst[i] = '\0';
}

/* "TOP: volume V, file F (NAME), raw section, LZMA-compressed" */
static void where_of(char *out, size_t size, const char *top, const struct frame *f,
		     const struct ovf_fw_info *in)
{
	char what[64], sub[48];
	int n = snprintf(out, size, "%s:", top);

	if (f->volume[0] && n >= 0 && (size_t)n < size)
		n += snprintf(out + n, size - n, " volume %s,", f->volume);
	if (f->file[0] && n >= 0 && (size_t)n < size)
		n += snprintf(out + n, size - n, f->file_name[0] ? " file %s (%s)," :
			      " file %s,%s", f->file, f->file_name);
	lower(sub, in->subtype, sizeof(sub));
	if (!strcmp(in->type, "Section"))
		snprintf(what, sizeof(what), "%s section", sub[0] ? sub : "a");
	else if (!strcmp(in->type, "File"))
		snprintf(what, sizeof(what), "file body");
	else
		lower(what, in->type, sizeof(what));
	if (n >= 0 && (size_t)n < size)
		snprintf(out + n, size - n, " %s%s%s%s", what,
			 f->compression[0] ? ", " : "", f->compression,
			 f->compression[0] ? "-compressed" : "");
}

static int scan_body(struct fw_ctx *c, const char *path, const char *where)
{
	uint8_t *buf;
	size_t len;
	struct stat st;
	int r;

	if (lstat(path, &st) < 0 || !S_ISREG(st.st_mode))
		return 0;
	c->bytes += st.st_size;
	c->files++;
	r = over_bounds(c, where);
	if (r)
		return r;
	r = ovf_read_file(path, &buf, &len, FW_MAX);
	if (r)
		return ovf_err_set(c->e, r, "read", "%s", path);
	r = ovf_vbios_scan_buf(buf, len, where, c->l);
	free(buf);
	if (r < 0)
		return ovf_err_set(c->e, r, "scan", "%s", path);
	return 0;
}

/* Walk the element directory @dir (an "N NAME" one, or the dump's top) below @up. */
static int walk(struct fw_ctx *c, const char *dir, const char *name,
		const struct frame *up, const char *top, unsigned int depth)
{
	char path[PATH_MAX], where[1024], **ents = NULL;
	struct ovf_fw_info in;
	struct frame f = *up;
	size_t n = 0, cap = 0, i;
	struct dirent *de;
	uint8_t *text;
	size_t tlen;
	int r = 0;
	DIR *d;

	if (depth > 64)
		return 0;	/* deeper than any real nesting: not followed */
	snprintf(path, sizeof(path), "%s/info.txt", dir);
	memset(&in, 0, sizeof(in));
	if (ovf_read_file(path, &text, &tlen, INFO_MAX) == 0) {
		ovf_fw_info_parse((const char *)text, tlen, &in);
		free(text);
	}
	if (!strcmp(in.type, "Volume")) {
		snprintf(f.volume, sizeof(f.volume), "%s", in.guid[0] ? in.guid : name);
		f.file[0] = f.file_name[0] = '\0';
	} else if (!strcmp(in.type, "File")) {
		snprintf(f.file, sizeof(f.file), "%s", in.guid[0] ? in.guid : name);
		/* the directory is named after the UI section when there is one */
		snprintf(f.file_name, sizeof(f.file_name), "%s",
			 strcasecmp(name, f.file) ? name : "");
	}
	if (in.compression[0] && strcmp(in.compression, "None"))
		snprintf(f.compression, sizeof(f.compression), "%s", in.compression);

	d = opendir(dir);
	if (!d)
		return ovf_err_set(c->e, errno, "open", "%s", dir);
	while ((de = readdir(d))) {
		const char *rest;
		char **nv;

		if (entry_index(de->d_name, &rest) < 0)
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 16;
			nv = realloc(ents, cap * sizeof(*ents));
			if (!nv) {
				r = -ENOMEM;
				break;
			}
			ents = nv;
		}
		ents[n] = strdup(de->d_name);
		if (!ents[n]) {
			r = -ENOMEM;
			break;
		}
		n++;
	}
	closedir(d);
	if (r)
		ovf_err_set(c->e, r, "read", "%s", dir);
	/* UEFIExtract's order, so the same image always lists the same way */
	if (!r && n)
		qsort(ents, n, sizeof(*ents), cmp_entries);
	/* children first: the innermost element names a ROM found twice */
	for (i = 0; !r && i < n; i++) {
		const char *rest = "";

		entry_index(ents[i], &rest);
		snprintf(path, sizeof(path), "%s/%s", dir, ents[i]);
		r = walk(c, path, rest, &f, top, depth + 1);
	}
	for (i = 0; i < n; i++)
		free(ents[i]);
	free(ents);
	if (r)
		return r;
	snprintf(path, sizeof(path), "%s/body.bin", dir);
	where_of(where, sizeof(where), top, &f, &in);
	return scan_body(c, path, where);
}

/* UEFIExtract's messages that mean the image is damaged, not merely unusual. */
static const char *const damage_words[] = {
	"decompression failed", "overlaps the end", "beyond the end",
	"truncated", "invalid volume", "invalid section",
};

/* The firmware image @buf, known as @top: UEFIExtract's dump of it, walked. */
static int scan_volumes(struct fw_ctx *c, const uint8_t *buf, size_t len,
			const char *top)
{
	char img[PATH_MAX], dump[PATH_MAX], log[PATH_MAX], line[300];
	char *argv[4];
	struct frame f;
	char *text;
	int r, status;
	size_t i;

	if (pathf(img, sizeof(img), "%s/%u.img", c->work, c->seq) ||
	    pathf(dump, sizeof(dump), "%s.dump", img) ||
	    pathf(log, sizeof(log), "%s/%u.log", c->work, c->seq++))
		return ovf_err_set(c->e, ENAMETOOLONG, "create", "%s", c->work);
	/* UEFIExtract writes IMG.dump next to IMG: a copy in our directory */
	r = ovf_write_new(img, buf, len);
	if (r)
		return ovf_err_set(c->e, r, "write", "%s", img);
	argv[0] = (char *)prog(c->o ? c->o->uefiextract : NULL, "UEFIExtract");
	argv[1] = img;
	argv[2] = "dump";
	argv[3] = NULL;
	r = run_helper(c, argv, log, &UEFIEXTRACT, &status);
	unlink(img);
	if (r)
		return r;
	text = read_log(log);
	if (!WIFEXITED(status) || WEXITSTATUS(status)) {
		ovf_err_set(c->e, EBADMSG, "unpack", "%s", top);
		r = ovf_err_reason(c->e, EBADMSG, "%s failed (%s %d)%s%s", argv[0],
				   WIFEXITED(status) ? "exit status" : "signal",
				   WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status),
				   text && *text ? ": " : "",
				   text && log_line(text, "", line, sizeof(line)) ? line : "");
		free(text);
		return r;
	}
	for (i = 0; text && i < sizeof(damage_words) / sizeof(damage_words[0]); i++) {
		if (log_line(text, damage_words[i], line, sizeof(line))) {
			soft_fail(c, EBADMSG, top, "damaged firmware image (UEFIExtract: %s)",
				  line);
			break;
		}
	}
	free(text);
	memset(&f, 0, sizeof(f));
	r = walk(c, dump, "", &f, top, 0);
	rm_tree(dump);
	return r;
}

static int scan_file(struct fw_ctx *c, const char *path, const char *top,
		     unsigned int depth);

/* Every regular file under @dir (a wrapper's unpacked payload), as @top: REL. */
static int scan_unpacked(struct fw_ctx *c, const char *dir, const char *rel,
			 const char *top, unsigned int depth, int *found)
{
	char path[PATH_MAX], sub[PATH_MAX], inner[PATH_MAX + 64];
	struct dirent *de;
	struct stat st;
	DIR *d = opendir(dir);
	int r = 0;

	if (!d)
		return ovf_err_set(c->e, errno, "open", "%s", dir);
	while (!r && (de = readdir(d))) {
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		snprintf(sub, sizeof(sub), "%s%s%s", rel, *rel ? "/" : "", de->d_name);
		/* links from an archive are never followed */
		if (lstat(path, &st) < 0)
			continue;
		if (S_ISDIR(st.st_mode)) {
			r = scan_unpacked(c, path, sub, top, depth, found);
		} else if (S_ISREG(st.st_mode)) {
			size_t before = c->l->n;

			/* what a helper unpacked counts, whatever its listing said */
			c->bytes += st.st_size;
			c->files++;
			r = over_bounds(c, top);
			if (r)
				break;
			snprintf(inner, sizeof(inner), "%s: %s", top, sub);
			r = scan_file(c, path, inner, depth + 1);
			if (c->l->n > before)
				*found = 1;
		}
	}
	closedir(d);
	return r;
}

/*
 * 7z @cmd @arg on @path: a password it cannot be asked for interactively,
 * so an encrypted archive fails instead of waiting on a prompt.
 */
static int run_7z(struct fw_ctx *c, const char *cmd, const char *arg,
		  const char *path, const char *log, int *status)
{
	char *argv[] = {
		(char *)prog(c->o ? c->o->sevenzip : NULL, "7z"), (char *)cmd,
		(char *)arg, "-y", "-pvbios-extract-no-password", "--",
		(char *)path, NULL,
	};

	return run_helper(c, argv, log, &SEVENZIP, status);
}

/* Unpack the wrapper @path (@kind) into a new sub-directory and scan what came out. */
static int scan_wrapper(struct fw_ctx *c, const char *path, const char *top,
			enum ovf_fw_kind kind, const char *what, unsigned int depth)
{
	char out[PATH_MAX], log[PATH_MAX], oarg[PATH_MAX + 4], line[300];
	const char *helper = prog(c->o ? c->o->sevenzip : NULL, "7z");
	char *argv[6], *text = NULL;
	int r, status, found = 0;
	unsigned int seq = c->seq++;

	if (depth >= max_depth(c)) {
		ovf_err_set(c->e, EFBIG, "unpack", "%s", top);
		return ovf_err_reason(c->e, EFBIG, "wrappers nested deeper than %u",
				      max_depth(c));
	}
	if (pathf(out, sizeof(out), "%s/%u.d", c->work, seq) ||
	    pathf(log, sizeof(log), "%s/%u.log", c->work, seq))
		return ovf_err_set(c->e, ENAMETOOLONG, "create", "%s", c->work);
	if (mkdir(out, 0700) < 0)
		return ovf_err_set(c->e, errno, "create", "%s", out);
	if (kind == OVF_FW_INNO) {
		helper = prog(c->o ? c->o->innoextract : NULL, "innoextract");
		argv[0] = (char *)helper;
		argv[1] = "-s";
		argv[2] = "-d";
		argv[3] = out;
		argv[4] = (char *)path;
		argv[5] = NULL;
		r = run_helper(c, argv, log, &INNOEXTRACT, &status);
	} else {
		struct ovf_fw_listing ls;

		/* the listing first: a bomb is refused before anything is unpacked */
		r = run_7z(c, "l", "-slt", path, log, &status);
		if (r)
			goto out;
		text = read_log(log);
		if (!text) {
			r = ovf_err_set(c->e, EIO, "read", "%s", log);
			goto out;
		}
		if (strstr(text, "Wrong password") || strstr(text, "encrypted archive") ||
		    (ovf_fw_7z_listing_parse(text, strlen(text), &ls) == 0 && ls.encrypted)) {
			soft_fail(c, EOPNOTSUPP, top, "%s that is encrypted: not handled; "
				  "extract it by hand with 7z x and its password", what);
			r = 0;
			goto out;
		}
		if (!WIFEXITED(status) || WEXITSTATUS(status) ||
		    ovf_fw_7z_listing_parse(text, strlen(text), &ls)) {
			if (kind == OVF_FW_PE) {
				/* an executable 7z cannot open: the raw scan was all */
				soft_fail(c, EOPNOTSUPP, top, "%s that is no installer or "
					  "archive innoextract or 7z opens: not handled; "
					  "extract it by hand (its own extract option, "
					  "on Windows)", what);
				r = 0;
				goto out;
			}
			ovf_err_set(c->e, EBADMSG, "unpack", "%s", top);
			r = ovf_err_reason(c->e, EBADMSG, "7z cannot open %s%s%s", what,
					   log_line(text, "ERROR: ", line, sizeof(line)) ? ": " : "",
					   log_line(text, "ERROR: ", line, sizeof(line)) ? line : "");
			goto out;
		}
		if (ls.bytes > max_bytes(c) - c->bytes || ls.files > max_files(c) - c->files) {
			ovf_err_set(c->e, EFBIG, "unpack", "%s", top);
			r = ovf_err_reason(c->e, EFBIG, "%s of %lu files, %llu bytes unpacked: "
					   "more than the limit (%lu files, %llu bytes)",
					   what, ls.files, ls.bytes, max_files(c), max_bytes(c));
			goto out;
		}
		free(text);
		text = NULL;
		snprintf(oarg, sizeof(oarg), "-o%s", out);
		r = run_7z(c, "x", oarg, path, log, &status);
	}
	if (r)
		goto out;
	if (!WIFEXITED(status) || WEXITSTATUS(status)) {
		text = read_log(log);
		if (kind == OVF_FW_PE) {
			r = 0;
			goto out;
		}
		ovf_err_set(c->e, EBADMSG, "unpack", "%s", top);
		r = ovf_err_reason(c->e, EBADMSG, "%s failed on %s (exit status %d)%s%s",
				   helper, what, WIFEXITED(status) ? WEXITSTATUS(status) : -1,
				   text && log_line(text, "rror", line, sizeof(line)) ? ": " : "",
				   text && log_line(text, "rror", line, sizeof(line)) ? line : "");
		goto out;
	}
	r = scan_unpacked(c, out, "", top, depth, &found);
	if (!r && !found && kind != OVF_FW_PE)
		soft_fail(c, ENODATA, top, "%s with no firmware image or ROM in it", what);
out:
	free(text);
	rm_tree(out);
	unlink(log);
	return r;
}

/* One file, known to the user as @top: what wraps it, its volumes, its raw bytes. */
static int scan_file(struct fw_ctx *c, const char *path, const char *top,
		     unsigned int depth)
{
	const char *what, *how;
	enum ovf_fw_kind kind;
	uint8_t *buf;
	size_t len;
	int r;

	r = ovf_read_file(path, &buf, &len, FW_MAX);
	if (r)
		return ovf_err_set(c->e, r, "read", "%s", depth ? top : path);
	kind = ovf_fw_detect(buf, len, &what, &how);
	switch (kind) {
	case OVF_FW_UNHANDLED:
		soft_fail(c, EOPNOTSUPP, top, "%s: not handled; extract it by hand with %s",
			  what, how);
		r = 0;
		break;
	case OVF_FW_ARCHIVE:
	case OVF_FW_INNO:
		r = scan_wrapper(c, path, top, kind, what, depth);
		break;
	case OVF_FW_PE:
		/* an NVIDIA flasher carries the ROM as it is: the raw scan finds it */
		r = ovf_vbios_scan_buf(buf, len, top, c->l);
		if (r < 0)
			r = ovf_err_set(c->e, r, "scan", "%s", path);
		else
			r = scan_wrapper(c, path, top, kind, what, depth);
		break;
	case OVF_FW_IMAGE:
		r = 0;
		if (ovf_fw_has_volume(buf, len))
			r = scan_volumes(c, buf, len, top);
		/* after the volumes: their more precise "where" wins the dedupe */
		if (!r) {
			r = ovf_vbios_scan_buf(buf, len, top, c->l);
			if (r < 0)
				r = ovf_err_set(c->e, r, "scan", "%s", path);
			else
				r = 0;
		}
		break;
	}
	free(buf);
	return r < 0 ? r : 0;
}

static size_t count_nvidia(const struct ovf_vbios_list *l)
{
	size_t i, n = 0;

	for (i = 0; i < l->n; i++)
		n += l->v[i].kind == OVF_VBIOS_NVIDIA;
	return n;
}

int ovf_fw_scan(const char *path, const struct ovf_fw_opts *o,
		struct ovf_vbios_list *l, struct ovf_err *e)
{
	struct fw_ctx *c;
	int r;

	c = calloc(1, sizeof(*c));
	if (!c)
		return ovf_err_set(e, ENOMEM, "scan", "%s", path);
	c->o = o;
	c->l = l;
	c->e = e;
	c->nvidia_before = count_nvidia(l);
	/* an unreadable file is said so before any temp directory exists */
	if (access(path, R_OK) < 0) {
		r = ovf_err_set(e, errno, "read", "%s", path);
		free(c);
		return r;
	}
	r = ovf_workdir_make(c->work, sizeof(c->work) - 256, c->o ? c->o->tmpdir : NULL,
			     "vbios-extract", e);
	if (r) {
		free(c);
		return r;
	}
	r = scan_file(c, path, path, 0);
	rm_tree(c->work);
	ovf_cleanup_del_path(c->work);
	if (!r && c->soft_err && count_nvidia(l) == c->nvidia_before) {
		if (e)
			*e = c->soft;
		r = c->soft_err;
	}
	free(c);
	return r;
}

// SPDX-License-Identifier: GPL-2.0-or-later
/* Reading a vBIOS through _ROM: the request shapes learnt from the replies, and the read loop. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ovf/err.h"
#include "ovf/gpu.h"
#include "ovf/pciaddr.h"

#include "ovf/romdump.h"

void ovf_romdump_init(struct ovf_romdump *s, size_t page)
{
	memset(s, 0, sizeof(*s));
	s->page = page;
	s->chunk = page;
}

void ovf_romdump_next(const struct ovf_romdump *s, size_t have, size_t target,
		      size_t *want, size_t *arg1)
{
	size_t w = s->page - have % s->page;

	if (s->chunk < w)
		w = s->chunk;
	if (target - have < w)
		w = target - have;
	*want = w;
	*arg1 = w < s->min_len ? s->min_len : w;
}

size_t ovf_romdump_reply(struct ovf_romdump *s, size_t want, size_t values,
			 int truncated, int *ended)
{
	/* a retry that asked for more worked: ask at least that from now on */
	if (s->grown) {
		s->min_len = s->grown;
		s->grown = 0;
	}
	/*
	 * Only a reply cut below the chunk says how much one reply carries.
	 * One cut below the bytes asked for but above the chunk cannot happen;
	 * one longer than asked (a method that always answers 4 KiB) says
	 * nothing about the chunk: shrinking to what was asked at a page's
	 * end would ratchet down to 1-byte calls.
	 */
	if (truncated && values && values < s->chunk)
		s->chunk = values;
	*ended = !truncated && values < want;
	return values < want ? values : want;
}

int ovf_romdump_refused(struct ovf_romdump *s, size_t want, size_t arg1,
			unsigned int attempt, size_t *want_out, size_t *arg1_out)
{
	unsigned int i = 0;
	size_t v;

	s->grown = 0;
	/* methods that take a small Arg1 for bits of a region, or refuse it */
	if (arg1 < s->page) {
		if (attempt == i) {
			s->grown = s->page;
			*arg1_out = s->page;
			*want_out = want;
			return 1;
		}
		i++;
	}
	/* a window or bank that ends inside the request: shorter ones */
	for (v = arg1 / 2; v >= 1 && v >= s->min_len; v /= 2, i++) {
		if (attempt == i) {
			*arg1_out = v;
			*want_out = want < v ? want : v;
			return 1;
		}
	}
	return 0;
}

int ovf_romdump_is_limit(const char *ae)
{
	size_t n = strlen(ae);

	return strncmp(ae, "AE_AML_", 7) == 0 && n > 13 &&
	       strcmp(ae + n - 6, "_LIMIT") == 0;
}

int ovf_romdump_method(const char *acpi, char *out, size_t outlen)
{
	char norm[256];
	int n;

	if (ovf_acpi_path_normalise(acpi, norm, sizeof(norm)) < 0)
		return -EINVAL;
	n = snprintf(out, outlen, "%s._ROM", norm);
	return n < 0 || (size_t)n >= outlen ? -EINVAL : 0;
}

int ovf_romdump_target(const struct ovf_root *root, const char *dev,
		       const char *acpi, struct ovf_gpu *gpu, char *method,
		       size_t methodlen, enum ovf_romdump_step *step,
		       struct ovf_err *e)
{
	const struct ovf_pcidev *d = &gpu->dev;
	int err;

	memset(gpu, 0, sizeof(*gpu));
	ovf_err_clear(e);
	*step = OVF_ROMDUMP_STEP_GPU;
	if (dev && acpi) {
		/* with both given nothing needs looking up */
		err = ovf_pci_addr_parse(dev, &gpu->dev.addr);
		if (err < 0)
			return ovf_err_set(e, err, "parse", "%s", dev);
	} else {
		err = ovf_gpu_find(root, dev, 0, gpu, e);
		if (err < 0)
			return err;
	}
	ovf_pci_addr_fmt(&d->addr, gpu->name);
	if (!acpi) {
		*step = OVF_ROMDUMP_STEP_NODE;
		if (d->acpi_path_err && d->acpi_path_err != -ENOENT)
			return ovf_err_root(e, root, d->acpi_path_err, "read",
					    "sys/bus/pci/devices/%s/firmware_node/path",
					    gpu->name);
		if (!d->acpi_path[0])
			return ovf_err_root(e, root, ENOENT, "read",
					    "sys/bus/pci/devices/%s/firmware_node/path",
					    gpu->name);
		acpi = d->acpi_path;
	}
	*step = OVF_ROMDUMP_STEP_PATH;
	if (ovf_romdump_method(acpi, method, methodlen) < 0)
		return ovf_err_set(e, EINVAL, "parse", "%s", acpi);
	return 0;
}

int ovf_romdump_eval(void *ctx, const char *cmd, struct ovf_acpi_result *res)
{
	return ovf_acpi_call_eval(ctx, cmd, res);
}

void ovf_romdump_reader_init(struct ovf_romdump_reader *r, const char *method,
			     int (*eval)(void *, const char *,
					 struct ovf_acpi_result *),
			     void *ctx)
{
	memset(r, 0, sizeof(*r));
	ovf_romdump_init(&r->shape, OVF_ROMDUMP_PAGE);
	snprintf(r->method, sizeof(r->method), "%s", method);
	r->eval = eval;
	r->ctx = ctx;
}

static void note(struct ovf_romdump_reader *r, enum ovf_romdump_note_kind kind,
		 size_t offset, size_t arg1, size_t next, size_t value,
		 const char *ae)
{
	struct ovf_romdump_note n = {
		.kind = kind, .offset = offset, .arg1 = arg1, .next = next,
		.value = value, .ae = ae,
	};

	if (r->note)
		r->note(r->note_ctx, &n);
}

/* Record why the read stops at @off; returns @err (negative). */
static int stop(struct ovf_romdump_reader *r, enum ovf_romdump_stop why,
		size_t off, int err)
{
	r->fault.stop = why;
	r->fault.offset = off;
	return err;
}

/* How one _ROM call went, for fetch(). */
enum call_status {
	CALL_OK,	/* bytes stored */
	CALL_LIMIT,	/* an AML limit exception (fault.ae): try another shape */
	CALL_FAILED,	/* r->fault says why; the value is in *ret */
};

/*
 * One _ROM call asking for @arg1 bytes at @off, keeping at most @want of
 * them at @out. CALL_OK: *got bytes stored, *values the bytes that came,
 * *ended set when the reply was shorter than asked and not cut.
 */
static enum call_status rom_call(struct ovf_romdump_reader *r, size_t off,
				 size_t want, size_t arg1, uint8_t *out,
				 size_t *got, size_t *values, int *ended,
				 int *ret)
{
	struct ovf_romdump_fault *f = &r->fault;
	struct ovf_acpi_result res;
	enum call_status st = CALL_FAILED;
	int err;

	snprintf(f->cmd, sizeof(f->cmd), "%s 0x%zx 0x%zx", r->method, off, arg1);
	err = r->eval(r->ctx, f->cmd, &res);
	r->calls++;
	if (err == -EBADMSG) {
		*ret = stop(r, OVF_ROMDUMP_GARBLED, off, -EBADMSG);
		return CALL_FAILED;
	}
	if (err < 0) {
		f->err = -err;
		*ret = stop(r, OVF_ROMDUMP_CALL, off, -EIO);
		return CALL_FAILED;
	}
	switch (res.type) {
	case OVF_ACPI_BUFFER:
		*values = res.len;
		*got = ovf_romdump_reply(&r->shape, want, res.len, res.truncated,
					 ended);
		memcpy(out, res.buf, *got);
		st = CALL_OK;
		break;
	case OVF_ACPI_ERROR:
		snprintf(f->ae, sizeof(f->ae), "%s", res.str);
		if (off == 0 && strcmp(res.str, "AE_NOT_FOUND") == 0)
			*ret = stop(r, OVF_ROMDUMP_NO_METHOD, off, -ENOENT);
		else if (ovf_romdump_is_limit(res.str))
			st = CALL_LIMIT;
		else
			*ret = stop(r, OVF_ROMDUMP_FAILED, off, -EIO);
		break;
	case OVF_ACPI_NOT_CALLED:
		*ret = stop(r, OVF_ROMDUMP_NOT_CALLED, off, -EBUSY);
		break;
	default:
		f->type = res.type;
		*ret = stop(r, OVF_ROMDUMP_NOT_BUFFER, off, -EPROTO);
		break;
	}
	ovf_acpi_result_free(&res);
	return st;
}

/* The ROM ends early at @off: what was wanted, for the tool's words. */
static int ends_early(struct ovf_romdump_reader *r, size_t off, size_t length,
		      int known, size_t target)
{
	r->fault.target = target;
	r->fault.known = known;
	r->fault.forced = length != 0;
	return stop(r, OVF_ROMDUMP_ENDS_EARLY, off, -ENODATA);
}

/*
 * Get the bytes [have, have + want) into @out: one call, or more when the
 * method refuses the request's shape (an AML limit exception) and another
 * shape works. Returns the bytes stored (> 0); 0 when @may_end (the chain
 * can end here) and the method has nothing more; or -errno (r->fault).
 */
static ssize_t fetch(struct ovf_romdump_reader *r, size_t have, size_t target,
		     size_t length, int known, int may_end, uint8_t *out)
{
	size_t want, arg1, want0, arg10, got = 0, values = 0, min_before, refused;
	unsigned int attempt = 0;
	enum call_status st;
	int ended = 0, ret = 0;

	ovf_romdump_next(&r->shape, have, target, &want, &arg1);
	want0 = want;
	arg10 = arg1;
	for (;;) {
		min_before = r->shape.min_len;
		r->fault.ae[0] = '\0';
		st = rom_call(r, have, want, arg1, out, &got, &values, &ended,
			      &ret);
		if (st == CALL_FAILED)
			return ret;
		if (st == CALL_OK)
			break;
		refused = arg1;
		if (!ovf_romdump_refused(&r->shape, want0, arg10, attempt++, &want,
					 &arg1)) {
			/* it never answered: not a ROM that ends early */
			if (have == 0)
				return stop(r, OVF_ROMDUMP_NEVER, 0, -EIO);
			if (may_end)
				return 0;
			return ends_early(r, have, length, known, target);
		}
		note(r, OVF_ROMDUMP_NOTE_REFUSED, have, refused, arg1, 0,
		     r->fault.ae);
	}
	if (r->shape.min_len != min_before)
		note(r, OVF_ROMDUMP_NOTE_MIN_LEN, have, 0, 0, r->shape.min_len,
		     NULL);
	if (ended && !values && may_end)
		return 0;
	if (ended) {
		r->fault.values = values;
		r->fault.asked = arg1;
		return ends_early(r, have, length, known, target);
	}
	return got;
}

/* Fill @e from r->fault: the facts, no advice. Returns @err. */
static int read_err(const struct ovf_romdump_reader *r, int err,
		    struct ovf_err *e)
{
	const struct ovf_romdump_fault *f = &r->fault;

	ovf_err_set(e, f->stop == OVF_ROMDUMP_CALL ? f->err : err, "read",
		    "%s", r->method);
	switch (f->stop) {
	case OVF_ROMDUMP_ENDS_EARLY:
		ovf_err_reason(e, err, "the ROM ends early at offset 0x%zx",
			       f->offset);
		break;
	case OVF_ROMDUMP_MALFORMED:
		ovf_err_reason(e, err, "%s at offset 0x%zx",
			       ovf_rom_strerror(f->rom_error), f->error_offset);
		break;
	case OVF_ROMDUMP_FAILED:
	case OVF_ROMDUMP_NO_METHOD:
	case OVF_ROMDUMP_NEVER:
		ovf_err_reason(e, err, "%s at offset 0x%zx", f->ae, f->offset);
		break;
	default:
		break;
	}
	return err;
}

int ovf_romdump_read(struct ovf_romdump_reader *r, size_t length,
		     uint8_t **bufp, size_t *lenp, struct ovf_err *e)
{
	size_t cap = 64 * 1024, have = 0, target = length;
	struct ovf_rom_info *info = &r->info;
	int known = 0, may_end, err;
	uint8_t *buf;

	memset(&r->fault, 0, sizeof(r->fault));
	memset(info, 0, sizeof(*info));
	r->status = OVF_ROM_NEED_MORE;
	ovf_err_clear(e);
	buf = malloc(cap);
	if (!buf) {
		err = stop(r, OVF_ROMDUMP_NOMEM, 0, -ENOMEM);
		return read_err(r, err, e);
	}
	for (;;) {
		size_t chunk;
		ssize_t got;

		/*
		 * Walk the chain again only once the bytes it asked for are in:
		 * each walk checksums every complete image.
		 */
		if (!length && !known && have >= target) {
			r->status = ovf_rom_parse(buf, have, 1, info);
			if (r->status == OVF_ROM_OK) {
				target = info->total_len;
				known = 1;
				/*
				 * The bytes that told no image follows a 0x70
				 * image are not the ROM's.
				 */
				if (have > target)
					have = target;
			} else if (r->status == OVF_ROM_BAD) {
				r->fault.rom_error = info->error;
				r->fault.error_offset = info->error_offset;
				err = stop(r, OVF_ROMDUMP_MALFORMED, have, -EINVAL);
				goto fail;
			} else {
				target = info->need;
			}
		}
		if (have >= target && (length || known))
			break;
		if (target > OVF_ROMDUMP_MAX) {
			r->fault.target = target;
			err = stop(r, OVF_ROMDUMP_TOO_LARGE, have, -EFBIG);
			goto fail;
		}
		/* Room for a chunk: the most one request keeps. */
		if (have + r->shape.chunk > cap) {
			uint8_t *nb;

			while (have + r->shape.chunk > cap)
				cap *= 2;
			nb = realloc(buf, cap);
			if (!nb) {
				err = stop(r, OVF_ROMDUMP_NOMEM, have, -ENOMEM);
				goto fail;
			}
			buf = nb;
		}
		chunk = r->shape.chunk;
		/*
		 * Nothing after a 0x70 image flagged not last is the end of the
		 * ROM (older ROMs flag it so), not a short read or a refusal.
		 */
		may_end = !length && !known && info->nv70_end &&
			  have == info->nv70_end;
		got = fetch(r, have, target, length, known, may_end, buf + have);
		if (got < 0) {
			err = got;
			goto fail;
		}
		if (got == 0) {
			/* fetch() ends a read only where the chain may end */
			note(r, OVF_ROMDUMP_NOTE_NV70_END, have, 0, 0, 0, NULL);
			break;
		}
		if (r->shape.chunk < chunk)
			note(r, OVF_ROMDUMP_NOTE_CHUNK, have, 0, 0, r->shape.chunk,
			     NULL);
		have += got;
		note(r, OVF_ROMDUMP_NOTE_PROGRESS, have, 0, 0, length, NULL);
	}
	/* The length was forced: still say whether it is a ROM. */
	if (length)
		r->status = ovf_rom_parse(buf, have, 0, info);
	*bufp = buf;
	*lenp = have;
	return 0;
fail:
	free(buf);
	return read_err(r, err, e);
}

size_t ovf_romdump_compare(const uint8_t *a, const uint8_t *b, size_t len)
{
	size_t i;

	for (i = 0; i < len && a[i] == b[i]; i++)
		;
	return i;
}

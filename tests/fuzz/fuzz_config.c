// SPDX-License-Identifier: GPL-2.0-or-later
/* libFuzzer harness: the "key = value" config parser. */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ovf/config.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct seen {
	unsigned int last_line;
	unsigned int n;
};

static int cb(void *arg, const char *key, const char *value, unsigned int line)
{
	struct seen *s = arg;

	/* keys are [a-z0-9-]+, lines only go forward, no blanks around values */
	if (!*key || key[strspn(key, "abcdefghijklmnopqrstuvwxyz0123456789-")] ||
	    line < s->last_line || strchr(value, '\n'))
		abort();
	if (*value && (value[0] == ' ' || value[0] == '\t'))
		abort();
	s->last_line = line;
	/* exercise the callback's error path now and then */
	return ++s->n == 50 ? -ENOSPC : 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct seen s = { 0, 0 };
	unsigned int errline = 0;
	char *text;
	int ret;

	text = malloc(size + 1);
	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	ret = ovf_config_parse(text, cb, &s, &errline);
	if (ret != 0 && ret != -EBADMSG && ret != -ENOSPC)
		abort();
	if (ret == -EBADMSG && errline == 0)
		abort();
	free(text);
	return 0;
}

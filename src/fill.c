/* fill: {name} placeholders in the texts of data/.  See include/ogi/fill.h. */
#include <stdio.h>
#include <string.h>

#include "ogi/fill.h"

int
fill_check(const char *s, const char *const *words,
    int (*known)(const void *, const char *, size_t), const void *ctx,
    char *bad, size_t badlen)
{
	const char *p, *e;
	size_t k, n;

	for (p = s; (p = strchr(p, '{')) != NULL; p = e + 1) {
		if ((e = strchr(p, '}')) == NULL) {
			(void)snprintf(bad, badlen, "a \"{\" without its \"}\"");
			return -1;
		}
		n = (size_t)(e - p - 1);
		for (k = 0; words[k] != NULL; k++)
			if (strlen(words[k]) == n && strncmp(words[k], p + 1, n) == 0)
				break;
		if (words[k] == NULL && (known == NULL || !known(ctx, p + 1, n))) {
			(void)snprintf(bad, badlen, "unknown placeholder \"%.*s\"",
			    (int)(e - p + 1 > 40 ? 40 : e - p + 1), p);
			return -1;
		}
	}
	return 0;
}

void
fill_vars(struct buf *out, const char *tmpl, const char *const *vars)
{
	const char *p = tmpl, *q, *e;
	size_t i, len;

	while ((q = strchr(p, '{')) != NULL && (e = strchr(q, '}')) != NULL) {
		buf_add(out, p, (size_t)(q - p));
		len = (size_t)(e - q - 1);
		for (i = 0; vars[i] != NULL; i += 2)
			if (strlen(vars[i]) == len && memcmp(vars[i], q + 1, len) == 0)
				break;
		if (vars[i] != NULL)
			buf_adds(out, vars[i + 1] != NULL ? vars[i + 1] : "");
		else
			buf_add(out, q, (size_t)(e - q + 1));
		p = e + 1;
	}
	buf_adds(out, p);
}

/* libFuzzer: the urlencoded decoder and the application form's rules. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "ogi/app.h"
#include "ogi/form.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *vals[APP_FIELD__MAX];
	const char *errs[APP_FIELD__MAX];
	struct form f;
	size_t i;

	if (form_parse(&f, (const char *)data, size) != FORM_OK)
		return 0;
	/* Whatever decodes is valid UTF-8 without NUL bytes. */
	for (i = 0; i < f.n; i++)
		if (!utf8_valid(f.p[i].val, strlen(f.p[i].val)))
			__builtin_trap();
	(void)app_validate(&f, vals, errs);
	form_vals_free(vals, APP_FIELD__MAX);
	form_free(&f);
	return 0;
}

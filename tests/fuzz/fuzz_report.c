/* libFuzzer: the report's text-table check over any text (digits, full
   width and Chinese numerals, clauses, the words of the figures). */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ogi/annual.h"
#include "ogi/report.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct an_formats fs;
static struct reports rs;
static struct an_table t[2];
static int ready;

static void
setup(void)
{
	static const int years[2] = { 2016, 2021 };
	const struct an_format *f;
	const char *why;
	size_t i, j, k;

	if (an_load(&fs, "data", &why) != 0 ||
	    report_load(&rs, &fs, "data", &why) != 0)
		abort();
	for (i = 0; i < 2; i++) {
		f = an_format_for(&fs, years[i]);
		an_table_init(&t[i], f, years[i]);
		for (j = 0; j < f->nrow; j++)
			for (k = 0; k < f->row[j].cs->ncol; k++)
				t[i].v[j][k] = (long long)(j % 4) * 100;
	}
	ready = 1;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct buf out;
	char *in;
	size_t i, n;

	if (!ready)
		setup();
	in = malloc(size + 1);
	memcpy(in, data, size);
	in[size] = '\0';
	for (i = 0; i < 2; i++) {
		buf_init(&out);
		n = report_check(report_for(&rs, t[i].f), &t[i], in, &out);
		/* One line of warning per disagreement, each ending in 件. */
		if ((n == 0) != (out.len == 0))
			__builtin_trap();
		buf_free(&out);
	}
	free(in);
	return 0;
}

/* out: CSV for spreadsheets, the core's texts as HTML.  See
   include/ogi/out.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ogi/buf.h"
#include "ogi/case.h"
#include "ogi/html.h"
#include "ogi/out.h"
#include "ogi/store.h"

int
out_csv_formula(const char *v)
{
	return v[0] != '\0' && strchr("=+-@\t\r", v[0]) != NULL;
}

const char *
out_csv_neutral(const char *v, char *tmp, size_t n)
{
	if (!out_csv_formula(v))
		return v;
	(void)snprintf(tmp, n, "'%s", v);
	return tmp;
}

void
out_csv_begin(struct buf *b)
{
	buf_add(b, "\xEF\xBB\xBF", 3);
}

void
out_csv_row(struct buf *b, const char *const *cells, size_t n)
{
	const char *small[16] = { NULL }, **cell = n <= 16 ? small :
	    xcalloc(n, sizeof(*cell));
	char **made = NULL;
	size_t i, k = 0;

	for (i = 0; i < n; i++) {
		cell[i] = cells[i];
		if (!out_csv_formula(cells[i]))
			continue;
		/* Rare: a copy of its own, whatever its length. */
		if (made == NULL)
			made = xcalloc(n, sizeof(*made));
		made[k] = xmalloc(strlen(cells[i]) + 2);
		made[k][0] = '\'';
		memcpy(made[k] + 1, cells[i], strlen(cells[i]) + 1);
		cell[i] = made[k++];
	}
	store_format_row(b, cell, n);
	while (k > 0)
		free(made[--k]);
	free(made);
	if (cell != small)
		free(cell);
}

void
out_due(struct buf *b, const struct cases *cs, cal_day due, cal_day from)
{
	struct buf t;

	buf_init(&t);
	case_due_text(cs, due, from, &t);
	html_esc(b, t.s);
	buf_free(&t);
}

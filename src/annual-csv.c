/*
 * annual-csv: a table as open data, one cell a row: code,label,unit,value
 * (list) or code,label,column,value (grid), UTF-8 with a BOM.
 * See include/ogi/annual.h.
 */
#include <stdio.h>
#include <string.h>

#include "ogi/annual.h"
#include "ogi/buf.h"
#include "ogi/store.h"

static const char *
neutral_cell(const char *v, char *tmp, size_t n)
{
	if (strchr("=+-@\t\r", v[0]) != NULL && v[0] != '\0') {
		(void)snprintf(tmp, n, "'%s", v);
		return tmp;
	}
	return v;
}

void
an_csv(struct buf *b, const struct an_table *t)
{
	const struct an_format *f = t->f;
	struct buf v, col;
	char tmp[512];
	const char *cell4[4];
	size_t i, j;

	buf_init(&v);
	buf_init(&col);
	buf_adds(b, "\xEF\xBB\xBF");
	if (!f->grid) {
		static const char *const h[] = { "code", "label", "unit", "value" };

		store_format_row(b, h, 4);
	} else {
		static const char *const h[] = { "code", "label", "column", "value" };

		store_format_row(b, h, 4);
	}
	for (i = 0; i < f->nrow; i++) {
		const struct an_row *r = &f->row[i];

		if (f->grid && r->src == AN_HEADING)
			continue;
		for (j = 0; j < r->cs->ncol; j++) {
			buf_reset(&v);
			buf_reset(&col);
			an_format_value(&v, r->src == AN_HEADING ? AN_NONE : t->v[i][j], r->decimals);
			cell4[0] = r->code;
			cell4[1] = neutral_cell(r->label, tmp, sizeof(tmp));
			if (f->grid) {
				if (r->cs->col[j].group[0] != '\0')
					buf_printf(&col, "%s|", r->cs->col[j].group);
				buf_adds(&col, r->cs->col[j].label);
				cell4[2] = col.s;
			} else
				cell4[2] = r->unit;
			cell4[3] = v.s;
			store_format_row(b, cell4, 4);
		}
	}
	buf_free(&v);
	buf_free(&col);
}

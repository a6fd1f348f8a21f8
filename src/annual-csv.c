/*
 * annual-csv: a table as open data, one cell a row: code,label,unit,value
 * (list) or code,label,column,value (grid), UTF-8 with a BOM, every cell
 * neutralised for spreadsheets (out_csv_row).  See include/ogi/annual.h.
 */
#include "ogi/annual.h"
#include "ogi/buf.h"
#include "ogi/out.h"

void
an_csv(struct buf *b, const struct an_table *t)
{
	static const char *const list_head[] = { "code", "label", "unit", "value" };
	static const char *const grid_head[] = { "code", "label", "column", "value" };
	const struct an_format *f = t->f;
	struct buf v, col;
	const char *cell[4];
	size_t i, j;

	buf_init(&v);
	buf_init(&col);
	out_csv_begin(b);
	out_csv_row(b, f->grid ? grid_head : list_head, 4);
	for (i = 0; i < f->nrow; i++) {
		const struct an_row *r = &f->row[i];

		if (f->grid && r->src == AN_HEADING)
			continue;
		for (j = 0; j < r->cs->ncol; j++) {
			buf_reset(&v);
			buf_reset(&col);
			an_format_value(&v, r->src == AN_HEADING ? AN_NONE : t->v[i][j],
			    r->decimals);
			cell[0] = r->code;
			cell[1] = r->label;
			if (f->grid) {
				if (r->cs->col[j].group[0] != '\0')
					buf_printf(&col, "%s|", r->cs->col[j].group);
				buf_adds(&col, r->cs->col[j].label);
				cell[2] = col.s;
			} else
				cell[2] = r->unit;
			cell[3] = v.s;
			out_csv_row(b, cell, 4);
		}
	}
	buf_free(&v);
	buf_free(&col);
}

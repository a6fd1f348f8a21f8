/*
 * annual-html: a table as the official form lays it out — the 2008-era
 * list, or the 2021 grid with its sections, merged group cells and column
 * headers — with the 填报单位 and the signatures line.
 * See include/ogi/annual.h.
 */
#include <stdio.h>
#include <string.h>

#include "ogi/annual.h"
#include "ogi/buf.h"
#include "ogi/html.h"

static const char *
meta(const struct an_year *y, const char *key)
{
	const char *v = y != NULL ? an_year_get(y, "meta", key) : NULL;

	return v != NULL ? v : "";
}

static void
cell_html(struct buf *b, const struct an_part *p, const struct an_cell *c)
{
	switch (c->kind) {
	case AN_C_CORNER:
		html_printf(b, "<th rowspan=\"%d\" colspan=\"%d\" scope=\"col\" "
		    "class=\"corner\">", c->rows, c->cols);
		break;
	case AN_C_TOP:
		html_printf(b, "<th colspan=\"%d\" scope=\"colgroup\">", c->cols);
		break;
	case AN_C_CONTENT:
		html_printf(b, "<th rowspan=\"%d\" colspan=\"%d\" scope=\"col\">",
		    c->rows, c->cols);
		break;
	case AN_C_COL:
		if (c->rows > 1)
			html_printf(b, "<th scope=\"col\" rowspan=\"%d\">", c->rows);
		else
			html_lit(b, "<th scope=\"col\">");
		break;
	case AN_C_COLGROUP:
		html_printf(b, "<th scope=\"colgroup\" colspan=\"%d\">", c->cols);
		break;
	case AN_C_ROWGROUP:
		html_printf(b, "<th scope=\"rowgroup\" rowspan=\"%d\" class=\"group\">",
		    c->rows);
		break;
	case AN_C_LABEL:
		if (c->cols > 1)
			html_printf(b, "<th scope=\"row\" colspan=\"%d\">", c->cols);
		else
			html_lit(b, "<th scope=\"row\">");
		break;
	case AN_C_UNIT:
		html_lit(b, "<td>");
		html_escn(b, c->text, c->len);
		html_lit(b, "</td>");
		return;
	case AN_C_NUM:
		html_lit(b, "<td class=\"num\" id=\"v-");
		html_esc(b, c->r->code);
		if (!p->list) {
			html_lit(b, "-");
			html_esc(b, c->c->code);
		}
		html_lit(b, "\">");
		html_esc(b, c->value);
		html_lit(b, "</td>");
		return;
	}
	html_escn(b, c->text, c->len);
	html_lit(b, "</th>");
}

/* Rows [from, to) of a part, each a <tr> of its cells (from cell *i on),
   each on a line of its own unless inline. */
static void
rows_html(struct buf *b, const struct an_part *p, size_t *i, int from, int to,
    int inline_)
{
	const struct an_cell *c;
	int row;

	for (row = from; row < to; row++) {
		c = *i < p->ncell ? &p->cell[*i] : NULL;
		if (p->list && row >= p->nhead && c != NULL && c->r != NULL)
			html_printf(b, "<tr class=\"lv%d%s\">", c->r->level,
			    c->r->src == AN_HEADING ? " heading" : "");
		else
			html_lit(b, "<tr>");
		for (; *i < p->ncell && p->cell[*i].row == row; (*i)++)
			cell_html(b, p, &p->cell[*i]);
		if (inline_)
			html_lit(b, "</tr>");
		else
			html_lit(b, "</tr>\n");
	}
}

static void
part_html(struct buf *b, const struct an_part *p)
{
	size_t i = 0;

	if (p->list) {
		html_lit(b, "<div class=\"table-wrap\" tabindex=\"0\" role=\"region\" "
		    "aria-label=\"表格\"><table class=\"annual list\">\n<thead>");
		rows_html(b, p, &i, 0, p->nhead, 1);
		html_lit(b, "</thead>\n<tbody>\n");
		rows_html(b, p, &i, p->nhead, p->nrow, 0);
		html_lit(b, "</tbody>\n</table></div>\n");
		return;
	}
	if (p->title != NULL) {
		html_lit(b, "<h3 class=\"section\">");
		html_escn(b, p->title, p->title_len);
		html_lit(b, "</h3>\n");
	}
	if (p->subhead != NULL) {
		html_lit(b, "<p class=\"subhead\">");
		html_esc(b, p->subhead);
		html_lit(b, "</p>\n");
	}
	html_lit(b, "<div class=\"table-wrap\" tabindex=\"0\" role=\"region\" "
	    "aria-label=\"");
	html_escn(b, p->name, p->name_len);
	html_lit(b, "\">\n<table class=\"annual grid\">\n<thead>\n");
	rows_html(b, p, &i, 0, p->nhead, 0);
	html_lit(b, "</thead>\n<tbody>\n");
	rows_html(b, p, &i, p->nhead, p->nrow, 0);
	html_lit(b, "</tbody>\n</table>\n</div>\n");
}

static void
parts_html(struct buf *b, const struct an_table *t, const char *only)
{
	struct an_parts ps;
	size_t i;

	an_layout(&ps, t, only);
	for (i = 0; i < ps.n; i++)
		part_html(b, &ps.p[i]);
	an_layout_free(&ps);
}

void
an_html_section(struct buf *b, const struct an_table *t, const char *title)
{
	html_lit(b, "<div class=\"annual-table in-report\">\n");
	parts_html(b, t, title);
	html_lit(b, "</div>\n");
}

void
an_html(struct buf *b, const struct an_table *t, const struct an_year *y,
    const char *unit_name)
{
	an_html_annex(b, t, y, unit_name, "附件");
}

void
an_html_annex(struct buf *b, const struct an_table *t, const struct an_year *y,
    const char *unit_name, const char *annex)
{
	const struct an_format *f = t->f;
	const char *u = meta(y, "unit");

	html_lit(b, "<div class=\"annual-table\">\n<p class=\"annex\">");
	html_esc(b, annex);
	html_lit(b, "</p>\n<h2 class=\"table-title\">");
	html_esc(b, f->title);
	html_printf(b, "</h2>\n<p class=\"table-year\">（%d年度）</p>\n<p class=\"filer\">填报单位（盖章）：",
	    t->year);
	html_esc(b, u[0] ? u : unit_name);
	html_lit(b, "</p>\n");
	parts_html(b, t, NULL);
	html_lit(b, "<p class=\"signatures\">单位负责人：");
	html_esc(b, meta(y, "head"));
	html_lit(b, "　审核人：");
	html_esc(b, meta(y, "reviewer"));
	html_lit(b, "　填报人：");
	html_esc(b, meta(y, "preparer"));
	html_lit(b, "</p>\n<p class=\"signatures\">联系电话：");
	html_esc(b, meta(y, "phone"));
	html_lit(b, "　填报日期：");
	html_esc(b, meta(y, "date"));
	html_lit(b, "</p>\n</div>\n");
}

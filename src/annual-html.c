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

static int
is_heading(const struct an_row *r)
{
	return r->src == AN_HEADING;
}

static void
list_table(struct buf *b, const struct an_table *t)
{
	const struct an_format *f = t->f;
	size_t i;

	html_lit(b, "<div class=\"table-wrap\" tabindex=\"0\" role=\"region\" aria-label=\"表格\"><table class=\"annual list\">\n<thead><tr><th scope=\"col\">统 计 指 标</th>"
	    "<th scope=\"col\">单位</th><th scope=\"col\">统计数</th></tr></thead>\n<tbody>\n");
	for (i = 0; i < f->nrow; i++) {
		const struct an_row *r = &f->row[i];

		html_printf(b, "<tr class=\"lv%d%s\"><th scope=\"row\">", r->level,
		    is_heading(r) ? " heading" : "");
		html_esc(b, r->label);
		html_lit(b, "</th><td>");
		html_esc(b, r->unit);
		html_lit(b, "</td><td class=\"num\" id=\"v-");
		html_esc(b, r->code);
		html_lit(b, "\">");
		an_format_value(b, is_heading(r) ? AN_NONE : t->v[i][0], r->decimals);
		html_lit(b, "</td></tr>\n");
	}
	html_lit(b, "</tbody>\n</table></div>\n");
}

/*
 * Rows [from, to) of a section.  Label cells nest by level as the official
 * grid draws them: a group's label spans the rows beneath it, and a row's
 * label takes the label columns its level leaves free.
 */
static void
grid_rows(struct buf *b, const struct an_table *t, size_t from, size_t to,
    int depth, int base)
{
	const struct an_format *f = t->f;
	size_t i, j, k, span;
	int open = 0, cols;

	for (i = from; i < to; i++) {
		const struct an_row *r = &f->row[i];

		if (is_heading(r)) {
			for (span = 0, k = i + 1; k < to && f->row[k].level > r->level; k++)
				if (!is_heading(&f->row[k]))
					span++;
			if (span == 0 || r->label[0] == '\0')
				continue;
			if (!open)
				html_lit(b, "<tr>");
			open = 1;
			html_printf(b, "<th scope=\"rowgroup\" rowspan=\"%zu\" class=\"group\">", span);
			html_esc(b, r->label);
			html_lit(b, "</th>");
			continue;
		}
		if (!open)
			html_lit(b, "<tr>");
		open = 0;
		cols = depth - (r->level - base);
		if (depth > 0) {
			if (cols > 1)
				html_printf(b, "<th scope=\"row\" colspan=\"%d\">", cols);
			else
				html_lit(b, "<th scope=\"row\">");
			html_esc(b, r->label);
			html_lit(b, "</th>");
		}
		for (j = 0; j < r->cs->ncol; j++) {
			html_lit(b, "<td class=\"num\" id=\"v-");
			html_esc(b, r->code);
			html_lit(b, "-");
			html_esc(b, r->cs->col[j].code);
			html_lit(b, "\">");
			an_format_value(b, t->v[i][j], r->decimals);
			html_lit(b, "</td>");
		}
		html_lit(b, "</tr>\n");
	}
}

/* Column j's header path: its groups ("a|b") then its label. */
static size_t
col_path(const struct an_col *c, char part[4][128])
{
	const char *g = c->group;
	size_t n = 0, len;

	while (g[0] != '\0' && n < 3) {
		len = strcspn(g, "|");
		(void)snprintf(part[n++], 128, "%.*s", (int)len, g);
		g += len;
		if (*g == '|')
			g++;
	}
	(void)snprintf(part[n++], 128, "%s", c->label);
	return n;
}

static int
same_prefix(char a[4][128], char b[4][128], size_t k)
{
	size_t i;

	for (i = 0; i <= k; i++)
		if (strcmp(a[i], b[i]) != 0)
			return 0;
	return 1;
}

static void
grid_section(struct buf *b, const struct an_table *t, size_t from, size_t to)
{
	const struct an_format *f = t->f;
	const struct an_colset *cs = f->row[from].cs;
	char pj[4][128], pp[4][128], pn[4][128];
	size_t j, k, m, len, lp, levels = 0, run;
	int depth = 0, base = 99, labels = 0;

	for (j = from; j < to; j++) {
		if (f->row[j].level < base)
			base = f->row[j].level;
		if (f->row[j].label[0] != '\0')
			labels = 1;
	}
	for (j = from; j < to; j++)
		if (f->row[j].level - base + 1 > depth)
			depth = f->row[j].level - base + 1;
	if (!labels)
		depth = 0;
	for (j = 0; j < cs->ncol; j++)
		if ((len = col_path(&cs->col[j], pj)) > levels)
			levels = len;
	html_lit(b, "<table class=\"annual grid\">\n<thead>\n");
	if (strcmp(cs->name, AN_SET_APPLICANT) == 0)
		html_printf(b, "<tr><th rowspan=\"%zu\" colspan=\"%d\" scope=\"col\" class=\"corner\">"
		    "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）</th>"
		    "<th colspan=\"%zu\" scope=\"colgroup\">申请人情况</th></tr>\n",
		    levels + 1, depth, cs->ncol);
	for (k = 0; k < levels; k++) {
		html_lit(b, "<tr>");
		if (k == 0 && depth > 0 && strcmp(cs->name, AN_SET_APPLICANT) != 0)
			html_printf(b, "<th rowspan=\"%zu\" colspan=\"%d\" scope=\"col\">信息内容</th>",
			    levels, depth);
		for (j = 0; j < cs->ncol; j++) {
			len = col_path(&cs->col[j], pj);
			if (k == len - 1) {
				if (levels - k > 1)
					html_printf(b, "<th scope=\"col\" rowspan=\"%zu\">",
					    levels - k);
				else
					html_lit(b, "<th scope=\"col\">");
				html_esc(b, pj[k]);
				html_lit(b, "</th>");
				continue;
			}
			if (k > len - 1)
				continue;
			/* A group: once, over the columns that share it. */
			if (j > 0 && (lp = col_path(&cs->col[j - 1], pp)) > k + 1 &&
			    same_prefix(pp, pj, k))
				continue;
			for (run = 1, m = j + 1; m < cs->ncol; m++, run++)
				if (col_path(&cs->col[m], pn) <= k + 1 || !same_prefix(pn, pj, k))
					break;
			html_printf(b, "<th scope=\"colgroup\" colspan=\"%zu\">", run);
			html_esc(b, pj[k]);
			html_lit(b, "</th>");
		}
		html_lit(b, "</tr>\n");
	}
	html_lit(b, "</thead>\n<tbody>\n");
	grid_rows(b, t, from, to, depth, base);
	html_lit(b, "</tbody>\n</table>\n");
}

/*
 * The grid's sections: every one with its title (only NULL), or only the
 * parts of the section titled only, without the title (the report prints
 * its own).
 */
static void
grid_parts(struct buf *b, const struct an_table *t, const char *only)
{
	const struct an_format *f = t->f;
	size_t i, j;

	for (i = 0; i < f->nrow; i = j) {
		const char *sec = f->row[i].section;
		size_t tl = strcspn(sec, "|");

		for (j = i + 1; j < f->nrow &&
		    strcmp(f->row[j].section, sec) == 0; j++)
			;
		if (only != NULL && (strlen(only) != tl || strncmp(only, sec, tl) != 0))
			continue;
		/* "TITLE|part": a new title starts a new part of the report. */
		if (only == NULL && (i == 0 || strncmp(f->row[i - 1].section, sec, tl) != 0 ||
		    (f->row[i - 1].section[tl] != '|' && f->row[i - 1].section[tl] != '\0'))) {
			html_lit(b, "<h3 class=\"section\">");
			html_escn(b, sec, tl);
			html_lit(b, "</h3>\n");
		}
		/* A heading row alone at the top names a small table. */
		if (f->row[i].label[0] != '\0' && is_heading(&f->row[i]) &&
		    f->row[i].level == 0 && j > i + 1 && f->row[i + 1].level > 0 &&
		    sec[tl] == '|') {
			html_lit(b, "<p class=\"subhead\">");
			html_esc(b, f->row[i].label);
			html_lit(b, "</p>\n<div class=\"table-wrap\" tabindex=\"0\" "
			    "role=\"region\" aria-label=\"");
			html_esc(b, f->row[i].label);
			html_lit(b, "\">\n");
			grid_section(b, t, i + 1, j);
		} else {
			html_lit(b, "<div class=\"table-wrap\" tabindex=\"0\" "
			    "role=\"region\" aria-label=\"");
			html_escn(b, sec, tl);
			html_lit(b, "\">\n");
			grid_section(b, t, i, j);
		}
		html_lit(b, "</div>\n");
	}
}

void
an_html_section(struct buf *b, const struct an_table *t, const char *title)
{
	html_lit(b, "<div class=\"annual-table in-report\">\n");
	grid_parts(b, t, title);
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
	if (!f->grid)
		list_table(b, t);
	else
		grid_parts(b, t, NULL);
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

/*
 * annual-layout: a table as the official form lays it out, as cells on a
 * grid — the 2008-era list, or the 2021 grid with its sections, merged
 * group cells and column headers.  One layout for every renderer: the
 * page (annual-html.c) and the report's PDF (pdf-report.c) cannot draw
 * the table differently.  See include/ogi/annual.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ogi/annual.h"
#include "ogi/buf.h"

#define PATH_MAX_PARTS	4

/* A piece of text, borrowed. */
struct seg {
	const char	*s;
	size_t		 n;
};

struct grow {
	struct an_part	*p;
	size_t		 cap;
	int		 row;		/* the row cells now go into */
};

static int
is_heading(const struct an_row *r)
{
	return r->src == AN_HEADING;
}

static struct an_cell *
add(struct grow *g, enum an_cell_kind kind, int rows, int cols,
    const char *text, size_t len)
{
	struct an_part *p = g->p;
	struct an_cell *c;

	if (p->ncell == g->cap) {
		g->cap = g->cap ? g->cap * 2 : 64;
		p->cell = xreallocarray(p->cell, g->cap, sizeof(*p->cell));
	}
	c = &p->cell[p->ncell++];
	memset(c, 0, sizeof(*c));
	c->kind = kind;
	c->row = g->row;
	c->rows = rows;
	c->cols = cols;
	c->text = text;
	c->len = text != NULL ? len : 0;
	return c;
}

static void
value(struct an_cell *c, long long v, int decimals)
{
	struct buf b;

	buf_init(&b);
	an_format_value(&b, v, decimals);
	(void)snprintf(c->value, sizeof(c->value), "%s", b.s);
	buf_free(&b);
}

/*
 * Each cell's column as a browser places it (HTML's table model): the
 * next column of its row that no cell from a row above still covers.
 */
static void
place_columns(struct an_part *p)
{
	int *busy, row = -1, at = 0, k;
	size_t i;

	if (p->ncol < 1)
		p->ncol = 1;
	busy = xcalloc((size_t)p->ncol + 1, sizeof(*busy));
	for (i = 0; i < p->ncell; i++) {
		struct an_cell *c = &p->cell[i];

		if (c->row != row) {
			row = c->row;
			at = 0;
		}
		while (at < p->ncol && busy[at] > row)
			at++;
		/* Never past the grid (a format's section keeps one column
		   set, annual-format.c, so this is only a guard). */
		if (at >= p->ncol)
			at = p->ncol - 1;
		if (at + c->cols > p->ncol)
			c->cols = p->ncol - at;
		c->col = at;
		for (k = at; k < at + c->cols; k++)
			busy[k] = row + c->rows;
		at += c->cols;
	}
	free(busy);
}

static struct an_part *
new_part(struct an_parts *ps, struct grow *g)
{
	ps->p = xreallocarray(ps->p, ps->n + 1, sizeof(*ps->p));
	memset(&ps->p[ps->n], 0, sizeof(ps->p[0]));
	g->p = &ps->p[ps->n++];
	g->cap = 0;
	g->row = 0;
	return g->p;
}

static void
list_part(struct an_parts *ps, const struct an_table *t)
{
	const struct an_format *f = t->f;
	struct an_part *p;
	struct an_cell *c;
	struct grow g;
	size_t i;

	p = new_part(ps, &g);
	p->list = 1;
	p->name = "表格";
	p->name_len = strlen(p->name);
	p->ncol = 3;
	p->nhead = 1;
	(void)add(&g, AN_C_COL, 1, 1, "统 计 指 标", strlen("统 计 指 标"));
	(void)add(&g, AN_C_COL, 1, 1, "单位", strlen("单位"));
	(void)add(&g, AN_C_COL, 1, 1, "统计数", strlen("统计数"));
	for (i = 0; i < f->nrow; i++) {
		const struct an_row *r = &f->row[i];

		g.row++;
		c = add(&g, AN_C_LABEL, 1, 1, r->label, strlen(r->label));
		c->r = r;
		c = add(&g, AN_C_UNIT, 1, 1, r->unit, strlen(r->unit));
		c->r = r;
		c = add(&g, AN_C_NUM, 1, 1, NULL, 0);
		c->r = r;
		value(c, is_heading(r) ? AN_NONE : t->v[i][0], r->decimals);
	}
	p->nrow = g.row + 1;
	place_columns(p);
}

/* A column's header path: its groups ("a|b") then its label. */
static size_t
col_path(const struct an_col *c, struct seg part[PATH_MAX_PARTS])
{
	const char *g = c->group;
	size_t n = 0, len;

	while (g[0] != '\0' && n < PATH_MAX_PARTS - 1) {
		len = strcspn(g, "|");
		part[n].s = g;
		part[n++].n = len;
		g += len;
		if (*g == '|')
			g++;
	}
	part[n].s = c->label;
	part[n++].n = strlen(c->label);
	return n;
}

static int
same_prefix(const struct seg *a, const struct seg *b, size_t k)
{
	size_t i;

	for (i = 0; i <= k; i++)
		if (a[i].n != b[i].n || memcmp(a[i].s, b[i].s, a[i].n) != 0)
			return 0;
	return 1;
}

/*
 * Rows [from, to) of a section.  Label cells nest by level as the official
 * grid draws them: a group's label spans the rows beneath it, and a row's
 * label takes the label columns its level leaves free.
 */
static void
grid_rows(struct grow *g, const struct an_table *t, size_t from, size_t to,
    int depth, int base)
{
	const struct an_format *f = t->f;
	struct an_cell *c;
	size_t i, j, k, span;

	for (i = from; i < to; i++) {
		const struct an_row *r = &f->row[i];

		if (is_heading(r)) {
			for (span = 0, k = i + 1; k < to && f->row[k].level > r->level; k++)
				if (!is_heading(&f->row[k]))
					span++;
			if (span == 0 || r->label[0] == '\0')
				continue;
			c = add(g, AN_C_ROWGROUP, (int)span, 1, r->label,
			    strlen(r->label));
			c->r = r;
			continue;
		}
		if (depth > 0) {
			c = add(g, AN_C_LABEL, 1, depth - (r->level - base),
			    r->label, strlen(r->label));
			c->r = r;
		}
		for (j = 0; j < r->cs->ncol; j++) {
			c = add(g, AN_C_NUM, 1, 1, NULL, 0);
			c->r = r;
			c->c = &r->cs->col[j];
			value(c, t->v[i][j], r->decimals);
		}
		g->row++;
	}
}

static void
grid_part(struct grow *g, const struct an_table *t, size_t from, size_t to)
{
	static const char corner[] =
	    "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）";
	const struct an_format *f = t->f;
	const struct an_colset *cs = f->row[from].cs;
	struct seg pj[PATH_MAX_PARTS], pp[PATH_MAX_PARTS], pn[PATH_MAX_PARTS];
	size_t j, k, m, len, levels = 0, run;
	int depth = 0, base = 99, labels = 0, applicant;

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
	g->p->ncol = depth + (int)cs->ncol;
	applicant = strcmp(cs->name, AN_SET_APPLICANT) == 0;
	if (applicant) {
		(void)add(g, AN_C_CORNER, (int)levels + 1, depth, corner,
		    strlen(corner));
		(void)add(g, AN_C_TOP, 1, (int)cs->ncol, "申请人情况",
		    strlen("申请人情况"));
		g->row++;
	}
	for (k = 0; k < levels; k++, g->row++) {
		if (k == 0 && depth > 0 && !applicant)
			(void)add(g, AN_C_CONTENT, (int)levels, depth, "信息内容",
			    strlen("信息内容"));
		for (j = 0; j < cs->ncol; j++) {
			len = col_path(&cs->col[j], pj);
			if (k == len - 1) {
				(void)add(g, AN_C_COL, (int)(levels - k), 1,
				    pj[k].s, pj[k].n);
				continue;
			}
			if (k > len - 1)
				continue;
			/* A group: once, over the columns that share it. */
			if (j > 0 && col_path(&cs->col[j - 1], pp) > k + 1 &&
			    same_prefix(pp, pj, k))
				continue;
			for (run = 1, m = j + 1; m < cs->ncol; m++, run++)
				if (col_path(&cs->col[m], pn) <= k + 1 ||
				    !same_prefix(pn, pj, k))
					break;
			(void)add(g, AN_C_COLGROUP, 1, (int)run, pj[k].s, pj[k].n);
		}
	}
	g->p->nhead = g->row;
	grid_rows(g, t, from, to, depth, base);
	g->p->nrow = g->row;
	place_columns(g->p);
}

/*
 * The grid's sections: every one with its title (only NULL), or only the
 * parts of the section titled only, without the title.
 */
static void
grid_parts(struct an_parts *ps, const struct an_table *t, const char *only)
{
	const struct an_format *f = t->f;
	struct an_part *p;
	struct grow g;
	size_t i, j;

	for (i = 0; i < f->nrow; i = j) {
		const char *sec = f->row[i].section;
		size_t tl = strcspn(sec, "|");

		for (j = i + 1; j < f->nrow &&
		    strcmp(f->row[j].section, sec) == 0; j++)
			;
		if (only != NULL && (strlen(only) != tl || strncmp(only, sec, tl) != 0))
			continue;
		p = new_part(ps, &g);
		/* "TITLE|part": a new title starts a new part of the report. */
		if (only == NULL && (i == 0 || strncmp(f->row[i - 1].section, sec, tl) != 0 ||
		    (f->row[i - 1].section[tl] != '|' && f->row[i - 1].section[tl] != '\0'))) {
			p->title = sec;
			p->title_len = tl;
		}
		/* A heading row alone at the top names a small table. */
		if (f->row[i].label[0] != '\0' && is_heading(&f->row[i]) &&
		    f->row[i].level == 0 && j > i + 1 && f->row[i + 1].level > 0 &&
		    sec[tl] == '|') {
			p->subhead = f->row[i].label;
			p->name = p->subhead;
			p->name_len = strlen(p->subhead);
			grid_part(&g, t, i + 1, j);
		} else {
			p->name = sec;
			p->name_len = tl;
			grid_part(&g, t, i, j);
		}
	}
}

void
an_layout(struct an_parts *ps, const struct an_table *t, const char *only)
{
	ps->p = NULL;
	ps->n = 0;
	if (!t->f->grid && only == NULL)
		list_part(ps, t);
	else
		grid_parts(ps, t, only);
}

void
an_layout_free(struct an_parts *ps)
{
	size_t i;

	for (i = 0; i < ps->n; i++)
		free(ps->p[i].cell);
	free(ps->p);
	ps->p = NULL;
	ps->n = 0;
}

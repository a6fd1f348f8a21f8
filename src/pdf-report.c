/*
 * pdf-report: the whole annual report as a PDF on A4 — the title, the
 * sections with their headings (黑体 in the manner of 公文: Noto Sans CJK)
 * and paragraphs, the statistics tables ruled as the official form draws
 * them (annual-layout.c: the same cells as the page), their column
 * headers repeated on each page a table runs on.  See include/ogi/pdf.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ogi/annual.h"
#include "ogi/pdf.h"
#include "ogi/report.h"
#include "pdf-int.h"

#define SANS		"Noto Sans CJK SC"
#define PAD		3.0	/* a cell's text from its rules, across */
#define VPAD		2.5	/* and down */
#define SMALL_PT	12.0	/* 小四: the annex's particulars */
#define DRAFT		"（草稿，非正式发布版本）"

struct fonts {
	PangoFontDescription	*head;		/* a section's heading */
	PangoFontDescription	*small;		/* the annex's filer and signers */
	PangoFontDescription	*cell, *cellhead;
	double			 cell_pt;
	int			 draft;		/* not published: said */
};

/* A cell of the table being drawn: its layout and the height it needs. */
struct tcell {
	const struct an_cell	*c;
	size_t			 lay;
	double			 h, indent;
};

static int
is_head(const struct an_cell *c)
{
	return c->kind != AN_C_LABEL && c->kind != AN_C_UNIT &&
	    c->kind != AN_C_NUM;
}

/*
 * Column widths, filling the text block: values share what the labels
 * leave (at most 60 pt each), a group's label column takes 4 characters,
 * the last label column the rest, but at least 6; where that does not
 * fit, the group columns narrow to 2 characters, then every column in
 * proportion.
 */
static void
widths(const struct an_part *t, double *w, double cell_pt)
{
	int *num = xcalloc((size_t)t->ncol, sizeof(*num));
	int j, nnum = 0, nlab, last = -1;
	double numw, gw, rest, min_rest = 6 * cell_pt + 2 * PAD, sum;
	size_t i;

	if (t->list) {
		w[0] = TEXT_W * 0.62;
		w[1] = TEXT_W * 0.14;
		w[2] = TEXT_W * 0.24;
		free(num);
		return;
	}
	for (i = 0; i < t->ncell; i++)
		if (t->cell[i].kind == AN_C_NUM && t->cell[i].col < t->ncol)
			num[t->cell[i].col] = 1;
	for (j = 0; j < t->ncol; j++)
		if (num[j])
			nnum++;
		else
			last = j;
	nlab = t->ncol - nnum;
	numw = nnum == 0 ? 0 : nlab == 0 ? TEXT_W / nnum : TEXT_W * 0.6 / nnum;
	if (nlab > 0 && numw > 60)
		numw = 60;
	gw = 4 * cell_pt + 2 * PAD;
	rest = TEXT_W - numw * nnum - (nlab - 1) * gw;
	if (nlab > 1 && rest < min_rest) {
		gw = 2 * cell_pt + 2 * PAD;
		rest = TEXT_W - numw * nnum - (nlab - 1) * gw;
	}
	if (nlab > 0 && rest < min_rest)
		rest = min_rest;
	for (sum = 0, j = 0; j < t->ncol; j++)
		sum += w[j] = num[j] ? numw : j == last ? rest : gw;
	if (sum > TEXT_W)
		for (j = 0; j < t->ncol; j++)
			w[j] *= TEXT_W / sum;
	free(num);
}

static double
span_w(const double *w, int col, int cols, int ncol)
{
	double s = 0;
	int j;

	for (j = col; j < col + cols && j < ncol; j++)
		s += w[j];
	return s;
}

static double
span_h(const double *rowh, int from, int to)
{
	double s = 0;
	int r;

	for (r = from; r < to; r++)
		s += rowh[r];
	return s;
}

/* A value on one line, never broken inside: in smaller type where the
   column is too narrow for it (down to 6 pt). */
static void
fit_number(PangoLayout *l, const struct fonts *fo, double room)
{
	PangoFontDescription *fd;
	PangoRectangle log;
	double wide;

	pango_layout_set_width(l, -1);
	pango_layout_get_extents(l, NULL, &log);
	wide = log.width / (double)PANGO_SCALE;
	if (wide <= room || room <= 0)
		return;
	fd = pango_font_description_copy(fo->cell);
	pango_font_description_set_size(fd, (int)(PANGO_SCALE *
	    (fo->cell_pt * room / wide < 6 ? 6 : fo->cell_pt * room / wide)));
	pango_layout_set_font_description(l, fd);
	pango_font_description_free(fd);
}

/* Cell text in its box: centred down (from the top when it cannot be),
   each line where its layout puts it across. */
static void
cell_text(struct pen *p, const struct tcell *tc, double x, double y, double bh)
{
	PangoLayout *l = p->lay[tc->lay];
	PangoLayoutIter *it;
	PangoRectangle log, all;
	double top;
	int line = 0;

	pango_layout_get_extents(l, NULL, &all);
	top = (bh - all.height / (double)PANGO_SCALE) / 2;
	if (top < VPAD)
		top = VPAD;
	it = pango_layout_get_iter(l);
	do {
		pango_layout_iter_get_line_extents(it, NULL, &log);
		pen_place(p, tc->lay, line++, x + PAD + tc->indent +
		    log.x / (double)PANGO_SCALE, y + top +
		    pango_layout_iter_get_baseline(it) / (double)PANGO_SCALE);
	} while (pango_layout_iter_next_line(it));
	pango_layout_iter_free(it);
}

/*
 * Where each body row goes: from the top of a page on, rows while they
 * fit; a page break never leaves a group's label too little room on
 * either side (the break moves up to the group's first row, unless that
 * is the page's first); the last row keeps tail below it on its page
 * (the lines that follow the table: its signers).  page[r], y[r] for the
 * body rows.
 */
static void
paginate(const struct an_part *t, const struct tcell *tc, const double *rowh,
    double y0, double head, double tail, int *page, double *y)
{
	double at = y0 + head, room = BOTTOM - TOP - head, before, after;
	int r = t->nhead, first = t->nhead, pg = 0, b, moved;
	size_t i;

	while (r < t->nrow) {
		if (at + rowh[r] + (r == t->nrow - 1 ? tail : 0) <= BOTTOM + 0.5 ||
		    r == first) {
			page[r] = pg;
			y[r] = at;
			at += rowh[r++];
			continue;
		}
		b = r;
		do {
			moved = 0;
			for (i = 0; i < t->ncell; i++) {
				const struct an_cell *c = tc[i].c;

				if (c->kind != AN_C_ROWGROUP || c->row >= b ||
				    c->row + c->rows <= b || c->row <= first)
					continue;
				before = y[b - 1] + rowh[b - 1] - y[c->row];
				after = span_h(rowh, b, c->row + c->rows);
				if (after > room)
					after = room;
				if (before < tc[i].h || after < tc[i].h) {
					b = c->row;
					moved = 1;
				}
			}
		} while (moved && b > first + 1);
		if (b <= first)
			b = r;
		pg++;
		first = r = b;
		at = TOP + head;
	}
}

static void
draw_head(struct pen *p, const struct an_part *t, const struct tcell *tc,
    const double *x, const double *w, const double *rowh, double y0)
{
	size_t i;

	for (i = 0; i < t->ncell; i++) {
		const struct an_cell *c = tc[i].c;
		double bx, by, bw, bh;

		if (c->row >= t->nhead)
			break;
		bx = x[c->col];
		by = y0 + span_h(rowh, 0, c->row);
		bw = span_w(w, c->col, c->cols, t->ncol);
		bh = span_h(rowh, c->row, c->row + c->rows);
		pen_box(p, bx, by, bw, bh);
		cell_text(p, &tc[i], bx, by, bh);
	}
}

/* The height of a table's name (lead) as pen_para sets it: its lines. */
static double
lead_height(struct pen *p, const char *lead, const struct fonts *fo)
{
	PangoLayout *l;
	int lines;

	if (lead == NULL)
		return 0;
	l = pango_layout_new(p->ctx);
	pango_layout_set_font_description(l, fo->small);
	pango_layout_set_width(l, (int)(TEXT_W * PANGO_SCALE));
	pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
	pango_layout_set_text(l, lead, -1);
	lines = pango_layout_get_line_count(l);
	g_object_unref(l);
	return lines * 2 * SMALL_PT;
}

/* A table part where the pen is, going on over pages, after its name
   (lead, or NULL) on the same page, with tail kept below its last row. */
static void
table(struct pen *p, const struct an_part *t, const struct fonts *fo,
    const char *lead, double tail)
{
	struct tcell *tc = xcalloc(t->ncell + 1, sizeof(*tc));
	double *w = xcalloc((size_t)t->ncol + 1, sizeof(*w));
	double *x = xcalloc((size_t)t->ncol + 1, sizeof(*x));
	double *rowh = xcalloc((size_t)t->nrow + 1, sizeof(*rowh));
	double *ry = xcalloc((size_t)t->nrow + 1, sizeof(*ry));
	int *rpage = xcalloc((size_t)t->nrow + 1, sizeof(*rpage));
	double head, min_row = fo->cell_pt * 1.9, need, y0, bx, by, bw, bh;
	PangoRectangle log;
	PangoLayout *l;
	PangoAlignment al;
	int j, r, pg, page0, last, top, end;
	size_t i;

	widths(t, w, fo->cell_pt);
	for (x[0] = LEFT, j = 0; j < t->ncol; j++)
		x[j + 1] = x[j] + w[j];
	for (i = 0; i < t->ncell; i++) {
		const struct an_cell *c = &t->cell[i];
		const char *s = c->kind == AN_C_NUM ? c->value : c->text;
		int len = c->kind == AN_C_NUM ? -1 : (int)c->len;

		tc[i].c = c;
		if (t->list && c->kind == AN_C_LABEL && c->r != NULL)
			tc[i].indent = c->r->level * fo->cell_pt;
		l = pen_layout(p);
		tc[i].lay = p->nlay - 1;
		pango_layout_set_font_description(l, is_head(c) || (c->r != NULL &&
		    c->r->src == AN_HEADING) ? fo->cellhead : fo->cell);
		pango_layout_set_width(l, (int)((span_w(w, c->col, c->cols,
		    t->ncol) - 2 * PAD - tc[i].indent) * PANGO_SCALE));
		al = c->kind == AN_C_LABEL ? PANGO_ALIGN_LEFT : PANGO_ALIGN_CENTER;
		pango_layout_set_alignment(l, al);
		pango_layout_set_text(l, s, len);
		if (c->kind == AN_C_NUM)
			fit_number(l, fo, span_w(w, c->col, c->cols, t->ncol) -
			    2 * PAD);
		pango_layout_get_extents(l, NULL, &log);
		tc[i].h = log.height / (double)PANGO_SCALE + 2 * VPAD;
	}
	/* Each row as high as its tallest one-row cell; a cell over several
	   rows that needs more makes its last row higher. */
	for (r = 0; r < t->nrow; r++)
		rowh[r] = min_row;
	for (i = 0; i < t->ncell; i++)
		if (tc[i].c->rows == 1 && tc[i].h > rowh[tc[i].c->row])
			rowh[tc[i].c->row] = tc[i].h;
	for (i = 0; i < t->ncell; i++) {
		const struct an_cell *c = tc[i].c;

		if (c->rows > 1 && (need = tc[i].h - span_h(rowh, c->row,
		    c->row + c->rows)) > 0)
			rowh[c->row + c->rows - 1] += need;
	}
	head = span_h(rowh, 0, t->nhead);
	/* The name, the header and a first row together (and the tail, when
	   the first row is the last). */
	if (p->y > TOP && p->y + lead_height(p, lead, fo) + head +
	    (t->nrow > t->nhead ? rowh[t->nhead] : 0) +
	    (t->nrow - t->nhead <= 1 ? tail : 0) > BOTTOM + 0.5)
		pen_new_page(p);
	if (lead != NULL)
		pen_para(p, lead, -1, fo->small, PANGO_ALIGN_LEFT, 0,
		    2 * SMALL_PT, 0);
	y0 = p->y;
	paginate(t, tc, rowh, y0, head, tail, rpage, ry);
	page0 = p->page;
	last = t->nrow > t->nhead ? rpage[t->nrow - 1] : 0;
	for (pg = 0; pg <= last; pg++) {
		p->page = page0 + pg;
		draw_head(p, t, tc, x, w, rowh, pg == 0 ? y0 : TOP);
		for (top = t->nhead; top < t->nrow && rpage[top] != pg; top++)
			;
		for (end = top; end < t->nrow && rpage[end] == pg; end++)
			;
		for (i = 0; i < t->ncell; i++) {
			const struct an_cell *c = tc[i].c;
			int from = c->row > top ? c->row : top;
			int to = c->row + c->rows < end ? c->row + c->rows : end;

			if (c->row < t->nhead || from >= to)
				continue;
			bx = x[c->col];
			by = ry[from];
			bw = span_w(w, c->col, c->cols, t->ncol);
			bh = ry[to - 1] + rowh[to - 1] - by;
			pen_box(p, bx, by, bw, bh);
			cell_text(p, &tc[i], bx, by, bh);
		}
		p->y = end > top ? ry[end - 1] + rowh[end - 1] : y0 + head;
	}
	p->y += p->pitch / 2;
	free(tc);
	free(w);
	free(x);
	free(rowh);
	free(ry);
	free(rpage);
}

/* The parts of the table (the section titled only, or all), the last
   one keeping tail below it. */
static void
tables(struct pen *p, const struct an_table *t, const char *only,
    const struct fonts *fo, double tail)
{
	struct an_parts ps;
	size_t i;

	an_layout(&ps, t, only);
	for (i = 0; i < ps.n; i++) {
		const struct an_part *part = &ps.p[i];

		if (part->title != NULL) {
			if (p->y + 2 * p->pitch > BOTTOM + 0.5)
				pen_new_page(p);
			pen_para(p, part->title, (int)part->title_len, fo->head,
			    PANGO_ALIGN_LEFT, 0, p->pitch, 0);
		}
		table(p, part, fo, part->subhead, i + 1 == ps.n ? tail : 0);
	}
	an_layout_free(&ps);
}

static const char *
meta(const struct an_year *y, const char *key)
{
	const char *v = an_year_get(y, "meta", key);

	return v != NULL ? v : "";
}

/* 附件1: a page of its own, the table's title, year and filer, the table,
   the signers. */
static void
annex(struct pen *p, const struct an_table *t, const struct an_year *y,
    const char *body, const char *label, const struct fonts *fo)
{
	const char *u = meta(y, "unit");
	struct buf s;

	if (p->y > TOP)
		pen_new_page(p);
	if (label[0] != '\0')
		pen_para(p, label, -1, fo->head, PANGO_ALIGN_LEFT, 0, p->pitch,
		    0);
	pen_para(p, t->f->title, -1, p->title, PANGO_ALIGN_CENTER, 0,
	    TITLE_PITCH, 0);
	buf_init(&s);
	buf_printf(&s, "（%d年度）", t->year);
	pen_para(p, s.s, -1, p->body, PANGO_ALIGN_CENTER, 0, p->pitch, 0);
	if (fo->draft && label[0] == '\0')
		pen_para(p, DRAFT, -1, fo->head, PANGO_ALIGN_CENTER, 0, p->pitch,
		    0);
	buf_reset(&s);
	buf_printf(&s, "填报单位（盖章）：%s", u[0] ? u : body);
	pen_para(p, s.s, -1, fo->small, PANGO_ALIGN_LEFT, 0, SMALL_PT * 2, 0);
	/* The two lines of signers stay with the table's last row. */
	tables(p, t, NULL, fo, p->pitch / 2 + 2 * 2 * SMALL_PT);
	buf_reset(&s);
	buf_printf(&s, "单位负责人：%s　审核人：%s　填报人：%s", meta(y, "head"),
	    meta(y, "reviewer"), meta(y, "preparer"));
	pen_para(p, s.s, -1, fo->small, PANGO_ALIGN_LEFT, 0, SMALL_PT * 2, 0);
	buf_reset(&s);
	buf_printf(&s, "联系电话：%s　填报日期：%s", meta(y, "phone"),
	    meta(y, "date"));
	pen_para(p, s.s, -1, fo->small, PANGO_ALIGN_LEFT, 0, SMALL_PT * 2, 0);
	buf_free(&s);
}

static void
report(struct pen *p, const struct report_format *rf, const struct an_table *t,
    const struct an_year *y, const char *title, const char *body,
    const struct fonts *fo)
{
	const struct report_section *s;
	const char *v, *para;
	size_t i, len;

	if (rf == NULL || !report_has_text(rf, y)) {
		/* A year published without text: its table alone. */
		annex(p, t, y, body, "", fo);
		pen_folios(p);
		return;
	}
	pen_para(p, title, -1, p->title, PANGO_ALIGN_CENTER, 0, TITLE_PITCH, 0);
	if (fo->draft)
		pen_para(p, DRAFT, -1, fo->head, PANGO_ALIGN_CENTER, 0, p->pitch,
		    0);
	p->y += p->pitch;
	for (i = 0; i < rf->nsec; i++) {
		s = &rf->sec[i];
		if (s->kind == RK_ANNEX) {
			annex(p, t, y, body, s->title, fo);
			continue;
		}
		if (s->title[0] != '\0') {
			/* A heading never ends a page. */
			if (p->y + 2 * p->pitch > BOTTOM + 0.5)
				pen_new_page(p);
			pen_para(p, s->title, -1, fo->head, PANGO_ALIGN_LEFT, 0,
			    p->pitch, 0);
		}
		if ((v = an_year_get(y, "text", s->key)) != NULL)
			while ((para = report_para(&v, &len)) != NULL)
				pen_para(p, para, (int)len, p->body,
				    PANGO_ALIGN_LEFT, 2 * BODY_PT, p->pitch, 0);
		if (s->kind == RK_TABLE)
			tables(p, t, s->title, fo, 0);
	}
	pen_folios(p);
}

int
report_pdf(const struct report_format *rf, const struct an_table *t,
    const struct an_year *y, const char *body, const char *published,
    struct buf *out, const char **why)
{
	struct fonts fo;
	struct pen p;
	struct buf title;
	int rc = -1;

	buf_init(&title);
	buf_printf(&title, "%s%d年政府信息公开工作年度报告", body, t->year);
	pdf_lock();
	if (pen_open(&p, out, title.s, body, published, why) == 0) {
		fo.head = pango_font_description_from_string(SANS " 16");
		fo.small = pango_font_description_from_string(PDF_FONT " 12");
		fo.cell_pt = 10.5;	/* 五号 */
		fo.cell = pango_font_description_from_string(PDF_FONT " 10.5");
		fo.cellhead = pango_font_description_from_string(SANS " 10.5");
		fo.draft = published[0] == '\0';
		report(&p, rf, t, y, title.s, body, &fo);
		rc = pen_close(&p, why);
		pango_font_description_free(fo.head);
		pango_font_description_free(fo.small);
		pango_font_description_free(fo.cell);
		pango_font_description_free(fo.cellhead);
	}
	pdf_unlock();
	buf_free(&title);
	return rc;
}

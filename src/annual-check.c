/*
 * annual-check: the consistency checks of a table — the format's checks
 * (checks.csv: "a+b" against "c+d", next year's rows as "next:c") and
 * every sum row against its parts — each failure named, never corrected.
 * See include/ogi/annual.h.
 */
#include <string.h>

#include "ogi/annual.h"
#include "ogi/buf.h"

/* One side of a check in column j: the sum of its rows' cells and their
   labels.  -1 when a cell does not exist or next year is not at hand. */
static int
side(const struct an_table *t, const struct an_table *next,
    const struct an_terms *terms, size_t j, long long *out, struct buf *names)
{
	const struct an_table *tt = terms->next ? next : t;
	size_t k;

	*out = 0;
	if (tt == NULL || tt->f != t->f)
		return -1;
	for (k = 0; k < terms->n; k++) {
		const struct an_row *r = &tt->f->row[terms->i[k]];

		if (j >= r->cs->ncol || tt->v[terms->i[k]][j] == AN_NONE)
			return -1;
		*out += tt->v[terms->i[k]][j];
		if (names->len > 0)
			buf_adds(names, " + ");
		if (tt != t)
			buf_printf(names, "%d年", tt->year);
		buf_adds(names, r->label);
	}
	return 0;
}

/* "label（column）：left = 1，right = 2，相差 1" when the sides differ. */
static size_t
compare(struct buf *out, const struct an_table *t, const struct an_table *next,
    const struct an_terms *l, const struct an_terms *r, const char *label)
{
	const struct an_row *first = &t->f->row[l->i[0]];
	const struct an_colset *cs = first->cs;
	struct buf ln, rn;
	long long lv, rv;
	size_t j, n = 0;

	buf_init(&ln);
	buf_init(&rn);
	for (j = 0; j < cs->ncol; j++) {
		buf_reset(&ln);
		buf_reset(&rn);
		if (side(t, next, l, j, &lv, &ln) != 0 ||
		    side(t, next, r, j, &rv, &rn) != 0 || lv == rv)
			continue;
		buf_adds(out, label);
		if (cs->ncol > 1 && cs->col[j].label[0] != '\0')
			buf_printf(out, "（%s）", cs->col[j].label);
		buf_printf(out, "：%s = ", ln.s);
		an_format_value(out, lv, first->decimals);
		buf_printf(out, "，%s = ", rn.s);
		an_format_value(out, rv, first->decimals);
		buf_adds(out, "，相差 ");
		an_format_value(out, lv > rv ? lv - rv : rv - lv, first->decimals);
		buf_addc(out, '\n');
		n++;
	}
	buf_free(&ln);
	buf_free(&rn);
	return n;
}

size_t
an_checks(const struct an_table *t, const struct an_table *next, struct buf *out)
{
	const struct an_format *f = t->f;
	size_t i, n = 0;

	for (i = 0; i < f->nchk; i++)
		n += compare(out, t, next, &f->chk[i].l, &f->chk[i].r,
		    f->chk[i].label);
	/* Every sum row against its parts: they can only differ if the
	   table was published otherwise (a snapshot). */
	for (i = 0; i < f->nrow; i++) {
		int ri = (int)i;
		struct an_terms self = { &ri, 1, 0 };

		if (f->row[i].src == AN_SUM)
			n += compare(out, t, NULL, &self, &f->row[i].sum,
			    f->row[i].label);
	}
	return n;
}

size_t
an_diff(const struct an_table *was, const struct an_table *now, struct buf *out)
{
	const struct an_format *f = now->f;
	size_t i, j, n = 0;

	if (was->f != f)
		return 0;
	for (i = 0; i < f->nrow; i++) {
		const struct an_row *r = &f->row[i];

		if (r->src == AN_HEADING)
			continue;
		for (j = 0; j < r->cs->ncol; j++) {
			if (was->v[i][j] == now->v[i][j])
				continue;
			buf_adds(out, r->label);
			if (f->grid)
				buf_printf(out, "（%s）", r->cs->col[j].label);
			buf_adds(out, "：已发布 ");
			an_format_value(out, was->v[i][j], r->decimals);
			buf_adds(out, "，现为 ");
			an_format_value(out, now->v[i][j], r->decimals);
			buf_addc(out, '\n');
			n++;
		}
	}
	return n;
}

/*
 * annual-compute: a year's table from the records (every computed cell
 * counts the cases its metric names) and the entered files (summed over
 * the agencies a roll-up covers), then the sums.  See include/ogi/annual.h.
 */
#include <stdlib.h>
#include <string.h>

#include "ogi/annual.h"
#include "ogi/buf.h"

struct facts {			/* what one case contributes to a year */
	cal_day	 received, concluded;
	int	 on_time, channel, row;	/* row: its outcome's, or -1 */
	const char *kind;
	cal_day	 review_filed, review_decided, suit_filed, suit_decided;
	const char *review_outcome, *suit_outcome, *suit_kind;
};

/* Which of the file's agencies are among these (free it). */
static unsigned char *
agency_mask(const struct apps *l, const char *const *agencies, size_t n)
{
	unsigned char *m = xcalloc(l->nagency + 1, 1);
	size_t i, j;

	for (i = 0; i < l->nagency; i++)
		for (j = 0; j < n; j++)
			if (strcmp(l->agency[i], agencies[j]) == 0)
				m[i] = 1;
	return m;
}

/* The row the format counts an outcome in, or -1. */
static int
mapped_row(const struct an_format *f, const char *outcome)
{
	size_t i;

	if (outcome == NULL)
		return -1;
	for (i = 0; i < f->nmap; i++)
		if (strcmp(f->map_outcome[i], outcome) == 0)
			return f->map_ri[i];
	return -1;
}

static void
facts_of(struct cases *c, const struct an_format *f, size_t i, struct facts *x)
{
	const struct case_sum *s = cases_sum(c, i);
	const struct app_rec *a = &c->apps.v[i];
	const struct event *e;
	size_t k;

	memset(x, 0, sizeof(*x));
	x->received = s->received;
	x->concluded = s->concluded;
	x->on_time = s->timeliness == TL_ON_TIME;
	x->channel = a->channel;
	x->kind = a->org && app_org_kind(a)[0] ? app_org_kind(a) : "person";
	x->row = mapped_row(f, s->outcome >= 0 ? c->law.out[s->outcome].code : NULL);
	x->review_filed = x->review_decided = x->suit_filed = x->suit_decided = -1;
	for (k = i < c->ncase ? c->first[i] : 0; k != 0; k = e->next) {
		e = &c->ev[k - 1];
		switch (e->type) {
		case EV_REVIEW_FILED:
			x->review_filed = e->date;
			break;
		case EV_REVIEW_DECIDED:
			x->review_decided = e->date;
			x->review_outcome = case_ev_outcome(c, e);
			break;
		case EV_SUIT_FILED:
			x->suit_filed = e->date;
			x->suit_kind = case_ev_reason(c, e);
			break;
		case EV_SUIT_DECIDED:
			x->suit_decided = e->date;
			x->suit_outcome = case_ev_outcome(c, e);
			break;
		default:
			break;
		}
	}
}

static int
in_year(cal_day d, cal_day y0, cal_day y1)
{
	return d >= y0 && d <= y1;
}

/* 复议 or 诉讼 with a result (an index in an_results) in the year. */
static int
litigation(const struct facts *x, enum an_lit lit, int res, cal_day y0,
    cal_day y1)
{
	const char *outcome;
	cal_day filed, decided;

	if (lit == AN_LIT_REVIEW) {
		filed = x->review_filed;
		decided = x->review_decided;
		outcome = x->review_outcome;
	} else if (lit == AN_LIT_SUIT || lit == AN_LIT_SUIT_DIRECT ||
	    lit == AN_LIT_SUIT_AFTER) {
		if (lit != AN_LIT_SUIT && (x->suit_kind == NULL ||
		    strcmp(x->suit_kind, lit == AN_LIT_SUIT_DIRECT ?
		    "direct" : "after_review") != 0))
			return 0;
		filed = x->suit_filed;
		decided = x->suit_decided;
		outcome = x->suit_outcome;
	} else
		return 0;
	if (filed < 0 || res < 0)
		return 0;
	if (strcmp(an_results[res], "open") == 0)
		return filed <= y1 && (decided < 0 || decided > y1);
	return in_year(decided, y0, y1) && outcome != NULL &&
	    strcmp(outcome, an_results[res]) == 0;
}

/* Does the case count in row ri's computed cell of column col? */
static int
counts(const struct an_format *f, size_t ri, const struct an_col *col,
    const struct facts *x, cal_day y0, cal_day y1)
{
	const struct an_row *r = &f->row[ri];

	/* A column named for an applicant type counts that type only. */
	if (strcmp(r->cs->name, AN_SET_APPLICANT) == 0 &&
	    strcmp(col->code, x->kind) != 0)
		return 0;
	switch (r->metric) {
	case AN_M_RECEIVED:
		return in_year(x->received, y0, y1) && x->channel == r->arg;
	case AN_M_ON_TIME:
		return in_year(x->concluded, y0, y1) && x->on_time;
	case AN_M_EXTENDED:
		return in_year(x->concluded, y0, y1) && !x->on_time;
	case AN_M_ANSWER:
		return in_year(x->concluded, y0, y1) && x->row == (int)ri;
	case AN_M_NEW:
		return in_year(x->received, y0, y1);
	case AN_M_CARRIED_IN:
		return x->received >= 0 && x->received < y0 &&
		    (x->concluded < 0 || x->concluded >= y0);
	case AN_M_CARRIED_OUT:
		return x->received >= 0 && x->received <= y1 &&
		    (x->concluded < 0 || x->concluded > y1);
	case AN_M_REVIEW:
		return litigation(x, AN_LIT_REVIEW, r->arg, y0, y1);
	case AN_M_SUIT:
		return litigation(x, AN_LIT_SUIT, r->arg, y0, y1);
	case AN_M_BY_COLUMN:
		return litigation(x, col->lit, col->lit_result, y0, y1);
	default:
		return 0;
	}
}

/* A row's value in a column, its sum resolved first (the loader made
   sure that sums do not go round in a circle). */
static long long
cell(struct an_table *t, int ri, size_t col)
{
	const struct an_row *r = &t->f->row[ri];
	long long s = 0;
	size_t k;

	if (t->v[ri][col] == AN_NONE && r->src == AN_SUM) {
		for (k = 0; k < r->sum.n; k++)
			s += cell(t, r->sum.i[k], col);
		t->v[ri][col] = s;
	}
	return t->v[ri][col] == AN_NONE ? 0 : t->v[ri][col];
}

/* The sum columns (总计) of every row that has cells of its own; sum rows
   add up their parts' columns, totals included. */
static void
column_sums(struct an_table *t)
{
	size_t i, j, k;

	for (i = 0; i < t->f->nrow; i++) {
		const struct an_row *r = &t->f->row[i];

		if (r->src == AN_HEADING || r->src == AN_SUM)
			continue;
		for (j = 0; j < r->cs->ncol; j++) {
			const struct an_terms *p = &r->cs->col[j].parts;
			long long s = 0;

			if (p->n == 0)
				continue;
			for (k = 0; k < p->n; k++)
				if (t->v[i][p->i[k]] != AN_NONE)
					s += t->v[i][p->i[k]];
			t->v[i][j] = s;
		}
	}
}

void
an_compute(struct an_table *t, const struct an_format *f, struct cases *c,
    const char *const *agencies, size_t nag, struct an_year *const *entered,
    size_t nentered, int year)
{
	struct facts x;
	cal_day y0 = cal_from_ymd(year, 1, 1), y1 = cal_from_ymd(year, 12, 31);
	unsigned char *mask;
	size_t i, j, k;
	long long v;

	an_table_init(t, f, year);
	for (i = 0; i < f->nrow; i++) {
		const struct an_row *r = &f->row[i];

		if (r->src == AN_HEADING || r->src == AN_SUM)
			continue;
		for (j = 0; j < r->cs->ncol; j++) {
			if (r->cs->col[j].sum[0] != '\0')
				continue;
			t->v[i][j] = 0;
			if (r->src != AN_ENTERED)
				continue;
			for (k = 0; k < nentered; k++) {
				const char *s = an_year_get(entered[k], r->code, r->cs->col[j].code);

				if (s != NULL && an_parse_value(s, AN_MAX_DECIMALS, &v) == 0)
					t->v[i][j] += v;
			}
		}
	}
	/* Amounts, not cases: the fees collected, in the row's unit. */
	for (i = 0; i < f->nrow; i++) {
		const struct an_row *r = &f->row[i];

		if (r->src != AN_COMPUTED || r->metric != AN_M_FEES)
			continue;
		v = an_fees_collected(c, agencies, nag, year);
		for (k = 0; k < r->cs->ncol; k++)
			if (r->cs->col[k].sum[0] == '\0')
				t->v[i][k] = strcmp(r->unit, "万元") == 0 ?
				    (v + 50) / 100 : v * 100;
	}
	mask = agency_mask(&c->apps, agencies, nag);
	for (i = 0; i < c->apps.n; i++) {
		if (!mask[c->apps.v[i].agency])
			continue;
		facts_of(c, f, i, &x);
		for (j = 0; j < f->nrow; j++) {
			const struct an_row *r = &f->row[j];

			if (r->src != AN_COMPUTED)
				continue;
			for (k = 0; k < r->cs->ncol; k++)
				if (r->cs->col[k].sum[0] == '\0' &&
				    counts(f, j, &r->cs->col[k], &x, y0, y1))
					t->v[j][k] += 100;
		}
	}
	free(mask);
	column_sums(t);
	for (i = 0; i < f->nrow; i++)
		for (j = 0; f->row[i].src == AN_SUM && j < f->row[i].cs->ncol; j++)
			t->v[i][j] = cell(t, (int)i, j);
}

/* Is every entered cell of the format that y holds a number for its row? */
static int
entered_ok(const struct an_format *f, const struct an_year *y, struct buf *err)
{
	size_t i, j;
	long long v;

	for (i = 0; i < f->nrow; i++) {
		const struct an_row *r = &f->row[i];

		if (r->src != AN_ENTERED)
			continue;
		for (j = 0; j < r->cs->ncol; j++) {
			const char *s = an_year_get(y, r->code, r->cs->col[j].code);

			/* "": a draft's cell not filled in yet. */
			if (s != NULL && s[0] != '\0' &&
			    an_parse_value(s, r->decimals, &v) != 0) {
				buf_printf(err, "%s: %s/%s: \"%s\" is not a number with at "
				    "most %d decimals", y->path != NULL ? y->path : "",
				    r->code, r->cs->col[j].code, s, r->decimals);
				return 0;
			}
		}
	}
	return 1;
}

int
an_compute_scope(struct an_table *t, const struct an_format *f,
    struct cases *c, const char *data_dir, const char *const *scope,
    size_t nscope, struct an_year *own, int year, struct buf *err)
{
	struct an_year *ys = xcalloc(nscope + 1, sizeof(*ys));
	struct an_year **yp = xcalloc(nscope + 1, sizeof(*yp));
	size_t i;
	int rc = -1;

	memset(t, 0, sizeof(*t));
	for (i = 0; i < nscope; i++) {
		if (i == 0 && own != NULL)
			yp[i] = own;
		else if (an_year_read(&ys[i], data_dir, scope[i], year, err) == 0)
			yp[i] = &ys[i];
		else
			goto out;
		if (!entered_ok(f, yp[i], err))
			goto out;
	}
	an_compute(t, f, c, scope, nscope, yp, nscope, year);
	rc = 0;
out:
	for (i = 0; i < nscope; i++)
		an_year_free(&ys[i]);
	free(ys);
	free(yp);
	return rc;
}

long long
an_fees_collected(struct cases *c, const char *const *agencies, size_t nag,
    int year)
{
	cal_day y0 = cal_from_ymd(year, 1, 1), y1 = cal_from_ymd(year, 12, 31);
	const struct event *e;
	struct ev_text t;
	unsigned char *mask;
	long long sum = 0;
	size_t i, k;

	mask = agency_mask(&c->apps, agencies, nag);
	for (i = 0; i < c->apps.n; i++) {
		if (!mask[c->apps.v[i].agency])
			continue;
		for (k = i < c->ncase ? c->first[i] : 0; k != 0; k = e->next) {
			e = &c->ev[k - 1];
			if (e->type != EV_FEE_PAID || !in_year(e->date, y0, y1))
				continue;
			/* A row that cannot be read counts nothing. */
			if (cases_event_text(c, e, &t) == 0)
				sum += strtoll(t.reason, NULL, 10);
			case_ev_text_free(&t);
		}
	}
	free(mask);
	return sum;
}

void
an_months(struct cases *c, const char *const *agencies, size_t nag, int year,
    size_t out[12])
{
	cal_day r;
	unsigned char *mask;
	cal_day y0 = cal_from_ymd(year, 1, 1), y1 = cal_from_ymd(year, 12, 31);
	size_t i;
	int y, m, d;

	memset(out, 0, 12 * sizeof(size_t));
	mask = agency_mask(&c->apps, agencies, nag);
	for (i = 0; i < c->apps.n; i++) {
		if (!mask[c->apps.v[i].agency])
			continue;
		r = cases_received(c, i);
		if (r < y0 || r > y1)
			continue;
		cal_to_ymd(r, &y, &m, &d);
		out[m - 1]++;
	}
	free(mask);
}

/*
 * annual-table: a table's cells, numbers kept in hundredths, and the
 * table as published (the snapshot in the year's file).
 * See include/ogi/annual.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ogi/annual.h"
#include "ogi/buf.h"

int
an_parse_value(const char *s, int decimals, long long *out)
{
	long long v = 0;
	int frac = -1;

	if (*s == '\0')
		return -1;
	for (; *s != '\0'; s++) {
		if (*s == ',' && frac < 0)
			continue;
		if (*s == '.' && frac < 0 && decimals > 0) {
			frac = 0;
			continue;
		}
		if (*s < '0' || *s > '9' || v > 1000000000000LL)
			return -1;
		if (frac >= 0 && ++frac > decimals)
			return -1;
		v = v * 10 + (*s - '0');
	}
	if (frac < 0)
		frac = 0;
	for (; frac < 2; frac++)
		v *= 10;
	*out = v;
	return 0;
}

void
an_format_value(struct buf *b, long long v, int decimals)
{
	if (v == AN_NONE) {
		buf_adds(b, "——");
		return;
	}
	if (v % 100 == 0 || decimals == 0)
		buf_printf(b, "%lld", v / 100);
	else if (v % 10 == 0 || decimals == 1)
		buf_printf(b, "%lld.%lld", v / 100, v / 10 % 10);
	else
		buf_printf(b, "%lld.%02lld", v / 100, v % 100);
}

void
an_table_init(struct an_table *t, const struct an_format *f, int year)
{
	size_t i, j;

	t->f = f;
	t->year = year;
	t->v = xcalloc(f->nrow, sizeof(*t->v));
	for (i = 0; i < f->nrow; i++) {
		t->v[i] = xcalloc(f->row[i].cs->ncol, sizeof(long long));
		for (j = 0; j < f->row[i].cs->ncol; j++)
			t->v[i][j] = AN_NONE;
	}
}

void
an_table_free(struct an_table *t)
{
	size_t i;

	if (t->v != NULL)
		for (i = 0; i < t->f->nrow; i++)
			free(t->v[i]);
	free(t->v);
	memset(t, 0, sizeof(*t));
}

int
an_from_snapshot(struct an_table *t, const struct an_format *f,
    const struct an_year *y, int year)
{
	char code[80];
	const char *s;
	size_t i, j;
	long long v;

	an_table_init(t, f, year);
	for (i = 0; i < f->nrow; i++) {
		if (f->row[i].src == AN_HEADING)
			continue;
		(void)snprintf(code, sizeof(code), "cell:%s", f->row[i].code);
		for (j = 0; j < f->row[i].cs->ncol; j++) {
			s = an_year_get(y, code, f->row[i].cs->col[j].code);
			if (s == NULL || an_parse_value(s, AN_MAX_DECIMALS, &v) != 0) {
				an_table_free(t);
				return -1;
			}
			t->v[i][j] = v;
		}
	}
	return 0;
}

void
an_snapshot(struct an_year *y, const struct an_table *t, cal_day published)
{
	const struct an_format *f = t->f;
	struct buf code, v;
	char day[CAL_DATE_LEN];
	size_t i, j;

	buf_init(&code);
	buf_init(&v);
	for (i = 0; i < f->nrow; i++) {
		const struct an_row *r = &f->row[i];

		if (r->src == AN_HEADING)
			continue;
		buf_reset(&code);
		buf_printf(&code, "cell:%s", r->code);
		for (j = 0; j < r->cs->ncol; j++) {
			buf_reset(&v);
			an_format_value(&v, t->v[i][j], AN_MAX_DECIMALS);
			an_year_set(y, code.s, r->cs->col[j].code, v.s);
		}
	}
	cal_format(published, day);
	an_year_set(y, "meta", "published", day);
	/* Whether the report came out by its deadline is the first
	   publication's: a later correction does not change it. */
	if (an_year_get(y, "meta", "first_published") == NULL)
		an_year_set(y, "meta", "first_published", day);
	an_year_set(y, "meta", "format", f->name);
	buf_free(&code);
	buf_free(&v);
}

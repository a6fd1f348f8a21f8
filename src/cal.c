/* cal: civil dates and the working-day calendar. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ogi/buf.h"
#include "ogi/cal.h"
#include "ogi/store.h"

/* Days from civil and back: Howard Hinnant's algorithms. */
cal_day
cal_from_ymd(int y, int m, int d)
{
	int era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

void
cal_to_ymd(cal_day z, int *y, int *m, int *d)
{
	int era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = yoe + era * 400 + (*m <= 2);
}

int
cal_weekday(cal_day z)
{
	/* 1970-01-01 was a Thursday (4). */
	int w = (int)((z % 7 + 7 + 3) % 7);

	return w + 1;
}

static int
digits(const char *s, int n, int *out)
{
	int i, v = 0;

	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return 0;
}

int
cal_parse(const char *s, cal_day *out)
{
	static const int mdays[12] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31,
	    30, 31 };
	int y, m, d;

	/* In this order, nothing past a short string's end is read. */
	if (digits(s, 4, &y) || s[4] != '-' || digits(s + 5, 2, &m) ||
	    s[7] != '-' || digits(s + 8, 2, &d) || s[10] != '\0')
		return -1;
	if (y < 1900 || m < 1 || m > 12 || d < 1 || d > mdays[m - 1])
		return -1;
	if (m == 2 && d == 29 && !(y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)))
		return -1;			/* no 29 February 2026 */
	*out = cal_from_ymd(y, m, d);
	return 0;
}

int
cal_parse_memo(struct cal_memo *m, const char *s, cal_day *out)
{
	size_t i;

	/* Up to the memo's NUL: never past the end of a shorter s. */
	if (m->s[0] != '\0')
		for (i = 0; i < CAL_DATE_LEN && s[i] == m->s[i]; i++)
			if (s[i] == '\0') {
				*out = m->d;
				return 0;
			}
	if (cal_parse(s, out) != 0)
		return -1;
	memcpy(m->s, s, CAL_DATE_LEN);
	m->d = *out;
	return 0;
}

void
cal_format(cal_day z, char out[CAL_DATE_LEN])
{
	int y, m, d;

	cal_to_ymd(z, &y, &m, &d);
	if (y < 0 || y > 9999)
		y = 0;
	out[0] = (char)('0' + y / 1000);
	out[1] = (char)('0' + y / 100 % 10);
	out[2] = (char)('0' + y / 10 % 10);
	out[3] = (char)('0' + y % 10);
	out[4] = '-';
	out[5] = (char)('0' + m / 10);
	out[6] = (char)('0' + m % 10);
	out[7] = '-';
	out[8] = (char)('0' + d / 10);
	out[9] = (char)('0' + d % 10);
	out[10] = '\0';
}

struct load {
	struct cal	*c;
	struct buf	 err;
	cal_day		*days;
	unsigned char	*kinds;
	char		**names;
	size_t		 n, cap;
};

static const char *const hol_header[] = { "date", "kind", "name" };

static int
on_day(void *ctx, char *const *f, size_t n)
{
	struct load *l = ctx;
	cal_day d;
	int k;

	(void)n;
	if (cal_parse(f[0], &d) != 0) {
		buf_printf(&l->err, "bad date \"%.20s\"", f[0]);
		return -1;
	}
	if (strcmp(f[1], "holiday") == 0)
		k = CAL_HOLIDAY;
	else if (strcmp(f[1], "workday") == 0)
		k = CAL_MAKEUP;
	else {
		buf_printf(&l->err, "%s: kind must be holiday or workday", f[0]);
		return -1;
	}
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 1024;
		l->days = xreallocarray(l->days, l->cap, sizeof(*l->days));
		l->kinds = xreallocarray(l->kinds, l->cap, 1);
		l->names = xreallocarray(l->names, l->cap, sizeof(*l->names));
	}
	l->days[l->n] = d;
	l->kinds[l->n] = (unsigned char)k;
	l->names[l->n] = xstrdup(f[2]);
	l->n++;
	return 0;
}

int
cal_load(struct cal *c, const char *path, const char **why)
{
	static char msg[160];
	struct store st;
	struct load l;
	enum store_err e;
	int y, m, dd, miny = 9999, maxy = 0;
	size_t i;
	cal_day d, idx;

	memset(c, 0, sizeof(*c));
	memset(&l, 0, sizeof(l));
	l.c = c;
	buf_init(&l.err);
	store_init(&st, path, hol_header, 3, on_day, NULL, &l);
	e = store_refresh(&st);
	store_free(&st);
	if (e == STORE_OK && l.n == 0)
		buf_adds(&l.err, "no days: missing or empty");
	if (e != STORE_OK || l.n == 0) {
		(void)snprintf(msg, sizeof(msg), "%s: %s", path,
		    l.err.len ? l.err.s : store_strerror(e));
		*why = msg;
		for (i = 0; i < l.n; i++)
			free(l.names[i]);
		free(l.days);
		free(l.kinds);
		free(l.names);
		buf_free(&l.err);
		return -1;
	}
	for (i = 0; i < l.n; i++) {
		cal_to_ymd(l.days[i], &y, &m, &dd);
		if (y < miny)
			miny = y;
		if (y > maxy)
			maxy = y;
	}
	c->first_year = miny;
	c->last_year = maxy;
	c->base = cal_from_ymd(miny, 1, 1);
	c->ndays = cal_from_ymd(maxy + 1, 1, 1) - c->base;
	c->kind = xcalloc((size_t)c->ndays, 1);
	c->name = xcalloc((size_t)c->ndays, sizeof(*c->name));
	for (d = 0; d < c->ndays; d++)
		c->kind[d] = cal_weekday(c->base + d) >= 6 ? CAL_WEEKEND : CAL_WORK;
	for (i = 0; i < l.n; i++) {
		idx = l.days[i] - c->base;
		c->kind[idx] = l.kinds[i];
		free(c->name[idx]);
		c->name[idx] = l.names[i];
	}
	free(l.days);
	free(l.kinds);
	free(l.names);
	buf_free(&l.err);
	return 0;
}

void
cal_free(struct cal *c)
{
	int32_t i;

	for (i = 0; c->name != NULL && i < c->ndays; i++)
		free(c->name[i]);
	free(c->name);
	free(c->kind);
	memset(c, 0, sizeof(*c));
}

enum cal_kind
cal_kind_of(const struct cal *c, cal_day d)
{
	if (d < c->base || d - c->base >= c->ndays)
		return CAL_UNKNOWN;
	return (enum cal_kind)c->kind[d - c->base];
}

const char *
cal_name_of(const struct cal *c, cal_day d)
{
	if (d < c->base || d - c->base >= c->ndays || c->name[d - c->base] == NULL)
		return "";
	return c->name[d - c->base];
}

int
cal_is_workday(const struct cal *c, cal_day d)
{
	switch (cal_kind_of(c, d)) {
	case CAL_WORK:
	case CAL_MAKEUP:
		return 1;
	case CAL_WEEKEND:
	case CAL_HOLIDAY:
		return 0;
	case CAL_UNKNOWN:
		break;
	}
	return -1;
}

int
cal_add_workdays(const struct cal *c, cal_day start, int n, cal_day *out)
{
	cal_day d = start;
	int w;

	while (n > 0) {
		d++;
		if ((w = cal_is_workday(c, d)) < 0)
			return -1;
		n -= w;
	}
	*out = d;
	return 0;
}

int
cal_workdays_between(const struct cal *c, cal_day from, cal_day to)
{
	int n = 0, w;
	cal_day d;

	for (d = from + 1; d <= to; d++) {
		if ((w = cal_is_workday(c, d)) < 0)
			return -1;
		n += w;
	}
	return n;
}

/* cal: civil dates and the working-day calendar. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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
	struct buf	 err;
	const char	*path;
	int		 overlay;	/* the official years imported */
	cal_day		*days;
	unsigned char	*kinds;		/* enum cal_kind, or KIND_PROV */
	char		**names;
	size_t		 n, cap;
};

#define KIND_PROV	0x80	/* a statutory day of a provisional year */

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
	else if (strcmp(f[1], "provisional") == 0 && !l->overlay)
		k = CAL_HOLIDAY | KIND_PROV;
	else {
		buf_printf(&l->err, "%s: kind must be holiday%s or workday", f[0],
		    l->overlay ? "" : ", provisional");
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

static void
load_free(struct load *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		free(l->names[i]);
	free(l->days);
	free(l->kinds);
	free(l->names);
	buf_free(&l->err);
}

/* Read one file's rows; a missing overlay is an empty one. */
static int
load_file(struct load *l, const char *path, int overlay)
{
	struct store st;
	enum store_err e;

	l->path = path;
	l->overlay = overlay;
	store_init(&st, path, hol_header, 3, on_day, NULL, l);
	e = store_refresh(&st);
	store_free(&st);
	if (e == STORE_OK)
		return 0;
	if (l->err.len == 0)
		buf_adds(&l->err, store_strerror(e));
	return -1;
}

static int
year_of(cal_day d)
{
	int y, m, dd;

	cal_to_ymd(d, &y, &m, &dd);
	return y;
}

int
cal_load(struct cal *c, const char *path, const char **why)
{
	return cal_load_with(c, path, NULL, why);
}

int
cal_load_with(struct cal *c, const char *path, const char *overlay,
    const char **why)
{
	static char msg[256];
	struct load l, o;
	int y, miny = 9999, maxy = 0, nyears;
	unsigned char *seen = NULL, k;
	size_t i, base_n;
	cal_day d, idx;

	memset(c, 0, sizeof(*c));
	memset(&l, 0, sizeof(l));
	memset(&o, 0, sizeof(o));
	buf_init(&l.err);
	buf_init(&o.err);
	if (load_file(&l, path, 0) != 0)
		goto fail;
	if (l.n == 0) {
		buf_adds(&l.err, "no days: missing or empty");
		goto fail;
	}
	if (overlay != NULL && access(overlay, F_OK) == 0 &&
	    load_file(&o, overlay, 1) != 0) {
		buf_printf(&l.err, "%s", o.err.s);
		l.path = overlay;
		goto fail;
	}
	/* The imported years replace the file's rows of those years. */
	base_n = l.n;
	for (i = 0; i < o.n; i++) {
		if (l.n == l.cap) {
			l.cap = l.cap ? l.cap * 2 : 1024;
			l.days = xreallocarray(l.days, l.cap, sizeof(*l.days));
			l.kinds = xreallocarray(l.kinds, l.cap, 1);
			l.names = xreallocarray(l.names, l.cap, sizeof(*l.names));
		}
		l.days[l.n] = o.days[i];
		l.kinds[l.n] = o.kinds[i];
		l.names[l.n++] = o.names[i];
		o.names[i] = NULL;
	}
	for (i = 0; i < l.n; i++) {
		y = year_of(l.days[i]);
		if (y < miny)
			miny = y;
		if (y > maxy)
			maxy = y;
	}
	nyears = maxy - miny + 1;
	seen = xcalloc((size_t)nyears, 1);	/* 1 imported, 2 official, 4 prov */
	for (i = base_n; i < l.n; i++)
		seen[year_of(l.days[i]) - miny] |= 1;
	c->first_year = miny;
	c->last_year = maxy;
	c->base = cal_from_ymd(miny, 1, 1);
	c->ndays = cal_from_ymd(maxy + 1, 1, 1) - c->base;
	c->kind = xcalloc((size_t)c->ndays, 1);
	c->name = xcalloc((size_t)c->ndays, sizeof(*c->name));
	c->year = xcalloc((size_t)nyears, 1);
	for (d = 0; d < c->ndays; d++)
		c->kind[d] = cal_weekday(c->base + d) >= 6 ? CAL_WEEKEND : CAL_WORK;
	for (i = 0; i < l.n; i++) {
		y = year_of(l.days[i]) - miny;
		if (i < base_n && (seen[y] & 1))
			continue;	/* replaced by the imported year */
		k = l.kinds[i];
		seen[y] |= (k & KIND_PROV) ? 4 : 2;
		if ((seen[y] & 6) == 6) {
			buf_printf(&l.err, "%d: both official and provisional rows",
			    y + miny);
			goto fail;
		}
		idx = l.days[i] - c->base;
		if (c->name[idx] != NULL) {
			char ds[CAL_DATE_LEN];

			cal_format(l.days[i], ds);
			buf_printf(&l.err, "%s: listed twice", ds);
			goto fail;
		}
		c->kind[idx] = k & ~KIND_PROV;
		c->name[idx] = l.names[i];
		l.names[i] = NULL;
	}
	for (y = 0; y < nyears; y++)
		c->year[y] = (seen[y] & 2) ? CAL_Y_OFFICIAL : (seen[y] & 4) ?
		    CAL_Y_PROVISIONAL : CAL_Y_NONE;
	free(seen);
	load_free(&l);
	load_free(&o);
	return 0;
fail:
	(void)snprintf(msg, sizeof(msg), "%s: %s", l.path, l.err.s);
	*why = msg;
	free(seen);
	load_free(&l);
	load_free(&o);
	cal_free(c);
	return -1;
}

void
cal_free(struct cal *c)
{
	int32_t i;

	for (i = 0; c->name != NULL && i < c->ndays; i++)
		free(c->name[i]);
	free(c->name);
	free(c->kind);
	free(c->year);
	memset(c, 0, sizeof(*c));
}

enum cal_year
cal_year_status(const struct cal *c, int y)
{
	if (y < c->first_year)
		return CAL_Y_NONE;
	if (y > c->last_year)
		return CAL_Y_NONE;
	return (enum cal_year)c->year[y - c->first_year];
}

int
cal_provisional(const struct cal *c, cal_day d)
{
	return d >= c->base && cal_year_status(c, year_of(d)) != CAL_Y_OFFICIAL;
}

cal_day
cal_first_provisional(const struct cal *c, cal_day from, cal_day to)
{
	cal_day d, next;
	int y;

	for (d = from + 1 < c->base ? c->base : from + 1; d <= to; d = next) {
		y = year_of(d);
		if (cal_year_status(c, y) != CAL_Y_OFFICIAL)
			return d;
		next = cal_from_ymd(y + 1, 1, 1);
	}
	return -1;
}

enum cal_kind
cal_kind_of(const struct cal *c, cal_day d)
{
	if (d < c->base)
		return CAL_UNKNOWN;
	if (d - c->base >= c->ndays)	/* a year without rows: weekends */
		return cal_weekday(d) >= 6 ? CAL_WEEKEND : CAL_WORK;
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

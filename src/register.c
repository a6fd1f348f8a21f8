/* register: the public register.  See include/ogi/register.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ogi/buf.h"
#include "ogi/html.h"
#include "ogi/register.h"

const char *const reg_view_codes[REG__MAX] = { "received", "handled", "answered" };
const char *const reg_view_labels[REG__MAX] = { "已收到", "已办结", "已答复" };

static int
in_view(const struct case_sum *s, enum reg_view v)
{
	switch (v) {
	case REG_RECEIVED:
		return s->received >= 0;
	case REG_HANDLED:
		return s->concluded >= 0;
	case REG_ANSWERED:
		return s->answered >= 0;
	case REG__MAX:
		break;
	}
	return 0;
}

cal_day
reg_date(const struct case_sum *s, enum reg_view v)
{
	return v == REG_RECEIVED ? s->received : v == REG_HANDLED ?
	    s->concluded : s->answered;
}

static int
small_int(const char *s, int lo, int hi, int *out)
{
	char *end;
	long v;

	if (s == NULL || *s == '\0')
		return 0;
	v = strtol(s, &end, 10);
	if (*end != '\0' || v < lo || v > hi)
		return -1;
	*out = (int)v;
	return 0;
}

int
reg_parse(struct reg_query *q, const struct form *f, const char **err)
{
	const char *v;
	int i, page = 1;

	memset(q, 0, sizeof(*q));
	q->page = 1;
	if ((v = form_get(f, "view")) != NULL && *v != '\0') {
		for (i = 0; i < REG__MAX; i++)
			if (strcmp(v, reg_view_codes[i]) == 0)
				break;
		if (i == REG__MAX) {
			*err = "未知的登记类别。";
			return -1;
		}
		q->view = (enum reg_view)i;
	}
	if (small_int(form_get(f, "year"), 2000, 2100, &q->year) != 0) {
		*err = "年份应为四位数字。";
		return -1;
	}
	if (small_int(form_get(f, "month"), 1, 12, &q->month) != 0) {
		*err = "月份应为1至12。";
		return -1;
	}
	if (small_int(form_get(f, "page"), 1, 1000000, &page) != 0) {
		*err = "页码无效。";
		return -1;
	}
	q->page = (size_t)page;
	if ((v = form_get(f, "channel")) != NULL && *v != '\0') {
		for (i = 0; app_channels[i] != NULL; i++)
			if (strcmp(v, app_channels[i]) == 0)
				break;
		if (app_channels[i] == NULL) {
			*err = "未知的收到申请方式。";
			return -1;
		}
		(void)snprintf(q->channel, sizeof(q->channel), "%s", v);
	}
	if ((v = form_get(f, "type")) != NULL && *v != '\0') {
		if (strcmp(v, "person") != 0 && strcmp(v, "org") != 0) {
			*err = "申请人类型应为公民或法人或其他组织。";
			return -1;
		}
		(void)snprintf(q->atype, sizeof(q->atype), "%s", v);
	}
	if ((v = form_get(f, "outcome")) != NULL && *v != '\0') {
		if (strlen(v) >= sizeof(q->outcome)) {
			*err = "未知的办理结果。";
			return -1;
		}
		(void)snprintf(q->outcome, sizeof(q->outcome), "%s", v);
	}
	if ((v = form_get(f, "sort")) != NULL && *v != '\0') {
		if (strcmp(v, "id") == 0)
			q->by_id = 1;
		else if (strcmp(v, "new") != 0) {
			*err = "未知的排序方式。";
			return -1;
		}
	}
	return 0;
}

void
reg_link(struct buf *b, const struct reg_query *q, size_t page)
{
	buf_printf(b, "view=%s", reg_view_codes[q->view]);
	if (q->year)
		buf_printf(b, "&amp;year=%d", q->year);
	if (q->month)
		buf_printf(b, "&amp;month=%d", q->month);
	if (q->channel[0]) {
		buf_adds(b, "&amp;channel=");
		html_urlarg(b, q->channel);
	}
	if (q->atype[0])
		buf_printf(b, "&amp;type=%s", q->atype);
	if (q->outcome[0]) {
		buf_adds(b, "&amp;outcome=");
		html_urlarg(b, q->outcome);
	}
	if (q->by_id)
		buf_adds(b, "&amp;sort=id");
	if (page > 1)
		buf_printf(b, "&amp;page=%zu", page);
}

void
reg_init(struct reg *r, struct cases *c)
{
	memset(r, 0, sizeof(*r));
	r->c = c;
	r->gen = r->stats_gen = (unsigned long)-1;
}

void
reg_free(struct reg *r)
{
	int v;

	for (v = 0; v < REG__MAX; v++)
		free(r->order[v]);
	free(r->ids);
	for (v = 0; v < REG_CACHE; v++)
		free(r->cache[v].rows);
	memset(r, 0, sizeof(*r));
}

/* An id as a number that sorts as the id does: 2026-000123 → 2026000123. */
static uint64_t
id_key(const struct app_rec *a)
{
	uint64_t k = a->year;
	int i;

	for (i = 5; i < 11; i++)
		k = k * 10 + (uint64_t)(a->id[i] - '0');
	return k;
}

static const uint64_t *sort_keys;	/* qsort has no context argument */

static int
by_key(const void *a, const void *b)
{
	uint64_t x = sort_keys[*(const uint32_t *)a], y = sort_keys[*(const uint32_t *)b];

	return x < y ? -1 : x > y;
}

/*
 * Rebuild the orders after any change to the records, in linear time:
 * applications are on file in id order (else sorted once by number), and
 * each view's newest-first order is a counting sort of the view taken in
 * id order: newest date first and, within a day, the highest id first.
 * Orders by id are filters of the id order (see filtered).
 */
static void
build(struct reg *r)
{
	struct cases *c = r->c;
	size_t i, n = c->apps.n, m, span, *pos;
	uint32_t *ids, *o1, *o0;
	uint64_t *keys = NULL;
	cal_day lo, hi, d;
	int v;

	if (c->ndirty > 0 || c->nsum < n)
		for (i = 0; i < n; i++)
			(void)cases_sum(c, i);
	if (r->gen == c->gen)
		return;
	ids = xreallocarray(r->ids, n + 1, sizeof(*ids));
	r->ids = NULL;
	for (i = 0; i < n; i++) {
		ids[i] = (uint32_t)i;
		if (keys == NULL && i > 0 && id_key(&c->apps.v[i]) <
		    id_key(&c->apps.v[i - 1]))
			keys = xreallocarray(NULL, n, sizeof(*keys));
	}
	if (keys != NULL) {
		for (i = 0; i < n; i++)
			keys[i] = id_key(&c->apps.v[i]);
		sort_keys = keys;
		qsort(ids, n, sizeof(*ids), by_key);
		free(keys);
	}
	o1 = xreallocarray(NULL, n + 1, sizeof(*o1));
	for (v = 0; v < REG__MAX; v++) {
		lo = hi = -1;
		for (i = m = 0; i < n; i++) {
			if (!in_view(&c->sum[ids[i]], (enum reg_view)v))
				continue;
			o1[m++] = ids[i];
			d = reg_date(&c->sum[ids[i]], (enum reg_view)v);
			if (lo < 0 || d < lo)
				lo = d;
			if (d > hi)
				hi = d;
		}
		o0 = xreallocarray(r->order[v], m + 1, sizeof(*o0));
		span = m > 0 ? (size_t)(hi - lo) + 1 : 1;
		pos = xcalloc(span + 1, sizeof(*pos));
		for (i = 0; i < m; i++)
			pos[hi - reg_date(&c->sum[o1[i]], (enum reg_view)v) + 1]++;
		for (i = 1; i <= span; i++)
			pos[i] += pos[i - 1];
		for (i = m; i > 0; i--)		/* highest id first within a day */
			o0[pos[hi - reg_date(&c->sum[o1[i - 1]], (enum reg_view)v)]++] =
			    o1[i - 1];
		free(pos);
		r->order[v] = o0;
		r->n[v] = m;
	}
	free(o1);
	if (keys != NULL)
		r->ids = ids;	/* the file is not in id order: kept */
	else
		free(ids);
	r->gen = c->gen;
}

static int
matches(const struct reg *r, const struct reg_query *q, size_t i)
{
	const struct case_sum *s = &r->c->sum[i];
	const struct app_rec *a = &r->c->apps.v[i];
	int y, m, d;

	if (q->year || q->month) {
		cal_to_ymd(reg_date(s, q->view), &y, &m, &d);
		if ((q->year && y != q->year) || (q->month && m != q->month))
			return 0;
	}
	if (q->channel[0] && strcmp(app_channel(a), q->channel) != 0)
		return 0;
	if (q->atype[0] && strcmp(app_type(a), q->atype) != 0)
		return 0;
	if (q->outcome[0] && (s->outcome < 0 ||
	    strcmp(r->c->law.out[s->outcome].code, q->outcome) != 0))
		return 0;
	return 1;
}

static int
same_filter(const struct reg_query *a, const struct reg_query *b)
{
	return a->view == b->view && a->year == b->year && a->month == b->month &&
	    a->by_id == b->by_id && strcmp(a->channel, b->channel) == 0 &&
	    strcmp(a->atype, b->atype) == 0 && strcmp(a->outcome, b->outcome) == 0;
}

/* The rows matching a filter (or all of a view by id): from the cache, or
   one scan of the order. */
static const struct reg_cached *
filtered(struct reg *r, const struct reg_query *q)
{
	struct reg_cached *e, *lru = &r->cache[0];
	const uint32_t *o = q->by_id ? r->ids : r->order[q->view];
	size_t i, j, n = q->by_id ? r->c->apps.n : r->n[q->view];

	r->tick++;
	for (i = 0; i < REG_CACHE; i++) {
		e = &r->cache[i];
		if (e->rows != NULL && e->gen == r->gen && same_filter(&e->key, q)) {
			e->used = r->tick;
			return e;
		}
		if (e->used < lru->used)
			lru = e;
	}
	e = lru;
	e->rows = xreallocarray(e->rows, (q->by_id ? r->n[q->view] : n) + 1,
	    sizeof(*e->rows));
	e->n = 0;
	for (i = 0; i < n; i++) {
		j = o != NULL ? o[i] : i;	/* by id: NULL is file order */
		if ((!q->by_id || in_view(&r->c->sum[j], q->view)) &&
		    matches(r, q, j))
			e->rows[e->n++] = (uint32_t)j;
	}
	e->key = *q;
	e->gen = r->gen;
	e->used = r->tick;
	return e;
}

size_t
reg_run(struct reg *r, const struct reg_query *q, size_t offset, size_t limit,
    size_t *rows)
{
	const struct reg_cached *e;
	const uint32_t *o;
	size_t i, n, got = 0;

	build(r);
	if (q->by_id || q->year || q->month || q->channel[0] || q->atype[0] ||
	    q->outcome[0]) {
		e = filtered(r, q);
		o = e->rows;
		n = e->n;
	} else {		/* the page is a slice of the order */
		o = r->order[q->view];
		n = r->n[q->view];
	}
	for (i = offset; i < n && (limit == 0 || got < limit); i++)
		rows[got++] = o[i];
	return n;
}

static int
cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;

	return (x > y) - (x < y);
}

void
reg_stats(struct reg *r, int year, struct reg_stats *st)
{
	struct cases *c = r->c;
	size_t i, n = 0;
	int *days, y, m, d;

	build(r);
	if (r->stats_gen == c->gen && r->stats_year == year) {
		*st = r->stats;
		return;
	}
	memset(st, 0, sizeof(*st));
	days = xcalloc(c->apps.n + 1, sizeof(int));
	for (i = 0; i < c->apps.n; i++) {
		const struct case_sum *s = &c->sum[i];

		if (s->received >= 0) {
			cal_to_ymd(s->received, &y, &m, &d);
			st->received += y == year;
		}
		if (s->concluded >= 0) {
			cal_to_ymd(s->concluded, &y, &m, &d);
			st->handled += y == year;
		}
		if (s->answered >= 0) {
			cal_to_ymd(s->answered, &y, &m, &d);
			if (y == year) {
				st->answered++;
				st->on_time += s->timeliness == TL_ON_TIME ||
				    s->timeliness == TL_EXTENDED;
				if (s->taken >= 0)
					days[n++] = s->taken;
			}
		}
	}
	qsort(days, n, sizeof(int), cmp_int);
	st->median_days = n == 0 ? -1 : n % 2 ? days[n / 2] :
	    (days[n / 2 - 1] + days[n / 2] + 1) / 2;
	free(days);
	r->stats = *st;
	r->stats_gen = c->gen;
	r->stats_year = year;
}

const char *
reg_subject(const struct apps *l, const struct app_rec *a,
    const struct case_sum *s)
{
	const char *v;

	if (s->withheld)
		return "不予公开";
	if ((v = apps_subject(l, a)) == NULL)
		return "申请人未同意公开";
	return v;
}

const char *
reg_timeliness(const struct case_sum *s)
{
	switch (s->timeliness) {
	case TL_ON_TIME:  return "按时";
	case TL_EXTENDED: return "延期后按时";
	case TL_LATE:     return "逾期";
	}
	return "";
}

/* annual: statistics tables from data files.  See include/ogi/annual.h. */
#include <sys/stat.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ogi/annual.h"
#include "ogi/buf.h"
#include "ogi/store.h"

const char *const an_meta_keys[AN_META_KEYS] = { "unit", "head", "reviewer",
    "preparer", "phone", "date", "published" };
const char *const an_meta_labels[AN_META_KEYS] = { "填报单位", "单位负责人",
    "审核人", "填报人", "联系电话", "填报日期", "发布日期" };

/* Loading */

struct loader {
	struct an_formats	*fs;
	struct an_format	*f;
	const char		*dir;
	struct buf		 err;
};

static int
load_file(struct loader *l, const char *name, const char *const *hdr,
    size_t ncols, store_row_fn fn)
{
	struct store st;
	struct buf path;
	enum store_err e;

	buf_init(&path);
	buf_printf(&path, "%s/%s", l->dir, name);
	store_init(&st, path.s, hdr, ncols, fn, NULL, l);
	e = store_refresh(&st);
	if (e != STORE_OK && l->err.len == 0)
		buf_printf(&l->err, "%s: row %lld: %s", path.s, (long long)st.lineno,
		    store_strerror(e));
	else if (e != STORE_OK)
		buf_printf(&l->err, " (%s, row %lld)", path.s, (long long)st.lineno);
	store_free(&st);
	buf_free(&path);
	return e == STORE_OK ? 0 : -1;
}

static int
on_col(void *ctx, char *const *f, size_t n)
{
	struct loader *l = ctx;
	struct an_format *fm = l->f;
	struct an_colset *cs = NULL;
	struct an_col *c;
	size_t i;

	(void)n;
	for (i = 0; i < fm->nset; i++)
		if (strcmp(fm->set[i].name, f[0]) == 0)
			cs = &fm->set[i];
	if (cs == NULL) {
		fm->set = xreallocarray(fm->set, fm->nset + 1, sizeof(*fm->set));
		cs = &fm->set[fm->nset++];
		memset(cs, 0, sizeof(*cs));
		cs->name = xstrdup(f[0]);
	}
	cs->col = xreallocarray(cs->col, cs->ncol + 1, sizeof(*cs->col));
	c = &cs->col[cs->ncol++];
	c->code = xstrdup(f[1]);
	c->label = xstrdup(f[2]);
	c->group = xstrdup(f[3]);
	if (strncmp(f[4], "sum:", 4) == 0)
		c->sum = xstrdup(f[4] + 4);
	else if (f[4][0] == '\0')
		c->sum = xstrdup("");
	else {
		buf_printf(&l->err, "column %s: source must be empty or sum:", f[1]);
		return -1;
	}
	return 0;
}

static int
on_row(void *ctx, char *const *f, size_t n)
{
	struct loader *l = ctx;
	struct an_format *fm = l->f;
	struct an_row *r;
	size_t i;

	(void)n;
	fm->row = xreallocarray(fm->row, fm->nrow + 1, sizeof(*fm->row));
	r = &fm->row[fm->nrow++];
	memset(r, 0, sizeof(*r));
	r->code = xstrdup(f[0]);
	r->section = xstrdup(f[1]);
	r->label = xstrdup(f[2]);
	r->unit = xstrdup(f[3]);
	r->level = atoi(f[4]);
	r->source = xstrdup(f[6]);
	for (i = 0; i < fm->nset; i++)
		if (strcmp(fm->set[i].name, f[5]) == 0)
			r->cs = &fm->set[i];
	if (r->cs == NULL) {
		buf_printf(&l->err, "row %s: no column set %s", f[0], f[5]);
		return -1;
	}
	if (strcmp(r->source, "heading") != 0 && strcmp(r->source, "entered") != 0 &&
	    strncmp(r->source, "computed:", 9) != 0 && strncmp(r->source, "sum:", 4) != 0) {
		buf_printf(&l->err, "row %s: source %s", f[0], f[6]);
		return -1;
	}
	return 0;
}

static int
on_map(void *ctx, char *const *f, size_t n)
{
	struct an_format *fm = ((struct loader *)ctx)->f;

	(void)n;
	fm->map_outcome = xreallocarray(fm->map_outcome, fm->nmap + 1, sizeof(char *));
	fm->map_row = xreallocarray(fm->map_row, fm->nmap + 1, sizeof(char *));
	fm->map_outcome[fm->nmap] = xstrdup(f[0]);
	fm->map_row[fm->nmap++] = xstrdup(f[1]);
	return 0;
}

static int
on_check(void *ctx, char *const *f, size_t n)
{
	struct an_format *fm = ((struct loader *)ctx)->f;
	struct an_check *c;

	(void)n;
	fm->chk = xreallocarray(fm->chk, fm->nchk + 1, sizeof(*fm->chk));
	c = &fm->chk[fm->nchk++];
	c->left = xstrdup(f[0]);
	c->right = xstrdup(f[1]);
	c->label = xstrdup(f[2]);
	return 0;
}

static int
on_format(void *ctx, char *const *f, size_t n)
{
	static const char *const rh[] = { "code", "section", "label", "unit",
	    "level", "columns", "source" };
	static const char *const ch[] = { "set", "code", "label", "group", "source" };
	static const char *const mh[] = { "outcome", "row" };
	static const char *const kh[] = { "left", "right", "label" };
	struct loader *l = ctx;
	struct an_format *fm;

	(void)n;
	l->fs->f = xreallocarray(l->fs->f, l->fs->n + 1, sizeof(*l->fs->f));
	fm = l->f = &l->fs->f[l->fs->n++];
	memset(fm, 0, sizeof(*fm));
	fm->name = xstrdup(f[0]);
	fm->from = atoi(f[1]);
	fm->to = atoi(f[2]);
	fm->title = xstrdup(f[3]);
	fm->grid = strcmp(f[4], "grid") == 0;
	if (load_file(l, f[6], ch, 5, on_col) || load_file(l, f[5], rh, 7, on_row) ||
	    load_file(l, f[7], mh, 2, on_map) || load_file(l, f[8], kh, 3, on_check))
		return -1;
	return 0;
}

int
an_load(struct an_formats *fs, const char *dir, const char **why)
{
	static const char *const hdr[] = { "name", "from_year", "to_year", "title",
	    "layout", "rows", "columns", "outcomes", "checks" };
	static char msg[512];
	struct loader l;
	int rc;

	memset(fs, 0, sizeof(*fs));
	memset(&l, 0, sizeof(l));
	l.fs = fs;
	l.dir = dir;
	buf_init(&l.err);
	rc = load_file(&l, "formats.csv", hdr, 9, on_format);
	if (rc == 0 && fs->n == 0) {
		buf_adds(&l.err, "formats.csv lists no format");
		rc = -1;
	}
	if (rc != 0) {
		(void)snprintf(msg, sizeof(msg), "%s", l.err.s);
		*why = msg;
	}
	buf_free(&l.err);
	return rc;
}

void
an_free(struct an_formats *fs)
{
	size_t i, j, k;

	for (i = 0; i < fs->n; i++) {
		struct an_format *f = &fs->f[i];

		for (j = 0; j < f->nrow; j++) {
			free(f->row[j].code);
			free(f->row[j].section);
			free(f->row[j].label);
			free(f->row[j].unit);
			free(f->row[j].source);
		}
		for (j = 0; j < f->nset; j++) {
			for (k = 0; k < f->set[j].ncol; k++) {
				free(f->set[j].col[k].code);
				free(f->set[j].col[k].label);
				free(f->set[j].col[k].group);
				free(f->set[j].col[k].sum);
			}
			free(f->set[j].col);
			free(f->set[j].name);
		}
		for (j = 0; j < f->nmap; j++) {
			free(f->map_outcome[j]);
			free(f->map_row[j]);
		}
		for (j = 0; j < f->nchk; j++) {
			free(f->chk[j].left);
			free(f->chk[j].right);
			free(f->chk[j].label);
		}
		free(f->row);
		free(f->set);
		free(f->map_outcome);
		free(f->map_row);
		free(f->chk);
		free(f->name);
		free(f->title);
	}
	free(fs->f);
	memset(fs, 0, sizeof(*fs));
}

const struct an_format *
an_format_for(const struct an_formats *fs, int year)
{
	size_t i;

	for (i = 0; i < fs->n; i++)
		if (year >= fs->f[i].from && year <= fs->f[i].to)
			return &fs->f[i];
	return NULL;
}

int
an_row_index(const struct an_format *f, const char *code)
{
	size_t i;

	for (i = 0; i < f->nrow; i++)
		if (strcmp(f->row[i].code, code) == 0)
			return (int)i;
	return -1;
}

int
an_col_index(const struct an_colset *cs, const char *code)
{
	size_t i;

	for (i = 0; i < cs->ncol; i++)
		if (strcmp(cs->col[i].code, code) == 0)
			return (int)i;
	return -1;
}

/* A year's file */

static const char *const year_header[] = { "code", "column", "value" };

static int
on_entry(void *ctx, char *const *f, size_t n)
{
	struct an_year *y = ctx;

	(void)n;
	an_year_set(y, f[0], f[1], f[2]);
	return 0;
}

int
an_year_load(struct an_year *y, const char *data_dir, const char *agency,
    int year)
{
	struct store st;
	struct buf p;
	enum store_err e;

	memset(y, 0, sizeof(*y));
	buf_init(&p);
	buf_printf(&p, "%s/annual/%s-%d.csv", data_dir, agency, year);
	y->path = buf_detach(&p);
	store_init(&st, y->path, year_header, 3, on_entry, NULL, y);
	e = store_refresh(&st);
	store_free(&st);
	return e == STORE_OK ? 0 : -1;
}

void
an_year_free(struct an_year *y)
{
	size_t i;

	for (i = 0; i < y->n; i++) {
		free(y->e[i].code);
		free(y->e[i].column);
		free(y->e[i].value);
	}
	free(y->e);
	free(y->path);
	memset(y, 0, sizeof(*y));
}

const char *
an_year_get(const struct an_year *y, const char *code, const char *column)
{
	size_t i;

	for (i = 0; i < y->n; i++)
		if (strcmp(y->e[i].code, code) == 0 && strcmp(y->e[i].column, column) == 0)
			return y->e[i].value;
	return NULL;
}

void
an_year_set(struct an_year *y, const char *code, const char *column,
    const char *value)
{
	size_t i;

	for (i = 0; i < y->n; i++)
		if (strcmp(y->e[i].code, code) == 0 && strcmp(y->e[i].column, column) == 0) {
			free(y->e[i].value);
			y->e[i].value = xstrdup(value);
			return;
		}
	y->e = xreallocarray(y->e, y->n + 1, sizeof(*y->e));
	y->e[y->n].code = xstrdup(code);
	y->e[y->n].column = xstrdup(column);
	y->e[y->n].value = xstrdup(value);
	y->n++;
}

int
an_year_save(const struct an_year *y)
{
	const char **cells;
	enum store_err e;
	char *dir, *slash;
	size_t i;

	/* The first save of any year makes DATA/annual. */
	dir = xstrdup(y->path);
	if ((slash = strrchr(dir, '/')) != NULL) {
		*slash = '\0';
		if (mkdir(dir, 0750) == -1 && errno != EEXIST) {
			free(dir);
			return -1;
		}
	}
	free(dir);
	cells = xreallocarray(NULL, y->n * 3 + 1, sizeof(char *));
	for (i = 0; i < y->n; i++) {
		cells[i * 3] = y->e[i].code;
		cells[i * 3 + 1] = y->e[i].column;
		cells[i * 3 + 2] = y->e[i].value;
	}
	e = store_replace(y->path, year_header, 3, cells, y->n);
	free(cells);
	return e == STORE_OK ? 0 : -1;
}

int
an_year_published(const struct an_year *y)
{
	const char *p = an_year_get(y, "meta", "published");

	return p != NULL && p[0] != '\0';
}

/* Numbers */

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
an_format_value(struct buf *b, long long v, const char *unit)
{
	if (v == AN_NONE) {
		buf_adds(b, "——");
		return;
	}
	if (v % 100 == 0 || strcmp(unit, "万元") != 0) {
		buf_printf(b, "%lld", v / 100);
		return;
	}
	if (v % 10 == 0)
		buf_printf(b, "%lld.%lld", v / 100, v / 10 % 10);
	else
		buf_printf(b, "%lld.%02lld", v / 100, v % 100);
}

/* Computing */

struct facts {			/* what one case contributes to a year */
	cal_day	 received, concluded;
	int	 on_time;
	const char *channel, *kind, *outcome;
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

static void
facts_of(struct cases *c, size_t i, struct facts *x)
{
	const struct case_sum *s = cases_sum(c, i);
	const struct app_rec *a = &c->apps.v[i];
	const struct event *e;
	size_t k;

	memset(x, 0, sizeof(*x));
	x->received = s->received;
	x->concluded = s->concluded;
	x->on_time = s->timeliness == TL_ON_TIME;
	x->channel = app_channel(a);
	x->kind = a->org && app_org_kind(a)[0] ? app_org_kind(a) : "person";
	x->outcome = s->outcome >= 0 ? c->law.out[s->outcome].code : NULL;
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

static const char *
mapped_row(const struct an_format *f, const char *outcome)
{
	size_t i;

	if (outcome == NULL)
		return NULL;
	for (i = 0; i < f->nmap; i++)
		if (strcmp(f->map_outcome[i], outcome) == 0)
			return f->map_row[i];
	return NULL;
}

/* 复议 or 诉讼 in a column like "review:upheld", "suit_direct:open". */
static int
litigation(const struct facts *x, const char *col, cal_day y0, cal_day y1)
{
	const char *colon = strchr(col, ':'), *res, *outcome;
	cal_day filed, decided;
	size_t glen;

	if (colon == NULL)
		return 0;
	glen = (size_t)(colon - col);
	res = colon + 1;
	if (strncmp(col, "review", glen) == 0 && glen == 6) {
		filed = x->review_filed;
		decided = x->review_decided;
		outcome = x->review_outcome;
	} else if (strncmp(col, "suit_direct", glen) == 0 ||
	    strncmp(col, "suit_after", glen) == 0 || strncmp(col, "suit", glen) == 0) {
		if (glen > 4 && (x->suit_kind == NULL ||
		    strcmp(x->suit_kind, glen == 11 ? "direct" : "after_review") != 0))
			return 0;
		filed = x->suit_filed;
		decided = x->suit_decided;
		outcome = x->suit_outcome;
	} else
		return 0;
	if (filed < 0)
		return 0;
	if (strcmp(res, "open") == 0)
		return filed <= y1 && (decided < 0 || decided > y1);
	return in_year(decided, y0, y1) && outcome != NULL && strcmp(outcome, res) == 0;
}

/* Does the case count in this computed cell? */
static int
counts(const struct an_format *f, const struct an_row *r, const struct an_col *col,
    const struct facts *x, cal_day y0, cal_day y1)
{
	const char *m = r->source + 9;	/* after "computed:" */
	const char *row;

	/* A column named for an applicant kind counts that kind only. */
	if (strcmp(r->cs->name, "applicant") == 0 && strcmp(col->code, x->kind) != 0)
		return 0;
	if (strncmp(m, "received:", 9) == 0)
		return in_year(x->received, y0, y1) && strcmp(x->channel, m + 9) == 0;
	if (strcmp(m, "concluded:on_time") == 0)
		return in_year(x->concluded, y0, y1) && x->on_time;
	if (strcmp(m, "concluded:extended") == 0)
		return in_year(x->concluded, y0, y1) && !x->on_time;
	if (strcmp(m, "answer") == 0 || strcmp(m, "result") == 0)
		return in_year(x->concluded, y0, y1) &&
		    (row = mapped_row(f, x->outcome)) != NULL && strcmp(row, r->code) == 0;
	if (strcmp(m, "new") == 0)
		return in_year(x->received, y0, y1);
	if (strcmp(m, "carried_in") == 0)
		return x->received >= 0 && x->received < y0 &&
		    (x->concluded < 0 || x->concluded >= y0);
	if (strcmp(m, "carried_out") == 0)
		return x->received >= 0 && x->received <= y1 &&
		    (x->concluded < 0 || x->concluded > y1);
	if (strncmp(m, "review:", 7) == 0 || strncmp(m, "suit:", 5) == 0)
		return litigation(x, m, y0, y1);
	if (strcmp(m, "by_column") == 0)
		return litigation(x, col->code, y0, y1);
	return 0;
}

static long long
sum_of(struct an_table *t, const char *list, size_t col, int depth);

/* A row's value in a column, resolving sums (memoised in t). */
static long long
cell(struct an_table *t, int ri, size_t col, int depth)
{
	const struct an_row *r = &t->f->row[ri];

	if (t->v[ri][col] != AN_NONE || depth > 16)
		return t->v[ri][col] == AN_NONE ? 0 : t->v[ri][col];
	if (strncmp(r->source, "sum:", 4) == 0)
		t->v[ri][col] = sum_of(t, r->source + 4, col, depth + 1);
	return t->v[ri][col] == AN_NONE ? 0 : t->v[ri][col];
}

static long long
sum_of(struct an_table *t, const char *list, size_t col, int depth)
{
	char code[64];
	long long s = 0;
	size_t n;
	int ri;

	while (*list != '\0') {
		n = strcspn(list, "+");
		(void)snprintf(code, sizeof(code), "%.*s", (int)n, list);
		if ((ri = an_row_index(t->f, code)) >= 0)
			s += cell(t, ri, col, depth);
		list += n;
		if (*list == '+')
			list++;
	}
	return s;
}

/* The sum columns (总计) of every row that has cells. */
static void
column_sums(struct an_table *t)
{
	size_t i, j;

	for (i = 0; i < t->f->nrow; i++) {
		const struct an_colset *cs = t->f->row[i].cs;

		/* Sum rows add up their parts' columns, totals included. */
		if (strcmp(t->f->row[i].source, "heading") == 0 ||
		    strncmp(t->f->row[i].source, "sum:", 4) == 0)
			continue;
		for (j = 0; j < cs->ncol; j++) {
			const char *p = cs->col[j].sum;
			char code[64];
			long long s = 0;
			size_t n;
			int k;

			if (p[0] == '\0')
				continue;
			while (*p != '\0') {
				n = strcspn(p, "+");
				(void)snprintf(code, sizeof(code), "%.*s", (int)n, p);
				if ((k = an_col_index(cs, code)) >= 0 && t->v[i][k] != AN_NONE)
					s += t->v[i][k];
				p += n;
				if (*p == '+')
					p++;
			}
			t->v[i][j] = s;
		}
	}
}

static void
alloc(struct an_table *t, const struct an_format *f, int year)
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
an_compute(struct an_table *t, const struct an_format *f, struct cases *c,
    const char *const *agencies, size_t nag, struct an_year *const *entered,
    size_t nentered, int year)
{
	struct facts x;
	cal_day y0 = cal_from_ymd(year, 1, 1), y1 = cal_from_ymd(year, 12, 31);
	unsigned char *mask;
	size_t i, j, k;
	long long v;

	alloc(t, f, year);
	for (i = 0; i < f->nrow; i++) {
		const struct an_row *r = &f->row[i];

		if (strcmp(r->source, "heading") == 0 || strncmp(r->source, "sum:", 4) == 0)
			continue;
		for (j = 0; j < r->cs->ncol; j++) {
			if (r->cs->col[j].sum[0] != '\0')
				continue;
			t->v[i][j] = 0;
			if (strcmp(r->source, "entered") != 0)
				continue;
			for (k = 0; k < nentered; k++) {
				const char *s = an_year_get(entered[k], r->code, r->cs->col[j].code);

				if (s != NULL && an_parse_value(s, 2, &v) == 0)
					t->v[i][j] += v;
			}
		}
	}
	mask = agency_mask(&c->apps, agencies, nag);
	for (i = 0; i < c->apps.n; i++) {
		if (!mask[c->apps.v[i].agency])
			continue;
		facts_of(c, i, &x);
		for (j = 0; j < f->nrow; j++) {
			const struct an_row *r = &f->row[j];

			if (strncmp(r->source, "computed:", 9) != 0)
				continue;
			for (k = 0; k < r->cs->ncol; k++)
				if (r->cs->col[k].sum[0] == '\0' &&
				    counts(f, r, &r->cs->col[k], &x, y0, y1))
					t->v[j][k] += 100;
		}
	}
	free(mask);
	column_sums(t);
	for (i = 0; i < f->nrow; i++)
		for (j = 0; j < f->row[i].cs->ncol; j++)
			if (strncmp(f->row[i].source, "sum:", 4) == 0)
				(void)cell(t, (int)i, j, 0);
}

int
an_from_snapshot(struct an_table *t, const struct an_format *f,
    const struct an_year *y, int year)
{
	char code[80];
	const char *s;
	size_t i, j;
	long long v;

	alloc(t, f, year);
	for (i = 0; i < f->nrow; i++) {
		if (strcmp(f->row[i].source, "heading") == 0)
			continue;
		(void)snprintf(code, sizeof(code), "cell:%s", f->row[i].code);
		for (j = 0; j < f->row[i].cs->ncol; j++) {
			s = an_year_get(y, code, f->row[i].cs->col[j].code);
			if (s == NULL || an_parse_value(s, 2, &v) != 0)
				return -1;
			t->v[i][j] = v;
		}
	}
	return 0;
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

/* Checks */

static const char *
short_label(const struct an_format *f, const char *code)
{
	int i = an_row_index(f, code);

	return i < 0 ? code : f->row[i].label;
}

/* Value of "a+b" in column j; next: refers to the next year's table. */
static int
expr(const struct an_table *t, const struct an_table *next, const char *e,
    size_t j, long long *out, struct buf *names)
{
	const struct an_table *tt = t;
	char code[64];
	size_t n;
	int ri;

	*out = 0;
	if (strncmp(e, "next:", 5) == 0) {
		if (next == NULL)
			return -1;
		tt = next;
		e += 5;
	}
	while (*e != '\0') {
		n = strcspn(e, "+");
		(void)snprintf(code, sizeof(code), "%.*s", (int)n, e);
		if ((ri = an_row_index(tt->f, code)) < 0 ||
		    j >= tt->f->row[ri].cs->ncol || tt->v[ri][j] == AN_NONE)
			return -1;
		*out += tt->v[ri][j];
		if (names->len > 0)
			buf_adds(names, " + ");
		if (tt != t)
			buf_printf(names, "%d年", tt->year);
		buf_adds(names, short_label(tt->f, code));
		e += n;
		if (*e == '+')
			e++;
	}
	return 0;
}

static void
diff_line(struct buf *out, const char *label, const char *col, const char *l,
    long long lv, const char *r, long long rv, const char *unit)
{
	buf_adds(out, label);
	if (col != NULL && col[0] != '\0')
		buf_printf(out, "（%s）", col);
	buf_printf(out, "：%s = ", l);
	an_format_value(out, lv, unit);
	buf_printf(out, "，%s = ", r);
	an_format_value(out, rv, unit);
	buf_adds(out, "，相差 ");
	an_format_value(out, lv > rv ? lv - rv : rv - lv, unit);
	buf_addc(out, '\n');
}

size_t
an_checks(const struct an_table *t, const struct an_table *next, struct buf *out)
{
	const struct an_format *f = t->f;
	struct buf ln, rn;
	long long lv, rv;
	size_t i, j, n = 0;

	buf_init(&ln);
	buf_init(&rn);
	for (i = 0; i < f->nchk; i++) {
		const struct an_check *k = &f->chk[i];
		int li = -1;
		size_t ncol;

		/* The columns of the left side's first row. */
		{
			char code[64];
			const char *e = k->left;

			(void)snprintf(code, sizeof(code), "%.*s", (int)strcspn(e, "+"), e);
			li = an_row_index(f, code);
		}
		if (li < 0)
			continue;
		ncol = f->row[li].cs->ncol;
		for (j = 0; j < ncol; j++) {
			buf_reset(&ln);
			buf_reset(&rn);
			if (expr(t, next, k->left, j, &lv, &ln) != 0 ||
			    expr(t, next, k->right, j, &rv, &rn) != 0 || lv == rv)
				continue;
			diff_line(out, k->label, ncol > 1 ? f->row[li].cs->col[j].label : NULL,
			    ln.s, lv, rn.s, rv, f->row[li].unit);
			n++;
		}
	}
	/* Every sum row against its parts: they can only differ if the
	   format makes a part entered. */
	for (i = 0; i < f->nrow; i++) {
		const struct an_row *r = &f->row[i];

		if (strncmp(r->source, "sum:", 4) != 0)
			continue;
		for (j = 0; j < r->cs->ncol; j++) {
			buf_reset(&ln);
			buf_reset(&rn);
			if (expr(t, NULL, r->code, j, &lv, &ln) != 0 ||
			    expr(t, NULL, r->source + 4, j, &rv, &rn) != 0 || lv == rv)
				continue;
			diff_line(out, r->label, r->cs->ncol > 1 ? r->cs->col[j].label : NULL,
			    ln.s, lv, rn.s, rv, r->unit);
			n++;
		}
	}
	buf_free(&ln);
	buf_free(&rn);
	return n;
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

/* Agencies */

#include "ogi/form.h"
#include "ogi/html.h"
#include "ogi/site.h"

static const char *const ag_header[] = { "code", "name", "parent" };

static int
on_agency(void *ctx, char *const *f, size_t n)
{
	struct an_agencies *l = ctx;

	(void)n;
	if (f[0][0] == '\0')
		return -1;
	l->a = xreallocarray(l->a, l->n + 1, sizeof(*l->a));
	l->a[l->n].code = xstrdup(f[0]);
	l->a[l->n].name = xstrdup(f[1]);
	l->a[l->n].parent = xstrdup(f[2]);
	l->n++;
	return 0;
}

int
an_agencies_load(struct an_agencies *l, const struct site *site, const char **why)
{
	struct store st;
	char *p = site_conf_path(site, "agencies.csv");
	enum store_err e;

	memset(l, 0, sizeof(*l));
	store_init(&st, p, ag_header, 3, on_agency, NULL, l);
	e = store_refresh(&st);
	store_free(&st);
	free(p);
	if (e != STORE_OK) {
		*why = "agencies.csv: a row is not valid";
		return -1;
	}
	if (l->n == 0) {
		l->a = xcalloc(1, sizeof(*l->a));
		l->a[0].code = xstrdup(site->agency);
		l->a[0].name = xstrdup(site->body_name);
		l->a[0].parent = xstrdup("");
		l->n = 1;
	}
	return 0;
}

void
an_agencies_free(struct an_agencies *l)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		free(l->a[i].code);
		free(l->a[i].name);
		free(l->a[i].parent);
	}
	free(l->a);
	memset(l, 0, sizeof(*l));
}

const struct an_agency *
an_agency(const struct an_agencies *l, const char *code)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (strcmp(l->a[i].code, code) == 0)
			return &l->a[i];
	return NULL;
}

int
an_has_children(const struct an_agencies *l, const char *code)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (strcmp(l->a[i].parent, code) == 0)
			return 1;
	return 0;
}

size_t
an_scope(const struct an_agencies *l, const char *code, int rollup,
    const char **out, size_t max)
{
	size_t n = 0, i, k;

	if (max == 0)
		return 0;
	out[n++] = code;
	if (!rollup)
		return n;
	/* Breadth first: children of every agency already in. */
	for (k = 0; k < n; k++)
		for (i = 0; i < l->n && n < max; i++)
			if (strcmp(l->a[i].parent, out[k]) == 0)
				out[n++] = l->a[i].code;
	return n;
}

/* Rendering */

static const char *
meta(const struct an_year *y, const char *key)
{
	const char *v = y != NULL ? an_year_get(y, "meta", key) : NULL;

	return v != NULL ? v : "";
}

static int
is_heading(const struct an_row *r)
{
	return strcmp(r->source, "heading") == 0;
}

static void
list_table(struct buf *b, const struct an_table *t)
{
	const struct an_format *f = t->f;
	size_t i;

	buf_adds(b, "<div class=\"table-wrap\" tabindex=\"0\" role=\"region\" aria-label=\"表格\"><table class=\"annual list\">\n<thead><tr><th scope=\"col\">统 计 指 标</th>"
	    "<th scope=\"col\">单位</th><th scope=\"col\">统计数</th></tr></thead>\n<tbody>\n");
	for (i = 0; i < f->nrow; i++) {
		const struct an_row *r = &f->row[i];

		buf_printf(b, "<tr class=\"lv%d%s\"><th scope=\"row\">", r->level,
		    is_heading(r) ? " heading" : "");
		html_esc(b, r->label);
		buf_adds(b, "</th><td>");
		html_esc(b, r->unit);
		buf_adds(b, "</td><td class=\"num\" id=\"v-");
		html_esc(b, r->code);
		buf_adds(b, "\">");
		an_format_value(b, is_heading(r) ? AN_NONE : t->v[i][0], r->unit);
		buf_adds(b, "</td></tr>\n");
	}
	buf_adds(b, "</tbody>\n</table></div>\n");
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
				buf_adds(b, "<tr>");
			open = 1;
			buf_printf(b, "<th scope=\"rowgroup\" rowspan=\"%zu\" class=\"group\">", span);
			html_esc(b, r->label);
			buf_adds(b, "</th>");
			continue;
		}
		if (!open)
			buf_adds(b, "<tr>");
		open = 0;
		cols = depth - (r->level - base);
		if (depth > 0) {
			if (cols > 1)
				buf_printf(b, "<th scope=\"row\" colspan=\"%d\">", cols);
			else
				buf_adds(b, "<th scope=\"row\">");
			html_esc(b, r->label);
			buf_adds(b, "</th>");
		}
		for (j = 0; j < r->cs->ncol; j++) {
			buf_adds(b, "<td class=\"num\" id=\"v-");
			html_esc(b, r->code);
			buf_addc(b, '-');
			html_esc(b, r->cs->col[j].code);
			buf_adds(b, "\">");
			an_format_value(b, t->v[i][j], r->unit);
			buf_adds(b, "</td>");
		}
		buf_adds(b, "</tr>\n");
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
	buf_adds(b, "<table class=\"annual grid\">\n<thead>\n");
	if (strcmp(cs->name, "applicant") == 0)
		buf_printf(b, "<tr><th rowspan=\"%zu\" colspan=\"%d\" scope=\"col\" class=\"corner\">"
		    "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）</th>"
		    "<th colspan=\"%zu\" scope=\"colgroup\">申请人情况</th></tr>\n",
		    levels + 1, depth, cs->ncol);
	for (k = 0; k < levels; k++) {
		buf_adds(b, "<tr>");
		if (k == 0 && depth > 0 && strcmp(cs->name, "applicant") != 0)
			buf_printf(b, "<th rowspan=\"%zu\" colspan=\"%d\" scope=\"col\">信息内容</th>",
			    levels, depth);
		for (j = 0; j < cs->ncol; j++) {
			len = col_path(&cs->col[j], pj);
			if (k == len - 1) {
				buf_printf(b, "<th scope=\"col\"%s", levels - k > 1 ? "" : ">");
				if (levels - k > 1)
					buf_printf(b, " rowspan=\"%zu\">", levels - k);
				html_esc(b, pj[k]);
				buf_adds(b, "</th>");
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
			buf_printf(b, "<th scope=\"colgroup\" colspan=\"%zu\">", run);
			html_esc(b, pj[k]);
			buf_adds(b, "</th>");
		}
		buf_adds(b, "</tr>\n");
	}
	buf_adds(b, "</thead>\n<tbody>\n");
	grid_rows(b, t, from, to, depth, base);
	buf_adds(b, "</tbody>\n</table>\n");
}

void
an_html(struct buf *b, const struct an_table *t, const struct an_year *y,
    const char *unit_name)
{
	const struct an_format *f = t->f;
	const char *u = meta(y, "unit");
	size_t i, j;

	buf_adds(b, "<div class=\"annual-table\">\n<p class=\"annex\">附件</p>\n<h2 class=\"table-title\">");
	html_esc(b, f->title);
	buf_printf(b, "</h2>\n<p class=\"table-year\">（%d年度）</p>\n<p class=\"filer\">填报单位（盖章）：",
	    t->year);
	html_esc(b, u[0] ? u : unit_name);
	buf_adds(b, "</p>\n");
	if (!f->grid)
		list_table(b, t);
	else
		for (i = 0; i < f->nrow; i = j) {
			const char *sec = f->row[i].section;
			size_t tl = strcspn(sec, "|");

			for (j = i + 1; j < f->nrow &&
			    strcmp(f->row[j].section, sec) == 0; j++)
				;
			/* "TITLE|part": a new title starts a new part of the report. */
			if (i == 0 || strncmp(f->row[i - 1].section, sec, tl) != 0 ||
			    (f->row[i - 1].section[tl] != '|' && f->row[i - 1].section[tl] != '\0')) {
				buf_adds(b, "<h3 class=\"section\">");
				html_escn(b, sec, tl);
				buf_adds(b, "</h3>\n");
			}
			/* A heading row alone at the top names a small table. */
			if (f->row[i].label[0] != '\0' && is_heading(&f->row[i]) &&
			    f->row[i].level == 0 && j > i + 1 && f->row[i + 1].level > 0 &&
			    sec[tl] == '|') {
				buf_adds(b, "<p class=\"subhead\">");
				html_esc(b, f->row[i].label);
				buf_adds(b, "</p>\n<div class=\"table-wrap\" tabindex=\"0\" "
				    "role=\"region\" aria-label=\"");
				html_esc(b, f->row[i].label);
				buf_adds(b, "\">\n");
				grid_section(b, t, i + 1, j);
			} else {
				buf_adds(b, "<div class=\"table-wrap\" tabindex=\"0\" "
				    "role=\"region\" aria-label=\"");
				html_escn(b, sec, tl);
				buf_adds(b, "\">\n");
				grid_section(b, t, i, j);
			}
			buf_adds(b, "</div>\n");
		}
	buf_adds(b, "<p class=\"signatures\">单位负责人：");
	html_esc(b, meta(y, "head"));
	buf_adds(b, "　审核人：");
	html_esc(b, meta(y, "reviewer"));
	buf_adds(b, "　填报人：");
	html_esc(b, meta(y, "preparer"));
	buf_adds(b, "</p>\n<p class=\"signatures\">联系电话：");
	html_esc(b, meta(y, "phone"));
	buf_adds(b, "　填报日期：");
	html_esc(b, meta(y, "date"));
	buf_adds(b, "</p>\n</div>\n");
}

static const char *
neutral_cell(const char *v, char *tmp, size_t n)
{
	if (strchr("=+-@\t\r", v[0]) != NULL && v[0] != '\0') {
		(void)snprintf(tmp, n, "'%s", v);
		return tmp;
	}
	return v;
}

void
an_csv(struct buf *b, const struct an_table *t)
{
	const struct an_format *f = t->f;
	struct buf v, col;
	char tmp[512];
	const char *cell4[4];
	size_t i, j;

	buf_init(&v);
	buf_init(&col);
	buf_adds(b, "\xEF\xBB\xBF");
	if (!f->grid) {
		static const char *const h[] = { "code", "label", "unit", "value" };

		store_format_row(b, h, 4);
	} else {
		static const char *const h[] = { "code", "label", "column", "value" };

		store_format_row(b, h, 4);
	}
	for (i = 0; i < f->nrow; i++) {
		const struct an_row *r = &f->row[i];

		if (f->grid && is_heading(r))
			continue;
		for (j = 0; j < r->cs->ncol; j++) {
			buf_reset(&v);
			buf_reset(&col);
			an_format_value(&v, is_heading(r) ? AN_NONE : t->v[i][j], r->unit);
			cell4[0] = r->code;
			cell4[1] = neutral_cell(r->label, tmp, sizeof(tmp));
			if (f->grid) {
				if (r->cs->col[j].group[0] != '\0')
					buf_printf(&col, "%s|", r->cs->col[j].group);
				buf_adds(&col, r->cs->col[j].label);
				cell4[2] = col.s;
			} else
				cell4[2] = r->unit;
			cell4[3] = v.s;
			store_format_row(b, cell4, 4);
		}
	}
	buf_free(&v);
	buf_free(&col);
}

void
an_chart(struct buf *b, const struct an_table *t, const size_t months[12])
{
	const struct an_format *f = t->f;
	size_t i, max = 1, n = 0, k;
	long long vmax = 100;

	for (i = 0; i < 12; i++)
		if (months[i] > max)
			max = months[i];
	buf_adds(b, "<figure class=\"chart\">\n<svg viewBox=\"0 0 600 240\" role=\"img\" "
	    "aria-labelledby=\"chart-m\" xmlns=\"http://www.w3.org/2000/svg\">\n"
	    "<title id=\"chart-m\">每月收到申请数</title>\n");
	for (i = 0; i < 12; i++) {
		int h = (int)(months[i] * 180 / max);

		buf_printf(b, "<rect x=\"%zu\" y=\"%d\" width=\"34\" height=\"%d\" fill=\"#a8201a\">"
		    "<title>%zu月：%zu件</title></rect>\n", 30 + i * 47, 200 - h, h, i + 1, months[i]);
		buf_printf(b, "<text x=\"%zu\" y=\"%d\" font-size=\"12\" text-anchor=\"middle\">%zu</text>\n",
		    47 + i * 47, 195 - h, months[i]);
		buf_printf(b, "<text x=\"%zu\" y=\"220\" font-size=\"12\" text-anchor=\"middle\">%zu月</text>\n",
		    47 + i * 47, i + 1);
	}
	buf_adds(b, "</svg>\n<figcaption>每月收到申请数</figcaption>\n</figure>\n");

	/* Outcomes: the computed answer rows, by their last column (总计). */
	for (i = 0; i < f->nrow; i++) {
		const struct an_row *r = &f->row[i];

		if (strcmp(r->source, "computed:answer") == 0 ||
		    strcmp(r->source, "computed:result") == 0) {
			long long v = t->v[i][r->cs->ncol - 1];

			n++;
			if (v > vmax)
				vmax = v;
		}
	}
	if (n == 0)
		return;
	buf_printf(b, "<figure class=\"chart\">\n<svg viewBox=\"0 0 600 %zu\" role=\"img\" "
	    "aria-labelledby=\"chart-o\" xmlns=\"http://www.w3.org/2000/svg\">\n"
	    "<title id=\"chart-o\">办理结果</title>\n", n * 22 + 10);
	for (i = 0, k = 0; i < f->nrow; i++) {
		const struct an_row *r = &f->row[i];
		long long v;
		int w;

		if (strcmp(r->source, "computed:answer") != 0 &&
		    strcmp(r->source, "computed:result") != 0)
			continue;
		v = t->v[i][r->cs->ncol - 1];
		w = (int)(v * 300 / vmax);
		buf_printf(b, "<text x=\"0\" y=\"%zu\" font-size=\"11\">", k * 22 + 20);
		{
			size_t len = strlen(r->label), ch;

			/* At most 20 characters, cut between characters. */
			if (utf8_len(r->label) > 20)
				for (len = 0, ch = 0; ch < 20; len++)
					if (((unsigned char)r->label[len + 1] & 0xC0) != 0x80)
						ch++;
			html_escn(b, r->label, len);
		}
		buf_printf(b, "</text>\n<rect x=\"260\" y=\"%zu\" width=\"%d\" height=\"14\" fill=\"#555\"/>"
		    "<text x=\"%d\" y=\"%zu\" font-size=\"11\">%lld</text>\n", k * 22 + 9, w,
		    266 + w, k * 22 + 20, v / 100);
		k++;
	}
	buf_adds(b, "</svg>\n<figcaption>办理结果（件）</figcaption>\n</figure>\n");
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

		if (strcmp(r->source, "heading") == 0)
			continue;
		buf_reset(&code);
		buf_printf(&code, "cell:%s", r->code);
		for (j = 0; j < r->cs->ncol; j++) {
			buf_reset(&v);
			an_format_value(&v, t->v[i][j], "万元");
			an_year_set(y, code.s, r->cs->col[j].code, v.s);
		}
	}
	cal_format(published, day);
	an_year_set(y, "meta", "published", day);
	an_year_set(y, "meta", "format", f->name);
	buf_free(&code);
	buf_free(&v);
}

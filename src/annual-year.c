/*
 * annual-year: one agency's year as staff entered it, DATA/annual/
 * AGENCY-YEAR.csv (code, column, value): the entered cells, the report's
 * particulars (code "meta") and, once published, every cell as published
 * (code "cell:ROW").  See include/ogi/annual.h.
 */
#include <sys/stat.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "ogi/annual.h"
#include "ogi/buf.h"
#include "ogi/store.h"

const char *const an_meta_keys[AN_META_KEYS] = { "unit", "head", "reviewer",
    "preparer", "phone", "date", "published" };
const char *const an_meta_labels[AN_META_KEYS] = { "填报单位", "单位负责人",
    "审核人", "填报人", "联系电话", "填报日期", "发布日期" };

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
an_year_read(struct an_year *y, const char *data_dir, const char *agency,
    int year, struct buf *err)
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
	if (e != STORE_OK && err != NULL)
		buf_printf(err, "%s: row %lld: %s", y->path, (long long)st.lineno,
		    store_strerror(e));
	store_free(&st);
	return e == STORE_OK ? 0 : -1;
}

int
an_year_load(struct an_year *y, const char *data_dir, const char *agency,
    int year)
{
	return an_year_read(y, data_dir, agency, year, NULL);
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

static struct an_entry *
entry(const struct an_year *y, const char *code, const char *column)
{
	size_t i;

	for (i = 0; i < y->n; i++)
		if (strcmp(y->e[i].code, code) == 0 && strcmp(y->e[i].column, column) == 0)
			return &y->e[i];
	return NULL;
}

const char *
an_year_get(const struct an_year *y, const char *code, const char *column)
{
	const struct an_entry *e = entry(y, code, column);

	return e != NULL ? e->value : NULL;
}

void
an_year_set(struct an_year *y, const char *code, const char *column,
    const char *value)
{
	struct an_entry *e = entry(y, code, column);

	if (e != NULL) {
		free(e->value);
		e->value = xstrdup(value);
		return;
	}
	y->e = xreallocarray(y->e, y->n + 1, sizeof(*y->e));
	y->e[y->n].code = xstrdup(code);
	y->e[y->n].column = xstrdup(column);
	y->e[y->n].value = xstrdup(value);
	y->n++;
}

/* The first save of any year makes DATA/annual. */
static int
make_dir(const char *path)
{
	char *dir, *slash;
	int rc = 0;

	dir = xstrdup(path);
	if ((slash = strrchr(dir, '/')) != NULL) {
		*slash = '\0';
		if (mkdir(dir, 0750) == -1 && errno != EEXIST)
			rc = -1;
	}
	free(dir);
	return rc;
}

int
an_year_save(const struct an_year *y)
{
	const char **cells;
	enum store_err e;
	size_t i;

	if (make_dir(y->path) != 0)
		return -1;
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

struct year_update {
	struct an_year	 y;
	an_year_fn	*fn;
	void		*ctx;
	int		 rc;		/* fn's */
};

/* Under the lock: the rows as a year, fn, and the year as rows again. */
static int
on_update(void *ctx, struct store_rows *rows)
{
	struct year_update *u = ctx;
	size_t i;

	for (i = 0; i < rows->nrows; i++)
		an_year_set(&u->y, store_rows_get(rows, i, 0),
		    store_rows_get(rows, i, 1), store_rows_get(rows, i, 2));
	if ((u->rc = u->fn(u->ctx, &u->y)) != 0)
		return 1;
	for (i = 0; i < u->y.n; i++) {
		if (i == rows->nrows)
			(void)store_rows_add(rows);	/* its index: i */
		store_rows_set(rows, i, 0, u->y.e[i].code);
		store_rows_set(rows, i, 1, u->y.e[i].column);
		store_rows_set(rows, i, 2, u->y.e[i].value);
	}
	while (rows->nrows > u->y.n)
		store_rows_del(rows, rows->nrows - 1);
	return 0;
}

int
an_year_update(const char *data_dir, const char *agency, int year,
    an_year_fn *fn, void *ctx)
{
	struct year_update u;
	struct buf p;
	enum store_err e;

	memset(&u, 0, sizeof(u));
	buf_init(&p);
	buf_printf(&p, "%s/annual/%s-%d.csv", data_dir, agency, year);
	u.y.path = buf_detach(&p);
	u.fn = fn;
	u.ctx = ctx;
	if (make_dir(u.y.path) != 0) {
		an_year_free(&u.y);
		return -1;
	}
	e = store_update(u.y.path, year_header, 3, on_update, &u);
	an_year_free(&u.y);
	if (e == STORE_ECALLBACK && u.rc > 0)
		return u.rc;
	return e == STORE_OK ? 0 : -1;
}

/*
 * annual-format: the table formats, read from formats.csv and the files it
 * names, and checked against what the code knows.  Whatever a file names
 * that nothing here knows (a metric, an outcome, a row, a column, a column
 * set, a check's row) stops the load with the file, its line and the value:
 * a typo must not become a silent zero in a published table.
 * See include/ogi/annual.h.
 */
#include <sys/stat.h>

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ogi/annual.h"
#include "ogi/buf.h"
#include "ogi/form.h"
#include "ogi/law.h"
#include "ogi/store.h"

static const char *const formats_header[] = { "name", "from_year", "to_year",
    "title", "layout", "rows", "columns", "outcomes", "checks" };
static const char *const rows_header[] = { "code", "section", "label", "unit",
    "decimals", "level", "columns", "source" };
static const char *const cols_header[] = { "set", "code", "label", "group",
    "source" };
static const char *const map_header[] = { "outcome", "row" };
static const char *const checks_header[] = { "left", "right", "label" };

struct loader {
	struct an_formats	*fs;
	struct an_format	*f;		/* the format being read */
	const char		*dir;
	const struct store	*st;		/* the file being read */
	const char		*path;		/* … and its path */
	char			*cols_path;	/* the format's columns file */
	struct law		 law;		/* the outcome codes */
	struct buf		 err;
};

static int	bad(struct loader *, const char *path, long long line,
		    const char *, ...) __attribute__((format(printf, 4, 5)));

/* Say, once, what is wrong and where ("PATH:LINE: …").  Returns -1. */
static int
bad(struct loader *l, const char *path, long long line, const char *fmt, ...)
{
	va_list ap;

	if (l->err.len > 0)
		return -1;
	buf_adds(&l->err, path);
	if (line > 0)
		buf_printf(&l->err, ":%lld", line);
	buf_adds(&l->err, ": ");
	va_start(ap, fmt);
	buf_vprintf(&l->err, fmt, ap);
	va_end(ap);
	return -1;
}

/* In a row callback: the file and line being read. */
#define HERE(l)	(l)->path, (long long)(l)->st->lineno

/* A whole number in [lo, hi], digits only. */
static int
number(const char *s, int lo, int hi, int *out)
{
	long v = 0;

	if (*s == '\0')
		return -1;
	for (; *s != '\0'; s++) {
		if (*s < '0' || *s > '9' || v > hi)
			return -1;
		v = v * 10 + (*s - '0');
	}
	if (v < lo || v > hi)
		return -1;
	*out = (int)v;
	return 0;
}

static int
row_at(const void *f, const char *code)
{
	return an_row_index(f, code);
}

static int
col_at(const void *cs, const char *code)
{
	return an_col_index(cs, code);
}

/* An "a+b" of rows or columns, each known; what names them in a message. */
static int
terms(struct loader *l, const char *path, long long line, const char *e,
    int allow_next, int (*at)(const void *, const char *), const void *in,
    const char *what, struct an_terms *t)
{
	const char *code;
	size_t n;

	if (an_terms_parse(t, e, allow_next, at, in, &code, &n) == 0)
		return 0;
	if (n == 0)
		return bad(l, path, line, "no %s code in \"%s\"", what, code);
	return bad(l, path, line, "unknown %s \"%.*s\"", what, (int)n, code);
}

/* Read one file of the format's directory, row by row through fn, and
   then check it whole with done. */
static int
load_file(struct loader *l, const char *name, const char *const *hdr,
    size_t ncols, store_row_fn fn, int (*done)(struct loader *))
{
	const struct store *up = l->st;
	const char *up_path = l->path;
	struct store st;
	struct stat sb;
	struct buf path;
	enum store_err e;
	int rc = 0;

	buf_init(&path);
	buf_printf(&path, "%s/%s", l->dir, name);
	/* The store reads a missing file as empty: a format is not. */
	if (stat(path.s, &sb) == -1 || !S_ISREG(sb.st_mode)) {
		if (up != NULL)
			rc = bad(l, up_path, (long long)up->lineno,
			    "cannot read \"%s\": %s", path.s, strerror(errno));
		else
			rc = bad(l, path.s, 0, "%s", strerror(errno));
		buf_free(&path);
		return rc;
	}
	store_init(&st, path.s, hdr, ncols, fn, NULL, l);
	l->st = &st;
	l->path = path.s;
	if ((e = store_refresh(&st)) != STORE_OK)
		rc = bad(l, path.s, (long long)st.lineno, "%s", store_strerror(e));
	else if (done != NULL)
		rc = done(l);
	l->st = up;
	l->path = up_path;
	store_free(&st);
	buf_free(&path);
	return rc;
}

/* Columns */

static struct an_colset *
colset(struct an_format *f, const char *name)
{
	size_t i;

	for (i = 0; i < f->nset; i++)
		if (strcmp(f->set[i].name, name) == 0)
			return &f->set[i];
	return NULL;
}

static int
on_col(void *ctx, char *const *v, size_t n)
{
	struct loader *l = ctx;
	struct an_format *f = l->f;
	struct an_colset *cs;
	struct an_col *c;

	(void)n;
	if (v[0][0] == '\0')
		return bad(l, HERE(l), "a column without a set");
	if (v[1][0] == '\0')
		return bad(l, HERE(l), "a column without a code");
	if (strncmp(v[4], "sum:", 4) != 0 && v[4][0] != '\0')
		return bad(l, HERE(l), "unknown source \"%s\"", v[4]);
	if ((cs = colset(f, v[0])) == NULL) {
		f->set = xreallocarray(f->set, f->nset + 1, sizeof(*f->set));
		cs = &f->set[f->nset++];
		memset(cs, 0, sizeof(*cs));
		cs->name = xstrdup(v[0]);
	} else if (an_col_index(cs, v[1]) >= 0)
		return bad(l, HERE(l), "column \"%s\" again", v[1]);
	/* The applicant set's columns count one applicant type each. */
	if (strcmp(cs->name, AN_SET_APPLICANT) == 0 && v[4][0] == '\0' &&
	    !an_applicant_type(v[1]))
		return bad(l, HERE(l), "unknown applicant type \"%s\"", v[1]);
	cs->col = xreallocarray(cs->col, cs->ncol + 1, sizeof(*cs->col));
	c = &cs->col[cs->ncol++];
	memset(c, 0, sizeof(*c));
	c->code = xstrdup(v[1]);
	c->label = xstrdup(v[2]);
	c->group = xstrdup(v[3]);
	c->sum = xstrdup(v[4][0] != '\0' ? v[4] + 4 : "");
	c->line = (int)l->st->lineno;
	c->lit = an_lit_parse(c->code, &c->lit_result);
	return 0;
}

/* Sum columns add up columns of their own set that are not sums. */
static int
cols_done(struct loader *l)
{
	struct an_format *f = l->f;
	size_t i, j, k;

	if (f->nset == 0)
		return bad(l, l->path, 0, "no columns");
	l->cols_path = xstrdup(l->path);
	for (i = 0; i < f->nset; i++)
		for (j = 0; j < f->set[i].ncol; j++) {
			struct an_col *c = &f->set[i].col[j];

			if (c->sum[0] == '\0')
				continue;
			if (terms(l, l->path, c->line, c->sum, 0, col_at, &f->set[i],
			    "column", &c->parts) != 0)
				return -1;
			for (k = 0; k < c->parts.n; k++)
				if (f->set[i].col[c->parts.i[k]].sum[0] != '\0')
					return bad(l, l->path, c->line,
					    "column \"%s\" is a sum",
					    f->set[i].col[c->parts.i[k]].code);
		}
	return 0;
}

/* Rows */

static int
on_row(void *ctx, char *const *v, size_t n)
{
	struct loader *l = ctx;
	struct an_format *f = l->f;
	struct an_colset *cs;
	struct an_row *r;
	const char *s = v[7];
	int level, decimals;

	(void)n;
	if (v[0][0] == '\0')
		return bad(l, HERE(l), "a row without a code");
	if (an_row_index(f, v[0]) >= 0)
		return bad(l, HERE(l), "row \"%s\" again", v[0]);
	if (number(v[4], 0, AN_MAX_DECIMALS, &decimals) != 0)
		return bad(l, HERE(l), "decimals \"%s\" is not 0 to %d", v[4],
		    AN_MAX_DECIMALS);
	if (number(v[5], 0, 9, &level) != 0)
		return bad(l, HERE(l), "level \"%s\" is not 0 to 9", v[5]);
	if ((cs = colset(f, v[6])) == NULL)
		return bad(l, HERE(l), "unknown column set \"%s\"", v[6]);
	/* A section is one table: its rows share their columns. */
	if (f->nrow > 0 && strcmp(f->row[f->nrow - 1].section, v[1]) == 0 &&
	    f->row[f->nrow - 1].cs != cs)
		return bad(l, HERE(l), "column set \"%s\" in a section whose "
		    "rows have \"%s\"", v[6], f->row[f->nrow - 1].cs->name);
	/* A label is printed in a cell of a table: a line or a few. */
	if (utf8_len(v[2]) > AN_MAX_LABEL)
		return bad(l, HERE(l), "label longer than %d characters",
		    AN_MAX_LABEL);
	f->row = xreallocarray(f->row, f->nrow + 1, sizeof(*f->row));
	r = &f->row[f->nrow];
	memset(r, 0, sizeof(*r));
	r->cs = cs;
	r->level = level;
	r->decimals = decimals;
	r->line = (int)l->st->lineno;
	if (strcmp(s, "heading") == 0)
		r->src = AN_HEADING;
	else if (strcmp(s, "entered") == 0)
		r->src = AN_ENTERED;
	else if (strncmp(s, "sum:", 4) == 0)
		r->src = AN_SUM;	/* its rows: when all are read */
	else if (strncmp(s, "computed:", 9) == 0) {
		r->src = AN_COMPUTED;
		if (an_metric_parse(s + 9, &r->metric, &r->arg) != 0)
			return bad(l, HERE(l), "unknown metric \"%s\"", s + 9);
	} else
		return bad(l, HERE(l), "unknown source \"%s\"", s);
	r->code = xstrdup(v[0]);
	r->section = xstrdup(v[1]);
	r->label = xstrdup(v[2]);
	r->unit = xstrdup(v[3]);
	r->source = xstrdup(s);
	f->nrow++;
	return 0;
}

/* A row on a circle of sums reached from row i, or -1.  mark: 1 on the
   path, 2 done. */
static int
circle(const struct an_format *f, size_t i, unsigned char *mark)
{
	size_t k;
	int c;

	if (mark[i] != 0)
		return mark[i] == 1 ? (int)i : -1;
	mark[i] = 1;
	for (k = 0; k < f->row[i].sum.n; k++)
		if ((c = circle(f, (size_t)f->row[i].sum.i[k], mark)) >= 0)
			return c;
	mark[i] = 2;
	return -1;
}

/* Rows of the same column set, none a heading: what a sum or a check
   adds up. */
static int
same_set(struct loader *l, const char *path, long long line,
    const struct an_terms *t, const struct an_colset *cs)
{
	const struct an_format *f = l->f;
	size_t k;

	for (k = 0; k < t->n; k++) {
		const struct an_row *r = &f->row[t->i[k]];

		if (r->src == AN_HEADING)
			return bad(l, path, line, "row \"%s\" is a heading", r->code);
		if (r->cs != cs)
			return bad(l, path, line, "row \"%s\" is not in column set \"%s\"",
			    r->code, cs->name);
	}
	return 0;
}

static int
rows_done(struct loader *l)
{
	struct an_format *f = l->f;
	unsigned char *mark;
	size_t i, j;
	int c, rc = 0;

	if (f->nrow == 0)
		return bad(l, l->path, 0, "no rows");
	for (i = 0; i < f->nrow; i++) {
		struct an_row *r = &f->row[i];

		if (r->src == AN_SUM && (terms(l, l->path, r->line, r->source + 4,
		    0, row_at, f, "row", &r->sum) != 0 ||
		    same_set(l, l->path, r->line, &r->sum, r->cs) != 0))
			return -1;
		if (r->metric != AN_M_BY_COLUMN)
			continue;
		for (j = 0; j < r->cs->ncol; j++)
			if (r->cs->col[j].sum[0] == '\0' &&
			    r->cs->col[j].lit == AN_LIT_NONE)
				return bad(l, l->cols_path, r->cs->col[j].line,
				    "unknown review or suit column \"%s\"",
				    r->cs->col[j].code);
	}
	mark = xcalloc(f->nrow, 1);
	for (i = 0; i < f->nrow && rc == 0; i++)
		if ((c = circle(f, i, mark)) >= 0)
			rc = bad(l, l->path, f->row[c].line,
			    "row \"%s\" is a sum of itself", f->row[c].code);
	free(mark);
	return rc;
}

/* The outcome map and the checks */

static int
on_map(void *ctx, char *const *v, size_t n)
{
	struct loader *l = ctx;
	struct an_format *f = l->f;
	size_t i;
	int ri;

	(void)n;
	if (law_outcome(&l->law, v[0]) == NULL)
		return bad(l, HERE(l), "unknown outcome \"%s\"", v[0]);
	for (i = 0; i < f->nmap; i++)
		if (strcmp(f->map_outcome[i], v[0]) == 0)
			return bad(l, HERE(l), "outcome \"%s\" again", v[0]);
	if ((ri = an_row_index(f, v[1])) < 0)
		return bad(l, HERE(l), "unknown row \"%s\"", v[1]);
	if (f->row[ri].metric != AN_M_ANSWER)
		return bad(l, HERE(l), "row \"%s\" does not count answers", v[1]);
	f->map_outcome = xreallocarray(f->map_outcome, f->nmap + 1, sizeof(char *));
	f->map_row = xreallocarray(f->map_row, f->nmap + 1, sizeof(char *));
	f->map_ri = xreallocarray(f->map_ri, f->nmap + 1, sizeof(int));
	f->map_outcome[f->nmap] = xstrdup(v[0]);
	f->map_row[f->nmap] = xstrdup(v[1]);
	f->map_ri[f->nmap++] = ri;
	return 0;
}

static int
on_check(void *ctx, char *const *v, size_t n)
{
	struct loader *l = ctx;
	struct an_format *f = l->f;
	struct an_terms lt, rt;
	const struct an_colset *cs;
	struct an_check *c;

	(void)n;
	memset(&rt, 0, sizeof(rt));
	if (terms(l, HERE(l), v[0], 1, row_at, f, "row", &lt) != 0 ||
	    terms(l, HERE(l), v[1], 1, row_at, f, "row", &rt) != 0 ||
	    (cs = f->row[lt.i[0]].cs, same_set(l, HERE(l), &lt, cs)) != 0 ||
	    same_set(l, HERE(l), &rt, cs) != 0) {
		free(lt.i);
		free(rt.i);
		return -1;
	}
	f->chk = xreallocarray(f->chk, f->nchk + 1, sizeof(*f->chk));
	c = &f->chk[f->nchk++];
	c->left = xstrdup(v[0]);
	c->right = xstrdup(v[1]);
	c->label = xstrdup(v[2]);
	c->l = lt;
	c->r = rt;
	return 0;
}

/* formats.csv */

static int
on_format(void *ctx, char *const *v, size_t n)
{
	struct loader *l = ctx;
	struct an_formats *fs = l->fs;
	struct an_format *f;
	size_t i;
	int from, to, rc;

	(void)n;
	if (v[0][0] == '\0')
		return bad(l, HERE(l), "a format without a name");
	if (number(v[1], 1, 9999, &from) != 0 || number(v[2], from, 9999, &to) != 0)
		return bad(l, HERE(l), "years \"%s\" to \"%s\"", v[1], v[2]);
	if (strcmp(v[4], "list") != 0 && strcmp(v[4], "grid") != 0)
		return bad(l, HERE(l), "unknown layout \"%s\"", v[4]);
	for (i = 0; i < fs->n; i++)
		if (from <= fs->f[i].to && to >= fs->f[i].from)
			return bad(l, HERE(l), "years %d-%d overlap format \"%s\"",
			    from, to, fs->f[i].name);
	fs->f = xreallocarray(fs->f, fs->n + 1, sizeof(*fs->f));
	f = l->f = &fs->f[fs->n++];
	memset(f, 0, sizeof(*f));
	f->name = xstrdup(v[0]);
	f->from = from;
	f->to = to;
	f->title = xstrdup(v[3]);
	f->grid = strcmp(v[4], "grid") == 0;
	/* Columns first: rows name their set, the map and checks rows. */
	rc = load_file(l, v[6], cols_header, 5, on_col, cols_done) ||
	    load_file(l, v[5], rows_header, 8, on_row, rows_done) ||
	    load_file(l, v[7], map_header, 2, on_map, NULL) ||
	    load_file(l, v[8], checks_header, 3, on_check, NULL) ? -1 : 0;
	free(l->cols_path);
	l->cols_path = NULL;
	return rc;
}

int
an_load(struct an_formats *fs, const char *dir, const char **why)
{
	static char msg[512];
	struct loader l;
	int rc;

	memset(fs, 0, sizeof(*fs));
	memset(&l, 0, sizeof(l));
	l.fs = fs;
	l.dir = dir;
	buf_init(&l.err);
	if ((rc = law_load(&l.law, dir, why)) != 0) {
		buf_free(&l.err);
		return rc;
	}
	rc = load_file(&l, "formats.csv", formats_header, 9, on_format, NULL);
	if (rc == 0 && fs->n == 0)
		rc = bad(&l, dir, 0, "formats.csv lists no format");
	if (rc != 0) {
		(void)snprintf(msg, sizeof(msg), "%s", l.err.s);
		*why = msg;
		an_free(fs);
	}
	law_free(&l.law);
	buf_free(&l.err);
	return rc;
}

static void
free_set(struct an_colset *cs)
{
	size_t k;

	for (k = 0; k < cs->ncol; k++) {
		free(cs->col[k].code);
		free(cs->col[k].label);
		free(cs->col[k].group);
		free(cs->col[k].sum);
		free(cs->col[k].parts.i);
	}
	free(cs->col);
	free(cs->name);
}

void
an_free(struct an_formats *fs)
{
	size_t i, j;

	for (i = 0; i < fs->n; i++) {
		struct an_format *f = &fs->f[i];

		for (j = 0; j < f->nrow; j++) {
			free(f->row[j].code);
			free(f->row[j].section);
			free(f->row[j].label);
			free(f->row[j].unit);
			free(f->row[j].source);
			free(f->row[j].sum.i);
		}
		for (j = 0; j < f->nset; j++)
			free_set(&f->set[j]);
		for (j = 0; j < f->nmap; j++) {
			free(f->map_outcome[j]);
			free(f->map_row[j]);
		}
		for (j = 0; j < f->nchk; j++) {
			free(f->chk[j].left);
			free(f->chk[j].right);
			free(f->chk[j].label);
			free(f->chk[j].l.i);
			free(f->chk[j].r.i);
		}
		free(f->row);
		free(f->set);
		free(f->map_outcome);
		free(f->map_row);
		free(f->map_ri);
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

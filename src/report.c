/*
 * report: the annual report's sections, figures and drafted sentences,
 * loaded from data/report-*.csv and checked; the drafts and the
 * text-table check.  See include/ogi/report.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ogi/buf.h"
#include "ogi/fill.h"
#include "ogi/report.h"
#include "ogi/site.h"
#include "ogi/store.h"

static const char *const sec_header[] = { "format", "key", "title", "kind",
    "draft" };
static const char *const fig_header[] = { "format", "figure", "label",
    "cells", "words" };
static const char *const txt_header[] = { "format", "key", "when", "text" };

/* The site's placeholders, beside the figures. */
static const char *const site_words[] = { "body", "year", "website",
    "address", "postcode", "phone", "fax", "email", "hours", NULL };

/* A setting a test's site leaves unset reads as empty. */
#define V(s) ((s) != NULL ? (s) : "")

static char bad[256];

struct loading {
	struct reports			*rs;
	const struct an_formats		*fs;
};

static struct report_format *
format_of(struct loading *l, const char *name)
{
	size_t i;

	for (i = 0; i < l->rs->n; i++)
		if (strcmp(l->rs->r[i].f->name, name) == 0)
			return &l->rs->r[i];
	for (i = 0; i < l->fs->n; i++)
		if (strcmp(l->fs->f[i].name, name) == 0) {
			l->rs->r = xreallocarray(l->rs->r, l->rs->n + 1,
			    sizeof(*l->rs->r));
			memset(&l->rs->r[l->rs->n], 0, sizeof(l->rs->r[0]));
			l->rs->r[l->rs->n].f = &l->fs->f[i];
			return &l->rs->r[l->rs->n++];
		}
	(void)snprintf(bad, sizeof(bad), "unknown format \"%.40s\" (not in "
	    "formats.csv)", name);
	return NULL;
}

static int
figure_index(const struct report_format *r, const char *name, size_t len)
{
	size_t i;

	for (i = 0; i < r->nfig; i++)
		if (strlen(r->fig[i].name) == len &&
		    strncmp(r->fig[i].name, name, len) == 0)
			return (int)i;
	return -1;
}

static int
on_figure(void *ctx, char *const *f, size_t n)
{
	struct report_format *r;
	struct report_figure *g;
	const char *p, *slash;
	char code[128];
	size_t len;
	int row, col;

	(void)n;
	if ((r = format_of(ctx, f[0])) == NULL)
		return -1;
	if (f[1][0] == '\0' || figure_index(r, f[1], strlen(f[1])) != -1 ||
	    strspn(f[1], "abcdefghijklmnopqrstuvwxyz_0123456789") != strlen(f[1])) {
		(void)snprintf(bad, sizeof(bad), "figure \"%.40s\": empty, twice "
		    "or not a name of a-z, 0-9 and _", f[1]);
		return -1;
	}
	r->fig = xreallocarray(r->fig, r->nfig + 1, sizeof(*r->fig));
	g = &r->fig[r->nfig];
	memset(g, 0, sizeof(*g));
	for (p = f[3]; ; p += len + 1) {
		len = strcspn(p, "+");
		(void)snprintf(code, sizeof(code), "%.*s", (int)len, p);
		slash = strchr(code, '/');
		if (slash != NULL)
			code[slash - code] = '\0';
		if ((row = an_row_index(r->f, code)) == -1) {
			(void)snprintf(bad, sizeof(bad), "unknown row \"%.40s\" of "
			    "format %s", code, r->f->name);
			goto fail;
		}
		col = slash == NULL && r->f->row[row].cs->ncol == 1 ? 0 :
		    slash != NULL ? an_col_index(r->f->row[row].cs, slash + 1) : -1;
		if (col == -1) {
			(void)snprintf(bad, sizeof(bad), "unknown column \"%.40s\" "
			    "of row %s", slash != NULL ? slash + 1 : "", code);
			goto fail;
		}
		g->cell = xreallocarray(g->cell, g->ncell + 1, sizeof(*g->cell));
		g->cell[g->ncell].row = row;
		g->cell[g->ncell++].col = col;
		if (p[len] == '\0')
			break;
	}
	for (p = f[4]; *p != '\0'; p += len + (p[len] != '\0')) {
		len = strcspn(p, "|");
		if (len == 0)
			continue;
		g->words = xreallocarray(g->words, g->nwords + 1, sizeof(char *));
		g->words[g->nwords] = xmalloc(len + 1);
		memcpy(g->words[g->nwords], p, len);
		g->words[g->nwords++][len] = '\0';
	}
	g->name = xstrdup(f[1]);
	g->label = xstrdup(f[2]);
	r->nfig++;
	return 0;
fail:
	free(g->cell);
	return -1;
}

/* "a+b" into figure indexes; -1 (bad set) on an unknown one. */
static int
sum_parse(const struct report_format *r, const char *s, size_t slen, int **out,
    size_t *n)
{
	const char *p = s, *end = s + slen;
	size_t len;
	int k;

	*out = NULL;
	*n = 0;
	for (;;) {
		for (len = 0; p + len < end && p[len] != '+'; len++)
			;
		if ((k = figure_index(r, p, len)) == -1) {
			(void)snprintf(bad, sizeof(bad), "unknown figure \"%.*s\"",
			    (int)(len > 40 ? 40 : len), p);
			free(*out);
			*out = NULL;
			return -1;
		}
		*out = xreallocarray(*out, *n + 1, sizeof(int));
		(*out)[(*n)++] = k;
		if (p + len >= end)
			return 0;
		p += len + 1;
	}
}

static int
conds_parse(const struct report_format *r, struct report_text *t, const char *w)
{
	struct report_cond *c;
	const char *p, *op;
	size_t len;

	for (p = w; *p != '\0'; p += len + (p[len] != '\0')) {
		len = strcspn(p, "&");
		for (op = p; op < p + len && *op != '=' && *op != '>'; op++)
			;
		if (op == p + len) {
			(void)snprintf(bad, sizeof(bad), "condition \"%.*s\" has no "
			    "= or >", (int)(len > 40 ? 40 : len), p);
			return -1;
		}
		t->cond = xreallocarray(t->cond, t->ncond + 1, sizeof(*t->cond));
		c = &t->cond[t->ncond];
		memset(c, 0, sizeof(*c));
		c->op = *op;
		if (sum_parse(r, p, (size_t)(op - p), &c->lhs, &c->nlhs) != 0)
			return -1;
		t->ncond++;
		if (op + 1 == p + len - 1 && op[1] == '0')
			continue;		/* against 0 */
		if (sum_parse(r, op + 1, (size_t)(p + len - op - 1), &c->rhs,
		    &c->nrhs) != 0)
			return -1;
	}
	return 0;
}

static int
is_figure(const void *r, const char *name, size_t len)
{
	return figure_index(r, name, len) != -1;
}

/* The text's placeholders: the site's words and the format's figures. */
static int
placeholders_known(const struct report_format *r, const char *s)
{
	return fill_check(s, site_words, is_figure, r, bad, sizeof(bad));
}

static void
text_free(struct report_text *t)
{
	size_t i;

	for (i = 0; i < t->ncond; i++) {
		free(t->cond[i].lhs);
		free(t->cond[i].rhs);
	}
	free(t->cond);
	free(t->key);
	free(t->text);
}

static int
on_text(void *ctx, char *const *f, size_t n)
{
	struct report_format *r;
	struct report_text t;

	(void)n;
	if ((r = format_of(ctx, f[0])) == NULL)
		return -1;
	memset(&t, 0, sizeof(t));
	if (f[1][0] == '\0') {
		(void)snprintf(bad, sizeof(bad), "a sentence without its key");
		return -1;
	}
	if (conds_parse(r, &t, f[2]) != 0 || placeholders_known(r, f[3]) != 0) {
		text_free(&t);
		return -1;
	}
	t.key = xstrdup(f[1]);
	t.text = xstrdup(f[3]);
	r->txt = xreallocarray(r->txt, r->ntxt + 1, sizeof(*r->txt));
	r->txt[r->ntxt++] = t;
	return 0;
}

static int
on_section(void *ctx, char *const *f, size_t n)
{
	struct report_format *r;
	struct report_section *s;
	enum report_kind kind;
	size_t i, tl;

	(void)n;
	if ((r = format_of(ctx, f[0])) == NULL)
		return -1;
	if (strcmp(f[3], "text") == 0)
		kind = RK_TEXT;
	else if (strcmp(f[3], "table") == 0)
		kind = RK_TABLE;
	else if (strcmp(f[3], "annex") == 0)
		kind = RK_ANNEX;
	else {
		(void)snprintf(bad, sizeof(bad), "unknown kind \"%.40s\" (text, "
		    "table or annex)", f[3]);
		return -1;
	}
	if (f[1][0] == '\0' || strspn(f[1], "abcdefghijklmnopqrstuvwxyz_0123456789") !=
	    strlen(f[1])) {
		(void)snprintf(bad, sizeof(bad), "section key \"%.40s\" is not a "
		    "name of a-z, 0-9 and _", f[1]);
		return -1;
	}
	for (i = 0; i < r->nsec; i++)
		if (strcmp(r->sec[i].key, f[1]) == 0) {
			(void)snprintf(bad, sizeof(bad), "section \"%.40s\" twice", f[1]);
			return -1;
		}
	if (kind == RK_TABLE) {
		for (i = 0; i < r->f->nrow; i++) {
			tl = strcspn(r->f->row[i].section, "|");
			if (tl == strlen(f[2]) && strncmp(r->f->row[i].section, f[2],
			    tl) == 0)
				break;
		}
		if (i == r->f->nrow) {
			(void)snprintf(bad, sizeof(bad), "no rows of format %s in "
			    "section \"%.80s\"", r->f->name, f[2]);
			return -1;
		}
	}
	if (f[4][0] != '\0') {
		for (i = 0; i < r->ntxt; i++)
			if (strcmp(r->txt[i].key, f[4]) == 0)
				break;
		if (i == r->ntxt) {
			(void)snprintf(bad, sizeof(bad), "unknown draft \"%.40s\" (not "
			    "in report-texts.csv for format %s)", f[4], r->f->name);
			return -1;
		}
	}
	r->sec = xreallocarray(r->sec, r->nsec + 1, sizeof(*r->sec));
	s = &r->sec[r->nsec++];
	s->key = xstrdup(f[1]);
	s->title = xstrdup(f[2]);
	s->draft = xstrdup(f[4]);
	s->kind = kind;
	return 0;
}

int
report_load(struct reports *rs, const struct an_formats *fs,
    const char *conf_dir, const char **why)
{
	static char msg[256];
	struct loading l;
	size_t i;

	memset(rs, 0, sizeof(*rs));
	l.rs = rs;
	l.fs = fs;
	if (store_load(conf_dir, "report-figures.csv", fig_header, 5, on_figure,
	    &l, bad, why) ||
	    store_load(conf_dir, "report-texts.csv", txt_header, 4, on_text, &l,
	    bad, why) ||
	    store_load(conf_dir, "report-sections.csv", sec_header, 5,
	    on_section, &l, bad, why)) {
		report_free(rs);
		return -1;
	}
	/* Every format has its report. */
	for (i = 0; i < fs->n; i++)
		if (report_for(rs, &fs->f[i]) == NULL ||
		    report_for(rs, &fs->f[i])->nsec == 0) {
			(void)snprintf(msg, sizeof(msg), "%s/report-sections.csv: no "
			    "sections for format %s", conf_dir, fs->f[i].name);
			*why = msg;
			report_free(rs);
			return -1;
		}
	return 0;
}

void
report_free(struct reports *rs)
{
	size_t i, j, k;

	for (i = 0; i < rs->n; i++) {
		struct report_format *r = &rs->r[i];

		for (j = 0; j < r->nsec; j++) {
			free(r->sec[j].key);
			free(r->sec[j].title);
			free(r->sec[j].draft);
		}
		free(r->sec);
		for (j = 0; j < r->nfig; j++) {
			for (k = 0; k < r->fig[j].nwords; k++)
				free(r->fig[j].words[k]);
			free(r->fig[j].words);
			free(r->fig[j].cell);
			free(r->fig[j].name);
			free(r->fig[j].label);
		}
		free(r->fig);
		for (j = 0; j < r->ntxt; j++)
			text_free(&r->txt[j]);
		free(r->txt);
	}
	free(rs->r);
	memset(rs, 0, sizeof(*rs));
}

const struct report_format *
report_for(const struct reports *rs, const struct an_format *f)
{
	size_t i;

	for (i = 0; f != NULL && i < rs->n; i++)
		if (rs->r[i].f == f)
			return &rs->r[i];
	return NULL;
}

long long
report_figure(const struct report_figure *g, const struct an_table *t)
{
	long long sum = 0, v;
	size_t i;

	for (i = 0; i < g->ncell; i++) {
		v = t->v[g->cell[i].row][g->cell[i].col];
		if (v != AN_NONE)
			sum += v;
	}
	return sum;
}

static long long
sum_of(const struct report_format *r, const struct an_table *t, const int *k,
    size_t n)
{
	long long s = 0;
	size_t i;

	for (i = 0; i < n; i++)
		s += report_figure(&r->fig[k[i]], t);
	return s;
}

static int
holds(const struct report_format *r, const struct report_text *x,
    const struct an_table *t)
{
	const struct report_cond *c;
	long long a, b;
	size_t i;

	for (i = 0; i < x->ncond; i++) {
		c = &x->cond[i];
		a = sum_of(r, t, c->lhs, c->nlhs);
		b = sum_of(r, t, c->rhs, c->nrhs);
		if (c->op == '=' ? a != b : a <= b)
			return 0;
	}
	return 1;
}

static void
fill(struct buf *b, const struct report_format *r, const char *s,
    const struct an_table *t, const struct site *site, const char *body)
{
	const char **v = xcalloc(7 + SITE_CONTACT_VARS + 2 * r->nfig,
	    sizeof(*v));
	struct buf *fig = xcalloc(r->nfig + 1, sizeof(*fig));
	struct buf web;
	char year[16];
	size_t i, n = 0;

	(void)snprintf(year, sizeof(year), "%d", t->year);
	buf_init(&web);
	if (V(site->base_url)[0] != '\0')
		buf_printf(&web, "本机关网站（%s）", V(site->base_url));
	else
		buf_adds(&web, "本机关网站");
	v[n++] = "body";
	v[n++] = body;
	v[n++] = "year";
	v[n++] = year;
	v[n++] = "website";
	v[n++] = web.s;
	site_contact_vars(site, v + n);
	n += SITE_CONTACT_VARS;
	for (i = 0; i < r->nfig; i++) {
		buf_init(&fig[i]);
		an_format_value(&fig[i], report_figure(&r->fig[i], t), 2);
		v[n++] = r->fig[i].name;
		v[n++] = fig[i].s;
	}
	v[n] = NULL;
	fill_vars(b, s, v);
	for (i = 0; i < r->nfig; i++)
		buf_free(&fig[i]);
	free(fig);
	free(v);
	buf_free(&web);
}

void
report_draft(struct buf *b, const struct report_format *r,
    const struct report_section *sec, const struct an_table *t,
    const struct site *site, const char *body)
{
	size_t i;

	if (sec->draft[0] == '\0')
		return;
	for (i = 0; i < r->ntxt; i++)
		if (strcmp(r->txt[i].key, sec->draft) == 0 &&
		    holds(r, &r->txt[i], t))
			fill(b, r, r->txt[i].text, t, site, body);
}

/* The length of a clause delimiter at p, or 0. */
static size_t
delim(const char *p)
{
	static const char *const d[] = { "，", "。", "；", "、", "：", "！",
	    "？", "\n", ",", ";", ":", "!", "?", NULL };
	size_t i, n;

	for (i = 0; d[i] != NULL; i++)
		if (strncmp(p, d[i], n = strlen(d[i])) == 0)
			return n;
	return 0;
}

/* A digit at p (ASCII or full width): its value, its length in *len. */
static int
digit(const char *p, size_t *len)
{
	const unsigned char *u = (const unsigned char *)p;

	if (u[0] >= '0' && u[0] <= '9') {
		*len = 1;
		return u[0] - '0';
	}
	if (u[0] == 0xef && u[1] == 0xbc && u[2] >= 0x90 && u[2] <= 0x99) {
		*len = 3;
		return u[2] - 0x90;
	}
	return -1;
}

/* A Chinese numeral at p (〇 … 九, 两, 十 百 千 万): its digit (0-9),
   or for a unit 10, 100, 1000, 10000 as -10 … -10000; its length in *len;
   -1 when none. */
static long long
cn_numeral(const char *p, size_t *len)
{
	static const char *const d[] = { "〇", "零", "一", "二", "两", "三",
	    "四", "五", "六", "七", "八", "九", "十", "百", "千", "万" };
	static const long long v[] = { 0, 0, 1, 2, 2, 3, 4, 5, 6, 7, 8, 9,
	    -10, -100, -1000, -10000 };
	size_t i;

	for (i = 0; i < sizeof(d) / sizeof(d[0]); i++)
		if (strncmp(p, d[i], 3) == 0) {
			*len = 3;
			return v[i];
		}
	return -1;
}

/*
 * A number written in Chinese numerals from *pp on (两件, 十二件, 一百零五
 * 件, 一万二千件), *pp moved past the run of numerals: its value, or -1
 * (none, or not a number, as 十十).
 */
static long long
cn_number(const char **pp)
{
	const char *p = *pp, *end;
	long long n, total = 0, section = 0, digit = -1, unit = 0;
	size_t len;
	int any = 0;

	/* The whole run of numerals is passed, a number or not. */
	for (end = p; cn_numeral(end, &len) != -1; end += len)
		;
	*pp = end;
	while (p < end && (n = cn_numeral(p, &len)) != -1) {
		p += len;
		any = 1;
		if (n >= 0) {
			if (digit > 0)
				return -1;	/* 一二: not a number */
			digit = n;
		} else if (n == -10000) {
			if (total > 0)
				return -1;	/* 万万 */
			total = (section + (digit > 0 ? digit : 0)) * 10000;
			section = 0;
			digit = -1;
			unit = 0;
		} else {
			/* Units fall: 千, 百, 十 (十十, 百千: not a number).
			   十 alone is ten, 十二 twelve. */
			if (unit != 0 && -n >= unit)
				return -1;
			unit = -n;
			section += (digit > 0 ? digit : 1) * -n;
			digit = -1;
		}
		if (total > 1000000000)
			return -1;
	}
	return any ? total + section + (digit > 0 ? digit : 0) : -1;
}

size_t
report_check(const struct report_format *r, const struct an_table *t,
    const char *text, struct buf *out)
{
	const char *p, *q, *start, *end, *clause = text;
	size_t len, n = 0, i, w;
	long long num, have;
	int d, overflow, chinese;
	char *c;

	for (p = text; *p != '\0'; ) {
		if ((len = delim(p)) != 0) {
			p += len;
			clause = p;
			continue;
		}
		start = p;
		chinese = 0;
		if (digit(p, &len) != -1) {
			/* A number: its digits, then spaces, then 件. */
			num = 0;
			overflow = 0;
			while ((d = digit(p, &len)) != -1) {
				if (num > 100000000)
					overflow = 1;
				else
					num = num * 10 + d;
				p += len;
			}
			if (overflow)
				continue;
		} else if (cn_numeral(p, &len) != -1) {
			/* In Chinese numerals; not 第一件, 每一件, 同一件, 逐一件. */
			num = cn_number(&p);
			if (p == start)
				p += len;
			if (num < 0 || (start - text >= 3 &&
			    (strncmp(start - 3, "第", 3) == 0 ||
			    strncmp(start - 3, "每", 3) == 0 ||
			    strncmp(start - 3, "同", 3) == 0 ||
			    strncmp(start - 3, "逐", 3) == 0)))
				continue;
			chinese = 1;
		} else {
			p++;
			continue;
		}
		for (q = p; *q == ' ' || strncmp(q, "　", 3) == 0; q += *q == ' ' ? 1 : 3)
			;
		if (strncmp(q, "件", 3) != 0)
			continue;
		for (end = q; *end != '\0' && delim(end) == 0; end++)
			;
		c = xmalloc((size_t)(end - clause) + 1);
		memcpy(c, clause, (size_t)(end - clause));
		c[end - clause] = '\0';
		for (i = 0; i < r->nfig; i++) {
			for (w = 0; w < r->fig[i].nwords; w++)
				if (strstr(c, r->fig[i].words[w]) != NULL)
					break;
			if (w < r->fig[i].nwords)
				break;
		}
		if (i < r->nfig && (have = report_figure(&r->fig[i], t)) != num * 100) {
			if (chinese)
				buf_printf(out, "「%s」：文中为%.*s件（%lld件），统计表“%s”为",
				    c, (int)(p - start), start, num, r->fig[i].label);
			else
				buf_printf(out, "「%s」：文中为%lld件，统计表“%s”为", c,
				    num, r->fig[i].label);
			an_format_value(out, have, 2);
			buf_adds(out, "件\n");
			n++;
		}
		free(c);
	}
	return n;
}

size_t
report_check_year(const struct report_format *r, const struct an_table *t,
    const struct an_year *y, struct buf *out)
{
	const char *v;
	size_t i, n = 0;

	for (i = 0; i < r->nsec; i++)
		if (r->sec[i].kind != RK_ANNEX &&
		    (v = an_year_get(y, "text", r->sec[i].key)) != NULL)
			n += report_check(r, t, v, out);
	return n;
}

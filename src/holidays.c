/* holidays: a year's official notice imported.  See include/ogi/holidays.h. */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ogi/form.h"
#include "ogi/holidays.h"
#include "ogi/site.h"

#define MAX_ERRORS	20
#define MAX_NAME	30	/* characters */

static const char *const weekdays[8] = { "", "星期一", "星期二", "星期三",
    "星期四", "星期五", "星期六", "星期日" };
static const char *const hol_header[] = { "date", "kind", "name" };

/* Cut a line's next comma-separated field: spaces and quotes trimmed. */
static char *
next_field(char **p)
{
	char *s = *p, *e, *end;

	if (s == NULL)
		return NULL;
	if ((e = strchr(s, ',')) != NULL) {
		*e = '\0';
		*p = e + 1;
	} else
		*p = NULL;
	while (*s == ' ' || *s == '\t')
		s++;
	end = s + strlen(s);
	while (end > s && (end[-1] == ' ' || end[-1] == '\t'))
		*--end = '\0';
	if (end - s >= 2 && s[0] == '"' && end[-1] == '"') {
		end[-1] = '\0';
		s++;
	}
	return s;
}

static int
kind_of(const char *k)
{
	if (strcmp(k, "holiday") == 0 || strcmp(k, "放假") == 0)
		return 0;
	if (strcmp(k, "workday") == 0 || strcmp(k, "上班") == 0 ||
	    strcmp(k, "调休上班") == 0)
		return 1;
	return -1;
}

static int
problem(struct buf *err, int *nerr, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int
problem(struct buf *err, int *nerr, const char *fmt, ...)
{
	va_list ap;

	if (++*nerr > MAX_ERRORS)
		return -1;
	va_start(ap, fmt);
	buf_vprintf(err, fmt, ap);
	va_end(ap);
	buf_addc(err, '\n');
	return -1;
}

int
hol_parse(struct hol_import *h, const struct cal *c, const char *text,
    size_t len, struct buf *err)
{
	char *copy, *line, *next, *p, *date, *kind, *name;
	int lineno = 0, nerr = 0, k, y, m, d, holidays = 0;
	int *lines = NULL;
	size_t i;
	cal_day day;

	memset(h, 0, sizeof(*h));
	if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) {
		text += 3;		/* a spreadsheet's byte order mark */
		len -= 3;
	}
	copy = xmalloc(len + 1);
	memcpy(copy, text, len);
	copy[len] = '\0';
	for (line = copy; line != NULL; line = next) {
		lineno++;
		if ((next = strchr(line, '\n')) != NULL)
			*next++ = '\0';
		line[strcspn(line, "\r")] = '\0';
		p = line;
		date = next_field(&p);
		kind = next_field(&p);
		name = next_field(&p);
		if (date[0] == '\0' && kind == NULL)
			continue;			/* a blank line */
		if (strcmp(date, "date") == 0 && kind != NULL &&
		    strcmp(kind, "kind") == 0)
			continue;			/* the header */
		if (kind == NULL || name == NULL || p != NULL) {
			problem(err, &nerr, "第%d行：应为“日期,类别,名称”三项，以英文逗号分隔", lineno);
			continue;
		}
		if (cal_parse(date, &day) != 0) {
			problem(err, &nerr, "第%d行：日期“%.20s”应为 YYYY-MM-DD 格式的有效日期",
			    lineno, date);
			continue;
		}
		if ((k = kind_of(kind)) < 0) {
			problem(err, &nerr, "第%d行：类别应为 holiday（放假）或 workday（调休上班）",
			    lineno);
			continue;
		}
		if (name[0] == '\0' || text_problem(name, 0) != NULL ||
		    utf8_len(name) > MAX_NAME) {
			problem(err, &nerr, "第%d行：名称应为不超过%d个字的节日名称",
			    lineno, MAX_NAME);
			continue;
		}
		cal_to_ymd(day, &y, &m, &d);
		if (h->n == 0)
			h->year = y;
		else if (y != h->year) {
			problem(err, &nerr, "第%d行：%s 不在 %d 年，一次只能导入一个年度",
			    lineno, date, h->year);
			continue;
		}
		for (i = 0; i < h->n && h->v[i].date != day; i++)
			;
		if (i < h->n) {
			problem(err, &nerr, "第%d行：%s 已在第%d行出现", lineno,
			    date, lines[i]);
			continue;
		}
		if (k == 1 && cal_weekday(day) < 6) {
			problem(err, &nerr, "第%d行：%s 是%s，调休上班日只能是星期六或星期日",
			    lineno, date, weekdays[cal_weekday(day)]);
			continue;
		}
		h->v = xreallocarray(h->v, h->n + 1, sizeof(*h->v));
		lines = xreallocarray(lines, h->n + 1, sizeof(*lines));
		h->v[h->n].date = day;
		h->v[h->n].workday = k;
		h->v[h->n].name = xstrdup(name);
		lines[h->n++] = lineno;
		holidays += k == 0;
	}
	free(copy);
	free(lines);
	if (nerr == 0 && h->n == 0)
		problem(err, &nerr, "没有任何日期：请逐行填写“日期,类别,名称”");
	else if (nerr == 0 && holidays == 0)
		problem(err, &nerr, "至少应有一个放假日（holiday）");
	if (h->n > 0 && h->year < c->first_year)
		problem(err, &nerr, "%d年早于日历的首年（%d年）", h->year,
		    c->first_year);
	else if (h->n > 0 && cal_year_status(c, h->year) == CAL_Y_OFFICIAL)
		problem(err, &nerr, "%d年已有正式放假安排，不能再次导入", h->year);
	if (nerr > MAX_ERRORS)
		buf_printf(err, "……另有%d处问题\n", nerr - MAX_ERRORS);
	if (nerr == 0)
		return 0;
	hol_free(h);
	return -1;
}

void
hol_free(struct hol_import *h)
{
	size_t i;

	for (i = 0; i < h->n; i++)
		free(h->v[i].name);
	free(h->v);
	memset(h, 0, sizeof(*h));
}

/* The rows imported before, as cells (date, kind, name), and ours. */
struct rows {
	char	**cell;
	size_t	 n;
};

static int
on_old(void *ctx, char *const *f, size_t n)
{
	struct rows *r = ctx;
	size_t i;

	(void)n;
	r->cell = xreallocarray(r->cell, (r->n + 1) * 3, sizeof(*r->cell));
	for (i = 0; i < 3; i++)
		r->cell[r->n * 3 + i] = xstrdup(f[i]);
	r->n++;
	return 0;
}

static int
by_date(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void
rows_free(struct rows *r)
{
	size_t i;

	for (i = 0; i < r->n * 3; i++)
		free(r->cell[i]);
	free(r->cell);
}

static int
all_rows(const struct cases *c, const struct hol_import *h, struct rows *r,
    const char **why)
{
	struct store st;
	char ds[CAL_DATE_LEN];
	size_t i;

	memset(r, 0, sizeof(*r));
	store_init(&st, c->cal_overlay, hol_header, 3, on_old, NULL, r);
	if (store_refresh(&st) != STORE_OK) {
		store_free(&st);
		rows_free(r);
		*why = "已导入的放假安排文件无法读取";
		return -1;
	}
	store_free(&st);
	for (i = 0; i < h->n; i++) {
		char *cell[3];

		cal_format(h->v[i].date, ds);
		cell[0] = ds;
		cell[1] = h->v[i].workday ? "workday" : "holiday";
		cell[2] = h->v[i].name;
		on_old(r, cell, 3);
	}
	qsort(r->cell, r->n, 3 * sizeof(*r->cell), by_date);
	return 0;
}

/* The calendar as it would be: written aside, loaded, removed. */
static int
preview(const struct cases *c, const struct hol_import *h, struct cal *nc,
    const char **why)
{
	struct rows r;
	struct buf path, out;
	size_t i;
	int fd, rc = -1;

	if (all_rows(c, h, &r, why) != 0)
		return -1;
	buf_init(&path);
	buf_init(&out);
	buf_printf(&path, "%s.preview.%ld", c->cal_overlay, (long)getpid());
	store_format_row(&out, hol_header, 3);
	for (i = 0; i < r.n; i++)
		store_format_row(&out, (const char *const *)r.cell + i * 3, 3);
	fd = open(path.s, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd == -1 || write(fd, out.s, out.len) != (ssize_t)out.len) {
		*why = "记录目录无法写入";
		goto out;
	}
	rc = cal_load_with(nc, c->cal_path, path.s, why);
out:
	if (fd != -1) {
		close(fd);
		(void)unlink(path.s);	/* a copy: losing it loses nothing */
	}
	buf_free(&path);
	buf_free(&out);
	rows_free(&r);
	return rc;
}

static void
add_change(struct hol_change **out, size_t *n, size_t app, const char *what,
    cal_day old, int old_prov, cal_day new, int new_prov, int concluded)
{
	struct hol_change *ch;

	*out = xreallocarray(*out, *n + 1, sizeof(**out));
	ch = &(*out)[(*n)++];
	ch->app = app;
	ch->what = what;
	cal_format(old, ch->old);
	cal_format(new, ch->new);
	ch->old_prov = old_prov;
	ch->new_prov = new_prov;
	ch->concluded = concluded;
}

int
hol_changes(struct cases *c, const struct hol_import *h, cal_day today,
    struct hol_change **out, size_t *n, const char **why)
{
	struct cases after;
	struct case_view a, b;
	size_t i;
	int done;

	*out = NULL;
	*n = 0;
	after = *c;
	if (preview(c, h, &after.cal, why) != 0)
		return -1;
	for (i = 0; i < c->apps.n; i++) {
		if (cases_received(c, i) < 0)
			continue;
		case_view(c, &c->apps.v[i], today, &a, NULL);
		case_view(&after, &c->apps.v[i], today, &b, NULL);
		done = a.state == CS_ANSWERED || a.state == CS_CLOSED;
		if (a.due_status == DUE_OK && b.due_status == DUE_OK) {
			if (a.due != b.due)
				add_change(out, n, i, "答复期限", a.due,
				    a.due_prov, b.due, b.due_prov, done);
			if (a.extended && a.due_orig != b.due_orig)
				add_change(out, n, i, "原答复期限", a.due_orig,
				    a.due_prov, b.due_orig, b.due_prov, done);
		}
		if (a.supp_deadline >= 0 && a.supp_deadline != b.supp_deadline)
			add_change(out, n, i, "申请人补正期限", a.supp_deadline,
			    a.supp_deadline_prov, b.supp_deadline,
			    b.supp_deadline_prov, done);
		if (!done && !a.supp_asked && a.supp_notice_by >= 0 &&
		    a.supp_notice_by != b.supp_notice_by)
			add_change(out, n, i, "补正告知期限", a.supp_notice_by,
			    a.supp_notice_prov, b.supp_notice_by,
			    b.supp_notice_prov, done);
	}
	cal_free(&after.cal);
	return 0;
}

int
hol_apply(struct cases *c, const struct hol_import *h, const char **why)
{
	struct rows r;
	struct cal check;
	enum store_err e;

	/* Loads as it would load, or is not written. */
	if (preview(c, h, &check, why) != 0)
		return -1;
	cal_free(&check);
	if (all_rows(c, h, &r, why) != 0)
		return -1;
	e = store_replace(c->cal_overlay, hol_header, 3,
	    (const char *const *)r.cell, r.n);
	rows_free(&r);
	if (e != STORE_OK) {
		*why = e == STORE_ENOSPC ? "磁盘已满，放假安排未导入" :
		    "记录目录无法写入，放假安排未导入";
		return -1;
	}
	return cases_reload_calendar(c, why);
}

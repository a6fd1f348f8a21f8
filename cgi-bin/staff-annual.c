/*
 * /staff/annual/: the annual statistics tables, a year and agency a row;
 * /staff/annual/YEAR: one table — its checks, a preview, one labelled
 * input per entered cell with last year's value beside it — saved or
 * published (a published year changes only by an admin, audited).  Only
 * the tables of the account's agencies are listed; another agency's is
 * refused (403), to look at, save or publish.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ogi/annual.h"
#include "ogi/html.h"
#include "ogi/report.h"

#include "staff.h"

void
page_annuals(struct req *q, const char *rest)
{
	struct buf *b = &q->resp->body;
	struct an_year y;
	const char *state;
	size_t i, shown = 0;
	int year, m, d, yy;

	(void)rest;
	cal_to_ymd(q->today, &year, &m, &d);
	desk_begin(q, "年度报告统计表", "annual");
	html_lit(b, "<h1>年度报告统计表</h1>\n<p class=\"lead\">申请相关的数据由记录计算，其余数据在表单中填写。"
	    "核对无误后发布，公众即可在网站查看和下载。</p>\n<table class=\"queue\">\n<thead><tr>"
	    "<th scope=\"col\">年度</th><th scope=\"col\">机关</th><th scope=\"col\">格式</th>"
	    "<th scope=\"col\">状态</th></tr></thead>\n<tbody>\n");
	for (i = 0; i < q->c->b.agencies.n; i++) {
		const struct an_agency *a = &q->c->b.agencies.a[i];

		if (!desk_reaches(q, a->code))
			continue;
		shown++;
		for (yy = year; yy >= year - 10 && yy >= q->c->b.cases.cal.first_year; yy--) {
			const struct an_format *f = an_format_for(&q->c->b.formats, yy);

			if (f == NULL)
				continue;
			state = an_year_load(&y, q->c->b.site.data_dir, a->code,
			    yy) != 0 ? "无法读取" : an_year_published(&y) ? "已发布" :
			    y.n > 0 ? "填写中" : "未填写";
			html_printf(b, "<tr><td><a href=\"/staff/annual/%d?agency=", yy);
			html_urlarg(b, a->code);
			html_printf(b, "\">%d年度</a></td><td>%s</td><td>%s</td><td>%s</td></tr>\n",
			    yy, a->name, f->name, state);
			an_year_free(&y);
		}
	}
	html_lit(b, "</tbody></table>\n");
	if (shown == 0)
		html_lit(b, "<p class=\"empty\">您的账户所属机关没有可以填报的统计表。</p>\n");
	html_end(b, &q->c->b.site);
}

/*
 * The live table: computed cells and every scope agency's entered cells,
 * this agency's as being edited (own) in its own year.  0, or -1 after an
 * error page naming the file: a department's year that cannot be read
 * stops the roll-up (it is never summed as empty, nor published so).
 */
int
annual_compute(struct req *q, struct annual_ctx *a, struct an_table *t, int year,
    struct an_year *own)
{
	const struct an_format *f = an_format_for(&q->c->b.formats, year);
	struct buf err, msg;

	if (f == NULL)
		f = a->f;
	buf_init(&err);
	if (an_compute_scope(t, f, &q->c->b.cases, q->c->b.site.data_dir,
	    a->scope, a->nscope, year == a->year ? own : NULL, year,
	    &err) == 0) {
		buf_free(&err);
		return 0;
	}
	fprintf(stderr, "ogi-staff: annual table: %s\n", err.s);
	buf_init(&msg);
	buf_printf(&msg, "无法读取%d年度的填写记录，统计表没有计算，也不能发布：%s", year,
	    err.s);
	desk_error(q, 503, msg.s);
	buf_free(&msg);
	buf_free(&err);
	return -1;
}

/*
 * For a published year: the cells whose figures the records have changed
 * since (a late-registered case, an answer recorded afterwards).  The
 * public keeps the published figures; an admin's change would publish the
 * new ones, so it is said before.
 */
void
annual_changed(struct req *q, struct annual_ctx *a, const struct an_table *now)
{
	struct buf *b = &q->resp->body, lines;
	struct an_table was;
	size_t n;

	if (!an_year_published(&a->y) ||
	    an_from_snapshot(&was, now->f, &a->y, a->year) != 0)
		return;
	buf_init(&lines);
	if ((n = an_diff(&was, now, &lines)) > 0) {
		html_printf(b, "<section class=\"checks\" id=\"changed\">\n<h2>发布后的变化</h2>\n"
		    "<p class=\"field-error\">发布以来，记录的变化使统计表有 %zu 处数字与已发布的不同。"
		    "公开的报告仍是发布时的数字；管理员修改并保存后，将按现在的数字重新发布。</p>\n"
		    "<ul class=\"bad\">\n", n);
		desk_lines(b, lines.s);
		html_lit(b, "</ul>\n</section>\n");
	}
	buf_free(&lines);
	an_table_free(&was);
}

static const char *
field_name(struct buf *tmp, const struct an_row *r, const struct an_col *col)
{
	buf_reset(tmp);
	buf_printf(tmp, "v:%s:%s", r->code, col->code);
	return tmp->s;
}

static void
annual_form(struct req *q, struct annual_ctx *a, const char **errs, size_t nerr,
    const char *notice)
{
	struct buf *b = &q->resp->body, name, chk;
	struct an_table t, next;
	const struct an_format *f = a->f;
	size_t i, j, k = 0, nbad;
	int m, d, year, have_next;

	if (annual_compute(q, a, &t, a->year, &a->y) != 0)
		return;
	cal_to_ymd(q->today, &year, &m, &d);
	have_next = a->year < year && an_format_for(&q->c->b.formats, a->year + 1) == f;
	if (have_next && annual_compute(q, a, &next, a->year + 1, &a->y) != 0) {
		an_table_free(&t);
		return;
	}
	buf_init(&name);
	buf_init(&chk);
	buf_reset(b);
	nbad = an_checks(&t, have_next ? &next : NULL, &chk);

	desk_begin(q, "年度报告统计表", "annual");
	html_printf(b, "<h1>%d年度统计表 <span class=\"state\">%s</span></h1>\n", a->year,
	    an_year_published(&a->y) ? "已发布" : "未发布");
	html_printf(b, "<p>%s%s · 格式：%s</p>\n", a->ag->name,
	    a->rollup ? "（含所属部门汇总）" : "", f->title);
	if (notice != NULL)
		html_printf(b, "<div class=\"notice\" role=\"status\"><p>%s</p></div>\n",
		    notice);
	if (nerr > 0)
		html_printf(b, "<div class=\"error-summary\" role=\"alert\"><h2>未保存：有 %zu 处需要修改</h2></div>\n", nerr);
	html_lit(b, "<section class=\"checks\">\n<h2>核对</h2>\n");
	if (nbad == 0)
		html_lit(b, "<p class=\"ok\">各项勾稽关系均已核对一致。</p>\n");
	else {
		html_printf(b, "<p class=\"field-error\">%zu 处不一致（系统不会自动更正，请核对填写的数据）：</p>\n<ul class=\"bad\">\n", nbad);
		desk_lines(b, chk.s);
		html_lit(b, "</ul>\n");
	}
	if (!have_next && f->grid)
		html_lit(b, "<p class=\"hint\">下一年度尚未结束，“结转下年度”与下一年度“上年结转”的核对在下一年度进行。</p>\n");
	html_lit(b, "</section>\n");
	annual_changed(q, a, &t);
	html_printf(b, "<p><a href=\"/staff/annual/%d/report?agency=", a->year);
	html_urlarg(b, a->ag->code);
	html_lit(b, "\">年度报告全文（文字部分）</a>：与统计表一同发布。</p>\n");
	desk_fee_year(b, q, a->scope, a->nscope, a->year);
	html_lit(b, "<h2>预览</h2>\n");
	an_html(b, &t, &a->y, a->ag->name);

	html_printf(b, "<h2>填写</h2>\n<form method=\"post\" action=\"/staff/annual/%d?agency=", a->year);
	html_urlarg(b, a->ag->code);
	html_lit(b, "\" class=\"annual-form\">\n");
	desk_csrf_field(b, q);
	html_lit(b, "<fieldset class=\"group\"><legend>填报信息</legend>\n");
	for (i = 0; i + 1 < AN_META_KEYS; i++) {
		const char *v = errs != NULL ? desk_posted(q, an_meta_keys[i]) :
		    an_year_get(&a->y, "meta", an_meta_keys[i]);

		html_printf(b, "<div class=\"field\"><label for=\"m-%s\">%s</label>"
		    "<input type=\"text\" id=\"m-%s\" name=\"%s\" maxlength=\"100\" "
		    "value=\"%s\"></div>\n", an_meta_keys[i], an_meta_labels[i],
		    an_meta_keys[i], an_meta_keys[i], v != NULL ? v : "");
	}
	html_lit(b, "</fieldset>\n<table class=\"queue entered\">\n<thead><tr><th scope=\"col\">统计指标</th>"
	    "<th scope=\"col\">单位</th><th scope=\"col\">本年</th><th scope=\"col\">上年</th></tr></thead>\n<tbody>\n");
	for (i = 0; i < f->nrow; i++) {
		const struct an_row *r = &f->row[i];

		if (strcmp(r->source, "entered") != 0)
			continue;
		for (j = 0; j < r->cs->ncol; j++, k++) {
			const struct an_col *col = &r->cs->col[j];
			const char *v, *last, *e = errs != NULL ? errs[k] : NULL;

			if (col->sum[0] != '\0')
				continue;
			field_name(&name, r, col);
			v = errs != NULL ? desk_posted(q, name.s) : an_year_get(&a->y, r->code, col->code);
			last = an_year_get(&a->last, r->code, col->code);
			/* The name comes from the format's codes: escaped too. */
			if (e != NULL)
				html_lit(b, "<tr class=\"has-error\">");
			else
				html_lit(b, "<tr>");
			html_printf(b, "<th scope=\"row\"><label for=\"%s\">%s", name.s,
			    r->label);
			if (r->cs->ncol > 1)
				html_printf(b, " — %s", col->label);
			html_lit(b, "</label>");
			if (e != NULL)
				html_printf(b, "<p class=\"field-error\" id=\"e-%s\">%s</p>",
				    name.s, e);
			html_printf(b, "</th><td>%s</td><td><input type=\"text\" "
			    "inputmode=\"decimal\" id=\"%s\" name=\"%s\" maxlength=\"16\" "
			    "value=\"%s\"", r->unit, name.s, name.s, v != NULL ? v : "");
			if (e != NULL)
				html_printf(b, " aria-invalid=\"true\" aria-describedby=\"e-%s\"",
				    name.s);
			html_printf(b, "></td><td class=\"num\">%s</td></tr>\n",
			    last != NULL ? last : "—");
		}
	}
	html_lit(b, "</tbody></table>\n<p><button type=\"submit\" name=\"step\" value=\"save\" class=\"primary\">保存（草稿）</button>");
	html_lit(b, " <button type=\"submit\" name=\"step\" value=\"review\">发布…</button></p>\n"
	    "<p class=\"hint\">保存：填写正确的数据即保存，未填的可以以后再填，有误的标出并保留您填写的内容。"
	    "发布前会先显示核对结果，请您确认。</p>\n");
	if (an_year_published(&a->y))
		html_lit(b, "<p class=\"hint\">本年度已发布：修改需要管理员，并记入审计记录。</p>\n");
	html_lit(b, "</form>\n");
	html_end(b, &q->c->b.site);
	an_table_free(&t);
	if (have_next)
		an_table_free(&next);
	buf_free(&name);
	buf_free(&chk);
}

/* A save or publication, made under the year file's lock. */
struct annual_post {
	struct req		*q;
	struct annual_ctx	*a;
	int			 publish, was_published;
	int			 held;	/* the report's text disagrees: not published */
	const char		**errs;	/* a draft's cells not to save, or NULL */
};

/*
 * Under the lock, on the year as it is on disk now: a published year
 * changes only by an admin (checked here, not on the copy read before:
 * a publication by another process in between would be undone); the
 * posted cells and particulars; a publication, or an admin's change of a
 * published year, freezes the table again.  0, or 1 after an error page.
 */
static int
post_locked(void *ctx, struct an_year *y)
{
	struct annual_post *p = ctx;
	struct req *q = p->q;
	const struct an_format *f = p->a->f;
	const struct report_format *rep = report_for(&q->c->b.reports, f);
	struct an_table t;
	struct buf name, warn;
	size_t i, j, k;

	p->was_published = an_year_published(y);
	if (p->was_published && q->s.who->role != ROLE_ADMIN) {
		desk_error(q, 403, "本年度统计表已发布，修改需要管理员。");
		return 1;
	}
	buf_init(&name);
	for (i = 0, k = 0; i < f->nrow; i++) {
		const struct an_row *r = &f->row[i];

		if (strcmp(r->source, "entered") != 0)
			continue;
		/* A draft keeps what is right; a wrong cell keeps its value
		   on file until it is corrected. */
		for (j = 0; j < r->cs->ncol; j++, k++)
			if (r->cs->col[j].sum[0] == '\0' &&
			    (p->errs == NULL || p->errs[k] == NULL))
				an_year_set(y, r->code, r->cs->col[j].code,
				    desk_posted(q, field_name(&name, r, &r->cs->col[j])));
	}
	buf_free(&name);
	for (i = 0; i + 1 < AN_META_KEYS; i++)
		an_year_set(y, "meta", an_meta_keys[i], desk_posted(q, an_meta_keys[i]));
	/* An admin's change re-publishes.  A first publication whose report
	   text disagrees with the table is held: the cells are saved, the
	   report page lists the disagreements (never corrected). */
	if (p->publish || p->was_published) {
		if (annual_compute(q, p->a, &t, p->a->year, y) != 0)
			return 1;
		if (rep != NULL) {
			buf_init(&warn);
			p->held = report_check_year(rep, &t, y, &warn) > 0;
			buf_free(&warn);
		}
		if (!p->held || p->was_published)
			an_snapshot(y, &t, q->today);
		an_table_free(&t);
	}
	return 0;
}

/*
 * 发布…: the confirmation page.  The table as it would be published, its
 * checks (a failing one is shown, never corrected), what publication
 * freezes; the values typed ride along as hidden fields, so that 确认发布
 * publishes exactly what was reviewed and 返回修改 loses nothing.
 */
static void
review_page(struct req *q, struct annual_ctx *a)
{
	struct buf *b = &q->resp->body, chk, name;
	struct an_year y;
	struct an_table t;
	const struct an_format *f = a->f;
	size_t i, j, nbad;

	if (an_year_load(&y, q->c->b.site.data_dir, a->ag->code, a->year) != 0) {
		desk_error(q, 503, "无法读取该年度的填写记录。");
		return;
	}
	buf_init(&name);
	for (i = 0; i < f->nrow; i++) {
		const struct an_row *r = &f->row[i];

		if (strcmp(r->source, "entered") != 0)
			continue;
		for (j = 0; j < r->cs->ncol; j++)
			if (r->cs->col[j].sum[0] == '\0')
				an_year_set(&y, r->code, r->cs->col[j].code,
				    desk_posted(q, field_name(&name, r, &r->cs->col[j])));
	}
	if (annual_compute(q, a, &t, a->year, &y) != 0) {
		an_year_free(&y);
		buf_free(&name);
		return;
	}
	buf_init(&chk);
	nbad = an_checks(&t, NULL, &chk);
	buf_reset(b);
	desk_begin(q, "确认发布年度统计表", "annual");
	html_printf(b, "<h1>确认发布%d年度统计表</h1>\n<p>%s · 格式：%s</p>\n", a->year,
	    a->ag->name, f->title);
	html_lit(b, "<div class=\"notice\" role=\"status\"><p><strong>发布后：</strong>统计表冻结为发布时的数据，"
	    "公众即可在网站查看、打印和下载；此后记录的变化不再改变已发布的表；"
	    "修改需要管理员，并记入审计记录。</p></div>\n");
	html_lit(b, "<section class=\"checks\">\n<h2>核对</h2>\n");
	if (nbad == 0)
		html_lit(b, "<p class=\"ok\">各项勾稽关系均已核对一致。</p>\n");
	else {
		html_printf(b, "<p class=\"field-error\">%zu 处不一致（系统不会自动更正）。"
		    "确认无误后仍可发布，或返回修改：</p>\n<ul class=\"bad\">\n", nbad);
		desk_lines(b, chk.s);
		html_lit(b, "</ul>\n");
	}
	html_lit(b, "</section>\n<h2>将要发布的统计表</h2>\n");
	an_html(b, &t, &y, a->ag->name);
	html_printf(b, "<form method=\"post\" action=\"/staff/annual/%d?agency=", a->year);
	html_urlarg(b, a->ag->code);
	html_lit(b, "\" class=\"annual-form\">\n");
	desk_csrf_field(b, q);
	for (i = 0; i < q->post.n; i++) {
		if (strcmp(q->post.p[i].key, "step") == 0 ||
		    strcmp(q->post.p[i].key, "csrf") == 0)
			continue;
		html_printf(b, "<input type=\"hidden\" name=\"%s\" value=\"%s\">\n",
		    q->post.p[i].key, q->post.p[i].val);
	}
	html_lit(b, "<p><button type=\"submit\" name=\"step\" value=\"publish\" class=\"primary\">确认发布</button> "
	    "<button type=\"submit\" name=\"step\" value=\"save\">不发布，保存并返回修改</button></p>\n</form>\n");
	html_end(b, &q->c->b.site);
	an_table_free(&t);
	an_year_free(&y);
	buf_free(&chk);
	buf_free(&name);
}

void
page_annual(struct req *q, const char *rest)
{
	struct annual_ctx a;
	struct buf name;
	char detail[128];
	const char **errs = NULL;
	const char *step;
	size_t i, j, k, nerr = 0, ncell = 0;
	char *end;
	long year;
	int was_published, report, pdf, drafting;
	long long v;
	struct annual_post post;

	memset(&a, 0, sizeof(a));
	year = strtol(rest, &end, 10);
	report = strcmp(end, "/report") == 0;
	pdf = strcmp(end, "/report.pdf") == 0;
	if (end == rest || (*end != '\0' && !report && !pdf) || end - rest != 4 ||
	    (a.f = an_format_for(&q->c->b.formats, (int)year)) == NULL) {
		desk_error(q, 404, "没有这一年度的统计表。");
		return;
	}
	a.year = (int)year;
	{
		struct form f;
		const char *code;

		memset(&f, 0, sizeof(f));
		(void)form_parse(&f, q->r->query, strlen(q->r->query));
		code = form_get(&f, "agency");
		/* Without one: the account's own agency's table. */
		if (code != NULL && *code)
			a.ag = an_agency(&q->c->b.agencies, code);
		else if ((a.ag = an_agency(&q->c->b.agencies, q->s.who->agency)) == NULL &&
		    (a.ag = an_agency(&q->c->b.agencies, q->c->b.site.agency)) == NULL)
			a.ag = &q->c->b.agencies.a[0];
		form_free(&f);
	}
	if (a.ag == NULL) {
		desk_error(q, 404, "没有这个机关。");
		return;
	}
	if (!desk_reaches(q, a.ag->code)) {
		struct buf msg;

		buf_init(&msg);
		buf_printf(&msg, "您的账户不能查看、填报或发布%s的年度统计表："
		    "只能处理本机关及所属部门的统计表。", a.ag->name);
		desk_error(q, 403, msg.s);
		buf_free(&msg);
		return;
	}
	a.rollup = an_has_children(&q->c->b.agencies, a.ag->code);
	a.nscope = an_scope(&q->c->b.agencies, a.ag->code, a.rollup, a.scope, 64);
	if (an_year_load(&a.y, q->c->b.site.data_dir, a.ag->code, a.year) != 0) {
		desk_error(q, 503, "无法读取该年度的填写记录。");
		return;
	}
	/* Last year's values are shown beside the inputs, for reference
	   only: a year that cannot be read shows as "—". */
	(void)an_year_load(&a.last, q->c->b.site.data_dir, a.ag->code, a.year - 1);
	if (report) {
		page_annual_report(q, &a);
		goto out;
	}
	if (pdf) {
		page_annual_report_pdf(q, &a);
		goto out;
	}
	if (q->r->method != CGI_POST) {
		annual_form(q, &a, NULL, 0, NULL);
		goto out;
	}
	/* A quick answer for the copy read above; the check that counts is
	   made again under the lock (post_locked). */
	if (an_year_published(&a.y) && q->s.who->role != ROLE_ADMIN) {
		desk_error(q, 403, "本年度统计表已发布，修改需要管理员。");
		goto out;
	}
	step = desk_posted(q, "step");
	drafting = strcmp(step, "save") == 0;
	buf_init(&name);
	for (i = 0; i < a.f->nrow; i++)
		if (strcmp(a.f->row[i].source, "entered") == 0)
			ncell += a.f->row[i].cs->ncol;
	errs = xcalloc(ncell + 1, sizeof(char *));
	for (i = 0, k = 0; i < a.f->nrow; i++) {
		const struct an_row *r = &a.f->row[i];

		if (strcmp(r->source, "entered") != 0)
			continue;
		for (j = 0; j < r->cs->ncol; j++, k++) {
			const char *val;

			if (r->cs->col[j].sum[0] != '\0')
				continue;
			val = desk_posted(q, field_name(&name, r, &r->cs->col[j]));
			/* The row's decimals, from the format file.  A draft
			   may leave a cell empty, to be filled in later. */
			if (val[0] == '\0' && drafting)
				continue;
			if (val[0] == '\0' || an_parse_value(val, r->decimals, &v) != 0) {
				errs[k] = r->decimals == 1 ? "请填写不小于0的数，最多一位小数。" :
				    r->decimals > 1 ?
				    "请填写不小于0的数，最多两位小数。" : "请填写不小于0的整数。";
				nerr++;
			}
		}
	}
	buf_free(&name);
	for (i = 0; i + 1 < AN_META_KEYS; i++)
		if (utf8_len(desk_posted(q, an_meta_keys[i])) > 100)
			nerr++;
	if (nerr > 0 && !drafting) {
		annual_form(q, &a, errs, nerr, NULL);
		q->resp->status = 400;
		goto out;
	}
	if (strcmp(step, "review") == 0) {
		/* 发布…: what publication would show and freeze, to confirm. */
		review_page(q, &a);
		goto out;
	}
	memset(&post, 0, sizeof(post));
	post.q = q;
	post.a = &a;
	post.publish = strcmp(step, "publish") == 0;
	post.errs = nerr > 0 ? errs : NULL;
	switch (an_year_update(q->c->b.site.data_dir, a.ag->code, a.year,
	    post_locked, &post)) {
	case 0:
		break;
	case -1:
		desk_error(q, 503, "系统暂时无法保存，数据没有保存。");
		goto out;
	default:	/* refused: the page says why */
		goto out;
	}
	was_published = post.was_published;
	if (nerr > 0) {
		/* A draft with wrong cells: the rest is saved; those are
		   marked, with what was typed. */
		(void)snprintf(detail, sizeof(detail), "%s %d", a.ag->code, a.year);
		auth_audit(&q->c->auth, q->now, q->s.who->login, "annual_save", detail);
		an_year_free(&a.y);
		if (an_year_load(&a.y, q->c->b.site.data_dir, a.ag->code, a.year) != 0) {
			desk_error(q, 503, "无法读取该年度的填写记录。");
			goto out;
		}
		annual_form(q, &a, errs, nerr, "草稿已保存：填写正确的数据已经保存，标出的项目没有保存，请改正后再保存。");
		q->resp->status = 400;
		goto out;
	}
	(void)snprintf(detail, sizeof(detail), "%s %d", a.ag->code, a.year);
	auth_audit(&q->c->auth, q->now, q->s.who->login,
	    was_published ? "annual_change_after_publish" :
	    post.publish && !post.held ? "annual_publish" : "annual_save", detail);
	{
		struct buf to;

		buf_init(&to);
		/* Held, or changed with a text that disagrees: to the report's
		   page, which lists where. */
		if (post.held)
			buf_printf(&to, "/staff/annual/%d/report?agency=", a.year);
		else
			buf_printf(&to, "/staff/annual/%d?agency=", a.year);
		html_urlarg(&to, a.ag->code);
		desk_redirect(q, to.s);
		buf_free(&to);
	}
out:
	free(errs);
	an_year_free(&a.y);
	an_year_free(&a.last);
}

/*
 * The applicant's papers on /track: the files they sent (identity proof,
 * other papers, 补正) and every file released with the answer, each
 * fetched by POST /track/file with the tracking code in the body; and,
 * while a 补正 is asked, the form that sends it online (POST
 * /track/supplement: a text and files).  A supplement sent online is
 * received when staff confirm it (第三十一条: the day both sides confirm),
 * which restarts the answer's clock as a paper one does.  A code reaches
 * its own case's files only, and a wrong code, another case's file or a
 * file that is not the applicant's all get the same 404.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ogi/app.h"
#include "ogi/files.h"
#include "ogi/form.h"
#include "ogi/html.h"
#include "ogi/site.h"
#include "ogi/token.h"

#include "public.h"

#define SUPP_TEXT_MAX	2000	/* characters */

static const char *const supp_fields[] = { "supplement", NULL };

/* What the applicant may fetch: what they sent, and what was released —
   once the case is answered (a file staff attach while preparing the
   answer is not the applicant's before it). */
static int
for_applicant(const struct file_rec *f, enum case_state state)
{
	if (f->role == FR_RELEASE)
		return state == CS_ANSWERED;
	return f->role != FR_SCAN;
}

static void
hidden_code(struct buf *b, const char *code)
{
	html_lit(b, "<input type=\"hidden\" name=\"code\" value=\"");
	html_esc(b, code);
	html_lit(b, "\">");
}

void
pub_files(struct buf *b, struct pub *c, const struct app_rec *r,
    const struct case_view *v, const char *code)
{
	const struct files *fs = &c->b.files;
	const struct file_rec *f;
	char size[32];
	size_t at = 0;
	int any = 0;

	if (files_refresh(&c->b.files) != STORE_OK) {
		html_lit(b, "<p class=\"warn\">暂时无法读取本申请的文件，请稍后再查询。</p>\n");
		return;
	}
	while ((f = files_next(fs, r->id, &at)) != NULL) {
		if (!for_applicant(f, v->state))
			continue;
		if (!any)
			html_lit(b, "<h2 id=\"files\">文件</h2>\n<ul class=\"files\">\n");
		any = 1;
		files_size(f->bytes, size);
		html_printf(b, "<li><form method=\"post\" action=\"/track/file\" class=\"inline\">"
		    "<input type=\"hidden\" name=\"sha\" value=\"%s\">", f->sha);
		hidden_code(b, code);
		html_printf(b, "<button type=\"submit\" class=\"link\">%s</button> "
		    "<span class=\"meta\">%s · %s · %s</span></form></li>\n",
		    f->label, file_role_labels[f->role], ft_name(f->kind), size);
	}
	if (any)
		html_lit(b, "</ul>\n");
	if (v->state != CS_SUPPLEMENT)
		return;
	html_lit(b, "<h2 id=\"supplement\">在线补正</h2>\n"
	    "<form method=\"post\" action=\"/track/supplement\" enctype=\"multipart/form-data\" "
	    "class=\"apply\" novalidate>\n");
	hidden_code(b, code);
	html_printf(b, "\n<p>本机关要求您补正申请。可以在这里说明并上传补正材料（格式：%s；每个文件不超过%d MB，"
	    "一次最多%d个）。本机关确认收到之日为收到补正之日，答复期限自该日起重新计算。</p>\n"
	    "<div class=\"field\"><label for=\"f-supp-text\">补正说明</label>\n"
	    "<p class=\"hint\" id=\"h-supp-text\">例如更明确的信息名称、文号、时间范围；不超过%d字。</p>\n"
	    "<textarea id=\"f-supp-text\" name=\"text\" rows=\"5\" aria-describedby=\"h-supp-text\"></textarea></div>\n"
	    "<div class=\"field\"><label for=\"f-supp-files\">补正材料</label>\n"
	    "<input type=\"file\" id=\"f-supp-files\" name=\"supplement\" multiple "
	    "accept=\".pdf,.jpg,.jpeg,.png,.ofd,.docx,.xlsx\"></div>\n"
	    "<p><button type=\"submit\" class=\"primary\">提交补正</button></p>\n</form>\n",
	    ft_accepted(), c->b.site.max_file_bytes / (1024 * 1024), c->b.site.max_files,
	    SUPP_TEXT_MAX);
}

/* The case of a code, or NULL. */
static const struct app_rec *
case_of(struct pub *c, const char *code)
{
	char norm[TOKEN_CODE_CHARS + 1], hash[TOKEN_HASH_HEX + 1];

	if (code == NULL || token_code_parse(code, norm) != 0)
		return NULL;
	token_code_hash(norm, hash);
	return apps_by_code(&c->b.cases.apps, hash);
}

void
page_track_file(struct cgi_req *req, struct cgi_resp *resp, struct pub *c,
    const char *rest)
{
	const struct app_rec *r;
	const struct file_rec *f = NULL;
	struct case_view v;
	const char *sha;
	struct form fm;
	char *body;
	size_t len;

	(void)rest;
	resp->no_store = 1;
	if (cgi_read_body(req, 4096, &body, &len) != 0 ||
	    form_parse(&fm, body, len) != FORM_OK) {
		free(body);
		pub_error(resp, c, 400, "请求无法识别，请在“查询办理进度”页面输入查询码后下载文件。");
		return;
	}
	free(body);
	sha = form_get(&fm, "sha");
	if ((r = case_of(c, form_get(&fm, "code"))) != NULL && sha != NULL &&
	    files_refresh(&c->b.files) == STORE_OK) {
		f = files_find(&c->b.files, r->id, sha, -1);
		case_view(&c->b.cases, r, cases_today(&c->b.cases, site_now()),
		    &v, NULL);
	}
	if (f == NULL || !for_applicant(f, v.state)) {
		pub_error(resp, c, 404, "没有找到这个文件。请在“查询办理进度”页面输入查询码后下载。");
		goto out;
	}
	if (files_send(&c->b.files, f, resp) != 0) {
		fprintf(stderr, "ogi-public: a stored file cannot be read "
		    "(ogi-admin fsck)\n");
		pub_error(resp, c, 500, "文件暂时无法读取，请稍后再试或与本机关联系。");
	}
out:
	form_free(&fm);
}

static void
supp_done(struct cgi_resp *resp, const struct pub *c, const struct app_rec *r,
    const struct upload *u)
{
	struct buf *b = &resp->body;
	size_t i;

	buf_reset(b);
	html_begin(b, &c->b.site, "补正已提交", "track");
	html_printf(b, "<h1>补正已提交</h1>\n<p class=\"lead\">申请 <span class=\"app-id\">%s</span> "
	    "的补正已保存。本机关核对后确认收到，答复期限自确认之日起重新计算；"
	    "您可以在“查询办理进度”页面查看。</p>\n", r->id);
	if (u->n > 0) {
		html_lit(b, "<ul class=\"files\">\n");
		for (i = 0; i < u->n; i++)
			html_printf(b, "<li>%s</li>\n", u->f[i].label);
		html_lit(b, "</ul>\n");
	}
	html_lit(b, "<p><a href=\"/track\">返回查询办理进度</a></p>\n");
	html_end(b, &c->b.site);
}

void
page_track_supplement(struct cgi_req *req, struct cgi_resp *resp,
    struct pub *c, const char *rest)
{
	struct upload u;
	struct upload_limits lim;
	const struct app_rec *r;
	struct case_view v;
	const char *text, *why;
	enum store_err e = STORE_OK;
	char *m;
	size_t i;
	int st;

	(void)rest;
	resp->no_store = 1;
	lim.max_file = c->b.site.max_file_bytes;
	lim.max_files = (size_t)c->b.site.max_files;
	lim.max_request = c->b.site.max_request_bytes;
	if ((st = upload_read(&u, req, &c->b.files, &lim, supp_fields)) != 0) {
		m = upload_message(&u, &lim);
		pub_error(resp, c, st, m);
		free(m);
		goto out;
	}
	if ((r = case_of(c, form_get(&u.form, "code"))) == NULL) {
		pub_error(resp, c, 404, "没有找到与该查询码对应的申请。请在“查询办理进度”页面输入查询码后提交补正。");
		goto out;
	}
	case_view(&c->b.cases, r, cases_today(&c->b.cases, site_now()), &v, NULL);
	if (v.state != CS_SUPPLEMENT) {
		pub_error(resp, c, 409, "这份申请目前不需要补正，补正没有保存。请在“查询办理进度”页面查看当前状态。");
		goto out;
	}
	text = form_get(&u.form, "text");
	if (text == NULL)
		text = "";
	if (utf8_len(text) > SUPP_TEXT_MAX) {
		pub_error(resp, c, 400, "补正说明超过了2000字，补正没有保存。请缩短后重新提交。");
		goto out;
	}
	if ((why = text_problem(text, 1)) != NULL) {
		pub_error(resp, c, 400, why);
		goto out;
	}
	if (text[0] == '\0' && u.n == 0) {
		pub_error(resp, c, 400, "请填写补正说明或选择补正材料后再提交。");
		goto out;
	}
	for (i = 0; i < u.n && e == STORE_OK; i++)
		e = files_place(&c->b.files, &u, i);
	if (e == STORE_OK && u.n > 0 && (e = files_lock(&c->b.files)) == STORE_OK) {
		for (i = 0; i < u.n && e == STORE_OK; i++)
			e = files_add(&c->b.files, &u, i, r->id, FR_SUPPLEMENT, 0,
			    "申请人", site_now(), &c->b.site);
		files_unlock(&c->b.files);
	}
	if (e == STORE_OK)
		e = files_supp_add(&c->b.files, r->id, text, (int)u.n, site_now(),
		    &c->b.site);
	if (e != STORE_OK) {
		fprintf(stderr, "ogi-public: supplement: %s\n", store_strerror(e));
		pub_error(resp, c, 503, "系统暂时无法保存补正，补正没有提交。请稍后再试。");
		goto out;
	}
	supp_done(resp, c, r, &u);
out:
	upload_free(&u);
}

/*
 * A case's papers on the staff desk: the list on the case page, the 补正
 * sent online waiting to be confirmed, the form that attaches a scan or
 * the information released, POST /staff/case/ID/files, and each file,
 * /staff/case/ID/file/SHA256, sent as an attachment.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ogi/app.h"
#include "ogi/files.h"
#include "ogi/html.h"

#include "staff.h"

/* "2026-11-30T22:32:05+08:00" as 「2026年11月30日 22:32」. */
static void
when_cn(const char *iso, char out[40])
{
	int y, mo, d, h, mi;

	if (sscanf(iso, "%4d-%2d-%2dT%2d:%2d", &y, &mo, &d, &h, &mi) == 5)
		(void)snprintf(out, 40, "%d年%d月%d日 %02d:%02d", y, mo, d, h, mi);
	else
		(void)snprintf(out, 40, "%s", iso);
}

/* The online 补正s of the case; with a button to confirm the last one
   while the case waits for it. */
static void
supplements(struct buf *b, const struct req *q, const struct app_rec *r,
    const struct case_view *v)
{
	const struct files *fs = &q->c->b.files;
	char when[40], date[CAL_DATE_LEN];
	size_t i, n = 0;
	int pending = 0;

	for (i = 0; i < fs->ns; i++)
		if (strcmp(fs->s[i].case_id, r->id) == 0)
			n++;
	if (n == 0)
		return;
	html_lit(b, "<h3>网上提交的补正</h3>\n<ul class=\"supplements\">\n");
	for (i = 0; i < fs->ns; i++) {
		if (strcmp(fs->s[i].case_id, r->id) != 0)
			continue;
		when_cn(fs->s[i].when, when);
		html_printf(b, "<li><span class=\"nowrap\">%s</span>：", when);
		html_esc(b, fs->s[i].text[0] != '\0' ? fs->s[i].text : "（无文字说明）");
		html_printf(b, "（文件 %d 个）</li>\n", fs->s[i].nfiles);
		desk_date(v->supp_requested, date);
		if (v->state == CS_SUPPLEMENT && date[0] != '\0' &&
		    strncmp(fs->s[i].when, date, 10) >= 0)
			pending = 1;
	}
	html_lit(b, "</ul>\n");
	if (!pending)
		return;
	desk_date(q->today, date);
	html_lit(b, "<form method=\"post\" class=\"confirm-supp\">\n");
	desk_csrf_field(b, q);
	html_printf(b, "<input type=\"hidden\" name=\"step\" value=\"supplement_received\">\n"
	    "<input type=\"hidden\" name=\"date\" value=\"%s\">\n"
	    "<input type=\"hidden\" name=\"note\" value=\"网上提交的补正材料，经核对确认收到\">\n"
	    "<p>申请人已在网上提交补正。核对材料后确认收到：答复期限自确认之日（%s）起重新计算"
	    "（第三十一条：以双方确认之日为收到之日）。</p>\n"
	    "<p><button type=\"submit\" class=\"primary\">确认收到补正</button></p>\n</form>\n",
	    date, date);
}

void
desk_case_files(struct buf *b, const struct req *q, const struct app_rec *r,
    const struct case_view *v)
{
	const struct files *fs = &q->c->b.files;
	const struct file_rec *f;
	char size[32], when[40];
	size_t at = 0;
	int any = 0;

	html_lit(b, "<section id=\"files\" class=\"files\">\n<h2>材料</h2>\n");
	while ((f = files_next(fs, r->id, &at)) != NULL) {
		if (!any)
			html_lit(b, "<div class=\"scroll\"><table class=\"files\">\n"
			    "<thead><tr><th scope=\"col\">文件</th><th scope=\"col\">类别</th>"
			    "<th scope=\"col\">格式</th><th scope=\"col\">大小</th>"
			    "<th scope=\"col\">提交人</th><th scope=\"col\">时间</th></tr></thead>\n<tbody>\n");
		any = 1;
		files_size(f->bytes, size);
		when_cn(f->when, when);
		html_printf(b, "<tr><td><a href=\"/staff/case/%s/file/%s\" download>%s</a>%s</td>"
		    "<td>%s</td><td>%s</td><td class=\"nowrap\">%s</td><td>%s</td>"
		    "<td class=\"nowrap\">%s</td></tr>\n", r->id, f->sha, f->label,
		    f->public ? "（登记公开）" : "", file_role_labels[f->role],
		    ft_name(f->kind), size, f->who, when);
	}
	if (any)
		html_lit(b, "</tbody></table></div>\n");
	else
		html_lit(b, "<p>本案没有上传的文件。</p>\n");
	supplements(b, q, r, v);
	html_printf(b, "<form method=\"post\" action=\"/staff/case/%s/files\" "
	    "enctype=\"multipart/form-data\" class=\"upload\">\n", r->id);
	desk_csrf_field(b, q);
	html_printf(b, "<fieldset>\n<legend>添加文件</legend>\n"
	    "<div class=\"field\"><label for=\"f-role\">类别</label>\n"
	    "<select id=\"f-role\" name=\"role\">"
	    "<option value=\"scan\">扫描件（纸质申请、信函等）</option>"
	    "<option value=\"release\">公开的信息（随答复提供）</option></select></div>\n"
	    "<div class=\"field\"><label for=\"f-upfiles\">文件</label>\n"
	    "<p class=\"hint\" id=\"h-upfiles\">格式：%s；每个不超过%d MB。</p>\n"
	    "<input type=\"file\" id=\"f-upfiles\" name=\"files\" multiple "
	    "aria-describedby=\"h-upfiles\"></div>\n"
	    "<div class=\"field check\"><input type=\"checkbox\" id=\"f-public\" "
	    "name=\"public\" value=\"1\"> <label for=\"f-public\">在公开登记中列出"
	    "（只适用于“公开的信息”，且答复已公开）</label></div>\n"
	    "<p><button type=\"submit\">上传</button></p>\n</fieldset>\n</form>\n"
	    "</section>\n", ft_accepted(), q->c->b.site.max_file_bytes / (1024 * 1024));
}

static void
upload_post(struct req *q, const struct app_rec *r)
{
	struct files *fs = &q->c->b.files;
	const char *role = desk_posted(q, "role");
	enum file_role fr;
	enum store_err e = STORE_OK;
	char loc[64];
	size_t i;

	if (strcmp(role, "scan") == 0)
		fr = FR_SCAN;
	else if (strcmp(role, "release") == 0)
		fr = FR_RELEASE;
	else {
		desk_error(q, 400, "请选择文件的类别。");
		return;
	}
	if (q->up.n == 0) {
		desk_error(q, 400, "没有选择文件。请返回选择要上传的文件。");
		return;
	}
	for (i = 0; i < q->up.n && e == STORE_OK; i++)
		e = files_place(fs, &q->up, i);
	if (e == STORE_OK && (e = files_lock(fs)) == STORE_OK) {
		for (i = 0; i < q->up.n && e == STORE_OK; i++)
			e = files_add(fs, &q->up, i, r->id, fr, fr == FR_RELEASE &&
			    strcmp(desk_posted(q, "public"), "1") == 0,
			    q->s.who->login, q->now, &q->c->b.site);
		files_unlock(fs);
	}
	if (e != STORE_OK) {
		files_discard(fs, &q->up);
		fprintf(stderr, "ogi-staff: files: %s\n", store_strerror(e));
		desk_error(q, 503, "系统暂时无法保存文件，请稍后再试。");
		return;
	}
	(void)snprintf(loc, sizeof(loc), "/staff/case/%s#files", r->id);
	desk_redirect(q, loc);
}

int
desk_case_file(struct req *q, const struct app_rec *r, const char *rest)
{
	const struct file_rec *f;

	if (files_refresh(&q->c->b.files) != STORE_OK) {
		desk_error(q, 503, "系统暂时无法读取文件记录，请稍后再试。");
		return 1;
	}
	if (strcmp(rest, "files") == 0) {
		if (q->r->method != CGI_POST) {
			cgi_allow_header(q->resp, CGI_ALLOW_POST);
			desk_error(q, 405, "请使用案件页面上的上传表单。");
			return 1;
		}
		upload_post(q, r);
		return 1;
	}
	if (strncmp(rest, "file/", 5) != 0)
		return 0;
	if (q->r->method == CGI_POST) {
		cgi_allow_header(q->resp, CGI_ALLOW_GET);
		desk_error(q, 405, "不支持这种请求方式。");
		return 1;
	}
	if ((f = files_find(&q->c->b.files, r->id, rest + 5, -1)) == NULL) {
		desk_error(q, 404, "本案没有这个文件。");
		return 1;
	}
	if (files_send(&q->c->b.files, f, q->resp) != 0) {
		fprintf(stderr, "ogi-staff: a stored file cannot be read "
		    "(ogi-admin fsck)\n");
		desk_error(q, 500, "文件无法读取，请联系管理员检查（ogi-admin fsck）。");
	}
	return 1;
}

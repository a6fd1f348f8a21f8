/*
 * /apply: the application form (GET), its submission (POST) and the
 * receipt that shows the application id and the tracking code once.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "ogi/app.h"
#include "ogi/appform.h"
#include "ogi/files.h"
#include "ogi/form.h"
#include "ogi/html.h"
#include "ogi/limit.h"
#include "ogi/mail.h"
#include "ogi/outbox.h"
#include "ogi/site.h"
#include "ogi/token.h"

#include "public.h"

#define BODY_LIMIT	(64 * 1024)
#define FORM_MAX_AGE	(24 * 60 * 60)	/* a form is good for a day */

/* The fields that take files, and their roles. */
static const char *const file_fields[] = { "id_proof", "files", NULL };

/* The two file inputs.  A file chosen for a form refused for another
   mistake is not kept: the browser forgets it, and the page says so. */
static void
render_files(struct buf *b, const struct pub *c, const struct appform *v,
    int dropped)
{
	const struct site *s = &c->b.site;
	const char *err = NULL;
	size_t i;

	for (i = 0; i < v->nextra; i++)
		if (strcmp(v->extra[i].anchor, "f-id_proof") == 0)
			err = v->extra[i].msg;
	html_lit(b, "<fieldset class=\"group files\">\n<legend>身份证明和其他材料</legend>\n");
	html_printf(b, "<p class=\"hint\" id=\"h-files\">可以上传的格式：%s。每个文件不超过%d MB，"
	    "一次最多%d个文件，合计不超过%d MB。上传的文件只供本机关办理本申请使用，不会公开。</p>\n",
	    ft_accepted(), s->max_file_bytes / (1024 * 1024), s->max_files,
	    s->max_request_bytes / (1024 * 1024));
	if (dropped)
		html_lit(b, "<p class=\"field-error\" role=\"alert\">您之前选择的文件没有保存（申请尚未提交）。"
		    "请在下面重新选择文件。</p>\n");
	html_printf(b, "<div class=\"field%s\">\n<label for=\"f-id_proof\">身份证明</label>\n",
	    err != NULL ? " has-error" : "");
	if (s->id_proof_required)
		html_lit(b, "<p class=\"hint\" id=\"h-id_proof\">必须上传：公民的身份证件复印件或照片；"
		    "法人或其他组织的营业执照或登记证书；代理人另附授权委托书。</p>\n");
	else
		html_lit(b, "<p class=\"hint\" id=\"h-id_proof\">可以不上传：公民的身份证件复印件或照片；"
		    "法人或其他组织的营业执照或登记证书；代理人另附授权委托书。"
		    "未上传的，本机关可能通知您补正。</p>\n");
	if (err != NULL)
		html_printf(b, "<p class=\"field-error\" id=\"e-id_proof\">%s</p>\n", err);
	html_printf(b, "<input type=\"file\" id=\"f-id_proof\" name=\"id_proof\" multiple "
	    "accept=\".pdf,.jpg,.jpeg,.png,.ofd,.docx,.xlsx\" aria-describedby=\"h-files h-id_proof%s\"%s>\n</div>\n",
	    err != NULL ? " e-id_proof" : "", err != NULL ? " aria-invalid=\"true\"" : "");
	html_lit(b, "<div class=\"field\">\n<label for=\"f-files\">其他材料（可选）</label>\n"
	    "<p class=\"hint\" id=\"h-files2\">有助于确定所需信息的材料，如相关文件的复印件。</p>\n"
	    "<input type=\"file\" id=\"f-files\" name=\"files\" multiple "
	    "accept=\".pdf,.jpg,.jpeg,.png,.ofd,.docx,.xlsx\" aria-describedby=\"h-files h-files2\">\n"
	    "</div>\n</fieldset>\n");
}

static void
render_form(struct buf *b, const struct pub *c, const struct appform *v,
    int dropped)
{
	const struct law_limits *lim = pub_limits(c);

	html_begin(b, &c->b.site, v->nerr ? "申请表（请修改）" : "提交申请", "apply");
	html_lit(b, "<h1>政府信息公开申请表</h1>\n");
	if (v->notice != NULL) {
		html_lit(b, "<div class=\"notice\" role=\"alert\"><p>");
		html_esc(b, v->notice);
		html_lit(b, "</p></div>\n");
	}
	appform_errors(b, v);
	html_lit(b, "<p class=\"lead\">请如实填写。带 <span class=\"req\">*</span> "
	    "的为必填项。您的姓名、证件号码和联系方式只用于办理本申请，不会公开。</p>\n"
	    "<form method=\"post\" action=\"/apply\" class=\"apply\" "
	    "enctype=\"multipart/form-data\" novalidate>\n");
	html_lit(b, "<input type=\"hidden\" name=\"form_token\" value=\"");
	html_esc(b, v->token);
	html_lit(b, "\">\n");
	/* A trap for robots: people never see or fill it. */
	html_lit(b, "<div class=\"hp\" aria-hidden=\"true\"><label for=\"f-website\">"
	    "网站（请勿填写）</label><input type=\"text\" id=\"f-website\" "
	    "name=\"website\" value=\"\" tabindex=\"-1\" autocomplete=\"off\"></div>\n");

	appform_fields(b, v);
	render_files(b, c, v, dropped);

	html_lit(b, "<div class=\"next\">\n<h2>提交后</h2>\n<p>提交后页面会显示申请编号和查询码，请记下或打印。");
	if (c->b.site.mail_from[0] != '\0')
		html_lit(b, "填写了电子邮箱的，本机关会把查询码和以后每一步的办理情况"
		    "（确认收到和答复期限、补正、延期、出具的告知书和答复书）发送到该邮箱，邮件中不含链接形式的查询码。");
	html_printf(b, "本机关确认收到申请后开始计算答复期限：能够当场答复的当场答复，"
	    "不能当场答复的在收到申请之日起%d个工作日内答复，需要延长的最多延长%d个工作日。</p>\n</div>\n"
	    "<p><button type=\"submit\" class=\"primary\">提交申请</button></p>\n</form>\n",
	    lim->answer_days, lim->extension_days);
	html_end(b, &c->b.site);
}

static void
show_form_dropped(struct cgi_resp *resp, const struct pub *c,
    struct appform *v, int dropped)
{
	char tok[TOKEN_FORM_LEN + 1];

	if (v->token == NULL) {
		token_form_new(c->b.key, site_now(), tok);
		v->token = tok;
	}
	buf_reset(&resp->body);
	render_form(&resp->body, c, v, dropped);
	resp->no_store = 1;
}

/* "z***@example.com" as a page shows it. */
static void
masked(struct buf *b, const char *addr)
{
	struct buf m;

	buf_init(&m);
	mail_mask(addr, &m);
	html_esc(b, m.s);
	buf_free(&m);
}

/* How an applicant who lost the code gets a new one. */
static void
lost_code(struct buf *b, const struct pub *c)
{
	html_lit(b, "<p>遗失查询码的，请携带申请编号和身份证明（委托他人的带委托书）到");
	html_esc(b, c->b.site.body_name);
	html_lit(b, "，或以信函联系，工作人员核实身份后会发放新的查询码，原查询码随即停止使用；"
	    "申请时填写了电子邮箱的，新查询码也会发送到该邮箱。</p>\n");
}

static void
show_form(struct cgi_resp *resp, const struct pub *c, struct appform *v)
{
	show_form_dropped(resp, c, v, 0);
}

static int
has_field(const struct upload *u, const char *field)
{
	size_t i;

	for (i = 0; i < u->n; i++)
		if (strcmp(u->f[i].field, field) == 0)
			return 1;
	return 0;
}

/* The rows of the files placed for application id: how many were
   recorded (a failure is said on the receipt). */
static size_t
store_files(struct pub *c, struct upload *u, const char *id, time_t now)
{
	enum store_err e;
	size_t i, done = 0;

	if (u->n == 0)
		return 0;
	if ((e = files_lock(&c->b.files)) != STORE_OK) {
		fprintf(stderr, "ogi-public: files.csv: %s\n", store_strerror(e));
		return 0;
	}
	for (i = 0; i < u->n; i++) {
		e = files_add(&c->b.files, u, i, id, strcmp(u->f[i].field,
		    "id_proof") == 0 ? FR_ID_PROOF : FR_SUPPORTING, 0, "申请人",
		    now, &c->b.site);
		if (e != STORE_OK) {
			fprintf(stderr, "ogi-public: files.csv: %s\n",
			    store_strerror(e));
			break;
		}
		done++;
	}
	files_unlock(&c->b.files);
	return done;
}

static void
receipt(struct cgi_resp *resp, const struct pub *c, const char *id,
    const char *code, time_t now, char *const *vals, const struct upload *u,
    size_t nfiles, int mailed)
{
	struct buf *b = &resp->body;
	const struct law_limits *lim;
	char when[SITE_TIME_LEN];
	struct tm tm;

	site_localtime(&c->b.site, now, &tm);
	(void)snprintf(when, sizeof(when), "%04d年%d月%d日 %02d:%02d",
	    tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min);
	resp->no_store = 1;
	html_begin(b, &c->b.site, "申请已提交", "apply");
	html_lit(b, "<div class=\"receipt\">\n<h1>申请已提交</h1>\n"
	    "<p class=\"lead\">您的政府信息公开申请已保存。请记下或打印本页。</p>\n"
	    "<dl class=\"facts\">\n<dt>申请编号</dt><dd class=\"app-id\">");
	html_esc(b, id);
	html_lit(b, "</dd>\n<dt>查询码</dt><dd class=\"code\">");
	html_esc(b, code);
	html_lit(b, "</dd>\n<dt>提交时间</dt><dd>");
	html_esc(b, when);
	html_lit(b, "</dd>\n<dt>受理机关</dt><dd>");
	html_esc(b, c->b.site.body_name);
	html_lit(b, "</dd>\n<dt>所需政府信息的名称</dt><dd>");
	html_esc(b, vals[APP_SUBJECT]);
	html_lit(b, "</dd>\n<dt>上传的文件</dt><dd>");
	if (u->n == 0)
		html_lit(b, "无");
	else {
		size_t i;

		html_lit(b, "<ul class=\"files\">");
		for (i = 0; i < nfiles; i++)
			html_printf(b, "<li>%s（%s）</li>", u->f[i].label,
			    strcmp(u->f[i].field, "id_proof") == 0 ? "身份证明" : "其他材料");
		html_lit(b, "</ul>");
		if (nfiles < u->n)
			html_lit(b, "<p class=\"warn\">部分文件未能保存。申请已提交；"
			    "请在本机关通知补正时补交，或与本机关联系。</p>");
	}
	html_lit(b, "</dd>\n<dt>当前状态</dt><dd>已提交，待确认收到</dd>\n</dl>\n"
	    "<p class=\"warn\"><strong>查询码只显示这一次。</strong>本机关只保存查询码的摘要，"
	    "无法重新显示。请现在记下或打印本页（使用浏览器的“打印”功能）。</p>\n");
	if (mailed) {
		html_lit(b, "<p>查询码同时发送到您填写的电子邮箱 ");
		masked(b, vals[APP_EMAIL]);
		html_lit(b, "。除本页外，这封邮件是保存查询码的唯一方式，请妥善保存。</p>\n");
	}
	lost_code(b, c);
	html_lit(b, "<h2>接下来</h2>\n<ol>\n");
	lim = pub_limits(c);
	pub_law_item(b, c, lim, LT_RECEIVED_DAY);
	pub_law_item(b, c, lim, LT_RECEIPT_LIMITS);
	pub_law_item(b, c, lim, LT_RECEIPT_SUPPLEMENT);
	html_lit(b, "</ol>\n<p>您可以随时在<a href=\"/track\">查询办理进度</a>页面输入查询码查看状态和答复期限。"
	    "可使用浏览器的“打印”功能打印本页。</p>\n</div>\n");
	html_end(b, &c->b.site);
}

/* The same form again (a reload of the receipt, a phone bringing back a
   tab): the application is on file, the code was shown once. */
static void
receipt_again(struct cgi_resp *resp, struct pub *c, const struct app_rec *r)
{
	struct buf *b = &resp->body;
	char *vals[APP_FIELD__MAX];
	int have;

	have = apps_read_fields(&c->b.cases.apps, r, vals) == 0;
	resp->status = 409;
	resp->no_store = 1;
	buf_reset(b);
	html_begin(b, &c->b.site, "申请已经提交过", "apply");
	html_lit(b, "<div class=\"receipt\">\n<h1>这份申请已经提交过</h1>\n"
	    "<p class=\"lead\">这份申请表已经提交并保存，没有再次保存。</p>\n"
	    "<dl class=\"facts\">\n<dt>申请编号</dt><dd class=\"app-id\">");
	html_esc(b, r->id);
	html_lit(b, "</dd>\n</dl>\n<p>查询码只在第一次提交时显示一次，本机关无法重新显示。");
	if (have && vals[APP_EMAIL][0] != '\0' && c->b.site.mail_from[0] != '\0') {
		html_lit(b, "查询码已发送到您填写的电子邮箱 ");
		masked(b, vals[APP_EMAIL]);
		html_lit(b, "，请查看该邮箱（也请查看垃圾邮件）。");
	}
	html_lit(b, "</p>\n");
	lost_code(b, c);
	html_lit(b, "<p>请记下上面的申请编号。如需再提交一份新的申请，请<a href=\"/apply\">重新打开申请表</a>。</p>\n</div>\n");
	html_end(b, &c->b.site);
	if (have)
		form_vals_free(vals, APP_FIELD__MAX);
}

static void
apply_post(struct cgi_req *req, struct cgi_resp *resp, struct pub *c)
{
	struct appform v;
	struct form f;
	struct app_new how;
	const struct app_rec *dup;
	const char *errs[APP_FIELD__MAX], *tok, *hp;
	char *vals[APP_FIELD__MAX], *body, form_id[TOKEN_HASH_HEX + 1];
	char id[16], code[TOKEN_CODE_SHOWN + 1], msg[512];
	enum form_err fe;
	enum app_err ae;
	int mailed;
	time_t issued, now = site_now();
	size_t len, nerr, i, nfiles;
	int st, dropped = 0, file_st = 0, vals_set = 0;
	struct upload u;
	struct upload_limits lim;
	char *file_msg = NULL;
	enum store_err se;

	memset(&u, 0, sizeof(u));
	memset(&f, 0, sizeof(f));
	if (req->content_type != NULL &&
	    strncasecmp(req->content_type, "multipart/", 10) == 0) {
		lim.max_file = c->b.site.max_file_bytes;
		lim.max_files = (size_t)c->b.site.max_files;
		lim.max_request = c->b.site.max_request_bytes;
		st = upload_read(&u, req, &c->b.files, &lim, file_fields);
		f = u.form;	/* the text fields: the form's own from here */
		memset(&u.form, 0, sizeof(u.form));
		dropped = u.n > 0 || u.err == UP_FILE_BIG || u.err == UP_REQ_BIG;
		if (st != 0 && u.err != UP_TYPE && u.err != UP_FILE_BIG &&
		    u.err != UP_TOO_MANY && u.err != UP_EMPTY) {
			char *m = upload_message(&u, &lim);

			pub_error(resp, c, st, m);
			free(m);
			goto out;
		}
		if (st != 0) {
			/* A file refused: the form again, as typed. */
			file_msg = upload_message(&u, &lim);
			file_st = st;
		}
	} else {
		if ((st = cgi_read_body(req, BODY_LIMIT, &body, &len)) != 0) {
			pub_error(resp, c, st, st == 413 ?
			    "提交的内容超过了64 KB的上限，申请未保存。请缩短内容描述后重试。" :
			    st == 415 ? "请使用本网站的申请表提交申请，申请未保存。" :
			    st == 411 ? "请求缺少内容长度，申请未保存。请使用本网站的申请表提交。" :
			    "提交的数据不完整，申请未保存。请返回重新提交。");
			return;
		}
		fe = form_parse(&f, body, len);
		free(body);
		if (fe != FORM_OK) {
			pub_error(resp, c, 400, form_strerror(fe));
			return;
		}
	}
	hp = form_get(&f, "website");
	if (hp != NULL && hp[0] != '\0') {
		/* Only robots fill the hidden field. */
		pub_error(resp, c, 400, "申请未提交：表单中填写了不应填写的隐藏项目。"
		    "如果您使用了自动填表工具，请关闭后重新打开申请表填写。");
		goto out;
	}
	memset(&v, 0, sizeof(v));
	v.in = &f;
	v.errs = errs;
	nerr = app_validate(&f, vals, errs);
	vals_set = 1;
	if (file_msg != NULL) {
		v.extra[v.nextra].anchor = "f-id_proof";
		v.extra[v.nextra++].msg = file_msg;
		nerr++;
	} else if (c->b.site.id_proof_required && !has_field(&u, "id_proof")) {
		v.extra[v.nextra].anchor = "f-id_proof";
		v.extra[v.nextra++].msg = "请上传身份证明：公民的身份证件复印件或照片，"
		    "法人或其他组织的营业执照或登记证书。";
		nerr++;
	}
	tok = form_get(&f, "form_token");
	if (tok == NULL || token_form_check(c->b.key, tok, &issued, form_id) != 0 ||
	    now - issued > FORM_MAX_AGE || issued - now > 300) {
		/* Keep what was typed; a fresh token comes with the form. */
		v.notice = "申请表已过期或不是从本网站打开的，申请未提交。请核对下面的内容后再次提交。";
		v.nerr = nerr;
		show_form_dropped(resp, c, &v, dropped);
		resp->status = 400;
		goto out;
	}
	if (now - issued < c->b.site.apply_min_seconds) {
		/* Filled in faster than a person can: likely a robot. */
		(void)snprintf(msg, sizeof(msg), "为防止自动程序提交，申请表打开后至少%d秒才能提交。"
		    "您填写的内容已保留，请核对后再次提交。", c->b.site.apply_min_seconds);
		v.notice = msg;
		v.nerr = nerr;
		v.token = tok;
		show_form_dropped(resp, c, &v, dropped);
		resp->status = 400;
		goto out;
	}
	if (nerr > 0) {
		v.nerr = nerr;
		v.token = tok;
		show_form_dropped(resp, c, &v, dropped);
		resp->status = file_st != 0 ? file_st : 400;
		goto out;
	}
	switch (limit_take(&c->limit, req->remote, now, c->b.site.apply_per_ip_per_hour)) {
	case 0:
		break;
	case 1:
		(void)snprintf(msg, sizeof(msg), "同一网络地址一小时内最多提交%d份申请，"
		    "这份申请没有提交。您填写的内容已保留，请稍后再试，或以信函、传真、当面等方式提交"
		    "（地址、电话和传真见本网站“政府信息公开指南”的联系方式）。",
		    c->b.site.apply_per_ip_per_hour);
		v.notice = msg;
		v.token = tok;
		show_form_dropped(resp, c, &v, dropped);
		resp->status = 429;
		goto out;
	default:
		v.notice = "系统暂时无法保存申请，您的申请没有提交。您填写的内容保留在下面，请稍后再次提交。";
		v.token = tok;
		show_form_dropped(resp, c, &v, dropped);
		resp->status = 503;
		goto out;
	}
	/* The files in place before the application is stored (a failure
	   here stores nothing) — once the address's turn is taken and only
	   for a form not seen before: a refused or repeated post keeps no
	   file. */
	if (apps_by_form(&c->b.cases.apps, form_id) == NULL)
		for (i = 0; i < u.n; i++)
			if ((se = files_place(&c->b.files, &u, i)) != STORE_OK) {
				fprintf(stderr, "ogi-public: files: %s\n", store_strerror(se));
				files_discard(&c->b.files, &u);
				(void)limit_give_back(&c->limit, req->remote, now,
				    c->b.site.apply_per_ip_per_hour);
				v.notice = "系统暂时无法保存上传的文件，您的申请没有提交。您填写的内容保留在下面，请稍后再次提交。";
				v.token = tok;
				show_form_dropped(resp, c, &v, 1);
				resp->status = 503;
				goto out;
			}
	how.channel = "网络";
	how.received = "";	/* fixed when staff confirm receipt */
	how.form_id = form_id;
	how.agency = NULL;
	how.keep_code = 0;
	mailed = 0;
	if (vals[APP_EMAIL][0] != '\0' && c->b.site.mail_from[0] != '\0' &&
	    apps_by_form(&c->b.cases.apps, form_id) == NULL) {
		/* The receipt notice first: the sender mails it only once an
		   application with this code is on file. */
		token_code_new(code);
		how.keep_code = 1;
		if (outbox_queue_code(&c->ob, "receipt", "", code, now) == STORE_OK)
			mailed = 1;
		else
			fprintf(stderr, "ogi-public: outbox.csv: cannot queue a "
			    "receipt notice\n");
	}
	ae = apps_submit(&c->b.cases.apps, vals, &how, now, id, code, &dup);
	switch (ae) {
	case APP_OK:
		nfiles = store_files(c, &u, id, now);
		receipt(resp, c, id, code, now, vals, &u, nfiles, mailed);
		break;
	case APP_DUP:
		files_discard(&c->b.files, &u);
		receipt_again(resp, c, dup);
		break;
	case APP_ENOSPC:
	case APP_EIO:
		files_discard(&c->b.files, &u);
		fprintf(stderr, "ogi-public: applications.csv: %s\n",
		    ae == APP_ENOSPC ? "disk full" : "write failed");
		/* Not stored: it does not count against the address. */
		if (limit_give_back(&c->limit, req->remote, now,
		    c->b.site.apply_per_ip_per_hour) != 0)
			fprintf(stderr, "ogi-public: ratelimit.csv: cannot give "
			    "the turn back\n");
		v.notice = "系统暂时无法保存申请，您的申请没有提交。您填写的内容保留在下面，请稍后再次提交。";
		v.token = tok;
		show_form_dropped(resp, c, &v, dropped);
		resp->status = 503;
		break;
	}
out:
	if (vals_set)
		form_vals_free(vals, APP_FIELD__MAX);
	form_free(&f);
	upload_free(&u);
	free(file_msg);
}

void
page_apply(struct cgi_req *req, struct cgi_resp *resp, struct pub *c,
    const char *rest)
{
	struct appform v;

	(void)rest;
	if (req->method == CGI_POST) {
		apply_post(req, resp, c);
		return;
	}
	memset(&v, 0, sizeof(v));
	show_form(resp, c, &v);
}


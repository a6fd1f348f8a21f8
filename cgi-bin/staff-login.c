/* /staff/login and /staff/logout: a session begins and ends. */
#include "ogi/html.h"
#include "ogi/token.h"

#include "staff.h"

static void
login_form(struct req *q, const char *login, const char *msg)
{
	struct buf *b = &q->resp->body;
	char tok[TOKEN_FORM_LEN + 1];

	/* The login form's own purpose: an /apply form token is none. */
	token_form_new_for(q->c->b.key, TOKEN_FOR_LOGIN, q->now, tok);
	buf_reset(b);
	desk_begin(q, "工作人员登录", NULL);
	html_lit(b, "<h1>工作人员登录</h1>\n");
	if (msg != NULL) {
		html_printf(b, "<div class=\"error-summary\" role=\"alert\">"
		    "<p id=\"e-login\">%s</p></div>\n", msg);
	}
	html_printf(b, "<form method=\"post\" action=\"/staff/login\" class=\"login\">\n"
	    "<input type=\"hidden\" name=\"form_token\" value=\"%s\">\n", tok);
	html_lit(b, "<div class=\"field\"><label for=\"f-login\">登录名</label>\n"
	    "<input type=\"text\" id=\"f-login\" name=\"login\" autocomplete=\"username\" "
	    "maxlength=\"32\" spellcheck=\"false\" value=\"");
	html_esc(b, login != NULL ? login : "");
	html_lit(b, "\"");
	if (msg != NULL)
		html_lit(b, " aria-describedby=\"e-login\"");
	html_lit(b, "></div>\n");
	html_lit(b, "<div class=\"field\"><label for=\"f-password\">密码</label>\n"
	    "<input type=\"password\" id=\"f-password\" name=\"password\" "
	    "autocomplete=\"current-password\" maxlength=\"200\"></div>\n"
	    "<p><button type=\"submit\" class=\"primary\">登录</button></p>\n</form>\n");
	html_end(b, &q->c->b.site);
}

void
page_login(struct req *q, const char *rest)
{
	const char *login, *pw, *tok;
	char form_id[TOKEN_HASH_HEX + 1];
	time_t issued;

	(void)rest;
	if (q->r->method != CGI_POST) {
		login_form(q, NULL, NULL);
		return;
	}
	login = desk_posted(q, "login");
	pw = desk_posted(q, "password");
	tok = form_get(&q->post, "form_token");
	if (tok == NULL || token_form_check_for(q->c->b.key, TOKEN_FOR_LOGIN, tok,
	    &issued, form_id) != 0 ||
	    q->now - issued > 3600) {
		login_form(q, login, "登录页面已过期，请重新输入。");
		q->resp->status = 400;
		return;
	}
	switch (auth_login(&q->c->auth, login, pw, q->now, &q->s)) {
	case AUTH_OK:
		desk_cookie(q, q->s.cookie, 0);
		desk_redirect(q, "/staff/");
		return;
	case AUTH_BAD:
		login_form(q, login, "登录名或密码不正确。");
		q->resp->status = 401;
		return;
	case AUTH_LOCKED:
		login_form(q, login, "连续登录失败次数过多，该账户已暂时锁定，请稍后再试。");
		q->resp->status = 429;
		return;
	case AUTH_DISABLED:
		login_form(q, login, "该账户已停用，请联系管理员。");
		q->resp->status = 403;
		return;
	case AUTH_EIO:
		break;
	}
	desk_error(q, 503, "系统暂时无法登录，请稍后再试。");
}

void
page_logout(struct req *q, const char *rest)
{
	(void)rest;
	auth_logout(&q->c->auth, &q->s, q->now);
	desk_cookie(q, "", 1);
	desk_redirect(q, "/staff/login");
}

/* /staff/login and /staff/logout: a session begins and ends. */
#include <unistd.h>

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

/* The password's check, run without the program's lock. */
struct verify {
	struct auth_attempt	*t;
	const char		*pw;
};

/*
 * Password checks at work, under the program's lock (it is counted
 * before and after the check, which runs without it).  At most a core's
 * worth: a flood of logins beyond that is told to come back, instead of
 * taking every thread and leaving none for the staff pages.
 */
static int verifying;

static int
verify_cap(void)
{
	static int cap;
	long n;

	if (cap == 0)
		cap = (n = sysconf(_SC_NPROCESSORS_ONLN)) > 1 ? (int)n : 1;
	return cap;
}

static void
verify(void *arg)
{
	struct verify *v = arg;

	auth_login_verify(v->t, v->pw);
}

void
page_login(struct req *q, const char *rest)
{
	const char *login, *pw, *tok;
	char form_id[TOKEN_HASH_HEX + 1];
	struct auth_attempt t;
	enum auth_result r;
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
	if (verifying >= verify_cap()) {
		(void)cgi_header(q->resp, "Retry-After", "%d", 2);
		login_form(q, login, "登录请求较多，请稍等几秒后再试。");
		q->resp->status = 503;
		return;
	}
	/* Argon2id between the two steps, outside the program's lock: a
	   flood of logins does not hold up the staff pages. */
	r = auth_login_begin(&q->c->auth, login, q->r->remote, q->now, &t);
	if (r == AUTH_OK) {
		struct verify v = { &t, pw };

		verifying++;
		cgi_unlocked(verify, &v);
		verifying--;
		r = auth_login_end(&q->c->auth, &t, q->now, &q->s);
	}
	switch (r) {
	case AUTH_OK:
		desk_cookie(q, q->s.cookie, 0);
		desk_redirect(q, "/staff/");
		return;
	case AUTH_BAD:
	case AUTH_DISABLED:	/* not returned: a disabled account is AUTH_BAD */
		login_form(q, login, "登录名或密码不正确。");
		q->resp->status = 401;
		return;
	case AUTH_LOCKED:
		(void)cgi_header(q->resp, "Retry-After", "%ld", t.retry_after);
		login_form(q, login, t.by_address ?
		    "登录失败次数过多，请稍后再试。" :
		    "该账户因多次登录失败已暂时锁定，请稍后再试或联系管理员。");
		q->resp->status = 429;
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
	desk_cookie(q, "", 1);
	if (auth_logout(&q->c->auth, &q->s, q->now) != 0) {
		desk_error(q, 503, "系统暂时无法记录退出。本浏览器中的登录已清除；"
		    "为安全起见，请关闭浏览器，并告知管理员。");
		return;
	}
	desk_redirect(q, "/staff/login");
}

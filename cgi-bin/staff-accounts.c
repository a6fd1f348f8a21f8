/* /staff/users (admin): the staff accounts, and disabling one. */
#include <string.h>

#include "ogi/html.h"

#include "staff.h"

void
page_users(struct req *q, const char *rest)
{
	struct buf *b = &q->resp->body;
	struct auth *a = &q->c->auth;
	const char *why = NULL, *login;
	size_t i;

	(void)rest;
	if (q->r->method == CGI_POST) {
		login = desk_posted(q, "login");
		if (strcmp(login, q->s.who->login) == 0) {
			desk_error(q, 400, "不能停用自己的账户。");
			return;
		}
		if (auth_disable(a, login, q->now, &why) != 0) {
			desk_error(q, 400, "没有这个账户。");
			return;
		}
		desk_redirect(q, "/staff/users");
		return;
	}
	desk_begin(q, "工作人员", "users");
	html_lit(b, "<h1>工作人员账户</h1>\n<p class=\"lead\">新增账户和重设密码请在服务器上使用 "
	    "<code>ogi-admin</code>。</p>\n<table class=\"queue\">\n<thead><tr><th scope=\"col\">登录名</th>"
	    "<th scope=\"col\">姓名</th><th scope=\"col\">角色</th><th scope=\"col\">状态</th>"
	    "<th scope=\"col\">操作</th></tr></thead>\n<tbody>\n");
	for (i = 0; i < a->nstaff; i++) {
		const struct staff *s = &a->staff[i];

		html_printf(b, "<tr><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>",
		    s->login, s->name, s->role == ROLE_ADMIN ? "管理员" : "办理人员",
		    s->disabled ? "已停用" : "正常");
		if (!s->disabled && s != q->s.who) {
			html_lit(b, "<form method=\"post\" action=\"/staff/users\" class=\"inline\">");
			desk_csrf_field(b, q);
			html_printf(b, "<input type=\"hidden\" name=\"login\" value=\"%s\">"
			    "<button type=\"submit\">停用</button></form>", s->login);
		}
		html_lit(b, "</td></tr>\n");
	}
	html_lit(b, "</tbody></table>\n");
	html_end(b, &q->c->b.site);
}

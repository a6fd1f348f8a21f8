/* /staff/users (admin): the staff accounts, disabling one, and the address
   each one's daily digest goes to (staff.csv's email). */
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
		if (strcmp(desk_posted(q, "do"), "email") == 0) {
			if (auth_staff(a, login) == NULL) {
				desk_error(q, 400, "没有这个账户。");
				return;
			}
			if (auth_set_email(a, login, desk_posted(q, "email"), q->now,
			    &why) != 0) {
				desk_error(q, 400, "请填写有效的电子邮箱地址，如 name@example.gov.cn；"
				    "留空则不发送每日提醒。");
				return;
			}
			desk_redirect(q, "/staff/users");
			return;
		}
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
	    "<th scope=\"col\">每日提醒邮箱</th><th scope=\"col\">操作</th></tr></thead>\n<tbody>\n");
	for (i = 0; i < a->nstaff; i++) {
		const struct staff *s = &a->staff[i];

		html_printf(b, "<tr><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>",
		    s->login, s->name, s->role == ROLE_ADMIN ? "管理员" : "办理人员",
		    s->disabled ? "已停用" : "正常");
		html_lit(b, "<form method=\"post\" action=\"/staff/users\" class=\"inline\">");
		desk_csrf_field(b, q);
		html_printf(b, "<input type=\"hidden\" name=\"do\" value=\"email\">"
		    "<input type=\"hidden\" name=\"login\" value=\"%s\">"
		    "<label class=\"sr-only\" for=\"email-%s\">%s的每日提醒邮箱</label>"
		    "<input type=\"email\" id=\"email-%s\" name=\"email\" value=\"%s\" size=\"24\">"
		    "<button type=\"submit\">保存</button></form></td><td>",
		    s->login, s->login, s->name, s->login, s->email);
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

/* /: what the service is and how long an answer takes. */
#include "ogi/html.h"

#include "public.h"

void
page_home(struct cgi_req *req, struct cgi_resp *resp, struct pub *c,
    const char *rest)
{
	struct buf *b = &resp->body;
	const struct law_limits *lim = pub_limits(c);

	(void)req;
	(void)rest;
	html_begin(b, &c->b.site, "首页", "home");
	html_lit(b, "<h1>政府信息公开申请</h1>\n<p class=\"lead\">");
	pub_law(b, c, lim, LT_RIGHT_TO_APPLY);
	html_lit(b, "在线提交申请后，您会得到申请编号和查询码，可随时查询办理进度。</p>\n");
	html_lit(b, "<ul class=\"cards\">\n"
	    "<li><a class=\"card\" href=\"/apply\"><strong>提交申请</strong>"
	    "<span>在线填写政府信息公开申请表</span></a></li>\n"
	    "<li><a class=\"card\" href=\"/track\"><strong>查询办理进度</strong>"
	    "<span>凭查询码查看申请状态和答复期限</span></a></li>\n"
	    "<li><a class=\"card\" href=\"/requests\"><strong>申请公开登记</strong>"
	    "<span>本机关收到、办结和答复的申请（不含申请人信息）</span></a></li>\n"
	    "<li><a class=\"card\" href=\"/annual/\"><strong>年度报告统计表</strong>"
	    "<span>政府信息公开工作年度报告的统计数据</span></a></li>\n"
	    "</ul>\n");
	html_lit(b, "<h2>办理时限</h2>\n<p>");
	pub_law(b, c, lim, LT_LIMITS);
	pub_law(b, c, lim, LT_SUPPLEMENT);
	html_lit(b, "</p>\n");
	html_lit(b, "<h2>收到申请的日期</h2>\n<p class=\"received-rule\">");
	pub_law(b, c, lim, LT_RECEIVED_RULE);
	html_lit(b, "</p>\n<h2>信息处理费</h2>\n<p class=\"fee-note\">");
	pub_law(b, c, lim, LT_FEE);
	html_lit(b, "</p>\n");
	html_end(b, &c->b.site);
}

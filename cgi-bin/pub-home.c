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
	html_printf(b, "<h1>政府信息公开申请</h1>\n<p class=\"lead\">公民、法人或者其他组织可以向"
	    "%s申请获取政府信息（《中华人民共和国政府信息公开条例》第二十七条）。"
	    "在线提交申请后，您会得到申请编号和查询码，可随时查询办理进度。</p>\n",
	    c->b.site.body_name);
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
	html_printf(b, "<h2>办理时限</h2>\n<p>本机关确认收到申请之日为收到申请之日。能够当场答复的当场答复；"
	    "不能当场答复的，自收到申请之日起%d个工作日内答复；需要延长的，经批准可延长不超过%d个工作日，"
	    "并告知申请人（《条例》第三十三条）。", lim->answer_days, lim->extension_days);
	if (lim->supplement_notice_days > 0)
		html_printf(b, "申请内容不明确的，本机关在收到申请之日起%d个工作日内一次性告知补正，"
		    "答复期限自收到补正的申请之日起计算（第三十条）。", lim->supplement_notice_days);
	html_lit(b, "</p>\n");
	html_end(b, &c->b.site);
}

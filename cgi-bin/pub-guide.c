/*
 * /guide: the body's 政府信息公开指南 (《条例》第十二条): the office's
 * name, address, hours, phone, fax, e-mail and postcode from site.csv, then
 * how to apply and where, the procedure and its time limits (of the
 * regulation in force today), fees and remedies from data/guide.csv.
 */
#include "ogi/guide.h"
#include "ogi/html.h"
#include "ogi/law.h"
#include "ogi/site.h"

#include "public.h"

void
page_guide(struct cgi_req *req, struct cgi_resp *resp, struct pub *c,
    const char *rest)
{
	struct buf *b = &resp->body;

	(void)req;
	(void)rest;
	html_begin(b, &c->b.site, "政府信息公开指南", "guide");
	html_lit(b, "<h1>");
	html_esc(b, c->b.site.body_name);
	html_lit(b, "政府信息公开指南</h1>\n<div class=\"guide\">\n");
	guide_html(b, &c->b.guide, &c->b.site, law_limits_for(&c->b.cases.law,
	    cases_today(&c->b.cases, site_now())));
	html_lit(b, "</div>\n");
	html_end(b, &c->b.site);
}

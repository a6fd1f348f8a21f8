/*
 * report-html: the whole annual report as one printable document — its
 * title, the sections in order with their paragraphs, the tables in place
 * (2021) or after the text as an annex on a page of its own (2008-era).
 * See include/ogi/report.h.
 */
#include <string.h>

#include "ogi/html.h"
#include "ogi/report.h"

int
report_has_text(const struct report_format *r, const struct an_year *y)
{
	const char *v;
	size_t i;

	for (i = 0; i < r->nsec; i++)
		if ((v = an_year_get(y, "text", r->sec[i].key)) != NULL &&
		    v[0] != '\0')
			return 1;
	return 0;
}

const char *
report_para(const char **at, size_t *len)
{
	const char *p, *e;
	size_t n;

	for (p = *at; *p != '\0'; p = e + (*e != '\0')) {
		e = p + strcspn(p, "\n");
		n = (size_t)(e - p);
		if (n > 0 && p[n - 1] == '\r')
			n--;
		while (n > 0 && (p[0] == ' ' || p[0] == '\t')) {
			p++;
			n--;
		}
		if (n == 0)
			continue;
		*at = e + (*e != '\0');
		*len = n;
		return p;
	}
	*at = p;
	return NULL;
}

/* Plain paragraphs, one a line, as typed. */
static void
paragraphs(struct buf *b, const char *text)
{
	const char *p;
	size_t len;

	while ((p = report_para(&text, &len)) != NULL) {
		html_lit(b, "<p>");
		html_escn(b, p, len);
		html_lit(b, "</p>\n");
	}
}

void
report_html(struct buf *b, const struct report_format *r,
    const struct an_table *t, const struct an_year *y, const char *body)
{
	const struct report_section *s;
	const char *v;
	size_t i;

	html_lit(b, "<article class=\"report\">\n<h1 class=\"report-title\">");
	html_esc(b, body);
	html_printf(b, "%d年政府信息公开工作年度报告</h1>\n", t->year);
	for (i = 0; i < r->nsec; i++) {
		s = &r->sec[i];
		v = an_year_get(y, "text", s->key);
		if (s->kind == RK_ANNEX) {
			html_printf(b, "<section class=\"report-annex\" id=\"s-%s\">\n",
			    s->key);
			an_html_annex(b, t, y, body, s->title);
			html_lit(b, "</section>\n");
			continue;
		}
		html_printf(b, "<section class=\"report-section\" id=\"s-%s\">\n",
		    s->key);
		if (s->title[0] != '\0') {
			html_lit(b, "<h2>");
			html_esc(b, s->title);
			html_lit(b, "</h2>\n");
		}
		if (v != NULL)
			paragraphs(b, v);
		if (s->kind == RK_TABLE)
			an_html_section(b, t, s->title);
		html_lit(b, "</section>\n");
	}
	html_lit(b, "</article>\n");
}

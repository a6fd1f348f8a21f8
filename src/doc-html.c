/* doc-html: an issued document as an HTML letter.  See include/ogi/doc.h. */
#include <string.h>

#include "ogi/doc.h"
#include "ogi/html.h"
#include "ogi/site.h"

/* Is the paragraph the addressee ("张三：")? */
static int
addressee(const char *s, size_t n)
{
	return (n >= 3 && memcmp(s + n - 3, "：", 3) == 0) ||
	    (n >= 1 && s[n - 1] == ':');
}

void
doc_html(struct buf *b, const struct doc_text *t)
{
	const char *s = t->f[DOC_C_TEXT], *eol;
	char zh[DOC_DATE_LEN];
	cal_day day;
	int first = 1;
	size_t n;

	html_lit(b, "<article class=\"letter\">\n<header class=\"letter-head\">\n");
	html_printf(b, "<h1 class=\"letter-title\">%s</h1>\n", t->f[DOC_C_TITLE]);
	html_printf(b, "<p class=\"letter-number\">%s</p>\n", t->f[DOC_C_NUMBER]);
	if (t->f[DOC_C_REPLACES][0] != '\0')
		html_printf(b, "<p class=\"letter-replaces\">（本文书更正并替代%s）</p>\n",
		    t->f[DOC_C_REPLACES]);
	html_lit(b, "</header>\n<div class=\"letter-body\">\n");
	for (; *s; s = *eol ? eol + 1 : eol) {
		eol = s + strcspn(s, "\n");
		if ((n = (size_t)(eol - s)) == 0)
			continue;
		if (first && addressee(s, n))
			html_lit(b, "<p class=\"letter-to\">");
		else
			html_lit(b, "<p>");
		first = 0;
		html_escn(b, s, n);
		html_lit(b, "</p>\n");
	}
	if (cal_parse(t->f[DOC_C_DATE], &day) == 0)
		doc_date_zh(day, zh);
	else
		zh[0] = '\0';
	html_lit(b, "</div>\n<footer class=\"letter-foot\">\n");
	html_printf(b, "<p class=\"letter-signer\">%s</p>\n", t->f[DOC_C_SIGNER]);
	html_printf(b, "<p class=\"letter-date\">%s</p>\n", zh);
	html_lit(b, "</footer>\n</article>\n");
}

void
doc_page(struct buf *b, const struct site *site, const struct doc_text *t,
    const char *back, const char *back_label)
{
	html_lit(b, "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n"
	    "<meta charset=\"utf-8\">\n"
	    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
	html_printf(b, "<title>%s %s - %s</title>\n", t->f[DOC_C_TITLE],
	    t->f[DOC_C_NUMBER], site->body_name);
	html_lit(b, "<link rel=\"stylesheet\" href=\"/static/ogi.css\">\n"
	    "<link rel=\"stylesheet\" href=\"/static/print.css\" media=\"print\">\n"
	    "<link rel=\"stylesheet\" href=\"/static/letter.css\">\n"
	    "</head>\n<body class=\"letter-page\">\n");
	if (back != NULL)
		html_printf(b, "<nav class=\"screen letter-tools wrap\" aria-label=\"文书操作\">"
		    "<p><a href=\"%s\">%s</a></p></nav>\n", back, back_label);
	html_lit(b, "<main id=\"main\">\n");
	doc_html(b, t);
	html_lit(b, "</main>\n");
}

/* doc-html: an issued document as an HTML letter.  See include/ogi/doc.h. */
#include <string.h>

#include "ogi/doc.h"
#include "ogi/html.h"

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

/*
 * annual-chart: SVG charts of a year, no script: applications received
 * per month, and the answers by outcome row.  See include/ogi/annual.h.
 */
#include <string.h>

#include "ogi/annual.h"
#include "ogi/buf.h"
#include "ogi/form.h"
#include "ogi/html.h"

void
an_chart(struct buf *b, const struct an_table *t, const size_t months[12])
{
	const struct an_format *f = t->f;
	size_t i, max = 1, n = 0, k;
	long long vmax = 100;

	for (i = 0; i < 12; i++)
		if (months[i] > max)
			max = months[i];
	html_lit(b, "<figure class=\"chart\">\n<svg viewBox=\"0 0 600 240\" role=\"img\" "
	    "aria-labelledby=\"chart-m\" xmlns=\"http://www.w3.org/2000/svg\">\n"
	    "<title id=\"chart-m\">每月收到申请数</title>\n");
	for (i = 0; i < 12; i++) {
		int h = (int)(months[i] * 180 / max);

		html_printf(b, "<rect x=\"%zu\" y=\"%d\" width=\"34\" height=\"%d\" fill=\"#a8201a\">"
		    "<title>%zu月：%zu件</title></rect>\n", 30 + i * 47, 200 - h, h, i + 1, months[i]);
		html_printf(b, "<text x=\"%zu\" y=\"%d\" font-size=\"12\" text-anchor=\"middle\">%zu</text>\n",
		    47 + i * 47, 195 - h, months[i]);
		html_printf(b, "<text x=\"%zu\" y=\"220\" font-size=\"12\" text-anchor=\"middle\">%zu月</text>\n",
		    47 + i * 47, i + 1);
	}
	html_lit(b, "</svg>\n<figcaption>每月收到申请数</figcaption>\n</figure>\n");

	/* Outcomes: the computed answer rows, by their last column (总计). */
	for (i = 0; i < f->nrow; i++) {
		const struct an_row *r = &f->row[i];

		if (r->metric == AN_M_ANSWER) {
			long long v = t->v[i][r->cs->ncol - 1];

			n++;
			if (v > vmax)
				vmax = v;
		}
	}
	if (n == 0)
		return;
	html_printf(b, "<figure class=\"chart\">\n<svg viewBox=\"0 0 600 %zu\" role=\"img\" "
	    "aria-labelledby=\"chart-o\" xmlns=\"http://www.w3.org/2000/svg\">\n"
	    "<title id=\"chart-o\">办理结果</title>\n", n * 22 + 10);
	for (i = 0, k = 0; i < f->nrow; i++) {
		const struct an_row *r = &f->row[i];
		long long v;
		int w;

		if (r->metric != AN_M_ANSWER)
			continue;
		v = t->v[i][r->cs->ncol - 1];
		w = (int)(v * 300 / vmax);
		html_printf(b, "<text x=\"0\" y=\"%zu\" font-size=\"11\">", k * 22 + 20);
		{
			size_t len = strlen(r->label), ch;

			/* At most 20 characters, cut between characters. */
			if (utf8_len(r->label) > 20)
				for (len = 0, ch = 0; ch < 20; len++)
					if (((unsigned char)r->label[len + 1] & 0xC0) != 0x80)
						ch++;
			html_escn(b, r->label, len);
		}
		html_printf(b, "</text>\n<rect x=\"260\" y=\"%zu\" width=\"%d\" height=\"14\" fill=\"#555\"/>"
		    "<text x=\"%d\" y=\"%zu\" font-size=\"11\">%lld</text>\n", k * 22 + 9, w,
		    266 + w, k * 22 + 20, v / 100);
		k++;
	}
	html_lit(b, "</svg>\n<figcaption>办理结果（件）</figcaption>\n</figure>\n");
}

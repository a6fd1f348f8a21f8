/* pdf-letter: an issued document as a PDF letter.  See include/ogi/pdf.h. */
#include <stdio.h>
#include <string.h>

#include "ogi/pdf.h"
#include "pdf-int.h"

/*
 * The foot: two lines of room for the seal, the issuer's name centred
 * over the date, the date four characters from the right margin (GB/T
 * 9704-2012 7.3.5.1: the seal covers both, its top within a line of the
 * text).  Kept together on one page.
 */
static void
foot(struct pen *p, const char *signer, const char *date)
{
	double dw = pen_width(p, date, p->body), sw = pen_width(p, signer, p->body);
	double dright = 4 * BODY_PT, centre, sright;

	if (p->y + 4 * p->pitch > BOTTOM + 0.5) {
		pen_new_page(p);
		p->foot_alone = 1;
	}
	p->y += 2 * p->pitch;
	centre = TEXT_W - dright - dw / 2;
	sright = TEXT_W - (centre + sw / 2);
	if (sright < 0)
		sright = 0;
	pen_para(p, signer, -1, p->body, PANGO_ALIGN_RIGHT, 0, p->pitch, sright);
	pen_para(p, date, -1, p->body, PANGO_ALIGN_RIGHT, 0, p->pitch, dright);
}

static int
addressee(const char *s, size_t n)
{
	return (n >= 3 && memcmp(s + n - 3, "：", 3) == 0) ||
	    (n >= 1 && s[n - 1] == ':');
}

static void
letter(struct pen *p, const struct doc_text *t, const char *date)
{
	const char *s = t->f[DOC_C_TEXT], *eol;
	struct buf rep;
	int first = 1;
	size_t n;

	pen_para(p, t->f[DOC_C_TITLE], -1, p->title, PANGO_ALIGN_CENTER, 0,
	    TITLE_PITCH, 0);
	pen_para(p, t->f[DOC_C_NUMBER], -1, p->body, PANGO_ALIGN_CENTER, 0, p->pitch, 0);
	if (t->f[DOC_C_REPLACES][0] != '\0') {
		buf_init(&rep);
		buf_printf(&rep, "（本文书更正并替代%s）", t->f[DOC_C_REPLACES]);
		pen_para(p, rep.s, -1, p->body, PANGO_ALIGN_CENTER, 0, p->pitch, 0);
		buf_free(&rep);
	}
	p->y += p->pitch;
	for (; *s; s = *eol ? eol + 1 : eol) {
		eol = s + strcspn(s, "\n");
		if ((n = (size_t)(eol - s)) == 0)
			continue;
		pen_para(p, s, (int)n, p->body, PANGO_ALIGN_LEFT,
		    first && addressee(s, n) ? 0 : 2 * BODY_PT, p->pitch, 0);
		first = 0;
	}
	foot(p, t->f[DOC_C_SIGNER], date);
	pen_folios(p);
}

static int
render_locked(const struct doc_text *t, struct buf *out, const char **why)
{
	static const double tighter[] = { 1, 0.96, 0.92, 0.88 };
	char date[DOC_DATE_LEN];
	struct buf title;
	struct pen p;
	size_t k;
	cal_day day;
	int rc;

	if (cal_parse(t->f[DOC_C_DATE], &day) != 0) {
		*why = "the document's date is not valid";
		return -1;
	}
	doc_date_zh(day, date);
	buf_init(&title);
	buf_printf(&title, "%s %s", t->f[DOC_C_TITLE], t->f[DOC_C_NUMBER]);
	/* Dated the time of issue. */
	rc = pen_open(&p, out, title.s, t->f[DOC_C_SIGNER], t->f[DOC_C_TIME], why);
	buf_free(&title);
	if (rc != 0)
		return -1;
	/* The issuer's name and date never stand on a page without text:
	   the lines are set closer until they fit (GB/T 9704-2012 7.3.5.4),
	   down to 22 lines in the room of 19. */
	for (k = 0; k < sizeof(tighter) / sizeof(tighter[0]); k++) {
		pen_clear(&p);
		p.foot_alone = 0;
		p.pitch = PITCH * tighter[k];
		letter(&p, t, date);
		if (!p.foot_alone)
			break;
	}
	return pen_close(&p, why);
}

int
doc_pdf(const struct doc_text *t, struct buf *out, const char **why)
{
	int rc;

	pdf_lock();
	rc = render_locked(t, out, why);
	pdf_unlock();
	return rc;
}

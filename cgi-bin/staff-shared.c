/* What the staff desk's pages share.  See staff.h. */
#include <stdio.h>
#include <string.h>

#include "ogi/annual.h"
#include "ogi/html.h"
#include "ogi/out.h"

#include "staff.h"

void
desk_error(struct req *q, int status, const char *msg)
{
	q->resp->status = status;
	buf_reset(&q->resp->body);
	html_error_page(&q->resp->body, &q->c->b.site, status, msg);
}

void
desk_redirect(struct req *q, const char *to)
{
	q->resp->status = 303;
	if (cgi_header(q->resp, "Location", "%s", to) != 0) {
		desk_error(q, 500, "系统出错。");
		return;
	}
	buf_reset(&q->resp->body);
	html_lit(&q->resp->body, "<!DOCTYPE html><title>303</title>\n");
}

void
desk_cookie(struct req *q, const char *value, int expire)
{
	/* Cannot fail: a cookie is made of base64url characters. */
	(void)cgi_header(q->resp, "Set-Cookie", AUTH_COOKIE "=%s; Path=/staff;"
	    " HttpOnly; SameSite=Strict%s%s", value,
	    q->r->https ? "; Secure" : "", expire ? "; Max-Age=0" : "");
}

void
desk_begin(struct req *q, const char *title, const char *nav)
{
	q->resp->no_store = 1;
	html_begin_staff(&q->resp->body, &q->c->b.site, title, nav,
	    q->s.who != NULL ? q->s.who->name : NULL, q->s.csrf,
	    desk_top_admin(q));
}

void
desk_csrf_field(struct buf *b, const struct req *q)
{
	html_printf(b, "<input type=\"hidden\" name=\"csrf\" value=\"%s\">\n",
	    q->s.csrf);
}

const char *
desk_posted(const struct req *q, const char *key)
{
	const char *v = form_get(&q->post, key);

	return v != NULL ? v : "";
}

void
desk_date(cal_day d, char out[CAL_DATE_LEN])
{
	if (d < 0)
		out[0] = '\0';
	else
		cal_format(d, out);
}

void
desk_date_cn(cal_day d, char out[DESK_CN_LEN])
{
	int y, m, dd;

	if (d < 0) {
		out[0] = '\0';
		return;
	}
	cal_to_ymd(d, &y, &m, &dd);
	(void)snprintf(out, DESK_CN_LEN, "%d年%d月%d日", y, m, dd);
}

void
desk_time_cn(const char *iso, char out[DESK_CN_LEN])
{
	int y, mo, d, h, mi;

	if (sscanf(iso, "%4d-%2d-%2d%*[T ]%2d:%2d", &y, &mo, &d, &h, &mi) == 5)
		(void)snprintf(out, DESK_CN_LEN, "%d年%d月%d日 %02d:%02d", y, mo,
		    d, h, mi);
	else
		(void)snprintf(out, DESK_CN_LEN, "%s", iso);
}

void
desk_due(struct buf *b, const struct req *q, cal_day due, cal_day from)
{
	char ds[DESK_CN_LEN];
	struct buf note;

	desk_date_cn(due, ds);
	if (from < 0) {
		html_printf(b, "<span class=\"nowrap\">%s</span>", ds);
		return;
	}
	buf_init(&note);
	case_prov_note(&q->c->b.cases, from, due, &note);
	html_printf(b, "<span class=\"nowrap\">预计 %s</span>（%s）", ds, note.s);
	buf_free(&note);
}

void
desk_sentence(struct buf *b, const char *text)
{
	static const char *const ends[] = { "。", "！", "？", "；", "." };
	size_t len = strlen(text), i, n;

	if (len == 0)
		return;
	html_esc_lines(b, text);
	for (i = 0; i < sizeof(ends) / sizeof(ends[0]); i++) {
		n = strlen(ends[i]);
		if (len >= n && strcmp(text + len - n, ends[i]) == 0)
			return;
	}
	html_lit(b, "。");
}

void
desk_lines(struct buf *b, const char *p)
{
	const char *nl;

	while ((nl = strchr(p, '\n')) != NULL) {
		html_printf(b, "<li>%.*s</li>\n", (int)(nl - p), p);
		p = nl + 1;
	}
}

int
desk_concluded(enum case_state s)
{
	return s == CS_ANSWERED || s == CS_CLOSED;
}

const char *
desk_label(const struct form_choice *t, const char *code)
{
	int i = form_choice_index(t, code);

	return i < 0 ? code : t[i].label;
}

int
desk_reaches(const struct req *q, const char *agency)
{
	if (q->s.who == NULL)
		return 0;
	return an_reaches(&q->c->b.agencies, q->c->b.site.agency,
	    q->s.who->agency, q->s.who->role == ROLE_ADMIN, agency);
}

int
desk_sees(const struct req *q, const struct app_rec *r)
{
	return desk_reaches(q, apps_agency(&q->c->b.cases.apps, r));
}

int
desk_top_admin(const struct req *q)
{
	return q->s.who != NULL && q->s.who->role == ROLE_ADMIN &&
	    strcmp(q->s.who->agency, q->c->b.site.agency) == 0;
}

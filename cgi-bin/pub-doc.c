/*
 * The applicant's documents (include/ogi/doc.h): on /track, once a code
 * has been looked up, the documents issued to the applicant (not a
 * consultation's letters, which go to a third party or another body), each
 * with a view and a PDF download; POST /track/doc shows one.  Each is a
 * form that carries the tracking code in its body, never in an address,
 * with n, the document's place among the case's (from 1): the code finds
 * the case, and n only its documents, so a 文号 alone reaches nothing and
 * another case's code reaches that case's documents only.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ogi/doc.h"
#include "ogi/form.h"
#include "ogi/html.h"
#include "ogi/token.h"

#include "public.h"

static const char *
kind_title(const struct docs *d, const struct doc_rec *x)
{
	return x->kind < d->nkinds ? d->kinds[x->kind].title : "文书";
}

static int
for_applicant(const struct docs *d, const struct doc_rec *x)
{
	return doc_to_applicant(x->kind < d->nkinds ? &d->kinds[x->kind] : NULL);
}

static void
doc_button(struct buf *b, const char *code, int n, const char *as,
    const char *label)
{
	html_lit(b, "<form method=\"post\" action=\"/track/doc\" class=\"inline\">"
	    "<input type=\"hidden\" name=\"code\" value=\"");
	html_esc(b, code);
	html_printf(b, "\"><input type=\"hidden\" name=\"n\" value=\"%d\">"
	    "<input type=\"hidden\" name=\"as\" value=\"%s\">"
	    "<button type=\"submit\">%s</button></form>", n, as, label);
}

void
pub_docs(struct buf *b, const struct pub *c, const struct app_rec *r,
    const char *code)
{
	const struct docs *d = &c->b.docs;
	const struct doc_rec *x;
	char ds[CAL_DATE_LEN];
	int n = 0, shown = 0;

	for (x = docs_first(d, r->id); x != NULL; x = docs_next(d, x)) {
		n++;
		if (!for_applicant(d, x))
			continue;
		if (shown++ == 0)
			html_lit(b, "<h2 id=\"docs\">本机关出具的文书</h2>\n"
			    "<table class=\"docs\">\n<thead><tr><th scope=\"col\">文号</th>"
			    "<th scope=\"col\">文书</th><th scope=\"col\">日期</th>"
			    "<th scope=\"col\">查看</th></tr></thead>\n<tbody>\n");
		cal_format(x->date, ds);
		html_printf(b, "<tr><td class=\"doc-number\">%s</td><td>%s", doc_number(d, x),
		    kind_title(d, x));
		if (x->replaced_by != 0)
			html_printf(b, "（已由%s更正）", doc_number(d,
			    &d->v[x->replaced_by - 1]));
		html_printf(b, "</td><td>%s</td><td>", ds);
		doc_button(b, code, n, "html", "查看");
		html_lit(b, " ");
		doc_button(b, code, n, "pdf", "下载PDF");
		html_lit(b, "</td></tr>\n");
	}
	if (shown > 0)
		html_lit(b, "</tbody></table>\n");
}

/* POST /track/doc: code, n, as (html or pdf). */
void
page_track_doc(struct cgi_req *req, struct cgi_resp *resp, struct pub *c,
    const char *rest)
{
	const struct docs *d = &c->b.docs;
	const struct app_rec *r = NULL;
	const struct doc_rec *x = NULL;
	const char *code, *as, *ns, *why = NULL;
	char norm[TOKEN_CODE_CHARS + 1], hash[TOKEN_HASH_HEX + 1], *body, *end;
	struct buf *b = &resp->body;
	struct doc_text t;
	struct form f;
	size_t len;
	long n = 0;
	int st;

	(void)rest;
	resp->no_store = 1;
	memset(&f, 0, sizeof(f));
	if ((st = cgi_read_body(req, 4096, &body, &len)) != 0) {
		pub_error(resp, c, st, "请求无法识别，请在“查询办理进度”页面输入查询码后查看文书。");
		return;
	}
	if (form_parse(&f, body, len) != FORM_OK) {
		free(body);
		pub_error(resp, c, 400, "请求无法识别，请在“查询办理进度”页面输入查询码后查看文书。");
		return;
	}
	free(body);
	code = form_get(&f, "code");
	as = form_get(&f, "as");
	ns = form_get(&f, "n");
	if (code == NULL || as == NULL || ns == NULL ||
	    (strcmp(as, "html") != 0 && strcmp(as, "pdf") != 0) ||
	    ns[0] < '1' || ns[0] > '9' || (n = strtol(ns, &end, 10)) <= 0 ||
	    *end != '\0') {
		pub_error(resp, c, 400, "请求无法识别，请在“查询办理进度”页面输入查询码后查看文书。");
		goto out;
	}
	if (token_code_parse(code, norm) == 0) {
		token_code_hash(norm, hash);
		r = apps_by_code(&c->b.cases.apps, hash);
	}
	if (r != NULL)
		for (x = docs_first(d, r->id); x != NULL && n > 1;
		    x = docs_next(d, x))
			n--;
	/* The same answer for a wrong code, another case's document and a
	   letter that is not the applicant's. */
	if (r == NULL || x == NULL || !for_applicant(d, x)) {
		pub_error(resp, c, 404, "没有找到这份文书。请在“查询办理进度”页面输入查询码后查看。");
		goto out;
	}
	if (strcmp(as, "pdf") == 0) {
		if (boot_pdf(&c->b, x, b, &why) != 0) {
			fprintf(stderr, "ogi-public: PDF: %s\n", why);
			buf_reset(b);
			pub_error(resp, c, 500, "暂时无法生成PDF文件，请稍后再试。");
			goto out;
		}
		resp->content_type = "application/pdf";
		(void)cgi_header(resp, "Content-Disposition",
		    "attachment; filename=\"%s-%s.pdf\"", r->id, ns);
		goto out;
	}
	if (docs_read(d, x, &t) != 0) {
		pub_error(resp, c, 503, "系统暂时无法读取这份文书，请稍后再试。");
		goto out;
	}
	doc_page(b, &c->b.site, &t, NULL, NULL);
	html_lit(b, "<nav class=\"screen letter-tools wrap\" aria-label=\"文书下载\">");
	doc_button(b, code, (int)strtol(ns, NULL, 10), "pdf", "下载PDF");
	html_lit(b, "<p><a href=\"/track\">返回查询办理进度</a></p></nav>\n</body>\n</html>\n");
	doc_text_free(&t);
out:
	form_free(&f);
}

/* Replace every s in b's text with to. */
static void
replace_all(struct buf *b, const char *s, const char *to)
{
	struct buf out;
	const char *p, *q;
	size_t n = strlen(s);

	if (n == 0 || strstr(b->s, s) == NULL)
		return;
	buf_init(&out);
	for (p = b->s; (q = strstr(p, s)) != NULL; p = q + n) {
		buf_add(&out, p, (size_t)(q - p));
		buf_adds(&out, to);
	}
	buf_adds(&out, p);
	buf_free(b);
	*b = out;
}

static int
longer_first(const void *a, const void *b)
{
	size_t x = strlen(*(char *const *)a), y = strlen(*(char *const *)b);

	return x < y ? 1 : x > y ? -1 : 0;
}

/* The applicant's personal fields, as typed: what the published text must
   not show. */
static const enum app_field personal[] = {
	APP_NAME, APP_EMPLOYER, APP_ID_NUMBER, APP_ORG_NAME, APP_ORG_CODE,
	APP_LEGAL_REP, APP_CONTACT_NAME, APP_PHONE, APP_EMAIL, APP_ADDRESS,
	APP_POSTCODE,
};
#define NPERSONAL (sizeof(personal) / sizeof(personal[0]))

void
pub_published(struct buf *b, struct pub *c, const struct app_rec *a,
    const struct doc_rec *x)
{
	const struct case_sum *s = cases_sum(&c->b.cases,
	    (size_t)(a - c->b.cases.apps.v));
	char *vals[APP_FIELD__MAX], *pv[NPERSONAL + 1], mark[4][3];
	const char *ours[4] = { NULL, NULL, NULL, NULL };
	const struct doc_issuer *iss;
	struct doc_text t;
	struct buf text;
	char *keep;
	size_t i, n = 0;

	if (apps_read_fields(&c->b.cases.apps, a, vals) != 0)
		return;
	if (docs_read(&c->b.docs, x, &t) != 0) {
		form_vals_free(vals, APP_FIELD__MAX);
		return;
	}
	buf_init(&text);
	buf_adds(&text, t.f[DOC_C_TEXT]);
	/* The issuer's own words (its name, 复议机关, court, contact line)
	   stay as they are, though the applicant's postcode or street be the
	   same: set aside behind control characters, which no issued text
	   holds, and put back after. */
	if ((iss = docs_issuer(&c->b.docs, t.f[DOC_C_AGENCY])) != NULL) {
		ours[0] = iss->contact;
		ours[1] = iss->review_body;
		ours[2] = iss->court;
		ours[3] = iss->signer;
	}
	for (i = 0; i < 4; i++) {
		mark[i][0] = '\001';
		mark[i][1] = (char)('\002' + i);
		mark[i][2] = '\0';
		if (ours[i] != NULL && utf8_len(ours[i]) >= 2)
			replace_all(&text, ours[i], mark[i]);
	}
	/* Longest first, so that a name inside an address or an
	   organisation's name goes with it; a one-character value is left,
	   as it would take every such character of the text with it. */
	for (i = 0; i < NPERSONAL; i++)
		if (utf8_len(vals[personal[i]]) >= 2)
			pv[n++] = vals[personal[i]];
	qsort(pv, n, sizeof(pv[0]), longer_first);
	for (i = 0; i < n; i++)
		replace_all(&text, pv[i], "「申请人」");
	/* The subject, where the register does not show it either. */
	if (strcmp(reg_subject(&c->b.cases.apps, a, s), vals[APP_SUBJECT]) != 0 &&
	    utf8_len(vals[APP_SUBJECT]) >= 2)
		replace_all(&text, vals[APP_SUBJECT], "「所需信息名称不予公开」");
	for (i = 0; i < 4; i++)
		if (ours[i] != NULL && utf8_len(ours[i]) >= 2)
			replace_all(&text, mark[i], ours[i]);
	/* The letter's layout (a stylesheet link may stand in the body). */
	html_lit(b, "<link rel=\"stylesheet\" href=\"/static/letter.css\">\n"
	    "<section class=\"published\" aria-labelledby=\"published\">\n"
	    "<h2 id=\"published\">答复书（依申请公开转主动公开）</h2>\n"
	    "<p class=\"hint\">根据《中华人民共和国政府信息公开条例》第四十四条，本机关将这份答复公开；"
	    "申请人的个人信息以「申请人」代替。</p>\n");
	keep = t.f[DOC_C_TEXT];
	t.f[DOC_C_TEXT] = text.s;
	doc_html(b, &t);
	t.f[DOC_C_TEXT] = keep;
	html_lit(b, "</section>\n");
	buf_free(&text);
	doc_text_free(&t);
	form_vals_free(vals, APP_FIELD__MAX);
}

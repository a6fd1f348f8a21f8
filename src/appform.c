/* appform: the application form's fields, for the public and staff desk. */
#include <string.h>

#include "ogi/app.h"
#include "ogi/appform.h"
#include "ogi/buf.h"
#include "ogi/html.h"

const char *
appform_typed(const struct appform *v, enum app_field f)
{
	const char *s = v->in != NULL ? form_get(v->in, app_rules[f].key) : NULL;

	return s != NULL ? s : "";
}

static const char *
err_of(const struct appform *v, enum app_field f)
{
	return v->errs != NULL ? v->errs[f] : NULL;
}

/* Label, hint and error of one field; opens nothing. */
static void
field_head(struct buf *b, const struct appform *v, enum app_field f,
    int required, const char *hint)
{
	const char *key = app_rules[f].key, *e = err_of(v, f);

	buf_printf(b, "<label for=\"f-%s\">", key);
	html_esc(b, app_rules[f].label);
	if (required)
		buf_adds(b, "<span class=\"req\" aria-hidden=\"true\">*</span>");
	else
		buf_adds(b, "<span class=\"opt\">（选填）</span>");
	buf_adds(b, "</label>\n");
	if (hint != NULL) {
		buf_printf(b, "<p class=\"hint\" id=\"h-%s\">", key);
		html_esc(b, hint);
		buf_adds(b, "</p>\n");
	}
	if (e != NULL) {
		buf_printf(b, "<p class=\"field-error\" id=\"e-%s\">", key);
		html_esc(b, e);
		buf_adds(b, "</p>\n");
	}
}

static void
described_by(struct buf *b, const struct appform *v, enum app_field f,
    const char *hint)
{
	const char *key = app_rules[f].key;
	int e = err_of(v, f) != NULL;

	if (hint == NULL && !e)
		return;
	buf_adds(b, " aria-describedby=\"");
	if (hint != NULL)
		buf_printf(b, "h-%s%s", key, e ? " " : "");
	if (e)
		buf_printf(b, "e-%s", key);
	buf_adds(b, "\" aria-invalid=\"");
	buf_adds(b, e ? "true\"" : "false\"");
}

static void
input(struct buf *b, const struct appform *v, enum app_field f,
    const char *type, int required, const char *hint, const char *extra)
{
	const char *key = app_rules[f].key;

	buf_printf(b, "<div class=\"field%s\">\n", err_of(v, f) ? " has-error" : "");
	field_head(b, v, f, required, hint);
	buf_printf(b, "<input type=\"%s\" id=\"f-%s\" name=\"%s\" value=\"",
	    type, key, key);
	html_esc(b, appform_typed(v, f));
	buf_adds(b, "\"");
	if (app_rules[f].maxchars > 0)
		buf_printf(b, " maxlength=\"%zu\"", app_rules[f].maxchars);
	if (extra != NULL)
		buf_printf(b, " %s", extra);
	if (required)
		buf_adds(b, " aria-required=\"true\"");
	described_by(b, v, f, hint);
	buf_adds(b, ">\n</div>\n");
}

static void
textarea(struct buf *b, const struct appform *v, enum app_field f,
    const char *hint)
{
	const char *key = app_rules[f].key;

	buf_printf(b, "<div class=\"field%s\">\n", err_of(v, f) ? " has-error" : "");
	field_head(b, v, f, 1, hint);
	buf_printf(b, "<textarea id=\"f-%s\" name=\"%s\" rows=\"6\" maxlength=\"%zu\"",
	    key, key, app_rules[f].maxchars);
	described_by(b, v, f, hint);
	buf_adds(b, ">");
	html_esc(b, appform_typed(v, f));
	buf_adds(b, "</textarea>\n</div>\n");
}

static void
select_list(struct buf *b, const struct appform *v, enum app_field f,
    const struct app_choice *ch)
{
	const char *key = app_rules[f].key, *cur = appform_typed(v, f);

	buf_printf(b, "<div class=\"field%s\">\n", err_of(v, f) ? " has-error" : "");
	field_head(b, v, f, 1, NULL);
	buf_printf(b, "<select id=\"f-%s\" name=\"%s\"", key, key);
	described_by(b, v, f, NULL);
	buf_adds(b, ">\n<option value=\"\">请选择</option>\n");
	for (; ch->code != NULL; ch++) {
		buf_printf(b, "<option value=\"%s\"%s>", ch->code,
		    strcmp(cur, ch->code) == 0 ? " selected" : "");
		html_esc(b, ch->label);
		buf_adds(b, "</option>\n");
	}
	buf_adds(b, "</select>\n</div>\n");
}

/* Is code among what was typed for a key (given once or more)? */
static int
typed_has(const struct appform *v, const char *key, const char *code)
{
	size_t i, n = strlen(code);
	const char *p;

	if (v->in == NULL)
		return 0;
	for (i = 0; i < v->in->n; i++) {
		if (strcmp(v->in->p[i].key, key) != 0)
			continue;
		for (p = v->in->p[i].val; (p = strstr(p, code)) != NULL; p += n)
			if ((p == v->in->p[i].val || p[-1] == ' ' || p[-1] == ',') &&
			    (p[n] == '\0' || p[n] == ' ' || p[n] == ','))
				return 1;
	}
	return 0;
}

/* A group of radio buttons (one) or check boxes (several), of the first
   `offered` choices and any other that was typed; the legend says
   请选择 or 可多选. */
static void
radios(struct buf *b, const struct appform *v, enum app_field f,
    const struct app_choice *ch, const char *def, size_t offered)
{
	const char *key = app_rules[f].key, *cur = appform_typed(v, f), *e = err_of(v, f);
	int many = app_rules[f].kind == FORM_CHOICES, on;
	size_t i;

	if (cur[0] == '\0' && v->in == NULL && def != NULL)
		cur = def;
	buf_printf(b, "<fieldset class=\"field radios%s\" id=\"f-%s\"",
	    e ? " has-error" : "", key);
	if (e != NULL)
		buf_printf(b, " aria-describedby=\"e-%s\"", key);
	buf_adds(b, ">\n<legend>");
	html_esc(b, app_rules[f].label);
	buf_adds(b, many ? "（请选择，可多选）" : "（请选择）");
	buf_adds(b, "<span class=\"req\" aria-hidden=\"true\">*</span></legend>\n");
	if (e != NULL) {
		buf_printf(b, "<p class=\"field-error\" id=\"e-%s\">", key);
		html_esc(b, e);
		buf_adds(b, "</p>\n");
	}
	for (i = 0; ch[i].code != NULL; i++) {
		on = many ? typed_has(v, key, ch[i].code) :
		    strcmp(cur, ch[i].code) == 0;
		if (i >= offered && !on)
			continue;	/* accepted, no longer offered */
		buf_printf(b, "<label class=\"choice\"><input type=\"%s\" "
		    "name=\"%s\" id=\"f-%s-%s\" value=\"%s\"%s> ",
		    many ? "checkbox" : "radio", key, key, ch[i].code, ch[i].code,
		    on ? " checked" : "");
		html_esc(b, ch[i].label);
		buf_adds(b, "</label>\n");
	}
	buf_adds(b, "</fieldset>\n");
}


void
appform_errors(struct buf *b, const struct appform *v)
{
	size_t i;

	if (v->nerr == 0)
		return;
	buf_printf(b, "<div class=\"error-summary\" role=\"alert\" "
	    "tabindex=\"-1\">\n<h2>申请未提交：有 %zu 处需要修改</h2>\n<ul>\n",
	    v->nerr);
	for (i = 0; i < v->nextra; i++) {
		buf_printf(b, "<li><a href=\"#%s\">", v->extra[i].anchor);
		html_esc(b, v->extra[i].msg);
		buf_adds(b, "</a></li>\n");
	}
	for (i = 0; i < APP_FIELD__MAX; i++) {
		if (v->errs[i] == NULL)
			continue;
		buf_printf(b, "<li><a href=\"#f-%s\">", app_rules[i].key);
		html_esc(b, app_rules[i].label);
		buf_adds(b, "：");
		html_esc(b, v->errs[i]);
		buf_adds(b, "</a></li>\n");
	}
	buf_adds(b, "</ul>\n</div>\n");
}

void
appform_fields(struct buf *b, const struct appform *v)
{
	radios(b, v, APP_APPLICANT_TYPE, app_applicant_types, "person", 99);

	buf_adds(b, "<fieldset class=\"group person\">\n<legend>申请人信息（公民填写）</legend>\n");
	input(b, v, APP_NAME, "text", 1, NULL, "autocomplete=\"name\"");
	input(b, v, APP_EMPLOYER, "text", 0, NULL, "autocomplete=\"organization\"");
	select_list(b, v, APP_ID_TYPE, app_id_types);
	input(b, v, APP_ID_NUMBER, "text", 1, "居民身份证为18位，最后一位可为 X。",
	    "autocomplete=\"off\" spellcheck=\"false\"");
	buf_adds(b, "</fieldset>\n");

	buf_adds(b, "<fieldset class=\"group org\">\n<legend>申请人信息（法人或其他组织填写）</legend>\n");
	input(b, v, APP_ORG_NAME, "text", 1, NULL, "autocomplete=\"organization\"");
	input(b, v, APP_ORG_CODE, "text", 1, "18位，见营业执照或登记证书。",
	    "autocomplete=\"off\" spellcheck=\"false\"");
	select_list(b, v, APP_ORG_KIND, app_org_kinds);
	input(b, v, APP_LEGAL_REP, "text", 1, NULL, NULL);
	input(b, v, APP_CONTACT_NAME, "text", 1, NULL, "autocomplete=\"name\"");
	buf_adds(b, "</fieldset>\n");

	buf_adds(b, "<fieldset class=\"group\">\n<legend>联系方式</legend>\n");
	input(b, v, APP_PHONE, "tel", 1, "11位手机号码，或“区号-号码”形式的固定电话。",
	    "autocomplete=\"tel\"");
	input(b, v, APP_EMAIL, "email", 0, "选择通过电子邮件获取时必填。",
	    "autocomplete=\"email\"");
	input(b, v, APP_ADDRESS, "text", 1, NULL, "autocomplete=\"address-line1\"");
	input(b, v, APP_POSTCODE, "text", 0, "6位数字；选择邮寄时必填。",
	    "inputmode=\"numeric\" autocomplete=\"postal-code\"");
	buf_adds(b, "</fieldset>\n");

	buf_adds(b, "<fieldset class=\"group\">\n<legend>所需政府信息</legend>\n");
	input(b, v, APP_SUBJECT, "text", 1, NULL, NULL);
	textarea(b, v, APP_DESCRIPTION, "请写明信息的名称、文号或者便于查询的特征性描述。");
	input(b, v, APP_DOC_NUMBER, "text", 0, NULL, NULL);
	radios(b, v, APP_MEDIUM, app_media, NULL, app_media_offered);
	radios(b, v, APP_DELIVERY, app_deliveries, NULL, app_deliveries_offered);
	buf_adds(b, "<div class=\"field check\">\n<label class=\"choice\">"
	    "<input type=\"checkbox\" id=\"f-publish_subject\" name=\"publish_subject\" value=\"1\"");
	if (strcmp(appform_typed(v, APP_PUBLISH_SUBJECT), "1") == 0)
		buf_adds(b, " checked");
	buf_adds(b, "> 同意在申请公开登记中公布“所需政府信息的名称”（不会公布姓名和联系方式）</label>\n</div>\n");
	buf_adds(b, "</fieldset>\n");
}

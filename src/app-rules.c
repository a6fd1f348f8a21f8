/*
 * app-rules: the application form's choices, its rules and checks (phone,
 * e-mail, postcode, the resident ID's check digit, the unified social
 * credit code's check character, contradictions between choices) and the
 * applicant's identity as compared.  The records are app.c's.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ogi/app.h"
#include "ogi/buf.h"
#include "ogi/site.h"

#define P	APP_CTX_PERSON
#define O	APP_CTX_ORG
#define ALL	(APP_CTX_PERSON | APP_CTX_ORG | APP_CTX_COMMON)

const struct app_choice app_applicant_types[] = {
	{ "person", "公民" },
	{ "org", "法人或其他组织" },
	{ NULL, NULL }
};
const struct app_choice app_id_types[] = {
	{ "resident", "居民身份证" },
	{ "passport", "护照" },
	{ "hkmo", "港澳居民来往内地通行证" },
	{ "tw", "台湾居民来往大陆通行证" },
	{ "foreign", "外国人永久居留身份证" },
	{ "other", "其他有效身份证件" },
	{ NULL, NULL }
};
const struct app_choice app_org_kinds[] = {
	{ "business", "商业企业" },
	{ "research", "科研机构" },
	{ "nonprofit", "社会公益组织" },
	{ "legal", "法律服务机构" },
	{ "other", "其他" },
	{ NULL, NULL }
};
/* The official form's words (政府信息的指定提供方式, 获取信息的方式); the
   codes after the offered ones are still accepted and shown, for records
   and integrators from before (electronic: 电子, of any kind; fax). */
const struct app_choice app_media[] = {
	{ "paper", "纸质文本" },
	{ "email", "电子邮件" },
	{ "cd", "光盘" },
	{ "disk", "磁盘" },
	{ "electronic", "电子文本" },
	{ NULL, NULL }
};
const size_t app_media_offered = 4;
const struct app_choice app_deliveries[] = {
	{ "post", "邮寄" },
	{ "email", "电子邮件" },
	{ "pickup", "当面领取" },
	{ "onsite", "现场查阅" },
	{ "fax", "传真" },
	{ NULL, NULL }
};
const size_t app_deliveries_offered = 4;

/* How an application came: the records keep the label (当面 …), a ledger
   names the code; one table, the labels also as a list. */
const struct app_choice app_channel_choices[] = {
	{ "in_person", "当面" },
	{ "fax", "传真" },
	{ "online", "网络" },
	{ "letter", "信函" },
	{ NULL, NULL }
};
const char *const app_channels[] = { "当面", "传真", "网络", "信函", NULL };

const char *
app_choice_label(const struct app_choice *c, const char *code)
{
	return form_choice_label(c, code);
}

static int
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* n digits at *p (moving it); 0 when there are fewer or more. */
static int
digits(const char **p, size_t min, size_t max)
{
	size_t n = 0;

	while (is_digit((*p)[n]))
		n++;
	if (n < min || n > max)
		return 0;
	*p += n;
	return 1;
}

/*
 * A mobile number (11 digits from 13 to 19, "+86" before it allowed) or a
 * fixed line: the area code (0 and 2 or 3 digits, in brackets or followed
 * by "-" or a space) and 7 or 8 digits, an extension after "-" allowed.
 */
static const char *
check_phone(const char *v)
{
	const char *p = v;

	for (; *p != '\0'; p++)
		if (!is_digit(*p) && strchr("+-() ", *p) == NULL)
			return "电话号码只能包含数字、空格、“+”“-”和括号。";
	p = v;
	if (strncmp(p, "+86", 3) == 0)
		p += *(p + 3) == ' ' || *(p + 3) == '-' ? 4 : 3;
	if (p[0] == '1' && p[1] >= '3' && p[1] <= '9' && digits(&p, 11, 11) &&
	    *p == '\0')
		return NULL;
	/* Area code and number run together: 0 and 9 to 11 digits. */
	p = v;
	if (*p == '0' && digits(&p, 10, 12) && *p == '\0')
		return NULL;
	p = v;
	if (*p == '(') {
		p++;
		if (*p != '0' || !digits(&p, 3, 4) || *p++ != ')')
			goto bad;
		if (*p == ' ' || *p == '-')
			p++;
	} else if (*p == '0' && digits(&p, 3, 4)) {
		if (*p == '-' || *p == ' ')
			p++;
		else
			goto bad;
	} else
		goto bad;
	if (*p == '0' || !digits(&p, 7, 8))
		goto bad;
	if (*p == '-' && (p++, !digits(&p, 1, 6)))
		goto bad;
	if (*p == '\0')
		return NULL;
bad:
	return "请填写11位手机号码，或“区号-号码”形式的固定电话（如 13800000000、010-12345678）。";
}

static const char *
check_email(const char *v)
{
	const char *at = strchr(v, '@'), *p, *dot;

	if (at == NULL || at == v || strchr(at + 1, '@') != NULL ||
	    at - v > 64 || strlen(v) > 254)
		goto bad;
	for (p = v; p < at; p++)
		if ((unsigned char)*p <= ' ' || strchr("\"(),:;<>[\\]", *p))
			goto bad;
	dot = strrchr(at + 1, '.');
	if (dot == NULL || dot == at + 1 || dot[1] == '\0')
		goto bad;
	for (p = at + 1; *p != '\0'; p++)
		if (!(is_digit(*p) || (*p >= 'a' && *p <= 'z') ||
		    (*p >= 'A' && *p <= 'Z') || *p == '.' || *p == '-'))
			goto bad;
	if (strstr(at + 1, "..") != NULL)
		goto bad;
	return NULL;
bad:
	return "请填写有效的电子邮箱地址，如 name@example.com。";
}

static const char *
check_postcode(const char *v)
{
	size_t i;

	for (i = 0; i < 6; i++)
		if (!is_digit(v[i]))
			break;
	if (i != 6 || v[6] != '\0')
		return "邮政编码应为6位数字。";
	return NULL;
}

static const char *
check_credit_code(const char *v)
{
	char up[19];
	size_t i;

	/* Letters may be typed in lower case; app_validate upcases them. */
	for (i = 0; i < sizeof(up) - 1 && v[i] != '\0'; i++)
		up[i] = v[i] >= 'a' && v[i] <= 'z' ? (char)(v[i] - 'a' + 'A') : v[i];
	up[i] = '\0';
	if (v[i] != '\0' || !app_credit_code_ok(up))
		return "统一社会信用代码应为18位，且校验位正确（不含 I、O、Z、S、V）。";
	return NULL;
}

const struct form_rule app_rules[APP_FIELD__MAX] = {
	[APP_APPLICANT_TYPE] = { "applicant_type", "申请人类型", FORM_CHOICE,
	    ALL, ALL, 0, app_applicant_types, NULL },
	[APP_NAME] = { "name", "姓名", FORM_LINE, P, P, 50, NULL, NULL },
	[APP_EMPLOYER] = { "employer", "工作单位", FORM_LINE, P, 0, 100,
	    NULL, NULL },
	[APP_ID_TYPE] = { "id_type", "证件类型", FORM_CHOICE, P, P, 0,
	    app_id_types, NULL },
	[APP_ID_NUMBER] = { "id_number", "证件号码", FORM_LINE, P, P, 30,
	    NULL, NULL },
	[APP_ORG_NAME] = { "org_name", "名称", FORM_LINE, O, O, 100, NULL, NULL },
	[APP_ORG_CODE] = { "org_code", "统一社会信用代码", FORM_LINE, O, O, 18,
	    NULL, check_credit_code },
	[APP_ORG_KIND] = { "org_kind", "类型", FORM_CHOICE, O, O, 0,
	    app_org_kinds, NULL },
	[APP_LEGAL_REP] = { "legal_rep", "法定代表人", FORM_LINE, O, O, 50,
	    NULL, NULL },
	[APP_CONTACT_NAME] = { "contact_name", "联系人", FORM_LINE, O, O, 50,
	    NULL, NULL },
	[APP_PHONE] = { "phone", "联系电话", FORM_LINE, ALL, ALL, 30, NULL,
	    check_phone },
	[APP_EMAIL] = { "email", "电子邮箱", FORM_LINE, ALL, 0, 100, NULL,
	    check_email },
	[APP_ADDRESS] = { "address", "通信地址", FORM_LINE, ALL, ALL, 200,
	    NULL, NULL },
	[APP_POSTCODE] = { "postcode", "邮政编码", FORM_LINE, ALL, 0, 6, NULL,
	    check_postcode },
	[APP_SUBJECT] = { "subject", "所需政府信息的名称", FORM_LINE, ALL, ALL,
	    200, NULL, NULL },
	[APP_DESCRIPTION] = { "description", "所需政府信息的内容描述", FORM_TEXT,
	    ALL, ALL, 2000, NULL, NULL },
	[APP_DOC_NUMBER] = { "doc_number", "文号", FORM_LINE, ALL, 0, 100,
	    NULL, NULL },
	[APP_MEDIUM] = { "medium", "政府信息的指定提供方式", FORM_CHOICES, ALL,
	    ALL, 0, app_media, NULL },
	[APP_DELIVERY] = { "delivery", "获取信息的方式", FORM_CHOICE, ALL, ALL,
	    0, app_deliveries, NULL },
	[APP_PUBLISH_SUBJECT] = { "publish_subject", "同意公开所需信息名称",
	    FORM_FLAG, ALL, 0, 0, NULL, NULL },
};

static void
upcase(char *s)
{
	for (; *s != '\0'; s++)
		if (*s >= 'a' && *s <= 'z')
			*s = (char)(*s - 'a' + 'A');
}

/* Is code one of the space-separated codes? */
static int
codes_have(const char *codes, const char *code)
{
	size_t n = strlen(code);
	const char *p = codes;

	while ((p = strstr(p, code)) != NULL) {
		if ((p == codes || p[-1] == ' ') && (p[n] == '\0' || p[n] == ' '))
			return 1;
		p += n;
	}
	return 0;
}

const char *
app_choices_label(const struct app_choice *c, const char *codes,
    struct buf *b)
{
	const char *p, *e;
	char code[32];
	size_t n;

	buf_reset(b);
	for (p = codes; *p != '\0'; p = *e ? e + 1 : e) {
		e = p + strcspn(p, " ");
		n = (size_t)(e - p);
		if (n == 0 || n >= sizeof(code))
			continue;
		memcpy(code, p, n);
		code[n] = '\0';
		if (b->len > 0)
			buf_adds(b, "、");
		buf_adds(b, form_choice_label(c, code)[0] ?
		    form_choice_label(c, code) : code);
	}
	return b->len > 0 ? b->s : "";
}

size_t
app_validate(const struct form *f, char **vals, const char **errs)
{
	const char *type = form_get(f, "applicant_type");
	unsigned ctx = APP_CTX_COMMON;
	size_t nerr;

	if (type != NULL && strcmp(type, "person") == 0)
		ctx |= APP_CTX_PERSON;
	else if (type != NULL && strcmp(type, "org") == 0)
		ctx |= APP_CTX_ORG;
	nerr = form_validate(f, app_rules, APP_FIELD__MAX, ctx, vals, errs);

	/* Checks that span fields. */
	upcase(vals[APP_ORG_CODE]);
	if (strcmp(vals[APP_ID_TYPE], "resident") == 0 &&
	    errs[APP_ID_NUMBER] == NULL && vals[APP_ID_NUMBER][0] != '\0') {
		upcase(vals[APP_ID_NUMBER]);
		if (!app_resident_id_ok(vals[APP_ID_NUMBER])) {
			errs[APP_ID_NUMBER] = "居民身份证号码应为18位，出生日期和校验位正确（最后一位可为 X）。";
			nerr++;
		}
	}
	if (strcmp(vals[APP_DELIVERY], "email") == 0 &&
	    vals[APP_EMAIL][0] == '\0' && errs[APP_EMAIL] == NULL) {
		errs[APP_EMAIL] = "选择通过电子邮件获取时，请填写电子邮箱。";
		nerr++;
	}
	if (strcmp(vals[APP_DELIVERY], "post") == 0 &&
	    vals[APP_POSTCODE][0] == '\0' && errs[APP_POSTCODE] == NULL) {
		errs[APP_POSTCODE] = "选择邮寄时，请填写邮政编码。";
		nerr++;
	}
	/* A way to obtain it that the chosen form cannot take. */
	if (strcmp(vals[APP_DELIVERY], "email") == 0 && errs[APP_MEDIUM] == NULL &&
	    vals[APP_MEDIUM][0] != '\0' && !codes_have(vals[APP_MEDIUM], "email") &&
	    !codes_have(vals[APP_MEDIUM], "electronic")) {
		errs[APP_MEDIUM] = "通过电子邮件获取信息的，指定提供方式应包括电子邮件"
		    "（纸质文本、光盘、磁盘不能通过电子邮件发送）。";
		nerr++;
	}
	if (strcmp(vals[APP_MEDIUM], "email") == 0 && errs[APP_DELIVERY] == NULL &&
	    (strcmp(vals[APP_DELIVERY], "post") == 0 ||
	    strcmp(vals[APP_DELIVERY], "onsite") == 0)) {
		errs[APP_DELIVERY] = "只选择以电子邮件提供的，获取信息的方式应为电子邮件。";
		nerr++;
	}
	if (strcmp(vals[APP_DELIVERY], "fax") == 0 &&
	    vals[APP_PHONE][0] == '\0' && errs[APP_PHONE] == NULL) {
		errs[APP_PHONE] = "选择传真时，请填写可接收传真的电话号码。";
		nerr++;
	}
	return nerr;
}

static int
leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int
app_identity(char *const *vals, char *out, size_t size)
{
	const char *kind, *v;
	size_t n;
	int org = strcmp(vals[APP_APPLICANT_TYPE], "org") == 0;

	kind = org ? "org" : vals[APP_ID_TYPE];
	v = org ? vals[APP_ORG_CODE] : vals[APP_ID_NUMBER];
	if (kind[0] == '\0' || size < 2)
		return -1;
	n = (size_t)snprintf(out, size, "%s:", kind);
	if (n >= size)
		return -1;
	for (; *v != '\0'; v++) {
		if (*v == ' ' || *v == '\t')
			continue;
		if (n + 1 >= size)
			return -1;
		out[n++] = *v >= 'a' && *v <= 'z' ? (char)(*v - 'a' + 'A') : *v;
	}
	out[n] = '\0';
	return out[strlen(kind) + 1] != '\0' ? 0 : -1;
}

int
app_resident_id_ok(const char *v)
{
	static const int w[17] = { 7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10,
	    5, 8, 4, 2 };
	static const char check[] = "10X98765432";
	static const int mdays[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30,
	    31, 30, 31 };
	int i, sum = 0, y, m, d;

	if (strlen(v) != 18)
		return 0;
	for (i = 0; i < 17; i++) {
		if (!is_digit(v[i]))
			return 0;
		sum += (v[i] - '0') * w[i];
	}
	y = (v[6] - '0') * 1000 + (v[7] - '0') * 100 + (v[8] - '0') * 10 +
	    (v[9] - '0');
	m = (v[10] - '0') * 10 + (v[11] - '0');
	d = (v[12] - '0') * 10 + (v[13] - '0');
	if (y < 1880 || y > 2100 || m < 1 || m > 12 || d < 1 ||
	    d > mdays[m - 1] + (m == 2 && leap(y)))
		return 0;
	return v[17] == check[sum % 11];
}

int
app_credit_code_ok(const char *v)
{
	static const char cs[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";
	static const int w[17] = { 1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25,
	    13, 8, 24, 10, 30, 28 };
	const char *p;
	int i, sum = 0, c;

	if (strlen(v) != 18)
		return 0;
	for (i = 0; i < 17; i++) {
		if (v[i] == '\0' || (p = strchr(cs, v[i])) == NULL)
			return 0;
		sum += (int)(p - cs) * w[i];
	}
	c = 31 - sum % 31;
	if (c == 31)
		c = 0;
	return v[17] == cs[c];
}


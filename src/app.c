/* app: the application form, its rules and applications.csv. */
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
const struct app_choice app_media[] = {
	{ "paper", "纸质" },
	{ "electronic", "电子" },
	{ NULL, NULL }
};
const struct app_choice app_deliveries[] = {
	{ "post", "邮寄" },
	{ "email", "电子邮件" },
	{ "pickup", "自行领取" },
	{ "onsite", "当场阅读、抄录" },
	{ "fax", "传真" },
	{ NULL, NULL }
};

static const char *const k_applicant[] = { "person", "org", NULL };
static const char *const k_id_type[] = { "resident", "passport", "hkmo", "tw",
    "foreign", "other", NULL };
static const char *const k_org_kind[] = { "business", "research", "nonprofit",
    "legal", "other", NULL };
static const char *const k_medium[] = { "paper", "electronic", NULL };
static const char *const k_delivery[] = { "post", "email", "pickup", "onsite",
    "fax", NULL };

const char *const app_channels[] = { "当面", "传真", "网络", "信函", NULL };

const char *
app_choice_label(const struct app_choice *c, const char *code)
{
	for (; c->code != NULL; c++)
		if (strcmp(c->code, code) == 0)
			return c->label;
	return "";
}

static int
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static const char *
check_phone(const char *v)
{
	size_t digits = 0;

	for (; *v != '\0'; v++) {
		if (is_digit(*v))
			digits++;
		else if (strchr("+-() ", *v) == NULL)
			return "电话号码只能包含数字、空格、“+”“-”和括号。";
	}
	if (digits < 7 || digits > 15)
		return "请填写有效的电话号码（7至15位数字，如 13800000000 或 010-12345678）。";
	return NULL;
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
	    ALL, ALL, 0, k_applicant, NULL },
	[APP_NAME] = { "name", "姓名", FORM_LINE, P, P, 50, NULL, NULL },
	[APP_EMPLOYER] = { "employer", "工作单位", FORM_LINE, P, 0, 100,
	    NULL, NULL },
	[APP_ID_TYPE] = { "id_type", "证件类型", FORM_CHOICE, P, P, 0,
	    k_id_type, NULL },
	[APP_ID_NUMBER] = { "id_number", "证件号码", FORM_LINE, P, P, 30,
	    NULL, NULL },
	[APP_ORG_NAME] = { "org_name", "名称", FORM_LINE, O, O, 100, NULL, NULL },
	[APP_ORG_CODE] = { "org_code", "统一社会信用代码", FORM_LINE, O, O, 18,
	    NULL, check_credit_code },
	[APP_ORG_KIND] = { "org_kind", "类型", FORM_CHOICE, O, O, 0,
	    k_org_kind, NULL },
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
	[APP_SUBJECT] = { "subject", "所需信息名称", FORM_LINE, ALL, ALL, 200,
	    NULL, NULL },
	[APP_DESCRIPTION] = { "description", "所需信息的内容描述", FORM_TEXT,
	    ALL, ALL, 2000, NULL, NULL },
	[APP_DOC_NUMBER] = { "doc_number", "文号", FORM_LINE, ALL, 0, 100,
	    NULL, NULL },
	[APP_MEDIUM] = { "medium", "提供形式", FORM_CHOICE, ALL, ALL, 0,
	    k_medium, NULL },
	[APP_DELIVERY] = { "delivery", "获取方式", FORM_CHOICE, ALL, ALL, 0,
	    k_delivery, NULL },
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

/* applications.csv */

enum {
	COL_ID, COL_AGENCY, COL_CHANNEL, COL_STATE, COL_SUBMITTED,
	COL_RECEIVED, COL_FIELDS,
	COL_CODE_HASH = COL_FIELDS + APP_FIELD__MAX,
	COL_FORM_ID,
	COL__MAX
};
_Static_assert(COL__MAX == APP_COLS, "APP_COLS matches the columns");

const char *const app_file_header[COL__MAX] = {
	"id", "agency", "channel", "state", "submitted_at", "received_date",
	"applicant_type", "name", "employer", "id_type", "id_number",
	"org_name", "org_code", "org_kind", "legal_rep", "contact_name",
	"phone", "email", "address", "postcode", "subject", "description",
	"doc_number", "medium", "delivery", "publish_subject",
	"code_hash", "form_id",
};

static size_t
slot_of(const char *hex, size_t slots)
{
	uint64_t h = 0;
	int i, d;

	/* The keys are hashes already: their first digits are uniform. */
	for (i = 0; i < 16 && hex[i] != '\0'; i++) {
		d = hex[i] <= '9' ? hex[i] - '0' : (hex[i] | 0x20) - 'a' + 10;
		h = h << 4 | (uint64_t)(d & 15);
	}
	return (size_t)h & (slots - 1);
}

enum key { KEY_CODE, KEY_FORM, KEY_ID };

static const char *
key_of(const struct app_rec *r, enum key k)
{
	return k == KEY_CODE ? r->code_hash : k == KEY_FORM ? r->form_id : r->id;
}

/* Ids are not hashes: spread them (FNV-1a). */
static size_t
slot_for(const char *key, enum key k, size_t slots)
{
	uint64_t h = 1469598103934665603ULL;

	if (k != KEY_ID)
		return slot_of(key, slots);
	for (; *key != '\0'; key++)
		h = (h ^ (unsigned char)*key) * 1099511628211ULL;
	return (size_t)h & (slots - 1);
}

static void
slot_put(size_t *tab, size_t slots, const struct app_rec *v, size_t i,
    enum key k)
{
	const char *key = key_of(&v[i], k);
	size_t s;

	if (key[0] == '\0')
		return;
	for (s = slot_for(key, k, slots); tab[s] != 0; s = (s + 1) & (slots - 1))
		;
	tab[s] = i + 1;
}

static void
rehash(struct apps *a)
{
	size_t i;

	free(a->by_code);
	free(a->by_form);
	free(a->by_id);
	a->slots = 1024;
	while (a->slots < a->n * 2)
		a->slots *= 2;
	a->by_code = xcalloc(a->slots, sizeof(size_t));
	a->by_form = xcalloc(a->slots, sizeof(size_t));
	a->by_id = xcalloc(a->slots, sizeof(size_t));
	for (i = 0; i < a->n; i++) {
		slot_put(a->by_code, a->slots, a->v, i, KEY_CODE);
		slot_put(a->by_form, a->slots, a->v, i, KEY_FORM);
		slot_put(a->by_id, a->slots, a->v, i, KEY_ID);
	}
}

static const struct app_rec *
slot_get(const struct apps *a, const size_t *tab, const char *key, enum key k)
{
	const struct app_rec *r;
	size_t s;

	if (a->slots == 0 || key[0] == '\0' ||
	    (k != KEY_ID && strlen(key) != TOKEN_HASH_HEX))
		return NULL;
	for (s = slot_for(key, k, a->slots); tab[s] != 0;
	    s = (s + 1) & (a->slots - 1)) {
		r = &a->v[tab[s] - 1];
		if (strcmp(key_of(r, k), key) == 0)
			return r;
	}
	return NULL;
}

static void
copy(char *dst, size_t n, const char *src)
{
	(void)snprintf(dst, n, "%s", src);
}

static int
on_app(void *ctx, char *const *f, size_t n)
{
	struct apps *a = ctx;
	struct app_rec *r;
	int year, seq, end = 0;

	(void)n;
	if (sscanf(f[COL_ID], "%4d-%6d%n", &year, &seq, &end) != 2 ||
	    end != 11 || f[COL_ID][end] != '\0')
		return -1;
	if (a->n == a->cap) {
		a->cap = a->cap ? a->cap * 2 : 256;
		a->v = xreallocarray(a->v, a->cap, sizeof(*a->v));
	}
	r = &a->v[a->n];
	memset(r, 0, sizeof(*r));
	copy(r->id, sizeof(r->id), f[COL_ID]);
	r->year = year;
	r->seq = seq;
	copy(r->channel, sizeof(r->channel), f[COL_CHANNEL]);
	copy(r->state, sizeof(r->state), f[COL_STATE]);
	copy(r->submitted, sizeof(r->submitted), f[COL_SUBMITTED]);
	copy(r->received, sizeof(r->received), f[COL_RECEIVED]);
	copy(r->code_hash, sizeof(r->code_hash), f[COL_CODE_HASH]);
	copy(r->form_id, sizeof(r->form_id), f[COL_FORM_ID]);
	copy(r->applicant_type, sizeof(r->applicant_type),
	    f[COL_FIELDS + APP_APPLICANT_TYPE]);
	copy(r->org_kind, sizeof(r->org_kind), f[COL_FIELDS + APP_ORG_KIND]);
	copy(r->agency, sizeof(r->agency), f[COL_AGENCY]);
	r->subject = strcmp(f[COL_FIELDS + APP_PUBLISH_SUBJECT], "1") == 0 ?
	    xstrdup(f[COL_FIELDS + APP_SUBJECT]) : NULL;
	r->off = a->st.row_off;
	a->n++;
	if (a->n * 2 > a->slots)
		rehash(a);
	else {
		slot_put(a->by_code, a->slots, a->v, a->n - 1, KEY_CODE);
		slot_put(a->by_form, a->slots, a->v, a->n - 1, KEY_FORM);
		slot_put(a->by_id, a->slots, a->v, a->n - 1, KEY_ID);
	}
	return 0;
}

static void
free_subjects(struct apps *a)
{
	size_t i;

	for (i = 0; i < a->n; i++)
		free(a->v[i].subject);
}

static void
on_reset(void *ctx)
{
	struct apps *a = ctx;

	free_subjects(a);
	a->n = 0;
	rehash(a);
}

void
apps_open(struct apps *a, const struct site *site)
{
	char *path;

	memset(a, 0, sizeof(*a));
	a->site = site;
	path = site_data_path(site, "applications.csv");
	store_init(&a->st, path, app_file_header, COL__MAX, on_app, on_reset, a);
	free(path);
	rehash(a);
}

void
apps_close(struct apps *a)
{
	store_free(&a->st);
	free_subjects(a);
	free(a->v);
	free(a->by_code);
	free(a->by_form);
	free(a->by_id);
	memset(a, 0, sizeof(*a));
}

enum store_err
apps_refresh(struct apps *a)
{
	return store_refresh(&a->st);
}

const struct app_rec *
apps_by_code(const struct apps *a, const char *code_hash)
{
	return slot_get(a, a->by_code, code_hash, KEY_CODE);
}

const struct app_rec *
apps_by_id(const struct apps *a, const char *id)
{
	return slot_get(a, a->by_id, id, KEY_ID);
}

static int
on_full(void *ctx, char *const *f, size_t n)
{
	char **vals = ctx;
	size_t i;

	(void)n;
	for (i = 0; i < APP_FIELD__MAX; i++)
		vals[i] = xstrdup(f[COL_FIELDS + i]);
	return 0;
}

int
apps_read_fields(const struct apps *a, const struct app_rec *r, char **vals)
{
	return store_read_row(a->st.path, COL__MAX, r->off, on_full, vals) ==
	    STORE_OK ? 0 : -1;
}

int
apps_next_seq(const struct apps *a, int year)
{
	size_t i;
	int max = 0;

	/* Ids are appended in order: the newest of the year is near the end. */
	for (i = a->n; i > 0; i--) {
		if (a->v[i - 1].year == year && a->v[i - 1].seq > max)
			max = a->v[i - 1].seq;
		if (a->v[i - 1].year < year && max > 0)
			break;
	}
	return max + 1;
}

void
app_fill_row(const struct apps *a, char *const *vals, const struct app_new *how,
    const char *id, const char *when, const char *code_hash, const char **row)
{
	size_t i;

	row[COL_ID] = id;
	row[COL_AGENCY] = how->agency != NULL ? how->agency : a->site->agency;
	row[COL_CHANNEL] = how->channel;
	row[COL_STATE] = how->received[0] == '\0' ? "待确认收到" : "办理中";
	row[COL_SUBMITTED] = when;
	row[COL_RECEIVED] = how->received;
	for (i = 0; i < APP_FIELD__MAX; i++)
		row[COL_FIELDS + i] = vals[i];
	row[COL_CODE_HASH] = code_hash;
	row[COL_FORM_ID] = how->form_id != NULL ? how->form_id : "";
}

enum app_err
apps_submit(struct apps *a, char *const *vals, const struct app_new *how,
    time_t now, char id[16], char code[TOKEN_CODE_SHOWN + 1],
    const struct app_rec **dup)
{
	const char *row[COL__MAX];
	char norm[TOKEN_CODE_CHARS + 1], hash[TOKEN_HASH_HEX + 1], when[SITE_TIME_LEN];
	struct tm tm;
	enum store_err e;
	int year, seq;

	*dup = NULL;
	if ((e = store_lock(&a->st)) != STORE_OK)
		return e == STORE_ENOSPC ? APP_ENOSPC : APP_EIO;
	if (how->form_id != NULL &&
	    (*dup = slot_get(a, a->by_form, how->form_id, KEY_FORM)) != NULL) {
		store_unlock(&a->st);
		return APP_DUP;
	}
	site_localtime(a->site, now, &tm);
	site_isotime(a->site, now, when);
	year = tm.tm_year + 1900;
	seq = apps_next_seq(a, year);
	if (year < 1000 || year > 9999 || seq > 999999) {
		store_unlock(&a->st);
		return APP_EIO;		/* the id format has no room */
	}
	(void)snprintf(id, 16, "%04d-%06d", year % 10000, seq % 1000000);
	token_code_new(code);
	(void)token_code_parse(code, norm);
	token_code_hash(norm, hash);

	app_fill_row(a, vals, how, id, when, hash, row);
	e = store_append(&a->st, row);
	store_unlock(&a->st);
	if (e != STORE_OK)
		return e == STORE_ENOSPC ? APP_ENOSPC : APP_EIO;
	return APP_OK;
}

struct name_query {
	const struct apps	*a;
	const char		*q;
	size_t			*out, n, max;
};

static int
on_name(void *ctx, char *const *f, size_t n)
{
	struct name_query *nq = ctx;
	const struct app_rec *r;

	(void)n;
	if (nq->n == nq->max)
		return 0;
	if (strstr(f[COL_FIELDS + APP_NAME], nq->q) == NULL &&
	    strstr(f[COL_FIELDS + APP_ORG_NAME], nq->q) == NULL &&
	    strstr(f[COL_FIELDS + APP_CONTACT_NAME], nq->q) == NULL)
		return 0;
	if ((r = apps_by_id(nq->a, f[COL_ID])) != NULL)
		nq->out[nq->n++] = (size_t)(r - nq->a->v);
	return 0;
}

size_t
apps_find_by_name(const struct apps *a, const char *q, size_t *out, size_t max)
{
	struct name_query nq = { a, q, out, 0, max };
	struct store st;

	if (q[0] == '\0')
		return 0;
	store_init(&st, a->st.path, app_file_header, COL__MAX, on_name, NULL, &nq);
	(void)store_refresh(&st);
	store_free(&st);
	return nq.n;
}

/* case: the 信息处理费 of a case — the applicant's month (按件计收) and the
   amount of a notice.  See include/ogi/case.h and include/ogi/fee.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ogi/buf.h"
#include "ogi/case.h"

#define IDENT_LEN 96

/* The day an application counts in its month: received, else submitted. */
static cal_day
month_day(const struct cases *c, size_t i)
{
	cal_day d = cases_received(c, i);

	return d >= 0 ? d : c->apps.v[i].sub_day;
}

static int
identity_of(const struct cases *c, const struct app_rec *r, char *out)
{
	char *vals[APP_FIELD__MAX];
	int rc;

	if (apps_read_fields(&c->apps, r, vals) != 0)
		return -1;
	rc = app_identity(vals, out, IDENT_LEN);
	form_vals_free(vals, APP_FIELD__MAX);
	return rc;
}

int
cases_month_count(const struct cases *c, const struct app_rec *r,
    struct case_month *m)
{
	char me[IDENT_LEN], other[IDENT_LEN];
	size_t ri = (size_t)(r - c->apps.v), i;
	cal_day day = month_day(c, ri), d, first, last;
	int y, mo, dd;

	memset(m, 0, sizeof(*m));
	if (day < 0 || identity_of(c, r, me) != 0)
		return -1;
	cal_to_ymd(day, &y, &mo, &dd);
	m->year = y;
	m->month = mo;
	first = cal_from_ymd(y, mo, 1);
	last = (mo == 12 ? cal_from_ymd(y + 1, 1, 1) :
	    cal_from_ymd(y, mo + 1, 1)) - 1;
	for (i = 0; i < c->apps.n; i++) {
		if (c->apps.v[i].agency != r->agency)
			continue;
		d = month_day(c, i);
		if (d < first || d > last)
			continue;
		if (i != ri && (identity_of(c, &c->apps.v[i], other) != 0 ||
		    strcmp(me, other) != 0))
			continue;
		m->count++;
		/* Its place: by the day it counts from, then by id. */
		if (d < day || (d == day && strcmp(c->apps.v[i].id, r->id) <= 0))
			m->nth++;
	}
	return 0;
}

long
cases_fee_amount(const struct cases *c, const struct app_rec *r,
    const char *method, const char *pages, long *units, struct buf *b,
    const char **msg)
{
	const struct fee_scale *fs = &c->law.fee;
	struct case_month m;
	enum fee_method fm;
	char *end = "";
	long n, amount;

	*units = 0;
	if (method == NULL || fee_method_parse(method, &fm) != 0) {
		*msg = "请选择计收方式：按件计收或按量计收（二者只能选其一）。";
		return -1;
	}
	if (fm == FEE_COUNT) {
		if (cases_month_count(c, r, &m) != 0) {
			*msg = "无法确定申请人的身份（证件号码或统一社会信用代码），不能按件计收。";
			return -1;
		}
		n = (long)m.nth;
		amount = fee_range(fs, fm, n, n, b);
	} else {
		n = pages != NULL && pages[0] >= '1' && pages[0] <= '9' ?
		    strtol(pages, &end, 10) : 0;
		if (n < 1 || n > 100000 || *end != '\0') {
			*msg = "请填写提供的页数（1至100000的整数）。";
			return -1;
		}
		amount = fee_total(fs, fm, n, b);
	}
	*units = n;
	if (amount <= 0) {
		*msg = fm == FEE_COUNT ?
		    "按收费标准，申请人本月的这件申请在免费件数以内，不收费。" :
		    "按收费标准，这一页数在免费页数以内，不收费。";
		return -1;
	}
	return amount;
}

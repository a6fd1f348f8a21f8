/*
 * doc: issuing a document — checked, numbered under the lock of the file
 * it is appended to, never changed afterwards.  See include/ogi/doc.h.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ogi/buf.h"
#include "ogi/doc.h"
#include "ogi/form.h"
#include "ogi/site.h"
#include "doc-int.h"

/* ---- issuing ---- */

/* What is wrong with the amended text, or NULL.  Only {doc_number} and
   {date} may remain; no 【请填写…】. */
static const char *
text_check(const char *text)
{
	static __thread char m[200];
	const char *p, *why;

	if (text == NULL || text[strspn(text, " \t\n")] == '\0')
		return "文书内容不能为空。";
	if ((why = text_problem(text, 1)) != NULL) {
		(void)snprintf(m, sizeof(m), "文书内容%s", why);
		return m;
	}
	if (utf8_len(text) > DOC_TEXT_MAX)
		return "文书内容过长。";
	if ((p = strstr(text, "【请填写")) != NULL) {
		const char *end = strstr(p, "】");
		int n = end != NULL && end - p < 120 ? (int)(end - p) + 3 : 12;

		(void)snprintf(m, sizeof(m), "文书中还有待填写的内容：%.*s，"
		    "请补全后再出具。", n, p);
		return m;
	}
	for (p = text; (p = strpbrk(p, "{}")) != NULL; p++) {
		if (strncmp(p, "{doc_number}", 12) == 0) {
			p += 11;
			continue;
		}
		if (strncmp(p, "{date}", 6) == 0) {
			p += 5;
			continue;
		}
		(void)snprintf(m, sizeof(m), "文书中有不能识别的占位符或大括号"
		    "（“%.20s”），请删除或改为全角括号。", p);
		return m;
	}
	return NULL;
}

/* text with {doc_number} and {date} filled in. */
static void
late_fill(struct buf *b, const char *text, const char *number, const char *date)
{
	const char *p;

	while ((p = strchr(text, '{')) != NULL) {
		buf_add(b, text, (size_t)(p - text));
		if (strncmp(p, "{doc_number}", 12) == 0) {
			buf_adds(b, number);
			text = p + 12;
		} else if (strncmp(p, "{date}", 6) == 0) {
			buf_adds(b, date);
			text = p + 6;
		} else {
			buf_addc(b, '{');	/* not reached: checked */
			text = p + 1;
		}
	}
	buf_adds(b, text);
}

const struct doc_rec *
docs_for_step(const struct docs *d, const char *case_id, enum ev_type t, int n)
{
	const struct doc_rec *r;

	for (r = docs_first(d, case_id); r != NULL; r = docs_next(d, r))
		if (r->step == (uint8_t)t && r->step_n == n && r->replaced_by == 0)
			return r;
	return NULL;
}

enum doc_err
doc_issue(struct docs *d, struct cases *c, const struct doc_issue *in,
    time_t now, const struct doc_rec **out, const char **msg)
{
	const struct doc_kind *k;
	const struct doc_issuer *iss;
	const struct doc_rec *old = NULL, *dup;
	const struct app_rec *rec;
	struct doc_due due;
	struct doc_seq *q;
	const char *prefix, *agency, *row[DOC_COLS];
	char when[SITE_TIME_LEN], ds[CAL_DATE_LEN], zh[DOC_DATE_LEN];
	char year[8], seq[16], number[160], rep[160];
	struct buf text;
	enum store_err e;
	enum doc_err rc;
	cal_day today;
	int y, m, dd;
	const char *step = in->step != NULL ? in->step : "";

	*msg = NULL;
	if (out != NULL)
		*out = NULL;
	if ((k = docs_kind(d, in->kind != NULL ? in->kind : "")) == NULL) {
		*msg = "未知的文书种类。";
		return DOC_EKIND;
	}
	if ((*msg = text_check(in->text)) != NULL)
		return DOC_EINPUT;
	if (in->staff == NULL || text_problem(in->staff, 0) != NULL) {
		*msg = "经办人不明。";
		return DOC_EINPUT;
	}
	if (cases_refresh(c) != STORE_OK) {
		*msg = "系统暂时无法读取案件记录。";
		return DOC_EIO;
	}
	if ((rec = apps_by_id(&c->apps, in->case_id != NULL ? in->case_id : "")) == NULL) {
		*msg = "没有这个申请编号。";
		return DOC_ENOCASE;
	}
	if ((rc = doc_resolve(d, c, rec, k, step, &due, msg)) != DOC_OK)
		return rc;
	if (strcmp(step, due.key) != 0) {
		*msg = "请指明文书所属的办理步骤。";
		return DOC_ESTEP;
	}
	agency = apps_agency(&c->apps, rec);
	if ((prefix = docs_prefix(d, agency, k->group)) == NULL ||
	    (iss = docs_issuer(d, agency)) == NULL) {
		*msg = "本机关的文号前缀或署名未设置（letters/numbers.csv、issuers.csv）。";
		return DOC_ESETTINGS;
	}
	today = cases_today(c, now);
	cal_to_ymd(today, &y, &m, &dd);
	cal_format(today, ds);
	doc_date_zh(today, zh);
	site_isotime(d->site, now, when);

	/* Under the lock, with every row on file read: the number is the
	   next after the last, and is taken only if the row is written. */
	if ((e = store_lock(&d->st)) != STORE_OK) {
		*msg = "系统暂时无法保存文书。";
		return e == STORE_ENOSPC ? DOC_ENOSPC : DOC_EIO;
	}
	dup = due.step < EV__MAX ? docs_for_step(d, rec->id, due.step, due.step_n) :
	    NULL;
	if (in->replaces != NULL && in->replaces[0] != '\0') {
		old = docs_by_number(d, in->replaces);
		if (old == NULL || strcmp(old->case_id, rec->id) != 0) {
			store_unlock(&d->st);
			*msg = "要更正的文书不是本案的文书。";
			return DOC_EINPUT;
		}
		if (old->replaced_by != 0) {
			store_unlock(&d->st);
			*msg = "要更正的文书已被更正过，请更正最新的文书。";
			return DOC_EINPUT;
		}
	}
	if (dup != NULL && dup != old) {
		store_unlock(&d->st);
		if (out != NULL)
			*out = dup;
		*msg = "这一步骤的文书已经出具；如需更正，请出具更正文书。";
		return DOC_EDUP;
	}
	q = doc_seq_of(d, agency, k->group, y, 0);
	(void)snprintf(year, sizeof(year), "%d", y);
	(void)snprintf(seq, sizeof(seq), "%lu", (unsigned long)(q != NULL ?
	    q->last : 0) + 1);
	(void)snprintf(number, sizeof(number), "%s〔%d〕%s号", prefix, y, seq);
	buf_init(&text);
	late_fill(&text, in->text, number, zh);
	row[DOC_C_AGENCY] = agency;
	row[DOC_C_CASE] = rec->id;
	row[DOC_C_KIND] = k->code;
	row[DOC_C_STEP] = due.key;
	row[DOC_C_GROUP] = k->group;
	row[DOC_C_YEAR] = year;
	row[DOC_C_SEQ] = seq;
	row[DOC_C_NUMBER] = number;
	row[DOC_C_DATE] = ds;
	row[DOC_C_TIME] = when;
	row[DOC_C_STAFF] = in->staff;
	row[DOC_C_TEMPLATE] = k->version;
	/* The replaced number lives in d->text, which the append may move. */
	(void)snprintf(rep, sizeof(rep), "%s", old != NULL ? doc_rec_number(d, old) : "");
	row[DOC_C_REPLACES] = rep;
	row[DOC_C_TITLE] = k->title;
	row[DOC_C_SIGNER] = iss->signer;
	row[DOC_C_TEXT] = text.s;
	e = store_append(&d->st, row);
	store_unlock(&d->st);
	buf_free(&text);
	if (e != STORE_OK) {
		*msg = "系统暂时无法保存文书，文号未被占用，请稍后再试。";
		return e == STORE_ENOSPC ? DOC_ENOSPC : DOC_EIO;
	}
	if (out != NULL && d->n > 0 &&
	    strcmp(doc_rec_number(d, &d->v[d->n - 1]), number) == 0)
		*out = &d->v[d->n - 1];
	return DOC_OK;
}

const struct doc_rec *
docs_answer(const struct docs *d, const char *case_id)
{
	const struct doc_rec *x, *last = NULL;

	for (x = docs_first(d, case_id); x != NULL; x = docs_next(d, x))
		if (x->replaced_by == 0 && x->kind < d->nkinds &&
		    strcmp(d->kinds[x->kind].group, "answer") == 0)
			last = x;
	return last;
}

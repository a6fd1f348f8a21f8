/* ledger: import a 台账 CSV.  See include/ogi/ledger.h. */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ogi/app.h"
#include "ogi/buf.h"
#include "ogi/case.h"
#include "ogi/form.h"
#include "ogi/ledger.h"
#include "ogi/site.h"

static const char *const ledger_header[] = { "received", "channel",
    "applicant_kind", "subject", "extended", "answered", "outcome" };


struct row {
	cal_day		 received, answered;	/* answered -1 if open */
	const char	*channel;		/* label */
	char		 kind[12];
	char		*subject, *outcome;
	int		 extended;
};

struct ctx {
	struct cases	*c;
	struct row	*v;
	size_t		 n;
	cal_day		 today;
	struct buf	 err;
	long long	 line;
};

static int
fail(struct ctx *x, const char *msg)
{
	buf_printf(&x->err, "第%lld行：%s", x->line, msg);
	return -1;
}

static int
on_row(void *arg, char *const *f, size_t n)
{
	struct ctx *x = arg;
	const struct law_limits *lim;
	const struct law_outcome *o;
	struct row r;
	int k;

	(void)n;
	memset(&r, 0, sizeof(r));
	r.answered = -1;
	if (cal_parse(f[0], &r.received) != 0)
		return fail(x, "received 应为 YYYY-MM-DD 格式的日期");
	if (r.received > x->today)
		return fail(x, "received 晚于今天");
	if (cal_kind_of(&x->c->cal, r.received) == CAL_UNKNOWN)
		return fail(x, "received 不在节假日安排（data/holidays.csv）的年份内");
	if ((k = form_choice_index(app_channel_choices, f[1])) < 0)
		return fail(x, "channel 应为 in_person、fax、online 或 letter");
	r.channel = app_channel_choices[k].label;
	if (strcmp(f[2], "person") != 0 && form_choice_index(app_org_kinds, f[2]) < 0)
		return fail(x, "applicant_kind 应为 person、business、research、nonprofit、legal 或 other");
	(void)snprintf(r.kind, sizeof(r.kind), "%s", f[2]);
	if (f[3][0] == '\0' || utf8_len(f[3]) > 200 || text_problem(f[3], 0) != NULL)
		return fail(x, "subject 应为一行、不超过200字的文字");
	if (strcmp(f[4], "1") == 0)
		r.extended = 1;
	else if (f[4][0] != '\0' && strcmp(f[4], "0") != 0)
		return fail(x, "extended 应为 0 或 1");
	if (f[5][0] != '\0') {
		if (cal_parse(f[5], &r.answered) != 0)
			return fail(x, "answered 应为 YYYY-MM-DD 格式的日期或留空");
		if (r.answered < r.received || r.answered > x->today)
			return fail(x, "answered 应在 received 之后、今天之前");
		if (f[6][0] == '\0')
			return fail(x, "已答复的申请应填写 outcome");
		lim = law_limits_for(&x->c->law, r.received);
		o = law_outcome(&x->c->law, f[6]);
		if (o == NULL)
			return fail(x, "outcome 不是已知的答复结果代码");
		if (!law_outcome_in(o, lim->regulation))
			return fail(x, "outcome 不适用于该申请收到时施行的条例");
	} else if (f[6][0] != '\0')
		return fail(x, "未答复（answered 为空）的申请不应填写 outcome");
	r.subject = xstrdup(f[3]);
	r.outcome = xstrdup(f[6]);
	x->v = xreallocarray(x->v, x->n + 1, sizeof(*x->v));
	x->v[x->n++] = r;
	return 0;
}

/* The row callback, told which line it is on. */
struct counted {
	struct ctx	*x;
	struct store	*st;
};

static int
on_row_counted(void *arg, char *const *f, size_t n)
{
	struct counted *k = arg;

	k->x->line = (long long)k->st->lineno;
	return on_row(k->x, f, n);
}

/*
 * A ledger is a whole file, not one being appended to: its last line may
 * lack the newline a spreadsheet leaves off.  The file is read through a
 * private copy that ends in one, so that the store (which waits for a
 * row's end) reads every row; bytes it still leaves are an unclosed quote.
 * The copy's path in tmp, its size in *size; 0, or -1 and errno.
 */
static int
whole_copy(const char *path, struct buf *tmp, off_t *size)
{
	char chunk[65536], last = '\n';
	ssize_t n;
	int in, fd;

	buf_printf(tmp, "%s/ogi-ledger-XXXXXX", getenv("TMPDIR") != NULL ?
	    getenv("TMPDIR") : "/tmp");
	if ((in = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return -1;
	if ((fd = mkstemp(tmp->s)) == -1) {
		close(in);
		return -1;
	}
	*size = 0;
	while ((n = read(in, chunk, sizeof(chunk))) > 0) {
		if (write(fd, chunk, (size_t)n) != n)
			break;
		last = chunk[n - 1];
		*size += n;
	}
	if (n == 0 && last != '\n' && write(fd, "\n", 1) == 1)
		++*size;
	close(in);
	if (n != 0 || close(fd) != 0) {
		(void)unlink(tmp->s);
		return -1;
	}
	return 0;
}

int
ledger_import(const struct site *site, const char *path, const char *agency,
    time_t now, FILE *out, const char **why)
{
	static char msg[512];
	struct cases c;
	struct ctx x;
	struct store st;
	struct counted k;
	enum store_err e;
	char *empty[APP_FIELD__MAX], (*ids)[16] = NULL, when[SITE_TIME_LEN];
	/* Per row: received, extension and answer dates, extension days. */
	char (*dates)[4][CAL_DATE_LEN] = NULL;
	const char **arows = NULL, **erows = NULL, *cwhy;
	char **fields = NULL;
	size_t i, j, ne = 0, nyears = 0;
	int (*years)[2] = NULL;		/* year, next number */
	off_t before, size = 0;
	struct buf copy;
	int rc = -1, year, y, m, d, seq;

	if (cases_open(&c, site, &cwhy) != 0) {
		(void)snprintf(msg, sizeof(msg), "%s", cwhy);
		*why = msg;
		return -1;
	}
	memset(&x, 0, sizeof(x));
	x.c = &c;
	x.today = cases_today(&c, now);
	buf_init(&x.err);
	buf_init(&copy);
	if (whole_copy(path, &copy, &size) != 0) {
		if (errno == ENOENT)
			buf_adds(&x.err, "文件为空或不存在");
		else
			buf_printf(&x.err, "无法读取（%s）", strerror(errno));
		store_init(&st, path, ledger_header, 7, on_row_counted, NULL, &k);
		goto out;
	}
	store_init(&st, copy.s, ledger_header, 7, on_row_counted, NULL, &k);
	k.x = &x;
	k.st = &st;
	e = store_refresh(&st);
	(void)unlink(copy.s);		/* read: the copy is not needed */
	if (e == STORE_OK && x.err.len == 0 && st.pos < size)
		buf_printf(&x.err, "第%lld行：引号不配对，此后的内容无法读取",
		    (long long)st.lineno + 1);
	if (e != STORE_OK || x.err.len > 0) {
		if (x.err.len == 0)
			buf_printf(&x.err, "第%lld行：%s", (long long)st.lineno,
			    e == STORE_EHEADER ? "表头应为 received,channel,"
			    "applicant_kind,subject,extended,answered,outcome" :
			    e == STORE_ECORRUPT ? "格式错误（列数不是7列，或引号不配对）" :
			    store_strerror(e));
		goto out;
	}
	if (st.nrows == 0 && st.pos == 0) {
		buf_adds(&x.err, "文件为空或不存在");
		goto out;
	}
	/* Lock both files, then number and write everything at once. */
	if (store_lock(&c.apps.st) != STORE_OK) {
		buf_adds(&x.err, "applications.csv 无法加锁");
		goto out;
	}
	if (store_lock(&c.st) != STORE_OK) {
		store_unlock(&c.apps.st);
		buf_adds(&x.err, "events.csv 无法加锁");
		goto out;
	}
	for (i = 0; i < APP_FIELD__MAX; i++)
		empty[i] = "";
	ids = xreallocarray(NULL, x.n + 1, sizeof(*ids));
	dates = xreallocarray(NULL, x.n + 1, sizeof(*dates));
	arows = xreallocarray(NULL, (x.n + 1) * APP_COLS, sizeof(char *));
	erows = xreallocarray(NULL, (x.n * 2 + 1) * CASE_EV_COLS, sizeof(char *));
	fields = xreallocarray(NULL, (x.n + 1) * APP_FIELD__MAX, sizeof(char *));
	site_isotime(site, now, when);
	for (i = 0; i < x.n; i++) {
		struct row *r = &x.v[i];
		struct app_new how = { r->channel, dates[i][0], NULL, agency, 0 };
		char **fv = fields + i * APP_FIELD__MAX;
		cal_day ext;

		cal_format(r->received, dates[i][0]);
		cal_to_ymd(r->received, &y, &m, &d);
		year = y;
		/* Numbered in the year received, after what is on file and
		   what this import numbered already. */
		for (j = 0; j < nyears && years[j][0] != year; j++)
			;
		if (j == nyears) {
			years = xreallocarray(years, ++nyears, sizeof(*years));
			years[j][0] = year;
			years[j][1] = apps_next_seq(&c.apps, year);
		}
		seq = years[j][1]++;
		(void)snprintf(ids[i], 16, "%04d-%06d", year % 10000, seq % 1000000);
		for (j = 0; j < APP_FIELD__MAX; j++)
			fv[j] = empty[j];
		fv[APP_APPLICANT_TYPE] = strcmp(r->kind, "person") == 0 ?
		    "person" : "org";
		if (strcmp(r->kind, "person") != 0)
			fv[APP_ORG_KIND] = r->kind;
		fv[APP_SUBJECT] = r->subject;
		app_fill_row(&c.apps, fv, &how, ids[i], when, "",
		    arows + i * APP_COLS);
		if (r->extended) {
			const struct law_limits *lim = law_limits_for(&c.law, r->received);

			/* The ledger has no date: the last day of the first limit. */
			if (cal_add_workdays(&c.cal, r->received, lim->answer_days, &ext) != 0 ||
			    (r->answered >= 0 && ext > r->answered))
				ext = r->answered >= 0 ? r->answered : r->received;
			/* Not after the day of the import: nothing is dated
			   ahead of the clock. */
			if (ext > x.today)
				ext = x.today;
			cal_format(ext, dates[i][1]);
			(void)snprintf(dates[i][3], CAL_DATE_LEN, "%d",
			    lim->extension_days % 1000);
			case_fill_event_row(ids[i], when, dates[i][1], "（台账导入）",
			    EV_EXTEND, "", "（台账导入）", dates[i][3], "", "",
			    erows + ne++ * CASE_EV_COLS);
		}
		if (r->answered >= 0) {
			cal_format(r->answered, dates[i][2]);
			case_fill_event_row(ids[i], when, dates[i][2], "（台账导入）",
			    EV_ANSWER, r->outcome, "", "", "", "",
			    erows + ne++ * CASE_EV_COLS);
		}
	}
	before = store_size(&c.apps.st);
	e = store_append_many(&c.apps.st, arows, x.n);
	/* All or none: the applications are taken back if their events
	   could not be written, still under both locks. */
	if (e == STORE_OK && ne > 0 &&
	    (e = store_append_many(&c.st, erows, ne)) != STORE_OK &&
	    store_truncate(&c.apps.st, before) != STORE_OK &&
	    store_truncate(&c.apps.st, before) != STORE_OK) {
		store_unlock(&c.st);
		store_unlock(&c.apps.st);
		buf_printf(&x.err, "严重：事件写入失败（%s），已写入的%zu条申请也无法撤回。"
		    "请先停止网站，执行 truncate -s %lld applications.csv 撤回本次导入，"
		    "再重新导入", store_strerror(e), x.n, (long long)before);
		goto out;
	}
	store_unlock(&c.st);
	store_unlock(&c.apps.st);
	if (e != STORE_OK) {
		buf_printf(&x.err, "写入失败（%s），未导入任何记录", store_strerror(e));
		goto out;
	}
	fprintf(out, "imported %zu applications", x.n);
	if (x.n > 0)
		fprintf(out, " (%s to %s)", ids[0], ids[x.n - 1]);
	fprintf(out, " and %zu events\n", ne);
	rc = 0;
out:
	if (rc != 0) {
		(void)snprintf(msg, sizeof(msg), "%s: %s%s", path, x.err.s,
		    strstr(x.err.s, "严重") ? "" : "；未导入任何记录");
		*why = msg;
	}
	for (i = 0; i < x.n; i++) {
		free(x.v[i].subject);
		free(x.v[i].outcome);
	}
	free(x.v);
	free(ids);
	free(years);
	free(dates);
	free(arows);
	free(erows);
	free(fields);
	buf_free(&x.err);
	buf_free(&copy);
	store_free(&st);
	cases_close(&c);
	return rc;
}

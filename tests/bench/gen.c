/*
 * Benchmark data: a data directory with N applications over 2020-2026 and
 * four agencies, made-up applicants (names, ID numbers, telephones,
 * addresses — none of them real people), and events for every path a case
 * can take: answered, 补正 then answered, no supplement, consultation,
 * extension, 复议, 诉讼, withdrawn, withheld, still open, not yet confirmed.
 * Published annual tables for 2021-2025.  Writes beside them:
 *   codes.txt	a sample of tracking codes (one in 997)
 *   ids.txt	a sample of ids of received applications (one in 991)
 *   forms.txt	fresh form tokens for POST /apply
 *
 *   gen DATA N [FORMS]     (OGI_CONF names the reference data)
 *   gen DATA forms FORMS   fresh form tokens only, for a directory made before
 */
#include <err.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ogi/annual.h"
#include "ogi/boot.h"
#include "ogi/buf.h"
#include "ogi/case.h"
#include "ogi/site.h"
#include "ogi/store.h"
#include "ogi/token.h"

static unsigned long long rng = 88172645463325252ULL;

static unsigned
rnd(unsigned n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (unsigned)(rng % n);
}

#define PICK(a) (a[rnd(sizeof(a) / sizeof(a[0]))])

static const char *const surnames[] = { "王", "李", "张", "刘", "陈", "杨",
    "赵", "黄", "周", "吴", "徐", "孙", "胡", "朱", "高", "林", "何", "郭" };
static const char *const given[] = { "伟", "芳", "娜", "敏", "静", "丽",
    "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "秀英",
    "桂兰", "建国", "海燕", "志强" };
static const char *const streets[] = { "人民路", "解放路", "建设大道",
    "中山路", "和平街", "文化路", "新华路", "长江路" };
static const char *const topics[] = { "城市道路改造工程", "老旧小区改造",
    "征地补偿安置方案", "环境影响评价报告", "政府采购合同", "行政处罚决定",
    "财政预算执行情况", "规划许可", "学校布局调整", "医疗机构设置规划",
    "农村土地承包", "排污许可证", "拆迁补偿标准", "公交线路调整" };
static const char *const orgs[] = { "示例科技有限公司", "示例律师事务所",
    "示例环境研究所", "示例公益基金会", "示例建设集团" };
static const char *const org_kinds[] = { "business", "legal", "research",
    "nonprofit", "other" };
static const char *const agencies[] = { "demo", "demo-jt", "demo-zj", "demo-hb" };
static const char *const grants[] = { "grant", "grant", "grant", "already_public",
    "partial", "partial", "refuse_process", "refuse_third_party",
    "unable_not_held", "unable_not_held", "unable_create", "decline_duplicate",
    "decline_petition", "other" };
static const char *const media[] = { "paper", "electronic", "email", "post" };
static const char *const channels[] = { "当面", "传真", "网络", "网络", "网络",
    "信函" };

struct out {
	FILE		*f;
	struct buf	 b;
};

static void
put(struct out *o, const char *const *row, size_t n)
{
	store_format_row(&o->b, row, n);
	if (o->b.len > (1 << 20)) {
		if (fwrite(o->b.s, 1, o->b.len, o->f) != o->b.len)
			err(1, "write");
		buf_reset(&o->b);
	}
}

static void
done(struct out *o)
{
	if (fwrite(o->b.s, 1, o->b.len, o->f) != o->b.len || fclose(o->f) != 0)
		err(1, "write");
	buf_free(&o->b);
}

static void
open_out(struct out *o, const char *dir, const char *name,
    const char *const *header, size_t n)
{
	char path[4096];

	(void)snprintf(path, sizeof(path), "%s/%s", dir, name);
	if ((o->f = fopen(path, "w")) == NULL)
		err(1, "%s", path);
	buf_init(&o->b);
	put(o, header, n);
}

static struct out ev;
static int nev;

static void
event(const char *id, cal_day d, enum ev_type t, const char *outcome,
    const char *reason, int days, const char *note, const char *medium)
{
	const char *row[CASE_EV_COLS];
	char date[CAL_DATE_LEN], when[32], ds[8];

	cal_format(d, date);
	(void)snprintf(when, sizeof(when), "%sT%02u:%02u:00+08:00", date,
	    9 + rnd(8), rnd(60));
	(void)snprintf(ds, sizeof(ds), "%d", days);
	case_fill_event_row(id, when, date, PICK(surnames), t, outcome, reason,
	    days > 0 ? ds : "", note, medium, row);
	put(&ev, row, CASE_EV_COLS);
	nev++;
}

/* A resident ID with a valid check digit (GB 11643), born 1950-1999. */
static void
resident_id(char out[19])
{
	static const int w[17] = { 7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5,
	    8, 4, 2 };
	static const char cs[] = "10X98765432";
	int i, sum = 0;

	(void)snprintf(out, 19, "110105%04u%02u%02u%03u", 1950 + rnd(50),
	    1 + rnd(12), 1 + rnd(28), rnd(1000));
	for (i = 0; i < 17; i++)
		sum += (out[i] - '0') * w[i];
	out[17] = cs[sum % 11];
	out[18] = '\0';
}

int
main(int argc, char *argv[])
{
	struct boot b;
	struct out ap;
	FILE *codes, *ids, *forms;
	unsigned char pub[TOKEN_KEY_BYTES];
	char path[4096], id[16], when[40], norm[TOKEN_CODE_CHARS + 1];
	char hash[TOKEN_HASH_HEX + 1], code[TOKEN_CODE_SHOWN + 1];
	char name[32], idno[19], phone[16], email[40], addr[96], subj[160];
	char desc[400], recv[CAL_DATE_LEN], tok[TOKEN_FORM_LEN + 1];
	const char *row[APP_COLS];
	char *vals[APP_FIELD__MAX];
	const char *apphdr[APP_COLS], *evhdr[CASE_EV_COLS];
	long n, i, nforms;
	int year, seq = 0, y;
	cal_day today = cal_from_ymd(2026, 11, 27), start, d, sub;

	if (argc < 3 || (n = atol(argv[2])) < 0)
		errx(2, "usage: gen DATA N [FORMS] | gen DATA forms FORMS");
	nforms = argc > 3 ? atol(argv[3]) : 0;
	if (setenv("OGI_DATA", argv[1], 1) != 0 || token_init() != 0)
		err(1, "setup");
	if (strcmp(argv[2], "forms") == 0) {
		unsigned char key[TOKEN_KEY_BYTES];

		/* The public program's key: it checks the form's tokens. */
		if (token_public_key_load(argv[1], key) != 0)
			errx(1, "%s: no key", argv[1]);
		for (i = 0; i < nforms; i++) {
			token_form_new(key, time(NULL) - 60, tok);
			printf("%s\n", tok);
		}
		return 0;
	}
	/* The records do not exist yet: boot makes the key and opens empty
	   files; the headers come from a row writer with its own names. */
	if (boot_open(&b, "gen", BOOT_STAFF) != 0)
		return 1;
	for (i = 0; i < APP_COLS; i++)
		apphdr[i] = NULL;
	{
		/* The writers' headers, as the programs expect them. */
		extern const char *const app_file_header[], *const ev_file_header[];

		for (i = 0; i < APP_COLS; i++)
			apphdr[i] = app_file_header[i];
		for (i = 0; i < CASE_EV_COLS; i++)
			evhdr[i] = ev_file_header[i];
	}
	open_out(&ap, argv[1], "applications.csv", apphdr, APP_COLS);
	open_out(&ev, argv[1], "events.csv", evhdr, CASE_EV_COLS);
	(void)snprintf(path, sizeof(path), "%s/codes.txt", argv[1]);
	codes = fopen(path, "w");
	(void)snprintf(path, sizeof(path), "%s/ids.txt", argv[1]);
	ids = fopen(path, "w");
	if (codes == NULL || ids == NULL)
		err(1, "samples");

	start = cal_from_ymd(2020, 1, 2);
	year = 0;
	for (i = 0; i < n; i++) {
		struct app_new how;
		unsigned path_kind = rnd(100), k;
		int person = rnd(10) < 7, online, withhold = 0;
		cal_day r;

		/* Spread evenly from 2020-01-02 to yesterday. */
		sub = start + (cal_day)((double)(today - start) * (double)i /
		    (double)(n > 1 ? n : 1));
		cal_to_ymd(sub, &y, &(int){0}, &(int){0});
		if (y != year) {
			year = y;
			seq = 0;
		}
		(void)snprintf(id, sizeof(id), "%04d-%06d", year, ++seq);
		cal_format(sub, recv);
		(void)snprintf(when, sizeof(when), "%sT%02u:%02u:%02u+08:00", recv,
		    8 + rnd(12), rnd(60), rnd(60));
		for (k = 0; k < APP_FIELD__MAX; k++)
			vals[k] = "";
		(void)snprintf(name, sizeof(name), "%s%s", PICK(surnames), PICK(given));
		resident_id(idno);
		(void)snprintf(phone, sizeof(phone), "13%09u", rnd(1000000000));
		(void)snprintf(email, sizeof(email), "user%ld@example.cn", i);
		(void)snprintf(addr, sizeof(addr), "示例市示例区%s%u号%u室",
		    PICK(streets), 1 + rnd(300), 101 + rnd(1500));
		(void)snprintf(subj, sizeof(subj), "%d年%s相关信息", 2015 + rnd(11),
		    PICK(topics));
		(void)snprintf(desc, sizeof(desc), "申请公开%s的批准文件、"
		    "实施方案及相关会议纪要，用于了解本人（单位）合法权益受影响情况。",
		    subj);
		vals[APP_APPLICANT_TYPE] = person ? "person" : "org";
		if (person) {
			vals[APP_NAME] = name;
			vals[APP_ID_TYPE] = "resident";
			vals[APP_ID_NUMBER] = idno;
		} else {
			vals[APP_ORG_NAME] = (char *)PICK(orgs);
			vals[APP_ORG_CODE] = "91110000MA00000000";
			vals[APP_ORG_KIND] = (char *)PICK(org_kinds);
			vals[APP_LEGAL_REP] = name;
			vals[APP_CONTACT_NAME] = name;
		}
		vals[APP_PHONE] = phone;
		vals[APP_EMAIL] = email;
		vals[APP_ADDRESS] = addr;
		vals[APP_POSTCODE] = "100000";
		vals[APP_SUBJECT] = subj;
		vals[APP_DESCRIPTION] = desc;
		vals[APP_MEDIUM] = rnd(2) ? "paper" : "electronic";
		vals[APP_DELIVERY] = rnd(2) ? "post" : "email";
		vals[APP_PUBLISH_SUBJECT] = rnd(2) ? "1" : "0";

		how.channel = PICK(channels);
		online = strcmp(how.channel, "网络") == 0;
		how.received = online ? "" : recv;
		how.form_id = NULL;
		how.agency = agencies[rnd(10) < 7 ? 0 : 1 + rnd(3)];
		token_code_new(code);
		(void)token_code_parse(code, norm);
		token_code_hash(norm, hash);
		app_fill_row(&b.cases.apps, vals, &how, id, when, hash, row);
		put(&ap, row, APP_COLS);
		if (i % 997 == 0)
			fprintf(codes, "%s\n", code);
		/* Not yet confirmed: the last online days (and not in the
		   register, so not among the sample ids). */
		if (online && today - sub < 3)
			continue;
		if (i % 991 == 0)
			fprintf(ids, "%s\n", id);
		r = sub + (online ? (cal_day)rnd(3) : 0);
		if (online)
			event(id, r, EV_RECEIVED, "", "", 0, "", "");
		/* Still open: the last weeks. */
		if (today - r < 30 && path_kind < 60)
			continue;
		d = r + 3 + (cal_day)rnd(10);
		if (path_kind < 8) {			/* 补正, then answered */
			event(id, d, EV_SUPP_REQ, "", "", 10,
			    "请写明所需信息的名称、文号或者便于查询的其他特征描述。", "");
			d += 5 + (cal_day)rnd(5);
			event(id, d, EV_SUPP_RECV, "", "", 0, "", "");
			d += 5 + (cal_day)rnd(10);
		} else if (path_kind < 11) {		/* no supplement */
			event(id, d, EV_SUPP_REQ, "", "", 10, "请说明申请用途。", "");
			event(id, d + 20, EV_SUPP_NONE, "other_no_supplement", "",
			    0, "", "");
			continue;
		} else if (path_kind < 16) {		/* consultation */
			event(id, d, EV_CONSULT_START, "", rnd(2) ? "third_party" :
			    "agency", 0, "", "");
			d += 10 + (cal_day)rnd(10);
			event(id, d, EV_CONSULT_END, "", "", 0, "", "");
			d += 3;
		} else if (path_kind < 24) {		/* extended */
			event(id, d + 10, EV_EXTEND, "", PICK(surnames), 20,
			    "", "");
			d += 20 + (cal_day)rnd(15);
		} else if (path_kind < 26) {		/* withdrawn */
			event(id, d, EV_WITHDRAW, "other", "", 0, "申请人撤回申请。", "");
			continue;
		}
		withhold = path_kind >= 26 && path_kind < 28;
		event(id, d, EV_ANSWER, path_kind >= 28 && path_kind < 36 ?
		    "refuse_process" : grants[rnd(sizeof(grants) / sizeof(grants[0]))],
		    "", 0, "已按申请人要求的形式提供。", PICK(media));
		if (withhold)
			event(id, d + 1, EV_WITHHOLD, "", "", 0, "涉及个人隐私。", "");
		if (path_kind >= 28 && path_kind < 33) {	/* 复议 */
			event(id, d + 30, EV_REVIEW_FILED, "", "", 0, "", "");
			if (d + 90 < today)
				event(id, d + 90, EV_REVIEW_DECIDED,
				    rnd(4) ? "upheld" : "corrected", "", 0, "", "");
		} else if (path_kind >= 33 && path_kind < 36) {	/* 诉讼 */
			event(id, d + 40, EV_SUIT_FILED, "", "direct", 0, "", "");
			if (d + 200 < today)
				event(id, d + 200, EV_SUIT_DECIDED,
				    rnd(5) ? "upheld" : "other", "", 0, "", "");
		}
	}
	done(&ap);
	done(&ev);
	fclose(codes);
	fclose(ids);

	/* Publish 2021-2025 for the body as staff would. */
	if (cases_refresh(&b.cases) != STORE_OK)
		errx(1, "reading back the records");
	for (y = 2021; y <= 2025; y++) {
		const struct an_format *f = an_format_for(&b.formats, y);
		const char *scope[64];
		struct an_year yr;
		struct an_table t;
		struct an_year *entered = &yr;
		size_t ns;

		if (f == NULL || an_year_load(&yr, argv[1], b.site.agency, y) != 0)
			errx(1, "annual %d", y);
		ns = an_scope(&b.agencies, b.site.agency, 0, scope, 64);
		an_compute(&t, f, &b.cases, scope, ns, &entered, 1, y);
		an_snapshot(&yr, &t, cal_from_ymd(y + 1, 1, 20));
		if (an_year_save(&yr) != 0)
			errx(1, "saving annual %d", y);
		an_table_free(&t);
		an_year_free(&yr);
	}
	(void)snprintf(path, sizeof(path), "%s/forms.txt", argv[1]);
	if ((forms = fopen(path, "w")) == NULL)
		err(1, "%s", path);
	/* Minted as the public program checks them: under public.key (the
	   staff's key, b.key, no longer makes them, since issue 17). */
	if (token_public_key_load(argv[1], pub) != 0)
		errx(1, "%s: no public.key", argv[1]);
	for (i = 0; i < nforms; i++) {
		token_form_new(pub, time(NULL) - 60, tok);
		fprintf(forms, "%s\n", tok);
	}
	fclose(forms);
	fprintf(stderr, "gen: %ld applications, %d events\n", n, nev);
	boot_close(&b);
	return 0;
}

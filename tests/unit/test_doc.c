/*
 * Unit tests of doc: 文号 under eight concurrent issuers and after failed
 * appends, the letters' data refused with file, line and value, every kind
 * filled from made-up cases (made-up people only), issuing, corrections
 * and the HTML letter.
 */
#include "util.h"

#include <sys/resource.h>
#include <sys/wait.h>

#include <signal.h>
#include <time.h>

#include "ogi/case.h"
#include "ogi/doc.h"
#include "ogi/html.h"
#include "ogi/law.h"
#include "ogi/site.h"

static struct site site;
static struct cases cs;
static struct docs docs;
static char *dir, *conf;
static time_t NOW;	/* 2026-12-31 12:00 in Beijing */

static int
open_all(void)
{
	const char *why = NULL;

	if (cases_open(&cs, &site, &why) != 0) {
		fprintf(stderr, "%s\n", why);
		return -1;
	}
	if (docs_open(&docs, &site, &cs.law, NULL, &why) != 0) {
		fprintf(stderr, "%s\n", why);
		cases_close(&cs);
		return -1;
	}
	return 0;
}

static int
setup(void **state)
{
	struct tm tm = { .tm_year = 126, .tm_mon = 11, .tm_mday = 31, .tm_hour = 4 };

	(void)state;
	NOW = timegm(&tm);
	if (token_init() != 0)
		return -1;
	dir = tmpdir_new();
	conf = NULL;
	TEST_SITE(site, dir, "demo", "示例市人民政府办公室");
	return open_all();
}

static int
teardown(void **state)
{
	(void)state;
	docs_close(&docs);
	cases_close(&cs);
	rm_rf(dir);
	free(dir);
	if (conf != NULL) {
		rm_rf(conf);
		free(conf);
	}
	return 0;
}

/* A made-up applicant's case, received on `received`. */
static const struct app_rec *
new_case(const char *received, int org, const char *subject, char id[16])
{
	char *vals[APP_FIELD__MAX], code[TOKEN_CODE_SHOWN + 1];
	struct app_new how = { "信函", received, NULL, NULL, 0 };
	const struct app_rec *dup;
	size_t i;

	for (i = 0; i < APP_FIELD__MAX; i++)
		vals[i] = "";
	vals[APP_APPLICANT_TYPE] = org ? "org" : "person";
	vals[APP_NAME] = org ? "" : "张示例";
	vals[APP_ORG_NAME] = org ? "示例科技有限公司" : "";
	vals[APP_ADDRESS] = "示例市示例路1号";
	vals[APP_SUBJECT] = (char *)subject;
	assert_int_equal(apps_submit(&cs.apps, vals, &how, NOW, id, code, &dup),
	    APP_OK);
	assert_int_equal(cases_refresh(&cs), STORE_OK);
	return apps_by_id(&cs.apps, id);
}

static void
act(const char *id, enum ev_type t, const char *date, const char *outcome,
    const char *reason, const char *note, int days)
{
	struct case_step s = { t, date, "经办人", outcome, reason, note,
	    t == EV_ANSWER ? "post" : NULL, days };
	const char *msg = NULL;

	if (cases_act(&cs, id, &s, NOW, &msg) != CASE_OK)
		fail_msg("step %s: %s", ev_codes[t], msg ? msg : "refused");
	assert_int_equal(cases_refresh(&cs), STORE_OK);
}

/* The filled text of kind for the case's latest step of it. */
static char *
fill(const char *id, const char *kind)
{
	const struct doc_kind *k = docs_kind(&docs, kind);
	const char *msg = NULL;
	struct buf b;

	assert_non_null(k);
	buf_init(&b);
	if (doc_fill(&docs, &cs, apps_by_id(&cs.apps, id), k, NULL, &b, &msg) !=
	    DOC_OK)
		fail_msg("fill %s: %s", kind, msg ? msg : "?");
	return buf_detach(&b);
}

#define HAS(text, s) do { if (strstr((text), (s)) == NULL) \
	fail_msg("%s: missing \"%s\" in:\n%s", __func__, (s), (text)); } while (0)
#define HASNT(text, s) do { if (strstr((text), (s)) != NULL) \
	fail_msg("%s: unwanted \"%s\" in:\n%s", __func__, (s), (text)); } while (0)

/* An answer and the remedies paragraph with both periods. */
static void
has_remedies(const char *t)
{
	HAS(t, "60日内向示例市人民政府申请行政复议");
	HAS(t, "6个月内向示例市示例区人民法院提起行政诉讼");
	/* It is the last paragraph. */
	assert_non_null(strstr(strrchr(t, '\n'), "提起行政诉讼"));
}

static enum doc_err
issue(const char *id, const char *kind, const char *step, const char *text,
    const char *replaces, const struct doc_rec **out, const char **msg)
{
	struct doc_issue in = { id, kind, step, "经办人", text, replaces };

	return doc_issue(&docs, &cs, &in, NOW, out, msg);
}

/* ---- 文号 ---- */

/* Eight processes issue ten documents each at once: 80 numbers, 1 to 80,
   none twice, none left out. */
static void
eight_concurrent_issuers(void **state)
{
	const struct doc_rec *r;
	char id[16], want[64];
	unsigned char seen[81];
	int p, i, status;
	pid_t pid;

	(void)state;
	new_case("2026-03-02", 0, "2025年部门预算", id);
	for (p = 0; p < 8; p++) {
		if ((pid = fork()) == 0) {
			int bad = 0;

			/* Files of its own: nothing shared with the parent. */
			docs_close(&docs);
			cases_close(&cs);
			if (open_all() != 0)
				_exit(2);
			for (i = 0; i < 10; i++) {
				struct doc_issue in = { id, "reasons", "", "经办人",
				    "张示例：\n请说明理由。", NULL };
				const char *msg;

				if (doc_issue(&docs, &cs, &in, NOW, NULL, &msg) != DOC_OK)
					bad = 1;
			}
			docs_close(&docs);
			cases_close(&cs);
			_exit(bad);
		}
		assert_true(pid > 0);
	}
	for (p = 0; p < 8; p++) {
		assert_true(wait(&status) > 0);
		assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	}
	assert_int_equal(docs_refresh(&docs), STORE_OK);
	assert_int_equal(docs.n, 80);
	memset(seen, 0, sizeof(seen));
	for (r = docs_first(&docs, id); r != NULL; r = docs_next(&docs, r)) {
		assert_true(r->seq >= 1 && r->seq <= 80);
		assert_int_equal(seen[r->seq], 0);
		seen[r->seq] = 1;
		(void)snprintf(want, sizeof(want), "示例办公开告〔2026〕%u号", r->seq);
		assert_string_equal(doc_number(&docs, r), want);
		assert_true(docs_by_number(&docs, want) == r);
	}
	for (i = 1; i <= 80; i++)
		assert_int_equal(seen[i], 1);
}

/* A refused text, and an append that fails (the file may not grow: the
   disk is full), take no number: the next document has the next one. */
static void
failures_skip_no_number(void **state)
{
	const struct doc_rec *r = NULL;
	const char *msg;
	struct stat st;
	char id[16], path[512];
	int status;
	pid_t pid;

	(void)state;
	new_case("2026-03-02", 0, "2025年部门预算", id);
	assert_int_equal(issue(id, "reasons", "", "张示例：\n好。", NULL, &r, &msg),
	    DOC_OK);
	assert_string_equal(doc_number(&docs, r), "示例办公开告〔2026〕1号");
	assert_int_equal(issue(id, "reasons", "", "张示例：\n期限【请填写：期限】。",
	    NULL, &r, &msg), DOC_EINPUT);
	assert_non_null(strstr(msg, "【请填写：期限】"));
	assert_int_equal(issue(id, "reasons", "", "张示例：\n{itmes}", NULL, &r,
	    &msg), DOC_EINPUT);
	assert_non_null(strstr(msg, "{itmes}"));
	assert_int_equal(issue(id, "no_such_kind", "", "x", NULL, &r, &msg),
	    DOC_EKIND);

	(void)snprintf(path, sizeof(path), "%s/documents.csv", dir);
	assert_int_equal(stat(path, &st), 0);
	if ((pid = fork()) == 0) {
		struct rlimit rl = { (rlim_t)st.st_size + 16, (rlim_t)st.st_size + 16 };
		enum doc_err e;

		signal(SIGXFSZ, SIG_IGN);
		if (setrlimit(RLIMIT_FSIZE, &rl) != 0)
			_exit(3);
		e = issue(id, "reasons", "", "张示例：\n这一份写不下。", NULL, NULL, &msg);
		docs_close(&docs);
		cases_close(&cs);
		_exit(e == DOC_EIO || e == DOC_ENOSPC ? 0 : 1);
	}
	assert_true(pid > 0);
	assert_true(waitpid(pid, &status, 0) == pid);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	{
		struct stat after;

		assert_int_equal(stat(path, &after), 0);
		assert_int_equal(after.st_size, st.st_size);
	}
	assert_int_equal(issue(id, "reasons", "", "张示例：\n第二份。", NULL, &r, &msg),
	    DOC_OK);
	assert_string_equal(doc_number(&docs, r), "示例办公开告〔2026〕2号");
	/* Answers count apart from notices. */
	act(id, EV_ANSWER, "2026-03-20", "grant", NULL, NULL, 0);
	{
		char *t = fill(id, "answer_grant");

		assert_int_equal(issue(id, "answer_grant", "answer:1", t, NULL, &r,
		    &msg), DOC_OK);
		free(t);
	}
	assert_string_equal(doc_number(&docs, r), "示例办公开复〔2026〕1号");
}

/* ---- the letters' data ---- */

/* A copy of the reference data to spoil. */
static void
copy_conf(void)
{
	char cmd[1024];

	conf = tmpdir_new();
	(void)snprintf(cmd, sizeof(cmd), "cp -r data/*.csv data/letters '%s'/",
	    conf);
	assert_int_equal(system(cmd), 0);
}

/* Replace the first `from` in conf/letters/name with `to`. */
static void
spoil(const char *name, const char *from, const char *to)
{
	char path[512], *text, *at;
	struct buf b;

	(void)snprintf(path, sizeof(path), "%s/letters/%s", conf, name);
	assert_non_null(text = read_file(path, NULL));
	if ((at = strstr(text, from)) == NULL)
		fail_msg("%s has no \"%s\"", name, from);
	buf_init(&b);
	buf_add(&b, text, (size_t)(at - text));
	buf_adds(&b, to);
	buf_adds(&b, at + strlen(from));
	write_file(path, b.s, b.len);
	buf_free(&b);
	free(text);
}

static const char *
load_why(void)
{
	struct docs d;
	const char *why = NULL;

	site.conf_dir = conf;
	if (docs_open(&d, &site, &cs.law, NULL, &why) == 0) {
		docs_close(&d);
		why = NULL;
	}
	site.conf_dir = "data";
	return why;
}

struct spoilt {
	const char	*file, *from, *to;
	const char	*want;		/* in the message */
};

static void
letters_refused_with_file_line_value(void **state)
{
	static const struct spoilt cases[] = {
		{ "supplement.txt", "{items}", "{itmes}",
		    "letters/supplement.txt:5: unknown placeholder {itmes}" },
		{ "receipt.txt", "{subject}", "{subject",
		    "letters/receipt.txt:6: a placeholder \"{subject\" without its \"}\"" },
		{ "receipt.txt", "{id}", "{items}",
		    "letters/receipt.txt:5: placeholder {items} cannot be filled" },
		{ "consult-third-party.txt", "{id}", "{applicant}",
		    "letters/consult-third-party.txt:4: placeholder {applicant} cannot be filled" },
		{ "answer-refuse.txt", "{remedies}", "",
		    "answer-refuse.txt: the last paragraph must be {remedies}" },
		{ "kinds.csv", "\"answer-refuse.txt\",\"answer\",\"不予公开\",\"2019\",\"1\"",
		    "\"answer-refuse.txt\",\"answer\",\"不予公开\",\"2019\",\"0\"",
		    "letters/kinds.csv:10: kind \"answer_refuse\" answers without granting in full" },
		{ "kinds.csv", "\"answer\",\"无法提供\"", "\"answer\",\"无法给\"",
		    "letters/kinds.csv:11: unknown \"when\" \"无法给\"" },
		{ "kinds.csv", "\"supplement_request\"", "\"supplement_asked\"",
		    "letters/kinds.csv:3: unknown step \"supplement_asked\"" },
		{ "kinds.csv", "\"answer_decline\",\"answer\",\"政府信息公开申请答复书\","
		    "\"answer-decline.txt\",\"answer\",\"不予处理\",\"2019\",\"1\"\n", "",
		    "no 答复书 for outcome \"decline_petition\"" },
		{ "findings.csv", "\"refuse_process\"", "\"refuse_proces\"",
		    "letters/findings.csv:10: unknown outcome \"refuse_proces\"" },
		{ "findings.csv", "\"unable_create\",\"经审查，", "\"unable_create\",\"{why}",
		    "letters/findings.csv:14: unknown placeholder {why}" },
		{ "findings.csv", "\"withdraw\"", "\"other_fee_unpaid\"",
		    "letters/findings.csv:24: outcome \"other_fee_unpaid\" twice" },
		{ "findings.csv", "\"decline_mass\"", "\"withdraw\"",
		    "letters/findings.csv:24: outcome \"withdraw\" twice" },
		{ "numbers.csv", "\"demo\",\"answer\"", "\"nowhere\",\"answer\"",
		    "letters/numbers.csv:3: unknown agency \"nowhere\"" },
		{ "numbers.csv", "\"demo\",\"answer\"", "\"demo\",\"answers\"",
		    "letters/numbers.csv:3: unknown group \"answers\"" },
		{ "issuers.csv", "\"demo\",", "\"other\",",
		    "letters/issuers.csv:2: unknown agency \"other\"" },
		{ "remedies.txt", "{court}", "{courts}",
		    "letters/remedies.txt:2: unknown placeholder {courts}" },
	};
	const char *why;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		copy_conf();
		spoil(cases[i].file, cases[i].from, cases[i].to);
		why = load_why();
		if (why == NULL || strstr(why, cases[i].want) == NULL)
			fail_msg("%s: wanted \"%s\", got \"%s\"", cases[i].file,
			    cases[i].want, why ? why : "(loaded)");
		rm_rf(conf);
		free(conf);
		conf = NULL;
	}
	/* A missing template names its file. */
	copy_conf();
	{
		char path[512];

		(void)snprintf(path, sizeof(path), "%s/letters/reasons.txt", conf);
		assert_int_equal(unlink(path), 0);
	}
	assert_non_null(why = load_why());
	assert_non_null(strstr(why, "letters/reasons.txt"));
}

/* ---- filling ---- */

static void
notices_filled_from_the_case(void **state)
{
	char id[16], *t;

	(void)state;
	new_case("2026-03-02", 0, "2025年示例道路改造工程会议纪要", id);
	t = fill(id, "receipt");
	HAS(t, "张示例：\n");
	HAS(t, "本机关于2026年3月2日收到您提交的政府信息公开申请");
	HAS(t, "2025年示例道路改造工程会议纪要");
	HAS(t, "20个工作日内");
	HAS(t, "2026年3月30日前作出答复");
	HASNT(t, "{");
	free(t);

	act(id, EV_SUPP_REQ, "2026-03-04", NULL, NULL,
	    "请写明会议纪要的召开时间；\n请说明所需纪要的议题。", 10);
	t = fill(id, "supplement");
	HAS(t, "2026年3月2日");
	HAS(t, "第三十条");
	HAS(t, "\n请写明会议纪要的召开时间；\n请说明所需纪要的议题。\n");
	HAS(t, "请您于2026年3月18日前（10个工作日内）");
	HAS(t, "视为放弃申请");
	free(t);

	act(id, EV_SUPP_RECV, "2026-03-10", NULL, NULL, NULL, 0);
	act(id, EV_CONSULT_START, "2026-03-11", NULL, "third_party",
	    "涉及示例建设公司的投标报价", 0);
	t = fill(id, "consult_third_party");
	HAS(t, "【请填写：第三方的姓名或者名称】：\n");
	HAS(t, "第三十二条");
	HAS(t, "15个工作日内");
	HAS(t, "涉及示例建设公司的投标报价。");
	/* Nothing of the applicant goes to the third party. */
	HASNT(t, "张示例");
	HAS(t, "2025年示例道路改造工程会议纪要");
	free(t);
	assert_false(doc_to_applicant(docs_kind(&docs, "consult_third_party")));
	assert_false(doc_to_applicant(docs_kind(&docs, "consult_agency")));
	assert_true(doc_to_applicant(docs_kind(&docs, "supplement")));
	assert_true(doc_to_applicant(docs_kind(&docs, "answer_other")));
	assert_false(doc_to_applicant(NULL));
	act(id, EV_CONSULT_END, "2026-03-20", NULL, NULL, NULL, 0);

	act(id, EV_CONSULT_START, "2026-03-23", NULL, "agency", NULL, 0);
	t = fill(id, "consult_agency");
	HAS(t, "【请填写：被征求意见机关的名称】：\n");
	HAS(t, "第三十四条");
	HAS(t, "视为同意公开");
	HASNT(t, "张示例");
	free(t);
	act(id, EV_CONSULT_END, "2026-03-25", NULL, NULL, NULL, 0);

	act(id, EV_EXTEND, "2026-04-01", NULL, "王示例", "所需信息涉及多个部门，需要协调检索。", 0);
	t = fill(id, "extension");
	HAS(t, "因所需信息涉及多个部门，需要协调检索，本机关不能在20个工作日内作出答复");
	HAS(t, "第三十三条第二款");
	HAS(t, "延长20个工作日");
	free(t);

	t = fill(id, "reasons");
	HAS(t, "张示例：\n");
	HAS(t, "第三十五条");
	HAS(t, "【请填写：期限】");
	free(t);
}

/* Every outcome of the 2019 条例: its 答复书 with the applicant, the
   received date, the finding and its basis, and unless it grants in full
   the remedies with both periods. */
static void
every_answer_filled(void **state)
{
	const struct law *law = &cs.law;
	const struct law_outcome *o;
	char id[16], *t;
	size_t i;

	(void)state;
	for (i = 0; i < law->nout; i++) {
		struct buf kind;
		int grant;

		o = &law->out[i];
		if (!law_outcome_in(o, "2019"))
			continue;
		new_case("2026-05-06", 0, "示例事项", id);
		act(id, EV_ANSWER, "2026-05-20", o->code, "该信息系示例会议的讨论稿",
		    "仅工作人员可见的备注", 0);
		buf_init(&kind);
		buf_adds(&kind, strcmp(o->group, "予以公开") == 0 ? "answer_grant" :
		    strcmp(o->group, "部分公开") == 0 ? "answer_partial" :
		    strcmp(o->group, "不予公开") == 0 ? "answer_refuse" :
		    strcmp(o->group, "无法提供") == 0 ? "answer_unable" :
		    strcmp(o->group, "不予处理") == 0 ? "answer_decline" :
		    "answer_other");
		t = fill(id, kind.s);
		HAS(t, "张示例：\n");
		HAS(t, "本机关于2026年5月6日收到您提出的政府信息公开申请");
		HAS(t, "“示例事项”");
		/* Staff's reason follows the finding; the note is not there. */
		HAS(t, "。该信息系示例会议的讨论稿。");
		HASNT(t, "仅工作人员可见的备注");
		grant = strcmp(o->group, "予以公开") == 0;
		if (strcmp(o->code, "other") != 0)
			HAS(t, "根据《中华人民共和国政府信息公开条例》第");
		if (grant)
			HASNT(t, "行政复议");
		else
			has_remedies(t);
		HASNT(t, "{");
		free(t);
		buf_free(&kind);
	}
	/* The reasons and bases of refusals, as the law has them. */
	new_case("2026-05-06", 0, "示例事项", id);
	act(id, EV_ANSWER, "2026-05-20", "refuse_process", NULL, NULL, 0);
	t = fill(id, "answer_refuse");
	HAS(t, "经审查，您申请公开的政府信息属于行政机关在履行行政管理职能过程中"
	    "形成的讨论记录、过程稿、磋商信函、请示报告等过程性信息。根据《中华人民"
	    "共和国政府信息公开条例》第十六条第二款的规定，本机关决定不予公开。");
	HASNT(t, "提供方式");
	free(t);
}

/* A missed 补正 and a withdrawal: 其他处理, with what led to it. */
static void
other_outcomes_filled(void **state)
{
	const struct doc_rec *r;
	const char *msg;
	char id[16], *t;

	(void)state;
	new_case("2026-03-02", 1, "示例项目环评批复", id);
	act(id, EV_SUPP_REQ, "2026-03-04", NULL, NULL, "请写明项目名称。", 5);
	t = fill(id, "supplement");
	HAS(t, "示例科技有限公司：\n");
	HAS(t, "请贵单位于2026年3月11日前（5个工作日内）");
	assert_int_equal(issue(id, "supplement", "supplement_request:1", t, NULL,
	    &r, &msg), DOC_OK);
	free(t);
	act(id, EV_SUPP_NONE, "2026-03-20", NULL, NULL, NULL, 0);
	t = fill(id, "answer_other");
	HAS(t, "本机关已于2026年3月4日向贵单位发出补正申请告知书（示例办公开告〔2026〕1号）");
	HAS(t, "（2026年3月11日前）");
	HAS(t, "第三十条的规定，视为贵单位放弃申请");
	has_remedies(t);
	free(t);

	new_case("2026-03-02", 0, "示例事项", id);
	act(id, EV_WITHDRAW, "2026-03-05", NULL, NULL, NULL, 0);
	t = fill(id, "answer_other");
	HAS(t, "您已于2026年3月5日向本机关撤回该政府信息公开申请。本机关不再处理");
	HASNT(t, "根据");
	has_remedies(t);
	free(t);
}

/* A kind that does not go with the case is refused, and so is a case of
   the 2008 条例 (the templates cite the 2019 one). */
static void
kinds_that_do_not_fit(void **state)
{
	const char *msg;
	struct buf b;
	char id[16];

	(void)state;
	buf_init(&b);
	new_case("2026-03-02", 0, "示例事项", id);
	assert_int_equal(doc_fill(&docs, &cs, apps_by_id(&cs.apps, id),
	    docs_kind(&docs, "extension"), NULL, &b, &msg), DOC_ESTEP);
	act(id, EV_ANSWER, "2026-03-20", "refuse_internal", NULL, NULL, 0);
	assert_int_equal(doc_fill(&docs, &cs, apps_by_id(&cs.apps, id),
	    docs_kind(&docs, "answer_grant"), NULL, &b, &msg), DOC_ESTEP);
	assert_int_equal(doc_fill(&docs, &cs, apps_by_id(&cs.apps, id),
	    docs_kind(&docs, "reasons"), "answer:1", &b, &msg), DOC_EKIND);
	new_case("2018-04-27", 0, "示例事项", id);
	assert_int_equal(doc_fill(&docs, &cs, apps_by_id(&cs.apps, id),
	    docs_kind(&docs, "receipt"), NULL, &b, &msg), DOC_EKIND);
	new_case("", 0, "示例事项", id);	/* online, not yet received */
	assert_int_equal(doc_fill(&docs, &cs, apps_by_id(&cs.apps, id),
	    docs_kind(&docs, "receipt"), NULL, &b, &msg), DOC_ESTEP);
	assert_int_equal(b.len, 0);
	buf_free(&b);
}

/* ---- issuing ---- */

static void
issue_once_and_correct(void **state)
{
	const struct doc_rec *r, *r2, *dup;
	struct doc_due due[16];
	struct doc_text t;
	const char *msg;
	char id[16], *text;
	size_t n;

	(void)state;
	new_case("2026-03-02", 0, "示例事项", id);
	act(id, EV_ANSWER, "2026-03-20", "refuse_security", "理由甲", NULL, 0);
	n = doc_steps(&docs, &cs, apps_by_id(&cs.apps, id), due, 16);
	assert_int_equal(n, 2);
	assert_string_equal(due[0].key, "received:0");
	assert_string_equal(due[0].kind->code, "receipt");
	assert_string_equal(due[1].key, "answer:1");
	assert_string_equal(due[1].kind->code, "answer_refuse");
	assert_null(due[1].issued);

	text = fill(id, "answer_refuse");
	assert_int_equal(issue(id, "answer_refuse", "", text, NULL, &r, &msg),
	    DOC_ESTEP);
	{
		struct buf b;

		buf_init(&b);
		buf_adds(&b, text);
		buf_adds(&b, "\n本答复书文号为{doc_number}，于{date}作出。");
		assert_int_equal(issue(id, "answer_refuse", "answer:1", b.s, NULL,
		    &r, &msg), DOC_OK);
		buf_free(&b);
	}
	assert_non_null(r);
	assert_string_equal(doc_number(&docs, r), "示例办公开复〔2026〕1号");
	/* The same step again: the one in force. */
	assert_int_equal(issue(id, "answer_refuse", "answer:1", text, NULL, &dup,
	    &msg), DOC_EDUP);
	assert_true(dup == r);
	assert_int_equal(docs_read(&docs, r, &t), 0);
	assert_string_equal(t.f[DOC_C_CASE], id);
	assert_string_equal(t.f[DOC_C_KIND], "answer_refuse");
	assert_string_equal(t.f[DOC_C_STEP], "answer:1");
	assert_string_equal(t.f[DOC_C_DATE], "2026-12-31");
	assert_string_equal(t.f[DOC_C_STAFF], "经办人");
	assert_string_equal(t.f[DOC_C_TITLE], "政府信息公开申请答复书");
	assert_string_equal(t.f[DOC_C_SIGNER], "示例市人民政府办公室");
	assert_int_equal(strlen(t.f[DOC_C_TEMPLATE]), 16);
	assert_non_null(strstr(t.f[DOC_C_TEXT],
	    "本答复书文号为示例办公开复〔2026〕1号，于2026年12月31日作出。"));
	assert_non_null(strstr(t.f[DOC_C_TEXT], "理由甲。"));
	doc_text_free(&t);

	/* A correction names the one it replaces, which then is no longer
	   in force; a second correction of it is refused. */
	assert_int_equal(issue(id, "answer_refuse", "answer:1", "张示例：\n更正后的答复。",
	    "示例办公开复〔2026〕1号", &r2, &msg), DOC_OK);
	r = docs_by_number(&docs, "示例办公开复〔2026〕1号");
	assert_true(docs_latest(&docs, r) == r2);
	assert_string_equal(doc_number(&docs, r2), "示例办公开复〔2026〕2号");
	assert_int_equal(issue(id, "answer_refuse", "answer:1", "张示例：\n再改。",
	    "示例办公开复〔2026〕1号", NULL, &msg), DOC_EINPUT);
	n = doc_steps(&docs, &cs, apps_by_id(&cs.apps, id), due, 16);
	assert_true(due[1].issued == r2);
	assert_int_equal(docs_read(&docs, r2, &t), 0);
	assert_string_equal(t.f[DOC_C_REPLACES], "示例办公开复〔2026〕1号");
	doc_text_free(&t);
	/* Another case's document cannot be named. */
	{
		char other[16];

		new_case("2026-03-02", 0, "别的事项", other);
		assert_int_equal(issue(other, "reasons", "", "张示例：\n好。",
		    "示例办公开复〔2026〕2号", NULL, &msg), DOC_EINPUT);
	}
	free(text);

	/* Another reader (a second program) sees the rows. */
	{
		struct docs d2;
		const char *why;

		assert_int_equal(docs_open(&d2, &site, &cs.law, NULL, &why), 0);
		assert_int_equal(d2.n, 2);
		r = docs_by_number(&d2, "示例办公开复〔2026〕1号");
		assert_non_null(r);
		assert_int_not_equal(r->replaced_by, 0);
		assert_string_equal(doc_number(&d2, docs_latest(&d2, r)),
		    "示例办公开复〔2026〕2号");
		docs_close(&d2);
	}
}

/* What an applicant typed is a value, never a placeholder or markup. */
static void
values_stay_values(void **state)
{
	const struct doc_rec *r;
	struct doc_text t;
	const char *msg;
	struct buf h;
	char id[16], *text;

	(void)state;
	new_case("2026-03-02", 0, "<script>alert(1)</script> {date} & “引号”", id);
	text = fill(id, "receipt");
	assert_non_null(strstr(text, "｛date｝"));
	assert_int_equal(issue(id, "receipt", "received:0", text, NULL, &r, &msg),
	    DOC_OK);
	free(text);
	assert_int_equal(docs_read(&docs, r, &t), 0);
	assert_non_null(strstr(t.f[DOC_C_TEXT], "｛date｝"));
	buf_init(&h);
	doc_html(&h, &t);
	assert_null(strstr(h.s, "<script>"));
	assert_non_null(strstr(h.s, "&lt;script&gt;alert(1)&lt;/script&gt; ｛date｝ &amp; “引号”"));
	assert_non_null(strstr(h.s, "<h1 class=\"letter-title\">政府信息公开申请登记回执</h1>"));
	assert_non_null(strstr(h.s, "<p class=\"letter-number\">示例办公开告〔2026〕1号</p>"));
	assert_non_null(strstr(h.s, "<p class=\"letter-to\">张示例：</p>"));
	assert_non_null(strstr(h.s, "<p class=\"letter-signer\">示例市人民政府办公室</p>"));
	assert_non_null(strstr(h.s, "<p class=\"letter-date\">2026年12月31日</p>"));
	buf_free(&h);
	doc_text_free(&t);
}

/* The template parser alone. */
static void
template_parser(void **state)
{
	const char *vals[DP__MAX] = { NULL };
	struct doc_tmpl *t;
	char err[200];
	struct buf b;
	static const char src[] = "# a note {nothing}\n\n　　{applicant}：\n"
	    "  {{literal}} and {you}\r\n#\n";

	(void)state;
	t = doc_tmpl_parse(src, sizeof(src) - 1, 1, doc_ph_for_steps(0), "x.txt",
	    1, err, sizeof(err));
	assert_non_null(t);
	vals[DP_APPLICANT] = "张示例";
	vals[DP_YOU] = "您";
	buf_init(&b);
	doc_tmpl_fill(t, vals, &b);
	assert_string_equal(b.s, "张示例：\n{literal} and 您");
	assert_true(doc_tmpl_uses(t, DP_YOU));
	assert_false(doc_tmpl_uses(t, DP_ITEMS));
	doc_tmpl_free(t);
	buf_free(&b);
	assert_null(doc_tmpl_parse("a\nb }", 5, 1, ~(doc_phset)0, "y.txt", 1, err,
	    sizeof(err)));
	assert_string_equal(err, "y.txt:2: a \"}\" without \"{\" (write \"}}\" for a brace)");
	assert_null(doc_tmpl_parse("\xff", 1, 1, ~(doc_phset)0, "z.txt", 1, err,
	    sizeof(err)));
	assert_null(doc_tmpl_parse("# only a note\n", 14, 1, ~(doc_phset)0, "e.txt",
	    1, err, sizeof(err)));
	assert_non_null(strstr(err, "empty"));
	t = doc_tmpl_parse("x\n{remedies}", 12, 1, ~(doc_phset)0, "r.txt", 1, err,
	    sizeof(err));
	assert_true(doc_tmpl_ends_with(t, DP_REMEDIES));
	doc_tmpl_free(t);
	t = doc_tmpl_parse("x {remedies}", 12, 1, ~(doc_phset)0, "r.txt", 1, err,
	    sizeof(err));
	assert_false(doc_tmpl_ends_with(t, DP_REMEDIES));
	doc_tmpl_free(t);
}


/* The 收费通知书 of a fee notice (250 pages: 4700 元), and the 答复书 of
   a fee left unpaid. */
static void
fee_notice_and_unpaid(void **state)
{
	struct case_step s = { EV_FEE_NOTICE, "2026-03-04", "经办人", "pages",
	    NULL, NULL, "250", 0 };
	struct case_step u = { EV_FEE_UNPAID, "2026-04-02", "经办人", NULL,
	    NULL, NULL, NULL, 0 };
	const char *msg = NULL;
	char id[16], *t;

	(void)state;
	new_case("2026-03-02", 0, "示例工程全部施工图纸", id);
	if (cases_act(&cs, id, &s, NOW, &msg) != CASE_OK)
		fail_msg("fee_notice: %s", msg ? msg : "refused");
	assert_int_equal(cases_refresh(&cs), STORE_OK);
	t = fill(id, "fee_notice");
	HAS(t, "张示例：\n");
	HAS(t, "第四十二条和《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）");
	HAS(t, "本机关采用按量计收方式（提供250页）");
	HAS(t, "第1—30页：免费；第31—100页：70页×10元＝700元；"
	    "第101—200页：100页×20元＝2000元；第201—250页：50页×40元＝2000元。");
	HAS(t, "共计人民币4700元");
	HAS(t, "20个工作日内（2026年4月1日前）");
	HASNT(t, "【请填写");
	HASNT(t, "{");
	free(t);
	if (cases_act(&cs, id, &u, NOW, &msg) != CASE_OK)
		fail_msg("fee_unpaid: %s", msg ? msg : "refused");
	assert_int_equal(cases_refresh(&cs), STORE_OK);
	t = fill(id, "answer_other");
	HAS(t, "逾期未按照通知要求缴纳费用");
	HAS(t, "国办函〔2020〕109号");
	HAS(t, "不再处理");
	free(t);
}

int
main(void)
{
	const struct CMUnitTest doc[] = {
		cmocka_unit_test_setup_teardown(eight_concurrent_issuers, setup, teardown),
		cmocka_unit_test_setup_teardown(failures_skip_no_number, setup, teardown),
		cmocka_unit_test_setup_teardown(letters_refused_with_file_line_value, setup, teardown),
		cmocka_unit_test_setup_teardown(notices_filled_from_the_case, setup, teardown),
		cmocka_unit_test_setup_teardown(fee_notice_and_unpaid, setup, teardown),
		cmocka_unit_test_setup_teardown(every_answer_filled, setup, teardown),
		cmocka_unit_test_setup_teardown(other_outcomes_filled, setup, teardown),
		cmocka_unit_test_setup_teardown(kinds_that_do_not_fit, setup, teardown),
		cmocka_unit_test_setup_teardown(issue_once_and_correct, setup, teardown),
		cmocka_unit_test_setup_teardown(values_stay_values, setup, teardown),
		cmocka_unit_test(template_parser),
	};

	return cmocka_run_group_tests(doc, NULL, NULL);
}

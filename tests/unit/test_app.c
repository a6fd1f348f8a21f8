/* Unit tests of app: check digits, the form's rules, applications.csv. */
#include "util.h"

#include "ogi/app.h"
#include "ogi/site.h"

/* Made-up numbers whose check characters are right. */
#define ID_OK	"110105199003071239"
#define ID_X	"44030419851231002X"
#define ID_LEAP	"320102200002294567"
#define USCC_OK	"91110000MA0012345C"

static void
resident_id(void **state)
{
	(void)state;
	assert_true(app_resident_id_ok(ID_OK));
	assert_true(app_resident_id_ok(ID_X));
	assert_true(app_resident_id_ok(ID_LEAP));	/* 29 February 2000 */
	assert_false(app_resident_id_ok("110105199003071238"));	/* check */
	assert_false(app_resident_id_ok("44030419851231002x"));	/* lower x */
	assert_false(app_resident_id_ok("11010519900307123"));	/* 17 */
	assert_false(app_resident_id_ok("1101051990030712399"));
	assert_false(app_resident_id_ok("11010519901307123X"));	/* month 13 */
	assert_false(app_resident_id_ok("320102200102294560"));	/* 29 Feb 2001 */
	assert_false(app_resident_id_ok("11010519900307A239"));
	assert_false(app_resident_id_ok(""));
}

static void
credit_code(void **state)
{
	(void)state;
	assert_true(app_credit_code_ok(USCC_OK));
	assert_true(app_credit_code_ok("52440300MJL0000012"));
	assert_true(app_credit_code_ok("121000004000000124"));
	assert_false(app_credit_code_ok("91110000MA0012345D"));
	assert_false(app_credit_code_ok("91110000MA001234IC"));	/* I */
	assert_false(app_credit_code_ok("91110000MA0012345"));
	assert_false(app_credit_code_ok("91110000ma0012345c"));
	assert_false(app_credit_code_ok(""));
}

static size_t
check(const char *body, char **vals, const char **errs)
{
	struct form f;
	size_t n;

	assert_int_equal(form_parse(&f, body, strlen(body)), FORM_OK);
	n = app_validate(&f, vals, errs);
	form_free(&f);
	return n;
}

#define COMMON "&phone=010-12345678&address=%E6%9F%90%E8%B7%AF1%E5%8F%B7" \
	"&subject=s&description=d&medium=paper&delivery=pickup"

static void
validate_person_and_org(void **state)
{
	char *vals[APP_FIELD__MAX];
	const char *errs[APP_FIELD__MAX];

	(void)state;
	assert_int_equal(check("applicant_type=person&name=N&id_type=resident"
	    "&id_number=44030419851231002x" COMMON, vals, errs), 0);
	assert_string_equal(vals[APP_ID_NUMBER], ID_X);	/* x made X */
	assert_string_equal(vals[APP_ORG_NAME], "");
	form_vals_free(vals, APP_FIELD__MAX);

	assert_int_equal(check("applicant_type=person&name=N&id_type=resident"
	    "&id_number=110105199003071238" COMMON, vals, errs), 1);
	assert_non_null(errs[APP_ID_NUMBER]);
	form_vals_free(vals, APP_FIELD__MAX);

	/* Other documents are not held to the resident ID's rule. */
	assert_int_equal(check("applicant_type=person&name=N&id_type=passport"
	    "&id_number=E1234567" COMMON, vals, errs), 0);
	form_vals_free(vals, APP_FIELD__MAX);

	/* An organisation: its own fields required, the person's not. */
	assert_int_equal(check("applicant_type=org" COMMON, vals, errs), 5);
	assert_non_null(errs[APP_ORG_NAME]);
	assert_non_null(errs[APP_ORG_CODE]);
	assert_non_null(errs[APP_ORG_KIND]);
	assert_non_null(errs[APP_LEGAL_REP]);
	assert_non_null(errs[APP_CONTACT_NAME]);
	assert_null(errs[APP_NAME]);
	form_vals_free(vals, APP_FIELD__MAX);
	assert_int_equal(check("applicant_type=org&org_name=O&org_code=91110000ma0012345c"
	    "&org_kind=research&legal_rep=L&contact_name=C&name=ignored" COMMON,
	    vals, errs), 0);
	assert_string_equal(vals[APP_ORG_CODE], USCC_OK);
	assert_string_equal(vals[APP_NAME], "");
	form_vals_free(vals, APP_FIELD__MAX);

	/* Delivery by e-mail needs an address; by post, a postcode. */
	assert_int_equal(check("applicant_type=person&name=N&id_type=other&id_number=1"
	    "&phone=13800000000&address=a&subject=s&description=d&medium=electronic"
	    "&delivery=email", vals, errs), 1);
	assert_non_null(errs[APP_EMAIL]);
	form_vals_free(vals, APP_FIELD__MAX);
	assert_int_equal(check("applicant_type=person&name=N&id_type=other&id_number=1"
	    "&phone=13800000000&address=a&subject=s&description=d&medium=paper"
	    "&delivery=post&email=bad@&postcode=1234", vals, errs), 2);
	assert_non_null(errs[APP_EMAIL]);
	assert_non_null(errs[APP_POSTCODE]);
	form_vals_free(vals, APP_FIELD__MAX);
	assert_int_equal(check("applicant_type=person&name=N&id_type=other&id_number=1"
	    "&phone=12&address=a&subject=s&description=d&medium=paper"
	    "&delivery=post&email=a.b@example.cn&postcode=100000", vals, errs), 1);
	assert_non_null(errs[APP_PHONE]);
	form_vals_free(vals, APP_FIELD__MAX);
	/* No applicant type: said so, and the common fields still checked. */
	assert_int_equal(check("", vals, errs), 7);
	assert_non_null(errs[APP_APPLICANT_TYPE]);
	assert_null(errs[APP_NAME]);
	form_vals_free(vals, APP_FIELD__MAX);
}

static const struct app_new *
web(const char *form_id)
{
	static struct app_new how;

	how.channel = "网络";
	how.received = "";
	how.form_id = form_id;
	return &how;
}

/* Form ids are hex digests, as token_form_check makes them. */
#define F1 "1111111111111111111111111111111111111111111111111111111111111111"
#define F2 "2222222222222222222222222222222222222222222222222222222222222222"
#define F3 "3333333333333333333333333333333333333333333333333333333333333333"

static void
submit_ids_and_lookup(void **state)
{
	char *dir = tmpdir_new();
	struct site site = { .data_dir = dir, .agency = "t", .utc_offset = 480,
	    .body_name = "b" };
	struct apps a, b;
	char *vals[APP_FIELD__MAX], id[16], code[TOKEN_CODE_SHOWN + 1];
	char norm[TOKEN_CODE_CHARS + 1], hash[TOKEN_HASH_HEX + 1], when[17];
	const struct app_rec *dup, *r;
	size_t i;

	(void)state;
	for (i = 0; i < APP_FIELD__MAX; i++)
		vals[i] = "v";
	vals[APP_PUBLISH_SUBJECT] = "1";
	apps_open(&a, &site);
	/* 2025-12-31 15:59:59 UTC is 23:59:59 in Beijing: still 2025. */
	assert_int_equal(apps_submit(&a, vals, web(NULL), 1767196799, id, code, &dup), APP_OK);
	assert_string_equal(id, "2025-000001");
	assert_int_equal(apps_submit(&a, vals, web(F1), 1767196800, id, code, &dup), APP_OK);
	assert_string_equal(id, "2026-000001");
	assert_int_equal(apps_submit(&a, vals, web(F2), 1767196801, id, code, &dup), APP_OK);
	assert_string_equal(id, "2026-000002");
	/* The same form again: refused, pointing at the first. */
	assert_int_equal(apps_submit(&a, vals, web(F1), 1767196802, id, code, &dup), APP_DUP);
	assert_string_equal(dup->id, "2026-000001");

	/* Another process's view, read from the file. */
	apps_open(&b, &site);
	assert_int_equal(apps_refresh(&b), STORE_OK);
	assert_int_equal(b.n, 3);
	assert_int_equal(token_code_parse(code, norm), 0);
	token_code_hash(norm, hash);
	r = apps_by_code(&b, hash);
	assert_non_null(r);
	assert_string_equal(r->id, "2026-000002");
	assert_int_equal(r->received, -1);	/* 待确认收到 */
	assert_string_equal(app_channel(r), "网络");
	app_submitted(r, when);
	assert_string_equal(when, "2026-01-01 00:00");
	assert_string_equal(apps_agency(&b, r), "t");
	assert_string_equal(apps_subject(&b, r), "v");
	assert_ptr_equal(apps_by_id(&b, "2026-000002"), r);
	assert_null(apps_by_id(&b, "2026-000004"));
	assert_null(apps_by_id(&b, "2026-00002"));
	hash[0] = hash[0] == 'a' ? 'b' : 'a';
	assert_null(apps_by_code(&b, hash));
	assert_null(apps_by_code(&b, "short"));
	/* b's submit sees a's rows first: the sequence goes on. */
	assert_int_equal(apps_submit(&b, vals, web(F3), 1767196900, id, code, &dup), APP_OK);
	assert_string_equal(id, "2026-000003");
	apps_close(&a);
	apps_close(&b);
	rm_rf(dir);
	free(dir);
}

/* Many records: the index keeps finding every one. */
static void
index_grows(void **state)
{
	char *dir = tmpdir_new();
	struct site site = { .data_dir = dir, .agency = "t", .utc_offset = 480,
	    .body_name = "b" };
	struct apps a;
	char *vals[APP_FIELD__MAX], id[16], code[TOKEN_CODE_SHOWN + 1];
	char norm[TOKEN_CODE_CHARS + 1], hashes[1500][TOKEN_HASH_HEX + 1];
	const struct app_rec *dup;
	size_t i;

	(void)state;
	for (i = 0; i < APP_FIELD__MAX; i++)
		vals[i] = "";
	apps_open(&a, &site);
	for (i = 0; i < 1500; i++) {
		assert_int_equal(apps_submit(&a, vals, web(NULL), 1767196800, id, code, &dup), APP_OK);
		assert_int_equal(token_code_parse(code, norm), 0);
		token_code_hash(norm, hashes[i]);
	}
	assert_string_equal(id, "2026-001500");
	for (i = 0; i < 1500; i++) {
		(void)snprintf(id, sizeof(id), "2026-%06zu", i + 1);
		assert_string_equal(apps_by_code(&a, hashes[i])->id, id);
		assert_ptr_equal(apps_by_id(&a, id), apps_by_code(&a, hashes[i]));
	}
	apps_close(&a);
	rm_rf(dir);
	free(dir);
}


#define WHO "applicant_type=person&name=N&id_type=passport&id_number=E1&address=a" \
	"&subject=s&description=d"

/* The form's words (point 4 of issue 23): several 提供方式, a contradiction
   pointed out, the phone as a mobile or area code and number. */
static void
media_delivery_phone(void **state)
{
	char *vals[APP_FIELD__MAX];
	const char *errs[APP_FIELD__MAX];
	/* As posted: %2B is "+", %20 a space. */
	static const char *const good[] = { "13800000000", "%2B86%2013800000000",
	    "010-12345678", "0571-8765432", "(010)12345678", "010%2012345678",
	    "01012345678", "010-12345678-123", NULL };
	static const char *const bad[] = { "12345678", "1380000000",
	    "138000000001", "10-12345678", "010-123456", "010-012345678",
	    "12ab)", "010-12345678-", NULL };
	char body[512];
	struct buf b;
	size_t i;

	(void)state;
	/* Repeated or space-separated: kept in the table's order, once. */
	assert_int_equal(check(WHO "&phone=13800000000&medium=disk&medium=paper"
	    "&medium=paper&delivery=post&postcode=100000", vals, errs), 0);
	assert_string_equal(vals[APP_MEDIUM], "paper disk");
	buf_init(&b);
	assert_string_equal(app_choices_label(app_media, vals[APP_MEDIUM], &b),
	    "纸质文本、磁盘");
	buf_free(&b);
	form_vals_free(vals, APP_FIELD__MAX);
	assert_int_equal(check(WHO "&phone=13800000000&medium=email+cd"
	    "&delivery=email&email=a@example.cn", vals, errs), 0);
	assert_string_equal(vals[APP_MEDIUM], "email cd");
	form_vals_free(vals, APP_FIELD__MAX);
	/* The code of before still accepted. */
	assert_int_equal(check(WHO "&phone=13800000000&medium=electronic"
	    "&delivery=email&email=a@example.cn", vals, errs), 0);
	form_vals_free(vals, APP_FIELD__MAX);
	/* None, or one not offered. */
	assert_int_equal(check(WHO "&phone=13800000000&delivery=pickup", vals, errs), 1);
	assert_non_null(errs[APP_MEDIUM]);
	form_vals_free(vals, APP_FIELD__MAX);
	assert_int_equal(check(WHO "&phone=13800000000&medium=paper&medium=stone"
	    "&delivery=pickup", vals, errs), 1);
	assert_non_null(errs[APP_MEDIUM]);
	form_vals_free(vals, APP_FIELD__MAX);
	/* Paper only, by e-mail: pointed out. */
	assert_int_equal(check(WHO "&phone=13800000000&medium=paper"
	    "&delivery=email&email=a@example.cn", vals, errs), 1);
	assert_non_null(strstr(errs[APP_MEDIUM], "应包括电子邮件"));
	form_vals_free(vals, APP_FIELD__MAX);
	/* E-mail only, by post: pointed out too. */
	assert_int_equal(check(WHO "&phone=13800000000&medium=email"
	    "&delivery=post&postcode=100000", vals, errs), 1);
	assert_non_null(errs[APP_DELIVERY]);
	form_vals_free(vals, APP_FIELD__MAX);

	for (i = 0; good[i] != NULL; i++) {
		(void)snprintf(body, sizeof(body), WHO "&medium=paper&delivery=pickup"
		    "&phone=%s", good[i]);
		if (check(body, vals, errs) != 0)
			fail_msg("phone %s refused: %s", good[i],
			    errs[APP_PHONE] ? errs[APP_PHONE] : "?");
		form_vals_free(vals, APP_FIELD__MAX);
	}
	for (i = 0; bad[i] != NULL; i++) {
		(void)snprintf(body, sizeof(body), WHO "&medium=paper&delivery=pickup"
		    "&phone=%s", bad[i]);
		if (check(body, vals, errs) != 1 || errs[APP_PHONE] == NULL)
			fail_msg("phone %s accepted", bad[i]);
		form_vals_free(vals, APP_FIELD__MAX);
	}
}

/* One applicant, however the number is written. */
static void
identity_normalised(void **state)
{
	char *v[APP_FIELD__MAX], a[64], b[64];
	size_t i;

	(void)state;
	for (i = 0; i < APP_FIELD__MAX; i++)
		v[i] = "";
	v[APP_APPLICANT_TYPE] = "person";
	v[APP_ID_TYPE] = "resident";
	v[APP_ID_NUMBER] = "11010519491231002x";
	assert_int_equal(app_identity(v, a, sizeof(a)), 0);
	v[APP_ID_NUMBER] = " 110105 19491231002X";
	assert_int_equal(app_identity(v, b, sizeof(b)), 0);
	assert_string_equal(a, b);
	assert_string_equal(a, "resident:11010519491231002X");
	v[APP_ID_TYPE] = "passport";
	assert_int_equal(app_identity(v, b, sizeof(b)), 0);
	assert_string_not_equal(a, b);
	v[APP_APPLICANT_TYPE] = "org";
	v[APP_ORG_CODE] = "91110000ma0012345c";
	assert_int_equal(app_identity(v, a, sizeof(a)), 0);
	assert_string_equal(a, "org:91110000MA0012345C");
	v[APP_ORG_CODE] = "";
	assert_int_equal(app_identity(v, a, sizeof(a)), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(resident_id),
		cmocka_unit_test(credit_code),
		cmocka_unit_test(validate_person_and_org),
		cmocka_unit_test(media_delivery_phone),
		cmocka_unit_test(identity_normalised),
		cmocka_unit_test(submit_ids_and_lookup),
		cmocka_unit_test(index_grows),
	};

	if (token_init() != 0)
		return 1;
	return cmocka_run_group_tests_name("app", tests, NULL, NULL);
}

/* Unit tests of form: decoding hostile input and validation rules. */
#include "util.h"

#include "ogi/form.h"

static enum form_err
parse(const char *s, struct form *f)
{
	return form_parse(f, s, strlen(s));
}

static void
decodes(void **state)
{
	struct form f;

	(void)state;
	assert_int_equal(parse("a=1&b=%E4%B8%AD+x&&c&d=&a=2", &f), FORM_OK);
	assert_string_equal(form_get(&f, "a"), "1");	/* the first wins */
	assert_string_equal(form_get(&f, "b"), "中 x");
	assert_string_equal(form_get(&f, "c"), "");
	assert_string_equal(form_get(&f, "d"), "");
	assert_null(form_get(&f, "e"));
	form_free(&f);
	assert_int_equal(parse("", &f), FORM_OK);
	assert_int_equal(f.n, 0);
	form_free(&f);
	assert_int_equal(parse("k%3D=v%26w", &f), FORM_OK);
	assert_string_equal(form_get(&f, "k="), "v&w");
	form_free(&f);
}

static void
refuses_hostile(void **state)
{
	static const struct {
		const char	*in;
		enum form_err	 want;
	} cases[] = {
		{ "a=%", FORM_EPCT },
		{ "a=%4", FORM_EPCT },
		{ "a=%zz", FORM_EPCT },
		{ "a=%G0", FORM_EPCT },
		{ "%=1", FORM_EPCT },
		{ "a=%FF", FORM_EUTF8 },
		{ "a=%C0%AF", FORM_EUTF8 },		/* overlong "/" */
		{ "a=%E0%80%AF", FORM_EUTF8 },		/* overlong, 3 bytes */
		{ "a=%F0%80%80%AF", FORM_EUTF8 },	/* overlong, 4 bytes */
		{ "a=%ED%A0%80", FORM_EUTF8 },		/* a surrogate */
		{ "a=%F4%90%80%80", FORM_EUTF8 },	/* past U+10FFFF */
		{ "a=%E4%B8", FORM_EUTF8 },		/* cut short */
		{ "a=%80", FORM_EUTF8 },		/* a lone continuation */
		{ "a=%F8%88%80%80%80", FORM_EUTF8 },	/* 5-byte form */
		{ "a=x%00y", FORM_ENUL },
		{ "a%00=1", FORM_ENUL },
	};
	struct form f;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_int_equal(parse(cases[i].in, &f), cases[i].want);
		assert_null(f.p);
		assert_int_equal(f.n, 0);
	}
	/* Raw invalid bytes, not only escaped ones. */
	assert_int_equal(form_parse(&f, "a=\xff", 3), FORM_EUTF8);
	assert_int_equal(form_parse(&f, "a=\0", 3), FORM_ENUL);
}

static void
limits(void **state)
{
	struct form f;
	char *big;
	size_t i, n;

	(void)state;
	n = FORM_MAX_VALUE + 2;
	big = malloc(n + 1);
	memcpy(big, "a=", 2);
	memset(big + 2, 'x', n - 2);
	big[n] = '\0';
	assert_int_equal(parse(big, &f), FORM_OK);	/* exactly the limit */
	form_free(&f);
	big[n - 1] = 'y';
	big = realloc(big, n + 2);
	big[n] = 'z';
	big[n + 1] = '\0';
	assert_int_equal(parse(big, &f), FORM_ETOOLONG);
	free(big);

	big = malloc(FORM_MAX_PAIRS * 4 + 8);
	big[0] = '\0';
	for (i = 0; i <= FORM_MAX_PAIRS; i++)
		strcat(big, "a=1&");
	assert_int_equal(parse(big, &f), FORM_ETOOMANY);
	free(big);
}

static void
utf8(void **state)
{
	(void)state;
	assert_true(utf8_valid("中文 abc 𠀀", strlen("中文 abc 𠀀")));
	assert_false(utf8_valid("\xc3", 1));
	assert_int_equal(utf8_len("中文ab"), 4);
}

static const struct form_choice colours[] = { { "red", "红" }, { "blue", "蓝" }, { NULL, NULL } };

static const char *
no_x(const char *v)
{
	return strchr(v, 'x') != NULL ? "不能含 x" : NULL;
}

static const struct form_rule rules[] = {
	{ "name", "姓名", FORM_LINE, 1, 1, 4, NULL, no_x },
	{ "text", "描述", FORM_TEXT, 1, 0, 10, NULL, NULL },
	{ "colour", "颜色", FORM_CHOICE, 1, 1, 0, colours, NULL },
	{ "agree", "同意", FORM_FLAG, 1, 0, 0, NULL, NULL },
	{ "org", "名称", FORM_LINE, 2, 2, 10, NULL, NULL },
};
#define NR (sizeof(rules) / sizeof(rules[0]))

static size_t
validate(const char *in, unsigned ctx, char **vals, const char **errs)
{
	struct form f;
	size_t n;

	assert_int_equal(parse(in, &f), FORM_OK);
	n = form_validate(&f, rules, NR, ctx, vals, errs);
	form_free(&f);
	return n;
}

static void
validation(void **state)
{
	char *vals[NR];
	const char *errs[NR];

	(void)state;
	/* Trimmed, ideographic space included; newlines unified. */
	assert_int_equal(validate("name=%E3%80%80%E5%BC%A0%E4%B8%89+&text=a%0D%0Ab%0Dc"
	    "&colour=red&agree=1&org=ignored", 1, vals, errs), 0);
	assert_string_equal(vals[0], "张三");
	assert_string_equal(vals[1], "a\nb\nc");
	assert_string_equal(vals[3], "1");
	assert_string_equal(vals[4], "");	/* not for this context */
	form_vals_free(vals, NR);

	/* Missing, too long (code points), a bad choice, a check. */
	assert_int_equal(validate("text=12345678901&colour=green&agree=yes", 1,
	    vals, errs), 4);
	assert_non_null(errs[0]);
	assert_non_null(strstr(errs[1], "过长"));
	assert_non_null(errs[2]);
	assert_non_null(errs[3]);
	form_vals_free(vals, NR);
	assert_int_equal(validate("name=%E5%BC%A0%E4%B8%89%E6%9D%8E%E5%9B%9B&colour=red",
	    1, vals, errs), 0);	/* four characters, twelve bytes: fits */
	form_vals_free(vals, NR);
	assert_int_equal(validate("name=axb&colour=red", 1, vals, errs), 1);
	assert_string_equal(errs[0], "不能含 x");
	form_vals_free(vals, NR);

	/* One-line fields refuse line breaks and control characters. */
	assert_int_equal(validate("name=a%0Ab&colour=red", 1, vals, errs), 1);
	assert_non_null(errs[0]);
	form_vals_free(vals, NR);
	assert_int_equal(validate("name=a%09b&colour=red", 1, vals, errs), 1);
	form_vals_free(vals, NR);
	assert_int_equal(validate("name=ab&text=x%07y&colour=red", 1, vals, errs), 1);
	assert_non_null(errs[1]);
	form_vals_free(vals, NR);
	/* Blank after trimming counts as missing. */
	assert_int_equal(validate("name=+++&colour=red", 1, vals, errs), 1);
	assert_string_equal(errs[0], "此项必须填写。");
	form_vals_free(vals, NR);
	/* The other context: its own required field. */
	assert_int_equal(validate("", 2, vals, errs), 1);
	assert_non_null(errs[4]);
	assert_null(errs[0]);
	form_vals_free(vals, NR);
}

/* What may be stored as text: each kind of character refused, named. */
static void
text_hygiene(void **state)
{
	(void)state;
	assert_null(text_problem("张三 Zhang", 0));
	assert_null(text_problem("第一行\n第二行\t制表", 1));
	assert_null(text_problem("\xE2\x80\x8F" "RLM mark is fine", 0));	/* U+200F */
	assert_non_null(strstr(text_problem("a\nb", 0), "一行"));
	assert_non_null(strstr(text_problem("a\tb", 0), "一行"));
	assert_non_null(strstr(text_problem("a\rb", 1), "控制字符"));
	assert_non_null(strstr(text_problem("a\x7F", 1), "控制字符"));
	assert_non_null(strstr(text_problem("a\xC2\x85", 1), "控制字符"));	/* U+0085 */
	assert_non_null(strstr(text_problem("\xE2\x80\xAE" "evil", 0), "方向"));	/* U+202E */
	assert_non_null(strstr(text_problem("\xE2\x80\xAA", 0), "方向"));	/* U+202A */
	assert_non_null(strstr(text_problem("\xE2\x81\xA6" "x", 1), "方向"));	/* U+2066 */
	assert_non_null(strstr(text_problem("\xE2\x81\xA9", 1), "方向"));	/* U+2069 */
	assert_null(text_problem("\xE2\x81\xAA", 0));			/* U+206A: not an isolate */
	assert_non_null(strstr(text_problem("\xEF\xBF\xBE", 0), "非字符"));	/* U+FFFE */
	assert_non_null(strstr(text_problem("\xEF\xBF\xBF", 0), "非字符"));	/* U+FFFF */
	assert_non_null(strstr(text_problem("\xEF\xB7\x90", 0), "非字符"));	/* U+FDD0 */
	assert_non_null(strstr(text_problem("\xF0\x9F\xBF\xBE", 0), "非字符"));	/* U+1FFFE */
	assert_null(text_problem("\xEF\xBF\xBD", 0));			/* U+FFFD is a character */
	assert_non_null(strstr(text_problem("\xC0\xAF", 0), "UTF-8"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(decodes),
		cmocka_unit_test(refuses_hostile),
		cmocka_unit_test(limits),
		cmocka_unit_test(utf8),
		cmocka_unit_test(validation),
		cmocka_unit_test(text_hygiene),
	};

	return cmocka_run_group_tests_name("form", tests, NULL, NULL);
}

/* Unit tests of fee: the 2020 scale (国办函〔2020〕109号) as data/ ships it,
   at every band edge and in the two examples, and the loader's
   checks. */
#include "util.h"

#include "ogi/fee.h"

static struct fee_scale fs;

static int
setup(void **state)
{
	const char *why = NULL;

	(void)state;
	if (fee_load(&fs, "data", &why) != 0) {
		fprintf(stderr, "%s\n", why);
		return -1;
	}
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	fee_free(&fs);
	return 0;
}

static void
test_document(void **state)
{
	(void)state;
	assert_string_equal(fs.number, "国办函〔2020〕109号");
	assert_non_null(strstr(fs.document, "政府信息公开信息处理费管理办法"));
	assert_int_equal(fs.pay_days, 20);
}

/* 按件计收: what the n-th application costs, and n of them together. */
static void
test_count_edges(void **state)
{
	static const struct { long n, unit, total; } t[] = {
		{ 1, 0, 0 }, { 10, 0, 0 }, { 11, 100, 100 }, { 30, 100, 2000 },
		{ 31, 200, 2200 }, { 40, 200, 4000 }, { 41, 300, 4300 },
		{ 50, 300, 7000 }, { 51, 400, 7400 },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		if (fee_unit(&fs, FEE_COUNT, t[i].n) != t[i].unit ||
		    fee_total(&fs, FEE_COUNT, t[i].n, NULL) != t[i].total)
			fail_msg("count %ld: unit %ld (want %ld), total %ld (want %ld)",
			    t[i].n, fee_unit(&fs, FEE_COUNT, t[i].n), t[i].unit,
			    fee_total(&fs, FEE_COUNT, t[i].n, NULL), t[i].total);
	}
	assert_int_equal(fee_unit(&fs, FEE_COUNT, 0), 0);
}

/* 按量计收: n pages of one application. */
static void
test_pages_edges(void **state)
{
	static const struct { long n, total; } t[] = {
		{ 1, 0 }, { 30, 0 }, { 31, 10 }, { 100, 700 }, { 101, 720 },
		{ 200, 2700 }, { 201, 2740 },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		if (fee_total(&fs, FEE_PAGES, t[i].n, NULL) != t[i].total)
			fail_msg("pages %ld: %ld (want %ld)", t[i].n,
			    fee_total(&fs, FEE_PAGES, t[i].n, NULL), t[i].total);
	assert_int_equal(fee_unit(&fs, FEE_PAGES, 30), 0);
	assert_int_equal(fee_unit(&fs, FEE_PAGES, 31), 10);
	assert_int_equal(fee_unit(&fs, FEE_PAGES, 101), 20);
	assert_int_equal(fee_unit(&fs, FEE_PAGES, 201), 40);
}

/* The examples, with their working. */
static void
test_examples(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b);
	assert_int_equal(fee_total(&fs, FEE_COUNT, 35, &b), 3000);
	assert_string_equal(b.s, "第1—10件：免费\n"
	    "第11—30件：20件×100元＝2000元\n"
	    "第31—35件：5件×200元＝1000元\n");
	buf_reset(&b);
	assert_int_equal(fee_total(&fs, FEE_PAGES, 250, &b), 4700);
	assert_string_equal(b.s, "第1—30页：免费\n"
	    "第31—100页：70页×10元＝700元\n"
	    "第101—200页：100页×20元＝2000元\n"
	    "第201—250页：50页×40元＝2000元\n");
	/* One application alone: the 35th of the month. */
	buf_reset(&b);
	assert_int_equal(fee_range(&fs, FEE_COUNT, 35, 35, &b), 200);
	assert_string_equal(b.s, "第35件：1件×200元＝200元\n");
	/* Across the steps of the open band. */
	assert_int_equal(fee_range(&fs, FEE_COUNT, 39, 42, NULL),
	    2 * 200 + 2 * 300);
	buf_free(&b);
}

static void
expect_refused(const char *bands, const char *want)
{
	char *dir = tmpdir_new(), path[512];
	const char *why = NULL;
	struct fee_scale s;
	static const char doc[] = "\"document\",\"number\",\"from\",\"pay_days\"\n"
	    "\"《办法》\",\"国办函〔2020〕109号\",\"2021-01-01\",\"20\"\n";

	(void)snprintf(path, sizeof(path), "%s/fees.csv", dir);
	write_file(path, doc, strlen(doc));
	(void)snprintf(path, sizeof(path), "%s/fee-bands.csv", dir);
	write_file(path, bands, strlen(bands));
	assert_int_equal(fee_load(&s, dir, &why), -1);
	if (why == NULL || strstr(why, want) == NULL)
		fail_msg("said \"%s\", want \"%s\"", why ? why : "", want);
	rm_rf(dir);
	free(dir);
}

#define HDR "\"method\",\"from\",\"to\",\"amount\",\"every\",\"increase\"\n"
#define PAGES "\"pages\",\"1\",\"\",\"0\",\"\",\"\"\n"

static void
test_load_checks(void **state)
{
	(void)state;
	expect_refused(HDR PAGES "\"count\",\"1\",\"10\",\"0\",\"\",\"\"\n"
	    "\"count\",\"12\",\"\",\"100\",\"\",\"\"\n",
	    "fee-bands.csv:4: count: from \"12\" should be 11");
	expect_refused(HDR PAGES "\"cuont\",\"1\",\"\",\"0\",\"\",\"\"\n",
	    "fee-bands.csv:3: unknown method \"cuont\"");
	expect_refused(HDR PAGES "\"count\",\"1\",\"10\",\"0\",\"\",\"\"\n",
	    "count needs bands from 1 ending with an open one");
	expect_refused(HDR PAGES "\"count\",\"1\",\"10\",\"100\",\"\",\"\"\n"
	    "\"count\",\"11\",\"\",\"50\",\"\",\"\"\n",
	    "fee-bands.csv:4: amount \"50\" falls below");
	expect_refused(HDR PAGES "\"count\",\"1\",\"10\",\"0\",\"10\",\"100\"\n"
	    "\"count\",\"11\",\"\",\"50\",\"\",\"\"\n",
	    "fee-bands.csv:3: every and increase");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_document),
		cmocka_unit_test(test_count_edges),
		cmocka_unit_test(test_pages_edges),
		cmocka_unit_test(test_examples),
		cmocka_unit_test(test_load_checks),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}

/* Unit tests of html: escaping by context and the page frame. */
#include "util.h"

#include "ogi/buf.h"
#include "ogi/html.h"
#include "ogi/site.h"

static void
escapes(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b);
	html_esc(&b, "<script>alert(\"x\" & 'y')</script>");
	assert_string_equal(b.s, "&lt;script&gt;alert(&quot;x&quot; &amp; "
	    "&#39;y&#39;)&lt;/script&gt;");
	buf_reset(&b);
	html_esc(&b, "中文无需转义");
	assert_string_equal(b.s, "中文无需转义");
	buf_reset(&b);
	html_esc_lines(&b, "a<b\nc&d");
	assert_string_equal(b.s, "a&lt;b<br>c&amp;d");
	buf_reset(&b);
	html_urlarg(&b, "a b&c=中");
	assert_string_equal(b.s, "a%20b%26c%3D%E4%B8%AD");
	buf_free(&b);
}

static void
error_page(void **state)
{
	struct site site = { .body_name = "<示例>机关" };
	struct buf b;

	(void)state;
	buf_init(&b);
	html_error_page(&b, &site, 404, "找不到 <b>x</b>");
	assert_non_null(strstr(b.s, "<html lang=\"zh-CN\">"));
	assert_non_null(strstr(b.s, "页面不存在"));
	assert_non_null(strstr(b.s, "找不到 &lt;b&gt;x&lt;/b&gt;"));
	assert_non_null(strstr(b.s, "&lt;示例&gt;机关"));
	assert_null(strstr(b.s, "<b>"));
	assert_null(strstr(b.s, "<示例>"));
	assert_non_null(strstr(b.s, "</html>"));
	assert_string_equal(html_status_text(413), "Content Too Large");
	buf_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(escapes),
		cmocka_unit_test(error_page),
	};

	return cmocka_run_group_tests_name("html", tests, NULL, NULL);
}

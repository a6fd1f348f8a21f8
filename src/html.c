/* html: escaping and the page frame. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ogi/buf.h"
#include "ogi/guide.h"
#include "ogi/html.h"
#include "ogi/site.h"

void
html_escn(struct buf *b, const char *s, size_t n)
{
	static const char *const rep[256] = { ['&'] = "&amp;", ['<'] = "&lt;",
	    ['>'] = "&gt;", ['"'] = "&quot;", ['\''] = "&#39;" };
	const char *start = s, *end = s + n, *r;

	buf_reserve(b, n);
	for (; s < end; s++) {
		if ((r = rep[(unsigned char)*s]) == NULL)
			continue;
		buf_add(b, start, (size_t)(s - start));
		buf_adds(b, r);
		start = s + 1;
	}
	buf_add(b, start, (size_t)(s - start));
}

void
html_raw_(struct buf *b, const char *s, size_t n)
{
	buf_add(b, s, n);
}

/* One conversion of html_vprintf_: spec is "%...c", NUL-terminated, and
   checked there to be one conversion of a number (or %s): the only
   formats snprintf is given that are not literals. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
static void
conv(struct buf *b, const char *spec, const char *len, char c, int prec,
    va_list *ap)
{
	const char *s;
	char num[64];
	int k = 0;

	if (c == 's') {
		s = va_arg(*ap, const char *);
		if (s == NULL)
			s = "";
		if (prec >= 0)
			html_escn(b, s, strnlen(s, (size_t)prec));
		else
			html_esc(b, s);
		return;
	}
	/* A number: printed by snprintf with the same spec. */
	if (strcmp(len, "hh") == 0 || strcmp(len, "h") == 0 || len[0] == '\0')
		k = c == 'd' || c == 'i' ?
		    snprintf(num, sizeof(num), spec, va_arg(*ap, int)) :
		    snprintf(num, sizeof(num), spec, va_arg(*ap, unsigned));
	else if (strcmp(len, "l") == 0)
		k = c == 'd' || c == 'i' ?
		    snprintf(num, sizeof(num), spec, va_arg(*ap, long)) :
		    snprintf(num, sizeof(num), spec, va_arg(*ap, unsigned long));
	else if (strcmp(len, "ll") == 0 || strcmp(len, "j") == 0)
		k = c == 'd' || c == 'i' ?
		    snprintf(num, sizeof(num), spec, va_arg(*ap, long long)) :
		    snprintf(num, sizeof(num), spec,
		    va_arg(*ap, unsigned long long));
	else		/* z, t: size_t, ptrdiff_t */
		k = c == 'd' || c == 'i' ?
		    snprintf(num, sizeof(num), spec, va_arg(*ap, ptrdiff_t)) :
		    snprintf(num, sizeof(num), spec, va_arg(*ap, size_t));
	if (k < 0 || (size_t)k >= sizeof(num))
		abort();
	buf_add(b, num, (size_t)k);
}
#pragma GCC diagnostic pop

void
html_vprintf_(struct buf *b, const char *fmt, va_list ap)
{
	const char *p = fmt, *start;
	char spec[32], len[3];
	size_t n, l;
	int prec, star;
	va_list aq;

	va_copy(aq, ap);
	while (*p != '\0') {
		start = p;
		while (*p != '\0' && *p != '%')
			p++;
		buf_add(b, start, (size_t)(p - start));
		if (*p == '\0')
			break;
		if (p[1] == '%') {
			buf_addc(b, '%');
			p += 2;
			continue;
		}
		start = p++;
		p += strspn(p, "-+ 0#");
		p += strspn(p, "0123456789");
		prec = -1;
		star = 0;
		if (*p == '.') {
			if (p[1] == '*') {
				star = 1;
				p += 2;
			} else {
				prec = atoi(p + 1);
				p++;
				p += strspn(p, "0123456789");
			}
		}
		l = strspn(p, "hlzjt");
		if (l > 2)
			abort();
		memcpy(len, p, l);
		len[l] = '\0';
		p += l;
		/* %s takes a precision only (%.10s, %.*s), a number neither
		   '*' nor a precision the compiler would not check. */
		if (*p == '\0' || strchr("diuxXs", *p) == NULL ||
		    (*p == 's' && (l > 0 || (start[1] != 's' && start[1] != '.'))) ||
		    (*p != 's' && star))
			abort();	/* %c, %p, %n, floating point, %5s */
		n = (size_t)(p + 1 - start);
		if (n >= sizeof(spec))
			abort();
		memcpy(spec, start, n);
		spec[n] = '\0';
		if (star && (prec = va_arg(aq, int)) < 0)
			prec = -1;
		conv(b, spec, len, *p, prec, &aq);
		p++;
	}
	va_end(aq);
}

void
html_printf_(struct buf *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	html_vprintf_(b, fmt, ap);
	va_end(ap);
}

void
html_esc(struct buf *b, const char *s)
{
	html_escn(b, s, strlen(s));
}

void
html_esc_lines(struct buf *b, const char *s)
{
	const char *nl;

	while ((nl = strchr(s, '\n')) != NULL) {
		html_escn(b, s, (size_t)(nl - s));
		buf_adds(b, "<br>");
		s = nl + 1;
	}
	html_esc(b, s);
}

void
html_option(struct buf *b, const char *value, const char *label, int selected)
{
	html_printf(b, "<option value=\"%s\"", value);
	if (selected)
		html_lit(b, " selected");
	html_printf(b, ">%s</option>\n", label);
}

void
html_optgroup(struct buf *b, const char **open, const char *group)
{
	if (*open != NULL && group != NULL && strcmp(*open, group) == 0)
		return;
	if (*open != NULL)
		html_lit(b, "</optgroup>\n");
	if (group != NULL)
		html_printf(b, "<optgroup label=\"%s\">\n", group);
	*open = group;
}

void
html_urlarg(struct buf *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	unsigned char c;

	for (; *s != '\0'; s++) {
		c = (unsigned char)*s;
		if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		    (c >= '0' && c <= '9') || strchr("-_.~", c) != NULL)
			buf_addc(b, (char)c);
		else {
			buf_addc(b, '%');
			buf_addc(b, hex[c >> 4]);
			buf_addc(b, hex[c & 15]);
		}
	}
}

static const struct {
	const char *key, *href, *label;
} nav_items[] = {
	{ "home",     "/",         "首页" },
	{ "apply",    "/apply",    "提交申请" },
	{ "track",    "/track",    "查询办理进度" },
	{ "requests", "/requests", "申请公开登记" },
	{ "annual",   "/annual/",  "年度报告统计表" },
	{ "guide",    "/guide",    "公开指南" },
};

static void
head(struct buf *b, const struct site *site, const char *title)
{
	buf_adds(b, "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n"
	    "<meta charset=\"utf-8\">\n"
	    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
	    "<title>");
	html_esc(b, title);
	buf_adds(b, " - ");
	html_esc(b, site->body_name);
	buf_adds(b, "政府信息公开</title>\n"
	    "<link rel=\"stylesheet\" href=\"/static/ogi.css\">\n"
	    "<link rel=\"stylesheet\" href=\"/static/print.css\" media=\"print\">\n"
	    "</head>\n<body>\n"
	    "<a class=\"skip\" href=\"#main\">跳到正文</a>\n"
	    "<header class=\"banner\"><div class=\"wrap\">\n"
	    "<p class=\"body-name\"><a href=\"/\">");
	html_esc(b, site->body_name);
	buf_adds(b, "</a></p>\n<p class=\"service\">政府信息公开</p>\n"
	    "</div></header>\n");
}

/* One link of a navigation bar, marked as the current page when its key
   is nav. */
static void
nav_item(struct buf *b, const char *key, const char *href, const char *label,
    const char *nav)
{
	html_printf(b, "<li><a href=\"%s\"", href);
	if (nav != NULL && strcmp(nav, key) == 0)
		html_lit(b, " aria-current=\"page\"");
	html_printf(b, ">%s</a></li>\n", label);
}

void
html_begin(struct buf *b, const struct site *site, const char *title,
    const char *nav)
{
	size_t i;

	head(b, site, title);
	buf_adds(b, "<nav class=\"nav\" aria-label=\"主导航\"><div class=\"wrap\"><ul>\n");
	for (i = 0; i < sizeof(nav_items) / sizeof(nav_items[0]); i++) {
		nav_item(b, nav_items[i].key, nav_items[i].href,
		    nav_items[i].label, nav);
	}
	buf_adds(b, "</ul></div></nav>\n<main id=\"main\" class=\"wrap\">\n");
}

void
html_begin_staff(struct buf *b, const struct site *site, const char *title,
    const char *nav, const char *who, const char *csrf, int admin)
{
	static const struct {
		const char *key, *href, *label;
		int admin;
	} items[] = {
		{ "queue", "/staff/", "待办案件", 0 },
		{ "new", "/staff/new", "登记申请", 0 },
		{ "annual", "/staff/annual/", "年度统计表", 0 },
		{ "users", "/staff/users", "工作人员", 1 },
		{ "holidays", "/staff/holidays", "节假日", 1 },
	};
	size_t i;

	head(b, site, title);
	buf_adds(b, "<nav class=\"nav staff\" aria-label=\"工作台导航\"><div class=\"wrap\"><ul>\n");
	for (i = 0; i < sizeof(items) / sizeof(items[0]); i++) {
		if (items[i].admin && !admin)
			continue;
		nav_item(b, items[i].key, items[i].href, items[i].label, nav);
	}
	if (who != NULL) {
		buf_adds(b, "<li class=\"who\">");
		html_esc(b, who);
		buf_adds(b, "</li>\n<li><form method=\"post\" action=\"/staff/logout\" "
		    "class=\"inline\"><input type=\"hidden\" name=\"csrf\" value=\"");
		html_esc(b, csrf);
		buf_adds(b, "\"><button type=\"submit\" class=\"link\">退出</button></form></li>\n");
	}
	buf_adds(b, "</ul></div></nav>\n<main id=\"main\" class=\"wrap\">\n");
}

void
html_end(struct buf *b, const struct site *site)
{
	struct buf line;

	buf_adds(b, "</main>\n<footer class=\"footer\"><div class=\"wrap\">\n<p>");
	html_esc(b, site->body_name);
	buf_adds(b, " · 依据《中华人民共和国政府信息公开条例》提供依申请公开服务</p>\n");
	buf_init(&line);
	guide_contact_line(&line, site);
	buf_adds(b, "<p class=\"contact-line\">");
	if (line.len > 0) {
		html_esc(b, line.s);
		buf_adds(b, " · ");
	}
	buf_adds(b, "<a href=\"/guide\">政府信息公开指南</a></p>\n"
	    "</div></footer>\n</body>\n</html>\n");
	buf_free(&line);
}

const char *
html_status_text(int status)
{
	switch (status) {
	case 200: return "OK";
	case 303: return "See Other";
	case 400: return "Bad Request";
	case 403: return "Forbidden";
	case 404: return "Not Found";
	case 401: return "Unauthorized";
	case 405: return "Method Not Allowed";
	case 409: return "Conflict";
	case 411: return "Length Required";
	case 413: return "Content Too Large";
	case 415: return "Unsupported Media Type";
	case 500: return "Internal Server Error";
	case 429: return "Too Many Requests";
	case 503: return "Service Unavailable";
	}
	return "Unknown";
}

static const char *
status_title(int status)
{
	switch (status) {
	case 400: return "请求有误";
	case 401: return "需要登录";
	case 403: return "无权访问";
	case 404: return "页面不存在";
	case 405: return "不支持的请求方式";
	case 409: return "重复提交";
	case 411: return "缺少内容长度";
	case 413: return "提交的内容过大";
	case 415: return "不支持的提交格式";
	case 503: return "服务暂时不可用";
	}
	return "系统出错";
}

void
html_error_page(struct buf *b, const struct site *site, int status,
    const char *message)
{
	const char *title = status_title(status);

	html_begin(b, site, title, NULL);
	buf_adds(b, "<h1>");
	html_esc(b, title);
	buf_adds(b, "</h1>\n<p class=\"error-msg\">");
	html_esc(b, message);
	buf_adds(b, "</p>\n<p><a href=\"/\">返回首页</a></p>\n");
	html_end(b, site);
}

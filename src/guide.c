/* guide: the 政府信息公开指南.  See include/ogi/guide.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ogi/fill.h"
#include "ogi/guide.h"
#include "ogi/html.h"
#include "ogi/law.h"
#include "ogi/site.h"
#include "ogi/store.h"

static const char *const guide_header[] = { "title", "text" };
static const char *const words[] = { "body", "address", "hours", "phone",
    "fax", "email", "postcode", "website", "answer_days", "extension_days",
    "supplement_notice_days", NULL };
/* A setting a test's site leaves unset reads as empty. */
#define V(s) ((s) != NULL ? (s) : "")

static char bad[128];

static int
on_para(void *ctx, char *const *f, size_t n)
{
	struct guide *g = ctx;

	(void)n;
	if (fill_check(f[1], words, NULL, NULL, bad, sizeof(bad)) != 0)
		return -1;
	if (f[1][0] == '\0' && f[0][0] == '\0') {
		(void)snprintf(bad, sizeof(bad), "neither title nor text");
		return -1;
	}
	g->p = xreallocarray(g->p, g->n + 1, sizeof(*g->p));
	g->p[g->n].title = xstrdup(f[0]);
	g->p[g->n].text = xstrdup(f[1]);
	g->n++;
	return 0;
}

int
guide_load(struct guide *g, const char *conf_dir, const char **why)
{
	static char msg[512];

	memset(g, 0, sizeof(*g));
	if (store_load(conf_dir, "guide.csv", guide_header, 2, on_para, g, bad,
	    why) != 0) {
		guide_free(g);
		return -1;
	}
	if (g->n == 0) {
		(void)snprintf(msg, sizeof(msg), "%s/guide.csv: no text", conf_dir);
		*why = msg;
		return -1;
	}
	return 0;
}

void
guide_free(struct guide *g)
{
	size_t i;

	for (i = 0; i < g->n; i++) {
		free(g->p[i].title);
		free(g->p[i].text);
	}
	free(g->p);
	memset(g, 0, sizeof(*g));
}

static void
fill(struct buf *b, const char *s, const struct site *site,
    const struct law_limits *lim)
{
	const char *v[SITE_CONTACT_VARS + 11];
	char days[3][16];

	(void)snprintf(days[0], sizeof(days[0]), "%d", lim != NULL ? lim->answer_days : 0);
	(void)snprintf(days[1], sizeof(days[1]), "%d", lim != NULL ? lim->extension_days : 0);
	(void)snprintf(days[2], sizeof(days[2]), "%d",
	    lim != NULL ? lim->supplement_notice_days : 0);
	v[0] = "body";
	v[1] = site->body_name;
	v[2] = "website";
	v[3] = V(site->base_url)[0] != '\0' ? V(site->base_url) : "本网站";
	v[4] = "answer_days";
	v[5] = days[0];
	v[6] = "extension_days";
	v[7] = days[1];
	v[8] = "supplement_notice_days";
	v[9] = days[2];
	site_contact_vars(site, v + 10);
	v[10 + SITE_CONTACT_VARS] = NULL;
	fill_vars(b, s, v);
}

static void
contact_row(struct buf *b, const char *label, const char *value)
{
	if (value[0] == '\0')
		return;
	html_lit(b, "<dt>");
	html_esc(b, label);
	html_lit(b, "</dt><dd>");
	html_esc(b, value);
	html_lit(b, "</dd>\n");
}

void
guide_html(struct buf *b, const struct guide *g, const struct site *s,
    const struct law_limits *lim)
{
	struct buf t;
	size_t i;
	int open = 0;

	html_lit(b, "<section id=\"contact\">\n<h2>政府信息公开工作机构</h2>\n<dl class=\"contact\">\n");
	contact_row(b, "机关名称", s->body_name);
	contact_row(b, "办公地址", V(s->office_address));
	contact_row(b, "邮政编码", V(s->postcode));
	contact_row(b, "办公时间", V(s->office_hours));
	contact_row(b, "联系电话", V(s->phone));
	contact_row(b, "传真", V(s->fax));
	contact_row(b, "电子邮箱", V(s->email));
	contact_row(b, "网站", V(s->base_url));
	html_lit(b, "</dl>\n</section>\n");
	buf_init(&t);
	for (i = 0; i < g->n; i++) {
		if (g->p[i].title[0] != '\0') {
			if (open)
				html_lit(b, "</section>\n");
			html_lit(b, "<section>\n<h2>");
			html_esc(b, g->p[i].title);
			html_lit(b, "</h2>\n");
			open = 1;
		}
		if (g->p[i].text[0] == '\0')
			continue;
		buf_reset(&t);
		fill(&t, g->p[i].text, s, lim);
		html_lit(b, "<p>");
		html_esc(b, t.s);
		html_lit(b, "</p>\n");
	}
	if (open)
		html_lit(b, "</section>\n");
	buf_free(&t);
}

void
guide_contact_line(struct buf *b, const struct site *s)
{
	const char *sep = "";

#define PART(label, v) do { if ((v)[0] != '\0') { \
	buf_printf(b, "%s%s%s", sep, label, v); sep = "　"; } } while (0)
	PART("地址：", V(s->office_address));
	PART("邮编：", V(s->postcode));
	PART("电话：", V(s->phone));
	PART("传真：", V(s->fax));
	PART("电子邮箱：", V(s->email));
#undef PART
}

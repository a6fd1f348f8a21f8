/* law: time limits and outcome codes from data files. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ogi/buf.h"
#include "ogi/fill.h"
#include "ogi/law.h"
#include "ogi/store.h"

static const char *const lim_header[] = { "regulation", "from", "answer_days",
    "extension_days", "supplement_notice_days", "name" };
static const char *const out_header[] = { "code", "regulations", "group",
    "label", "public" };

static const char *const txt_header[] = { "regulation", "key", "text" };

const char *const law_text_keys[LT__MAX] = {
	[LT_RIGHT_TO_APPLY] = "right_to_apply",
	[LT_LIMITS] = "limits",
	[LT_SUPPLEMENT] = "supplement",
	[LT_RECEIVED_DAY] = "received_day",
	[LT_RECEIPT_LIMITS] = "receipt_limits",
	[LT_RECEIPT_SUPPLEMENT] = "receipt_supplement",
	[LT_RECEIVED_RULE] = "received_rule",
	[LT_FEE] = "fee",
};
static const char *const placeholders[] = { "answer_days", "extension_days",
    "supplement_notice_days", "body", "fee_rule", "free_count", "free_pages",
    "pay_days", NULL };

/* What a row callback found wrong, for the message (loading is at start,
   one thread). */
static char bad[160];

static int
num(const char *s, int *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || end == s || *end != '\0' || v < 0 || v > 365)
		return -1;
	*out = (int)v;
	return 0;
}

static int
on_limit(void *ctx, char *const *f, size_t n)
{
	struct law *l = ctx;
	struct law_limits *x;

	(void)n;
	l->lim = xreallocarray(l->lim, l->nlim + 1, sizeof(*l->lim));
	x = &l->lim[l->nlim];
	memset(x, 0, sizeof(*x));
	if (strlen(f[0]) == 0 || strlen(f[0]) >= sizeof(x->regulation) ||
	    cal_parse(f[1], &x->from) || num(f[2], &x->answer_days) ||
	    num(f[3], &x->extension_days) || num(f[4], &x->supplement_notice_days))
		return -1;
	(void)snprintf(x->regulation, sizeof(x->regulation), "%s", f[0]);
	x->name = xstrdup(f[5]);
	l->nlim++;
	return 0;
}

static int
on_outcome(void *ctx, char *const *f, size_t n)
{
	struct law *l = ctx;
	struct law_outcome *o;

	char regs[64], *r, *p;
	size_t i;

	(void)n;
	if (f[0][0] == '\0' || f[3][0] == '\0' || f[4][0] == '\0') {
		(void)snprintf(bad, sizeof(bad), "code, label and public may not be empty");
		return -1;
	}
	if (law_outcome(l, f[0]) != NULL) {
		(void)snprintf(bad, sizeof(bad), "outcome \"%.40s\" twice", f[0]);
		return -1;
	}
	/* Every regulation named is one of limits.csv's. */
	(void)snprintf(regs, sizeof(regs), "%s", f[1]);
	for (r = strtok_r(regs, " ", &p); r != NULL; r = strtok_r(NULL, " ", &p)) {
		for (i = 0; i < l->nlim && strcmp(l->lim[i].regulation, r) != 0; i++)
			;
		if (i == l->nlim) {
			(void)snprintf(bad, sizeof(bad),
			    "unknown regulation \"%.20s\" (not in limits.csv)", r);
			return -1;
		}
	}
	if (regs[0] == '\0') {
		(void)snprintf(bad, sizeof(bad), "no regulation named");
		return -1;
	}
	l->out = xreallocarray(l->out, l->nout + 1, sizeof(*l->out));
	o = &l->out[l->nout++];
	o->code = xstrdup(f[0]);
	o->regulations = xstrdup(f[1]);
	o->group = xstrdup(f[2]);
	o->label = xstrdup(f[3]);
	o->public = xstrdup(f[4]);
	return 0;
}

static int
regulation_known(const struct law *l, const char *r)
{
	size_t i;

	for (i = 0; i < l->nlim; i++)
		if (strcmp(l->lim[i].regulation, r) == 0)
			return 1;
	return 0;
}

static int
on_text(void *ctx, char *const *f, size_t n)
{
	struct law *l = ctx;
	size_t i;
	int key;

	(void)n;
	if (!regulation_known(l, f[0])) {
		(void)snprintf(bad, sizeof(bad),
		    "unknown regulation \"%.20s\" (not in limits.csv)", f[0]);
		return -1;
	}
	for (key = 0; key < LT__MAX && strcmp(law_text_keys[key], f[1]) != 0; key++)
		;
	if (key == LT__MAX) {
		(void)snprintf(bad, sizeof(bad), "unknown key \"%.40s\"", f[1]);
		return -1;
	}
	for (i = 0; i < l->ntxt; i++)
		if (l->txt[i].key == key && strcmp(l->txt[i].regulation, f[0]) == 0) {
			(void)snprintf(bad, sizeof(bad), "\"%s\" of %s twice", f[1], f[0]);
			return -1;
		}
	if (fill_check(f[2], placeholders, NULL, NULL, bad, sizeof(bad)) != 0)
		return -1;
	l->txt = xreallocarray(l->txt, l->ntxt + 1, sizeof(*l->txt));
	(void)snprintf(l->txt[l->ntxt].regulation, sizeof(l->txt[0].regulation),
	    "%s", f[0]);
	l->txt[l->ntxt].key = key;
	l->txt[l->ntxt].text = xstrdup(f[2]);
	l->ntxt++;
	return 0;
}

void
law_text(const struct law *l, const struct law_limits *lim,
    enum law_text_key key, const char *body, struct buf *b)
{
	const char *p, *e, *t = NULL;
	size_t i, n;

	for (i = 0; i < l->ntxt; i++)
		if (l->txt[i].key == (int)key &&
		    strcmp(l->txt[i].regulation, lim->regulation) == 0)
			t = l->txt[i].text;
	for (p = t != NULL ? t : ""; (e = strchr(p, '{')) != NULL; p = e + n + 2) {
		buf_add(b, p, (size_t)(e - p));
		n = strcspn(e + 1, "}");
		if (strncmp(e + 1, "answer_days}", 12) == 0)
			buf_printf(b, "%d", lim->answer_days);
		else if (strncmp(e + 1, "extension_days}", 15) == 0)
			buf_printf(b, "%d", lim->extension_days);
		else if (strncmp(e + 1, "supplement_notice_days}", 23) == 0)
			buf_printf(b, "%d", lim->supplement_notice_days);
		else if (strncmp(e + 1, "body}", 5) == 0)
			buf_adds(b, body != NULL ? body : "");
		else if (strncmp(e + 1, "fee_rule}", 9) == 0 && l->fee.document)
			buf_printf(b, "%s（%s）", l->fee.document, l->fee.number);
		else if (strncmp(e + 1, "free_count}", 11) == 0)
			buf_printf(b, "%ld", fee_free_units(&l->fee, FEE_COUNT));
		else if (strncmp(e + 1, "free_pages}", 11) == 0)
			buf_printf(b, "%ld", fee_free_units(&l->fee, FEE_PAGES));
		else if (strncmp(e + 1, "pay_days}", 9) == 0)
			buf_printf(b, "%d", l->fee.pay_days);
		if (e[n + 1] == '\0')		/* not closed: checked at load */
			return;
	}
	buf_adds(b, p);
}

/* Every sentence C quotes, for every regulation. */
static int
texts_complete(const struct law *l, const char *dir, const char **why)
{
	static char msg[256];
	size_t i, k;
	int key;

	for (i = 0; i < l->nlim; i++)
		for (key = 0; key < LT__MAX; key++) {
			for (k = 0; k < l->ntxt; k++)
				if (l->txt[k].key == key && strcmp(l->txt[k].regulation,
				    l->lim[i].regulation) == 0)
					break;
			if (k < l->ntxt)
				continue;
			(void)snprintf(msg, sizeof(msg), "%s/texts.csv: no \"%s\" "
			    "for regulation %s", dir, law_text_keys[key],
			    l->lim[i].regulation);
			*why = msg;
			return -1;
		}
	return 0;
}

int
law_load(struct law *l, const char *dir, const char **why)
{
	memset(l, 0, sizeof(*l));
	if (store_load(dir, "limits.csv", lim_header, 6, on_limit, l, bad, why) ||
	    store_load(dir, "outcomes.csv", out_header, 5, on_outcome, l, bad,
	    why)) {
		law_free(l);
		return -1;
	}
	if (l->nlim == 0 || l->nout == 0) {
		*why = "limits.csv and outcomes.csv must not be empty";
		law_free(l);
		return -1;
	}
	if (store_load(dir, "texts.csv", txt_header, 3, on_text, l, bad, why) ||
	    texts_complete(l, dir, why) != 0 ||
	    fee_load(&l->fee, dir, why) != 0) {
		law_free(l);
		return -1;
	}
	return 0;
}

void
law_free(struct law *l)
{
	size_t i;

	for (i = 0; i < l->nlim; i++)
		free(l->lim[i].name);
	for (i = 0; i < l->nout; i++) {
		free(l->out[i].code);
		free(l->out[i].regulations);
		free(l->out[i].group);
		free(l->out[i].label);
		free(l->out[i].public);
	}
	for (i = 0; i < l->ntxt; i++)
		free(l->txt[i].text);
	free(l->txt);
	fee_free(&l->fee);
	free(l->lim);
	free(l->out);
	memset(l, 0, sizeof(*l));
}

const struct law_limits *
law_limits_for(const struct law *l, cal_day d)
{
	const struct law_limits *best = &l->lim[0];
	size_t i;

	/* The latest regulation in force on d; before the first, the first. */
	for (i = 0; i < l->nlim; i++)
		if (l->lim[i].from <= d && l->lim[i].from >= best->from)
			best = &l->lim[i];
	return best;
}

const struct law_outcome *
law_outcome(const struct law *l, const char *code)
{
	size_t i;

	for (i = 0; i < l->nout; i++)
		if (strcmp(l->out[i].code, code) == 0)
			return &l->out[i];
	return NULL;
}

int
law_outcome_in(const struct law_outcome *o, const char *reg)
{
	const char *p = o->regulations;
	size_t n = strlen(reg);

	while ((p = strstr(p, reg)) != NULL) {
		if ((p == o->regulations || p[-1] == ' ') &&
		    (p[n] == '\0' || p[n] == ' '))
			return 1;
		p += n;
	}
	return 0;
}

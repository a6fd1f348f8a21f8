/* fee: the 信息处理费 scale from data files.  See include/ogi/fee.h. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ogi/buf.h"
#include "ogi/fee.h"
#include "ogi/store.h"

const char *const fee_method_codes[FEE__MAX] = {
	[FEE_COUNT] = "count",
	[FEE_PAGES] = "pages",
};
const char *const fee_method_labels[FEE__MAX] = {
	[FEE_COUNT] = "按件计收",
	[FEE_PAGES] = "按量计收",
};
const char *const fee_method_units[FEE__MAX] = {
	[FEE_COUNT] = "件",
	[FEE_PAGES] = "页",
};

static const char *const doc_header[] = { "document", "number", "from",
    "pay_days" };
static const char *const band_header[] = { "method", "from", "to", "amount",
    "every", "increase" };

/* The largest number a cell may hold (元 or units). */
#define FEE_MAX_NUM 1000000L

/* What a row callback found wrong (loading is at start, one thread). */
static char bad[160];

int
fee_method_parse(const char *s, enum fee_method *m)
{
	int i;

	for (i = 0; i < FEE__MAX; i++)
		if (strcmp(s, fee_method_codes[i]) == 0) {
			*m = (enum fee_method)i;
			return 0;
		}
	return -1;
}

/* A whole number 0..FEE_MAX_NUM; "" is 0 when empty_ok. */
static int
num(const char *s, int empty_ok, long *out)
{
	char *end;
	long v;

	if (s[0] == '\0' && empty_ok) {
		*out = 0;
		return 0;
	}
	if (s[0] < '0' || s[0] > '9')
		return -1;
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || *end != '\0' || v < 0 || v > FEE_MAX_NUM)
		return -1;
	*out = v;
	return 0;
}

static int
on_doc(void *ctx, char *const *f, size_t n)
{
	struct fee_scale *s = ctx;
	long days;

	(void)n;
	if (s->document != NULL) {
		(void)snprintf(bad, sizeof(bad), "only one row may follow the header");
		return -1;
	}
	if (f[0][0] == '\0' || f[1][0] == '\0') {
		(void)snprintf(bad, sizeof(bad), "document and number may not be empty");
		return -1;
	}
	if (cal_parse(f[2], &s->from) != 0) {
		(void)snprintf(bad, sizeof(bad), "from \"%.20s\" is not a date", f[2]);
		return -1;
	}
	if (num(f[3], 0, &days) != 0 || days < 1 || days > 365) {
		(void)snprintf(bad, sizeof(bad), "pay_days \"%.20s\" is not 1 to 365",
		    f[3]);
		return -1;
	}
	s->pay_days = (int)days;
	s->document = xstrdup(f[0]);
	s->number = xstrdup(f[1]);
	return 0;
}

static int
on_band(void *ctx, char *const *f, size_t n)
{
	struct fee_scale *s = ctx;
	struct fee_band b, *prev;
	enum fee_method m;

	(void)n;
	memset(&b, 0, sizeof(b));
	if (fee_method_parse(f[0], &m) != 0) {
		(void)snprintf(bad, sizeof(bad), "unknown method \"%.20s\" (count or pages)",
		    f[0]);
		return -1;
	}
	if (num(f[1], 0, &b.from) || num(f[2], 1, &b.to) ||
	    num(f[3], 0, &b.amount) || num(f[4], 1, &b.every) ||
	    num(f[5], 1, &b.increase)) {
		(void)snprintf(bad, sizeof(bad), "from, to, amount, every and increase "
		    "are whole numbers up to %ld (to, every, increase may be empty)",
		    FEE_MAX_NUM);
		return -1;
	}
	prev = s->nband[m] > 0 ? &s->band[m][s->nband[m] - 1] : NULL;
	if (prev != NULL && prev->to == 0) {
		(void)snprintf(bad, sizeof(bad), "a band of %s after the open one",
		    f[0]);
		return -1;
	}
	if (b.from != (prev != NULL ? prev->to + 1 : 1)) {
		(void)snprintf(bad, sizeof(bad), "%s: from \"%s\" should be %ld",
		    f[0], f[1], prev != NULL ? prev->to + 1 : 1);
		return -1;
	}
	if (b.to != 0 && b.to < b.from) {
		(void)snprintf(bad, sizeof(bad), "to \"%s\" is before from", f[2]);
		return -1;
	}
	if ((b.every != 0 || b.increase != 0) &&
	    (b.to != 0 || b.every == 0 || b.increase == 0)) {
		(void)snprintf(bad, sizeof(bad), "every and increase: both, and only "
		    "on the open last band");
		return -1;
	}
	if (prev != NULL && b.amount < prev->amount) {
		(void)snprintf(bad, sizeof(bad), "amount \"%s\" falls below the band "
		    "before (the scale is progressive)", f[3]);
		return -1;
	}
	s->band[m] = xreallocarray(s->band[m], s->nband[m] + 1, sizeof(b));
	s->band[m][s->nband[m]++] = b;
	return 0;
}

int
fee_load(struct fee_scale *s, const char *dir, const char **why)
{
	static char msg[320];
	int m;

	memset(s, 0, sizeof(*s));
	if (store_load(dir, "fees.csv", doc_header, 4, on_doc, s, bad, why) != 0 ||
	    store_load(dir, "fee-bands.csv", band_header, 6, on_band, s, bad,
	    why) != 0)
		goto fail;
	if (s->document == NULL) {
		(void)snprintf(msg, sizeof(msg), "%s/fees.csv: the row of the "
		    "document is missing", dir);
		*why = msg;
		goto fail;
	}
	for (m = 0; m < FEE__MAX; m++)
		if (s->nband[m] == 0 || s->band[m][s->nband[m] - 1].to != 0) {
			(void)snprintf(msg, sizeof(msg), "%s/fee-bands.csv: %s "
			    "needs bands from 1 ending with an open one (to empty)",
			    dir, fee_method_codes[m]);
			*why = msg;
			goto fail;
		}
	return 0;
fail:
	fee_free(s);
	return -1;
}

void
fee_free(struct fee_scale *s)
{
	int m;

	free(s->document);
	free(s->number);
	for (m = 0; m < FEE__MAX; m++)
		free(s->band[m]);
	memset(s, 0, sizeof(*s));
}

long
fee_unit(const struct fee_scale *s, enum fee_method m, long n)
{
	const struct fee_band *b;
	size_t i;

	if (n < 1)
		return 0;
	for (i = 0; i < s->nband[m]; i++) {
		b = &s->band[m][i];
		if (b->to != 0 && n > b->to)
			continue;
		if (b->every == 0)
			return b->amount;
		return b->amount + (n - b->from) / b->every * b->increase;
	}
	return 0;
}

/* One stretch of units at one price, as a line of the working. */
static void
stretch(struct buf *b, enum fee_method m, long lo, long hi, long price)
{
	const char *u = fee_method_units[m];

	if (b == NULL)
		return;
	if (lo == hi)
		buf_printf(b, "第%ld%s", lo, u);
	else
		buf_printf(b, "第%ld—%ld%s", lo, hi, u);
	if (price == 0)
		buf_adds(b, "：免费\n");
	else
		buf_printf(b, "：%ld%s×%ld元＝%ld元\n", hi - lo + 1, u, price,
		    (hi - lo + 1) * price);
}

long
fee_range(const struct fee_scale *s, enum fee_method m, long first, long last,
    struct buf *b)
{
	const struct fee_band *band;
	long total = 0, lo, hi, top, k;
	size_t i;

	if (first < 1)
		first = 1;
	for (i = 0; i < s->nband[m] && first <= last; i++) {
		band = &s->band[m][i];
		top = band->to != 0 ? band->to : last;
		if (top < first)
			continue;
		if (band->every == 0) {
			hi = top < last ? top : last;
			stretch(b, m, first, hi, band->amount);
			total += (hi - first + 1) * band->amount;
			first = hi + 1;
			continue;
		}
		/* The open band, in steps of `every`. */
		while (first <= last) {
			k = (first - band->from) / band->every;
			lo = first;
			hi = band->from + (k + 1) * band->every - 1;
			if (hi > last)
				hi = last;
			stretch(b, m, lo, hi, band->amount + k * band->increase);
			total += (hi - lo + 1) * (band->amount + k * band->increase);
			first = hi + 1;
		}
	}
	return total;
}

long
fee_total(const struct fee_scale *s, enum fee_method m, long n, struct buf *b)
{
	return fee_range(s, m, 1, n, b);
}

long
fee_free_units(const struct fee_scale *s, enum fee_method m)
{
	long n = 0;
	size_t i;

	for (i = 0; i < s->nband[m] && s->band[m][i].amount == 0 &&
	    s->band[m][i].to != 0; i++)
		n = s->band[m][i].to;
	return n;
}

void
fee_describe(const struct fee_scale *s, enum fee_method m, struct buf *b)
{
	const struct fee_band *band;
	const char *u = fee_method_units[m];
	size_t i;

	for (i = 0; i < s->nband[m]; i++) {
		band = &s->band[m][i];
		if (band->to != 0)
			buf_printf(b, "第%ld—%ld%s：", band->from, band->to, u);
		else
			buf_printf(b, "第%ld%s起：", band->from, u);
		if (band->amount == 0)
			buf_adds(b, "免费");
		else
			buf_printf(b, "每%s%ld元", u, band->amount);
		if (band->every != 0)
			buf_printf(b, "，每%ld%s为一档，每档比上一档增加%ld元",
			    band->every, u, band->increase);
		buf_addc(b, '\n');
	}
}

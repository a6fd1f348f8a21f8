/*
 * fee: the 信息处理费 scale (第四十二条; 《政府信息公开信息处理费管理办法》,
 * 国办函〔2020〕109号), read from data files an installation can change:
 *
 *   fees.csv       document, number, from, pay_days: the rule's name and
 *                  number, the day it applies from, and the working days
 *                  the applicant has to pay after the notice
 *   fee-bands.csv  method, from, to, amount, every, increase: the bands of
 *                  each method, excess-progressive.  count (按件计收): the
 *                  n-th application of one applicant in a natural month;
 *                  pages (按量计收): the n-th page provided.  Units from..to
 *                  cost amount 元 each; the last band of a method is open
 *                  (to empty) and may rise by increase 元 every `every`
 *                  units (31st–40th 200 元, 41st–50th 300 元, …).
 *
 * Bands must start at 1, follow each other without a gap, end open, and
 * never fall in price; a mistake stops the load with file:line: message.
 * Amounts are whole 元.
 */
#ifndef OGI_FEE_H
#define OGI_FEE_H

#include "ogi/buf.h"
#include "ogi/cal.h"

enum fee_method {
	FEE_COUNT,		/* 按件计收 */
	FEE_PAGES,		/* 按量计收 */
	FEE__MAX
};
extern const char *const fee_method_codes[FEE__MAX];	/* count, pages */
extern const char *const fee_method_labels[FEE__MAX];	/* 按件计收 … */
extern const char *const fee_method_units[FEE__MAX];	/* 件, 页 */
int	fee_method_parse(const char *, enum fee_method *);

struct fee_band {
	long	 from, to;		/* to: 0 for the open last band */
	long	 amount;		/* 元 per unit */
	long	 every, increase;	/* open band: amount + increase for
					   every `every` units past from */
};

struct fee_scale {
	char		*document, *number;	/* 《…》, 国办函〔2020〕109号 */
	cal_day		 from;
	int		 pay_days;
	struct fee_band	*band[FEE__MAX];
	size_t		 nband[FEE__MAX];
};

/* Load conf_dir's fees.csv and fee-bands.csv: 0, or -1 and *why. */
int	 fee_load(struct fee_scale *, const char *conf_dir, const char **why);
void	 fee_free(struct fee_scale *);
/* What the n-th unit costs (0 for n < 1). */
long	 fee_unit(const struct fee_scale *, enum fee_method, long n);
/* What units first..last cost together; with b, the working, a line a
   band: "第11—30件：20件×100元＝2000元". */
long	 fee_range(const struct fee_scale *, enum fee_method, long first,
	    long last, struct buf *b);
/* What n units cost from the first: fee_range(s, m, 1, n, b). */
long	 fee_total(const struct fee_scale *, enum fee_method, long n,
	    struct buf *b);
/* How many units are free from the first (10 applications, 30 pages). */
long	 fee_free_units(const struct fee_scale *, enum fee_method);
/* The scale as lines of plain text, for the staff form. */
void	 fee_describe(const struct fee_scale *, enum fee_method, struct buf *);

#endif

/*
 * law: what the regulations say, read from data files an installation can
 * change: time limits by regulation (limits.csv) and the outcome codes of
 * an answer with the labels the annual tables print and the plain words
 * the public pages use (outcomes.csv).  An outcome that names a regulation
 * limits.csv does not have, or a code twice, stops the load with the file,
 * the line and the value.  texts.csv holds the sentences of each
 * regulation that the public pages quote (article numbers, time limits),
 * so that they change with the law: every one C asks for, for every
 * regulation, or the load stops; so does an unknown key or placeholder.
 * The 信息处理费 scale (fees.csv, fee-bands.csv: include/ogi/fee.h) is
 * loaded with them.
 */
#ifndef OGI_LAW_H
#define OGI_LAW_H

#include "ogi/buf.h"
#include "ogi/cal.h"
#include "ogi/fee.h"

struct law_limits {
	char	 regulation[8];		/* "2008", "2019" */
	cal_day	 from;			/* in force for cases received from */
	int	 answer_days, extension_days, supplement_notice_days;
	char	*name;
};

struct law_outcome {
	char	*code, *regulations, *group;
	char	*label;		/* as the annual table prints it */
	char	*public;	/* in plain words, for the applicant and the
				   register */
};

/* A sentence of the law as the public pages quote it (texts.csv). */
struct law_text {
	char	 regulation[8];
	int	 key;			/* enum law_text_key */
	char	*text;
};

enum law_text_key {
	LT_RIGHT_TO_APPLY,	/* who may apply, to whom, the article */
	LT_LIMITS,		/* the time limits and the extension */
	LT_SUPPLEMENT,		/* 补正: when it is asked, the clock */
	LT_RECEIVED_DAY,	/* which day is the day of receipt */
	LT_RECEIPT_LIMITS,	/* the limits, said to the applicant */
	LT_RECEIPT_SUPPLEMENT,
	LT_RECEIVED_RULE,	/* the received day by channel (第三十一条) */
	LT_FEE,			/* 信息处理费 (第四十二条), with the scale */
	LT__MAX
};
extern const char *const law_text_keys[LT__MAX];

struct law {
	struct law_limits	*lim;
	size_t			 nlim;
	struct law_outcome	*out;
	size_t			 nout;
	struct law_text		*txt;
	size_t			 ntxt;
	struct fee_scale	 fee;		/* fees.csv, fee-bands.csv */
};

int	 law_load(struct law *, const char *conf_dir, const char **why);
void	 law_free(struct law *);
/* The regulation in force for a case received on day d. */
const struct law_limits *law_limits_for(const struct law *, cal_day);
const struct law_outcome *law_outcome(const struct law *, const char *code);
/* The sentence key of the regulation lim, its {answer_days},
   {extension_days}, {supplement_notice_days} and {body} filled in, and
   from the fee scale {fee_rule} (name and number), {free_count},
   {free_pages}, {pay_days}, added to b as plain text (nothing when the
   regulation has none). */
void	 law_text(const struct law *, const struct law_limits *,
	    enum law_text_key, const char *body, struct buf *);
/* Does the outcome apply under the regulation? */
int	 law_outcome_in(const struct law_outcome *, const char *regulation);

#endif

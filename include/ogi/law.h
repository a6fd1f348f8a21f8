/*
 * law: what the regulations say, read from data files an installation can
 * change: time limits by regulation (limits.csv) and the outcome codes of
 * an answer with the labels the annual tables print and the plain words
 * the public pages use (outcomes.csv).  An outcome that names a regulation
 * limits.csv does not have, or a code twice, stops the load with the file,
 * the line and the value.
 */
#ifndef OGI_LAW_H
#define OGI_LAW_H

#include "ogi/cal.h"

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

struct law {
	struct law_limits	*lim;
	size_t			 nlim;
	struct law_outcome	*out;
	size_t			 nout;
};

int	 law_load(struct law *, const char *conf_dir, const char **why);
void	 law_free(struct law *);
/* The regulation in force for a case received on day d. */
const struct law_limits *law_limits_for(const struct law *, cal_day);
const struct law_outcome *law_outcome(const struct law *, const char *code);
/* Does the outcome apply under the regulation? */
int	 law_outcome_in(const struct law_outcome *, const char *regulation);

#endif

/*
 * holidays: importing a year's official holiday notice.
 *
 * The State Council publishes next year's 放假安排 in November or December.
 * Until an office imports it, that year's days are provisional (see
 * cal.h).  An import is the notice's rows as typed, one per line —
 * date,kind,name with kind holiday (放假) or workday (调休上班) — for one
 * year that is not yet official.  The rows are checked, the cases whose
 * dates change are shown (old and new), and on confirmation the year is
 * written to the records directory's CASES_HOLIDAYS_IMPORTED file, where
 * it replaces the year's provisional rows for every program.
 */
#ifndef OGI_HOLIDAYS_H
#define OGI_HOLIDAYS_H

#include "ogi/buf.h"
#include "ogi/case.h"

struct hol_row {
	cal_day		 date;
	int		 workday;	/* 1 a weekend day worked, 0 a holiday */
	char		*name;
};

struct hol_import {
	int		 year;
	struct hol_row	*v;
	size_t		 n;
};

/* A date whose figure moves with the import. */
struct hol_change {
	size_t		 app;		/* index in the applications */
	const char	*what;		/* "答复期限", "申请人补正期限" … */
	char		 old[CAL_DATE_LEN], new[CAL_DATE_LEN];
	int		 old_prov, new_prov;
	int		 concluded;	/* the case was answered or closed */
};

/* Parse and check the rows against the calendar in force: 0, or -1 with
   every problem in err (Chinese, one per line, naming the line). */
int	 hol_parse(struct hol_import *, const struct cal *, const char *text,
	    size_t len, struct buf *err);
void	 hol_free(struct hol_import *);
/* The dates of every received case that change with the import: the due
   date, the original due date of an extended case, the supplement's
   deadline.  *n of them in *out (free it); 0, or -1 and *why. */
int	 hol_changes(struct cases *, const struct hol_import *, cal_day today,
	    struct hol_change **out, size_t *n, const char **why);
/* Write the year beside the years imported before and load the calendar
   again: 0, or -1 and *why (then nothing changed). */
int	 hol_apply(struct cases *, const struct hol_import *, const char **why);

#endif

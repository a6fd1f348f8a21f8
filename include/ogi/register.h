/*
 * register: the public register of requests (申请公开登记).
 *
 * Three views — received (receipt confirmed), handled (concluded),
 * answered — filtered by year, month, channel, applicant type and outcome,
 * newest first or by id, 50 to a page.  Never any personal data: only the
 * case summaries and, where the applicant agreed and staff did not
 * withhold it, the subject.  Sorted orders are built once per change of
 * the records, so a page costs what it shows.
 */
#ifndef OGI_REGISTER_H
#define OGI_REGISTER_H

#include <stddef.h>
#include <stdint.h>

#include "ogi/buf.h"
#include "ogi/case.h"
#include "ogi/form.h"

#define REG_PAGE 50

enum reg_view { REG_RECEIVED, REG_HANDLED, REG_ANSWERED, REG__MAX };
extern const char *const reg_view_codes[REG__MAX];	/* received, … */
extern const char *const reg_view_labels[REG__MAX];	/* 已收到, … */

struct reg_query {
	enum reg_view	 view;
	int		 year, month;	/* 0: any */
	char		 channel[16];	/* 当面 … or "" */
	char		 atype[8];	/* person, org or "" */
	char		 outcome[32];	/* a code or "" */
	int		 by_id;		/* else newest first */
	size_t		 page;		/* from 1 */
};

/* From a query string; -1 and *err (Chinese) if a value is not valid. */
int	reg_parse(struct reg_query *, const struct form *, const char **err);
/* The query as a string for links, with another page number. */
void	reg_link(struct buf *, const struct reg_query *, size_t page);

struct reg_stats {
	size_t	received, handled, answered, on_time;
	int	median_days;		/* -1 if nothing answered */
};

#define REG_CACHE 8

/* The rows of a filter, kept for the pages that follow. */
struct reg_cached {
	struct reg_query key;		/* page ignored */
	unsigned long	 gen, used;
	uint32_t	*rows;
	size_t		 n;
};

struct reg {
	struct cases	*c;
	struct reg_cached cache[REG_CACHE];
	unsigned long	 tick;
	unsigned long	 gen;			/* of the orders below */
	uint32_t	*order[REG__MAX];	/* each view, newest first */
	size_t		 n[REG__MAX];
	uint32_t	*ids;		/* all, by id; NULL: in file order */
	unsigned long	 stats_gen;		/* of the cached stats */
	int		 stats_year;
	struct reg_stats stats;
};

void	reg_init(struct reg *, struct cases *);
void	reg_free(struct reg *);
/* The rows of one page (limit 0: all), and the number matching. */
size_t	reg_run(struct reg *, const struct reg_query *, size_t offset,
	    size_t limit, size_t *rows);
/* The date a view is about: received, concluded or answered. */
cal_day	reg_date(const struct case_sum *, enum reg_view);

void	reg_stats(struct reg *, int year, struct reg_stats *);

/* The subject as the register shows it. */
const char *reg_subject(const struct apps *, const struct app_rec *,
	    const struct case_sum *);
const char *reg_timeliness(const struct case_sum *);

#endif

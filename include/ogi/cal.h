/*
 * cal: dates and the official working-day calendar.
 *
 * A day is a working day when it is Monday to Friday and not an official
 * holiday, or a weekend day the State Council made a working day (调休).
 * The calendar is data/holidays.csv (date, kind, name), covering whole
 * years.  A year is official when its rows are the State Council's notice
 * (kinds holiday and workday), provisional when they are only the
 * statutory festivals of 《全国年节及纪念日放假办法》 (kind provisional,
 * written by tools/gen-holidays.js for the years after the last notice),
 * and has none past the file's last year (weekends only).  Every day after
 * the first year has an answer; what depended on a day of a year that is
 * not official is provisional (cal_first_provisional), and the caller says
 * so.  The official rows of a year imported later (ogi-admin holidays
 * import) are a second file in the records directory that replaces the
 * reference file's rows of its years.
 */
#ifndef OGI_CAL_H
#define OGI_CAL_H

#include <stdint.h>

typedef int32_t cal_day;	/* days since 1970-01-01 */

#define CAL_DATE_LEN 11		/* "2026-02-13" and its NUL */

/* Strict YYYY-MM-DD; 0 on success. */
int	 cal_parse(const char *, cal_day *);
/* The same, remembering the last date parsed (record files come in date
   order, so a loader meets the same date many times in a row). */
struct cal_memo {
	char	 s[CAL_DATE_LEN];	/* "" until a date was parsed */
	cal_day	 d;
};
int	 cal_parse_memo(struct cal_memo *, const char *, cal_day *);
void	 cal_format(cal_day, char out[CAL_DATE_LEN]);
cal_day	 cal_from_ymd(int y, int m, int d);
void	 cal_to_ymd(cal_day, int *y, int *m, int *d);
int	 cal_weekday(cal_day);		/* 1 Monday … 7 Sunday */

enum cal_kind {
	CAL_WORK,		/* an ordinary working day */
	CAL_WEEKEND,
	CAL_HOLIDAY,		/* an official holiday */
	CAL_MAKEUP,		/* a weekend day worked (调休上班) */
	CAL_UNKNOWN		/* before the calendar's first year */
};

enum cal_year {
	CAL_Y_OFFICIAL,		/* the State Council's notice */
	CAL_Y_PROVISIONAL,	/* the statutory festivals only */
	CAL_Y_NONE		/* no rows: weekends only */
};

struct cal {
	int		 first_year, last_year;
	cal_day		 base;		/* first_year-01-01 */
	unsigned char	*kind;		/* per day from base: enum cal_kind */
	char		**name;		/* per day: the festival, or NULL */
	int32_t		 ndays;
	unsigned char	*year;		/* per year from first_year: cal_year */
};

int	 cal_load(struct cal *, const char *path, const char **why);
/* The same, with the official years imported (overlay may be absent). */
int	 cal_load_with(struct cal *, const char *path, const char *overlay,
	    const char **why);
void	 cal_free(struct cal *);
enum cal_kind cal_kind_of(const struct cal *, cal_day);
const char *cal_name_of(const struct cal *, cal_day);	/* "" if none */
enum cal_year cal_year_status(const struct cal *, int year);
/* Is the day in a year without an official notice? */
int	 cal_provisional(const struct cal *, cal_day);
/* The first day in (from, to] of a year without an official notice, or
   -1 when every day of it is official. */
cal_day	 cal_first_provisional(const struct cal *, cal_day from, cal_day to);
/* Is the day worked?  1, 0, or -1 before the calendar's first year. */
int	 cal_is_workday(const struct cal *, cal_day);
/* The nth working day after start (start itself not counted).  0, or -1
   when start is before the calendar. */
int	 cal_add_workdays(const struct cal *, cal_day start, int n, cal_day *out);
/* Working days in (from, to]: 0 if to <= from; -1 before the calendar. */
int	 cal_workdays_between(const struct cal *, cal_day from, cal_day to);

#endif

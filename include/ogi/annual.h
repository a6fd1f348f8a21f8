/*
 * annual: the annual report's statistics table, in any format described
 * by data files (formats.csv and the files it names): the rows in printed
 * order with their labels as the official form prints them, each row's
 * source (heading, entered, computed:<metric>, sum:<codes>), the column
 * sets, the mapping of outcome codes to rows, and the consistency checks.
 *
 * Values are kept in hundredths, so that 万元 amounts with two decimals
 * are exact.  A cell that does not exist (a heading) holds AN_NONE.
 */
#ifndef OGI_ANNUAL_H
#define OGI_ANNUAL_H

#include <stddef.h>

#include "ogi/buf.h"
#include "ogi/case.h"

#define AN_NONE (-1LL)

struct an_col {
	char	*code, *label, *group, *sum;	/* sum: "a+b" or "" */
};

struct an_colset {
	char		*name;
	struct an_col	*col;
	size_t		 ncol;
};

struct an_row {
	char			*code, *section, *label, *unit, *source;
	int			 level;
	struct an_colset	*cs;
};

struct an_check {
	char	*left, *right, *label;
};

struct an_format {
	char		*name, *title;
	int		 from, to, grid;
	struct an_row	*row;
	size_t		 nrow;
	struct an_colset *set;
	size_t		 nset;
	char		**map_outcome, **map_row;	/* outcome code → row code */
	size_t		 nmap;
	struct an_check	*chk;
	size_t		 nchk;
};

struct an_formats {
	struct an_format *f;
	size_t		  n;
};

int	an_load(struct an_formats *, const char *conf_dir, const char **why);
void	an_free(struct an_formats *);
const struct an_format *an_format_for(const struct an_formats *, int year);
/* Row and column indexes by code, or -1. */
int	an_row_index(const struct an_format *, const char *code);
int	an_col_index(const struct an_colset *, const char *code);

/* The entered cells and the report's particulars of one agency's year. */
struct an_entry {
	char		*code, *column;		/* meta: code "meta", column the key */
	char		*value;
};

struct an_year {
	char		*path;			/* DATA/annual/AGENCY-YEAR.csv */
	struct an_entry	*e;
	size_t		 n;
};

#define AN_META_KEYS 7
extern const char *const an_meta_keys[AN_META_KEYS];	/* 填报单位 … */
extern const char *const an_meta_labels[AN_META_KEYS];

int	an_year_load(struct an_year *, const char *data_dir, const char *agency,
	    int year);
void	an_year_free(struct an_year *);
const char *an_year_get(const struct an_year *, const char *code,
	    const char *column);
void	an_year_set(struct an_year *, const char *code, const char *column,
	    const char *value);
int	an_year_save(const struct an_year *);
/* Published: a snapshot of every cell (code "cell:ROW") and the date. */
int	an_year_published(const struct an_year *);

/* Parse "12", "0.5", "1,234.25" into hundredths; -1 unless valid. */
int	an_parse_value(const char *, int decimals, long long *);
void	an_format_value(struct buf *, long long, const char *unit);

struct an_table {
	const struct an_format	*f;
	int			 year;
	long long		**v;		/* [row][col] */
};

/* Compute a year's table for a set of agencies: computed cells from the
   records, entered cells from the years' files (summed), then the sums. */
void	an_compute(struct an_table *, const struct an_format *, struct cases *,
	    const char *const *agencies, size_t nagencies,
	    struct an_year *const *entered, size_t nentered, int year);
/* The table as published (from the snapshot). */
int	an_from_snapshot(struct an_table *, const struct an_format *,
	    const struct an_year *, int year);
void	an_table_free(struct an_table *);
/* Publish: every cell of t into the year's snapshot, dated published. */
void	an_snapshot(struct an_year *, const struct an_table *, cal_day published);

/* Each check that fails, as a line of Chinese naming rows and difference. */
size_t	an_checks(const struct an_table *, const struct an_table *next,
	    struct buf *out);

/* Applications received per month and concluded per outcome group, for
   the chart. */
void	an_months(struct cases *, const char *const *agencies, size_t n,
	    int year, size_t out[12]);


/* Agencies: data/agencies.csv (code, name, parent), else the site's one. */
struct an_agency {
	char	*code, *name, *parent;
};
struct an_agencies {
	struct an_agency *a;
	size_t		  n;
};
struct site;
int	an_agencies_load(struct an_agencies *, const struct site *, const char **why);
void	an_agencies_free(struct an_agencies *);
const struct an_agency *an_agency(const struct an_agencies *, const char *code);
int	an_has_children(const struct an_agencies *, const char *code);
/* The codes a table covers: the agency, and with rollup its descendants. */
size_t	an_scope(const struct an_agencies *, const char *code, int rollup,
	    const char **out, size_t max);

/* Rendering, as the official form lays the table out. */
void	an_html(struct buf *, const struct an_table *, const struct an_year *meta,
	    const char *unit_name);
void	an_csv(struct buf *, const struct an_table *);
void	an_chart(struct buf *, const struct an_table *, const size_t months[12]);

#endif

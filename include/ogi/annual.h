/*
 * annual: the annual report's statistics table, in any format described
 * by data files (formats.csv and the files it names): the rows in printed
 * order with their labels as the official form prints them, each row's
 * decimals and source (heading, entered, computed:<metric>, sum:<codes>),
 * the column sets, the mapping of outcome codes to rows, and the
 * consistency checks.
 *
 * The files, by concern:
 *   annual-format.c   formats.csv and the files it names, checked against
 *                     the outcome codes and the vocabulary: an unknown
 *                     metric, outcome, row, column, column set or check
 *                     stops the load with the file, its line and the value
 *   annual-vocab.c    the vocabulary: metrics, review and suit columns,
 *                     applicant types, "a+b" expressions
 *   annual-year.c     a year's entered file (DATA/annual/AGENCY-YEAR.csv)
 *   annual-agency.c   agencies.csv and the roll-up's scope
 *   annual-compute.c  the table from the records and the entered files
 *   annual-table.c    numbers in hundredths, the published snapshot
 *   annual-check.c    the consistency checks
 *   annual-html.c, annual-chart.c, annual-csv.c   rendering
 *
 * Values are kept in hundredths, so that amounts with two decimals are
 * exact.  A cell that does not exist (a heading) holds AN_NONE.
 */
#ifndef OGI_ANNUAL_H
#define OGI_ANNUAL_H

#include <stddef.h>

#include "ogi/buf.h"
#include "ogi/case.h"

#define AN_NONE (-1LL)
#define AN_MAX_DECIMALS 2	/* hundredths */
#define AN_MAX_LABEL	120	/* a row's label, in characters */

/* "a+b": rows of the format, or columns of a set, resolved at load. */
struct an_terms {
	int	*i;			/* indexes */
	size_t	 n;
	int	 next;			/* a check's "next:a+b": next year's */
};

/* A column of the litigation set: what a computed:by_column row counts. */
enum an_lit {
	AN_LIT_NONE = 0,
	AN_LIT_REVIEW,			/* review:<result> (行政复议) */
	AN_LIT_SUIT,			/* suit:<result>, direct or after review */
	AN_LIT_SUIT_DIRECT,		/* suit_direct:<result> */
	AN_LIT_SUIT_AFTER		/* suit_after:<result> */
};
/* A review's or suit's result: upheld, corrected, other, open (not yet
   decided at the year's end); NULL-terminated. */
extern const char *const an_results[];

/* The column set whose columns are applicant types (person, business …). */
#define AN_SET_APPLICANT "applicant"

struct an_col {
	char		*code, *label, *group, *sum;	/* sum: "a+b" or "" */
	struct an_terms	 parts;		/* the sum's columns, none if "" */
	enum an_lit	 lit;		/* by "review:upheld" etc. */
	int		 lit_result;	/* index in an_results, or -1 */
	int		 line;		/* its line in the columns file */
};

struct an_colset {
	char		*name;
	struct an_col	*col;
	size_t		 ncol;
};

enum an_source { AN_HEADING, AN_ENTERED, AN_COMPUTED, AN_SUM };

/* What a computed:<metric> row counts. */
enum an_metric {
	AN_M_NONE = 0,			/* not computed */
	AN_M_RECEIVED,			/* received:<channel>, arg its index
					   in app_channels */
	AN_M_ON_TIME,			/* concluded:on_time */
	AN_M_EXTENDED,			/* concluded:extended */
	AN_M_ANSWER,			/* answer, result: the outcome map */
	AN_M_NEW,			/* received in the year */
	AN_M_CARRIED_IN,
	AN_M_CARRIED_OUT,
	AN_M_REVIEW,			/* review:<result>, arg its index */
	AN_M_SUIT,			/* suit:<result> */
	AN_M_BY_COLUMN,			/* each column a litigation column */
	AN_M_FEES			/* fees: 信息处理费 paid in the year, in
					   the row's unit (元 or 万元) */
};

struct an_row {
	char			*code, *section, *label, *unit, *source;
	int			 level, decimals;
	struct an_colset	*cs;
	enum an_source		 src;
	enum an_metric		 metric;
	int			 arg;
	struct an_terms		 sum;	/* AN_SUM: the rows it adds */
	int			 line;	/* its line in the rows file */
};

struct an_check {
	char		*left, *right, *label;
	struct an_terms	 l, r;		/* rows of the same column set */
};

struct an_format {
	char		*name, *title;
	int		 from, to, grid;
	struct an_row	*row;
	size_t		 nrow;
	struct an_colset *set;
	size_t		 nset;
	char		**map_outcome, **map_row;	/* outcome code → row code */
	int		*map_ri;			/* … → row index */
	size_t		 nmap;
	struct an_check	*chk;
	size_t		 nchk;
};

struct an_formats {
	struct an_format *f;
	size_t		  n;
};

/*
 * The vocabulary a format may use: a metric after "computed:" (0, or -1
 * when unknown); a review or suit column ("review:upheld": AN_LIT_REVIEW
 * and the result's index, else AN_LIT_NONE); an applicant type of the
 * applicant set (1 if known); "a+b" (with allow_next also "next:a+b") into
 * the indexes at(in, code) gives, or -1 with the code at does not know in
 * *bad, *badlen (0: an empty code) and nothing to free.
 */
int	an_metric_parse(const char *, enum an_metric *, int *arg);
enum an_lit an_lit_parse(const char *code, int *result);
int	an_applicant_type(const char *code);
int	an_terms_parse(struct an_terms *, const char *expr, int allow_next,
	    int (*at)(const void *, const char *), const void *in,
	    const char **bad, size_t *badlen);

/* -1 and *why ("FILE:LINE: unknown metric \"x\"") on any error. */
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

/* A missing file is an empty year. */
int	an_year_load(struct an_year *, const char *data_dir, const char *agency,
	    int year);
/* The same, saying in err what could not be read ("PATH: row N: …"). */
int	an_year_read(struct an_year *, const char *data_dir, const char *agency,
	    int year, struct buf *err);
void	an_year_free(struct an_year *);
const char *an_year_get(const struct an_year *, const char *code,
	    const char *column);
void	an_year_set(struct an_year *, const char *code, const char *column,
	    const char *value);
/*
 * Write y whole over its file (under the file's lock, but not read under
 * it): for a writer no one else can race, as a generator of test data.
 * Every change made by a program that serves requests goes through
 * an_year_update instead.
 */
int	an_year_save(const struct an_year *);
/*
 * Change one agency's year under the lock of its file (store_update on
 * DATA/annual/AGENCY-YEAR.csv): fn gets the year as it is on disk now,
 * read afresh and strictly under the lock, and changes it; when fn returns
 * 0 the year is written back atomically before the lock is let go.  A
 * check that decides whether the change may be made at all ("is the year
 * published?") belongs in fn, where it sees what will be written over:
 * a decision taken on a copy read before the lock can be undone by a
 * concurrent writer (a save that un-publishes a table published
 * meanwhile).  fn refuses with a positive value, which an_year_update
 * returns, writing nothing; 0 once written; -1 when the file cannot be
 * read (a bad row, a half row) or written.  fn must not change this year
 * again itself (the lock is not recursive).
 */
typedef int	an_year_fn(void *ctx, struct an_year *);
int	an_year_update(const char *data_dir, const char *agency, int year,
	    an_year_fn *fn, void *ctx);
/* Published: a snapshot of every cell (code "cell:ROW") and the date. */
int	an_year_published(const struct an_year *);

/* Parse "12", "0.5", "1,234.25" into hundredths; -1 unless valid. */
int	an_parse_value(const char *, int decimals, long long *);
/* Hundredths with at most decimals places, trailing zeros dropped. */
void	an_format_value(struct buf *, long long, int decimals);

struct an_table {
	const struct an_format	*f;
	int			 year;
	long long		**v;		/* [row][col] */
};

/* Every cell AN_NONE. */
void	an_table_init(struct an_table *, const struct an_format *, int year);
/* Compute a year's table for a set of agencies: computed cells from the
   records, entered cells from the years' files (summed), then the sums. */
void	an_compute(struct an_table *, const struct an_format *, struct cases *,
	    const char *const *agencies, size_t nagencies,
	    struct an_year *const *entered, size_t nentered, int year);
/*
 * The live table of scope[0]'s year and, for a roll-up (汇总), of the
 * agencies under it: every scope agency's entered file is read from
 * data_dir, except that own, when not NULL, stands for scope[0]'s.  -1,
 * no table and the reason in err when a file cannot be read or an entered
 * cell is not a number: a roll-up never sums a department as empty.
 */
int	an_compute_scope(struct an_table *, const struct an_format *,
	    struct cases *, const char *data_dir, const char *const *scope,
	    size_t nscope, struct an_year *own, int year, struct buf *err);
/* The table as published (from the snapshot); -1 and no table when a
   cell is missing or not a number. */
int	an_from_snapshot(struct an_table *, const struct an_format *,
	    const struct an_year *, int year);
void	an_table_free(struct an_table *);
/* Publish: every cell of t into the year's snapshot, dated published
   (meta "published"; the first publication's day stays in meta
   "first_published"). */
void	an_snapshot(struct an_year *, const struct an_table *, cal_day published);

/* Each check that fails, as a line of Chinese naming rows and difference.
   A check of next year's rows is made only when next has t's format. */
size_t	an_checks(const struct an_table *, const struct an_table *next,
	    struct buf *out);
/* Each cell where now differs from was (a published snapshot of the same
   format), as a line "ROW（COLUMN）：已发布 1，现为 2"; how many. */
size_t	an_diff(const struct an_table *was, const struct an_table *now,
	    struct buf *out);

/* The 信息处理费 collected in the year by these agencies, in 元: the
   amounts of the fee_paid steps dated in the year. */
long long an_fees_collected(struct cases *, const char *const *agencies,
	    size_t n, int year);

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

/*
 * Agency scope: may a staff account of agency own (an admin or not) see
 * and change the cases and tables of agency code?  An account works for
 * its own agency and, with agencies.csv, for every agency below it (its
 * departments, and theirs).  An admin of the top agency (top: the site's
 * own, site.csv agency) reaches every agency, those agencies.csv does not
 * name included.  An admin of any other agency reaches what a clerk of it
 * reaches; what makes it an admin there is that it may change its scope's
 * published tables (the desk keeps accounts and holidays for admins of the
 * top agency).  An account without an agency reaches none.  1 or 0.
 */
int	an_reaches(const struct an_agencies *, const char *top, const char *own,
	    int admin, const char *code);

/*
 * A table laid out as the official form draws it, for every renderer
 * (an_html, the report's PDF): parts, each a grid of cells with their
 * spans.  The 2008-era list is one part of three columns (统计指标, 单位,
 * 统计数); the 2021 grid a part per section (or per small table of a
 * section), its column headers first (nhead rows), then a row per row of
 * the format, group labels spanning the rows beneath them.
 */
enum an_cell_kind {
	AN_C_CORNER,		/* the applicant grid's corner note */
	AN_C_TOP,		/* 申请人情况 over the applicant columns */
	AN_C_CONTENT,		/* 信息内容 over the label columns */
	AN_C_COLGROUP,		/* a column group's header */
	AN_C_COL,		/* a column's header (the list's too) */
	AN_C_ROWGROUP,		/* a group's label, over the rows beneath */
	AN_C_LABEL,		/* a row's label */
	AN_C_UNIT,		/* the list's unit */
	AN_C_NUM		/* a value */
};

struct an_cell {
	enum an_cell_kind	 kind;
	int			 row, col, rows, cols;	/* place and spans */
	const char		*text;		/* borrowed; NUM: NULL */
	size_t			 len;
	const struct an_row	*r;		/* LABEL, NUM: its row */
	const struct an_col	*c;		/* NUM in a grid: its column */
	char			 value[32];	/* NUM: as printed ("——": none) */
};

struct an_part {
	const char	*title;		/* a section title printed before, or NULL */
	size_t		 title_len;
	const char	*subhead;	/* a small table's name, or NULL */
	const char	*name;		/* what the table is (for a label) */
	size_t		 name_len;
	int		 list;		/* the 2008-era list */
	int		 nhead, nrow, ncol;	/* rows: nhead of headers first */
	struct an_cell	*cell;		/* by row, then column */
	size_t		 ncell;
};

struct an_parts {
	struct an_part	*p;
	size_t		 n;
};

/* The parts of t: all (only NULL), or those of the grid's section titled
   only, without their title (a report prints its own). */
void	an_layout(struct an_parts *, const struct an_table *, const char *only);
void	an_layout_free(struct an_parts *);

/* Rendering, as the official form lays the table out. */
void	an_html(struct buf *, const struct an_table *, const struct an_year *meta,
	    const char *unit_name);
/* The same under another annex label ("附件1"); only the rows of the
   grid's section titled title, for a report that prints them in place. */
void	an_html_annex(struct buf *, const struct an_table *,
	    const struct an_year *meta, const char *unit_name, const char *annex);
void	an_html_section(struct buf *, const struct an_table *, const char *title);
void	an_csv(struct buf *, const struct an_table *);
void	an_chart(struct buf *, const struct an_table *, const size_t months[12]);

#endif

/*
 * report: the whole annual report (政府信息公开工作年度报告) around its
 * statistics table, as data files beside the table formats:
 *
 *   report-sections.csv  (format, key, title, kind, draft): each format's
 *                        sections in printed order.  kind "text" is
 *                        narrative; "table" is a lead paragraph and the
 *                        format's rows of the section titled so, in place
 *                        (2021: 二, 三, 四); "annex" is the whole table
 *                        after the text, titled so (2008-era: 附件1).  A
 *                        section with a draft names the sentences of
 *                        report-texts.csv that ogi drafts for it.
 *   report-figures.csv   (format, figure, label, cells, words): a number the
 *                        text may use, as the sum of table cells "ROW" or
 *                        "ROW/COLUMN" joined by "+", and the words ("a|b")
 *                        by which the text-table check knows a number in
 *                        the narrative counts it: the first figure in file
 *                        order whose word the clause holds.
 *   report-texts.csv     (format, key, when, text): the drafted sentences,
 *                        in order; a row counts when its conditions hold
 *                        ("a+b=0", "a>0", "a=b", joined by "&"); {figure}
 *                        and the site's {body} {year} {website} {address}
 *                        {postcode} {phone} {fax} {email} {hours} are
 *                        filled in.
 *
 * Every name is checked at load: an unknown format, kind, row, column,
 * figure, placeholder or draft stops the program with "FILE:LINE: ...".
 * The report's text is kept in the year's file (code "text", column the
 * section's key) and published with its table.
 */
#ifndef OGI_REPORT_H
#define OGI_REPORT_H

#include "ogi/annual.h"
#include "ogi/buf.h"

struct site;

enum report_kind { RK_TEXT, RK_TABLE, RK_ANNEX };

struct report_section {
	char			*key, *title, *draft;
	enum report_kind	 kind;
};

struct report_cell {
	int	row, col;
};

struct report_figure {
	char			*name, *label, **words;
	size_t			 nwords;
	struct report_cell	*cell;
	size_t			 ncell;
};

/* A condition: the sum of figures lhs compared with 0 (rhs_zero) or with
   the sum rhs; op '=' or '>'. */
struct report_cond {
	int	*lhs, *rhs;
	size_t	 nlhs, nrhs;
	char	 op;
};

struct report_text {
	char			*key, *text;
	struct report_cond	*cond;
	size_t			 ncond;
};

struct report_format {
	const struct an_format	*f;
	struct report_section	*sec;
	size_t			 nsec;
	struct report_figure	*fig;
	size_t			 nfig;
	struct report_text	*txt;
	size_t			 ntxt;
};

struct reports {
	struct report_format	*r;
	size_t			 n;
};

/* -1 and *why ("FILE:LINE: ...") on any error. */
int	report_load(struct reports *, const struct an_formats *,
	    const char *conf_dir, const char **why);
void	report_free(struct reports *);
/* The report of a table format, or NULL. */
const struct report_format *report_for(const struct reports *,
	    const struct an_format *);

/* A figure's value in hundredths (a missing cell counts 0). */
long long report_figure(const struct report_figure *, const struct an_table *);

/* The drafted text of section sec (nothing when it has no draft), from the
   computed table t, the site's contact lines and the body's name. */
void	report_draft(struct buf *, const struct report_format *,
	    const struct report_section *, const struct an_table *,
	    const struct site *, const char *body);

/*
 * The text-table check: each number followed by 件 in text — in digits,
 * ASCII or full width, or in Chinese numerals (两件, 十二件; not 第一件) —
 * whose clause holds a figure's word and differs from the table adds a
 * line of Chinese to out ("「…」：文中为2件，统计表“收到申请数”为1件";
 * "文中为两件（2件）"); never a change.
 * Returns the number of lines added.
 */
size_t	report_check(const struct report_format *, const struct an_table *,
	    const char *text, struct buf *out);

/* The same over every section's text in y (code "text"). */
size_t	report_check_year(const struct report_format *, const struct an_table *,
	    const struct an_year *y, struct buf *out);

/* The whole report as HTML: title, sections in order with their text
   (from y, code "text") and tables in place or as an annex. */
void	report_html(struct buf *, const struct report_format *,
	    const struct an_table *, const struct an_year *y, const char *body);
/* The next paragraph of a section's text from *at on — a line, as typed
   (numbering such as ㈠ or ⒈ kept), without its leading blanks and CR —
   its length in *len; NULL after the last. */
const char *report_para(const char **at, size_t *len);
/* Has y any report text? */
int	report_has_text(const struct report_format *, const struct an_year *);

#endif
